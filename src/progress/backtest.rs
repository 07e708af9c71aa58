//! How well each method would have projected the years after a cut-off:
//! the evidence behind the default model, re-measured on whatever data rbm
//! is given.
//!
//! For every series (an indicator's group series; a parity indicator's
//! distance to the band) and every cut-off year c, each method projects
//! from the points up to c on the comparable segment c is on, with its
//! base year moved back by as many years as c is before the latest year
//! (so that every method uses a window as long as it uses today), by the
//! same projection its statuses use ([`super::assess::projection`]). The
//! error is the projection minus what was later observed `horizon` years
//! after c. By default every cut-off from six to eleven years before the
//! indicator's latest year is pooled (for a horizon of six): one cut-off is
//! one year of outcomes, and a single year's outcomes can be moved by one
//! shock.
//!
//! Also what each status turned out to mean (the share of the remaining gap
//! later closed, and how often the target was met, when the indicator's
//! target is set `horizon` years after each cut-off). Pure: rows and
//! series in, numbers out.
//!
//! A breakdown (an indicator's urban or rural part, a type of skill) is
//! scored on its own rows, but left out of everything pooled over
//! indicators (the overall and per-cut-off summaries, the default against
//! the named methods, the status bands): its observations are its parent's
//! again, and pooling both would count them twice.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assess::{self, goal};
use super::reduce::Reduced;
use super::status::{Method, Status};
use crate::base::Point;
use crate::base::vocab::vocabulary;

vocabulary! {
    /// The kind of series, which decides the default model and the units
    /// errors are in (so that errors are pooled within a kind only).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum SeriesKind: "kind of series" {
        BoundedShare = "bounded_share": "A share in percent between natural limits (errors in percentage points).",
        Price = "price": "A price as % of GNI per capita (errors in % of GNI per capita).",
        Count = "count": "A count.",
        Parity = "parity": "A parity ratio's distance to its band (errors in ratio units).",
        EconomyShare = "economy_share": "The share of a group's economies that meet a target's threshold (errors in percentage points of the economies).",
        Other = "other": "Anything else.",
    }
}

/// One series to hindcast.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Indicator id.
    pub indicator_id: String,
    /// Group code.
    pub geo: String,
    /// Its kind.
    pub kind: SeriesKind,
    /// Every point, on every comparable segment, sorted by year.
    pub points: Vec<Point>,
    /// A breakdown of another indicator: scored, but not pooled.
    pub breakdown: bool,
    /// First years of new methods.
    pub breaks: Vec<i32>,
    /// Base year, limits, direction, model and (when the indicator has a
    /// level, threshold or parity target for 2030) target of the series;
    /// its points are replaced at each cut-off.
    pub template: Reduced,
}

/// Which cut-offs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cuts {
    /// Every year from `horizon + 5` to `horizon` years before each
    /// indicator's latest year (2013–2018 for a latest year of 2024 and a
    /// horizon of 6).
    Pooled,
    /// One year.
    One(i32),
}

/// The default horizon: six years ahead (2024 → 2030).
pub const HORIZON: i32 = 6;

/// The pooled cut-offs end this many years before the horizon's last.
const POOLED_CUTS: i32 = 6;

/// One scored projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// Method.
    pub method: Method,
    /// Indicator id.
    pub indicator_id: String,
    /// Group code.
    pub geo: String,
    /// Kind of series.
    pub kind: SeriesKind,
    /// The cut-off year.
    pub cut_year: i32,
    /// The year scored.
    pub year: i32,
    /// What the method projected for it.
    pub projected: f64,
    /// What was observed.
    pub observed: f64,
    /// Of a breakdown: in its own summaries only, not pooled.
    #[serde(skip)]
    pub breakdown: bool,
}

impl Miss {
    /// Projected minus observed.
    pub fn error(&self) -> f64 {
        self.projected - self.observed
    }
}

/// The comparable segment a year is on: how many breaks are at or before it.
fn segment(breaks: &[i32], year: i32) -> usize {
    breaks.iter().filter(|b| **b <= year).count()
}

/// The latest year of each indicator's series.
fn latest_years(cases: &[Case]) -> BTreeMap<&str, i32> {
    let mut out: BTreeMap<&str, i32> = BTreeMap::new();
    for c in cases {
        if let Some(last) = c.points.last() {
            let e = out.entry(c.indicator_id.as_str()).or_insert(last.year);
            *e = (*e).max(last.year);
        }
    }
    out
}

/// The cut-offs of an indicator whose latest year is `latest`.
pub fn cut_years(cuts: Cuts, latest: i32, horizon: i32) -> Vec<i32> {
    match cuts {
        Cuts::One(c) => vec![c],
        Cuts::Pooled => (latest - horizon - (POOLED_CUTS - 1)..=latest - horizon).collect(),
    }
}

/// A case as a forecaster at `cut` had it: the points up to the cut on its
/// segment, the base year moved back with the cut, the target (when given)
/// set `target_year`.
fn as_at(case: &Case, cut: i32, latest: i32) -> Reduced {
    let seg = segment(&case.breaks, cut);
    let mut r = case.template.clone();
    r.points = case
        .points
        .iter()
        .copied()
        .filter(|p| p.year <= cut && segment(&case.breaks, p.year) == seg)
        .collect();
    r.base_year = case.template.base_year - (latest - cut);
    r
}

/// The projections of every method from every cut-off, scored `horizon`
/// years later.
pub fn hindcast(cases: &[Case], cuts: Cuts, horizon: i32, methods: &[Method]) -> Vec<Miss> {
    let latest = latest_years(cases);
    let mut out = Vec::new();
    for case in cases {
        let Some(&last) = latest.get(case.indicator_id.as_str()) else {
            continue;
        };
        for cut in cut_years(cuts, last, horizon) {
            let year = cut + horizon;
            let Some(observed) = case.points.iter().find(|p| {
                p.year == year && segment(&case.breaks, p.year) == segment(&case.breaks, cut)
            }) else {
                continue;
            };
            let reduced = as_at(case, cut, last);
            if reduced.points.is_empty() {
                continue;
            }
            for &method in methods {
                if let Ok(p) = assess::projection(&reduced, method, cut) {
                    out.push(Miss {
                        method,
                        indicator_id: case.indicator_id.clone(),
                        geo: case.geo.clone(),
                        kind: case.kind,
                        cut_year: cut,
                        year,
                        projected: p.at(year),
                        observed: observed.value,
                        breakdown: case.breakdown,
                    });
                }
            }
        }
    }
    out
}

/// Errors summarised: count, mean absolute error, mean error (bias: above
/// zero, the method projected too much), largest absolute error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Method.
    pub method: Method,
    /// Indicator id, or `None` for every indicator of the kind.
    pub indicator_id: Option<String>,
    /// Group code, or `None` for every group.
    pub geo: Option<String>,
    /// Cut-off year, or `None` for every cut-off pooled.
    pub cut_year: Option<i32>,
    /// Kind of series.
    pub kind: SeriesKind,
    /// Projections scored.
    pub n: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Mean error.
    pub bias: f64,
    /// Largest absolute error.
    pub worst: f64,
}

fn summary<'m>(
    key: (
        Method,
        Option<String>,
        Option<String>,
        Option<i32>,
        SeriesKind,
    ),
    misses: impl Iterator<Item = &'m Miss>,
) -> Summary {
    let errors: Vec<f64> = misses.map(Miss::error).collect();
    let n = errors.len();
    let mean = |f: &dyn Fn(f64) -> f64| errors.iter().map(|e| f(*e)).sum::<f64>() / n as f64;
    Summary {
        method: key.0,
        indicator_id: key.1,
        geo: key.2,
        cut_year: key.3,
        kind: key.4,
        n,
        mae: mean(&|e| e.abs()),
        bias: mean(&|e| e),
        worst: errors.iter().fold(0.0, |m, e| m.max(e.abs())),
    }
}

/// Every summary: per method and kind overall, per method, kind and
/// cut-off, per method and indicator, and per method, indicator and
/// group; sorted by kind, method, indicator, group and cut-off (overall
/// rows first).
pub fn summarise(misses: &[Miss]) -> Vec<Summary> {
    type Key = (
        SeriesKind,
        Method,
        Option<String>,
        Option<String>,
        Option<i32>,
    );
    let mut groups: BTreeMap<Key, Vec<&Miss>> = BTreeMap::new();
    for m in misses {
        let id = Some(m.indicator_id.clone());
        let geo = Some(m.geo.clone());
        let pooled = [
            (m.kind, m.method, None, None, None),
            (m.kind, m.method, None, None, Some(m.cut_year)),
        ];
        let own = [
            (m.kind, m.method, id.clone(), None, None),
            (m.kind, m.method, id, geo, None),
        ];
        let keys = own
            .into_iter()
            .chain(pooled.into_iter().filter(|_| !m.breakdown));
        for key in keys {
            groups.entry(key).or_default().push(m);
        }
    }
    groups
        .into_iter()
        .map(|((kind, method, id, geo, cut), ms)| {
            summary((method, id, geo, cut, kind), ms.into_iter())
        })
        .collect()
}

/// Two methods on the projections both scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versus {
    /// Kind of series.
    pub kind: SeriesKind,
    /// The method compared.
    pub method: Method,
    /// The method it is compared with.
    pub against: Method,
    /// Projections both scored.
    pub n: usize,
    /// The method's mean absolute error.
    pub mae: f64,
    /// The method's bias.
    pub bias: f64,
    /// The other method's mean absolute error.
    pub against_mae: f64,
    /// The other method's bias.
    pub against_bias: f64,
}

impl Versus {
    /// How much lower the method's mean absolute error is, as a share of
    /// the other's (0.4 = 40% lower).
    pub fn reduction(&self) -> f64 {
        if self.against_mae > 0.0 {
            1.0 - self.mae / self.against_mae
        } else {
            0.0
        }
    }
}

/// `method` against `against` on the projections of one kind both scored
/// (same series, cut-off and year).
pub fn versus(misses: &[Miss], kind: SeriesKind, method: Method, against: Method) -> Versus {
    type Cell<'a> = (&'a str, &'a str, i32);
    let of = |m: Method| -> BTreeMap<Cell<'_>, f64> {
        misses
            .iter()
            .filter(|x| x.kind == kind && x.method == m && !x.breakdown)
            .map(|x| {
                (
                    (x.indicator_id.as_str(), x.geo.as_str(), x.cut_year),
                    x.error(),
                )
            })
            .collect()
    };
    let (a, b) = (of(method), of(against));
    let both: Vec<(f64, f64)> = a
        .iter()
        .filter_map(|(k, ea)| b.get(k).map(|eb| (*ea, *eb)))
        .collect();
    let n = both.len();
    let mean = |f: &dyn Fn(&(f64, f64)) -> f64| {
        if n == 0 {
            0.0
        } else {
            both.iter().map(f).sum::<f64>() / n as f64
        }
    };
    Versus {
        kind,
        method,
        against,
        n,
        mae: mean(&|e| e.0.abs()),
        bias: mean(&|e| e.0),
        against_mae: mean(&|e| e.1.abs()),
        against_bias: mean(&|e| e.1),
    }
}

/// The mean absolute error of `method` on one indicator's series of one
/// kind (an indicator scored on a share of economies has its own series of
/// kind [`SeriesKind::EconomyShare`] beside its median), `None` when it
/// has no scored projection.
pub fn indicator_mae(
    summaries: &[Summary],
    method: Method,
    indicator_id: &str,
    kind: SeriesKind,
) -> Option<f64> {
    summaries
        .iter()
        .find(|s| {
            s.method == method
                && s.kind == kind
                && s.indicator_id.as_deref() == Some(indicator_id)
                && s.geo.is_none()
                && s.cut_year.is_none()
        })
        .map(|s| s.mae)
}

/// What one status turned out to mean, for one method: of the series it
/// was given to (a target `horizon` years after a cut-off, not yet
/// achieved at the cut-off), the median share of the remaining gap closed
/// by the target year, and the share that met the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Method.
    pub method: Method,
    /// The status given at the cut-off.
    pub status: Status,
    /// Series × cut-offs given it.
    pub n: usize,
    /// Median share of the remaining gap closed by the target year.
    pub median_closed: f64,
    /// Share of them that met the target.
    pub met: f64,
}

/// What each status turned out to mean: every case with a target, every
/// cut-off, the target set `horizon` years later.
pub fn bands(cases: &[Case], cuts: Cuts, horizon: i32, methods: &[Method]) -> Vec<Band> {
    let latest = latest_years(cases);
    let mut seen: BTreeMap<(Method, Status), Vec<(f64, bool)>> = BTreeMap::new();
    for case in cases.iter().filter(|c| !c.breakdown) {
        let (Some(&last), Some(target)) = (
            latest.get(case.indicator_id.as_str()),
            case.template.target_value,
        ) else {
            continue;
        };
        for cut in cut_years(cuts, last, horizon) {
            let year = cut + horizon;
            let seg = segment(&case.breaks, cut);
            let Some(outcome) = case
                .points
                .iter()
                .find(|p| p.year == year && segment(&case.breaks, p.year) == seg)
            else {
                continue;
            };
            let mut r = as_at(case, cut, last);
            r.target_year = year;
            let Some(&at_cut) = r.points.last() else {
                continue;
            };
            let d = r.direction;
            let reach = goal(&r, target);
            // Already there at the cut-off: every method agrees.
            if d * (reach - at_cut.value) <= 0.0 {
                continue;
            }
            let closed = d * (outcome.value - at_cut.value) / (d * (reach - at_cut.value));
            let met = d * (outcome.value - reach) >= 0.0;
            for &method in methods {
                let a = assess::assess(&r, method, Some(cut));
                if matches!(a.status, Status::InsufficientData | Status::TargetAchieved) {
                    continue;
                }
                seen.entry((method, a.status))
                    .or_default()
                    .push((closed, met));
            }
        }
    }
    seen.into_iter()
        .map(|((method, status), mut v)| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            let n = v.len();
            let median = if n % 2 == 1 {
                v[n / 2].0
            } else {
                (v[n / 2 - 1].0 + v[n / 2].0) / 2.0
            };
            Band {
                method,
                status,
                n,
                median_closed: median,
                met: v.iter().filter(|x| x.1).count() as f64 / n as f64,
            }
        })
        .collect()
}

/// Everything `rbm backtest` measures, for one set of cut-offs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// The cut-offs: `None` pooled (every indicator's own six), or one year.
    pub cut: Option<i32>,
    /// The first and last cut-off year used.
    pub cut_years: Option<(i32, i32)>,
    /// Years ahead scored.
    pub horizon: i32,
    /// Every summary ([`summarise`]).
    pub summaries: Vec<Summary>,
    /// The default method against each named method, per kind of series,
    /// on the projections both scored.
    pub versus: Vec<Versus>,
    /// What each status turned out to mean ([`bands`]).
    pub bands: Vec<Band>,
}

/// Run the hindcast and everything read from it.
pub fn run(cases: &[Case], cuts: Cuts, horizon: i32, methods: &[Method]) -> Backtest {
    let misses = hindcast(cases, cuts, horizon, methods);
    let mut kinds: Vec<SeriesKind> = misses.iter().map(|m| m.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut vs = Vec::new();
    if methods.contains(&Method::Trend) {
        for kind in kinds {
            for &other in methods.iter().filter(|m| **m != Method::Trend) {
                let v = versus(&misses, kind, Method::Trend, other);
                if v.n > 0 {
                    vs.push(v);
                }
            }
        }
    }
    let cut_years = misses
        .iter()
        .map(|m| m.cut_year)
        .fold(None, |acc: Option<(i32, i32)>, c| match acc {
            None => Some((c, c)),
            Some((a, b)) => Some((a.min(c), b.max(c))),
        });
    Backtest {
        cut: match cuts {
            Cuts::One(c) => Some(c),
            Cuts::Pooled => None,
        },
        cut_years,
        horizon,
        summaries: summarise(&misses),
        versus: vs,
        bands: bands(cases, cuts, horizon, methods),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::Model;

    fn case(points: &[(i32, f64)]) -> Case {
        let mut template = Reduced::for_test(&[], 100.0, 1.0, (0.0, 100.0));
        template.model = Model::Linear;
        template.near_limit = true;
        Case {
            indicator_id: "x".into(),
            geo: "G".into(),
            kind: SeriesKind::BoundedShare,
            points: Point::series(points),
            breakdown: false,
            breaks: vec![],
            template,
        }
    }

    #[test]
    fn pooled_cuts_end_a_horizon_before_the_latest_year() {
        assert_eq!(
            cut_years(Cuts::Pooled, 2024, 6),
            vec![2013, 2014, 2015, 2016, 2017, 2018]
        );
        assert_eq!(cut_years(Cuts::One(2016), 2024, 6), vec![2016]);
    }

    #[test]
    fn a_straight_line_hindcasts_without_error_and_compound_growth_overshoots() {
        // 10, 12, …, 30 (2010–2020): two points a year. At cut 2014 (base
        // year 2015 moved back by the six years to 2020, i.e. 2009: every
        // point from 2010), a straight line projects 2017 exactly: 24.
        // Compound growth from 10 (2010) to 18 (2014): (1.8)^(1/4) − 1 =
        // 0.158292; 18 × 1.158292³ = 27.972 in 2017, 3.972 too high.
        let pts: Vec<(i32, f64)> = (0..=10)
            .map(|i| (2010 + i, 10.0 + 2.0 * i as f64))
            .collect();
        let misses = hindcast(
            &[case(&pts)],
            Cuts::One(2014),
            3,
            &[Method::Trend, Method::CagrRatio],
        );
        let trend = misses
            .iter()
            .find(|m| m.method == Method::Trend)
            .expect("trend");
        assert!((trend.error()).abs() < 1e-9, "{}", trend.error());
        let cagr = misses
            .iter()
            .find(|m| m.method == Method::CagrRatio)
            .expect("cagr");
        assert!((cagr.error() - 3.972).abs() < 1e-3, "{}", cagr.error());
        let s = summarise(&misses);
        let overall = s
            .iter()
            .find(|x| {
                x.method == Method::CagrRatio && x.indicator_id.is_none() && x.cut_year.is_none()
            })
            .expect("overall");
        assert_eq!(overall.n, 1);
        let v = versus(
            &misses,
            SeriesKind::BoundedShare,
            Method::Trend,
            Method::CagrRatio,
        );
        assert_eq!(v.n, 1);
        assert!((v.reduction() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn no_projection_is_scored_across_a_break() {
        let mut c = case(&[(2010, 10.0), (2011, 11.0), (2012, 12.0), (2013, 40.0)]);
        c.breaks = vec![2013];
        assert!(hindcast(&[c], Cuts::One(2012), 1, &[Method::Trend]).is_empty());
    }

    #[test]
    fn a_breakdown_is_scored_on_its_own_but_not_pooled() {
        // The same straight line as above, once as a target indicator and
        // once as its breakdown: compound growth misses by 3.972 on each.
        let pts: Vec<(i32, f64)> = (0..=10)
            .map(|i| (2010 + i, 10.0 + 2.0 * i as f64))
            .collect();
        let mut part = case(&pts);
        part.indicator_id = "x_rural".into();
        part.breakdown = true;
        let misses = hindcast(
            &[case(&pts), part],
            Cuts::One(2014),
            3,
            &[Method::Trend, Method::CagrRatio],
        );
        assert_eq!(misses.len(), 4);
        let s = summarise(&misses);
        let row = |id: Option<&str>| {
            s.iter()
                .find(|x| {
                    x.method == Method::CagrRatio
                        && x.indicator_id.as_deref() == id
                        && x.geo.is_none()
                        && x.cut_year.is_none()
                })
                .map(|x| x.n)
        };
        assert_eq!(row(None), Some(1), "pooled: the parent only");
        assert_eq!(row(Some("x_rural")), Some(1), "the breakdown's own row");
        let v = versus(
            &misses,
            SeriesKind::BoundedShare,
            Method::Trend,
            Method::CagrRatio,
        );
        assert_eq!(v.n, 1);
    }
}
