//! Enrich: a checked plan → the render model, in which everything is computed and written the
//! Vietnamese way (Decree 30's leading zeros, numbering I., 1., 1.1., a), "-" and "+", titles
//! in capitals, the appendix caption made from the document's own number, date and authority).
//!
//! Renderers (Typst → PDF, DOCX) only lay this model out; they never compute or format a
//! figure or a date themselves. Text stays as runs ([`inline::Run`]); escaping it is the
//! renderer's business.

pub mod inline;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::appendix::{AppendixTable, ColumnKind, Value, export::shown};
use crate::load::LoadedPlan;
use crate::plan::kind::BodyShape;
use crate::plan::{
    Bullet, CellFormat, Duty, Every, Item, Located, Note, Paragraphs, Report, Section,
};
use crate::vietnamese::calendar::{
    PlanDate, display, long_date, parse_date, parse_plan_date, parse_time, weekday_in_text,
    weekday_name,
};
use inline::{Inline, bold, parse, text};
use serde_saphyr::Location;

use crate::source::SourceFile;

/// The whole document, ready to lay out.
#[derive(Debug, Serialize)]
pub struct Document {
    pub kind: String,
    /// "KẾ HOẠCH", "CHỈ THỊ".
    pub type_name: String,
    pub header: Header,
    pub subject: Inline,
    /// Each basis ends ";", the last ".".
    pub bases: Vec<Inline>,
    pub intro: Vec<Inline>,
    pub body: Vec<Block>,
    pub closing: Vec<Inline>,
    pub signer: Signer,
    /// "- UBND huyện (b/c);" … "- Lưu: VT, CAX."
    pub recipients: Vec<String>,
    pub appendices: Vec<AppendixModel>,
    pub meta: Meta,
}

#[derive(Debug, Serialize)]
pub struct Header {
    pub parent: Option<String>,
    pub authority: String,
    /// "135/KH-BCĐ", or for a draft None (the template leaves the number blank).
    pub number: Option<String>,
    /// "/KH-UBND": what follows the number, shown after the blank of a draft.
    pub code_suffix: String,
    pub place: String,
    /// "05", or None for a draft dated by month only.
    pub day: Option<String>,
    pub month: String,
    pub year: String,
}

/// One paragraph of the body. Every block is a justified paragraph with a first-line indent;
/// `number` is its label ("I.", "1.", "1.1.", "a)", "-", "+") and `style` says how it is set.
#[derive(Debug, Serialize)]
pub struct Block {
    /// "heading" (mục: bold capitals), "title" (a titled item: bold), "para" (plain).
    pub style: &'static str,
    pub number: String,
    pub text: Inline,
}

#[derive(Debug, Serialize)]
pub struct Signer {
    /// The lines above the title, in capitals: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], or none.
    pub capacity: Vec<String>,
    pub title: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Serialize)]
pub struct AppendixModel {
    /// "PHỤ LỤC", or "PHỤ LỤC I" … when there are several.
    pub heading: String,
    pub title: String,
    /// "(Kèm theo Kế hoạch số 135/KH-BCĐ ngày 27 tháng 6 năm 2023 của …)"
    pub caption: String,
    pub body: Vec<Block>,
    pub table: Option<TableModel>,
}

/// A table with every cell already written out.
#[derive(Debug, Serialize)]
pub struct TableModel {
    pub columns: usize,
    pub header_rows: usize,
    pub header: Vec<HeaderCellModel>,
    /// "right" for numbers, "left" for text, "center" for row numbers and dates.
    pub align: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub totals: Option<Vec<String>>,
    /// Wide tables are set on a landscape page.
    pub landscape: bool,
    pub chart: Option<Chart>,
    /// "Số liệu tính đến ngày 14/6/2023; còn 115 ngày."
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct HeaderCellModel {
    pub label: String,
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// Horizontal bars, one per row, for a percent column.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub label: String,
    /// (unit, ratio 0–1 capped for drawing, the percentage as written)
    pub bars: Vec<(String, f64, String)>,
}

/// Columns from which a table is set landscape.
pub const LANDSCAPE_FROM_COLUMNS: usize = 8;

fn two(n: u32) -> String {
    format!("{n:02}")
}

/// A month as Decree 30 writes it in a date line: 1 and 2 with a leading zero.
fn month_text(m: u32) -> String {
    if m <= 2 { two(m) } else { m.to_string() }
}

/// The paragraphs of one text: a blank line in the YAML starts a new paragraph. YAML keeps a
/// blank line of folded (`>`) and plain text as one line break and joins the other lines with
/// spaces; literal (`|`) text keeps every line break, so there only a blank line counts.
fn split(file: &SourceFile, text: &str, at: &Location) -> Vec<Inline> {
    let literal = file.text[file.span_of(at).start.min(file.text.len())..].starts_with('|');
    let breaks = if literal { "\n\n" } else { "\n" };
    text.trim()
        .split(breaks)
        .filter(|p| !p.trim().is_empty())
        .map(parse)
        .collect()
}

fn paragraphs(file: &SourceFile, p: Option<&Paragraphs>) -> Vec<Inline> {
    p.map(|p| {
        p.paragraphs()
            .iter()
            .flat_map(|t| split(file, t.value, &t.at))
            .collect()
    })
    .unwrap_or_default()
}

fn roman(n: usize) -> String {
    const R: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn letter(i: usize) -> String {
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

struct Builder<'a> {
    file: &'a SourceFile,
    blocks: Vec<Block>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Builder {
            file,
            blocks: Vec::new(),
        }
    }

    fn push(&mut self, style: &'static str, number: impl Into<String>, text: Inline) {
        self.blocks.push(Block {
            style,
            number: number.into(),
            text,
        });
    }

    /// A text under `number`: its first paragraph carries the number, the others follow plain.
    fn push_text(&mut self, style: &'static str, number: &str, paras: Vec<Inline>) {
        for (i, p) in paras.into_iter().enumerate() {
            self.push(
                if i == 0 { style } else { "para" },
                if i == 0 { number } else { "" },
                p,
            );
        }
    }

    fn paragraphs(&mut self, p: Option<&Paragraphs>) {
        for para in paragraphs(self.file, p) {
            self.push("para", "", para);
        }
    }

    fn section(&mut self, n: usize, s: &Section) {
        self.push(
            "heading",
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
        self.reports(&s.reporting);
    }

    /// Items under `prefix`: "" gives 1., 2.; "1." gives 1.1., 1.2.; deeper gives a), b).
    fn items(&mut self, items: &[Located<Item>], prefix: &str) {
        let depth = prefix.matches('.').count();
        for (i, item) in items.iter().enumerate() {
            let number = match depth {
                0 => format!("{}.", i + 1),
                1 => format!("{prefix}{}.", i + 1),
                _ => format!("{})", letter(i)),
            };
            match &item.value {
                Item::Text(t) => {
                    let paras = split(self.file, t, &item.at);
                    self.push_text("para", &number, paras);
                }
                Item::Full(b) => {
                    let paras = paragraphs(self.file, b.text.as_ref());
                    match &b.title {
                        // "1. Mục đích" on its own line, the text below it.
                        Some(title) => {
                            self.push("title", &number, parse(&title.value));
                            self.push_text("para", "", paras);
                        }
                        None if paras.is_empty() => self.push("para", &number, Vec::new()),
                        None => self.push_text("para", &number, paras),
                    }
                    if let Some(at) = &b.at {
                        self.push("para", "", event(at));
                    }
                    if let Some(d) = b.deadline.as_ref().and_then(|d| parse_date(d).ok()) {
                        self.push("para", "", deadline_line(d));
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
                    self.reports(&b.reporting);
                }
            }
        }
    }

    fn bullets(&mut self, bullets: &[Located<Bullet>], level: usize) {
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
            match &b.value {
                Bullet::Text(t) => {
                    let paras = split(self.file, t, &b.at);
                    self.push_text("para", &mark(i), paras);
                }
                Bullet::Full(body) => {
                    let mut paras = split(self.file, &body.text.value, &body.text.at);
                    if let Some(d) = body.deadline.as_ref().and_then(|d| parse_date(d).ok())
                        && let Some(last) = paras.pop()
                    {
                        paras.push(with_deadline(last, d));
                    }
                    self.push_text("para", &mark(i), paras);
                    self.bullets(&body.bullets, level + 1);
                }
            }
        }
    }

    /// A unit's duty. A text that goes on from the unit's name (it starts in lower case:
    /// "chủ trì, phối hợp …") makes one paragraph with it; otherwise the unit is a title line
    /// and the text follows. Tasks are "-" lines, or "2.1.", "2.2." in a numbered section.
    fn duty(&mut self, number: &str, d: &Duty, numbered: bool) {
        let mut paras = paragraphs(self.file, d.text.as_ref());
        let deadline = d.deadline.as_ref().and_then(|x| parse_date(x).ok());
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
            self.push("para", number, first);
            self.push_text("para", "", paras);
        } else {
            self.push("title", number, parse(&d.unit.value));
            self.push_text("para", "", paras);
            if let (Some(dl), None) = (deadline, &d.text) {
                self.push("para", "", deadline_line(dl));
            }
        }
        if numbered {
            self.marked(&d.tasks, |i| format!("{number}{}.", i + 1), 0);
        } else {
            self.bullets(&d.tasks, 0);
        }
        self.paragraphs(d.after.as_ref());
    }

    fn reports(&mut self, reports: &[Report]) {
        for r in reports {
            self.push("para", "-", report(r));
        }
    }
}

/// "Thời hạn: hoàn thành trước ngày 08/6/2023." with the deadline in bold.
fn deadline_line(d: NaiveDate) -> Inline {
    vec![
        text("Thời hạn: "),
        bold(format!("hoàn thành trước ngày {}", display(d))),
        text("."),
    ]
}

/// "…, hoàn thành trước ngày 08/6/2023." with the deadline in bold.
fn with_deadline(mut runs: Inline, d: NaiveDate) -> Inline {
    let plain = inline::plain(&runs);
    let end = plain.trim_end();
    if let Some(last) = runs.last_mut() {
        let trimmed = last.text.trim_end().trim_end_matches(['.', ';']).to_owned();
        if end.ends_with(['.', ';']) {
            last.text = trimmed;
        }
    }
    runs.push(text("; "));
    runs.push(bold(format!("hoàn thành trước ngày {}", display(d))));
    runs.push(text("."));
    runs
}

fn clock(t: &str) -> Option<String> {
    parse_time(t)
        .ok()
        .map(|(h, m)| format!("{} giờ {}", two(h), two(m)))
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
                .map(|d| format!("vào ngày {} ", two(d.value as u32)))
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

/// The capacity lines of a signature (Decree 30): `capacity: TM.` with `body: ỦY BAN NHÂN
/// DÂN` is one line "TM. ỦY BAN NHÂN DÂN"; a list of lines is printed as written, `body`
/// joining its first line.
fn signer_lines(signer: &crate::plan::Signer) -> Vec<String> {
    let mut lines: Vec<String> = signer
        .capacity
        .as_ref()
        .map(|c| {
            c.paragraphs()
                .iter()
                .map(|l| l.value.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    if let Some(body) = &signer.body {
        match lines.first_mut() {
            Some(first) => *first = format!("{first} {}", body.value.trim()),
            None => lines.push(body.value.trim().to_owned()),
        }
    }
    lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.to_uppercase())
        .collect()
}

/// The render model of a checked plan and its computed tables.
pub fn enrich(loaded: &LoadedPlan, tables: &[AppendixTable]) -> Document {
    let plan = &loaded.plan;
    let kind = plan.kind.value.kind().expect("checked: the kind is known");
    let date = parse_plan_date(&plan.date).ok();
    let (day, month, year) = match date {
        Some(PlanDate::Day(d)) => (Some(two(d.day())), month_text(d.month()), d.year()),
        Some(PlanDate::Month { year, month }) => (None, month_text(month), year),
        None => (None, String::new(), 0),
    };
    let code_suffix = format!("/{}-{}", kind.code, plan.authority.code.value);
    let number = plan
        .number
        .as_ref()
        .map(|n| format!("{}{code_suffix}", two(n.value as u32)));
    let file = loaded.file.as_ref();
    let mut b = Builder::new(file);
    match kind.body {
        BodyShape::Sections | BodyShape::Items => {
            for (i, s) in plan.sections.iter().enumerate() {
                b.section(i, s);
            }
            b.items(&plan.items, "");
        }
    }
    let n_bases = plan.bases.len();
    let bases = plan
        .bases
        .iter()
        .enumerate()
        .map(|(i, t)| {
            // A basis reads "Căn cứ …"; plans may write it or leave it to be added.
            let basis = t.value.trim().trim_end_matches(['.', ';']);
            let basis = if basis.to_lowercase().starts_with("căn cứ") {
                basis.to_owned()
            } else {
                format!("Căn cứ {basis}")
            };
            let mut runs = parse(&basis);
            runs.push(text(if i + 1 == n_bases { "." } else { ";" }));
            runs
        })
        .collect();
    let mut recipients: Vec<String> = plan
        .recipients
        .iter()
        .map(|r| format!("- {};", r.value.trim_end_matches(['.', ';'])))
        .collect();
    match &plan.archive {
        Some(a) => recipients.push(format!("- Lưu: {}.", a.value.trim_end_matches('.'))),
        None => {
            if let Some(last) = recipients.last_mut() {
                *last = format!("{}.", last.trim_end_matches(';'));
            }
        }
    }
    let capacity = signer_lines(&plan.signer);
    let authority_name = plan
        .authority
        .short
        .as_ref()
        .unwrap_or(&plan.authority.name)
        .value
        .clone();
    let caption_number = number
        .clone()
        .unwrap_or_else(|| format!("     {code_suffix}"));
    let caption_date = match date {
        Some(PlanDate::Day(d)) => long_date(d),
        _ => format!("ngày     tháng {month} năm {year}"),
    };
    let caption = format!(
        "(Kèm theo {} số {caption_number} {caption_date} của {authority_name})",
        kind.noun
    );
    let several = plan.appendices.len() > 1;
    let appendices = plan
        .appendices
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut ab = Builder::new(file);
            ab.paragraphs(a.text.as_ref());
            ab.items(&a.items, "");
            ab.bullets(&a.bullets, 0);
            AppendixModel {
                heading: if several {
                    format!("PHỤ LỤC {}", roman(i + 1))
                } else {
                    "PHỤ LỤC".into()
                },
                title: a.title.value.to_uppercase(),
                caption: caption.clone(),
                body: ab.blocks,
                table: tables.iter().find(|t| t.index == i).map(|t| {
                    let mut model = table_model(t);
                    match a.note.as_ref().map(|n| &n.value) {
                        Some(Note::Shown(false)) => model.note.clear(),
                        Some(Note::Text(own)) => model.note = own.trim().to_owned(),
                        Some(Note::Shown(true)) | None => {}
                    }
                    model
                }),
            }
        })
        .collect();
    let meta_date = date.map(PlanDate::earliest);
    Document {
        kind: kind.name.to_owned(),
        type_name: kind.title.to_owned(),
        header: Header {
            parent: plan
                .authority
                .parent
                .as_ref()
                .map(|p| p.value.to_uppercase()),
            authority: plan.authority.name.value.to_uppercase(),
            number,
            code_suffix,
            place: plan.place.value.clone(),
            day,
            month,
            year: year.to_string(),
        },
        subject: parse(&plan.subject.value),
        bases,
        intro: paragraphs(file, plan.intro.as_ref()),
        body: b.blocks,
        closing: paragraphs(file, plan.closing.as_ref()),
        signer: Signer {
            capacity,
            title: plan.signer.title.value.to_uppercase(),
            name: plan
                .signer
                .name
                .as_ref()
                .map(|n| n.value.clone())
                .unwrap_or_default(),
        },
        recipients,
        appendices,
        meta: Meta {
            title: inline::plain(&parse(&plan.subject.value)),
            author: plan.authority.name.value.clone(),
            year: meta_date.map_or(2000, |d| d.year()),
            month: meta_date.map_or(1, |d| d.month()),
            day: meta_date.map_or(1, |d| d.day()),
        },
    }
}

fn table_model(t: &AppendixTable) -> TableModel {
    let line = |row: &[Value]| {
        row.iter()
            .zip(&t.columns)
            .map(|(v, c)| shown(v, c.format))
            .collect::<Vec<_>>()
    };
    let align = t
        .columns
        .iter()
        .map(|c| match (c.kind, c.format) {
            (ColumnKind::RowNumber, _) | (_, CellFormat::Date) => "center",
            (ColumnKind::Unit, _) | (_, CellFormat::Text) => "left",
            _ => "right",
        })
        .collect();
    let chart = t.chart.as_ref().and_then(|key| {
        let col = t.columns.iter().position(|c| &c.key == key)?;
        let unit = t.columns.iter().position(|c| c.kind == ColumnKind::Unit)?;
        let bars = t
            .rows
            .iter()
            .map(|r| {
                let ratio = match &r[col] {
                    Value::Number(n) => crate::vietnamese::to_f64(n).clamp(0.0, 1.0),
                    _ => 0.0,
                };
                (
                    shown(&r[unit], CellFormat::Text),
                    ratio,
                    shown(&r[col], t.columns[col].format),
                )
            })
            .collect();
        Some(Chart {
            label: t.columns[col].label.clone(),
            bars,
        })
    });
    let mut note = Vec::new();
    if let Some(d) = t.as_of {
        note.push(format!("Số liệu tính đến ngày {}", display(d)));
    }
    if let Some(d) = t.deadline {
        note.push(format!("thời hạn hoàn thành {}", display(d)));
    }
    if let Some(d) = t.days {
        note.push(format!("số ngày còn lại để tính bình quân: {d}"));
    }
    TableModel {
        columns: t.columns.len(),
        header_rows: t.header_rows,
        header: t
            .header
            .iter()
            .map(|h| HeaderCellModel {
                label: h.label.clone(),
                row: h.row,
                col: h.col,
                rows: h.rows,
                cols: h.cols,
            })
            .collect(),
        align,
        rows: t.rows.iter().map(|r| line(r)).collect(),
        totals: t.totals.as_ref().map(|r| line(r)),
        landscape: t.columns.len() >= LANDSCAPE_FROM_COLUMNS,
        chart,
        note: if note.is_empty() {
            String::new()
        } else {
            format!("{}.", note.join("; "))
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_as_decree_30_writes_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2023, 6, 5)), "ngày 05 tháng 6 năm 2023");
        assert_eq!(long_date(d(2024, 2, 5)), "ngày 05 tháng 02 năm 2024");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(letter(4), "đ");
    }
}
