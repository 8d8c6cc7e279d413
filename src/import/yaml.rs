//! Writing the imported plan as YAML a clerk can read and edit: block style, long texts as
//! folded blocks (`>-`) wrapped at the page's width, short ones plain when YAML reads them back
//! as the same text, quoted otherwise; fields not found as comments. What it writes is read
//! back by the loader like any plan (the import's tests check the round trip).

/// A value of the plan to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Int(u64),
    Bool(bool),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// A map on one line: `{ key: unit, label: "Đơn vị" }`.
    Flow(Vec<(String, Node)>),
    /// A comment line in a map (its key is not written).
    Comment(String),
}

const WIDTH: usize = 96;

pub fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

/// The YAML of a top-level map.
pub fn write(entries: &[(String, Node)]) -> String {
    let mut out = String::new();
    map(&mut out, entries, 0);
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn map(out: &mut String, entries: &[(String, Node)], indent: usize) {
    for (i, (key, value)) in entries.iter().enumerate() {
        // Inside a list item the first entry follows its dash.
        let after_dash = i == 0 && out.ends_with("- ");
        if let Node::Comment(c) = value {
            for line in c.lines() {
                pad(out, indent);
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if !after_dash {
            pad(out, indent);
        }
        out.push_str(key);
        out.push(':');
        value_after_key(out, value, indent);
    }
}

/// Undoes the padding written for a line that did not come.
fn trim_pad(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

fn value_after_key(out: &mut String, value: &Node, indent: usize) {
    match value {
        Node::Text(s) => scalar(out, s, indent + 2, indent + key_width(out)),
        Node::Int(n) => out.push_str(&format!(" {n}\n")),
        Node::Bool(b) => out.push_str(&format!(" {b}\n")),
        Node::Flow(entries) => {
            out.push(' ');
            flow(out, entries);
            out.push('\n');
        }
        Node::List(items) if items.is_empty() => out.push_str(" []\n"),
        Node::List(items) => {
            out.push('\n');
            list(out, items, indent + 2);
        }
        Node::Map(entries) => {
            out.push('\n');
            map(out, entries, indent + 2);
        }
        Node::Comment(_) => out.push('\n'),
    }
}

/// How far into its line the value after `key:` starts.
fn key_width(out: &str) -> usize {
    out.rsplit('\n').next().map_or(0, |l| l.chars().count())
}

fn list(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Node::Text(s) => {
                trim_pad(out);
                scalar(out, s, indent + 2, indent + 1);
            }
            Node::Int(n) => out.push_str(&format!("{n}\n")),
            Node::Bool(b) => out.push_str(&format!("{b}\n")),
            Node::Flow(entries) => {
                flow(out, entries);
                out.push('\n');
            }
            Node::Map(entries) => map(out, entries, indent + 2),
            Node::List(inner) => {
                out.push('\n');
                list(out, inner, indent + 2);
            }
            Node::Comment(c) => {
                out.push_str(&format!("# {c}\n"));
            }
        }
    }
}

fn flow(out: &mut String, entries: &[(String, Node)]) {
    out.push_str("{ ");
    let parts: Vec<String> = entries
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Node::Text(s) if plain_ok(s) && !s.contains(['{', '}', '[', ']']) => s.clone(),
                Node::Text(s) => quoted(s),
                Node::Int(n) => n.to_string(),
                _ => "null".to_owned(),
            };
            format!("{k}: {v}")
        })
        .collect();
    out.push_str(&parts.join(", "));
    out.push_str(" }");
}

/// A text after `key:` or `- `: plain or quoted on the line when it fits, else a folded
/// block at `indent`. `used` is how much of the line is taken already.
fn scalar(out: &mut String, s: &str, indent: usize, used: usize) {
    let paragraphs: Vec<&str> = s.split("\n\n").collect();
    let one_line = paragraphs.len() == 1 && !s.contains('\n');
    if one_line && used + 1 + s.chars().count() <= WIDTH {
        out.push(' ');
        out.push_str(&if plain_ok(s) { s.to_owned() } else { quoted(s) });
        out.push('\n');
        return;
    }
    let foldable = paragraphs
        .iter()
        .all(|p| !p.is_empty() && !p.contains('\n') && p.trim() == *p && !p.contains("  "));
    if !foldable {
        out.push(' ');
        out.push_str(&quoted(s));
        out.push('\n');
        return;
    }
    out.push_str(" >-\n");
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        for word in p.split(' ') {
            if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > WIDTH
            {
                pad(out, indent);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        pad(out, indent);
        out.push_str(&line);
        out.push('\n');
    }
}

/// Whether YAML reads `s` written plain as the same text.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_lowercase();
    let special = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    // A text that begins with a digit is plain only when YAML cannot read a number in it.
    let digit_ok = first.is_ascii_digit() && s.contains('/') && !s.contains(':');
    (first.is_alphabetic() || digit_ok)
        && s.trim() == s
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.contains(" #")
        && !s.contains(',')
        && !s.chars().any(|c| c.is_control())
        && !special.contains(&lower.as_str())
}

/// `s` in double quotes, escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_plain_quoted_or_folded() {
        let long = "Tiếp tục triển khai, thực hiện quyết liệt, đồng bộ, hiệu quả các giải pháp để hoàn thành các nhiệm vụ của Đề án 06/CP theo đúng tinh thần chỉ đạo.";
        let doc = write(&[
            ("kind".into(), text("ke-hoach")),
            ("number".into(), Node::Int(135)),
            ("place".into(), text("Cần Giờ")),
            ("note".into(), text("Số: 12, 13")),
            (
                "a".into(),
                Node::Comment("authority: không tìm thấy".into()),
            ),
            (
                "items".into(),
                Node::List(vec![
                    text(long),
                    text("**Bước 1:** Chọn"),
                    Node::Map(vec![
                        ("title".into(), text("Mục đích")),
                        ("text".into(), text(format!("{long}\n\n{long}"))),
                    ]),
                    Node::Flow(vec![
                        ("key".into(), text("unit")),
                        ("label".into(), text("Đơn vị, xã")),
                    ]),
                ]),
            ),
        ]);
        assert!(doc.starts_with("kind: ke-hoach\nnumber: 135\nplace: Cần Giờ\nnote: \"Số: 12, 13\"\n# authority: không tìm thấy\nitems:\n  - >-\n    Tiếp tục"), "{doc}");
        assert!(doc.contains("  - \"**Bước 1:** Chọn\"\n"), "{doc}");
        assert!(
            doc.contains("  - title: Mục đích\n    text: >-\n      Tiếp tục"),
            "{doc}"
        );
        assert!(doc.contains("\n\n      Tiếp tục"), "two paragraphs: {doc}");
        assert!(
            doc.contains("  - { key: unit, label: \"Đơn vị, xã\" }\n"),
            "{doc}"
        );
        assert!(doc.lines().all(|l| l.chars().count() <= WIDTH + 8), "{doc}");
    }
}
