//! A body in parts (`parts:`, `tests/fixtures/parts/`): "Phần I", "Phần II", each with its title
//! in capitals and its sections numbered from I. again, in the PDF and the DOCX alike.

mod common;

use common::*;

const PLAN: &str = "parts/ke-hoach.yaml";

#[test]
fn parts_print_their_number_and_title_and_number_their_sections_afresh() {
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build_to(
        out.path(),
        "pdf,docx",
        &[fixture(PLAN).to_str().unwrap()],
    ));
    let wanted = [
        "Phần I",
        "KẾT QUẢ THỰC HIỆN NĂM 2023",
        "Năm 2023, Sở Nội vụ",
        "I. CÔNG TÁC TỔ CHỨC",
        "II. CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "Phần II",
        "PHƯƠNG HƯỚNG NĂM 2024",
        "I. MỤC TIÊU",
        "1. Nâng cao chất lượng phục vụ.",
    ];
    in_order(
        &pdf_pages(&out.path().join("ke-hoach.pdf")).join("\n"),
        &wanted,
    );
    let docx = docx_text(&out.path().join("ke-hoach.docx"));
    in_order(&docx, &wanted);
    // Word has the part's lines as centred paragraphs of their own style.
    let xml = part(&out.path().join("ke-hoach.docx"), "word/document.xml");
    assert_eq!(xml.matches(r#"<w:pStyle w:val="Phan"/>"#).count(), 4);
    let styles = part(&out.path().join("ke-hoach.docx"), "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="Phan""#));
}

#[test]
fn parts_and_sections_together_are_an_error_at_the_parts() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(PLAN))
        .unwrap()
        .replace("parts:\n", "sections:\n  - title: Mục lạc\nparts:\n");
    let plan = dir.path().join("p.yaml");
    std::fs::write(&plan, &text).unwrap();
    let (status, diags) = check_json(&[plan.to_str().unwrap()]);
    assert_eq!(status, 1);
    let line = text
        .lines()
        .position(|l| l.starts_with("  - title: Kết quả"))
        .unwrap()
        + 1;
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "bad-value" && d["line"] == line as u64),
        "{diags:#?}"
    );
}
