//! What a build finds in its output folder besides what it writes: the outputs of plans that
//! are gone (reported; removed with `--prune`, only plain paths under `--out`) and the files
//! a killed run may have left half-written.

use std::path::{Path, PathBuf};

use super::{Job, relative};
use crate::cli::Context;
use crate::discover::PlanFile;
use crate::lang::Lang;
use crate::manifest::{self, Manifest};

/// The extensions of what `build` writes: the only files `--prune` may remove.
const OUTPUT_EXTENSIONS: [&str; 3] = ["pdf", "docx", "typ"];

/// Reports the outputs whose plan is gone from the disk, and removes them with `--prune`: only
/// those the manifest names as plain paths under `--out`. False if one could not be removed.
pub(super) fn orphans(ctx: &Context, job: &Job, prune: bool) -> bool {
    let mut m = job.manifest.lock().unwrap_or_else(|e| e.into_inner());
    let mut all_removed = true;
    for (rel, source) in m.orphans() {
        let shown = job.out.join(&rel);
        let Some(path) = manifest::inside(job.out, &rel, &OUTPUT_EXTENSIONS) else {
            // Not an output of ours: dropped from the manifest, never touched on the disk.
            m.outputs.remove(&rel);
            ctx.warn(
                &format!(
                    "bỏ qua mục {rel:?} trong {}: không phải tệp kết quả nằm trong --out",
                    manifest::FILE
                ),
                &format!(
                    "ignoring entry {rel:?} of {}: not an output inside --out",
                    manifest::FILE
                ),
            );
            continue;
        };
        let (vi, en) = if !prune {
            (
                "xoá bằng --prune".to_owned(),
                "remove with --prune".to_owned(),
            )
        } else {
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    m.outputs.remove(&rel);
                    ("đã xoá".to_owned(), "removed".to_owned())
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    m.outputs.remove(&rel);
                    ("đã không còn".to_owned(), "already gone".to_owned())
                }
                Err(e) => {
                    all_removed = false;
                    (
                        format!("không xoá được: {e}"),
                        format!("cannot remove it: {e}"),
                    )
                }
            }
        };
        match ctx.lang {
            Lang::Vi => println!("! {}: kế hoạch {source} không còn ({vi})", shown.display()),
            Lang::En => println!("! {}: the plan {source} is gone ({en})", shown.display()),
        }
    }
    all_removed
}

/// The files a run into `out` may have left half-written: every output the manifest names or
/// these plans would write, the `.typ` support files beside them, and the manifest itself.
pub(super) fn possible_outputs(
    out: &Path,
    m: &Manifest,
    plans: &[PlanFile],
    job_typ: &[String],
) -> Vec<PathBuf> {
    let mut targets = vec![out.join(manifest::FILE)];
    let rels = m.outputs.keys().cloned().chain(
        plans
            .iter()
            .flat_map(|p| OUTPUT_EXTENSIONS.iter().map(move |ext| relative(p, ext))),
    );
    for rel in rels {
        if let Some(path) = manifest::inside(out, &rel, &OUTPUT_EXTENSIONS) {
            if let Some(dir) = path.parent() {
                targets.extend(job_typ.iter().map(|n| dir.join(n)));
            }
            targets.push(path);
        }
    }
    targets.sort();
    targets.dedup();
    targets
}
