//! How a long build shows where it is: on a terminal, a progress bar (done/total, rate, time
//! left, failures so far, the plan being built) with each plan's line above it; in a pipe or a
//! CI log, plain numbered lines and no escape codes; with `--quiet`, only failures.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::lang::Lang;

pub struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    quiet: bool,
    lang: Lang,
}

impl Progress {
    pub fn new(total: usize, quiet: bool, lang: Lang) -> Self {
        let on_terminal = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let bar = (on_terminal && total > 1).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stdout());
            let eta = match lang {
                Lang::Vi => "còn",
                Lang::En => "left",
            };
            let style = ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} · {{per_sec}} · {eta} {{eta}} · {{msg}}"
            ))
            .expect("a valid template");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            total,
            quiet,
            lang,
        }
    }

    /// A plan's line (`n` of the total): above the bar, or as a plain line.
    pub fn line(&self, n: usize, text: &str, failed: bool) {
        if self.quiet && !failed {
            return;
        }
        match &self.bar {
            Some(bar) => bar.println(text),
            None if self.total > 3 => println!("[{n}/{}] {text}", self.total),
            None => println!("{text}"),
        }
    }

    /// Writes elsewhere (the diagnostics, on stderr) without tearing the bar.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// One more plan done; `failed` so far, `next` the plan just done.
    pub fn advance(&self, failed: usize, next: &Path) {
        if let Some(bar) = &self.bar {
            let word = match self.lang {
                Lang::Vi => "lỗi",
                Lang::En => "failed",
            };
            bar.set_message(format!("{word}: {failed} · {}", next.display()));
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
