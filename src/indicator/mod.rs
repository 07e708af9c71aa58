//! Indicator definitions: the SMART description of what is measured, how,
//! and against which targets.
//!
//! [`registry`] loads `indicators/*.toml` into checked [`Indicator`]s and
//! collects every problem as a [`Finding`]; [`smart`] lints the definitions
//! against the SMART criteria, with the data when it is there. Nothing here
//! computes progress or reads observations.

pub mod definition;
pub mod finding;
pub mod framework;
pub mod registry;
pub mod smart;

use std::path::PathBuf;

use serde::Serialize;

pub use finding::{Criterion, Finding, Severity};
pub use registry::{Registry, load_dir};

/// The unit an indicator is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in percent, 0–100 (households, individuals, population).
    Percent,
    /// A price as a percentage of monthly GNI per capita; not a share, can
    /// exceed 100.
    PercentGniPc,
    /// A ratio of two values (parity scores).
    Ratio,
    /// Per 100 inhabitants.
    Per100,
    /// A count.
    Count,
}

impl Unit {
    /// Every unit, in the order the documentation lists them.
    pub const ALL: [Unit; 5] = [
        Unit::Percent,
        Unit::PercentGniPc,
        Unit::Ratio,
        Unit::Per100,
        Unit::Count,
    ];

    /// Parse the name used in definitions.
    pub fn parse(s: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// The name used in definitions and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::PercentGniPc => "percent_gni_pc",
            Unit::Ratio => "ratio",
            Unit::Per100 => "per_100",
            Unit::Count => "count",
        }
    }

    /// How a value is written for a reader: `67.4%`, `1.9% of GNI p.c.`.
    pub fn format(self, value: f64, decimals: usize) -> String {
        match self {
            Unit::Percent => format!("{value:.decimals$}%"),
            Unit::PercentGniPc => format!("{value:.decimals$}% of GNI p.c."),
            Unit::Ratio => format!("{value:.decimals$}"),
            Unit::Per100 => format!("{value:.decimals$} per 100"),
            Unit::Count => format!("{value:.decimals$}"),
        }
    }

    /// A very short label for narrow table columns.
    pub fn short(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PercentGniPc => "%GNIpc",
            Unit::Ratio => "ratio",
            Unit::Per100 => "/100",
            Unit::Count => "count",
        }
    }

    /// A short label for chart axes and table headers.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PercentGniPc => "% of monthly GNI per capita",
            Unit::Ratio => "ratio",
            Unit::Per100 => "per 100 inhabitants",
            Unit::Count => "count",
        }
    }

    /// Natural limits when a definition gives none.
    pub fn default_limits(self) -> (f64, f64) {
        match self {
            Unit::Percent => (0.0, 100.0),
            _ => (0.0, f64::INFINITY),
        }
    }
}

/// Which way is progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
    /// Inside a band is best (parity scores).
    Band,
}

impl Direction {
    /// Parse the name used in definitions.
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "increase" => Some(Direction::Increase),
            "decrease" => Some(Direction::Decrease),
            "band" => Some(Direction::Band),
            _ => None,
        }
    }

    /// An arrow for narrow table columns.
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::Increase => "↑",
            Direction::Decrease => "↓",
            Direction::Band => "band",
        }
    }

    /// The name used in definitions and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Band => "band",
        }
    }
}

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
    /// Factor applied after any ratio.
    pub scale: f64,
    /// First years of a new method.
    pub breaks: Vec<i32>,
}

impl SeriesSpec {
    /// Every series code the spec reads.
    pub fn codes(&self) -> Vec<&str> {
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
            Weight::Population => "population".to_string(),
            Weight::Households => "households".to_string(),
            Weight::Economies => "economies".to_string(),
            Weight::Series(code) => format!("series:{code}"),
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
}

impl Aggregation {
    /// Defaults: at least 60% of the weight covered, at most 30% imputed,
    /// values held for up to three years.
    pub fn new(method: AggregationMethod) -> Self {
        Aggregation {
            method,
            coverage: 0.6,
            max_imputed: 0.3,
            hold_years: 3,
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

/// `official`: the plan's own number; `derived`: rbm's quantification of a
/// qualitative target ("universal", "majority").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The number is the plan's.
    Official,
    /// The number is rbm's reading of words such as "universal".
    Derived,
}

impl Basis {
    /// The name used in definitions.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Official => "official",
            Basis::Derived => "derived",
        }
    }
}

/// A comparison for share-of-economies conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CmpOp {
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// Parse `<`, `<=`, `>`, `>=`.
    pub fn parse(s: &str) -> Option<CmpOp> {
        match s {
            "<" => Some(CmpOp::Lt),
            "<=" => Some(CmpOp::Le),
            ">" => Some(CmpOp::Gt),
            ">=" => Some(CmpOp::Ge),
            _ => None,
        }
    }

    /// The symbol.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether `a op b` holds.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

/// What a target asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TargetKind {
    /// Reach `value` by the target year.
    Level {
        /// The value.
        value: f64,
    },
    /// Be at or beyond `value` (in the indicator's direction) by the target
    /// year; a series already beyond it has achieved it.
    Threshold {
        /// The value.
        value: f64,
    },
    /// Change by `change_pct` percent from the baseline year's value.
    Relative {
        /// Signed percent change, −25 for "25% lower".
        change_pct: f64,
        /// The year the change is measured from.
        baseline_year: i32,
    },
    /// Reduce the difference between two groups by `reduction_pct` percent
    /// from the baseline year.
    Gap {
        /// Percent reduction of the gap.
        reduction_pct: f64,
        /// The year the gap is measured from.
        baseline_year: i32,
        /// The two groups: the difference is `first − second`.
        between: (String, String),
    },
    /// Keep a ratio within a band.
    Parity {
        /// Lower edge.
        low: f64,
        /// Upper edge.
        high: f64,
    },
    /// `share_pct` percent of the group's economies meet a condition.
    ShareOfEconomies {
        /// The share in percent.
        share_pct: f64,
        /// The condition.
        op: CmpOp,
        /// The value compared with.
        threshold: f64,
    },
}

impl TargetKind {
    /// The kind's name as written in definitions.
    pub fn name(&self) -> &'static str {
        match self {
            TargetKind::Level { .. } => "level",
            TargetKind::Threshold { .. } => "threshold",
            TargetKind::Relative { .. } => "relative",
            TargetKind::Gap { .. } => "gap",
            TargetKind::Parity { .. } => "parity",
            TargetKind::ShareOfEconomies { .. } => "share_of_economies",
        }
    }
}

/// A checked target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// `SP2030-1.3`, `C2023-2.2`.
    pub id: String,
    /// The plan's words.
    pub text: String,
    /// What it asks for.
    #[serde(flatten)]
    pub kind: TargetKind,
    /// Target year.
    pub year: i32,
    /// Group codes it applies to, in report order.
    pub groups: Vec<String>,
    /// Official or derived.
    pub basis: Basis,
    /// Where it comes from.
    pub source: String,
    /// A series other than the indicator's, if the target says so.
    #[serde(skip)]
    pub series: Option<SeriesSpec>,
    /// Line of the `[[target]]` table in its file.
    #[serde(skip)]
    pub line: Option<u64>,
}

impl Target {
    /// True for the 2030 targets, false for the 2023 ones.
    pub fn is_2030(&self) -> bool {
        self.id.starts_with("SP2030-")
    }

    /// A short statement of the target value: `100%`, `≤ 2%`, `−25% vs 2017`.
    pub fn describe(&self, unit: Unit, direction: Direction) -> String {
        match &self.kind {
            TargetKind::Level { value } => unit.format(*value, 0),
            TargetKind::Threshold { value } => {
                let sign = if direction == Direction::Decrease {
                    "≤"
                } else {
                    "≥"
                };
                format!("{sign} {}", unit.format(*value, 0))
            }
            TargetKind::Relative {
                change_pct,
                baseline_year,
            } => format!("{}% vs {baseline_year}", signed(*change_pct)),
            TargetKind::Gap {
                reduction_pct,
                baseline_year,
                ..
            } => format!("gap −{reduction_pct:.0}% vs {baseline_year}"),
            TargetKind::Parity { low, high } => format!("{low:.2}–{high:.2}"),
            TargetKind::ShareOfEconomies {
                share_pct,
                op,
                threshold,
            } => format!("{share_pct:.0}% of econ. {} {threshold}", op.as_str()),
        }
    }
}

/// A signed whole number with a typographic minus: `+30`, `−25`.
fn signed(v: f64) -> String {
    if v < 0.0 {
        format!("−{:.0}", -v)
    } else {
        format!("+{v:.0}")
    }
}

/// A checked indicator definition.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id, e.g. `households_internet`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What is measured.
    pub definition: String,
    /// Unit.
    pub unit: Unit,
    /// Which way is progress.
    pub direction: Direction,
    /// Lowest and highest possible values.
    pub natural_limits: (f64, f64),
    /// Strategic goal (1 or 2).
    pub goal: u8,
    /// Base year for progress.
    pub baseline_year: i32,
    /// Which series measures it; `None` when no series exists anywhere.
    pub series: Option<SeriesSpec>,
    /// How groups are computed from economies.
    pub aggregation: Aggregation,
    /// Disaggregations that exist.
    pub disaggregations: Vec<String>,
    /// Publication frequency.
    pub frequency: String,
    /// Data source in words.
    pub data_source: String,
    /// Custodian agency.
    pub custodian: String,
    /// Caveats.
    pub notes: String,
    /// Targets, 2030 first, then 2023, each in id order.
    pub targets: Vec<Target>,
    /// The file it was read from.
    #[serde(skip)]
    pub path: PathBuf,
}

impl Indicator {
    /// The 2030 target ids the indicator measures.
    pub fn targets_2030(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| t.is_2030())
    }

    /// The series a target is measured on.
    pub fn series_for<'a>(&'a self, target: &'a Target) -> Option<&'a SeriesSpec> {
        target.series.as_ref().or(self.series.as_ref())
    }
}
