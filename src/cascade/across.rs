//! What holds across plans: the children of one parent checked together, and the files a
//! plan's figures come from (for incremental builds).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use num_rational::BigRational;

use super::{Link, computed, leaves};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::LoadedPlan;
use crate::msg;

/// The files a plan's figures come from besides its own: its parents, their parents, and
/// their data files, once each (for incremental builds: a changed district plan rebuilds its
/// communes'). Files that cannot be read are left out; checking reports them.
pub fn ancestor_files(loaded: &LoadedPlan) -> Vec<PathBuf> {
    ancestors(loaded)
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// [`ancestor_files`], each parent plan with the path it was reached by (before links were
/// resolved), so a later run can tell whether that path still leads to the same file.
pub fn ancestors(loaded: &LoadedPlan) -> Vec<(PathBuf, Option<PathBuf>)> {
    let mut seen: Vec<PathBuf> = loaded.file.path().canonicalize().into_iter().collect();
    let mut out = Vec::new();
    let mut todo = vec![parents_of(loaded)];
    while let Some(paths) = todo.pop() {
        for (path, reached_by) in paths {
            if seen.contains(&path) {
                continue;
            }
            seen.push(path.clone());
            out.push((path.clone(), Some(reached_by)));
            // The parent as the cascade read it (once per process and file version).
            let Some(parent) = computed(&path, &[]) else {
                continue;
            };
            let Some(parent) = parent.loaded.as_ref() else {
                continue;
            };
            let base = path.parent().unwrap_or(Path::new("."));
            out.extend(parent.plan.data_files().map(|name| (base.join(name), None)));
            todo.push(parents_of(parent));
        }
    }
    out
}

/// The plans `loaded` names in `allocate.from`, as canonical paths (those that exist), each
/// with the path it was named by.
fn parents_of(loaded: &LoadedPlan) -> Vec<(PathBuf, PathBuf)> {
    let base = loaded.file.path().parent().unwrap_or(Path::new("."));
    loaded
        .plan
        .appendices
        .iter()
        .flat_map(|a| leaves(&a.columns))
        .filter_map(|c| c.allocate.as_ref()?.from.as_ref())
        .map(|f| &f.value.plan.value)
        // A report's plan is what its figures are computed by.
        .chain(loaded.plan.reports_on.iter().map(|r| &r.value.plan.value))
        .filter_map(|p| {
            let named = base.join(p);
            Some((named.canonicalize().ok()?, named))
        })
        .collect()
}

/// Across plans checked together: two children taking the same row, or children taking more
/// in all than the parent's column gives.
pub fn over_parent(links: &[Link]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(PathBuf, usize, String), Vec<&Link>> = BTreeMap::new();
    for l in links {
        groups
            .entry((l.parent.clone(), l.appendix, l.column.clone()))
            .or_default()
            .push(l);
    }
    let mut out = Vec::new();
    for children in groups.values() {
        let mut taken: HashMap<&str, &Link> = HashMap::new();
        for l in children {
            if let Some(first) = taken.insert(l.row.as_str(), l) {
                let (row, other) = (&l.row, first.child.name());
                out.push(Diagnostic::new(
                    Code::CascadeOverParent,
                    &l.child,
                    l.span,
                    msg!(
                        "dòng \"{row}\" của {} đã được {other} nhận",
                        "the row \"{row}\" of {} is already taken by {other}",
                        l.parent_name
                    ),
                ));
            }
        }
        let sum: BigRational = children.iter().map(|l| l.figure.clone()).sum();
        let given = &children[0].parent_total;
        if &sum > given {
            let (s, g) = (
                crate::vietnamese::number(&sum),
                crate::vietnamese::number(given),
            );
            for l in children {
                out.push(Diagnostic::new(Code::CascadeOverParent, &l.child, l.span, msg!(
                    "các kế hoạch cấp dưới nhận tổng cộng {s}, hơn {g} mà {} giao ở cột `{}`",
                    "the child plans take {s} in all, more than the {g} that {} gives in column `{}`",
                    l.parent_name,
                    l.column
                )));
            }
        }
    }
    out
}
