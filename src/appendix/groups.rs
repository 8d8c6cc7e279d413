//! `group_by`: the rows of a table gathered by a column of the data (the district of each
//! commune), in the order each group first appears, each group with a subtotal computed by the
//! totals' rule (inputs summed, formulas computed again on the sums).

use std::collections::BTreeMap;
use std::ops::Range;

use super::columns::Leaf;
use super::data::{CellValue, DataSet};
use super::evaluate::EvalContext;
use super::{Computer, Value};
use crate::diagnostic::Code;
use crate::msg;
use crate::plan::Text;

type Row = BTreeMap<String, Value>;

/// A group as computed, before the table's columns are laid out.
pub(super) struct Grouped {
    pub name: String,
    pub rows: Range<usize>,
    pub subtotals: Row,
}

impl Computer<'_> {
    /// Orders `rows` (and the data they come from) by group and computes each group's
    /// subtotal. `None` when the data has no such column.
    pub(super) fn group(
        &mut self,
        key: &Text,
        leaves: &[Leaf],
        order: &[usize],
        rows: &mut Vec<Row>,
        data: &mut DataSet,
        ctx: &EvalContext,
    ) -> Option<Vec<Grouped>> {
        let k = key.value.trim();
        let in_data = data
            .keys
            .iter()
            .any(|c| c.value == CellValue::Text(k.to_owned()));
        if !in_data {
            let keys: Vec<String> = data
                .keys
                .iter()
                .filter_map(|c| match &c.value {
                    CellValue::Text(t) => Some(format!("`{t}`")),
                    _ => None,
                })
                .collect();
            let keys = keys.join(", ");
            self.error(
                Code::BadColumn,
                self.at(key),
                msg!(
                    "`group_by: {k}`: dữ liệu không có cột `{k}`",
                    "`group_by: {k}`: the data has no column `{k}`"
                ),
            )
            .help = Some(msg!(
                "ghi một cột của dữ liệu: {keys}",
                "name a column of the data: {keys}"
            ));
            return None;
        }
        let names: Vec<String> = data
            .rows
            .iter()
            .map(|r| match r.cells.get(k).map(|c| &c.value) {
                Some(CellValue::Text(t)) => t.clone(),
                Some(CellValue::Number(n)) => n.to_string(),
                _ => String::new(),
            })
            .collect();
        for (row, name) in data.rows.iter().zip(&names) {
            if name.is_empty() {
                let span = row.cells.get(k).map_or(row.span, |c| c.span);
                self.out.push(
                    crate::diagnostic::Diagnostic::new(
                        Code::BadValue,
                        &row.file,
                        span,
                        msg!(
                            "dòng này không ghi `{k}`, cột nhóm các dòng",
                            "this row has no `{k}`, the column that groups the rows"
                        ),
                    )
                    .with_help(msg!("ghi `{k}` cho mọi dòng", "write `{k}` in every row")),
                );
            }
        }
        // Groups in the order they first appear; rows keep their order within a group (the
        // sort is stable), and each keeps the data it came from.
        let mut order_of: Vec<&str> = Vec::new();
        for n in &names {
            if !order_of.contains(&n.as_str()) {
                order_of.push(n);
            }
        }
        let group_of: Vec<usize> = names
            .iter()
            .map(|n| order_of.iter().position(|o| o == n).expect("listed above"))
            .collect();
        let mut paired: Vec<_> = group_of
            .into_iter()
            .zip(
                std::mem::take(rows)
                    .into_iter()
                    .zip(std::mem::take(&mut data.rows)),
            )
            .collect();
        paired.sort_by_key(|(g, _)| *g);
        (*rows, data.rows) = paired.into_iter().map(|(_, pair)| pair).unzip();
        let mut out = Vec::new();
        let mut start = 0;
        for name in order_of {
            let len = names.iter().filter(|n| n.as_str() == name).count();
            let range = start..start + len;
            let subtotals = self.sum_rows(leaves, order, &rows[range.clone()], ctx);
            out.push(Grouped {
                name: name.to_owned(),
                rows: range,
                subtotals,
            });
            start += len;
        }
        Some(out)
    }
}
