//! The models that carry a series forward, one per kind of series: the
//! default `trend` method's three ([`Model::LogitLinear`] for shares
//! bounded by their natural limits, [`Model::LogLinear`] for prices and
//! counts, [`Model::Linear`] for parity distances, gaps and the rest), and
//! the names of the named methods' own paths ([`Model::Compound`],
//! [`Model::WeightedLinear`]) so that every row can say which model it
//! comes from.
//!
//! A [`TrendFit`] is a straight line on the model's scale: its slope is the
//! ordinary least-squares slope over the window's points, and the line
//! passes through the latest value (so the dashed projection on a chart
//! starts at the last observation; rbm's backtest scores this a little
//! better than the least-squares intercept, see `docs/methodology.md`).
//! Pure arithmetic: no statuses here, no I/O.

use crate::base::Point;
use crate::base::vocab::vocabulary;
use crate::indicator::{TrendModel, Unit};

vocabulary! {
    /// The model a row's projection comes from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Model: "model" {
        LogitLinear = "logit_linear": "A straight line on the logit scale of a share bounded by its natural limits: an S-curve that never passes them (shares in percent).",
        LogLinear = "log_linear": "A straight line on the log scale: a constant percentage change a year (prices as % of GNI per capita, counts).",
        Linear = "linear": "A straight line, kept within the natural limits (parity distances, which stop at 0, gaps, anything else).",
        Compound = "compound": "The compound growth rate observed since the base year, carried on from the latest value (cagr_ratio, projection).",
        WeightedLinear = "weighted_linear": "ESCAP's time-weighted regression line on every point since the base year (regression).",
    }
}

impl Model {
    /// The models a definition may choose for the `trend` method
    /// (`[progress] model`).
    pub const TREND: [Model; 3] = [Model::LogitLinear, Model::LogLinear, Model::Linear];

    /// True for the `trend` method's models.
    pub fn is_trend(self) -> bool {
        Model::TREND.contains(&self)
    }

    /// The model a definition chose.
    pub fn chosen(m: TrendModel) -> Model {
        match m {
            TrendModel::LogitLinear => Model::LogitLinear,
            TrendModel::LogLinear => Model::LogLinear,
            TrendModel::Linear => Model::Linear,
        }
    }

    /// The default model of an indicator's own series, by its unit: shares
    /// in percent between finite limits saturate (logit-linear); prices as
    /// % of GNI per capita and counts move by percentages (log-linear);
    /// anything else moves by amounts (linear). A definition can choose
    /// another (`[progress] model`).
    pub fn for_unit(unit: Unit, limits: (f64, f64)) -> Model {
        match unit {
            Unit::Percent if limits.0.is_finite() && limits.1.is_finite() => Model::LogitLinear,
            Unit::PercentGniPc | Unit::Count => Model::LogLinear,
            _ => Model::Linear,
        }
    }
}

/// A share closer than this to a natural limit (as a fraction of the range
/// between the limits) is moved to it before the logit, which is infinite
/// at the limits themselves: 0.5 and 99.5 for a share in percent.
pub const LOGIT_CLAMP: f64 = 0.005;

/// A straight line on a model's scale, through the latest value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendFit {
    /// The model.
    pub model: Model,
    /// The latest point (tᵢ, yᵢ): the line passes through it.
    pub latest: Point,
    /// The slope on the model's scale, per year: logits, natural logs or
    /// units a year.
    pub slope: f64,
    /// Natural limits, which the projection stays within.
    pub limits: (f64, f64),
    /// Points the slope was fitted on.
    pub points: usize,
    /// The first year of those points.
    pub first_year: i32,
}

/// Why a model cannot be fitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// Fewer than two distinct years.
    TooFewYears,
    /// A log-linear model on a value at or below zero.
    NotPositive,
    /// A logit-linear model without finite limits.
    Unbounded,
}

impl TrendFit {
    /// Fit `model` on `points` (sorted by year; the last is the latest):
    /// the least-squares slope of the transformed values on the year, and
    /// the line through the latest transformed value.
    pub fn fit(model: Model, points: &[Point], limits: (f64, f64)) -> Result<TrendFit, Unfit> {
        let latest = *points.last().ok_or(Unfit::TooFewYears)?;
        if model == Model::LogitLinear && !(limits.0.is_finite() && limits.1.is_finite()) {
            return Err(Unfit::Unbounded);
        }
        if model == Model::LogLinear && points.iter().any(|p| p.value <= 0.0) {
            return Err(Unfit::NotPositive);
        }
        let xs: Vec<f64> = points.iter().map(|p| f64::from(p.year)).collect();
        let zs: Vec<f64> = points
            .iter()
            .map(|p| forward(model, p.value, limits))
            .collect();
        let slope = ols_slope(&xs, &zs).ok_or(Unfit::TooFewYears)?;
        Ok(TrendFit {
            model,
            latest,
            slope,
            limits,
            points: points.len(),
            first_year: points[0].year,
        })
    }

    /// The value the line gives in `year`, within the natural limits. At
    /// the latest year it is the latest value itself.
    pub fn at(&self, year: i32) -> f64 {
        if year == self.latest.year {
            return self.latest.value;
        }
        let z = forward(self.model, self.latest.value, self.limits)
            + self.slope * f64::from(year - self.latest.year);
        let v = backward(self.model, z, self.limits);
        v.max(self.limits.0).min(self.limits.1)
    }
}

/// The least-squares slope of `z` on `x`, or `None` when the x are all the
/// same.
pub fn ols_slope(x: &[f64], z: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || z.len() != n {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let mz = z.iter().sum::<f64>() / n as f64;
    let sxx: f64 = x.iter().map(|v| (v - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxz: f64 = x.iter().zip(z).map(|(a, b)| (a - mx) * (b - mz)).sum();
    Some(sxz / sxx)
}

/// A value on the model's scale.
pub fn forward(model: Model, y: f64, limits: (f64, f64)) -> f64 {
    match model {
        Model::LogitLinear => {
            let (lo, hi) = limits;
            let p = ((y - lo) / (hi - lo)).clamp(LOGIT_CLAMP, 1.0 - LOGIT_CLAMP);
            (p / (1.0 - p)).ln()
        }
        Model::LogLinear => y.ln(),
        Model::Linear | Model::Compound | Model::WeightedLinear => y,
    }
}

/// A value on the model's scale back in the series' own terms.
pub fn backward(model: Model, z: f64, limits: (f64, f64)) -> f64 {
    match model {
        Model::LogitLinear => {
            let (lo, hi) = limits;
            // 1/(1 + e^−z), written so that neither side overflows.
            let p = if z >= 0.0 {
                1.0 / (1.0 + (-z).exp())
            } else {
                let e = z.exp();
                e / (1.0 + e)
            };
            lo + (hi - lo) * p
        }
        Model::LogLinear => z.exp(),
        Model::Linear | Model::Compound | Model::WeightedLinear => z,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logit_linear_by_hand() {
        // 20 (2020), 30 (2021), 40 (2022) of 0–100.
        // z = ln(0.2/0.8) = −1.386294, ln(0.3/0.7) = −0.847298,
        // ln(0.4/0.6) = −0.405465; x̄ = 2021, Sxx = 2,
        // Sxz = (−1)(−1.386294 − z̄) + (1)(−0.405465 − z̄) = 0.980829,
        // slope = 0.490415. Through 40 in 2022: 2025 is
        // z = −0.405465 + 3 × 0.490415 = 1.065779 → 100/(1 + e^−1.065779)
        // = 74.379.
        let pts = Point::series(&[(2020, 20.0), (2021, 30.0), (2022, 40.0)]);
        let f = TrendFit::fit(Model::LogitLinear, &pts, (0.0, 100.0)).expect("fits");
        assert!((f.slope - 0.490_415).abs() < 1e-6, "{}", f.slope);
        assert!((f.at(2025) - 74.379).abs() < 1e-3, "{}", f.at(2025));
        assert_eq!(f.at(2022), 40.0);
        // Never past the limit, however far out (it rounds to the limit
        // itself in floating point only decades later).
        assert!(f.at(2060) < 100.0);
        assert!(f.at(2200) <= 100.0);
    }

    #[test]
    fn log_linear_is_a_constant_rate() {
        // 8, 4, 2: halving every year; slope ln(0.5); 2026 = 2 × 0.5³.
        let pts = Point::series(&[(2021, 8.0), (2022, 4.0), (2023, 2.0)]);
        let f = TrendFit::fit(Model::LogLinear, &pts, (0.0, 1e4)).expect("fits");
        assert!((f.slope - 0.5f64.ln()).abs() < 1e-12);
        assert!((f.at(2026) - 0.25).abs() < 1e-12);
        let zero = Point::series(&[(2021, 1.0), (2022, 0.0)]);
        assert_eq!(
            TrendFit::fit(Model::LogLinear, &zero, (0.0, 1e4)),
            Err(Unfit::NotPositive)
        );
    }

    #[test]
    fn linear_stops_at_the_floor() {
        // A distance 0.05, 0.04, 0.03: slope −0.01; 0 from 2026 on.
        let pts = Point::series(&[(2020, 0.05), (2021, 0.04), (2022, 0.03)]);
        let f = TrendFit::fit(Model::Linear, &pts, (0.0, f64::INFINITY)).expect("fits");
        assert!((f.at(2024) - 0.01).abs() < 1e-12);
        assert_eq!(f.at(2027), 0.0);
    }

    #[test]
    fn the_line_passes_through_the_latest_value_not_the_fitted_one() {
        // 10, 30, 20: slope (20 − 10)/2 = 5 by least squares; from 20 in
        // 2022, 2023 is 25 (the least-squares intercept would give 28.3).
        let pts = Point::series(&[(2020, 10.0), (2021, 30.0), (2022, 20.0)]);
        let f = TrendFit::fit(Model::Linear, &pts, (0.0, 100.0)).expect("fits");
        assert!((f.slope - 5.0).abs() < 1e-12);
        assert!((f.at(2023) - 25.0).abs() < 1e-12);
    }
}
