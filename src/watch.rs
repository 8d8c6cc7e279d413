//! Watching plans for saves (`kehoach watch`, `kehoach preview`): file-system events from the
//! `notify` crate on the folders of the plans (and of a templates folder), gathered until the
//! writing stops (editors save in several steps: a temporary file, a rename), then told as one
//! batch of changed files; and which plans a batch touches — a plan, its data files, the plans
//! it takes totals from and theirs, or, for a template, every plan.
//!
//! A watched folder that is removed and made again (a checkout, an unzip) is followed again:
//! each batch looks whether a folder is still the one being watched, says when one is gone,
//! and when it is back watches it anew and tells all its files as changed.
//!
//! Not here: building (`cli::build`, `pipeline`), serving pages (`preview`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::lang::Lang;

/// How long the writing must have stopped before a batch is told: short enough that a save is
/// shown within two seconds, long enough to see an editor's save as one change.
const QUIET: Duration = Duration::from_millis(250);

/// Which folder a path is now: on Unix its device and inode, so one made anew in the same
/// place is told apart from the one that was watched; elsewhere only whether it is there.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    path.is_dir().then_some((0, 0))
}

/// A folder being followed, and whether the watch on it is alive.
struct Folder {
    path: PathBuf,
    id: Option<(u64, u64)>,
    armed: bool,
    /// Its removal was seen: the watch is dead whatever the folder there is now.
    removed: bool,
}

/// Changes under the watched folders.
pub struct Changes {
    events: Receiver<notify::Result<notify::Event>>,
    watcher: notify::RecommendedWatcher,
    folders: Vec<Folder>,
    lang: Lang,
}

impl Changes {
    /// Watches `paths` (plan files or folders; a file's folder is watched) and `templates`;
    /// notices about folders gone and back are said in `lang`.
    pub fn watch(
        paths: &[PathBuf],
        templates: Option<&Path>,
        lang: Lang,
    ) -> notify::Result<Changes> {
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
        let mut followed = Vec::new();
        for folder in folders {
            watcher.watch(&folder, RecursiveMode::Recursive)?;
            let path = std::path::absolute(&folder).unwrap_or(folder);
            let id = identity(&path);
            followed.push(Folder {
                path,
                id,
                armed: true,
                removed: false,
            });
        }
        Ok(Changes {
            events,
            watcher,
            folders: followed,
            lang,
        })
    }

    /// Looks whether each folder is still the one watched: says when one is gone, and when it
    /// is back (or made anew) watches it again and adds all its files to `changed`.
    fn follow(&mut self, changed: &mut Vec<PathBuf>) {
        for f in &mut self.folders {
            let now = identity(&f.path);
            if f.armed && (f.removed || now != f.id) {
                f.armed = false;
                f.removed = false;
                let _ = self.watcher.unwatch(&f.path);
                let shown = f.path.display();
                match self.lang {
                    Lang::Vi => eprintln!(
                        "kehoach: thư mục {shown} không còn; sẽ theo dõi lại khi nó có lại."
                    ),
                    Lang::En => eprintln!(
                        "kehoach: the folder {shown} is gone; it will be followed again when it is back."
                    ),
                }
            }
            if !f.armed
                && now.is_some()
                && self
                    .watcher
                    .watch(&f.path, RecursiveMode::Recursive)
                    .is_ok()
            {
                f.armed = true;
                f.id = now;
                let shown = f.path.display();
                match self.lang {
                    Lang::Vi => {
                        eprintln!("kehoach: thư mục {shown} đã có lại; đang theo dõi tiếp.")
                    }
                    Lang::En => {
                        eprintln!("kehoach: the folder {shown} is back; following it again.")
                    }
                }
                changed.extend(
                    walkdir::WalkDir::new(&f.path)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .map(|e| e.into_path()),
                );
            }
            if !f.armed {
                // Files of a folder that is gone: nothing to build from them.
                changed.retain(|c| !c.starts_with(&f.path));
            }
        }
    }

    /// The next batch of changed files (canonical where they still exist), once the writing
    /// has stopped; None when `stop` is set (looked at a few times a second).
    pub fn next(&mut self, stop: &AtomicBool) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            self.follow(&mut changed);
            let wait = if changed.is_empty() {
                Duration::from_millis(200)
            } else {
                QUIET
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) if !event.kind.is_access() => {
                    // The folder itself removed: its watch is dead even if a new folder
                    // takes the same inode.
                    for f in &mut self.folders {
                        if event.kind.is_remove() && event.paths.contains(&f.path) {
                            f.removed = true;
                        }
                    }
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
