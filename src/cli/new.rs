//! `kehoach new NAME [--kind ke-hoach|chi-thi]`: writes plans/NAME.yaml (or NAME itself when it
//! is a `.yaml` path), a commented plan that checks clean, dated as a draft of this month.

use clap::builder::TypedValueParser;

use chrono::Local;

use super::Context;
use crate::new_plan::{new_plan_text, target};
use crate::plan::Kind;

#[derive(clap::Args)]
pub struct Args {
    /// Tên tệp (ghi vào plans/TÊN.yaml) hoặc đường dẫn .yaml — a name (plans/NAME.yaml) or a .yaml path.
    pub name: String,
    /// Loại văn bản — the kind of document.
    #[arg(long, default_value = "ke-hoach", value_parser = kind_parser())]
    pub kind: &'static Kind,
    /// Ghi đè nếu tệp đã có — overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `--kind`: one of the kinds of the table, offered by name in `--help`.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = &'static Kind> {
    clap::builder::PossibleValuesParser::new(Kind::standalone().map(|k| k.name))
        .map(|name: String| Kind::find(&name).expect("only the table's names get through"))
}

pub fn run(ctx: &Context, args: Args) -> i32 {
    let Some(path) = target(&args.name) else {
        return ctx.usage_error(
            &format!(
                "tên `{}` không dùng được; ghi một tên tệp chỉ có chữ, số, `-`, `_`, ví dụ `ke-hoach-06` (ghi vào plans/) hoặc `thu-muc/ke-hoach-06.yaml`",
                args.name.escape_debug()
            ),
            &format!(
                "cannot use the name `{}`; give a file name of letters, digits, `-` and `_`, e.g. `plan-06` (written to plans/) or `folder/plan-06.yaml`",
                args.name.escape_debug()
            ),
        );
    };
    let kind = args.kind;
    if path.exists() && !args.force {
        let p = path.display();
        return ctx.usage_error(
            &format!("{p} đã có; dùng --force để ghi đè"),
            &format!("{p} already exists; use --force to overwrite it"),
        );
    }
    let text = new_plan_text(kind, Local::now().date_naive());
    if let Err(e) = crate::output::write_atomically(&path, text.as_bytes()) {
        let p = path.display();
        return ctx.usage_error(
            &format!("không ghi được {p}: {e}"),
            &format!("cannot write {p}: {e}"),
        );
    }
    match ctx.lang {
        crate::lang::Lang::Vi => println!(
            "Đã tạo {}. Sửa nội dung rồi chạy `kehoach check`.",
            path.display()
        ),
        crate::lang::Lang::En => println!(
            "Wrote {}. Fill it in, then run `kehoach check`.",
            path.display()
        ),
    }
    0
}
