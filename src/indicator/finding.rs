//! A finding of `rbm check`: one problem (or note) in one definition, with
//! the file, line, field and the SMART criterion (or other check) it
//! concerns.

use std::fmt;

use serde::Serialize;

use crate::error::{DefinitionError, Error, Location};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The definition cannot be used: `rbm check` exits 1, other commands
    /// refuse to run.
    Error,
    /// The definition can be used, but something needs attention.
    Warning,
    /// For information.
    Note,
}

impl Severity {
    /// The word printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What a finding is about: one of the SMART criteria, or the file itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// The file cannot be read as a definition (syntax, unknown or duplicate
    /// fields, wrong types, duplicate ids).
    Syntax,
    /// Definition and unit present.
    Specific,
    /// A series that exists in the datasets, with data in at least two years.
    Measurable,
    /// The required pace against the best observed pace of any group.
    Achievable,
    /// Linked to a goal and target of the plan.
    Relevant,
    /// Target year and baseline year.
    TimeBound,
    /// The datasets folder: readable, consistent with its classification.
    Data,
    /// The results framework: its files, ids and the links of the chain.
    Chain,
    /// Officers' commentary and manual assessments.
    Commentary,
}

impl Criterion {
    /// The SMART criteria in order.
    pub const SMART: [Criterion; 5] = [
        Criterion::Specific,
        Criterion::Measurable,
        Criterion::Achievable,
        Criterion::Relevant,
        Criterion::TimeBound,
    ];

    /// The name printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Syntax => "syntax",
            Criterion::Specific => "Specific",
            Criterion::Measurable => "Measurable",
            Criterion::Achievable => "Achievable",
            Criterion::Relevant => "Relevant",
            Criterion::TimeBound => "Time-bound",
            Criterion::Data => "datasets",
            Criterion::Chain => "chain",
            Criterion::Commentary => "commentary",
        }
    }

    /// The initial letter used in the summary.
    pub fn letter(self) -> char {
        match self {
            Criterion::Syntax => '!',
            Criterion::Specific => 'S',
            Criterion::Measurable => 'M',
            Criterion::Achievable => 'A',
            Criterion::Relevant => 'R',
            Criterion::TimeBound => 'T',
            Criterion::Data => 'D',
            Criterion::Chain => 'C',
            Criterion::Commentary => 'N',
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// Which criterion.
    pub criterion: Criterion,
    /// File, line and field.
    #[serde(serialize_with = "location_string")]
    pub location: Location,
    /// The indicator id, when the file got far enough to have one.
    pub indicator: Option<String>,
    /// What is wrong, and what was expected.
    pub message: String,
}

fn location_string<S: serde::Serializer>(loc: &Location, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&loc.to_string())
}

impl Finding {
    /// An error.
    pub fn error(criterion: Criterion, location: Location, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            criterion,
            location,
            indicator: None,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(criterion: Criterion, location: Location, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(criterion, location, message)
        }
    }

    /// A note.
    pub fn note(criterion: Criterion, location: Location, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Note,
            ..Finding::error(criterion, location, message)
        }
    }

    /// The finding as a typed definition error ([`Error::Definition`]).
    pub fn to_error(&self) -> Error {
        Error::Definition(Box::new(DefinitionError {
            location: self.location.clone(),
            indicator: self.indicator.clone(),
            criterion: self.criterion.as_str(),
            message: self.message.clone(),
        }))
    }

    /// The same finding, attributed to an indicator.
    pub fn for_indicator(mut self, id: impl Into<String>) -> Self {
        self.indicator = Some(id.into());
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}]: {}",
            self.location,
            self.severity.as_str(),
            self.criterion.as_str(),
            self.message
        )
    }
}
