//! The body of an imported plan: its paragraphs, by their typed numbering (Phần I, I., 1.,
//! 1.1., a), "-" and "+"), made into parts, sections, items, bullets and duties — the plan
//! format's own shapes. A paragraph with no numbering joins the nearest item (its text before
//! the bullets, its `after` once they began), so nothing is dropped.

use std::sync::LazyLock;

use regex::Regex;

use super::source::plain;
use super::yaml::{Node, text};

/// What a paragraph is, by how it begins.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Part,
    Section,
    /// 1. (1), 1.1. (2), 1.1.1. (3); a) is one deeper than the item it follows.
    Item(u8),
    Letter,
    Bullet,
    Sub,
    Plain,
}

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^phần\s+(?:[ivxlc]+|\d{1,2})\b\s*[.:\-–]?\s*(.*)$").expect("regex")
});
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([IVXL]{1,5})[.)]\s*(.+)$").expect("regex"));
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})((?:\.\d{1,2}){0,2})[.)]?\s+(.+)$").expect("regex"));
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-zđ])\)\s*(.+)$").expect("regex"));
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<body>.*?\S)[\s;:,.]*(?:\*+\s*)?hoàn thành\s*(?:\*+\s*)?trước ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*(?:\*+)?[\s.;]*$",
    )
    .expect("regex")
});

/// A paragraph's kind and its text without the numbering (marks kept).
pub fn classify(marked: &str) -> (Kind, String) {
    let p = plain(marked);
    let p = p.trim();
    let rest = |prefix_len: usize| strip_prefix_marked(marked, prefix_len);
    if let Some(c) = PART.captures(p) {
        return (Kind::Part, c[1].trim().to_owned());
    }
    if let Some(c) = SECTION.captures(p)
        && (1..=30).any(|n| crate::vietnamese::roman(n) == c[1])
    {
        let at = p.len() - c[2].len();
        return (Kind::Section, rest(at));
    }
    if let Some(c) = ITEM.captures(p) {
        // "30/6/2023 …" or "2023 …" are not numbers of items; neither is a bare figure.
        let depth = 1 + c[2].matches('.').count() as u8;
        let at = p.len() - c[3].len();
        if !c[3].starts_with(|ch: char| ch.is_ascii_digit()) {
            return (Kind::Item(depth), rest(at));
        }
    }
    if let Some(c) = LETTER.captures(p) {
        let at = p.len() - c[2].len();
        return (Kind::Letter, rest(at));
    }
    for (mark, kind) in [
        ("-", Kind::Bullet),
        ("–", Kind::Bullet),
        ("•", Kind::Bullet),
        ("+", Kind::Sub),
    ] {
        if let Some(r) = p.strip_prefix(mark) {
            let at = p.len() - r.len();
            return (kind, rest(at).trim_start().to_owned());
        }
    }
    (Kind::Plain, marked.trim().to_owned())
}

/// `marked` without the first `n` bytes of its plain text (the numbering); a mark that
/// opened before or inside the numbering is kept in front of what remains when it closes there.
fn strip_prefix_marked(marked: &str, n: usize) -> String {
    let mut seen = 0;
    let mut cut = marked.len();
    let mut skipped = String::new();
    for (i, c) in marked.char_indices() {
        if seen >= n {
            cut = i;
            break;
        }
        if c == '*' {
            skipped.push(c);
        } else {
            seen += c.len_utf8();
        }
    }
    let rest = marked[cut..].trim_start();
    if !skipped.is_empty() && rest.contains(skipped.as_str()) {
        format!("{skipped}{rest}").trim().to_owned()
    } else {
        rest.trim().to_owned()
    }
}

/// A paragraph of the body, classified.
#[derive(Clone, Debug)]
pub struct Line {
    pub kind: Kind,
    pub text: String,
}

/// A node of the body while it is built: a line and what falls under it.
#[derive(Clone, Debug)]
struct Tree {
    kind: Kind,
    text: String,
    children: Vec<Tree>,
}

fn rank(k: &Kind) -> u8 {
    match k {
        Kind::Part => 0,
        Kind::Section => 1,
        Kind::Item(d) => 1 + d,
        Kind::Letter => 5,
        Kind::Bullet => 6,
        Kind::Sub => 7,
        Kind::Plain => 8,
    }
}

/// The lines as a tree: each under the last line of a higher rank; a letter item one level
/// under the item it follows; plain text under the nearest item, part or section.
fn tree(lines: &[Line]) -> Tree {
    let mut root = Tree {
        kind: Kind::Part,
        text: String::new(),
        children: Vec::new(),
    };
    // The path from the root to the open node, by child index.
    let mut path: Vec<usize> = Vec::new();
    for line in lines {
        let mut kind = line.kind.clone();
        if kind == Kind::Sub && !open_kinds(&root, &path).contains(&Kind::Bullet) {
            kind = Kind::Bullet;
        }
        let r = rank(&kind);
        let node = Tree {
            kind: kind.clone(),
            text: line.text.clone(),
            children: Vec::new(),
        };
        // Close what this line is not under.
        let keep = if kind == Kind::Plain {
            open_kinds(&root, &path)
                .iter()
                .rposition(|k| rank(k) < rank(&Kind::Letter) + 1)
                .map_or(0, |i| i + 1)
        } else {
            open_kinds(&root, &path)
                .iter()
                .rposition(|k| rank(k) < r)
                .map_or(0, |i| i + 1)
        };
        path.truncate(keep);
        let parent = node_at(&mut root, &path);
        parent.children.push(node);
        if kind != Kind::Plain {
            path.push(parent.children.len() - 1);
        }
    }
    root
}

fn open_kinds(root: &Tree, path: &[usize]) -> Vec<Kind> {
    let mut at = root;
    let mut kinds = Vec::new();
    for &i in path {
        at = &at.children[i];
        kinds.push(at.kind.clone());
    }
    kinds
}

fn node_at<'a>(root: &'a mut Tree, path: &[usize]) -> &'a mut Tree {
    let mut at = root;
    for &i in path {
        at = &mut at.children[i];
    }
    at
}

fn title_of(s: &str) -> String {
    plain(s)
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_owned()
}

/// Short, unfinished and followed by what it heads: a title, not a sentence.
fn is_title(t: &Tree) -> bool {
    let p = plain(&t.text);
    let p = p.trim();
    !t.children.is_empty()
        && p.chars().count() <= 120
        && !p.ends_with(['.', ';', '”', '"'])
        && !p.trim_end_matches(':').contains(": ")
}

const UNIT_WORDS: [&str; 41] = [
    "bộ phận",
    "công an",
    "phòng ",
    "sở ",
    "ubnd",
    "ủy ban",
    "uỷ ban",
    "văn phòng",
    "ban ",
    "đoàn ",
    "hội ",
    "trung tâm",
    "đề nghị",
    "thủ trưởng",
    "các ",
    "liên đoàn",
    "mặt trận",
    "mttq",
    "trường",
    "chi cục",
    "cục ",
    "đài ",
    "bưu điện",
    "viettel",
    "ngân hàng",
    "bảo hiểm",
    "kho bạc",
    "thanh tra",
    "tòa án",
    "viện kiểm sát",
    "quân sự",
    "ban chỉ huy",
    "đảng ủy",
    "chủ tịch",
    "giám đốc",
    "tổ công tác",
    "lực lượng",
    "doanh nghiệp",
    "cơ quan",
    "đơn vị",
    "trạm ",
];

fn looks_like_unit(s: &str) -> bool {
    let l = plain(s).trim().to_lowercase();
    l.chars().count() <= 160 && !l.ends_with('.') && UNIT_WORDS.iter().any(|w| l.starts_with(w))
}

fn is_duty_section(title: &str) -> bool {
    let t = title.to_lowercase();
    ["nhiệm vụ", "phân công", "trách nhiệm", "tổ chức thực hiện"]
        .iter()
        .any(|w| t.contains(w))
}

fn paragraphs(texts: &[String]) -> Option<Node> {
    (!texts.is_empty()).then(|| text(texts.join("\n\n")))
}

/// A bullet: its text, and its deadline when it ends "hoàn thành trước ngày D/M/YYYY".
fn bullet(t: &Tree) -> Node {
    let subs: Vec<Node> = t
        .children
        .iter()
        .filter(|c| c.kind == Kind::Sub)
        .map(|c| text(c.text.clone()))
        .collect();
    let (body, deadline) = match DEADLINE.captures(&t.text) {
        Some(c) => (balance(&c["body"]), Some(c["date"].to_owned())),
        None => (t.text.clone(), None),
    };
    let more: Vec<String> = t
        .children
        .iter()
        .filter(|c| c.kind == Kind::Plain)
        .map(|c| c.text.clone())
        .collect();
    let body = std::iter::once(body)
        .chain(more)
        .collect::<Vec<_>>()
        .join("\n\n");
    if subs.is_empty() && deadline.is_none() {
        return text(body);
    }
    let mut m = vec![("text".to_owned(), text(body))];
    if let Some(d) = deadline {
        m.push(("deadline".into(), text(d)));
    }
    if !subs.is_empty() {
        m.push(("bullets".into(), Node::List(subs)));
    }
    Node::Map(m)
}

/// `s` with an unclosed `**` closed (a deadline cut out of a bold run).
fn balance(s: &str) -> String {
    let s = s.trim_end_matches(['*', ' ', ';', ':', ',']).trim_end();
    if s.matches("**").count() % 2 == 1 {
        format!("{s}**")
    } else {
        s.to_owned()
    }
}

/// What falls under an item, part or section: its paragraphs before the first numbered child
/// (`text`), its items, its bullets, and its paragraphs after them (`after`).
struct Parts {
    text: Vec<String>,
    items: Vec<Node>,
    bullets: Vec<Node>,
    duties: Vec<Node>,
    after: Vec<String>,
    sections: Vec<Node>,
}

fn parts(children: &[Tree], duty_section: bool) -> Parts {
    let mut p = Parts {
        text: Vec::new(),
        items: Vec::new(),
        bullets: Vec::new(),
        duties: Vec::new(),
        after: Vec::new(),
        sections: Vec::new(),
    };
    // Paragraphs after a bullet or an item: they stay with it when more follow, so the order
    // is the original's; those after the last are the `after`.
    let mut pending: Vec<String> = Vec::new();
    let mut begun = false;
    let mut last_list: Option<&'static str> = None;
    let flush = |p: &mut Parts, pending: &mut Vec<String>, last: Option<&str>| {
        if pending.is_empty() {
            return;
        }
        let joined = pending.join("\n\n");
        let target = match last {
            Some("bullets") => p.bullets.last_mut().map(|b| (b, "text")),
            Some("items") => p.items.last_mut().map(|i| (i, "after")),
            Some("duties") => p.duties.last_mut().map(|d| (d, "after")),
            _ => None,
        };
        match target {
            Some((node, key)) => append(node, key, &joined),
            None => p.after.extend(pending.iter().cloned()),
        }
        pending.clear();
    };
    for c in children {
        match c.kind {
            Kind::Plain if !begun => p.text.push(c.text.clone()),
            Kind::Plain => pending.push(c.text.clone()),
            Kind::Bullet | Kind::Sub => {
                flush(&mut p, &mut pending, last_list);
                begun = true;
                p.bullets.push(bullet(c));
                last_list = Some("bullets");
            }
            Kind::Item(_) | Kind::Letter => {
                flush(&mut p, &mut pending, last_list);
                begun = true;
                // After a duty, a numbered heading is one more duty (printed in its place).
                let after_duty = !p.duties.is_empty();
                match duty(c, duty_section, after_duty) {
                    Some(d) => {
                        p.duties.push(d);
                        last_list = Some("duties");
                    }
                    None => {
                        p.items.push(item(c));
                        last_list = Some("items");
                    }
                }
            }
            Kind::Section => {
                flush(&mut p, &mut pending, last_list);
                begun = true;
                p.sections.push(section(c));
                last_list = None;
            }
            Kind::Part => {}
        }
    }
    p.after.append(&mut pending);
    p
}

fn push(m: &mut Vec<(String, Node)>, key: &str, node: Option<Node>) {
    if let Some(n) = node {
        m.push((key.to_owned(), n));
    }
}

fn list(nodes: Vec<Node>) -> Option<Node> {
    (!nodes.is_empty()).then_some(Node::List(nodes))
}

fn item(t: &Tree) -> Node {
    let p = parts(&t.children, false);
    let titled = is_title(t);
    let mut texts = if titled {
        Vec::new()
    } else {
        vec![t.text.clone()]
    };
    texts.extend(p.text);
    if !titled && p.items.is_empty() && p.bullets.is_empty() && p.after.is_empty() {
        return text(texts.join("\n\n"));
    }
    let mut m = Vec::new();
    if titled {
        m.push(("title".to_owned(), text(title_of(&t.text))));
    }
    push(&mut m, "text", paragraphs(&texts));
    push(&mut m, "items", list(p.items));
    push(&mut m, "bullets", list(p.bullets));
    push(&mut m, "duties", list(p.duties));
    push(&mut m, "after", paragraphs(&p.after));
    Node::Map(m)
}

/// A numbered unit with its tasks, in a section of assignments ("1. Công an huyện", or
/// "1. Công an xã: chủ trì …").
fn duty(t: &Tree, duty_section: bool, after_duty: bool) -> Option<Node> {
    if !duty_section || !matches!(t.kind, Kind::Item(1)) {
        return None;
    }
    let p = plain(&t.text);
    let (unit, inline) = match p.split_once(": ") {
        Some((u, rest)) if looks_like_unit(u) && !looks_like_unit(&p) => {
            (u.to_owned(), Some(rest.to_owned()))
        }
        _ if looks_like_unit(&p) || after_duty && is_title(t) => (title_of(&t.text), None),
        _ => return None,
    };
    let mut texts: Vec<String> = inline.into_iter().collect();
    let mut tasks = Vec::new();
    let mut after = Vec::new();
    for c in &t.children {
        match c.kind {
            Kind::Plain if tasks.is_empty() => texts.push(c.text.clone()),
            Kind::Plain => after.push(c.text.clone()),
            Kind::Bullet | Kind::Sub => tasks.push(bullet(c)),
            // Numbered tasks under a unit ("1.1. …") are its tasks.
            _ => tasks.push(text(c.text.clone())),
        }
    }
    let mut m = vec![("unit".to_owned(), text(unit))];
    push(&mut m, "text", paragraphs(&texts));
    push(&mut m, "tasks", list(tasks));
    push(&mut m, "after", paragraphs(&after));
    Some(Node::Map(m))
}

fn section(t: &Tree) -> Node {
    let title = title_of(&t.text);
    let p = parts(&t.children, is_duty_section(&title));
    let mut m = vec![("title".to_owned(), text(title))];
    push(&mut m, "text", paragraphs(&p.text));
    push(&mut m, "items", list(p.items));
    push(&mut m, "bullets", list(p.bullets));
    push(&mut m, "duties", list(p.duties));
    // Paragraphs after the items of a section: its own closing words, kept as items' after.
    if !p.after.is_empty() {
        m.push(("after_text".to_owned(), text(p.after.join("\n\n"))));
    }
    Node::Map(fix_section_after(m))
}

/// A section has no `after`: its trailing paragraphs go to the last item or duty.
fn fix_section_after(mut m: Vec<(String, Node)>) -> Vec<(String, Node)> {
    let Some(i) = m.iter().position(|(k, _)| k == "after_text") else {
        return m;
    };
    let (_, after) = m.remove(i);
    let Node::Text(after) = after else { return m };
    for key in ["duties", "items", "bullets"] {
        if let Some((_, Node::List(list))) = m.iter_mut().find(|(k, _)| k == key)
            && let Some(last) = list.last_mut()
        {
            let key = if key == "bullets" { "text" } else { "after" };
            append(last, key, &after);
            return m;
        }
    }
    match m.iter_mut().find(|(k, _)| k == "text") {
        Some((_, Node::Text(t))) => {
            t.push_str("\n\n");
            t.push_str(&after);
        }
        _ => m.push(("text".into(), text(after))),
    }
    m
}

/// Adds paragraphs to `key` of a list entry, making a plain text a map.
fn append(entry: &mut Node, key: &str, paras: &str) {
    match entry {
        Node::Text(t) if key == "text" => {
            t.push_str("\n\n");
            t.push_str(paras);
        }
        Node::Text(t) => {
            *entry = Node::Map(vec![
                ("text".into(), text(t.clone())),
                (key.into(), text(paras)),
            ]);
        }
        Node::Map(m) => match m.iter_mut().find(|(k, _)| k == key) {
            Some((_, Node::Text(t))) => {
                t.push_str("\n\n");
                t.push_str(paras);
            }
            _ => m.push((key.into(), text(paras))),
        },
        _ => {}
    }
}

/// The body: `parts` or `sections` (with a leading text, if any, before the first), or, for a
/// body with no sections (a Chỉ thị), its `items`.
pub struct Body {
    pub entries: Vec<(String, Node)>,
    /// Paragraphs before the first heading.
    pub lead: Vec<String>,
}

pub fn body(lines: &[Line]) -> Body {
    let t = tree(lines);
    let lead: Vec<String> = t
        .children
        .iter()
        .take_while(|c| c.kind == Kind::Plain)
        .map(|c| c.text.clone())
        .collect();
    let rest = &t.children[lead.len()..];
    let mut entries = Vec::new();
    if rest.iter().any(|c| c.kind == Kind::Part) {
        let parts_list: Vec<Node> = rest
            .iter()
            .filter(|c| c.kind == Kind::Part)
            .map(|part| {
                let p = parts(&part.children, false);
                let mut m = vec![("title".to_owned(), text(title_of(&part.text)))];
                push(&mut m, "text", paragraphs(&p.text));
                push(&mut m, "sections", list(p.sections));
                Node::Map(m)
            })
            .collect();
        entries.push(("parts".to_owned(), Node::List(parts_list)));
    } else if rest.iter().any(|c| c.kind == Kind::Section) {
        let sections: Vec<Node> = rest
            .iter()
            .filter(|c| c.kind == Kind::Section)
            .map(section)
            .collect();
        entries.push(("sections".to_owned(), Node::List(sections)));
    } else {
        let p = parts(rest, false);
        push(&mut entries, "items", list(p.items));
    }
    Body { entries, lead }
}

/// The text, items and bullets of a guide appendix, from its paragraphs.
pub fn guide(lines: &[Line]) -> Vec<(String, Node)> {
    let t = tree(lines);
    let p = parts(&t.children, false);
    let mut texts = p.text;
    let mut bullets = p.bullets;
    // Paragraphs after the steps (a picture's caption, a last word) stay with the last step.
    match bullets.last_mut() {
        Some(last) if !p.after.is_empty() => append(last, "text", &p.after.join("\n\n")),
        _ => texts.extend(p.after),
    }
    let mut m = Vec::new();
    push(&mut m, "text", paragraphs(&texts));
    push(&mut m, "items", list(p.items));
    push(&mut m, "bullets", list(bullets));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .map(|t| {
                let (kind, text) = classify(t);
                Line { kind, text }
            })
            .collect()
    }

    #[test]
    fn numbering_is_read_and_kept_out_of_the_text() {
        assert_eq!(
            classify("I. MỤC ĐÍCH, YÊU CẦU"),
            (Kind::Section, "MỤC ĐÍCH, YÊU CẦU".into())
        );
        assert_eq!(
            classify("**1. Mục đích**"),
            (Kind::Item(1), "**Mục đích**".into())
        );
        assert_eq!(
            classify("6.1. Thủ tục, hồ sơ:"),
            (Kind::Item(2), "Thủ tục, hồ sơ:".into())
        );
        assert_eq!(
            classify("a) Tuyên truyền"),
            (Kind::Letter, "Tuyên truyền".into())
        );
        assert_eq!(
            classify("- **Bước 1:** Chọn"),
            (Kind::Bullet, "**Bước 1:** Chọn".into())
        );
        assert_eq!(
            classify("**7. Đoàn Thanh niên**"),
            (Kind::Item(1), "**Đoàn Thanh niên**".into())
        );
        assert_eq!(classify("+ Mã passcode"), (Kind::Sub, "Mã passcode".into()));
        assert_eq!(classify("Phần II. KẾT QUẢ"), (Kind::Part, "KẾT QUẢ".into()));
        assert_eq!(
            classify("30/6/2023 là hạn"),
            (Kind::Plain, "30/6/2023 là hạn".into())
        );
    }

    #[test]
    fn sections_items_duties_and_deadlines() {
        let b = body(&lines(&[
            "I. MỤC ĐÍCH",
            "1. Mục đích",
            "- Một.",
            "II. NHIỆM VỤ CỤ THỂ:",
            "1. Công an huyện",
            "- Chủ trì tham mưu; **hoàn thành trước ngày 5/6/2023**",
            "Thực hiện từ ngày 25/5/2023",
            "2. Kết quả thực hiện báo cáo về UBND huyện.",
        ]));
        let yaml = super::super::yaml::write(&b.entries);
        assert!(yaml.contains("duties:\n      - unit: Công an huyện\n        tasks:\n          - text: Chủ trì tham mưu\n            deadline: 5/6/2023\n        after: Thực hiện từ ngày 25/5/2023"), "{yaml}");
        assert!(
            yaml.contains("items:\n      - title: Mục đích\n        bullets:\n          - Một."),
            "{yaml}"
        );
        assert!(
            yaml.contains("- Kết quả thực hiện báo cáo về UBND huyện."),
            "{yaml}"
        );
    }
}
