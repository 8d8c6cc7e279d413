//! Text that a document can hold: no character XML 1.0 forbids (a DOCX with one is not a
//! Word document), none the built-in fonts cannot print, no text or word longer than a page
//! can take. Found in every string of the plan, with its position, before anything is built.
//!
//! The same characters are what [`cleaned`] takes out of any text written where a control
//! character would act instead of show: a calendar file, the terminal, a CSV, a log line.

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

/// A character that acts instead of showing: C0 controls but tab and line breaks, DEL, C1
/// controls (U+0085 among them), the line and paragraph separators, the bidirectional
/// controls that reorder what a terminal shows, and the non-characters U+FFFE, U+FFFF.
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` safe to write where control characters would act: each one of [`is_control`] and
/// each carriage return not followed by a line feed becomes U+FFFD (shown as "�"), and
/// "\r\n" becomes "\n". Tabs and line feeds stay; the output's own escaping handles them.
pub fn cleaned(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c == '\r' || is_control(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\u{FFFD}'),
            c if is_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Why `c` cannot be in a document, if it cannot.
pub fn unprintable(c: char) -> Option<Message> {
    // Asked of every character of a plan: the answer is worked out only for the few that fail.
    if !is_control(c) && (c.is_whitespace() || crate::fonts::covers(c)) {
        return None;
    }
    let code = format!("U+{:04X}", c as u32);
    if is_control(c) {
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
            Node::Str(s) => text(file, s, &n.at, &mut out),
            Node::Seq(items) => stack.extend(items.iter().rev()),
            Node::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    stack.push(v);
                    text(file, &k.value, &k.at, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

/// A problem of one text: what it is, where in the text, what is wrong, what to do.
pub struct TextProblem {
    pub code: Code,
    pub range: std::ops::Range<usize>,
    pub message: Message,
    pub help: Message,
}

/// What keeps `s` from a document: a text over [`MAX_TEXT_CHARS`] (then nothing else is
/// looked at), a character it cannot hold, a word over [`MAX_WORD_CHARS`]; at most
/// `MAX_REPORTED`. For the plan's strings and for the text cells of data files alike.
pub fn text_problems(s: &str) -> Vec<TextProblem> {
    let mut out = Vec::new();
    let chars = s.chars().count();
    if chars > MAX_TEXT_CHARS {
        out.push(TextProblem {
            code: Code::TextTooLong,
            range: 0..s.len(),
            message: msg!(
                "đoạn văn bản dài {chars} ký tự, quá giới hạn {MAX_TEXT_CHARS}",
                "the text is {chars} characters long, over the limit of {MAX_TEXT_CHARS}"
            ),
            help: msg!(
                "chia thành nhiều đoạn (một danh sách `- …`)",
                "split it into several paragraphs (a list `- …`)"
            ),
        });
        return out;
    }
    // The current word: where it starts, and how many characters it has so far.
    let mut word: Option<(usize, usize)> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if out.len() >= MAX_REPORTED {
            break;
        }
        let bare_return = c == '\r' && chars.peek().is_none_or(|(_, n)| *n != '\n');
        let why = if bare_return {
            Some(msg!(
                "ký tự về đầu dòng (U+000D) đứng riêng, không theo sau là xuống dòng",
                "a carriage return (U+000D) on its own, with no line feed after it"
            ))
        } else {
            unprintable(c)
        };
        if let Some(why) = why {
            out.push(TextProblem {
                code: Code::UnprintableCharacter,
                range: i..i + c.len_utf8(),
                message: why,
                help: msg!(
                    "bỏ ký tự này hoặc thay bằng chữ, số hoặc dấu thường dùng",
                    "remove it, or write it with ordinary letters, digits and punctuation"
                ),
            });
        }
        if c.is_whitespace() {
            word = None;
            continue;
        }
        let (start, count) = word.get_or_insert((i, 0));
        if *count == MAX_WORD_CHARS {
            out.push(TextProblem {
                code: Code::TextTooLong,
                range: *start..i,
                message: msg!(
                    "một chữ dài hơn {MAX_WORD_CHARS} ký tự không có dấu cách",
                    "a word of more than {MAX_WORD_CHARS} characters without a space"
                ),
                help: msg!(
                    "thêm dấu cách để dòng xuống được",
                    "add spaces so that the line can break"
                ),
            });
        }
        *count += 1;
    }
    out
}

fn text(file: &Arc<SourceFile>, s: &str, at: &serde_saphyr::Location, out: &mut Vec<Diagnostic>) {
    if out.len() >= MAX_REPORTED {
        return;
    }
    let problems = text_problems(s);
    if problems.is_empty() {
        return;
    }
    let map = file.value_map(file.span_of(at), s);
    for p in problems.into_iter().take(MAX_REPORTED - out.len()) {
        out.push(Diagnostic::new(p.code, file, map.span(p.range), p.message).with_help(p.help));
    }
}
