//! Checking a plan stays linear in the dates its text holds: ten times the dates take at most
//! twelve times as long. Timed twice: the prose scan alone, and `check` of a whole plan whose
//! paragraph holds the dates (plain, and quoted with escapes, so that each date is placed in
//! the file by aligning the text with its source, and each is an error that names its place).
//! `cargo bench --bench scan` prints the timings and the ratios, and fails above 12×.

use std::sync::Arc;
use std::time::Instant;

use kehoach::source::SourceFile;

/// The best of five runs, so a busy machine does not make a quadratic look linear or back.
fn best_of_five(run: &dyn Fn()) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// A plan whose one paragraph repeats `unit` `n` times.
fn plan(unit: &str, n: usize) -> String {
    format!(
        "kind: chi-thi\nauthority: {{ parent: UBND TỈNH A, name: ỦY BAN NHÂN DÂN HUYỆN B, code: UBND, short: UBND huyện B }}\n\
         number: 7\nplace: Huyện B\ndate: 02/02/2024\nsubject: Về việc kích hoạt tài khoản\n\
         intro: Chủ tịch UBND huyện chỉ thị\nperiod: {{ start: 05/02/2024, end: 29/3/2024 }}\n\
         items:\n  - \"{}\"\n\
         signer: {{ capacity: KT., body: CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Trần Văn C }}\n\
         recipients: [UBND tỉnh (b/c)]\narchive: VT\n",
        unit.repeat(n)
    )
}

fn check(text: &str) -> usize {
    let file = Arc::new(SourceFile::new("bench.yaml", text.to_owned()));
    match kehoach::pipeline::load_text(file) {
        Ok(loaded) => kehoach::pipeline::check(loaded, &Default::default())
            .problems
            .len(),
        Err(problems) => problems.len(),
    }
}

/// Times `run` on the input for `n` and for `10 × n` (made beforehand by `input`), and fails
/// when the ratio shows more than linear growth.
fn linear(what: &str, n: usize, input: &dyn Fn(usize) -> String, run: &dyn Fn(&str)) {
    let (small, large) = (input(n), input(10 * n));
    let (a, b) = (best_of_five(&|| run(&small)), best_of_five(&|| run(&large)));
    let ratio = b / a;
    println!(
        "{what}: {n} in {:.1} ms, {} in {:.1} ms: {ratio:.1}× for 10×",
        a * 1e3,
        10 * n,
        b * 1e3
    );
    assert!(ratio < 12.0, "{what} is not linear: {ratio:.1}× for 10×");
}

fn main() {
    let unit = "Hoàn thành trước ngày 31/6/2023 (Thứ Sáu), từ 27/6-15/9/2023, lúc 17h75, Nghị định 59/2022/NĐ-CP ngày 05/9/2021; ";
    linear(
        "prose scan, units of five dates",
        5_000,
        &|n| unit.repeat(n),
        &|text| {
            std::hint::black_box(kehoach::check::prose::scan(text, Some(2023)));
        },
    );
    for (what, unit) in [
        ("check, plain dates", "Báo cáo ngày 15/3/2024. "),
        (
            "check, dates off the calendar in an escaped text",
            "Báo cáo \\\"ngày\\\" 31/6/2024. ",
        ),
    ] {
        linear(what, 2_000, &|n| plan(unit, n), &|text| {
            std::hint::black_box(check(text));
        });
    }
}
