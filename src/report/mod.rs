//! Printing diagnostics: `human` (rustc-like, with the source line and a caret), `json` (an
//! array of objects for tools), `github` (workflow commands that annotate a pull request) and
//! `sarif` (SARIF 2.1.0 for code scanning).
//!
//! Only presentation: which problems exist is decided by the loader and the checker.

mod excerpt;
mod github;
mod human;
pub mod json;
mod sarif;

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
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

pub struct Options {
    pub format: Format,
    pub lang: Lang,
    pub color: bool,
}

/// The most problems printed for one file by `human` and `github`; the rest are counted.
/// (`json` gives them all, for tools.)
pub const MAX_PER_FILE: usize = 200;

/// Prints all diagnostics, then (for `human`) a summary of `files` checked.
pub fn print(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    files: usize,
    opts: &Options,
) -> io::Result<()> {
    match opts.format {
        Format::Json => return json::print(out, diagnostics, opts.lang),
        Format::Sarif => return sarif::print(out, diagnostics, opts.lang),
        _ => {}
    }
    // Diagnostics come sorted by file: print each file's first MAX_PER_FILE.
    let mut start = 0;
    while start < diagnostics.len() {
        let file = &diagnostics[start].file;
        let end = diagnostics[start..]
            .iter()
            .position(|d| !std::sync::Arc::ptr_eq(&d.file, file) && d.file.path != file.path)
            .map_or(diagnostics.len(), |n| start + n);
        let shown = &diagnostics[start..end.min(start + MAX_PER_FILE)];
        match opts.format {
            Format::Github => github::print(out, shown, opts.lang)?,
            _ => human::print_each(out, shown, opts)?,
        }
        let more = end - start - shown.len();
        if more > 0 {
            let name = file.name();
            match opts.lang {
                Lang::Vi => writeln!(
                    out,
                    "… và {more} vấn đề khác trong {name} (chỉ in {MAX_PER_FILE} vấn đề đầu; `--format json` in tất cả)"
                )?,
                Lang::En => writeln!(
                    out,
                    "… and {more} more in {name} (only the first {MAX_PER_FILE} are printed; `--format json` gives all)"
                )?,
            }
        }
        start = end;
    }
    if opts.format == Format::Human {
        human::summary(out, diagnostics, files, opts)?;
    }
    Ok(())
}

/// The most warnings `build` prints under a plan's line; past that it counts them.
pub const MAX_BRIEF: usize = 5;

/// A built plan's warnings under its line: each as `check` prints it, or, when there are
/// more than [`MAX_BRIEF`], how many and the command that shows them.
pub fn print_brief(
    out: &mut dyn Write,
    warnings: &[Diagnostic],
    plan: &std::path::Path,
    opts: &Options,
) -> io::Result<()> {
    if warnings.len() <= MAX_BRIEF {
        return human::print_each(out, warnings, opts);
    }
    let (n, p) = (warnings.len(), plan.display());
    match opts.lang {
        Lang::Vi => writeln!(out, "  {n} cảnh báo; xem bằng `kehoach check {p}`"),
        Lang::En => writeln!(out, "  {n} warnings; see them with `kehoach check {p}`"),
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
