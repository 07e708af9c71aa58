//! `rbm check` and `rbm indicators`.

use std::io::Write;

use anyhow::Context;

use crate::commands::Status;
use crate::config::Config;
use std::collections::BTreeMap;
use std::path::Path;

use crate::aggregate::{Aggregator, SeriesIndex};
use crate::classify::{Classification, group};
use crate::commands::fs;
use crate::error::Location;
use crate::indicator::Indicator;
use crate::indicator::smart::PaceCheck;
use crate::indicator::smart::{self, DataCatalog, Measurability};
use crate::indicator::{self, Finding, Severity};
use crate::indicator::{Criterion, Direction, TargetKind};
use crate::ingest::ObservationTable;
use crate::ingest::store::files;
use crate::progress::{self, Method};
use crate::report::table::{Align, Table};

/// Lint every definition; print one line per finding and a summary per
/// indicator. Exit 1 when there are errors.
pub fn check(config: &Config, out: &mut dyn Write, _err: &mut dyn Write) -> anyhow::Result<Status> {
    let registry = indicator::load_dir(&config.indicators).with_context(|| {
        format!(
            "could not load the indicator definitions in '{}'",
            config.indicators.display()
        )
    })?;
    let mut findings: Vec<Finding> = registry.findings.clone();
    let data = check_datasets(&config.data, &mut findings);
    let mut measured: Vec<(String, Measurability)> = Vec::new();
    for ind in &registry.indicators {
        let (m, f) = smart::measurable(ind, data.as_ref().map(|d| &d.catalog));
        findings.extend(f);
        if let (true, Some(d)) = (m.measurable, &data) {
            findings.extend(smart::achievable(ind, &pace_checks(ind, d)));
        }
        measured.push((ind.id.clone(), m));
    }
    findings.sort_by(|a, b| {
        (a.location.path.as_path(), a.location.line, a.severity).cmp(&(
            b.location.path.as_path(),
            b.location.line,
            b.severity,
        ))
    });
    for f in &findings {
        writeln!(out, "{f}")?;
    }
    if !findings.is_empty() {
        writeln!(out)?;
    }

    let mut table = Table::new(&[
        ("indicator", Align::Left),
        ("SMART", Align::Left),
        ("targets", Align::Left),
        ("data", Align::Left),
    ])
    .shrink(2);
    for ind in &registry.indicators {
        let own: Vec<Finding> = findings
            .iter()
            .filter(|f| f.indicator.as_deref() == Some(ind.id.as_str()))
            .cloned()
            .collect();
        let m = measured
            .iter()
            .find(|(id, _)| *id == ind.id)
            .map(|(_, m)| m);
        table.row(vec![
            ind.id.clone(),
            smart::summary_marks(&own, m),
            ind.targets
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            data_cell(m),
        ]);
    }
    write!(out, "{}", table.render(100))?;

    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let measurable = measured.iter().filter(|(_, m)| m.measurable).count();
    let failed_files = registry.files.len() - registry.indicators.len();
    writeln!(
        out,
        "\n{} indicator(s) in {} file(s){}: {errors} error(s), {warnings} warning(s); {measurable} measurable with the datasets",
        registry.indicators.len(),
        registry.files.len(),
        if failed_files > 0 {
            format!(" ({failed_files} not loaded)")
        } else {
            String::new()
        },
    )?;
    Ok(if errors > 0 {
        Status::Problems
    } else {
        Status::Success
    })
}

/// What `check` learned of the datasets folder.
struct DataSummary {
    catalog: DataCatalog,
    table: ObservationTable,
    class: Option<Classification>,
}

/// Achievable: for each 2030 target still ahead, the highest pace any group
/// needs against the best pace any group has shown over five years.
fn pace_checks(ind: &Indicator, data: &DataSummary) -> Vec<PaceCheck> {
    let Some(class) = &data.class else {
        return Vec::new();
    };
    let index = SeriesIndex::new(&data.table);
    let agg = Aggregator::new(&index, class);
    let groups = group::expand_selection("all").unwrap_or_default();
    let Ok((rows, _)) = progress::evaluate(
        ind,
        &agg,
        &groups,
        &[Method::CagrRatio],
        Some(agg.years().1),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in ind.targets_2030() {
        let own: Vec<_> = rows.iter().filter(|r| r.target_id == t.id).collect();
        let need = own
            .iter()
            .filter_map(|r| r.assessment.required_annual_change.map(|v| (v, r)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let best = own
            .iter()
            .filter_map(|r| r.assessment.observed_annual_change.map(|v| (v, r)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let (Some((need, nr)), Some((best, br))) = (need, best) {
            out.push(PaceCheck {
                target_id: t.id.clone(),
                group: nr.geo_name.clone(),
                required: need,
                best_observed: best,
                best_group: br.geo_name.clone(),
            });
        }
    }
    out
}

/// Load and validate the datasets; problems become findings. Without a
/// datasets folder, nothing is measurable, which is a warning per indicator.
fn check_datasets(dir: &Path, findings: &mut Vec<Finding>) -> Option<DataSummary> {
    let obs_path = dir.join(files::OBSERVATIONS);
    if !obs_path.exists() {
        return None;
    }
    let table = match fs::load_observations(dir) {
        Ok(t) => t,
        Err(e) => {
            findings.push(Finding::error(
                Criterion::Data,
                Location::file(&obs_path),
                format!("{e:#}"),
            ));
            return None;
        }
    };
    let class = match fs::load_classification(dir) {
        Ok(c) => {
            // Every observation's geo must be a classified economy or a group.
            let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
            for r in table.rows() {
                let geo = table.str(r.geo);
                if !c.economies.contains_key(geo) && group::group(geo).is_none() {
                    *unknown.entry(geo.to_string()).or_default() += 1;
                }
            }
            for (geo, n) in unknown {
                findings.push(Finding::error(
                    Criterion::Data,
                    Location::file(&obs_path).field("geo"),
                    format!("{n} observation(s) for `{geo}`, which is neither a classified economy nor a group"),
                ));
            }
            Some(c)
        }
        Err(e) => {
            findings.push(Finding::error(
                Criterion::Data,
                Location::file(dir.join(files::CLASSIFICATION)),
                format!("{e:#}"),
            ));
            None
        }
    };
    Some(DataSummary {
        catalog: table.catalog(),
        table,
        class,
    })
}

fn data_cell(m: Option<&Measurability>) -> String {
    match m {
        Some(Measurability {
            measurable: true,
            span: Some((a, b)),
            years,
            ..
        }) => {
            format!("{a}–{b} ({years} years)")
        }
        Some(Measurability { years, .. }) if *years > 0 => format!("{years} year(s): too few"),
        _ => "no data".to_string(),
    }
}

/// `rbm indicators`: a table of every indicator's targets.
pub fn list(config: &Config, out: &mut dyn Write) -> anyhow::Result<Status> {
    let registry = indicator::load_dir(&config.indicators).with_context(|| {
        format!(
            "could not load the indicator definitions in '{}'",
            config.indicators.display()
        )
    })?;
    registry.require_valid()?;
    let catalog = fs::load_observations(&config.data)
        .ok()
        .map(|t| t.catalog());
    let mut table = Table::new(&[
        ("indicator", Align::Left),
        ("target", Align::Left),
        ("value", Align::Left),
        ("year", Align::Right),
        ("groups", Align::Left),
        ("unit", Align::Left),
        ("dir", Align::Left),
        ("data", Align::Left),
    ])
    .shrink(4);
    for ind in &registry.indicators {
        let (m, _) = smart::measurable(ind, catalog.as_ref());
        for (i, t) in ind.targets.iter().enumerate() {
            let first = i == 0;
            let value = match &t.kind {
                TargetKind::Level { value } => format!("{value}"),
                TargetKind::Threshold { value } if ind.direction == Direction::Decrease => {
                    format!("≤ {value}")
                }
                TargetKind::Threshold { value } => format!("≥ {value}"),
                _ => t.describe(ind.unit, ind.direction),
            };
            table.row(vec![
                if first { ind.id.clone() } else { String::new() },
                t.id.clone(),
                value,
                t.year.to_string(),
                groups_cell(&t.groups),
                if first {
                    ind.unit.short().to_string()
                } else {
                    String::new()
                },
                if first {
                    ind.direction.symbol().to_string()
                } else {
                    String::new()
                },
                if first {
                    if m.measurable { "yes" } else { "no" }.to_string()
                } else {
                    String::new()
                },
            ]);
        }
    }
    write!(out, "{}", table.render(100))?;
    let (sp, c) = registry
        .indicators
        .iter()
        .flat_map(|i| &i.targets)
        .fold((0, 0), |(sp, c), t| {
            if t.is_2030() {
                (sp + 1, c)
            } else {
                (sp, c + 1)
            }
        });
    writeln!(
        out,
        "\n{} indicator(s); {sp} 2030 target row(s), {c} 2023 target row(s)",
        registry.indicators.len()
    )?;
    Ok(Status::Success)
}

fn groups_cell(groups: &[String]) -> String {
    let all = crate::classify::group::expand_selection("all").unwrap_or_default();
    if groups.len() == all.len() && groups.iter().zip(&all).all(|(a, b)| a == b) {
        "all".to_string()
    } else {
        groups.join("−")
    }
}
