//! Output formats: terminal tables, CSV, JSON, and the report. The report
//! is said once ([`build`]: what it says; [`compose`]: in what order, as a
//! [`document::Document`]) and written by one renderer per format
//! ([`html`], [`markdown`], [`docx`], [`xlsx`]), each
//! `fn render(&Document) -> Result<Vec<u8>>`; [`annex`] holds the tables
//! only the workbook shows.
//! Everything renders in memory; writing files is the command layer's job.
//! The results chain with its statuses ([`chain`]), its diagrams
//! ([`chain_figure`]) and the officers'
//! commentary ([`commentary`]) are read here too, from values the command
//! layer hands in.

pub mod annex;
pub mod build;
pub mod chain;
pub mod chain_figure;
pub mod commentary;
pub mod compose;
pub mod csv;
pub mod distributions;
pub mod document;
pub mod docx;
pub mod economies;
pub mod figure;
pub mod framework_part;
pub mod framework_view;
pub mod html;
pub mod json;
pub mod markdown;
pub mod markup;
pub mod model;
pub mod rows;
pub mod table;
pub mod terminal;
pub mod xlsx;
