//! The store's manifest, `manifest.csv` in the datasets folder: for every
//! file an ingest writes there, its size in bytes, its number of rows and
//! the sha256 of its bytes. It is written in the same journal-protected
//! commit as the files it describes, so that a store whose files no longer
//! match it (cut short, edited by hand, left half-copied) is refused rather
//! than used.
//!
//! Checking is in three steps of rising cost: the size (free once the file
//! is read), the rows (counted by the parse that reads the file anyway),
//! the sha256 (a pass over the bytes). Every command checks the first two;
//! `rbm check` and an ingest that carries files forward check all three.
//!
//! The format is open: columns are found by name, so a later rbm may add
//! columns (and a cache of the parsed store may be keyed by these hashes)
//! without breaking this reader. Nothing here reads or writes files.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::store::files;
use crate::base::text::{CsvText, csv_text};
use crate::error::{Error, Location, Result};

/// The columns rbm writes, in order.
pub const COLUMNS: [&str; 4] = ["file", "bytes", "rows", "sha256"];

/// One file of the store, as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file's name in the datasets folder.
    pub file: String,
    /// Its size.
    pub bytes: u64,
    /// Its data rows: CSV records after the header, or the lines of a text
    /// file.
    pub rows: u64,
    /// The sha256 of its bytes, in lower-case hex.
    pub sha256: String,
}

impl Entry {
    /// The entry for a file's bytes and its number of rows.
    pub fn of(file: &str, bytes: &[u8], rows: u64) -> Entry {
        Entry {
            file: file.to_string(),
            bytes: bytes.len() as u64,
            rows,
            sha256: sha256_hex(bytes),
        }
    }
}

/// The sha256 of some bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file of the store, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The entries, by file name.
    pub entries: BTreeMap<String, Entry>,
}

/// What to do about a store that fails its manifest.
const REBUILD: &str = "the store was changed after rbm wrote it (cut short, edited by hand or copied in part); rebuild it with `bash datasets/build.sh` or `rbm ingest`";

impl Manifest {
    /// A manifest of these entries.
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> Self {
        Manifest {
            entries: entries.into_iter().map(|e| (e.file.clone(), e)).collect(),
        }
    }

    /// The entry of a store file. A parsed manifest has one for every file
    /// in [`files::STORE`].
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }

    fn entry(&self, path: &Path, name: &str) -> Result<&Entry> {
        self.get(name).ok_or_else(|| {
            Error::input(
                Location::file(path),
                format!("the manifest has no entry for {name}: {REBUILD}"),
            )
        })
    }

    /// The file's size is the one recorded.
    pub fn check_size(&self, path: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        let e = self.entry(path, name)?;
        let n = bytes.len() as u64;
        if n != e.bytes {
            return Err(Error::input(
                Location::file(path),
                format!(
                    "the file has {n} bytes, the manifest ({}) records {}: {REBUILD}",
                    files::MANIFEST,
                    e.bytes
                ),
            ));
        }
        Ok(())
    }

    /// The file's rows, as its parse counted them, are the ones recorded.
    pub fn check_rows(&self, path: &Path, name: &str, rows: u64) -> Result<()> {
        let e = self.entry(path, name)?;
        if rows != e.rows {
            return Err(Error::input(
                Location::file(path),
                format!(
                    "the file has {rows} rows, the manifest ({}) records {}: {REBUILD}",
                    files::MANIFEST,
                    e.rows
                ),
            ));
        }
        Ok(())
    }

    /// The file's sha256 is the one recorded.
    pub fn check_hash(&self, path: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        let e = self.entry(path, name)?;
        let digest = sha256_hex(bytes);
        if digest != e.sha256 {
            return Err(Error::input(
                Location::file(path),
                format!(
                    "the file's sha256 is {digest}, the manifest ({}) records {}: {REBUILD}",
                    files::MANIFEST,
                    e.sha256
                ),
            ));
        }
        Ok(())
    }
}

/// Render the manifest, one row per file in name order.
pub fn render(m: &Manifest) -> Result<String> {
    csv_text(
        files::MANIFEST,
        &COLUMNS,
        m.entries.values().map(|e| {
            [
                e.file.clone(),
                e.bytes.to_string(),
                e.rows.to_string(),
                e.sha256.clone(),
            ]
        }),
    )
}

/// Parse a manifest. It must list every file of the store once, and
/// nothing else, with whole numbers and a sha256 of 64 hex digits; any
/// other content is an error naming the line and field.
pub fn parse(label: &Path, bytes: &[u8]) -> Result<Manifest> {
    let csv = CsvText::open(label, bytes)?;
    let idx = csv.require(&COLUMNS)?;
    let mut m = Manifest::default();
    for rec in csv.records_or_none()? {
        let bad = |field: &str, msg: String| {
            Error::input(Location::file(label).at_line(rec.line).field(field), msg)
        };
        if rec.fields.len() != csv.width() {
            return Err(bad("", rec.width_problem(csv.width())));
        }
        let text = |i: usize| rec.fields.get(idx[i]).unwrap_or("");
        let file = text(0);
        if !files::STORE.contains(&file) {
            return Err(bad(
                "file",
                format!(
                    "`{file}` is not a file of rbm's store (expected {})",
                    crate::base::vocab::either(&files::STORE)
                ),
            ));
        }
        let number = |i: usize| -> Result<u64> {
            let t = text(i);
            // Digits only: `+5` and ` 5` parse as numbers but rbm never
            // writes them.
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(COLUMNS[i], format!("`{t}` is not a whole number")));
            }
            t.parse()
                .map_err(|_| bad(COLUMNS[i], format!("`{t}` is too large")))
        };
        let (size, rows) = (number(1)?, number(2)?);
        let sha = text(3);
        if sha.len() != 64 || !sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(bad(
                "sha256",
                format!("`{sha}` is not a sha256 (64 lower-case hex digits)"),
            ));
        }
        let entry = Entry {
            file: file.to_string(),
            bytes: size,
            rows,
            sha256: sha.to_string(),
        };
        if m.entries.insert(file.to_string(), entry).is_some() {
            return Err(bad("file", format!("{file} is listed twice")));
        }
    }
    let missing: Vec<&str> = files::STORE
        .iter()
        .copied()
        .filter(|f| !m.entries.contains_key(*f))
        .collect();
    if !missing.is_empty() {
        return Err(Error::input(
            Location::file(label),
            format!(
                "the manifest does not list {}: {REBUILD}",
                crate::base::vocab::either(&missing)
            ),
        ));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Manifest {
        Manifest::new(
            files::STORE
                .iter()
                .map(|f| Entry::of(f, f.as_bytes(), f.len() as u64)),
        )
    }

    #[test]
    fn sha256_of_a_known_text() {
        // `printf abc | sha256sum`.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_manifest_round_trips_and_is_sorted_by_file() {
        let m = full();
        let text = render(&m).expect("renders");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "file,bytes,rows,sha256");
        assert!(lines[1].starts_with("aliases.csv,11,11,"), "{}", lines[1]);
        assert_eq!(lines.len(), 1 + files::STORE.len());
        assert_eq!(
            parse(Path::new("m.csv"), text.as_bytes()).expect("parses"),
            m
        );
    }

    #[test]
    fn a_damaged_manifest_is_an_error_with_line_and_field() {
        let text = render(&full()).expect("renders");
        let msg = |t: &str| {
            parse(Path::new("m.csv"), t.as_bytes())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let m = msg(&text.replacen(",11,11,", ",1x,11,", 1));
        assert_eq!(m, "m.csv:2: field `bytes`: `1x` is not a whole number");
        let m = msg(&text.replacen("aliases.csv", "extra.csv", 1));
        assert!(
            m.starts_with("m.csv:2: field `file`: `extra.csv` is not a file of rbm's store"),
            "{m}"
        );
        let last = text.lines().last().expect("a row").to_string();
        let m = msg(&text.replace(&format!("{last}\n"), ""));
        assert!(
            m.starts_with("m.csv: the manifest does not list weights.csv"),
            "{m}"
        );
        let m = msg(&format!("{text}{last}\n"));
        assert_eq!(m, "m.csv:8: field `file`: weights.csv is listed twice");
        let m = msg(&text.replacen(&sha256_hex(b"aliases.csv"), "abc", 1));
        assert!(
            m.starts_with("m.csv:2: field `sha256`: `abc` is not a sha256"),
            "{m}"
        );
    }

    #[test]
    fn checks_name_the_file_and_what_differs() {
        let m = full();
        let p = Path::new("datasets/aliases.csv");
        assert!(m.check_size(p, "aliases.csv", b"aliases.csv").is_ok());
        assert!(m.check_hash(p, "aliases.csv", b"aliases.csv").is_ok());
        assert!(m.check_rows(p, "aliases.csv", 11).is_ok());
        let e = m.check_rows(p, "aliases.csv", 4).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "datasets/aliases.csv: the file has 4 rows, the manifest (manifest.csv) records 11"
            ),
            "{e}"
        );
        let e = m
            .check_size(p, "aliases.csv", b"x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("the file has 1 bytes, the manifest"), "{e}");
        let e = m
            .check_hash(p, "aliases.csv", b"aliases.csX")
            .unwrap_err()
            .to_string();
        assert!(e.contains("the file's sha256 is "), "{e}");
    }
}
