//! The classification as data: every economy with its ITU region,
//! development level and income group, the codes other sources use for it,
//! and the weights by year (population, households).
//!
//! Composition is fixed: membership holds for the year the classification
//! is as of, and applies to every year of a series, as ITU's own aggregates
//! do, so that a group's value does not move because its list changed.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::group::{self, GroupKind};

/// One economy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Economy {
    /// ISO 3166 alpha-3 code (`XKX` for Kosovo).
    pub iso3: String,
    /// Short name.
    pub name: String,
    /// UN M49 numeric code.
    pub m49: Option<u16>,
    /// ITU region code (`ITU_AFR` …), for ITU member economies.
    pub itu_region: Option<String>,
    /// Developed (true) or developing (false) in the UN M49 list of 2020.
    pub developed: Option<bool>,
    /// Least developed country.
    pub ldc: bool,
    /// Landlocked developing country.
    pub lldc: bool,
    /// Small island developing State.
    pub sids: bool,
    /// World Bank income group code, where known.
    pub income: Option<String>,
}

impl Economy {
    /// An economy in no group yet: no ITU region, development level,
    /// special group or income group.
    pub fn new(iso3: &str, name: &str, m49: Option<u16>) -> Self {
        Economy {
            iso3: iso3.to_string(),
            name: name.to_string(),
            m49,
            itu_region: None,
            developed: None,
            ldc: false,
            lldc: false,
            sids: false,
            income: None,
        }
    }

    /// The group codes the economy belongs to, World first.
    pub fn groups(&self) -> Vec<&str> {
        let mut out = vec!["WLD"];
        if let Some(r) = &self.itu_region {
            out.push(r.as_str());
        }
        match self.developed {
            Some(true) => out.push("DEVELOPED"),
            Some(false) => out.push("DEVELOPING"),
            None => {}
        }
        if self.ldc {
            out.push("LDC");
        }
        if self.lldc {
            out.push("LLDC");
        }
        if self.sids {
            out.push("SIDS");
        }
        if let Some(i) = &self.income {
            out.push(i.as_str());
        }
        out
    }

    /// True when the economy is a member of the group.
    pub fn is_member(&self, group: &str) -> bool {
        self.groups().contains(&group)
    }
}

/// How a year's household size was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBasis {
    /// A survey or census in that year (the mean where two sources give one).
    Survey,
    /// Linear between the surveys before and after.
    Interpolated,
    /// The nearest survey's value, before the first or after the last.
    Held,
    /// No survey for the economy: the median of its UN sub-region's
    /// economies (or of all economies), in that year.
    Fallback,
}

impl SizeBasis {
    /// The word in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeBasis::Survey => "survey",
            SizeBasis::Interpolated => "interpolated",
            SizeBasis::Held => "held",
            SizeBasis::Fallback => "fallback",
        }
    }

    /// Parse the CSV word.
    pub fn parse(s: &str) -> Option<SizeBasis> {
        match s {
            "survey" => Some(SizeBasis::Survey),
            "interpolated" => Some(SizeBasis::Interpolated),
            "held" => Some(SizeBasis::Held),
            "fallback" => Some(SizeBasis::Fallback),
            _ => None,
        }
    }
}

/// An economy's weights in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightRow {
    /// Population.
    pub population: f64,
    /// True when the population is the latest published one held forward.
    pub population_held: bool,
    /// Average household size.
    pub household_size: Option<f64>,
    /// How the household size was obtained.
    pub size_basis: Option<SizeBasis>,
}

impl WeightRow {
    /// Number of households: population ÷ average household size.
    pub fn households(&self) -> Option<f64> {
        self.household_size
            .filter(|s| *s > 0.0)
            .map(|s| self.population / s)
    }
}

/// Why a geo code does not resolve to an economy or a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// Not an economy rbm classifies.
    Economy,
    /// An aggregate that is not one of rbm's groups.
    Group,
    /// No code at all.
    Empty,
}

/// Economies, their groups, the codes that map to them, and their weights.
#[derive(Debug, Clone, Default)]
pub struct Classification {
    /// The year membership holds for.
    pub as_of: i32,
    /// Economies by ISO3 code.
    pub economies: BTreeMap<String, Economy>,
    /// Other codes for the same economy, as other sources write them:
    /// `KSO` and `XKX` → `XKX`, `WBG` → `PSE`, `AAA` → `GGY`.
    pub aliases: BTreeMap<String, String>,
    /// (economy, year) → weights.
    pub weights: BTreeMap<(String, i32), WeightRow>,
    /// Corrections made to out-of-date sources, and codes left unmapped.
    pub notes: Vec<String>,
    m49: HashMap<u16, String>,
}

/// M49 codes of the SDG aggregates that are rbm groups.
const M49_GROUPS: [(u16, &str); 4] = [(1, "WLD"), (199, "LDC"), (432, "LLDC"), (722, "SIDS")];

impl Classification {
    /// Build the lookup tables after the economies are set.
    pub fn index(&mut self) {
        self.m49 = self
            .economies
            .values()
            .filter_map(|e| e.m49.map(|m| (m, e.iso3.clone())))
            .collect();
    }

    /// The economies in a group, in code order.
    pub fn members(&self, group: &str) -> Vec<&Economy> {
        self.economies
            .values()
            .filter(|e| e.is_member(group))
            .collect()
    }

    /// The weights of an economy in a year.
    pub fn weight(&self, iso3: &str, year: i32) -> Option<&WeightRow> {
        self.weights.get(&(iso3.to_string(), year))
    }

    /// The name of an economy or group code.
    pub fn name(&self, code: &str) -> String {
        if let Some(g) = group::group(code) {
            return g.name.to_string();
        }
        self.economies
            .get(code)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// The kind of a code: a group's kind, or economy.
    pub fn kind(&self, code: &str) -> GroupKind {
        group::group(code)
            .map(|g| g.kind)
            .unwrap_or(GroupKind::Economy)
    }

    /// Resolve a geo as a parser wrote it to an economy or group code:
    /// plain codes (with aliases), `M49:<n>`, `WB:<code>`, `OWID:<code>`,
    /// `NAME:<group name>`.
    pub fn resolve(&self, raw: &str) -> Result<String, (Unresolved, String)> {
        let raw = raw.trim();
        if let Some(n) = raw.strip_prefix("M49:") {
            let Ok(code) = n.parse::<u16>() else {
                return Err((
                    Unresolved::Economy,
                    format!("M49 code `{n}` is not a number"),
                ));
            };
            if let Some((_, g)) = M49_GROUPS.iter().find(|(m, _)| *m == code) {
                return Ok(g.to_string());
            }
            return match self.m49.get(&code) {
                Some(iso) => Ok(iso.clone()),
                None => Err((
                    Unresolved::Group,
                    format!(
                        "M49 area {code} is neither an economy nor one of rbm's groups (an SDG regional aggregate)"
                    ),
                )),
            };
        }
        if let Some(name) = raw.strip_prefix("NAME:") {
            let code = match name {
                "World" => Some("WLD"),
                "High-income countries" | "High income" => Some("HIC"),
                "Low-income countries" | "Low income" => Some("LIC"),
                "Lower-middle-income countries" | "Lower middle income" => Some("LMC"),
                "Upper-middle-income countries" | "Upper middle income" => Some("UMC"),
                _ => None,
            };
            return code.map(String::from).ok_or_else(|| {
                (
                    Unresolved::Group,
                    format!("`{name}` has no code and is not one of rbm's groups by name"),
                )
            });
        }
        let (source, code) = if let Some(c) = raw.strip_prefix("WB:") {
            ("World Bank", c)
        } else if let Some(c) = raw.strip_prefix("OWID:") {
            ("Our World in Data", c)
        } else {
            ("", raw)
        };
        if code.is_empty() {
            return Err((Unresolved::Empty, "economy code is empty".to_string()));
        }
        let code = match code {
            "OWID_WRL" => "WLD",
            "OWID_KOS" => "XKX",
            "OWID_HIC" => "HIC",
            "OWID_UMC" => "UMC",
            "OWID_LMC" => "LMC",
            "OWID_LIC" => "LIC",
            c => c,
        };
        let code = self.aliases.get(code).map(String::as_str).unwrap_or(code);
        if self.economies.contains_key(code) {
            return Ok(code.to_string());
        }
        // Group codes are rbm's own; other sources' aggregates (World Bank
        // regions, OWID continents) that share no meaning are rejected.
        if let Some(g) = group::group(code) {
            let shared =
                source.is_empty() || matches!(code, "WLD" | "LIC" | "LMC" | "UMC" | "HIC" | "LDC");
            if shared {
                return Ok(g.code.to_string());
            }
        }
        let whose = if source.is_empty() {
            String::new()
        } else {
            format!("{source} ")
        };
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && !source.is_empty() {
            return Err((
                Unresolved::Group,
                format!(
                    "{whose}code `{code}` is neither an economy rbm classifies nor one of its groups (a regional or income aggregate)"
                ),
            ));
        }
        Err((
            Unresolved::Economy,
            format!(
                "{whose}code `{code}` is not an economy rbm classifies (no ISO 3166 code, no classification)"
            ),
        ))
    }
}
