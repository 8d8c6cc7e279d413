//! How long computing a 10,000-row appendix takes: `cargo bench --bench appendix`.
//!
//! A plan with the sketch's columns (an allocation, a two-level header, percent and rounded
//! formulas, a totals row) reads a generated 10,000-row CSV; loading and computing are timed
//! separately over several runs, and the median is printed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kehoach::appendix::{Overrides, compute_all};

const ROWS: usize = 10_000;
const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut csv = String::from("unit,eligible,level1,level2\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "Thôn {i},{},{},{}\n",
            200 + i % 900,
            i % 41,
            i % 97
        ));
    }
    std::fs::write(dir.path().join("rows.csv"), csv).unwrap();
    let plan = "kind: ke-hoach\nauthority: { name: A, code: UBND }\nplace: A\ndate: 01/6/2023\n\
        subject: Benchmark\nsigner: { title: CHỦ TỊCH }\nappendices:\n  - title: T\n    as_of: 04/6/2023\n\
        \x20   deadline: 30/6/2023\n    rows: rows.csv\n    columns:\n      - { key: unit, label: Thôn }\n\
        \x20     - { key: eligible, label: Đủ điều kiện }\n\
        \x20     - { key: quota, label: Chỉ tiêu, allocate: { total: 1250000, by: eligible } }\n\
        \x20     - label: Đã kích hoạt\n        columns:\n          - { key: level1, label: Mức 1 }\n\
        \x20         - { key: level2, label: Mức 2 }\n          - { key: done, label: Tổng, formula: level1 + level2 }\n\
        \x20     - { key: rate, label: Tỉ lệ, formula: done / quota, format: percent }\n\
        \x20     - { key: left, label: Còn lại, formula: max(quota - done, 0) }\n\
        \x20     - { key: per_day, label: Mỗi ngày, formula: left / days, round: nearest }\n    totals: Tổng cộng\n";
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, plan).unwrap();

    let mut load_times = Vec::new();
    let mut compute_times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded =
            kehoach::pipeline::load_text(Arc::new(kehoach::source::SourceFile::new(&path, text)))
                .unwrap_or_else(|_| panic!("the benchmark plan loads"));
        load_times.push(t.elapsed());
        let t = Instant::now();
        let (tables, problems) = compute_all(&loaded, &Overrides::default());
        compute_times.push(t.elapsed());
        assert!(problems.is_empty() && tables[0].rows.len() == ROWS);
    }
    println!("appendix of {ROWS} rows from CSV, median of {RUNS} runs:");
    println!(
        "  load plan          {:>8.1} ms",
        median(load_times).as_secs_f64() * 1e3
    );
    println!(
        "  read CSV + compute {:>8.1} ms",
        median(compute_times).as_secs_f64() * 1e3
    );
}
