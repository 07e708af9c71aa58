//! One assessment: a reduced series, a method and an as-of year in; a
//! status and the numbers an analyst needs out (gap now, required,
//! observed and projected annual change, the pace ratio, projected value,
//! the year the target is reached), plus the short-term status.
//!
//! Shared by all methods, and rbm's rules rather than any one method's:
//! the choice of points (since the base year, on one comparable segment),
//! the "already achieved" rule (including values within a point of a 0% or
//! 100% target), a target whose year has come (met or missed, never on
//! track), and the one-story rule: every number about the future comes
//! from the method's own [`Projection`], and where a named method's
//! published threshold contradicts the year its own projection reaches the
//! target, the status follows the projection and the row says so.

use serde::Serialize;

use super::frame::{EPSILON, Frame, NEAR_LIMIT, Projection, Verdict, opposite_signs};
use super::model::{Model, TrendFit, Unfit};
use super::reduce::Reduced;
use super::status::{Method, Status};
use super::{cagr_ratio, projection, regression, trend};
use crate::base::Point;

/// The fewest points the `trend` method fits a line on: two points always
/// make a line, and rbm's backtest finds windows of two to four points
/// twice as wrong as longer ones.
pub const TREND_POINTS: usize = 3;

/// The years of the short-term window (and of the fallback window of the
/// `trend` method): tᵢ − 5 … tᵢ.
pub const SHORT_TERM_YEARS: i32 = 5;

/// The result of assessing one series against one target by one method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The method.
    pub method: Method,
    /// The model the row's projection comes from.
    pub model: Option<Model>,
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
    /// CAGRᵢ, base to latest.
    pub observed_cagr: Option<f64>,
    /// CAGR_T, base to target.
    pub required_cagr: Option<f64>,
    /// The method's ratio: P, the share of the remaining gap closed by the
    /// target year (trend); R (cagr_ratio); projected/required change
    /// (projection); the current status index (regression).
    pub ratio: Option<f64>,
    /// ŷ_T, from the row's projection.
    pub projected_value: Option<f64>,
    /// d·(y_T − yᵢ): what is left to do; negative when beyond the target.
    pub gap: Option<f64>,
    /// d·(y* − yᵢ)/(t_T − tᵢ) per year, y* the target as counted reached,
    /// when the target year is ahead.
    pub required_annual_change: Option<f64>,
    /// d·(yᵢ − y_a)/(tᵢ − t_a) per year, over the last five years.
    pub observed_annual_change: Option<f64>,
    /// d·(ŷ_T − yᵢ)/(t_T − tᵢ) per year: the change the projection makes
    /// over the years left.
    pub projected_annual_change: Option<f64>,
    /// P = d·(ŷ_T − yᵢ)/d·(y* − yᵢ): the share of the remaining gap the
    /// row's projection closes by the target year (every method).
    pub gap_closed: Option<f64>,
    /// The pace ratio, "× faster": 1/P, how many times the change the
    /// projection makes by the target year must be multiplied to get there.
    pub acceleration: Option<f64>,
    /// The first year the row's projection reaches the target (the latest
    /// year when achieved); `None` when not by 2050.
    pub year_reached: Option<i32>,
    /// The status.
    pub status: Status,
    /// The named method's status by its own published threshold, where
    /// rbm's one-story rule changed it.
    pub method_status: Option<Status>,
    /// The same method on the last five years only.
    pub short_term_status: Status,
    /// For targets whose year has come: met by the latest value.
    pub met: Option<bool>,
    /// First year of the points the status is read from.
    pub window_start: Option<i32>,
    /// Number of those points.
    pub window_points: Option<usize>,
    /// How the result was reached, and its caveats.
    pub notes: Vec<String>,
    /// The natural limits of the assessed series, which projections stay
    /// within.
    #[serde(skip)]
    pub limits: (f64, f64),
    /// The row's one projection.
    #[serde(skip)]
    pub projection: Option<Projection>,
    /// y*, the value counted as reaching the target.
    #[serde(skip)]
    pub goal: Option<f64>,
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
            model: None,
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
            projected_annual_change: None,
            gap_closed: None,
            acceleration: None,
            year_reached: None,
            status: Status::InsufficientData,
            method_status: None,
            short_term_status: Status::InsufficientData,
            met: None,
            window_start: None,
            window_points: None,
            notes: vec![why.into()],
            limits: (f64::NEG_INFINITY, f64::INFINITY),
            projection: None,
            goal: None,
        }
    }

    /// The projection a chart draws, from the latest point to the target
    /// year, in the assessed series' terms: the row's own projection, the
    /// one its projected value and year reached come from. Empty when
    /// nothing is projected (achieved, no data, or the target year reached).
    pub fn projection_path(&self) -> Vec<Point> {
        let Some(p) = &self.projection else {
            return Vec::new();
        };
        if matches!(
            self.status,
            Status::TargetAchieved | Status::InsufficientData
        ) || self.target_year <= p.from().year
        {
            return Vec::new();
        }
        p.path(self.target_year)
    }
}

/// The observed pace over the last five years: from the earliest point in
/// [tᵢ − 5, tᵢ) to the latest, in the desired direction.
pub fn observed_pace(points: &[Point], latest: Point, direction: f64) -> Option<f64> {
    let from = points
        .iter()
        .filter(|p| p.year >= latest.year - SHORT_TERM_YEARS && p.year < latest.year)
        .min_by_key(|p| p.year)?;
    Some(direction * (latest.value - from.value) / f64::from(latest.year - from.year))
}

/// The target as rbm counts it reached: for a 0% or 100% share target, a
/// point short of it (within a point counts as achieved).
pub fn goal(reduced: &Reduced, target: f64) -> f64 {
    if reduced.near_limit {
        target - reduced.direction * NEAR_LIMIT
    } else {
        target
    }
}

/// The points of the last five years: tᵢ − 5 … tᵢ.
fn last_five(points: &[Point]) -> Vec<Point> {
    let Some(latest) = points.last() else {
        return Vec::new();
    };
    points
        .iter()
        .copied()
        .filter(|p| p.year >= latest.year - SHORT_TERM_YEARS)
        .collect()
}

/// What one method says on one window of points.
struct Judged {
    status: Status,
    method_status: Option<Status>,
    ratio: Option<f64>,
    projection: Option<Projection>,
    notes: Vec<String>,
}

/// Everything a window is judged against.
struct Goal {
    target: Option<f64>,
    /// y*, the target as counted reached.
    reach: Option<f64>,
    year: i32,
    direction: f64,
    limits: (f64, f64),
    model: Model,
    /// Already at or beyond the target: the status is not the method's,
    /// and nothing is checked against the projection.
    achieved: bool,
}

/// The points a method reads a series from, of those up to the latest
/// year used: every point since the base year; for `trend`, the last five
/// years' instead when fewer than [`TREND_POINTS`] are since the base year.
pub fn window(method: Method, points: &[Point], base_year: i32) -> Vec<Point> {
    let since: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p.year >= base_year)
        .collect();
    match method {
        Method::Trend if since.len() < TREND_POINTS => last_five(points),
        _ => since,
    }
}

/// Where a method carries a window's points: the one projection its
/// statuses, projected values, years reached and charts all come from.
/// `Err` says why there is none; the notes say what was done on the way.
pub fn project(
    method: Method,
    window: &[Point],
    model: Model,
    limits: (f64, f64),
) -> Result<(Projection, Vec<String>), String> {
    let (Some(&first), Some(&latest)) = (window.first(), window.last()) else {
        return Err("no data".to_string());
    };
    let mut notes = Vec::new();
    if method == Method::Trend {
        if window.len() < TREND_POINTS {
            return Err(format!(
                "{} point{} in the window: the trend needs {TREND_POINTS}",
                window.len(),
                if window.len() == 1 { "" } else { "s" }
            ));
        }
        let fit = match TrendFit::fit(model, window, limits) {
            Ok(f) => f,
            Err(Unfit::NotPositive) => {
                notes.push(format!(
                    "a value at or below zero: a {} trend instead of {}",
                    Model::Linear.as_str(),
                    model.as_str()
                ));
                TrendFit::fit(Model::Linear, window, limits)
                    .map_err(|_| "two or more years needed".to_string())?
            }
            Err(Unfit::Unbounded) => {
                return Err(format!(
                    "a {} trend needs finite natural limits",
                    model.as_str()
                ));
            }
            Err(Unfit::TooFewYears) => return Err("two or more years needed".to_string()),
        };
        return Ok((Projection::Trend(fit), notes));
    }
    if first.year == latest.year {
        return Err("one year of data: progress needs two".to_string());
    }
    if matches!(method, Method::CagrRatio | Method::Projection)
        && opposite_signs(first.value, latest.value)
    {
        return Err(format!(
            "the series changes sign between {} and {}: no growth rate joins them ({} rule)",
            first.year,
            latest.year,
            Method::CagrRatio.owner()
        ));
    }
    let frame = Frame {
        base: first,
        latest,
        target_year: latest.year,
        target_value: latest.value,
        direction: 1.0,
        limits,
        points: window.to_vec(),
    };
    match method {
        Method::Regression => regression::line(&frame)
            .map(|p| (p, notes))
            .ok_or_else(|| "too few years to fit".to_string()),
        _ => Ok((frame.compound(), notes)),
    }
}

/// A reduced series' projection by a method with the data up to `as_of`
/// (what `rbm backtest` scores): the same window and the same path as the
/// method's assessment uses.
pub fn projection(reduced: &Reduced, method: Method, as_of: i32) -> Result<Projection, String> {
    let points: Vec<Point> = reduced
        .points
        .iter()
        .copied()
        .filter(|p| p.year <= as_of && p.value.is_finite())
        .collect();
    let window = window(method, &points, reduced.base_year);
    project(method, &window, reduced.model, reduced.limits).map(|(p, _)| p)
}

/// A window's points judged by a method: the method's verdict, then rbm's
/// one-story rule. `Err` says why the window cannot be judged.
fn judge(method: Method, window: &[Point], g: &Goal) -> Result<Judged, String> {
    let (projection, mut notes) = project(method, window, g.model, g.limits)?;
    let (Some(&first), Some(&latest)) = (window.first(), window.last()) else {
        return Err("no data".to_string());
    };
    let verdict: Verdict = match (method, g.reach, projection) {
        (Method::Trend, Some(reach), Projection::Trend(fit)) => {
            trend::judge(fit, g.year, reach, g.direction)
        }
        (Method::Trend, None, Projection::Trend(fit)) => {
            trend::judge_no_target(fit, first.value, g.year, g.direction)
        }
        (_, Some(_), _) => {
            let frame = Frame {
                base: first,
                latest,
                target_year: g.year,
                target_value: g.target.unwrap_or(first.value),
                direction: g.direction,
                limits: g.limits,
                points: window.to_vec(),
            };
            let v = match method {
                Method::CagrRatio => cagr_ratio::judge(&frame),
                Method::Projection => projection::judge(&frame),
                _ => regression::judge(&frame),
            };
            assert_eq!(v.projection, projection, "one projection path");
            v
        }
        (_, None, _) => {
            // Open SDG's methodology 1 on the growth rate the method's own
            // path implies (for the compound methods, the observed CAGR).
            let growth = match projection {
                Projection::Compound { rate, .. } => rate,
                _ => trend::implied_growth(&projection, g.year),
            };
            let (status, _) = cagr_ratio::no_target(first.value, growth, g.direction, g.limits);
            Verdict {
                status,
                ratio: None,
                projection,
            }
        }
    };
    if verdict.status == Status::InsufficientData {
        return Err("too few years to fit".to_string());
    }
    let (status, method_status) = match g.reach {
        Some(reach) if !g.achieved => one_story(method, &verdict, reach, g, &mut notes),
        _ => (verdict.status, None),
    };
    Ok(Judged {
        status,
        method_status,
        ratio: verdict.ratio,
        projection: Some(verdict.projection),
        notes,
    })
}

/// rbm's one-story rule: a status says on track exactly when the row's own
/// projection reaches the target by the target year. `trend` obeys it by
/// construction; a named method's published threshold can contradict it
/// (`cagr_ratio`'s R ≥ 0.95 with a projection that arrives late), and then
/// the projection wins and the row says so.
fn one_story(
    method: Method,
    verdict: &Verdict,
    reach: f64,
    g: &Goal,
    notes: &mut Vec<String>,
) -> (Status, Option<Status>) {
    let reached = verdict.projection.year_reaching(reach, g.direction);
    let in_time = reached.is_some_and(|y| y <= g.year);
    let own = verdict.status;
    let status = match (own, in_time) {
        (Status::OnTrack, false) => Status::AccelerationNeeded,
        (Status::AccelerationNeeded | Status::LimitedProgress | Status::Deterioration, true) => {
            Status::OnTrack
        }
        (s, _) => s,
    };
    if status == own {
        return (own, None);
    }
    assert!(method != Method::Trend, "trend obeys its own projection");
    let when = match reached {
        Some(y) => format!("reaches the target in {y}"),
        None => "does not reach the target by 2050".to_string(),
    };
    notes.push(format!(
        "rbm's one-story rule: {}'s own threshold says {}, but its own projection {when}: {}",
        method.as_str(),
        own.as_str(),
        status.as_str()
    ));
    (status, Some(own))
}

/// The status of a target whose year has come and was not met (rbm's rule,
/// the same for every method: no projection is involved): graded on the
/// share of the gap from the base year closed by the target year, ≥ 0.5
/// acceleration needed, ≥ 0 limited progress, < 0 deterioration; never on
/// track.
fn missed(base: Point, latest: Point, reach: f64, direction: f64) -> Status {
    let closed = trend::gap_closed(base.value, latest.value, reach, direction);
    if !closed.is_finite() {
        return Status::LimitedProgress;
    }
    match trend::status_of(closed) {
        Status::OnTrack => Status::AccelerationNeeded,
        s => s,
    }
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
    let window = window(method, &points, reduced.base_year);
    let base = since.first().or(window.first()).copied();
    let past = latest.year >= t_t || as_of.is_some_and(|y| y >= t_t);
    let target = reduced.target_value;
    let reach = target.map(|t| goal(reduced, t));
    let gap = target.map(|t| d * (t - latest.value));
    let near = reduced.near_limit && gap.is_some_and(|g| g.abs() <= NEAR_LIMIT);
    let achieved = gap.is_some_and(|g| g <= 0.0) || near;
    let mut a = Assessment::insufficient(method, t_t, d, "");
    a.notes.clear();
    a.latest_year = Some(latest.year);
    a.latest_value = Some(latest.value);
    a.target_value = target;
    a.goal = reach;
    a.gap = gap;
    a.limits = reduced.limits;
    // A target whose year has come is met or not, whatever the trend.
    a.met = (past && target.is_some()).then_some(achieved);
    if let Some(b) = base {
        a.base_year = Some(b.year);
        a.base_value = Some(b.value);
        if b.year > reduced.base_year {
            notes.push(format!(
                "base year {} (first with data at or after {})",
                b.year, reduced.base_year
            ));
        }
        if b.year < latest.year && !opposite_signs(b.value, latest.value) {
            let years = f64::from(latest.year - b.year);
            a.observed_cagr = Some(super::frame::cagr(b.value, latest.value, years));
            a.required_cagr =
                target.map(|t| super::frame::cagr(b.value, t, f64::from(t_t - b.year)));
        }
    }
    a.observed_annual_change = observed_pace(&points, latest, d);
    if near && gap.is_some_and(|g| g > 0.0) {
        notes.push(format!(
            "within {NEAR_LIMIT} point of the {} target: counted as achieved (rbm's rule)",
            target.unwrap_or_default()
        ));
    }
    let g = Goal {
        target,
        reach,
        year: t_t,
        direction: d,
        limits: reduced.limits,
        model: reduced.model,
        achieved,
    };

    // The headline window.
    let headline = if past && !achieved {
        // Missed: no projection; graded on the gap closed since the base.
        match (base, reach) {
            (Some(b), Some(r)) if b.year < latest.year => Ok(Judged {
                status: missed(b, latest, r, d),
                method_status: None,
                ratio: None,
                projection: None,
                notes: vec![format!(
                    "the target year has come and the target was missed: graded on the gap closed since {} (rbm's rule)",
                    b.year
                )],
            }),
            _ => Err(format!(
                "one year of data since {} ({}): progress needs two",
                reduced.base_year, latest.year
            )),
        }
    } else {
        judge(method, &window, &g).map_err(|why| match (method, since.first()) {
            (Method::Trend, _) => why,
            (_, None) => format!(
                "no data since the base year {} (latest {})",
                reduced.base_year, latest.year
            ),
            (_, Some(b)) if b.year == latest.year => format!(
                "one year of data since {} ({}): progress needs two",
                reduced.base_year, latest.year
            ),
            _ => why,
        })
    };
    let judged = match headline {
        Ok(j) => j,
        Err(why) => {
            notes.push(why);
            a.notes = notes;
            a.model = (method == Method::Trend).then_some(reduced.model);
            return a;
        }
    };
    a.window_start = window.first().map(|p| p.year);
    a.window_points = Some(window.len());
    a.model = judged.projection.map(|p| p.model()).or(match method {
        Method::Trend => Some(reduced.model),
        Method::Regression => Some(Model::WeightedLinear),
        _ => Some(Model::Compound),
    });
    notes.extend(judged.notes);
    // R and P say how far a series is from its target: nothing, once it
    // is there.
    a.ratio = if achieved && matches!(method, Method::CagrRatio | Method::Trend) {
        None
    } else {
        judged.ratio
    };
    a.method_status = if achieved { None } else { judged.method_status };
    a.status = if achieved {
        Status::TargetAchieved
    } else {
        judged.status
    };
    // Nothing is projected for a target whose year has come.
    if let Some(p) = judged.projection.filter(|_| !past) {
        a.projected_value = Some(p.at(t_t));
        a.projection = Some(p);
    }
    if method == Method::Trend
        && let Some(Projection::Trend(fit)) = &a.projection
    {
        notes.push(format!(
            "{} trend on {} points ({}–{}), through the latest value",
            fit.model.as_str(),
            fit.points,
            fit.first_year,
            fit.latest.year
        ));
    }
    let years_left = t_t - latest.year;
    if achieved {
        a.year_reached = Some(latest.year);
    } else if let (Some(p), Some(r)) = (&a.projection, reach) {
        a.year_reached = p.year_reaching(r, d);
        if years_left > 0 {
            let closed = trend::gap_closed(latest.value, p.at(t_t), r, d);
            a.gap_closed = Some(closed);
            a.acceleration = (closed > 1e-12).then(|| 1.0 / closed);
            a.required_annual_change = Some(d * (r - latest.value) / f64::from(years_left));
            a.projected_annual_change =
                Some(d * (p.at(t_t) - latest.value) / f64::from(years_left));
        }
    }
    if method != Method::Trend && method != Method::Regression {
        for v in [base.map(|b| b.value), target].into_iter().flatten() {
            if v == 0.0 {
                notes.push(format!(
                    "a zero value is replaced by {EPSILON} for growth rates ({} rule)",
                    Method::CagrRatio.owner()
                ));
                break;
            }
        }
    }

    // The short-term window: the last five years, the same method.
    let recent = last_five(&points);
    a.short_term_status = if achieved {
        Status::TargetAchieved
    } else if past {
        match (recent.first(), reach) {
            (Some(b), Some(r)) if b.year < latest.year => missed(*b, latest, r, d),
            _ => Status::InsufficientData,
        }
    } else {
        judge(method, &recent, &g)
            .map(|j| j.status)
            .unwrap_or(Status::InsufficientData)
    };
    a.notes = notes;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduced(points: &[(i32, f64)], target: f64, direction: f64) -> Reduced {
        let mut r = Reduced::for_test(points, target, direction, (0.0, 100.0));
        r.near_limit = target == 100.0;
        r.model = Model::LogitLinear;
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
        // 40 (2015), 45 (2018), 55 (2023); target 100 in 2030 (reached at
        // 99). cagr_ratio: CAGRᵢ = (55/40)^(1/8) − 1 = 0.040610; its path
        // 55 × 1.040610^7 = 72.674 in 2030; P = (72.674 − 55)/(99 − 55) =
        // 0.40168, so ×faster = 2.4896. Gap = 45; required = 44/7 = 6.2857
        // a year; observed over the last five years = (55 − 45)/5 = 2.0 a
        // year; projected = 17.674/7 = 2.5248 a year. The path passes 99 in
        // 2038: 55 × 1.040610^15 = 99.93 (96.03 in 2037).
        let a = assess(
            &reduced(&[(2015, 40.0), (2018, 45.0), (2023, 55.0)], 100.0, 1.0),
            Method::CagrRatio,
            None,
        );
        assert_eq!(a.gap, Some(45.0));
        assert!((a.required_annual_change.expect("req") - 6.285_714).abs() < 1e-5);
        assert_eq!(a.observed_annual_change, Some(2.0));
        assert!((a.projected_value.expect("proj") - 72.674).abs() < 1e-3);
        assert!((a.gap_closed.expect("P") - 0.40168).abs() < 1e-4);
        assert!((a.acceleration.expect("acc") - 2.4896).abs() < 1e-3);
        assert_eq!(a.year_reached, Some(2038));
        assert_eq!(a.model, Some(Model::Compound));
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
    fn a_past_target_is_judged_on_its_year_and_is_met_or_missed_never_on_track() {
        // 20 (2015) → 28 (2023), 30 by 2023: missed by 2; the gap closed
        // since 2015 is 8/10 = 0.8 ≥ 0.5 → acceleration needed, for every
        // method (before, cagr_ratio said on track next to met = false).
        let mut r = reduced(&[(2015, 20.0), (2023, 28.0), (2024, 31.0)], 30.0, 1.0);
        r.target_year = 2023;
        for m in Method::ALL {
            let a = assess(&r, m, None);
            assert_eq!(a.latest_year, Some(2023));
            assert_eq!(a.met, Some(false));
            assert_eq!(a.gap, Some(2.0));
            assert_eq!(a.status, Status::AccelerationNeeded, "{m:?}");
            assert_eq!(a.projected_value, None);
        }
    }

    #[test]
    fn cagr_ratio_on_track_with_a_late_projection_is_changed_and_says_so() {
        // 50 (2015) → 70 (2023), target 95 (not a limit) by 2030:
        // CAGRᵢ = 1.4^(1/8) − 1 = 0.042956; CAGR_T = 1.9^(1/15) − 1 =
        // 0.043719; R = 0.98255 ≥ 0.95: Open SDG says on track. Its own path:
        // 70 × 1.042956^7 = 93.96 in 2030 < 95; 95 is passed in 2031
        // (98.00). So rbm says acceleration needed, with the reason.
        let mut r = reduced(&[(2015, 50.0), (2023, 70.0)], 95.0, 1.0);
        r.near_limit = false;
        let a = assess(&r, Method::CagrRatio, None);
        assert!((a.ratio.expect("R") - 0.98255).abs() < 1e-4);
        assert_eq!(a.method_status, Some(Status::OnTrack));
        assert_eq!(a.status, Status::AccelerationNeeded);
        assert_eq!(a.year_reached, Some(2031));
        assert!(
            a.notes
                .iter()
                .any(|n| n.starts_with("rbm's one-story rule")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn a_sign_change_is_insufficient_for_growth_rates() {
        let mut r = Reduced::for_test(&[(2015, -2.0), (2020, 1.0)], 3.0, 1.0, (-10.0, 10.0));
        r.model = Model::Linear;
        let a = assess(&r, Method::CagrRatio, None);
        assert_eq!(a.status, Status::InsufficientData);
        assert!(a.notes[0].contains("changes sign"), "{:?}", a.notes);
        // The regression has no growth rate and judges it.
        assert_ne!(
            assess(&r, Method::Regression, None).status,
            Status::InsufficientData
        );
    }

    #[test]
    fn the_trend_needs_three_points_and_falls_back_to_the_last_five_years() {
        // Base year 2015: two points since (2016, 2018), so the window is
        // the last five years, 2013–2018: three points.
        let r = reduced(
            &[(2012, 10.0), (2013, 12.0), (2016, 18.0), (2018, 22.0)],
            100.0,
            1.0,
        );
        let a = assess(&r, Method::Trend, None);
        assert_eq!(a.window_start, Some(2013));
        assert_eq!(a.window_points, Some(3));
        assert_ne!(a.status, Status::InsufficientData);
        // Base year 2012: every point since, four.
        let mut r2 = r.clone();
        r2.base_year = 2012;
        let a = assess(&r2, Method::Trend, None);
        assert_eq!(a.window_start, Some(2012));
        assert_eq!(a.window_points, Some(4));
        // Two points within reach of either window: insufficient.
        let r3 = reduced(&[(2010, 10.0), (2018, 22.0)], 100.0, 1.0);
        let a = assess(&r3, Method::Trend, None);
        assert_eq!(a.status, Status::InsufficientData);
        assert!(
            a.notes.iter().any(|n| n.contains("the trend needs 3")),
            "{:?}",
            a.notes
        );
    }
}
