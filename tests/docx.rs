//! `kehoach build --to docx`: the Word document read back (zip + XML), beside the PDF.

mod common;

use std::path::Path;

use common::*;

fn pdf_text(pdf: &Path) -> String {
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(pdf).unwrap()).unwrap();
    // Page numbers stand alone on their line; the DOCX has them as a field in the page header.
    text.lines()
        .filter(|l| !l.trim().chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters a reader sees, in order, without spacing (line breaks differ between the two
/// layouts) and with the chart's bar glyphs, drawn superscript brackets and word joiners (which
/// show as nothing) left out.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"█⁽⁾()\u{2060}".contains(*c))
        .collect()
}

fn build_both(dir: &Path, plan: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let o = kehoach(&[
        "build",
        "--out",
        dir.to_str().unwrap(),
        "--to",
        "pdf,docx",
        plan,
    ]);
    assert_eq!(
        code(&o),
        0,
        "{}\n{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    let stem = Path::new(plan).file_stem().unwrap().to_str().unwrap();
    (
        dir.join(format!("{stem}.pdf")),
        dir.join(format!("{stem}.docx")),
    )
}

#[test]
fn the_docx_says_what_the_pdf_says() {
    let dir = tempfile::tempdir().unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    for plan in [
        "plans/135-kh-bcd-can-gio.yaml",
        "plans/kh-ubnd-vinh-bao-dinh-danh.yaml",
        "plans/kh-ubnd-que-chau-thi-dua.yaml",
        "tests/fixtures/build/chart.yaml",
        sketch.to_str().unwrap(),
    ] {
        let (pdf, docx) = build_both(dir.path(), plan);
        let (p, d) = (pdf_text(&pdf), docx_text(&docx));
        // The body, in order, word for word, up to the recipients.
        let (p_body, p_rest) = p.split_once("Nơi nhận:").unwrap();
        let (d_body, d_rest) = d.split_once("Nơi nhận:").unwrap();
        let (pb, db) = (letters(p_body), letters(d_body));
        if pb != db {
            let at = pb
                .chars()
                .zip(db.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let around = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(40))
                    .take(80)
                    .collect::<String>()
            };
            panic!(
                "{plan}: the body differs at character {at}:\n PDF:  {}\n DOCX: {}",
                around(&pb),
                around(&db)
            );
        }
        // Then the same words: recipients and signature sit side by side, and a merged table
        // header is read in another order, so the order is the layout's, not the text's.
        let sorted = |s: &str| {
            let mut w: Vec<char> = letters(s).chars().filter(|c| !c.is_ascii_digit()).collect();
            w.sort();
            w
        };
        assert_eq!(
            sorted(p_rest),
            sorted(d_rest),
            "{plan}: the appendices differ"
        );
        assert!(d.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    }
}

#[test]
fn page_fonts_tables_and_page_numbers_are_wordprocessingml() {
    let dir = tempfile::tempdir().unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    let (_, docx) = build_both(dir.path(), sketch.to_str().unwrap());
    let doc = part(&docx, "word/document.xml");
    // A4 portrait with Decree 30's margins (20/20/30/15 mm), then the appendix landscape.
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#), "portrait A4");
    assert!(
        doc.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#),
        "the wide appendix is landscape"
    );
    // Times New Roman named everywhere, no other font.
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>"#));
    assert!(!styles.contains("Liberation") && !doc.contains("w:rFonts"));
    // Named styles an office can restyle.
    for name in [
        "Nội dung",
        "Đề mục (I., II.)",
        "Căn cứ",
        "Nơi nhận",
        "Chữ ký",
        "Trích yếu",
    ] {
        assert!(
            styles.contains(&format!(r#"<w:name w:val="{name}"/>"#)),
            "{name}"
        );
    }
    // The header is a borderless table; the appendix's two-level header has merged cells and
    // repeats on every page.
    assert!(doc.starts_with("<?xml") && doc.contains(r#"<w:insideV w:val="nil"/>"#));
    assert!(
        doc.contains(r#"<w:gridSpan w:val="3"/>"#),
        "'Đã kích hoạt' spans Mức 1, Mức 2, Tổng"
    );
    assert!(
        doc.contains(r#"<w:vMerge w:val="restart"/>"#) && doc.contains("<w:vMerge/>"),
        "STT spans both header rows"
    );
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 2);
    assert!(doc.contains(r#"<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">1.250</w:t>"#) || doc.contains(r#"<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">1.250</w:t>"#), "numbers right-aligned, totals bold");
    // Page numbers from page 2: a PAGE field in the default header, an empty first-page header.
    assert!(part(&docx, "word/header1.xml").contains(" PAGE "));
    assert!(doc.contains("<w:titlePg/>"));
    // Bold and italic runs.
    assert!(
        doc.contains(r#"<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">30/6/2023</w:t>"#)
    );
}

#[test]
fn the_same_plan_gives_the_same_docx_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_, x) = build_both(a.path(), "plans/135-kh-bcd-can-gio.yaml");
    let (_, y) = build_both(b.path(), "plans/135-kh-bcd-can-gio.yaml");
    assert_eq!(std::fs::read(x).unwrap(), std::fs::read(y).unwrap());
}

#[test]
fn libreoffice_opens_every_built_docx() {
    let Some(soffice) = soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sketch = shared("format-sketch/plan.yaml");
    let o = kehoach(&[
        "build",
        "--out",
        dir.path().to_str().unwrap(),
        "--to",
        "docx",
        "plans",
        sketch.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0);
    let docx: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    let converted = dir.path().join("pdf");
    for (path, pdf) in docx
        .iter()
        .zip(libreoffice_pdfs(soffice, &docx, &converted))
    {
        let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
        assert!(
            text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{}",
            path.display()
        );
    }
}

/// Whether a character would hide text from Word's search: a word joiner, a zero-width
/// space, a byte-order mark or a soft hyphen.
fn invisible(c: char) -> bool {
    matches!(c, '\u{2060}' | '\u{200b}' | '\u{feff}' | '\u{ad}')
}

#[test]
fn the_docx_is_searched_like_a_typed_document() {
    let dir = tempfile::tempdir().unwrap();
    let date = regex::Regex::new(r"\b\d{1,2}/\d{1,2}/\d{4}\b").unwrap();
    let texts = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    for plan in [
        "plans/135-kh-bcd-can-gio.yaml",
        "plans/kh-ubnd-que-chau-thi-dua.yaml",
        "plans/kh-ubnd-vinh-bao-dinh-danh.yaml",
    ] {
        let (_, docx) = build_both(dir.path(), plan);
        let xml = part(&docx, "word/document.xml");
        for t in texts.captures_iter(&xml) {
            assert!(
                !t[1].contains(invisible),
                "{plan}: an invisible character in {:?}",
                &t[1]
            );
        }
        // The subject is one paragraph that Word wraps by itself.
        let subject = xml.split("<w:pStyle w:val=\"TrichYeu\"/>").nth(1).unwrap();
        let subject = &subject[..subject.find("</w:p>").unwrap()];
        assert!(!subject.contains("<w:br/>"), "{plan}: {subject}");
        // Every date the plan writes in its text is found as typed, in one paragraph.
        let text = docx_text(&docx).replace('\u{a0}', " ");
        let yaml = std::fs::read_to_string(plan).unwrap();
        let prose: String = yaml
            .lines()
            // Comments, and the fields printed in words ("ngày 27 tháng 6 năm 2023").
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter(|l| !l.starts_with("date:") && !l.starts_with("period:"))
            .map(|l| l.split(" #").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let mut found = 0;
        for d in date.find_iter(&prose) {
            assert!(
                text.lines().any(|p| p.contains(d.as_str())),
                "{plan}: {} is not in any paragraph of the DOCX",
                d.as_str()
            );
            found += 1;
        }
        assert!(found > 0, "{plan} has no date to look for");
    }
    // A code's hyphen is Word's non-breaking hyphen, not a hyphen with something beside it.
    let (_, docx) = build_both(dir.path(), "plans/135-kh-bcd-can-gio.yaml");
    assert!(part(&docx, "word/document.xml").contains("<w:noBreakHyphen/>"));
}
