//! What every method works on and gives back: the [`Frame`] of points
//! (base, latest, target) and the [`Verdict`]; with the growth arithmetic
//! they share and the one projection path of each method ([`Projection`]):
//! the values a series is carried to in the years ahead. A row's projected
//! value, the year it reaches its target, its pace ratio and the dashed
//! line on its chart all come from that one [`Projection`].

use super::model::{Model, TrendFit};
use super::status::Status;
use crate::base::Point;

/// An exact zero base or target is replaced by this, so that growth rates
/// exist (Open SDG's rule); the result says so.
pub const EPSILON: f64 = 1e-3;

/// A series within this many units of a 0% or 100% target counts as having
/// achieved it (rbm's rule).
pub const NEAR_LIMIT: f64 = 1.0;

/// The last year a projection is followed to when looking for the year a
/// target is reached: later than that, rbm says "not by 2050".
pub const HORIZON: i32 = 2050;

/// The points a method works on.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// (t₀, y₀).
    pub base: Point,
    /// (tᵢ, yᵢ).
    pub latest: Point,
    /// t_T.
    pub target_year: i32,
    /// y_T.
    pub target_value: f64,
    /// d: +1 or −1.
    pub direction: f64,
    /// Natural limits.
    pub limits: (f64, f64),
    /// Every point from t₀ to tᵢ.
    pub points: Vec<Point>,
}

impl Frame {
    /// Observed CAGR from base to latest.
    pub fn observed_cagr(&self) -> f64 {
        cagr(
            self.base.value,
            self.latest.value,
            f64::from(self.latest.year - self.base.year),
        )
    }

    /// Required CAGR from base to target.
    pub fn required_cagr(&self) -> f64 {
        cagr(
            self.base.value,
            self.target_value,
            f64::from(self.target_year - self.base.year),
        )
    }

    /// The compound path from the latest value at the observed CAGR.
    pub fn compound(&self) -> Projection {
        Projection::Compound {
            from: self.latest,
            rate: self.observed_cagr(),
            limits: self.limits,
        }
    }

    /// −1 when the base value is negative, else +1: growth of a negative
    /// series' magnitude is a move down (Open SDG's `sign`).
    pub fn sign(&self) -> f64 {
        if self.base.value < 0.0 { -1.0 } else { 1.0 }
    }
}

/// A method's verdict on one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Status, by the method's own rule.
    pub status: Status,
    /// The method's ratio.
    pub ratio: Option<f64>,
    /// Where the method carries the series.
    pub projection: Projection,
}

/// The one path a row's series is carried along, from its latest point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Projection {
    /// `cagr_ratio` and `projection`: the latest value growing at a
    /// compound rate.
    Compound {
        /// The latest point.
        from: Point,
        /// The rate a year.
        rate: f64,
        /// Natural limits.
        limits: (f64, f64),
    },
    /// `regression`: a fitted line a + b·t (not through the latest value).
    Line {
        /// The latest point.
        from: Point,
        /// a.
        intercept: f64,
        /// b, per year.
        slope: f64,
        /// Natural limits.
        limits: (f64, f64),
    },
    /// `trend`: the default model of the series' kind.
    Trend(TrendFit),
}

impl Projection {
    /// The latest point, where the path starts.
    pub fn from(&self) -> Point {
        match self {
            Projection::Compound { from, .. } | Projection::Line { from, .. } => *from,
            Projection::Trend(f) => f.latest,
        }
    }

    /// The model, by name.
    pub fn model(&self) -> Model {
        match self {
            Projection::Compound { .. } => Model::Compound,
            Projection::Line { .. } => Model::WeightedLinear,
            Projection::Trend(f) => f.model,
        }
    }

    /// The value in `year` (the latest value itself at the latest year),
    /// within the natural limits.
    pub fn at(&self, year: i32) -> f64 {
        let from = self.from();
        if year == from.year {
            return from.value;
        }
        match *self {
            Projection::Compound { from, rate, limits } => compound(from, rate, year, limits),
            Projection::Line {
                intercept,
                slope,
                limits,
                ..
            } => clamp(intercept + slope * f64::from(year), limits),
            Projection::Trend(f) => f.at(year),
        }
    }

    /// Every year from the latest to `to`: the dashed line a chart draws.
    pub fn path(&self, to: i32) -> Vec<Point> {
        (self.from().year..=to)
            .map(|year| Point::new(year, self.at(year)))
            .collect()
    }

    /// The first year after the latest in which the path is at or beyond
    /// `goal` in `direction`, up to [`HORIZON`].
    pub fn year_reaching(&self, goal: f64, direction: f64) -> Option<i32> {
        (self.from().year + 1..=HORIZON).find(|y| direction * (self.at(*y) - goal) >= 0.0)
    }
}

/// A status from a method's ratio: at least `on_track` on track, at least
/// `acceleration` acceleration needed, at least 0 limited progress, below
/// 0 deterioration.
pub fn grade(ratio: f64, on_track: f64, acceleration: f64) -> Status {
    if ratio >= on_track {
        Status::OnTrack
    } else if ratio >= acceleration {
        Status::AccelerationNeeded
    } else if ratio >= 0.0 {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    }
}

/// The status when the target equals the base value, so that no ratio
/// exists: any move the right way is enough, any move the wrong way is not.
pub fn unmoved_target(right_way: bool) -> Status {
    if right_way {
        Status::OnTrack
    } else {
        Status::Deterioration
    }
}

/// Compound annual growth rate from `a` to `b` over `years`, with an exact
/// zero replaced by [`EPSILON`]. Values of opposite signs have no growth
/// rate: callers check [`opposite_signs`] first.
pub fn cagr(a: f64, b: f64, years: f64) -> f64 {
    if years <= 0.0 {
        return 0.0;
    }
    (nonzero(b) / nonzero(a)).powf(1.0 / years) - 1.0
}

/// True when `a` and `b` (exact zeros counted as [`EPSILON`]) have
/// opposite signs, so that no growth rate joins them.
pub fn opposite_signs(a: f64, b: f64) -> bool {
    nonzero(a).signum() != nonzero(b).signum()
}

/// The value, or [`EPSILON`] when it is exactly zero.
pub fn nonzero(v: f64) -> f64 {
    if v == 0.0 { EPSILON } else { v }
}

/// Keep a projection within the indicator's natural limits.
pub fn clamp(v: f64, limits: (f64, f64)) -> f64 {
    v.max(limits.0).min(limits.1)
}

/// The value `from` reaches in `year` growing at `rate` a year, kept
/// within `limits`.
pub fn compound(from: Point, rate: f64, year: i32, limits: (f64, f64)) -> f64 {
    clamp(
        from.value * (1.0 + rate).powf(f64::from(year - from.year)),
        limits,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cagr_by_hand() {
        // 40 → 60 over 5 years: (1.5)^(1/5) − 1 = 0.084472...
        assert!((cagr(40.0, 60.0, 5.0) - 0.084_471_771_9).abs() < 1e-9);
        // An exact zero base uses epsilon: 0.001 → 10 over 4 years =
        // 10000^(1/4) − 1 = 9.
        assert!((cagr(0.0, 10.0, 4.0) - 9.0).abs() < 1e-9);
        assert_eq!(cagr(5.0, 6.0, 0.0), 0.0);
        // Only an exact zero is replaced: 0.0005 stays what it is.
        assert!((cagr(0.0005, 0.001, 1.0) - 1.0).abs() < 1e-9);
        assert!(opposite_signs(-1.0, 2.0));
        assert!(!opposite_signs(0.0, 2.0));
    }

    #[test]
    fn the_path_ends_where_the_projection_does_and_stops_at_the_limit() {
        // 90 in 2022 at 6% a year: 95.4 in 2023, 101.1 in 2024 → 100.
        let from = Point::new(2022, 90.0);
        let p = Projection::Compound {
            from,
            rate: 0.06,
            limits: (0.0, 100.0),
        };
        let path = p.path(2030);
        assert_eq!(path.len(), 9);
        assert!((path[1].value - 95.4).abs() < 1e-9);
        assert_eq!(path[2].value, 100.0);
        assert_eq!(path[8].value, p.at(2030));
        // 99 is passed in 2024, the first year at or above it.
        assert_eq!(p.year_reaching(99.0, 1.0), Some(2024));
        // A path that never gets there says so.
        let flat = Projection::Compound {
            from,
            rate: 0.0,
            limits: (0.0, 100.0),
        };
        assert_eq!(flat.year_reaching(99.0, 1.0), None);
    }
}
