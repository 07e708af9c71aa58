#![no_main]
//! Fuzz `rbm::ingest::store::parse_observations`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::store::parse_observations(Path::new("observations.csv"), data);
});
