//! `rbm gaps`: for every target still ahead, the groups sorted by how far
//! off track they are, with the pace required against the pace observed.

use super::options::{Io, Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::progress::rows::row_key;
use crate::progress::{Method, ProgressRow, Status, off_track_key};
use crate::report::terminal::{self, ProgressView, Style};

/// Options of `rbm gaps`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapsOptions {
    /// Which indicators, groups and year.
    pub select: Selection,
    /// The methods; with more than one, each group's statuses side by side.
    pub methods: Vec<Method>,
    /// Output format.
    pub format: TableFormat,
}

/// The rows of targets still ahead, worst first by the first method's
/// row; the other methods' rows of a group follow it.
pub fn still_ahead(rows: Vec<ProgressRow>, as_of: i32, table: bool) -> Vec<ProgressRow> {
    let mut rows: Vec<ProgressRow> = rows
        .into_iter()
        .filter(|r| r.assessment.target_year > as_of)
        // A table leaves out what cannot be judged; CSV and JSON keep it.
        .filter(|r| !(table && r.assessment.status == Status::InsufficientData))
        .collect();
    // Each indicator × target × group sorts by its first row (the first
    // method's), and keeps its place among equals.
    let mut first: std::collections::BTreeMap<_, _> = std::collections::BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        first.entry(row_key(r)).or_insert((off_track_key(r), i));
    }
    rows.sort_by_key(|r| {
        let (key, i) = first.get(&row_key(r)).copied().unwrap_or(((0, 0, 0), 0));
        (std::cmp::Reverse(key), i)
    });
    rows
}

impl Run for GapsOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let a = pipeline::analyse(&loaded, &self.select, &self.methods)?;
        let rows = still_ahead(a.rows, a.as_of, self.format == TableFormat::Table);
        let text = pipeline::rows_as(self.format, &rows, a.as_of, &a.data, || {
            terminal::gaps(
                ProgressView {
                    indicators: &a.indicators,
                    rows: &rows,
                    methods: &self.methods,
                    as_of: a.as_of,
                    data: &a.data,
                },
                Style::from_color(shared.color),
            )
        })?;
        let outcome = io.finish(&text);
        let pipeline::Analysis {
            indicators, data, ..
        } = a;
        drop(indicators);
        pipeline::drop_aside((loaded, rows, data, text));
        outcome
    }
}
