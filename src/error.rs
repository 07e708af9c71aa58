//! Typed errors for the library.
//!
//! Every error names where it happened: the file, and when it is known the
//! line or spreadsheet cell, the field (column or TOML key) and the indicator
//! id. The binary adds context with `anyhow` and prints the whole chain.
//!
//! An indicator that is off track is a result, never an error: nothing here
//! describes the state of the world, only inputs that could not be used.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input something went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line number, where the reader knows it.
    pub line: Option<u64>,
    /// Spreadsheet cell reference such as `B7`, for workbooks.
    pub cell: Option<String>,
    /// The column (CSV), key (TOML) or field that is at fault.
    pub field: Option<String>,
}

impl Location {
    /// A location that names only a file.
    pub fn file(path: impl AsRef<Path>) -> Self {
        Location {
            path: path.as_ref().to_path_buf(),
            ..Location::default()
        }
    }

    /// The same location at a given line.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The same location at a given spreadsheet cell.
    pub fn at_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    /// The same location, naming a field.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, ": cell {cell}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        Ok(())
    }
}

/// What is wrong with an indicator definition, and where
/// ([`Error::Definition`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    /// File, line and TOML field.
    pub location: Location,
    /// The indicator id, when the file got far enough to have one.
    pub indicator: Option<String>,
    /// The SMART criterion (or `syntax`) it concerns.
    pub criterion: &'static str,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: error [{}]: {}",
            self.location, self.criterion, self.message
        )
    }
}

/// Everything that can stop a library call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written. The operating
    /// system's reason is the source, so that a printed chain says it once.
    #[error("{}: {action}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done ("cannot read", "cannot create folder").
        action: &'static str,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// An indicator definition that cannot be used: one error of
    /// `rbm check`, with its file, line, TOML field and indicator id.
    #[error("{0}")]
    Definition(Box<DefinitionError>),

    /// The definitions in a folder have errors, so no command but
    /// `rbm check` may use them: the first few, and how many there are.
    #[error(
        "{count} error(s) in the indicator definitions in {} (run `rbm check` for all findings):{}",
        dir.display(),
        listed(errors, *count)
    )]
    Definitions {
        /// The folder.
        dir: PathBuf,
        /// How many errors there are.
        count: usize,
        /// The first of them ([`Error::Definition`]s).
        errors: Vec<Error>,
    },

    /// An indicator id that no definition has.
    #[error("unknown indicator `{id}`{}; known: {}", hint(suggestion), known.join(", "))]
    UnknownIndicator {
        /// The id asked for.
        id: String,
        /// The nearest known id, if one is close.
        suggestion: Option<String>,
        /// Every known id.
        known: Vec<String>,
    },

    /// A group selection word or code that rbm does not compute.
    #[error("{message}")]
    UnknownGroup {
        /// The word asked for.
        word: String,
        /// What is expected, with the nearest group.
        message: String,
    },

    /// An input file (CSV, workbook, dataset) that cannot be read at all.
    /// Row-level problems are not errors: they become rejects.
    #[error("{location}: {message}")]
    Input {
        /// File, line or cell, column.
        location: Location,
        /// What is wrong and what was expected.
        message: String,
    },

    /// A request that cannot be answered from the definitions and data given,
    /// such as an unknown indicator id.
    #[error("{0}")]
    Usage(String),

    /// An output (CSV, JSON) that could not be rendered in memory.
    #[error("could not write the {what}: {message}")]
    Render {
        /// What was being written.
        what: &'static str,
        /// Why not.
        message: String,
    },
}

impl Error {
    /// An I/O error on a path.
    pub fn io(path: impl AsRef<Path>, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            action,
            source,
        }
    }

    /// An input error at a location.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    /// An output that could not be rendered.
    pub fn render(what: &'static str, e: impl fmt::Display) -> Self {
        Error::Render {
            what,
            message: e.to_string(),
        }
    }
}

fn listed(errors: &[Error], count: usize) -> String {
    let mut out: String = errors.iter().map(|e| format!("\n  {e}")).collect();
    if count > errors.len() {
        out.push_str(&format!("\n  … and {} more", count - errors.len()));
    }
    out
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_names_file_line_cell_and_field() {
        let loc = Location::file("a/b.csv").at_line(7).field("dataValue");
        assert_eq!(loc.to_string(), "a/b.csv:7: field `dataValue`");
        let loc = Location::file("w.xlsx").at_cell("C12");
        assert_eq!(loc.to_string(), "w.xlsx: cell C12");
    }
}
