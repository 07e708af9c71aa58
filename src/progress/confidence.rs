//! How far a status can be trusted: a grade (high, medium, low) with its
//! reasons, from the evidence behind the row.
//!
//! The rule counts points, each reason adding its own:
//!
//! | reason | points |
//! |---|---|
//! | the latest value is computed from less than 80% of the group's weight | 1 |
//! | more than 10% of the latest value's weight is imputed | 1 |
//! | more than half of the window's values are estimates | 1 |
//! | fewer than 5 points in the window | 2 |
//! | a series break after the base year shortens the window | 1 |
//! | fewer than three of the four methods give the row's status | 1 |
//! | a projection error as large as the method's backtest error on the indicator (six years ahead, pooled cut-offs) would change the status, or there is no backtest | 1 |
//! | a group-year in the window moves for the wrong reason (coverage change, one member's step) | 1 |
//!
//! 0 points: high; 1–2: medium; 3 or more: low. A row that could not be
//! assessed is low. For a status that is a fact rather than a projection
//! (achieved, or a target whose year has come), only the latest value's
//! own reasons count (coverage, imputed share, estimates, a flag on its
//! year). Pure.

use super::assess::{Assessment, TREND_POINTS};
use super::backtest::HORIZON;
use super::status::{Method, Status};
use super::trend;
use crate::aggregate::{GroupPoint, Jump, Origin};
use crate::base::vocab::vocabulary;
use crate::indicator::Unit;

vocabulary! {
    /// How far a status can be trusted.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Confidence: "confidence" {
        High = "high": "No reason for doubt found.",
        Medium = "medium": "One or two reasons for doubt.",
        Low = "low": "Three or more reasons for doubt, or too little data.",
    }
}

impl Confidence {
    /// A mark for tables and charts that reads without colour.
    pub fn mark(self) -> &'static str {
        match self {
            Confidence::High => "●●●",
            Confidence::Medium => "●●○",
            Confidence::Low => "●○○",
        }
    }

    /// The marks' legend: `●●● high, ●●○ medium, ●○○ low`.
    pub fn legend() -> String {
        [Confidence::High, Confidence::Medium, Confidence::Low]
            .iter()
            .map(|c| format!("{} {}", c.mark(), c.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Below this coverage the latest value loses a point.
pub const COVERAGE: f64 = 0.8;
/// Above this imputed share the latest value loses a point.
pub const IMPUTED: f64 = 0.1;
/// Above this share of estimates in the window, a point.
pub const ESTIMATES: f64 = 0.5;
/// Fewer points than this in the window cost two points.
pub const POINTS: usize = 5;

/// What a row's grade is read from.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The group's values (for computed values: coverage, imputed share,
    /// estimate), when the row reads one group's series.
    pub values: &'a [GroupPoint],
    /// The group's flagged years.
    pub jumps: &'a [Jump],
    /// The series' breaks.
    pub breaks: &'a [i32],
    /// The indicator's base year.
    pub base_year: i32,
    /// Every method's status of the same indicator × target × group.
    pub statuses: &'a [Status],
    /// The method's backtest error on the indicator (mean absolute error
    /// six years ahead), when it could be measured.
    pub backtest_mae: Option<f64>,
    /// The unit values are written in, in the reasons.
    pub unit: Unit,
}

/// The grade and its reasons for one assessment.
pub fn grade(a: &Assessment, ev: &Evidence<'_>) -> (Confidence, Vec<String>) {
    if a.status == Status::InsufficientData {
        return (Confidence::Low, vec!["not assessed".to_string()]);
    }
    let mut points = 0;
    let mut reasons = Vec::new();
    let latest = a
        .latest_year
        .and_then(|y| ev.values.iter().find(|p| p.year == y));
    if let Some(p) = latest {
        if let Some(c) = p.coverage.filter(|c| *c < COVERAGE) {
            points += 1;
            // Rounded down, so that a value just under the threshold never
            // reads as the threshold itself.
            reasons.push(format!(
                "the {} value covers {:.0}% of the group's weight",
                p.year,
                (100.0 * c).floor()
            ));
        }
        if let Some(i) = p.imputed.filter(|i| *i > IMPUTED) {
            points += 1;
            reasons.push(format!(
                "{:.0}% of the {} value's weight is imputed",
                100.0 * i,
                p.year
            ));
        }
    }
    let fact = matches!(a.status, Status::TargetAchieved) || a.met.is_some();
    let (from, to) = match (a.window_start, a.latest_year) {
        (_, None) => (i32::MAX, i32::MIN),
        (Some(s), Some(l)) if !fact => (s, l),
        (_, Some(l)) => (l, l),
    };
    let in_window: Vec<&GroupPoint> = ev
        .values
        .iter()
        .filter(|p| p.year >= from && p.year <= to)
        .collect();
    let estimates: Vec<&&GroupPoint> = in_window.iter().filter(|p| p.estimate).collect();
    if !in_window.is_empty() && estimates.len() as f64 > ESTIMATES * in_window.len() as f64 {
        points += 1;
        // A published value is the publisher's estimate (ITU's aggregates
        // are all ITU estimates); a computed one rests on estimated or
        // imputed members.
        let how = if estimates.iter().all(|p| p.origin == Origin::Published) {
            "published as "
        } else {
            ""
        };
        reasons.push(if in_window.len() == 1 {
            format!("the {to} value is {how}an estimate")
        } else {
            format!(
                "{} of the {} values since {from} are {how}estimates",
                estimates.len(),
                in_window.len()
            )
        });
    }
    // One point however many years are flagged: the first is named.
    if let Some(j) = ev.jumps.iter().find(|j| j.year >= from && j.year <= to) {
        points += 1;
        reasons.push(jump_reason(j, ev.unit));
    }
    if !fact {
        if let Some(n) = a.window_points.filter(|n| *n < POINTS) {
            points += 2;
            reasons.push(format!("{n} points in the window"));
        }
        if let Some(b) = ev
            .breaks
            .iter()
            .filter(|b| **b > ev.base_year && **b <= to)
            .max()
        {
            points += 1;
            reasons.push(format!("series break in {b}: only values since are used"));
        }
        let same = ev.statuses.iter().filter(|s| **s == a.status).count();
        if ev.statuses.len() >= 4 && same < 3 {
            points += 1;
            reasons.push(format!(
                "only {same} of the {} methods give{} this status",
                ev.statuses.len(),
                if same == 1 { "s" } else { "" }
            ));
        }
        match (ev.backtest_mae, a.target_value.is_some()) {
            (None, _) => {
                points += 1;
                reasons.push(no_backtest(ev, a.method, to));
            }
            (Some(e), true) => {
                if status_moves(a, e) {
                    points += 1;
                    reasons.push(format!(
                        "a projection error of ±{} (the method's backtest error here, six years ahead) would change the status",
                        ev.unit.value(e)
                    ));
                }
            }
            (Some(_), false) => {}
        }
    }
    let grade = match points {
        0 => Confidence::High,
        1 | 2 => Confidence::Medium,
        _ => Confidence::Low,
    };
    (grade, reasons)
}

/// Why a row has no backtest error: its comparable series (the values
/// since the last break, up to `latest`) is too short for any cut-off to
/// have the points the method needs (three for the trend, two for the
/// others) and a value [`HORIZON`] years later, or else the indicator's
/// data gave no scored projection.
fn no_backtest(ev: &Evidence<'_>, method: Method, latest: i32) -> String {
    // A handful of points: exact as i32.
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let needs = if method == Method::Trend {
        TREND_POINTS as i32
    } else {
        2
    };
    let start = ev.breaks.iter().copied().filter(|b| *b <= latest).max();
    let years: Vec<i32> = ev
        .values
        .iter()
        .map(|p| p.year)
        .filter(|y| *y <= latest && start.is_none_or(|s| *y >= s))
        .collect();
    match (years.first(), years.last()) {
        // A cut-off c with `needs` yearly points (c ≥ a + needs − 1) and a
        // value at c + HORIZON ≤ z.
        (Some(a), Some(z)) if z - a < HORIZON + needs - 1 => format!(
            "no backtest: the comparable series ({a}–{z}) is too short for a cut-off with {needs} points and a value {HORIZON} years later"
        ),
        _ => "no backtest on this indicator's data".to_string(),
    }
}

/// A flagged year as a reason.
pub fn jump_reason(j: &Jump, unit: Unit) -> String {
    let fmt = |v: f64| unit.value(v).to_string();
    match (&j.member, j.step) {
        (Some(m), Some((a, b))) => format!(
            "{}: {m}'s own value steps from {} to {} and makes {} of the group's {} move",
            j.year,
            fmt(a),
            fmt(b),
            fmt(j.part),
            fmt(j.change)
        ),
        _ => format!(
            "{}: the group's {} move comes mainly from members entering or leaving ({})",
            j.year,
            fmt(j.change),
            fmt(j.part)
        ),
    }
}

/// Whether moving the projection by `error` either way would move it to
/// another band of P (the share of the remaining gap closed).
fn status_moves(a: &Assessment, error: f64) -> bool {
    let (Some(p), Some(latest), Some(reach)) = (a.projected_value, a.latest_value, a.goal) else {
        return false;
    };
    let d = a.direction;
    let band = |v: f64| trend::status_of(trend::gap_closed(latest, v, reach, d));
    let here = band(p);
    band(p + error) != here || band(p - error) != here
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(year: i32, coverage: f64, imputed: f64, estimate: bool) -> GroupPoint {
        GroupPoint {
            year,
            value: 50.0,
            origin: Origin::Computed,
            coverage: Some(coverage),
            imputed: Some(imputed),
            estimate,
        }
    }

    fn row(status: Status, projected: f64, closed: f64) -> Assessment {
        let mut a = Assessment::insufficient(Method::Trend, 2030, 1.0, "");
        a.status = status;
        a.latest_year = Some(2024);
        a.latest_value = Some(50.0);
        a.target_value = Some(100.0);
        a.projected_value = Some(projected);
        a.gap_closed = Some(closed);
        a.goal = Some(99.0);
        a.window_start = Some(2015);
        a.window_points = Some(10);
        a
    }

    #[test]
    fn points_add_up_to_a_grade() {
        let clean: Vec<GroupPoint> = (2015..=2024).map(|y| point(y, 1.0, 0.0, false)).collect();
        let statuses = [Status::AccelerationNeeded; 4];
        let ev = Evidence {
            values: &clean,
            jumps: &[],
            breaks: &[],
            base_year: 2015,
            statuses: &statuses,
            backtest_mae: Some(2.0),
            unit: Unit::Percent,
        };
        // 50 → 75 of a reach of 99: P = 25/49 = 0.510; ±2 moves ŷ to 73 or
        // 77, P 0.469 or 0.551: the lower one is limited progress → 1 point.
        let a = row(Status::AccelerationNeeded, 75.0, 25.0 / 49.0);
        let (g, why) = grade(&a, &ev);
        assert_eq!(g, Confidence::Medium, "{why:?}");
        assert!(why[0].starts_with("a projection error of ±2.0"), "{why:?}");
        // 50 → 89.2: P = 39.2/49 = 0.8; ±2 gives 0.759 or 0.841, still
        // 0.5–1: high.
        let a = row(Status::AccelerationNeeded, 89.2, 0.8);
        assert_eq!(grade(&a, &ev).0, Confidence::High);
        // A thin, imputed latest year and four points: 1 + 1 + 2 → low.
        let mut thin = clean.clone();
        thin[9] = point(2024, 0.7, 0.2, false);
        let ev = Evidence {
            values: &thin,
            ..ev
        };
        let mut a = row(Status::AccelerationNeeded, 89.2, 0.8);
        a.window_points = Some(4);
        let (g, why) = grade(&a, &ev);
        assert_eq!(g, Confidence::Low, "{why:?}");
        assert_eq!(why.len(), 3, "{why:?}");
    }

    #[test]
    fn an_achieved_status_counts_only_the_latest_value() {
        let values: Vec<GroupPoint> = (2015..=2024)
            .map(|y| point(y, 1.0, 0.0, y < 2024))
            .collect();
        let statuses = [Status::TargetAchieved; 4];
        let ev = Evidence {
            values: &values,
            jumps: &[],
            breaks: &[2020],
            base_year: 2015,
            statuses: &statuses,
            backtest_mae: None,
            unit: Unit::Percent,
        };
        let a = row(Status::TargetAchieved, 75.0, 0.5);
        assert_eq!(grade(&a, &ev), (Confidence::High, vec![]));
    }
}
