//! Interrupted ingests: a write failure leaves `datasets/` as it was, and
//! after a process killed at any moment the next command finds it either as
//! it was or completely updated (the report's counterpart is in
//! `report.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{code, copy_dir, root, stderr};

/// Every file of a datasets folder, hidden ones included, with its bytes,
/// sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

fn names(snapshot: &[(String, Vec<u8>)]) -> Vec<&str> {
    snapshot.iter().map(|(n, _)| n.as_str()).collect()
}

/// A copy of the embedded datasets in a temporary folder.
fn datasets_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("datasets");
    copy_dir(&root().join("datasets"), &data);
    (tmp, data)
}

/// A synthetic ITU DataHub export: `rows` values of a series rbm does not
/// use, for real economies, so that every row is accepted.
fn datahub_export(path: &Path, rows: usize) {
    let economies = ["AFG", "ALB", "DZA", "AGO", "ARG", "ARM", "AUS", "AUT"];
    let mut text = String::from(
        "\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\",\"entityIso\",\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\",\"dataSource\",\"seriesDescription\"\n",
    );
    for i in 0..rows {
        let series = i / (economies.len() * 25);
        let economy = economies[(i / 25) % economies.len()];
        let year = 2000 + i % 25;
        let _ = writeln!(
            text,
            "9{series},\"synthetic_{series}\",\"Synthetic series {series}\",,\"%\",1,\"{economy}\",\"{economy}\",\"{}.{}\",{year},\"\",\"test\",\"\"",
            i % 100,
            i % 7
        );
    }
    std::fs::write(path, text).expect("write export");
}

fn ingest_command(data: &Path, file: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rbm"));
    cmd.args([
        "--data",
        data.to_str().expect("utf-8"),
        "ingest",
        "--append",
        file.to_str().expect("utf-8"),
    ])
    .current_dir(root())
    .env("NO_COLOR", "1");
    cmd
}

#[test]
fn a_failed_write_leaves_datasets_as_they_were() {
    let (tmp, data) = datasets_copy();
    let before = snapshot(&data);
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 1_000);
    // observations.csv is written first and inputs.csv second: fail on the
    // second, when the first is already written to its temporary file.
    let out = ingest_command(&data, &file)
        .env("RBM_FAIL_WRITING", "inputs.csv")
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not write")
            && stderr(&out).contains("inputs.csv")
            && stderr(&out).contains("injected write failure"),
        "{}",
        stderr(&out)
    );
    let after = snapshot(&data);
    // No temporary file is left behind either: the snapshot has them all.
    assert_eq!(names(&after), names(&before));
    for ((name, a), (_, b)) in after.iter().zip(&before) {
        assert!(a == b, "{name} changed");
    }
}

/// Any command that reads the datasets; it finishes or undoes a write that a
/// killed ingest left half done.
fn read_datasets(data: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_rbm"))
        .args([
            "--data",
            data.to_str().expect("utf-8"),
            "series",
            "--format",
            "csv",
        ])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// The datasets a complete ingest of `file` leaves, from a second copy.
fn complete_ingest(file: &Path) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let (tmp, data) = datasets_copy();
    let out = ingest_command(&data, file).output().expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let complete = snapshot(&data);
    (tmp, complete)
}

#[test]
fn an_ingest_killed_before_its_commit_is_undone_by_the_next_command() {
    let (tmp, data) = datasets_copy();
    let before = snapshot(&data);
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 1_000);
    let out = ingest_command(&data, &file)
        .env("RBM_ABORT_WRITING", "temps-written")
        .output()
        .expect("run");
    assert!(!out.status.success(), "the ingest was to abort");
    // Killed with its new files written beside the old ones, uncommitted.
    let left = snapshot(&data);
    assert!(
        names(&left).contains(&".observations.csv.rbm-tmp"),
        "{:?}",
        names(&left)
    );
    read_datasets(&data);
    assert!(
        snapshot(&data) == before,
        "the datasets are not the old ones"
    );
}

#[test]
fn an_ingest_killed_after_its_commit_is_finished_by_the_next_command() {
    let (tmp, data) = datasets_copy();
    let before = snapshot(&data);
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 1_000);
    let (_tmp2, complete) = complete_ingest(&file);
    let out = ingest_command(&data, &file)
        .env("RBM_ABORT_WRITING", "first-rename")
        .output()
        .expect("run");
    assert!(!out.status.success(), "the ingest was to abort");
    // Killed between its renames: observations.csv is new, inputs.csv old,
    // and the journal says what is left to do.
    let left = snapshot(&data);
    assert!(left != before && left != complete);
    assert!(names(&left).contains(&".rbm-commit"), "{:?}", names(&left));
    read_datasets(&data);
    assert!(
        snapshot(&data) == complete,
        "the datasets are not the new ones"
    );
}

#[test]
fn an_ingest_killed_at_any_moment_leaves_datasets_old_or_new_never_mixed() {
    let (tmp, data) = datasets_copy();
    let before = snapshot(&data);
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 200_000);

    let (_tmp2, complete) = complete_ingest(&file);
    assert_ne!(complete, before, "the export must change the datasets");

    // Kill runs at growing delays: reading, validating, rendering, writing.
    // After a killed run, the next command must find the old files or the
    // complete new ones (the two tests above reach the moments between
    // writes for certain), and nothing else.
    let mut killed = 0;
    for delay_ms in [20, 60, 120, 200, 300, 450, 650, 900, 1200, 1600] {
        let mut child = ingest_command(&data, &file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().expect("poll").is_some();
        if !finished {
            child.kill().expect("kill");
            killed += 1;
        }
        let status = child.wait().expect("wait");
        read_datasets(&data);
        let now = snapshot(&data);
        if finished && status.success() {
            assert!(now == complete, "a finished run left other files");
            break;
        }
        assert!(
            now == before || now == complete,
            "killed after {delay_ms} ms: the datasets are neither the old nor the new ones"
        );
        if now == complete {
            // Killed after the last rename: the run was, in effect, done.
            break;
        }
    }
    assert!(killed > 0, "the ingest finished before the first kill");
}
