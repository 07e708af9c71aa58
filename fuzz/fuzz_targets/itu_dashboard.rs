#![no_main]
//! Fuzz `rbm::ingest::itu_dashboard::parse`: it must return, never panic. Input is a whole
//! workbook, or one worksheet's XML wrapped into a workbook (see
//! `common/workbook.rs`).

use libfuzzer_sys::fuzz_target;
use std::path::Path;

#[path = "../common/workbook.rs"]
mod workbook;

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = workbook::bytes(data, "DDD data set January 2022") else {
        return;
    };
    workbook::run(|| {
        let _ = rbm::ingest::itu_dashboard::parse(Path::new("fuzz.xlsx"), &bytes);
    });
});
