//! Enrich: a checked plan → the render model, in which everything is computed and written the
//! Vietnamese way (Decree 30's leading zeros, numbering I., 1., 1.1., a), "-" and "+", titles
//! in capitals, the appendix caption made from the document's own number, date and authority).
//!
//! Renderers (Typst → PDF, DOCX) only lay this model out; they never compute or format a
//! figure or a date themselves. Text stays as runs ([`inline::Run`]); escaping it is the
//! renderer's business. The model's types are in [`model`]; the body's blocks are made in
//! `body`, the tables in `table`.

mod body;
pub mod inline;
pub mod joins;
mod lines;
pub mod measures;
pub mod model;
mod table;
mod tasks;

use chrono::Datelike;

use crate::appendix::AppendixTable;
use crate::load::LoadedPlan;
use crate::plan::kind::{BodyShape, Kind};
use crate::plan::{Appendix, Note, Plan};
use crate::vietnamese::calendar::{PlanDate, long_date, month_text, parse_plan_date, two_digits};
use body::{Builder, paragraphs, roman};
use inline::{Inline, parse, text};
pub use model::*;

/// The capacity lines of a signature (Decree 30): `capacity: TM.` with `body: ỦY BAN NHÂN
/// DÂN` is one line "TM. ỦY BAN NHÂN DÂN"; a list of lines is printed as written, `body`
/// joining its first line.
fn signer_lines(signer: &crate::plan::Signer) -> Vec<String> {
    let mut lines: Vec<String> = signer
        .capacity
        .as_ref()
        .map(|c| {
            c.paragraphs()
                .iter()
                .map(|l| l.value.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    if let Some(body) = &signer.body {
        match lines.first_mut() {
            Some(first) => *first = format!("{first} {}", body.value.trim()),
            None => lines.push(body.value.trim().to_owned()),
        }
    }
    lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.to_uppercase())
        .collect()
}

/// A draft's blank for its number or its day: no-break spaces, which no renderer collapses and
/// which are as wide in the PDF as in the DOCX (the same font); `n` spaces of a quarter em.
fn blank(n: usize) -> String {
    "\u{a0}".repeat(n)
}

/// Blanks as wide as Decree 30's drafts leave them: about 1.5 cm for a number, 1.2 cm for a day.
const NUMBER_BLANK: usize = 13;
const DAY_BLANK: usize = 10;

/// The number as the header and the captions write it: "135/KH-BCĐ", or a blank and the code.
fn number_text(plan: &Plan, kind: &Kind) -> String {
    let code = format!("/{}-{}", kind.code, plan.authority.code.value);
    match &plan.number {
        Some(n) => format!("{}{code}", two_digits(n.value as u32)),
        None => format!("{}{code}", blank(NUMBER_BLANK)),
    }
}

/// The date as the header and the captions write it: "ngày 27 tháng 6 năm 2023", or for a draft
/// dated by month a blank for the day.
fn date_text(date: Option<PlanDate>) -> String {
    match date {
        Some(PlanDate::Day(d)) => long_date(d),
        Some(PlanDate::Month { year, month }) => format!(
            "ngày{}tháng {} năm {year}",
            blank(DAY_BLANK),
            month_text(month)
        ),
        None => String::new(),
    }
}

/// The header: authority lines, the number and the place-and-date line.
fn header(plan: &Plan, kind: &Kind, date: Option<PlanDate>) -> Header {
    let m = &*measures::MEASURES;
    let column = m.text_width(false) * m.header.authority_share;
    let balanced =
        |name: &str| lines::balance_text(&name.to_uppercase(), true, m.header.size, column);
    Header {
        parent: plan
            .authority
            .parent
            .as_ref()
            .map(|p| lines::balance_text(&p.value.to_uppercase(), false, m.header.size, column))
            .unwrap_or_default(),
        authority: balanced(&plan.authority.name.value),
        number: format!("Số: {}", number_text(plan, kind)),
        place_date: format!("{}, {}", plan.place.value, date_text(date)),
    }
}

/// Each basis reads "Căn cứ …" (plans may write it or leave it to be added), ";" between them
/// and "." after the last.
fn bases(plan: &Plan) -> Vec<Inline> {
    let n = plan.bases.len();
    plan.bases
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let basis = t.value.trim().trim_end_matches(['.', ';']);
            let basis = if basis.to_lowercase().starts_with("căn cứ") {
                basis.to_owned()
            } else {
                format!("Căn cứ {basis}")
            };
            let mut runs = parse(&basis);
            runs.push(text(if i + 1 == n { "." } else { ";" }));
            runs
        })
        .collect()
}

/// "- UBND huyện (b/c);" … "- Lưu: VT, CAX."
fn recipients(plan: &Plan) -> Vec<String> {
    let mut lines: Vec<String> = plan
        .recipients
        .iter()
        .map(|r| format!("- {};", joins::joined(r.value.trim_end_matches(['.', ';']))))
        .collect();
    match &plan.archive {
        Some(a) => lines.push(format!("- Lưu: {}.", a.value.trim_end_matches('.'))),
        None => {
            if let Some(last) = lines.last_mut() {
                *last = format!("{}.", last.trim_end_matches(';'));
            }
        }
    }
    lines
}

/// The levels of Vietnam's administration, as a name ends with them ("UBND xã").
const LEVELS: [&str; 8] = [
    "thành phố",
    "thị trấn",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
];

/// How the captions name the authority: `short`, completed with the place when it ends at its
/// level ("UBND xã" + "ỦY BAN NHÂN DÂN XÃ QUẾ CHÂU" → "UBND xã Quế Châu"); the place comes from
/// the authority's name, or else from its parent's.
fn authority_in_full(plan: &Plan) -> String {
    let a = &plan.authority;
    let Some(short) = &a.short else {
        return a.name.value.clone();
    };
    let short = short.value.trim();
    let lower = short.to_lowercase();
    let Some(level) = LEVELS
        .iter()
        .find(|l| lower == **l || lower.ends_with(&format!(" {l}")))
    else {
        return short.to_owned();
    };
    let place_after = |name: &str| {
        let name = name.to_lowercase();
        let at = name.rfind(&format!("{level} "))?;
        let place = name[at + level.len()..].trim();
        (!place.is_empty()).then(|| title_case(place))
    };
    let place = place_after(&a.name.value)
        .or_else(|| a.parent.as_ref().and_then(|p| place_after(&p.value)));
    match place {
        Some(place) => format!("{short} {place}"),
        None => short.to_owned(),
    }
}

/// "quế châu" → "Quế Châu".
fn title_case(words: &str) -> String {
    words
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "(Kèm theo Kế hoạch số 135/KH-BCĐ ngày 27 tháng 6 năm 2023 của …)", with a draft's blanks.
fn caption(plan: &Plan, kind: &Kind, date: Option<PlanDate>) -> Inline {
    joins::whole_text(&format!(
        "(Kèm theo {} số {} {} của {})",
        kind.noun,
        number_text(plan, kind),
        date_text(date),
        authority_in_full(plan)
    ))
}

/// One appendix: its heading, title, caption, guide text and computed table.
fn appendix(
    loaded: &LoadedPlan,
    i: usize,
    a: &Appendix,
    caption: &Inline,
    tables: &[AppendixTable],
) -> AppendixModel {
    let mut body = Builder::new(&loaded.file);
    body.paragraphs(a.text.as_ref());
    body.items(&a.items, "");
    body.bullets(&a.bullets, 0);
    AppendixModel {
        heading: if loaded.plan.appendices.len() > 1 {
            format!("PHỤ LỤC {}", roman(i + 1))
        } else {
            "PHỤ LỤC".into()
        },
        title: a.title.value.to_uppercase(),
        caption: caption.clone(),
        body: body.blocks,
        table: if a.task_table.is_empty() {
            None
        } else {
            Some(tasks::task_table(&loaded.file, &a.task_table))
        }
        .or_else(|| {
            tables.iter().find(|t| t.index == i).map(|t| {
                let mut model = table::table_model(t);
                match a.note.as_ref().map(|n| &n.value) {
                    Some(Note::Shown(false)) => model.note.clear(),
                    Some(Note::Text(own)) => model.note = joins::joined(own.trim()),
                    Some(Note::Shown(true)) | None => {}
                }
                model
            })
        }),
    }
}

/// The render model of a checked plan and its computed tables; a report's table first among
/// its appendices, and the figures its text names (`values`, computed) in their places.
pub fn enrich(
    loaded: &LoadedPlan,
    tables: &[AppendixTable],
    report: Option<&AppendixTable>,
    values: &std::collections::BTreeMap<String, String>,
) -> Document {
    inline::with_values(values, || enrich_model(loaded, tables, report))
}

fn enrich_model(
    loaded: &LoadedPlan,
    tables: &[AppendixTable],
    report: Option<&AppendixTable>,
) -> Document {
    let plan = &loaded.plan;
    let kind = plan.kind.value.kind().expect("checked: the kind is known");
    let date = parse_plan_date(&plan.date).ok();
    let file = loaded.file.as_ref();
    let mut b = Builder::new(file);
    match kind.body {
        BodyShape::Sections | BodyShape::Items => {
            for (i, s) in plan.sections.iter().enumerate() {
                b.section(i, s);
            }
            // Each part numbers its sections from I. again.
            for (i, part) in plan.parts.iter().enumerate() {
                b.part(i, &part.value);
                for (j, s) in part.value.sections.iter().enumerate() {
                    b.section(j, s);
                }
            }
            b.items(&plan.items, "");
        }
    }
    let header = header(plan, kind, date);
    let caption = caption(plan, kind, date);
    let mut appendices: Vec<AppendixModel> = report
        .iter()
        .map(|t| AppendixModel {
            heading: String::new(),
            title: t.title.to_uppercase(),
            caption: caption.clone(),
            body: Vec::new(),
            table: Some(table::table_model(t)),
        })
        .collect();
    appendices.extend(
        plan.appendices
            .iter()
            .enumerate()
            .map(|(i, a)| appendix(loaded, i, a, &caption, tables)),
    );
    // Numbered once all are known: a report's table is one of them.
    let count = appendices.len();
    for (i, a) in appendices.iter_mut().enumerate() {
        a.heading = if count > 1 {
            format!("PHỤ LỤC {}", roman(i + 1))
        } else {
            "PHỤ LỤC".into()
        };
    }
    let meta_date = date.map(PlanDate::earliest);
    Document {
        kind: kind.name.to_owned(),
        type_name: kind.title.to_owned(),
        header,
        subject: {
            let m = &*measures::MEASURES;
            lines::balance(
                &parse(&plan.subject.value),
                true,
                m.title.size,
                m.text_width(false),
            )
        },
        bases: bases(plan),
        intro: paragraphs(file, plan.intro.as_ref()),
        body: b.blocks,
        closing: paragraphs(file, plan.closing.as_ref()),
        sources: {
            let at = |l: &serde_saphyr::Location| {
                format!(
                    "{}:{}",
                    file.name(),
                    file.position(file.span_of(l).start).line
                )
            };
            Sources {
                bases: plan.bases.iter().map(|b| at(&b.at)).collect(),
                intro: plan.intro.as_ref().map(|p| at(&p.at)).unwrap_or_default(),
                closing: plan.closing.as_ref().map(|p| at(&p.at)).unwrap_or_default(),
            }
        },
        signer: Signer {
            capacity: signer_lines(&plan.signer),
            title: plan.signer.title.value.to_uppercase(),
            name: plan
                .signer
                .name
                .as_ref()
                .map(|n| n.value.clone())
                .unwrap_or_default(),
        },
        recipients: recipients(plan),
        appendices,
        meta: Meta {
            title: inline::plain(&parse(&plan.subject.value)),
            author: plan.authority.name.value.clone(),
            year: meta_date.map_or(2000, |d| d.year()),
            month: meta_date.map_or(1, |d| d.month()),
            day: meta_date.map_or(1, |d| d.day()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_and_numbers_as_decree_30_writes_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2023, 6, 5)), "ngày 05 tháng 6 năm 2023");
        assert_eq!(long_date(d(2024, 2, 5)), "ngày 05 tháng 02 năm 2024");
        assert_eq!(body::letter(4), "đ");
        assert_eq!(title_case("quế châu"), "Quế Châu");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
    }

    #[test]
    fn a_draft_keeps_blanks_no_renderer_collapses() {
        let blank_day = date_text(Some(PlanDate::Month {
            year: 2023,
            month: 5,
        }));
        assert_eq!(
            blank_day,
            format!("ngày{}tháng 5 năm 2023", "\u{a0}".repeat(DAY_BLANK))
        );
        // About 1,2 cm and 1,5 cm: no-break spaces are a quarter of an em.
        let cm = |n: usize, size: f64| n as f64 * size / 4.0 / 28.35;
        assert!((1.1..1.4).contains(&cm(DAY_BLANK, 14.0)));
        assert!((1.4..1.7).contains(&cm(NUMBER_BLANK, 13.0)));
    }
}
