//! `rbm backtest`: how well each method would have projected the years
//! after a cut-off, overall, per indicator and per group; the status hit
//! rate of the targets whose year has come; and what each status turned
//! out to mean. The evidence behind the default model, re-measured on the
//! data given.

use super::bar::{Bar, Unit};
use super::options::{Io, Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::progress::Method;
use crate::progress::backtest::Cuts;
use crate::report::{csv, json, terminal};

/// Options of `rbm backtest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacktestOptions {
    /// Which indicators, groups and data year.
    pub select: Selection,
    /// One cut-off year; `None`: every cut-off from `horizon + 5` to
    /// `horizon` years before each indicator's latest year, pooled.
    pub cut: Option<i32>,
    /// Years ahead to score.
    pub horizon: i32,
    /// The cut-off of the status hit rate.
    pub hit_cut: i32,
    /// Methods.
    pub methods: Vec<Method>,
    /// Output format.
    pub format: TableFormat,
}

impl Run for BacktestOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        // Seconds of work on a large store: a bar on a terminal.
        let bar = Bar::new(4, Unit::Steps, "loading the datasets");
        let loaded = pipeline::load(shared)?;
        bar.step("computing the group values");
        let analysis = pipeline::analyse(&loaded, &self.select, &[])?;
        bar.step("projecting from past cut-offs");
        let cuts = self.cut.map_or(Cuts::Pooled, Cuts::One);
        let b = pipeline::backtest(&analysis, cuts, self.horizon, &self.methods);
        bar.step("scoring the statuses of past targets");
        let hits = pipeline::hit_rate(&loaded, &self.select, self.hit_cut, &self.methods)?;
        drop(bar);
        let text = match self.format {
            TableFormat::Csv => csv::backtest(&b.summaries)?,
            TableFormat::Json => json::to_json(
                "backtest",
                &serde_json::json!({
                    "as_of": analysis.as_of,
                    "backtest": b,
                    "hit_cut": self.hit_cut,
                    "hits": hits,
                }),
            )?,
            TableFormat::Table => terminal::backtest(
                &terminal::BacktestView {
                    backtest: &b,
                    hits: &hits,
                    hit_cut: self.hit_cut,
                    as_of: analysis.as_of,
                    methods: &self.methods,
                },
                terminal::Style::from_color(shared.color),
            ),
        };
        io.finish(&text)
    }
}
