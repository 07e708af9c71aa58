//! Published group values keep their publisher's estimate mark (issue 13):
//! ITU's aggregates workbook says all its values are ITU estimates
//! (`../shared/data/SOURCES.md`; every sheet's note), and the store records
//! that in the `estimate` column of `datasets/observations.csv`. The mark
//! reaches `rbm series`, the charts' hollow points and the confidence
//! grade's reason. Checked against the store read here directly, not
//! through rbm's code.

use std::collections::BTreeMap;

use rbm::commands::{Selection, Shared, pipeline};
use rbm::plot::{self, ChartInputs};
use rbm::progress::Method;

use crate::common::{CsvTable, code, rbm, root, stderr, stdout};

/// Groups with published Internet use: the ITU regions and SIDS from ITU's
/// workbook (all estimates), SIDS's early years from the UN SDG Global
/// Database (nature "N", an aggregate, not marked as an estimate).
const GROUPS: [&str; 3] = ["ITU_AFR", "ITU_EUR", "SIDS"];

/// `datasets/observations.csv`'s estimate mark of series `i99H` (Internet
/// use, no breakdown) by (group, year).
fn store_marks() -> BTreeMap<(String, String), String> {
    let text =
        std::fs::read_to_string(root().join("datasets/observations.csv")).expect("read store");
    let store = CsvTable::parse(&text);
    store
        .rows
        .iter()
        .filter(|r| {
            store.get(r, "series") == "i99H"
                && GROUPS.contains(&store.get(r, "geo"))
                && ["sex", "area", "age"]
                    .iter()
                    .all(|c| store.get(r, c).is_empty())
        })
        .map(|r| {
            (
                (
                    store.get(r, "geo").to_string(),
                    store.get(r, "year").to_string(),
                ),
                store.get(r, "estimate").to_string(),
            )
        })
        .collect()
}

#[test]
fn published_group_values_keep_the_stores_estimate_mark() {
    let want = store_marks();
    // Both marks occur, so that the comparison below can fail either way.
    assert!(want.values().any(|e| e == "true"), "{want:?}");
    assert!(want.values().any(|e| e == "false"), "{want:?}");
    let out = rbm(&[
        "series",
        "--format",
        "csv",
        "--indicator",
        "individuals_internet",
        "--groups",
        &GROUPS.join(","),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let t = CsvTable::parse(&stdout(&out));
    let mut seen = 0;
    for r in t.rows.iter().filter(|r| t.get(r, "origin") == "published") {
        let key = (t.get(r, "geo").to_string(), t.get(r, "year").to_string());
        let mark = want
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} is published but not in the store"));
        assert_eq!(t.get(r, "estimate"), mark, "{key:?}");
        seen += 1;
    }
    assert_eq!(seen, want.len(), "every stored group value is shown");
}

#[test]
fn published_estimates_are_drawn_hollow() {
    let want = store_marks();
    let shared = Shared::of(root().join("indicators"), root().join("datasets"));
    let loaded = pipeline::load(&shared).expect("loads");
    let analysis =
        pipeline::analyse(&loaded, &Selection::default(), &[Method::DEFAULT]).expect("analyses");
    let files = plot::charts(&ChartInputs {
        indicators: &analysis.indicators,
        data: &analysis.data,
        rows: &analysis.rows,
        method: Method::DEFAULT,
        groups: &analysis.groups,
        as_of: analysis.as_of,
    })
    .0;
    let mut checked = 0;
    for stem in [
        "individuals_internet--regions",
        "individuals_internet--development",
    ] {
        let file = files.iter().find(|f| f.stem == stem).expect(stem);
        let plot::Chart::Trajectory(chart) = &file.chart else {
            panic!("{stem} is not a trajectory");
        };
        for line in chart
            .lines
            .iter()
            .filter(|l| GROUPS.contains(&l.geo.as_str()))
        {
            // The published years (the others are computed by rbm).
            for dot in &line.dots {
                let key = (line.geo.clone(), dot.year.to_string());
                if let Some(mark) = want.get(&key) {
                    assert_eq!(dot.hollow, mark == "true", "{stem} {key:?}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, want.len());
}

#[test]
fn the_grade_counts_published_estimates() {
    // Africa's Internet use since the base year 2015 is ITU's workbook, all
    // estimates: more than half of the window's values, one reason.
    let out = rbm(&[
        "progress",
        "--format",
        "csv",
        "--indicator",
        "individuals_internet",
        "--groups",
        "ITU_AFR",
        "--method",
        "trend",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let t = CsvTable::parse(&stdout(&out));
    assert_eq!(t.rows.len(), 1);
    let r = &t.rows[0];
    let from: i32 = t.get(r, "window_start").parse().expect("window start");
    let latest: i32 = t.get(r, "latest_year").parse().expect("latest year");
    let marks = store_marks();
    let n = (from..=latest)
        .filter(|y| {
            marks
                .get(&("ITU_AFR".to_string(), y.to_string()))
                .map(String::as_str)
                == Some("true")
        })
        .count();
    assert_eq!(n, (latest - from + 1) as usize, "all ITU estimates");
    let reason = format!("{n} of the {n} values since {from} are published as estimates");
    let reasons = t.get(r, "confidence_reasons");
    assert!(reasons.contains(&reason), "{reasons}");
}
