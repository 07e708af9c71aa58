//! What the commands share: where the project's folders are and how to
//! write ([`Shared`]), which indicators, groups and year to look at
//! ([`Selection`]), the table formats, how a command ended ([`Outcome`])
//! and the one signature every command has ([`Run`]).
//!
//! Every value here is resolved: the command line (or a test) has already
//! turned words into groups, methods and formats. No clap type appears in
//! the library.

use std::io::Write;
use std::path::PathBuf;

use crate::base::vocab::vocabulary;

/// What every command is given besides its own options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The folder of indicator definitions.
    pub indicators: PathBuf,
    /// The results framework folder (by default `framework/` inside the
    /// indicators folder).
    pub framework: PathBuf,
    /// The officers' commentary folder (`<year>/<id>.md`), which rbm reads
    /// and never writes.
    pub commentary: PathBuf,
    /// The datasets folder (rbm's own store).
    pub data: PathBuf,
    /// Colour terminal tables (statuses); the binary decides from the
    /// terminal, `NO_COLOR` and `--color`.
    pub color: bool,
}

/// Which indicators, groups and year an analysis command looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Indicator ids; empty means every indicator.
    pub indicators: Vec<String>,
    /// Group codes, in report order (already resolved from words such as
    /// `regions`).
    pub groups: Vec<&'static str>,
    /// Data up to this year; `None` is the latest year with data.
    pub as_of: Option<i32>,
    /// Target ids (any case); empty means every target.
    pub targets: Vec<String>,
}

impl Shared {
    /// The folders of a project: `indicators/`, its `framework/`,
    /// `datasets/` and `commentary/` under `root`, without colour.
    pub fn project(root: &std::path::Path) -> Self {
        Shared {
            indicators: root.join("indicators"),
            framework: root.join("indicators").join("framework"),
            commentary: root.join("commentary"),
            data: root.join("datasets"),
            color: false,
        }
    }

    /// These indicator and datasets folders, the framework inside the
    /// indicators folder, no commentary, without colour.
    pub fn of(indicators: PathBuf, data: PathBuf) -> Self {
        Shared {
            framework: indicators.join("framework"),
            indicators,
            commentary: PathBuf::from("commentary"),
            data,
            color: false,
        }
    }
}

impl Default for Selection {
    /// Every indicator, every computed group, the latest data.
    fn default() -> Self {
        Selection {
            indicators: Vec::new(),
            groups: crate::classify::group::computed(),
            as_of: None,
            targets: Vec::new(),
        }
    }
}

vocabulary! {
    /// How a command writes its table.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum TableFormat: "format" {
        Table = "table": "A table for the terminal (the default).",
        Csv = "csv": "CSV, with the columns fixed in the design reference.",
        Json = "json": "JSON, every field.",
    }
}

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything fine: exit 0.
    Success,
    /// The command ran and found problems (`rbm check`): exit 1.
    Problems,
}

impl Outcome {
    /// The exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Problems => 1,
        }
    }
}

/// Where a command writes: its results to `out`, notes and progress to
/// `err`.
pub struct Io<'a> {
    /// Standard output, or what stands for it.
    pub out: &'a mut dyn Write,
    /// Standard error, or what stands for it.
    pub err: &'a mut dyn Write,
}

impl Io<'_> {
    /// Write a command's whole result and end it well.
    pub fn finish(&mut self, text: &str) -> anyhow::Result<Outcome> {
        self.out.write_all(text.as_bytes())?;
        Ok(Outcome::Success)
    }
}

/// A command's options, run. Every subcommand's options struct implements
/// it.
pub trait Run {
    /// Run the command.
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome>;
}
