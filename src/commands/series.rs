//! `rbm series`: the values behind every chart, indicator × group × year;
//! with `--economies` the economies' own values too; with `--compare`
//! rbm's computed group values beside the published ones.

use super::options::{Io, Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::aggregate::{Aggregator, Comparison, SeriesIndex};
use crate::report::{csv, json, rows, terminal};

/// Options of `rbm series`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesOptions {
    /// Which indicators, groups and year.
    pub select: Selection,
    /// Output format.
    pub format: TableFormat,
    /// Also list economies' own values.
    pub economies: bool,
    /// Instead, compare computed group values with the published ones.
    pub compare: bool,
}

impl Run for SeriesOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let index = SeriesIndex::new(&loaded.table);
        let text = if self.compare {
            compare(&loaded, &index, self, shared)?
        } else {
            series(&loaded, &index, self, shared)?
        };
        io.finish(&text)
    }
}

fn series(
    loaded: &pipeline::Loaded,
    index: &SeriesIndex<'_>,
    opts: &SeriesOptions,
    shared: &Shared,
) -> anyhow::Result<String> {
    let mut analysis = pipeline::analyse(loaded, &opts.select, &[])?;
    // The values up to the as-of year, as the other commands use them.
    if let Some(y) = opts.select.as_of {
        for d in analysis.data.values_mut() {
            for s in d.groups.values_mut() {
                s.points.retain(|p| p.year <= y);
                s.withheld.retain(|w| w.year <= y);
                s.jumps.retain(|j| j.year <= y);
            }
        }
    }
    let agg = Aggregator::new(index, &loaded.class);
    let mut all = Vec::new();
    for ind in &analysis.indicators {
        let Some(data) = analysis.data.get(&ind.id) else {
            continue;
        };
        let by_economy = match (&ind.series, opts.economies) {
            (Some(spec), true) => Some(agg.economy_series(spec)).map(|mut e| {
                if let Some(y) = opts.select.as_of {
                    for v in e.values_mut() {
                        v.retain(|x| x.year <= y);
                    }
                    e.retain(|_, v| !v.is_empty());
                }
                e
            }),
            _ => None,
        };
        all.extend(rows::series_rows(
            &ind.id,
            ind.unit,
            data,
            &analysis.groups,
            by_economy.as_ref().map(|e| (&loaded.class, e)),
        ));
    }
    Ok(match opts.format {
        TableFormat::Csv => csv::series(&all)?,
        TableFormat::Json => json::series(&all)?,
        TableFormat::Table => terminal::series(
            &analysis.indicators,
            &all,
            &analysis.data,
            &analysis.groups,
            terminal::Style::from_color(shared.color),
        ),
    })
}

fn compare(
    loaded: &pipeline::Loaded,
    index: &SeriesIndex<'_>,
    opts: &SeriesOptions,
    shared: &Shared,
) -> anyhow::Result<String> {
    let agg = Aggregator::new(index, &loaded.class);
    let mut compared = Vec::new();
    let mut without = Vec::new();
    for ind in loaded.registry.select(&opts.select.indicators)? {
        let Some(spec) = &ind.series else {
            without.push((ind, "no series measures it"));
            continue;
        };
        let found = agg.compare(spec, &ind.aggregation, &opts.select.groups)?;
        if found.is_empty() {
            without.push((
                ind,
                if spec.parity.is_some() {
                    "a ratio of two disaggregations: the publishers give the parts, not the ratio"
                } else if agg.has_published(spec, &opts.select.groups) {
                    "no year where both a published and a computed value exist"
                } else {
                    "ITU and the UN publish no group values of its series"
                },
            ));
        }
        compared.push((ind, found));
    }
    let all: Vec<(String, Comparison)> = compared
        .iter()
        .flat_map(|(ind, rows)| rows.iter().map(|c| (ind.id.clone(), c.clone())))
        .collect();
    Ok(match opts.format {
        TableFormat::Csv => csv::comparison(&all)?,
        TableFormat::Json => json::to_json(
            "comparison",
            &all.iter()
                .map(|(i, c)| {
                    serde_json::json!({
                        "indicator_id": i, "geo": c.geo, "year": c.year, "published": c.published,
                        "computed": c.computed, "difference": c.computed - c.published,
                        "coverage": c.coverage, "imputed": c.imputed,
                    })
                })
                .collect::<Vec<_>>(),
        )?,
        TableFormat::Table => terminal::comparison(
            &compared,
            &without,
            terminal::Style::from_color(shared.color),
        ),
    })
}
