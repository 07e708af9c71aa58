//! `trend`, rbm's default method: the model of the series' kind
//! ([`super::model`]) fitted on the window's points, and the status read
//! from where that one projection is in the target year.
//!
//! P = d·(ŷ(t_T) − yᵢ) / d·(y* − yᵢ), the share of the remaining gap the
//! projection closes by the target year, where y* is the target as rbm
//! counts it reached (99 for a 100% share target, 1 for a 0% one: within a
//! point counts as achieved). P ≥ 1 on track (which holds exactly when the
//! projection reaches y* by the target year); 0.5 ≤ P < 1 acceleration
//! needed; 0 ≤ P < 0.5 limited progress; P < 0 deterioration. The pace
//! ratio ("× faster") is 1/P. Without a target, Open SDG's no-target
//! thresholds apply to the growth rate the projection implies.

use super::cagr_ratio;
use super::frame::{Projection, Verdict, grade};
use super::model::TrendFit;
use super::status::Status;

/// The least share of the remaining gap closed that is on track.
pub const ON_TRACK: f64 = 1.0;

/// The least share of the remaining gap closed that is acceleration needed
/// rather than limited progress: half-way.
pub const ACCELERATION: f64 = 0.5;

/// Status from P.
pub fn status_of(p: f64) -> Status {
    grade(p, ON_TRACK, ACCELERATION)
}

/// P: the share of the remaining gap from `latest` to `goal` that a
/// projection to `projected` closes, in `direction`.
pub fn gap_closed(latest: f64, projected: f64, goal: f64, direction: f64) -> f64 {
    direction * (projected - latest) / (direction * (goal - latest))
}

/// Judge a fit whose latest value has not reached `goal` (the target as
/// rbm counts it reached) by `target_year`.
pub fn judge(fit: TrendFit, target_year: i32, goal: f64, direction: f64) -> Verdict {
    let projection = Projection::Trend(fit);
    let p = gap_closed(
        fit.latest.value,
        projection.at(target_year),
        goal,
        direction,
    );
    Verdict {
        status: status_of(p),
        ratio: Some(p),
        projection,
    }
}

/// The annual growth rate a projection implies from its latest point to
/// `year`: (ŷ/yᵢ)^(1/(t − tᵢ)) − 1 (0 for a zero latest value).
pub fn implied_growth(projection: &Projection, year: i32) -> f64 {
    let from = projection.from();
    let years = f64::from(year - from.year);
    if years <= 0.0 || from.value == 0.0 {
        return 0.0;
    }
    let ratio = projection.at(year) / from.value;
    if ratio <= 0.0 {
        return -1.0;
    }
    ratio.powf(1.0 / years) - 1.0
}

/// Judge a fit when the target names no value: Open SDG's no-target
/// thresholds ([`cagr_ratio::no_target`]) on the growth rate the
/// projection implies to `target_year`, scaled by the base value.
pub fn judge_no_target(fit: TrendFit, base: f64, target_year: i32, direction: f64) -> Verdict {
    let projection = Projection::Trend(fit);
    let g = implied_growth(&projection, target_year);
    let (status, _) = cagr_ratio::no_target(base, g, direction, fit.limits);
    Verdict {
        status,
        ratio: None,
        projection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Point;
    use crate::progress::model::Model;

    #[test]
    fn p_bands() {
        assert_eq!(status_of(1.0), Status::OnTrack);
        assert_eq!(status_of(0.999), Status::AccelerationNeeded);
        assert_eq!(status_of(0.5), Status::AccelerationNeeded);
        assert_eq!(status_of(0.4999), Status::LimitedProgress);
        assert_eq!(status_of(0.0), Status::LimitedProgress);
        assert_eq!(status_of(-0.01), Status::Deterioration);
        // 40 now, 70 projected, 99 to reach: (70 − 40)/(99 − 40) = 0.50847.
        assert!((gap_closed(40.0, 70.0, 99.0, 1.0) - 0.508_474_6).abs() < 1e-6);
        // Decreasing: 5 now, 3.5 projected, 2 to reach: 1.5/3 = 0.5.
        assert!((gap_closed(5.0, 3.5, 2.0, -1.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn on_track_exactly_when_the_projection_reaches_the_goal_in_time() {
        // A straight line 10 → 20 → 30 (2020–2022), 10 a year: 2030 = 110,
        // within limits 0–1000. Goal 100: P = (110 − 30)/(100 − 30) =
        // 1.142857 → on track; the line is at 100 in 2029.
        let pts = Point::series(&[(2020, 10.0), (2021, 20.0), (2022, 30.0)]);
        let fit = TrendFit::fit(Model::Linear, &pts, (0.0, 1000.0)).expect("fits");
        let v = judge(fit, 2030, 100.0, 1.0);
        assert!((v.ratio.expect("P") - 8.0 / 7.0).abs() < 1e-12);
        assert_eq!(v.status, Status::OnTrack);
        assert_eq!(v.projection.year_reaching(100.0, 1.0), Some(2029));
        // Goal 120: P = 80/90 = 0.889 → acceleration needed; reached 2031.
        let v = judge(fit, 2030, 120.0, 1.0);
        assert_eq!(v.status, Status::AccelerationNeeded);
        assert_eq!(v.projection.year_reaching(120.0, 1.0), Some(2031));
    }

    #[test]
    fn without_a_target_the_projected_growth_is_judged() {
        // 100 → 110 → 121 (10% a year), log-linear, limits 0–10000, base
        // 100 (C = 1 − 0.01^4.44 ≈ 1): 10% a year ≥ 1.5% → on track.
        let pts = Point::series(&[(2020, 100.0), (2021, 110.0), (2022, 121.0)]);
        let fit = TrendFit::fit(Model::LogLinear, &pts, (0.0, 10_000.0)).expect("fits");
        let v = judge_no_target(fit, 100.0, 2030, 1.0);
        assert!((implied_growth(&v.projection, 2030) - 0.1).abs() < 1e-12);
        assert_eq!(v.status, Status::OnTrack);
    }
}
