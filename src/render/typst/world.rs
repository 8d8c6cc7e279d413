//! The Typst compiler's view of the world, as a sandbox: the generated main source, the
//! template folder (built in, or the user's `--templates DIR`), the built-in fonts. Nothing
//! else: no packages, no system fonts, no clock, no file outside the template folder (links
//! are resolved before a read is allowed).

use std::path::PathBuf;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = crate::fonts::FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Builds the library and reads the fonts now rather than at the first compilation.
pub fn prepare() {
    LazyLock::force(&LIBRARY);
    LazyLock::force(&FONTS);
}

/// Where template files come from.
pub enum TemplateFiles {
    /// The templates built into the binary, by name.
    BuiltIn(&'static [(&'static str, &'static str)]),
    /// A folder of the user's (canonical path).
    Folder(PathBuf),
}

pub struct SandboxWorld {
    main: FileId,
    source: Source,
    files: TemplateFiles,
}

impl SandboxWorld {
    /// A world whose main file `/main.typ` holds `text`.
    pub fn new(text: String, files: TemplateFiles) -> Self {
        let main = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("/main.typ").expect("a plain path"),
        )
        .intern();
        SandboxWorld {
            main,
            source: Source::new(main, text),
            files,
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some("packages are not available".into())));
        }
        let name = id.vpath().get_without_slash().to_owned();
        // The measures are the DOCX's too: a templates folder cannot change them for one file.
        if name == "layout.json" {
            return Ok(Bytes::from_string(crate::enrich::measures::LAYOUT_JSON));
        }
        match &self.files {
            TemplateFiles::BuiltIn(files) => files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| Bytes::from_string(*text))
                .ok_or_else(|| FileError::NotFound(PathBuf::from(&name))),
            TemplateFiles::Folder(root) => {
                let path = id
                    .vpath()
                    .realize(root)
                    .map_err(|_| FileError::AccessDenied)?;
                let real = path
                    .canonicalize()
                    .map_err(|_| FileError::NotFound(path.clone()))?;
                if !real.starts_with(root) {
                    return Err(FileError::AccessDenied);
                }
                std::fs::read(&real)
                    .map(Bytes::new)
                    .map_err(|e| FileError::from_io(e, &real))
            }
        }
    }

    /// The text of a file the compiler read, for messages.
    pub fn text_of(&self, id: FileId) -> Option<String> {
        if id == self.main {
            return Some(self.source.text().to_owned());
        }
        self.read(id)
            .ok()
            .and_then(|b| std::str::from_utf8(&b).ok().map(str::to_owned))
    }

    pub fn is_main(&self, id: FileId) -> bool {
        id == self.main
    }
}

impl World for SandboxWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.source.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.text().to_owned()));
        }
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    /// No clock: the same plan gives the same document on any day.
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}
