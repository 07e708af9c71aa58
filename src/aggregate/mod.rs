//! Group values: World, the ITU regions and the development levels, from
//! economies' values by each indicator's rule, beside the aggregates ITU
//! and the UN publish.
//!
//! Published wins where it exists; computed fills the rest. A computed value
//! carries its coverage (the share of the group's weight with a value) and
//! the share of the weight that is imputed (interpolated or held, see
//! [`fill`]); a group-year with too little coverage or too much imputed
//! weight is withheld, with the reason. Composition is fixed: a group's
//! members are the same in every year, so a member that stops reporting is
//! held for a few years and then counts against coverage, rather than
//! silently dropping out of the average.
//!
//! Weights follow what the indicator counts: households (population ÷
//! average household size) for "% of households", people for "% of
//! individuals", every economy once for prices (median), another series
//! (e-waste generated) for rates of a quantity. Pure: no I/O.

pub mod fill;
pub mod frame;
pub mod index;
pub mod jumps;
pub mod shares;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::base::Point;
use crate::base::vocab::vocabulary;
use crate::classify::{Classification, WeightRow};
use crate::error::Result;
use crate::indicator::{Aggregation, AggregationMethod, CmpOp, Disaggregation, SeriesSpec, Weight};
use crate::ingest::validate::{FIRST_YEAR, LAST_YEAR};
use frame::{GroupSums, MemberValue};
pub use index::{SeriesIndex, Value};
pub use jumps::{Jump, JumpKind};
pub use shares::{GroupShares, ShareYear};

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// An economy's own value, as published.
    Observed,
    /// A group value as ITU or the UN publish it.
    Published,
    /// A group value rbm computed from its members.
    Computed,
}

impl Origin {
    /// The word in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Observed => "observed",
            Origin::Published => "published",
            Origin::Computed => "computed",
        }
    }
}

/// One year of a group's (or an economy's) series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupPoint {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// Where it comes from.
    pub origin: Origin,
    /// For computed values: share of the group's weight with a value.
    pub coverage: Option<f64>,
    /// For computed values: share of the group's weight imputed.
    pub imputed: Option<f64>,
    /// Marked as an estimate: by the publisher, or (computed) when more
    /// than half of the weight is estimated or more than 10% imputed.
    pub estimate: bool,
}

vocabulary! {
    /// Why a group-year is withheld, as a short code for table cells.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum WithheldWhy: "withheld reason" {
        Coverage = "cov": "Too little of the group's weight has a value.",
        Imputed = "imp": "Too much of the group's weight is imputed.",
        Unobserved = "obs": "The members holding most of the group's weight have no observed value that year.",
        NoValue = "none": "No member has both a value and a weight.",
    }
}

/// A group-year rbm does not publish, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Withheld {
    /// Year.
    pub year: i32,
    /// Share of the group's weight with a value.
    pub coverage: f64,
    /// Share of the group's weight imputed.
    pub imputed: f64,
    /// Why, as a code.
    pub why: WithheldWhy,
    /// Why, in words.
    pub reason: String,
}

impl Withheld {
    /// A group-year withheld for its coverage or imputed share, against
    /// the indicator's thresholds.
    fn below_thresholds(year: i32, coverage: f64, imputed: f64, agg: &Aggregation) -> Self {
        let (why, reason) = if coverage < agg.coverage {
            (
                WithheldWhy::Coverage,
                format!(
                    "coverage {:.0}% of the group's weight is below the {:.0}% threshold",
                    100.0 * coverage,
                    100.0 * agg.coverage
                ),
            )
        } else {
            (
                WithheldWhy::Imputed,
                format!(
                    "{:.0}% of the group's weight is imputed, above the {:.0}% limit",
                    100.0 * imputed,
                    100.0 * agg.max_imputed
                ),
            )
        };
        Withheld {
            year,
            coverage,
            imputed,
            why,
            reason,
        }
    }
}

/// A group-year both published and computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Group code.
    pub geo: String,
    /// Year.
    pub year: i32,
    /// The publisher's value.
    pub published: f64,
    /// rbm's value.
    pub computed: f64,
    /// Coverage of rbm's value.
    pub coverage: f64,
    /// Imputed share of rbm's value.
    pub imputed: f64,
}

/// A group's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSeries {
    /// Group code.
    pub geo: String,
    /// Values by year.
    pub points: Vec<GroupPoint>,
    /// Years withheld.
    pub withheld: Vec<Withheld>,
    /// Computed years that move for the wrong reason.
    pub jumps: Vec<Jump>,
}

impl GroupSeries {
    /// The (year, value) points.
    pub fn values(&self) -> Vec<Point> {
        self.points
            .iter()
            .map(|p| Point::new(p.year, p.value))
            .collect()
    }
}

/// Computes group values from an index of the observations and the
/// classification.
pub struct Aggregator<'a> {
    index: &'a SeriesIndex<'a>,
    class: &'a Classification,
    /// The classified economies, in code order; an economy's index here
    /// is its index in the tables below.
    economies: Vec<&'a str>,
    /// The groups of each economy.
    member_of: Vec<Vec<&'a str>>,
    /// Each economy's weights in each of `years`, at
    /// `economy * span + (year - years.0)`: every series of every command
    /// reads them, and looking each up by (code, year) in the
    /// classification's ordered map was a tenth of `rbm progress`.
    weight_rows: Vec<Option<WeightRow>>,
    years: (i32, i32),
    /// The weights of every economy and year, by what they weigh (and,
    /// for a series, how long its values are held), built the first time
    /// a series asks for them: most indicators share households or
    /// people, and building them again for each was a tenth of `rbm
    /// progress`. Shared by the threads that assess indicators.
    weights: std::sync::Mutex<Vec<(WeightKey, Weights)>>,
}

/// What the weights of an aggregation depend on: what it weighs by, and
/// for a series, the years its values are held.
type WeightKey = (Weight, i32);

/// (economy, year, weight) for every economy and year with a positive
/// weight.
type Weights = Arc<[(u32, i32, f64)]>;

impl<'a> Aggregator<'a> {
    /// An aggregator over the years the data covers.
    pub fn new(index: &'a SeriesIndex<'a>, class: &'a Classification) -> Self {
        let years = index.years().unwrap_or((FIRST_YEAR, LAST_YEAR));
        let economies: Vec<&str> = class.economies.keys().map(String::as_str).collect();
        let member_of = class.economies.values().map(|e| e.groups()).collect();
        let span = (years.1 - years.0 + 1) as usize;
        let mut weight_rows = vec![None; economies.len() * span];
        // The weights come by economy: each economy's place is found once
        // for its run of years, not by a search per year.
        let mut last: Option<(&str, Option<usize>)> = None;
        for ((code, year), w) in &class.weights {
            let at = match last {
                Some((c, at)) if c == code => at,
                _ => {
                    let at = economies.binary_search(&code.as_str()).ok();
                    last = Some((code, at));
                    at
                }
            };
            if (years.0..=years.1).contains(year)
                && let Some(i) = at
            {
                weight_rows[i * span + (year - years.0) as usize] = Some(*w);
            }
        }
        Aggregator {
            index,
            class,
            economies,
            member_of,
            weight_rows,
            years,
            weights: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The index of a classified economy in the aggregator's tables.
    fn economy_at(&self, economy: &str) -> Option<usize> {
        self.economies.binary_search(&economy).ok()
    }

    /// True when the economy at `at` is a member of the group.
    fn is_member_at(&self, at: usize, group: &str) -> bool {
        self.member_of[at].contains(&group)
    }

    /// An economy's weights in a year: from the dense table for a
    /// classified economy in the data's years, else from the
    /// classification.
    fn weight_row(&self, at: Option<usize>, economy: &str, year: i32) -> Option<WeightRow> {
        let (first, last) = self.years;
        match at {
            Some(i) if (first..=last).contains(&year) => {
                let span = (last - first + 1) as usize;
                self.weight_rows[i * span + (year - first) as usize]
            }
            _ => self.class.weight(economy, year).copied(),
        }
    }

    /// An economy's population in a year, where it has a positive one.
    fn population(&self, at: Option<usize>, economy: &str, year: i32) -> Option<f64> {
        self.weight_row(at, economy, year)
            .map(|w| w.population)
            .filter(|p| *p > 0.0)
    }

    /// The first and last year with any data.
    pub fn years(&self) -> (i32, i32) {
        self.years
    }

    /// The classification.
    pub fn classification(&self) -> &Classification {
        self.class
    }

    /// An economy's own values of a series spec: plain, a ratio of
    /// disaggregations, or a ratio to another series (scaled).
    pub fn economy_values(&self, spec: &SeriesSpec, geo: &str) -> Vec<Value> {
        let get = |code: &str, d: &Disaggregation| self.index.values(code, d, geo);
        let mut out: Vec<Value> = match (&spec.parity, &spec.ratio_to) {
            _ if !spec.sum_of.is_empty() => sum(spec
                .sum_of
                .iter()
                .map(|code| get(code, &spec.select))
                .collect()),
            (Some((num, den)), _) => ratio(get(&spec.code, num), get(&spec.code, den)),
            (None, Some(other)) => ratio(get(&spec.code, &spec.select), get(other, &spec.select)),
            (None, None) => get(&spec.code, &spec.select).to_vec(),
        };
        if spec.scale != 1.0 {
            for v in &mut out {
                v.value *= spec.scale;
            }
        }
        out
    }

    /// Economies with values of a spec, by code.
    pub fn economy_series(&self, spec: &SeriesSpec) -> BTreeMap<String, Vec<Value>> {
        self.economies
            .iter()
            .filter_map(|e| {
                let v = self.economy_values(spec, e);
                (!v.is_empty()).then(|| (e.to_string(), v))
            })
            .collect()
    }

    /// Published group values of a spec.
    fn published(&self, spec: &SeriesSpec, group: &str) -> Vec<Value> {
        if spec.ratio_to.is_some() {
            return Vec::new();
        }
        self.economy_values(spec, group)
    }

    /// True when ITU or the UN publish a value of the spec for any of the
    /// groups.
    pub fn has_published(&self, spec: &SeriesSpec, groups: &[&str]) -> bool {
        groups.iter().any(|g| !self.published(spec, g).is_empty())
    }

    /// Each group's series: published where it exists, computed elsewhere.
    pub fn group_series(
        &self,
        spec: &SeriesSpec,
        agg: &Aggregation,
        groups: &[&str],
    ) -> Result<Vec<GroupSeries>> {
        let computed = match &spec.parity {
            // A ratio of two aggregates: each part is aggregated with the
            // same weights, and the group-year needs both.
            Some((num, den)) => {
                let part = |d: &Disaggregation| SeriesSpec {
                    code: spec.code.clone(),
                    select: d.clone(),
                    parity: None,
                    ratio_to: None,
                    sum_of: Vec::new(),
                    scale: 1.0,
                    breaks: spec.breaks.clone(),
                };
                let n = self.compute(&part(num), agg, groups)?;
                let d = self.compute(&part(den), agg, groups)?;
                n.into_iter()
                    .zip(d)
                    .map(|(n, d)| combine_ratio(n, d, spec.scale))
                    .collect()
            }
            None => self.compute(spec, agg, groups)?,
        };
        Ok(computed
            .into_iter()
            .map(|mut s| {
                let published = self.published(spec, &s.geo);
                if !published.is_empty() {
                    let by_year: BTreeMap<i32, Value> =
                        published.iter().map(|v| (v.year, *v)).collect();
                    s.points.retain(|p| !by_year.contains_key(&p.year));
                    s.withheld.retain(|w| !by_year.contains_key(&w.year));
                    s.jumps.retain(|j| !by_year.contains_key(&j.year));
                    for v in by_year.values() {
                        s.points.push(GroupPoint {
                            year: v.year,
                            value: v.value,
                            origin: Origin::Published,
                            coverage: None,
                            imputed: None,
                            // As the publisher marks it: ITU's aggregates
                            // workbook says all its values are ITU estimates.
                            estimate: v.estimate,
                        });
                    }
                    s.points.sort_by_key(|p| p.year);
                }
                s
            })
            .collect())
    }

    /// For every group-year where a value is both published and computed:
    /// the two side by side, to check rbm's rules against the publisher's.
    pub fn compare(
        &self,
        spec: &SeriesSpec,
        agg: &Aggregation,
        groups: &[&str],
    ) -> Result<Vec<Comparison>> {
        let computed = match &spec.parity {
            Some(_) => return Ok(Vec::new()),
            None => self.compute(spec, agg, groups)?,
        };
        let mut out = Vec::new();
        for s in computed {
            let published = self.published(spec, &s.geo);
            for p in &s.points {
                if let Some(v) = published.iter().find(|v| v.year == p.year) {
                    out.push(Comparison {
                        geo: s.geo.clone(),
                        year: p.year,
                        published: v.value,
                        computed: p.value,
                        coverage: p.coverage.unwrap_or(0.0),
                        imputed: p.imputed.unwrap_or(0.0),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Computed values only (no published ones), for plain specs and ratios
    /// to another series.
    fn compute(
        &self,
        spec: &SeriesSpec,
        agg: &Aggregation,
        groups: &[&str],
    ) -> Result<Vec<GroupSeries>> {
        let (first, last) = self.years;
        let hold = agg.hold_years;
        let mut values = Vec::new();
        for (i, e) in self.economies.iter().enumerate() {
            let own = self.economy_values(spec, e);
            // One observation can be neither interpolated nor followed: held
            // for years, it would stand in for a series that does not exist
            // (ITU priced 20 economies' broadband in 2022 only).
            if own.len() < 2 {
                continue;
            }
            for f in fill::fill(&own, first, last, hold) {
                values.push(MemberValue {
                    economy: i as u32,
                    year: f.year,
                    value: f.value,
                    imputed: f.state.imputed(),
                    estimate: f.estimate,
                });
            }
        }
        let mut members = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            for i in 0..self.economies.len() {
                if self.is_member_at(i, g) {
                    members.push((i as u32, gi as u32));
                }
            }
        }
        let weights = self.weights(agg);
        let with_median = agg.method == AggregationMethod::Median;
        let sums = frame::group_sums(&values, &members, &weights, with_median);
        let mut out: Vec<GroupSeries> = groups
            .iter()
            .map(|g| GroupSeries {
                geo: g.to_string(),
                points: Vec::new(),
                withheld: Vec::new(),
                jumps: Vec::new(),
            })
            .collect();
        for s in sums {
            let series = &mut out[s.group as usize];
            match publishable(&s, agg) {
                Ok(p) => series.points.push(p),
                Err(w) => series.withheld.push(w),
            }
        }
        // A weighted mean can be split into its members' parts; a median
        // or a sum of whoever reports cannot in the same way.
        if matches!(agg.method, AggregationMethod::WeightedMean { .. }) {
            let jumps = jumps::weighted_mean_jumps(&values, &members, &weights, &self.economies);
            for (g, js) in jumps {
                if let Some(series) = out.get_mut(g as usize) {
                    series.jumps = js
                        .into_iter()
                        .filter(|j| series.points.iter().any(|p| p.year == j.year))
                        .collect();
                }
            }
        }
        Ok(out)
    }

    /// (economy, year, weight) for the aggregation's weight over the
    /// data's years, built once a run for each [`WeightKey`].
    fn weights(&self, agg: &Aggregation) -> Weights {
        let weight = match &agg.method {
            AggregationMethod::WeightedMean { weight } => weight.clone(),
            _ => Weight::Economies,
        };
        let hold = if matches!(weight, Weight::Series(_)) {
            agg.hold_years
        } else {
            0
        };
        let key = (weight, hold);
        // A poisoned lock only means another thread panicked while it
        // built weights; what is stored is whole either way.
        let known = |w: &Vec<(WeightKey, Weights)>| {
            w.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
        };
        if let Some(w) = known(&self.weights.lock().unwrap_or_else(|p| p.into_inner())) {
            return w;
        }
        // Built outside the lock (two threads may both build the same
        // weights once; the first stored is kept, and they are equal).
        let (first, last) = self.years;
        let mut out = Vec::new();
        for (i, e) in self.economies.iter().enumerate() {
            for (y, w) in self.economy_weights(agg, e, first, last) {
                out.push((i as u32, y, w));
            }
        }
        let built: Weights = out.into();
        let mut stored = self.weights.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(w) = known(&stored) {
            return w;
        }
        stored.push((key, built.clone()));
        built
    }

    /// One economy's (year, weight) under the aggregation's weight, for the
    /// years `first..=last` where it has a positive one: the weights its
    /// values carry in the group averages.
    fn economy_weights(
        &self,
        agg: &Aggregation,
        economy: &str,
        first: i32,
        last: i32,
    ) -> Vec<(i32, f64)> {
        let weight = match &agg.method {
            AggregationMethod::WeightedMean { weight } => weight.clone(),
            // Medians and sums count economies.
            _ => Weight::Economies,
        };
        let at = self.economy_at(economy);
        match &weight {
            Weight::Economies => (first..=last).map(|y| (y, 1.0)).collect(),
            Weight::Population | Weight::Households => (first..=last)
                .filter_map(|y| {
                    let w = self.weight_row(at, economy, y)?;
                    let v = if weight == Weight::Population {
                        Some(w.population)
                    } else {
                        w.households()
                    };
                    v.filter(|v| *v > 0.0).map(|v| (y, v))
                })
                .collect(),
            Weight::Series(code) => {
                let own = self.index.values(code, &Disaggregation::total(), economy);
                fill::fill(own, first, last, agg.hold_years)
                    .into_iter()
                    .filter(|f| f.value > 0.0)
                    .map(|f| (f.year, f.value))
                    .collect()
            }
        }
    }

    /// The weight an economy's value of `year` carries in its groups'
    /// averages (households, people, 1 for medians, or the weighting
    /// series); `None` where it has none that year.
    pub fn economy_weight(&self, agg: &Aggregation, economy: &str, year: i32) -> Option<f64> {
        self.economy_weights(agg, economy, year, year)
            .first()
            .map(|(_, w)| *w)
    }

    /// For each group and year: the share (percent) of its economies whose
    /// value meets `op threshold`, among those with a value (filled as for
    /// aggregation); withheld below the coverage threshold (counted in
    /// economies). The published years of [`Aggregator::share_years`].
    pub fn share_series(
        &self,
        spec: &SeriesSpec,
        op: CmpOp,
        threshold: f64,
        agg: &Aggregation,
        groups: &[&str],
    ) -> Vec<GroupSeries> {
        self.share_years(spec, op, threshold, agg, groups)
            .iter()
            .map(GroupShares::series)
            .collect()
    }
}

/// Values of a ratio a/b in the years both have (b non-zero).
/// Series added year by year: a year counts only where every part has a
/// value (a sum missing one part would pass for a fall).
fn sum(parts: Vec<&[Value]>) -> Vec<Value> {
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .filter_map(|x| {
            let mut total = *x;
            for part in rest {
                let y = part.iter().find(|y| y.year == x.year)?;
                total.value += y.value;
                total.estimate |= y.estimate;
            }
            Some(total)
        })
        .collect()
}

fn ratio(a: &[Value], b: &[Value]) -> Vec<Value> {
    a.iter()
        .filter_map(|x| {
            let y = b.iter().find(|y| y.year == x.year)?;
            (y.value != 0.0).then(|| Value {
                year: x.year,
                value: x.value / y.value,
                estimate: x.estimate || y.estimate,
            })
        })
        .collect()
}

/// The ratio of two computed group series, year by year; a year withheld
/// for either part is withheld for the ratio.
fn combine_ratio(num: GroupSeries, den: GroupSeries, scale: f64) -> GroupSeries {
    let mut points = Vec::new();
    for n in &num.points {
        if let Some(d) = den.points.iter().find(|d| d.year == n.year)
            && d.value != 0.0
        {
            points.push(GroupPoint {
                year: n.year,
                value: scale * n.value / d.value,
                origin: Origin::Computed,
                coverage: match (n.coverage, d.coverage) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    _ => None,
                },
                imputed: match (n.imputed, d.imputed) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                },
                estimate: n.estimate || d.estimate,
            });
        }
    }
    let mut withheld = num.withheld;
    for w in den.withheld {
        if !withheld.iter().any(|x| x.year == w.year) {
            withheld.push(w);
        }
    }
    withheld.sort_by_key(|w| w.year);
    GroupSeries {
        geo: num.geo,
        points,
        withheld,
        jumps: Vec::new(),
    }
}

/// A computed value, or the reason it is withheld.
fn publishable(s: &GroupSums, agg: &Aggregation) -> std::result::Result<GroupPoint, Withheld> {
    let total = s.total_weight;
    if total <= 0.0 || s.weight <= 0.0 {
        return Err(Withheld {
            year: s.year,
            coverage: 0.0,
            imputed: 0.0,
            why: WithheldWhy::NoValue,
            reason: "no member has both a value and a weight".to_string(),
        });
    }
    let coverage = (s.weight / total).min(1.0);
    let imputed = s.imputed_weight / total;
    if coverage < agg.coverage || imputed > agg.max_imputed {
        return Err(Withheld::below_thresholds(s.year, coverage, imputed, agg));
    }
    let observed = ((s.weight - s.imputed_weight) / total).clamp(0.0, 1.0);
    if observed < agg.min_observed {
        return Err(Withheld {
            year: s.year,
            coverage,
            imputed,
            why: WithheldWhy::Unobserved,
            reason: format!(
                "members with an observed value hold {:.0}% of the group's weight, below the {:.0}% minimum: the members holding most of it have no data that year",
                100.0 * observed,
                100.0 * agg.min_observed
            ),
        });
    }
    let value = match agg.method {
        AggregationMethod::WeightedMean { .. } => s.weighted_sum / s.weight,
        AggregationMethod::Median => s.median,
        AggregationMethod::Sum => s.sum,
    };
    Ok(GroupPoint {
        year: s.year,
        value,
        origin: Origin::Computed,
        coverage: Some(coverage),
        imputed: Some(imputed),
        estimate: imputed > 0.1 || s.estimate_weight > 0.5 * s.weight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Economy, WeightRow};
    use crate::ingest::{Observation, ObservationTable};

    /// Three economies in one region: big (10 people in households of 5),
    /// mid (10 people in households of 2), small (2 people, households of 1).
    fn world() -> Classification {
        let mut c = Classification::default();
        for (iso, pop, size) in [("BIG", 10.0, 5.0), ("MID", 10.0, 2.0), ("SML", 2.0, 1.0)] {
            c.economies.insert(
                iso.into(),
                Economy {
                    iso3: iso.into(),
                    name: iso.into(),
                    m49: None,
                    itu_region: Some("ITU_AFR".into()),
                    developed: Some(false),
                    ldc: iso == "BIG",
                    lldc: false,
                    sids: false,
                    income: None,
                },
            );
            for year in 2015..=2024 {
                c.weights.insert(
                    (iso.into(), year),
                    WeightRow {
                        population: pop,
                        population_held: false,
                        household_size: Some(size),
                        size_basis: None,
                    },
                );
            }
        }
        c.index();
        c
    }

    /// A table with the values given, and for each economy also the same
    /// value a year earlier (an economy needs two observations to enter a
    /// computed aggregate).
    fn table(values: &[(&str, i32, f64)]) -> ObservationTable {
        let mut t = ObservationTable::new();
        let mut all: Vec<(&str, i32, f64)> = values.to_vec();
        for &(geo, year, value) in values {
            if geo.len() == 3 && !values.iter().any(|v| v.0 == geo && v.1 == year - 1) {
                all.push((geo, year - 1, value));
            }
        }
        for (geo, year, value) in all {
            let r = t.to_row(&Observation {
                series: "x".into(),
                geo: geo.into(),
                year,
                value,
                unit: "percent".into(),
                ..Observation::default()
            });
            t.insert(r);
        }
        t
    }

    fn spec() -> SeriesSpec {
        SeriesSpec {
            sum_of: Vec::new(),
            code: "x".into(),
            select: Disaggregation::total(),
            parity: None,
            ratio_to: None,
            scale: 1.0,
            breaks: vec![],
        }
    }

    fn value(series: &[GroupSeries], geo: &str, year: i32) -> Option<f64> {
        series
            .iter()
            .find(|s| s.geo == geo)?
            .points
            .iter()
            .find(|p| p.year == year)
            .map(|p| p.value)
    }

    #[test]
    fn households_weigh_by_households_and_people_by_people() {
        let c = world();
        let t = table(&[
            ("BIG", 2020, 10.0),
            ("MID", 2020, 50.0),
            ("SML", 2020, 90.0),
        ]);
        let index = SeriesIndex::new(&t);
        let agg = Aggregator::new(&index, &c);
        // Households: BIG 2, MID 5, SML 2 → (20 + 250 + 180) / 9 = 50.
        let hh = Aggregation::new(AggregationMethod::WeightedMean {
            weight: Weight::Households,
        });
        let s = agg
            .group_series(&spec(), &hh, &["ITU_AFR"])
            .expect("series");
        assert!((value(&s, "ITU_AFR", 2020).expect("value") - 50.0).abs() < 1e-9);
        // People: (100 + 500 + 180) / 22 = 35.4545…
        let pop = Aggregation::new(AggregationMethod::WeightedMean {
            weight: Weight::Population,
        });
        let s = agg
            .group_series(&spec(), &pop, &["ITU_AFR"])
            .expect("series");
        assert!((value(&s, "ITU_AFR", 2020).expect("value") - 780.0 / 22.0).abs() < 1e-9);
        // Median of 10, 50, 90 = 50.
        let med = Aggregation::new(AggregationMethod::Median);
        let s = agg
            .group_series(&spec(), &med, &["ITU_AFR"])
            .expect("series");
        assert_eq!(value(&s, "ITU_AFR", 2020), Some(50.0));
        // The aggregator keeps each weight's table once built: households
        // again are the households' 50, people again the people's 35.45.
        let s = agg
            .group_series(&spec(), &hh, &["ITU_AFR"])
            .expect("series");
        assert!((value(&s, "ITU_AFR", 2020).expect("value") - 50.0).abs() < 1e-9);
        let s = agg
            .group_series(&spec(), &pop, &["ITU_AFR"])
            .expect("series");
        assert!((value(&s, "ITU_AFR", 2020).expect("value") - 780.0 / 22.0).abs() < 1e-9);
    }

    #[test]
    fn a_member_that_stops_reporting_is_held_then_withheld() {
        let c = world();
        // BIG reports 2015–2020 only; the others every year to 2024.
        let mut v = Vec::new();
        for y in 2015..=2024 {
            if y <= 2020 {
                v.push(("BIG", y, 10.0));
            }
            v.push(("MID", y, 80.0));
            v.push(("SML", y, 90.0));
        }
        let t = table(&v);
        let index = SeriesIndex::new(&t);
        let agg = Aggregator::new(&index, &c);
        let mut rule = Aggregation::new(AggregationMethod::WeightedMean {
            weight: Weight::Population,
        });
        rule.max_imputed = 0.5;
        let s = agg
            .group_series(&spec(), &rule, &["ITU_AFR"])
            .expect("series");
        let afr = &s[0];
        // 2022: BIG held at 10 (imputed 10/22), the group keeps its value
        // (100 + 800 + 180) / 22 = 49.09 rather than jumping to 81.7.
        let p = afr.points.iter().find(|p| p.year == 2022).expect("2022");
        assert!((p.value - 1080.0 / 22.0).abs() < 1e-9);
        assert!((p.imputed.expect("imputed") - 10.0 / 22.0).abs() < 1e-9);
        // 2024: four years after BIG's last value, beyond the three-year hold:
        // coverage 12/22 = 55% < 60%: withheld, with the reason.
        assert!(afr.points.iter().all(|p| p.year != 2024));
        let w = afr
            .withheld
            .iter()
            .find(|w| w.year == 2024)
            .expect("withheld");
        assert!(w.reason.starts_with("coverage 55%"), "{}", w.reason);
    }

    #[test]
    fn published_values_win_over_computed_ones() {
        let c = world();
        let t = table(&[
            ("BIG", 2020, 10.0),
            ("MID", 2020, 50.0),
            ("SML", 2020, 90.0),
            ("ITU_AFR", 2020, 42.0),
        ]);
        let index = SeriesIndex::new(&t);
        let agg = Aggregator::new(&index, &c);
        let rule = Aggregation::new(AggregationMethod::WeightedMean {
            weight: Weight::Population,
        });
        let s = agg
            .group_series(&spec(), &rule, &["ITU_AFR"])
            .expect("series");
        let p = s[0].points.iter().find(|p| p.year == 2020).expect("2020");
        assert_eq!(
            (p.value, p.origin, p.coverage),
            (42.0, Origin::Published, None)
        );
        let cmp = agg.compare(&spec(), &rule, &["ITU_AFR"]).expect("compare");
        let c = cmp.iter().find(|c| c.year == 2020).expect("2020");
        assert!((c.computed - 780.0 / 22.0).abs() < 1e-9);
    }

    #[test]
    fn share_of_economies_meeting_a_condition() {
        let c = world();
        // Prices as % of GNI p.c.: 1.5, 2.5, 1.9 → two of three at or below 2.
        let t = table(&[("BIG", 2020, 1.5), ("MID", 2020, 2.5), ("SML", 2020, 1.9)]);
        let index = SeriesIndex::new(&t);
        let agg = Aggregator::new(&index, &c);
        let rule = Aggregation::new(AggregationMethod::Median);
        let s = agg.share_series(&spec(), CmpOp::Le, 2.0, &rule, &["ITU_AFR", "LDC"]);
        let at = |i: usize| s[i].points.iter().find(|p| p.year == 2020).map(|p| p.value);
        assert!((at(0).expect("AFR") - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(at(1), Some(100.0));
    }

    #[test]
    fn share_years_count_members_and_people() {
        let c = world();
        // BIG 1.5 and SML 1.9 are below 2, MID 2.5 is not: 2 of 3
        // economies; people: (10 + 2) / (10 + 10 + 2) = 54.55%.
        let t = table(&[("BIG", 2020, 1.5), ("MID", 2020, 2.5), ("SML", 2020, 1.9)]);
        let index = SeriesIndex::new(&t);
        let agg = Aggregator::new(&index, &c);
        let rule = Aggregation::new(AggregationMethod::Median);
        let s = agg.share_years(&spec(), CmpOp::Lt, 2.0, &rule, &["ITU_AFR"]);
        let y = s[0].years.iter().find(|y| y.year == 2020).expect("2020");
        assert_eq!((s[0].members, y.with_value, y.meeting), (3, 3, 2));
        assert!((y.people_share.expect("people") - 1200.0 / 22.0).abs() < 1e-9);
        assert!(y.withheld.is_none());
    }

    #[test]
    fn a_single_observation_is_left_out_of_the_shares_as_of_the_averages() {
        let c = world();
        // SML has one value (2020): like the averages, the shares leave it
        // out rather than hold it for years; 1 of the 2 others meets.
        let mut t = table(&[("BIG", 2020, 1.5), ("MID", 2020, 2.5)]);
        let r = t.to_row(&Observation {
            series: "x".into(),
            geo: "SML".into(),
            year: 2020,
            value: 1.0,
            unit: "percent".into(),
            ..Observation::default()
        });
        t.insert(r);
        let index = SeriesIndex::new(&t);
        let agg = Aggregator::new(&index, &c);
        let rule = Aggregation::new(AggregationMethod::Median);
        let s = agg.share_years(&spec(), CmpOp::Lt, 2.0, &rule, &["ITU_AFR"]);
        let y = s[0].years.iter().find(|y| y.year == 2020).expect("2020");
        assert_eq!((y.with_value, y.meeting), (2, 1));
    }
}
