//! Decree 30 down to the line: the PDF and the DOCX (opened by LibreOffice) have the same pages,
//! the signature block never stands alone, and no line breaks inside a unit of meaning.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Builds `plans` as PDF and DOCX into `dir`; the PDFs, and the DOCX files converted by
/// LibreOffice, in the same order (None without LibreOffice).
fn both(dir: &Path, plans: &[&str]) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
    let soffice = soffice()?;
    let mut args = vec!["build", "--quiet", "--to", "pdf,docx", "--out"];
    args.push(dir.to_str().unwrap());
    args.extend_from_slice(plans);
    assert_ok(&kehoach(&args));
    let stems: Vec<String> = plans
        .iter()
        .map(|p| {
            Path::new(p)
                .file_stem()
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    // Outputs mirror the plans' folders: find each by its name.
    let built: Vec<PathBuf> = walk(dir);
    let find = |name: String| {
        built
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n.to_str() == Some(&name)))
            .unwrap_or_else(|| panic!("{name} was not built"))
            .clone()
    };
    let pdf: Vec<PathBuf> = stems.iter().map(|s| find(format!("{s}.pdf"))).collect();
    let docx: Vec<PathBuf> = stems.iter().map(|s| find(format!("{s}.docx"))).collect();
    let converted = libreoffice_pdfs(soffice, &docx, &dir.join("libreoffice"));
    Some((pdf, converted))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn every_plan_has_as_many_pages_in_its_pdf_as_in_its_docx() {
    let dir = tempfile::tempdir().unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    let plans = [
        "plans/135-kh-bcd-can-gio.yaml",
        "plans/kh-ubnd-que-chau-thi-dua.yaml",
        "plans/kh-ubnd-vinh-bao-dinh-danh.yaml",
        "tests/fixtures/province/ke-hoach-tinh.yaml",
        sketch.to_str().unwrap(),
    ];
    let Some((pdf, docx)) = both(dir.path(), &plans) else {
        return;
    };
    for ((plan, p), d) in plans.iter().zip(&pdf).zip(&docx) {
        let (p, d) = (pdf_pages(p).len(), pdf_pages(d).len());
        assert_eq!(p, d, "{plan}: {p} pages as PDF, {d} as DOCX");
    }
}

/// A plan whose body is `paragraphs` paragraphs of about three lines, then a closing one.
fn plan_of(paragraphs: usize) -> String {
    let filler = "Các cơ quan, đơn vị tổ chức tuyên truyền, hướng dẫn Nhân dân đăng ký, kích hoạt \
                  tài khoản định danh điện tử; bảo đảm đúng tiến độ, đúng đối tượng, không để \
                  xảy ra sai sót trong quá trình thực hiện tại địa phương.";
    let mut intro = String::new();
    for i in 0..paragraphs {
        intro.push_str(&format!("  Đoạn {i}. {filler}\n\n"));
    }
    format!(
        "kind: ke-hoach\nauthority: {{ name: UBND XÃ A, code: UBND }}\nplace: A\ndate: 05/6/2023\n\
         number: 3\nsubject: Kiểm tra trang\nintro: |\n{intro}\
         closing: Đoạn kết cùng trang với chữ ký, đề nghị các đơn vị triển khai thực hiện \
         nghiêm túc, hiệu quả Kế hoạch này.\n\
         signer: {{ capacity: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn A }}\n\
         recipients: [UBND huyện]\n"
    )
}

/// Writes `make(n)` for each of `counts` as `dir/NAME-n.yaml`; their paths.
fn write_plans(dir: &Path, name: &str, counts: &[usize], make: fn(usize) -> String) -> Vec<String> {
    counts
        .iter()
        .map(|n| {
            let path = dir.join(format!("{name}-{n}.yaml"));
            std::fs::write(&path, make(*n)).unwrap();
            path.to_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn the_signature_block_never_stands_alone_and_pages_agree() {
    let dir = tempfile::tempdir().unwrap();
    // From 8 to 31 paragraphs the signature block falls at every height of pages 1 to 3.
    let counts: Vec<usize> = (8..32).collect();
    let files = write_plans(dir.path(), "ending", &counts, plan_of);
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = dir.path().join("out");
    let Some((pdf, docx)) = both(&out, &refs) else {
        return;
    };
    for ((n, p), d) in counts.iter().zip(&pdf).zip(&docx) {
        let (p, d) = (pdf_pages(p), pdf_pages(d));
        assert_eq!(
            p.len(),
            d.len(),
            "{n} paragraphs: pages of the PDF and the DOCX"
        );
        for (what, pages) in [("PDF", &p), ("DOCX", &d)] {
            let last = pages
                .iter()
                .find(|t| t.contains("Nơi nhận"))
                .unwrap_or_else(|| panic!("{n} paragraphs, {what}: no signature block"));
            assert!(
                last.contains("Đoạn kết cùng trang") && last.contains("Nguyễn Văn A"),
                "{n} paragraphs, {what}: the signature block stands without the text it signs:\n{last}"
            );
        }
    }
}

#[test]
fn no_line_breaks_inside_a_unit_of_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let units = [
        "34/QĐ-TTg",
        "104/2022/NĐ-CP",
        "ngày 27/5/2023",
        "xã Quế Châu",
        "(t/h)",
        "07 giờ 30",
        "CT-XH",
        "ANTT-XH",
    ];
    // The same sentence after 0 to 13 words: somewhere each unit reaches a line's end.
    let sentence = "Quyết định số 34/QĐ-TTg và Nghị định số 104/2022/NĐ-CP, họp ngày 27/5/2023 tại \
                    xã Quế Châu (t/h) lúc 07 giờ 30 với các tổ chức CT-XH, lực lượng ANTT-XH.";
    let mut intro = String::new();
    for n in 0..14 {
        intro.push_str(&format!("  {}{sentence}\n\n", "một ".repeat(n)));
    }
    let plan = dir.path().join("units.yaml");
    std::fs::write(
        &plan,
        format!(
            "kind: ke-hoach\nauthority: {{ name: ỦY BAN NHÂN DÂN XÃ PHƯỚC HOÀ ĐÔNG, code: UBND, \
             parent: UBND HUYỆN THẠNH PHONG TÂY }}\nplace: Phước Hoà Đông\ndate: 6/2023\n\
             subject: Tổ chức hướng dẫn đăng ký và kích hoạt tài khoản định danh điện tử \
             cho Nhân dân trên địa bàn xã Phước Hoà Đông\nintro: |\n{intro}\
             signer: {{ title: CHỦ TỊCH }}\nrecipients: [UBND huyện]\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let Some((pdf, docx)) = both(&out, &[plan.to_str().unwrap()]) else {
        return;
    };
    for (what, file) in [("PDF", &pdf[0]), ("DOCX", &docx[0])] {
        let text = pdf_pages(file).join("\n");
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        for unit in units {
            let whole = lines.iter().filter(|l| l.contains(unit)).count();
            assert_eq!(
                whole, 14,
                "{what}: \"{unit}\" is broken across lines:\n{text}"
            );
        }
        // The header's place stays whole, and the subject keeps its place name.
        assert!(
            lines.iter().any(|l| l.contains("XÃ PHƯỚC HOÀ ĐÔNG")),
            "{what}:\n{text}"
        );
        assert!(
            lines.iter().any(|l| l.contains("HUYỆN THẠNH PHONG TÂY")),
            "{what}:\n{text}"
        );
        assert!(
            lines.iter().any(|l| l.contains("xã Phước Hoà Đông")),
            "{what}:\n{text}"
        );
    }
}

/// A landscape-free appendix of `rows` communes with long names and a note under the table.
fn table_plan(rows: usize) -> String {
    let rows: String = (1..=rows)
        .map(|i| {
            format!(
                "      - {{ unit: Xã Thượng Lâm Phong Thạnh Long Đông số {i}, eligible: {}, done: {} }}\n",
                1000 + i * 37,
                100 + i * 3
            )
        })
        .collect();
    format!(
        "kind: ke-hoach\nauthority: {{ name: UBND XÃ A, code: UBND }}\nplace: A\ndate: 05/6/2023\n\
         number: 3\nsubject: Kiểm tra bảng\nintro: Giao chỉ tiêu theo phụ lục.\n\
         signer: {{ title: CHỦ TỊCH }}\nrecipients: [UBND huyện]\n\
         appendices:\n  - title: Chỉ tiêu các xã\n    as_of: 05/6/2023\n    deadline: 30/6/2023\n\
         \x20   rows:\n{rows}    columns:\n\
         \x20     - {{ key: unit, label: Đơn vị }}\n\
         \x20     - {{ key: eligible, label: Công dân đủ điều kiện trong độ tuổi theo quy định }}\n\
         \x20     - {{ key: done, label: Đã kích hoạt }}\n\
         \x20     - {{ key: left, label: Chưa kích hoạt, formula: max(eligible - done, 0) }}\n\
         \x20   totals: Tổng cộng\n"
    )
}

#[test]
fn the_note_under_a_table_never_starts_a_page_without_its_table() {
    let dir = tempfile::tempdir().unwrap();
    // Somewhere between these the table's last row meets the foot of a page.
    let counts: Vec<usize> = (60..84).step_by(2).collect();
    let files = write_plans(dir.path(), "table", &counts, table_plan);
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let Some((pdf, docx)) = both(&dir.path().join("out"), &refs) else {
        return;
    };
    for ((n, p), d) in counts.iter().zip(&pdf).zip(&docx) {
        let (p, d) = (pdf_pages(p), pdf_pages(d));
        assert_eq!(p.len(), d.len(), "{n} rows: pages of the PDF and the DOCX");
        for (what, pages) in [("PDF", &p), ("DOCX", &d)] {
            // The note is the table's last row: where it opens a page, the table's header
            // rows come before it.
            let last = pages.last().unwrap();
            assert!(
                last.contains("Số liệu tính đến") && last.contains("Đơn vị"),
                "{n} rows, {what}: the note stands without its table:\n{last}"
            );
            // Every page of the table repeats its header.
            for page in &pages[1..] {
                assert!(page.contains("Đơn vị"), "{n} rows, {what}:\n{page}");
            }
        }
    }
}

#[test]
fn a_hyphenated_abbreviation_never_breaks_at_its_hyphen() {
    let dir = tempfile::tempdir().unwrap();
    // In the narrow recipients' column, 0 to 24 short words before it bring each abbreviation
    // to the column's edge somewhere.
    let mut recipients = String::new();
    for n in 0..25 {
        recipients.push_str(&format!(
            "  - Các {}tổ chức CT-XH, KT-XH, ANTT-XH (t/h);\n",
            "ban ".repeat(n)
        ));
    }
    let plan = dir.path().join("cap.yaml");
    std::fs::write(
        &plan,
        format!(
            "kind: ke-hoach\nauthority: {{ name: UBND XÃ A, code: UBND }}\nplace: A\n\
             date: 05/6/2023\nsubject: Thử\nsigner: {{ title: CHỦ TỊCH }}\nrecipients:\n{recipients}"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let Some((pdf, docx)) = both(&out, &[plan.to_str().unwrap()]) else {
        return;
    };
    for (what, file) in [("PDF", &pdf[0]), ("DOCX", &docx[0])] {
        let text = pdf_pages(file).join("\n");
        for unit in ["CT-XH", "KT-XH", "ANTT-XH"] {
            let whole = text.lines().filter(|l| l.contains(unit)).count();
            assert_eq!(
                whole, 25,
                "{what}: \"{unit}\" is broken across lines:\n{text}"
            );
        }
    }
}
