//! Rebuilds skip what is unchanged, by file contents: exactly the plans a changed data file or
//! template made are built again; the outputs of a deleted plan are reported and, with
//! `--prune`, removed.

mod common;

use std::path::Path;
use std::time::SystemTime;

use common::*;

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

/// (built, unchanged) plan names in a build's output.
fn outcome(o: &std::process::Output) -> (Vec<String>, Vec<String>) {
    let out = stdout(o);
    assert!(
        !out.contains('\x1b'),
        "no escape codes off a terminal: {out}"
    );
    let names = |mark: &str| -> Vec<String> {
        let mut v: Vec<String> = out
            .lines()
            .filter_map(|l| l.split_once(mark).map(|(_, rest)| rest))
            .filter_map(|rest| rest.split(" → ").next())
            .map(|p| {
                Path::new(p)
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        v.sort();
        v
    };
    (names("✓ "), names("= "))
}

#[test]
fn a_rebuild_does_exactly_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(plans.join("data")).unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    std::fs::copy(&sketch, plans.join("a.yaml")).unwrap();
    std::fs::copy(
        shared("format-sketch/data/hoa-phu.csv"),
        plans.join("data/hoa-phu.csv"),
    )
    .unwrap();
    let inline = std::fs::read_to_string(&sketch).unwrap().replace(
        "rows: data/hoa-phu.csv",
        "rows: [{ unit: Thôn A, eligible: 5, level1: 1, level2: 1 }]",
    );
    std::fs::write(plans.join("b.yaml"), inline).unwrap();
    let o = kehoach_in(dir.path(), &["new", "--kind", "chi-thi", "plans/c.yaml"]);
    assert_ok(&o);
    let out = dir.path().join("out");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--to", "pdf,docx", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(plans.to_str().unwrap());
        let o = kehoach(&args);
        assert_ok(&o);
        outcome(&o)
    };
    let all = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    assert_eq!(build(&[]), (all.clone(), vec![]));
    let before = mtime(&out.join("a.pdf"));
    let manifest = mtime(&out.join(".kehoach-manifest.json"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(build(&[]), (vec![], all.clone()), "nothing changed");
    assert_eq!(
        mtime(&out.join("a.pdf")),
        before,
        "an unchanged output is not touched"
    );
    assert_eq!(
        mtime(&out.join(".kehoach-manifest.json")),
        manifest,
        "nor is the manifest"
    );
    // One figure of a's data file.
    let csv = std::fs::read_to_string(plans.join("data/hoa-phu.csv")).unwrap();
    std::fs::write(
        plans.join("data/hoa-phu.csv"),
        csv.replacen("812", "813", 1),
    )
    .unwrap();
    assert_eq!(
        build(&[]),
        (vec!["a".to_owned()], vec!["b".to_owned(), "c".to_owned()])
    );
    assert_eq!(build(&["--force"]), (all.clone(), vec![]));
    // Templates: the Kế hoạch template makes a and b, not the Chỉ thị c.
    let t = dir.path().join("templates");
    std::fs::create_dir(&t).unwrap();
    for f in std::fs::read_dir(root().join("templates/typst")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, t.join(f.file_name().unwrap())).unwrap();
    }
    let tt = ["--templates", t.to_str().unwrap()];
    assert_eq!(
        build(&tt),
        (all.clone(), vec![]),
        "other templates, other documents"
    );
    assert_eq!(build(&tt), (vec![], all.clone()));
    let kh = t.join("ke-hoach.typ.tera");
    let text = std::fs::read_to_string(&kh).unwrap();
    std::fs::write(&kh, format!("{text}\n// một dòng chú thích\n")).unwrap();
    assert_eq!(
        build(&tt),
        (vec!["a".to_owned(), "b".to_owned()], vec!["c".to_owned()])
    );
    // A deleted plan: its outputs are reported, then removed with --prune.
    std::fs::remove_file(plans.join("b.yaml")).unwrap();
    let templates = t.to_str().unwrap();
    let rebuild = |extra: &[&str]| {
        let mut args = vec!["--templates", templates];
        args.extend_from_slice(extra);
        args.push(plans.to_str().unwrap());
        build_to(&out, "pdf,docx", &args)
    };
    let o = rebuild(&[]);
    assert!(
        stdout(&o).contains("b.pdf") && stdout(&o).contains("--prune"),
        "{}",
        stdout(&o)
    );
    assert!(out.join("b.pdf").exists());
    let o = rebuild(&["--prune"]);
    assert_ok(&o);
    assert!(!out.join("b.pdf").exists() && !out.join("b.docx").exists());
    assert!(out.join("a.pdf").exists());
    // A moved folder of plans: its outputs are current, not orphans, even with --prune.
    let moved = dir.path().join("moved");
    std::fs::rename(&plans, &moved).unwrap();
    let o = build_to(
        &out,
        "pdf,docx",
        &["--prune", "--templates", templates, moved.to_str().unwrap()],
    );
    assert_ok(&o);
    assert_eq!(outcome(&o), (vec![], vec!["a".to_owned(), "c".to_owned()]));
    assert!(out.join("a.pdf").exists() && out.join("c.pdf").exists());
}
