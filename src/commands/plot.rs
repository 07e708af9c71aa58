//! `rbm plot`: every chart into a folder, as SVG and/or PNG, and a map of
//! every indicator with economy data with the table behind it
//! (`<indicator>--map.csv`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;

use super::options::{Io, Outcome, Run, Selection, Shared};
use super::{fs, pipeline};
use crate::aggregate::{Aggregator, SeriesIndex};
use crate::base::vocab::vocabulary;
use crate::indicator::Indicator;
use crate::plot::{self, Chart, ChartFile, ChartInputs};
use crate::progress::Method;
use crate::progress::members::{self, MemberRow};
use crate::report::figure;

vocabulary! {
    /// Which files a chart is written as.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ChartFormat: "chart format" {
        Svg = "svg": "SVG only.",
        Png = "png": "PNG only.",
        Both = "both": "Both (the default).",
    }
}

impl ChartFormat {
    /// Writes SVG files.
    pub fn svg(self) -> bool {
        self != ChartFormat::Png
    }

    /// Writes PNG files.
    pub fn png(self) -> bool {
        self != ChartFormat::Svg
    }
}

/// Options of `rbm plot`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotOptions {
    /// Which indicators, groups and year.
    pub select: Selection,
    /// The method of the projections and statuses.
    pub method: Method,
    /// Output folder.
    pub out: PathBuf,
    /// Which files.
    pub format: ChartFormat,
    /// Width and height in pixels, and how much text, lines and markers
    /// grow.
    pub size: plot::Size,
}

/// Render every chart file, SVG and/or PNG, in memory, on as many threads as
/// the machine has cores. The files come back in the order of `files`
/// (SVG before PNG for each), whatever the order they finished in. Each
/// SVG carries the chart's description in words (its `<desc>`).
pub fn render_all(
    files: &[ChartFile],
    format: ChartFormat,
    size: plot::Size,
    dir: &Path,
) -> Vec<(PathBuf, Vec<u8>)> {
    let mut jobs: Vec<(&ChartFile, bool)> = Vec::new();
    for f in files {
        if format.svg() {
            jobs.push((f, false));
        }
        if format.png() {
            jobs.push((f, true));
        }
    }
    let render = |(f, png): (&ChartFile, bool)| {
        if png {
            (
                dir.join(format!("{}.png", f.stem)),
                plot::render_png_at(f, &size),
            )
        } else {
            let description = figure::figure(f).description;
            (
                dir.join(format!("{}.svg", f.stem)),
                plot::render_svg_at(f, &size, &description, true).into_bytes(),
            )
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len());
    if threads <= 1 {
        return jobs.into_iter().map(render).collect();
    }
    // A PNG costs some forty times an SVG, so threads take the next job as
    // they become free rather than a fixed share.
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, (PathBuf, Vec<u8>))> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&job) = jobs.get(i) else { break };
                        mine.push((i, render(job)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            // A panic while drawing is a bug; carry it to the caller as one.
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, file)| file).collect()
}

/// The maps of `indicators`, on the bundled world geometry: each one's
/// latest value per economy, and each economy's status as `rbm economies`
/// gives it against the indicator's first 2030 target that members can be
/// held to (judged once per economy: as a member of the World when the
/// target applies to it, else of the first of the target's groups it is
/// in).
pub fn maps(
    loaded: &pipeline::Loaded,
    indicators: &[&Indicator],
    as_of: i32,
    method: Method,
) -> anyhow::Result<(Vec<ChartFile>, Vec<String>)> {
    use rayon::prelude::*;
    let index = SeriesIndex::new(&loaded.table);
    let agg = Aggregator::new(&index, &loaded.class);
    // The world map is read while each indicator's economies are
    // assessed, an indicator to a core: both are a fifth of the serial
    // start of `rbm report`.
    let (atlas, (economies, statuses)) = rayon::join(plot::geo::world, || {
        let economies = indicators
            .par_iter()
            .filter_map(|ind| {
                let spec = ind.series.as_ref()?;
                Some((ind.id.clone(), agg.economy_series(spec)))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let statuses = indicators
            .par_iter()
            .filter_map(|ind| Some((ind.id.clone(), economy_statuses(ind, &agg, as_of, method)?)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        (economies, statuses)
    });
    let atlas = atlas.context("could not read the bundled world map")?;
    Ok(plot::maps(
        indicators,
        &economies,
        &statuses,
        &loaded.class,
        &atlas,
        as_of,
        method,
    ))
}

/// Each economy's row against the first 2030 target of `ind` that members
/// can be held to, one row per economy, or none without such a target.
fn economy_statuses(
    ind: &Indicator,
    agg: &Aggregator<'_>,
    as_of: i32,
    method: Method,
) -> Option<Vec<MemberRow>> {
    let target = ind.targets_2030().find(|t| {
        t.groups
            .iter()
            .any(|g| !members::member_targets(ind, g, std::slice::from_ref(&t.id)).is_empty())
    })?;
    let groups: Vec<&str> = if target.groups.iter().any(|g| g == "WLD") {
        vec!["WLD"]
    } else {
        target.groups.iter().map(String::as_str).collect()
    };
    let rows = members::member_rows(
        ind,
        agg,
        &groups,
        std::slice::from_ref(&target.id),
        method,
        Some(as_of),
        None,
    );
    let mut seen = std::collections::BTreeSet::new();
    Some(
        rows.into_iter()
            .filter(|r| seen.insert(r.economy.clone()))
            .collect(),
    )
}

/// The table behind each map, beside it.
pub fn map_tables(files: &[ChartFile], dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files
        .iter()
        .filter_map(|f| match &f.chart {
            Chart::Map(m) => Some((
                dir.join(format!("{}.csv", f.stem)),
                m.data_csv().into_bytes(),
            )),
            _ => None,
        })
        .collect()
}

impl Run for PlotOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        let loaded = pipeline::load(shared)?;
        let analysis = pipeline::analyse(&loaded, &self.select, &[self.method])?;
        let (mut files, mut skipped) = plot::charts(&ChartInputs {
            indicators: &analysis.indicators,
            data: &analysis.data,
            rows: &analysis.rows,
            method: self.method,
            groups: &analysis.groups,
            as_of: analysis.as_of,
        });
        let (maps, no_map) = maps(&loaded, &analysis.indicators, analysis.as_of, self.method)?;
        files.extend(maps);
        skipped.extend(no_map);
        for s in &skipped {
            writeln!(io.err, "note: {s}")?;
        }
        std::fs::create_dir_all(&self.out)
            .with_context(|| format!("could not create '{}'", self.out.display()))?;
        let mut rendered = render_all(&files, self.format, self.size, &self.out);
        rendered.extend(map_tables(&files, &self.out));
        let n = rendered.len();
        fs::write_files(rendered)?;
        io.finish(&format!(
            "wrote {n} file(s) for {} chart(s) to {}\n",
            files.len(),
            self.out.display()
        ))
    }
}
