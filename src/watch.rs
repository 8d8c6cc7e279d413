//! Watching plans for saves (`kehoach watch`, `kehoach preview`): file-system events from the
//! `notify` crate on the folders of the plans (and of a templates folder), gathered until the
//! writing stops (editors save in several steps: a temporary file, a rename), then told as one
//! batch of changed files; and which plans a batch touches — a plan, its data files, the plans
//! it takes totals from and theirs, or, for a template, every plan.
//!
//! Not here: building (`cli::build`, `pipeline`), serving pages (`preview`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// How long the writing must have stopped before a batch is told: short enough that a save is
/// shown within two seconds, long enough to see an editor's save as one change.
const QUIET: Duration = Duration::from_millis(250);

/// Changes under the watched folders.
pub struct Changes {
    events: Receiver<notify::Result<notify::Event>>,
    _watcher: notify::RecommendedWatcher,
}

impl Changes {
    /// Watches `paths` (plan files or folders; a file's folder is watched) and `templates`.
    pub fn watch(paths: &[PathBuf], templates: Option<&Path>) -> notify::Result<Changes> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        let mut folders: Vec<PathBuf> = paths
            .iter()
            .chain(templates.map(Path::to_path_buf).as_ref())
            // What is not there is not watched (a missing plan is `build`'s to report), and
            // never its parent in its stead.
            .filter(|p| p.exists())
            .map(|p| {
                if p.is_dir() {
                    p.clone()
                } else {
                    p.parent()
                        .filter(|d| !d.as_os_str().is_empty())
                        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                }
            })
            .collect();
        folders.sort();
        folders.dedup();
        for folder in &folders {
            watcher.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(Changes {
            events,
            _watcher: watcher,
        })
    }

    /// The next batch of changed files (canonical where they still exist), once the writing
    /// has stopped; None when `stop` is set (looked at a few times a second).
    pub fn next(&self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            let wait = if changed.is_empty() {
                Duration::from_millis(200)
            } else {
                QUIET
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) if !event.kind.is_access() => {
                    changed.extend(event.paths.into_iter().filter(|p| !is_output(p)));
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) if !changed.is_empty() => break,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let mut files: Vec<PathBuf> = changed
            .into_iter()
            .map(|p| p.canonicalize().unwrap_or(p))
            .collect();
        files.sort();
        files.dedup();
        Some(files)
    }
}

/// What kehoach writes itself (so writing an output does not start another build).
fn is_output(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".tmp")
        || name.starts_with(".kehoach")
        || matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("pdf" | "docx" | "typ")
        )
}

/// The files `plan` is made from: itself, its data files, the plans it takes totals from and
/// their data files (canonical, those that exist).
pub fn inputs(plan: &Path) -> Vec<PathBuf> {
    let mut files = vec![plan.to_path_buf()];
    if let Ok(Ok(file)) = crate::load::read_source(plan)
        && let Ok(loaded) = crate::load::parse(file)
    {
        let base = plan.parent().unwrap_or(Path::new("."));
        files.extend(loaded.plan.data_files().map(|name| base.join(name)));
        files.extend(crate::cascade::ancestor_files(&loaded));
    }
    files
        .into_iter()
        .filter_map(|f| f.canonicalize().ok())
        .collect()
}

/// Whether a batch of `changed` files touches `plan`: one of its inputs changed, a template
/// (anything under `templates`) changed, or the plan is new or gone.
pub fn touches(plan: &Path, changed: &[PathBuf], templates: Option<&Path>) -> bool {
    let templates = templates.and_then(|t| t.canonicalize().ok());
    if templates.is_some_and(|t| changed.iter().any(|c| c.starts_with(&t))) {
        return true;
    }
    let me = plan.canonicalize().unwrap_or_else(|_| plan.to_path_buf());
    changed.contains(&me) || inputs(plan).iter().any(|i| changed.contains(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_touched_by_itself_its_data_and_its_parents() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let commune = root.join("tests/fixtures/cascade/xa-que-chau/ke-hoach.yaml");
        let district = root.join("tests/fixtures/cascade/huyen-que-son/ke-hoach.yaml");
        let province = root.join("tests/fixtures/cascade/tinh/ke-hoach.yaml");
        let canon = |p: &Path| p.canonicalize().unwrap();
        assert!(touches(&commune, &[canon(&province)], None));
        assert!(touches(&commune, &[canon(&commune)], None));
        assert!(!touches(&district, &[canon(&commune)], None));
        let sketch_data = root.join("tests/fixtures/progress/so-lieu.csv");
        let progress = root.join("tests/fixtures/progress/ke-hoach.yaml");
        assert!(touches(&progress, &[canon(&sketch_data)], None));
        assert!(!touches(&commune, &[canon(&sketch_data)], None));
        assert!(is_output(Path::new("output/a.pdf")) && !is_output(Path::new("a.yaml")));
    }
}
