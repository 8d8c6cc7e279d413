//! What a plan's outputs are made from, and whether they are current: the hash of the tool,
//! the templates, the plan and every file it read, and the files recorded for it in the
//! manifest, so an unchanged plan is told without being read as YAML. Writes nothing.

use std::path::Path;

use super::Job;
use crate::discover::PlanFile;
use crate::load::LoadedPlan;
use crate::manifest;

/// A data file's bytes for the hash: a regular file only, at most the size a data file may be.
fn data_bytes(path: &Path) -> Vec<u8> {
    crate::source::read_bounded(path, crate::appendix::data::MAX_DATA_BYTES).unwrap_or_default()
}

/// What a plan's outputs are made from besides its text, as the manifest records it.
pub(super) fn reads_of(loaded: &LoadedPlan) -> manifest::Reads {
    let text = |p: &Path| p.to_string_lossy().into_owned();
    manifest::Reads {
        kind: loaded.plan.kind.value.0.clone(),
        data: loaded.plan.data_files().map(str::to_owned).collect(),
        parents: crate::cascade::ancestors(loaded)
            .into_iter()
            .map(|(path, by)| {
                let by = by.map(|b| text(&std::path::absolute(&b).unwrap_or(b)));
                (text(&path), by)
            })
            .collect(),
    }
}

/// The hash of what a plan's outputs are made from, whatever their format: the tool and the
/// templates of its kind, the plan's text, its data files (each read once), and the plans it
/// takes totals from, with theirs.
pub(super) fn inputs_hash(job: &Job, path: &Path, text: &str, reads: &manifest::Reads) -> String {
    let base = path.parent().unwrap_or(Path::new("."));
    let mut parts: Vec<Vec<u8>> = vec![
        job.tool.as_bytes().to_vec(),
        job.templates.identity_for(&reads.kind).into_bytes(),
        text.as_bytes().to_vec(),
    ];
    for name in &reads.data {
        parts.push(name.as_bytes().to_vec());
        parts.push(data_bytes(&base.join(name)));
    }
    for (ancestor, _) in &reads.parents {
        parts.push(ancestor.as_bytes().to_vec());
        parts.push(data_bytes(Path::new(ancestor)));
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    manifest::hash(&refs)
}

/// Each output of `plan` with the hash of what it is made from (`made_from` and its format).
pub(super) fn output_hashes(job: &Job, plan: &PlanFile, made_from: &str) -> Vec<(String, String)> {
    job.renderers
        .iter()
        .map(|r| {
            let ext = r.extension();
            let h = manifest::hash(&[made_from.as_bytes(), ext.as_bytes()]);
            (relative(plan, ext), h)
        })
        .collect()
}

/// Whether every output of `plan` is current, told from the manifest alone: the plan's `text`
/// (not parsed) and the files it read last time, unchanged. `None` when that cannot be told
/// so (no record, a link leading elsewhere now): the plan is loaded as usual.
pub(super) fn current_unread(
    plan: &PlanFile,
    job: &Job,
    text: &str,
) -> Option<Vec<(String, String)>> {
    let first = relative(plan, job.renderers.first()?.extension());
    let reads = job
        .manifest
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .reads(&first)?
        .clone();
    let still_there = reads.parents.iter().all(|(path, by)| match by {
        Some(by) => Path::new(by).canonicalize().ok().as_deref() == Some(Path::new(path)),
        None => true,
    });
    if !still_there {
        return None;
    }
    let inputs = output_hashes(job, plan, &inputs_hash(job, &plan.path, text, &reads));
    let m = job.manifest.lock().unwrap_or_else(|e| e.into_inner());
    let current = inputs
        .iter()
        .all(|(rel, h)| m.reads(rel) == Some(&reads) && m.is_current(job.out, rel, h));
    current.then_some(inputs)
}

/// An output's path relative to the output folder, with `/` on every system.
pub(super) fn relative(plan: &PlanFile, ext: &str) -> String {
    plan.output(Path::new(""), ext)
        .to_string_lossy()
        .replace('\\', "/")
}
