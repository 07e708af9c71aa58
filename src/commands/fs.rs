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
        if let Err(e) = std::fs::write(&tmp, contents) {
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
