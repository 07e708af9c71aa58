//! Loading what the analysis commands share: definitions, datasets,
//! classification; and resolving the selection (indicators, groups, as-of
//! year, methods).

use std::collections::BTreeMap;

use anyhow::Context;

use super::fs;
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::classify::Classification;
use crate::classify::group::{self, expand_selection};
use crate::config::{Config, MethodChoice, Selection};
use crate::error::Error;
use crate::indicator::{self, Indicator, Registry};
use crate::ingest::ObservationTable;
use crate::progress::{self, IndicatorData, Method, ProgressRow};

/// Everything loaded.
pub struct Loaded {
    /// Definitions.
    pub registry: Registry,
    /// Observations.
    pub table: ObservationTable,
    /// Classification.
    pub class: Classification,
}

/// Load definitions and datasets.
pub fn load(config: &Config) -> anyhow::Result<Loaded> {
    let registry = indicator::load_dir(&config.indicators).with_context(|| {
        format!(
            "could not load the indicator definitions in '{}'",
            config.indicators.display()
        )
    })?;
    registry.require_valid()?;
    let table = fs::load_observations(&config.data)
        .with_context(|| format!("could not load the datasets in '{}'", config.data.display()))?;
    let class = fs::load_classification(&config.data).with_context(|| {
        format!(
            "could not load the classification in '{}'",
            config.data.display()
        )
    })?;
    Ok(Loaded {
        registry,
        table,
        class,
    })
}

/// The methods a choice stands for.
pub fn methods(choice: MethodChoice) -> Vec<Method> {
    match choice {
        MethodChoice::CagrRatio => vec![Method::CagrRatio],
        MethodChoice::Projection => vec![Method::Projection],
        MethodChoice::Regression => vec![Method::Regression],
        MethodChoice::All => Method::ALL.to_vec(),
    }
}

/// The group codes a selection stands for, in report order.
pub fn groups(words: &[String]) -> anyhow::Result<Vec<&'static str>> {
    let mut out: Vec<&'static str> = Vec::new();
    for w in words {
        let w = w.trim();
        if w.is_empty() {
            continue;
        }
        let Some(codes) = expand_selection(w) else {
            return Err(Error::Usage(format!(
                "unknown group `{w}`: use world, regions, development, income, all, or a code such as WLD, ITU_AFR, LDC"
            ))
            .into());
        };
        out.extend(codes);
    }
    out.sort_by_key(|c| group::order(c));
    out.dedup();
    if out.is_empty() {
        out = expand_selection("all").unwrap_or_default();
    }
    Ok(out)
}

/// The results of assessing the selected indicators.
pub struct Assessed<'l> {
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

/// Assess the selection.
pub fn assess<'l>(
    loaded: &'l Loaded,
    index: &SeriesIndex<'_>,
    select: &Selection,
    methods: &[Method],
) -> anyhow::Result<Assessed<'l>> {
    let indicators = loaded.registry.select(&select.indicators)?;
    let groups = groups(&select.groups)?;
    let agg = Aggregator::new(index, &loaded.class);
    let latest = agg.years().1;
    let as_of = select.as_of.unwrap_or(latest);
    let mut rows = Vec::new();
    let mut data = BTreeMap::new();
    for ind in &indicators {
        let (r, d) = progress::evaluate(ind, &agg, &groups, methods, Some(as_of))
            .with_context(|| format!("could not assess indicator `{}`", ind.id))?;
        rows.extend(r);
        data.insert(ind.id.clone(), d);
    }
    Ok(Assessed {
        indicators,
        rows,
        data,
        as_of,
        groups,
    })
}
