//! `kehoach import` of a 20-page plan: the Cần Giờ plan (`../shared/reference/001_…`) typed
//! into Word the way an office types it (header and signature in tables, the appendix a Word
//! table with merged header cells), its body three times over (about 20 pages), read and
//! made into YAML and CSV. `cargo bench --bench import` prints the median of 15 runs; the goal
//! is well under a second.

#[path = "../tests/common/word.rs"]
#[allow(dead_code)]
mod word;

use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("../shared/reference/001_fc09c48b1c561b26.txt"))
        .expect("CI clones the repository with shared/ beside it");
    // The body (from the first section to "Nơi nhận") three times over.
    let start = text.find("I. MỤC ĐÍCH").expect("a section");
    let end = text.find("Nơi nhận").expect("the recipients");
    let body = &text[start..end];
    let long = format!("{}{}{}{}", &text[..end], body, body, &text[end..]);
    let office = word::Office {
        reference: "",
        parent: "UBND HUYỆN CẦN GIỜ",
        name: "BAN CHỈ ĐẠO THỰC HIỆN ĐỀ ÁN 06",
        number_line: "Số: 135 /KH-BCĐ",
        date_line: "Cần Giờ, ngày 27 tháng 6 năm 2023",
        signer: &["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Văn Bình"],
    };
    let (docx, shown) = word::office_copy(&office, &long);
    let words = shown.split_whitespace().count();
    let mut times: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            let imported = kehoach::import::import(&docx, "can-gio", "can-gio.docx")
                .unwrap_or_else(|_| panic!("the document imports"));
            assert!(imported.yaml.len() > 10_000);
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "import of a {}-word Word plan ({} KB): median {:.1} ms of 15 runs (goal: well under 1 s)",
        words,
        docx.len() / 1024,
        times[7] * 1e3
    );
}
