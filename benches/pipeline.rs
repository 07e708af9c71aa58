//! Benchmarks of the pipeline on the real data: ingest of every ITU DataHub
//! export in `datasets/sources/` (the six `datasets/build.sh` reads),
//! loading the embedded datasets (parsing the CSV, and from the store's
//! cache), progress by every method over every
//! indicator and group, every chart as SVG and PNG, the maps (geometry,
//! spec, SVG, PNG), and the whole report (the binary, end to end).
//!
//! Run with `cargo bench --bench pipeline`; the figures are in the README.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

use rbm::aggregate::{Aggregator, SeriesIndex};
use rbm::classify::group;
use rbm::ingest::{self, Ingest, store};
use rbm::plot::{self, ChartInputs};
use rbm::progress::{self, Method};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn datahub_files() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = root().join("datasets/sources/itu-datahub");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("datasets/sources/itu-datahub")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("read");
            (p, b)
        })
        .collect()
}

fn classification() -> rbm::classify::Classification {
    let d = root().join("datasets");
    let r = |n: &str| std::fs::read(d.join(n)).expect("datasets file");
    store::parse_classification(
        &d,
        &r(store::files::CLASSIFICATION),
        &r(store::files::WEIGHTS),
        &r(store::files::ALIASES),
        &r(store::files::CLASSIFICATION_NOTES),
    )
    .expect("classification")
}

fn benches(c: &mut Criterion) {
    let class = classification();
    let files = datahub_files();
    c.bench_function("ingest every ITU DataHub file", |b| {
        b.iter(|| {
            let mut ing = Ingest::new(&class, None);
            for (path, bytes) in &files {
                let format = ingest::detect(path, bytes).expect("format");
                let parsed = ingest::parse(format, path, bytes).expect("parse");
                ing.add(path, format, parsed, Some("2025-12"));
            }
            let (table, _) = ing.finish();
            store::render_observations(&table).expect("renders").len()
        })
    });

    let obs_path = root().join("datasets").join(store::files::OBSERVATIONS);
    let obs = std::fs::read(&obs_path).expect("observations");
    c.bench_function("load the embedded observations", |b| {
        b.iter(|| {
            store::parse_observations(&obs_path, &obs)
                .expect("parse")
                .len()
        })
    });

    let table = store::parse_observations(&obs_path, &obs).expect("parse");
    let key = rbm::ingest::cache::Key {
        bytes: obs.len() as u64,
        rows: table.len() as u64,
        sha256: rbm::ingest::manifest::sha256_hex(&obs),
        len: obs.len() as u64,
        modified: (0, 0),
    };
    let cached = rbm::ingest::cache::encode(&table, &key);
    c.bench_function("load the embedded observations from the cache", |b| {
        b.iter(|| {
            rbm::ingest::cache::decode(&cached, &key)
                .expect("decodes")
                .len()
        })
    });
    let registry = rbm::indicator::load_dir(
        &root().join("indicators"),
        &root().join("indicators").join("framework"),
    )
    .expect("indicators");
    let groups = group::computed();
    c.bench_function("progress, all methods, every indicator and group", |b| {
        b.iter(|| {
            let index = SeriesIndex::new(&table);
            let agg = Aggregator::new(&index, &class);
            let mut n = 0;
            for ind in &registry.indicators {
                let (rows, _) =
                    progress::indicator_rows(ind, &agg, &groups, &Method::ALL, Some(2025))
                        .expect("evaluate");
                n += rows.len();
            }
            n
        })
    });

    let index = SeriesIndex::new(&table);
    let agg = Aggregator::new(&index, &class);
    let mut rows = Vec::new();
    let mut data = std::collections::BTreeMap::new();
    for ind in &registry.indicators {
        let (r, d) = progress::indicator_rows(ind, &agg, &groups, &[Method::CagrRatio], Some(2025))
            .expect("evaluate");
        rows.extend(r);
        data.insert(ind.id.clone(), d);
    }
    let indicators: Vec<&rbm::indicator::Indicator> = registry.indicators.iter().collect();
    let (charts, _) = plot::charts(&ChartInputs {
        indicators: &indicators,
        data: &data,
        rows: &rows,
        method: Method::CagrRatio,
        groups: &groups,
        as_of: 2025,
    });
    let mut g = c.benchmark_group("charts");
    g.sample_size(10);
    g.bench_function("every chart as SVG", |b| {
        b.iter(|| {
            charts
                .iter()
                .map(|f| plot::render_svg(f, 1200, 675, true).len())
                .sum::<usize>()
        })
    });
    g.bench_function("every chart as PNG (one thread)", |b| {
        b.iter(|| {
            charts
                .iter()
                .map(|f| plot::render_png(f, 1200, 675).len())
                .sum::<usize>()
        })
    });
    g.finish();

    // Maps: the households map (about 230 economies) on the bundled 1:110m
    // geometry.
    let mut g = c.benchmark_group("maps");
    g.sample_size(20);
    g.bench_function("read and project the world geometry", |b| {
        b.iter(|| {
            plot::geo::Atlas::from_sources(&plot::geo::Sources::world())
                .expect("the bundled map")
                .shapes
                .len()
        })
    });
    let atlas = plot::geo::world().expect("the bundled map");
    let households = registry
        .indicators
        .iter()
        .find(|i| i.id == "households_internet")
        .expect("households_internet");
    let economies = agg.economy_series(households.series.as_ref().expect("a series"));
    g.bench_function("households map spec", |b| {
        b.iter(|| {
            plot::map::value_map(households, &economies, &class, atlas.clone(), 2025)
                .expect("a map")
                .spec
                .economies
                .len()
        })
    });
    let map = plot::ChartFile {
        stem: "map".to_string(),
        title: "map".to_string(),
        chart: plot::Chart::Map(Box::new(
            plot::map::value_map(households, &economies, &class, atlas.clone(), 2025)
                .expect("a map"),
        )),
    };
    g.bench_function("households map as SVG", |b| {
        b.iter(|| plot::render_svg(&map, 1200, 675, true).len())
    });
    g.bench_function("households map as PNG", |b| {
        b.iter(|| plot::render_png(&map, 1200, 675).len())
    });
    g.finish();

    let bin = env!("CARGO_BIN_EXE_rbm");
    let out = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        let status = Command::new(bin)
            .args(args)
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run rbm");
        assert!(status.success());
    };
    let o = out.path().to_str().expect("utf-8").to_string();
    let mut g = c.benchmark_group("end to end (the binary)");
    g.sample_size(10);
    // Once, so that the store's cache is there, as it is after an ingest.
    run(&["indicators"]);
    g.bench_function("rbm indicators (start-up)", |b| {
        b.iter(|| run(&["indicators"]))
    });
    g.bench_function("rbm progress --method all", |b| {
        b.iter(|| run(&["progress", "--method", "all", "--format", "csv"]))
    });
    g.bench_function("rbm gaps", |b| b.iter(|| run(&["gaps"])));
    g.bench_function("rbm plot (SVG and PNG)", |b| {
        b.iter(|| run(&["plot", "--out", &format!("{o}/charts")]))
    });
    g.bench_function("rbm report", |b| b.iter(|| run(&["report", "--out", &o])));
    g.finish();
    let _ = Path::new(&o);
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
