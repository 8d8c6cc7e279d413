//! Reports (`kind: bao-cao`): the plan's appendix computed with the report's figures, the
//! change since the last report, and the figures the text names — built, and checked where
//! they are wrong.

mod common;

use std::path::Path;

use common::*;

fn report_dir() -> std::path::PathBuf {
    fixture("report")
}

/// A copy of the report fixture in a temporary folder, with `from` made `to` in `file`.
fn copy_with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    copy_of("report", file, from, to)
}

/// A copy of the fixture folder `name`, with `from` made `to` in `file`.
fn copy_of(name: &str, file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture(name);
    for entry in walkdir::WalkDir::new(&root).min_depth(1) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

/// What a command printed, on either stream.
fn said(o: &std::process::Output) -> String {
    format!("{}{}", stdout(o), String::from_utf8_lossy(&o.stderr))
}

fn problems_of(plan: &Path) -> Vec<(String, u64, u64, String)> {
    let (_, diags) = check_json(&[plan.to_str().unwrap()]);
    places(&diags)
}

#[test]
fn a_report_is_the_plans_table_with_its_figures_and_names_them_in_its_text() {
    let out = tempfile::tempdir().unwrap();
    let plan = report_dir().join("bao-cao-20-6.yaml");
    assert_ok(&build_to(out.path(), "pdf,docx", &[plan.to_str().unwrap()]));
    let pdf = collapse(&pdf_pages(&out.path().join("bao-cao-20-6.pdf")).join(" "));
    in_order(
        &pdf,
        &[
            "Số: 24/BC-UBND",
            "BÁO CÁO",
            // The text: each figure computed, formatted the Vietnamese way.
            "đã kích hoạt 472 tài khoản",
            "đạt 39,33% chỉ tiêu, tăng 212 tài khoản so với ngày 13/6/2023 (260 tài khoản)",
            "Còn 10 ngày; thôn Phú Sơn 2 còn phải kích hoạt 233 tài khoản",
            "(3 thôn): Thôn Phú Sơn 1, Thôn Phú Sơn 2 và Thôn Hòa Hải",
            // The table: the plan's quota (1.200 in all), the report's figures.
            "PHỤ LỤC",
            "Kèm theo Báo cáo số 24/BC-UBND",
            "Thôn Phú Sơn 1 812 487 250 51,33%",
            "Tổng cộng 2.000 1.200 472 39,33% 728",
        ],
    );
    assert!(!pdf.contains("{{"), "every placeholder replaced");
    assert!(
        pdf.contains("Xếp hạng") && pdf.contains("Thôn Hòa Hải 533 320 62 19,38%"),
        "{pdf}"
    );
    let docx = docx_text(&out.path().join("bao-cao-20-6.docx"));
    assert!(
        docx.contains("đạt 39,33% chỉ tiêu") && docx.contains("BÁO CÁO"),
        "{docx}"
    );
    // The plan itself is untouched by its reports.
    assert_ok(&kehoach(&[
        "check",
        report_dir().join("ke-hoach.yaml").to_str().unwrap(),
    ]));
}

#[test]
fn a_name_that_is_not_in_the_table_is_an_error_at_its_place() {
    let dir = copy_with("bao-cao-20-6.yaml", "{{ total.done }}", "{{ total.dne }}");
    let plan = dir.path().join("bao-cao-20-6.yaml");
    let got = problems_of(&plan);
    assert!(
        got.contains(&p("bao-cao-20-6.yaml", 16, 48, "bad-value")),
        "{got:?}"
    );
    let o = kehoach(&["check", "--lang", "en", plan.to_str().unwrap()]);
    assert!(said(&o).contains("did you mean `done`"), "{}", said(&o));
    let dir = copy_with(
        "bao-cao-20-6.yaml",
        "\"Thôn Phú Sơn 2\"",
        "\"Thôn Phú Sơn 9\"",
    );
    let o = kehoach(&[
        "check",
        "--lang",
        "en",
        dir.path().join("bao-cao-20-6.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        said(&o).contains("no unit `Thôn Phú Sơn 9`; did you mean `Thôn Phú Sơn 2`"),
        "{}",
        said(&o)
    );
    // Not a name at all: no template language behind it.
    let dir = copy_with("bao-cao-20-6.yaml", "{{ days_left }}", "{{ env('HOME') }}");
    assert_eq!(
        code(&kehoach(&[
            "check",
            dir.path().join("bao-cao-20-6.yaml").to_str().unwrap()
        ])),
        1
    );
}

#[test]
fn figures_for_units_the_plan_has_not_or_leaves_out_are_errors_at_their_line() {
    let dir = copy_with(
        "data/so-lieu-20-6.csv",
        "Thôn Hòa Hải,62",
        "Thôn Hoà Hải X,62",
    );
    let got = problems_of(&dir.path().join("bao-cao-20-6.yaml"));
    assert!(
        got.contains(&p("so-lieu-20-6.csv", 4, 1, "appendix-rows")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|g| g.0.ends_with("so-lieu-20-6.csv") && g.1 == 1),
        "the left out unit: {got:?}"
    );
}

#[test]
fn report_fields_belong_to_reports_and_a_report_needs_them() {
    let dir = copy_with("ke-hoach.yaml", "period:", "as_of: 20/6/2023\nperiod:");
    let got = problems_of(&dir.path().join("ke-hoach.yaml"));
    assert!(
        got.iter().any(|g| g.3 == "bad-value" && g.1 == 10),
        "{got:?}"
    );
    let dir = copy_with("bao-cao-20-6.yaml", "figures: data/so-lieu-20-6.csv\n", "");
    let got = problems_of(&dir.path().join("bao-cao-20-6.yaml"));
    assert!(got.iter().any(|g| g.3 == "missing-field"), "{got:?}");
    // The plan reported on is read only inside the project's tree.
    let dir = copy_with(
        "bao-cao-13-6.yaml",
        "plan: ke-hoach.yaml",
        "plan: /etc/hosts",
    );
    let got = problems_of(&dir.path().join("bao-cao-13-6.yaml"));
    assert!(got.iter().any(|g| g.3 == "cascade-parent"), "{got:?}");
}

#[test]
fn a_plan_names_its_own_tables_figures() {
    let dir = copy_with(
        "ke-hoach.yaml",
        "Giao chỉ tiêu cho các thôn",
        "Giao {{ total.quota }} tài khoản cho các thôn",
    );
    let out = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ke-hoach.yaml");
    assert_ok(&build_to(out.path(), "pdf", &[plan.to_str().unwrap()]));
    let pdf = collapse(&pdf_pages(&out.path().join("ke-hoach.pdf")).join(" "));
    assert!(pdf.contains("Giao 1.200 tài khoản cho các thôn"), "{pdf}");
}

#[test]
fn the_plans_schedule_knows_its_reports() {
    let entries = agenda_json(&report_dir().join("ke-hoach.yaml"));
    let weekly = entries.iter().find(|e| e["kind"] == "report").unwrap();
    assert_eq!(
        weekly["reported"],
        serde_json::json!(["2023-06-13", "2023-06-20"])
    );
    let o = kehoach(&[
        "agenda",
        report_dir().join("ke-hoach.yaml").to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).contains("đã báo cáo: 13/6/2023, 20/6/2023"),
        "{}",
        stdout(&o)
    );
    // A report dated off the plan's weekly Tuesday: a warning at its as_of.
    let dir = copy_with("bao-cao-20-6.yaml", "as_of: 20/6/2023", "as_of: 21/6/2023");
    let got = problems_of(&dir.path().join("bao-cao-20-6.yaml"));
    assert!(
        got.contains(&p("bao-cao-20-6.yaml", 10, 8, "report-off-schedule")),
        "{got:?}"
    );
}

#[test]
fn a_districts_report_sums_its_communes_reports_exactly() {
    let out = tempfile::tempdir().unwrap();
    let plan = fixture("rollup/bao-cao.yaml");
    assert_ok(&build_to(out.path(), "pdf", &[plan.to_str().unwrap()]));
    let pdf = collapse(&pdf_pages(&out.path().join("bao-cao.pdf")).join(" "));
    // 300 + 215 and 120 + 47, in the communes' rows; the district's total is their sum.
    in_order(
        &pdf,
        &[
            "Toàn huyện đã kích hoạt 682 tài khoản, đạt 27,28%; xã Hoà Nhơn 167",
            "Xã Hoà Phú 3.000 1.500 515",
            "Xã Hoà Nhơn 2.000 1.000 167",
            "Tổng cộng 5.000 2.500 682",
        ],
    );
}

#[test]
fn a_commune_left_out_or_reporting_later_is_an_error_at_its_line() {
    let dir = copy_of(
        "rollup",
        "bao-cao.yaml",
        "    - xa-hoa-nhon/bao-cao.yaml\n",
        "",
    );
    let got = problems_of(dir.path());
    assert!(
        got.contains(&p("bao-cao.yaml", 11, 3, "appendix-rows")),
        "{got:?}"
    );
    let dir = copy_of(
        "rollup",
        "xa-hoa-nhon/bao-cao.yaml",
        "as_of: 20/6/2023",
        "as_of: 21/6/2023",
    );
    let got = problems_of(dir.path());
    assert!(
        got.contains(&p("bao-cao.yaml", 13, 7, "bad-value")),
        "{got:?}"
    );
    // A commune's report that names a unit the district has not. (The folder is checked as a
    // whole: it is the project's tree the communes' plans find the district's in.)
    let dir = copy_of(
        "rollup",
        "xa-hoa-nhon/ke-hoach.yaml",
        "row: Xã Hoà Nhơn",
        "row: Xã Hoà Khương",
    );
    let got = problems_of(dir.path());
    assert!(
        got.iter()
            .any(|g| g.0.ends_with("bao-cao.yaml") && g.1 == 13),
        "{got:?}"
    );
}

#[test]
fn a_percentage_written_in_the_text_is_held_to_the_figures() {
    let dir = copy_with(
        "bao-cao-20-6.yaml",
        "đạt {{ total.rate }} chỉ tiêu",
        "đạt 58,19% chỉ tiêu",
    );
    let got = problems_of(&dir.path().join("bao-cao-20-6.yaml"));
    assert!(
        got.contains(&p("bao-cao-20-6.yaml", 17, 11, "figure-disagrees")),
        "{got:?}"
    );
    let o = kehoach(&[
        "check",
        dir.path().join("bao-cao-20-6.yaml").to_str().unwrap(),
    ]);
    assert!(
        said(&o).contains("39,33%") && said(&o).contains("{{ total.rate }}"),
        "{}",
        said(&o)
    );
    // The right figure, at the precision written, is no problem.
    let dir = copy_with(
        "bao-cao-20-6.yaml",
        "đạt {{ total.rate }} chỉ tiêu",
        "đạt 39,3% chỉ tiêu",
    );
    assert_eq!(problems_of(&dir.path().join("bao-cao-20-6.yaml")), vec![]);
}
