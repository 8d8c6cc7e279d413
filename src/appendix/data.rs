//! The rows of a table appendix: written in the plan, or read from a `.csv` or `.xlsx` file
//! whose first row names the columns. Every cell keeps where it came from, so a problem in a
//! data file points at its row and column.
//!
//! Reading only: what the figures must satisfy is decided in [`super`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, Reader};
use num_bigint::BigInt;
use num_rational::BigRational;

use crate::lang::Message;
use crate::msg;
use crate::plan::{InlineRow, Located};
use crate::source::{SourceFile, Span};
use crate::vietnamese::read_number;

/// A value as the data gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    Number(BigRational),
    Text(String),
    Empty,
}

/// One cell and where it is.
#[derive(Clone, Debug)]
pub struct DataCell {
    pub value: CellValue,
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// The spreadsheet name of the cell ("C5"), for data from a workbook.
    pub cell_ref: Option<String>,
}

#[derive(Clone, Debug)]
pub struct DataRow {
    pub cells: BTreeMap<String, DataCell>,
    pub file: Arc<SourceFile>,
    pub span: Span,
}

/// The rows and the keys their data names (with where each key is written).
#[derive(Clone, Debug, Default)]
pub struct DataSet {
    pub rows: Vec<DataRow>,
    pub keys: Vec<DataCell>,
}

/// The exact value of a workbook's binary number (the shortest decimal that prints as it).
pub fn exact_float(f: f64) -> Option<BigRational> {
    if !f.is_finite() {
        return None;
    }
    // Rust prints an f64 in full positional notation: "12.5", "-0.25", "1000".
    let s = format!("{f}");
    let (neg, s) = s
        .strip_prefix('-')
        .map_or((false, s.as_str()), |r| (true, r));
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let scale = BigInt::from(10u32).pow(frac.len() as u32);
    let value = BigRational::new(format!("{int}{frac}").parse().ok()?, scale);
    Some(if neg { -value } else { value })
}

/// Rows written in the plan: each value is read from its text as written (`1.000` is one
/// thousand, not YAML's 1.0), by the same rule as a CSV cell.
pub fn inline(file: &Arc<SourceFile>, rows: &[Located<InlineRow>]) -> DataSet {
    let mut keys: Vec<DataCell> = Vec::new();
    let mut out = Vec::new();
    for row in rows {
        let row_span = file.span_of(&row.at);
        let mut cells = BTreeMap::new();
        for (key, value) in &row.value.0 {
            let span = file.span_of(&value.at);
            if !keys
                .iter()
                .any(|k| k.value == CellValue::Text(key.value.clone()))
            {
                keys.push(DataCell {
                    value: CellValue::Text(key.value.clone()),
                    file: Arc::clone(file),
                    span: file.span_of(&key.at),
                    cell_ref: None,
                });
            }
            let text = value.value.0.replace(crate::load::ROW_COMMA, ",");
            cells.insert(key.value.clone(), cell(&text, file, span, None));
        }
        out.push(DataRow {
            cells,
            file: Arc::clone(file),
            span: row_span,
        });
    }
    DataSet { rows: out, keys }
}

/// Where a data file is, and why it cannot be read.
pub enum DataError {
    Missing(PathBuf),
    Outside(PathBuf),
    Unreadable(PathBuf, String),
}

impl DataError {
    pub fn message(&self) -> Message {
        match self {
            DataError::Missing(p) => {
                let p = p.display();
                msg!(
                    "không tìm thấy tệp dữ liệu {p}",
                    "the data file {p} does not exist"
                )
            }
            DataError::Outside(p) => {
                let p = p.display();
                msg!(
                    "tệp dữ liệu {p} nằm ngoài thư mục của kế hoạch",
                    "the data file {p} is outside the plan's folder"
                )
            }
            DataError::Unreadable(p, why) => {
                let p = p.display();
                msg!(
                    "không đọc được tệp dữ liệu {p}: {why}",
                    "cannot read the data file {p}: {why}"
                )
            }
        }
    }
}

/// Reads `name` relative to `base`. With `confined`, the file must be inside `base` once
/// links are resolved (a plan may not read files elsewhere on the machine).
pub fn from_file(base: &Path, name: &str, confined: bool) -> Result<DataSet, DataError> {
    let path = base.join(name);
    let real = path
        .canonicalize()
        .map_err(|_| DataError::Missing(path.clone()))?;
    if confined {
        let root = base
            .canonicalize()
            .map_err(|_| DataError::Missing(base.to_path_buf()))?;
        if !real.starts_with(&root) {
            return Err(DataError::Outside(path));
        }
    }
    let ext = real
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    match ext.as_str() {
        "csv" => read_csv(&path, &real),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(&path, &real),
        _ => Err(DataError::Unreadable(
            path,
            "chỉ đọc được .csv và .xlsx / only .csv and .xlsx are read".into(),
        )),
    }
}

fn read_csv(shown: &Path, real: &Path) -> Result<DataSet, DataError> {
    let unreadable = |e: String| DataError::Unreadable(shown.to_path_buf(), e);
    let bytes = std::fs::read(real).map_err(|e| unreadable(e.to_string()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| unreadable("không phải UTF-8 / not UTF-8".into()))?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let file = Arc::new(SourceFile::new(shown, text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file.text.as_bytes());
    let mut records = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| unreadable(e.to_string()))?;
        let start = r.position().map_or(0, |p| p.byte() as usize);
        // Find each field in its line, left to right, to know its column.
        let mut cursor = start;
        let mut cells = Vec::new();
        for field in r.iter() {
            let at = file.text[cursor..]
                .find(field)
                .map_or(cursor, |i| cursor + i);
            cells.push((field.to_owned(), Span::new(at, at + field.len())));
            cursor = at + field.len();
        }
        records.push((Span::new(start, start), cells));
    }
    let mut records = records.into_iter();
    let Some((_, header)) = records.next() else {
        return Ok(DataSet::default());
    };
    let keys: Vec<DataCell> = header
        .iter()
        .map(|(k, span)| DataCell {
            value: CellValue::Text(k.trim().to_owned()),
            file: Arc::clone(&file),
            span: *span,
            cell_ref: None,
        })
        .collect();
    let rows = records
        .filter(|(_, cells)| cells.iter().any(|(v, _)| !v.trim().is_empty()))
        .map(|(span, cells)| {
            let cells = keys
                .iter()
                .zip(cells)
                .map(|(k, (v, span))| (key_name(k), cell(&v, &file, span, None)))
                .collect();
            DataRow {
                cells,
                file: Arc::clone(&file),
                span,
            }
        })
        .collect();
    Ok(DataSet { rows, keys })
}

fn key_name(k: &DataCell) -> String {
    match &k.value {
        CellValue::Text(t) => t.clone(),
        _ => String::new(),
    }
}

fn cell(text: &str, file: &Arc<SourceFile>, span: Span, cell_ref: Option<String>) -> DataCell {
    let t = text.trim();
    let value = if t.is_empty() {
        CellValue::Empty
    } else {
        read_number(t).map_or_else(|_| CellValue::Text(t.to_owned()), CellValue::Number)
    };
    DataCell {
        value,
        file: Arc::clone(file),
        span,
        cell_ref,
    }
}

fn column_name(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            return s;
        }
        c = c / 26 - 1;
    }
}

/// A workbook's first sheet. Messages need a text to point into, so the sheet is laid out as
/// text, one line per row, cells separated by tabs; each cell also keeps its name ("C5").
fn read_workbook(shown: &Path, real: &Path) -> Result<DataSet, DataError> {
    let unreadable = |e: String| DataError::Unreadable(shown.to_path_buf(), e);
    let mut book = calamine::open_workbook_auto(real).map_err(|e| unreadable(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("không có trang tính / no worksheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    let (row0, col0) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let mut text = String::new();
    let mut grid: Vec<Vec<(String, Span, CellValue)>> = Vec::new();
    for row in range.rows() {
        let mut cells = Vec::new();
        for (i, d) in row.iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            let (shown_text, value) = match d {
                Data::Int(n) => (
                    n.to_string(),
                    CellValue::Number(BigRational::from_integer((*n).into())),
                ),
                Data::Float(f) => (
                    f.to_string(),
                    exact_float(*f).map_or(CellValue::Empty, CellValue::Number),
                ),
                Data::String(s) if s.trim().is_empty() => (String::new(), CellValue::Empty),
                Data::String(s) => (
                    s.clone(),
                    read_number(s)
                        .map_or_else(|_| CellValue::Text(s.trim().to_owned()), CellValue::Number),
                ),
                Data::Bool(b) => (b.to_string(), CellValue::Text(b.to_string())),
                Data::Empty => (String::new(), CellValue::Empty),
                other => (other.to_string(), CellValue::Text(other.to_string())),
            };
            let start = text.len();
            text.push_str(&shown_text.replace(['\n', '\t'], " "));
            cells.push((shown_text, Span::new(start, text.len()), value));
        }
        text.push('\n');
        grid.push(cells);
    }
    let file = Arc::new(SourceFile::new(shown, text));
    let name = |r: usize, c: usize| format!("{}{}", column_name(col0 + c), row0 + r + 1);
    let mut rows_iter = grid.into_iter().enumerate();
    let Some((_, header)) = rows_iter.next() else {
        return Ok(DataSet::default());
    };
    let keys: Vec<DataCell> = header
        .into_iter()
        .enumerate()
        .map(|(c, (t, span, _))| DataCell {
            value: CellValue::Text(t.trim().to_owned()),
            file: Arc::clone(&file),
            span,
            cell_ref: Some(name(0, c)),
        })
        .collect();
    let rows = rows_iter
        .filter(|(_, cells)| cells.iter().any(|(_, _, v)| *v != CellValue::Empty))
        .map(|(r, cells)| {
            let span = cells
                .first()
                .map_or(Span::default(), |c| Span::new(c.1.start, c.1.start));
            let cells = keys
                .iter()
                .zip(cells)
                .enumerate()
                .map(|(c, (k, (_, span, value)))| {
                    (
                        key_name(k),
                        DataCell {
                            value,
                            file: Arc::clone(&file),
                            span,
                            cell_ref: Some(name(r, c)),
                        },
                    )
                })
                .collect();
            DataRow {
                cells,
                file: Arc::clone(&file),
                span,
            }
        })
        .collect();
    Ok(DataSet { rows, keys })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_numbers_are_exact() {
        assert_eq!(exact_float(12.5).unwrap().to_string(), "25/2");
        assert_eq!(exact_float(-0.25).unwrap().to_string(), "-1/4");
        assert_eq!(exact_float(1250.0).unwrap().to_string(), "1250");
        assert_eq!(exact_float(f64::NAN), None);
    }

    #[test]
    fn spreadsheet_column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }

    #[test]
    fn csv_cells_know_their_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("d.csv"),
            "unit,quota\nThôn A,12\n\"Thôn, B\",x7\n",
        )
        .unwrap();
        let data = from_file(dir.path(), "d.csv", true).ok().unwrap();
        assert_eq!(data.rows.len(), 2);
        let bad = &data.rows[1].cells["quota"];
        assert_eq!(bad.value, CellValue::Text("x7".into()));
        let pos = bad.file.position(bad.span.start);
        assert_eq!((pos.line, pos.column), (3, 11));
        assert_eq!(
            data.rows[1].cells["unit"].value,
            CellValue::Text("Thôn, B".into())
        );
    }

    #[test]
    fn a_data_file_outside_the_plans_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("plans")).unwrap();
        std::fs::write(dir.path().join("secret.csv"), "unit\nA\n").unwrap();
        let plans = dir.path().join("plans");
        assert!(matches!(
            from_file(&plans, "../secret.csv", true),
            Err(DataError::Outside(_))
        ));
        assert!(matches!(
            from_file(&plans, "none.csv", true),
            Err(DataError::Missing(_))
        ));
        assert!(from_file(&plans, "../secret.csv", false).is_ok());
    }
}
