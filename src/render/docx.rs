//! DOCX: the same render model as the PDF, as a Word document an office can finish: named
//! styles, real tables (the header as a borderless table; appendix tables with merged header
//! cells and header rows repeated on every page), each appendix in its own section, landscape
//! when wide, page numbers from page 2. WordprocessingML is written through the templates in
//! `templates/docx/` and zipped with fixed timestamps, so the same plan gives the same bytes.

use std::io::{Cursor, Write};
use std::sync::LazyLock;

use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{RenderError, Renderer, template_error};
use crate::enrich::measures::MEASURES;
use crate::enrich::{Align, AppendixModel, Block, Document, RowStyle, TableModel};

static DOCUMENT: &str = include_str!("../../templates/docx/document.xml.tera");
static CORE: &str = include_str!("../../templates/docx/core.xml.tera");
static STYLES: &str = include_str!("../../templates/docx/styles.xml.tera");
/// The hash of the DOCX templates and the layout measures: a changed one rebuilds what it made.
pub fn identity() -> String {
    let mut parts: Vec<&[u8]> = vec![
        DOCUMENT.as_bytes(),
        CORE.as_bytes(),
        STYLES.as_bytes(),
        crate::enrich::measures::LAYOUT_JSON.as_bytes(),
    ];
    parts.extend(FIXED.iter().flat_map(|(n, t)| [n.as_bytes(), t.as_bytes()]));
    crate::manifest::hash(&parts)
}

/// Parts with no data in them, in the order they are zipped.
static FIXED: &[(&str, &str)] = &[
    (
        "[Content_Types].xml",
        include_str!("../../templates/docx/content-types.xml"),
    ),
    ("_rels/.rels", include_str!("../../templates/docx/rels.xml")),
    (
        "word/_rels/document.xml.rels",
        include_str!("../../templates/docx/document-rels.xml"),
    ),
    (
        "word/settings.xml",
        include_str!("../../templates/docx/settings.xml"),
    ),
    (
        "word/header1.xml",
        include_str!("../../templates/docx/header.xml"),
    ),
    (
        "word/header2.xml",
        include_str!("../../templates/docx/first-header.xml"),
    ),
    (
        "docProps/app.xml",
        include_str!("../../templates/docx/app.xml"),
    ),
];

/// A length in points as WordprocessingML writes most lengths: twentieths of a point.
fn twips(pt: f64) -> u32 {
    (pt * 20.0).round() as u32
}

/// A font size as WordprocessingML writes it: half-points.
fn half_points(pt: f64) -> u32 {
    (pt * 2.0).round() as u32
}

/// The layout measures (`templates/layout.json`, the PDF's too) in Word's units, as the
/// templates read them (`m`); the same for every document, so worked out once.
static WORD_MEASURES: LazyLock<serde_json::Value> = LazyLock::new(measures);

fn measures() -> serde_json::Value {
    use crate::fonts::{Style, width};
    let m = &*MEASURES;
    let text = m.text_width(false);
    let authority = text * m.header.authority_share;
    let motto = width(
        "Độc lập - Tự do - Hạnh phúc",
        Style::Bold,
        m.header.motto_size,
    );
    // A rule centred under a text: indented from both sides of its column.
    let indent = |column: f64, rule: f64| twips((column - rule) / 2.0);
    serde_json::json!({
        "page_width": twips(m.page.width), "page_height": twips(m.page.height),
        "top": twips(m.page.top), "bottom": twips(m.page.bottom),
        "left": twips(m.page.left), "right": twips(m.page.right),
        "number_from_top": twips(m.page.number_from_top),
        "text_width": twips(text), "authority_width": twips(authority),
        "recipients_width": twips(text * m.signature.recipients_share),
        "body_size": half_points(m.body.size), "body_pitch": twips(m.body.pitch),
        "body_gap": twips(m.body.gap), "indent": twips(m.body.indent),
        "header_size": half_points(m.header.size), "header_pitch": twips(m.header.pitch),
        "motto_size": half_points(m.header.motto_size), "rule_gap": twips(m.header.rule_gap),
        "number_gap": twips(m.header.number_gap),
        // A border's width is in eighths of a point.
        "rule_eighths": (m.header.rule * 8.0).round() as u32,
        "authority_rule": indent(authority, authority * 0.35),
        "motto_rule": indent(text - authority, motto),
        "subject_rule": indent(text, text * 0.25),
        "title_size": half_points(m.title.size), "title_pitch": twips(m.title.pitch),
        "title_before": twips(m.title.before), "title_after": twips(m.title.after),
        "signature_before": twips(m.signature.before),
        "label_size": half_points(m.signature.label_size),
        "recipients_size": half_points(m.signature.recipients_size),
        "recipients_pitch": twips(m.signature.recipients_pitch),
        "space_to_sign": twips(m.signature.space_to_sign),
        "after_caption": twips(m.appendix.after_caption),
        "table_size": half_points(m.table.size), "table_pitch": twips(m.table.pitch),
        "pad_x": twips(m.table.pad_x), "pad_y": twips(m.table.pad_y),
        "note_gap": twips(m.table.note_gap),
        "page_number_size": half_points(m.page_number.size),
    })
}

/// The Word document (`--to docx`).
pub struct Docx;

/// How a header cell takes part in a vertical merge (WordprocessingML's `vMerge`).
#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "lowercase")]
enum Merge {
    /// Not merged with the rows below.
    None,
    /// The top of a cell spanning rows.
    Restart,
    /// Under such a cell.
    Continue,
}

#[derive(Serialize)]
struct HeaderCell {
    label: String,
    span: usize,
    merge: Merge,
    width: u32,
}

#[derive(Serialize)]
struct Table<'a> {
    width: u32,
    widths: Vec<u32>,
    header: Vec<Vec<HeaderCell>>,
    align: Vec<&'static str>,
    rows: &'a [Vec<String>],
    /// Each row's style ("plain", "group"); a group's heading spans the other columns.
    styles: &'a [RowStyle],
    /// The width of every column but the first: a group's heading cell.
    rest: u32,
    totals: Option<&'a Vec<String>>,
}

/// A block of the body, with its table in Word's units when it is one.
#[derive(Serialize)]
struct WordBlock<'a> {
    #[serde(flatten)]
    block: &'a Block,
    word_table: Option<Table<'a>>,
}

fn word_blocks(blocks: &[Block]) -> Vec<WordBlock<'_>> {
    blocks
        .iter()
        .map(|b| WordBlock {
            block: b,
            word_table: b.table.as_ref().map(word_table),
        })
        .collect()
}

/// A table in Word's units.
fn word_table(t: &TableModel) -> Table<'_> {
    let widths: Vec<u32> = t.widths.iter().map(|w| twips(*w)).collect();
    Table {
        width: widths.iter().sum(),
        rest: widths.iter().skip(1).sum(),
        header: header_rows(t, &widths),
        widths,
        align: t.align.iter().map(|a| align(a)).collect(),
        rows: &t.rows,
        styles: &t.row_styles,
        totals: t.totals.as_ref(),
    }
}

#[derive(Serialize)]
struct Bar {
    name: String,
    bar: String,
    shown: String,
}

#[derive(Serialize)]
struct Appendix<'a> {
    model: &'a AppendixModel,
    body: Vec<WordBlock<'a>>,
    landscape: bool,
    /// The orientation of the section this appendix's section break closes.
    previous_landscape: bool,
    table: Option<Table<'a>>,
    bars: Vec<Bar>,
}

/// The header grid as Word rows: a cell spanning columns has a gridSpan; one spanning rows
/// starts a vertical merge that the cells under it continue.
fn header_rows(t: &TableModel, widths: &[u32]) -> Vec<Vec<HeaderCell>> {
    (0..t.header_rows)
        .map(|r| {
            let mut row = Vec::new();
            let mut c = 0;
            while c < t.columns {
                let Some(h) = t
                    .header
                    .iter()
                    .find(|h| h.row <= r && r < h.row + h.rows && h.col <= c && c < h.col + h.cols)
                else {
                    c += 1;
                    continue;
                };
                let merge = match (h.row == r, h.rows > 1) {
                    (true, true) => Merge::Restart,
                    (true, false) => Merge::None,
                    (false, _) => Merge::Continue,
                };
                row.push(HeaderCell {
                    label: h.label.clone(),
                    span: h.cols,
                    merge,
                    width: widths[h.col..h.col + h.cols].iter().sum(),
                });
                c = h.col + h.cols;
            }
            row
        })
        .collect()
}

fn align(a: &Align) -> &'static str {
    match a {
        Align::Right => "right",
        Align::Center => "center",
        Align::Left => "left",
    }
}

fn appendix(a: &AppendixModel) -> Appendix<'_> {
    let landscape = a.table.as_ref().is_some_and(|t| t.landscape);
    let table = a.table.as_ref().map(word_table);
    let bars = a
        .table
        .as_ref()
        .and_then(|t| t.chart.as_ref())
        .map(|c| {
            c.bars
                .iter()
                .map(|(name, ratio, shown)| Bar {
                    name: name.clone(),
                    bar: "█".repeat((ratio * 30.0).round() as usize),
                    shown: shown.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Appendix {
        model: a,
        body: word_blocks(&a.body),
        landscape,
        previous_landscape: false,
        table,
        bars,
    }
}

/// Characters that hold a line together but that a search in Word does not see past: none of
/// them is written into a DOCX (Word's own means hold the line instead, [`word_text`]).
const INVISIBLE: [char; 4] = [
    crate::enrich::joins::JOINER,
    '\u{200b}',
    '\u{feff}',
    '\u{ad}',
];

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace(INVISIBLE, "")
}

/// A text escaped for the inside of `<w:t xml:space="preserve">`, the render model's joins
/// told in Word's own terms: a hyphen that must not break is a `<w:noBreakHyphen/>` between two
/// runs of text (Word's "non-breaking hyphen", which Word's search finds as `^~`), a slash
/// keeps its word whole by itself (Word never breaks after a slash), and no-break spaces stay
/// U+00A0, Word's own. So the text of a paragraph is what was typed, with no invisible
/// character in it.
fn word_text(s: &str) -> String {
    let hyphen = format!("-{}", crate::enrich::joins::JOINER);
    s.split(&hyphen)
        .map(xml_escape)
        .collect::<Vec<_>>()
        .join("</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">")
}

/// The DOCX templates, parsed once per process.
struct WordTemplates {
    /// `document.xml.tera`: every text in it is escaped as [`word_text`].
    body: tera::Tera,
    /// `core.xml.tera` and `styles.xml.tera`: plain XML escaping.
    parts: tera::Tera,
}

static TEMPLATES: LazyLock<Result<WordTemplates, String>> = LazyLock::new(|| {
    let parse = |files: &[(&str, &str)], escape: fn(&str) -> String| {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".xml.tera"]);
        tera.set_escape_fn(escape);
        tera.add_raw_templates(files.iter().copied())
            .map(|()| tera)
            .map_err(|e| format!("templates/docx: {}", template_error(&e)))
    };
    Ok(WordTemplates {
        body: parse(&[("document.xml.tera", DOCUMENT)], word_text)?,
        parts: parse(
            &[("core.xml.tera", CORE), ("styles.xml.tera", STYLES)],
            xml_escape,
        )?,
    })
});

/// Parses the templates now rather than for the first document.
pub fn prepare() {
    LazyLock::force(&TEMPLATES);
}

fn render_template(name: &str, ctx: &tera::Context) -> Result<String, RenderError> {
    let templates = TEMPLATES
        .as_ref()
        .map_err(|e| RenderError::Template(e.clone()))?;
    let tera = if name == "document.xml.tera" {
        &templates.body
    } else {
        &templates.parts
    };
    tera.render(name, ctx)
        .map(|s| s.trim_start().to_owned())
        .map_err(|e| {
            RenderError::Template(format!("templates/docx/{name}: {}", template_error(&e)))
        })
}

impl Renderer for Docx {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn render(&self, doc: &Document, _: &str) -> Result<Vec<u8>, RenderError> {
        let mut ctx = tera::Context::new();
        ctx.insert("doc", doc);
        ctx.insert("m", &*WORD_MEASURES);
        let mut appendices: Vec<Appendix> = doc.appendices.iter().map(appendix).collect();
        for i in 1..appendices.len() {
            appendices[i].previous_landscape = appendices[i - 1].landscape;
        }
        ctx.insert(
            "last_landscape",
            &appendices.last().is_some_and(|a| a.landscape),
        );
        ctx.insert("appendices", &appendices);
        ctx.insert("body", &word_blocks(&doc.body));
        ctx.insert(
            "date",
            &format!(
                "{:04}-{:02}-{:02}",
                doc.meta.year, doc.meta.month, doc.meta.day
            ),
        );
        let document = render_template("document.xml.tera", &ctx)?;
        let core = render_template("core.xml.tera", &ctx)?;
        let styles = render_template("styles.xml.tera", &ctx)?;
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default());
        let parts = FIXED.iter().map(|(n, t)| (*n, *t)).chain([
            ("word/document.xml", document.as_str()),
            ("docProps/core.xml", core.as_str()),
            ("word/styles.xml", styles.as_str()),
        ]);
        for (name, text) in parts {
            zip.start_file(name, options)
                .map_err(|e| RenderError::Output(e.to_string()))?;
            zip.write_all(text.as_bytes())
                .map_err(|e| RenderError::Output(e.to_string()))?;
        }
        let cursor = zip
            .finish()
            .map_err(|e| RenderError::Output(e.to_string()))?;
        Ok(cursor.into_inner())
    }
}
