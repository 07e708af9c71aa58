//! Progress towards targets: where a series stands, where it is heading,
//! and how far it is from its target, by three methods (one file each:
//! [`cagr_ratio`], [`projection`], [`regression`]).
//!
//! Every target kind first reduces to a series with a target value and a
//! desired direction ([`reduce`]): a relative target becomes a level
//! (0.75 × the 2017 value), a gap target the series of differences, a
//! parity target the distance to the band, a share-of-economies target the
//! yearly share of economies meeting the condition. The methods then work
//! on (year, value) points. Pure: no I/O, no clock.

pub mod assess;
pub mod cagr_ratio;
pub mod evaluate;
pub mod projection;
#[cfg(test)]
mod properties;
pub mod reduce;
pub mod regression;

use serde::Serialize;

pub use assess::{Assessment, assess_series};
pub use evaluate::{IndicatorData, ProgressRow, evaluate};

/// The status of a series against its target.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Already at or beyond the target.
    TargetAchieved,
    /// On course to reach the target by its year.
    OnTrack,
    /// Moving the right way, too slowly.
    AccelerationNeeded,
    /// Barely moving the right way.
    LimitedProgress,
    /// Moving the wrong way.
    Deterioration,
    /// Not enough data to tell.
    InsufficientData,
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 6] = [
        Status::TargetAchieved,
        Status::OnTrack,
        Status::AccelerationNeeded,
        Status::LimitedProgress,
        Status::Deterioration,
        Status::InsufficientData,
    ];

    /// The name in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::TargetAchieved => "target_achieved",
            Status::OnTrack => "on_track",
            Status::AccelerationNeeded => "acceleration_needed",
            Status::LimitedProgress => "limited_progress",
            Status::Deterioration => "deterioration",
            Status::InsufficientData => "insufficient_data",
        }
    }

    /// Words for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Status::TargetAchieved => "Target achieved",
            Status::OnTrack => "On track",
            Status::AccelerationNeeded => "Acceleration needed",
            Status::LimitedProgress => "Limited progress",
            Status::Deterioration => "Deterioration",
            Status::InsufficientData => "Insufficient data",
        }
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::TargetAchieved => "✔",
            Status::OnTrack => "↑",
            Status::AccelerationNeeded => "↗",
            Status::LimitedProgress => "→",
            Status::Deterioration => "↓",
            Status::InsufficientData => "?",
        }
    }

    /// How good it is: 0 best … 4 worst; insufficient data sorts last.
    pub fn rank(self) -> u8 {
        match self {
            Status::TargetAchieved => 0,
            Status::OnTrack => 1,
            Status::AccelerationNeeded => 2,
            Status::LimitedProgress => 3,
            Status::Deterioration => 4,
            Status::InsufficientData => 5,
        }
    }
}

/// The progress methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Observed against required compound annual growth (Eurostat,
    /// Statistics Canada, Open SDG).
    CagrRatio,
    /// The observed growth projected to the target year (UNSD progress
    /// chart).
    Projection,
    /// Time-weighted linear regression (ESCAP anticipated progress).
    Regression,
}

impl Method {
    /// All methods, default first.
    pub const ALL: [Method; 3] = [Method::CagrRatio, Method::Projection, Method::Regression];

    /// The name in CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::CagrRatio => "cagr_ratio",
            Method::Projection => "projection",
            Method::Regression => "regression",
        }
    }
}

/// A (year, value) point of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
}

/// A zero base or target is replaced by this, so that growth rates exist;
/// the result says so.
pub const EPSILON: f64 = 1e-3;

/// A series within this many units of a 0% or 100% target counts as having
/// achieved it.
pub const NEAR_LIMIT: f64 = 1.0;

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
    fn status_ranks_best_first() {
        let ranks: Vec<u8> = Status::ALL.iter().map(|s| s.rank()).collect();
        assert_eq!(ranks, vec![0, 1, 2, 3, 4, 5]);
    }
}
