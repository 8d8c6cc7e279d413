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

use regex::Regex;

use super::inline::{Inline, Run};

static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    let place = "(?i:thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tỉnh)";
    let name = r"(?:\p{Lu}\p{L}*|\d+)(?:[ \u{a0}](?:\p{Lu}\p{L}*|\d+)){0,3}";
    let code = r"\d+(?:/\d{4})?/\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*";
    let slashed = r"\p{L}{1,6}/\p{L}{1,8}";
    let date = r"(?:[Nn]gày|[Tt]háng|[Nn]ăm) \d{1,4}(?:/\d{1,4}){0,2}";
    let time = r"\d{1,2} giờ(?: \d{1,2}(?: phút)?)?|\d{1,2}h\d{2}";
    let marker = r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾ \S+";
    // "CT-XH", "KT-XH", "ANTT-XH": capitals joined by hyphens.
    let capitals = r"\p{Lu}{2,}(?:-\p{Lu}{2,})+";
    Regex::new(&format!(
        r"\b{place} {name}|\b{code}|{marker}|\b{date}\b|\b(?:{time})\b|\b{slashed}\b|\b{capitals}\b"
    ))
    .expect("a valid pattern")
});

/// Compiles the pattern now rather than for the first text (a build does it on another core
/// while the plan is checked).
pub fn prepare() {
    LazyLock::force(&WHOLE);
}

/// A word joiner: no line breaks beside it; printed as nothing.
pub const JOINER: char = '\u{2060}';

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
    WHOLE
        .replace_all(text, |m: &regex::Captures| join(&m[0]))
        .into_owned()
}

fn join(unit: &str) -> String {
    let mut out = String::with_capacity(unit.len() + 8);
    for c in unit.chars() {
        match c {
            ' ' => out.push('\u{a0}'),
            '-' | '/' => {
                out.push(c);
                out.push(JOINER);
            }
            c => out.push(c),
        }
    }
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
