//! `kehoach preview --edit`: the plan's YAML beside its pages, for those who have no IDE. The
//! answers the editor's page asks for, all from the unsaved text through the same code as
//! `check` and the language server: the problems ([`crate::pipeline`], as `check --format json`
//! gives them), the hover and the keys allowed at the caret ([`crate::lsp`]); and the save,
//! written whole (a temporary file renamed), refused when the file changed on disk since it was
//! opened. Which file is written is the server's own list of plans: no path from the browser is
//! used. Who may write is [`crate::http`]'s guard (the page's token, its own origin, loopback).

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};

use super::html::escape;
use super::view::PlanView;
use crate::http::Response;
use crate::lang::Lang;
use crate::source::SourceFile;

fn json_response(status: u16, v: &Value) -> Response {
    Response::new(
        status,
        "application/json; charset=utf-8",
        v.to_string().into_bytes(),
    )
}

/// The hash the page keeps of the text it opened, to know the file did not change since.
pub fn base_of(bytes: &[u8]) -> String {
    crate::manifest::hash(&[bytes])
}

fn text_of(body: &[u8]) -> Option<String> {
    String::from_utf8(body.to_vec()).ok()
}

/// `GET /plan/N/source`: the file's text and its base.
pub fn source(v: &PlanView) -> Response {
    match std::fs::read(&v.path) {
        Ok(bytes) => json_response(
            200,
            &json!({ "text": String::from_utf8_lossy(&bytes), "base": base_of(&bytes),
                     "name": v.path.display().to_string() }),
        ),
        Err(e) => Response::text(404, &e.to_string()),
    }
}

/// `POST /plan/N/check`, the unsaved text as the body: every problem, as `check` finds them.
pub fn check(v: &PlanView, body: &[u8], lang: Lang) -> Response {
    let Some(text) = text_of(body) else {
        return Response::text(400, "the text is not UTF-8");
    };
    let file = Arc::new(SourceFile::new(&v.path, text));
    let name = file.name();
    let problems = match crate::pipeline::load_text(file) {
        Ok(loaded) => crate::pipeline::check(loaded, &Default::default()).problems,
        Err(problems) => problems,
    };
    let items = crate::report::json::values(&problems, lang);
    json_response(200, &json!({ "file": name, "problems": items }))
}

/// The unsaved text and the caret's place (1-based line and column) of a `hover` or
/// `complete` request: `{ "text": …, "line": …, "column": … }`.
fn at_caret(v: &PlanView, body: &[u8]) -> Option<(SourceFile, usize)> {
    let q: Value = serde_json::from_slice(body).ok()?;
    let text = q["text"].as_str()?.to_owned();
    let (line, column) = (q["line"].as_u64()? as usize, q["column"].as_u64()? as usize);
    let file = SourceFile::new(&v.path, text);
    let at = file.offset(line, column);
    Some((file, at))
}

/// `POST /plan/N/hover`: what the language server says of the word at the caret.
pub fn hover(v: &PlanView, body: &[u8], lang: Lang) -> Response {
    match at_caret(v, body) {
        Some((file, at)) => json_response(200, &crate::lsp::hover_at(&file, at, lang)),
        None => Response::text(400, "expected { text, line, column }"),
    }
}

/// `POST /plan/N/complete`: the keys allowed at the caret.
pub fn complete(v: &PlanView, body: &[u8]) -> Response {
    match at_caret(v, body) {
        Some((file, at)) => json_response(200, &crate::lsp::completion_at(&file, at)),
        None => Response::text(400, "expected { text, line, column }"),
    }
}

/// `POST /plan/N/save`, the text as the body and `X-Kehoach-Base` the base it was edited
/// from: written whole; 409 with the file's text when it changed on disk since.
pub fn save(v: &PlanView, base: Option<&str>, body: &[u8]) -> Response {
    if text_of(body).is_none() {
        return Response::text(400, "the text is not UTF-8");
    }
    let now = std::fs::read(&v.path).unwrap_or_default();
    if base != Some(base_of(&now).as_str()) {
        return json_response(
            409,
            &json!({ "text": String::from_utf8_lossy(&now), "base": base_of(&now) }),
        );
    }
    match crate::output::write_atomically(&v.path, body) {
        Ok(()) => json_response(200, &json!({ "base": base_of(body) })),
        Err(e) => Response::text(500, &format!("cannot write the plan: {e}")),
    }
}

/// `POST /new`, `{ "name": "ke-hoach-06" }`: a new plan (as `kehoach new` writes it) in the
/// first folder served; its path, or why not.
pub fn new_plan(folder: &Path, body: &[u8]) -> Result<std::path::PathBuf, Response> {
    let q: Value =
        serde_json::from_slice(body).map_err(|_| Response::text(400, "expected { name }"))?;
    let name = q["name"].as_str().unwrap_or_default();
    // The name only, never a path: the plan goes into the served folder.
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-_".contains(c));
    if !plain {
        return Err(Response::text(
            400,
            "tên chỉ gồm chữ, số, - và _ (ví dụ ke-hoach-06) / a name of letters, digits, - and _",
        ));
    }
    let path = folder.join(format!("{name}.yaml"));
    if path.exists() {
        return Err(Response::text(409, "tệp đã có / the file exists"));
    }
    let kind = crate::plan::Kind::find("ke-hoach").expect("the kinds table has ke-hoach");
    let text = crate::new_plan::new_plan_text(kind, chrono::Local::now().date_naive());
    crate::output::write_atomically(&path, text.as_bytes())
        .map_err(|e| Response::text(500, &e.to_string()))?;
    Ok(path)
}

const STYLE: &str = "#split{display:flex;gap:12px;align-items:flex-start}\
#edit{flex:1 1 50%;min-width:0;position:sticky;top:0}#view{flex:1 1 50%;min-width:0}\
.bar{display:flex;gap:8px;align-items:center;margin-bottom:6px}\
.box{display:flex;border:1px solid #999;background:#fff;height:70vh;overflow:hidden}\
#gutter,#hl,#src{font:14px/20px 'Liberation Mono','DejaVu Sans Mono',monospace;margin:0;padding:6px;white-space:pre;tab-size:2}\
#gutter{color:#888;text-align:right;background:#f3f3f3;overflow:hidden;user-select:none}\
.code{position:relative;flex:1;overflow:hidden}\
#hl,#src{position:absolute;inset:0;overflow:auto;box-sizing:border-box}\
#src{color:transparent;caret-color:#000;background:transparent;border:0;resize:none;outline:none}\
.k{color:#1f3b8a;font-weight:bold}.c{color:#6a737d;font-style:italic}.d{color:#8a4b00}.s{color:#116329}\
.err{text-decoration:underline wavy #d00}.wrn{text-decoration:underline wavy #c80}\
#problems{list-style:none;padding:0;margin:6px 0;max-height:20vh;overflow:auto;font:13px sans-serif}\
#problems li{cursor:pointer;padding:2px 4px}#problems li.e{color:#b00020}#problems li.w{color:#a15c00}\
#status{font:13px sans-serif;color:#444;white-space:pre-wrap}\
#completions{position:absolute;background:#fff;border:1px solid #888;z-index:5;font:13px monospace;max-height:200px;overflow:auto}\
#completions div{padding:2px 8px;cursor:pointer}#completions div.on{background:#dbe8ff}\
#tip{position:absolute;z-index:6;background:#ffffe6;border:1px solid #aaa;padding:3px 6px;font:13px sans-serif;max-width:40em;white-space:pre-wrap;pointer-events:none}";

/// The editor's page: the YAML with line numbers and colours on the left, the pages on the
/// right; its script (plain JavaScript in the page, nothing from the network).
pub fn page(n: usize, v: &PlanView, token: &str, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| match lang {
        Lang::Vi => vi,
        Lang::En => en,
    };
    let content = super::html::plan_content(n, v, lang);
    // The text and its problems come with the page, so it opens ready (no second request).
    let bytes = std::fs::read(&v.path).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file = Arc::new(SourceFile::new(&v.path, text.clone()));
    let problems = match crate::pipeline::load_text(Arc::clone(&file)) {
        Ok(loaded) => crate::pipeline::check(loaded, &Default::default()).problems,
        Err(problems) => problems,
    };
    let first = json!({
        "text": text,
        "base": base_of(&bytes),
        "file": file.name(),
        "problems": crate::report::json::values(&problems, lang),
    })
    .to_string()
    .replace("</", "<\\/");
    let labels = json!({
        "saved": t("Đã lưu.", "Saved."),
        "saving": t("Đang lưu…", "Saving…"),
        "changed": t("Tệp đã được sửa ở nơi khác từ khi mở. Ghi đè bằng bản đang soạn?", "The file was changed elsewhere since it was opened. Overwrite it with this text?"),
        "restored": t("Đã khôi phục bản chưa lưu từ lần trước.", "Restored the unsaved text from last time."),
        "unsaved": t("Chưa lưu", "Not saved"),
        "offline": t("Mất kết nối với máy chủ; bản đang soạn vẫn được giữ trong trang.", "The server cannot be reached; the text is kept in the page."),
        "name": t("Tên tệp kế hoạch mới (chữ, số, -):", "The new plan's file name (letters, digits, -):"),
        "clean": t("Không có lỗi.", "No problems."),
    });
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title>\
<style>{base}{STYLE}</style></head><body><header><a href=\"/\">kehoach</a> · <b>{title}</b></header>\
<main><div id=\"split\"><section id=\"edit\"><div class=\"bar\"><button id=\"save\">{save}</button>\
<button id=\"new\">{new}</button><span id=\"state\"></span></div>\
<div class=\"box\"><pre id=\"gutter\"></pre><div class=\"code\"><pre id=\"hl\" aria-hidden=\"true\"></pre>\
<textarea id=\"src\" spellcheck=\"false\" autocomplete=\"off\" autocapitalize=\"off\" aria-label=\"YAML\"></textarea></div></div>\
<div id=\"completions\" hidden></div><div id=\"tip\" hidden></div><ul id=\"problems\"></ul><div id=\"status\"></div></section>\
<section id=\"view\"><div id=\"content\">{content}</div></section></div></main>\
<script>const PLAN={n};const TOKEN=\"{token}\";const L={labels};const FIRST={first};{SCRIPT}</script></body></html>",
        title = escape(&v.stem),
        base = super::html::STYLE,
        save = t("Lưu (Ctrl+S)", "Save (Ctrl+S)"),
        new = t("Kế hoạch mới", "New plan"),
    )
}

const SCRIPT: &str = include_str!("editor.js");
