//! `kehoach schema`: the format's JSON Schema (draft-07), for editors and other tools.

use super::Context;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> i32 {
    let schema = crate::plan::schema();
    match serde_json::to_string_pretty(schema) {
        Ok(text) => {
            println!("{text}");
            0
        }
        Err(e) => ctx.usage_error(&e.to_string(), &e.to_string()),
    }
}
