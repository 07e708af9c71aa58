//! rbm: results-based management of ICT development.
//!
//! The library is laid out by pipeline stage, in the order data flows:
//! [`indicator`] (definitions and the SMART check), [`ingest`] (published
//! files → the tidy observation table), [`classify`] (economies → groups),
//! [`aggregate`] (group values), [`progress`] (status against targets),
//! [`report`] (output formats), with [`commands`] on top, the only place
//! that reads and writes files. The `rbm` binary parses the
//! command line and calls [`run`].

#![deny(missing_docs)]

pub mod aggregate;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod indicator;
pub mod ingest;
pub mod plot;
pub mod progress;
pub mod report;

pub use commands::{Status, run};
pub use error::{Error, Location, Result};
