//! `kehoach preview --edit` in a real browser (headless Chromium over the DevTools pipe): the
//! plan's YAML typed into, its problem shown at its line as one types, saved with the page's
//! token, the pages following; and every write refused without the token or from elsewhere.

mod common;

use std::time::Duration;

use common::browser::*;
use common::running::*;
use common::{code, kehoach_in};

fn editing(dir: &std::path::Path) -> (std::process::Child, String) {
    let mut child = spawn(dir, &["preview", "--edit", "--port", "0", "plans"]);
    let line = first_line(&mut child);
    let addr = line
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    (child, addr)
}

#[test]
fn writes_need_the_pages_token_and_its_origin() {
    let (dir, plans) = workspace();
    let (child, addr) = editing(dir.path());
    let plan = plans.join("plan.yaml");
    let before = std::fs::read_to_string(&plan).unwrap();
    let page = get(&addr, "/plan/0/edit").1;
    let token = page
        .split("TOKEN=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let base = get(&addr, "/plan/0/source").1;
    let base = base
        .split("\"base\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let save = |headers: &str| {
        let body = "kind: ke-hoach\n";
        let raw = format!(
            "POST /plan/0/save HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        send(&addr, raw.as_bytes()).0
    };
    assert_eq!(save(""), 403, "no token");
    assert_eq!(save("X-Kehoach-Token: 00\r\n"), 403, "a wrong token");
    let with = format!("X-Kehoach-Token: {token}\r\nX-Kehoach-Base: {base}\r\n");
    assert_eq!(
        save(&format!("{with}Origin: http://evil.com\r\n")),
        403,
        "another site"
    );
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        before,
        "nothing written"
    );
    assert_eq!(
        save(
            "X-Kehoach-Token: {token}\r\nX-Kehoach-Base: old\r\n"
                .replace("{token}", &token)
                .as_str()
        ),
        409,
        "changed since"
    );
    assert_eq!(save(&with), 200);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "kind: ke-hoach\n");
    assert_eq!(interrupt(child), 0);
    // Without --edit there is nothing to write to.
    let (child, addr) = preview(dir.path());
    assert_eq!(get(&addr, "/plan/0/edit").0, 404);
    let raw = format!(
        "POST /plan/0/save HTTP/1.1\r\nHost: {addr}\r\nX-Kehoach-Token: {token}\r\nContent-Length: 0\r\n\r\n"
    );
    assert_eq!(send(&addr, raw.as_bytes()).0, 403);
    assert_eq!(interrupt(child), 0);
    // Editing is for this computer only.
    let o = kehoach_in(
        dir.path(),
        &[
            "preview", "--edit", "--host", "0.0.0.0", "--port", "0", "plans",
        ],
    );
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_wrong_date_typed_shows_at_its_line_and_a_save_reaches_the_file_and_the_pages() {
    let Some(chromium) = chromium() else {
        return;
    };
    let (dir, plans) = workspace();
    let plan = plans.join("plan.yaml");
    let (child, addr) = editing(dir.path());
    let mut browser = Browser::open(
        chromium,
        &format!("http://{addr}/plan/0/edit"),
        &dir.path().join("chromium"),
    );
    std::thread::sleep(Duration::from_secs(2));
    browser.attach();
    assert!(
        within(10, || browser
            .eval_text("document.getElementById('src').value")
            .contains("date: 05/6/2023")),
        "the plan's text in the editor"
    );
    // The mouse resting on the date: its weekday beside the pointer (5 June 2023, a Monday).
    let at = browser.eval(
        "(() => { const s = document.getElementById('src'); const b = s.getBoundingClientRect(); \
         const lines = s.value.split('\\n'); const i = lines.findIndex(l => l.includes('05/6/2023')); \
         const c = lines[i].indexOf('05/6/2023') + 2; \
         const w = (() => { const x = document.createElement('canvas').getContext('2d'); x.font = getComputedStyle(s).font; return x.measureText('0000000000').width / 10; })(); \
         return [b.left + 6 + c * w + w / 2, b.top + 6 + i * 20 + 10]; })()",
    );
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    browser.call(
        "Input.dispatchMouseEvent",
        serde_json::json!({"type": "mouseMoved", "x": x, "y": y}),
    );
    let tip = |b: &mut Browser| {
        b.eval_text("(() => { const t = document.getElementById('tip'); return t.hidden ? '' : t.textContent; })()")
    };
    assert!(
        within(3, || tip(&mut browser).contains("Thứ Hai")),
        "the weekday beside the mouse: {:?}",
        tip(&mut browser)
    );
    // Type over the date, as a user does: select it, then type.
    browser.eval(
        "(() => { const s = document.getElementById('src'); const at = s.value.indexOf('05/6/2023'); s.focus(); s.setSelectionRange(at, at + 9); })()",
    );
    browser.call("Input.insertText", serde_json::json!({"text": "31/6/2023"}));
    let problems = |b: &mut Browser| b.eval_text("document.getElementById('problems').innerText");
    assert!(
        within(3, || {
            let p = problems(&mut browser);
            p.contains("plan.yaml:15:7") && p.contains("date-not-on-calendar")
        }),
        "the problem at its line: {}",
        problems(&mut browser)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#hl .err').length > 0"),
        serde_json::json!(true),
        "underlined"
    );
    assert!(
        std::fs::read_to_string(&plan)
            .unwrap()
            .contains("date: 05/6/2023"),
        "not saved yet"
    );
    let kept =
        browser.eval_text("Object.keys(localStorage).map(k => localStorage.getItem(k)).join('')");
    assert!(
        kept.contains("31/6/2023"),
        "the unsaved text is kept in the page"
    );
    // Save: the file, then the pages, follow.
    browser.eval("document.getElementById('save').click()");
    assert!(
        within(3, || std::fs::read_to_string(&plan)
            .unwrap()
            .contains("date: 31/6/2023")),
        "saved"
    );
    assert!(
        within(4, || browser.text().contains("date-not-on-calendar")
            && browser
                .eval_text("document.getElementById('content').innerText")
                .contains("plan.yaml:15:7")),
        "the pages followed"
    );
    // Changed on disk meanwhile: saving asks, and a "no" keeps the file as it is.
    let theirs = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("Hướng dẫn", "Hướng dẫn của người khác");
    std::fs::write(&plan, &theirs).unwrap();
    browser.eval("window.confirm = () => false; document.getElementById('save').click()");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), theirs);
    drop(browser);
    assert_eq!(interrupt(child), 0);
}
