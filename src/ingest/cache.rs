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
//! 70 in the CSV.
//!
//! Nothing here touches the file system (see `commands::fs`).

use std::hash::Hasher as _;

use super::table::{FxHasher, FxMap, Interner, ObservationTable, Row, Sym};

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"rbmcache";

/// The layout's version: bump it whenever the layout changes.
const VERSION: u32 = 1;

/// What a cache must have been written for to be used.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// what no encoder writes.
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

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_u64(bytes.len() as u64);
    h.finish()
}

/// The length of a key: the manifest's bytes, rows and sha256, the
/// file's length, and its modification time's seconds and nanoseconds.
const KEY: usize = 8 + 8 + 64 + 8 + 8 + 4;

/// The length of the header: magic, version, key, payload length and
/// checksum.
const HEADER: usize = 8 + 4 + KEY + 8 + 8;

/// Encode a table (unique and sorted, as the store holds it) for a key.
/// The payload: the number of rows and the rows (24 bytes each), then the
/// strings (each its length and bytes), then the rows' remaining fields;
/// written into one buffer, which is all the memory an ingest of ten
/// million rows spends on it.
pub fn encode(table: &ObservationTable, key: &Key) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + 8 + table.len() * 24 + 4096);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_key(&mut out, key);
    // The payload's length and checksum, filled in at the end.
    out.extend_from_slice(&[0u8; 16]);
    put_u64(&mut out, table.len() as u64);
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
    let mut tails: FxMap<Tail, u32> = FxMap::default();
    let mut tail_list: Vec<Tail> = Vec::new();
    for r in table.rows() {
        let series = renumber(r.series);
        let geo = renumber(r.geo);
        let tail = Tail {
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
        let t = *tails.entry(tail).or_insert_with(|| {
            tail_list.push(tail);
            tail_list.len() as u32 - 1
        });
        put_u32(&mut out, series);
        put_u32(&mut out, geo);
        out.extend_from_slice(&r.year.to_le_bytes());
        put_u32(&mut out, t);
        put_u64(&mut out, r.value.to_bits());
    }
    put_u32(&mut out, order.len() as u32);
    for s in &order {
        let text = table.str(*s).as_bytes();
        put_u32(&mut out, text.len() as u32);
        out.extend_from_slice(text);
    }
    put_u32(&mut out, tail_list.len() as u32);
    for t in &tail_list {
        for s in t.syms {
            put_u32(&mut out, s);
        }
        out.push(u8::from(t.estimate));
    }
    let len = (out.len() - HEADER) as u64;
    let sum = checksum(&out[HEADER..]);
    out[HEADER - 16..HEADER - 8].copy_from_slice(&len.to_le_bytes());
    out[HEADER - 8..HEADER].copy_from_slice(&sum.to_le_bytes());
    out
}

fn put_key(out: &mut Vec<u8>, key: &Key) {
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

/// Reads little-endian numbers from a slice; every read past the end is
/// `None`.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
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
}

/// Decode a cache written for `key`: the table, or why it cannot be used.
pub fn decode(bytes: &[u8], key: &Key) -> Result<ObservationTable, Unusable> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err(Unusable::NotACache);
    }
    let mut r = Reader { bytes, at: 8 };
    if r.u32() != Some(VERSION) {
        return Err(Unusable::Version);
    }
    let mut expected = Vec::with_capacity(KEY);
    put_key(&mut expected, key);
    debug_assert_eq!(expected.len(), KEY);
    if r.take(expected.len()) != Some(&expected[..]) {
        return Err(Unusable::Stale);
    }
    let len = r.u64().ok_or(Unusable::NotACache)?;
    let sum = r.u64().ok_or(Unusable::NotACache)?;
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != len || checksum(payload) != sum {
        return Err(Unusable::Damaged);
    }
    decode_payload(payload, key.rows).ok_or(Unusable::Damaged)
}

fn decode_payload(payload: &[u8], expected_rows: u64) -> Option<ObservationTable> {
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    let rows = r.u64()?;
    if rows != expected_rows {
        return None;
    }
    let body = r.take(usize::try_from(rows).ok()?.checked_mul(24)?)?;
    let n = r.u32()? as usize;
    // Every string takes at least its length's four bytes.
    if n > payload.len() / 4 {
        return None;
    }
    let mut strings = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.u32()? as usize;
        let text = std::str::from_utf8(r.take(len)?).ok()?;
        strings.push(text.to_string());
    }
    let strings = Interner::from_strings(strings)?;
    let sym = |i: u32| (i < n as u32).then(|| Sym::from_index(i));
    let t = r.u32()? as usize;
    if t > payload.len() / 29 {
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
    if r.at != payload.len() {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() / 24);
    for rec in body.chunks_exact(24) {
        let word = |i: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&rec[i..i + 4]);
            u32::from_le_bytes(w)
        };
        let mut v = [0u8; 8];
        v.copy_from_slice(&rec[16..24]);
        let ([sex, area, age, unit, source, note, vintage], estimate) =
            *tails.get(word(12) as usize)?;
        out.push(Row {
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
    Some(ObservationTable::from_sorted(strings, out))
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

    #[test]
    fn a_payload_with_a_symbol_out_of_range_is_damaged_even_with_a_good_checksum() {
        // An encoder bug, not a flipped bit: the checksum is right, the
        // content is not.
        let good = encode(&ingested(), &key());
        let mut payload = good[HEADER..].to_vec();
        // The first row's series, after the count of rows.
        payload[8..12].copy_from_slice(&999u32.to_le_bytes());
        let mut bad = good[..HEADER - 8].to_vec();
        put_u64(&mut bad, checksum(&payload));
        bad.extend_from_slice(&payload);
        assert_eq!(decode(&bad, &key()).err(), Some(Unusable::Damaged));
    }
}
