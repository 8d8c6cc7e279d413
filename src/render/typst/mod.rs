//! Typst: the render model → Typst source (through the Tera template of the document's kind)
//! → PDF, compiled in-process by the embedded Typst compiler in a sandbox ([`world`]).

mod escape;
mod world;

use std::path::{Path, PathBuf};

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::{RenderError, template_error};
use crate::enrich::Document;
pub use escape::{escape, string_literal};
use world::{SandboxWorld, TemplateFiles};

/// The templates built into the binary (`templates/typst/`).
pub static BUILT_IN: &[(&str, &str)] = &[
    (
        "ke-hoach.typ.tera",
        include_str!("../../../templates/typst/ke-hoach.typ.tera"),
    ),
    (
        "chi-thi.typ.tera",
        include_str!("../../../templates/typst/chi-thi.typ.tera"),
    ),
    (
        "bao-cao.typ.tera",
        include_str!("../../../templates/typst/bao-cao.typ.tera"),
    ),
    (
        "parts.typ.tera",
        include_str!("../../../templates/typst/parts.typ.tera"),
    ),
    (
        "nd30.typ",
        include_str!("../../../templates/typst/nd30.typ"),
    ),
    ("layout.json", crate::enrich::measures::LAYOUT_JSON),
];

/// A set of templates: the built-in ones, or a folder of the user's with the same names.
pub struct Templates {
    /// Parsed on first use: a run that builds nothing (everything unchanged) never parses them.
    tera: std::sync::OnceLock<tera::Tera>,
    folder: Option<PathBuf>,
    /// Each template file's name and the hash of its contents: a changed template rebuilds
    /// what it made.
    identity: Vec<(String, String)>,
}

impl Templates {
    pub fn built_in() -> Result<Self, RenderError> {
        Ok(Templates {
            tera: std::sync::OnceLock::new(),
            folder: None,
            identity: BUILT_IN
                .iter()
                .map(|(n, t)| (n.to_string(), crate::manifest::hash(&[t.as_bytes()])))
                .collect(),
        })
    }

    /// The templates of `dir`: every `*.tera` file in it, and its other files for Typst to
    /// import (`nd30.typ`), none from outside it.
    pub fn from_folder(dir: &Path) -> Result<Self, RenderError> {
        let root = dir
            .canonicalize()
            .map_err(|e| RenderError::Templates(format!("{}: {e}", dir.display())))?;
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&root)
            .map_err(|e| RenderError::Templates(format!("{}: {e}", dir.display())))?
        {
            let path = entry
                .map_err(|e| RenderError::Templates(e.to_string()))?
                .path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            // A link that leads out of the folder is not a template of the folder.
            let inside = path
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&root) && real.is_file());
            if name.ends_with(".tera") && !inside {
                return Err(RenderError::Templates(format!(
                    "{name}: tệp mẫu trỏ ra ngoài thư mục mẫu / the template leads out of the templates folder"
                )));
            }
            if name.ends_with(".tera") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| RenderError::Templates(format!("{}: {e}", path.display())))?;
                files.push((name, text));
            }
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        // Every file of the folder counts (nd30.typ too), by name and contents.
        let mut identity: Vec<(String, String)> = std::fs::read_dir(&root)
            .map_err(|e| RenderError::Templates(format!("{}: {e}", dir.display())))?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                let name = e.file_name().to_string_lossy().into_owned();
                (name, crate::manifest::hash(&[&bytes]))
            })
            .collect();
        identity.sort();
        // A folder's templates are parsed at once, so a mistake in one is told before any build.
        Ok(Templates {
            tera: std::sync::OnceLock::from(tera_with(refs)?),
            folder: Some(root),
            identity,
        })
    }

    /// The hash of the templates a document of `kind` is made with: all of them but the
    /// other kinds' own (`chi-thi.typ.tera` does not make a Kế hoạch).
    pub fn identity_for(&self, kind: &str) -> String {
        let others: Vec<String> = crate::plan::Kind::names()
            .filter(|k| *k != kind)
            .map(|k| format!("{k}.typ.tera"))
            .collect();
        let parts: Vec<&[u8]> = self
            .identity
            .iter()
            .filter(|(name, _)| !others.contains(name))
            .flat_map(|(n, h)| [n.as_bytes(), h.as_bytes()])
            .collect();
        crate::manifest::hash(&parts)
    }

    /// What the generated source reads besides itself, by path relative to it: `nd30.typ`
    /// and `layout.json` (a templates folder's every file but its `*.tera`, links out of it
    /// left out). Written beside a `.typ` output, so that `typst compile` of it alone gives
    /// the pages `kehoach build` gives.
    pub fn support_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = match &self.folder {
            None => BUILT_IN
                .iter()
                .filter(|(n, _)| !n.ends_with(".tera"))
                .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
                .collect(),
            Some(root) => walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_name().to_string_lossy().ends_with(".tera"))
                .filter(|e| {
                    e.path()
                        .canonicalize()
                        .is_ok_and(|real| real.starts_with(root) && real.is_file())
                })
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(root).ok()?;
                    let bytes = std::fs::read(e.path()).ok()?;
                    Some((rel.to_string_lossy().replace('\\', "/"), bytes))
                })
                .collect(),
        };
        // The world gives the built-in measures whatever the folder holds (see `world`).
        files.retain(|(n, _)| n != "layout.json");
        files.push((
            "layout.json".into(),
            crate::enrich::measures::LAYOUT_JSON.as_bytes().to_vec(),
        ));
        files
    }

    /// The Tera templates, parsed (the built-in ones on first use; they are tested to parse).
    fn tera(&self) -> &tera::Tera {
        self.tera.get_or_init(|| {
            let files: Vec<(&str, &str)> = BUILT_IN
                .iter()
                .filter(|(n, _)| n.ends_with(".tera"))
                .copied()
                .collect();
            tera_with(files).expect("the built-in templates parse")
        })
    }

    /// Does now what the first document would: parses the templates, builds the compiler's
    /// library and reads the fonts (a build warms these on another core while it checks).
    pub fn prepare(&self) {
        self.prepare_source();
        world::prepare();
    }

    /// Parses the templates now (all a `.typ` output needs).
    pub fn prepare_source(&self) {
        self.tera();
    }

    fn files(&self) -> TemplateFiles {
        match &self.folder {
            Some(root) => TemplateFiles::Folder(root.clone()),
            None => TemplateFiles::BuiltIn(BUILT_IN),
        }
    }
}

/// Tera's functions that reach outside the render model (the environment, the clock,
/// randomness), replaced by ones that refuse: a template sees the plan and nothing else.
const REFUSED_FUNCTIONS: [&str; 3] = ["get_env", "now", "get_random"];

fn tera_with(files: Vec<(&str, &str)>) -> Result<tera::Tera, RenderError> {
    let mut tera = tera::Tera::default();
    for name in REFUSED_FUNCTIONS {
        tera.register_function(
            name,
            move |_: &std::collections::HashMap<String, tera::Value>| {
                Err(tera::Error::msg(format!(
                    "`{name}` không dùng được trong mẫu / is not available in templates"
                )))
            },
        );
    }
    tera.autoescape_on(vec![".typ.tera"]);
    tera.set_escape_fn(escape);
    tera.register_filter(
        "str",
        |v: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
            let s = match v {
                tera::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Ok(tera::Value::String(string_literal(&s)))
        },
    );
    tera.add_raw_templates(files)
        .map_err(|e| RenderError::Template(template_error(&e)))?;
    Ok(tera)
}

/// The Typst source of a document.
pub fn source(doc: &Document, templates: &Templates) -> Result<String, RenderError> {
    let mut ctx = tera::Context::new();
    ctx.insert("doc", doc);
    let name = format!("{}.typ.tera", doc.kind);
    templates.tera().render(&name, &ctx).map_err(|e| {
        RenderError::Template(format!("templates/typst/{name}: {}", template_error(&e)))
    })
}

/// Compiles Typst source to a PDF/A-2b, dated by the document's own date (never the clock), so
/// the same plan gives the same bytes.
pub fn pdf(
    source: String,
    doc: &Document,
    templates: &Templates,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    // The compiler memoises what it lays out; a batch of distinct plans would keep every one of
    // them. Keep only what the last few compilations used, so memory stays flat (done before
    // compiling rather than after, so a build of one plan does not wait for it).
    typst::comemo::evict(EVICT_AFTER);
    let world = SandboxWorld::new(source, templates.files());
    let document = compile(&world);
    document.and_then(|d| export_pdf(&world, &d, doc, ident))
}

/// What the live preview shows of a document, from one compilation: the PDF, each page as SVG,
/// and where on the pages each text written in the plan begins.
pub struct Pages {
    pub pdf: Vec<u8>,
    pub svg: Vec<String>,
    /// Each page's width and height in points.
    pub sizes: Vec<(f64, f64)>,
    pub anchors: Vec<Anchor>,
}

/// The start of a text on a page (points from the page's top left) and where it is written
/// ("plans/x.yaml:12"), from the invisible `source` marks of `nd30.typ`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Anchor {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub source: String,
}

/// The PDF and the pages of the same compiled document (not a second layout).
pub fn pages(
    source: String,
    doc: &Document,
    templates: &Templates,
    ident: &str,
) -> Result<Pages, RenderError> {
    let world = SandboxWorld::new(source, templates.files());
    let result = compile(&world).and_then(|document| {
        let pdf = export_pdf(&world, &document, doc, ident)?;
        let options = typst_svg::SvgOptions::default();
        let svg = document
            .pages()
            .iter()
            .map(|p| typst_svg::svg(p, &options))
            .collect();
        let sizes = document
            .pages()
            .iter()
            .map(|p| (p.frame.width().to_pt(), p.frame.height().to_pt()))
            .collect();
        Ok(Pages {
            pdf,
            svg,
            sizes,
            anchors: anchors(&document),
        })
    });
    typst::comemo::evict(EVICT_AFTER);
    result
}

fn compile(world: &SandboxWorld) -> Result<PagedDocument, RenderError> {
    typst::compile::<PagedDocument>(world)
        .output
        .map_err(|errors| RenderError::Compile(describe(world, &errors)))
}

fn export_pdf(
    world: &SandboxWorld,
    document: &PagedDocument,
    doc: &Document,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let date = Datetime::from_ymd(doc.meta.year, doc.meta.month as u8, doc.meta.day as u8);
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some("kehoach".into())),
        timestamp: date.map(Timestamp::new_utc),
        standards: PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| RenderError::Output(format!("{e:?}")))?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map_err(|errors| RenderError::Compile(describe(world, &errors)))
}

/// Every `<kh-source>` mark of the document, with its page and point.
fn anchors(document: &PagedDocument) -> Vec<Anchor> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::{Introspector, MetadataElem};
    let introspector: &dyn Introspector = document.introspector().as_ref();
    let Some(label) = Label::new(typst::utils::PicoStr::intern("kh-source")) else {
        return Vec::new();
    };
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|elem| {
            let Value::Str(source) = &elem.to_packed::<MetadataElem>()?.value else {
                return None;
            };
            let position = introspector.position(elem.location()?)?.as_paged()?;
            Some(Anchor {
                page: position.page.get(),
                x: position.point.x.to_pt(),
                y: position.point.y.to_pt(),
                source: source.to_string(),
            })
        })
        .collect()
}

/// How many compilations an unused memoised result survives (typst-cli's watch keeps 10).
const EVICT_AFTER: usize = 2;

/// Compiler errors with the file and line they point at (the generated main file, or a
/// template file such as nd30.typ).
fn describe(world: &SandboxWorld, errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .map(|e| {
            let place = e.span.id().and_then(|id| {
                let range = world.range(e.span)?;
                let text = world.text_of(id)?;
                let line = text[..range.start.min(text.len())].matches('\n').count() + 1;
                let file = if world.is_main(id) {
                    "main.typ (generated; see it with --to typ)".to_owned()
                } else {
                    format!("templates/typst/{}", id.vpath().get_without_slash())
                };
                Some(format!("{file}:{line}"))
            });
            match place {
                Some(p) => format!("{p}: {}", e.message),
                None => e.message.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
