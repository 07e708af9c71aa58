//! The resolved configuration of one run: paths, selections and formats as
//! plain values, so that clap's types stop at the command line.

use std::path::PathBuf;

use crate::cli::{self, Cli, Command};

/// Output format of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal table.
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

/// Which progress methods to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodChoice {
    /// `cagr_ratio`.
    CagrRatio,
    /// `projection`.
    Projection,
    /// `regression`.
    Regression,
    /// All three.
    All,
}

/// Which indicators, groups and as-of year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Indicator ids; empty means all.
    pub indicators: Vec<String>,
    /// Group selection words or codes.
    pub groups: Vec<String>,
    /// Assess as of this year.
    pub as_of: Option<i32>,
}

/// Chart formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartFormats {
    /// Write SVG.
    pub svg: bool,
    /// Write PNG.
    pub png: bool,
}

/// Input formats, as `rbm ingest --format` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// ITU DataHub CSV.
    Datahub,
    /// ITU Key ICT indicators aggregates workbook.
    ItuAggregates,
    /// ITU Digital Development Dashboard workbook.
    ItuDashboard,
    /// UN SDG DDF extract.
    UnSdg,
    /// World Bank population CSV.
    WorldBank,
    /// Our World in Data grapher CSV.
    Owid,
    /// rbm's tidy CSV.
    Tidy,
}

/// What to do.
#[derive(Debug, Clone)]
pub enum Job {
    /// `rbm check`.
    Check,
    /// `rbm indicators` / `rbm check --list`.
    Indicators,
    /// `rbm ingest`.
    Ingest {
        /// Files in priority order.
        files: Vec<PathBuf>,
        /// Forced format.
        format: Option<InputFormat>,
        /// Rejects CSV.
        rejects: Option<PathBuf>,
        /// Classification inputs folder.
        classifications: Option<PathBuf>,
        /// Release of the files, where they do not say.
        vintage: Option<String>,
        /// Keep existing observations.
        append: bool,
        /// Write nothing.
        dry_run: bool,
    },
    /// `rbm series`.
    Series {
        /// Selection.
        select: Selection,
        /// Format.
        format: Format,
        /// Include economies.
        economies: bool,
        /// Compare computed with published.
        compare: bool,
    },
    /// `rbm progress`.
    Progress {
        /// Selection.
        select: Selection,
        /// Methods.
        method: MethodChoice,
        /// Format.
        format: Format,
    },
    /// `rbm gaps`.
    Gaps {
        /// Selection.
        select: Selection,
        /// Methods.
        method: MethodChoice,
        /// Format.
        format: Format,
    },
    /// `rbm plot`.
    Plot {
        /// Selection.
        select: Selection,
        /// Method for projections.
        method: MethodChoice,
        /// Output folder.
        out: PathBuf,
        /// Formats.
        formats: ChartFormats,
        /// Size in pixels.
        size: (u32, u32),
    },
    /// `rbm report`.
    Report {
        /// Report year.
        year: Option<i32>,
        /// Parent output folder.
        out: PathBuf,
        /// Previous report folder.
        previous: Option<PathBuf>,
        /// Method.
        method: MethodChoice,
    },
}

/// Everything one run needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Indicator definitions folder.
    pub indicators: PathBuf,
    /// Datasets folder.
    pub data: PathBuf,
    /// The job.
    pub job: Job,
}

impl Config {
    /// Resolve the parsed command line.
    pub fn from_cli(cli: Cli) -> Config {
        let job = match cli.command {
            Command::Check(args) if args.list => Job::Indicators,
            Command::Check(_) => Job::Check,
            Command::Indicators => Job::Indicators,
            Command::Ingest(a) => Job::Ingest {
                files: a.files,
                format: a.format.map(input_format),
                rejects: a.rejects,
                classifications: a.classifications,
                vintage: a.vintage,
                append: a.append,
                dry_run: a.dry_run,
            },
            Command::Series(a) => Job::Series {
                select: selection(a.select),
                format: format(a.format),
                economies: a.economies,
                compare: a.compare,
            },
            Command::Progress(a) => Job::Progress {
                select: selection(a.select),
                method: method(a.method),
                format: format(a.format),
            },
            Command::Gaps(a) => Job::Gaps {
                select: selection(a.select),
                method: method(a.method),
                format: format(a.format),
            },
            Command::Plot(a) => Job::Plot {
                select: selection(a.select),
                method: method(a.method),
                out: a.out,
                formats: ChartFormats {
                    svg: a.format != cli::ChartFormatArg::Png,
                    png: a.format != cli::ChartFormatArg::Svg,
                },
                size: (a.width, a.height),
            },
            Command::Report(a) => Job::Report {
                year: a.year,
                out: a.out,
                previous: a.previous,
                method: method(a.method),
            },
        };
        Config {
            indicators: cli.shared.indicators,
            data: cli.shared.data,
            job,
        }
    }
}

fn selection(a: cli::SelectArgs) -> Selection {
    Selection {
        indicators: a.indicators,
        groups: a.groups,
        as_of: a.as_of,
    }
}

fn format(f: cli::FormatArg) -> Format {
    match f {
        cli::FormatArg::Table => Format::Table,
        cli::FormatArg::Csv => Format::Csv,
        cli::FormatArg::Json => Format::Json,
    }
}

fn method(m: cli::MethodArg) -> MethodChoice {
    match m {
        cli::MethodArg::CagrRatio => MethodChoice::CagrRatio,
        cli::MethodArg::Projection => MethodChoice::Projection,
        cli::MethodArg::Regression => MethodChoice::Regression,
        cli::MethodArg::All => MethodChoice::All,
    }
}

fn input_format(f: cli::InputFormatArg) -> InputFormat {
    match f {
        cli::InputFormatArg::Datahub => InputFormat::Datahub,
        cli::InputFormatArg::ItuAggregates => InputFormat::ItuAggregates,
        cli::InputFormatArg::ItuDashboard => InputFormat::ItuDashboard,
        cli::InputFormatArg::UnSdg => InputFormat::UnSdg,
        cli::InputFormatArg::WorldBank => InputFormat::WorldBank,
        cli::InputFormatArg::Owid => InputFormat::Owid,
        cli::InputFormatArg::Tidy => InputFormat::Tidy,
    }
}
