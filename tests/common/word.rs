//! Word documents made the way offices type them, for the import tests: the header and the
//! signature in two-column tables without borders, numbering typed as text, bold and italic
//! runs, and an appendix as a Word table whose header cells are merged (`w:gridSpan`,
//! `w:vMerge`). Made from the reference documents' text, where a table is a line per row with
//! a tab between cells and a merged cell is followed (or stood under) by empty ones.

use std::io::Write;

/// A cell of a Word table: its paragraphs, its span, and its vertical merge.
#[derive(Clone, Debug, Default)]
pub struct WordCell {
    pub paragraphs: Vec<String>,
    pub span: usize,
    /// Some(true) starts a vertical merge, Some(false) continues one.
    pub vmerge: Option<bool>,
}

#[derive(Default)]
pub struct Word {
    body: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Runs of `marked` text: `**bold**`, `*italic*`.
fn runs(marked: &str) -> String {
    let mut out = String::new();
    let (mut bold, mut italic) = (false, false);
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, bold: bool, italic: bool| {
        if run.is_empty() {
            return;
        }
        out.push_str("<w:r>");
        if bold || italic {
            out.push_str("<w:rPr>");
            if bold {
                out.push_str("<w:b/>");
            }
            if italic {
                out.push_str("<w:i/>");
            }
            out.push_str("</w:rPr>");
        }
        out.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(run)
        ));
        run.clear();
    };
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("**") {
            flush(&mut run, &mut out, bold, italic);
            bold = !bold;
            rest = &rest[2..];
        } else if c == '*' {
            flush(&mut run, &mut out, bold, italic);
            italic = !italic;
            rest = &rest[1..];
        } else {
            run.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut run, &mut out, bold, italic);
    out
}

fn paragraph(marked: &str, centred: bool) -> String {
    let jc = if centred {
        "<w:pPr><w:jc w:val=\"center\"/></w:pPr>"
    } else {
        ""
    };
    format!("<w:p>{jc}{}</w:p>", runs(marked))
}

impl Word {
    pub fn para(&mut self, marked: &str) {
        self.body.push_str(&paragraph(marked, false));
    }

    pub fn centred(&mut self, marked: &str) {
        self.body.push_str(&paragraph(marked, true));
    }

    pub fn table(&mut self, rows: &[Vec<WordCell>]) {
        self.body
            .push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
        for row in rows {
            self.body.push_str("<w:tr>");
            for cell in row {
                self.body.push_str("<w:tc><w:tcPr>");
                if cell.span > 1 {
                    self.body
                        .push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.span));
                }
                match cell.vmerge {
                    Some(true) => self.body.push_str("<w:vMerge w:val=\"restart\"/>"),
                    Some(false) => self.body.push_str("<w:vMerge/>"),
                    None => {}
                }
                self.body.push_str("</w:tcPr>");
                if cell.paragraphs.is_empty() {
                    self.body.push_str("<w:p/>");
                }
                for p in &cell.paragraphs {
                    self.body.push_str(&paragraph(p, true));
                }
                self.body.push_str("</w:tc>");
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
    }

    /// Two cells side by side (a header, a signature).
    pub fn side_by_side(&mut self, left: &[String], right: &[String]) {
        let cell = |p: &[String]| WordCell {
            paragraphs: p.to_vec(),
            span: 1,
            vmerge: None,
        };
        self.table(&[vec![cell(left), cell(right)]]);
    }

    /// The `.docx` bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#,
                    self.body
                ),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }
}

/// A table from text rows (cells apart by tabs): header rows, those before the first row
/// that starts with a number, get their merges back — an empty cell after a filled one with
/// labels under it widens that one, an empty cell under a filled one continues it.
pub fn table_from_text(lines: &[&str]) -> Vec<Vec<WordCell>> {
    let grid: Vec<Vec<String>> = lines
        .iter()
        .map(|l| l.split('\t').map(|c| c.trim().to_owned()).collect())
        .collect();
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let grid: Vec<Vec<String>> = grid
        .into_iter()
        .map(|mut r| {
            r.resize(width, String::new());
            r
        })
        .collect();
    let header = grid
        .iter()
        .position(|r| r[0].chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap_or(0);
    let mut rows = Vec::new();
    for (r, row) in grid.iter().enumerate() {
        let mut cells = Vec::new();
        let mut c = 0;
        while c < width {
            let mut cell = WordCell {
                paragraphs: if row[c].is_empty() {
                    vec![]
                } else {
                    vec![row[c].clone()]
                },
                span: 1,
                vmerge: None,
            };
            if r < header {
                let below_filled = |k: usize| {
                    grid.get(r + 1)
                        .is_some_and(|b| r + 1 < header && !b[k].is_empty())
                };
                if !row[c].is_empty() {
                    while c + cell.span < width
                        && row[c + cell.span].is_empty()
                        && below_filled(c + cell.span)
                    {
                        cell.span += 1;
                    }
                    let continues_below =
                        r + 1 < header && grid[r + 1][c].is_empty() && cell.span == 1;
                    if continues_below {
                        cell.vmerge = Some(true);
                    }
                } else if r > 0 {
                    cell.vmerge = Some(false);
                }
            }
            c += cell.span;
            cells.push(cell);
        }
        rows.push(cells);
    }
    rows
}

/// What the reference text does not show (its header and signature were in tables the
/// extractor left out), as the corrected plans in `plans/` give it.
pub struct Office {
    pub reference: &'static str,
    pub parent: &'static str,
    pub name: &'static str,
    pub number_line: &'static str,
    pub date_line: &'static str,
    pub signer: &'static [&'static str],
}

fn tidy(line: &str) -> String {
    line.trim_start_matches('#')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn unmarked(s: &str) -> String {
    s.replace('*', "")
}

/// The Word file an office would have typed from a reference document's `text`, and the text
/// it shows, in order.
pub fn office_copy(o: &Office, text: &str) -> (Vec<u8>, String) {
    let lines: Vec<&str> = text.lines().collect();
    let plain = |l: &str| unmarked(&tidy(l));
    let is_header_line = |l: &str| {
        let p = plain(l);
        p.starts_with("Số:")
            || p.contains(", ngày") && p.contains("tháng") && p.chars().count() < 60
    };
    let number = lines
        .iter()
        .find(|l| plain(l).starts_with("Số:"))
        .map_or(o.number_line.to_owned(), |l| plain(l));
    let date = lines
        .iter()
        .find(|l| is_header_line(l) && !plain(l).starts_with("Số:"))
        .map_or(o.date_line.to_owned(), |l| plain(l));
    let recipients_at = lines
        .iter()
        .position(|l| plain(l).starts_with("Nơi nhận"))
        .unwrap();
    let appendix_at = lines
        .iter()
        .position(|l| plain(l).starts_with("PHỤ LỤC"))
        .unwrap_or(lines.len());
    let mut shown = Vec::new();
    let mut w = Word::default();
    let left: Vec<String> = [
        o.parent.to_owned(),
        format!("**{}**", o.name),
        number.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    let right = vec![
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**".to_owned(),
        "**Độc lập - Tự do - Hạnh phúc**".to_owned(),
        format!("*{date}*"),
    ];
    shown.extend(left.iter().chain(&right).map(|s| unmarked(s)));
    w.side_by_side(&left, &right);
    for l in &lines[..recipients_at] {
        let t = tidy(l);
        if t.is_empty() || is_header_line(&t) {
            continue;
        }
        shown.push(unmarked(&t));
        w.para(&t);
    }
    let mut recipients = Vec::new();
    let mut signer = Vec::new();
    for l in &lines[recipients_at..appendix_at] {
        let t = tidy(l);
        if t.is_empty() {
            continue;
        }
        if plain(&t).starts_with("Nơi nhận") || t.starts_with('-') {
            recipients.push(t);
        } else {
            signer.push(t);
        }
    }
    if signer.is_empty() {
        signer = o.signer.iter().map(|s| s.to_string()).collect();
    }
    shown.extend(recipients.iter().chain(&signer).map(|s| unmarked(s)));
    w.side_by_side(&recipients, &signer);
    let mut k = appendix_at;
    while k < lines.len() {
        if lines[k].contains('\t') {
            let start = k;
            while k < lines.len() && lines[k].contains('\t') {
                k += 1;
            }
            let rows = table_from_text(&lines[start..k]);
            for row in &rows {
                for c in row {
                    shown.extend(c.paragraphs.iter().map(|p| unmarked(p)));
                }
            }
            w.table(&rows);
            continue;
        }
        let t = tidy(lines[k]);
        if !t.is_empty() {
            shown.push(unmarked(&t));
            w.para(&t);
        }
        k += 1;
    }
    (w.bytes(), shown.join("\n"))
}
