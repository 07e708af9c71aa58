//! The store's cache of its parsed observations (issue 17): written by the
//! first command that parses `observations.csv` and by every ingest, used
//! by the commands after, and never trusted blindly: a cache that is
//! missing, damaged or written for another state of the store is rebuilt
//! from the CSV, never an error, and every output is the one the CSV gives
//! (`RBM_NO_CACHE=1`: the CSV parsed, no cache written).

use std::path::{Path, PathBuf};
use std::process::Output;

use rbm::ingest::store::files;

use crate::common::{code, root, stderr, stdout};

/// A copy of the embedded store's files in a temporary project folder.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn embedded() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("datasets");
        std::fs::create_dir_all(&data).expect("datasets folder");
        for name in files::STORE.iter().chain([&files::MANIFEST]) {
            std::fs::copy(root().join("datasets").join(name), data.join(name))
                .expect("copy a store file");
        }
        Project { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("datasets")
    }

    fn cache(&self) -> PathBuf {
        self.data().join(".rbm-cache").join("observations.bin")
    }

    /// rbm in the project, with the cache's trace on stderr.
    fn rbm(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let indicators = root().join("indicators");
        let mut cmd = std::process::Command::new(crate::common::rbm_bin());
        cmd.arg("--indicators")
            .arg(&indicators)
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("RBM_TRACE_CACHE", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run rbm")
    }

    /// `rbm series` (every group value, so every observation counts):
    /// its output, and what became of the cache.
    fn series(&self) -> (String, Vec<String>) {
        let out = self.rbm(&["series", "--format", "csv"], &[]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        (stdout(&out), trace(&out))
    }

    /// The same from the CSV, without the cache.
    fn series_from_csv(&self) -> String {
        let out = self.rbm(&["series", "--format", "csv"], &[("RBM_NO_CACHE", "1")]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(trace(&out).is_empty(), "{}", stderr(&out));
        stdout(&out)
    }
}

/// The cache's trace lines, without their prefix.
fn trace(out: &Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter_map(|l| l.strip_prefix("rbm cache: "))
        .map(String::from)
        .collect()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

#[test]
fn the_first_command_writes_the_cache_and_the_next_ones_read_it_with_the_same_output() {
    let p = Project::embedded();
    let expected = p.series_from_csv();
    assert!(!p.cache().exists(), "RBM_NO_CACHE wrote a cache");
    let (first, t) = p.series();
    assert_eq!(t, ["missing", "written"]);
    let (second, t) = p.series();
    assert_eq!(t, ["used"]);
    assert_eq!(first, expected);
    assert_eq!(second, expected);
    // Every other command reads through the same path.
    for args in [
        &["progress", "--method", "all", "--format", "csv"][..],
        &["indicators"],
    ] {
        let cached = p.rbm(args, &[]);
        let parsed = p.rbm(args, &[("RBM_NO_CACHE", "1")]);
        assert_eq!(trace(&cached), ["used"], "{args:?}");
        assert_eq!(stdout(&cached), stdout(&parsed), "{args:?}");
    }
}

#[test]
fn a_damaged_cache_is_rebuilt_from_the_csv_not_an_error() {
    let p = Project::embedded();
    let expected = p.series_from_csv();
    p.series();
    let good = read(&p.cache());
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    for (damage, why) in [
        (flipped, "damaged"),
        (good[..good.len() / 3].to_vec(), "damaged"),
        (b"not a cache at all".to_vec(), "not a cache"),
        (Vec::new(), "not a cache"),
    ] {
        std::fs::write(p.cache(), &damage).expect("damage the cache");
        let (out, t) = p.series();
        assert_eq!(t, [why, "written"]);
        assert_eq!(out, expected);
        assert_eq!(read(&p.cache()), good, "the rebuilt cache");
    }
    // A cache folder that is a file: the CSV is read, nothing is written.
    std::fs::remove_dir_all(p.data().join(".rbm-cache")).expect("remove");
    std::fs::write(p.data().join(".rbm-cache"), "in the way").expect("write");
    let (out, t) = p.series();
    assert_eq!(t, ["missing"]);
    assert_eq!(out, expected);
}

#[test]
fn an_ingest_writes_the_cache_a_parse_of_its_csv_would() {
    let p = Project::embedded();
    p.series();
    let before = read(&p.cache());
    let cited = p.dir.path().join("cited.csv");
    std::fs::write(
        &cited,
        "series,geo,year,value,unit,source\ntest.made_up,FRA,2020,5,percent,Made up for a test\n",
    )
    .expect("write");
    let out = p.rbm(&["ingest", "--append", cited.to_str().expect("utf-8")], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The old cache was used to carry the observations forward (their
    // sha256 checked), and the new one written after the commit.
    assert_eq!(trace(&out), ["used", "written"]);
    let by_ingest = read(&p.cache());
    assert_ne!(by_ingest, before);
    let (out, t) = p.series();
    assert_eq!(t, ["used"]);
    assert_eq!(out, p.series_from_csv());
    // Byte for byte the cache a command writes after parsing the CSV.
    std::fs::remove_file(p.cache()).expect("remove");
    assert_eq!(p.series().1, ["missing", "written"]);
    assert_eq!(read(&p.cache()), by_ingest);

    // The cache of before the ingest is stale now.
    std::fs::write(p.cache(), &before).expect("put back");
    let (out, t) = p.series();
    assert_eq!(t, ["stale", "written"]);
    assert_eq!(out, p.series_from_csv());
}

#[test]
fn an_edit_that_keeps_size_and_rows_is_read_from_the_csv_and_not_cached() {
    let p = Project::embedded();
    p.series();
    let obs = p.data().join(files::OBSERVATIONS);
    let text = std::fs::read_to_string(&obs).expect("read");
    let line = text.lines().nth(1).expect("a row").to_string();
    assert!(
        line.starts_with("ddd.fixed_broadband_256k_2m,AFG,2015,6553,"),
        "{line}"
    );
    let edited = line.replacen(",6553,", ",6554,", 1);
    std::fs::write(&obs, text.replacen(&line, &edited, 1)).expect("edit");
    // As without a cache: the commands that check only sizes and rows use
    // the edited value (`rbm check` finds the edit by its sha256); the
    // cache is not used, and none is written for bytes the manifest does
    // not describe.
    let out = p.rbm(&["series", "--format", "csv"], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(trace(&out), ["stale"]);
    assert_eq!(stdout(&out), p.series_from_csv());
    assert_eq!(p.series().1, ["stale"]);
}

#[test]
fn rbm_indicators_reads_only_the_catalog_and_refuses_what_the_others_refuse() {
    // `rbm indicators` decodes the catalog of series alone from the cache:
    // a cache the table's decoder refuses, it refuses for the same reason,
    // parses the CSV and writes the cache again, with the output the CSV
    // gives.
    let p = Project::embedded();
    let expected = {
        let out = p.rbm(&["indicators"], &[("RBM_NO_CACHE", "1")]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let indicators = || {
        let out = p.rbm(&["indicators"], &[]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        (stdout(&out), trace(&out))
    };
    assert_eq!(
        indicators(),
        (expected.clone(), vec!["missing".into(), "written".into()])
    );
    assert_eq!(indicators(), (expected.clone(), vec!["used".into()]));
    let good = read(&p.cache());
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    let mut stale = good.clone();
    // The key's file modification time (nanoseconds), after the magic,
    // version, sizes, rows, sha256, length and seconds.
    stale[8 + 4 + 8 + 8 + 64 + 8 + 8] ^= 1;
    for (damage, why) in [
        (flipped, "damaged"),
        (good[..good.len() - 1].to_vec(), "damaged"),
        (stale, "stale"),
        (b"not a cache at all".to_vec(), "not a cache"),
    ] {
        std::fs::write(p.cache(), &damage).expect("damage the cache");
        // Without the catalog's own cache, which the second run wrote
        // (and which a catalog read from the CSV does not write).
        let _ = std::fs::remove_file(p.data().join(".rbm-cache").join("catalog.bin"));
        assert_eq!(
            indicators(),
            (expected.clone(), vec![why.into(), "written".into()])
        );
        assert_eq!(read(&p.cache()), good, "the rebuilt cache");
    }
}

/// The classification cache's trace lines, without their prefix.
fn class_trace(out: &Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter_map(|l| l.strip_prefix("rbm classification cache: "))
        .map(String::from)
        .collect()
}

#[test]
fn the_classification_is_cached_too_and_never_trusted_blindly() {
    // Written by the first command that parses the classification's four
    // files, used by the next ones; a cache that is damaged, of another
    // version or for another state of the files is rebuilt from them,
    // never an error, and the output is always the one the files give.
    let p = Project::embedded();
    let cache = p.data().join(".rbm-cache").join("classification.bin");
    let progress = |env: &[(&str, &str)]| {
        let out = p.rbm(&["progress", "--method", "all", "--format", "csv"], env);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        (stdout(&out), class_trace(&out))
    };
    let (expected, t) = progress(&[("RBM_NO_CACHE", "1")]);
    assert!(t.is_empty(), "{t:?}");
    assert!(!cache.exists(), "RBM_NO_CACHE wrote a cache");
    let ours = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        progress(&[]),
        (expected.clone(), ours(&["missing", "written"]))
    );
    assert_eq!(progress(&[]), (expected.clone(), ours(&["used"])));
    let good = read(&cache);
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    let mut version = good.clone();
    version[8] ^= 1;
    let mut stale = good.clone();
    // The first key's file modification time (nanoseconds), after the
    // magic, version, sizes, rows, sha256, length and seconds.
    stale[8 + 4 + 8 + 8 + 64 + 8 + 8] ^= 1;
    for (damage, why) in [
        (flipped, "damaged"),
        (good[..good.len() - 1].to_vec(), "damaged"),
        (version, "another version"),
        (stale, "stale"),
        (read(&p.cache()), "not a cache"),
        (Vec::new(), "not a cache"),
    ] {
        std::fs::write(&cache, &damage).expect("damage the cache");
        assert_eq!(progress(&[]), (expected.clone(), ours(&[why, "written"])));
        assert_eq!(read(&cache), good, "the rebuilt cache");
    }

    // An edit that keeps the file's size and rows (Afghanistan no longer
    // least developed) is read from the CSV, as without a cache, and no
    // cache is written for bytes the manifest does not describe.
    let path = p.data().join(files::CLASSIFICATION);
    let text = std::fs::read_to_string(&path).expect("read");
    let afg = "AFG,Afghanistan,004,ITU_ASP,developing,1,1,0,,2025";
    assert!(text.contains(afg), "{text}");
    let edited = text.replacen(afg, "AFG,Afghanistan,004,ITU_ASP,developing,0,1,0,,2025", 1);
    std::fs::write(&path, edited).expect("edit");
    let (from_csv, _) = progress(&[("RBM_NO_CACHE", "1")]);
    assert_ne!(from_csv, expected, "the edit changes the LDC rows");
    assert_eq!(progress(&[]), (from_csv.clone(), ours(&["stale"])));
    assert_eq!(progress(&[]), (from_csv, ours(&["stale"])));
    assert_eq!(read(&cache), good);
}

/// The catalog cache's trace lines, without their prefix.
fn catalog_trace(out: &Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter_map(|l| l.strip_prefix("rbm catalog cache: "))
        .map(String::from)
        .collect()
}

#[test]
fn rbm_indicators_keeps_the_catalog_it_read_from_the_cache_and_never_trusts_it_blindly() {
    // The catalog the observations' cache gives is kept in a cache of its
    // own, which the next `rbm indicators` reads; one that is damaged, of
    // another version or for another state of the store is read from the
    // observations again and rewritten, never an error, and the output is
    // always the one the CSV gives.
    let p = Project::embedded();
    let cache = p.data().join(".rbm-cache").join("catalog.bin");
    let indicators = |env: &[(&str, &str)]| {
        let out = p.rbm(&["indicators"], env);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        (stdout(&out), catalog_trace(&out), trace(&out))
    };
    let (expected, t, _) = indicators(&[("RBM_NO_CACHE", "1")]);
    assert!(t.is_empty(), "{t:?}");
    let ours = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // The first run parses the CSV: its catalog is not kept.
    assert_eq!(
        indicators(&[]),
        (
            expected.clone(),
            ours(&["missing"]),
            ours(&["missing", "written"])
        )
    );
    assert!(!cache.exists());
    assert_eq!(
        indicators(&[]),
        (
            expected.clone(),
            ours(&["missing", "written"]),
            ours(&["used"])
        )
    );
    assert_eq!(
        indicators(&[]),
        (expected.clone(), ours(&["used"]), ours(&[]))
    );
    let good = read(&cache);
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let mut version = good.clone();
    version[8] ^= 1;
    let mut stale = good.clone();
    // The key's file modification time (nanoseconds), after the magic,
    // version, sizes, rows, sha256, length and seconds.
    stale[8 + 4 + 8 + 8 + 64 + 8 + 8] ^= 1;
    for (damage, why) in [
        (flipped, "damaged"),
        (good[..good.len() - 1].to_vec(), "damaged"),
        (version, "another version"),
        (stale, "stale"),
        (read(&p.cache()), "not a cache"),
    ] {
        std::fs::write(&cache, &damage).expect("damage the cache");
        assert_eq!(
            indicators(&[]),
            (expected.clone(), ours(&[why, "written"]), ours(&["used"]))
        );
        assert_eq!(read(&cache), good, "the rebuilt cache");
    }
    // Observations ingested since: the catalog of before is stale, and
    // the new one lists the new series.
    let cited = p.dir.path().join("cited.csv");
    std::fs::write(
        &cited,
        "series,geo,year,value,unit,source\ntest.made_up,FRA,2020,5,percent,Made up for a test\n",
    )
    .expect("write");
    let out = p.rbm(&["ingest", "--append", cited.to_str().expect("utf-8")], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (after, t, _) = indicators(&[]);
    assert_eq!(t, ours(&["stale", "written"]));
    assert_eq!(after, indicators(&[("RBM_NO_CACHE", "1")]).0);
    assert_ne!(read(&cache), good);
}
