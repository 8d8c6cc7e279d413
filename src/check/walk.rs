//! Lists the values of a plan the checker reads: every date field (with what it is for),
//! every time field, and every piece of prose, in document order.

use crate::plan::{
    Appendix, Bullet, Duty, Item, Located, Paragraphs, Plan, Report, Section, TaskEntry, Text,
};

/// What a date field is for; it decides which rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRole {
    PeriodStart,
    PeriodEnd,
    Deadline,
    /// A one-off report's due date: results are reported after a campaign ends, so only
    /// the plan's date and the calendar bound it.
    ReportDue,
    Event,
    AsOf,
}

/// One value the checker reads.
pub enum Field<'a> {
    Date(&'a Text, DateRole),
    /// A row of a task table, and whether it is inside a group.
    Task(&'a Located<TaskEntry>, bool),
    /// A unit's or a task's deadline, in any of the forms offices write
    /// ([`crate::vietnamese::deadline`]).
    Deadline(&'a Text),
    Time(&'a Text),
    Prose(Located<&'a str>),
}

/// Every date, time and prose value of `plan` (the plan's own date is read separately).
pub fn fields(plan: &Plan) -> Vec<Field<'_>> {
    let mut w = Walker(Vec::new());
    w.text(&plan.subject);
    plan.bases.iter().for_each(|b| w.text(b));
    w.paragraphs(plan.intro.as_ref());
    if let Some(p) = &plan.period {
        w.0.push(Field::Date(&p.start, DateRole::PeriodStart));
        w.0.push(Field::Date(&p.end, DateRole::PeriodEnd));
    }
    plan.sections.iter().for_each(|s| w.section(s));
    for part in &plan.parts {
        w.text(&part.value.title);
        w.paragraphs(part.value.text.as_ref());
        part.value.sections.iter().for_each(|s| w.section(s));
    }
    plan.items.iter().for_each(|i| w.item(i));
    w.paragraphs(plan.closing.as_ref());
    plan.recipients.iter().for_each(|r| w.text(r));
    plan.appendices.iter().for_each(|a| w.appendix(a));
    w.0
}

struct Walker<'a>(Vec<Field<'a>>);

impl<'a> Walker<'a> {
    fn text(&mut self, t: &'a Text) {
        self.0
            .push(Field::Prose(Located::new(t.value.as_str(), t.at)));
    }

    fn paragraphs(&mut self, p: Option<&'a Paragraphs>) {
        if let Some(p) = p {
            self.0.extend(p.paragraphs().into_iter().map(Field::Prose));
        }
    }

    fn section(&mut self, s: &'a Section) {
        self.text(&s.title);
        self.paragraphs(s.text.as_ref());
        s.items.iter().for_each(|i| self.item(i));
        s.bullets.iter().for_each(|b| self.bullet(b));
        s.duties.iter().for_each(|d| self.duty(d));
        s.task_table.iter().for_each(|t| self.task(t, false));
        s.reporting.iter().for_each(|r| self.report(r));
    }

    fn task(&mut self, entry: &'a Located<TaskEntry>, in_group: bool) {
        self.0.push(Field::Task(entry, in_group));
        let t = &entry.value;
        for text in [&t.group, &t.task, &t.lead].into_iter().flatten() {
            self.text(text);
        }
        self.paragraphs(t.with.as_ref());
        if let Some(d) = &t.deadline {
            self.0.push(Field::Deadline(d));
        }
        for text in [&t.output, &t.note].into_iter().flatten() {
            self.text(text);
        }
        t.tasks.iter().for_each(|x| self.task(x, true));
    }

    fn item(&mut self, item: &'a Located<Item>) {
        match &item.value {
            Item::Text(t) => self.0.push(Field::Prose(Located::new(t.as_str(), item.at))),
            Item::Full(b) => {
                if let Some(t) = &b.title {
                    self.text(t);
                }
                self.paragraphs(b.text.as_ref());
                b.items.iter().for_each(|i| self.item(i));
                b.bullets.iter().for_each(|x| self.bullet(x));
                self.paragraphs(b.after.as_ref());
                if let Some(at) = &b.at {
                    self.0.push(Field::Date(&at.date, DateRole::Event));
                    if let Some(t) = &at.time {
                        self.0.push(Field::Time(t));
                    }
                }
                if let Some(d) = &b.deadline {
                    self.0.push(Field::Deadline(d));
                }
                b.duties.iter().for_each(|d| self.duty(d));
                b.task_table.iter().for_each(|t| self.task(t, false));
                b.reporting.iter().for_each(|r| self.report(r));
            }
        }
    }

    fn bullet(&mut self, bullet: &'a Located<Bullet>) {
        match &bullet.value {
            Bullet::Text(t) => self
                .0
                .push(Field::Prose(Located::new(t.as_str(), bullet.at))),
            Bullet::Full(b) => {
                self.text(&b.text);
                if let Some(d) = &b.deadline {
                    self.0.push(Field::Deadline(d));
                }
                b.bullets.iter().for_each(|x| self.bullet(x));
            }
        }
    }

    fn duty(&mut self, d: &'a Duty) {
        self.text(&d.unit);
        self.paragraphs(d.text.as_ref());
        if let Some(x) = &d.deadline {
            self.0.push(Field::Deadline(x));
        }
        d.tasks.iter().for_each(|t| self.bullet(t));
        self.paragraphs(d.after.as_ref());
    }

    fn report(&mut self, r: &'a Report) {
        self.text(&r.what);
        if let Some(t) = &r.before {
            self.0.push(Field::Time(t));
        }
        if let Some(d) = &r.due {
            self.0.push(Field::Date(d, DateRole::ReportDue));
        }
    }

    fn appendix(&mut self, a: &'a Appendix) {
        self.text(&a.title);
        if let Some(d) = &a.as_of {
            self.0.push(Field::Date(d, DateRole::AsOf));
        }
        if let Some(d) = &a.deadline {
            self.0.push(Field::Date(d, DateRole::Deadline));
        }
        self.paragraphs(a.text.as_ref());
        a.items.iter().for_each(|i| self.item(i));
        a.bullets.iter().for_each(|b| self.bullet(b));
        a.task_table.iter().for_each(|t| self.task(t, false));
    }
}
