//! Filling an economy's gaps, for aggregation only: the economy's own points
//! stay as they are; a group's value needs every member in every year, or
//! the group moves when members stop reporting.
//!
//! The rule, bounded and documented:
//! - a year between two observations: linear interpolation;
//! - up to `hold` years after the last observation: the last value, held;
//! - up to `hold` years before the first observation: the first value, held;
//! - further out: no value (the member counts against coverage).
//!
//! Interpolated and held values are both "imputed", and a group-year with
//! too much imputed weight is withheld by the caller. An economy with a
//! single observation of a series is not filled at all (the caller leaves
//! it out): one value cannot be interpolated, and holding it for years
//! would stand in for a series that does not exist.

use super::index::Value;

/// How a filled value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Published for that year.
    Observed,
    /// Linear between the observations before and after.
    Interpolated,
    /// The nearest observation's value, at most `hold` years away.
    Held,
}

impl State {
    /// True for interpolated and held values.
    pub fn imputed(self) -> bool {
        self != State::Observed
    }
}

/// A filled value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Filled {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// How it was obtained.
    pub state: State,
    /// The publisher marks the value (or the nearest one) as an estimate.
    pub estimate: bool,
}

/// Fill `values` (sorted by year) over `first..=last`.
pub fn fill(values: &[Value], first: i32, last: i32, hold: i32) -> Vec<Filled> {
    let mut out = Vec::new();
    let (Some(v0), Some(vn)) = (values.first(), values.last()) else {
        return out;
    };
    let from = first.max(v0.year - hold);
    let to = last.min(vn.year + hold);
    let mut next = 0usize;
    for year in from..=to {
        while next < values.len() && values[next].year < year {
            next += 1;
        }
        let filled = if next < values.len() && values[next].year == year {
            let v = values[next];
            Filled {
                year,
                value: v.value,
                state: State::Observed,
                estimate: v.estimate,
            }
        } else if year < v0.year {
            Filled {
                year,
                value: v0.value,
                state: State::Held,
                estimate: v0.estimate,
            }
        } else if year > vn.year {
            Filled {
                year,
                value: vn.value,
                state: State::Held,
                estimate: vn.estimate,
            }
        } else {
            // values[next - 1].year < year < values[next].year
            let a = values[next - 1];
            let b = values[next];
            let t = f64::from(year - a.year) / f64::from(b.year - a.year);
            Filled {
                year,
                value: a.value + t * (b.value - a.value),
                state: State::Interpolated,
                estimate: a.estimate || b.estimate,
            }
        };
        out.push(filled);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(year: i32, value: f64) -> Value {
        Value {
            year,
            value,
            estimate: false,
        }
    }

    #[test]
    fn interpolates_between_and_holds_a_bounded_number_of_years() {
        // 10 in 2015, 20 in 2019; hold 2 years; fill 2010–2024.
        let f = fill(&[v(2015, 10.0), v(2019, 20.0)], 2010, 2024, 2);
        let years: Vec<i32> = f.iter().map(|x| x.year).collect();
        assert_eq!(years, (2013..=2021).collect::<Vec<_>>());
        assert_eq!(f[0].state, State::Held); // 2013
        assert_eq!(f[0].value, 10.0);
        assert_eq!(f[2].state, State::Observed); // 2015
        // 2017 is halfway: 15.
        assert_eq!((f[4].value, f[4].state), (15.0, State::Interpolated));
        assert_eq!(
            (f[8].year, f[8].value, f[8].state),
            (2021, 20.0, State::Held)
        );
    }

    #[test]
    fn no_values_fill_nothing() {
        assert!(fill(&[], 2000, 2020, 3).is_empty());
    }
}
