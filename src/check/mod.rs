//! Check: every problem in a loaded plan, each with its code, severity and position, in one
//! run. It reads the plan and reports; it never changes it and never formats a page.
//!
//! The rules: dates in date fields and in prose exist on the calendar; a weekday written
//! beside a date is that date's; clock times exist; deadlines fall between the plan's date and
//! the end of its period and not on a Sunday or public holiday; a period does not end before
//! it starts; a legal reference's number agrees with its date's year; appendix tables can be
//! computed from their data ([`crate::appendix`] reports what stops them). Warnings a plan accepts
//! are listed in its `allow:`.

mod deadlines;
mod holidays;
pub mod prose;
mod signer;
pub mod walk;

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::lang::closest;
use crate::load::LoadedPlan;
use crate::load::node::{self, Node};
use crate::msg;
use crate::plan::{Located, Text};
use crate::source::{SourceFile, Span};
use crate::vietnamese::calendar::{
    DateError, PlanDate, days_in_month, display, parse_date, parse_plan_date, parse_time,
    weekday_name, weekday_name_en,
};
use deadlines::Deadline;
use prose::Found;
use walk::{DateRole, Field};

pub use holidays::holiday;

/// Every problem the rules find in `loaded` (with what loading found that did not stop it),
/// in no particular order; [`finish`] sorts them and drops the warnings the plan allows.
pub fn check(loaded: &LoadedPlan) -> Vec<Diagnostic> {
    let mut out = loaded.problems.clone();
    out.extend(check_text_and_dates(loaded));
    out
}

/// Compiles now what the rules would compile for the first plan (the patterns of dates,
/// times and deadlines), so another thread can do it while a plan is read.
pub fn prepare() {
    prose::prepare();
    crate::vietnamese::deadline::prepare();
}

/// The last step over all of a plan's problems (the rules' and the tables'): warnings the plan
/// allows dropped, unknown `allow:` entries reported, everything sorted by place.
pub fn finish(loaded: &LoadedPlan, out: &mut Vec<Diagnostic>) {
    apply_allow(&loaded.file, &loaded.plan.allow, out);
    crate::diagnostic::sort(out);
}

/// The rules on text and dates, without computing the appendices.
fn check_text_and_dates(loaded: &LoadedPlan) -> Vec<Diagnostic> {
    let mut c = Checker {
        file: &loaded.file,
        out: Vec::new(),
        deadlines: Vec::new(),
    };
    let plan = &loaded.plan;
    let plan_date = c.plan_date(&plan.date);
    let year = plan_date.map(PlanDate::year);
    let mut period = (None, None);

    for field in walk::fields(plan) {
        match field {
            Field::Date(text, role) => {
                let date = c.date_field(text);
                match (role, date) {
                    (DateRole::PeriodStart, Some(d)) => period.0 = Some((d, text)),
                    (DateRole::PeriodEnd, Some(d)) => period.1 = Some((d, text)),
                    (DateRole::Deadline, Some(d)) => c.deadline(d, c.file.span_of(&text.at), true),
                    (DateRole::ReportDue, Some(d)) => {
                        c.deadline(d, c.file.span_of(&text.at), false)
                    }
                    _ => {}
                }
            }
            Field::Deadline(text) => c.deadline_field(text),
            Field::Task(entry, in_group) => c.task_entry(entry, in_group),
            Field::Time(text) => c.time_field(text),
            Field::Prose(text) => c.prose(&text, year),
        }
    }

    if let (Some((start, _)), Some((end, end_text))) = (period.0, period.1)
        && end < start
    {
        c.push(
            Code::PeriodReversed,
            c.file.span_of(&end_text.at),
            msg!(
                "thời gian thực hiện kết thúc ngày {} trước khi bắt đầu ngày {}",
                "the period ends on {} before it starts on {}",
                display(end),
                display(start)
            ),
        );
    }
    if let (Some(part), false) = (plan.parts.first(), plan.sections.is_empty()) {
        c.push(
            Code::BadValue,
            c.file.span_of(&part.at),
            msg!(
                "kế hoạch có cả `parts` và `sections`",
                "the plan has both `parts` and `sections`"
            ),
        )
        .help = Some(msg!(
            "đưa các mục vào `sections` của từng phần",
            "move the sections into the `sections` of a part"
        ));
    }
    c.deadline_rules(plan_date, period.1.map(|(d, _)| d));
    signer::check(&c.file.clone(), plan, &mut c.out);
    c.out
}

struct Checker<'a> {
    file: &'a Arc<SourceFile>,
    out: Vec<Diagnostic>,
    deadlines: Vec<Deadline>,
}

impl Checker<'_> {
    fn push(&mut self, code: Code, span: Span, m: crate::lang::Message) -> &mut Diagnostic {
        self.out.push(Diagnostic::new(code, self.file, span, m));
        self.out.last_mut().unwrap()
    }

    fn plan_date(&mut self, text: &Text) -> Option<PlanDate> {
        match parse_plan_date(&text.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.date_error(text, e, true);
                None
            }
        }
    }

    fn date_field(&mut self, text: &Text) -> Option<NaiveDate> {
        match parse_date(&text.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.date_error(text, e, false);
                None
            }
        }
    }

    fn date_error(&mut self, text: &Text, e: DateError, month_allowed: bool) {
        let span = self.file.span_of(&text.at);
        let value = text.value.trim().to_owned();
        match e {
            DateError::Format => {
                let forms = if month_allowed {
                    "27/6/2023, 27/06/2023, 2023-06-27 (dự thảo: 6/2023)"
                } else {
                    "27/6/2023, 27/06/2023, 2023-06-27"
                };
                let forms_en = forms.replace("dự thảo", "draft");
                self.push(
                    Code::DateFormat,
                    span,
                    msg!("`{}` không phải một ngày", "`{}` is not a date", value),
                )
                .help = Some(msg!(
                    "ghi ngày theo một trong các dạng {forms}",
                    "write the date as one of {forms_en}"
                ));
            }
            DateError::NotOnCalendar(why) => self.not_on_calendar(span, &value, &why, &value),
        }
    }

    fn not_on_calendar(&mut self, span: Span, shown: &str, why: &crate::lang::Message, raw: &str) {
        let d = self.push(
            Code::DateNotOnCalendar,
            span,
            msg!(
                "ngày {} không có trên lịch: {}",
                "{} is not on the calendar: {}",
                shown.to_owned(),
                String::new()
            ),
        );
        d.message.vi.push_str(&why.vi);
        d.message.en.push_str(&why.en);
        d.help = last_day_hint(raw);
    }

    fn time_field(&mut self, text: &Text) {
        let span = self.file.span_of(&text.at);
        let value = text.value.trim().to_owned();
        let m = match parse_time(&value) {
            Ok(_) => return,
            Err(Some(why)) => crate::lang::Message::new(
                format!("giờ `{value}` không tồn tại: {}", why.vi),
                format!("`{value}` is not a time of day: {}", why.en),
            ),
            Err(None) => msg!(
                "`{value}` không phải một giờ",
                "`{value}` is not a time of day"
            ),
        };
        self.out.push(
            Diagnostic::new(Code::TimeNotOnClock, self.file, span, m).with_help(msg!(
                "ghi giờ từ 00:00 đến 23:59, ví dụ \"07:30\"",
                "write a time from 00:00 to 23:59, e.g. \"07:30\""
            )),
        );
    }

    fn prose(&mut self, text: &Located<&str>, year: Option<i32>) {
        let map = self.file.value_map(self.file.span_of(&text.at), text.value);
        for f in prose::scan(text.value, year) {
            let span = map.span(f.range.clone());
            let shown = text.value[f.range.clone()].to_owned();
            match f.what {
                Found::Date {
                    date: Ok(d),
                    deadline,
                } => {
                    if deadline {
                        self.deadline(d, span, true);
                    }
                }
                Found::Date { date: Err(why), .. } => {
                    let raw = normalise_date_text(&shown, year);
                    self.not_on_calendar(span, &shown, &why, &raw)
                }
                Found::WeekdayMismatch { written, date } => self.weekday(span, &written, date),
                Found::BadTime(why) => {
                    let d = self.push(
                        Code::TimeNotOnClock,
                        span,
                        msg!(
                            "giờ `{}` không tồn tại: ",
                            "`{}` is not a time of day: ",
                            shown
                        ),
                    );
                    d.message.vi.push_str(&why.vi);
                    d.message.en.push_str(&why.en);
                }
                Found::RangeReversed { start, end } => {
                    let (s, e) = (display(start), display(end));
                    self.push(
                        Code::RangeReversed,
                        span,
                        msg!(
                            "khoảng thời gian kết thúc ngày {e} trước khi bắt đầu ngày {s}",
                            "the range ends on {e} before it starts on {s}"
                        ),
                    )
                    .help = Some(msg!(
                        "ghi ngày bắt đầu trước, ngày kết thúc sau",
                        "write the start first and the end after it"
                    ));
                }
                Found::LegalRefYear { number_year, date } => {
                    self.legal_ref(span, &shown, number_year, date)
                }
                Found::YearSplit { written, mended } => {
                    self.push(
                        Code::YearSplit,
                        span,
                        msg!(
                            "năm viết tách: `{written}`",
                            "the year is split by a space: `{written}`"
                        ),
                    )
                    .help = Some(msg!("viết liền: `{mended}`", "write it whole: `{mended}`"));
                }
            }
        }
    }

    /// A weekday written beside `date` that is another day's.
    fn weekday(&mut self, span: Span, written: &str, date: NaiveDate) {
        let actual = weekday_name(date.weekday());
        self.push(
            Code::WeekdayMismatch,
            span,
            crate::lang::Message::new(
                format!("ngày {} là {actual}, không phải {written}", display(date)),
                format!(
                    "{} is a {} ({actual}), not {written}",
                    display(date),
                    weekday_name_en(date.weekday())
                ),
            ),
        )
        .help = Some(msg!("ghi \"{actual}\"", "write \"{actual}\""));
    }

    /// A legal reference whose number's year is not its date's.
    fn legal_ref(&mut self, span: Span, shown: &str, number_year: i32, date: NaiveDate) {
        self.push(
            Code::LegalRefYear,
            span,
            msg!(
                "số hiệu `{}` mang năm {} nhưng văn bản ghi ngày {}",
                "`{}` carries the year {} but is dated {}",
                shown,
                number_year.to_string(),
                display(date)
            ),
        )
        .help = Some(msg!(
            "đối chiếu lại năm trong số hiệu và ngày ban hành của văn bản được dẫn",
            "check the year in the number against the referenced document's date"
        ));
    }
}

/// "31 tháng 6 năm 2023" → "31/6/2023", so the hint can name the month's last day.
fn normalise_date_text(shown: &str, year: Option<i32>) -> String {
    let nums: Vec<&str> = shown
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match (nums.as_slice(), year) {
        ([d, m, y], _) => format!("{d}/{m}/{y}"),
        ([d, m], Some(y)) => format!("{d}/{m}/{y}"),
        _ => shown.to_owned(),
    }
}

/// "Tháng 6/2023 kết thúc ngày 30/6/2023" for a day past the end of its month.
fn last_day_hint(raw: &str) -> Option<crate::lang::Message> {
    let nums: Vec<u32> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    let (m, y) = match nums[..] {
        [y, m, _] if y > 31 => (m, y as i32),
        [_, m, y] => (m, y as i32),
        _ => return None,
    };
    if !(1..=12).contains(&m) {
        return Some(msg!("ghi tháng từ 1 đến 12", "write a month from 1 to 12"));
    }
    let last = NaiveDate::from_ymd_opt(y, m, days_in_month(y, m)).map(display)?;
    Some(msg!(
        "tháng {m}/{y} kết thúc ngày {last}",
        "month {m}/{y} ends on {last}"
    ))
}

/// Drops the warnings a plan lists in `allow:`; reports entries that name no warning.
fn apply_allow(file: &Arc<SourceFile>, allow: &[Text], out: &mut Vec<Diagnostic>) {
    let warnings: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Warning)
        .map(|c| c.as_str())
        .collect();
    let mut allowed = Vec::new();
    for a in allow {
        match Code::from_name(&a.value) {
            Some(code) if code.severity() == Severity::Warning => allowed.push(code),
            _ => {
                let v = a.value.clone();
                let list = warnings.join(", ");
                let m = match closest(&v, &warnings) {
                    Some(s) => msg!(
                        "`{v}` không phải mã cảnh báo; có phải `{s}`?",
                        "`{v}` is not a warning code; did you mean `{s}`?"
                    ),
                    None => msg!(
                        "`{v}` không phải mã cảnh báo (chỉ bỏ qua được cảnh báo, không bỏ qua lỗi)",
                        "`{v}` is not a warning code (only warnings can be allowed, not errors)"
                    ),
                };
                out.push(
                    Diagnostic::new(Code::BadValue, file, file.span_of(&a.at), m)
                        .with_help(msg!("các mã cảnh báo: {list}", "warning codes: {list}")),
                );
            }
        }
    }
    out.retain(|d| !(d.severity == Severity::Warning && allowed.contains(&d.code)));
}

/// The deadlines written in a plan's text ("hoàn thành trước ngày 30/6/2023"): the date, the
/// paragraph that names it, and where that paragraph is. For the agenda; no rule is applied.
pub fn prose_deadlines(
    loaded: &LoadedPlan,
    year: Option<i32>,
) -> Vec<(NaiveDate, String, serde_saphyr::Location)> {
    let mut out = Vec::new();
    for field in walk::fields(&loaded.plan) {
        let Field::Prose(text) = field else { continue };
        for f in prose::scan(text.value, year) {
            if let Found::Date {
                date: Ok(d),
                deadline: true,
            } = f.what
            {
                out.push((d, text.value.to_owned(), text.at));
            }
        }
    }
    out
}

/// The checks that need only text, for a file whose shape is wrong (so the plan types could
/// not be read): every string in it is scanned as prose, and deadlines found in prose are held
/// against `date:` and `period.end:` where those can be read.
pub fn check_strings(file: &Arc<SourceFile>, root: &Located<Node>) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        out: Vec::new(),
        deadlines: Vec::new(),
    };
    let text_at = |pointer: &str| match node::find(root, pointer) {
        (
            Located {
                value: Node::Str(s),
                ..
            },
            Some(k),
        ) if pointer.ends_with(&k.value) => Some(s.clone()),
        _ => None,
    };
    let plan_date = text_at("/date").and_then(|s| parse_plan_date(&s).ok());
    let period_end = text_at("/period/end").and_then(|s| parse_date(&s).ok());
    let year = plan_date.map(PlanDate::year);
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.value {
            Node::Str(s) => c.prose(&Located::new(s.as_str(), n.at), year),
            Node::Seq(items) => stack.extend(items.iter().rev()),
            Node::Map(entries) => stack.extend(entries.iter().rev().map(|(_, v)| v)),
            _ => {}
        }
    }
    c.deadline_rules(plan_date, period_end);
    c.out
}
