//! `kehoach appendix` and the appendix checks, run as a user runs them.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use serde_json::{Value, json};

const CAN_GIO: &str = "plans/135-kh-bcd-can-gio.yaml";

fn appendix_json(args: &[&str]) -> Value {
    let mut all = vec!["appendix", "--format", "json"];
    all.extend_from_slice(args);
    let o = kehoach(&all);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn column(table: &Value, key: &str) -> Vec<Value> {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].clone())
        .collect()
}

#[test]
fn the_001_appendix_comes_out_exactly_as_printed_totals_included() {
    let tables = appendix_json(&[CAN_GIO]);
    assert_eq!(
        tables.as_array().unwrap().len(),
        1,
        "the guide appendix is not a table"
    );
    let t = &tables[0];
    assert_eq!(
        column(t, "unit"),
        json!([
            "Càm Thạnh",
            "Bình Khánh",
            "Tam Thôn Hiệp",
            "An Thới Đông",
            "Thạnh An",
            "Long Hòa",
            "Lý Nhơn"
        ])
        .as_array()
        .unwrap()
        .clone()
    );
    assert_eq!(
        column(t, "pending_per_day"),
        [9, 15, 7, 8, 8, 13, 8].map(Value::from).to_vec()
    );
    assert_eq!(
        column(t, "left"),
        [7979, 14393, 4245, 10912, 2904, 7768, 3981]
            .map(Value::from)
            .to_vec()
    );
    assert_eq!(
        column(t, "per_day"),
        [69, 125, 37, 95, 25, 68, 35].map(Value::from).to_vec()
    );
    assert_eq!(column(t, "finish_by")[0], json!("2023-11-05"));
    let totals = &t["totals"];
    // The printed totals row: 66392 14210 6471 7739 67 … 52182 454. The per-day figure is
    // computed again from the totals (67), not summed from the rounded rows (68).
    assert_eq!(
        (
            totals["unit"].clone(),
            totals["quota"].clone(),
            totals["received"].clone(),
            totals["activated"].clone(),
            totals["pending"].clone()
        ),
        (
            json!("Tổng số"),
            json!(66392),
            json!(14210),
            json!(6471),
            json!(7739)
        )
    );
    assert_eq!(
        (
            totals["pending_per_day"].clone(),
            totals["left"].clone(),
            totals["per_day"].clone()
        ),
        (json!(67), json!(52182), json!(454))
    );
    assert_eq!(t["columns"][0], json!({"key": "stt", "label": "STT"}));
}

#[test]
fn the_sketch_allocates_exactly_and_formats_the_vietnamese_way() {
    let sketch = shared("format-sketch/plan.yaml");
    let tables = appendix_json(&[sketch.to_str().unwrap()]);
    let t = &tables[0];
    assert_eq!(
        column(t, "quota"),
        [225, 182, 138, 283, 105, 250, 67].map(Value::from).to_vec()
    );
    assert_eq!(t["totals"]["quota"], json!(1250));
    assert_eq!(column(t, "done")[0], json!(137));
    // percents are ratios: 137 / 225
    assert!((column(t, "rate")[0].as_f64().unwrap() - 137.0 / 225.0).abs() < 1e-12);
    assert_eq!(t["totals"]["done"], json!(705));
    assert_eq!(
        t["totals"]["per_day"],
        json!(21),
        "545 left over 26 days, rounded to nearest"
    );

    let o = kehoach(&["appendix", sketch.to_str().unwrap()]);
    let out = stdout(&o);
    for shown in [
        "1.250",
        "4.507",
        "60,89%",
        "56,40%",
        "Tổng cộng",
        "GIAO CHỈ TIÊU KÍCH HOẠT",
    ] {
        assert!(out.contains(shown), "{shown} in\n{out}");
    }
}

#[test]
fn csv_carries_raw_values() {
    let o = kehoach(&["appendix", "--format", "csv", CAN_GIO]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "stt,unit,quota,received,activated,pending,pending_per_day,pending_by,left,per_day,finish_by"
    );
    assert_eq!(
        lines[1],
        "1,Càm Thạnh,10152,2173,1122,1051,9,2023-11-05,7979,69,2023-11-05"
    );
    assert_eq!(
        lines[8],
        ",Tổng số,66392,14210,6471,7739,67,2023-11-05,52182,454,2023-11-05"
    );
}

#[test]
fn xlsx_has_merged_headers_and_the_figures_and_is_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("can-gio.xlsx");
    let p = path.to_str().unwrap();
    let o = kehoach(&["appendix", "--format", "xlsx", "--out", p, CAN_GIO]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let first = std::fs::read(&path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Phụ lục 1").unwrap();
    // Title, blank, two header rows, seven communes, totals.
    let cell = |r: usize, c: usize| sheet.get((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(0, 0),
        Data::String("THỐNG KÊ CẤP, KÍCH HOẠT TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ".into())
    );
    assert_eq!(cell(2, 3), Data::String("Số lượng tài khoản định danh điện tử đã thu nhận và kích hoạt (tính đến ngày 14/6/2023)".into()));
    assert_eq!(cell(3, 3), Data::String("Tổng số đã thu nhận".into()));
    assert_eq!(cell(4, 1), Data::String("Càm Thạnh".into()));
    assert_eq!(cell(4, 9), Data::Float(69.0));
    assert_eq!(cell(11, 1), Data::String("Tổng số".into()));
    assert_eq!(cell(11, 6), Data::Float(67.0));
    assert_eq!(cell(11, 9), Data::Float(454.0));
    let merged: Vec<((u32, u32), (u32, u32))> = book
        .merge_cells_by_sheet_name("Phụ lục 1")
        .unwrap()
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect();
    assert!(
        merged.contains(&((2, 3), (2, 7))),
        "the group spans its five columns: {merged:?}"
    );
    assert!(
        merged.contains(&((2, 0), (3, 0))),
        "STT spans both header rows: {merged:?}"
    );
    let o = kehoach(&["appendix", "--format", "xlsx", "--out", p, CAN_GIO]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        first,
        "byte-identical output"
    );
}

#[test]
fn as_of_and_rows_recompute_without_editing_the_plan() {
    let sketch = shared("format-sketch/plan.yaml");
    let s = sketch.to_str().unwrap();
    // 10 days later: 16 days left instead of 26.
    let later = appendix_json(&[s, "--as-of", "14/6/2023"]);
    assert_eq!(later[0]["totals"]["per_day"], json!(34), "545 / 16 = 34.06");
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("today.csv");
    std::fs::write(
        &rows,
        "unit,eligible,level1,level2\nThôn X,100,10,20\nThôn Y,300,0,0\n",
    )
    .unwrap();
    let t = appendix_json(&[s, "--rows", rows.to_str().unwrap()]);
    assert_eq!(column(&t[0], "quota"), [313, 937].map(Value::from).to_vec());
    assert_eq!(t[0]["totals"]["done"], json!(30));
    assert_eq!(code(&kehoach(&["appendix", s, "--as-of", "hôm nay"])), 2);
}

#[test]
fn a_plan_with_no_table_appendix_or_with_errors_gives_none() {
    assert_eq!(
        code(&kehoach(&[
            "appendix",
            "plans/kh-ubnd-vinh-bao-dinh-danh.yaml"
        ])),
        2
    );
    let o = kehoach(&["appendix", "tests/fixtures/appendix/faults.yaml"]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("formula-cycle"));
}

#[test]
fn every_appendix_fault_is_reported_at_its_cell_or_key() {
    let (status, diags) = check_json(&["tests/fixtures/appendix/faults.yaml"]);
    assert_eq!(status, 1);
    assert_eq!(
        places(&diags),
        vec![
            p("communes.csv", 1, 17, "unknown-data-key"),
            p("communes.csv", 3, 1, "row-without-unit"),
            p("communes.csv", 4, 1, "duplicate-unit"),
            p("communes.csv", 4, 9, "not-a-number"),
            p("communes.csv", 5, 6, "negative-number"),
            p("communes.csv", 6, 14, "figure-disagrees"),
            p("faults.yaml", 21, 12, "as-of-after-deadline"),
            p("faults.yaml", 28, 11, "days-not-positive"),
            p("faults.yaml", 39, 45, "formula-unknown-name"),
            p("faults.yaml", 40, 38, "formula-cycle"),
            p("faults.yaml", 41, 38, "formula-cycle"),
            p("faults.yaml", 42, 38, "formula-syntax"),
            p("faults.yaml", 49, 45, "formula-division-by-zero"),
            p("faults.yaml", 55, 68, "allocation-zero-weights"),
            p("faults.yaml", 57, 11, "appendix-rows"),
            p("faults.yaml", 61, 11, "appendix-rows"),
        ]
    );
    let message = |code: &str| {
        diags.iter().find(|d| d["code"] == code).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        message("figure-disagrees")
            .contains("`left` ghi 7 nhưng tính ra 0 (theo `max(quota - done, 0)`)")
    );
    assert!(message("formula-unknown-name").contains("có phải `done`?"));
    assert!(message("appendix-rows").contains("khong-co.csv"));
}

#[test]
fn a_workbook_data_file_is_read_and_its_faults_name_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, k) in ["unit", "quota"].iter().enumerate() {
        sheet.write_string(0, c as u16, *k).unwrap();
    }
    sheet.write_string(1, 0, "Xã A").unwrap();
    sheet.write_number(1, 1, 12.0).unwrap();
    sheet.write_string(2, 0, "Xã B").unwrap();
    sheet.write_string(2, 1, "mười").unwrap();
    book.save(dir.path().join("data.xlsx")).unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        "kind: ke-hoach\nauthority: { name: A, code: UBND }\nplace: A\ndate: 01/6/2023\nsubject: Thử\n\
         signer: { title: CHỦ TỊCH }\nappendices:\n  - title: Bảng\n    rows: data.xlsx\n    columns:\n\
         \x20     - { key: unit, label: Đơn vị }\n      - { key: quota, label: Chỉ tiêu }\n",
    )
    .unwrap();
    let (status, diags) = check_json(&[plan.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert_eq!(places(&diags), vec![p("data.xlsx", 3, 6, "not-a-number")]);
    assert!(diags[0]["message"].as_str().unwrap().contains("(ô B3)"));
}
