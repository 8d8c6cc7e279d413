//! `--to typ` writes a source that Typst compiles alone: the folder it is written to holds
//! everything it reads. Compiled here with the embedded compiler as `typst compile --font-path
//! FONTS OUT/plan.typ` would (the folder as its root, the built-in fonts, nothing else), it
//! gives the pages `kehoach build` gives.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// A folder as Typst's command line sees it: the main file and what it reads, from the folder
/// only.
struct Folder {
    root: PathBuf,
    main: FileId,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Folder {
    fn new(root: &Path, main: &str) -> Self {
        let fonts: Vec<Font> = kehoach::fonts::FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Folder {
            root: root.to_path_buf(),
            main: RootedPath::new(
                VirtualRoot::Project,
                VirtualPath::new(format!("/{main}")).unwrap(),
            )
            .intern(),
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let path = id
            .vpath()
            .realize(&self.root)
            .map_err(|_| FileError::AccessDenied)?;
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
}

impl World for Folder {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn svg_pages(document: &PagedDocument) -> Vec<String> {
    let options = typst_svg::SvgOptions::default();
    document
        .pages()
        .iter()
        .map(|p| typst_svg::svg(p, &options))
        .collect()
}

/// The pages kehoach lays out for `plan`, through its own pipeline.
fn kehoach_pages(plan: &Path) -> Vec<String> {
    let loaded = kehoach::pipeline::load(plan).unwrap().unwrap();
    let checked = kehoach::pipeline::check(loaded, &Default::default());
    let doc = kehoach::pipeline::enrich(&checked);
    let templates = kehoach::render::typst::Templates::built_in().unwrap();
    let source = kehoach::render::typst::source(&doc, &templates).unwrap();
    kehoach::render::typst::pages(source, &doc, &templates, "test")
        .unwrap()
        .svg
}

#[test]
fn the_typ_output_compiles_alone_to_the_pages_of_the_build() {
    let plans = [
        root().join("plans/135-kh-bcd-can-gio.yaml"),
        fixture("build/chart.yaml"),
    ];
    let out = tempfile::tempdir().unwrap();
    for plan in &plans {
        let o = kehoach(&[
            "build",
            plan.to_str().unwrap(),
            "--to",
            "typ",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_ok(&o);
    }
    for plan in &plans {
        let stem = plan.file_stem().unwrap().to_str().unwrap();
        let world = Folder::new(out.path(), &format!("{stem}.typ"));
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .unwrap_or_else(|e| panic!("{stem}.typ does not compile alone: {e:?}"));
        let alone = svg_pages(&document);
        let built = kehoach_pages(plan);
        assert_eq!(alone.len(), built.len(), "{stem}: page count");
        assert!(alone == built, "{stem}: the pages differ from the build's");
    }
    // What the sources read is written once, beside them, and nothing from elsewhere is needed.
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "135-kh-bcd-can-gio.typ",
            "chart.typ",
            "layout.json",
            "nd30.typ"
        ]
    );
}
