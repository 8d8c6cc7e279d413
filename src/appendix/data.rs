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

/// The largest data file read (a province's communes fit many times over).
pub const MAX_DATA_BYTES: u64 = 20 * 1024 * 1024;
/// The most rows and columns of a data file.
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLUMNS: usize = 200;

/// Reads `name` relative to `base`. With `confined`, the file must be inside `base` once
/// links are resolved (a plan may not read files elsewhere on the machine), and a path that
/// leaves it is refused before the file system is asked, so the answer never tells whether a
/// file outside exists.
pub fn from_file(base: &Path, name: &str, confined: bool) -> Result<DataSet, DataError> {
    let path = base.join(name);
    if confined
        && (Path::new(name).is_absolute()
            || crate::discover::lexical(Path::new(name)).starts_with(".."))
    {
        return Err(DataError::Outside(path));
    }
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
    let unreadable = |why: &str| DataError::Unreadable(path.clone(), why.to_owned());
    let bytes = crate::source::read_bounded(&real, MAX_DATA_BYTES)
        .map_err(|e| unreadable(&e.to_string()))?;
    let ext = real
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    if bytes.len() as u64 > MAX_DATA_BYTES {
        return Err(unreadable(&format!(
            "tệp lớn hơn {} MB / the file is over {} MB",
            MAX_DATA_BYTES >> 20,
            MAX_DATA_BYTES >> 20
        )));
    }
    match ext.as_str() {
        "csv" => read_csv(&path, bytes),
        "xlsx" | "xlsm" => read_workbook(&path, bytes),
        _ => Err(unreadable(
            "chỉ đọc được .csv và .xlsx / only .csv and .xlsx are read",
        )),
    }
}

fn too_large(shown: &Path) -> DataError {
    DataError::Unreadable(
        shown.to_path_buf(),
        format!(
            "quá {MAX_ROWS} dòng hoặc {MAX_COLUMNS} cột / over {MAX_ROWS} rows or {MAX_COLUMNS} columns"
        ),
    )
}

fn read_csv(shown: &Path, bytes: Vec<u8>) -> Result<DataSet, DataError> {
    let unreadable = |e: String| DataError::Unreadable(shown.to_path_buf(), e);
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
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unreadable(e.to_string())),
        }
        if records.len() > MAX_ROWS || record.len() > MAX_COLUMNS {
            return Err(too_large(shown));
        }
        // Find each field in its own record, left to right, to know its column; a field
        // that differs from its text (quotes) is not searched for beyond the record.
        let end = (reader.position().byte() as usize).min(file.text.len());
        let mut cursor = start;
        let mut cells = Vec::new();
        for field in record.iter() {
            let at = file
                .text
                .get(cursor..end)
                .and_then(|w| w.find(field))
                .map_or(cursor, |i| cursor + i);
            cells.push((field.to_owned(), Span::new(at, at + field.len())));
            cursor = (at + field.len()).min(end);
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

/// A workbook cell laid out: its text, where that text is, its value.
type SheetCell = (String, Span, CellValue);

/// The cells in use of a workbook's first sheet, by row and column, and its first column.
type UsedCells = BTreeMap<u32, BTreeMap<u32, Data>>;

fn used_cells(shown: &Path, bytes: Vec<u8>) -> Result<(UsedCells, u32), DataError> {
    let unreadable = |e: String| DataError::Unreadable(shown.to_path_buf(), e);
    let mut book =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable("không có trang tính / no worksheet".into()))?;
    let mut reader = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(e.to_string()))?;
    let mut used = UsedCells::new();
    let (mut first_col, mut last_col) = (u32::MAX, 0u32);
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(e.to_string()))? {
        let data = Data::from(cell.get_value().clone());
        if data == Data::Empty {
            continue;
        }
        let (r, c) = cell.get_position();
        first_col = first_col.min(c);
        last_col = last_col.max(c);
        if used.len() > MAX_ROWS || (last_col - first_col) as usize >= MAX_COLUMNS {
            return Err(too_large(shown));
        }
        used.entry(r).or_default().insert(c, data);
    }
    Ok((used, first_col))
}

/// A workbook cell as shown in messages, and its value.
fn workbook_cell(d: &Data) -> (String, CellValue) {
    match d {
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
            read_number(s).map_or_else(|_| CellValue::Text(s.trim().to_owned()), CellValue::Number),
        ),
        Data::Bool(b) => (b.to_string(), CellValue::Text(b.to_string())),
        Data::Empty => (String::new(), CellValue::Empty),
        other => (other.to_string(), CellValue::Text(other.to_string())),
    }
}

/// A workbook's first sheet. Messages need a text to point into, so the sheet is laid out as
/// text, one line per used row, cells separated by tabs; each cell also keeps its name ("C5").
/// Only the cells in use are read, so a sheet's size is that of its data, not of its grid.
fn read_workbook(shown: &Path, bytes: Vec<u8>) -> Result<DataSet, DataError> {
    let (used, first_col) = used_cells(shown, bytes)?;
    let mut text = String::new();
    let mut grid: Vec<(u32, Vec<SheetCell>)> = Vec::new();
    for (r, row) in &used {
        let last = row.keys().next_back().copied().unwrap_or(first_col);
        let mut cells = Vec::new();
        for c in first_col..=last {
            if c > first_col {
                text.push('\t');
            }
            let (shown_text, value) = workbook_cell(row.get(&c).unwrap_or(&Data::Empty));
            let start = text.len();
            text.push_str(&shown_text.replace(['\n', '\t'], " "));
            cells.push((shown_text, Span::new(start, text.len()), value));
        }
        text.push('\n');
        grid.push((*r, cells));
    }
    let file = Arc::new(SourceFile::new(shown, text));
    let col0 = first_col as usize;
    let name = |r: u32, c: usize| format!("{}{}", column_name(col0 + c), r + 1);
    let mut rows_iter = grid.into_iter();
    let Some((header_row, header)) = rows_iter.next() else {
        return Ok(DataSet::default());
    };
    let keys: Vec<DataCell> = header
        .into_iter()
        .enumerate()
        .map(|(c, (t, span, _))| DataCell {
            value: CellValue::Text(t.trim().to_owned()),
            file: Arc::clone(&file),
            span,
            cell_ref: Some(name(header_row, c)),
        })
        .collect();
    let rows = rows_iter
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
    fn a_quoted_field_is_found_in_its_own_record_not_a_later_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("d.csv"),
            "unit,x\n\"Thôn \"\"A\"\"\",1\nThôn \"A\",2\n",
        )
        .unwrap();
        let data = from_file(dir.path(), "d.csv", true).ok().unwrap();
        let cell = &data.rows[0].cells["unit"];
        assert_eq!(cell.value, CellValue::Text("Thôn \"A\"".into()));
        assert_eq!(cell.file.position(cell.span.start).line, 2, "not on line 3");
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
