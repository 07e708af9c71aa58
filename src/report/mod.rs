//! Output formats: terminal tables, CSV, JSON, Markdown and HTML. Each
//! renders to a `String` in memory; writing files is the command layer's job.

pub mod build;
pub mod csv;
pub mod document;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod rows;
pub mod table;
pub mod terminal;
