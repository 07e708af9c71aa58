//! Reading delimited text as users download it: with or without a UTF-8
//! byte-order mark, CRLF or LF line ends, quoted fields with newlines.
//!
//! What cannot be read is an error naming the file and line: an empty file,
//! a header with no rows, text that is not UTF-8 (a Latin-1 export), a file
//! that is not comma-separated, a missing column, a file cut off in the
//! middle of its last record. Rows with the wrong number of fields in the
//! middle of a file are the caller's rejects, not errors.

use std::path::Path;

use crate::error::{Error, Location, Result};

/// A CSV file checked for encoding and shape, ready to iterate.
pub struct CsvText<'a> {
    label: &'a Path,
    text: &'a str,
    /// Column names, trimmed.
    pub headers: Vec<String>,
}

/// One record with its line number and whether it has the header's width.
pub struct Record {
    /// The line the record starts on.
    pub line: u64,
    /// The fields.
    pub fields: csv::StringRecord,
}

impl<'a> CsvText<'a> {
    /// Check bytes and read the header.
    pub fn open(label: &'a Path, bytes: &'a [u8]) -> Result<CsvText<'a>> {
        let text = decode(label, bytes)?;
        if text.trim().is_empty() {
            return Err(Error::input(Location::file(label), "the file is empty"));
        }
        let mut reader = reader(text);
        let headers = reader
            .headers()
            .map_err(|e| csv_error(label, &e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect::<Vec<_>>();
        if headers.len() == 1 {
            let h = &headers[0];
            for (delim, name) in [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")] {
                if h.contains(delim) {
                    return Err(Error::input(
                        Location::file(label).at_line(1),
                        format!(
                            "the header has one column and contains {name}: this looks like a file separated by {name}; rbm reads comma-separated files"
                        ),
                    ));
                }
            }
        }
        Ok(CsvText {
            label,
            text,
            headers,
        })
    }

    /// The index of each named column, or an error naming those missing.
    pub fn require(&self, columns: &[&str]) -> Result<Vec<usize>> {
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !self.headers.iter().any(|h| h == c))
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::input(
                Location::file(self.label).at_line(1).field(missing[0]),
                format!(
                    "missing column {list}; the header has: {}",
                    self.headers.join(", ")
                ),
            ));
        }
        Ok(columns
            .iter()
            .map(|c| self.headers.iter().position(|h| h == c).unwrap_or(0))
            .collect())
    }

    /// The index of a column, if present.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Every record after the header, or an error for a file that has none
    /// or that ends in the middle of a record.
    pub fn records(&self) -> Result<Vec<Record>> {
        let mut reader = reader(self.text);
        let width = self.headers.len();
        let mut out = Vec::new();
        for result in reader.records() {
            let fields = result.map_err(|e| csv_error(self.label, &e))?;
            let line = fields.position().map(|p| p.line()).unwrap_or(0);
            // Skip blank lines: the csv reader yields them as one empty field.
            if fields.len() == 1 && fields[0].trim().is_empty() && width > 1 {
                continue;
            }
            out.push(Record { line, fields });
        }
        if out.is_empty() {
            return Err(Error::input(
                Location::file(self.label).at_line(1),
                "the file has a header but no data rows",
            ));
        }
        if let Some(last) = out.last()
            && last.fields.len() < width
            && !self.text.ends_with('\n')
        {
            return Err(Error::input(
                Location::file(self.label).at_line(last.line),
                format!(
                    "the last record has {} of {width} fields and the file does not end with a line break: it looks truncated",
                    last.fields.len()
                ),
            ));
        }
        Ok(out)
    }

    /// Number of header columns.
    pub fn width(&self) -> usize {
        self.headers.len()
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn csv_error(label: &Path, e: &csv::Error) -> Error {
    let mut loc = Location::file(label);
    if let Some(pos) = e.position() {
        loc = loc.at_line(pos.line());
    }
    Error::input(loc, format!("cannot read as CSV: {e}"))
}

/// The text of a file: UTF-8, without a byte-order mark; or an error naming
/// the line of the first byte that is not UTF-8.
pub fn decode<'b>(label: &Path, bytes: &'b [u8]) -> Result<&'b str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            Err(Error::input(
                Location::file(label).at_line(line),
                format!(
                    "the text is not UTF-8 (byte 0x{:02X} at offset {at}); it may be Latin-1 or Windows-1252: save it as UTF-8",
                    bytes[at]
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
        let label = Path::new("x.csv");
        let csv = CsvText::open(label, bytes)?;
        Ok(csv
            .records()?
            .into_iter()
            .map(|r| r.fields.iter().map(String::from).collect())
            .collect())
    }

    #[test]
    fn reads_bom_crlf_and_quoted_newlines() {
        let rows = open(b"\xEF\xBB\xBFa,b\r\n1,\"x\ny\"\r\n2,z\r\n").expect("reads");
        assert_eq!(rows, vec![vec!["1", "x\ny"], vec!["2", "z"]]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let msg = |b: &[u8]| open(b).unwrap_err().to_string();
        assert_eq!(msg(b""), "x.csv: the file is empty");
        assert_eq!(
            msg(b"a,b\n"),
            "x.csv:1: the file has a header but no data rows"
        );
        assert!(
            msg(b"a;b\n1;2\n")
                .starts_with("x.csv:1: the header has one column and contains semicolons")
        );
        assert!(
            msg(b"a,b\n1,2\n3,\xE9\n").starts_with("x.csv:3: the text is not UTF-8 (byte 0xE9")
        );
        assert!(
            msg(b"a,b,c\n1,2,3\n4,5").starts_with("x.csv:3: the last record has 2 of 3 fields")
        );
    }
}
