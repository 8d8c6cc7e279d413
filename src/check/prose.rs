//! Finds what a reader would check in running text: dates (numeric and "ngày D tháng M năm
//! Y"), the weekday written beside a date, clock times, deadlines ("trước ngày …") and legal
//! references whose number carries a year ("59/2022/NĐ-CP ngày …").
//!
//! It only finds and classifies, by byte range in the text; the rules in [`super`] decide
//! what is a problem and say so.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::lang::Message;
use crate::pattern::Pattern;
use crate::vietnamese::calendar::{calendar_date, clock_time, weekday_from_name};

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
    /// A range of dates whose end comes before its start.
    RangeReversed { start: NaiveDate, end: NaiveDate },
    /// A year broken by a space ("16/7/20 21", "năm 20 21", a real plan's typo): `written` is
    /// the year as written, `mended` the whole match with it joined.
    YearSplit { written: String, mended: String },
}

// Digits are ASCII `[0-9]`, not `\d`: the numbers are read with `str::parse`, which takes
// only ASCII, and a full-width "１５/３" read as day 0 would be a false alarm. (`\d` is also
// the Unicode class, several times slower to compile on every cold run.)

/// "16/7/20 21", "năm 20 22".
static SPLIT_YEAR: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_texts(r"(?:\b[0-9]{1,2}/[0-9]{1,2}/|\b[Nn]ăm )(([0-9]{2}) ([0-9]{2}))\b")
});

static NUMERIC_DATE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_texts(r"([0-9]{1,2})([/.-])([0-9]{1,2})(?:([/.-])([0-9]{4}))?"));
static WORD_DATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_texts(
        r"(?i)ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})(?:\s*(?:,\s*)?năm\s+([0-9]{4}))?",
    )
});
/// "27/6/2023-15/9/2023", "27/6 - 15/9/2023", "27/6 đến 15/9/2023", "từ ngày 27/6 đến hết ngày
/// 15/9/2023": the first date may leave its year to the second.
static RANGE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_texts(
        r"(?i)([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?(?:\s*[-–]\s*|\s+đến\s+(?:hết\s+)?(?:ngày\s+)?)([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})",
    )
});
/// "ngày 27 và 28/6/2023", "ngày 26, 27 và 28/6/2023": the first days take the last one's month.
static DAY_LIST: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_texts(
        r"(?i)ngày\s+([0-9]{1,2}(?:\s*(?:,|và)\s*[0-9]{1,2})*)\s*(?:,|và)\s*[0-9]{1,2}/([0-9]{1,2})/([0-9]{4})",
    )
});
static DAY: LazyLock<Pattern> = LazyLock::new(|| Pattern::for_snippets(r"[0-9]{1,2}"));
/// "tháng 6/2023".
static MONTH: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_texts(r"(?i)tháng\s+([0-9]{1,2})/([0-9]{4})"));
static DEADLINE_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(
        r"(?i)(?:trước|đến hết|hết hạn|hạn chót|thời hạn|chậm nhất(?:\s+(?:là|vào))*|hoàn thành|xong)(?:\s+ngày)?[\s*_:]*$",
    )
});
/// "hoàn thành trong tháng 6/2023": the month's last day is the deadline.
static DEADLINE_MONTH_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(r"(?i)(?:hoàn thành|xong|trước|chậm nhất)(?:\s+(?:trong|vào))?\s+[*_]*$")
});
/// "đến ngày 15/9/2023 phải hoàn thành": the deadline's words come after the date.
static UNTIL_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_snippets(r"(?i)đến(?:\s+hết)?(?:\s+ngày)?[\s*_]*$"));
static DEADLINE_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(r"(?i)^[\s*_]*,?\s*(?:(?:phải|cần|sẽ|đã)\s+)?(?:hoàn thành|xong)")
});
const WEEKDAY: &str = r"thứ\s+(?:hai|ba|tư|bốn|năm|sáu|bảy|[2-7])|chủ\s+nhật|CN";
static WEEKDAY_AFTER: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_snippets(&format!(r"(?i)^[\s*_]*[(,–-]?\s*({WEEKDAY})\b")));
static WEEKDAY_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::for_snippets(&format!(r"(?i)\b({WEEKDAY})\s*[,(]?\s*(?:ngày\s+)?[*_]*$"))
});
static TIME_H: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_texts(r"([0-9]{1,3})[hH]([0-9]{1,3})?'?"));
static TIME_GIO: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_texts(r"(?i)([0-9]{1,3})\s+giờ(?:\s+([0-9]{1,3})(?:\s*phút)?)?"));
static TIME_COLON: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_texts(r"([0-9]{1,2}):([0-9]{2,3})"));
static DURATION_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_snippets(r"(?i)(?:trong|vòng|sau|mất|khoảng|hơn|đủ|mỗi|/)\s*$"));
static LEGAL_REF: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_texts(r"[0-9]{1,5}/([0-9]{4})/\p{Lu}[\p{L}0-9-]*"));
static DATE_AFTER_REF: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::for_snippets(r"(?i)^\s+ngày\s+"));

/// How far before or after a date its words are looked for. A bounded window keeps the scan
/// linear in the text's length however many dates it holds.
const WINDOW: usize = 64;

/// Compiles every pattern now rather than at the first text that needs it.
pub fn prepare() {
    for pattern in [
        &SPLIT_YEAR,
        &NUMERIC_DATE,
        &WORD_DATE,
        &RANGE,
        &DAY_LIST,
        &DAY,
        &MONTH,
        &DEADLINE_BEFORE,
        &DEADLINE_MONTH_BEFORE,
        &UNTIL_BEFORE,
        &DEADLINE_AFTER,
        &WEEKDAY_AFTER,
        &WEEKDAY_BEFORE,
        &TIME_H,
        &TIME_GIO,
        &TIME_COLON,
        &DURATION_BEFORE,
        &LEGAL_REF,
        &DATE_AFTER_REF,
    ] {
        LazyLock::force(pattern);
    }
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// The last `WINDOW` bytes before `at` (on a character boundary).
fn before(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(WINDOW);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

/// The first `WINDOW` bytes from `at` (on a character boundary).
fn after(text: &str, at: usize) -> &str {
    let mut end = (at + WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[at..end]
}

/// Ranges already taken by a date (start → end); they never overlap each other.
#[derive(Default)]
struct Taken(std::collections::BTreeMap<usize, usize>);

impl Taken {
    fn overlaps(&self, r: &Range<usize>) -> bool {
        // Of disjoint ranges, only the last one starting before `r` ends can reach into it.
        self.0
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start)
    }

    fn add(&mut self, r: Range<usize>) {
        self.0.insert(r.start, r.end);
    }
}

/// Whether the words around the date at `range` make it a deadline.
fn is_deadline(text: &str, range: &Range<usize>) -> bool {
    let b = before(text, range.start);
    DEADLINE_BEFORE.is_match(b)
        || (UNTIL_BEFORE.is_match(b) && DEADLINE_AFTER.is_match(after(text, range.end)))
}

fn digits_around(text: &str, s: usize, e: usize) -> bool {
    char_before(text, s).is_some_and(|c| c.is_ascii_digit() || "/.-".contains(c))
        || char_after(text, e).is_some_and(|c| c.is_ascii_digit() || c == '/')
}

/// Everything found in `text`. `year` fills in dates written without one ("31/5"). The scan
/// is linear in the text's length.
pub fn scan(text: &str, year: Option<i32>) -> Vec<Finding> {
    let mut s = Scan {
        text,
        year,
        out: Vec::new(),
        dates: Vec::new(),
        taken: Taken::default(),
    };
    // Longest forms first: a range takes its two dates before each is seen alone.
    s.ranges();
    s.day_lists();
    s.word_dates();
    s.months();
    s.numeric_dates();
    s.weekdays();
    scan_times(text, &s.taken, &mut s.out);
    scan_legal_refs(text, year, &mut s.out);
    scan_split_years(text, &mut s.out);
    s.out.sort_by_key(|f| f.range.start);
    s.out
}

/// The state of one scan: what was found, and which places dates already hold.
struct Scan<'a> {
    text: &'a str,
    year: Option<i32>,
    out: Vec<Finding>,
    dates: Vec<(Range<usize>, Option<NaiveDate>)>,
    taken: Taken,
}

impl Scan<'_> {
    fn found(&mut self, range: Range<usize>, date: Result<NaiveDate, Message>, deadline: bool) {
        self.dates
            .push((range.clone(), date.as_ref().ok().copied()));
        self.taken.add(range.clone());
        self.out.push(Finding {
            range,
            what: Found::Date { date, deadline },
        });
    }

    /// "27/6/2023-15/9/2023", "27/6 đến 15/9/2023": both ends, in order.
    fn ranges(&mut self) {
        let text = self.text;
        for m in RANGE.captures_iter(text) {
            let whole = m.get(0).unwrap();
            if digits_around(text, whole.start(), whole.end()) {
                continue;
            }
            let n = |i: usize| m.get(i).and_then(|g| g.as_str().parse::<u32>().ok());
            let y2 = n(6).map(|y| y as i32);
            let (Some(y1), Some(y2)) = (n(3).map(|y| y as i32).or(y2), y2) else {
                continue;
            };
            let first_end = m.get(3).map_or(m.get(2).unwrap().end(), |g| g.end());
            let first = m.get(1).unwrap().start()..first_end;
            let second = m.get(4).unwrap().start()..whole.end();
            let d1 = calendar_date(y1, n(2).unwrap_or(0), n(1).unwrap_or(0));
            let d2 = calendar_date(y2, n(5).unwrap_or(0), n(4).unwrap_or(0));
            if let (Ok(a), Ok(b)) = (&d1, &d2)
                && b < a
            {
                self.out.push(Finding {
                    range: first.start..second.end,
                    what: Found::RangeReversed { start: *a, end: *b },
                });
            }
            let (dl1, dl2) = (is_deadline(text, &first), is_deadline(text, &second));
            self.found(first, d1, dl1);
            self.found(second, d2, dl2);
        }
    }

    /// "ngày 27 và 28/6/2023": the first days take the last one's month and year.
    fn day_lists(&mut self) {
        let text = self.text;
        for m in DAY_LIST.captures_iter(text) {
            let (Ok(mo), Ok(y)) = (m[2].parse::<u32>(), m[3].parse::<i32>()) else {
                continue;
            };
            let days = m.get(1).unwrap();
            for d in DAY.find_iter(days.as_str()) {
                let range = days.start() + d.start()..days.start() + d.end();
                if self.taken.overlaps(&range) {
                    continue;
                }
                let date = calendar_date(y, mo, d.as_str().parse().unwrap_or(0));
                let deadline = is_deadline(text, &range);
                self.found(range, date, deadline);
            }
        }
    }

    /// "ngày 31 tháng 6 năm 2023", pointed at by its numbers.
    fn word_dates(&mut self) {
        let text = self.text;
        for m in WORD_DATE.captures_iter(text) {
            let whole = m.get(0).unwrap();
            let d = m[1].parse().unwrap_or(0);
            let mo = m[2].parse().unwrap_or(0);
            let y = match m.get(3) {
                Some(y) => y.as_str().parse().ok(),
                None => self.year,
            };
            let Some(y) = y else { continue };
            let range = m.get(1).unwrap().start()..whole.end();
            if self.taken.overlaps(&range) {
                continue;
            }
            let deadline =
                DEADLINE_BEFORE.is_match(before(text, whole.start())) || is_deadline(text, &range);
            self.found(range, calendar_date(y, mo, d), deadline);
        }
    }

    /// "tháng 6/2023": the month exists; after "hoàn thành trong" its last day is a deadline.
    fn months(&mut self) {
        let text = self.text;
        for m in MONTH.captures_iter(text) {
            let (Ok(mo), Ok(y)) = (m[1].parse::<u32>(), m[2].parse::<i32>()) else {
                continue;
            };
            let whole = m.get(0).unwrap();
            let range = m.get(1).unwrap().start()..whole.end();
            if char_after(text, whole.end()).is_some_and(|c| c.is_ascii_digit() || c == '/')
                || self.taken.overlaps(&range)
            {
                continue;
            }
            let last = calendar_date(y, mo, 1).map(|_| {
                NaiveDate::from_ymd_opt(y, mo, crate::vietnamese::calendar::days_in_month(y, mo))
                    .expect("a month from 1 to 12")
            });
            let deadline = DEADLINE_MONTH_BEFORE.is_match(before(text, whole.start()));
            match last {
                // Only a month that is a deadline is a date to hold against the plan.
                Ok(d) if deadline => self.found(range, Ok(d), true),
                Ok(_) => self.taken.add(range),
                Err(why) => self.out.push(Finding {
                    range,
                    what: Found::Date {
                        date: Err(why),
                        deadline: false,
                    },
                }),
            }
        }
    }

    /// "27/6/2023", "27-06-2023", "27.6.2023", and "31/5" with the plan's year.
    fn numeric_dates(&mut self) {
        let text = self.text;
        for m in NUMERIC_DATE.captures_iter(text) {
            let whole = m.get(0).unwrap();
            let (s, e) = (whole.start(), whole.end());
            let glued = char_before(text, s)
                .is_some_and(|c| c.is_ascii_digit() || "/.-".contains(c))
                || char_after(text, e).is_some_and(|c| c.is_ascii_digit() || c == '/')
                || text[e..].starts_with(|c: char| ".-".contains(c))
                    && text[e + 1..].starts_with(|c: char| c.is_ascii_digit());
            if glued {
                continue;
            }
            let (sep, d, mo) = (&m[2], m[1].parse().unwrap_or(0), m[3].parse().unwrap_or(0));
            let y = match (m.get(4), m.get(5)) {
                (Some(sep2), Some(y)) if sep2.as_str() == sep => y.as_str().parse().ok(),
                (Some(_), Some(_)) => continue,
                // "31/5" without a year: only with a slash, and only when it looks like a date.
                _ if sep == "/" && (1..=31).contains(&d) && (1..=12).contains(&mo) => self.year,
                _ => continue,
            };
            let Some(y) = y else { continue };
            if self.taken.overlaps(&(s..e)) {
                continue;
            }
            let deadline = is_deadline(text, &(s..e));
            self.found(s..e, calendar_date(y, mo, d), deadline);
        }
    }

    /// A weekday written beside a date ("10/6/2023 (Thứ Sáu)", "Chủ nhật, ngày …") that is
    /// not that date's.
    fn weekdays(&mut self) {
        let text = self.text;
        for (range, date) in &self.dates {
            let Some(date) = date else { continue };
            let Some((written, at)) = weekday_beside(text, range) else {
                continue;
            };
            if let Some(w) = weekday_from_name(written)
                && w != date.weekday()
            {
                self.out.push(Finding {
                    range: at,
                    what: Found::WeekdayMismatch {
                        written: written.to_owned(),
                        date: *date,
                    },
                });
            }
        }
    }
}

/// The weekday name written right after or right before the date at `range`, and where.
/// A year broken by a space is told as written, never read as another date.
fn scan_split_years(text: &str, out: &mut Vec<Finding>) {
    for c in SPLIT_YEAR.captures_iter(text) {
        let (whole, split) = (c.get(0).expect("match"), c.get(1).expect("group"));
        let mended = format!("{}{}{}", &text[whole.start()..split.start()], &c[2], &c[3]);
        out.push(Finding {
            range: whole.range(),
            what: Found::YearSplit {
                written: c[1].to_owned(),
                mended,
            },
        });
    }
}

fn weekday_beside<'t>(text: &'t str, range: &Range<usize>) -> Option<(&'t str, Range<usize>)> {
    if let Some(c) = WEEKDAY_AFTER.captures(after(text, range.end)) {
        let g = c.get(1).unwrap();
        return Some((g.as_str(), range.end + g.start()..range.end + g.end()));
    }
    let near = |end: usize| {
        let b = before(text, end);
        let c = WEEKDAY_BEFORE.captures(b)?;
        let g = c.get(1).unwrap();
        let base = end - b.len();
        Some((g.as_str(), base + g.start()..base + g.end()))
    };
    // For "ngày D tháng M năm Y" the weekday comes before "ngày".
    near(range.start).or_else(|| {
        let b = before(text, range.start);
        let word = b.rfind("ngày").map(|i| range.start - b.len() + i);
        word.filter(|&i| range.start - i <= 6).and_then(near)
    })
}

fn scan_times(text: &str, dates: &Taken, out: &mut Vec<Finding>) {
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
            || dates.overlaps(&r)
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
            || DURATION_BEFORE.is_match(before(text, r.start))
            || dates.overlaps(&r)
        {
            continue;
        }
        let h = c[1].parse().unwrap_or(99);
        let m = c.get(2).map_or(0, |m| m.as_str().parse().unwrap_or(99));
        // "trước 24 giờ ngày 30/6" is how prose says the end of a day.
        if (h, m) == (24, 0) {
            continue;
        }
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
        let tail = after(rest, gap.end());
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
    fn ranges_take_the_year_of_their_end() {
        assert_eq!(
            dates("từ 27/6-15/9/2024, 31/6/2023-31/9/2023"),
            vec![
                ("27/6".into(), true, false),
                ("15/9/2024".into(), true, false),
                ("31/6/2023".into(), false, false),
                ("31/9/2023".into(), false, false),
            ]
        );
        let found = scan("từ 27/6 đến 15/9/2024", Some(2023));
        assert!(matches!(
            found[0].what,
            Found::Date { date: Ok(d), .. } if d.year() == 2024
        ));
        assert!(
            scan("từ ngày 15/9/2023 - 27/6/2023", None)
                .iter()
                .any(|f| matches!(f.what, Found::RangeReversed { .. }))
        );
    }

    #[test]
    fn deadline_words_before_and_after_the_date() {
        for text in [
            "Đến ngày 20/9/2023 phải hoàn thành",
            "chậm nhất ngày 20/9/2023",
            "chậm nhất là vào ngày 20/9/2023",
            "xong trước ngày 20/9/2023",
            "hoàn thành trong tháng 9/2023",
        ] {
            let d = dates(text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].2, "{text}: not read as a deadline");
        }
        assert!(!dates("từ ngày 01/9/2023 đến ngày 20/9/2023")[1].2);
    }

    #[test]
    fn digits_of_other_scripts_are_not_dates() {
        // "１５/３/2023" (full-width digits, as some input methods type them) is not a date the
        // checker can read: it must not be reported as "day 0" of a month.
        assert_eq!(dates("trước ngày １５/３/2023 và ngày ٣ tháng ٤"), vec![]);
        assert!(scan("lúc ７ giờ, số ١٢/2023/QĐ-UBND", Some(2023)).is_empty());
    }

    #[test]
    fn the_scan_is_linear_in_the_texts_length() {
        // 20,000 dates: a quadratic scan takes minutes, a linear one well under a second.
        let text = "ngày 31/6/2023, ".repeat(20_000);
        let found = scan(&text, Some(2023));
        assert_eq!(found.len(), 20_000);
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
