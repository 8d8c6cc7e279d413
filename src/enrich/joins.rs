//! What a line must never break inside (Decree 30 practice, `../shared/nd30.md` "Line
//! breaks"): a place name with its word ("xã Quế Châu", "XÃ QUẾ CHÂU"), a document code
//! ("34/QĐ-TTg", "104/2022/NĐ-CP", "06/CP"), an abbreviation with a slash ("(t/h)", "(b/c)"), a
//! date with its word ("ngày 27/5/2023", "tháng 6", "năm 2023"), a time ("07 giờ 30") and a
//! note marker with the word after it ("⁽²⁾ Định").
//!
//! Decided here, once, in the text itself: no-break spaces, and a word joiner (U+2060) after a
//! hyphen or a slash. Each renderer tells the joiner in its own terms, so no output carries it:
//! the Typst renderer sets a joined word in a box (`render::typst::escape`), the DOCX writes
//! Word's non-breaking hyphen and drops the joiner after a slash (`render::docx`).

use std::sync::LazyLock;

use regex_automata::Input;
use regex_automata::meta::{Config, Regex};

use super::inline::{Inline, Run};

/// A word joiner: no line breaks beside it; printed as nothing.
pub const JOINER: char = '\u{2060}';

/// One kind of unit. The kinds are found each on its own and combined as the branches of one
/// alternation would be (the earliest start wins; at the same start, the kind listed first):
/// one pattern of them all cost twice as much to compile and three times as much to search,
/// and a cold build pays the compiling.
struct Kind {
    pattern: &'static str,
    /// Text every unit of the kind holds: a text without it is not searched for the kind.
    needle: &'static str,
    /// Whether the lazy DFA is built. It gives up at the first non-ASCII byte of a pattern with
    /// `\b`, so it only pays where it finds most units itself (the capitals: three times faster
    /// to search); elsewhere its building costs more than it saves on a plan's text.
    dfa: bool,
    /// How long the unit is, given the text the pattern found; `None` when it is not one.
    ends: fn(&str) -> Option<usize>,
}

static KINDS: [Kind; 8] = [
    // "xã Quế Châu", "XÃ QUẾ CHÂU", "thị xã Điện Bàn": a place word and up to four words of
    // its name (`name_ends` counts them; a bounded repetition of `\p{L}` is costly to compile).
    Kind {
        pattern: r"\b(?i:thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tỉnh) (?:\p{Lu}\p{L}*|\d+)(?:[ \u{a0}](?:\p{Lu}\p{L}*|\d+))*",
        needle: " ",
        dfa: false,
        ends: name_ends,
    },
    // "34/QĐ-TTg", "104/2022/NĐ-CP", "06/CP".
    Kind {
        pattern: r"\b\d+(?:/\d{4})?/\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*",
        needle: "/",
        dfa: false,
        ends: whole,
    },
    // A note marker with the word after it: "⁽²⁾ Định".
    Kind {
        pattern: r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾ \S+",
        needle: "⁽",
        dfa: false,
        ends: whole,
    },
    // "ngày 27/5/2023", "tháng 6", "năm 2023".
    Kind {
        pattern: r"\b(?:[Nn]gày|[Tt]háng|[Nn]ăm) \d{1,4}(?:/\d{1,4}){0,2}\b",
        needle: " ",
        dfa: false,
        ends: whole,
    },
    // "07 giờ 30", "07 giờ 30 phút".
    Kind {
        pattern: r"\b\d{1,2} giờ(?: \d{1,2}(?: phút)?)?\b",
        needle: " giờ",
        dfa: false,
        ends: whole,
    },
    // "7h30".
    Kind {
        pattern: r"\b\d{1,2}h\d{2}\b",
        needle: "h",
        dfa: false,
        ends: whole,
    },
    // "(t/h)", "(b/c)": up to six letters, a slash and up to eight (`slashed_ends` counts).
    Kind {
        pattern: r"\b\p{L}+/\p{L}+\b",
        needle: "/",
        dfa: false,
        ends: slashed_ends,
    },
    // "CT-XH", "KT-XH", "ANTT-XH": capitals joined by hyphens.
    Kind {
        pattern: r"\b\p{Lu}{2,}(?:-\p{Lu}{2,})+\b",
        needle: "-",
        dfa: true,
        ends: whole,
    },
];

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    KINDS
        .iter()
        .map(|kind| {
            // Only `find` is asked for: no one-pass DFA (it serves groups and anchored
            // searches), and no full DFA, too costly to build for texts this short.
            let config = Config::new().hybrid(kind.dfa).dfa(false).onepass(false);
            Regex::builder()
                .configure(config)
                .build(kind.pattern)
                .expect("a valid pattern")
        })
        .collect()
});

/// Compiles the patterns now rather than for the first text (a build does it on another core
/// while the plan is checked).
pub fn prepare() {
    LazyLock::force(&PATTERNS);
}

fn whole(unit: &str) -> Option<usize> {
    Some(unit.len())
}

/// A place word ("xã", "thị xã") and at most four words of its name.
fn name_ends(unit: &str) -> Option<usize> {
    let first = unit.split(' ').next()?.to_lowercase();
    let place_words = if first == "thị" || first == "thành" {
        2
    } else {
        1
    };
    // Word k is followed by separator k: the unit ends at the separator after its last word.
    let cut = unit.match_indices([' ', '\u{a0}']).nth(place_words + 3);
    Some(cut.map_or(unit.len(), |(at, _)| at))
}

/// Up to six letters, a slash and up to eight.
fn slashed_ends(unit: &str) -> Option<usize> {
    let (before, after) = unit.split_once('/')?;
    (before.chars().count() <= 6 && after.chars().count() <= 8).then_some(unit.len())
}

/// The units of `text`, in order, as byte ranges: what one alternation of the kinds, in their
/// order, finds (leftmost first; at the same start, the first kind).
fn units(text: &str) -> Vec<(usize, usize)> {
    let patterns = &*PATTERNS;
    // Each kind's next unit; kept while no chosen unit has passed its start.
    let mut next: Vec<Option<(usize, usize)>> = KINDS
        .iter()
        .zip(patterns)
        .map(|(kind, re)| find(kind, re, text, 0))
        .collect();
    let mut found = Vec::new();
    while let Some((start, end)) = next
        .iter()
        .flatten()
        .copied()
        .min_by_key(|&(start, _)| start)
    {
        found.push((start, end));
        for (slot, (kind, re)) in next.iter_mut().zip(KINDS.iter().zip(patterns)) {
            if slot.is_some_and(|(s, _)| s < end) {
                *slot = find(kind, re, text, end);
            }
        }
        debug_assert!(start < end);
    }
    found
}

/// The first unit of `kind` that starts at or after `from`.
fn find(kind: &Kind, re: &Regex, text: &str, mut from: usize) -> Option<(usize, usize)> {
    if !text[from..].contains(kind.needle) {
        return None;
    }
    loop {
        let m = re.search(&Input::new(text).range(from..))?;
        match (kind.ends)(&text[m.range()]) {
            Some(len) => return Some((m.start(), m.start() + len)),
            // Not a unit from its start: look again from the next character.
            None => from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8),
        }
    }
}

/// `runs` with every unit of meaning joined: its spaces made no-break spaces, a word joiner
/// after each hyphen and slash, so no line breaks inside it.
pub fn keep_whole(runs: Inline) -> Inline {
    runs.into_iter()
        .map(|run| Run {
            text: joined(&run.text),
            ..run
        })
        .collect()
}

/// `text` with every unit of meaning joined (for texts that are not runs: recipients, notes).
pub fn joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (start, end) in units(text) {
        out.push_str(&text[last..start]);
        for c in text[start..end].chars() {
            match c {
                ' ' => out.push('\u{a0}'),
                '-' | '/' => {
                    out.push(c);
                    out.push(JOINER);
                }
                c => out.push(c),
            }
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// One line of text as runs, with its units of meaning joined.
pub fn whole_text(text: &str) -> Inline {
    keep_whole(vec![super::inline::text(text)])
}

#[cfg(test)]
mod tests {
    use super::whole_text;

    /// The joined units: words held together by no-break spaces or joiners.
    fn kept(text: &str) -> Vec<String> {
        let joined: String = whole_text(text).into_iter().map(|r| r.text).collect();
        joined
            .split(' ')
            .filter(|w| w.contains(['\u{a0}', super::JOINER]))
            .map(|w| {
                w.replace('\u{a0}', " ")
                    .replace(super::JOINER, "")
                    .trim_matches([',', '.', ';', ':', '(', ')'])
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn units_of_meaning_are_kept_whole() {
        assert_eq!(
            kept("Căn cứ Quyết định số 34/QĐ-TTg và Nghị định số 104/2022/NĐ-CP, Nghị quyết 06/CP"),
            ["34/QĐ-TTg", "104/2022/NĐ-CP", "06/CP"]
        );
        assert_eq!(
            kept("UBND XÃ QUẾ CHÂU, huyện Quế Sơn, tỉnh Quảng Nam; thị xã Điện Bàn"),
            [
                "XÃ QUẾ CHÂU",
                "huyện Quế Sơn",
                "tỉnh Quảng Nam",
                "thị xã Điện Bàn"
            ]
        );
        assert_eq!(
            kept("báo cáo (b/c) và thực hiện (t/hiện) trước ngày 27/5/2023 lúc 07 giờ 30"),
            ["b/c", "t/hiện", "ngày 27/5/2023", "07 giờ 30"]
        );
        assert_eq!(
            kept("ngày 27 tháng 6 năm 2023: ⁽¹⁾ Định danh"),
            ["ngày 27", "tháng 6", "năm 2023", "⁽¹⁾ Định"]
        );
        assert_eq!(
            kept("các tổ chức CT-XH, phát triển KT-XH và bảo đảm ANTT-XH."),
            ["CT-XH", "KT-XH", "ANTT-XH"]
        );
        // Ordinary words and numbers are left to break.
        assert!(kept("các xã trong huyện, 1.250 tài khoản").is_empty());
    }

    #[test]
    fn text_is_kept_as_written() {
        let text = "Kế hoạch 135/KH-BCĐ ngày 27/6/2023 của xã Hoà Phú.";
        assert_eq!(super::super::inline::plain(&whole_text(text)), text);
    }
}

#[cfg(test)]
mod one_pattern {
    //! The kinds, found one by one, join what the single pattern they replace joined.
    use proptest::prelude::*;

    /// The pattern of all kinds, as it was written before it was split (the reference).
    fn reference(text: &str) -> String {
        static ONE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(one);
        ONE.replace_all(text, |m: &regex::Captures| {
            let mut out = String::new();
            for c in m[0].chars() {
                match c {
                    ' ' => out.push('\u{a0}'),
                    '-' | '/' => {
                        out.push(c);
                        out.push(super::JOINER);
                    }
                    c => out.push(c),
                }
            }
            out
        })
        .into_owned()
    }

    fn one() -> regex::Regex {
        let place = "(?i:thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tỉnh)";
        let name = r"(?:\p{Lu}\p{L}*|\d+)(?:[ \u{a0}](?:\p{Lu}\p{L}*|\d+)){0,3}";
        let code = r"\d+(?:/\d{4})?/\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*";
        let slashed = r"\p{L}{1,6}/\p{L}{1,8}";
        let date = r"(?:[Nn]gày|[Tt]háng|[Nn]ăm) \d{1,4}(?:/\d{1,4}){0,2}";
        let time = r"\d{1,2} giờ(?: \d{1,2}(?: phút)?)?|\d{1,2}h\d{2}";
        let marker = r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾ \S+";
        let capitals = r"\p{Lu}{2,}(?:-\p{Lu}{2,})+";
        regex::Regex::new(&format!(
            r"\b{place} {name}|\b{code}|{marker}|\b{date}\b|\b(?:{time})\b|\b{slashed}\b|\b{capitals}\b"
        ))
        .unwrap()
    }

    /// Pieces that make units, near-units and their edges.
    const PIECES: &[&str] = &[
        " ",
        "\u{a0}",
        "/",
        "-",
        "_",
        ".",
        ",",
        "(",
        ")",
        "h",
        "giờ",
        "phút",
        "ngày",
        "Ngày",
        "tháng",
        "năm",
        "xã",
        "XÃ",
        "thị",
        "Thị",
        "trấn",
        "thành",
        "THÀNH",
        "phố",
        "huyện",
        "tỉnh",
        "Quế",
        "Châu",
        "QUẾ",
        "Sơn",
        "A",
        "B",
        "Đ",
        "ab",
        "abcdefg",
        "QĐ",
        "TTg",
        "NĐ",
        "CP",
        "CT",
        "XH",
        "X",
        "7",
        "07",
        "30",
        "2023",
        "123",
        "٣",
        "⁽",
        "¹",
        "²",
        "⁾",
        "\u{301}",
        "é",
        "x",
        "xã ",
        "thị xã ",
        "Thành phố ",
        "Quế ",
        "A ",
        "7 ",
        "Đ\u{a0}",
        "Ab ",
        "ab/",
        "AB-",
        "ngày 2",
        "/2023",
        "7 giờ 30",
    ];

    /// `n` of `words` with a separator from `seps` after each.
    fn run(
        words: &'static [&'static str],
        seps: &'static [&'static str],
        n: std::ops::Range<usize>,
    ) -> impl Strategy<Value = String> {
        prop::collection::vec((prop::sample::select(words), prop::sample::select(seps)), n)
            .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    /// A text of pieces and of near-units: place names of any length, slashed words of any
    /// length, chains of capitals.
    fn text() -> impl Strategy<Value = String> {
        let names = &["Quế", "Châu", "A", "Đ", "7", "ab", "QUẾ", "Sơn"];
        let places = &[
            "xã ",
            "thị xã ",
            "Thành phố ",
            "THỊ TRẤN ",
            "huyện ",
            "thị ",
            "tỉnh ",
        ];
        let part = prop_oneof![
            prop::sample::select(PIECES).prop_map(str::to_owned),
            (
                prop::sample::select(places),
                run(names, &[" ", "\u{a0}", ", ", "-"], 0..8)
            )
                .prop_map(|(p, n)| format!("{p}{n}")),
            run(&["a", "đ", "B", "ấ"], &[""], 1..10),
            run(&["a", "B", "ấ", "/", "-", "Đ", "1"], &[""], 1..12),
        ];
        prop::collection::vec(part, 0..10).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn joins_as_the_one_pattern_did(text in text()) {
            prop_assert_eq!(super::joined(&text), reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn joins_the_reference_documents_as_the_one_pattern_did() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference");
        let mut read = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                assert_eq!(super::joined(line), reference(line), "{line:?}");
            }
            read += 1;
        }
        assert!(read >= 3);
    }
}
