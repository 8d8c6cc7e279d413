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
/// lines, each cell with whether it is right-aligned. Control characters in any text are
/// drawn as "�" (measured as such), never sent to the terminal.
pub fn draw(
    header: &[HeaderCell],
    header_rows: usize,
    columns: usize,
    body: &[Vec<(String, bool)>],
) -> String {
    let clean = |s: &str| crate::load::printable::cleaned(s).into_owned();
    let header: Vec<HeaderCell> = header
        .iter()
        .map(|h| HeaderCell {
            label: clean(&h.label),
            ..h.clone()
        })
        .collect();
    let body: Vec<Vec<(String, bool)>> = body
        .iter()
        .map(|row| row.iter().map(|(t, right)| (clean(t), *right)).collect())
        .collect();
    let (header, body) = (&header[..], &body[..]);
    let grid = Grid::new(header, header_rows, columns, body);
    let mut out = vec![grid.rule(None, Some(0), usize::MAX)];
    for r in 0..header_rows {
        for k in 0..grid.heights[r] {
            out.push(grid.header_line(r, grid.starts[r] + k));
        }
        if r + 1 < header_rows {
            out.push(grid.rule(Some(r), Some(r + 1), grid.starts[r] + grid.heights[r]));
        }
    }
    out.push(grid.rule(Some(header_rows - 1), Some(header_rows), usize::MAX));
    out.extend(body.iter().map(|row| grid.body_line(row)));
    out.push(grid.rule(Some(header_rows), None, usize::MAX));
    out.join("\n")
}

/// The measured table: who owns each place of the header, the columns' widths, the labels
/// wrapped, and the height of each header row.
struct Grid<'a> {
    header: &'a [HeaderCell],
    header_rows: usize,
    columns: usize,
    owner: Vec<Vec<usize>>,
    w: Vec<usize>,
    labels: Vec<Vec<String>>,
    heights: Vec<usize>,
    /// The first physical line of each header row (each row is followed by a rule line).
    starts: Vec<usize>,
}

impl<'a> Grid<'a> {
    fn new(
        header: &'a [HeaderCell],
        header_rows: usize,
        columns: usize,
        body: &[Vec<(String, bool)>],
    ) -> Self {
        let mut owner = vec![vec![usize::MAX; columns]; header_rows];
        for (i, h) in header.iter().enumerate() {
            for row in owner.iter_mut().skip(h.row).take(h.rows) {
                for slot in row.iter_mut().skip(h.col).take(h.cols) {
                    *slot = i;
                }
            }
        }
        let w = widths(header, columns, body);
        let labels: Vec<Vec<String>> = header
            .iter()
            .map(|h| wrap(&h.label, span_width(h, &w)))
            .collect();
        let heights = heights(header, header_rows, &labels);
        let mut starts = Vec::new();
        let mut p = 0;
        for &hgt in &heights {
            starts.push(p);
            p += hgt + 1;
        }
        Grid {
            header,
            header_rows,
            columns,
            owner,
            w,
            labels,
            heights,
            starts,
        }
    }

    /// Who owns each column of grid row `r`: a header cell, or (body rows) the column itself.
    fn row_ids(&self, r: usize) -> Vec<usize> {
        if r < self.header_rows {
            self.owner[r].clone()
        } else {
            (0..self.columns).map(|c| usize::MAX - 1 - c).collect()
        }
    }

    /// Header cell `i`'s label, centred on the physical lines it covers, at line `p`.
    fn text_at(&self, i: usize, p: usize) -> &str {
        let h = &self.header[i];
        let first = self.starts[h.row];
        let last_row = h.row + h.rows - 1;
        let count = self.starts[last_row] + self.heights[last_row] - first;
        let top = (count - self.labels[i].len()) / 2;
        p.checked_sub(first + top)
            .and_then(|k| self.labels[i].get(k))
            .map_or("", String::as_str)
    }

    /// A rule line between grid rows `above` and `below`; a header cell that goes on through
    /// it shows its label there (physical line `p`).
    fn rule(&self, above: Option<usize>, below: Option<usize>, p: usize) -> String {
        let (above, below) = (
            above.map(|r| self.row_ids(r)),
            below.map(|r| self.row_ids(r)),
        );
        let horizontal = |c: usize| match (&above, &below) {
            (Some(a), Some(b)) => a[c] != b[c],
            _ => true,
        };
        let vertical = |ids: &Option<Vec<usize>>, b: usize| {
            ids.as_ref()
                .is_some_and(|ids| b == 0 || b == self.columns || ids[b - 1] != ids[b])
        };
        let mut s = String::new();
        for b in 0..=self.columns {
            let left = b > 0 && horizontal(b - 1);
            let right = b < self.columns && horizontal(b);
            s.push(joint(vertical(&above, b), vertical(&below, b), left, right));
            if b == self.columns {
                break;
            }
            if horizontal(b) {
                s.extend(std::iter::repeat_n('─', self.w[b] + 2));
            } else {
                let i = above.as_ref().map_or(usize::MAX, |a| a[b]);
                let text = if i < self.header.len() {
                    self.text_at(i, p)
                } else {
                    ""
                };
                s.push_str(&centred(text, self.w[b]));
            }
        }
        s
    }

    /// Physical line `p` of header row `r`.
    fn header_line(&self, r: usize, p: usize) -> String {
        let mut s = String::from("│");
        let mut c = 0;
        while c < self.columns {
            let i = self.owner[r][c];
            let h = &self.header[i];
            s.push_str(&centred(self.text_at(i, p), span_width(h, &self.w)));
            s.push('│');
            c = h.col + h.cols;
        }
        s
    }

    fn body_line(&self, row: &[(String, bool)]) -> String {
        let mut s = String::from("│");
        for (c, (text, right)) in row.iter().enumerate() {
            let pad = " ".repeat(self.w[c] - width(text));
            if *right {
                s.push_str(&format!(" {pad}{text} │"));
            } else {
                s.push_str(&format!(" {text}{pad} │"));
            }
        }
        s
    }
}

/// The width of header cell `h`: its columns and the borders between them.
fn span_width(h: &HeaderCell, w: &[usize]) -> usize {
    w[h.col..h.col + h.cols].iter().sum::<usize>() + 3 * (h.cols - 1)
}

/// Column widths: figures whole, leaf labels wrapped near HEADER_WIDTH, a group's longest
/// word fitting under it.
fn widths(header: &[HeaderCell], columns: usize, body: &[Vec<(String, bool)>]) -> Vec<usize> {
    let mut w: Vec<usize> = (0..columns)
        .map(|c| body.iter().map(|r| width(&r[c].0)).max().unwrap_or(0))
        .collect();
    let longest_word = |h: &HeaderCell| h.label.split_whitespace().map(width).max().unwrap_or(0);
    for h in header.iter().filter(|h| h.cols == 1) {
        let want = width(&h.label).min(HEADER_WIDTH).max(longest_word(h));
        w[h.col] = w[h.col].max(want);
    }
    for h in header.iter().filter(|h| h.cols > 1) {
        let have = span_width(h, &w);
        if longest_word(h) > have {
            w[h.col + h.cols - 1] += longest_word(h) - have;
        }
    }
    w
}

/// Header row heights: enough for every label; a label over several rows also uses the rule
/// lines between them.
fn heights(header: &[HeaderCell], header_rows: usize, labels: &[Vec<String>]) -> Vec<usize> {
    let mut heights = vec![1usize; header_rows];
    for (h, lines) in header.iter().zip(labels).filter(|(h, _)| h.rows == 1) {
        heights[h.row] = heights[h.row].max(lines.len());
    }
    for (h, lines) in header.iter().zip(labels).filter(|(h, _)| h.rows > 1) {
        let have: usize = heights[h.row..h.row + h.rows].iter().sum::<usize>() + h.rows - 1;
        if lines.len() > have {
            heights[h.row + h.rows - 1] += lines.len() - have;
        }
    }
    heights
}

fn centred(text: &str, cell_w: usize) -> String {
    let pad = cell_w - width(text);
    format!(
        " {}{text}{} ",
        " ".repeat(pad / 2),
        " ".repeat(pad - pad / 2)
    )
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
