//! How cost grows with data: a seeded generator writes synthetic ITU DataHub
//! exports of 10⁴ … 10⁷ observations, and the real `rbm` binary ingests
//! them (writing the store and its cache), computes group values (`rbm
//! series`) and assesses progress by every method (`rbm progress --method
//! all`), both reading the cache; then `rbm series` again without the
//! cache (`RBM_NO_CACHE=1`), parsing the CSV. Wall time and peak memory
//! (maximum resident set size, from GNU time) are printed as a Markdown
//! table for the README.
//!
//! Run: `cargo bench --bench scale` (10⁴–10⁶), or
//! `RBM_SCALE=10000,100000,1000000,10000000 cargo bench --bench scale`.
//! With `RBM_SCALE_KEEP=1` the working folders (data, indicators and
//! `datasets/`) are kept and named, to profile a stage by hand.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// xorshift64*: small, seeded, good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2024;

/// Write a DataHub-format CSV with about `n` observations, spread over as
/// many series as it takes (each series: every economy, 2000–2024, with
/// gaps), and return the series codes.
fn generate(path: &Path, n: usize, economies: &[String], seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let per_series = economies.len() * YEARS.count();
    let series = n.div_ceil(per_series).max(1);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    out.write_all("\u{feff}\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\",\"entityIso\",\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\",\"dataSource\",\"seriesDescription\"\n".as_bytes()).expect("write");
    let mut written = 0usize;
    let mut codes = Vec::new();
    'outer: for s in 0..series {
        let code = format!("syn{s:05}");
        codes.push(code.clone());
        for (e, iso) in economies.iter().enumerate() {
            // A logistic path from a low start, like Internet use.
            let start = rng.unit() * 30.0;
            let speed = 0.1 + rng.unit() * 0.3;
            for year in YEARS {
                if written >= n {
                    break 'outer;
                }
                let t = f64::from(year - 2000);
                let v = 100.0 / (1.0 + ((100.0 / (start + 1.0)) - 1.0) * (-speed * t).exp());
                let estimate = rng.unit() < 0.3;
                let mut line = String::with_capacity(200);
                let _ = writeln!(
                    line,
                    "{},\"{code}\",\"Synthetic series {s}\",,\"%\",{e},\"{iso}\",\"{iso}\",\"{:.4}\",{year},\"\",\"{}\",\"Synthetic\"",
                    1000 + s,
                    v,
                    if estimate {
                        "ITU estimate."
                    } else {
                        "National statistical office"
                    }
                );
                out.write_all(line.as_bytes()).expect("write");
                written += 1;
            }
        }
    }
    out.flush().expect("flush");
    codes
}

/// Five indicators on the first series, one per aggregation rule.
fn indicators(dir: &Path, code: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for (id, agg) in [
        (
            "syn_households",
            "method = \"weighted_mean\"\nweight = \"households\"",
        ),
        (
            "syn_people",
            "method = \"weighted_mean\"\nweight = \"population\"",
        ),
        ("syn_median", "method = \"median\""),
        (
            "syn_economies",
            "method = \"weighted_mean\"\nweight = \"economies\"",
        ),
        ("syn_sum", "method = \"sum\""),
    ] {
        let text = format!(
            "id = \"{id}\"\nname = \"Synthetic {id}\"\ndefinition = \"A synthetic series for benchmarks.\"\nunit = \"percent\"\ndirection = \"increase\"\ngoal = 1\n\n[baseline]\nyear = 2015\n\n[series]\ncode = \"{code}\"\n\n[aggregation]\n{agg}\n\n[[target]]\nid = \"SP2030-1.3\"\nkind = \"level\"\nvalue = 100\nyear = 2030\ngroups = [\"all\"]\nbasis = \"derived\"\nsource = \"benchmark\"\n"
        );
        std::fs::write(dir.join(format!("{id}.toml")), text).expect("write");
    }
}

/// Copy a folder of files.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

/// Run the binary under GNU time: (seconds, peak MiB).
fn measure(bin: &str, args: &[&str], cwd: &Path) -> (f64, f64) {
    measure_env(bin, args, cwd, &[])
}

/// [`measure`] with environment variables.
fn measure_env(bin: &str, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> (f64, f64) {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("RBM_PEAK_KB=%M")
        .arg(bin)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("GNU time (Debian package `time`) is needed for peak memory");
    let secs = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "rbm {args:?} failed:\n{err}");
    let kb: f64 = err
        .lines()
        .find_map(|l| l.strip_prefix("RBM_PEAK_KB="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    (secs, kb / 1024.0)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_rbm");
    let sizes: Vec<usize> = std::env::var("RBM_SCALE")
        .unwrap_or_else(|_| "10000,100000,1000000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    // Economies from the embedded classification.
    let class =
        std::fs::read_to_string(root.join("datasets/classification.csv")).expect("classification");
    let economies: Vec<String> = class
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(String::from))
        .collect();
    let mut table = String::from(
        "| observations | ingest (s) | ingest peak (MiB) | `rbm series` (s) | peak (MiB) | `rbm progress --method all` (s) | peak (MiB) | `rbm series` without the cache (s) | peak (MiB) | input CSV (MB) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for n in sizes {
        let work = tempfile::tempdir().expect("tempdir");
        let w = work.path();
        let data = w.join("datasets");
        std::fs::create_dir_all(&data).expect("mkdir");
        for f in [
            "classification.csv",
            "weights.csv",
            "aliases.csv",
            "classification_notes.txt",
            // Its entries for the four files above vouch for them.
            "manifest.csv",
        ] {
            std::fs::copy(root.join("datasets").join(f), data.join(f)).expect("copy");
        }
        let csv = w.join("synthetic.csv");
        let codes = generate(&csv, n, &economies, 42);
        indicators(&w.join("indicators"), &codes[0]);
        // The plan the synthetic indicators' target belongs to.
        copy_dir(
            &root.join("indicators/framework"),
            &w.join("indicators/framework"),
        );
        let mb = std::fs::metadata(&csv)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0);
        let (ti, mi) = measure(bin, &["ingest", "--vintage", "2025-12", "synthetic.csv"], w);
        // The ingest wrote the store's cache: every command after it reads
        // that. Then the same without it, parsing the CSV (as every command
        // did before the cache, and as the first one after a change made
        // by hand does).
        let (ts, ms) = measure(bin, &["series", "--format", "csv"], w);
        let (tp, mp) = measure(bin, &["progress", "--method", "all", "--format", "csv"], w);
        let (tc, mc) = measure_env(
            bin,
            &["series", "--format", "csv"],
            w,
            &[("RBM_NO_CACHE", "1")],
        );
        let _ = writeln!(
            table,
            "| {n} | {ti:.2} | {mi:.0} | {ts:.2} | {ms:.0} | {tp:.2} | {mp:.0} | {tc:.2} | {mc:.0} | {mb:.0} |"
        );
        if std::env::var_os("RBM_SCALE_KEEP").is_some() {
            // For profiling a stage by hand: `perf record rbm series` there.
            eprintln!("{n} observations done; kept in {}", w.display());
            let _ = work.keep();
        } else {
            eprintln!("{n} observations done");
        }
    }
    println!("{table}");
}
