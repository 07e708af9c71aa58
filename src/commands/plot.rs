//! `rbm plot`: every chart into a folder, as SVG and/or PNG.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;

use super::{Status, fs, pipeline};
use crate::aggregate::SeriesIndex;
use crate::config::{ChartFormats, Config, MethodChoice, Selection};
use crate::plot::{self, ChartFile, ChartInputs};
use crate::progress::Method;

/// Options of `rbm plot`.
pub struct PlotOptions<'a> {
    /// Which indicators, groups and year.
    pub select: &'a Selection,
    /// Method for projections and statuses.
    pub method: MethodChoice,
    /// Output folder.
    pub out: &'a Path,
    /// Formats.
    pub formats: ChartFormats,
    /// Size in pixels.
    pub size: (u32, u32),
}

/// The one method charts use: `--method all` draws the default's.
pub fn chart_method(m: MethodChoice) -> Method {
    match m {
        MethodChoice::Projection => Method::Projection,
        MethodChoice::Regression => Method::Regression,
        MethodChoice::CagrRatio | MethodChoice::All => Method::CagrRatio,
    }
}

/// Render every chart file, SVG and/or PNG, in memory, on as many threads as
/// the machine has cores. The files come back in the order of `files`
/// (SVG before PNG for each), whatever the order they finished in.
pub fn render_all(
    files: &[ChartFile],
    formats: ChartFormats,
    size: (u32, u32),
    dir: &Path,
) -> Vec<(PathBuf, Vec<u8>)> {
    let mut jobs: Vec<(&ChartFile, bool)> = Vec::new();
    for f in files {
        if formats.svg {
            jobs.push((f, false));
        }
        if formats.png {
            jobs.push((f, true));
        }
    }
    let render = |(f, png): (&ChartFile, bool)| {
        if png {
            (
                dir.join(format!("{}.png", f.stem)),
                plot::render_png(f, size.0, size.1),
            )
        } else {
            (
                dir.join(format!("{}.svg", f.stem)),
                plot::render_svg(f, size.0, size.1, true).into_bytes(),
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

/// Run `rbm plot`.
pub fn plot(
    config: &Config,
    opts: &PlotOptions<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Status> {
    let loaded = pipeline::load(config)?;
    let index = SeriesIndex::new(&loaded.table);
    let method = chart_method(opts.method);
    let assessed = pipeline::assess(&loaded, &index, opts.select, &[method])?;
    let (files, skipped) = plot::charts(&ChartInputs {
        indicators: &assessed.indicators,
        data: &assessed.data,
        rows: &assessed.rows,
        method,
        groups: &assessed.groups,
        as_of: assessed.as_of,
    });
    for s in &skipped {
        writeln!(err, "note: {s}")?;
    }
    std::fs::create_dir_all(opts.out)
        .with_context(|| format!("could not create '{}'", opts.out.display()))?;
    let rendered = render_all(&files, opts.formats, opts.size, opts.out);
    let n = rendered.len();
    fs::write_files(rendered)?;
    writeln!(
        out,
        "wrote {n} file(s) for {} chart(s) to {}",
        files.len(),
        opts.out.display()
    )?;
    Ok(Status::Success)
}
