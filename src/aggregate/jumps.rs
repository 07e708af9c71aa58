//! Group-years that move for the wrong reason: a computed weighted mean
//! that moves from one year to the next mainly because its membership with
//! data changed, or because one large member's own series jumps (China's
//! Internet use, 75.6% in 2022 and 90.6% in 2023, moves the computed World
//! and Asia-Pacific values by more than all other members together).
//!
//! The move Δ = V_t − V_{t−1} is split in two: the change of the members
//! with a value in both years, weighted by year t's weights (the value
//! part, Σ c_e over those members, c_e = w_e,t·(v_e,t − v_e,t−1)/Σ w_t),
//! and the rest (members entering or leaving, and weights changing). A
//! group-year of at least [`NOTABLE`] points is flagged
//! - [`JumpKind::Coverage`] when the rest is larger than the value part;
//! - [`JumpKind::MemberStep`] when one member's c_e is more than half of Δ
//!   and that member's own step is more than [`STEP_RATIO`] times its
//!   median yearly step.
//!
//! Pure: members' filled values in, flags out. The caller decides what a
//! flag does (the series table shows it, the confidence grade drops).

use std::collections::BTreeMap;

use serde::Serialize;

use super::frame::MemberValue;
use crate::base::vocab::vocabulary;

/// The smallest move, in the series' units, worth a flag: one percentage
/// point of a share.
pub const NOTABLE: f64 = 1.0;

/// A member's step counts as a break when it is more than this many times
/// its median yearly step.
pub const STEP_RATIO: f64 = 3.0;

vocabulary! {
    /// Why a group-year moved.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum JumpKind: "aggregate flag" {
        Coverage = "coverage_change": "The value moves mainly because members entered or left the computation (or their weights changed), not because members' values changed.",
        MemberStep = "member_step": "One member's own series jumps and makes most of the move.",
    }
}

/// A flagged group-year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jump {
    /// Year.
    pub year: i32,
    /// Why.
    pub kind: JumpKind,
    /// The group's move from the year before.
    pub change: f64,
    /// The part of the move the reason accounts for.
    pub part: f64,
    /// For [`JumpKind::MemberStep`]: the member's code.
    pub member: Option<String>,
    /// For [`JumpKind::MemberStep`]: the member's values the year before
    /// and that year.
    pub step: Option<(f64, f64)>,
}

/// The median of the absolute yearly steps of each member's observed
/// (not filled) values, by member.
fn typical_steps(values: &[MemberValue]) -> BTreeMap<u32, f64> {
    // Each member's points in year order (a stable sort keeps the order
    // of a repeated year); the caller's values usually come so already,
    // member after member, which a map entry per value made slow.
    let mut own: Vec<(u32, i32, f64)> = values
        .iter()
        .filter(|v| !v.imputed)
        .map(|v| (v.economy, v.year, v.value))
        .collect();
    if !own.is_sorted_by_key(|p| (p.0, p.1)) {
        own.sort_by_key(|p| (p.0, p.1));
    }
    let mut steps: Vec<f64> = Vec::new();
    own.chunk_by(|a, b| a.0 == b.0)
        .filter_map(|pts| {
            steps.clear();
            steps.extend(
                pts.windows(2)
                    .filter(|w| w[1].1 == w[0].1 + 1)
                    .map(|w| (w[1].2 - w[0].2).abs()),
            );
            if steps.len() < 3 {
                return None;
            }
            steps.sort_by(f64::total_cmp);
            Some((pts[0].0, steps[steps.len() / 2]))
        })
        .collect()
}

/// Flags for every group and year of weighted means. `members` lists
/// (economy, group); `weights` (economy, year, weight); `names` the
/// economies' codes by index. Keyed by group.
pub fn weighted_mean_jumps(
    values: &[MemberValue],
    members: &[(u32, u32)],
    weights: &[(u32, i32, f64)],
    names: &[&str],
) -> BTreeMap<u32, Vec<Jump>> {
    let typical = typical_steps(values);
    let mut of_group: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (e, g) in members {
        of_group.entry(*g).or_default().push(*e);
    }
    // The years with a value, in order.
    let years: Vec<i32> = {
        let (lo, hi) = values.iter().fold((i32::MAX, i32::MIN), |(lo, hi), v| {
            (lo.min(v.year), hi.max(v.year))
        });
        let mut present = vec![false; if lo <= hi { (hi - lo) as usize + 1 } else { 0 }];
        for v in values {
            present[(v.year - lo) as usize] = true;
        }
        (lo..=hi)
            .zip(present)
            .filter_map(|(y, p)| p.then_some(y))
            .collect()
    };
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return BTreeMap::new();
    };
    // Values and weights by (economy, year) in dense tables over the
    // members and the years from the one before the first: this runs for
    // every weighted series, and two ordered-map lookups per member, year
    // and group were most of `rbm progress`. A later entry for the same
    // economy and year replaces an earlier one, as in a map.
    let first = first - 1;
    let span = (last - first + 1) as usize;
    let economies = members
        .iter()
        .map(|m| m.0)
        .chain(values.iter().map(|v| v.economy))
        .max()
        .map_or(0, |e| e as usize + 1);
    let at = |e: u32, year: i32| -> Option<usize> {
        ((first..=last).contains(&year) && (e as usize) < economies)
            .then(|| e as usize * span + (year - first) as usize)
    };
    let mut weight_at: Vec<Option<f64>> = vec![None; economies * span];
    for w in weights {
        if let Some(i) = at(w.0, w.1) {
            weight_at[i] = Some(w.2);
        }
    }
    let mut value_at: Vec<Option<&MemberValue>> = vec![None; economies * span];
    for v in values {
        if let Some(i) = at(v.economy, v.year) {
            value_at[i] = Some(v);
        }
    }
    // Each (economy, year)'s value with its weight, when it has both: the
    // means read it for every group, year and member, and one look-up
    // there instead of two (each checking its range) halves their time.
    // Every member's index is below `economies`, every year in the span.
    let both: Vec<Option<(f64, f64)>> = value_at
        .iter()
        .zip(&weight_at)
        .map(|(v, w)| Some((v.as_ref()?.value, (*w)?)))
        .collect();
    let value = |e: u32, year: i32| at(e, year).and_then(|i| value_at[i]);
    let mut out: BTreeMap<u32, Vec<Jump>> = BTreeMap::new();
    let mut parts: Vec<(u32, f64, f64, f64)> = Vec::new();
    let mut sums: Vec<(f64, f64)> = Vec::with_capacity(span);
    for (g, econ) in &of_group {
        // V_t over the members with a value and a weight, for every year
        // once.
        // Member by member over all the years at once (each member's
        // years side by side): every year still adds its members in the
        // same order, so the means are the same to the bit.
        sums.clear();
        sums.resize(span, (0.0, 0.0));
        for e in econ {
            let at = *e as usize * span;
            for ((s, w), cell) in sums.iter_mut().zip(&both[at..at + span]) {
                if let Some((v, wt)) = cell {
                    *s += wt * v;
                    *w += wt;
                }
            }
        }
        let means: Vec<Option<f64>> = sums
            .iter()
            .map(|&(s, w)| (w > 0.0).then(|| s / w))
            .collect();
        let mean = |year: i32| means[(year - first) as usize];
        for &t in &years {
            let (Some(now), Some(before)) = (mean(t), mean(t - 1)) else {
                continue;
            };
            let change = now - before;
            if change.abs() < NOTABLE {
                continue;
            }
            // The value part: members with a value in both years, at year
            // t's weights (`t` is after the span's first year).
            let mut common_w = 0.0;
            parts.clear();
            let y = (t - first) as usize;
            for e in econ {
                let i = *e as usize * span + y;
                if let (Some(a), Some((b, w))) = (value_at[i - 1], both[i]) {
                    common_w += w;
                    parts.push((*e, w * (b - a.value), a.value, b));
                }
            }
            if common_w <= 0.0 {
                continue;
            }
            let value_part: f64 = parts.iter().map(|p| p.1).sum::<f64>() / common_w;
            let rest = change - value_part;
            if rest.abs() > value_part.abs() {
                out.entry(*g).or_default().push(Jump {
                    year: t,
                    kind: JumpKind::Coverage,
                    change,
                    part: rest,
                    member: None,
                    step: None,
                });
                continue;
            }
            let Some(&(e, c, a, b)) = parts.iter().max_by(|x, y| x.1.abs().total_cmp(&y.1.abs()))
            else {
                continue;
            };
            let contribution = c / common_w;
            let observed = value(e, t).is_some_and(|v| !v.imputed);
            let breaks = typical
                .get(&e)
                .is_some_and(|m| (b - a).abs() > STEP_RATIO * m.max(1e-9));
            if observed
                && breaks
                && contribution.abs() > 0.5 * change.abs()
                && contribution.signum() == change.signum()
            {
                out.entry(*g).or_default().push(Jump {
                    year: t,
                    kind: JumpKind::MemberStep,
                    change,
                    part: contribution,
                    member: names.get(e as usize).map(|n| n.to_string()),
                    step: Some((a, b)),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(economy: u32, year: i32, value: f64) -> MemberValue {
        MemberValue {
            economy,
            year,
            value,
            imputed: false,
            estimate: false,
        }
    }

    /// Steps by hand. Economy 3 observes 10, 12, 15, 16 in 2000–2003,
    /// given out of order and with an imputed 99 in 2004: steps 2, 3, 1,
    /// median 2. Economy 1 has two steps only, too few. Economy 2 has 1,
    /// 2, 4 in 2001–2003, 8 in 2005 and 9 in 2007: a gap is no yearly
    /// step, so it has two steps (1 and 2), too few.
    #[test]
    fn typical_steps_by_hand() {
        let imputed = MemberValue {
            imputed: true,
            ..v(3, 2004, 99.0)
        };
        let values = vec![
            v(3, 2002, 15.0),
            v(1, 2000, 1.0),
            v(1, 2001, 2.0),
            v(1, 2002, 3.0),
            v(3, 2000, 10.0),
            imputed,
            v(3, 2003, 16.0),
            v(3, 2001, 12.0),
            v(2, 2001, 1.0),
            v(2, 2002, 2.0),
            v(2, 2003, 4.0),
            v(2, 2005, 8.0),
            v(2, 2007, 9.0),
        ];
        let typical = typical_steps(&values);
        assert_eq!(typical.into_iter().collect::<Vec<_>>(), vec![(3, 2.0)]);
    }

    #[test]
    fn one_big_member_stepping_is_flagged_and_named() {
        // Group 0: BIG (weight 3) goes 50, 52, 54, 56, 74 (a step of 18
        // against a median step of 2); SMALL (weight 1) 20, 21, …, 24.
        // Mean 2023: (3 × 74 + 24)/4 = 61.5; 2022: (3 × 56 + 23)/4 = 47.75;
        // Δ = 13.75. BIG's part: 3 × 18/4 = 13.5 > Δ/2 → member step.
        let mut values = Vec::new();
        let mut weights = Vec::new();
        for (i, y) in (2019..=2023).enumerate() {
            let big = if y == 2023 {
                74.0
            } else {
                50.0 + 2.0 * i as f64
            };
            values.push(v(0, y, big));
            values.push(v(1, y, 20.0 + i as f64));
            weights.push((0, y, 3.0));
            weights.push((1, y, 1.0));
        }
        let flags = weighted_mean_jumps(&values, &[(0, 0), (1, 0)], &weights, &["BIG", "SML"]);
        let f = &flags[&0];
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].year, f[0].kind), (2023, JumpKind::MemberStep));
        assert_eq!(f[0].member.as_deref(), Some("BIG"));
        assert!((f[0].change - 13.75).abs() < 1e-9);
        assert!((f[0].part - 13.5).abs() < 1e-9);
    }

    #[test]
    fn a_member_entering_is_a_coverage_change() {
        // A (weight 1) at 20 both years; B (weight 1, at 80) has a value
        // from 2021 only. Mean 20 → 50: Δ = 30, none of it from values.
        let values = vec![v(0, 2020, 20.0), v(0, 2021, 20.0), v(1, 2021, 80.0)];
        let weights = vec![
            (0, 2020, 1.0),
            (0, 2021, 1.0),
            (1, 2020, 1.0),
            (1, 2021, 1.0),
        ];
        let flags = weighted_mean_jumps(&values, &[(0, 0), (1, 0)], &weights, &["A", "B"]);
        assert_eq!(flags[&0][0].kind, JumpKind::Coverage);
        assert!((flags[&0][0].part - 30.0).abs() < 1e-9);
    }

    #[test]
    fn ordinary_growth_is_not_flagged() {
        let mut values = Vec::new();
        let mut weights = Vec::new();
        for (i, y) in (2015..=2023).enumerate() {
            for e in 0..4u32 {
                values.push(v(e, y, 10.0 * f64::from(e) + 3.0 * i as f64));
                weights.push((e, y, 1.0 + f64::from(e)));
            }
        }
        let members: Vec<(u32, u32)> = (0..4).map(|e| (e, 0)).collect();
        assert!(weighted_mean_jumps(&values, &members, &weights, &[]).is_empty());
    }
}
