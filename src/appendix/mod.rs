//! Appendix tables: computed from their inputs by stated rules, so they are regenerated, not
//! retyped, when the figures change.
//!
//! [`compute`] turns a table appendix (columns, rows or a data file, dates) into an
//! [`AppendixTable`]: every figure computed exactly, the merged header laid out, the totals row
//! made. It reports, as diagnostics, every problem it meets on the way; `kehoach check` runs
//! it for that. Formatting the figures for a reader is not done here ([`crate::vietnamese`]).
//!
//! Rules: input columns are read from the data; `allocate` columns split a total in
//! proportion to an input column (largest remainder); formula columns are computed per row in
//! dependency order and rounded as asked; the totals row sums inputs and allocations and
//! computes formulas again from the totals (so a per-day figure is the total's, not the sum of
//! rounded rows, as printed originals do).

pub mod allocate;
mod columns;
pub mod data;
mod evaluate;
pub mod export;
pub mod figures;
pub mod formula;
mod groups;
mod inputs;
pub mod progress;
pub mod since;
mod terminal;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::load::LoadedPlan;
use crate::msg;
use crate::plan::{Appendix, CellFormat, Located, Rows};
use crate::source::{SourceFile, Span};
use crate::vietnamese::calendar::{display, parse_date};
use columns::{Leaf, evaluation_order};
use data::DataSet;
use evaluate::EvalContext;

pub use columns::header_grid;

/// A computed value in a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(BigRational),
    Date(NaiveDate),
    Text(String),
    Empty,
}

impl Value {
    /// The value as a reader sees it: "75.740", "58,19%", "05/11/2023".
    pub fn shown(&self, format: CellFormat) -> String {
        match self {
            Value::Number(n) => match format {
                CellFormat::Percent => crate::vietnamese::percent(n),
                _ => crate::vietnamese::number(n),
            },
            Value::Date(d) => crate::vietnamese::date(*d),
            Value::Text(t) => t.clone(),
            Value::Empty => String::new(),
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// STT: the row's number.
    RowNumber,
    /// The unit each row is about (its key is `unit`, or it is the first column).
    Unit,
    Input,
    Formula,
    Allocated,
}

/// A column of the table as printed (the leaves of the column tree).
#[derive(Clone, Debug)]
pub struct LeafColumn {
    pub key: String,
    pub label: String,
    pub format: CellFormat,
    pub kind: ColumnKind,
}

/// One cell of the (possibly multi-level) header: its place in the header grid and its extent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub label: String,
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// A computed table appendix.
#[derive(Clone, Debug)]
pub struct AppendixTable {
    /// The appendix's place among the plan's appendices (0-based).
    pub index: usize,
    pub title: String,
    pub as_of: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub days: Option<i64>,
    pub columns: Vec<LeafColumn>,
    pub header: Vec<HeaderCell>,
    pub header_rows: usize,
    pub rows: Vec<Vec<Value>>,
    /// The totals row, labelled in the unit column.
    pub totals: Option<Vec<Value>>,
    /// The key of the percent column to draw as bars.
    pub chart: Option<String>,
    /// Where each row is written, "plans/x.yaml:31" or "data/a.csv:4" (for the preview).
    pub sources: Vec<String>,
    /// With `group_by`: the groups, in the order they first appear; their rows are together.
    pub groups: Vec<RowGroup>,
}

/// A group of rows (`group_by`): a heading row with its numeral and name, its rows (numbered
/// from 1), and a subtotal row computed by the totals' rule.
#[derive(Clone, Debug)]
pub struct RowGroup {
    pub name: String,
    /// "I", "II", …
    pub numeral: String,
    /// Its rows, in `AppendixTable::rows`.
    pub rows: std::ops::Range<usize>,
    /// Its subtotal row, labelled "Cộng" in the unit column.
    pub subtotals: Vec<Value>,
}

/// What a printed row of a table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A group's heading (`group_by`): its numeral and name.
    Group,
    /// A unit's row: its index in `AppendixTable::rows`.
    Unit(usize),
    /// A group's subtotal.
    Subtotal,
    Total,
}

impl AppendixTable {
    /// The rows as printed, in order: with groups, each group's heading (its numeral in the
    /// STT column, its name in the unit column), its rows, its subtotal; then the totals. The
    /// one order of every output: the PDF and DOCX, the terminal, CSV and the workbook.
    pub fn printed_rows(&self) -> Vec<(Vec<Value>, RowKind)> {
        let units =
            |range: std::ops::Range<usize>| range.map(|i| (self.rows[i].clone(), RowKind::Unit(i)));
        let mut out = Vec::new();
        if self.groups.is_empty() {
            out.extend(units(0..self.rows.len()));
        }
        for g in &self.groups {
            let heading = self
                .columns
                .iter()
                .map(|c| match c.kind {
                    ColumnKind::RowNumber => Value::Text(g.numeral.clone()),
                    ColumnKind::Unit => Value::Text(g.name.clone()),
                    _ => Value::Empty,
                })
                .collect();
            out.push((heading, RowKind::Group));
            out.extend(units(g.rows.clone()));
            out.push((g.subtotals.clone(), RowKind::Subtotal));
        }
        out.extend(self.totals.iter().map(|r| (r.clone(), RowKind::Total)));
        out
    }
}

/// Values that replace the plan's for one run (`kehoach appendix --as-of … --rows …`).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub as_of: Option<NaiveDate>,
    pub rows: Option<PathBuf>,
    /// A report's figures, whose cells replace, unit by unit, those of the rows
    /// ([`figures`]).
    pub figures: Option<figures::Figures>,
    /// Totals taken from parent plans (`allocate.from`), by appendix and column key, found by
    /// the cascade stage before the tables are computed.
    pub cascaded: BTreeMap<(usize, String), BigRational>,
}

/// Every table appendix of a plan, computed, and every problem met.
pub fn compute_all(
    loaded: &LoadedPlan,
    overrides: &Overrides,
) -> (Vec<AppendixTable>, Vec<Diagnostic>) {
    let base = loaded
        .file
        .path()
        .parent()
        .map_or(PathBuf::from("."), Path::to_path_buf);
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let mut tables = Vec::new();
    let mut out = Vec::new();
    for (index, appendix) in loaded.plan.appendices.iter().enumerate() {
        if appendix.columns.is_empty() {
            continue;
        }
        let mut c = Computer {
            file: &loaded.file,
            out: Vec::new(),
        };
        let table = c.compute(appendix, index, &base, overrides);
        out.extend(c.out);
        tables.extend(table);
    }
    (tables, out)
}

/// The most days a campaign can count: a century.
pub const MAX_DAYS: i64 = 36_525;

/// The days a formula's `days` stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Days {
    Known(i64),
    /// Neither `days` nor `as_of` and `deadline` are given.
    Missing,
    /// Given, but a problem already reported makes them unknown.
    Failed,
}

/// A table's figures, computed, before its columns are laid out.
struct Computed {
    rows: Vec<BTreeMap<String, Value>>,
    totals: Option<BTreeMap<String, Value>>,
    groups: Vec<groups::Grouped>,
}

struct Computer<'a> {
    file: &'a Arc<SourceFile>,
    out: Vec<Diagnostic>,
}

impl Computer<'_> {
    fn error(&mut self, code: Code, span: Span, m: Message) -> &mut Diagnostic {
        self.out.push(Diagnostic::new(code, self.file, span, m));
        self.out.last_mut().expect("just pushed")
    }

    fn at<T>(&self, v: &Located<T>) -> Span {
        self.file.span_of(&v.at)
    }

    fn compute(
        &mut self,
        a: &Appendix,
        index: usize,
        base: &Path,
        ov: &Overrides,
    ) -> Option<AppendixTable> {
        let errors_before = self.out.len();
        let leaves = self.leaves(a);
        let (as_of, deadline, days) = self.dates(a, ov);
        let mut data = self.data(a, base, ov)?;
        if let Some(figures) = &ov.figures {
            let at = a.rows.as_ref().map_or(self.at(&a.title), |r| self.at(r));
            data = self.with_figures(data, figures, &leaves, at)?;
        }
        // A totals row retyped from the printed table is checked against the computed totals,
        // never counted as one more unit.
        let stated_totals = stated_totals_row(&mut data, &leaves, a.totals.as_ref());
        let group_by = a.group_by.as_ref().map(|g| g.value.trim());
        self.unknown_keys(&data, &leaves, group_by);
        let mut rows = self.inputs(&data, &leaves);
        // Bad figures do not stop the computation (they count as empty, so every formula's
        // problems are found in the same run); bad columns or formulas do.
        let columns_ok = !self.out[errors_before..]
            .iter()
            .any(|d| matches!(d.code, Code::BadColumn | Code::FormulaSyntax));
        // Days that a reported problem made unknown are not missing a second time.
        let formulas_ok = self.check_formulas(&leaves, days != Days::Missing);
        if !columns_ok || !formulas_ok {
            return None;
        }
        let ctx = EvalContext {
            cascaded: ov
                .cascaded
                .iter()
                .filter(|((i, _), _)| *i == index)
                .map(|((_, key), total)| (key.clone(), total.clone()))
                .collect(),
            as_of,
            deadline,
            days: match days {
                Days::Known(n) => Some(n),
                _ => None,
            },
        };
        let order = evaluation_order(&leaves);
        let totals = self.evaluate(
            &leaves,
            &order,
            &mut rows,
            &data.rows,
            &ctx,
            a.totals.is_some() || stated_totals.is_some(),
        );
        if let (Some(given), Some(computed)) = (&stated_totals, &totals) {
            for l in &leaves {
                if let Some(v) = computed.get(&l.key) {
                    self.compare(l, v, given.cells.get(&l.key), true);
                }
            }
        }
        let groups = match &a.group_by {
            Some(key) => self.group(key, &leaves, &order, &mut rows, &mut data, &ctx)?,
            None => Vec::new(),
        };
        if self.out[errors_before..].iter().any(Diagnostic::is_error) {
            return None;
        }
        let sources = data
            .rows
            .iter()
            .map(|r| r.file.place(r.span.start))
            .collect();
        let totals = totals.filter(|_| a.totals.is_some());
        let computed = Computed {
            rows,
            totals,
            groups,
        };
        let mut table = self.table(a, index, &leaves, computed, ctx);
        table.sources = sources;
        Some(table)
    }

    /// as_of, deadline and the days between them (or the plan's own `days`).
    fn dates(
        &mut self,
        a: &Appendix,
        ov: &Overrides,
    ) -> (Option<NaiveDate>, Option<NaiveDate>, Days) {
        let written_as_of = a.as_of.as_ref().and_then(|d| parse_date(d).ok());
        let as_of = ov.as_of.or(written_as_of);
        let deadline = a.deadline.as_ref().and_then(|d| parse_date(d).ok());
        let as_of_span = a.as_of.as_ref().map_or(self.at(&a.title), |d| self.at(d));
        if let (Some(x), Some(d)) = (as_of, deadline)
            && x > d
        {
            let (xs, ds) = (display(x), display(d));
            self.error(
                Code::AsOfAfterDeadline,
                as_of_span,
                msg!(
                    "số liệu tính đến {xs}, sau hạn {ds}",
                    "the figures are as of {xs}, after the deadline {ds}"
                ),
            )
            .help = Some(msg!(
                "ghi `as_of` không muộn hơn `deadline`",
                "make `as_of` no later than `deadline`"
            ));
            return (as_of, deadline, Days::Failed);
        }
        let days = match &a.days {
            Some(days) => match self.own_days(days, ov, written_as_of) {
                Some(n) => n,
                None => return (as_of, deadline, Days::Failed),
            },
            None => match (as_of, deadline) {
                (Some(x), Some(d)) => {
                    let n = (d - x).num_days();
                    if n <= 0 {
                        let span = a.deadline.as_ref().map_or(as_of_span, |d| self.at(d));
                        self.error(
                            Code::DaysNotPositive,
                            span,
                            msg!(
                                "từ {} đến hạn {} không còn ngày nào",
                                "no days are left from {} to the deadline {}",
                                display(x),
                                display(d)
                            ),
                        );
                        return (as_of, deadline, Days::Failed);
                    }
                    n
                }
                _ => return (as_of, deadline, Days::Missing),
            },
        };
        (as_of, deadline, Days::Known(days))
    }

    /// The plan's own `days`, less the days a later `--as-of` moved; `None` after reporting
    /// why they cannot be used.
    fn own_days(
        &mut self,
        days: &Located<crate::plan::Scalar>,
        ov: &Overrides,
        written_as_of: Option<NaiveDate>,
    ) -> Option<i64> {
        let n = self.figure(days, "days")?;
        // A later --as-of leaves that many fewer of the plan's own days.
        let shift = match (ov.as_of, written_as_of) {
            (Some(new), Some(old)) => (new - old).num_days(),
            _ => 0,
        };
        let n = n - BigRational::from_integer(shift.into());
        let whole = n.is_integer().then(|| n.to_integer().to_i64()).flatten();
        match whole {
            Some(n) if n > 0 && n <= MAX_DAYS => Some(n),
            _ => {
                let shown = crate::vietnamese::number(&n);
                self.error(
                    Code::DaysNotPositive,
                    self.at(days),
                    msg!(
                        "số ngày còn lại là {shown}",
                        "the days left come to {shown}"
                    ),
                )
                .help = Some(msg!(
                    "ghi `days` là một số nguyên từ 1 đến {MAX_DAYS}",
                    "write `days` as a whole number from 1 to {MAX_DAYS}"
                ));
                None
            }
        }
    }

    fn data(&mut self, a: &Appendix, base: &Path, ov: &Overrides) -> Option<DataSet> {
        let rows_span = a.rows.as_ref().map_or(self.at(&a.title), |r| self.at(r));
        let read = match (&ov.rows, a.rows.as_ref().map(|r| &r.value)) {
            (Some(path), _) => data::from_file(Path::new("."), &path.to_string_lossy(), false),
            (None, Some(Rows::File(name))) => data::from_file(base, name, true),
            (None, Some(Rows::Inline(rows))) => Ok(data::inline(self.file, rows)),
            (None, None) => {
                self.error(
                    Code::AppendixRows,
                    rows_span,
                    msg!(
                        "phụ lục có cột nhưng không có `rows`",
                        "the appendix has columns but no `rows`"
                    ),
                )
                .help = Some(msg!(
                    "thêm `rows:` — đường dẫn tệp .csv/.xlsx hoặc danh sách dòng",
                    "add `rows:`: a .csv/.xlsx path or a list of rows"
                ));
                return None;
            }
        };
        match read {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(Code::AppendixRows, rows_span, e.message());
                None
            }
        }
    }

    fn table(
        &self,
        a: &Appendix,
        index: usize,
        leaves: &[Leaf],
        computed: Computed,
        ctx: EvalContext,
    ) -> AppendixTable {
        let Computed {
            rows,
            totals,
            groups,
        } = computed;
        let numbered = a.row_numbers.as_ref().is_none_or(|b| b.value);
        let mut columns: Vec<LeafColumn> = Vec::new();
        if numbered {
            columns.push(LeafColumn {
                key: "stt".into(),
                label: "STT".into(),
                format: CellFormat::Integer,
                kind: ColumnKind::RowNumber,
            });
        }
        columns.extend(leaves.iter().map(|l| LeafColumn {
            key: l.key.clone(),
            label: l.column.label.value.clone(),
            format: l.format,
            kind: l.kind,
        }));
        let line = |n: Option<usize>, values: &BTreeMap<String, Value>, label: Option<&str>| {
            columns
                .iter()
                .map(|c| match c.kind {
                    ColumnKind::RowNumber => n.map_or(Value::Empty, |n| {
                        Value::Number(BigRational::from_integer(n.into()))
                    }),
                    ColumnKind::Unit if label.is_some() => {
                        Value::Text(label.unwrap_or_default().to_owned())
                    }
                    _ => values.get(&c.key).cloned().unwrap_or(Value::Empty),
                })
                .collect::<Vec<_>>()
        };
        // Rows are numbered from 1 in each group.
        let first_of = |i: usize| {
            groups
                .iter()
                .find(|g| g.rows.contains(&i))
                .map_or(0, |g| g.rows.start)
        };
        let body = rows
            .iter()
            .enumerate()
            .map(|(i, r)| line(Some(i - first_of(i) + 1), r, None))
            .collect();
        let groups = groups
            .into_iter()
            .enumerate()
            .map(|(n, g)| RowGroup {
                numeral: crate::vietnamese::roman(n + 1),
                subtotals: line(None, &g.subtotals, Some("Cộng")),
                name: g.name,
                rows: g.rows,
            })
            .collect();
        let label = a.totals.as_ref().map(|t| t.value.clone());
        let totals = totals.map(|t| line(None, &t, label.as_deref()));
        let (header, header_rows) = header_grid(&a.columns, numbered);
        AppendixTable {
            index,
            title: a.title.value.clone(),
            as_of: ctx.as_of,
            deadline: ctx.deadline,
            days: ctx.days,
            columns,
            header,
            header_rows,
            rows: body,
            totals,
            chart: a.chart.as_ref().map(|c| c.value.clone()),
            sources: Vec::new(),
            groups,
        }
    }
}

/// Takes out of `data` the row whose unit is the totals' label (`totals:`, or "Tổng cộng",
/// "Tổng số", "Tổng", "Cộng"): the totals as printed, to compare, not a unit to count.
fn stated_totals_row(
    data: &mut data::DataSet,
    leaves: &[columns::Leaf],
    label: Option<&crate::plan::Text>,
) -> Option<data::DataRow> {
    let unit = leaves.iter().find(|l| l.kind == ColumnKind::Unit)?;
    let label = label.map(|t| t.value.trim().to_lowercase());
    let is_totals = |row: &data::DataRow| match row.cells.get(&unit.key).map(|c| &c.value) {
        Some(data::CellValue::Text(t)) => {
            let t = t.trim().trim_end_matches(':').to_lowercase();
            label.as_deref() == Some(t.as_str())
                || ["tổng cộng", "tổng số", "tổng", "cộng"].contains(&t.as_str())
        }
        _ => false,
    };
    let at = data.rows.iter().position(is_totals)?;
    Some(data.rows.remove(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vietnamese::round_half_up;
    use proptest::prelude::*;

    fn plan(appendix: &str) -> LoadedPlan {
        let text = format!(
            "kind: ke-hoach\nauthority: {{ name: A, code: UBND }}\nplace: A\ndate: 01/6/2023\n\
             subject: Thử\nsigner: {{ title: CHỦ TỊCH }}\nappendices:\n{appendix}"
        );
        crate::load::parse(Arc::new(SourceFile::new("t.yaml", text)))
            .unwrap_or_else(|f| panic!("{:?}", f.problems[0].message))
    }

    fn compute_one(appendix: &str) -> AppendixTable {
        let (tables, problems) = compute_all(&plan(appendix), &Overrides::default());
        assert!(
            problems.is_empty(),
            "{:?}",
            problems.iter().map(|d| &d.message.en).collect::<Vec<_>>()
        );
        tables.into_iter().next().unwrap()
    }

    fn num(v: &Value) -> BigRational {
        match v {
            Value::Number(n) => n.clone(),
            other => panic!("not a number: {other:?}"),
        }
    }

    fn key(t: &AppendixTable, k: &str) -> usize {
        t.columns.iter().position(|c| c.key == k).unwrap()
    }

    #[test]
    fn ties_round_up_with_nearest_and_any_fraction_with_up() {
        let t = compute_one(
            "  - title: T\n    rows: [{ unit: A, x: 5 }, { unit: B, x: 7 }, { unit: C, x: 9 }]\n    columns:\n\
             \x20     - { key: unit, label: U }\n      - { key: x, label: X }\n\
             \x20     - { key: half, label: H, formula: x / 2, round: nearest }\n\
             \x20     - { key: third, label: T, formula: x / 3, round: up }\n",
        );
        let (h, th) = (key(&t, "half"), key(&t, "third"));
        let col = |c: usize| {
            t.rows
                .iter()
                .map(|r| num(&r[c]).to_integer().try_into().unwrap())
                .collect::<Vec<i64>>()
        };
        assert_eq!(col(h), vec![3, 4, 5], "2.5 → 3, 3.5 → 4, 4.5 → 5");
        assert_eq!(col(th), vec![2, 3, 3], "5/3 → 2, 7/3 → 3, 9/3 → 3");
    }

    #[test]
    fn header_grid_of_a_three_level_header() {
        let t = compute_one(
            "  - title: T\n    rows: [{ unit: A, a1: 1, a2: 2, b1: 3, b2: 4 }]\n    columns:\n\
             \x20     - { key: unit, label: Đơn vị }\n\
             \x20     - label: Đã thực hiện\n        columns:\n\
             \x20         - label: Hồ sơ\n            columns: [{ key: a1, label: Mức 1 }, { key: a2, label: Mức 2 }]\n\
             \x20         - label: Tài khoản\n            columns: [{ key: b1, label: Mức 1 }, { key: b2, label: Mức 2 }]\n",
        );
        assert_eq!(t.header_rows, 3);
        let cell = |label: &str| t.header.iter().find(|h| h.label == label).unwrap().clone();
        assert_eq!((cell("STT").rows, cell("Đơn vị").rows), (3, 3));
        let done = cell("Đã thực hiện");
        assert_eq!((done.row, done.col, done.rows, done.cols), (0, 2, 1, 4));
        let acc = cell("Tài khoản");
        assert_eq!((acc.row, acc.col, acc.cols), (1, 4, 2));
    }

    proptest! {
        #[test]
        fn the_totals_row_computes_formulas_again_from_the_totals(
            rows in prop::collection::vec((1i64..5000, 0i64..3000, 0i64..3000), 1..12),
            days in 1i64..200,
        ) {
            let inline: Vec<String> = rows
                .iter()
                .enumerate()
                .map(|(i, (q, a, b))| format!("{{ unit: U{i}, quota: {q}, l1: {a}, l2: {b} }}"))
                .collect();
            let t = compute_one(&format!(
                "  - title: T\n    days: {days}\n    rows: [{}]\n    columns:\n\
                 \x20     - {{ key: unit, label: U }}\n      - {{ key: quota, label: Q }}\n\
                 \x20     - {{ key: l1, label: L1 }}\n      - {{ key: l2, label: L2 }}\n\
                 \x20     - {{ key: done, label: D, formula: l1 + l2 }}\n\
                 \x20     - {{ key: rate, label: R, formula: done / quota, format: percent }}\n\
                 \x20     - {{ key: left, label: L, formula: max(quota - done, 0) }}\n\
                 \x20     - {{ key: per_day, label: P, formula: left / days, round: nearest }}\n    totals: Tổng\n",
                inline.join(", ")
            ));
            let totals = t.totals.as_ref().unwrap();
            let q: i64 = rows.iter().map(|r| r.0).sum();
            let d: i64 = rows.iter().map(|r| r.1 + r.2).sum();
            let big = |x: i64| BigRational::from_integer(x.into());
            prop_assert_eq!(num(&totals[key(&t, "done")]), big(d));
            prop_assert_eq!(num(&totals[key(&t, "rate")]), big(d) / big(q));
            let left = (q - d).max(0);
            prop_assert_eq!(num(&totals[key(&t, "left")]), big(left));
            prop_assert_eq!(num(&totals[key(&t, "per_day")]), BigRational::from_integer(round_half_up(&(big(left) / big(days)))));
        }
    }
}
