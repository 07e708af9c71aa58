//! Distributions of member economies ([`Distribution`]) written out: for
//! `rbm economies --summary` as CSV (one row per group-year), JSON, or a
//! terminal table per indicator × target; and for the report, a table per
//! 2030 target indicator of each group's members by status and meeting the
//! target, and one of the yearly shares ([`report_tables`]).

use serde::Serialize;

use super::document::{Cell as DocCell, Column, Table as DocTable, table_name, text};
use super::table::{Align, Cell, Style, Table, paragraph};
use super::terminal::WIDTH;
use crate::base::number::{Minus, fixed as num, fixed_with};
use crate::base::text::csv_text;
use crate::classify::group;
use crate::error::Result;
use crate::indicator::Indicator;
use crate::progress::Status;
use crate::progress::distribution::Distribution;

/// The columns of `rbm economies --summary --format csv`: the group's
/// counts (repeated on each of its years), then one year's counts.
pub const SUMMARY_COLUMNS: [&str; 24] = [
    "indicator_id",
    "target_id",
    "group",
    "scored",
    "members",
    "with_value",
    "target_achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "insufficient_data",
    "condition",
    "condition_from",
    "meeting",
    "meeting_share",
    "year",
    "year_with_value",
    "year_imputed",
    "year_meeting",
    "year_share",
    "year_people_share",
    "year_coverage",
    "year_withheld",
];

/// `rbm economies --summary --format csv` (and the report's
/// `tables/distributions.csv`): one row per indicator × target × group ×
/// year; a group without yearly shares has one row with the year cells
/// empty.
pub fn csv(rows: &[Distribution]) -> Result<String> {
    let mut out = Vec::new();
    for d in rows {
        let mut head = vec![
            d.indicator_id.clone(),
            d.target_id.clone(),
            d.group.clone(),
            d.scored.to_string(),
            d.members.to_string(),
            d.with_value.to_string(),
        ];
        head.extend(Status::ALL.iter().map(|s| d.count(*s).to_string()));
        head.push(d.condition.clone().unwrap_or_default());
        head.push(d.condition_from.to_string());
        head.push(d.meeting.to_string());
        head.push(num(d.meeting_share(), 2));
        if d.years.is_empty() {
            let mut row = head.clone();
            row.extend(std::iter::repeat_n(String::new(), 8));
            out.push(row);
        }
        for y in &d.years {
            let mut row = head.clone();
            row.extend([
                y.year.to_string(),
                y.with_value.to_string(),
                y.imputed.to_string(),
                y.meeting.to_string(),
                num(Some(y.share), 2),
                num(y.people_share, 2),
                num(Some(y.coverage), 3),
                y.withheld
                    .as_ref()
                    .map(|w| w.reason.clone())
                    .unwrap_or_default(),
            ]);
            out.push(row);
        }
    }
    csv_text("economies summary", &SUMMARY_COLUMNS, out)
}

#[derive(Serialize)]
struct SummaryDoc<'a> {
    as_of: i32,
    threshold: Option<f64>,
    distributions: &'a [Distribution],
}

/// `rbm economies --summary --format json`.
pub fn json(rows: &[Distribution], as_of: i32, threshold: Option<f64>) -> Result<String> {
    super::json::to_json(
        "economies summary",
        &SummaryDoc {
            as_of,
            threshold,
            distributions: rows,
        },
    )
}

/// How many years of shares the terminal and the report show: the latest.
const YEARS_SHOWN: usize = 8;

fn short(code: &str) -> &str {
    group::group(code).map_or(code, |g| g.short)
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| fixed_with(x, 1, Minus::Typographic))
        .unwrap_or_else(|| "–".to_string())
}

/// The condition in words: `<= 2 %GNIpc (the target's)`.
fn condition_words(ind: &Indicator, d: &Distribution) -> String {
    match &d.condition {
        Some(c) => format!(
            "{c} {} ({})",
            ind.unit.short(),
            if d.condition_from == "threshold" {
                "--threshold"
            } else {
                "the target's"
            }
        ),
        None => "the target achieved (no one value to count against)".to_string(),
    }
}

/// The years shown: the latest [`YEARS_SHOWN`] with a share in any block.
fn years_of(own: &[&Distribution]) -> Vec<i32> {
    let mut years: Vec<i32> = own
        .iter()
        .flat_map(|d| d.years.iter().map(|y| y.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let skip = years.len().saturating_sub(YEARS_SHOWN);
    years.split_off(skip)
}

/// `rbm economies --summary` for the terminal: per indicator × target, the
/// groups' members by status and meeting the condition at their latest
/// values, then by year the members with a value and meeting it, and the
/// shares of economies and of people.
pub fn terminal(
    indicators: &[&Indicator],
    rows: &[Distribution],
    as_of: i32,
    style: Style,
) -> String {
    let mut out = paragraph(
        &format!(
            "as of {as_of} · member economies of each group: how many are in each status of the target, and how many meet it (or --threshold)"
        ),
        WIDTH,
        4,
    );
    for ind in indicators {
        let mut targets: Vec<&str> = Vec::new();
        for d in rows.iter().filter(|d| d.indicator_id == ind.id) {
            if !targets.contains(&d.target_id.as_str()) {
                targets.push(&d.target_id);
            }
        }
        for target_id in targets {
            let Some(t) = ind.targets.iter().find(|t| t.id == target_id) else {
                continue;
            };
            let own: Vec<&Distribution> = rows
                .iter()
                .filter(|d| d.indicator_id == ind.id && d.target_id == target_id)
                .collect();
            let Some(first) = own.first() else { continue };
            out.push('\n');
            out.push_str(&paragraph(
                &format!(
                    "{} · {}: {} by {} · counted: {}",
                    ind.id,
                    t.id,
                    t.describe(ind.unit, ind.direction),
                    t.year,
                    condition_words(ind, first)
                ),
                WIDTH,
                4,
            ));
            out.push_str(&counts_table(&own, style));
            let years = years_of(&own);
            if years.is_empty() {
                continue;
            }
            out.push_str(&paragraph(
                "  by year: members with a value meeting it / with a value; share of those economies and of their people (%):",
                WIDTH,
                4,
            ));
            out.push_str(&years_table(&own, &years, style));
        }
    }
    out.push('\n');
    out.push_str(&paragraph(
        "Statuses: each member judged on its own series, as a group is. meeting: members whose latest value meets the condition, of those with a value. (context): a group the target does not score, shown beside the scored ones. By year: members' values filled as for the group averages (interpolated, or held two years); a year with too few members with a value is marked w (withheld), and a group-year's share is what a share-of-economies target is scored on. --format csv and json give every year.",
        WIDTH,
        0,
    ));
    out
}

fn group_label(d: &Distribution) -> String {
    if d.scored {
        short(&d.group).to_string()
    } else {
        format!("{} (context)", short(&d.group))
    }
}

fn counts_table(own: &[&Distribution], style: Style) -> String {
    let mut cols: Vec<(String, Align)> = vec![
        ("group".to_string(), Align::Left),
        ("in\ngroup".to_string(), Align::Right),
        ("with\nvalue".to_string(), Align::Right),
    ];
    cols.extend(
        Status::ALL
            .iter()
            .map(|s| (format!("{}\n{}", s.symbol(), s.short()), Align::Right)),
    );
    cols.push(("meeting".to_string(), Align::Right));
    let cols_ref: Vec<(&str, Align)> = cols.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut table = Table::new(&cols_ref).wrap(0);
    for d in own {
        let mut cells = vec![
            Cell::from(group_label(d)),
            Cell::from(d.members.to_string()),
            Cell::from(d.with_value.to_string()),
        ];
        cells.extend(
            Status::ALL
                .iter()
                .map(|s| Cell::from(d.count(*s).to_string())),
        );
        cells.push(Cell::from(match d.meeting_share() {
            Some(s) => format!("{} ({}%)", d.meeting, fixed_with(s, 0, Minus::Typographic)),
            None => "–".to_string(),
        }));
        table.row(cells);
    }
    table.render(WIDTH, style)
}

fn years_table(own: &[&Distribution], years: &[i32], style: Style) -> String {
    let mut cols: Vec<(String, Align)> = vec![
        ("group".to_string(), Align::Left),
        (String::new(), Align::Left),
    ];
    cols.extend(years.iter().map(|y| (y.to_string(), Align::Right)));
    let cols_ref: Vec<(&str, Align)> = cols.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut table = Table::new(&cols_ref).wrap(0);
    let people = own
        .iter()
        .any(|d| d.years.iter().any(|y| y.people_share.is_some()));
    for d in own.iter().filter(|d| !d.years.is_empty()) {
        let at = |year: i32| d.years.iter().find(|y| y.year == year);
        let mark = |year: i32| {
            if at(year).is_some_and(|y| y.withheld.is_some()) {
                " w"
            } else {
                ""
            }
        };
        let mut counts = vec![Cell::from(group_label(d)), Cell::from("meeting")];
        counts.extend(years.iter().map(|y| {
            Cell::from(
                at(*y)
                    .map(|x| format!("{}/{}", x.meeting, x.with_value))
                    .unwrap_or_default(),
            )
        }));
        table.row(counts);
        let mut shares = vec![Cell::from(""), Cell::from("economies")];
        shares.extend(years.iter().map(|y| {
            Cell::from(
                at(*y)
                    .map(|x| format!("{}{}", pct(Some(x.share)), mark(*y)))
                    .unwrap_or_default(),
            )
        }));
        table.row(shares);
        if people {
            let mut row = vec![Cell::from(""), Cell::from("people")];
            row.extend(years.iter().map(|y| {
                Cell::from(
                    at(*y)
                        .map(|x| format!("{}{}", pct(x.people_share), mark(*y)))
                        .unwrap_or_default(),
                )
            }));
            table.row(row);
        }
    }
    table.render(WIDTH, style)
}

/// The report's tables for one indicator × target: each group's members by
/// status and meeting the target at their latest values, then (where the
/// target has one value to count against) the yearly shares. Empty when
/// no group has members.
pub fn report_tables(
    number: &str,
    ind: &Indicator,
    rows: &[&Distribution],
    sheet: &str,
) -> Vec<DocTable> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let mut columns = vec![
        Column::text("Group"),
        Column::number("Members"),
        Column::number("With a value"),
    ];
    columns.extend(Status::ALL.iter().map(|s| Column::count_of(*s)));
    columns.push(Column::number("Meeting"));
    columns.push(Column::number("Meeting %"));
    let integer = |n: usize| DocCell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let counts = DocTable {
        name: table_name(&format!("members {number} {}", ind.id)),
        caption: format!(
            "Target {number}, {}: member economies by status, and meeting {}",
            ind.name,
            match &first.condition {
                Some(c) => format!("{c} {} at their latest value", ind.unit.short()),
                None => "the target (achieved)".to_string(),
            }
        ),
        columns,
        rows: rows
            .iter()
            .map(|d| {
                let mut row = vec![
                    DocCell::Text(group_label(d)),
                    integer(d.members),
                    integer(d.with_value),
                ];
                row.extend(Status::ALL.iter().map(|s| integer(d.count(*s))));
                row.push(integer(d.meeting));
                row.push(match d.meeting_share() {
                    Some(s) => DocCell::Number {
                        value: s,
                        decimals: 1,
                    },
                    None => DocCell::Text("–".to_string()),
                });
                row
            })
            .collect(),
        row_headers: true,
        note: text(
            "Each member is judged on its own series as a group is. Meeting: members whose latest value meets the condition, of those with a value. (context): shown beside the scored groups, not scored.",
        ),
        sheet: Some(sheet.to_string()),
    };
    let mut out = vec![counts];
    let years = years_of(rows);
    if years.is_empty() {
        return out;
    }
    let mut columns = vec![Column::text("Group")];
    columns.extend(years.iter().map(|y| Column::text(&y.to_string())));
    let people = rows
        .iter()
        .any(|d| d.years.iter().any(|y| y.people_share.is_some()));
    out.push(DocTable {
        name: table_name(&format!("shares {number} {}", ind.id)),
        caption: format!(
            "Target {number}, {}: share of each group's economies{} meeting {} {}, by year",
            ind.name,
            if people { " (and of their people)" } else { "" },
            first.condition.clone().unwrap_or_default(),
            ind.unit.short()
        ),
        columns,
        rows: rows
            .iter()
            .filter(|d| !d.years.is_empty())
            .map(|d| {
                let mut row = vec![DocCell::Text(group_label(d))];
                row.extend(years.iter().map(|year| {
                    DocCell::Text(match d.years.iter().find(|y| y.year == *year) {
                        Some(y) if y.withheld.is_some() => {
                            format!("({}/{}) w", y.meeting, y.with_value)
                        }
                        Some(y) => format!(
                            "{}/{}: {}%{}",
                            y.meeting,
                            y.with_value,
                            pct(Some(y.share)),
                            if people {
                                format!(" ({}%)", pct(y.people_share))
                            } else {
                                String::new()
                            }
                        ),
                        None => "–".to_string(),
                    })
                }));
                row
            })
            .collect(),
        row_headers: true,
        note: text(format!(
            "n/N: members meeting it / members with a value (filled as for the group averages){}. w: withheld, too few members with a value. Every year: tables/distributions.csv.",
            if people {
                "; in brackets, the share of the people of those members who live in one that meets it"
            } else {
                ""
            }
        )),
        sheet: Some(sheet.to_string()),
    });
    out
}
