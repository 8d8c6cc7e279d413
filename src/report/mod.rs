//! Printing diagnostics: `human` (rustc-like, with the source line and a caret), `json` (an
//! array of objects for tools) and `github` (workflow commands that annotate a pull request).
//!
//! Only presentation: which problems exist is decided by the loader and the checker.

mod github;
mod human;
mod json;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::source::Position;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with the source line and a caret, colour on a terminal.
    #[default]
    Human,
    /// A JSON array: {file, line, column, end_line, end_column, severity, code, message}.
    Json,
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`.
    Github,
}

pub struct Options {
    pub format: Format,
    pub lang: Lang,
    pub color: bool,
}

/// Prints all diagnostics, then (for `human`) a summary of `files` checked.
pub fn print(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    files: usize,
    opts: &Options,
) -> io::Result<()> {
    match opts.format {
        Format::Human => human::print(out, diagnostics, files, opts),
        Format::Json => json::print(out, diagnostics, opts.lang),
        Format::Github => github::print(out, diagnostics, opts.lang),
    }
}

/// The message with its hint, on one line, for formats that have no room for a note.
fn one_line(d: &Diagnostic, lang: Lang) -> String {
    match &d.help {
        Some(h) => match lang {
            Lang::Vi => format!("{} (gợi ý: {})", d.message.get(lang), h.get(lang)),
            Lang::En => format!("{} (help: {})", d.message.get(lang), h.get(lang)),
        },
        None => d.message.get(lang).to_owned(),
    }
}

/// Start and end positions of a diagnostic; the end is just past its last character.
fn range(d: &Diagnostic) -> (Position, Position) {
    (d.file.position(d.span.start), d.file.position(d.span.end))
}
