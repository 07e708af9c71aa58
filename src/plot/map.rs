//! Choropleth maps: one value per economy (its latest), or one category per
//! economy (a status), on the world geometry of [`super::geo`].
//!
//! A map is built as a plain spec ([`MapSpec`]: per economy its value,
//! year, class and how it is drawn — a polygon, a polygon with a dot, a
//! dot, or not at all with the reason) and drawn on a [`Canvas`], so the
//! same spec gives SVG and PNG and is snapshotted in tests. Two legends
//! share one renderer: [`Legend::Classes`] (a sequential scale of value
//! classes with the target marked) and [`Legend::Categories`] (named
//! categories with a symbol and a pattern, for statuses, see
//! [`status_categories`]).
//!
//! Conventions: viridis classes from light (low) to dark (high), which are
//! colour-blind safe and keep their order in greyscale; parity scores on an
//! orange–purple scale with the parity band in its own class; economies
//! without data hatched grey and counted; values older than the year most
//! values come from dotted and counted; small economies (SIDS under
//! 30 000 km², anything under 15 000 km², and those 1:110m leaves out) as
//! circles; the ITU map disclaimer under every map.
//!
//! Does not: read files, pick the indicators (see [`super::maps`]), or
//! compute statuses.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::canvas::{Anchor, Canvas, Fill, Font, Pattern, Rgb, Stroke};
use super::geo::{Atlas, Place};
use super::{text, theme};
use crate::aggregate::Value;
use crate::classify::{Classification, group};
use crate::indicator::{Direction, Indicator, Target, TargetKind, Unit};
use crate::progress::Status;
use crate::progress::members::MemberRow;

/// ITU's disclaimer, under every map.
pub const DISCLAIMER: &str = "The boundaries and names shown and the designations used on this map do not imply official endorsement or acceptance by ITU.";

/// Economies smaller than this (km², on the 1:110m shapes) also get a dot.
pub const SMALL_KM2: f64 = 15_000.0;
/// Small island developing states smaller than this also get a dot.
pub const SMALL_SIDS_KM2: f64 = 30_000.0;

/// One class of a value scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueClass {
    /// `20–40%`, `≤ 1%`, `0.98–1.02 (parity)`.
    pub label: String,
    /// Lower edge (none: open below).
    pub low: Option<f64>,
    /// Upper edge (none: open above).
    pub high: Option<f64>,
    /// A value equal to `high` belongs to this class (else to the next).
    pub includes_high: bool,
    /// Fill.
    pub color: Rgb,
}

/// One category of a categorical map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// Machine name (`on_track`).
    pub key: String,
    /// Words in the legend.
    pub label: String,
    /// Symbol before the words, so that the legend reads without colour.
    pub symbol: String,
    /// Fill.
    pub color: Rgb,
    /// Marks over the fill, so that categories of similar lightness stay
    /// apart in greyscale.
    pub pattern: Option<Pattern>,
}

/// The target as the legend marks it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendTarget {
    /// The value (or the band's low edge).
    pub low: f64,
    /// The band's high edge.
    pub high: Option<f64>,
    /// `2030 target: 100%`.
    pub label: String,
}

/// What the colours mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Legend {
    /// Classes of a value, low to high.
    Classes {
        /// The values' unit.
        unit: Unit,
        /// The classes, in order.
        classes: Vec<ValueClass>,
        /// The target, marked on the scale.
        target: Option<LegendTarget>,
    },
    /// Named categories.
    Categories {
        /// The categories, in legend order.
        categories: Vec<Category>,
    },
}

/// How an economy appears on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawnAs {
    /// Its shape.
    Polygon,
    /// Its shape, too small to see, and a dot on it.
    PolygonAndDot,
    /// A dot only (no shape at 1:110m).
    Dot,
    /// Not at all (see the reason).
    NotDrawn,
}

impl DrawnAs {
    /// The word in the data table.
    pub fn as_str(self) -> &'static str {
        match self {
            DrawnAs::Polygon => "polygon",
            DrawnAs::PolygonAndDot => "polygon_and_dot",
            DrawnAs::Dot => "dot",
            DrawnAs::NotDrawn => "not_drawn",
        }
    }
}

/// One economy of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapEconomy {
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// Name.
    pub name: String,
    /// The value shown (none: no data).
    pub value: Option<f64>,
    /// Its year.
    pub year: Option<i32>,
    /// Marked as an estimate by its publisher.
    pub estimate: bool,
    /// Index of its class or category in the legend (none: no data).
    pub class: Option<usize>,
    /// The value is from before the map's reference year.
    pub earlier: bool,
    /// How it is drawn.
    pub drawn_as: DrawnAs,
    /// Why it is not drawn, or where its dot comes from.
    pub note: Option<String>,
    #[serde(skip)]
    shapes: Vec<usize>,
    #[serde(skip)]
    dot: Option<(f64, f64)>,
    #[serde(skip)]
    area_km2: f64,
}

/// How many economies are in each state, for the legend and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MapCounts {
    /// Drawn as polygons (with or without a dot).
    pub polygons: usize,
    /// Drawn as a dot only.
    pub dots: usize,
    /// Not drawn.
    pub not_drawn: usize,
    /// Without data.
    pub no_data: usize,
    /// With a value from before the reference year.
    pub earlier: usize,
}

/// Everything a map shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapSpec {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Source line.
    pub source: String,
    /// The disclaimer.
    pub disclaimer: String,
    /// What the colours mean.
    pub legend: Legend,
    /// The year most values come from; older ones are marked.
    pub reference_year: Option<i32>,
    /// Decimals of values in the data table.
    pub decimals: usize,
    /// Counts.
    pub counts: MapCounts,
    /// Every economy of the classification, by ISO3 code.
    pub economies: Vec<MapEconomy>,
    /// Shapes of the geometry that belong to no economy of the
    /// classification (drawn as plain land).
    pub other_land: Vec<String>,
}

/// A map: its spec and the geometry it is drawn on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapChart {
    /// What it shows.
    #[serde(flatten)]
    pub spec: MapSpec,
    #[serde(skip)]
    atlas: Arc<Atlas>,
    #[serde(skip)]
    other_shapes: Vec<usize>,
}

/// Title, subtitle and source of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapTexts {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Source line.
    pub source: String,
}

/// One economy's entry before it is placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// Value, if any.
    pub value: Option<f64>,
    /// Year.
    pub year: Option<i32>,
    /// An estimate.
    pub estimate: bool,
    /// Class or category index.
    pub class: usize,
}

// Viridis (van der Walt & Smith, matplotlib's default colour map, CC0),
// sampled at 0, 0.1, …, 1.0 with matplotlib 3.11.
const VIRIDIS: [Rgb; 11] = [
    Rgb(0x44, 0x01, 0x54),
    Rgb(0x48, 0x24, 0x75),
    Rgb(0x41, 0x44, 0x87),
    Rgb(0x35, 0x5f, 0x8d),
    Rgb(0x2a, 0x78, 0x8e),
    Rgb(0x21, 0x91, 0x8c),
    Rgb(0x22, 0xa8, 0x84),
    Rgb(0x44, 0xbf, 0x70),
    Rgb(0x7a, 0xd1, 0x51),
    Rgb(0xbd, 0xdf, 0x26),
    Rgb(0xfd, 0xe7, 0x25),
];

/// Viridis at t in [0, 1], interpolated between the samples.
fn viridis(t: f64) -> Rgb {
    let t = t.clamp(0.0, 1.0) * 10.0;
    let i = (t.floor() as usize).min(9);
    let f = t - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// `n` colours from light (low values) to dark (high values).
fn sequential(n: usize) -> Vec<Rgb> {
    (0..n)
        .map(|i| {
            let t = if n <= 1 {
                0.5
            } else {
                i as f64 / (n - 1) as f64
            };
            viridis(1.0 - t)
        })
        .collect()
}

// ColorBrewer PuOr, 7 classes (Brewer, colorbrewer2.org; colour-blind
// safe): its three oranges for below parity (darker further below), its
// darkest purple for the band, a lighter purple above it.
const BELOW_PARITY: [Rgb; 3] = [
    Rgb(0xb3, 0x58, 0x06),
    Rgb(0xf1, 0xa3, 0x40),
    Rgb(0xfe, 0xe0, 0xb6),
];
const PARITY: Rgb = Rgb(0x54, 0x27, 0x88);
const ABOVE_PARITY: Rgb = Rgb(0x99, 0x8e, 0xc3);

/// The ground of economies without data.
pub const NO_DATA: Rgb = Rgb(0xe4, 0xe4, 0xe4);
/// Land that belongs to no economy of the classification.
const OTHER_LAND: Rgb = Rgb(0xf0, 0xf0, 0xf0);
/// Borders between shapes.
const BORDER: Rgb = Rgb(255, 255, 255);
/// Outlines of dots.
const DOT_EDGE: Rgb = Rgb(0x33, 0x33, 0x33);

/// Relative luminance (sRGB weights, no gamma), 0–1.
fn luminance(c: Rgb) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

/// Ink that reads on a fill.
fn ink_on(c: Rgb) -> Rgb {
    if luminance(c) < 0.45 {
        Rgb(255, 255, 255)
    } else {
        theme::INK
    }
}

/// A break's number, without its unit.
fn break_number(v: f64, unit: Unit) -> String {
    if unit == Unit::Ratio {
        format!("{v:.2}")
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A break as the legend writes it.
fn break_text(v: f64, unit: Unit) -> String {
    let num = break_number(v, unit);
    match unit {
        Unit::Percent | Unit::PercentGniPc => format!("{num}%"),
        _ => num,
    }
}

/// Add a target value to a list of breaks: it replaces a break within
/// `near` of it, or goes in between.
fn with_target(mut breaks: Vec<f64>, target: f64, near: f64) -> Vec<f64> {
    if breaks.iter().any(|b| (b - target).abs() < 1e-9) {
        return breaks;
    }
    if let Some(i) = breaks
        .iter()
        .position(|b| (b - target).abs() <= near && (b - target).abs() > 1e-9)
    {
        breaks[i] = target;
    } else {
        breaks.push(target);
    }
    breaks.sort_by(f64::total_cmp);
    breaks
}

/// Round to two significant digits (class breaks from quantiles).
fn two_digits(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = 10f64.powf(v.abs().log10().floor() - 1.0);
    (v / mag).round() * mag
}

/// Classes for an indicator's values, and its 2030 target on the scale.
///
/// Shares run 0–100 with breaks at 20, 40, 60, 80 and 90, prices (% of
/// GNI per capita) have open ends and breaks at 1, 2, 5, 10 and 20, and
/// the target is always a break (it replaces one within 5 points, else
/// goes between), so that the classes say who meets it. Parity scores get
/// the band as a class of its own. Other units use quintiles of the values.
/// A value on a break belongs to the class on the target's side of it:
/// the upper class for increase targets, the lower for decrease targets.
pub fn value_classes(ind: &Indicator, values: &[f64]) -> (Vec<ValueClass>, Option<LegendTarget>) {
    let unit = ind.unit;
    let target = ind.targets_2030().next();
    let sign = ind.direction.threshold_sign();
    let mark = target.and_then(|t| match &t.kind {
        TargetKind::Level { value } => Some(LegendTarget {
            low: *value,
            high: None,
            label: format!("{} target: {}", t.year, break_text(*value, unit)),
        }),
        TargetKind::Threshold { value } => Some(LegendTarget {
            low: *value,
            high: None,
            label: format!("{} target: {sign} {}", t.year, break_text(*value, unit)),
        }),
        TargetKind::Parity { low, high } => Some(LegendTarget {
            low: *low,
            high: Some(*high),
            label: format!("{} target: parity {low:.2}–{high:.2}", t.year),
        }),
        // Target 1.2: every economy at or below 2%; each economy is
        // counted on the condition.
        TargetKind::ShareOfEconomies { threshold, .. } => Some(LegendTarget {
            low: *threshold,
            high: None,
            label: format!("{} target: {sign} {}", t.year, break_text(*threshold, unit)),
        }),
        _ => None,
    });
    let decrease = ind.direction == Direction::Decrease;
    if let Some(LegendTarget {
        low,
        high: Some(high),
        ..
    }) = &mark
    {
        let (low, high) = (*low, *high);
        let mut classes = Vec::new();
        let below = [low - 0.28, low - 0.13, low];
        let mut prev: Option<f64> = None;
        for (i, b) in below.iter().enumerate() {
            classes.push(ValueClass {
                label: match prev {
                    None => format!("< {}", break_text(*b, unit)),
                    Some(p) => format!("{}–{}", break_number(p, unit), break_text(*b, unit)),
                },
                low: prev,
                high: Some(*b),
                includes_high: false,
                color: BELOW_PARITY[i],
            });
            prev = Some(*b);
        }
        classes.push(ValueClass {
            label: format!(
                "{}–{} (parity)",
                break_number(low, unit),
                break_text(high, unit)
            ),
            low: Some(low),
            high: Some(high),
            includes_high: true,
            color: PARITY,
        });
        classes.push(ValueClass {
            label: format!("> {}", break_text(high, unit)),
            low: Some(high),
            high: None,
            includes_high: false,
            color: ABOVE_PARITY,
        });
        return (classes, mark);
    }
    let target_value = mark.as_ref().map(|m| m.low);
    let (breaks, ends) = match unit {
        Unit::Percent => {
            let mut b = vec![20.0, 40.0, 60.0, 80.0, 90.0];
            if let Some(t) = target_value.filter(|t| *t > 0.0 && *t < 100.0) {
                b = with_target(b, t, 5.0);
            }
            (b, Some((0.0, 100.0)))
        }
        Unit::PercentGniPc => {
            let mut b = vec![1.0, 2.0, 5.0, 10.0, 20.0];
            if let Some(t) = target_value.filter(|t| *t > 0.0) {
                b = with_target(b, t, 0.0);
            }
            (b, None)
        }
        _ => {
            let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            sorted.sort_by(f64::total_cmp);
            let mut b: Vec<f64> = (1..5)
                .filter_map(|q| {
                    let i = (sorted.len() * q / 5).min(sorted.len().saturating_sub(1));
                    sorted.get(i).map(|v| two_digits(*v))
                })
                .collect();
            b.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
            if let Some(t) = target_value {
                b = with_target(b, t, 0.0);
            }
            (b, None)
        }
    };
    let colors = sequential(breaks.len() + 1);
    let mut classes = Vec::new();
    for i in 0..=breaks.len() {
        let low = if i == 0 {
            ends.map(|e| e.0)
        } else {
            Some(breaks[i - 1])
        };
        let high = if i == breaks.len() {
            ends.map(|e| e.1)
        } else {
            Some(breaks[i])
        };
        let label = match (low, high) {
            (Some(l), Some(h)) => format!("{}–{}", break_number(l, unit), break_text(h, unit)),
            (None, Some(h)) => format!(
                "{} {}",
                if decrease { "≤" } else { "<" },
                break_text(h, unit)
            ),
            (Some(l), None) => format!(
                "{} {}",
                if decrease { ">" } else { "≥" },
                break_text(l, unit)
            ),
            (None, None) => "all values".to_string(),
        };
        classes.push(ValueClass {
            label,
            low,
            high,
            // The last class takes everything above its low edge.
            includes_high: decrease || i == breaks.len(),
            color: colors[i],
        });
    }
    (classes, mark)
}

/// The class of a value.
pub fn class_of(v: f64, classes: &[ValueClass]) -> usize {
    for (i, c) in classes.iter().enumerate() {
        match c.high {
            Some(h) if v < h || (c.includes_high && v == h) => return i,
            None => return i,
            _ => {}
        }
    }
    classes.len().saturating_sub(1)
}

/// The six statuses as map categories: the grid's colours, each with its
/// symbol, and patterns that keep statuses of similar lightness apart in
/// greyscale (dots for acceleration needed, lines for limited progress,
/// white lines on deterioration, grey dots on insufficient data).
pub fn status_categories() -> Vec<Category> {
    Status::ALL
        .iter()
        .map(|s| {
            let color = theme::status_fill(*s);
            let pattern = match s {
                // Sparse and fine: on a map the commonest status is often
                // this one, and dense dots made whole continents a texture.
                Status::AccelerationNeeded => Some(Pattern::Dots {
                    color: theme::INK,
                    spacing: 7.0,
                    radius: 0.85,
                }),
                Status::LimitedProgress => Some(Pattern::Hatch {
                    color: theme::INK,
                    spacing: 6.0,
                    width: 0.8,
                }),
                Status::Deterioration => Some(Pattern::Hatch {
                    color: Rgb(255, 255, 255),
                    spacing: 5.0,
                    width: 1.2,
                }),
                // Grey dots, not the hatch of "no data": judged and found
                // too short is not the same as never measured.
                Status::InsufficientData => Some(Pattern::Dots {
                    color: Rgb(0x8c, 0x8c, 0x8c),
                    spacing: 5.0,
                    radius: 0.9,
                }),
                _ => None,
            };
            Category {
                key: s.as_str().to_string(),
                label: s.label().to_string(),
                symbol: s.symbol().to_string(),
                color,
                pattern,
            }
        })
        .collect()
}

fn no_data_pattern(k: f64) -> Pattern {
    Pattern::Hatch {
        color: Rgb(0xa6, 0xa6, 0xa6),
        spacing: (5.0 * k).round().max(3.0),
        width: 0.8 * k,
    }
}

fn earlier_pattern(ground: Rgb, k: f64) -> Pattern {
    // Sparse and fine: the class colour must still read through the dots.
    Pattern::Dots {
        color: ink_on(ground),
        spacing: (6.0 * k).round().max(3.0),
        radius: 0.7 * k,
    }
}

/// The first sentence of a definition, for a subtitle.
fn first_sentence(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s,
    }
}

/// The year most economies' latest values come from (the later on a tie).
fn reference_year(years: impl Iterator<Item = i32>) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for y in years {
        *counts.entry(y).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
        .map(|(y, _)| *y)
}

/// The map of an indicator's latest value per economy (to `as_of`), or
/// none when no economy has a value.
pub fn value_map(
    ind: &Indicator,
    economies: &BTreeMap<String, Vec<Value>>,
    class: &Classification,
    atlas: Arc<Atlas>,
    as_of: i32,
) -> Option<MapChart> {
    let latest: BTreeMap<&str, &Value> = economies
        .iter()
        .filter(|(code, _)| class.economies.contains_key(code.as_str()))
        .filter_map(|(code, vs)| {
            vs.iter()
                .rfind(|v| v.year <= as_of && v.value.is_finite())
                .map(|v| (code.as_str(), v))
        })
        .collect();
    if latest.is_empty() {
        return None;
    }
    let values: Vec<f64> = latest.values().map(|v| v.value).collect();
    let (classes, target) = value_classes(ind, &values);
    let entries: BTreeMap<String, Entry> = latest
        .iter()
        .map(|(code, v)| {
            (
                code.to_string(),
                Entry {
                    value: Some(v.value),
                    year: Some(v.year),
                    estimate: v.estimate,
                    class: class_of(v.value, &classes),
                },
            )
        })
        .collect();
    let reference = reference_year(latest.values().map(|v| v.year));
    let most = match reference {
        Some(y) => format!(" (most from {y})"),
        None => String::new(),
    };
    let texts = MapTexts {
        title: format!("{}: latest value by economy", ind.name),
        subtitle: format!(
            "Latest value of each economy up to {as_of}{most}. {} Unit: {}.",
            first_sentence(&ind.definition),
            ind.unit.label()
        ),
        source: format!(
            "Source: {}. Map: {}, Equal Earth projection.",
            ind.data_source.trim_end_matches('.'),
            atlas.credit
        ),
    };
    Some(MapChart::build(
        texts,
        Legend::Classes {
            unit: ind.unit,
            classes,
            target,
        },
        &entries,
        class,
        atlas,
        reference,
        ind.unit.decimals(),
    ))
}

/// The key of the category of economies a target does not apply to.
pub const NOT_APPLICABLE: &str = "not_applicable";

/// The map of each economy's own status against an indicator's target, as
/// `rbm economies` judges it ([`crate::progress::members::member_rows`]:
/// the member's series through the groups' own progress function), or none
/// when no economy was judged. `rows` holds at most one row per economy
/// (the caller judges each once); an economy of the classification without
/// a row belongs to no group the target applies to and is drawn as such;
/// one with a row but no value at all is drawn as without data, and one
/// with values too few to judge as "insufficient data". `method_words`
/// names the method for the subtitle.
pub fn status_map(
    ind: &Indicator,
    target: &Target,
    rows: &[MemberRow],
    class: &Classification,
    atlas: Arc<Atlas>,
    as_of: i32,
    method_words: &str,
) -> Option<MapChart> {
    if rows.is_empty() {
        return None;
    }
    let mut categories = status_categories();
    let judged: BTreeMap<&str, &MemberRow> = rows.iter().map(|r| (r.economy.as_str(), r)).collect();
    let mut entries: BTreeMap<String, Entry> = rows
        .iter()
        .filter(|r| r.latest_value.is_some())
        .map(|r| {
            (
                r.economy.clone(),
                Entry {
                    value: r.latest_value,
                    year: r.latest_year,
                    estimate: r.origin == Some("estimate"),
                    class: r.status.index(),
                },
            )
        })
        .collect();
    let outside: Vec<&String> = class
        .economies
        .keys()
        .filter(|c| !judged.contains_key(c.as_str()))
        .collect();
    if !outside.is_empty() {
        let index = categories.len();
        categories.push(Category {
            key: NOT_APPLICABLE.to_string(),
            label: "Target does not apply".to_string(),
            symbol: "–".to_string(),
            color: OTHER_LAND,
            pattern: None,
        });
        for c in outside {
            entries.insert(
                c.clone(),
                Entry {
                    value: None,
                    year: None,
                    estimate: false,
                    class: index,
                },
            );
        }
    }
    let applies = if target.groups.iter().any(|g| g == "WLD") {
        "every economy".to_string()
    } else {
        let names: Vec<&str> = target
            .groups
            .iter()
            .map(|g| group::group(g).map_or(g.as_str(), |x| x.name))
            .collect();
        format!("the members of {}", and_list(&names))
    };
    let texts = MapTexts {
        title: format!("{}: status of each economy", ind.name),
        subtitle: format!(
            "Each economy's own series, judged like a group's ({method_words}) against target {}: {} by {}. Data up to {as_of}; the target applies to {applies}.",
            target.id.trim_start_matches("SP2030-"),
            target.describe_in_words(ind.unit, ind.direction),
            target.year,
        ),
        source: format!(
            "Source: {}; statuses by rbm. Map: {}, Equal Earth projection.",
            ind.data_source.trim_end_matches('.'),
            atlas.credit
        ),
    };
    Some(category_map(
        texts,
        categories,
        &entries,
        class,
        atlas,
        ind.unit.decimals(),
    ))
}

/// Names in prose: `A`, `A and B`, `A, B and C`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}

/// A map of categories (statuses): each economy in `assigned` gets its
/// category; the others are drawn as without data.
pub fn category_map(
    texts: MapTexts,
    categories: Vec<Category>,
    assigned: &BTreeMap<String, Entry>,
    class: &Classification,
    atlas: Arc<Atlas>,
    decimals: usize,
) -> MapChart {
    MapChart::build(
        texts,
        Legend::Categories { categories },
        assigned,
        class,
        atlas,
        None,
        decimals,
    )
}

impl MapChart {
    /// Place every economy of the classification and give it its entry.
    pub fn build(
        texts: MapTexts,
        legend: Legend,
        entries: &BTreeMap<String, Entry>,
        class: &Classification,
        atlas: Arc<Atlas>,
        reference_year: Option<i32>,
        decimals: usize,
    ) -> MapChart {
        let mut claimed = vec![false; atlas.shapes.len()];
        let mut economies = Vec::new();
        for (iso3, e) in &class.economies {
            let entry = entries.get(iso3);
            let (drawn_as, shapes, dot, note, area) = match atlas.place(iso3, e.m49) {
                Place::Shapes(found) => {
                    let area: f64 = found.iter().map(|(_, s)| s.area_km2).sum();
                    let largest = found
                        .iter()
                        .max_by(|a, b| a.1.area_km2.total_cmp(&b.1.area_km2))
                        .map(|(_, s)| s.anchor);
                    let small = area < SMALL_KM2 || (e.sids && area < SMALL_SIDS_KM2);
                    for (i, _) in &found {
                        claimed[*i] = true;
                    }
                    let idx = found.iter().map(|(i, _)| *i).collect();
                    if small {
                        (DrawnAs::PolygonAndDot, idx, largest, None, area)
                    } else {
                        (DrawnAs::Polygon, idx, None, None, area)
                    }
                }
                Place::Point(p) => (
                    DrawnAs::Dot,
                    Vec::new(),
                    Some(p.xy),
                    Some(format!("dot at {}", p.source)),
                    0.0,
                ),
                Place::Nowhere(why) => (DrawnAs::NotDrawn, Vec::new(), None, Some(why), 0.0),
            };
            let year = entry.and_then(|x| x.year);
            economies.push(MapEconomy {
                iso3: iso3.clone(),
                name: e.name.clone(),
                value: entry.and_then(|x| x.value),
                year,
                estimate: entry.is_some_and(|x| x.estimate),
                class: entry.map(|x| x.class),
                earlier: matches!((year, reference_year), (Some(y), Some(r)) if y < r),
                drawn_as,
                note,
                shapes,
                dot,
                area_km2: area,
            });
        }
        let other_shapes: Vec<usize> = (0..atlas.shapes.len()).filter(|i| !claimed[*i]).collect();
        let other_land = other_shapes
            .iter()
            .map(|i| atlas.shapes[*i].name.clone())
            .collect();
        let count = |f: &dyn Fn(&MapEconomy) -> bool| economies.iter().filter(|e| f(e)).count();
        let counts = MapCounts {
            polygons: count(&|e| matches!(e.drawn_as, DrawnAs::Polygon | DrawnAs::PolygonAndDot)),
            dots: count(&|e| e.drawn_as == DrawnAs::Dot),
            not_drawn: count(&|e| e.drawn_as == DrawnAs::NotDrawn),
            no_data: count(&|e| e.class.is_none()),
            earlier: count(&|e| e.earlier),
        };
        MapChart {
            spec: MapSpec {
                title: texts.title,
                subtitle: texts.subtitle,
                source: texts.source,
                disclaimer: DISCLAIMER.to_string(),
                legend,
                reference_year,
                decimals,
                counts,
                economies,
                other_land,
            },
            atlas,
            other_shapes,
        }
    }

    /// The data behind the map as CSV: every economy with its value, year,
    /// class and how it is drawn.
    pub fn data_csv(&self) -> String {
        let mut out =
            String::from("iso3,economy,value,year,estimate,class,earlier,drawn_as,note\n");
        let d = self.spec.decimals;
        for e in &self.spec.economies {
            let class = e
                .class
                .map(|c| match &self.spec.legend {
                    Legend::Classes { classes, .. } => {
                        classes.get(c).map(|x| x.label.clone()).unwrap_or_default()
                    }
                    Legend::Categories { categories } => {
                        categories.get(c).map(|x| x.key.clone()).unwrap_or_default()
                    }
                })
                .unwrap_or_else(|| "no data".to_string());
            let fields = [
                e.iso3.clone(),
                e.name.clone(),
                e.value.map(|v| format!("{v:.d$}")).unwrap_or_default(),
                e.year.map(|y| y.to_string()).unwrap_or_default(),
                e.estimate.to_string(),
                class,
                e.earlier.to_string(),
                e.drawn_as.as_str().to_string(),
                e.note.clone().unwrap_or_default(),
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }

    /// The fill of an economy.
    fn fill_of(&self, e: &MapEconomy, k: f64) -> Fill {
        let (color, pattern) = match (e.class, &self.spec.legend) {
            (None, _) => (NO_DATA, Some(no_data_pattern(k))),
            (Some(c), Legend::Classes { classes, .. }) => {
                (classes.get(c).map_or(NO_DATA, |x| x.color), None)
            }
            (Some(c), Legend::Categories { categories }) => {
                categories.get(c).map_or((NO_DATA, None), |x| {
                    (x.color, x.pattern.map(|p| scaled(p, k)))
                })
            }
        };
        let pattern = if e.earlier {
            Some(earlier_pattern(color, k))
        } else {
            pattern
        };
        Fill { color, pattern }
    }

    /// Draw the map on a canvas of `width` × `height` pixels.
    pub fn draw(&self, c: &mut dyn Canvas, width: f64, height: f64) {
        // Text and marks grow and shrink with the canvas, more slowly
        // than it (the square root), so that half-size maps stay legible.
        let k = (width / 1200.0).min(height / 675.0).sqrt().clamp(0.6, 2.0);
        let m = 24.0 * k;
        let inner = width - 2.0 * m;
        let title = Font {
            size: 22.0 * k,
            color: theme::INK,
            bold: true,
            anchor: Anchor::Start,
        };
        let sub = Font {
            size: 14.0 * k,
            color: theme::MUTED,
            bold: false,
            anchor: Anchor::Start,
        };
        let small = Font {
            size: 11.5 * k,
            color: theme::MUTED,
            bold: false,
            anchor: Anchor::Start,
        };
        let mut y = m + 18.0 * k;
        for line in text::wrap(&self.spec.title, title.size, true, inner)
            .iter()
            .take(2)
        {
            c.text(
                &text::ellipsize(line, title.size, true, inner),
                m,
                y,
                &title,
            );
            y += 27.0 * k;
        }
        y -= 4.0 * k;
        for line in text::wrap(&self.spec.subtitle, sub.size, false, inner)
            .iter()
            .take(2)
        {
            c.text(line, m, y, &sub);
            y += 19.0 * k;
        }
        let map_top = y;

        // The footer, bottom up: disclaimer, source, legend.
        let source_lines: Vec<String> = text::wrap(&self.spec.source, small.size, false, inner)
            .into_iter()
            .take(2)
            .collect();
        let disclaimer_lines: Vec<String> =
            text::wrap(&self.spec.disclaimer, small.size, false, inner)
                .into_iter()
                .take(2)
                .collect();
        let line_h = 15.0 * k;
        let footer_h = (source_lines.len() + disclaimer_lines.len()) as f64 * line_h;
        let mut fy = height - m - footer_h + line_h - 3.0 * k;
        for line in source_lines.iter().chain(&disclaimer_lines) {
            c.text(line, m, fy, &small);
            fy += line_h;
        }
        let legend = self.legend_items(k, inner);
        let legend_h = legend.height(k);
        let legend_top = height - m - footer_h - legend_h - 4.0 * k;
        let map_bottom = legend_top - 6.0 * k;

        // The map, fitted into its box and centred.
        let ((x0, x1), (y0, y1)) = self.atlas.bounds;
        let s = (inner / (x1 - x0))
            .min((map_bottom - map_top) / (y1 - y0))
            .max(1e-6);
        let ox = m + (inner - (x1 - x0) * s) / 2.0 - x0 * s;
        let oy = map_top + ((map_bottom - map_top) - (y1 - y0) * s) / 2.0 + y1 * s;
        let to_px = |(x, y): (f64, f64)| (ox + x * s, oy - y * s);
        let rings_px = |i: usize| -> Vec<Vec<(f64, f64)>> {
            self.atlas.shapes[i]
                .rings
                .iter()
                .map(|r| r.iter().map(|p| to_px(*p)).collect())
                .collect()
        };
        let border = Stroke::solid(BORDER, 0.6 * k);
        for i in &self.other_shapes {
            c.shape(&rings_px(*i), &Fill::solid(OTHER_LAND), Some(&border));
        }
        // Largest first, so that an enclosed economy (Lesotho) is on top.
        let mut order: Vec<&MapEconomy> = self
            .spec
            .economies
            .iter()
            .filter(|e| !e.shapes.is_empty())
            .collect();
        order.sort_by(|a, b| b.area_km2.total_cmp(&a.area_km2).then(a.iso3.cmp(&b.iso3)));
        for e in order {
            let fill = self.fill_of(e, k);
            let rings: Vec<Vec<(f64, f64)>> = e.shapes.iter().flat_map(|i| rings_px(*i)).collect();
            c.shape(&rings, &fill, Some(&border));
        }
        // Dots on top, in code order, sized with the map (not the text),
        // so that at half size they do not cover the small economies'
        // neighbours.
        let r = (0.017 * s).clamp(1.6, 8.0);
        for e in self.spec.economies.iter().filter(|e| e.dot.is_some()) {
            let Some(at) = e.dot else { continue };
            let (cx, cy) = to_px(at);
            self.draw_dot(c, e, cx, cy, r, k);
        }
        legend.draw(self, c, m, legend_top, k, r);
    }

    fn draw_dot(&self, c: &mut dyn Canvas, e: &MapEconomy, cx: f64, cy: f64, r: f64, k: f64) {
        let edge = Stroke::solid(DOT_EDGE, (0.22 * r).min(0.8 * k));
        match e.class {
            None => c.circle(cx, cy, r, Some(Rgb(255, 255, 255)), Some(&edge)),
            Some(_) => {
                let fill = self.fill_of(e, k);
                c.circle(cx, cy, r, Some(fill.color), Some(&edge));
                // A value from an earlier year: a dot in the dot, like the
                // dotted pattern on shapes.
                if e.earlier {
                    c.circle(cx, cy, r * 0.35, Some(ink_on(fill.color)), None);
                }
            }
        }
    }

    fn legend_items(&self, k: f64, inner: f64) -> LegendLayout {
        let label_size = 11.5 * k;
        let mut extras: Vec<(Extra, String)> = Vec::new();
        let counts = &self.spec.counts;
        if counts.no_data > 0 {
            extras.push((Extra::NoData, format!("no data ({})", counts.no_data)));
        }
        if counts.earlier > 0
            && let Some(r) = self.spec.reference_year
        {
            extras.push((
                Extra::Earlier,
                format!("value from before {r} ({})", counts.earlier),
            ));
        }
        let dots = self
            .spec
            .economies
            .iter()
            .filter(|e| e.dot.is_some())
            .count();
        if dots > 0 {
            extras.push((Extra::Dots, format!("small economies as circles ({dots})")));
        }
        let swatch = 12.0 * k;
        let extra_w: f64 = extras
            .iter()
            .map(|(_, l)| swatch + 6.0 * k + text::width(l, label_size, false) + 16.0 * k)
            .sum();
        match &self.spec.legend {
            Legend::Classes { classes, .. } => {
                let n = classes.len().max(1) as f64;
                let widest = classes
                    .iter()
                    .map(|c| text::width(&c.label, label_size, false))
                    .fold(0.0, f64::max);
                let sw = (widest * 0.9).clamp(34.0 * k, 64.0 * k);
                let scale_w = sw * n;
                let one_row = scale_w + 24.0 * k + extra_w <= inner;
                LegendLayout {
                    rows: if one_row { 1 } else { 2 },
                    swatch_w: sw,
                    extras,
                    category_rows: Vec::new(),
                }
            }
            Legend::Categories { categories } => {
                // Categories flow over as many rows as they need.
                let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
                let mut x = 0.0;
                for (i, cat) in categories.iter().enumerate() {
                    let w = swatch
                        + 6.0 * k
                        + text::width(&self.category_label(i, cat), label_size, false)
                        + 16.0 * k;
                    if x + w > inner && !rows.last().is_some_and(Vec::is_empty) {
                        rows.push(Vec::new());
                        x = 0.0;
                    }
                    if let Some(r) = rows.last_mut() {
                        r.push(i);
                    }
                    x += w;
                }
                let extra_row = x + extra_w > inner;
                LegendLayout {
                    rows: rows.len() + usize::from(extra_row),
                    swatch_w: swatch,
                    extras,
                    category_rows: rows,
                }
            }
        }
    }

    fn category_label(&self, i: usize, cat: &Category) -> String {
        let n = self
            .spec
            .economies
            .iter()
            .filter(|e| e.class == Some(i))
            .count();
        format!("{} {} ({n})", cat.symbol, cat.label)
    }
}

/// A pattern at a scale factor.
fn scaled(p: Pattern, k: f64) -> Pattern {
    match p {
        Pattern::Hatch {
            color,
            spacing,
            width,
        } => Pattern::Hatch {
            color,
            spacing: (spacing * k).round().max(3.0),
            width: width * k,
        },
        Pattern::Dots {
            color,
            spacing,
            radius,
        } => Pattern::Dots {
            color,
            spacing: (spacing * k).round().max(3.0),
            radius: radius * k,
        },
    }
}

/// A CSV field, quoted when it needs to be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The marks after the scale or the categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    NoData,
    Earlier,
    Dots,
}

struct LegendLayout {
    rows: usize,
    swatch_w: f64,
    extras: Vec<(Extra, String)>,
    category_rows: Vec<Vec<usize>>,
}

impl LegendLayout {
    fn height(&self, k: f64) -> f64 {
        // A class scale needs room for the target's label above and the
        // breaks below; a row of categories is one line.
        let first = if self.category_rows.is_empty() {
            44.0
        } else {
            20.0
        };
        (first + 20.0 * (self.rows.saturating_sub(1)) as f64) * k
    }

    fn draw(&self, map: &MapChart, c: &mut dyn Canvas, left: f64, top: f64, k: f64, r: f64) {
        let label = Font {
            size: 11.5 * k,
            color: theme::INK,
            bold: false,
            anchor: Anchor::Start,
        };
        let swatch = 12.0 * k;
        let mut x = left;
        let mut y = top;
        match &map.spec.legend {
            Legend::Classes {
                classes,
                target,
                unit,
            } => {
                let bar_y = top + 16.0 * k;
                let sw = self.swatch_w;
                for (i, cl) in classes.iter().enumerate() {
                    c.rect(left + i as f64 * sw, bar_y, sw, swatch, cl.color, 1.0);
                }
                // Breaks under the bar: each class's low edge, and the
                // last class's high edge when the scale is closed.
                let tick = Font {
                    anchor: Anchor::Middle,
                    size: 10.5 * k,
                    color: theme::MUTED,
                    ..label
                };
                for (i, cl) in classes.iter().enumerate() {
                    if let Some(l) = cl.low {
                        c.text(
                            &break_text(l, *unit),
                            left + i as f64 * sw,
                            bar_y + swatch + 12.0 * k,
                            &tick,
                        );
                    }
                }
                if let Some(h) = classes.last().and_then(|c| c.high) {
                    c.text(
                        &break_text(h, *unit),
                        left + classes.len() as f64 * sw,
                        bar_y + swatch + 12.0 * k,
                        &tick,
                    );
                }
                if let Some(t) = target {
                    self.draw_target(c, classes, t, left, bar_y, sw, swatch, k);
                }
                x = left + classes.len() as f64 * sw + 24.0 * k;
                y = bar_y;
                if self.rows > 1 {
                    x = left;
                    y = top + 44.0 * k;
                }
            }
            Legend::Categories { categories } => {
                for (r, row) in self.category_rows.iter().enumerate() {
                    x = left;
                    y = top + 4.0 * k + r as f64 * 20.0 * k;
                    for i in row {
                        let cat = &categories[*i];
                        let fill = Fill {
                            color: cat.color,
                            pattern: cat.pattern.map(|p| scaled(p, k)),
                        };
                        c.shape(
                            &[square(x, y, swatch)],
                            &fill,
                            Some(&Stroke::solid(theme::AXIS, 0.5 * k)),
                        );
                        let words = map.category_label(*i, cat);
                        c.text(&words, x + swatch + 6.0 * k, y + swatch - 1.5 * k, &label);
                        x += swatch + 6.0 * k + text::width(&words, label.size, false) + 16.0 * k;
                    }
                }
                if self.rows > self.category_rows.len() {
                    x = left;
                    y += 20.0 * k;
                }
            }
        }
        for (extra, words) in &self.extras {
            match extra {
                Extra::NoData => {
                    c.shape(
                        &[square(x, y, swatch)],
                        &Fill {
                            color: NO_DATA,
                            pattern: Some(no_data_pattern(k)),
                        },
                        Some(&Stroke::solid(theme::AXIS, 0.5 * k)),
                    );
                }
                Extra::Earlier => {
                    let ground = Rgb(0x26, 0x82, 0x8e);
                    c.shape(
                        &[square(x, y, swatch)],
                        &Fill {
                            color: ground,
                            pattern: Some(earlier_pattern(ground, k)),
                        },
                        None,
                    );
                }
                Extra::Dots => {
                    // A class's colour on a value map; on a status map a
                    // neutral grey, which is no status.
                    let ground = match map.spec.legend {
                        Legend::Classes { .. } => Rgb(0x26, 0x82, 0x8e),
                        Legend::Categories { .. } => Rgb(0xbd, 0xbd, 0xbd),
                    };
                    c.circle(
                        x + swatch / 2.0,
                        y + swatch / 2.0,
                        r.max(2.5 * k),
                        Some(ground),
                        Some(&Stroke::solid(DOT_EDGE, (0.22 * r).min(0.8 * k))),
                    );
                }
            }
            c.text(words, x + swatch + 6.0 * k, y + swatch - 1.5 * k, &label);
            x += swatch + 22.0 * k + text::width(words, label.size, false);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_target(
        &self,
        c: &mut dyn Canvas,
        classes: &[ValueClass],
        t: &LegendTarget,
        left: f64,
        bar_y: f64,
        sw: f64,
        swatch: f64,
        k: f64,
    ) {
        // The target's place on the bar: at the break it is (every target
        // is a break), or over the band's class.
        let edge_x = |v: f64| -> Option<f64> {
            classes.iter().enumerate().find_map(|(i, cl)| {
                if cl.low.is_some_and(|l| (l - v).abs() < 1e-9) {
                    Some(left + i as f64 * sw)
                } else if cl.high.is_some_and(|h| (h - v).abs() < 1e-9) {
                    Some(left + (i + 1) as f64 * sw)
                } else {
                    None
                }
            })
        };
        let font = Font {
            size: 11.5 * k,
            color: theme::TARGET,
            bold: true,
            anchor: Anchor::Middle,
        };
        let total = left + classes.len() as f64 * sw;
        let (x_lo, x_hi) = match (edge_x(t.low), t.high.and_then(edge_x)) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a),
            _ => return,
        };
        let stroke = Stroke::solid(theme::TARGET, 1.6 * k);
        if (x_hi - x_lo).abs() > 1e-9 {
            // A band: a bracket over its class.
            c.polyline(
                &[
                    (x_lo, bar_y - 1.0 * k),
                    (x_lo, bar_y - 5.0 * k),
                    (x_hi, bar_y - 5.0 * k),
                    (x_hi, bar_y - 1.0 * k),
                ],
                &stroke,
            );
        } else {
            c.polyline(
                &[(x_lo, bar_y - 5.0 * k), (x_lo, bar_y + swatch + 2.0 * k)],
                &stroke,
            );
        }
        let mid = (x_lo + x_hi) / 2.0;
        let w = text::width(&t.label, font.size, true);
        let (tx, anchor) = if mid + w / 2.0 > total + 40.0 * k {
            (mid, Anchor::End)
        } else if mid - w / 2.0 < left {
            (left, Anchor::Start)
        } else {
            (mid, Anchor::Middle)
        };
        c.text(&t.label, tx, bar_y - 8.0 * k, &Font { anchor, ..font });
    }
}

fn square(x: f64, y: f64, s: f64) -> Vec<(f64, f64)> {
    vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s)]
}

#[cfg(test)]
mod tests {
    use super::and_list;

    #[test]
    fn names_read_as_a_list() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["LDCs"]), "LDCs");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }
}
