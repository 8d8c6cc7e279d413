//! Hover: on a date, its weekday and where it falls in the plan's period; on a column key of a
//! computed table, the column's label, rule and total.

use std::sync::Arc;

use chrono::Datelike;
use serde_json::{Value, json};

use crate::lang::Lang;
use crate::plan::Column;
use crate::source::SourceFile;
use crate::vietnamese::calendar::{display, parse_date, weekday_name, weekday_name_en};

/// The word around `at`: letters, digits and `_ / - .` (so a date or a key is one word).
fn word_at(text: &str, at: usize) -> (usize, &str) {
    let is_word = |c: char| c.is_alphanumeric() || "_/-.".contains(c);
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| at + i);
    (start, text[start..end].trim_end_matches('.'))
}

pub fn hover(file: &SourceFile, at: usize, lang: Lang) -> Value {
    let (_, word) = word_at(&file.text, at.min(file.text.len()));
    let loaded =
        crate::pipeline::load_text(Arc::new(SourceFile::new(file.path(), file.text.clone()))).ok();
    let text = if let Ok(date) = parse_date(word) {
        let mut s = match lang {
            Lang::Vi => format!("{}, {}", weekday_name(date.weekday()), display(date)),
            Lang::En => format!("{}, {}", weekday_name_en(date.weekday()), display(date)),
        };
        let period = loaded.as_ref().and_then(|l| l.plan.period.as_ref());
        if let Some(p) = period
            && let (Ok(start), Ok(end)) = (parse_date(&p.start), parse_date(&p.end))
        {
            let (from, to) = ((date - start).num_days(), (end - date).num_days());
            s.push_str(&match lang {
                Lang::Vi => format!(
                    "\n\n{from} ngày sau khi bắt đầu ({}), {to} ngày trước khi kết thúc ({})",
                    display(start),
                    display(end)
                ),
                Lang::En => format!(
                    "\n\n{from} days after the start ({}), {to} days before the end ({})",
                    display(start),
                    display(end)
                ),
            });
        }
        s
    } else if let Some(l) = loaded {
        match column_hover(l, word) {
            Some(s) => s,
            None => return Value::Null,
        }
    } else {
        return Value::Null;
    };
    json!({ "contents": { "kind": "markdown", "value": text } })
}

/// "**Chỉ tiêu giao** (`quota`): `allocate 1250 by eligible`; tổng 1.250".
fn column_hover(loaded: crate::load::LoadedPlan, key: &str) -> Option<String> {
    fn find<'a>(cols: &'a [Column], key: &str) -> Option<&'a Column> {
        cols.iter().find_map(|c| {
            if c.key.as_ref().is_some_and(|k| k.value == key) {
                Some(c)
            } else {
                find(&c.columns, key)
            }
        })
    }
    let column = loaded
        .plan
        .appendices
        .iter()
        .find_map(|a| find(&a.columns, key))?;
    let rule = match (&column.formula, &column.allocate) {
        (Some(f), _) => format!("`{}`", f.value),
        (None, Some(al)) => match (&al.total, &al.from) {
            (_, Some(from)) => format!(
                "allocate `{}` of `{}` by `{}`",
                from.value.column.value, from.value.plan.value, al.by.value
            ),
            (Some(total), None) => format!("allocate `{}` by `{}`", total.value.0, al.by.value),
            (None, None) => format!("allocate by `{}`", al.by.value),
        },
        _ => "số liệu nhập / input".to_owned(),
    };
    let mut s = format!("**{}** (`{key}`): {rule}", column.label.value);
    let checked = crate::pipeline::check(loaded, &Default::default());
    let total = checked.tables.iter().find_map(|t| {
        let i = t.columns.iter().position(|c| c.key == key)?;
        let totals = t.totals.as_ref()?;
        Some(totals[i].shown(t.columns[i].format))
    });
    if let Some(total) = total {
        s.push_str(&format!("; tổng / total: {total}"));
    }
    Some(s)
}
