//! Every subcommand, with its common flags, on the embedded datasets: no
//! line of standard output is wider than 100 terminal columns (counted by
//! display width), as the README promises.

use unicode_width::UnicodeWidthStr;

use crate::common::{code, rbm, stderr, stdout};

const WIDTH: usize = 100;

fn assert_fits(args: &[&str]) {
    let out = rbm(args);
    assert_eq!(code(&out), 0, "rbm {}: {}", args.join(" "), stderr(&out));
    let text = stdout(&out);
    assert!(!text.is_empty(), "rbm {} printed nothing", args.join(" "));
    let wide: Vec<String> = text
        .lines()
        .filter(|l| l.width() > WIDTH)
        .map(|l| format!("{:>3}: {l}", l.width()))
        .collect();
    assert!(
        wide.is_empty(),
        "rbm {}: lines wider than {WIDTH} columns:\n{}",
        args.join(" "),
        wide.join("\n")
    );
}

#[test]
fn check_and_indicators_fit() {
    assert_fits(&["check"]);
    assert_fits(&["check", "--list"]);
    assert_fits(&["indicators"]);
    assert_fits(&["indicators", "--indicator", "fixed_broadband_affordability"]);
}

#[test]
fn framework_fits() {
    assert_fits(&["framework"]);
    assert_fits(&["framework", "--objective", "D.2"]);
}

#[test]
fn series_fits() {
    assert_fits(&["series"]);
    assert_fits(&["series", "--groups", "regions"]);
    assert_fits(&["series", "--groups", "development", "--as-of", "2020"]);
    assert_fits(&[
        "series",
        "--economies",
        "--indicator",
        "individuals_internet",
    ]);
    assert_fits(&["series", "--compare"]);
    assert_fits(&["series", "--compare", "--indicator", "households_internet"]);
}

#[test]
fn progress_fits() {
    assert_fits(&["progress"]);
    assert_fits(&["progress", "--method", "all"]);
    assert_fits(&["progress", "--method", "projection", "--groups", "regions"]);
    assert_fits(&["progress", "--method", "regression", "--as-of", "2020"]);
}

#[test]
fn gaps_fits() {
    assert_fits(&["gaps"]);
    assert_fits(&["gaps", "--method", "all"]);
    assert_fits(&["gaps", "--method", "all", "--groups", "development"]);
    assert_fits(&[
        "gaps",
        "--indicator",
        "households_internet",
        "--groups",
        "regions",
    ]);
}

#[test]
fn economies_fits() {
    assert_fits(&["economies"]);
    assert_fits(&["economies", "--groups", "all", "--threshold", "50"]);
    assert_fits(&[
        "economies",
        "--indicator",
        "households_internet",
        "--groups",
        "LDC",
        "--threshold",
        "96",
    ]);
    // The distributions: every indicator, target and group.
    assert_fits(&["economies", "--summary"]);
    assert_fits(&["economies", "--summary", "--threshold", "96"]);
    assert_fits(&[
        "economies",
        "--summary",
        "--indicator",
        "mobile_broadband_affordability",
        "--groups",
        "development",
    ]);
}

#[test]
fn plot_report_and_ingest_fit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let charts = dir.path().join("charts");
    assert_fits(&[
        "plot",
        "--format",
        "svg",
        "--out",
        charts.to_str().expect("utf-8"),
    ]);
    assert_fits(&["report", "--out", dir.path().to_str().expect("utf-8")]);
    // The published files, as datasets/build.sh ingests them: long paths.
    let data = crate::common::sources();
    let files = [
        "itu-datahub/households_internet_access.csv",
        "itu-workbooks/ITU_regional_global_Key_ICT_indicator_aggregates_Nov_2024.xlsx",
    ];
    let mut args = vec!["ingest".to_string(), "--dry-run".to_string()];
    args.extend(files.iter().map(|f| data.join(f).display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_fits(&args);
}
