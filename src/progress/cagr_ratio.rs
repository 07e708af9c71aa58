//! `cagr_ratio`, the default method (as Eurostat, Statistics Canada and
//! Open SDG use it): the observed compound annual growth rate since the
//! base year against the rate required to reach the target.
//!
//! CAGRᵢ = (yᵢ/y₀)^(1/(tᵢ−t₀)) − 1; CAGR_T = (y_T/y₀)^(1/(t_T−t₀)) − 1;
//! R = d·CAGRᵢ / |CAGR_T|. R ≥ 0.95 on track; 0.60 ≤ R < 0.95 acceleration
//! needed; 0 ≤ R < 0.60 limited progress; R < 0 deterioration. A series
//! already beyond its target has achieved it (checked before). Without a
//! target, the observed rate alone is judged, with thresholds scaled near a
//! natural limit ([`no_target`]).

use super::frame::{Frame, Verdict, grade, unmoved_target};
use super::status::Status;

/// Status from R.
pub fn status_of(r: f64) -> Status {
    grade(r, 0.95, 0.60)
}

/// Judge a frame whose latest value has not achieved the target.
pub fn judge(f: &Frame) -> Verdict {
    let observed = f.observed_cagr();
    let required = f.required_cagr();
    let projected = f.compound_projection();
    if required.abs() < 1e-12 {
        return unmoved_target(f.direction * observed >= 0.0, projected);
    }
    let r = f.direction * observed / required.abs();
    Verdict {
        status: status_of(r),
        ratio: Some(r),
        projected,
    }
}

/// Thresholds on the observed rate when there is no target: d·CAGR ≥
/// 1.5%·C on track, ≥ 0.5%·C acceleration needed, ≥ 0 limited progress,
/// < 0 deterioration.
///
/// C scales the thresholds near a natural limit L so that "on track" stays
/// reachable without crossing it: C = min(1, g_max / 1.5%), where g_max is
/// the constant rate that takes the latest value yᵢ to L in 15 years,
/// g_max = |(L/yᵢ)^(1/15) − 1|. Far from the limit C = 1; at 97% of a 100%
/// limit, g_max = 0.2% and C = 0.14, so 0.2% a year is on track.
pub fn no_target(
    latest: f64,
    observed_cagr: f64,
    direction: f64,
    limits: (f64, f64),
) -> (Status, f64) {
    let limit = if direction > 0.0 { limits.1 } else { limits.0 };
    let c = if limit.is_finite() && latest.abs() > 0.0 && limit.abs() > 0.0 {
        let g_max = ((limit / latest).powf(1.0 / 15.0) - 1.0).abs();
        (g_max / 0.015).min(1.0)
    } else {
        1.0
    };
    let g = direction * observed_cagr;
    let status = if g >= 0.015 * c {
        Status::OnTrack
    } else if g >= 0.005 * c {
        Status::AccelerationNeeded
    } else if g >= 0.0 {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    };
    (status, c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Point;

    fn frame(base: (i32, f64), latest: (i32, f64), target: f64, direction: f64) -> Frame {
        Frame {
            base: Point {
                year: base.0,
                value: base.1,
            },
            latest: Point {
                year: latest.0,
                value: latest.1,
            },
            target_year: 2030,
            target_value: target,
            direction,
            limits: (0.0, 100.0),
            points: vec![],
        }
    }

    #[test]
    fn hand_worked_ratio() {
        // World households online, shaped like the data: 45.0 in 2015, 66.0
        // in 2023, target 100 in 2030.
        // CAGRᵢ = (66/45)^(1/8) − 1 = 1.466667^0.125 − 1 = 0.049039
        // CAGR_T = (100/45)^(1/15) − 1 = 2.222222^0.066667 − 1 = 0.054676
        // R = 0.049039 / 0.054676 = 0.89689 → acceleration needed.
        let v = judge(&frame((2015, 45.0), (2023, 66.0), 100.0, 1.0));
        let r = v.ratio.expect("ratio");
        assert!((r - 0.89689).abs() < 1e-4, "{r}");
        assert_eq!(v.status, Status::AccelerationNeeded);
        // Projected: 66 × 1.049039^7 = 66 × 1.398106 = 92.275.
        assert!((v.projected - 92.275).abs() < 0.01, "{}", v.projected);
    }

    #[test]
    fn decrease_is_better() {
        // A price falling from 10 to 5 over 5 years towards 2 by 2030:
        // CAGRᵢ = 0.5^(1/5) − 1 = −0.129449; CAGR_T = 0.2^(1/15) − 1 = −0.101740.
        // R = (−1)(−0.129449)/0.101740 = 1.27235 → on track.
        let v = judge(&frame((2015, 10.0), (2020, 5.0), 2.0, -1.0));
        assert!((v.ratio.expect("ratio") - 1.27235).abs() < 1e-4);
        assert_eq!(v.status, Status::OnTrack);
    }

    #[test]
    fn thresholds_are_inclusive_where_the_design_says() {
        assert_eq!(status_of(0.95), Status::OnTrack);
        assert_eq!(status_of(0.9499), Status::AccelerationNeeded);
        assert_eq!(status_of(0.60), Status::AccelerationNeeded);
        assert_eq!(status_of(0.0), Status::LimitedProgress);
        assert_eq!(status_of(-0.01), Status::Deterioration);
    }

    #[test]
    fn no_target_scales_near_a_limit() {
        // At 97 of 100: g_max = (100/97)^(1/15) − 1 = 0.0020326; C = 0.13551.
        let (s, c) = no_target(97.0, 0.0021, 1.0, (0.0, 100.0));
        assert!((c - 0.13551).abs() < 1e-4, "{c}");
        assert_eq!(s, Status::OnTrack);
        // Far from the limit, 1% a year is only acceleration needed.
        let (s, c) = no_target(20.0, 0.01, 1.0, (0.0, 100.0));
        assert_eq!(c, 1.0);
        assert_eq!(s, Status::AccelerationNeeded);
    }
}
