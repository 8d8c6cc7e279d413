//! Computing a table: allocations and formulas, column by column in dependency order, for
//! every row and then for the totals; figures the data also gives are compared with the
//! results.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::columns::Leaf;
use super::data::{CellValue, DataCell, DataRow};
use super::formula::{EvalError, Num};
use super::{ColumnKind, Computer, Value, allocate};
use crate::diagnostic::Code;
use crate::msg;
use crate::plan::{CellFormat, Rounding};
use crate::vietnamese::calendar::{YEARS, display};
use crate::vietnamese::{Stated, read_stated, round_half_up};

/// The values a formula may use besides the row's columns.
pub struct EvalContext {
    /// Allocation totals taken from parent plans, by column key.
    pub cascaded: BTreeMap<String, BigRational>,
    pub as_of: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub days: Option<i64>,
}

type Row = BTreeMap<String, Value>;

impl Computer<'_> {
    /// Computes every allocated and formula column of `rows` in `order`, then the totals row
    /// (inputs and allocations summed, formulas computed again from the sums) if asked.
    pub(super) fn evaluate(
        &mut self,
        leaves: &[Leaf],
        order: &[usize],
        rows: &mut [Row],
        given: &[DataRow],
        ctx: &EvalContext,
        with_totals: bool,
    ) -> Option<Row> {
        for &i in order {
            let l = &leaves[i];
            if l.kind == ColumnKind::Allocated {
                self.allocate(l, rows, ctx);
            } else {
                for row in rows.iter_mut() {
                    self.formula(leaves, l, row, ctx);
                }
            }
            for (row, data) in rows.iter().zip(given) {
                let value = row.get(&l.key).cloned().unwrap_or(Value::Empty);
                self.compare(l, &value, data.cells.get(&l.key), false);
            }
        }
        if !with_totals {
            return None;
        }
        Some(self.sum_rows(leaves, order, rows, ctx))
    }

    /// The totals of `rows` by the one rule: inputs and allocations summed, formulas computed
    /// again from the sums. For the totals row, and for a group's subtotal.
    pub(super) fn sum_rows(
        &mut self,
        leaves: &[Leaf],
        order: &[usize],
        rows: &[Row],
        ctx: &EvalContext,
    ) -> Row {
        let mut totals = Row::new();
        for l in leaves {
            if matches!(l.kind, ColumnKind::Input | ColumnKind::Allocated)
                && !matches!(l.format, CellFormat::Text | CellFormat::Date)
            {
                let sum: BigRational = rows
                    .iter()
                    .filter_map(|row| match row.get(&l.key) {
                        Some(Value::Number(n)) => Some(n.clone()),
                        _ => None,
                    })
                    .sum();
                totals.insert(l.key.clone(), Value::Number(sum));
            }
        }
        for &i in order {
            if leaves[i].kind == ColumnKind::Formula {
                self.formula(leaves, &leaves[i], &mut totals, ctx);
            }
        }
        totals
    }

    /// Splits the allocation's total over the rows in proportion to its `by` column.
    /// The total is the parent plan's figure when `from` names one (the cascade reports a
    /// written `total` that differs), else the written `total`.
    fn allocate(&mut self, l: &Leaf, rows: &mut [Row], ctx: &EvalContext) {
        let Some(al) = &l.column.allocate else {
            return;
        };
        let total = match (ctx.cascaded.get(&l.key), &al.total) {
            (Some(parent), _) => parent.clone(),
            (None, Some(written)) => match self.figure(written, "allocate.total") {
                Some(t) => t,
                None => return,
            },
            // A parent that could not be read is reported by the cascade.
            (None, None) if al.from.is_some() => return,
            (None, None) => {
                let k = &l.key;
                self.error(
                    Code::BadColumn,
                    self.at(&al.by),
                    msg!(
                        "cột `{k}` phân bổ nhưng không có tổng: ghi `total` hoặc `from`",
                        "the column `{k}` allocates no total: write `total` or `from`"
                    ),
                );
                return;
            }
        };
        let total_span = al.total.as_ref().map_or(self.at(&al.by), |t| self.at(t));
        if total.is_negative() || !total.is_integer() {
            let shown = crate::vietnamese::number(&total);
            self.error(
                Code::NegativeNumber,
                total_span,
                msg!(
                    "tổng cần phân bổ là {shown}: phải là một số nguyên không âm",
                    "the total to allocate is {shown}: it must be a whole number, not negative"
                ),
            );
            return;
        }
        let weights: Vec<BigRational> = rows
            .iter()
            .map(|r| match r.get(&al.by.value) {
                Some(Value::Number(n)) if !n.is_negative() => n.clone(),
                _ => BigRational::zero(),
            })
            .collect();
        match allocate::largest_remainder(&total.to_integer(), &weights) {
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

    /// Whether `code` is already reported at `span`: a formula's problem is told once, not
    /// once per row.
    fn reported(&self, code: Code, span: crate::source::Span) -> bool {
        self.out.iter().any(|d| d.code == code && d.span == span)
    }

    /// Computes one formula column of one row (or of the totals).
    fn formula(&mut self, leaves: &[Leaf], l: &Leaf, row: &mut Row, ctx: &EvalContext) {
        let (Some(e), Some(f)) = (&l.formula, &l.column.formula) else {
            return;
        };
        let value = match e.eval(&|name| lookup(name, row, ctx)) {
            Ok(Num::Number(n)) => Value::Number(match l.column.round.as_ref().map(|r| r.value) {
                Some(Rounding::Nearest) => BigRational::from_integer(round_half_up(&n)),
                Some(Rounding::Up) => n.ceil(),
                None => n,
            }),
            Ok(Num::Date(d)) if YEARS.contains(&d.year()) => Value::Date(d),
            Ok(Num::Date(d)) => {
                // Once per formula: a workbook cannot hold the date, and no plan means it.
                let span = self.at(f);
                if !self.reported(Code::FormulaDateRange, span) {
                    let (k, unit, shown) = (&l.key, unit_of(leaves, row), display(d));
                    let (a, b) = (YEARS.start(), YEARS.end());
                    self.error(
                        Code::FormulaDateRange,
                        span,
                        msg!(
                            "công thức của `{k}` cho ngày {shown} ở dòng {unit}, ngoài các năm {a}–{b}",
                            "the formula of `{k}` gives {shown} in the row {unit}, outside the years {a}–{b}"
                        ),
                    )
                    .help = Some(msg!(
                        "xem lại số ngày cộng vào ngày trong công thức",
                        "check the number of days the formula adds to the date"
                    ));
                }
                Value::Empty
            }
            Err(EvalError::DivisionByZero) => {
                let unit = unit_of(leaves, row);
                if !self.reported(Code::FormulaDivisionByZero, self.at(f)) {
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
                // Once per formula, not once per row.
                let span = self.at(f);
                if !self.reported(Code::FormulaSyntax, span) {
                    self.error(Code::FormulaSyntax, span, m);
                }
                Value::Empty
            }
        };
        row.insert(l.key.clone(), value);
    }

    /// A figure typed in the data for a computed column (or, with `every_kind`, in a stated
    /// totals row) must be the computed one, at the precision it was written: "24,40%" where
    /// 24,45 % is computed disagrees, "24,45%" and "0,2445" agree. Text there is an error.
    pub(super) fn compare(
        &mut self,
        l: &Leaf,
        computed: &Value,
        given: Option<&DataCell>,
        every_kind: bool,
    ) {
        if !every_kind && l.kind != ColumnKind::Formula && l.kind != ColumnKind::Allocated {
            return;
        }
        if matches!(l.format, CellFormat::Text | CellFormat::Date) {
            return;
        }
        let Some(cell) = given.filter(|c| c.value != CellValue::Empty) else {
            return;
        };
        let Value::Number(c) = computed else {
            return;
        };
        let k = &l.key;
        let (rule, rule_en) = match &l.column.formula {
            Some(f) => (format!("`{}`", f.value), format!("`{}`", f.value)),
            None if l.kind == ColumnKind::Allocated => ("`allocate`".into(), "`allocate`".into()),
            None => ("tổng các dòng".into(), "the rows' sum".into()),
        };
        let stated = match &cell.value {
            // A workbook's number is the number it holds, to its last digit.
            CellValue::Number(g) if cell.cell_ref.is_some() => Stated {
                value: g.clone(),
                decimals: decimals_of(g),
                percent: false,
            },
            _ => {
                let written = cell.file.slice(cell.span).trim().trim_matches(['"', '\'']);
                match read_stated(written) {
                    Ok(s) => s,
                    Err(_) => {
                        let written = written.to_owned();
                        self.cell_error(
                            Code::NotANumber,
                            cell,
                            msg!(
                                "`{k}` được tính theo {rule}; giá trị ghi sẵn `{written}` không phải một số",
                                "`{k}` is computed by {rule_en}; the figure given, `{written}`, is not a number"
                            ),
                        )
                        .help = Some(msg!(
                            "bỏ giá trị này (cột được tính), hoặc ghi số đúng như bản in: 24,45% hoặc 1.234",
                            "leave it out (the column is computed), or write the figure as printed: 24,45% or 1.234"
                        ));
                        return;
                    }
                }
            }
        };
        if stated.agrees(c) {
            return;
        }
        let percent = stated.percent || l.format == CellFormat::Percent;
        let shown = Stated {
            percent,
            decimals: stated.decimals.max(if percent { 2 } else { 0 }),
            ..stated
        };
        let (gs, cs) = (shown.shown(&shown.value), shown.shown(c));
        self.cell_error(
            Code::FigureDisagrees,
            cell,
            msg!(
                "`{k}` ghi {gs} nhưng tính ra {cs} (theo {rule})",
                "`{k}` is given as {gs} but {rule_en} makes it {cs}"
            ),
        )
        .help = Some(msg!(
            "bỏ số này khỏi dữ liệu (cột được tính) hoặc sửa số liệu đầu vào",
            "leave it out of the data (the column is computed) or correct the inputs"
        ));
    }
}

/// The decimals a number needs to be written exactly (at most 12).
fn decimals_of(r: &BigRational) -> u32 {
    let ten = BigRational::from_integer(10.into());
    let mut x = r.clone();
    for d in 0..12 {
        if x.is_integer() {
            return d;
        }
        x *= &ten;
    }
    12
}

fn lookup(name: &str, row: &Row, ctx: &EvalContext) -> Option<Num> {
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

fn unit_of(leaves: &[Leaf], row: &Row) -> String {
    leaves
        .iter()
        .find(|l| l.kind == ColumnKind::Unit)
        .and_then(|l| match row.get(&l.key) {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "tổng".into())
}
