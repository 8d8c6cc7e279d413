//! `kehoach agenda [PATH...]`: every dated item across the plans, sorted, as a table, JSON or
//! an iCalendar file for a calendar to subscribe to.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Context, EXIT_PROBLEMS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    /// Một dòng mỗi mục — one line per item.
    Table,
    /// iCalendar (RFC 5545), múi giờ Asia/Ho_Chi_Minh.
    Ics,
    /// [{date, time, kind, summary, unit, plan, line, rrule}].
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Tệp hoặc thư mục kế hoạch (mặc định: plans/) — plan files or folders.
    pub paths: Vec<PathBuf>,
    /// Dạng kết quả — output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: AgendaFormat,
    /// Từ ngày — only items from this date.
    #[arg(long)]
    pub from: Option<String>,
    /// Đến ngày — only items up to this date.
    #[arg(long)]
    pub to: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let mut bounds = Vec::new();
    for (name, v) in [("--from", &args.from), ("--to", &args.to)] {
        match ctx.date_option(name, v.as_deref()) {
            Ok(d) => bounds.push(d),
            Err(status) => return status,
        }
    }
    let files = match crate::discover::plan_files(&args.paths) {
        Ok(f) => f,
        Err(e) => return ctx.usage_message(&e.message()),
    };
    let mut loaded = Vec::new();
    let mut failed = false;
    for plan in files.iter().filter(|p| p.refused.is_none()) {
        match crate::pipeline::load(&plan.path) {
            Ok(Ok(l)) => loaded.push(l),
            _ => {
                failed = true;
                let p = plan.path.display();
                ctx.problem(
                    &format!("{p} không đọc được; chạy `kehoach check {p}`"),
                    &format!("{p} cannot be read; run `kehoach check {p}`"),
                );
            }
        }
    }
    let mut entries: Vec<_> = loaded.iter().flat_map(crate::agenda::entries).collect();
    entries.sort_by(|a, b| {
        (a.day_order(), &a.time, &a.plan, a.line).cmp(&(b.day_order(), &b.time, &b.plan, b.line))
    });
    crate::agenda::within(&mut entries, bounds[0], bounds[1]);
    let text = match args.format {
        AgendaFormat::Table => crate::agenda::table(&entries),
        AgendaFormat::Ics => crate::agenda::ics(&entries, crate::agenda::stamp(&loaded)),
        AgendaFormat::Json => {
            serde_json::to_string_pretty(&entries).expect("entries are plain data") + "\n"
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if failed { EXIT_PROBLEMS } else { 0 }
}
