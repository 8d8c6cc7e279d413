//! Render: the render model ([`crate::enrich::Document`]) → the files that get signed. Each
//! output format is a [`Renderer`]; none computes a figure, all read the same model.

pub use docx::Docx;

pub mod docx;
pub mod typst;

use crate::enrich::Document;

/// A problem while rendering, with the file and line it names.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A folder of templates (`--templates DIR`) that cannot be used.
    #[error("{0}")]
    Templates(String),
    /// A Tera template that does not parse or render.
    #[error("{0}")]
    Template(String),
    /// The Typst compiler's errors, with their template file and line.
    #[error("{0}")]
    Compile(String),
    /// Writing the PDF or packing the DOCX.
    #[error("{0}")]
    Output(String),
}

/// A Tera error with its causes, which name the template and the line.
pub(crate) fn template_error(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// One output format.
pub trait Renderer: Sync {
    /// The file extension it writes, also its name in `--to`.
    fn extension(&self) -> &'static str;
    /// The bytes of the file for `doc`; `ident` names the document stably (its file stem).
    fn render(&self, doc: &Document, ident: &str) -> Result<Vec<u8>, RenderError>;
}

/// The generated Typst source (`--to typ`), for whoever wants to adjust it by hand.
pub struct TypstSource<'a>(pub &'a typst::Templates);

/// The PDF, compiled by the embedded Typst compiler (`--to pdf`).
pub struct Pdf<'a>(pub &'a typst::Templates);

impl Renderer for TypstSource<'_> {
    fn extension(&self) -> &'static str {
        "typ"
    }

    fn render(&self, doc: &Document, _: &str) -> Result<Vec<u8>, RenderError> {
        typst::source(doc, self.0).map(String::into_bytes)
    }
}

impl Renderer for Pdf<'_> {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, doc: &Document, ident: &str) -> Result<Vec<u8>, RenderError> {
        let source = typst::source(doc, self.0)?;
        typst::pdf(source, doc, self.0, ident)
    }
}
