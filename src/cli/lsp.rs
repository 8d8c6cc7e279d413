//! `kehoach lsp`: the language server for editors, over stdio (`--lang en` for English
//! messages). See docs/editors.md.

use super::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Kept for editors that pass `--stdio`; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(ctx: &Context, _args: Args) -> i32 {
    crate::lsp::run(ctx.lang)
}
