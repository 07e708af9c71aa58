//! The `datasets/` folder's files, as text: rendered from the in-memory
//! table and classification, and parsed back. CSV is the reviewable source
//! of truth; every file is sorted and its numbers written exactly, so the
//! same inputs give the same bytes.
//!
//! Reading the store is strict: it is rbm's own output, so a row that does
//! not parse, or that holds what no ingest would have written (a value
//! outside its unit's range, a sex, area, age or vintage outside its closed
//! list, a key twice, a weight of a population below zero), is a problem
//! naming the file, line and field, not a reject. [`Problems`] collects
//! them: `rbm check` lists them all, every other command refuses the store
//! at the first. Whether the files are the ones rbm wrote is the
//! manifest's part ([`super::manifest`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

#[cfg(test)]
use super::table::Observation;
use super::table::ObservationTable;
use super::tidy::COLUMNS;
use super::validate::{
    FIRST_YEAR, LAST_YEAR, RowCounts, age_problem, area_problem, range_problem, sex_problem,
    vintage_problem,
};
use crate::base::Vocabulary;
use crate::base::text::{CsvOut, CsvText, csv_text};
use crate::classify::model::{Classification, Economy, SizeBasis, WeightRow};
use crate::error::{Error, Location, Result};

/// File names in the datasets folder.
pub mod files {
    /// The tidy observations.
    pub const OBSERVATIONS: &str = "observations.csv";
    /// Economies and their groups.
    pub const CLASSIFICATION: &str = "classification.csv";
    /// Weights by economy and year.
    pub const WEIGHTS: &str = "weights.csv";
    /// Codes of other sources mapped to rbm's.
    pub const ALIASES: &str = "aliases.csv";
    /// Corrections and unmapped codes, one per line.
    pub const CLASSIFICATION_NOTES: &str = "classification_notes.txt";
    /// The input files behind the observations, with their counts.
    pub const INPUTS: &str = "inputs.csv";
    /// Every other file's size, rows and sha256
    /// ([`manifest`](crate::ingest::manifest)).
    pub const MANIFEST: &str = "manifest.csv";
    /// The files an ingest writes and the manifest lists, in name order.
    pub const STORE: [&str; 6] = [
        ALIASES,
        CLASSIFICATION,
        CLASSIFICATION_NOTES,
        INPUTS,
        OBSERVATIONS,
        WEIGHTS,
    ];
}

/// Render observations in the tidy format, sorted.
///
/// Each distinct string is quoted once, as the CSV writer quotes it, and
/// every row is the concatenation of its strings' quoted forms, its year
/// and its value: writing ten million rows field by field through the CSV
/// writer was most of an ingest's rendering time. The bytes are the
/// writer's (the unit tests compare them).
pub fn render_observations(table: &ObservationTable) -> Result<String> {
    let mut out = String::new();
    render_observations_into(table, &mut out)?;
    Ok(out)
}

/// [`render_observations`] into `out`, which is cleared first: an ingest
/// gives the buffer its input was read into, so that the text of ten
/// million rows takes no fresh memory (at this size, the first touch of
/// each page of a new buffer costs more than writing it).
pub fn render_observations_into(table: &ObservationTable, out: &mut String) -> Result<()> {
    render_observations_in(table, out, PART_ROWS)
}

/// Rows rendered at a time by one thread (about 1.3 MB of text).
const PART_ROWS: usize = 16 << 10;

/// Parts rendered side by side before they are appended in order: a few
/// per core, so that a core that finishes early takes another.
const PARTS: usize = 8;

/// [`render_observations_into`], the rows rendered `part_rows` at a time
/// on every core (rayon) and appended in their order: at ten million rows
/// the text took 1.5 s on one core, while the other encoded the cache in
/// less. A table of fewer rows than a part is rendered here.
fn render_observations_in(
    table: &ObservationTable,
    out: &mut String,
    part_rows: usize,
) -> Result<()> {
    use rayon::prelude::*;
    let quoted: Vec<String> = table
        .strings
        .strings()
        .map(csv_field)
        .collect::<Result<_>>()?;
    out.clear();
    // About 75 bytes a row, as DataHub rows come out.
    out.reserve(table.len() * 80 + 128);
    out.push_str(&COLUMNS.join(","));
    out.push('\n');
    let rows = table.rows();
    let part_rows = part_rows.max(1);
    if rows.len() <= part_rows {
        render_rows(rows, &quoted, out);
        return Ok(());
    }
    // Each part's buffer is reused from one wave to the next.
    let mut parts = vec![String::new(); PARTS];
    for wave in rows.chunks(part_rows * PARTS) {
        let n = wave.len().div_ceil(part_rows);
        parts[..n]
            .par_iter_mut()
            .zip(wave.par_chunks(part_rows))
            .for_each(|(text, rows)| {
                text.clear();
                render_rows(rows, &quoted, text);
            });
        for text in &parts[..n] {
            out.push_str(text);
        }
    }
    Ok(())
}

/// Append rows to `out`, each string as `quoted` has it.
fn render_rows(rows: &[super::table::Row], quoted: &[String], out: &mut String) {
    let q = |sym: super::table::Sym| quoted[sym.index() as usize].as_str();
    let mut digits = ryu::Buffer::new();
    for r in rows {
        for (i, field) in [q(r.series), q(r.geo)].into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(field);
        }
        // Integers and floats as Rust writes them, nothing to quote (no
        // exponent, no comma): the shortest decimal that reads back the same.
        out.push(',');
        push_int(out, r.year);
        out.push(',');
        push_value(out, r.value, &mut digits);
        out.push(',');
        for field in [q(r.sex), q(r.area), q(r.age), q(r.unit), q(r.source)] {
            out.push_str(field);
            out.push(',');
        }
        out.push_str(if r.estimate { "true" } else { "false" });
        for field in [q(r.note), q(r.vintage)] {
            out.push(',');
            out.push_str(field);
        }
        out.push('\n');
    }
}

/// Append an integer as `Display` writes it.
fn push_int(out: &mut String, v: i32) {
    let mut buf = [0u8; 11];
    let mut at = buf.len();
    let mut n = v.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push('-');
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// Append a finite value as `Display` writes it: the shortest decimal that
/// reads back as the same number (the closest of them), never in exponent
/// form. The digits are ryu's, which are the same ones up to 15 digits
/// (the test compares the two on the bits of many numbers), laid out here,
/// and Display's beyond; this is
/// several times quicker than the formatter, which took a tenth of the
/// ingest of ten million rows.
fn push_value(out: &mut String, v: f64, buf: &mut ryu::Buffer) {
    if v == 0.0 {
        out.push_str(if v.is_sign_negative() { "-0" } else { "0" });
        return;
    }
    // `1.5e-7`, `123.45`, `1e16`, `-0.001`: digits, a point, an exponent.
    let text = buf.format_finite(v);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The significant digits, and where the decimal point falls in them.
    let mut digits = [0u8; 40];
    let mut len = 0;
    for &b in whole.as_bytes().iter().chain(fraction.as_bytes()) {
        if len < digits.len() {
            digits[len] = b;
            len += 1;
        }
    }
    let mut point = whole.len() as i32 + exponent;
    let mut first = 0;
    while first < len && digits[first] == b'0' {
        first += 1;
        point -= 1;
    }
    while len > first && digits[len - 1] == b'0' {
        len -= 1;
    }
    let digits = &digits[first..len];
    // Up to 15 significant digits, the shortest decimal is the only one of
    // its length that reads back as `v` (any two of 15 digits are two
    // doubles). Longer ones can tie between two neighbours, which ryu
    // breaks to even and Display upwards (1394865425023536.25 is
    // ...536.2 for one, ...536.3 for the other): those are Display's.
    if digits.len() > 15 {
        use std::fmt::Write as _;
        let _ = write!(out, "{v}");
        return;
    }
    if negative {
        out.push('-');
    }
    let push = |out: &mut String, d: &[u8]| out.extend(d.iter().map(|&b| char::from(b)));
    let zeros = |out: &mut String, n: i32| out.extend((0..n).map(|_| '0'));
    let n = digits.len() as i32;
    if point <= 0 {
        out.push_str("0.");
        zeros(out, -point);
        push(out, digits);
    } else if point >= n {
        push(out, digits);
        zeros(out, point - n);
    } else {
        let p = point as usize;
        push(out, &digits[..p]);
        out.push('.');
        push(out, &digits[p..]);
    }
}

/// One field as the CSV writer writes it inside a record (quoted when it
/// holds a comma, a quote or a line break).
fn csv_field(text: &str) -> Result<String> {
    // A record of the field and an empty one: the field, a comma and the
    // line end.
    let line = CsvOut::new(files::OBSERVATIONS, [text, ""], 0)?.finish()?;
    Ok(line.strip_suffix(",\n").map(String::from).unwrap_or(line))
}

/// Problems found reading files of the store, each with its file, line
/// and field: the first [`Problems::KEPT`], and how many there are in all.
/// `rbm check` lists them; every other command stops at the first.
#[derive(Debug, Default)]
pub struct Problems {
    found: Vec<Error>,
    count: usize,
}

impl Problems {
    /// How many problems are kept to be listed.
    pub const KEPT: usize = 50;

    /// Record a problem.
    pub fn push(&mut self, e: Error) {
        self.count += 1;
        if self.found.len() < Self::KEPT {
            self.found.push(e);
        }
    }

    /// Record a problem at a location.
    pub fn at(&mut self, location: Location, message: impl Into<String>) {
        self.push(Error::input(location, message));
    }

    /// How many problems there are.
    pub fn count(&self) -> usize {
        self.count
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The problems kept, in the order found.
    pub fn found(&self) -> &[Error] {
        &self.found
    }

    /// True when a problem kept is in this file.
    pub fn any_in(&self, path: &Path) -> bool {
        self.found.iter().any(|e| match e {
            Error::Input { location, .. } => location.path == path,
            _ => false,
        })
    }

    /// Nothing wrong, or the first problem, saying how many more there are.
    pub fn into_result(self) -> Result<()> {
        let more = self.count.saturating_sub(1);
        match self.found.into_iter().next() {
            None => Ok(()),
            Some(Error::Input { location, message }) if more > 0 => Err(Error::input(
                location,
                format!(
                    "{message} (and {more} more problem(s) in the store: `rbm check` lists them)"
                ),
            )),
            Some(first) => Err(first),
        }
    }
}

/// Parse `observations.csv`, refusing it at its first problem.
pub fn parse_observations(label: &Path, bytes: &[u8]) -> Result<ObservationTable> {
    let mut problems = Problems::default();
    let (table, _) = read_observations(label, bytes, &mut problems);
    problems.into_result()?;
    Ok(table)
}

/// The values of the row before, to check the store's order and, where a
/// value repeats (as most do, rows being sorted), to skip checking it again.
#[derive(Default)]
struct Previous {
    /// Series, geo, sex, area, age.
    key: [Vec<u8>; 5],
    year: i32,
    unit: Vec<u8>,
    /// The last sex, area, age and vintage found valid.
    valid: [Vec<u8>; 4],
    any: bool,
}

/// Read `observations.csv`: the rows that pass every check, and the number
/// of records in the file (for the manifest). Every other row is a problem
/// naming its line and field: a value that does not parse or is outside its
/// unit's range, a year outside 1960–2030, a sex, area, age or vintage
/// outside its closed list, an empty series, geo, unit or source, a series
/// with two units, a key out of order or repeated. A header that is not
/// rbm's, text that is not UTF-8 and a file cut inside a record stop the
/// reading.
pub fn read_observations(
    label: &Path,
    bytes: &[u8],
    problems: &mut Problems,
) -> (ObservationTable, u64) {
    read_observations_with(label, bytes, problems, &mut |_| {})
}

/// [`read_observations`], telling `progress` every 65,536 records how many
/// bytes are read (for a progress bar).
pub fn read_observations_with(
    label: &Path,
    bytes: &[u8],
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
) -> (ObservationTable, u64) {
    let mut table = ObservationTable::new();
    let text = match crate::base::text::decode(label, bytes) {
        Ok(t) => t,
        Err(e) => {
            problems.push(e);
            return (table, 0);
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.at(Location::file(label), format!("cannot read as CSV: {e}"));
            return (table, 0);
        }
    };
    let expected: Vec<&[u8]> = COLUMNS.iter().map(|c| c.as_bytes()).collect();
    if headers.iter().collect::<Vec<_>>() != expected {
        problems.at(
            Location::file(label).at_line(1),
            format!("the header must be exactly: {}", COLUMNS.join(",")),
        );
        return (table, 0);
    }
    let mut record = csv::ByteRecord::new();
    let mut prev = Previous::default();
    let mut records = 0u64;
    let mut last_start = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.at(
                    Location::file(label).at_line(line),
                    format!("cannot read as CSV: {e}"),
                );
                return (table, records);
            }
        }
        records += 1;
        if records.is_multiple_of(65_536) {
            progress(record.position().map_or(0, |p| p.byte()));
        }
        let (line, start) = record
            .position()
            .map(|p| (p.line(), p.byte() as usize))
            .unwrap_or((0, 0));
        last_start = start;
        if let Some(row) = observation_row(label, &record, line, &mut prev, &mut table, problems) {
            table.push_sorted(row);
        }
    }
    if crate::base::text::open_quote(&text.as_bytes()[last_start.min(text.len())..]) {
        problems.at(
            Location::file(label),
            "the last record opens a quoted field that is never closed: the file was cut short",
        );
    }
    (table, records)
}

/// A check of a field against its closed list: why the value is not on
/// it, or `None`.
type ClosedList = fn(&str) -> Option<String>;

/// Check one record of `observations.csv` and intern it, or record why
/// not.
fn observation_row(
    label: &Path,
    record: &csv::ByteRecord,
    line: u64,
    prev: &mut Previous,
    table: &mut ObservationTable,
    problems: &mut Problems,
) -> Option<super::table::Row> {
    let bad = |problems: &mut Problems, field: &str, msg: String| {
        problems.at(Location::file(label).at_line(line).field(field), msg);
    };
    if record.len() != COLUMNS.len() {
        let msg = format!("{} fields, expected {}", record.len(), COLUMNS.len());
        problems.at(Location::file(label).at_line(line), msg);
        return None;
    }
    // The text was checked as UTF-8 as a whole, so each field is UTF-8.
    let s = |i: usize| std::str::from_utf8(&record[i]).unwrap_or("");
    let Ok(year) = s(2).parse::<i32>() else {
        bad(problems, "year", format!("`{}` is not a year", s(2)));
        return None;
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        bad(
            problems,
            "year",
            format!("year {year} is outside {FIRST_YEAR}–{LAST_YEAR}"),
        );
        return None;
    }
    let Some(value) = s(3).parse::<f64>().ok().filter(|v| v.is_finite()) else {
        bad(problems, "value", format!("`{}` is not a number", s(3)));
        return None;
    };
    for (i, field) in [(0, "series"), (1, "geo"), (7, "unit"), (8, "source")] {
        if record[i].is_empty() {
            bad(problems, field, format!("{field} is empty"));
            return None;
        }
    }
    if let Some(why) = range_problem(s(7), value) {
        bad(problems, "value", why);
        return None;
    }
    let estimate = match s(9) {
        "true" => true,
        "false" => false,
        other => {
            bad(
                problems,
                "estimate",
                format!("`{other}` is not true or false"),
            );
            return None;
        }
    };
    // Closed lists, checked once for each run of equal values.
    let checks: [(usize, &str, ClosedList); 4] = [
        (4, "sex", sex_problem),
        (5, "area", area_problem),
        (6, "age", age_problem),
        (11, "vintage", vintage_problem),
    ];
    for (slot, (i, field, problem)) in checks.into_iter().enumerate() {
        if record[i] == prev.valid[slot][..] {
            continue;
        }
        if let Some(why) = problem(s(i)) {
            bad(problems, field, why);
            return None;
        }
        prev.valid[slot].clear();
        prev.valid[slot].extend_from_slice(&record[i]);
    }
    // The store is written sorted by its key, so a key that is not
    // greater than the one before is a duplicate or a hand edit: this
    // check costs no index, which loading ten million rows would.
    let order = key_order(&prev.key, record, year, prev.year);
    if prev.any && order != std::cmp::Ordering::Greater {
        let disagg: Vec<&str> = [s(4), s(5), s(6)]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        let key = format!(
            "{} {} {}{}{}",
            s(0),
            s(1),
            year,
            if disagg.is_empty() { "" } else { " " },
            disagg.join(" ")
        );
        problems.at(
            Location::file(label).at_line(line),
            format!(
                "key {key} repeats or comes out of order (the store is sorted by series, geo, year, sex, area, age): rebuild it with rbm ingest"
            ),
        );
        return None;
    }
    // One series, one unit: the range of its values depends on it.
    if prev.any && record[0] == prev.key[0][..] && record[7] != prev.unit[..] {
        bad(
            problems,
            "unit",
            format!(
                "series {} is in `{}` on the rows before and in `{}` here: a series has one unit",
                s(0),
                String::from_utf8_lossy(&prev.unit),
                s(7)
            ),
        );
        return None;
    }
    for (slot, i) in prev.key.iter_mut().zip([0usize, 1, 4, 5, 6]) {
        slot.clear();
        slot.extend_from_slice(&record[i]);
    }
    prev.unit.clear();
    prev.unit.extend_from_slice(&record[7]);
    prev.year = year;
    prev.any = true;
    let strings = &mut table.strings;
    Some(super::table::Row {
        series: strings.intern(s(0)),
        geo: strings.intern(s(1)),
        year,
        value,
        sex: strings.intern(s(4)),
        area: strings.intern(s(5)),
        age: strings.intern(s(6)),
        unit: strings.intern(s(7)),
        source: strings.intern(s(8)),
        estimate,
        note: strings.intern(s(10)),
        vintage: strings.intern(s(11)),
    })
}

/// Every observation's geo is a classified economy or one of rbm's groups:
/// one problem per code that is neither, with how many rows name it.
pub fn check_geos(
    label: &Path,
    table: &ObservationTable,
    class: &Classification,
    problems: &mut Problems,
) {
    let mut unknown: BTreeMap<&str, usize> = BTreeMap::new();
    // Each geo is looked up once, by its symbol: rows change geo every
    // few years, and a lookup per change was a tenth of loading the
    // embedded store.
    let mut known_at: Vec<Option<bool>> = vec![None; table.strings.len()];
    for r in table.rows() {
        let slot = &mut known_at[r.geo.index() as usize];
        let known = *slot.get_or_insert_with(|| {
            let geo = table.str(r.geo);
            class.economies.contains_key(geo) || crate::classify::group::group(geo).is_some()
        });
        if !known {
            *unknown.entry(table.str(r.geo)).or_default() += 1;
        }
    }
    for (geo, n) in unknown {
        problems.at(
            Location::file(label).field("geo"),
            format!(
                "{n} observation(s) for `{geo}`, which is neither a classified economy nor a group"
            ),
        );
    }
}

/// How a record's key compares with the previous one's: series, geo, year,
/// sex, area, age, strings compared as bytes (which is string order).
fn key_order(
    prev: &[Vec<u8>; 5],
    rec: &csv::ByteRecord,
    year: i32,
    prev_year: i32,
) -> std::cmp::Ordering {
    rec[0]
        .cmp(&prev[0][..])
        .then(rec[1].cmp(&prev[1][..]))
        .then(year.cmp(&prev_year))
        .then(rec[4].cmp(&prev[2][..]))
        .then(rec[5].cmp(&prev[3][..]))
        .then(rec[6].cmp(&prev[4][..]))
}

const CLASSIFICATION_COLUMNS: [&str; 10] = [
    "iso3",
    "name",
    "m49",
    "itu_region",
    "development",
    "ldc",
    "lldc",
    "sids",
    "income",
    "as_of",
];
const WEIGHT_COLUMNS: [&str; 7] = [
    "iso3",
    "year",
    "population",
    "population_held",
    "household_size",
    "size_basis",
    "households",
];

/// The classification's files: classification, weights, aliases, notes,
/// each with its number of rows.
pub fn render_classification(c: &Classification) -> Result<[(&'static str, String, u64); 4]> {
    let flag = |b: bool| if b { "1" } else { "0" };
    let as_of = c.as_of.to_string();
    let classification = csv_text(
        files::CLASSIFICATION,
        &CLASSIFICATION_COLUMNS,
        c.economies.values().map(|e| {
            [
                e.iso3.clone(),
                e.name.clone(),
                e.m49.map(|m| format!("{m:03}")).unwrap_or_default(),
                e.itu_region.clone().unwrap_or_default(),
                match e.developed {
                    Some(true) => "developed",
                    Some(false) => "developing",
                    None => "",
                }
                .to_string(),
                flag(e.ldc).to_string(),
                flag(e.lldc).to_string(),
                flag(e.sids).to_string(),
                e.income.clone().unwrap_or_default(),
                as_of.clone(),
            ]
        }),
    )?;
    let weights = csv_text(
        files::WEIGHTS,
        &WEIGHT_COLUMNS,
        c.weights.iter().map(|((iso, year), row)| {
            [
                iso.clone(),
                year.to_string(),
                format!("{:.0}", row.population),
                flag(row.population_held).to_string(),
                row.household_size
                    .map(|s| format!("{s:.4}"))
                    .unwrap_or_default(),
                row.size_basis.map(|b| b.as_str()).unwrap_or("").to_string(),
                row.households()
                    .map(|h| format!("{h:.0}"))
                    .unwrap_or_default(),
            ]
        }),
    )?;

    let mut aliases = String::from("code,iso3\n");
    for (from, to) in &c.aliases {
        aliases.push_str(&format!("{from},{to}\n"));
    }
    let notes: String = c.notes.iter().map(|n| format!("{n}\n")).collect();
    // Counted as the parse counts them.
    let note_lines = notes.lines().filter(|l| !l.trim().is_empty()).count();
    Ok([
        (
            files::CLASSIFICATION,
            classification,
            c.economies.len() as u64,
        ),
        (files::WEIGHTS, weights, c.weights.len() as u64),
        (files::ALIASES, aliases, c.aliases.len() as u64),
        (files::CLASSIFICATION_NOTES, notes, note_lines as u64),
    ])
}

/// Parse the classification back from its files' bytes, refusing it at
/// its first problem.
pub fn parse_classification(
    dir: &Path,
    classification: &[u8],
    weights: &[u8],
    aliases: &[u8],
    notes: &[u8],
) -> Result<Classification> {
    let mut problems = Problems::default();
    let (c, _) = read_classification(
        dir,
        [classification, weights, aliases, notes],
        &mut problems,
    );
    problems.into_result()?;
    Ok(c)
}

/// The income groups an economy may belong to.
const INCOME_GROUPS: [&str; 4] = ["LIC", "LMC", "UMC", "HIC"];

/// Read the classification from the bytes of `classification.csv`,
/// `weights.csv`, `aliases.csv` and `classification_notes.txt`: what
/// passes, and each file's number of rows (for the manifest). Each
/// economy is listed once with a code of three capital letters, a name,
/// known groups and flags, and one `as_of` year; each weight belongs to a
/// classified economy and a year of 1960–2030, once, with a positive
/// population, a household size of 0.5–20 with a known basis (or neither)
/// and the households they make; each alias maps a code to a classified
/// economy, once. Anything else is a problem naming the file, line and
/// field.
pub fn read_classification(
    dir: &Path,
    [classification, weights, aliases, notes]: [&[u8]; 4],
    problems: &mut Problems,
) -> (Classification, [u64; 4]) {
    let mut c = Classification::default();
    let mut rows = [0u64; 4];
    // Economies whose own row has a problem: their weights and aliases are
    // not listed as problems too.
    let mut damaged = BTreeSet::new();
    rows[0] = read_economies(
        &dir.join(files::CLASSIFICATION),
        classification,
        &mut c,
        &mut damaged,
        problems,
    );
    rows[1] = read_weights(
        &dir.join(files::WEIGHTS),
        weights,
        &mut c,
        &damaged,
        problems,
    );
    rows[2] = read_aliases(
        &dir.join(files::ALIASES),
        aliases,
        &mut c,
        &damaged,
        problems,
    );
    let notes_path = dir.join(files::CLASSIFICATION_NOTES);
    match crate::base::text::decode(&notes_path, notes) {
        Ok(text) => {
            c.notes = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect();
            rows[3] = c.notes.len() as u64;
        }
        Err(e) => problems.push(e),
    }
    c.index();
    (c, rows)
}

/// Open one CSV file of the store: its records, checked for the header's
/// columns and width; `None` (with the problem recorded) when it cannot be
/// read at all.
fn store_records(
    path: &Path,
    bytes: &[u8],
    columns: &[&str],
    problems: &mut Problems,
) -> Option<(Vec<usize>, Vec<crate::base::text::Record>)> {
    let opened = CsvText::open(path, bytes).and_then(|csv| {
        let idx = csv.require(columns)?;
        let records = csv.records_or_none()?;
        Ok((idx, records, csv.width()))
    });
    match opened {
        Ok((idx, records, width)) => {
            let (good, bad): (Vec<_>, Vec<_>) =
                records.into_iter().partition(|r| r.fields.len() == width);
            for r in &bad {
                problems.at(Location::file(path).at_line(r.line), r.width_problem(width));
            }
            Some((idx, good))
        }
        Err(e) => {
            problems.push(e);
            None
        }
    }
}

fn read_economies(
    path: &Path,
    bytes: &[u8],
    c: &mut Classification,
    damaged: &mut BTreeSet<String>,
    problems: &mut Problems,
) -> u64 {
    let Some((idx, records)) = store_records(path, bytes, &CLASSIFICATION_COLUMNS, problems) else {
        return 0;
    };
    let mut as_of: Option<(i32, u64)> = None;
    for rec in &records {
        let f = &rec.fields;
        let get = |i: usize| f.get(idx[i]).unwrap_or("").trim();
        let iso3 = get(0);
        let mut bad = |field: &str, msg: String| {
            problems.at(Location::file(path).at_line(rec.line).field(field), msg);
            damaged.insert(iso3.to_string());
        };
        if !(iso3.len() == 3 && iso3.bytes().all(|b| b.is_ascii_uppercase())) {
            bad(
                "iso3",
                format!("`{iso3}` is not an economy code of three capital letters"),
            );
            continue;
        }
        if get(1).is_empty() {
            bad("name", "name is empty".to_string());
            continue;
        }
        let m49 = match get(2) {
            "" => None,
            m => match m.parse::<u16>() {
                Ok(n) if m.len() == 3 && n > 0 => Some(n),
                _ => {
                    bad("m49", format!("`{m}` is not a UN M49 code of three digits"));
                    continue;
                }
            },
        };
        let flag = |i: usize| match get(i) {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        };
        let mut flags = [false; 3];
        let mut ok = true;
        for (slot, (i, name)) in flags.iter_mut().zip([(5, "ldc"), (6, "lldc"), (7, "sids")]) {
            match flag(i) {
                Some(v) => *slot = v,
                None => {
                    bad(name, format!("`{}` is not 0 or 1", get(i)));
                    ok = false;
                }
            }
        }
        if !ok {
            continue;
        }
        let developed = match get(4) {
            "developed" => Some(true),
            "developing" => Some(false),
            "" => None,
            other => {
                bad(
                    "development",
                    format!("`{other}` is not developed or developing"),
                );
                continue;
            }
        };
        let itu_region = match get(3) {
            "" => None,
            r if crate::classify::group::group(r)
                .is_some_and(|g| g.kind == crate::classify::GroupKind::Region) =>
            {
                Some(r.to_string())
            }
            r => {
                bad("itu_region", format!("`{r}` is not an ITU region code"));
                continue;
            }
        };
        let income = match get(8) {
            "" => None,
            i if INCOME_GROUPS.contains(&i) => Some(i.to_string()),
            i => {
                bad(
                    "income",
                    format!(
                        "`{i}` is not an income group ({})",
                        INCOME_GROUPS.join(", ")
                    ),
                );
                continue;
            }
        };
        let year = match get(9).parse::<i32>() {
            Ok(y) if (1990..=2100).contains(&y) => y,
            _ => {
                bad("as_of", format!("`{}` is not a year", get(9)));
                continue;
            }
        };
        match as_of {
            None => as_of = Some((year, rec.line)),
            Some((y, first)) if y != year => {
                bad(
                    "as_of",
                    format!(
                        "as_of {year} differs from the {y} of line {first}: the classification holds for one year"
                    ),
                );
                continue;
            }
            Some(_) => {}
        }
        if c.economies.contains_key(iso3) {
            problems.at(
                Location::file(path).at_line(rec.line).field("iso3"),
                format!("economy {iso3} is listed twice"),
            );
            continue;
        }
        let [ldc, lldc, sids] = flags;
        c.economies.insert(
            iso3.to_string(),
            Economy {
                iso3: iso3.to_string(),
                name: get(1).to_string(),
                m49,
                itu_region,
                developed,
                ldc,
                lldc,
                sids,
                income,
            },
        );
    }
    if records.is_empty() {
        problems.at(Location::file(path), "the classification lists no economy");
    }
    c.as_of = as_of.map(|(y, _)| y).unwrap_or(0);
    records.len() as u64
}

fn read_weights(
    path: &Path,
    bytes: &[u8],
    c: &mut Classification,
    damaged: &BTreeSet<String>,
    problems: &mut Problems,
) -> u64 {
    let Some((idx, records)) = store_records(path, bytes, &WEIGHT_COLUMNS, problems) else {
        return 0;
    };
    // The store writes the weights sorted by economy and year: rows in
    // that order go to a list that becomes the map at the end in one
    // pass, instead of each being inserted into it (a tenth of loading
    // for `rbm progress`); a row out of order is inserted as before.
    let mut sorted: Vec<((String, i32), WeightRow)> = Vec::new();
    let mut unsorted = std::mem::take(&mut c.weights);
    for rec in &records {
        let f = &rec.fields;
        let get = |i: usize| f.get(idx[i]).unwrap_or("").trim();
        let mut bad = |i: usize, msg: String| {
            problems.at(
                Location::file(path)
                    .at_line(rec.line)
                    .field(WEIGHT_COLUMNS[i]),
                msg,
            );
        };
        let iso3 = get(0);
        if damaged.contains(iso3) {
            continue;
        }
        if !c.economies.contains_key(iso3) {
            bad(
                0,
                format!("`{iso3}` is not an economy of the classification"),
            );
            continue;
        }
        let year = match get(1).parse::<i32>() {
            Ok(y) if (FIRST_YEAR..=LAST_YEAR).contains(&y) => y,
            _ => {
                bad(
                    1,
                    format!("`{}` is not a year of {FIRST_YEAR}–{LAST_YEAR}", get(1)),
                );
                continue;
            }
        };
        let Some(population) = get(2)
            .parse::<f64>()
            .ok()
            .filter(|p| p.is_finite() && *p > 0.0)
        else {
            bad(
                2,
                format!("`{}` is not a population (a number above 0)", get(2)),
            );
            continue;
        };
        let population_held = match get(3) {
            "1" => true,
            "0" => false,
            other => {
                bad(3, format!("`{other}` is not 0 or 1"));
                continue;
            }
        };
        let (household_size, size_basis) = match (get(4), get(5)) {
            ("", "") => (None, None),
            (size, basis) => {
                let Some(size) = size
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.5 && *s <= 20.0)
                else {
                    bad(
                        4,
                        format!("`{size}` is not a household size (0.5–20 people)"),
                    );
                    continue;
                };
                let Some(basis) = SizeBasis::parse(basis) else {
                    bad(
                        5,
                        format!(
                            "`{basis}` is not a basis of household size (survey, interpolated, held or fallback)"
                        ),
                    );
                    continue;
                };
                (Some(size), Some(basis))
            }
        };
        let row = WeightRow {
            population,
            population_held,
            household_size,
            size_basis,
        };
        // The households are derived: they must be the ones the population
        // and the size give. rbm computes them from the size before it is
        // rounded to the four decimals written, which moves them by up to
        // 0.00005 / size of their value, and rounds them to a whole number.
        let households_ok = match (row.households(), get(6)) {
            (None, "") => true,
            (Some(expected), text) => text.parse::<f64>().is_ok_and(|h| {
                let size = household_size.unwrap_or(1.0);
                (h - expected).abs() <= expected * 0.51e-4 / size + 0.5
            }),
            (None, _) => false,
        };
        if !households_ok {
            let expected = row
                .households()
                .map(|h| format!("about {h:.0}"))
                .unwrap_or_else(|| "empty, as the household size is".to_string());
            bad(
                6,
                format!(
                    "`{}` is not the households that population and household size give ({expected})",
                    get(6)
                ),
            );
            continue;
        }
        let in_order = unsorted.is_empty()
            && sorted
                .last()
                .is_none_or(|((last, last_year), _)| (last.as_str(), *last_year) < (iso3, year));
        let listed_twice = if in_order {
            sorted.push(((iso3.to_string(), year), row));
            false
        } else {
            // As a map insert would: a later row replaces an earlier.
            let key = (iso3.to_string(), year);
            match sorted.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => {
                    sorted[i].1 = row;
                    true
                }
                Err(_) => unsorted.insert(key, row).is_some(),
            }
        };
        if listed_twice {
            bad(
                0,
                format!("the weights of {iso3} in {year} are listed twice"),
            );
        }
    }
    c.weights = sorted.into_iter().collect();
    c.weights.extend(unsorted);
    records.len() as u64
}

fn read_aliases(
    path: &Path,
    bytes: &[u8],
    c: &mut Classification,
    damaged: &BTreeSet<String>,
    problems: &mut Problems,
) -> u64 {
    let Some((idx, records)) = store_records(path, bytes, &["code", "iso3"], problems) else {
        return 0;
    };
    for rec in &records {
        let f = &rec.fields;
        let get = |i: usize| f.get(idx[i]).unwrap_or("");
        let mut bad = |field: &str, msg: String| {
            problems.at(Location::file(path).at_line(rec.line).field(field), msg);
        };
        let (code, iso3) = (get(0), get(1));
        if damaged.contains(iso3) {
            continue;
        }
        if code.is_empty()
            || !code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            bad(
                "code",
                format!("`{code}` is not a code of capital letters and digits"),
            );
            continue;
        }
        if !c.economies.contains_key(iso3) {
            bad(
                "iso3",
                format!("`{iso3}` is not an economy of the classification"),
            );
            continue;
        }
        if c.aliases
            .insert(code.to_string(), iso3.to_string())
            .is_some()
        {
            bad("code", format!("code {code} is listed twice"));
        }
    }
    records.len() as u64
}

/// One ingested file, as `inputs.csv` records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputRecord {
    /// The file as given on the command line.
    pub file: String,
    /// Its format.
    pub format: String,
    /// Its release.
    pub vintage: String,
    /// Its counts.
    #[serde(flatten)]
    pub counts: RowCounts,
}

const INPUT_COLUMNS: [&str; 7] = [
    "file", "format", "vintage", "read", "accepted", "rejected", "merged",
];

/// Render `inputs.csv`.
pub fn render_inputs(records: &[InputRecord]) -> Result<String> {
    csv_text(
        files::INPUTS,
        &INPUT_COLUMNS,
        records.iter().map(|r| {
            [
                r.file.clone(),
                r.format.clone(),
                r.vintage.clone(),
                r.counts.read.to_string(),
                r.counts.accepted.to_string(),
                r.counts.rejected.to_string(),
                r.counts.merged.to_string(),
            ]
        }),
    )
}

/// Parse `inputs.csv`, refusing it at its first problem.
pub fn parse_inputs(label: &Path, bytes: &[u8]) -> Result<Vec<InputRecord>> {
    let mut problems = Problems::default();
    let (inputs, _) = read_inputs(label, bytes, &mut problems);
    problems.into_result()?;
    Ok(inputs)
}

/// Read `inputs.csv`: the records that pass, and the number of rows. It is
/// rbm's own file: a count that is not a whole number is a problem naming
/// the line and column, never a zero; so are an unknown format, a vintage
/// that is not a release month, counts that do not add up (accepted +
/// rejected + merged = read) and a file listed twice.
pub fn read_inputs(label: &Path, bytes: &[u8], problems: &mut Problems) -> (Vec<InputRecord>, u64) {
    let mut out = Vec::new();
    let Some((idx, records)) = store_records(label, bytes, &INPUT_COLUMNS, problems) else {
        return (out, 0);
    };
    let damaged = "the file is damaged; rebuild the datasets folder with `rbm ingest`";
    'records: for rec in &records {
        let at = |field: &str| Location::file(label).at_line(rec.line).field(field);
        let text = |i: usize| rec.fields.get(idx[i]).unwrap_or("").to_string();
        let mut counts = [0u64; 4];
        for (slot, i) in counts.iter_mut().zip(3..7) {
            let t = text(i);
            match t.trim().parse::<u64>() {
                Ok(n) => *slot = n,
                Err(_) => {
                    problems.at(
                        at(INPUT_COLUMNS[i]),
                        format!("`{t}` is not a count of rows: {damaged}"),
                    );
                    continue 'records;
                }
            }
        }
        let [read, accepted, rejected, merged] = counts;
        let counts = RowCounts {
            read,
            accepted,
            rejected,
            merged,
        };
        if !counts.reconciles() {
            problems.at(
                at("read"),
                format!(
                    "accepted + rejected + merged ({accepted} + {rejected} + {merged}) is not read ({read}): {damaged}"
                ),
            );
            continue;
        }
        let file = text(0);
        if file.is_empty() {
            problems.at(at("file"), format!("the file name is empty: {damaged}"));
            continue;
        }
        let format = text(1);
        if super::InputFormat::parse(&format).is_none() {
            problems.at(
                at("format"),
                format!("{}: {damaged}", super::InputFormat::unknown(&format)),
            );
            continue;
        }
        let vintage = text(2);
        if let Some(why) = vintage_problem(&vintage) {
            problems.at(at("vintage"), format!("{why}: {damaged}"));
            continue;
        }
        if out.iter().any(|r: &InputRecord| r.file == file) {
            problems.at(at("file"), format!("{file} is listed twice: {damaged}"));
            continue;
        }
        out.push(InputRecord {
            file,
            format,
            vintage,
            counts,
        });
    }
    (out, records.len() as u64)
}

const REJECT_COLUMNS: [&str; 10] = [
    "file", "line", "cell", "field", "kind", "series", "geo", "year", "value", "reason",
];

/// Rejects as CSV: `file, line, cell, field, kind, series, geo, year,
/// value, reason`.
pub fn render_rejects(files: &[(String, Vec<super::Reject>)]) -> Result<String> {
    let mut w = CsvOut::new("rejects", REJECT_COLUMNS, 0)?;
    for (file, rejects) in files {
        for r in rejects {
            let (line, cell) = match &r.position {
                super::Position::Line(l) => (l.to_string(), String::new()),
                super::Position::Cell { sheet, cell } => (String::new(), format!("{sheet}!{cell}")),
            };
            w.record([
                file.as_str(),
                &line,
                &cell,
                r.field.as_deref().unwrap_or(""),
                r.kind.as_str(),
                &r.series,
                &r.geo,
                &r.year,
                &r.value,
                &r.reason,
            ])?;
        }
    }
    w.finish()
}

/// Counts of rejects by kind, for summaries.
pub fn reject_summary(rejects: &[super::Reject]) -> BTreeMap<&'static str, u64> {
    let mut out = BTreeMap::new();
    for r in rejects {
        *out.entry(r.kind.as_str()).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::validate::format_value;
    use super::*;

    /// Weights in the store's order, out of it and listed twice: each
    /// (economy, year) once, a repeat refused at its line and, as a map
    /// insert would, holding the later row's population.
    #[test]
    fn weights_in_any_order_are_read_each_once() {
        let classification = "iso3,name,m49,itu_region,development,ldc,lldc,sids,income,as_of\n\
            ABW,Aruba,533,,developing,0,0,1,,2025\n\
            AFG,Afghanistan,004,ITU_ASP,developing,1,1,0,,2025\n";
        let header = "iso3,year,population,population_held,household_size,size_basis,households\n";
        let read = |rows: &str| {
            let weights = format!("{header}{rows}");
            let mut problems = Problems::default();
            let (c, _) = read_classification(
                Path::new("datasets"),
                [
                    classification.as_bytes(),
                    weights.as_bytes(),
                    b"code,iso3\n",
                    b"",
                ],
                &mut problems,
            );
            let populations: Vec<(String, i32, f64)> = c
                .weights
                .iter()
                .map(|((iso, year), w)| (iso.clone(), *year, w.population))
                .collect();
            (
                populations,
                problems.into_result().map_err(|e| e.to_string()),
            )
        };
        let expected = vec![
            ("ABW".to_string(), 1990, 1.0),
            ("ABW".to_string(), 1991, 2.0),
            ("AFG".to_string(), 1990, 3.0),
        ];
        let in_order = "ABW,1990,1,0,,,\nABW,1991,2,0,,,\nAFG,1990,3,0,,,\n";
        assert_eq!(read(in_order), (expected.clone(), Ok(())));
        let out_of_order = "AFG,1990,3,0,,,\nABW,1991,2,0,,,\nABW,1990,1,0,,,\n";
        assert_eq!(read(out_of_order), (expected.clone(), Ok(())));
        // Line 3 repeats line 2 (in order, then out of it) with another
        // population, which replaces the first.
        for twice in [
            "ABW,1990,9,0,,,\nABW,1990,1,0,,,\nABW,1991,2,0,,,\nAFG,1990,3,0,,,\n",
            "AFG,1990,3,0,,,\nAFG,1990,3,0,,,\nABW,1991,2,0,,,\nABW,1990,1,0,,,\n",
        ] {
            let (populations, result) = read(twice);
            assert_eq!(populations, expected, "{twice}");
            let message = result.expect_err("a weight listed twice is a problem");
            assert!(
                message.starts_with("datasets/weights.csv:3: field `iso3`"),
                "{message}"
            );
            assert!(message.contains("are listed twice"), "{message}");
        }
    }

    #[test]
    fn values_and_years_are_written_as_display_writes_them() {
        let mut buf = ryu::Buffer::new();
        let check = |v: f64, buf: &mut ryu::Buffer| {
            let mut out = String::new();
            push_value(&mut out, v, buf);
            assert_eq!(out, format!("{v}"), "bits {:#x}", v.to_bits());
        };
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            2.5,
            11.1726,
            80.123456789,
            100.0,
            1e15,
            1e16,
            1.5e16,
            1e21,
            1e22,
            1e300,
            1e-5,
            1e-6,
            1e-7,
            1.25e-7,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            35_311_400.85,
            123_456_789_012.0,
            0.000_123,
        ] {
            check(v, &mut buf);
        }
        // Many numbers by their bits (finite ones), and many of the kind
        // stores hold: few decimals.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for i in 0..200_000u64 {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            let bits = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
            let v = f64::from_bits(bits);
            if v.is_finite() {
                check(v, &mut buf);
            }
            check(
                (bits % 10_000_000) as f64 / 10f64.powi((i % 8) as i32),
                &mut buf,
            );
        }
        for y in [0, 7, 10, 1960, 2030, -1, -2024, i32::MAX, i32::MIN] {
            let mut out = String::new();
            push_int(&mut out, y);
            assert_eq!(out, y.to_string());
        }
    }

    #[test]
    fn observations_round_trip_byte_for_byte() {
        let mut t = ObservationTable::new();
        for (geo, year, value, note) in [
            ("FRA", 2020, 80.5, "a, quoted note"),
            ("AFG", 2019, 17.6, ""),
        ] {
            let row = t.to_row(&Observation {
                series: "i99H".into(),
                geo: geo.into(),
                year,
                value,
                unit: "percent".into(),
                source: "ITU".into(),
                note: note.into(),
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        let text = render_observations(&t).expect("renders");
        assert_eq!(
            text,
            "series,geo,year,value,sex,area,age,unit,source,estimate,note,vintage\n\
             i99H,AFG,2019,17.6,,,,percent,ITU,false,,2025-12\n\
             i99H,FRA,2020,80.5,,,,percent,ITU,false,\"a, quoted note\",2025-12\n"
        );
        let back = parse_observations(Path::new("o.csv"), text.as_bytes()).expect("parses");
        assert_eq!(render_observations(&back).expect("renders"), text);
    }

    #[test]
    fn observations_render_as_the_csv_writer_writes_them() {
        let mut t = ObservationTable::new();
        for (geo, year, value, note, source) in [
            ("FRA", 2020, 80.5, "a, quoted note", "ITU"),
            ("AFG", 2019, -0.0, "", "say \"ITU\""),
            ("ZWE", 2021, 1e21, "two\nlines", " padded "),
            ("ALB", 2018, 0.1 + 0.2, "\"", ""),
        ] {
            let row = t.to_row(&Observation {
                series: "i99H".into(),
                geo: geo.into(),
                year,
                value,
                unit: "percent".into(),
                source: source.into(),
                note: note.into(),
                estimate: year == 2021,
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        // The CSV writer, field by field, as the store was written before.
        let mut w = CsvOut::new(files::OBSERVATIONS, COLUMNS, 0).expect("header");
        for r in t.rows() {
            w.record([
                t.str(r.series).to_string(),
                t.str(r.geo).to_string(),
                r.year.to_string(),
                format_value(r.value),
                t.str(r.sex).to_string(),
                t.str(r.area).to_string(),
                t.str(r.age).to_string(),
                t.str(r.unit).to_string(),
                t.str(r.source).to_string(),
                r.estimate.to_string(),
                t.str(r.note).to_string(),
                t.str(r.vintage).to_string(),
            ])
            .expect("record");
        }
        let expected = w.finish().expect("text");
        assert_eq!(render_observations(&t).expect("renders"), expected);
        assert!(expected.contains(",\"say \"\"ITU\"\"\","), "{expected}");
        assert!(expected.contains(",\"two\nlines\","), "{expected}");
        assert!(expected.contains(",1000000000000000000000,"), "{expected}");
    }

    /// Rendered in parts on every core, in waves of parts, the text is the
    /// same as rendered in one piece: parts of one row, of a few, of more
    /// rows than the table has, and a last wave with fewer parts.
    #[test]
    fn observations_render_the_same_in_parts() {
        let mut t = ObservationTable::new();
        for i in 0..100 {
            let row = t.to_row(&Observation {
                series: format!("s{}", i / 30),
                geo: format!("G{:02}", i % 30),
                year: 2000 + i % 7,
                value: f64::from(i) / 7.0,
                unit: "percent".into(),
                source: if i % 3 == 0 { "ITU" } else { "say, \"ITU\"" }.into(),
                estimate: i % 2 == 0,
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        let mut whole = String::new();
        render_observations_in(&t, &mut whole, usize::MAX).expect("renders");
        assert_eq!(whole.lines().count(), 101);
        for part in [1, 2, 3, 12, 13, 99, 100, 101] {
            let mut text = String::from("left over");
            render_observations_in(&t, &mut text, part).expect("renders");
            assert_eq!(text, whole, "parts of {part} rows");
        }
    }

    #[test]
    fn a_repeated_or_unsorted_key_in_the_store_is_an_error() {
        let head = "series,geo,year,value,sex,area,age,unit,source,estimate,note,vintage\n";
        let row = |geo: &str, year: i32| format!("i99H,{geo},{year},1,,,,percent,ITU,false,,\n");
        let text = format!("{head}{}{}", row("FRA", 2020), row("FRA", 2020));
        let err = parse_observations(Path::new("o.csv"), text.as_bytes())
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("o.csv:3: key i99H FRA 2020")),
            "{err:?}"
        );
        let text = format!("{head}{}{}", row("FRA", 2020), row("AFG", 2020));
        assert!(parse_observations(Path::new("o.csv"), text.as_bytes()).is_err());
        let text = format!("{head}{}{}", row("AFG", 2020), row("FRA", 2019));
        assert!(parse_observations(Path::new("o.csv"), text.as_bytes()).is_ok());
    }

    #[test]
    fn a_damaged_store_is_an_error_with_line() {
        let text = "series,geo,year,value,sex,area,age,unit,source,estimate,note,vintage\ni99H,FRA,20x0,1,,,,percent,ITU,false,,\n";
        let err = parse_observations(Path::new("datasets/observations.csv"), text.as_bytes())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("datasets/observations.csv:2: field `year`: `20x0` is not a year")
        );
    }
}
