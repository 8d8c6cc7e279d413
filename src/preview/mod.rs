//! `kehoach preview`: a local web server showing the plans as they are written. Each plan is
//! built in memory ([`view`]) and rebuilt when a save touches it ([`crate::watch`]); its page
//! ([`html`]) follows through server-sent events. It serves the pages and files of the plans it
//! was given and nothing else: every address is matched whole against a fixed set of routes
//! (a plan by its number, its files by their exact names), so no path from a request ever
//! reaches the file system.
//!
//! HTTP is tiny_http: a small, synchronous server with few dependencies (no async runtime),
//! enough for one office computer and its browser.

mod html;
mod view;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server};

use crate::lang::Lang;
use crate::render::typst::Templates;
use view::PlanView;

/// What `preview` serves.
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub host: String,
    pub port: u16,
    pub templates: Option<PathBuf>,
    pub lang: Lang,
}

/// The plans and what waits for them to change.
struct Site {
    views: Mutex<Vec<PlanView>>,
    /// Read again when a file of the `--templates` folder changes.
    templates: Mutex<Templates>,
    lang: Lang,
    /// Counts rebuilds of any plan; event streams wait on it.
    generation: Mutex<u64>,
    changed: Condvar,
    stop: Arc<AtomicBool>,
}

impl Site {
    fn bump(&self) {
        let mut g = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        *g += 1;
        self.changed.notify_all();
    }

    fn views(&self) -> std::sync::MutexGuard<'_, Vec<PlanView>> {
        self.views.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Builds the plans of `opts.paths`, serves them until `stop` is set, and calls `ready` with
/// the address once it listens.
pub fn serve(
    opts: Options,
    stop: Arc<AtomicBool>,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let templates = read_templates(opts.templates.as_deref())?;
    let changes = crate::watch::Changes::watch(&opts.paths, opts.templates.as_deref())
        .map_err(|e| e.to_string())?;
    let server = Server::http((opts.host.as_str(), opts.port)).map_err(|e| e.to_string())?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;
    let site = Arc::new(Site {
        views: Mutex::new(Vec::new()),
        templates: Mutex::new(templates),
        lang: opts.lang,
        generation: Mutex::new(0),
        changed: Condvar::new(),
        stop: Arc::clone(&stop),
    });
    refresh(&site, &opts.paths, None, opts.templates.as_deref());
    ready(addr);
    let watcher = {
        let site = Arc::clone(&site);
        let paths = opts.paths.clone();
        let templates = opts.templates.clone();
        std::thread::spawn(move || {
            while let Some(changed) = changes.next(&site.stop) {
                refresh(&site, &paths, Some(&changed), templates.as_deref());
            }
        })
    };
    while !stop.load(Ordering::SeqCst) {
        if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(200)) {
            let site = Arc::clone(&site);
            std::thread::spawn(move || answer(&site, request));
        }
    }
    site.bump();
    let _ = watcher.join();
    Ok(())
}

/// Builds the plans `changed` touches (all of them when `changed` is None), and any new plan.
fn refresh(
    site: &Site,
    paths: &[PathBuf],
    changed: Option<&[PathBuf]>,
    templates: Option<&std::path::Path>,
) {
    let files = crate::discover::plan_files(paths).unwrap_or_default();
    let mut current = site.templates.lock().unwrap_or_else(|e| e.into_inner());
    let folder = templates.and_then(|t| t.canonicalize().ok());
    if let (Some(changed), Some(folder)) = (changed, &folder)
        && changed.iter().any(|c| c.starts_with(folder))
    {
        // Templates that do not parse leave the last good ones in use, and say why.
        match read_templates(templates) {
            Ok(t) => *current = t,
            Err(e) => eprintln!("kehoach: {e}"),
        }
    }
    let mut views = site.views();
    for file in files.iter().filter(|f| f.refused.is_none()) {
        if !views.iter().any(|v| v.path == file.path) {
            views.push(PlanView::new(&file.path));
        }
    }
    for v in views.iter_mut() {
        let touched =
            changed.is_none_or(|c| v.version == 0 || crate::watch::touches(&v.path, c, templates));
        if touched {
            v.rebuild(&current, site.lang);
        }
    }
    drop(views);
    site.bump();
}

fn read_templates(folder: Option<&std::path::Path>) -> Result<Templates, String> {
    match folder {
        Some(dir) => Templates::from_folder(dir),
        None => Templates::built_in(),
    }
    .map_err(|e| e.to_string())
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn html(body: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.into_bytes())
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(b"not found".to_vec()).with_status_code(404)
}

/// What a request asks for: the routes, matched whole.
enum Route {
    Index,
    IndexContent,
    IndexEvents,
    Plan(usize),
    PlanContent(usize),
    PlanEvents(usize),
    File(usize, String),
    Missing,
}

fn route(url: &str) -> Route {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split('/').collect();
    let plan = |s: &str| {
        s.parse::<usize>()
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
    };
    match parts.as_slice() {
        ["", ""] => Route::Index,
        ["", "content"] => Route::IndexContent,
        ["", "events"] => Route::IndexEvents,
        ["", "plan", n] => plan(n).map_or(Route::Missing, Route::Plan),
        ["", "plan", n, "content"] => plan(n).map_or(Route::Missing, Route::PlanContent),
        ["", "plan", n, "events"] => plan(n).map_or(Route::Missing, Route::PlanEvents),
        ["", "plan", n, file] => plan(n).map_or(Route::Missing, |n| Route::File(n, (*file).into())),
        _ => Route::Missing,
    }
}

fn answer(site: &Site, request: Request) {
    let lang = site.lang;
    let response = match route(request.url()) {
        Route::Index => html(html::index(&site.views(), lang)),
        Route::IndexContent => html(html::index_content(&site.views(), lang)),
        Route::IndexEvents => return events(site, request, None),
        Route::PlanEvents(n) if n < site.views().len() => return events(site, request, Some(n)),
        Route::Plan(n) => match site.views().get(n) {
            Some(v) => html(html::plan(n, v, lang)),
            None => not_found(),
        },
        Route::PlanContent(n) => match site.views().get(n) {
            Some(v) => html(html::plan_content(n, v, lang)),
            None => not_found(),
        },
        Route::File(n, name) => match site.views().get(n).and_then(|v| file(v, &name)) {
            Some(r) => r,
            None => not_found(),
        },
        Route::PlanEvents(_) | Route::Missing => not_found(),
    };
    let _ = request.respond(response);
}

/// A plan's download, by its exact name ("ke-hoach.pdf").
fn file(v: &PlanView, name: &str) -> Option<Response<std::io::Cursor<Vec<u8>>>> {
    let (bytes, kind) = if name == format!("{}.pdf", v.stem) {
        (v.pdf.as_ref()?, "application/pdf")
    } else if name == format!("{}.docx", v.stem) {
        (
            v.docx.as_ref()?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    } else if name == format!("{}.xlsx", v.stem) {
        (
            v.xlsx.as_ref()?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        return None;
    };
    Some(
        Response::from_data(bytes.clone())
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store")),
    )
}

/// A stream of server-sent events: "changed" whenever the plan (or, for the index, any plan)
/// is rebuilt; a comment now and then keeps the connection open. Ends when the browser goes
/// or the server stops.
fn events(site: &Site, request: Request, plan: Option<usize>) {
    let version = |site: &Site| match plan {
        Some(n) => site.views().get(n).map_or(0, |v| v.version),
        None => *site.generation.lock().unwrap_or_else(|e| e.into_inner()),
    };
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    let mut seen = version(site);
    loop {
        let g = site.generation.lock().unwrap_or_else(|e| e.into_inner());
        let (g, _) = site
            .changed
            .wait_timeout(g, Duration::from_secs(10))
            .unwrap_or_else(|e| e.into_inner());
        drop(g);
        if site.stop.load(Ordering::SeqCst) {
            return;
        }
        let now = version(site);
        let message = if now != seen {
            seen = now;
            format!("event: changed\ndata: {now}\n\n")
        } else {
            ": still here\n\n".to_owned()
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Route, route};

    #[test]
    fn only_the_routes_are_served() {
        assert!(matches!(route("/"), Route::Index));
        assert!(matches!(route("/plan/2"), Route::Plan(2)));
        assert!(matches!(
            route("/plan/2/content?x=1"),
            Route::PlanContent(2)
        ));
        assert!(matches!(route("/plan/0/ke-hoach.pdf"), Route::File(0, _)));
        for bad in [
            "/plan/../../etc/passwd",
            "/plan/%2e%2e/%2e%2e/etc/passwd",
            "/plan/0/../../../etc/passwd",
            "/plan/+1",
            "/plan/0/x/y",
            "/../Cargo.toml",
            "//etc/passwd",
        ] {
            assert!(
                matches!(route(bad), Route::Missing | Route::File(_, _)),
                "{bad}"
            );
        }
    }
}
