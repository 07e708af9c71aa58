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
use std::sync::Arc;

/// An interned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(u32);

/// One copy of every string in a table.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    map: HashMap<Arc<str>, Sym>,
    strings: Vec<Arc<str>>,
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
        if let Some(sym) = self.map.get(s) {
            return *sym;
        }
        let sym = Sym(self.strings.len() as u32);
        let arc: Arc<str> = Arc::from(s);
        self.strings.push(arc.clone());
        self.map.insert(arc, sym);
        sym
    }

    /// The symbol of a string already interned.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    /// The string of a symbol.
    pub fn resolve(&self, sym: Sym) -> &str {
        &self.strings[sym.0 as usize]
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
    index: HashMap<Key, usize>,
}

/// Two values are the same observation when they agree at the precision of
/// the less precise one, and at least to one decimal: one release writes
/// 5.44805461873818 where another rounds it to 5.45, or 63 where another
/// writes 63.0; 80 and 80.1 stay different.
pub fn same_value(a: f64, b: f64) -> bool {
    if (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0) {
        return true;
    }
    let d = decimals(a).min(decimals(b)).max(1);
    let f = 10f64.powi(d as i32);
    (a * f).round() == (b * f).round()
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
            index: HashMap::new(),
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
        let s = &mut self.strings;
        Row {
            series: s.intern(&o.series),
            geo: s.intern(&o.geo),
            year: o.year,
            sex: s.intern(&o.sex),
            area: s.intern(&o.area),
            age: s.intern(&o.age),
            value: o.value,
            unit: s.intern(&o.unit),
            source: s.intern(&o.source),
            estimate: o.estimate,
            note: s.intern(&o.note),
            vintage: s.intern(&o.vintage),
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
        let key = Self::key(&row);
        if let Some(&existing) = self.index.get(&key) {
            return if same_value(self.rows[existing].value, row.value) {
                Insert::Merged { existing }
            } else {
                Insert::Conflict { existing }
            };
        }
        self.index.insert(key, self.rows.len());
        self.rows.push(row);
        Insert::Added
    }

    /// Sort rows by series, geo, year, sex, area, age (by their strings), so
    /// that output is the same whatever order the inputs came in.
    pub fn sort(&mut self) {
        let strings = &self.strings;
        self.rows.sort_by(|a, b| {
            let ka = (
                strings.resolve(a.series),
                strings.resolve(a.geo),
                a.year,
                strings.resolve(a.sex),
                strings.resolve(a.area),
                strings.resolve(a.age),
            );
            let kb = (
                strings.resolve(b.series),
                strings.resolve(b.geo),
                b.year,
                strings.resolve(b.sex),
                strings.resolve(b.area),
                strings.resolve(b.age),
            );
            ka.cmp(&kb)
        });
        self.index = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (Self::key(r), i))
            .collect();
    }

    /// Keep only the rows for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Row) -> bool) {
        self.rows.retain(|r| keep(r));
        self.index = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (Self::key(r), i))
            .collect();
    }
}

impl ObservationTable {
    /// The years with data for each (series, disaggregation), for the
    /// Measurable criterion of `rbm check`.
    pub fn catalog(&self) -> crate::indicator::smart::DataCatalog {
        let mut by_sym: HashMap<(Sym, Sym, Sym, Sym), std::collections::BTreeSet<i32>> =
            HashMap::new();
        for r in &self.rows {
            by_sym
                .entry((r.series, r.sex, r.area, r.age))
                .or_default()
                .insert(r.year);
        }
        let mut catalog = crate::indicator::smart::DataCatalog::default();
        for ((series, sex, area, age), years) in by_sym {
            let key = (
                self.str(series).to_string(),
                crate::indicator::Disaggregation {
                    sex: self.str(sex).to_string(),
                    area: self.str(area).to_string(),
                    age: self.str(age).to_string(),
                },
            );
            catalog.years.insert(key, years);
        }
        catalog
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(geo: &str, year: i32, value: f64) -> Observation {
        Observation {
            series: "i99H".into(),
            geo: geo.into(),
            year,
            value,
            unit: "percent".into(),
            ..Observation::default()
        }
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
