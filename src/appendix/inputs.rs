//! The rows' inputs: each row's unit and input figures read from the data and checked (a
//! unit on every row and only once, numbers where numbers go, by the one number rule).

use std::collections::BTreeMap;

use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::columns::Leaf;
use super::data::{CellValue, DataCell, DataRow, DataSet};
use super::{ColumnKind, Computer, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::lang::closest;
use crate::msg;
use crate::plan::{CellFormat, Located, Scalar};
use crate::vietnamese::calendar::parse_date;
use crate::vietnamese::{MAX_DIGITS, NumberError, read_number};

impl Computer<'_> {
    /// A figure written in the plan (`allocate.total`, `days`), read by the one number rule.
    pub(super) fn figure(&mut self, v: &Located<Scalar>, key: &str) -> Option<BigRational> {
        match read_number(&v.value.0) {
            Ok(n) => Some(n),
            Err(_) => {
                let (code, m, help) = number_problem(key, &v.value.0);
                self.error(code, self.at(v), m).help = Some(help);
                None
            }
        }
    }

    pub(super) fn cell_error(
        &mut self,
        code: Code,
        cell: &DataCell,
        m: Message,
    ) -> &mut Diagnostic {
        let m = match &cell.cell_ref {
            Some(r) => Message::new(format!("{} (ô {r})", m.vi), format!("{} (cell {r})", m.en)),
            None => m,
        };
        self.out
            .push(Diagnostic::new(code, &cell.file, cell.span, m));
        self.out.last_mut().expect("just pushed")
    }

    /// `group_by`, when given, names a column of the data that is known without a leaf.
    pub(super) fn unknown_keys(&mut self, data: &DataSet, leaves: &[Leaf], group_by: Option<&str>) {
        let known: Vec<&str> = leaves
            .iter()
            .map(|l| l.key.as_str())
            .chain(group_by)
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        for k in &data.keys {
            let CellValue::Text(name) = &k.value else {
                continue;
            };
            if !name.is_empty() && !seen.insert(name.as_str()) {
                self.cell_error(
                    Code::BadColumn,
                    k,
                    msg!(
                        "cột `{name}` có hai lần trong dữ liệu",
                        "the data has the column `{name}` twice"
                    ),
                )
                .help = Some(msg!(
                    "giữ một cột `{name}`, đổi tên hoặc bỏ cột kia",
                    "keep one column `{name}`; rename or remove the other"
                ));
                continue;
            }
            let has_data = data.rows.iter().any(|r| {
                r.cells
                    .get(name)
                    .is_some_and(|c| c.value != CellValue::Empty)
            });
            if name.is_empty() && has_data {
                self.cell_error(
                    Code::BadColumn,
                    k,
                    msg!(
                        "một cột có số liệu nhưng không có tên ở dòng đầu",
                        "a column has data but no name in the first row"
                    ),
                )
                .help = Some(msg!(
                    "ghi khoá của cột ở dòng đầu",
                    "write the column's key in the first row"
                ));
                continue;
            }
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
    pub(super) fn inputs(
        &mut self,
        data: &DataSet,
        leaves: &[Leaf],
    ) -> Vec<BTreeMap<String, Value>> {
        let mut units: BTreeMap<String, ()> = BTreeMap::new();
        let mut rows = Vec::new();
        for row in &data.rows {
            let mut values = BTreeMap::new();
            for l in leaves {
                let cell = row.cells.get(&l.key);
                let value = match l.kind {
                    ColumnKind::Unit => self.unit(l, cell, row),
                    ColumnKind::Input => self.input(l, cell),
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
                // What a YAML text may not hold, a cell may not either: the first problem of
                // it, at the cell (a word of 40.000 letters would break the PDF, unplaced).
                if let (Value::Text(t), Some(c)) = (&value, cell)
                    && let Some(p) = crate::load::printable::text_problems(t).into_iter().next()
                {
                    self.cell_error(p.code, c, p.message).help = Some(p.help);
                }
                values.insert(l.key.clone(), value);
            }
            rows.push(values);
        }
        rows
    }

    /// A row's unit: every row needs one.
    fn unit(&mut self, l: &Leaf, cell: Option<&DataCell>, row: &DataRow) -> Value {
        match cell.map(|c| &c.value) {
            Some(CellValue::Text(t)) => Value::Text(t.clone()),
            Some(CellValue::Number(n)) => Value::Text(n.to_string()),
            _ => {
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
        }
    }

    /// An input figure (or text, or date) as its column's format wants it; empty is 0.
    fn input(&mut self, l: &Leaf, cell: Option<&DataCell>) -> Value {
        let Some(c) = cell else {
            return match l.format {
                CellFormat::Text | CellFormat::Date => Value::Empty,
                _ => Value::Number(BigRational::zero()),
            };
        };
        match (l.format, &c.value) {
            (CellFormat::Text, CellValue::Text(t)) => Value::Text(t.clone()),
            (CellFormat::Text, CellValue::Number(n)) => Value::Text(n.to_string()),
            (CellFormat::Text | CellFormat::Date, CellValue::Empty) => Value::Empty,
            (CellFormat::Date, CellValue::Text(t)) => match parse_date(t) {
                Ok(d) => Value::Date(d),
                Err(_) => {
                    self.cell_error(
                        Code::DateFormat,
                        c,
                        msg!("`{t}` không phải một ngày", "`{t}` is not a date"),
                    );
                    Value::Empty
                }
            },
            (CellFormat::Date, CellValue::Number(_)) => Value::Empty,
            (_, CellValue::Number(n)) => {
                if n.is_negative() {
                    let (key, shown) = (&l.key, n.to_string());
                    self.cell_error(
                        Code::NegativeNumber,
                        c,
                        msg!(
                            "`{key}` là {shown}: số lượng không thể âm",
                            "`{key}` is {shown}: a count cannot be negative"
                        ),
                    );
                }
                Value::Number(n.clone())
            }
            (_, CellValue::Text(t)) => {
                let (code, m, help) = number_problem(&l.key, t);
                self.cell_error(code, c, m).help = Some(help);
                // Kept as text, not read as 0: a formula using it gives nothing, rather than
                // a second error ("divides by 0") about a figure the writer never gave.
                Value::Text(t.clone())
            }
            (_, CellValue::Empty) => Value::Number(BigRational::zero()),
        }
    }
}

/// What is wrong with `text` where `key` needs a number, and what to write instead.
pub fn number_problem(key: &str, text: &str) -> (Code, Message, Message) {
    match read_number(text) {
        Err(NumberError::Ambiguous { decimal, whole }) => (
            Code::NumberFormat,
            msg!(
                "`{key}: {text}`: dấu chấm chỉ dùng để ngăn cách hàng nghìn (1.250), trước đúng ba chữ số",
                "`{key}: {text}`: a dot only separates thousands (1.250), before exactly three digits"
            ),
            msg!(
                "nếu là số thập phân, ghi `{decimal}` (dấu phẩy); nếu là số nguyên, ghi `{whole}`",
                "for a decimal write `{decimal}` (a comma); for a whole number write `{whole}`"
            ),
        ),
        Err(NumberError::TooManyDigits) => (
            Code::NotANumber,
            msg!(
                "`{key}` có hơn {MAX_DIGITS} chữ số",
                "`{key}` has more than {MAX_DIGITS} digits"
            ),
            msg!(
                "ghi một số có tối đa {MAX_DIGITS} chữ số",
                "write a number of at most {MAX_DIGITS} digits"
            ),
        ),
        _ => (
            Code::NotANumber,
            msg!(
                "`{key}` cần một số, nhưng ở đây là `{text}`",
                "`{key}` needs a number, but here is `{text}`"
            ),
            msg!(
                "ghi số: 1250 hoặc 1.250, số lẻ 12,5; để trống nghĩa là 0",
                "write a number: 1250 or 1.250, a fraction 12,5; empty means 0"
            ),
        ),
    }
}
