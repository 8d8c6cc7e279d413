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

/// Removes, under `dir`, the temporary files of runs that are no longer running (on systems
/// that list processes in /proc; elsewhere, those older than a day). Returns how many.
pub fn remove_leftovers(dir: &Path) -> usize {
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Some(pid) = entry.file_name().to_str().and_then(temporary_of) else {
            continue;
        };
        let gone = if Path::new("/proc/self").exists() {
            pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600)
        };
        if gone && entry.file_type().is_file() && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
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
        for f in [&dead, &ours, &plain] {
            std::fs::write(f, "x").unwrap();
        }
        assert_eq!(remove_leftovers(dir.path()), 1);
        assert!(!dead.exists() && ours.exists() && plain.exists());
        assert_eq!(temporary_of(".x.docx.123.tmp"), Some(123));
        assert_eq!(temporary_of("x.tmp"), None);
    }
}
