#![no_main]
//! Fuzz `rbm::ingest::manifest::parse`, the reader of the store's
//! `manifest.csv`: it must return, never panic.

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rbm::ingest::manifest::parse(Path::new("manifest.csv"), data);
});
