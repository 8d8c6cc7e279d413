//! The output folder is trusted no more than it must be: `--prune` removes only plain outputs
//! under `--out`, writes never follow a link out of it, a damaged output is rebuilt, two builds
//! into one folder keep each other's entries, and a manifest that cannot be written fails the
//! build.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A folder with `names` as fresh plans (`kehoach new`) under `plans/`, and `out/`.
fn project(names: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    for n in names {
        let path = plans.join(format!("{n}.yaml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        assert_ok(&kehoach_in(dir.path(), &["new", path.to_str().unwrap()]));
    }
    let out = dir.path().join("out");
    (dir, plans, out)
}

fn build(out: &Path, plans: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = extra.to_vec();
    args.push(plans.to_str().unwrap());
    build_to(out, "pdf", &args)
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(kehoach::manifest::FILE)).unwrap()).unwrap()
}

fn set_manifest(out: &Path, m: &serde_json::Value) {
    std::fs::write(out.join(kehoach::manifest::FILE), m.to_string()).unwrap();
}

#[test]
fn prune_removes_only_outputs_inside_the_folder() {
    let (dir, plans, out) = project(&["a"]);
    assert_ok(&build(&out, &plans, &[]));
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let victims = ["victim.txt", "victim.pdf"].map(|n| outside.join(n));
    for v in &victims {
        std::fs::write(v, "keep me").unwrap();
    }
    // A manifest from elsewhere names files outside --out, and a folder that is not a file.
    std::fs::create_dir_all(out.join("folder.pdf")).unwrap();
    let mut m = manifest(&out);
    let entry = m["outputs"]["a.pdf"].clone();
    let mut gone = entry.clone();
    gone["source"] = "/nowhere/gone.yaml".into();
    for rel in [
        "../outside/victim.txt".to_owned(),
        "../outside/victim.pdf".to_owned(),
        victims[1].to_string_lossy().into_owned(),
        "folder.pdf".to_owned(),
    ] {
        m["outputs"][rel] = gone.clone();
    }
    set_manifest(&out, &m);
    let o = build(&out, &plans, &["--prune"]);
    for v in &victims {
        assert_eq!(
            std::fs::read_to_string(v).unwrap(),
            "keep me",
            "{}",
            v.display()
        );
    }
    let said = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    assert!(
        said.contains("victim.txt") && said.contains("--out"),
        "{said}"
    );
    assert!(
        said.contains("folder.pdf") && said.contains("không xoá được"),
        "{said}"
    );
    assert_eq!(code(&o), 1, "a folder that could not be removed: {said}");
    assert!(out.join("folder.pdf").is_dir() && out.join("a.pdf").is_file());
    // The manifest's bad entries are dropped; the one that could not go stays.
    let m = manifest(&out);
    let kept: Vec<&String> = m["outputs"].as_object().unwrap().keys().collect();
    assert_eq!(kept, ["a.pdf", "folder.pdf"]);
}

#[cfg(unix)]
#[test]
fn writes_do_not_follow_a_link_out_of_the_folder() {
    let (dir, plans, out) = project(&["sub/a", "b"]);
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("sub")).unwrap();
    let o = build(&out, &plans, &[]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("liên kết"), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written outside"
    );
    assert!(out.join("b.pdf").is_file(), "the other plan is built");
}

#[test]
fn the_start_of_a_build_removes_only_its_own_leftovers() {
    let (_dir, plans, out) = project(&["a"]);
    std::fs::create_dir_all(out.join("notes")).unwrap();
    // No process has the largest pids: these were left by runs that are gone.
    let ours = out.join(format!(".a.pdf.{}.tmp", u32::MAX - 1));
    let theirs = [
        out.join(format!(".notes.txt.{}.tmp", u32::MAX - 1)),
        out.join(format!("notes/.x.pdf.{}.tmp", u32::MAX - 1)),
    ];
    for f in theirs.iter().chain([&ours]) {
        std::fs::write(f, "x").unwrap();
    }
    assert_ok(&build(&out, &plans, &[]));
    assert!(!ours.exists());
    assert!(theirs.iter().all(|f| f.exists()));
}

#[test]
fn a_damaged_output_is_rebuilt() {
    let (_dir, plans, out) = project(&["a"]);
    assert_ok(&build(&out, &plans, &[]));
    let pdf = out.join("a.pdf");
    let good = std::fs::read(&pdf).unwrap();
    assert!(
        stdout(&build(&out, &plans, &[])).contains("= "),
        "unchanged"
    );
    for damaged in [good[..good.len() / 2].to_vec(), Vec::new(), {
        let mut same_size = good.clone();
        let last = same_size.len() - 10;
        same_size[last] ^= 1;
        same_size
    }] {
        std::fs::write(&pdf, &damaged).unwrap();
        let o = build(&out, &plans, &[]);
        assert_ok(&o);
        assert!(stdout(&o).contains("✓ "), "rebuilt: {}", stdout(&o));
        assert_eq!(std::fs::read(&pdf).unwrap(), good);
    }
    // Touched but not changed: still unchanged, and not rewritten.
    let f = std::fs::File::options().append(true).open(&pdf).unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
    assert!(stdout(&build(&out, &plans, &[])).contains("= "));
}

#[test]
fn two_builds_into_one_folder_keep_each_others_entries() {
    let (_dir, plans, out) = project(&["a/one", "b/two"]);
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&out);
        let run = |which: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
                .args(["build", "--to", "pdf", "--out"])
                .arg(&out)
                .arg(plans.join(which))
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| run("a"));
            let b = s.spawn(|| run("b"));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_ok(&a);
        assert_ok(&b);
        let m = manifest(&out);
        let entries = m["outputs"].as_object().unwrap();
        assert_eq!(entries.len(), 2, "{entries:?}");
    }
}

#[test]
fn a_manifest_that_cannot_be_written_fails_the_build() {
    let (_dir, plans, out) = project(&["a"]);
    // A folder where the manifest goes: it cannot be replaced.
    std::fs::create_dir_all(out.join(kehoach::manifest::FILE).join("x")).unwrap();
    let o = build(&out, &plans, &[]);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains(kehoach::manifest::FILE));
}
