//! Property tests over the three readers of untrusted text: the loader (with every check),
//! the prose scanner and the formula parser. Whatever they are given, they answer — with
//! findings or diagnostics — and never panic. (Longer runs: the cargo-fuzz targets in fuzz/.)

use std::sync::Arc;

use kehoach::appendix::formula::{Expr, Num};
use kehoach::source::SourceFile;
use num_rational::BigRational;
use proptest::prelude::*;

/// Text made of what plans are made of: YAML punctuation, digits, date and time separators,
/// Vietnamese words, and now and then anything at all.
fn plan_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("kind: ke-hoach\n".to_owned()),
        Just("date: ".to_owned()),
        Just("subject: ".to_owned()),
        Just("items:\n  - ".to_owned()),
        Just("appendices:\n  - title: T\n    rows: [{ unit: A, x: 1.000 }]\n    columns: [{ key: unit, label: U }, { key: x, label: X, formula: ".to_owned()),
        Just("signer: { title: CHỦ TỊCH }\n".to_owned()),
        Just("ngày 31 tháng 6 năm 2023".to_owned()),
        Just("trước ngày ".to_owned()),
        Just("Thứ Bảy".to_owned()),
        Just("đến ngày".to_owned()),
        Just("tháng ".to_owned()),
        "[0-9]{1,5}".prop_map(|s| s),
        "[/.:,;{}\\[\\]()*#&!|>'\"-]".prop_map(|s| s),
        "[ \n\t]".prop_map(|s| s),
        ".{0,3}".prop_map(|s| s),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_loader_and_the_checks_never_panic(text in plan_like()) {
        let file = Arc::new(SourceFile::new("p.yaml", text.clone()));
        match kehoach::pipeline::load_text(file) {
            Ok(loaded) => {
                for d in kehoach::pipeline::check(loaded, &Default::default()).problems {
                    prop_assert!(d.span.start <= d.span.end && d.span.end <= d.file.text.len());
                }
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    #[test]
    fn the_prose_scanner_finds_only_places_inside_the_text(text in plan_like()) {
        for f in kehoach::check::prose::scan(&text, Some(2023)) {
            prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len());
            prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        }
    }

    #[test]
    fn formulas_parse_or_say_why_and_evaluate_or_say_why(
        text in prop::collection::vec(
            prop_oneof![
                Just("x"), Just("days"), Just("deadline"), Just("as_of"), Just("+"), Just("-"),
                Just("*"), Just("/"), Just("("), Just(")"), Just(","), Just("max("), Just("round("),
                Just("99999"), Just("0"), Just("1.5"), Just(" "), Just("sqrt("), Just("9999999999999999"),
            ],
            0..60,
        ).prop_map(|v| v.concat())
    ) {
        if let Ok(e) = Expr::parse(&text) {
            let seven = |name: &str| match name {
                "deadline" | "as_of" => Some(Num::Date(chrono::NaiveDate::from_ymd_opt(2023, 6, 30).unwrap())),
                _ => Some(Num::Number(BigRational::from_integer(7.into()))),
            };
            let _ = e.eval(&seven);
        }
    }
}
