//! The commands: glue from a [`Config`] through the pipeline stages to
//! output. This is the only place in the library that reads or writes files
//! and prints.

mod check;
pub mod fs;
mod ingest;
mod pipeline;
mod plot;
mod progress;
mod report;

use std::io::Write;

use crate::cli::Cli;
use crate::config::{Config, Job};

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    /// Everything fine: exit 0.
    Success = 0,
    /// The command ran and found problems (`rbm check`): exit 1.
    Problems = 1,
}

/// Run the command line's command, writing results to `out` and progress
/// or warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let config = Config::from_cli(cli);
    match &config.job {
        Job::Check => check::check(&config, out, err),
        Job::Indicators => check::list(&config, out),
        Job::Ingest {
            files,
            format,
            rejects,
            classifications,
            vintage,
            append,
            dry_run,
        } => ingest::ingest(
            &config,
            &ingest::IngestOptions {
                files,
                format: *format,
                rejects: rejects.as_deref(),
                classifications: classifications.as_deref(),
                vintage: vintage.as_deref(),
                append: *append,
                dry_run: *dry_run,
            },
            out,
            err,
        ),
        Job::Series {
            select,
            format,
            economies,
            compare: false,
        } => progress::series(&config, select, *format, *economies, out),
        Job::Series {
            select,
            format,
            compare: true,
            ..
        } => progress::compare(&config, select, *format, out),
        Job::Progress {
            select,
            method,
            format,
        } => progress::progress(&config, select, *method, *format, out),
        Job::Gaps {
            select,
            method,
            format,
        } => progress::gaps(&config, select, *method, *format, out),
        Job::Plot {
            select,
            method,
            out: dir,
            formats,
            size,
        } => plot::plot(
            &config,
            &plot::PlotOptions {
                select,
                method: *method,
                out: dir,
                formats: *formats,
                size: *size,
            },
            out,
            err,
        ),
        Job::Report {
            year,
            out: dir,
            previous,
            method,
        } => report::report(
            &config,
            &report::ReportOptions {
                year: *year,
                out: dir,
                previous: previous.as_deref(),
                method: *method,
            },
            out,
        ),
    }
}

/// True when the error is a closed output pipe (`rbm … | head`), which is
/// not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
