#![no_main]
//! Fuzz `rbm::ingest::worldbank::parse_owid`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::worldbank::parse_owid(Path::new("fuzz.csv"), data);
});
