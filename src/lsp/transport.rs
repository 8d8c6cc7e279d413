//! The language server's stdio: `Content-Length` frames read within limits, so that a header
//! announcing a terabyte is refused before a byte is kept, and a malformed frame ends the
//! server with a message instead of silence. Messages are `lsp-server`'s, carried over its
//! in-memory connection; only the framing is ours (lsp-server sizes its buffer to whatever the
//! header says).

use std::io::{BufRead, Read, Write};
use std::sync::{Arc, Mutex};

use lsp_server::{Connection, Message};

/// The largest frame accepted: a plan is kilobytes, a very long one a few megabytes.
pub const MAX_FRAME: usize = 64 * 1024 * 1024;
/// The longest header line, and the most header lines, of one frame.
const MAX_HEADER_LINE: usize = 8 * 1024;
const MAX_HEADER_LINES: usize = 32;

/// What ended the input, when it was not a clean end of the stream.
#[derive(Clone, Default)]
pub struct Fault(Arc<Mutex<Option<String>>>);

impl Fault {
    pub fn take(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    fn set(&self, why: String) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(why);
    }
}

/// The server's end of a connection over stdin and stdout, and the thread writing stdout (it
/// ends once the connection is dropped and all is written). Reading ends (and the
/// connection's receiver closes) at the end of stdin or at the first bad frame, which `Fault`
/// then holds.
pub fn stdio() -> (Connection, Fault, std::thread::JoinHandle<()>) {
    let (server, client) = Connection::memory();
    let fault = Fault::default();
    let Connection { sender, receiver } = client;
    {
        let fault = fault.clone();
        std::thread::spawn(move || {
            let mut input = std::io::stdin().lock();
            loop {
                match read_message(&mut input) {
                    Ok(Some(m)) => {
                        if sender.send(m).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(why) => return fault.set(why),
                }
            }
        });
    }
    let writer = std::thread::spawn(move || {
        let mut out = std::io::stdout().lock();
        for m in receiver {
            if m.write(&mut out).and_then(|()| out.flush()).is_err() {
                return;
            }
        }
    });
    (server, fault, writer)
}

/// The next message, None at a clean end of the stream, or what is wrong with the frame.
pub fn read_message(r: &mut impl BufRead) -> Result<Option<Message>, String> {
    let Some(body) = read_frame(r)? else {
        return Ok(None);
    };
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| format!("a message that is not JSON-RPC: {e}"))
}

fn read_frame(r: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut length = None;
    let mut lines = 0;
    loop {
        let mut line = Vec::new();
        let n = r
            .by_ref()
            .take(MAX_HEADER_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("reading stdin: {e}"))?;
        if n == 0 {
            return if lines == 0 {
                Ok(None)
            } else {
                Err("the input ended inside a frame's headers".into())
            };
        }
        if n > MAX_HEADER_LINE || !line.ends_with(b"\n") {
            return Err(format!("a header line longer than {MAX_HEADER_LINE} bytes"));
        }
        lines += 1;
        if lines > MAX_HEADER_LINES {
            return Err(format!("more than {MAX_HEADER_LINES} header lines"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(format!("a header line without ':': {text:?}"));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let v = value.trim();
            let n: usize = v
                .parse()
                .ok()
                .filter(|_| v.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| format!("Content-Length is not a number: {v:?}"))?;
            if n > MAX_FRAME {
                return Err(format!(
                    "a frame of {n} bytes (Content-Length) is over the limit of {MAX_FRAME}"
                ));
            }
            length = Some(n);
        }
    }
    let length = length.ok_or("a frame without Content-Length")?;
    // Grown as the bytes come, never sized by the header alone.
    let mut body = Vec::new();
    r.by_ref()
        .take(length as u64)
        .read_to_end(&mut body)
        .map_err(|e| format!("reading stdin: {e}"))?;
    if body.len() < length {
        return Err(format!(
            "the input ended inside a frame: {} of {length} bytes",
            body.len()
        ));
    }
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<Option<Message>, String> {
        read_message(&mut raw.as_bytes())
    }

    #[test]
    fn frames_within_the_limits_are_read() {
        let body = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let raw = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        assert!(matches!(read(&raw), Ok(Some(Message::Notification(_)))));
        assert!(matches!(read(""), Ok(None)));
    }

    #[test]
    fn bad_frames_say_what_is_wrong() {
        for (raw, says) in [
            ("Content-Length: 1000000000000\r\n\r\n", "over the limit"),
            (
                "Content-Length: 99999999999999999999999\r\n\r\n",
                "not a number",
            ),
            ("Content-Length: -1\r\n\r\n", "not a number"),
            ("Content-Length: 10\r\n\r\n{}", "ended inside a frame"),
            ("Content-Type: x\r\n\r\n", "without Content-Length"),
            ("Content-Length: 2\r\n\r\n{}", "not JSON-RPC"),
            ("hello\r\n\r\n", "without ':'"),
            ("Content-Length: 2\r\n", "inside a frame's headers"),
        ] {
            let got = read(raw).err().unwrap_or_default();
            assert!(got.contains(says), "{raw:?}: {got}");
        }
        let long = format!("X: {}\r\n\r\n", "a".repeat(MAX_HEADER_LINE));
        assert!(read(&long).unwrap_err().contains("longer than"));
    }
}
