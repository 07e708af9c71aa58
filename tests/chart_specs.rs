//! Chart specs: the plain data each chart is drawn from (lines, points,
//! projections, target marks, labels, grid cells), snapshotted as YAML on
//! the tiny fixture and on the embedded datasets. A spec snapshot says
//! what a chart shows; the SVG snapshots in `plot.rs` say how it looks.

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
