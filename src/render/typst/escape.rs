//! Escaping text for Typst markup, so that text from a plan is always printed as written and
//! can never run Typst code: every character with a meaning in markup gets a backslash, and
//! line breaks become spaces. This is Tera's auto-escape function for `.typ.tera` templates.
//!
//! A word the render model joined with word joiners (a code such as "34/QĐ-TTg") is set in a
//! box instead, which Typst never breaks, so the PDF's text keeps no invisible characters and
//! a search for the code finds it.

/// Characters with a meaning somewhere in Typst markup (code, math, labels, references,
/// emphasis, raw text, comments, lists, headings, smart quotes, dashes, shorthands).
const SPECIAL: &[char] = &[
    '\\', '#', '*', '_', '`', '$', '<', '>', '@', '[', ']', '{', '}', '~', '/', '"', '\'', '-',
    '+', '=', '.', ':', '!', '?', '%', '&', '|', '^', '(', ')', ';', ',',
];

pub fn escape(text: &str) -> String {
    let joiner = crate::enrich::joins::JOINER;
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.contains(joiner) {
            out.push_str("#box[");
            escape_chars(&word.replace(joiner, ""), &mut out);
            out.push(']');
        } else {
            escape_chars(word, &mut out);
        }
    }
    out
}

fn escape_chars(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// A Typst string literal holding `text` (for the few values templates use in code, such as
/// the document's title): quotes and backslashes escaped, line breaks as `\n`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
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
    fn markup_is_escaped_and_strings_are_quoted() {
        assert_eq!(
            escape("#read(\"/x\") $a$"),
            "\\#read\\(\\\"\\/x\\\"\\) \\$a\\$"
        );
        assert_eq!(escape("1. Mục\nđích"), "1\\. Mục đích");
        // A joined code is boxed, its joiners gone.
        assert_eq!(escape("số 06/\u{2060}CP,"), "số #box[06\\/CP\\,]");
        assert_eq!(string_literal("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
    }
}
