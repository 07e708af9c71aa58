//! Progress rows: every target × group × method of one indicator, from the
//! group series the aggregate stage computes ([`indicator_rows`]); and
//! what is read across rows ([`off_track_key`], [`agreement`]).
//!
//! This is where target kinds meet data: a gap target reads two groups, a
//! share-of-economies target counts economies, a parity target reads a
//! ratio. Pure: the aggregator holds the data.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assess::{Assessment, assess};
use super::backtest::{self, Case, Cuts, SeriesKind};
use super::confidence::{self, Confidence, Evidence};
use super::iptt::{self, Verdict, YearScore};
use super::model::Model;
use super::reduce::{self, Context, Reduced};
use super::status::{Method, Status};
use crate::aggregate::{Aggregator, GroupSeries, GroupShares, Origin};
use crate::base::Point;
use crate::classify::group::{self, GroupKind};
use crate::error::Result;
use crate::indicator::{
    AggregationMethod, CmpOp, Direction, Indicator, SeriesSpec, Target, TargetKind, Unit,
};

/// One row of `rbm progress`: indicator × target × group × method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRow {
    /// Indicator id.
    pub indicator_id: String,
    /// Target id.
    pub target_id: String,
    /// Target kind.
    pub target_kind: &'static str,
    /// Group code (for a gap target, the two groups joined by `-`).
    pub geo: String,
    /// Group name.
    pub geo_name: String,
    /// Group kind.
    pub group_kind: GroupKind,
    /// The unit of the row's values: the indicator's, or percent of the
    /// economies for a share-of-economies target.
    pub unit: Unit,
    /// The assessment.
    #[serde(flatten)]
    pub assessment: Assessment,
    /// Where the latest value comes from.
    pub latest_origin: Option<Origin>,
    /// Coverage of the latest value, when computed.
    pub latest_coverage: Option<f64>,
    /// For parity targets: the ratio itself at the base and latest years
    /// (the assessment works on its distance to the band).
    pub ratios: Option<(f64, f64)>,
    /// How far the status can be trusted.
    pub confidence: Confidence,
    /// Why it is not high.
    pub confidence_reasons: Vec<String>,
    /// For yearly targets: the tracking table, every year of the target
    /// (the assessment is the latest scored year's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<YearScore>,
}

/// The values behind an indicator's charts and tables.
#[derive(Debug, Clone, Default)]
pub struct IndicatorData {
    /// Group series of the indicator's own series, by group code.
    pub groups: BTreeMap<String, GroupSeries>,
    /// When its 2030 target is a share of economies (target 1.2: every
    /// economy below 2% of GNI per capita): the yearly shares it is scored
    /// on, for the groups it scores and those it shows for context, by
    /// group code. Charts show these, not the medians.
    pub shares: BTreeMap<String, GroupShares>,
}

/// Groups a target applies to, among those asked for.
fn target_groups<'g>(target: &'g Target, wanted: &[&str]) -> Vec<&'g str> {
    target
        .groups
        .iter()
        .map(String::as_str)
        .filter(|g| wanted.contains(g))
        .collect()
}

/// Assess every target of an indicator for the wanted groups and methods.
pub fn indicator_rows(
    ind: &Indicator,
    agg: &Aggregator<'_>,
    wanted: &[&str],
    methods: &[Method],
    as_of: Option<i32>,
) -> Result<(Vec<ProgressRow>, IndicatorData)> {
    let mut rows = Vec::new();
    let mut cache: BTreeMap<String, Vec<GroupSeries>> = BTreeMap::new();
    let all_groups: Vec<&str> = group::computed();
    let mut series_of = |spec: &SeriesSpec| -> Result<Vec<GroupSeries>> {
        let key = format!("{spec:?}");
        if let Some(s) = cache.get(&key) {
            return Ok(s.clone());
        }
        let s = agg.group_series(spec, &ind.aggregation, &all_groups)?;
        cache.insert(key, s.clone());
        Ok(s)
    };

    let mut data = IndicatorData::default();
    if let Some(spec) = &ind.series {
        for s in series_of(spec)? {
            data.groups.insert(s.geo.clone(), s);
        }
    }

    // The methods' backtest errors on this indicator, six years ahead, with
    // the data up to the as-of year (for the confidence grade).
    let errors = backtest_errors(ind, &own_cases(ind, &data, as_of), own_kind(ind));

    for target in &ind.targets {
        let spec = ind.series_for(target);
        let ctx = |spec| context(ind, target, spec);
        let d0 = match ind.direction {
            Direction::Decrease => -1.0,
            _ => 1.0,
        };
        let make = |geo: String,
                    reduced: std::result::Result<Reduced, String>,
                    latest: Option<(Origin, Option<f64>)>,
                    evidence: Option<&GroupSeries>,
                    errors: &BTreeMap<Method, f64>| {
            // Every method is assessed, whichever are shown: the grade
            // reads whether they agree.
            let all: Vec<Assessment> = Method::ALL
                .iter()
                .map(|&m| match &reduced {
                    Ok(r) => assess(r, m, as_of),
                    Err(why) => Assessment::insufficient(m, target.year, d0, why.clone()),
                })
                .collect();
            let statuses: Vec<Status> = all.iter().map(|a| a.status).collect();
            let kind = group::group(geo.split('-').next().unwrap_or(&geo))
                .map(|g| g.kind)
                .unwrap_or(GroupKind::Economy);
            let name = if let TargetKind::Gap { between, .. } = &target.kind {
                format!("{} − {}", group_name(&between.0), group_name(&between.1))
            } else {
                group_name(&geo)
            };
            let mut made = Vec::new();
            for assessment in all.into_iter().filter(|a| methods.contains(&a.method)) {
                let ev = Evidence {
                    values: evidence.map(|s| s.points.as_slice()).unwrap_or(&[]),
                    jumps: evidence.map(|s| s.jumps.as_slice()).unwrap_or(&[]),
                    breaks: spec.map(|s| s.breaks.as_slice()).unwrap_or(&[]),
                    base_year: ind.baseline_year,
                    statuses: &statuses,
                    // Of the series the row is read from: the
                    // indicator's own, or its share of economies.
                    backtest_mae: errors.get(&assessment.method).copied(),
                    unit: if matches!(target.kind, TargetKind::ShareOfEconomies { .. }) {
                        Unit::Percent
                    } else {
                        ind.unit
                    },
                };
                let (confidence, confidence_reasons) = confidence::grade(&assessment, &ev);
                made.push(ProgressRow {
                    indicator_id: ind.id.clone(),
                    target_id: target.id.clone(),
                    target_kind: target.kind.name(),
                    geo: geo.clone(),
                    geo_name: name.clone(),
                    group_kind: kind,
                    // A share of economies is in percent of the economies,
                    // whatever the indicator's own unit.
                    unit: if matches!(target.kind, TargetKind::ShareOfEconomies { .. }) {
                        Unit::Percent
                    } else {
                        ind.unit
                    },
                    assessment,
                    latest_origin: latest.map(|l| l.0),
                    latest_coverage: latest.and_then(|l| l.1),
                    ratios: None,
                    confidence,
                    confidence_reasons,
                    years: Vec::new(),
                });
            }
            made
        };
        let Some(spec) = spec else {
            for g in target_groups(target, wanted) {
                rows.extend(make(
                    g.to_string(),
                    Err("no series measures this target: not measurable here".to_string()),
                    None,
                    None,
                    &errors,
                ));
            }
            continue;
        };
        match &target.kind {
            TargetKind::Gap {
                reduction_pct,
                baseline_year,
                between,
            } => {
                if !(wanted.contains(&between.0.as_str()) || wanted.contains(&between.1.as_str())) {
                    continue;
                }
                let series = series_of(spec)?;
                let find = |g: &str| {
                    series
                        .iter()
                        .find(|s| s.geo == g)
                        .map(|s| s.values())
                        .unwrap_or_default()
                };
                let (a, b) = (find(&between.0), find(&between.1));
                let cutoff = cutoff(as_of, target.year);
                let (a, b) = (up_to(&a, cutoff), up_to(&b, cutoff));
                let reduced = if a.is_empty() || b.is_empty() {
                    Err(format!("no values for {} or {}", between.0, between.1))
                } else {
                    reduce::gap_target(&a, &b, *reduction_pct, *baseline_year, ctx(Some(spec)))
                };
                rows.extend(make(
                    format!("{}-{}", between.0, between.1),
                    reduced,
                    None,
                    None,
                    &errors,
                ));
            }
            TargetKind::Yearly { cumulative, .. } => {
                let series = series_of(spec)?;
                for g in target_groups(target, wanted) {
                    let values = series
                        .iter()
                        .find(|s| s.geo == g)
                        .map(|s| s.values())
                        .unwrap_or_default();
                    let targets = target.kind.years_for(g);
                    let scores = iptt::score(
                        &targets,
                        &values,
                        ind.direction,
                        *cumulative,
                        as_of.unwrap_or(i32::MAX),
                    );
                    let mut made = make(g.to_string(), Err(String::new()), None, None, &errors);
                    for r in &mut made {
                        r.assessment = yearly_assessment(ind, target, &scores, r.assessment.method);
                        r.years = scores.clone();
                        r.latest_origin = series
                            .iter()
                            .find(|s| s.geo == g)
                            .and_then(|s| latest_of(s, as_of, target.year))
                            .map(|l| l.0);
                    }
                    rows.extend(made);
                }
            }
            TargetKind::ShareOfEconomies {
                share_pct,
                op,
                threshold,
            } => {
                // The groups it scores, then those it shows for context.
                let mut groups = target_groups(target, wanted);
                groups.extend(
                    target
                        .context
                        .iter()
                        .map(String::as_str)
                        .filter(|g| wanted.contains(g)),
                );
                // The median of the indicator's own series, when the target
                // is measured on it: context beside the share.
                let medians = match (&target.series, &ind.series) {
                    (None, Some(own))
                        if matches!(ind.aggregation.method, AggregationMethod::Median) =>
                    {
                        series_of(own)?
                    }
                    _ => Vec::new(),
                };
                // Every group the target scores, asked for or not, so that
                // the backtest behind the grade does not depend on the
                // selection.
                let mut computed = groups.clone();
                for g in &target.groups {
                    if !computed.contains(&g.as_str()) {
                        computed.push(g);
                    }
                }
                let shares = agg.share_years(spec, *op, *threshold, &ind.aggregation, &computed);
                let share_errors = backtest_errors(
                    ind,
                    &share_cases(ind, target, &shares, as_of),
                    SeriesKind::EconomyShare,
                );
                for gs in shares {
                    if !groups.contains(&gs.geo.as_str()) {
                        continue;
                    }
                    if target.is_2030() {
                        data.shares.insert(gs.geo.clone(), gs.clone());
                    }
                    if !target.groups.contains(&gs.geo) {
                        continue;
                    }
                    let s = gs.series();
                    let all = s.values();
                    let last = cutoff(as_of, target.year);
                    let pts = up_to(&all, last);
                    let latest = latest_of(&s, as_of, target.year);
                    let mut reduced = if all.is_empty() {
                        Err(no_values(spec, &s))
                    } else if pts.is_empty() {
                        Err(no_data_up_to(as_of, target.year))
                    } else {
                        reduce::share_target(&pts, *share_pct, ctx(Some(spec)))
                    };
                    if let Ok(r) = &mut reduced {
                        r.notes.extend(share_notes(
                            &gs,
                            *op,
                            *threshold,
                            ind.unit,
                            last,
                            medians.iter().find(|m| m.geo == gs.geo),
                        ));
                    }
                    rows.extend(make(
                        s.geo.clone(),
                        reduced,
                        latest,
                        Some(&s),
                        &share_errors,
                    ));
                }
            }
            kind => {
                let series = series_of(spec)?;
                for g in target_groups(target, wanted) {
                    let Some(s) = series.iter().find(|s| s.geo == g) else {
                        continue;
                    };
                    let all = s.values();
                    // Cut to the as-of year first, so that the comparable
                    // segment is the one of the latest year used.
                    let pts = up_to(&all, cutoff(as_of, target.year));
                    let latest = latest_of(s, as_of, target.year);
                    let reduced = if all.is_empty() {
                        Err(no_values(spec, s))
                    } else if pts.is_empty() {
                        Err(no_data_up_to(as_of, target.year))
                    } else if let TargetKind::Parity { low, high } = kind {
                        reduce::parity_target(&pts, *low, *high, ctx(Some(spec)))
                    } else {
                        reduce::series_target(kind, &pts, ctx(Some(spec)))
                    };
                    let mut made = make(g.to_string(), reduced, latest, Some(s), &errors);
                    if matches!(kind, TargetKind::Parity { .. }) {
                        let at = |y: Option<i32>| {
                            y.and_then(|y| pts.iter().find(|p| p.year == y))
                                .map(|p| p.value)
                        };
                        for r in &mut made {
                            if let (Some(b), Some(l)) =
                                (at(r.assessment.base_year), at(r.assessment.latest_year))
                            {
                                r.ratios = Some((b, l));
                            }
                        }
                    }
                    rows.extend(made);
                }
            }
        }
    }
    Ok((rows, data))
}

/// What a share-of-economies row says beside its status: how many
/// economies meet the condition in the latest year, the share of people
/// living in them, and the group's median as context (not scored).
fn share_notes(
    gs: &GroupShares,
    op: CmpOp,
    threshold: f64,
    unit: Unit,
    last: i32,
    median: Option<&GroupSeries>,
) -> Vec<String> {
    let Some(y) = gs.latest_up_to(last) else {
        return Vec::new();
    };
    let cond = format!("{} {}", op.sign(), unit.value(threshold).as_written());
    let mut out = vec![format!(
        "scored on the share of economies {cond} {}: {} of the {} with a value in {} ({:.1}%)",
        unit.short(),
        y.meeting,
        y.with_value,
        y.year,
        y.share
    )];
    if let Some(p) = y.people_share {
        out.push(format!(
            "{p:.1}% of their people live in an economy {cond} (context, not scored)"
        ));
    }
    if let Some(m) = median.and_then(|m| m.points.iter().rev().find(|p| p.year <= last)) {
        out.push(format!(
            "median of the economies {} {} in {} (context, not scored)",
            unit.value(m.value),
            unit.short(),
            m.year
        ));
    }
    out
}

/// The series `rbm backtest` hindcasts for an indicator: its own series
/// ([`own_cases`]) and, when its 2030 target is a share of economies, the
/// shares of the groups it scores that the data hold ([`share_cases`]).
pub fn backtest_cases(ind: &Indicator, data: &IndicatorData, as_of: Option<i32>) -> Vec<Case> {
    let mut out = own_cases(ind, data, as_of);
    for t in ind.targets_2030() {
        let shares: Vec<GroupShares> = t
            .groups
            .iter()
            .filter_map(|g| data.shares.get(g).cloned())
            .collect();
        out.extend(share_cases(ind, t, &shares, as_of));
    }
    out
}

/// Each method's mean absolute error on an indicator's cases of one kind,
/// six years ahead, every pooled cut-off (for the confidence grade).
fn backtest_errors(ind: &Indicator, cases: &[Case], kind: SeriesKind) -> BTreeMap<Method, f64> {
    let summaries = backtest::summarise(&backtest::hindcast(
        cases,
        Cuts::Pooled,
        backtest::HORIZON,
        &Method::ALL,
    ));
    Method::ALL
        .iter()
        .filter_map(|m| backtest::indicator_mae(&summaries, *m, &ind.id, kind).map(|e| (*m, e)))
        .collect()
}

/// The kind of an indicator's own series.
fn own_kind(ind: &Indicator) -> SeriesKind {
    let parity = ind
        .targets_2030()
        .next()
        .is_some_and(|t| matches!(t.kind, TargetKind::Parity { .. }));
    match ind.unit {
        _ if parity => SeriesKind::Parity,
        Unit::Percent if ind.natural_limits.0.is_finite() && ind.natural_limits.1.is_finite() => {
            SeriesKind::BoundedShare
        }
        Unit::PercentGniPc => SeriesKind::Price,
        Unit::Count | Unit::Millions => SeriesKind::Count,
        _ => SeriesKind::Other,
    }
}

/// A share-of-economies target's series to hindcast: each scored group's
/// yearly share (as the rows score it, [`GroupShares::series`]) up to
/// `as_of`, with the target's own reduction as the template, so that the
/// backtest projects the share exactly as the status does.
fn share_cases(
    ind: &Indicator,
    target: &Target,
    shares: &[GroupShares],
    as_of: Option<i32>,
) -> Vec<Case> {
    let TargetKind::ShareOfEconomies { share_pct, .. } = target.kind else {
        return Vec::new();
    };
    let Some(spec) = ind.series_for(target) else {
        return Vec::new();
    };
    let Ok(template) = reduce::share_target(&[], share_pct, context(ind, target, Some(spec)))
    else {
        return Vec::new();
    };
    shares
        .iter()
        .filter(|gs| target.groups.contains(&gs.geo))
        .filter_map(|gs| {
            let points = up_to(&gs.series().values(), as_of.unwrap_or(i32::MAX));
            (!points.is_empty()).then(|| Case {
                indicator_id: ind.id.clone(),
                geo: gs.geo.clone(),
                kind: SeriesKind::EconomyShare,
                points,
                breakdown: ind.breakdown_of.is_some(),
                breaks: spec.breaks.clone(),
                template: template.clone(),
            })
        })
        .collect()
}

/// An indicator's own series to hindcast: each group's
/// values of its own series (for a parity indicator, the distance to the
/// band of its 2030 target), with the data up to `as_of`, and the 2030
/// target as a template (level, threshold and parity targets).
fn own_cases(ind: &Indicator, data: &IndicatorData, as_of: Option<i32>) -> Vec<Case> {
    let Some(spec) = &ind.series else {
        return Vec::new();
    };
    let main = ind.targets_2030().next();
    let band = main.and_then(|t| match t.kind {
        TargetKind::Parity { low, high } => Some((low, high)),
        _ => None,
    });
    let kind = own_kind(ind);
    let mut out = Vec::new();
    for g in group::computed() {
        let Some(s) = data.groups.get(g) else {
            continue;
        };
        let mut points = up_to(&s.values(), as_of.unwrap_or(i32::MAX));
        let (limits, model) = match band {
            Some((low, high)) => {
                for p in &mut points {
                    p.value = reduce::band_distance(p.value, low, high);
                }
                ((0.0, f64::INFINITY), Model::Linear)
            }
            None => (ind.natural_limits, trend_model(ind)),
        };
        if points.is_empty() {
            continue;
        }
        let target = main.and_then(|t| match t.kind {
            TargetKind::Level { value } | TargetKind::Threshold { value } => Some(value),
            TargetKind::Parity { .. } => Some(0.0),
            _ => None,
        });
        let template = Reduced {
            points: Vec::new(),
            target_value: target,
            target_year: main.map(|t| t.year).unwrap_or(2030),
            direction: if band.is_some() {
                -1.0
            } else {
                ind.direction.sign()
            },
            limits,
            base_year: ind.baseline_year,
            threshold: main.is_some_and(|t| !matches!(t.kind, TargetKind::Level { .. })),
            near_limit: band.is_none()
                && ind.unit == Unit::Percent
                && target.is_some_and(|v| v == 100.0 || v == 0.0),
            model,
            notes: Vec::new(),
        };
        out.push(Case {
            indicator_id: ind.id.clone(),
            geo: g.to_string(),
            kind,
            points,
            breakdown: ind.breakdown_of.is_some(),
            breaks: spec.breaks.clone(),
            template,
        });
    }
    out
}

/// The assessment of a yearly target: its latest scored year, in the
/// words of the six statuses (met: achieved; within the margin: on track;
/// not met: acceleration needed; no value: insufficient data), so that
/// counts and tables take it beside the other targets.
fn yearly_assessment(
    ind: &Indicator,
    target: &Target,
    scores: &[YearScore],
    method: super::status::Method,
) -> Assessment {
    let d = ind.direction.sign();
    let last_year = scores.iter().map(|s| s.year).max().unwrap_or(target.year);
    let Some(at) = iptt::latest(scores) else {
        return Assessment::insufficient(
            method,
            target.year,
            d,
            format!(
                "no year of the target has come yet (first {})",
                scores.first().map_or(target.year, |s| s.year)
            ),
        );
    };
    let mut a = Assessment::insufficient(method, at.year, d, String::new());
    a.notes.clear();
    a.base_year = Some(ind.baseline_year);
    a.base_value = ind.baseline_value;
    a.latest_year = at.actual.map(|_| at.year);
    a.latest_value = at.actual;
    a.target_value = Some(at.target);
    a.gap = at.actual.map(|v| d * (at.target - v));
    a.ratio = at.percent_met.map(|p| p / 100.0);
    a.met = at.actual.map(|_| at.verdict == Verdict::Met);
    a.status = match at.verdict {
        Verdict::Met => Status::TargetAchieved,
        Verdict::WithinMargin => Status::OnTrack,
        Verdict::NotMet => Status::AccelerationNeeded,
        Verdict::NoData | Verdict::NotDue => Status::InsufficientData,
    };
    let pct = at
        .percent_met
        .map(|p| format!("{p:.1}% of the {} target met", at.year))
        .unwrap_or_else(|| format!("the {} target", at.year));
    a.notes.push(format!(
        "yearly target{}, judged on {}: {pct} ({}); methods do not apply (IPTT rule, 15% margin); last target year {last_year}",
        if matches!(target.kind, TargetKind::Yearly { cumulative: true, .. }) {
            " (running totals)"
        } else {
            ""
        },
        at.year,
        at.verdict.label()
    ));
    a.notes.extend(at.notes.iter().cloned());
    a.limits = ind.natural_limits;
    a
}

fn context<'s>(ind: &Indicator, target: &Target, spec: Option<&'s SeriesSpec>) -> Context<'s> {
    Context {
        direction: ind.direction,
        limits: ind.natural_limits,
        base_year: ind.baseline_year,
        target_year: target.year,
        breaks: spec.map(|s| s.breaks.as_slice()).unwrap_or(&[]),
        percent: ind.unit == Unit::Percent,
        model: trend_model(ind),
    }
}

/// The `trend` model of an indicator's own series: the definition's
/// choice, else the default for its unit.
pub fn trend_model(ind: &Indicator) -> Model {
    ind.model
        .map(Model::chosen)
        .unwrap_or_else(|| Model::for_unit(ind.unit, ind.natural_limits))
}

/// The last year a row can use: the as-of year, and never past the target
/// year (a target whose year has come is judged on its own year's value).
fn cutoff(as_of: Option<i32>, target_year: i32) -> i32 {
    as_of.unwrap_or(i32::MAX).min(target_year)
}

/// The points up to a year.
fn up_to(points: &[Point], year: i32) -> Vec<Point> {
    points.iter().copied().filter(|p| p.year <= year).collect()
}

fn no_data_up_to(as_of: Option<i32>, target_year: i32) -> String {
    format!("no data up to {}", cutoff(as_of, target_year))
}

fn group_name(code: &str) -> String {
    group::group(code)
        .map(|g| g.name.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Origin and coverage of the value a row's latest year uses.
fn latest_of(
    s: &GroupSeries,
    as_of: Option<i32>,
    target_year: i32,
) -> Option<(Origin, Option<f64>)> {
    let last = cutoff(as_of, target_year);
    s.points
        .iter()
        .rev()
        .find(|p| p.year <= last)
        .map(|p| (p.origin, p.coverage))
}

fn no_values(spec: &SeriesSpec, s: &GroupSeries) -> String {
    if let Some(w) = s.withheld.last() {
        format!(
            "no published value and every computed value withheld (latest {}: {})",
            w.year, w.reason
        )
    } else {
        format!("no values of `{}` for this group", spec.code)
    }
}

/// How far off track a row is, for sorting: worst status first, then the
/// largest acceleration needed, then the largest gap.
pub fn off_track_key(r: &ProgressRow) -> (u8, i64, i64) {
    let a = &r.assessment;
    // Higher is worse: achieved 1 … deterioration 5; no data 0, last.
    let status = match a.status {
        Status::InsufficientData => 0,
        s => s.rank() + 1,
    };
    let acc = a
        .acceleration
        .unwrap_or(if a.status == Status::Deterioration {
            1e6
        } else {
            0.0
        });
    let gap = a.gap.unwrap_or(0.0);
    (status, (acc * 1000.0) as i64, (gap * 1000.0) as i64)
}

/// The key rows of one indicator × target × geo share across methods.
pub type RowKey = (String, String, String);

/// The key of a row across methods.
pub fn row_key(r: &ProgressRow) -> RowKey {
    (r.indicator_id.clone(), r.target_id.clone(), r.geo.clone())
}

/// Whether the methods agree on the status of each indicator × target × geo.
pub fn agreement(rows: &[ProgressRow]) -> BTreeMap<RowKey, bool> {
    let mut statuses: BTreeMap<RowKey, Vec<Status>> = BTreeMap::new();
    for r in rows {
        statuses
            .entry(row_key(r))
            .or_default()
            .push(r.assessment.status);
    }
    statuses
        .into_iter()
        .map(|(k, s)| (k, s.iter().all(|x| *x == s[0])))
        .collect()
}
