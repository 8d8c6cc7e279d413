//! The command line: one file per subcommand. This module parses the arguments and sends
//! each subcommand to its file; exit statuses are 0 (clean), 1 (a problem in a plan) and 2
//! (a problem with the command itself: usage, a missing file).

mod agenda;
mod appendix;
mod build;
mod check;
mod import;
mod lsp;
mod new;
mod preview;
mod progress;
mod schema;
mod watch;

use std::io::IsTerminal;

use clap::{Parser, Subcommand};

use crate::lang::Lang;

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Kiểm tra và dựng Kế hoạch, Chỉ thị viết bằng YAML theo Nghị định 30/2020/NĐ-CP"
)]
struct Cli {
    /// Ngôn ngữ thông báo — message language.
    #[arg(long, value_enum, global = true, default_value = "vi")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Dựng PDF từ kế hoạch (mặc định: mọi *.yaml trong plans/) — build the documents.
    Build(build::Args),
    /// Kiểm tra kế hoạch (mặc định: mọi *.yaml trong plans/) — check plans.
    Check(check::Args),
    /// Tính và in các phụ lục dạng bảng — compute a plan's appendix tables.
    Appendix(appendix::Args),
    /// Tạo một kế hoạch mẫu plans/TÊN.yaml — write a new plan to fill in.
    New(new::Args),
    /// Nhập kế hoạch từ tệp Word (.docx) hoặc văn bản (.txt) — a plan from a Word file.
    Import(import::Args),
    /// In JSON Schema của định dạng — print the format's JSON Schema.
    Schema(schema::Args),
    /// Máy chủ ngôn ngữ (LSP) cho trình soạn thảo — a language server over stdio for editors.
    Lsp(lsp::Args),
    /// Lịch: mọi sự kiện, thời hạn, báo cáo của các kế hoạch — every dated item, as a calendar.
    Agenda(agenda::Args),
    /// Dựng, rồi dựng lại mỗi khi lưu tệp — build, then rebuild on every save.
    Watch(build::Args),
    /// Xem trước trong trình duyệt, cập nhật khi lưu — the plans in the browser, live.
    Preview(preview::Args),
}

/// Exit status: a plan has an error (or a warning under `--deny-warnings`).
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit status: the command could not run as asked (usage, I/O).
pub const EXIT_USAGE: i32 = 2;

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    let ctx = Context { lang: cli.lang };
    match cli.command {
        Command::Build(args) => build::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Appendix(args) => appendix::run(&ctx, args),
        Command::New(args) => new::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Schema(args) => schema::run(&ctx, args),
        Command::Lsp(args) => lsp::run(&ctx, args),
        Command::Agenda(args) => agenda::run(&ctx, args),
        Command::Watch(args) => watch::run(&ctx, args),
        Command::Preview(args) => preview::run(&ctx, args),
    }
}

/// What every subcommand needs from the global options.
pub struct Context {
    pub lang: Lang,
}

impl Context {
    /// Prints a problem with the command itself (not with a plan) and returns exit status 2.
    pub fn usage_error(&self, vi: &str, en: &str) -> i32 {
        self.problem(vi, en);
        EXIT_USAGE
    }

    /// [`Context::usage_error`] for a message in both languages.
    pub fn usage_message(&self, m: &crate::lang::Message) -> i32 {
        self.usage_error(&m.vi, &m.en)
    }

    /// Prints a problem that is not at a place in a plan (a file that cannot be read).
    pub fn problem(&self, vi: &str, en: &str) {
        match self.lang {
            Lang::Vi => eprintln!("kehoach: lỗi: {vi}"),
            Lang::En => eprintln!("kehoach: error: {en}"),
        }
    }

    /// The date given to an option such as `--as-of`; `Err` is the exit status after saying
    /// what to write.
    pub fn date_option(
        &self,
        flag: &str,
        value: Option<&str>,
    ) -> Result<Option<chrono::NaiveDate>, i32> {
        match value.map(crate::vietnamese::calendar::parse_date) {
            None => Ok(None),
            Some(Ok(d)) => Ok(Some(d)),
            Some(Err(_)) => Err(self.usage_error(
                &format!("{flag} cần một ngày: 27/6/2023, 27/06/2023 hoặc 2023-06-27"),
                &format!("{flag} needs a date: 27/6/2023, 27/06/2023 or 2023-06-27"),
            )),
        }
    }

    /// A warning that is not at a place in a plan (a server open to the network).
    pub fn warn(&self, vi: &str, en: &str) {
        match self.lang {
            Lang::Vi => eprintln!("kehoach: cảnh báo: {vi}"),
            Lang::En => eprintln!("kehoach: warning: {en}"),
        }
    }

    /// A word to the user on the error stream that is not a problem ("Watching…").
    pub fn note(&self, vi: &str, en: &str) {
        match self.lang {
            Lang::Vi => eprintln!("kehoach: {vi}"),
            Lang::En => eprintln!("kehoach: {en}"),
        }
    }
}

/// Colour only when writing to a terminal, and never under NO_COLOR.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Runs `work` on every item, on `workers` threads taking the next item as they finish one.
/// Typst lays out deep documents recursively, so each worker gets a roomy stack.
pub fn on_workers<T: Sync>(items: &[T], workers: usize, work: impl Fn(&T) + Sync) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, items.len().max(1)) {
            std::thread::Builder::new()
                .stack_size(64 * 1024 * 1024)
                .spawn_scoped(scope, || {
                    while let Some(item) =
                        items.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                    {
                        work(item);
                    }
                })
                .expect("a worker thread starts");
        }
    });
}

/// The number of cores, the default number of workers.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
