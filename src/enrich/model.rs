//! The render model: the whole document with everything computed and written out, for the
//! renderers to lay out. Types only.

use serde::Serialize;

use super::inline::Inline;

/// The whole document, ready to lay out.
#[derive(Debug, Serialize)]
pub struct Document {
    pub kind: String,
    /// "KẾ HOẠCH", "CHỈ THỊ".
    pub type_name: String,
    pub header: Header,
    /// The subject, broken into balanced lines.
    pub subject: Vec<Inline>,
    /// Each basis ends ";", the last ".".
    pub bases: Vec<Inline>,
    pub intro: Vec<Inline>,
    pub body: Vec<Block>,
    pub closing: Vec<Inline>,
    pub signer: Signer,
    /// "- UBND huyện (b/c);" … "- Lưu: VT, CAX."
    pub recipients: Vec<String>,
    pub appendices: Vec<AppendixModel>,
    pub meta: Meta,
    /// Where the texts outside the body are written, for the preview.
    pub sources: Sources,
}

/// "plans/x.yaml:12" for the texts that are not blocks (empty when absent).
#[derive(Debug, Default, Serialize)]
pub struct Sources {
    /// One per basis.
    pub bases: Vec<String>,
    pub intro: String,
    pub closing: String,
}

#[derive(Debug, Serialize)]
pub struct Header {
    /// The parent authority's lines, in capitals; none without a parent.
    pub parent: Vec<String>,
    /// The authority's name in capitals, broken into balanced lines.
    pub authority: Vec<String>,
    /// "Số: 135/KH-BCĐ", or for a draft "Số:", a blank, "/KH-UBND".
    pub number: String,
    /// "Cần Giờ, ngày 27 tháng 6 năm 2023", or for a draft dated by month a blank for the day.
    pub place_date: String,
}

/// One paragraph of the body. Every block is a justified paragraph with a first-line indent;
/// `number` is its label ("I.", "1.", "1.1.", "a)", "-", "+") and `style` says how it is set.
#[derive(Debug, Serialize)]
pub struct Block {
    pub style: BlockStyle,
    pub number: String,
    pub text: Inline,
    /// Where its text is written, "plans/x.yaml:12" (empty when nowhere in particular): the
    /// preview names it when the block is clicked.
    pub source: String,
    /// The table of a `table` block (a task table in the body).
    pub table: Option<TableModel>,
}

#[derive(Debug, Serialize)]
pub struct Signer {
    /// The lines above the title, in capitals: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], or none.
    pub capacity: Vec<String>,
    pub title: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Serialize)]
pub struct AppendixModel {
    /// "PHỤ LỤC", or "PHỤ LỤC I" … when there are several.
    pub heading: String,
    pub title: String,
    /// "(Kèm theo Kế hoạch số 135/KH-BCĐ ngày 27 tháng 6 năm 2023 của …)"
    pub caption: Inline,
    pub body: Vec<Block>,
    pub table: Option<TableModel>,
}

/// A table with every cell already written out.
#[derive(Debug, Serialize)]
pub struct TableModel {
    pub columns: usize,
    /// Each column's width in points, from its content ([`super::table`]); together the
    /// text width of the page or less.
    pub widths: Vec<f64>,
    pub header_rows: usize,
    pub header: Vec<HeaderCellModel>,
    /// Right for numbers, left for text, centred for row numbers and dates.
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
    /// Where each row is written ("data/a.csv:4"), for the preview.
    pub sources: Vec<String>,
    pub totals: Option<Vec<String>>,
    /// Wide tables are set on a landscape page.
    pub landscape: bool,
    pub chart: Option<Chart>,
    /// "Số liệu tính đến ngày 14/6/2023; còn 115 ngày."
    pub note: String,
    /// How each row is set (a group's heading row spans the table); plain when absent.
    pub row_styles: Vec<RowStyle>,
}

/// How a table row is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStyle {
    Plain,
    /// A group's heading: its numeral, then its name in bold across the other columns.
    Group,
    /// A group's subtotal ("Cộng"), in bold.
    Subtotal,
}

#[derive(Debug, Serialize)]
pub struct HeaderCellModel {
    pub label: String,
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// Horizontal bars, one per row, for a percent column.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub label: String,
    /// (unit, ratio 0–1 capped for drawing, the percentage as written)
    pub bars: Vec<(String, f64, String)>,
}

/// Columns from which a table is set landscape.
pub const LANDSCAPE_FROM_COLUMNS: usize = 8;

/// How a block is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockStyle {
    /// A part's heading ("Phần I", its title under it): bold, centred.
    Part,
    /// A section heading (mục): bold capitals.
    Heading,
    /// A titled item or a unit's name: bold.
    Title,
    /// A plain paragraph.
    Para,
    /// A table in the body (a task table): `table` holds it.
    Table,
}

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Right,
    Center,
}
