//! `kehoach import FILE [--out PLAN.yaml] [--force]`: a Word document (or its text) made into a
//! plan and its appendices' data files (`crate::import`), then checked as `check` would, so the
//! clerk sees at once what the original got wrong. Nothing is overwritten without `--force`.

use std::path::{Path, PathBuf};

use super::Context;
use crate::lang::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// Tệp Word (.docx) hoặc văn bản (.txt) — the Word document (.docx) or text (.txt).
    pub file: PathBuf,
    /// Tệp kế hoạch sẽ ghi (mặc định plans/TÊN.yaml) — the plan file to write.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Ghi đè các tệp đã có — overwrite files that exist.
    #[arg(long)]
    pub force: bool,
}

/// A file name from the original's: letters without marks, digits and `-`.
fn stem_of(file: &Path) -> String {
    let raw = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::new();
    for c in raw.chars() {
        let c = crate::import::ascii_letter(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "ke-hoach".into()
    } else {
        out
    }
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let shown = args.file.display().to_string();
    let bytes = match crate::source::read_bounded(&args.file, crate::import::source::MAX_FILE_BYTES)
    {
        Ok(b) => b,
        Err(e) => {
            ctx.problem(
                &format!("không đọc được {shown}: {e}"),
                &format!("cannot read {shown}: {e}"),
            );
            return super::EXIT_PROBLEMS;
        }
    };
    let plan = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(crate::discover::DEFAULT_DIR).join(format!("{}.yaml", stem_of(&args.file)))
    });
    let stem = plan.file_stem().map_or_else(
        || "ke-hoach".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let name = args
        .file
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    let imported =
        match crate::import::import(&bytes, &stem, &crate::load::printable::cleaned(&name)) {
            Ok(i) => i,
            Err(crate::import::Refused(m)) => {
                ctx.problem(&format!("{shown}: {}", m.vi), &format!("{shown}: {}", m.en));
                return super::EXIT_PROBLEMS;
            }
        };
    let folder = plan
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut files: Vec<(PathBuf, &[u8])> = imported
        .data
        .iter()
        .map(|(rel, b)| (folder.join(rel), b.as_slice()))
        .collect();
    files.push((plan.clone(), imported.yaml.as_bytes()));
    if !args.force
        && let Some((there, _)) = files.iter().find(|(p, _)| p.exists())
    {
        let p = there.display();
        return ctx.usage_error(
            &format!("{p} đã có; dùng --force để ghi đè (hoặc --out để ghi nơi khác)"),
            &format!(
                "{p} already exists; use --force to overwrite it (or --out to write elsewhere)"
            ),
        );
    }
    for (path, bytes) in &files {
        if let Err(e) = crate::output::write_atomically(path, bytes) {
            let p = path.display();
            ctx.problem(
                &format!("không ghi được {p}: {e}"),
                &format!("cannot write {p}: {e}"),
            );
            return super::EXIT_PROBLEMS;
        }
    }
    summary(ctx, &imported, &files, &plan);
    0
}

/// What was written, what became formulas, what was missing or kept aside, and what `check`
/// finds in the new plan.
fn summary(ctx: &Context, i: &crate::import::Imported, files: &[(PathBuf, &[u8])], plan: &Path) {
    let vi = ctx.lang == Lang::Vi;
    for (path, _) in files {
        println!("{} {}", if vi { "Đã ghi" } else { "Wrote" }, path.display());
    }
    for f in &i.formulas {
        println!(
            "{} {f}",
            if vi {
                "Cột tính bằng công thức:"
            } else {
                "Column as a formula:"
            }
        );
    }
    for m in &i.missing {
        println!(
            "{} {m}",
            if vi {
                "Không tìm thấy (để dạng chú thích, cần điền):"
            } else {
                "Not found (left as a comment to fill in):"
            }
        );
    }
    for (n, t) in &i.unplaced {
        let t: String = crate::load::printable::cleaned(t)
            .chars()
            .take(80)
            .collect();
        println!(
            "{} ¶{n}: {t}",
            if vi {
                "Giữ ở đoạn gần nhất, cần xem lại:"
            } else {
                "Kept in the nearest text, to review:"
            }
        );
    }
    let problems = match crate::pipeline::load(plan) {
        Ok(Ok(loaded)) => crate::pipeline::check(loaded, &Default::default()).problems,
        Ok(Err(problems)) => problems,
        Err(_) => Vec::new(),
    };
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let warnings = problems.len() - errors;
    let p = plan.display();
    if vi {
        println!(
            "kehoach check {p}: {errors} lỗi, {warnings} cảnh báo. Chạy lệnh đó để xem từng chỗ."
        );
    } else {
        println!(
            "kehoach check {p}: {errors} errors, {warnings} warnings. Run it to see each place."
        );
    }
}
