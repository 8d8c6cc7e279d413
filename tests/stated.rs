//! Figures retyped from a printed table (a value given for a computed column, a totals row)
//! are checked at the precision they were printed: "24,40%" where 24,45 % is computed is told
//! as percentages, "24,45%", "24,45 %" and "0,2445" pass, text is an error, never ignored.

mod common;

use common::*;

/// The chart fixture with rows of our own, in the plan or in `rows.csv`.
fn plan_with(dir: &std::path::Path, rows: &str, csv: Option<&str>) -> std::path::PathBuf {
    let plan = std::fs::read_to_string(fixture("build/chart.yaml")).unwrap();
    let (start, end) = (
        plan.find("    rows:").unwrap(),
        plan.find("    columns:").unwrap(),
    );
    let text = format!("{}    rows:{rows}\n{}", &plan[..start], &plan[end..]);
    std::fs::write(dir.join("plan.yaml"), text).unwrap();
    if let Some(csv) = csv {
        std::fs::write(dir.join("rows.csv"), csv).unwrap();
    }
    dir.join("plan.yaml")
}

fn problems(plan: &std::path::Path) -> Vec<(String, u64, String)> {
    let (_, diags) = check_json(&[plan.to_str().unwrap()]);
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_percentage_given_inline_is_compared_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    // 100/400 = 25 %, 240/300 = 80 %, 489/2000 = 24,45 %.
    let rows = "\n      - { unit: Xã Một, quota: 400, done: 100, rate: \"25,00%\" }\
                \n      - { unit: Xã Hai, quota: 300, done: 240, rate: \"80 %\" }\
                \n      - { unit: Xã Ba, quota: 2000, done: 489, rate: \"24,40%\" }\
                \n      - { unit: Xã Bốn, quota: 2000, done: 489, rate: \"0,2445\" }\
                \n      - { unit: Xã Năm, quota: 2000, done: 489, rate: nhiều }";
    let plan = plan_with(dir.path(), rows, None);
    let got = problems(&plan);
    assert_eq!(got.len(), 2, "{got:#?}");
    let line = |unit: &str| {
        std::fs::read_to_string(&plan)
            .unwrap()
            .lines()
            .position(|l| l.contains(unit))
            .unwrap() as u64
            + 1
    };
    assert_eq!(got[0].0, "figure-disagrees");
    assert_eq!(got[0].1, line("Xã Ba"));
    assert!(
        got[0].2.contains("ghi 24,40% nhưng tính ra 24,45%"),
        "{}",
        got[0].2
    );
    assert_eq!(
        (got[1].0.as_str(), got[1].1),
        ("not-a-number", line("Xã Năm"))
    );
}

#[test]
fn a_totals_row_in_the_data_is_checked_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "unit,quota,done,rate\nXã Một,400,100,\"25,00%\"\nXã Hai,300,240,\"80,00%\"\nTổng cộng,700,350,\"50,00%\"\n";
    let plan = plan_with(dir.path(), " rows.csv", Some(csv));
    let got = problems(&plan);
    // 340 done in all, and 340/700 = 48,57 %: both figures of the row disagree, at row 4.
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got.iter()
            .all(|(c, l, _)| c == "figure-disagrees" && *l == 4),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|(_, _, m)| m.contains("`done` ghi 350 nhưng tính ra 340")),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|(_, _, m)| m.contains("ghi 50,00% nhưng tính ra 48,57%")),
        "{got:#?}"
    );
    // Made right, it checks, and the table has two units, not three.
    std::fs::write(
        dir.path().join("rows.csv"),
        csv.replace("700,350,\"50,00%\"", "700,340,\"48,57 %\""),
    )
    .unwrap();
    assert!(problems(&plan).is_empty());
    let o = kehoach(&["appendix", plan.to_str().unwrap(), "--format", "json"]);
    assert_ok(&o);
    let tables: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(tables[0]["rows"].as_array().unwrap().len(), 2);
    assert_eq!(tables[0]["totals"]["done"], 340);
}
