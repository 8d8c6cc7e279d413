//! Text that a document can hold: no character XML 1.0 forbids (a DOCX with one is not a
//! Word document), none the built-in fonts cannot print, no text or word longer than a page
//! can take. Found in every string of the plan, with its position, before anything is built.

use std::sync::Arc;

use super::node::Node;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::msg;
use crate::plan::Located;
use crate::source::SourceFile;

/// The longest text of one field: about ten pages.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest run of characters without a space: a long link fits, a line-breaking
/// nightmare does not.
pub const MAX_WORD_CHARS: usize = 300;
/// Problems of this kind reported per file; one bad character pasted many times is one fix.
const MAX_REPORTED: usize = 50;

/// Why `c` cannot be in a document, if it cannot.
pub fn unprintable(c: char) -> Option<Message> {
    let code = format!("U+{:04X}", c as u32);
    let forbidden = matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if forbidden {
        return Some(msg!(
            "ký tự điều khiển {code} không in được trong văn bản",
            "the control character {code} cannot be in a document"
        ));
    }
    if !c.is_whitespace() && !crate::fonts::covers(c) {
        return Some(msg!(
            "ký tự `{c}` ({code}) không có trong phông chữ của văn bản (Liberation Serif)",
            "the character `{c}` ({code}) is not in the documents' font (Liberation Serif)"
        ));
    }
    None
}

/// Every string of the tree (keys too) checked.
pub fn check(file: &Arc<SourceFile>, root: &Located<Node>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.value {
            Node::Str(s) => text(file, s, n, &mut out),
            Node::Seq(items) => stack.extend(items.iter().rev()),
            Node::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    stack.push(v);
                    let key = Located::new(Node::Str(k.value.clone()), k.at);
                    text(file, &k.value, &key, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

fn text(file: &Arc<SourceFile>, s: &str, at: &Located<Node>, out: &mut Vec<Diagnostic>) {
    let scalar = file.span_of(&at.at);
    let chars = s.chars().count();
    if chars > MAX_TEXT_CHARS {
        out.push(
            Diagnostic::new(
                Code::TextTooLong,
                file,
                scalar,
                msg!(
                    "đoạn văn bản dài {chars} ký tự, quá giới hạn {MAX_TEXT_CHARS}",
                    "the text is {chars} characters long, over the limit of {MAX_TEXT_CHARS}"
                ),
            )
            .with_help(msg!(
                "chia thành nhiều đoạn (một danh sách `- …`)",
                "split it into several paragraphs (a list `- …`)"
            )),
        );
        return;
    }
    let mut word_start = None;
    for (i, c) in s.char_indices() {
        if out.len() >= MAX_REPORTED {
            return;
        }
        if let Some(why) = unprintable(c) {
            let span = file.sub_span(scalar, s, i..i + c.len_utf8());
            out.push(
                Diagnostic::new(Code::UnprintableCharacter, file, span, why).with_help(msg!(
                    "bỏ ký tự này hoặc thay bằng chữ, số hoặc dấu thường dùng",
                    "remove it, or write it with ordinary letters, digits and punctuation"
                )),
            );
        }
        if c.is_whitespace() {
            word_start = None;
        } else {
            let start = *word_start.get_or_insert(i);
            if s[start..i].chars().count() == MAX_WORD_CHARS {
                let span = file.sub_span(scalar, s, start..i);
                out.push(
                    Diagnostic::new(
                        Code::TextTooLong,
                        file,
                        span,
                        msg!(
                            "một chữ dài hơn {MAX_WORD_CHARS} ký tự không có dấu cách",
                            "a word of more than {MAX_WORD_CHARS} characters without a space"
                        ),
                    )
                    .with_help(msg!(
                        "thêm dấu cách để dòng xuống được",
                        "add spaces so that the line can break"
                    )),
                );
            }
        }
    }
}
