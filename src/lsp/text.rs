//! Between the editor's coordinates and kehoach's: `file://` URIs and paths, LSP positions
//! (line and UTF-16 column, both from 0) and byte offsets.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::source::{SourceFile, Span};

/// The path a `file://` URI names (percent-escapes decoded).
pub fn path_of(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// The `file://` URI of a path (made absolute; characters outside the safe set escaped).
pub fn uri_of(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", crate::source::uri_path(&abs.to_string_lossy()))
}

/// The LSP position of a byte offset.
pub fn position(file: &SourceFile, offset: usize) -> Value {
    let offset = offset.min(file.text.len());
    let line_start = file.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = file.text[..line_start].matches('\n').count();
    let character: usize = file.text[line_start..offset]
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({ "line": line, "character": character })
}

pub fn range(file: &SourceFile, span: Span) -> Value {
    json!({ "start": position(file, span.start), "end": position(file, span.end) })
}

/// The byte offset of an LSP position (clamped to its line).
pub fn offset_of(file: &SourceFile, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap_or(0) as usize;
    let character = position["character"].as_u64().unwrap_or(0) as usize;
    let start = file
        .text
        .split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>()
        .min(file.text.len());
    let rest = &file.text[start..];
    let line_text = rest.split('\n').next().unwrap_or(rest);
    let mut units = 0;
    for (i, c) in line_text.char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
    }
    start + line_text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let f = SourceFile::new("p.yaml", "a: 1\nsubject: Hướng dẫn 31/6\n".into());
        let off = f.text.find("31/6").unwrap();
        assert_eq!(position(&f, off), json!({ "line": 1, "character": 19 }));
        assert_eq!(offset_of(&f, &json!({ "line": 1, "character": 19 })), off);
    }

    #[test]
    fn uris_and_paths() {
        assert_eq!(
            path_of("file:///tmp/k%E1%BA%BF%20ho.yaml"),
            PathBuf::from("/tmp/kế ho.yaml")
        );
        assert_eq!(
            uri_of(Path::new("/tmp/kế ho.yaml")),
            "file:///tmp/k%E1%BA%BF%20ho.yaml"
        );
    }
}
