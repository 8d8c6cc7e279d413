//! What an imported file holds, before anything is recognised: its paragraphs (bold and italic
//! runs as `**…**` and `*…*`) and its tables (cells with their merges), in order, each with
//! its number in the original so that what cannot be placed can be pointed at.
//!
//! Two readers: a Word document (`.docx`: a zip, read within limits, and its
//! `word/document.xml`), and text (`.txt`, what Word saves or an extractor gives: a line is a
//! paragraph, a line with tabs a table row). Not here: what the paragraphs mean.

use std::io::Read;

/// The largest file taken: a 20-page plan in Word is well under a megabyte.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The most `word/document.xml` may unpack to (a zip bomb stops here).
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// The most entries a Word document's zip may list.
const MAX_ZIP_ENTRIES: usize = 5_000;

/// One paragraph of the original.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    /// Its text, runs of bold and italic marked `**…**`, `*…*`; spaces collapsed.
    pub text: String,
    /// Its number in the original (1, 2, …, tables' paragraphs counted too).
    pub number: usize,
    /// Word's automatic list numbering was on (its number is not in the text).
    pub listed: bool,
}

/// A cell of a table: its paragraphs, and how it is merged.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub paragraphs: Vec<Paragraph>,
    /// How many grid columns it covers.
    pub span: usize,
    /// It continues the cell above (a vertical merge).
    pub continues: bool,
}

impl Cell {
    /// Its text on one line, without marks.
    pub fn text(&self) -> String {
        let joined: Vec<String> = self.paragraphs.iter().map(|p| plain(&p.text)).collect();
        joined.join(" ").trim().to_owned()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// The number of its first paragraph.
    pub number: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// Why a file cannot be imported.
#[derive(Debug)]
pub struct Refused(pub crate::lang::Message);

fn refused(vi: String, en: String) -> Refused {
    Refused(crate::lang::Message { vi, en })
}

/// `text` without bold and italic marks.
pub fn plain(text: &str) -> String {
    text.replace("**", "").replace('*', "")
}

/// The blocks of `bytes`, a Word document or text, by what the bytes are (not the name).
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, Refused> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let mb = bytes.len() / (1024 * 1024);
        return Err(refused(
            format!("tệp {mb} MB, quá giới hạn 20 MB của một văn bản"),
            format!("the file is {mb} MB, over the limit of 20 MB for a document"),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(refused(
            "đây là tệp PDF: mở bản Word gốc (hoặc mở PDF bằng Word) rồi lưu thành .docx".into(),
            "this is a PDF: open the original Word file (or the PDF in Word) and save it as .docx"
                .into(),
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(refused(
            "đây là tệp Word 97-2003 (.doc): mở bằng Word và lưu thành .docx".into(),
            "this is a Word 97-2003 file (.doc): open it in Word and save it as .docx".into(),
        ));
    }
    let text = decode_text(bytes).ok_or_else(|| {
        refused(
            "không phải văn bản Word (.docx) cũng không phải tệp văn bản UTF-8 (.txt)".into(),
            "neither a Word document (.docx) nor a UTF-8 text file (.txt)".into(),
        )
    })?;
    Ok(text_blocks(&text))
}

/// UTF-8 (with or without its mark) or UTF-16 with its mark, as Word saves "Unicode text".
fn decode_text(bytes: &[u8]) -> Option<String> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    let text = match bytes {
        [0xFF, 0xFE, ..] => utf16(true)?,
        [0xFE, 0xFF, ..] => utf16(false)?,
        _ => String::from_utf8(
            bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(bytes)
                .to_vec(),
        )
        .ok()?,
    };
    // A binary file that happens to be valid UTF-8 is still not a text.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    (controls * 100 <= text.chars().count().max(1)).then_some(text)
}

/// Spaces collapsed, markdown heading marks dropped, the ends trimmed.
fn tidy(line: &str) -> String {
    let line = line.trim_start_matches('#').trim();
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text: each line a paragraph; lines with tabs, one after another, a table (a cell per tab;
/// an empty cell after a filled one in a header continues it, as an extractor flattens merged
/// cells).
pub fn text_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut number = 0;
    let mut table: Option<Table> = None;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.contains('\t') {
            number += 1;
            let cells = line
                .split('\t')
                .map(|c| Cell {
                    paragraphs: vec![Paragraph {
                        text: tidy(c),
                        number,
                        listed: false,
                    }],
                    span: 1,
                    continues: false,
                })
                .collect();
            table
                .get_or_insert_with(|| Table {
                    rows: Vec::new(),
                    number,
                })
                .rows
                .push(cells);
            continue;
        }
        let t = tidy(line);
        if t.is_empty() {
            continue;
        }
        if let Some(done) = table.take() {
            blocks.push(Block::Table(done));
        }
        number += 1;
        blocks.push(Block::Paragraph(Paragraph {
            text: t,
            number,
            listed: false,
        }));
    }
    if let Some(done) = table.take() {
        blocks.push(Block::Table(done));
    }
    blocks
}

/// A Word document: its body's paragraphs and tables.
fn docx(bytes: &[u8]) -> Result<Vec<Block>, Refused> {
    let not_word = |why: String| {
        refused(
            format!("tệp zip này không phải văn bản Word (.docx) đọc được: {why}"),
            format!("this zip file is not a readable Word document (.docx): {why}"),
        )
    };
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| not_word(e.to_string()))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(not_word(format!("{} entries", zip.len())));
    }
    let mut xml = String::new();
    {
        let entry = zip
            .by_name("word/document.xml")
            .map_err(|_| not_word("no word/document.xml".into()))?;
        if entry.size() > MAX_XML_BYTES {
            return Err(not_word(format!(
                "word/document.xml unpacks to {} bytes",
                entry.size()
            )));
        }
        let mut limited = entry.take(MAX_XML_BYTES + 1);
        limited
            .read_to_string(&mut xml)
            .map_err(|e| not_word(e.to_string()))?;
        if xml.len() as u64 > MAX_XML_BYTES {
            return Err(not_word("word/document.xml is too large".into()));
        }
    }
    super::wordxml::blocks(&xml).map_err(not_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_are_paragraphs_and_tab_lines_tables() {
        let blocks = text_blocks("## KẾ HOẠCH\n\nMột  hai\nSTT\tĐơn vị\n1\tXã A\n\nHết");
        assert_eq!(blocks.len(), 4);
        let Block::Table(t) = &blocks[2] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][1].text(), "Xã A");
        let Block::Paragraph(p) = &blocks[1] else {
            panic!()
        };
        assert_eq!(p.text, "Một hai");
    }

    #[test]
    fn any_bytes_give_blocks_or_a_refusal_never_a_panic() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pieces: [&[u8]; 8] = [
            b"<w:p>",
            b"</w:p>",
            b"<w:tbl><w:tr><w:tc>",
            b"</w:tc></w:tr>",
            b"\t",
            b"\n",
            "Số: /KH-".as_bytes(),
            b"<w:gridSpan w:val=\"99999\"/>",
        ];
        for _ in 0..300 {
            let mut bytes = Vec::new();
            for _ in 0..(next() % 60) {
                let r = next();
                if r % 3 == 0 {
                    bytes.push((r >> 8) as u8);
                } else {
                    bytes.extend_from_slice(pieces[(r as usize >> 4) % pieces.len()]);
                }
            }
            let _ = read(&bytes);
            let xml = String::from_utf8_lossy(&bytes).into_owned();
            let _ = crate::import::wordxml::blocks(&xml);
            if let Ok(blocks) = read(&bytes) {
                let _ = crate::import::import(&bytes, "x", "x");
                drop(blocks);
            }
        }
    }

    #[test]
    fn what_is_not_a_document_is_refused_with_what_to_do() {
        for (bytes, says) in [
            (&b"%PDF-1.7 ..."[..], "PDF"),
            (&[0xD0, 0xCF, 0x11, 0xE0, 0, 0][..], ".doc"),
            (&b"PK\x03\x04garbage"[..], "zip"),
            (&[0u8, 1, 2, 3, 0xFF, 0, 0, 0][..], ".txt"),
        ] {
            let Err(Refused(m)) = read(bytes) else {
                panic!("{says}")
            };
            assert!(m.en.contains(says), "{}", m.en);
        }
    }
}
