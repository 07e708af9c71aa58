//! `rbm check` and `rbm indicators`.

use std::io::Write;
use std::path::Path;

use super::options::{Io, Outcome, Run, Shared};
use super::{fs, pipeline};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::classify::{Classification, group};
use crate::error::Location;
use crate::indicator::framework::ItemKind;
use crate::indicator::smart::{self, DataCatalog, Measurability, PaceCheck};
use crate::indicator::{Criterion, Finding, Indicator, Registry, Severity};
use crate::ingest::ObservationTable;
use crate::progress::{self, Method, ProgressRow};
use crate::report::chain::Chain;
use crate::report::table::{Align, Style, Table, paragraph};
use crate::report::terminal::WIDTH;

/// Options of `rbm check` (it always checks everything).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Also print the notes (by default only counted).
    pub notes: bool,
}

impl Run for CheckOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        check(shared, self, io.out)
    }
}

/// Lint every definition and the results framework; check the chain's
/// coverage and, with data, that every off-track target and outcome has
/// its commentary; print one line per finding (notes only when asked) and
/// a summary per indicator. Exit 1 when there are errors.
fn check(shared: &Shared, opts: &CheckOptions, out: &mut dyn Write) -> anyhow::Result<Outcome> {
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
    let rows = data
        .as_ref()
        .map(|d| all_rows(&registry, d))
        .unwrap_or_default();
    let mut measured: Vec<(String, Measurability)> = Vec::new();
    for ind in &registry.indicators {
        let (m, f) = smart::measurable(ind, data.as_ref().map(|d| &d.catalog));
        findings.extend(f);
        if m.measurable && data.is_some() {
            findings.extend(smart::achievable(ind, &pace_checks(ind, &rows)));
        }
        measured.push((ind.id.clone(), m));
    }
    findings.extend(coverage(&registry));
    if let Some(d) = &data
        && d.class.is_some()
        && registry.error_count() == 0
    {
        findings.extend(commentary_findings(
            shared,
            &registry,
            &rows,
            d.latest_year,
        )?);
    }
    findings.sort_by(|a, b| {
        (a.location.path.as_path(), a.location.line, a.severity).cmp(&(
            b.location.path.as_path(),
            b.location.line,
            b.severity,
        ))
    });
    let shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| opts.notes || f.severity != Severity::Note)
        .collect();
    for f in &shown {
        // Wrapped within the terminal width; the first line keeps the
        // file, line and field.
        write!(out, "{}", paragraph(&f.to_string(), WIDTH, 4))?;
    }
    if !shown.is_empty() {
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
    let notes = findings
        .iter()
        .filter(|f| f.severity == Severity::Note)
        .count();
    let measurable = measured.iter().filter(|(_, m)| m.measurable).count();
    let failed_files = registry.files.len() - registry.indicators.len();
    writeln!(out, "\n{store_line}")?;
    let summary = format!(
        "{} indicator(s) in {} file(s){}: {errors} error(s), {warnings} warning(s){}; {measurable} measurable with the datasets",
        registry.indicators.len(),
        registry.files.len(),
        if failed_files > 0 {
            format!(" ({failed_files} not loaded)")
        } else {
            String::new()
        },
        match (notes, opts.notes) {
            (0, _) => String::new(),
            (n, true) => format!(", {n} note(s)"),
            (n, false) => format!(", {n} note(s) (--notes lists them)"),
        },
    );
    write!(out, "{}", paragraph(&summary, WIDTH, 2))?;
    write!(out, "{}", framework_summary(&registry))?;
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
    /// The latest year with data: the year the report and the commentary
    /// are for by default.
    latest_year: i32,
}

/// Every indicator's rows by the default method, with the latest data
/// (none without a classification).
fn all_rows(registry: &Registry, data: &DataSummary) -> Vec<ProgressRow> {
    let Some(class) = &data.class else {
        return Vec::new();
    };
    let index = SeriesIndex::new(&data.table);
    let agg = Aggregator::new(&index, class);
    let groups = group::computed();
    let mut rows = Vec::new();
    for ind in &registry.indicators {
        if let Ok((r, _)) =
            progress::indicator_rows(ind, &agg, &groups, &[Method::DEFAULT], Some(agg.years().1))
        {
            rows.extend(r);
        }
    }
    rows
}

/// The chain's coverage: a 2030 or 2023 target or an outcome that no
/// indicator measures is not measurable (a warning; for a 2023 target,
/// with the framework's note on why); an output without one is a note
/// (output indicators are the Operational Plans' KPIs).
///
/// Where the framework's manifest says why the plan has no outcome
/// indicators yet (`outcome_indicators`), the outcomes without one are one
/// warning that gives that reason and names them, each a note at its own
/// line: thirty identical warnings would bury the findings an officer can
/// act on.
fn coverage(registry: &Registry) -> Vec<Finding> {
    let fw = &registry.framework;
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for item in &fw.items {
        if !item.kind.is_measurable() || measured(registry, &item.id) {
            continue;
        }
        let why = match (item.kind, item.note.as_deref()) {
            (ItemKind::Target2023, Some(n)) => format!(" ({n})"),
            _ => String::new(),
        };
        let message = format!(
            "{} `{}` is not measurable: no indicator measures it{why}",
            item.kind.label(),
            item.id
        );
        let pending_outcome =
            item.kind == ItemKind::Outcome && fw.meta.outcome_indicators.is_some();
        if pending_outcome {
            pending.push(item);
        }
        out.push(if item.kind == ItemKind::Output || pending_outcome {
            Finding::note(Criterion::Measurable, item.location.clone(), message)
        } else {
            Finding::warning(Criterion::Measurable, item.location.clone(), message)
        });
    }
    if let (Some(first), Some(reason)) = (pending.first(), &fw.meta.outcome_indicators) {
        let ids: Vec<&str> = pending.iter().map(|i| i.id.as_str()).collect();
        out.push(Finding::warning(
            Criterion::Measurable,
            first.location.clone(),
            format!(
                "{} of {} outcomes are not measurable: no indicator measures them, nor a 2023 target they carry ({}): {} (--notes gives each one's line)",
                pending.len(),
                fw.of_kind(ItemKind::Outcome).count(),
                reason.trim_end_matches('.'),
                ids.join(", ")
            ),
        ));
    }
    out
}

/// True when an indicator measures the item: one of its `[[target]]`s
/// names it, or, for an outcome, a 2023 target the outcome carries
/// ([`crate::indicator::framework::Framework::carried`]).
fn measured(registry: &Registry, id: &str) -> bool {
    let names = |id: &str| {
        registry
            .indicators
            .iter()
            .any(|i| i.targets.iter().any(|t| t.id == id))
    };
    if names(id) {
        return true;
    }
    let fw = &registry.framework;
    fw.get(id)
        .is_some_and(|item| fw.carried(item).iter().any(|t| names(&t.id)))
}

/// The commentary of the latest data year: every file checked, and a
/// warning for each target and outcome that is off track without one.
fn commentary_findings(
    shared: &Shared,
    registry: &Registry,
    rows: &[ProgressRow],
    year: i32,
) -> anyhow::Result<Vec<Finding>> {
    let (commentary, mut out) = pipeline::load_commentary(shared, year, registry, rows)?;
    let fw = &registry.framework;
    let indicators: Vec<&Indicator> = registry.indicators.iter().collect();
    let chain = Chain::new(fw, &indicators, rows, Method::DEFAULT, &commentary);
    for item in &fw.items {
        if !matches!(
            item.kind,
            ItemKind::Target2030 | ItemKind::Target2023 | ItemKind::Outcome
        ) {
            continue;
        }
        let status = chain.status(&item.id);
        if !status.off_track() || commentary.iter().any(|c| c.id == item.id) {
            continue;
        }
        let geo = status
            .geo
            .as_deref()
            .and_then(group::group)
            .map(|g| g.name)
            .unwrap_or("");
        out.push(Finding::warning(
            Criterion::Commentary,
            item.location.clone(),
            format!(
                "{} `{}` is off track ({geo}: {}) and has no commentary for {year}: write {} (what happened, why, lessons learned, next actions)",
                item.kind.label(),
                item.id,
                match status.met {
                    Some(false) => "missed".to_string(),
                    _ => status.status.map(|s| s.label().to_lowercase()).unwrap_or_default(),
                },
                shared
                    .commentary
                    .join(year.to_string())
                    .join(format!("{}.md", item.id))
                    .display()
            ),
        ));
    }
    Ok(out)
}

/// One line on the framework: its id, stage and what it holds.
fn framework_summary(registry: &Registry) -> String {
    let fw = &registry.framework;
    let n = |k: ItemKind| fw.of_kind(k).count();
    let count_measured = |k: ItemKind| fw.of_kind(k).filter(|i| measured(registry, &i.id)).count();
    let text = format!(
        "framework {} ({}) in {}: {} goal(s); measured by an indicator: {} of {} 2030 target(s), {} of {} 2023 target(s), {} of {} outcome(s), {} of {} output(s)",
        fw.meta.id,
        fw.meta.stage.map(|s| s.as_str()).unwrap_or("?"),
        fw.dir.display(),
        fw.goals().len(),
        count_measured(ItemKind::Target2030),
        n(ItemKind::Target2030),
        count_measured(ItemKind::Target2023),
        n(ItemKind::Target2023),
        count_measured(ItemKind::Outcome),
        n(ItemKind::Outcome),
        count_measured(ItemKind::Output),
        n(ItemKind::Output),
    );
    paragraph(&text, WIDTH, 2)
}

/// Achievable: for each 2030 target still ahead, the highest pace any group
/// needs against the best pace any group has shown over five years.
fn pace_checks(ind: &Indicator, rows: &[ProgressRow]) -> Vec<PaceCheck> {
    let mut out = Vec::new();
    for t in ind.targets_2030() {
        let own: Vec<_> = rows
            .iter()
            .filter(|r| r.indicator_id == ind.id && r.target_id == t.id)
            .collect();
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
            latest_year: table.rows().iter().map(|r| r.year).max().unwrap_or(0),
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
