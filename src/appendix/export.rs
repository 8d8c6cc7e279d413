//! Writing computed tables out: a terminal table in Vietnamese number format, CSV and JSON with
//! raw values for other programs, and an Excel workbook with the merged headers for offices.
//!
//! Presentation only: every figure arrives computed in [`super::AppendixTable`].

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use serde_json::{Map, Value as Json, json};

use super::{AppendixTable, ColumnKind, HeaderCell, RowKind, Value};
use crate::load::printable::cleaned;
use crate::plan::CellFormat;
use crate::vietnamese;

/// Whether a spreadsheet would take a text cell for a formula (OWASP's CSV injection list):
/// such text is written with a leading `'` in CSV and as quoted text in a workbook.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A value as other programs want it: integers as integers, percents as ratios, dates ISO.
pub fn raw(v: &Value) -> Json {
    match v {
        Value::Number(n) if n.is_integer() => {
            i64::try_from(n.to_integer()).map_or_else(|_| json!(vietnamese::to_f64(n)), Json::from)
        }
        Value::Number(n) => json!(vietnamese::to_f64(n)),
        Value::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
        Value::Text(t) => Json::String(t.clone()),
        Value::Empty => Json::Null,
    }
}

/// The mark of a row in a CSV of a grouped table.
fn row_mark(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Group => "group",
        RowKind::Unit(_) => "unit",
        RowKind::Subtotal => "subtotal",
        RowKind::Total => "total",
    }
}

pub fn table(out: &mut dyn Write, tables: &[AppendixTable]) -> io::Result<()> {
    for (n, t) in tables.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", cleaned(&t.title.to_uppercase()))?;
        let mut facts = Vec::new();
        if let Some(d) = t.as_of {
            facts.push(format!("số liệu tính đến {}", vietnamese::date(d)));
        }
        if let Some(d) = t.deadline {
            facts.push(format!("hạn {}", vietnamese::date(d)));
        }
        if let Some(d) = t.days {
            facts.push(format!("còn {d} ngày"));
        }
        if !facts.is_empty() {
            writeln!(out, "({})", facts.join("; "))?;
        }
        let numeric: Vec<bool> = t
            .columns
            .iter()
            .map(|c| !matches!(c.format, CellFormat::Text) && c.kind != ColumnKind::Unit)
            .collect();
        let line = |values: &[Value]| {
            values
                .iter()
                .zip(&t.columns)
                .zip(&numeric)
                .map(|((v, c), &num)| (v.shown(c.format), num))
                .collect::<Vec<_>>()
        };
        let body: Vec<_> = t.printed_rows().iter().map(|(r, _)| line(r)).collect();
        let grid = super::terminal::draw(&t.header, t.header_rows, t.columns.len(), &body);
        writeln!(out, "{grid}")?;
    }
    Ok(())
}

pub fn csv(out: &mut dyn Write, tables: &[AppendixTable]) -> io::Result<()> {
    for (n, t) in tables.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let mut w = csv::Writer::from_writer(&mut *out);
        // A grouped table's rows say what each is, in a first column `row`.
        let grouped = !t.groups.is_empty();
        let mark = grouped.then_some("row");
        w.write_record(
            mark.into_iter()
                .chain(t.columns.iter().map(|c| c.key.as_str())),
        )?;
        for (row, kind) in t.printed_rows() {
            let mark = grouped.then(|| row_mark(kind).to_owned());
            w.write_record(
                mark.into_iter()
                    .chain(row.iter().map(|v| match (v, raw(v)) {
                        // An integer stays exact however large (JSON would make it a float).
                        (Value::Number(n), _) if n.is_integer() => n.to_integer().to_string(),
                        (_, Json::Null) => String::new(),
                        (_, Json::String(s)) if looks_like_formula(&s) => {
                            format!("'{}", cleaned(&s))
                        }
                        (_, Json::String(s)) => cleaned(&s).into_owned(),
                        (_, other) => other.to_string(),
                    })),
            )?;
        }
        w.flush()?;
    }
    Ok(())
}

fn json_row(t: &AppendixTable, row: &[Value]) -> Json {
    let map: Map<String, Json> = t
        .columns
        .iter()
        .zip(row)
        .map(|(c, v)| (c.key.clone(), raw(v)))
        .collect();
    Json::Object(map)
}

/// The rows of a table, each with its `"group"` when the table is grouped.
fn json_rows(t: &AppendixTable) -> Vec<Json> {
    t.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = json_row(t, r);
            if let Some(g) = t.groups.iter().find(|g| g.rows.contains(&i)) {
                row["group"] = Json::String(g.name.clone());
            }
            row
        })
        .collect()
}

/// `[{"title", "columns": [{"key", "label"}], "rows": [{KEY: value}], "totals": {…}}]`.
pub fn to_json(tables: &[AppendixTable]) -> Json {
    Json::Array(
        tables
            .iter()
            .map(|t| {
                let mut table = json!({
                    "title": t.title,
                    "columns": t.columns.iter().map(|c| json!({"key": c.key, "label": c.label})).collect::<Vec<_>>(),
                    "rows": json_rows(t),
                    "totals": t.totals.as_ref().map(|r| json_row(t, r)),
                });
                if !t.groups.is_empty() {
                    table["groups"] = t
                        .groups
                        .iter()
                        .map(|g| json!({"name": g.name, "numeral": g.numeral, "subtotals": json_row(t, &g.subtotals)}))
                        .collect();
                }
                table
            })
            .collect(),
    )
}

pub fn json(out: &mut dyn Write, tables: &[AppendixTable]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_json(tables))?;
    writeln!(out)
}

/// A workbook, one sheet per table: title, merged multi-level header, rows, bold totals.
/// Dated by the table's `as_of` (not the clock) so the same plan gives the same bytes.
pub fn xlsx(
    tables: &[AppendixTable],
    doc_date: Option<NaiveDate>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let date = doc_date.unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real day"));
    let stamp = excel_date(date)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&stamp));
    let border = Format::new().set_border(FormatBorder::Thin);
    let head = border
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    for (n, t) in tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(format!("Phụ lục {}", n + 1))?;
        let last = (t.columns.len().max(1) - 1) as u16;
        sheet.merge_range(0, 0, 0, last, &t.title.to_uppercase(), &title)?;
        let top = 2u32;
        write_header(sheet, t, top, &head)?;
        let first = top + t.header_rows as u32;
        write_rows(sheet, t, first, &border)?;
        sheet.set_column_width(0, 6)?;
        for c in 1..=last {
            sheet.set_column_width(c, 14)?;
        }
    }
    book.save_to_buffer()
}

/// A date as a workbook has it (dates run from 1900, as the checker keeps them).
fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(d.year_ce().1 as u16, d.month() as u8, d.day() as u8)
}

/// The merged multi-level header, from row `top`.
fn write_header(
    sheet: &mut rust_xlsxwriter::Worksheet,
    t: &AppendixTable,
    top: u32,
    head: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for HeaderCell {
        label,
        row,
        col,
        rows,
        cols,
    } in &t.header
    {
        let (r0, c0) = (top + *row as u32, *col as u16);
        let (r1, c1) = (r0 + *rows as u32 - 1, c0 + *cols as u16 - 1);
        let head = if looks_like_formula(label) {
            head.clone().set_quote_prefix()
        } else {
            head.clone()
        };
        if (r0, c0) == (r1, c1) {
            sheet.write_string_with_format(r0, c0, label, &head)?;
        } else {
            sheet.merge_range(r0, c0, r1, c1, label, &head)?;
        }
    }
    Ok(())
}

/// The rows and the bold totals row, from row `first`, each column in its number format.
fn write_rows(
    sheet: &mut rust_xlsxwriter::Worksheet,
    t: &AppendixTable,
    first: u32,
    border: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let formats: Vec<Format> = t
        .columns
        .iter()
        .map(|c| match c.format {
            CellFormat::Percent => border.clone().set_num_format("0.00%"),
            CellFormat::Date => border.clone().set_num_format("dd/mm/yyyy"),
            CellFormat::Integer => border.clone().set_num_format("#,##0"),
            CellFormat::Text => border.clone(),
        })
        .collect();
    for (i, (row, kind)) in t.printed_rows().into_iter().enumerate() {
        let bold = !matches!(kind, RowKind::Unit(_));
        let r = first + i as u32;
        for (c, v) in row.iter().enumerate() {
            let f = if bold {
                formats[c].clone().set_bold()
            } else {
                formats[c].clone()
            };
            let c = c as u16;
            match v {
                Value::Number(n) => {
                    sheet.write_number_with_format(r, c, vietnamese::to_f64(n), &f)?
                }
                Value::Date(d) => {
                    let x = excel_date(*d)?;
                    sheet.write_datetime_with_format(r, c, &x, &f)?
                }
                Value::Text(s) if looks_like_formula(s) => {
                    sheet.write_string_with_format(r, c, s, &f.clone().set_quote_prefix())?
                }
                Value::Text(s) => sheet.write_string_with_format(r, c, s, &f)?,
                Value::Empty => sheet.write_blank(r, c, &f)?,
            };
        }
    }
    Ok(())
}
