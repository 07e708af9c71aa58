//! `rbm economies` written out: member rows as CSV (leading columns fixed
//! by the design reference), JSON, or a terminal table per indicator ×
//! target × group with a summary line above it (how many members are in
//! each status, and how many meet a threshold).

use serde::Serialize;

use super::table::{Align, Cell, Style, Table, paragraph};
use super::terminal::{WIDTH, status_cell};
use crate::base::number::{Minus, fixed as num, fixed_with, int};
use crate::base::text::csv_text;
use crate::classify::group;
use crate::error::Result;
use crate::indicator::{CmpOp, Indicator, Target};
use crate::progress::Status;
use crate::progress::members::{MemberRow, Threshold};

/// The leading columns of `rbm economies --format csv`, in this order.
pub const ECONOMY_COLUMNS: [&str; 11] = [
    "indicator_id",
    "target_id",
    "group",
    "economy",
    "economy_name",
    "latest_year",
    "latest_value",
    "origin",
    "status",
    "year_reached",
    "contribution",
];

/// Columns after the fixed ones.
pub const ECONOMY_EXTRA: [&str; 9] = [
    "base_year",
    "base_value",
    "pace",
    "target_value",
    "distance",
    "weight",
    "meets_threshold",
    "member_of",
    "note",
];

/// `rbm economies --format csv`.
pub fn csv(rows: &[MemberRow]) -> Result<String> {
    let header: Vec<&str> = ECONOMY_COLUMNS
        .iter()
        .chain(ECONOMY_EXTRA.iter())
        .copied()
        .collect();
    csv_text(
        "economies table",
        &header,
        rows.iter().map(|r| {
            vec![
                r.indicator_id.clone(),
                r.target_id.clone(),
                r.group.clone(),
                r.economy.clone(),
                r.economy_name.clone(),
                int(r.latest_year),
                num(r.latest_value, 3),
                r.origin.unwrap_or_default().to_string(),
                r.status.as_str().to_string(),
                int(r.year_reached),
                num(r.contribution, 2),
                int(r.base_year),
                num(r.base_value, 3),
                num(r.pace, 4),
                num(r.target_value, 3),
                num(r.distance, 3),
                num(r.weight, 0),
                r.meets_threshold.map(|m| m.to_string()).unwrap_or_default(),
                r.member_of.clone(),
                r.note.clone(),
            ]
        }),
    )
}

#[derive(Serialize)]
struct EconomiesDoc<'a> {
    as_of: i32,
    threshold: Option<f64>,
    rows: &'a [MemberRow],
}

/// `rbm economies --format json`.
pub fn json(rows: &[MemberRow], as_of: i32, threshold: Option<Threshold>) -> Result<String> {
    super::json::to_json(
        "economies rows",
        &EconomiesDoc {
            as_of,
            threshold: threshold.map(|t| t.value),
            rows,
        },
    )
}

/// Counts of one block of member rows: members, with data, per status,
/// meeting the threshold; the span of their latest years.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct BlockCounts {
    /// Members of the group.
    pub members: usize,
    /// Members with a value.
    pub with_data: usize,
    /// Members per status, in [`Status::ALL`] order.
    pub statuses: [usize; 6],
    /// Members whose latest value meets the threshold.
    pub meeting: usize,
    /// Earliest and latest of the members' latest years.
    pub years: Option<(i32, i32)>,
}

/// The counts of a block of rows.
pub fn counts(rows: &[&MemberRow]) -> BlockCounts {
    let mut c = BlockCounts {
        members: rows.len(),
        ..BlockCounts::default()
    };
    for r in rows {
        c.statuses[r.status.index()] += 1;
        if let Some(y) = r.latest_year.filter(|_| r.latest_value.is_some()) {
            c.with_data += 1;
            c.years = Some(match c.years {
                Some((lo, hi)) => (lo.min(y), hi.max(y)),
                None => (y, y),
            });
        }
        if r.meets_threshold == Some(true) {
            c.meeting += 1;
        }
    }
    c
}

fn span((lo, hi): (i32, i32)) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    }
}

/// The sentence that answers the threshold question for one group:
/// "Africa: 3 of the 40 members with data (of 44) have at least 96% …".
pub fn threshold_line(
    ind: &Indicator,
    group_code: &str,
    c: &BlockCounts,
    threshold: Threshold,
) -> String {
    let name = group::group(group_code).map_or(group_code, |g| g.name);
    let years = c
        .years
        .map(|y| format!(" (latest values, {})", span(y)))
        .unwrap_or_default();
    let without = c.members - c.with_data;
    let rest = match without {
        0 => "every member has a value".to_string(),
        n => format!("{n} of its {} have no value", plural(c.members, "member")),
    };
    format!(
        "{name} ({group_code}): {} of the {} with data ({}%) {} {}{years}; {rest}.",
        c.meeting,
        plural(c.with_data, "member economy"),
        if c.with_data == 0 {
            "–".to_string()
        } else {
            fixed_with(
                100.0 * c.meeting as f64 / c.with_data as f64,
                0,
                Minus::Typographic,
            )
        },
        if c.meeting == 1 { "has" } else { "have" },
        threshold.describe(ind.unit),
    )
}

/// `1 member`, `44 members`; `economy` becomes `economies`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else if let Some(stem) = word.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {word}s")
    }
}

/// The statuses of a block, best first, the empty ones left out.
fn status_line(c: &BlockCounts) -> String {
    Status::ALL
        .iter()
        .zip(c.statuses)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.short()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terminal table of `rbm economies`: per indicator × target × group,
/// the summary lines then one row per member, in the rows' order.
pub fn terminal(
    indicators: &[&Indicator],
    rows: &[MemberRow],
    as_of: i32,
    threshold: Option<f64>,
    style: Style,
) -> String {
    let mut out = paragraph(
        &format!(
            "as of {as_of} · member economies against their group's target, each judged as a group is; share of gap: the economy's weight × its distance to the target, as a share of the group's total"
        ),
        WIDTH,
        4,
    );
    out.push('\n');
    for ind in indicators {
        let own: Vec<&MemberRow> = rows.iter().filter(|r| r.indicator_id == ind.id).collect();
        if own.is_empty() {
            continue;
        }
        let threshold = threshold.and_then(|v| Threshold::for_direction(v, ind.direction));
        out.push_str(&paragraph(
            &format!(
                "{} · {} ({}, {})",
                ind.id,
                ind.name,
                ind.unit.label(),
                ind.direction.as_str()
            ),
            WIDTH,
            4,
        ));
        let mut blocks: Vec<(&str, &str)> = Vec::new();
        for r in &own {
            let key = (r.target_id.as_str(), r.group.as_str());
            if !blocks.contains(&key) {
                blocks.push(key);
            }
        }
        for (target_id, group_code) in blocks {
            let Some(t) = ind.targets.iter().find(|t| t.id == target_id) else {
                continue;
            };
            let block: Vec<&MemberRow> = own
                .iter()
                .copied()
                .filter(|r| r.target_id == target_id && r.group == group_code)
                .collect();
            out.push('\n');
            out.push_str(&block_table(ind, t, group_code, &block, threshold, style));
        }
        out.push('\n');
    }
    out.push_str(&paragraph(
        "latest: year and value (e: an ITU estimate); pace/yr: change a year over the last five years, in the desired direction; reached: first year the projection behind the status reaches the target (> 2050: not by 2050); share of gap: percent of the group's total weighted shortfall (0 for members at or beyond the target; sums to 100). --format csv adds each economy's groups (member_of), weight and distance.",
        WIDTH,
        0,
    ));
    out
}

fn block_table(
    ind: &Indicator,
    t: &Target,
    group_code: &str,
    block: &[&MemberRow],
    threshold: Option<Threshold>,
    style: Style,
) -> String {
    let c = counts(block);
    let name = group::group(group_code).map_or(group_code, |g| g.name);
    let mut out = paragraph(
        &format!(
            "{} · {} by {} · {name} ({group_code}): {}, {} with a value · {}",
            t.id,
            t.describe(ind.unit, ind.direction),
            t.year,
            plural(c.members, "member"),
            c.with_data,
            status_line(&c)
        ),
        WIDTH,
        4,
    );
    if let Some(th) = threshold {
        out.push_str(&paragraph(
            &threshold_line(ind, group_code, &c, th),
            WIDTH,
            4,
        ));
    }
    let unit = ind.unit;
    let value = |v: Option<f64>| {
        v.map(|x| unit.value(x).typographic().to_string())
            .unwrap_or_default()
    };
    let tag = unit.short();
    let meets_head = threshold.map(|th| {
        let sign = match th.op {
            CmpOp::Ge => "≥",
            CmpOp::Gt => ">",
            CmpOp::Le => "≤",
            CmpOp::Lt => "<",
        };
        format!("{sign} {}", value(Some(th.value)))
    });
    let mut cols: Vec<(String, Align)> = vec![
        ("economy".to_string(), Align::Left),
        (format!("latest\n{tag}"), Align::Left),
        (format!("base\n{tag}"), Align::Left),
        (format!("pace/yr\n{tag}"), Align::Right),
        ("status".to_string(), Align::Left),
        ("reached".to_string(), Align::Right),
        ("share of\ngap %".to_string(), Align::Right),
    ];
    if let Some(h) = &meets_head {
        cols.push((h.clone(), Align::Left));
    }
    let cols: Vec<(&str, Align)> = cols.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut table = Table::new(&cols).wrap(0).optional(2);
    for r in block {
        let at = |y: Option<i32>, v: Option<f64>, estimate: bool| match (y, v) {
            (Some(y), Some(_)) => format!("{y}: {}{}", value(v), if estimate { "e" } else { "" }),
            _ => "–".to_string(),
        };
        let mut cells = vec![
            Cell::from(format!("{} ({})", r.economy_name, r.economy)),
            Cell::from(at(
                r.latest_year,
                r.latest_value,
                r.origin == Some("estimate"),
            )),
            Cell::from(at(r.base_year, r.base_value, false)),
            Cell::from(
                r.pace
                    .map(|p| fixed_with(p, unit.decimals() + 1, Minus::Typographic))
                    .unwrap_or_default(),
            ),
            status_cell(r.status),
            Cell::from(match (r.year_reached, r.status) {
                (Some(y), _) => y.to_string(),
                (None, Status::InsufficientData | Status::TargetAchieved) => String::new(),
                // The projection is searched up to a fixed horizon only;
                // past it rbm does not claim "never".
                (None, _) => format!("> {}", crate::progress::frame::HORIZON),
            }),
            Cell::from(
                r.contribution
                    .map(|x| fixed_with(x, 1, Minus::Typographic))
                    .unwrap_or_default(),
            ),
        ];
        if threshold.is_some() {
            cells.push(Cell::from(match r.meets_threshold {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }));
        }
        table.row(cells);
    }
    out.push_str(&table.render(WIDTH, style));
    out
}
