//! CSV output: progress rows, gaps and series values, with the leading
//! columns fixed by the design reference and fixed decimals throughout.

use super::rows::SeriesRow;
use crate::base::number::{fixed as num, int};
use crate::base::text::csv_text;
use crate::error::Result;
use crate::progress::{ProgressRow, Status, agreement, rows::row_key};

/// The leading columns of `rbm progress --format csv`, in this order.
pub const PROGRESS_COLUMNS: [&str; 19] = [
    "indicator_id",
    "target_id",
    "geo",
    "geo_name",
    "group_kind",
    "method",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target_value",
    "direction",
    "observed_cagr",
    "required_cagr",
    "ratio",
    "projected_value",
    "gap",
    "status",
];

/// Columns after the fixed ones.
pub const PROGRESS_EXTRA: [&str; 20] = [
    "short_term_status",
    "confidence",
    "confidence_reasons",
    "model",
    "target_kind",
    "unit",
    "gap_closed",
    "required_annual_change",
    "observed_annual_change",
    "projected_annual_change",
    "acceleration",
    "year_reached",
    "met",
    "method_status",
    "window_start",
    "window_points",
    "latest_origin",
    "latest_coverage",
    "methods_agree",
    "notes",
];

/// The columns of `rbm series --format csv`: the design's leading ones,
/// then the imputed share, the estimate mark and the aggregate flag.
pub const SERIES_COLUMNS: [&str; 12] = [
    "indicator_id",
    "geo",
    "geo_name",
    "group_kind",
    "year",
    "value",
    "origin",
    "coverage",
    "imputed",
    "estimate",
    "flag",
    "flag_note",
];

/// Columns of `rbm series --format csv` after the fixed ones: for an
/// economy, the selected groups it belongs to.
pub const SERIES_EXTRA: [&str; 1] = ["member_of"];

fn write<'a>(
    what: &'static str,
    header: &[&str],
    records: impl IntoIterator<Item = Vec<String>> + 'a,
) -> Result<String> {
    csv_text(what, header, records)
}

/// The cells of a progress row, in [`PROGRESS_COLUMNS`] then
/// [`PROGRESS_EXTRA`] order.
pub fn progress_cells(r: &ProgressRow, agree: Option<bool>) -> Vec<String> {
    let a = &r.assessment;
    vec![
        r.indicator_id.clone(),
        r.target_id.clone(),
        r.geo.clone(),
        r.geo_name.clone(),
        r.group_kind.as_str().to_string(),
        a.method.as_str().to_string(),
        int(a.base_year),
        num(a.base_value, 3),
        int(a.latest_year),
        num(a.latest_value, 3),
        a.target_year.to_string(),
        num(a.target_value, 3),
        if a.direction > 0.0 {
            "increase"
        } else {
            "decrease"
        }
        .to_string(),
        num(a.observed_cagr, 5),
        num(a.required_cagr, 5),
        num(a.ratio, 4),
        num(a.projected_value, 3),
        num(a.gap, 3),
        a.status.as_str().to_string(),
        a.short_term_status.as_str().to_string(),
        r.confidence.as_str().to_string(),
        r.confidence_reasons.join("; "),
        a.model.map(|m| m.as_str().to_string()).unwrap_or_default(),
        r.target_kind.to_string(),
        r.unit.as_str().to_string(),
        num(a.gap_closed, 4),
        num(a.required_annual_change, 4),
        num(a.observed_annual_change, 4),
        num(a.projected_annual_change, 4),
        num(a.acceleration, 3),
        int(a.year_reached),
        a.met.map(|m| m.to_string()).unwrap_or_default(),
        a.method_status
            .map(|m| m.as_str().to_string())
            .unwrap_or_default(),
        int(a.window_start),
        a.window_points.map(|n| n.to_string()).unwrap_or_default(),
        r.latest_origin
            .map(|o| o.as_str().to_string())
            .unwrap_or_default(),
        num(r.latest_coverage, 3),
        agree.map(|m| m.to_string()).unwrap_or_default(),
        a.notes.join("; "),
    ]
}

/// The cells of every progress row; the methods' agreement only when the
/// rows hold more than one method.
pub fn progress_records(rows: &[ProgressRow]) -> Vec<Vec<String>> {
    let agree = agreement(rows);
    let several = rows
        .iter()
        .map(|r| r.assessment.method)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        > 1;
    // Each row's cells on every core (formatting the numbers is most of
    // writing the CSV), collected in the rows' order.
    use rayon::prelude::*;
    rows.par_iter()
        .map(|r| {
            progress_cells(
                r,
                if several {
                    agree.get(&row_key(r)).copied()
                } else {
                    None
                },
            )
        })
        .collect()
}

/// `rbm progress --format csv`.
pub fn progress(rows: &[ProgressRow]) -> Result<String> {
    let header: Vec<&str> = PROGRESS_COLUMNS
        .iter()
        .chain(PROGRESS_EXTRA.iter())
        .copied()
        .collect();
    write("progress table", &header, progress_records(rows))
}

/// The cells of a series row, in [`SERIES_COLUMNS`] order.
pub fn series_cells(r: &SeriesRow) -> Vec<String> {
    vec![
        r.indicator_id.clone(),
        r.geo.clone(),
        r.geo_name.clone(),
        r.group_kind.as_str().to_string(),
        r.point.year.to_string(),
        num(Some(r.point.value), 4),
        r.point.origin.as_str().to_string(),
        num(r.point.coverage, 3),
        num(r.point.imputed, 3),
        r.point.estimate.to_string(),
        r.flag.map(|f| f.as_str().to_string()).unwrap_or_default(),
        r.flag_note.clone(),
    ]
}

/// `rbm series --format csv`.
pub fn series(rows: &[SeriesRow]) -> Result<String> {
    let header: Vec<&str> = SERIES_COLUMNS
        .iter()
        .chain(SERIES_EXTRA.iter())
        .copied()
        .collect();
    write(
        "series table",
        &header,
        rows.iter().map(|r| {
            let mut cells = series_cells(r);
            cells.push(r.member_of.clone());
            cells
        }),
    )
}

/// The columns of `rbm series --compare --format csv`.
pub const COMPARISON_COLUMNS: [&str; 8] = [
    "indicator_id",
    "geo",
    "year",
    "published",
    "computed",
    "difference",
    "coverage",
    "imputed",
];

/// `rbm series --compare`: published and computed group values side by side.
pub fn comparison(rows: &[(String, crate::aggregate::Comparison)]) -> Result<String> {
    write(
        "comparison table",
        &COMPARISON_COLUMNS,
        rows.iter().map(|(ind, c)| {
            vec![
                ind.clone(),
                c.geo.clone(),
                c.year.to_string(),
                num(Some(c.published), 3),
                num(Some(c.computed), 3),
                num(Some(c.computed - c.published), 3),
                num(Some(c.coverage), 3),
                num(Some(c.imputed), 3),
            ]
        }),
    )
}

/// Status counts (by goal or by group).
pub fn counts(rows: &[super::model::StatusCounts], first: &str) -> Result<String> {
    let mut header = vec![first];
    header.extend(Status::ALL.iter().map(|s| s.as_str()));
    write(
        "status counts",
        &header,
        rows.iter().map(|r| {
            let mut cells = vec![r.label.clone()];
            cells.extend(r.counts.iter().map(|c| c.to_string()));
            cells
        }),
    )
}

/// Data gaps.
pub fn gaps(rows: &[super::model::DataGap]) -> Result<String> {
    write(
        "data gaps",
        &["gap", "detail"],
        rows.iter().map(|g| vec![g.what.clone(), g.detail.clone()]),
    )
}

/// Sources and licences.
pub fn sources(rows: &[super::model::Source]) -> Result<String> {
    write(
        "sources",
        &["source", "release", "licence", "attribution", "use"],
        rows.iter().map(|s| {
            vec![
                s.name.clone(),
                s.release.clone(),
                s.licence.clone(),
                s.attribution.clone(),
                s.counts.clone(),
            ]
        }),
    )
}

/// Status changes since a previous report.
pub fn changes(rows: &[super::model::Change]) -> Result<String> {
    write(
        "changes",
        &[
            "indicator_id",
            "target_id",
            "group",
            "before",
            "after",
            "cause",
            "detail",
        ],
        rows.iter().map(|c| {
            vec![
                c.indicator_id.clone(),
                c.target_id.clone(),
                c.group.clone(),
                c.before.as_str().to_string(),
                c.after.as_str().to_string(),
                c.cause.clone(),
                c.detail.clone(),
            ]
        }),
    )
}

/// The leading columns of `rbm backtest --format csv`, then the kind of
/// series.
pub const BACKTEST_COLUMNS: [&str; 9] = [
    "method",
    "indicator_id",
    "geo",
    "cut_year",
    "n",
    "mae",
    "bias",
    "worst",
    "kind",
];

/// `rbm backtest --format csv`: one row per summary, `all` where a summary
/// pools indicators, groups or cut-offs.
pub fn backtest(rows: &[crate::progress::backtest::Summary]) -> Result<String> {
    let all = |v: Option<String>| v.unwrap_or_else(|| "all".to_string());
    write(
        "backtest table",
        &BACKTEST_COLUMNS,
        rows.iter().map(|s| {
            vec![
                s.method.as_str().to_string(),
                all(s.indicator_id.clone()),
                all(s.geo.clone()),
                all(s.cut_year.map(|c| c.to_string())),
                s.n.to_string(),
                num(Some(s.mae), 4),
                num(Some(s.bias), 4),
                num(Some(s.worst), 4),
                s.kind.as_str().to_string(),
            ]
        }),
    )
}
