//! `rbm indicators` (also `rbm check --list`): every indicator with its
//! targets, values, years, groups, unit and whether the datasets measure
//! it.

use std::io::Write;

use super::options::{Io, Outcome, Run, Shared};
use super::{fs, pipeline};
use crate::indicator::smart;
use crate::indicator::{Direction, TargetKind};
use crate::report::table::{Align, Style, Table};
use crate::report::terminal::WIDTH;

/// Options of `rbm indicators`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorsOptions {
    /// Only these indicators (all when empty).
    pub indicators: Vec<String>,
}

impl Run for IndicatorsOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        list(shared, &self.indicators, io.out)
    }
}

/// `rbm indicators`: a table of every indicator's targets.
fn list(shared: &Shared, ids: &[String], out: &mut dyn Write) -> anyhow::Result<Outcome> {
    // The definitions and the catalog of series are read side by side;
    // a problem with the definitions is reported first, as when they were
    // read one after the other. Without a datasets folder every indicator
    // is simply not measured here; a damaged one is an error.
    let (registry, catalog) = rayon::join(
        || pipeline::load_definitions(shared),
        || {
            shared
                .data
                .is_dir()
                .then(|| fs::load_catalog(&shared.data))
                .transpose()
        },
    );
    let registry = registry?;
    registry.require_valid()?;
    if registry.indicators.is_empty() {
        return Err(pipeline::no_indicators(shared));
    }
    let selected = registry.select(ids)?;
    let catalog = catalog?;
    let mut table = Table::new(&[
        ("indicator", Align::Left),
        ("target", Align::Left),
        ("value", Align::Left),
        ("year", Align::Right),
        ("groups", Align::Left),
        ("unit", Align::Left),
        ("dir", Align::Left),
        ("data", Align::Left),
    ])
    .wrap(4);
    for ind in &selected {
        let (m, _) = smart::measurable(ind, catalog.as_ref());
        for (i, t) in ind.targets.iter().enumerate() {
            let first = i == 0;
            let value = match &t.kind {
                TargetKind::Level { value } => format!("{value}"),
                TargetKind::Threshold { value } if ind.direction == Direction::Decrease => {
                    format!("≤ {value}")
                }
                TargetKind::Threshold { value } => format!("≥ {value}"),
                _ => t.describe(ind.unit, ind.direction),
            };
            table.row(vec![
                if first { ind.id.clone() } else { String::new() },
                t.id.clone(),
                value,
                t.year.to_string(),
                groups_cell(
                    &t.groups,
                    matches!(t.kind, crate::indicator::TargetKind::Gap { .. }),
                ),
                if first {
                    ind.unit.short().to_string()
                } else {
                    String::new()
                },
                if first {
                    ind.direction.symbol().to_string()
                } else {
                    String::new()
                },
                if first {
                    if m.measurable { "yes" } else { "no" }.to_string()
                } else {
                    String::new()
                },
            ]);
        }
    }
    write!(
        out,
        "{}",
        table.render(WIDTH, Style::from_color(shared.color))
    )?;
    let count = |f: fn(&crate::indicator::Target) -> bool| {
        selected
            .iter()
            .flat_map(|i| &i.targets)
            .filter(|t| f(t))
            .count()
    };
    let (sp, c) = (count(|t| t.is_2030()), count(|t| t.is_2023()));
    let results = count(|t| !t.is_2030() && !t.is_2023());
    writeln!(
        out,
        "\n{} indicator(s); {sp} 2030 target row(s), {c} 2023 target row(s){}",
        selected.len(),
        if results > 0 {
            format!(", {results} outcome or output row(s)")
        } else {
            String::new()
        }
    )?;
    Ok(Outcome::Success)
}

/// The groups of a target: `all`, a gap's pair `A − B`, or a list.
fn groups_cell(groups: &[String], gap: bool) -> String {
    let all = crate::classify::group::computed();
    if groups.len() == all.len() && groups.iter().zip(&all).all(|(a, b)| a == b) {
        "all".to_string()
    } else if gap {
        groups.join(" − ")
    } else {
        groups.join(", ")
    }
}
