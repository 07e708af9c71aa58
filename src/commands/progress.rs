//! `rbm progress`: the status of every indicator × target × group, by one
//! method or all three side by side.

use std::io::Write;

use super::options::{Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::aggregate::SeriesIndex;
use crate::progress::Method;
use crate::report::{csv, json, terminal};

/// Options of `rbm progress`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressOptions {
    /// Which indicators, groups and year.
    pub select: Selection,
    /// The methods, side by side when more than one.
    pub methods: Vec<Method>,
    /// Output format.
    pub format: TableFormat,
}

impl Run for ProgressOptions {
    fn run(
        &self,
        shared: &Shared,
        out: &mut dyn Write,
        _err: &mut dyn Write,
    ) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let index = SeriesIndex::new(&loaded.table);
        let analysis = pipeline::analyse(&loaded, &index, &self.select, &self.methods)?;
        let text = match self.format {
            TableFormat::Csv => csv::progress(&analysis.rows)?,
            TableFormat::Json => json::progress(&analysis.rows, Some(analysis.as_of))?,
            TableFormat::Table => terminal::progress(
                &analysis.indicators,
                &analysis.rows,
                &self.methods,
                analysis.as_of,
                terminal::Style::from_color(shared.color),
            ),
        };
        out.write_all(text.as_bytes())?;
        Ok(Outcome::Success)
    }
}
