//! The parent's figure at a child's `from`, and a written total held to it.

use std::path::Path;
use std::sync::Arc;

use super::{Link, Parent, leaves, unusable};
use crate::appendix::{ColumnKind, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::LoadedPlan;
use crate::msg;
use crate::plan::{AllocateFrom, Located};

/// The parent's figure at `from`'s row and column.
pub(super) fn figure(
    loaded: &LoadedPlan,
    from: &Located<AllocateFrom>,
    parent: &Parent,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Link> {
    let file = &loaded.file;
    let f = &from.value;
    let name = &f.plan.value;
    let number = f.appendix.as_ref().map_or(1, |a| a.value) as usize;
    let appendix_span = f
        .appendix
        .as_ref()
        .map_or(file.span_of(&from.at), |a| file.span_of(&a.at));
    let Some(table) = parent.tables.iter().find(|t| t.index + 1 == number) else {
        let count = parent.tables.len();
        return unusable(
            problems,
            file,
            appendix_span,
            msg!(
                "`{name}` không có phụ lục bảng thứ {number} (có {count})",
                "`{name}` has no table appendix number {number} (it has {count})"
            ),
        );
    };
    let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
    let column = &f.column.value;
    let Some(col) = keys.iter().position(|k| k == column) else {
        let hint = crate::lang::closest(column, &keys)
            .map(|k| format!(" (`{k}`?)"))
            .unwrap_or_default();
        let all = keys.join(", ");
        return unusable(
            problems,
            file,
            file.span_of(&f.column.at),
            msg!(
                "phụ lục {number} của `{name}` không có cột `{column}`{hint}; có: {all}",
                "appendix {number} of `{name}` has no column `{column}`{hint}; it has: {all}"
            ),
        );
    };
    let unit = table
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Unit)?;
    let units: Vec<String> = table
        .rows
        .iter()
        .map(|r| Value::shown(&r[unit], crate::plan::CellFormat::Text))
        .collect();
    let row = f.row.value.trim();
    let Some(at) = units.iter().position(|u| u.trim() == row) else {
        let hint = crate::lang::closest(row, &units)
            .map(|u| format!(" (\"{u}\"?)"))
            .unwrap_or_default();
        return unusable(
            problems,
            file,
            file.span_of(&f.row.at),
            msg!(
                "phụ lục {number} của `{name}` không có dòng \"{row}\"{hint}",
                "appendix {number} of `{name}` has no row \"{row}\"{hint}"
            ),
        );
    };
    let Value::Number(figure) = &table.rows[at][col] else {
        return unusable(
            problems,
            file,
            file.span_of(&f.column.at),
            msg!(
                "ô \"{row}\" / `{column}` của `{name}` không phải một số",
                "the cell \"{row}\" / `{column}` of `{name}` is not a number"
            ),
        );
    };
    let parent_total = table
        .rows
        .iter()
        .filter_map(|r| match &r[col] {
            Value::Number(n) => Some(n.clone()),
            _ => None,
        })
        .sum();
    Some(Link {
        child: Arc::clone(file),
        span: file.span_of(&from.at),
        parent: path.to_path_buf(),
        parent_name: parent.loaded.as_ref()?.file.name(),
        appendix: number,
        column: column.clone(),
        row: row.to_owned(),
        figure: figure.clone(),
        parent_total,
    })
}

/// Where the parent's column is defined, "file:line:column", for messages.
fn column_place(parent: &LoadedPlan, link: &Link) -> String {
    let file = &parent.file;
    let at = parent
        .plan
        .appendices
        .get(link.appendix - 1)
        .and_then(|a| {
            leaves(&a.columns)
                .into_iter()
                .find_map(|c| c.key.as_ref().filter(|k| k.value == link.column))
        })
        .map_or(0, |k| file.span_of(&k.at).start);
    let p = file.position(at);
    format!("{}:{}:{}", file.name(), p.line, p.column)
}

/// A written `total` beside `from` must be the parent's figure.
pub(super) fn agree(
    loaded: &LoadedPlan,
    total: &Located<crate::plan::Scalar>,
    link: &Link,
    parent: &LoadedPlan,
    problems: &mut Vec<Diagnostic>,
) {
    let Ok(written) = crate::vietnamese::read_number(&total.value.0) else {
        return;
    };
    if written == link.figure {
        return;
    }
    let (w, p) = (
        crate::vietnamese::number(&written),
        crate::vietnamese::number(&link.figure),
    );
    let place = column_place(parent, link);
    let (row, column) = (&link.row, &link.column);
    let file = &loaded.file;
    let d = Diagnostic::new(
        Code::CascadeMismatch,
        file,
        file.span_of(&total.at),
        msg!(
            "tổng ghi {w}, nhưng kế hoạch cấp trên giao {p} (dòng \"{row}\", cột `{column}`, {place})",
            "the total says {w}, but the parent plan gives {p} (row \"{row}\", column `{column}`, {place})"
        ),
    );
    problems.push(Diagnostic {
        help: Some(msg!(
            "ghi `total: {p}`, hoặc bỏ `total` để lấy số của cấp trên",
            "write `total: {p}`, or leave `total` out to take the parent's figure"
        )),
        ..d
    });
}
