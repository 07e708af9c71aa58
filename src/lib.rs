//! rbm: results-based management of ICT development.
//!
//! The library is laid out by pipeline stage, in the order data flows:
//! [`indicator`] (definitions and the SMART check), [`classify`] (economies
//! → groups), [`report`] (output formats), with [`commands`] on top, the
//! only place that reads and writes files. The `rbm` binary parses the
//! command line and calls [`run`].

#![deny(missing_docs)]

pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod indicator;
pub mod ingest;
pub mod report;

pub use commands::{Status, run};
pub use error::{Error, Location, Result};
