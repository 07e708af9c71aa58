//! Property tests of the progress methods: mirroring the direction,
//! scaling the values, and more progress never giving a worse status.

use proptest::prelude::*;

use super::assess::assess;
use super::reduce::Reduced;
use super::status::{Method, Status};

fn reduced(values: &[(i32, f64)], target: f64, direction: f64) -> Reduced {
    Reduced::for_test(values, target, direction, (0.0, f64::INFINITY))
}

/// A series of 2–10 yearly values from 2015, all positive.
fn series() -> impl Strategy<Value = Vec<(i32, f64)>> {
    prop::collection::vec(1.0f64..200.0, 2..10).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, x)| (2015 + i as i32, x))
            .collect()
    })
}

fn moving(s: Status) -> bool {
    matches!(
        s,
        Status::OnTrack | Status::AccelerationNeeded | Status::LimitedProgress
    )
}

proptest! {
    #[test]
    fn swapping_direction_mirrors_the_status(values in series(), target_factor in 1.05f64..5.0) {
        let y0 = values[0].1;
        let yi = values[values.len() - 1].1;
        prop_assume!((yi - y0).abs() > 1e-6 * y0);
        // Increasing, target above the base; decreasing, target as far
        // below the base (in ratio).
        let up = y0 * target_factor;
        let down = y0 / target_factor;
        prop_assume!(yi < up && yi > down);
        for method in [Method::CagrRatio, Method::Projection] {
            let a = assess(&reduced(&values, up, 1.0), method, None).status;
            let b = assess(&reduced(&values, down, -1.0), method, None).status;
            // Moving up is progress for one and deterioration for the other.
            if yi > y0 {
                prop_assert!(moving(a), "{method:?}: {a:?}");
                prop_assert_eq!(b, Status::Deterioration);
            } else {
                prop_assert_eq!(a, Status::Deterioration);
                prop_assert!(moving(b), "{method:?}: {b:?}");
            }
        }
    }

    #[test]
    fn regression_status_is_exactly_mirrored_by_reflection(values in series(), target in 0.0f64..400.0) {
        // Reflect y → 1000 − y and flip the direction: the same status.
        let mirrored: Vec<(i32, f64)> = values.iter().map(|&(y, v)| (y, 1000.0 - v)).collect();
        let mut a = reduced(&values, target, 1.0);
        let mut b = reduced(&mirrored, 1000.0 - target, -1.0);
        a.limits = (f64::NEG_INFINITY, f64::INFINITY);
        b.limits = (f64::NEG_INFINITY, f64::INFINITY);
        let sa = assess(&a, Method::Regression, None).status;
        let sb = assess(&b, Method::Regression, None).status;
        prop_assert_eq!(sa, sb);
    }

    #[test]
    fn scaling_values_and_target_leaves_cagr_ratio_unchanged(
        values in series(),
        target in 1.0f64..400.0,
        k in 0.05f64..50.0,
        up in any::<bool>(),
    ) {
        let d = if up { 1.0 } else { -1.0 };
        let scaled: Vec<(i32, f64)> = values.iter().map(|&(y, v)| (y, v * k)).collect();
        let a = assess(&reduced(&values, target, d), Method::CagrRatio, None);
        let b = assess(&reduced(&scaled, target * k, d), Method::CagrRatio, None);
        // Exactly at a threshold, rounding may tip the status: skip those.
        let near = |r: Option<f64>| r.is_some_and(|r| [0.0, 0.6, 0.95].iter().any(|t| (r - t).abs() < 1e-9));
        prop_assume!(!near(a.ratio));
        prop_assert_eq!(a.status, b.status);
    }

    #[test]
    fn more_progress_never_gives_a_worse_status(
        values in series(),
        target in 1.0f64..400.0,
        extra in 0.0f64..50.0,
        up in any::<bool>(),
    ) {
        let d = if up { 1.0 } else { -1.0 };
        let mut better = values.clone();
        let last = better.len() - 1;
        better[last].1 = (better[last].1 + d * extra).max(0.5);
        for method in [Method::CagrRatio, Method::Projection, Method::Regression] {
            let a = assess(&reduced(&values, target, d), method, None).status;
            let b = assess(&reduced(&better, target, d), method, None).status;
            prop_assert!(b.rank() <= a.rank(), "{method:?}: {a:?} then {b:?}");
        }
    }
}
