//! A thousand plans, as a province keeps them (issue: scale): generates N distinct plans (names,
//! figures, row counts, one or two appendices, nested folders) and times the release binary on
//! them. `cargo bench --bench many` (N = 1000; `KEHOACH_PLANS=5000` for more) prints ms per plan
//! for PDF and for PDF+DOCX, peak memory, a no-op rebuild, a rebuild after one data file
//! changed, and `check` of them all.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A plan of commune `i`: its own name, figures and number of rows.
fn plan(i: usize) -> String {
    let rows = 3 + i % 17;
    let inline: Vec<String> = (0..rows)
        .map(|r| {
            let eligible = 200 + (i * 37 + r * 101) % 1900;
            let done = (eligible * (1 + (i + r) % 7)) / 20;
            format!(
                "      - {{ unit: Thôn {i}-{r}, eligible: {eligible}, l1: {done}, l2: {} }}",
                done / 3
            )
        })
        .collect();
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
         \x20   as_of: 05/6/2023\n    deadline: 30/9/2023\n    rows:\n{rows}\n    columns:\n\
         \x20     - {{ key: unit, label: Thôn }}\n      - {{ key: eligible, label: Đủ điều kiện }}\n\
         \x20     - {{ key: quota, label: Chỉ tiêu, allocate: {{ total: {total}, by: eligible }} }}\n\
         \x20     - label: Đã kích hoạt\n        columns:\n          - {{ key: l1, label: Mức 1 }}\n          - {{ key: l2, label: Mức 2 }}\n\
         \x20         - {{ key: done, label: Tổng, formula: l1 + l2 }}\n\
         \x20     - {{ key: left, label: Còn lại, formula: max(quota - done, 0) }}\n\
         \x20     - {{ key: per_day, label: Mỗi ngày, formula: left / days, round: up }}\n    totals: Tổng cộng\n{second}",
        h = i / 25,
        n = 1 + i % 900,
        total = 500 + i * 7 % 3000,
        rows = inline.join("\n"),
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

fn main() {
    let n: usize = std::env::var("KEHOACH_PLANS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    for i in 0..n {
        let folder = plans.join(format!("huyen-{:02}", i / 25));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("xa-{i:04}.yaml")), plan(i)).unwrap();
    }
    let p = plans.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (check, _) = run(&["check", p]);
    let (pdf, mem_pdf) = run(&["build", "--out", &out("pdf"), p]);
    let (both, mem_both) = run(&["build", "--to", "pdf,docx", "--out", &out("both"), p]);
    let (noop, _) = run(&["build", "--to", "pdf,docx", "--out", &out("both"), p]);
    let one = plans.join("huyen-00/xa-0001.yaml");
    let text = std::fs::read_to_string(&one)
        .unwrap()
        .replacen("eligible: ", "eligible: 1", 1);
    std::fs::write(&one, text).unwrap();
    let (changed, _) = run(&["build", "--to", "pdf,docx", "--out", &out("both"), p]);
    let ms = |s: f64| s * 1000.0 / n as f64;
    println!(
        "{n} plans (release build, {} cores):",
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );
    println!(
        "  check               {check:>7.2} s  ({:.2} ms a plan)",
        ms(check)
    );
    println!(
        "  build PDF           {pdf:>7.2} s  ({:.1} ms a plan), peak memory {mem_pdf:.0} MB",
        ms(pdf)
    );
    println!(
        "  build PDF + DOCX    {both:>7.2} s  ({:.1} ms a plan), peak memory {mem_both:.0} MB",
        ms(both)
    );
    println!("  rebuild, no change  {noop:>7.2} s");
    println!("  rebuild, one plan   {changed:>7.2} s");
    let _ = Path::new(p);
}
