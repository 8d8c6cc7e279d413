//! The deadline rules: every deadline found (in a field, in any of the forms offices write, or
//! in prose) is held to the plan's date, the period's end and the days off; task table rows
//! are told when they are neither a task nor a group.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{Checker, holiday};
use crate::diagnostic::Code;
use crate::msg;
use crate::plan::{Located, Text};
use crate::source::Span;
use crate::vietnamese::calendar::{PlanDate, display};
use crate::vietnamese::deadline::{DeadlineError, FORMS, parse_deadline};

/// A deadline found in a field or in prose.
pub(super) struct Deadline {
    /// The day it falls due.
    date: NaiveDate,
    span: Span,
    /// Whether the end of the plan's period bounds it (not so for a one-off report).
    within_period: bool,
    /// How messages name it: the day, or the form with its day ("Quý IV/2023 (31/12/2023)").
    shown: String,
    /// Whether the writer named the day (a Sunday is then the writer's choice, told).
    names_a_day: bool,
}

impl Checker<'_> {
    pub(super) fn deadline(&mut self, date: NaiveDate, span: Span, within_period: bool) {
        self.deadlines.push(Deadline {
            date,
            span,
            within_period,
            shown: display(date),
            names_a_day: true,
        });
    }

    /// A row of a task table is a task or a group of them, one level deep.
    pub(super) fn task_entry(&mut self, entry: &Located<crate::plan::TaskEntry>, in_group: bool) {
        let t = &entry.value;
        let span = self.file.span_of(&entry.at);
        let problem = match (&t.task, &t.group) {
            (None, None) => Some((
                Code::MissingField,
                msg!(
                    "dòng của bảng nhiệm vụ cần `task` (một nhiệm vụ) hoặc `group` (một nhóm)",
                    "a task table row needs `task` (a task) or `group` (a group)"
                ),
            )),
            (Some(_), Some(_)) => Some((
                Code::BadValue,
                msg!(
                    "một dòng có cả `task` và `group`",
                    "a row has both `task` and `group`"
                ),
            )),
            (None, Some(_)) if in_group => Some((
                Code::BadValue,
                msg!(
                    "nhóm nằm trong một nhóm khác: bảng nhiệm vụ chỉ có một cấp nhóm",
                    "a group inside a group: a task table has one level of groups"
                ),
            )),
            (Some(_), None) if !t.tasks.is_empty() => Some((
                Code::BadValue,
                msg!(
                    "`tasks` chỉ dùng trong một nhóm (`group`)",
                    "`tasks` belongs to a group (`group`)"
                ),
            )),
            _ => None,
        };
        if let Some((code, m)) = problem {
            self.push(code, span, m).help = Some(msg!(
                "ghi `- {{ task: …, lead: …, deadline: … }}`, hoặc `- {{ group: …, tasks: [ … ] }}`",
                "write `- {{ task: …, lead: …, deadline: … }}`, or `- {{ group: …, tasks: [ … ] }}`"
            ));
        }
    }

    /// A unit's or a task's deadline in any of the forms offices write.
    pub(super) fn deadline_field(&mut self, text: &Text) {
        let span = self.file.span_of(&text.at);
        let value = text.value.trim().to_owned();
        match parse_deadline(&value) {
            Ok(form) => {
                if let Some(due) = form.due() {
                    let shown = if form.names_a_day() {
                        display(due)
                    } else {
                        format!("{} ({})", form.shown(), display(due))
                    };
                    self.deadlines.push(Deadline {
                        date: due,
                        span,
                        within_period: true,
                        shown,
                        names_a_day: form.names_a_day(),
                    });
                }
            }
            Err(DeadlineError::Format) => {
                self.push(
                    Code::DateFormat,
                    span,
                    msg!(
                        "`{value}` không phải một thời hạn",
                        "`{value}` is not a deadline"
                    ),
                )
                .help = Some(msg!(
                    "ghi thời hạn theo một trong các dạng {FORMS}",
                    "write the deadline in one of the forms {FORMS}"
                ));
            }
            Err(DeadlineError::NotOnCalendar(why)) => {
                self.not_on_calendar(span, &value, &why, &value)
            }
        }
    }

    pub(super) fn deadline_rules(
        &mut self,
        plan_date: Option<PlanDate>,
        period_end: Option<NaiveDate>,
    ) {
        for dl in std::mem::take(&mut self.deadlines) {
            if let Some(p) = plan_date {
                self.not_before_plan_date(&dl, p);
            }
            if let Some(end) = period_end.filter(|_| dl.within_period) {
                self.not_after_period(&dl, end);
            }
            if dl.names_a_day {
                self.not_on_a_day_off(&dl);
            }
        }
    }

    /// A deadline before the plan's date (for a draft, its month) is an error.
    fn not_before_plan_date(&mut self, dl: &Deadline, p: PlanDate) {
        let (d, span, shown) = (dl.date, dl.span, dl.shown.clone());
        if d < p.earliest() {
            let pd = match p {
                PlanDate::Day(x) => display(x),
                PlanDate::Month { year, month } => format!("{month}/{year}"),
            };
            self.push(
                Code::DeadlineBeforePlanDate,
                span,
                msg!(
                    "thời hạn {} sớm hơn ngày ban hành kế hoạch ({})",
                    "the deadline {} is before the plan's date ({})",
                    shown.clone(),
                    pd.clone()
                ),
            )
            .help = Some(msg!(
                "ghi một ngày từ {pd} trở đi",
                "write a date on or after {pd}"
            ));
        }
    }

    /// A deadline after the period's end is a warning.
    fn not_after_period(&mut self, dl: &Deadline, end: NaiveDate) {
        let (d, span, shown) = (dl.date, dl.span, dl.shown.clone());
        if d > end {
            let e = display(end);
            self.push(
                Code::DeadlineAfterPeriod,
                span,
                msg!(
                    "thời hạn {} sau ngày kết thúc thời gian thực hiện ({})",
                    "the deadline {} is after the period ends ({})",
                    shown.clone(),
                    e.clone()
                ),
            )
            .help = Some(msg!(
                "ghi một ngày đến {e}, hoặc sửa `period.end`",
                "write a date up to {e}, or change `period.end`"
            ));
        }
    }

    /// A deadline on a public holiday or a Sunday is a warning.
    fn not_on_a_day_off(&mut self, dl: &Deadline) {
        let (d, span, shown) = (dl.date, dl.span, dl.shown.clone());
        if let Some(name) = holiday(d) {
            self.push(
                Code::DeadlineOnHoliday,
                span,
                msg!(
                    "thời hạn {} rơi vào ngày nghỉ: {}",
                    "the deadline {} falls on a public holiday: {}",
                    shown,
                    name.to_owned()
                ),
            )
            .help = Some(allow_hint(Code::DeadlineOnHoliday));
        } else if d.weekday() == Weekday::Sun {
            let (sat, mon) = (
                display(d - Duration::days(1)),
                display(d + Duration::days(1)),
            );
            self.push(
                Code::DeadlineOnSunday,
                span,
                msg!(
                    "thời hạn {} rơi vào Chủ nhật",
                    "the deadline {} falls on a Sunday",
                    shown
                ),
            )
            .help = Some(msg!(
                "ghi {sat} (Thứ Bảy) hoặc {mon} (Thứ Hai), hoặc thêm `deadline-on-sunday` vào `allow:` nếu đúng ý",
                "write {sat} (Saturday) or {mon} (Monday), or add `deadline-on-sunday` to `allow:` if it is meant"
            ));
        }
    }
}

fn allow_hint(code: Code) -> crate::lang::Message {
    let c = code.as_str();
    msg!(
        "chọn ngày làm việc khác, hoặc thêm `{c}` vào `allow:` nếu đúng ý",
        "pick a working day, or add `{c}` to `allow:` if it is meant"
    )
}
