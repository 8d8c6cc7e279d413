//! An appendix table of the original made into an appendix of the plan: its header rows (merged
//! cells become column groups), its unit rows (data for a CSV beside the plan), its totals row
//! (recognised: its label kept, its figures not), and the columns that follow from others on
//! every row (a sum, a difference, a ratio, at the printed rounding) written as formulas.
//!
//! Figures are kept as written, so that `check` finds the original's own mistakes: a computed
//! column's printed figures stay in the data, where `check` compares them with the formula.

use num_rational::BigRational;

use super::source::{Cell, Table};
use crate::vietnamese::{Stated, read_stated};

/// A leaf column of the appendix.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub formula: Option<String>,
    pub format: Option<&'static str>,
    /// `nearest` for a figure per day, rounded as printed.
    pub round: Option<&'static str>,
    /// Whether its figures go to the data file.
    pub in_data: bool,
}

/// A column, or a group of columns under one header.
#[derive(Clone, Debug, PartialEq)]
pub enum Header {
    Leaf(Column),
    Group(String, Vec<Column>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppendixTable {
    pub columns: Vec<Header>,
    /// The data: a header of keys, then a row per unit (figures as written).
    pub data: Vec<Vec<String>>,
    /// The line of each data row's first paragraph in the original.
    pub totals: Option<String>,
    /// The day the figures are counted to, from a header "(tính đến ngày 14/6/2023)".
    pub as_of: Option<String>,
    /// One date every row gives in a column: the quota's deadline.
    pub deadline: Option<String>,
    /// The days a figure per day divides by, when the table has one.
    pub days: Option<u64>,
    /// "pending = received - activated", for the run's summary.
    pub formulas: Vec<String>,
}

/// The table as a grid of texts, one per grid column, with who owns each place: merged cells
/// (Word's, or an extractor's empty cells) give their place to the cell they continue.
fn grid(t: &Table) -> Vec<Vec<String>> {
    let width = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut out: Vec<Vec<String>> = Vec::new();
    for row in &t.rows {
        let mut line = Vec::with_capacity(width);
        for cell in row {
            let text = if cell.continues {
                out.last()
                    .and_then(|above: &Vec<String>| above.get(line.len()).cloned())
                    .unwrap_or_default()
            } else {
                Cell::text(cell)
            };
            for _ in 0..cell.span {
                line.push(text.clone());
            }
        }
        line.resize(width, String::new());
        out.push(line);
    }
    out
}

/// Whether a cell is a figure (or a date, or empty): what a data row is made of.
fn figure(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && (read_stated(s).is_ok() || is_date(s))
}

fn is_date(s: &str) -> bool {
    crate::vietnamese::calendar::parse_date(s.trim()).is_ok()
}

/// A row of the columns' own numbers ("1 2 3 …" or "(1) (2) …") under the header.
fn numbering_row(row: &[String]) -> bool {
    let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    filled.len() >= 3
        && filled.iter().enumerate().all(|(i, c)| {
            let c = c.trim().trim_start_matches('(').trim_end_matches(')');
            c.parse::<usize>().is_ok_and(|n| n == i + 1) || c.parse::<usize>().is_ok_and(|n| n == i)
        })
}

const TOTALS: [&str; 6] = [
    "tổng cộng",
    "tổng số",
    "tổng",
    "cộng",
    "toàn huyện",
    "toàn tỉnh",
];

fn is_totals(unit: &str) -> bool {
    let u = unit.trim().to_lowercase();
    TOTALS
        .iter()
        .any(|t| u == *t || u.starts_with(&format!("{t} ")) || u.starts_with(&format!("{t}:")))
        || u.starts_with("toàn ")
}

fn is_stt(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().trim_end_matches('.'),
        "stt" | "tt" | "số tt" | "số thứ tự"
    )
}

/// A Vietnamese letter without its marks ("ệ" → "e", "Đ" → "d"); other characters as they are.
pub fn ascii(c: char) -> char {
    const LETTERS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    LETTERS
        .iter()
        .find(|(group, _)| group.contains(lower))
        .map_or(lower, |(_, base)| *base)
}

/// A key from a label: its words without marks, joined by `_` (the first four), lower case.
pub fn key_of(label: &str, taken: &[String]) -> String {
    let ascii: String = label
        .chars()
        .map(ascii)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = ascii.split_whitespace().take(4).collect();
    let mut base = words.join("_");
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("cot_{base}").trim_end_matches('_').to_owned();
    }
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains(&key) || key == "days" || key == "deadline" || key == "as_of" {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

/// The appendix the table makes, or None when it is not a table of figures (no data row).
pub fn appendix(t: &Table) -> Option<AppendixTable> {
    let g = grid(t);
    let width = g.first()?.len();
    // The header: the rows before the first row of figures.
    let first_data = g.iter().position(|row| {
        let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
        let figures = filled.iter().filter(|c| figure(c)).count();
        !numbering_row(row) && !filled.is_empty() && figures * 2 >= filled.len() && figures >= 1
    })?;
    if first_data == 0 {
        return None;
    }
    let header = &g[..first_data];
    // An extractor's empty header cell: a continuation of the cell before it when the row
    // under it has a label there (a group), else of the cell above.
    let mut labels: Vec<Vec<String>> = header.to_vec();
    for r in 0..labels.len() {
        for c in 0..width {
            if !labels[r][c].is_empty() {
                continue;
            }
            let below = header.get(r + 1).is_some_and(|row| !row[c].is_empty());
            if c > 0 && below && !labels[r][c - 1].is_empty() {
                labels[r][c] = labels[r][c - 1].clone();
            } else if r > 0 {
                labels[r][c] = labels[r - 1][c].clone();
            }
        }
    }
    let body: Vec<&Vec<String>> = g[first_data..]
        .iter()
        .filter(|row| row.iter().any(|c| !c.trim().is_empty()) && !numbering_row(row))
        .collect();
    // Leaf columns (STT left out): the last header row's label; the top row's, when it spans
    // several, is their group.
    let leaf_of = |c: usize| labels.last().map(|r| r[c].clone()).unwrap_or_default();
    let keep: Vec<usize> = (0..width).filter(|&c| !is_stt(&leaf_of(c))).collect();
    // Columns an extractor flattened from one merged cell repeat the same label in every row:
    // the same leaf twice side by side is one column whose data sits in its first place.
    let mut unit_col = None;
    let mut columns: Vec<(usize, Column, Option<String>)> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for &c in &keep {
        let label = leaf_of(c);
        let top = labels[0][c].clone();
        let spans = keep.iter().filter(|&&d| labels[0][d] == top).count();
        let group = (labels.len() > 1 && spans > 1 && top != label).then_some(top);
        let values: Vec<&str> = body.iter().map(|r| r[c].as_str()).collect();
        let texts = values
            .iter()
            .filter(|v| !v.trim().is_empty() && !figure(v))
            .count();
        let is_unit = unit_col.is_none() && texts * 2 > values.len();
        let key = if is_unit {
            unit_col = Some(c);
            "unit".to_owned()
        } else {
            key_of(&label, &taken)
        };
        taken.push(key.clone());
        let filled: Vec<&&str> = values.iter().filter(|v| !v.trim().is_empty()).collect();
        let format = if is_unit {
            None
        } else if !filled.is_empty() && filled.iter().all(|v| is_date(v)) {
            Some("date")
        } else if !filled.is_empty() && filled.iter().all(|v| v.trim().ends_with('%')) {
            Some("percent")
        } else if texts > 0 {
            Some("text")
        } else {
            None
        };
        columns.push((
            c,
            Column {
                key,
                label: label.clone(),
                formula: None,
                format,
                round: None,
                in_data: true,
            },
            group,
        ));
    }
    let unit_col = unit_col?;
    // The totals row: recognised by its label, not kept.
    let mut totals = None;
    let units: Vec<&Vec<String>> = body
        .into_iter()
        .filter(|row| {
            let stt = row[..unit_col].iter().any(|c| is_totals(c));
            if is_totals(&row[unit_col]) || stt {
                let label = if is_totals(&row[unit_col]) {
                    &row[unit_col]
                } else {
                    &row[0]
                };
                totals = Some(label.trim().to_owned());
                false
            } else {
                true
            }
        })
        .collect();
    if units.is_empty() {
        return None;
    }
    let mut formulas = Vec::new();
    let mut deadline = None;
    let mut per_days: Vec<(usize, String, Vec<u64>)> = Vec::new();
    // Columns that follow from those on their left, on every row (looked for in a table of a
    // size a plan's appendix has: the search grows with the square of the columns).
    let searched = if columns.len() <= 40 && units.len() <= 5_000 {
        columns.len()
    } else {
        0
    };
    for i in 0..searched {
        let (c, col, _) = &columns[i];
        if col.key == "unit" || col.format == Some("text") {
            continue;
        }
        let values: Vec<&str> = units.iter().map(|r| r[*c].as_str()).collect();
        if col.format == Some("date") {
            let first = values[0].trim();
            if units.len() >= 2 && values.iter().all(|v| v.trim() == first) {
                deadline = Some(first.to_owned());
                let col = &mut columns[i].1;
                col.formula = Some("deadline".into());
                col.in_data = false;
                formulas.push(format!("{} = deadline", col.key));
            }
            continue;
        }
        let inputs: Vec<(usize, String)> = columns[..i]
            .iter()
            .filter(|(_, k, _)| k.key != "unit" && k.format.is_none() && k.round.is_none())
            .map(|(c, k, _)| (*c, k.key.clone()))
            .collect();
        if let Some(f) = follows(&units, *c, &inputs) {
            formulas.push(format!("{} = {f}", columns[i].1.key));
            columns[i].1.formula = Some(f);
        } else if let Some((f, ks)) = per_day(&units, *c, &inputs) {
            per_days.push((i, f, ks));
        }
    }
    // Figures per day share one number of days: the smallest that fits them all (or, if none
    // does, that of the first alone).
    let common = per_days
        .iter()
        .map(|(_, _, ks)| ks.clone())
        .reduce(|a, b| a.into_iter().filter(|k| b.contains(k)).collect());
    let days = match common.as_deref() {
        Some([k, ..]) => Some(*k),
        _ => per_days.first().map(|(_, _, ks)| ks[0]),
    };
    if let Some(k) = days {
        for (i, f, ks) in per_days {
            if ks.contains(&k) {
                formulas.push(format!("{} = {f} (days: {k})", columns[i].1.key));
                columns[i].1.formula = Some(f);
                columns[i].1.round = Some("nearest");
            }
        }
    }
    let as_of = header.iter().flatten().find_map(|l| counted_to(l));
    let mut data = vec![
        columns
            .iter()
            .filter(|(_, k, _)| k.in_data)
            .map(|(_, k, _)| k.key.clone())
            .collect::<Vec<_>>(),
    ];
    for row in &units {
        data.push(
            columns
                .iter()
                .filter(|(_, k, _)| k.in_data)
                .map(|(c, _, _)| row[*c].trim().to_owned())
                .collect(),
        );
    }
    // Groups: consecutive leaves under the same top label.
    let mut headers: Vec<Header> = Vec::new();
    for (_, col, group) in columns {
        match (group, headers.last_mut()) {
            (Some(g), Some(Header::Group(label, cols))) if *label == g => cols.push(col),
            (Some(g), _) => headers.push(Header::Group(g, vec![col])),
            (None, _) => headers.push(Header::Leaf(col)),
        }
    }
    Some(AppendixTable {
        columns: headers,
        data,
        totals,
        as_of,
        deadline,
        days,
        formulas,
    })
}

/// A whole figure per day: `a / days` rounded to the nearest on every row; the formula and
/// every number of days that fits.
fn per_day(
    rows: &[&Vec<String>],
    c: usize,
    inputs: &[(usize, String)],
) -> Option<(String, Vec<u64>)> {
    let whole = |s: &str| s.trim().replace('.', "").parse::<i64>().ok();
    let target: Vec<i64> = rows.iter().map(|r| whole(&r[c])).collect::<Option<_>>()?;
    if rows.len() < 2 || target.iter().all(|t| *t == 0) {
        return None;
    }
    for (a, ka) in inputs {
        let Some(values) = rows
            .iter()
            .map(|r| whole(&r[*a]))
            .collect::<Option<Vec<i64>>>()
        else {
            continue;
        };
        // round(v / k) = t  ⇔  v / (t + ½) < k ≤ v / (t − ½), for t ≥ 1.
        let (mut low, mut high) = (1.0f64, 36_525.0f64);
        for (v, t) in values.iter().zip(&target) {
            let (v, t) = (*v as f64, *t as f64);
            if v < 0.0 || t < 0.0 {
                low = f64::INFINITY;
                break;
            }
            low = low.max(v / (t + 0.5));
            if t >= 1.0 {
                high = high.min(v / (t - 0.5));
            }
        }
        let candidates = (low.floor() as u64).max(1)..=(high.ceil() as u64).min(36_525);
        let fits = |k: u64| {
            values.iter().zip(&target).all(|(v, t)| {
                // Half up, as the tool rounds.
                (2 * v + k as i64).div_euclid(2 * k as i64) == *t
            })
        };
        let fitting: Vec<u64> = candidates.filter(|&k| fits(k)).collect();
        if !fitting.is_empty() {
            return Some((format!("{ka} / days"), fitting));
        }
    }
    None
}

/// "… (tính đến ngày 14/6/2023)" → "14/6/2023".
fn counted_to(label: &str) -> Option<String> {
    let at = label.find("đến ngày")?;
    let rest = &label[at + "đến ngày".len()..];
    let date: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/')
        .collect();
    is_date(&date).then_some(date)
}

fn stated(s: &str) -> Option<Stated> {
    read_stated(s.trim()).ok()
}

/// The formula `c` follows on every row (or all but one of four or more: that one is the
/// original's mistake, which `check` will show), from the columns `inputs`: `a + b`, `a - b`
/// or `a / b`.
fn follows(rows: &[&Vec<String>], c: usize, inputs: &[(usize, String)]) -> Option<String> {
    let target: Vec<Option<Stated>> = rows.iter().map(|r| stated(&r[c])).collect();
    if target.iter().any(Option::is_none) || rows.len() < 2 {
        return None;
    }
    let allowed = usize::from(rows.len() >= 4);
    let value = |r: &Vec<String>, col: usize| stated(&r[col]).map(|s| s.value);
    type Op = fn(&BigRational, &BigRational) -> Option<BigRational>;
    let ops: [(&str, Op); 3] = [
        ("+", |a, b| Some(a + b)),
        ("-", |a, b| Some(a - b)),
        ("/", |a, b| (!num_traits::Zero::is_zero(b)).then(|| a / b)),
    ];
    for (sym, op) in ops {
        for (a, ka) in inputs {
            for (b, kb) in inputs {
                if a == b || (sym == "+" && a > b) {
                    continue;
                }
                let misses = rows
                    .iter()
                    .zip(&target)
                    .filter(|(r, t)| {
                        let t = t.as_ref().expect("checked");
                        match (value(r, *a), value(r, *b)) {
                            (Some(x), Some(y)) => op(&x, &y).is_none_or(|v| !t.agrees(&v)),
                            _ => true,
                        }
                    })
                    .count();
                // A ratio is a percentage or nothing: 0,5 of a count is not a column.
                let is_ratio_ok = sym != "/" || target.iter().flatten().all(|t| t.percent);
                if misses <= allowed && is_ratio_ok {
                    return Some(format!("{ka} {sym} {kb}"));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source::{Block, text_blocks};

    fn table(text: &str) -> Table {
        match text_blocks(text).into_iter().next() {
            Some(Block::Table(t)) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_flattened_two_row_header_becomes_groups_and_formulas() {
        let t = table(
            "STT\tĐơn vị\tChỉ tiêu\tKết quả (tính đến ngày 14/6/2023)\t\tCòn lại\tTỉ lệ\n\
             \t\t\tĐã thu nhận\tĐã kích hoạt\t\t\n\
             1\tXã A\t100\t40\t30\t60\t40,00%\n\
             2\tXã B\t200\t50\t20\t150\t25,00%\n\
             3\tTổng số\t300\t90\t50\t210\t30,00%\n",
        );
        let a = appendix(&t).unwrap();
        assert_eq!(a.totals.as_deref(), Some("Tổng số"));
        assert_eq!(a.as_of.as_deref(), Some("14/6/2023"));
        assert_eq!(a.data.len(), 3, "{:?}", a.data);
        assert_eq!(a.data[1][0], "Xã A");
        let Header::Group(label, cols) = &a.columns[2] else {
            panic!("{:?}", a.columns)
        };
        assert!(label.starts_with("Kết quả"));
        assert_eq!(cols.len(), 2);
        assert_eq!(
            a.formulas,
            [
                "con_lai = chi_tieu - da_thu_nhan",
                "ti_le = da_thu_nhan / chi_tieu"
            ]
        );
    }

    #[test]
    fn keys_are_ascii_and_unique() {
        let taken = vec!["chi_tieu".to_owned()];
        assert_eq!(key_of("Chỉ tiêu", &taken), "chi_tieu_2");
        assert_eq!(
            key_of("Số lượng tài khoản định danh điện tử", &[]),
            "so_luong_tai_khoan"
        );
        assert_eq!(key_of("2023", &[]), "cot_2023");
    }
}
