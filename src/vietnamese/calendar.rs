//! The calendar the Vietnamese way: dates and clock times as plans write them (and why one is
//! not on the calendar), the one table of weekday names, and the one way dates are written in
//! a document ("08/6/2023", "ngày 08 tháng 6 năm 2023").
//!
//! Shared by the checker (which reports the problems) and the later stages (which only meet
//! values the checker passed). Finding dates inside prose is the checker's job, not this one.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::lang::Message;
use crate::msg;

/// Why a date field could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not in one of the accepted forms.
    Format,
    /// In an accepted form, but no such day exists; the message says why.
    NotOnCalendar(Message),
}

/// The date of a plan: a day, or for a draft only the month and year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl PlanDate {
    pub fn year(self) -> i32 {
        match self {
            PlanDate::Day(d) => d.year(),
            PlanDate::Month { year, .. } => year,
        }
    }

    /// The first day the plan can be dated: the day itself, or the 1st of the month.
    pub fn earliest(self) -> NaiveDate {
        match self {
            PlanDate::Day(d) => d,
            PlanDate::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).expect("month checked when parsed")
            }
        }
    }
}

fn numbers(s: &str, sep: char) -> Option<Vec<u32>> {
    s.split(sep)
        .map(|p| {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect()
}

/// A day in one of the three accepted forms: `27/6/2023`, `27/06/2023`, `2023-06-27`.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let s = text.trim();
    if let Some(parts) = numbers(s, '/')
        && let [d, m, y] = parts[..]
        && s.split('/').nth(2).is_some_and(|y| y.len() == 4)
        && d < 100
        && m < 100
    {
        return calendar_date(y as i32, m, d).map_err(DateError::NotOnCalendar);
    }
    if let Some(parts) = numbers(s, '-') {
        let lens: Vec<usize> = s.split('-').map(str::len).collect();
        if let ([y, m, d], [4, 2, 2]) = (&parts[..], &lens[..]) {
            return calendar_date(*y as i32, *m, *d).map_err(DateError::NotOnCalendar);
        }
    }
    Err(DateError::Format)
}

/// The plan's own date: a day, or a month and year (`6/2023`) for a draft.
pub fn parse_plan_date(text: &str) -> Result<PlanDate, DateError> {
    let s = text.trim();
    if let Some(parts) = numbers(s, '/')
        && let ([m, y], Some(4)) = (&parts[..], s.split('/').nth(1).map(str::len))
    {
        return if (1..=12).contains(m) {
            Ok(PlanDate::Month {
                year: *y as i32,
                month: *m,
            })
        } else {
            Err(DateError::NotOnCalendar(no_such_month(*m)))
        };
    }
    parse_date(s).map(PlanDate::Day)
}

fn no_such_month(m: u32) -> Message {
    msg!(
        "không có tháng {m} (tháng từ 1 đến 12)",
        "there is no month {m} (months run 1 to 12)"
    )
}

pub fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The years a plan's dates may fall in: every real plan, and every spreadsheet's calendar.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The day `d/m/y`, or why it does not exist ("tháng 6 chỉ có 30 ngày").
pub fn calendar_date(y: i32, m: u32, d: u32) -> Result<NaiveDate, Message> {
    if !YEARS.contains(&y) {
        let (a, b) = (YEARS.start(), YEARS.end());
        return Err(msg!(
            "năm {y} nằm ngoài khoảng {a}–{b}",
            "the year {y} is outside {a}–{b}"
        ));
    }
    if !(1..=12).contains(&m) {
        return Err(no_such_month(m));
    }
    if d == 0 {
        return Err(msg!("không có ngày 0", "there is no day 0"));
    }
    let last = days_in_month(y, m);
    if d > last {
        return Err(if m == 2 && d == 29 {
            msg!(
                "{y} không phải năm nhuận, tháng 2 chỉ có 28 ngày",
                "{y} is not a leap year: February has 28 days"
            )
        } else {
            msg!(
                "tháng {m} chỉ có {last} ngày",
                "month {m} has only {last} days"
            )
        });
    }
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| msg!("năm {y} không hợp lệ", "year {y} is out of range"))
}

/// A clock time `07:30`, `7:30`, `7h30` or `7h`: (hour, minute), or why it is wrong.
pub fn parse_time(text: &str) -> Result<(u32, u32), Option<Message>> {
    let s = text.trim().trim_end_matches('\'');
    let (h, m) = match s.split_once([':', 'h', 'H']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None => return Err(None),
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(None);
    }
    let (h, m) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
    clock_time(h, m).map(|()| (h, m)).map_err(Some)
}

/// Whether `h` giờ `m` exists on a 24-hour clock: 00:00 to 23:59 (midnight is 00:00 of the
/// next day, not 24:00).
pub fn clock_time(h: u32, m: u32) -> Result<(), Message> {
    if h > 23 {
        return Err(msg!(
            "một ngày chỉ có 24 giờ (0 giờ đến 23 giờ 59)",
            "a day has only 24 hours (0:00 to 23:59)"
        ));
    }
    if m > 59 {
        return Err(msg!(
            "một giờ chỉ có 60 phút (0 đến 59)",
            "an hour has only 60 minutes (0 to 59)"
        ));
    }
    Ok(())
}

/// Each weekday's name: as written beside a date ("Thứ Hai"), and in English.
const WEEKDAYS: [(&str, &str); 7] = [
    ("Thứ Hai", "Monday"),
    ("Thứ Ba", "Tuesday"),
    ("Thứ Tư", "Wednesday"),
    ("Thứ Năm", "Thursday"),
    ("Thứ Sáu", "Friday"),
    ("Thứ Bảy", "Saturday"),
    ("Chủ nhật", "Sunday"),
];

/// The Vietnamese name of a weekday, as written beside dates: "Thứ Hai" … "Thứ Bảy", "Chủ nhật".
pub fn weekday_name(w: Weekday) -> &'static str {
    WEEKDAYS[w.num_days_from_monday() as usize].0
}

/// The English name of a weekday, for `--lang en` messages.
pub fn weekday_name_en(w: Weekday) -> &'static str {
    WEEKDAYS[w.num_days_from_monday() as usize].1
}

/// A weekday inside a sentence: "thứ Sáu hằng tuần", "Chủ nhật".
pub fn weekday_in_text(w: Weekday) -> String {
    let name = weekday_name(w);
    match name.strip_prefix("Thứ") {
        Some(rest) => format!("thứ{rest}"),
        None => name.to_owned(),
    }
}

/// The weekday a Vietnamese name stands for: "Thứ 7", "thứ Bảy", "Chủ nhật", "CN"…
pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words[..] {
        ["chủ", "nhật"] | ["cn"] => Some(Weekday::Sun),
        ["thứ", n] => match n {
            "hai" | "2" => Some(Weekday::Mon),
            "ba" | "3" => Some(Weekday::Tue),
            "tư" | "bốn" | "4" => Some(Weekday::Wed),
            "năm" | "5" => Some(Weekday::Thu),
            "sáu" | "6" => Some(Weekday::Fri),
            "bảy" | "7" => Some(Weekday::Sat),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn three_forms_are_read() {
        assert_eq!(parse_date("27/6/2023"), Ok(ymd(2023, 6, 27)));
        assert_eq!(parse_date("27/06/2023"), Ok(ymd(2023, 6, 27)));
        assert_eq!(parse_date("2023-06-27"), Ok(ymd(2023, 6, 27)));
        assert_eq!(parse_date("27.6.2023"), Err(DateError::Format));
        assert_eq!(parse_date("27/6/23"), Err(DateError::Format));
        assert_eq!(parse_date("hôm nay"), Err(DateError::Format));
    }

    #[test]
    fn days_off_the_calendar_say_why() {
        let DateError::NotOnCalendar(m) = parse_date("31/6/2023").unwrap_err() else {
            panic!()
        };
        assert_eq!(m.vi, "tháng 6 chỉ có 30 ngày");
        let DateError::NotOnCalendar(m) = parse_date("29/02/2023").unwrap_err() else {
            panic!()
        };
        assert_eq!(m.vi, "2023 không phải năm nhuận, tháng 2 chỉ có 28 ngày");
        assert!(parse_date("29/2/2024").is_ok());
        assert!(parse_date("1/13/2024").is_err());
        assert!(parse_date("0/1/2024").is_err());
        assert!(parse_date("01/01/0000").is_err());
        assert!(parse_date("31/12/1899").is_err());
        assert!(parse_date("01/01/2101").is_err());
    }

    #[test]
    fn a_draft_may_give_only_month_and_year() {
        assert_eq!(
            parse_plan_date("5/2023"),
            Ok(PlanDate::Month {
                year: 2023,
                month: 5
            })
        );
        assert_eq!(
            parse_plan_date("5/2023").unwrap().earliest(),
            ymd(2023, 5, 1)
        );
        assert!(parse_plan_date("13/2023").is_err());
        assert_eq!(
            parse_plan_date("05/6/2023"),
            Ok(PlanDate::Day(ymd(2023, 6, 5)))
        );
    }

    #[test]
    fn clock_times() {
        assert_eq!(parse_time("07:30"), Ok((7, 30)));
        assert_eq!(parse_time("7h30'"), Ok((7, 30)));
        assert_eq!(parse_time("17h"), Ok((17, 0)));
        assert!(matches!(parse_time("25:00"), Err(Some(_))));
        assert!(matches!(parse_time("24:00"), Err(Some(_))));
        assert!(matches!(parse_time("17h75"), Err(Some(_))));
        assert_eq!(parse_time("sáng"), Err(None));
    }

    #[test]
    fn weekday_names_both_ways() {
        assert_eq!(weekday_from_name("Thứ 7"), Some(Weekday::Sat));
        assert_eq!(weekday_from_name("thứ Bảy"), Some(Weekday::Sat));
        assert_eq!(weekday_from_name("Chủ nhật"), Some(Weekday::Sun));
        assert_eq!(weekday_name(Weekday::Fri), "Thứ Sáu");
        assert_eq!(weekday_from_name("Thứ Tám"), None);
    }
}

/// "ngày 27 tháng 6 năm 2023": the date line and captions (Decree 30: a leading zero on days
/// below 10 and on months 1 and 2).
pub fn long_date(d: NaiveDate) -> String {
    format!(
        "ngày {} tháng {} năm {}",
        two_digits(d.day()),
        month_text(d.month()),
        d.year()
    )
}

/// A day, an hour or a minute with two digits: "05", "07 giờ 30".
pub fn two_digits(n: u32) -> String {
    format!("{n:02}")
}

/// A month as Decree 30 writes it in a date line: 1 and 2 with a leading zero.
pub fn month_text(m: u32) -> String {
    if m <= 2 { two_digits(m) } else { m.to_string() }
}

/// A date as the body of a document writes it: "08/6/2023", "05/02/2024" (Decree 30: a
/// leading zero on days below 10 and on months 1 and 2).
pub fn display(d: NaiveDate) -> String {
    format!(
        "{}/{}/{}",
        two_digits(d.day()),
        month_text(d.month()),
        d.year()
    )
}

#[cfg(test)]
mod display_tests {
    #[test]
    fn leading_zeros_as_decree_30_has_them() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(super::display(d(2023, 6, 8)), "08/6/2023");
        assert_eq!(super::display(d(2024, 2, 5)), "05/02/2024");
        assert_eq!(super::display(d(2023, 11, 27)), "27/11/2023");
    }
}
