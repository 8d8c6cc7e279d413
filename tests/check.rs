//! `kehoach check` run as a user runs it: on fixtures, the sketch and plans/.

mod common;

use common::*;

#[test]
fn the_format_sketch_and_every_plan_check_clean() {
    let sketch = shared("format-sketch/plan.yaml");
    let (status, diags) = check_json(&[sketch.to_str().unwrap()]);
    assert_eq!((status, diags.len()), (0, 0), "{diags:#?}");
    // No PATH: every plan under plans/.
    let o = kehoach(&["check"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("Đã kiểm tra 4 tệp: 0 lỗi, 0 cảnh báo."),
        "{}",
        stdout(&o)
    );
}

#[test]
fn every_fault_in_several_files_is_reported_in_one_run_at_its_place() {
    let (status, diags) = check_json(&["tests/fixtures/faults"]);
    assert_eq!(status, 1);
    assert_eq!(
        places(&diags),
        vec![
            p("dates.yaml", 9, 9, "bad-value"),
            p("dates.yaml", 14, 21, "date-not-on-calendar"),
            p("dates.yaml", 14, 38, "time-not-on-clock"),
            p("dates.yaml", 15, 29, "weekday-mismatch"),
            p("dates.yaml", 15, 42, "time-not-on-clock"),
            p("dates.yaml", 16, 27, "legal-ref-year"),
            p("dates.yaml", 21, 23, "deadline-before-plan-date"),
            p("dates.yaml", 23, 23, "deadline-after-period"),
            p("dates.yaml", 24, 35, "deadline-on-sunday"),
            p("dates.yaml", 26, 23, "date-not-on-calendar"),
            p("dates.yaml", 28, 23, "date-format"),
            // numbered, and the signer has no name
            p("dates.yaml", 29, 18, "signer-without-name"),
            p("period.yaml", 6, 34, "period-reversed"),
            p("period.yaml", 9, 15, "deadline-on-holiday"),
            p("shape.yaml", 1, 7, "bad-value"),
            p("shape.yaml", 2, 1, "missing-field"),
            p("shape.yaml", 4, 3, "unknown-key"),
            p("shape.yaml", 5, 9, "negative-number"),
            p("shape.yaml", 7, 7, "date-not-on-calendar"),
            p("shape.yaml", 8, 10, "wrong-type"),
            p("shape.yaml", 12, 9, "unknown-key"),
        ]
    );
    let severities: Vec<&str> = diags
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities.iter().filter(|s| **s == "warning").count(), 5);
}

#[test]
fn messages_say_why_and_what_to_write() {
    let (_, diags) = check_json(&[
        "tests/fixtures/faults/dates.yaml",
        "tests/fixtures/faults/shape.yaml",
    ]);
    let message = |code: &str, line: u64| {
        diags
            .iter()
            .find(|d| d["code"] == code && d["line"] == line)
            .map(|d| d["message"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no {code} at line {line}"))
    };
    assert!(message("date-not-on-calendar", 14).contains("2023 không phải năm nhuận"));
    assert!(message("date-not-on-calendar", 26).contains("tháng 6 chỉ có 30 ngày"));
    assert!(message("weekday-mismatch", 15).contains("là Thứ Bảy, không phải Thứ Sáu"));
    assert!(message("unknown-key", 4).contains("có phải `short`?"));
    assert!(message("unknown-key", 12).contains("có phải `title`?"));
    assert!(message("bad-value", 1).contains("có phải `ke-hoach`?"));
    assert!(message("missing-field", 2).contains("`code`"));
    assert!(message("deadline-on-sunday", 24).contains("17/6/2023 (Thứ Bảy)"));
}

#[test]
fn english_messages_with_lang_en() {
    let o = kehoach(&[
        "check",
        "--lang",
        "en",
        "--format",
        "json",
        "tests/fixtures/faults/dates.yaml",
    ]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let m = diags
        .iter()
        .find(|d| d["code"] == "date-not-on-calendar")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(m.contains("2023 is not a leap year"), "{m}");
}

#[test]
fn the_published_001_plan_has_its_real_faults_reported() {
    let (status, diags) = check_json(&["tests/fixtures/reference/001-can-gio.yaml"]);
    assert_eq!(status, 1);
    let found: Vec<_> = places(&diags)
        .into_iter()
        .map(|(_, l, c, code)| (l, c, code))
        .collect();
    assert_eq!(
        found,
        vec![
            // "trước ngày 31 tháng 6 năm 2023", twice
            (78, 82, "date-not-on-calendar".to_owned()),
            // "hoàn thành trước ngày 06 tháng 11 năm 2023": the campaign ends 05/11/2023
            (132, 75, "deadline-after-period".to_owned()),
            (217, 92, "date-not-on-calendar".to_owned()),
            // deadlines on Sunday 05/11/2023 (in prose, and the appendix's deadline)
            (243, 72, "deadline-on-sunday".to_owned()),
            // the published copy shows no signer's name under a number
            (254, 51, "signer-without-name".to_owned()),
            (270, 15, "deadline-on-sunday".to_owned()),
        ]
    );
    // The span covers the date itself, across the folded line.
    assert_eq!(
        (
            diags[0]["end_line"].as_u64(),
            diags[0]["end_column"].as_u64()
        ),
        (Some(79), Some(17))
    );
}

#[test]
fn the_other_published_plans_raise_no_false_alarm() {
    let (status, diags) = check_json(&[
        "tests/fixtures/reference/002-vinh-bao.yaml",
        "tests/fixtures/reference/003-que-chau.yaml",
    ]);
    assert_eq!((status, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn bad_input_gives_a_positioned_error_and_exit_1_never_a_panic() {
    let cases = [
        ("empty.yaml", "empty-file", 1, 1),
        ("comment-only.yaml", "empty-file", 1, 1),
        ("binary.yaml", "not-text", 2, 8),
        ("list.yaml", "wrong-type", 1, 1),
        ("syntax.yaml", "yaml-syntax", 3, 6),
        ("deep-block.yaml", "yaml-limit", 33, 33),
        ("deep-flow.yaml", "yaml-limit", 1, 262),
        ("alias-bomb.yaml", "yaml-limit", 6, 14),
    ];
    for (file, want, line, col) in cases {
        let path = format!("tests/fixtures/bad/{file}");
        let (status, diags) = check_json(&[&path]);
        assert_eq!(status, 1, "{file}");
        assert_eq!(
            places(&diags),
            vec![(file.to_owned(), line, col, want.to_owned())],
            "{file}"
        );
    }
}

#[test]
fn a_10_mb_file_is_refused_with_a_positioned_error() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let line = "- Hoàn thành trước ngày 30/6/2023 việc rà soát dữ liệu dân cư.\n";
    std::fs::write(&big, line.repeat(10 * 1024 * 1024 / line.len() + 1)).unwrap();
    let (status, diags) = check_json(&[big.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert_eq!(
        places(&diags),
        vec![("big.yaml".to_owned(), 1, 1, "file-too-large".to_owned())]
    );
}

#[test]
fn a_missing_file_is_a_usage_error_exit_2() {
    let o = kehoach(&["check", "khong-co.yaml"]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("khong-co.yaml"));
    assert_eq!(code(&kehoach(&["check", "--format", "xml"])), 2);
}

#[test]
fn warnings_pass_unless_denied_and_allow_silences_them() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |allow: &str| {
        format!(
            "kind: ke-hoach\nauthority: {{ name: UBND XÃ A, code: UBND }}\nplace: A\ndate: 01/6/2023\n\
             subject: Thử\n{allow}sections:\n  - title: A\n    items:\n      - Hoàn thành trước ngày 18/6/2023.\n\
             signer: {{ title: CHỦ TỊCH }}\n"
        )
    };
    let path = dir.path().join("sunday.yaml");
    std::fs::write(&path, plan("")).unwrap();
    let path = path.to_str().unwrap();
    let (status, diags) = check_json(&[path]);
    assert_eq!(
        (status, places(&diags)[0].3.as_str()),
        (0, "deadline-on-sunday")
    );
    assert_eq!(code(&kehoach(&["check", "--deny-warnings", path])), 1);
    std::fs::write(path, plan("allow: [deadline-on-sunday]\n")).unwrap();
    let (status, diags) = check_json(&["--deny-warnings", path]);
    assert_eq!((status, diags.len()), (0, 0));
}

#[test]
fn human_output_shows_the_line_and_a_caret_without_colour_when_piped() {
    let o = kehoach(&["check", "tests/fixtures/faults/period.yaml"]);
    let out = stdout(&o);
    assert!(out.contains("error[period-reversed]"), "{out}");
    assert!(
        out.contains("tests/fixtures/faults/period.yaml:6:34"),
        "{out}"
    );
    assert!(out.contains("^^^^^^^^^"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour codes in a pipe");
    assert!(
        out.contains("Đã kiểm tra 1 tệp: 1 lỗi, 1 cảnh báo."),
        "{out}"
    );
}

#[test]
fn github_format_annotates_lines() {
    let o = kehoach(&[
        "check",
        "--format",
        "github",
        "tests/fixtures/faults/period.yaml",
    ]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("::error file=tests/fixtures/faults/period.yaml,line=6,col=34,"),
        "{out}"
    );
    assert!(
        lines[0].contains("title=period-reversed::thời gian thực hiện kết thúc"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("::warning file=tests/fixtures/faults/period.yaml,line=9,col=15,"),
        "{out}"
    );
}

#[test]
fn sarif_for_code_scanning_has_every_rule_and_each_result_at_its_place() {
    let o = kehoach(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/reference/001-can-gio.yaml",
    ]);
    assert_eq!(code(&o), 1);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kehoach");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "date-not-on-calendar"
            && r["help"]["text"]
                .as_str()
                .unwrap()
                .contains("ngày không có trên lịch")
    }));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let first = &results[0];
    assert_eq!(first["ruleId"], "date-not-on-calendar");
    assert_eq!(first["level"], "error");
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
        first["ruleId"]
    );
    let loc = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/reference/001-can-gio.yaml"
    );
    assert_eq!(
        (
            loc["region"]["startLine"].as_u64(),
            loc["region"]["startColumn"].as_u64()
        ),
        (Some(78), Some(82))
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn the_sarif_log_is_valid_by_the_sarif_2_1_0_schema() {
    // The published schema has one malformed pattern (for `run.language`, which kehoach does
    // not write); the schema fails its own meta-schema with it, so it is mended here.
    let text = std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace(
            "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
        );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    for args in [
        vec![
            "check",
            "--format",
            "sarif",
            "tests/fixtures/reference/001-can-gio.yaml",
            "tests/fixtures/faults",
        ],
        vec!["check", "--format", "sarif", "plans"],
    ] {
        let o = kehoach(&args);
        let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The validator does find what is wrong.
    let broken = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    assert!(!validator.is_valid(&broken));
}

#[test]
fn a_year_split_by_a_space_is_told_as_written_and_nothing_else_is_made_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("y.yaml");
    std::fs::write(
        &plan,
        "kind: ke-hoach\nauthority: { name: UBND XÃ A, code: UBND }\nplace: A\ndate: 01/6/2022\n\
         subject: Thử\nintro: Hoàn thành trước ngày 16/7/20 21, báo cáo năm 20 22.\n\
         signer: { title: CHỦ TỊCH }\n",
    )
    .unwrap();
    let (status, diags) = check_json(&["--lang", "en", plan.to_str().unwrap()]);
    assert_eq!(status, 0);
    let got: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(c, _)| c == "year-split"), "{got:?}");
    assert!(
        got[0].1.contains("`20 21`") && got[1].1.contains("`20 22`"),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|(_, m)| m.contains("2022") && !m.contains("20 22")),
        "{got:?}"
    );
}
