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
