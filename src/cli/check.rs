//! `kehoach check [PATH...]`: load and check plans, print every problem, exit 1 on errors.

use std::path::PathBuf;

use super::{Context, EXIT_PROBLEMS, use_color};
use crate::diagnostic;
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

pub fn run(ctx: &Context, args: Args) -> i32 {
    let files = match crate::discover::plan_files(&args.paths) {
        Ok(files) => files,
        Err(e) => return ctx.usage_message(&e.message()),
    };
    let mut all = Vec::new();
    // A plan that cannot be read fails alone; the others are still checked.
    let mut unreadable = false;
    for plan in &files {
        if let Some(why) = &plan.refused {
            unreadable = true;
            let p = plan.path.display();
            ctx.problem(&format!("{p}: {}", why.vi), &format!("{p}: {}", why.en));
            continue;
        }
        match crate::pipeline::check_file(&plan.path) {
            Ok(d) => all.extend(d),
            Err(e) => {
                unreadable = true;
                let p = plan.path.display();
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
