//! The one thread that accepts connections and reads their requests without blocking (`mio`),
//! so that a thousand idle or slow clients cost a buffer each and no thread. A request that is
//! complete goes to the workers' queue; one that is too big, malformed or too slow to arrive
//! gets its status and is closed here, before any worker sees it.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Poll, Token, Waker};

use super::head::{self, Arrival};
use super::{Limits, Request, Response};

const LISTENER: Token = Token(0);
const WAKE: Token = Token(1);

/// A connection whose request is still arriving.
struct Pending {
    stream: mio::net::TcpStream,
    bytes: Vec<u8>,
    since: Instant,
}

pub struct Reactor {
    poll: Poll,
    listener: mio::net::TcpListener,
    limits: Limits,
    queue: SyncSender<(TcpStream, Request)>,
    pending: HashMap<Token, Pending>,
    next: usize,
}

impl Reactor {
    pub fn new(
        listener: std::net::TcpListener,
        limits: Limits,
        queue: SyncSender<(TcpStream, Request)>,
    ) -> std::io::Result<(Reactor, Arc<Waker>)> {
        listener.set_nonblocking(true)?;
        let poll = Poll::new()?;
        let mut listener = mio::net::TcpListener::from_std(listener);
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKE)?);
        let reactor = Reactor {
            poll,
            listener,
            limits,
            queue,
            pending: HashMap::new(),
            next: 2,
        };
        Ok((reactor, waker))
    }

    pub fn run(mut self, stop: &AtomicBool) {
        let mut events = Events::with_capacity(256);
        while !stop.load(Ordering::SeqCst) {
            if let Err(e) = self
                .poll
                .poll(&mut events, Some(Duration::from_millis(250)))
                && e.kind() != ErrorKind::Interrupted
            {
                eprintln!("kehoach: {e}");
                return;
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKE => {}
                    token => self.receive(token),
                }
            }
            self.expire();
        }
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((mut stream, _)) => {
                    if self.pending.len() >= self.limits.connections {
                        self.drop_oldest();
                    }
                    let token = Token(self.next);
                    self.next += 1;
                    if self
                        .poll
                        .registry()
                        .register(&mut stream, token, Interest::READABLE)
                        .is_ok()
                    {
                        let bytes = Vec::new();
                        let since = Instant::now();
                        self.pending.insert(
                            token,
                            Pending {
                                stream,
                                bytes,
                                since,
                            },
                        );
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                // Out of file descriptors (or the like): make room from the oldest request
                // still arriving, or wait for the next event if there is none.
                Err(_) => {
                    if self.pending.is_empty() {
                        return;
                    }
                    self.drop_oldest();
                }
            }
        }
    }

    fn drop_oldest(&mut self) {
        if let Some(&token) = self
            .pending
            .iter()
            .min_by_key(|(_, p)| p.since)
            .map(|(t, _)| t)
        {
            self.close(token, Some(503));
        }
    }

    /// Reads what has come (until the socket would block) and judges it.
    fn receive(&mut self, token: Token) {
        let Some(p) = self.pending.get_mut(&token) else {
            return;
        };
        let mut chunk = [0u8; 8192];
        let mut ended = false;
        // Never more than a head and a body can hold: past that the answer is known.
        let cap = self.limits.head + self.limits.body + chunk.len();
        while p.bytes.len() < cap {
            match p.stream.read(&mut chunk) {
                Ok(0) => {
                    ended = true;
                    break;
                }
                Ok(n) => p.bytes.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => {
                    ended = true;
                    break;
                }
            }
        }
        match head::read(&p.bytes, &self.limits) {
            Arrival::Partial if ended => self.close(token, None),
            Arrival::Partial => {}
            Arrival::Refused(status) => self.close(token, Some(status)),
            Arrival::Complete(request) => {
                let Some(mut p) = self.pending.remove(&token) else {
                    return;
                };
                let _ = self.poll.registry().deregister(&mut p.stream);
                let stream = TcpStream::from(p.stream);
                match self.queue.try_send((stream, request)) {
                    Ok(()) => {}
                    Err(TrySendError::Full((mut stream, _)))
                    | Err(TrySendError::Disconnected((mut stream, _))) => {
                        refuse(&mut stream, 503);
                    }
                }
            }
        }
    }

    /// Requests that did not arrive in time get 408.
    fn expire(&mut self) {
        let late: Vec<Token> = self
            .pending
            .iter()
            .filter(|(_, p)| p.since.elapsed() > self.limits.arrival)
            .map(|(t, _)| *t)
            .collect();
        for token in late {
            self.close(token, Some(408));
        }
    }

    fn close(&mut self, token: Token, status: Option<u16>) {
        if let Some(mut p) = self.pending.remove(&token) {
            let _ = self.poll.registry().deregister(&mut p.stream);
            let mut stream = TcpStream::from(p.stream);
            if let Some(status) = status {
                refuse(&mut stream, status);
            }
        }
    }
}

/// A short answer written without waiting (a client that does not read it loses it), then
/// the connection closed.
fn refuse(stream: &mut TcpStream, status: u16) {
    let _ = stream.set_nonblocking(true);
    let mut bytes = Vec::new();
    let body = match status {
        408 => "request too slow",
        413 => "request body too large",
        431 => "request headers too large",
        503 => "busy, try again",
        _ => "bad request",
    };
    let _ = Response::text(status, body).write_to(&mut bytes, true);
    let _ = stream.write(&bytes);
    let _ = stream.shutdown(std::net::Shutdown::Both);
}
