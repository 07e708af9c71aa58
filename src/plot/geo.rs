//! World geometry for the maps: Natural Earth's 1:110m countries as the npm
//! package `world-atlas` ships them (TopoJSON, `assets/maps/`, see
//! `assets/maps/SOURCE.md`), cut at the antimeridian, projected with Equal
//! Earth, and placed by economy: the shapes of an economy, or a point for
//! one too small for 1:110m (`assets/maps/points.csv`), or the reason it
//! cannot be drawn.
//!
//! TopoJSON is read with the `topojson` crate (georust): it parses the
//! topology and decodes the quantized, delta-encoded arcs into GeoJSON
//! features. Its last release is from 2022 and pins an older `geojson`, but
//! the format is frozen (TopoJSON 1.0) and the crate does the part that
//! matters correctly (dequantising, reversing arcs with negative indexes);
//! the tests below pin it on a hand-made topology. It panics on a few
//! shapes of input that the bundled files do not have (nested geometry
//! collections), which is why rbm reads only its own files, never a user's.
//!
//! Holes are dropped: in the 1:110m file the only hole is Lesotho inside
//! South Africa, and Lesotho is drawn over it (shapes are drawn largest
//! first). Antarctica is left off (see [`LEFT_OFF`]).
//!
//! Pure: the assets are compiled into the binary; nothing is read from disk.
//! This module neither colours nor draws (see [`super::map`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::error::{Error, Location, Result};

/// A ring of points: longitude and latitude in degrees before projection,
/// x and y (y up) after.
pub type Ring = Vec<(f64, f64)>;

/// Mean radius of the Earth in km (IUGG), to turn projected areas into km².
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

// Equal Earth (Šavrič, Patterson & Jenny 2018, "The Equal Earth map
// projection", International Journal of Geographical Information Science
// 33(3), doi:10.1080/13658816.2018.1504949): with θ = asin(√3/2 · sin φ),
//   x = 2√3 · λ · cos θ / (3 · (9·A4·θ⁸ + 7·A3·θ⁶ + 3·A2·θ² + A1))
//   y = A4·θ⁹ + A3·θ⁷ + A2·θ³ + A1·θ
// for longitude λ and latitude φ in radians, on a sphere of radius 1.
const A1: f64 = 1.340264;
const A2: f64 = -0.081106;
const A3: f64 = 0.000893;
const A4: f64 = 0.003796;

/// Equal Earth of a longitude and latitude in degrees, on the unit sphere:
/// x from about −2.71 to 2.71, y (up) from about −1.32 to 1.32. Areas on
/// the map are areas on the sphere (radius 1).
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    let lambda = lon.to_radians();
    let theta = ((3f64.sqrt() / 2.0) * lat.to_radians().sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3f64.sqrt() * lambda * theta.cos()
        / (3.0 * (9.0 * A4 * t6 * t2 + 7.0 * A3 * t6 + 3.0 * A2 * t2 + A1));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// Half the width of the projected world (longitude ±180 on the equator).
pub fn half_width() -> f64 {
    equal_earth(180.0, 0.0).0
}

/// Cut a ring (longitude, latitude) where it crosses the antimeridian
/// (an edge whose longitudes differ by more than 180°) into pieces that
/// each stay on one side, closed along the ±180° meridian with a point
/// every degree of latitude (the meridian is curved on the map).
///
/// Each piece is closed on its own. That is right for rings that cross
/// twice, as every crossing ring in the 1:110m file does (Russia's
/// Chukotka, Fiji); a ring crossing four or more times with nested
/// pieces on one side would need the pieces joined instead.
pub fn cut_at_antimeridian(ring: &[(f64, f64)]) -> Vec<Ring> {
    let mut pts: Vec<(f64, f64)> = ring.to_vec();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let n = pts.len();
    let crosses = |i: usize| (pts[(i + 1) % n].0 - pts[i].0).abs() > 180.0;
    let Some(first) = (0..n).find(|&i| crosses(i)) else {
        return vec![ring.to_vec()];
    };
    // Where the edge from a to b meets the meridian, on a's side and on b's.
    let meet = |a: (f64, f64), b: (f64, f64)| {
        let edge = if a.0 > 0.0 { 180.0 } else { -180.0 };
        let b_lon = if a.0 > 0.0 { b.0 + 360.0 } else { b.0 - 360.0 };
        let t = if (b_lon - a.0).abs() < 1e-12 {
            0.0
        } else {
            (edge - a.0) / (b_lon - a.0)
        };
        let lat = a.1 + t * (b.1 - a.1);
        ((edge, lat), (-edge, lat))
    };
    let mut pieces: Vec<Ring> = Vec::new();
    let mut current: Ring = Vec::new();
    // Walk once round the ring, starting just after the first crossing.
    for k in 0..n {
        let i = (first + 1 + k) % n;
        if k == 0 {
            let (_, start) = meet(pts[first], pts[i]);
            current.push(start);
        }
        current.push(pts[i]);
        if crosses(i) {
            let (end, start) = meet(pts[i], pts[(i + 1) % n]);
            current.push(end);
            pieces.push(close_along_meridian(std::mem::take(&mut current)));
            current.push(start);
        }
    }
    pieces
}

/// Close a piece that starts and ends on the same meridian with points
/// every degree of latitude between its end and its start.
fn close_along_meridian(mut piece: Ring) -> Ring {
    let (Some(&(lon, from)), Some(&(_, to))) = (piece.last(), piece.first()) else {
        return piece;
    };
    let steps = (to - from).abs().ceil() as usize;
    for s in 1..steps {
        let lat = from + (to - from) * s as f64 / steps as f64;
        piece.push((lon, lat));
    }
    piece.push(piece[0]);
    piece
}

/// Signed area of a ring by the shoelace formula (positive when the ring
/// runs anticlockwise with y up).
pub fn signed_area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (x0, y0) = ring[i];
            let (x1, y1) = ring[(i + 1) % n];
            x0 * y1 - x1 * y0
        })
        .sum::<f64>()
        / 2.0
}

/// The area-weighted centroid of a ring (its vertices' mean if it has no
/// area).
pub fn centroid(ring: &[(f64, f64)]) -> (f64, f64) {
    let n = ring.len();
    let a = signed_area(ring);
    if a.abs() < 1e-15 || n == 0 {
        let k = n.max(1) as f64;
        return (
            ring.iter().map(|p| p.0).sum::<f64>() / k,
            ring.iter().map(|p| p.1).sum::<f64>() / k,
        );
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % n];
        let cross = x0 * y1 - x1 * y0;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

/// Economies of the classification that are left off the map on purpose,
/// by M49 code, with the reason.
pub const LEFT_OFF: [(u16, &str); 1] = [(
    10,
    "Antarctica is left off the map, as on most world thematic maps: it has no permanent population and would take a fifth of the map's height",
)];

/// One feature of the geometry, projected.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The feature's M49 (ISO 3166-1 numeric) code, if it has one.
    pub m49: Option<u16>,
    /// The economy it belongs to when that is known from the geometry
    /// alone: a feature without a code named in `unnamed.csv`, or a part
    /// split from another feature by `parts.csv`.
    pub iso3: Option<String>,
    /// Natural Earth's name.
    pub name: String,
    /// Exterior rings, projected (unit sphere, y up), closed.
    pub rings: Vec<Ring>,
    /// Area in km².
    pub area_km2: f64,
    /// Where a dot for it goes: the centroid of its largest ring.
    pub anchor: (f64, f64),
}

/// A representative point of an economy too small for the 1:110m map.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Projected position (unit sphere, y up).
    pub xy: (f64, f64),
    /// Where the point comes from (a row of `points.csv`).
    pub source: String,
}

/// Where an economy is on the map.
#[derive(Debug, Clone, PartialEq)]
pub enum Place<'a> {
    /// Its shapes (usually one; Cyprus has two).
    Shapes(Vec<(usize, &'a Shape)>),
    /// A point only.
    Point(&'a Point),
    /// Nowhere, and why.
    Nowhere(String),
}

/// The geometry behind every map.
#[derive(Debug, Clone, PartialEq)]
pub struct Atlas {
    /// Every shape, in the file's order, then the parts split off.
    pub shapes: Vec<Shape>,
    points: BTreeMap<String, Point>,
    unplaced: BTreeMap<String, String>,
    /// Smallest and largest projected x and y of the shapes and points.
    pub bounds: ((f64, f64), (f64, f64)),
    /// What the geometry is, for the source line.
    pub credit: String,
}

/// The texts an atlas is built from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Where they come from, for error messages.
    pub path: &'a str,
    /// The TopoJSON topology with a `countries` object.
    pub topology: &'a str,
    /// `iso3,lon,lat,source,reason`: points for economies without a shape.
    pub points: &'a str,
    /// `iso3,scale,parent,west,south,east,north,note`: parts of a feature
    /// that belong to another economy.
    pub parts: &'a str,
    /// `name,iso3,note`: features without a code, by name.
    pub unnamed: &'a str,
    /// What the geometry is, for the source line.
    pub credit: &'a str,
}

/// Where the bundled geometry is, for messages.
pub const WORLD_PATH: &str = "assets/maps/countries-110m.json";

impl Sources<'static> {
    /// The bundled world geometry.
    pub fn world() -> Self {
        Sources {
            path: WORLD_PATH,
            topology: include_str!("../../assets/maps/countries-110m.json"),
            points: include_str!("../../assets/maps/points.csv"),
            parts: include_str!("../../assets/maps/parts.csv"),
            unnamed: include_str!("../../assets/maps/unnamed.csv"),
            credit: "Natural Earth 1:110m (public domain)",
        }
    }
}

#[derive(Deserialize)]
struct PointRow {
    iso3: String,
    lon: Option<f64>,
    lat: Option<f64>,
    source: String,
    reason: String,
}

#[derive(Deserialize)]
struct PartRow {
    iso3: String,
    scale: String,
    parent: String,
    west: f64,
    south: f64,
    east: f64,
    north: f64,
    #[allow(dead_code)]
    note: String,
}

#[derive(Deserialize)]
struct UnnamedRow {
    name: String,
    iso3: String,
    #[allow(dead_code)]
    note: String,
}

fn read_csv<T: serde::de::DeserializeOwned>(text: &str, path: &str, file: &str) -> Result<Vec<T>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| {
            row.map_err(|e| Error::Input {
                location: Location::file(format!("{}/{file}", parent_dir(path)))
                    .at_line(i as u64 + 2),
                message: format!("cannot read the row: {e}"),
            })
        })
        .collect()
}

fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(d, _)| d)
}

/// A decoded feature before projection.
struct Raw {
    m49: Option<u16>,
    name: String,
    /// Exterior rings in longitude and latitude.
    rings: Vec<Ring>,
}

/// The `countries` features of a TopoJSON topology, with their exterior
/// rings in degrees.
fn decode(text: &str, path: &str) -> Result<Vec<Raw>> {
    let bad = |message: String| Error::Input {
        location: Location::file(path),
        message,
    };
    let topo: topojson::TopoJson = text
        .parse()
        .map_err(|e| bad(format!("not TopoJSON: {e:?}")))?;
    let topojson::TopoJson::Topology(topology) = topo else {
        return Err(bad("not a TopoJSON topology".to_string()));
    };
    if !topology.objects.iter().any(|o| o.name == "countries") {
        return Err(bad("no `countries` object in the topology".to_string()));
    }
    let collection = topojson::to_geojson(&topology, "countries")
        .map_err(|e| bad(format!("cannot decode `countries`: {e:?}")))?;
    let mut out = Vec::new();
    for f in collection.features {
        let m49 = match &f.id {
            Some(geojson::feature::Id::String(s)) => s.parse().ok(),
            Some(geojson::feature::Id::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
            None => None,
        };
        let name = f
            .properties
            .as_ref()
            .and_then(|p| p.get("name"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let polygons = match f.geometry.map(|g| g.value) {
            Some(geojson::Value::Polygon(p)) => vec![p],
            Some(geojson::Value::MultiPolygon(ps)) => ps,
            _ => Vec::new(),
        };
        let rings = polygons
            .into_iter()
            .filter_map(|p| p.into_iter().next())
            .map(|ring| {
                ring.into_iter()
                    .filter(|pos| pos.len() >= 2)
                    .map(|pos| (pos[0], pos[1]))
                    .collect::<Ring>()
            })
            .filter(|r| r.len() >= 3)
            .collect();
        out.push(Raw { m49, name, rings });
    }
    Ok(out)
}

fn project(raw_rings: &[Ring]) -> (Vec<Ring>, f64, (f64, f64)) {
    let rings: Vec<Ring> = raw_rings
        .iter()
        .flat_map(|r| cut_at_antimeridian(r))
        .map(|r| {
            r.into_iter()
                .map(|(lon, lat)| equal_earth(lon, lat))
                .collect()
        })
        .collect();
    let areas: Vec<f64> = rings.iter().map(|r| signed_area(r).abs()).collect();
    let area = areas.iter().sum::<f64>() * EARTH_RADIUS_KM * EARTH_RADIUS_KM;
    let anchor = areas
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| centroid(&rings[i]))
        .unwrap_or((0.0, 0.0));
    (rings, area, anchor)
}

impl Atlas {
    /// Build an atlas from its texts.
    pub fn from_sources(src: &Sources<'_>) -> Result<Atlas> {
        let mut raw = decode(src.topology, src.path)?;
        let parts: Vec<PartRow> = read_csv(src.parts, src.path, "parts.csv")?;
        let unnamed: Vec<UnnamedRow> = read_csv(src.unnamed, src.path, "unnamed.csv")?;
        let point_rows: Vec<PointRow> = read_csv(src.points, src.path, "points.csv")?;

        // Parts of a feature that are another economy (French Guiana in
        // France): rings whose mean point falls in the part's box.
        let mut split: Vec<Raw> = Vec::new();
        let mut split_iso3: Vec<String> = Vec::new();
        for part in parts.iter().filter(|p| p.scale == "110m") {
            let mut taken = Vec::new();
            for f in raw.iter_mut() {
                let is_parent = match f.m49 {
                    Some(m) => part.parent.parse() == Ok(m),
                    None => f.name == part.parent,
                };
                if !is_parent {
                    continue;
                }
                let (inside, outside): (Vec<Ring>, Vec<Ring>) =
                    std::mem::take(&mut f.rings).into_iter().partition(|r| {
                        let k = r.len() as f64;
                        let lon = r.iter().map(|p| p.0).sum::<f64>() / k;
                        let lat = r.iter().map(|p| p.1).sum::<f64>() / k;
                        (part.west..=part.east).contains(&lon)
                            && (part.south..=part.north).contains(&lat)
                    });
                f.rings = outside;
                taken.extend(inside);
            }
            if !taken.is_empty() {
                split.push(Raw {
                    m49: None,
                    name: part.iso3.clone(),
                    rings: taken,
                });
                split_iso3.push(part.iso3.clone());
            }
        }
        let names: BTreeMap<&str, &str> = unnamed
            .iter()
            .map(|u| (u.name.as_str(), u.iso3.as_str()))
            .collect();
        let left_off: BTreeSet<u16> = LEFT_OFF.iter().map(|(m, _)| *m).collect();
        let mut shapes = Vec::new();
        for f in raw.into_iter().chain(split) {
            if f.m49.is_some_and(|m| left_off.contains(&m)) || f.rings.is_empty() {
                continue;
            }
            let iso3 = match f.m49 {
                Some(_) => None,
                None => split_iso3
                    .iter()
                    .find(|s| **s == f.name)
                    .cloned()
                    .or_else(|| names.get(f.name.as_str()).map(|s| s.to_string())),
            };
            let (rings, area_km2, anchor) = project(&f.rings);
            shapes.push(Shape {
                m49: f.m49,
                iso3,
                name: f.name,
                rings,
                area_km2,
                anchor,
            });
        }
        let mut points = BTreeMap::new();
        let mut unplaced = BTreeMap::new();
        for row in point_rows {
            match (row.lon, row.lat) {
                (Some(lon), Some(lat)) => {
                    points.insert(
                        row.iso3,
                        Point {
                            xy: equal_earth(lon, lat),
                            source: row.source,
                        },
                    );
                }
                _ => {
                    unplaced.insert(row.iso3, row.reason);
                }
            }
        }
        let mut xs = (f64::INFINITY, f64::NEG_INFINITY);
        let mut ys = (f64::INFINITY, f64::NEG_INFINITY);
        let all = shapes
            .iter()
            .flat_map(|s| s.rings.iter().flatten())
            .chain(points.values().map(|p| &p.xy));
        for &(x, y) in all {
            xs = (xs.0.min(x), xs.1.max(x));
            ys = (ys.0.min(y), ys.1.max(y));
        }
        if !xs.0.is_finite() {
            return Err(Error::Input {
                location: Location::file(src.path),
                message: "the topology has no country shapes".to_string(),
            });
        }
        Ok(Atlas {
            shapes,
            points,
            unplaced,
            bounds: (xs, ys),
            credit: src.credit.to_string(),
        })
    }

    /// Where an economy (ISO3 code and M49 code) is on the map.
    pub fn place(&self, iso3: &str, m49: Option<u16>) -> Place<'_> {
        if let Some((_, why)) = LEFT_OFF.iter().find(|(m, _)| Some(*m) == m49) {
            return Place::Nowhere((*why).to_string());
        }
        let shapes: Vec<(usize, &Shape)> = self
            .shapes
            .iter()
            .enumerate()
            .filter(|(_, s)| match (&s.iso3, s.m49) {
                (Some(code), _) => code == iso3,
                (None, Some(m)) => Some(m) == m49,
                (None, None) => false,
            })
            .collect();
        if !shapes.is_empty() {
            return Place::Shapes(shapes);
        }
        if let Some(p) = self.points.get(iso3) {
            return Place::Point(p);
        }
        match self.unplaced.get(iso3) {
            Some(why) => Place::Nowhere(why.clone()),
            None => Place::Nowhere(
                "no shape in the bundled 1:110m geometry and no point in assets/maps/points.csv (rebuild it with assets/maps/build_points.py)"
                    .to_string(),
            ),
        }
    }
}

/// The bundled world atlas, built once per process.
pub fn world() -> Result<Arc<Atlas>> {
    static WORLD: OnceLock<std::result::Result<Arc<Atlas>, String>> = OnceLock::new();
    match WORLD.get_or_init(|| {
        Atlas::from_sources(&Sources::world())
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }) {
        Ok(a) => Ok(Arc::clone(a)),
        Err(message) => Err(Error::Input {
            location: Location::file(WORLD_PATH),
            message: message.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn equal_earth_maps_the_origin_to_the_origin() {
        let (x, y) = equal_earth(0.0, 0.0);
        assert!(close(x, 0.0, 1e-12) && close(y, 0.0, 1e-12));
    }

    #[test]
    fn equal_earth_of_90_east_45_north_matches_a_hand_calculation() {
        // φ = 45°, λ = 90° = π/2.
        // √3/2 · sin 45° = 0.8660254 · 0.7071068 = 0.6123724; θ = asin = 0.6590580.
        // θ² = 0.4343575, θ⁶ = 0.0819487, θ⁸ = 0.0355950.
        // Denominator 3 · (9·0.003796·0.0355950 + 7·0.000893·0.0819487
        //   − 3·0.081106·0.4343575 + 1.340264)
        //   = 3 · (0.0012161 + 0.0005123 − 0.1056870 + 1.340264) = 3.7089160.
        // Numerator 2√3 · π/2 · cos θ = 3.4641016 · 1.5707963 · 0.7905694 = 4.3018029.
        // x = 4.3018029 / 3.7089160 = 1.1598545.
        // y = θ · (A1 + A2·θ² + A3·θ⁶ + A4·θ⁸)
        //   = 0.6590580 · (1.340264 − 0.0352290 + 0.0000732 + 0.0001351)
        //   = 0.6590580 · 1.3052433 = 0.8602311.
        let (x, y) = equal_earth(90.0, 45.0);
        assert!(close(x, 1.1598545, 1e-6), "{x}");
        assert!(close(y, 0.8602311, 1e-6), "{y}");
    }

    #[test]
    fn equal_earth_extent_matches_the_paper() {
        // The paper gives the map's extent on the unit sphere: x to
        // ±2.706630 at the equator, y to ±1.317363 at the poles.
        assert!(close(half_width(), 2.706630, 1e-5));
        assert!(close(equal_earth(0.0, 90.0).1, 1.317363, 1e-5));
        assert!(close(equal_earth(-180.0, 0.0).0, -2.706630, 1e-5));
    }

    #[test]
    fn equal_earth_keeps_areas() {
        // A cell 10° × 10° at the equator has the spherical area
        // Δλ · (sin φ₁ − sin φ₀) = (π/18) · sin 10° = 0.1745329 · 0.1736482
        // = 0.0303075 on the unit sphere. Its edges are densified so that
        // the straight segments follow the curved parallels and meridians.
        let mut ring = Vec::new();
        for i in 0..=100 {
            ring.push((f64::from(i) / 10.0, 0.0));
        }
        for i in 0..=100 {
            ring.push((10.0, f64::from(i) / 10.0));
        }
        for i in 0..=100 {
            ring.push((10.0 - f64::from(i) / 10.0, 10.0));
        }
        for i in 0..=100 {
            ring.push((0.0, 10.0 - f64::from(i) / 10.0));
        }
        let projected: Ring = ring.iter().map(|(l, p)| equal_earth(*l, *p)).collect();
        let a = signed_area(&projected).abs();
        assert!(close(a, 0.0303075, 1e-6), "{a}");
    }

    #[test]
    fn a_ring_crossing_the_antimeridian_is_cut_into_two_closed_pieces() {
        // A box from 170°E to 170°W, 10°S to 10°N, written as it is in
        // the TopoJSON: longitudes jump from 170 to −170 and back.
        let ring = vec![
            (170.0, -10.0),
            (-170.0, -10.0),
            (-170.0, 10.0),
            (170.0, 10.0),
            (170.0, -10.0),
        ];
        let pieces = cut_at_antimeridian(&ring);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        for p in &pieces {
            assert_eq!(p.first(), p.last(), "closed");
            let east = p.iter().all(|q| q.0 >= 170.0 - 1e-9);
            let west = p.iter().all(|q| q.0 <= -170.0 + 1e-9);
            assert!(east || west, "one side only: {p:?}");
            // Each half is 10° × 20°: in plain degrees its area is 200.
            assert!(close(signed_area(p).abs(), 200.0, 1e-9), "{p:?}");
        }
        // The crossing points are on the meridian at the edges' latitudes.
        assert!(pieces.iter().flatten().any(|q| *q == (180.0, -10.0)));
        assert!(pieces.iter().flatten().any(|q| *q == (-180.0, 10.0)));
    }

    #[test]
    fn a_ring_that_does_not_cross_is_left_alone() {
        let ring = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)];
        assert_eq!(cut_at_antimeridian(&ring), vec![ring]);
    }

    /// A quantized topology by hand: a 4 × 4 grid (scale 1, translate
    /// 10, 20), arcs delta-encoded. Arc 0 runs (0,0) → (4,0) → (4,4);
    /// arc 1 runs (4,4) → (0,4) → (0,0), each written as deltas from the
    /// previous point. A second feature without a code walks the same
    /// square backwards: arc `~1` (= −2) then `~0` (= −1).
    const TOPO: &str = r#"{"type":"Topology",
      "transform":{"scale":[1,1],"translate":[10,20]},
      "arcs":[[[0,0],[4,0],[0,4]],[[4,4],[-4,0],[0,-4]]],
      "objects":{"countries":{"type":"GeometryCollection","geometries":[
        {"type":"Polygon","id":"250","properties":{"name":"Square"},"arcs":[[0,1]]},
        {"type":"Polygon","properties":{"name":"Back"},"arcs":[[-2,-1]]}
      ]}}}"#;

    fn tiny() -> Atlas {
        Atlas::from_sources(&Sources {
            path: "tests/topo.json",
            topology: TOPO,
            points: "iso3,lon,lat,source,reason\nMCO,7.4,43.7,test,\nBVT,,,,no shape\n",
            parts: "iso3,scale,parent,west,south,east,north,note\n",
            unnamed: "name,iso3,note\nBack,XKX,test\n",
            credit: "test",
        })
        .expect("decodes")
    }

    #[test]
    fn topojson_arcs_are_dequantised_and_delta_decoded() {
        let raw = decode(TOPO, "t").expect("decodes");
        // Arc 0: (0,0), (0+4,0), (4,0+4) → + (10,20) = (10,20), (14,20), (14,24).
        // Arc 1: (4,4), (0,4), (0,0) → (14,24), (10,24), (10,20).
        let square = &raw[0].rings[0];
        for p in [(10.0, 20.0), (14.0, 20.0), (14.0, 24.0), (10.0, 24.0)] {
            assert!(square.contains(&p), "{p:?} missing from {square:?}");
        }
        assert_eq!(square.first(), square.last());
        assert_eq!(raw[0].m49, Some(250));
        // ~1 then ~0: the same square the other way round.
        let back = &raw[1].rings[0];
        assert!(close(signed_area(back), -signed_area(square), 1e-9));
        assert!(close(signed_area(square).abs(), 16.0, 1e-9));
        assert_eq!(raw[1].m49, None);
    }

    #[test]
    fn economies_are_placed_by_code_name_or_point() {
        let atlas = tiny();
        assert!(matches!(atlas.place("FRA", Some(250)), Place::Shapes(s) if s.len() == 1));
        assert!(matches!(atlas.place("XKX", Some(412)), Place::Shapes(s) if s.len() == 1));
        assert!(matches!(atlas.place("MCO", Some(492)), Place::Point(_)));
        assert_eq!(
            atlas.place("BVT", Some(74)),
            Place::Nowhere("no shape".to_string())
        );
        assert!(
            matches!(atlas.place("ATA", Some(10)), Place::Nowhere(w) if w.contains("Antarctica"))
        );
        assert!(matches!(atlas.place("ZZZ", None), Place::Nowhere(w) if w.contains("points.csv")));
    }

    #[test]
    fn the_bundled_world_has_russia_on_both_sides_and_no_antarctica() {
        let world = world().expect("the bundled map builds");
        let russia = world
            .shapes
            .iter()
            .find(|s| s.m49 == Some(643))
            .expect("Russia");
        // Chukotka east of 180° is drawn at the map's western edge.
        let w = half_width();
        assert!(russia.rings.iter().flatten().any(|p| p.0 > 1.0));
        assert!(russia.rings.iter().flatten().any(|p| p.0 < -1.0));
        // No ring spans the map: the cut worked.
        for s in &world.shapes {
            for r in &s.rings {
                let (lo, hi) = r.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                    (lo.min(p.0), hi.max(p.0))
                });
                assert!(hi - lo < w, "{} spans the map", s.name);
            }
        }
        assert!(world.shapes.iter().all(|s| s.m49 != Some(10)));
        // Russia is about 17.1 million km²; 1:110m keeps it within a few %.
        assert!(
            (16.0e6..18.0e6).contains(&russia.area_km2),
            "{}",
            russia.area_km2
        );
        // French Guiana is split from France.
        assert!(matches!(world.place("GUF", Some(254)), Place::Shapes(_)));
    }
}
