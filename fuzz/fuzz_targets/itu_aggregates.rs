#![no_main]
//! Fuzz `rbm::ingest::itu_aggregates::parse`: it must return, never panic. Input is a whole
//! workbook, or one worksheet's XML wrapped into a workbook (see
//! `common/workbook.rs`).

use libfuzzer_sys::fuzz_target;
use std::path::Path;

#[path = "../common/workbook.rs"]
mod workbook;

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = workbook::bytes(data, "By BDT region") else {
        return;
    };
    workbook::run(|| {
        let _ = rbm::ingest::itu_aggregates::parse(Path::new("fuzz.xlsx"), &bytes);
    });
});
