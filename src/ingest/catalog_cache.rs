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

use super::cache::{Key, Unusable};
use super::frame::{self, Reader, put_str, put_u32};
use crate::indicator::Disaggregation;
use crate::indicator::smart::DataCatalog;

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"rbmcatlg";

/// The layout's version: bump it whenever the layout changes.
const VERSION: u32 = 1;

/// The length of the header: magic, version, key, payload length and
/// checksum.
#[cfg(test)]
const HEADER: usize = frame::header(1);

/// Encode a catalog for the key of the observations it was read from.
/// The payload: the number of series; each one's code, sex, area and age,
/// then its years in order.
pub fn encode(catalog: &DataCatalog, key: &Key) -> Vec<u8> {
    let keys = std::slice::from_ref(key);
    let mut out = frame::start(MAGIC, VERSION, keys, 64 * catalog.years.len());
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
    frame::seal(out, keys.len())
}

/// Decode a cache written for `key`: the catalog, or why it cannot be
/// used.
pub fn decode(bytes: &[u8], key: &Key) -> Result<DataCatalog, Unusable> {
    let payload = frame::open(bytes, MAGIC, VERSION, std::slice::from_ref(key))?;
    decode_payload(payload).ok_or(Unusable::Damaged)
}

fn decode_payload(payload: &[u8]) -> Option<DataCatalog> {
    let mut r = Reader::new(payload);
    // Every series takes at least its four strings' lengths and its
    // count of years: 20 bytes; every year 4.
    let n = r.count(20)?;
    let mut series = Vec::with_capacity(n);
    for _ in 0..n {
        let code = r.str()?.to_string();
        let d = Disaggregation {
            sex: r.str()?.to_string(),
            area: r.str()?.to_string(),
            age: r.str()?.to_string(),
        };
        let k = r.count(4)?;
        let mut years = Vec::with_capacity(k);
        for _ in 0..k {
            years.push(i32::from_le_bytes(r.take(4)?.try_into().ok()?));
        }
        series.push(((code, d), years.into_iter().collect()));
    }
    if !r.at_end() {
        return None;
    }
    Some(DataCatalog {
        years: series.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::cache::checksum;

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
