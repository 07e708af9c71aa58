//! The `datasets/` folder's files, as text: rendered from the in-memory
//! table and classification, and parsed back. CSV is the reviewable source
//! of truth; every file is sorted and its numbers written exactly, so the
//! same inputs give the same bytes.
//!
//! Reading the store is strict: it is rbm's own output, so a row that does
//! not parse is an error naming the file and line, not a reject.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

#[cfg(test)]
use super::table::Observation;
use super::table::ObservationTable;
use super::tidy::COLUMNS;
use super::validate::{RowCounts, format_value};
use crate::base::text::{CsvOut, CsvText, csv_text};
use crate::classify::model::{Classification, Economy, SizeBasis, WeightRow};
use crate::error::{Error, Location, Result};

/// File names in the datasets folder.
pub mod files {
    /// The tidy observations.
    pub const OBSERVATIONS: &str = "observations.csv";
    /// Economies and their groups.
    pub const CLASSIFICATION: &str = "classification.csv";
    /// Weights by economy and year.
    pub const WEIGHTS: &str = "weights.csv";
    /// Codes of other sources mapped to rbm's.
    pub const ALIASES: &str = "aliases.csv";
    /// Corrections and unmapped codes, one per line.
    pub const CLASSIFICATION_NOTES: &str = "classification_notes.txt";
    /// The input files behind the observations, with their counts.
    pub const INPUTS: &str = "inputs.csv";
}

/// Render observations in the tidy format, sorted.
pub fn render_observations(table: &ObservationTable) -> Result<String> {
    let mut w = CsvOut::new(files::OBSERVATIONS, COLUMNS, table.len() * 96)?;
    let mut year = itoa_buffer();
    for r in table.rows() {
        let value = format_value(r.value);
        let y = fmt_i32(&mut year, r.year);
        w.record([
            table.str(r.series),
            table.str(r.geo),
            y,
            value.as_str(),
            table.str(r.sex),
            table.str(r.area),
            table.str(r.age),
            table.str(r.unit),
            table.str(r.source),
            if r.estimate { "true" } else { "false" },
            table.str(r.note),
            table.str(r.vintage),
        ])?;
    }
    w.finish()
}

fn itoa_buffer() -> String {
    String::with_capacity(8)
}

fn fmt_i32(buf: &mut String, v: i32) -> &str {
    buf.clear();
    let _ = write!(buf, "{v}");
    buf.as_str()
}

/// Parse `observations.csv`.
pub fn parse_observations(label: &Path, bytes: &[u8]) -> Result<ObservationTable> {
    let text = crate::base::text::decode(label, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .byte_headers()
        .map_err(|e| Error::input(Location::file(label), format!("cannot read as CSV: {e}")))?
        .clone();
    let expected: Vec<&[u8]> = COLUMNS.iter().map(|c| c.as_bytes()).collect();
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(Error::input(
            Location::file(label).at_line(1),
            format!("the header must be exactly: {}", COLUMNS.join(",")),
        ));
    }
    let mut table = ObservationTable::new();
    let mut record = csv::ByteRecord::new();
    // The previous row's series, geo, sex, area, age and year.
    let mut prev: [Vec<u8>; 5] = Default::default();
    let mut prev_year = i32::MIN;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(Error::input(
                    Location::file(label).at_line(line),
                    format!("cannot read as CSV: {e}"),
                ));
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let bad = |field: &str, msg: String| {
            Error::input(Location::file(label).at_line(line).field(field), msg)
        };
        if record.len() != COLUMNS.len() {
            return Err(bad(
                "",
                format!("{} fields, expected {}", record.len(), COLUMNS.len()),
            ));
        }
        // The text was checked as UTF-8 as a whole, so each field is UTF-8.
        let s = |i: usize| std::str::from_utf8(&record[i]).unwrap_or("");
        let year: i32 = s(2)
            .parse()
            .map_err(|_| bad("year", format!("`{}` is not a year", s(2))))?;
        let value: f64 = s(3)
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad("value", format!("`{}` is not a number", s(3))))?;
        let estimate = match s(9) {
            "true" => true,
            "false" => false,
            other => return Err(bad("estimate", format!("`{other}` is not true or false"))),
        };
        let strings = &mut table.strings;
        let row = super::table::Row {
            series: strings.intern(s(0)),
            geo: strings.intern(s(1)),
            year,
            value,
            sex: strings.intern(s(4)),
            area: strings.intern(s(5)),
            age: strings.intern(s(6)),
            unit: strings.intern(s(7)),
            source: strings.intern(s(8)),
            estimate,
            note: strings.intern(s(10)),
            vintage: strings.intern(s(11)),
        };
        // The store is written sorted by its key, so a key that is not
        // greater than the one before is a duplicate or a hand edit: this
        // check costs no index, which loading ten million rows would.
        let order = key_order(&prev, &record, year, prev_year);
        if order != std::cmp::Ordering::Greater && !prev[0].is_empty() {
            let disagg: Vec<&str> = [s(4), s(5), s(6)]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            let key = format!(
                "{} {} {}{}{}",
                s(0),
                s(1),
                year,
                if disagg.is_empty() { "" } else { " " },
                disagg.join(" ")
            );
            return Err(Error::input(
                Location::file(label).at_line(line),
                format!(
                    "key {key} repeats or comes out of order (the store is sorted by series, geo, year, sex, area, age): rebuild it with rbm ingest"
                ),
            ));
        }
        for (slot, i) in prev.iter_mut().zip([0usize, 1, 4, 5, 6]) {
            slot.clear();
            slot.extend_from_slice(&record[i]);
        }
        prev_year = year;
        table.push_sorted(row);
    }
    Ok(table)
}

/// How a record's key compares with the previous one's: series, geo, year,
/// sex, area, age, strings compared as bytes (which is string order).
fn key_order(
    prev: &[Vec<u8>; 5],
    rec: &csv::ByteRecord,
    year: i32,
    prev_year: i32,
) -> std::cmp::Ordering {
    rec[0]
        .cmp(&prev[0][..])
        .then(rec[1].cmp(&prev[1][..]))
        .then(year.cmp(&prev_year))
        .then(rec[4].cmp(&prev[2][..]))
        .then(rec[5].cmp(&prev[3][..]))
        .then(rec[6].cmp(&prev[4][..]))
}

const CLASSIFICATION_COLUMNS: [&str; 10] = [
    "iso3",
    "name",
    "m49",
    "itu_region",
    "development",
    "ldc",
    "lldc",
    "sids",
    "income",
    "as_of",
];
const WEIGHT_COLUMNS: [&str; 7] = [
    "iso3",
    "year",
    "population",
    "population_held",
    "household_size",
    "size_basis",
    "households",
];

/// The classification's files: classification, weights, aliases, notes.
pub fn render_classification(c: &Classification) -> Result<[(&'static str, String); 4]> {
    let flag = |b: bool| if b { "1" } else { "0" };
    let as_of = c.as_of.to_string();
    let classification = csv_text(
        files::CLASSIFICATION,
        &CLASSIFICATION_COLUMNS,
        c.economies.values().map(|e| {
            [
                e.iso3.clone(),
                e.name.clone(),
                e.m49.map(|m| format!("{m:03}")).unwrap_or_default(),
                e.itu_region.clone().unwrap_or_default(),
                match e.developed {
                    Some(true) => "developed",
                    Some(false) => "developing",
                    None => "",
                }
                .to_string(),
                flag(e.ldc).to_string(),
                flag(e.lldc).to_string(),
                flag(e.sids).to_string(),
                e.income.clone().unwrap_or_default(),
                as_of.clone(),
            ]
        }),
    )?;
    let weights = csv_text(
        files::WEIGHTS,
        &WEIGHT_COLUMNS,
        c.weights.iter().map(|((iso, year), row)| {
            [
                iso.clone(),
                year.to_string(),
                format!("{:.0}", row.population),
                flag(row.population_held).to_string(),
                row.household_size
                    .map(|s| format!("{s:.4}"))
                    .unwrap_or_default(),
                row.size_basis.map(|b| b.as_str()).unwrap_or("").to_string(),
                row.households()
                    .map(|h| format!("{h:.0}"))
                    .unwrap_or_default(),
            ]
        }),
    )?;

    let mut aliases = String::from("code,iso3\n");
    for (from, to) in &c.aliases {
        aliases.push_str(&format!("{from},{to}\n"));
    }
    let notes: String = c.notes.iter().map(|n| format!("{n}\n")).collect();
    Ok([
        (files::CLASSIFICATION, classification),
        (files::WEIGHTS, weights),
        (files::ALIASES, aliases),
        (files::CLASSIFICATION_NOTES, notes),
    ])
}

/// Parse the classification back from its files' bytes.
pub fn parse_classification(
    dir: &Path,
    classification: &[u8],
    weights: &[u8],
    aliases: &[u8],
    notes: &[u8],
) -> Result<Classification> {
    let mut c = Classification::default();
    let path = dir.join(files::CLASSIFICATION);
    let csv = CsvText::open(&path, classification)?;
    let idx = csv.require(&CLASSIFICATION_COLUMNS)?;
    for rec in csv.records()? {
        let f = &rec.fields;
        let get = |i: usize| f.get(idx[i]).unwrap_or("").trim();
        let bad = |field: &str, msg: String| {
            Error::input(Location::file(&path).at_line(rec.line).field(field), msg)
        };
        let flag = |i: usize, name: &str| match get(i) {
            "1" => Ok(true),
            "0" => Ok(false),
            other => Err(bad(name, format!("`{other}` is not 0 or 1"))),
        };
        let developed = match get(4) {
            "developed" => Some(true),
            "developing" => Some(false),
            "" => None,
            other => {
                return Err(bad(
                    "development",
                    format!("`{other}` is not developed or developing"),
                ));
            }
        };
        let itu_region = match get(3) {
            "" => None,
            r if crate::classify::group::group(r)
                .is_some_and(|g| g.kind == crate::classify::GroupKind::Region) =>
            {
                Some(r.to_string())
            }
            r => {
                return Err(bad(
                    "itu_region",
                    format!("`{r}` is not an ITU region code"),
                ));
            }
        };
        let e = Economy {
            iso3: get(0).to_string(),
            name: get(1).to_string(),
            m49: get(2).parse().ok(),
            itu_region,
            developed,
            ldc: flag(5, "ldc")?,
            lldc: flag(6, "lldc")?,
            sids: flag(7, "sids")?,
            income: Some(get(8).to_string()).filter(|s| !s.is_empty()),
        };
        c.as_of = get(9).parse().unwrap_or(0);
        c.economies.insert(e.iso3.clone(), e);
    }

    let path = dir.join(files::WEIGHTS);
    let csv = CsvText::open(&path, weights)?;
    let idx = csv.require(&WEIGHT_COLUMNS)?;
    for rec in csv.records()? {
        let f = &rec.fields;
        let get = |i: usize| f.get(idx[i]).unwrap_or("").trim();
        let bad = |field: &str| {
            Error::input(
                Location::file(&path).at_line(rec.line).field(field),
                format!(
                    "`{}` is not valid",
                    get(WEIGHT_COLUMNS.iter().position(|c| *c == field).unwrap_or(0))
                ),
            )
        };
        let year: i32 = get(1).parse().map_err(|_| bad("year"))?;
        let population: f64 = get(2).parse().map_err(|_| bad("population"))?;
        let household_size = match get(4) {
            "" => None,
            s => Some(s.parse::<f64>().map_err(|_| bad("household_size"))?),
        };
        c.weights.insert(
            (get(0).to_string(), year),
            WeightRow {
                population,
                population_held: get(3) == "1",
                household_size,
                size_basis: SizeBasis::parse(get(5)),
            },
        );
    }

    let path = dir.join(files::ALIASES);
    let csv = CsvText::open(&path, aliases)?;
    let idx = csv.require(&["code", "iso3"])?;
    for rec in csv.records_or_none()? {
        let f = &rec.fields;
        c.aliases.insert(
            f.get(idx[0]).unwrap_or("").to_string(),
            f.get(idx[1]).unwrap_or("").to_string(),
        );
    }
    let notes_path = dir.join(files::CLASSIFICATION_NOTES);
    c.notes = crate::base::text::decode(&notes_path, notes)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    c.index();
    Ok(c)
}

/// One ingested file, as `inputs.csv` records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRecord {
    /// The file as given on the command line.
    pub file: String,
    /// Its format.
    pub format: String,
    /// Its release.
    pub vintage: String,
    /// Its counts.
    #[serde(flatten)]
    pub counts: RowCounts,
}

const INPUT_COLUMNS: [&str; 7] = [
    "file", "format", "vintage", "read", "accepted", "rejected", "merged",
];

/// Render `inputs.csv`.
pub fn render_inputs(records: &[InputRecord]) -> Result<String> {
    csv_text(
        files::INPUTS,
        &INPUT_COLUMNS,
        records.iter().map(|r| {
            [
                r.file.clone(),
                r.format.clone(),
                r.vintage.clone(),
                r.counts.read.to_string(),
                r.counts.accepted.to_string(),
                r.counts.rejected.to_string(),
                r.counts.merged.to_string(),
            ]
        }),
    )
}

/// Parse `inputs.csv`. It is rbm's own file: a count that is not a whole
/// number is an error naming the line and column, never a zero.
pub fn parse_inputs(label: &Path, bytes: &[u8]) -> Result<Vec<InputRecord>> {
    let csv = CsvText::open(label, bytes)?;
    let idx = csv.require(&INPUT_COLUMNS)?;
    let mut out = Vec::new();
    for rec in csv.records_or_none()? {
        let text = |i: usize| rec.fields.get(idx[i]).unwrap_or("").to_string();
        let count = |i: usize| -> Result<u64> {
            let t = text(i);
            t.trim().parse::<u64>().map_err(|_| {
                Error::input(
                    Location::file(label)
                        .at_line(rec.line)
                        .field(INPUT_COLUMNS[i]),
                    format!("`{t}` is not a count of rows: the file is damaged; rebuild the datasets folder with `rbm ingest`"),
                )
            })
        };
        out.push(InputRecord {
            file: text(0),
            format: text(1),
            vintage: text(2),
            counts: RowCounts {
                read: count(3)?,
                accepted: count(4)?,
                rejected: count(5)?,
                merged: count(6)?,
            },
        });
    }
    Ok(out)
}

const REJECT_COLUMNS: [&str; 10] = [
    "file", "line", "cell", "field", "kind", "series", "geo", "year", "value", "reason",
];

/// Rejects as CSV: `file, line, cell, field, kind, series, geo, year,
/// value, reason`.
pub fn render_rejects(files: &[(String, Vec<super::Reject>)]) -> Result<String> {
    let mut w = CsvOut::new("rejects", REJECT_COLUMNS, 0)?;
    for (file, rejects) in files {
        for r in rejects {
            let (line, cell) = match &r.position {
                super::Position::Line(l) => (l.to_string(), String::new()),
                super::Position::Cell { sheet, cell } => (String::new(), format!("{sheet}!{cell}")),
            };
            w.record([
                file.as_str(),
                &line,
                &cell,
                r.field.as_deref().unwrap_or(""),
                r.kind.as_str(),
                &r.series,
                &r.geo,
                &r.year,
                &r.value,
                &r.reason,
            ])?;
        }
    }
    w.finish()
}

/// Counts of rejects by kind, for summaries.
pub fn reject_summary(rejects: &[super::Reject]) -> BTreeMap<&'static str, u64> {
    let mut out = BTreeMap::new();
    for r in rejects {
        *out.entry(r.kind.as_str()).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_round_trip_byte_for_byte() {
        let mut t = ObservationTable::new();
        for (geo, year, value, note) in [
            ("FRA", 2020, 80.5, "a, quoted note"),
            ("AFG", 2019, 17.6, ""),
        ] {
            let row = t.to_row(&Observation {
                series: "i99H".into(),
                geo: geo.into(),
                year,
                value,
                unit: "percent".into(),
                source: "ITU".into(),
                note: note.into(),
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        let text = render_observations(&t).expect("renders");
        assert_eq!(
            text,
            "series,geo,year,value,sex,area,age,unit,source,estimate,note,vintage\n\
             i99H,AFG,2019,17.6,,,,percent,ITU,false,,2025-12\n\
             i99H,FRA,2020,80.5,,,,percent,ITU,false,\"a, quoted note\",2025-12\n"
        );
        let back = parse_observations(Path::new("o.csv"), text.as_bytes()).expect("parses");
        assert_eq!(render_observations(&back).expect("renders"), text);
    }

    #[test]
    fn a_repeated_or_unsorted_key_in_the_store_is_an_error() {
        let head = "series,geo,year,value,sex,area,age,unit,source,estimate,note,vintage\n";
        let row = |geo: &str, year: i32| format!("i99H,{geo},{year},1,,,,percent,ITU,false,,\n");
        let text = format!("{head}{}{}", row("FRA", 2020), row("FRA", 2020));
        let err = parse_observations(Path::new("o.csv"), text.as_bytes())
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("o.csv:3: key i99H FRA 2020")),
            "{err:?}"
        );
        let text = format!("{head}{}{}", row("FRA", 2020), row("AFG", 2020));
        assert!(parse_observations(Path::new("o.csv"), text.as_bytes()).is_err());
        let text = format!("{head}{}{}", row("AFG", 2020), row("FRA", 2019));
        assert!(parse_observations(Path::new("o.csv"), text.as_bytes()).is_ok());
    }

    #[test]
    fn a_damaged_store_is_an_error_with_line() {
        let text = "series,geo,year,value,sex,area,age,unit,source,estimate,note,vintage\ni99H,FRA,20x0,1,,,,percent,ITU,false,,\n";
        let err = parse_observations(Path::new("datasets/observations.csv"), text.as_bytes())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("datasets/observations.csv:2: field `year`: `20x0` is not a year")
        );
    }
}
