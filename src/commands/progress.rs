//! `rbm progress`: the status of every indicator × target × group, by one
//! method or all four side by side.

use super::options::{Io, Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::progress::Method;
use crate::report::terminal::{self, ProgressView, Style};

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
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let a = pipeline::analyse(&loaded, &self.select, &self.methods)?;
        let text = pipeline::rows_as(self.format, &a.rows, a.as_of, &a.data, || {
            terminal::progress(
                ProgressView {
                    indicators: &a.indicators,
                    rows: &a.rows,
                    methods: &self.methods,
                    as_of: a.as_of,
                    data: &a.data,
                },
                Style::from_color(shared.color),
            )
        })?;
        let outcome = io.finish(&text);
        let pipeline::Analysis {
            indicators,
            rows,
            data,
            ..
        } = a;
        drop(indicators);
        pipeline::drop_aside((loaded, rows, data, text));
        outcome
    }
}
