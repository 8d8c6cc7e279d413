//! `kehoach build [PATH...]`: each plan checked, computed, enriched and rendered to
//! `DIR/<plan file stem>.pdf` (and `.docx`, `.typ` with `--to`). Plans build in parallel; a failing
//! plan does not stop the others; nothing is written for a plan with errors.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{Context, EXIT_PROBLEMS, use_color};
use crate::diagnostic::Diagnostic;
use crate::discover::PlanFile;
use crate::lang::Lang;
use crate::pipeline;
use crate::render::typst::Templates;
use crate::render::{Docx, Pdf, RenderError, Renderer, TypstSource};
use crate::report;

/// What `build` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// The PDF/A that gets signed.
    Pdf,
    /// An editable Word document from the same model.
    Docx,
    /// The generated Typst source.
    Typ,
}

#[derive(clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục kế hoạch (mặc định: plans/) — plan files or folders.
    pub paths: Vec<PathBuf>,
    /// Thư mục ghi kết quả — output folder.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Định dạng: pdf, docx, typ (mã Typst sinh ra), cách nhau bởi dấu phẩy — formats to write.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "pdf")]
    pub to: Vec<OutputFormat>,
    /// Số kế hoạch dựng cùng lúc (mặc định: số lõi CPU) — plans built at once.
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Thư mục mẫu thay cho mẫu có sẵn — a folder of templates to use instead of the built-in.
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// What became of one plan.
enum Outcome {
    Built(Vec<PathBuf>),
    Failed(Vec<Diagnostic>, Option<RenderError>),
}

/// Checks, computes, enriches and renders one plan; writes its files only if all succeed.
fn build_one(plan: &PlanFile, out: &Path, renderers: &[&dyn Renderer]) -> std::io::Result<Outcome> {
    let path = &plan.path;
    let loaded = match pipeline::load(path)? {
        Ok(l) => l,
        Err(problems) => return Ok(Outcome::Failed(problems, None)),
    };
    let checked = pipeline::check(loaded, &Default::default());
    if checked.has_errors() {
        return Ok(Outcome::Failed(checked.problems, None));
    }
    let doc = pipeline::enrich(&checked);
    let stem = path
        .file_stem()
        .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
    let files = match pipeline::render(&doc, &stem, renderers) {
        Ok(files) => files,
        Err(e) => return Ok(Outcome::Failed(checked.problems, Some(e))),
    };
    let files = files
        .into_iter()
        .map(|(ext, bytes)| (plan.output(out, ext), bytes));
    let mut written = Vec::new();
    for (target, bytes) in files {
        crate::output::write_atomically(&target, &bytes)?;
        written.push(target);
    }
    Ok(Outcome::Built(written))
}

/// Prints what became of one plan (its problems on stderr); whether it failed.
fn print_outcome(
    ctx: &Context,
    path: &Path,
    outcome: std::io::Result<Outcome>,
    progress: &str,
    secs: f64,
) -> bool {
    match outcome {
        Ok(Outcome::Built(files)) => {
            let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            println!(
                "{progress}✓ {} → {} ({secs:.1} s)",
                path.display(),
                list.join(", ")
            );
            false
        }
        Ok(Outcome::Failed(problems, render)) => {
            let opts = report::Options {
                format: report::Format::Human,
                lang: ctx.lang,
                color: use_color(),
            };
            if !problems.is_empty() {
                let _ = report::print(&mut std::io::stderr().lock(), &problems, 1, &opts);
            }
            let why = match (&render, ctx.lang) {
                (Some(e), Lang::Vi) => format!("lỗi dựng văn bản: {e}"),
                (Some(e), Lang::En) => format!("rendering failed: {e}"),
                (None, Lang::Vi) => "kế hoạch có lỗi, không dựng".to_owned(),
                (None, Lang::En) => "the plan has errors; nothing built".to_owned(),
            };
            println!("{progress}✗ {}: {why}", path.display());
            true
        }
        Err(e) => {
            println!("{progress}✗ {}: {e}", path.display());
            true
        }
    }
}

/// Builds `plans` on `jobs` workers; how many failed.
fn build_all(
    ctx: &Context,
    plans: &[PlanFile],
    out: &Path,
    renderers: &[&dyn Renderer],
    jobs: usize,
) -> usize {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let console = Mutex::new(());
    let total = plans.len();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            // Typst lays out deep documents recursively: give each worker a roomy stack.
            std::thread::Builder::new()
                .stack_size(64 * 1024 * 1024)
                .spawn_scoped(scope, || {
                    while let Some(plan) = plans.get(next.fetch_add(1, Ordering::SeqCst)) {
                        let started = Instant::now();
                        let outcome = match &plan.refused {
                            Some(why) => Err(std::io::Error::other(why.get(ctx.lang).to_owned())),
                            None => build_one(plan, out, renderers),
                        };
                        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                        let _guard = console.lock().unwrap_or_else(|e| e.into_inner());
                        let progress = if total > 3 {
                            format!("[{n}/{total}] ")
                        } else {
                            String::new()
                        };
                        let secs = started.elapsed().as_secs_f64();
                        if print_outcome(ctx, &plan.path, outcome, &progress, secs) {
                            failed.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                })
                .expect("a worker thread starts");
        }
    });
    failed.into_inner()
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    if args.out.exists() && !args.out.is_dir() {
        let o = args.out.display();
        return ctx.usage_error(
            &format!("`--out {o}` là một tệp, không phải thư mục"),
            &format!("`--out {o}` is a file, not a folder"),
        );
    }
    crate::output::remove_leftovers(&args.out);
    let plans = match crate::discover::plan_files(&args.paths) {
        Ok(p) => p,
        Err(e) => return ctx.usage_message(&e.message()),
    };
    let templates = match &args.templates {
        Some(dir) => Templates::from_folder(dir),
        None => Templates::built_in(),
    };
    let templates = match templates {
        Ok(t) => t,
        Err(e) => {
            return ctx.usage_error(&format!("mẫu lỗi: {e}"), &format!("template error: {e}"));
        }
    };
    let (typ, pdf) = (TypstSource(&templates), Pdf(&templates));
    let mut renderers: Vec<&dyn Renderer> = Vec::new();
    if args.to.contains(&OutputFormat::Typ) {
        renderers.push(&typ);
    }
    if args.to.contains(&OutputFormat::Pdf) {
        renderers.push(&pdf);
    }
    if args.to.contains(&OutputFormat::Docx) {
        renderers.push(&Docx);
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, plans.len().max(1));
    let total = plans.len();
    let failed = build_all(ctx, &plans, &args.out, &renderers, jobs);
    match ctx.lang {
        Lang::Vi => println!("Đã dựng {} / {total} kế hoạch.", total - failed),
        Lang::En => println!("Built {} of {total} plans.", total - failed),
    }
    if failed > 0 { EXIT_PROBLEMS } else { 0 }
}
