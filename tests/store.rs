//! The store defends itself (issue 12): every file of a datasets folder is
//! checked against its manifest and its own rules when it is loaded, so
//! that a damaged store is refused (exit 2, naming the file that differs)
//! rather than used, and `rbm check` lists every problem of every file
//! (exit 1). A damaged `inputs.csv` stops `--append` instead of resetting
//! the record of what was ingested.
//!
//! Each case of the probe is reproduced on a copy of the embedded
//! datasets; the corpus of damaged store files in
//! `tests/fixtures/bad/store/` is tried on a copy of the tiny fixture.

use std::path::{Path, PathBuf};
use std::process::Output;

use rbm::ingest::store::files;

use crate::common::{code, fixture, rbm_in, root, snapshot, stderr, stdout, unwrapped};

/// A project in a temporary folder: `datasets/` holds a copy of a store's
/// files and manifest, and the definitions are read from where they are.
struct Project {
    dir: tempfile::TempDir,
    indicators: PathBuf,
}

impl Project {
    fn copy(store: &Path, indicators: PathBuf) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("datasets");
        std::fs::create_dir_all(&data).expect("datasets folder");
        for name in files::STORE.iter().chain([&files::MANIFEST]) {
            std::fs::copy(store.join(name), data.join(name)).expect("copy a store file");
        }
        Project { dir, indicators }
    }

    /// The embedded datasets and definitions.
    fn embedded() -> Self {
        Project::copy(&root().join("datasets"), root().join("indicators"))
    }

    /// The tiny fixture.
    fn tiny() -> Self {
        Project::copy(&fixture("tiny/datasets"), fixture("tiny/indicators"))
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("datasets")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.data().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).expect("read a store file")
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.file(name), bytes).expect("write a store file");
    }

    /// Keep the first `lines` lines of a store file (a cut at a line
    /// boundary).
    fn cut(&self, name: &str, lines: usize) {
        let text = self.read(name);
        let kept: String = text.split_inclusive('\n').take(lines).collect();
        self.write(name, kept);
    }

    /// rbm in the project folder, so that messages name `datasets/…`.
    fn rbm(&self, args: &[&str]) -> Output {
        let mut all = vec!["--indicators", self.indicators.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        rbm_in(self.dir.path(), &all)
    }

    /// `rbm progress`: refused with exit 2 and this one error line.
    fn assert_refused(&self, expected: &str) {
        let out = self.rbm(&["progress"]);
        assert_eq!(code(&out), 2, "{}", stdout(&out));
        assert_eq!(stderr(&out), format!("error: {expected}\n"));
        assert!(stdout(&out).is_empty());
    }

    /// `rbm check`: exit 1, with these error findings about the datasets
    /// (one line each, unwrapped) and nothing measurable.
    fn assert_check_finds(&self, expected: &[&str]) {
        let out = self.rbm(&["check"]);
        let text = stdout(&out);
        assert_eq!(code(&out), 1, "{text}");
        let found: Vec<String> = unwrapped(&text)
            .into_iter()
            .filter(|l| l.starts_with("datasets/") && l.contains("error [datasets]"))
            .collect();
        assert_eq!(found, expected, "{text}");
        assert!(
            text.contains(&format!(
                "datasets 'datasets': {} problem(s); nothing that fails a check is used",
                expected.len()
            )),
            "{text}"
        );
        // (The summary line wraps with a two-space indent.)
        assert!(
            text.replace("\n  ", " ")
                .contains(" 0 measurable with the datasets"),
            "{text}"
        );
    }
}

/// What `rbm` says about a store that no longer matches its manifest.
const REBUILD: &str = "the store was changed after rbm wrote it (cut short, edited by hand or copied in part); rebuild it with `bash datasets/build.sh` or `rbm ingest`";

// ───────────────────────── The embedded store ─────────────────────────

#[test]
fn the_embedded_store_matches_its_manifest() {
    let out = crate::common::rbm(&["check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out)
            .contains("datasets 'datasets': 6 files match their manifest (rows, size, sha256)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn observations_cut_at_a_line_boundary_are_refused() {
    // Issue 12: 40,000 of the 71,735 rows (80,708 since the broadband
    // subscription series), and `rbm progress` exited 0
    // with other statuses. 40,001 lines are the header and 40,000 rows.
    let p = Project::embedded();
    p.cut(files::OBSERVATIONS, 40_001);
    let msg = format!(
        "datasets/observations.csv: the file has 40000 rows, the manifest (manifest.csv) records 80708: {REBUILD}"
    );
    p.assert_refused(&format!("could not load the datasets in 'datasets': {msg}"));
    p.assert_check_finds(&[&format!(
        "datasets/observations.csv: error [datasets]: the file has 40000 rows, the manifest (manifest.csv) records 80708: {REBUILD}"
    )]);
}

#[test]
fn weights_cut_at_a_line_boundary_are_refused() {
    // 8,856 rows in the manifest; the header and 3,999 rows kept.
    let p = Project::embedded();
    p.cut(files::WEIGHTS, 4_000);
    p.assert_refused(&format!(
        "could not load the classification in 'datasets': datasets/weights.csv: the file has 3999 rows, the manifest (manifest.csv) records 8856: {REBUILD}"
    ));
}

/// Replace line 2 of `weights.csv` (Aruba, 1990) through `edit`.
fn edit_first_weight(p: &Project, edit: impl FnOnce(&mut Vec<String>)) {
    let text = p.read(files::WEIGHTS);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    assert!(lines[1].starts_with("ABW,1990,"), "{}", lines[1]);
    edit(&mut lines);
    p.write(files::WEIGHTS, lines.join("\n") + "\n");
}

#[test]
fn a_negative_population_is_refused_with_its_line_and_field() {
    let p = Project::embedded();
    edit_first_weight(&p, |lines| {
        let mut cells: Vec<&str> = lines[1].split(',').collect();
        cells[2] = "-1400000000";
        lines[1] = cells.join(",");
    });
    p.assert_refused(
        "could not load the classification in 'datasets': datasets/weights.csv:2: field `population`: `-1400000000` is not a population (a number above 0)",
    );
    p.assert_check_finds(&[
        "datasets/weights.csv:2: field `population`: error [datasets]: `-1400000000` is not a population (a number above 0)",
    ]);
}

#[test]
fn a_weight_listed_twice_is_refused() {
    let p = Project::embedded();
    edit_first_weight(&p, |lines| {
        let again = lines[1].clone();
        lines.insert(2, again);
    });
    p.assert_refused(
        "could not load the classification in 'datasets': datasets/weights.csv:3: field `iso3`: the weights of ABW in 1990 are listed twice",
    );
}

#[test]
fn households_that_are_not_a_number_are_refused() {
    let p = Project::embedded();
    let mut expected = String::new();
    edit_first_weight(&p, |lines| {
        let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
        // population ÷ household size, as the file has them.
        let pop: f64 = cells[2].parse().expect("population");
        let size: f64 = cells[4].parse().expect("household size");
        expected = format!("{:.0}", pop / size);
        cells[6] = "xx".to_string();
        lines[1] = cells.join(",");
    });
    p.assert_refused(&format!(
        "could not load the classification in 'datasets': datasets/weights.csv:2: field `households`: `xx` is not the households that population and household size give (about {expected})"
    ));
}

#[test]
fn a_garbage_line_in_aliases_is_refused() {
    let p = Project::embedded();
    let text = p.read(files::ALIASES);
    assert_eq!(text.lines().count(), 5, "{text}");
    p.write(files::ALIASES, format!("{text}garbage\n"));
    p.assert_refused(
        "could not load the classification in 'datasets': datasets/aliases.csv:6: the row has 1 fields, the header 2",
    );
}

#[test]
fn observations_with_only_their_header_fail_check() {
    // Issue 12: `rbm check` said "0 error(s)".
    let p = Project::embedded();
    p.cut(files::OBSERVATIONS, 1);
    p.assert_check_finds(&[
        &format!(
            "datasets/observations.csv: error [datasets]: the file has 0 rows, the manifest (manifest.csv) records 80708: {REBUILD}"
        ),
        "datasets/observations.csv: error [datasets]: the store holds no observations: nothing can be measured; rebuild it with `bash datasets/build.sh` or `rbm ingest`",
    ]);
    p.assert_refused(&format!(
        "could not load the datasets in 'datasets': datasets/observations.csv: the file has 0 rows, the manifest (manifest.csv) records 80708: {REBUILD}"
    ));
}

#[test]
fn observations_that_are_not_there_fail_check() {
    let p = Project::embedded();
    std::fs::remove_file(p.file(files::OBSERVATIONS)).expect("remove");
    let missing = "the file is missing from the store (its manifest lists it); rebuild the store with `bash datasets/build.sh` or `rbm ingest`";
    p.assert_check_finds(&[&format!(
        "datasets/observations.csv: error [datasets]: {missing}"
    )]);
    p.assert_refused(&format!(
        "could not load the datasets in 'datasets': datasets/observations.csv: {missing}"
    ));
}

#[test]
fn a_store_without_its_manifest_is_refused() {
    let p = Project::embedded();
    std::fs::remove_file(p.file(files::MANIFEST)).expect("remove");
    p.assert_refused(
        "could not load the datasets in 'datasets': datasets/manifest.csv: the store's manifest is missing: without it its files cannot be checked; rebuild the store with `bash datasets/build.sh` or `rbm ingest`",
    );
}

/// Change one digit of a value in `observations.csv`, keeping its size and
/// rows: only the sha256 tells.
fn edit_one_digit(p: &Project) {
    let text = p.read(files::OBSERVATIONS);
    let line = text.lines().nth(1).expect("a row").to_string();
    assert!(
        line.starts_with("ddd.fixed_broadband_256k_2m,AFG,2015,6553,"),
        "{line}"
    );
    let edited = line.replacen(",6553,", ",6554,", 1);
    p.write(files::OBSERVATIONS, text.replacen(&line, &edited, 1));
}

#[test]
fn check_finds_an_edit_that_keeps_size_and_rows_by_its_sha256() {
    let p = Project::embedded();
    edit_one_digit(&p);
    let out = p.rbm(&["check"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let manifest = p.read(files::MANIFEST);
    let recorded = manifest
        .lines()
        .find_map(|l| l.strip_prefix("observations.csv,"))
        .and_then(|l| l.rsplit(',').next())
        .expect("observations in the manifest");
    let line = unwrapped(&stdout(&out))
        .into_iter()
        .find(|l| l.starts_with("datasets/observations.csv:"))
        .unwrap_or_default();
    assert!(
        line.starts_with("datasets/observations.csv: error [datasets]: the file's sha256 is ")
            && line.contains(&format!("the manifest (manifest.csv) records {recorded}")),
        "{line}"
    );
}

#[test]
fn an_append_refuses_to_carry_forward_a_file_that_fails_its_sha256() {
    let p = Project::embedded();
    edit_one_digit(&p);
    let before = snapshot(&p.data());
    let cited = p.dir.path().join("cited.csv");
    std::fs::write(
        &cited,
        "series,geo,year,value,unit,source\ntest.made_up,FRA,2020,5,percent,Made up for a test\n",
    )
    .expect("write");
    let out = p.rbm(&["ingest", "--append", cited.to_str().expect("utf-8")]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with("error: datasets/observations.csv: the file's sha256 is "),
        "{}",
        stderr(&out)
    );
    assert!(snapshot(&p.data()) == before, "the store changed");
}

// ───────────────────────── Provenance ─────────────────────────

/// `rbm ingest --append` of a small tidy file into the project: refused
/// with this error, and the store left as it was.
fn append_is_refused(p: &Project, expected: &str) {
    let before = snapshot(&p.data());
    let cited = p.dir.path().join("cited.csv");
    std::fs::write(
        &cited,
        "series,geo,year,value,unit,source\ntest.made_up,FRA,2020,5,percent,Made up for a test\n",
    )
    .expect("write");
    let out = p.rbm(&["ingest", "--append", cited.to_str().expect("utf-8")]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_eq!(stderr(&out).lines().last(), Some(expected));
    assert!(snapshot(&p.data()) == before, "the store changed");
}

#[test]
fn a_damaged_inputs_list_stops_an_append_with_its_line() {
    // Issue 12: with a damaged inputs.csv, `--append` dropped the record
    // of every earlier input, and a count of `39x4` became 0.
    let p = Project::embedded();
    let text = p.read(files::INPUTS);
    p.write(
        files::INPUTS,
        text.replacen(",3964,3964,0,0", ",39x4,3964,0,0", 1),
    );
    append_is_refused(
        &p,
        "error: datasets/inputs.csv:2: field `read`: `39x4` is not a count of rows: the file is damaged; rebuild the datasets folder with `rbm ingest`",
    );

    let p = Project::embedded();
    let mut bytes = p.read(files::INPUTS).into_bytes();
    // One Latin-1 byte (é) in the middle of line 3.
    let at = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 10)
        .expect("three lines");
    bytes.insert(at, 0xE9);
    p.write(files::INPUTS, &bytes);
    append_is_refused(
        &p,
        &format!(
            "error: datasets/inputs.csv:3: the text is not UTF-8 (byte 0xE9 at offset {at}); it may be Latin-1 or Windows-1252: save it as UTF-8"
        ),
    );

    let p = Project::embedded();
    let text = p.read(files::INPUTS);
    // Cut in the middle of line 11 (the 10th input).
    let start: usize = text.split_inclusive('\n').take(10).map(str::len).sum();
    p.write(files::INPUTS, &text[..start + 20]);
    append_is_refused(
        &p,
        "error: datasets/inputs.csv:11: the last record has 1 of 7 fields and the file does not end with a line break: it looks truncated",
    );
}

// ───────────────────────── The corpus, on the tiny store ─────────────────

/// A copy of the tiny store with one file replaced by a damaged one from
/// `tests/fixtures/bad/store/`.
fn tiny_with(name: &str, damaged: &str) -> Project {
    let p = Project::tiny();
    let bytes = std::fs::read(fixture("bad/store").join(damaged)).expect("a damaged file");
    p.write(name, bytes);
    p
}

#[test]
fn damaged_observations_are_refused_row_by_row() {
    let p = tiny_with(files::OBSERVATIONS, "observations_bad_rows.csv");
    p.assert_check_finds(&[
        "datasets/observations.csv:40: field `value`: error [datasets]: a share in percent must be within 0–100, not 120",
        "datasets/observations.csv:41: field `sex`: error [datasets]: sex `alien` is not F, M or empty (both sexes)",
        "datasets/observations.csv:42: field `vintage`: error [datasets]: vintage `2025-13` is not a release month YYYY-MM (such as 2025-12)",
        "datasets/observations.csv:43: field `unit`: error [datasets]: series xHH6_IDI is in `percent` on the rows before and in `count` here: a series has one unit",
        "datasets/observations.csv:44: field `year`: error [datasets]: year 2031 is outside 1960–2030",
    ]);
    p.assert_refused(
        "could not load the datasets in 'datasets': datasets/observations.csv:40: field `value`: a share in percent must be within 0–100, not 120 (and 4 more problem(s) in the store: `rbm check` lists them)",
    );
}

#[test]
fn damaged_observations_cut_or_emptied_are_refused() {
    // The tiny store has 77 observations; the cut file keeps 29.
    let p = tiny_with(files::OBSERVATIONS, "observations_cut.csv");
    p.assert_refused(&format!(
        "could not load the datasets in 'datasets': datasets/observations.csv: the file has 29 rows, the manifest (manifest.csv) records 77: {REBUILD}"
    ));
    let p = tiny_with(files::OBSERVATIONS, "observations_header_only.csv");
    p.assert_check_finds(&[
        &format!(
            "datasets/observations.csv: error [datasets]: the file has 0 rows, the manifest (manifest.csv) records 77: {REBUILD}"
        ),
        "datasets/observations.csv: error [datasets]: the store holds no observations: nothing can be measured; rebuild it with `bash datasets/build.sh` or `rbm ingest`",
    ]);
}

#[test]
fn a_damaged_classification_is_refused_and_listed() {
    let p = tiny_with(files::CLASSIFICATION, "classification_bad.csv");
    p.assert_check_finds(&[
        "datasets/classification.csv:3: field `itu_region`: error [datasets]: `ITU_MARS` is not an ITU region code",
        "datasets/classification.csv:4: field `m49`: error [datasets]: `25x` is not a UN M49 code of three digits",
        "datasets/classification.csv:6: field `iso3`: error [datasets]: economy BRA is listed twice",
    ]);
    p.assert_refused(
        "could not load the classification in 'datasets': datasets/classification.csv:3: field `itu_region`: `ITU_MARS` is not an ITU region code (and 2 more problem(s) in the store: `rbm check` lists them)",
    );
}

#[test]
fn damaged_weights_are_refused_with_line_and_field() {
    let cases = [
        (
            "weights_negative_population.csv",
            "datasets/weights.csv:2: field `population`: `-1400000000` is not a population (a number above 0)",
        ),
        (
            "weights_duplicate_key.csv",
            "datasets/weights.csv:3: field `iso3`: the weights of BRA in 2010 are listed twice",
        ),
        (
            // 210,000,000 people in households of 3.0000: 70,000,000.
            "weights_households_xx.csv",
            "datasets/weights.csv:2: field `households`: `xx` is not the households that population and household size give (about 70000000)",
        ),
        (
            // The tiny store has 84 weights; the cut file keeps 39.
            "weights_cut.csv",
            &format!(
                "datasets/weights.csv: the file has 39 rows, the manifest (manifest.csv) records 84: {REBUILD}"
            ),
        ),
    ];
    for (damaged, expected) in cases {
        let p = tiny_with(files::WEIGHTS, damaged);
        p.assert_refused(&format!(
            "could not load the classification in 'datasets': {expected}"
        ));
    }
}

#[test]
fn damaged_aliases_are_listed_by_check() {
    let p = tiny_with(files::ALIASES, "aliases_garbage.csv");
    p.assert_check_finds(&[
        "datasets/aliases.csv:3: error [datasets]: the row has 1 fields, the header 2",
        "datasets/aliases.csv:4: field `iso3`: error [datasets]: `XYZ` is not an economy of the classification",
    ]);
}

#[test]
fn a_damaged_inputs_list_is_listed_by_check() {
    let p = tiny_with(files::INPUTS, "inputs_count_7x7.csv");
    p.assert_check_finds(&[
        "datasets/inputs.csv:2: field `read`: error [datasets]: `7x7` is not a count of rows: the file is damaged; rebuild the datasets folder with `rbm ingest`",
    ]);
    let p = tiny_with(files::INPUTS, "inputs_not_adding_up.csv");
    p.assert_check_finds(&[
        "datasets/inputs.csv:2: field `read`: error [datasets]: accepted + rejected + merged (70 + 0 + 0) is not read (77): the file is damaged; rebuild the datasets folder with `rbm ingest`",
    ]);
}

#[test]
fn a_damaged_manifest_is_refused_with_its_line_and_field() {
    let p = tiny_with(files::MANIFEST, "manifest_damaged.csv");
    p.assert_check_finds(&[
        "datasets/manifest.csv:2: field `bytes`: error [datasets]: `1x0` is not a whole number",
    ]);
    p.assert_refused(
        "could not load the datasets in 'datasets': datasets/manifest.csv:2: field `bytes`: `1x0` is not a whole number",
    );
}

// ───────────────────────── Leftovers ─────────────────────────

#[test]
fn rejects_given_a_folder_is_refused_and_leaves_no_temporary_file() {
    // Issue 12: `--rejects DIR` left `.DIR.rbm-tmp` behind.
    let p = Project::tiny();
    let folder = p.dir.path().join("rejected");
    std::fs::create_dir_all(&folder).expect("folder");
    let input = fixture("bad/datahub_no_bom.csv");
    let out = p.rbm(&[
        "ingest",
        "--dry-run",
        "--force",
        "--rejects",
        "rejected",
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_eq!(
        stderr(&out).lines().last(),
        Some(
            "error: 'rejected' is a folder: give the file to write, such as 'rejected/rejects.csv'"
        )
    );
    let mut left: Vec<String> = std::fs::read_dir(p.dir.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["datasets", "rejected"]);
}
