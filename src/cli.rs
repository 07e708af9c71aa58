//! The command line, as clap sees it: a module of the binary, so that no
//! clap type reaches the library. Parsing is clap's; [`Cli::into_config`]
//! resolves the words into the library's plain values (groups, methods,
//! formats, colour) once, at the top, and every choice's list of values
//! comes from the library's own vocabulary ([`rbm::base::Vocabulary`]).
//!
//! A new flag is a field here and a field of its command's options struct;
//! a new subcommand is a variant of [`CommandArgs`] and its arm in
//! [`Cli::into_config`].

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use rbm::base::Vocabulary;
use rbm::commands::plot::ChartFormat;
use rbm::commands::{
    BacktestOptions, CheckOptions, EconomiesOptions, FrameworkOptions, GapsOptions,
    IndicatorsOptions, IngestOptions, PlotOptions, ProgressOptions, ReportOptions, Selection,
    SeriesOptions, Shared, TableFormat,
};
use rbm::ingest::InputFormat;
use rbm::plot::{Size, Theme};
use rbm::progress::Method;
use rbm::progress::members::SortBy;
use rbm::report::chain::Filter;
use rbm::{Command, Config};

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
    shared: SharedArgs,
    /// The command to run.
    #[command(subcommand)]
    command: CommandArgs,
}

/// Options every command accepts.
#[derive(Debug, Args)]
struct SharedArgs {
    /// Folder of indicator definitions.
    #[arg(long, global = true, value_name = "DIR", default_value = "indicators")]
    indicators: PathBuf,
    /// Folder of the results framework (default: `framework` inside the
    /// indicators folder), e.g. a drafted next plan's.
    #[arg(long, global = true, value_name = "DIR")]
    framework: Option<PathBuf>,
    /// Folder of the officers' commentary, `<year>/<id>.md` (read, never
    /// written).
    #[arg(long, global = true, value_name = "DIR", default_value = "commentary")]
    commentary: PathBuf,
    /// Folder of datasets (rbm's own store, written by `rbm ingest`).
    #[arg(long, global = true, value_name = "DIR", default_value = "datasets")]
    data: PathBuf,
    /// Colour the statuses in tables: auto (on a terminal, unless NO_COLOR
    /// is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Which indicators, groups and year.
#[derive(Debug, Args)]
struct SelectArgs {
    /// Only this indicator (repeatable).
    #[arg(long = "indicator", id = "indicator", value_name = "ID")]
    indicators: Vec<String>,
    /// Groups: world, regions, development, all, or group codes or names
    /// such as LDC or Africa, comma-separated.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "all"
    )]
    groups: Vec<String>,
    /// Assess with the data up to this year (default: the latest data year).
    #[arg(long, value_name = "YEAR")]
    as_of: Option<i32>,
    /// Only this target, by id such as SP2030-1.3 (repeatable; any case).
    #[arg(long = "target", id = "target", value_name = "ID")]
    targets: Vec<String>,
}

impl SelectArgs {
    fn resolve(self) -> anyhow::Result<Selection> {
        Ok(Selection {
            groups: rbm::classify::group::resolve(&self.groups)?,
            indicators: self.indicators,
            as_of: self.as_of,
            targets: self.targets,
        })
    }
}

/// The progress methods chosen: one, or all side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Methods(Vec<Method>);

/// `--method`: the library's methods and `all`.
fn methods() -> impl TypedValueParser<Value = Methods> {
    let mut values: Vec<PossibleValue> = Method::ALL
        .iter()
        .map(|m| PossibleValue::new(m.word()).help(m.help()))
        .collect();
    values.push(PossibleValue::new("all").help("All four, side by side."));
    PossibleValuesParser::new(values).try_map(|s| match Method::parse(&s) {
        Some(m) => Ok(Methods(vec![m])),
        None if s == "all" => Ok(Methods(Method::ALL.to_vec())),
        None => Err(Method::unknown(&s)),
    })
}

/// A choice among a library vocabulary's words, with their help.
fn choice<V: Vocabulary + Send + Sync + Clone>(
    keep: fn(V) -> bool,
) -> impl TypedValueParser<Value = V> {
    let values: Vec<PossibleValue> = V::ALL
        .iter()
        .copied()
        .filter(|v| keep(*v))
        .map(|v| PossibleValue::new(v.word()).help(v.help()))
        .collect();
    PossibleValuesParser::new(values).try_map(|s| V::parse(&s).ok_or_else(|| V::unknown(&s)))
}

/// The commands.
#[derive(Debug, Subcommand)]
enum CommandArgs {
    /// Lint the indicator definitions against SMART and validate the datasets.
    Check {
        /// List the indicators instead (same as `rbm indicators`).
        #[arg(long)]
        list: bool,
        /// Also print the notes (findings for information), which are
        /// otherwise only counted.
        #[arg(long)]
        notes: bool,
    },
    /// List the indicators: targets, unit, direction, target value and year.
    Indicators {
        /// Only this indicator (repeatable).
        #[arg(long = "indicator", id = "indicator", value_name = "ID")]
        indicators: Vec<String>,
    },
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
    /// Member economies of a group: values, statuses, contribution to the gap.
    Economies(EconomiesArgs),
    /// How well each method would have projected the years after a cut-off.
    ///
    /// Each method projects every group series from the data up to a
    /// cut-off year (its base year moved back with the cut-off, so that its
    /// window is as long as today's) and is scored against the value
    /// observed --horizon years later: mean absolute error, bias (mean
    /// error; above zero the method projected too much) and worst miss,
    /// overall per kind of series, per cut-off, per indicator and per group.
    /// By default every cut-off from 11 to 6 years before each indicator's
    /// latest year is pooled (for a horizon of 6): one cut-off is one year
    /// of outcomes, which one shock can move. --cut YEAR runs one cut-off.
    /// Also: the status hit rate (targets whose year has come, assessed with
    /// the data up to --hit-cut, against whether they were met) and what
    /// each status turned out to mean.
    Backtest(BacktestArgs),
    /// The results chain as a tree: goals, targets, outcomes, outputs, with statuses.
    Framework(FrameworkArgs),
}

/// `rbm economies`.
#[derive(Debug, Args)]
struct EconomiesArgs {
    /// Only this indicator (repeatable).
    #[arg(long = "indicator", id = "indicator", value_name = "ID")]
    indicators: Vec<String>,
    /// Groups whose members to list: world, regions, development, all, or
    /// group codes or names such as LDC or Africa, comma-separated
    /// (default: world; with --summary, all).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    groups: Vec<String>,
    /// Assess with the data up to this year (default: the latest data year).
    #[arg(long, value_name = "YEAR")]
    as_of: Option<i32>,
    /// Only this target, by id such as SP2030-1.3 (repeatable; any case).
    #[arg(long = "target", id = "target", value_name = "ID")]
    targets: Vec<String>,
    /// Count the members whose latest value is at least this (at most, for
    /// an indicator where lower is better).
    #[arg(long, value_name = "VALUE")]
    threshold: Option<f64>,
    /// Row order within each target and group.
    #[arg(long, value_parser = choice::<SortBy>(|_| true), default_value = "contribution")]
    sort: SortBy,
    /// Instead of the members, their distribution per target and group:
    /// how many are in each status and meet the target (or --threshold),
    /// and by year how many have a value and meet it, with the shares of
    /// economies and of their people.
    #[arg(long)]
    summary: bool,
    /// Progress method members are judged by (`all` uses the default).
    #[arg(long, value_parser = methods(), default_value = "trend")]
    method: Methods,
    /// Output format.
    #[arg(long, value_parser = choice::<TableFormat>(|_| true), default_value = "table")]
    format: TableFormat,
}

/// `rbm backtest`.
#[derive(Debug, Args)]
struct BacktestArgs {
    #[command(flatten)]
    select: SelectArgs,
    /// One cut-off year (default: every cut-off from horizon + 5 to horizon
    /// years before each indicator's latest year, pooled).
    #[arg(long, value_name = "YEAR")]
    cut: Option<i32>,
    /// Years after the cut-off to score.
    #[arg(long, value_name = "YEARS", default_value_t = 6, value_parser = clap::value_parser!(i32).range(1..=15))]
    horizon: i32,
    /// Cut-off of the status hit rate: the targets whose year has come are
    /// assessed with the data up to this year.
    #[arg(long, value_name = "YEAR", default_value_t = 2019)]
    hit_cut: i32,
    /// Methods to score.
    #[arg(long, value_parser = methods(), default_value = "all")]
    method: Methods,
    /// Output format.
    #[arg(long, value_parser = choice::<TableFormat>(|_| true), default_value = "table")]
    format: TableFormat,
}

/// `rbm framework`.
#[derive(Debug, Args)]
struct FrameworkArgs {
    /// Only this goal (its id, such as G1, or its number).
    #[arg(long, value_name = "GOAL")]
    goal: Option<String>,
    /// Only this 2030 or 2023 target, with what serves it.
    #[arg(long, value_name = "ID")]
    target: Option<String>,
    /// Rooted at this thematic priority: its outcomes and their outputs.
    #[arg(long, value_name = "ID", conflicts_with_all = ["goal", "target", "objective"])]
    priority: Option<String>,
    /// Rooted at this Action Plan objective (D.1 …): its outcomes and outputs.
    #[arg(long, value_name = "ID", conflicts_with_all = ["goal", "target"])]
    objective: Option<String>,
    /// Assess with the data up to this year (default: the latest data year).
    #[arg(long, value_name = "YEAR")]
    as_of: Option<i32>,
    /// Progress method of the statuses.
    #[arg(long, value_parser = methods(), default_value = "trend")]
    method: Methods,
    /// Output format.
    #[arg(long, value_parser = choice::<TableFormat>(|_| true), default_value = "table")]
    format: TableFormat,
}

/// `rbm ingest`.
#[derive(Debug, Args)]
struct IngestArgs {
    /// Files to read, in priority order: where two files give different
    /// values for the same key, the first file's value is kept.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Read every file as this format instead of detecting it.
    #[arg(long, value_parser = choice::<InputFormat>(InputFormat::can_be_forced))]
    format: Option<InputFormat>,
    /// Write every rejected row, with file, line and reason, to this CSV.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Folder with the classification inputs (country codes, ITU regions,
    /// population, household size); without it, the classification already
    /// in the datasets folder is kept.
    #[arg(long, value_name = "DIR")]
    classifications: Option<PathBuf>,
    /// Release of the files given (e.g. `2025-12`), for formats that do not
    /// state one in the file (ITU DataHub exports, UN SDG extracts).
    #[arg(long, value_name = "YYYY-MM")]
    vintage: Option<String>,
    /// Add to the observations already in the datasets folder instead of
    /// replacing them; those already there take priority.
    #[arg(long)]
    append: bool,
    /// Check and count, but write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Ingest files that cover far fewer economies or years than files of
    /// their kind always do (a file cut short, most likely).
    #[arg(long)]
    force: bool,
}

/// `rbm series`.
#[derive(Debug, Args)]
struct SeriesArgs {
    #[command(flatten)]
    select: SelectArgs,
    /// Output format.
    #[arg(long, value_parser = choice::<TableFormat>(|_| true), default_value = "table")]
    format: TableFormat,
    /// Also list economies' own values.
    #[arg(long)]
    economies: bool,
    /// Instead, compare rbm's computed group values with the published ones
    /// wherever both exist.
    #[arg(long, conflicts_with = "economies")]
    compare: bool,
}

/// `rbm progress` and `rbm gaps`.
#[derive(Debug, Args)]
struct ProgressArgs {
    #[command(flatten)]
    select: SelectArgs,
    /// Progress method.
    #[arg(long, value_parser = methods(), default_value = "trend")]
    method: Methods,
    /// Output format.
    #[arg(long, value_parser = choice::<TableFormat>(|_| true), default_value = "table")]
    format: TableFormat,
}

/// `rbm plot`.
#[derive(Debug, Args)]
struct PlotArgs {
    #[command(flatten)]
    select: SelectArgs,
    /// Progress method for the projections (`all` draws the default's).
    #[arg(long, value_parser = methods(), default_value = "trend")]
    method: Methods,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "reports/charts")]
    out: PathBuf,
    /// Chart format.
    #[arg(long, value_parser = choice::<ChartFormat>(|_| true), default_value = "both")]
    format: ChartFormat,
    /// Width in pixels.
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(400..=4000))]
    width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 675, value_parser = clap::value_parser!(u32).range(300..=3000))]
    height: u32,
    /// How many times larger than at 1200 × 675 text, lines and markers are
    /// drawn (default: they grow with the size, 1.6 at 1920 × 1080).
    #[arg(long, value_name = "K", value_parser = scale)]
    scale: Option<f64>,
    /// What the charts are for: `slide` draws text, lines and markers a
    /// quarter larger again, for a projector.
    #[arg(long, value_parser = choice::<Theme>(|_| true), default_value = "print")]
    theme: Theme,
}

/// A scale between 0.5 and 4.
fn scale(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(k) if (0.5..=4.0).contains(&k) => Ok(k),
        _ => Err(format!(
            "expected a number from 0.5 to 4, such as 1.5, not `{s}`"
        )),
    }
}

/// `rbm report`.
#[derive(Debug, Args)]
struct ReportArgs {
    /// Report year (default: the latest data year).
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Parent folder: the report goes to `<out>/<year>/`.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    out: PathBuf,
    /// An earlier report's year folder (the one holding progress.json, such
    /// as reports/2024), to show what changed.
    #[arg(long, value_name = "DIR")]
    previous: Option<PathBuf>,
    /// Progress method of the headline statuses and charts (`all` uses the
    /// default; the report's tables carry all four).
    #[arg(long, value_parser = methods(), default_value = "trend")]
    method: Methods,
    /// A group's report (a region or development level, by code or name,
    /// e.g. ITU_AFR or africa): a scorecard of every 2030 target for it
    /// first, its rows beside the World's, into <out>/<year>-<CODE>/.
    #[arg(long, value_name = "CODE")]
    group: Option<String>,
    /// Also write report.pdf, printed from the web page by a headless
    /// Chromium-family browser (chromium, google-chrome, … on PATH).
    #[arg(long)]
    pdf: bool,
    /// The browser --pdf prints with (a path or a program on PATH).
    #[arg(long, value_name = "PATH", requires = "pdf")]
    browser: Option<PathBuf>,
    /// Start the CSV files in tables/ with a byte-order mark, so that Excel
    /// on Windows reads them as UTF-8 (report.xlsx needs no such care).
    #[arg(long)]
    csv_bom: bool,
}

impl Methods {
    /// The one method a chart or a headline uses: the first chosen.
    fn headline(&self) -> Method {
        self.0.first().copied().unwrap_or(Method::DEFAULT)
    }
}

impl Cli {
    /// Resolve the parsed command line into the library's configuration.
    pub fn into_config(self) -> anyhow::Result<Config> {
        let s = self.shared;
        let color = match s.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let command = match self.command {
            CommandArgs::Check { list: true, .. } => {
                Command::Indicators(IndicatorsOptions::default())
            }
            CommandArgs::Check { list: false, notes } => Command::Check(CheckOptions { notes }),
            CommandArgs::Indicators { indicators } => {
                Command::Indicators(IndicatorsOptions { indicators })
            }
            CommandArgs::Ingest(a) => Command::Ingest(IngestOptions {
                files: a.files,
                format: a.format,
                rejects: a.rejects,
                classifications: a.classifications,
                vintage: a.vintage,
                append: a.append,
                dry_run: a.dry_run,
                force: a.force,
            }),
            CommandArgs::Series(a) => Command::Series(SeriesOptions {
                select: a.select.resolve()?,
                format: a.format,
                economies: a.economies,
                compare: a.compare,
            }),
            CommandArgs::Progress(a) => Command::Progress(ProgressOptions {
                select: a.select.resolve()?,
                methods: a.method.0,
                format: a.format,
            }),
            CommandArgs::Gaps(a) => Command::Gaps(GapsOptions {
                select: a.select.resolve()?,
                methods: a.method.0,
                format: a.format,
            }),
            CommandArgs::Plot(a) => Command::Plot(PlotOptions {
                method: a.method.headline(),
                select: a.select.resolve()?,
                out: a.out,
                format: a.format,
                size: Size::themed(a.width, a.height, a.theme, a.scale),
            }),
            CommandArgs::Economies(a) => Command::Economies(EconomiesOptions {
                method: a.method.headline(),
                select: SelectArgs {
                    indicators: a.indicators,
                    groups: if a.groups.is_empty() {
                        vec![if a.summary { "all" } else { "world" }.to_string()]
                    } else {
                        a.groups
                    },
                    as_of: a.as_of,
                    targets: a.targets,
                }
                .resolve()?,
                format: a.format,
                threshold: a.threshold,
                sort: a.sort,
                summary: a.summary,
            }),
            CommandArgs::Backtest(a) => Command::Backtest(BacktestOptions {
                select: a.select.resolve()?,
                cut: a.cut,
                horizon: a.horizon,
                hit_cut: a.hit_cut,
                methods: a.method.0,
                format: a.format,
            }),
            CommandArgs::Framework(a) => Command::Framework(FrameworkOptions {
                select: Selection {
                    as_of: a.as_of,
                    ..Selection::default()
                },
                method: a.method.headline(),
                filter: Filter {
                    goal: a.goal,
                    target: a.target,
                    priority: a.priority,
                    objective: a.objective,
                },
                format: a.format,
            }),
            CommandArgs::Report(a) => Command::Report(ReportOptions {
                year: a.year,
                out: a.out,
                previous: a.previous,
                method: a.method.headline(),
                group: a.group,
                pdf: a.pdf.then_some(a.browser),
                csv_bom: a.csv_bom,
            }),
        };
        Ok(Config {
            shared: Shared {
                framework: s
                    .framework
                    .unwrap_or_else(|| s.indicators.join("framework")),
                indicators: s.indicators,
                commentary: s.commentary,
                data: s.data,
                color,
            },
            command,
        })
    }
}
