//! A task table ("Bảng phân công nhiệm vụ") as the render model has it: a numbered grid of
//! task, lead and supporting units, deadline, output and note, with only the columns some
//! entry uses; a group prints as a heading row (I, II, …) whose tasks are numbered 1, 2, ….

use super::inline::{parse, plain};
use super::model::{Align, HeaderCellModel, RowStyle, TableModel};
use crate::plan::{Located, TaskEntry};
use crate::source::SourceFile;
use crate::vietnamese::deadline::parse_deadline;
use crate::vietnamese::roman;

/// The columns a task table may have, with their headers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Task,
    Lead,
    With,
    Deadline,
    Output,
    Note,
}

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::Number => "STT",
            Column::Task => "Nội dung nhiệm vụ",
            Column::Lead => "Cơ quan chủ trì",
            Column::With => "Cơ quan phối hợp",
            Column::Deadline => "Thời gian hoàn thành",
            Column::Output => "Sản phẩm",
            Column::Note => "Ghi chú",
        }
    }

    /// The column's share of the table's width, before the shares present are scaled to it:
    /// the task reads as a sentence, units as names of a few words, a deadline as a short form.
    fn share(self) -> f64 {
        match self {
            Column::Number => 0.06,
            Column::Task => 0.34,
            Column::Lead | Column::With => 0.16,
            Column::Deadline => 0.13,
            Column::Output => 0.12,
            Column::Note => 0.09,
        }
    }

    fn align(self) -> Align {
        match self {
            Column::Number | Column::Deadline => Align::Center,
            _ => Align::Left,
        }
    }

    /// The cell of `t` in this column, as printed.
    fn cell(self, t: &TaskEntry) -> String {
        let text = |x: &Option<crate::plan::Text>| {
            x.as_ref()
                .map(|t| plain(&parse(&t.value)))
                .unwrap_or_default()
        };
        match self {
            Column::Number => String::new(),
            Column::Task => text(&t.task),
            Column::Lead => text(&t.lead),
            Column::With => t
                .with
                .as_ref()
                .map(|w| {
                    w.paragraphs()
                        .iter()
                        .map(|p| plain(&parse(p.value)))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default(),
            // A deadline the checker passed, in its one written form ("Quý IV/2023").
            Column::Deadline => t
                .deadline
                .as_ref()
                .map(|d| parse_deadline(d).map_or_else(|_| d.value.clone(), |d| d.shown()))
                .unwrap_or_default(),
            Column::Output => text(&t.output),
            Column::Note => text(&t.note),
        }
    }
}

const OPTIONAL: [Column; 5] = [
    Column::Lead,
    Column::With,
    Column::Deadline,
    Column::Output,
    Column::Note,
];

/// Every task of `entries`, those in groups too.
fn tasks(entries: &[Located<TaskEntry>]) -> impl Iterator<Item = &TaskEntry> {
    entries
        .iter()
        .flat_map(|e| std::iter::once(&e.value).chain(e.value.tasks.iter().map(|t| &t.value)))
        .filter(|t| t.task.is_some())
}

/// The rows of a table being laid out, each with its style and where it is written.
struct Rows<'a> {
    file: &'a SourceFile,
    columns: &'a [Column],
    rows: Vec<Vec<String>>,
    styles: Vec<RowStyle>,
    sources: Vec<String>,
}

impl Rows<'_> {
    fn push(&mut self, row: Vec<String>, style: RowStyle, at: &serde_saphyr::Location) {
        self.rows.push(row);
        self.styles.push(style);
        self.sources
            .push(self.file.place(self.file.span_of(at).start));
    }

    fn task(&mut self, n: usize, t: &Located<TaskEntry>) {
        let row = self
            .columns
            .iter()
            .map(|c| match c {
                Column::Number => n.to_string(),
                c => c.cell(&t.value),
            })
            .collect();
        self.push(row, RowStyle::Plain, &t.at);
    }
}

pub(super) fn task_table(file: &SourceFile, entries: &[Located<TaskEntry>]) -> TableModel {
    let columns: Vec<Column> = [Column::Number, Column::Task]
        .into_iter()
        .chain(
            OPTIONAL
                .into_iter()
                .filter(|c| tasks(entries).any(|t| !c.cell(t).is_empty())),
        )
        .collect();
    let mut out = Rows {
        file,
        columns: &columns,
        rows: Vec::new(),
        styles: Vec::new(),
        sources: Vec::new(),
    };
    let (mut groups, mut alone) = (0, 0);
    for e in entries {
        match &e.value.group {
            Some(g) => {
                groups += 1;
                let mut row = vec![String::new(); columns.len()];
                row[0] = roman(groups);
                row[1] = plain(&parse(&g.value));
                out.push(row, RowStyle::Group, &e.at);
                for (i, t) in e.value.tasks.iter().enumerate() {
                    out.task(i + 1, t);
                }
            }
            None => {
                alone += 1;
                out.task(alone, e);
            }
        }
    }
    let Rows {
        rows,
        styles,
        sources,
        ..
    } = out;
    let header: Vec<HeaderCellModel> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| HeaderCellModel {
            label: c.label().to_owned(),
            row: 0,
            col: i,
            rows: 1,
            cols: 1,
        })
        .collect();
    let align: Vec<Align> = columns.iter().map(|c| c.align()).collect();
    let page = super::measures::MEASURES.text_width(false);
    let shares: f64 = columns.iter().map(|c| c.share()).sum();
    let widths = columns.iter().map(|c| page * c.share() / shares).collect();
    TableModel {
        columns: columns.len(),
        widths,
        header_rows: 1,
        header,
        align,
        rows,
        sources,
        totals: None,
        landscape: false,
        chart: None,
        note: String::new(),
        row_styles: styles,
    }
}
