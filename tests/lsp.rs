//! `kehoach lsp` spoken to over stdio, as an editor does: diagnostics while typing, hover on a
//! date, completion inside `signer:`.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Client {
    child: Child,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .args(["lsp", "--lang", "en"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            incoming: rx,
            next_id: 1,
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        let stdin = self.child.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id)["result"].clone()
    }

    /// The next message that `pick` accepts, within five seconds.
    fn wait(&self, pick: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self.incoming.recv_timeout(left).expect("an answer in time");
            if pick(&m) {
                return m;
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

const PLAN: &str = "kind: ke-hoach\nauthority: { name: UBND XÃ A, code: UBND }\nplace: A\ndate: 01/6/2023\n\
subject: Thử\nperiod: { start: 05/6/2023, end: 30/7/2023 }\nintro: Hoàn thành trước ngày 31/6/2023.\n\
signer:\n  title: CHỦ TỊCH\n  \n";

#[test]
fn errors_show_while_typing_and_hover_and_completion_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    let uri = format!("file://{}", path.display());
    let mut c = Client::start();
    let caps = c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    assert!(caps["capabilities"]["hoverProvider"].as_bool().unwrap());
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": PLAN } }),
    );
    let d = c.diagnostics(&uri);
    let bad = d
        .iter()
        .find(|d| d["code"] == "date-not-on-calendar")
        .expect("31/6 is found");
    assert_eq!(bad["range"]["start"], json!({ "line": 6, "character": 29 }));
    assert_eq!(bad["range"]["end"], json!({ "line": 6, "character": 38 }));
    assert_eq!(bad["severity"], 1);
    // Typing 30/6 clears it.
    let fixed = PLAN.replace("31/6/2023", "30/6/2023");
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    let d = c.diagnostics(&uri);
    assert!(
        d.iter().all(|d| d["code"] != "date-not-on-calendar"),
        "{d:?}"
    );
    // Hover on the date: its weekday and its place in the period.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 6, "character": 32 } }),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("Friday, 30/6/2023") && text.contains("25 days after the start"),
        "{text}"
    );
    // Completion inside `signer:` offers its keys.
    let items = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 9, "character": 2 } }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"capacity") && labels.contains(&"name"),
        "{labels:?}"
    );
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}

/// Starts `kehoach lsp`, writes `input` to its stdin (left open), and waits up to ten seconds
/// for it to end: its exit status, what it said on stderr, and how long it took.
fn session(input: &[u8]) -> (i32, String, Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["lsp", "--lang", "en"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input);
    let _ = stdin.flush();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the server did not end within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (code, err, started.elapsed())
}

fn frame(v: Value) -> Vec<u8> {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn initialize() -> Vec<u8> {
    let mut bytes = frame(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": null, "capabilities": {} } }));
    bytes.extend(frame(
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    ));
    bytes
}

#[test]
fn a_frame_over_the_limit_ends_the_server_with_a_message_not_an_abort() {
    for length in ["1000000000000", "2000000000"] {
        let mut input = initialize();
        input.extend(format!("Content-Length: {length}\r\n\r\n{{").into_bytes());
        let (code, err, took) = session(&input);
        assert_eq!(code, 1, "{length}: {err}");
        assert!(err.contains("over the limit"), "{err}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
}

#[test]
fn malformed_frames_are_said_and_end_with_1() {
    for (bad, says) in [
        (&b"Content-Length: 5\r\n\r\nhello"[..], "not JSON-RPC"),
        (b"Content-Length: lots\r\n\r\n", "not a number"),
        (b"no colon here\r\n\r\n", "without ':'"),
    ] {
        let mut input = initialize();
        input.extend_from_slice(bad);
        let (code, err, _) = session(&input);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(says), "{says}: {err}");
    }
}

#[test]
fn the_server_ends_as_the_protocol_says() {
    let exit = frame(json!({ "jsonrpc": "2.0", "method": "exit" }));
    let shutdown = frame(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    // exit with no shutdown before it: 1.
    let (code, err, _) = session(&[initialize(), exit.clone()].concat());
    assert_eq!(code, 1);
    assert!(err.contains("before `shutdown`"), "{err}");
    // shutdown, then exit: 0.
    let (code, err, _) = session(&[initialize(), shutdown.clone(), exit].concat());
    assert_eq!((code, err.as_str()), (0, ""));
    // shutdown, then nothing, stdin still open: it ends by itself, soon.
    let (code, _, took) = session(&[initialize(), shutdown].concat());
    assert_eq!(code, 0);
    assert!(took < Duration::from_secs(6), "{took:?}");
}
