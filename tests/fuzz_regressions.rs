//! Inputs found while fuzzing the parsers (`fuzz/`, cargo-fuzz) that once
//! crashed rbm, kept in the malformed-input corpus as
//! `tests/fixtures/bad/fuzz_<target>_<what>.xlsx`: each
//! must now return, and where it is refused, with a message that says why.
//! The tests call the same library functions as the fuzz targets.

use std::path::PathBuf;

use crate::common::fixture;

/// A fuzz fixture's path, relative as rbm would be given it, and bytes.
fn input(name: &str) -> (PathBuf, Vec<u8>) {
    let path = fixture(&format!("bad/{name}"));
    let bytes = std::fs::read(&path).expect("read fixture");
    (PathBuf::from(format!("tests/fixtures/bad/{name}")), bytes)
}

/// A workbook whose sheet has a cell at A1 and one at XFD1048576, Excel's
/// last cell: calamine's dense grid over them needed 512 GiB and the
/// process aborted out of memory.
#[test]
fn itu_aggregates_a_far_cell_is_an_error_not_an_abort() {
    let (path, bytes) = input("fuzz_itu_aggregates_far_cell.xlsx");
    let err = rbm::ingest::itu_aggregates::parse(&path, &bytes)
        .expect_err("a sheet that large is refused")
        .to_string();
    assert_eq!(
        err,
        "tests/fixtures/bad/fuzz_itu_aggregates_far_cell.xlsx: cell XFD1048576: sheet 'By BDT region' spans 1048576 row(s) by 16384 column(s) from column A, more than the 10000000 cells rbm reads from a sheet: the workbook looks damaged"
    );
}

/// A workbook whose one row has a title in A1 and a number in column
/// ZZZZZZ (past Excel's last column, XFD): one row, but 321 million
/// columns wide, a 10 GB allocation.
#[test]
fn itu_dashboard_a_far_column_is_an_error_not_an_abort() {
    let (path, bytes) = input("fuzz_itu_dashboard_far_column.xlsx");
    let err = rbm::ingest::itu_dashboard::parse(&path, &bytes)
        .expect_err("a sheet that wide is refused")
        .to_string();
    assert_eq!(
        err,
        "tests/fixtures/bad/fuzz_itu_dashboard_far_column.xlsx: cell ZZZZZZ1: sheet 'DDD data set January 2022' spans 1 row(s) by 321272406 column(s) from column A, more than the 10000000 cells rbm reads from a sheet: the workbook looks damaged"
    );
    // Detection reads the first sheet of a workbook it cannot tell by its
    // sheet names, as here.
    let err = rbm::ingest::detect(&path, &bytes)
        .expect_err("detection refuses it as well")
        .to_string();
    assert!(err.contains("more than the 10000000 cells"), "{err}");
}

/// A workbook whose shared strings table declares 99,999,999,999 strings
/// (`uniqueCount`) and holds one: calamine reserved room for them all
/// before reading one, 2.4 TB, and the process aborted.
#[test]
fn detect_an_impossible_shared_strings_count_is_an_error_not_an_abort() {
    let (path, bytes) = input("fuzz_detect_shared_strings_count.xlsx");
    let expected = "tests/fixtures/bad/fuzz_detect_shared_strings_count.xlsx: the shared strings table declares 99999999999 strings in 134 bytes of XML, which hold at most 26: the workbook looks damaged";
    let err = rbm::ingest::detect(&path, &bytes)
        .expect_err("detection refuses it")
        .to_string();
    assert_eq!(err, expected);
    let err = rbm::ingest::itu_dashboard::parse(&path, &bytes)
        .expect_err("so does the Dashboard parser")
        .to_string();
    assert_eq!(err, expected);
}
