//! What a line must never break inside (Decree 30 practice, `../shared/nd30.md` "Line
//! breaks"): a place name with its word ("xã Quế Châu", "XÃ QUẾ CHÂU"), a document code
//! ("34/QĐ-TTg", "104/2022/NĐ-CP", "06/CP"), an abbreviation with a slash ("(t/h)", "(b/c)"), a
//! date with its word ("ngày 27/5/2023", "tháng 6", "năm 2023"), a time ("07 giờ 30") and a
//! note marker with the word after it ("⁽²⁾ Định").
//!
//! Decided here, once, as runs marked `whole`; each renderer keeps such a run on one line its
//! own way (Typst: a box; DOCX: no-break spaces and hyphens and a word joiner after a slash).

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
    Regex::new(&format!(
        r"\b{place} {name}|\b{code}|{marker}|\b{date}\b|\b(?:{time})\b|\b{slashed}\b"
    ))
    .expect("a valid pattern")
});

/// `runs` with every unit of meaning in a run of its own, marked `whole`.
pub fn keep_whole(runs: Inline) -> Inline {
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        if run.whole {
            out.push(run);
            continue;
        }
        let mut at = 0;
        for m in WHOLE.find_iter(&run.text) {
            if m.start() > at {
                out.push(Run {
                    text: run.text[at..m.start()].to_owned(),
                    ..run.clone()
                });
            }
            out.push(Run {
                text: m.as_str().to_owned(),
                whole: true,
                ..run.clone()
            });
            at = m.end();
        }
        if at < run.text.len() {
            out.push(Run {
                text: run.text[at..].to_owned(),
                ..run.clone()
            });
        }
    }
    out
}

/// One line of text as runs, with its units of meaning marked.
pub fn whole_text(text: &str) -> Inline {
    keep_whole(vec![super::inline::text(text)])
}

#[cfg(test)]
mod tests {
    use super::whole_text;

    fn kept(text: &str) -> Vec<String> {
        whole_text(text)
            .into_iter()
            .filter(|r| r.whole)
            .map(|r| r.text)
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
        // Ordinary words and numbers are left to break.
        assert!(kept("các xã trong huyện, 1.250 tài khoản").is_empty());
    }

    #[test]
    fn text_is_kept_as_written() {
        let text = "Kế hoạch 135/KH-BCĐ ngày 27/6/2023 của xã Hoà Phú.";
        let runs = whole_text(text);
        assert_eq!(super::super::inline::plain(&runs), text);
    }
}
