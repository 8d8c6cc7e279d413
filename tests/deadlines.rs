//! Deadlines as offices write them (`tests/fixtures/deadlines/`): a day, "Trước ngày", a month,
//! a quarter, a half-year, a range and the open forms — checked, printed in words in the PDF
//! and the DOCX, and listed by `agenda` on the day they fall due (or with no day).

mod common;

use common::*;

const PLAN: &str = "deadlines/ke-hoach.yaml";

#[test]
fn every_form_checks_and_a_quarter_ending_on_a_sunday_is_not_the_writers_sunday() {
    // Quý IV/2023 falls due on 31/12/2023, a Sunday the writer did not choose.
    let (status, diags) = check_json(&[fixture(PLAN).to_str().unwrap()]);
    assert_eq!(status, 0, "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn the_pdf_and_the_docx_print_each_form_in_words() {
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build_to(
        out.path(),
        "pdf,docx",
        &[fixture(PLAN).to_str().unwrap()],
    ));
    let pdf = collapse(&pdf_pages(&out.path().join("ke-hoach.pdf")).join("\n"));
    let docx = docx_text(&out.path().join("ke-hoach.docx")).replace('\u{a0}', " ");
    for clause in [
        "hoàn thành trong Quý IV/2023",
        "thực hiện hằng tháng",
        "thực hiện thường xuyên",
        "hoàn thành trong tháng 9/2023",
        "thực hiện từ ngày 01/8/2023 đến ngày 30/9/2023",
        "hoàn thành trước ngày 16/10/2023",
        "hoàn thành trong 6 tháng cuối năm 2023",
        "thực hiện theo yêu cầu",
    ] {
        assert!(pdf.contains(clause), "PDF lacks {clause:?}: {pdf}");
        assert!(docx.contains(clause), "DOCX lacks {clause:?}: {docx}");
    }
}

#[test]
fn agenda_lists_closed_forms_on_their_day_recurring_ones_as_series_and_open_ones_without_a_day() {
    let entries = agenda_json(&fixture(PLAN));
    let find = |unit: &str, what: &str| {
        entries
            .iter()
            .find(|e| e["unit"] == unit && e["summary"].as_str().unwrap().starts_with(what))
            .unwrap_or_else(|| panic!("no {unit} / {what} in {entries:#?}"))
    };
    let quarter = find("Phòng Tổ chức", "chủ trì rà soát");
    assert_eq!(quarter["date"], "2023-12-31");
    assert_eq!(quarter["written"], "Quý IV/2023");
    let month = find("Các phòng, đơn vị", "Rà soát quy trình");
    assert_eq!(
        (month["date"].as_str(), month["written"].as_str()),
        (Some("2023-09-30"), Some("Tháng 9/2023"))
    );
    let half = find("Các phòng, đơn vị", "Báo cáo tổng kết");
    assert_eq!(half["date"], "2023-12-31");
    let range = find("Các phòng, đơn vị", "Tự kiểm tra");
    assert_eq!(range["date"], "2023-09-30");
    // A recurring form starts on its first month's end within the period, and ends with it.
    let monthly = find("Phòng Cải cách hành chính", "chủ trì tổng hợp");
    assert_eq!(monthly["date"], "2023-07-31");
    assert_eq!(
        monthly["rrule"],
        "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20231231"
    );
    // Never a made-up day for "Thường xuyên" or "Theo yêu cầu".
    for (unit, what, written) in [
        ("Văn phòng Sở", "bảo đảm kinh phí", "Thường xuyên"),
        ("Các phòng, đơn vị", "Đề xuất khen thưởng", "Theo yêu cầu"),
    ] {
        let e = find(unit, what);
        assert!(e["date"].is_null(), "{e}");
        assert_eq!(e["written"], written);
    }
    // They come last, and the calendar has no event for them.
    assert!(entries.last().unwrap()["date"].is_null());
    let ics = kehoach(&["agenda", fixture(PLAN).to_str().unwrap(), "--format", "ics"]);
    let ics = stdout(&ics);
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        entries.len() - 2,
        "{ics}"
    );
    assert!(ics.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20231231"));
}
