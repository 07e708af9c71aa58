//! Maps: the spec and SVG of a value map and a status map on a tiny
//! hand-made geometry (`tests/fixtures/maps/`); that a status map gives
//! each economy the status `rbm economies` gives it; and on the embedded
//! data that every economy of the classification is on the map or listed
//! as not drawable with its reason.

use std::collections::BTreeMap;
use std::sync::Arc;

use rbm::aggregate::{Aggregator, SeriesIndex, Value};
use rbm::commands::{Selection, Shared, pipeline, plot as plot_command};
use rbm::plot::geo::{Atlas, Sources};
use rbm::plot::map::{self, DrawnAs, Entry, MapChart, MapTexts};
use rbm::plot::{self, Chart, ChartFile};
use rbm::progress::members;
use rbm::progress::{Method, Status};

use crate::common::{CsvTable, code, fixture, rbm, root, stderr, stdout};

fn tiny_atlas() -> Arc<Atlas> {
    let topology =
        std::fs::read_to_string(fixture("maps/tiny-world.json")).expect("read the tiny map");
    let points =
        std::fs::read_to_string(fixture("maps/tiny-points.csv")).expect("read the tiny points");
    Arc::new(
        Atlas::from_sources(&Sources {
            path: "tests/fixtures/maps/tiny-world.json",
            topology: &topology,
            points: &points,
            parts: "iso3,scale,parent,west,south,east,north,note\n",
            unnamed: "name,iso3,note\n",
            credit: "a hand-made test map",
        })
        .expect("the tiny map builds"),
    )
}

fn tiny_loaded() -> pipeline::Loaded {
    pipeline::load(&Shared::of(
        fixture("tiny/indicators"),
        fixture("tiny/datasets"),
    ))
    .expect("the tiny fixture loads")
}

fn value(year: i32, value: f64, estimate: bool) -> Value {
    Value {
        year,
        value,
        estimate,
    }
}

/// An SVG without the embedded font, for readable snapshots.
fn svg_of(chart: &MapChart) -> String {
    let file = ChartFile {
        stem: "map".to_string(),
        title: chart.spec.title.clone(),
        chart: Chart::Map(Box::new(chart.clone())),
    };
    plot::render_svg(&file, 1200, 675, false)
}

#[test]
fn tiny_value_map_spec_and_svg() {
    let loaded = tiny_loaded();
    let ind = loaded
        .registry
        .select(&["households_internet".to_string()])
        .expect("selects")[0];
    // Made-up values: Ethiopia's is from 2021, before the year most come
    // from (2023, two of three), and an estimate; Kenya has none.
    let economies: BTreeMap<String, Vec<Value>> = [
        (
            "BRA",
            vec![value(2022, 80.0, false), value(2023, 83.0, false)],
        ),
        ("ETH", vec![value(2021, 25.0, true)]),
        (
            "FRA",
            vec![value(2023, 93.0, false), value(2024, 95.0, false)],
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let chart = map::value_map(ind, &economies, &loaded.class, tiny_atlas(), 2023).expect("a map");
    let spec = &chart.spec;
    // Each economy by hand: Brazil 83 → class 80–90 (index 4 of 0–20,
    // 20–40, 40–60, 60–80, 80–90, 90–100); Ethiopia 25 → 20–40 (1), dotted;
    // France's latest to 2023 is 93 → 90–100 (5), drawn as a dot (no
    // shape); Kenya no data, a 1° square of about 12 400 km² (π/180 ·
    // sin 1° · 6371² km²) → polygon and dot.
    let by = |c: &str| {
        spec.economies
            .iter()
            .find(|e| e.iso3 == c)
            .unwrap_or_else(|| panic!("{c}"))
    };
    assert_eq!(
        (by("BRA").class, by("BRA").drawn_as),
        (Some(4), DrawnAs::Polygon)
    );
    assert_eq!((by("ETH").class, by("ETH").earlier), (Some(1), true));
    assert_eq!(
        (by("FRA").value, by("FRA").drawn_as),
        (Some(93.0), DrawnAs::Dot)
    );
    assert_eq!(
        (by("KEN").class, by("KEN").drawn_as),
        (None, DrawnAs::PolygonAndDot)
    );
    assert_eq!(spec.reference_year, Some(2023));
    assert_eq!((spec.counts.no_data, spec.counts.earlier), (1, 1));
    assert_eq!(spec.other_land, vec!["Somewhere".to_string()]);
    insta::assert_yaml_snapshot!("tiny-map-spec", spec);
    let svg = svg_of(&chart);
    assert!(
        svg.contains(map::DISCLAIMER),
        "the disclaimer is on the map"
    );
    assert!(svg.contains("2030 target: 100%"));
    assert!(svg.contains("no data (1)") && svg.contains("value from before 2023 (1)"));
    insta::assert_snapshot!("tiny-map-svg", svg);
}

#[test]
fn a_status_map_is_the_same_renderer_with_categories() {
    let loaded = tiny_loaded();
    let categories = map::status_categories();
    let index = |s: Status| {
        categories
            .iter()
            .position(|c| c.key == s.as_str())
            .expect("every status is a category")
    };
    let entry = |s: Status| Entry {
        value: None,
        year: Some(2023),
        estimate: false,
        class: index(s),
    };
    let assigned: BTreeMap<String, Entry> = [
        ("BRA", entry(Status::OnTrack)),
        ("ETH", entry(Status::Deterioration)),
        ("FRA", entry(Status::TargetAchieved)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let chart = map::category_map(
        MapTexts {
            title: "Households online: status of each economy".to_string(),
            subtitle: "Status against the 2030 target.".to_string(),
            source: "Source: test fixture.".to_string(),
        },
        categories,
        &assigned,
        &loaded.class,
        tiny_atlas(),
        1,
    );
    insta::assert_yaml_snapshot!("tiny-status-map-spec", chart.spec);
    let svg = svg_of(&chart);
    // The legend names every status with its symbol and count, so that it
    // reads without colour; deterioration carries white lines.
    for s in Status::ALL {
        assert!(
            svg.contains(&format!("{} {}", s.symbol(), s.label())),
            "{s:?}"
        );
    }
    assert!(svg.contains("✔ Target achieved (1)") && svg.contains("↑ On track (1)"));
    assert!(
        svg.contains("stroke=\"#ffffff\" stroke-width=\"1.2\""),
        "white hatch"
    );
    assert!(svg.contains("no data (1)"), "Kenya has no status");
    insta::assert_snapshot!("tiny-status-map-svg", svg);
}

#[test]
fn every_economy_of_the_classification_is_on_the_map_or_has_a_reason() {
    let shared = Shared::of(root().join("indicators"), root().join("datasets"));
    let loaded = pipeline::load(&shared).expect("loads");
    let analysis =
        pipeline::analyse(&loaded, &Selection::default(), &[Method::DEFAULT]).expect("analyses");
    let (maps, _) = plot_command::maps(
        &loaded,
        &analysis.indicators,
        analysis.as_of,
        Method::DEFAULT,
    )
    .expect("maps");
    // A value map for each of the fifteen indicators with economy data
    // (eleven, and four breakdowns: urban and rural households, standard
    // and advanced skills), and a status map for each of the fourteen with
    // a 2030 target (broadband subscriptions has only a 2023 one).
    let stems: Vec<&str> = maps.iter().map(|m| m.stem.as_str()).collect();
    assert_eq!(
        stems.iter().filter(|s| s.ends_with("--status-map")).count(),
        14,
        "{stems:?}"
    );
    assert_eq!(
        stems.iter().filter(|s| s.ends_with("--map")).count(),
        15,
        "{stems:?}"
    );
    assert!(!stems.contains(&"broadband_subscriptions--status-map"));
    for file in &maps {
        let Chart::Map(m) = &file.chart else {
            panic!("{} is not a map", file.stem)
        };
        let spec = &m.spec;
        let codes: Vec<&str> = spec.economies.iter().map(|e| e.iso3.as_str()).collect();
        let expected: Vec<&str> = loaded.class.economies.keys().map(String::as_str).collect();
        assert_eq!(
            codes, expected,
            "{}: every economy, in code order",
            file.stem
        );
        for e in &spec.economies {
            match e.drawn_as {
                DrawnAs::NotDrawn | DrawnAs::Dot => assert!(
                    e.note.as_deref().is_some_and(|n| n.len() > 10),
                    "{} {}: no reason or source",
                    file.stem,
                    e.iso3
                ),
                DrawnAs::Polygon | DrawnAs::PolygonAndDot => {}
            }
        }
        // Only two cannot be drawn: Antarctica, left off on purpose, and
        // Bouvet Island, which has no feature of its own at any scale
        // (assets/maps/points.csv, the one row without a point).
        let not_drawn: Vec<&str> = spec
            .economies
            .iter()
            .filter(|e| e.drawn_as == DrawnAs::NotDrawn)
            .map(|e| e.iso3.as_str())
            .collect();
        assert_eq!(not_drawn, ["ATA", "BVT"], "{}", file.stem);
        // Every shape of the geometry belongs to an economy.
        assert!(
            spec.other_land.is_empty(),
            "{}: {:?}",
            file.stem,
            spec.other_land
        );
        assert_eq!(
            spec.counts.polygons + spec.counts.dots + spec.counts.not_drawn,
            spec.economies.len()
        );
        // The table behind the map has a row per economy.
        let csv = m.data_csv();
        assert_eq!(
            csv.lines().count(),
            spec.economies.len() + 1,
            "{}",
            file.stem
        );
    }
}

#[test]
fn a_value_on_a_break_falls_on_the_targets_side() {
    let loaded = pipeline::load(&Shared::of(
        root().join("indicators"),
        root().join("datasets"),
    ))
    .expect("loads");
    let select = |id: &str| loaded.registry.select(&[id.to_string()]).expect("selects")[0];
    // Prices: "≤ 2%" is met at exactly 2, so 2.0 is in "1–2%".
    let prices = select("fixed_broadband_affordability");
    let (classes, target) = map::value_classes(prices, &[]);
    let labels: Vec<&str> = classes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["≤ 1%", "1–2%", "2–5%", "5–10%", "10–20%", "> 20%"]);
    assert_eq!(classes[map::class_of(2.0, &classes)].label, "1–2%");
    assert_eq!(classes[map::class_of(2.01, &classes)].label, "2–5%");
    assert_eq!(target.expect("a target").label, "2030 target: ≤ 2%");
    // Shares: 20 starts "20–40%"; 100 is in the top class.
    let homes = select("households_internet");
    let (classes, _) = map::value_classes(homes, &[]);
    assert_eq!(classes[map::class_of(20.0, &classes)].label, "20–40%");
    assert_eq!(classes[map::class_of(100.0, &classes)].label, "90–100%");
    // Parity: the band's edges are in the band.
    let parity = select("gender_parity_internet");
    let (classes, _) = map::value_classes(parity, &[]);
    assert_eq!(
        classes[map::class_of(0.98, &classes)].label,
        "0.98–1.02 (parity)"
    );
    assert_eq!(
        classes[map::class_of(1.02, &classes)].label,
        "0.98–1.02 (parity)"
    );
    assert_eq!(classes[map::class_of(1.021, &classes)].label, "> 1.02");
}

/// Each economy's status as `rbm economies --format csv` prints it for the
/// World's members against a target.
fn economies_statuses(
    data: &[&str],
    indicator: &str,
    target: &str,
    groups: &str,
) -> BTreeMap<String, String> {
    let mut args: Vec<&str> = data.to_vec();
    args.extend([
        "economies",
        "--indicator",
        indicator,
        "--groups",
        groups,
        "--target",
        target,
        "--format",
        "csv",
    ]);
    let out = rbm(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = CsvTable::parse(&stdout(&out));
    table
        .rows
        .iter()
        .map(|r| {
            (
                table.get(r, "economy").to_string(),
                table.get(r, "status").to_string(),
            )
        })
        .collect()
}

/// The status each economy of a status map is drawn in (`None`: drawn as
/// without data).
fn drawn_statuses(chart: &MapChart) -> BTreeMap<String, Option<String>> {
    let map::Legend::Categories { categories } = &chart.spec.legend else {
        panic!("not a status map")
    };
    chart
        .spec
        .economies
        .iter()
        .map(|e| (e.iso3.clone(), e.class.map(|c| categories[c].key.clone())))
        .collect()
}

#[test]
fn tiny_status_map_gives_each_economy_its_rbm_economies_status() {
    let loaded = tiny_loaded();
    let ind = loaded
        .registry
        .select(&["households_internet".to_string()])
        .expect("selects")[0];
    let target = ind
        .targets
        .iter()
        .find(|t| t.id == "SP2030-1.3")
        .expect("target 1.3");
    let index = SeriesIndex::new(&loaded.table);
    let agg = Aggregator::new(&index, &loaded.class);
    let rows = members::member_rows(
        ind,
        &agg,
        &["WLD"],
        std::slice::from_ref(&target.id),
        Method::DEFAULT,
        Some(2023),
        None,
    );
    let chart = map::status_map(
        ind,
        target,
        &rows,
        &loaded.class,
        tiny_atlas(),
        2023,
        "trend model",
    )
    .expect("a status map");
    let data = fixture("tiny/datasets");
    let defs = fixture("tiny/indicators");
    let printed = economies_statuses(
        &[
            "--data",
            data.to_str().expect("utf-8"),
            "--indicators",
            defs.to_str().expect("utf-8"),
        ],
        "households_internet",
        "SP2030-1.3",
        "WLD",
    );
    // All four economies have data to 2023, so each is drawn in the
    // status `rbm economies` prints for it.
    let drawn = drawn_statuses(&chart);
    assert_eq!(printed.len(), 4, "{printed:?}");
    for (code, status) in &printed {
        assert_eq!(drawn[code].as_deref(), Some(status.as_str()), "{code}");
    }
    let spec = &chart.spec;
    assert_eq!(spec.counts.no_data, 0);
    assert!(
        spec.subtitle.contains("against target 1.3: 100% by 2030."),
        "{}",
        spec.subtitle
    );
    insta::assert_yaml_snapshot!("tiny-members-status-map-spec", spec);
    let svg = svg_of(&chart);
    assert!(svg.contains(map::DISCLAIMER));
    insta::assert_snapshot!("tiny-members-status-map-svg", svg);
}

#[test]
fn embedded_status_maps_match_rbm_economies_and_count_what_they_cannot_judge() {
    let shared = Shared::of(root().join("indicators"), root().join("datasets"));
    let loaded = pipeline::load(&shared).expect("loads");
    let analysis =
        pipeline::analyse(&loaded, &Selection::default(), &[Method::DEFAULT]).expect("analyses");
    let (maps, _) = plot_command::maps(
        &loaded,
        &analysis.indicators,
        analysis.as_of,
        Method::DEFAULT,
    )
    .expect("maps");
    for (indicator, target) in [
        ("households_internet", "SP2030-1.3"),
        ("fixed_broadband_affordability", "SP2030-1.2"),
        ("gender_parity_internet", "SP2030-2.2"),
    ] {
        let stem = format!("{indicator}--status-map");
        let file = maps
            .iter()
            .find(|m| m.stem == stem)
            .unwrap_or_else(|| panic!("no {stem}"));
        let Chart::Map(chart) = &file.chart else {
            panic!("{stem} is not a map")
        };
        // Target 1.2 is scored in the developing groups only (its
        // indicator is the cost "in developing countries"); the others
        // include the World, of which every economy is a member.
        let groups = if target == "SP2030-1.2" {
            "DEVELOPING,LDC,LLDC,SIDS"
        } else {
            "WLD"
        };
        let printed = economies_statuses(&[], indicator, target, groups);
        let drawn = drawn_statuses(chart);
        // `rbm economies` lists each member of those groups once; those
        // it lists without a value are drawn as without data, the rest in
        // its status, and every other economy as one the target does not
        // apply to.
        for (code, status) in &drawn {
            if !printed.contains_key(code) {
                assert_eq!(
                    status.as_deref(),
                    Some(map::NOT_APPLICABLE),
                    "{stem} {code}"
                );
            }
        }
        assert!(
            printed.keys().all(|c| drawn.contains_key(c)),
            "{stem}: every member listed is drawn"
        );
        if groups == "WLD" {
            assert_eq!(printed.len(), drawn.len(), "{stem}");
        }
        let without: Vec<&String> = chart
            .spec
            .economies
            .iter()
            .filter(|e| e.value.is_none() && printed.contains_key(&e.iso3))
            .map(|e| &e.iso3)
            .collect();
        for (code, status) in &printed {
            match drawn[code].as_deref() {
                Some(s) => assert_eq!(s, status, "{stem} {code}"),
                None => {
                    assert_eq!(status, "insufficient_data", "{stem} {code}");
                    assert!(without.contains(&code), "{stem} {code}");
                }
            }
        }
        assert_eq!(chart.spec.counts.no_data, without.len(), "{stem}");
        assert!(
            chart.spec.counts.no_data > 0,
            "{stem}: some economy has no data"
        );
    }
}
