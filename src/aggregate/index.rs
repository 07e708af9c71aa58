//! Fast lookup of one series' values by economy or group: built once from
//! the observation table in a single pass, so that each indicator's data
//! is found without scanning every row again.

use crate::indicator::Disaggregation;
use crate::ingest::table::FxMap;
use crate::ingest::{ObservationTable, Sym};

/// One value of a series for one economy or group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// Marked as an estimate by its publisher.
    pub estimate: bool,
}

type SeriesKey = (Sym, Sym, Sym, Sym);

/// Every series of a table, by (code, disaggregation) and geo.
pub struct SeriesIndex<'t> {
    table: &'t ObservationTable,
    series: FxMap<SeriesKey, FxMap<Sym, Vec<Value>>>,
}

impl<'t> SeriesIndex<'t> {
    /// Index a table.
    pub fn new(table: &'t ObservationTable) -> Self {
        let mut series: FxMap<SeriesKey, FxMap<Sym, Vec<Value>>> = FxMap::default();
        for r in table.rows() {
            series
                .entry((r.series, r.sex, r.area, r.age))
                .or_default()
                .entry(r.geo)
                .or_default()
                .push(Value {
                    year: r.year,
                    value: r.value,
                    estimate: r.estimate,
                });
        }
        for by_geo in series.values_mut() {
            for values in by_geo.values_mut() {
                values.sort_by_key(|v| v.year);
            }
        }
        SeriesIndex { table, series }
    }

    /// The table behind the index.
    pub fn table(&self) -> &ObservationTable {
        self.table
    }

    fn key(&self, code: &str, d: &Disaggregation) -> Option<SeriesKey> {
        let s = &self.table.strings;
        Some((
            s.get(code)?,
            s.get(&d.sex)?,
            s.get(&d.area)?,
            s.get(&d.age)?,
        ))
    }

    /// The values of a series for one economy or group, sorted by year.
    pub fn values(&self, code: &str, d: &Disaggregation, geo: &str) -> &[Value] {
        let found = self.key(code, d).and_then(|k| {
            let geo = self.table.strings.get(geo)?;
            self.series.get(&k)?.get(&geo)
        });
        found.map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every geo with values for a series, with its values.
    pub fn geos(&self, code: &str, d: &Disaggregation) -> Vec<(&str, &[Value])> {
        let Some(by_geo) = self.key(code, d).and_then(|k| self.series.get(&k)) else {
            return Vec::new();
        };
        let mut out: Vec<(&str, &[Value])> = by_geo
            .iter()
            .map(|(g, v)| (self.table.str(*g), v.as_slice()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// True when the series exists in any disaggregation.
    pub fn has(&self, code: &str, d: &Disaggregation) -> bool {
        self.key(code, d)
            .is_some_and(|k| self.series.contains_key(&k))
    }
}
