//! Grouped appendices (`group_by`, `tests/fixtures/groups/`): rows gathered by district in the
//! order each first appears, a heading row I, II, … per group, rows numbered from 1 in each,
//! a subtotal by the totals' rule, the grand total last — in JSON, CSV, the workbook, the PDF.

mod common;

use common::*;

const PLAN: &str = "groups/ke-hoach.yaml";

fn appendix(format: &str) -> String {
    let o = kehoach(&[
        "appendix",
        fixture(PLAN).to_str().unwrap(),
        "--format",
        format,
    ]);
    assert_ok(&o);
    stdout(&o)
}

#[test]
fn json_gives_each_row_its_group_and_each_group_its_subtotals() {
    let tables: Vec<serde_json::Value> = serde_json::from_str(&appendix("json")).unwrap();
    let t = &tables[0];
    let groups: Vec<(&str, &str)> = t["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["numeral"].as_str().unwrap(), g["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        groups,
        [("I", "Huyện A"), ("II", "Huyện B"), ("III", "Huyện C")]
    );
    let rows: Vec<(&str, &str, u64)> = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["group"].as_str().unwrap(),
                r["unit"].as_str().unwrap(),
                r["stt"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Huyện A", "Xã A1", 1),
            ("Huyện A", "Xã A2", 2),
            ("Huyện B", "Xã B1", 1),
            ("Huyện B", "Xã B2", 2),
            ("Huyện C", "Xã C1", 1)
        ]
    );
    // Inputs summed, allocation exact over the whole table, the rate computed on the sums.
    let a = &t["groups"][0]["subtotals"];
    assert_eq!(
        (
            a["eligible"].as_u64(),
            a["quota"].as_u64(),
            a["done"].as_u64()
        ),
        (Some(1600), Some(800), Some(700))
    );
    assert_eq!(a["rate"].as_f64(), Some(0.875));
    assert_eq!(t["totals"]["quota"], 1650);
    // The group column is not a column of the table.
    assert!(
        t["columns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["key"] != "district")
    );
}

#[test]
fn csv_and_the_workbook_show_headings_and_subtotals_in_place() {
    let csv = appendix("csv");
    let marks: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        marks,
        [
            "group", "unit", "unit", "subtotal", "group", "unit", "unit", "subtotal", "group",
            "unit", "subtotal", "total"
        ]
    );
    assert!(csv.lines().nth(1).unwrap().starts_with("group,I,Huyện A,"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    let o = kehoach(&[
        "appendix",
        fixture(PLAN).to_str().unwrap(),
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let units: Vec<String> = sheet
        .rows()
        .map(|r| r.get(1).map(|c| c.to_string()).unwrap_or_default())
        .collect();
    let at = units
        .iter()
        .position(|u| u == "Huyện A")
        .expect("a heading row");
    assert_eq!(&units[at..at + 4], ["Huyện A", "Xã A1", "Xã A2", "Cộng"]);
    assert_eq!(units.last().unwrap(), "Tổng cộng");
}

#[test]
fn the_pdf_prints_each_group_then_its_rows_then_its_subtotal() {
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build_to(
        out.path(),
        "pdf",
        &[fixture(PLAN).to_str().unwrap()],
    ));
    let text = pdf_pages(&out.path().join("ke-hoach.pdf")).join("\n");
    in_order(
        &text,
        &[
            "I Huyện A",
            "1 Xã A1",
            "2 Xã A2",
            "Cộng 1.600 800 700 87,50%",
            "II Huyện B",
            "III Huyện C",
            "1 Xã C1",
            "Tổng cộng 3.300 1.650 1.050 63,64%",
        ],
    );
}

#[test]
fn a_group_column_the_data_lacks_is_an_error_at_group_by() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("groups/so-lieu.csv"),
        dir.path().join("so-lieu.csv"),
    )
    .unwrap();
    let text = std::fs::read_to_string(fixture(PLAN))
        .unwrap()
        .replace("group_by: district", "group_by: huyen");
    std::fs::write(dir.path().join("p.yaml"), &text).unwrap();
    let (status, diags) = check_json(&[dir.path().join("p.yaml").to_str().unwrap()]);
    assert_eq!(status, 1);
    let line = text.lines().position(|l| l.contains("group_by:")).unwrap() as u64 + 1;
    assert!(
        diags.iter().any(|d| d["code"] == "bad-column"
            && d["line"] == line
            && d["message"].as_str().unwrap().contains("`huyen`")),
        "{diags:#?}"
    );
    // With the right key, the group column draws no unknown-data-key warning.
    let (status, diags) = check_json(&[fixture(PLAN).to_str().unwrap()]);
    assert_eq!((status, diags.len()), (0, 0), "{diags:#?}");
}
