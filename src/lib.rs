//! kehoach: Vietnamese plans (Kế hoạch) and directives (Chỉ thị) written as YAML, checked and
//! turned into the documents that get signed.
//!
//! The pipeline runs one way, owned by [`pipeline`]: [`load`] (YAML with positions) →
//! [`check`] (the rules) → [`cascade`] (totals taken from parent plans) → [`appendix`] (the
//! tables computed) → [`enrich`] (the render model)
//! → [`render`] (PDF, DOCX). The command-line front end is [`cli`]; `main.rs` only calls it.
//! ARCHITECTURE.md draws the layers.

pub mod agenda;
pub mod appendix;
pub mod bao_cao;
pub mod cascade;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod enrich;
pub mod fonts;
pub mod http;
pub mod import;
pub mod lang;
pub mod load;
pub mod lsp;
pub mod manifest;
pub mod new_plan;
pub mod output;
pub mod pattern;
pub mod pipeline;
pub mod plan;
pub mod preview;
pub mod render;
pub mod report;
pub mod source;
pub mod vietnamese;
pub mod watch;
