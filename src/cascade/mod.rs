//! Plans that know each other: an allocation whose total is a cell of a parent plan's computed
//! table (`allocate: { from: { plan, appendix, row, column }, by }`), so a commune's quota is
//! the district's figure, not a retyped one.
//!
//! Before a plan's tables are computed, [`resolve`] finds each parent (a path from the plan's
//! folder, inside the project's tree, links resolved first), reads it and computes its tables
//! (its own parents first; plans that take from each other in a loop are an error), and takes
//! the figure. It checks the child against the parent: a written `total` agrees with the figure,
//! the child's period lies inside the parent's, and no deadline of the child falls after the
//! parent's. [`over_parent`] compares, across the plans checked together, what the children take
//! with what the parent gives.
//!
//! `figure.rs` reads the parent's cell and compares a written total; `limits.rs` holds the
//! child's dates to the parent's; `across.rs` has the rules across plans and the files a plan's
//! figures come from. Not here: computing a table ([`crate::appendix`]), the rules of one plan
//! ([`crate::check`]).

mod across;
mod figure;
mod limits;

pub use across::{ancestor_files, ancestors, over_parent};
use figure::{agree, figure};
use limits::limits;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use num_rational::BigRational;

use crate::appendix::{AppendixTable, Overrides};
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::load::LoadedPlan;
use crate::msg;
use crate::plan::Column;
use crate::source::{SourceFile, Span};

/// A child's claim on a parent's cell, for [`over_parent`].
#[derive(Clone, Debug)]
pub struct Link {
    pub child: Arc<SourceFile>,
    /// The child's `from`.
    pub span: Span,
    pub parent: PathBuf,
    pub parent_name: String,
    pub appendix: usize,
    pub column: String,
    pub row: String,
    pub figure: BigRational,
    /// The parent column's total: what it gives all its rows.
    pub parent_total: BigRational,
}

/// What the cascade found for one plan.
#[derive(Default)]
pub struct Resolved {
    pub cascaded: BTreeMap<(usize, String), BigRational>,
    pub links: Vec<Link>,
    pub problems: Vec<Diagnostic>,
}

/// A parent, read and computed (`loaded` is None when it could not be read).
pub struct Parent {
    pub loaded: Option<LoadedPlan>,
    pub tables: Vec<AppendixTable>,
    /// Problems of the parent itself (errors make it unusable).
    errors: Vec<Diagnostic>,
}

/// The folders named on the command line: a parent must lie inside the one that holds the
/// child (or else inside the child's repository, or the current folder).
static ROOTS: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// Sets the project folders of this run (the folders given on the command line).
pub fn set_roots(folders: &[PathBuf]) {
    let roots = folders
        .iter()
        .filter(|f| f.is_dir())
        .filter_map(|f| f.canonicalize().ok())
        .collect();
    let _ = ROOTS.set(roots);
}

/// The project's tree for a plan at `child` (canonical): the folder given on the command line
/// that holds it; else its git repository; else the current folder, when it holds it; else its
/// own folder.
fn project_root(child: &Path) -> PathBuf {
    if let Some(root) = ROOTS
        .get()
        .and_then(|roots| roots.iter().find(|r| child.starts_with(r)))
    {
        return root.clone();
    }
    if let Some(repo) = child.ancestors().skip(1).find(|a| a.join(".git").exists()) {
        return repo.to_path_buf();
    }
    match std::env::current_dir().and_then(|d| d.canonicalize()) {
        Ok(cwd) if child.starts_with(&cwd) => cwd,
        _ => child.parent().map_or_else(PathBuf::new, Path::to_path_buf),
    }
}

/// `path` (canonical) as messages show it: from the current folder when inside it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Parents already computed in this process, by path, with the file's length and time.
type Cache = HashMap<PathBuf, (u64, Option<std::time::SystemTime>, Arc<Parent>)>;
static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();

/// The totals `loaded` takes from its parents, and every problem with them.
pub fn resolve(loaded: &LoadedPlan) -> Resolved {
    let me = loaded.file.path().canonicalize().ok();
    resolve_with(loaded, &me.into_iter().collect::<Vec<_>>())
}

fn resolve_with(loaded: &LoadedPlan, stack: &[PathBuf]) -> Resolved {
    let mut r = Resolved::default();
    let mut limits_checked = false;
    for (index, appendix) in loaded.plan.appendices.iter().enumerate() {
        for column in leaves(&appendix.columns) {
            let Some(from) = column.allocate.as_ref().and_then(|a| a.from.as_ref()) else {
                continue;
            };
            let Some(key) = &column.key else {
                continue;
            };
            let written = &from.value.plan;
            let Some((parent, path)) = find_parent(loaded, written, stack, &mut r.problems) else {
                continue;
            };
            let Some(link) = figure(loaded, from, &parent, &path, &mut r.problems) else {
                continue;
            };
            let Some(parent) = parent.loaded.as_ref() else {
                continue;
            };
            if let Some(total) = column.allocate.as_ref().and_then(|a| a.total.as_ref()) {
                agree(loaded, total, &link, parent, &mut r.problems);
            }
            if !limits_checked {
                limits_checked = true;
                limits(loaded, parent, link.appendix, &mut r.problems);
            }
            r.cascaded
                .insert((index, key.value.clone()), link.figure.clone());
            r.links.push(link);
        }
    }
    r
}

/// The columns of a table that hold figures (groups' columns, not the groups).
fn leaves(columns: &[Column]) -> Vec<&Column> {
    columns
        .iter()
        .flat_map(|c| {
            if c.columns.is_empty() {
                vec![c]
            } else {
                leaves(&c.columns)
            }
        })
        .collect()
}

fn error(
    problems: &mut Vec<Diagnostic>,
    code: Code,
    file: &Arc<SourceFile>,
    span: Span,
    m: Message,
) {
    problems.push(Diagnostic::new(code, file, span, m));
}

/// Says why a parent cannot be used (`cascade-parent`); nothing to take from it.
fn unusable<T>(
    problems: &mut Vec<Diagnostic>,
    file: &Arc<SourceFile>,
    span: Span,
    m: Message,
) -> Option<T> {
    error(problems, Code::CascadeParent, file, span, m);
    None
}

/// The plan a report is on (`reports_on.plan`), found, read and computed as a parent is (in
/// the project's tree, without errors); `None` after saying why it cannot be used.
pub fn reported(
    loaded: &LoadedPlan,
    written: &crate::plan::Text,
    problems: &mut Vec<Diagnostic>,
) -> Option<Arc<Parent>> {
    let me = loaded.file.path().canonicalize().ok();
    let stack: Vec<PathBuf> = me.into_iter().collect();
    find_parent(loaded, written, &stack, problems).map(|(p, _)| p)
}

/// The parent named by `written`, read and computed; `None` after saying why it cannot be
/// used.
fn find_parent(
    loaded: &LoadedPlan,
    written: &crate::plan::Text,
    stack: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
) -> Option<(Arc<Parent>, PathBuf)> {
    let file = &loaded.file;
    let span = file.span_of(&written.at);
    let name = &written.value;
    let base = file.path().parent().unwrap_or(Path::new("."));
    let Ok(path) = base.join(name).canonicalize() else {
        return unusable(
            problems,
            file,
            span,
            msg!(
                "không có kế hoạch cấp trên `{name}` (tính từ thư mục của kế hoạch này)",
                "there is no parent plan `{name}` (from this plan's folder)"
            ),
        );
    };
    let me = file.path().canonicalize().unwrap_or_default();
    if !path.starts_with(project_root(&me)) || !path.is_file() {
        return unusable(
            problems,
            file,
            span,
            msg!(
                "kế hoạch cấp trên `{name}` nằm ngoài thư mục dự án: chỉ đọc được kế hoạch trong thư mục đó",
                "the parent plan `{name}` is outside the project's folder: only plans inside it can be read"
            ),
        );
    }
    if stack.contains(&path) {
        let chain: Vec<String> = stack
            .iter()
            .chain([&path])
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let chain = chain.join(" → ");
        error(
            problems,
            Code::CascadeLoop,
            file,
            span,
            msg!(
                "các kế hoạch lấy chỉ tiêu của nhau thành vòng: {chain}",
                "the plans take their totals from each other in a loop: {chain}"
            ),
        );
        return None;
    }
    let parent = computed(&path, stack)?;
    // A loop found further up is this plan's loop too: say it here, where it starts.
    if let Some(lp) = parent.errors.iter().find(|e| e.code == Code::CascadeLoop) {
        error(problems, Code::CascadeLoop, file, span, lp.message.clone());
        return None;
    }
    if let Some(first) = parent.errors.first() {
        let at = first.file.position(first.span.start);
        let place = format!("{}:{}:{}", first.file.name(), at.line, at.column);
        return unusable(
            problems,
            file,
            span,
            msg!(
                "kế hoạch cấp trên `{name}` có lỗi ({place}); sửa nó trước",
                "the parent plan `{name}` has errors ({place}); mend it first"
            ),
        );
    }
    parent.loaded.as_ref()?;
    Some((parent, path))
}

/// The parent at `path` (canonical), read and computed once per process and file version.
pub(super) fn computed(path: &Path, stack: &[PathBuf]) -> Option<Arc<Parent>> {
    let meta = std::fs::metadata(path).ok()?;
    let stamp = (meta.len(), meta.modified().ok());
    let cache = CACHE.get_or_init(Default::default);
    if let Some((len, time, parent)) = cache.lock().ok()?.get(path)
        && (*len, *time) == stamp
    {
        return Some(Arc::clone(parent));
    }
    let file = match crate::load::read_source(&shown(path)).ok()? {
        Ok(file) => file,
        Err(d) => return Some(Arc::new(Parent::failed(d))),
    };
    let loaded = match crate::load::parse(file) {
        Ok(loaded) => loaded,
        Err(failure) => {
            let first = failure.problems.into_iter().next()?;
            return Some(Arc::new(Parent::failed(first)));
        }
    };
    let mut deeper = stack.to_vec();
    deeper.push(path.to_path_buf());
    let resolved = resolve_with(&loaded, &deeper);
    let overrides = Overrides {
        cascaded: resolved.cascaded,
        ..Overrides::default()
    };
    let (tables, problems) = crate::appendix::compute_all(&loaded, &overrides);
    let errors = resolved
        .problems
        .into_iter()
        .chain(problems)
        .filter(Diagnostic::is_error)
        .collect();
    let parent = Arc::new(Parent {
        loaded: Some(loaded),
        tables,
        errors,
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), (stamp.0, stamp.1, Arc::clone(&parent)));
    }
    Some(parent)
}

impl Parent {
    /// A parent that could not be read: `problem` says why.
    fn failed(problem: Diagnostic) -> Parent {
        Parent {
            loaded: None,
            tables: Vec::new(),
            errors: vec![problem],
        }
    }
}
