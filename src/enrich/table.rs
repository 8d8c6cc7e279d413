//! A computed table as the render model has it: every cell written out the Vietnamese way,
//! the header grid, alignments, the chart's bars and the note under the table.

use super::measures::MEASURES;
use super::model::{Align, Chart, HeaderCellModel, LANDSCAPE_FROM_COLUMNS, RowStyle, TableModel};
use crate::appendix::{AppendixTable, ColumnKind, RowKind, Value};
use crate::fonts::{Style, width};
use crate::plan::CellFormat;
use crate::vietnamese::calendar::display;

pub(super) fn table_model(t: &AppendixTable) -> TableModel {
    let line = |row: &[Value]| {
        row.iter()
            .zip(&t.columns)
            .map(|(v, c)| Value::shown(v, c.format))
            .collect::<Vec<_>>()
    };
    let align: Vec<Align> = t
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
    // The rows in their printed order (group headings and subtotals in place); the totals
    // row is the model's own.
    let (mut rows, mut row_styles, mut sources) = (Vec::new(), Vec::new(), Vec::new());
    for (values, kind) in t.printed_rows() {
        let (style, source) = match kind {
            RowKind::Total => continue,
            RowKind::Group => (RowStyle::Group, String::new()),
            RowKind::Subtotal => (RowStyle::Subtotal, String::new()),
            RowKind::Unit(i) => (
                RowStyle::Plain,
                t.sources.get(i).cloned().unwrap_or_default(),
            ),
        };
        rows.push(line(&values));
        row_styles.push(style);
        sources.push(source);
    }
    let totals = t.totals.as_ref().map(|r| line(r));
    let header: Vec<HeaderCellModel> = t
        .header
        .iter()
        .map(|h| HeaderCellModel {
            label: h.label.clone(),
            row: h.row,
            col: h.col,
            rows: h.rows,
            cols: h.cols,
        })
        .collect();
    let landscape = t.columns.len() >= LANDSCAPE_FROM_COLUMNS;
    let widths = widths(&align, &header, &rows, totals.as_ref(), landscape);
    TableModel {
        columns: t.columns.len(),
        widths,
        header_rows: t.header_rows,
        header,
        align,
        rows,
        sources,
        totals,
        landscape,
        chart,
        note: if note.is_empty() {
            String::new()
        } else {
            super::joins::joined(&format!("{}.", note.join("; ")))
        },
        row_styles,
    }
}

/// Column widths in points, from what the columns hold: a figure never wraps, a unit's name
/// takes at most two lines, a header word is never cut; the room left goes first to text
/// columns (a name on one line) and to headers (at most three lines), then to every column
/// alike, so the table is as wide as the page's text.
fn widths(
    align: &[Align],
    header: &[HeaderCellModel],
    rows: &[Vec<String>],
    totals: Option<&Vec<String>>,
    landscape: bool,
) -> Vec<f64> {
    let m = &MEASURES.table;
    let pad = 2.0 * m.pad_x + m.stroke;
    let regular = |s: &str| width(s, Style::Regular, m.size);
    let bold = |s: &str| width(s, Style::Bold, m.size);
    let longest_word = |s: &str, measure: &dyn Fn(&str) -> f64| {
        s.split_whitespace().map(measure).fold(0.0, f64::max)
    };
    let columns = align.len();
    let mut least = vec![0.0_f64; columns];
    let mut wanted = vec![0.0_f64; columns];
    for (c, a) in align.iter().enumerate() {
        let cells = rows
            .iter()
            .map(|r| regular(&r[c]))
            .chain(totals.map(|t| bold(&t[c])));
        let line = cells.fold(0.0, f64::max);
        let words = rows
            .iter()
            .map(|r| longest_word(&r[c], &regular))
            .chain(totals.map(|t| longest_word(&t[c], &bold)))
            .fold(0.0, f64::max);
        let (head_word, head_line) = header
            .iter()
            .filter(|h| h.col == c && h.cols == 1)
            .fold((0.0_f64, 0.0_f64), |(w, l), h| {
                (w.max(longest_word(&h.label, &bold)), l.max(bold(&h.label)))
            });
        least[c] = pad
            + head_word.max(match a {
                Align::Left => words.max(line / 2.0 * 1.1),
                _ => line,
            });
        wanted[c] = least[c].max(pad + line.max(head_line / 3.0));
    }
    let page = MEASURES.text_width(landscape);
    let sum: f64 = least.iter().sum();
    if sum >= page {
        return least.iter().map(|w| w * page / sum).collect();
    }
    // The room left: toward what each column wants, then alike.
    let room = page - sum;
    let short: f64 = wanted.iter().zip(&least).map(|(w, l)| w - l).sum();
    let grow = if short > 0.0 {
        (room / short).min(1.0)
    } else {
        0.0
    };
    let mut out: Vec<f64> = wanted
        .iter()
        .zip(&least)
        .map(|(w, l)| l + (w - l) * grow)
        .collect();
    let left = page - out.iter().sum::<f64>();
    let total: f64 = out.iter().sum();
    for w in &mut out {
        *w += left * *w / total;
    }
    out
}
