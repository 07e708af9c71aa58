//! How an indicator reads its values ([`SeriesSpec`]: which series, which
//! disaggregation, ratios and breaks) and how economies' values become a
//! group's ([`Aggregation`]).

use serde::Serialize;

use super::vocab::{Rule, WeightKind};
use crate::base::Vocabulary;

/// One disaggregation of a series: sex, area, age (empty = total).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Disaggregation {
    /// `F`, `M` or empty.
    pub sex: String,
    /// `urban`, `rural` or empty.
    pub area: String,
    /// Age band or empty.
    pub age: String,
}

impl Disaggregation {
    /// The total: no disaggregation.
    pub fn total() -> Self {
        Disaggregation::default()
    }

    /// True for the total.
    pub fn is_total(&self) -> bool {
        self.sex.is_empty() && self.area.is_empty() && self.age.is_empty()
    }

    /// A short description: `sex=F`, `area=rural`, or `total`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.sex.is_empty() {
            parts.push(format!("sex={}", self.sex));
        }
        if !self.area.is_empty() {
            parts.push(format!("area={}", self.area));
        }
        if !self.age.is_empty() {
            parts.push(format!("age={}", self.age));
        }
        if parts.is_empty() {
            "total".to_string()
        } else {
            parts.join(",")
        }
    }
}

/// How an indicator's value is read from the observations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesSpec {
    /// Series code in the observation table.
    pub code: String,
    /// Which disaggregation (for a plain value).
    pub select: Disaggregation,
    /// A ratio of two disaggregations of the series, e.g. female over male.
    pub parity: Option<(Disaggregation, Disaggregation)>,
    /// A ratio to another series with the same keys.
    pub ratio_to: Option<String>,
    /// Series added together key by key (`code` is the first of them); a
    /// year counts only where every one has a value. Empty: `code` alone.
    pub sum_of: Vec<String>,
    /// Factor applied after any ratio or sum.
    pub scale: f64,
    /// First years of a new method.
    pub breaks: Vec<i32>,
}

impl SeriesSpec {
    /// Every series code the spec reads.
    pub fn codes(&self) -> Vec<&str> {
        if !self.sum_of.is_empty() {
            return self.sum_of.iter().map(String::as_str).collect();
        }
        let mut codes = vec![self.code.as_str()];
        if let Some(other) = &self.ratio_to {
            codes.push(other.as_str());
        }
        codes
    }

    /// The comparable segment a year belongs to: the number of breaks at or
    /// before it. Two years can be compared only if their segments match.
    pub fn segment(&self, year: i32) -> usize {
        self.breaks.iter().filter(|b| **b <= year).count()
    }
}

/// What an aggregate weights economies by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// People: for "% of individuals" and "% of population" indicators.
    Population,
    /// Households (population ÷ average household size): for "% of
    /// households" indicators.
    Households,
    /// Each economy once.
    Economies,
    /// Another series' values, e.g. e-waste generated for a recycling rate
    /// (which makes the weighted mean a ratio of sums). Written
    /// `series:<code>` in definitions.
    Series(String),
}

impl Weight {
    /// The name used in definitions.
    pub fn as_str(&self) -> String {
        match self {
            Weight::Series(code) => format!("series:{code}"),
            other => other.kind().as_str().to_string(),
        }
    }

    /// Its kind, by name.
    pub fn kind(&self) -> WeightKind {
        match self {
            Weight::Population => WeightKind::Population,
            Weight::Households => WeightKind::Households,
            Weight::Economies => WeightKind::Economies,
            Weight::Series(_) => WeightKind::Series,
        }
    }

    /// Parse `population`, `households`, `economies` or `series:<code>`;
    /// the error says what is expected.
    pub fn parse(word: &str) -> Result<Weight, String> {
        if let Some(code) = word.strip_prefix("series:") {
            return if code.trim().is_empty() {
                Err("a `series:` weight needs the series code after the colon".to_string())
            } else {
                Ok(Weight::Series(code.to_string()))
            };
        }
        match WeightKind::parse(word) {
            Some(WeightKind::Population) => Ok(Weight::Population),
            Some(WeightKind::Households) => Ok(Weight::Households),
            Some(WeightKind::Economies) => Ok(Weight::Economies),
            Some(WeightKind::Series) | None => Err(WeightKind::unknown(word)),
        }
    }
}

/// How economies' values become a group's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum AggregationMethod {
    /// Σ wᵢ·yᵢ / Σ wᵢ.
    WeightedMean {
        /// The weight.
        weight: Weight,
    },
    /// The median over economies.
    Median,
    /// The sum over economies.
    Sum,
}

impl AggregationMethod {
    /// The rule, by name.
    pub fn rule(&self) -> Rule {
        match self {
            AggregationMethod::WeightedMean { .. } => Rule::WeightedMean,
            AggregationMethod::Median => Rule::Median,
            AggregationMethod::Sum => Rule::Sum,
        }
    }
}

/// The aggregation rule of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregation {
    /// The method.
    #[serde(flatten)]
    pub method: AggregationMethod,
    /// Smallest share of the group's weight with data (observed or
    /// interpolated or held) for a computed value to be published.
    pub coverage: f64,
    /// Largest share of the group's weight that may be imputed.
    pub max_imputed: f64,
    /// Years past an economy's last observation its value is held.
    pub hold_years: i32,
    /// Smallest share of the group's weight with an observed (not filled)
    /// value that year for a computed value to be published.
    pub min_observed: f64,
}

impl Aggregation {
    /// Defaults: at least 60% of the weight covered, at most 30% imputed,
    /// values held for up to three years, and members with an observed
    /// value holding at least half of the weight.
    pub fn new(method: AggregationMethod) -> Self {
        Aggregation {
            method,
            coverage: 0.6,
            max_imputed: 0.3,
            hold_years: 3,
            min_observed: 0.5,
        }
    }

    /// A short description for tables and the methodology.
    pub fn describe(&self) -> String {
        match &self.method {
            AggregationMethod::WeightedMean {
                weight: Weight::Series(code),
            } => {
                format!("mean weighted by series {code}")
            }
            AggregationMethod::WeightedMean { weight } => {
                format!("mean weighted by {}", weight.as_str())
            }
            AggregationMethod::Median => "median over economies".to_string(),
            AggregationMethod::Sum => "sum over economies".to_string(),
        }
    }
}
