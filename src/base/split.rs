//! Splitting CSV text that is already in memory into records and fields,
//! exactly as the `csv` crate's reader does with its default settings
//! (comma, double quote, a quote written twice inside quotes, `\r`, `\n`
//! or `\r\n` ending a record, any number of fields per record), in
//! about two thirds of its time: the end of a quoted field is found with
//! one vector search (`memchr`), that of an unquoted one (most often a
//! short number) with a table lookup per byte, instead of a step of a
//! state machine per byte; and no field is checked for UTF-8 again (the
//! text is a `str`, and every byte the split looks at is ASCII, so it
//! never cuts a character). At ten million rows of a DataHub export
//! (1.2 GB) the `csv` crate's reader was a fifth of an ingest.
//!
//! The rules, which are the `csv` crate's (a property test below compares
//! the two on random text): line breaks between records are skipped, so a
//! blank line is no record; a field that starts with a quote runs to the
//! next lone quote, with `""` inside it read as one quote and line breaks
//! and commas kept; what follows a closing quote up to the next comma or
//! line break belongs to the field too, quotes included; a quote inside a
//! field that did not start with one is an ordinary character; text that
//! ends inside a quoted field ends that field and its record; a byte-order
//! mark at the very start is skipped. Nothing here is an error: whether a
//! record has the right number of fields, or a file ends inside quotes,
//! is for the caller ([`crate::base::text`]) to say.

use std::ops::Index;

/// The fields of one record, in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The record's text as it stands in the file, copied at once, and
    /// after it the text of any field that is not a piece of it (one with
    /// a doubled quote, or text after its closing quote).
    text: String,
    /// Where each field starts and ends in `text`.
    spans: Vec<(usize, usize)>,
    /// The fields that are not a piece of the record's text, one after
    /// the other, while the record is read.
    apart: String,
    /// True when a field of the record is in `apart`.
    kept_apart: bool,
    /// The byte offset in the whole text where the record starts.
    start: usize,
}

/// Marks, while a record is read, a span in [`Fields::apart`] rather than
/// in the record's text.
const APART: usize = 1 << (usize::BITS - 1);

impl Fields {
    /// No fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(i)?;
        self.text.get(start..end)
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// The byte offset in the whole text where the record starts (its
    /// first byte after the line breaks before it).
    pub fn start(&self) -> usize {
        self.start
    }

    fn clear(&mut self, start: usize) {
        self.text.clear();
        self.spans.clear();
        self.apart.clear();
        self.kept_apart = false;
        self.start = start;
    }

    /// A field that is `start..end` of the record's text (offsets from
    /// its start).
    fn piece(&mut self, start: usize, end: usize) {
        self.spans.push((start, end));
    }

    /// A field whose text is in `apart` from `from` to its end.
    fn apart_from(&mut self, from: usize) {
        self.spans.push((from | APART, self.apart.len() | APART));
        self.kept_apart = true;
    }

    /// The record read: its text, `record`, copied in one piece, and the
    /// fields kept apart after it.
    fn finish(&mut self, record: &str) {
        self.text.push_str(record);
        if self.kept_apart {
            let base = self.text.len();
            self.text.push_str(&self.apart);
            for span in &mut self.spans {
                if span.0 & APART != 0 {
                    *span = ((span.0 & !APART) + base, (span.1 & !APART) + base);
                }
            }
        }
    }
}

impl Index<usize> for Fields {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(f) => f,
            None => panic!("field {i} of a record of {} fields", self.len()),
        }
    }
}

/// The records of a text, one at a time, into a [`Fields`] the caller
/// reuses (so that ten million records are read without allocating).
///
/// Each record's text is copied into the [`Fields`] at once, and its
/// fields are spans of that copy: copying each field on its own was a
/// call to `memcpy` a field, a quarter of the split of a DataHub export.
pub struct Splitter<'t> {
    text: &'t str,
    /// Where the next record (or the line breaks before it) starts.
    at: usize,
}

impl<'t> Splitter<'t> {
    /// Records from the start of `text`.
    pub fn new(text: &'t str) -> Self {
        let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Splitter { text, at }
    }

    /// Read the next record into `fields`; false at the end of the text
    /// (then `fields` is left empty).
    pub fn next_into(&mut self, fields: &mut Fields) -> bool {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        // Line breaks before a record are skipped: a blank line is none.
        let mut i = self.at;
        while i < n && is_break(bytes[i]) {
            i += 1;
        }
        fields.clear(i);
        if i == n {
            self.at = n;
            return false;
        }
        let record = i;
        loop {
            // A field starts at `i`.
            let end = if bytes.get(i) == Some(&b'"') {
                self.quoted(record, i + 1, fields)
            } else {
                let end = self.unquoted(i);
                fields.piece(i - record, end - record);
                end
            };
            if bytes.get(end) == Some(&b',') {
                i = end + 1;
                continue;
            }
            // A line break or the end of the text ends the record; the
            // breaks after it are skipped before the next one.
            self.at = end;
            fields.finish(&self.text[record..end]);
            return true;
        }
    }

    /// The offset of the comma or line break that ends the unquoted text
    /// from `i` (quotes are characters here), or the end of the text.
    /// Unquoted fields are short (ids, years, empty ones): a loop over
    /// bytes beats a vector search's start-up.
    fn unquoted(&self, i: usize) -> usize {
        let bytes = self.text.as_bytes();
        bytes[i..]
            .iter()
            .position(|&b| ENDS_FIELD[usize::from(b)])
            .map_or(bytes.len(), |e| i + e)
    }

    /// Read a quoted field of the record that starts at `record`, from
    /// `i` (just after its opening quote): up to its closing quote, with
    /// each `""` as one quote, and then whatever follows up to the next
    /// comma or line break. The offset where the field ends (that comma
    /// or break, or the end of the text).
    fn quoted(&self, record: usize, mut i: usize, fields: &mut Fields) -> usize {
        let bytes = self.text.as_bytes();
        let open = i;
        // Nearly always: no doubled quote, a comma or a line break after
        // the closing one, and the field a piece of the record's text.
        let mut from = None;
        loop {
            let Some(q) = find_quote(bytes, i) else {
                // Cut inside the quotes: the field runs to the end.
                match from {
                    None => fields.piece(open - record, bytes.len() - record),
                    Some(from) => {
                        fields.apart.push_str(&self.text[i..]);
                        fields.apart_from(from);
                    }
                }
                return bytes.len();
            };
            if bytes.get(q + 1) == Some(&b'"') {
                // A doubled quote: the field is kept apart, one quote for
                // the two.
                if from.is_none() {
                    from = Some(fields.apart.len());
                }
                fields.apart.push_str(&self.text[i..q]);
                fields.apart.push('"');
                i = q + 2;
                continue;
            }
            let after = q + 1;
            let closed = matches!(bytes.get(after), Some(b',' | b'\n' | b'\r') | None);
            if closed && from.is_none() {
                fields.piece(open - record, q - record);
                return after;
            }
            // Text after the closing quote belongs to the field too.
            let from = *from.get_or_insert(fields.apart.len());
            fields.apart.push_str(&self.text[i..q]);
            let end = if closed { after } else { self.unquoted(after) };
            fields.apart.push_str(&self.text[after..end]);
            fields.apart_from(from);
            return end;
        }
    }
}

/// The offset of the next quote from `i`, if any. Most quoted fields of
/// an export are short (codes, names, numbers): their first bytes are
/// looked at one by one, which beats starting a vector search for each,
/// and the rest of a long one (a description) with `memchr`.
fn find_quote(bytes: &[u8], i: usize) -> Option<usize> {
    let near = (i + 32).min(bytes.len());
    match bytes[i..near].iter().position(|&b| b == b'"') {
        Some(q) => Some(i + q),
        None => memchr::memchr(b'"', &bytes[near..]).map(|q| near + q),
    }
}

/// The bytes that end an unquoted field: a comma and the line breaks.
static ENDS_FIELD: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str) -> Vec<Vec<String>> {
        let mut s = Splitter::new(text);
        let mut f = Fields::new();
        let mut out = Vec::new();
        while s.next_into(&mut f) {
            out.push(f.iter().map(String::from).collect());
        }
        out
    }

    /// What the `csv` crate's reader makes of the same text, with the
    /// settings rbm reads files with (every record, any width).
    fn by_csv(text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| r.expect("reads").iter().map(String::from).collect())
            .collect()
    }

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|f| f.to_string()).collect())
            .collect()
    }

    #[test]
    fn splits_plain_and_quoted_fields() {
        assert_eq!(
            split("a,\"b\",,\"\"\n1,2,3,4\n"),
            rows(&[&["a", "b", "", ""], &["1", "2", "3", "4"]])
        );
        // No line break at the end; a comma at the end is an empty field.
        assert_eq!(split("a,b\n1,"), rows(&[&["a", "b"], &["1", ""]]));
    }

    #[test]
    fn crlf_lone_cr_and_blank_lines_end_records_and_make_none() {
        assert_eq!(
            split("a,b\r\n1,2\r\n\r\n\n3,4\r5,6\r\n"),
            rows(&[&["a", "b"], &["1", "2"], &["3", "4"], &["5", "6"]])
        );
        assert!(split("\r\n\n").is_empty());
        assert!(split("").is_empty());
    }

    #[test]
    fn quoted_fields_keep_commas_line_breaks_and_doubled_quotes() {
        assert_eq!(
            split("\"x,y\",\"two\r\nlines\",\"say \"\"hi\"\"\"\n"),
            rows(&[&["x,y", "two\r\nlines", "say \"hi\""]])
        );
        // After the closing quote the field goes on; a quote inside an
        // unquoted field is a character.
        assert_eq!(split("\"ab\"cd\"e,5\"6\n"), rows(&[&["abcd\"e", "5\"6"]]));
    }

    #[test]
    fn text_cut_inside_quotes_ends_the_field_and_the_record() {
        assert_eq!(split("a,\"open\nstill\n"), rows(&[&["a", "open\nstill\n"]]));
        assert_eq!(split("\""), rows(&[&[""]]));
    }

    #[test]
    fn long_quoted_fields_and_doubled_quotes_around_the_first_bytes() {
        for at in [0, 1, 30, 31, 32, 33, 34, 64, 90] {
            let long = format!("{}\"\"{}", "d".repeat(at), "e".repeat(100 - at));
            let text = format!(
                "1,\"{long}\",\"{}\",x\"y\"\n\"{}\"z,2\n",
                "f".repeat(at),
                "g".repeat(at)
            );
            assert_eq!(split(&text), by_csv(&text), "{text:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped_at_the_start_only() {
        assert_eq!(
            split("\u{feff}a,b\n1,\u{feff}\n"),
            rows(&[&["a", "b"], &["1", "\u{feff}"]])
        );
    }

    #[test]
    fn records_know_where_they_start() {
        let text = "a\r\n\r\n\"b\nc\",d\ne";
        let mut s = Splitter::new(text);
        let mut f = Fields::new();
        let mut starts = Vec::new();
        while s.next_into(&mut f) {
            starts.push(f.start());
        }
        assert_eq!(starts, vec![0, 5, 13]);
        assert_eq!(&text[13..], "e");
    }

    #[test]
    fn index_and_get_agree() {
        let mut f = Fields::new();
        assert!(Splitter::new("x,,é\n").next_into(&mut f));
        assert_eq!((f.len(), &f[0], &f[1], &f[2]), (3, "x", "", "é"));
        assert_eq!(f.get(3), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Any text made of the characters that matter to CSV (and a
        /// character of two bytes) splits as the `csv` crate splits it.
        #[test]
        fn splits_as_the_csv_crate_does(
            chars in proptest::collection::vec(
                prop_oneof![
                    Just('a'), Just('é'), Just(','), Just('"'), Just('\r'),
                    Just('\n'), Just(' '), Just('\u{feff}')
                ],
                0..40,
            )
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(split(&text), by_csv(&text), "{:?}", text);
        }
    }
}
