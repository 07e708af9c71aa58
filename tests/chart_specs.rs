//! Chart specs: the plain data each chart is drawn from (lines, points,
//! projections, target marks, labels, grid cells), snapshotted as YAML on
//! the tiny fixture and on the embedded datasets. A spec snapshot says
//! what a chart shows; the SVG snapshots in `plot.rs` say how it looks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rbm::commands::{Selection, Shared, pipeline};
use rbm::plot::{self, ChartFile, ChartInputs};
use rbm::progress::Method;

use crate::common::{fixture, root};

/// Every chart of a project's folders, as `rbm plot` makes them.
fn charts(indicators: PathBuf, data: PathBuf) -> Vec<ChartFile> {
    let shared = Shared::of(indicators, data);
    let loaded = pipeline::load(&shared).expect("loads");
    let analysis =
        pipeline::analyse(&loaded, &Selection::default(), &[Method::DEFAULT]).expect("analyses");
    plot::charts(&ChartInputs {
        indicators: &analysis.indicators,
        data: &analysis.data,
        rows: &analysis.rows,
        method: Method::DEFAULT,
        groups: &analysis.groups,
        as_of: analysis.as_of,
    })
    .0
}

fn assert_specs(files: &[ChartFile], prefix: &str, stems: &[&str]) {
    for stem in stems {
        let file = files
            .iter()
            .find(|f| f.stem == *stem)
            .unwrap_or_else(|| panic!("no chart {stem}"));
        insta::assert_yaml_snapshot!(format!("{prefix}spec--{stem}"), file.chart);
    }
}

#[test]
fn tiny_chart_specs() {
    let files = charts(fixture("tiny/indicators"), fixture("tiny/datasets"));
    assert_specs(
        &files,
        "tiny-",
        &[
            "households_internet--regions",
            "households_internet--development",
            "households_internet--gaps",
            "one_point--regions",
            "status-grid",
        ],
    );
}

#[test]
fn embedded_chart_specs() {
    let files = charts(root().join("indicators"), root().join("datasets"));
    assert_specs(
        &files,
        "embedded-",
        &[
            "households_internet--regions",
            "gender_parity_internet--development",
            "fixed_broadband_affordability--gaps",
            "status-grid",
        ],
    );
}

/// The dashed projections of the households charts are the default
/// model's: each starts at the group's latest value and ends, in 2030, at
/// the projected value of the group's `trend` row, the one its status and
/// year reached come from.
#[test]
fn the_households_projections_are_the_default_models() {
    let shared = Shared::of(root().join("indicators"), root().join("datasets"));
    let loaded = pipeline::load(&shared).expect("loads");
    let analysis =
        pipeline::analyse(&loaded, &Selection::default(), &[Method::DEFAULT]).expect("analyses");
    assert_eq!(Method::DEFAULT, Method::Trend);
    let files = plot::charts(&ChartInputs {
        indicators: &analysis.indicators,
        data: &analysis.data,
        rows: &analysis.rows,
        method: Method::DEFAULT,
        groups: &analysis.groups,
        as_of: analysis.as_of,
    })
    .0;
    let mut drawn = BTreeMap::new();
    for stem in [
        "households_internet--development",
        "households_internet--regions",
    ] {
        let file = files.iter().find(|f| f.stem == stem).expect(stem);
        let plot::Chart::Trajectory(t) = &file.chart else {
            panic!("{stem} is not a trajectory");
        };
        for line in &t.lines {
            let row = analysis
                .rows
                .iter()
                .find(|r| {
                    r.indicator_id == "households_internet"
                        && r.target_id == "SP2030-1.3"
                        && r.geo == line.geo
                })
                .unwrap_or_else(|| panic!("{stem}: no row for {}", line.geo));
            let a = &row.assessment;
            let (Some(first), Some(last)) = (line.projection.first(), line.projection.last())
            else {
                continue;
            };
            assert_eq!(a.method, Method::Trend);
            assert_eq!(
                first.0,
                f64::from(a.latest_year.expect("latest")),
                "{}",
                line.geo
            );
            assert!((first.1 - a.latest_value.expect("latest")).abs() < 1e-9);
            assert_eq!(last.0, 2030.0, "{}", line.geo);
            let projected = a.projected_value.expect("projected");
            assert!((last.1 - projected).abs() < 1e-9, "{}: {last:?}", line.geo);
            drawn.insert(line.geo.clone(), last.1);
        }
    }
    // The hand calculations of tests/progress.rs (checked with numpy):
    // the logit-linear trend gives Africa 74.4267% and LDCs 76.6081% in
    // 2030, where compound growth drew 100%.
    assert!((drawn["ITU_AFR"] - 74.4267).abs() < 1e-3, "{drawn:?}");
    assert!((drawn["LDC"] - 76.6081).abs() < 1e-3, "{drawn:?}");
}
