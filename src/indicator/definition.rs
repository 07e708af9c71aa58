//! The indicator definition file format (`indicators/*.toml`) as written by
//! people: serde structures that accept exactly the documented fields and
//! reject every other one.
//!
//! This is the raw, unchecked shape. [`super::registry`] turns it into an
//! [`super::Indicator`] and reports every problem with file, line and field;
//! nothing here decides whether a definition makes sense.

use serde::Deserialize;
use toml::Spanned;

/// One indicator file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    /// Stable identifier, e.g. `households_internet`.
    pub id: Option<Spanned<String>>,
    /// Display name.
    pub name: Option<Spanned<String>>,
    /// What exactly is measured, in words.
    pub definition: Option<Spanned<String>>,
    /// Unit: `percent`, `percent_gni_pc`, `ratio`, `per_100`, `count`.
    pub unit: Option<Spanned<String>>,
    /// `increase`, `decrease` or `band`.
    pub direction: Option<Spanned<String>>,
    /// The lowest and highest values the indicator can take.
    pub natural_limits: Option<Spanned<[f64; 2]>>,
    /// Strategic goal of the plan (the `number` of a current goal of the
    /// framework). Required for an indicator of a 2030 target; for one of
    /// outcomes, outputs or 2023 targets only, where the chain tells.
    pub goal: Option<Spanned<i64>>,
    /// How often the data are published, e.g. `annual`.
    pub frequency: Option<String>,
    /// Where the data come from.
    pub data_source: Option<String>,
    /// The custodian agency.
    pub custodian: Option<String>,
    /// Where an officer checks the figure (publication, register, database).
    pub means_of_verification: Option<String>,
    /// The unit answerable for the result (a BDT department, a regional
    /// office).
    pub responsible_unit: Option<String>,
    /// Disaggregations that exist for the indicator (`sex`, `area`, `age`).
    #[serde(default)]
    pub disaggregations: Vec<String>,
    /// Free text for caveats.
    pub notes: Option<String>,
    /// The indicator this one is a breakdown of (its urban or rural part,
    /// a type of skill): it measures some of its parent's targets, with a
    /// status, chart and table of its own.
    pub breakdown_of: Option<Spanned<String>>,
    /// The base year of progress assessment.
    pub baseline: Option<Spanned<BaselineDef>>,
    /// Which ingested series measure the indicator.
    pub series: Option<Spanned<SeriesDef>>,
    /// How economies' values become a group's value.
    pub aggregation: Option<Spanned<AggregationDef>>,
    /// How progress is projected.
    pub progress: Option<Spanned<ProgressDef>>,
    /// The targets the indicator measures.
    #[serde(default)]
    pub target: Vec<Spanned<TargetDef>>,
}

/// `[progress]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressDef {
    /// The `trend` method's model for the indicator's own series, instead
    /// of the default by unit: `logit_linear`, `log_linear` or `linear`.
    pub model: Option<Spanned<String>>,
}

/// `[baseline]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineDef {
    /// Base year t₀ for progress (the first year with data at or after it).
    pub year: Option<Spanned<i64>>,
    /// The baseline value, when no series gives it (an output KPI's).
    pub value: Option<Spanned<f64>>,
}

/// A selection of one disaggregation of a series.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct DisaggregationDef {
    /// `F`, `M` or empty (both sexes).
    pub sex: String,
    /// `urban`, `rural` or empty (total).
    pub area: String,
    /// An age band such as `15-24`, or empty (all ages).
    pub age: String,
}

/// `[series]` or a target's `series`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SeriesDef {
    /// The series code in `datasets/observations.csv`, e.g. `xHH6_IDI`.
    pub code: Option<String>,
    /// Instead of `code`: series added together, key by key (fixed plus
    /// mobile broadband subscriptions); a year counts only where every
    /// one has a value.
    pub sum_of: Vec<String>,
    /// Disaggregation of the value (empty = total).
    pub sex: String,
    /// Area (empty = total).
    pub area: String,
    /// Age band (empty = all ages).
    pub age: String,
    /// For a ratio of two disaggregations (parity): the numerator.
    pub numerator: Option<DisaggregationDef>,
    /// For a ratio of two disaggregations (parity): the denominator.
    pub denominator: Option<DisaggregationDef>,
    /// Divide by another series with the same keys, e.g. subscriptions above
    /// 10 Mbit/s over all subscriptions.
    pub ratio_to: Option<String>,
    /// Multiply the value (after any ratio) by this factor.
    pub scale: Option<f64>,
    /// First years of a new method: values before and after a break are not
    /// comparable.
    pub breaks: Vec<i64>,
}

/// `[aggregation]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregationDef {
    /// `weighted_mean`, `median` or `sum`.
    pub method: Option<String>,
    /// For `weighted_mean`: `population`, `households`, or `economies`
    /// (every economy counts once).
    pub weight: Option<String>,
    /// Smallest share of the group's weight that must have data for a
    /// computed value to be published (0–1).
    pub coverage: Option<f64>,
    /// Largest share of the group's weight that may be imputed (filled past
    /// an economy's last or before its first observation), 0–1.
    pub max_imputed: Option<f64>,
    /// How many years past its last observation an economy's value is held.
    pub hold_years: Option<i64>,
    /// Smallest share of the group's weight whose members have an observed
    /// (not filled) value that year, for a computed value to be published
    /// (0–1): below it, the members holding most of the weight have no
    /// data.
    pub min_observed: Option<f64>,
}

/// One `[[target]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetDef {
    /// The framework item measured: `SP2030-1.3`, `C2023-2.2`, an outcome
    /// `D.7-b` or an output `D.2-4`.
    pub id: Option<Spanned<String>>,
    /// The target as the plan words it.
    pub text: Option<String>,
    /// `level`, `threshold`, `relative`, `gap`, `parity`,
    /// `share_of_economies`, `yearly`.
    pub kind: Option<Spanned<String>>,
    /// Level and threshold: the value in the indicator's unit. Relative: the
    /// change in percent from the baseline year (−25 = a quarter lower). Gap:
    /// the reduction of the gap in percent. Share of economies: the share in
    /// percent.
    pub value: Option<Spanned<f64>>,
    /// Target year.
    pub year: Option<Spanned<i64>>,
    /// Groups the target applies to: codes or `world`, `regions`,
    /// `development`, `all`.
    pub groups: Option<Spanned<Vec<String>>>,
    /// Groups shown beside the scored ones for context only: their
    /// members are counted and their values shown, but they get no status
    /// (target 1.2 is about developing countries; developed ones are
    /// context). Codes or selection words, as in `groups`.
    pub context: Option<Spanned<Vec<String>>>,
    /// `official` (the plan's own number) or `derived` (rbm's quantification).
    pub basis: Option<Spanned<String>>,
    /// Where the target comes from, in words.
    pub source: Option<String>,
    /// Relative and gap targets: the year the change is measured from.
    pub baseline_year: Option<Spanned<i64>>,
    /// Parity: the band, e.g. `[0.98, 1.02]`.
    pub band: Option<Spanned<[f64; 2]>>,
    /// Gap: the two groups whose difference must shrink.
    pub between: Option<Spanned<[String; 2]>>,
    /// Share of economies: the condition each economy must meet.
    pub condition: Option<Spanned<ConditionDef>>,
    /// Measure this target on another series than the indicator's.
    pub series: Option<Spanned<SeriesDef>>,
    /// Yearly targets: the value for each year (an output KPI, IPTT style).
    pub yearly: Option<Spanned<Vec<YearlyDef>>>,
    /// Yearly targets: `true` when each year's target and actual are
    /// running totals since the first year, `false` when each year stands
    /// alone.
    pub cumulative: Option<Spanned<bool>>,
}

/// One year's target of a yearly target: `{ year = 2025, value = 12 }`,
/// optionally for one group only (a regional office's own target).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearlyDef {
    /// The year.
    pub year: i64,
    /// The year's target, in the indicator's unit (a running total when
    /// the target is cumulative).
    pub value: f64,
    /// The group it is for; absent, every group of the target.
    pub group: Option<String>,
}

/// A share-of-economies condition: `{ op = "<=", value = 2.0 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    /// `<`, `<=`, `>`, `>=`.
    pub op: String,
    /// The value each economy is compared with.
    pub value: f64,
}
