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
    // Files named one by one keep their places under their common folder.
    assert!(
        !dir.path()
            .join("tests/fixtures/reference/001-can-gio.pdf")
            .exists()
    );
    assert!(
        dir.path()
            .join("plans/kh-ubnd-que-chau-thi-dua.pdf")
            .exists(),
        "a failing plan does not stop the others"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("date-not-on-calendar"));
    assert!(stdout(&o).contains("✗ tests/fixtures/reference/001-can-gio.yaml"));
}

#[test]
fn an_appendix_chart_is_drawn_with_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let o = build(dir.path(), &["tests/fixtures/build/chart.yaml"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let text = pdf_text(&dir.path().join("chart.pdf"));
    // Table then chart: each percentage appears twice.
    assert_eq!(text.matches("25,00%").count(), 2, "{text}");
    assert_eq!(text.matches("80,00%").count(), 2, "{text}");
    assert!(
        text.contains("Số: 07/CT-UBND") && text.contains("ngày 02 tháng 02 năm 2024"),
        "{text}"
    );
    assert!(
        text.contains(
            "(Kèm theo Chỉ thị số 07/CT-UBND ngày 02 tháng 02 năm 2024 của UBND huyện B)"
        ),
        "{text}"
    );
}

#[test]
fn the_pdf_is_pdf_a_with_the_plans_metadata() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        code(&build(dir.path(), &["plans/135-kh-bcd-can-gio.yaml"])),
        0
    );
    let bytes = std::fs::read(dir.path().join("135-kh-bcd-can-gio.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>")
            && raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "PDF/A-2b"
    );
    assert!(raw.contains("Mở chiến dịch cấp và kích hoạt tài khoản định danh điện tử mức 2 trên địa bàn huyện Cần Giờ"), "title = subject");
    assert!(
        raw.contains("BAN CHỈ ĐẠO THỰC HIỆN ĐỀ ÁN 06"),
        "author = authority"
    );
    assert!(raw.contains("2023-06-27"), "date = the plan's date");
    assert!(
        raw.contains("/Lang (vi)") || raw.contains("<dc:language><rdf:Bag><rdf:li>vi</rdf:li>"),
        "language vi"
    );
}

/// A copy of the built-in Typst templates in DIR/templates, for a test to break.
fn copy_templates(dir: &Path) -> std::path::PathBuf {
    let templates = dir.join("templates");
    std::fs::create_dir(&templates).unwrap();
    for entry in std::fs::read_dir(root().join("templates/typst")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, templates.join(path.file_name().unwrap())).unwrap();
    }
    templates
}

#[test]
fn template_and_compile_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let templates = copy_templates(dir.path());
    // A Typst error on line 3 of the template folder's nd30.typ.
    std::fs::write(
        templates.join("nd30.typ"),
        format!(
            "// broken\n\n#let x = (\n{}",
            include_str!("../templates/typst/nd30.typ")
        ),
    )
    .unwrap();
    let t = templates.to_str().unwrap();
    let o = build(
        dir.path(),
        &["plans/kh-ubnd-que-chau-thi-dua.yaml", "--templates", t],
    );
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("templates/typst/nd30.typ:3"),
        "{}",
        stdout(&o)
    );
    // A Tera error: an unclosed tag on line 2 of parts.typ.tera.
    std::fs::write(
        templates.join("parts.typ.tera"),
        "{# parts #}\n{% macro runs(r) %}\n",
    )
    .unwrap();
    let o = build(
        dir.path(),
        &["plans/kh-ubnd-que-chau-thi-dua.yaml", "--templates", t],
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("parts.typ.tera") && err.contains("--> 3:1"),
        "{err}"
    );
}

#[test]
fn the_template_folder_is_a_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let templates = copy_templates(dir.path());
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    replace_in(
        &templates.join("chi-thi.typ.tera"),
        "#import \"nd30.typ\": *",
        "#import \"nd30.typ\": *\n#read(\"../secret.txt\")",
    );
    let t = templates.to_str().unwrap();
    let o = build(
        dir.path(),
        &["tests/fixtures/build/chart.yaml", "--templates", t],
    );
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(!dir.path().join("chart.pdf").exists());
    // A link inside the folder to a file outside it is refused too.
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), templates.join("link.txt")).unwrap();
    let chi_thi = std::fs::read_to_string(templates.join("chi-thi.typ.tera")).unwrap();
    std::fs::write(
        templates.join("chi-thi.typ.tera"),
        chi_thi.replace("../secret.txt", "link.txt"),
    )
    .unwrap();
    let o = build(
        dir.path(),
        &["tests/fixtures/build/chart.yaml", "--templates", t],
    );
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("link.txt") || stdout(&o).contains("denied"),
        "{}",
        stdout(&o)
    );
}

/// A small plan whose items have deadlines on the given days of June and July 2023.
fn plan_with_deadlines(days: &[&str]) -> String {
    let mut text = String::from(
        "kind: ke-hoach\nauthority: { name: UBND XÃ A, code: UBND }\nplace: A\ndate: 01/6/2023\nsubject: Thử\nsigner: { title: CHỦ TỊCH }\nitems:\n",
    );
    for d in days {
        text.push_str(&format!("  - text: Việc\n    deadline: {d}\n"));
    }
    text
}

#[test]
fn a_built_plan_shows_its_warnings_under_its_line_and_quiet_hides_them() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("mot.yaml");
    std::fs::write(&one, plan_with_deadlines(&["04/6/2023"])).unwrap();
    let out = dir.path().join("out");
    let o = kehoach(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        one.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("✓"), "{}", stdout(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("deadline-on-sunday"), "{err}");
    assert!(err.contains("mot.yaml:9:15"), "{err}");

    let o = kehoach(&[
        "build",
        "-q",
        "--force",
        "--out",
        out.to_str().unwrap(),
        one.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("deadline-on-sunday"));

    let six = dir.path().join("sau.yaml");
    let sundays = [
        "04/6/2023",
        "11/6/2023",
        "18/6/2023",
        "25/6/2023",
        "02/7/2023",
        "09/7/2023",
    ];
    std::fs::write(&six, plan_with_deadlines(&sundays)).unwrap();
    let o = kehoach(&[
        "build",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
        six.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("deadline-on-sunday"), "{err}");
    assert!(
        err.contains(&format!(
            "6 warnings; see them with `kehoach check {}`",
            six.display()
        )),
        "{err}"
    );
}
