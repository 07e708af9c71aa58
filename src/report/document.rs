//! The report's reading order, once: [`walk`] visits a [`Report`] part by
//! part and hands each to a [`Renderer`], with the rows of every table
//! already built as [`Cell`]s. Each output format (HTML, Markdown; Word
//! and Excel next) is a `Renderer`: it decides how a heading, a table or a
//! status is written, never what comes next or which fields a row holds.

use super::model::{
    Change, DataGap, GroupLine, IndicatorBlock, PastTarget, Report, Source, StatusCounts,
    TargetSection,
};
use crate::progress::Status;

/// One cell of a report table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Plain text.
    Text(&'a str),
    /// A status on its own (before and after, in changes).
    Status(Status),
    /// A group's status with whether the methods disagree and, when it
    /// could not be assessed, why.
    Verdict {
        /// The status.
        status: Status,
        /// The three methods disagree.
        disagree: bool,
        /// Why it could not be assessed, or empty.
        note: &'a str,
    },
    /// A bold lead and text after it: a target id and its words.
    Lead {
        /// The bold part.
        strong: &'a str,
        /// The rest.
        rest: &'a str,
    },
}

/// A column of a report table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Holds numbers: right-aligned.
    pub numeric: bool,
}

const fn text(name: &'static str) -> Column {
    Column {
        name,
        numeric: false,
    }
}

const fn number(name: &'static str) -> Column {
    Column {
        name,
        numeric: true,
    }
}

/// Which table of the report, for the words a format puts around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Status changes since the previous report.
    Changes,
    /// A target's table of groups.
    Groups,
    /// The 2023 targets that map to a 2030 target.
    Past,
    /// Sources and licences.
    Sources,
}

const CHANGES: [Column; 7] = [
    text("Indicator"),
    text("Target"),
    text("Group"),
    text("Before"),
    text("Now"),
    text("Because of"),
    text("Detail"),
];
const GROUPS: [Column; 7] = [
    text("Group"),
    text("Base"),
    text("Latest"),
    text("Target"),
    number("Projected"),
    text("Status"),
    number("× faster"),
];
const PAST: [Column; 5] = [
    text("Target"),
    text("Group"),
    text("Value"),
    text("Target"),
    text("Verdict"),
];
const SOURCES: [Column; 5] = [
    text("Source"),
    text("Release"),
    text("Licence"),
    text("Attribution"),
    text("Use"),
];

impl TableKind {
    /// The table's columns.
    pub fn columns(self) -> &'static [Column] {
        match self {
            TableKind::Changes => &CHANGES,
            TableKind::Groups => &GROUPS,
            TableKind::Past => &PAST,
            TableKind::Sources => &SOURCES,
        }
    }
}

/// An output format of the report.
pub trait Renderer {
    /// Title, dates, data releases (and, where the format has one, the
    /// table of contents).
    fn head(&mut self, r: &Report);
    /// The summary: the opening sentences, status counts by goal and by
    /// group, the status grid.
    fn summary(
        &mut self,
        highlights: &[String],
        by_goal: &[StatusCounts],
        by_group: &[StatusCounts],
    );
    /// The heading of what changed since an earlier report.
    fn changes_heading(&mut self, previous: &str);
    /// A line saying that nothing changed.
    fn no_change(&mut self);
    /// A 2030 target's heading and goal.
    fn section(&mut self, s: &TargetSection);
    /// A line saying that no indicator measures the target.
    fn no_indicator(&mut self);
    /// An indicator's heading and SMART definition.
    fn indicator(&mut self, b: &IndicatorBlock);
    /// A notice that the indicator has no data here.
    fn not_measurable(&mut self);
    /// A chart, by file stem.
    fn chart(&mut self, stem: &str);
    /// A table, with its rows built.
    fn table(&mut self, kind: TableKind, rows: &[Vec<Cell<'_>>]);
    /// An indicator's status changes, as a list.
    fn block_changes(&mut self, changes: &[Change]);
    /// The data gaps.
    fn gaps(&mut self, gaps: &[DataGap]);
    /// The methodology, as Markdown without its own title.
    fn methodology(&mut self, body: &str);
    /// The heading of sources and licences.
    fn sources_heading(&mut self);
    /// The end.
    fn end(&mut self, r: &Report);
}

fn change_row(c: &Change) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&c.indicator_id),
        Cell::Text(&c.target_id),
        Cell::Text(&c.group),
        Cell::Status(c.before),
        Cell::Status(c.after),
        Cell::Text(&c.cause),
        Cell::Text(&c.detail),
    ]
}

fn group_row(l: &GroupLine) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&l.group),
        Cell::Text(&l.base),
        Cell::Text(&l.latest),
        Cell::Text(&l.target),
        Cell::Text(&l.projected),
        Cell::Verdict {
            status: l.status,
            disagree: l.disagree,
            note: &l.note,
        },
        Cell::Text(&l.faster),
    ]
}

fn past_row(p: &PastTarget) -> Vec<Cell<'_>> {
    vec![
        Cell::Lead {
            strong: &p.id,
            rest: &p.text,
        },
        Cell::Text(&p.group),
        Cell::Text(&p.value),
        Cell::Text(&p.target),
        Cell::Text(&p.verdict),
    ]
}

fn source_row(s: &Source) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&s.name),
        Cell::Text(&s.release),
        Cell::Text(&s.licence),
        Cell::Text(&s.attribution),
        Cell::Text(&s.counts),
    ]
}

/// Hand every part of the report, in reading order, to a renderer.
pub fn walk(r: &Report, to: &mut dyn Renderer) {
    to.head(r);
    to.summary(&r.highlights, &r.by_goal, &r.by_group);
    if let (Some(changes), Some(prev)) = (&r.changes, &r.previous) {
        to.changes_heading(prev);
        if changes.is_empty() {
            to.no_change();
        } else {
            to.table(
                TableKind::Changes,
                &changes.iter().map(change_row).collect::<Vec<_>>(),
            );
        }
    }
    for s in &r.sections {
        to.section(s);
        if s.indicators.is_empty() {
            to.no_indicator();
        }
        for b in &s.indicators {
            to.indicator(b);
            if !b.measurable {
                to.not_measurable();
            }
            for c in &b.charts {
                to.chart(c);
            }
            if !b.lines.is_empty() {
                to.table(
                    TableKind::Groups,
                    &b.lines.iter().map(group_row).collect::<Vec<_>>(),
                );
            }
            if !b.past.is_empty() {
                to.table(
                    TableKind::Past,
                    &b.past.iter().map(past_row).collect::<Vec<_>>(),
                );
            }
            if !b.changes.is_empty() {
                to.block_changes(&b.changes);
            }
        }
    }
    to.gaps(&r.gaps);
    // The methodology page's own first heading is the section's.
    let body = r
        .methodology
        .lines()
        .skip_while(|l| l.starts_with("# "))
        .collect::<Vec<_>>()
        .join("\n");
    to.methodology(&body);
    to.sources_heading();
    to.table(
        TableKind::Sources,
        &r.sources.iter().map(source_row).collect::<Vec<_>>(),
    );
    to.end(r);
}
