//! One run, resolved: the shared folders and the command with its options,
//! as plain values, so that the command line stops at the binary. [`run`]
//! is the library's entry point.
//!
//! Adding a subcommand: a file in `src/commands/` with its options struct
//! implementing [`Run`], a variant here, and the clap side in the binary's
//! `src/cli.rs`. Adding a flag: a field of the command's options struct
//! and its clap field in `src/cli.rs`.

use std::io::Write;

use crate::commands::options::{Io, Outcome, Run, Shared};
use crate::commands::{
    BacktestOptions, CheckOptions, EconomiesOptions, FrameworkOptions, GapsOptions,
    IndicatorsOptions, IngestOptions, PlotOptions, ProgressOptions, ReportOptions, SeriesOptions,
};

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folders and output style every command uses.
    pub shared: Shared,
    /// The command.
    pub command: Command,
}

/// The commands, each with its own options.
#[derive(Debug, Clone)]
pub enum Command {
    /// `rbm check`.
    Check(CheckOptions),
    /// `rbm indicators` (also `rbm check --list`).
    Indicators(IndicatorsOptions),
    /// `rbm ingest`.
    Ingest(IngestOptions),
    /// `rbm series`.
    Series(SeriesOptions),
    /// `rbm progress`.
    Progress(ProgressOptions),
    /// `rbm gaps`.
    Gaps(GapsOptions),
    /// `rbm plot`.
    Plot(PlotOptions),
    /// `rbm report`.
    Report(ReportOptions),
    /// `rbm economies`.
    Economies(EconomiesOptions),
    /// `rbm backtest`.
    Backtest(BacktestOptions),
    /// `rbm framework`.
    Framework(FrameworkOptions),
}

impl Command {
    fn options(&self) -> &dyn Run {
        match self {
            Command::Check(o) => o,
            Command::Indicators(o) => o,
            Command::Ingest(o) => o,
            Command::Series(o) => o,
            Command::Progress(o) => o,
            Command::Gaps(o) => o,
            Command::Plot(o) => o,
            Command::Report(o) => o,
            Command::Economies(o) => o,
            Command::Backtest(o) => o,
            Command::Framework(o) => o,
        }
    }
}

/// Run a resolved command line: results to `out`, notes and progress to
/// `err`.
pub fn run(config: &Config, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    config
        .command
        .options()
        .run(&config.shared, &mut Io { out, err })
}

/// True when the error is a closed output pipe (`rbm … | head`), which is
/// not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
