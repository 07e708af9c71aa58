//! Fast lookup of one series' values by economy or group. A command asks
//! for a few series of a store that may hold thousands: the index finds
//! each series' rows in one pass over the table (a store's rows of one
//! series are consecutive, the table being sorted by series first), and
//! groups a series' values by disaggregation and geo only when it is first
//! asked for, once. At ten million rows, grouping every series up front
//! took more time than the rest of `rbm series` after loading.

use std::ops::Range;
use std::sync::OnceLock;

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

/// A series' values by (sex, area, age) and geo, each sorted by year.
type Grouped = FxMap<(Sym, Sym, Sym), FxMap<Sym, Vec<Value>>>;

/// The rows of one series, and their values grouped once asked for.
struct SeriesRows {
    /// Runs of consecutive rows: one in a sorted table.
    runs: Vec<Range<usize>>,
    grouped: OnceLock<Grouped>,
}

/// Every series of a table, by code; each one's values by disaggregation
/// and geo.
pub struct SeriesIndex<'t> {
    table: &'t ObservationTable,
    series: FxMap<Sym, SeriesRows>,
    years: Option<(i32, i32)>,
    /// The symbol of the empty string, if the table has one.
    empty: Option<Sym>,
}

impl<'t> SeriesIndex<'t> {
    /// Index a table: where each series' rows are, and the years covered.
    pub fn new(table: &'t ObservationTable) -> Self {
        let rows = table.rows();
        let mut series: FxMap<Sym, SeriesRows> = FxMap::default();
        let mut years: Option<(i32, i32)> = None;
        let mut start = 0;
        for (i, r) in rows.iter().enumerate() {
            years = Some(years.map_or((r.year, r.year), |(lo, hi)| {
                (lo.min(r.year), hi.max(r.year))
            }));
            if i + 1 == rows.len() || rows[i + 1].series != r.series {
                series
                    .entry(r.series)
                    .or_insert_with(|| SeriesRows {
                        runs: Vec::new(),
                        grouped: OnceLock::new(),
                    })
                    .runs
                    .push(start..i + 1);
                start = i + 1;
            }
        }
        SeriesIndex {
            table,
            series,
            years,
            empty: table.strings.get(""),
        }
    }

    /// The table behind the index.
    pub fn table(&self) -> &ObservationTable {
        self.table
    }

    /// The first and last year of any row, `None` for an empty table.
    pub fn years(&self) -> Option<(i32, i32)> {
        self.years
    }

    /// A series' values grouped by disaggregation and geo (grouped on
    /// the first call).
    fn grouped(&self, code: Sym) -> Option<&Grouped> {
        let s = self.series.get(&code)?;
        Some(s.grouped.get_or_init(|| {
            let mut grouped = Grouped::default();
            for run in &s.runs {
                // Rows of one geo and disaggregation come one after the
                // other (a series without disaggregations, each geo's years
                // in a run): each such stretch is looked up once and added
                // whole, instead of a look-up and a push per row.
                let mut rows = &self.table.rows()[run.clone()];
                while let Some(r) = rows.first() {
                    let key = (r.sex, r.area, r.age);
                    let n = rows
                        .iter()
                        .position(|o| (o.sex, o.area, o.age, o.geo) != (key.0, key.1, key.2, r.geo))
                        .unwrap_or(rows.len());
                    let (stretch, rest) = rows.split_at(n);
                    rows = rest;
                    let values = grouped.entry(key).or_default().entry(r.geo).or_default();
                    values.reserve(n);
                    values.extend(stretch.iter().map(|r| Value {
                        year: r.year,
                        value: r.value,
                        estimate: r.estimate,
                    }));
                }
            }
            for by_geo in grouped.values_mut() {
                for values in by_geo.values_mut() {
                    values.sort_by_key(|v| v.year);
                }
            }
            grouped
        }))
    }

    /// The values of a series for every geo of one disaggregation.
    fn by_geo(&self, code: &str, d: &Disaggregation) -> Option<&FxMap<Sym, Vec<Value>>> {
        let s = &self.table.strings;
        // A total's empty sex, area and age without a look-up: comparing
        // an empty `String`, which points nowhere, costs glibc's AVX-512
        // memcmp a suppressed fault (tens of nanoseconds; this runs for
        // every economy of every series).
        let sym = |x: &str| if x.is_empty() { self.empty } else { s.get(x) };
        let key = (sym(&d.sex)?, sym(&d.area)?, sym(&d.age)?);
        self.grouped(s.get(code)?)?.get(&key)
    }

    /// The values of a series for one economy or group, sorted by year.
    pub fn values(&self, code: &str, d: &Disaggregation, geo: &str) -> &[Value] {
        let found = self.by_geo(code, d).and_then(|by_geo| {
            let geo = self.table.strings.get(geo)?;
            by_geo.get(&geo)
        });
        found.map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every geo with values for a series, with its values.
    pub fn geos(&self, code: &str, d: &Disaggregation) -> Vec<(&str, &[Value])> {
        let Some(by_geo) = self.by_geo(code, d) else {
            return Vec::new();
        };
        let mut out: Vec<(&str, &[Value])> = by_geo
            .iter()
            .map(|(g, v)| (self.table.str(*g), v.as_slice()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    /// True when the series exists in this disaggregation.
    pub fn has(&self, code: &str, d: &Disaggregation) -> bool {
        self.by_geo(code, d).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Observation;

    fn obs(series: &str, geo: &str, year: i32, value: f64, sex: &str) -> Observation {
        Observation {
            series: series.into(),
            sex: sex.into(),
            ..Observation::for_test(geo, year, value)
        }
    }

    #[test]
    fn values_are_found_by_series_disaggregation_and_geo_in_any_row_order() {
        // Not sorted: series i99H comes in two runs, years out of order.
        let mut t = ObservationTable::new();
        for o in [
            obs("i99H", "FRA", 2021, 2.0, ""),
            obs("xHH6", "FRA", 2020, 9.0, ""),
            obs("i99H", "FRA", 2020, 1.0, ""),
            obs("i99H", "FRA", 2020, 5.0, "F"),
            obs("i99H", "DEU", 2019, 3.0, ""),
        ] {
            let row = t.to_row(&o);
            t.insert(row);
        }
        let index = SeriesIndex::new(&t);
        let total = Disaggregation::total();
        let values: Vec<(i32, f64)> = index
            .values("i99H", &total, "FRA")
            .iter()
            .map(|v| (v.year, v.value))
            .collect();
        assert_eq!(values, vec![(2020, 1.0), (2021, 2.0)]);
        let women = Disaggregation {
            sex: "F".into(),
            ..Disaggregation::total()
        };
        assert_eq!(index.values("i99H", &women, "FRA").len(), 1);
        assert!(index.values("i99H", &women, "DEU").is_empty());
        let geos: Vec<&str> = index.geos("i99H", &total).iter().map(|g| g.0).collect();
        assert_eq!(geos, vec!["DEU", "FRA"]);
        assert!(index.has("xHH6", &total));
        assert!(!index.has("xHH6", &women));
        assert!(!index.has("nope", &total));
        assert_eq!(index.years(), Some((2019, 2021)));
        assert_eq!(SeriesIndex::new(&ObservationTable::new()).years(), None);
    }
}
