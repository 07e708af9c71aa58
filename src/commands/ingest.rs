//! `rbm ingest FILE...`: read, normalise, validate, account, write.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::bar::{Bar, Unit};
use super::fs::{self, NewFile};
use super::options::{Io, Outcome, Run, Shared};
use crate::classify::Classification;
use crate::classify::build::{self, InputFile, Inputs};
use crate::ingest::cache;
use crate::ingest::store::{self, InputRecord, files};
use crate::ingest::validate::vintage_problem;
use crate::ingest::{self, Ingest, InputFormat, ObservationTable};
use crate::report::table::{Align, Style, Table};
use crate::report::terminal::WIDTH;

/// Options of `rbm ingest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Files in priority order: where two give different values for the
    /// same key, the first one's value is kept.
    pub files: Vec<PathBuf>,
    /// Read every file as this format instead of detecting it.
    pub format: Option<InputFormat>,
    /// Where to write every rejected row.
    pub rejects: Option<PathBuf>,
    /// Folder with the classification inputs; without it the
    /// classification in the datasets folder is kept.
    pub classifications: Option<PathBuf>,
    /// Release of the files, where they do not say.
    pub vintage: Option<String>,
    /// Keep the observations already in the datasets folder (they take
    /// priority).
    pub append: bool,
    /// Check and count, but write nothing.
    pub dry_run: bool,
    /// Ingest files that cover far fewer economies or years than their
    /// kind always does (which looks like a file cut short).
    pub force: bool,
}

impl Run for IngestOptions {
    fn run(&self, shared: &Shared, io: &mut Io<'_>) -> anyhow::Result<Outcome> {
        ingest(shared, self, io.out, io.err)
    }
}

/// The datasets folder as an ingest holds it: locked exclusively from the
/// first read to the commit for a write, so that no other writer's rows
/// are lost in between; shared for a dry run that reads it; not at all
/// for a dry run that does not.
enum Held {
    Writer(fs::StoreWriter),
    Reader(fs::Store),
    Nothing,
}

impl Held {
    fn classification(&self, data: &Path) -> anyhow::Result<Classification> {
        match self {
            Held::Writer(w) => w.classification(),
            Held::Reader(r) => r.classification(true),
            Held::Nothing => anyhow::bail!("'{}' was not read", data.display()),
        }
    }

    /// The observations already there, if any.
    fn observations(&self) -> anyhow::Result<Option<ObservationTable>> {
        match self {
            Held::Writer(w) if w.has_observations() => Ok(Some(w.observations()?)),
            Held::Reader(r) => Ok(Some(r.observations(true)?)),
            _ => Ok(None),
        }
    }
}

/// Files larger than this (10 MB) are large: their rows are counted
/// first, to make room for them and to show a progress bar on a terminal.
const LARGE: usize = 10_000_000;

/// A file's name, for a progress bar.
fn short_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Run an ingest.
fn ingest(
    shared: &Shared,
    opts: &IngestOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let data = &shared.data;
    if let Some(why) = opts.vintage.as_deref().and_then(vintage_problem) {
        return Err(crate::Error::Usage(format!("--vintage: {why}")).into());
    }
    let reads_store = opts.classifications.is_none() || opts.append;
    let held = if !opts.dry_run {
        Held::Writer(fs::StoreWriter::open(data)?)
    } else if reads_store && data.is_dir() {
        Held::Reader(fs::Store::open(data)?)
    } else {
        Held::Nothing
    };
    let mut shortfalls: Vec<String> = Vec::new();
    let classification = match &opts.classifications {
        Some(dir) => {
            let (c, short) = build_classification(dir)?;
            shortfalls.extend(short);
            c
        }
        None => held.classification(data).with_context(|| {
            format!(
                "no classification to check economy codes against in '{}': give --classifications with the folder of country codes, ITU regions, population and household size",
                data.display()
            )
        })?,
    };
    let obs_path = data.join(files::OBSERVATIONS);
    let existing = if opts.append {
        held.observations()?
    } else {
        None
    };
    let had_observations = existing.is_some();
    let mut ingest = match existing {
        Some(table) => Ingest::new(&classification, Some((table, obs_path.as_path()))),
        None => Ingest::new(&classification, None),
    };
    // The last file's bytes, kept as memory to write the store in: at ten
    // million rows, touching fresh memory costs more than the writing.
    let mut spare: Vec<u8> = Vec::new();
    for path in &opts.files {
        // One input in memory at a time.
        drop(std::mem::take(&mut spare));
        let bytes =
            fs::read_whole(path).with_context(|| format!("could not read '{}'", path.display()))?;
        let format = match opts.format {
            Some(f) => f,
            None => ingest::detect(path, &bytes)?,
        };
        let result = if format.streams() {
            // Rows go straight from the parser to the table: a file of ten
            // million rows is never held as rows.
            let vintage = opts.vintage.clone().or_else(|| vintage_from_path(path));
            let bar = if bytes.len() > LARGE {
                // About one row per line; the lines of each half counted on
                // a core of its own (at ten million rows, 0.2 s on one).
                let (first, second) = bytes.split_at(bytes.len() / 2);
                let (a, b) = rayon::join(
                    || crate::base::text::count_newlines(first),
                    || crate::base::text::count_newlines(second),
                );
                let lines = (a + b) as usize;
                ingest.reserve(lines);
                Bar::new(
                    lines as u64,
                    Unit::Rows,
                    &format!("reading {}", short_name(path)),
                )
            } else {
                Bar::hidden()
            };
            let mut state = ingest.begin(path, vintage.as_deref());
            let mut seen = 0u32;
            let parsed = ingest::parse_streaming(format, path, &bytes, &mut |c, cols| {
                seen = seen.wrapping_add(1);
                if seen.is_multiple_of(8192)
                    && let ingest::Position::Line(line) = c.position
                {
                    bar.set(line);
                }
                ingest.offer(&mut state, c, cols)
            })
            .with_context(|| {
                format!(
                    "could not ingest '{}' as {}",
                    path.display(),
                    format.as_str()
                )
            })?;
            ingest.end(state, path, format, parsed)
        } else {
            let parsed = ingest::parse(format, path, &bytes).with_context(|| {
                format!(
                    "could not ingest '{}' as {}",
                    path.display(),
                    format.as_str()
                )
            })?;
            // The file's own statement of its release wins; then --vintage;
            // then a `vintage_YYYY-MM` folder in its path.
            let vintage = parsed
                .vintage
                .clone()
                .or_else(|| opts.vintage.clone())
                .or_else(|| vintage_from_path(path));
            ingest.add(path, format, parsed, vintage.as_deref())
        };
        spare = bytes;
        writeln!(
            err,
            "read {} ({}): {} read, {} accepted, {} rejected, {} merged",
            path.display(),
            format.as_str(),
            result.counts.read,
            result.counts.accepted,
            result.counts.rejected,
            result.counts.merged
        )?;
    }
    // Sorting, writing and syncing ten million rows takes seconds too.
    let large = ingest.table.len() > LARGE / 10;
    let sorting = if large {
        Bar::new(1, Unit::Steps, "sorting the observations")
    } else {
        Bar::hidden()
    };
    let (table, results) = ingest.finish();
    // Cleared before anything is printed.
    drop(sorting);
    shortfalls.extend(
        results
            .iter()
            .filter_map(|r| ingest::validate::coverage_shortfall(r, &classification)),
    );

    // The summary, per file and in total.
    let mut summary = Table::new(&[
        ("read", Align::Right),
        ("accepted", Align::Right),
        ("rejected", Align::Right),
        ("merged", Align::Right),
        ("format", Align::Left),
        ("vintage", Align::Left),
        ("file", Align::Left),
    ])
    .wrap(6);
    let mut total = ingest::RowCounts::default();
    let mut by_kind = std::collections::BTreeMap::new();
    for r in &results {
        summary.row(vec![
            r.counts.read.to_string(),
            r.counts.accepted.to_string(),
            r.counts.rejected.to_string(),
            r.counts.merged.to_string(),
            r.format.as_str().to_string(),
            r.vintage.clone(),
            r.path.display().to_string(),
        ]);
        total.read += r.counts.read;
        total.accepted += r.counts.accepted;
        total.rejected += r.counts.rejected;
        total.merged += r.counts.merged;
        for (k, n) in store::reject_summary(&r.rejects) {
            *by_kind.entry(k).or_insert(0u64) += n;
        }
    }
    summary.row(vec![
        total.read.to_string(),
        total.accepted.to_string(),
        total.rejected.to_string(),
        total.merged.to_string(),
        String::new(),
        String::new(),
        format!("total ({} files)", results.len()),
    ]);
    write!(out, "{}", summary.render(WIDTH, Style::default()))?;
    if !by_kind.is_empty() {
        let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(out, "rejected by reason: {}", kinds.join(", "))?;
    }
    writeln!(
        out,
        "accepted + rejected + merged = read: {}",
        if total.accepted + total.rejected + total.merged == total.read {
            "yes"
        } else {
            "NO"
        }
    )?;

    if let Some(path) = &opts.rejects {
        let all: Vec<(String, Vec<ingest::Reject>)> = results
            .iter()
            .map(|r| (r.path.display().to_string(), r.rejects.clone()))
            .collect();
        fs::write_file(path, store::render_rejects(&all)?.as_bytes())?;
        writeln!(
            out,
            "wrote {} rejected row(s) to {}",
            total.rejected,
            path.display()
        )?;
    }

    // A file far smaller than its kind always is was most likely cut
    // short: it would replace good data with less, without a word.
    if !shortfalls.is_empty() {
        if !opts.force {
            let list: Vec<String> = shortfalls.iter().map(|s| format!("\n  {s}")).collect();
            anyhow::bail!(
                "refused, nothing written to {}:{}\ngive --force to ingest it anyway",
                data.display(),
                list.concat()
            );
        }
        for s in &shortfalls {
            writeln!(err, "note: ingested with --force: {s}")?;
        }
    }

    let Held::Writer(writer) = held else {
        writeln!(out, "dry run: nothing written to {}", data.display())?;
        return Ok(Outcome::Success);
    };

    // Appending keeps the list of files already ingested; a damaged list
    // (or a missing one, which the manifest lists) is an error, not an
    // empty one.
    let mut inputs: Vec<InputRecord> = if had_observations {
        writer.inputs()?
    } else {
        Vec::new()
    };
    for r in &results {
        let file = r.path.display().to_string();
        inputs.retain(|i| i.file != file);
        inputs.push(InputRecord {
            file,
            format: r.format.as_str().to_string(),
            vintage: r.vintage.clone(),
            counts: r.counts,
        });
    }
    let steps = if large {
        Bar::new(3, Unit::Steps, "writing observations.csv")
    } else {
        Bar::hidden()
    };
    spare.clear();
    // The export's memory beyond what the CSV takes (81 bytes a row at
    // ten million rows; it grows if more is needed) goes back before the
    // cache takes more beside it.
    spare.shrink_to(table.len().saturating_mul(90).saturating_add(4096));
    // Empty, so valid UTF-8.
    let mut text = String::from_utf8(spare).unwrap_or_default();
    // The cache is encoded while the CSV is rendered (both only read the
    // table); its key, which names the file as written, is put in after
    // the commit.
    let caches = writer.caches();
    let (rendered, encoded) = rayon::join(
        || store::render_observations_into(&table, &mut text),
        || {
            caches.then(|| {
                let mut bytes = Vec::new();
                cache::encode_into(&table, &cache::Key::default(), &mut bytes);
                bytes
            })
        },
    );
    rendered?;
    let mut writes = vec![
        NewFile {
            name: files::OBSERVATIONS,
            text,
            rows: table.len() as u64,
        },
        NewFile {
            name: files::INPUTS,
            text: store::render_inputs(&inputs)?,
            rows: inputs.len() as u64,
        },
    ];
    if opts.classifications.is_some() {
        for (name, text, rows) in store::render_classification(&classification)? {
            writes.push(NewFile { name, text, rows });
        }
    }
    steps.step("committing the store");
    let manifest = writer.commit(&writes)?;
    steps.step("writing the store's cache");
    // The CSV's memory goes back before the cache is written.
    drop(writes);
    if let Some(encoded) = encoded {
        writer.cache_encoded(&manifest, encoded);
    }
    drop(steps);
    writeln!(
        out,
        "wrote {} observation(s) to {}{}",
        table.len(),
        data.join(files::OBSERVATIONS).display(),
        if opts.classifications.is_some() {
            format!(
                ", and the classification of {} economies",
                classification.economies.len()
            )
        } else {
            String::new()
        }
    )?;
    Ok(Outcome::Success)
}

/// The classification built from its inputs, and what they lack.
fn build_classification(dir: &Path) -> anyhow::Result<(Classification, Vec<String>)> {
    let read = |role: &str| -> anyhow::Result<InputFile> {
        let rel = Inputs::LAYOUT
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, rel)| *rel)
            .unwrap_or_default();
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "could not read the classification input '{}'",
                path.display()
            )
        })?;
        Ok(InputFile { path, bytes })
    };
    let inputs = Inputs {
        country_codes: read("country_codes")?,
        developed: read("developed")?,
        itu_regions: read("itu_regions")?,
        population: read("population")?,
        household_size: read("household_size")?,
    };
    Ok(build::build(&inputs)?)
}

/// `…/vintage_2020-10/…` → `2020-10` (a folder named so with something
/// else than a release month names none).
fn vintage_from_path(path: &Path) -> Option<String> {
    path.components().find_map(|c| {
        let s = c.as_os_str().to_str()?;
        let v = s.strip_prefix("vintage_")?;
        (!v.is_empty() && vintage_problem(v).is_none()).then(|| v.to_string())
    })
}
