//! A new plan to fill in (`kehoach new`, the preview's "Kế hoạch mới"): the commented
//! template of its kind, dated as a draft of this month with a period from next week, that
//! checks clean; and where a name given for it is written.

use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::check::holiday;
use crate::discover::DEFAULT_DIR;
use crate::plan::Kind;
use crate::vietnamese::calendar::display;

static TEMPLATES: &[(&str, &str)] = &[
    ("ke-hoach", include_str!("../templates/new/ke-hoach.yaml")),
    ("chi-thi", include_str!("../templates/new/chi-thi.yaml")),
];

fn is_working_day(d: NaiveDate) -> bool {
    d.weekday() != Weekday::Sun && holiday(d).is_none()
}

fn working_day_from(mut d: NaiveDate, step: i64) -> NaiveDate {
    while !is_working_day(d) {
        d += Duration::days(step);
    }
    d
}

/// The text of a new plan of `kind` dated around `today`.
pub fn new_plan_text(kind: &Kind, today: NaiveDate) -> String {
    let template = TEMPLATES
        .iter()
        .find(|(k, _)| *k == kind.name)
        .map_or(TEMPLATES[0].1, |(_, t)| t);
    let start = working_day_from(today + Duration::days(7), 1);
    let end = working_day_from(start + Duration::days(60), -1);
    let mut ctx = tera::Context::new();
    ctx.insert("plan_date", &format!("{}/{}", today.month(), today.year()));
    ctx.insert("period_start", &display(start));
    ctx.insert("period_end", &display(end));
    ctx.insert(
        "event_date",
        &display(working_day_from(start + Duration::days(2), 1)),
    );
    ctx.insert(
        "deadline",
        &display(working_day_from(start + Duration::days(14), 1)),
    );
    let sections: Vec<&str> = kind.default_sections.to_vec();
    ctx.insert("sections", &sections);
    tera::Tera::one_off(template, &ctx, false).expect("the built-in new-plan templates render")
}

/// Where `kehoach new NAME` writes: `plans/NAME.yaml` for a bare name, the path itself for a
/// `.yaml` / `.yml` path. The file's name must be plain (letters, digits, `-`, `_`, `.`): no
/// wildcard, control character or hidden file.
pub fn target(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(name);
    let file = path.file_name()?.to_str()?;
    let stem = file
        .strip_suffix(".yaml")
        .or_else(|| file.strip_suffix(".yml"));
    let plain = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c))
    };
    if !plain(stem.unwrap_or(file)) || path.components().any(|c| c.as_os_str() == "..") {
        return None;
    }
    match stem {
        Some(_) => Some(path),
        None if path.components().count() == 1 => {
            Some(PathBuf::from(DEFAULT_DIR).join(format!("{file}.yaml")))
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use chrono::NaiveDate;
    use std::sync::Arc;

    #[test]
    fn names_and_paths() {
        assert_eq!(
            target("ke-hoach-06"),
            Some(PathBuf::from("plans/ke-hoach-06.yaml"))
        );
        assert_eq!(
            target("kế-hoạch"),
            Some(PathBuf::from("plans/kế-hoạch.yaml"))
        );
        assert_eq!(
            target("xa/ke-hoach.yaml"),
            Some(PathBuf::from("xa/ke-hoach.yaml"))
        );
        for bad in ["a\nb", "*", "a*.yaml", ".an", "x/y", "../x.yaml", "", "a b"] {
            assert_eq!(target(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_new_plan_lists_exactly_the_recipients_its_template_writes() {
        let want: &[(&str, &[&str])] = &[
            ("ke-hoach", &["UBND huyện (b/c)", "Các thôn (t/h)"]),
            ("chi-thi", &["UBND tỉnh (b/c)", "Các cơ quan, đơn vị (t/h)"]),
        ];
        for kind in Kind::standalone() {
            let today = NaiveDate::from_ymd_opt(2024, 4, 25).unwrap();
            let file = Arc::new(SourceFile::new("new.yaml", new_plan_text(kind, today)));
            let loaded = crate::pipeline::load_text(file).unwrap_or_else(|_| panic!());
            let got: Vec<&str> = loaded.plan.recipients.iter().map(|r| r.as_str()).collect();
            let (_, expected) = want.iter().find(|(k, _)| *k == kind.name).unwrap();
            assert_eq!(&got, expected, "{}", kind.name);
        }
    }

    #[test]
    fn every_new_plan_checks_clean_whatever_the_day() {
        for kind in Kind::standalone() {
            for day in [(2023, 1, 10), (2024, 4, 25), (2026, 11, 23), (2027, 8, 28)] {
                let today = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
                let text = new_plan_text(kind, today);
                let file = Arc::new(SourceFile::new("new.yaml", text));
                let loaded = crate::pipeline::load_text(file)
                    .unwrap_or_else(|d| panic!("{:?}", d[0].message));
                let problems = crate::pipeline::check(loaded, &Default::default()).problems;
                assert!(
                    problems.is_empty(),
                    "{} {today}: {:?}",
                    kind.name,
                    problems.iter().map(|d| &d.message.en).collect::<Vec<_>>()
                );
            }
        }
    }
}
