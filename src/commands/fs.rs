//! The file system edge: loading the datasets folder and writing files so
//! that a failed or interrupted run leaves what was there intact.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::classify::Classification;
use crate::ingest::ObservationTable;
use crate::ingest::store::{self, InputRecord, files};

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read '{}'", path.display()))
}

/// Load `observations.csv` from a datasets folder.
pub fn load_observations(data: &Path) -> anyhow::Result<ObservationTable> {
    recover(data)?;
    let path = data.join(files::OBSERVATIONS);
    let bytes = read(&path)?;
    Ok(store::parse_observations(&path, &bytes)?)
}

/// Load the classification from a datasets folder.
pub fn load_classification(data: &Path) -> anyhow::Result<Classification> {
    recover(data)?;
    let c = read(&data.join(files::CLASSIFICATION))?;
    let w = read(&data.join(files::WEIGHTS))?;
    let a = read(&data.join(files::ALIASES))?;
    let n = read(&data.join(files::CLASSIFICATION_NOTES))?;
    Ok(store::parse_classification(data, &c, &w, &a, &n)?)
}

/// Load `inputs.csv` from a datasets folder.
pub fn load_inputs(data: &Path) -> anyhow::Result<Vec<InputRecord>> {
    recover(data)?;
    let path = data.join(files::INPUTS);
    let bytes = read(&path)?;
    Ok(store::parse_inputs(&path, &bytes)?)
}

/// The journal that marks a write of several files as committed: it lists
/// the files' names, one per line, while their new contents wait in
/// temporary files beside them.
const JOURNAL: &str = ".rbm-commit";

/// Write files so that either all are replaced or none is, even if the
/// process is killed at any moment. Each goes to a temporary file beside
/// its target. For several files (all in one folder, as an ingest writes
/// them) a journal naming them is then created with a rename, the commit
/// point, before the temporary files are renamed into place and the
/// journal removed. The next run that reads or writes the folder finishes a
/// committed write and discards an uncommitted one ([`recover`]).
pub fn write_atomic(writes: &[(PathBuf, String)]) -> anyhow::Result<()> {
    let folder = |p: &Path| p.parent().unwrap_or(Path::new(".")).to_path_buf();
    let folders: std::collections::BTreeSet<PathBuf> =
        writes.iter().map(|(p, _)| folder(p)).collect();
    for dir in &folders {
        recover(dir)?;
    }
    let mut temps: Vec<(PathBuf, &Path)> = Vec::new();
    let discard = |temps: &[(PathBuf, &Path)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (path, contents) in writes {
        let tmp = temp_name(path);
        if let Err(e) = injected_failure(path).and_then(|()| std::fs::write(&tmp, contents)) {
            discard(&temps);
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("could not write '{}'", path.display()));
        }
        temps.push((tmp, path.as_path()));
    }
    injected_abort("temps-written");
    let journal = match (writes.len(), folders.iter().next()) {
        (2.., Some(dir)) if folders.len() == 1 => {
            let names: String = writes
                .iter()
                .filter_map(|(p, _)| p.file_name())
                .map(|n| format!("{}\n", n.to_string_lossy()))
                .collect();
            let journal = dir.join(JOURNAL);
            let pending = dir.join(format!("{JOURNAL}.rbm-tmp"));
            let committed =
                std::fs::write(&pending, names).and_then(|()| std::fs::rename(&pending, &journal));
            if let Err(e) = committed {
                discard(&temps);
                let _ = std::fs::remove_file(&pending);
                return Err(e).with_context(|| {
                    format!("could not commit the new files in '{}'", dir.display())
                });
            }
            Some(journal)
        }
        _ => None,
    };
    for (i, (tmp, path)) in temps.iter().enumerate() {
        std::fs::rename(tmp, path)
            .with_context(|| format!("could not move '{}' into place", path.display()))?;
        if i == 0 {
            injected_abort("first-rename");
        }
    }
    if let Some(journal) = journal {
        std::fs::remove_file(&journal)
            .with_context(|| format!("could not remove '{}'", journal.display()))?;
    }
    Ok(())
}

/// Finish or undo a write that a killed run left half done in a folder:
/// with a journal, move every temporary file it names into place; then
/// remove temporary files no journal names. A folder with neither is not
/// touched.
pub fn recover(dir: &Path) -> anyhow::Result<()> {
    let journal = dir.join(JOURNAL);
    if let Ok(names) = std::fs::read_to_string(&journal) {
        for name in names.lines().filter(|n| !n.is_empty()) {
            let target = dir.join(name);
            let tmp = temp_name(&target);
            if tmp.exists() {
                std::fs::rename(&tmp, &target).with_context(|| {
                    format!(
                        "could not finish the interrupted write of '{}'",
                        target.display()
                    )
                })?;
            }
        }
        std::fs::remove_file(&journal)
            .with_context(|| format!("could not remove '{}'", journal.display()))?;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Also the per-process names earlier versions of rbm used.
        if name.starts_with('.') && name.contains(".rbm-tmp") {
            std::fs::remove_file(entry.path()).with_context(|| {
                format!(
                    "could not remove the interrupted write '{}'",
                    entry.path().display()
                )
            })?;
        }
    }
    Ok(())
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.rbm-tmp"))
}

/// Fault injection for tests of killed runs: when `RBM_ABORT_WRITING` names
/// this stage of [`write_atomic`], the process ends there at once, as if
/// killed (exit status 134, without the core file an abort may leave).
fn injected_abort(stage: &str) {
    if std::env::var("RBM_ABORT_WRITING").is_ok_and(|s| s == stage) {
        std::process::exit(134);
    }
}

/// Write binary files, each through a temporary file and a rename (no
/// journal: charts are independent files).
pub fn write_files(files: Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<()> {
    let folders: std::collections::BTreeSet<&Path> =
        files.iter().filter_map(|(p, _)| p.parent()).collect();
    for dir in folders {
        recover(dir)?;
    }
    for (path, bytes) in files {
        let tmp = temp_name(&path);
        std::fs::write(&tmp, &bytes)
            .with_context(|| format!("could not write '{}'", path.display()))?;
        std::fs::rename(&tmp, &path)
            .with_context(|| format!("could not move '{}' into place", path.display()))?;
    }
    Ok(())
}

/// Fault injection for tests of interrupted runs: when `RBM_FAIL_WRITING` is
/// set, writing a file whose path contains its value fails as a full disk
/// would.
fn injected_failure(path: &Path) -> std::io::Result<()> {
    match std::env::var("RBM_FAIL_WRITING") {
        Ok(pat) if !pat.is_empty() && path.to_string_lossy().contains(&pat) => Err(
            std::io::Error::other("injected write failure (RBM_FAIL_WRITING)"),
        ),
        _ => Ok(()),
    }
}

/// Replace a folder with new contents, so that a failure at any point
/// leaves the old folder as it was: write everything into a temporary
/// folder beside it, then swap the two with renames.
pub fn replace_dir(target: &Path, files: Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("could not create '{}'", parent.display()))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    let tmp = parent.join(format!(".{name}.rbm-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.rbm-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| -> anyhow::Result<()> {
        for (rel, bytes) in &files {
            let path = tmp.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("could not create '{}'", dir.display()))?;
            }
            injected_failure(&path)
                .with_context(|| format!("could not write '{}'", path.display()))?;
            std::fs::write(&path, bytes)
                .with_context(|| format!("could not write '{}'", path.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old)
            .with_context(|| format!("could not move the old '{}' aside", target.display()))?;
    }
    if let Err(e) = std::fs::rename(&tmp, target) {
        // Put the old report back.
        if had_old {
            let _ = std::fs::rename(&old, target);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e)
            .with_context(|| format!("could not move the new report into '{}'", target.display()));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
