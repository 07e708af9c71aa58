//! The commands: glue from resolved options through the pipeline stages to
//! output, one file per subcommand, each with its options struct beside
//! its `run` ([`options::Run`]). This is the only place in the library that
//! reads or writes files and prints.

pub mod backtest;
pub mod bar;
pub mod check;
pub mod direct;
pub mod economies;
pub mod framework;
pub mod fs;
pub mod gaps;
pub mod indicators;
pub mod ingest;
pub mod options;
pub mod pdf;
pub mod pipeline;
pub mod plot;
pub mod progress;
pub mod report;
pub mod series;

pub use backtest::BacktestOptions;
pub use check::CheckOptions;
pub use economies::EconomiesOptions;
pub use framework::FrameworkOptions;
pub use gaps::GapsOptions;
pub use indicators::IndicatorsOptions;
pub use ingest::IngestOptions;
pub use options::{Io, Outcome, Run, Selection, Shared, TableFormat};
pub use plot::PlotOptions;
pub use progress::ProgressOptions;
pub use report::ReportOptions;
pub use series::SeriesOptions;
