//! What each output was made from, kept beside the outputs (`OUT/.kehoach-manifest.json`), so
//! that a rebuild skips what is unchanged without touching it and rebuilds exactly what depends
//! on a changed plan, data file or template.
//!
//! Each output is recorded with its size, time and hash, so an output that was emptied or
//! truncated after the build is rebuilt, not reported unchanged. Builds into one folder take
//! turns ([`Lock`]), so none loses another's entries. Pruning goes only to plain relative
//! paths under the folder ([`inside`]).
//!
//! Only bookkeeping: which inputs make up a hash is the build command's business.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name in the output folder.
pub const FILE: &str = ".kehoach-manifest.json";

/// The lock file that builds into one folder take turns on.
pub const LOCK: &str = ".kehoach-lock";

/// One output: the plan it came from, the hash of everything it was made from, and what the
/// file was when written (older manifests lack it: their outputs rebuild once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub source: String,
    pub inputs: String,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub sha256: String,
    /// Modified time in nanoseconds: when it is unchanged the file is not read again.
    #[serde(default)]
    pub modified: u128,
    /// What the plan read besides itself, so a rebuild can tell the output is current
    /// without reading the plan as YAML (older manifests lack it: the plan is read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reads: Option<Reads>,
}

/// The files a plan's outputs are made from besides the plan: what the build hashed, in the
/// order it hashed them. The plan's text decides them all, so while the text and these files
/// are unchanged the outputs are current.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reads {
    /// The plan's kind (its templates are part of the hash).
    pub kind: String,
    /// Its data files, as the plan names them (relative to its folder).
    pub data: Vec<String>,
    /// The plans it takes totals from and their data files, each as hashed; a parent plan
    /// with the path it was reached by, resolved again (a link may now lead elsewhere).
    pub parents: Vec<(String, Option<String>)>,
}

/// What an output file is now: its size, and its modified time.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::symlink_metadata(path).ok()?;
    if !m.is_file() {
        return None;
    }
    let t = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((m.len(), t.as_nanos()))
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Outputs by their path relative to the output folder.
    pub outputs: BTreeMap<String, Entry>,
    /// The file's bytes as read, so a manifest that did not change is not written again.
    #[serde(skip)]
    on_disk: Vec<u8>,
}

/// The SHA-256 of the parts, each length-prefixed (so two parts never read as one).
pub fn hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    format!("{:x}", h.finalize())
}

impl Manifest {
    /// The manifest of `out`, or an empty one (none yet, or unreadable: everything rebuilds).
    pub fn read(out: &Path) -> Manifest {
        let bytes = std::fs::read(out.join(FILE)).unwrap_or_default();
        match serde_json::from_slice::<Manifest>(&bytes) {
            Ok(m) => Manifest {
                on_disk: bytes,
                ..m
            },
            Err(_) => Manifest::default(),
        }
    }

    /// Writes the manifest, unless it is what was read (a rebuild that changed nothing
    /// touches nothing; builds into the folder take turns, so the file is still that).
    pub fn write(&mut self, out: &Path) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        if bytes == self.on_disk {
            return Ok(());
        }
        crate::output::write_atomically(&out.join(FILE), &bytes)?;
        self.on_disk = bytes;
        Ok(())
    }

    /// What the output `rel` was recorded as made from, besides its plan.
    pub fn reads(&self, rel: &str) -> Option<&Reads> {
        self.outputs.get(rel)?.reads.as_ref()
    }

    /// Whether the output `rel` was made from exactly `inputs` and is still the file that was
    /// written: the same size, and the same time or else the same hash.
    pub fn is_current(&self, out: &Path, rel: &str, inputs: &str) -> bool {
        let Some(e) = self.outputs.get(rel).filter(|e| e.inputs == inputs) else {
            return false;
        };
        let path = out.join(rel);
        match stamp(&path) {
            Some((size, _)) if size != e.size || e.sha256.is_empty() => false,
            Some((_, modified)) if modified == e.modified => true,
            Some(_) => std::fs::read(&path).is_ok_and(|b| hash(&[&b]) == e.sha256),
            None => false,
        }
    }

    /// Records the output `rel` as just written with `bytes`, made from `inputs` (a hash) and
    /// the files `reads`.
    pub fn record(
        &mut self,
        out: &Path,
        rel: String,
        made: (String, Reads),
        source: String,
        bytes: &[u8],
    ) {
        let (inputs, reads) = made;
        let (size, modified) = stamp(&out.join(&rel)).unwrap_or_default();
        let sha256 = hash(&[bytes]);
        let entry = Entry {
            source,
            inputs,
            size,
            sha256,
            modified,
            reads: Some(reads),
        };
        self.outputs.insert(rel, entry);
    }

    /// Records that the current output `rel` now comes from `source` (a moved plan), with its
    /// time as it is now (a file touched but not changed), and what it reads when that is
    /// known (`None` keeps what was recorded).
    pub fn keep(&mut self, out: &Path, rel: &str, source: String, reads: Option<Reads>) {
        if let Some(e) = self.outputs.get_mut(rel) {
            e.source = source;
            if reads.is_some() {
                e.reads = reads;
            }
            if let Some((_, modified)) = stamp(&out.join(rel)) {
                e.modified = modified;
            }
        }
    }

    /// Outputs whose plan is gone from the disk.
    pub fn orphans(&self) -> Vec<(String, String)> {
        self.outputs
            .iter()
            .filter(|(_, e)| !Path::new(&e.source).exists())
            .map(|(rel, e)| (rel.clone(), e.source.clone()))
            .collect()
    }
}

/// `out/rel` when `rel` is a plain relative path (no `..`, not absolute), with an output's
/// extension, and no folder on the way is a symbolic link: a manifest from elsewhere can name
/// nothing outside `out`. None otherwise.
pub fn inside(out: &Path, rel: &str, extensions: &[&str]) -> Option<PathBuf> {
    let rel = Path::new(rel);
    let ext = rel.extension().and_then(|e| e.to_str())?;
    if !extensions.contains(&ext) || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let target = out.join(rel);
    no_link_between(out, &target).then_some(target)
}

/// Whether no folder between `out` and `target` (a path under it) is a symbolic link, so a
/// write to `target` stays under `out`. Folders that do not exist yet are no link.
pub fn no_link_between(out: &Path, target: &Path) -> bool {
    let Ok(rel) = target.strip_prefix(out) else {
        return false;
    };
    let mut at = out.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return false;
        }
    }
    true
}

/// Held while a build reads and writes an output folder's manifest; dropped, the next build
/// goes on.
pub struct Lock(#[allow(dead_code)] std::fs::File);

impl Lock {
    /// Takes the folder's lock, calling `waiting` first if another build holds it.
    pub fn take(out: &Path, waiting: impl FnOnce()) -> io::Result<Lock> {
        std::fs::create_dir_all(out)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(out.join(LOCK))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(Lock(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_hashed_apart_and_entries_round_trip() {
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let mut m = Manifest::default();
        let pdf = out.join("a.pdf");
        std::fs::write(&pdf, "%PDF-1.7 whole").unwrap();
        let reads = Reads {
            kind: "ke-hoach".into(),
            data: vec!["data/a.csv".into()],
            parents: Vec::new(),
        };
        m.record(
            out,
            "a.pdf".into(),
            (hash(&[b"x"]), reads.clone()),
            "/nowhere/a.yaml".into(),
            b"%PDF-1.7 whole",
        );
        m.write(out).unwrap();
        let written = std::fs::metadata(out.join(FILE))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        m.write(out).unwrap();
        let again = std::fs::metadata(out.join(FILE))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(written, again, "the same manifest is not written again");
        let back = Manifest::read(out);
        assert_eq!(back.reads("a.pdf"), Some(&reads));
        assert!(back.is_current(out, "a.pdf", &hash(&[b"x"])));
        assert!(!back.is_current(out, "a.pdf", &hash(&[b"y"])));
        assert_eq!(back.orphans().len(), 1);
        // Rewritten with the same bytes (a new time): still current, by its hash.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&pdf, "%PDF-1.7 whole").unwrap();
        assert!(back.is_current(out, "a.pdf", &hash(&[b"x"])));
        // Truncated, emptied, same size but other bytes, gone: not current.
        for broken in [&b"%PDF"[..], b"", b"%PDF-1.7 wholE"] {
            std::fs::write(&pdf, broken).unwrap();
            assert!(!back.is_current(out, "a.pdf", &hash(&[b"x"])), "{broken:?}");
        }
        std::fs::remove_file(&pdf).unwrap();
        assert!(
            !back.is_current(out, "a.pdf", &hash(&[b"x"])),
            "the file is missing"
        );
    }

    #[test]
    fn only_plain_paths_under_the_folder_are_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("sub")).unwrap();
        let exts = ["pdf", "docx"];
        assert_eq!(
            inside(&out, "sub/a.pdf", &exts),
            Some(out.join("sub/a.pdf"))
        );
        for bad in [
            "../outside/victim.pdf",
            "/etc/passwd.pdf",
            "sub/../../x.pdf",
            "a.txt",
            "./a.pdf",
            "sub",
        ] {
            assert_eq!(inside(&out, bad, &exts), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), out.join("link")).unwrap();
            assert_eq!(inside(&out, "link/a.pdf", &exts), None);
            assert!(!no_link_between(&out, &out.join("link/deeper/a.pdf")));
            assert!(no_link_between(&out, &out.join("new/a.pdf")));
        }
    }
}
