//! The checks every format shares, and the accounting: each candidate
//! observation is resolved to an economy or group code, checked for year
//! and range, and offered to the table, where it is accepted, merged into
//! an equal value already held, or rejected because a different value is
//! held for the same key. For every file, accepted + rejected + merged =
//! read.
//!
//! Files are taken in priority order: where two files disagree on a key,
//! the value from the file given first stays, and the later one is a
//! reject that names the file and line it lost to.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::table::{Insert, ObservationTable};
use super::{Candidate, Format, Origin, Parsed, Reject, RejectKind};
use crate::classify::Classification;

/// First year an observation may have.
pub const FIRST_YEAR: i32 = 1960;
/// Last year an observation may have: the plan's horizon.
pub const LAST_YEAR: i32 = 2030;

/// Where a row came from, compactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A line of a text file.
    Line(u64),
    /// An index into the cell names.
    Cell(u32),
    /// Loaded from the datasets folder.
    Unknown,
}

/// Counts for one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Input rows (values) read.
    pub read: u64,
    /// New observations.
    pub accepted: u64,
    /// Rows rejected, each with a reason.
    pub rejected: u64,
    /// Rows equal to an observation already held.
    pub merged: u64,
}

impl Counts {
    /// True when every row is accounted for.
    pub fn reconciles(&self) -> bool {
        self.accepted + self.rejected + self.merged == self.read
    }
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The file as given.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The release it comes from.
    pub vintage: String,
    /// The counts.
    pub counts: Counts,
    /// Every rejected row.
    pub rejects: Vec<Reject>,
    /// Remarks about the file.
    pub notes: Vec<String>,
}

/// An ingest in progress: the table and what each file contributed.
pub struct Ingest<'c> {
    classification: &'c Classification,
    /// The observations so far.
    pub table: ObservationTable,
    /// Where each row of the table came from: file index and line, or
    /// file index and an index into `cells` (kept compact: ten million
    /// rows must fit in memory).
    origins: Vec<(u32, Place)>,
    cells: Vec<String>,
    /// One entry per file, in the order given.
    pub files: Vec<FileResult>,
    labels: Vec<String>,
}

impl<'c> Ingest<'c> {
    /// Start from an empty table, or from observations already held (which
    /// then take priority over everything added).
    pub fn new(
        classification: &'c Classification,
        existing: Option<(ObservationTable, &Path)>,
    ) -> Self {
        let mut labels = Vec::new();
        let (table, origins) = match existing {
            Some((table, path)) => {
                labels.push(path.display().to_string());
                let n = table.len();
                (table, vec![(0u32, Place::Unknown); n])
            }
            None => (ObservationTable::new(), Vec::new()),
        };
        Ingest {
            classification,
            table,
            origins,
            cells: Vec::new(),
            files: Vec::new(),
            labels,
        }
    }

    /// Validate and add one parsed file. `vintage` overrides the file's own.
    pub fn add(
        &mut self,
        path: &Path,
        format: Format,
        parsed: Parsed,
        vintage: Option<&str>,
    ) -> &FileResult {
        let file_index = self.labels.len() as u32;
        self.labels.push(path.display().to_string());
        let vintage = vintage
            .map(str::to_string)
            .or(parsed.vintage.clone())
            .unwrap_or_default();
        let mut counts = Counts {
            read: parsed.read,
            rejected: parsed.rejects.len() as u64,
            ..Counts::default()
        };
        let mut rejects = parsed.rejects;
        let columns = parsed.columns;
        let mut row_vintage: Option<String> =
            parsed.candidates.first().map(|c| c.obs.vintage.clone());
        if parsed
            .candidates
            .iter()
            .any(|c| Some(&c.obs.vintage) != row_vintage.as_ref())
        {
            row_vintage = None;
        }
        for Candidate { mut obs, origin } in parsed.candidates {
            let reject =
                |kind: RejectKind, reason: String, field: &str, obs: &super::Observation| Reject {
                    origin: origin.clone(),
                    // A file without column names (a workbook of panels)
                    // names no field: its cell says where.
                    field: (!field.is_empty()).then(|| field.to_string()),
                    kind,
                    reason,
                    series: obs.series.clone(),
                    geo: obs.geo.clone(),
                    year: obs.year.to_string(),
                    value: format_value(obs.value),
                };
            // Fields are named as the file names its columns.
            let value_column = columns.value_of(&obs.series);
            match self.classification.resolve(&obs.geo) {
                Ok(code) => obs.geo = code,
                Err((kind, reason)) => {
                    let mut r = reject(kind, reason, &columns.geo, &obs);
                    // The parsers mark where a code comes from (`M49:202`,
                    // `WB:EAS`); the reject shows it as the file wrote it.
                    r.geo = as_written(&obs.geo).to_string();
                    rejects.push(r);
                    counts.rejected += 1;
                    continue;
                }
            }
            if !(FIRST_YEAR..=LAST_YEAR).contains(&obs.year) {
                let reason = format!("year {} is outside {FIRST_YEAR}–{LAST_YEAR}", obs.year);
                rejects.push(reject(
                    RejectKind::YearOutOfRange,
                    reason,
                    &columns.year,
                    &obs,
                ));
                counts.rejected += 1;
                continue;
            }
            if let Some(reason) = range_problem(&obs.unit, obs.value) {
                rejects.push(reject(RejectKind::OutOfRange, reason, value_column, &obs));
                counts.rejected += 1;
                continue;
            }
            if obs.vintage.is_empty() {
                obs.vintage = vintage.clone();
            }
            // Publishers break long sources and notes over lines; the store
            // keeps one line per row.
            if obs.source.contains(char::is_whitespace) {
                obs.source = one_line(&obs.source);
            }
            if obs.note.contains(char::is_whitespace) {
                obs.note = one_line(&obs.note);
            }
            let row = self.table.to_row(&obs);
            match self.table.insert(row) {
                Insert::Added => {
                    let place = match &origin {
                        Origin::Line(l) => Place::Line(*l),
                        Origin::Cell { sheet, cell } => {
                            self.cells.push(format!("sheet '{sheet}' cell {cell}"));
                            Place::Cell(self.cells.len() as u32 - 1)
                        }
                    };
                    self.origins.push((file_index, place));
                    counts.accepted += 1;
                }
                Insert::Merged { .. } => counts.merged += 1,
                Insert::Conflict { existing } => {
                    let kept = self.table.rows()[existing].value;
                    let (fi, kept_place) = self.origins[existing];
                    let same_file = fi == file_index;
                    let label = &self.labels[fi as usize];
                    let place = match (same_file, kept_place) {
                        (true, Place::Line(l)) => format!("line {l}"),
                        (true, Place::Cell(c)) => self.cells[c as usize].clone(),
                        (false, Place::Line(l)) => format!("{label}:{l}"),
                        (false, Place::Cell(c)) => format!("{label}, {}", self.cells[c as usize]),
                        (_, Place::Unknown) => label.clone(),
                    };
                    let reason = if same_file {
                        format!(
                            "duplicate key with a different value: {} is already given at {place}",
                            format_value(kept)
                        )
                    } else {
                        format!(
                            "duplicate key with a different value: {} from {place} is kept (files given first win)",
                            format_value(kept)
                        )
                    };
                    rejects.push(reject(RejectKind::Conflict, reason, value_column, &obs));
                    counts.rejected += 1;
                }
            }
        }
        debug_assert!(counts.reconciles(), "{counts:?}");
        // A file that states no release of its own but whose rows all name
        // the same one (a tidy file of cited figures) is of that release.
        let vintage = if vintage.is_empty() {
            row_vintage.filter(|v| !v.is_empty()).unwrap_or_default()
        } else {
            vintage
        };
        self.files.push(FileResult {
            path: path.to_path_buf(),
            format,
            vintage,
            counts,
            rejects,
            notes: parsed.notes,
        });
        self.files.last().expect("just pushed")
    }

    /// Finish: the table, sorted.
    pub fn finish(mut self) -> (ObservationTable, Vec<FileResult>) {
        self.table.sort();
        (self.table, self.files)
    }
}

/// An economy or group code without the mark a parser put on it to say
/// where it comes from (`M49:202` → `202`, `NAME:Africa` → `Africa`).
fn as_written(geo: &str) -> &str {
    ["M49:", "NAME:", "WB:", "OWID:"]
        .iter()
        .find_map(|p| geo.strip_prefix(p))
        .unwrap_or(geo)
}

/// Whitespace runs (line breaks included) as single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a value cannot be right for its unit, if it cannot.
pub fn range_problem(unit: &str, value: f64) -> Option<String> {
    if unit == "percent" && !(0.0..=100.0).contains(&value) {
        return Some(format!(
            "a share in percent must be within 0–100, not {}",
            format_value(value)
        ));
    }
    // None of the units rbm holds can be negative: shares, prices,
    // subscriptions, counts, tonnes.
    if value < 0.0 && unit != "ratio" {
        return Some(format!("value {} is negative", format_value(value)));
    }
    None
}

/// A value as rbm writes it: the shortest decimal that reads back as the
/// same number (Rust never writes floats in exponent form).
pub fn format_value(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::model::Economy;
    use crate::ingest::Observation;

    fn classification() -> Classification {
        let mut c = Classification::default();
        for (iso, m49) in [("FRA", 250u16), ("AFG", 4)] {
            c.economies.insert(
                iso.to_string(),
                Economy {
                    iso3: iso.to_string(),
                    name: iso.to_string(),
                    m49: Some(m49),
                    itu_region: None,
                    developed: None,
                    ldc: false,
                    lldc: false,
                    sids: false,
                    income: None,
                },
            );
        }
        c.aliases.insert("KSO".into(), "XKX".into());
        c.index();
        c
    }

    fn cand(geo: &str, year: i32, value: f64, line: u64) -> Candidate {
        Candidate {
            obs: Observation {
                series: "i99H".into(),
                geo: geo.into(),
                year,
                value,
                unit: "percent".into(),
                ..Observation::default()
            },
            origin: Origin::Line(line),
        }
    }

    #[test]
    fn every_row_is_accepted_rejected_or_merged() {
        let c = classification();
        let mut ingest = Ingest::new(&c, None);
        let parsed = Parsed {
            read: 7,
            candidates: vec![
                cand("FRA", 2020, 80.0, 2),
                cand("FRA", 2020, 80.0, 3),   // merged
                cand("FRA", 2020, 81.0, 4),   // conflict
                cand("M49:4", 2020, 18.0, 5), // AFG via M49
                cand("ZZZ", 2020, 5.0, 6),    // unknown
                cand("AFG", 2021, 103.0, 7),  // out of range
            ],
            rejects: vec![Reject {
                origin: Origin::Line(8),
                field: None,
                kind: RejectKind::MissingValue,
                reason: "value is `..`".into(),
                series: String::new(),
                geo: String::new(),
                year: String::new(),
                value: String::new(),
            }],
            ..Parsed::default()
        };
        let r = ingest
            .add(Path::new("a.csv"), Format::Datahub, parsed, None)
            .clone();
        assert_eq!(
            r.counts,
            Counts {
                read: 7,
                accepted: 2,
                rejected: 4,
                merged: 1
            }
        );
        assert!(r.counts.reconciles());
        let conflict = r
            .rejects
            .iter()
            .find(|x| x.kind == RejectKind::Conflict)
            .expect("conflict");
        assert_eq!(
            conflict.reason,
            "duplicate key with a different value: 80 is already given at line 2"
        );
        let range = r
            .rejects
            .iter()
            .find(|x| x.kind == RejectKind::OutOfRange)
            .expect("range");
        assert_eq!(
            range.reason,
            "a share in percent must be within 0–100, not 103"
        );
    }

    #[test]
    fn the_first_file_wins_and_the_loser_names_it() {
        let c = classification();
        let mut ingest = Ingest::new(&c, None);
        let first = Parsed {
            read: 1,
            candidates: vec![cand("FRA", 2020, 80.0, 2)],
            ..Parsed::default()
        };
        ingest.add(Path::new("new.csv"), Format::Datahub, first, None);
        let second = Parsed {
            read: 1,
            candidates: vec![cand("FRA", 2020, 79.5, 9)],
            ..Parsed::default()
        };
        let r = ingest
            .add(Path::new("old.csv"), Format::UnSdg, second, None)
            .clone();
        assert_eq!(
            r.rejects[0].reason,
            "duplicate key with a different value: 80 from new.csv:2 is kept (files given first win)"
        );
    }

    #[test]
    fn prices_may_exceed_100_but_not_be_negative() {
        assert_eq!(range_problem("percent_gni_pc", 964.29), None);
        assert!(range_problem("percent", -0.1).is_some());
        assert!(range_problem("count", -1.0).is_some());
    }
}
