//! The days a dated item falls on (a recurring report's, by its rule), and the reports
//! beside a plan that have done one (`kind: bao-cao`, on this plan, with that `as_of`).

use chrono::{Datelike, NaiveDate};

use super::Entry;
use crate::load::LoadedPlan;
use crate::vietnamese::calendar::parse_date;

/// The most days of a recurring item looked at: more than a year of daily reports.
const MAX_DAYS: usize = 400;

/// The days an item falls on: its day, or each day its rule gives up to its end.
pub fn days(e: &Entry) -> Vec<NaiveDate> {
    let Some(first) = e.date else {
        return Vec::new();
    };
    let Some(rule) = &e.rrule else {
        return vec![first];
    };
    let part = |name: &str| {
        rule.split(';')
            .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
            .map(str::to_owned)
    };
    let until = part("UNTIL").and_then(|u| NaiveDate::parse_from_str(&u, "%Y%m%d").ok());
    let mut out = Vec::new();
    let mut day = first;
    while out.len() < MAX_DAYS && until.is_none_or(|u| day <= u) {
        out.push(day);
        day = match part("FREQ").as_deref() {
            Some("DAILY") => day + chrono::Duration::days(1),
            Some("WEEKLY") => day + chrono::Duration::days(7),
            Some("MONTHLY") => {
                // The same day of the next month that has it.
                let mut next = None;
                for k in 1..=12 {
                    next = day
                        .checked_add_months(chrono::Months::new(k))
                        .filter(|d| d.day() == first.day());
                    if next.is_some() {
                        break;
                    }
                }
                match next {
                    Some(d) => d,
                    None => break,
                }
            }
            _ => break,
        };
    }
    out
}

/// The `as_of` days of the reports beside a plan (its folder's `kind: bao-cao` files whose
/// `reports_on` is this plan).
pub fn reports_beside(loaded: &LoadedPlan) -> Vec<NaiveDate> {
    let me = loaded.file.path().canonicalize().ok();
    let Some(folder) = me
        .as_ref()
        .and_then(|m| m.parent().map(std::path::Path::to_path_buf))
    else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut days = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !yaml || Some(&path) == me.as_ref() {
            continue;
        }
        let Ok(Ok(file)) = crate::load::read_source(&path) else {
            continue;
        };
        // Only reports are read further; a plan that does not parse is `check`'s to say.
        if !file.text.contains("bao-cao") {
            continue;
        }
        let Ok(report) = crate::load::parse(file) else {
            continue;
        };
        let p = &report.plan;
        let on_me = p
            .reports_on
            .as_ref()
            .is_some_and(|r| folder.join(&r.value.plan.value).canonicalize().ok() == me);
        if p.kind.value.0 == "bao-cao"
            && on_me
            && let Some(d) = p.as_of.as_ref().and_then(|d| parse_date(d).ok())
        {
            days.push(d);
        }
    }
    days.sort();
    days
}
