//! The framing the store's small caches share (the catalog's,
//! [`super::catalog_cache`], and the classification's,
//! [`super::class_cache`]): a magic word and a layout version, the [`Key`]
//! of each file the cache was made from, the payload's length and
//! checksum, then the payload; and a reader of payloads that gives `None`
//! from any read past their end.
//!
//! What a payload holds is each cache's own. The observations' cache
//! ([`super::cache`]) has its own, streamed framing: it is read a megabyte
//! at a time, these are read whole. Nothing here touches the file system.

use super::cache::{Key, Unusable, checksum, put_key};

/// The length of one file's key (as [`put_key`] writes it).
const KEY: usize = 8 + 8 + 64 + 8 + 8 + 4;

/// The length of the header of a cache made from `files` files: magic,
/// version, the keys, the payload's length and checksum.
pub const fn header(files: usize) -> usize {
    8 + 4 + files * KEY + 8 + 8
}

/// A little-endian `u32`.
pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A string: its length in bytes, then its bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// A new cache's header, with room for about `payload` bytes after it;
/// the payload's length and checksum are filled in by [`seal`].
pub fn start(magic: &[u8; 8], version: u32, keys: &[Key], payload: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(header(keys.len()) + payload);
    out.extend_from_slice(magic);
    put_u32(&mut out, version);
    for k in keys {
        put_key(&mut out, k);
    }
    out.extend_from_slice(&[0u8; 16]);
    out
}

/// Put the payload's length and checksum into a cache begun by [`start`]
/// for `files` files.
pub fn seal(mut out: Vec<u8>, files: usize) -> Vec<u8> {
    let at = header(files);
    let len = (out.len() - at) as u64;
    let sum = checksum(&out[at..]);
    out[at - 16..at - 8].copy_from_slice(&len.to_le_bytes());
    out[at - 8..at].copy_from_slice(&sum.to_le_bytes());
    out
}

/// The payload of a cache written for `keys`, or why it cannot be used:
/// another magic word or a cut header is not a cache, another version is
/// [`Unusable::Version`], another key is stale, a wrong length or
/// checksum is damage.
pub fn open<'b>(
    bytes: &'b [u8],
    magic: &[u8; 8],
    version: u32,
    keys: &[Key],
) -> Result<&'b [u8], Unusable> {
    if bytes.len() < 12 || &bytes[..8] != magic {
        return Err(Unusable::NotACache);
    }
    if bytes[8..12] != version.to_le_bytes() {
        return Err(Unusable::Version);
    }
    let at = header(keys.len());
    if bytes.len() < at {
        return Err(Unusable::NotACache);
    }
    let mut expected = Vec::with_capacity(keys.len() * KEY);
    for k in keys {
        put_key(&mut expected, k);
    }
    if bytes[12..12 + keys.len() * KEY] != expected[..] {
        return Err(Unusable::Stale);
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let (len, sum) = (word(at - 16), word(at - 8));
    let payload = &bytes[at..];
    if payload.len() as u64 != len || checksum(payload) != sum {
        return Err(Unusable::Damaged);
    }
    Ok(payload)
}

/// A payload as it is read: `None` from any read past its end.
pub struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    /// A reader at the payload's start.
    pub fn new(bytes: &'b [u8]) -> Self {
        Reader { bytes }
    }

    /// True when every byte has been read.
    pub fn at_end(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    /// A byte.
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    /// A little-endian `i32`.
    pub fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.array()?))
    }

    /// A float from its little-endian bits.
    pub fn f64(&mut self) -> Option<f64> {
        Some(f64::from_bits(u64::from_le_bytes(self.array()?)))
    }

    /// A byte that must be 0 or 1.
    pub fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    /// A string as [`put_str`] wrote it (`None` if not UTF-8).
    pub fn str(&mut self) -> Option<&'b str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A string or none, as a flag and then the string.
    pub fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.flag()? {
            Some(self.str()?.to_string())
        } else {
            None
        })
    }

    /// A count of items each at least `least` bytes long: never more than
    /// what is left could hold.
    pub fn count(&mut self, least: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len() / least).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u64) -> Key {
        Key {
            bytes: n,
            rows: 2,
            sha256: "ab".repeat(32),
            len: n,
            modified: (1_700_000_000, 5),
        }
    }

    #[test]
    fn a_sealed_cache_opens_only_for_its_magic_version_and_keys() {
        let keys = [key(10), key(20)];
        let mut out = start(b"rbmtests", 3, &keys, 8);
        put_str(&mut out, "KEN");
        let good = seal(out, keys.len());
        assert_eq!(good.len(), header(2) + 4 + 3);
        let payload = open(&good, b"rbmtests", 3, &keys).expect("opens");
        let mut r = Reader::new(payload);
        assert_eq!(r.str(), Some("KEN"));
        assert_eq!(r.u8(), None, "nothing after it");

        assert_eq!(open(&good, b"rbmother", 3, &keys), Err(Unusable::NotACache));
        assert_eq!(open(&good, b"rbmtests", 4, &keys), Err(Unusable::Version));
        assert_eq!(
            open(&good, b"rbmtests", 3, &[key(10), key(21)]),
            Err(Unusable::Stale)
        );
        assert_eq!(
            open(&good[..header(2) - 1], b"rbmtests", 3, &keys),
            Err(Unusable::NotACache)
        );
        assert_eq!(
            open(&good[..good.len() - 1], b"rbmtests", 3, &keys),
            Err(Unusable::Damaged)
        );
        let mut flipped = good.clone();
        *flipped.last_mut().expect("a byte") ^= 1;
        assert_eq!(
            open(&flipped, b"rbmtests", 3, &keys),
            Err(Unusable::Damaged)
        );
    }

    #[test]
    fn a_reader_never_reads_past_the_end_nor_counts_more_than_fits() {
        let mut r = Reader::new(&[3, 0, 0, 0, 1, 2]);
        // Three items of at least one byte cannot fit in the two left.
        assert_eq!(r.count(1), None);
        let mut r = Reader::new(&[2, 0, 0, 0, 1, 2]);
        assert_eq!(r.count(1), Some(2));
        assert_eq!(r.flag(), Some(true));
        assert_eq!(r.flag(), None, "2 is not a flag");
        assert_eq!(r.u32(), None);
        let mut r = Reader::new(&[2, 0, 0, 0, 0xff, 0xfe]);
        assert_eq!(r.str(), None, "not UTF-8");
    }
}
