//! `rbm report`: the annual progress report into `<out>/<year>/`, built in a
//! temporary folder and moved into place at the end, so that a failed or
//! interrupted run leaves the previous report as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::plot::{chart_method, render_all};
use super::{Status, fs, pipeline};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::config::{ChartFormats, Config, MethodChoice, Selection};
use crate::indicator::smart;
use crate::plot::{self, ChartInputs};
use crate::progress::Method;
use crate::report::build::{self, PreviousReport, ReportInputs};
use crate::report::{csv, html, json, markdown, rows};

/// Options of `rbm report`.
pub struct ReportOptions<'a> {
    /// Report year (default: the latest data year).
    pub year: Option<i32>,
    /// Parent folder.
    pub out: &'a Path,
    /// An earlier report's folder.
    pub previous: Option<&'a Path>,
    /// Method.
    pub method: MethodChoice,
}

/// Chart size in the report.
const SIZE: (u32, u32) = (1200, 675);

/// Files to write: (path relative to the report folder, bytes).
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Everything the report folder holds, and the report year.
pub fn render_report(config: &Config, opts: &ReportOptions<'_>) -> anyhow::Result<(i32, Files)> {
    let loaded = pipeline::load(config)?;
    let index = SeriesIndex::new(&loaded.table);
    let latest = Aggregator::new(&index, &loaded.class).years().1;
    let year = opts.year.unwrap_or(latest);
    let method = chart_method(opts.method);
    let select = Selection {
        indicators: Vec::new(),
        groups: vec!["all".to_string()],
        as_of: Some(year),
    };
    let assessed = pipeline::assess(&loaded, &index, &select, &Method::ALL)?;
    let main_rows: Vec<_> = assessed
        .rows
        .iter()
        .filter(|r| r.assessment.method == method)
        .cloned()
        .collect();

    let (chart_files, _skipped) = plot::charts(&ChartInputs {
        indicators: &assessed.indicators,
        data: &assessed.data,
        rows: &main_rows,
        method,
        groups: &assessed.groups,
        as_of: year,
    });
    let mut charts_by_indicator: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &chart_files {
        if let Some((ind, _)) = f.stem.split_once("--") {
            charts_by_indicator
                .entry(ind.to_string())
                .or_default()
                .push(f.stem.clone());
        }
    }
    // Charts: files with their own font, and inline copies without.
    let mut files = render_all(
        &chart_files,
        ChartFormats {
            svg: true,
            png: true,
        },
        SIZE,
        Path::new("charts"),
    );
    let inline: BTreeMap<String, String> = chart_files
        .iter()
        .map(|f| (f.stem.clone(), plot::render_svg(f, SIZE.0, SIZE.1, false)))
        .collect();

    let catalog = loaded.table.catalog();
    let measurable: BTreeSet<String> = assessed
        .indicators
        .iter()
        .filter(|i| smart::measurable(i, Some(&catalog)).0.measurable)
        .map(|i| i.id.clone())
        .collect();
    let inputs = fs::load_inputs(&config.data).unwrap_or_default();
    let previous = match opts.previous {
        Some(dir) => {
            let path = dir.join("progress.json");
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("could not read the previous report's '{}'", path.display())
            })?;
            let prev: PreviousReport = serde_json::from_str(&text).with_context(|| {
                format!(
                    "'{}' is not a progress.json written by rbm report",
                    path.display()
                )
            })?;
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| dir.display().to_string());
            Some((prev, name))
        }
        None => None,
    };
    let report = build::build(&ReportInputs {
        year,
        as_of: year,
        method,
        indicators: &assessed.indicators,
        rows: &assessed.rows,
        data: &assessed.data,
        charts: &charts_by_indicator,
        inputs: &inputs,
        previous: previous.as_ref().map(|(p, n)| (p, n.clone())),
        measurable: &measurable,
    });

    files.push((
        PathBuf::from("index.html"),
        html::render(&report, &inline).into_bytes(),
    ));
    files.push((
        PathBuf::from("report.md"),
        markdown::render(&report).into_bytes(),
    ));
    files.push((
        PathBuf::from("progress.json"),
        json::progress(&assessed.rows, Some(year)).into_bytes(),
    ));

    // The data behind every table and chart.
    let t = |name: &str| PathBuf::from("tables").join(name);
    files.push((
        t("progress.csv"),
        csv::progress(&assessed.rows).into_bytes(),
    ));
    let mut series = Vec::new();
    for ind in &assessed.indicators {
        if let Some(d) = assessed.data.get(&ind.id) {
            series.extend(rows::series_rows(&ind.id, d, &assessed.groups, None));
        }
    }
    files.push((t("series.csv"), csv::series(&series).into_bytes()));
    files.push((
        t("summary_by_goal.csv"),
        csv::counts(&report.by_goal, "goal").into_bytes(),
    ));
    files.push((
        t("summary_by_group.csv"),
        csv::counts(&report.by_group, "group").into_bytes(),
    ));
    files.push((t("data_gaps.csv"), csv::gaps(&report.gaps).into_bytes()));
    files.push((t("sources.csv"), csv::sources(&report.sources).into_bytes()));
    if let Some(changes) = &report.changes {
        files.push((t("changes.csv"), csv::changes(changes).into_bytes()));
    }
    Ok((year, files))
}

/// Run `rbm report`.
pub fn report(
    config: &Config,
    opts: &ReportOptions<'_>,
    out: &mut dyn Write,
) -> anyhow::Result<Status> {
    let (year, files) = render_report(config, opts)?;
    let target = opts.out.join(year.to_string());
    let n = files.len();
    fs::replace_dir(&target, files)
        .with_context(|| format!("could not write the report to '{}'", target.display()))?;
    writeln!(
        out,
        "wrote the {year} report ({n} files) to {}",
        target.display()
    )?;
    writeln!(out, "open {}", target.join("index.html").display())?;
    Ok(Status::Success)
}
