//! `kehoach check [PATH...]`: load and check plans, print every problem, exit 1 on errors.

use std::path::PathBuf;

use super::{Context, EXIT_PROBLEMS, use_color};
use std::sync::Mutex;

use crate::cascade::Link;
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

type FileResult = std::io::Result<(Vec<Diagnostic>, Vec<Link>)>;

/// Every plan's problems (and what it takes from parent plans), checked on all cores; in the
/// plans' order.
fn check_all(files: &[PlanFile]) -> Vec<FileResult> {
    // Each plan's result in its own slot, so the results keep the plans' order.
    let slots: Vec<Mutex<Option<FileResult>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let indexed: Vec<(usize, &PlanFile)> = files.iter().enumerate().collect();
    let cores = super::cores();
    std::thread::scope(|scope| {
        // Fewer plans than cores leaves one idle: it compiles the rules' patterns while the
        // first plan is read and loaded (a check of one plan is mostly set-up).
        if files.len() < cores {
            scope.spawn(crate::check::prepare);
        }
        super::on_workers(&indexed, cores, |(i, plan)| {
            let result = match plan.refused {
                Some(_) => Ok(Default::default()),
                None => crate::pipeline::check_file(&plan.path),
            };
            *slots[*i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        });
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| Ok(Default::default()))
        })
        .collect()
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let files = match crate::discover::plan_files(&args.paths) {
        Ok(files) => files,
        Err(e) => return ctx.usage_message(&e.message()),
    };
    crate::cascade::set_roots(&args.paths);
    let results = check_all(&files);
    let mut all = Vec::new();
    let mut links = Vec::new();
    // A plan that cannot be read fails alone; the others are still checked.
    let mut unreadable = false;
    for (plan, result) in files.iter().zip(results) {
        let p = plan.path.display();
        match (&plan.refused, result) {
            (Some(why), _) => {
                unreadable = true;
                ctx.problem(&format!("{p}: {}", why.vi), &format!("{p}: {}", why.en));
            }
            (None, Ok((d, l))) => {
                all.extend(d);
                links.extend(l);
            }
            (None, Err(e)) => {
                unreadable = true;
                ctx.problem(
                    &format!("không đọc được {p}: {e}"),
                    &format!("cannot read {p}: {e}"),
                );
            }
        }
    }
    // Rules across the plans checked together: what children take from one parent.
    all.extend(crate::cascade::over_parent(&links));
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
