//! The preview's pages, as HTML with a few lines of plain JavaScript (no build step): the index
//! of the plans, and a plan's page — its problems on top, its pages beneath, downloads, a
//! click naming the file and line a text comes from. Both follow saves through server-sent
//! events: on "changed" a page fetches its content again.

use super::view::PlanView;
use crate::lang::Lang;

/// Text for HTML (element content and quoted attributes).
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn t(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

pub(super) const STYLE: &str = "body{font-family:sans-serif;margin:0;background:#e8e8e8;color:#222}\
header{background:#1f3b5a;color:#fff;padding:8px 16px}header a{color:#fff}\
main{padding:12px 16px}table{border-collapse:collapse;background:#fff}\
td,th{border:1px solid #bbb;padding:4px 8px;text-align:left}\
.bad{color:#b00020;font-weight:bold}.warn{color:#a15c00}.ok{color:#1b6e20}\
pre.problems{background:#fff4f4;border:1px solid #e0b4b4;padding:8px;overflow:auto;white-space:pre-wrap}\
.pages{display:flex;flex-direction:column;align-items:center;gap:12px}\
.page{background:#fff;box-shadow:0 1px 4px #999;cursor:pointer;width:min(100%,820px)}\
.page svg{width:100%;height:auto;display:block}\
#jump{position:sticky;top:0;background:#fffbe6;border:1px solid #e6d48a;padding:6px 10px;margin-bottom:8px}\
.stale{opacity:.55}";

/// A whole page around `body`, listening to `events` and refreshing `#content` from `content`.
fn page(title: &str, events: &str, content: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>{STYLE}</style></head><body>{body}<script>\
         const events = new EventSource('{events}');\
         events.addEventListener('changed', async () => {{\
           const r = await fetch('{content}');\
           if (r.ok) document.getElementById('content').innerHTML = await r.text();\
         }});\
         document.addEventListener('click', (e) => {{\
           const page = e.target.closest('.page');\
           if (!page) return;\
           const box = page.getBoundingClientRect();\
           const scale = box.width / Number(page.dataset.width);\
           const y = (e.clientY - box.top) / scale;\
           const anchors = JSON.parse(page.dataset.anchors);\
           let hit = null;\
           for (const a of anchors) {{ if (a.y <= y + 6) hit = a; }}\
           const jump = document.getElementById('jump');\
           if (hit && jump) jump.textContent = hit.source;\
         }});\
         </script></body></html>",
        title = escape(title),
    )
}

/// The index: every plan with its subject, kind, status and when it was last built.
pub fn index(views: &[PlanView], lang: Lang, edit: bool) -> String {
    page(
        "kehoach preview",
        "/events",
        "/content",
        &format!(
            "<header><b>kehoach preview</b></header><main id=\"content\">{}</main>",
            index_content(views, lang, edit)
        ),
    )
}

/// The index's table; with `edit`, each plan links to its editor too.
pub fn index_content(views: &[PlanView], lang: Lang, edit: bool) -> String {
    let mut rows = String::new();
    for (i, v) in views.iter().enumerate() {
        let editor = if edit {
            format!(
                " · <a href=\"/plan/{i}/edit\">{}</a>",
                t(lang, "soạn", "edit")
            )
        } else {
            String::new()
        };
        rows.push_str(&format!(
            "<tr><td><a href=\"/plan/{i}\">{}</a>{editor}<br><small>{}</small></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(if v.subject.is_empty() { &v.stem } else { &v.subject }),
            escape(&v.path.display().to_string()),
            escape(&v.kind),
            status(v, lang),
            escape(&v.built),
        ));
    }
    format!(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{rows}</table>",
        t(lang, "Trích yếu", "Subject"),
        t(lang, "Loại", "Kind"),
        t(lang, "Tình trạng", "Status"),
        t(lang, "Dựng lúc", "Last built"),
    )
}

fn status(v: &PlanView, lang: Lang) -> String {
    match (v.errors, v.warnings) {
        (0, 0) => format!("<span class=\"ok\">{}</span>", t(lang, "sạch", "clean")),
        (0, w) => format!(
            "<span class=\"warn\">{w} {}</span>",
            t(lang, "cảnh báo", "warnings")
        ),
        (e, _) => format!(
            "<span class=\"bad\">{e} {}</span>",
            t(lang, "lỗi", "errors")
        ),
    }
}

/// A plan's page.
pub fn plan(i: usize, v: &PlanView, lang: Lang) -> String {
    page(
        &v.subject,
        &format!("/plan/{i}/events"),
        &format!("/plan/{i}/content"),
        &format!(
            "<header><a href=\"/\">kehoach preview</a> › {}</header><main id=\"content\">{}</main>",
            escape(&v.stem),
            plan_content(i, v, lang)
        ),
    )
}

/// What changes on a plan's page: status, problems, downloads, pages.
pub fn plan_content(i: usize, v: &PlanView, lang: Lang) -> String {
    let mut out = format!(
        "<p><b>{}</b> — {} · {} {}</p>",
        escape(&v.subject),
        status(v, lang),
        t(lang, "dựng lúc", "built at"),
        escape(&v.built)
    );
    if !v.problems.is_empty() {
        out.push_str(&format!(
            "<pre class=\"problems\">{}</pre>",
            escape(&v.problems)
        ));
    }
    let mut links = Vec::new();
    for (ext, file) in [("pdf", &v.pdf), ("docx", &v.docx), ("xlsx", &v.xlsx)] {
        if file.is_some() {
            links.push(format!(
                "<a href=\"/plan/{i}/{}.{ext}\" download>{}.{ext}</a>",
                escape(&v.stem),
                escape(&v.stem)
            ));
        }
    }
    if !links.is_empty() {
        out.push_str(&format!("<p>{}</p>", links.join(" · ")));
    }
    out.push_str(&format!(
        "<div id=\"jump\">{}</div>",
        t(
            lang,
            "Bấm vào một đoạn, một đề mục, một dòng bảng để biết nó viết ở tệp nào, dòng nào.",
            "Click a paragraph, a heading or a table row to see the file and line it is written at."
        )
    ));
    if v.errors > 0 && v.pages.is_empty() {
        out.push_str(&format!(
            "<p class=\"warn\">{}</p>",
            t(
                lang,
                "Chưa có bản dựng tốt: sửa lỗi ở trên để thấy các trang.",
                "No good build yet: mend the problems above to see the pages."
            )
        ));
    }
    let stale = if v.errors > 0 && !v.pages.is_empty() {
        out.push_str(&format!(
            "<p class=\"warn\">{}</p>",
            t(
                lang,
                "Các trang dưới đây là bản dựng tốt gần nhất.",
                "The pages below are the last good build."
            )
        ));
        " stale"
    } else {
        ""
    };
    out.push_str("<div class=\"pages\">");
    for (n, svg) in v.pages.iter().enumerate() {
        let anchors: Vec<&crate::render::typst::Anchor> =
            v.anchors.iter().filter(|a| a.page == n + 1).collect();
        let json = serde_json::to_string(&anchors).unwrap_or_else(|_| "[]".into());
        let width = v.sizes.get(n).map_or(595.28, |s| s.0);
        out.push_str(&format!(
            "<div class=\"page{stale}\" data-page=\"{}\" data-width=\"{width}\" data-anchors=\"{}\">{svg}</div>",
            n + 1,
            escape(&json)
        ));
    }
    out.push_str("</div>");
    out
}
