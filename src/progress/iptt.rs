//! Yearly targets scored the monitoring-and-evaluation way, as an Indicator
//! Performance Tracking Table (IPTT) does: for each year, the year's
//! target, the actual, the **% of the year's target met** and a verdict.
//!
//! The rule is TolaData's (their tracking tables and `ONSCOPE_MARGIN`):
//! % met = actual ÷ target; a year is on track when the actual is within
//! 15% of the target. rbm adds the direction: for an increase the year is
//! *met* at or above the target and *within the margin* down to 85% of it;
//! for a decrease, met at or below it and within the margin up to 115%.
//! The margin is taken of |target|, so that a zero target has none (for a
//! decrease, "zero incidents" is met by zero only; for an increase any
//! actual of zero or more meets it) and its % met is not defined. A
//! target equal to the baseline ("keep the level") needs nothing special:
//! the actual is compared with the target, never with the distance from
//! the baseline. Cumulative targets (Akvo's "cumulative" reporting,
//! TolaData's running totals) compare the running total of the years'
//! actuals since the first target year with the year's running-total
//! target; a year with no reported value then adds nothing to the running
//! total, and says so. Pure: values in, scores out.

use serde::Serialize;

use crate::base::Point;
use crate::indicator::Direction;

/// The share of the target within which a year is on track (TolaData's
/// margin): 15%.
pub const MARGIN: f64 = 0.15;

/// A year's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// At or beyond the year's target.
    Met,
    /// Short of it by no more than the margin.
    WithinMargin,
    /// Short of it by more than the margin.
    NotMet,
    /// The year has come, but no value is reported for it.
    NoData,
    /// The year has not come yet (after the as-of year).
    NotDue,
}

impl Verdict {
    /// Words for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::WithinMargin => "within 15%",
            Verdict::NotMet => "not met",
            Verdict::NoData => "no data",
            Verdict::NotDue => "not due",
        }
    }

    /// True for the verdicts that count as on track (met, or within the
    /// margin).
    pub fn on_track(self) -> bool {
        matches!(self, Verdict::Met | Verdict::WithinMargin)
    }
}

/// One year of a tracking table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearScore {
    /// The year.
    pub year: i32,
    /// The year's target (a running total when cumulative).
    pub target: f64,
    /// The year's actual (a running total when cumulative), when there is
    /// one.
    pub actual: Option<f64>,
    /// actual ÷ target × 100, when the target is not zero.
    pub percent_met: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// What the reader should know (a zero target, a year missing from a
    /// running total, an actual far beyond the target).
    pub notes: Vec<String>,
}

/// Score each year of a yearly target. `targets` are (year, target) in
/// year order; `values` are the years' reported values (what happened in
/// each year, never running totals); years after `as_of` are not due.
pub fn score(
    targets: &[(i32, f64)],
    values: &[Point],
    direction: Direction,
    cumulative: bool,
    as_of: i32,
) -> Vec<YearScore> {
    let d = direction.sign();
    let first = targets.iter().map(|t| t.0).min().unwrap_or(as_of);
    let reported = |y: i32| values.iter().find(|p| p.year == y).map(|p| p.value);
    let mut out = Vec::new();
    for &(year, target) in targets {
        let mut notes = Vec::new();
        if year > as_of {
            out.push(YearScore {
                year,
                target,
                actual: None,
                percent_met: None,
                verdict: Verdict::NotDue,
                notes,
            });
            continue;
        }
        let actual = if cumulative {
            let missing: Vec<i32> = (first..=year).filter(|y| reported(*y).is_none()).collect();
            if reported(year).is_none() {
                None
            } else {
                if !missing.is_empty() {
                    notes.push(format!(
                        "{} not reported: nothing counted for {} in the running total",
                        years_text(&missing),
                        if missing.len() == 1 { "it" } else { "them" }
                    ));
                }
                Some((first..=year).filter_map(reported).sum::<f64>())
            }
        } else {
            reported(year)
        };
        let Some(actual) = actual else {
            notes.push(format!("no value reported for {year}"));
            out.push(YearScore {
                year,
                target,
                actual: None,
                percent_met: None,
                verdict: Verdict::NoData,
                notes,
            });
            continue;
        };
        let percent_met = (target != 0.0).then(|| 100.0 * actual / target);
        if target == 0.0 {
            notes.push("zero target: % met is not defined".to_string());
        }
        // d·(actual − target) ≥ 0 is at or beyond the target in the
        // desired direction.
        let beyond = d * (actual - target);
        let verdict = if beyond >= 0.0 {
            Verdict::Met
        } else if -beyond <= MARGIN * target.abs() {
            Verdict::WithinMargin
        } else {
            Verdict::NotMet
        };
        if verdict == Verdict::Met && target != 0.0 && beyond > MARGIN * target.abs() {
            notes.push(format!(
                "more than {:.0}% beyond the year's target: check that the target still fits",
                MARGIN * 100.0
            ));
        }
        out.push(YearScore {
            year,
            target,
            actual: Some(actual),
            percent_met,
            verdict,
            notes,
        });
    }
    out
}

/// `2025`, `2024 and 2025`, `2023, 2024 and 2025`.
fn years_text(years: &[i32]) -> String {
    let words: Vec<String> = years.iter().map(i32::to_string).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    crate::base::vocab::either(&words).replace(" or ", " and ")
}

/// The year a tracking table is judged on: the latest year that has come
/// and has a value; else the latest year that has come (with no data).
pub fn latest(scores: &[YearScore]) -> Option<&YearScore> {
    scores
        .iter()
        .rev()
        .find(|s| s.actual.is_some())
        .or_else(|| scores.iter().rev().find(|s| s.verdict != Verdict::NotDue))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(i32, f64)]) -> Vec<Point> {
        v.iter().map(|&(y, x)| Point::new(y, x)).collect()
    }

    #[test]
    fn an_increase_is_met_within_the_margin_or_not_met() {
        // Targets 10 a year. 2024: 10 of 10 → met (100%). 2025: 9 → 90%,
        // 1 short, within 0.15 × 10 = 1.5 → within 15%. 2026: 8 → 80%, 2
        // short > 1.5 → not met. 2027: after the as-of year → not due.
        let s = score(
            &[(2024, 10.0), (2025, 10.0), (2026, 10.0), (2027, 10.0)],
            &pts(&[(2024, 10.0), (2025, 9.0), (2026, 8.0)]),
            Direction::Increase,
            false,
            2026,
        );
        let v: Vec<Verdict> = s.iter().map(|x| x.verdict).collect();
        assert_eq!(
            v,
            [
                Verdict::Met,
                Verdict::WithinMargin,
                Verdict::NotMet,
                Verdict::NotDue
            ]
        );
        assert_eq!(s[1].percent_met, Some(90.0));
        assert_eq!(latest(&s).map(|x| x.year), Some(2026));
    }

    #[test]
    fn a_decrease_is_judged_the_other_way_and_a_zero_target_has_no_margin() {
        // Days to answer a request, target 20: 22 is 110% of it, 2 over,
        // within 0.15 × 20 = 3 → within 15%; 24 is 4 over → not met. A
        // zero target (no incident) is met by 0 only.
        let s = score(
            &[(2024, 20.0), (2025, 20.0)],
            &pts(&[(2024, 22.0), (2025, 24.0)]),
            Direction::Decrease,
            false,
            2025,
        );
        assert_eq!(s[0].verdict, Verdict::WithinMargin);
        assert_eq!(s[1].verdict, Verdict::NotMet);
        let z = score(
            &[(2024, 0.0), (2025, 0.0)],
            &pts(&[(2024, 0.0), (2025, 1.0)]),
            Direction::Decrease,
            false,
            2025,
        );
        assert_eq!((z[0].verdict, z[0].percent_met), (Verdict::Met, None));
        assert_eq!(z[1].verdict, Verdict::NotMet);
    }

    #[test]
    fn a_cumulative_target_compares_running_totals_and_names_a_missing_year() {
        // Running totals 5, 10, 15; values 6 (2024), none (2025), 7 (2026):
        // 2024: 6 of 5 → met; 2025: no value → no data; 2026: 6 + 7 = 13
        // of 15 → 86.7%, 2 short ≤ 0.15 × 15 = 2.25 → within 15%.
        let s = score(
            &[(2024, 5.0), (2025, 10.0), (2026, 15.0)],
            &pts(&[(2024, 6.0), (2026, 7.0)]),
            Direction::Increase,
            true,
            2026,
        );
        assert_eq!(s[0].verdict, Verdict::Met);
        assert_eq!(s[1].verdict, Verdict::NoData);
        assert_eq!(s[2].actual, Some(13.0));
        assert_eq!(s[2].verdict, Verdict::WithinMargin);
        assert_eq!(
            s[2].notes,
            ["2025 not reported: nothing counted for it in the running total"]
        );
    }
}
