//! The HTTP server our local pages run on (`kehoach preview`): it listens, reads each request
//! within fixed bounds, lets in only what [`guard`] admits, and hands the rest to a handler.
//! The pages themselves (routes, HTML) are not here: they live with the feature that serves
//! them, and never see a request the guard refused.
//!
//! Why our own and not a crate's: the small synchronous servers drain any body a client
//! announces into memory and spend a thread per connection with no timeout; the big ones bring
//! an async runtime. Here one thread ([`reactor`], on `mio`) reads every request head without
//! blocking, so idle or slow connections cost a buffer, not a thread; complete requests go to a
//! fixed pool of workers; event streams are kept by [`events`] and written without blocking.
//! Every response closes its connection: a preview page is a handful of requests.

mod events;
mod guard;
mod head;
mod reactor;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

pub use events::Events;
pub use guard::Access;

/// What one request may take, and how much the server holds at once.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The request line and headers, in bytes (over it: 431).
    pub head: usize,
    /// A body, in bytes (over it: 413, the body is never read).
    pub body: usize,
    /// Time for a whole request to arrive (over it: 408, closed).
    pub arrival: Duration,
    /// Connections whose request is still arriving; the oldest goes when one more comes.
    pub connections: usize,
    /// Worker threads answering complete requests.
    pub workers: usize,
    /// Complete requests waiting for a worker (more: 503).
    pub queue: usize,
    /// Time to write one response to a client that does not read it.
    pub write: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            head: 64 * 1024,
            body: 2 * 1024 * 1024,
            arrival: Duration::from_secs(5),
            connections: 4096,
            workers: 8,
            queue: 64,
            write: Duration::from_secs(10),
        }
    }
}

/// A request as the handler sees it: complete, within the limits, admitted by the guard.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path of the target, without its query (`/plan/0`), never decoded.
    pub path: String,
    /// What follows `?`, if anything.
    pub query: String,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header of that name (case does not matter).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of `name=…` in the query, as written.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }

    /// The value of cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
    }
}

/// A whole response; the server adds the length and closes the connection.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type".into(), content_type.into()),
                ("Cache-Control".into(), "no-store".into()),
            ],
            body,
        }
    }

    pub fn html(body: String) -> Response {
        Response::new(200, "text/html; charset=utf-8", body.into_bytes())
    }

    /// A short plain-text answer (errors, refusals).
    pub fn text(status: u16, body: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn write_to(&self, out: &mut impl Write, with_body: bool) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if with_body {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// What a handler answers: a response, or an event stream on a topic of [`Events`].
pub enum Reply {
    Full(Response),
    Events(String),
}

pub type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server. Dropping it (or [`Server::stop`]) stops it.
pub struct Server {
    addr: SocketAddr,
    write_token: Option<String>,
    access: Arc<Access>,
    events: Events,
    stop: Arc<AtomicBool>,
    waker: Arc<mio::Waker>,
    reactor: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on `host:port` (port 0 picks one) and serves `handler` there, its event
    /// streams kept by `events`. Who is let in is [`Access::new`]'s rule for that address;
    /// `token: false` drops the token a non-loopback address would need.
    /// With `writes`, requests carrying [`Server::write_token`] may write (loopback only: on
    /// another address it is refused).
    pub fn start(
        (host, port): (&str, u16),
        token: bool,
        writes: bool,
        limits: Limits,
        events: Events,
        handler: Arc<Handler>,
    ) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind((host, port))?;
        let addr = listener.local_addr()?;
        if writes && !addr.ip().is_loopback() {
            return Err(std::io::Error::other(
                "editing is served on this computer only (127.0.0.1), never on the network",
            ));
        }
        let mut access = Access::new(addr, token);
        let write_token = writes.then(|| access.allow_writes());
        let access = Arc::new(access);
        let stop = Arc::new(AtomicBool::new(false));
        let (send, receive) = mpsc::sync_channel::<(TcpStream, Request)>(limits.queue);
        let receive = Arc::new(Mutex::new(receive));
        for _ in 0..limits.workers {
            let receive = Arc::clone(&receive);
            let access = Arc::clone(&access);
            let events = events.clone();
            let handler = Arc::clone(&handler);
            std::thread::spawn(move || {
                loop {
                    let next = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((stream, request)) = next else { return };
                    answer(stream, &request, &access, &events, handler.as_ref(), limits);
                }
            });
        }
        let (reactor, waker) = reactor::Reactor::new(listener, limits, send)?;
        let reactor = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || reactor.run(&stop))
        };
        Ok(Server {
            addr,
            write_token,
            access,
            events,
            stop,
            waker,
            reactor: Some(reactor),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token a page must send to write (`X-Kehoach-Token`), when writes are allowed.
    pub fn write_token(&self) -> Option<&str> {
        self.write_token.as_deref()
    }

    /// The address to open: with `?token=…` when one is needed.
    pub fn url(&self) -> String {
        match self.access.token() {
            Some(token) => format!("http://{}/?token={token}", self.addr),
            None => format!("http://{}/", self.addr),
        }
    }

    /// Whether anyone but this computer can reach the server.
    pub fn is_shared(&self) -> bool {
        !self.addr.ip().is_loopback()
    }

    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.waker.wake();
        if let Some(r) = self.reactor.take() {
            let _ = r.join();
        }
        self.events.close_all();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.halt();
    }
}

/// A worker's part: the guard, the handler, the reply written within the write limit.
fn answer(
    mut stream: TcpStream,
    request: &Request,
    access: &Access,
    events: &Events,
    handler: &Handler,
    limits: Limits,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(limits.write));
    let with_body = request.method != "HEAD";
    let cookie = match access.admit(request) {
        Ok(cookie) => cookie,
        Err(refused) => {
            let _ = refused.write_to(&mut stream, with_body);
            return;
        }
    };
    match handler(request) {
        Reply::Full(mut response) => {
            if let Some(c) = cookie {
                response = response.with_header("Set-Cookie", &c);
            }
            let _ = response.write_to(&mut stream, with_body);
            let _ = stream.shutdown(std::net::Shutdown::Write);
        }
        Reply::Events(topic) => {
            let mut head = String::from(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n",
            );
            if let Some(c) = cookie {
                head.push_str(&format!("Set-Cookie: {c}\r\n"));
            }
            head.push_str("\r\n");
            if stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.flush())
                .is_ok()
            {
                events.subscribe(stream, topic);
            }
        }
    }
}
