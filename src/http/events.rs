//! Server-sent event streams, held apart from the workers: a page's stream stays open for as
//! long as the page, so it must not hold a thread. Each stream listens on a topic; a message
//! on that topic is written to each of its streams without waiting, and a stream that cannot
//! take it (gone, or not reading) is closed. A comment every few seconds keeps them open and
//! finds the ones whose browser went away.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Stream {
    socket: TcpStream,
    topic: String,
}

#[derive(Clone)]
pub struct Events {
    streams: Arc<Mutex<Vec<Stream>>>,
    limit: usize,
}

impl Events {
    pub fn new(limit: usize) -> Events {
        let events = Events {
            streams: Arc::new(Mutex::new(Vec::new())),
            limit,
        };
        let keeper = events.clone();
        std::thread::spawn(move || {
            // Ends when the server is gone: then only this thread holds the list.
            let mut ticks = 0u32;
            while Arc::strong_count(&keeper.streams) > 1 {
                std::thread::sleep(Duration::from_secs(1));
                ticks += 1;
                if ticks.is_multiple_of(10) {
                    keeper.write_where(|_| true, b": still here\n\n");
                }
            }
        });
        events
    }

    pub(super) fn subscribe(&self, socket: TcpStream, topic: String) {
        let _ = socket.set_nonblocking(true);
        let mut streams = self.lock();
        if streams.len() >= self.limit {
            let oldest = streams.remove(0);
            let _ = oldest.socket.shutdown(std::net::Shutdown::Both);
        }
        streams.push(Stream { socket, topic });
    }

    /// Sends `event: changed` with `data` to every stream on `topic`.
    pub fn publish(&self, topic: &str, data: &str) {
        let message = format!("event: changed\ndata: {data}\n\n");
        self.write_where(|t| t == topic, message.as_bytes());
    }

    /// How many streams are open on `topic`.
    pub fn listening(&self, topic: &str) -> usize {
        self.lock().iter().filter(|s| s.topic == topic).count()
    }

    fn write_where(&self, on: impl Fn(&str) -> bool, message: &[u8]) {
        self.lock().retain_mut(|s| {
            if !on(&s.topic) {
                return true;
            }
            // A whole message or none: a stream whose buffer is full is not reading.
            match s.socket.write(message) {
                Ok(n) if n == message.len() => true,
                Err(e) if e.kind() == ErrorKind::Interrupted => true,
                _ => {
                    let _ = s.socket.shutdown(std::net::Shutdown::Both);
                    false
                }
            }
        });
    }

    pub(super) fn close_all(&self) {
        for s in self.lock().drain(..) {
            let _ = s.socket.shutdown(std::net::Shutdown::Both);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Stream>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}
