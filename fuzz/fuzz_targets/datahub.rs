#![no_main]
//! Fuzz `rbm::ingest::datahub::parse`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::datahub::parse(Path::new("fuzz.csv"), data);
});
