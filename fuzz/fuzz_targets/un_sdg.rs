#![no_main]
//! Fuzz `rbm::ingest::un_sdg::parse`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::un_sdg::parse(Path::new("ddf--datapoints--fuzz.csv"), data);
});
