//! kehoach: Vietnamese plans (Kế hoạch) and directives (Chỉ thị) written as YAML, checked and
//! turned into the documents that get signed.
//!
//! The pipeline runs one way: [`load`] (YAML with positions) → [`check`] (every problem in one
//! run) → enrich → render. The command-line front end is [`cli`]; `main.rs` only calls it.

pub mod appendix;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod enrich;
pub mod fonts;
pub mod lang;
pub mod load;
pub mod output;
pub mod plan;
pub mod render;
pub mod report;
pub mod source;
pub mod vietnamese;
