//! Who is let in: the one place that decides, before any page is made.
//!
//! - **Host.** On a loopback address only requests naming this server (`localhost`,
//!   `127.0.0.1`, `[::1]` or the address it listens on, with its port) are answered; any other
//!   `Host` gets 421. A web page whose domain is made to resolve to 127.0.0.1 (DNS rebinding)
//!   sends its own name, so it never reads a draft.
//! - **Origin.** A request that carries an `Origin` other than this server's own (a page of
//!   another site calling in, an event stream opened from elsewhere, any write) gets 403.
//! - **Writes.** A request that is not `GET` or `HEAD` (the editor's checks and saves) must
//!   carry the run's write token in the header `X-Kehoach-Token` (the editor's page holds it):
//!   without it, 403. A server started without one writes nothing.
//! - **Token.** On any other address the drafts are open to the network, so every request must
//!   carry the run's random token: in the address printed at start (`?token=…`), which sets a
//!   cookie for the rest, or in that cookie. Without it: 403. `--no-token` lifts this.

use std::net::SocketAddr;

use super::{Request, Response};

pub struct Access {
    addr: SocketAddr,
    token: Option<String>,
    write_token: Option<String>,
}

impl Access {
    /// The rule for a server listening on `addr`: a token is made when the address is not
    /// loopback and `token` is true.
    pub fn new(addr: SocketAddr, token: bool) -> Access {
        let token = (token && !addr.ip().is_loopback()).then(random_token);
        Access {
            addr,
            token,
            write_token: None,
        }
    }

    /// Lets requests that carry a fresh random token write; the token, for the page.
    pub fn allow_writes(&mut self) -> String {
        let t = random_token();
        self.write_token = Some(t.clone());
        t
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn cookie_name(&self) -> String {
        // Cookies do not tell ports apart: one per port, so two servers keep their own.
        format!("kehoach_token_{}", self.addr.port())
    }

    /// Ok with the cookie to set (when the token came in the address), or the refusal.
    pub fn admit(&self, request: &Request) -> Result<Option<String>, Response> {
        let host = request.header("host").unwrap_or("");
        if self.addr.ip().is_loopback() && !self.names_us(host) {
            return Err(Response::text(
                421,
                "this server answers only to its own address (localhost)",
            ));
        }
        if let Some(origin) = request.header("origin")
            && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
        {
            return Err(Response::text(403, "requests from other sites are refused"));
        }
        if request.method != "GET" && request.method != "HEAD" {
            let given = request.header("x-kehoach-token").unwrap_or("");
            if !self.write_token.as_deref().is_some_and(|t| same(given, t)) {
                return Err(Response::text(403, "writing needs the page's token"));
            }
        }
        let Some(token) = &self.token else {
            return Ok(None);
        };
        let name = self.cookie_name();
        if request.query_value("token").is_some_and(|t| same(t, token)) {
            return Ok(Some(format!(
                "{name}={token}; Path=/; HttpOnly; SameSite=Strict"
            )));
        }
        if request.cookie(&name).is_some_and(|t| same(t, token)) {
            return Ok(None);
        }
        Err(Response::text(
            403,
            "open the address kehoach printed, with its ?token=… (mở địa chỉ kehoach đã in, có ?token=…)",
        ))
    }

    fn names_us(&self, host: &str) -> bool {
        let port = self.addr.port();
        let ours = [
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            self.addr.to_string(),
        ];
        ours.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// 128 random bits, in hex.
fn random_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in time that does not depend on where the texts differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::head::{Arrival, read};

    fn request(raw: &str) -> Request {
        match read(raw.as_bytes(), &Default::default()) {
            Arrival::Complete(r) => r,
            other => panic!("{other:?}"),
        }
    }

    fn status(access: &Access, raw: &str) -> Option<u16> {
        access.admit(&request(raw)).err().map(|r| r.status)
    }

    #[test]
    fn on_loopback_only_our_own_names_are_answered() {
        let a = Access::new("127.0.0.1:8030".parse().unwrap(), true);
        assert_eq!(a.token(), None);
        for host in [
            "localhost:8030",
            "127.0.0.1:8030",
            "[::1]:8030",
            "LOCALHOST:8030",
        ] {
            assert_eq!(
                status(&a, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n")),
                None
            );
        }
        for host in [
            "evil.com",
            "evil.com:8030",
            "127.0.0.1:9999",
            "localhost",
            "",
        ] {
            assert_eq!(
                status(&a, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n")),
                Some(421),
                "{host}"
            );
        }
        assert_eq!(status(&a, "GET / HTTP/1.0\r\n\r\n"), Some(421));
        assert_eq!(
            status(
                &a,
                "GET /events HTTP/1.1\r\nHost: localhost:8030\r\nOrigin: http://evil.com\r\n\r\n"
            ),
            Some(403)
        );
        assert_eq!(
            status(
                &a,
                "GET /events HTTP/1.1\r\nHost: localhost:8030\r\nOrigin: http://localhost:8030\r\n\r\n"
            ),
            None
        );
    }

    #[test]
    fn only_requests_with_the_write_token_write() {
        let mut a = Access::new("127.0.0.1:8030".parse().unwrap(), true);
        let post = "POST /plan/0/save HTTP/1.1\r\nHost: localhost:8030\r\nContent-Length: 0\r\n";
        assert_eq!(
            status(&a, &format!("{post}\r\n")),
            Some(403),
            "no writes at all"
        );
        let t = a.allow_writes();
        assert_eq!(status(&a, &format!("{post}\r\n")), Some(403));
        assert_eq!(
            status(&a, &format!("{post}X-Kehoach-Token: nope\r\n\r\n")),
            Some(403)
        );
        assert_eq!(
            status(&a, &format!("{post}X-Kehoach-Token: {t}\r\n\r\n")),
            None
        );
        let foreign = format!("{post}X-Kehoach-Token: {t}\r\nOrigin: http://evil.com\r\n\r\n");
        assert_eq!(status(&a, &foreign), Some(403));
    }

    #[test]
    fn on_the_network_the_token_is_needed() {
        let a = Access::new("0.0.0.0:8030".parse().unwrap(), true);
        let token = a.token().unwrap().to_owned();
        assert_eq!(token.len(), 32);
        assert_eq!(
            status(&a, "GET / HTTP/1.1\r\nHost: 10.0.0.5:8030\r\n\r\n"),
            Some(403)
        );
        assert_eq!(
            status(
                &a,
                "GET /?token=nope HTTP/1.1\r\nHost: 10.0.0.5:8030\r\n\r\n"
            ),
            Some(403)
        );
        let first = request(&format!(
            "GET /?token={token} HTTP/1.1\r\nHost: h:8030\r\n\r\n"
        ));
        let cookie = a.admit(&first).unwrap().unwrap();
        assert!(cookie.starts_with(&format!("kehoach_token_8030={token};")));
        let again = format!(
            "GET /plan/0 HTTP/1.1\r\nHost: h:8030\r\nCookie: a=b; kehoach_token_8030={token}\r\n\r\n"
        );
        assert_eq!(a.admit(&request(&again)).unwrap(), None);
        let open = Access::new("0.0.0.0:8030".parse().unwrap(), false);
        assert_eq!(open.token(), None);
        assert_eq!(
            status(&open, "GET / HTTP/1.1\r\nHost: 10.0.0.5:8030\r\n\r\n"),
            None
        );
        assert_ne!(random_token(), random_token());
    }
}
