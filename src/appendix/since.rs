//! The older figures a table is compared with (`--since`): a data file, or the plan and its
//! data file as they were at a git revision (`git show REV:./FILE`, from the plan's folder).
//! The older table is computed by the same rules; `progress.rs` compares the two.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use super::progress::Before;
use super::{AppendixTable, Overrides, compute_all};
use crate::lang::Message;
use crate::load::LoadedPlan;
use crate::msg;

/// The older tables of `loaded` from `source` (a data file if one is there, else a git
/// revision), each with the day its figures are as of: `date` if given, else the older plan's
/// `as_of` when it differs, else (for a revision) the day of its commit.
pub fn before(
    loaded: &LoadedPlan,
    source: &str,
    date: Option<NaiveDate>,
    overrides: &Overrides,
) -> Result<Vec<Before>, Message> {
    let (tables, committed) = if Path::new(source).is_file() {
        let ov = Overrides {
            rows: Some(PathBuf::from(source)),
            as_of: date,
            ..overrides.clone()
        };
        (computed(loaded, &ov)?, None)
    } else {
        let commit = resolve(&folder(loaded), source)?;
        let tables = at_revision(loaded, &commit, source, overrides)?;
        (tables, commit_day(loaded, &commit))
    };
    Ok(tables
        .into_iter()
        .map(|table| {
            let current = loaded
                .plan
                .appendices
                .get(table.index)
                .and_then(|a| a.as_of.as_ref())
                .and_then(|d| crate::vietnamese::calendar::parse_date(d).ok());
            let own = table.as_of.filter(|d| Some(*d) != current);
            Before {
                date: date.or(own).or(committed),
                name: source.to_owned(),
                table,
            }
        })
        .collect())
}

fn computed(loaded: &LoadedPlan, ov: &Overrides) -> Result<Vec<AppendixTable>, Message> {
    let (tables, problems) = compute_all(loaded, ov);
    match problems.iter().find(|d| d.is_error()) {
        Some(d) => {
            let at = d.file.position(d.span.start);
            let place = format!("{}:{}:{}", d.file.name(), at.line, at.column);
            let (vi, en) = (&d.message.vi, &d.message.en);
            Err(msg!(
                "số liệu cũ không tính được ({place}): {vi}",
                "the older figures cannot be computed ({place}): {en}"
            ))
        }
        None => Ok(tables),
    }
}

/// The commit `rev` names, as git's hash, run in `dir`. The user's text never reaches git
/// where it could be read as an option: one that begins with `-` is refused, and it is given
/// to `rev-parse --verify` after `--end-of-options`; only the hash is used after that.
fn resolve(dir: &Path, rev: &str) -> Result<String, Message> {
    let shown = crate::load::printable::cleaned(rev);
    if rev.is_empty() || rev.starts_with('-') || rev.chars().any(char::is_control) {
        return Err(msg!(
            "`--since {shown}` không phải tệp dữ liệu, cũng không phải phiên bản git (tên phiên bản không bắt đầu bằng `-`)",
            "`--since {shown}` is neither a data file nor a git revision (a revision does not begin with `-`)"
        ));
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| msg!("không chạy được git: {e}", "cannot run git: {e}"))?;
    let hash = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(msg!(
            "`--since {shown}` không phải tệp dữ liệu, cũng không phải phiên bản git",
            "`--since {shown}` is neither a data file nor a git revision"
        ));
    }
    Ok(hash)
}

/// `git show COMMIT:./NAME` run in `dir`; `commit` is a hash from [`resolve`], `rev` what the
/// user wrote.
fn git_show(dir: &Path, commit: &str, rev: &str, name: &str) -> Result<Vec<u8>, Message> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!("{commit}:./{name}")])
        .output()
        .map_err(|e| msg!("không chạy được git: {e}", "cannot run git: {e}"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(msg!(
            "phiên bản git `{rev}` không có {name}: {why}",
            "the git revision `{rev}` does not hold {name}: {why}"
        ));
    }
    Ok(out.stdout)
}

/// The plan's folder, for git.
fn folder(loaded: &LoadedPlan) -> PathBuf {
    match loaded.file.path().parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The tables of the plan as it was at `rev`, with its data files as they were: both written
/// to a folder of their own, read and computed there.
fn at_revision(
    loaded: &LoadedPlan,
    commit: &str,
    rev: &str,
    overrides: &Overrides,
) -> Result<Vec<AppendixTable>, Message> {
    let dir = folder(loaded);
    let name = loaded
        .file
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let plan = git_show(&dir, commit, rev, &name)?;
    let scratch = std::env::temp_dir().join(format!(
        "kehoach-since-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let result = (|| {
        std::fs::create_dir_all(&scratch).map_err(|e| msg!("{e}", "{e}"))?;
        let old_plan = scratch.join(&name);
        std::fs::write(&old_plan, &plan).map_err(|e| msg!("{e}", "{e}"))?;
        let file = match crate::load::read_source(&old_plan) {
            Ok(Ok(f)) => f,
            _ => {
                return Err(msg!(
                    "kế hoạch ở {rev} không đọc được",
                    "the plan at {rev} cannot be read"
                ));
            }
        };
        let old = crate::load::parse(file)
            .map_err(|_| msg!("kế hoạch ở {rev} có lỗi", "the plan at {rev} has errors"))?;
        for data in old.plan.data_files() {
            // Only inside the plan's folder, as for today's data (the check says why not).
            let inside = crate::discover::lexical(Path::new(data));
            if inside.is_absolute() || inside.starts_with("..") {
                continue;
            }
            let bytes = git_show(&dir, commit, rev, data)?;
            let target = scratch.join(inside);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| msg!("{e}", "{e}"))?;
            }
            std::fs::write(&target, bytes).map_err(|e| msg!("{e}", "{e}"))?;
        }
        let ov = Overrides {
            rows: None,
            as_of: None,
            ..overrides.clone()
        };
        computed(&old, &ov)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// The day of the commit `commit` (a hash from [`resolve`]).
fn commit_day(loaded: &LoadedPlan, commit: &str) -> Option<NaiveDate> {
    let out = Command::new("git")
        .arg("-C")
        .arg(folder(loaded))
        .args(["log", "-1", "--format=%cs", commit])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
