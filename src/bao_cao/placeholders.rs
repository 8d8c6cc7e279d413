//! Figures named in the text: `{{ total.done }}`, `{{ total.rate }}`,
//! `{{ row("Xã Hoà Phú").left }}`, `{{ behind }}`, `{{ count_behind }}`, `{{ days_left }}`,
//! `{{ since.total.done }}`, each the computed table's value formatted the Vietnamese way
//! (75.740; 58,19%; 20/6/2023).
//!
//! The grammar is this module's own and has nothing else: no file, no environment, no loop, no
//! template language — a name is a value of the table or an error at its place, with the name
//! meant when one is near ("did you mean").

use std::collections::BTreeMap;

use crate::appendix::{AppendixTable, ColumnKind, Value};
use crate::check::walk::{Field, fields};
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Message;
use crate::load::LoadedPlan;
use crate::msg;

/// What a placeholder names.
#[derive(Debug, PartialEq)]
enum Name {
    Total {
        since: bool,
        key: String,
    },
    Row {
        since: bool,
        unit: String,
        key: String,
    },
    Behind,
    CountBehind,
    DaysLeft,
}

/// Reads the inside of `{{ … }}`.
fn parse(expr: &str) -> Result<Name, Message> {
    let e = expr.trim();
    match e {
        "behind" => return Ok(Name::Behind),
        "count_behind" => return Ok(Name::CountBehind),
        "days_left" => return Ok(Name::DaysLeft),
        _ => {}
    }
    let (since, rest) = match e.strip_prefix("since.") {
        Some(r) => (true, r),
        None => (false, e),
    };
    if let Some(key) = rest.strip_prefix("total.") {
        return Ok(Name::Total {
            since,
            key: key.trim().to_owned(),
        });
    }
    if let Some(args) = rest.strip_prefix("row(") {
        let quoted = args.trim_start();
        let (open, close) = match quoted.chars().next() {
            Some('"') => ('"', '"'),
            Some('“') => ('“', '”'),
            _ => ('\0', '\0'),
        };
        if open != '\0'
            && let Some(end) = quoted[open.len_utf8()..].find(close)
        {
            let unit = &quoted[open.len_utf8()..open.len_utf8() + end];
            let after = quoted[open.len_utf8() + end + close.len_utf8()..].trim_start();
            if let Some(key) = after
                .strip_prefix(')')
                .and_then(|a| a.trim_start().strip_prefix('.'))
            {
                return Ok(Name::Row {
                    since,
                    unit: unit.to_owned(),
                    key: key.trim().to_owned(),
                });
            }
        }
    }
    Err(msg!(
        "`{{{{ {e} }}}}` không phải tên một số liệu",
        "`{{{{ {e} }}}}` does not name a figure"
    ))
}

/// The name among `names` nearest to `name`, if near.
fn near<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    names
        .map(|n| (strsim::jaro_winkler(n, name), n))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// "A, B và C".
fn joined(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join(", ")),
    }
}

fn unit_index(t: &AppendixTable) -> Option<usize> {
    t.columns.iter().position(|c| c.kind == ColumnKind::Unit)
}

/// The value `name` gives on `table` (or the last figures' `before`), formatted.
fn value(
    name: &Name,
    table: &AppendixTable,
    before: Option<&AppendixTable>,
) -> Result<String, Message> {
    let pick = |since: bool| -> Result<&AppendixTable, Message> {
        if since {
            before.ok_or_else(|| {
                msg!(
                    "`since.` cần số liệu kỳ trước: thêm `since:` vào báo cáo",
                    "`since.` needs the last figures: add `since:` to the report"
                )
            })
        } else {
            Ok(table)
        }
    };
    let column = |t: &AppendixTable, key: &str| -> Result<usize, Message> {
        t.columns.iter().position(|c| c.key == key).ok_or_else(|| {
            let keys = t.columns.iter().map(|c| c.key.as_str());
            let hint = near(key, keys)
                .map(|k| format!("; có phải `{k}`?"))
                .unwrap_or_default();
            let hint_en = hint.replace("; có phải", "; did you mean");
            msg!(
                "bảng không có cột `{key}`{hint}",
                "the table has no column `{key}`{hint_en}"
            )
        })
    };
    let shown = |t: &AppendixTable, c: usize, v: &Value| v.shown(t.columns[c].format);
    match name {
        Name::Total { since, key } => {
            let t = pick(*since)?;
            let c = column(t, key)?;
            let totals = t.totals.as_ref().ok_or_else(|| {
                msg!(
                    "phụ lục của kế hoạch không có dòng tổng (`totals:`)",
                    "the plan's appendix has no totals row (`totals:`)"
                )
            })?;
            Ok(shown(t, c, &totals[c]))
        }
        Name::Row { since, unit, key } => {
            let t = pick(*since)?;
            let c = column(t, key)?;
            let u = unit_index(t).unwrap_or(0);
            let units: Vec<String> = t
                .rows
                .iter()
                .map(|r| r[u].shown(t.columns[u].format))
                .collect();
            let Some(i) = units.iter().position(|n| n == unit) else {
                let hint = near(unit, units.iter().map(String::as_str))
                    .map(|n| format!("; có phải `{n}`?"))
                    .unwrap_or_default();
                let hint_en = hint.replace("; có phải", "; did you mean");
                return Err(msg!(
                    "bảng không có đơn vị `{unit}`{hint}",
                    "the table has no unit `{unit}`{hint_en}"
                ));
            };
            Ok(shown(t, c, &t.rows[i][c]))
        }
        Name::Behind | Name::CountBehind => {
            let pace = t_pace(table).ok_or_else(|| {
                msg!(
                    "chưa biết đơn vị nào chậm: cần số liệu kỳ trước có ngày (`since:` là báo cáo kỳ trước) và cột đã thực hiện, chỉ tiêu",
                    "which units are behind is not known: it needs the last figures with their day (`since:` the last report) and the done and quota columns"
                )
            })?;
            let u = unit_index(table).unwrap_or(0);
            let behind: Vec<String> = table
                .rows
                .iter()
                .filter(|r| r[pace] == Value::Text("chậm".into()))
                .map(|r| r[u].shown(table.columns[u].format))
                .collect();
            Ok(match name {
                Name::Behind => joined(&behind),
                _ => behind.len().to_string(),
            })
        }
        Name::DaysLeft => table.days.map(|d| d.to_string()).ok_or_else(|| {
            msg!(
                "chưa biết số ngày còn lại: phụ lục của kế hoạch cần `deadline`",
                "the days left are not known: the plan's appendix needs a `deadline`"
            )
        }),
    }
}

fn t_pace(t: &AppendixTable) -> Option<usize> {
    t.columns.iter().position(|c| c.key == "pace")
}

/// Every `{{ … }}` in the plan's text evaluated on `table`: the values by their trimmed text,
/// and an error at each one that names nothing.
pub fn evaluate(
    loaded: &LoadedPlan,
    table: Option<&AppendixTable>,
    before: Option<&AppendixTable>,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let file = &loaded.file;
    let mut values = BTreeMap::new();
    for field in fields(&loaded.plan) {
        let Field::Prose(text) = field else { continue };
        let written: &str = text.value;
        let mut from = 0;
        while let Some(open) = written[from..].find("{{").map(|i| from + i) {
            let Some(close) = written[open..].find("}}").map(|i| open + i) else {
                break;
            };
            from = close + 2;
            let inner = written[open + 2..close].trim();
            let found = match table {
                None => Err(msg!(
                    "kế hoạch không có phụ lục bảng để lấy số liệu",
                    "the plan has no table appendix to take figures from"
                )),
                Some(t) => parse(inner).and_then(|name| value(&name, t, before)),
            };
            match found {
                Ok(v) => {
                    values.insert(inner.to_owned(), v);
                }
                Err(m) => {
                    let scalar = file.span_of(&text.at);
                    let span = file.sub_span(scalar, written, open..close + 2);
                    problems.push(Diagnostic::new(Code::BadValue, file, span, m));
                }
            }
        }
    }
    values
}

static ACHIEVED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)đạt\s+(?:tỉ lệ\s+|tỷ lệ\s+)?(\d{1,3}(?:,\d+)?)\s?%").expect("regex")
});

/// A percentage a report's prose states for the whole ("toàn xã đã kích hoạt …, đạt 58,19%")
/// that none of the table's percent totals gives, at the precision written: a
/// `figure-disagrees` error at the figure, with the computed one and the placeholder to write.
pub fn stated_in_prose(loaded: &LoadedPlan, table: &AppendixTable, problems: &mut Vec<Diagnostic>) {
    let Some(totals) = &table.totals else { return };
    let percents: Vec<(usize, &str)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.format == crate::plan::CellFormat::Percent)
        .map(|(i, c)| (i, c.key.as_str()))
        .collect();
    if percents.is_empty() {
        return;
    }
    let file = &loaded.file;
    for field in fields(&loaded.plan) {
        let Field::Prose(text) = field else { continue };
        let written: &str = text.value;
        // Sentence by sentence: a stop or a semicolon before a space ends one.
        let mut start = 0;
        let bytes = written.as_bytes();
        let mut ends: Vec<usize> = (0..bytes.len())
            .filter(|&i| {
                matches!(bytes[i], b'.' | b';' | b'!' | b'?')
                    && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\n')
            })
            .map(|i| i + 1)
            .collect();
        ends.push(written.len());
        for end in ends {
            let sentence = &written[start..end];
            let lower = sentence.to_lowercase();
            let whole = lower.contains("toàn ") || lower.contains("tổng");
            if whole {
                for c in ACHIEVED.captures_iter(sentence) {
                    let m = c.get(1).expect("group");
                    let Ok(stated) = crate::vietnamese::read_stated(&format!("{}%", m.as_str()))
                    else {
                        continue;
                    };
                    let agrees = percents.iter().any(|(i, _)| match &totals[*i] {
                        Value::Number(n) => stated.agrees(n),
                        _ => true,
                    });
                    if agrees {
                        continue;
                    }
                    let (i, key) = percents[0];
                    let computed = totals[i].shown(table.columns[i].format);
                    let figure = m.as_str();
                    let scalar = file.span_of(&text.at);
                    let range = start + m.start()..start + c.get(0).expect("match").end();
                    let span = file.sub_span(scalar, written, range);
                    let mut d = Diagnostic::new(
                        Code::FigureDisagrees,
                        file,
                        span,
                        msg!(
                            "văn bản ghi {figure}% nhưng số liệu cho {computed}",
                            "the text says {figure}% but the figures give {computed}"
                        ),
                    );
                    d.help = Some(msg!(
                        "ghi `{{{{ total.{key} }}}}` để in đúng số đã tính",
                        "write `{{{{ total.{key} }}}}` to print the computed figure"
                    ));
                    problems.push(d);
                }
            }
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_and_nothing_else() {
        assert_eq!(
            parse(" total.done "),
            Ok(Name::Total {
                since: false,
                key: "done".into()
            })
        );
        assert_eq!(
            parse("since.row(\"Xã Hoà Phú\").left"),
            Ok(Name::Row {
                since: true,
                unit: "Xã Hoà Phú".into(),
                key: "left".into()
            })
        );
        assert_eq!(
            parse("row(“Xã A”).rate"),
            Ok(Name::Row {
                since: false,
                unit: "Xã A".into(),
                key: "rate".into()
            })
        );
        for bad in [
            "env.HOME",
            "include('x')",
            "total",
            "row(Xã A).done",
            "1 + 1",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(joined(&["A".into(), "B".into(), "C".into()]), "A, B và C");
    }
}
