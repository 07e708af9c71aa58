//! `rbm report`: the annual progress report into `<out>/<year>/`, built in a
//! temporary folder and moved into place at the end, so that a failed or
//! interrupted run leaves the previous report as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::options::{Io, Outcome, Run, Selection, Shared};
use super::{fs, pipeline};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::classify::group;
use crate::indicator::smart;
use crate::plot::{self, ChartInputs};
use crate::progress::Method;
use crate::progress::backtest::{self, Cuts};
use crate::report::build::{self, PreviousReport, ReportInputs};
use crate::report::chain::Chain;
use crate::report::chain_figure;
use crate::report::compose::{self, Parts};
use crate::report::document::Image;
use crate::report::framework_part::FrameworkInputs;
use crate::report::{annex, csv, distributions, docx, figure, html, json, markdown, rows, xlsx};

/// Options of `rbm report`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Report year (default: the latest data year).
    pub year: Option<i32>,
    /// Parent folder: the report goes to `<out>/<year>/`.
    pub out: PathBuf,
    /// An earlier report: its year folder (the one holding
    /// `progress.json`), or that file itself.
    pub previous: Option<PathBuf>,
    /// The method of the headline statuses and charts.
    pub method: Method,
    /// A group report: the group's code or name as given.
    pub group: Option<String>,
    /// Print `report.pdf` too: with this browser, or the first found.
    pub pdf: Option<Option<PathBuf>>,
    /// Start the CSV files with a byte-order mark (for Excel on Windows).
    pub csv_bom: bool,
}

/// Chart size in the report.
const SIZE: (u32, u32) = (1200, 675);

/// Files to write: (path relative to the report folder, bytes).
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// A rendered report: its year, its files, and against an earlier report
/// the number of status changes and that report's name.
pub struct Rendered {
    /// Report year.
    pub year: i32,
    /// The folder's name under `--out`: the year, and for a group report
    /// `<year>-<CODE>`.
    pub folder: String,
    /// Every file, by path in the report folder.
    pub files: Files,
    /// Status changes since the earlier report, and its name.
    pub changes: Option<(usize, String)>,
}

/// The one group `--group` names, by code or name in any case.
fn focus_group(word: &str) -> anyhow::Result<&'static str> {
    let codes = group::resolve_word(word).map_err(|m| anyhow::anyhow!("--group {m}"))?;
    match codes.as_slice() {
        [code] => Ok(code),
        _ => anyhow::bail!(
            "--group `{word}` stands for {} groups ({}): name one, such as ITU_AFR (Africa) or LDC",
            codes.len(),
            codes.join(", ")
        ),
    }
}

/// Everything the report folder holds, and the report year.
pub fn render_report(shared: &Shared, opts: &ReportOptions) -> anyhow::Result<Rendered> {
    let focus = opts.group.as_deref().map(focus_group).transpose()?;
    let loaded = pipeline::load(shared)?;
    // Read the earlier report first: a wrong folder fails before any work.
    let previous = opts.previous.as_deref().map(read_previous).transpose()?;
    let index = SeriesIndex::new(&loaded.table);
    let years = Aggregator::new(&index, &loaded.class).years();
    let year = opts.year.unwrap_or(years.1);
    pipeline::check_year(year, years, "--year")?;
    let method = opts.method;
    let select = Selection {
        as_of: Some(year),
        ..Selection::default()
    };
    let analysis = pipeline::analyse(&loaded, &select, &Method::ALL)?;
    let main_rows: Vec<_> = analysis
        .rows
        .iter()
        .filter(|r| r.assessment.method == method)
        .cloned()
        .collect();

    // Charts for the indicators of the 2030 targets' parts, the only parts
    // with figures: an indicator of a 2023 target, an outcome or an output
    // alone (broadband subscriptions, C2023-1.5) is in the results
    // framework's tables, and a chart file the page does not show would be
    // a chart no reader of the report sees.
    let charted: Vec<_> = analysis
        .indicators
        .iter()
        .filter(|i| i.targets_2030().next().is_some())
        .copied()
        .collect();
    let (mut chart_files, _skipped) = plot::charts(&ChartInputs {
        indicators: &charted,
        data: &analysis.data,
        rows: &main_rows,
        method,
        groups: &analysis.groups,
        as_of: year,
    });
    // The results-framework part: the chain's statuses from the same
    // rows, with the officers' commentary of the year.
    let (commentary, _) =
        pipeline::load_commentary(shared, year, &loaded.registry, &analysis.rows)?;
    let chain = Chain::new(
        &loaded.registry.framework,
        &analysis.indicators,
        &analysis.rows,
        method,
        &commentary,
    );
    // The chain's diagrams are drawn with the other charts.
    let diagram_files = chain_figure::diagrams(&chain, year, method);
    let diagram_stems: Vec<String> = diagram_files.iter().map(|f| f.stem.clone()).collect();
    chart_files.extend(diagram_files);
    // Maps beside each indicator's charts, with the table behind each.
    let (map_files, _no_map) = super::plot::maps(&loaded, &charted, year, method)?;
    let mut charts_by_indicator: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in chart_files.iter().chain(&map_files) {
        if let Some((ind, _)) = f.stem.split_once("--") {
            charts_by_indicator
                .entry(ind.to_string())
                .or_default()
                .push(f.stem.clone());
        }
    }
    // Every chart and map drawn once as SVG (the page's copy, and with the
    // font put in for its file) and once as PNG (its file, which Word and
    // Markdown show too).
    let size = plot::Size::fit(SIZE.0, SIZE.1);
    let all: Vec<&plot::ChartFile> = chart_files.iter().chain(&map_files).collect();
    // The member economies behind each group's status (for the tables)
    // are counted while the charts are drawn: both read the analysis only.
    let (drawn, spread) = rayon::join(
        || draw(&all, &size),
        || pipeline::distributions(&loaded, &analysis, method),
    );
    let mut files: Files = Vec::with_capacity(drawn.len() * 2 + map_files.len() + 16);
    let mut figures = BTreeMap::new();
    let mut images = BTreeMap::new();
    for (f, d) in all.iter().zip(drawn) {
        files.push((
            Path::new("charts").join(format!("{}.svg", f.stem)),
            d.svg_file,
        ));
        images.insert(
            f.stem.clone(),
            Image {
                svg: d.svg,
                png: d.png,
                size: (SIZE.0, f.chart.height(SIZE.0, SIZE.1)),
                file: format!("charts/{}.png", f.stem),
            },
        );
        figures.insert(f.stem.clone(), d.figure);
    }
    files.extend(super::plot::map_tables(&map_files, Path::new("charts")));

    let catalog = loaded.table.catalog();
    let measurable: BTreeSet<String> = analysis
        .indicators
        .iter()
        .filter(|i| smart::measurable(i, Some(&catalog)).0.measurable)
        .map(|i| i.id.clone())
        .collect();
    let inputs = &loaded.inputs;
    // A group report's tables are the group's and the World's; its charts
    // keep every group, for context.
    let report_rows: Vec<_> = match focus {
        Some(code) => analysis
            .rows
            .iter()
            .filter(|r| r.geo == code || r.geo == "WLD")
            .cloned()
            .collect(),
        None => analysis.rows.clone(),
    };
    // The member economies behind each group's status, for the same
    // groups as the tables.
    let spread: Vec<_> = spread
        .into_iter()
        .filter(|d| focus.is_none_or(|code| d.group == code || d.group == "WLD"))
        .collect();
    let report = build::build(&ReportInputs {
        year,
        as_of: year,
        method,
        framework: &loaded.registry.framework,
        indicators: &analysis.indicators,
        rows: &report_rows,
        data: &analysis.data,
        charts: &charts_by_indicator,
        inputs,
        previous: previous.as_ref().map(|(p, n)| (p, n.clone())),
        measurable: &measurable,
        group: focus,
        distributions: &spread,
    });

    let framework = FrameworkInputs {
        chain: &chain,
        indicators: &analysis.indicators,
        rows: &analysis.rows,
        method,
        commentary: &commentary,
        year,
        diagrams: &diagram_stems
            .iter()
            .filter_map(|s| figures.get(s).cloned())
            .collect::<Vec<_>>(),
    }
    .blocks();
    let mut series = Vec::new();
    for ind in &analysis.indicators {
        if let Some(d) = analysis.data.get(&ind.id) {
            series.extend(rows::series_rows(
                &ind.id,
                ind.unit,
                d,
                &analysis.groups,
                None,
            ));
        }
    }
    // The evidence for the default, measured again on this report's data
    // (every group, whatever the report's focus).
    let backtest = pipeline::backtest(&analysis, Cuts::Pooled, backtest::HORIZON, &Method::ALL);
    let mut doc = compose::document(Parts {
        report: &report,
        figures: &figures,
        images,
        annex: vec![annex::progress(&report_rows), annex::series(&series)],
        framework,
        backtest: Some(&backtest),
        indicators: &analysis.indicators,
    });
    // The four documents are independent of each other: written side by
    // side (Word and the workbook, which zip their parts, take longest).
    let ((page, text), (word, book)) = rayon::join(
        || (html::render(&doc), markdown::render(&doc)),
        || rayon::join(|| docx::render(&doc), || xlsx::render(&doc)),
    );
    files.push((PathBuf::from("index.html"), page?));
    files.push((PathBuf::from("report.md"), text?));
    files.push((PathBuf::from("report.docx"), word?));
    files.push((PathBuf::from("report.xlsx"), book?));
    // Each chart's PNG file is the picture Word embeds: moved, once the
    // documents are written, rather than copied for both.
    for (_, image) in std::mem::take(&mut doc.images) {
        files.push((PathBuf::from(image.file), image.png));
    }
    files.push((
        PathBuf::from("progress.json"),
        json::report_progress(&report_rows, year, &spread)?.into_bytes(),
    ));

    // The data behind every table and chart.
    let t = |name: &str| PathBuf::from("tables").join(name);
    files.push((t("progress.csv"), csv::progress(&report_rows)?.into_bytes()));
    files.push((t("series.csv"), csv::series(&series)?.into_bytes()));
    files.push((
        t("summary_by_goal.csv"),
        csv::counts(&report.by_goal, "goal")?.into_bytes(),
    ));
    files.push((
        t("summary_by_group.csv"),
        csv::counts(&report.by_group, "group")?.into_bytes(),
    ));
    files.push((t("data_gaps.csv"), csv::gaps(&report.gaps)?.into_bytes()));
    files.push((
        t("backtest.csv"),
        csv::backtest(&backtest.summaries)?.into_bytes(),
    ));
    files.push((
        t("distributions.csv"),
        distributions::csv(&spread)?.into_bytes(),
    ));
    files.push((
        t("sources.csv"),
        csv::sources(&report.sources)?.into_bytes(),
    ));
    if let Some(changes) = &report.changes {
        files.push((t("changes.csv"), csv::changes(changes)?.into_bytes()));
    }
    Ok(Rendered {
        year,
        folder: match focus {
            Some(code) => format!("{year}-{code}"),
            None => year.to_string(),
        },
        files,
        changes: report
            .changes
            .as_ref()
            .zip(report.previous.clone())
            .map(|(c, name)| (c.len(), name)),
    })
}

/// A chart drawn for the report: its figure (words and table), its SVG
/// without the font (for the page) and with it (its file), and its PNG.
struct Drawn {
    figure: crate::report::document::Figure,
    svg: String,
    svg_file: Vec<u8>,
    png: Vec<u8>,
}

/// Draw every chart on as many threads as the machine has cores, in the
/// order given whatever the order they finish in, so that the report's
/// bytes do not depend on the threads.
fn draw(files: &[&plot::ChartFile], size: &plot::Size) -> Vec<Drawn> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|f| {
            let figure = figure::figure(f);
            let svg = plot::render_svg_at(f, size, &figure.description, false);
            Drawn {
                png: plot::render_png_at(f, size),
                svg_file: plot::canvas::embed_font(&svg).into_bytes(),
                figure,
                svg,
            }
        })
        .collect()
}

/// An earlier report's `progress.json` and the name of its folder. `path`
/// is the report's year folder or the file itself; a parent folder of
/// reports or a wrong folder gets an error that names the folder meant.
fn read_previous(path: &Path) -> anyhow::Result<(PreviousReport, String)> {
    let (dir, file) = if path.is_file() {
        (path.parent().unwrap_or(Path::new(".")), path.to_path_buf())
    } else {
        (path, path.join("progress.json"))
    };
    if !file.is_file() {
        return Err(anyhow::anyhow!("{}", previous_hint(path)));
    }
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("could not read the earlier report's '{}'", file.display()))?;
    let prev: PreviousReport = serde_json::from_str(&text).with_context(|| {
        format!(
            "'{}' is not a progress.json written by rbm report",
            file.display()
        )
    })?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    Ok((prev, name))
}

/// What to say when `--previous` does not name a report: what it takes,
/// and the reports there are, below it or beside it.
fn previous_hint(path: &Path) -> String {
    let expected =
        "--previous takes an earlier report's year folder, the one holding progress.json";
    // Year folders with a progress.json in a folder.
    let reports_in = |dir: &Path| -> Vec<String> {
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().join("progress.json").is_file())
                    .map(|e| e.path().display().to_string())
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    };
    let below = reports_in(path);
    if let Some(last) = below.last() {
        return format!(
            "'{}' holds several reports, not one: {expected}, such as '{last}' (found: {})",
            path.display(),
            below.join(", ")
        );
    }
    let what = if path.exists() {
        format!("'{}' has no progress.json", path.display())
    } else {
        format!("no earlier report at '{}'", path.display())
    };
    let beside = path.parent().map(reports_in).unwrap_or_default();
    match beside.last() {
        Some(last) => format!(
            "{what}: {expected}, such as '{last}' (found: {})",
            beside.join(", ")
        ),
        None => format!("{what}: {expected}, such as reports/2024"),
    }
}

impl Run for ReportOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        // No browser is an error before any work.
        let browser = self
            .pdf
            .as_ref()
            .map(|chosen| super::pdf::browser(chosen.as_deref()))
            .transpose()?;
        let Rendered {
            year,
            folder,
            files,
            changes,
        } = render_report(shared, self)?;
        let target = self.out.join(&folder);
        let mut files = files;
        if let Some(browser) = &browser {
            let html = files
                .iter()
                .find(|(p, _)| p == Path::new("index.html"))
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            let scratch = self
                .out
                .join(format!(".{folder}.rbm-pdf-{}", std::process::id()));
            let pdf = super::pdf::print(browser, &html, &scratch)?;
            files.push((PathBuf::from("report.pdf"), pdf));
        }
        if self.csv_bom {
            for (path, bytes) in &mut files {
                if path.extension().is_some_and(|e| e == "csv") {
                    bytes.splice(0..0, "\u{feff}".bytes());
                }
            }
        }
        let n = files.len();
        fs::replace_dir(&target, files)
            .with_context(|| format!("could not write the report to '{}'", target.display()))?;
        let mut text = format!(
            "wrote the {year} report ({n} files) to {}\n",
            target.display()
        );
        if let Some((n, name)) = changes {
            text.push_str(&format!("{n} status change(s) since {name}\n"));
        }
        text.push_str(&format!("open {}\n", target.join("index.html").display()));
        io.finish(&text)
    }
}
