//! A document's parts found the Decree 30 way, in the order they come: the header (the
//! authority's lines, "Số: 12/KH-UBND", "Place, ngày … tháng … năm …"; the national motto is
//! dropped), the title line (KẾ HOẠCH, CHỈ THỊ) and the subject under it, the bases (Căn cứ…)
//! and the intro, the body ([`super::body`]), the closing paragraph, "Nơi nhận" with the
//! recipients and "Lưu: …", the signer block, and the appendices (PHỤ LỤC …: a table of
//! figures, or a guide in paragraphs).

use std::sync::LazyLock;

use regex::Regex;

use super::body::{self, Kind, Line};
use super::source::{Block, Table, plain};
use super::table::{self, AppendixTable, Header};
use super::yaml::{Node, text};

/// What a document made: the plan's fields in order, its tables' data, and what the run says.
pub struct Recognised {
    pub entries: Vec<(String, Node)>,
    /// The data of each appendix table, in order (for `data/NAME-phu-luc-N.csv`).
    pub tables: Vec<AppendixTable>,
    /// Fields not found, written as comments.
    pub missing: Vec<&'static str>,
    /// Paragraphs kept where the format has no place for them: (number, text, where).
    pub unplaced: Vec<(usize, String, &'static str)>,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^số\s*:?\s*(\d*)\s*/\s*([A-ZĐ]{2,4})\s*-\s*(\S+)").expect("regex")
});
static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?),\s*ngày\s*(\d{0,2})\s*tháng\s*(\d{0,2})\s*năm\s*(\d{4})")
        .expect("regex")
});
static CAPACITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(TM|KT|TL|TUQ|Q)\.\s*(.*)$").expect("regex"));
static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^phụ lục(?:\s+(?:số\s*)?(?:[IVXL]+|\d{1,2}))?\b[.:\-–]?\s*(.*)$")
        .expect("regex")
});

fn is_motto(p: &str) -> bool {
    let u = p.to_uppercase();
    u.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
        || u.contains("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA")
        || u.contains("ĐỘC LẬP") && u.contains("TỰ DO") && u.contains("HẠNH PHÚC")
}

fn is_rule(p: &str) -> bool {
    !p.is_empty()
        && p.chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '*' | '–' | '—' | ' ' | '.'))
}

fn is_upper(p: &str) -> bool {
    p.chars().any(char::is_alphabetic) && !p.chars().any(char::is_lowercase)
}

/// The document's blocks as a flat list of paragraphs and tables of figures: a table of one
/// or two columns (a header, a signature laid out side by side) is read cell by cell.
fn flatten(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Table(t) if t.rows.iter().all(|r| r.len() <= 2) => {
                for row in t.rows {
                    for cell in row {
                        if !cell.continues {
                            out.extend(cell.paragraphs.into_iter().map(Block::Paragraph));
                        }
                    }
                }
            }
            other => out.push(other),
        }
    }
    // A paragraph cut by a page (it goes on with a small letter) is one paragraph.
    let mut joined: Vec<Block> = Vec::new();
    for b in out {
        if let (Block::Paragraph(p), Some(Block::Paragraph(prev))) = (&b, joined.last_mut())
            && p.text.starts_with(char::is_lowercase)
            && !plain(&prev.text)
                .trim_end()
                .ends_with(['.', ':', ';', '!', '?'])
        {
            prev.text = format!("{} {}", prev.text, p.text);
            continue;
        }
        joined.push(b);
    }
    joined
}

pub fn recognise(blocks: Vec<Block>, stem: &str) -> Recognised {
    let blocks = flatten(blocks);
    let para = |i: usize| match &blocks[i] {
        Block::Paragraph(p) => Some(p),
        Block::Table(_) => None,
    };
    let plain_at = |i: usize| {
        para(i)
            .map(|p| plain(&p.text).trim().to_owned())
            .unwrap_or_default()
    };
    let mut r = Recognised {
        entries: Vec::new(),
        tables: Vec::new(),
        missing: Vec::new(),
        unplaced: Vec::new(),
    };
    // The title line, and the kind it names.
    let title = (0..blocks.len()).find(|&i| {
        let p = plain_at(i).to_uppercase();
        p == "KẾ HOẠCH" || p == "CHỈ THỊ"
    });
    let kind = title.map(|i| {
        if plain_at(i).to_uppercase() == "CHỈ THỊ" {
            "chi-thi"
        } else {
            "ke-hoach"
        }
    });
    // Header: before the title.
    let mut authority: Vec<String> = Vec::new();
    let mut number = None;
    let mut code = None;
    let mut had_date = false;
    for i in 0..title.unwrap_or(0) {
        let Some(p) = para(i) else { continue };
        let t = plain(&p.text).trim().to_owned();
        if t.is_empty() || is_motto(&t) || is_rule(&t) {
            continue;
        }
        if let Some(c) = NUMBER.captures(&t) {
            number = c[1].parse::<u64>().ok();
            code = Some(c[3].trim_end_matches(['.', ',']).to_owned());
        } else if let Some(c) = DATED.captures(&t) {
            had_date = true;
            let (day, month, year) = (c[2].to_owned(), c[3].to_owned(), c[4].to_owned());
            let date = if day.is_empty() {
                format!("{month}/{year}")
            } else {
                format!("{day}/{month}/{year}")
            };
            r.entries
                .push(("place".into(), text(c[1].trim().to_owned())));
            r.entries.push(("date".into(), text(date)));
        } else if is_upper(&t) {
            authority.push(t);
        } else {
            r.unplaced.push((p.number, p.text.clone(), "intro"));
        }
    }
    let mut head: Vec<(String, Node)> = Vec::new();
    match kind {
        Some(k) => head.push(("kind".into(), text(k))),
        None => {
            r.missing.push("kind");
            head.push(("kind".into(), Node::Comment("kind: ke-hoach   # không thấy dòng KẾ HOẠCH / CHỈ THỊ: ghi ke-hoach hoặc chi-thi".into())));
        }
    }
    match (authority.as_slice(), &code) {
        ([], _) | (_, None) => {
            r.missing.push("authority");
            let name = authority
                .last()
                .cloned()
                .unwrap_or_else(|| "TÊN CƠ QUAN BAN HÀNH".into());
            head.push(("authority".into(), Node::Comment(format!(
                "authority:   # không thấy đủ phần đầu văn bản (tên cơ quan, \"Số: …/KH-…\"): điền rồi bỏ dấu #\n  name: {name}\n  code: UBND"
            ))));
        }
        (lines, Some(code)) => {
            let mut a = Vec::new();
            let (parent, name) = match lines {
                [name] => (None, name.clone()),
                [parent, rest @ ..] => (Some(parent.clone()), rest.join(" ")),
                [] => unreachable!(),
            };
            if let Some(p) = parent {
                a.push(("parent".to_owned(), text(p)));
            }
            a.push(("name".into(), text(name)));
            a.push(("code".into(), text(code.clone())));
            head.push(("authority".into(), Node::Map(a)));
        }
    }
    if let Some(n) = number.filter(|n| *n > 0) {
        head.push(("number".into(), Node::Int(n)));
    }
    if !had_date {
        r.missing.push("place, date");
        head.push((
            "place".into(),
            Node::Comment(
                "place: …   # không thấy dòng \"Địa danh, ngày … tháng … năm …\"\ndate: …".into(),
            ),
        ));
    }
    head.append(&mut r.entries);
    r.entries = head;
    // Subject: the short lines under the title.
    let start = title.map_or(0, |t| t + 1);
    let mut i = start;
    let mut subject = Vec::new();
    while i < blocks.len() && subject.len() < 4 {
        let t = plain_at(i);
        let (k, _) = body::classify(&t);
        let starts_intro = ["Căn cứ", "Thực hiện", "Để ", "Nhằm"]
            .iter()
            .any(|w| t.starts_with(w));
        if para(i).is_none() || k != Kind::Plain || starts_intro || t.chars().count() > 250 {
            break;
        }
        if !is_rule(&t) && !t.is_empty() {
            subject.push(t);
        }
        i += 1;
    }
    if subject.is_empty() {
        r.missing.push("subject");
        r.entries.push((
            "subject".into(),
            Node::Comment("subject: …   # không thấy trích yếu dưới dòng tên loại văn bản".into()),
        ));
    } else {
        r.entries.push(("subject".into(), text(subject.join(" "))));
    }
    // Where the signature, the recipients and the appendices begin.
    let tail = (i..blocks.len()).find(|&k| {
        let t = plain_at(k);
        t.starts_with("Nơi nhận")
            || CAPACITY.is_match(&t) && k + 1 < blocks.len() && is_upper(&plain_at(k + 1))
    });
    let appendix_at = (tail.unwrap_or(i)..blocks.len()).find(|&k| {
        APPENDIX.is_match(&plain_at(k))
            && is_upper(&plain_at(k).chars().take(7).collect::<String>())
            || tail.is_some() && matches!(blocks[k], Block::Table(_))
    });
    let body_end = tail.or(appendix_at).unwrap_or(blocks.len());
    // The body's lines; tables inside the body are kept as paragraphs, row by row.
    let mut lines = Vec::new();
    for b in &blocks[i..body_end] {
        match b {
            Block::Paragraph(p) => {
                let (kind, t) = body::classify(&p.text);
                let kind = if p.listed && kind == Kind::Plain {
                    Kind::Bullet
                } else {
                    kind
                };
                lines.push(Line { kind, text: t });
            }
            Block::Table(t) => lines.extend(rows_as_text(t, "body", &mut r.unplaced)),
        }
    }
    // The closing: the last plain paragraphs, from one that begins "Trên đây" or ends "/.".
    let closing_from = lines
        .iter()
        .rposition(|l| l.kind != Kind::Plain)
        .map_or(0, |p| p + 1);
    let closing_at = (closing_from..lines.len())
        .find(|&k| plain(&lines[k].text).starts_with("Trên đây"))
        .or_else(|| {
            (closing_from..lines.len())
                .rev()
                .find(|&k| plain(&lines[k].text).trim_end().ends_with("/."))
        });
    let closing: Vec<String> = match closing_at {
        Some(k) => lines.drain(k..).map(|l| l.text).collect(),
        None => Vec::new(),
    };
    // Bases and intro: the plain paragraphs before the first heading.
    let b = body::body(&lines);
    let mut bases = Vec::new();
    let mut intro = Vec::new();
    for p in b.lead {
        if plain(&p).starts_with("Căn cứ") {
            bases.push(text(p.trim_end_matches([';', ',', '.']).trim().to_owned()));
        } else {
            intro.push(p);
        }
    }
    let mut intro_all: Vec<String> = r
        .unplaced
        .iter()
        .filter(|u| u.2 == "intro")
        .map(|u| u.1.clone())
        .collect();
    intro_all.extend(intro);
    if !bases.is_empty() {
        r.entries.push(("bases".into(), Node::List(bases)));
    }
    if !intro_all.is_empty() {
        r.entries
            .push(("intro".into(), text(intro_all.join("\n\n"))));
    }
    r.entries.extend(b.entries);
    // The tail: recipients, archive, signer.
    let mut recipients = Vec::new();
    let mut archive = None;
    let mut capacity: Vec<String> = Vec::new();
    let mut signer_title = None;
    let mut name = None;
    let mut leftover = Vec::new();
    let tail_end = appendix_at.unwrap_or(blocks.len());
    for k in tail.unwrap_or(tail_end)..tail_end {
        let Some(p) = para(k) else { continue };
        let t = plain(&p.text).trim().to_owned();
        let bare = t.trim_start_matches(['-', '+', '–', '•']).trim();
        if t.starts_with("Nơi nhận") || t.is_empty() || is_rule(&t) {
            continue;
        }
        if let Some(rest) = bare
            .strip_prefix("Lưu")
            .map(|r| r.trim_start_matches([':', ' ']))
        {
            archive = Some(rest.trim_end_matches(['.', ';']).trim().to_owned());
        } else if t.starts_with(['-', '+', '–', '•']) {
            recipients.push(text(
                bare.trim_end_matches([';', '.', ',']).trim().to_owned(),
            ));
        } else if CAPACITY.is_match(&t) {
            capacity.push(t);
        } else if t.starts_with('(') && t.ends_with(')') {
            // "(Đã ký)", "(Ký tên, đóng dấu)": the signature itself.
        } else if is_upper(&t) && signer_title.is_none() {
            signer_title = Some(t);
        } else if name.is_none() && looks_like_name(&t) {
            name = Some(t);
        } else {
            leftover.push((p.number, p.text.clone()));
        }
    }
    let mut closing = closing;
    for (n, t) in leftover {
        r.unplaced.push((n, t.clone(), "closing"));
        closing.push(t);
    }
    if !closing.is_empty() {
        r.entries
            .push(("closing".into(), text(closing.join("\n\n"))));
    }
    match signer_title {
        Some(title) => {
            let mut s = Vec::new();
            match capacity.as_slice() {
                [] => {}
                [one] => {
                    let c = CAPACITY.captures(one).expect("matched");
                    s.push(("capacity".to_owned(), text(format!("{}.", &c[1]))));
                    if !c[2].trim().is_empty() {
                        s.push(("body".to_owned(), text(c[2].trim().to_owned())));
                    }
                }
                many => s.push((
                    "capacity".into(),
                    Node::List(many.iter().cloned().map(text).collect()),
                )),
            }
            s.push(("title".into(), text(title)));
            if let Some(n) = name {
                s.push(("name".into(), text(n)));
            }
            r.entries.push(("signer".into(), Node::Map(s)));
        }
        None => {
            r.missing.push("signer");
            r.entries.push(("signer".into(), Node::Comment("signer:   # không thấy khối chữ ký: điền rồi bỏ dấu #\n  title: CHỦ TỊCH\n  name: …".into())));
        }
    }
    if !recipients.is_empty() {
        r.entries
            .push(("recipients".into(), Node::List(recipients)));
    }
    if let Some(a) = archive.filter(|a| !a.is_empty()) {
        r.entries.push(("archive".into(), text(a)));
    }
    // Appendices.
    let appendices = appendices(&blocks[tail_end..], stem, &mut r);
    if !appendices.is_empty() {
        r.entries
            .push(("appendices".into(), Node::List(appendices)));
    }
    r
}

/// A table where the format has none: each row a paragraph (its cells joined by "; "),
/// listed as kept aside.
fn rows_as_text(
    t: &Table,
    place: &'static str,
    unplaced: &mut Vec<(usize, String, &'static str)>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| c.text())
            .filter(|c| !c.is_empty())
            .collect();
        let number = row
            .first()
            .and_then(|c| c.paragraphs.first())
            .map_or(t.number, |p| p.number);
        unplaced.push((number, cells.join(" | "), place));
        lines.push(Line {
            kind: Kind::Plain,
            text: cells.join("; "),
        });
    }
    lines
}

/// A person's name: two to six words, each with a capital first letter, no digits.
fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && !w.chars().any(|c| c.is_ascii_digit()))
        && !is_upper(t)
}

/// The appendices after the signature: each begins at "PHỤ LỤC …" (its title on that line or
/// the next; "(Kèm theo …)" is made anew by the tool), or after a table at a short line.
fn appendices(blocks: &[Block], stem: &str, r: &mut Recognised) -> Vec<Node> {
    struct Draft {
        title: String,
        table: Option<Table>,
        lines: Vec<Line>,
    }
    let mut drafts: Vec<Draft> = Vec::new();
    let mut expecting_title = false;
    for b in blocks {
        match b {
            Block::Table(t) => match drafts.last_mut() {
                Some(d) if d.table.is_none() => d.table = Some(t.clone()),
                _ => drafts.push(Draft {
                    title: String::new(),
                    table: Some(t.clone()),
                    lines: Vec::new(),
                }),
            },
            Block::Paragraph(p) => {
                let t = plain(&p.text).trim().to_owned();
                if t.is_empty() || is_rule(&t) || t.starts_with("(Kèm theo") {
                    continue;
                }
                if let Some(c) = APPENDIX
                    .captures(&t)
                    .filter(|_| is_upper(&t.chars().take(7).collect::<String>()))
                {
                    let rest = c[1].trim().to_owned();
                    expecting_title = rest.is_empty();
                    drafts.push(Draft {
                        title: rest,
                        table: None,
                        lines: Vec::new(),
                    });
                    continue;
                }
                if expecting_title && let Some(d) = drafts.last_mut() {
                    d.title = t;
                    expecting_title = false;
                    continue;
                }
                let after_table = drafts.last().is_some_and(|d| d.table.is_some());
                let (kind, line_text) = body::classify(&p.text);
                let heading = kind == Kind::Plain
                    && t.chars().count() <= 150
                    && !t.ends_with(['.', ':', ';']);
                if drafts.is_empty() || after_table && heading {
                    drafts.push(Draft {
                        title: t,
                        table: None,
                        lines: Vec::new(),
                    });
                    continue;
                }
                if let Some(d) = drafts.last_mut() {
                    d.lines.push(Line {
                        kind,
                        text: line_text,
                    });
                }
            }
        }
    }
    let mut out = Vec::new();
    for d in drafts {
        let mut m = vec![("title".to_owned(), text(title_case(&d.title)))];
        let computed = d.table.as_ref().and_then(table::appendix);
        match computed {
            Some(a) => {
                let n = r.tables.len() + 1;
                if let Some(as_of) = &a.as_of {
                    m.push(("as_of".into(), text(as_of.clone())));
                }
                if let Some(dl) = &a.deadline {
                    m.push(("deadline".into(), text(dl.clone())));
                }
                if let Some(k) = a.days {
                    m.push(("days".into(), Node::Int(k)));
                }
                m.push(("rows".into(), text(format!("data/{stem}-phu-luc-{n}.csv"))));
                m.push((
                    "columns".into(),
                    Node::List(a.columns.iter().map(column_node).collect()),
                ));
                if let Some(t) = &a.totals {
                    m.push(("totals".into(), text(t.clone())));
                }
                // The original had no line of its own under the table.
                m.push(("note".into(), Node::Bool(false)));
                r.tables.push(a);
                m.extend(body::guide(&d.lines));
            }
            None => {
                if let Some(t) = &d.table {
                    // A table that is not one of figures: its rows as paragraphs.
                    let mut lines = rows_as_text(t, "appendix", &mut r.unplaced);
                    lines.extend(d.lines);
                    m.extend(body::guide(&lines));
                } else {
                    m.extend(body::guide(&d.lines));
                }
            }
        }
        out.push(Node::Map(m));
    }
    out
}

/// An appendix title written in capitals, as the format prints it anyway: kept as written.
fn title_case(t: &str) -> String {
    t.trim().trim_end_matches([':', '.']).to_owned()
}

fn column_node(h: &Header) -> Node {
    let leaf = |c: &table::Column| {
        let mut f = vec![
            ("key".to_owned(), text(c.key.clone())),
            ("label".to_owned(), text(c.label.clone())),
        ];
        if let Some(formula) = &c.formula {
            f.push(("formula".into(), text(formula.clone())));
        }
        if let Some(format) = c.format {
            f.push(("format".into(), text(format)));
        }
        if let Some(round) = c.round {
            f.push(("round".into(), text(round)));
        }
        Node::Flow(f)
    };
    match h {
        Header::Leaf(c) => leaf(c),
        Header::Group(label, cols) => Node::Map(vec![
            ("label".into(), text(label.clone())),
            (
                "columns".into(),
                Node::List(cols.iter().map(leaf).collect()),
            ),
        ]),
    }
}
