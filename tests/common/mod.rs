//! Running the real `kehoach` binary in tests.
#![allow(dead_code)]

pub mod browser;
pub mod running;
pub mod word;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The shared folder beside the repository (the format sketch and reference documents).
pub fn shared(rel: &str) -> PathBuf {
    let p = root().join("../shared").join(rel);
    assert!(
        p.exists(),
        "{} is missing: CI clones the repo with shared/ beside it",
        p.display()
    );
    p
}

pub fn kehoach_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

pub fn kehoach(args: &[&str]) -> Output {
    kehoach_in(&root(), args)
}

/// Rewrites the file at `path` with `from` replaced by `to`, as a user edits a copy of a
/// fixture; `from` must be there.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// `kehoach check --format json ARGS…`: (exit status, [(file name, line, column, code)]).
pub fn check_json(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = kehoach(&all);
    let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "json output: {e}\n{}\n{}",
            stdout(&o),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (code(&o), v)
}

/// The (file name, line, column, code) of each diagnostic.
pub fn places(diags: &[serde_json::Value]) -> Vec<(String, u64, u64, String)> {
    diags
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let name = Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// An expected (file name, line, column, code), as [`places`] gives them.
pub fn p(name: &str, line: u64, col: u64, code: &str) -> (String, u64, u64, String) {
    (name.to_owned(), line, col, code.to_owned())
}

/// `kehoach build --to TO --out OUT ARGS…`.
pub fn build_to(out: &Path, to: &str, args: &[&str]) -> Output {
    let mut all = vec!["build", "--to", to, "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    kehoach(&all)
}

/// Fails, with what the command printed, unless it exited 0.
pub fn assert_ok(o: &Output) {
    assert_eq!(
        code(o),
        0,
        "{}{}",
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// LibreOffice's command, or None (said loudly: the test that needs it is skipped) when it is
/// not installed. `.ci/run` installs it.
pub fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!("\n*** SKIPPED: LibreOffice (soffice) is not installed; no DOCX was opened. ***");
        eprintln!("*** Install Debian's libreoffice-writer-nogui (.ci/run does) to run it. ***\n");
    }
    found
}

/// Each of `docx` converted to PDF by LibreOffice into `out`, in one run of LibreOffice with a
/// profile of its own (two tests at once would otherwise share, and lock, one profile).
pub fn libreoffice_pdfs(soffice: &str, docx: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(docx)
        .output()
        .unwrap();
    docx.iter()
        .map(|d| {
            let pdf = out.join(d.with_extension("pdf").file_name().unwrap());
            assert!(
                o.status.success() && pdf.exists(),
                "LibreOffice could not convert {}: {}",
                d.display(),
                String::from_utf8_lossy(&o.stderr)
            );
            pdf
        })
        .collect()
}

/// The text of each page of a PDF, as a reader reads it (no-break spaces as spaces).
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(&std::fs::read(pdf).unwrap())
        .unwrap()
        .into_iter()
        .map(|p| p.replace('\u{a0}', " "))
        .collect()
}

/// A part of a DOCX (a zip entry) as text.
pub fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text of document.xml: runs joined, paragraphs and cells apart.
pub fn docx_text(docx: &Path) -> String {
    let xml = part(docx, "word/document.xml")
        .replace("</w:p>", "\n")
        .replace("<w:tab/>", " ")
        // Word's non-breaking hyphen is typed and searched as a hyphen.
        .replace("<w:noBreakHyphen/>", "<w:t>-</w:t>");
    let re = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|\n").unwrap();
    let text: String = re
        .captures_iter(&xml)
        .map(|c| c.get(1).map_or("\n", |m| m.as_str()).to_owned())
        .collect();
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// `kehoach agenda PLAN --format json`, read.
pub fn agenda_json(plan: &Path) -> Vec<serde_json::Value> {
    let o = kehoach(&["agenda", plan.to_str().unwrap(), "--format", "json"]);
    assert_ok(&o);
    serde_json::from_slice(&o.stdout).unwrap()
}

/// A text with its runs of whitespace made one space: a PDF's text keeps the gaps it was set
/// with ("I.  CÔNG TÁC").
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fails unless every one of `wanted` is in `text` (whitespace collapsed), in this order.
pub fn in_order(text: &str, wanted: &[&str]) {
    let text = collapse(text);
    let mut from = 0;
    for w in wanted {
        match text[from..].find(w) {
            Some(i) => from += i + w.len(),
            None => panic!("{w:?} missing or out of order in: {text}"),
        }
    }
}
