//! Shared helpers: run the binary, find fixtures and the shared data.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The real published inputs, `../shared/data/`, when they are beside the
/// project (they are in CI and in every working copy of this project).
pub fn shared_data() -> PathBuf {
    let dir = root().join("../shared/data");
    assert!(
        dir.is_dir(),
        "the real inputs are expected in ../shared/data beside the project"
    );
    dir
}

/// `rbm` with arguments, run from `dir`.
pub fn rbm_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rbm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rbm")
}

/// `rbm` with arguments, run from the project root.
pub fn rbm(args: &[&str]) -> Output {
    rbm_in(&root(), args)
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
