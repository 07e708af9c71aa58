//! The command line, as clap sees it. Nothing here does any work: the
//! parsed arguments go to [`crate::config::Config`] and the command modules.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// rbm: results-based management of ICT development.
///
/// Tracks the ITU Strategic Plan 2024–2027 targets for 2030 on ITU
/// statistics: which targets and which regions are on track, and by how
/// much they are not.
#[derive(Debug, Parser)]
#[command(name = "rbm", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub shared: SharedArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args, Clone)]
pub struct SharedArgs {
    /// Folder of indicator definitions.
    #[arg(long, global = true, value_name = "DIR", default_value = "indicators")]
    pub indicators: PathBuf,
    /// Folder of datasets (rbm's own store, written by `rbm ingest`).
    #[arg(long, global = true, value_name = "DIR", default_value = "datasets")]
    pub data: PathBuf,
}

/// Options of the commands that assess progress.
#[derive(Debug, Args, Clone, Default)]
pub struct SelectArgs {
    /// Only this indicator (repeatable).
    #[arg(long = "indicator", id = "indicator", value_name = "ID")]
    pub indicators: Vec<String>,
    /// Groups: world, regions, development, all, or codes such as LDC,
    /// comma-separated.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "all"
    )]
    pub groups: Vec<String>,
    /// Assess with the data up to this year (default: the latest data year).
    #[arg(long, value_name = "YEAR")]
    pub as_of: Option<i32>,
}

/// The progress methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum MethodArg {
    /// Ratio of observed to required compound annual growth (default).
    #[default]
    #[value(name = "cagr_ratio")]
    CagrRatio,
    /// Projection of the observed growth to the target year.
    Projection,
    /// Time-weighted linear regression.
    Regression,
    /// All three, side by side.
    All,
}

/// Output formats for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FormatArg {
    /// A table for the terminal.
    #[default]
    Table,
    /// CSV with the columns fixed in the design reference.
    Csv,
    /// JSON.
    Json,
}

/// Chart formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ChartFormatArg {
    /// SVG only.
    Svg,
    /// PNG only.
    Png,
    /// Both (default).
    #[default]
    Both,
}

/// Input formats `rbm ingest` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// ITU DataHub CSV export.
    Datahub,
    /// ITU Key ICT indicators aggregates workbook (xlsx).
    ItuAggregates,
    /// ITU Digital Development Dashboard workbook (xlsx).
    ItuDashboard,
    /// UN SDG Global Database extract (DDF CSV).
    UnSdg,
    /// World Bank population CSV (`Country Name, Country Code, Year, Value`).
    WorldBank,
    /// Our World in Data grapher CSV.
    Owid,
    /// rbm's own tidy observation CSV.
    Tidy,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the indicator definitions against SMART and validate the datasets.
    Check(CheckArgs),
    /// List the indicators: targets, unit, direction, target value and year.
    Indicators,
    /// Read published files, normalise them and write the datasets.
    Ingest(IngestArgs),
    /// The values behind every chart: indicator × group × year.
    Series(SeriesArgs),
    /// Status per indicator × target × group.
    Progress(ProgressArgs),
    /// Gap to target, required against observed pace, sorted by how far off track.
    Gaps(ProgressArgs),
    /// Trajectory charts, the status grid and gap charts.
    Plot(PlotArgs),
    /// The annual progress report.
    Report(ReportArgs),
}

/// `rbm check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// List the indicators instead (same as `rbm indicators`).
    #[arg(long)]
    pub list: bool,
}

/// `rbm ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files to read, in priority order: where two files give different
    /// values for the same key, the first file's value is kept.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read every file as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub format: Option<InputFormatArg>,
    /// Write every rejected row, with file, line and reason, to this CSV.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Folder with the classification inputs (country codes, ITU regions,
    /// population, household size); without it, the classification already
    /// in the datasets folder is kept.
    #[arg(long, value_name = "DIR")]
    pub classifications: Option<PathBuf>,
    /// Release of the files given (e.g. `2025-12`), for formats that do not
    /// state one in the file (ITU DataHub exports, UN SDG extracts).
    #[arg(long, value_name = "YYYY-MM")]
    pub vintage: Option<String>,
    /// Add to the observations already in the datasets folder instead of
    /// replacing them; those already there take priority.
    #[arg(long)]
    pub append: bool,
    /// Check and count, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `rbm series`.
#[derive(Debug, Args)]
pub struct SeriesArgs {
    /// Which indicators, groups and year.
    #[command(flatten)]
    pub select: SelectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
    /// Also list economies' own values.
    #[arg(long)]
    pub economies: bool,
    /// Instead, compare rbm's computed group values with the published ones
    /// wherever both exist.
    #[arg(long, conflicts_with = "economies")]
    pub compare: bool,
}

/// `rbm progress` and `rbm gaps`.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Which indicators, groups and year.
    #[command(flatten)]
    pub select: SelectArgs,
    /// Progress method.
    #[arg(long, value_enum, default_value_t)]
    pub method: MethodArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FormatArg,
}

/// `rbm plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// Which indicators, groups and year.
    #[command(flatten)]
    pub select: SelectArgs,
    /// Progress method for the projections.
    #[arg(long, value_enum, default_value_t)]
    pub method: MethodArg,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "reports/charts")]
    pub out: PathBuf,
    /// Chart format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ChartFormatArg,
    /// Width in pixels.
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(400..=4000))]
    pub width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 675, value_parser = clap::value_parser!(u32).range(300..=3000))]
    pub height: u32,
}

/// `rbm report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Report year (default: the latest data year).
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Parent folder: the report goes to `<out>/<year>/`.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// An earlier report's folder, to show what changed.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// Progress method.
    #[arg(long, value_enum, default_value_t)]
    pub method: MethodArg,
}
