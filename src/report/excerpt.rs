//! The lines a message shows, cut around its caret when they are long: a 40.000-character
//! line (a pasted text, a data cell) is not printed whole. Line and column numbers stay those
//! of the file.
//!
//! Control characters in those lines (an escape sequence in a data cell) are shown as "�"
//! ([`cleaned`]), never sent to the terminal.
//!
//! Only for drawing a message (codespan-reporting's `Files`); positions are computed by
//! [`crate::source`].

use std::ops::Range;

use codespan_reporting::files::{Error, Files, Location};

use crate::load::printable::cleaned;
use crate::source::{SourceFile, Span};

/// The most characters shown before the caret on a long line, and after it.
const BEFORE: usize = 60;
const AFTER: usize = 160;
const CUT: &str = "…";

/// The lines of a span, each cut to a window, and where each window came from.
pub struct Excerpt<'a> {
    file: &'a SourceFile,
    name: String,
    text: String,
    /// The file's line index of the first line shown.
    first_line: usize,
    /// Per line shown: its range in `text`, the offset in the file of its first byte after the
    /// cut mark, and the length of that mark.
    lines: Vec<(Range<usize>, usize, usize)>,
}

impl<'a> Excerpt<'a> {
    /// The lines of `span`, with `span` moved into the excerpt's text.
    pub fn new(file: &'a SourceFile, span: Span) -> (Self, Range<usize>) {
        let (first, last) = (file.line_index(span.start), file.line_index(span.end));
        let mut text = String::new();
        let mut lines = Vec::new();
        let mut moved = 0..0;
        for line in first..=last {
            let range = file.line_range(line);
            let whole = &file.text[range.clone()];
            let anchor = if line == first {
                span.start - range.start
            } else {
                0
            };
            let (from, to) = window(whole, anchor);
            let start = text.len();
            let mark = if from > 0 { CUT.len() } else { 0 };
            if from > 0 {
                text.push_str(CUT);
            }
            let body = whole.trim_end_matches('\n');
            let body = body.strip_suffix('\r').unwrap_or(body);
            let to = to.min(body.len());
            text.push_str(&cleaned(&body[from..to]));
            if to < body.len() {
                text.push_str(CUT);
            }
            if whole.ends_with('\n') {
                text.push('\n');
            }
            lines.push((start..text.len(), range.start + from, mark));
            // The span's ends, clamped to what this line shows, where they are once cleaned.
            let inside = |at: usize| {
                let at = at.clamp(range.start + from, range.start + to);
                start + mark + cleaned(&whole[from..at - range.start]).len()
            };
            if line == first {
                moved.start = inside(span.start);
            }
            if line == last {
                moved.end = inside(span.end).max(moved.start);
            }
        }
        let excerpt = Excerpt {
            file,
            name: file.name(),
            text,
            first_line: first,
            lines,
        };
        (excerpt, moved)
    }

    fn shown_line(&self, byte: usize) -> usize {
        self.lines
            .iter()
            .position(|(r, ..)| byte < r.end)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }
}

/// The bytes of `line` kept around `anchor`: the whole line when it is short.
fn window(line: &str, anchor: usize) -> (usize, usize) {
    let boundaries: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
    if boundaries.len() <= BEFORE + AFTER + 20 {
        return (0, line.len());
    }
    let at = boundaries.partition_point(|&i| i < anchor);
    let from = at.saturating_sub(BEFORE);
    let to = (at + AFTER).min(boundaries.len());
    let from = if from < 10 { 0 } else { boundaries[from] };
    let to = boundaries.get(to).copied().unwrap_or(line.len());
    (from, to)
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        Ok(self.shown_line(byte_index))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(self.first_line + line_index + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        self.lines
            .get(line_index)
            .map(|(r, ..)| r.clone())
            .ok_or(Error::LineTooLarge {
                given: line_index,
                max: self.lines.len().saturating_sub(1),
            })
    }

    /// The file's own line and column, not the excerpt's.
    fn location(&'a self, (): (), byte_index: usize) -> Result<Location, Error> {
        let (range, origin, mark) = &self.lines[self.shown_line(byte_index)];
        let want = byte_index.saturating_sub(range.start + mark);
        // The first byte of the file's line whose cleaned text before it is as long as `want`.
        let rest = &self.file.text[*origin..];
        let offset = rest
            .char_indices()
            .map(|(i, _)| i)
            .chain([rest.len()])
            .find(|&i| cleaned(&rest[..i]).len() >= want)
            .map_or(*origin, |i| origin + i);
        let p = self.file.position(offset);
        Ok(Location {
            line_number: p.line,
            column_number: p.column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_span_and_keeps_its_column() {
        let line = format!(
            "a: \"{}31/6/2023{}\"\n",
            "x ".repeat(5000),
            "y ".repeat(5000)
        );
        let file = SourceFile::new("p.yaml", format!("k: 1\n{line}"));
        let at = file.text.find("31/6").unwrap();
        let (excerpt, moved) = Excerpt::new(&file, Span::new(at, at + 9));
        assert!(excerpt.text.len() < 600, "{}", excerpt.text.len());
        assert_eq!(&excerpt.text[moved.clone()], "31/6/2023");
        let loc = excerpt.location((), moved.start).unwrap();
        assert_eq!((loc.line_number, loc.column_number), (2, 10_005));
        assert_eq!(excerpt.line_number((), 0).unwrap(), 2);
    }

    #[test]
    fn control_characters_are_shown_as_replacement_and_columns_kept() {
        let file = SourceFile::new("d.csv", "a\r\nXã \u{1b}[31mđỏ\u{85},31/6/2023\r\n".into());
        let at = file.text.find("31/6").unwrap();
        let (excerpt, moved) = Excerpt::new(&file, Span::new(at, at + 9));
        assert_eq!(excerpt.text, "Xã \u{FFFD}[31mđỏ\u{FFFD},31/6/2023\n");
        assert_eq!(&excerpt.text[moved.clone()], "31/6/2023");
        let loc = excerpt.location((), moved.start).unwrap();
        assert_eq!((loc.line_number, loc.column_number), (2, 13));
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let file = SourceFile::new("p.yaml", "k: 1\ndate: 31/6/2023\n".into());
        let at = file.text.find("31/6").unwrap();
        let (excerpt, moved) = Excerpt::new(&file, Span::new(at, at + 9));
        assert_eq!(excerpt.text, "date: 31/6/2023\n");
        assert_eq!(&excerpt.text[moved], "31/6/2023");
    }
}
