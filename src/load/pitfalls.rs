//! The mistakes YAML makes easy, explained in the writer's words: a text with `: ` read as a
//! `key: value`, a text starting with `*`, an unclosed quote, a tab, a line out of step. Each
//! message says what happened at the line and, where a line can be mended by quoting it, gives
//! the mended line.
//!
//! Only words: the reader's errors come in from [`super`]; nothing here parses YAML.

use crate::lang::Message;
use crate::msg;

/// The pitfalls the reader's messages reveal.
enum Pitfall {
    /// `: ` or a final `:` inside a text.
    Colon,
    /// A text starting with `*`.
    Alias,
    Quote,
    Tab,
    Bracket,
    Indentation,
    DuplicateKey(String),
}

/// Which pitfall a reader's raw message reveals, if one known here.
fn pitfall(raw: &str) -> Option<Pitfall> {
    let r = raw.to_lowercase();
    Some(if r.contains("mapping values are not allowed") {
        Pitfall::Colon
    } else if r.contains("unknown anchor") || r.contains("alias") && r.contains("anchor") {
        Pitfall::Alias
    } else if r.contains("unclosed quote") || r.contains("quoted scalar") {
        Pitfall::Quote
    } else if r.contains("tab") {
        Pitfall::Tab
    } else if r.contains("flow mapping")
        || r.contains("flow sequence")
        || r.contains("unclosed bracket")
    {
        Pitfall::Bracket
    } else if r.contains("indent")
        || r.contains("did not find expected")
        || r.contains("block mapping")
        || r.contains("block collection")
    {
        Pitfall::Indentation
    } else if let Some(rest) = raw.split("duplicate mapping key:").nth(1) {
        Pitfall::DuplicateKey(rest.split(',').next().unwrap_or_default().trim().to_owned())
    } else {
        return None;
    })
}

/// What went wrong, told from the reader's raw message; `None` for one not known here.
pub fn explain(raw: &str, line: &str) -> Option<(Message, Message)> {
    let quote_it = || {
        let (vi, en) = (
            "bọc cả đoạn văn bản trong dấu ngoặc kép",
            "wrap the whole text in double quotes",
        );
        match quoted(line).as_deref().map(str::trim_start) {
            Some(m) => Message::new(format!("{vi}: {m}"), format!("{en}: {m}")),
            None => Message::new(vi.to_owned(), en.to_owned()),
        }
    };
    Some(match pitfall(raw)? {
        Pitfall::Colon => (
            msg!(
                "dấu hai chấm và dấu cách (`: `) trong văn bản làm YAML hiểu nhầm đoạn này thành `khoá: giá trị`",
                "a colon and a space (`: `) inside the text make YAML read it as `key: value`"
            ),
            quote_it(),
        ),
        Pitfall::Alias => (
            msg!(
                "văn bản bắt đầu bằng `*` bị YAML hiểu là một bí danh (alias)",
                "a text that starts with `*` is read by YAML as an alias"
            ),
            quote_it(),
        ),
        other => layout(other),
    })
}

/// The words for the pitfalls of layout: quotes, tabs, brackets, indentation, keys twice.
fn layout(p: Pitfall) -> (Message, Message) {
    match p {
        Pitfall::Quote => (
            msg!(
                "dấu ngoặc kép mở ở đây nhưng không được đóng",
                "a quote opens here but is never closed"
            ),
            msg!(
                "thêm dấu ngoặc kép `\"` ở cuối đoạn văn bản; dấu ngoặc kép bên trong ghi là `\\\"`",
                "add the closing `\"` at the end of the text; a quote inside it is written `\\\"`"
            ),
        ),
        Pitfall::Tab => (
            msg!(
                "YAML không cho dùng phím Tab để thụt lề",
                "YAML does not allow tabs for indentation"
            ),
            msg!(
                "thay Tab bằng dấu cách (mỗi cấp 2 dấu cách)",
                "use spaces instead of the tab (2 per level)"
            ),
        ),
        Pitfall::Bracket => (
            msg!(
                "mở `{{` hoặc `[` mà không đóng trước chỗ này",
                "a `{{` or `[` is not closed before this point"
            ),
            msg!(
                "thêm `}}` hoặc `]` tương ứng; văn bản có dấu phẩy bên trong `{{ … }}` thì bọc trong ngoặc kép",
                "add the matching `}}` or `]`; quote a text with commas inside `{{ … }}`"
            ),
        ),
        Pitfall::DuplicateKey(key) => (
            msg!(
                "khoá `{key}` được ghi hai lần",
                "the key `{key}` is written twice"
            ),
            msg!(
                "giữ một lần `{key}:` và gộp nội dung vào đó",
                "keep one `{key}:` and put the content under it"
            ),
        ),
        _ => (
            msg!(
                "thụt lề không đúng: dòng này không thẳng cột với các khoá cùng cấp",
                "wrong indentation: this line does not line up with the keys of its level"
            ),
            msg!(
                "thụt lề bằng dấu cách sao cho các khoá cùng cấp thẳng cột; nếu dòng trước là văn bản dài, bọc nó trong dấu ngoặc kép hoặc dùng `>-`",
                "indent with spaces so that keys of one level line up; if the line before is a long text, quote it or use `>-`"
            ),
        ),
    }
}

/// The generic words for a reader's error not known to [`explain`]: no raw English in
/// Vietnamese output.
pub fn unknown(raw: &str) -> (Message, Message) {
    (
        Message::new(
            "YAML không đọc được ở dòng này".to_owned(),
            format!("invalid YAML: {raw}"),
        ),
        msg!(
            "kiểm tra dấu hai chấm, ngoặc kép và thụt lề ở dòng này; văn bản có `: `, ` #`, hoặc bắt đầu bằng `*`, `-`, `[`, `{{` thì bọc trong dấu ngoặc kép",
            "check the colons, quotes and indentation on this line; quote a text that contains `: ` or ` #`, or starts with `*`, `-`, `[` or `{{`"
        ),
    )
}

/// A one-key map that YAML made of a text with `: ` in a list or where a text goes: the
/// message and the mended line.
pub fn colon_in_text(key: &str, line: &str) -> (Message, Message) {
    let m = msg!(
        "dòng này có dấu hai chấm và dấu cách (`: `), nên YAML hiểu `{key}` là một khoá chứ không phải văn bản",
        "this line has a colon and a space (`: `), so YAML reads `{key}` as a key, not as text"
    );
    let help = match quoted(line) {
        Some(fixed) => {
            let fixed = fixed.trim_start();
            msg!(
                "bọc cả dòng trong dấu ngoặc kép: {fixed}",
                "wrap the whole line in double quotes: {fixed}"
            )
        }
        None => msg!(
            "bọc cả đoạn văn bản trong dấu ngoặc kép",
            "wrap the whole text in double quotes"
        ),
    };
    (m, help)
}

/// `line` with its text quoted: `  - Phạm vi: Tỉnh.` → `  - "Phạm vi: Tỉnh."`, `  title: Mục
/// đích:` → `  title: "Mục đích:"`. `None` when there is no plain text to quote.
pub fn quoted(line: &str) -> Option<String> {
    let body = line.trim_end();
    let indent = body.len() - body.trim_start().len();
    let mut prefix_end = indent;
    let rest = &body[indent..];
    let rest = match rest.strip_prefix("- ") {
        Some(r) => {
            prefix_end += 2;
            r
        }
        None => rest,
    };
    // A format key (`title:`, `text:`) stays before the quotes.
    let key_len = rest
        .find(": ")
        .filter(|&i| {
            rest[..i]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && i > 0
        })
        .map_or(0, |i| i + 2);
    let value = rest[key_len..].trim();
    if value.is_empty() || value.starts_with(['"', '\'', '|', '>', '{', '[']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!(
        "{}{}\"{escaped}\"",
        &body[..prefix_end],
        &rest[..key_len]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_mended_by_quoting_their_text() {
        assert_eq!(
            quoted("  - Phạm vi triển khai: Trên địa bàn tỉnh."),
            Some("  - \"Phạm vi triển khai: Trên địa bàn tỉnh.\"".into())
        );
        assert_eq!(
            quoted("  - title: Mục đích, yêu cầu:"),
            Some("  - title: \"Mục đích, yêu cầu:\"".into())
        );
        assert_eq!(
            quoted("intro: Thời gian: từ \"nay\""),
            Some("intro: \"Thời gian: từ \\\"nay\\\"\"".into())
        );
        assert_eq!(quoted("  text: >-"), None);
    }

    #[test]
    fn every_known_error_has_vietnamese_words() {
        for raw in [
            "mapping values are not allowed in this context",
            "unclosed quote",
            "while scanning a plain scalar, found a tab",
            "while parsing a block mapping, did not find expected key",
            "unclosed bracket '{'",
            "duplicate mapping key: a, set DuplicateKeyPolicy in Options if acceptable",
            "alias references unknown anchor",
        ] {
            let (m, _) = explain(raw, "a: b").unwrap_or_else(|| panic!("{raw}"));
            assert!(!m.vi.contains(raw), "{}", m.vi);
        }
    }
}
