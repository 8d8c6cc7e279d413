//! `--format github`: workflow commands that GitHub Actions shows on the pull request's lines.

use std::io::{self, Write};

use super::{one_line, range};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

fn escape_data(s: &str) -> String {
    crate::load::printable::cleaned(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn print(out: &mut dyn Write, diagnostics: &[Diagnostic], lang: Lang) -> io::Result<()> {
    for d in diagnostics {
        let (start, end) = range(d);
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            d.severity.as_str(),
            escape_property(&d.file.name()),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.code.as_str()),
            escape_data(&one_line(d, lang)),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn newlines_and_separators_are_escaped() {
        assert_eq!(super::escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(super::escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
