//! Commas that end a text too early inside `{ … }` or `[ … ]`.
//!
//! In YAML's flow style a comma separates entries, so `{ unit: Sở Nội vụ, with: Các sở, ngành }`
//! is read as `with: "Các sở"` and a key `ngành` with no value, and `[UBND huyện (b/c), Các cơ
//! quan, đơn vị (t/h)]` as three recipients. Both are what the writer did not mean. This finds
//! them in the YAML tree, from the source text around each entry, and says to quote the text.
//!
//! It reads the tree and the text only: it applies no rule of the format.

use std::sync::Arc;

use super::node::Node;
use crate::diagnostic::{Code, Diagnostic};
use crate::msg;
use crate::plan::Located;
use crate::source::{SourceFile, Span};

/// What the commas cut: errors (a key without a value right after a text, in `{ }`) and
/// warnings (a recipient that goes on the one before it, in `[ ]`); and the spans of the keys
/// the errors are about, whose other diagnostics (unknown key, colon in text) are beside the
/// point.
pub struct Found {
    pub problems: Vec<Diagnostic>,
    pub keys: Vec<Span>,
}

pub fn check(file: &Arc<SourceFile>, root: &Located<Node>) -> Found {
    let mut found = Found {
        problems: Vec::new(),
        keys: Vec::new(),
    };
    walk(file, root, None, &mut found);
    found
}

fn walk(file: &Arc<SourceFile>, node: &Located<Node>, key: Option<&str>, found: &mut Found) {
    match &node.value {
        Node::Map(entries) => {
            if opens_with(file, node, '{') {
                flow_map(file, entries, found);
            }
            for (k, v) in entries {
                walk(file, v, Some(&k.value), found);
            }
        }
        Node::Seq(items) => {
            if key == Some("recipients") && opens_with(file, node, '[') {
                flow_recipients(file, items, found);
            }
            for v in items {
                walk(file, v, None, found);
            }
        }
        _ => {}
    }
}

/// Whether the node is written in flow style: its text starts with `open`.
fn opens_with(file: &SourceFile, node: &Located<Node>, open: char) -> bool {
    let span = file.span_of(&node.at);
    file.text[span.start.min(file.text.len())..].starts_with(open)
}

/// The comma just before `at`, past white space, if there is one.
fn comma_before(text: &str, at: usize) -> Option<usize> {
    let before = text[..at.min(text.len())].trim_end();
    before.ends_with(',').then(|| before.len() - 1)
}

fn flow_map(
    file: &Arc<SourceFile>,
    entries: &[(Located<String>, Located<Node>)],
    found: &mut Found,
) {
    for pair in entries.windows(2) {
        let [(prev_key, prev), (key, value)] = pair else {
            continue;
        };
        let Node::Str(prev_text) = &prev.value else {
            continue;
        };
        if !matches!(value.value, Node::Null) {
            continue;
        }
        let key_span = file.span_of(&key.at);
        // `{ a: b, c }` is a key with no value only when no colon follows it.
        let after = file.text[key_span.end.min(file.text.len())..].trim_start();
        if !after.starts_with([',', '}']) {
            continue;
        }
        let Some(comma) = comma_before(&file.text, key_span.start) else {
            continue;
        };
        let whole = format!("{prev_text}, {}", key.value);
        let name = &prev_key.value;
        let k = &key.value;
        found.keys.push(key_span);
        found.problems.push(
            Diagnostic::new(
                Code::CommaInText,
                file,
                Span::new(comma, comma + 1),
                msg!(
                    "dấu phẩy trong `{{ … }}` kết thúc văn bản: YAML đọc `{name}: {prev_text}` rồi một khoá `{k}` không có giá trị",
                    "a comma inside `{{ … }}` ends the text: YAML reads `{name}: {prev_text}`, then a key `{k}` with no value"
                ),
            )
            .with_help(msg!(
                "bọc cả đoạn văn bản trong dấu ngoặc kép: `{name}: \"{whole}\"`",
                "put the whole text in quotes: `{name}: \"{whole}\"`"
            )),
        );
    }
}

/// A recipient carries its purpose mark at its end ("(b/c)", "(t/h)", "(để biết)").
fn has_purpose_mark(text: &str) -> bool {
    text.trim_end().ends_with(')')
}

fn flow_recipients(file: &Arc<SourceFile>, items: &[Located<Node>], found: &mut Found) {
    for pair in items.windows(2) {
        let (Node::Str(prev), Node::Str(item)) = (&pair[0].value, &pair[1].value) else {
            continue;
        };
        if has_purpose_mark(prev) || !item.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let span = file.span_of(&pair[1].at);
        let whole = format!("{prev}, {item}");
        found.problems.push(
            Diagnostic::new(
                Code::CommaInList,
                file,
                span,
                msg!(
                    "dấu phẩy trong `[ … ]` tách nơi nhận: `{item}` thành một nơi nhận riêng, sau `{prev}`",
                    "a comma inside `[ … ]` splits the recipients: `{item}` becomes a recipient of its own, after `{prev}`"
                ),
            )
            .with_help(msg!(
                "nếu đây là một nơi nhận, bọc cả đoạn trong dấu ngoặc kép: `\"{whole}\"`",
                "if this is one recipient, put the whole text in quotes: `\"{whole}\"`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(yaml: &str) -> Found {
        let file = Arc::new(SourceFile::new("t.yaml", yaml.to_owned()));
        let root: Located<Node> = serde_saphyr::from_str(yaml).unwrap();
        check(&file, &root)
    }

    #[test]
    fn a_key_without_value_after_a_text_is_the_comma_of_that_text() {
        let f = found("duties:\n  - { unit: Sở Nội vụ, with: Các sở, ngành }\n");
        assert_eq!(f.problems.len(), 1);
        let d = &f.problems[0];
        assert_eq!(d.code, Code::CommaInText);
        assert_eq!(d.file.slice(d.span), ",");
        assert_eq!(
            d.span.start,
            "duties:\n  - { unit: Sở Nội vụ, with: Các sở".len()
        );
        assert!(
            d.help
                .as_ref()
                .unwrap()
                .en
                .contains("with: \"Các sở, ngành\"")
        );
    }

    #[test]
    fn quoted_texts_block_maps_and_keys_with_values_are_fine() {
        for ok in [
            "a: { unit: Sở Nội vụ, with: \"Các sở, ngành\" }\n",
            "a:\n  unit: Các sở, ngành\n",
            "a: { unit: Xã A, done: 12 }\n",
            "a: { x: 1, y }\n",
            "recipients: [UBND huyện (b/c), Các thôn (t/h)]\n",
            "recipients:\n  - UBND huyện\n  - các thôn\n",
        ] {
            assert!(found(ok).problems.is_empty(), "{ok}");
        }
    }

    #[test]
    fn a_recipient_in_lower_case_after_one_without_its_mark_is_told() {
        let f = found("recipients: [UBND huyện (b/c), Các cơ quan, đơn vị (t/h)]\n");
        assert_eq!(f.problems.len(), 1);
        let d = &f.problems[0];
        assert_eq!(d.code, Code::CommaInList);
        assert_eq!(d.file.slice(d.span), "đơn vị (t/h)");
    }
}
