//! JSON output: the same rows as CSV, with every field, for tools.

use std::collections::BTreeMap;

use serde::Serialize;

use super::rows::SeriesRow;
use crate::aggregate::GroupShares;
use crate::error::{Error, Result};
use crate::progress::distribution::Distribution;
use crate::progress::{IndicatorData, ProgressRow};

#[derive(Serialize)]
struct ProgressDoc<'a> {
    as_of: Option<i32>,
    rows: &'a [ProgressRow],
}

/// Pretty JSON with a final line break.
pub fn to_json(what: &'static str, value: &impl Serialize) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Error::render(what, e))
}

/// `rbm progress --format json` and `rbm gaps --format json`.
pub fn progress(rows: &[ProgressRow], as_of: Option<i32>) -> Result<String> {
    to_json("progress rows", &ProgressDoc { as_of, rows })
}

#[derive(Serialize)]
struct ReportDoc<'a> {
    as_of: i32,
    rows: &'a [ProgressRow],
    /// The member economies of each group against the 2030 targets.
    distributions: &'a [Distribution],
}

/// The report's `progress.json`: the rows, and the distributions of the
/// groups' member economies.
pub fn report_progress(
    rows: &[ProgressRow],
    as_of: i32,
    distributions: &[Distribution],
) -> Result<String> {
    to_json(
        "progress rows",
        &ReportDoc {
            as_of,
            rows,
            distributions,
        },
    )
}

#[derive(Serialize)]
struct SharesDoc<'a> {
    as_of: Option<i32>,
    rows: &'a [ProgressRow],
    /// Per indicator and group: the yearly shares of economies its
    /// share-of-economies 2030 target is scored on (and shows for context).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    shares: BTreeMap<&'a str, &'a BTreeMap<String, GroupShares>>,
}

/// `rbm progress --format json` and `rbm gaps --format json`: the rows,
/// and the shares of economies behind share-of-economies targets.
pub fn progress_with_shares(
    rows: &[ProgressRow],
    as_of: Option<i32>,
    data: &BTreeMap<String, IndicatorData>,
) -> Result<String> {
    let shares = data
        .iter()
        .filter(|(_, d)| !d.shares.is_empty())
        .map(|(id, d)| (id.as_str(), &d.shares))
        .collect();
    to_json(
        "progress rows",
        &SharesDoc {
            as_of,
            rows,
            shares,
        },
    )
}

/// `rbm series --format json`.
pub fn series(rows: &[SeriesRow]) -> Result<String> {
    to_json("series rows", &rows)
}
