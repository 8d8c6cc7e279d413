//! One plan → PDF as a cold process (issue: speed): `kehoach build --force` of the format
//! sketch (`../shared/format-sketch/plan.yaml`), beside `typst compile` of the Typst source
//! kehoach generates for that plan (`--to typ`: the same source, the same fonts, PDF/A-2b).
//! Each is the median of 41 runs, each a fresh process, the two taken in turn so both see the
//! same machine. The goal: kehoach ≤ 1,15 × typst. Also `check` of that plan alone.
//!
//! `cargo bench --bench cold`. typst-cli 0.15.1 is the anchor (`cargo install typst-cli
//! --version 0.15.1 --locked`); `KEHOACH_TYPST=/path/to/typst` names another binary. Without
//! it only kehoach's own times are printed. It prints; it never fails on a time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 41;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Seconds one run of `cmd` takes; it must succeed.
fn time(cmd: &mut Command) -> f64 {
    let t = Instant::now();
    let out = cmd.output().unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The typst binary to compare with, if there is one.
fn typst() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KEHOACH_TYPST") {
        return Some(PathBuf::from(p));
    }
    let found = Command::new("typst").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("typst"))
}

fn main() {
    let kehoach = env!("CARGO_BIN_EXE_kehoach");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let sketch = dir.path().join("sketch");
    copy_dir(&repo.join("../shared/format-sketch"), &sketch);
    let plan = sketch.join("plan.yaml");
    let typ = dir.path().join("typ");
    let out = dir.path().join("out");
    time(
        Command::new(kehoach)
            .args(["build", "--to", "typ", "--out"])
            .args([&typ, &plan]),
    );
    let typst = typst();
    let version = typst.as_ref().map(|t| {
        let v = Command::new(t).arg("--version").output().unwrap().stdout;
        String::from_utf8_lossy(&v).trim().to_owned()
    });
    let (mut ours, mut theirs, mut check) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(time(
            Command::new(kehoach)
                .args(["build", "--force", "--quiet", "--out"])
                .args([&out, &plan]),
        ));
        if let Some(t) = &typst {
            theirs.push(time(
                Command::new(t)
                    .arg("compile")
                    .arg("--root")
                    .arg(&typ)
                    .arg("--font-path")
                    .arg(repo.join("fonts"))
                    .args(["--ignore-system-fonts", "--pdf-standard", "a-2b"])
                    .arg(typ.join("plan.typ"))
                    .arg(dir.path().join("typst.pdf")),
            ));
        }
        check.push(time(Command::new(kehoach).arg("check").arg(&plan)));
    }
    let ms = |v: Vec<f64>| median(v) * 1e3;
    let (ours, check) = (ms(ours), ms(check));
    println!("one plan (the format sketch) as a cold process, median of {RUNS} runs:");
    println!("  kehoach build --force          {ours:>6.1} ms");
    match version {
        Some(v) => {
            let theirs = ms(theirs);
            println!("  typst compile, same source     {theirs:>6.1} ms   ({v})");
            println!(
                "  ratio                          {:>6.2} ×    goal ≤ 1,15 ×",
                ours / theirs
            );
        }
        None => println!(
            "  typst compile: no typst here (cargo install typst-cli --version 0.15.1 --locked, or KEHOACH_TYPST) — skipped"
        ),
    }
    println!("  kehoach check                  {check:>6.1} ms");
}
