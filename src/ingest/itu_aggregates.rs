//! ITU's Key ICT indicators aggregates workbook (Facts and Figures): World,
//! income groups, LDCs, LLDCs, SIDS and the six ITU regions, with several
//! panels side by side on one sheet.
//!
//! The layout is read, not assumed: on each sheet, a row of years starts
//! one or more panels (runs of consecutive year columns); a row of text
//! above it labels the panels (`Millions` / `Per 100 inhabitants`, `Total` /
//! `Female` / `Male`, `Total` / `Urban` / `Rural`); a row with text in
//! column A only names the block; rows whose column A names a group hold the
//! values. Each (block, panel) becomes a series: ITU's own code where the
//! block is one of ITU's published indicators (`i99H` for Internet use,
//! with sex, area or age from the panel), an `itu_key.`-prefixed code for
//! the rest.
//!
//! The headers are checked, since one edited cell would file values under
//! another series without a word: every cell of a row of years is a year,
//! one more than the cell before within a panel; every block title and
//! panel label over values is one rbm knows. A header that fails, or a
//! group row before any row of years, means the layout changed, and is an
//! error naming the cell.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Reader;

use super::itu_dashboard::month_year;
use super::xlsx::{self, Grid};
use super::{Candidate, Columns, Observation, Parsed, Position, RejectKind, parse_number};
use crate::error::{Error, Location, Result};

/// A run of year columns.
#[derive(Debug, Clone)]
struct Panel {
    start: u32,
    years: Vec<(u32, i32)>,
}

/// Where a panel's values go.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    series: String,
    unit: String,
    sex: &'static str,
    area: &'static str,
    age: &'static str,
    /// Factor from the workbook's figure to the stored one (millions of
    /// subscriptions to a count).
    scale: f64,
}

/// Group names as ITU writes them in this workbook.
pub fn group_code(name: &str) -> Option<&'static str> {
    Some(match name.trim() {
        "World" => "WLD",
        "Low-income" => "LIC",
        "Lower-middle-income" => "LMC",
        "Upper-middle-income" => "UMC",
        "High-income" => "HIC",
        "Least Developed Countries (LDCs)" | "LDCs" => "LDC",
        "Land Locked Developing Countries (LLDCs)" | "LLDCs" => "LLDC",
        "Small Island Developing States (SIDS)" | "SIDS" => "SIDS",
        "Developed" | "Developed countries" => "DEVELOPED",
        "Developing" | "Developing countries" => "DEVELOPING",
        "Africa" => "ITU_AFR",
        "Americas" => "ITU_AMS",
        "Arab States" => "ITU_ARB",
        "Asia-Pacific" | "Asia & Pacific" => "ITU_ASP",
        "CIS" => "ITU_CIS",
        "Europe" => "ITU_EUR",
        _ => return None,
    })
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The block's concept: its title without units, footnote marks or
/// "(%)", lower-case.
fn concept(title: &str) -> String {
    let cut = title.find(['/', '(']).map(|i| &title[..i]).unwrap_or(title);
    cut.replace('*', "").trim().to_ascii_lowercase()
}

/// ITU's code for a block's relative panel (percent or per 100).
fn itu_code(concept: &str) -> Option<(&'static str, &'static str)> {
    let c = concept;
    Some(if c.contains("using the internet") {
        ("i99H", "percent")
    } else if c.contains("owning a mobile phone") {
        ("xHH18_IDI", "percent")
    } else if c.contains("at least a 3g") {
        ("i271G", "percent")
    } else if c.contains("lte") {
        ("i271GA", "percent")
    } else if c.contains("at least a 5g") {
        ("i271G5_pop", "percent")
    } else if c.contains("covered by a mobile-cellular network") {
        ("i271pop", "percent")
    } else if c.starts_with("fixed-broadband subscriptions") {
        ("i992b", "per_100")
    } else if c.starts_with("active mobile-broadband subscriptions") {
        ("i911mw", "per_100")
    } else {
        return None;
    })
}

/// ITU's code for a block's absolute panel, where the workbook's
/// millions are the group totals of a country count rbm also holds (the
/// DataHub's subscription counts): stored as that count, so that published
/// group totals and totals computed from countries are one series.
fn itu_count_code(concept: &str, label: &str) -> Option<&'static str> {
    if slug(label) != "millions" {
        return None;
    }
    if concept.starts_with("fixed-broadband subscriptions") {
        Some("i4213tfbb")
    } else if concept.starts_with("active mobile-broadband subscriptions") {
        Some("i271mw")
    } else {
        None
    }
}

/// A panel label that is a disaggregation rather than a unit.
fn disaggregation(label: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let l = label.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "total" => ("", "", ""),
        "female" => ("F", "", ""),
        "male" => ("M", "", ""),
        "urban" => ("", "urban", ""),
        "rural" => ("", "rural", ""),
        _ if l.starts_with("youth") => ("", "", "15-24"),
        _ if l.starts_with("rest of the population") => ("", "", "not-15-24"),
        _ => return None,
    })
}

fn panel_target(title: &str, label: &str, index: usize) -> Target {
    let c = concept(title);
    if let Some((sex, area, age)) = disaggregation(label) {
        let (series, unit) = itu_code(&c)
            .map(|(s, u)| (s.to_string(), u.to_string()))
            .unwrap_or_else(|| (format!("itu_key.{}", slug(&c)), "percent".to_string()));
        return Target {
            series,
            unit,
            sex,
            area,
            age,
            scale: 1.0,
        };
    }
    // Two panels side by side: an absolute one (millions, exabytes, …) and
    // a relative one (per 100, percentage, per user).
    let relative = index > 0;
    match itu_code(&c) {
        Some((code, unit)) if relative => Target {
            series: code.to_string(),
            unit: unit.to_string(),
            sex: "",
            area: "",
            age: "",
            scale: 1.0,
        },
        _ if itu_count_code(&c, label).is_some() => Target {
            series: itu_count_code(&c, label).unwrap_or_default().to_string(),
            unit: "count".to_string(),
            sex: "",
            area: "",
            age: "",
            scale: 1e6,
        },
        _ => {
            let unit = if label.trim().is_empty() {
                "unknown".to_string()
            } else {
                slug(label)
            };
            Target {
                series: format!("itu_key.{}.{}", slug(&c), unit),
                unit,
                sex: "",
                area: "",
                age: "",
                scale: 1.0,
            }
        }
    }
}

/// Parse the aggregates workbook.
pub fn parse(label: &Path, bytes: &[u8]) -> Result<Parsed> {
    let mut wb = xlsx::open(label, bytes)?;
    let sheets = wb.sheet_names();
    // Groups and years label rows and panels, not columns: rejects name the
    // cell, and no field.
    let mut parsed = Parsed {
        columns: Columns::new("", "", ""),
        ..Parsed::default()
    };
    let mut panels_seen = 0usize;
    for sheet in &sheets {
        let grid = Grid::read(&mut wb, label, sheet)?;
        panels_seen += parse_sheet(label, &grid, &mut parsed)?;
    }
    if panels_seen == 0 {
        return Err(Error::input(
            Location::file(label),
            format!(
                "no row of years in any sheet ({}): this is not the layout of ITU's Key ICT indicators workbook",
                sheets.join(", ")
            ),
        ));
    }
    Ok(parsed)
}

fn parse_sheet(label: &Path, grid: &Grid, parsed: &mut Parsed) -> Result<usize> {
    let (Some(last_row), Some(last_col)) = (grid.last_row(), grid.last_col()) else {
        return Ok(0);
    };
    let sheet = grid.name.clone();
    // Panel labels by column, with the row they are on.
    let mut labels: BTreeMap<u32, (String, u32)> = BTreeMap::new();
    let mut panels: Vec<Panel> = Vec::new();
    let mut title = String::new();
    let mut title_row = 0u32;
    let mut panel_count = 0;
    for row in grid.first_row()..=last_row {
        let a = xlsx::text(grid.get(row, 0));
        let rest: Vec<(u32, &calamine::Data)> = (1..=last_col)
            .map(|c| (c, grid.get(row, c)))
            .filter(|(_, d)| !matches!(d, calamine::Data::Empty))
            .collect();
        if parsed.vintage.is_none() && a.starts_with("Version") {
            parsed.vintage = month_year(&a);
        }
        let years: Vec<(u32, i32)> = rest
            .iter()
            .filter_map(|(c, d)| xlsx::year(d).map(|y| (*c, y)))
            .collect();
        if years.len() >= 3 && years.len() == rest.len() {
            panels = split_panels(&years);
            check_years(label, &sheet, row, &panels)?;
            panel_count += panels.len();
            if !a.is_empty() && group_code(&a).is_none() {
                title = a;
                title_row = row;
            }
            continue;
        }
        // Mostly years, but not only: an edited header cell.
        if years.len() >= 3 && years.len() * 2 > rest.len() && group_code(&a).is_none() {
            let (col, cell) = rest
                .iter()
                .find(|(_, d)| xlsx::year(d).is_none())
                .map(|(c, d)| (*c, xlsx::text(d)))
                .unwrap_or_default();
            return Err(Error::input(
                Location::file(label).at_cell(xlsx::cell_ref(row, col)),
                format!(
                    "sheet '{sheet}': `{cell}` is not a year, in a row of {} years: the header was edited or the layout changed",
                    years.len()
                ),
            ));
        }
        let texts: Vec<(u32, String)> = rest
            .iter()
            .filter(|(_, d)| matches!(d, calamine::Data::String(_)))
            .map(|(c, d)| (*c, xlsx::text(d)))
            .collect();
        if group_code(&a).is_none() && !texts.is_empty() && texts.len() == rest.len() {
            // A full label row replaces the labels; a single label (ITU
            // relabels one panel, "Percentage") replaces only its own.
            if texts.len() > 1 {
                labels.clear();
            }
            for (c, t) in texts {
                labels.insert(c, (t, row));
            }
            if !a.is_empty() {
                title = a;
                title_row = row;
            }
            continue;
        }
        if rest.is_empty() {
            if !a.is_empty() {
                title = a;
                title_row = row;
            }
            continue;
        }
        // A row of values.
        if panels.is_empty() {
            return Err(Error::input(
                Location::file(label).at_cell(xlsx::cell_ref(row, 0)),
                format!(
                    "sheet '{sheet}': values in row {} come before any row of years: the layout changed",
                    row + 1
                ),
            ));
        }
        let geo = group_code(&a);
        if geo.is_some() && !known_block(&title) {
            return Err(Error::input(
                Location::file(label).at_cell(xlsx::cell_ref(title_row, 0)),
                format!(
                    "sheet '{sheet}': the block title `{}` over row {} is not one of the Key ICT indicators rbm knows: the layout changed",
                    title.replace('\n', " "),
                    row + 1
                ),
            ));
        }
        for (pi, panel) in panels.iter().enumerate() {
            let (panel_label, label_cell) = panel_label(&labels, panel);
            if geo.is_some() && !known_label(&panel_label) {
                let cell = label_cell
                    .map(|(r, c)| xlsx::cell_ref(r, c))
                    .unwrap_or_else(|| xlsx::cell_ref(row, panel.start));
                return Err(Error::input(
                    Location::file(label).at_cell(cell),
                    format!(
                        "sheet '{sheet}': the panel label `{}` is not one rbm knows (a unit such as Millions or Percentage, or Total, Female, Male, Urban, Rural, Youth): the layout changed",
                        panel_label.replace('\n', " ")
                    ),
                ));
            }
            let target = panel_target(&title, &panel_label, pi);
            for &(col, year) in &panel.years {
                let cell = grid.get(row, col);
                if matches!(cell, calamine::Data::Empty) {
                    continue;
                }
                parsed.read += 1;
                let position = Position::Cell {
                    sheet: sheet.clone(),
                    cell: xlsx::cell_ref(row, col),
                };
                let raw = xlsx::text(cell);
                let Some(geo) = geo else {
                    // A row of values with nothing in column A would
                    // otherwise read "`` is not a group rbm knows".
                    let reason = if a.is_empty() {
                        format!(
                            "column A is empty: no group names the values of row {}",
                            row + 1
                        )
                    } else {
                        format!("`{a}` is not a group rbm knows")
                    };
                    parsed
                        .reject(position, RejectKind::UnknownGroup, reason)
                        .row(&target.series, &a, &year.to_string(), &raw);
                    continue;
                };
                let value = match xlsx::number(cell) {
                    Some(v) => v,
                    None => match parse_number(&raw) {
                        Ok(v) => v,
                        Err((kind, reason)) => {
                            parsed.reject(position, kind, reason).row(
                                &target.series,
                                geo,
                                &year.to_string(),
                                &raw,
                            );
                            continue;
                        }
                    },
                };
                // Whole subscriptions: a million times a figure with one
                // decimal is a whole number, whatever binary makes of it.
                let value = if target.scale == 1.0 {
                    value
                } else {
                    (value * target.scale).round()
                };
                parsed.candidates.push(Candidate {
                    obs: Observation {
                        series: target.series.clone(),
                        geo: geo.to_string(),
                        year,
                        sex: target.sex.to_string(),
                        area: target.area.to_string(),
                        age: target.age.to_string(),
                        value,
                        unit: target.unit.clone(),
                        source: "ITU Key ICT indicators aggregates (Facts and Figures)".to_string(),
                        // "All data are ITU estimates", says every sheet.
                        estimate: true,
                        note: format!("{}: {}", sheet, title.replace('\n', " ")),
                        ..Observation::default()
                    },
                    position,
                });
            }
        }
        // Values outside every panel are not silently dropped.
        for (col, d) in &rest {
            let inside = panels.iter().any(|p| p.years.iter().any(|(c, _)| c == col));
            if !inside && xlsx::number(d).is_some() {
                parsed.read += 1;
                parsed
                    .reject(
                        Position::Cell {
                            sheet: sheet.clone(),
                            cell: xlsx::cell_ref(row, *col),
                        },
                        RejectKind::Malformed,
                        "a value in a column with no year above it",
                    )
                    .row("", &a, "", &xlsx::text(d));
            }
        }
    }
    Ok(panel_count)
}

/// Split a row of years into panels: a new panel starts where the years
/// stop increasing or a column is skipped.
fn split_panels(years: &[(u32, i32)]) -> Vec<Panel> {
    let mut panels: Vec<Panel> = Vec::new();
    for &(col, year) in years {
        match panels.last_mut() {
            Some(p)
                if p.years
                    .last()
                    .is_some_and(|&(c, y)| col == c + 1 && year > y) =>
            {
                p.years.push((col, year));
            }
            _ => panels.push(Panel {
                start: col,
                years: vec![(col, year)],
            }),
        }
    }
    panels
}

/// The label over a panel: at its first column, or the nearest label to
/// its left within the panel's reach; and its cell (row, column).
fn panel_label(
    labels: &BTreeMap<u32, (String, u32)>,
    panel: &Panel,
) -> (String, Option<(u32, u32)>) {
    let end = panel.years.last().map(|(c, _)| *c).unwrap_or(panel.start);
    labels
        .range(panel.start..=end)
        .next()
        .or_else(|| labels.range(..panel.start).next_back())
        .map(|(c, (l, r))| (l.clone(), Some((*r, *c))))
        .unwrap_or_default()
}

/// Within a panel, each year is one more than the year before: a gap or a
/// repeat is an edited header.
fn check_years(label: &Path, sheet: &str, row: u32, panels: &[Panel]) -> Result<()> {
    for p in panels {
        for w in p.years.windows(2) {
            let ((_, y0), (col, y1)) = (w[0], w[1]);
            if y1 != y0 + 1 {
                return Err(Error::input(
                    Location::file(label).at_cell(xlsx::cell_ref(row, col)),
                    format!(
                        "sheet '{sheet}': year {y1} follows {y0} in a row of years: the years of a panel go up one at a time, so the header was edited or the layout changed"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The blocks of the workbook that are not one of ITU's published series
/// (those [`itu_code`] maps), by the slug of their concept.
const OTHER_BLOCKS: [&str; 13] = [
    "active_mobile_broadband_subscriptions",
    "fixed_broadband_subscriptions",
    "fixed_broadband_traffic",
    "fixed_telephone_subscriptions",
    "individuals_owning_a_mobile_phone",
    "individuals_using_the_internet",
    "international_bandwidth_usage",
    "mobile_broadband_traffic",
    "mobile_cellular_telephone_subscriptions",
    "population_covered_by_a_mobile_cellular_network",
    "population_covered_by_at_least_a_3g_mobile_network",
    "population_covered_by_at_least_a_5g_mobile_network",
    "population_covered_by_at_least_an_lte",
];

/// True for a block title rbm knows what to file under.
fn known_block(title: &str) -> bool {
    let c = concept(title);
    itu_code(&c).is_some() || OTHER_BLOCKS.contains(&slug(&c).as_str())
}

/// The units panels are labelled with, as slugs.
const UNIT_LABELS: [&str; 7] = [
    "millions",
    "per_100_inhabitants",
    "percentage",
    "exabytes",
    "per_subscription_gb",
    "tbit_s",
    "per_internet_user_kbit_s",
];

/// True for a panel label rbm knows: a unit, or a disaggregation.
fn known_label(label: &str) -> bool {
    disaggregation(label).is_some() || UNIT_LABELS.contains(&slug(label).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_split_where_years_restart() {
        let years: Vec<(u32, i32)> = (1..=20)
            .map(|c| (c, 2004 + c as i32))
            .chain((22..=41).map(|c| (c, 1983 + c as i32)))
            .collect();
        let panels = split_panels(&years);
        assert_eq!(panels.len(), 2);
        assert_eq!(panels[1].start, 22);
        assert_eq!(panels[1].years[0], (22, 2005));
    }

    #[test]
    fn blocks_map_to_itu_codes_with_disaggregations() {
        let t = panel_target("Individuals using the Internet", "Per 100 inhabitants ", 1);
        assert_eq!((t.series.as_str(), t.unit.as_str()), ("i99H", "percent"));
        let t = panel_target("Individuals using the Internet(Millions)", "Millions", 0);
        assert_eq!(t.series, "itu_key.individuals_using_the_internet.millions");
        // Subscriptions in millions are the DataHub's country counts' totals.
        let t = panel_target("Fixed-broadband subscriptions", "Millions", 0);
        assert_eq!(
            (t.series.as_str(), t.unit.as_str(), t.scale),
            ("i4213tfbb", "count", 1e6)
        );
        let t = panel_target("Active mobile-broadband subscriptions", "Millions", 0);
        assert_eq!(t.series, "i271mw");
        let t = panel_target(
            "Active mobile-broadband subscriptions",
            "Per 100 inhabitants",
            1,
        );
        assert_eq!(t.series, "i911mw");
        let t = panel_target(
            "Percentage of individuals using the Internet, by gender",
            "Female",
            1,
        );
        assert_eq!((t.series.as_str(), t.sex), ("i99H", "F"));
        let t = panel_target(
            "Population covered by at least a 3G mobile network (%)",
            "Rural",
            2,
        );
        assert_eq!((t.series.as_str(), t.area), ("i271G", "rural"));
        let t = panel_target(
            "Percentage of individuals using the Internet, by age",
            "Youth \n(15-24)",
            1,
        );
        assert_eq!(t.age, "15-24");
        let t = panel_target(
            "Population covered by at least an LTE/WiMAX mobile network",
            "Per 100 inhabitants",
            1,
        );
        assert_eq!(t.series, "i271GA");
    }
}
