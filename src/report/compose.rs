//! The report's reading order, once: [`document`] turns the [`Report`]
//! (what the report says, computed by [`super::build`]) and its figures
//! into a [`Document`] that every format renders. Title and contents, the
//! summary, what changed, a part per 2030 target (each on a new page), the
//! data gaps, the methodology, and the sources and licences.
//!
//! It decides what comes next and what each table holds; never how a
//! format writes it.

use std::collections::BTreeMap;

use super::distributions;
use super::document::{
    Block, Cell, Column, Document, Figure, Flag, Heading, Image, Inline, Paragraph, ParagraphStyle,
    Table, table_name, text,
};
use super::markup;
use super::model::{Change, Focus, GroupLine, IndicatorBlock, PastTarget, Report, StatusCounts};
use crate::indicator::Indicator;
use crate::progress::backtest::{Backtest, SeriesKind};
use crate::progress::distribution::Distribution;
use crate::progress::{Confidence, Method, Status};

/// The sheet of the workbook with the status counts.
pub const SUMMARY_SHEET: &str = "Summary";
/// The sheet of the workbook with the data gaps.
pub const GAPS_SHEET: &str = "Data gaps";
/// The sheet of the workbook with the sources.
pub const SOURCES_SHEET: &str = "Sources";
/// The sheet with each target's table of groups and its earlier targets.
pub const TARGETS_SHEET: &str = "By target";
/// The sheet with a group report's scorecard.
pub const SCORECARD_SHEET: &str = "Scorecard";
/// The sheet with the status changes since an earlier report.
pub const CHANGES_SHEET: &str = "Changes";
/// The sheet with the backtest of the methodology.
pub const BACKTEST_SHEET: &str = "Backtest";
/// The sheet with each target's member economies by group.
pub const MEMBERS_SHEET: &str = "Members";

/// What the document is made of besides the report itself.
pub struct Parts<'a> {
    /// What the report says.
    pub report: &'a Report,
    /// The figure of every chart drawn, by chart stem.
    pub figures: &'a BTreeMap<String, Figure>,
    /// Their images, by chart stem.
    pub images: BTreeMap<String, Image>,
    /// Tables only the workbook shows.
    pub annex: Vec<Table>,
    /// The results-framework part ([`super::framework_part`]), between
    /// the targets and the data gaps.
    pub framework: Vec<Block>,
    /// The backtest on the report's own data, for the methodology.
    pub backtest: Option<&'a Backtest>,
    /// The indicators, for the units of the member tables.
    pub indicators: &'a [&'a Indicator],
}

fn heading(level: u8, words: &str, anchor: Option<&str>) -> Block {
    Block::Heading(Heading {
        level,
        text: text(words),
        anchor: anchor.map(str::to_string),
        listed: level == 1 && anchor.is_some(),
    })
}

fn paragraph(style: ParagraphStyle, text: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph { style, text })
}

fn counts(name: &str, first: &str, caption: &str, rows: &[StatusCounts]) -> Table {
    let mut columns = vec![Column::text(first)];
    columns.extend(Status::ALL.iter().map(|s| Column::count_of(*s)));
    Table {
        name: table_name(name),
        caption: caption.to_string(),
        columns,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![Cell::Text(r.label.clone())];
                row.extend(
                    r.counts
                        .iter()
                        .map(|c| Cell::Integer(i64::try_from(*c).unwrap_or(i64::MAX))),
                );
                row
            })
            .collect(),
        row_headers: true,
        note: Vec::new(),
        sheet: Some(SUMMARY_SHEET.to_string()),
    }
}

fn status(s: Status) -> Cell {
    Cell::Status {
        status: s,
        flags: Vec::new(),
        note: Vec::new(),
    }
}

/// A cell of free text from data or definitions, whose `` `code` `` spans
/// are code.
fn words(s: &str) -> Cell {
    if s.contains('`') {
        Cell::Rich(markup::code_spans(s))
    } else {
        Cell::Text(s.to_string())
    }
}

fn changes_table(name: &str, caption: String, changes: &[Change]) -> Table {
    Table {
        name: table_name(name),
        caption,
        columns: [
            "Indicator",
            "Target",
            "Group",
            "Before",
            "Now",
            "Because of",
            "Detail",
        ]
        .iter()
        .map(|c| match *c {
            "Before" | "Now" => Column::statuses(c),
            _ => Column::text(c),
        })
        .collect(),
        rows: changes
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(c.indicator_id.clone()),
                    Cell::Text(c.target_id.clone()),
                    Cell::Text(c.group.clone()),
                    status(c.before),
                    status(c.after),
                    words(&c.cause),
                    words(&c.detail),
                ]
            })
            .collect(),
        row_headers: false,
        note: Vec::new(),
        sheet: Some(CHANGES_SHEET.to_string()),
    }
}

/// The mark of a status on which the methods disagree.
pub fn disagree_flag() -> Flag {
    Flag {
        symbol: "≠".to_string(),
        meaning: "the four methods disagree".to_string(),
    }
}

/// The mark of a status whose group has a computed value that moves for
/// the wrong reason.
pub fn jump_flag() -> Flag {
    Flag {
        symbol: "†".to_string(),
        meaning: "an aggregate jump since the base year, noted under the table".to_string(),
    }
}

/// The legend of the marks and columns a table of statuses shares.
fn status_legend() -> String {
    format!(
        "Last 5 years: the same method on the points of the last five years only (blank for a target whose year has come, which is met or missed). Confidence in the status: {}, from the evidence behind it (coverage and imputed share of the latest value, ITU estimates, points in the window, series breaks, the methods' agreement, the method's backtest error, aggregate jumps; methodology section 6; the reasons of each row are in tables/progress.csv). ≠ the four methods disagree on the status. † a computed value since the base year moves for the wrong reason.",
        Confidence::legend()
    )
}

/// The cells of a group's line: group, base, latest, target, projected,
/// status, last five years, × faster, confidence.
fn group_row(l: &GroupLine) -> Vec<Cell> {
    let mut flags = Vec::new();
    if l.disagree {
        flags.push(disagree_flag());
    }
    if l.jumped {
        flags.push(jump_flag());
    }
    vec![
        Cell::Text(l.group.clone()),
        Cell::Text(l.base.clone()),
        Cell::Text(l.latest.clone()),
        Cell::Text(l.target.clone()),
        Cell::Text(l.projected.clone()),
        Cell::Status {
            status: l.status,
            flags,
            note: markup::code_spans(&l.note),
        },
        match l.short_term {
            Some(s) => status(s),
            None => Cell::Empty,
        },
        Cell::Text(l.faster.clone()),
        Cell::Confidence(l.confidence),
    ]
}

fn groups_table(number: &str, b: &IndicatorBlock) -> Table {
    Table {
        name: table_name(&format!("groups {number} {}", b.id)),
        caption: format!("Target {number}, {}: progress by group", b.name),
        columns: vec![
            Column::text("Group"),
            Column::text("Base"),
            Column::text("Latest"),
            Column::text("Target"),
            Column::number("Projected"),
            Column::statuses("Status"),
            Column::statuses("Last 5 years"),
            Column::number("× faster"),
            Column::text("Confidence"),
        ],
        rows: b.lines.iter().map(group_row).collect(),
        row_headers: true,
        note: text(format!(
            "* computed by rbm from economies' values; others are published by ITU or the UN. × faster: the pace the target needs, as a multiple of the pace the projection makes (1/P, P the share of the remaining gap the projection closes by the target year). {}",
            status_legend()
        )),
        sheet: Some(TARGETS_SHEET.to_string()),
    }
}

/// The note on the aggregates that jump, beside the table they affect.
fn jumps_note(b: &IndicatorBlock, out: &mut Vec<Block>) {
    if b.jumps.is_empty() {
        return;
    }
    out.push(paragraph(
        ParagraphStyle::Note,
        vec![
            Inline::Strong("† Computed values that move for the wrong reason.".to_string()),
            Inline::Text(
                " These group-years move mainly because the economies with data changed or one member's own series steps, not because members' values moved (rbm series flags them); the grade of a status whose window holds one is lowered:".to_string(),
            ),
        ],
    ));
    out.push(Block::List(
        b.jumps
            .iter()
            .map(|j| text(format!("{}, {}", j.group, j.note)))
            .collect(),
    ));
}

fn past_row(p: &PastTarget) -> Vec<Cell> {
    vec![
        Cell::Rich(vec![
            Inline::Strong(p.id.clone()),
            Inline::Text(format!(" {}", p.text)),
        ]),
        Cell::Text(p.group.clone()),
        Cell::Text(p.value.clone()),
        Cell::Text(p.target.clone()),
        words(&p.verdict),
    ]
}

fn indicator(number: &str, b: &IndicatorBlock, parts: &Parts<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(Heading {
        level: 2,
        text: vec![
            Inline::Text(format!("{} ", b.name)),
            Inline::Aside(format!("({})", b.id)),
        ],
        anchor: Some(format!("t{number}-{}", b.id)),
        listed: false,
    }));
    out.push(Block::Definitions(
        b.definition
            .iter()
            .map(|(k, v)| (k.clone(), markup::code_spans(v)))
            .collect(),
    ));
    if !b.measurable {
        out.push(paragraph(
            ParagraphStyle::Notice,
            vec![
                Inline::Strong("Not measurable here.".to_string()),
                Inline::Text(" No published series with data in two or more years is among the inputs; the target is listed under data gaps.".to_string()),
            ],
        ));
    }
    for stem in &b.charts {
        if let Some(f) = parts.figures.get(stem) {
            out.push(Block::Figure(f.clone()));
        }
    }
    if !b.lines.is_empty() {
        out.push(Block::Table(groups_table(number, b)));
        jumps_note(b, out);
    }
    let members: Vec<&Distribution> = b.members.iter().collect();
    if let Some(ind) = parts.indicators.iter().find(|i| i.id == b.id)
        && !members.is_empty()
    {
        out.push(heading(3, "Member economies", None));
        for t in distributions::report_tables(number, ind, &members, MEMBERS_SHEET) {
            out.push(Block::Table(t));
        }
    }
    if !b.past.is_empty() {
        out.push(heading(3, "Targets for 2023 that map to this target", None));
        out.push(Block::Table(Table {
            name: table_name(&format!("past {number} {}", b.id)),
            caption: format!("Connect 2030 targets for 2023 measured by {}", b.name),
            columns: ["Target", "Group", "Value", "Target value", "Verdict"]
                .iter()
                .map(|c| Column::text(c))
                .collect(),
            rows: b.past.iter().map(past_row).collect(),
            row_headers: true,
            note: Vec::new(),
            sheet: Some(TARGETS_SHEET.to_string()),
        }));
    }
    if !b.changes.is_empty() {
        out.push(heading(3, "Changes since the previous report", None));
        out.push(Block::List(
            b.changes
                .iter()
                .map(|c| {
                    vec![
                        Inline::Text(format!("{} {}: ", c.target_id, c.group)),
                        Inline::Status(c.before),
                        Inline::Text(" → ".to_string()),
                        Inline::Status(c.after),
                        Inline::Text(format!(
                            " ({}{}{})",
                            c.cause,
                            if c.detail.is_empty() { "" } else { "; " },
                            c.detail
                        )),
                    ]
                })
                .collect(),
        ));
    }
}

/// A group report's first page: every 2030 target for the group, with its
/// status, each linked to its part.
fn scorecard(f: &Focus, out: &mut Vec<Block>) {
    out.push(heading(
        1,
        &format!("Scorecard: {}", f.name),
        Some("scorecard"),
    ));
    out.push(paragraph(
        ParagraphStyle::Body,
        text(format!(
            "Every 2030 target for {} ({}): the latest value of each indicator, the target, the projection at the target year and the status. The parts that follow show {} beside the World.",
            f.name, f.code, f.name
        )),
    ));
    let rows = f
        .scorecard
        .iter()
        .map(|s| {
            let target = Cell::Rich(vec![Inline::Link {
                text: format!("{} {}", s.number, s.target),
                href: format!("#t{}", s.number),
            }]);
            let indicator = if s.indicator.is_empty() {
                Cell::Text("No indicator is defined for this target.".into())
            } else {
                Cell::Text(s.indicator.clone())
            };
            match &s.line {
                Some(l) => {
                    let mut row = vec![target, indicator];
                    let full = group_row(l);
                    // Latest, target, projected, status, last five years
                    // and confidence of the group's row.
                    row.extend(
                        full.into_iter()
                            .enumerate()
                            .filter(|(k, _)| [2, 3, 4, 5, 6, 8].contains(k))
                            .map(|(_, c)| c),
                    );
                    row
                }
                None => vec![
                    target,
                    indicator,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Status {
                        status: Status::InsufficientData,
                        flags: Vec::new(),
                        note: text(format!("no data for {}", f.name)),
                    },
                    Cell::Empty,
                    Cell::Confidence(Confidence::Low),
                ],
            }
        })
        .collect();
    out.push(Block::Table(Table {
        name: table_name(&format!("scorecard {}", f.code)),
        caption: format!("Scorecard: every 2030 target for {}", f.name),
        columns: vec![
            Column::text("Target"),
            Column::text("Indicator"),
            Column::text("Latest"),
            Column::text("Target value"),
            Column::number("Projected"),
            Column::statuses("Status"),
            Column::statuses("Last 5 years"),
            Column::text("Confidence"),
        ],
        rows,
        row_headers: true,
        note: text(format!(
            "* computed by rbm from economies' values. {}",
            status_legend()
        )),
        sheet: Some(SCORECARD_SHEET.to_string()),
    }));
    out.push(Block::PageBreak);
}

/// Decimals of errors on a kind of series, as `rbm backtest` writes them.
fn error_decimals(kind: SeriesKind) -> u8 {
    match kind {
        SeriesKind::Parity => 4,
        SeriesKind::Count => 0,
        _ => 2,
    }
}

/// The kind of series and the unit its errors are in.
fn kind_words(kind: SeriesKind) -> String {
    let unit = match kind {
        SeriesKind::BoundedShare => "percentage points",
        SeriesKind::Price => "% of GNI per capita",
        SeriesKind::Parity => "ratio units",
        SeriesKind::EconomyShare => "percentage points of the economies",
        SeriesKind::Count => "units",
        SeriesKind::Other => "the indicator's units",
    };
    let name = match kind {
        SeriesKind::BoundedShare => "Bounded shares",
        SeriesKind::Price => "Prices",
        SeriesKind::Parity => "Parity distances",
        SeriesKind::EconomyShare => "Shares of economies",
        SeriesKind::Count => "Counts",
        SeriesKind::Other => "Other series",
    };
    format!("{name} ({unit})")
}

/// The cut-offs a backtest pooled, in words.
fn cut_words(b: &Backtest) -> String {
    match (b.cut, b.cut_years) {
        (Some(c), _) => format!("cut-off {c}"),
        (None, Some((first, last))) if first == last => format!("cut-off {first}"),
        (None, Some((first, last))) => format!("cut-offs {first}–{last} pooled"),
        (None, None) => "no cut-off with an outcome".to_string(),
    }
}

/// The default method against each named one, per kind of series, on the
/// projections both made: the table that re-justifies the default with
/// each release's data.
pub fn backtest_table(b: &Backtest) -> Table {
    let number = |value: f64, decimals: u8| Cell::Number { value, decimals };
    Table {
        name: table_name("backtest versus default"),
        caption: format!(
            "The default method ({}) against each named method: mean absolute error (MAE) and bias {} years ahead, {}, on the projections both made",
            Method::Trend.as_str(),
            b.horizon,
            cut_words(b)
        ),
        columns: vec![
            Column::text("Kind of series"),
            Column::text("Compared with"),
            Column::number("Projections"),
            Column::number("Its MAE"),
            Column::number("Its bias"),
            Column::number("Default's MAE"),
            Column::number("Default's bias"),
            Column::number("Default lower by (%)"),
        ],
        rows: b
            .versus
            .iter()
            .map(|v| {
                let d = error_decimals(v.kind);
                vec![
                    Cell::Text(kind_words(v.kind)),
                    Cell::Rich(vec![Inline::Code(v.against.as_str().to_string())]),
                    Cell::Integer(i64::try_from(v.n).unwrap_or(i64::MAX)),
                    number(v.against_mae, d),
                    number(v.against_bias, d),
                    number(v.mae, d),
                    number(v.bias, d),
                    number(100.0 * v.reduction(), 0),
                ]
            })
            .collect(),
        row_headers: true,
        note: text(
            "Bias: the mean error; above zero, the method projected too much. Lower by: how much smaller the default's MAE is than the other method's, in percent of it (negative: larger). Today's revised data stand in for what was known at each cut-off.",
        ),
        sheet: Some(BACKTEST_SHEET.to_string()),
    }
}

/// What each status of the default and of `cagr_ratio` turned out to
/// mean: the share of the remaining gap closed by the year the target was
/// set for.
pub fn bands_table(b: &Backtest) -> Table {
    let shown = [Method::Trend, Method::CagrRatio];
    Table {
        name: table_name("backtest statuses"),
        caption: format!(
            "What each status turned out to mean: a target set {} years after each cut-off at the level of the series' 2030 target, assessed at the cut-off, against the share of the remaining gap closed by the target year",
            b.horizon
        ),
        columns: vec![
            Column::text("Method"),
            Column::statuses("Status at the cut-off"),
            Column::number("Series × cut-offs"),
            Column::number("Median share of the gap closed"),
            Column::number("Met the target (%)"),
        ],
        rows: shown
            .iter()
            .flat_map(|m| b.bands.iter().filter(move |x| x.method == *m))
            .map(|x| {
                vec![
                    Cell::Rich(vec![Inline::Code(x.method.as_str().to_string())]),
                    status(x.status),
                    Cell::Integer(i64::try_from(x.n).unwrap_or(i64::MAX)),
                    Cell::Number {
                        value: x.median_closed,
                        decimals: 2,
                    },
                    Cell::Number {
                        value: 100.0 * x.met,
                        decimals: 0,
                    },
                ]
            })
            .collect(),
        row_headers: true,
        note: text(
            "A status means what it says when the bands keep their order: series called on track closed more of their gap than those that needed acceleration, and those more than limited progress.",
        ),
        sheet: Some(BACKTEST_SHEET.to_string()),
    }
}

/// The backtest on the report's data, at the end of the methodology.
fn backtest_part(b: &Backtest, out: &mut Vec<Block>) {
    out.push(heading(2, "The backtest on this report's data", None));
    out.push(paragraph(
        ParagraphStyle::Body,
        markup::code_spans(&format!(
            "Computed when this report was built, from the data it uses, by the code of `rbm backtest` (which prints the same and more): each method projects every group series from the data up to a cut-off year and is scored against the value observed {} years later. The figures above in this section are those of the data rbm ships with; these are this report's.",
            b.horizon
        )),
    ));
    if b.versus.is_empty() {
        out.push(paragraph(
            ParagraphStyle::Notice,
            text(format!(
                "No series in these data is long enough to be projected {} years ahead from a cut-off and scored, so the choice of the default rests on the figures above.",
                b.horizon
            )),
        ));
        return;
    }
    out.push(Block::Table(backtest_table(b)));
    if b.bands.iter().any(|x| x.method == Method::Trend) {
        out.push(Block::Table(bands_table(b)));
    }
}

/// The document of the report.
pub fn document(parts: Parts<'_>) -> Document {
    let r = parts.report;
    let mut out = vec![
        paragraph(
            ParagraphStyle::Meta,
            vec![
                Inline::Text(format!("Data as of {}. Statuses by the ", r.as_of)),
                Inline::Code(r.method.as_str().to_string()),
                Inline::Text(format!(" method. Generated by {}.", r.generator)),
            ],
        ),
        paragraph(
            ParagraphStyle::Meta,
            text(format!("Data: {}.", r.vintages.join("; "))),
        ),
    ];
    if let Some(f) = &r.focus {
        scorecard(f, &mut out);
    }
    out.extend([
        Block::Contents,
        heading(1, "Summary", Some("summary")),
        Block::List(r.highlights.iter().map(|h| markup::code_spans(h)).collect()),
        heading(2, "Status of the 2030 targets by goal", None),
        Block::Table(counts(
            "summary by goal",
            "Goal",
            "Status of the 2030 targets by goal: number of indicator–group results per status",
            &r.by_goal,
        )),
        heading(2, "Status of the 2030 targets by group", None),
        Block::Table(counts(
            "summary by group",
            "Group",
            "Status of the 2030 targets by group: number of indicator–target results per status",
            &r.by_group,
        )),
    ]);
    if let Some(f) = parts.figures.get("status-grid") {
        out.push(heading(2, "Status of every target for every group", None));
        out.push(Block::Figure(f.clone()));
    }
    if let (Some(changes), Some(prev)) = (&r.changes, &r.previous) {
        out.push(heading(2, &format!("What changed since {prev}"), None));
        if changes.is_empty() {
            out.push(paragraph(ParagraphStyle::Body, text("No status changed.")));
        } else {
            out.push(Block::Table(changes_table(
                "changes",
                format!("Status changes since {prev}, with their cause"),
                changes,
            )));
        }
    }
    for s in &r.sections {
        out.push(Block::PageBreak);
        out.push(heading(
            1,
            &format!("Target {}: {}", s.number, s.text),
            Some(&format!("t{}", s.number)),
        ));
        out.push(paragraph(ParagraphStyle::Note, text(s.goal.clone())));
        if s.indicators.is_empty() {
            out.push(paragraph(
                ParagraphStyle::Body,
                text("No indicator is defined for this target."),
            ));
        }
        for b in &s.indicators {
            indicator(&s.number, b, &parts, &mut out);
        }
    }
    out.extend(parts.framework.iter().cloned());
    out.push(Block::PageBreak);
    out.push(heading(1, "Data gaps", Some("gaps")));
    out.push(Block::Table(Table {
        name: table_name("data gaps"),
        caption: "What the data cannot tell, and why".to_string(),
        columns: vec![Column::text("Gap"), Column::text("Detail")],
        rows: r
            .gaps
            .iter()
            .map(|g| vec![words(&g.what), words(&g.detail)])
            .collect(),
        row_headers: true,
        note: Vec::new(),
        sheet: Some(GAPS_SHEET.to_string()),
    }));
    out.push(Block::PageBreak);
    out.push(heading(1, "Methodology", Some("methodology")));
    // The methodology page's own first heading is the section's.
    let body = r
        .methodology
        .lines()
        .skip_while(|l| l.starts_with("# "))
        .collect::<Vec<_>>()
        .join("\n");
    out.extend(markup::blocks(&body, "methodology"));
    if let Some(b) = parts.backtest {
        backtest_part(b, &mut out);
    }
    out.push(Block::PageBreak);
    out.push(heading(1, "Sources and licences", Some("sources")));
    out.push(Block::Table(Table {
        name: table_name("sources table"),
        caption: "The data's sources, their releases and licences, and how to attribute them"
            .to_string(),
        columns: ["Source", "Release", "Licence", "Attribution", "Use"]
            .iter()
            .map(|c| Column::text(c))
            .collect(),
        rows: r
            .sources
            .iter()
            .map(|s| {
                vec![
                    Cell::Text(s.name.clone()),
                    Cell::Text(s.release.clone()),
                    Cell::Text(s.licence.clone()),
                    words(&s.attribution),
                    words(&s.counts),
                ]
            })
            .collect(),
        row_headers: true,
        note: Vec::new(),
        sheet: Some(SOURCES_SHEET.to_string()),
    }));
    out.push(paragraph(
        ParagraphStyle::Footer,
        vec![
            Inline::Text(format!(
                "{} · data as of {} · the tables behind every chart are in ",
                r.generator, r.as_of
            )),
            Inline::Code("tables/".to_string()),
            Inline::Text(", every status with its inputs in ".to_string()),
            Inline::Code("progress.json".to_string()),
            Inline::Text(".".to_string()),
        ],
    ));
    Document {
        title: r.title.clone(),
        language: "en",
        subject: format!(
            "Status of the ITU Strategic Plan's 2030 targets, data as of {}",
            r.as_of
        ),
        created: format!("{}-12-31T00:00:00Z", r.as_of),
        generator: r.generator.clone(),
        blocks: out,
        images: parts.images,
        annex: parts.annex,
    }
}
