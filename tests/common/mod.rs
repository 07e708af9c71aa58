//! Shared helpers: run the binary, find fixtures and the published inputs.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The published inputs `datasets/build.sh` reads, committed with the
/// project in `datasets/sources/`.
pub fn sources() -> PathBuf {
    root().join("datasets/sources")
}

/// The rbm binary the tests run: this build's, or the one `RBM_TEST_BIN`
/// names, so that new tests can be shown to fail against an older build
/// (`RBM_TEST_BIN=path/to/old/rbm cargo test --release`).
pub fn rbm_bin() -> PathBuf {
    std::env::var_os("RBM_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rbm")))
}

/// `rbm` with arguments, run from `dir`.
pub fn rbm_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(rbm_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rbm")
}

/// `rbm` with arguments, run from the project root.
pub fn rbm(args: &[&str]) -> Output {
    rbm_in(&root(), args)
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Lines as they were before wrapping to the terminal width: a line
/// indented by four spaces continues the one before it.
pub fn unwrapped(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        match (line.strip_prefix("    "), out.last_mut()) {
            (Some(rest), Some(prev)) if !prev.is_empty() => {
                prev.push(' ');
                prev.push_str(rest);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A CSV output read by header name, so that tests never depend on a
/// column's position.
pub struct CsvTable {
    /// Column names.
    pub header: Vec<String>,
    /// Records, as text.
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Parse CSV text with a header.
    pub fn parse(text: &str) -> Self {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header = r
            .headers()
            .expect("csv header")
            .iter()
            .map(String::from)
            .collect();
        let rows = r
            .records()
            .map(|x| x.expect("csv record").iter().map(String::from).collect())
            .collect();
        CsvTable { header, rows }
    }

    /// The index of a column, or a panic naming it.
    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", self.header))
    }

    /// One cell by column name.
    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.col(name)]
    }

    /// Every value of a column.
    pub fn column(&self, name: &str) -> Vec<&str> {
        let i = self.col(name);
        self.rows.iter().map(|r| r[i].as_str()).collect()
    }

    /// The rows whose columns have these values.
    pub fn filter(&self, wanted: &[(&str, &str)]) -> Vec<&Vec<String>> {
        let cols: Vec<(usize, &str)> = wanted.iter().map(|(c, v)| (self.col(c), *v)).collect();
        self.rows
            .iter()
            .filter(|r| cols.iter().all(|(i, v)| r[*i] == *v))
            .collect()
    }
}

/// Every file of a folder, hidden ones included, with its bytes, sorted
/// by name.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// The names in a [`snapshot`].
pub fn names(snapshot: &[(String, Vec<u8>)]) -> Vec<&str> {
    snapshot.iter().map(|(n, _)| n.as_str()).collect()
}

/// A copy of the embedded datasets in a temporary folder, as
/// `<tmp>/datasets`.
pub fn datasets_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("datasets");
    copy_dir(&root().join("datasets"), &data);
    (tmp, data)
}

/// A synthetic ITU DataHub export: `rows` values of series rbm does not
/// use (`synthetic_0`, … or another prefix), for eight real economies, so
/// that every row is accepted. Far smaller than a published export: an
/// ingest needs `--force` for it.
pub fn datahub_export(path: &Path, rows: usize, prefix: &str) {
    let economies = ["AFG", "ALB", "DZA", "AGO", "ARG", "ARM", "AUS", "AUT"];
    let mut text = String::from(
        "\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\",\"entityIso\",\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\",\"dataSource\",\"seriesDescription\"\n",
    );
    for i in 0..rows {
        let series = i / (economies.len() * 25);
        let economy = economies[(i / 25) % economies.len()];
        let year = 2000 + i % 25;
        let _ = writeln!(
            text,
            "9{series},\"{prefix}_{series}\",\"Synthetic series {series}\",,\"%\",1,\"{economy}\",\"{economy}\",\"{}.{}\",{year},\"\",\"test\",\"\"",
            i % 100,
            i % 7
        );
    }
    std::fs::write(path, text).expect("write export");
}
