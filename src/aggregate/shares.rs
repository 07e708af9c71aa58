//! Shares of a group's economies that meet a condition, year by year
//! ([`Aggregator::share_years`]): how many members have a value, how many
//! meet the condition, the share of economies that do, and the share of
//! the people of the members with a value who live in those that do.
//!
//! The members with a value in a year are those the group averages use:
//! each economy's own values, filled by [`super::fill`] (interpolated
//! between observations, held up to `hold_years`), and an economy with a
//! single observation of the series left out, as the averages leave it out
//! (ITU priced 20 economies' fixed broadband in 2022 only). A year is
//! withheld, with its reason, below the indicator's coverage (counted in
//! economies) or above its imputed share. Share-of-economies targets are
//! scored on these very numbers ([`Aggregator::share_series`]), so the
//! distribution tables and the statuses cannot disagree.
//!
//! The people share weighs each member by its population of that year
//! (the latest published one held forward); members without a population
//! count in the share of economies but not of people, and their number is
//! given. Pure: no I/O.

use serde::Serialize;

use super::fill::{self, Filled, State};
use super::{Aggregator, GroupPoint, GroupSeries, Origin, Withheld};
use crate::indicator::{Aggregation, CmpOp, SeriesSpec};

/// One group-year of a share of economies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareYear {
    /// Year.
    pub year: i32,
    /// Members with a value that year (observed or imputed).
    pub with_value: usize,
    /// Of those, members whose value is imputed (interpolated or held).
    pub imputed: usize,
    /// Members whose value meets the condition.
    pub meeting: usize,
    /// `100 · meeting / with_value`.
    pub share: f64,
    /// Percent of the people of the members with a value and a population
    /// who live in a member meeting the condition; `None` without any
    /// population.
    pub people_share: Option<f64>,
    /// Members with a value but no population that year (left out of
    /// `people_share`).
    pub without_population: usize,
    /// `with_value / members`.
    pub coverage: f64,
    /// Why the year is not published (too few members with a value, or too
    /// many imputed), or `None` when it is.
    pub withheld: Option<Withheld>,
}

/// A group's shares, every year with at least one member with an
/// observed value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupShares {
    /// Group code.
    pub geo: String,
    /// Members of the group.
    pub members: usize,
    /// The years, in order.
    pub years: Vec<ShareYear>,
}

impl GroupShares {
    /// The published years as a group series (the share in percent), with
    /// the withheld years beside them.
    pub fn series(&self) -> GroupSeries {
        let mut points = Vec::new();
        let mut withheld = Vec::new();
        for y in &self.years {
            match &y.withheld {
                Some(w) => withheld.push(w.clone()),
                None => points.push(GroupPoint {
                    year: y.year,
                    value: y.share,
                    origin: Origin::Computed,
                    coverage: Some(y.coverage),
                    imputed: Some(y.imputed as f64 / self.members as f64),
                    estimate: y.imputed > 0,
                }),
            }
        }
        GroupSeries {
            geo: self.geo.clone(),
            points,
            withheld,
            jumps: Vec::new(),
        }
    }

    /// The latest published year up to `year`.
    pub fn latest_up_to(&self, year: i32) -> Option<&ShareYear> {
        self.years
            .iter()
            .rev()
            .find(|y| y.year <= year && y.withheld.is_none())
    }
}

impl Aggregator<'_> {
    /// For each group: every year's members with a value, how many meet
    /// `op threshold`, and the shares of economies and of people that do.
    pub fn share_years(
        &self,
        spec: &SeriesSpec,
        op: CmpOp,
        threshold: f64,
        agg: &Aggregation,
        groups: &[&str],
    ) -> Vec<GroupShares> {
        let (first, last) = self.years;
        let filled: Vec<(usize, &str, Vec<Filled>)> = self
            .economies
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let own = self.economy_values(spec, e);
                // As the averages: one observation is neither interpolated
                // nor followed.
                (own.len() >= 2).then(|| (i, *e, fill::fill(&own, first, last, agg.hold_years)))
            })
            .collect();
        groups
            .iter()
            .map(|g| {
                let members = (0..self.economies.len())
                    .filter(|i| self.is_member_at(*i, g))
                    .count();
                let own: Vec<&(usize, &str, Vec<Filled>)> = filled
                    .iter()
                    .filter(|(i, _, _)| self.is_member_at(*i, g))
                    .collect();
                let mut years = Vec::new();
                for year in first..=last {
                    let mut y = Tally::default();
                    for (i, e, f) in &own {
                        let Some(v) = f.iter().find(|v| v.year == year) else {
                            continue;
                        };
                        let meets = op.holds(v.value, threshold);
                        let people = self.population(Some(*i), e, year);
                        y.add(v.state, meets, people);
                    }
                    // A year where no member has an observed value is the
                    // filling reaching past the series' ends: not a year of
                    // the series.
                    if y.with_value == 0 || y.imputed == y.with_value || members == 0 {
                        continue;
                    }
                    years.push(y.year(year, members, agg));
                }
                GroupShares {
                    geo: g.to_string(),
                    members,
                    years,
                }
            })
            .collect()
    }
}

/// Counts of one group-year.
#[derive(Default)]
struct Tally {
    with_value: usize,
    imputed: usize,
    meeting: usize,
    people: f64,
    people_meeting: f64,
    without_population: usize,
}

impl Tally {
    fn add(&mut self, state: State, meets: bool, people: Option<f64>) {
        self.with_value += 1;
        if state.imputed() {
            self.imputed += 1;
        }
        if meets {
            self.meeting += 1;
        }
        match people {
            Some(p) => {
                self.people += p;
                if meets {
                    self.people_meeting += p;
                }
            }
            None => self.without_population += 1,
        }
    }

    fn year(&self, year: i32, members: usize, agg: &Aggregation) -> ShareYear {
        let coverage = self.with_value as f64 / members as f64;
        let imputed_share = self.imputed as f64 / members as f64;
        let withheld = (coverage < agg.coverage || imputed_share > agg.max_imputed)
            .then(|| Withheld::below_thresholds(year, coverage, imputed_share, agg));
        ShareYear {
            year,
            with_value: self.with_value,
            imputed: self.imputed,
            meeting: self.meeting,
            share: 100.0 * self.meeting as f64 / self.with_value as f64,
            people_share: (self.people > 0.0).then(|| 100.0 * self.people_meeting / self.people),
            without_population: self.without_population,
            coverage,
            withheld,
        }
    }
}
