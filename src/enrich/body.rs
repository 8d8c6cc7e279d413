//! The body of a document as blocks: sections I., II.; items 1., 1.1., a); bullets "-" and
//! "+"; duties; reports; each text split into its paragraphs.

use chrono::Datelike;
use serde_saphyr::Location;

use super::inline::{self, Inline, bold, parse, text};
use super::model::{Block, BlockStyle};
use crate::plan::{
    Bullet, Duty, Every, Item, Located, Paragraphs, Part, Report, Section, TaskEntry,
};
use crate::source::SourceFile;
use crate::vietnamese::calendar::{
    display, parse_date, parse_time, two_digits, weekday_in_text, weekday_name,
};
use crate::vietnamese::deadline::{Deadline, parse_deadline};

/// The paragraphs of one text: a blank line in the YAML starts a new paragraph. YAML keeps a
/// blank line of folded (`>`) and plain text as one line break and joins the other lines with
/// spaces; literal (`|`) text keeps every line break, so there only a blank line counts.
fn split(file: &SourceFile, text: &str, at: &Location) -> Vec<Inline> {
    let literal = is_literal_block(file, at);
    let breaks = if literal { "\n\n" } else { "\n" };
    text.trim()
        .split(breaks)
        .filter(|p| !p.trim().is_empty())
        .map(parse)
        .collect()
}

/// Whether the scalar at `at` is a literal block (`|`, `|-`, `|+`): its indicator ends the
/// line before the text (after a key or a `-`, perhaps with a comment).
fn is_literal_block(file: &SourceFile, at: &Location) -> bool {
    let start = file.span_of(at).start.min(file.text.len());
    let head = file.text[..start].trim_end();
    let line = head.rsplit('\n').next().unwrap_or(head);
    let line = line.split(" #").next().unwrap_or(line).trim_end();
    line.rsplit(char::is_whitespace)
        .next()
        .is_some_and(|indicator| indicator.starts_with('|'))
}

pub(super) fn paragraphs(file: &SourceFile, p: Option<&Paragraphs>) -> Vec<Inline> {
    p.map(|p| {
        p.paragraphs()
            .iter()
            .flat_map(|t| split(file, t.value, &t.at))
            .collect()
    })
    .unwrap_or_default()
}

pub(super) use crate::vietnamese::roman;

pub(super) fn letter(i: usize) -> String {
    // Vietnamese points: a), b), c), d), đ), e) …
    const L: [&str; 24] = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
        "t", "u", "v", "x", "y", "z",
    ];
    L.get(i)
        .map_or_else(|| (i + 1).to_string(), |s| s.to_string())
}

/// Ends a paragraph with `end` unless it already ends with punctuation.
fn ending(mut runs: Inline, end: &str) -> Inline {
    let last = inline::plain(&runs);
    let trimmed = last.trim_end();
    if !trimmed.ends_with(['.', ';', ':', '!', '?']) && !trimmed.ends_with("/.") {
        runs.push(text(end));
    }
    runs
}

pub(super) struct Builder<'a> {
    file: &'a SourceFile,
    pub blocks: Vec<Block>,
    /// "plans/x.yaml:12": where the text being set is written, for the blocks made from it.
    here: String,
}

impl<'a> Builder<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        Builder {
            file,
            blocks: Vec::new(),
            here: String::new(),
        }
    }

    /// The blocks from now on come from the text at `at`.
    fn mark(&mut self, at: &serde_saphyr::Location) {
        self.here = self.file.place(self.file.span_of(at).start);
    }

    fn push(&mut self, style: BlockStyle, number: impl Into<String>, text: Inline) {
        self.blocks.push(Block {
            style,
            number: number.into(),
            text,
            source: self.here.clone(),
            table: None,
        });
    }

    /// A text under `number`: its first paragraph carries the number, the others follow plain.
    fn push_text(&mut self, style: BlockStyle, number: &str, paras: Vec<Inline>) {
        for (i, p) in paras.into_iter().enumerate() {
            self.push(
                if i == 0 { style } else { BlockStyle::Para },
                if i == 0 { number } else { "" },
                p,
            );
        }
    }

    pub fn paragraphs(&mut self, p: Option<&Paragraphs>) {
        if let Some(p) = p {
            self.mark(&p.at);
        }
        for para in paragraphs(self.file, p) {
            self.push(BlockStyle::Para, "", para);
        }
    }

    /// "Phần I" and the part's title in capitals, centred; then its opening paragraphs.
    pub fn part(&mut self, n: usize, p: &Part) {
        self.mark(&p.title.at);
        self.push(
            BlockStyle::Part,
            format!("Phần {}", roman(n + 1)),
            vec![bold(p.title.value.to_uppercase())],
        );
        self.paragraphs(p.text.as_ref());
    }

    pub fn section(&mut self, n: usize, s: &Section) {
        self.mark(&s.title.at);
        self.push(
            BlockStyle::Heading,
            format!("{}.", roman(n + 1)),
            vec![bold(s.title.value.to_uppercase())],
        );
        self.paragraphs(s.text.as_ref());
        self.items(&s.items, "");
        self.bullets(&s.bullets, 0);
        let numbered = s.numbered.as_ref().is_some_and(|n| n.value);
        let start = s.items.len();
        for (i, d) in s.duties.iter().enumerate() {
            self.duty(&format!("{}.", start + i + 1), d, numbered);
        }
        self.task_table(&s.task_table);
        self.reports(&s.reporting);
    }

    /// Items under `prefix`: "" gives 1., 2.; "1." gives 1.1., 1.2.; deeper gives a), b).
    pub fn items(&mut self, items: &[Located<Item>], prefix: &str) {
        let depth = prefix.matches('.').count();
        for (i, item) in items.iter().enumerate() {
            let number = match depth {
                0 => format!("{}.", i + 1),
                1 => format!("{prefix}{}.", i + 1),
                _ => format!("{})", letter(i)),
            };
            self.mark(&item.at);
            match &item.value {
                Item::Text(t) => {
                    let paras = split(self.file, t, &item.at);
                    self.push_text(BlockStyle::Para, &number, paras);
                }
                Item::Full(b) => {
                    let paras = paragraphs(self.file, b.text.as_ref());
                    match &b.title {
                        // "1. Mục đích" on its own line, the text below it.
                        Some(title) => {
                            self.push(BlockStyle::Title, &number, parse(&title.value));
                            self.push_text(BlockStyle::Para, "", paras);
                        }
                        None if paras.is_empty() => {
                            self.push(BlockStyle::Para, &number, Vec::new())
                        }
                        None => self.push_text(BlockStyle::Para, &number, paras),
                    }
                    if let Some(at) = &b.at {
                        self.push(BlockStyle::Para, "", event(at));
                    }
                    if let Some(d) = b.deadline.as_ref().and_then(|d| parse_deadline(d).ok()) {
                        self.push(BlockStyle::Para, "", deadline_line(d));
                    }
                    let child_prefix = if depth >= 1 {
                        format!("{prefix}{}.", i + 1)
                    } else {
                        number.clone()
                    };
                    self.items(&b.items, &child_prefix);
                    self.bullets(&b.bullets, 0);
                    self.paragraphs(b.after.as_ref());
                    let start = b.items.len();
                    for (j, d) in b.duties.iter().enumerate() {
                        self.duty(&format!("{child_prefix}{}.", start + j + 1), d, false);
                    }
                    self.task_table(&b.task_table);
                    self.reports(&b.reporting);
                }
            }
        }
    }

    pub fn bullets(&mut self, bullets: &[Located<Bullet>], level: usize) {
        let marker = if level == 0 { "-" } else { "+" };
        self.marked(bullets, |_| marker.to_owned(), level);
    }

    /// Bullets (or tasks) each under the label `mark(i)`; nested bullets one level down.
    fn marked(
        &mut self,
        bullets: &[Located<Bullet>],
        mark: impl Fn(usize) -> String,
        level: usize,
    ) {
        for (i, b) in bullets.iter().enumerate() {
            self.mark(&b.at);
            match &b.value {
                Bullet::Text(t) => {
                    let paras = split(self.file, t, &b.at);
                    self.push_text(BlockStyle::Para, &mark(i), paras);
                }
                Bullet::Full(body) => {
                    let mut paras = split(self.file, &body.text.value, &body.text.at);
                    if let Some(d) = body.deadline.as_ref().and_then(|d| parse_deadline(d).ok())
                        && let Some(last) = paras.pop()
                    {
                        paras.push(with_deadline(last, d));
                    }
                    self.push_text(BlockStyle::Para, &mark(i), paras);
                    self.bullets(&body.bullets, level + 1);
                }
            }
        }
    }

    /// A unit's duty. A text that goes on from the unit's name (it starts in lower case:
    /// "chủ trì, phối hợp …") makes one paragraph with it; otherwise the unit is a title line
    /// and the text follows. Tasks are "-" lines, or "2.1.", "2.2." in a numbered section.
    fn duty(&mut self, number: &str, d: &Duty, numbered: bool) {
        self.mark(&d.unit.at);
        let mut paras = paragraphs(self.file, d.text.as_ref());
        let deadline = d.deadline.as_ref().and_then(|x| parse_deadline(x).ok());
        let runs_on = paras
            .first()
            .and_then(|p| inline::plain(p).chars().find(|c| c.is_alphabetic()))
            .is_some_and(char::is_lowercase);
        if let Some(dl) = deadline
            && let Some(last) = paras.pop()
        {
            paras.push(with_deadline(last, dl));
        }
        if runs_on {
            let mut first = parse(&d.unit.value);
            first.push(text(" "));
            first.extend(paras.remove(0));
            self.push(BlockStyle::Para, number, first);
            self.push_text(BlockStyle::Para, "", paras);
        } else {
            self.push(BlockStyle::Title, number, parse(&d.unit.value));
            self.push_text(BlockStyle::Para, "", paras);
            if let (Some(dl), None) = (deadline, &d.text) {
                self.push(BlockStyle::Para, "", deadline_line(dl));
            }
        }
        // The text after the tasks is the duty's, not its last task's.
        let duty_at = self.here.clone();
        if numbered {
            self.marked(&d.tasks, |i| format!("{number}{}.", i + 1), 0);
        } else {
            self.bullets(&d.tasks, 0);
        }
        self.here = duty_at;
        self.paragraphs(d.after.as_ref());
    }

    /// A task table, as a table block of its own.
    fn task_table(&mut self, entries: &[Located<TaskEntry>]) {
        let Some(first) = entries.first() else { return };
        self.mark(&first.at);
        self.push(BlockStyle::Table, "", Vec::new());
        let table = super::tasks::task_table(self.file, entries);
        self.blocks.last_mut().expect("just pushed").table = Some(table);
    }

    fn reports(&mut self, reports: &[Report]) {
        for r in reports {
            self.push(BlockStyle::Para, "-", report(r));
        }
    }
}

/// "Thời hạn: hoàn thành trước ngày 08/6/2023." (or "… trong Quý IV/2023", "… thực hiện
/// thường xuyên") with the deadline in bold.
fn deadline_line(d: Deadline) -> Inline {
    vec![text("Thời hạn: "), bold(d.clause()), text(".")]
}

/// "…, hoàn thành trước ngày 08/6/2023." with the deadline in bold.
fn with_deadline(mut runs: Inline, d: Deadline) -> Inline {
    let plain = inline::plain(&runs);
    let end = plain.trim_end();
    if let Some(last) = runs.last_mut() {
        let trimmed = last.text.trim_end().trim_end_matches(['.', ';']).to_owned();
        if end.ends_with(['.', ';']) {
            last.text = trimmed;
        }
    }
    runs.push(text("; "));
    runs.push(bold(d.clause()));
    runs.push(text("."));
    runs
}

fn clock(t: &str) -> Option<String> {
    parse_time(t)
        .ok()
        .map(|(h, m)| format!("{} giờ {}", two_digits(h), two_digits(m)))
}

/// "Thời gian: lúc 07 giờ 30 ngày 10/6/2023 (Thứ Bảy); địa điểm: …".
fn event(at: &crate::plan::Event) -> Inline {
    let mut s = String::from("Thời gian: ");
    if let Some(c) = at.time.as_ref().and_then(|t| clock(t)) {
        s.push_str(&format!("lúc {c} "));
    }
    match parse_date(&at.date) {
        Ok(d) => s.push_str(&format!(
            "ngày {} ({})",
            display(d),
            weekday_name(d.weekday())
        )),
        Err(_) => s.push_str(&at.date.value),
    }
    let mut runs = vec![bold(s)];
    if let Some(p) = &at.place {
        runs.push(text(format!("; địa điểm: {}", p.value)));
    }
    runs.push(text("."));
    runs
}

/// "Báo cáo tuần: gửi Công an huyện trước 17 giờ 00 thứ Sáu hằng tuần."
fn report(r: &Report) -> Inline {
    let mut runs = parse(&r.what.value);
    let mut when = Vec::new();
    if let Some(to) = &r.to {
        when.push(format!("gửi {}", to.value));
    }
    let before = r
        .before
        .as_ref()
        .and_then(|b| clock(b))
        .map(|c| format!("trước {c}"));
    match r.every.as_ref().map(|e| e.value) {
        Some(Every::Day) => when.push(format!(
            "{}hằng ngày",
            before.map(|b| b + " ").unwrap_or_default()
        )),
        Some(Every::Week) => {
            let day = r
                .weekday
                .as_ref()
                .map(|w| format!("{} ", weekday_in_text(w.value.chrono())))
                .unwrap_or_default();
            when.push(format!(
                "{}{day}hằng tuần",
                before.map(|b| b + " ").unwrap_or_default()
            ));
        }
        Some(Every::Month) => {
            let day = r
                .day
                .as_ref()
                .map(|d| format!("vào ngày {} ", two_digits(d.value as u32)))
                .unwrap_or_default();
            when.push(format!(
                "{day}hằng tháng{}",
                before.map(|b| format!(", {b}")).unwrap_or_default()
            ));
        }
        None => {
            if let Some(b) = before {
                when.push(b);
            }
        }
    }
    if !when.is_empty() {
        runs.push(text(format!(": {}", when.join(" "))));
    }
    match r.due.as_ref().and_then(|d| parse_date(d).ok()) {
        Some(d) => {
            runs.push(text(if when.is_empty() { ": " } else { ", " }));
            runs.push(bold(format!("trước ngày {}", display(d))));
            runs.push(text("."));
            runs
        }
        None => ending(runs, "."),
    }
}
