//! The report's results-framework part, as blocks of the document model
//! (so that every renderer shows it): the roll-up (how many targets,
//! outcomes and outputs stand where, manual assessments apart), the
//! chain's diagrams (made by [`super::chain_figure`]), the 2030
//! targets by goal, the outcomes and outputs per thematic priority and per
//! Action Plan objective with their indicator's baseline, target, actual
//! and status, every Connect 2030 target accounted for (judged where data
//! allow, else why not), and the officers' commentary under each item.
//!
//! Statuses are the chain's ([`Chain::status`], read from the progress
//! rows); the values are the headline row's. Nothing is computed again
//! here, and nothing is read or written: the command layer hands in the
//! chain, the rows and the commentary.

use super::chain::{AssessedBy, Chain, Counts, ItemStatus};
use super::commentary::{self, Commentary};
use super::document::{
    Block, Cell, Column, Figure, Heading, Inline, Paragraph, ParagraphStyle, Table,
};
use crate::indicator::Indicator;
use crate::indicator::framework::{Item, ItemKind};
use crate::progress::{Method, ProgressRow, Status};

/// The workbook sheet of the outcome and output indicators.
pub const SHEET: &str = "Framework";

/// What the part is made from.
pub struct FrameworkInputs<'a> {
    /// The chain with its statuses.
    pub chain: &'a Chain<'a>,
    /// The indicators (for units and names).
    pub indicators: &'a [&'a Indicator],
    /// Every progress row.
    pub rows: &'a [ProgressRow],
    /// The method of the statuses.
    pub method: Method,
    /// The commentary of the reporting year.
    pub commentary: &'a [Commentary],
    /// The reporting year.
    pub year: i32,
    /// The chain's diagrams as figures ([`super::chain_figure`]), in
    /// order.
    pub diagrams: &'a [Figure],
}

fn heading(level: u8, words: &str, anchor: Option<&str>) -> Block {
    Block::Heading(Heading {
        level,
        text: vec![Inline::Text(words.to_string())],
        anchor: anchor.map(str::to_string),
        listed: anchor.is_some(),
    })
}

fn para(style: ParagraphStyle, text: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph { style, text })
}

/// A table name of the document: letters, digits and `_`.
fn name(words: &str) -> String {
    super::document::table_name(words)
}

/// The item's status in words, marked when an officer gave it.
fn status_cell(s: &ItemStatus) -> Cell {
    match (s.by, s.status) {
        (AssessedBy::Computed | AssessedBy::Manual, Some(status)) if s.years.is_empty() => {
            let mut note = Vec::new();
            if let Some(m) = &s.manual {
                note.push(Inline::Text(format!(
                    "manual assessment: {}, {}",
                    m.source, m.date
                )));
            } else if let Some(met) = s.met {
                note.push(Inline::Text(if met { "met" } else { "missed" }.to_string()));
            }
            Cell::Status {
                status,
                flags: Vec::new(),
                note,
            }
        }
        _ => Cell::Text(s.short()),
    }
}

/// The headline row of an item: the one its status is read from.
fn headline<'r>(
    rows: &'r [ProgressRow],
    method: Method,
    id: &str,
    s: &ItemStatus,
) -> Option<&'r ProgressRow> {
    // The row the status comes from: the headline group's worst.
    let geo = s.geo.as_deref()?;
    // An outcome measured through the 2023 targets it carries reads
    // their rows.
    let of = |t: &str| {
        if s.via.is_empty() {
            t == id
        } else {
            s.via.iter().any(|v| v == t)
        }
    };
    let own: Vec<&ProgressRow> = rows
        .iter()
        .filter(|r| of(&r.target_id) && r.geo == geo && r.assessment.method == method)
        .collect();
    own.iter()
        .filter(|r| r.assessment.status != Status::InsufficientData)
        .max_by_key(|r| r.assessment.status.rank())
        .or(own.first())
        .copied()
}

fn number(v: Option<f64>, decimals: usize) -> Cell {
    match v {
        Some(value) => Cell::Number {
            value,
            decimals: u8::try_from(decimals).unwrap_or(1),
        },
        None => Cell::Empty,
    }
}

fn year_value(year: Option<i32>, v: Option<f64>, decimals: usize) -> Cell {
    match (year, v) {
        (Some(y), Some(v)) => Cell::Text(format!("{y}: {v:.decimals$}")),
        _ => Cell::Empty,
    }
}

impl FrameworkInputs<'_> {
    fn columns() -> Vec<Column> {
        vec![
            Column::text("Item"),
            Column::text("Text"),
            Column::text("Indicator"),
            Column::text("Group"),
            Column::text("Baseline"),
            Column::number("Target"),
            Column::text("Actual"),
            Column::statuses("Status"),
            Column::statuses("Last 5 years"),
            Column::text("Confidence"),
        ]
    }

    fn row(&self, item: &Item) -> Vec<Cell> {
        let s = self.chain.status(&item.id);
        let head = headline(self.rows, self.method, &item.id, &s);
        let ind = head
            .and_then(|r| self.indicators.iter().find(|i| i.id == r.indicator_id))
            .or_else(|| {
                self.indicators
                    .iter()
                    .find(|i| s.indicators.contains(&i.id))
            });
        let decimals = ind.map(|i| i.unit.decimals()).unwrap_or(1);
        let a = head.map(|r| &r.assessment);
        vec![
            Cell::Text(item.id.clone()),
            Cell::Text(item.short_text().to_string()),
            match ind {
                Some(i) if s.via.is_empty() => Cell::Text(format!("{} ({})", i.name, i.id)),
                Some(i) => Cell::Text(format!(
                    "{} ({}), through {}",
                    i.name,
                    i.id,
                    s.via.join(", ")
                )),
                None => Cell::Text("none yet".to_string()),
            },
            Cell::Text(head.map(|r| r.geo_name.clone()).unwrap_or_default()),
            year_value(
                a.and_then(|a| a.base_year),
                a.and_then(|a| a.base_value),
                decimals,
            ),
            number(a.and_then(|a| a.target_value), decimals),
            year_value(
                a.and_then(|a| a.latest_year),
                a.and_then(|a| a.latest_value),
                decimals,
            ),
            status_cell(&s),
            // The headline row's short term and grade, when the status is
            // computed from it (not given by hand, not a target whose year
            // has come).
            match head.map(|r| &r.assessment) {
                Some(a)
                    if s.by == AssessedBy::Computed
                        && a.met.is_none()
                        && a.status != Status::InsufficientData =>
                {
                    Cell::Status {
                        status: a.short_term_status,
                        flags: Vec::new(),
                        note: Vec::new(),
                    }
                }
                _ => Cell::Empty,
            },
            match head {
                Some(r) if s.by == AssessedBy::Computed => Cell::Confidence(r.confidence),
                _ => Cell::Empty,
            },
        ]
    }

    fn table(&self, key: &str, caption: String, items: &[&Item]) -> Block {
        Block::Table(Table {
            name: name(&format!("framework {key}")),
            caption,
            columns: Self::columns(),
            rows: items.iter().map(|i| self.row(i)).collect(),
            row_headers: true,
            note: vec![Inline::Text(format!(
                "The status is the headline group's; Last 5 years: the same method on the last five years' points; confidence in a computed status: {}.",
                crate::progress::Confidence::legend()
            ))],
            sheet: Some(SHEET.to_string()),
        })
    }

    /// The commentary of these items, under their table, each headed by
    /// its id; a manual assessment says so.
    fn commentary(&self, items: &[&Item], out: &mut Vec<Block>) {
        for item in items {
            let Some(c) = self.commentary.iter().find(|c| c.id == item.id) else {
                continue;
            };
            let mut lead = vec![Inline::Strong(format!("Commentary on {}", item.id))];
            if let Some(m) = &c.manual {
                lead.push(Inline::Text(format!(
                    " (manual assessment: {} {}, from {}, {})",
                    m.status.symbol(),
                    m.status.label(),
                    m.source,
                    m.date
                )));
            }
            out.push(para(ParagraphStyle::Body, lead));
            out.extend(c.blocks.iter().map(commentary_block));
        }
    }

    /// The part's blocks.
    pub fn blocks(&self) -> Vec<Block> {
        let fw = self.chain.framework();
        let mut out = vec![
            Block::PageBreak,
            heading(1, "Results framework", Some("framework")),
            para(
                ParagraphStyle::Body,
                vec![Inline::Text(format!(
                    "The chain below the 2030 targets in {} ({}): outcomes under the thematic priorities and the Action Plan objectives, and the outputs that serve them, each with its indicator's baseline, target and latest value where an indicator with data measures it, and the officers' commentary for {}. A status given by hand is marked as a manual assessment, with its source and date, and counted apart.",
                    fw.meta.title, fw.meta.id, self.year
                ))],
            ),
        ];
        out.push(self.rollup());
        if !self.diagrams.is_empty() {
            out.push(heading(2, "The chain in diagrams", None));
            out.push(para(
                ParagraphStyle::Body,
                vec![Inline::Text(
                    "Each diagram reads left to right: a goal, its 2030 targets, the 2023 targets mapped to them and the outcomes serving them, and the outputs (and the 2023 targets the plan moved under the outcomes) under those. Every box carries its status symbol and word as well as its colour; a dashed link is rbm's proposal for an officer to confirm, not the plan's.".to_string(),
                )],
            ));
            out.extend(self.diagrams.iter().cloned().map(Block::Figure));
        }

        // The 2030 targets, by goal.
        out.push(heading(2, "The 2030 targets", None));
        for goal in fw.goals() {
            let items: Vec<&Item> = fw
                .targets_2030()
                .into_iter()
                .filter(|t| t.parent.as_deref() == Some(goal.id.as_str()))
                .collect();
            if items.is_empty() {
                continue;
            }
            out.push(self.table(
                &format!("targets {}", goal.id),
                format!("{} {}: its 2030 targets", goal.id, goal.short_text()),
                &items,
            ));
            self.commentary(&items, &mut out);
        }

        // Outcomes per thematic priority, then per objective.
        let priorities: Vec<&Item> = fw.of_kind(ItemKind::ThematicPriority).collect();
        if !priorities.is_empty() {
            out.push(heading(2, "Outcomes by thematic priority", None));
        }
        for tp in priorities {
            let items: Vec<&Item> = fw
                .of_kind(ItemKind::Outcome)
                .filter(|o| fw.priorities_of(o).iter().any(|(p, _)| p.id == tp.id))
                .collect();
            if items.is_empty() {
                out.push(para(
                    ParagraphStyle::Note,
                    vec![Inline::Text(format!(
                        "{} {}: no outcome of the framework is under it.",
                        tp.id,
                        tp.short_text()
                    ))],
                ));
                continue;
            }
            out.push(self.table(
                &format!("priority {}", tp.id),
                format!("{} {}: its outcomes", tp.id, tp.short_text()),
                &items,
            ));
            self.commentary(&items, &mut out);
        }
        let objectives: Vec<&Item> = fw.of_kind(ItemKind::Objective).collect();
        if !objectives.is_empty() {
            out.push(heading(
                2,
                "Outcomes and outputs by Action Plan objective",
                None,
            ));
        }
        for obj in objectives {
            let items = fw.of_objective(&obj.id);
            if items.is_empty() {
                continue;
            }
            out.push(self.table(
                &format!("objective {}", obj.id),
                format!(
                    "{} {}: its outcomes and outputs",
                    obj.id,
                    obj.title.as_deref().unwrap_or(obj.short_text())
                ),
                &items,
            ));
            self.commentary(&items, &mut out);
        }

        out.extend(self.accounting());
        out
    }

    fn rollup(&self) -> Block {
        let r = self.chain.rollup();
        let row = |label: &str, c: &Counts| {
            let manual: usize = c.manual.values().sum();
            vec![
                Cell::Text(label.to_string()),
                Cell::Integer(c.total as i64),
                Cell::Integer(c.on_track as i64),
                Cell::Integer(c.off_track as i64),
                Cell::Integer(c.unclear as i64),
                Cell::Integer(manual as i64),
                Cell::Integer(c.no_data as i64),
                Cell::Integer(c.no_indicator as i64),
            ]
        };
        Block::Table(Table {
            name: name("framework rollup"),
            caption: "Roll-up: where the targets, outcomes and outputs stand (manual assessments counted apart)".to_string(),
            columns: vec![
                Column::text("Items"),
                Column::number("Total"),
                Column::number("On track or met"),
                Column::number("Off track"),
                Column::number("Unclear"),
                Column::number("Manual assessment"),
                Column::number("No data here"),
                Column::number("No indicator"),
            ],
            rows: vec![
                row("2030 targets", &r.targets_2030),
                row("2023 targets", &r.targets_2023),
                row("Outcomes", &r.outcomes),
                row("Outputs", &r.outputs),
            ],
            row_headers: true,
            note: vec![Inline::Text(
                "Computed statuses are the headline group's (the World where assessed), the worst over the item's indicators; a manual assessment is an officer's, with its evidence.".to_string(),
            )],
            sheet: Some(SHEET.to_string()),
        })
    }

    fn accounting(&self) -> Vec<Block> {
        let accounts = self.chain.accounting();
        if accounts.is_empty() {
            return Vec::new();
        }
        vec![
            heading(2, "Every Connect 2030 target accounted for", None),
            Block::Table(Table {
                name: name("framework connect 2030"),
                caption: "The Connect 2030 targets for 2023: where the plan places each, and whether it is judged here, or why not".to_string(),
                columns: vec![
                    Column::text("Target"),
                    Column::text("Text"),
                    Column::text("Placed"),
                    Column::text("Judged"),
                ],
                rows: accounts
                    .iter()
                    .map(|a| {
                        vec![
                            Cell::Text(a.id.clone()),
                            Cell::Text(a.text.clone()),
                            Cell::Text(a.placed.clone()),
                            Cell::Text(a.verdict.clone()),
                        ]
                    })
                    .collect(),
                row_headers: true,
                note: Vec::new(),
                sheet: Some(SHEET.to_string()),
            }),
        ]
    }
}

/// A block of commentary as a block of the document: its words stay words
/// (every renderer escapes them); a link keeps its address in the text.
fn commentary_block(b: &commentary::Block) -> Block {
    match b {
        commentary::Block::Paragraph(inlines) => para(ParagraphStyle::Body, inline_runs(inlines)),
        commentary::Block::List(items) => {
            Block::List(items.iter().map(|i| inline_runs(i)).collect())
        }
    }
}

fn inline_runs(inlines: &[commentary::Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            commentary::Inline::Text(t) => Inline::Text(t.clone()),
            commentary::Inline::Strong(t) => Inline::Strong(t.clone()),
            commentary::Inline::Em(t) => Inline::Emphasis(t.clone()),
            commentary::Inline::Code(t) => Inline::Code(t.clone()),
            commentary::Inline::Link(text, url) => Inline::Text(format!("{text} ({url})")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commentary_words_stay_words_and_links_keep_their_address() {
        let b = commentary::Block::Paragraph(vec![
            commentary::Inline::Strong("What happened.".to_string()),
            commentary::Inline::Text(" <b>fewer</b> trainings".to_string()),
            commentary::Inline::Link(
                "the register".to_string(),
                "https://example.org/r".to_string(),
            ),
        ]);
        assert_eq!(
            commentary_block(&b),
            para(
                ParagraphStyle::Body,
                vec![
                    Inline::Strong("What happened.".to_string()),
                    Inline::Text(" <b>fewer</b> trainings".to_string()),
                    Inline::Text("the register (https://example.org/r)".to_string()),
                ]
            )
        );
    }
}
