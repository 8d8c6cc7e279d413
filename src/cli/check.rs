//! `kehoach check [PATH...]`: load and check plans, print every problem, exit 1 on errors.

use std::path::PathBuf;

use super::{Context, EXIT_PROBLEMS, use_color};
use std::sync::Mutex;

use crate::diagnostic::{self, Diagnostic};
use crate::discover::PlanFile;
use crate::report::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục kế hoạch (mặc định: plans/) — plan files or folders.
    pub paths: Vec<PathBuf>,
    /// Dạng kết quả — output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Coi cảnh báo là lỗi (thoát với mã 1) — fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Every plan's problems, checked on all cores; in the plans' order.
fn check_all(files: &[PlanFile]) -> Vec<std::io::Result<Vec<Diagnostic>>> {
    // Each plan's result in its own slot, so the results keep the plans' order.
    let slots: Vec<Mutex<Option<std::io::Result<Vec<Diagnostic>>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    let indexed: Vec<(usize, &PlanFile)> = files.iter().enumerate().collect();
    super::on_workers(&indexed, super::cores(), |(i, plan)| {
        let result = match plan.refused {
            Some(_) => Ok(Vec::new()),
            None => crate::pipeline::check_file(&plan.path),
        };
        *slots[*i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| Ok(Vec::new()))
        })
        .collect()
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let files = match crate::discover::plan_files(&args.paths) {
        Ok(files) => files,
        Err(e) => return ctx.usage_message(&e.message()),
    };
    let results = check_all(&files);
    let mut all = Vec::new();
    // A plan that cannot be read fails alone; the others are still checked.
    let mut unreadable = false;
    for (plan, result) in files.iter().zip(results) {
        let p = plan.path.display();
        match (&plan.refused, result) {
            (Some(why), _) => {
                unreadable = true;
                ctx.problem(&format!("{p}: {}", why.vi), &format!("{p}: {}", why.en));
            }
            (None, Ok(d)) => all.extend(d),
            (None, Err(e)) => {
                unreadable = true;
                ctx.problem(
                    &format!("không đọc được {p}: {e}"),
                    &format!("cannot read {p}: {e}"),
                );
            }
        }
    }
    diagnostic::sort(&mut all);
    let opts = report::Options {
        format: args.format,
        lang: ctx.lang,
        color: use_color(),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = report::print(&mut stdout, &all, files.len(), &opts) {
        // A reader that stops early (`| head`) is not a failure of the check.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return if all.iter().any(|d| d.is_error()) {
                EXIT_PROBLEMS
            } else {
                0
            };
        }
        return ctx.usage_error(
            &format!("không ghi được kết quả: {e}"),
            &format!("cannot write output: {e}"),
        );
    }
    let failed = unreadable || all.iter().any(|d| d.is_error() || args.deny_warnings);
    if failed { EXIT_PROBLEMS } else { 0 }
}
