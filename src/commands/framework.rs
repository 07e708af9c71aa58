//! `rbm framework`: the results chain as a tree, each node with its status
//! (from the progress rows, or an officer's manual assessment, marked),
//! filtered by goal, target, thematic priority or objective.

use super::options::{Io, Outcome, Run, Selection, Shared, TableFormat};
use super::pipeline;
use crate::progress::Method;
use crate::report::chain::{Chain, Filter};
use crate::report::framework_view;
use crate::report::terminal::Style;

/// Options of `rbm framework`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkOptions {
    /// The year of the data (the indicators and groups are all of them).
    pub select: Selection,
    /// The method of the statuses.
    pub method: Method,
    /// What the tree is rooted at.
    pub filter: Filter,
    /// Output format.
    pub format: TableFormat,
}

impl Run for FrameworkOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let a = pipeline::analyse(&loaded, &self.select, &[self.method])?;
        let (commentary, _) =
            pipeline::load_commentary(shared, a.as_of, &loaded.registry, &a.rows)?;
        let fw = &loaded.registry.framework;
        let chain = Chain::new(fw, &a.indicators, &a.rows, self.method, &commentary);
        let nodes = chain
            .tree(&self.filter)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let rollup = chain.rollup();
        let method = self.method.as_str();
        let text = match self.format {
            TableFormat::Table => framework_view::text(
                fw,
                &nodes,
                &rollup,
                a.as_of,
                method,
                Style::from_color(shared.color),
            ),
            TableFormat::Csv => framework_view::csv(&nodes)?,
            TableFormat::Json => framework_view::json(fw, &nodes, &rollup, a.as_of, method)?,
        };
        io.finish(&text)
    }
}
