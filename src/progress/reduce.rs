//! Every kind of target reduced to one series with a target value and a
//! desired direction, so that the same methods apply to all.
//!
//! - level and threshold: the series itself;
//! - relative: a level at (1 + change) × the baseline year's value, on one
//!   comparable segment of the series (never across a break);
//! - gap: the series of differences between two groups, to shrink towards
//!   (1 − reduction) × the baseline year's difference;
//! - parity: the distance from the ratio to the band's nearer edge (zero
//!   inside the band), which must fall to zero;
//! - share of economies: the yearly share of the group's economies meeting
//!   the condition (computed by the aggregate stage), to reach the share.

use super::model::Model;
use crate::base::Point;
use crate::indicator::{Direction, TargetKind};

/// A series ready for the progress methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Reduced {
    /// Points, sorted by year, all on one comparable segment.
    pub points: Vec<Point>,
    /// Target value y_T; `None` when the target names no value (progress
    /// in the desired direction is judged on its own).
    pub target_value: Option<f64>,
    /// Target year t_T.
    pub target_year: i32,
    /// +1 when higher is better, −1 when lower is.
    pub direction: f64,
    /// Natural limits of the reduced series.
    pub limits: (f64, f64),
    /// Base year t₀: the first year at or after it with data is used.
    pub base_year: i32,
    /// A threshold (being beyond it is achieving it) rather than a level.
    pub threshold: bool,
    /// The target is a 0% or 100% share, where being within
    /// [`super::frame::NEAR_LIMIT`] counts as achieved.
    pub near_limit: bool,
    /// The `trend` method's model for this series.
    pub model: Model,
    /// What the reduction did, for the reader.
    pub notes: Vec<String>,
}

#[cfg(test)]
impl Reduced {
    /// A level series for tests: base year 2015, target year 2030.
    pub fn for_test(
        points: &[(i32, f64)],
        target: f64,
        direction: f64,
        limits: (f64, f64),
    ) -> Self {
        Reduced {
            points: Point::series(points),
            target_value: Some(target),
            target_year: 2030,
            direction,
            limits,
            base_year: 2015,
            threshold: false,
            near_limit: false,
            model: Model::Linear,
            notes: Vec::new(),
        }
    }
}

/// Why a target cannot be assessed.
pub type Unassessable = String;

/// Inputs common to every kind.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The indicator's direction.
    pub direction: Direction,
    /// The indicator's natural limits.
    pub limits: (f64, f64),
    /// The indicator's base year.
    pub base_year: i32,
    /// Target year.
    pub target_year: i32,
    /// First years of new methods in the series.
    pub breaks: &'a [i32],
    /// True for shares in percent (0–100).
    pub percent: bool,
    /// The `trend` model of the indicator's own series (by its unit, or as
    /// its definition chooses).
    pub model: Model,
}

fn sign(d: Direction) -> f64 {
    match d {
        Direction::Decrease => -1.0,
        _ => 1.0,
    }
}

/// Keep the points on the same comparable segment as the last one, and say
/// so when earlier points are dropped.
pub fn last_segment(points: &[Point], breaks: &[i32], notes: &mut Vec<String>) -> Vec<Point> {
    let Some(last) = points.last() else {
        return Vec::new();
    };
    let seg = |y: i32| breaks.iter().filter(|b| **b <= y).count();
    let s = seg(last.year);
    let kept: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| seg(p.year) == s)
        .collect();
    if kept.len() < points.len()
        && let Some(b) = breaks.iter().filter(|b| **b <= last.year).max()
    {
        notes.push(format!(
            "series break in {b}: only values from {b} on are compared"
        ));
    }
    kept
}

/// Reduce a level, threshold or relative target on a group's series.
pub fn series_target(
    kind: &TargetKind,
    points: &[Point],
    ctx: Context<'_>,
) -> Result<Reduced, Unassessable> {
    let mut notes = Vec::new();
    let pts = last_segment(points, ctx.breaks, &mut notes);
    let direction = sign(ctx.direction);
    let (target_value, threshold, base_year) = match kind {
        TargetKind::Level { value } => (*value, false, ctx.base_year),
        TargetKind::Threshold { value } => (*value, true, ctx.base_year),
        TargetKind::Relative {
            change_pct,
            baseline_year,
        } => {
            let seg = |y: i32| ctx.breaks.iter().filter(|b| **b <= y).count();
            if let Some(last) = points.last()
                && seg(*baseline_year) != seg(last.year)
            {
                let b = ctx
                    .breaks
                    .iter()
                    .filter(|b| **b > *baseline_year && **b <= last.year)
                    .min()
                    .copied()
                    .unwrap_or(0);
                return Err(format!(
                    "not comparable: the series breaks in {b}, after the baseline year {baseline_year}, and no comparable {baseline_year} value exists"
                ));
            }
            let Some(base) = points.iter().find(|p| p.year == *baseline_year) else {
                return Err(format!("no value for the baseline year {baseline_year}"));
            };
            let target = base.value * (1.0 + change_pct / 100.0);
            notes.push(format!(
                "target = {:.2} × the {baseline_year} value {:.3} = {target:.3}",
                1.0 + change_pct / 100.0,
                base.value
            ));
            (target, false, *baseline_year)
        }
        other => {
            return Err(format!(
                "a {} target is not a plain series target",
                other.name()
            ));
        }
    };
    let near_limit = ctx.percent && (target_value == 100.0 || target_value == 0.0);
    Ok(Reduced {
        points: pts,
        target_value: Some(target_value),
        target_year: ctx.target_year,
        direction,
        limits: ctx.limits,
        base_year,
        threshold,
        near_limit,
        model: ctx.model,
        notes,
    })
}

/// Reduce a gap target: the difference `first − second` must shrink by
/// `reduction_pct` from the baseline year.
pub fn gap_target(
    first: &[Point],
    second: &[Point],
    reduction_pct: f64,
    baseline_year: i32,
    ctx: Context<'_>,
) -> Result<Reduced, Unassessable> {
    let mut notes = Vec::new();
    let diff: Vec<Point> = first
        .iter()
        .filter_map(|a| {
            second.iter().find(|b| b.year == a.year).map(|b| Point {
                year: a.year,
                value: a.value - b.value,
            })
        })
        .collect();
    if diff.is_empty() {
        return Err("the two groups have no year in common".to_string());
    }
    let seg = |y: i32| ctx.breaks.iter().filter(|b| **b <= y).count();
    let last = diff[diff.len() - 1];
    if seg(baseline_year) != seg(last.year) {
        let b = ctx
            .breaks
            .iter()
            .filter(|b| **b > baseline_year && **b <= last.year)
            .min()
            .copied()
            .unwrap_or(0);
        return Err(format!(
            "not comparable: the series breaks in {b}, after the baseline year {baseline_year}, and no comparable {baseline_year} gap exists"
        ));
    }
    let Some(base) = diff.iter().find(|p| p.year == baseline_year) else {
        return Err(format!(
            "no value of the gap for the baseline year {baseline_year}"
        ));
    };
    let pts = last_segment(&diff, ctx.breaks, &mut notes);
    let target = base.value * (1.0 - reduction_pct / 100.0);
    notes.push(format!(
        "gap target = {:.2} × the {baseline_year} gap {:.3} = {target:.3}",
        1.0 - reduction_pct / 100.0,
        base.value
    ));
    // Shrinking means moving towards zero from the side the gap started on.
    let direction = if base.value >= 0.0 { -1.0 } else { 1.0 };
    Ok(Reduced {
        points: pts,
        target_value: Some(target),
        target_year: ctx.target_year,
        direction,
        limits: (f64::NEG_INFINITY, f64::INFINITY),
        base_year: baseline_year,
        threshold: true,
        near_limit: false,
        // A difference can change sign: it moves by amounts.
        model: Model::Linear,
        notes,
    })
}

/// Distance from a ratio to the band: zero inside it.
pub fn band_distance(ratio: f64, low: f64, high: f64) -> f64 {
    if ratio < low {
        low - ratio
    } else if ratio > high {
        ratio - high
    } else {
        0.0
    }
}

/// Reduce a parity target: the distance to the band must fall to zero.
pub fn parity_target(
    ratios: &[Point],
    low: f64,
    high: f64,
    ctx: Context<'_>,
) -> Result<Reduced, Unassessable> {
    let mut notes = Vec::new();
    let pts = last_segment(ratios, ctx.breaks, &mut notes);
    let distances: Vec<Point> = pts
        .iter()
        .map(|p| Point {
            year: p.year,
            value: band_distance(p.value, low, high),
        })
        .collect();
    if let Some(last) = pts.last() {
        let side = if last.value < low {
            "below"
        } else if last.value > high {
            "above"
        } else {
            "inside"
        };
        notes.push(format!(
            "parity: distance of the ratio ({:.3} in {}, {side} the band) to the band {low:.2}–{high:.2}; zero target replaced by {}",
            last.value,
            last.year,
            super::frame::EPSILON
        ));
    }
    Ok(Reduced {
        points: distances,
        target_value: Some(0.0),
        target_year: ctx.target_year,
        direction: -1.0,
        limits: (0.0, f64::INFINITY),
        base_year: ctx.base_year,
        threshold: true,
        near_limit: false,
        // A distance touches zero: a growth rate or a log of it explodes
        // (rbm's backtest), a straight line stops at the band.
        model: Model::Linear,
        notes,
    })
}

/// Reduce a share-of-economies target: the share (0–100) must reach
/// `share_pct`.
pub fn share_target(
    shares: &[Point],
    share_pct: f64,
    ctx: Context<'_>,
) -> Result<Reduced, Unassessable> {
    Ok(Reduced {
        points: shares.to_vec(),
        target_value: Some(share_pct),
        target_year: ctx.target_year,
        direction: 1.0,
        limits: (0.0, 100.0),
        base_year: ctx.base_year,
        threshold: true,
        // "All economies" is a 100% share: within a point of it counts as
        // reached, as for any share in percent.
        near_limit: share_pct == 100.0 || share_pct == 0.0,
        // A share of economies is a share bounded by 0 and 100.
        model: Model::LogitLinear,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(i32, f64)]) -> Vec<Point> {
        Point::series(v)
    }

    fn ctx(breaks: &[i32]) -> Context<'_> {
        Context {
            direction: Direction::Decrease,
            limits: (0.0, 10_000.0),
            base_year: 2015,
            target_year: 2023,
            breaks,
            percent: false,
            model: Model::LogLinear,
        }
    }

    #[test]
    fn relative_target_is_a_level_on_the_baseline_value() {
        // 25% more affordable than 2017: 0.75 × 4.0 = 3.0.
        let r = series_target(
            &TargetKind::Relative {
                change_pct: -25.0,
                baseline_year: 2017,
            },
            &pts(&[(2017, 4.0), (2020, 3.5)]),
            ctx(&[]),
        )
        .expect("reduces");
        assert_eq!(r.target_value, Some(3.0));
        assert_eq!(r.base_year, 2017);
        assert_eq!(r.direction, -1.0);
    }

    #[test]
    fn relative_target_across_a_break_is_not_comparable() {
        let err = series_target(
            &TargetKind::Relative {
                change_pct: -25.0,
                baseline_year: 2017,
            },
            &pts(&[(2017, 4.0), (2018, 3.0), (2020, 2.5)]),
            ctx(&[2018]),
        )
        .unwrap_err();
        assert!(
            err.starts_with("not comparable: the series breaks in 2018"),
            "{err}"
        );
    }

    #[test]
    fn gap_shrinks_towards_zero_from_its_side() {
        // Developing 6.0, developed 1.0 in 2017: gap 5.0; −25% → 3.75.
        let r = gap_target(
            &pts(&[(2017, 6.0), (2023, 4.5)]),
            &pts(&[(2017, 1.0), (2023, 1.0)]),
            25.0,
            2017,
            ctx(&[]),
        )
        .expect("reduces");
        assert_eq!(r.target_value, Some(3.75));
        assert_eq!(r.direction, -1.0);
        assert_eq!(r.points, pts(&[(2017, 5.0), (2023, 3.5)]));
    }

    #[test]
    fn parity_distance_is_zero_inside_and_positive_either_side() {
        assert_eq!(band_distance(1.0, 0.98, 1.02), 0.0);
        assert!((band_distance(0.90, 0.98, 1.02) - 0.08).abs() < 1e-12);
        assert!((band_distance(1.10, 0.98, 1.02) - 0.08).abs() < 1e-12);
    }
}
