//! UN SDG Global Database extracts in DDF layout: one CSV per series, the
//! dimensions as columns (`geo_area`, `nature`, `sex`, `age`, `location`,
//! `type_of_speed`, `units`, `year`, …) and the value in the column named
//! after the series.
//!
//! `geo_area` is a UN M49 code, kept as written here: [`super::validate`]
//! maps it to ISO 3166 alpha-3 or a group code. Series for which ITU is the
//! custodian are stored under ITU's own code (SDG 17.8.1 `it_use_ii99` is
//! ITU's `i99H`), so that one concept has one code; the e-waste series keep
//! their SDG codes. Fixed broadband by speed becomes one series per speed,
//! since speed is not one of the table's disaggregations.

use std::path::Path;

use super::{Columns, Observation, Parsed, RejectKind};
use crate::base::text::CsvText;
use crate::error::{Error, Location, Result};

/// The dimension columns DDF datapoints files may have.
const DIMENSIONS: [&str; 11] = [
    "age",
    "geo_area",
    "nature",
    "sex",
    "units",
    "year",
    "location",
    "type_of_speed",
    "freq",
    "observation_status",
    "reporting_type",
];

/// The rbm series code for an SDG series (and, for speeds, the speed).
pub fn series_code(concept: &str, speed: &str) -> String {
    let base = match concept {
        "it_use_ii99" => "i99H",
        "it_mob_2gntwk" => "i271pop",
        "it_mob_3gntwk" => "i271G",
        "it_mob_4gntwk" => "i271GA",
        "it_mob_own" => "xHH18_IDI",
        other => other,
    };
    match speed {
        "" | "anys" | "notspec" => base.to_string(),
        s => format!("{base}_{s}"),
    }
}

fn unit_of(units: &str) -> &'static str {
    match units {
        "percent" => "percent",
        "per_100_pop" => "per_100",
        "number" => "count",
        "tonnes" => "tonnes",
        "kg" => "kg_per_capita",
        "metons" => "metric_tonnes",
        "ratio" => "ratio",
        _ => "unknown",
    }
}

fn sex_of(s: &str) -> Option<&'static str> {
    match s {
        "" | "bothsex" | "notspec" | "_t" => Some(""),
        "female" | "f" => Some("F"),
        "male" | "m" => Some("M"),
        _ => None,
    }
}

fn area_of(s: &str) -> Option<&'static str> {
    match s {
        "" | "allarea" | "notspec" | "_t" => Some(""),
        "urban" | "u" => Some("urban"),
        "rural" | "r" => Some("rural"),
        _ => None,
    }
}

fn age_of(s: &str) -> String {
    match s {
        "" | "notspec" | "allage" | "_t" => String::new(),
        other => {
            // DDF writes 15_24 for 15-24 and 15 for 15+.
            if other.contains('_') {
                other.replace('_', "-")
            } else if other.bytes().all(|b| b.is_ascii_digit()) {
                format!("{other}+")
            } else {
                other.to_string()
            }
        }
    }
}

/// Parse a DDF datapoints file.
pub fn parse(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    super::collect(|emit| parse_with(label, bytes, emit))
}

/// Parse a DDF datapoints file, passing each candidate to `emit`.
pub fn parse_with(label: &Path, bytes: &[u8], emit: &mut super::Emit<'_>) -> Result<Parsed> {
    let csv = CsvText::open(label, bytes)?;
    let idx = csv.require(&["geo_area", "year"])?;
    let (geo_i, year_i) = (idx[0], idx[1]);
    // The value column is the one that is not a dimension.
    let values: Vec<usize> = (0..csv.width())
        .filter(|i| !DIMENSIONS.contains(&csv.headers[*i].as_str()))
        .collect();
    let value_i = match values.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::input(
                Location::file(label).at_line(1),
                "no value column: every column is a DDF dimension",
            ));
        }
        many => {
            return Err(Error::input(
                Location::file(label)
                    .at_line(1)
                    .field(csv.headers[many[1]].as_str()),
                format!(
                    "more than one value column ({}): a DDF datapoints file has one",
                    many.iter()
                        .map(|i| csv.headers[*i].as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    };
    let concept = csv.headers[value_i].clone();
    let col = |name: &str| csv.column(name);
    let (sex_i, age_i, loc_i, speed_i, units_i, nature_i) = (
        col("sex"),
        col("age"),
        col("location"),
        col("type_of_speed"),
        col("units"),
        col("nature"),
    );
    let mut parsed = Parsed {
        columns: Columns::new("geo_area", "year", &concept),
        ..Parsed::default()
    };
    super::read_records(&csv, &mut parsed, emit, |rec, position, parsed| {
        let f = &rec.fields;
        let get = |i: Option<usize>| i.map(|i| f[i].trim()).unwrap_or("");
        let speed = get(speed_i);
        let series = series_code(&concept, speed);
        let geo = f[geo_i].trim();
        let raw_year = f[year_i].trim();
        let raw_value = f[value_i].trim();
        let reject = |p: &mut Parsed, kind, reason: String, field: &str| {
            p.reject(position.clone(), kind, reason)
                .field(field)
                .row(&series, geo, raw_year, raw_value);
        };
        if geo.is_empty() {
            reject(
                parsed,
                RejectKind::EmptyField,
                "geo_area is empty".into(),
                "geo_area",
            );
            return None;
        }
        let (year, value) =
            parsed.year_and_value([raw_year, raw_value], ["year", &concept], &reject)?;
        let Some(sex) = sex_of(get(sex_i)) else {
            reject(
                parsed,
                RejectKind::UnknownSeries,
                format!("sex `{}` is not one rbm knows", get(sex_i)),
                "sex",
            );
            return None;
        };
        let Some(area) = area_of(get(loc_i)) else {
            reject(
                parsed,
                RejectKind::UnknownSeries,
                format!("location `{}` is not one rbm knows", get(loc_i)),
                "location",
            );
            return None;
        };
        let nature = get(nature_i);
        Some(Observation {
            series: series.clone(),
            geo: format!("M49:{geo}"),
            year,
            sex: sex.to_string(),
            area: area.to_string(),
            age: age_of(get(age_i)),
            value,
            unit: unit_of(get(units_i)).to_string(),
            source: format!("UN SDG Global Database ({concept})"),
            // e: estimated, m: modelled; c, ca: country data; n: not relevant (aggregates).
            estimate: matches!(nature, "e" | "m" | "g"),
            note: if nature.is_empty() {
                String::new()
            } else {
                format!("nature: {}", nature.to_ascii_uppercase())
            },
            ..Observation::default()
        })
    })?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_itu_custodian_series_and_speeds() {
        assert_eq!(series_code("it_use_ii99", ""), "i99H");
        assert_eq!(series_code("it_net_bbnd", "anys"), "it_net_bbnd");
        assert_eq!(series_code("it_net_bbnd", "10mbps"), "it_net_bbnd_10mbps");
        assert_eq!(series_code("en_ewt_rcyr", ""), "en_ewt_rcyr");
    }

    #[test]
    fn parses_dimensions_and_value_column() {
        let text = "age,geo_area,nature,sex,units,year,it_use_ii99\nnotspec,1,n,bothsex,percent,2000,5.35\n15_24,4,e,female,percent,2019,10\n";
        let p = parse(
            Path::new("ddf--datapoints--it_use_ii99.csv"),
            text.as_bytes(),
        )
        .expect("parses");
        assert_eq!(p.read, 2);
        let o = &p.candidates[1].obs;
        assert_eq!(
            (
                o.series.as_str(),
                o.geo.as_str(),
                o.sex.as_str(),
                o.age.as_str()
            ),
            ("i99H", "M49:4", "F", "15-24")
        );
        assert!(o.estimate);
        assert!(!p.candidates[0].obs.estimate);
    }
}
