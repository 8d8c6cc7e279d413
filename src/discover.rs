//! Finding plan files: every `*.yaml` / `*.yml` under the folders given (default `plans/`),
//! in a stable order, plus any file named directly.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// The folder searched when no path is given.
pub const DEFAULT_DIR: &str = "plans";

fn is_plan(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The plan files named by `paths` (files as they are, folders searched), sorted within each
/// folder. A path that does not exist is an error.
pub fn plan_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let default = [PathBuf::from(DEFAULT_DIR)];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = WalkDir::new(path)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_plan(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}
