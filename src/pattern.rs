//! A regular expression built for how it is used: over whole texts, or on the few words beside
//! something already found. The rules' patterns are compiled on every cold run, and most of
//! that compiling is engines a pattern of that use never runs.
//!
//! It finds what `regex::Regex` finds (the same syntax, leftmost-first, the same groups);
//! only what is built beforehand differs. (The line-break units of the render model choose
//! their engines one by one, and do not use this.)

use std::ops::{Index, Range};

use regex_automata::meta::{self, Config};
use regex_automata::util::captures::Captures;

pub struct Pattern {
    regex: meta::Regex,
}

impl Pattern {
    /// A pattern searched for through whole texts: it gets a prefilter (what every match
    /// begins with, found fast), which makes the search ten times faster and costs most of
    /// its compiling.
    pub fn for_texts(pattern: &str) -> Pattern {
        Pattern::with(pattern, true)
    }

    /// A pattern matched on a few words (before or after a date): no prefilter.
    pub fn for_snippets(pattern: &str) -> Pattern {
        Pattern::with(pattern, false)
    }

    fn with(pattern: &str, prefilter: bool) -> Pattern {
        // The full DFA and the one-pass DFA only pay on texts far longer than a plan's.
        let config = Config::new()
            .dfa(false)
            .onepass(false)
            .auto_prefilter(prefilter);
        let regex = meta::Regex::builder()
            .configure(config)
            .build(pattern)
            .unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"));
        Pattern { regex }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Found<'t>> {
        self.regex.find(text).map(|m| Found::new(text, m.range()))
    }

    pub fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Found<'t>> {
        self.regex
            .find_iter(text)
            .map(move |m| Found::new(text, m.range()))
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        let mut caps = self.regex.create_captures();
        self.regex.captures(text, &mut caps);
        caps.is_match().then_some(Groups { text, caps })
    }

    pub fn captures_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Groups<'t>> {
        self.regex
            .captures_iter(text)
            .map(move |caps| Groups { text, caps })
    }
}

/// Where a pattern, or one of its groups, matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Found<'t> {
    fn new(text: &'t str, range: Range<usize>) -> Found<'t> {
        Found {
            text,
            start: range.start,
            end: range.end,
        }
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// One match and its groups (group 0 is the whole match).
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    pub fn get(&self, group: usize) -> Option<Found<'t>> {
        self.caps
            .get_group(group)
            .map(|span| Found::new(self.text, span.range()))
    }
}

impl<'t> Index<usize> for Groups<'t> {
    type Output = str;

    /// The text of a group that took part in the match; a group that did not is a mistake in
    /// the rule that asks for it.
    fn index(&self, group: usize) -> &str {
        self.get(group)
            .unwrap_or_else(|| panic!("group {group} did not take part in the match"))
            .as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `regex::Regex` finds, as (whole match, each group) per match.
    fn by_regex(pattern: &str, text: &str) -> Vec<Vec<Option<String>>> {
        let re = regex::Regex::new(pattern).unwrap();
        re.captures_iter(text)
            .map(|c| {
                c.iter()
                    .map(|g| g.map(|m| format!("{}@{}", m.as_str(), m.start())))
                    .collect()
            })
            .collect()
    }

    fn by_pattern(p: &Pattern, groups: usize, text: &str) -> Vec<Vec<Option<String>>> {
        p.captures_iter(text)
            .map(|c| {
                (0..groups)
                    .map(|i| c.get(i).map(|m| format!("{}@{}", m.as_str(), m.start())))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn finds_what_regex_finds() {
        let text = "Từ 27/6-15/9/2024, ngày 5, 6 và 7/8/2023; THỨ HAI ngày 31 tháng 6 năm 2023, \
                    lúc 7h30' và 14 giờ 30 phút; Nghị định số 59/2022/NĐ-CP ngày 05/9/2022.";
        for pattern in [
            r"(?i)([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?",
            r"(?i)ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})(?:\s*(?:,\s*)?năm\s+([0-9]{4}))?",
            r"(?i)\b(thứ\s+(?:hai|ba)|chủ\s+nhật)\b",
            r"([0-9]{1,3})[hH]([0-9]{1,3})?'?",
            r"[0-9]{1,5}/([0-9]{4})/\p{Lu}[\p{L}0-9-]*",
            r"x*",
        ] {
            let groups = regex::Regex::new(pattern).unwrap().captures_len();
            let want = by_regex(pattern, text);
            assert!(!want.is_empty(), "{pattern}");
            for p in [Pattern::for_texts(pattern), Pattern::for_snippets(pattern)] {
                assert_eq!(by_pattern(&p, groups, text), want, "{pattern}");
                assert_eq!(p.is_match(text), !want.is_empty());
                let first = p
                    .find(text)
                    .map(|m| format!("{}@{}", m.as_str(), m.start()));
                assert_eq!(first, want[0][0], "{pattern}");
                assert_eq!(p.find_iter(text).count(), want.len(), "{pattern}");
            }
        }
    }

    #[test]
    fn a_group_outside_the_match_is_none_and_no_match_is_none() {
        let p = Pattern::for_snippets(r"(a)|(b)");
        let c = p.captures("b").unwrap();
        assert_eq!((c.get(1), &c[2]), (None, "b"));
        assert!(p.captures("c").is_none());
    }
}
