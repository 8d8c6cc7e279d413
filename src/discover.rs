//! Finding plan files: every `*.yaml` / `*.yml` under the folders given (default `plans/`),
//! in a stable order, plus any file named directly; and where each one's output goes, so that
//! no two plans of a run ever write the same file.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// The folder searched when no path is given.
pub const DEFAULT_DIR: &str = "plans";

/// A plan to read, and the path of its outputs without extension, relative to the output
/// folder: the plan's place under the folder it was found in (`huyen-a/xa-b/plan`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFile {
    pub path: PathBuf,
    pub out_stem: PathBuf,
    /// Why this plan may not be read (a link out of its folder, a loop of links): a failure
    /// of this plan alone.
    pub refused: Option<crate::lang::Message>,
}

impl PlanFile {
    /// Where its output with extension `ext` goes under `dir`.
    pub fn output(&self, dir: &Path, ext: &str) -> PathBuf {
        let mut name = dir.join(&self.out_stem).into_os_string();
        name.push(".");
        name.push(ext);
        PathBuf::from(name)
    }
}

/// Why the plans could not be listed.
#[derive(Debug)]
pub enum DiscoverError {
    /// No PATH was given and there is no `plans/` folder here.
    NoPlansFolder,
    /// A path that does not exist or cannot be read.
    Io(PathBuf, io::Error),
    /// Two plans whose outputs would be the same file.
    SameOutput(PathBuf, PathBuf, PathBuf),
}

impl DiscoverError {
    pub fn message(&self) -> crate::lang::Message {
        match self {
            DiscoverError::NoPlansFolder => crate::msg!(
                "không có thư mục `{DEFAULT_DIR}/` ở đây; chỉ rõ kế hoạch, ví dụ `kehoach check ke-hoach.yaml` hoặc `kehoach build thu-muc/`",
                "there is no `{DEFAULT_DIR}/` folder here; name the plans, e.g. `kehoach check plan.yaml` or `kehoach build folder/`"
            ),
            DiscoverError::Io(p, e) => {
                let p = p.display();
                crate::msg!("không đọc được {p}: {e}", "cannot read {p}: {e}")
            }
            DiscoverError::SameOutput(a, b, stem) => {
                let (a, b, s) = (a.display(), b.display(), stem.display());
                crate::msg!(
                    "{a} và {b} sẽ ghi cùng một tệp ({s}.*); đổi tên một trong hai",
                    "{a} and {b} would write the same file ({s}.*); rename one of them"
                )
            }
        }
    }
}

impl fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

fn is_plan(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// `path` relative to `base`, without its extension; never leaving the output folder (only
/// plain names, no `..` or root).
fn stem_under(path: &Path, base: &Path) -> PathBuf {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let stem = rel.with_file_name(rel.file_stem().unwrap_or_default());
    let plain = stem
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if plain {
        stem
    } else {
        PathBuf::from(rel.file_stem().unwrap_or_default())
    }
}

/// `path` with `.` and `..` worked out by name alone, without asking the file system (links
/// are not followed): `a/../../x` is `../x`, `/a/../../b` is `/b`.
pub fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // Above the root is the root.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// The absolute form of `path`, worked out by name (so a plan keeps the name it was given).
fn absolute(path: &Path) -> PathBuf {
    lexical(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// The folder every one of `dirs` is inside.
fn common_parent(dirs: &[PathBuf]) -> PathBuf {
    let mut common: Option<PathBuf> = None;
    for d in dirs {
        common = Some(match common {
            None => d.clone(),
            Some(c) => c
                .components()
                .zip(d.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.unwrap_or_default()
}

/// The plans under the folder `root`, links followed as long as they stay inside it.
fn walk(root: &Path) -> Vec<PlanFile> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut found = Vec::new();
    for entry in WalkDir::new(root).follow_links(true).sort_by_file_name() {
        let (path, refused) = match entry {
            Ok(e) if !(e.file_type().is_file() && is_plan(e.path())) => continue,
            Ok(e) => {
                let inside = e
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&real_root));
                let refused = (!inside).then(|| {
                    crate::msg!(
                        "liên kết dẫn ra ngoài thư mục {}: không đọc",
                        "the link leads out of the folder {}: not read",
                        root.display()
                    )
                });
                (e.into_path(), refused)
            }
            Err(e) => {
                let Some(path) = e.path().map(Path::to_path_buf) else {
                    continue;
                };
                let why = if e.loop_ancestor().is_some() {
                    crate::msg!(
                        "liên kết quay vòng về thư mục chứa nó",
                        "the link loops back to a folder above it"
                    )
                } else {
                    crate::msg!("không đọc được: {}", "cannot be read: {}", e.to_string())
                };
                (path, Some(why))
            }
        };
        found.push(PlanFile {
            out_stem: stem_under(&path, root),
            path,
            refused,
        });
    }
    found
}

/// The plan files named by `paths` (files as they are, folders searched), sorted within each
/// folder, with where each writes. A path that does not exist is an error, and so are two
/// plans that would write the same output.
pub fn plan_files(paths: &[PathBuf]) -> Result<Vec<PlanFile>, DiscoverError> {
    let default = [PathBuf::from(DEFAULT_DIR)];
    let paths = if paths.is_empty() {
        if !Path::new(DEFAULT_DIR).is_dir() {
            return Err(DiscoverError::NoPlansFolder);
        }
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| DiscoverError::Io(path.clone(), e))?;
        if meta.is_dir() {
            out.extend(walk(path));
        } else {
            files.push(path.clone());
        }
    }
    // Files named one by one keep their places under the folder they have in common.
    let parents: Vec<PathBuf> = files
        .iter()
        .map(|f| {
            absolute(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .collect();
    let base = common_parent(&parents);
    for f in files {
        let abs = absolute(&f);
        out.push(PlanFile {
            out_stem: stem_under(&abs, &base),
            path: f,
            refused: None,
        });
    }
    // The same file named twice is built once; two files for one output are an error.
    let mut seen: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut unique = Vec::new();
    for p in out {
        let real = p.path.canonicalize().unwrap_or_else(|_| p.path.clone());
        match seen.get(&p.out_stem) {
            Some(other) if other.canonicalize().unwrap_or_else(|_| other.clone()) == real => {}
            Some(other) => {
                return Err(DiscoverError::SameOutput(other.clone(), p.path, p.out_stem));
            }
            None => {
                seen.insert(p.out_stem.clone(), p.path.clone());
                unique.push(p);
            }
        }
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `target` written relative to `from` with `..` (as a user would type it).
    fn pathdiff(target: &Path, from: &Path) -> PathBuf {
        let ups = from.components().count() - 1;
        let mut p = PathBuf::new();
        for _ in 0..ups {
            p.push("..");
        }
        p.join(target.strip_prefix("/").unwrap())
    }

    #[test]
    fn dots_are_worked_out_by_name() {
        let l = |p: &str| lexical(Path::new(p));
        assert_eq!(l("../../secret.csv"), PathBuf::from("../../secret.csv"));
        assert_eq!(l("a/../../x"), PathBuf::from("../x"));
        assert_eq!(l("./a/./b/../c"), PathBuf::from("a/c"));
        assert_eq!(l("/a/../../b"), PathBuf::from("/b"));
    }

    #[test]
    fn outputs_mirror_the_folders_and_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in ["a/plan.yaml", "b/plan.yaml", "b/c/plan.yaml"] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "x").unwrap();
        }
        let found = plan_files(&[root.to_path_buf()]).unwrap();
        let stems: Vec<_> = found.iter().map(|p| p.out_stem.clone()).collect();
        assert_eq!(
            stems,
            vec![
                PathBuf::from("a/plan"),
                PathBuf::from("b/c/plan"),
                PathBuf::from("b/plan")
            ]
        );
        let named = plan_files(&[root.join("a/plan.yaml"), root.join("b/plan.yaml")]).unwrap();
        assert_eq!(named[0].out_stem, PathBuf::from("a/plan"));
        assert_eq!(named[1].out_stem, PathBuf::from("b/plan"));
        std::fs::write(root.join("a/plan.yml"), "x").unwrap();
        assert!(matches!(
            plan_files(&[root.join("a")]),
            Err(DiscoverError::SameOutput(..))
        ));
        // Files from folders above the working one still write inside the output folder.
        let here = std::env::current_dir().unwrap();
        let up = pathdiff(&root.join("a/plan.yaml"), &here);
        let named = plan_files(&[up, root.join("b/c/plan.yaml")]).unwrap();
        assert_eq!(named[0].out_stem, PathBuf::from("a/plan"));
        assert_eq!(named[1].out_stem, PathBuf::from("b/c/plan"));
        // The same file twice is one plan.
        let twice = plan_files(&[root.join("b/plan.yaml"), root.join("b/plan.yaml")]).unwrap();
        assert_eq!(twice.len(), 1);
    }
}
