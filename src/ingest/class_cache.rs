//! The parsed classification (its four files: economies, weights, aliases
//! and notes) in a compact binary form, so that a command does not parse
//! and check the classification's CSV again: parsing its 9,000 weight rows
//! was a sixth of `rbm progress` on the embedded data, decoding them is
//! a copy.
//!
//! As for the observations ([`super::cache`], whose key and
//! checksum it shares), the CSV stays the truth and the cache is never
//! trusted blindly. It opens with a magic word and a format version, then
//! one [`Key`] for each of the four files, in the order of [`FILES`]: the
//! manifest's size, rows and sha256 of the file and its size and
//! modification time as they were when the cache was written. It is used
//! only when every key is the store's current one and the payload's length
//! and checksum are right; anything else ([`Unusable`]) means parsing the
//! CSV again, never an error.
//!
//! Nothing here touches the file system (see `commands::fs`).

use std::collections::BTreeMap;

use super::cache::{Key, Unusable};
use super::frame::{self, Reader, put_str, put_u32};
use super::store::files;
use crate::classify::{Classification, Economy, SizeBasis, WeightRow};

/// The files a classification is read from, in the order of their keys.
pub const FILES: [&str; 4] = [
    files::CLASSIFICATION,
    files::WEIGHTS,
    files::ALIASES,
    files::CLASSIFICATION_NOTES,
];

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"rbmclass";

/// The layout's version: bump it whenever the layout (or what a parse of
/// the files gives) changes.
const VERSION: u32 = 1;

/// The length of the header: magic, version, the four keys, payload
/// length and checksum.
#[cfg(test)]
const HEADER: usize = frame::header(4);

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

fn basis_byte(b: Option<SizeBasis>) -> u8 {
    match b {
        None => 0,
        Some(SizeBasis::Survey) => 1,
        Some(SizeBasis::Interpolated) => 2,
        Some(SizeBasis::Held) => 3,
        Some(SizeBasis::Fallback) => 4,
    }
}

/// Encode a classification (as a parse of the store's files gave it) for
/// the keys of its four files. The payload: the as-of year; the economies
/// in code order; the aliases; the weights, each naming its economy by
/// its place in that order; the notes.
pub fn encode(c: &Classification, keys: &[Key; 4]) -> Vec<u8> {
    let mut out = frame::start(
        MAGIC,
        VERSION,
        keys,
        64 * c.economies.len() + 30 * c.weights.len(),
    );
    out.extend_from_slice(&c.as_of.to_le_bytes());
    put_u32(&mut out, c.economies.len() as u32);
    let mut place: BTreeMap<&str, u32> = BTreeMap::new();
    for (i, (code, e)) in c.economies.iter().enumerate() {
        place.insert(code, i as u32);
        put_str(&mut out, code);
        put_str(&mut out, &e.iso3);
        put_str(&mut out, &e.name);
        out.extend_from_slice(&e.m49.map_or(0u32, |m| u32::from(m) + 1).to_le_bytes());
        put_opt_str(&mut out, e.itu_region.as_deref());
        out.push(match e.developed {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
        out.push(u8::from(e.ldc) | u8::from(e.lldc) << 1 | u8::from(e.sids) << 2);
        put_opt_str(&mut out, e.income.as_deref());
    }
    put_u32(&mut out, c.aliases.len() as u32);
    for (from, to) in &c.aliases {
        put_str(&mut out, from);
        put_str(&mut out, to);
    }
    put_u32(&mut out, c.weights.len() as u32);
    for ((code, year), w) in &c.weights {
        // A weight of a code that is not an economy (no parse makes one)
        // gets a place past the end, which the decoder refuses.
        put_u32(
            &mut out,
            place.get(code.as_str()).copied().unwrap_or(u32::MAX),
        );
        out.extend_from_slice(&year.to_le_bytes());
        out.extend_from_slice(&w.population.to_bits().to_le_bytes());
        out.push(u8::from(w.population_held));
        out.extend_from_slice(&w.household_size.map_or(0, f64::to_bits).to_le_bytes());
        out.push(u8::from(w.household_size.is_some()));
        out.push(basis_byte(w.size_basis));
    }
    put_u32(&mut out, c.notes.len() as u32);
    for n in &c.notes {
        put_str(&mut out, n);
    }
    frame::seal(out, keys.len())
}

/// Decode a cache written for `keys`: the classification (indexed, as a
/// parse gives it), or why it cannot be used.
pub fn decode(bytes: &[u8], keys: &[Key; 4]) -> Result<Classification, Unusable> {
    let payload = frame::open(bytes, MAGIC, VERSION, keys)?;
    decode_payload(payload).ok_or(Unusable::Damaged)
}

fn decode_payload(payload: &[u8]) -> Option<Classification> {
    let mut r = Reader::new(payload);
    let mut c = Classification::default();
    c.as_of = r.i32()?;
    // Every economy takes at least 23 bytes, an alias 8, a weight 27, a
    // note 4.
    let n = r.count(23)?;
    let mut codes: Vec<String> = Vec::with_capacity(n);
    let mut economies = Vec::with_capacity(n);
    for _ in 0..n {
        let code = r.str()?.to_string();
        let iso3 = r.str()?.to_string();
        let name = r.str()?.to_string();
        let m49 = match r.u32()? {
            0 => None,
            m => Some(u16::try_from(m - 1).ok()?),
        };
        let itu_region = r.opt_str()?;
        let developed = match r.u8()? {
            0 => None,
            1 => Some(false),
            2 => Some(true),
            _ => return None,
        };
        let flags = r.u8()?;
        if flags > 7 {
            return None;
        }
        let income = r.opt_str()?;
        codes.push(code.clone());
        economies.push((
            code,
            Economy {
                iso3,
                name,
                m49,
                itu_region,
                developed,
                ldc: flags & 1 != 0,
                lldc: flags & 2 != 0,
                sids: flags & 4 != 0,
                income,
            },
        ));
    }
    c.economies = economies.into_iter().collect();
    let n = r.count(8)?;
    let mut aliases = Vec::with_capacity(n);
    for _ in 0..n {
        aliases.push((r.str()?.to_string(), r.str()?.to_string()));
    }
    c.aliases = aliases.into_iter().collect();
    let n = r.count(27)?;
    let mut weights = Vec::with_capacity(n);
    for _ in 0..n {
        let code = codes.get(r.u32()? as usize)?;
        let year = r.i32()?;
        let population = r.f64()?;
        let population_held = r.flag()?;
        let size = r.f64()?;
        let household_size = r.flag()?.then_some(size);
        let size_basis = match r.u8()? {
            0 => None,
            1 => Some(SizeBasis::Survey),
            2 => Some(SizeBasis::Interpolated),
            3 => Some(SizeBasis::Held),
            4 => Some(SizeBasis::Fallback),
            _ => return None,
        };
        weights.push((
            (code.clone(), year),
            WeightRow {
                population,
                population_held,
                household_size,
                size_basis,
            },
        ));
    }
    // In the map's order as encoded: collected in one pass.
    c.weights = weights.into_iter().collect();
    let n = r.count(4)?;
    let mut notes = Vec::with_capacity(n);
    for _ in 0..n {
        notes.push(r.str()?.to_string());
    }
    c.notes = notes;
    if !r.at_end() {
        return None;
    }
    c.index();
    Some(c)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::cache::checksum;
    use crate::ingest::store::{Problems, read_classification};

    fn key(i: u8) -> Key {
        Key {
            bytes: 100 + u64::from(i),
            rows: 3,
            sha256: format!("{i:02x}").repeat(32),
            len: 100 + u64::from(i),
            modified: (1_700_000_000, 5),
        }
    }

    fn keys() -> [Key; 4] {
        [key(1), key(2), key(3), key(4)]
    }

    const ECONOMIES: &str = "iso3,name,m49,itu_region,development,ldc,lldc,sids,income,as_of\n\
        AFG,Afghanistan,004,ITU_ASP,developing,1,1,0,,2025\n\
        ABW,Aruba,533,,developing,0,0,1,,2025\n\
        \"FRA\",\"France, the Republic\",250,ITU_EUR,developed,0,0,0,HIC,2025\n\
        XKX,Kosovo,,ITU_EUR,,0,0,0,UMC,2025\n";

    const WEIGHTS: &str = "iso3,year,population,population_held,household_size,size_basis,households\n\
        ABW,1990,62753,0,2.8900,held,21714\n\
        ABW,1991,65896,1,2.8900,survey,22801\n\
        AFG,2020,38972230.5,0,,,\n\
        FRA,2024,68000000,0,2.1000,fallback,32380952\n\
        XKX,2024,1700000,1,3.5000,interpolated,485714\n";

    const ALIASES: &str = "code,iso3\nKSO,XKX\n";

    const NOTES: &str = "One note.\n\nAnother, with ünïcode.\n";

    fn parsed() -> Classification {
        let mut problems = Problems::default();
        let (c, _) = read_classification(
            Path::new("datasets"),
            [
                ECONOMIES.as_bytes(),
                WEIGHTS.as_bytes(),
                ALIASES.as_bytes(),
                NOTES.as_bytes(),
            ],
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        c
    }

    /// Everything a classification holds, as plain values (the float
    /// weights by their bits).
    fn plain(c: &Classification) -> String {
        let weights: Vec<_> = c
            .weights
            .iter()
            .map(|(k, w)| {
                (
                    k,
                    w.population.to_bits(),
                    w.population_held,
                    w.household_size.map(f64::to_bits),
                    w.size_basis,
                )
            })
            .collect();
        let m49: Vec<_> = (0..1000u16)
            .filter_map(|m| c.resolve(&format!("M49:{m}")).ok())
            .collect();
        format!(
            "{} {:?} {:?} {weights:?} {:?} {m49:?}",
            c.as_of, c.economies, c.aliases, c.notes
        )
    }

    #[test]
    fn a_cache_reads_back_as_the_parse_of_the_files() {
        let c = parsed();
        assert_eq!(c.economies.len(), 4);
        assert_eq!(c.weights.len(), 5);
        let back = decode(&encode(&c, &keys()), &keys()).expect("decodes");
        assert_eq!(plain(&back), plain(&c));
        // Without notes or aliases, the weights end the payload.
        let mut bare = c.clone();
        bare.notes.clear();
        bare.aliases.clear();
        let back = decode(&encode(&bare, &keys()), &keys()).expect("decodes");
        assert_eq!(plain(&back), plain(&bare));
        // And so does an empty one.
        let empty = Classification::default();
        let back = decode(&encode(&empty, &keys()), &keys()).expect("decodes");
        assert_eq!(plain(&back), plain(&empty));
    }

    #[test]
    fn a_cache_for_another_state_of_any_file_is_stale() {
        let bytes = encode(&parsed(), &keys());
        let changes: [fn(&mut Key); 5] = [
            |k| k.bytes += 1,
            |k| k.rows = 4,
            |k| k.sha256 = "cd".repeat(32),
            |k| k.len -= 1,
            |k| k.modified.1 += 1,
        ];
        for file in 0..4 {
            for change in changes {
                let mut k = keys();
                change(&mut k[file]);
                assert_eq!(decode(&bytes, &k).err(), Some(Unusable::Stale));
            }
        }
        // The keys in another order are other keys.
        let [a, b, c, d] = keys();
        assert_eq!(decode(&bytes, &[b, a, c, d]).err(), Some(Unusable::Stale));
    }

    #[test]
    fn a_damaged_cache_or_another_version_is_never_used() {
        let good = encode(&parsed(), &keys());
        assert!(decode(&good, &keys()).is_ok());
        assert_eq!(decode(b"", &keys()).err(), Some(Unusable::NotACache));
        assert_eq!(
            decode(b"rbmcache\x02\0\0\0 the observations'", &keys()).err(),
            Some(Unusable::NotACache)
        );
        let mut version = good.clone();
        version[8] += 1;
        assert_eq!(decode(&version, &keys()).err(), Some(Unusable::Version));
        // Cut anywhere, or one byte changed anywhere after the keys.
        for cut in 0..good.len() {
            assert!(decode(&good[..cut], &keys()).is_err(), "cut at {cut}");
        }
        for at in HEADER - 16..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x10;
            assert!(decode(&bad, &keys()).is_err(), "byte {at} changed");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(decode(&longer, &keys()).err(), Some(Unusable::Damaged));
    }

    #[test]
    fn a_payload_no_encoder_writes_is_damaged_even_with_a_good_checksum() {
        let good = encode(&parsed(), &keys());
        let reseal = |mut payload: Vec<u8>| {
            let mut bad = good[..HEADER - 16].to_vec();
            bad.extend_from_slice(&(payload.len() as u64).to_le_bytes());
            bad.extend_from_slice(&checksum(&payload).to_le_bytes());
            bad.append(&mut payload);
            bad
        };
        assert!(decode(&reseal(good[HEADER..].to_vec()), &keys()).is_ok());
        // A count of economies far beyond what the payload holds.
        let mut payload = good[HEADER..].to_vec();
        payload[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            decode(&reseal(payload), &keys()).err(),
            Some(Unusable::Damaged)
        );
        // A byte after the notes.
        let mut payload = good[HEADER..].to_vec();
        payload.push(0);
        assert_eq!(
            decode(&reseal(payload), &keys()).err(),
            Some(Unusable::Damaged)
        );
    }
}
