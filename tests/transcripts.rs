//! Whole transcripts, in the uv and just way: for every subcommand on the
//! tiny fixture, and for the main ones on the embedded datasets, the
//! command, its exit code, stdout and stderr, snapshotted with insta (one
//! snapshot per case, in `tests/snapshots/`). Review changes with
//! `cargo insta review`.
//!
//! Each tiny case runs in a fresh copy of `tests/fixtures/tiny`, so that
//! the default folders (`indicators/`, `datasets/`, `reports/`) are the
//! fixture's and paths in the output are short; the copy's location is
//! replaced by `[TEMP]`.

use std::path::Path;
use std::process::Output;

use crate::common::{code, copy_dir, fixture, rbm_in as run, root, stderr, stdout};

/// The transcript of one run.
fn transcript(args: &[&str], out: &Output, temp: Option<&Path>) -> String {
    let mut text = format!(
        "----- command -----\nrbm {}\n----- exit code: {} -----\n----- stdout -----\n{}----- stderr -----\n{}",
        args.join(" "),
        code(out),
        stdout(out),
        stderr(out)
    );
    if let Some(t) = temp {
        text = text.replace(&t.display().to_string(), "[TEMP]");
    }
    // Colour codes, when asked for, as a visible mark.
    text.replace('\x1b', "␛")
}

/// Run `setup` then `args` in a fresh copy of the tiny fixture (or an
/// empty folder); the transcript of the last run.
fn tiny(setup: &[&[&str]], args: &[&str], empty: bool) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    if !empty {
        copy_dir(&fixture("tiny"), dir.path());
    }
    for s in setup {
        assert_eq!(code(&run(dir.path(), s)), 0, "setup {s:?}");
    }
    transcript(args, &run(dir.path(), args), Some(dir.path()))
}

/// The transcript of a run on the embedded datasets, from the project.
fn embedded(args: &[&str]) -> String {
    transcript(args, &run(&root(), args), None)
}

/// One test and one snapshot per case.
macro_rules! transcripts {
    ($($name:ident: $how:ident $args:expr $(, setup $setup:expr)?;)+) => {
        $(
            #[test]
            fn $name() {
                let text = transcripts!(@run $how $args $(, $setup)?);
                insta::assert_snapshot!(stringify!($name), text);
            }
        )+
    };
    (@run tiny $args:expr) => { tiny(&[], &$args, false) };
    (@run tiny $args:expr, $setup:expr) => { tiny(&$setup, &$args, false) };
    (@run outside $args:expr) => { tiny(&[], &$args, true) };
    (@run embedded $args:expr) => { embedded(&$args) };
}

transcripts! {
    // Every subcommand on the tiny fixture.
    tiny_check: tiny ["check"];
    tiny_check_list: tiny ["check", "--list"];
    tiny_indicators: tiny ["indicators"];
    tiny_indicators_one: tiny ["indicators", "--indicator", "households_internet"];
    tiny_ingest_dry_run: tiny ["ingest", "--dry-run", "datasets/observations.csv"];
    tiny_ingest: tiny ["ingest", "--format", "tidy", "datasets/observations.csv"];
    tiny_series: tiny ["series"];
    tiny_series_csv: tiny ["series", "--format", "csv", "--indicator", "households_internet"];
    tiny_series_economies: tiny ["series", "--economies", "--indicator", "households_internet"];
    tiny_series_compare: tiny ["series", "--compare"];
    tiny_progress: tiny ["progress"];
    tiny_progress_all: tiny ["progress", "--method", "all"];
    tiny_progress_csv: tiny ["progress", "--format", "csv", "--indicator", "households_internet"];
    tiny_progress_json: tiny ["progress", "--format", "json", "--indicator", "one_point", "--groups", "world"];
    tiny_progress_colour: tiny ["progress", "--color", "always", "--indicator", "households_internet", "--groups", "world,regions"];
    tiny_gaps: tiny ["gaps"];
    tiny_gaps_all: tiny ["gaps", "--method", "all"];
    tiny_gaps_csv: tiny ["gaps", "--format", "csv", "--method", "all", "--indicator", "households_internet", "--groups", "world"];
    tiny_economies: tiny ["economies"];
    tiny_economies_threshold: tiny ["economies", "--indicator", "households_internet", "--groups", "africa,ldc", "--threshold", "40"];
    tiny_economies_json: tiny ["economies", "--format", "json", "--groups", "LDC", "--target", "C2023-2.2"];
    tiny_series_economies_groups: tiny ["series", "--economies", "--groups", "ITU_AFR", "--indicator", "households_internet"];
    tiny_unknown_target: tiny ["progress", "--target", "SP2030-13"];
    tiny_plot: tiny ["plot", "--format", "svg"];
    tiny_report: tiny ["report"];
    tiny_framework: tiny ["framework"];
    tiny_framework_json: tiny ["framework", "--format", "json"];
    tiny_report_previous: tiny ["report", "--previous", "reports/2021"], setup [&["report", "--year", "2021"]];
    tiny_report_previous_file: tiny ["report", "--previous", "reports/2021/progress.json"], setup [&["report", "--year", "2021"]];

    // Messages a first-time user meets.
    tiny_report_previous_parent: tiny ["report", "--previous", "reports"], setup [&["report", "--year", "2021"]];
    tiny_report_previous_missing: tiny ["report", "--previous", "reports/2019"];
    tiny_groups_income: tiny ["progress", "--groups", "income"];
    tiny_groups_near_miss: tiny ["progress", "--groups", "world,Afrika"];
    tiny_groups_by_name: tiny ["series", "--groups", "africa,ldc", "--indicator", "households_internet"];
    tiny_unknown_indicator: tiny ["progress", "--indicator", "household_internet"];
    tiny_missing_input: tiny ["ingest", "no-such-file.csv"];
    outside_project: outside ["progress"];
    outside_project_check: outside ["check"];

    // The main commands on the embedded datasets.
    embedded_check: embedded ["check"];
    embedded_indicators: embedded ["indicators"];
    embedded_series: embedded ["series"];
    embedded_series_compare: embedded ["series", "--compare"];
    embedded_progress: embedded ["progress"];
    embedded_progress_all: embedded ["progress", "--method", "all"];
    embedded_gaps: embedded ["gaps"];
    embedded_gaps_all: embedded ["gaps", "--method", "all"];
    embedded_gaps_parity: embedded ["gaps", "--indicator", "gender_parity_internet", "--groups", "world,regions"];
    embedded_economies_ldc: embedded ["economies", "--indicator", "households_internet", "--groups", "LDC"];
    embedded_economies_africa_96: embedded ["economies", "--indicator", "households_internet", "--groups", "ITU_AFR", "--threshold", "96", "--target", "SP2030-1.3"];
    embedded_framework: embedded ["framework"];
    embedded_framework_goal: embedded ["framework", "--goal", "1"];
    embedded_framework_target: embedded ["framework", "--target", "SP2030-2.7"];
    embedded_framework_priority: embedded ["framework", "--priority", "TP-INFRASTRUCTURE"];
    embedded_framework_objective_csv: embedded ["framework", "--objective", "D.3", "--format", "csv"];
    embedded_framework_unknown_target: embedded ["framework", "--target", "SP2030-2.8"];
}
