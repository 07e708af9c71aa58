//! Progress bars (issue 17): an ingest of a large export shows one on a
//! terminal, and none when stderr is piped, as in every other test and
//! script.

use std::path::Path;
use std::process::Command;

use crate::common::{code, datahub_export, datasets_copy, stderr, stdout};

/// A DataHub export of 120,000 rows: over the 10 MB from which an ingest
/// counts its rows and shows its progress.
fn large_export(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("export.csv");
    datahub_export(&file, 120_000, "large");
    assert!(
        std::fs::metadata(&file).expect("export").len() > 10_000_000,
        "the export is not large"
    );
    file
}

#[test]
fn an_ingest_with_stderr_piped_draws_no_bar() {
    let (tmp, data) = datasets_copy();
    let file = large_export(tmp.path());
    let out = Command::new(crate::common::rbm_bin())
        .arg("--data")
        .arg(&data)
        .args(["ingest", "--append", "--force"])
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rbm");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    // The per-file line and the --force note, and nothing drawn.
    assert!(
        err.starts_with(&format!("read {} (datahub)", file.display())),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains("rows,") && !err.contains("left"), "{err}");
    assert!(stdout(&out).contains("wrote "), "{}", stdout(&out));
}

#[test]
fn an_ingest_on_a_terminal_draws_a_bar_and_clears_it() {
    // `script` (util-linux) runs the command on a pseudo-terminal. The
    // second ingest of the same file (every row merged) is the one that
    // hung when bars were redrawn by a ticker thread.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to run rbm on a terminal");
        return;
    }
    let (tmp, data) = datasets_copy();
    let file = large_export(tmp.path());
    let command = format!(
        "'{}' --data '{}' ingest --append --force '{}'",
        crate::common::rbm_bin().display(),
        data.display(),
        file.display()
    );
    // Bounded, so that a bar that hangs fails the test instead of the run.
    let out = Command::new("timeout")
        .args(["120", "script", "-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run script");
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(text.contains("reading export.csv"), "{text:?}");
    assert!(text.contains("rows,"), "{text:?}");
    // The command's own output is there whole.
    assert!(
        text.contains("accepted + rejected + merged = read: yes"),
        "{text}"
    );
    // Again, now with every row merged; and with RBM_PROGRESS=never, no
    // bar on a terminal either.
    let again = Command::new("timeout")
        .args(["120", "script", "-qec", &command, "/dev/null"])
        .output()
        .expect("run script");
    assert_eq!(code(&again), 0, "{}", stdout(&again));
    let out = Command::new("timeout")
        .args(["120", "script", "-qec", &command, "/dev/null"])
        .env("RBM_PROGRESS", "never")
        .output()
        .expect("run script");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(!stdout(&out).contains("reading export.csv"));
}
