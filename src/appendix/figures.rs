//! A report's figures over a plan's data (`Overrides::figures`): the plan's rows, each unit's
//! cells replaced by the cells the figures file gives for it (what is done by now), so the
//! quota and every other input stay the plan's. A unit of the figures the plan does not have,
//! or a unit of the plan the figures leave out, is an error at its line.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use num_rational::BigRational;

use super::ColumnKind;
use super::Computer;
use super::columns::Leaf;
use super::data::{self, CellValue, DataRow, DataSet};
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::msg;
use crate::source::{SourceFile, Span};

/// Where a report's figures come from.
#[derive(Clone, Debug)]
pub enum Figures {
    /// A data file: its folder, and its name as written there (read inside that folder).
    File(PathBuf, String),
    /// Figures summed from the reports of the units below: one row per unit.
    Rows {
        rows: Vec<FigureRow>,
        /// Where a unit left out is said: the report's `from`.
        file: Arc<SourceFile>,
        span: Span,
    },
}

/// One unit's figures, and where they were named.
#[derive(Clone, Debug)]
pub struct FigureRow {
    pub unit: String,
    pub cells: BTreeMap<String, BigRational>,
    pub file: Arc<SourceFile>,
    pub span: Span,
}

/// The rows of a roll-up as the figures of a data file would be.
fn as_data(unit: &str, rows: &[FigureRow], file: &Arc<SourceFile>, span: Span) -> DataSet {
    let cell = |value: CellValue, file: &Arc<SourceFile>, span: Span| data::DataCell {
        value,
        file: Arc::clone(file),
        span,
        cell_ref: None,
    };
    DataSet {
        rows: rows
            .iter()
            .map(|r| {
                let mut cells: BTreeMap<String, data::DataCell> = r
                    .cells
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            cell(CellValue::Number(v.clone()), &r.file, r.span),
                        )
                    })
                    .collect();
                cells.insert(
                    unit.to_owned(),
                    cell(CellValue::Text(r.unit.clone()), &r.file, r.span),
                );
                DataRow {
                    cells,
                    file: Arc::clone(&r.file),
                    span: r.span,
                }
            })
            .collect(),
        keys: vec![cell(CellValue::Text(unit.to_owned()), file, span)],
    }
}

fn unit_of(row: &DataRow, key: &str) -> Option<String> {
    match row.cells.get(key).map(|c| &c.value) {
        Some(CellValue::Text(t)) => Some(t.trim().to_owned()),
        Some(CellValue::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

impl Computer<'_> {
    /// `data` with the report's figures over it; None after saying why they cannot be read.
    pub(super) fn with_figures(
        &mut self,
        mut data: DataSet,
        source: &Figures,
        leaves: &[Leaf],
        at: Span,
    ) -> Option<DataSet> {
        let unit = leaves
            .iter()
            .find(|l| l.kind == ColumnKind::Unit)?
            .key
            .clone();
        let figures = match source {
            Figures::File(folder, name) => match data::from_file(folder, name, true) {
                Ok(f) => f,
                Err(e) => {
                    self.error(Code::AppendixRows, at, e.message());
                    return None;
                }
            },
            Figures::Rows { rows, file, span } => as_data(&unit, rows, file, *span),
        };
        let units: Vec<String> = data.rows.iter().filter_map(|r| unit_of(r, &unit)).collect();
        let mut given = vec![false; data.rows.len()];
        let report = |out: &mut Vec<Diagnostic>, row: &DataRow, m: Message| {
            out.push(Diagnostic::new(Code::AppendixRows, &row.file, row.span, m));
        };
        for row in &figures.rows {
            let Some(name) = unit_of(row, &unit) else {
                report(
                    &mut self.out,
                    row,
                    msg!(
                        "dòng số liệu không có cột `{unit}` (tên đơn vị)",
                        "a row of figures without its `{unit}` (the unit's name)"
                    ),
                );
                continue;
            };
            match units.iter().position(|u| u.eq_ignore_ascii_case(&name)) {
                Some(i) => {
                    given[i] = true;
                    for (key, cell) in &row.cells {
                        if *key != unit {
                            data.rows[i].cells.insert(key.clone(), cell.clone());
                        }
                    }
                }
                None => {
                    let near = units
                        .iter()
                        .max_by(|a, b| {
                            strsim::jaro_winkler(a, &name)
                                .total_cmp(&strsim::jaro_winkler(b, &name))
                        })
                        .filter(|u| strsim::jaro_winkler(u, &name) > 0.8)
                        .map(|u| format!("; có phải `{u}`?"))
                        .unwrap_or_default();
                    let near_en = near.replace("; có phải", "; did you mean");
                    report(
                        &mut self.out,
                        row,
                        msg!(
                            "đơn vị `{name}` không có trong phụ lục của kế hoạch{near}",
                            "the unit `{name}` is not in the plan's appendix{near_en}"
                        ),
                    );
                }
            }
        }
        let first = figures.keys.first().map(|k| (k.file.clone(), k.span));
        for (i, done) in given.iter().enumerate() {
            if !done && let Some((file, span)) = &first {
                let name = &units[i];
                self.out.push(Diagnostic::new(
                    Code::AppendixRows,
                    file,
                    *span,
                    msg!(
                        "số liệu thiếu đơn vị `{name}` của kế hoạch: thêm một dòng cho đơn vị này",
                        "the figures leave out the plan's unit `{name}`: add a row for it"
                    ),
                ));
            }
        }
        for k in figures.keys {
            if !data.keys.iter().any(|d| d.value == k.value) {
                data.keys.push(k);
            }
        }
        Some(data)
    }
}
