//! The parsed `observations.csv` in a compact binary form, so that a
//! command on a large store does not parse and check ten million CSV rows
//! again: decoding the cache is a copy, the CSV parse is most of a
//! command's time (88% of `rbm indicators` on the embedded data).
//!
//! The CSV stays the store's truth; the cache is only ever a copy of what
//! parsing it gave, and is never trusted blindly. It opens with a magic
//! word and a format version, then its [`Key`]: the manifest's size, rows
//! and sha256 of `observations.csv` and the file's size and modification
//! time as they were when the cache was written. A cache is used only when
//! every part of its key is the store's current one and its payload's
//! length and checksum are right; anything else ([`Unusable`]) means
//! parsing the CSV again, never an error.
//!
//! The payload is the table with its symbols renumbered in the order a
//! parse of the CSV meets the strings, so that a table read from the cache
//! is the one parsing the CSV gives, symbol for symbol, whether the cache
//! was written by an ingest or by a command that parsed the CSV. Rows hold
//! their series, geo, year and value, and the index of their remaining
//! fields (sex, area, age, unit, source, estimate, note, vintage), which
//! few rows do not share with many others: 24 bytes a row, against about
//! 70 in the CSV. The strings and those fields come first and the rows
//! last, so that a reader decodes the rows as they are read, a megabyte at
//! a time, and never holds the whole file (240 MB at ten million rows)
//! beside the table it becomes.
//!
//! Nothing here touches the file system (see `commands::fs`).

use std::hash::Hasher as _;
use std::io::Read as _;

use super::table::{CatalogRuns, FxHasher, FxMap, Interner, ObservationTable, Row, Sym};
use crate::indicator::smart::DataCatalog;

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"rbmcache";

/// The layout's version: bump it whenever the layout changes. Version 2
/// puts the strings and the rows' remaining fields before the rows, so
/// that a reader decodes the rows as they come, without the whole file in
/// memory.
const VERSION: u32 = 2;

/// What a cache must have been written for to be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Key {
    /// The manifest's size of `observations.csv`.
    pub bytes: u64,
    /// The manifest's rows of it.
    pub rows: u64,
    /// The manifest's sha256 of it (64 hex digits).
    pub sha256: String,
    /// The file's size on disk.
    pub len: u64,
    /// The file's modification time: seconds and nanoseconds since 1970.
    pub modified: (u64, u32),
}

/// Why a cache cannot be used: each means "parse the CSV".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Not a cache of rbm's (or cut inside its header).
    NotACache,
    /// Written by another version of the layout.
    Version,
    /// Written for another state of the store.
    Stale,
    /// The payload is cut short, too long or fails its checksum, or holds
    /// what no encoder writes (or could not be read).
    Damaged,
}

impl Unusable {
    /// The reason in words, for `RBM_TRACE_CACHE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unusable::NotACache => "not a cache",
            Unusable::Version => "another version",
            Unusable::Stale => "stale",
            Unusable::Damaged => "damaged",
        }
    }
}

/// The remaining fields of a row, as symbols of the renumbered strings.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Tail {
    syms: [u32; 7],
    estimate: bool,
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The payload's checksum, fed piece by piece: the same as one Fx hash
/// over all its bytes followed by their length, whatever the pieces.
#[derive(Default)]
struct Checksum {
    hasher: FxHasher,
    /// Bytes not yet hashed: fewer than eight.
    carry: [u8; 8],
    carried: usize,
    len: u64,
}

impl Checksum {
    fn feed(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.carried > 0 {
            let n = (8 - self.carried).min(bytes.len());
            self.carry[self.carried..self.carried + n].copy_from_slice(&bytes[..n]);
            self.carried += n;
            bytes = &bytes[n..];
            if self.carried < 8 {
                return;
            }
            self.hasher.write(&self.carry);
            self.carried = 0;
        }
        // Whole words are hashed as they come; the hasher treats a last
        // piece shorter than a word differently, so that waits for the end.
        let whole = bytes.len() / 8 * 8;
        self.hasher.write(&bytes[..whole]);
        let rest = &bytes[whole..];
        self.carry[..rest.len()].copy_from_slice(rest);
        self.carried = rest.len();
    }

    fn finish(mut self) -> u64 {
        self.hasher.write(&self.carry[..self.carried]);
        self.hasher.write_u64(self.len);
        self.hasher.finish()
    }
}

/// The length of a key: the manifest's bytes, rows and sha256, the
/// file's length, and its modification time's seconds and nanoseconds.
const KEY: usize = 8 + 8 + 64 + 8 + 8 + 4;

/// The length of the header: magic, version, key, payload length and
/// checksum.
const HEADER: usize = 8 + 4 + KEY + 8 + 8;

/// The length of a row in the payload: series, geo, year, the index of
/// its remaining fields, value.
const ROW: usize = 24;

/// Encode a table (unique and sorted, as the store holds it) for a key.
/// The payload: the number of rows, the strings (each its length and
/// bytes), the rows' remaining fields, then the rows (24 bytes each);
/// written into one buffer of the exact length, which is all the memory
/// an ingest of ten million rows spends on it besides four bytes a row.
pub fn encode(table: &ObservationTable, key: &Key) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(table, key, &mut out);
    out
}

/// [`encode`] into `out`, which is cleared first (an ingest passes the
/// buffer it rendered `observations.csv` in: see
/// [`super::store::render_observations_into`]).
pub fn encode_into(table: &ObservationTable, key: &Key, out: &mut Vec<u8>) {
    // Symbols renumbered in the order the CSV parse interns them: row by
    // row, series, geo, sex, area, age, unit, source, note, vintage.
    let mut remap = vec![u32::MAX; table.strings.len()];
    let mut order: Vec<Sym> = Vec::new();
    let mut renumber = |s: Sym| -> u32 {
        let slot = &mut remap[s.index() as usize];
        if *slot == u32::MAX {
            *slot = order.len() as u32;
            order.push(s);
        }
        *slot
    };
    renumber(table.strings.get("").unwrap_or_default());
    let tail_of = |r: &Row, renumber: &mut dyn FnMut(Sym) -> u32| Tail {
        syms: [
            renumber(r.sex),
            renumber(r.area),
            renumber(r.age),
            renumber(r.unit),
            renumber(r.source),
            renumber(r.note),
            renumber(r.vintage),
        ],
        estimate: r.estimate,
    };
    let mut tails: FxMap<Tail, u32> = FxMap::default();
    let mut tail_list: Vec<Tail> = Vec::new();
    // The tail changes rarely between neighbours: the last one is
    // compared before hashing.
    let mut last: Option<(Tail, u32)> = None;
    for r in table.rows() {
        renumber(r.series);
        renumber(r.geo);
        let tail = tail_of(r, &mut renumber);
        if last.is_some_and(|(l, _)| l == tail) {
            continue;
        }
        let t = *tails.entry(tail).or_insert_with(|| {
            tail_list.push(tail);
            tail_list.len() as u32 - 1
        });
        last = Some((tail, t));
    }
    let strings: usize = order.iter().map(|s| 4 + table.str(*s).len()).sum();
    let total = HEADER + 8 + 4 + strings + 4 + tail_list.len() * 29 + table.len() * ROW;
    out.clear();
    out.reserve(total);
    out.extend_from_slice(MAGIC);
    put_u32(out, VERSION);
    put_key(out, key);
    // The payload's length and checksum, filled in at the end.
    out.extend_from_slice(&[0u8; 16]);
    put_u64(out, table.len() as u64);
    put_u32(out, order.len() as u32);
    for s in &order {
        let text = table.str(*s).as_bytes();
        put_u32(out, text.len() as u32);
        out.extend_from_slice(text);
    }
    put_u32(out, tail_list.len() as u32);
    for t in &tail_list {
        for s in t.syms {
            put_u32(out, s);
        }
        out.push(u8::from(t.estimate));
    }
    // Every symbol and tail is numbered now: the rows look theirs up.
    let mut known = |s: Sym| remap[s.index() as usize];
    let mut last: Option<(Tail, u32)> = None;
    for r in table.rows() {
        let tail = tail_of(r, &mut known);
        let t = match last {
            Some((l, t)) if l == tail => t,
            _ => {
                let t = tails.get(&tail).copied().unwrap_or_default();
                last = Some((tail, t));
                t
            }
        };
        put_u32(out, remap[r.series.index() as usize]);
        put_u32(out, remap[r.geo.index() as usize]);
        out.extend_from_slice(&r.year.to_le_bytes());
        put_u32(out, t);
        put_u64(out, r.value.to_bits());
    }
    assert_eq!(out.len(), total);
    let len = (out.len() - HEADER) as u64;
    let sum = checksum(&out[HEADER..]);
    out[HEADER - 16..HEADER - 8].copy_from_slice(&len.to_le_bytes());
    out[HEADER - 8..HEADER].copy_from_slice(&sum.to_le_bytes());
}

/// Put `key` into a cache [`encode`]d for another key: the key sits in
/// the header, outside the payload and its checksum, so an ingest encodes
/// the cache while it writes `observations.csv`, before the file's size
/// and time are known, and fills them in after. A buffer too short to be
/// a cache is left alone.
pub fn set_key(cache: &mut [u8], key: &Key) {
    let mut bytes = Vec::with_capacity(KEY);
    put_key(&mut bytes, key);
    let at = MAGIC.len() + 4;
    if let Some(slot) = cache.get_mut(at..at + KEY) {
        slot.copy_from_slice(&bytes);
    }
}

pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut c = Checksum::default();
    c.feed(bytes);
    c.finish()
}

pub(crate) fn put_key(out: &mut Vec<u8>, key: &Key) {
    put_u64(out, key.bytes);
    put_u64(out, key.rows);
    // A manifest's sha256 is 64 hex digits; anything else never matches.
    let mut sha = [b'-'; 64];
    for (slot, b) in sha.iter_mut().zip(key.sha256.bytes()) {
        *slot = b;
    }
    out.extend_from_slice(&sha);
    put_u64(out, key.len);
    put_u64(out, key.modified.0);
    put_u32(out, key.modified.1);
}

/// The payload as it is read: a window of bytes over the reader, each
/// byte fed to the checksum once as it leaves the window. `None` from any
/// read past the end (or a failed read).
struct Stream<R> {
    reader: R,
    buf: Vec<u8>,
    at: usize,
    /// Payload bytes not yet read into the window.
    left: u64,
    sum: Checksum,
}

/// The window's size: reads of a megabyte are as fast as one of the
/// whole file, without holding it.
const WINDOW: usize = 1 << 20;

impl<R: std::io::Read> Stream<R> {
    /// At least `n` bytes in the window from `at`, or `None`.
    fn fill(&mut self, n: usize) -> Option<()> {
        if self.buf.len() - self.at >= n {
            return Some(());
        }
        self.sum.feed(&self.buf[..self.at]);
        self.buf.drain(..self.at);
        self.at = 0;
        let want = n.max(WINDOW) - self.buf.len();
        let want = want.min(usize::try_from(self.left).unwrap_or(usize::MAX));
        // Read into the window's spare room, which is never zeroed first
        // (zeroing each megabyte was a tenth of `rbm indicators`).
        let got = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.buf)
            .ok()?;
        if got != want {
            return None;
        }
        self.left -= want as u64;
        (self.buf.len() >= n).then_some(())
    }

    fn take(&mut self, n: usize) -> Option<&[u8]> {
        self.fill(n)?;
        let s = &self.buf[self.at..self.at + n];
        self.at += n;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        let mut w = [0u8; 4];
        w.copy_from_slice(self.take(4)?);
        Some(u32::from_le_bytes(w))
    }

    fn u64(&mut self) -> Option<u64> {
        let mut w = [0u8; 8];
        w.copy_from_slice(self.take(8)?);
        Some(u64::from_le_bytes(w))
    }

    /// The checksum, when every byte of the payload was read and nothing
    /// follows it.
    fn finish(mut self) -> Option<u64> {
        if self.left != 0 || self.at != self.buf.len() {
            return None;
        }
        let mut more = [0u8; 1];
        if !matches!(self.reader.read(&mut more), Ok(0)) {
            return None;
        }
        self.sum.feed(&self.buf);
        Some(self.sum.finish())
    }
}

/// Decode a cache written for `key`: the table, or why it cannot be used.
pub fn decode(bytes: &[u8], key: &Key) -> Result<ObservationTable, Unusable> {
    decode_from(bytes, key)
}

/// [`decode`] from a reader (the cache file, read a window at a time).
pub fn decode_from(reader: impl std::io::Read, key: &Key) -> Result<ObservationTable, Unusable> {
    decode_into(reader, key, Table(Vec::new()))
}

/// Only the catalog of series of a cache written for `key` (what
/// [`ObservationTable::catalog`] gives of the table it holds), or why it
/// cannot be used: the rows are read and checked exactly as [`decode_from`]
/// reads and checks them (a cache one refuses, the other refuses), but no
/// table is built. `rbm indicators` needs nothing else of the store, and
/// building the table was most of its time.
pub fn decode_catalog_from(reader: impl std::io::Read, key: &Key) -> Result<DataCatalog, Unusable> {
    decode_into(reader, key, Catalog(CatalogRuns::default()))
}

/// What a decode makes of the rows, as they are read: every check is the
/// decoder's, whatever is built.
trait Rows {
    type Out;
    /// Room for this many rows.
    fn reserve(&mut self, rows: usize);
    /// The next row (in the table's order).
    fn row(&mut self, row: Row);
    /// What was built, with the strings the rows' symbols name.
    fn finish(self, strings: Interner) -> Self::Out;
}

/// The whole table.
struct Table(Vec<Row>);

impl Rows for Table {
    type Out = ObservationTable;
    fn reserve(&mut self, rows: usize) {
        self.0.reserve_exact(rows);
    }
    fn row(&mut self, row: Row) {
        self.0.push(row);
    }
    fn finish(self, strings: Interner) -> ObservationTable {
        ObservationTable::from_sorted(strings, self.0)
    }
}

/// Only the catalog of series.
struct Catalog(CatalogRuns);

impl Rows for Catalog {
    type Out = DataCatalog;
    fn reserve(&mut self, _rows: usize) {}
    fn row(&mut self, r: Row) {
        self.0.push((r.series, r.sex, r.area, r.age), r.year);
    }
    fn finish(self, strings: Interner) -> DataCatalog {
        self.0.finish(&strings)
    }
}

fn decode_into<S: Rows>(
    mut reader: impl std::io::Read,
    key: &Key,
    sink: S,
) -> Result<S::Out, Unusable> {
    let mut header = [0u8; HEADER];
    let mut got = 0;
    while got < HEADER {
        match reader.read(&mut header[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Unusable::Damaged),
        }
    }
    if got < 12 || &header[..8] != MAGIC {
        return Err(Unusable::NotACache);
    }
    if header[8..12] != VERSION.to_le_bytes() {
        return Err(Unusable::Version);
    }
    if got < HEADER {
        return Err(Unusable::NotACache);
    }
    let mut expected = Vec::with_capacity(KEY);
    put_key(&mut expected, key);
    assert_eq!(expected.len(), KEY);
    if header[12..12 + KEY] != expected[..] {
        return Err(Unusable::Stale);
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&header[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let (len, sum) = (word(HEADER - 16), word(HEADER - 8));
    let mut stream = Stream {
        reader,
        buf: Vec::with_capacity(WINDOW),
        at: 0,
        left: len,
        sum: Checksum::default(),
    };
    let out = decode_payload(&mut stream, len, key.rows, sink).ok_or(Unusable::Damaged)?;
    if stream.finish() != Some(sum) {
        return Err(Unusable::Damaged);
    }
    Ok(out)
}

fn decode_payload<R: std::io::Read, S: Rows>(
    r: &mut Stream<R>,
    len: u64,
    expected_rows: u64,
    mut sink: S,
) -> Option<S::Out> {
    let rows = r.u64()?;
    if rows != expected_rows || rows.checked_mul(ROW as u64)? > len {
        return None;
    }
    let rows = usize::try_from(rows).ok()?;
    let n = r.u32()? as usize;
    // Every string takes at least its length's four bytes.
    if n as u64 > len / 4 {
        return None;
    }
    // Symbols `0, 1, …` in order: the first is the empty string, and
    // none repeats (as an interner keeps them).
    let mut strings = Interner::with_capacity(n);
    for k in 0..n {
        let len = r.u32()? as usize;
        let text = std::str::from_utf8(r.take(len)?).ok()?;
        if k == 0 && !text.is_empty() {
            return None;
        }
        strings.push_new(text)?;
    }
    if strings.is_empty() {
        return None;
    }
    let sym = |i: u32| (i < n as u32).then(|| Sym::from_index(i));
    let t = r.u32()? as usize;
    if t as u64 > len / 29 {
        return None;
    }
    let mut tails = Vec::with_capacity(t);
    for _ in 0..t {
        let mut syms = [Sym::default(); 7];
        for s in &mut syms {
            *s = sym(r.u32()?)?;
        }
        let estimate = match r.take(1)? {
            [0] => false,
            [1] => true,
            _ => return None,
        };
        tails.push((syms, estimate));
    }
    sink.reserve(rows);
    let mut left = rows;
    while left > 0 {
        // As many whole rows as the window holds.
        let k = left.min(WINDOW / ROW);
        let body = r.take(k * ROW)?;
        for rec in body.chunks_exact(ROW) {
            let word = |i: usize| {
                let mut w = [0u8; 4];
                w.copy_from_slice(&rec[i..i + 4]);
                u32::from_le_bytes(w)
            };
            let mut v = [0u8; 8];
            v.copy_from_slice(&rec[16..24]);
            let ([sex, area, age, unit, source, note, vintage], estimate) =
                *tails.get(word(12) as usize)?;
            sink.row(Row {
                series: sym(word(0))?,
                geo: sym(word(4))?,
                year: word(8) as i32,
                value: f64::from_bits(u64::from_le_bytes(v)),
                sex,
                area,
                age,
                unit,
                source,
                estimate,
                note,
                vintage,
            });
        }
        left -= k;
    }
    Some(sink.finish(strings))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::store::{parse_observations, render_observations};
    use crate::ingest::table::Observation;

    fn key() -> Key {
        Key {
            bytes: 100,
            rows: 3,
            sha256: "ab".repeat(32),
            len: 100,
            modified: (1_700_000_000, 5),
        }
    }

    /// A table built as an ingest builds it: strings interned in another
    /// order than a parse of its CSV meets them, one of them unused.
    fn ingested() -> ObservationTable {
        let mut t = ObservationTable::new();
        t.strings.intern("a rejected row's geo");
        for (geo, year, value, note, estimate) in [
            ("ZWE", 2020, 1.5, "", false),
            ("AFG", 2021, -0.0, "a, quoted \"note\"", true),
            ("AFG", 2020, 80.123456789, "", false),
        ] {
            let row = t.to_row(&Observation {
                series: "i99H".into(),
                geo: geo.into(),
                year,
                value,
                unit: "percent".into(),
                source: "ITU".into(),
                note: note.into(),
                estimate,
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        t
    }

    /// A cache encoded for one key and given another is the cache
    /// encoded for the other, byte for byte.
    #[test]
    fn a_key_set_after_encoding_gives_the_cache_of_that_key() {
        let table = ingested();
        let mut other = key();
        other.sha256 = "cd".repeat(32);
        other.len = 7;
        other.modified = (1_800_000_000, 999_999_999);
        let mut cache = encode(&table, &key());
        assert_ne!(cache, encode(&table, &other));
        set_key(&mut cache, &other);
        assert_eq!(cache, encode(&table, &other));
        let mut short = vec![1u8; 20];
        set_key(&mut short, &other);
        assert_eq!(short, vec![1u8; 20]);
    }

    fn same(a: &ObservationTable, b: &ObservationTable) {
        assert_eq!(a.rows().len(), b.rows().len());
        for (x, y) in a.rows().iter().zip(b.rows()) {
            // Symbols and bits, not just equal values: -0.0 stays -0.0.
            assert_eq!(
                (x.series, x.geo, x.year, x.value.to_bits(), x.sex, x.area),
                (y.series, y.geo, y.year, y.value.to_bits(), y.sex, y.area)
            );
            assert_eq!(
                (x.age, x.unit, x.source, x.estimate, x.note, x.vintage),
                (y.age, y.unit, y.source, y.estimate, y.note, y.vintage)
            );
        }
        assert_eq!(
            a.strings.strings().collect::<Vec<_>>(),
            b.strings.strings().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_cache_reads_back_as_the_parse_of_the_csv_symbol_for_symbol() {
        let table = ingested();
        let csv = render_observations(&table).expect("renders");
        let parsed = parse_observations(Path::new("o.csv"), csv.as_bytes()).expect("parses");
        // The ingest's table and the parse of its CSV encode to the same
        // bytes, and decode to the parse.
        assert_eq!(encode(&table, &key()), encode(&parsed, &key()));
        let back = decode(&encode(&table, &key()), &key()).expect("decodes");
        same(&back, &parsed);
        assert_eq!(render_observations(&back).expect("renders"), csv);
        // The unused string is not carried.
        assert!(back.strings.get("a rejected row's geo").is_none());
    }

    /// A reader that hands out at most `step` bytes a read.
    struct Trickle<'b> {
        bytes: &'b [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_checksum_fed_in_pieces_is_the_hash_of_the_whole() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        // One Fx hash over every byte, then the length.
        let mut whole = FxHasher::default();
        whole.write(&bytes);
        whole.write_u64(bytes.len() as u64);
        for cuts in [vec![], vec![3, 5, 8, 1], vec![1; 20], vec![999]] {
            let mut c = Checksum::default();
            let mut rest = &bytes[..];
            for n in cuts {
                c.feed(&rest[..n]);
                rest = &rest[n..];
            }
            c.feed(rest);
            assert_eq!(c.finish(), whole.finish());
        }
    }

    #[test]
    fn a_cache_larger_than_the_read_window_reads_back_whatever_the_reads() {
        // 60,000 rows: 1.4 MB of rows, more than one window.
        let mut t = ObservationTable::new();
        for i in 0..60_000u32 {
            let row = t.to_row(&Observation {
                series: format!("s{:03}", i / 1000),
                geo: format!("G{:02}", i / 25 % 40),
                year: 2000 + (i % 25) as i32,
                value: f64::from(i) / 7.0,
                unit: "count".into(),
                source: "ITU".into(),
                estimate: i % 3 == 0,
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        let k = Key {
            rows: 60_000,
            ..key()
        };
        let bytes = encode(&t, &k);
        for step in [usize::MAX, 4096, 7] {
            let back = decode_from(
                Trickle {
                    bytes: &bytes,
                    step,
                },
                &k,
            )
            .expect("decodes");
            same(&back, &decode(&bytes, &k).expect("decodes"));
            assert_eq!(
                render_observations(&back).expect("renders"),
                render_observations(&t).expect("renders")
            );
        }
        // Cut short by a byte, in the last window.
        let cut = Trickle {
            bytes: &bytes[..bytes.len() - 1],
            step: 4096,
        };
        assert_eq!(decode_from(cut, &k).err(), Some(Unusable::Damaged));
    }

    #[test]
    fn a_cache_for_another_state_of_the_store_is_stale() {
        let bytes = encode(&ingested(), &key());
        let changes: [fn(&mut Key); 5] = [
            |k| k.bytes += 1,
            |k| k.rows = 4,
            |k| k.sha256 = "cd".repeat(32),
            |k| k.len -= 1,
            |k| k.modified.1 += 1,
        ];
        for change in changes {
            let mut k = key();
            change(&mut k);
            assert_eq!(decode(&bytes, &k).err(), Some(Unusable::Stale));
        }
    }

    #[test]
    fn a_damaged_cache_is_never_used() {
        let good = encode(&ingested(), &key());
        assert!(decode(&good, &key()).is_ok());
        assert_eq!(decode(b"", &key()).err(), Some(Unusable::NotACache));
        assert_eq!(
            decode(b"observations are CSV", &key()).err(),
            Some(Unusable::NotACache)
        );
        let mut version = good.clone();
        version[8] += 1;
        assert_eq!(decode(&version, &key()).err(), Some(Unusable::Version));
        // Cut anywhere, or one byte changed anywhere after the key.
        for cut in [HEADER - 1, HEADER, HEADER + 7, good.len() - 1] {
            assert!(decode(&good[..cut], &key()).is_err(), "cut at {cut}");
        }
        for at in HEADER..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            assert!(decode(&bad, &key()).is_err(), "byte {at} changed");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(decode(&longer, &key()).err(), Some(Unusable::Damaged));
    }

    /// The catalog's years as plain values, to compare two catalogs.
    fn years(c: &DataCatalog) -> Vec<(String, String, String, String, Vec<i32>)> {
        c.years
            .iter()
            .map(|((code, d), y)| {
                let (sex, area, age) = (d.sex.clone(), d.area.clone(), d.age.clone());
                (code.clone(), sex, area, age, y.iter().copied().collect())
            })
            .collect()
    }

    #[test]
    fn the_catalog_alone_reads_back_as_the_catalog_of_the_table() {
        // Two series, one of them by sex, interleaved runs of years over
        // 40 economies: more than one read window (60,000 rows, 1.4 MB).
        let mut t = ObservationTable::new();
        for i in 0..60_000u32 {
            let row = t.to_row(&Observation {
                series: format!("s{}", i / 30_000),
                geo: format!("G{:02}", i / 25 % 40),
                sex: ["", "F", "M"][(i / 1000 % 3) as usize].into(),
                year: 2000 + (i % 25) as i32,
                value: f64::from(i),
                vintage: "2025-12".into(),
                ..Observation::default()
            });
            t.insert(row);
        }
        t.sort();
        let k = Key {
            rows: t.len() as u64,
            ..key()
        };
        let bytes = encode(&t, &k);
        let want = years(&t.catalog());
        // By hand: 2 series × 3 sexes, each with every year 2000–2024.
        assert_eq!(want.len(), 6);
        assert!(want.iter().all(|w| w.4 == (2000..2025).collect::<Vec<_>>()));
        for step in [usize::MAX, 4096, 7] {
            let back = decode_catalog_from(
                Trickle {
                    bytes: &bytes,
                    step,
                },
                &k,
            )
            .expect("decodes");
            assert_eq!(years(&back), want);
        }
        // And for the small table whose rows are not in one run each.
        let small = ingested();
        let back = decode_catalog_from(&encode(&small, &key())[..], &key()).expect("decodes");
        assert_eq!(years(&back), years(&small.catalog()));
    }

    #[test]
    fn the_catalog_alone_refuses_every_cache_the_table_refuses() {
        let good = encode(&ingested(), &key());
        let both = |bytes: &[u8], k: &Key| {
            let table = decode(bytes, k).err();
            let catalog = decode_catalog_from(bytes, k).err();
            assert_eq!(table, catalog, "{} bytes", bytes.len());
            catalog
        };
        assert_eq!(both(&good, &key()), None);
        assert_eq!(both(b"", &key()), Some(Unusable::NotACache));
        let mut stale = key();
        stale.modified.0 += 1;
        assert_eq!(both(&good, &stale), Some(Unusable::Stale));
        let mut version = good.clone();
        version[8] += 1;
        assert_eq!(both(&version, &key()), Some(Unusable::Version));
        // Cut anywhere, or any byte changed: an error, never a panic.
        for cut in 0..good.len() {
            assert!(both(&good[..cut], &key()).is_some(), "cut at {cut}");
        }
        for at in HEADER..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            assert!(both(&bad, &key()).is_some(), "byte {at} changed");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(both(&longer, &key()), Some(Unusable::Damaged));
        // A tail index out of range behind a good checksum (an encoder's
        // bug): the first row's is at 12 bytes into it.
        let mut payload = good[HEADER..].to_vec();
        let first = payload.len() - 3 * ROW;
        payload[first + 12..first + 16].copy_from_slice(&77u32.to_le_bytes());
        let mut bad = good[..HEADER - 8].to_vec();
        put_u64(&mut bad, checksum(&payload));
        bad.extend_from_slice(&payload);
        assert_eq!(both(&bad, &key()), Some(Unusable::Damaged));
    }

    #[test]
    fn a_payload_with_a_symbol_out_of_range_is_damaged_even_with_a_good_checksum() {
        // An encoder bug, not a flipped bit: the checksum is right, the
        // content is not.
        let good = encode(&ingested(), &key());
        let mut payload = good[HEADER..].to_vec();
        // The first row's series: the rows come last, 24 bytes each.
        let first = payload.len() - 3 * ROW;
        payload[first..first + 4].copy_from_slice(&999u32.to_le_bytes());
        let mut bad = good[..HEADER - 8].to_vec();
        put_u64(&mut bad, checksum(&payload));
        bad.extend_from_slice(&payload);
        assert_eq!(decode(&bad, &key()).err(), Some(Unusable::Damaged));
    }
}
