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
    let path = data.join(files::OBSERVATIONS);
    let bytes = read(&path)?;
    Ok(store::parse_observations(&path, &bytes)?)
}

/// Load the classification from a datasets folder.
pub fn load_classification(data: &Path) -> anyhow::Result<Classification> {
    let c = read(&data.join(files::CLASSIFICATION))?;
    let w = read(&data.join(files::WEIGHTS))?;
    let a = read(&data.join(files::ALIASES))?;
    let n = read(&data.join(files::CLASSIFICATION_NOTES))?;
    Ok(store::parse_classification(data, &c, &w, &a, &n)?)
}

/// Load `inputs.csv` from a datasets folder.
pub fn load_inputs(data: &Path) -> anyhow::Result<Vec<InputRecord>> {
    let path = data.join(files::INPUTS);
    let bytes = read(&path)?;
    Ok(store::parse_inputs(&path, &bytes)?)
}

/// Write several files so that either all are replaced or none is: each
/// goes to a temporary file beside its target first, and only when every
/// one is written are they renamed into place.
pub fn write_atomic(writes: &[(PathBuf, String)]) -> anyhow::Result<()> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::new();
    for (path, contents) in writes {
        let tmp = temp_name(path);
        if let Err(e) = injected_failure(path).and_then(|()| std::fs::write(&tmp, contents)) {
            for (t, _) in &temps {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("could not write '{}'", path.display()));
        }
        temps.push((tmp, path.as_path()));
    }
    for (tmp, path) in &temps {
        std::fs::rename(tmp, path)
            .with_context(|| format!("could not move '{}' into place", path.display()))?;
    }
    Ok(())
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.rbm-tmp-{}", std::process::id()))
}

/// Write binary files, each through a temporary file and a rename.
pub fn write_files(files: Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<()> {
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
