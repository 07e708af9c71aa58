#![no_main]
//! Fuzz `rbm::indicator::registry::parse_indicator` on TOML text: it must
//! return its findings, never panic. Input that is not UTF-8 is skipped (the
//! command layer reads files as strings).

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = rbm::indicator::registry::parse_indicator(Path::new("indicators/fuzz.toml"), text);
});
