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

use crate::appendix::figures::{FigureRow, Figures};
use crate::appendix::progress::{self, Before};
use crate::appendix::{AppendixTable, Overrides};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::LoadedPlan;
use crate::msg;
use crate::plan::FiguresSource;
use crate::source::Span;
use crate::vietnamese::calendar::parse_date;

/// A report's table: the plan's appendix with the report's figures.
#[derive(Clone, Debug)]
pub struct ReportTable {
    pub table: AppendixTable,
    /// The same table with the last figures (`since`), when given.
    pub before: Option<AppendixTable>,
    /// The columns its figures bring (what a report above sums from it).
    pub figure_keys: Vec<String>,
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
        out.report = report_table(loaded, 0, &mut out.problems);
    } else {
        only_in_reports(loaded, &mut out.problems);
    }
    let (table, before) = match &out.report {
        Some(r) => (Some(&r.table), r.before.as_ref()),
        None if !is_report => (tables.first(), None),
        None => (None, None),
    };
    let failed = is_report && out.report.is_none();
    if let Some(r) = &out.report {
        placeholders::stated_in_prose(loaded, &r.table, &mut out.problems);
    }
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

/// How deep reports may roll up from reports (a district's from its communes', and theirs).
const MAX_DEPTH: usize = 8;

/// A report beside this one (`since:`, an entry of `from:`), found as a parent plan is,
/// and its table; None after saying why it cannot be used.
fn other_report(
    loaded: &LoadedPlan,
    written: &crate::plan::Text,
    depth: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<(ReportTable, chrono::NaiveDate, crate::load::LoadedPlan)> {
    let file = &loaded.file;
    let span = file.span_of(&written.at);
    let name = &written.value;
    let report = crate::load::read_source(&folder_of(loaded).join(name))
        .ok()
        .and_then(Result::ok)
        .and_then(|f| crate::load::parse(f).ok())
        .filter(|r| r.plan.kind.value.0 == "bao-cao");
    let Some(report) = report else {
        problems.push(Diagnostic::new(
            Code::BadValue,
            file,
            span,
            msg!(
                "`{name}` không phải một báo cáo đọc được (`kind: bao-cao`, không lỗi)",
                "`{name}` is not a report that can be read (`kind: bao-cao`, without errors)"
            ),
        ));
        return None;
    };
    let mut found = Vec::new();
    let table = report_table(&report, depth + 1, &mut found);
    let day = report
        .plan
        .as_of
        .as_ref()
        .and_then(|d| parse_date(&d.value).ok());
    match (table, day, found.iter().find(|d| d.is_error())) {
        (Some(t), Some(day), None) => Some((t, day, report)),
        (_, _, first) => {
            let place = first.map_or_else(String::new, |d| {
                let at = d.file.position(d.span.start);
                format!(" ({}:{}:{})", d.file.name(), at.line, at.column)
            });
            problems.push(Diagnostic::new(
                Code::BadValue,
                file,
                span,
                msg!(
                    "báo cáo `{name}` có lỗi{place}; sửa nó trước",
                    "the report `{name}` has errors{place}; mend it first"
                ),
            ));
            None
        }
    }
}

fn folder_of(loaded: &LoadedPlan) -> PathBuf {
    loaded
        .file
        .path()
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The figures a report names: its file, or the totals of the reports of the units below
/// (`from:`), each in its unit's row of `plan`'s table.
fn figures_of(
    loaded: &LoadedPlan,
    source: &crate::plan::Located<FiguresSource>,
    plan: &LoadedPlan,
    day: chrono::NaiveDate,
    depth: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Figures, Vec<String>)> {
    let file = &loaded.file;
    let folder = folder_of(loaded);
    match &source.value {
        FiguresSource::File(name) => {
            if !inside(&folder, name) {
                problems.push(Diagnostic::new(
                    Code::AppendixRows,
                    file,
                    file.span_of(&source.at),
                    msg!(
                        "không có tệp số liệu `{name}` trong thư mục của báo cáo",
                        "there is no data file `{name}` in the report's folder"
                    ),
                ));
                return None;
            }
            let keys = crate::appendix::data::from_file(&folder, name, true)
                .map(|d| {
                    d.keys
                        .iter()
                        .filter_map(|k| match &k.value {
                            crate::appendix::data::CellValue::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some((Figures::File(folder, name.clone()), keys))
        }
        FiguresSource::From { from } => {
            let rows = roll_up(loaded, from, plan, day, depth, problems)?;
            let mut keys: Vec<String> = rows.iter().flat_map(|r| r.cells.keys().cloned()).collect();
            keys.sort();
            keys.dedup();
            let span = file.span_of(&source.at);
            Some((
                Figures::Rows {
                    rows,
                    file: loaded.file.clone(),
                    span,
                },
                keys,
            ))
        }
    }
}

/// Each report of `from` as one row: its unit (the row of `plan` its plan takes its quota
/// from, else the one its authority names) and its totals of the figures it brings.
fn roll_up(
    loaded: &LoadedPlan,
    from: &[crate::plan::Located<String>],
    plan: &LoadedPlan,
    day: chrono::NaiveDate,
    depth: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<FigureRow>> {
    let file = &loaded.file;
    let plan_path = plan.file.path().canonicalize().ok();
    let mut rows = Vec::new();
    let mut failed = false;
    for written in from {
        let span = file.span_of(&written.at);
        let name = &written.value;
        if depth >= MAX_DEPTH {
            problems.push(Diagnostic::new(
                Code::CascadeLoop,
                file,
                span,
                msg!(
                    "báo cáo tổng hợp từ báo cáo quá {MAX_DEPTH} cấp (hoặc thành vòng)",
                    "reports roll up from reports more than {MAX_DEPTH} levels deep (or in a loop)"
                ),
            ));
            return None;
        }
        let Some((child, child_day, child_loaded)) = other_report(loaded, written, depth, problems)
        else {
            failed = true;
            continue;
        };
        if child_day > day {
            let (c, d) = (
                crate::vietnamese::calendar::display(child_day),
                crate::vietnamese::calendar::display(day),
            );
            problems.push(Diagnostic::new(
                Code::BadValue,
                file,
                span,
                msg!(
                    "số liệu của `{name}` tính đến {c}, sau ngày {d} của báo cáo này",
                    "the figures of `{name}` are as of {c}, after this report's {d}"
                ),
            ));
            failed = true;
            continue;
        }
        // Its row: the one its plan takes its quota from, else the one its authority names.
        let child_plan =
            child_loaded.plan.reports_on.as_ref().and_then(|r| {
                crate::cascade::reported(&child_loaded, &r.value.plan, &mut Vec::new())
            });
        let linked = child_plan
            .as_ref()
            .and_then(|p| p.loaded.as_ref())
            .and_then(|p| {
                crate::cascade::resolve(p)
                    .links
                    .into_iter()
                    .find(|l| Some(&l.parent) == plan_path.as_ref())
                    .map(|l| l.row)
            });
        let authority = child_loaded.plan.authority.name.value.to_uppercase();
        let units = plan_units(plan);
        let unit = linked.or_else(|| {
            units
                .iter()
                .filter(|u| authority.ends_with(&u.to_uppercase()))
                .max_by_key(|u| u.len())
                .cloned()
        });
        let Some(unit) = unit.filter(|u| units.contains(u)) else {
            problems.push(Diagnostic::new(Code::AppendixRows, file, span, msg!(
                "không biết báo cáo `{name}` là của đơn vị nào trong phụ lục của kế hoạch (tên cơ quan: {authority})",
                "which unit of the plan's appendix the report `{name}` is for is not known (its authority: {authority})"
            )));
            failed = true;
            continue;
        };
        let Some(totals) = &child.table.totals else {
            failed = true;
            continue;
        };
        let mut cells = std::collections::BTreeMap::new();
        for key in &child.figure_keys {
            if let Some(c) = child.table.columns.iter().position(|c| &c.key == key)
                && let crate::appendix::Value::Number(n) = &totals[c]
            {
                cells.insert(key.clone(), n.clone());
            }
        }
        rows.push(FigureRow {
            unit,
            cells,
            file: loaded.file.clone(),
            span,
        });
    }
    (!failed).then_some(rows)
}

/// The units of a plan's first table as its data names them (for finding a report's row).
fn plan_units(plan: &LoadedPlan) -> Vec<String> {
    let (tables, _) = crate::appendix::compute_all(plan, &Overrides::default());
    tables
        .iter()
        .flat_map(|t| {
            let u = t
                .columns
                .iter()
                .position(|c| c.kind == crate::appendix::ColumnKind::Unit);
            t.rows
                .iter()
                .filter_map(move |r| u.map(|u| r[u].shown(t.columns[u].format)))
        })
        .collect()
}

fn report_table(
    loaded: &LoadedPlan,
    depth: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<ReportTable> {
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
    let parent = crate::cascade::reported(loaded, &on.value.plan, problems)?;
    let plan = parent.loaded.as_ref()?;
    if depth == 0 {
        on_schedule(loaded, plan, as_of, day, problems);
    }
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
    let compute = |figures: Figures, as_of, problems: &mut Vec<Diagnostic>| {
        let ov = Overrides {
            as_of,
            figures: Some(figures),
            cascaded: crate::cascade::resolve(plan).cascaded,
            rows: None,
        };
        let (tables, found) = crate::appendix::compute_all(plan, &ov);
        let errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
        let failed = !errors.is_empty();
        problems.extend(errors);
        tables
            .into_iter()
            .find(|t| t.index == index)
            .filter(|_| !failed)
    };
    let (source, figure_keys) = figures_of(loaded, figures, plan, day, depth, problems)?;
    let mut table = compute(source, Some(day), problems)?;
    let before = match &p.since {
        Some(since) => {
            // The last report (its table and its day), or its figures alone.
            let is_report = since.value.ends_with(".yaml") || since.value.ends_with(".yml");
            let (old, old_day) = if is_report {
                let (old, old_day, _) = other_report(loaded, since, depth, problems)?;
                (old.table, Some(old_day))
            } else {
                let source =
                    crate::plan::Located::new(FiguresSource::File(since.value.clone()), since.at);
                let (figures, _) = figures_of(loaded, &source, plan, day, depth, problems)?;
                (compute(figures, None, problems)?, None)
            };
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
    rank(&mut table);
    Some(ReportTable {
        table,
        before,
        figure_keys,
    })
}

/// A last column "Xếp hạng": each unit's place by its rate (the first percent column, else
/// what is done), ties sharing a place.
fn rank(table: &mut AppendixTable) {
    use crate::appendix::{ColumnKind, HeaderCell, LeafColumn, Value};
    use crate::plan::CellFormat;
    let by = table
        .columns
        .iter()
        .position(|c| c.format == CellFormat::Percent)
        .or_else(|| table.columns.iter().position(|c| c.key == "done"));
    let Some(by) = by else { return };
    let value = |r: &Vec<Value>| match &r[by] {
        Value::Number(n) => Some(n.clone()),
        _ => None,
    };
    let values: Vec<_> = table.rows.iter().map(value).collect();
    for (i, row) in table.rows.iter_mut().enumerate() {
        let place = values[i].as_ref().map(|mine| {
            1 + values
                .iter()
                .flatten()
                .filter(|other| *other > mine)
                .count()
        });
        row.push(place.map_or(Value::Empty, |p| {
            Value::Number(num_rational::BigRational::from_integer(p.into()))
        }));
    }
    if let Some(t) = &mut table.totals {
        t.push(Value::Empty);
    }
    for g in &mut table.groups {
        g.subtotals.push(Value::Empty);
    }
    table.columns.push(LeafColumn {
        key: "rank".into(),
        label: "Xếp hạng".into(),
        format: CellFormat::Integer,
        kind: ColumnKind::Formula,
    });
    table.header.push(HeaderCell {
        label: "Xếp hạng".into(),
        row: 0,
        col: table.columns.len() - 1,
        rows: table.header_rows.max(1),
        cols: 1,
    });
}
