//! Finds what a reader would check in running text: dates (numeric and "ngày D tháng M năm
//! Y"), the weekday written beside a date, clock times, deadlines ("trước ngày …") and legal
//! references whose number carries a year ("59/2022/NĐ-CP ngày …").
//!
//! It only finds and classifies, by byte range in the text; the rules in [`super`] decide
//! what is a problem and say so.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

use crate::lang::Message;
use crate::plan::date::{calendar_date, clock_time, weekday_from_name};

/// Something found in a text, at `range` (bytes of the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub range: Range<usize>,
    pub what: Found,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A date; `deadline` when the words before it make it one ("trước ngày", "đến hết").
    Date {
        date: Result<NaiveDate, Message>,
        deadline: bool,
    },
    /// A weekday name beside a date that falls on another day.
    WeekdayMismatch { written: String, date: NaiveDate },
    /// A clock time that does not exist.
    BadTime(Message),
    /// A legal reference whose number's year differs from its date's year.
    LegalRefYear { number_year: i32, date: NaiveDate },
}

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})([/.-])(\d{1,2})(?:([/.-])(\d{4}))?").unwrap());
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:,\s*)?năm\s+(\d{4}))?").unwrap()
});
static DEADLINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:trước|đến hết|hết hạn|hạn chót|thời hạn|chậm nhất(?:\s+là)?|hoàn thành)(?:\s+ngày)?[\s*_:]*$")
        .unwrap()
});
const WEEKDAY: &str = r"thứ\s+(?:hai|ba|tư|bốn|năm|sáu|bảy|[2-7])|chủ\s+nhật|CN";
static WEEKDAY_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^[\s*_]*[(,–-]?\s*({WEEKDAY})\b")).unwrap());
static WEEKDAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b({WEEKDAY})\s*[,(]?\s*(?:ngày\s+)?[*_]*$")).unwrap()
});
static TIME_H: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3})[hH](\d{1,3})?'?").unwrap());
static TIME_GIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\d{1,3})\s+giờ(?:\s+(\d{1,3})(?:\s*phút)?)?").unwrap());
static TIME_COLON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{1,2}):(\d{2,3})").unwrap());
static DURATION_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:trong|vòng|sau|mất|khoảng|hơn|đủ|mỗi|/)\s*$").unwrap());
static LEGAL_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,5}/(\d{4})/\p{Lu}[\p{L}\d-]*").unwrap());
static DATE_AFTER_REF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s+ngày\s+").unwrap());

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Everything found in `text`. `year` fills in dates written without one ("31/5").
pub fn scan(text: &str, year: Option<i32>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut dates: Vec<(Range<usize>, Option<NaiveDate>)> = Vec::new();

    for m in WORD_DATE.captures_iter(text) {
        let whole = m.get(0).unwrap();
        let d = m[1].parse().unwrap_or(0);
        let mo = m[2].parse().unwrap_or(0);
        let y = match m.get(3) {
            Some(y) => y.as_str().parse().ok(),
            None => year,
        };
        let Some(y) = y else { continue };
        // "ngày 31 tháng 6 năm 2023": point at the numbers, not the word "ngày".
        let start = m.get(1).unwrap().start();
        dates.push((start..whole.end(), None));
        let date = calendar_date(y, mo, d);
        let deadline = DEADLINE_BEFORE.is_match(&text[..whole.start()]);
        if let Ok(date) = date {
            dates.last_mut().unwrap().1 = Some(date);
        }
        out.push(Finding {
            range: start..whole.end(),
            what: Found::Date { date, deadline },
        });
    }

    for m in NUMERIC_DATE.captures_iter(text) {
        let whole = m.get(0).unwrap();
        let (s, e) = (whole.start(), whole.end());
        if char_before(text, s).is_some_and(|c| c.is_ascii_digit() || "/.-".contains(c)) {
            continue;
        }
        if char_after(text, e).is_some_and(|c| c.is_ascii_digit() || c == '/')
            || text[e..].starts_with(|c: char| ".-".contains(c))
                && text[e + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let (sep, d, mo) = (&m[2], m[1].parse().unwrap_or(0), m[3].parse().unwrap_or(0));
        let y = match (m.get(4), m.get(5)) {
            (Some(sep2), Some(y)) if sep2.as_str() == sep => y.as_str().parse().ok(),
            (Some(_), Some(_)) => continue,
            // "31/5" without a year: only with a slash, and only when it looks like a date.
            _ if sep == "/" && (1..=31).contains(&d) && (1..=12).contains(&mo) => year,
            _ => continue,
        };
        let Some(y) = y else { continue };
        if dates.iter().any(|(r, _)| r.start < e && s < r.end) {
            continue;
        }
        let date = calendar_date(y, mo, d);
        let deadline = DEADLINE_BEFORE.is_match(&text[..s]);
        dates.push((s..e, date.as_ref().ok().copied()));
        out.push(Finding {
            range: s..e,
            what: Found::Date { date, deadline },
        });
    }

    for (range, date) in &dates {
        let Some(date) = date else { continue };
        let after = WEEKDAY_AFTER.captures(&text[range.end..]);
        let before = WEEKDAY_BEFORE.captures(&text[..range.start]);
        // For "ngày D tháng M năm Y" the weekday comes before "ngày".
        let word_start = text[..range.start]
            .rfind("ngày")
            .filter(|&i| range.start - i <= 6);
        let before =
            before.or_else(|| word_start.and_then(|i| WEEKDAY_BEFORE.captures(&text[..i])));
        let (written, at) = match (after, before) {
            (Some(c), _) => {
                let g = c.get(1).unwrap();
                (g.as_str(), range.end + g.start()..range.end + g.end())
            }
            (None, Some(c)) => {
                let g = c.get(1).unwrap();
                (g.as_str(), g.start()..g.end())
            }
            _ => continue,
        };
        if let Some(w) = weekday_from_name(written)
            && w != date.weekday()
        {
            out.push(Finding {
                range: at,
                what: Found::WeekdayMismatch {
                    written: written.to_owned(),
                    date: *date,
                },
            });
        }
    }

    scan_times(text, &dates, &mut out);
    scan_legal_refs(text, year, &mut out);
    out.sort_by_key(|f| f.range.start);
    out
}

fn scan_times(text: &str, dates: &[(Range<usize>, Option<NaiveDate>)], out: &mut Vec<Finding>) {
    let in_date = |r: &Range<usize>| {
        dates
            .iter()
            .any(|(d, _)| d.start < r.end && r.start < d.end)
    };
    let mut push = |range: Range<usize>, h: u32, m: u32| {
        if let Err(why) = clock_time(h, m) {
            out.push(Finding {
                range,
                what: Found::BadTime(why),
            });
        }
    };
    for c in TIME_H.captures_iter(text) {
        let r = c.get(0).unwrap().range();
        if char_before(text, r.start).is_some_and(|c| c.is_alphanumeric())
            || char_after(text, r.end).is_some_and(|c| c.is_alphanumeric())
            || in_date(&r)
        {
            continue;
        }
        let h = c[1].parse().unwrap_or(99);
        let m = c.get(2).map_or(0, |m| m.as_str().parse().unwrap_or(99));
        push(r, h, m);
    }
    for c in TIME_GIO.captures_iter(text) {
        let r = c.get(0).unwrap().range();
        if char_before(text, r.start).is_some_and(|c| c.is_alphanumeric())
            || DURATION_BEFORE.is_match(&text[..r.start])
            || in_date(&r)
        {
            continue;
        }
        let h = c[1].parse().unwrap_or(99);
        let m = c.get(2).map_or(0, |m| m.as_str().parse().unwrap_or(99));
        push(r, h, m);
    }
    for c in TIME_COLON.captures_iter(text) {
        let r = c.get(0).unwrap().range();
        if char_before(text, r.start).is_some_and(|c| c.is_ascii_digit() || c == ':')
            || char_after(text, r.end).is_some_and(|c| c.is_ascii_digit() || c == ':')
        {
            continue;
        }
        push(r, c[1].parse().unwrap_or(99), c[2].parse().unwrap_or(99));
    }
}

fn scan_legal_refs(text: &str, year: Option<i32>, out: &mut Vec<Finding>) {
    for c in LEGAL_REF.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let Ok(number_year) = c[1].parse::<i32>() else {
            continue;
        };
        let rest = &text[whole.end()..];
        let Some(gap) = DATE_AFTER_REF.find(rest) else {
            continue;
        };
        // The date right after "ngày": either form.
        let tail = &rest[gap.end()..];
        let date = if let Some(m) = NUMERIC_DATE
            .captures(tail)
            .filter(|m| m.get(0).unwrap().start() == 0)
        {
            m.get(5)
                .and_then(|y| y.as_str().parse().ok())
                .or(year)
                .and_then(|y| calendar_date(y, m[3].parse().ok()?, m[1].parse().ok()?).ok())
        } else {
            let words = format!("ngày {tail}");
            WORD_DATE
                .captures(&words)
                .filter(|m| m.get(0).unwrap().start() == 0)
                .and_then(|m| {
                    let y = m.get(3).and_then(|y| y.as_str().parse().ok()).or(year)?;
                    calendar_date(y, m[2].parse().ok()?, m[1].parse().ok()?).ok()
                })
        };
        if let Some(date) = date
            && date.year() != number_year
        {
            out.push(Finding {
                range: whole.range(),
                what: Found::LegalRefYear { number_year, date },
            });
        }
    }
}

/// The weekday of a date, for messages.
pub fn weekday_of(date: NaiveDate) -> Weekday {
    date.weekday()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<(String, bool, bool)> {
        scan(text, Some(2023))
            .into_iter()
            .filter_map(|f| match f.what {
                Found::Date { date, deadline } => {
                    Some((text[f.range].to_owned(), date.is_ok(), deadline))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_dates_in_every_form() {
        assert_eq!(
            dates("từ 26/6/2023, 27-06-2023, 28.6.2023 và ngày 29 tháng 6 năm 2023, đến 30/6"),
            vec![
                ("26/6/2023".into(), true, false),
                ("27-06-2023".into(), true, false),
                ("28.6.2023".into(), true, false),
                ("29 tháng 6 năm 2023".into(), true, false),
                ("30/6".into(), true, false),
            ]
        );
    }

    #[test]
    fn a_day_off_the_calendar_is_found_as_a_deadline() {
        assert_eq!(
            dates("hoàn thành **trước ngày 31 tháng 6 năm 2023**"),
            vec![("31 tháng 6 năm 2023".into(), false, true)]
        );
        assert_eq!(
            dates("Đến hết **30/6/2023** hoàn thành"),
            vec![("30/6/2023".into(), true, true)]
        );
    }

    #[test]
    fn numbers_that_are_not_dates_are_left_alone() {
        assert!(dates("Nghị định số 59/2022/NĐ-CP, Kế hoạch số 3049/KH-BCĐ, Đề án 06/CP, 1.250 tài khoản, mục 6.1. và 19-CT/TU").is_empty());
        assert!(dates("giai đoạn 2022 - 2025, 24/24 giờ").is_empty());
    }

    #[test]
    fn weekday_beside_a_date() {
        let found = scan(
            "Lễ ra quân ngày 10/6/2023 (Thứ Sáu) và 27/5/2023 (Thứ 7)",
            Some(2023),
        );
        let mismatches: Vec<_> = found
            .iter()
            .filter(|f| matches!(f.what, Found::WeekdayMismatch { .. }))
            .collect();
        assert_eq!(mismatches.len(), 1);
        assert!(
            matches!(&mismatches[0].what, Found::WeekdayMismatch { written, .. } if written == "Thứ Sáu")
        );
        let before = scan(
            "vào Chủ nhật, ngày 11/6/2023 và thứ Bảy ngày 11 tháng 6 năm 2023",
            Some(2023),
        );
        let n = before
            .iter()
            .filter(|f| matches!(f.what, Found::WeekdayMismatch { .. }))
            .count();
        assert_eq!(n, 1, "{before:?}");
    }

    #[test]
    fn clock_times() {
        let bad = |t: &str| {
            scan(t, Some(2023))
                .into_iter()
                .filter(|f| matches!(f.what, Found::BadTime(_)))
                .count()
        };
        assert_eq!(bad("trước 25 giờ"), 1);
        assert_eq!(bad("lúc 17h75"), 1);
        assert_eq!(bad("lúc 10:75"), 1);
        assert_eq!(bad("từ 7h30' đến 22h00', trước 17 giờ 30, lúc 07:30"), 0);
        assert_eq!(bad("trong vòng 48 giờ, sau 72 giờ, 24/24 giờ, 10ha"), 0);
    }

    #[test]
    fn legal_reference_year() {
        let found = scan(
            "Nghị định số 59/2022/NĐ-CP ngày 05/9/2021 và Nghị định số 104/2022/NĐ-CP ngày 21 tháng 12 năm 2022",
            None,
        );
        let refs: Vec<_> = found
            .iter()
            .filter(|f| matches!(f.what, Found::LegalRefYear { .. }))
            .collect();
        assert_eq!(refs.len(), 1);
        let found = scan("Nghị định số 59/2022/NĐ-CP ngày 05 tháng 9 năm 2021", None);
        assert!(found.iter().any(|f| matches!(
            f.what,
            Found::LegalRefYear {
                number_year: 2022,
                ..
            }
        )));
    }
}
