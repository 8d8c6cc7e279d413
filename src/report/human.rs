//! `--format human`: rustc-like messages drawn by codespan-reporting, then a summary line.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::term::termcolor::Ansi;
use codespan_reporting::term::{self, Config, Styles, StylesWriter};

use super::Options;
use super::excerpt::Excerpt;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::load::printable::cleaned;

/// Each diagnostic with its source line and a caret.
pub fn print_each(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    opts: &Options,
) -> io::Result<()> {
    let styles = Styles::default();
    let config = Config::default();
    for d in diagnostics {
        let (file, span) = Excerpt::new(&d.file, d.span);
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let mut report = Report::new(level)
            .with_code(d.code.as_str())
            .with_message(cleaned(d.message.get(opts.lang)))
            .with_labels(vec![Label::primary((), span)]);
        if let Some(help) = &d.help {
            let word = match opts.lang {
                Lang::Vi => "gợi ý",
                Lang::En => "help",
            };
            let help = cleaned(help.get(opts.lang));
            report = report.with_notes(vec![format!("{word}: {help}")]);
        }
        let emitted = if opts.color {
            let mut colored = StylesWriter::new(Ansi::new(&mut *out), &styles);
            term::emit_to_write_style(&mut colored, &config, &file, &report)
        } else {
            term::emit_to_io_write(&mut *out, &config, &file, &report)
        };
        emitted.map_err(|e| io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// "Đã kiểm tra 3 tệp: 1 lỗi, 0 cảnh báo."
pub fn summary(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    files: usize,
    opts: &Options,
) -> io::Result<()> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let line = match opts.lang {
        Lang::Vi => format!("Đã kiểm tra {files} tệp: {errors} lỗi, {warnings} cảnh báo."),
        Lang::En => format!(
            "Checked {files} file{}: {errors} error{}, {warnings} warning{}.",
            plural(files),
            plural(errors),
            plural(warnings)
        ),
    };
    writeln!(out, "{line}")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
