#![no_main]
//! Fuzz `rbm::ingest::tidy::parse`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::tidy::parse(Path::new("fuzz.csv"), data);
});
