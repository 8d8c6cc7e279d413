//! A text file as it was read, and the arithmetic between byte offsets and the 1-based
//! line:column positions (columns in characters) that every message names; reading a file
//! within a size limit ([`read_bounded`]) and writing a path as a URI ([`uri_path`]).
//!
//! Not a parser: it only knows where lines start.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Reads a regular file (links resolved), at most `limit` + 1 bytes of it whatever it claims its
/// size is: a device (`/dev/zero`) or a FIFO would never end, and one byte past the limit is
/// enough to tell the file is too large. `Err` for anything that is not a regular file.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "không phải một tệp thường / not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A path as a URI reference: `/` and the unreserved characters kept, every other byte
/// percent-encoded (`kế hoạch` → `k%E1%BA%BF%20ho%E1%BA%A1ch`).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A byte range in a [`SourceFile`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A file's name (as the user gave it) and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The name used in messages, with `/` as the separator on every system.
    pub fn name(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// "plans/x.yaml:12": the file and the line of `offset`, as the preview names a place.
    pub fn place(&self, offset: usize) -> String {
        format!("{}:{}", self.name(), self.position(offset).line)
    }

    /// The 0-based line that holds `offset` (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset.min(self.text.len()))
            - 1
    }

    /// The bytes of a 0-based line, its line break included.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }

    /// The byte offset of a 1-based line and character column (clamped to the text).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_end = rest.find('\n').map_or(rest.len(), |e| e);
        rest[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }

    /// The byte span of a location reported by the YAML reader.
    pub fn span_of(&self, at: &serde_saphyr::Location) -> Span {
        let span = at.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(start), Some(len))
                if (start as usize) <= self.text.len() && start != u32::MAX as u64 =>
            {
                let start = start as usize;
                let end = (start + len as usize).min(self.text.len());
                Span::new(start, end)
            }
            _ => {
                let start = self.offset(at.line() as usize, at.column() as usize);
                Span::new(start, start)
            }
        }
    }

    /// The text of a span, or "" if the span is not inside the text.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = SourceFile::new("x.yaml", "a: 1\nsubject: Hướng dẫn 31/6\n".into());
        let off = f.text.find("31/6").unwrap();
        assert_eq!(
            f.position(off),
            Position {
                line: 2,
                column: 20
            }
        );
        assert_eq!(f.offset(2, 20), off);
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = SourceFile::new("x.yaml", "ab".into());
        assert_eq!(f.offset(9, 9), 2);
        assert_eq!(f.position(99), Position { line: 1, column: 3 });
    }
}

impl SourceFile {
    /// The span in the file of `range` (byte offsets in `value`), where `value` is the text of
    /// the YAML scalar written at `scalar`. For many ranges in one value, align it once with
    /// [`SourceFile::value_map`].
    pub fn sub_span(&self, scalar: Span, value: &str, range: std::ops::Range<usize>) -> Span {
        self.value_map(scalar, value).span(range)
    }

    /// Where the bytes of `value`, the text of the YAML scalar written at `scalar`, sit in the
    /// file. Quoting, escapes and line folding make the two differ, so the value is aligned
    /// with the source character by character, once: a long text with thousands of dates
    /// costs one pass, not one per date. Where the alignment fails, the whole scalar is named.
    pub fn value_map(&self, scalar: Span, value: &str) -> ValueMap {
        let src_end = self.text.len();
        let window = &self.text[scalar.start.min(src_end)..];
        let verbatim = window
            .get(..scalar.end.saturating_sub(scalar.start).max(value.len()) + 8)
            .unwrap_or(window)
            .find(value);
        if let Some(i) = verbatim {
            return ValueMap {
                scalar,
                at: Alignment::Verbatim(scalar.start + i),
            };
        }
        // `starts[i]`: the offset in `window` where the value's byte `i` begins, for every
        // character boundary reached before the alignment failed.
        let mut starts = vec![usize::MAX; value.len() + 1];
        let mut src = window.char_indices().peekable();
        let mut aligned = true;
        'chars: for (vi, c) in value.char_indices() {
            starts[vi] = src.peek().map_or(window.len(), |(i, _)| *i);
            let mut skipped = 0;
            loop {
                let Some(&(_, s)) = src.peek() else {
                    aligned = false;
                    break 'chars;
                };
                if s == c || (c.is_whitespace() && s.is_whitespace()) {
                    src.next();
                    if c.is_whitespace() {
                        while src.peek().is_some_and(|(_, s)| s.is_whitespace()) {
                            src.next();
                        }
                    }
                    break;
                }
                skipped += 1;
                if skipped > 16 {
                    aligned = false;
                    break 'chars;
                }
                src.next();
            }
        }
        if aligned {
            starts[value.len()] = src.peek().map_or(window.len(), |(i, _)| *i);
        }
        ValueMap {
            scalar,
            at: Alignment::Aligned(starts),
        }
    }
}

/// A scalar's value aligned with its source text: see [`SourceFile::value_map`].
pub struct ValueMap {
    scalar: Span,
    at: Alignment,
}

enum Alignment {
    /// The value is written as is, from this offset.
    Verbatim(usize),
    /// The source offset (from the scalar's start) of each byte of the value that begins a
    /// character, `usize::MAX` where unknown.
    Aligned(Vec<usize>),
}

impl ValueMap {
    /// The span in the file of `range` (byte offsets in the value).
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        match &self.at {
            Alignment::Verbatim(base) => Span::new(base + range.start, base + range.end),
            Alignment::Aligned(starts) => {
                let known = |i: usize| starts.get(i).copied().filter(|&o| o != usize::MAX);
                match (known(range.start), known(range.end)) {
                    (Some(s), Some(e)) if s <= e => {
                        Span::new(self.scalar.start + s, self.scalar.start + e)
                    }
                    _ => self.scalar,
                }
            }
        }
    }
}

#[cfg(test)]
mod sub_span_tests {
    use super::*;

    #[test]
    fn finds_text_inside_a_plain_scalar() {
        let f = SourceFile::new("p.yaml", "subject: trước ngày 31/6/2023 nhé\n".into());
        let scalar = Span::new(9, f.text.len() - 1);
        let value = "trước ngày 31/6/2023 nhé";
        let r = value.find("31/6").unwrap();
        let s = f.sub_span(scalar, value, r..r + 9);
        assert_eq!(f.slice(s), "31/6/2023");
    }

    #[test]
    fn follows_folded_lines() {
        let text = "text: >\n  hoàn thành\n  trước ngày 31/6/2023\n";
        let f = SourceFile::new("p.yaml", text.into());
        let value = "hoàn thành trước ngày 31/6/2023\n";
        let r = value.find("31/6").unwrap();
        let s = f.sub_span(Span::new(6, text.len()), value, r..r + 9);
        assert_eq!(f.slice(s), "31/6/2023");
        assert_eq!(
            f.position(s.start),
            Position {
                line: 3,
                column: 14
            }
        );
    }

    #[test]
    fn one_alignment_places_every_date_of_an_escaped_text() {
        let text = "text: \"a \\\"b\\\" 31/6/2023, c \\\"d\\\" 30/2/2024\"\n";
        let f = SourceFile::new("p.yaml", text.into());
        let value = "a \"b\" 31/6/2023, c \"d\" 30/2/2024";
        let map = f.value_map(Span::new(6, text.len() - 1), value);
        for date in ["31/6/2023", "30/2/2024"] {
            let r = value.find(date).unwrap();
            assert_eq!(f.slice(map.span(r..r + date.len())), date);
        }
    }
}
