//! Ingest: read published files as their publishers release them and
//! normalise them into the tidy observation table, accounting for every
//! input row: each is accepted, merged into an equal value already held, or
//! rejected with a reason.
//!
//! One file per input format ([`datahub`], [`itu_aggregates`],
//! [`itu_dashboard`], [`un_sdg`], [`worldbank`], [`tidy`]); each parses
//! bytes already read into candidate observations and format-level rejects.
//! [`validate`] applies the checks every format shares (economy and group
//! codes, years, ranges) and the key rule; [`store`] reads and writes the
//! `datasets/` folder's files as text, [`manifest`] what makes them
//! checkable, and [`cache`] the parsed observations in binary
//! ([`class_cache`] the parsed classification, [`catalog_cache`] the
//! catalog of series). Nothing here touches the file system: the command
//! layer reads the bytes and writes the results.

pub mod cache;
pub mod catalog_cache;
pub mod class_cache;
pub mod datahub;
pub mod detect;
pub(crate) mod frame;
pub mod itu_aggregates;
pub mod itu_dashboard;
pub mod manifest;
pub mod store;
pub mod table;
pub mod tidy;
pub mod un_sdg;
pub mod validate;
pub mod worldbank;
pub mod xlsx;

use std::fmt;

use serde::Serialize;

pub use detect::{InputFormat, detect};
pub use table::{Insert, Observation, ObservationTable, Row, Sym};
pub use validate::{Ingest, RowCounts};

use crate::base::text::{CsvText, Record};
use crate::error::Result;

/// Where in its file a candidate observation came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A line of a text file (the line the record starts on).
    Line(u64),
    /// A spreadsheet cell, with its sheet.
    Cell {
        /// Sheet name.
        sheet: String,
        /// Cell reference such as `B7`.
        cell: String,
    },
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(l) => write!(f, "line {l}"),
            Position::Cell { sheet, cell } => write!(f, "sheet '{sheet}' cell {cell}"),
        }
    }
}

/// Why a row was rejected, as a category for counts; the full reason is
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// A value marked as missing: empty, `..`, `N/A`, `NULL`, `-`.
    MissingValue,
    /// A value that is not a number, or a number in a form rbm does not
    /// guess at (thousands separators, decimal commas).
    NonNumeric,
    /// An economy code that maps to nothing.
    UnknownEconomy,
    /// An aggregate that is not one of rbm's groups.
    UnknownGroup,
    /// A year outside 1960–2030, or not a year.
    YearOutOfRange,
    /// A share in percent outside 0–100.
    OutOfRange,
    /// A key already held with a different value.
    Conflict,
    /// A required field that is empty.
    EmptyField,
    /// A record with the wrong number of fields.
    Malformed,
    /// An input series or indicator rbm has no mapping for.
    UnknownSeries,
    /// A sex, area or age outside rbm's closed lists.
    UnknownDisaggregation,
    /// A row whose unit is not its series' unit.
    UnitMismatch,
    /// A release that is not a month `YYYY-MM`.
    InvalidVintage,
}

impl RejectKind {
    /// The name in CSV and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectKind::MissingValue => "missing_value",
            RejectKind::NonNumeric => "non_numeric",
            RejectKind::UnknownEconomy => "unknown_economy",
            RejectKind::UnknownGroup => "unknown_group",
            RejectKind::YearOutOfRange => "year_out_of_range",
            RejectKind::OutOfRange => "out_of_range",
            RejectKind::Conflict => "conflict",
            RejectKind::EmptyField => "empty_field",
            RejectKind::Malformed => "malformed",
            RejectKind::UnknownSeries => "unknown_series",
            RejectKind::UnknownDisaggregation => "unknown_disaggregation",
            RejectKind::UnitMismatch => "unit_mismatch",
            RejectKind::InvalidVintage => "invalid_vintage",
        }
    }
}

/// A rejected input row.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// Where in the file.
    pub position: Position,
    /// The column at fault, when one is.
    pub field: Option<String>,
    /// Category.
    pub kind: RejectKind,
    /// The whole reason, for a person.
    pub reason: String,
    /// What the row said, as far as it could be read.
    pub series: String,
    /// Economy or group as written.
    pub geo: String,
    /// Year as written.
    pub year: String,
    /// Value as written.
    pub value: String,
}

/// A candidate observation and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The observation as parsed (geo as written in the file).
    pub obs: Observation,
    /// Where it came from.
    pub position: Position,
}

/// Where a streaming parser sends each candidate as it reads it, with the
/// file's column names.
pub type Emit<'a> = dyn FnMut(&Candidate, &Columns) + 'a;

/// Run a streaming parser and keep every candidate in the result (for
/// tests, fuzzing and the small formats).
pub fn collect(f: impl FnOnce(&mut Emit<'_>) -> Result<Parsed>) -> Result<Parsed> {
    let mut candidates = Vec::new();
    let mut parsed = f(&mut |c: &Candidate, _: &Columns| candidates.push(c.clone()))?;
    parsed.candidates = candidates;
    Ok(parsed)
}

/// Parse one file, streaming candidates to `emit` for the CSV formats (the
/// ones that can be large); workbooks are read whole and their candidates
/// passed on after. The returned [`Parsed`] holds the counts, rejects and
/// notes, and no candidates.
pub fn parse_streaming(
    format: InputFormat,
    label: &std::path::Path,
    bytes: &[u8],
    emit: &mut Emit<'_>,
) -> Result<Parsed> {
    match format {
        InputFormat::Datahub => datahub::parse_with(label, bytes, emit),
        InputFormat::UnSdg => un_sdg::parse_with(label, bytes, emit),
        InputFormat::WorldBank => worldbank::parse_population_with(label, bytes, emit),
        InputFormat::Tidy => tidy::parse_with(label, bytes, emit),
        other => {
            let mut parsed = parse(other, label, bytes)?;
            for c in std::mem::take(&mut parsed.candidates) {
                emit(&c, &parsed.columns);
            }
            Ok(parsed)
        }
    }
}

/// What a format parser makes of one file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Input rows (values, for wide layouts) read.
    pub read: u64,
    /// Rows that parsed into observations.
    pub candidates: Vec<Candidate>,
    /// Rows that did not.
    pub rejects: Vec<Reject>,
    /// The release the file comes from, when the file says (`2024-11`).
    pub vintage: Option<String>,
    /// Remarks about the file as a whole.
    pub notes: Vec<String>,
    /// What the file calls the columns of the economy, year and value.
    pub columns: Columns,
}

/// The names a file gives the columns that hold a candidate's economy, year
/// and value. Rejects found after parsing (an unknown economy, a value out
/// of range, a conflicting duplicate: see [`validate`]) name the field as
/// the file has it (`entityIso`, `dataValue`), so that it can be found
/// there; the default is the tidy names, which are also rbm's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The economy or group column.
    pub geo: String,
    /// The year column.
    pub year: String,
    /// The value column. An empty name (a file without column names, such
    /// as a workbook of panels) names no field.
    pub value: String,
    /// For wide files (several value columns), the value column of each
    /// series; a series not listed has its value in `value`.
    pub value_by_series: Vec<(String, String)>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns::new("geo", "year", "value")
    }
}

impl Columns {
    /// A file with one value column.
    pub fn new(geo: &str, year: &str, value: &str) -> Self {
        Columns {
            geo: geo.to_string(),
            year: year.to_string(),
            value: value.to_string(),
            value_by_series: Vec::new(),
        }
    }

    /// The column that holds the values of a series.
    pub fn value_of(&self, series: &str) -> &str {
        self.value_by_series
            .iter()
            .find(|(s, _)| s == series)
            .map(|(_, c)| c.as_str())
            .unwrap_or(&self.value)
    }
}

/// Read every record of a CSV file: each is counted, one with the wrong
/// number of fields is rejected as malformed, and `read` turns the others
/// into an observation or rejects them (and returns `None`). Observations
/// go to `emit` with where they came from.
pub fn read_records(
    csv: &CsvText<'_>,
    parsed: &mut Parsed,
    emit: &mut Emit<'_>,
    mut read: impl FnMut(&Record, &Position, &mut Parsed) -> Option<Observation>,
) -> Result<()> {
    let width = csv.width();
    csv.for_each(|rec| {
        let Some(position) = parsed.take(rec, width) else {
            return Ok(());
        };
        if let Some(obs) = read(rec, &position, parsed) {
            emit(&Candidate { obs, position }, &parsed.columns);
        }
        Ok(())
    })
}

/// How a parser rejects a field of the record it reads: with the kind,
/// the reason and the column's name.
pub type RejectField<'a> = dyn Fn(&mut Parsed, RejectKind, String, &str) + 'a;

impl Parsed {
    /// Count a record read; its position, unless it has the wrong number
    /// of fields, when it is rejected as malformed.
    pub fn take(&mut self, rec: &Record, width: usize) -> Option<Position> {
        self.read += 1;
        let position = Position::Line(rec.line);
        if rec.fields.len() != width {
            self.reject(position, RejectKind::Malformed, rec.width_problem(width));
            return None;
        }
        Some(position)
    }

    /// A record's year and value, from the columns named in `columns`:
    /// the first that does not parse is rejected through `reject`, and
    /// `None` comes back.
    pub fn year_and_value(
        &mut self,
        [raw_year, raw_value]: [&str; 2],
        [year_column, value_column]: [&str; 2],
        reject: &RejectField<'_>,
    ) -> Option<(i32, f64)> {
        let year = parse_year(raw_year)
            .map_err(|(k, r)| reject(self, k, r, year_column))
            .ok()?;
        let value = parse_number(raw_value)
            .map_err(|(k, r)| reject(self, k, r, value_column))
            .ok()?;
        Some((year, value))
    }

    /// Record a reject.
    pub fn reject(
        &mut self,
        position: Position,
        kind: RejectKind,
        reason: impl Into<String>,
    ) -> &mut Reject {
        self.rejects.push(Reject {
            position,
            field: None,
            kind,
            reason: reason.into(),
            series: String::new(),
            geo: String::new(),
            year: String::new(),
            value: String::new(),
        });
        let last = self.rejects.len() - 1;
        &mut self.rejects[last]
    }
}

impl Reject {
    /// Name the column at fault.
    pub fn field(&mut self, f: &str) -> &mut Self {
        self.field = Some(f.to_string());
        self
    }

    /// Record what the row said.
    pub fn row(&mut self, series: &str, geo: &str, year: &str, value: &str) -> &mut Self {
        self.series = series.to_string();
        self.geo = geo.to_string();
        self.year = year.to_string();
        self.value = value.to_string();
        self
    }
}

/// Parse one file's bytes in a known format. `label` names the file in
/// messages; `vintage` overrides what the file says of its release.
pub fn parse(format: InputFormat, label: &std::path::Path, bytes: &[u8]) -> Result<Parsed> {
    match format {
        InputFormat::Datahub => datahub::parse(label, bytes),
        InputFormat::ItuAggregates => itu_aggregates::parse(label, bytes),
        InputFormat::ItuDashboard => itu_dashboard::parse(label, bytes),
        InputFormat::UnSdg => un_sdg::parse(label, bytes),
        InputFormat::UnSdgMetadata => Ok(Parsed {
            notes: vec!["a DDF entity or concept table: names only, no observations".to_string()],
            ..Parsed::default()
        }),
        InputFormat::WorldBank => worldbank::parse_population(label, bytes),
        InputFormat::Owid => worldbank::parse_owid(label, bytes),
        InputFormat::Tidy => tidy::parse(label, bytes),
    }
}

/// Parse a number as publishers write it, or say why not. Thousands
/// separators and decimal commas are refused rather than guessed at: `1,234`
/// could be either.
pub fn parse_number(raw: &str) -> std::result::Result<f64, (RejectKind, String)> {
    let s = crate::base::text::trim(raw);
    let missing = [
        "", "..", "...", "-", "–", "—", "n/a", "na", "null", "none", "nan", "x", ":",
    ];
    // Compared in any case, without a lower-case copy of every value.
    if missing.iter().any(|m| m.eq_ignore_ascii_case(s)) {
        let shown = if s.is_empty() {
            "empty".to_string()
        } else {
            format!("`{s}`")
        };
        return Err((
            RejectKind::MissingValue,
            format!("value is {shown}: marked as not available"),
        ));
    }
    if s.contains(',') {
        let kind = if s
            .split(',')
            .skip(1)
            .all(|part| part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit()))
        {
            "a thousands separator"
        } else {
            "a decimal comma"
        };
        return Err((
            RejectKind::NonNumeric,
            format!("value `{s}` has {kind}; rbm reads plain numbers such as 1234.5"),
        ));
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err((
            RejectKind::NonNumeric,
            format!("value `{s}` is not a finite number"),
        )),
        Err(_) => Err((
            RejectKind::NonNumeric,
            format!("value `{s}` is not a number"),
        )),
    }
}

/// Parse a year, or say why not.
pub fn parse_year(raw: &str) -> std::result::Result<i32, (RejectKind, String)> {
    let s = crate::base::text::trim(raw);
    if s.is_empty() {
        return Err((RejectKind::EmptyField, "year is empty".to_string()));
    }
    // Spreadsheets store years as 2019.0.
    let s = s.strip_suffix(".0").unwrap_or(s);
    match s.parse::<i64>() {
        Ok(y) if (validate::FIRST_YEAR as i64..=validate::LAST_YEAR as i64).contains(&y) => {
            Ok(y as i32)
        }
        Ok(y) => Err((
            RejectKind::YearOutOfRange,
            format!(
                "year {y} is outside {}–{}",
                validate::FIRST_YEAR,
                validate::LAST_YEAR
            ),
        )),
        Err(_) => Err((
            RejectKind::YearOutOfRange,
            format!("year `{s}` is not a year"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_as_published_and_refuse_ambiguous_forms() {
        assert_eq!(parse_number("36.7"), Ok(36.7));
        assert_eq!(parse_number("1e+006"), Ok(1_000_000.0));
        assert_eq!(parse_number(" -3 "), Ok(-3.0));
        assert_eq!(
            parse_number("..").map_err(|e| e.0),
            Err(RejectKind::MissingValue)
        );
        assert_eq!(
            parse_number("N/A").map_err(|e| e.0),
            Err(RejectKind::MissingValue)
        );
        assert_eq!(
            parse_number("-").map_err(|e| e.0),
            Err(RejectKind::MissingValue)
        );
        let (kind, msg) = parse_number("1,234").unwrap_err();
        assert_eq!(kind, RejectKind::NonNumeric);
        assert!(msg.contains("thousands separator"), "{msg}");
        let (_, msg) = parse_number("12,5").unwrap_err();
        assert!(msg.contains("decimal comma"), "{msg}");
        assert!(parse_number("inf").is_err());
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("abc").is_err());
    }

    #[test]
    fn years_are_checked_for_range() {
        assert_eq!(parse_year("2019"), Ok(2019));
        assert_eq!(parse_year("2019.0"), Ok(2019));
        assert_eq!(
            parse_year("20019").map_err(|e| e.0),
            Err(RejectKind::YearOutOfRange)
        );
        assert_eq!(
            parse_year("1899").map_err(|e| e.0),
            Err(RejectKind::YearOutOfRange)
        );
        assert_eq!(parse_year("").map_err(|e| e.0), Err(RejectKind::EmptyField));
    }
}
