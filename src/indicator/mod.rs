//! Indicator definitions: the SMART description of what is measured, how,
//! and against which targets.
//!
//! [`framework`] loads the results framework (`indicators/framework/`),
//! whose items the definitions' targets name; [`registry`] loads
//! `indicators/*.toml` and [`check`] turns each file into a checked
//! [`Indicator`], collecting every problem as a [`Finding`];
//! [`smart`] lints the definitions against the SMART criteria, with the
//! data when it is there. The closed lists of the files are in [`vocab`],
//! the target kinds and the fields each takes in [`target`]. Nothing here
//! computes progress or reads observations.

pub mod check;
pub mod definition;
pub mod finding;
pub mod framework;
pub mod registry;
pub mod series;
pub mod smart;
pub mod target;
pub mod vocab;

use std::path::PathBuf;

use serde::Serialize;

pub use finding::{Criterion, Finding, Severity};
pub use registry::{Registry, load_dir};
pub use series::{Aggregation, AggregationMethod, Disaggregation, SeriesSpec, Weight};
pub use target::{Target, TargetKind, YearTarget};
pub use vocab::{Basis, CmpOp, Direction, Kind, Symbol, TrendModel, Unit};

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
    /// Strategic goal: the number of a current goal of the framework;
    /// `None` for an indicator of outcomes or outputs whose chain names no
    /// one goal.
    pub goal: Option<u8>,
    /// Base year for progress.
    pub baseline_year: i32,
    /// The baseline value, when the definition gives one (a KPI's).
    pub baseline_value: Option<f64>,
    /// Which series measures it; `None` when no series exists anywhere.
    pub series: Option<SeriesSpec>,
    /// How groups are computed from economies.
    pub aggregation: Aggregation,
    /// The `trend` method's model for the indicator's own series, when the
    /// definition chooses one (`[progress] model`); `None`: by unit.
    pub model: Option<TrendModel>,
    /// Disaggregations that exist.
    pub disaggregations: Vec<String>,
    /// Publication frequency.
    pub frequency: String,
    /// Data source in words.
    pub data_source: String,
    /// Custodian agency.
    pub custodian: String,
    /// Where an officer checks the figure.
    pub means_of_verification: String,
    /// The unit answerable for the result.
    pub responsible_unit: String,
    /// Caveats.
    pub notes: String,
    /// The indicator this one is a breakdown of, when it is one: a target's
    /// headline status is read from its indicators, not their breakdowns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown_of: Option<String>,
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
