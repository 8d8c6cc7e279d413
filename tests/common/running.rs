//! Running `kehoach watch` and `kehoach preview` as a user does: a copy of a plan to edit, the
//! process started and stopped with Ctrl-C, plain HTTP requests over a real socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::shared;

/// A folder with one plan (the format sketch, whose data file comes along) to edit.
pub fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(plans.join("data")).unwrap();
    let sketch = shared("format-sketch");
    std::fs::copy(sketch.join("plan.yaml"), plans.join("plan.yaml")).unwrap();
    for entry in std::fs::read_dir(sketch.join("data")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, plans.join("data").join(path.file_name().unwrap())).unwrap();
    }
    (dir, plans)
}

pub fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Ctrl-C, then the exit status.
pub fn interrupt(mut child: Child) -> i32 {
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits up to `secs` for `ok`.
pub fn within(secs: u64, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// An HTTP GET of `path` (sent as written, never normalised): status and body.
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// Starts `preview --port 0` in `dir`: the process and the address it prints.
pub fn preview(dir: &Path) -> (Child, String) {
    let mut child = spawn(dir, &["preview", "--port", "0", "plans"]);
    let line = first_line(&mut child);
    let addr = line
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    (child, addr)
}

/// Sends `raw` as it is and reads the answer until the server closes: its status (0 when the
/// connection closed with no answer) and the whole text.
pub fn send(addr: &str, raw: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(raw);
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// The first line `child` prints (the address), and the child.
pub fn first_line(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    line.trim().to_owned()
}
