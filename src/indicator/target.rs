//! Targets: what each kind asks for ([`TargetKind`]), the checked
//! [`Target`], and the table of which fields of a `[[target]]` each kind
//! takes ([`KIND_FIELDS`]), which the definition checker applies.
//!
//! A target names the framework item it measures: a 2030 or 2023 target,
//! an outcome or an output ([`Target::level`]).

use serde::Serialize;

use super::finding::Criterion;
use super::framework::ItemKind;
use super::series::SeriesSpec;
use super::vocab::{Basis, CmpOp, Direction, Kind, Symbol, Unit};
use crate::base::vocab::vocabulary;

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
    /// A target for each year (an output KPI, as in an Indicator
    /// Performance Tracking Table).
    Yearly {
        /// The years' targets, in year order.
        years: Vec<YearTarget>,
        /// Each year's target and actual are running totals since the
        /// first year (`false`: each year on its own).
        cumulative: bool,
    },
}

/// One year's target of a [`TargetKind::Yearly`] target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTarget {
    /// The year.
    pub year: i32,
    /// The target value (a running total when cumulative).
    pub value: f64,
    /// The group it is for; `None` for every group of the target.
    pub group: Option<String>,
}

impl TargetKind {
    /// A yearly target's value for a group and year: the group's own, else
    /// the one for every group.
    pub fn year_value(&self, group: &str, year: i32) -> Option<f64> {
        let TargetKind::Yearly { years, .. } = self else {
            return None;
        };
        let of = |g: Option<&str>| {
            years
                .iter()
                .find(|y| y.year == year && y.group.as_deref() == g)
                .map(|y| y.value)
        };
        of(Some(group)).or_else(|| of(None))
    }

    /// A yearly target's (year, value) for a group, in year order.
    pub fn years_for(&self, group: &str) -> Vec<(i32, f64)> {
        let TargetKind::Yearly { years, .. } = self else {
            return Vec::new();
        };
        let mut ys: Vec<i32> = years
            .iter()
            .filter(|y| y.group.as_deref().is_none_or(|g| g == group))
            .map(|y| y.year)
            .collect();
        ys.sort_unstable();
        ys.dedup();
        ys.into_iter()
            .filter_map(|y| Some((y, self.year_value(group, y)?)))
            .collect()
    }
}

impl TargetKind {
    /// The kind, by name.
    pub fn kind(&self) -> Kind {
        match self {
            TargetKind::Level { .. } => Kind::Level,
            TargetKind::Threshold { .. } => Kind::Threshold,
            TargetKind::Relative { .. } => Kind::Relative,
            TargetKind::Gap { .. } => Kind::Gap,
            TargetKind::Parity { .. } => Kind::Parity,
            TargetKind::ShareOfEconomies { .. } => Kind::ShareOfEconomies,
            TargetKind::Yearly { .. } => Kind::Yearly,
        }
    }

    /// The kind's name as written in definitions.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }
}

/// A checked target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// `SP2030-1.3`, `C2023-2.2`, `D.7-b`, `D.2-4`.
    pub id: String,
    /// What the id names in the framework: a 2030 or 2023 target, an
    /// outcome or an output.
    pub level: ItemKind,
    /// The plan's words.
    pub text: String,
    /// What it asks for.
    #[serde(flatten)]
    pub kind: TargetKind,
    /// Target year.
    pub year: i32,
    /// Group codes it applies to, in report order.
    pub groups: Vec<String>,
    /// Group codes shown for context only, never scored (not among
    /// `groups`), in report order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
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
    /// True for the 2030 targets.
    pub fn is_2030(&self) -> bool {
        self.level == ItemKind::Target2030
    }

    /// True for the 2023 targets.
    pub fn is_2023(&self) -> bool {
        self.level == ItemKind::Target2023
    }

    /// A short statement of the target value: `100%`, `≤ 2%`, `−25% vs 2017`.
    pub fn describe(&self, unit: Unit, direction: Direction) -> String {
        let written = |v: f64| unit.value(v).as_written().symbol(Symbol::Words);
        match &self.kind {
            TargetKind::Level { value } => written(*value).to_string(),
            TargetKind::Threshold { value } => {
                format!("{} {}", direction.threshold_sign(), written(*value))
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
            } => format!("{share_pct:.0}% of econ. {} {threshold}", op.sign()),
            TargetKind::Yearly { years, cumulative } => {
                let last = years.iter().map(|y| y.year).max().unwrap_or(self.year);
                format!(
                    "yearly to {last}{}",
                    if *cumulative { ", cumulative" } else { "" }
                )
            }
        }
    }
}

impl Target {
    /// [`Target::describe`] for prose, without abbreviations: `100% of
    /// economies ≤ 2% of GNI per capita` where a table cell says `100% of
    /// econ. ≤ 2`.
    pub fn describe_in_words(&self, unit: Unit, direction: Direction) -> String {
        match &self.kind {
            TargetKind::ShareOfEconomies {
                share_pct,
                op,
                threshold,
            } => format!(
                "{share_pct:.0}% of economies {} {}",
                op.sign(),
                unit.value(*threshold).as_written().symbol(Symbol::Words)
            ),
            _ => self.describe(unit, direction),
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

vocabulary! {
    /// The fields of a `[[target]]` that some kinds take and others do not.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum KindField: "target field" {
        Value = "value": "The number: a level, a threshold, a change, a reduction, a share.",
        BaselineYear = "baseline_year": "The year a relative or gap target is measured from.",
        Band = "band": "A parity target's band.",
        Between = "between": "A gap target's two groups.",
        Condition = "condition": "A share-of-economies target's condition.",
        Groups = "groups": "The groups the target applies to.",
        Yearly = "yearly": "A yearly target's value for each year.",
        Cumulative = "cumulative": "Whether a yearly target's years are running totals.",
    }
}

impl KindField {
    /// The SMART criterion a problem with the field concerns.
    pub fn criterion(self) -> Criterion {
        match self {
            KindField::BaselineYear => Criterion::TimeBound,
            _ => Criterion::Specific,
        }
    }
}

/// Whether a kind of target takes a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// The field is required; the text says what it holds, for the
    /// "missing" message.
    Needs(&'static str),
    /// The field is not used by this kind: giving it is an error, so that
    /// a misplaced field is never silently ignored. The text, when there
    /// is one, says why.
    No(&'static str),
}

const GROUPS: Takes = Takes::Needs("which groups it applies to, e.g. [\"all\"] or [\"LDC\"]");
const SINCE: Takes = Takes::Needs("the year the change is measured from");
const NO: Takes = Takes::No("");

/// Which fields each kind of target takes, in [`KindField`] order: value,
/// baseline_year, band, between, condition, groups, yearly, cumulative.
#[rustfmt::skip]
pub const KIND_FIELDS: [(Kind, [Takes; 8]); 7] = [
    (Kind::Level, [
        Takes::Needs("the value to reach, in the indicator's unit"),
        NO, NO, NO, NO, GROUPS, NO, NO,
    ]),
    (Kind::Threshold, [
        Takes::Needs("the value to be at or beyond, in the indicator's unit"),
        NO, NO, NO, NO, GROUPS, NO, NO,
    ]),
    (Kind::Relative, [
        Takes::Needs("the change in percent, e.g. -25 for 25% lower"),
        SINCE, NO, NO, NO, GROUPS, NO, NO,
    ]),
    (Kind::Gap, [
        Takes::Needs("the reduction of the gap in percent, e.g. 25"),
        SINCE, NO,
        Takes::Needs("the two groups, e.g. [\"DEVELOPED\", \"DEVELOPING\"]"),
        NO,
        Takes::No("it applies to the two groups in `between`"),
        NO, NO,
    ]),
    (Kind::Parity, [
        Takes::No("the band is the target"), NO,
        Takes::Needs("the band the ratio must stay within, e.g. [0.98, 1.02]"),
        NO, NO, GROUPS, NO, NO,
    ]),
    (Kind::ShareOfEconomies, [
        Takes::Needs("the share of economies in percent"),
        NO, NO, NO,
        Takes::Needs("which economies count, e.g. { op = \"<=\", value = 2.0 }"),
        GROUPS, NO, NO,
    ]),
    (Kind::Yearly, [
        Takes::No("each year's value is in `yearly`"),
        Takes::No("the baseline is the indicator's `[baseline]`"),
        NO, NO, NO, GROUPS,
        Takes::Needs("each year's target, e.g. [{ year = 2025, value = 12 }]"),
        Takes::Needs("`true` when the years are running totals, `false` when each year stands alone"),
    ]),
];

/// Whether `kind` takes `field`, from [`KIND_FIELDS`].
pub fn takes(kind: Kind, field: KindField) -> Takes {
    let column = <KindField as crate::base::Vocabulary>::ALL
        .iter()
        .position(|f| *f == field)
        .unwrap_or(0);
    KIND_FIELDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(NO, |(_, fields)| fields[column])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Vocabulary;

    #[test]
    fn the_table_covers_every_kind_and_every_kind_needs_its_number() {
        for kind in Kind::ALL {
            assert!(KIND_FIELDS.iter().any(|(k, _)| k == kind), "{kind:?}");
        }
        assert_eq!(
            takes(Kind::Parity, KindField::Value),
            Takes::No("the band is the target")
        );
        assert!(matches!(
            takes(Kind::Gap, KindField::Between),
            Takes::Needs(_)
        ));
        assert!(matches!(takes(Kind::Level, KindField::Band), Takes::No(_)));
    }
}
