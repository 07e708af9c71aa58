//! The ITU Digital Development Dashboard workbook (January 2022): one long
//! table `Country, Region, ISO, Indicator name, Year, Value, ITU estimate?`
//! for 196 economies, 2010–2021.
//!
//! Each indicator name maps to a series code and disaggregation: where the
//! indicator is one of ITU's published series it takes ITU's code (so the
//! Dashboard's female Internet users become `i99H` with `sex = F`); the
//! Dashboard's own indicators get `ddd.`-prefixed codes. `NULL` values are
//! rejected as missing.

use std::path::Path;

use calamine::Reader;

use super::xlsx::{self, Grid};
use super::{
    Candidate, Columns, Observation, Parsed, Position, RejectKind, parse_number, parse_year,
};
use crate::error::{Error, Location, Result};

/// A mapped Dashboard indicator.
struct Mapping {
    series: &'static str,
    sex: &'static str,
    area: &'static str,
    age: &'static str,
    unit: &'static str,
}

/// The Dashboard's indicator names: (name, series code, unit, sex, area,
/// age).
#[rustfmt::skip]
const MAPPINGS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("Households with Internet access at home (%)", "xHH6_IDI", "percent", "", "", ""),
    ("Households with Internet access at home, urban (%)", "xHH6_IDI", "percent", "", "urban", ""),
    ("Households with Internet access at home, rural (%)", "xHH6_IDI", "percent", "", "rural", ""),
    ("Households with a computer at home (%)", "ddd.households_computer", "percent", "", "", ""),
    ("Individuals using the Internet, total (%)", "i99H", "percent", "", "", ""),
    ("Female Internet users as a % of total female population", "i99H", "percent", "F", "", ""),
    ("Male Internet users as a % of total male population", "i99H", "percent", "M", "", ""),
    ("Internet users: < 15 years as a % of all < 15 years", "i99H", "percent", "", "", "<15"),
    ("Internet users: 15-24 years as a % of all 15-24 years", "i99H", "percent", "", "", "15-24"),
    ("Internet users: 25-74 years as a % of all 25-74 years", "i99H", "percent", "", "", "25-74"),
    ("Internet users: 75+ years as a % of all 75+ years", "i99H", "percent", "", "", "75+"),
    ("Individuals owning a mobile phone (%)", "xHH18_IDI", "percent", "", "", ""),
    ("Female mobile phone ownership as a % of total female population", "xHH18_IDI", "percent", "F", "", ""),
    ("Male mobile phone ownership as a % of total male population", "xHH18_IDI", "percent", "M", "", ""),
    ("Individuals with basic skills (%)", "ict_skills_basic", "percent", "", "", ""),
    ("Individuals with standard skills (%)", "ict_skills_standard", "percent", "", "", ""),
    ("Individuals with advanced skills (%)", "ict_skills_advanced", "percent", "", "", ""),
    ("Population covered by a mobile-cellular network (%)", "i271pop", "percent", "", "", ""),
    ("Population covered by at least a 3G mobile network (%)", "i271G", "percent", "", "", ""),
    ("Population covered by at least a 4G mobile network (%)", "i271GA", "percent", "", "", ""),
    ("Fixed broadband basket as a % of GNI p.c.", "i154_FBB5_GNI", "percent_gni_pc", "", "", ""),
    ("Mobile broadband basket as a % of GNI p.c.", "ddd.mobile_broadband_basket_gni", "percent_gni_pc", "", "", ""),
    ("Mobile cellular basket as a % of GNI p.c.", "ddd.mobile_cellular_basket_gni", "percent_gni_pc", "", "", ""),
    ("Mobile data and voice basket (low consumption) as a % of GNI p.c.", "ddd.mobile_data_voice_low_gni", "percent_gni_pc", "", "", ""),
    ("Mobile data and voice basket (high consumption) as a % of GNI p.c.", "ddd.mobile_data_voice_high_gni", "percent_gni_pc", "", "", ""),
    ("Fixed broadband subscriptions per 100 inhabitants", "i992b", "per_100", "", "", ""),
    ("Active mobile-broadband subscriptions per 100 inhabitants", "i911mw", "per_100", "", "", ""),
    ("Fixed-telephone subscriptions per 100 inhabitants", "ddd.fixed_telephone_per_100", "per_100", "", "", ""),
    ("Mobile-cellular subscriptions per 100 inhabitants", "ddd.mobile_cellular_per_100", "per_100", "", "", ""),
    ("Total fixed broadband subscriptions", "i4213tfbb", "count", "", "", ""),
    ("Fixed broadband subscriptions: 256kbit/s - <2Mbit/s", "ddd.fixed_broadband_256k_2m", "count", "", "", ""),
    ("Fixed broadband subscriptions: 2 to 10 Mbit/s", "ddd.fixed_broadband_2m_10m", "count", "", "", ""),
    ("Fixed broadband subscriptions: >10 Mbit/s", "ddd.fixed_broadband_over_10m", "count", "", "", ""),
    ("International bandwidth per Internet user (kbit/s)", "ddd.international_bandwidth_per_user", "kbit_s", "", "", ""),
    ("Monthly fixed broadband Internet traffic per fixed broadband subscription (MB)", "ddd.fixed_traffic_per_subscription", "mb", "", "", ""),
    ("Monthly mobile broadband Internet traffic per mobile broadband subscription (MB)", "ddd.mobile_traffic_per_subscription", "mb", "", "", ""),
];

fn mapping(indicator: &str) -> Option<Mapping> {
    MAPPINGS
        .iter()
        .find(|m| m.0 == indicator)
        .map(|&(_, series, unit, sex, area, age)| Mapping {
            series,
            sex,
            area,
            age,
            unit,
        })
}

const HEADER: [&str; 7] = [
    "Country",
    "Region",
    "ISO",
    "Indicator name",
    "Year",
    "Value",
    "ITU estimate?",
];

/// Parse the Dashboard workbook.
pub fn parse(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    let mut wb = xlsx::open(label, bytes)?;
    let sheets = wb.sheet_names();
    let Some(sheet) = sheets.first().cloned() else {
        return Err(Error::input(
            Location::file(label),
            "the workbook has no sheets",
        ));
    };
    let grid = Grid::read(&mut wb, label, &sheet)?;
    let Some(last) = grid.last_row() else {
        return Err(Error::input(
            Location::file(label),
            format!("sheet '{sheet}' is empty"),
        ));
    };
    let top = grid.first_row();
    let mut cols = [0u32; 7];
    for (i, name) in HEADER.iter().enumerate() {
        let found =
            (0..=grid.last_col().unwrap_or(0)).find(|c| xlsx::text(grid.get(top, *c)) == *name);
        match found {
            Some(c) => cols[i] = c,
            None => {
                return Err(Error::input(
                    Location::file(label)
                        .at_cell(xlsx::cell_ref(top, i as u32))
                        .field(*name),
                    format!(
                        "sheet '{sheet}': missing column `{name}` in the header row; the layout changed (expected {})",
                        HEADER.join(", ")
                    ),
                ));
            }
        }
    }
    let [_, _, iso_c, ind_c, year_c, value_c, est_c] = cols;
    let mut parsed = Parsed {
        vintage: vintage_from_sheet(&sheet),
        columns: Columns::new("ISO", "Year", "Value"),
        ..Parsed::default()
    };
    for row in top + 1..=last {
        let iso = xlsx::text(grid.get(row, iso_c));
        let indicator = xlsx::text(grid.get(row, ind_c));
        let year_text = xlsx::text(grid.get(row, year_c));
        let value_cell = grid.get(row, value_c);
        let value_text = xlsx::text(value_cell);
        if iso.is_empty() && indicator.is_empty() && year_text.is_empty() && value_text.is_empty() {
            // A blank row is not an input row.
            continue;
        }
        parsed.read += 1;
        let position = Position::Cell {
            sheet: sheet.clone(),
            cell: xlsx::cell_ref(row, value_c),
        };
        let Some(map) = mapping(&indicator) else {
            parsed
                .reject(
                    position,
                    RejectKind::UnknownSeries,
                    format!("indicator `{indicator}` has no mapping to a series"),
                )
                .field("Indicator name")
                .row(&indicator, &iso, &year_text, &value_text);
            continue;
        };
        let reject = |p: &mut Parsed, kind, reason: String, field: &str| {
            p.reject(position.clone(), kind, reason).field(field).row(
                map.series,
                &iso,
                &year_text,
                &value_text,
            );
        };
        if iso.is_empty() {
            reject(
                &mut parsed,
                RejectKind::EmptyField,
                "ISO code is empty".into(),
                "ISO",
            );
            continue;
        }
        let year = match parse_year(&year_text) {
            Ok(y) => y,
            Err((kind, reason)) => {
                reject(&mut parsed, kind, reason, "Year");
                continue;
            }
        };
        let value = match xlsx::number(value_cell) {
            Some(v) => v,
            None => match parse_number(&value_text) {
                Ok(v) => v,
                Err((kind, reason)) => {
                    reject(&mut parsed, kind, reason, "Value");
                    continue;
                }
            },
        };
        let estimate = xlsx::text(grid.get(row, est_c)).eq_ignore_ascii_case("yes");
        parsed.candidates.push(Candidate {
            obs: Observation {
                series: map.series.to_string(),
                geo: iso,
                year,
                sex: map.sex.to_string(),
                area: map.area.to_string(),
                age: map.age.to_string(),
                value,
                unit: map.unit.to_string(),
                source: "ITU Digital Development Dashboard".to_string(),
                estimate,
                note: if estimate {
                    "ITU estimate".to_string()
                } else {
                    String::new()
                },
                ..Observation::default()
            },
            position,
        });
    }
    Ok(parsed)
}

/// `DDD data set January 2022` → `2022-01`.
pub fn vintage_from_sheet(name: &str) -> Option<String> {
    month_year(name)
}

/// Find "`<Month> <Year>`" in a text and write it `YYYY-MM`.
pub fn month_year(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|w| {
        let month = MONTHS.iter().position(|m| *m == w[0])? + 1;
        let year: i32 = w[1].parse().ok().filter(|y| (1990..=2100).contains(y))?;
        Some(format!("{year}-{month:02}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vintage_is_read_from_month_and_year() {
        assert_eq!(
            vintage_from_sheet("DDD data set January 2022").as_deref(),
            Some("2022-01")
        );
        assert_eq!(
            month_year("Version November 2024, for Facts and Figures 2024").as_deref(),
            Some("2024-11")
        );
        assert_eq!(month_year("no date here"), None);
    }
}
