//! Reading delimited text as users download it: with or without a UTF-8
//! byte-order mark, CRLF or LF line ends, quoted fields with newlines; and
//! writing CSV to memory ([`CsvOut`]) for the store and every CSV output.
//! Records are split by [`super::split`], as the `csv` crate would split
//! them, only faster.
//!
//! What cannot be read is an error naming the file and line: an empty file,
//! a header with no rows, text that is not UTF-8 (a Latin-1 export), a file
//! that is not comma-separated, a missing column, a file cut off in the
//! middle of its last record or inside a quoted field. Rows with the wrong number of fields in the
//! middle of a file are the caller's rejects, not errors.

use std::path::Path;

use super::split::{Fields, Splitter};
use crate::error::{Error, Location, Result};

const NO_ROWS: &str = "the file has a header but no data rows";

/// A CSV file checked for encoding and shape, ready to iterate.
pub struct CsvText<'a> {
    label: &'a Path,
    text: &'a str,
    /// Column names, trimmed.
    pub headers: Vec<String>,
}

/// One record with its line number.
#[derive(Debug, Clone)]
pub struct Record {
    /// The line the record starts on.
    pub line: u64,
    /// The fields, and where the record starts in the text.
    pub fields: Fields,
}

impl Record {
    /// Why a record with the wrong number of fields is rejected. A record
    /// that runs over several lines most likely has a quote that is not
    /// closed, which swallows the lines after it into this one record: say
    /// so and name the lines, since they are not counted as rows of their
    /// own.
    pub fn width_problem(&self, width: usize) -> String {
        let n = self.fields.len();
        let breaks: usize = self
            .fields
            .iter()
            .map(|f| f.bytes().filter(|b| *b == b'\n').count())
            .sum();
        if breaks == 0 {
            format!("the row has {n} fields, the header {width}")
        } else {
            format!(
                "the row has {n} fields, the header {width}, and runs over lines {}–{}: a quote is probably not closed, and those lines are read as this one row",
                self.line,
                self.line + breaks as u64
            )
        }
    }
}

impl<'a> CsvText<'a> {
    /// Check bytes and read the header.
    pub fn open(label: &'a Path, bytes: &'a [u8]) -> Result<CsvText<'a>> {
        let text = decode(label, bytes)?;
        if text.trim().is_empty() {
            return Err(Error::input(Location::file(label), "the file is empty"));
        }
        let mut header = Fields::new();
        Splitter::new(text).next_into(&mut header);
        let headers = header
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

    /// Every record after the header; none is fine (rbm's own store may
    /// hold an empty table). A file cut off mid-record is still an error.
    pub fn records_or_none(&self) -> Result<Vec<Record>> {
        match self.records() {
            Err(Error::Input { message, .. }) if message == NO_ROWS => Ok(Vec::new()),
            other => other,
        }
    }

    /// Every record after the header, or an error for a file that has none
    /// or that ends in the middle of a record.
    pub fn records(&self) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        self.for_each(|r| {
            out.push(Record {
                line: r.line,
                fields: r.fields.clone(),
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// Call `f` on every record after the header, in order, without holding
    /// them all: ten million rows stream through a few buffers. Errors as
    /// [`Self::records`]: a file with no rows, or one that ends in the
    /// middle of its last record (detected before that record is passed on).
    ///
    /// A large text ([`BESIDE`] or more) is split on a second thread while
    /// `f` runs on this one (at ten million rows of a DataHub export the
    /// split is half of the reading); the records, their line numbers and
    /// the errors are the same either way.
    pub fn for_each(&self, mut f: impl FnMut(&Record) -> Result<()>) -> Result<()> {
        self.for_each_prepared(|_, _: &mut ()| {}, |r, ()| f(r))
    }

    /// [`Self::for_each`], with `prepare` run on each record first and
    /// what it makes passed to `f` with the record: for a large text,
    /// `prepare` runs on the splitting thread, so that work a record needs
    /// that does not depend on the records before it (parsing its numbers)
    /// is done there too. `prepare` sees every record `f` sees, and no
    /// other; it fills the `T` it is given, one a record that batches
    /// reuse.
    pub fn for_each_prepared<T: Default + Send>(
        &self,
        prepare: impl Fn(&Record, &mut T) + Sync,
        f: impl FnMut(&Record, &T) -> Result<()>,
    ) -> Result<()> {
        let batch = (self.text.len() >= BESIDE).then_some(BATCH);
        self.for_each_in(batch, prepare, f)
    }

    /// [`Self::for_each_prepared`], split on a second thread in batches of
    /// `batch` records when given, on this one otherwise.
    fn for_each_in<T: Default + Send>(
        &self,
        batch: Option<usize>,
        prepare: impl Fn(&Record, &mut T) + Sync,
        mut f: impl FnMut(&Record, &T) -> Result<()>,
    ) -> Result<()> {
        let mut records = Records::new(self.text, self.headers.len());
        // The record before the one read last: the last record is checked
        // for a cut before it is passed on.
        let mut prev = (Record::empty(), T::default());
        let mut have_prev = false;
        match batch {
            None => {
                let mut cur = (Record::empty(), T::default());
                while records.next_into(&mut cur.0) {
                    prepare(&cur.0, &mut cur.1);
                    if have_prev {
                        f(&prev.0, &prev.1)?;
                    }
                    std::mem::swap(&mut prev, &mut cur);
                    have_prev = true;
                }
            }
            Some(size) => {
                let size = size.max(1);
                let (full, filled) =
                    std::sync::mpsc::sync_channel::<(Vec<(Record, T)>, usize)>(IN_FLIGHT);
                let (empty, emptied) = std::sync::mpsc::channel::<Vec<(Record, T)>>();
                let prepare = &prepare;
                let outcome = std::thread::scope(|scope| -> Result<()> {
                    scope.spawn(move || {
                        loop {
                            let mut batch = emptied.try_recv().unwrap_or_default();
                            let mut n = 0;
                            while n < size {
                                if batch.len() == n {
                                    batch.push((Record::empty(), T::default()));
                                }
                                let (rec, made) = &mut batch[n];
                                if !records.next_into(rec) {
                                    break;
                                }
                                prepare(rec, made);
                                n += 1;
                            }
                            let last = n < size;
                            // No receiver: `f` failed and the reading
                            // stopped.
                            if (n > 0 && full.send((batch, n)).is_err()) || last {
                                return;
                            }
                        }
                    });
                    for (mut batch, n) in filled {
                        if have_prev {
                            f(&prev.0, &prev.1)?;
                        }
                        for (r, made) in &batch[..n - 1] {
                            f(r, made)?;
                        }
                        std::mem::swap(&mut prev, &mut batch[n - 1]);
                        have_prev = true;
                        let _ = empty.send(batch);
                    }
                    Ok(())
                    // The receiver is dropped here, before the scope
                    // waits for the splitting thread: a failure of `f`
                    // ends that thread at its next batch.
                });
                outcome?;
            }
        }
        let (prev, made) = prev;
        if !have_prev {
            return Err(Error::input(Location::file(self.label).at_line(1), NO_ROWS));
        }
        // A file cut inside a quoted field ends in a record the reader
        // takes as whole, holding the rest of the file in that field.
        let width = self.headers.len();
        let start = prev.fields.start().min(self.text.len());
        if open_quote(&self.text.as_bytes()[start..]) {
            return Err(Error::input(
                Location::file(self.label).at_line(prev.line),
                "the last record opens a quoted field that is never closed: the file looks cut short",
            ));
        }
        if prev.fields.len() < width && !self.text.ends_with('\n') {
            return Err(Error::input(
                Location::file(self.label).at_line(prev.line),
                format!(
                    "the last record has {} of {width} fields and the file does not end with a line break: it looks truncated",
                    prev.fields.len()
                ),
            ));
        }
        f(&prev, &made)
    }

    /// Number of header columns.
    pub fn width(&self) -> usize {
        self.headers.len()
    }
}

/// Texts of this size (4 MiB) or more are split on a second thread as
/// they are read ([`CsvText::for_each`]); below it a thread is not worth
/// its start.
pub const BESIDE: usize = 4 << 20;

/// Records the splitting thread passes on at a time.
const BATCH: usize = 2048;

/// Batches on their way at most: the splitting thread waits beyond, so
/// that a file of any size passes through a few megabytes.
const IN_FLIGHT: usize = 8;

/// The records after a text's header, blank lines skipped, each with the
/// line it starts on.
struct Records<'t> {
    split: Splitter<'t>,
    lines: LineCounter<'t>,
    width: usize,
}

impl<'t> Records<'t> {
    /// The records of `text` after its header, for a header of `width`
    /// columns.
    fn new(text: &'t str, width: usize) -> Self {
        let mut split = Splitter::new(text);
        // The header, which `CsvText::open` read.
        split.next_into(&mut Fields::new());
        Records {
            split,
            lines: LineCounter::new(text),
            width,
        }
    }

    /// Read the next record into `rec`; false at the end.
    fn next_into(&mut self, rec: &mut Record) -> bool {
        while self.split.next_into(&mut rec.fields) {
            rec.line = self.lines.line_at(rec.fields.start());
            // Skip lines of blanks only: the split yields them as one field.
            if rec.fields.len() == 1 && rec.fields[0].trim().is_empty() && self.width > 1 {
                continue;
            }
            return true;
        }
        false
    }
}

impl Record {
    fn empty() -> Self {
        Record {
            line: 0,
            fields: Fields::new(),
        }
    }
}

/// `a == b`, without comparing the bytes of two empty strings. An empty
/// `String` that never held text points nowhere (its pointer is a
/// placeholder, not memory), and glibc's vector `memcmp`, which `==`
/// calls even for no bytes, then starts with a masked load from that
/// address: the processor suppresses the fault in microcode, about 50 ns
/// a comparison on this project's machine against 3 for an ordinary one.
/// An ingest compares each row's empty sex, area, age and note with the
/// row before's: at ten million rows, two seconds.
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.is_empty() || a.as_bytes() == b.as_bytes())
}

/// `s.trim()`, without looking further than its first and last bytes when
/// they are printable ASCII (as nearly every field of an export is: the
/// parsers trim every field of every row).
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The number of line feeds in `bytes`, counted 255 bytes at a time in
/// bytes that cannot overflow, which the compiler turns into vector
/// instructions. `filter(..).count()` adds with this crate's overflow
/// checks, one byte at a time: counting the lines of a 1.2 GB export that
/// way took most of a second, and as long again to number its records.
pub fn count_newlines(bytes: &[u8]) -> u64 {
    bytes
        .chunks(255)
        .map(|c| {
            let n = c
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
            u64::from(n)
        })
        .fold(0u64, u64::wrapping_add)
}

/// True when the text of a file's last record, from its start to the end
/// of the file, leaves a quoted field open: quotes come in pairs in a
/// complete record (an escaped quote is two), so an odd count means the
/// file ends inside a field.
pub fn open_quote(last_record: &[u8]) -> bool {
    last_record.iter().filter(|b| **b == b'"').count() % 2 == 1
}

/// Line numbers from the byte offsets where records start, counted on
/// from one record to the next. (The `csv` crate's own line numbers were
/// wrong in files users download: one too low on every record after a
/// CRLF line end, rust-csv issue #395, and on the first record after a
/// blank line, #208.) A record cannot start with a line break (blank
/// lines are skipped), so breaks there are stepped over.
struct LineCounter<'t> {
    text: &'t [u8],
    /// Offset up to which line breaks are counted, and the line there.
    at: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record that starts at (or just after) `byte`.
    /// Records come in order, so counting goes on from the last one.
    fn line_at(&mut self, byte: usize) -> u64 {
        let mut start = byte.min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.at {
            self.line += count_newlines(&self.text[self.at..start]);
            self.at = start;
        }
        self.line
    }
}

/// The 1-based line of any byte offset of a text, by binary search in the
/// offsets where lines start: a file read for its definitions asks for
/// the line of every field it keeps, and counting line breaks from the
/// start of the file each time made loading quadratic in its length.
pub struct LineTable {
    /// The offset of each line's first byte; the first line's is 0.
    starts: Vec<usize>,
}

impl LineTable {
    /// The table of a text.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineTable { starts }
    }

    /// The line of a byte offset: one more than the line breaks before it
    /// (an offset past the end counts every one).
    pub fn line_of(&self, offset: usize) -> u64 {
        // Line breaks before `offset` are those whose next line starts at
        // or before it; the first line's start (0) always does.
        self.starts.partition_point(|&s| s <= offset) as u64
    }
}

/// CSV written to memory, a record at a time. Every failure is an error
/// naming what was being written, never an empty file.
pub struct CsvOut {
    what: &'static str,
    writer: csv::Writer<Vec<u8>>,
}

impl CsvOut {
    /// A CSV text that starts with `header`; `what` names it in errors
    /// (`observations.csv`, `progress table`).
    pub fn new<I, F>(what: &'static str, header: I, capacity: usize) -> Result<Self>
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        let mut out = CsvOut {
            what,
            writer: csv::WriterBuilder::new().from_writer(Vec::with_capacity(capacity)),
        };
        out.record(header)?;
        Ok(out)
    }

    /// Add a record.
    pub fn record<I, F>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        let what = self.what;
        self.writer
            .write_record(fields)
            .map_err(|e| Error::render(what, e))
    }

    /// The text.
    pub fn finish(self) -> Result<String> {
        let what = self.what;
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| Error::render(what, e.error()))?;
        String::from_utf8(bytes).map_err(|e| Error::render(what, e))
    }
}

/// A whole CSV text: a header and records.
pub fn csv_text<R, I, F>(
    what: &'static str,
    header: &[&str],
    records: impl IntoIterator<Item = R>,
) -> Result<String>
where
    R: IntoIterator<Item = F, IntoIter = I>,
    I: Iterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut out = CsvOut::new(what, header, 0)?;
    for r in records {
        out.record(r)?;
    }
    out.finish()
}

/// The text of a file: UTF-8, without a byte-order mark; or an error naming
/// the line of the first byte that is not UTF-8.
pub fn decode<'b>(label: &Path, bytes: &'b [u8]) -> Result<&'b str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A workbook read as text (`--format datahub` on an .xlsx) is not a
    // Latin-1 file, whatever its first non-UTF-8 byte suggests.
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::input(
            Location::file(label),
            "this is a ZIP archive such as an Excel .xlsx workbook, not a CSV text file: give the workbook's format (--format itu-aggregates or itu-dashboard) or leave --format out",
        ));
    }
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
    use proptest::prelude::*;

    /// What `for_each_in` passes on, as (line, fields), then how it ends;
    /// `stop_at` makes `f` fail on that record.
    fn each(
        text: &str,
        batch: Option<usize>,
        stop_at: Option<usize>,
    ) -> (Vec<(u64, Vec<String>)>, Option<String>) {
        let label = Path::new("t.csv");
        let csv = match CsvText::open(label, text.as_bytes()) {
            Ok(csv) => csv,
            Err(e) => return (Vec::new(), Some(e.to_string())),
        };
        let mut seen = Vec::new();
        // `prepare` sees each record before `f`, on whichever thread.
        let ended = csv.for_each_in(
            batch,
            |r, line: &mut u64| *line = r.line,
            |r, line| {
                assert_eq!(*line, r.line);
                if stop_at == Some(seen.len()) {
                    return Err(Error::input(
                        Location::file(label).at_line(r.line),
                        "stopped",
                    ));
                }
                seen.push((r.line, r.fields.iter().map(String::from).collect()));
                Ok(())
            },
        );
        (seen, ended.err().map(|e| e.to_string()))
    }

    /// Split on a second thread, in batches of any size, a text gives the
    /// records, lines and errors it gives split on one: quoted line
    /// breaks, blank lines and CRLF across batch ends, a file cut inside
    /// quotes or mid-record, none but the header, and `f` failing.
    #[test]
    fn records_split_beside_are_the_records_split_here() {
        for text in [
            "a,b\n1,2\n3,4\n5,6\n",
            "a,b\r\n1,\"x\r\ny\"\r\n\r\n\n3,4\r\n  \n5,\"\"\"\"\n7,8",
            "a,b\n1,\"open\n2,3\n",
            "a,b\n1,2\n3",
            "a,b\n1,2\n3\n",
            "a,b\n",
            "a,b\n\n\n",
        ] {
            for stop_at in [None, Some(0), Some(1), Some(2)] {
                let here = each(text, None, stop_at);
                for batch in 1..5 {
                    assert_eq!(
                        each(text, Some(batch), stop_at),
                        here,
                        "{text:?} {batch} {stop_at:?}"
                    );
                }
            }
        }
        // The lines are those counted by hand.
        let (seen, ended) = each("a,b\r\n1,\"x\r\ny\"\r\n\r\n3,4\n", Some(1), None);
        assert_eq!(ended, None);
        assert_eq!(seen.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 5]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any text of the characters that matter to CSV reads the same
        /// split beside as split here, in batches of one to four records.
        #[test]
        fn any_text_reads_the_same_split_beside(
            chars in proptest::collection::vec(
                prop_oneof![
                    Just('a'), Just(','), Just('"'), Just('\r'), Just('\n'), Just(' ')
                ],
                0..60,
            ),
            batch in 1usize..5,
            stop_at in proptest::option::of(0usize..6),
        ) {
            let text: String = std::iter::once("h,i\n").chain(chars.iter().map(|c| match c {
                'a' => "a",
                ',' => ",",
                '"' => "\"",
                '\r' => "\r",
                '\n' => "\n",
                _ => " ",
            })).collect();
            prop_assert_eq!(each(&text, Some(batch), stop_at), each(&text, None, stop_at), "{:?}", text);
        }
    }

    /// Lines counted by hand: "a\nbc\n\nd" has breaks at offsets 1, 4
    /// and 5, so offsets 0–1 are line 1, 2–4 line 2, 5 line 3, 6 and on
    /// (past the end too) line 4.
    #[test]
    fn line_table_gives_the_line_of_every_offset() {
        let table = LineTable::new("a\nbc\n\nd");
        let lines: Vec<u64> = (0..10).map(|o| table.line_of(o)).collect();
        assert_eq!(lines, [1, 1, 2, 2, 2, 3, 4, 4, 4, 4]);
        assert_eq!(LineTable::new("").line_of(0), 1);
        assert_eq!(LineTable::new("\n").line_of(0), 1);
        assert_eq!(LineTable::new("\n").line_of(1), 2);
    }

    /// The table agrees with counting the breaks before each offset, in
    /// texts with CRLF ends, blank lines and multi-byte characters.
    #[test]
    fn line_table_agrees_with_counting_breaks() {
        for text in [
            "",
            "x",
            "\n\n\n",
            "a = 1\r\nb = \"é\"\r\n\r\n[c]\n",
            "ü\nü\n",
        ] {
            let table = LineTable::new(text);
            for offset in 0..=text.len() + 2 {
                let end = offset.min(text.len());
                let counted = text.as_bytes()[..end]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                assert_eq!(
                    table.line_of(offset),
                    counted as u64 + 1,
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn newlines_are_counted_in_any_length() {
        for n in [0usize, 1, 254, 255, 256, 1000] {
            let text: Vec<u8> = (0..n)
                .map(|i| if i % 3 == 0 { b'\n' } else { b'a' })
                .collect();
            let expected = text.iter().filter(|b| **b == b'\n').count() as u64;
            assert_eq!(count_newlines(&text), expected, "{n}");
        }
        // More line feeds in a row than a byte can count.
        assert_eq!(count_newlines(&[b'\n'; 600]), 600);
    }

    #[test]
    fn same_text_is_equality() {
        let texts = [
            "",
            "a",
            "b",
            "ab",
            "ITU estimate.",
            "ITU estimate!",
            "é",
            "e",
        ];
        for a in texts {
            for b in texts {
                // Empty strings both ways: one that points nowhere, one
                // that points into memory.
                for (a, b) in [
                    (a.to_string(), b.to_string()),
                    (format!("x{a}"), format!("x{b}")),
                ] {
                    assert_eq!(same_text(&a, &b), a == b, "{a:?} {b:?}");
                }
                let spare = String::with_capacity(4);
                assert_eq!(same_text(a, &spare), a.is_empty());
                assert_eq!(same_text(&spare, b), b.is_empty());
            }
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "ITU estimate.",
            "\u{a0}a",
            "a\u{3000}",
            "é",
            " é ",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

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

    fn lines(bytes: &[u8]) -> Vec<u64> {
        let csv = CsvText::open(Path::new("x.csv"), bytes).expect("opens");
        csv.records()
            .expect("records")
            .iter()
            .map(|r| r.line)
            .collect()
    }

    #[test]
    fn line_numbers_are_right_with_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines(b"a,b\n1,2\n3,4\n"), vec![2, 3]);
        // The csv crate alone says 1, 2 (rust-csv #395).
        assert_eq!(lines(b"a,b\r\n1,2\r\n3,4\r\n"), vec![2, 3]);
        // The csv crate alone says 3 for the record after the blank line.
        assert_eq!(lines(b"a,b\n1,2\n\n3,4\n"), vec![2, 4]);
        assert_eq!(lines(b"a,b\r\n1,2\r\n\r\n\r\n3,4\r\n"), vec![2, 5]);
        assert_eq!(
            lines(b"\xEF\xBB\xBFa,b\r\n1,\"x\r\ny\"\r\n2,z\r\n"),
            vec![2, 4]
        );
        assert_eq!(lines(b"a,b\n1,\"\nx\"\n2,z"), vec![2, 4]);
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
        // Cut inside a quoted field that runs over lines: the record has
        // every field and the text ends with a line break.
        assert_eq!(
            msg(b"a,b\n1,\"x\"\n2,\"two\nlines\n"),
            "x.csv:3: the last record opens a quoted field that is never closed: the file looks cut short"
        );
        assert!(open(b"a,b\n1,\"say \"\"hi\"\"\"\n").is_ok());
    }
}
