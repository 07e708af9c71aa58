//! What the analysis commands share: loading the definitions, datasets and
//! classification (with a message that says what to do when the folders
//! are not there), and running the selection through the stages
//! ([`analyse`]).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use super::fs;
use super::options::{Selection, Shared, TableFormat};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::classify::Classification;
use crate::indicator::{self, Indicator, Registry};
use crate::ingest::ObservationTable;
use crate::ingest::store::files;
use crate::progress::{self, IndicatorData, Method, ProgressRow};
use crate::report::{csv, json};

/// Everything loaded.
pub struct Loaded {
    /// Definitions.
    pub registry: Registry,
    /// Observations.
    pub table: ObservationTable,
    /// Classification.
    pub class: Classification,
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
    indicator::load_dir(&shared.indicators).with_context(|| {
        format!(
            "could not load the indicator definitions in '{}'",
            shared.indicators.display()
        )
    })
}

/// Load definitions that have no errors, and the datasets.
pub fn load(shared: &Shared) -> anyhow::Result<Loaded> {
    let registry = load_definitions(shared)?;
    registry.require_valid()?;
    if !shared.data.join(files::OBSERVATIONS).is_file() {
        return Err(not_here("datasets", &shared.data, "--data"));
    }
    let table = fs::load_observations(&shared.data)
        .with_context(|| format!("could not load the datasets in '{}'", shared.data.display()))?;
    let class = fs::load_classification(&shared.data).with_context(|| {
        format!(
            "could not load the classification in '{}'",
            shared.data.display()
        )
    })?;
    Ok(Loaded {
        registry,
        table,
        class,
    })
}

/// Progress rows as CSV or JSON, or as the command's terminal table.
pub fn rows_as(
    format: TableFormat,
    rows: &[ProgressRow],
    as_of: i32,
    table: impl FnOnce() -> String,
) -> anyhow::Result<String> {
    Ok(match format {
        TableFormat::Csv => csv::progress(rows)?,
        TableFormat::Json => json::progress(rows, Some(as_of))?,
        TableFormat::Table => table(),
    })
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
    let indicators = loaded.registry.select(&select.indicators)?;
    let index = SeriesIndex::new(&loaded.table);
    let agg = Aggregator::new(&index, &loaded.class);
    let as_of = select.as_of.unwrap_or(agg.years().1);
    let mut rows = Vec::new();
    let mut data = BTreeMap::new();
    for ind in &indicators {
        let (r, d) = progress::indicator_rows(ind, &agg, &select.groups, methods, Some(as_of))
            .with_context(|| format!("could not assess indicator `{}`", ind.id))?;
        rows.extend(r);
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
