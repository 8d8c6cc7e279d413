//! Plans that know each other: a province → district → commune cascade of quotas
//! (`tests/fixtures/cascade/`), loops, parents outside the project, rows taken twice.

mod common;

use std::path::Path;

use common::*;

const CASCADE: &str = "tests/fixtures/cascade/";

fn errors(diags: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    diags.iter().filter(|d| d["severity"] == "error").collect()
}

#[test]
fn a_wrong_figure_and_a_late_deadline_are_found_at_their_lines() {
    let (code, diags) = check_json(&[CASCADE]);
    assert_eq!(code, 1);
    let errs = errors(&diags);
    let at: Vec<_> = places(&errs.iter().map(|d| (*d).clone()).collect::<Vec<_>>());
    assert_eq!(
        at,
        vec![
            p("ke-hoach.yaml", 19, 15, "cascade-outside-parent"),
            p("ke-hoach.yaml", 30, 18, "cascade-mismatch"),
        ],
        "{diags:#?}"
    );
    for d in &errs {
        assert!(
            d["file"]
                .as_str()
                .unwrap()
                .ends_with("xa-que-chau/ke-hoach.yaml")
        );
    }
    // The messages name the parent's value and where it is.
    let mismatch = errs[1]["message"].as_str().unwrap();
    assert!(
        mismatch.contains("3.090")
            && mismatch.contains("3.190")
            && mismatch.contains("huyen-que-son/ke-hoach.yaml:27:14"),
        "{mismatch}"
    );
    let late = errs[0]["message"].as_str().unwrap();
    assert!(
        late.contains("15/9/2023")
            && late.contains("31/8/2023")
            && late.contains("huyen-que-son/ke-hoach.yaml:19:15"),
        "{late}"
    );
}

#[test]
fn each_level_takes_its_parents_computed_figure() {
    let quota = |plan: &str, row: usize| {
        let o = kehoach(&["appendix", "--format", "json", plan]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let table = &v.as_array().map_or(&v, |a| &a[0]);
        (
            table["rows"][row]["quota"].clone(),
            table["totals"]["quota"].clone(),
        )
    };
    // The province splits 31.600 by what is left: Quế Sơn gets 7.585.
    let (que_son, _) = quota("tests/fixtures/cascade/tinh/ke-hoach.yaml", 0);
    // The district allocates exactly that, its first commune getting 3.190.
    let (que_chau, district) = quota("tests/fixtures/cascade/huyen-que-son/ke-hoach.yaml", 0);
    assert_eq!(district, que_son);
    assert_eq!(que_chau, serde_json::json!(3190));
    // The right commune plan allocates its row of the district's table.
    let (_, commune) = quota("tests/fixtures/cascade/xa-que-phong/ke-hoach.yaml", 0);
    let (que_phong, _) = quota("tests/fixtures/cascade/huyen-que-son/ke-hoach.yaml", 1);
    assert_eq!(commune, que_phong);
}

/// A plan taking its quota from `parent` (a path from its folder), row `row`.
fn child(name: &str, parent: &str, row: &str) -> String {
    format!(
        "kind: ke-hoach\nauthority: {{ name: UBND XÃ {name}, code: UBND }}\nplace: A\n\
         date: 05/6/2023\nsubject: Chỉ tiêu\nsigner: {{ title: CHỦ TỊCH }}\n\
         appendices:\n  - title: Chỉ tiêu\n    rows:\n      - {{ unit: Thôn Một, eligible: 10 }}\n\
         \x20     - {{ unit: Thôn Hai, eligible: 20 }}\n    columns:\n\
         \x20     - {{ key: unit, label: Đơn vị }}\n\
         \x20     - {{ key: eligible, label: Đủ điều kiện }}\n\
         \x20     - {{ key: quota, label: Chỉ tiêu, allocate: {{ from: {{ plan: {parent}, row: {row}, column: quota }}, by: eligible }} }}\n"
    )
}

fn codes(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = kehoach_in(dir, &all);
    let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    errors(&v)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn plans_that_take_from_each_other_are_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), child("A", "b.yaml", "Thôn Một")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), child("B", "a.yaml", "Thôn Một")).unwrap();
    let found = codes(dir.path(), &["a.yaml"]);
    assert!(found.contains(&"cascade-loop".to_owned()), "{found:?}");
    let o = kehoach_in(dir.path(), &["check", "a.yaml"]);
    assert!(
        stdout(&o).contains("a.yaml → b.yaml → a.yaml"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_parent_outside_the_project_is_not_read_even_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(
        dir.path().join("outside.yaml"),
        child("X", "none.yaml", "Thôn Một"),
    )
    .unwrap();
    std::fs::write(
        project.join("a.yaml"),
        child("A", "../outside.yaml", "Thôn Một"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("outside.yaml"), project.join("link.yaml")).unwrap();
    std::fs::write(project.join("b.yaml"), child("B", "link.yaml", "Thôn Một")).unwrap();
    for plan in ["project/a.yaml", "project/b.yaml"] {
        let o = kehoach_in(dir.path(), &["check", "--format", "json", "project/", plan]);
        let v: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        let outside: Vec<_> = v
            .iter()
            .filter(|d| {
                d["code"] == "cascade-parent"
                    && d["message"]
                        .as_str()
                        .unwrap()
                        .contains("outside the project")
                    || d["message"]
                        .as_str()
                        .unwrap()
                        .contains("ngoài thư mục dự án")
            })
            .collect();
        assert!(!outside.is_empty(), "{plan}: {v:#?}");
    }
}

#[test]
fn two_plans_cannot_take_the_same_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parent.yaml"), child("P", "none.yaml", "x")).unwrap();
    // The parent takes its own total from nowhere: give it a written one instead.
    let parent = std::fs::read_to_string(dir.path().join("parent.yaml"))
        .unwrap()
        .replace(
            "from: { plan: none.yaml, row: x, column: quota }",
            "total: 100",
        );
    std::fs::write(dir.path().join("parent.yaml"), parent).unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        child("A", "parent.yaml", "Thôn Hai"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        child("B", "parent.yaml", "Thôn Hai"),
    )
    .unwrap();
    let found = codes(dir.path(), &["."]);
    assert!(
        !found.is_empty() && found.iter().all(|c| c == "cascade-over-parent"),
        "{found:?}"
    );
    let o = kehoach_in(dir.path(), &["--lang", "en", "check", "."]);
    assert!(stdout(&o).contains("is already taken by"), "{}", stdout(&o));
    // Each alone is fine.
    assert!(codes(dir.path(), &["a.yaml"]).is_empty());
}

#[test]
fn a_missing_row_is_named_with_the_closest_one() {
    let dir = tempfile::tempdir().unwrap();
    let parent =
        child("P", "x", "x").replace("from: { plan: x, row: x, column: quota }", "total: 100");
    std::fs::write(dir.path().join("parent.yaml"), parent).unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        child("A", "parent.yaml", "Thôn Hia"),
    )
    .unwrap();
    let o = kehoach_in(dir.path(), &["--lang", "en", "check", "a.yaml"]);
    let out = stdout(&o);
    assert!(
        out.contains("cascade-parent") && out.contains("has no row \"Thôn Hia\" (\"Thôn Hai\"?)"),
        "{out}"
    );
}

/// A copy of the province, a district and a commune of the cascade fixture: the folder, and
/// `cascade/` in it.
fn three_levels() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("cascade");
    for level in ["tinh", "huyen-que-son", "xa-que-phong"] {
        std::fs::create_dir_all(project.join(level)).unwrap();
        let from = root().join(CASCADE).join(level).join("ke-hoach.yaml");
        std::fs::copy(from, project.join(level).join("ke-hoach.yaml")).unwrap();
    }
    (dir, project)
}

#[test]
fn a_changed_parent_rebuilds_its_children() {
    let (dir, project) = three_levels();
    let build = || {
        stdout(&kehoach_in(
            dir.path(),
            &["build", "--out", "out", "cascade"],
        ))
    };
    assert!(build().contains("(0 không đổi)"));
    assert!(build().contains("(3 không đổi)"));
    // The province gives more: the district and the commune are built again.
    replace_in(
        &project.join("tinh/ke-hoach.yaml"),
        "total: 31.600",
        "total: 31.700",
    );
    assert!(build().contains("(0 không đổi)"));
}

#[cfg(unix)]
#[test]
fn a_parent_reached_through_a_link_that_now_leads_elsewhere_rebuilds_its_children() {
    let (dir, project) = three_levels();
    // The district takes its total from `tinh/hien-hanh.yaml`, a link to the province's plan
    // in force; a second version of that plan gives more, under another name, outside the
    // folder that is built.
    replace_in(
        &project.join("huyen-que-son/ke-hoach.yaml"),
        "plan: ../tinh/ke-hoach.yaml",
        "plan: ../tinh/hien-hanh.yaml",
    );
    let versions = project.join("tinh/ban");
    std::fs::create_dir_all(&versions).unwrap();
    let province = std::fs::read_to_string(project.join("tinh/ke-hoach.yaml")).unwrap();
    std::fs::write(
        versions.join("moi.yaml"),
        province.replace("total: 31.600", "total: 31.700"),
    )
    .unwrap();
    let link = project.join("tinh/hien-hanh.yaml");
    std::os::unix::fs::symlink("ke-hoach.yaml", &link).unwrap();
    let build = || {
        let o = kehoach_in(dir.path(), &["build", "--out", "out", "cascade"]);
        stdout(&o)
    };
    // Which plans a build made again (`✓`), by their folder.
    let built = |out: &str| -> Vec<String> {
        let mut v: Vec<String> = out
            .lines()
            .filter(|l| l.contains("✓ "))
            .filter_map(|l| {
                ["huyen-que-son", "xa-que-phong"]
                    .into_iter()
                    .find(|n| l.contains(n))
            })
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    let both = vec!["huyen-que-son".to_owned(), "xa-que-phong".to_owned()];
    assert_eq!(built(&build()), both);
    assert_eq!(built(&build()), Vec::<String>::new(), "nothing changed");
    // The link now leads to the new version: the same paths, other figures.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("ban/moi.yaml", &link).unwrap();
    let out = build();
    assert_eq!(built(&out), both, "{out}");
}
