//! A computed table as the render model has it: every cell written out the Vietnamese way,
//! the header grid, alignments, the chart's bars and the note under the table.

use super::model::{Align, Chart, HeaderCellModel, LANDSCAPE_FROM_COLUMNS, TableModel};
use crate::appendix::{AppendixTable, ColumnKind, Value};
use crate::plan::CellFormat;
use crate::vietnamese::calendar::display;

pub(super) fn table_model(t: &AppendixTable) -> TableModel {
    let line = |row: &[Value]| {
        row.iter()
            .zip(&t.columns)
            .map(|(v, c)| Value::shown(v, c.format))
            .collect::<Vec<_>>()
    };
    let align = t
        .columns
        .iter()
        .map(|c| match (c.kind, c.format) {
            (ColumnKind::RowNumber, _) | (_, CellFormat::Date) => Align::Center,
            (ColumnKind::Unit, _) | (_, CellFormat::Text) => Align::Left,
            _ => Align::Right,
        })
        .collect();
    let chart = t.chart.as_ref().and_then(|key| {
        let col = t.columns.iter().position(|c| &c.key == key)?;
        let unit = t.columns.iter().position(|c| c.kind == ColumnKind::Unit)?;
        let bars = t
            .rows
            .iter()
            .map(|r| {
                let ratio = match &r[col] {
                    Value::Number(n) => crate::vietnamese::to_f64(n).clamp(0.0, 1.0),
                    _ => 0.0,
                };
                (
                    Value::shown(&r[unit], CellFormat::Text),
                    ratio,
                    Value::shown(&r[col], t.columns[col].format),
                )
            })
            .collect();
        Some(Chart {
            label: t.columns[col].label.clone(),
            bars,
        })
    });
    let mut note = Vec::new();
    if let Some(d) = t.as_of {
        note.push(format!("Số liệu tính đến ngày {}", display(d)));
    }
    if let Some(d) = t.deadline {
        note.push(format!("thời hạn hoàn thành {}", display(d)));
    }
    if let Some(d) = t.days {
        note.push(format!("số ngày còn lại để tính bình quân: {d}"));
    }
    TableModel {
        columns: t.columns.len(),
        header_rows: t.header_rows,
        header: t
            .header
            .iter()
            .map(|h| HeaderCellModel {
                label: h.label.clone(),
                row: h.row,
                col: h.col,
                rows: h.rows,
                cols: h.cols,
            })
            .collect(),
        align,
        rows: t.rows.iter().map(|r| line(r)).collect(),
        totals: t.totals.as_ref().map(|r| line(r)),
        landscape: t.columns.len() >= LANDSCAPE_FROM_COLUMNS,
        chart,
        note: if note.is_empty() {
            String::new()
        } else {
            format!("{}.", note.join("; "))
        },
    }
}
