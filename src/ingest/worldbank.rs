//! World Bank indicator CSVs (`Country Name, Country Code, Year, Value`, as
//! the population extract is laid out) and Our World in Data grapher CSVs
//! (`entity, code, year` and one or more value columns, whose World Bank
//! aggregates have an empty code and are known by name).

use std::path::Path;

use super::{Candidate, Columns, Observation, Parsed, Position, RejectKind};
use crate::base::text::CsvText;
use crate::error::{Error, Location, Result};

/// The series code and unit of a known value column.
fn owid_series(column: &str) -> Option<(&'static str, &'static str)> {
    match column {
        "it_net_user_zs" | "Individuals using the Internet (% of population)" => {
            Some(("IT.NET.USER.ZS", "percent"))
        }
        "Fixed broadband subscriptions (per 100 people)" => Some(("IT.NET.BBND.P2", "per_100")),
        "Mobile cellular subscriptions (per 100 people)" => Some(("IT.CEL.SETS.P2", "per_100")),
        "Fixed telephone subscriptions (per 100 people)" => Some(("IT.MLT.MAIN.P2", "per_100")),
        _ => None,
    }
}

/// World Bank population and similar single-indicator extracts.
pub fn parse_population(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    super::collect(|emit| parse_population_with(label, bytes, emit))
}

/// World Bank extracts, passing each candidate to `emit`.
pub fn parse_population_with(
    label: &Path,
    bytes: &[u8],
    emit: &mut super::Emit<'_>,
) -> Result<Parsed> {
    let csv = CsvText::open(label, bytes)?;
    let idx = csv.require(&["Country Name", "Country Code", "Year", "Value"])?;
    let (name_i, code_i, year_i, value_i) = (idx[0], idx[1], idx[2], idx[3]);
    let mut parsed = Parsed {
        columns: Columns::new("Country Code", "Year", "Value"),
        ..Parsed::default()
    };
    super::read_records(&csv, &mut parsed, emit, |rec, position, parsed| {
        let f = &rec.fields;
        let (code, raw_year, raw_value) = (f[code_i].trim(), f[year_i].trim(), f[value_i].trim());
        let reject = |p: &mut Parsed, kind, reason: String, field: &str| {
            p.reject(position.clone(), kind, reason).field(field).row(
                "SP.POP.TOTL",
                code,
                raw_year,
                raw_value,
            );
        };
        if code.is_empty() {
            reject(
                parsed,
                RejectKind::EmptyField,
                format!("country code is empty (`{}`)", f[name_i].trim()),
                "Country Code",
            );
            return None;
        }
        let (year, value) =
            parsed.year_and_value([raw_year, raw_value], ["Year", "Value"], &reject)?;
        Some(Observation {
            series: "SP.POP.TOTL".to_string(),
            geo: format!("WB:{code}"),
            year,
            value,
            unit: "count".to_string(),
            source: "World Bank, World Development Indicators (SP.POP.TOTL)".to_string(),
            ..Observation::default()
        })
    })?;
    Ok(parsed)
}

/// Our World in Data grapher exports.
pub fn parse_owid(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    let csv = CsvText::open(label, bytes)?;
    // The grapher layout is entity, code, year, then the value columns.
    // Check it rather than index into a file of another shape: `--format
    // owid` on a file of two columns would otherwise panic.
    let expected = ["Entity", "Code", "Year"];
    for (i, name) in expected.iter().enumerate() {
        let found = csv.headers.get(i).map(String::as_str);
        if !found.is_some_and(|h| h.eq_ignore_ascii_case(name)) {
            let what = match found {
                Some(h) => format!("column {} of the header is `{h}`, not `{name}`", i + 1),
                None => format!("the header has no column `{name}`"),
            };
            return Err(Error::input(
                Location::file(label).at_line(1).field(*name),
                format!(
                    "{what}: an Our World in Data file starts with the columns Entity, Code, Year (the header has: {})",
                    csv.headers.join(", ")
                ),
            ));
        }
    }
    if csv.width() < 4 {
        return Err(Error::input(
            Location::file(label).at_line(1),
            "no value column: an Our World in Data file has one or more after Entity, Code, Year",
        ));
    }
    let (entity_i, code_i, year_i) = (0, 1, 2);
    let value_cols: Vec<usize> = (3..csv.width()).collect();
    let width = csv.width();
    let mut parsed = Parsed {
        columns: Columns {
            value_by_series: value_cols
                .iter()
                .filter_map(|&i| {
                    let column = &csv.headers[i];
                    owid_series(column).map(|(s, _)| (s.to_string(), column.clone()))
                })
                .collect(),
            ..Columns::new(&csv.headers[code_i], &csv.headers[year_i], "value")
        },
        ..Parsed::default()
    };
    for rec in csv.records()? {
        let position = Position::Line(rec.line);
        let f = &rec.fields;
        if f.len() != width {
            parsed.read += value_cols.len() as u64;
            for _ in &value_cols {
                parsed.reject(
                    position.clone(),
                    RejectKind::Malformed,
                    rec.width_problem(width),
                );
            }
            continue;
        }
        let (entity, code, raw_year) = (f[entity_i].trim(), f[code_i].trim(), f[year_i].trim());
        // An empty code is an aggregate, known by its name.
        let geo = if code.is_empty() {
            format!("NAME:{entity}")
        } else {
            format!("OWID:{code}")
        };
        for &ci in &value_cols {
            let raw_value = f[ci].trim();
            // Wide files leave cells empty where a column has no value for
            // the row: that is not an input value, so not a row to count.
            if raw_value.is_empty() {
                continue;
            }
            parsed.read += 1;
            let column = csv.headers[ci].as_str();
            let Some((series, unit)) = owid_series(column) else {
                parsed
                    .reject(
                        position.clone(),
                        RejectKind::UnknownSeries,
                        format!("column `{column}` is not a series rbm knows"),
                    )
                    .field(column)
                    .row(column, entity, raw_year, raw_value);
                continue;
            };
            let reject = |p: &mut Parsed, kind, reason: String, field: &str| {
                p.reject(position.clone(), kind, reason)
                    .field(field)
                    .row(series, entity, raw_year, raw_value);
            };
            let Some((year, value)) =
                parsed.year_and_value([raw_year, raw_value], ["year", column], &reject)
            else {
                continue;
            };
            parsed.candidates.push(Candidate {
                obs: Observation {
                    series: series.to_string(),
                    geo: geo.clone(),
                    year,
                    value,
                    unit: unit.to_string(),
                    source: format!(
                        "Our World in Data, from World Bank WDI ({series}; original source ITU)"
                    ),
                    ..Observation::default()
                },
                position: position.clone(),
            });
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owid_wide_rows_count_values_and_name_aggregates() {
        let text = "Entity,Code,Year,Fixed broadband subscriptions (per 100 people),Individuals using the Internet (% of population)\nAfghanistan,AFG,2019,0.05,17.6\nHigh-income countries,,2019,,88\n";
        let p = parse_owid(Path::new("o.csv"), text.as_bytes()).expect("parses");
        assert_eq!(p.read, 3);
        assert_eq!(p.candidates.len(), 3);
        assert_eq!(p.candidates[2].obs.geo, "NAME:High-income countries");
        assert_eq!(p.candidates[2].obs.series, "IT.NET.USER.ZS");
    }
}
