//! A thousand plans, as a province keeps them (issues: scale, speed): generates N distinct
//! plans (names, figures, 3 to 19 rows, one or two appendices, folders by district, half of
//! them with their figures in a CSV beside the plan) and times the release binary on them, each
//! figure beside the goal it is held to:
//!
//! - `check` of them all: ≤ 0,3 s for 1.000;
//! - a rebuild with nothing changed: ≤ 0,2 s, no file in the output folder touched;
//! - a rebuild after one figure in one CSV changed: ≤ 0,3 s, two files written (its PDF and
//!   DOCX; the manifest besides);
//! - PDF + DOCX of them all: ≤ 12 ms a plan, peak memory < 500 MB.
//!
//! `cargo bench --bench many` (N = 1000; `KEHOACH_PLANS=5000` for more; `KEHOACH_PLANS_DIR=DIR`
//! writes the plans to DIR and stops, for a profiler). Each time is the median of
//! `KEHOACH_RUNS` runs (3). It prints; it never fails on a time (timings are not tests).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

/// The rows of commune `i`: unit, eligible, l1, l2.
fn figures(i: usize) -> Vec<(String, usize, usize, usize)> {
    (0..3 + i % 17)
        .map(|r| {
            let eligible = 200 + (i * 37 + r * 101) % 1900;
            let done = (eligible * (1 + (i + r) % 7)) / 20;
            (format!("Thôn {i}-{r}"), eligible, done, done / 3)
        })
        .collect()
}

/// The data file of commune `i` (the even ones keep their figures in a CSV beside the plan),
/// its first unit's `eligible` raised by `more`.
fn csv(i: usize, more: usize) -> String {
    let mut out = String::from("unit,eligible,l1,l2\n");
    for (r, (unit, eligible, l1, l2)) in figures(i).into_iter().enumerate() {
        let eligible = if r == 0 { eligible + more } else { eligible };
        out.push_str(&format!("{unit},{eligible},{l1},{l2}\n"));
    }
    out
}

/// A plan of commune `i`: its own name, figures and number of rows; the figures inline (odd
/// `i`) or in `xa-NNNN.csv` (even `i`).
fn plan(i: usize) -> String {
    let rows = if i.is_multiple_of(2) {
        format!(" xa-{i:04}.csv")
    } else {
        let inline: Vec<String> = figures(i)
            .into_iter()
            .map(|(unit, eligible, l1, l2)| {
                format!("      - {{ unit: {unit}, eligible: {eligible}, l1: {l1}, l2: {l2} }}")
            })
            .collect();
        format!("\n{}", inline.join("\n"))
    };
    let second = if i.is_multiple_of(3) {
        "  - title: Hướng dẫn kích hoạt\n    items:\n      - Bước 1: cài đặt ứng dụng.\n      - Bước 2: đăng nhập.\n"
            .replace("Bước 1: cài", "\"Bước 1: cài")
            .replace("ứng dụng.", "ứng dụng.\"")
            .replace("Bước 2: đăng", "\"Bước 2: đăng")
            .replace("đăng nhập.", "đăng nhập.\"")
    } else {
        String::new()
    };
    format!(
        "kind: ke-hoach\nauthority:\n  parent: UBND HUYỆN SỐ {h}\n  name: ỦY BAN NHÂN DÂN XÃ SỐ {i}\n  code: UBND\n  short: UBND xã Số {i}\n\
         number: {n}\nplace: Xã Số {i}\ndate: 05/6/2023\nsubject: Kích hoạt tài khoản định danh điện tử trên địa bàn xã Số {i}\n\
         period: {{ start: 06/6/2023, end: 30/9/2023 }}\nintro: UBND xã Số {i} ban hành Kế hoạch thực hiện như sau.\n\
         sections:\n  - title: Mục đích, yêu cầu\n    items:\n      - Hoàn thành chỉ tiêu trước ngày 29/9/2023.\n\
         signer: {{ capacity: TM., body: ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn {i} }}\n\
         recipients: [UBND huyện (b/c)]\narchive: VT\nappendices:\n  - title: Giao chỉ tiêu cho các thôn\n\
         \x20   as_of: 05/6/2023\n    deadline: 30/9/2023\n    rows:{rows}\n    columns:\n\
         \x20     - {{ key: unit, label: Thôn }}\n      - {{ key: eligible, label: Đủ điều kiện }}\n\
         \x20     - {{ key: quota, label: Chỉ tiêu, allocate: {{ total: {total}, by: eligible }} }}\n\
         \x20     - label: Đã kích hoạt\n        columns:\n          - {{ key: l1, label: Mức 1 }}\n          - {{ key: l2, label: Mức 2 }}\n\
         \x20         - {{ key: done, label: Tổng, formula: l1 + l2 }}\n\
         \x20     - {{ key: left, label: Còn lại, formula: max(quota - done, 0) }}\n\
         \x20     - {{ key: per_day, label: Mỗi ngày, formula: left / days, round: up }}\n    totals: Tổng cộng\n{second}",
        h = i / 25,
        n = 1 + i % 900,
        total = 500 + i * 7 % 3000,
    )
}

fn run(args: &[&str]) -> (f64, f64) {
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}");
    let secs = t.elapsed().as_secs_f64();
    // The largest resident set of any child waited for so far, in MB.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    (secs, usage.ru_maxrss as f64 / 1024.0)
}

/// The median time of `runs` runs of `args`, `before` run ahead of each (untimed).
fn median(runs: usize, args: &[&str], mut before: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            before();
            run(args).0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Every file under `dir` with its size and modification time.
fn files(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (e.path().to_owned(), (m.len(), m.modified().unwrap()))
        })
        .collect()
}

/// The files of `after` that are new or changed since `before`: outputs, and the manifest
/// apart.
fn written(
    before: &BTreeMap<PathBuf, (u64, SystemTime)>,
    after: &BTreeMap<PathBuf, (u64, SystemTime)>,
) -> (usize, usize) {
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, s)| before.get(*p) != Some(s))
        .map(|(p, _)| p)
        .collect();
    let manifest = changed
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".kehoach"))
        })
        .count();
    (changed.len() - manifest, manifest)
}

fn main() {
    let n: usize = std::env::var("KEHOACH_PLANS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let runs: usize = std::env::var("KEHOACH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let keep = std::env::var_os("KEHOACH_PLANS_DIR").map(PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let plans = keep.clone().unwrap_or_else(|| dir.path().join("plans"));
    for i in 0..n {
        let folder = plans.join(format!("huyen-{:02}", i / 25));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("xa-{i:04}.yaml")), plan(i)).unwrap();
        if i.is_multiple_of(2) {
            std::fs::write(folder.join(format!("xa-{i:04}.csv")), csv(i, 0)).unwrap();
        }
    }
    if keep.is_some() {
        println!("{n} plans written to {}", plans.display());
        return;
    }
    let p = plans.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (both_dir, pdf_dir) = (out("both"), out("pdf"));
    let check = median(runs, &["check", p], || {});
    let (pdf, mem_pdf) = run(&["build", "--out", &pdf_dir, p]);
    let (both, mem_both) = run(&["build", "--to", "pdf,docx", "--out", &both_dir, p]);
    let both_args = ["build", "--to", "pdf,docx", "--out", &both_dir, p];
    let before = files(Path::new(&both_dir));
    let noop = median(runs, &both_args, || {});
    let touched = written(&before, &files(Path::new(&both_dir)));
    // One figure of one CSV changed, a different one each run.
    let data = plans.join("huyen-00/xa-0002.csv");
    let mut round = 0;
    let changed = median(runs, &both_args, || {
        round += 1;
        std::fs::write(&data, csv(2, round)).unwrap();
    });
    let before_last = files(Path::new(&both_dir));
    std::fs::write(&data, csv(2, 1000)).unwrap();
    run(&both_args);
    let last = written(&before_last, &files(Path::new(&both_dir)));
    let ms = |s: f64| s * 1000.0 / n as f64;
    let scale = n as f64 / 1000.0;
    println!(
        "{n} plans (release build, {} cores; median of {runs} runs where it says so):",
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );
    println!("                                  measured          goal");
    println!(
        "  check (median)                {check:>7.2} s        ≤ {:.2} s",
        0.3 * scale
    );
    println!(
        "  rebuild, no change (median)   {noop:>7.2} s        ≤ {:.2} s",
        0.2 * scale
    );
    println!(
        "    files written               {:>7} (+{} manifest)   0",
        touched.0, touched.1
    );
    println!(
        "  rebuild, one CSV figure (med.) {changed:>6.2} s        ≤ {:.2} s",
        0.3 * scale
    );
    println!(
        "    files written               {:>7} (+{} manifest)   2",
        last.0, last.1
    );
    println!(
        "  build PDF + DOCX              {:>7.1} ms a plan  ≤ 12 ms ({both:.2} s in all)",
        ms(both)
    );
    println!("    peak memory                 {mem_both:>7.0} MB       < 500 MB");
    println!(
        "  build PDF                     {:>7.1} ms a plan  ({pdf:.2} s in all), peak memory {mem_pdf:.0} MB",
        ms(pdf)
    );
}
