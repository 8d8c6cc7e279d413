//! `kehoach watch [PATH...] [build options]`: builds, then rebuilds the plans a save touches
//! (the plan, its data files, the plans above it, the templates) within two seconds, one line
//! per plan, problems as `check` prints them; a broken plan keeps its last good files and the
//! watch goes on. Ctrl-C ends it (exit 0).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Context;
use super::build::{Args, build};
use crate::watch::{Changes, touches};

/// Ctrl-C sets the flag the loops look at; the process then ends on its own, exit 0.
pub fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    stop
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let stop = stop_on_ctrl_c();
    let paths = if args.paths.is_empty() {
        vec![std::path::PathBuf::from("plans")]
    } else {
        args.paths.clone()
    };
    // A missing folder is said as `build` says it, before anything is watched.
    if let Err(e) = crate::discover::plan_files(&args.paths) {
        return ctx.usage_message(&e.message());
    }
    let mut changes = match Changes::watch(&paths, args.templates.as_deref(), ctx.lang) {
        Ok(c) => c,
        Err(e) => {
            return ctx.usage_error(
                &format!("không theo dõi được tệp: {e}"),
                &format!("cannot watch the files: {e}"),
            );
        }
    };
    build(ctx, &args, &|_| true, true);
    ctx.note(
        "Đang theo dõi; lưu tệp để dựng lại, Ctrl-C để dừng.",
        "Watching; save a file to rebuild, Ctrl-C to stop.",
    );
    while let Some(changed) = changes.next(&stop) {
        let templates = args.templates.as_deref();
        build(
            ctx,
            &args,
            &|plan| touches(plan, &changed, templates),
            false,
        );
    }
    0
}
