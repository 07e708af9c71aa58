//! ITU DataHub CSV exports: one file per indicator, one row per economy and
//! year, columns `seriesID, seriesCode, seriesName, seriesParent,
//! seriesUnits, entityID, entityIso, entityName, dataValue, dataYear,
//! dataNote, dataSource, seriesDescription`.
//!
//! The unit comes from the series code, not from `seriesUnits`, which the
//! export copies from the parent indicator and which is wrong for
//! sub-series (a price in US dollars labelled "% GNI per capita").

use std::path::Path;

use super::{
    Candidate, Columns, Observation, Parsed, Position, RejectKind, parse_number, parse_year,
};
use crate::base::text::{CsvText, Record, trim};
use crate::error::Result;

const REQUIRED: [&str; 7] = [
    "seriesCode",
    "entityIso",
    "dataValue",
    "dataYear",
    "seriesUnits",
    "dataNote",
    "dataSource",
];

/// The unit of a DataHub series, from its code.
pub fn unit_of(code: &str, series_units: &str) -> &'static str {
    if code.ends_with("_GNI") {
        return "percent_gni_pc";
    }
    if code.ends_with('$') {
        return "usd";
    }
    if code.ends_with("_PPP") {
        return "ppp_usd";
    }
    match code {
        "i992b" | "i911mw" | "i911" | "i112" => return "per_100",
        "i4213tfbb" | "i271mw" | "i271" | "i112a" => return "count",
        _ => {}
    }
    match series_units.trim() {
        "%" => "percent",
        "per 100 people" | "per 100 inhabitants" => "per_100",
        "% GNI per capita" => "percent_gni_pc",
        "count" | "number" => "count",
        "US$" | "USD" => "usd",
        _ => "unknown",
    }
}

/// True when the publisher marks the value as an ITU estimate.
pub fn is_itu_estimate(source: &str, note: &str) -> bool {
    // In any case, without a lower-case copy of each (two allocations a
    // row in an export of millions).
    let mentions = |text: &str| {
        text.as_bytes()
            .windows(ESTIMATE.len())
            .any(|w| w.eq_ignore_ascii_case(ESTIMATE))
    };
    mentions(source) || mentions(note)
}

const ESTIMATE: &[u8] = b"itu estimate";

fn set(s: &mut String, v: &str) {
    s.clear();
    s.push_str(v);
}

/// What a record's own fields give: its year and value parsed (or why
/// not), its unit and whether it is an ITU estimate.
struct Prepared {
    year: std::result::Result<i32, (RejectKind, String)>,
    value: std::result::Result<f64, (RejectKind, String)>,
    unit: &'static str,
    estimate: bool,
}

impl Default for Prepared {
    fn default() -> Self {
        Prepared {
            year: Ok(0),
            value: Ok(0.0),
            unit: "",
            estimate: false,
        }
    }
}

/// Parse a DataHub export.
pub fn parse(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    super::collect(|emit| parse_with(label, bytes, emit))
}

/// Parse a DataHub export, passing each candidate to `emit` as it is read.
pub fn parse_with(label: &Path, bytes: &[u8], emit: &mut super::Emit<'_>) -> Result<Parsed> {
    let csv = CsvText::open(label, bytes)?;
    let idx = csv.require(&REQUIRED)?;
    let [code_i, iso_i, value_i, year_i, units_i, note_i, source_i] =
        [idx[0], idx[1], idx[2], idx[3], idx[4], idx[5], idx[6]];
    let name_i = csv.column("entityName");
    let width = csv.width();
    let mut parsed = Parsed {
        columns: Columns::new("entityIso", "dataYear", "dataValue"),
        ..Parsed::default()
    };
    let mut buf = Candidate {
        obs: Observation::default(),
        position: Position::Line(0),
    };
    // What each record's fields give on their own (its year, value,
    // unit and estimate mark) is worked out where the text is split: on
    // a second thread for a large export.
    let prepare = |rec: &Record, p: &mut Prepared| {
        let f = &rec.fields;
        if f.len() != width {
            return;
        }
        let code = trim(&f[code_i]);
        p.year = parse_year(trim(&f[year_i]));
        p.value = parse_number(trim(&f[value_i]));
        p.unit = unit_of(code, &f[units_i]);
        p.estimate = is_itu_estimate(trim(&f[source_i]), trim(&f[note_i]));
    };
    csv.for_each_prepared(prepare, |rec, p| {
        parsed.read += 1;
        let position = Position::Line(rec.line);
        let f = &rec.fields;
        if f.len() != width {
            parsed
                .reject(position, RejectKind::Malformed, rec.width_problem(width))
                .row(
                    f.get(code_i).unwrap_or(""),
                    f.get(iso_i).unwrap_or(""),
                    "",
                    "",
                );
            return Ok(());
        }
        let code = trim(&f[code_i]);
        let iso = trim(&f[iso_i]);
        let raw_value = trim(&f[value_i]);
        let raw_year = trim(&f[year_i]);
        let row = |p: &mut Parsed, kind, reason: String, field: &str| {
            p.reject(position.clone(), kind, reason)
                .field(field)
                .row(code, iso, raw_year, raw_value);
        };
        if code.is_empty() {
            row(
                &mut parsed,
                RejectKind::EmptyField,
                "series code is empty".into(),
                "seriesCode",
            );
            return Ok(());
        }
        if iso.is_empty() {
            let name = name_i.map(|i| f[i].trim()).unwrap_or("");
            row(
                &mut parsed,
                RejectKind::EmptyField,
                format!("economy code is empty (entityName `{name}`)"),
                "entityIso",
            );
            return Ok(());
        }
        // The year first, then the value, as `Parsed::year_and_value`.
        let year = match &p.year {
            Ok(year) => *year,
            Err((kind, reason)) => {
                row(&mut parsed, *kind, reason.clone(), "dataYear");
                return Ok(());
            }
        };
        let value = match &p.value {
            Ok(value) => *value,
            Err((kind, reason)) => {
                row(&mut parsed, *kind, reason.clone(), "dataValue");
                return Ok(());
            }
        };
        let note = trim(&f[note_i]);
        let source = trim(&f[source_i]);
        let source_text = if source.is_empty() { "ITU" } else { source };
        // One buffer for every row: its strings keep their capacity, so a
        // large export is read without allocating per row.
        let o = &mut buf.obs;
        set(&mut o.series, code);
        set(&mut o.geo, iso);
        o.year = year;
        o.value = value;
        set(&mut o.unit, p.unit);
        set(&mut o.source, source_text);
        o.estimate = p.estimate;
        set(&mut o.note, note);
        buf.position = position;
        emit(&buf, &parsed.columns);
        Ok(())
    })?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\u{feff}\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\",\"entityIso\",\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\",\"dataSource\",\"seriesDescription\"\n";

    #[test]
    fn unit_comes_from_the_series_code_not_series_units() {
        assert_eq!(
            unit_of("i154_FBB5_GNI", "% GNI per capita"),
            "percent_gni_pc"
        );
        assert_eq!(unit_of("i154_FBB5$", "% GNI per capita"), "usd");
        assert_eq!(unit_of("i154_FBB5_PPP", "% GNI per capita"), "ppp_usd");
        assert_eq!(unit_of("i992b", "count"), "per_100");
        assert_eq!(unit_of("i4213tfbb", "per 100 people"), "count");
        assert_eq!(unit_of("xHH6_IDI", "%"), "percent");
    }

    #[test]
    fn an_itu_estimate_is_found_in_any_case_in_the_source_or_the_note() {
        assert!(is_itu_estimate("ITU estimate.", ""));
        assert!(is_itu_estimate("", "Break in series; itu EStimate"));
        assert!(!is_itu_estimate("ITU", "estimate by ITU"));
        assert!(!is_itu_estimate("", ""));
        assert!(!is_itu_estimate("ITU estimat", "é"));
    }

    #[test]
    fn parses_rows_with_quoted_newlines_and_marks_itu_estimates() {
        let text = format!(
            "{HEADER}12047,\"xHH6_IDI\",\"Households\",,\"%\",4,\"ABW\",\"Aruba\",\"36.7\",2006,\"\",\"Central Bureau\",\"two\nlines\"\n\
             12047,\"xHH6_IDI\",\"Households\",,\"%\",4,\"ABW\",\"Aruba\",\"66.2\",2011,\"\",\"ITU estimate.\",\"d\"\n\
             12047,\"xHH6_IDI\",\"Households\",,\"%\",4,\"ABW\",\"Aruba\",\"..\",2012,\"\",\"\",\"d\"\n"
        );
        let p = parse(Path::new("h.csv"), text.as_bytes()).expect("parses");
        assert_eq!(p.read, 3);
        assert_eq!(p.candidates.len(), 2);
        assert_eq!(p.candidates[0].obs.value, 36.7);
        assert!(!p.candidates[0].obs.estimate);
        assert_eq!(p.candidates[1].position, Position::Line(4));
        assert!(p.candidates[1].obs.estimate);
        assert_eq!(p.rejects.len(), 1);
        assert_eq!(p.rejects[0].position, Position::Line(5));
        assert_eq!(p.rejects[0].kind, RejectKind::MissingValue);
    }
}
