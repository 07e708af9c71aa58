//! Assemble the annual report from the assessed indicators: sections per
//! 2030 target, the summary, data gaps, sources, and what changed since an
//! earlier report. Pure: everything it needs is passed in.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::model::{
    self, Change, DataGap, GroupLine, IndicatorBlock, JumpNote, Report, Source, TargetSection,
    value,
};
use crate::classify::group;
use crate::indicator::Indicator;
use crate::indicator::framework::{Framework, ItemKind};
use crate::ingest::store::InputRecord;
use crate::progress::confidence::jump_reason;
use crate::progress::distribution::Distribution;
use crate::progress::rows::row_key;
use crate::progress::{IndicatorData, Method, ProgressRow, Status, agreement};

/// The methodology page, shipped with the binary.
pub const METHODOLOGY: &str = include_str!("../../docs/methodology.md");

/// A row of an earlier report's `progress.json`, as far as the comparison
/// needs it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct PreviousRow {
    /// Indicator id.
    pub indicator_id: String,
    /// Target id.
    pub target_id: String,
    /// Geo.
    pub geo: String,
    /// Method.
    pub method: String,
    /// Status.
    pub status: Status,
    /// Base value.
    #[serde(default)]
    pub base_value: Option<f64>,
    /// Latest year.
    #[serde(default)]
    pub latest_year: Option<i32>,
    /// Latest value.
    #[serde(default)]
    pub latest_value: Option<f64>,
}

/// An earlier report's `progress.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct PreviousReport {
    /// Its as-of year.
    pub as_of: Option<i32>,
    /// Its rows.
    pub rows: Vec<PreviousRow>,
}

/// Everything the report is built from.
pub struct ReportInputs<'a> {
    /// Report year.
    pub year: i32,
    /// Data up to this year.
    pub as_of: i32,
    /// The headline method.
    pub method: Method,
    /// The results framework.
    pub framework: &'a Framework,
    /// Every indicator, in id order.
    pub indicators: &'a [&'a Indicator],
    /// Rows for all four methods.
    pub rows: &'a [ProgressRow],
    /// Values behind the charts.
    pub data: &'a BTreeMap<String, IndicatorData>,
    /// Chart stems drawn, by indicator.
    pub charts: &'a BTreeMap<String, Vec<String>>,
    /// The ingested files.
    pub inputs: &'a [InputRecord],
    /// An earlier report, and its folder name.
    pub previous: Option<(&'a PreviousReport, String)>,
    /// Which indicators have data in at least two years.
    pub measurable: &'a BTreeSet<String>,
    /// A group report's group code: a scorecard of every target for it
    /// comes first (the caller passes the rows of that group and the
    /// World only).
    pub group: Option<&'a str>,
    /// The member economies of each group against the 2030 targets.
    pub distributions: &'a [Distribution],
}

fn definition(ind: &Indicator) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "Definition".to_string(),
            ind.definition
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "Unit".to_string(),
            format!("{} ({})", ind.unit.label(), ind.unit.as_str()),
        ),
        ("Direction".to_string(), ind.direction.as_str().to_string()),
        ("Base year".to_string(), ind.baseline_year.to_string()),
    ];
    for t in &ind.targets {
        out.push((
            format!("Target {}", t.id),
            format!(
                "{} by {} for {}{} ({}; {}). {}",
                t.describe(ind.unit, ind.direction),
                t.year,
                groups_text(&t.groups),
                if t.context.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; shown for context, not scored: {}",
                        groups_text(&t.context)
                    )
                },
                t.kind.name().replace('_', " "),
                t.basis.as_str(),
                t.source
            ),
        ));
    }
    out.push(("Aggregation".to_string(), format!(
        "{}; published where it exists; computed values need {:.0}% coverage and at most {:.0}% imputed",
        ind.aggregation.describe(),
        100.0 * ind.aggregation.coverage,
        100.0 * ind.aggregation.max_imputed
    )));
    out.push(("Data source".to_string(), ind.data_source.clone()));
    if !ind.custodian.is_empty() {
        out.push(("Custodian".to_string(), ind.custodian.clone()));
    }
    if !ind.notes.is_empty() {
        out.push((
            "Notes".to_string(),
            ind.notes.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    out
}

fn groups_text(groups: &[String]) -> String {
    let all = group::computed();
    if groups.len() == all.len() {
        "every group".to_string()
    } else {
        groups
            .iter()
            .map(|g| {
                group::group(g)
                    .map(|x| x.short.to_string())
                    .unwrap_or_else(|| g.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The flagged group-years of a row's group, from its base year to its
/// latest: the aggregate jumps `rbm series` flags, in words.
fn jumps_of(r: &ProgressRow, ind: &Indicator, data: Option<&IndicatorData>) -> Vec<JumpNote> {
    let a = &r.assessment;
    let (Some(from), Some(to)) = (a.base_year, a.latest_year) else {
        return Vec::new();
    };
    let Some(series) = data.and_then(|d| d.groups.get(&r.geo)) else {
        return Vec::new();
    };
    series
        .jumps
        .iter()
        .filter(|j| j.year >= from && j.year <= to)
        .map(|j| JumpNote {
            group: group_name(r),
            year: j.year,
            note: jump_reason(j, ind.unit),
        })
        .collect()
}

fn group_name(r: &ProgressRow) -> String {
    group::group(&r.geo)
        .map(|g| g.name.to_string())
        .unwrap_or_else(|| r.geo_name.clone())
}

fn line(r: &ProgressRow, ind: &Indicator, disagree: bool, jumped: bool) -> GroupLine {
    let a = &r.assessment;
    let computed = r.latest_origin == Some(crate::aggregate::Origin::Computed);
    let (base, latest) = match r.ratios {
        Some((b, l)) => (Some(b), Some(l)),
        None => (a.base_value, a.latest_value),
    };
    // A share of economies is in percent of the economies, whatever the
    // indicator's unit.
    let share = r.target_kind == "share_of_economies";
    let shown = |v: Option<f64>| match v {
        Some(x) if share => format!("{x:.1}% of econ."),
        _ => value(v, ind),
    };
    let fmt = |y: Option<i32>, v: Option<f64>, star: bool| match (y, v) {
        (Some(y), v @ Some(_)) if share => {
            format!("{} ({y}){}", shown(v), if star { "*" } else { "" })
        }
        (Some(y), Some(v)) if r.ratios.is_some() => {
            format!("{} ({y}){}", ind.unit.value(v), if star { "*" } else { "" })
        }
        (Some(y), v @ Some(_)) => format!("{} ({y}){}", value(v, ind), if star { "*" } else { "" }),
        _ => "–".to_string(),
    };
    let target = ind
        .targets
        .iter()
        .find(|t| t.id == r.target_id)
        .map(|t| t.describe(ind.unit, ind.direction))
        .unwrap_or_default();
    let projected = match (r.ratios, a.projected_value) {
        (Some(_), _) | (_, None) => "–".to_string(),
        (None, _) if a.status == Status::InsufficientData => "–".to_string(),
        (None, p) => shown(p),
    };
    GroupLine {
        group: group_name(r),
        base: fmt(a.base_year, base, false),
        latest: fmt(a.latest_year, latest, computed),
        target,
        projected,
        status: a.status,
        short_term: (a.met.is_none() && a.status != Status::InsufficientData)
            .then_some(a.short_term_status),
        confidence: r.confidence,
        disagree,
        jumped,
        faster: match (a.acceleration, a.status) {
            (Some(x), _) => format!("{x:.1}×"),
            (None, Status::Deterioration) => "∞".to_string(),
            _ => "–".to_string(),
        },
        note: if a.status == Status::InsufficientData {
            a.notes.join("; ")
        } else {
            String::new()
        },
    }
}

fn changes_for(
    ind: &Indicator,
    rows: &[ProgressRow],
    method: Method,
    previous: &PreviousReport,
    data: Option<&IndicatorData>,
) -> Vec<Change> {
    let mut out = Vec::new();
    for r in rows
        .iter()
        .filter(|r| r.indicator_id == ind.id && r.assessment.method == method)
    {
        let Some(p) = previous.rows.iter().find(|p| {
            p.indicator_id == r.indicator_id
                && p.target_id == r.target_id
                && p.geo == r.geo
                && p.method == method.as_str()
        }) else {
            continue;
        };
        let a = &r.assessment;
        if p.status == a.status {
            continue;
        }
        let new_data = matches!((a.latest_year, p.latest_year), (Some(n), Some(o)) if n > o)
            || (a.latest_year.is_some() && p.latest_year.is_none());
        // Was the value the earlier report used for its latest year revised?
        let then_now = p.latest_year.and_then(|y| {
            let now = if a.latest_year == Some(y) {
                a.latest_value
            } else if r.ratios.is_none()
                && r.target_kind != "gap"
                && r.target_kind != "share_of_economies"
            {
                data.and_then(|d| d.groups.get(&r.geo))
                    .and_then(|s| s.points.iter().find(|pt| pt.year == y))
                    .map(|pt| pt.value)
            } else {
                None
            };
            Some((y, p.latest_value?, now?))
        });
        let revised = then_now.is_some_and(|(_, then, now)| (then - now).abs() > 1e-6)
            || matches!((p.base_value, a.base_value), (Some(x), Some(y)) if (x - y).abs() > 1e-6);
        let cause = match (new_data, revised) {
            (true, true) => "new and revised data",
            (true, false) => "new data",
            (false, true) => "revised data",
            (false, false) => "method or definitions",
        };
        let mut detail = Vec::new();
        if new_data {
            detail.push(format!(
                "latest year {} → {}",
                p.latest_year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| "none".into()),
                a.latest_year.map(|y| y.to_string()).unwrap_or_default()
            ));
        }
        if let Some((y, then, now)) = then_now
            && (then - now).abs() > 1e-6
        {
            detail.push(format!(
                "{y} value {} → {}",
                ind.unit.value(then),
                ind.unit.value(now)
            ));
        }
        out.push(Change {
            indicator_id: r.indicator_id.clone(),
            target_id: r.target_id.clone(),
            group: r.geo_name.clone(),
            before: p.status,
            after: a.status,
            cause: cause.to_string(),
            detail: detail.join("; "),
        });
    }
    out
}

fn data_gaps(inp: &ReportInputs<'_>) -> Vec<DataGap> {
    let mut gaps = Vec::new();
    for ind in inp.indicators {
        if !inp.measurable.contains(&ind.id) {
            let ids: Vec<&str> = ind.targets.iter().map(|t| t.id.as_str()).collect();
            gaps.push(DataGap {
                what: format!("{} ({}): no data", ind.name, ids.join(", ")),
                detail: ind.notes.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
    }
    for ind in inp
        .indicators
        .iter()
        .filter(|i| inp.measurable.contains(&i.id))
    {
        let Some(d) = inp.data.get(&ind.id) else {
            continue;
        };
        // The last year with any group value.
        let last = d
            .groups
            .values()
            .flat_map(|s| s.points.iter().map(|p| p.year))
            .max();
        if let Some(l) = last
            && l < inp.as_of - 1
        {
            gaps.push(DataGap {
                what: format!("{}: the series ends in {l}", ind.name),
                detail: format!(
                    "{} years before the report's as-of year {}.",
                    inp.as_of - l,
                    inp.as_of
                ),
            });
        }
        // Groups whose latest years are withheld for low coverage or too
        // much imputation.
        let mut withheld: Vec<String> = Vec::new();
        for (geo, s) in &d.groups {
            let Some(g) = group::group(geo) else { continue };
            if g.kind == group::GroupKind::Income {
                continue;
            }
            if let Some(w) = s
                .withheld
                .iter()
                .filter(|w| w.year >= inp.as_of - 1)
                .max_by_key(|w| w.year)
            {
                withheld.push(format!("{} {} ({})", g.short, w.year, w.reason));
            }
            if s.points.is_empty() && !s.withheld.is_empty() {
                withheld.push(format!("{}: no year with enough coverage", g.short));
            }
        }
        if !withheld.is_empty() {
            withheld.sort();
            withheld.dedup();
            gaps.push(DataGap {
                what: format!("{}: group values withheld", ind.name),
                detail: withheld.join("; "),
            });
        }
    }
    for r in inp
        .rows
        .iter()
        .filter(|r| r.assessment.method == inp.method)
    {
        if let Some(n) = r
            .assessment
            .notes
            .iter()
            .find(|n| n.starts_with("not comparable"))
        {
            gaps.push(DataGap {
                what: format!(
                    "{} {} ({}): not comparable",
                    r.indicator_id, r.target_id, r.geo_name
                ),
                detail: n.clone(),
            });
        }
    }
    gaps
}

fn sources(inputs: &[InputRecord]) -> Vec<Source> {
    let mut by: BTreeMap<(String, String), (String, String, u64, u64)> = BTreeMap::new();
    for r in inputs {
        let (name, licence, attribution) = model::source_of(r);
        let e = by
            .entry((name, r.vintage.clone()))
            .or_insert((licence, attribution, 0, 0));
        e.2 += r.counts.read;
        e.3 += r.counts.accepted;
    }
    let mut out: Vec<Source> = by
        .into_iter()
        .map(
            |((name, release), (licence, attribution, read, accepted))| Source {
                name,
                release: if release.is_empty() {
                    "as stated per row".into()
                } else {
                    release
                },
                licence,
                attribution,
                counts: format!("{read} values read, {accepted} kept"),
            },
        )
        .collect();
    for (name, release, licence, attribution) in [
        (
            "Country codes (ISO 3166, UN M49, LDC/LLDC/SIDS lists), datasets/country-codes",
            "2026-05-15; developed/developing 2020-10-15",
            "PDDL",
            "",
        ),
        (
            "ITU regions (from the ITU Digital Development Dashboard)",
            "2022",
            "ITU terms of use",
            "Source: ITU",
        ),
        (
            "World Bank population, SP.POP.TOTL",
            "to 2024",
            "CC BY 4.0",
            "Source: World Bank",
        ),
        (
            "UN DESA Database on Household Size and Composition",
            "2022",
            "CC BY 3.0 IGO",
            "Source: UN DESA Population Division",
        ),
    ] {
        out.push(Source {
            name: name.to_string(),
            release: release.to_string(),
            licence: licence.to_string(),
            attribution: attribution.to_string(),
            counts: "classification and weights".to_string(),
        });
    }
    out
}

/// Build the report.
pub fn build(inp: &ReportInputs<'_>) -> Report {
    let agree = agreement(inp.rows);
    let main_rows: Vec<ProgressRow> = inp
        .rows
        .iter()
        .filter(|r| r.assessment.method == inp.method)
        .cloned()
        .collect();
    let mut sections = Vec::new();
    for t in inp.framework.targets_2030() {
        let (id, text) = (t.id.as_str(), t.short_text());
        let goal = inp.framework.goal_of(id).unwrap_or(0);
        let mut blocks = Vec::new();
        for ind in inp
            .indicators
            .iter()
            .filter(|i| i.targets.iter().any(|t| t.id == id))
        {
            let data = inp.data.get(&ind.id);
            let mut lines: Vec<(usize, GroupLine, Vec<JumpNote>)> = main_rows
                .iter()
                .filter(|r| r.indicator_id == ind.id && r.target_id == id)
                .map(|r| {
                    let disagree = agree.get(&row_key(r)).is_some_and(|a| !a);
                    let jumps = jumps_of(r, ind, data);
                    let line = line(r, ind, disagree, !jumps.is_empty());
                    (group::order(&r.geo), line, jumps)
                })
                .collect();
            lines.sort_by_key(|(o, _, _)| *o);
            let mapped: Vec<&str> = inp
                .framework
                .mapped_2023(id)
                .iter()
                .map(|t| t.id.as_str())
                .collect();
            let past: Vec<model::PastTarget> = model::past_targets(ind, inp.rows, inp.method)
                .into_iter()
                .filter(|p| mapped.contains(&p.id.as_str()))
                .collect();
            let changes = match &inp.previous {
                Some((prev, _)) => {
                    changes_for(ind, inp.rows, inp.method, prev, inp.data.get(&ind.id))
                }
                None => Vec::new(),
            };
            blocks.push(IndicatorBlock {
                id: ind.id.clone(),
                name: ind.name.clone(),
                definition: definition(ind),
                charts: inp.charts.get(&ind.id).cloned().unwrap_or_default(),
                jumps: lines.iter().flat_map(|(_, _, j)| j.clone()).collect(),
                lines: lines.into_iter().map(|(_, l, _)| l).collect(),
                past,
                measurable: inp.measurable.contains(&ind.id),
                members: {
                    let mut m: Vec<Distribution> = inp
                        .distributions
                        .iter()
                        .filter(|d| d.indicator_id == ind.id && d.target_id == id)
                        .cloned()
                        .collect();
                    m.sort_by_key(|d| (!d.scored, group::order(&d.group)));
                    m
                },
                changes: changes
                    .into_iter()
                    .filter(|c| {
                        c.target_id == id
                            || inp.framework.get(&c.target_id).map(|t| t.kind)
                                != Some(ItemKind::Target2030)
                    })
                    .collect(),
            });
        }
        sections.push(TargetSection {
            id: id.to_string(),
            number: id.trim_start_matches("SP2030-").to_string(),
            text: text.to_string(),
            goal: format!(
                "Goal {goal}: {}",
                inp.framework.goal_name(goal).unwrap_or("")
            ),
            indicators: blocks,
        });
    }
    let focus = inp.group.map(|code| focus(code, inp, &main_rows));
    let (by_goal, by_group) = model::counts(inp.framework, inp.rows, inp.indicators, inp.method);
    let mut vintages: Vec<String> = inp
        .inputs
        .iter()
        .map(|r| {
            let (name, _, _) = model::source_of(r);
            let short = name.split(" (").next().unwrap_or(&name).to_string();
            if r.vintage.is_empty() {
                short
            } else {
                format!("{short}, {}", r.vintage)
            }
        })
        .collect();
    vintages.dedup();
    let mut seen = BTreeSet::new();
    vintages.retain(|v| seen.insert(v.clone()));
    let title = format!(
        "Progress towards the ITU Strategic Plan 2024–2027 targets for 2030: annual progress report {}",
        inp.year
    );
    Report {
        title: match &focus {
            Some(f) => format!("{title}: {}", f.name),
            None => title,
        },
        year: inp.year,
        as_of: inp.as_of,
        method: inp.method,
        vintages,
        highlights: model::highlights(inp.framework, inp.indicators, inp.rows, inp.method),
        by_goal,
        by_group,
        sections,
        gaps: data_gaps(inp),
        changes: inp.previous.as_ref().map(|_| {
            let mut all = Vec::new();
            for ind in inp.indicators {
                if let Some((prev, _)) = &inp.previous {
                    all.extend(changes_for(
                        ind,
                        inp.rows,
                        inp.method,
                        prev,
                        inp.data.get(&ind.id),
                    ));
                }
            }
            all
        }),
        previous: inp.previous.as_ref().map(|(p, name)| match p.as_of {
            Some(y) => format!("{name} (as of {y})"),
            None => name.clone(),
        }),
        methodology: METHODOLOGY.to_string(),
        sources: sources(inp.inputs),
        generator: format!("rbm {}", env!("CARGO_PKG_VERSION")),
        focus,
    }
}

/// A group's scorecard: every 2030 target's indicators, the group's line
/// for each (or none, when it has no data).
fn focus(code: &str, inp: &ReportInputs<'_>, main_rows: &[ProgressRow]) -> model::Focus {
    let agree = agreement(inp.rows);
    let mut scorecard = Vec::new();
    for t in inp.framework.targets_2030() {
        let (id, text) = (t.id.as_str(), t.short_text());
        let number = id.trim_start_matches("SP2030-").to_string();
        let mut any = false;
        for ind in inp
            .indicators
            .iter()
            .filter(|i| i.targets.iter().any(|t| t.id == id))
        {
            any = true;
            let line = main_rows
                .iter()
                .find(|r| r.indicator_id == ind.id && r.target_id == id && r.geo == code)
                .map(|r| {
                    let jumped = !jumps_of(r, ind, inp.data.get(&ind.id)).is_empty();
                    line(r, ind, agree.get(&row_key(r)).is_some_and(|a| !a), jumped)
                });
            scorecard.push(model::ScoreLine {
                number: number.clone(),
                target: text.to_string(),
                indicator: ind.name.clone(),
                line,
            });
        }
        if !any {
            scorecard.push(model::ScoreLine {
                number,
                target: text.to_string(),
                indicator: String::new(),
                line: None,
            });
        }
    }
    model::Focus {
        code: code.to_string(),
        name: group::group(code).map_or_else(|| code.to_string(), |g| g.name.to_string()),
        scorecard,
    }
}
