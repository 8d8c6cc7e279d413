//! Writing files whole or not at all: the bytes go to a temporary file beside the target,
//! which is then renamed over it, so a reader never sees half a file. A run that was killed
//! leaves its temporary files behind; the next run removes them.

use std::io::{self, Write};
use std::path::Path;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The process that wrote a temporary file `.NAME.PID.tmp`, if `name` is one.
fn temporary_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    rest.rsplit_once('.')?.1.parse().ok()
}

/// Removes the temporary files (`.NAME.PID.tmp`) that a run writing one of `targets` left
/// when it was killed: those of runs no longer running (on systems that list processes in
/// /proc; elsewhere, those older than a day). Nothing else in those folders is touched, and
/// no other folder is read. Returns how many were removed.
pub fn remove_leftovers(targets: &[std::path::PathBuf]) -> usize {
    let mut by_dir: std::collections::BTreeMap<&Path, Vec<&str>> = Default::default();
    for t in targets {
        if let (Some(dir), Some(name)) = (t.parent(), t.file_name().and_then(|n| n.to_str())) {
            by_dir.entry(dir).or_default().push(name);
        }
    }
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for (dir, names) in by_dir {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let Some(pid) = temporary_of(file_name) else {
                continue;
            };
            let of_a_target = names.iter().any(|n| file_name == format!(".{n}.{pid}.tmp"));
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            let gone = if Path::new("/proc/self").exists() {
                pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
            } else {
                meta.modified()
                    .ok()
                    .and_then(|t| now.duration_since(t).ok())
                    .is_some_and(|age| age.as_secs() > 24 * 3600)
            };
            if of_a_target && gone && meta.is_file() && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_runs_temporary_files_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has the largest pid; this one is running.
        let dead = dir.path().join(format!(".a.pdf.{}.tmp", u32::MAX - 1));
        let ours = dir
            .path()
            .join(format!(".b.pdf.{}.tmp", std::process::id()));
        let plain = dir.path().join("c.pdf");
        // Someone else's temporary file, of a name no plan writes: kept.
        let other = dir.path().join(format!(".notes.txt.{}.tmp", u32::MAX - 1));
        for f in [&dead, &ours, &plain, &other] {
            std::fs::write(f, "x").unwrap();
        }
        let targets = ["a.pdf", "b.pdf", "c.pdf"].map(|n| dir.path().join(n));
        assert_eq!(remove_leftovers(&targets), 1);
        assert!(!dead.exists() && ours.exists() && plain.exists() && other.exists());
        assert_eq!(temporary_of(".x.docx.123.tmp"), Some(123));
        assert_eq!(temporary_of("x.tmp"), None);
    }
}
