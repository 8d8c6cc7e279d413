//! `word/document.xml` read into paragraphs and tables (quick-xml, event by event): the runs'
//! text with bold and italic, each table's rows and cells with their horizontal span
//! (`w:gridSpan`) and vertical merge (`w:vMerge`). Deleted text, drawings and text boxes are
//! left out; inserted text, hyperlinks and content controls are read as text.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::source::{Block, Cell, Paragraph, Table};

#[derive(Default)]
struct Run {
    text: String,
    bold: bool,
    italic: bool,
}

#[derive(Default)]
struct Para {
    runs: Vec<Run>,
    listed: bool,
}

#[derive(Default)]
struct CellBuilder {
    paragraphs: Vec<Paragraph>,
    span: usize,
    continues: bool,
}

#[derive(Default)]
struct TableBuilder {
    rows: Vec<Vec<Cell>>,
    row: Option<Vec<Cell>>,
    cell: Option<CellBuilder>,
    number: usize,
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
fn on(e: &BytesStart) -> bool {
    match e.try_get_attribute("w:val").ok().flatten() {
        Some(a) => !matches!(a.value.as_ref(), "0" | "false" | "off" | "none"),
        None => true,
    }
}

fn val(e: &BytesStart) -> Option<String> {
    e.try_get_attribute("w:val")
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

/// The runs as text with `**…**` and `*…*`, spaces kept outside the marks and collapsed.
fn marked(runs: &[Run]) -> String {
    let mut merged: Vec<Run> = Vec::new();
    for r in runs {
        match merged.last_mut() {
            Some(last) if last.bold == r.bold && last.italic == r.italic => {
                last.text.push_str(&r.text)
            }
            // A run of spaces takes the style around it.
            Some(last) if r.text.trim().is_empty() => last.text.push_str(&r.text),
            _ => merged.push(Run {
                text: r.text.clone(),
                bold: r.bold,
                italic: r.italic,
            }),
        }
    }
    let mut out = String::new();
    for r in &merged {
        let inner = r.text.trim();
        if inner.is_empty() {
            out.push_str(&r.text);
            continue;
        }
        let mark = match (r.bold, r.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        if r.text.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(mark);
        out.push_str(inner);
        out.push_str(mark);
        if r.text.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body's blocks, or why the XML cannot be read.
pub fn blocks(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut tables: Vec<TableBuilder> = Vec::new();
    let mut para: Option<Para> = None;
    let mut run: Option<Run> = None;
    let mut number = 0;
    // Depth inside what is not read (deleted text, drawings), and inside properties.
    let mut skip = 0usize;
    let mut in_ppr = false;
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name();
            let name = name.as_ref();
            if skip > 0 {
                if !empty {
                    skip += 1;
                }
                continue;
            }
            match name {
                "w:del"
                | "w:drawing"
                | "w:pict"
                | "mc:AlternateContent"
                | "w:object"
                | "w:footnoteReference"
                | "w:instrText"
                    if !empty =>
                {
                    skip = 1;
                }
                "w:tbl" => tables.push(TableBuilder {
                    number: number + 1,
                    ..Default::default()
                }),
                "w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row = Some(Vec::new());
                    }
                }
                "w:tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell = Some(CellBuilder {
                            span: 1,
                            ..Default::default()
                        });
                    }
                }
                "w:gridSpan" => {
                    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        c.span = val(&e)
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    }
                }
                "w:vMerge" => {
                    if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        c.continues = val(&e).is_none_or(|v| v != "restart");
                    }
                }
                "w:p" => {
                    para = Some(Para::default());
                    if empty {
                        number += 1;
                    }
                }
                "w:pPr" if !empty => in_ppr = true,
                "w:numPr" => {
                    if let Some(p) = para.as_mut() {
                        p.listed = true;
                    }
                }
                "w:r" => run = Some(Run::default()),
                "w:b" if !in_ppr => {
                    if let Some(r) = run.as_mut() {
                        r.bold = on(&e);
                    }
                }
                "w:i" if !in_ppr => {
                    if let Some(r) = run.as_mut() {
                        r.italic = on(&e);
                    }
                }
                "w:t" if !empty => in_text = true,
                "w:tab" | "w:br" | "w:cr" if !in_ppr => {
                    if let Some(r) = run.as_mut() {
                        r.text.push(' ');
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:pPr" => in_ppr = false,
                    "w:t" => in_text = false,
                    "w:r" => {
                        if let (Some(r), Some(p)) = (run.take(), para.as_mut()) {
                            p.runs.push(r);
                        }
                    }
                    "w:p" => {
                        number += 1;
                        let p = para.take().unwrap_or_default();
                        let paragraph = Paragraph {
                            text: marked(&p.runs),
                            number,
                            listed: p.listed,
                        };
                        let outside = tables.is_empty();
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some(c) => c.paragraphs.push(paragraph),
                            None if outside => blocks.push(Block::Paragraph(paragraph)),
                            None => {}
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(c) = t.cell.take()
                        {
                            t.row.get_or_insert_with(Vec::new).push(Cell {
                                paragraphs: c
                                    .paragraphs
                                    .into_iter()
                                    .filter(|p| !p.text.is_empty())
                                    .collect(),
                                span: c.span,
                                continues: c.continues,
                            });
                        }
                    }
                    "w:tr" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(row) = t.row.take()
                        {
                            t.rows.push(row);
                        }
                    }
                    "w:tbl" => {
                        if let Some(t) = tables.pop() {
                            let table = Table {
                                rows: t.rows,
                                number: t.number,
                            };
                            match tables.last_mut().and_then(|o| o.cell.as_mut()) {
                                // A table inside a cell: its text joins the cell.
                                Some(outer) => outer.paragraphs.extend(
                                    table.rows.into_iter().flatten().flat_map(|c| c.paragraphs),
                                ),
                                None => blocks.push(Block::Table(table)),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                if let Some(r) = run.as_mut() {
                    r.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let c = match r.resolve_char_ref().ok().flatten() {
                    Some(c) => Some(c),
                    None => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some(run)) = (c, run.as_mut()) {
                    run.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tables_and_merges_are_read() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Hoàn thành </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>trước ngày 31/5/2023</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Kết quả</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr><w:i/></w:rPr><w:t>C</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:delText>gone</w:delText></w:r><w:del><w:r><w:t>gone</w:t></w:r></w:del><w:r><w:t>kept</w:t></w:r></w:p>
</w:body></w:document>"#;
        let b = blocks(xml).unwrap();
        assert_eq!(b.len(), 3);
        let Block::Paragraph(p) = &b[0] else { panic!() };
        assert_eq!(p.text, "Hoàn thành **trước ngày 31/5/2023**.");
        let Block::Table(t) = &b[1] else { panic!() };
        assert_eq!(t.rows[0][1].span, 2);
        assert!(t.rows[1][0].continues && !t.rows[0][0].continues);
        assert_eq!(t.rows[1][1].text(), "A & B");
        assert_eq!(t.rows[1][2].paragraphs[0].text, "*C*");
        let Block::Paragraph(p) = &b[2] else { panic!() };
        assert_eq!(p.text, "kept");
    }
}
