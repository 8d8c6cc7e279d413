//! `kehoach new NAME [--kind ke-hoach|chi-thi]`: writes plans/NAME.yaml (or NAME itself when it
//! is a `.yaml` path), a commented plan that checks clean, dated as a draft of this month.

use std::path::PathBuf;

use clap::builder::TypedValueParser;

use chrono::{Datelike, Duration, Local, NaiveDate, Weekday};

use super::Context;
use crate::check::holiday;
use crate::discover::DEFAULT_DIR;
use crate::plan::Kind;
use crate::vietnamese::calendar::display;

static TEMPLATES: &[(&str, &str)] = &[
    (
        "ke-hoach",
        include_str!("../../templates/new/ke-hoach.yaml"),
    ),
    ("chi-thi", include_str!("../../templates/new/chi-thi.yaml")),
];

#[derive(clap::Args)]
pub struct Args {
    /// Tên tệp (ghi vào plans/TÊN.yaml) hoặc đường dẫn .yaml — a name (plans/NAME.yaml) or a .yaml path.
    pub name: String,
    /// Loại văn bản — the kind of document.
    #[arg(long, default_value = "ke-hoach", value_parser = kind_parser())]
    pub kind: &'static Kind,
    /// Ghi đè nếu tệp đã có — overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `--kind`: one of the kinds of the table, offered by name in `--help`.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = &'static Kind> {
    clap::builder::PossibleValuesParser::new(Kind::standalone().map(|k| k.name))
        .map(|name: String| Kind::find(&name).expect("only the table's names get through"))
}

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
fn target(name: &str) -> Option<PathBuf> {
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

pub fn run(ctx: &Context, args: Args) -> i32 {
    let Some(path) = target(&args.name) else {
        return ctx.usage_error(
            &format!(
                "tên `{}` không dùng được; ghi một tên tệp chỉ có chữ, số, `-`, `_`, ví dụ `ke-hoach-06` (ghi vào plans/) hoặc `thu-muc/ke-hoach-06.yaml`",
                args.name.escape_debug()
            ),
            &format!(
                "cannot use the name `{}`; give a file name of letters, digits, `-` and `_`, e.g. `plan-06` (written to plans/) or `folder/plan-06.yaml`",
                args.name.escape_debug()
            ),
        );
    };
    let kind = args.kind;
    if path.exists() && !args.force {
        let p = path.display();
        return ctx.usage_error(
            &format!("{p} đã có; dùng --force để ghi đè"),
            &format!("{p} already exists; use --force to overwrite it"),
        );
    }
    let text = new_plan_text(kind, Local::now().date_naive());
    if let Err(e) = crate::output::write_atomically(&path, text.as_bytes()) {
        let p = path.display();
        return ctx.usage_error(
            &format!("không ghi được {p}: {e}"),
            &format!("cannot write {p}: {e}"),
        );
    }
    match ctx.lang {
        crate::lang::Lang::Vi => println!(
            "Đã tạo {}. Sửa nội dung rồi chạy `kehoach check`.",
            path.display()
        ),
        crate::lang::Lang::En => println!(
            "Wrote {}. Fill it in, then run `kehoach check`.",
            path.display()
        ),
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
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
