//! The prose scanner stays linear: scanning ten times the text takes well under twenty times
//! as long. `cargo bench --bench scan` prints both timings and the ratio, and fails above 20×.

use std::time::Instant;

fn time(text: &str) -> f64 {
    // The best of five runs, so a busy machine does not make a quadratic look linear or back.
    (0..5)
        .map(|_| {
            let t = Instant::now();
            let found = kehoach::check::prose::scan(text, Some(2023));
            std::hint::black_box(found);
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let unit = "Hoàn thành trước ngày 31/6/2023 (Thứ Sáu), từ 27/6-15/9/2023, lúc 17h75, Nghị định 59/2022/NĐ-CP ngày 05/9/2021; ";
    let small = unit.repeat(5_000);
    let large = unit.repeat(50_000);
    let (a, b) = (time(&small), time(&large));
    let ratio = b / a;
    println!(
        "prose scan: {} KB in {:.1} ms, {} KB in {:.1} ms: {ratio:.1}× for 10× the text",
        small.len() / 1024,
        a * 1e3,
        large.len() / 1024,
        b * 1e3
    );
    assert!(
        ratio < 20.0,
        "the scan is not linear: {ratio:.1}× for 10× the text"
    );
}
