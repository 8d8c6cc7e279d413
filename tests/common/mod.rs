//! Running the real `kehoach` binary in tests.
#![allow(dead_code)]

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
