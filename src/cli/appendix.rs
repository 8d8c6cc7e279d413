//! `kehoach appendix PLAN`: prints or writes a plan's computed appendix tables, optionally with
//! a newer date (`--as-of`) or data file (`--rows`) than the plan names.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{Context, EXIT_PROBLEMS, use_color};
use crate::appendix::AppendixTable;
use crate::appendix::{Overrides, export};
use crate::diagnostic::Diagnostic;
use crate::report;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Bảng trên màn hình, số viết kiểu Việt Nam (75.740; 58,19%).
    Table,
    /// CSV, số nguyên là số nguyên, tỉ lệ là phân số thập phân (0,58… → 0.58…).
    Csv,
    /// JSON: [{title, columns, rows, totals}].
    Json,
    /// Sổ tính Excel có tiêu đề gộp ô (mặc định ghi vào output/TÊN.xlsx).
    Xlsx,
}

#[derive(clap::Args)]
pub struct Args {
    /// Tệp kế hoạch — the plan file.
    pub plan: PathBuf,
    /// Dạng kết quả — output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    /// Ghi vào tệp thay vì in ra — write to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Tính lại với số liệu tính đến ngày này — recompute as of this date.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Tính lại với tệp dữ liệu này (.csv/.xlsx) — recompute with this data file.
    #[arg(long)]
    pub rows: Option<PathBuf>,
    /// Chỉ phụ lục thứ N (đếm từ 1) — only the Nth appendix.
    #[arg(long)]
    pub appendix: Option<usize>,
    /// So với số liệu cũ: một tệp dữ liệu (.csv/.xlsx) hoặc một phiên bản git (HEAD~1) —
    /// the progress since older figures: a data file or a git revision.
    #[arg(long, value_name = "FILE|REV")]
    pub since: Option<String>,
    /// Ngày của số liệu cũ (mặc định: as_of cũ, hoặc ngày của commit) — the day the older
    /// figures are as of.
    #[arg(long, value_name = "DATE")]
    pub since_date: Option<String>,
}

fn print_problems(ctx: &Context, problems: &[Diagnostic]) {
    let opts = report::Options {
        format: report::Format::Human,
        lang: ctx.lang,
        color: use_color(),
    };
    let _ = report::print(&mut std::io::stderr().lock(), problems, 1, &opts);
}

/// Writes the result to `--out` (for a workbook, `output/<plan>.xlsx` by default) or prints
/// it; `Err` is the exit status of a failed write.
fn deliver(ctx: &Context, args: &Args, bytes: &[u8]) -> Result<(), i32> {
    let out = args.out.clone().or_else(|| {
        (args.format == TableFormat::Xlsx).then(|| {
            let stem = args
                .plan
                .file_stem()
                .map_or("phu-luc".into(), |s| s.to_string_lossy().into_owned());
            PathBuf::from("output").join(format!("{stem}.xlsx"))
        })
    });
    match out {
        Some(path) => {
            if let Err(e) = crate::output::write_atomically(&path, bytes) {
                let p = path.display();
                return Err(ctx.usage_error(
                    &format!("không ghi được {p}: {e}"),
                    &format!("cannot write {p}: {e}"),
                ));
            }
            eprintln!("{}", path.display());
        }
        None => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(bytes);
        }
    }
    Ok(())
}

/// The tables in the asked format.
fn written(format: TableFormat, tables: &[AppendixTable]) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    match format {
        TableFormat::Xlsx => {
            return export::xlsx(tables, tables[0].as_of).map_err(|e| e.to_string());
        }
        TableFormat::Table => export::table(&mut buf, tables),
        TableFormat::Csv => export::csv(&mut buf, tables),
        TableFormat::Json => export::json(&mut buf, tables),
    }
    .map_err(|e| e.to_string())?;
    Ok(buf)
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let as_of = match ctx.date_option("--as-of", args.as_of.as_deref()) {
        Ok(d) => d,
        Err(status) => return status,
    };
    let loaded = match crate::pipeline::load(&args.plan) {
        Ok(Ok(l)) => l,
        Ok(Err(problems)) => {
            print_problems(ctx, &problems);
            return EXIT_PROBLEMS;
        }
        Err(e) => {
            let p = args.plan.display();
            return ctx.usage_error(
                &format!("không đọc được {p}: {e}"),
                &format!("cannot read {p}: {e}"),
            );
        }
    };
    let overrides = Overrides {
        cascaded: Default::default(),
        as_of,
        rows: args.rows.clone(),
        figures: None,
    };
    let mut checked = crate::pipeline::check(loaded, &overrides);
    if checked.has_errors() {
        print_problems(ctx, &checked.problems);
        return EXIT_PROBLEMS;
    }
    if let Some(source) = &args.since {
        let date = match ctx.date_option("--since-date", args.since_date.as_deref()) {
            Ok(d) => d,
            Err(status) => return status,
        };
        let every = crate::pipeline::ProgressOf::Every;
        if let Err(m) = crate::pipeline::since(&mut checked, source, date, every) {
            return ctx.usage_error(&m.vi, &m.en);
        }
    }
    let (loaded, mut tables, problems) = (checked.loaded, checked.tables, checked.problems);
    if let Some(n) = args.appendix {
        let count = loaded.plan.appendices.len();
        tables.retain(|t| t.index + 1 == n);
        if tables.is_empty() {
            return ctx.usage_error(
                &format!("kế hoạch có {count} phụ lục; phụ lục {n} không phải bảng"),
                &format!("the plan has {count} appendices; appendix {n} is not a table"),
            );
        }
    }
    if tables.is_empty() {
        return ctx.usage_error(
            "kế hoạch không có phụ lục dạng bảng",
            "the plan has no table appendix",
        );
    }
    let bytes = match written(args.format, &tables) {
        Ok(b) => b,
        Err(e) => {
            return ctx.usage_error(
                &format!("không tạo được kết quả: {e}"),
                &format!("cannot make the output: {e}"),
            );
        }
    };
    if let Err(status) = deliver(ctx, &args, &bytes) {
        return status;
    }
    if !problems.is_empty() {
        print_problems(ctx, &problems);
    }
    0
}
