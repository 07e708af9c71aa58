//! `rbm plot` on a tiny fixture (four economies) and on the embedded data:
//! SVG snapshots, PNG size and content, determinism, and the awkward
//! series (one point, all values equal, no data, a very long name).

use std::path::Path;

use crate::common::{code, fixture, rbm, stderr, stdout};

fn tiny(args: &[&str]) -> std::process::Output {
    let data = fixture("tiny/datasets");
    let ind = fixture("tiny/indicators");
    let mut all = vec![
        "--data",
        data.to_str().expect("utf-8"),
        "--indicators",
        ind.to_str().expect("utf-8"),
    ];
    all.extend_from_slice(args);
    rbm(&all)
}

/// An SVG without the embedded font, for readable snapshots.
fn without_font(svg: &str) -> String {
    match (svg.find("<defs><style>"), svg.find("</style></defs>\n")) {
        (Some(a), Some(b)) => format!("{}{}", &svg[..a], &svg[b + "</style></defs>\n".len()..]),
        _ => svg.to_string(),
    }
}

/// `rbm plot` on the tiny fixture into `dir`, with more arguments; it
/// must succeed.
fn plot_tiny(dir: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec!["plot", "--out", dir.to_str().expect("utf-8")];
    args.extend_from_slice(more);
    let out = tiny(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    (w, h)
}

#[test]
fn tiny_fixture_charts_match_their_snapshots() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = plot_tiny(dir.path(), &["--format", "svg"]);
    // The indicator with no data is named, not drawn.
    let note = "note: no_data: no data in the datasets for any group, so no chart";
    assert!(stderr(&out).contains(note), "{}", stderr(&out));
    for stem in [
        "households_internet--regions",
        "households_internet--gaps",
        "status-grid",
    ] {
        let svg = std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).expect("svg");
        assert!(svg.contains("@font-face"), "the font travels with the file");
        insta::assert_snapshot!(stem, without_font(&svg));
    }
}

#[test]
fn every_awkward_series_gives_a_readable_chart_or_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    plot_tiny(dir.path(), &[]);
    for stem in [
        "one_point--regions",
        "flat--development",
        "long_name--regions",
        "one_point--gaps",
    ] {
        let svg = std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).expect("svg");
        assert!(
            svg.contains("<polyline") || svg.contains("<circle"),
            "{stem} draws nothing"
        );
        let png = std::fs::read(dir.path().join(format!("{stem}.png"))).expect("png");
        assert_eq!(png_size(&png), (1200, 675));
    }
    // A very long name wraps rather than running off the chart.
    let svg = std::fs::read_to_string(dir.path().join("long_name--regions.svg")).expect("svg");
    assert!(
        svg.contains(">An indicator with a very long name"),
        "title missing"
    );
    assert!(!dir.path().join("no_data--regions.svg").exists());
}

#[test]
fn svg_and_png_are_the_same_bytes_every_time() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    for d in [&a, &b] {
        plot_tiny(d.path(), &[]);
    }
    let names = |p: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(p)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a.path()), names(b.path()));
    for n in names(a.path()) {
        assert_eq!(
            std::fs::read(a.path().join(&n)).expect("a"),
            std::fs::read(b.path().join(&n)).expect("b"),
            "{n} differs between two runs"
        );
    }
}

#[test]
fn embedded_data_gives_every_chart_for_every_measurable_indicator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = rbm(&["plot", "--out", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // 36 charts and 11 maps, each as SVG and PNG, and each map's table,
    // came before the breakdowns and the status maps: broadband
    // subscriptions (C2023-1.5) has no 2030 target, so no gap chart and no
    // status map. A status map for each of the ten indicators with economy
    // data and a 2030 target adds 10 charts and 3 × 10 files (135 files,
    // 57 charts). The seven breakdown indicators add 19 charts (three
    // each; none by development level for the two household ones, whose
    // development groups are all withheld) and 4 value maps (households
    // and skills, which have economy values): 19 × 2 + 4 × 3 = 50 files,
    // and a status map for each of those four: 4 charts, 12 files.
    let wrote = "wrote 197 file(s) for 84 chart(s)";
    assert!(stdout(&out).starts_with(wrote), "{}", stdout(&out));
    for ind in [
        "households_internet",
        "individuals_internet",
        "fixed_broadband_affordability",
        "mobile_broadband_affordability",
        "mobile_broadband_coverage",
        "lte_coverage",
        "gender_parity_internet",
        "gender_parity_mobile_ownership",
        "urban_rural_parity_internet",
        "ict_skills",
        "ewaste_recycling_rate",
    ] {
        for kind in ["regions", "development", "gaps"] {
            let png = std::fs::read(dir.path().join(format!("{ind}--{kind}.png"))).expect("png");
            assert_eq!(png_size(&png), (1200, 675), "{ind}--{kind}");
            // Not blank: a blank 1200×675 white image compresses to a few
            // hundred bytes.
            assert!(
                png.len() > 20_000,
                "{ind}--{kind}.png looks blank ({} bytes)",
                png.len()
            );
        }
    }
    let grid = std::fs::read(dir.path().join("status-grid.png")).expect("grid");
    let (w, h) = png_size(&grid);
    assert_eq!(w, 1200);
    assert!(h >= 675);
    // A map for every indicator with economy data; urban/rural parity has
    // none (the datasets hold Internet use by area for groups only).
    assert!(
        stderr(&out)
            .contains("note: urban_rural_parity_internet: no economy has a value, so no map"),
        "{}",
        stderr(&out)
    );
    for ind in [
        "households_internet",
        "individuals_internet",
        "fixed_broadband_affordability",
        "mobile_broadband_affordability",
        "mobile_broadband_coverage",
        "lte_coverage",
        "gender_parity_internet",
        "gender_parity_mobile_ownership",
        "ict_skills",
        "ewaste_recycling_rate",
    ] {
        let png = std::fs::read(dir.path().join(format!("{ind}--map.png"))).expect("map png");
        assert_eq!(png_size(&png), (1200, 675), "{ind}--map");
        assert!(png.len() > 40_000, "{ind}--map.png looks blank");
        let svg = std::fs::read_to_string(dir.path().join(format!("{ind}--map.svg"))).expect("svg");
        assert!(svg.contains("do not imply official endorsement or acceptance by ITU."));
        let csv = std::fs::read_to_string(dir.path().join(format!("{ind}--map.csv"))).expect("csv");
        assert!(csv.starts_with("iso3,economy,value,year,estimate,class,earlier,drawn_as,note\n"));
        let status = format!("{ind}--status-map");
        let png = std::fs::read(dir.path().join(format!("{status}.png"))).expect("status map png");
        assert_eq!(png_size(&png), (1200, 675), "{status}");
        assert!(png.len() > 40_000, "{status}.png looks blank");
        let svg = std::fs::read_to_string(dir.path().join(format!("{status}.svg"))).expect("svg");
        assert!(svg.contains("do not imply official endorsement or acceptance by ITU."));
        assert!(
            svg.contains("↑ On track ("),
            "{status}: the legend names the statuses"
        );
    }
    assert!(
        stderr(&out).contains(
            "note: broadband_subscriptions: no 2030 target an economy can be held to, so no status map"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn maps_honour_the_size_and_format_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = rbm(&[
        "plot",
        "--out",
        dir.path().to_str().expect("utf-8"),
        "--indicator",
        "households_internet",
        "--format",
        "png",
        "--width",
        "600",
        "--height",
        "338",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let png = std::fs::read(dir.path().join("households_internet--map.png")).expect("png");
    assert_eq!(png_size(&png), (600, 338));
    assert!(!dir.path().join("households_internet--map.svg").exists());
    assert!(
        !dir.path().join("ict_skills--map.png").exists(),
        "--indicator"
    );
}

#[test]
fn size_and_format_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    plot_tiny(
        dir.path(),
        &[
            "--format",
            "png",
            "--width",
            "800",
            "--height",
            "450",
            "--indicator",
            "households_internet",
            "--groups",
            "regions",
        ],
    );
    let png = std::fs::read(dir.path().join("households_internet--regions.png")).expect("png");
    assert_eq!(png_size(&png), (800, 450));
    assert!(!dir.path().join("households_internet--regions.svg").exists());
    let out = tiny(&["plot", "--width", "10"]);
    assert_eq!(code(&out), 2);
}

/// The font sizes of an SVG's text, in order.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.match_indices("font-size=\"")
        .filter_map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

#[test]
fn text_lines_and_markers_grow_with_the_size_or_the_scale() {
    let stem = "households_internet--regions.svg";
    let read = |d: &Path| std::fs::read_to_string(d.join(stem)).expect("svg");
    let base = tempfile::tempdir().expect("tempdir");
    plot_tiny(base.path(), &["--format", "svg"]);
    let slide = tempfile::tempdir().expect("tempdir");
    plot_tiny(
        slide.path(),
        &["--format", "svg", "--width", "1920", "--height", "1080"],
    );
    let (a, b) = (read(base.path()), read(slide.path()));
    // 1920 × 1080 is the 1200 × 675 design at 1.6 times the size: every
    // text, in the same order, 1.6 times larger (the title 22 → 35.2 px).
    let (fa, fb) = (font_sizes(&a), font_sizes(&b));
    assert_eq!(fa.len(), fb.len());
    assert_eq!(fa[0], 22.0);
    for (x, y) in fa.iter().zip(&fb) {
        assert!((y - x * 1.6).abs() < 0.051, "{x} → {y}");
    }
    // Lines too: World's observed line is 3.2 px wide at the design size.
    assert!(a.contains("stroke-width=\"3.2\"") && b.contains("stroke-width=\"5.1\""));
    // --scale and --theme slide enlarge further, at the same size.
    let big = tempfile::tempdir().expect("tempdir");
    plot_tiny(
        big.path(),
        &["--format", "svg", "--scale", "2", "--theme", "slide"],
    );
    assert_eq!(font_sizes(&read(big.path()))[0], 55.0, "22 px × 2 × 1.25");
    let out = tiny(&["plot", "--scale", "9"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("expected a number from 0.5 to 4"),
        "{}",
        stderr(&out)
    );
}
