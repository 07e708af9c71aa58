//! `projection` (UNSD progress chart, 2023 technical note; rbm keeps it
//! for comparison with UNSD): project the observed growth to the target
//! year and compare the projected change with the required change.
//!
//! ŷ_T = yᵢ(1 + CAGRᵢ)^(t_T − tᵢ), kept within the natural limits; ratio =
//! (ŷ_T − y₀)/(y_T − y₀). ≥ 0.95 on track; 0.10–0.95 acceleration needed;
//! 0–0.10 limited progress (UNSD's "stagnation"); < 0 deterioration (UNSD's
//! "regression").

use super::frame::{Frame, Verdict, grade, unmoved_target};
use super::status::Status;

/// Status from the ratio of projected to required change.
pub fn status_of(ratio: f64) -> Status {
    grade(ratio, 0.95, 0.10)
}

/// Judge a frame whose latest value has not achieved the target.
pub fn judge(f: &Frame) -> Verdict {
    let projection = f.compound();
    let projected = projection.at(f.target_year);
    let required = f.target_value - f.base.value;
    if required.abs() < 1e-12 {
        return Verdict {
            status: unmoved_target(f.direction * (projected - f.base.value) >= 0.0),
            ratio: None,
            projection,
        };
    }
    let ratio = (projected - f.base.value) / required;
    Verdict {
        status: status_of(ratio),
        ratio: Some(ratio),
        projection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Point;

    #[test]
    fn hand_worked_projection_is_capped_at_the_limit() {
        // 60 (2015) → 90 (2022): CAGRᵢ = 1.5^(1/7) − 1 = 0.059634; the
        // uncapped projection to 2030, 90 × 1.059634^8 = 143.3, stops at
        // 100. Ratio = (100 − 60)/(100 − 60) = 1 → on track.
        let f = Frame {
            base: Point {
                year: 2015,
                value: 60.0,
            },
            latest: Point {
                year: 2022,
                value: 90.0,
            },
            target_year: 2030,
            target_value: 100.0,
            direction: 1.0,
            limits: (0.0, 100.0),
            points: vec![],
        };
        let v = judge(&f);
        assert_eq!(v.projection.at(2030), 100.0);
        assert_eq!(v.ratio, Some(1.0));
        assert_eq!(v.status, Status::OnTrack);
    }

    #[test]
    fn thresholds() {
        assert_eq!(status_of(0.95), Status::OnTrack);
        assert_eq!(status_of(0.10), Status::AccelerationNeeded);
        assert_eq!(status_of(0.05), Status::LimitedProgress);
        assert_eq!(status_of(-0.2), Status::Deterioration);
    }
}
