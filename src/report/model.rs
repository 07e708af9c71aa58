//! The annual report as data: everything the HTML and Markdown renderings
//! show, computed once from the assessed indicators, so that both formats
//! say the same thing and tests can check the content without parsing HTML.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::number::{Minus, fixed_with};
use crate::classify::group::{self, GroupKind};
use crate::indicator::framework::{Framework, ItemKind};
use crate::indicator::{CmpOp, Indicator, Symbol, TargetKind};
use crate::ingest::store::InputRecord;
use crate::progress::distribution::Distribution;
use crate::progress::{Confidence, Method, ProgressRow, Status, off_track_key};

/// How the pace the target needs compares with the last five years':
/// as a multiple of it when that pace is in the target's direction (`obs`
/// is signed so that the target's direction is positive), in words when
/// the series moved the wrong way or not at all, where a multiple would
/// mean nothing. `shown` is `obs` as the sentence prints it.
fn pace_words(req: f64, obs: f64, shown: &str) -> String {
    let zero = shown
        .trim_start_matches(['-', '\u{2212}', '+'])
        .bytes()
        .all(|b| !b.is_ascii_digit() || b == b'0');
    if obs <= 0.0 || zero {
        if zero {
            "while it did not move over the last five years".to_string()
        } else {
            format!("while it moved the wrong way over the last five years ({shown} a year)")
        }
    } else {
        format!(
            "{} times the pace of the last five years ({shown} a year)",
            fixed_with(req / obs, 1, Minus::Typographic)
        )
    }
}

/// One row of a target section's table: a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupLine {
    /// Group short name.
    pub group: String,
    /// Base year and value, formatted.
    pub base: String,
    /// Latest year and value, formatted (with `*` when computed).
    pub latest: String,
    /// Target, formatted.
    pub target: String,
    /// Projection at the target year.
    pub projected: String,
    /// Status.
    pub status: Status,
    /// The status on the last five years' points only; `None` for a
    /// target whose year has come (it is met or missed) and for a row
    /// not assessed.
    pub short_term: Option<Status>,
    /// How far the status can be trusted.
    pub confidence: Confidence,
    /// The methods disagree on the status.
    pub disagree: bool,
    /// A computed value of the group since the base year moves for the
    /// wrong reason (listed in [`IndicatorBlock::jumps`]).
    pub jumped: bool,
    /// How much faster it must go (required ÷ observed pace).
    pub faster: String,
    /// Caveats.
    pub note: String,
}

/// A 2023 target that maps to the 2030 target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastTarget {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Group.
    pub group: String,
    /// Value in the target year (or the latest before).
    pub value: String,
    /// Target.
    pub target: String,
    /// Met, missed, or not assessable.
    pub verdict: String,
}

/// A status change since the previous report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Indicator id.
    pub indicator_id: String,
    /// Target id.
    pub target_id: String,
    /// Group.
    pub group: String,
    /// Status before.
    pub before: Status,
    /// Status now.
    pub after: Status,
    /// `new data`, `revised data`, `new and revised data`, or `method or
    /// definitions`.
    pub cause: String,
    /// The numbers behind the cause.
    pub detail: String,
}

/// One indicator inside a target section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorBlock {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The SMART definition, as label–text pairs.
    pub definition: Vec<(String, String)>,
    /// Chart file stems, in order (regions, development, gaps).
    pub charts: Vec<String>,
    /// The group table for the 2030 target.
    pub lines: Vec<GroupLine>,
    /// The 2023 targets it carries.
    pub past: Vec<PastTarget>,
    /// Measurable here.
    pub measurable: bool,
    /// Status changes since the previous report.
    pub changes: Vec<Change>,
    /// The group-years of the table's groups whose computed value moves
    /// for the wrong reason (as `rbm series` flags them).
    pub jumps: Vec<JumpNote>,
    /// The member economies of each group against the 2030 target: by
    /// status, meeting it, and the yearly shares.
    pub members: Vec<Distribution>,
}

/// A group-year whose computed value moves mainly because coverage
/// changed or one member's series steps, not because members' values
/// moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JumpNote {
    /// The group's name.
    pub group: String,
    /// The year.
    pub year: i32,
    /// What moved and by how much (the series' `flag_note`).
    pub note: String,
}

/// One line of a group's scorecard: a 2030 target's indicator for the
/// group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreLine {
    /// `1.3`.
    pub number: String,
    /// The target's text.
    pub target: String,
    /// The indicator's name.
    pub indicator: String,
    /// The group's line, or `None` when the group has no data for it.
    pub line: Option<GroupLine>,
}

/// The group a group report is about, and its scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Focus {
    /// Its code, e.g. `ITU_AFR`.
    pub code: String,
    /// Its name, e.g. `Africa`.
    pub name: String,
    /// Every 2030 target's indicators for the group, in framework order;
    /// a target without an indicator has one line without a name.
    pub scorecard: Vec<ScoreLine>,
}

/// A section per 2030 target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetSection {
    /// `SP2030-1.3`.
    pub id: String,
    /// `1.3`.
    pub number: String,
    /// Text.
    pub text: String,
    /// Goal number and name.
    pub goal: String,
    /// The indicators that measure it.
    pub indicators: Vec<IndicatorBlock>,
}

/// Status counts for a set of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct StatusCounts {
    /// Row label.
    pub label: String,
    /// Count per status, in `Status::ALL` order.
    pub counts: [usize; 6],
}

/// A data gap worth telling the reader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataGap {
    /// What.
    pub what: String,
    /// Why it matters or what was done.
    pub detail: String,
}

/// A source with its licence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Publisher and dataset.
    pub name: String,
    /// Release.
    pub release: String,
    /// Licence.
    pub licence: String,
    /// How to attribute.
    pub attribution: String,
    /// Rows read and used.
    pub counts: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Title.
    pub title: String,
    /// Report year.
    pub year: i32,
    /// Data up to this year.
    pub as_of: i32,
    /// Method of the statuses.
    pub method: Method,
    /// Releases of the data, e.g. `ITU DataHub 2025-12`.
    pub vintages: Vec<String>,
    /// The opening sentences.
    pub highlights: Vec<String>,
    /// Status counts per goal.
    pub by_goal: Vec<StatusCounts>,
    /// Status counts per group.
    pub by_group: Vec<StatusCounts>,
    /// One section per 2030 target.
    pub sections: Vec<TargetSection>,
    /// Data gaps.
    pub gaps: Vec<DataGap>,
    /// Changes since the previous report (all sections), when one was given.
    pub changes: Option<Vec<Change>>,
    /// The previous report's year, when given.
    pub previous: Option<String>,
    /// The methodology, as Markdown.
    pub methodology: String,
    /// Sources.
    pub sources: Vec<Source>,
    /// rbm's version.
    pub generator: String,
    /// The group of a group report (`rbm report --group`), or `None` for
    /// the whole report.
    pub focus: Option<Focus>,
}

fn short(code: &str) -> String {
    group::group(code)
        .map(|g| g.short.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A value with the unit's decimals and symbol, or `–`.
pub fn value(v: Option<f64>, ind: &Indicator) -> String {
    match v {
        Some(x) => ind.unit.value(x).symbol(Symbol::Short).to_string(),
        None => "–".to_string(),
    }
}

/// Sentences an officer would write first, from the numbers.
pub fn highlights(
    framework: &Framework,
    indicators: &[&Indicator],
    rows: &[ProgressRow],
    method: Method,
) -> Vec<String> {
    let is =
        |r: &ProgressRow, kind: ItemKind| framework.get(&r.target_id).map(|t| t.kind) == Some(kind);
    let main: Vec<&ProgressRow> = rows
        .iter()
        .filter(|r| r.assessment.method == method && is(r, ItemKind::Target2030))
        .collect();
    let mut out = Vec::new();
    let measured: Vec<&&ProgressRow> = main
        .iter()
        .filter(|r| r.assessment.status != Status::InsufficientData)
        .collect();
    let count = |s: Status| measured.iter().filter(|r| r.assessment.status == s).count();
    out.push(format!(
        "Of {} indicator–group results for the 2030 targets that the data allow, {} have achieved their target, {} are on track, {} need acceleration, {} show limited progress and {} are deteriorating; {} cannot be assessed for lack of data.",
        measured.len(),
        count(Status::TargetAchieved),
        count(Status::OnTrack),
        count(Status::AccelerationNeeded),
        count(Status::LimitedProgress),
        count(Status::Deterioration),
        main.len() - measured.len()
    ));
    let name = |id: &str| {
        indicators
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.name.clone())
            .unwrap_or_default()
    };
    let ind_of = |id: &str| indicators.iter().find(|i| i.id == id).copied();
    // Achieved for the World.
    let world_done: Vec<String> = main
        .iter()
        .filter(|r| r.geo == "WLD" && r.assessment.status == Status::TargetAchieved)
        .map(|r| name(&r.indicator_id))
        .collect();
    if !world_done.is_empty() {
        out.push(format!(
            "Worldwide, the 2030 target is already met for: {}.",
            world_done.join("; ")
        ));
    }
    // A 2030 target on the share of economies (1.2: broadband affordable
    // for all) in the words of its scored groups, never of a median.
    for ind in indicators {
        for t in ind.targets_2030() {
            let TargetKind::ShareOfEconomies { op, threshold, .. } = t.kind else {
                continue;
            };
            let parts: Vec<String> = t
                .groups
                .iter()
                .filter_map(|g| {
                    let r = main
                        .iter()
                        .find(|r| r.indicator_id == ind.id && r.target_id == t.id && &r.geo == g)?;
                    let a = &r.assessment;
                    Some(format!(
                        "{} {:.1}% in {} ({})",
                        short(g),
                        a.latest_value?,
                        a.latest_year?,
                        a.status.label().to_lowercase()
                    ))
                })
                .collect();
            if parts.is_empty() {
                continue;
            }
            out.push(format!(
                "Target {} is judged on the share of each group's economies {} {} ({}), the median being context only: {}.",
                t.id.trim_start_matches("SP2030-"),
                match op {
                    CmpOp::Lt => "below",
                    CmpOp::Le => "at or below",
                    CmpOp::Gt => "above",
                    CmpOp::Ge => "at or above",
                },
                ind.unit.value(threshold).symbol(Symbol::Words),
                ind.name,
                parts.join("; ")
            ));
        }
    }
    // Furthest off track: the worst three, one per 2030 target, read from
    // the targets' indicators rather than their breakdowns (which have
    // their own sections), as the target's own status is.
    let breakdown =
        |r: &ProgressRow| ind_of(&r.indicator_id).is_some_and(|i| i.breakdown_of.is_some());
    let mut worst: Vec<&&ProgressRow> = measured
        .iter()
        .copied()
        .filter(|r| !breakdown(r))
        .filter(|r| {
            matches!(
                r.assessment.status,
                Status::Deterioration | Status::LimitedProgress | Status::AccelerationNeeded
            )
        })
        .collect();
    worst.sort_by_key(|r| std::cmp::Reverse(off_track_key(r)));
    let mut seen = Vec::new();
    for r in worst {
        if seen.contains(&r.target_id) || seen.len() >= 3 {
            continue;
        }
        seen.push(r.target_id.clone());
        let Some(ind) = ind_of(&r.indicator_id) else {
            continue;
        };
        let a = &r.assessment;
        // A share of economies (target 1.2): in percent of the economies.
        let share = ind
            .targets
            .iter()
            .find(|t| t.id == r.target_id)
            .and_then(|t| match t.kind {
                TargetKind::ShareOfEconomies { op, threshold, .. } => Some(format!(
                    "economies {} {}",
                    op.sign(),
                    ind.unit.value(threshold).symbol(Symbol::Words)
                )),
                _ => None,
            });
        let pace = match (a.required_annual_change, a.observed_annual_change) {
            (Some(req), Some(obs)) if r.ratios.is_none() => {
                let need = match &share {
                    Some(what) => format!(
                        "the share of {what} needs to grow {} points a year to reach {:.0}% by {}",
                        fixed_with(req, 1, Minus::Typographic),
                        a.target_value.unwrap_or(100.0),
                        a.target_year,
                    ),
                    None => format!(
                        "it needs to move {} points a year to {} by {}",
                        ind.unit.value(req),
                        match &ind.targets_2030().next().map(|t| &t.kind) {
                            Some(TargetKind::Threshold { value: v }) =>
                                format!("reach {}", value(Some(*v), ind)),
                            _ => format!("reach {}", value(a.target_value, ind)),
                        },
                        a.target_year,
                    ),
                };
                // The pace as printed: a ratio to it means something only
                // when it is in the target's direction.
                let shown = match &share {
                    Some(_) => fixed_with(obs, 1, Minus::Typographic),
                    None => ind.unit.value(obs).typographic().to_string(),
                };
                format!("; {need}, {}", pace_words(req, obs, &shown))
            }
            (_, Some(obs)) if obs <= 0.0 => format!(
                "; over the last five years it {}",
                if obs == 0.0 {
                    "did not move"
                } else {
                    "moved the wrong way"
                }
            ),
            _ => String::new(),
        };
        let latest = match (r.ratios, &share) {
            (Some((_, l)), _) => ind.unit.value(l).to_string(),
            (None, Some(what)) => a
                .latest_value
                .map(|v| format!("{v:.1}% of {what}"))
                .unwrap_or_else(|| "–".to_string()),
            (None, None) => value(a.latest_value, ind),
        };
        out.push(format!(
            "Furthest off track for target {}: {} in {} ({}, {} in {}){pace}.",
            r.target_id.trim_start_matches("SP2030-"),
            ind.name,
            r.geo_name,
            a.status.label().to_lowercase(),
            latest,
            a.latest_year.map(|y| y.to_string()).unwrap_or_default(),
        ));
    }
    // The 2023 targets.
    let past: Vec<&ProgressRow> = rows
        .iter()
        .filter(|r| r.assessment.method == method && is(r, ItemKind::Target2023))
        .collect();
    let listed = |met: bool| -> Vec<String> {
        let mut v: Vec<String> = past
            .iter()
            .filter(|r| r.assessment.met == Some(met))
            .map(|r| format!("{} ({})", r.target_id, short(&r.geo)))
            .collect();
        // C2023-2.8 is measured on two indicators: name it once.
        let mut seen = std::collections::BTreeSet::new();
        v.retain(|x| seen.insert(x.clone()));
        v
    };
    let (met, missed) = (listed(true), listed(false));
    let open = past.iter().filter(|r| r.assessment.met.is_none()).count();
    out.push(format!(
        "Of the Connect 2030 targets for 2023, {} were met ({}), {} were missed ({}) and {} cannot be judged on the data here.",
        met.len(),
        if met.is_empty() { "none".to_string() } else { met.join(", ") },
        missed.len(),
        if missed.is_empty() { "none".to_string() } else { missed.join(", ") },
        open
    ));
    // Targets with no data.
    let none: Vec<String> = framework
        .targets_2030()
        .into_iter()
        .filter(|t| {
            let rows_t: Vec<&&ProgressRow> = main.iter().filter(|r| r.target_id == t.id).collect();
            rows_t
                .iter()
                .all(|r| r.assessment.status == Status::InsufficientData)
        })
        .map(|t| t.id.trim_start_matches("SP2030-").to_string())
        .collect();
    if !none.is_empty() {
        out.push(format!(
            "Targets {} cannot be assessed on the data here (no published series, or too few comparable years); see the data gaps.",
            none.join(", ")
        ));
    }
    out
}

/// Status counts per goal and per group, for the 2030 targets.
pub fn counts(
    framework: &Framework,
    rows: &[ProgressRow],
    indicators: &[&Indicator],
    method: Method,
) -> (Vec<StatusCounts>, Vec<StatusCounts>) {
    let main: Vec<&ProgressRow> = rows
        .iter()
        .filter(|r| {
            r.assessment.method == method
                && framework.get(&r.target_id).map(|t| t.kind) == Some(ItemKind::Target2030)
        })
        .collect();
    let mut by_goal = Vec::new();
    for g in framework.goals() {
        let Some(goal) = g.number else { continue };
        let mut c = StatusCounts {
            label: format!("Goal {goal}: {}", g.short_text()),
            counts: [0; 6],
        };
        for r in &main {
            if indicators
                .iter()
                .any(|i| i.id == r.indicator_id && i.goal == Some(goal))
            {
                c.counts[r.assessment.status.index()] += 1;
            }
        }
        by_goal.push(c);
    }
    let mut by_group: BTreeMap<usize, StatusCounts> = BTreeMap::new();
    for r in &main {
        if group::group(&r.geo).is_none_or(|g| g.kind == GroupKind::Income) {
            continue;
        }
        let e = by_group
            .entry(group::order(&r.geo))
            .or_insert_with(|| StatusCounts {
                label: group::group(&r.geo)
                    .map(|g| g.name.to_string())
                    .unwrap_or_default(),
                counts: [0; 6],
            });
        e.counts[r.assessment.status.index()] += 1;
    }
    (by_goal, by_group.into_values().collect())
}

/// The 2023 targets a 2030 target carries, in order, with their verdicts.
pub fn past_targets(ind: &Indicator, rows: &[ProgressRow], method: Method) -> Vec<PastTarget> {
    let mut out = Vec::new();
    for t in ind.targets.iter().filter(|t| t.is_2023()) {
        for r in rows.iter().filter(|r| {
            r.indicator_id == ind.id && r.target_id == t.id && r.assessment.method == method
        }) {
            let a = &r.assessment;
            let verdict = match a.met {
                Some(true) => "met".to_string(),
                Some(false) if r.ratios.is_some() => "missed".to_string(),
                Some(false) => format!("missed by {}", ind.unit.value(a.gap.unwrap_or(0.0))),
                None => format!("not assessable: {}", a.notes.join("; ")),
            };
            let shown = match r.ratios {
                Some((_, l)) => ind.unit.value(l).to_string(),
                None if t.kind.name() == "share_of_economies" => a
                    .latest_value
                    .map(|v| format!("{v:.1}% of economies"))
                    .unwrap_or_else(|| "–".to_string()),
                None => value(a.latest_value, ind),
            };
            out.push(PastTarget {
                id: t.id.clone(),
                text: t.text.clone(),
                group: r.geo_name.clone(),
                value: match a.latest_year {
                    Some(y) => format!("{shown} ({y})"),
                    None => "–".to_string(),
                },
                target: t.describe(ind.unit, ind.direction),
                verdict,
            });
        }
    }
    out
}

/// Licences and attribution by publisher of an ingested file.
pub fn source_of(record: &InputRecord) -> (String, String, String) {
    let f = record.file.as_str();
    if f.contains("itu-datahub") {
        (
            "ITU DataHub (World Telecommunication/ICT Indicators database, ICT Price Baskets)"
                .into(),
            "ITU DataHub terms: CC BY-NC-SA 3.0 IGO".into(),
            "Source: ITU".into(),
        )
    } else if f.contains("Key_ICT") {
        (
            "ITU Key ICT indicators aggregates (Facts and Figures 2024)".into(),
            "ITU terms of use".into(),
            "Source: ITU".into(),
        )
    } else if f.contains("Dashboard") {
        (
            "ITU Digital Development Dashboard".into(),
            "ITU terms of use".into(),
            "Source: ITU".into(),
        )
    } else if f.contains("un-sdg") {
        (
            "UN SDG Global Database (UNSD); e-waste series from UNU/UNITAR, ITU".into(),
            "CC BY 4.0".into(),
            "Source: UN SDG Global Database".into(),
        )
    } else if f.contains("ewaste") || f.contains("cited") {
        (
            "Global E-waste Monitor 2024 (ITU and UNITAR), figure entered by hand".into(),
            "cited; no licence stated in the inputs".into(),
            "Baldé et al., Global E-waste Monitor 2024, ITU and UNITAR".into(),
        )
    } else if f.contains("population") || f.contains("worldbank") {
        (
            "World Bank, World Development Indicators".into(),
            "CC BY 4.0".into(),
            "Source: World Bank".into(),
        )
    } else {
        (f.to_string(), "see the file's publisher".into(), "".into())
    }
}

#[cfg(test)]
mod tests {
    use super::pace_words;

    #[test]
    fn a_pace_ratio_only_for_a_pace_in_the_targets_direction() {
        // 5.0 needed against 2.0 seen: 5.0 / 2.0 = 2.5 times.
        assert_eq!(
            pace_words(5.0, 2.0, "2.0"),
            "2.5 times the pace of the last five years (2.0 a year)"
        );
        // Moving away from the target: no ratio, the pace in words.
        assert_eq!(
            pace_words(5.0, -1.6, "\u{2212}1.6"),
            "while it moved the wrong way over the last five years (\u{2212}1.6 a year)"
        );
        // Not moving, exactly or as printed.
        for (obs, shown) in [(0.0, "0.0"), (0.01, "0.0"), (-0.01, "0.0")] {
            assert_eq!(
                pace_words(5.0, obs, shown),
                "while it did not move over the last five years",
                "{obs}"
            );
        }
    }
}
