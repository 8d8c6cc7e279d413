//! Reading one request out of the bytes received so far: whether it is complete, still
//! arriving, or to be refused (and with which status), within [`Limits`]. Parsing is
//! `httparse`'s; the limits and the refusals are ours.

use super::{Limits, Request};

/// What the bytes received so far make.
#[derive(Debug)]
pub enum Arrival {
    /// More bytes are needed.
    Partial,
    Complete(Request),
    /// Refused with this status; the connection is closed without reading more.
    Refused(u16),
}

const MAX_HEADERS: usize = 64;

pub fn read(bytes: &[u8], limits: &Limits) -> Arrival {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let head_len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(n)) if n <= limits.head => n,
        Ok(httparse::Status::Complete(_)) => return Arrival::Refused(431),
        Ok(httparse::Status::Partial) if bytes.len() > limits.head => {
            return Arrival::Refused(431);
        }
        Ok(httparse::Status::Partial) => return Arrival::Partial,
        Err(httparse::Error::TooManyHeaders) => return Arrival::Refused(431),
        Err(_) => return Arrival::Refused(400),
    };
    let mut length: Option<usize> = None;
    let mut kept = Vec::with_capacity(parsed.headers.len());
    for h in parsed.headers.iter() {
        let Ok(value) = std::str::from_utf8(h.value) else {
            return Arrival::Refused(400);
        };
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            // Chunked bodies are not needed by any page of ours; refusing them keeps the
            // length of every body known before a byte of it is read.
            return Arrival::Refused(501);
        }
        if h.name.eq_ignore_ascii_case("content-length") {
            let Some(n) = parse_length(value) else {
                return Arrival::Refused(400);
            };
            if length.is_some_and(|l| l != n) {
                return Arrival::Refused(400);
            }
            length = Some(n);
        }
        kept.push((h.name.to_owned(), value.to_owned()));
    }
    let body_len = length.unwrap_or(0);
    if body_len > limits.body {
        return Arrival::Refused(413);
    }
    let total = head_len + body_len;
    if bytes.len() < total {
        return Arrival::Partial;
    }
    let target = parsed.path.unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Arrival::Complete(Request {
        method: parsed.method.unwrap_or("GET").to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers: kept,
        body: bytes[head_len..total].to_vec(),
    })
}

/// Digits only, and few enough to fit: `+1`, `1e9` and 30 digits are not lengths.
fn parse_length(value: &str) -> Option<usize> {
    let v = value.trim();
    if v.is_empty() || v.len() > 18 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            head: 256,
            body: 10,
            ..Limits::default()
        }
    }

    #[test]
    fn a_request_arrives_in_pieces() {
        let whole = b"POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
        for cut in 1..whole.len() {
            assert!(
                matches!(read(&whole[..cut], &limits()), Arrival::Partial),
                "{cut}"
            );
        }
        let Arrival::Complete(r) = read(whole, &limits()) else {
            panic!()
        };
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), r.query.as_str()),
            ("POST", "/a", "b=1")
        );
        assert_eq!(r.body, b"abc");
        assert_eq!(r.header("host"), Some("x"));
    }

    #[test]
    fn what_is_too_big_or_unclear_is_refused_before_it_is_read() {
        let status = |bytes: &[u8]| match read(bytes, &limits()) {
            Arrival::Refused(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nContent-Length: 1000000000000\r\n\r\n"),
            413
        );
        assert_eq!(status(b"GET / HTTP/1.1\r\nContent-Length: 11\r\n\r\n"), 413);
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
            400
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            400
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            501
        );
        let long = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(300));
        assert_eq!(status(long.as_bytes()), 431);
        assert_eq!(status(b"\x16\x03\x01 not http\r\n\r\n"), 400);
    }
}
