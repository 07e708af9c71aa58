//! One assessment: a reduced series, a method and an as-of year in; a
//! status and the numbers an analyst needs out (gap now, required and
//! observed annual change, acceleration needed, projected value, year the
//! target would be reached at the observed pace).
//!
//! Shared by all methods: the choice of base and latest points, the
//! "already achieved" rule (including values within a point of a 0% or
//! 100% target), and the analyst's numbers.

use serde::Serialize;

use super::frame::{self, EPSILON, Frame, NEAR_LIMIT};
use super::reduce::Reduced;
use super::status::{Method, Status};
use super::{cagr_ratio, projection, regression};
use crate::base::Point;

/// The result of assessing one series against one target by one method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The method.
    pub method: Method,
    /// t₀.
    pub base_year: Option<i32>,
    /// y₀.
    pub base_value: Option<f64>,
    /// tᵢ.
    pub latest_year: Option<i32>,
    /// yᵢ.
    pub latest_value: Option<f64>,
    /// t_T.
    pub target_year: i32,
    /// y_T (of the reduced series).
    pub target_value: Option<f64>,
    /// +1 or −1 (of the reduced series).
    pub direction: f64,
    /// CAGRᵢ.
    pub observed_cagr: Option<f64>,
    /// CAGR_T.
    pub required_cagr: Option<f64>,
    /// The method's ratio: R (cagr_ratio), projected/required change
    /// (projection), current status index (regression).
    pub ratio: Option<f64>,
    /// ŷ_T.
    pub projected_value: Option<f64>,
    /// d·(y_T − yᵢ): what is left to do; negative when beyond the target.
    pub gap: Option<f64>,
    /// d·(y_T − yᵢ)/(t_T − tᵢ) per year, when the target year is ahead.
    pub required_annual_change: Option<f64>,
    /// d·(yᵢ − y_a)/(tᵢ − t_a) per year, over the last five years.
    pub observed_annual_change: Option<f64>,
    /// Required ÷ observed annual change.
    pub acceleration: Option<f64>,
    /// Year the target is reached at the observed five-year pace.
    pub year_reached: Option<i32>,
    /// The status.
    pub status: Status,
    /// For targets whose year has come: met by the latest value.
    pub met: Option<bool>,
    /// How the result was reached, and its caveats.
    pub notes: Vec<String>,
    /// The natural limits of the assessed series, which projections stay
    /// within.
    #[serde(skip)]
    pub limits: (f64, f64),
}

impl Assessment {
    /// An assessment that could not be made.
    pub fn insufficient(
        method: Method,
        target_year: i32,
        direction: f64,
        why: impl Into<String>,
    ) -> Self {
        Assessment {
            method,
            base_year: None,
            base_value: None,
            latest_year: None,
            latest_value: None,
            target_year,
            target_value: None,
            direction,
            observed_cagr: None,
            required_cagr: None,
            ratio: None,
            projected_value: None,
            gap: None,
            required_annual_change: None,
            observed_annual_change: None,
            acceleration: None,
            year_reached: None,
            status: Status::InsufficientData,
            met: None,
            notes: vec![why.into()],
            limits: (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// The projection a chart draws, from the latest point to the target
    /// year, in the assessed series' terms: the compound path of
    /// `cagr_ratio` and `projection`, the fitted line of `regression`.
    /// Empty when nothing is projected (achieved, no data, or the target
    /// year reached).
    pub fn projection_path(&self) -> Vec<Point> {
        let (Some(ti), Some(yi), Some(end)) =
            (self.latest_year, self.latest_value, self.projected_value)
        else {
            return Vec::new();
        };
        if matches!(
            self.status,
            Status::TargetAchieved | Status::InsufficientData
        ) || self.target_year <= ti
        {
            return Vec::new();
        }
        let latest = Point::new(ti, yi);
        match self.method {
            Method::Regression => vec![latest, Point::new(self.target_year, end)],
            Method::CagrRatio | Method::Projection => frame::compound_path(
                latest,
                self.observed_cagr.unwrap_or(0.0),
                self.target_year,
                self.limits,
            ),
        }
    }
}

/// The observed pace over the last five years: from the earliest point in
/// [tᵢ − 5, tᵢ) to the latest, in the desired direction.
pub fn observed_pace(points: &[Point], latest: Point, direction: f64) -> Option<f64> {
    let from = points
        .iter()
        .filter(|p| p.year >= latest.year - 5 && p.year < latest.year)
        .min_by_key(|p| p.year)?;
    Some(direction * (latest.value - from.value) / f64::from(latest.year - from.year))
}

/// Assess a reduced series by one method, with data up to `as_of`.
pub fn assess(reduced: &Reduced, method: Method, as_of: Option<i32>) -> Assessment {
    let d = reduced.direction;
    let t_t = reduced.target_year;
    // A target whose year has passed is judged on its own year's value.
    let cutoff = as_of.unwrap_or(i32::MAX).min(t_t);
    let points: Vec<Point> = reduced
        .points
        .iter()
        .copied()
        .filter(|p| p.year <= cutoff && p.value.is_finite())
        .collect();
    let mut notes = reduced.notes.clone();
    let Some(&latest) = points.last() else {
        let why = match as_of {
            Some(a) if !reduced.points.is_empty() => format!("no data up to {}", a.min(cutoff)),
            _ => "no data".to_string(),
        };
        return Assessment::insufficient(method, t_t, d, why);
    };
    let since: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p.year >= reduced.base_year)
        .collect();
    let Some(&base) = since.first() else {
        return Assessment::insufficient(
            method,
            t_t,
            d,
            format!(
                "no data since the base year {} (latest {})",
                reduced.base_year, latest.year
            ),
        );
    };
    if base.year == latest.year {
        let mut a = Assessment::insufficient(
            method,
            t_t,
            d,
            format!(
                "one year of data since {} ({}): progress needs two",
                reduced.base_year, latest.year
            ),
        );
        let gap = d * (reduced.target_value - latest.value);
        a.notes.splice(0..0, notes);
        a.latest_year = Some(latest.year);
        a.latest_value = Some(latest.value);
        a.target_value = Some(reduced.target_value);
        a.gap = Some(gap);
        // A target whose year has come is met or not, whatever the trend.
        a.met = (latest.year >= t_t || as_of.is_some_and(|y| y >= t_t)).then_some(gap <= 0.0);
        a.limits = reduced.limits;
        return a;
    }
    if base.year > reduced.base_year {
        notes.push(format!(
            "base year {} (first with data at or after {})",
            base.year, reduced.base_year
        ));
    }
    let frame = Frame {
        base,
        latest,
        target_year: t_t,
        target_value: reduced.target_value,
        direction: d,
        limits: reduced.limits,
        points: since.clone(),
    };
    let gap = d * (reduced.target_value - latest.value);
    let near = reduced.near_limit && gap.abs() <= NEAR_LIMIT;
    let achieved = gap <= 0.0 || near;
    if near && gap > 0.0 {
        notes.push(format!(
            "within {} point of the {} target: counted as achieved",
            NEAR_LIMIT, reduced.target_value
        ));
    }
    let verdict = match method {
        Method::CagrRatio => cagr_ratio::judge(&frame),
        Method::Projection => projection::judge(&frame),
        Method::Regression => regression::judge(&frame),
    };
    let status = if achieved {
        Status::TargetAchieved
    } else {
        verdict.status
    };
    let years_left = t_t - latest.year;
    let required_annual = (years_left > 0).then(|| gap / f64::from(years_left));
    let observed_annual = observed_pace(&since, latest, d);
    let acceleration = match (required_annual, observed_annual) {
        (Some(r), Some(o)) if o > 1e-12 && r > 0.0 => Some(r / o),
        _ => None,
    };
    let year_reached = if achieved {
        Some(latest.year)
    } else {
        match observed_annual {
            Some(o) if o > 1e-12 => {
                let years = (gap / o).ceil();
                (years < 200.0).then(|| latest.year + years as i32)
            }
            _ => None,
        }
    };
    for v in [base.value, reduced.target_value] {
        if v.abs() < EPSILON && method != Method::Regression {
            notes.push(format!(
                "a zero value is replaced by {EPSILON} for growth rates"
            ));
            break;
        }
    }
    Assessment {
        method,
        base_year: Some(base.year),
        base_value: Some(base.value),
        latest_year: Some(latest.year),
        latest_value: Some(latest.value),
        target_year: t_t,
        target_value: Some(reduced.target_value),
        direction: d,
        observed_cagr: Some(frame.observed_cagr()),
        required_cagr: Some(frame.required_cagr()),
        ratio: if achieved && method == Method::CagrRatio {
            None
        } else {
            verdict.ratio
        },
        projected_value: Some(verdict.projected),
        gap: Some(gap),
        required_annual_change: required_annual,
        observed_annual_change: observed_annual,
        acceleration,
        year_reached,
        status,
        met: (latest.year >= t_t || as_of.is_some_and(|a| a >= t_t)).then_some(achieved),
        notes,
        limits: reduced.limits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduced(points: &[(i32, f64)], target: f64, direction: f64) -> Reduced {
        let mut r = Reduced::for_test(points, target, direction, (0.0, 100.0));
        r.near_limit = target == 100.0;
        r
    }

    #[test]
    fn a_single_point_is_insufficient() {
        let a = assess(
            &reduced(&[(2020, 50.0)], 100.0, 1.0),
            Method::CagrRatio,
            None,
        );
        assert_eq!(a.status, Status::InsufficientData);
        assert_eq!(a.latest_value, Some(50.0));
    }

    #[test]
    fn a_target_met_at_base_and_still_met_is_achieved() {
        let a = assess(
            &reduced(&[(2015, 70.0), (2020, 72.0)], 65.0, 1.0),
            Method::CagrRatio,
            None,
        );
        assert_eq!(a.status, Status::TargetAchieved);
        assert_eq!(a.gap, Some(-7.0));
    }

    #[test]
    fn above_the_target_then_falling_back_is_judged_on_the_latest_value() {
        let r = reduced(&[(2015, 60.0), (2018, 70.0), (2022, 64.0)], 65.0, 1.0);
        let a = assess(&r, Method::CagrRatio, None);
        assert_ne!(a.status, Status::TargetAchieved);
        assert_eq!(a.gap, Some(1.0));
    }

    #[test]
    fn within_one_point_of_100_counts_as_achieved_and_says_so() {
        let a = assess(
            &reduced(&[(2015, 95.0), (2023, 99.2)], 100.0, 1.0),
            Method::Projection,
            None,
        );
        assert_eq!(a.status, Status::TargetAchieved);
        assert!(
            a.notes.iter().any(|n| n.contains("within 1 point")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn analyst_numbers_by_hand() {
        // 40 (2015), 45 (2018), 55 (2023); target 100 in 2030.
        // Gap = 45; required = 45/7 = 6.4286 a year; observed over the last
        // five years = (55 − 45)/(2023 − 2018) = 2.0 a year; acceleration =
        // 3.2143; at 2 a year the remaining 45 take 22.5 → 23 years: 2046.
        let a = assess(
            &reduced(&[(2015, 40.0), (2018, 45.0), (2023, 55.0)], 100.0, 1.0),
            Method::CagrRatio,
            None,
        );
        assert_eq!(a.gap, Some(45.0));
        assert!((a.required_annual_change.expect("req") - 6.428_571).abs() < 1e-5);
        assert_eq!(a.observed_annual_change, Some(2.0));
        assert!((a.acceleration.expect("acc") - 3.214_286).abs() < 1e-5);
        assert_eq!(a.year_reached, Some(2046));
    }

    #[test]
    fn as_of_before_any_data_is_insufficient_not_a_panic() {
        let a = assess(
            &reduced(&[(2015, 40.0), (2020, 50.0)], 100.0, 1.0),
            Method::Regression,
            Some(2010),
        );
        assert_eq!(a.status, Status::InsufficientData);
        assert_eq!(a.notes, vec!["no data up to 2010".to_string()]);
    }

    #[test]
    fn a_past_target_is_judged_on_its_year_and_says_whether_it_was_met() {
        let mut r = reduced(&[(2015, 20.0), (2023, 28.0), (2024, 31.0)], 30.0, 1.0);
        r.target_year = 2023;
        let a = assess(&r, Method::CagrRatio, None);
        assert_eq!(a.latest_year, Some(2023));
        assert_eq!(a.met, Some(false));
        assert_eq!(a.gap, Some(2.0));
    }
}
