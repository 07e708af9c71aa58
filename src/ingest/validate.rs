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
use super::{Candidate, Columns, InputFormat, Parsed, Position, Reject, RejectKind};
use crate::classify::Classification;
use crate::classify::model::Unresolved;

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

/// Row counts for one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    /// Input rows (values) read.
    pub read: u64,
    /// New observations.
    pub accepted: u64,
    /// Rows rejected, each with a reason.
    pub rejected: u64,
    /// Rows equal to an observation already held.
    pub merged: u64,
}

impl RowCounts {
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
    pub format: InputFormat,
    /// The release it comes from.
    pub vintage: String,
    /// The counts.
    pub counts: RowCounts,
    /// Every rejected row.
    pub rejects: Vec<Reject>,
    /// Remarks about the file.
    pub notes: Vec<String>,
}

/// The release named by a file's rows: none yet, one, or several.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowVintage {
    None,
    One(String),
    Mixed,
}

impl RowVintage {
    fn see(&mut self, v: &str) {
        match self {
            RowVintage::None => *self = RowVintage::One(v.to_string()),
            RowVintage::One(x) if x != v => *self = RowVintage::Mixed,
            _ => {}
        }
    }
}

/// A file being offered candidate by candidate.
#[derive(Debug)]
pub struct FileState {
    file_index: u32,
    vintage: String,
    accepted: u64,
    merged: u64,
    rejects: Vec<Reject>,
    row_vintage: RowVintage,
}

/// An ingest in progress: the table and what each file contributed.
pub struct Ingest<'c> {
    classification: &'c Classification,
    /// The observations so far.
    pub table: ObservationTable,
    /// Where each row of the table came from: file index and line, or
    /// file index and an index into `cells` (kept compact: ten million
    /// rows must fit in memory).
    positions: Vec<(u32, Place)>,
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
        let (table, positions) = match existing {
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
            positions,
            cells: Vec::new(),
            files: Vec::new(),
            labels,
        }
    }

    /// Validate and add one parsed file. `vintage` overrides the file's own.
    pub fn add(
        &mut self,
        path: &Path,
        format: InputFormat,
        mut parsed: Parsed,
        vintage: Option<&str>,
    ) -> &FileResult {
        let vintage = vintage.map(str::to_string).or(parsed.vintage.clone());
        let mut state = self.begin(path, vintage.as_deref());
        let candidates = std::mem::take(&mut parsed.candidates);
        for c in &candidates {
            self.offer(&mut state, c, &parsed.columns);
        }
        self.end(state, path, format, parsed)
    }

    /// Make room for about `rows` more rows, so a large file does not grow
    /// the table (and its key index) step by step.
    pub fn reserve(&mut self, rows: usize) {
        self.table.reserve(rows);
        self.positions.reserve(rows);
    }

    /// Start a file whose candidates will be offered one by one (see
    /// [`super::parse_streaming`]); `vintage` is the release of rows that
    /// do not name one.
    pub fn begin(&mut self, path: &Path, vintage: Option<&str>) -> FileState {
        let file_index = self.labels.len() as u32;
        self.labels.push(path.display().to_string());
        FileState {
            file_index,
            vintage: vintage.unwrap_or_default().to_string(),
            accepted: 0,
            merged: 0,
            rejects: Vec::new(),
            row_vintage: RowVintage::None,
        }
    }

    /// Check one candidate and offer it to the table: accepted, merged into
    /// an equal value, or rejected with the reason.
    pub fn offer(&mut self, state: &mut FileState, c: &Candidate, columns: &Columns) {
        let obs = &c.obs;
        let position = &c.position;
        state.row_vintage.see(&obs.vintage);
        let reject = |kind: RejectKind, reason: String, field: &str, geo: &str| Reject {
            position: position.clone(),
            // A file without column names (a workbook of panels) names no
            // field: its cell says where.
            field: (!field.is_empty()).then(|| field.to_string()),
            kind,
            reason,
            series: obs.series.clone(),
            geo: geo.to_string(),
            year: obs.year.to_string(),
            value: format_value(obs.value),
        };
        // Fields are named as the file names its columns.
        let value_column = columns.value_of(&obs.series);
        let geo = match self.classification.resolve(&obs.geo) {
            Ok(code) => code,
            Err((why, reason)) => {
                let kind = match why {
                    Unresolved::Economy => RejectKind::UnknownEconomy,
                    Unresolved::Group => RejectKind::UnknownGroup,
                    Unresolved::Empty => RejectKind::EmptyField,
                };
                // The parsers mark where a code comes from (`M49:202`,
                // `WB:EAS`); the reject shows it as the file wrote it.
                state
                    .rejects
                    .push(reject(kind, reason, &columns.geo, as_written(&obs.geo)));
                return;
            }
        };
        if !(FIRST_YEAR..=LAST_YEAR).contains(&obs.year) {
            let reason = format!("year {} is outside {FIRST_YEAR}–{LAST_YEAR}", obs.year);
            state.rejects.push(reject(
                RejectKind::YearOutOfRange,
                reason,
                &columns.year,
                &geo,
            ));
            return;
        }
        if let Some(reason) = range_problem(&obs.unit, obs.value) {
            state
                .rejects
                .push(reject(RejectKind::OutOfRange, reason, value_column, &geo));
            return;
        }
        // Publishers break long sources and notes over lines; the store
        // keeps one line per row.
        let source = one_line(&obs.source);
        let note = one_line(&obs.note);
        let vintage = if obs.vintage.is_empty() {
            state.vintage.as_str()
        } else {
            obs.vintage.as_str()
        };
        let row = self
            .table
            .to_row_with(obs, [geo.as_str(), &source, &note, vintage]);
        match self.table.insert(row) {
            Insert::Added => {
                let place = match position {
                    Position::Line(l) => Place::Line(*l),
                    Position::Cell { sheet, cell } => {
                        self.cells.push(format!("sheet '{sheet}' cell {cell}"));
                        Place::Cell(self.cells.len() as u32 - 1)
                    }
                };
                self.positions.push((state.file_index, place));
                state.accepted += 1;
            }
            Insert::Merged { .. } => state.merged += 1,
            Insert::Conflict { existing } => {
                let kept = self.table.rows()[existing].value;
                let (fi, kept_place) = self.positions[existing];
                let same_file = fi == state.file_index;
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
                state
                    .rejects
                    .push(reject(RejectKind::Conflict, reason, value_column, &geo));
            }
        }
    }

    /// Close a file: its counts (with the parser's read count and rejects),
    /// which must reconcile.
    pub fn end(
        &mut self,
        state: FileState,
        path: &Path,
        format: InputFormat,
        parsed: Parsed,
    ) -> &FileResult {
        let mut rejects = parsed.rejects;
        rejects.extend(state.rejects);
        let counts = RowCounts {
            read: parsed.read,
            accepted: state.accepted,
            rejected: rejects.len() as u64,
            merged: state.merged,
        };
        debug_assert!(counts.reconciles(), "{counts:?}");
        // A file that states no release of its own but whose rows all name
        // the same one (a tidy file of cited figures) is of that release.
        let vintage = if state.vintage.is_empty() {
            match state.row_vintage {
                RowVintage::One(v) => v,
                _ => String::new(),
            }
        } else {
            state.vintage
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

/// Whitespace runs (line breaks included) as single spaces; borrowed when
/// there is nothing to change, which is almost always.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    let clean = !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains(|c: char| c.is_whitespace() && c != ' ')
        && !s.contains("  ");
    if clean {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
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
            c.economies
                .insert(iso.to_string(), Economy::new(iso, iso, Some(m49)));
        }
        c.aliases.insert("KSO".into(), "XKX".into());
        c.index();
        c
    }

    fn cand(geo: &str, year: i32, value: f64, line: u64) -> Candidate {
        Candidate {
            obs: Observation::for_test(geo, year, value),
            position: Position::Line(line),
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
                position: Position::Line(8),
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
            .add(Path::new("a.csv"), InputFormat::Datahub, parsed, None)
            .clone();
        assert_eq!(
            r.counts,
            RowCounts {
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
        ingest.add(Path::new("new.csv"), InputFormat::Datahub, first, None);
        let second = Parsed {
            read: 1,
            candidates: vec![cand("FRA", 2020, 79.5, 9)],
            ..Parsed::default()
        };
        let r = ingest
            .add(Path::new("old.csv"), InputFormat::UnSdg, second, None)
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
