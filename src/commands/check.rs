//! `rbm check` and `rbm indicators`.

use std::io::Write;
use std::path::Path;

use super::options::{Io, Outcome, Run, Shared};
use super::{fs, pipeline};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::classify::{Classification, group};
use crate::error::Location;
use crate::indicator::smart::{self, DataCatalog, Measurability, PaceCheck};
use crate::indicator::{Criterion, Finding, Indicator, Severity};
use crate::ingest::ObservationTable;
use crate::progress::{self, Method};
use crate::report::table::{Align, Style, Table, paragraph};
use crate::report::terminal::WIDTH;

/// Options of `rbm check` (none yet: it always checks everything).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {}

impl Run for CheckOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        check(shared, io.out)
    }
}

/// Lint every definition; print one line per finding and a summary per
/// indicator. Exit 1 when there are errors.
fn check(shared: &Shared, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let registry = pipeline::load_definitions(shared)?;
    let mut findings: Vec<Finding> = registry.findings.clone();
    if registry.files.is_empty() {
        findings.push(Finding::error(
            Criterion::Syntax,
            Location::file(&shared.indicators),
            format!("{:#}", pipeline::no_indicators(shared)),
        ));
    }
    let (data, store_line) = check_datasets(&shared.data, &mut findings)?;
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
        // Wrapped within the terminal width; the first line keeps the
        // file, line and field.
        write!(out, "{}", paragraph(&f.to_string(), WIDTH, 4))?;
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
    .wrap(2);
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
    write!(
        out,
        "{}",
        table.render(WIDTH, Style::from_color(shared.color))
    )?;

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
    writeln!(out, "\n{store_line}")?;
    writeln!(
        out,
        "{} indicator(s) in {} file(s){}: {errors} error(s), {warnings} warning(s); {measurable} measurable with the datasets",
        registry.indicators.len(),
        registry.files.len(),
        if failed_files > 0 {
            format!(" ({failed_files} not loaded)")
        } else {
            String::new()
        },
    )?;
    Ok(if errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
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
    let groups = group::computed();
    let Ok((rows, _)) = progress::indicator_rows(
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

/// Load and validate every file of the datasets folder, as the
/// definitions are: each problem becomes an error finding with its file,
/// line and field, and the sha256 of every file is checked against the
/// manifest. Without a datasets folder, nothing is measurable, which is a
/// warning per indicator. Also the line that says what was checked.
fn check_datasets(
    dir: &Path,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<(Option<DataSummary>, String)> {
    if !dir.is_dir() {
        return Ok((
            None,
            format!(
                "no datasets folder '{}': the data were not checked",
                dir.display()
            ),
        ));
    }
    let checked = fs::check_store(dir)?;
    for e in checked.problems.found() {
        let location = match e {
            crate::Error::Input { location, .. } => location.clone(),
            _ => Location::file(dir),
        };
        let message = match e {
            crate::Error::Input { message, .. } => message.clone(),
            other => other.to_string(),
        };
        findings.push(Finding::error(Criterion::Data, location, message));
    }
    let count = checked.problems.count();
    let shown = checked.problems.found().len();
    if count > shown {
        findings.push(Finding::error(
            Criterion::Data,
            Location::file(dir),
            format!("… and {} more problem(s) in the datasets", count - shown),
        ));
    }
    let line = if count == 0 {
        format!(
            "datasets '{}': {} files match their manifest (rows, size, sha256)",
            dir.display(),
            checked.matching
        )
    } else {
        format!(
            "datasets '{}': {count} problem(s); nothing that fails a check is used",
            dir.display()
        )
    };
    let summary = match (checked.table, count) {
        (Some(table), 0) => Some(DataSummary {
            catalog: table.catalog(),
            table,
            class: checked.class,
        }),
        _ => None,
    };
    Ok((summary, line))
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
