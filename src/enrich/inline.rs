//! Inline emphasis in plan text: `**bold**` and `*italic*` become runs of text with their
//! style, for every renderer to draw its own way. Everything else is literal text.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Serialize;

thread_local! {
    /// The figures a text names (`{{ total.done }}`) while a document is enriched.
    static VALUES: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

/// Runs `f` with each `{{ … }}` of `values` replaced by its value in every text parsed.
pub fn with_values<T>(values: &BTreeMap<String, String>, f: impl FnOnce() -> T) -> T {
    VALUES.with(|v| *v.borrow_mut() = values.clone());
    let out = f();
    VALUES.with(|v| v.borrow_mut().clear());
    out
}

/// A piece of text in one style.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A line of text as runs.
pub type Inline = Vec<Run>;

/// `text` with each `{{ … }}` that `values` has replaced by its value.
pub fn substitute(text: &str, values: &BTreeMap<String, String>) -> String {
    if values.is_empty() || !text.contains("{{") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|i| open + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        match values.get(rest[open + 2..close].trim()) {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..close + 2]),
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Splits `text` at `**` and `*` markers. An unpaired marker stays as written. Line breaks
/// inside a paragraph are spaces.
pub fn parse(text: &str) -> Inline {
    let text = VALUES.with(|v| substitute(text, &v.borrow()));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut runs: Inline = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut buf = String::new();
    let mut rest = text.as_str();
    let push = |runs: &mut Inline, buf: &mut String, bold, italic| {
        if !buf.is_empty() {
            runs.push(Run {
                text: std::mem::take(buf),
                bold,
                italic,
            });
        }
    };
    while let Some(i) = rest.find('*') {
        buf.push_str(&rest[..i]);
        let after = &rest[i..];
        let (marker, closes) = if let Some(rest) = after.strip_prefix("**") {
            ("**", bold || rest.contains("**"))
        } else {
            ("*", italic || after[1..].contains('*'))
        };
        if closes {
            push(&mut runs, &mut buf, bold, italic);
            if marker == "**" {
                bold = !bold;
            } else {
                italic = !italic;
            }
        } else {
            buf.push_str(marker);
        }
        rest = &after[marker.len()..];
    }
    buf.push_str(rest);
    push(&mut runs, &mut buf, bold, italic);
    super::joins::keep_whole(runs)
}

/// Plain text of runs, as a reader reads it: the joins that keep units of meaning on one line
/// ([`super::joins`]) undone.
pub fn plain(runs: &[Run]) -> String {
    runs.iter()
        .flat_map(|r| r.text.chars())
        .filter(|c| *c != super::joins::JOINER)
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect()
}

/// A run of plain text.
pub fn text(t: impl Into<String>) -> Run {
    Run {
        text: t.into(),
        bold: false,
        italic: false,
    }
}

/// A run of bold text.
pub fn bold(t: impl Into<String>) -> Run {
    Run {
        text: t.into(),
        bold: true,
        italic: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_with_a_value_are_replaced_and_others_kept() {
        let mut v = BTreeMap::new();
        v.insert("total.rate".to_owned(), "58,19%".to_owned());
        assert_eq!(
            substitute("đạt {{ total.rate }}, {{x}}", &v),
            "đạt 58,19%, {{x}}"
        );
        assert_eq!(substitute("{{ total.rate", &v), "{{ total.rate");
    }

    fn show(runs: &[Run]) -> Vec<(String, bool, bool)> {
        runs.iter()
            .map(|r| (r.text.clone(), r.bold, r.italic))
            .collect()
    }

    #[test]
    fn bold_and_italic_runs() {
        assert_eq!(
            show(&parse("Đến hết **30/6/2023** (*có phụ lục*) xong")),
            vec![
                ("Đến hết ".into(), false, false),
                ("30/6/2023".into(), true, false),
                (" (".into(), false, false),
                ("có phụ lục".into(), false, true),
                (") xong".into(), false, false),
            ]
        );
    }

    #[test]
    fn unpaired_markers_and_line_breaks_stay_text() {
        assert_eq!(plain(&parse("a * b\n  c")), "a * b c");
        assert_eq!(
            show(&parse("**đậm *và nghiêng***")),
            vec![
                ("đậm ".into(), true, false),
                ("và nghiêng".into(), true, true)
            ]
        );
    }
}
