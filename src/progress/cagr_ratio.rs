//! `cagr_ratio` (as Eurostat, Statistics Canada and Open SDG use it; rbm
//! keeps it for comparison with them): the observed compound annual growth
//! rate since the base year against the rate required to reach the target.
//!
//! CAGRᵢ = (yᵢ/y₀)^(1/(tᵢ−t₀)) − 1; CAGR_T = (y_T/y₀)^(1/(t_T−t₀)) − 1;
//! R = s·d·CAGRᵢ / |CAGR_T|, with s = −1 for a negative base value (Open
//! SDG's `sign`). R ≥ 0.95 on track; 0.60 ≤ R < 0.95 acceleration needed;
//! 0 ≤ R < 0.60 limited progress; R < 0 deterioration. A series already
//! beyond its target has achieved it (checked before). Without a target,
//! the observed rate alone is judged, with thresholds scaled near a
//! natural limit as Open SDG's `sdg-build` does ([`no_target`]).

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
    let projection = f.compound();
    if required.abs() < 1e-12 {
        return Verdict {
            status: unmoved_target(f.sign() * f.direction * observed >= 0.0),
            ratio: None,
            projection,
        };
    }
    let r = f.sign() * f.direction * observed / required.abs();
    Verdict {
        status: status_of(r),
        ratio: Some(r),
        projection,
    }
}

/// The exponent of Open SDG's scaling of the no-target thresholds near a
/// limit.
const SCALING_EXPONENT: f64 = 4.44;

/// Open SDG's coefficient C for the no-target thresholds, from the base
/// value b and the limit L the series moves towards (both as magnitudes):
/// C = 1 when b ≥ 2L; C = 1 − (b/L)^4.44 when b ≤ L; otherwise
/// C = 1 − ((2L − b)/L)^4.44. Far below the limit C is close to 1; at the
/// limit it is 0, so that holding the limit counts as progress.
pub fn scaling(base: f64, limit: f64) -> f64 {
    let (b, l) = (base.abs(), limit.abs());
    if b >= 2.0 * l {
        1.0
    } else if b <= l {
        1.0 - (b / l).powf(SCALING_EXPONENT)
    } else {
        1.0 - ((2.0 * l - b) / l).powf(SCALING_EXPONENT)
    }
}

/// The status of a growth rate when there is no target (Open SDG's
/// methodology 1): s·d·g ≥ 1.5%·C on track, ≥ 0.5%·C acceleration needed,
/// ≥ 0 limited progress, < 0 deterioration, where C is [`scaling`] of the
/// base value and the natural limit in the desired direction (none: C = 1).
/// Returns the status and C.
pub fn no_target(base: f64, growth: f64, direction: f64, limits: (f64, f64)) -> (Status, f64) {
    let limit = if direction > 0.0 { limits.1 } else { limits.0 };
    let c = if limit.is_finite() {
        scaling(base, limit)
    } else {
        1.0
    };
    let sign = if base < 0.0 { -1.0 } else { 1.0 };
    let g = sign * direction * growth;
    (grade(g, 0.015 * c, 0.005 * c), c)
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
        assert!((v.projection.at(2030) - 92.275).abs() < 0.01);
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
    fn a_negative_series_is_signed_as_open_sdg_does() {
        // A gap of −4 (2015) → −2 (2020) shrinking towards −1 (d = +1):
        // CAGRᵢ = 0.5^(1/5) − 1 = −0.129449; CAGR_T = 0.25^(1/15) − 1 =
        // −0.088278; R = s·d·CAGRᵢ/|CAGR_T| = (−1)(1)(−0.129449)/0.088278
        // = 1.46639: moving the right way, on track.
        let v = judge(&frame((2015, -4.0), (2020, -2.0), -1.0, 1.0));
        assert!((v.ratio.expect("ratio") - 1.46639).abs() < 1e-4);
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
    fn no_target_scales_by_the_base_value_as_open_sdg_does() {
        // Base 90 of a 100 limit: C = 1 − 0.9^4.44, and 0.9^4.44 =
        // e^(4.44 × ln 0.9) = e^(−0.467801) = 0.626378, so C = 0.373622.
        let c = scaling(90.0, 100.0);
        assert!((c - (1.0 - 0.9f64.powf(4.44))).abs() < 1e-12);
        assert!((c - 0.373622).abs() < 1e-5, "{c}");
        // So 0.6% a year is on track (≥ 1.5% × 0.373622 = 0.56%).
        let (s, _) = no_target(90.0, 0.006, 1.0, (0.0, 100.0));
        assert_eq!(s, Status::OnTrack);
        // Far from the limit, 1% a year is only acceleration needed.
        let (s, c) = no_target(20.0, 0.01, 1.0, (0.0, 100.0));
        assert!((c - (1.0 - 0.2f64.powf(4.44))).abs() < 1e-12);
        assert_eq!(s, Status::AccelerationNeeded);
        // Above the limit (b between L and 2L) the mirror formula; at 2L
        // and beyond, no scaling; towards a zero limit, none either.
        assert!((scaling(110.0, 100.0) - (1.0 - 0.9f64.powf(4.44))).abs() < 1e-12);
        assert_eq!(scaling(200.0, 100.0), 1.0);
        assert_eq!(
            no_target(5.0, -0.02, -1.0, (0.0, 100.0)),
            (Status::OnTrack, 1.0)
        );
    }
}
