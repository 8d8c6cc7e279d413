//! `kehoach preview`: a local web server showing the plans as they are written. Each plan is
//! built in memory ([`view`]) and rebuilt when a save touches it ([`crate::watch`]); its page
//! ([`html`]) follows through server-sent events. It serves the pages and files of the plans it
//! was given and nothing else: every address is matched whole against a fixed set of routes
//! (a plan by its number, its files by their exact names), so no path from a request ever
//! reaches the file system.
//!
//! HTTP, and who may ask, are [`crate::http`]'s: this module only answers what it admits.

mod editor;
mod html;
mod view;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::http::{Events, Limits, Reply, Request, Response, Server};

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
    /// Off: no token even on a network address (`--no-token`).
    pub token: bool,
    /// The plans' YAML editable in the page (`--edit`; loopback only).
    pub edit: bool,
}

/// How the server was started, for the message that says where it is.
pub struct Started {
    /// The address to open (with its token when one is needed).
    pub url: String,
    /// Whether other computers can reach it.
    pub shared: bool,
    pub token: bool,
    /// Whether the pages edit (`--edit`).
    pub edit: bool,
}

/// The plans and what waits for them to change.
struct Site {
    views: Mutex<Vec<PlanView>>,
    /// Read again when a file of the `--templates` folder changes.
    templates: Mutex<Templates>,
    lang: Lang,
    /// Counts rebuilds of any plan: the index's event stream says it.
    generation: Mutex<u64>,
    events: Events,
    /// The token the editor's page sends with each write (`--edit`), once the server runs.
    write_token: std::sync::OnceLock<String>,
    /// Where "Kế hoạch mới" writes: the first folder served.
    folder: PathBuf,
    /// The plans given, for finding a new one.
    paths: Vec<PathBuf>,
}

/// Open event streams at most: a tab each.
const STREAMS: usize = 64;

impl Site {
    /// Tells the index's streams that something was rebuilt.
    fn bump(&self) {
        let mut g = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        *g += 1;
        self.events.publish("index", &g.to_string());
    }

    fn views(&self) -> std::sync::MutexGuard<'_, Vec<PlanView>> {
        self.views.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Builds the plans of `opts.paths`, serves them until `stop` is set, and calls `ready` once
/// it listens.
pub fn serve(
    opts: Options,
    stop: Arc<AtomicBool>,
    ready: impl FnOnce(&Started),
) -> Result<(), String> {
    let templates = read_templates(opts.templates.as_deref())?;
    let mut changes =
        crate::watch::Changes::watch(&opts.paths, opts.templates.as_deref(), opts.lang)
            .map_err(|e| e.to_string())?;
    let site = Arc::new(Site {
        views: Mutex::new(Vec::new()),
        templates: Mutex::new(templates),
        lang: opts.lang,
        generation: Mutex::new(0),
        events: Events::new(STREAMS),
        write_token: std::sync::OnceLock::new(),
        folder: opts
            .paths
            .iter()
            .find(|p| p.is_dir())
            .cloned()
            .or_else(|| {
                opts.paths
                    .first()
                    .and_then(|p| p.parent().map(PathBuf::from))
            })
            .unwrap_or_else(|| PathBuf::from(".")),
        paths: opts.paths.clone(),
    });
    let handler = {
        let site = Arc::clone(&site);
        Arc::new(move |r: &Request| answer(&site, r))
    };
    let server = Server::start(
        (opts.host.as_str(), opts.port),
        opts.token,
        opts.edit,
        Limits::default(),
        site.events.clone(),
        handler,
    )
    .map_err(|e| e.to_string())?;
    if let Some(t) = server.write_token() {
        let _ = site.write_token.set(t.to_owned());
    }
    refresh(&site, &opts.paths, None, opts.templates.as_deref());
    ready(&Started {
        url: server.url(),
        shared: server.is_shared(),
        token: opts.token,
        edit: opts.edit,
    });
    let watcher = {
        let site = Arc::clone(&site);
        let paths = opts.paths.clone();
        let templates = opts.templates.clone();
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            while let Some(changed) = changes.next(&stop) {
                refresh(&site, &paths, Some(&changed), templates.as_deref());
            }
        })
    };
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
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
    for (n, v) in views.iter_mut().enumerate() {
        let touched =
            changed.is_none_or(|c| v.version == 0 || crate::watch::touches(&v.path, c, templates));
        if touched {
            v.rebuild(&current, site.lang);
            site.events
                .publish(&format!("plan/{n}"), &v.version.to_string());
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

fn not_found() -> Response {
    Response::text(404, "not found")
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
    Edit(usize),
    Source(usize),
    /// The editor's requests that carry the unsaved text: check, hover, complete, save.
    EditorPost(usize, &'static str),
    New,
    Missing,
}

fn route(path: &str) -> Route {
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
        ["", "plan", n, "edit"] => plan(n).map_or(Route::Missing, Route::Edit),
        ["", "plan", n, "source"] => plan(n).map_or(Route::Missing, Route::Source),
        [
            "",
            "plan",
            n,
            action @ ("check" | "hover" | "complete" | "save"),
        ] => {
            let action = match *action {
                "check" => "check",
                "hover" => "hover",
                "complete" => "complete",
                _ => "save",
            };
            plan(n).map_or(Route::Missing, |n| Route::EditorPost(n, action))
        }
        ["", "new"] => Route::New,
        ["", "plan", n, file] => plan(n).map_or(Route::Missing, |n| Route::File(n, (*file).into())),
        _ => Route::Missing,
    }
}

fn answer(site: &Site, request: &Request) -> Reply {
    let route = route(&request.path);
    let writes = matches!(route, Route::EditorPost(..) | Route::New);
    let editing = site.write_token.get();
    if writes != (request.method == "POST") {
        return Reply::Full(Response::text(405, "method not allowed"));
    }
    let lang = site.lang;
    let response = match route {
        Route::Edit(n) | Route::Source(n) | Route::EditorPost(n, _) if editing.is_none() => {
            let _ = n;
            not_found()
        }
        Route::New if editing.is_none() => not_found(),
        Route::Edit(n) => match (site.views().get(n), editing) {
            (Some(v), Some(token)) => Response::html(editor::page(n, v, token, lang)),
            _ => not_found(),
        },
        Route::Source(n) => match site.views().get(n) {
            Some(v) => editor::source(v),
            None => not_found(),
        },
        Route::EditorPost(n, action) => match site.views().get(n) {
            Some(v) => match action {
                "check" => editor::check(v, &request.body, lang),
                "hover" => editor::hover(v, &request.body, lang),
                "complete" => editor::complete(v, &request.body),
                _ => editor::save(v, request.header("x-kehoach-base"), &request.body),
            },
            None => not_found(),
        },
        Route::New => match editor::new_plan(&site.folder, &request.body) {
            Ok(path) => {
                refresh(site, &site.paths, Some(std::slice::from_ref(&path)), None);
                let n = site.views().iter().position(|v| v.path == path);
                match n {
                    Some(n) => Response::new(
                        200,
                        "application/json",
                        format!("{{\"plan\":{n}}}").into_bytes(),
                    ),
                    None => Response::text(500, "the new plan is not among the served ones"),
                }
            }
            Err(r) => r,
        },
        Route::Index => Response::html(html::index(&site.views(), lang, editing.is_some())),
        Route::IndexContent => {
            Response::html(html::index_content(&site.views(), lang, editing.is_some()))
        }
        Route::IndexEvents => return Reply::Events("index".into()),
        Route::PlanEvents(n) if n < site.views().len() => {
            return Reply::Events(format!("plan/{n}"));
        }
        Route::Plan(n) => match site.views().get(n) {
            Some(v) => Response::html(html::plan(n, v, lang)),
            None => not_found(),
        },
        Route::PlanContent(n) => match site.views().get(n) {
            Some(v) => Response::html(html::plan_content(n, v, lang)),
            None => not_found(),
        },
        Route::File(n, name) => match site.views().get(n).and_then(|v| file(v, &name)) {
            Some(r) => r,
            None => not_found(),
        },
        Route::PlanEvents(_) | Route::Missing => not_found(),
    };
    Reply::Full(response)
}

/// A plan's download, by its exact name ("ke-hoach.pdf").
fn file(v: &PlanView, name: &str) -> Option<Response> {
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
    Some(Response::new(200, kind, bytes.clone()))
}

#[cfg(test)]
mod tests {
    use super::{Route, route};

    #[test]
    fn only_the_routes_are_served() {
        assert!(matches!(route("/"), Route::Index));
        assert!(matches!(route("/plan/2"), Route::Plan(2)));
        assert!(matches!(route("/plan/2/content"), Route::PlanContent(2)));
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
