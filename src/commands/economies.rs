//! `rbm economies`: the member economies of each selected group against
//! its targets, each judged by the groups' own progress function, with its
//! share of the group's gap; `--threshold` counts the members meeting a
//! value; `--summary` gives, instead of the members, their distribution
//! per target and group (statuses, meeting the target, yearly shares).

use super::options::{Io, Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::error::Error;
use crate::progress::Method;
use crate::progress::distribution;
use crate::progress::members::{self, SortBy, Threshold};
use crate::report::terminal::Style;
use crate::report::{distributions, economies};

/// Options of `rbm economies`.
#[derive(Debug, Clone, PartialEq)]
pub struct EconomiesOptions {
    /// Which indicators, groups, targets and year.
    pub select: Selection,
    /// The progress method members are judged by (the groups' default).
    pub method: Method,
    /// Output format.
    pub format: TableFormat,
    /// Count the members whose latest value meets this value (at least it
    /// for an increasing indicator, at most for a decreasing one).
    pub threshold: Option<f64>,
    /// Row order within each target and group.
    pub sort: SortBy,
    /// Instead of the members, their distribution: per target and group,
    /// how many are in each status and meet the target or threshold, and
    /// by year the number and share meeting it.
    pub summary: bool,
}

impl Run for EconomiesOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let indicators = pipeline::select_indicators(&loaded, &self.select)?;
        let index = SeriesIndex::new(&loaded.table);
        let agg = Aggregator::new(&index, &loaded.class);
        let as_of = self.select.as_of.unwrap_or(agg.years().1);
        pipeline::check_year(as_of, agg.years(), "--as-of")?;
        let mut threshold = None;
        // A band indicator has no side to meet: asked for alone, that is a
        // usage error; among others, it is listed without the count.
        if let Some(v) = self.threshold
            && !indicators.is_empty()
            && indicators
                .iter()
                .all(|i| Threshold::for_direction(v, i.direction).is_none())
        {
            return Err(Error::Usage(format!(
                "--threshold: {} is a band indicator (inside the band is best), so a value has no side to meet; leave out --threshold or choose an increasing or decreasing indicator",
                indicators.iter().map(|i| format!("`{}`", i.id)).collect::<Vec<_>>().join(", ")
            ))
            .into());
        }
        let mut rows = Vec::new();
        let mut spread = Vec::new();
        for ind in &indicators {
            let own_threshold = self
                .threshold
                .and_then(|v| Threshold::for_direction(v, ind.direction));
            threshold = threshold.or(own_threshold);
            let mut own = members::member_rows(
                ind,
                &agg,
                &self.select.groups,
                &self.select.targets,
                self.method,
                Some(as_of),
                own_threshold,
            );
            members::sort_rows(&mut own, self.sort, ind.direction);
            if self.summary {
                spread.extend(distribution::distributions(
                    ind,
                    &agg,
                    &own,
                    own_threshold,
                    as_of,
                ));
            }
            rows.extend(own);
        }
        if self.summary {
            let text = match self.format {
                TableFormat::Csv => distributions::csv(&spread)?,
                TableFormat::Json => distributions::json(&spread, as_of, self.threshold)?,
                TableFormat::Table => {
                    let mut out = distributions::terminal(
                        &indicators,
                        &spread,
                        as_of,
                        Style::from_color(shared.color),
                    );
                    if spread.is_empty() {
                        out.push_str(&no_target(&self.select.groups));
                    }
                    out
                }
            };
            return io.finish(&text);
        }
        let text = match self.format {
            TableFormat::Csv => economies::csv(&rows)?,
            TableFormat::Json => economies::json(&rows, as_of, threshold)?,
            TableFormat::Table => {
                let mut out = economies::terminal(
                    &indicators,
                    &rows,
                    as_of,
                    self.threshold,
                    Style::from_color(shared.color),
                );
                if rows.is_empty() {
                    out.push_str(&no_target(&self.select.groups));
                }
                out
            }
        };
        io.finish(&text)
    }
}

/// The line for a selection no target applies to.
fn no_target(groups: &[&str]) -> String {
    format!(
        "No target of the selected indicators applies to {}: rbm economies lists members against level, threshold, relative, parity and share-of-economies targets (gap targets are between groups).\n",
        groups.join(", ")
    )
}
