//! rbm: results-based management of ICT development.
//!
//! The library is laid out by pipeline stage, each using only the stages
//! below it: [`base`] (points, numbers, CSV text, closed lists),
//! [`classify`] (economies → groups), [`indicator`] (definitions and the
//! SMART check), [`ingest`] (published files → the tidy observation
//! table), [`aggregate`] (group values), [`progress`] (status against
//! targets), [`plot`] (charts), [`report`] (output formats), with
//! [`commands`] on top, the only place that reads and writes files, and
//! [`config`], the resolved command line. The `rbm` binary parses the
//! command line, resolves it into a [`Config`] and calls [`run`]; no clap
//! type reaches the library.

#![deny(missing_docs)]

pub mod aggregate;
pub mod base;
pub mod classify;
pub mod commands;
pub mod config;
pub mod error;
pub mod indicator;
pub mod ingest;
pub mod plot;
pub mod progress;
pub mod report;

pub use commands::{Outcome, Selection, Shared, TableFormat};
pub use config::{Command, Config, is_broken_pipe, run};
pub use error::{Error, Location, Result};
