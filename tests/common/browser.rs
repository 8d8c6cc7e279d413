//! Headless Chromium for the tests that need a real browser (`.ci/run` installs Debian's
//! chromium): its command, and a page driven over the DevTools pipe.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Headless Chromium's command, or None (said loudly).
pub fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        eprintln!("\n*** SKIPPED: Chromium is not installed; the preview was not drawn. ***\n");
    }
    found
}

/// A page open in headless Chromium, spoken to over the DevTools pipe (file descriptors 3 and 4,
/// messages ending in NUL): what its script does is what a user sees.
pub struct Browser {
    child: Child,
    to: std::fs::File,
    from: BufReader<std::fs::File>,
    next: u64,
    session: Option<String>,
}

impl Browser {
    pub fn open(chromium: &str, url: &str, profile: &Path) -> Browser {
        use std::os::fd::FromRawFd;
        use std::os::unix::process::CommandExt;
        let (mut to_chrome, mut from_chrome) = ([0; 2], [0; 2]);
        unsafe {
            assert_eq!(libc::pipe(to_chrome.as_mut_ptr()), 0);
            assert_eq!(libc::pipe(from_chrome.as_mut_ptr()), 0);
        }
        let (read_end, write_end) = (to_chrome[0], from_chrome[1]);
        let mut command = Command::new(chromium);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(read_end, 3) < 0 || libc::dup2(write_end, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().unwrap();
        unsafe {
            libc::close(read_end);
            libc::close(write_end);
        }
        let to = unsafe { std::fs::File::from_raw_fd(to_chrome[1]) };
        let from = BufReader::new(unsafe { std::fs::File::from_raw_fd(from_chrome[0]) });
        Browser {
            child,
            to,
            from,
            next: 0,
            session: None,
        }
    }

    pub fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next += 1;
        let mut message = serde_json::json!({"id": self.next, "method": method, "params": params});
        if let Some(s) = &self.session {
            message["sessionId"] = s.clone().into();
        }
        self.to.write_all(message.to_string().as_bytes()).unwrap();
        self.to.write_all(b"\0").unwrap();
        loop {
            let mut raw = Vec::new();
            self.from.read_until(0, &mut raw).unwrap();
            raw.pop();
            let answer: serde_json::Value = serde_json::from_slice(&raw).unwrap();
            if answer["id"] == self.next {
                return answer["result"].clone();
            }
        }
    }

    /// Attaches to the open page.
    pub fn attach(&mut self) {
        let targets = self.call("Target.getTargets", serde_json::json!({}));
        let page = targets["targetInfos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .unwrap()["targetId"]
            .clone();
        let attached = self.call(
            "Target.attachToTarget",
            serde_json::json!({"targetId": page, "flatten": true}),
        );
        self.session = attached["sessionId"].as_str().map(str::to_owned);
    }

    /// The value of a script run in the page (awaited when it is a promise).
    pub fn eval(&mut self, js: &str) -> serde_json::Value {
        let r = self.call(
            "Runtime.evaluate",
            serde_json::json!({"expression": js, "awaitPromise": true, "returnByValue": true}),
        );
        r["result"]["value"].clone()
    }

    /// The text a script run in the page gives ('' when it gives no text).
    pub fn eval_text(&mut self, js: &str) -> String {
        self.eval(js).as_str().unwrap_or_default().to_owned()
    }

    pub fn text(&mut self) -> String {
        self.eval_text("document.body ? document.body.innerText : ''")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
