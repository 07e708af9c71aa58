//! JSON output: the same rows as CSV, with every field, for tools.

use serde::Serialize;

use super::rows::SeriesRow;
use crate::progress::ProgressRow;

#[derive(Serialize)]
struct ProgressDoc<'a> {
    as_of: Option<i32>,
    rows: &'a [ProgressRow],
}

/// `rbm progress --format json` and `rbm gaps --format json`.
pub fn progress(rows: &[ProgressRow], as_of: Option<i32>) -> String {
    let doc = ProgressDoc { as_of, rows };
    // Serialising plain data cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// `rbm series --format json`.
pub fn series(rows: &[SeriesRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_default() + "\n"
}
