//! The columns of a table appendix: the leaves of the column tree (each checked), what each
//! formula or allocation reads, the order they are computed in, and the header grid.
//!
//! Only the columns: reading the rows is [`super::inputs`], computing them [`super::evaluate`].

use std::collections::BTreeSet;

use super::formula::Expr;
use super::{ColumnKind, Computer, HeaderCell};
use crate::diagnostic::Code;
use crate::lang::closest;
use crate::msg;
use crate::plan::{Appendix, CellFormat, Column};

/// A leaf column as written, with what it needs to be computed.
pub(super) struct Leaf<'a> {
    pub column: &'a Column,
    pub key: String,
    pub kind: ColumnKind,
    pub format: CellFormat,
    pub formula: Option<Expr>,
}

impl Computer<'_> {
    /// The leaf columns, each checked: a key, once, and not both a formula and an allocation.
    pub(super) fn leaves<'a>(&mut self, a: &'a Appendix) -> Vec<Leaf<'a>> {
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
        flat.into_iter()
            .filter_map(|c| self.leaf(c, &unit_key, &mut seen))
            .collect()
    }

    /// One leaf column, checked: a key, once, and not both a formula and an allocation.
    fn leaf<'a>(
        &mut self,
        c: &'a Column,
        unit_key: &str,
        seen: &mut BTreeSet<String>,
    ) -> Option<Leaf<'a>> {
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
            return None;
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
            return None;
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
            return None;
        }
        let formula = match &c.formula {
            Some(f) => match Expr::parse(&f.value) {
                Ok(e) => Some(e),
                Err(m) => {
                    self.error(Code::FormulaSyntax, self.at(f), m);
                    return None;
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
        Some(Leaf {
            column: c,
            key: k,
            kind,
            format,
            formula,
        })
    }

    /// Formulas name only known columns and find `days` when they use it; allocations split
    /// by a numeric column; nothing computed depends on itself.
    pub(super) fn check_formulas(&mut self, leaves: &[Leaf], has_days: bool) -> bool {
        let names = self.formula_names(leaves, has_days);
        let allocations = self.allocations_by_numbers(leaves);
        let cycles = self.no_cycles(leaves);
        names && allocations && cycles
    }

    /// Formulas name only the appendix's columns, and `days` only when there are days.
    fn formula_names(&mut self, leaves: &[Leaf], has_days: bool) -> bool {
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
        ok
    }

    /// An allocation splits by a numeric column (an input or a formula).
    fn allocations_by_numbers(&mut self, leaves: &[Leaf]) -> bool {
        let mut ok = true;
        for l in leaves {
            if let Some(al) = &l.column.allocate {
                let by = &al.by.value;
                let fits = leaves.iter().any(|o| {
                    &o.key == by
                        && matches!(o.kind, ColumnKind::Input | ColumnKind::Formula)
                        && !matches!(o.format, CellFormat::Text | CellFormat::Date)
                });
                if !fits {
                    ok = false;
                    self.error(
                        Code::BadColumn,
                        self.at(&al.by),
                        msg!(
                            "`allocate.by: {by}` phải là một cột số của phụ lục (số liệu nhập hoặc công thức)",
                            "`allocate.by: {by}` must be a numeric column of the appendix (an input or a formula)"
                        ),
                    );
                }
            }
        }
        ok
    }

    /// Nothing computed depends on itself, through formulas or allocations.
    fn no_cycles(&mut self, leaves: &[Leaf]) -> bool {
        let mut ok = true;
        for l in leaves {
            let Some(path) = cycle(leaves, &l.key) else {
                continue;
            };
            ok = false;
            let (k, chain) = (&l.key, path.join("` → `"));
            match (&l.column.formula, &l.column.allocate) {
                (Some(f), _) => {
                    self.error(
                        Code::FormulaCycle,
                        self.at(f),
                        msg!(
                            "công thức của `{k}` quay vòng về chính nó: `{chain}`",
                            "the formula of `{k}` depends on itself: `{chain}`"
                        ),
                    );
                }
                (None, Some(al)) => {
                    let by = &al.by.value;
                    self.error(
                        Code::FormulaCycle,
                        self.at(&al.by),
                        msg!(
                            "phân bổ `{k}` theo `{by}`, mà `{by}` lại tính từ `{k}`: `{chain}`",
                            "`{k}` is allocated by `{by}`, which is computed from `{k}`: `{chain}`"
                        ),
                    )
                    .help = Some(msg!(
                        "phân bổ theo một cột không dùng `{k}`",
                        "allocate by a column that does not use `{k}`"
                    ));
                }
                _ => {}
            }
        }
        ok
    }
}

/// What a computed column reads: its formula's names, or an allocation's `by` column.
fn deps<'a>(leaves: &'a [Leaf], key: &str) -> Vec<&'a str> {
    let Some(l) = leaves.iter().find(|l| l.key == key) else {
        return Vec::new();
    };
    match (&l.formula, &l.column.allocate) {
        (Some(e), _) => e.vars().into_iter().collect(),
        (None, Some(al)) => vec![al.by.value.as_str()],
        _ => Vec::new(),
    }
}

/// The loop `key` → … → `key` through what computed columns read, if there is one.
fn cycle<'a>(leaves: &'a [Leaf], key: &'a str) -> Option<Vec<&'a str>> {
    // Depth-first with an explicit stack of paths; every column is entered once.
    let mut stack: Vec<Vec<&str>> = vec![vec![key]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = *path.last().expect("paths are never empty");
        for d in deps(leaves, last) {
            if d == key {
                let mut found = path.clone();
                found.push(key);
                return Some(found);
            }
            if seen.insert(d) {
                let mut next = path.clone();
                next.push(d);
                stack.push(next);
            }
        }
    }
    None
}

fn is_computed(l: &Leaf) -> bool {
    l.formula.is_some() || l.column.allocate.is_some()
}

/// Formula and allocated columns in an order where each comes after the columns it reads
/// (no cycles: [`Computer::check_formulas`] has ruled them out).
pub(super) fn evaluation_order(leaves: &[Leaf]) -> Vec<usize> {
    let mut done: BTreeSet<&str> = leaves
        .iter()
        .filter(|l| !is_computed(l))
        .map(|l| l.key.as_str())
        .collect();
    let wanted = leaves.iter().filter(|l| is_computed(l)).count();
    let mut order = Vec::new();
    while order.len() < wanted {
        let before = order.len();
        for (i, l) in leaves.iter().enumerate() {
            if !is_computed(l) || done.contains(l.key.as_str()) {
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
