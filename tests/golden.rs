//! The documents do not change unless a change means them to: the PDF and DOCX of every plan
//! in plans/, the format sketch and the province example are byte for byte the ones recorded
//! in `tests/golden.sha256`. A change that is meant to change them records the new ones with
//! `KEHOACH_BLESS=1 cargo test --test golden` (and says so in its commit).

mod common;

use std::collections::BTreeMap;

use common::*;
use sha2::{Digest, Sha256};

#[test]
fn the_documents_are_the_recorded_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    let mut found = BTreeMap::new();
    for (plan, name) in [
        ("plans", None),
        (sketch.to_str().unwrap(), Some("format-sketch")),
        ("tests/fixtures/province/ke-hoach-tinh.yaml", None),
    ] {
        let sub = dir.path().join(name.unwrap_or("."));
        assert_ok(&build_to(&sub, "pdf,docx", &[plan]));
    }
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        // The documents, not the build's own bookkeeping (the manifest and its lock).
        let bookkeeping = [kehoach::manifest::FILE, kehoach::manifest::LOCK];
        if entry.file_type().is_file() && !bookkeeping.iter().any(|b| entry.file_name() == *b) {
            let bytes = std::fs::read(entry.path()).unwrap();
            let rel = entry
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            found.insert(rel, format!("{:x}", Sha256::digest(&bytes)));
        }
    }
    let recorded_path = root().join("tests/golden.sha256");
    let listing: String = found.iter().map(|(n, h)| format!("{h}  {n}\n")).collect();
    if std::env::var_os("KEHOACH_BLESS").is_some() {
        std::fs::write(&recorded_path, &listing).unwrap();
    }
    let recorded = std::fs::read_to_string(&recorded_path).unwrap();
    assert_eq!(
        listing, recorded,
        "the documents changed; if that is meant, bless them"
    );
}
