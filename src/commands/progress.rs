//! `rbm series`, `rbm progress` and `rbm gaps`.

use std::io::Write;

use super::{Status, pipeline};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::config::{Config, Format, MethodChoice, Selection};
use crate::progress::Status as ProgressStatus;
use crate::report::{csv, json, rows, terminal};

/// `rbm series`.
pub fn series(
    config: &Config,
    select: &Selection,
    format: Format,
    economies: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let loaded = pipeline::load(config)?;
    let index = SeriesIndex::new(&loaded.table);
    let assessed = pipeline::assess(&loaded, &index, select, &[])?;
    let agg = Aggregator::new(&index, &loaded.class);
    let mut all = Vec::new();
    for ind in &assessed.indicators {
        let Some(data) = assessed.data.get(&ind.id) else {
            continue;
        };
        let by_economy = match (&ind.series, economies) {
            (Some(spec), true) => Some(agg.economy_series(spec)),
            _ => None,
        };
        all.extend(rows::series_rows(
            &ind.id,
            data,
            &assessed.groups,
            by_economy.as_ref().map(|e| (&loaded.class, e)),
        ));
    }
    let text = match format {
        Format::Csv => csv::series(&all),
        Format::Json => json::series(&all),
        Format::Table => terminal::series(&assessed.indicators, &all),
    };
    out.write_all(text.as_bytes())?;
    Ok(Status::Success)
}

/// `rbm series --compare`: computed against published group values.
pub fn compare(
    config: &Config,
    select: &Selection,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let loaded = pipeline::load(config)?;
    let index = SeriesIndex::new(&loaded.table);
    let agg = Aggregator::new(&index, &loaded.class);
    let groups = pipeline::groups(&select.groups)?;
    let mut all = Vec::new();
    for ind in loaded.registry.select(&select.indicators)? {
        let Some(spec) = &ind.series else { continue };
        for c in agg.compare(spec, &ind.aggregation, &groups)? {
            all.push((ind.id.clone(), c));
        }
    }
    let text = match format {
        Format::Json => serde_json::to_string_pretty(
            &all.iter()
                .map(|(i, c)| {
                    serde_json::json!({
                        "indicator_id": i, "geo": c.geo, "year": c.year, "published": c.published,
                        "computed": c.computed, "difference": c.computed - c.published,
                        "coverage": c.coverage, "imputed": c.imputed,
                    })
                })
                .collect::<Vec<_>>(),
        )? + "\n",
        Format::Csv | Format::Table => csv::comparison(&all),
    };
    out.write_all(text.as_bytes())?;
    if format == Format::Table && !all.is_empty() {
        let diffs: Vec<f64> = all
            .iter()
            .map(|(_, c)| (c.computed - c.published).abs())
            .collect();
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        let max = diffs.iter().cloned().fold(0.0, f64::max);
        let within = diffs.iter().filter(|d| **d <= 2.0).count();
        writeln!(
            out,
            "{} group-years: mean absolute difference {mean:.2}, largest {max:.2}; {within} ({:.0}%) within 2 units",
            diffs.len(),
            100.0 * within as f64 / diffs.len() as f64
        )?;
    }
    Ok(Status::Success)
}

/// `rbm progress`.
pub fn progress(
    config: &Config,
    select: &Selection,
    method: MethodChoice,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let loaded = pipeline::load(config)?;
    let index = SeriesIndex::new(&loaded.table);
    let methods = pipeline::methods(method);
    let assessed = pipeline::assess(&loaded, &index, select, &methods)?;
    let text = match format {
        Format::Csv => csv::progress(&assessed.rows),
        Format::Json => json::progress(&assessed.rows, Some(assessed.as_of)),
        Format::Table => {
            let mut t = format!(
                "as of {} · method: {}\n\n",
                assessed.as_of,
                method_name(method)
            );
            t.push_str(&terminal::progress(
                &assessed.indicators,
                &assessed.rows,
                &methods,
            ));
            t
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Status::Success)
}

/// `rbm gaps`: the 2030 targets (or any target still ahead), sorted by how
/// far off track.
pub fn gaps(
    config: &Config,
    select: &Selection,
    method: MethodChoice,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let loaded = pipeline::load(config)?;
    let index = SeriesIndex::new(&loaded.table);
    let methods = pipeline::methods(match method {
        MethodChoice::All => MethodChoice::CagrRatio,
        m => m,
    });
    let assessed = pipeline::assess(&loaded, &index, select, &methods)?;
    let mut rows: Vec<_> = assessed
        .rows
        .into_iter()
        .filter(|r| r.assessment.target_year > assessed.as_of)
        .filter(|r| {
            r.assessment.status != ProgressStatus::InsufficientData || format != Format::Table
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(terminal::off_track_key(r)));
    let text = match format {
        Format::Csv => csv::progress(&rows),
        Format::Json => json::progress(&rows, Some(assessed.as_of)),
        Format::Table => {
            let mut t = format!(
                "as of {} · method: {} · targets still ahead, furthest off track first\n\n",
                assessed.as_of,
                method_name(method)
            );
            t.push_str(&terminal::gaps(&assessed.indicators, &rows));
            t
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Status::Success)
}

fn method_name(m: MethodChoice) -> &'static str {
    match m {
        MethodChoice::CagrRatio => "cagr_ratio",
        MethodChoice::Projection => "projection",
        MethodChoice::Regression => "regression",
        MethodChoice::All => "all (cagr_ratio, projection, regression)",
    }
}
