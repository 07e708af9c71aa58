//! `regression` (ESCAP's anticipated progress; rbm keeps it for
//! comparison with ESCAP): a time-weighted linear regression on every point
//! since the base year, extended to the target year.
//!
//! Weights: the point of year t weighs (t − t₀ + 1), so the latest years
//! count most (in a 2015–2024 series, 2024 weighs ten times 2015). ŷ_T =
//! a + b·t_T, kept within the natural limits. Target reached by ŷ_T → on
//! track; moving the right way but short → acceleration needed; a flat
//! trend → limited progress; moving the wrong way → deterioration. The
//! current status index (yᵢ − y₀)/(y_T − y₀) is reported as the ratio.

use super::frame::{Frame, Projection, Verdict};
use super::status::Status;
use crate::base::Point;

/// Weighted least squares: (intercept, slope), or None for fewer than two
/// distinct years.
pub fn fit(points: &[Point], base_year: i32) -> Option<(f64, f64)> {
    let w = |p: &Point| f64::from(p.year - base_year + 1).max(1.0);
    let sw: f64 = points.iter().map(w).sum();
    if points.len() < 2 || sw <= 0.0 {
        return None;
    }
    let mx = points.iter().map(|p| w(p) * f64::from(p.year)).sum::<f64>() / sw;
    let my = points.iter().map(|p| w(p) * p.value).sum::<f64>() / sw;
    let sxx: f64 = points
        .iter()
        .map(|p| w(p) * (f64::from(p.year) - mx).powi(2))
        .sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = points
        .iter()
        .map(|p| w(p) * (f64::from(p.year) - mx) * (p.value - my))
        .sum();
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

/// The regression line through a frame's points, from its latest point:
/// `None` for fewer than two distinct years.
pub fn line(f: &Frame) -> Option<Projection> {
    let (a, b) = fit(&f.points, f.base.year)?;
    Some(Projection::Line {
        from: f.latest,
        intercept: a,
        slope: b,
        limits: f.limits,
    })
}

/// Judge a frame whose latest value has not achieved the target.
pub fn judge(f: &Frame) -> Verdict {
    let index = {
        let required = f.target_value - f.base.value;
        (required.abs() > 1e-12).then(|| (f.latest.value - f.base.value) / required)
    };
    let Some(projection) = line(f) else {
        // Fewer than two years: nothing moves (the caller has already
        // called this insufficient data).
        return Verdict {
            status: Status::InsufficientData,
            ratio: index,
            projection: Projection::Line {
                from: f.latest,
                intercept: f.latest.value,
                slope: 0.0,
                limits: f.limits,
            },
        };
    };
    let slope = match projection {
        Projection::Line { slope, .. } => slope,
        _ => 0.0,
    };
    let projected = projection.at(f.target_year);
    let reaches = f.direction * (projected - f.target_value) >= 0.0;
    let status = if reaches {
        Status::OnTrack
    } else if f.direction * slope > 1e-12 {
        Status::AccelerationNeeded
    } else if f.direction * slope >= -1e-12 {
        Status::LimitedProgress
    } else {
        Status::Deterioration
    };
    Verdict {
        status,
        ratio: index,
        projection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(i32, f64)]) -> Vec<Point> {
        Point::series(v)
    }

    #[test]
    fn a_straight_line_is_fitted_exactly_whatever_the_weights() {
        let (a, b) = fit(&pts(&[(2015, 10.0), (2016, 12.0), (2017, 14.0)]), 2015).expect("fit");
        assert!((b - 2.0).abs() < 1e-12);
        assert!((a + b * 2030.0 - 40.0).abs() < 1e-9);
    }

    #[test]
    fn recent_points_weigh_more() {
        // Points 2015: 0, 2016: 0, 2017: 3 with weights 1, 2, 3.
        // mx = (2015 + 4032 + 6051)/6 = 2016.333; my = (0 + 0 + 9)/6 = 1.5
        // sxx = 1(1.333²) + 2(0.333²) + 3(0.667²) = 1.7778 + 0.2222 + 1.3333 = 3.3333
        // sxy = 1(−1.333)(−1.5) + 2(−0.333)(−1.5) + 3(0.667)(1.5) = 2 + 1 + 3 = 6
        // slope = 6 / 3.3333 = 1.8 (unweighted it would be 1.5).
        let (_, b) = fit(&pts(&[(2015, 0.0), (2016, 0.0), (2017, 3.0)]), 2015).expect("fit");
        assert!((b - 1.8).abs() < 1e-9, "{b}");
    }

    #[test]
    fn statuses_from_the_trend() {
        let frame = |points: Vec<Point>, target: f64| Frame {
            base: points[0],
            latest: points[points.len() - 1],
            target_year: 2030,
            target_value: target,
            direction: 1.0,
            limits: (0.0, 100.0),
            points,
        };
        let rising = pts(&[(2015, 10.0), (2020, 20.0)]);
        assert_eq!(judge(&frame(rising.clone(), 40.0)).status, Status::OnTrack);
        assert_eq!(
            judge(&frame(rising, 60.0)).status,
            Status::AccelerationNeeded
        );
        let falling = pts(&[(2015, 20.0), (2020, 10.0)]);
        assert_eq!(judge(&frame(falling, 60.0)).status, Status::Deterioration);
    }
}
