//! Progress since the last figures: a computed table beside the same table computed from older
//! figures gains, per number column, the change since then (`<key>_since`, under one header
//! "Tăng so với …"), and the pace the deadline needs against the pace achieved: `needed_per_day`
//! (what is left over the days left, rounded up), `achieved_per_day` (what was done since, over
//! the days since, to one decimal) and `pace` ("chậm" when behind, "kịp" when not).
//!
//! What counts as done is the column keyed `done` (else the first input column whose label
//! starts "Đã"); the target is the allocated column (else the one keyed `quota`). Without them,
//! or without the days, only the changes are added. Finding the older figures is `since.rs`.

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::{AppendixTable, ColumnKind, HeaderCell, LeafColumn, Value};
use crate::plan::CellFormat;
use crate::vietnamese::calendar::display;
use crate::vietnamese::round_half_up;

/// The older figures: the same table computed from them, and the day they are as of.
pub struct Before {
    pub table: AppendixTable,
    pub date: Option<NaiveDate>,
    /// How to name them when the day is not known ("HEAD~1", "cu.csv").
    pub name: String,
}

/// `table` with its progress since `before` added as columns.
pub fn add(table: &mut AppendixTable, before: &Before) {
    let unit = table
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Unit);
    let old_unit = before
        .table
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Unit);
    let (Some(unit), Some(old_unit)) = (unit, old_unit) else {
        return;
    };
    let numeric: Vec<usize> = (0..table.columns.len())
        .filter(|&c| {
            let col = &table.columns[c];
            !matches!(col.kind, ColumnKind::RowNumber | ColumnKind::Unit)
                && !matches!(col.format, CellFormat::Date | CellFormat::Text)
        })
        .collect();
    // Each row's older row, by its unit.
    let old_row = |row: &[Value]| {
        before
            .table
            .rows
            .iter()
            .find(|r| r[old_unit] == row[unit])
            .cloned()
    };
    let old_col = |key: &str| before.table.columns.iter().position(|c| c.key == key);
    let change = |new: &Value, old: Option<&Value>| match (new, old) {
        (Value::Number(n), Some(Value::Number(o))) => Value::Number(n - o),
        _ => Value::Empty,
    };
    let first_new = table.columns.len();
    for &c in &numeric {
        let col = table.columns[c].clone();
        let oc = old_col(&col.key);
        for row in &mut table.rows {
            let old = old_row(row);
            let v = change(&row[c], oc.and_then(|o| old.as_ref().map(|r| &r[o])));
            row.push(v);
        }
        if let Some(totals) = &mut table.totals {
            let old = before.table.totals.as_ref();
            let v = change(&totals[c], oc.and_then(|o| old.map(|r| &r[o])));
            totals.push(v);
        }
        table.columns.push(LeafColumn {
            key: format!("{}_since", col.key),
            label: col.label.clone(),
            format: col.format,
            kind: ColumnKind::Formula,
        });
    }
    drop_unmoved(table, first_new);
    let changes = table.columns.len() - first_new;
    let paced = pace(table, before);
    let when = before.date.map_or_else(|| before.name.clone(), display);
    relayout_header(table, first_new, changes, paced, &when);
    // A group's subtotal has no older figures to compare: its progress cells stay empty.
    let width = table.columns.len();
    for g in &mut table.groups {
        g.subtotals.resize(width, Value::Empty);
    }
}

/// Leaves out the change columns from `first` on where nothing moved (a figure the same in
/// every row), but never what was done: a day without progress is news.
fn drop_unmoved(table: &mut AppendixTable, first: usize) {
    let moved = |c: usize| {
        table.columns[c].key == "done_since"
            || table
                .rows
                .iter()
                .any(|r| matches!(&r[c], Value::Number(n) if !n.is_zero()))
    };
    let keep: Vec<bool> = (0..table.columns.len())
        .map(|c| c < first || moved(c))
        .collect();
    let kept = |row: &mut Vec<Value>| {
        let mut k = keep.iter();
        row.retain(|_| k.next().copied().unwrap_or(true));
    };
    table.rows.iter_mut().for_each(kept);
    if let Some(t) = &mut table.totals {
        kept(t);
    }
    let mut k = keep.iter();
    table.columns.retain(|_| k.next().copied().unwrap_or(true));
}

/// The days between the older figures and these, when both days are known.
fn days_since(table: &AppendixTable, before: &Before) -> Option<i64> {
    let n = (table.as_of? - before.date?).num_days();
    (n > 0).then_some(n)
}

/// Adds the pace columns if the table has what they need; says whether it did.
fn pace(table: &mut AppendixTable, before: &Before) -> bool {
    let key = |k: &str| table.columns.iter().position(|c| c.key == k);
    let done = key("done").or_else(|| {
        table
            .columns
            .iter()
            .position(|c| c.kind == ColumnKind::Input && c.label.starts_with("Đã"))
    });
    let target = table
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Allocated)
        .or_else(|| key("quota"));
    let (Some(done), Some(target), Some(left), Some(since)) =
        (done, target, table.days, days_since(table, before))
    else {
        return false;
    };
    let Some(done_since) = key(&format!("{}_since", table.columns[done].key)) else {
        return false;
    };
    let per_day = |row: &[Value]| -> [Value; 3] {
        let (Value::Number(d), Value::Number(t), Value::Number(moved)) =
            (&row[done], &row[target], &row[done_since])
        else {
            return [Value::Empty, Value::Empty, Value::Empty];
        };
        let rest = (t - d).max(BigRational::zero());
        let needed = (rest / BigRational::from_integer(left.into())).ceil();
        let achieved = moved / BigRational::from_integer(since.into());
        let tenth = BigRational::new(BigInt::from(1), BigInt::from(10));
        let shown = BigRational::from_integer(round_half_up(&(&achieved / &tenth))) * &tenth;
        let behind = achieved < needed && needed.is_positive();
        [
            Value::Number(needed),
            Value::Number(shown),
            Value::Text(if behind { "chậm" } else { "kịp" }.into()),
        ]
    };
    for row in &mut table.rows {
        let cells = per_day(row);
        row.extend(cells);
    }
    if let Some(totals) = &mut table.totals {
        let cells = per_day(totals);
        totals.extend(cells);
    }
    for (key, label, format) in [
        ("needed_per_day", "Cần đạt/ngày", CellFormat::Integer),
        ("achieved_per_day", "Đã đạt/ngày", CellFormat::Integer),
        ("pace", "Tiến độ", CellFormat::Text),
    ] {
        table.columns.push(LeafColumn {
            key: key.into(),
            label: label.into(),
            format,
            kind: ColumnKind::Formula,
        });
    }
    true
}

/// The header with the new columns: the changes under one spanning label, the pace columns
/// full height; a one-row header grows a row for it.
fn relayout_header(
    table: &mut AppendixTable,
    first: usize,
    changes: usize,
    paced: bool,
    when: &str,
) {
    if changes == 0 {
        return;
    }
    if table.header_rows == 1 {
        for cell in &mut table.header {
            cell.rows += 1;
        }
        table.header_rows = 2;
    }
    let rows = table.header_rows;
    table.header.push(HeaderCell {
        label: format!("Tăng so với {when}"),
        row: 0,
        col: first,
        rows: 1,
        cols: changes,
    });
    for c in first..first + changes {
        table.header.push(HeaderCell {
            label: table.columns[c].label.clone(),
            row: 1,
            col: c,
            rows: rows - 1,
            cols: 1,
        });
    }
    if paced {
        for c in first + changes..table.columns.len() {
            table.header.push(HeaderCell {
                label: table.columns[c].label.clone(),
                row: 0,
                col: c,
                rows,
                cols: 1,
            });
        }
    }
}
