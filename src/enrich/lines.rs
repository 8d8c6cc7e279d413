//! Breaking a centred heading into lines of similar length, between words that belong apart
//! (Decree 30 practice: the header's authority and the subject "broken by meaning").
//!
//! The line count is the fewest that fit; among the ways of breaking into that many lines, the
//! one whose lines are closest in length wins, a break before a joining word ("của", "và",
//! "trên", "năm" …) or after a comma being cheaper than one inside a phrase, and one inside a
//! known word dearest. Units of meaning ([`super::joins`]) are never broken. Widths come from the fonts' advances ([`crate::fonts`]);
//! the renderers print the lines with forced breaks, so the PDF and the DOCX break alike.

use crate::fonts::{self, Style};

use super::inline::{Inline, Run};

/// Words a line may well start with: joining words and the levels of a place.
const GOOD_BEFORE: [&str; 26] = [
    "của",
    "và",
    "trên",
    "tại",
    "cho",
    "về",
    "trong",
    "theo",
    "năm",
    "giai",
    "đến",
    "nhằm",
    "để",
    "với",
    "thuộc",
    "giữa",
    "đối",
    "xã",
    "phường",
    "thị",
    "huyện",
    "quận",
    "tỉnh",
    "thành",
    "ban",
    "ủy",
];

/// Two-syllable words of plans, which a line never splits ("kích / hoạt"): Vietnamese writes
/// a space between the syllables of one word, so only a list can tell a word from a phrase.
const WORDS: [&str; 84] = [
    "ban hành",
    "bảo đảm",
    "báo cáo",
    "cài đặt",
    "cán bộ",
    "căn cước",
    "cao điểm",
    "cấp độ",
    "chỉ đạo",
    "chỉ thị",
    "chỉ tiêu",
    "chiến dịch",
    "chính phủ",
    "chính quyền",
    "chuyển đổi",
    "chủ tịch",
    "công an",
    "công dân",
    "công tác",
    "cơ quan",
    "cơ sở",
    "cư trú",
    "cộng hòa",
    "dân cư",
    "dịch vụ",
    "doanh nghiệp",
    "dữ liệu",
    "đăng ký",
    "địa bàn",
    "địa phương",
    "điện tử",
    "định danh",
    "đẩy mạnh",
    "đề án",
    "đoàn thể",
    "đô thị",
    "giai đoạn",
    "giải quyết",
    "hành chính",
    "hiệu quả",
    "hoàn thành",
    "hộ chiếu",
    "hướng dẫn",
    "kế hoạch",
    "kích hoạt",
    "kiểm tra",
    "nâng cao",
    "nhân dân",
    "nhiệm vụ",
    "phát động",
    "phát triển",
    "phối hợp",
    "phụ lục",
    "quản lý",
    "quốc gia",
    "sinh trắc",
    "sử dụng",
    "tài khoản",
    "tăng cường",
    "thành phố",
    "thi đua",
    "thị trấn",
    "thị xã",
    "thông tin",
    "thủ tục",
    "thực hiện",
    "tổ chức",
    "trật tự",
    "triển khai",
    "trực tuyến",
    "tuyên truyền",
    "ủy ban",
    "uỷ ban",
    "ứng dụng",
    "văn bản",
    "vận động",
    "xác thực",
    "xã hội",
    "an ninh",
    "an toàn",
    "bảo vệ",
    "cải cách",
    "chuyên đề",
    "kết quả",
];

/// What a break costs, as the square of a length difference in points: inside a phrase, and
/// inside a word (as good as never).
const PHRASE_BREAK: f64 = 60.0 * 60.0;
const WORD_BREAK: f64 = 250.0 * 250.0;

/// Room kept on each line for what the advances do not see (kerning differences, rounding).
const SLACK: f64 = 0.96;

/// A place where a line may break: the byte offset of a space in the plain text.
struct Break {
    at: usize,
    cost: f64,
}

/// `runs` (all set in `size` points, bold when `bold`) as lines no wider than `width`.
pub fn balance(runs: &Inline, bold: bool, size: f64, width: f64) -> Vec<Inline> {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let width = width * SLACK;
    let measure =
        |a: usize, b: usize| fonts::width(text[a..b].trim(), Style::of(bold, false), size);
    let breaks = breaks(runs, &text);
    let total = measure(0, text.len());
    if total <= width || breaks.is_empty() {
        return vec![runs.clone()];
    }
    // ends[k] = the end of line k: a break's offset, or the text's end.
    let ends: Vec<usize> = breaks.iter().map(|b| b.at).chain([text.len()]).collect();
    let cost_at = |k: usize| breaks.get(k).map_or(0.0, |b| b.cost);
    for lines in 2..=ends.len() {
        let target = total / lines as f64;
        // best[j][k]: the cheapest way to set j+1 lines ending at ends[k].
        let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; ends.len()]; lines];
        for (k, &end) in ends.iter().enumerate() {
            let w = measure(0, end);
            if w <= width {
                best[0][k] = Some(((w - target).powi(2) + cost_at(k), usize::MAX));
            }
        }
        for j in 1..lines {
            for k in 0..ends.len() {
                for p in 0..k {
                    let Some((before, _)) = best[j - 1][p] else {
                        continue;
                    };
                    let w = measure(ends[p], ends[k]);
                    if w > width {
                        continue;
                    }
                    let c = before + (w - target).powi(2) + cost_at(k);
                    if best[j][k].is_none_or(|(old, _)| c < old) {
                        best[j][k] = Some((c, p));
                    }
                }
            }
        }
        if best[lines - 1][ends.len() - 1].is_some() {
            let mut cuts = Vec::new();
            let mut k = ends.len() - 1;
            for j in (1..lines).rev() {
                let (_, p) = best[j][k].expect("a path");
                cuts.push(ends[p]);
                k = p;
            }
            cuts.reverse();
            return split(runs, &cuts);
        }
    }
    vec![runs.clone()]
}

/// The spaces outside units of meaning, each with what breaking there costs.
fn breaks(runs: &Inline, text: &str) -> Vec<Break> {
    let mut out = Vec::new();
    let mut offset = 0;
    // Units of meaning hold no plain space ([`super::joins`]): a line never breaks inside one.
    for run in runs {
        {
            for (i, _) in run.text.match_indices(' ') {
                let at = offset + i;
                let before = text[..at].trim_end();
                let next = text[at + 1..].split(' ').next().unwrap_or("");
                let last = before.rsplit(' ').next().unwrap_or("");
                let word = format!("{last} {next}").to_lowercase();
                let cost = if before.ends_with([',', ';', ':'])
                    || GOOD_BEFORE.contains(&next.to_lowercase().as_str())
                {
                    0.0
                } else if WORDS.contains(&word.as_str()) {
                    WORD_BREAK
                } else {
                    PHRASE_BREAK
                };
                if at > 0 && at + 1 < text.len() {
                    out.push(Break { at, cost });
                }
            }
        }
        offset += run.text.len();
    }
    out
}

/// `runs` cut at the byte offsets `cuts` (each a space, dropped).
fn split(runs: &Inline, cuts: &[usize]) -> Vec<Inline> {
    let mut lines: Vec<Inline> = vec![Vec::new()];
    let mut offset = 0;
    for run in runs {
        let mut start = 0;
        for &cut in cuts
            .iter()
            .filter(|&&c| c >= offset && c < offset + run.text.len())
        {
            let i = cut - offset;
            push(lines.last_mut().expect("a line"), run, &run.text[start..i]);
            lines.push(Vec::new());
            start = i + 1;
        }
        push(lines.last_mut().expect("a line"), run, &run.text[start..]);
        offset += run.text.len();
    }
    lines
}

fn push(line: &mut Inline, run: &Run, text: &str) {
    if !text.is_empty() {
        line.push(Run {
            text: text.to_owned(),
            ..run.clone()
        });
    }
}

/// Plain lines: `text` balanced, each line as one string (places and codes in it joined).
pub fn balance_text(text: &str, bold: bool, size: f64, width: f64) -> Vec<String> {
    balance(&super::joins::whole_text(text), bold, size, width)
        .iter()
        .map(|l| l.iter().map(|r| r.text.as_str()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    /// Balanced lines as a reader reads them (joins undone).
    fn balance_text(text: &str, bold: bool, size: f64, width: f64) -> Vec<String> {
        super::balance_text(text, bold, size, width)
            .iter()
            .map(|l| {
                l.replace('\u{a0}', " ")
                    .replace(super::super::joins::JOINER, "")
            })
            .collect()
    }

    #[test]
    fn the_authority_breaks_before_its_place() {
        let lines = balance_text("ỦY BAN NHÂN DÂN XÃ QUẾ CHÂU", true, 13.0, 177.0);
        assert_eq!(lines, ["ỦY BAN NHÂN DÂN", "XÃ QUẾ CHÂU"]);
        let lines = balance_text("UBND XÃ HOÀ PHÚ", true, 13.0, 177.0);
        assert_eq!(lines, ["UBND XÃ HOÀ PHÚ"]);
    }

    #[test]
    fn no_word_is_split() {
        for (text, size, width) in [
            ("BAN CHỈ ĐẠO THỰC HIỆN ĐỀ ÁN 06", 13.0, 177.0),
            (
                "Hướng dẫn Nhân dân kích hoạt tài khoản định danh điện tử trên địa bàn xã",
                14.0,
                467.0,
            ),
            (
                "Mở chiến dịch cấp và kích hoạt tài khoản định danh điện tử mức 2 trên địa bàn huyện Cần Giờ",
                14.0,
                467.0,
            ),
        ] {
            let lines = balance_text(text, true, size, width);
            assert_eq!(lines.len(), 2, "{lines:?}");
            let seam = format!(
                "{} {}",
                lines[0].rsplit(' ').next().unwrap(),
                lines[1].split(' ').next().unwrap()
            )
            .to_lowercase();
            assert!(!super::WORDS.contains(&seam.as_str()), "{lines:?}");
        }
    }

    #[test]
    fn a_subject_breaks_between_phrases_into_similar_lines() {
        let subject = "Phát động thi đua cao điểm hướng dẫn Nhân dân cài đặt, kích hoạt, sử dụng \
                       tài khoản định danh điện tử trên địa bàn xã Quế Châu";
        let lines = balance_text(subject, true, 14.0, 467.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[1].starts_with("trên") || lines[0].ends_with(','),
            "{lines:?}"
        );
        for l in &lines {
            assert!(l.trim() == l && !l.is_empty());
        }
        assert_eq!(lines.join(" "), subject);
    }
}
