//! Build the classification from its published inputs: ISO and M49 codes
//! with LDC, LLDC and SIDS flags (country-codes, 2026), the UN developed /
//! developing list (country-codes, 2020), ITU regions (2022), World Bank
//! population, and UN DESA average household size.
//!
//! Where a source is out of date or uses another code, the correction is
//! made here and written into the classification's notes, so that the
//! datasets say what was changed and why. Pure: takes bytes, returns data.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::model::{Classification, Economy, SizeBasis, WeightRow};
use crate::base::text::CsvText;
use crate::error::{Error, Location, Result};

/// One input file: where it was read from, and its bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The path, for messages.
    pub path: PathBuf,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The inputs, by role.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// ISO codes, M49, LDC/LLDC/SIDS flags, sub-regions (current).
    pub country_codes: InputFile,
    /// The UN developed/developing column (2020 vintage).
    pub developed: InputFile,
    /// ITU regions: `iso3, itu_country_name, itu_region`.
    pub itu_regions: InputFile,
    /// World Bank population: `Country Name, Country Code, Year, Value`.
    pub population: InputFile,
    /// UN DESA household size: `iso3, country, year, avg_household_size, …`.
    pub household_size: InputFile,
}

impl Inputs {
    /// The file names rbm expects under a folder laid out as
    /// `../shared/data/` is.
    pub const LAYOUT: [(&'static str, &'static str); 5] = [
        (
            "country_codes",
            "country-codes/country-codes_2026-05-15.csv",
        ),
        (
            "developed",
            "country-codes/country-codes_2020-10-15_with_developed_developing.csv",
        ),
        ("itu_regions", "classifications/itu_regions_2022.csv"),
        ("population", "population/population_wb_SP.POP.TOTL.csv"),
        (
            "household_size",
            "un-household-size/household_size_tidy.csv",
        ),
    ];
}

/// The year the membership lists hold for.
pub const AS_OF: i32 = 2025;
/// First and last year of the weights table.
pub const WEIGHT_YEARS: (i32, i32) = (1990, 2030);

/// An input's code as rbm writes it: the code it aliases, or itself.
fn canonical(code: &str) -> &str {
    ALIASES
        .iter()
        .find(|(from, _, _)| *from == code)
        .map(|(_, to, _)| *to)
        .unwrap_or(code)
}

/// Codes other sources use, mapped to the ISO code rbm uses.
const ALIASES: [(&str, &str, &str); 4] = [
    (
        "KSO",
        "XKX",
        "ITU writes Kosovo as KSO; the World Bank as XKX, which rbm uses",
    ),
    (
        "WBG",
        "PSE",
        "the ITU region list writes the State of Palestine as WBG; ISO 3166 and ITU data use PSE",
    ),
    (
        "AAA",
        "GGY",
        "the ITU DataHub writes Guernsey as AAA; ISO 3166 uses GGY",
    ),
    (
        "GBJ",
        "JEY",
        "the ITU DataHub writes Jersey as GBJ; ISO 3166 uses JEY",
    ),
];

fn region_code(name: &str) -> Option<&'static str> {
    Some(match name.trim() {
        "Africa" => "ITU_AFR",
        "The Americas" | "Americas" => "ITU_AMS",
        "Arab States" => "ITU_ARB",
        "Asia & Pacific" | "Asia-Pacific" => "ITU_ASP",
        "CIS" => "ITU_CIS",
        "Europe" => "ITU_EUR",
        _ => return None,
    })
}

/// What the classification's inputs always cover, at the least, well
/// below the published files (249 economies with an ISO code, 196 in ITU
/// regions, 217 with a World Bank population over 65 years, 187 with a UN
/// DESA household size) and far above what is left of one cut short.
pub const EXPECTED: Expected = Expected {
    economies: 200,
    in_regions: 150,
    with_population: 200,
    population_years: 30,
    with_household_size: 150,
};

/// Minimum coverage of the classification's inputs ([`EXPECTED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// Economies with an ISO code.
    pub economies: usize,
    /// Economies in an ITU region.
    pub in_regions: usize,
    /// Economies with a population.
    pub with_population: usize,
    /// Years of population.
    pub population_years: usize,
    /// Economies with a household size survey.
    pub with_household_size: usize,
}

/// A classification input that covers far less than its kind always does,
/// in words: the file, what it covers, and the first economies it lacks.
fn shortfall(file: &Path, what: &str, found: usize, expected: usize, missing: &[&str]) -> String {
    let shown: Vec<&str> = missing.iter().copied().take(10).collect();
    format!(
        "'{}' has {what} for {found} economies where the published file has it for more than {expected} (none for {}, such as {}): it looks cut short or is not the whole file",
        file.display(),
        missing.len(),
        shown.join(", ")
    )
}

/// Build the classification and weights, with the inputs that cover far
/// less than their kind always does ([`EXPECTED`]), each said in words:
/// the caller decides whether to go on.
pub fn build(inputs: &Inputs) -> Result<(Classification, Vec<String>)> {
    let mut shortfalls = Vec::new();
    let mut notes = Vec::new();
    let mut economies: BTreeMap<String, Economy> = BTreeMap::new();
    let mut subregion: BTreeMap<String, String> = BTreeMap::new();

    // ISO codes, M49, current LDC / LLDC / SIDS flags.
    let f = &inputs.country_codes;
    let csv = CsvText::open(&f.path, &f.bytes)?;
    let idx = csv.require(&[
        "ISO3166-1-Alpha-3",
        "M49",
        "CLDR display name",
        "Least Developed Countries (LDC)",
        "Land Locked Developing Countries (LLDC)",
        "Small Island Developing States (SIDS)",
        "Sub-region Name",
    ])?;
    for rec in csv.records()? {
        let r = &rec.fields;
        let iso = r.get(idx[0]).unwrap_or("").trim();
        if iso.is_empty() {
            continue;
        }
        let flag = |i: usize| r.get(idx[i]).is_some_and(|v| !v.trim().is_empty());
        economies.insert(
            iso.to_string(),
            Economy {
                iso3: iso.to_string(),
                name: r.get(idx[2]).unwrap_or(iso).trim().to_string(),
                m49: r.get(idx[1]).and_then(|m| m.trim().parse().ok()),
                itu_region: None,
                developed: None,
                ldc: flag(3),
                lldc: flag(4),
                sids: flag(5),
                income: None,
            },
        );
        subregion.insert(
            iso.to_string(),
            r.get(idx[6]).unwrap_or("").trim().to_string(),
        );
    }
    if economies.len() < 100 {
        return Err(Error::input(
            Location::file(&f.path),
            format!(
                "only {} economies with an ISO code: is this the country-codes file?",
                economies.len()
            ),
        ));
    }
    if economies.len() < EXPECTED.economies {
        shortfalls.push(format!(
            "'{}' has {} economies with an ISO code where the published file has more than {}: it looks cut short or is not the whole file",
            f.path.display(),
            economies.len(),
            EXPECTED.economies
        ));
    }
    // Kosovo has no ISO 3166 code; ITU and the World Bank both report it.
    economies.entry("XKX".to_string()).or_insert_with(|| {
        notes.push(
            "Kosovo added as XKX (no ISO 3166 code; ITU writes KSO, the World Bank XKX)."
                .to_string(),
        );
        // The UN's M49 code for Kosovo (under UNSC resolution 1244), used
        // by the SDG database.
        Economy::new("XKX", "Kosovo", Some(412))
    });
    subregion.insert("XKX".to_string(), "Southern Europe".to_string());
    // Out of date in the source: São Tomé and Príncipe graduated from the
    // LDC category on 13 December 2024 (UN General Assembly resolution 76/253).
    if let Some(stp) = economies.get_mut("STP")
        && stp.ldc
    {
        stp.ldc = false;
        notes.push(
            "São Tomé and Príncipe (STP) removed from the LDCs: it graduated on 13 December 2024; the country-codes file still flags it.".to_string(),
        );
    }

    // Developed / developing (UN M49, 2020, the last list with the column).
    let f = &inputs.developed;
    let csv = CsvText::open(&f.path, &f.bytes)?;
    let idx = csv.require(&["ISO3166-1-Alpha-3", "Developed / Developing Countries"])?;
    for rec in csv.records()? {
        let r = &rec.fields;
        let iso = r.get(idx[0]).unwrap_or("").trim();
        let dev = r.get(idx[1]).unwrap_or("").trim();
        if let Some(e) = economies.get_mut(iso) {
            e.developed = match dev {
                "Developed" => Some(true),
                "Developing" => Some(false),
                _ => None,
            };
        }
    }

    // ITU regions.
    let f = &inputs.itu_regions;
    let csv = CsvText::open(&f.path, &f.bytes)?;
    let idx = csv.require(&["iso3", "itu_region"])?;
    for rec in csv.records()? {
        let r = &rec.fields;
        let raw = r.get(idx[0]).unwrap_or("").trim();
        let iso = canonical(raw);
        let region = r.get(idx[1]).unwrap_or("").trim();
        let Some(code) = region_code(region) else {
            return Err(Error::input(
                Location::file(&f.path)
                    .at_line(rec.line)
                    .field("itu_region"),
                format!("unknown ITU region `{region}`"),
            ));
        };
        match economies.get_mut(iso) {
            Some(e) => e.itu_region = Some(code.to_string()),
            None => notes.push(format!(
                "ITU region list: code `{raw}` is not an ISO 3166 economy; left unmapped."
            )),
        }
    }

    let in_regions = economies
        .values()
        .filter(|e| e.itu_region.is_some())
        .count();
    if in_regions < EXPECTED.in_regions {
        let missing: Vec<&str> = economies
            .values()
            .filter(|e| e.itu_region.is_none())
            .map(|e| e.iso3.as_str())
            .collect();
        shortfalls.push(shortfall(
            &f.path,
            "an ITU region",
            in_regions,
            EXPECTED.in_regions,
            &missing,
        ));
    }

    let mut aliases = BTreeMap::new();
    for (from, to, why) in ALIASES {
        aliases.insert(from.to_string(), to.to_string());
        notes.push(format!("Code {from} read as {to}: {why}."));
    }

    // Population.
    let mut population: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    let f = &inputs.population;
    let csv = CsvText::open(&f.path, &f.bytes)?;
    let idx = csv.require(&["Country Code", "Year", "Value"])?;
    for rec in csv.records()? {
        let r = &rec.fields;
        let code = r.get(idx[0]).unwrap_or("").trim();
        if !economies.contains_key(code) {
            continue;
        }
        let (Ok(year), Ok(value)) = (
            r.get(idx[1]).unwrap_or("").trim().parse::<i32>(),
            r.get(idx[2]).unwrap_or("").trim().parse::<f64>(),
        ) else {
            continue;
        };
        if value > 0.0 {
            population
                .entry(code.to_string())
                .or_default()
                .insert(year, value);
        }
    }
    let without_population: Vec<&str> = economies
        .keys()
        .filter(|k| !population.contains_key(*k))
        .map(String::as_str)
        .collect();
    if population.len() < EXPECTED.with_population {
        shortfalls.push(shortfall(
            &f.path,
            "a population",
            population.len(),
            EXPECTED.with_population,
            &without_population,
        ));
    }
    let population_years: BTreeSet<i32> = population
        .values()
        .flat_map(|p| p.keys().copied())
        .collect();
    if population_years.len() < EXPECTED.population_years {
        shortfalls.push(format!(
            "'{}' has a population for {} years where the published file has it for more than {}: it looks cut short or is not the whole file",
            f.path.display(),
            population_years.len(),
            EXPECTED.population_years
        ));
    }
    notes.push(format!(
        "No World Bank population for {} economies, which therefore carry no weight in weighted aggregates: {}.",
        without_population.len(),
        without_population.join(" ")
    ));

    // Household size: mean of sources per year, then interpolated.
    let mut surveys: BTreeMap<String, BTreeMap<i32, Vec<f64>>> = BTreeMap::new();
    let f = &inputs.household_size;
    let csv = CsvText::open(&f.path, &f.bytes)?;
    let idx = csv.require(&["iso3", "year", "avg_household_size"])?;
    for rec in csv.records()? {
        let r = &rec.fields;
        let iso = canonical(r.get(idx[0]).unwrap_or("").trim());
        let (Ok(year), Ok(size)) = (
            r.get(idx[1]).unwrap_or("").trim().parse::<i32>(),
            r.get(idx[2]).unwrap_or("").trim().parse::<f64>(),
        ) else {
            continue;
        };
        if size > 0.5 && size < 20.0 && economies.contains_key(iso) {
            surveys
                .entry(iso.to_string())
                .or_default()
                .entry(year)
                .or_default()
                .push(size);
        }
    }
    let surveys: BTreeMap<String, Vec<(i32, f64)>> = surveys
        .into_iter()
        .map(|(k, v)| {
            let points = v
                .into_iter()
                .map(|(y, s)| (y, s.iter().sum::<f64>() / s.len() as f64))
                .collect();
            (k, points)
        })
        .collect();

    let (first, last) = WEIGHT_YEARS;
    let mut sizes: BTreeMap<(String, i32), (f64, SizeBasis)> = BTreeMap::new();
    for (iso, points) in &surveys {
        for year in first..=last {
            sizes.insert((iso.clone(), year), household_size_at(points, year));
        }
    }
    // Fallback for economies with no survey: the median of their UN
    // sub-region's economies with one, in the same year; else of all.
    let mut no_survey = Vec::new();
    for iso in economies.keys() {
        if surveys.contains_key(iso) {
            continue;
        }
        no_survey.push(iso.as_str());
        let region = subregion.get(iso).cloned().unwrap_or_default();
        for year in first..=last {
            let peers: Vec<f64> = surveys
                .keys()
                .filter(|p| subregion.get(*p).is_some_and(|r| *r == region) && !region.is_empty())
                .filter_map(|p| sizes.get(&(p.clone(), year)).map(|(s, _)| *s))
                .collect();
            let pool = if peers.is_empty() {
                surveys
                    .keys()
                    .filter_map(|p| sizes.get(&(p.clone(), year)).map(|(s, _)| *s))
                    .collect()
            } else {
                peers
            };
            if let Some(m) = median(pool) {
                sizes.insert((iso.clone(), year), (m, SizeBasis::Fallback));
            }
        }
    }
    if surveys.len() < EXPECTED.with_household_size {
        shortfalls.push(shortfall(
            &inputs.household_size.path,
            "a household size",
            surveys.len(),
            EXPECTED.with_household_size,
            &no_survey,
        ));
    }
    notes.push(format!(
        "No UN DESA household size for {} economies: their sub-region's median is used ({}).",
        no_survey.len(),
        no_survey.join(" ")
    ));

    let mut weights = BTreeMap::new();
    for (iso, pops) in &population {
        let Some((&last_year, &last_pop)) = pops.iter().next_back() else {
            continue;
        };
        for year in first..=last {
            let (pop, held) = match pops.get(&year) {
                Some(p) => (*p, false),
                None if year > last_year => (last_pop, true),
                None => continue,
            };
            let size = sizes.get(&(iso.clone(), year));
            weights.insert(
                (iso.clone(), year),
                WeightRow {
                    population: pop,
                    population_held: held,
                    household_size: size.map(|(s, _)| *s),
                    size_basis: size.map(|(_, b)| *b),
                },
            );
        }
    }
    let latest_pop = population
        .values()
        .filter_map(|p| p.keys().next_back())
        .max()
        .copied()
        .unwrap_or(0);
    notes.push(format!(
        "Population after {latest_pop} is not published yet: each economy's latest population is held forward (marked held)."
    ));
    notes.push("Income group membership is not among the inputs: income-group values are published aggregates only.".to_string());

    let mut c = Classification::default();
    c.as_of = AS_OF;
    c.economies = economies;
    c.aliases = aliases;
    c.weights = weights;
    c.notes = notes;
    c.index();
    Ok((c, shortfalls))
}

/// Household size in a year from survey points (sorted by year): the
/// survey's value, linear between two surveys, or the nearest survey's
/// value beyond them.
pub fn household_size_at(points: &[(i32, f64)], year: i32) -> (f64, SizeBasis) {
    match points.binary_search_by_key(&year, |(y, _)| *y) {
        Ok(i) => (points[i].1, SizeBasis::Survey),
        Err(0) => (points[0].1, SizeBasis::Held),
        Err(i) if i == points.len() => (points[i - 1].1, SizeBasis::Held),
        Err(i) => {
            let (y0, s0) = points[i - 1];
            let (y1, s1) = points[i];
            let t = f64::from(year - y0) / f64::from(y1 - y0);
            (s0 + t * (s1 - s0), SizeBasis::Interpolated)
        }
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Read the inputs from a folder laid out as `../shared/data/` is.
pub fn input_paths(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    Inputs::LAYOUT
        .iter()
        .map(|(role, rel)| (*role, dir.join(rel)))
        .collect()
}

/// Economies that are in the classification but in no ITU region, for the
/// record.
pub fn without_region(c: &Classification) -> BTreeSet<String> {
    c.economies
        .values()
        .filter(|e| e.itu_region.is_none())
        .map(|e| e.iso3.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn household_size_interpolates_between_surveys_and_holds_beyond() {
        // China-like: surveys in 1990 (3.96) and 2000 (3.38), none after.
        let points = [(1990, 3.96), (2000, 3.38)];
        assert_eq!(household_size_at(&points, 1990), (3.96, SizeBasis::Survey));
        let (s, b) = household_size_at(&points, 1995);
        // Halfway: (3.96 + 3.38) / 2 = 3.67.
        assert!((s - 3.67).abs() < 1e-12, "{s}");
        assert_eq!(b, SizeBasis::Interpolated);
        assert_eq!(household_size_at(&points, 2020), (3.38, SizeBasis::Held));
        assert_eq!(household_size_at(&points, 1985), (3.96, SizeBasis::Held));
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
