//! Plans as offices write them (issue: real plans): Vietnamese numbers inline, dates in ranges,
//! deadline phrases, paragraphs, numbered and one-paragraph duties, stacked signatures,
//! allocation by what is left, YAML pitfalls told in Vietnamese, outputs that never collide.

mod common;

use std::path::Path;

use common::*;

fn diags(path: &str) -> Vec<(u64, u64, String)> {
    let (_, d) = check_json(&["--lang", "en", path]);
    places(&d)
        .into_iter()
        .map(|(_, l, c, code)| (l, c, code))
        .collect()
}

fn messages(path: &str) -> Vec<String> {
    let (_, d) = check_json(&["--lang", "en", path]);
    d.iter()
        .map(|d| {
            format!(
                "{} | {}",
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn typ(plan: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&build_to(dir.path(), "typ", &[plan]));
    let stem = Path::new(plan).file_stem().unwrap().to_str().unwrap();
    // Plan text is escaped for Typst markup, and places and dates are joined with no-break
    // spaces: compare it unescaped, as a reader reads it.
    let text = std::fs::read_to_string(dir.path().join(format!("{stem}.typ")))
        .unwrap()
        .replace('\\', "")
        .replace('\u{a0}', " ");
    // Where each text is written (for the preview) is not what these tests read.
    regex::Regex::new(r#", at: "[^"]*"|#source\("[^"]*"\)"#)
        .unwrap()
        .replace_all(&text, "")
        .into_owned()
}

fn appendix_json(plan: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["appendix", "--format", "json", plan];
    args.extend_from_slice(extra);
    let o = kehoach(&args);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

const PROVINCE: &str = "tests/fixtures/province/ke-hoach-tinh.yaml";

#[test]
fn the_province_plan_checks_clean_and_its_figures_are_read_the_vietnamese_way() {
    let (status, d) = check_json(&[PROVINCE]);
    assert_eq!((status, d.len()), (0, 0), "{d:#?}");
    let t = &appendix_json(PROVINCE, &[])[0];
    let row = |i: usize, k: &str| t["rows"][i][k].as_i64().unwrap();
    // `done: 1.000` is one thousand, `"12.040"` quoted is twelve thousand and forty.
    assert_eq!((row(0, "eligible"), row(0, "done")), (61250, 1000));
    assert_eq!(row(2, "done"), 12040);
    // `total: 264.720` is allocated whole, by what is left to do (a formula column).
    assert_eq!(t["totals"]["quota"].as_i64().unwrap(), 264720);
    let quotas: i64 = (0..3).map(|i| row(i, "quota")).sum();
    assert_eq!(quotas, 264720);
    assert_eq!((row(0, "left"), row(0, "quota")), (60250, 60364));
}

#[test]
fn a_dot_that_is_not_a_thousands_separator_is_an_error_at_its_row() {
    assert_eq!(
        diags("tests/fixtures/real/numbers.yaml"),
        vec![
            (13, 35, "number-format".to_owned()),
            (14, 17, "duplicate-unit".to_owned()),
        ]
    );
    let m = messages("tests/fixtures/real/numbers.yaml");
    assert!(
        m[0].contains("write `1,5`") && m[0].contains("write `15`"),
        "{m:?}"
    );
}

#[test]
fn inline_figures_follow_the_same_rule_as_a_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    let text = std::fs::read_to_string(fixture("real/numbers.yaml"))
        .unwrap()
        .replace("eligible: 1.5,", "eligible: 1.500,")
        .replace(
            "{ unit: Thôn A, eligible: 2.250, done: 0 }",
            "{ unit: Thôn C, eligible: 2.250, done: 0 }",
        );
    std::fs::write(&plan, text).unwrap();
    let t = &appendix_json(plan.to_str().unwrap(), &[])[0];
    let eligible: Vec<i64> = (0..3)
        .map(|i| t["rows"][i]["eligible"].as_i64().unwrap())
        .collect();
    assert_eq!(eligible, vec![1000, 1500, 2250]);
    // `done: 12,5` inside `{ … }` is twelve and a half, not two cells.
    assert_eq!(t["rows"][1]["done"].as_f64().unwrap(), 12.5);
    assert_eq!(
        t["rows"][0]["done"].as_i64().unwrap(),
        1250,
        "\"1250\" quoted"
    );
    let quotas: i64 = (0..3)
        .map(|i| t["rows"][i]["quota"].as_i64().unwrap())
        .sum();
    assert_eq!(quotas, 264720, "`total: 264.720`");
}

#[test]
fn dates_in_ranges_lists_and_months_are_checked_at_both_ends() {
    assert_eq!(
        diags("tests/fixtures/real/dates.yaml"),
        vec![
            // "31/6/2023-31/9/2023": both ends
            (9, 21, "date-not-on-calendar".to_owned()),
            (9, 31, "date-not-on-calendar".to_owned()),
            // "15/9/2023-27/6/2023"
            (11, 13, "range-reversed".to_owned()),
            // "ngày 31 và 28/6/2023"
            (12, 44, "date-not-on-calendar".to_owned()),
            // "tháng 13/2023"
            (13, 25, "date-not-on-calendar".to_owned()),
            // "Đến ngày 20/9/2023 phải hoàn thành", "Chậm nhất ngày 21/9/2023",
            // "Xong trước ngày 22/9/2023", "Hoàn thành trong tháng 10/2023"
            (14, 14, "deadline-after-period".to_owned()),
            (15, 20, "deadline-after-period".to_owned()),
            (16, 21, "deadline-after-period".to_owned()),
            (17, 28, "deadline-after-period".to_owned()),
        ]
    );
}

#[test]
fn a_blank_line_starts_a_new_paragraph_in_pdf_and_docx() {
    let t = typ(PROVINCE);
    assert!(t.contains("#par([Thực hiện chỉ đạo"), "{t}");
    assert!(
        t.contains("#par([Kế hoạch này áp dụng trên địa bàn toàn tỉnh.])"),
        "{t}"
    );
    let dir = tempfile::tempdir().unwrap();
    let o = kehoach(&[
        "build",
        "--to",
        "docx",
        "--out",
        dir.path().to_str().unwrap(),
        PROVINCE,
    ]);
    assert_eq!(code(&o), 0);
    let docx = std::fs::read(dir.path().join("ke-hoach-tinh.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let para = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} not in the DOCX"));
    let (a, b) = (para("như sau."), para("Kế hoạch này áp dụng"));
    assert!(xml[a..b].contains("</w:p>"), "two paragraphs, not one");
}

#[test]
fn duties_numbered_and_in_one_paragraph() {
    let t = typ(PROVINCE);
    assert!(
        t.contains("#para(number: [1.], style: \"para\")[Sở Tư pháp chủ trì, phối hợp"),
        "{t}"
    );
    assert!(
        t.contains("#strong[hoàn thành trước ngày 31/7/2023]"),
        "{t}"
    );
    assert!(
        t.contains("#para(number: [2.], style: \"title\")[Công an tỉnh:]"),
        "{t}"
    );
    for n in ["2.1.", "2.2.", "2.3."] {
        assert!(
            t.contains(&format!("#para(number: [{n}], style: \"para\")")),
            "{n}\n{t}"
        );
    }
    assert!(
        // The last duty is kept with the signature block.
        t.contains(
            "#last(para(number: [3.], style: \"para\")[Sở Thông tin và Truyền thông chủ trì"
        ),
        "{t}"
    );
}

#[test]
fn a_stacked_signature_prints_its_lines_in_order() {
    let t = typ(PROVINCE);
    assert!(
        t.contains("capacity: ([TM. BAN CHỈ ĐẠO], [KT. TRƯỞNG BAN], )"),
        "{t}"
    );
    assert!(
        t.contains("title: [PHÓ TRƯỞNG BAN]") && t.contains("name: [Lê Văn C]"),
        "{t}"
    );
    assert_eq!(
        diags("tests/fixtures/real/signer.yaml"),
        vec![
            (9, 14, "signer-capacity".to_owned()),
            (9, 34, "signer-capacity".to_owned()),
            (10, 10, "signer-without-name".to_owned()),
        ]
    );
    let m = messages("tests/fixtures/real/signer.yaml");
    assert!(m[0].contains("write `TM. ỦY BAN NHÂN DÂN`"), "{m:?}");
}

#[test]
fn an_allocation_by_a_column_computed_from_it_is_a_loop_named_by_its_columns() {
    let m = messages("tests/fixtures/real/allocation-loop.yaml");
    assert!(m[0].contains("`quota` → `left` → `quota`"), "{m:?}");
}

#[test]
fn the_note_under_a_table_can_be_dropped_or_replaced() {
    assert!(!typ(PROVINCE).contains("Số liệu tính đến"));
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    let text = std::fs::read_to_string(PROVINCE)
        .unwrap()
        .replace("note: false", "note: \"Nguồn: Công an tỉnh.\"");
    std::fs::write(&plan, text).unwrap();
    let t = typ(plan.to_str().unwrap());
    assert!(t.contains("Nguồn: Công an tỉnh."), "{t}");
}

#[test]
fn as_of_after_the_deadline_gives_exactly_one_error() {
    let o = kehoach(&[
        "appendix",
        PROVINCE,
        "--as-of",
        "20/9/2023",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(err.contains("as-of-after-deadline"), "{err}");
}

#[test]
fn yaml_pitfalls_are_told_in_vietnamese_with_the_mended_line() {
    let cases = [
        (
            "colon-in-list",
            10,
            "colon-in-text",
            "- \"Phạm vi triển khai: Trên địa bàn tỉnh.\"",
        ),
        (
            "title-colon",
            3,
            "yaml-syntax",
            "- title: \"Mục đích, yêu cầu:\"",
        ),
        ("unclosed-quote", 2, "yaml-syntax", "ngoặc kép"),
        ("tab", 3, "yaml-syntax", "Tab"),
        ("indentation", 4, "yaml-syntax", "thụt lề"),
        ("star", 3, "yaml-syntax", "- \"*Chú ý* thực hiện ngay.\""),
    ];
    for (name, line, code_name, words) in cases {
        let path = format!("tests/fixtures/real/pitfalls/{name}.yaml");
        let o = kehoach(&["check", "--format", "json", &path]);
        let d: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(d.len(), 1, "{name}: {d:#?}");
        assert_eq!(
            (
                d[0]["line"].as_u64().unwrap(),
                d[0]["code"].as_str().unwrap()
            ),
            (line, code_name),
            "{name}"
        );
        let text = format!("{} {}", d[0]["message"], d[0]["help"]);
        assert!(text.contains(&words.replace('"', "\\\"")), "{name}: {text}");
        // No raw parser English in Vietnamese output.
        for english in [
            "mapping values",
            "not allowed",
            "while scanning",
            "unclosed",
            "did not find",
            "unknown key",
        ] {
            assert!(!text.contains(english), "{name}: {text}");
        }
    }
}

#[test]
fn outputs_mirror_the_plans_folders_and_never_overwrite_each_other() {
    let plans = tempfile::tempdir().unwrap();
    let sketch = std::fs::read_to_string(shared("format-sketch/plan.yaml")).unwrap();
    let sketch = sketch.replace(
        "rows: data/hoa-phu.csv",
        "rows: [{ unit: Thôn A, eligible: 5, level1: 1, level2: 1 }]",
    );
    for d in ["xa-a", "xa-b"] {
        std::fs::create_dir_all(plans.path().join(d)).unwrap();
        std::fs::write(plans.path().join(d).join("plan.yaml"), &sketch).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let o = kehoach(&[
        "build",
        "--out",
        out.path().to_str().unwrap(),
        plans.path().to_str().unwrap(),
    ]);
    assert_eq!(
        code(&o),
        0,
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.path().join("xa-a/plan.pdf").exists());
    assert!(out.path().join("xa-b/plan.pdf").exists());
    // plan.yaml beside plan.yml: an error before anything is written.
    std::fs::write(plans.path().join("xa-a/plan.yml"), &sketch).unwrap();
    let out2 = tempfile::tempdir().unwrap();
    let o = kehoach(&[
        "build",
        "--out",
        out2.path().to_str().unwrap(),
        plans.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("plan.yml"));
    assert_eq!(
        std::fs::read_dir(out2.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn a_newcomer_without_plans_folder_is_shown_the_command_with_a_path() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["check", "build"] {
        let o = kehoach_in(dir.path(), &[cmd]);
        assert_eq!(code(&o), 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("plans/") && err.contains("kehoach check ke-hoach.yaml"),
            "{err}"
        );
    }
    let o = kehoach_in(dir.path(), &["new", "xa-a/ke-hoach.yaml"]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = kehoach_in(dir.path(), &["check", "xa-a/ke-hoach.yaml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = kehoach_in(dir.path(), &["new", "a*b"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn in_literal_text_only_a_blank_line_starts_a_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    std::fs::write(
        &plan,
        "kind: ke-hoach\nauthority: { name: UBND XÃ A, code: UBND }\nplace: A\ndate: 6/2023\n\
         subject: Đoạn văn\nintro: | # một khối nguyên văn\n  Dòng một của đoạn một\n  vẫn là đoạn một.\n\n  Đoạn hai.\n\
         closing: >-\n  Đoạn kết một\n  tiếp tục.\n\n  Đoạn kết hai.\nsigner: { title: CHỦ TỊCH }\n",
    )
    .unwrap();
    let t = typ(plan.to_str().unwrap());
    assert!(
        t.contains("#par([Dòng một của đoạn một vẫn là đoạn một.])"),
        "{t}"
    );
    assert!(t.contains("#par([Đoạn hai.])"), "{t}");
    assert!(t.contains("#par([Đoạn kết một tiếp tục.])"), "{t}");
    assert!(t.contains("#last(par[Đoạn kết hai.])"), "{t}");
}

#[test]
fn the_appendix_caption_names_the_authority_in_full() {
    let sketch = shared("format-sketch/plan.yaml");
    // `short: UBND xã` with the name "UỶ BAN NHÂN DÂN XÃ HOÀ PHÚ".
    assert!(typ(sketch.to_str().unwrap()).contains("của UBND xã Hoà Phú)"));
    // `short: Ban Chỉ đạo Đề án 06 tỉnh`: the place comes from the parent, "… TỈNH SƠN LA".
    assert!(typ(PROVINCE).contains("của Ban Chỉ đạo Đề án 06 tỉnh Sơn La)"));
    // A `short` that already names its place is kept as written.
    assert!(typ("plans/135-kh-bcd-can-gio.yaml").contains("Đề án 06 huyện Cần Giờ)"));
}

#[test]
fn recipients_keep_their_abbreviations_whole() {
    // "(t/hiện)" at the edge of the recipients' column broke after the slash.
    let t = typ("plans/kh-ubnd-que-chau-thi-dua.yaml");
    assert!(t.contains("Đoàn thể xã #box[(t/hiện);]"), "{t}");
}
