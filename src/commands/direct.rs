//! Writing a large file past the page cache (`O_DIRECT` on Linux), for
//! the store's `observations.csv`: 750 MB at ten million rows.
//!
//! A buffered write copies every byte into pages of the page cache that
//! the kernel must first find and fill; on this project's virtual machine
//! that copy into fresh pages ran at 250–300 MB/s of system time (`perf`:
//! most of an ingest's kernel time), while a direct write of the same
//! bytes took a tenth of the CPU. The store syncs the file to disk before
//! its commit anyway, so waiting for the disk here costs no extra wall
//! time; the pages are simply not kept in memory afterwards (the commands
//! that follow an ingest read the cache, not the CSV).
//!
//! Direct writes need memory, file offsets and lengths aligned to the
//! device's blocks: the bytes are copied a few megabytes at a time into an
//! aligned buffer, the last block is padded with zeros and the file then
//! cut to its length. Where a direct write is not possible (another
//! system, a file system without it such as tmpfs, any error on the way),
//! the file is written the ordinary way, which also reports any real
//! error. What is written, and when it is synced, does not change.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;

/// Files smaller than this (64 MiB) are written the ordinary way: the
/// saving is small and the page cache serves whoever reads them next.
pub const LARGE: usize = 64 << 20;

/// Alignment of memory, offsets and lengths: 4 KiB covers the logical
/// block size of every common device (512 B or 4 KiB).
const ALIGN: usize = 4096;

/// Bytes copied into the aligned buffer and written per call (8 MiB): big
/// enough that the disk's latency per call does not matter, small beside
/// the file (the buffer's pages are fresh memory too).
const CHUNK: usize = 8 << 20;

/// Create (or truncate) `path`, write `bytes` and sync it to disk: past
/// the page cache when `bytes` is [`LARGE`] and the system allows it,
/// otherwise the ordinary way.
pub fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if bytes.len() >= LARGE && write_direct(path, bytes, true).is_ok() {
        return Ok(());
    }
    write_buffered(path, bytes)
}

/// The ordinary way: through the page cache, then synced.
fn write_buffered(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Write `path` with direct writes, and sync it when `sync`. Any error
/// leaves a file the caller overwrites the ordinary way.
#[cfg(target_os = "linux")]
fn write_direct(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(libc::O_DIRECT)
        .open(path)?;
    // No bigger than the file needs, and at least one block.
    let size = bytes.len().next_multiple_of(ALIGN).clamp(ALIGN, CHUNK);
    let mut buffer = vec![0u8; size + ALIGN];
    let start = buffer.as_ptr().align_offset(ALIGN);
    let aligned = &mut buffer[start..start + size];
    for chunk in bytes.chunks(aligned.len()) {
        aligned[..chunk.len()].copy_from_slice(chunk);
        // Only the last chunk can be short: pad it to whole blocks (the
        // padding is cut off below).
        let padded = chunk.len().next_multiple_of(ALIGN);
        aligned[chunk.len()..padded].fill(0);
        // Each call writes whole blocks or fails: a short count would
        // leave the next offset unaligned, which the next call refuses.
        f.write_all(&aligned[..padded])?;
    }
    f.set_len(bytes.len() as u64)?;
    if sync { f.sync_all() } else { Ok(()) }
}

#[cfg(not(target_os = "linux"))]
fn write_direct(_path: &Path, _bytes: &[u8], _sync: bool) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize) -> Vec<u8> {
        // Bytes that differ from block to block, so that a block written
        // twice or at the wrong offset shows.
        (0..n).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn a_direct_write_holds_exactly_the_bytes_at_every_length() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        // Around block and chunk ends; writing over a longer file must
        // leave none of it.
        for n in [
            CHUNK + ALIGN + 1,
            0,
            1,
            ALIGN - 1,
            ALIGN,
            ALIGN + 1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
        ] {
            let bytes = text(n);
            // Where the file system has no direct writes (tmpfs), this is
            // an error and `write_synced` writes the ordinary way.
            let direct = write_direct(&path, &bytes, n % 2 == 0);
            if direct.is_err() {
                write_buffered(&path, &bytes).expect("buffered write");
            }
            assert_eq!(std::fs::read(&path).expect("reads back"), bytes, "{n}");
        }
        write_synced(&path, b"small\n").expect("writes");
        assert_eq!(std::fs::read(&path).expect("reads back"), b"small\n");
        let large = text(LARGE + 1);
        write_synced(&path, &large).expect("writes");
        assert_eq!(std::fs::read(&path).expect("reads back"), large);
    }
}
