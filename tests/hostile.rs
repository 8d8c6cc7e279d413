//! Hostile input (issue: bad input never breaks it): every malformed fixture of
//! `tests/fixtures/bad/expected.tsv` gives its code at its line, exit 1, and no panic; the
//! limits hold; exports never carry a formula; templates see nothing outside.

mod common;

use std::path::Path;

use common::*;

#[test]
fn every_malformed_fixture_gives_its_code_at_its_line() {
    let table = std::fs::read_to_string(fixture("bad/expected.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, code_name, at) = (cols[0], cols[1], cols[2]);
        let path = fixture(&format!("bad/{name}"));
        let o = kehoach(&["check", "--format", "json", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{name}: {err}");
        let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {}", stdout(&o)));
        // A warning alone exits 0; an error exits 1; never 2 (the command ran) or a crash.
        let errors = diags.iter().any(|d| d["severity"] == "error");
        if code(&o) != i32::from(errors) {
            failures.push(format!("{name}: exit {} with errors: {errors}", code(&o)));
            continue;
        }
        let found = diags.iter().any(|d| {
            d["code"] == code_name
                && (at == "-"
                    || !d["file"].as_str().unwrap().ends_with(name)
                    || d["line"].as_u64().unwrap().to_string() == at)
        });
        if !found {
            let got: Vec<String> = diags
                .iter()
                .map(|d| format!("{}:{} {}", d["line"], d["column"], d["code"]))
                .collect();
            failures.push(format!("{name}: want {code_name} at {at}, got {got:?}"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked >= 100, "only {checked} fixtures");
}

#[test]
fn a_workbook_whose_only_cell_is_the_last_one_is_read_without_a_huge_grid() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(dir.path().join("d.xlsx")).unwrap();
    let plan = dir.path().join("p.yaml");
    std::fs::write(
        &plan,
        "kind: ke-hoach\nauthority: { name: A, code: B }\nplace: A\ndate: 01/6/2023\nsubject: S\n\
         signer: { title: T }\nappendices:\n  - title: B\n    rows: d.xlsx\n    columns:\n\
         \x20     - { key: unit, label: U }\n      - { key: x, label: X }\n",
    )
    .unwrap();
    let o = kehoach(&["check", "--format", "json", plan.to_str().unwrap()]);
    assert_eq!(
        code(&o),
        0,
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn check_refuses_devices_and_fifos_and_goes_on_with_the_others() {
    let o = kehoach(&["check", "/dev/zero", "plans/135-kh-bcd-can-gio.yaml"]);
    assert_eq!(code(&o), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("/dev/zero"), "{err}");
    assert!(
        stdout(&o).contains("Đã kiểm tra"),
        "the other plan was checked"
    );
}

#[test]
fn symlinked_plans_inside_the_tree_are_checked_and_links_out_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(plans.join("a")).unwrap();
    std::fs::copy(fixture("real/signer.yaml"), plans.join("a/real.yaml")).unwrap();
    std::os::unix::fs::symlink(plans.join("a/real.yaml"), plans.join("link.yaml")).unwrap();
    std::os::unix::fs::symlink(&plans, plans.join("a/loop")).unwrap();
    let outside = dir.path().join("outside.yaml");
    std::fs::copy(fixture("real/signer.yaml"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, plans.join("out.yaml")).unwrap();
    let o = kehoach(&["check", "--format", "json", plans.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let files: std::collections::BTreeSet<&str> =
        diags.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert!(files.iter().any(|f| f.ends_with("link.yaml")), "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("a/real.yaml")),
        "{files:?}"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("out.yaml") && err.contains("ngoài"), "{err}");
    assert!(err.contains("loop") || err.contains("vòng"), "{err}");
}

#[test]
fn out_naming_a_file_is_a_usage_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, "").unwrap();
    let o = kehoach(&[
        "build",
        "--out",
        f.to_str().unwrap(),
        "plans/135-kh-bcd-can-gio.yaml",
    ]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("x.pdf"));
}

#[test]
fn exported_text_never_becomes_a_formula_in_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    std::fs::write(
        &plan,
        "kind: ke-hoach\nauthority: { name: A, code: B }\nplace: A\ndate: 01/6/2023\nsubject: S\n\
         signer: { title: T }\nappendices:\n  - title: B\n    rows: [{ unit: \"=cmd|' /C calc'!A0\", x: -3 }, { unit: \"@SUM(1)\", x: 2 }]\n\
         \x20   columns:\n      - { key: unit, label: U }\n      - { key: x, label: X, format: text }\n",
    )
    .unwrap();
    let o = kehoach(&["appendix", "--format", "csv", plan.to_str().unwrap()]);
    let csv = stdout(&o);
    assert!(csv.contains("'=cmd|"), "{csv}");
    assert!(csv.contains("'@SUM(1)"), "{csv}");
    assert!(
        !csv.lines()
            .any(|l| l.starts_with("1,=") || l.contains(",=")),
        "{csv}"
    );
}

#[test]
fn a_custom_template_cannot_read_the_environment_or_leave_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t");
    std::fs::create_dir(&t).unwrap();
    for f in std::fs::read_dir("templates/typst").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, t.join(f.file_name().unwrap())).unwrap();
    }
    let kh = t.join("ke-hoach.typ.tera");
    let text = std::fs::read_to_string(&kh).unwrap();
    std::fs::write(&kh, format!("{text}\n{{{{ get_env(name=\"HOME\") }}}}\n")).unwrap();
    let out = dir.path().join("out");
    let build = || {
        let templates = t.to_str().unwrap();
        build_to(
            &out,
            "typ",
            &["--templates", templates, "plans/135-kh-bcd-can-gio.yaml"],
        )
    };
    let o = build();
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("get_env"), "{}", stdout(&o));
    // A template that is a link to a file outside the folder is refused.
    std::fs::write(&kh, text).unwrap();
    let secret = dir.path().join("secret.typ.tera");
    std::fs::write(&secret, "SECRET").unwrap();
    std::os::unix::fs::symlink(&secret, t.join("parts2.typ.tera")).unwrap();
    let o = build();
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(!Path::new(&out.join("135-kh-bcd-can-gio.typ")).exists());
}

#[test]
fn a_thousand_problems_on_one_line_print_two_hundred_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    let subject = "31/6/2023 ".repeat(1000);
    std::fs::write(
        &plan,
        format!("kind: ke-hoach\nauthority: {{ name: A, code: B }}\nplace: A\ndate: 01/6/2023\nsubject: {subject}\nsigner: {{ title: T }}\n"),
    )
    .unwrap();
    let o = kehoach(&["check", plan.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert_eq!(out.matches("error[date-not-on-calendar]").count(), 200);
    assert!(
        out.contains("… và 800 vấn đề khác"),
        "{}",
        &out[out.len().saturating_sub(400)..]
    );
    assert!(out.contains("1000 lỗi"), "the summary counts them all");
}

#[test]
fn a_fifo_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let o = kehoach(&["check", fifo.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("p.yaml"));
}

#[test]
fn a_data_file_outside_the_folder_gets_one_answer_whether_it_exists_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(plans.join("sub")).unwrap();
    std::fs::write(dir.path().join("there.csv"), "unit,x\nA,1\n").unwrap();
    // `rows` from a plan in plans/ (`../X`) or, for `../X`, in plans/sub (`../../X`).
    let message = |rows: &str| {
        let folder = if rows.starts_with("../") {
            plans.join("sub")
        } else {
            plans.clone()
        };
        let plan = folder.join("p.yaml");
        std::fs::write(
            &plan,
            format!(
                "kind: ke-hoach\nauthority: {{ name: A, code: B }}\nplace: A\ndate: 01/6/2023\nsubject: S\n\
                 signer: {{ title: T }}\nappendices:\n  - title: B\n    rows: ../{rows}\n    columns:\n\
                 \x20     - {{ key: unit, label: U }}\n      - {{ key: x, label: X }}\n"
            ),
        )
        .unwrap();
        let (_, d) = check_json(&["--lang", "en", plan.to_str().unwrap()]);
        d[0]["message"].as_str().unwrap().replace(rows, "FILE")
    };
    assert_eq!(message("there.csv"), message("nowhere.csv"));
    // Two levels up, from a plan in a sub-folder.
    assert_eq!(message("../there.csv"), message("../nowhere.csv"));
}

#[test]
fn plans_named_from_above_the_working_folder_still_write_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sketch = shared("format-sketch/plan.yaml");
    let o = kehoach(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "../shared/format-sketch/plan.yaml",
        "plans/135-kh-bcd-can-gio.yaml",
    ]);
    assert_eq!(
        code(&o),
        0,
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(sketch.exists());
    let written: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| !p.ends_with(kehoach::manifest::FILE) && !p.ends_with(kehoach::manifest::LOCK))
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(written.iter().all(|p| p.starts_with(&out)), "{written:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_data_cell_too_long_for_a_pdf_is_an_error_at_its_cell_and_nothing_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(fixture("build/chart.yaml")).unwrap();
    let start = plan.find("    rows:").unwrap();
    let end = plan.find("    columns:").unwrap();
    let plan = format!("{}    rows: rows.csv\n{}", &plan[..start], &plan[end..]);
    std::fs::write(dir.path().join("plan.yaml"), plan).unwrap();
    for (cell, what) in [
        ("a".repeat(40_000), "quá giới hạn 20000"),
        ("chữ ".repeat(10_000), "quá giới hạn 20000"),
        ("a".repeat(1_000), "một chữ dài hơn 300 ký tự"),
    ] {
        let rows = format!("unit,quota,done\nXã Một,400,100\n\"{cell}\",300,240\n");
        std::fs::write(dir.path().join("rows.csv"), rows).unwrap();
        let o = kehoach_in(dir.path(), &["check", "--format", "json", "plan.yaml"]);
        assert_eq!(code(&o), 1, "{}", stdout(&o));
        let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            diags.iter().any(|d| d["code"] == "text-too-long"
                && d["file"].as_str().unwrap().ends_with("rows.csv")
                && d["line"] == 3
                && d["message"].as_str().unwrap().contains(what)),
            "{diags:#?}"
        );
        let o = kehoach_in(dir.path(), &["build", "plan.yaml"]);
        assert_eq!(code(&o), 1);
        assert!(!String::from_utf8_lossy(&o.stderr).contains("PDF/A"));
        assert!(!dir.path().join("output/plan.pdf").exists());
        // The message shows the cell cut around its start, not 40.000 characters.
        let o = kehoach_in(dir.path(), &["check", "plan.yaml"]);
        assert!(o.stdout.len() + o.stderr.len() < 2_000, "{}", stdout(&o));
    }
}

#[test]
fn a_workbook_of_a_date_past_any_calendar_is_refused_at_its_formula_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let plan = fixture("bad/formula-date-range.yaml");
    let out = dir.path().join("x.xlsx");
    let o = kehoach(&[
        "appendix",
        plan.to_str().unwrap(),
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 1, "{err}");
    let all = format!("{}{err}", stdout(&o));
    assert!(
        all.contains("formula-date-range") && all.contains("ngoài các năm 1900–2100"),
        "{all}"
    );
    assert!(!all.contains("Date range error"), "{all}");
    assert!(!out.exists());
}
