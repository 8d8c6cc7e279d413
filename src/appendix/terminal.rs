//! A computed table drawn for the terminal with box characters, its merged header as the
//! printed table has it: a group's label spans the columns under it, a leaf's label reaches
//! down to the last header row. Header labels wrap at spaces; figures never wrap.
//!
//! Drawing only: the cells arrive written out (`shown`) by [`super::export`].

use unicode_width::UnicodeWidthStr;

use super::HeaderCell;

/// Header labels wrap to about this many columns unless a figure or a word needs more.
const HEADER_WIDTH: usize = 14;

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `text` in lines of at most `max` columns, broken at spaces (a longer word stands alone).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if width(line) + 1 + width(word) <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The box character where lines meet: (up, down, left, right).
fn joint(up: bool, down: bool, left: bool, right: bool) -> char {
    match (up, down, left, right) {
        (true, true, true, true) => '┼',
        (true, true, false, true) => '├',
        (true, true, true, false) => '┤',
        (false, true, true, true) => '┬',
        (true, false, true, true) => '┴',
        (false, true, false, true) => '┌',
        (false, true, true, false) => '┐',
        (true, false, false, true) => '└',
        (true, false, true, false) => '┘',
        (true, true, false, false) | (true, false, false, false) | (false, true, false, false) => {
            '│'
        }
        (false, false, false, false) => ' ',
        _ => '─',
    }
}

/// A table: `header` cells over `columns` leaf columns in `header_rows` rows, then the body
/// lines, each cell with whether it is right-aligned.
pub fn draw(
    header: &[HeaderCell],
    header_rows: usize,
    columns: usize,
    body: &[Vec<(String, bool)>],
) -> String {
    // Which header cell covers each place of the header grid.
    let mut owner = vec![vec![usize::MAX; columns]; header_rows];
    for (i, h) in header.iter().enumerate() {
        for row in owner.iter_mut().skip(h.row).take(h.rows) {
            for slot in row.iter_mut().skip(h.col).take(h.cols) {
                *slot = i;
            }
        }
    }
    // Column widths: figures whole, leaf labels wrapped near HEADER_WIDTH.
    let mut w: Vec<usize> = (0..columns)
        .map(|c| body.iter().map(|r| width(&r[c].0)).max().unwrap_or(0))
        .collect();
    for h in header.iter().filter(|h| h.cols == 1) {
        let longest_word = h.label.split_whitespace().map(width).max().unwrap_or(0);
        let want = width(&h.label).min(HEADER_WIDTH).max(longest_word);
        w[h.col] = w[h.col].max(want);
    }
    let span_width = |h: &HeaderCell, w: &[usize]| -> usize {
        w[h.col..h.col + h.cols].iter().sum::<usize>() + 3 * (h.cols - 1)
    };
    for h in header.iter().filter(|h| h.cols > 1) {
        let longest_word = h.label.split_whitespace().map(width).max().unwrap_or(0);
        let have = span_width(h, &w);
        if longest_word > have {
            w[h.col + h.cols - 1] += longest_word - have;
        }
    }
    let labels: Vec<Vec<String>> = header
        .iter()
        .map(|h| wrap(&h.label, span_width(h, &w)))
        .collect();
    // Row heights: enough for every label; a label over several rows also uses the rule
    // lines between them.
    let mut heights = vec![1usize; header_rows];
    for (h, lines) in header.iter().zip(&labels).filter(|(h, _)| h.rows == 1) {
        heights[h.row] = heights[h.row].max(lines.len());
    }
    for (h, lines) in header.iter().zip(&labels).filter(|(h, _)| h.rows > 1) {
        let have: usize = heights[h.row..h.row + h.rows].iter().sum::<usize>() + h.rows - 1;
        if lines.len() > have {
            heights[h.row + h.rows - 1] += lines.len() - have;
        }
    }
    // The first physical line of each header row (each row is followed by a rule line).
    let mut starts = Vec::new();
    let mut p = 0;
    for &hgt in &heights {
        starts.push(p);
        p += hgt + 1;
    }
    // A cell's label, centred on the physical lines it covers, at line `p`.
    let text_at = |i: usize, p: usize| -> &str {
        let h = &header[i];
        let first = starts[h.row];
        let last_row = h.row + h.rows - 1;
        let count = starts[last_row] + heights[last_row] - first;
        let top = (count - labels[i].len()) / 2;
        p.checked_sub(first + top)
            .and_then(|k| labels[i].get(k))
            .map_or("", String::as_str)
    };
    let centred = |text: &str, cell_w: usize| {
        let pad = cell_w - width(text);
        format!(
            " {}{text}{} ",
            " ".repeat(pad / 2),
            " ".repeat(pad - pad / 2)
        )
    };
    // The grid's rows as owners per column: header rows, then one row per body line.
    let row_ids = |r: usize| -> Vec<usize> {
        if r < header_rows {
            owner[r].clone()
        } else {
            (0..columns).map(|c| usize::MAX - 1 - c).collect()
        }
    };
    // A rule line between two rows; a cell that goes on through it shows its label there.
    let rule = |above: Option<Vec<usize>>, below: Option<Vec<usize>>, p: usize| -> String {
        let mut s = String::new();
        let horizontal = |c: usize| match (&above, &below) {
            (Some(a), Some(b)) => a[c] != b[c],
            _ => true,
        };
        let vertical = |ids: &Option<Vec<usize>>, boundary: usize| match ids {
            None => false,
            Some(ids) => boundary == 0 || boundary == columns || ids[boundary - 1] != ids[boundary],
        };
        for b in 0..=columns {
            let left = b > 0 && horizontal(b - 1);
            let right = b < columns && horizontal(b);
            s.push(joint(vertical(&above, b), vertical(&below, b), left, right));
            if b < columns {
                if horizontal(b) {
                    s.extend(std::iter::repeat_n('─', w[b] + 2));
                } else {
                    let i = above.as_ref().map_or(usize::MAX, |a| a[b]);
                    let text = if i < header.len() { text_at(i, p) } else { "" };
                    s.push_str(&centred(text, w[b]));
                }
            }
        }
        s
    };
    let mut out = Vec::new();
    out.push(rule(None, Some(row_ids(0)), usize::MAX));
    for (r, &hgt) in heights.iter().enumerate() {
        for k in 0..hgt {
            let p = starts[r] + k;
            let mut s = String::from("│");
            let mut c = 0;
            while c < columns {
                let i = owner[r][c];
                let h = &header[i];
                s.push_str(&centred(text_at(i, p), span_width(h, &w)));
                s.push('│');
                c = h.col + h.cols;
            }
            out.push(s);
        }
        if r + 1 < header_rows {
            out.push(rule(
                Some(row_ids(r)),
                Some(row_ids(r + 1)),
                starts[r] + hgt,
            ));
        }
    }
    out.push(rule(
        Some(row_ids(header_rows - 1)),
        Some(row_ids(header_rows)),
        usize::MAX,
    ));
    for row in body {
        let mut s = String::from("│");
        for (c, (text, right)) in row.iter().enumerate() {
            let pad = " ".repeat(w[c] - width(text));
            if *right {
                s.push_str(&format!(" {pad}{text} │"));
            } else {
                s.push_str(&format!(" {text}{pad} │"));
            }
        }
        out.push(s);
    }
    out.push(rule(Some(row_ids(header_rows)), None, usize::MAX));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(label: &str, row: usize, col: usize, rows: usize, cols: usize) -> HeaderCell {
        HeaderCell {
            label: label.into(),
            row,
            col,
            rows,
            cols,
        }
    }

    #[test]
    fn a_group_label_spans_its_columns() {
        let header = [
            cell("Thôn", 0, 0, 2, 1),
            cell("Đã kích hoạt", 0, 1, 1, 2),
            cell("Mức 1", 1, 1, 1, 1),
            cell("Mức 2", 1, 2, 1, 1),
        ];
        let body = vec![vec![
            ("Thôn A".to_owned(), false),
            ("1.250".to_owned(), true),
            ("7".to_owned(), true),
        ]];
        let t = draw(&header, 2, 3, &body);
        assert_eq!(
            t,
            "┌────────┬───────────────┐\n\
             │        │ Đã kích hoạt  │\n\
             │  Thôn  ├───────┬───────┤\n\
             │        │ Mức 1 │ Mức 2 │\n\
             ├────────┼───────┼───────┤\n\
             │ Thôn A │ 1.250 │     7 │\n\
             └────────┴───────┴───────┘"
        );
    }
}
