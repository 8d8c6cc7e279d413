//! `kehoach build [PATH...]`: each plan checked, computed, enriched and rendered to
//! `DIR/<plan file stem>.pdf` (and `.docx`, `.typ` with `--to`). Plans build in parallel; a failing
//! plan does not stop the others; nothing is written for a plan with errors.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

mod inputs;
mod leftovers;

use inputs::{current_unread, inputs_hash, output_hashes, reads_of, relative};
use leftovers::{orphans, possible_outputs};

use super::progress::Progress;
use super::{Context, EXIT_PROBLEMS, use_color};
use crate::diagnostic::{Code, Diagnostic};
use crate::discover::PlanFile;
use crate::lang::Lang;
use crate::manifest::{self, Manifest};
use crate::pipeline;
use crate::render::typst::Templates;
use crate::render::{Docx, Pdf, RenderError, Renderer, TypstSource};
use crate::report;
use crate::source::Span;

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
    /// Dựng lại tất cả, kể cả kế hoạch không đổi — rebuild everything, changed or not.
    #[arg(long)]
    pub force: bool,
    /// Xoá kết quả của kế hoạch đã bị xoá — remove the outputs of plans that are gone.
    #[arg(long)]
    pub prune: bool,
    /// Chỉ in lỗi và dòng tổng kết — print only failures and the summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// In tiến độ so với số liệu cũ ở các phụ lục `progress: true`: một phiên bản git (HEAD~1)
    /// hoặc một tệp dữ liệu — the progress since older figures, for appendices marked
    /// `progress: true`: a git revision or a data file.
    #[arg(long, value_name = "REV|FILE")]
    pub since: Option<String>,
    /// Ngày của số liệu cũ — the day the older figures are as of.
    #[arg(long, value_name = "DATE")]
    pub since_date: Option<String>,
}

/// What a run builds with, the same for every plan.
struct Job<'a> {
    out: &'a Path,
    renderers: &'a [&'a dyn Renderer],
    templates: &'a Templates,
    /// The hash of the tool and its DOCX templates.
    tool: String,
    force: bool,
    lang: Lang,
    manifest: Mutex<Manifest>,
    /// Older figures to show progress since (`--since`), and their day.
    since: Option<(String, Option<chrono::NaiveDate>)>,
    /// Told once a plan is to be built (not only found unchanged): another core then makes
    /// ready what rendering needs ([`warm`]).
    warm: Mutex<Option<std::sync::mpsc::Sender<()>>>,
    /// What a `.typ` output reads (`--to typ`; read once per run), and the folders that
    /// already have it, each written once, under this lock, however many plans build into it.
    typ_files: Vec<(String, Vec<u8>)>,
    beside_typ: Mutex<std::collections::BTreeSet<PathBuf>>,
}

impl Job<'_> {
    /// A plan whose outputs are current: nothing is written but the record of where the plan
    /// is now (a moved checkout does not make its outputs orphans) and, for `.typ`, the files
    /// beside it.
    fn unchanged(
        &self,
        inputs: &[(String, String)],
        source: &str,
        reads: Option<manifest::Reads>,
    ) -> std::io::Result<Outcome> {
        let outputs: Vec<PathBuf> = inputs.iter().map(|(rel, _)| self.out.join(rel)).collect();
        let mut m = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        for (rel, _) in inputs {
            m.keep(self.out, rel, source.to_owned(), reads.clone());
        }
        drop(m);
        if let Some(typ) = self.typ_output(&outputs) {
            self.typ_support(typ)?;
        }
        Ok(Outcome::Unchanged(outputs))
    }

    /// Writes beside the `.typ` output at `typ` the files it reads (`nd30.typ`,
    /// `layout.json`), those that are not already there as they are.
    fn typ_support(&self, typ: &Path) -> std::io::Result<()> {
        let dir = typ.parent().unwrap_or(Path::new("."));
        let mut done = self.beside_typ.lock().unwrap_or_else(|e| e.into_inner());
        if done.contains(dir) {
            return Ok(());
        }
        for (name, bytes) in &self.typ_files {
            let target = dir.join(name);
            self.stays_inside(&target)?;
            if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                crate::output::write_atomically(&target, bytes)?;
            }
        }
        done.insert(dir.to_path_buf());
        Ok(())
    }

    /// An error unless writing `target` stays under `--out` (no folder on the way is a link
    /// to elsewhere).
    fn stays_inside(&self, target: &Path) -> std::io::Result<()> {
        if manifest::no_link_between(self.out, target) {
            return Ok(());
        }
        let t = target.display();
        Err(std::io::Error::other(match self.lang {
            Lang::Vi => format!(
                "không ghi {t}: một thư mục trên đường dẫn là liên kết tượng trưng ra ngoài --out"
            ),
            Lang::En => {
                format!("not writing {t}: a folder on its way is a symbolic link out of --out")
            }
        }))
    }

    fn typ_output<'p>(&self, outputs: &'p [PathBuf]) -> Option<&'p PathBuf> {
        self.renderers
            .iter()
            .zip(outputs)
            .find(|(r, _)| r.extension() == "typ")
            .map(|(_, p)| p)
    }
}

/// What became of one plan.
enum Outcome {
    /// Written, with the plan's warnings.
    Built(Vec<PathBuf>, Vec<Diagnostic>),
    /// Made from exactly the same inputs as the files already there: not touched.
    Unchanged(Vec<PathBuf>),
    Failed(Vec<Diagnostic>, Option<RenderError>),
}

/// Checks, computes, enriches and renders one plan; writes its files only if all succeed, and
/// nothing at all if every output is already made from the same inputs.
fn build_one(plan: &PlanFile, job: &Job) -> std::io::Result<Outcome> {
    let path = &plan.path;
    let source = std::path::absolute(path)
        .unwrap_or_else(|_| path.clone())
        .to_string_lossy()
        .into_owned();
    // Read once: the text tells an unchanged plan, and is what is loaded otherwise.
    let file = match crate::load::read_source(path)? {
        Ok(file) => file,
        Err(problem) => return Ok(Outcome::Failed(vec![problem], None)),
    };
    // Unchanged since the last build: told without parsing the plan (a rebuild of many plans
    // is mostly this).
    if !job.force
        && let Some(inputs) = current_unread(plan, job, &file.text)
    {
        return job.unchanged(&inputs, &source, None);
    }
    // Changed (or forced): rendering is all but certain, so what it needs is made ready on the
    // other core while this plan is loaded and checked.
    if let Some(warm) = &*job.warm.lock().unwrap_or_else(|e| e.into_inner()) {
        let _ = warm.send(());
    }
    let loaded = match pipeline::load_text(file) {
        Ok(l) => l,
        Err(problems) => return Ok(Outcome::Failed(problems, None)),
    };
    let reads = reads_of(&loaded);
    let made_from = inputs_hash(job, path, &loaded.file.text, &reads);
    let inputs = output_hashes(job, plan, &made_from);
    let current = {
        let m = job.manifest.lock().unwrap_or_else(|e| e.into_inner());
        inputs.iter().all(|(rel, h)| m.is_current(job.out, rel, h))
    };
    if current && !job.force {
        return job.unchanged(&inputs, &source, Some(reads));
    }
    let outputs: Vec<PathBuf> = inputs.iter().map(|(rel, _)| job.out.join(rel)).collect();
    let mut checked = pipeline::check(loaded, &Default::default());
    if checked.has_errors() {
        return Ok(Outcome::Failed(checked.problems, None));
    }
    if let Some((source, date)) = &job.since {
        let marked = pipeline::ProgressOf::Marked;
        if let Err(m) = pipeline::since(&mut checked, source, *date, marked) {
            let file = &checked.loaded.file;
            let flag = checked
                .loaded
                .plan
                .appendices
                .iter()
                .find_map(|a| a.progress.as_ref());
            let span = flag.map_or_else(|| Span::new(0, 0), |f| file.span_of(&f.at));
            let d = Diagnostic::new(Code::AppendixRows, file, span, m);
            return Ok(Outcome::Failed(vec![d], None));
        }
    }
    let doc = pipeline::enrich(&checked);
    let stem = path
        .file_stem()
        .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
    let files = match pipeline::render(&doc, &stem, job.renderers) {
        Ok(files) => files,
        Err(e) => return Ok(Outcome::Failed(checked.problems, Some(e))),
    };
    for target in &outputs {
        job.stays_inside(target)?;
    }
    for ((_, bytes), target) in files.iter().zip(&outputs) {
        crate::output::write_atomically(target, bytes)?;
    }
    if let Some(typ) = job.typ_output(&outputs) {
        job.typ_support(typ)?;
    }
    let mut m = job.manifest.lock().unwrap_or_else(|e| e.into_inner());
    for ((rel, h), (_, bytes)) in inputs.into_iter().zip(&files) {
        m.record(job.out, rel, (h, reads.clone()), source.clone(), bytes);
    }
    drop(m);
    Ok(Outcome::Built(outputs, checked.problems))
}

/// What a plan counts as in the summary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tally {
    Built,
    Unchanged,
    Failed,
}

/// Problems printed as `check` prints them.
fn human(ctx: &Context) -> report::Options {
    report::Options {
        format: report::Format::Human,
        lang: ctx.lang,
        color: use_color(),
    }
}

/// Prints what became of one plan (its problems on stderr).
fn print_outcome(
    ctx: &Context,
    path: &Path,
    outcome: std::io::Result<Outcome>,
    progress: &Progress,
    secs: f64,
) -> (Tally, String, Vec<Diagnostic>) {
    let list = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match outcome {
        Ok(Outcome::Built(files, warnings)) => (
            Tally::Built,
            format!("✓ {} → {} ({secs:.1} s)", path.display(), list(&files)),
            warnings,
        ),
        Ok(Outcome::Unchanged(files)) => {
            let word = match ctx.lang {
                Lang::Vi => "không đổi",
                Lang::En => "unchanged",
            };
            let line = format!("= {} → {} ({word})", path.display(), list(&files));
            (Tally::Unchanged, line, Vec::new())
        }
        Ok(Outcome::Failed(problems, render)) => {
            let opts = human(ctx);
            if !problems.is_empty() {
                progress.suspend(|| {
                    let _ = report::print(&mut std::io::stderr().lock(), &problems, 1, &opts);
                });
            }
            let why = match (&render, ctx.lang) {
                (Some(e), Lang::Vi) => format!("lỗi dựng văn bản: {e}"),
                (Some(e), Lang::En) => format!("rendering failed: {e}"),
                (None, Lang::Vi) => "kế hoạch có lỗi, không dựng".to_owned(),
                (None, Lang::En) => "the plan has errors; nothing built".to_owned(),
            };
            let line = format!("✗ {}: {why}", path.display());
            (Tally::Failed, line, Vec::new())
        }
        Err(e) => (
            Tally::Failed,
            format!("✗ {}: {e}", path.display()),
            Vec::new(),
        ),
    }
}

/// Builds `plans` on `jobs` workers; how many failed and how many were unchanged.
fn build_all(
    ctx: &Context,
    plans: &[PlanFile],
    job: &Job,
    jobs: usize,
    quiet: bool,
) -> (usize, usize) {
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let unchanged = AtomicUsize::new(0);
    let console = Mutex::new(());
    let progress = Progress::new(plans.len(), quiet, ctx.lang);
    super::on_workers(plans, jobs, |plan| {
        let started = Instant::now();
        let outcome = match &plan.refused {
            Some(why) => Err(std::io::Error::other(why.get(ctx.lang).to_owned())),
            None => build_one(plan, job),
        };
        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
        let _guard = console.lock().unwrap_or_else(|e| e.into_inner());
        let secs = started.elapsed().as_secs_f64();
        let (tally, line, warnings) = print_outcome(ctx, &plan.path, outcome, &progress, secs);
        match tally {
            Tally::Failed => failed.fetch_add(1, Ordering::SeqCst),
            Tally::Unchanged => unchanged.fetch_add(1, Ordering::SeqCst),
            Tally::Built => 0,
        };
        progress.line(n, &line, tally == Tally::Failed);
        if !quiet && !warnings.is_empty() {
            let opts = human(ctx);
            progress.suspend(|| {
                let _ = report::print_brief(
                    &mut std::io::stderr().lock(),
                    &warnings,
                    &plan.path,
                    &opts,
                );
            });
        }
        progress.advance(failed.load(Ordering::SeqCst), &plan.path);
    });
    progress.finish();
    (failed.into_inner(), unchanged.into_inner())
}

/// What the first plan to build needs, made ready on another core while that plan is loaded
/// and checked, in the order the plan needs it: the shape check's validator, the pattern of
/// what lines keep whole, then each renderer's templates, the compiler's library and the fonts.
/// A cold build of one plan is mostly this set-up, so it costs the wall clock little. (What the
/// loading thread reaches first it makes itself; the other waits for it, never makes it twice.)
fn warm(templates: &Templates, renderers: &[&dyn Renderer]) {
    crate::load::prepare();
    crate::enrich::joins::prepare();
    for r in renderers {
        match r.extension() {
            "docx" => crate::render::docx::prepare(),
            "typ" => templates.prepare_source(),
            _ => templates.prepare(),
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    build(ctx, &args, &|_| true, true)
}

/// Builds the plans of `args` that `select` picks (all of them for `build`; those a change
/// touched for `watch`), with the summary line when `summary`; the exit status.
pub fn build(ctx: &Context, args: &Args, select: &dyn Fn(&Path) -> bool, summary: bool) -> i32 {
    if args.out.exists() && !args.out.is_dir() {
        let o = args.out.display();
        return ctx.usage_error(
            &format!("`--out {o}` là một tệp, không phải thư mục"),
            &format!("`--out {o}` is a file, not a folder"),
        );
    }
    crate::cascade::set_roots(&args.paths);
    let plans: Vec<PlanFile> = match crate::discover::plan_files(&args.paths) {
        Ok(p) => p.into_iter().filter(|p| select(&p.path)).collect(),
        Err(e) => return ctx.usage_message(&e.message()),
    };
    if plans.is_empty() && !summary {
        return 0;
    }
    // One build at a time into a folder: the manifest is read and written under the lock.
    let o = args.out.display();
    let _lock = match manifest::Lock::take(&args.out, || {
        ctx.note(
            &format!("đang chờ một lần dựng khác vào {o} xong…"),
            &format!("waiting for another build into {o} to finish…"),
        )
    }) {
        Ok(lock) => lock,
        Err(e) => {
            return ctx.usage_error(
                &format!("không khoá được thư mục {o}: {e}"),
                &format!("cannot lock the folder {o}: {e}"),
            );
        }
    };
    let manifest = Manifest::read(&args.out);
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
    let jobs = args.jobs.unwrap_or_else(super::cores);
    let total = plans.len();
    let (warm_tx, warm_rx) = std::sync::mpsc::channel();
    let job = Job {
        out: &args.out,
        renderers: &renderers,
        templates: &templates,
        tool: manifest::hash(&[
            env!("CARGO_PKG_VERSION").as_bytes(),
            crate::render::docx::identity().as_bytes(),
        ]),
        // Older figures are not among a plan's recorded inputs: build everything anew.
        force: args.force || args.since.is_some(),
        since: match ctx.date_option("--since-date", args.since_date.as_deref()) {
            Ok(date) => args.since.clone().map(|s| (s, date)),
            Err(status) => return status,
        },
        lang: ctx.lang,
        manifest: Mutex::new(manifest),
        typ_files: if args.to.contains(&OutputFormat::Typ) {
            templates.support_files()
        } else {
            Vec::new()
        },
        beside_typ: Mutex::default(),
        warm: Mutex::new(Some(warm_tx)),
    };
    {
        let m = job.manifest.lock().unwrap_or_else(|e| e.into_inner());
        let support: Vec<String> = templates
            .support_files()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        crate::output::remove_leftovers(&possible_outputs(&args.out, &m, &plans, &support));
    }
    let (failed, unchanged) = std::thread::scope(|scope| {
        let (templates, renderers) = (&templates, &renderers);
        scope.spawn(move || {
            if warm_rx.recv().is_ok() {
                warm(templates, renderers);
            }
        });
        let tally = build_all(ctx, &plans, &job, jobs, args.quiet);
        // Nothing was built: the warming thread ends without doing anything.
        job.warm.lock().unwrap_or_else(|e| e.into_inner()).take();
        tally
    });
    let pruned = !summary || orphans(ctx, &job, args.prune);
    let written = job
        .manifest
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .write(&args.out);
    if let Err(e) = &written {
        ctx.problem(
            &format!("không ghi được {}: {e}", manifest::FILE),
            &format!("cannot write {}: {e}", manifest::FILE),
        );
    }
    match ctx.lang {
        _ if !summary => {}
        Lang::Vi => println!(
            "Đã dựng {} / {total} kế hoạch ({unchanged} không đổi).",
            total - failed
        ),
        Lang::En => println!(
            "Built {} of {total} plans ({unchanged} unchanged).",
            total - failed
        ),
    }
    if failed > 0 || written.is_err() || !pruned {
        EXIT_PROBLEMS
    } else {
        0
    }
}
