//! The catalog of series of `observations.csv` (each series' years by
//! disaggregation, what `rbm indicators` needs of the store) in a compact
//! binary form: a few kilobytes, where the catalog decoded from the
//! observations' cache reads every row (a third of `rbm indicators` on the
//! embedded data).
//!
//! It is a copy of what the observations' cache ([`super::cache`]) gives,
//! keyed as that cache is: a magic word and a format version, then the
//! [`Key`] of `observations.csv` (the manifest's size, rows and sha256 of
//! the file and its size and modification time), then the payload's
//! length and checksum. It is used only when the key is the store's
//! current one and the length and checksum are right; anything else
//! ([`Unusable`]) means reading the catalog from the observations again,
//! never an error.
//!
//! Nothing here touches the file system (see `commands::fs`).

use super::cache::{Key, Unusable, checksum, put_key};
use crate::indicator::Disaggregation;
use crate::indicator::smart::DataCatalog;

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"rbmcatlg";

/// The layout's version: bump it whenever the layout changes.
const VERSION: u32 = 1;

/// The length of the key (as [`put_key`] writes it).
const KEY: usize = 8 + 8 + 64 + 8 + 8 + 4;

/// The length of the header: magic, version, key, payload length and
/// checksum.
const HEADER: usize = 8 + 4 + KEY + 8 + 8;

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Encode a catalog for the key of the observations it was read from.
/// The payload: the number of series; each one's code, sex, area and age,
/// then its years in order.
pub fn encode(catalog: &DataCatalog, key: &Key) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + 64 * catalog.years.len());
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_key(&mut out, key);
    // The payload's length and checksum, filled in at the end.
    out.extend_from_slice(&[0u8; 16]);
    put_u32(&mut out, catalog.years.len() as u32);
    for ((code, d), years) in &catalog.years {
        for s in [code, &d.sex, &d.area, &d.age] {
            put_str(&mut out, s);
        }
        put_u32(&mut out, years.len() as u32);
        for y in years {
            out.extend_from_slice(&y.to_le_bytes());
        }
    }
    let len = (out.len() - HEADER) as u64;
    let sum = checksum(&out[HEADER..]);
    out[HEADER - 16..HEADER - 8].copy_from_slice(&len.to_le_bytes());
    out[HEADER - 8..HEADER].copy_from_slice(&sum.to_le_bytes());
    out
}

/// The payload as it is read: `None` from any read past its end.
struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        Some(std::str::from_utf8(self.take(n)?).ok()?.to_string())
    }

    /// A count of items each at least `least` bytes long: never more than
    /// what is left could hold.
    fn count(&mut self, least: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len() / least).then_some(n)
    }
}

/// Decode a cache written for `key`: the catalog, or why it cannot be
/// used.
pub fn decode(bytes: &[u8], key: &Key) -> Result<DataCatalog, Unusable> {
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(Unusable::NotACache);
    }
    if bytes[8..12] != VERSION.to_le_bytes() {
        return Err(Unusable::Version);
    }
    if bytes.len() < HEADER {
        return Err(Unusable::NotACache);
    }
    let mut expected = Vec::with_capacity(KEY);
    put_key(&mut expected, key);
    if bytes[12..12 + KEY] != expected[..] {
        return Err(Unusable::Stale);
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let (len, sum) = (word(HEADER - 16), word(HEADER - 8));
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != len || checksum(payload) != sum {
        return Err(Unusable::Damaged);
    }
    decode_payload(payload).ok_or(Unusable::Damaged)
}

fn decode_payload(payload: &[u8]) -> Option<DataCatalog> {
    let mut r = Reader { bytes: payload };
    // Every series takes at least its four strings' lengths and its
    // count of years: 20 bytes; every year 4.
    let n = r.count(20)?;
    let mut series = Vec::with_capacity(n);
    for _ in 0..n {
        let code = r.string()?;
        let d = Disaggregation {
            sex: r.string()?,
            area: r.string()?,
            age: r.string()?,
        };
        let k = r.count(4)?;
        let mut years = Vec::with_capacity(k);
        for _ in 0..k {
            years.push(i32::from_le_bytes(r.take(4)?.try_into().ok()?));
        }
        series.push(((code, d), years.into_iter().collect()));
    }
    if !r.bytes.is_empty() {
        return None;
    }
    Some(DataCatalog {
        years: series.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key {
            bytes: 100,
            rows: 3,
            sha256: "ab".repeat(32),
            len: 100,
            modified: (1_700_000_000, 5),
        }
    }

    fn catalog() -> DataCatalog {
        let d = |sex: &str, age: &str| Disaggregation {
            sex: sex.into(),
            area: String::new(),
            age: age.into(),
        };
        let mut c = DataCatalog::default();
        c.years
            .insert(("i99H".into(), d("", "")), [2000, 2001, 2024].into());
        c.years
            .insert(("i99H".into(), d("F", "15-24")), [2019].into());
        c.years
            .insert(("ünï.code".into(), d("M", "")), Default::default());
        c
    }

    #[test]
    fn a_cache_reads_back_as_the_catalog_it_was_written_from() {
        let c = catalog();
        let back = decode(&encode(&c, &key()), &key()).expect("decodes");
        assert_eq!(back.years, c.years);
        let empty = DataCatalog::default();
        let back = decode(&encode(&empty, &key()), &key()).expect("decodes");
        assert_eq!(back.years, empty.years);
    }

    #[test]
    fn a_cache_for_another_state_of_the_store_is_stale() {
        let bytes = encode(&catalog(), &key());
        let changes: [fn(&mut Key); 5] = [
            |k| k.bytes += 1,
            |k| k.rows = 4,
            |k| k.sha256 = "cd".repeat(32),
            |k| k.len -= 1,
            |k| k.modified.1 += 1,
        ];
        for change in changes {
            let mut k = key();
            change(&mut k);
            assert_eq!(decode(&bytes, &k).err(), Some(Unusable::Stale));
        }
    }

    #[test]
    fn a_damaged_cache_or_another_version_is_never_used() {
        let good = encode(&catalog(), &key());
        assert!(decode(&good, &key()).is_ok());
        assert_eq!(decode(b"", &key()).err(), Some(Unusable::NotACache));
        let mut version = good.clone();
        version[8] += 1;
        assert_eq!(decode(&version, &key()).err(), Some(Unusable::Version));
        for cut in 0..good.len() {
            assert!(decode(&good[..cut], &key()).is_err(), "cut at {cut}");
        }
        for at in HEADER - 16..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            assert!(decode(&bad, &key()).is_err(), "byte {at} changed");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(decode(&longer, &key()).err(), Some(Unusable::Damaged));
        // A count of years beyond what the payload holds, behind a good
        // checksum (an encoder's bug).
        let mut payload = good[HEADER..].to_vec();
        let at = 4 + 4 + "i99H".len() + 12;
        payload[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let mut bad = good[..HEADER - 16].to_vec();
        bad.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        bad.extend_from_slice(&checksum(&payload).to_le_bytes());
        bad.extend_from_slice(&payload);
        assert_eq!(decode(&bad, &key()).err(), Some(Unusable::Damaged));
    }
}
