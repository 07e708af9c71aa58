//! JSON output: the same rows as CSV, with every field, for tools.

use serde::Serialize;

use super::rows::SeriesRow;
use crate::error::{Error, Result};
use crate::progress::ProgressRow;

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

/// `rbm series --format json`.
pub fn series(rows: &[SeriesRow]) -> Result<String> {
    to_json("series rows", &rows)
}
