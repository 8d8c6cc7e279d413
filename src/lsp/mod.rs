//! `kehoach lsp`: a language server over stdio for plan files. On open and on every change it
//! runs the same load and check as `kehoach check` on the unsaved text (data files read from
//! disk) and publishes every diagnostic; hover on a date tells its weekday and where it falls in
//! the period, hover on a column key its formula and total; completion offers the keys allowed
//! where the cursor is, from the format's schema.
//!
//! A front end like the command line: it goes through [`crate::pipeline`] and adds no rule.

mod complete;
mod hover;
mod text;
mod transport;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, Response};
use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::source::SourceFile;

/// Hover at byte `at` of an unsaved text, as the language server answers it (the browser
/// editor asks the same): a date's weekday and place in the period, a column key's formula.
pub fn hover_at(file: &SourceFile, at: usize, lang: Lang) -> Value {
    hover::hover(file, at, lang)
}

/// The keys allowed at byte `at`, from the format's schema, as the language server offers.
pub fn completion_at(file: &SourceFile, at: usize) -> Value {
    complete::completion(file, at)
}

/// How long the server waits for `exit` once it has answered `shutdown`.
const EXIT_WAIT: Duration = Duration::from_secs(3);

/// How the conversation ended.
enum End {
    /// `exit` after `shutdown` (or `shutdown` and then silence): 0.
    Clean,
    /// `exit` with no `shutdown` before it: 1, as the protocol says.
    ExitUnasked,
    /// The input ended or broke before `shutdown`: 1.
    Lost,
}

/// Runs the server until the client says `exit`; the exit status. What went wrong with the
/// input (a malformed or oversized frame, the client gone) is said on stderr.
pub fn run(lang: Lang) -> i32 {
    let (connection, fault, writer) = transport::stdio();
    let capabilities = json!({
        "textDocumentSync": 1,
        "hoverProvider": true,
        "completionProvider": { "triggerCharacters": [" ", "\n"] },
    });
    let mut unready = None;
    let end = match connection.initialize(capabilities) {
        Ok(_) => Server {
            connection: &connection,
            lang,
            documents: BTreeMap::new(),
            published: BTreeMap::new(),
        }
        .serve(),
        Err(e) => {
            unready = Some(e.to_string());
            End::Lost
        }
    };
    // Every answer written before the process ends; the reader may still wait on stdin, and
    // the process ends without it.
    drop(connection);
    let _ = writer.join();
    match end {
        End::Clean => 0,
        End::ExitUnasked => {
            eprintln!("kehoach lsp: `exit` came before `shutdown`");
            1
        }
        End::Lost => {
            let why = fault.take().or(unready);
            let why = why.unwrap_or_else(|| "the client closed stdin without `shutdown`".into());
            eprintln!("kehoach lsp: {why}");
            1
        }
    }
}

struct Server<'a> {
    connection: &'a Connection,
    lang: Lang,
    /// The text of every open document, by URI.
    documents: BTreeMap<String, String>,
    /// For each open plan, the URIs it published diagnostics to (its data files too).
    published: BTreeMap<String, BTreeSet<String>>,
}

impl Server<'_> {
    fn serve(&mut self) -> End {
        for msg in &self.connection.receiver {
            match msg {
                Message::Request(req) if req.method == "shutdown" => {
                    self.reply(Response::new_ok(req.id, ()));
                    return self.after_shutdown();
                }
                Message::Request(req) => {
                    let result = self.answer(&req);
                    self.reply(Response::new_ok(req.id, result));
                }
                Message::Notification(n) if n.method == "exit" => return End::ExitUnasked,
                Message::Notification(n) => self.notified(&n),
                Message::Response(_) => {}
            }
        }
        End::Lost
    }

    /// After `shutdown` only `exit` is expected; requests are refused, and the server ends
    /// on `exit`, at the end of input, or after [`EXIT_WAIT`] of silence.
    fn after_shutdown(&self) -> End {
        let deadline = Instant::now() + EXIT_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.connection.receiver.recv_timeout(left) {
                Ok(Message::Notification(n)) if n.method == "exit" => return End::Clean,
                Ok(Message::Request(req)) => self.reply(Response::new_err(
                    req.id,
                    lsp_server::ErrorCode::InvalidRequest as i32,
                    "the server is shut down".into(),
                )),
                Ok(_) => {}
                Err(_) => return End::Clean,
            }
        }
    }

    fn reply(&self, response: Response) {
        let _ = self.connection.sender.send(Message::Response(response));
    }

    fn answer(&self, req: &Request) -> Value {
        let uri = req.params["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default();
        let Some(source) = self.documents.get(uri) else {
            return Value::Null;
        };
        let file = SourceFile::new(text::path_of(uri), source.clone());
        let at = text::offset_of(&file, &req.params["position"]);
        match req.method.as_str() {
            "textDocument/hover" => hover::hover(&file, at, self.lang),
            "textDocument/completion" => complete::completion(&file, at),
            _ => Value::Null,
        }
    }

    fn notified(&mut self, n: &Notification) {
        let uri = n.params["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let t = n.params["textDocument"]["text"]
                    .as_str()
                    .unwrap_or_default();
                self.documents.insert(uri.clone(), t.to_owned());
                self.publish(&uri);
            }
            "textDocument/didChange" => {
                // Full sync: the last change holds the whole text.
                if let Some(t) = n.params["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                {
                    self.documents.insert(uri.clone(), t.to_owned());
                    self.publish(&uri);
                }
            }
            "textDocument/didClose" => {
                self.documents.remove(&uri);
                for other in self.published.remove(&uri).unwrap_or_default() {
                    self.send_diagnostics(&other, Vec::new());
                }
            }
            _ => {}
        }
    }

    /// Checks the document and publishes its problems, grouped by the file they are in.
    fn publish(&mut self, uri: &str) {
        let Some(source) = self.documents.get(uri) else {
            return;
        };
        let file = Arc::new(SourceFile::new(text::path_of(uri), source.clone()));
        let problems = match crate::pipeline::load_text(file) {
            Ok(loaded) => crate::pipeline::check(loaded, &Default::default()).problems,
            Err(problems) => problems,
        };
        let mut by_uri: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        by_uri.insert(uri.to_owned(), Vec::new());
        for d in &problems {
            let target = if d.file.path() == text::path_of(uri) {
                uri.to_owned()
            } else {
                text::uri_of(d.file.path())
            };
            by_uri.entry(target).or_default().push(self.diagnostic(d));
        }
        let before = self.published.remove(uri).unwrap_or_default();
        for stale in before.iter().filter(|u| !by_uri.contains_key(*u)) {
            self.send_diagnostics(stale, Vec::new());
        }
        self.published
            .insert(uri.to_owned(), by_uri.keys().cloned().collect());
        for (target, diags) in by_uri {
            self.send_diagnostics(&target, diags);
        }
    }

    fn diagnostic(&self, d: &Diagnostic) -> Value {
        let mut message = d.message.get(self.lang).to_owned();
        if let Some(help) = &d.help {
            let word = match self.lang {
                Lang::Vi => "gợi ý",
                Lang::En => "help",
            };
            message.push_str(&format!("\n{word}: {}", help.get(self.lang)));
        }
        json!({
            "range": text::range(&d.file, d.span),
            "severity": if d.severity == Severity::Error { 1 } else { 2 },
            "code": d.code.as_str(),
            "source": "kehoach",
            "message": message,
        })
    }

    fn send_diagnostics(&self, uri: &str, diagnostics: Vec<Value>) {
        let n = Notification::new(
            "textDocument/publishDiagnostics".to_owned(),
            json!({ "uri": uri, "diagnostics": diagnostics }),
        );
        let _ = self.connection.sender.send(Message::Notification(n));
    }
}
