#![no_main]
//! Fuzz `rbm::ingest::store::parse_inputs`, the reader of the store's
//! `inputs.csv` (the record of every file ingested): it must return, never
//! panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::store::parse_inputs(Path::new("inputs.csv"), data);
});
