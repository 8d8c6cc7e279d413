//! Control characters in a plan or its data (a bare CR, ESC, U+0085, U+2028) are errors at
//! their place, and never reach a calendar, the terminal or a CSV as they are: there they are
//! shown as "�".

mod common;

use std::path::Path;

use common::*;

/// The format sketch copied to `dir`, with `unit` of its first duty and the first unit of its
/// data file replaced.
fn sketch_with(dir: &Path, unit: &str, data_unit: &str) -> std::path::PathBuf {
    let from = shared("format-sketch");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let plan = std::fs::read_to_string(from.join("plan.yaml"))
        .unwrap()
        .replacen("unit: Công an xã", &format!("unit: {unit}"), 1);
    std::fs::write(dir.join("plan.yaml"), plan).unwrap();
    let data = std::fs::read_to_string(from.join("data/hoa-phu.csv"))
        .unwrap()
        .replacen("Thôn Phú Sơn 1", data_unit, 1);
    std::fs::write(dir.join("data/hoa-phu.csv"), data).unwrap();
    dir.join("plan.yaml")
}

/// Whether `bytes` hold a control character that acts: a CR not before LF, ESC, NUL, U+0085,
/// U+2028.
fn acts(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let bare_cr = c == '\r' && chars.peek() != Some(&'\n');
        if bare_cr || matches!(c, '\u{0}' | '\u{1b}' | '\u{85}' | '\u{2028}') {
            return true;
        }
    }
    false
}

#[test]
fn control_characters_are_errors_and_never_written_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let unit = r#""Công an xã\rATTENDEE:mailto:x@evil.example\e[31m\u0085\u2028""#;
    let plan = sketch_with(dir.path(), unit, "Thôn \u{1b}[2J\u{1b}]0;owned\u{7}");
    let p = plan.to_str().unwrap();
    // check: each character, in the plan and in the data, at its line.
    let (status, diags) = check_json(&[p]);
    assert_eq!(status, 1);
    let bad: Vec<_> = places(&diags)
        .into_iter()
        .filter(|d| d.3 == "unprintable-character")
        .map(|(file, line, _, _)| (file.rsplit('/').next().unwrap().to_owned(), line))
        .collect();
    for (file, line) in [("plan.yaml", 41), ("hoa-phu.csv", 2)] {
        assert!(
            bad.contains(&(file.to_owned(), line)),
            "{file}:{line} in {bad:?}"
        );
    }
    assert!(
        bad.len() >= 5,
        "CR, ESC, U+0085, U+2028 and the data cell: {bad:?}"
    );
    // The messages themselves, on the terminal, carry none.
    let o = kehoach(&["check", p]);
    assert!(!acts(&o.stderr) && !acts(&o.stdout));
    // The calendar: a CR only before LF, nothing that starts a property of its own.
    let ics = kehoach(&["agenda", p, "--format", "ics"]);
    assert!(
        !acts(&ics.stdout),
        "{}",
        String::from_utf8_lossy(&ics.stdout)
    );
    let text = String::from_utf8_lossy(&ics.stdout);
    assert!(!text.lines().any(|l| l.starts_with("ATTENDEE")), "{text}");
    assert!(text.contains("Công an xã\u{FFFD}"), "{text}");
    for args in [
        vec!["agenda", p],
        vec!["appendix", p],
        vec!["appendix", p, "--format", "csv"],
    ] {
        let o = kehoach(&args);
        assert!(
            !acts(&o.stdout) && !acts(&o.stderr),
            "{args:?}: {}",
            stdout(&o)
        );
    }
}
