//! Task tables (`task_table:`, `tests/fixtures/tasks/`): a numbered grid of task, lead and
//! supporting units, deadline, output and note, groups as heading rows I, II, … — a real table
//! in the PDF and the DOCX, only the columns some task uses, each deadline checked and listed by
//! `agenda` with its lead unit.

mod common;

use common::*;

const PLAN: &str = "tasks/ke-hoach.yaml";

#[test]
fn the_table_prints_in_the_pdf_and_as_a_word_table_in_the_docx() {
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build_to(
        out.path(),
        "pdf,docx",
        &[fixture(PLAN).to_str().unwrap()],
    ));
    let pdf = collapse(&pdf_pages(&out.path().join("ke-hoach.pdf")).join("\n"));
    for cell in [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Ghi chú",
        "Công tác tổ chức",
        "Rà soát bộ máy",
        "Văn phòng Sở; Thanh tra Sở",
        "Quý IV/2023",
        "Thường xuyên",
        "Trọng tâm",
        "Theo yêu cầu",
    ] {
        assert!(pdf.contains(cell), "PDF lacks {cell:?}: {pdf}");
    }
    let docx = out.path().join("ke-hoach.docx");
    let xml = part(&docx, "word/document.xml");
    // Header + 2 groups + 3 tasks in the body; header + 2 tasks in the appendix.
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    let bordered: Vec<&&str> = tables
        .iter()
        .filter(|t| t.contains(r#"<w:top w:val="single""#))
        .collect();
    assert_eq!(bordered.len(), 2, "{xml}");
    assert_eq!(
        bordered[0]
            .split("</w:tbl>")
            .next()
            .unwrap()
            .matches("<w:tr>")
            .count(),
        6
    );
    assert!(bordered[0].contains("<w:tblHeader/>"));
    assert!(
        bordered[0].contains(r#"<w:gridSpan w:val="6"/>"#),
        "a group spans the rest"
    );
    // The appendix table has only the columns its tasks use: no output, no note.
    let appendix = bordered[1].split("</w:tbl>").next().unwrap();
    assert_eq!(appendix.matches("<w:gridCol ").count(), 5);
    assert!(!appendix.contains("Sản phẩm"));
    let text = docx_text(&docx);
    assert!(text.contains("Rà soát bộ máy") && text.contains("Quý IV/2023"));
}

#[test]
fn each_task_deadline_is_checked_and_goes_to_the_agenda_with_its_lead() {
    let entries = agenda_json(&fixture(PLAN));
    let e = entries
        .iter()
        .find(|e| e["summary"] == "Rà soát bộ máy")
        .expect("the task is listed");
    assert_eq!(
        (e["date"].as_str(), e["unit"].as_str()),
        (Some("2023-12-31"), Some("Phòng Tổ chức"))
    );
    assert!(
        entries
            .iter()
            .any(|e| e["summary"] == "Tổng kết" && e["date"] == "2023-12-31")
    );

    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(PLAN))
        .unwrap()
        .replace("deadline: 30/9/2023", "deadline: 31/9/2023")
        .replace("- { task: Tổng kết,", "- { note: Tổng kết,");
    let plan = dir.path().join("p.yaml");
    std::fs::write(&plan, &text).unwrap();
    let (status, diags) = check_json(&[plan.to_str().unwrap()]);
    assert_eq!(status, 1);
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let got: Vec<(String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        got.contains(&("date-not-on-calendar".into(), line("31/9/2023"))),
        "{got:?}"
    );
    assert!(
        got.contains(&("missing-field".into(), line("- { note: Tổng kết,"))),
        "{got:?}"
    );
}
