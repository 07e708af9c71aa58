//! Axes: value → pixel mappings (linear or logarithmic), nice tick values,
//! and tick labels in the indicator's unit.

use crate::indicator::Unit;

/// A mapping from values to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
    /// Pixel of `lo`.
    pub p0: f64,
    /// Pixel of `hi`.
    pub p1: f64,
    /// Logarithmic.
    pub log: bool,
}

impl Scale {
    /// The pixel of a value (clamped to the axis).
    pub fn px(&self, v: f64) -> f64 {
        let t = if self.log {
            let v = v.max(self.lo);
            (v.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        self.p0 + t.clamp(-0.02, 1.02) * (self.p1 - self.p0)
    }
}

/// A "nice" step near `raw`: 1, 2, 2.5 or 5 times a power of ten.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Axis bounds and ticks for values between `lo` and `hi`: about five
/// ticks, bounds on ticks.
pub fn linear_ticks(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if (hi - lo).abs() < 1e-9 {
        let pad = if lo.abs() > 1e-9 { lo.abs() * 0.1 } else { 1.0 };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let step = nice_step((hi - lo) / 5.0);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let mut ticks = Vec::new();
    let mut v = start;
    while v <= end + step * 1e-6 {
        ticks.push((v / step).round() * step);
        v += step;
    }
    (start, end, ticks)
}

/// Axis bounds and ticks on a log scale: 1-2-5 steps.
pub fn log_ticks(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let lo = lo.max(1e-3);
    let hi = hi.max(lo * 1.5);
    let start = ticks_below(lo);
    let mut ticks = vec![start];
    let mut v = start;
    while v < hi * 0.9999 && ticks.len() < 40 {
        v = next_125(v);
        ticks.push(v);
    }
    (start, v, ticks)
}

/// The next value in 1, 2, 5, 10, 20, 50, …
fn next_125(v: f64) -> f64 {
    let mag = 10f64.powf(v.log10().floor());
    match (v / mag).round() as i64 {
        1 => 2.0 * mag,
        2 => 5.0 * mag,
        _ => 10.0 * mag,
    }
}

fn ticks_below(v: f64) -> f64 {
    let mag = 10f64.powf(v.log10().floor());
    for m in [5.0, 2.0, 1.0] {
        if m * mag <= v * 1.0001 {
            return m * mag;
        }
    }
    mag
}

/// Decimals that show every tick of a set distinctly and alike: 0.1 steps
/// give `0.9`, `1.0`, `1.1`.
pub fn tick_decimals(ticks: &[f64]) -> usize {
    (0..=3)
        .find(|d| {
            let f = 10f64.powi(*d as i32);
            ticks.iter().all(|t| ((t * f).round() - t * f).abs() < 1e-6)
        })
        .unwrap_or(3)
}

/// The axis of values from `lo` to `hi`: logarithmic for prices, from zero
/// for shares in percent (a truncated axis would make a gap look larger or
/// smaller than it is), else padded by 8% either side. (low, high, ticks).
pub fn value_axis(lo: f64, hi: f64, log: bool, unit: Unit) -> (f64, f64, Vec<f64>) {
    if log {
        log_ticks(lo * 0.9, hi * 1.1)
    } else if unit == Unit::Percent {
        linear_ticks(0.0, hi.max(1.0))
    } else {
        let pad = (hi - lo).abs() * 0.08;
        linear_ticks(lo - pad, hi + pad)
    }
}

/// A tick label: `40%`, `2%`, `0.98`, `1.5`, with the set's decimals.
pub fn tick_label(v: f64, unit: Unit, decimals: usize) -> String {
    let plain = format!("{v:.decimals$}");
    match unit {
        Unit::Percent | Unit::PercentGniPc => format!("{plain}%"),
        _ => plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_linear_ticks_cover_the_range() {
        let (lo, hi, t) = linear_ticks(0.0, 100.0);
        assert_eq!((lo, hi), (0.0, 100.0));
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let (lo, hi, _) = linear_ticks(0.31, 1.06);
        assert!(lo <= 0.31 && hi >= 1.06);
        // All values equal still gives an axis.
        let (lo, hi, t) = linear_ticks(5.0, 5.0);
        assert!(lo < 5.0 && hi > 5.0 && t.len() >= 2);
    }

    #[test]
    fn log_ticks_step_1_2_5() {
        let (lo, hi, t) = log_ticks(0.37, 29.9);
        assert_eq!(lo, 0.2);
        assert_eq!(hi, 50.0);
        assert_eq!(t, vec![0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0]);
    }

    #[test]
    fn labels_carry_the_unit_and_shared_decimals() {
        assert_eq!(tick_label(40.0, Unit::Percent, 0), "40%");
        assert_eq!(tick_label(0.5, Unit::PercentGniPc, 1), "0.5%");
        assert_eq!(tick_label(0.98, Unit::Ratio, 2), "0.98");
        assert_eq!(tick_decimals(&[0.9, 1.0, 1.1]), 1);
        assert_eq!(tick_decimals(&[0.2, 0.5, 1.0, 2.0]), 1);
        assert_eq!(tick_decimals(&[0.0, 20.0, 40.0]), 0);
    }
}
