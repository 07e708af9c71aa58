//! A (year, value) point: what the aggregate stage hands the progress
//! methods, and what the methods project.

use serde::Serialize;

/// A (year, value) point of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
}

impl Point {
    /// A point.
    pub fn new(year: i32, value: f64) -> Self {
        Point { year, value }
    }

    /// Points from (year, value) pairs.
    pub fn series(pairs: &[(i32, f64)]) -> Vec<Point> {
        pairs.iter().map(|&(y, v)| Point::new(y, v)).collect()
    }
}
