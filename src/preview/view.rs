//! One plan as the preview shows it, rebuilt in memory on each save: its pages (SVG from the
//! same compiled document as the PDF), where each text on them is written, its problems as
//! `check` prints them, and its PDF, DOCX and appendix workbook for download. A plan that
//! breaks keeps its last good pages and files.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::pipeline;
use crate::render::typst::{Anchor, Templates};
use crate::render::{Docx, Renderer};
use crate::report;

/// A plan in the preview.
pub struct PlanView {
    pub path: PathBuf,
    /// The file's stem, the downloads' name.
    pub stem: String,
    pub subject: String,
    pub kind: String,
    pub errors: usize,
    pub warnings: usize,
    /// The problems as `check` prints them (file:line:column, the line, what to write).
    pub problems: String,
    /// The last good pages (SVG), their sizes in points and where their texts are written.
    pub pages: Vec<String>,
    pub sizes: Vec<(f64, f64)>,
    pub anchors: Vec<Anchor>,
    pub pdf: Option<Vec<u8>>,
    pub docx: Option<Vec<u8>>,
    pub xlsx: Option<Vec<u8>>,
    /// When it was last built, "14:05:09".
    pub built: String,
    /// Counts rebuilds: a page asks for the content again when it changes.
    pub version: u64,
}

impl PlanView {
    pub fn new(path: &Path) -> PlanView {
        PlanView {
            path: path.to_path_buf(),
            stem: path
                .file_stem()
                .map_or_else(|| "ke-hoach".into(), |s| s.to_string_lossy().into_owned()),
            subject: String::new(),
            kind: String::new(),
            errors: 0,
            warnings: 0,
            problems: String::new(),
            pages: Vec::new(),
            sizes: Vec::new(),
            anchors: Vec::new(),
            pdf: None,
            docx: None,
            xlsx: None,
            built: String::new(),
            version: 0,
        }
    }

    /// Reads, checks and renders the plan again.
    pub fn rebuild(&mut self, templates: &Templates, lang: Lang) {
        self.version += 1;
        self.built = chrono::Local::now().format("%H:%M:%S").to_string();
        // The plan's problems, and a failure that is not one of them (reading, rendering).
        let (problems, failure) = match pipeline::load(&self.path) {
            Err(e) => (Vec::new(), Some(format!("{}: {e}", self.path.display()))),
            Ok(Err(problems)) => (problems, None),
            Ok(Ok(loaded)) => {
                self.subject = loaded.plan.subject.value.clone();
                self.kind = loaded.plan.kind.value.0.clone();
                let checked = pipeline::check(loaded, &Default::default());
                let failure = if checked.has_errors() {
                    None
                } else {
                    self.render(&checked, templates).err()
                };
                (checked.problems, failure)
            }
        };
        self.set_problems(&problems, lang);
        if let Some(failure) = failure {
            self.problems.push_str(&failure);
            self.errors += 1;
        }
    }

    fn set_problems(&mut self, problems: &[Diagnostic], lang: Lang) {
        self.errors = problems.iter().filter(|d| d.is_error()).count();
        self.warnings = problems.len() - self.errors;
        let mut out = Vec::new();
        if !problems.is_empty() {
            let opts = report::Options {
                format: report::Format::Human,
                lang,
                color: false,
            };
            let _ = report::print(&mut out, problems, 1, &opts);
        }
        self.problems = String::from_utf8_lossy(&out).into_owned();
    }

    /// The pages, the PDF, the DOCX and the workbook of a plan without errors.
    fn render(&mut self, checked: &pipeline::Checked, templates: &Templates) -> Result<(), String> {
        let doc = pipeline::enrich(checked);
        let source = crate::render::typst::source(&doc, templates).map_err(|e| e.to_string())?;
        let pages = crate::render::typst::pages(source, &doc, templates, &self.stem)
            .map_err(|e| e.to_string())?;
        let docx = Docx.render(&doc, &self.stem).map_err(|e| e.to_string())?;
        self.xlsx = match checked.tables.first() {
            Some(first) => crate::appendix::export::xlsx(&checked.tables, first.as_of).ok(),
            None => None,
        };
        self.pages = pages.svg;
        self.sizes = pages.sizes;
        self.anchors = pages.anchors;
        self.pdf = Some(pages.pdf);
        self.docx = Some(docx);
        Ok(())
    }
}
