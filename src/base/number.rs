//! Numbers as text with a fixed number of decimals: one function for every
//! output, so that CSV, JSON, terminal tables, the report and the charts
//! write a value the same way.
//!
//! Two minus signs: ASCII `-` for machines (CSV, JSON, file names) and the
//! typographic minus U+2212 for people (terminal tables). Neither ever
//! writes a negative zero: `-0.000` is `0.000`.

/// Which minus sign a negative number gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Minus {
    /// `-`, for CSV, JSON and anything a program reads.
    Ascii,
    /// `−` (U+2212), for text a person reads.
    Typographic,
}

/// `v` with `decimals` decimals; empty for a missing or non-finite value.
pub fn fixed(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| fixed_with(x, decimals, Minus::Ascii))
        .unwrap_or_default()
}

/// `v` with `decimals` decimals and the given minus sign; empty when `v`
/// is not finite.
pub fn fixed_with(v: f64, decimals: usize, minus: Minus) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.decimals$}");
    match s.strip_prefix('-') {
        // No "-0.000": a value that rounds to zero has no sign.
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        Some(rest) if minus == Minus::Typographic => format!("\u{2212}{rest}"),
        _ => s,
    }
}

/// An optional integer, or empty.
pub fn int(v: Option<i32>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// A whole number shown without decimals, any other with as many as it
/// needs (for target values written in definitions: `100`, `2`, `0.5`).
pub fn plain(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        assert_eq!(fixed(Some(1.23456), 3), "1.235");
        assert_eq!(fixed(Some(-0.0001), 3), "0.000");
        assert_eq!(fixed(Some(f64::NAN), 3), "");
        assert_eq!(fixed(None, 3), "");
    }

    #[test]
    fn people_get_a_real_minus_sign_and_machines_an_ascii_one() {
        assert_eq!(fixed_with(-0.66, 2, Minus::Typographic), "\u{2212}0.66");
        assert_eq!(fixed_with(-0.66, 2, Minus::Ascii), "-0.66");
        assert_eq!(fixed_with(-0.0004, 2, Minus::Typographic), "0.00");
    }

    #[test]
    fn plain_numbers_drop_needless_decimals() {
        assert_eq!(plain(100.0), "100");
        assert_eq!(plain(0.5), "0.5");
    }
}
