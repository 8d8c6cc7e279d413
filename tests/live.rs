//! `kehoach watch` and `kehoach preview`, run as a user runs them: the real binary on a copy of
//! a plan, edited while it runs; Ctrl-C (SIGINT) ends each with exit 0. The browser tests use
//! headless Chromium (`.ci/run` installs Debian's chromium): a screenshot of the plan page, and
//! a page kept open, driven over the DevTools pipe, that must follow saves by itself.

mod common;

use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::browser::*;
use common::running::*;
use common::*;

fn edit(plan: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(plan).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(plan, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn watch_rebuilds_a_saved_plan_and_keeps_the_last_good_pdf() {
    let (dir, plans) = workspace();
    let child = spawn(dir.path(), &["watch", "plans", "--out", "out"]);
    let pdf = dir.path().join("out/plan.pdf");
    assert!(within(30, || pdf.exists()), "the first build");
    let first = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    edit(&plans.join("plan.yaml"), "Hướng dẫn", "Hướng dẫn lại");
    assert!(
        within(3, || std::fs::metadata(&pdf).unwrap().modified().unwrap()
            > first),
        "rebuilt within 2 s of the save"
    );
    let good = std::fs::read(&pdf).unwrap();
    // A date that does not exist: the PDF stays as it was, the watch goes on.
    edit(
        &plans.join("plan.yaml"),
        "date: 05/6/2023",
        "date: 31/6/2023",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(std::fs::read(&pdf).unwrap(), good);
    let mut child = child;
    let mut err = String::new();
    let stderr = child.stderr.take().unwrap();
    let code = interrupt(child);
    BufReader::new(stderr).read_to_string(&mut err).unwrap();
    assert_eq!(code, 0);
    assert!(
        err.contains("plan.yaml:15:7") && err.contains("date-not-on-calendar"),
        "problems as check prints them:\n{err}"
    );
}

#[test]
fn preview_follows_saves_errors_and_their_fixes() {
    let (dir, plans) = workspace();
    let plan = plans.join("plan.yaml");
    let (child, addr) = preview(dir.path());
    let (status, index) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(
        index.contains("/plan/0") && index.contains("sạch"),
        "{index}"
    );
    let (status, page) = get(&addr, "/plan/0");
    assert_eq!(status, 200);
    assert!(
        page.contains("<svg") && page.contains("EventSource"),
        "pages drawn"
    );
    assert!(page.contains("plan.pdf") && page.contains("plan.docx") && page.contains("plan.xlsx"));
    // A click names where a text is written: each section title's line, each table row's.
    let text = std::fs::read_to_string(&plan).unwrap();
    let title = text.lines().position(|l| l.contains("- title:")).unwrap() + 1;
    assert!(
        page.contains(&format!("plans/plan.yaml:{title}&quot;")),
        "line {title}"
    );
    assert!(page.contains(".csv:2&quot;"), "a data row's line");
    if let Some(intro) = text.lines().position(|l| l.starts_with("intro:")) {
        assert!(
            page.contains(&format!("plans/plan.yaml:{}&quot;", intro + 1)),
            "the intro"
        );
    }
    let (status, pdf) = get(&addr, "/plan/0/plan.pdf");
    assert!(status == 200 && pdf.len() > 1000);
    // The event stream tells the page of a save.
    let events = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(&addr).unwrap();
            write!(s, "GET /plan/0/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut seen = String::new();
            let mut buf = [0u8; 512];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                if seen.contains("event: changed") {
                    break;
                }
            }
            seen
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let saved = Instant::now();
    edit(&plan, "Hướng dẫn", "Hướng dẫn lại");
    let seen = events.join().unwrap();
    assert!(seen.contains("event: changed"), "{seen}");
    assert!(
        saved.elapsed() < Duration::from_secs(2),
        "{:?}",
        saved.elapsed()
    );
    assert!(get(&addr, "/plan/0/content").1.contains("Hướng dẫn lại"));
    // An error shows with its file and line; the last good pages stay beneath.
    edit(&plan, "date: 05/6/2023", "date: 31/6/2023");
    assert!(within(3, || get(&addr, "/plan/0/content")
        .1
        .contains("plan.yaml:15:7")));
    let content = get(&addr, "/plan/0/content").1;
    assert!(
        content.contains("date-not-on-calendar") && content.contains("<svg"),
        "{content}"
    );
    assert!(get(&addr, "/").1.contains("1 lỗi"));
    // Fixed: the error goes.
    edit(&plan, "date: 31/6/2023", "date: 05/6/2023");
    assert!(within(3, || !get(&addr, "/plan/0/content")
        .1
        .contains("date-not-on-calendar")));
    // Nothing but the plan's pages and files.
    for path in [
        "/plan/0/../../../etc/passwd",
        "/plan/%2e%2e/%2e%2e/etc/passwd",
        "/plan/0/%2e%2e%2fplan.yaml",
        "/plan/0/plan.yaml",
        "/plans/plan.yaml",
        "/../Cargo.toml",
        "/plan/1",
    ] {
        assert_eq!(get(&addr, path).0, 404, "{path}");
    }
    assert_eq!(interrupt(child), 0);
}

#[test]
fn a_browser_draws_the_plan_page() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (dir, _) = workspace();
    let (child, addr) = preview(dir.path());
    let url = format!("http://{addr}/plan/0");
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("chromium");
    let headless = |extra: &[&str]| {
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url)
            .output()
            .unwrap()
    };
    let dom = String::from_utf8_lossy(&headless(&["--dump-dom"]).stdout).into_owned();
    assert!(
        dom.contains("<svg") && dom.contains("data-anchors"),
        "{dom}"
    );
    let screenshot = format!("--screenshot={}", shot.display());
    headless(&[&screenshot, "--window-size=900,1200"]);
    assert_eq!(interrupt(child), 0);
    // The document is drawn: the page area holds dark pixels (text), not a blank sheet.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.line_size / info.width as usize;
    let dark = buf[..info.buffer_size()]
        .chunks(channels)
        .filter(|px| px.iter().take(3).all(|c| *c < 100))
        .count();
    let share = dark as f64 / (info.width * info.height) as f64;
    assert!(share > 0.005, "the screenshot is blank ({share})");
}

#[test]
fn without_plans_watch_and_preview_say_so_and_stop() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["watch", "preview"] {
        let start = Instant::now();
        let o = kehoach_in(dir.path(), &[command]);
        assert_eq!(code(&o), 2, "{command}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("plans/"),
            "{command}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{command} did not stop"
        );
    }
}

#[test]
fn an_open_page_follows_a_save_and_an_error_without_a_reload() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (dir, plans) = workspace();
    let plan = plans.join("plan.yaml");
    let (child, addr) = preview(dir.path());
    let mut browser = Browser::open(
        chromium,
        &format!("http://{addr}/plan/0"),
        &dir.path().join("chromium"),
    );
    std::thread::sleep(Duration::from_secs(2));
    browser.attach();
    assert!(
        within(10, || browser.text().contains("Hướng dẫn Nhân dân")),
        "the page opened"
    );
    let saved = Instant::now();
    edit(&plan, "Hướng dẫn", "Hướng dẫn lại");
    assert!(
        within(3, || browser.text().contains("Hướng dẫn lại")),
        "the page followed the save"
    );
    assert!(
        saved.elapsed() < Duration::from_secs(2),
        "{:?}",
        saved.elapsed()
    );
    edit(&plan, "date: 05/6/2023", "date: 31/6/2023");
    assert!(
        within(3, || browser.text().contains("plan.yaml:15:7")),
        "the error and its line"
    );
    edit(&plan, "date: 31/6/2023", "date: 05/6/2023");
    assert!(
        within(3, || !browser.text().contains("date-not-on-calendar")),
        "the error went"
    );
    drop(browser);
    assert_eq!(interrupt(child), 0);
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `rm -rf plans; mkdir plans; cp …` (a checkout, an unzip).
fn remake(plans: &Path, saved: &Path) {
    std::fs::remove_dir_all(plans).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    std::fs::create_dir_all(plans).unwrap();
    copy_tree(saved, plans);
}

/// A copy of `plans` elsewhere, its plan's "Hướng dẫn" made "Hướng dẫn mới".
fn edited_copy(plans: &Path) -> tempfile::TempDir {
    let saved = tempfile::tempdir().unwrap();
    copy_tree(plans, saved.path());
    edit(
        &saved.path().join("plan.yaml"),
        "Hướng dẫn",
        "Hướng dẫn mới",
    );
    saved
}

#[test]
fn watch_follows_a_folder_removed_and_made_again() {
    let (dir, plans) = workspace();
    let saved = edited_copy(&plans);
    let mut child = spawn(dir.path(), &["watch", "plans", "--out", "out"]);
    let pdf = dir.path().join("out/plan.pdf");
    assert!(within(30, || pdf.exists()), "the first build");
    let first = std::fs::read(&pdf).unwrap();
    remake(&plans, saved.path());
    assert!(
        within(5, || std::fs::read(&pdf).is_ok_and(|b| b != first)),
        "rebuilt from the new folder"
    );
    // And later saves in it still rebuild.
    let second = std::fs::read(&pdf).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    edit(&plans.join("plan.yaml"), "Hướng dẫn mới", "Hướng dẫn khác");
    assert!(
        within(5, || std::fs::read(&pdf).is_ok_and(|b| b != second)),
        "a save after the folder came back"
    );
    let stderr = child.stderr.take().unwrap();
    assert_eq!(interrupt(child), 0);
    let mut err = String::new();
    BufReader::new(stderr).read_to_string(&mut err).unwrap();
    assert!(err.contains("không còn") && err.contains("có lại"), "{err}");
}

#[test]
fn preview_follows_a_folder_removed_and_made_again() {
    let (dir, plans) = workspace();
    let saved = edited_copy(&plans);
    let (child, addr) = preview(dir.path());
    assert_eq!(get(&addr, "/plan/0").0, 200);
    remake(&plans, saved.path());
    assert!(within(5, || get(&addr, "/plan/0/content")
        .1
        .contains("Hướng dẫn mới")));
    std::thread::sleep(Duration::from_millis(300));
    edit(&plans.join("plan.yaml"), "Hướng dẫn mới", "Hướng dẫn khác");
    assert!(within(5, || get(&addr, "/plan/0/content")
        .1
        .contains("Hướng dẫn khác")));
    assert_eq!(interrupt(child), 0);
}
