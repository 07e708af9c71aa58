//! What the analysis commands share: loading the definitions, datasets and
//! classification (with a message that says what to do when the folders
//! are not there), and running the selection through the stages
//! ([`analyse`]).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use super::fs;
use super::options::{Selection, Shared, TableFormat};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::base::vocab::near;
use crate::classify::Classification;
use crate::indicator::Finding;
use crate::indicator::{self, Indicator, Registry};
use crate::ingest::ObservationTable;
use crate::ingest::store::InputRecord;
use crate::progress::backtest::{Backtest, Cuts};
use crate::progress::distribution::Distribution;
use crate::progress::hits::Hit;
use crate::progress::{self, IndicatorData, Method, ProgressRow, Status};
use crate::report::commentary::{self, Commentary};
use crate::report::{csv, json};

/// Everything loaded.
pub struct Loaded {
    /// Definitions.
    pub registry: Registry,
    /// Observations.
    pub table: ObservationTable,
    /// Classification.
    pub class: Classification,
    /// The files the observations were ingested from.
    pub inputs: Vec<InputRecord>,
}

/// The hint for a folder that is not there: rbm was most likely run
/// outside the project.
fn not_here(what: &str, dir: &Path, flag: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "no {what} folder '{}' here: run rbm in the project folder (the one holding indicators/ and datasets/), `cd` into it, or pass {flag} DIR",
        dir.display()
    )
}

/// Load the definitions (not yet checked for errors).
pub fn load_definitions(shared: &Shared) -> anyhow::Result<Registry> {
    if !shared.indicators.is_dir() {
        return Err(not_here(
            "indicator definitions",
            &shared.indicators,
            "--indicators",
        ));
    }
    if !shared.framework.is_dir() {
        return Err(anyhow::anyhow!(
            "no results framework folder '{}': a folder of indicator definitions holds its framework in `framework/` (goals, targets, outcomes, outputs); add one, or pass --framework DIR",
            shared.framework.display()
        ));
    }
    indicator::load_dir(&shared.indicators, &shared.framework).with_context(|| {
        format!(
            "could not load the indicator definitions in '{}'",
            shared.indicators.display()
        )
    })
}

/// Load definitions that have no errors, and the datasets: every file of
/// the store read under one lock, so that they belong to one commit, and
/// checked against its manifest. The definitions and the store are read
/// side by side; what is wrong is reported as if they had been read one
/// after the other, the definitions first.
pub fn load(shared: &Shared) -> anyhow::Result<Loaded> {
    let (registry, store) = rayon::join(|| load_definitions(shared), || load_store(shared));
    let registry = registry?;
    registry.require_valid()?;
    if registry.indicators.is_empty() {
        return Err(no_indicators(shared));
    }
    let (table, class, inputs) = store?;
    Ok(Loaded {
        registry,
        table,
        class,
        inputs,
    })
}

/// The store's observations, classification and list of inputs.
fn load_store(
    shared: &Shared,
) -> anyhow::Result<(ObservationTable, Classification, Vec<InputRecord>)> {
    if !shared.data.is_dir() {
        return Err(not_here("datasets", &shared.data, "--data"));
    }
    let context = || format!("could not load the datasets in '{}'", shared.data.display());
    let store = fs::Store::open(&shared.data).with_context(context)?;
    let (table, class) = store.observations_and_classification(false);
    let table = table.with_context(context)?;
    let class = class.with_context(|| {
        format!(
            "could not load the classification in '{}'",
            shared.data.display()
        )
    })?;
    store.check_geos(&table, &class).with_context(context)?;
    // The report's sources come from it: a missing or damaged file is an
    // error, not an empty list.
    let inputs = store.inputs(false).with_context(|| {
        format!(
            "could not read the list of ingested files in '{}', which the report's sources come from",
            shared.data.display()
        )
    })?;
    store.close();
    Ok((table, class, inputs))
}

/// Free what a command is done with on a thread of its own, once its
/// output is written: freeing the store's table, the definitions and the
/// analysis piece by piece was a twentieth of `rbm progress`, after
/// everything it prints was ready. The process may end before the thread
/// is done, which only leaves the memory to the operating system; without
/// a thread to be had, it is freed here.
pub fn drop_aside<T: Send + 'static>(what: T) {
    let _ = std::thread::Builder::new()
        .name("rbm-drop".into())
        .spawn(move || drop(what));
}

/// A folder of definitions with none in it: nothing to assess.
pub fn no_indicators(shared: &Shared) -> anyhow::Error {
    anyhow::anyhow!(
        "no indicator definitions (*.toml) in '{}': rbm has nothing to assess; add definitions there or pass --indicators DIR",
        shared.indicators.display()
    )
}

/// Progress rows as CSV or JSON, or as the command's terminal table; the
/// JSON also carries the shares of economies of share-of-economies
/// targets, context groups included.
pub fn rows_as(
    format: TableFormat,
    rows: &[ProgressRow],
    as_of: i32,
    data: &BTreeMap<String, IndicatorData>,
    table: impl FnOnce() -> String,
) -> anyhow::Result<String> {
    Ok(match format {
        TableFormat::Csv => csv::progress(rows)?,
        TableFormat::Json => json::progress_with_shares(rows, Some(as_of), data)?,
        TableFormat::Table => table(),
    })
}

/// A year asked for (`--as-of`, `--year`) must be one of the data's:
/// beyond them, every status would be made up.
pub fn check_year(year: i32, (first, last): (i32, i32), flag: &str) -> anyhow::Result<()> {
    if (first..=last).contains(&year) {
        return Ok(());
    }
    Err(crate::Error::Usage(format!(
        "{flag} {year} is outside the years of the data, {first}–{last}: give a year between them"
    ))
    .into())
}

/// True when the selection keeps rows of this target (every target when
/// it names none; ids in any case).
pub fn has_target(select: &Selection, target_id: &str) -> bool {
    select.targets.is_empty()
        || select
            .targets
            .iter()
            .any(|t| t.eq_ignore_ascii_case(target_id))
}

/// The selected indicators, narrowed by `--target` to those with one of
/// its targets. An unknown target id is a usage error naming the nearest
/// one.
pub fn select_indicators<'l>(
    loaded: &'l Loaded,
    select: &Selection,
) -> anyhow::Result<Vec<&'l Indicator>> {
    let indicators = loaded.registry.select(&select.indicators)?;
    if select.targets.is_empty() {
        return Ok(indicators);
    }
    let known: Vec<&str> = {
        let mut k: Vec<&str> = indicators
            .iter()
            .flat_map(|i| i.targets.iter().map(|t| t.id.as_str()))
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    for t in &select.targets {
        if !known.iter().any(|k| k.eq_ignore_ascii_case(t)) {
            let hint = near(t, known.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            let among = if select.indicators.is_empty() {
                String::new()
            } else {
                format!(" of {}", select.indicators.join(", "))
            };
            return Err(crate::error::Error::Usage(format!(
                "unknown target `{t}`{among}{hint}: `rbm indicators` lists every target id"
            ))
            .into());
        }
    }
    Ok(indicators
        .into_iter()
        .filter(|i| i.targets.iter().any(|t| has_target(select, &t.id)))
        .collect())
}

/// The results of assessing the selected indicators.
pub struct Analysis<'l> {
    /// Selected indicators.
    pub indicators: Vec<&'l Indicator>,
    /// Every row.
    pub rows: Vec<ProgressRow>,
    /// The values behind each indicator's charts.
    pub data: BTreeMap<String, IndicatorData>,
    /// The as-of year used.
    pub as_of: i32,
    /// Groups asked for.
    pub groups: Vec<&'static str>,
}

/// Assess the selection by the given methods (none: only the group
/// values).
pub fn analyse<'l>(
    loaded: &'l Loaded,
    select: &Selection,
    methods: &[Method],
) -> anyhow::Result<Analysis<'l>> {
    let indicators = select_indicators(loaded, select)?;
    let index = SeriesIndex::new(&loaded.table);
    let agg = Aggregator::new(&index, &loaded.class);
    let as_of = select.as_of.unwrap_or(agg.years().1);
    check_year(as_of, agg.years(), "--as-of")?;
    // Indicators are assessed on every core, and their rows (or the
    // first indicator's error) taken in order.
    let assessed: Vec<_> = indicators
        .par_iter()
        .map(|ind| {
            progress::indicator_rows(ind, &agg, &select.groups, methods, Some(as_of))
                .with_context(|| format!("could not assess indicator `{}`", ind.id))
        })
        .collect();
    let mut rows = Vec::new();
    let mut data = BTreeMap::new();
    for (ind, assessed) in indicators.iter().zip(assessed) {
        let (r, d) = assessed?;
        rows.extend(r.into_iter().filter(|r| has_target(select, &r.target_id)));
        data.insert(ind.id.clone(), d);
    }
    Ok(Analysis {
        indicators,
        rows,
        data,
        as_of,
        groups: select.groups.clone(),
    })
}

/// The distributions of the members of every group a 2030 target of an
/// analysis's indicators scores or shows for context (among the analysis's
/// groups), judged by `method`, with the data up to its as-of year.
pub fn distributions(
    loaded: &Loaded,
    analysis: &Analysis<'_>,
    method: Method,
) -> Vec<Distribution> {
    let index = SeriesIndex::new(&loaded.table);
    let agg = Aggregator::new(&index, &loaded.class);
    let mut out = Vec::new();
    for ind in &analysis.indicators {
        let targets: Vec<String> = ind.targets_2030().map(|t| t.id.clone()).collect();
        if targets.is_empty() {
            continue;
        }
        let rows = progress::members::member_rows(
            ind,
            &agg,
            &analysis.groups,
            &targets,
            method,
            Some(analysis.as_of),
            None,
        );
        out.extend(progress::distribution::distributions(
            ind,
            &agg,
            &rows,
            None,
            analysis.as_of,
        ));
    }
    out
}

/// The backtest of an analysis's indicators and groups, with its data (up
/// to its as-of year).
pub fn backtest(analysis: &Analysis<'_>, cuts: Cuts, horizon: i32, methods: &[Method]) -> Backtest {
    let cases: Vec<_> = analysis
        .indicators
        .iter()
        .filter_map(|ind| {
            analysis
                .data
                .get(&ind.id)
                .map(|d| progress::rows::backtest_cases(ind, d, Some(analysis.as_of)))
        })
        .flatten()
        .filter(|c| analysis.groups.contains(&c.geo.as_str()))
        .collect();
    progress::backtest::run(&cases, cuts, horizon, methods)
}

/// The status hit rate: targets whose year has come by the as-of year and
/// was still ahead at `cut`, assessed with the data up to `cut`, against
/// whether they were met.
pub fn hit_rate(
    loaded: &Loaded,
    select: &Selection,
    cut: i32,
    methods: &[Method],
) -> anyhow::Result<Vec<Hit>> {
    let outcome = analyse(loaded, select, methods)?;
    let then = Selection {
        as_of: Some(cut),
        ..select.clone()
    };
    let predicted: Vec<ProgressRow> = analyse(loaded, &then, methods)?
        .rows
        .into_iter()
        .filter(|r| r.assessment.target_year > cut && r.assessment.target_year <= outcome.as_of)
        .collect();
    Ok(progress::hits::hits(&predicted, &outcome.rows))
}

/// The ids that rows judge: some row with a status other than
/// insufficient data, or a verdict on a target whose year has come.
pub fn judged(rows: &[ProgressRow]) -> std::collections::BTreeSet<String> {
    rows.iter()
        .filter(|r| r.assessment.status != Status::InsufficientData || r.assessment.met.is_some())
        .map(|r| r.target_id.clone())
        .collect()
}

/// The officers' commentary for a reporting year (`<commentary>/<year>/
/// *.md`), checked against the framework; none when the folder is not
/// there. rbm only reads this folder.
pub fn load_commentary(
    shared: &Shared,
    year: i32,
    registry: &Registry,
    rows: &[ProgressRow],
) -> anyhow::Result<(Vec<Commentary>, Vec<Finding>)> {
    let dir = shared.commentary.join(year.to_string());
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("could not read the commentary folder '{}'", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let mut sources = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p)
            .with_context(|| format!("could not read the commentary '{}'", p.display()))?;
        sources.push((p, text));
    }
    let judged = judged(rows);
    Ok(commentary::parse_year(
        year,
        &sources,
        &registry.framework,
        &|id: &str| judged.contains(id),
    ))
}
