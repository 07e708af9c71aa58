//! The economies behind a group's status: each member's own latest value,
//! pace and status against the group's target, and its share of the
//! group's gap ([`member_rows`]). How many are in each status or meet a
//! threshold is [`super::distribution`]'s.
//!
//! A member is judged by the very function that judges groups: its own
//! series goes through the same reduction ([`reduce`]) and the same
//! [`assess()`] as a group's, so the statuses of members and of groups can
//! never follow two models. What is particular to members is only the
//! target an economy is held to:
//!
//! - level, threshold and relative targets: the same target (a relative
//!   one on the economy's own baseline value);
//! - parity targets: the same band;
//! - share-of-economies targets: the condition each economy is counted on
//!   (at most 2% of GNI per capita is the economy's own threshold);
//! - gap targets are between two groups and have no member version.
//!
//! The contribution to the gap: with `wᵢ` the member's weight in the
//! group's average in its latest year (households, people, or 1 for
//! medians) and `dᵢ` its distance to the target in the desired direction
//! (`max(0, d·(y_T − yᵢ))`; for a band, the distance to the band's nearer
//! edge; 0 for a member counted as achieved), its contribution is
//! `100 · wᵢ·dᵢ / Σⱼ wⱼ·dⱼ` over the members with a value and a weight:
//! shares of the group's total shortfall, summing to 100. Pure: the
//! aggregator holds the data.

use serde::Serialize;

use super::assess::{Assessment, assess};
use super::reduce::{self, Context, Reduced};
use super::status::{Method, Status};
use crate::aggregate::{Aggregator, Value};
use crate::base::Point;
use crate::base::vocab::vocabulary;
use crate::classify::group;
use crate::indicator::{CmpOp, Direction, Indicator, SeriesSpec, Symbol, Target, TargetKind, Unit};
use crate::ingest::table::FxMap;

/// One member economy of a group against one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRow {
    /// Indicator id.
    pub indicator_id: String,
    /// Target id.
    pub target_id: String,
    /// Group code.
    pub group: String,
    /// Economy code (ISO 3166 alpha-3).
    pub economy: String,
    /// Economy name.
    pub economy_name: String,
    /// Year of the latest value used (up to the as-of and target years).
    pub latest_year: Option<i32>,
    /// The latest value, in the indicator's terms (a ratio for parity).
    pub latest_value: Option<f64>,
    /// `observed` or `estimate` (an ITU estimate).
    pub origin: Option<&'static str>,
    /// The member's own status against the target.
    pub status: Status,
    /// Year the target is reached at the member's pace.
    pub year_reached: Option<i32>,
    /// Share of the group's gap, in percent (sums to 100 over the group).
    pub contribution: Option<f64>,
    /// Base year used.
    pub base_year: Option<i32>,
    /// Value at the base year.
    pub base_value: Option<f64>,
    /// Change per year over the last five years, in the desired direction
    /// (of the assessed series: the distance to the band for parity).
    pub pace: Option<f64>,
    /// The value the member is held to (the nearer band edge for parity).
    pub target_value: Option<f64>,
    /// Distance to the target in the desired direction; 0 when achieved.
    pub distance: Option<f64>,
    /// Weight in the group's average in the latest year.
    pub weight: Option<f64>,
    /// With a threshold asked for: whether the latest value meets it.
    pub meets_threshold: Option<bool>,
    /// The standard groups the economy belongs to, space-separated.
    pub member_of: String,
    /// Why there is no status, or what the assessment noted.
    pub note: String,
}

/// A threshold to count members against (`--threshold`), in the
/// indicator's direction: at least it for an increasing indicator, at most
/// it for a decreasing one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The value.
    pub value: f64,
    /// How a value meets it.
    pub op: CmpOp,
}

impl Threshold {
    /// The threshold of an indicator's direction; `None` for a band
    /// indicator, which has no one side to meet.
    pub fn for_direction(value: f64, direction: Direction) -> Option<Threshold> {
        match direction {
            Direction::Increase => Some(Threshold {
                value,
                op: CmpOp::Ge,
            }),
            Direction::Decrease => Some(Threshold {
                value,
                op: CmpOp::Le,
            }),
            _ => None,
        }
    }

    /// "at least 96" or "at most 2".
    pub fn describe(&self, unit: Unit) -> String {
        let words = match self.op {
            CmpOp::Ge => "at least",
            CmpOp::Gt => "above",
            CmpOp::Le => "at most",
            CmpOp::Lt => "below",
        };
        format!(
            "{words} {}",
            unit.value(self.value).as_written().symbol(Symbol::Words)
        )
    }
}

/// The targets of an indicator that members can be held to, for a group
/// it scores or shows for context (gap targets are between groups),
/// filtered by target id when given.
pub fn member_targets<'i>(ind: &'i Indicator, group: &str, only: &[String]) -> Vec<&'i Target> {
    ind.targets
        .iter()
        .filter(|t| !matches!(t.kind, TargetKind::Gap { .. }))
        .filter(|t| t.groups.iter().chain(&t.context).any(|g| g == group))
        .filter(|t| only.is_empty() || only.iter().any(|o| o.eq_ignore_ascii_case(&t.id)))
        .collect()
}

/// The reduced series of one economy for a target, as a group's would be
/// reduced, or why it cannot be.
fn reduce_member(
    ind: &Indicator,
    target: &Target,
    spec: &SeriesSpec,
    points: &[Point],
) -> Result<Reduced, String> {
    let ctx = Context {
        direction: ind.direction,
        limits: ind.natural_limits,
        base_year: ind.baseline_year,
        target_year: target.year,
        breaks: &spec.breaks,
        percent: ind.unit == Unit::Percent,
        model: super::rows::trend_model(ind),
    };
    if points.is_empty() {
        return Err("no data".to_string());
    }
    match &target.kind {
        TargetKind::Parity { low, high } => reduce::parity_target(points, *low, *high, ctx),
        TargetKind::ShareOfEconomies { op, threshold, .. } => {
            let direction = match op {
                CmpOp::Lt | CmpOp::Le => Direction::Decrease,
                CmpOp::Gt | CmpOp::Ge => Direction::Increase,
            };
            reduce::series_target(
                &TargetKind::Threshold { value: *threshold },
                points,
                Context { direction, ..ctx },
            )
        }
        kind => reduce::series_target(kind, points, ctx),
    }
}

/// Every member of each group against each target it can be held to:
/// targets in the definition's order, groups in the order given, members
/// in economy-code order; contributions computed per (target, group).
pub fn member_rows(
    ind: &Indicator,
    agg: &Aggregator<'_>,
    groups: &[&str],
    targets: &[String],
    method: Method,
    as_of: Option<i32>,
    threshold: Option<Threshold>,
) -> Vec<MemberRow> {
    let class = agg.classification();
    let mut out = Vec::new();
    for target in &ind.targets {
        let Some(spec) = ind.series_for(target) else {
            continue;
        };
        // An economy's values and status against a target are its own,
        // whichever group it is counted in: judged once, and shared by the
        // World, its region and its development levels (most economies
        // are in three or four of the groups; judging each again was most
        // of the report's member distributions).
        let mut judged: FxMap<&str, (Vec<Value>, Assessment)> = FxMap::default();
        for g in groups {
            if !member_targets(ind, g, targets).contains(&target) {
                continue;
            }
            let members = class.members(g);
            let mut rows: Vec<MemberRow> = Vec::with_capacity(members.len());
            for e in members {
                let (values, assessment) = judged.entry(e.iso3.as_str()).or_insert_with(|| {
                    let values = agg.economy_values(spec, &e.iso3);
                    let points: Vec<Point> =
                        values.iter().map(|v| Point::new(v.year, v.value)).collect();
                    let assessment = match reduce_member(ind, target, spec, &points) {
                        Ok(r) => assess(&r, method, as_of),
                        Err(why) => Assessment::insufficient(method, target.year, 1.0, why),
                    };
                    (values, assessment)
                });
                rows.push(member_row(
                    ind, target, g, e, values, assessment, agg, threshold,
                ));
            }
            share_out(&mut rows);
            out.extend(rows);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn member_row(
    ind: &Indicator,
    target: &Target,
    group: &str,
    e: &crate::classify::Economy,
    values: &[Value],
    a: &Assessment,
    agg: &Aggregator<'_>,
    threshold: Option<Threshold>,
) -> MemberRow {
    // The values in the indicator's own terms: the assessed series is the
    // distance to the band for parity.
    let at = |y: Option<i32>| y.and_then(|y| values.iter().find(|v| v.year == y));
    let latest = at(a.latest_year);
    let distance = a.gap.map(|g| {
        if a.status == Status::TargetAchieved {
            0.0
        } else {
            g.max(0.0)
        }
    });
    let target_value = match &target.kind {
        TargetKind::Parity { low, high } => latest.map(|v| {
            if v.value < *low {
                *low
            } else if v.value > *high {
                *high
            } else {
                v.value
            }
        }),
        _ => a.target_value,
    };
    let weight = a
        .latest_year
        .and_then(|y| agg.economy_weight(&ind.aggregation, &e.iso3, y));
    let note = if a.status == Status::InsufficientData {
        a.notes.last().cloned().unwrap_or_default()
    } else if weight.is_none() && a.latest_year.is_some() {
        "no weight for its latest year: not counted in the contributions".to_string()
    } else {
        String::new()
    };
    MemberRow {
        indicator_id: ind.id.clone(),
        target_id: target.id.clone(),
        group: group.to_string(),
        economy: e.iso3.clone(),
        economy_name: e.name.clone(),
        latest_year: a.latest_year,
        latest_value: latest.map(|v| v.value),
        origin: latest.map(|v| if v.estimate { "estimate" } else { "observed" }),
        status: a.status,
        year_reached: a.year_reached,
        contribution: None,
        base_year: a.base_year,
        base_value: at(a.base_year).map(|v| v.value),
        pace: a.observed_annual_change,
        target_value,
        distance,
        weight,
        meets_threshold: threshold.and_then(|t| latest.map(|v| t.op.holds(v.value, t.value))),
        member_of: e
            .groups()
            .into_iter()
            .filter(|g| group::group(g).is_some())
            .collect::<Vec<_>>()
            .join(" "),
        note,
    }
}

/// Each member's weight × distance as a percentage of the group's total;
/// 0 for every member when no member falls short.
fn share_out(rows: &mut [MemberRow]) {
    let part = |r: &MemberRow| match (r.weight, r.distance) {
        (Some(w), Some(d)) => Some(w * d),
        _ => None,
    };
    let total: f64 = rows.iter().filter_map(part).sum();
    for r in rows.iter_mut() {
        r.contribution = part(r).map(|p| if total > 0.0 { 100.0 * p / total } else { 0.0 });
    }
}

vocabulary! {
    /// How the rows of `rbm economies` are ordered within a target and
    /// group.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SortBy: "sort order" {
        Contribution = "contribution": "Largest share of the group's gap first (the default).",
        Value = "value": "Furthest from the target first, by latest value.",
        Status = "status": "Worst status first.",
        Name = "name": "By economy name.",
        YearReached = "year_reached": "Latest year of reaching the target first.",
    }
}

/// Sort member rows within each (indicator, target, group), keeping those
/// blocks in the order given; members without data always come last.
pub fn sort_rows(rows: &mut [MemberRow], by: SortBy, direction: Direction) {
    let better_high = direction != Direction::Decrease;
    let mut blocks: Vec<(String, String, String)> = Vec::new();
    for r in rows.iter() {
        let key = (r.indicator_id.clone(), r.target_id.clone(), r.group.clone());
        if !blocks.contains(&key) {
            blocks.push(key);
        }
    }
    let block_of = |r: &MemberRow| {
        blocks
            .iter()
            .position(|(i, t, g)| *i == r.indicator_id && *t == r.target_id && *g == r.group)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by(|a, b| {
        let block = block_of(a).cmp(&block_of(b));
        let no_data = a.latest_value.is_none().cmp(&b.latest_value.is_none());
        let key = match by {
            SortBy::Contribution => desc(a.contribution, b.contribution),
            SortBy::Value if better_high => asc(a.latest_value, b.latest_value),
            SortBy::Value => desc(a.latest_value, b.latest_value),
            // Worst first; insufficient data (rank 5) last.
            SortBy::Status => {
                let rank = |s: Status| match s {
                    Status::InsufficientData => 0,
                    s => s.rank() + 1,
                };
                rank(b.status).cmp(&rank(a.status))
            }
            SortBy::Name => std::cmp::Ordering::Equal,
            SortBy::YearReached => b
                .year_reached
                .unwrap_or(i32::MAX)
                .cmp(&a.year_reached.unwrap_or(i32::MAX)),
        };
        block
            .then(no_data)
            .then(key)
            .then_with(|| a.economy_name.cmp(&b.economy_name))
    });
}

fn desc(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    b.unwrap_or(f64::NEG_INFINITY)
        .total_cmp(&a.unwrap_or(f64::NEG_INFINITY))
}

fn asc(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    a.unwrap_or(f64::INFINITY)
        .total_cmp(&b.unwrap_or(f64::INFINITY))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(economy: &str, weight: Option<f64>, distance: Option<f64>) -> MemberRow {
        MemberRow {
            indicator_id: "households_internet".into(),
            target_id: "T".into(),
            group: "LDC".into(),
            economy: economy.into(),
            economy_name: economy.into(),
            latest_year: distance.map(|_| 2023),
            latest_value: distance.map(|d| 100.0 - d),
            origin: None,
            status: Status::AccelerationNeeded,
            year_reached: None,
            contribution: None,
            base_year: None,
            base_value: None,
            pace: None,
            target_value: Some(100.0),
            distance,
            weight,
            meets_threshold: None,
            member_of: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn contributions_are_shares_of_weight_times_distance() {
        // 10 M households 40 points short = 400; 5 M 80 short = 400;
        // 20 M beyond the target (0) = 0; total 800 → 50%, 50%, 0%.
        let mut rows = vec![
            row("AAA", Some(10.0), Some(40.0)),
            row("BBB", Some(5.0), Some(80.0)),
            row("CCC", Some(20.0), Some(0.0)),
            row("DDD", None, None),
        ];
        share_out(&mut rows);
        let c: Vec<Option<f64>> = rows.iter().map(|r| r.contribution).collect();
        assert_eq!(c, vec![Some(50.0), Some(50.0), Some(0.0), None]);
    }

    #[test]
    fn nobody_short_means_nobody_contributes() {
        let mut rows = vec![row("AAA", Some(1.0), Some(0.0))];
        share_out(&mut rows);
        assert_eq!(rows[0].contribution, Some(0.0));
    }

    #[test]
    fn sorting_puts_the_largest_contribution_first_and_no_data_last() {
        let mut rows = vec![
            row("AAA", Some(1.0), Some(10.0)),
            row("NOD", None, None),
            row("BBB", Some(1.0), Some(30.0)),
        ];
        share_out(&mut rows);
        sort_rows(&mut rows, SortBy::Contribution, Direction::Increase);
        let order: Vec<&str> = rows.iter().map(|r| r.economy.as_str()).collect();
        assert_eq!(order, vec!["BBB", "AAA", "NOD"]);
        sort_rows(&mut rows, SortBy::Value, Direction::Increase);
        // Lowest value (furthest from 100) first: BBB at 70, AAA at 90.
        let order: Vec<&str> = rows.iter().map(|r| r.economy.as_str()).collect();
        assert_eq!(order, vec!["BBB", "AAA", "NOD"]);
    }
}
