//! Reports (`kind: bao-cao`): the table of a plan's appendix computed with the report's
//! figures, and the figures a report's text names (`{{ total.done }}`).
//!
//! A report names the plan it is on (`reports_on`, found as a cascade's parent is: inside the
//! project's tree), the day its figures are counted to (`as_of`) and its figures (`figures`:
//! the unit column and the plan's input columns). Its table is the plan's appendix computed by
//! the same engine with those figures over the plan's data (the quota stays the plan's), with
//! the progress since the last figures (`since`) added as `kehoach build --since` adds it.
//! [`placeholders`] evaluates what the text names on that table.
//!
//! Not here: the rules of one plan ([`crate::check`]), computing a table
//! ([`crate::appendix`]); this module only puts them together for a report.

pub mod placeholders;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::appendix::progress::{self, Before};
use crate::appendix::{AppendixTable, Overrides};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::LoadedPlan;
use crate::msg;
use crate::source::Span;
use crate::vietnamese::calendar::parse_date;

/// A report's table: the plan's appendix with the report's figures.
#[derive(Clone, Debug)]
pub struct ReportTable {
    pub table: AppendixTable,
    /// The same table with the last figures (`since`), when given.
    pub before: Option<AppendixTable>,
}

/// What the report stage adds to a checked plan.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub report: Option<ReportTable>,
    /// Each placeholder's text (`total.done`, trimmed) and its value, formatted.
    pub values: BTreeMap<String, String>,
    pub problems: Vec<Diagnostic>,
}

/// The report's table (for a report) and the values of the placeholders in the text (for any
/// plan: on its first computed table when it is not a report).
pub fn compute(loaded: &LoadedPlan, tables: &[AppendixTable]) -> Outcome {
    let mut out = Outcome::default();
    let is_report = loaded.plan.kind.value.0 == "bao-cao";
    if is_report {
        out.report = report_table(loaded, &mut out.problems);
    } else {
        only_in_reports(loaded, &mut out.problems);
    }
    let (table, before) = match &out.report {
        Some(r) => (Some(&r.table), r.before.as_ref()),
        None if !is_report => (tables.first(), None),
        None => (None, None),
    };
    let failed = is_report && out.report.is_none();
    if !failed {
        out.values = placeholders::evaluate(loaded, table, before, &mut out.problems);
    }
    out
}

fn root_span() -> Span {
    Span::new(0, 0)
}

/// `reports_on`, `as_of`, `figures` and `since` belong to a report.
fn only_in_reports(loaded: &LoadedPlan, problems: &mut Vec<Diagnostic>) {
    let p = &loaded.plan;
    let file = &loaded.file;
    let at = [
        ("reports_on", p.reports_on.as_ref().map(|r| &r.at)),
        ("as_of", p.as_of.as_ref().map(|r| &r.at)),
        ("figures", p.figures.as_ref().map(|r| &r.at)),
        ("since", p.since.as_ref().map(|r| &r.at)),
    ];
    for (key, at) in at {
        if let Some(at) = at {
            let mut d = Diagnostic::new(
                Code::BadValue,
                file,
                file.span_of(at),
                msg!(
                    "`{key}` chỉ dùng trong báo cáo (`kind: bao-cao`)",
                    "`{key}` belongs to a report (`kind: bao-cao`)"
                ),
            );
            d.help = Some(msg!(
                "bỏ `{key}`, hoặc ghi `kind: bao-cao` nếu đây là một báo cáo",
                "remove `{key}`, or write `kind: bao-cao` if this is a report"
            ));
            problems.push(d);
        }
    }
}

fn missing(loaded: &LoadedPlan, key: &str, what: crate::lang::Message) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::MissingField,
        &loaded.file,
        root_span(),
        msg!(
            "báo cáo thiếu trường bắt buộc `{key}`",
            "the report is missing the required field `{key}`"
        ),
    );
    d.help = Some(what);
    d
}

/// A data file of the report, as written: inside its folder.
fn inside(folder: &Path, name: &str) -> bool {
    let lexical = crate::discover::lexical(Path::new(name));
    !lexical.is_absolute() && !lexical.starts_with("..") && folder.join(&lexical).is_file()
}

/// Warns when the plan has reporting rules and `day` is none of the days they give.
fn on_schedule(
    loaded: &LoadedPlan,
    plan: &LoadedPlan,
    as_of: &crate::plan::DateText,
    day: chrono::NaiveDate,
    problems: &mut Vec<Diagnostic>,
) {
    let due: Vec<chrono::NaiveDate> = crate::agenda::entries(plan)
        .iter()
        .filter(|e| e.kind == crate::agenda::EntryKind::Report)
        .flat_map(crate::agenda::days)
        .collect();
    if due.is_empty() || due.contains(&day) {
        return;
    }
    let before = due.iter().filter(|d| **d < day).max();
    let after = due.iter().filter(|d| **d > day).min();
    let near: Vec<String> = [before, after]
        .into_iter()
        .flatten()
        .map(|d| crate::vietnamese::calendar::display(*d))
        .collect();
    let near = near.join(", ");
    let shown = crate::vietnamese::calendar::display(day);
    let file = &loaded.file;
    let mut d = Diagnostic::new(
        Code::ReportOffSchedule,
        file,
        file.span_of(&as_of.at),
        msg!(
            "ngày {shown} không phải một kỳ báo cáo theo chế độ báo cáo của kế hoạch",
            "{shown} is none of the reporting days the plan's rules give"
        ),
    );
    d.help = Some(msg!(
        "kỳ báo cáo gần nhất: {near}",
        "the nearest reporting days: {near}"
    ));
    problems.push(d);
}

/// The figures and the day of the report `name` (a `.yaml` in `folder`), when it is one.
fn last_report(folder: &Path, name: &str) -> Option<(String, Option<chrono::NaiveDate>)> {
    if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
        return None;
    }
    let file = crate::load::read_source(&folder.join(name)).ok()?.ok()?;
    let last = crate::load::parse(file).ok()?;
    let figures = last.plan.figures.as_ref()?.value.clone();
    // Its figures are named from its own folder, which is this one.
    let day = last
        .plan
        .as_of
        .as_ref()
        .and_then(|d| parse_date(&d.value).ok());
    Some((figures, day))
}

fn report_table(loaded: &LoadedPlan, problems: &mut Vec<Diagnostic>) -> Option<ReportTable> {
    let p = &loaded.plan;
    let file = &loaded.file;
    let need = |problems: &mut Vec<Diagnostic>, key: &str, what| {
        problems.push(missing(loaded, key, what));
    };
    if p.reports_on.is_none() {
        need(
            problems,
            "reports_on",
            msg!(
                "thêm `reports_on: {{ plan: ../ke-hoach.yaml, appendix: 1 }}`: kế hoạch và phụ lục được báo cáo",
                "add `reports_on: {{ plan: ../ke-hoach.yaml, appendix: 1 }}`: the plan and its appendix reported on"
            ),
        );
    }
    if p.as_of.is_none() {
        need(
            problems,
            "as_of",
            msg!(
                "thêm `as_of: 20/6/2023`: ngày số liệu được tính đến",
                "add `as_of: 20/6/2023`: the day the figures are counted to"
            ),
        );
    }
    if p.figures.is_none() {
        need(
            problems,
            "figures",
            msg!(
                "thêm `figures: data/so-lieu.csv`: cột đơn vị và các cột số liệu của kế hoạch",
                "add `figures: data/so-lieu.csv`: the unit column and the plan's input columns"
            ),
        );
    }
    let (on, as_of, figures) = (
        p.reports_on.as_ref()?,
        p.as_of.as_ref()?,
        p.figures.as_ref()?,
    );
    // The date itself is checked with every date of the plan.
    let day = parse_date(&as_of.value).ok()?;
    let folder = file
        .path()
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    for f in [Some(figures), p.since.as_ref()].into_iter().flatten() {
        if !inside(&folder, &f.value) {
            let name = &f.value;
            problems.push(Diagnostic::new(
                Code::AppendixRows,
                file,
                file.span_of(&f.at),
                msg!(
                    "không có tệp số liệu `{name}` trong thư mục của báo cáo",
                    "there is no data file `{name}` in the report's folder"
                ),
            ));
            return None;
        }
    }
    let parent = crate::cascade::reported(loaded, &on.value.plan, problems)?;
    let plan = parent.loaded.as_ref()?;
    on_schedule(loaded, plan, as_of, day, problems);
    let n = on.value.appendix.as_ref().map_or(1, |a| a.value);
    let index = usize::try_from(n - 1).ok();
    let appendix = index
        .and_then(|i| plan.plan.appendices.get(i))
        .filter(|a| !a.columns.is_empty());
    let Some(index) = index.filter(|_| appendix.is_some()) else {
        let at = on.value.appendix.as_ref().map_or(on.at, |a| a.at);
        let tables = plan
            .plan
            .appendices
            .iter()
            .filter(|a| !a.columns.is_empty())
            .count();
        problems.push(Diagnostic::new(
            Code::BadValue,
            file,
            file.span_of(&at),
            msg!(
                "kế hoạch không có phụ lục bảng số {n} (có {tables} phụ lục bảng)",
                "the plan has no table appendix {n} (it has {tables})"
            ),
        ));
        return None;
    };
    let compute = |figures: &str, as_of| {
        let ov = Overrides {
            as_of,
            figures: Some((folder.clone(), figures.to_owned())),
            cascaded: crate::cascade::resolve(plan).cascaded,
            rows: None,
        };
        let (tables, found) = crate::appendix::compute_all(plan, &ov);
        (tables.into_iter().find(|t| t.index == index), found)
    };
    let (table, found) = compute(&figures.value, Some(day));
    let errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    let failed = !errors.is_empty();
    problems.extend(errors);
    let mut table = table.filter(|_| !failed)?;
    let before = match &p.since {
        Some(since) => {
            // The last report (its figures and their day), or its figures alone.
            let (old_figures, old_day) = match last_report(&folder, &since.value) {
                Some((f, d)) => (f, d),
                None => (since.value.clone(), None),
            };
            let (old, found) = compute(&old_figures, old_day);
            let errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
            let failed = !errors.is_empty();
            problems.extend(errors);
            let old = old.filter(|_| !failed)?;
            progress::add(
                &mut table,
                &Before {
                    table: old.clone(),
                    date: old_day,
                    name: since.value.clone(),
                },
            );
            Some(old)
        }
        None => None,
    };
    Some(ReportTable { table, before })
}
