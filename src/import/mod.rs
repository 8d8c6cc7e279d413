//! `kehoach import`: a plan as offices already have it (a Word document, or its text) made into
//! a plan file and the data files of its appendix tables, which then go through load and
//! check like any plan. [`source`] reads the file within limits, [`recognise`] finds the
//! document's parts, [`body`] its numbered body, [`table`] its tables of figures, [`yaml`]
//! writes the result.
//!
//! What the original says is kept as written — dates, figures, its mistakes — so that `check`
//! finds them in the new plan; what has no place in the format is kept in the nearest text
//! and listed.

mod body;
mod recognise;
pub mod source;
mod table;
mod wordxml;
mod yaml;

pub use source::Refused;
pub use table::ascii as ascii_letter;

/// What an import makes.
pub struct Imported {
    /// The plan file's text.
    pub yaml: String,
    /// Each data file: its path relative to the plan's folder, and its bytes.
    pub data: Vec<(String, Vec<u8>)>,
    /// The columns written as formulas: "Phụ lục 1: con_lai = chi_tieu - da_thu_nhan".
    pub formulas: Vec<String>,
    /// The fields not found (written as comments).
    pub missing: Vec<&'static str>,
    /// Paragraphs kept in the nearest text: their number in the original, and their text.
    pub unplaced: Vec<(usize, String)>,
}

/// The plan made from `bytes` (a `.docx` or a text), its data files named after `stem`.
pub fn import(bytes: &[u8], stem: &str, source_name: &str) -> Result<Imported, Refused> {
    let blocks = source::read(bytes)?;
    let r = recognise::recognise(blocks, stem);
    let mut yaml = format!(
        "# Nhập từ {source_name} bằng `kehoach import`: kiểm tra lại rồi chạy `kehoach check`.\n\
         # Imported from {source_name} by `kehoach import`: review it, then run `kehoach check`.\n\n"
    );
    yaml.push_str(&yaml::write(&r.entries));
    let mut data = Vec::new();
    let mut formulas = Vec::new();
    for (n, t) in r.tables.iter().enumerate() {
        let mut w = csv::Writer::from_writer(Vec::new());
        for row in &t.data {
            // The csv crate writes to memory here: it cannot fail.
            let _ = w.write_record(row);
        }
        let bytes = w.into_inner().unwrap_or_default();
        data.push((format!("data/{stem}-phu-luc-{}.csv", n + 1), bytes));
        formulas.extend(t.formulas.iter().map(|f| format!("Phụ lục {}: {f}", n + 1)));
    }
    Ok(Imported {
        yaml,
        data,
        formulas,
        missing: r.missing,
        unplaced: r.unplaced.into_iter().map(|(n, t, _)| (n, t)).collect(),
    })
}
