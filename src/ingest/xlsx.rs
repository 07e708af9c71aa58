//! Excel workbooks through calamine: open from bytes, address cells as
//! Excel does (`B7`), and turn cells into text or numbers.
//!
//! A file that is not a workbook (a CSV renamed to `.xlsx`, a truncated
//! download) is an error naming the file, never a panic.

use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use calamine::{Cell, Data, DataRef, Range, Reader, Xlsx, XlsxError};

use crate::error::{Error, Location, Result};

/// The most cells a sheet may span, counted from column A over its rows
/// with data. The real ITU workbooks span under 400,000; the parsers keep
/// the whole grid in memory and walk every column of every row.
pub const MAX_CELLS: u64 = 10_000_000;

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
    check_shared_strings(label, bytes)?;
    Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Error::input(
            Location::file(label),
            format!("cannot open as an Excel workbook: {e}"),
        )
    })
}

/// Refuse a shared strings table that declares more strings than its XML
/// holds room for. calamine reserves room for the declared `uniqueCount`
/// before reading a string, so a count of billions made it ask for
/// terabytes and abort (found by fuzzing:
/// `tests/fixtures/bad/fuzz_detect_shared_strings_count.xlsx`). A string
/// takes at least `<si/>`, five bytes of XML, so n bytes hold at most n / 5;
/// what calamine then reserves stays within a few times the part's size.
/// The part is read as a stream and counted, never held in memory.
fn check_shared_strings(label: &Path, bytes: &[u8]) -> Result<()> {
    // What is not a readable archive is left to calamine to report.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    // Deflate expands data at most 1032 times: a part that claims to inflate
    // further is damaged, and is not read past that.
    let inflated_at_most = (bytes.len() as u64).saturating_mul(1032);
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        // calamine reads `sharedStrings.xml` beside the workbook part, in
        // whatever folder and case; every such part is checked.
        let shared_strings = part
            .name()
            .is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        if !shared_strings {
            continue;
        }
        let counted = Counted {
            inner: part.take(inflated_at_most),
            bytes: 0,
        };
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(counted));
        // A part without a readable `<sst>` is calamine's to report.
        let Some(count) = declared_count(&mut xml) else {
            continue;
        };
        let mut rest = xml.into_inner();
        // A damaged part is calamine's to report; what was read is checked.
        let _ = std::io::copy(&mut rest, &mut std::io::sink());
        let size = rest.get_ref().bytes;
        let most = size / 5;
        if count > most {
            return Err(Error::input(
                Location::file(label),
                format!(
                    "the shared strings table declares {count} strings in {size} bytes of XML, which hold at most {most}: the workbook looks damaged"
                ),
            ));
        }
    }
    Ok(())
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The `uniqueCount` of the first `<sst>` element, where calamine reads it:
/// an optional `+`, then digits (too many digits for a u64 is past any
/// bound). `None` without such an element or attribute.
fn declared_count<R: BufRead>(xml: &mut quick_xml::Reader<R>) -> Option<u64> {
    use quick_xml::events::Event;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let attr = e.try_get_attribute("uniqueCount").ok()??;
                let value: &str = &attr.value;
                let value = value.strip_prefix('+').unwrap_or(value);
                let digits = value.bytes().take_while(u8::is_ascii_digit).count();
                return Some(value[..digits].parse::<u64>().unwrap_or(if digits > 0 {
                    u64::MAX
                } else {
                    0
                }));
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// The cells of a sheet, addressed by absolute 0-based (row, column).
pub struct Grid {
    /// Sheet name.
    pub name: String,
    range: Range<Data>,
}

impl Grid {
    /// Read a sheet.
    ///
    /// Cells are read one by one rather than through
    /// `Reader::worksheet_range`, which allocates a dense grid over the
    /// cells' bounding box: one cell far from the others (`XFD1048576`, or a
    /// cell reference past Excel's limits) made it allocate gigabytes and
    /// abort (found by fuzzing: `tests/fixtures/bad/fuzz_itu_*.xlsx`).
    /// A sheet whose extent exceeds [`MAX_CELLS`] is an error instead.
    pub fn read(wb: &mut Workbook<'_>, label: &Path, name: &str) -> Result<Grid> {
        let fail = |e: XlsxError| {
            Error::input(
                Location::file(label),
                format!("cannot read sheet '{name}': {e}"),
            )
        };
        let mut reader = match wb.worksheet_cells_reader(name) {
            Ok(reader) => reader,
            // A chart sheet: no cells, as worksheet_range has it.
            Err(XlsxError::NotAWorksheet(_)) => {
                return Ok(Grid {
                    name: name.to_string(),
                    range: Range::default(),
                });
            }
            Err(e) => return Err(fail(e)),
        };
        let mut cells = Vec::new();
        let (mut first_row, mut last_row, mut last_col) = (u32::MAX, 0u32, 0u32);
        while let Some(cell) = reader.next_cell().map_err(fail)? {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            let (row, col) = cell.get_position();
            first_row = first_row.min(row);
            last_row = last_row.max(row);
            last_col = last_col.max(col);
            // The parsers walk every column from A, so count from there.
            let rows = u64::from(last_row) - u64::from(first_row) + 1;
            let extent = rows * (u64::from(last_col) + 1);
            if extent > MAX_CELLS {
                return Err(Error::input(
                    Location::file(label).at_cell(cell_ref(row, col)),
                    format!(
                        "sheet '{name}' spans {rows} row(s) by {} column(s) from column A, more than the {MAX_CELLS} cells rbm reads from a sheet: the workbook looks damaged",
                        u64::from(last_col) + 1,
                    ),
                ));
            }
            cells.push(Cell::new((row, col), Data::from(cell.get_value().clone())));
        }
        Ok(Grid {
            name: name.to_string(),
            range: Range::from_sparse(cells),
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

    /// An archive holding one part, `xl/sharedStrings.xml`, deflated.
    fn with_shared_strings(xml: &str) -> Vec<u8> {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/sharedStrings.xml", options)
            .expect("start");
        zip.write_all(xml.as_bytes()).expect("write");
        zip.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn shared_strings_count_is_read_from_the_sst_element_only() {
        let label = Path::new("w.xlsx");
        // 22 + 2 × 17 + 6 + 3 = 65 bytes hold at most 13 strings; 14
        // declared is refused.
        let xml = r#"<sst uniqueCount="14"><si><t>a</t></si><si><t>b</t></si></sst>   "#;
        assert_eq!(xml.len(), 65);
        let err = check_shared_strings(label, &with_shared_strings(xml))
            .expect_err("refused")
            .to_string();
        assert_eq!(
            err,
            "w.xlsx: the shared strings table declares 14 strings in 65 bytes of XML, which hold at most 13: the workbook looks damaged"
        );
        let xml = r#"<sst uniqueCount="13"><si><t>a</t></si><si><t>b</t></si></sst>   "#;
        check_shared_strings(label, &with_shared_strings(xml)).expect("13 is possible");
        // The attribute's name in a comment or in a string is not the count.
        for xml in [
            r#"<!-- uniqueCount="5000" --><sst uniqueCount="1"><si><t>a</t></si></sst>"#,
            r#"<sst uniqueCount="1"><si><t>note: uniqueCount="5000" here</t></si></sst>"#,
            r#"<sst><si><t>uniqueCount="5000"</t></si></sst>"#,
        ] {
            check_shared_strings(label, &with_shared_strings(xml)).expect(xml);
        }
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
