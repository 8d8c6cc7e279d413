//! `--format json`: one array of objects, lines and columns 1-based, columns in characters.

use std::io::{self, Write};

use serde_json::json;

use super::{one_line, range};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

pub fn print(out: &mut dyn Write, diagnostics: &[Diagnostic], lang: Lang) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &values(diagnostics, lang))?;
    writeln!(out)
}

/// The diagnostics as `check --format json` gives them (the browser editor reads the same).
pub fn values(diagnostics: &[Diagnostic], lang: Lang) -> Vec<serde_json::Value> {
    diagnostics
        .iter()
        .map(|d| {
            let (start, end) = range(d);
            json!({
                "file": d.file.name(),
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "severity": d.severity.as_str(),
                "code": d.code.as_str(),
                "message": one_line(d, lang),
            })
        })
        .collect()
}
