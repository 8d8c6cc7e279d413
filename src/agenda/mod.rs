//! The agenda of plans: every dated item (events with their time, each unit's deadlines, the
//! deadlines written in the text, recurring reports) as entries a calendar can take — sorted,
//! and written as a table, JSON or iCalendar (RFC 5545; time zone Asia/Ho_Chi_Minh, UIDs that
//! stay the same from run to run so calendars update instead of duplicating).
//!
//! It reads checked plans; it neither checks nor lays out anything.

mod reported;

pub use reported::{days, reports_beside};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::load::LoadedPlan;
use crate::load::printable::cleaned;
use crate::plan::{Bullet, Duty, Every, Item, Located, Report, Section, TaskEntry, Weekday};
use crate::vietnamese::calendar::{PlanDate, display, parse_date, parse_plan_date, parse_time};
use crate::vietnamese::deadline::{Deadline, Open, parse_deadline};

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Event,
    Deadline,
    Report,
}

/// One dated item of a plan.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// The day; none for a deadline with no day ("Thường xuyên", "Theo yêu cầu").
    #[serde(serialize_with = "iso")]
    pub date: Option<NaiveDate>,
    /// A deadline as the plan writes it, when it is not a day ("Quý IV/2023", "Hằng tháng").
    pub written: Option<String>,
    /// "07:30", for an event or a report due before a time.
    pub time: Option<String>,
    pub kind: EntryKind,
    /// What is due or happens.
    pub summary: String,
    /// Who it is for, when a duty says.
    pub unit: Option<String>,
    /// The plan it comes from (its file) and the line.
    pub plan: String,
    pub line: usize,
    /// For a recurring report: "FREQ=WEEKLY;BYDAY=FR;UNTIL=20230930".
    pub rrule: Option<String>,
    /// The plan's subject, for the calendar's description.
    pub subject: String,
    /// For a report due: the days of it that a report beside the plan (`kind: bao-cao`, on
    /// this plan, with that `as_of`) has done.
    #[serde(serialize_with = "iso_days")]
    pub reported: Vec<NaiveDate>,
}

impl Entry {
    /// Sorts by day, the items with no day ("Thường xuyên") last.
    pub fn day_order(&self) -> (bool, Option<NaiveDate>) {
        (self.date.is_none(), self.date)
    }
}

fn iso_days<S: serde::Serializer>(d: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(d.iter().map(|d| d.format("%Y-%m-%d").to_string()))
}

fn iso<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// Collects a plan's entries.
struct Collector<'a> {
    loaded: &'a LoadedPlan,
    period: (Option<NaiveDate>, Option<NaiveDate>),
    out: Vec<Entry>,
}

fn short(text: &str) -> String {
    let plain = crate::enrich::inline::plain(&crate::enrich::inline::parse(text));
    let mut s: String = plain.chars().take(120).collect();
    if plain.chars().count() > 120 {
        s.push('…');
    }
    s
}

impl Collector<'_> {
    fn push(
        &mut self,
        date: Option<NaiveDate>,
        kind: EntryKind,
        summary: &str,
        at: &serde_saphyr::Location,
    ) {
        let line = self
            .loaded
            .file
            .position(self.loaded.file.span_of(at).start)
            .line;
        self.out.push(Entry {
            date,
            written: None,
            time: None,
            kind,
            summary: short(summary),
            unit: None,
            plan: self.loaded.file.name(),
            line,
            rrule: None,
            subject: short(&self.loaded.plan.subject.value),
            reported: Vec::new(),
        });
    }

    /// A date field's deadline (an appendix's).
    fn deadline(&mut self, d: &Option<Located<String>>, summary: &str, unit: Option<&str>) {
        if let Some(d) = d
            && let Ok(date) = parse_date(d)
        {
            self.push(Some(date), EntryKind::Deadline, summary, &d.at);
            self.out.last_mut().expect("just pushed").unit = unit.map(str::to_owned);
        }
    }

    /// A unit's or a task's deadline in any form: a closed one on the day it falls due, a
    /// recurring one ("Hằng tháng") as a series, an open one ("Thường xuyên") with no day.
    fn written_deadline(&mut self, d: &Option<Located<String>>, summary: &str, unit: Option<&str>) {
        let Some(d) = d else { return };
        let Ok(form) = parse_deadline(d) else { return };
        let (date, rrule) = match form {
            Deadline::Open(open) => match open.rrule() {
                Some(rule) => match self.series_start(open) {
                    Some(first) => (Some(first), Some(self.until(rule))),
                    None => return,
                },
                None => (None, None),
            },
            closed => (closed.due(), None),
        };
        self.push(date, EntryKind::Deadline, summary, &d.at);
        let e = self.out.last_mut().expect("just pushed");
        e.unit = unit.map(str::to_owned);
        e.rrule = rrule;
        if !form.names_a_day() {
            e.written = Some(form.shown());
        }
    }

    /// Where a recurring item starts: the period's start, or the plan's date.
    fn start(&self) -> Option<NaiveDate> {
        self.period.0.or_else(|| {
            parse_plan_date(&self.loaded.plan.date)
                .ok()
                .map(PlanDate::earliest)
        })
    }

    /// The first last-day-of-a-month (of a quarter, of a year) on or after the start, and not
    /// after the period's end.
    fn series_start(&self, open: Open) -> Option<NaiveDate> {
        let start = self.start()?;
        let first = start.iter_days().take(366 * 2).find(|d| {
            let last_of_month = d.succ_opt().is_some_and(|n| n.month() != d.month());
            last_of_month
                && match open {
                    Open::Quarterly => d.month() % 3 == 0,
                    Open::Yearly => d.month() == 12,
                    _ => true,
                }
        })?;
        self.period
            .1
            .is_none_or(|end| first <= end)
            .then_some(first)
    }

    /// `rule`, ending with the period.
    fn until(&self, rule: &str) -> String {
        match self.period.1 {
            Some(end) => format!("{rule};UNTIL={}", end.format("%Y%m%d")),
            None => rule.to_owned(),
        }
    }

    fn section(&mut self, s: &Section) {
        self.items(&s.items);
        self.bullets(&s.bullets, None);
        s.duties.iter().for_each(|d| self.duty(d));
        self.tasks(&s.task_table);
        s.reporting.iter().for_each(|r| self.report(r));
    }

    fn items(&mut self, items: &[Located<Item>]) {
        for item in items {
            let Item::Full(b) = &item.value else { continue };
            let what = b
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .or_else(|| {
                    b.text
                        .as_ref()
                        .and_then(|t| t.paragraphs().first().map(|p| p.value.to_owned()))
                })
                .unwrap_or_default();
            if let Some(at) = &b.at
                && let Ok(date) = parse_date(&at.date)
            {
                self.push(Some(date), EntryKind::Event, &what, &at.date.at);
                let e = self.out.last_mut().expect("just pushed");
                e.time = at
                    .time
                    .as_ref()
                    .and_then(|t| parse_time(t).ok())
                    .map(|(h, m)| format!("{h:02}:{m:02}"));
            }
            self.written_deadline(&b.deadline, &what, None);
            self.items(&b.items);
            self.bullets(&b.bullets, None);
            b.duties.iter().for_each(|d| self.duty(d));
            self.tasks(&b.task_table);
            b.reporting.iter().for_each(|r| self.report(r));
        }
    }

    fn bullets(&mut self, bullets: &[Located<Bullet>], unit: Option<&str>) {
        for b in bullets {
            if let Bullet::Full(body) = &b.value {
                self.written_deadline(&body.deadline, &body.text.value, unit);
                self.bullets(&body.bullets, unit);
            }
        }
    }

    /// A task table's deadlines, each with its lead unit.
    fn tasks(&mut self, table: &[Located<TaskEntry>]) {
        for t in table {
            let t = &t.value;
            if let Some(task) = &t.task {
                let lead = t.lead.as_ref().map(|l| l.value.as_str());
                self.written_deadline(&t.deadline, &task.value, lead);
            }
            self.tasks(&t.tasks);
        }
    }

    fn duty(&mut self, d: &Duty) {
        let unit = d.unit.value.trim_end_matches(':').trim();
        let what = d
            .text
            .as_ref()
            .and_then(|t| t.paragraphs().first().map(|p| p.value.to_owned()))
            .unwrap_or_else(|| unit.to_owned());
        self.written_deadline(&d.deadline, &what, Some(unit));
        self.bullets(&d.tasks, Some(unit));
    }

    fn report(&mut self, r: &Report) {
        if let Some(due) = &r.due
            && let Ok(date) = parse_date(due)
        {
            self.push(Some(date), EntryKind::Report, &r.what.value, &due.at);
            self.out.last_mut().expect("just pushed").unit = r.to.as_ref().map(|t| t.value.clone());
            return;
        }
        let Some(every) = &r.every else { return };
        let Some(start) = self.start() else {
            return;
        };
        let weekday = r.weekday.as_ref().map_or(Weekday::Monday, |w| w.value);
        let month_day = r.day.as_ref().map_or(1, |d| d.value.clamp(1, 31)) as u32;
        let mut rule = match every.value {
            Every::Day => "FREQ=DAILY".to_owned(),
            Every::Week => format!("FREQ=WEEKLY;BYDAY={}", byday(weekday)),
            Every::Month => format!("FREQ=MONTHLY;BYMONTHDAY={month_day}"),
        };
        if let Some(end) = self.period.1 {
            let _ = write!(rule, ";UNTIL={}", end.format("%Y%m%d"));
        }
        // The series starts on its first occurrence: a DTSTART off the rule is one more
        // meeting in most calendars (RFC 5545 leaves it undefined).
        let Some(first) = first_occurrence(start, every.value, weekday, month_day) else {
            return;
        };
        if self.period.1.is_some_and(|end| first > end) {
            return;
        }
        self.push(Some(first), EntryKind::Report, &r.what.value, &every.at);
        let e = self.out.last_mut().expect("just pushed");
        e.rrule = Some(rule);
        e.unit = r.to.as_ref().map(|t| t.value.clone());
        e.time = r
            .before
            .as_ref()
            .and_then(|t| parse_time(t).ok())
            .map(|(h, m)| format!("{h:02}:{m:02}"));
    }
}

/// The first day on or after `start` that a rule gives: the weekday of a weekly report, the day
/// of the month of a monthly one (months without that day are skipped, as RFC 5545 does).
fn first_occurrence(
    start: NaiveDate,
    every: Every,
    weekday: Weekday,
    day: u32,
) -> Option<NaiveDate> {
    start.iter_days().take(366 * 4).find(|d| match every {
        Every::Day => true,
        Every::Week => d.weekday() == weekday.chrono(),
        Every::Month => d.day() == day,
    })
}

fn byday(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

/// Every dated item of a plan, with the deadlines its text names.
pub fn entries(loaded: &LoadedPlan) -> Vec<Entry> {
    let plan = &loaded.plan;
    let period = match &plan.period {
        Some(p) => (parse_date(&p.start).ok(), parse_date(&p.end).ok()),
        None => (None, None),
    };
    let mut c = Collector {
        loaded,
        period,
        out: Vec::new(),
    };
    plan.all_sections().for_each(|s| c.section(s));
    c.items(&plan.items);
    for a in &plan.appendices {
        c.deadline(&a.deadline, &a.title.value, None);
        c.tasks(&a.task_table);
    }
    // Deadlines written in the text ("hoàn thành trước ngày 30/6/2023").
    let year = parse_plan_date(&plan.date).ok().map(PlanDate::year);
    let fields = crate::check::prose_deadlines(loaded, year);
    for (date, text, at) in fields {
        c.push(Some(date), EntryKind::Deadline, &text, &at);
    }
    c.out.sort_by(|a, b| {
        (a.day_order(), &a.time, a.kind, &a.summary).cmp(&(
            b.day_order(),
            &b.time,
            b.kind,
            &b.summary,
        ))
    });
    c.out
        .dedup_by(|a, b| a.date == b.date && a.kind == b.kind && a.summary == b.summary);
    let done = reports_beside(loaded);
    for e in c.out.iter_mut().filter(|e| e.kind == EntryKind::Report) {
        e.reported = days(e).into_iter().filter(|d| done.contains(d)).collect();
    }
    c.out
}

/// A UID from what the entry is, not where it is in the file: editing elsewhere in the plan, or
/// moving its date, keeps it, so a calendar updates the event instead of adding another.
pub fn uid(e: &Entry) -> String {
    let kind = format!("{:?}", e.kind);
    let h = crate::manifest::hash(&[
        e.plan.as_bytes(),
        kind.as_bytes(),
        e.unit.as_deref().unwrap_or_default().as_bytes(),
        e.summary.as_bytes(),
    ]);
    format!("{}@kehoach", &h[..32])
}

/// Escapes a text value (RFC 5545, 3.3.11), with no control character left in it (a bare
/// CR would start a property of its own in some readers).
fn ics_text(s: &str) -> String {
    cleaned(s)
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545, 3.1), never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The entries as an iCalendar file. `stamp` (the newest plan's date) is every event's
/// DTSTAMP, so the same plans give the same bytes.
pub fn ics(entries: &[Entry], stamp: NaiveDate) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kehoach//agenda//VI",
        "CALSCALE:GREGORIAN",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Ho_Chi_Minh",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:ICT",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        fold(l, &mut out);
    }
    // An item with no day ("Thường xuyên") has no place in a calendar.
    for (e, date) in entries.iter().filter_map(|e| e.date.map(|d| (e, d))) {
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}", uid(e)), &mut out);
        fold(
            &format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")),
            &mut out,
        );
        match &e.time {
            Some(t) => fold(
                &format!(
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:{}T{}00",
                    date.format("%Y%m%d"),
                    t.replace(':', "")
                ),
                &mut out,
            ),
            None => fold(
                &format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")),
                &mut out,
            ),
        }
        if let Some(rule) = &e.rrule {
            fold(&format!("RRULE:{rule}"), &mut out);
        }
        let prefix = match e.kind {
            EntryKind::Event => "",
            EntryKind::Deadline => "Hạn: ",
            EntryKind::Report => "Báo cáo: ",
        };
        let unit = e
            .unit
            .as_ref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default();
        fold(
            &format!(
                "SUMMARY:{}",
                ics_text(&format!("{prefix}{}{unit}", e.summary))
            ),
            &mut out,
        );
        let description = format!("{} — {}:{}", e.subject, e.plan, e.line);
        fold(&format!("DESCRIPTION:{}", ics_text(&description)), &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

/// The entries as a plain table: date, time, kind, unit, what, where; control characters
/// shown as "�", never sent to the terminal.
pub fn table(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        let kind = match e.kind {
            EntryKind::Event => "sự kiện",
            EntryKind::Deadline => "thời hạn",
            EntryKind::Report => "báo cáo",
        };
        let date = e.date.map_or_else(|| "—".to_owned(), display);
        let written = e
            .written
            .as_ref()
            .map(|w| format!(" — {w}"))
            .unwrap_or_default();
        let reported = match e.reported.as_slice() {
            [] => String::new(),
            days => format!(
                " (đã báo cáo: {})",
                days.iter()
                    .map(|d| display(*d))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let _ = writeln!(
            out,
            "{:10}  {:5}  {:8}  {}{}{written}{}{reported}  ({}:{})",
            date,
            e.time.as_deref().unwrap_or(""),
            kind,
            e.unit
                .as_ref()
                .map(|u| format!("{u}: "))
                .unwrap_or_default(),
            e.summary,
            e.rrule
                .as_ref()
                .map(|r| format!(" [{r}]"))
                .unwrap_or_default(),
            e.plan,
            e.line
        );
    }
    cleaned(&out).into_owned()
}

/// The latest of the plans' dates: the DTSTAMP of a deterministic calendar.
pub fn stamp(plans: &[LoadedPlan]) -> NaiveDate {
    plans
        .iter()
        .filter_map(|l| parse_plan_date(&l.plan.date).ok().map(PlanDate::earliest))
        .max()
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real day"))
}

/// Keeps the entries that fall (or, for a recurring one, may fall) between `from` and `to`.
pub fn within(entries: &mut Vec<Entry>, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    entries.retain(|e| {
        let until = e
            .rrule
            .as_ref()
            .and_then(|r| r.split("UNTIL=").nth(1))
            .and_then(|u| NaiveDate::parse_from_str(u, "%Y%m%d").ok());
        let last = if e.rrule.is_some() { until } else { e.date };
        let Some(date) = e.date else {
            // Due throughout ("Thường xuyên"): in any window.
            return true;
        };
        to.is_none_or(|t| date <= t) && from.is_none_or(|f| last.is_none_or(|l| l >= f))
    });
}
