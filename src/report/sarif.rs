//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other tools that show results
//! on the lines of a pull request. One rule per diagnostic code (its summary as help), one
//! result per problem with its file, line and column (columns in characters, as the run says).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::range;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::lang::Lang;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rules(lang: Lang) -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|c| {
            let summary = c.summary();
            json!({
                "id": c.as_str(),
                "shortDescription": { "text": summary.get(lang) },
                "fullDescription": { "text": summary.get(lang) },
                "help": { "text": format!("{} (docs/check-rules.md, `{}`)", summary.get(lang), c.as_str()) },
                "defaultConfiguration": { "level": level(c.severity()) },
            })
        })
        .collect()
}

pub fn print(out: &mut dyn Write, diagnostics: &[Diagnostic], lang: Lang) -> io::Result<()> {
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let (start, end) = range(d);
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut text = d.message.get(lang).to_owned();
            if let Some(h) = &d.help {
                text.push_str(&format!(" ({})", h.get(lang)));
            }
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": crate::source::uri_path(&d.file.name()) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
                        },
                    },
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kehoach",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules(lang),
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
