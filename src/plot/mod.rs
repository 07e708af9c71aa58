//! Charts: trajectories per region and development level, the status grid,
//! gap charts and maps, built from the assessed data as plain specs
//! ([`trajectory::Trajectory`], [`grid::StatusGrid`], [`gaps::GapChart`],
//! [`map::MapChart`], [`chain::ChainDiagram`]) and drawn to SVG text or PNG bytes in memory. Writing
//! files is the command layer's job.
//!
//! Conventions: the Okabe–Ito palette with one colour per group in every
//! chart; observed values solid with points, estimates hollow; the
//! projection dashed; the target a labelled line or a band; lines labelled
//! at their ends; a bundled font so that output is the same everywhere.

pub mod canvas;
pub mod chain;
pub mod gaps;
pub mod geo;
pub mod grid;
pub mod map;
pub mod scale;
pub mod text;
pub mod theme;
pub mod trajectory;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::base::vocab::vocabulary;
use crate::classify::group::{self, GroupKind};
use crate::indicator::{Indicator, Symbol, TargetKind, Unit};
use crate::progress::{IndicatorData, Method, ProgressRow, Status};
use canvas::{PngCanvas, SvgCanvas};
use gaps::{GapChart, GapRow};
use grid::{GridCell, GridRow, StatusGrid};
use trajectory::{Dot, Line, TargetMark, Trajectory};

/// A chart of any kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Chart {
    /// A trajectory chart.
    Trajectory(Trajectory),
    /// The status grid.
    Grid(StatusGrid),
    /// A gap chart.
    Gaps(GapChart),
    /// A map.
    Map(Box<map::MapChart>),
    /// A diagram of the results chain.
    Chain(chain::ChainDiagram),
}

/// A chart with its file name (without extension) and title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartFile {
    /// `households_internet--regions`, `status-grid`, …
    pub stem: String,
    /// The title, also the SVG's accessible title.
    pub title: String,
    /// The chart.
    pub chart: Chart,
}

vocabulary! {
    /// What a chart is dressed for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Theme: "theme" {
        Print = "print": "Reports and print: text and lines at their sizes for the chart's width (the default).",
        Slide = "slide": "Slides on a projector: text, lines and markers a quarter larger again.",
    }
}

/// The size a chart is drawn at, and how many times its text, lines and
/// markers are drawn larger than at the design size of 1200 × 675.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels (the status grid grows beyond it with its rows).
    pub height: u32,
    /// How much text, lines and markers grow.
    pub scale: f64,
}

impl Size {
    /// The size charts are laid out for.
    pub const DESIGN: (f64, f64) = (1200.0, 675.0);

    /// `width` × `height`, with text, lines and markers grown or shrunk
    /// with the canvas: a 1920 × 1080 slide chart is the design chart at
    /// 1.6 times the size. Never below 0.6, where text would stop being
    /// legible; a small chart gets less room instead.
    pub fn fit(width: u32, height: u32) -> Size {
        let k = (f64::from(width) / Self::DESIGN.0)
            .min(f64::from(height) / Self::DESIGN.1)
            .clamp(0.6, 4.0);
        Size {
            width,
            height,
            scale: k,
        }
    }

    /// The size for a theme, with `scale` (when given) instead of the
    /// fitted one.
    pub fn themed(width: u32, height: u32, theme: Theme, scale: Option<f64>) -> Size {
        let fitted = Size::fit(width, height);
        let k = scale.unwrap_or(fitted.scale)
            * match theme {
                Theme::Print => 1.0,
                Theme::Slide => 1.25,
            };
        Size { scale: k, ..fitted }
    }
}

impl Chart {
    /// The height to draw at for a requested size (the grid grows with its
    /// rows).
    pub fn height(&self, width: u32, height: u32) -> u32 {
        self.height_at(&Size::fit(width, height))
    }

    /// The height to draw at for a size.
    pub fn height_at(&self, size: &Size) -> u32 {
        match self {
            Chart::Grid(g) => ((g.height_for(f64::from(size.width) / size.scale) * size.scale)
                .ceil() as u32)
                .max(size.height),
            // A chain diagram is as tall as its rows, however few.
            Chart::Chain(d) => {
                (d.height_for(f64::from(size.width) / size.scale) * size.scale).ceil() as u32
            }
            _ => size.height,
        }
    }

    fn draw(&self, c: &mut dyn canvas::Canvas, size: &Size, height: u32) {
        let (w, h) = (f64::from(size.width), f64::from(height));
        if let Chart::Map(m) = self {
            // Maps size their own text and marks (with the square root of
            // the canvas, reviewed at full and half size).
            m.draw(c, w, h);
            return;
        }
        let k = size.scale;
        let mut scaled = canvas::Scaled::new(c, k);
        match self {
            Chart::Trajectory(t) => t.draw(&mut scaled, w / k, h / k),
            Chart::Grid(g) => g.draw(&mut scaled, w / k, h / k),
            Chart::Gaps(g) => g.draw(&mut scaled, w / k, h / k),
            Chart::Chain(d) => d.draw(&mut scaled, w / k, h / k),
            Chart::Map(_) => {}
        }
    }
}

/// Draw a chart as SVG. `embed_font` puts the font in the file (for
/// stand-alone files); the report's page provides it once instead.
pub fn render_svg(file: &ChartFile, width: u32, height: u32, embed_font: bool) -> String {
    render_svg_at(file, &Size::fit(width, height), "", embed_font)
}

/// Draw a chart as SVG at a size, with a text description of what it
/// shows (empty: none) beside its title.
pub fn render_svg_at(file: &ChartFile, size: &Size, description: &str, embed_font: bool) -> String {
    let h = file.chart.height_at(size);
    let mut c = SvgCanvas::new(size.width, h).with_id_prefix(&format!("{}-", file.stem));
    file.chart.draw(&mut c, size, h);
    c.finish(&file.title, description, embed_font)
}

/// Draw a chart as PNG.
pub fn render_png(file: &ChartFile, width: u32, height: u32) -> Vec<u8> {
    render_png_at(file, &Size::fit(width, height))
}

/// Draw a chart as PNG at a size.
pub fn render_png_at(file: &ChartFile, size: &Size) -> Vec<u8> {
    let h = file.chart.height_at(size);
    let mut c = PngCanvas::new(size.width, h);
    file.chart.draw(&mut c, size, h);
    c.finish()
}

/// The two groupings of trajectory charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// World and the six ITU regions.
    Regions,
    /// World and the development levels.
    Development,
}

impl Grouping {
    /// `regions` or `development`, as in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::Regions => "regions",
            Grouping::Development => "development",
        }
    }

    fn kind(self) -> GroupKind {
        match self {
            Grouping::Regions => GroupKind::Region,
            Grouping::Development => GroupKind::Development,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Grouping::Regions => "by ITU region",
            Grouping::Development => "by development level",
        }
    }
}

/// A value as a chart labels it: the unit's decimals and `%`.
fn fmt(v: f64, unit: Unit) -> String {
    unit.value(v).symbol(Symbol::Short).to_string()
}

/// The first sentence of a definition, for a subtitle.
fn first_sentence(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s,
    }
}

/// The 2030 target of an indicator that is drawn on its charts.
fn main_target(ind: &Indicator) -> Option<&crate::indicator::Target> {
    ind.targets_2030().next()
}

fn target_mark(ind: &Indicator) -> Option<TargetMark> {
    let t = main_target(ind)?;
    match &t.kind {
        TargetKind::Level { value } => Some(TargetMark::Line {
            value: *value,
            label: format!("{} target: {}", t.year, fmt_target(*value, ind.unit)),
        }),
        TargetKind::Threshold { value } => Some(TargetMark::Line {
            value: *value,
            label: format!(
                "{} target: {} {}",
                t.year,
                ind.direction.threshold_sign(),
                fmt_target(*value, ind.unit)
            ),
        }),
        TargetKind::Parity { low, high } => Some(TargetMark::Band {
            low: *low,
            high: *high,
            label: format!("{} target: parity {low:.2}–{high:.2}", t.year),
        }),
        TargetKind::ShareOfEconomies {
            share_pct,
            op,
            threshold,
        } => Some(TargetMark::Line {
            value: *share_pct,
            label: format!(
                "{} target: {} {} {}",
                t.year,
                if *share_pct == 100.0 {
                    "all economies".to_string()
                } else {
                    format!("{share_pct:.0}% of economies")
                },
                op.sign(),
                fmt_target(*threshold, ind.unit)
            ),
        }),
        _ => None,
    }
}

/// A projection: whole numbers for shares above 10, else one decimal
/// fewer than the data.
fn fmt_short(v: f64, unit: Unit) -> String {
    let d = if unit == Unit::Percent && v >= 10.0 {
        0
    } else {
        unit.decimals().saturating_sub(1).max(1)
    };
    unit.value(v).decimals(d).symbol(Symbol::Short).to_string()
}

/// A target as its definition writes it: `100%`, `2%`.
fn fmt_target(v: f64, unit: Unit) -> String {
    unit.value(v).as_written().symbol(Symbol::Short).to_string()
}

/// The values a row's projection passes through, from the latest year to
/// the target year, in the indicator's own terms: the assessment's own
/// path ([`crate::progress::Assessment::projection_path`]), with a parity
/// projection turned back from a distance into a ratio.
fn projection(row: &ProgressRow, ind: &Indicator) -> Vec<(f64, f64)> {
    let mut pts: Vec<(f64, f64)> = row
        .assessment
        .projection_path()
        .iter()
        .map(|p| (f64::from(p.year), p.value))
        .collect();
    if let (Some((_, ratio)), Some(TargetKind::Parity { low, high }), Some(first)) = (
        row.ratios,
        main_target(ind).map(|t| &t.kind),
        pts.first_mut(),
    ) {
        first.1 = ratio;
        let below = ratio < *low;
        for p in pts.iter_mut().skip(1) {
            p.1 = if below { low - p.1 } else { high + p.1 };
        }
    }
    pts
}

/// Inputs the chart builders share.
pub struct ChartInputs<'a> {
    /// Indicators to chart.
    pub indicators: &'a [&'a Indicator],
    /// Their data.
    pub data: &'a BTreeMap<String, IndicatorData>,
    /// Progress rows (for the chosen method).
    pub rows: &'a [ProgressRow],
    /// The method used for projections and statuses.
    pub method: Method,
    /// Groups asked for.
    pub groups: &'a [&'a str],
    /// The as-of year.
    pub as_of: i32,
}

/// Every chart for the inputs, and a message for each chart not drawn.
pub fn charts(inputs: &ChartInputs<'_>) -> (Vec<ChartFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for ind in inputs.indicators {
        let Some(data) = inputs.data.get(&ind.id) else {
            continue;
        };
        let has_data = data.groups.values().any(|s| !s.points.is_empty());
        if !has_data {
            skipped.push(format!(
                "{}: no data in the datasets for any group, so no chart",
                ind.id
            ));
            continue;
        }
        for g in [Grouping::Regions, Grouping::Development] {
            match trajectory(ind, data, inputs, g) {
                Some(t) => files.push(ChartFile {
                    stem: format!("{}--{}", ind.id, g.as_str()),
                    title: t.title.clone(),
                    chart: Chart::Trajectory(t),
                }),
                None => skipped.push(format!(
                    "{} {}: no group of this grouping has data",
                    ind.id,
                    g.as_str()
                )),
            }
        }
        match gap_chart(ind, inputs) {
            Some(c) => files.push(ChartFile {
                stem: format!("{}--gaps", ind.id),
                title: c.title.clone(),
                chart: Chart::Gaps(c),
            }),
            None => skipped.push(format!(
                "{} gaps: no group has a latest value and a 2030 target",
                ind.id
            )),
        }
    }
    let grid = status_grid(inputs);
    files.push(ChartFile {
        stem: "status-grid".to_string(),
        title: grid.title.clone(),
        chart: Chart::Grid(grid),
    });
    (files, skipped)
}

/// For every indicator with economy data, a map of the latest value per
/// economy (`<indicator>--map`) and, where its economies were judged
/// against a target, a map of their statuses (`<indicator>--status-map`);
/// and a message for each map not drawn. `economies` holds each
/// indicator's economy values by ISO3 code (see
/// [`crate::aggregate::Aggregator::economy_series`]); `statuses` each
/// indicator's member rows against one target, at most one row per economy
/// (see [`crate::progress::members::member_rows`]), judged by `method`.
#[allow(clippy::too_many_arguments)]
pub fn maps(
    indicators: &[&Indicator],
    economies: &BTreeMap<String, BTreeMap<String, Vec<crate::aggregate::Value>>>,
    statuses: &BTreeMap<String, Vec<crate::progress::members::MemberRow>>,
    class: &crate::classify::Classification,
    atlas: &Arc<geo::Atlas>,
    as_of: i32,
    method: Method,
) -> (Vec<ChartFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for ind in indicators {
        let made = economies
            .get(&ind.id)
            .and_then(|e| map::value_map(ind, e, class, Arc::clone(atlas), as_of));
        let Some(m) = made else {
            skipped.push(format!("{}: no economy has a value, so no map", ind.id));
            continue;
        };
        files.push(ChartFile {
            stem: format!("{}--map", ind.id),
            title: m.spec.title.clone(),
            chart: Chart::Map(Box::new(m)),
        });
        let rows = statuses.get(&ind.id).map(Vec::as_slice).unwrap_or_default();
        let target = rows
            .first()
            .and_then(|r| ind.targets.iter().find(|t| t.id == r.target_id));
        let made = target.and_then(|t| {
            map::status_map(
                ind,
                t,
                rows,
                class,
                Arc::clone(atlas),
                as_of,
                &format!("{} model", method.as_str()),
            )
        });
        match made {
            Some(m) => files.push(ChartFile {
                stem: format!("{}--status-map", ind.id),
                title: m.spec.title.clone(),
                chart: Chart::Map(Box::new(m)),
            }),
            None => skipped.push(format!(
                "{}: no 2030 target an economy can be held to, so no status map",
                ind.id
            )),
        }
    }
    (files, skipped)
}

/// The source line under a chart. A chart of a share of economies (target
/// 1.2) draws shares rbm counts from each economy's own value, not the
/// group values, and says so.
fn source_line(ind: &Indicator, method: Method, share: bool) -> String {
    if share {
        return format!(
            "Source: {}. Shares of economies counted by rbm from each economy's own value (gaps filled as for group values). Projection: {}.",
            ind.data_source.trim_end_matches('.'),
            method.as_str()
        );
    }
    format!(
        "Source: {}. Groups: ITU or UN published values where they exist, else computed by rbm ({}). Projection: {}.",
        ind.data_source.trim_end_matches('.'),
        ind.aggregation.describe(),
        method.as_str()
    )
}

fn trajectory(
    ind: &Indicator,
    data: &IndicatorData,
    inputs: &ChartInputs<'_>,
    grouping: Grouping,
) -> Option<Trajectory> {
    let codes: Vec<&str> = std::iter::once("WLD")
        .chain(
            group::GROUPS
                .iter()
                .filter(|g| g.kind == grouping.kind())
                .map(|g| g.code),
        )
        .filter(|c| inputs.groups.contains(c))
        .collect();
    let target = main_target(ind);
    // A 2030 target on the share of economies (1.2: every economy at or below 2%
    // of GNI per capita) is scored on that share: the chart shows it, in
    // percent of economies, not the medians.
    let share = target.and_then(|t| match t.kind {
        TargetKind::ShareOfEconomies {
            share_pct,
            op,
            threshold,
        } => Some((t, share_pct, op, threshold)),
        _ => None,
    });
    let unit = if share.is_some() {
        Unit::Percent
    } else {
        ind.unit
    };
    let series_of = |code: &str| match share {
        Some(_) => data.shares.get(code).map(|s| s.series()),
        None => data.groups.get(code).cloned(),
    };
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    let mut context = Vec::new();
    for code in &codes {
        let Some(g) = group::group(code) else {
            continue;
        };
        if share.is_some_and(|(t, ..)| t.context.iter().any(|c| c == code)) {
            context.push(g.short.to_string());
        }
        let Some(series) = series_of(code).filter(|s| !s.points.is_empty()) else {
            missing.push(g.short.to_string());
            continue;
        };
        let dots: Vec<Dot> = series
            .points
            .iter()
            .filter(|p| p.year <= inputs.as_of)
            .map(|p| Dot {
                year: p.year,
                value: p.value,
                hollow: p.estimate,
            })
            .collect();
        let Some(last) = dots.last().copied() else {
            missing.push(g.short.to_string());
            continue;
        };
        let row = target.and_then(|t| {
            inputs.rows.iter().find(|r| {
                r.indicator_id == ind.id
                    && r.target_id == t.id
                    && r.geo == *code
                    && r.assessment.method == inputs.method
            })
        });
        let proj = row.map(|r| projection(r, ind)).unwrap_or_default();
        let label = match proj.last() {
            Some((_, v)) => format!(
                "{} {} → {}",
                g.short,
                fmt(last.value, unit),
                fmt_short(*v, unit)
            ),
            None => format!("{} {}", g.short, fmt(last.value, unit)),
        };
        lines.push(Line {
            geo: code.to_string(),
            label,
            color: theme::group_color(code),
            marker: theme::group_marker(code),
            emphasis: *code == "WLD",
            dots,
            projection: proj,
        });
    }
    if lines.is_empty() {
        return None;
    }
    let first = lines
        .iter()
        .filter_map(|l| l.dots.first().map(|d| d.year))
        .min()
        .unwrap_or(ind.baseline_year)
        .min(ind.baseline_year);
    let last = target
        .map(|t| t.year)
        .unwrap_or(inputs.as_of)
        .max(inputs.as_of);
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(format!("No data to chart for: {}.", missing.join(", ")));
    }
    if !context.is_empty() {
        notes.push(format!(
            "Context, not scored (no projection): {}.",
            context.join(", ")
        ));
    }
    let note = (!notes.is_empty()).then(|| notes.join(" "));
    let (title, subtitle) = match share {
        Some((t, _, op, threshold)) => (
            format!(
                "{}: share of economies {} {} — {}",
                ind.name,
                op.sign(),
                fmt_target(threshold, ind.unit),
                grouping.words()
            ),
            format!(
                "Share of each group's economies whose price is {} {} of monthly GNI per capita: target {} is scored on it for {}; the median price is context, in the tables. Unit: % of economies.",
                op.sign(),
                fmt_target(threshold, ind.unit),
                t.id.trim_start_matches("SP2030-"),
                t.groups
                    .iter()
                    .map(|g| group::group(g).map_or(g.as_str(), |x| x.short))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        None => (
            format!("{} — {}", ind.name, grouping.words()),
            format!(
                "{} Unit: {}.",
                first_sentence(&ind.definition),
                ind.unit.label()
            ),
        ),
    };
    Some(Trajectory {
        title,
        subtitle,
        source: source_line(ind, inputs.method, share.is_some()),
        projection_label: format!("projection ({})", inputs.method.as_str()),
        unit,
        log_scale: unit == Unit::PercentGniPc,
        years: (first, last),
        lines,
        target: target_mark(ind),
        base_year: Some(ind.baseline_year),
        note,
    })
}

fn gap_chart(ind: &Indicator, inputs: &ChartInputs<'_>) -> Option<GapChart> {
    let target = main_target(ind)?;
    let (edges, label) = match &target.kind {
        TargetKind::Level { value } | TargetKind::Threshold { value } => (
            (*value, None),
            format!("{} target: {}", target.year, fmt_target(*value, ind.unit)),
        ),
        TargetKind::Parity { low, high } => {
            ((*low, Some(*high)), format!("parity {low:.2}–{high:.2}"))
        }
        // Target 1.2: the share of economies at or below 2%, in percent of the
        // economies (the scored groups only: context groups have no row).
        TargetKind::ShareOfEconomies { share_pct, .. } => (
            (*share_pct, None),
            match target_mark(ind) {
                Some(TargetMark::Line { label, .. }) => label,
                _ => format!("{} target: {share_pct:.0}%", target.year),
            },
        ),
        _ => return None,
    };
    let unit = if matches!(target.kind, TargetKind::ShareOfEconomies { .. }) {
        Unit::Percent
    } else {
        ind.unit
    };
    let mut rows: Vec<GapRow> = inputs
        .rows
        .iter()
        .filter(|r| {
            r.indicator_id == ind.id
                && r.target_id == target.id
                && r.assessment.method == inputs.method
        })
        .filter(|r| inputs.groups.contains(&r.geo.as_str()))
        .filter_map(|r| {
            let a = &r.assessment;
            let value = match r.ratios {
                Some((_, l)) => l,
                None => a.latest_value?,
            };
            Some(GapRow {
                label: group::group(&r.geo)
                    .map(|g| g.short.to_string())
                    .unwrap_or_else(|| r.geo.clone()),
                color: theme::group_color(&r.geo),
                year: a.latest_year?,
                value,
                gap: a.gap?,
                status: a.status.label().to_lowercase(),
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.gap.total_cmp(&a.gap).then(a.label.cmp(&b.label)));
    Some(GapChart {
        title: format!("{}: distance to the {} target", ind.name, target.year),
        subtitle: format!(
            "Latest value of each group (dot) and the {} target, largest gap first; as of {}, status by {}.",
            target.year,
            inputs.as_of,
            inputs.method.as_str()
        ),
        source: source_line(
            ind,
            inputs.method,
            matches!(target.kind, TargetKind::ShareOfEconomies { .. }),
        ),
        unit,
        log_scale: unit == Unit::PercentGniPc,
        target: edges,
        target_label: label,
        rows,
        decimals: unit.decimals(),
    })
}

fn status_grid(inputs: &ChartInputs<'_>) -> StatusGrid {
    let columns: Vec<&str> = group::computed()
        .into_iter()
        .filter(|c| inputs.groups.contains(c))
        .collect();
    let mut targets: Vec<(&Indicator, &crate::indicator::Target)> = inputs
        .indicators
        .iter()
        .flat_map(|i| i.targets_2030().map(move |t| (*i, t)))
        .collect();
    targets.sort_by(|a, b| {
        (a.1.id.as_str(), a.0.id.as_str()).cmp(&(b.1.id.as_str(), b.0.id.as_str()))
    });
    let rows = targets
        .iter()
        .map(|(ind, t)| GridRow {
            label: format!("{} {}", t.id.trim_start_matches("SP2030-"), ind.name),
            cells: columns
                .iter()
                .map(|c| {
                    if !t.groups.iter().any(|g| g == c) {
                        return None;
                    }
                    let row = inputs.rows.iter().find(|r| {
                        r.indicator_id == ind.id
                            && r.target_id == t.id
                            && r.geo == *c
                            && r.assessment.method == inputs.method
                    });
                    Some(match row {
                        Some(r) => GridCell {
                            status: r.assessment.status,
                            confidence: r.confidence,
                        },
                        // No row: not assessed, and so low.
                        None => GridCell {
                            status: Status::InsufficientData,
                            confidence: crate::progress::Confidence::Low,
                        },
                    })
                })
                .collect(),
        })
        .collect();
    StatusGrid {
        title: "Status of the 2030 targets, by group".to_string(),
        subtitle: format!(
            "ITU Strategic Plan 2024–2027. As of {}; method: {}. Each cell gives the status of the target's indicator for the group, with its confidence beside the symbol; – where the target does not apply{}.",
            inputs.as_of,
            inputs.method.as_str(),
            {
                let mut ids: Vec<&str> = targets
                    .iter()
                    .filter(|(_, t)| !t.context.is_empty())
                    .map(|(_, t)| t.id.trim_start_matches("SP2030-"))
                    .collect();
                ids.dedup();
                if ids.is_empty() {
                    String::new()
                } else {
                    format!(
                        " or, for {}, where a group is shown for context only (in the target's tables)",
                        ids.join(", ")
                    )
                }
            }
        ),
        columns: columns
            .iter()
            .map(|c| {
                group::group(c)
                    .map(|g| g.short.to_string())
                    .unwrap_or_else(|| c.to_string())
            })
            .collect(),
        rows,
        source: "Source: rbm, from ITU and UN SDG data (see the datasets' SOURCES.md).".to_string(),
    }
}
