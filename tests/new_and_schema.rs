//! `kehoach new` and `kehoach schema`, run as a user runs them.

mod common;

use common::*;

#[test]
fn new_writes_a_plan_that_checks_clean_and_never_overwrites() {
    for kind in ["ke-hoach", "chi-thi"] {
        let dir = tempfile::tempdir().unwrap();
        let o = kehoach_in(dir.path(), &["new", "thu-nghiem", "--kind", kind]);
        assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
        let written = dir.path().join("plans/thu-nghiem.yaml");
        let text = std::fs::read_to_string(&written).unwrap();
        assert!(text.contains(&format!("kind: {kind}")));
        let check = kehoach_in(dir.path(), &["check"]);
        assert_eq!(code(&check), 0, "{}", stdout(&check));
        assert!(stdout(&check).contains("1 tệp: 0 lỗi, 0 cảnh báo"));
        let again = kehoach_in(dir.path(), &["new", "thu-nghiem"]);
        assert_eq!(code(&again), 2);
        assert_eq!(std::fs::read_to_string(&written).unwrap(), text);
    }
}

#[test]
fn new_refuses_a_name_with_folders() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&kehoach_in(dir.path(), &["new", "../ra-ngoai"])), 2);
    assert!(!dir.path().join("ra-ngoai.yaml").exists());
}

#[test]
fn schema_is_draft_07_and_names_every_key_of_the_sketch() {
    let o = kehoach(&["schema"]);
    assert_eq!(code(&o), 0);
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "kind",
        "authority",
        "number",
        "place",
        "date",
        "subject",
        "bases",
        "intro",
        "period",
        "sections",
        "items",
        "signer",
        "recipients",
        "archive",
        "appendices",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(schema["additionalProperties"], false);
    let kinds = &schema["properties"]["kind"];
    let text = kinds.to_string();
    assert!(
        text.contains("ke-hoach") && text.contains("chi-thi"),
        "{text}"
    );
}
