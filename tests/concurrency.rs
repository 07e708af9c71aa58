//! One writer at a time (issue 12): an ingest holds the store's lock
//! exclusively, readers hold it shared, and whoever has to wait says for
//! whom, then gives up after `RBM_LOCK_WAIT` seconds with an error naming
//! the holder. Real processes, stopped at a known point with
//! `RBM_PAUSE_WRITING` (which says so on stderr and holds until a line on
//! stdin): no sleep stands for synchronisation.

use std::io::{BufRead, BufReader, Lines, Write};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};

use crate::common::{code, datahub_export, datasets_copy, names, root, snapshot, stderr, stdout};

/// A running rbm and the lines of its stderr.
struct Running {
    child: Child,
    err: Lines<BufReader<ChildStderr>>,
    seen: Vec<String>,
}

impl Running {
    /// Start rbm with piped stdin (the pause holds until it gets a line)
    /// and stderr.
    fn start(data: &Path, args: &[&str], envs: &[(&str, &str)]) -> Running {
        let mut cmd = Command::new(crate::common::rbm_bin());
        cmd.arg("--data")
            .arg(data)
            .args(args)
            .current_dir(root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn rbm");
        let err = BufReader::new(child.stderr.take().expect("stderr")).lines();
        Running {
            child,
            err,
            seen: Vec::new(),
        }
    }

    /// Read stderr until a line starts with `prefix`; that line.
    fn wait_for(&mut self, prefix: &str) -> String {
        for line in self.err.by_ref() {
            let line = line.expect("stderr line");
            self.seen.push(line.clone());
            if line.starts_with(prefix) {
                return line;
            }
        }
        panic!(
            "rbm ended without `{prefix}` on stderr:\n{}",
            self.seen.join("\n")
        );
    }

    /// Let a paused rbm go on, and wait for it: its exit code and the rest
    /// of its stderr.
    fn finish(mut self) -> (i32, String) {
        if let Some(mut stdin) = self.child.stdin.take() {
            // It may not be paused at all (a reader that waited).
            let _ = stdin.write_all(b"go\n");
        }
        let rest: Vec<String> = self.err.by_ref().map(|l| l.expect("line")).collect();
        self.seen.extend(rest);
        let status = self.child.wait().expect("wait");
        (status.code().unwrap_or(-1), self.seen.join("\n"))
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// An ingest of `file` appended to `data`, paused with its new files
/// written beside the old ones, uncommitted, holding the lock.
fn paused_ingest(data: &Path, file: &Path) -> Running {
    let mut writer = Running::start(
        data,
        &[
            "ingest",
            "--append",
            "--force",
            file.to_str().expect("utf-8"),
        ],
        &[("RBM_PAUSE_WRITING", "temps-written")],
    );
    writer.wait_for("rbm: paused at temps-written");
    writer
}

/// rbm run to its end with these arguments, never waiting for a lock.
fn at_once(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(crate::common::rbm_bin())
        .arg("--data")
        .arg(data)
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("RBM_LOCK_WAIT", "0")
        .output()
        .expect("run rbm")
}

/// The datasets an ingest of `file` leaves, from another copy.
fn after_ingest(file: &Path) -> Vec<(String, Vec<u8>)> {
    let (_tmp, data) = datasets_copy();
    let out = at_once(
        &data,
        &[
            "ingest",
            "--append",
            "--force",
            file.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    snapshot(&data)
}

#[test]
fn a_reader_never_touches_the_files_of_a_live_writer() {
    // Issue 12: any command run during an ingest removed its temporary
    // files (`echo x > datasets/.observations.csv.rbm-tmp; rbm progress`
    // deleted it), and the ingest then failed with "could not move …
    // into place", leaving inputs.csv listing rows observations.csv did
    // not hold.
    let (tmp, data) = datasets_copy();
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 1_000, "synthetic");
    let complete = after_ingest(&file);
    let writer = paused_ingest(&data, &file);
    let during = snapshot(&data);
    assert!(
        names(&during).contains(&".observations.csv.rbm-tmp"),
        "{:?}",
        names(&during)
    );
    let out = at_once(&data, &["progress"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "error: could not load the datasets in '{}': '{}' is in use by another rbm command (pid {}: ",
            data.display(),
            data.display(),
            writer.pid()
        )) && err.contains(&format!(
            "ingest --append --force {}): gave up after waiting 0 s",
            file.display()
        )),
        "{err}"
    );
    assert!(snapshot(&data) == during, "the reader changed the store");
    let (status, log) = writer.finish();
    assert_eq!(status, 0, "{log}");
    assert!(snapshot(&data) == complete, "the ingest did not complete");
}

#[test]
fn a_reader_waits_for_the_writer_and_then_reads_the_new_store() {
    let (tmp, data) = datasets_copy();
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 1_000, "synthetic");
    let writer = paused_ingest(&data, &file);
    let mut reader = Running::start(&data, &["check"], &[("RBM_LOCK_WAIT", "600")]);
    let waiting = reader.wait_for("waiting for ");
    assert_eq!(
        waiting.split(" (pid ").next(),
        Some("waiting for another rbm command"),
        "{waiting}"
    );
    assert!(
        waiting.contains(&format!("(pid {}: ", writer.pid()))
            && waiting.ends_with(&format!("to finish with '{}' …", data.display())),
        "{waiting}"
    );
    let (status, log) = writer.finish();
    assert_eq!(status, 0, "{log}");
    let (status, log) = reader.finish();
    assert_eq!(status, 0, "{log}");
}

#[test]
fn two_ingests_at_once_keep_both_sides_rows() {
    // Issue 12: two ingests at once both exited 0 and one side's rows
    // were gone.
    let (tmp, data) = datasets_copy();
    let first = tmp.path().join("first.csv");
    let second = tmp.path().join("second.csv");
    datahub_export(&first, 400, "first");
    datahub_export(&second, 300, "second");
    let writer = paused_ingest(&data, &first);

    // A second writer that will not wait is refused, naming the first.
    let out = at_once(
        &data,
        &[
            "ingest",
            "--append",
            "--force",
            second.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: '{}' is in use by another rbm command (pid {}: ",
            data.display(),
            writer.pid()
        )),
        "{}",
        stderr(&out)
    );

    // One that waits goes on once the first has committed.
    let mut waiting = Running::start(
        &data,
        &[
            "ingest",
            "--append",
            "--force",
            second.to_str().expect("utf-8"),
        ],
        &[("RBM_LOCK_WAIT", "600")],
    );
    waiting.wait_for("waiting for another rbm command");
    let (status, log) = writer.finish();
    assert_eq!(status, 0, "{log}");
    let (status, log) = waiting.finish();
    assert_eq!(status, 0, "{log}");

    let observations = std::fs::read_to_string(data.join("observations.csv")).expect("read");
    let rows = |prefix: &str| {
        observations
            .lines()
            .filter(|l| l.starts_with(&format!("{prefix}_")))
            .count()
    };
    assert_eq!((rows("first"), rows("second")), (400, 300));
    let inputs = std::fs::read_to_string(data.join("inputs.csv")).expect("read");
    for f in [&first, &second] {
        assert!(inputs.contains(&f.display().to_string()), "{inputs}");
    }
    let check = at_once(&data, &["check"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

#[test]
fn a_writer_waits_for_readers_and_names_them_when_it_gives_up() {
    let (tmp, data) = datasets_copy();
    let before = snapshot(&data);
    let file = tmp.path().join("export.csv");
    datahub_export(&file, 100, "synthetic");
    // A reader paused as soon as it holds its shared lock.
    let mut reader = Running::start(
        &data,
        &["series", "--format", "csv"],
        &[("RBM_PAUSE_WRITING", "locked")],
    );
    reader.wait_for("rbm: paused at locked");
    let out = at_once(
        &data,
        &[
            "ingest",
            "--append",
            "--force",
            file.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: '{}' is in use by other rbm commands reading it: gave up after waiting 0 s; try again when it has finished (RBM_LOCK_WAIT=SECONDS waits longer)\n",
            data.display()
        )
    );
    assert!(snapshot(&data) == before, "the store changed");
    let (status, log) = reader.finish();
    assert_eq!(status, 0, "{log}");
}
