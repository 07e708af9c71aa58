#![no_main]
//! Fuzz `rbm::ingest::store::parse_classification`, the reader of the
//! store's four classification files: it must return, never panic. The
//! first byte picks which file the rest of the input stands for; the other
//! three are the tiny fixture's, so that a fuzzed weights or aliases file
//! meets economies it can refer to.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

const TINY: [&[u8]; 4] = [
    include_bytes!("../../tests/fixtures/tiny/datasets/classification.csv"),
    include_bytes!("../../tests/fixtures/tiny/datasets/weights.csv"),
    include_bytes!("../../tests/fixtures/tiny/datasets/aliases.csv"),
    include_bytes!("../../tests/fixtures/tiny/datasets/classification_notes.txt"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut files: [&[u8]; 4] = TINY;
    files[pick as usize % files.len()] = rest;
    let [classification, weights, aliases, notes] = files;
    let _ = rbm::ingest::store::parse_classification(
        Path::new("datasets"),
        classification,
        weights,
        aliases,
        notes,
    );
});
