//! What every method works on and gives back: the [`Frame`] of points
//! (base, latest, target) and the [`Verdict`]; with the growth arithmetic
//! they share, including the one projection path: the value a series
//! reaches in a year at a compound rate, kept within its natural limits.
//! The methods' statuses, the projected values in tables and the dashed
//! lines on the charts all come from [`compound`] and [`compound_path`].

use super::status::Status;
use crate::base::Point;

/// A zero base or target is replaced by this, so that growth rates exist;
/// the result says so.
pub const EPSILON: f64 = 1e-3;

/// A series within this many units of a 0% or 100% target counts as having
/// achieved it.
pub const NEAR_LIMIT: f64 = 1.0;

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

    /// The latest value carried to the target year at the observed CAGR.
    pub fn compound_projection(&self) -> f64 {
        compound(
            self.latest,
            self.observed_cagr(),
            self.target_year,
            self.limits,
        )
    }
}

/// A method's verdict on one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Status.
    pub status: Status,
    /// The method's ratio.
    pub ratio: Option<f64>,
    /// Value projected at the target year.
    pub projected: f64,
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

/// The verdict when the target equals the base value, so that no ratio
/// exists: any move the right way is enough, any move the wrong way is not.
pub fn unmoved_target(right_way: bool, projected: f64) -> Verdict {
    Verdict {
        status: if right_way {
            Status::OnTrack
        } else {
            Status::Deterioration
        },
        ratio: None,
        projected,
    }
}

/// Compound annual growth rate from `a` to `b` over `years`, with zeros
/// replaced by [`EPSILON`] (magnitudes, sign kept).
pub fn cagr(a: f64, b: f64, years: f64) -> f64 {
    let a = nonzero(a);
    let b = nonzero(b);
    if years <= 0.0 {
        return 0.0;
    }
    // A growth rate between values of opposite sign is not defined; the
    // series here (shares, prices, distances, gaps) keep their sign, and a
    // gap that changes sign has closed: treat it as reaching epsilon.
    if a.signum() != b.signum() {
        return (EPSILON / a.abs()).powf(1.0 / years) - 1.0;
    }
    (b / a).powf(1.0 / years) - 1.0
}

/// The value, or ±[`EPSILON`] when it is zero.
pub fn nonzero(v: f64) -> f64 {
    if v.abs() < EPSILON {
        EPSILON.copysign(if v == 0.0 { 1.0 } else { v })
    } else {
        v
    }
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

/// Every year from `from` to `to` on the compound path of [`compound`]:
/// the projection a chart draws, ending at the value the methods report.
pub fn compound_path(from: Point, rate: f64, to: i32, limits: (f64, f64)) -> Vec<Point> {
    (from.year..=to)
        .map(|year| Point::new(year, compound(from, rate, year, limits)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cagr_by_hand() {
        // 40 → 60 over 5 years: (1.5)^(1/5) − 1 = 0.084472...
        assert!((cagr(40.0, 60.0, 5.0) - 0.084_471_771_9).abs() < 1e-9);
        // A zero base uses epsilon: 0.001 → 10 over 4 years = 10000^(1/4) − 1 = 9.
        assert!((cagr(0.0, 10.0, 4.0) - 9.0).abs() < 1e-9);
        assert_eq!(cagr(5.0, 6.0, 0.0), 0.0);
    }

    #[test]
    fn the_path_ends_where_the_projection_does_and_stops_at_the_limit() {
        // 90 in 2022 at 6% a year: 95.4 in 2023, 101.1 in 2024 → 100.
        let from = Point::new(2022, 90.0);
        let path = compound_path(from, 0.06, 2030, (0.0, 100.0));
        assert_eq!(path.len(), 9);
        assert!((path[1].value - 95.4).abs() < 1e-9);
        assert_eq!(path[2].value, 100.0);
        assert_eq!(path[8].value, compound(from, 0.06, 2030, (0.0, 100.0)));
    }
}
