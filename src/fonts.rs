//! The fonts every document is set in: Liberation Serif 2.1.5 (SIL OFL 1.1), built into the
//! binary (see `fonts/README.md`), and which characters they can print.
//!
//! Read by the Typst sandbox (to set the text), by the checker (to find, before a build, a
//! character no font can print) and by the render model (to measure a line before choosing
//! where it breaks). Nothing here lays out text.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// Regular, bold, italic, bold italic.
pub static FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

static FACES: LazyLock<Vec<ttf_parser::Face<'static>>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|data| ttf_parser::Face::parse(data, 0).expect("the built-in fonts parse"))
        .collect()
});

/// Whether the documents can print `c`: every one of the fonts has a glyph for it (so bold and
/// italic can print it too), or it is a superscript or subscript (⁽¹⁾, ₂), which the compiler
/// sets from the plain glyphs when a font lacks them.
pub fn covers(c: char) -> bool {
    let Some(known) = COMMON.get(c as usize) else {
        return in_fonts(c);
    };
    match known.load(Ordering::Relaxed) {
        UNKNOWN => {
            let yes = in_fonts(c);
            known.store(if yes { YES } else { NO }, Ordering::Relaxed);
            yes
        }
        answer => answer == YES,
    }
}

fn in_fonts(c: char) -> bool {
    FACES.iter().all(|f| f.glyph_index(c).is_some()) || ('\u{2070}'..='\u{209F}').contains(&c)
}

/// The answer for each character below U+2100 (Latin, Vietnamese, punctuation, super- and
/// subscripts), worked out the first time it is asked: checking a plan asks for each of its
/// characters, and a plan uses a few hundred of them.
static COMMON: [AtomicU8; 0x2100] = [const { AtomicU8::new(UNKNOWN) }; 0x2100];
const UNKNOWN: u8 = 0;
const NO: u8 = 1;
const YES: u8 = 2;

/// A style of the fonts, in the order of [`FILES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub fn of(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }
}

/// The width of `text` set in `style` at `size` points, from the glyphs' advances (no
/// kerning, which only narrows a line): what a line needs at least.
pub fn width(text: &str, style: Style, size: f64) -> f64 {
    let face = &FACES[style as usize];
    let units: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(u32::from(face.units_per_em()) / 2, u32::from)
        })
        .sum();
    f64::from(units) * size / f64::from(face.units_per_em())
}

#[cfg(test)]
mod tests {
    #[test]
    fn widths_follow_the_fonts() {
        use super::{Style, width};
        // A space is a quarter of an em; bold is wider than regular.
        assert!((width(" ", Style::Regular, 14.0) - 3.5).abs() < 0.01);
        let regular = width("ỦY BAN NHÂN DÂN", Style::Regular, 13.0);
        let bold = width("ỦY BAN NHÂN DÂN", Style::Bold, 13.0);
        assert!(bold > regular && regular > 80.0, "{regular} {bold}");
        assert!(
            width("1.234.567", Style::Regular, 11.0) < width("1.234.567.890", Style::Regular, 11.0)
        );
    }

    #[test]
    fn vietnamese_is_covered_and_symbols_are_not() {
        for c in "ỦY BAN NHÂN DÂN Xã Quế Châu – “đ” ⁽¹⁾ 1.250,5%".chars() {
            assert!(c == ' ' || super::covers(c), "{c}");
        }
        for c in ['✓', '★', '①', '中', '😀'] {
            assert!(!super::covers(c), "{c}");
        }
    }
}
