//! What each output was made from, kept beside the outputs (`OUT/.kehoach-manifest.json`), so
//! that a rebuild skips what is unchanged without touching it and rebuilds exactly what depends
//! on a changed plan, data file or template.
//!
//! Only bookkeeping: which inputs make up a hash is the build command's business.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name in the output folder.
pub const FILE: &str = ".kehoach-manifest.json";

/// One output: the plan it came from and the hash of everything it was made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub source: String,
    pub inputs: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Outputs by their path relative to the output folder.
    pub outputs: BTreeMap<String, Entry>,
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
        std::fs::read(out.join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn write(&self, out: &Path) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        crate::output::write_atomically(&out.join(FILE), &bytes)
    }

    /// Whether the output `rel` exists and was made from exactly `inputs`.
    pub fn is_current(&self, out: &Path, rel: &str, inputs: &str) -> bool {
        self.outputs.get(rel).is_some_and(|e| e.inputs == inputs) && out.join(rel).is_file()
    }

    pub fn record(&mut self, rel: String, source: String, inputs: String) {
        self.outputs.insert(rel, Entry { source, inputs });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_hashed_apart_and_entries_round_trip() {
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        m.record("a.pdf".into(), "/nowhere/a.yaml".into(), hash(&[b"x"]));
        m.write(dir.path()).unwrap();
        let back = Manifest::read(dir.path());
        assert!(
            !back.is_current(dir.path(), "a.pdf", &hash(&[b"x"])),
            "the file is missing"
        );
        std::fs::write(dir.path().join("a.pdf"), "").unwrap();
        assert!(back.is_current(dir.path(), "a.pdf", &hash(&[b"x"])));
        assert!(!back.is_current(dir.path(), "a.pdf", &hash(&[b"y"])));
        assert_eq!(back.orphans().len(), 1);
    }
}
