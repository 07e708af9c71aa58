//! rbm's own tidy CSV: the format of `datasets/observations.csv`, and the
//! way to add a cited figure by hand (for example the Global E-waste
//! Monitor 2024's 22.3% world recycling rate for 2022). Every row must name
//! its source.

use std::path::Path;

use super::{Observation, Parsed, RejectKind};
use crate::base::text::CsvText;
use crate::error::Result;

/// The columns, in the order rbm writes them.
pub const COLUMNS: [&str; 12] = [
    "series", "geo", "year", "value", "sex", "area", "age", "unit", "source", "estimate", "note",
    "vintage",
];

/// Parse a tidy CSV.
pub fn parse(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    super::collect(|emit| parse_with(label, bytes, emit))
}

/// Parse a tidy CSV, passing each candidate to `emit`.
pub fn parse_with(label: &Path, bytes: &[u8], emit: &mut super::Emit<'_>) -> Result<Parsed> {
    let csv = CsvText::open(label, bytes)?;
    let idx = csv.require(&["series", "geo", "year", "value", "unit", "source"])?;
    let (series_i, geo_i, year_i, value_i, unit_i, source_i) =
        (idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]);
    let col = |n: &str| csv.column(n);
    let (sex_i, area_i, age_i, est_i, note_i, vintage_i) = (
        col("sex"),
        col("area"),
        col("age"),
        col("estimate"),
        col("note"),
        col("vintage"),
    );
    let mut parsed = Parsed::default();
    super::read_records(&csv, &mut parsed, emit, |rec, position, parsed| {
        let f = &rec.fields;
        let get = |i: Option<usize>| i.map(|i| f[i].trim()).unwrap_or("");
        let (series, geo, raw_year, raw_value) = (
            f[series_i].trim(),
            f[geo_i].trim(),
            f[year_i].trim(),
            f[value_i].trim(),
        );
        let reject = |p: &mut Parsed, kind, reason: String, field: &str| {
            p.reject(position.clone(), kind, reason)
                .field(field)
                .row(series, geo, raw_year, raw_value);
        };
        let mut empty = None;
        for (name, i) in [
            ("series", series_i),
            ("geo", geo_i),
            ("unit", unit_i),
            ("source", source_i),
        ] {
            if f[i].trim().is_empty() {
                empty = Some(name);
                break;
            }
        }
        if let Some(name) = empty {
            let why = if name == "source" {
                "source is empty: every row must say where its value comes from".to_string()
            } else {
                format!("{name} is empty")
            };
            reject(parsed, RejectKind::EmptyField, why, name);
            return None;
        }
        let (year, value) =
            parsed.year_and_value([raw_year, raw_value], ["year", "value"], &reject)?;
        let estimate = match get(est_i).to_ascii_lowercase().as_str() {
            "" | "false" | "0" | "no" => false,
            "true" | "1" | "yes" => true,
            other => {
                reject(
                    parsed,
                    RejectKind::NonNumeric,
                    format!("estimate `{other}` is not true or false"),
                    "estimate",
                );
                return None;
            }
        };
        Some(Observation {
            series: series.to_string(),
            geo: geo.to_string(),
            year,
            sex: get(sex_i).to_string(),
            area: get(area_i).to_string(),
            age: get(age_i).to_string(),
            value,
            unit: f[unit_i].trim().to_string(),
            source: f[source_i].trim().to_string(),
            estimate,
            note: get(note_i).to_string(),
            vintage: get(vintage_i).to_string(),
        })
    })?;
    Ok(parsed)
}
