//! Excel workbooks through calamine: open from bytes, address cells as
//! Excel does (`B7`), and turn cells into text or numbers.
//!
//! A file that is not a workbook (a CSV renamed to `.xlsx`, a truncated
//! download) is an error naming the file, never a panic.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use crate::error::{Error, Location, Result};

/// An open workbook.
pub type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

/// Open a workbook from its bytes.
pub fn open<'a>(label: &Path, bytes: &'a [u8]) -> Result<Workbook<'a>> {
    if !bytes.starts_with(b"PK\x03\x04") {
        let hint = if bytes.iter().take(512).all(|b| b.is_ascii() && *b != 0) && !bytes.is_empty() {
            " (it looks like text: is it a CSV file renamed to .xlsx?)"
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            " (it is an old .xls workbook: save it as .xlsx)"
        } else {
            ""
        };
        return Err(Error::input(
            Location::file(label),
            format!("not an Excel .xlsx workbook: it does not start with the ZIP signature{hint}"),
        ));
    }
    Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Error::input(
            Location::file(label),
            format!("cannot open as an Excel workbook: {e}"),
        )
    })
}

/// The cells of a sheet, addressed by absolute 0-based (row, column).
pub struct Grid {
    /// Sheet name.
    pub name: String,
    range: Range<Data>,
}

impl Grid {
    /// Read a sheet.
    pub fn read(wb: &mut Workbook<'_>, label: &Path, name: &str) -> Result<Grid> {
        let range = wb.worksheet_range(name).map_err(|e| {
            Error::input(
                Location::file(label),
                format!("cannot read sheet '{name}': {e}"),
            )
        })?;
        Ok(Grid {
            name: name.to_string(),
            range,
        })
    }

    /// The cell at an absolute position.
    pub fn get(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    /// Last row index (absolute), or None for an empty sheet.
    pub fn last_row(&self) -> Option<u32> {
        self.range.end().map(|(r, _)| r)
    }

    /// Last column index (absolute).
    pub fn last_col(&self) -> Option<u32> {
        self.range.end().map(|(_, c)| c)
    }

    /// First row index (absolute).
    pub fn first_row(&self) -> u32 {
        self.range.start().map(|(r, _)| r).unwrap_or(0)
    }
}

/// Excel's name for a 0-based (row, column): (0, 0) is `A1`.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as i64;
    loop {
        letters.push((b'A' + (c % 26) as u8) as char);
        c = c / 26 - 1;
        if c < 0 {
            break;
        }
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// A cell's text, trimmed; numbers as written (integers without `.0`).
pub fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A cell's number, when it holds one.
pub fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Int(i) => Some(*i as f64),
        Data::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// A cell that holds a plausible year (1990–2035) as a number.
pub fn year(d: &Data) -> Option<i32> {
    let v = number(d)?;
    (v.fract() == 0.0 && (1990.0..=2035.0).contains(&v)).then_some(v as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_follow_excel() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 1), "B7");
        assert_eq!(cell_ref(3, 25), "Z4");
        assert_eq!(cell_ref(3, 26), "AA4");
        assert_eq!(cell_ref(3, 41), "AP4");
        assert_eq!(cell_ref(0, 701), "ZZ1");
        assert_eq!(cell_ref(0, 702), "AAA1");
    }

    #[test]
    fn a_renamed_csv_is_not_a_workbook() {
        let err = open(Path::new("x.xlsx"), b"a,b\n1,2\n")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "x.xlsx: not an Excel .xlsx workbook: it does not start with the ZIP signature (it looks like text: is it a CSV file renamed to .xlsx?)"
            )
        );
    }
}
