//! The file system edge: the folder locks, reading the datasets folder
//! checked against its manifest, and writing files so that a failed,
//! interrupted or concurrent run leaves what was there intact.
//!
//! - **Locks.** A folder rbm writes (the store, a report's parent folder,
//!   a chart folder) is locked as a whole with an advisory lock on the
//!   folder itself, which the operating system releases when the process
//!   ends, however it ends: no lock file is left behind. A writer holds it
//!   exclusively and notes its pid and command in `.rbm-lock` for as long
//!   as it does; readers of the store hold it shared. Whoever must wait
//!   says on stderr whom it waits for, and gives up after `RBM_LOCK_WAIT`
//!   seconds (60 by default) with an error naming the holder.
//! - **Commits.** An ingest writes every file beside its target, syncs each
//!   to disk, then creates a journal naming them with a rename and syncs
//!   the folder: that is the commit point. The files are then renamed into
//!   place, the folder synced again and the journal removed. The next
//!   command that holds the lock finishes a committed write and discards
//!   an uncommitted one ([`recover`]).
//! - **Leftovers.** Each writer removes, under its lock, what killed runs
//!   of its own kind left in its folder: temporary files and journals in
//!   the store, a report's temporary folders beside it, temporary charts.
//! - **The cache.** The parsed observations are kept in binary in the
//!   store's `.rbm-cache/` folder ([`CACHE_DIR`], not part of the store:
//!   no manifest entry, ignored by git), written by an ingest after its
//!   commit and by any command that had to parse the CSV, each through a
//!   temporary file and a rename. It is used only when it was written for
//!   the manifest's `observations.csv` and the file as it is now
//!   ([`crate::ingest::cache`]); otherwise the CSV is parsed as before.
//!   The parsed classification is kept there too, by the first command
//!   that parses its four files, and used on the same terms
//!   ([`crate::ingest::class_cache`]), and so is the catalog of series
//!   `rbm indicators` reads ([`crate::ingest::catalog_cache`]). `rbm check`
//!   always reads the CSV.
//!
//! What the store's files hold and whether they match the manifest is the
//! library's part ([`crate::ingest::store`], [`crate::ingest::manifest`]);
//! this module reads the bytes, holds the lock and reports.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

use super::bar::{Bar, Unit};
use crate::classify::Classification;
use crate::error::Location;
use crate::indicator::smart::DataCatalog;
use crate::ingest::ObservationTable;
use crate::ingest::cache::{self, Key};
use crate::ingest::catalog_cache;
use crate::ingest::class_cache;
use crate::ingest::manifest::{self, Entry, Manifest};
use crate::ingest::store::{self, InputRecord, Problems, files};

/// The journal that marks a write of several files as committed: it lists
/// the files' names, one per line, while their new contents wait in
/// temporary files beside them.
const JOURNAL: &str = ".rbm-commit";

/// The note in which the holder of a folder's exclusive lock says who it
/// is (pid and command line), for whoever has to wait for it.
const HOLDER: &str = ".rbm-lock";

/// Where the lock is when the folder itself cannot be opened as a file
/// (on systems other than Unix-like ones).
const LOCK_FALLBACK: &str = ".rbm-lock-file";

// ---------------------------------------------------------------------------
// Locks

/// A lock on a folder, held until dropped. Exclusive for a writer, shared
/// for readers of the store.
pub struct FolderLock {
    file: File,
    dir: PathBuf,
    /// True once this holder has written its note.
    noted: std::cell::Cell<bool>,
}

impl std::fmt::Debug for FolderLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderLock")
            .field("dir", &self.dir)
            .finish()
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        if self.noted.get() {
            // Still holding the lock: the note is this holder's own.
            let _ = std::fs::remove_file(self.dir.join(HOLDER));
        }
        // Closing the handle releases the lock; unlock first so that the
        // release does not wait for the handle's last clone.
        let _ = self.file.unlock();
    }
}

/// How long to wait for a lock another rbm holds: `RBM_LOCK_WAIT` seconds,
/// or a minute.
fn lock_wait() -> Duration {
    std::env::var("RBM_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(60))
}

/// A handle to lock a folder by: the folder itself, or (where a folder
/// cannot be opened as a file) a lock file in it.
fn lock_handle(dir: &Path) -> anyhow::Result<File> {
    match File::open(dir) {
        Ok(f) => Ok(f),
        Err(_) if dir.is_dir() => std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(LOCK_FALLBACK))
            .with_context(|| format!("could not open a lock for '{}'", dir.display())),
        Err(e) => Err(e).with_context(|| format!("could not open '{}'", dir.display())),
    }
}

/// Who holds a folder's lock, in words, as far as can be told: the
/// writer's own note, or that readers hold it.
fn holder(dir: &Path) -> String {
    // A shared lock that can be had means that only readers hold it.
    let readers = lock_handle(dir)
        .ok()
        .is_some_and(|f| f.try_lock_shared().is_ok());
    if readers {
        return "other rbm commands reading it".to_string();
    }
    match std::fs::read_to_string(dir.join(HOLDER)) {
        Ok(note) if !note.trim().is_empty() => {
            format!("another rbm command ({})", note.trim())
        }
        _ => "another rbm command".to_string(),
    }
}

impl FolderLock {
    /// Lock a folder exclusively (to write it), waiting as long as
    /// [`lock_wait`] says for other holders.
    pub fn exclusive(dir: &Path) -> anyhow::Result<FolderLock> {
        Self::acquire(dir, true)
    }

    /// Lock a folder shared (to read it), waiting for a writer.
    pub fn shared(dir: &Path) -> anyhow::Result<FolderLock> {
        Self::acquire(dir, false)
    }

    /// An exclusive lock if nobody else holds any, at once; `None` if
    /// somebody does.
    fn try_exclusive(dir: &Path) -> anyhow::Result<Option<FolderLock>> {
        let file = lock_handle(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FolderLock {
                file,
                dir: dir.to_path_buf(),
                noted: std::cell::Cell::new(false),
            })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("could not lock '{}'", dir.display()))
            }
        }
    }

    fn acquire(dir: &Path, exclusive: bool) -> anyhow::Result<FolderLock> {
        let file = lock_handle(dir)?;
        let wait = lock_wait();
        let start = Instant::now();
        let mut said = false;
        loop {
            let tried = if exclusive {
                file.try_lock()
            } else {
                file.try_lock_shared()
            };
            match tried {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("could not lock '{}'", dir.display()));
                }
            }
            let who = holder(dir);
            if start.elapsed() >= wait {
                anyhow::bail!(
                    "'{}' is in use by {who}: gave up after waiting {} s; try again when it has finished (RBM_LOCK_WAIT=SECONDS waits longer)",
                    dir.display(),
                    wait.as_secs()
                );
            }
            if !said {
                // A note for the person at the terminal, not output.
                let _ = writeln!(
                    std::io::stderr(),
                    "waiting for {who} to finish with '{}' …",
                    dir.display()
                );
                said = true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let lock = FolderLock {
            file,
            dir: dir.to_path_buf(),
            noted: std::cell::Cell::new(false),
        };
        injected_pause("locked");
        Ok(lock)
    }

    /// Note the holder's pid and command line, for those who wait.
    fn note_holder(&self) {
        let command: Vec<String> = std::env::args().collect();
        let note = format!("pid {}: {}\n", std::process::id(), command.join(" "));
        if std::fs::write(self.dir.join(HOLDER), note).is_ok() {
            self.noted.set(true);
        }
    }
}

// ---------------------------------------------------------------------------
// Recovery

/// True when a killed run may have left something in the store: a
/// journal, a temporary file or a holder's note.
fn has_leftovers(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name == JOURNAL || name == HOLDER || is_temp(&name)
        })
    })
}

/// A temporary file of rbm's (also the per-process names earlier versions
/// used).
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(".rbm-tmp")
}

/// Finish or undo a write that a killed run left half done in the store,
/// under its exclusive lock: with a journal, move every temporary file it
/// names into place; then remove temporary files no journal names, and a
/// dead holder's note. A folder with none of these is not touched.
pub fn recover(dir: &Path, _lock: &FolderLock) -> anyhow::Result<()> {
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
        sync_dir(dir)?;
        std::fs::remove_file(&journal)
            .with_context(|| format!("could not remove '{}'", journal.display()))?;
    }
    remove_cache_temps(dir)?;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_temp(&name) || name == HOLDER {
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

/// Lock the store to read it: shared, after finishing or undoing what a
/// killed writer left (which takes the lock exclusively for a moment).
fn read_lock(dir: &Path) -> anyhow::Result<FolderLock> {
    if has_leftovers(dir)
        && let Some(lock) = FolderLock::try_exclusive(dir)?
    {
        recover(dir, &lock)?;
    }
    loop {
        let lock = FolderLock::shared(dir)?;
        // A journal under a shared lock is a commit a killed writer did
        // not finish: its files are half old, half new, and only an
        // exclusive holder may finish it.
        if !dir.join(JOURNAL).exists() {
            return Ok(lock);
        }
        drop(lock);
        let lock = FolderLock::exclusive(dir)?;
        recover(dir, &lock)?;
    }
}

// ---------------------------------------------------------------------------
// Reading the store

/// The datasets folder, open for reading: locked shared for as long as
/// this lives, so that every file read from it belongs to one commit.
/// Each file is checked as it is read: parsed strictly, then its rows and
/// size (and, when asked, its sha256) against the manifest.
pub struct Store {
    dir: PathBuf,
    manifest: Manifest,
    lock: FolderLock,
}

/// Read and parse the manifest of a store.
fn read_manifest(dir: &Path) -> crate::error::Result<Manifest> {
    let path = dir.join(files::MANIFEST);
    if !path.is_file() {
        return Err(crate::Error::input(
            Location::file(&path),
            "the store's manifest is missing: without it its files cannot be checked; rebuild the store with `bash datasets/build.sh` or `rbm ingest`",
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| crate::Error::io(&path, "cannot read", e))?;
    manifest::parse(&path, &bytes)
}

/// One file of the store: its bytes, or an error that says it is missing.
fn store_file(dir: &Path, name: &str) -> crate::error::Result<Vec<u8>> {
    let path = dir.join(name);
    if !path.is_file() {
        return Err(crate::Error::input(
            Location::file(&path),
            "the file is missing from the store (its manifest lists it); rebuild the store with `bash datasets/build.sh` or `rbm ingest`",
        ));
    }
    std::fs::read(&path).map_err(|e| crate::Error::io(&path, "cannot read", e))
}

/// Check what was read of one file against the manifest: rows, size,
/// and the sha256 when `hash`.
fn verify(
    m: &Manifest,
    dir: &Path,
    name: &str,
    bytes: &[u8],
    rows: u64,
    hash: bool,
) -> crate::error::Result<()> {
    let path = dir.join(name);
    m.check_rows(&path, name, rows)?;
    m.check_size(&path, name, bytes)?;
    if hash {
        m.check_hash(&path, name, bytes)?;
    }
    Ok(())
}

impl Store {
    /// Open a datasets folder for reading.
    pub fn open(dir: &Path) -> anyhow::Result<Store> {
        let lock = read_lock(dir)?;
        let manifest = read_manifest(dir)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            manifest,
            lock,
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// `observations.csv`; with `hash`, its sha256 is checked too.
    pub fn observations(&self, hash: bool) -> anyhow::Result<ObservationTable> {
        read_observations(&self.dir, &self.manifest, hash)
    }

    /// The catalog of series of `observations.csv` (what
    /// [`ObservationTable::catalog`] gives), checked as
    /// [`Self::observations`] checks them.
    pub fn catalog(&self, hash: bool) -> anyhow::Result<DataCatalog> {
        read_catalog(&self.dir, &self.manifest, hash)
    }

    /// The classification's four files.
    pub fn classification(&self, hash: bool) -> anyhow::Result<Classification> {
        read_classification(&self.dir, &self.manifest, hash)
    }

    /// `observations.csv` and the classification, read side by side;
    /// each result as [`Self::observations`] and [`Self::classification`]
    /// give it.
    pub fn observations_and_classification(
        &self,
        hash: bool,
    ) -> (
        anyhow::Result<ObservationTable>,
        anyhow::Result<Classification>,
    ) {
        // The lock is not shared across threads; the folder and manifest
        // it guards are, and it is held until both are read.
        let (dir, manifest) = (&self.dir, &self.manifest);
        // The classification on a thread of its own rather than as a task
        // of rayon's pool: the commands read the definitions beside the
        // store, and with two workers the one reading the observations
        // then took the classification too, one after the other, while
        // the other worker was still on the definitions (a third of
        // `rbm progress` before its analysis). Three threads on two cores
        // share them until each is done.
        std::thread::scope(|scope| {
            let class = std::thread::Builder::new()
                .name("rbm-classification".into())
                .spawn_scoped(scope, || read_classification(dir, manifest, hash));
            let table = read_observations(dir, manifest, hash);
            let class = match class {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: read it here.
                Err(_) => read_classification(dir, manifest, hash),
            };
            (table, class)
        })
    }

    /// `inputs.csv`.
    pub fn inputs(&self, hash: bool) -> anyhow::Result<Vec<InputRecord>> {
        read_inputs(&self.dir, &self.manifest, hash)
    }

    /// Every observation's geo is classified: the first that is not, as
    /// an error.
    pub fn check_geos(
        &self,
        table: &ObservationTable,
        class: &Classification,
    ) -> anyhow::Result<()> {
        let mut problems = Problems::default();
        store::check_geos(
            &self.dir.join(files::OBSERVATIONS),
            table,
            class,
            &mut problems,
        );
        Ok(problems.into_result()?)
    }

    /// Let go of the lock (also when dropped).
    pub fn close(self) {
        drop(self.lock);
    }
}

/// The observations: from the cache when it is the store's current one,
/// else parsed from the CSV and checked (and then cached for the next
/// command).
fn read_observations(dir: &Path, m: &Manifest, hash: bool) -> anyhow::Result<ObservationTable> {
    if let Some(table) = cached(dir, m, hash, cache::decode_from) {
        return Ok(table);
    }
    parse_observations(dir, m, hash)
}

/// The catalog of series of the observations: from the cache without
/// building the table when the cache is the store's current one, else
/// from the CSV as [`read_observations`] reads it (and caches it).
///
/// The catalog read from the observations' cache is kept in a cache of
/// its own ([`catalog_cache`]), keyed as that cache is, which the next
/// call reads instead (never when the CSV's sha256 is to be checked).
fn read_catalog(dir: &Path, m: &Manifest, hash: bool) -> anyhow::Result<DataCatalog> {
    let key = cache_key(dir, m).filter(|k| cache_enabled() && k.len == k.bytes);
    if let Some(key) = &key
        && !hash
    {
        match std::fs::read(dir.join(CACHE_DIR).join(CATALOG_CACHE)) {
            Err(_) => trace_catalog_cache("missing"),
            Ok(bytes) => match catalog_cache::decode(&bytes, key) {
                Ok(catalog) => {
                    trace_catalog_cache("used");
                    return Ok(catalog);
                }
                Err(why) => trace_catalog_cache(why.as_str()),
            },
        }
    }
    if let Some(catalog) = cached(dir, m, hash, cache::decode_catalog_from) {
        // Only what the observations' cache gave, for the key it was
        // used for, if the file did not change since.
        if let Some(key) = key
            && cache_key(dir, m).as_ref() == Some(&key)
            && write_cache_file(dir, CATALOG_CACHE, &catalog_cache::encode(&catalog, &key))
        {
            trace_catalog_cache("written");
        }
        return Ok(catalog);
    }
    Ok(parse_observations(dir, m, hash)?.catalog())
}

/// The cache file of the catalog of series in [`CACHE_DIR`].
const CATALOG_CACHE: &str = "catalog.bin";

/// With `RBM_TRACE_CACHE` set, what became of the catalog's cache (on
/// lines of their own, apart from the observations' cache).
fn trace_catalog_cache(what: &str) {
    if std::env::var_os("RBM_TRACE_CACHE").is_some() {
        let _ = writeln!(std::io::stderr(), "rbm catalog cache: {what}");
    }
}

/// The observations parsed from the CSV and checked, then cached for the
/// next command.
fn parse_observations(dir: &Path, m: &Manifest, hash: bool) -> anyhow::Result<ObservationTable> {
    let before = cache_key(dir, m);
    let bytes = store_file(dir, files::OBSERVATIONS)?;
    let path = dir.join(files::OBSERVATIONS);
    let mut problems = Problems::default();
    // Seconds for a large store read without its cache.
    let bar = if bytes.len() > 50_000_000 {
        Bar::new(bytes.len() as u64, Unit::Bytes, "reading observations.csv")
    } else {
        Bar::hidden()
    };
    let (table, rows) =
        store::read_observations_with(&path, &bytes, &mut problems, &mut |b| bar.set(b));
    drop(bar);
    problems.into_result()?;
    verify(m, dir, files::OBSERVATIONS, &bytes, rows, hash)?;
    // Cached only for the bytes the manifest describes, checked here if
    // they were not above, and only if the file did not change while it
    // was read.
    if let Some(key) = before
        && cache_enabled()
        && cache_key(dir, m).as_ref() == Some(&key)
        && (hash || manifest::sha256_hex(&bytes) == key.sha256)
    {
        write_cache(dir, &table, &key, Vec::new());
    }
    Ok(table)
}

// ---------------------------------------------------------------------------
// The cache of the parsed observations

/// The folder of the store that holds the cache of its parsed
/// observations ([`crate::ingest::cache`]). It is not part of the store:
/// the manifest does not list it, git ignores it, and deleting it only
/// makes the next command parse the CSV again.
pub const CACHE_DIR: &str = ".rbm-cache";

/// The cache file in [`CACHE_DIR`].
const CACHE_FILE: &str = "observations.bin";

/// False when `RBM_NO_CACHE` is set: every command parses the CSV and
/// writes no cache (to compare the two, and to measure the parse).
fn cache_enabled() -> bool {
    std::env::var_os("RBM_NO_CACHE").is_none()
}

/// With `RBM_TRACE_CACHE` set, what became of the cache is written to
/// stderr (for the tests).
fn trace_cache(what: &str) {
    if std::env::var_os("RBM_TRACE_CACHE").is_some() {
        let _ = writeln!(std::io::stderr(), "rbm cache: {what}");
    }
}

/// The key the cache must have been written for: the manifest's entry for
/// `observations.csv` and the file as it is now; `None` without either.
fn cache_key(dir: &Path, m: &Manifest) -> Option<Key> {
    file_key(dir, m, files::OBSERVATIONS)
}

/// The key of one file of the store: the manifest's entry for it and the
/// file as it is now; `None` without either.
fn file_key(dir: &Path, m: &Manifest, name: &str) -> Option<Key> {
    let entry = m.get(name)?;
    let meta = std::fs::metadata(dir.join(name)).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(Key {
        bytes: entry.bytes,
        rows: entry.rows,
        sha256: entry.sha256.clone(),
        len: meta.len(),
        modified: (modified.as_secs(), modified.subsec_nanos()),
    })
}

/// What the cache holds ([`cache::decode_from`]: the observations; or
/// only their catalog), when it was written for the store as it is now;
/// with `hash`, only if the CSV's sha256 is still the manifest's. `None`
/// means: parse the CSV (which reports what is wrong with it, if anything
/// is).
fn cached<T>(
    dir: &Path,
    m: &Manifest,
    hash: bool,
    decode: impl FnOnce(File, &Key) -> Result<T, cache::Unusable>,
) -> Option<T> {
    if !cache_enabled() {
        return None;
    }
    let key = cache_key(dir, m)?;
    if key.len != key.bytes {
        return None;
    }
    let Ok(file) = File::open(dir.join(CACHE_DIR).join(CACHE_FILE)) else {
        trace_cache("missing");
        return None;
    };
    // Read a window at a time: the file is never held beside its table.
    let out = match decode(file, &key) {
        Ok(t) => t,
        Err(why) => {
            trace_cache(why.as_str());
            return None;
        }
    };
    if hash {
        let csv = std::fs::read(dir.join(files::OBSERVATIONS)).ok()?;
        if manifest::sha256_hex(&csv) != key.sha256 {
            return None;
        }
    }
    trace_cache("used");
    Some(out)
}

/// Write the cache of a table for a key, through a temporary file of this
/// process and a rename, so that readers sharing the store's lock never
/// see half a cache. Best effort: a store that cannot be written (a
/// read-only copy) simply has no cache.
fn write_cache(dir: &Path, table: &ObservationTable, key: &Key, mut bytes: Vec<u8>) {
    cache::encode_into(table, key, &mut bytes);
    write_encoded_cache(dir, &bytes);
}

/// [`write_cache`] of a cache already encoded for its key.
fn write_encoded_cache(dir: &Path, bytes: &[u8]) {
    if write_cache_file(dir, CACHE_FILE, bytes) {
        trace_cache("written");
    }
}

/// Write a file of [`CACHE_DIR`] through a temporary file of this process
/// and a rename; false when it could not be written.
fn write_cache_file(dir: &Path, name: &str, bytes: &[u8]) -> bool {
    let folder = dir.join(CACHE_DIR);
    if std::fs::create_dir_all(&folder).is_err() {
        return false;
    }
    let path = folder.join(name);
    let tmp = folder.join(format!(".{name}.{}.rbm-tmp", std::process::id()));
    // Through the page cache, unlike `observations.csv`: the cache is
    // what the next command reads. Written past the page cache, the first
    // `rbm series` after an ingest of 10^7 rows read its 240 MB back from
    // the disk, 2.26 s instead of 1.18 s, over the 2 s a command may take
    // to load such a store, to save the ingest 0.6-0.9 s of system time.
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.is_ok()
}

/// Remove what killed runs left in the cache folder (under the store's
/// exclusive lock).
fn remove_cache_temps(dir: &Path) -> anyhow::Result<()> {
    let folder = dir.join(CACHE_DIR);
    if folder.is_dir() {
        remove_temps(&folder)?;
    }
    Ok(())
}

/// The cache file of the parsed classification in [`CACHE_DIR`]
/// ([`crate::ingest::class_cache`]).
const CLASSIFICATION_CACHE: &str = "classification.bin";

/// With `RBM_TRACE_CACHE` set, what became of the classification's cache
/// (on lines of their own, apart from the observations' cache).
fn trace_class_cache(what: &str) {
    if std::env::var_os("RBM_TRACE_CACHE").is_some() {
        let _ = writeln!(std::io::stderr(), "rbm classification cache: {what}");
    }
}

/// The keys the classification's cache must have been written for, in
/// the order of [`class_cache::FILES`]; `None` without any of them.
fn class_keys(dir: &Path, m: &Manifest) -> Option<[Key; 4]> {
    let [a, b, c, d] = class_cache::FILES.map(|name| file_key(dir, m, name));
    let keys = [a?, b?, c?, d?];
    keys.iter().all(|k| k.len == k.bytes).then_some(keys)
}

/// The classification: from its cache when that was written for the
/// store's four files as they are now (never when their sha256 is to be
/// checked: `rbm check` reads the files), else parsed and checked (and
/// then cached for the next command).
fn read_classification(dir: &Path, m: &Manifest, hash: bool) -> anyhow::Result<Classification> {
    let keys = class_keys(dir, m).filter(|_| cache_enabled());
    if let Some(keys) = &keys
        && !hash
    {
        match std::fs::read(dir.join(CACHE_DIR).join(CLASSIFICATION_CACHE)) {
            Err(_) => trace_class_cache("missing"),
            Ok(bytes) => match class_cache::decode(&bytes, keys) {
                Ok(c) => {
                    trace_class_cache("used");
                    return Ok(c);
                }
                Err(why) => trace_class_cache(why.as_str()),
            },
        }
    }
    let names = class_cache::FILES;
    let bytes = names
        .iter()
        .map(|n| store_file(dir, n))
        .collect::<crate::error::Result<Vec<_>>>()?;
    let mut problems = Problems::default();
    let (c, rows) = store::read_classification(
        dir,
        [&bytes[0], &bytes[1], &bytes[2], &bytes[3]],
        &mut problems,
    );
    problems.into_result()?;
    for ((name, b), rows) in names.iter().zip(&bytes).zip(rows) {
        verify(m, dir, name, b, rows, hash)?;
    }
    // Cached only for the bytes the manifest describes, checked here if
    // they were not above, and only if no file changed while they were
    // read.
    if let Some(keys) = keys
        && class_keys(dir, m).as_ref() == Some(&keys)
        && (hash
            || keys
                .iter()
                .zip(&bytes)
                .all(|(k, b)| manifest::sha256_hex(b) == k.sha256))
        && write_cache_file(dir, CLASSIFICATION_CACHE, &class_cache::encode(&c, &keys))
    {
        trace_class_cache("written");
    }
    Ok(c)
}

fn read_inputs(dir: &Path, m: &Manifest, hash: bool) -> anyhow::Result<Vec<InputRecord>> {
    let bytes = store_file(dir, files::INPUTS)?;
    let path = dir.join(files::INPUTS);
    let mut problems = Problems::default();
    let (inputs, rows) = store::read_inputs(&path, &bytes, &mut problems);
    problems.into_result()?;
    verify(m, dir, files::INPUTS, &bytes, rows, hash)?;
    Ok(inputs)
}

/// Load `observations.csv` from a datasets folder (checked as [`Store`]
/// says).
pub fn load_observations(data: &Path) -> anyhow::Result<ObservationTable> {
    Store::open(data)?.observations(false)
}

/// Load the catalog of series of `observations.csv` from a datasets
/// folder (checked as [`Store`] says).
pub fn load_catalog(data: &Path) -> anyhow::Result<DataCatalog> {
    Store::open(data)?.catalog(false)
}

/// Load the classification from a datasets folder.
pub fn load_classification(data: &Path) -> anyhow::Result<Classification> {
    Store::open(data)?.classification(false)
}

/// Load `inputs.csv` from a datasets folder.
pub fn load_inputs(data: &Path) -> anyhow::Result<Vec<InputRecord>> {
    Store::open(data)?.inputs(false)
}

/// What `rbm check` found in a datasets folder: every problem of every
/// file, the sha256 of each checked against the manifest, and the data
/// when they have none.
pub struct StoreCheck {
    /// Every problem, with its file, line and field.
    pub problems: Problems,
    /// The observations, when they have no problem.
    pub table: Option<ObservationTable>,
    /// The classification, when it has no problem.
    pub class: Option<Classification>,
    /// Files found to match the manifest.
    pub matching: usize,
}

/// Check every file of a datasets folder and list every problem, as
/// `rbm check` does for definitions.
pub fn check_store(dir: &Path) -> anyhow::Result<StoreCheck> {
    let _lock = read_lock(dir)?;
    let mut problems = Problems::default();
    let manifest = match read_manifest(dir) {
        Ok(m) => Some(m),
        Err(e) => {
            problems.push(e);
            None
        }
    };
    let mut matching = 0;
    // Each file: read, parse with every problem kept, then the manifest.
    let bytes_of = |name: &str, problems: &mut Problems| match store_file(dir, name) {
        Ok(b) => Some(b),
        Err(e) => {
            problems.push(e);
            None
        }
    };
    // A file whose rows have problems is not compared with the manifest
    // too: its problems already say it is not what rbm wrote.
    let mut against = |name: &str, bytes: &[u8], rows: u64, problems: &mut Problems| {
        if let Some(m) = &manifest
            && !problems.any_in(&dir.join(name))
        {
            match verify(m, dir, name, bytes, rows, true) {
                Ok(()) => matching += 1,
                Err(e) => problems.push(e),
            }
        }
    };

    let obs_path = dir.join(files::OBSERVATIONS);
    let table = bytes_of(files::OBSERVATIONS, &mut problems).and_then(|b| {
        let before = problems.count();
        let (table, rows) = store::read_observations(&obs_path, &b, &mut problems);
        against(files::OBSERVATIONS, &b, rows, &mut problems);
        if table.is_empty() {
            problems.at(
                Location::file(&obs_path),
                "the store holds no observations: nothing can be measured; rebuild it with `bash datasets/build.sh` or `rbm ingest`",
            );
        }
        (problems.count() == before).then_some(table)
    });

    let names = [
        files::CLASSIFICATION,
        files::WEIGHTS,
        files::ALIASES,
        files::CLASSIFICATION_NOTES,
    ];
    let parts: Vec<Option<Vec<u8>>> = names.iter().map(|n| bytes_of(n, &mut problems)).collect();
    let class = match parts.as_slice() {
        [Some(c), Some(w), Some(a), Some(n)] => {
            let before = problems.count();
            let (class, rows) = store::read_classification(dir, [c, w, a, n], &mut problems);
            for ((name, b), rows) in names.iter().zip([c, w, a, n]).zip(rows) {
                against(name, b, rows, &mut problems);
            }
            (problems.count() == before).then_some(class)
        }
        _ => None,
    };

    if let Some(b) = bytes_of(files::INPUTS, &mut problems) {
        let (_, rows) = store::read_inputs(&dir.join(files::INPUTS), &b, &mut problems);
        against(files::INPUTS, &b, rows, &mut problems);
    }
    if let (Some(t), Some(c)) = (&table, &class) {
        store::check_geos(&obs_path, t, c, &mut problems);
    }
    Ok(StoreCheck {
        problems,
        table,
        class,
        matching,
    })
}

// ---------------------------------------------------------------------------
// Writing the store

/// A file of the store to write: its name, text and rows.
pub struct NewFile {
    /// One of [`files::STORE`].
    pub name: &'static str,
    /// The text.
    pub text: String,
    /// Its data rows, for the manifest.
    pub rows: u64,
}

/// The datasets folder, open for writing: locked exclusively for as long
/// as this lives, with whatever killed runs left there recovered or
/// removed first.
pub struct StoreWriter {
    dir: PathBuf,
    lock: FolderLock,
    /// The manifest, or why it could not be read (a store that is not
    /// there yet, or is replaced whole, needs none).
    manifest: crate::error::Result<Manifest>,
}

impl StoreWriter {
    /// Lock a datasets folder (created if need be) to write it.
    pub fn open(dir: &Path) -> anyhow::Result<StoreWriter> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create '{}'", dir.display()))?;
        let lock = FolderLock::exclusive(dir)?;
        recover(dir, &lock)?;
        lock.note_holder();
        let manifest = read_manifest(dir);
        Ok(StoreWriter {
            dir: dir.to_path_buf(),
            lock,
            manifest,
        })
    }

    fn manifest(&self) -> anyhow::Result<&Manifest> {
        self.manifest.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// True when the folder holds `observations.csv`.
    pub fn has_observations(&self) -> bool {
        self.dir.join(files::OBSERVATIONS).is_file()
    }

    /// True when the folder holds `inputs.csv`.
    pub fn has_inputs(&self) -> bool {
        self.dir.join(files::INPUTS).is_file()
    }

    /// The observations already there, sha256 checked: an ingest carries
    /// them forward.
    pub fn observations(&self) -> anyhow::Result<ObservationTable> {
        read_observations(&self.dir, self.manifest()?, true)
    }

    /// The classification already there, sha256 checked.
    pub fn classification(&self) -> anyhow::Result<Classification> {
        read_classification(&self.dir, self.manifest()?, true)
    }

    /// The list of inputs already there, sha256 checked.
    pub fn inputs(&self) -> anyhow::Result<Vec<InputRecord>> {
        read_inputs(&self.dir, self.manifest()?, true)
    }

    /// Write the cache of the observations just committed (`manifest` is
    /// what [`Self::commit`] returned), so that the next command does not
    /// parse them again.
    /// `buffer` is memory to encode it in (see [`cache::encode_into`]).
    pub fn cache_observations(
        &self,
        manifest: &Manifest,
        table: &ObservationTable,
        buffer: Vec<u8>,
    ) {
        if let Some(key) = cache_key(&self.dir, manifest).filter(|_| cache_enabled()) {
            write_cache(&self.dir, table, &key, buffer);
        }
    }

    /// True when commands keep a cache of the store (`RBM_NO_CACHE` is not
    /// set).
    pub fn caches(&self) -> bool {
        cache_enabled()
    }

    /// Write the cache of the observations just committed (`manifest` is
    /// what [`Self::commit`] returned), from a cache of them [`cache::encode`]d
    /// for any key: the key of the store as committed is put in first.
    pub fn cache_encoded(&self, manifest: &Manifest, mut encoded: Vec<u8>) {
        if let Some(key) = cache_key(&self.dir, manifest).filter(|_| cache_enabled()) {
            cache::set_key(&mut encoded, &key);
            write_encoded_cache(&self.dir, &encoded);
        }
    }

    /// Replace `new` files of the store and its manifest in one commit;
    /// every other file of the store stays, with its manifest entry. The
    /// manifest written is returned.
    pub fn commit(&self, new: &[NewFile]) -> anyhow::Result<Manifest> {
        let mut kept: Vec<Entry> = Vec::new();
        for name in files::STORE {
            if !new.iter().any(|f| f.name == name) {
                let entry = self.manifest()?.get(name).cloned().with_context(|| {
                    format!("the manifest has no entry for {name}, which this ingest keeps")
                })?;
                kept.push(entry);
            }
        }
        // The new files are hashed for the manifest while they are
        // written (at ten million rows, half a second of sha256 beside
        // most of a second of waiting for the disk).
        let manifest = || -> anyhow::Result<(Manifest, String)> {
            let mut entries: Vec<Entry> = Vec::new();
            for name in files::STORE {
                match new.iter().find(|f| f.name == name) {
                    Some(f) => entries.push(Entry::of(name, f.text.as_bytes(), f.rows)),
                    None => {
                        if let Some(k) = kept.iter().find(|k| k.file == name) {
                            entries.push(k.clone());
                        }
                    }
                }
            }
            let written = Manifest::new(entries);
            let text = manifest::render(&written)?;
            Ok((written, text))
        };
        let writes: Vec<(PathBuf, &[u8])> = new
            .iter()
            .map(|f| (self.dir.join(f.name), f.text.as_bytes()))
            .collect();
        let manifest_path = self.dir.join(files::MANIFEST);
        commit(&self.dir, &writes, &manifest_path, manifest, &self.lock)
    }
}

/// Sync a folder, so that renames and removals in it survive a power cut.
/// (Not possible on every system: there, the renames are as durable as
/// the system makes them.)
fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    let synced = File::open(dir).and_then(|d| d.sync_all());
    trace(&format!("sync folder {}", dir.display()));
    match synced {
        Ok(()) => Ok(()),
        Err(e) if cfg!(unix) => {
            Err(e).with_context(|| format!("could not sync '{}' to disk", dir.display()))
        }
        Err(_) => Ok(()),
    }
}

/// Write a file and sync it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // observations.csv at ten million rows goes past the page cache.
    super::direct::write_synced(path, bytes)?;
    trace(&format!(
        "sync {}",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    Ok(())
}

/// Write files into one folder so that either all are replaced or none
/// is, even if the process is killed or the power cut at any moment (see
/// the module's documentation). The caller holds the folder's exclusive
/// lock.
///
/// The last file written is the manifest, whose text `manifest` makes
/// (with what it describes) while the others are written.
fn commit<M: Send>(
    dir: &Path,
    writes: &[(PathBuf, &[u8])],
    manifest_path: &Path,
    manifest: impl FnOnce() -> anyhow::Result<(M, String)> + Send,
    _lock: &FolderLock,
) -> anyhow::Result<M> {
    let discard = |temps: &[(PathBuf, &Path)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    let write_temps = || -> anyhow::Result<Vec<(PathBuf, &Path)>> {
        let mut temps: Vec<(PathBuf, &Path)> = Vec::new();
        for (path, contents) in writes {
            let tmp = temp_name(path);
            if let Err(e) = injected_failure(path).and_then(|()| write_synced(&tmp, contents)) {
                discard(&temps);
                let _ = std::fs::remove_file(&tmp);
                return Err(e).with_context(|| format!("could not write '{}'", path.display()));
            }
            temps.push((tmp, path.as_path()));
        }
        Ok(temps)
    };
    let (made, written) = rayon::join(manifest, write_temps);
    let mut temps = written?;
    let (described, text) = match made {
        Ok(m) => m,
        Err(e) => {
            discard(&temps);
            return Err(e);
        }
    };
    let tmp = temp_name(manifest_path);
    if let Err(e) =
        injected_failure(manifest_path).and_then(|()| write_synced(&tmp, text.as_bytes()))
    {
        discard(&temps);
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("could not write '{}'", manifest_path.display()));
    }
    temps.push((tmp, manifest_path));
    injected_abort("temps-written");
    injected_pause("temps-written");
    let names: String = temps
        .iter()
        .filter_map(|(_, p)| p.file_name())
        .map(|n| format!("{}\n", n.to_string_lossy()))
        .collect();
    let journal = dir.join(JOURNAL);
    let pending = dir.join(format!("{JOURNAL}.rbm-tmp"));
    let committed = write_synced(&pending, names.as_bytes())
        .and_then(|()| std::fs::rename(&pending, &journal))
        .map_err(anyhow::Error::from)
        .and_then(|()| {
            trace("rename journal");
            sync_dir(dir)
        });
    if let Err(e) = committed {
        discard(&temps);
        let _ = std::fs::remove_file(&pending);
        let _ = std::fs::remove_file(&journal);
        return Err(e)
            .with_context(|| format!("could not commit the new files in '{}'", dir.display()));
    }
    for (i, (tmp, path)) in temps.iter().enumerate() {
        std::fs::rename(tmp, path)
            .with_context(|| format!("could not move '{}' into place", path.display()))?;
        trace(&format!(
            "rename {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        if i == 0 {
            injected_abort("first-rename");
        }
    }
    sync_dir(dir)?;
    std::fs::remove_file(&journal)
        .with_context(|| format!("could not remove '{}'", journal.display()))?;
    trace("remove journal");
    sync_dir(dir)?;
    Ok(described)
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.rbm-tmp"))
}

/// Files of this size (64 MiB) or more are read in two halves at once by
/// [`read_whole`].
const READ_IN_HALVES: u64 = 64 << 20;

/// The whole of a file, as [`std::fs::read`] gives it. A large one (an
/// export of ten million rows is 1.2 GB) is read in two halves on two
/// threads: most of reading it is the kernel's copy into fresh memory,
/// which then runs on two cores. A file that is not as long as it said
/// when opened (one being written) is read again the ordinary way.
pub fn read_whole(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt as _;
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        if let Some(n) = usize::try_from(len).ok().filter(|_| len >= READ_IN_HALVES) {
            // Zeroed memory of this size is fresh pages, not written to.
            let mut bytes = vec![0u8; n];
            let (first, second) = bytes.split_at_mut(n / 2);
            let at = first.len() as u64;
            let (read_first, read_second) = std::thread::scope(|scope| {
                let other = scope.spawn(|| file.read_exact_at(second, at));
                let here = file.read_exact_at(first, 0);
                (here, other.join())
            });
            let read_second = read_second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let mut past = [0u8; 1];
            if read_first.is_ok()
                && read_second.is_ok()
                && matches!(file.read_at(&mut past, len), Ok(0))
            {
                return Ok(bytes);
            }
        }
    }
    std::fs::read(path)
}

// ---------------------------------------------------------------------------
// Other files: rejects, charts, reports

/// Write one file outside the store (`--rejects FILE`) through a temporary
/// file of this process beside it and a rename, which is removed again if
/// anything fails: a path that is a folder is refused before anything is
/// written.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path.is_dir() {
        anyhow::bail!(
            "'{}' is a folder: give the file to write, such as '{}'",
            path.display(),
            path.join("rejects.csv").display()
        );
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.rbm-tmp", std::process::id()));
    let written = injected_failure(path)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .with_context(|| format!("could not write '{}'", path.display()))
        .and_then(|()| {
            std::fs::rename(&tmp, path)
                .with_context(|| format!("could not move '{}' into place", path.display()))
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Write binary files (charts), each through a temporary file and a
/// rename, each folder under its exclusive lock, after removing the
/// temporary files that killed runs left there. No journal: charts are
/// independent files.
pub fn write_files(files: Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<()> {
    let folders: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .map(|(p, _)| p.parent().unwrap_or(Path::new(".")).to_path_buf())
        .collect();
    for dir in folders {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("could not create '{}'", dir.display()))?;
        let lock = FolderLock::exclusive(&dir)?;
        remove_temps(&dir)?;
        lock.note_holder();
        for (path, bytes) in files
            .iter()
            .filter(|(p, _)| p.parent().unwrap_or(Path::new(".")) == dir)
        {
            let tmp = temp_name(path);
            let written = std::fs::write(&tmp, bytes)
                .with_context(|| format!("could not write '{}'", path.display()))
                .and_then(|()| {
                    std::fs::rename(&tmp, path)
                        .with_context(|| format!("could not move '{}' into place", path.display()))
                });
            if written.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            written?;
        }
    }
    Ok(())
}

/// Remove the temporary files of killed runs from a folder whose lock is
/// held.
fn remove_temps(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("could not read '{}'", dir.display()))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_temp(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("could not remove '{}'", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The temporary folders of [`replace_dir`] in a parent folder: a new
/// folder being written, or the old one moved aside.
fn report_temp(name: &str) -> Option<(&str, bool)> {
    let rest = name.strip_prefix('.')?;
    if let Some((target, _)) = rest.rsplit_once(".rbm-new-") {
        return Some((target, true));
    }
    rest.rsplit_once(".rbm-old-")
        .map(|(target, _)| (target, false))
}

/// Undo what killed runs of [`replace_dir`] left in `parent`, under its
/// lock: an old folder moved aside whose target is missing goes back (the
/// run was killed between its two renames), and every other temporary
/// folder is removed.
fn recover_replaced(parent: &Path) -> anyhow::Result<()> {
    let mut left: Vec<(PathBuf, String, bool)> = std::fs::read_dir(parent)
        .with_context(|| format!("could not read '{}'", parent.display()))?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (target, new) = report_temp(&name)?;
            Some((e.path(), target.to_string(), new))
        })
        .collect();
    left.sort();
    for (path, target, new) in &left {
        let target = parent.join(target);
        if !new && !target.exists() {
            std::fs::rename(path, &target)
                .with_context(|| format!("could not put '{}' back in place", target.display()))?;
            continue;
        }
        std::fs::remove_dir_all(path)
            .with_context(|| format!("could not remove '{}'", path.display()))?;
    }
    Ok(())
}

/// Replace a folder with new contents, so that a failure at any point
/// leaves the old folder as it was: write everything into a temporary
/// folder beside it, then swap the two with renames, all under the parent
/// folder's exclusive lock (after undoing what killed runs left there).
pub fn replace_dir(target: &Path, files: Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::create_dir_all(parent)
        .with_context(|| format!("could not create '{}'", parent.display()))?;
    let lock = FolderLock::exclusive(parent)?;
    recover_replaced(parent)?;
    lock.note_holder();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    let tmp = parent.join(format!(".{name}.rbm-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.rbm-old-{}", std::process::id()));
    let written = (|| -> anyhow::Result<()> {
        // The folders first, each once; then the files on every core: a
        // report is some 70 MB, and copying it into the page cache was a
        // tenth of `rbm report`'s time on one core. A failure is reported
        // for the first file (in the given order) that failed.
        let dirs: std::collections::BTreeSet<&Path> =
            files.iter().filter_map(|(rel, _)| rel.parent()).collect();
        for dir in dirs {
            let dir = tmp.join(dir);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("could not create '{}'", dir.display()))?;
        }
        use rayon::prelude::*;
        let results: Vec<anyhow::Result<()>> = files
            .par_iter()
            .map(|(rel, bytes)| {
                let path = tmp.join(rel);
                injected_failure(&path)
                    .with_context(|| format!("could not write '{}'", path.display()))?;
                std::fs::write(&path, bytes)
                    .with_context(|| format!("could not write '{}'", path.display()))
            })
            .collect();
        results.into_iter().collect()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    injected_abort("report-written");
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old)
            .with_context(|| format!("could not move the old '{}' aside", target.display()))?;
    }
    injected_abort("report-aside");
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

// ---------------------------------------------------------------------------
// Hooks for the tests of killed, failed and concurrent runs

/// Fault injection for tests of killed runs: when `RBM_ABORT_WRITING` names
/// this stage of a write, the process ends there at once, as if killed
/// (exit status 134, without the core file an abort may leave).
fn injected_abort(stage: &str) {
    if std::env::var("RBM_ABORT_WRITING").is_ok_and(|s| s == stage) {
        std::process::exit(134);
    }
}

/// For tests of concurrent runs: when `RBM_PAUSE_WRITING` names this stage
/// (`locked`: a lock was just taken; `temps-written`: an ingest's new files
/// wait beside the old ones, uncommitted), say so on stderr and wait,
/// still holding the lock, until a line or the end of standard input.
fn injected_pause(stage: &str) {
    if std::env::var("RBM_PAUSE_WRITING").is_ok_and(|s| s == stage) {
        let _ = writeln!(std::io::stderr(), "rbm: paused at {stage}");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

/// For the test of durable commits: with `RBM_TRACE_COMMIT` set, each
/// sync, rename and removal of a commit is written to stderr as it is
/// done.
fn trace(step: &str) {
    if std::env::var_os("RBM_TRACE_COMMIT").is_some() {
        let _ = writeln!(std::io::stderr(), "rbm commit: {step}");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file read in halves holds every byte where reading it whole puts
    /// it, at an odd length just past the threshold and at a small one.
    #[test]
    fn a_file_read_in_halves_is_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("large.csv");
        for n in [READ_IN_HALVES as usize + 3, 10] {
            // Bytes that differ from place to place, so that a half read
            // at the wrong offset shows.
            let bytes: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).expect("write");
            assert!(read_whole(&path).expect("reads") == bytes, "{n}");
        }
        assert!(read_whole(&dir.path().join("missing.csv")).is_err());
    }
}
