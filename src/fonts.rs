//! The fonts every document is set in: Liberation Serif 2.1.5 (SIL OFL 1.1), built into the
//! binary (see `fonts/README.md`), and which characters they can print.
//!
//! Read by the Typst sandbox (to set the text) and by the checker (to find, before a build,
//! a character no font can print). Nothing here lays out text.

use std::sync::LazyLock;

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
    match COMMON.get(c as usize) {
        Some(known) => *known,
        None => in_fonts(c),
    }
}

fn in_fonts(c: char) -> bool {
    FACES.iter().all(|f| f.glyph_index(c).is_some()) || ('\u{2070}'..='\u{209F}').contains(&c)
}

/// The answer for every character below U+2100 (Latin, Vietnamese, punctuation, super- and
/// subscripts), worked out once: checking a plan asks for each of its characters.
static COMMON: LazyLock<Vec<bool>> = LazyLock::new(|| {
    (0u32..0x2100)
        .map(|u| char::from_u32(u).is_some_and(in_fonts))
        .collect()
});

#[cfg(test)]
mod tests {
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
