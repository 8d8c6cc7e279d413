//! The three reference plans reproduce their originals' wording, apart from the corrections:
//! every line of ../shared/reference is found in the built PDF's text, but for the lines listed
//! here with the reason they differ.

mod common;

use common::*;

/// The words, in order, one space between them, in lower case (titles are set in capitals):
/// what a reader compares. Hyphens and dashes go (text extraction drops a hyphen at a line's
/// end), as do brackets (superscripts are drawn, not typed), the OCR copies' markup characters
/// and final punctuation.
fn words(text: &str) -> String {
    let text = text.to_lowercase();
    text.chars()
        .filter(|c| !"()⁽⁾".contains(*c))
        .map(|c| match c {
            '¹' => '1',
            '²' => '2',
            '³' => '3',
            '⁴' => '4',
            c if "*#<>-–;".contains(c) => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':', ','])
        .to_owned()
}

/// A line's text without its number or bullet ("II.", "6.1.", "-", "+"): those are generated.
fn without_label(line: &str) -> &str {
    let t = line.trim_start_matches(['-', '+', ' ']);
    let label_end = t
        .split_once(' ')
        .filter(|(head, _)| {
            !head.is_empty()
                && head.ends_with('.')
                && head.trim_end_matches('.').split('.').all(|p| {
                    !p.is_empty()
                        && (p.chars().all(|c| c.is_ascii_digit())
                            || p.chars().all(|c| "IVX".contains(c)))
                })
        })
        .map(|(head, _)| head.len() + 1);
    &t[label_end.unwrap_or(0)..]
}

fn pdf_words(path: &std::path::Path) -> String {
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(path).unwrap()).unwrap();
    // Page numbers stand alone on their line.
    let text: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().chars().all(|c| c.is_ascii_digit()))
        .collect();
    words(&text.join("\n"))
}

fn compare(reference: &str, plan: &str, differing: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let o = kehoach(&[
        "build",
        "--out",
        dir.path().to_str().unwrap(),
        &format!("plans/{plan}.yaml"),
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = pdf_words(&dir.path().join(format!("{plan}.pdf")));
    let original = std::fs::read_to_string(shared(&format!("reference/{reference}.txt"))).unwrap();
    let mut missing = Vec::new();
    for line in original.lines() {
        let w = words(without_label(line.trim()));
        if w.chars().count() < 20 || differing.iter().any(|d| line.contains(d)) {
            continue;
        }
        if !pdf.contains(&w) {
            missing.push(w);
        }
    }
    assert!(
        missing.is_empty(),
        "lines of {reference} not in the PDF:\n{}",
        missing.join("\n")
    );
    // Each listed difference is real: it names a line of the original.
    for d in differing {
        assert!(original.contains(d), "{d:?} is not in {reference}");
    }
}

#[test]
fn plan_135_of_can_gio() {
    compare(
        "001_fc09c48b1c561b26",
        "135-kh-bcd-can-gio",
        &[
            // Corrected: 31 June does not exist; the deadline after the campaign's end.
            "trước ngày 31 tháng 6 năm 2023",
            "hoàn thành trước ngày 06 tháng 11 năm 2023",
            // The single basis ends with "." (Decree 30), not ";".
            "Căn cứ Kế hoạch số 3049/KH-BCĐ-CQTT",
            // The appendix heading, caption ("Côn Giả") and table are generated: figures are
            // written 10.152, the header's "chi tiêu" reads "chỉ tiêu".
            "PHỤ LỤC THỐNG KÊ",
            "huyện Côn Giả",
            "STT\tĐơn vị",
            "Tổng số đã thu nhận\tĐã kích hoạt",
            "05/11/2023\t",
            // The guide's steps are numbered in order (the original has "Bước 3" twice), its
            // link is plain text, and the screenshot's description is not part of the text.
            "Bước 1:",
            "Bước 3:",
            "Bước 4:",
            "Bước 5:",
            "A screenshot of a mobile application",
        ],
    );
}

#[test]
fn plan_of_vinh_bao() {
    compare("002_3d5d668ec5e95b1f", "kh-ubnd-vinh-bao-dinh-danh", &[]);
}

#[test]
fn plan_of_que_chau() {
    compare(
        "003_45a0c43e439e037c",
        "kh-ubnd-que-chau-thi-dua",
        &[
            // Units with a one-line task are a titled item and a paragraph here, not one line.
            "Bộ phận Tài chính Kế toán xã:",
            "Bộ phận Văn phòng thống kê xã:",
        ],
    );
}
