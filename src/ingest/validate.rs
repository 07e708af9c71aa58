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
//!
//! A file is also judged as a whole: one that covers far fewer economies
//! (or groups) and years than files of its kind always do is most likely
//! cut short, and [`coverage_shortfall`] says what is missing; the command
//! refuses it unless told to go on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::table::{FxMap, Insert, ObservationTable, Sym};
use super::{Candidate, Columns, InputFormat, Parsed, Position, Reject, RejectKind};
use crate::classify::Classification;
use crate::classify::model::Unresolved;

/// First year an observation may have.
pub const FIRST_YEAR: i32 = 1960;
/// Last year an observation may have: the plan's horizon.
pub const LAST_YEAR: i32 = 2030;

// A file's years are bits of a u128 ([`FileState`]).
const _: () = assert!(LAST_YEAR - FIRST_YEAR < 128);

/// Where a row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A line of a text file.
    Line(u64),
    /// An index into the cell names.
    Cell(u32),
    /// Loaded from the datasets folder.
    Unknown,
}

/// A [`Place`] in eight bytes (ten million rows must fit in memory): a
/// line below 2⁶², or the mark of a cell with its index, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed(u64);

impl Packed {
    const CELL: u64 = 1 << 62;
    const UNKNOWN: Packed = Packed(u64::MAX);

    fn new(place: Place) -> Packed {
        match place {
            // No text file has 2⁶² lines.
            Place::Line(l) => Packed(l.min(Self::CELL - 1)),
            Place::Cell(c) => Packed(Self::CELL | u64::from(c)),
            Place::Unknown => Self::UNKNOWN,
        }
    }

    fn place(self) -> Place {
        if self == Self::UNKNOWN {
            Place::Unknown
        } else if self.0 & Self::CELL != 0 {
            Place::Cell((self.0 & !Self::CELL) as u32)
        } else {
            Place::Line(self.0)
        }
    }
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
    /// What the file's valid rows (accepted or merged) cover.
    pub coverage: Coverage,
}

/// The economies, groups and years a file's valid rows cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Economy codes.
    pub economies: BTreeSet<String>,
    /// Group codes.
    pub groups: BTreeSet<String>,
    /// Years.
    pub years: BTreeSet<i32>,
}

/// What files of a kind always cover, at the least: economies, groups and
/// years. The thresholds sit below every published file rbm reads (the
/// smallest ITU DataHub export covers 189 economies in 3 years, the
/// smallest UN SDG extract, e-waste recycling rates of December 2023, 31
/// economies, the World Bank population 217 economies and 65 years, the
/// Key ICT aggregates 15 groups) and far above what is left of one cut
/// short. rbm's tidy files of cited figures have no minimum.
pub fn expected_coverage(format: InputFormat) -> Option<(usize, usize, usize)> {
    match format {
        InputFormat::Datahub => Some((100, 0, 3)),
        InputFormat::UnSdg => Some((20, 0, 5)),
        InputFormat::WorldBank => Some((200, 0, 30)),
        InputFormat::Owid => Some((100, 0, 5)),
        InputFormat::ItuDashboard => Some((100, 0, 5)),
        InputFormat::ItuAggregates => Some((0, 10, 10)),
        InputFormat::Tidy | InputFormat::UnSdgMetadata => None,
    }
}

/// Why a file covers too little for its kind, if it does: how much it
/// covers against what its kind always does, and which classified
/// economies it lacks (the first few).
pub fn coverage_shortfall(r: &FileResult, classification: &Classification) -> Option<String> {
    let (economies, groups, years) = expected_coverage(r.format)?;
    let c = &r.coverage;
    let mut short = Vec::new();
    if c.economies.len() < economies {
        let missing: Vec<&str> = classification
            .economies
            .keys()
            .filter(|k| !c.economies.contains(*k))
            .map(String::as_str)
            .collect();
        let shown: Vec<&str> = missing.iter().copied().take(10).collect();
        short.push(format!(
            "{} economies where a file of its kind has at least {economies} (none for {} of the {} classified, such as {})",
            c.economies.len(),
            missing.len(),
            classification.economies.len(),
            shown.join(", ")
        ));
    }
    if c.groups.len() < groups {
        short.push(format!(
            "{} groups where a file of its kind has at least {groups}",
            c.groups.len()
        ));
    }
    if c.years.len() < years {
        short.push(format!(
            "{} years where a file of its kind has at least {years}",
            c.years.len()
        ));
    }
    if short.is_empty() {
        return None;
    }
    Some(format!(
        "'{}' ({}) has values for {}: it looks cut short or is not the whole file",
        r.path.display(),
        r.format.as_str(),
        short.join(", and for ")
    ))
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
            // Nearly always two empty strings (rows that name no release).
            RowVintage::One(x) if !crate::base::text::same_text(x, v) => *self = RowVintage::Mixed,
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
    /// Economy or group codes of valid rows (as symbols), and their years
    /// (bit `year - FIRST_YEAR`: one OR a row, where a set insertion was
    /// a search).
    geos: FxMap<Sym, ()>,
    years: u128,
    /// The geo of the last valid row, already in `geos` (rows come in
    /// runs of one economy).
    last_geo: Option<Sym>,
    /// What is wrong with `vintage`, the release of rows that name none
    /// (checked once, not on every such row).
    vintage_problem: Option<String>,
}

/// An ingest in progress: the table and what each file contributed.
pub struct Ingest<'c> {
    classification: &'c Classification,
    /// The observations so far.
    pub table: ObservationTable,
    /// Where each row of the table came from: its line, or an index into
    /// `cells`.
    positions: Vec<Packed>,
    /// The file of each row: rows come file after file, so each file's
    /// first row and its index into `labels` say it.
    file_starts: Vec<(usize, u32)>,
    cells: Vec<String>,
    /// One entry per file, in the order given.
    pub files: Vec<FileResult>,
    labels: Vec<String>,
    /// Each series' unit, and the file (index into `labels`) that first
    /// gave it: every row of a series must have that unit.
    units: FxMap<Sym, (Sym, u32)>,
    /// The last economy or group code resolved, as written and as rbm's.
    last_geo: Option<(String, String)>,
    /// The symbols of the last row's strings.
    last_row: [Option<Sym>; 9],
    /// The series of the last row offered, and its entry in `units`
    /// (rows come in runs of one series).
    last_unit: Option<(Sym, (Sym, u32))>,
    /// The last source and the last note found to be one line already
    /// (a run of rows shares them): the same text again needs no look.
    one_line: [String; 2],
}

impl<'c> Ingest<'c> {
    /// Start from an empty table, or from observations already held (which
    /// then take priority over everything added).
    pub fn new(
        classification: &'c Classification,
        existing: Option<(ObservationTable, &Path)>,
    ) -> Self {
        let mut labels = Vec::new();
        let mut file_starts = Vec::new();
        let (table, positions) = match existing {
            Some((table, path)) => {
                labels.push(path.display().to_string());
                file_starts.push((0, 0));
                let n = table.len();
                (table, vec![Packed::UNKNOWN; n])
            }
            None => (ObservationTable::new(), Vec::new()),
        };
        let mut units = FxMap::default();
        for r in table.rows() {
            units.entry(r.series).or_insert((r.unit, 0));
        }
        Ingest {
            classification,
            table,
            positions,
            file_starts,
            cells: Vec::new(),
            files: Vec::new(),
            labels,
            units,
            last_geo: None,
            last_row: [None; 9],
            last_unit: None,
            one_line: [String::new(), String::new()],
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
        self.file_starts.push((self.positions.len(), file_index));
        FileState {
            file_index,
            vintage: vintage.unwrap_or_default().to_string(),
            accepted: 0,
            merged: 0,
            rejects: Vec::new(),
            row_vintage: RowVintage::None,
            geos: FxMap::default(),
            years: 0,
            last_geo: None,
            vintage_problem: vintage_problem(vintage.unwrap_or_default()),
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
        // Rows come in runs of one economy: its code is resolved once a run.
        let known = self
            .last_geo
            .as_ref()
            .is_some_and(|(raw, _)| *raw == obs.geo);
        if !known {
            match self.classification.resolve(&obs.geo) {
                Ok(code) => self.last_geo = Some((obs.geo.clone(), code)),
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
            }
        }
        let geo: &str = self.last_geo.as_ref().map_or("", |(_, code)| code.as_str());
        if !(FIRST_YEAR..=LAST_YEAR).contains(&obs.year) {
            let reason = format!("year {} is outside {FIRST_YEAR}–{LAST_YEAR}", obs.year);
            state.rejects.push(reject(
                RejectKind::YearOutOfRange,
                reason,
                &columns.year,
                geo,
            ));
            return;
        }
        for (field, problem) in [
            ("sex", sex_problem(&obs.sex)),
            ("area", area_problem(&obs.area)),
            ("age", age_problem(&obs.age)),
        ] {
            if let Some(reason) = problem {
                state.rejects.push(reject(
                    RejectKind::UnknownDisaggregation,
                    reason,
                    field,
                    geo,
                ));
                return;
            }
        }
        let (vintage, problem) = if obs.vintage.is_empty() {
            (state.vintage.as_str(), state.vintage_problem.clone())
        } else {
            (obs.vintage.as_str(), vintage_problem(&obs.vintage))
        };
        if let Some(reason) = problem {
            state
                .rejects
                .push(reject(RejectKind::InvalidVintage, reason, "vintage", geo));
            return;
        }
        // Publishers break long sources and notes over lines; the store
        // keeps one line per row.
        let [last_source, last_note] = &mut self.one_line;
        let source = one_line_after(last_source, &obs.source);
        let note = one_line_after(last_note, &obs.note);
        let row = self
            .table
            .to_row_after(obs, [geo, &source, &note, vintage], &mut self.last_row);
        // The range of a value follows its series' unit, whatever a row
        // claims: a row in another unit than the series has is refused.
        let (unit, from) = match self.last_unit {
            Some((series, entry)) if series == row.series => entry,
            _ => {
                let entry = *self
                    .units
                    .entry(row.series)
                    .or_insert((row.unit, state.file_index));
                self.last_unit = Some((row.series, entry));
                entry
            }
        };
        if unit != row.unit {
            let whose = if from == state.file_index {
                "on earlier rows of this file".to_string()
            } else {
                format!("in {}", self.labels[from as usize])
            };
            let reason = format!(
                "series {} is in `{}` {whose}, and this row says `{}`: one series has one unit",
                obs.series,
                self.table.str(unit),
                obs.unit
            );
            state
                .rejects
                .push(reject(RejectKind::UnitMismatch, reason, "unit", geo));
            return;
        }
        if let Some(reason) = range_problem(&obs.unit, obs.value) {
            state
                .rejects
                .push(reject(RejectKind::OutOfRange, reason, value_column, geo));
            return;
        }
        let inserted = self.table.insert(row);
        if !matches!(inserted, Insert::Conflict { .. }) {
            if state.last_geo != Some(row.geo) {
                state.geos.insert(row.geo, ());
                state.last_geo = Some(row.geo);
            }
            // FIRST_YEAR..=LAST_YEAR was checked above: 71 bits.
            state.years |= 1u128 << (obs.year - FIRST_YEAR);
        }
        match inserted {
            Insert::Added => {
                let place = match position {
                    Position::Line(l) => Place::Line(*l),
                    Position::Cell { sheet, cell } => {
                        self.cells.push(format!("sheet '{sheet}' cell {cell}"));
                        Place::Cell(self.cells.len() as u32 - 1)
                    }
                };
                self.positions.push(Packed::new(place));
                state.accepted += 1;
            }
            Insert::Merged { .. } => state.merged += 1,
            Insert::Conflict { existing } => {
                let kept = self.table.rows()[existing].value;
                let kept_place = self.positions[existing].place();
                let fi = self.file_of(existing);
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
                    .push(reject(RejectKind::Conflict, reason, value_column, geo));
            }
        }
    }

    /// The index into `labels` of the file a row of the table came from.
    fn file_of(&self, row: usize) -> u32 {
        let after = self.file_starts.partition_point(|(start, _)| *start <= row);
        after
            .checked_sub(1)
            .and_then(|i| self.file_starts.get(i))
            .map_or(0, |(_, file)| *file)
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
        assert!(counts.reconciles(), "{counts:?}");
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
        let mut coverage = Coverage {
            years: (FIRST_YEAR..=LAST_YEAR)
                .filter(|y| state.years & (1u128 << (y - FIRST_YEAR)) != 0)
                .collect(),
            ..Coverage::default()
        };
        for geo in state.geos.keys() {
            let code = self.table.str(*geo).to_string();
            if self.classification.economies.contains_key(&code) {
                coverage.economies.insert(code);
            } else {
                coverage.groups.insert(code);
            }
        }
        self.files.push(FileResult {
            path: path.to_path_buf(),
            format,
            vintage,
            counts,
            rejects,
            notes: parsed.notes,
            coverage,
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
    if is_one_line(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// [`one_line`], where `last` is the last text found to be one line
/// already: `s` equal to it is borrowed without a look, and `s` found to
/// be one line becomes the new `last`. Looking at every byte of every
/// row's source took a tenth of the thread that checks an export's rows.
fn one_line_after<'s>(last: &mut String, s: &'s str) -> std::borrow::Cow<'s, str> {
    if crate::base::text::same_text(last, s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let line = one_line(s);
    if matches!(line, std::borrow::Cow::Borrowed(_)) {
        last.clear();
        last.push_str(s);
    }
    line
}

/// True when `s` has no whitespace at either end, none but single spaces
/// inside. ASCII text (nearly every source and note) is checked in one
/// pass over its bytes, called for every row of an export; other text,
/// which may hold Unicode whitespace, character by character.
fn is_one_line(s: &str) -> bool {
    // A leading space counts as one after a space.
    let mut after_space = true;
    for &b in s.as_bytes() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            // Tab, line feed, vertical tab, form feed, carriage return.
            0x09..=0x0d => return false,
            0x80.. => {
                return !s.starts_with(char::is_whitespace)
                    && !s.ends_with(char::is_whitespace)
                    && !s.contains(|c: char| c.is_whitespace() && c != ' ')
                    && !s.contains("  ");
            }
            _ => after_space = false,
        }
    }
    s.is_empty() || !after_space
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

/// Why a sex is not one rbm knows, if it is not: `F`, `M`, or empty for
/// both sexes.
pub fn sex_problem(sex: &str) -> Option<String> {
    (!matches!(sex, "" | "F" | "M"))
        .then(|| format!("sex `{sex}` is not F, M or empty (both sexes)"))
}

/// Why an area is not one rbm knows, if it is not: `urban`, `rural`, or
/// empty for the whole.
pub fn area_problem(area: &str) -> Option<String> {
    (!matches!(area, "" | "urban" | "rural"))
        .then(|| format!("area `{area}` is not urban, rural or empty (total)"))
}

/// Why an age is not an age band, if it is not. A band is written
/// `15-24`, `<15`, `75+`, or `not-15-24` (everyone outside a band), with
/// ages 0–120; empty means all ages.
pub fn age_problem(age: &str) -> Option<String> {
    let age_of = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|a| *a <= 120)
    };
    let band = |s: &str| -> bool {
        s.split_once('-')
            .and_then(|(a, b)| Some((age_of(a)?, age_of(b)?)))
            .is_some_and(|(a, b)| a < b)
    };
    let ok = age.is_empty()
        || band(age)
        || age.strip_prefix("not-").is_some_and(band)
        || age.strip_prefix('<').and_then(age_of).is_some()
        || age.strip_suffix('+').and_then(age_of).is_some();
    (!ok).then(|| {
        format!("age `{age}` is not an age band such as 15-24, <15, 75+ or not-15-24 (or empty: all ages)")
    })
}

/// Why a vintage is not a release month, if it is not: `YYYY-MM`, a year
/// from 1960 to 2100 and a month 01–12; empty means the release is not
/// known.
pub fn vintage_problem(vintage: &str) -> Option<String> {
    let b = vintage.as_bytes();
    let ok = vintage.is_empty()
        || (b.len() == 7
            && b[4] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
            && vintage[..4]
                .parse::<i32>()
                .is_ok_and(|y| (FIRST_YEAR..=2100).contains(&y))
            && vintage[5..]
                .parse::<u32>()
                .is_ok_and(|m| (1..=12).contains(&m)));
    (!ok).then(|| format!("vintage `{vintage}` is not a release month YYYY-MM (such as 2025-12)"))
}

/// A value as rbm writes it: the shortest decimal that reads back as the
/// same number (Rust never writes floats in exponent form).
pub fn format_value(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_keeps_clean_text_and_folds_every_other_whitespace() {
        for clean in ["", "ITU", "ITU estimate.", "a b c", "Médiane à 5 %"] {
            assert_eq!(one_line(clean), clean);
            assert!(matches!(one_line(clean), std::borrow::Cow::Borrowed(_)));
            let mut last = String::from("ITU");
            for _ in 0..2 {
                assert!(matches!(
                    one_line_after(&mut last, clean),
                    std::borrow::Cow::Borrowed(c) if c == clean
                ));
                assert_eq!(last, clean);
            }
        }
        for (raw, folded) in [
            (" ITU", "ITU"),
            ("ITU ", "ITU"),
            ("a  b", "a b"),
            ("a\nb", "a b"),
            ("a\r\nb", "a b"),
            ("a\tb", "a b"),
            ("a\x0bb", "a b"),
            ("\u{a0}Médiane", "Médiane"),
            ("à\u{2003}5", "à 5"),
            (" ", ""),
        ] {
            assert_eq!(one_line(raw), folded, "{raw:?}");
            // After a clean text (the only kind kept), and after itself:
            // folded all the same.
            for before in ["", "ITU", folded] {
                let mut last = before.to_string();
                assert_eq!(one_line_after(&mut last, raw), folded, "{raw:?}");
                assert_eq!(one_line_after(&mut last, raw), folded, "{raw:?}");
            }
        }
    }
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
    fn disaggregations_and_vintages_come_from_closed_lists() {
        for ok in ["", "F", "M"] {
            assert_eq!(sex_problem(ok), None);
        }
        assert!(sex_problem("alien").is_some());
        assert!(sex_problem("f").is_some());
        assert_eq!(area_problem("rural"), None);
        assert!(area_problem("suburb").is_some());
        for ok in ["", "15-24", "<15", "75+", "not-15-24", "25-74"] {
            assert_eq!(age_problem(ok), None, "{ok}");
        }
        for bad in [
            "young", "24-15", "15-", "-15", "999+", "<", "15_24", "not-15",
        ] {
            assert!(age_problem(bad).is_some(), "{bad}");
        }
        for ok in ["", "2025-12", "2020-01", "1960-06"] {
            assert_eq!(vintage_problem(ok), None, "{ok}");
        }
        for bad in [
            "2025-13",
            "2025-00",
            "2025-1",
            "25-12",
            "synthetic",
            "2025-1a",
            "1899-12",
        ] {
            assert!(vintage_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn prices_may_exceed_100_but_not_be_negative() {
        assert_eq!(range_problem("percent_gni_pc", 964.29), None);
        assert!(range_problem("percent", -0.1).is_some());
        assert!(range_problem("count", -1.0).is_some());
    }
}
