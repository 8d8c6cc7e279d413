//! `kehoach build`, run as a user runs it: PDFs read back with a pure-Rust text extractor.

mod common;

use std::path::Path;

use common::*;

fn build(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = dir.to_str().unwrap();
    let mut all = vec!["build", "--out", out];
    all.extend_from_slice(args);
    kehoach(&all)
}

fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    // Words, in order, whatever the line breaks.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_plan_and_the_sketch_build_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    let o = build(dir.path(), &["plans", sketch.to_str().unwrap()]);
    assert_eq!(
        code(&o),
        0,
        "{}\n{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    for name in [
        "135-kh-bcd-can-gio",
        "kh-ubnd-vinh-bao-dinh-danh",
        "kh-ubnd-que-chau-thi-dua",
        "plan",
    ] {
        let pdf = dir.path().join(format!("{name}.pdf"));
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{name}");
    }
    let text = pdf_text(&dir.path().join("135-kh-bcd-can-gio.pdf"));
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND HUYỆN CẦN GIỜ",
        "BAN CHỈ ĐẠO THỰC HIỆN ĐỀ ÁN 06",
        "Số: 135/KH-BCĐ",
        "Cần Giờ, ngày 27 tháng 6 năm 2023",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "trước ngày 30 tháng 6 năm 2023",
        "(Kèm theo Kế hoạch số 135/KH-BCĐ ngày 27 tháng 6 năm 2023 của Ban Chỉ đạo thực hiện Đề án 06 huyện Cần Giờ)",
        "66.392",
        "7.979",
        "454",
        "Nơi nhận:",
        "- Lưu: VT, CAH-Đức, Thg.",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF text:\n{text}"
        );
    }
    assert!(!text.contains("Côn Giả"));
    let draft = pdf_text(&dir.path().join("kh-ubnd-vinh-bao-dinh-danh.pdf"));
    assert!(
        draft.contains("Số: /KH-UBND"),
        "a draft leaves the number blank: {draft}"
    );
    assert!(draft.contains("Vĩnh Bảo, ngày tháng 5 năm 2023"), "{draft}");
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let sketch = shared("format-sketch/plan.yaml");
    let s = sketch.to_str().unwrap();
    assert_eq!(code(&build(a.path(), &[s])), 0);
    assert_eq!(code(&build(b.path(), &[s])), 0);
    assert_eq!(
        std::fs::read(a.path().join("plan.pdf")).unwrap(),
        std::fs::read(b.path().join("plan.pdf")).unwrap()
    );
}

#[test]
fn a_hostile_subject_prints_literally_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("hostile.yaml");
    let subject =
        r##"#read("/etc/passwd") $x^2$ <lbl> @ref ] **đậm** \ // /* "quoted" 'x' -- 1. = + ~"##;
    std::fs::write(
        &plan,
        format!(
            "kind: ke-hoach\nauthority: {{ name: UBND XÃ A, code: UBND }}\nplace: Xã A\ndate: 05/6/2023\n\
             subject: '{}'\nsigner: {{ title: CHỦ TỊCH, name: '#sys.inputs' }}\n",
            subject.replace('\'', "''")
        ),
    )
    .unwrap();
    let o = build(dir.path(), &[plan.to_str().unwrap(), "--to", "pdf,typ"]);
    assert_eq!(
        code(&o),
        0,
        "{}\n{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    let text = pdf_text(&dir.path().join("hostile.pdf"));
    assert!(
        text.contains(r#"#read("/etc/passwd") $x^2$ <lbl> @ref ]"#),
        "{text}"
    );
    assert!(
        text.contains(r#"\ // /* "quoted" 'x' -- 1. = + ~"#),
        "{text}"
    );
    assert!(text.contains("#sys.inputs"), "{text}");
    assert!(!text.contains("root:"), "no file was read");
    let typ = std::fs::read_to_string(dir.path().join("hostile.typ")).unwrap();
    assert!(typ.contains(r"\#read\("), "{typ}");
}

#[test]
fn a_plan_with_a_check_error_builds_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let o = build(
        dir.path(),
        &[
            "tests/fixtures/reference/001-can-gio.yaml",
            "plans/kh-ubnd-que-chau-thi-dua.yaml",
        ],
    );
    assert_eq!(code(&o), 1);
    assert!(!dir.path().join("001-can-gio.pdf").exists());
    assert!(
        dir.path().join("kh-ubnd-que-chau-thi-dua.pdf").exists(),
        "a failing plan does not stop the others"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("date-not-on-calendar"));
    assert!(stdout(&o).contains("✗ tests/fixtures/reference/001-can-gio.yaml"));
}
