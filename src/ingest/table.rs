//! The tidy observation table: `series, geo, year, value` plus `sex`,
//! `area`, `age`, `unit`, `source`, `estimate`, `note`, `vintage`.
//!
//! Strings repeat a great deal (a source or a note on thousands of rows), so
//! the table interns them: each row holds small symbols, and the table one
//! copy of each string. Ten million rows fit in well under a gigabyte.
//!
//! The table also enforces the key: one value per (series, geo, year, sex,
//! area, age). [`ObservationTable::insert`] says whether a row was new,
//! merged into an equal value, or conflicts with a different one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use hashbrown::HashTable;
use std::sync::Arc;

/// A fast hasher for the table's own keys (symbols and short strings). The
/// standard SipHash resists crafted collisions, which matters for servers
/// facing the network, not for a file a user gives their own tool; Fx hashing
/// (as in rustc) made the ingest of a million rows markedly faster.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

const FX_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ (rest.len() as u64) << 56);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_i32(&mut self, i: i32) {
        self.add(i as u32 as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// An interned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(u32);

/// One copy of every string in a table.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    map: FxMap<Arc<str>, Sym>,
    strings: Vec<Arc<str>>,
    /// The empty string's symbol, looked up without the map: an empty
    /// `String` points nowhere, and comparing it with the map's key goes
    /// through glibc's memcmp, whose masked load of that address costs a
    /// microcode assist (see [`crate::base::text::same_text`]); the empty
    /// sex, area and age of every default disaggregation are looked up
    /// for every economy and series.
    empty: Option<Sym>,
}

impl Interner {
    /// A new interner where the empty string is symbol 0.
    pub fn new() -> Self {
        let mut i = Interner::default();
        i.intern("");
        i
    }

    /// The symbol for a string, adding it if new.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(sym) = self.get(s) {
            return sym;
        }
        self.add(s)
    }

    /// Add a string known not to be there as the next symbol.
    fn add(&mut self, s: &str) -> Sym {
        let sym = Sym(self.strings.len() as u32);
        let arc: Arc<str> = Arc::from(s);
        self.strings.push(arc.clone());
        self.map.insert(arc, sym);
        if s.is_empty() {
            self.empty = Some(sym);
        }
        sym
    }

    /// The symbol of a string already interned.
    pub fn get(&self, s: &str) -> Option<Sym> {
        if s.is_empty() {
            return self.empty;
        }
        self.map.get(s).copied()
    }

    /// The string of a symbol.
    pub fn resolve(&self, sym: Sym) -> &str {
        &self.strings[sym.0 as usize]
    }

    /// Number of strings (symbols `0..len`).
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// True when not even the empty string is interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// The strings in symbol order.
    pub fn strings(&self) -> impl ExactSizeIterator<Item = &str> {
        self.strings.iter().map(|s| &**s)
    }

    /// An empty interner (not even the empty string) with room for `n`
    /// strings, to be filled by [`Self::push_new`].
    pub fn with_capacity(n: usize) -> Self {
        let mut i = Interner::default();
        i.map.reserve(n);
        i.strings.reserve_exact(n);
        i
    }

    /// Add a string as the next symbol (for a reader of strings already
    /// interned, in their order): `None`, and nothing added, when it is
    /// already there.
    pub fn push_new(&mut self, s: &str) -> Option<Sym> {
        if self.get(s).is_some() {
            return None;
        }
        Some(self.add(s))
    }
}

impl Sym {
    /// The symbol's number.
    pub fn index(self) -> u32 {
        self.0
    }

    /// The symbol of a number (which must be below the interner's
    /// [`Interner::len`] to be resolved).
    pub fn from_index(i: u32) -> Sym {
        Sym(i)
    }
}

/// One observation, with interned strings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// Series code.
    pub series: Sym,
    /// ISO 3166 alpha-3 code or group code.
    pub geo: Sym,
    /// Year.
    pub year: i32,
    /// Sex: `F`, `M` or empty.
    pub sex: Sym,
    /// Area: `urban`, `rural` or empty.
    pub area: Sym,
    /// Age band or empty.
    pub age: Sym,
    /// The value.
    pub value: f64,
    /// Unit code (`percent`, `percent_gni_pc`, `per_100`, …).
    pub unit: Sym,
    /// Who published it.
    pub source: Sym,
    /// True for estimates (ITU estimates, modelled values).
    pub estimate: bool,
    /// The publisher's note.
    pub note: Sym,
    /// Release the value comes from, e.g. `2025-12`.
    pub vintage: Sym,
}

/// An observation with owned strings, as parsers produce it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observation {
    /// Series code.
    pub series: String,
    /// Economy or group code.
    pub geo: String,
    /// Year.
    pub year: i32,
    /// Sex.
    pub sex: String,
    /// Area.
    pub area: String,
    /// Age band.
    pub age: String,
    /// Value.
    pub value: f64,
    /// Unit code.
    pub unit: String,
    /// Publisher.
    pub source: String,
    /// Estimate flag.
    pub estimate: bool,
    /// Note.
    pub note: String,
    /// Vintage.
    pub vintage: String,
}

#[cfg(test)]
impl Observation {
    /// Internet use (`i99H`, percent) of a geo in a year, for tests.
    pub fn for_test(geo: &str, year: i32, value: f64) -> Self {
        Observation {
            series: "i99H".into(),
            geo: geo.into(),
            year,
            value,
            unit: "percent".into(),
            ..Observation::default()
        }
    }
}

/// The key that must be unique.
pub type Key = (Sym, Sym, i32, Sym, Sym, Sym);

/// What happened to a row offered to the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Insert {
    /// A new key: the row is in the table.
    Added,
    /// The key was there with the same value: counted, not stored twice.
    Merged {
        /// Index of the row already in the table.
        existing: usize,
    },
    /// The key was there with a different value: the row is not stored.
    Conflict {
        /// Index of the row already in the table.
        existing: usize,
    },
}

/// The tidy table.
#[derive(Debug, Clone, Default)]
pub struct ObservationTable {
    /// The strings.
    pub strings: Interner,
    rows: Vec<Row>,
    /// The rows by key, for [`Self::insert`]: row numbers in a hash table
    /// over their keys, five bytes a row where a map from key to row took
    /// thirty-three (at ten million rows, 85 MB against 550). Built when
    /// first needed, so that a table loaded for analysis (already unique
    /// and sorted) never pays for it.
    index: Option<HashTable<u32>>,
    /// True while the rows are in strictly increasing key order (strings
    /// compared as strings, as [`Self::sort`] orders them). Rows offered in
    /// that order (an export sorted by series, economy and year, as ITU's
    /// are) are then added without the index: a key greater than the last
    /// row's is new, one equal to it is the last row's. The first row out
    /// of order builds the index; sorting such a table is a no-op.
    ordered: bool,
}

/// The hash of a key, for the index.
fn key_hash(key: &Key) -> u64 {
    let mut h = FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

/// Two values are the same observation when they agree at the precision of
/// the less precise one, and at least to one decimal: one release writes
/// 5.44805461873818 where another rounds it to 5.45, or 63 where another
/// writes 63.0; 80 and 80.1 stay different.
pub fn same_value(a: f64, b: f64) -> bool {
    if (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0) {
        return true;
    }
    // Within half a unit of the coarser value's last decimal, ties
    // included: 97.33585 published as 97.3359 (half up) or 85.96845 as
    // 85.9684 (half even) is one figure. Comparing `round(a·10^d)` instead
    // split such ties on binary representation (97.33585·10^4 is
    // 973358.4999…).
    // The slack covers the error of `a − b` itself, which grows with the
    // values: 35311400.85 − 35311400.8 is 0.0500000007 in binary.
    let d = decimals(a).min(decimals(b)).max(1);
    let half_unit = 0.5 / 10f64.powi(d as i32);
    let slack = half_unit * 1e-9 + 4.0 * f64::EPSILON * a.abs().max(b.abs());
    (a - b).abs() <= half_unit + slack
}

/// Decimals in the shortest decimal form of a value (at most 9).
fn decimals(v: f64) -> usize {
    let s = format!("{v}");
    s.split_once('.')
        .map(|(_, frac)| frac.len())
        .unwrap_or(0)
        .min(9)
}

impl ObservationTable {
    /// An empty table.
    pub fn new() -> Self {
        ObservationTable {
            strings: Interner::new(),
            rows: Vec::new(),
            index: None,
            ordered: true,
        }
    }

    /// A table of rows already unique and sorted by key (rbm's own store,
    /// read back from its cache), over these strings.
    pub fn from_sorted(strings: Interner, rows: Vec<Row>) -> Self {
        ObservationTable {
            strings,
            rows,
            index: None,
            ordered: true,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, in insertion order (or sorted, after [`Self::sort`]).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The string of a symbol.
    pub fn str(&self, sym: Sym) -> &str {
        self.strings.resolve(sym)
    }

    /// Intern an observation's strings.
    pub fn to_row(&mut self, o: &Observation) -> Row {
        self.to_row_with(o, [&o.geo, &o.source, &o.note, &o.vintage])
    }

    /// Intern an observation's strings, with its geo, source, note and
    /// vintage as given (resolved, cleaned or defaulted by the caller).
    pub fn to_row_with(&mut self, o: &Observation, [geo, source, note, vintage]: [&str; 4]) -> Row {
        let s = &mut self.strings;
        Row {
            series: s.intern(&o.series),
            geo: s.intern(geo),
            year: o.year,
            sex: s.intern(&o.sex),
            area: s.intern(&o.area),
            age: s.intern(&o.age),
            value: o.value,
            unit: s.intern(&o.unit),
            source: s.intern(source),
            estimate: o.estimate,
            note: s.intern(note),
            vintage: s.intern(vintage),
        }
    }

    /// [`Self::to_row_with`] for rows that come in runs (an export's rows
    /// of one series, economy, source): a field equal to the same field
    /// of the row before keeps its symbol without being hashed again.
    /// `last` holds those symbols, one per string field.
    pub fn to_row_after(
        &mut self,
        o: &Observation,
        [geo, source, note, vintage]: [&str; 4],
        last: &mut [Option<Sym>; 9],
    ) -> Row {
        let s = &mut self.strings;
        let mut sym = |slot: usize, text: &str| -> Sym {
            if let Some(sym) = last[slot]
                && crate::base::text::same_text(s.resolve(sym), text)
            {
                return sym;
            }
            let sym = s.intern(text);
            last[slot] = Some(sym);
            sym
        };
        Row {
            series: sym(0, &o.series),
            geo: sym(1, geo),
            year: o.year,
            sex: sym(2, &o.sex),
            area: sym(3, &o.area),
            age: sym(4, &o.age),
            value: o.value,
            unit: sym(5, &o.unit),
            source: sym(6, source),
            estimate: o.estimate,
            note: sym(7, note),
            vintage: sym(8, vintage),
        }
    }

    /// A row's strings, owned.
    pub fn to_observation(&self, r: &Row) -> Observation {
        Observation {
            series: self.str(r.series).to_string(),
            geo: self.str(r.geo).to_string(),
            year: r.year,
            sex: self.str(r.sex).to_string(),
            area: self.str(r.area).to_string(),
            age: self.str(r.age).to_string(),
            value: r.value,
            unit: self.str(r.unit).to_string(),
            source: self.str(r.source).to_string(),
            estimate: r.estimate,
            note: self.str(r.note).to_string(),
            vintage: self.str(r.vintage).to_string(),
        }
    }

    /// The key of a row.
    pub fn key(r: &Row) -> Key {
        (r.series, r.geo, r.year, r.sex, r.area, r.age)
    }

    /// Offer a row: added, merged with an equal value, or in conflict with a
    /// different one (then not stored).
    pub fn insert(&mut self, row: Row) -> Insert {
        if self.ordered {
            let order = match self.rows.last() {
                Some(last) => self.key_order(last, &row),
                None => std::cmp::Ordering::Less,
            };
            match order {
                std::cmp::Ordering::Less => {
                    // Row numbers are u32 (see below).
                    assert!(
                        u32::try_from(self.rows.len()).is_ok(),
                        "fewer than 2^32 rows"
                    );
                    self.rows.push(row);
                    return Insert::Added;
                }
                std::cmp::Ordering::Equal => {
                    let existing = self.rows.len() - 1;
                    return if same_value(self.rows[existing].value, row.value) {
                        Insert::Merged { existing }
                    } else {
                        Insert::Conflict { existing }
                    };
                }
                std::cmp::Ordering::Greater => {
                    // Out of order from here on: index what is there.
                    self.ordered = false;
                    self.index = None;
                }
            }
        }
        let key = Self::key(&row);
        if self.index.is_none() {
            // With room for the rows reserved.
            self.rebuild_index(self.rows.capacity() - self.rows.len());
        }
        let rows = &mut self.rows;
        let index = self.index.get_or_insert_with(HashTable::new);
        let hash = key_hash(&key);
        if let Some(&existing) = index.find(hash, |&i| Self::key(&rows[i as usize]) == key) {
            let existing = existing as usize;
            return if same_value(rows[existing].value, row.value) {
                Insert::Merged { existing }
            } else {
                Insert::Conflict { existing }
            };
        }
        // Row numbers are u32: four billion rows would not fit in memory.
        let n = u32::try_from(rows.len()).expect("fewer than 2^32 rows");
        index.insert_unique(hash, n, |&i| key_hash(&Self::key(&rows[i as usize])));
        rows.push(row);
        Insert::Added
    }

    /// How the key of row `a` compares with that of row `b`, strings
    /// compared as strings (equal symbols without looking at them).
    fn key_order(&self, a: &Row, b: &Row) -> std::cmp::Ordering {
        let by_str = |x: Sym, y: Sym| {
            if x == y {
                std::cmp::Ordering::Equal
            } else {
                self.str(x).cmp(self.str(y))
            }
        };
        by_str(a.series, b.series)
            .then_with(|| by_str(a.geo, b.geo))
            .then_with(|| a.year.cmp(&b.year))
            .then_with(|| by_str(a.sex, b.sex))
            .then_with(|| by_str(a.area, b.area))
            .then_with(|| by_str(a.age, b.age))
    }

    /// Room for `n` more rows (and, once rows come out of order, in the
    /// index).
    pub fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
        if let Some(index) = &mut self.index {
            let rows = &self.rows;
            index.reserve(n, |&i| key_hash(&Self::key(&rows[i as usize])));
        }
    }

    /// Append a row known to sort after every row already there (loading
    /// rbm's own sorted store); no index is kept.
    pub fn push_sorted(&mut self, row: Row) {
        self.index = None;
        self.rows.push(row);
    }

    /// Sort rows by series, geo, year, sex, area, age (by their strings), so
    /// that output is the same whatever order the inputs came in. Strings
    /// are ranked once and rows sorted by integer ranks: comparing strings
    /// row by row made this the slowest step of a large ingest.
    pub fn sort(&mut self) {
        if self.ordered {
            // Already in this order, each key once.
            return;
        }
        let n = self.strings.strings.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        let strings = &self.strings.strings;
        order.sort_unstable_by(|a, b| strings[*a as usize].cmp(&strings[*b as usize]));
        let mut rank = vec![0u32; n];
        for (r, sym) in order.iter().enumerate() {
            rank[*sym as usize] = r as u32;
        }
        let k = |s: Sym| rank[s.0 as usize];
        // Keys are unique, so an unstable sort is deterministic.
        self.rows.sort_unstable_by_key(|r| {
            (k(r.series), k(r.geo), r.year, k(r.sex), k(r.area), k(r.age))
        });
        // Positions changed: the index is rebuilt when next needed.
        self.index = None;
        self.ordered = true;
    }

    /// Index the rows, with room for `more`.
    fn rebuild_index(&mut self, more: usize) {
        let rows = &self.rows;
        let hasher = |&i: &u32| key_hash(&Self::key(&rows[i as usize]));
        let mut index = HashTable::with_capacity(rows.len() + more);
        for (i, r) in rows.iter().enumerate() {
            let n = u32::try_from(i).expect("fewer than 2^32 rows");
            index.insert_unique(key_hash(&Self::key(r)), n, hasher);
        }
        self.index = Some(index);
    }

    /// Keep only the rows for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Row) -> bool) {
        self.rows.retain(|r| keep(r));
        self.index = None;
    }
}

impl ObservationTable {
    /// The years with data for each (series, disaggregation), for the
    /// Measurable criterion of `rbm check`.
    pub fn catalog(&self) -> crate::indicator::smart::DataCatalog {
        let mut runs = CatalogRuns::default();
        for r in &self.rows {
            runs.push((r.series, r.sex, r.area, r.age), r.year);
        }
        runs.finish(&self.strings)
    }
}

/// A catalog's key as symbols: (series, sex, area, age).
pub(crate) type CatalogKey = (Sym, Sym, Sym, Sym);

/// The years of each (series, disaggregation), gathered row by row: from
/// a table ([`ObservationTable::catalog`]) or straight from the store's
/// cache, without building the table (`rbm indicators`).
///
/// Neighbouring rows share their series and disaggregation (the store is
/// sorted by series first): a key is looked up only when it changes from
/// one row to the next, and its years are kept as a set of bits. Looking
/// up every row and inserting its year into an ordered set was most of
/// `rbm indicators` after the definitions; listing every row's year and
/// sorting the lists at the end, still a sixth of it.
#[derive(Default)]
pub(crate) struct CatalogRuns {
    at: FxMap<CatalogKey, usize>,
    years: Vec<(CatalogKey, YearSet)>,
    /// The last row's key and its place in `years`.
    last: Option<(CatalogKey, usize)>,
}

/// A set of years: a bit for each of [`YearSet::FIRST`] and the 255
/// after it (every year a statistic has), a list for any other.
#[derive(Default)]
struct YearSet {
    bits: [u64; 4],
    others: Vec<i32>,
}

impl YearSet {
    const FIRST: i32 = 1900;

    fn insert(&mut self, year: i32) {
        match usize::try_from(i64::from(year) - i64::from(Self::FIRST)) {
            Ok(i) if i < 256 => self.bits[i / 64] |= 1 << (i % 64),
            _ => self.others.push(year),
        }
    }

    fn into_set(self) -> std::collections::BTreeSet<i32> {
        let mut set: std::collections::BTreeSet<i32> = self.others.into_iter().collect();
        for (w, word) in self.bits.iter().enumerate() {
            let mut word = *word;
            while word != 0 {
                let bit = word.trailing_zeros() as i32;
                set.insert(Self::FIRST + 64 * w as i32 + bit);
                word &= word - 1;
            }
        }
        set
    }
}

impl CatalogRuns {
    /// One row's key and year, in the table's order.
    pub(crate) fn push(&mut self, key: CatalogKey, year: i32) {
        let i = match self.last {
            Some((k, i)) if k == key => i,
            _ => {
                let years = &mut self.years;
                let i = *self.at.entry(key).or_insert_with(|| {
                    years.push((key, YearSet::default()));
                    years.len() - 1
                });
                self.last = Some((key, i));
                i
            }
        };
        self.years[i].1.insert(year);
    }

    /// The catalog, its symbols resolved in `strings` (which must hold
    /// every symbol pushed).
    pub(crate) fn finish(self, strings: &Interner) -> crate::indicator::smart::DataCatalog {
        let mut catalog = crate::indicator::smart::DataCatalog::default();
        for ((series, sex, area, age), years) in self.years {
            let key = (
                strings.resolve(series).to_string(),
                crate::indicator::Disaggregation {
                    sex: strings.resolve(sex).to_string(),
                    area: strings.resolve(area).to_string(),
                    age: strings.resolve(age).to_string(),
                },
            );
            catalog.years.insert(key, years.into_set());
        }
        catalog
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(geo: &str, year: i32, value: f64) -> Observation {
        Observation::for_test(geo, year, value)
    }

    /// The empty string is found without the map, wherever it was added:
    /// first (a new interner), later (a reader of a cache's strings) or
    /// not at all.
    #[test]
    fn the_empty_string_is_found_wherever_it_was_added() {
        let mut fresh = Interner::new();
        assert_eq!(fresh.get(""), Some(Sym(0)));
        assert_eq!(fresh.intern(""), Sym(0));
        // An empty String points nowhere, unlike the literal's "".
        let nowhere = String::new();
        assert_eq!(fresh.intern(nowhere.as_str()), Sym(0));
        let a = fresh.intern("a");
        assert_eq!(fresh.get("a"), Some(a));

        let mut read = Interner::with_capacity(3);
        assert_eq!(read.get(""), None, "not added yet");
        assert_eq!(read.push_new("KEN"), Some(Sym(0)));
        assert_eq!(read.push_new(""), Some(Sym(1)));
        assert_eq!(read.push_new(""), None, "already there");
        assert_eq!(read.get(""), Some(Sym(1)));
        assert_eq!(read.resolve(Sym(1)), "");
        assert_eq!(read.intern(""), Sym(1));
        assert_eq!(read.len(), 2);
    }

    /// The catalog gathers each series and disaggregation's years, also
    /// from rows that are not neighbours (a table not sorted), each year
    /// once: i99H has 2019 (twice: two economies), 2020 and 2021; i4 2018.
    #[test]
    fn catalog_lists_each_series_years_once() {
        let mut t = ObservationTable::new();
        let other = |geo: &str, year: i32| Observation {
            series: "i4".into(),
            ..obs(geo, year, 1.0)
        };
        for o in [
            obs("FRA", 2020, 1.0),
            obs("FRA", 2019, 1.0),
            other("FRA", 2018),
            obs("BEL", 2021, 1.0),
            obs("BEL", 2019, 1.0),
        ] {
            let r = t.to_row(&o);
            assert_eq!(t.insert(r), Insert::Added);
        }
        let catalog = t.catalog();
        let years: Vec<(&str, Vec<i32>)> = catalog
            .years
            .iter()
            .map(|((code, _), y)| (code.as_str(), y.iter().copied().collect()))
            .collect();
        assert_eq!(
            years,
            vec![("i4", vec![2018]), ("i99H", vec![2019, 2020, 2021])]
        );
    }

    #[test]
    fn a_year_set_holds_every_year_once_in_order_also_far_ones() {
        let mut y = YearSet::default();
        for year in [
            2024,
            1900,
            2155,
            2156,
            1899,
            2024,
            i32::MIN,
            i32::MAX,
            1963,
            2156,
        ] {
            y.insert(year);
        }
        let got: Vec<i32> = y.into_set().into_iter().collect();
        assert_eq!(
            got,
            [i32::MIN, 1899, 1900, 1963, 2024, 2155, 2156, i32::MAX]
        );
    }

    #[test]
    fn insert_adds_merges_equal_and_refuses_conflicts() {
        let mut t = ObservationTable::new();
        let a = t.to_row(&obs("FRA", 2020, 63.0));
        assert_eq!(t.insert(a), Insert::Added);
        let same = t.to_row(&obs("FRA", 2020, 63.0000000001));
        assert_eq!(t.insert(same), Insert::Merged { existing: 0 });
        let other = t.to_row(&obs("FRA", 2020, 64.0));
        assert_eq!(t.insert(other), Insert::Conflict { existing: 0 });
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn values_agree_at_the_precision_of_the_less_precise() {
        assert!(same_value(5.44805461873818, 5.45));
        assert!(same_value(63.0, 63.0));
        assert!(same_value(1_000_000.0, 1e6));
        assert!(!same_value(80.0, 80.1));
        assert!(!same_value(21.8, 21.9));
        assert!(!same_value(5.44805461873818, 5.44));
        // Rounding ties, whichever way the publisher broke them (Hong Kong
        // 2021 mobile ownership: 97.3359 in the DataHub, 97.33585 in the
        // SDG extract), but not truncation past the tie (Belgium 2017
        // households online: 85.9684571… in the Dashboard, 85.9684 in the
        // DataHub).
        assert!(same_value(97.33585, 97.3359));
        assert!(same_value(85.96845, 85.9684));
        assert!(!same_value(85.9684571695389, 85.9684));
        assert!(same_value(63.05, 63.0));
        assert!(!same_value(63.06, 63.0));
        // Ties on large values (tonnes of e-waste), where a − b itself is
        // off by more than a relative 1e-9 of the half unit, both ways.
        assert!(same_value(35_311_400.85, 35_311_400.8));
        assert!(same_value(35_311_400.85, 35_311_400.9));
        assert!(!same_value(35_311_400.86, 35_311_400.8));
    }

    #[test]
    fn rows_in_key_order_need_no_index_and_a_row_out_of_order_finds_its_duplicate() {
        let mut t = ObservationTable::new();
        // "ZWE" is interned before "AFG": the order is the strings'.
        let z = t.to_row(&obs("ZWE", 2019, 1.0));
        let first = t.to_row(&obs("AFG", 2020, 1.0));
        for r in [first, t.to_row(&obs("AFG", 2021, 1.0)), z] {
            assert_eq!(t.insert(r), Insert::Added);
        }
        assert!(t.index.is_none() && t.ordered);
        let same = t.to_row(&obs("ZWE", 2019, 1.0));
        assert_eq!(t.insert(same), Insert::Merged { existing: 2 });
        let other = t.to_row(&obs("ZWE", 2019, 2.0));
        assert_eq!(t.insert(other), Insert::Conflict { existing: 2 });
        // Out of order: the first row's key with another value.
        let back = t.to_row(&obs("AFG", 2020, 5.0));
        assert_eq!(t.insert(back), Insert::Conflict { existing: 0 });
        assert!(t.index.is_some() && !t.ordered);
        let again = t.to_row(&obs("AFG", 2021, 1.0));
        assert_eq!(t.insert(again), Insert::Merged { existing: 1 });
        let bel = t.to_row(&obs("BEL", 2020, 1.0));
        assert_eq!(t.insert(bel), Insert::Added);
        t.sort();
        let order: Vec<(&str, i32)> = t.rows().iter().map(|r| (t.str(r.geo), r.year)).collect();
        assert_eq!(
            order,
            vec![("AFG", 2020), ("AFG", 2021), ("BEL", 2020), ("ZWE", 2019)]
        );
    }

    #[test]
    fn sort_orders_by_strings_not_symbols() {
        let mut t = ObservationTable::new();
        for (g, y) in [("ZWE", 2020), ("AFG", 2021), ("AFG", 2020)] {
            let r = t.to_row(&obs(g, y, 1.0));
            t.insert(r);
        }
        t.sort();
        let order: Vec<(String, i32)> = t
            .rows()
            .iter()
            .map(|r| (t.str(r.geo).to_string(), r.year))
            .collect();
        assert_eq!(
            order,
            vec![
                ("AFG".into(), 2020),
                ("AFG".into(), 2021),
                ("ZWE".into(), 2020)
            ]
        );
        // The index follows the new order.
        let dup = t.to_row(&obs("ZWE", 2020, 2.0));
        assert_eq!(t.insert(dup), Insert::Conflict { existing: 2 });
    }
}
