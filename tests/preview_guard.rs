//! `kehoach preview` against what a hostile page or neighbour would send, over a real socket
//! on loopback: huge or endless requests, other hosts and origins, a network address without
//! its token, thousands of idle connections. After each the server must still answer.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::running::*;

fn ok(addr: &str) -> bool {
    get(addr, "/").0 == 200
}

#[test]
fn too_big_requests_are_refused_and_the_server_stays_up() {
    let (dir, _plans) = workspace();
    let (child, addr) = preview(dir.path());
    // A body announced but never sent: refused at once, nothing allocated for it.
    for path in ["/", "/plan/0", "/nothing"] {
        for method in ["GET", "POST"] {
            let raw = format!(
                "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 1000000000000\r\n\r\n"
            );
            assert_eq!(send(&addr, raw.as_bytes()).0, 413, "{method} {path}");
        }
    }
    assert!(ok(&addr));
    let raw = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    assert_eq!(send(&addr, raw.as_bytes()).0, 431);
    let many: String = (0..200).map(|i| format!("X-{i}: a\r\n")).collect();
    let raw = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{many}\r\n");
    assert_eq!(send(&addr, raw.as_bytes()).0, 431);
    let raw = format!("POST / HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_eq!(send(&addr, raw.as_bytes()).0, 501);
    assert_eq!(send(&addr, b"\x16\x03\x01\x02\x00 hello\r\n\r\n").0, 400);
    assert!(ok(&addr));
    assert_eq!(interrupt(child), 0);
}

#[test]
fn only_its_own_host_and_origin_are_served() {
    let (dir, _plans) = workspace();
    let (child, addr) = preview(dir.path());
    let port = addr.rsplit(':').next().unwrap().to_owned();
    for host in ["evil.com", &format!("evil.com:{port}"), "127.0.0.1:1", ""] {
        for path in ["/", "/plan/0", "/plan/0/plan.pdf", "/events"] {
            let raw = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
            assert_eq!(send(&addr, raw.as_bytes()).0, 421, "{host} {path}");
        }
    }
    assert_eq!(send(&addr, b"GET / HTTP/1.0\r\n\r\n").0, 421, "no Host");
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let raw = format!("GET /plan/0 HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(send(&addr, raw.as_bytes()).0, 200, "{host}");
    }
    // Another site's page may not open the event stream nor send anything.
    for (method, path) in [("GET", "/events"), ("GET", "/plan/0/events"), ("POST", "/")] {
        let raw = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://evil.com\r\nContent-Length: 0\r\n\r\n"
        );
        assert_eq!(send(&addr, raw.as_bytes()).0, 403, "{method} {path}");
    }
    // The page's own stream, from its own origin, opens.
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /plan/0/events HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\r\n"
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut head = [0u8; 64];
    let n = s.read(&mut head).unwrap();
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 200"));
    assert_eq!(interrupt(child), 0);
}

#[test]
fn on_the_network_every_request_needs_the_token() {
    let (dir, _plans) = workspace();
    let mut child = spawn(
        dir.path(),
        &["preview", "--host", "0.0.0.0", "--port", "0", "plans"],
    );
    let url = first_line(&mut child);
    let (base, token) = url.split_once("/?token=").expect(&url);
    assert_eq!(token.len(), 32, "{url}");
    let port = base.rsplit(':').next().unwrap();
    let addr = format!("127.0.0.1:{port}");
    let lan = format!("Host: 192.168.1.20:{port}");
    let ask = |path: &str, extra: &str| {
        send(
            &addr,
            format!("GET {path} HTTP/1.1\r\n{lan}\r\n{extra}\r\n").as_bytes(),
        )
    };
    assert_eq!(ask("/", "").0, 403);
    assert_eq!(ask("/plan/0/plan.pdf", "").0, 403);
    assert_eq!(ask("/?token=0123456789abcdef0123456789abcdef", "").0, 403);
    let (status, first) = ask(&format!("/?token={token}"), "");
    assert_eq!(status, 200);
    let cookie = format!("kehoach_token_{port}={token}");
    assert!(first.contains(&format!("Set-Cookie: {cookie};")), "{first}");
    assert_eq!(ask("/plan/0", &format!("Cookie: {cookie}\r\n")).0, 200);
    let mut err = String::new();
    let mut stderr = child.stderr.take().unwrap();
    assert_eq!(interrupt(child), 0);
    stderr.read_to_string(&mut err).unwrap();
    assert!(err.contains("cảnh báo") && err.contains("token"), "{err}");

    // --no-token: the old way, said loudly.
    let mut child = spawn(
        dir.path(),
        &[
            "preview",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--no-token",
            "plans",
        ],
    );
    let url = first_line(&mut child);
    assert!(!url.contains("token"), "{url}");
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let raw = format!("GET / HTTP/1.1\r\nHost: 192.168.1.20:{port}\r\n\r\n");
    assert_eq!(send(&format!("127.0.0.1:{port}"), raw.as_bytes()).0, 200);
    let mut stderr = child.stderr.take().unwrap();
    assert_eq!(interrupt(child), 0);
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    assert!(err.contains("--no-token"), "{err}");
}

/// Lets this process (and the server it starts) hold a few thousand sockets; how many files
/// it may open now.
fn more_files() -> u64 {
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut l);
        l.rlim_cur = l.rlim_max.min(16384);
        libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut l);
        l.rlim_cur
    }
}

fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn idle_connections_cost_no_thread_and_time_out() {
    let files = more_files();
    // 2.000, unless this machine allows fewer open files (then said loudly).
    let idle_count = 2000.min(files.saturating_sub(300) as usize);
    if idle_count < 2000 {
        eprintln!("\n*** only {idle_count} idle connections: the open-file limit is {files} ***\n");
    }
    let (dir, _plans) = workspace();
    let (child, addr) = preview(dir.path());
    let before = threads(child.id());
    // 2,000 connections: half say nothing, half stop in the middle of their headers.
    let idle: Vec<TcpStream> = (0..idle_count)
        .map(|i| {
            let mut s = TcpStream::connect(&addr).unwrap();
            if i % 2 == 1 {
                write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").unwrap();
            }
            s
        })
        .collect();
    let asked = Instant::now();
    assert!(ok(&addr), "answered while 2,000 connections wait");
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    let during = threads(child.id());
    assert!(
        during <= before + 2,
        "threads: {before} before, {during} with 2,000 idle connections"
    );
    // Each idle one is answered 408 and closed once its few seconds are up.
    let mut first = idle.into_iter().nth(1).unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut got = String::new();
    let _ = first.read_to_string(&mut got);
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(ok(&addr));
    assert_eq!(interrupt(child), 0);
}
