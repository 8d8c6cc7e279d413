//! The layout measures of every document: `templates/layout.json`, one table read by the
//! Typst layout (`nd30.typ` loads the same file) and by the DOCX renderer, and here by the
//! render model to size table columns and to choose where header lines break. Keeping one
//! table is what makes a plan's PDF and DOCX step alike and have the same number of pages.
//!
//! Lengths are in points. Nothing here lays anything out.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The file itself, as built into the binary (also served to the Typst compiler).
pub const LAYOUT_JSON: &str = include_str!("../../templates/layout.json");

/// The measures, read once.
pub static MEASURES: LazyLock<Measures> =
    LazyLock::new(|| serde_json::from_str(LAYOUT_JSON).expect("templates/layout.json is valid"));

#[derive(Debug, Deserialize, Serialize)]
pub struct Measures {
    pub page: Page,
    pub body: Body,
    pub header: HeaderMeasures,
    pub title: Title,
    pub signature: SignatureMeasures,
    pub appendix: AppendixMeasures,
    pub table: TableMeasures,
    pub page_number: PageNumber,
}

/// A4 and its margins.
#[derive(Debug, Deserialize, Serialize)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    /// From the page's top edge to the top of the page number.
    pub number_from_top: f64,
}

/// Body paragraphs.
#[derive(Debug, Deserialize, Serialize)]
pub struct Body {
    pub size: f64,
    /// Baseline to baseline inside a paragraph.
    pub pitch: f64,
    /// Added between paragraphs (Decree 30: at least 6 pt).
    pub gap: f64,
    /// The first line's indent.
    pub indent: f64,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct HeaderMeasures {
    pub size: f64,
    pub pitch: f64,
    pub motto_size: f64,
    /// The space a rule under the authority or the motto stands in.
    pub rule_gap: f64,
    /// The rule's thickness.
    pub rule: f64,
    /// Above the number and the place-and-date line.
    pub number_gap: f64,
    /// The authority's column, as a share of the text width.
    pub authority_share: f64,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Title {
    pub size: f64,
    pub pitch: f64,
    pub before: f64,
    pub after: f64,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct SignatureMeasures {
    pub before: f64,
    pub label_size: f64,
    pub recipients_size: f64,
    pub recipients_pitch: f64,
    /// Room for the signature and the seal, above the name.
    pub space_to_sign: f64,
    /// The recipients' column, as a share of the text width.
    pub recipients_share: f64,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct AppendixMeasures {
    pub after_caption: f64,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct TableMeasures {
    pub size: f64,
    pub pitch: f64,
    /// Space between a cell's border and its text, left and right.
    pub pad_x: f64,
    /// Space between a cell's border and its text, above and below.
    pub pad_y: f64,
    pub note_gap: f64,
    pub stroke: f64,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct PageNumber {
    pub size: f64,
}

impl Measures {
    /// The width text may take on a page: portrait, or landscape for a wide table.
    pub fn text_width(&self, landscape: bool) -> f64 {
        let paper = if landscape {
            self.page.height
        } else {
            self.page.width
        };
        paper - self.page.left - self.page.right
    }
}

#[cfg(test)]
mod tests {
    use super::MEASURES;

    #[test]
    fn the_table_follows_decree_30() {
        let m = &*MEASURES;
        // Body 13–14 pt, at least 6 pt between paragraphs, single to 1.5 lines.
        assert!((13.0..=14.0).contains(&m.body.size));
        assert!(m.body.gap >= 6.0);
        assert!(m.body.pitch >= m.body.size * 1.1 && m.body.pitch <= m.body.size * 1.5 * 1.15);
        // Margins 20/20/30/15 mm, A4.
        let mm = |pt: f64| pt / 72.0 * 25.4;
        assert_eq!(
            [m.page.top, m.page.bottom, m.page.left, m.page.right].map(|x| mm(x).round()),
            [20.0, 20.0, 30.0, 15.0]
        );
        assert_eq!(mm(m.text_width(false)).round(), 165.0);
    }
}
