//! The published inputs travel with the project: `datasets/build.sh`, run
//! with the binary under test on a copy of `datasets/` with nothing beside
//! it, rebuilds the committed store byte for byte from
//! `datasets/sources/`; and `datasets/sources/` holds exactly the files the
//! build reads, each with the size and sha256 its `SOURCES.md` lists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use rbm::classify::build::Inputs;
use rbm::ingest::store::files;

use crate::common::{code, copy_dir, root, sources, stderr, stdout};

/// Every file an ingest writes into a datasets folder: the store's files
/// and their manifest.
const STORE: [&str; 7] = [
    files::ALIASES,
    files::CLASSIFICATION,
    files::CLASSIFICATION_NOTES,
    files::INPUTS,
    files::MANIFEST,
    files::OBSERVATIONS,
    files::WEIGHTS,
];

/// Files of `datasets/` written by hand, not by an ingest.
const BY_HAND: [&str; 2] = ["SOURCES.md", "build.sh"];

/// The names of the files directly in `dir`, hidden ones included.
fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().expect("type").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Every file under `dir`, as a path relative to it with `/` between
/// folders, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Where two files first differ: the line number (from 1) and that line in
/// each ("end of file" where one has no such line), or `None` if equal.
fn first_difference(expected: &[u8], actual: &[u8]) -> Option<(usize, String, String)> {
    if expected == actual {
        return None;
    }
    let show = |line: Option<&[u8]>| match line {
        None => "(end of file)".to_string(),
        Some(l) => {
            let text = String::from_utf8_lossy(l);
            let short: String = text.chars().take(300).collect();
            format!("{short:?}")
        }
    };
    // Split after each '\n' so that a difference in line ends (CRLF
    // against LF, or a missing final newline) shows up too.
    let mut e = expected.split_inclusive(|&b| b == b'\n');
    let mut a = actual.split_inclusive(|&b| b == b'\n');
    let mut line = 1;
    loop {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (x, y) => return Some((line, show(x), show(y))),
        }
    }
}

#[test]
fn first_difference_names_the_line() {
    assert_eq!(first_difference(b"a\nb\n", b"a\nb\n"), None);
    assert_eq!(
        first_difference(b"a\nb\nc\n", b"a\nB\nc\n"),
        Some((2, "\"b\\n\"".into(), "\"B\\n\"".into()))
    );
    assert_eq!(
        first_difference(b"a\nb\n", b"a\n"),
        Some((2, "\"b\\n\"".into(), "(end of file)".into()))
    );
    assert_eq!(
        first_difference(b"a\r\n", b"a\n"),
        Some((1, "\"a\\r\\n\"".into(), "\"a\\n\"".into()))
    );
}

/// Run `datasets/build.sh` in `work/project/`, a copy of the build's own
/// files (the script, `cited/`, `sources/`) with nothing beside it: no
/// `../shared`, no cargo, no other project file, and no committed store to
/// read by mistake. The binary under test writes the store into
/// `work/rebuilt/`.
fn rebuild(work: &Path) -> PathBuf {
    let datasets = root().join("datasets");
    let project = work.join("project/datasets");
    copy_dir(&datasets.join("sources"), &project.join("sources"));
    copy_dir(&datasets.join("cited"), &project.join("cited"));
    std::fs::copy(datasets.join("build.sh"), project.join("build.sh")).expect("copy build.sh");
    let project = work.join("project");
    let rebuilt = work.join("rebuilt");
    let out = Command::new("bash")
        .arg("datasets/build.sh")
        .current_dir(&project)
        .env("RBM", crate::common::rbm_bin())
        .env("DATA", &rebuilt)
        .env_remove("REJECTS")
        .env("NO_COLOR", "1")
        .output()
        .expect("run bash datasets/build.sh");
    assert_eq!(
        code(&out),
        0,
        "datasets/build.sh failed\n--- stdout\n{}\n--- stderr\n{}",
        stdout(&out),
        stderr(&out)
    );
    rebuilt
}

#[test]
fn build_sh_rebuilds_the_committed_datasets_byte_for_byte_from_the_sources() {
    let work = tempfile::tempdir().expect("tempdir");
    let rebuilt = rebuild(work.path());
    let committed = root().join("datasets");

    // The rebuild writes the store's files and nothing else (no journal or
    // temporary file left behind, no folder) but the cache of the parsed
    // observations, which is not part of the store.
    let store: BTreeSet<String> = STORE.iter().map(|s| s.to_string()).collect();
    let written: BTreeSet<String> = std::fs::read_dir(&rebuilt)
        .expect("read the rebuilt folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != rbm::commands::fs::CACHE_DIR)
        .collect();
    assert_eq!(written, store, "files written by datasets/build.sh");
    // And every file committed in datasets/ but not written by hand is one
    // of them, so that none is left out of the comparison.
    let by_ingest: BTreeSet<String> = file_names(&committed)
        .into_iter()
        .filter(|n| !BY_HAND.contains(&n.as_str()))
        .collect();
    assert_eq!(by_ingest, store, "files in datasets/ not written by hand");

    for name in &store {
        let expected = std::fs::read(committed.join(name)).expect("committed file");
        let actual = std::fs::read(rebuilt.join(name)).expect("rebuilt file");
        if let Some((line, e, a)) = first_difference(&expected, &actual) {
            panic!(
                "datasets/{name} differs from its rebuild at line {line}:\n  committed: {e}\n  rebuilt:   {a}\n(run `bash datasets/build.sh` and review `git diff datasets/`)"
            );
        }
    }
}

/// The rows `| \`path\` | bytes | \`sha256\` |` of `datasets/sources/SOURCES.md`.
fn listed_files() -> Vec<(String, u64, String)> {
    let text = std::fs::read_to_string(sources().join("SOURCES.md")).expect("SOURCES.md");
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`'))
                .collect();
            assert_eq!(cells.len(), 3, "a file row of SOURCES.md: {l}");
            let bytes = cells[1].replace(',', "").parse().expect("bytes");
            (cells[0].to_string(), bytes, cells[2].to_string())
        })
        .collect()
}

#[test]
fn every_source_file_is_read_by_the_build_and_hashed() {
    // What the build reads: the inputs that inputs.csv names under
    // datasets/sources/, and the classification inputs that
    // `rbm ingest --classifications datasets/sources` reads.
    let inputs = std::fs::read(root().join("datasets").join(files::INPUTS)).expect("inputs.csv");
    let mut reader = csv::Reader::from_reader(inputs.as_slice());
    let mut read: BTreeSet<String> = BTreeSet::new();
    for record in reader.records() {
        let record = record.expect("inputs.csv row");
        let file = &record[0];
        assert!(
            !file.contains("shared"),
            "inputs.csv names a file outside the project: {file}"
        );
        if let Some(rel) = file.strip_prefix("datasets/sources/") {
            read.insert(rel.to_string());
        } else {
            assert!(
                file.starts_with("datasets/cited/"),
                "inputs.csv names a file neither in datasets/sources/ nor in datasets/cited/: {file}"
            );
        }
    }
    for (_, rel) in Inputs::LAYOUT {
        read.insert(rel.to_string());
    }
    // 8 DataHub exports, 2 workbooks, 4 + 2 SDG series (datasets/build.sh)
    // and 5 classification inputs.
    assert_eq!(read.len(), 21, "{read:#?}");

    let present: BTreeSet<String> = files_under(&sources())
        .into_iter()
        .filter(|f| f != "SOURCES.md")
        .collect();
    assert_eq!(
        present, read,
        "datasets/sources/ should hold exactly the files datasets/build.sh reads"
    );

    let listed = listed_files();
    let names: BTreeSet<String> = listed.iter().map(|(f, _, _)| f.clone()).collect();
    assert_eq!(
        names.len(),
        listed.len(),
        "a file listed twice in SOURCES.md"
    );
    assert_eq!(
        names, present,
        "the files datasets/sources/SOURCES.md lists"
    );
    for (file, bytes, sha256) in &listed {
        let data = std::fs::read(sources().join(file)).expect("source file");
        assert_eq!(data.len() as u64, *bytes, "size of {file}");
        let digest: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(&digest, sha256, "sha256 of datasets/sources/{file}");
    }
}
