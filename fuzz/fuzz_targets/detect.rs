#![no_main]
//! Fuzz `rbm::ingest::detect`: it must return, never panic. The first byte
//! picks the file name, since detection looks at the name as well as the
//! bytes; for `fuzz.xlsx` the rest is a workbook or a worksheet's XML (see
//! `common/workbook.rs`).

use libfuzzer_sys::fuzz_target;
use std::path::Path;

#[path = "../common/workbook.rs"]
mod workbook;

const NAMES: [&str; 5] = [
    "fuzz.csv",
    "fuzz.xlsx",
    "ddf--entities--fuzz.csv",
    "ddf--datapoints--fuzz.csv",
    "fuzz",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let wrapped;
    let bytes = if name.ends_with(".xlsx") {
        let Some(w) = workbook::bytes(rest, "Sheet1") else {
            return;
        };
        wrapped = w;
        &wrapped[..]
    } else {
        rest
    };
    workbook::run(|| {
        let _ = rbm::ingest::detect(Path::new(name), bytes);
    });
});
