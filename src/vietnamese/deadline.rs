//! Deadlines as offices write them: a day ("15/10/2023", "Trước ngày 15/10/2023"), a month
//! ("Tháng 9/2023"), a quarter ("Quý IV/2023"), a half-year ("6 tháng đầu năm 2024"), a year
//! ("Năm 2024"), a range ("Từ 01/7/2023 đến 30/9/2023"), or an open form ("Thường xuyên",
//! "Hằng tháng", "Theo yêu cầu"). Each closed form has the day it falls due; each form is
//! written back the one way ([`Deadline::shown`], [`Deadline::clause`]).
//!
//! Reading and writing only: which deadlines are late or fall on a Sunday is the checker's.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::calendar::{DateError, calendar_date, days_in_month, display, parse_date};
use crate::lang::Message;
use crate::msg;
use crate::pattern::Pattern;

/// A deadline as written, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// A day: "15/10/2023", "Trước ngày 15/10/2023".
    Day(NaiveDate),
    /// "Tháng 9/2023": due at the month's end.
    Month { year: i32, month: u32 },
    /// "Quý IV/2023": due at the quarter's last day.
    Quarter { year: i32, quarter: u32 },
    /// "6 tháng đầu năm 2024" (`first`), "6 tháng cuối năm 2024".
    Half { year: i32, first: bool },
    /// "Năm 2024": due on 31/12.
    Year(i32),
    /// "Từ 01/7/2023 đến 30/9/2023": due at its end.
    Range(NaiveDate, NaiveDate),
    /// "Thường xuyên", "Hằng tháng", …: no day it falls due.
    Open(Open),
}

/// The open forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    Always,
    Monthly,
    Quarterly,
    Yearly,
    AsProgress,
    OnRequest,
}

impl Open {
    const ALL: [(Open, &'static str); 6] = [
        (Open::Always, "Thường xuyên"),
        (Open::Monthly, "Hằng tháng"),
        (Open::Quarterly, "Hằng quý"),
        (Open::Yearly, "Hằng năm"),
        (Open::AsProgress, "Theo tiến độ"),
        (Open::OnRequest, "Theo yêu cầu"),
    ];

    pub fn name(self) -> &'static str {
        Open::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, n)| n)
    }

    /// The RFC 5545 rule of a recurring form, on the last day of each month, quarter or year.
    pub fn rrule(self) -> Option<&'static str> {
        match self {
            Open::Monthly => Some("FREQ=MONTHLY;BYMONTHDAY=-1"),
            Open::Quarterly => Some("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"),
            Open::Yearly => Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
            _ => None,
        }
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Deadline {
    /// The day it falls due, for a closed form.
    pub fn due(self) -> Option<NaiveDate> {
        let last = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, days_in_month(y, m));
        match self {
            Deadline::Day(d) | Deadline::Range(_, d) => Some(d),
            Deadline::Month { year, month } => last(year, month),
            Deadline::Quarter { year, quarter } => last(year, quarter * 3),
            Deadline::Half { year, first } => last(year, if first { 6 } else { 12 }),
            Deadline::Year(y) => last(y, 12),
            Deadline::Open(_) => None,
        }
    }

    /// Whether the writer named the day itself (a day, a range's end), rather than a month,
    /// quarter or year whose last day it falls on: only then is a Sunday the writer's choice.
    pub fn names_a_day(self) -> bool {
        matches!(self, Deadline::Day(_) | Deadline::Range(..))
    }

    /// The form written the one way, capitalised as a table cell: "15/10/2023",
    /// "Tháng 9/2023", "Quý IV/2023", "Thường xuyên".
    pub fn shown(self) -> String {
        match self {
            Deadline::Day(d) => display(d),
            Deadline::Month { year, month } => format!("Tháng {month}/{year}"),
            Deadline::Quarter { year, quarter } => {
                format!("Quý {}/{year}", ROMAN[quarter as usize - 1])
            }
            Deadline::Half { year, first } => {
                format!("6 tháng {} năm {year}", if first { "đầu" } else { "cuối" })
            }
            Deadline::Year(y) => format!("Năm {y}"),
            Deadline::Range(a, b) => format!("Từ {} đến {}", display(a), display(b)),
            Deadline::Open(o) => o.name().to_owned(),
        }
    }

    /// The deadline as the end of a sentence: "hoàn thành trước ngày 08/6/2023", "hoàn thành
    /// trong Quý IV/2023", "thực hiện thường xuyên". A quarter keeps its numeral on its line
    /// (a no-break space: "Quý / IV/2023" is not how it is read).
    pub fn clause(self) -> String {
        match self {
            Deadline::Quarter { year, quarter } => format!(
                "hoàn thành trong Quý\u{a0}{}/{year}",
                ROMAN[quarter as usize - 1]
            ),
            Deadline::Day(d) => format!("hoàn thành trước ngày {}", display(d)),
            Deadline::Month { year, month } => format!("hoàn thành trong tháng {month}/{year}"),
            Deadline::Half { .. } => format!("hoàn thành trong {}", self.shown()),
            Deadline::Year(y) => format!("hoàn thành trong năm {y}"),
            Deadline::Range(a, b) => {
                format!("thực hiện từ ngày {} đến ngày {}", display(a), display(b))
            }
            Deadline::Open(o) => format!("thực hiện {}", o.name().to_lowercase()),
        }
    }
}

/// Why a deadline cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeadlineError {
    /// None of the forms.
    Format,
    /// A form that names what does not exist ("Quý V/2023", "31/6/2023").
    NotOnCalendar(Message),
}

/// The forms, for a message.
pub const FORMS: &str = "15/10/2023, Trước ngày 15/10/2023, Tháng 9/2023, Quý IV/2023, 6 tháng đầu năm 2024, Năm 2024, Từ 01/7/2023 đến 30/9/2023, Thường xuyên, Hằng tháng, Hằng quý, Hằng năm, Theo tiến độ, Theo yêu cầu";

// ASCII digits, as `str::parse` reads them (see check::prose).
static MONTH: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_snippets(r"(?i)^tháng\s+([0-9]{1,2})\s*/\s*([0-9]{4})$"));
static QUARTER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_snippets(r"(?i)^quý\s+([IVX]+|[0-9]{1,2})\s*/\s*([0-9]{4})$"));
static HALF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(r"(?i)^(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s+([0-9]{4})$")
});
static YEAR: LazyLock<Pattern> = LazyLock::new(|| Pattern::for_snippets(r"(?i)^năm\s+([0-9]{4})$"));
static BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(r"(?i)^(?:hoàn thành\s+)?(?:trước|chậm nhất|đến hết)(?:\s+ngày)?\s+(.+)$")
});
static RANGE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(r"(?i)^từ(?:\s+ngày)?\s+(\S+)\s+đến(?:\s+hết)?(?:\s+ngày)?\s+(\S+)$")
});

/// Compiles the patterns now rather than for the first deadline.
pub fn prepare() {
    for pattern in [&MONTH, &QUARTER, &HALF, &YEAR, &BEFORE, &RANGE] {
        LazyLock::force(pattern);
    }
}

/// Reads a deadline in any of the forms ([`FORMS`]); case and spacing are free.
pub fn parse_deadline(text: &str) -> Result<Deadline, DeadlineError> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_end_matches('.');
    let lower = t.to_lowercase();
    let open = Open::ALL.iter().find(|(_, n)| {
        let n = n.to_lowercase();
        lower == n || lower == n.replace("hằng", "hàng")
    });
    if let Some((o, _)) = open {
        return Ok(Deadline::Open(*o));
    }
    let year = |s: &str| -> Result<i32, DeadlineError> {
        let y: i32 = s.parse().map_err(|_| DeadlineError::Format)?;
        calendar_date(y, 1, 1)
            .map(|_| y)
            .map_err(DeadlineError::NotOnCalendar)
    };
    let day = |s: &str| {
        parse_date(s).map_err(|e| match e {
            DateError::Format => DeadlineError::Format,
            DateError::NotOnCalendar(m) => DeadlineError::NotOnCalendar(m),
        })
    };
    if let Some(c) = MONTH.captures(t) {
        let (month, year) = (c[1].parse().unwrap_or(0), year(&c[2])?);
        calendar_date(year, month, 1).map_err(DeadlineError::NotOnCalendar)?;
        return Ok(Deadline::Month { year, month });
    }
    if let Some(c) = QUARTER.captures(t) {
        let written = c[1].to_uppercase();
        let quarter = ROMAN
            .iter()
            .position(|r| *r == written)
            .map(|i| i as u32 + 1)
            .or_else(|| written.parse().ok().filter(|q| (1..=4).contains(q)));
        let Some(quarter) = quarter else {
            return Err(DeadlineError::NotOnCalendar(msg!(
                "không có quý {written}: một năm có Quý I, II, III, IV",
                "there is no quarter {written}: a year has quarters I, II, III, IV"
            )));
        };
        return Ok(Deadline::Quarter {
            year: year(&c[2])?,
            quarter,
        });
    }
    if let Some(c) = HALF.captures(t) {
        return Ok(Deadline::Half {
            year: year(&c[2])?,
            first: c[1].to_lowercase() == "đầu",
        });
    }
    if let Some(c) = YEAR.captures(t) {
        return Ok(Deadline::Year(year(&c[1])?));
    }
    if let Some(c) = RANGE.captures(t) {
        let (a, b) = (day(&c[1])?, day(&c[2])?);
        if b < a {
            return Err(DeadlineError::NotOnCalendar(msg!(
                "khoảng thời gian kết thúc ngày {} trước khi bắt đầu ngày {}",
                "the range ends on {} before it starts on {}",
                display(b),
                display(a)
            )));
        }
        return Ok(Deadline::Range(a, b));
    }
    if let Some(c) = BEFORE.captures(t) {
        return day(&c[1]).map(Deadline::Day);
    }
    day(t).map(Deadline::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(text: &str) -> Option<String> {
        parse_deadline(text).unwrap().due().map(display)
    }

    #[test]
    fn every_closed_form_falls_due_on_its_last_day() {
        assert_eq!(due("15/10/2023").as_deref(), Some("15/10/2023"));
        assert_eq!(due("Trước ngày 15/10/2023").as_deref(), Some("15/10/2023"));
        assert_eq!(due("Tháng 9/2023").as_deref(), Some("30/9/2023"));
        assert_eq!(due("tháng 02/2024").as_deref(), Some("29/02/2024"));
        assert_eq!(due("Quý IV/2023").as_deref(), Some("31/12/2023"));
        assert_eq!(due("Quý 1/2024").as_deref(), Some("31/3/2024"));
        assert_eq!(due("6 tháng đầu năm 2024").as_deref(), Some("30/6/2024"));
        assert_eq!(due("6 tháng cuối năm 2024").as_deref(), Some("31/12/2024"));
        assert_eq!(due("Năm 2024").as_deref(), Some("31/12/2024"));
        assert_eq!(
            due("Từ 01/7/2023 đến 30/9/2023").as_deref(),
            Some("30/9/2023")
        );
        assert_eq!(due("Thường xuyên"), None);
        assert_eq!(due("hàng tháng"), None);
    }

    #[test]
    fn forms_are_written_back_the_one_way() {
        let shown = |t: &str| parse_deadline(t).unwrap().shown();
        assert_eq!(shown("quý 4/2023"), "Quý IV/2023");
        assert_eq!(shown("THÁNG 09/2023"), "Tháng 9/2023");
        assert_eq!(shown("hàng tháng"), "Hằng tháng");
        assert_eq!(
            parse_deadline("Quý IV/2023").unwrap().clause(),
            "hoàn thành trong Quý\u{a0}IV/2023"
        );
        assert_eq!(
            parse_deadline("Thường xuyên").unwrap().clause(),
            "thực hiện thường xuyên"
        );
    }

    #[test]
    fn forms_that_cannot_exist_say_why() {
        for t in [
            "Quý V/2023",
            "Tháng 13/2023",
            "31/6/2023",
            "Năm 1800",
            "Từ 30/9/2023 đến 01/7/2023",
        ] {
            assert!(
                matches!(parse_deadline(t), Err(DeadlineError::NotOnCalendar(_))),
                "{t}"
            );
        }
        for t in ["sớm", "Quý/2023", "cuối năm"] {
            assert_eq!(parse_deadline(t), Err(DeadlineError::Format), "{t}");
        }
    }
}
