//! The tables only the workbook shows: every progress row and every value
//! behind the charts, as document tables with typed cells. Their cells are
//! the very strings `tables/progress.csv` and `tables/series.csv` hold, read
//! back as numbers where the column holds numbers, so that the workbook and
//! the CSV files never disagree by a rounding.

use super::csv::{
    PROGRESS_COLUMNS, PROGRESS_EXTRA, SERIES_COLUMNS, progress_records, series_cells,
};
use super::document::{Cell, Column, Table};
use super::rows::SeriesRow;
use crate::progress::ProgressRow;

/// The workbook sheet with every progress row.
pub const PROGRESS_SHEET: &str = "Progress";
/// The workbook sheet with every value behind the charts.
pub const SERIES_SHEET: &str = "Series";

/// Columns holding years.
const YEARS: [&str; 5] = [
    "base_year",
    "latest_year",
    "target_year",
    "year_reached",
    "year",
];

/// Columns holding other numbers.
const NUMBERS: [&str; 16] = [
    "base_value",
    "latest_value",
    "target_value",
    "observed_cagr",
    "required_cagr",
    "ratio",
    "projected_value",
    "gap",
    "required_annual_change",
    "observed_annual_change",
    "acceleration",
    "latest_coverage",
    "value",
    "coverage",
    "imputed",
    "published",
];

/// A CSV cell as a typed cell: a year as a whole number, a number with the
/// decimals it was written with, words otherwise; nothing when empty.
fn typed(column: &str, s: &str) -> Cell {
    if s.is_empty() {
        return Cell::Empty;
    }
    if YEARS.contains(&column) {
        if let Ok(y) = s.parse::<i64>() {
            return Cell::Integer(y);
        }
    } else if NUMBERS.contains(&column)
        && let Ok(value) = s.parse::<f64>()
    {
        let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
        return Cell::Number {
            value,
            decimals: u8::try_from(decimals).unwrap_or(u8::MAX),
        };
    }
    Cell::Text(s.to_string())
}

fn columns(names: &[&str]) -> Vec<Column> {
    names
        .iter()
        .map(|n| {
            if YEARS.contains(n) || NUMBERS.contains(n) {
                Column::number(n)
            } else {
                Column::text(n)
            }
        })
        .collect()
}

/// Every progress row, as `tables/progress.csv` has them, with the status
/// as a status cell.
pub fn progress(rows: &[ProgressRow]) -> Table {
    let names: Vec<&str> = PROGRESS_COLUMNS
        .iter()
        .chain(PROGRESS_EXTRA.iter())
        .copied()
        .collect();
    let mut cols = columns(&names);
    let status_at = names.iter().position(|n| *n == "status");
    if let Some(k) = status_at {
        cols[k] = Column::statuses("status");
    }
    Table {
        name: "progress".into(),
        caption: "Progress: every indicator, group and method (as tables/progress.csv)".into(),
        columns: cols,
        rows: rows
            .iter()
            .zip(progress_records(rows))
            .map(|(r, cells)| {
                cells
                    .iter()
                    .zip(&names)
                    .enumerate()
                    .map(|(k, (s, n))| {
                        if Some(k) == status_at {
                            Cell::Status {
                                status: r.assessment.status,
                                flags: Vec::new(),
                                note: Vec::new(),
                            }
                        } else {
                            typed(n, s)
                        }
                    })
                    .collect()
            })
            .collect(),
        row_headers: false,
        note: Vec::new(),
        sheet: Some(PROGRESS_SHEET.into()),
    }
}

/// Every value behind the charts, as `tables/series.csv` has them.
pub fn series(rows: &[SeriesRow]) -> Table {
    Table {
        name: "series".into(),
        caption: "Series: every group value behind the charts (as tables/series.csv)".into(),
        columns: columns(&SERIES_COLUMNS),
        rows: rows
            .iter()
            .map(|r| {
                series_cells(r)
                    .iter()
                    .zip(SERIES_COLUMNS)
                    .map(|(s, n)| typed(n, s))
                    .collect()
            })
            .collect(),
        row_headers: false,
        note: Vec::new(),
        sheet: Some(SERIES_SHEET.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_keep_their_type_and_decimals() {
        assert_eq!(typed("base_year", "2015"), Cell::Integer(2015));
        assert_eq!(
            typed("latest_value", "68.440"),
            Cell::Number {
                value: 68.44,
                decimals: 3
            }
        );
        assert_eq!(typed("gap", ""), Cell::Empty);
        // An id that looks like a number stays words.
        assert_eq!(typed("target_id", "1.3"), Cell::Text("1.3".into()));
    }
}
