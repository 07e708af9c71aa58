//! Interrupted ingests: a write failure leaves `datasets/` as it was, and
//! after a process killed at any moment the next command finds it either as
//! it was or completely updated (the report's counterpart is in
//! `report.rs`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{code, datahub_export, datasets_copy, names, root, snapshot, stderr};

fn ingest_command(data: &Path, file: &Path) -> Command {
    let mut cmd = Command::new(crate::common::rbm_bin());
    cmd.args([
        "--data",
        data.to_str().expect("utf-8"),
        "ingest",
        "--append",
        // A synthetic export of eight economies: far fewer than a
        // published one, which an ingest otherwise refuses.
        "--force",
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
    datahub_export(&file, 1_000, "synthetic");
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
    let out = Command::new(crate::common::rbm_bin())
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
    datahub_export(&file, 1_000, "synthetic");
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
    datahub_export(&file, 1_000, "synthetic");
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
    datahub_export(&file, 200_000, "synthetic");

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

#[test]
fn a_commit_syncs_its_files_then_the_journal_and_the_folder_before_any_rename() {
    // Issue 12: the commit never called fsync, so a power cut could leave
    // renamed files whose contents never reached the disk. With
    // RBM_TRACE_COMMIT, each sync, rename and removal is reported as done.
    let (tmp, data) = datasets_copy();
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 100, "synthetic");
    let out = ingest_command(&data, &file)
        .env("RBM_TRACE_COMMIT", "1")
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let steps: Vec<String> = stderr(&out)
        .lines()
        .filter_map(|l| l.strip_prefix("rbm commit: "))
        .map(String::from)
        .collect();
    let folder = format!("sync folder {}", data.display());
    assert_eq!(
        steps,
        [
            // Every new file reaches the disk before the commit point…
            "sync .observations.csv.rbm-tmp",
            "sync .inputs.csv.rbm-tmp",
            "sync .manifest.csv.rbm-tmp",
            // …which is the journal, synced, renamed and its folder synced…
            "sync .rbm-commit.rbm-tmp",
            "rename journal",
            &folder,
            // …then the files move into place, durably, and the journal goes.
            "rename observations.csv",
            "rename inputs.csv",
            "rename manifest.csv",
            &folder,
            "remove journal",
            &folder,
        ]
    );
}

/// `rbm report` into `out`, from the project root.
fn report_into(out: &Path) -> Command {
    let mut cmd = Command::new(crate::common::rbm_bin());
    cmd.args(["report", "--out", out.to_str().expect("utf-8")])
        .current_dir(root())
        .env("NO_COLOR", "1");
    cmd
}

/// The names in a folder, hidden ones included, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_report_killed_between_its_renames_is_put_back_and_its_leftovers_removed() {
    // Issue 12: a killed report left hidden `.2025.rbm-new-*` and
    // `.2025.rbm-old-*` folders that no later run removed (35 MB after 60
    // kills), and a kill between the two renames left no report at all.
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path();
    assert_eq!(code(&report_into(out).output().expect("run")), 0);
    let index = std::fs::read(out.join("2025/index.html")).expect("a report");
    // Killed once with the new report written beside the old one, and once
    // with the old one moved aside and the new one not yet in its place.
    for stage in ["report-written", "report-aside"] {
        let killed = report_into(out)
            .env("RBM_ABORT_WRITING", stage)
            .output()
            .expect("run");
        assert!(
            !killed.status.success(),
            "the report was to abort at {stage}"
        );
    }
    // The second run removed the first one's new folder; its own new and
    // old folders are left, and no `2025`.
    let left = entries(out);
    assert!(!left.contains(&"2025".to_string()), "{left:?}");
    assert_eq!(
        left.iter().filter(|n| n.starts_with(".2025.rbm-")).count(),
        2,
        "{left:?}"
    );
    // The next report that fails still leaves the old report, put back.
    let failed = report_into(out)
        .env("RBM_FAIL_WRITING", "progress.json")
        .output()
        .expect("run");
    assert_eq!(code(&failed), 2, "{}", stderr(&failed));
    assert_eq!(entries(out), ["2025"]);
    assert_eq!(
        std::fs::read(out.join("2025/index.html")).expect("the old report"),
        index
    );
    // And one that succeeds leaves only the report.
    assert_eq!(code(&report_into(out).output().expect("run")), 0);
    assert_eq!(entries(out), ["2025"]);
}
