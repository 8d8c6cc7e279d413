//! A child's dates held to its parent's: its period inside the parent's, no deadline after the
//! parent's.

use chrono::NaiveDate;

use super::error;
use crate::check::walk::{DateRole, Field};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::LoadedPlan;
use crate::msg;
use crate::plan::Plan;
use crate::source::{SourceFile, Span};
use crate::vietnamese::calendar::{display, parse_date};

/// A date field's value and where it is written.
fn dates(plan: &Plan, file: &SourceFile, roles: &[DateRole]) -> Vec<(NaiveDate, Span)> {
    crate::check::walk::fields(plan)
        .into_iter()
        .filter_map(|f| match f {
            Field::Date(text, role) if roles.contains(&role) => parse_date(&text.value)
                .ok()
                .map(|d| (d, file.span_of(&text.at))),
            // A unit's deadline in any form, by the day it falls due.
            Field::Deadline(text) if roles.contains(&DateRole::Deadline) => {
                crate::vietnamese::deadline::parse_deadline(&text.value)
                    .ok()
                    .and_then(|d| d.due())
                    .map(|d| (d, file.span_of(&text.at)))
            }
            _ => None,
        })
        .collect()
}

/// The child's period inside the parent's, and no deadline of the child after the parent's
/// (the deadline of the parent's appendix it takes from, or else the end of its period).
pub(super) fn limits(
    child: &LoadedPlan,
    parent: &LoadedPlan,
    appendix: usize,
    problems: &mut Vec<Diagnostic>,
) {
    let (cf, pf) = (&child.file, &parent.file);
    let place = |span: Span| {
        let p = pf.position(span.start);
        format!("{}:{}:{}", pf.name(), p.line, p.column)
    };
    let parent_start = dates(&parent.plan, pf, &[DateRole::PeriodStart])
        .into_iter()
        .next();
    let parent_end = parent
        .plan
        .appendices
        .get(appendix - 1)
        .and_then(|a| a.deadline.as_ref())
        .and_then(|d| parse_date(&d.value).ok().map(|x| (x, pf.span_of(&d.at))))
        .or_else(|| {
            dates(&parent.plan, pf, &[DateRole::PeriodEnd])
                .into_iter()
                .next()
        });
    if let Some((start, at)) = parent_start {
        for (d, span) in dates(&child.plan, cf, &[DateRole::PeriodStart]) {
            if d < start {
                let (d, s, p) = (display(d), display(start), place(at));
                error(
                    problems,
                    Code::CascadeOutsideParent,
                    cf,
                    span,
                    msg!(
                        "bắt đầu {d}, trước khi kế hoạch cấp trên bắt đầu ({s}, {p})",
                        "starts {d}, before the parent plan starts ({s}, {p})"
                    ),
                );
            }
        }
    }
    if let Some((end, at)) = parent_end {
        let roles = [DateRole::PeriodEnd, DateRole::Deadline];
        for (d, span) in dates(&child.plan, cf, &roles) {
            if d > end {
                let (d, e, p) = (display(d), display(end), place(at));
                error(
                    problems,
                    Code::CascadeOutsideParent,
                    cf,
                    span,
                    msg!(
                        "hạn {d} muộn hơn hạn của kế hoạch cấp trên ({e}, {p})",
                        "the date {d} is later than the parent plan's deadline ({e}, {p})"
                    ),
                );
            }
        }
    }
}
