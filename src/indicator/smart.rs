//! The SMART lint of `rbm check`, for the criteria that need data:
//! Measurable (a series that exists in the datasets, with data in at least
//! two years) and Achievable (the pace a target requires against the best
//! pace any group has shown). Specific, Relevant and Time-bound are checked
//! when definitions load ([`super::registry`]).
//!
//! Pure: the caller passes in what the datasets hold and the paces computed
//! by the progress stage.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::finding::{Criterion, Finding, Severity};
use super::{Disaggregation, Indicator, SeriesSpec};
use crate::error::Location;

/// The years with data for each (series code, disaggregation) in the
/// datasets, counting economies and published groups alike.
#[derive(Debug, Clone, Default)]
pub struct DataCatalog {
    /// (code, disaggregation) → years with at least one value.
    pub years: BTreeMap<(String, Disaggregation), BTreeSet<i32>>,
}

impl DataCatalog {
    /// Years with data for a series spec: for a ratio, the years where both
    /// parts have data.
    pub fn years_for(&self, spec: &SeriesSpec) -> BTreeSet<i32> {
        let get = |code: &str, d: &Disaggregation| -> BTreeSet<i32> {
            self.years
                .get(&(code.to_string(), d.clone()))
                .cloned()
                .unwrap_or_default()
        };
        let mut years = match &spec.parity {
            Some((num, den)) => {
                let a = get(&spec.code, num);
                let b = get(&spec.code, den);
                a.intersection(&b).copied().collect()
            }
            None => get(&spec.code, &spec.select),
        };
        if let Some(other) = &spec.ratio_to {
            let b = get(other, &spec.select);
            years = years.intersection(&b).copied().collect();
        }
        years
    }

    /// True when the series code exists at all, in any disaggregation.
    pub fn has_code(&self, code: &str) -> bool {
        self.years.keys().any(|(c, _)| c == code)
    }
}

/// The pace a target requires and the best pace any group has shown, for
/// the Achievable criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaceCheck {
    /// Target id.
    pub target_id: String,
    /// The group whose required pace is highest.
    pub group: String,
    /// Required annual change, in the desired direction, in units per year.
    pub required: f64,
    /// Best observed annual change of any group over the last five years.
    pub best_observed: f64,
    /// The group that showed it.
    pub best_group: String,
}

/// Whether an indicator is measurable here, and over which years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measurability {
    /// True with data in at least two years.
    pub measurable: bool,
    /// First and last year with data.
    pub span: Option<(i32, i32)>,
    /// Number of years with data.
    pub years: usize,
}

impl Measurability {
    /// Not measurable: no data at all.
    pub fn none() -> Self {
        Measurability {
            measurable: false,
            span: None,
            years: 0,
        }
    }
}

/// Measurable: the indicator's series (and every target's own series)
/// exist with data in at least two years. Without datasets, a warning that
/// no data is available.
pub fn measurable(ind: &Indicator, data: Option<&DataCatalog>) -> (Measurability, Vec<Finding>) {
    let mut findings = Vec::new();
    let loc = |field: &str| Location::file(&ind.path).field(field);
    let Some(data) = data else {
        findings.push(
            Finding::warning(
                Criterion::Measurable,
                loc("series"),
                "no datasets loaded: cannot tell whether the series has data",
            )
            .for_indicator(&ind.id),
        );
        return (Measurability::none(), findings);
    };
    let Some(spec) = &ind.series else {
        // The registry already warned that no series is defined.
        return (Measurability::none(), findings);
    };
    let years = data.years_for(spec);
    if !data.has_code(&spec.code) {
        findings.push(
            Finding::warning(
                Criterion::Measurable,
                loc("series.code"),
                format!(
                    "series `{}` is not in the datasets: not measurable here",
                    spec.code
                ),
            )
            .for_indicator(&ind.id),
        );
    } else if years.len() < 2 {
        findings.push(
            Finding::warning(
                Criterion::Measurable,
                loc("series"),
                format!(
                    "series `{}` ({}) has data in {} year(s); progress needs at least two",
                    spec.code,
                    describe_spec(spec),
                    years.len()
                ),
            )
            .for_indicator(&ind.id),
        );
    }
    for t in &ind.targets {
        let Some(own) = &t.series else { continue };
        let own_years = data.years_for(own);
        if own_years.len() < 2 {
            findings.push(
                Finding::warning(
                    Criterion::Measurable,
                    Location::file(&ind.path)
                        .at_line(t.line.unwrap_or(1))
                        .field("target.series"),
                    format!(
                        "target `{}` is measured on series `{}`, which has data in {} year(s): not measurable here",
                        t.id,
                        own.code,
                        own_years.len()
                    ),
                )
                .for_indicator(&ind.id),
            );
        }
    }
    let span = years.first().zip(years.last()).map(|(a, b)| (*a, *b));
    (
        Measurability {
            measurable: years.len() >= 2,
            span,
            years: years.len(),
        },
        findings,
    )
}

fn describe_spec(spec: &SeriesSpec) -> String {
    match &spec.parity {
        Some((n, d)) => format!("{} / {}", n.describe(), d.describe()),
        None => spec.select.describe(),
    }
}

/// Achievable: warn where a target requires a faster pace than any group
/// has shown over the last five years.
pub fn achievable(ind: &Indicator, checks: &[PaceCheck]) -> Vec<Finding> {
    checks
        .iter()
        .filter(|c| c.required > c.best_observed && c.required > 0.0)
        .map(|c| {
            let line = ind
                .targets
                .iter()
                .find(|t| t.id == c.target_id)
                .and_then(|t| t.line)
                .unwrap_or(1);
            // In the unit's own number style, as every table writes it.
            let per_year = |v: f64| format!("{} per year", ind.unit.value(v).typographic());
            Finding::warning(
                Criterion::Achievable,
                Location::file(&ind.path).at_line(line).field("target.value"),
                format!(
                    "target `{}` needs {} in {}, faster than the best pace any group has shown ({} in {})",
                    c.target_id,
                    per_year(c.required),
                    c.group,
                    per_year(c.best_observed),
                    c.best_group
                ),
            )
            .for_indicator(&ind.id)
        })
        .collect()
}

/// The per-indicator summary line of `rbm check`: one mark per criterion.
pub fn summary_marks(findings: &[Finding], measured: Option<&Measurability>) -> String {
    Criterion::SMART
        .iter()
        .map(|c| {
            let worst = findings
                .iter()
                .filter(|f| f.criterion == *c)
                .map(|f| f.severity)
                .min();
            let mark = match worst {
                Some(Severity::Error) => "✗",
                Some(Severity::Warning) => "!",
                _ if matches!(c, Criterion::Measurable | Criterion::Achievable)
                    && measured.is_none_or(|m| !m.measurable) =>
                {
                    "–"
                }
                _ => "✓",
            };
            format!("{}{mark}", c.letter())
        })
        .collect::<Vec<_>>()
        .join(" ")
}
