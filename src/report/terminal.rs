//! Tables for the terminal: progress per indicator, the analyst's gaps,
//! and series values, each readable in a 100-column terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::csv::agreement;
use super::rows::{SeriesRow, num};
use super::table::{Align, Table};
use crate::aggregate::Origin;
use crate::indicator::{Indicator, Unit};
use crate::progress::{Method, ProgressRow, Status};

/// Width the tables fit.
pub const WIDTH: usize = 100;

/// Decimals for a unit's values in tables.
pub fn decimals(unit: Unit) -> usize {
    match unit {
        Unit::Percent | Unit::Per100 => 1,
        Unit::PercentGniPc => 2,
        Unit::Ratio => 3,
        Unit::Count => 0,
    }
}

fn short_status(s: Status) -> &'static str {
    match s {
        Status::TargetAchieved => "achieved",
        Status::OnTrack => "on track",
        Status::AccelerationNeeded => "accelerate",
        Status::LimitedProgress => "limited",
        Status::Deterioration => "worsening",
        Status::InsufficientData => "no data",
    }
}

/// `✔ achieved`, `↗ accelerate`: reads without colour.
pub fn status_cell(s: Status) -> String {
    format!("{} {}", s.symbol(), short_status(s))
}

fn year_value(year: Option<i32>, value: Option<f64>, d: usize, computed: bool) -> String {
    match (year, value) {
        (Some(y), Some(v)) => format!(
            "{y}: {}{}",
            num(Some(v), d),
            if computed { "*" } else { "" }
        ),
        _ => "–".to_string(),
    }
}

fn header(ind: &Indicator, out: &mut String) {
    let _ = writeln!(
        out,
        "{} · {} ({}, {})",
        ind.id,
        ind.name,
        ind.unit.label(),
        ind.direction.as_str()
    );
}

/// The progress table: one section per indicator.
pub fn progress(indicators: &[&Indicator], rows: &[ProgressRow], methods: &[Method]) -> String {
    let mut out = String::new();
    let agree = agreement(rows);
    let several = methods.len() > 1;
    for ind in indicators {
        let own: Vec<&ProgressRow> = rows.iter().filter(|r| r.indicator_id == ind.id).collect();
        if own.is_empty() {
            continue;
        }
        header(ind, &mut out);
        let d = decimals(ind.unit);
        let mut cols: Vec<(&str, Align)> = vec![
            ("target", Align::Left),
            ("group", Align::Left),
            ("base", Align::Left),
            ("latest", Align::Left),
            ("target", Align::Left),
        ];
        if several {
            for m in methods {
                cols.push((m.as_str(), Align::Left));
            }
            cols.push(("agree", Align::Left));
        } else {
            cols.push(("projected", Align::Right));
            cols.push(("status", Align::Left));
        }
        let mut table = Table::new(&cols).shrink(1);
        // One line per target × group; methods side by side.
        let mut seen = Vec::new();
        for r in &own {
            let key = (r.target_id.clone(), r.geo.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let a = &r.assessment;
            let computed = r.latest_origin == Some(Origin::Computed);
            let (base, latest) = match r.ratios {
                Some((b, l)) => (Some(b), Some(l)),
                None => (a.base_value, a.latest_value),
            };
            let target = match (&r.ratios, a.target_value) {
                (Some(_), _) => {
                    band_of(ind, &r.target_id).map(|b| format!("{}: {b}", a.target_year))
                }
                (None, Some(t)) => Some(format!("{}: {}", a.target_year, num(Some(t), d))),
                (None, None) => None,
            };
            let mut cells = vec![
                r.target_id.clone(),
                short_group(&r.geo, &r.geo_name),
                year_value(a.base_year, base, d, false),
                year_value(a.latest_year, latest, d, computed),
                target.unwrap_or_else(|| format!("{}: –", a.target_year)),
            ];
            if several {
                for m in methods {
                    let s = own
                        .iter()
                        .find(|x| {
                            x.target_id == key.0 && x.geo == key.1 && x.assessment.method == *m
                        })
                        .map(|x| row_status(x, d))
                        .unwrap_or_default();
                    cells.push(s);
                }
                let ok = agree
                    .get(&(r.indicator_id.clone(), key.0.clone(), key.1.clone()))
                    .copied()
                    .unwrap_or(true);
                cells.push(if ok { "yes".into() } else { "NO".into() });
            } else {
                cells.push(if r.ratios.is_some() {
                    String::new()
                } else {
                    num(a.projected_value, d)
                });
                cells.push(row_status(r, d));
            }
            table.row(cells);
        }
        out.push_str(&table.render(WIDTH));
        let reasons: BTreeMap<String, Vec<String>> = own
            .iter()
            .filter(|r| r.assessment.status == Status::InsufficientData)
            .fold(BTreeMap::new(), |mut m, r| {
                let why = r.assessment.notes.join("; ");
                m.entry(why)
                    .or_insert_with(Vec::new)
                    .push(short_group(&r.geo, &r.geo_name));
                m
            });
        for (why, groups) in reasons {
            let mut groups = groups;
            groups.dedup();
            let _ = writeln!(out, "  no data for {}: {why}", groups.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "* computed by rbm from economies' values (others are published by ITU or the UN)."
    );
    let _ = writeln!(
        out,
        "Status: ✔ achieved  ↑ on track  ↗ acceleration needed  → limited progress  ↓ deterioration  ? no data."
    );
    let _ = writeln!(
        out,
        "Past targets: ✔ met or ✗ missed (by how much). Parity: the ratio, judged by its distance to the band."
    );
    out
}

/// The status of a row; for a target whose year has come, met or missed.
fn row_status(r: &ProgressRow, d: usize) -> String {
    let a = &r.assessment;
    match a.met {
        Some(true) => "✔ met".to_string(),
        Some(false) if r.ratios.is_some() => "✗ missed".to_string(),
        Some(false) => format!("✗ missed by {}", num(a.gap, d)),
        None => status_cell(a.status),
    }
}

/// A parity target's band as text.
fn band_of(ind: &Indicator, target_id: &str) -> Option<String> {
    ind.targets
        .iter()
        .find(|t| t.id == target_id)
        .and_then(|t| match t.kind {
            crate::indicator::TargetKind::Parity { low, high } => {
                Some(format!("{low:.2}–{high:.2}"))
            }
            _ => None,
        })
}

fn short_group(code: &str, name: &str) -> String {
    match crate::classify::group::group(code) {
        Some(g) => g.short.to_string(),
        None if code.contains('-') => name.replace(" economies", "").to_string(),
        None => name.to_string(),
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

/// The analyst's view: for each indicator's targets still ahead, the groups
/// sorted by how far off track they are.
pub fn gaps(indicators: &[&Indicator], rows: &[ProgressRow]) -> String {
    let mut out = String::new();
    for ind in indicators {
        let d = decimals(ind.unit);
        let mut targets: Vec<&str> = rows
            .iter()
            .filter(|r| r.indicator_id == ind.id)
            .map(|r| r.target_id.as_str())
            .collect();
        targets.dedup();
        for target_id in targets {
            let Some(target) = ind.targets.iter().find(|t| t.id == target_id) else {
                continue;
            };
            let mut own: Vec<&ProgressRow> = rows
                .iter()
                .filter(|r| r.indicator_id == ind.id && r.target_id == target_id)
                .collect();
            own.sort_by_key(|r| std::cmp::Reverse(off_track_key(r)));
            let _ = writeln!(
                out,
                "{} · {}: {} by {} ({})",
                ind.id,
                target.id,
                target.describe(ind.unit, ind.direction),
                target.year,
                ind.unit.label()
            );
            let mut table = Table::new(&[
                ("group", Align::Left),
                ("latest", Align::Left),
                ("gap", Align::Right),
                ("need/yr", Align::Right),
                ("seen/yr", Align::Right),
                ("×faster", Align::Right),
                ("projected", Align::Right),
                ("reached", Align::Right),
                ("status", Align::Left),
            ])
            .shrink(0);
            for r in own {
                let a = &r.assessment;
                table.row(vec![
                    short_group(&r.geo, &r.geo_name),
                    year_value(
                        a.latest_year,
                        a.latest_value,
                        d,
                        r.latest_origin == Some(Origin::Computed),
                    ),
                    num(a.gap, d),
                    num(a.required_annual_change, d + 1),
                    num(a.observed_annual_change, d + 1),
                    match (a.acceleration, a.status) {
                        (Some(x), _) => format!("{x:.1}×"),
                        (None, Status::Deterioration) => "∞".to_string(),
                        _ => String::new(),
                    },
                    num(a.projected_value, d),
                    match (a.year_reached, a.status) {
                        (Some(y), _) => y.to_string(),
                        (None, Status::InsufficientData) => String::new(),
                        (None, _) => "never".to_string(),
                    },
                    status_cell(a.status),
                ]);
            }
            out.push_str(&table.render(WIDTH));
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "gap: what is left, in the desired direction; need/yr: change a year to close it by the target year;\n\
         seen/yr: change a year over the last five years; ×faster: need ÷ seen; reached: year the target\n\
         is reached at the pace seen. * computed by rbm from economies' values."
    );
    out
}

/// Series values as a wide table: groups down, years across (the latest
/// ten years).
pub fn series(indicators: &[&Indicator], rows: &[SeriesRow]) -> String {
    let mut out = String::new();
    for ind in indicators {
        let own: Vec<&SeriesRow> = rows.iter().filter(|r| r.indicator_id == ind.id).collect();
        if own.is_empty() {
            continue;
        }
        header(ind, &mut out);
        let mut years: Vec<i32> = own.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        let years: Vec<i32> = years.iter().rev().take(9).rev().copied().collect();
        let mut cols: Vec<(String, Align)> = vec![("group".to_string(), Align::Left)];
        for y in &years {
            cols.push((y.to_string(), Align::Right));
        }
        let cols_ref: Vec<(&str, Align)> = cols.iter().map(|(s, a)| (s.as_str(), *a)).collect();
        let mut table = Table::new(&cols_ref).shrink(0);
        let mut geos: Vec<(&str, &str)> = Vec::new();
        for r in &own {
            if !geos.iter().any(|(g, _)| *g == r.geo) {
                geos.push((&r.geo, &r.geo_name));
            }
        }
        let d = decimals(ind.unit);
        for (geo, name) in geos {
            let mut cells = vec![short_group(geo, name)];
            for y in &years {
                let cell = own
                    .iter()
                    .find(|r| r.geo == geo && r.year == *y)
                    .map(|r| {
                        format!(
                            "{}{}",
                            num(Some(r.value), d),
                            if r.origin == Origin::Computed {
                                "*"
                            } else {
                                ""
                            }
                        )
                    })
                    .unwrap_or_default();
                cells.push(cell);
            }
            table.row(cells);
        }
        out.push_str(&table.render(WIDTH));
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "* computed by rbm from economies' values; use --format csv for every year, coverage and imputed shares."
    );
    out
}
