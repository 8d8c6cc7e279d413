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
pub mod data;
pub mod export;
pub mod formula;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::load::{LoadedPlan, closest};
use crate::msg;
use crate::plan::date::{display, parse_date};
use crate::plan::{Appendix, CellFormat, Column, Located, Rounding, Rows};
use crate::source::{SourceFile, Span};
use crate::vietnamese::round_half_up;
use data::{CellValue, DataCell, DataSet};
use formula::{EvalError, Expr, Num};

/// A computed value in a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(BigRational),
    Date(NaiveDate),
    Text(String),
    Empty,
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
}

/// Values that replace the plan's for one run (`kehoach appendix --as-of … --rows …`).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub as_of: Option<NaiveDate>,
    pub rows: Option<PathBuf>,
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

struct Computer<'a> {
    file: &'a Arc<SourceFile>,
    out: Vec<Diagnostic>,
}

/// A leaf column as written, with what it needs to be computed.
struct Leaf<'a> {
    column: &'a Column,
    key: String,
    kind: ColumnKind,
    format: CellFormat,
    formula: Option<Expr>,
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
        let data = self.data(a, base, ov)?;
        self.unknown_keys(&data, &leaves);
        let rows = self.inputs(&data, &leaves);
        // Bad figures do not stop the computation (they count as empty, so every formula's
        // problems are found in the same run); bad columns or formulas do.
        let columns_ok = !self.out[errors_before..]
            .iter()
            .any(|d| matches!(d.code, Code::BadColumn | Code::FormulaSyntax));
        let formulas_ok = self.check_formulas(&leaves, days.is_some());
        if !columns_ok || !formulas_ok {
            return None;
        }
        let order = evaluation_order(&leaves);
        let mut rows = rows;
        self.allocate(&leaves, &mut rows);
        let ctx = EvalContext {
            as_of,
            deadline,
            days,
        };
        for (r, row) in rows.iter_mut().enumerate() {
            self.evaluate(&leaves, &order, row, &ctx, &data.rows[r].cells, true);
        }
        let mut totals = a.totals.as_ref().map(|_| {
            let mut t: BTreeMap<String, Value> = BTreeMap::new();
            for l in &leaves {
                if matches!(l.kind, ColumnKind::Input | ColumnKind::Allocated)
                    && l.format != CellFormat::Text
                    && l.format != CellFormat::Date
                {
                    let sum: BigRational = rows
                        .iter()
                        .filter_map(|row| match row.get(&l.key) {
                            Some(Value::Number(n)) => Some(n.clone()),
                            _ => None,
                        })
                        .sum();
                    t.insert(l.key.clone(), Value::Number(sum));
                }
            }
            t
        });
        if let Some(t) = totals.as_mut() {
            self.evaluate(&leaves, &order, t, &ctx, &BTreeMap::new(), false);
        }
        if self.out[errors_before..].iter().any(Diagnostic::is_error) {
            return None;
        }
        Some(self.table(a, index, &leaves, rows, totals, ctx))
    }

    /// The leaf columns, each checked: a key, once, and not both a formula and an allocation.
    fn leaves<'a>(&mut self, a: &'a Appendix) -> Vec<Leaf<'a>> {
        fn walk<'a>(cols: &'a [Column], out: &mut Vec<&'a Column>) {
            for c in cols {
                if c.columns.is_empty() {
                    out.push(c);
                } else {
                    walk(&c.columns, out);
                }
            }
        }
        let mut flat = Vec::new();
        walk(&a.columns, &mut flat);
        let unit_key = if flat
            .iter()
            .any(|c| c.key.as_ref().is_some_and(|k| k.value == "unit"))
        {
            "unit".to_owned()
        } else {
            flat.first()
                .and_then(|c| c.key.as_ref())
                .map(|k| k.value.clone())
                .unwrap_or_default()
        };
        let mut seen = BTreeSet::new();
        let mut leaves = Vec::new();
        for c in flat {
            let Some(key) = &c.key else {
                let label = c.label.value.clone();
                self.error(
                    Code::BadColumn,
                    self.at(&c.label),
                    msg!(
                        "cột `{label}` không có `key`",
                        "the column `{label}` has no `key`"
                    ),
                )
                .help = Some(msg!(
                    "thêm `key:` — tên cột dùng trong dữ liệu và công thức",
                    "add `key:`: the column's name in data and formulas"
                ));
                continue;
            };
            let k = key.value.clone();
            if !seen.insert(k.clone()) || k == "stt" {
                self.error(
                    Code::BadColumn,
                    self.at(key),
                    msg!(
                        "khoá cột `{k}` đã dùng",
                        "the column key `{k}` is already used"
                    ),
                );
                continue;
            }
            if c.formula.is_some() && c.allocate.is_some() {
                self.error(
                    Code::BadColumn,
                    self.at(key),
                    msg!(
                        "cột `{k}` có cả `formula` và `allocate`; chọn một",
                        "the column `{k}` has both `formula` and `allocate`; keep one"
                    ),
                );
                continue;
            }
            let formula = match &c.formula {
                Some(f) => match Expr::parse(&f.value) {
                    Ok(e) => Some(e),
                    Err(m) => {
                        self.error(Code::FormulaSyntax, self.at(f), m);
                        continue;
                    }
                },
                None => None,
            };
            let kind = if formula.is_some() {
                ColumnKind::Formula
            } else if c.allocate.is_some() {
                ColumnKind::Allocated
            } else if k == unit_key {
                ColumnKind::Unit
            } else {
                ColumnKind::Input
            };
            let format = c.format.as_ref().map(|f| f.value).unwrap_or(match kind {
                ColumnKind::Unit => CellFormat::Text,
                _ => CellFormat::Integer,
            });
            leaves.push(Leaf {
                column: c,
                key: k,
                kind,
                format,
                formula,
            });
        }
        leaves
    }

    /// as_of, deadline and the days between them (or the plan's own `days`).
    fn dates(
        &mut self,
        a: &Appendix,
        ov: &Overrides,
    ) -> (Option<NaiveDate>, Option<NaiveDate>, Option<i64>) {
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
            return (as_of, deadline, None);
        }
        let days = match &a.days {
            Some(days) => {
                // A later --as-of leaves that many fewer of the plan's own days.
                let shift = match (ov.as_of, written_as_of) {
                    (Some(new), Some(old)) => (new - old).num_days(),
                    _ => 0,
                };
                let n = days.value - shift;
                if n <= 0 {
                    self.error(
                        Code::DaysNotPositive,
                        self.at(days),
                        msg!("số ngày còn lại là {n}", "the days left come to {n}"),
                    )
                    .help = Some(msg!("ghi `days` lớn hơn 0", "write `days` above 0"));
                    return (as_of, deadline, None);
                }
                Some(n)
            }
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
                        return (as_of, deadline, None);
                    }
                    Some(n)
                }
                _ => None,
            },
        };
        (as_of, deadline, days)
    }

    fn data(&mut self, a: &Appendix, base: &Path, ov: &Overrides) -> Option<DataSet> {
        let rows_span = a.rows.as_ref().map_or(self.at(&a.title), |r| self.at(r));
        let read = match (&ov.rows, a.rows.as_ref().map(|r| &r.value)) {
            (Some(path), _) => data::from_file(Path::new("."), &path.to_string_lossy(), false),
            (None, Some(Rows::File(name))) => data::from_file(base, name, true),
            (None, Some(Rows::Inline(rows))) => Ok(data::inline(self.file, rows, rows_span)),
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

    fn cell_error(&mut self, code: Code, cell: &DataCell, m: Message) -> &mut Diagnostic {
        let m = match &cell.cell_ref {
            Some(r) => Message::new(format!("{} (ô {r})", m.vi), format!("{} (cell {r})", m.en)),
            None => m,
        };
        self.out
            .push(Diagnostic::new(code, &cell.file, cell.span, m));
        self.out.last_mut().expect("just pushed")
    }

    fn unknown_keys(&mut self, data: &DataSet, leaves: &[Leaf]) {
        let known: Vec<&str> = leaves.iter().map(|l| l.key.as_str()).collect();
        for k in &data.keys {
            let CellValue::Text(name) = &k.value else {
                continue;
            };
            if name.is_empty() || known.contains(&name.as_str()) || name == "stt" {
                continue;
            }
            let m = match closest(name, &known) {
                Some(s) => msg!(
                    "dữ liệu có cột `{name}` mà phụ lục không có; có phải `{s}`?",
                    "the data has a column `{name}` the appendix does not; did you mean `{s}`?"
                ),
                None => msg!(
                    "dữ liệu có cột `{name}` mà phụ lục không có; cột này bị bỏ qua",
                    "the data has a column `{name}` the appendix does not; it is ignored"
                ),
            };
            self.cell_error(Code::UnknownDataKey, k, m);
        }
    }

    /// Each row's unit and input figures, checked.
    fn inputs(&mut self, data: &DataSet, leaves: &[Leaf]) -> Vec<BTreeMap<String, Value>> {
        let mut units: BTreeMap<String, ()> = BTreeMap::new();
        let mut rows = Vec::new();
        for row in &data.rows {
            let mut values = BTreeMap::new();
            for l in leaves {
                let cell = row.cells.get(&l.key);
                let value = match (l.kind, cell.map(|c| &c.value)) {
                    (ColumnKind::Unit, Some(CellValue::Text(t))) => Value::Text(t.clone()),
                    (ColumnKind::Unit, Some(CellValue::Number(n))) => Value::Text(n.to_string()),
                    (ColumnKind::Unit, _) => {
                        let span = cell.map_or(row.span, |c| c.span);
                        let key = &l.key;
                        self.out.push(
                            Diagnostic::new(
                                Code::RowWithoutUnit,
                                &row.file,
                                span,
                                msg!(
                                    "dòng này không có đơn vị (`{key}`)",
                                    "this row has no unit (`{key}`)"
                                ),
                            )
                            .with_help(msg!(
                                "ghi tên đơn vị vào cột `{key}`",
                                "write the unit's name in `{key}`"
                            )),
                        );
                        Value::Empty
                    }
                    (ColumnKind::Input, _) if matches!(l.format, CellFormat::Text) => {
                        match cell.map(|c| &c.value) {
                            Some(CellValue::Text(t)) => Value::Text(t.clone()),
                            Some(CellValue::Number(n)) => Value::Text(n.to_string()),
                            _ => Value::Empty,
                        }
                    }
                    (ColumnKind::Input, _) if matches!(l.format, CellFormat::Date) => {
                        match cell.map(|c| &c.value) {
                            Some(CellValue::Text(t)) => match parse_date(t) {
                                Ok(d) => Value::Date(d),
                                Err(_) => {
                                    let c = cell.expect("has text");
                                    self.cell_error(
                                        Code::DateFormat,
                                        c,
                                        msg!("`{t}` không phải một ngày", "`{t}` is not a date"),
                                    );
                                    Value::Empty
                                }
                            },
                            _ => Value::Empty,
                        }
                    }
                    (ColumnKind::Input, Some(CellValue::Number(n))) => {
                        if n.is_negative() {
                            let (key, shown) = (&l.key, n.to_string());
                            self.cell_error(
                                Code::NegativeNumber,
                                cell.expect("has a number"),
                                msg!(
                                    "`{key}` là {shown}: số lượng không thể âm",
                                    "`{key}` is {shown}: a count cannot be negative"
                                ),
                            );
                        }
                        Value::Number(n.clone())
                    }
                    (ColumnKind::Input, Some(CellValue::Text(t))) => {
                        let key = &l.key;
                        self.cell_error(
                            Code::NotANumber,
                            cell.expect("has text"),
                            msg!(
                                "`{key}` cần một số, nhưng ở đây là `{t}`",
                                "`{key}` needs a number, but here is `{t}`"
                            ),
                        )
                        .help = Some(msg!(
                            "ghi số: 1250 hoặc 1.250; để trống nghĩa là 0",
                            "write a number: 1250 or 1.250; empty means 0"
                        ));
                        Value::Empty
                    }
                    (ColumnKind::Input, _) => Value::Number(BigRational::zero()),
                    _ => continue,
                };
                if l.kind == ColumnKind::Unit
                    && let Value::Text(u) = &value
                    && units.insert(u.clone(), ()).is_some()
                {
                    let c = cell.expect("a unit was read");
                    self.cell_error(
                        Code::DuplicateUnit,
                        c,
                        msg!("đơn vị `{u}` có hai dòng", "the unit `{u}` has two rows"),
                    )
                    .help = Some(msg!("gộp hai dòng làm một", "merge the two rows into one"));
                }
                values.insert(l.key.clone(), value);
            }
            rows.push(values);
        }
        rows
    }

    /// Formulas name only known columns, form no cycle, and find `days` when they use it.
    fn check_formulas(&mut self, leaves: &[Leaf], has_days: bool) -> bool {
        let keys: Vec<&str> = leaves.iter().map(|l| l.key.as_str()).collect();
        let mut ok = true;
        for l in leaves {
            let (Some(e), Some(f)) = (&l.formula, &l.column.formula) else {
                continue;
            };
            for v in e.vars() {
                if v == "days" && !has_days {
                    ok = false;
                    self.error(
                        Code::FormulaUnknownName,
                        self.at(f),
                        msg!(
                            "công thức dùng `days` nhưng phụ lục không có `days`, hoặc `as_of` và `deadline`",
                            "the formula uses `days` but the appendix has neither `days` nor `as_of` and `deadline`"
                        ),
                    );
                } else if !keys.contains(&v) && !["days", "deadline", "as_of"].contains(&v) {
                    ok = false;
                    let m = match closest(v, &keys) {
                        Some(s) => msg!(
                            "công thức dùng `{v}`, không có cột nào tên này; có phải `{s}`?",
                            "the formula uses `{v}`, which no column is called; did you mean `{s}`?"
                        ),
                        None => msg!(
                            "công thức dùng `{v}`, không có cột nào tên này",
                            "the formula uses `{v}`, which no column is called"
                        ),
                    };
                    let list = keys.join(", ");
                    self.error(Code::FormulaUnknownName, self.at(f), m).help = Some(msg!(
                        "dùng được: {list}, days, deadline, as_of",
                        "available: {list}, days, deadline, as_of"
                    ));
                }
            }
        }
        for l in leaves {
            if let (Some(f), true) = (&l.column.formula, in_cycle(leaves, &l.key)) {
                ok = false;
                let k = &l.key;
                self.error(
                    Code::FormulaCycle,
                    self.at(f),
                    msg!(
                        "công thức của `{k}` quay vòng về chính nó",
                        "the formula of `{k}` depends on itself"
                    ),
                );
            }
        }
        for l in leaves {
            if let Some(al) = &l.column.allocate {
                let by = &al.by.value;
                let fits = leaves
                    .iter()
                    .any(|o| &o.key == by && o.kind == ColumnKind::Input);
                if !fits {
                    ok = false;
                    self.error(
                        Code::BadColumn,
                        self.at(&al.by),
                        msg!(
                            "`allocate.by: {by}` phải là một cột số liệu nhập của phụ lục",
                            "`allocate.by: {by}` must be an input column of the appendix"
                        ),
                    );
                }
            }
        }
        ok
    }

    fn allocate(&mut self, leaves: &[Leaf], rows: &mut [BTreeMap<String, Value>]) {
        for l in leaves {
            let Some(al) = &l.column.allocate else {
                continue;
            };
            let weights: Vec<BigRational> = rows
                .iter()
                .map(|r| match r.get(&al.by.value) {
                    Some(Value::Number(n)) => n.clone(),
                    _ => BigRational::zero(),
                })
                .collect();
            match allocate::largest_remainder(&BigInt::from(al.total.value), &weights) {
                Some(parts) => {
                    for (row, p) in rows.iter_mut().zip(parts) {
                        row.insert(l.key.clone(), Value::Number(BigRational::from_integer(p)));
                    }
                }
                None => {
                    let by = &al.by.value;
                    self.error(
                        Code::AllocationZeroWeights,
                        self.at(&al.by),
                        msg!(
                            "không phân bổ được: cột `{by}` bằng 0 ở mọi dòng",
                            "cannot allocate: the column `{by}` is 0 in every row"
                        ),
                    );
                }
            }
        }
    }

    /// Computes the formula columns of one row (or the totals) in dependency order; compares
    /// figures the data also gives.
    fn evaluate(
        &mut self,
        leaves: &[Leaf],
        order: &[usize],
        row: &mut BTreeMap<String, Value>,
        ctx: &EvalContext,
        given: &BTreeMap<String, DataCell>,
        is_row: bool,
    ) {
        for &i in order {
            let l = &leaves[i];
            let (Some(e), Some(f)) = (&l.formula, &l.column.formula) else {
                continue;
            };
            let result = e.eval(&|name| lookup(name, row, ctx));
            let value = match result {
                Ok(Num::Number(n)) => {
                    Value::Number(match l.column.round.as_ref().map(|r| r.value) {
                        Some(Rounding::Nearest) => BigRational::from_integer(round_half_up(&n)),
                        Some(Rounding::Up) => n.ceil(),
                        None => n,
                    })
                }
                Ok(Num::Date(d)) => Value::Date(d),
                Err(EvalError::DivisionByZero) => {
                    let unit = unit_of(leaves, row);
                    let already = self
                        .out
                        .iter()
                        .any(|d| d.code == Code::FormulaDivisionByZero && d.span == self.at(f));
                    if !already {
                        let k = &l.key;
                        self.error(
                            Code::FormulaDivisionByZero,
                            self.at(f),
                            msg!(
                                "công thức của `{k}` chia cho 0 ở dòng {unit}",
                                "the formula of `{k}` divides by 0 in the row {unit}"
                            ),
                        )
                        .help = Some(msg!(
                            "dùng max(…, 1) ở mẫu số, hoặc sửa số liệu",
                            "use max(…, 1) in the divisor, or correct the figures"
                        ));
                    }
                    Value::Empty
                }
                Err(EvalError::Unknown(_)) => Value::Empty,
                Err(EvalError::Type(m)) => {
                    self.error(Code::FormulaSyntax, self.at(f), m);
                    Value::Empty
                }
            };
            if is_row {
                self.compare(l, &value, given.get(&l.key));
            }
            row.insert(l.key.clone(), value);
        }
        if is_row {
            for l in leaves.iter().filter(|l| l.kind == ColumnKind::Allocated) {
                let value = row.get(&l.key).cloned().unwrap_or(Value::Empty);
                self.compare(l, &value, given.get(&l.key));
            }
        }
    }

    /// A figure typed in the data for a computed column must be the computed one.
    fn compare(&mut self, l: &Leaf, computed: &Value, given: Option<&DataCell>) {
        let (Some(cell), Value::Number(c)) = (given, computed) else {
            return;
        };
        let CellValue::Number(g) = &cell.value else {
            return;
        };
        if g != c {
            let (k, gs, cs) = (&l.key, g.to_string(), c.to_string());
            let rule = l
                .column
                .formula
                .as_ref()
                .map_or_else(|| "allocate".to_owned(), |f| f.value.clone());
            self.cell_error(
                Code::FigureDisagrees,
                cell,
                msg!(
                    "`{k}` ghi {gs} nhưng theo `{rule}` phải là {cs}",
                    "`{k}` is given as {gs} but `{rule}` makes it {cs}"
                ),
            )
            .help = Some(msg!(
                "bỏ số này khỏi dữ liệu (cột được tính) hoặc sửa số liệu đầu vào",
                "leave it out of the data (the column is computed) or correct the inputs"
            ));
        }
    }

    fn table(
        &self,
        a: &Appendix,
        index: usize,
        leaves: &[Leaf],
        rows: Vec<BTreeMap<String, Value>>,
        totals: Option<BTreeMap<String, Value>>,
        ctx: EvalContext,
    ) -> AppendixTable {
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
        let body = rows
            .iter()
            .enumerate()
            .map(|(i, r)| line(Some(i + 1), r, None))
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
        }
    }
}

struct EvalContext {
    as_of: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    days: Option<i64>,
}

fn lookup(name: &str, row: &BTreeMap<String, Value>, ctx: &EvalContext) -> Option<Num> {
    match name {
        "days" => ctx
            .days
            .map(|d| Num::Number(BigRational::from_integer(d.into()))),
        "deadline" => ctx.deadline.map(Num::Date),
        "as_of" => ctx.as_of.map(Num::Date),
        _ => match row.get(name)? {
            Value::Number(n) => Some(Num::Number(n.clone())),
            Value::Date(d) => Some(Num::Date(*d)),
            Value::Empty => Some(Num::Number(BigRational::zero())),
            Value::Text(_) => None,
        },
    }
}

fn unit_of(leaves: &[Leaf], row: &BTreeMap<String, Value>) -> String {
    leaves
        .iter()
        .find(|l| l.kind == ColumnKind::Unit)
        .and_then(|l| match row.get(&l.key) {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "tổng".into())
}

fn deps<'a>(leaves: &'a [Leaf], key: &str) -> Vec<&'a str> {
    leaves
        .iter()
        .find(|l| l.key == key)
        .and_then(|l| l.formula.as_ref())
        .map(|e| e.vars().into_iter().collect())
        .unwrap_or_default()
}

/// Whether `key`'s formula depends, through other formulas, on `key` itself.
fn in_cycle(leaves: &[Leaf], key: &str) -> bool {
    let mut stack: Vec<&str> = deps(leaves, key);
    let mut seen = BTreeSet::new();
    while let Some(k) = stack.pop() {
        if k == key {
            return true;
        }
        if seen.insert(k) {
            stack.extend(deps(leaves, k));
        }
    }
    false
}

/// Formula columns in an order where each comes after the formulas it reads (no cycles:
/// [`Computer::check_formulas`] has ruled them out).
fn evaluation_order(leaves: &[Leaf]) -> Vec<usize> {
    let mut done: BTreeSet<&str> = leaves
        .iter()
        .filter(|l| l.formula.is_none())
        .map(|l| l.key.as_str())
        .collect();
    let mut order = Vec::new();
    while order.len() < leaves.iter().filter(|l| l.formula.is_some()).count() {
        let before = order.len();
        for (i, l) in leaves.iter().enumerate() {
            if l.formula.is_none() || done.contains(l.key.as_str()) {
                continue;
            }
            let ready = deps(leaves, &l.key)
                .iter()
                .all(|d| done.contains(d) || !leaves.iter().any(|o| o.key == *d));
            if ready {
                order.push(i);
                done.insert(&l.key);
            }
        }
        if order.len() == before {
            break;
        }
    }
    order
}

/// The header grid of a column tree: groups span their leaves; leaves reach down to the last
/// header row. STT, when present, spans every header row on the left.
pub fn header_grid(columns: &[Column], numbered: bool) -> (Vec<HeaderCell>, usize) {
    fn depth(cols: &[Column]) -> usize {
        cols.iter()
            .map(|c| {
                if c.columns.is_empty() {
                    1
                } else {
                    1 + depth(&c.columns)
                }
            })
            .max()
            .unwrap_or(0)
    }
    fn width(c: &Column) -> usize {
        if c.columns.is_empty() {
            1
        } else {
            c.columns.iter().map(width).sum()
        }
    }
    fn place(cols: &[Column], row: usize, col: &mut usize, rows: usize, out: &mut Vec<HeaderCell>) {
        for c in cols {
            if c.columns.is_empty() {
                out.push(HeaderCell {
                    label: c.label.value.clone(),
                    row,
                    col: *col,
                    rows: rows - row,
                    cols: 1,
                });
                *col += 1;
            } else {
                out.push(HeaderCell {
                    label: c.label.value.clone(),
                    row,
                    col: *col,
                    rows: 1,
                    cols: width(c),
                });
                let mut inner = *col;
                place(&c.columns, row + 1, &mut inner, rows, out);
                *col = inner;
            }
        }
    }
    let rows = depth(columns).max(1);
    let mut out = Vec::new();
    let mut col = 0;
    if numbered {
        out.push(HeaderCell {
            label: "STT".into(),
            row: 0,
            col: 0,
            rows,
            cols: 1,
        });
        col = 1;
    }
    place(columns, 0, &mut col, rows, &mut out);
    (out, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan(appendix: &str) -> LoadedPlan {
        let text = format!(
            "kind: ke-hoach\nauthority: {{ name: A, code: UBND }}\nplace: A\ndate: 01/6/2023\n\
             subject: Thử\nsigner: {{ title: CHỦ TỊCH }}\nappendices:\n{appendix}"
        );
        crate::load::parse(Arc::new(SourceFile::new("t.yaml", text)))
            .unwrap_or_else(|d| panic!("{:?}", d[0].message))
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
