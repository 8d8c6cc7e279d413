//! The one way through a plan, in this order and nowhere else:
//!
//! load (YAML with positions) → check (the rules; the totals taken from parent plans) →
//! compute (the appendix tables) → enrich (the render model) → render (Typst → PDF; DOCX).
//!
//! Every command (`check`, `appendix`, `build`) and the benchmarks go through here, so no
//! stage is run twice or out of order. The stages know nothing of each other; this module
//! hands each the previous one's output.

use std::io;
use std::path::Path;
use std::sync::Arc;

use crate::appendix::{AppendixTable, Overrides};
use crate::cascade::Link;
use crate::diagnostic::Diagnostic;
use crate::enrich::Document;
use crate::load::LoadedPlan;
use crate::render::{RenderError, Renderer};
use crate::source::SourceFile;

/// A plan that was read, checked and computed: its tables and every problem, sorted, the
/// warnings the plan allows left out.
pub struct Checked {
    pub loaded: LoadedPlan,
    pub tables: Vec<AppendixTable>,
    pub problems: Vec<Diagnostic>,
    /// What the plan takes from parent plans, for the rules across plans
    /// ([`crate::cascade::over_parent`]).
    pub links: Vec<Link>,
    /// A report's table, and the figures the text names ([`crate::bao_cao`]).
    pub report: crate::bao_cao::Outcome,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }
}

/// Load: a file → its plan, or every problem in it. `Err` is an I/O problem.
pub fn load(path: &Path) -> io::Result<Result<LoadedPlan, Vec<Diagnostic>>> {
    Ok(match crate::load::read_source(path)? {
        Ok(file) => load_text(file),
        Err(d) => Err(vec![d]),
    })
}

/// Load from text already read. A file that is YAML but not of a plan's shape still has its
/// text checked (dates, times, weekdays), so one run shows every problem.
pub fn load_text(file: Arc<SourceFile>) -> Result<LoadedPlan, Vec<Diagnostic>> {
    crate::load::parse(file).map_err(|failure| {
        let mut problems = failure.problems;
        if let Some(tree) = &failure.tree {
            problems.extend(crate::check::check_strings(&failure.file, tree));
        }
        crate::diagnostic::sort(&mut problems);
        problems
    })
}

/// Check and compute: the rules, the totals taken from parent plans (the cascade), then the
/// tables (with `overrides` applied).
pub fn check(loaded: LoadedPlan, overrides: &Overrides) -> Checked {
    let mut problems = crate::check::check(&loaded);
    let cascade = crate::cascade::resolve(&loaded);
    problems.extend(cascade.problems);
    let overrides = Overrides {
        cascaded: cascade.cascaded,
        ..overrides.clone()
    };
    let (tables, more) = crate::appendix::compute_all(&loaded, &overrides);
    problems.extend(more);
    let mut report = crate::bao_cao::compute(&loaded, &tables);
    problems.append(&mut report.problems);
    crate::check::finish(&loaded, &mut problems);
    Checked {
        loaded,
        tables,
        problems,
        links: cascade.links,
        report,
    }
}

/// Every problem of one plan file, as `kehoach check` reports them, and what it takes from
/// parent plans. `Err` is an I/O problem.
pub fn check_file(path: &Path) -> io::Result<(Vec<Diagnostic>, Vec<Link>)> {
    Ok(match load(path)? {
        Ok(loaded) => {
            let checked = check(loaded, &Overrides::default());
            (checked.problems, checked.links)
        }
        Err(problems) => (problems, Vec::new()),
    })
}

/// Which tables `since` adds progress to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ProgressOf {
    /// Every table (`kehoach appendix --since`).
    Every,
    /// The appendices marked `progress: true` (`kehoach build --since`).
    Marked,
}

/// Progress since older figures (a data file or a git revision, `source`): the tables gain
/// the changes and the pace ([`crate::appendix::progress`]).
pub fn since(
    checked: &mut Checked,
    source: &str,
    date: Option<chrono::NaiveDate>,
    of: ProgressOf,
) -> Result<(), crate::lang::Message> {
    let marked = |i: usize| {
        of == ProgressOf::Every
            || checked
                .loaded
                .plan
                .appendices
                .get(i)
                .and_then(|a| a.progress.as_ref())
                .is_some_and(|p| p.value)
    };
    if !checked.tables.iter().any(|t| marked(t.index)) {
        return Ok(());
    }
    // The older figures take their parents' totals as the current ones do.
    let overrides = Overrides {
        cascaded: crate::cascade::resolve(&checked.loaded).cascaded,
        ..Overrides::default()
    };
    let before = crate::appendix::since::before(&checked.loaded, source, date, &overrides)?;
    let wanted: Vec<usize> = checked
        .tables
        .iter()
        .map(|t| t.index)
        .filter(|&i| marked(i))
        .collect();
    for table in checked
        .tables
        .iter_mut()
        .filter(|t| wanted.contains(&t.index))
    {
        if let Some(b) = before.iter().find(|b| b.table.index == table.index) {
            crate::appendix::progress::add(table, b);
        }
    }
    Ok(())
}

/// Enrich: a checked plan without errors → the render model.
pub fn enrich(checked: &Checked) -> Document {
    let report = checked.report.report.as_ref().map(|r| &r.table);
    crate::enrich::enrich(
        &checked.loaded,
        &checked.tables,
        report,
        &checked.report.values,
    )
}

/// Render: the model → each renderer's file (extension and bytes), all or none.
pub fn render(
    doc: &Document,
    name: &str,
    renderers: &[&dyn Renderer],
) -> Result<Vec<(&'static str, Vec<u8>)>, RenderError> {
    renderers
        .iter()
        .map(|r| Ok((r.extension(), r.render(doc, name)?)))
        .collect()
}
