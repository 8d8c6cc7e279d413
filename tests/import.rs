//! `kehoach import` on Word files typed the way offices type them, made from the three
//! reference documents (`../shared/reference/`): imported, checked (the originals' own
//! mistakes are found in the new YAML), corrected as `check` says, built, and compared with
//! the original — its words, its appendix figures, its number, date, place, kind, signer and
//! recipients.

mod common;

use std::path::{Path, PathBuf};

use common::word::Office;
use common::*;

const OFFICES: [Office; 3] = [
    Office {
        reference: "001_fc09c48b1c561b26.txt",
        parent: "UBND HUYỆN CẦN GIỜ",
        name: "BAN CHỈ ĐẠO THỰC HIỆN ĐỀ ÁN 06",
        number_line: "Số: 135 /KH-BCĐ",
        date_line: "Cần Giờ, ngày 27 tháng 6 năm 2023",
        signer: &["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Văn Bình"],
    },
    Office {
        reference: "002_3d5d668ec5e95b1f.txt",
        parent: "",
        name: "ỦY BAN NHÂN DÂN HUYỆN VĨNH BẢO",
        number_line: "Số: /KH-UBND",
        date_line: "Vĩnh Bảo, ngày tháng 5 năm 2023",
        signer: &[],
    },
    Office {
        reference: "003_45a0c43e439e037c.txt",
        parent: "UBND HUYỆN QUẾ SƠN",
        name: "ỦY BAN NHÂN DÂN XÃ QUẾ CHÂU",
        number_line: "Số: /KH-UBND",
        date_line: "Quế Châu, ngày tháng 5 năm 2023",
        signer: &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Tâm"],
    },
];

/// The Word file an office would have typed from `o`'s reference document, and the text it
/// shows, in order.
fn office_copy(o: &Office) -> (Vec<u8>, String) {
    let text = std::fs::read_to_string(shared("reference").join(o.reference)).unwrap();
    common::word::office_copy(o, &text)
}

/// Words, lower case, letters and digits only; a figure's thousands dots dropped (the built
/// table prints 10.152 where the original typed 10152).
fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let text: String = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
            !(**c == '.' && *i > 0 && digit(i - 1) && digit(i + 1))
        })
        .map(|(_, c)| *c)
        .collect();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// 2·LCS / (|a| + |b|): how much of one word sequence the other keeps, in order.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    2.0 * f64::from(prev[b.len()]) / (a.len() + b.len()) as f64
}

fn import_into(dir: &Path, docx: &[u8], name: &str) -> (PathBuf, std::process::Output) {
    let file = dir.join(format!("{name}.docx"));
    std::fs::write(&file, docx).unwrap();
    let plan = dir.join("plans").join(format!("{name}.yaml"));
    let o = kehoach(&[
        "import",
        file.to_str().unwrap(),
        "--out",
        plan.to_str().unwrap(),
    ]);
    (plan, o)
}

fn yaml_value(plan: &str, key: &str) -> Option<String> {
    plan.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim_matches('"').to_owned())
}

#[test]
fn word_files_import_check_and_build_to_what_the_original_says() {
    let dir = tempfile::tempdir().unwrap();
    for (n, o) in OFFICES.iter().enumerate() {
        let name = format!("goc-{}", n + 1);
        let (docx, original) = office_copy(o);
        let (plan, out) = import_into(dir.path(), &docx, &name);
        assert_ok(&out);
        let yaml = std::fs::read_to_string(&plan).unwrap();
        // The header, the kind, the signer, the recipients: as the original has them.
        assert_eq!(
            yaml_value(&yaml, "kind").as_deref(),
            Some("ke-hoach"),
            "{name}"
        );
        let number = o
            .number_line
            .split(['/', ':'])
            .nth(1)
            .unwrap()
            .trim()
            .to_owned();
        assert_eq!(
            yaml_value(&yaml, "number").unwrap_or_default(),
            number,
            "{name}"
        );
        let place = o.date_line.split(',').next().unwrap();
        assert_eq!(yaml_value(&yaml, "place").as_deref(), Some(place), "{name}");
        assert!(
            yaml.contains(&format!("  name: {}", o.name)),
            "{name}: {yaml}"
        );
        let date = yaml_value(&yaml, "date").unwrap();
        assert!(
            ["27/6/2023", "5/2023"].contains(&date.as_str()),
            "{name}: {date}"
        );
        let recipients = original
            .lines()
            .skip_while(|l| !l.starts_with("Nơi nhận"))
            .take_while(|l| !l.contains("Lưu"))
            .filter(|l| l.starts_with('-'))
            .count();
        let listed = yaml
            .split("recipients:\n")
            .nth(1)
            .unwrap()
            .lines()
            .take_while(|l| l.starts_with("  - "))
            .count();
        assert_eq!(listed, recipients, "{name}");
        assert!(yaml.contains("signer:\n  capacity:"), "{name}");
        // check finds the original's own mistakes, at their line in the new plan.
        let (status, diags) = check_json(&[plan.to_str().unwrap()]);
        let errors: Vec<_> = places(&diags)
            .into_iter()
            .filter(|d| !d.3.starts_with("deadline-on") && !d.3.starts_with("signer"))
            .collect();
        if n == 0 {
            assert_eq!(status, 1);
            assert!(
                errors
                    .iter()
                    .filter(|e| e.3 == "date-not-on-calendar")
                    .count()
                    == 2,
                "{errors:?}"
            );
            for (_, line, _, _) in &errors {
                let at = yaml.lines().nth(*line as usize - 1).unwrap();
                assert!(at.contains("31") || at.contains("tháng 6"), "{line}: {at}");
            }
        } else {
            assert_eq!(errors, vec![], "{name}: {yaml}");
        }
        // Corrected as check says, it builds; its words are the original's.
        let fixed = yaml
            .replace("31 tháng 6", "30 tháng 6")
            .replace("ngày 31\n", "ngày 30\n");
        let fixed = fixed.replace(
            "trước ngày 31\n            tháng 6",
            "trước ngày 30\n            tháng 6",
        );
        std::fs::write(&plan, fixed).unwrap();
        let out_dir = dir.path().join("out");
        let o = build_to(&out_dir, "pdf", &["--force", plan.to_str().unwrap()]);
        assert_ok(&o);
        let pdf = out_dir.join(format!("{name}.pdf"));
        let built = words(&pdf_pages(&pdf).join(" "));
        let s = similarity(&words(&original), &built);
        if std::env::var_os("KEHOACH_IMPORT_DEBUG").is_some() {
            std::fs::write(format!("/tmp/{name}-orig.txt"), words(&original).join("\n")).unwrap();
            std::fs::write(format!("/tmp/{name}-built.txt"), built.join("\n")).unwrap();
        }
        assert!(s >= 0.97, "{name}: {s:.3}");
        eprintln!("{name}: word similarity {s:.4}");
    }
}

#[test]
fn the_appendix_table_keeps_every_unit_and_figure() {
    let dir = tempfile::tempdir().unwrap();
    let (docx, _) = office_copy(&OFFICES[0]);
    let (plan, out) = import_into(dir.path(), &docx, "can-gio");
    assert_ok(&out);
    let said = stdout(&out);
    assert!(
        said.contains("Cột tính bằng công thức") && said.contains("da_kich_hoat"),
        "{said}"
    );
    let yaml = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("31 tháng 6", "30 tháng 6");
    std::fs::write(&plan, yaml.replace("ngày 31\n", "ngày 30\n")).unwrap();
    let o = kehoach(&["appendix", plan.to_str().unwrap(), "--format", "csv"]);
    assert_ok(&o);
    let csv = stdout(&o);
    let text = std::fs::read_to_string(shared("reference").join(OFFICES[0].reference)).unwrap();
    for row in text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains('\t'))
    {
        let cells: Vec<&str> = row.split('\t').collect();
        let figures: Vec<&str> = cells[2..]
            .iter()
            .copied()
            .filter(|c| !c.contains('/'))
            .collect();
        let line = csv
            .lines()
            .find(|l| {
                l.contains(cells[1]) || cells[1] == "Tổng số" && l.to_lowercase().contains("tổng")
            })
            .unwrap_or_else(|| panic!("{}: {csv}", cells[1]));
        for f in figures {
            assert!(line.split(',').any(|c| c == f), "{} {f}: {line}", cells[1]);
        }
    }
}

#[test]
fn what_is_not_a_word_document_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>); 4] = [
        ("a.pdf", b"%PDF-1.7\n...".to_vec()),
        (
            "a.doc",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        ),
        ("a.docx", b"PK\x03\x04not really a zip".to_vec()),
        ("big.txt", vec![b'a'; 21 * 1024 * 1024]),
    ];
    for (name, bytes) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = dir.path().join("plans/x.yaml");
        let o = kehoach(&[
            "import",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code(&o), 1, "{name}");
        assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
        assert!(
            !dir.path().join("plans").exists(),
            "{name}: nothing written"
        );
    }
    // A zip bomb: a document.xml that unpacks far past the limit.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..40 {
        std::io::Write::write_all(&mut zip, &chunk).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 1024 * 1024);
    let file = dir.path().join("bomb.docx");
    std::fs::write(&file, bomb).unwrap();
    let o = kehoach(&[
        "import",
        file.to_str().unwrap(),
        "--out",
        dir.path().join("plans/x.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    // Never over a file without --force.
    let (docx, _) = office_copy(&OFFICES[1]);
    let (plan, first) = import_into(dir.path(), &docx, "vinh-bao");
    assert_ok(&first);
    std::fs::write(&plan, "mine").unwrap();
    let (_, again) = import_into(dir.path(), &docx, "vinh-bao");
    assert_eq!(code(&again), 2);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "mine");
}
