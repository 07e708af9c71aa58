//! The trajectory chart: one indicator, one grouping (ITU regions or
//! development levels, each with World), observed values to the latest
//! year, the projection to the target year, the target as a labelled line
//! or band, the base year marked, and each line labelled at its end.

use serde::Serialize;

use super::canvas::{Anchor, Canvas, Font, Rgb, Stroke};
use super::scale::{self, Scale};
use super::theme::Marker;
use super::{text, theme};
use crate::indicator::Unit;

/// A point of a line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dot {
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// Drawn hollow: an estimate, or computed with imputed members.
    pub hollow: bool,
}

/// One group's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Group code.
    pub geo: String,
    /// The label at the line's end, e.g. `Africa 37.5%`.
    pub label: String,
    /// Colour.
    pub color: Rgb,
    /// The shape of its points, different for each line of a chart.
    pub marker: Marker,
    /// Drawn heavier (World).
    pub emphasis: bool,
    /// Observed (or published, or computed) values.
    pub dots: Vec<Dot>,
    /// The projection from the latest value to the target year.
    pub projection: Vec<(f64, f64)>,
}

/// The target drawn across the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TargetMark {
    /// A horizontal line.
    Line {
        /// Value.
        value: f64,
        /// Label, e.g. `2030 target: 100%`.
        label: String,
    },
    /// A shaded band.
    Band {
        /// Low edge.
        low: f64,
        /// High edge.
        high: f64,
        /// Label.
        label: String,
    },
}

/// Everything a trajectory chart shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// Title.
    pub title: String,
    /// Subtitle: the definition and unit.
    pub subtitle: String,
    /// Source line.
    pub source: String,
    /// Legend words for the projection, e.g. `projection (cagr_ratio)`.
    pub projection_label: String,
    /// Unit of the values.
    pub unit: Unit,
    /// A logarithmic value axis (prices).
    pub log_scale: bool,
    /// First and last year on the axis.
    pub years: (i32, i32),
    /// The lines, World first.
    pub lines: Vec<Line>,
    /// The target.
    pub target: Option<TargetMark>,
    /// The base year of progress.
    pub base_year: Option<i32>,
    /// A note shown under the chart, e.g. groups without data.
    pub note: Option<String>,
}

struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

const MARGIN: f64 = 24.0;
const LABEL_SIZE: f64 = 13.0;
const LABEL_GAP: f64 = 17.0;
/// Room for a line's marker before its end label.
const LABEL_MARK: f64 = 14.0;

/// Spread labels so that none overlaps: each wants a y; keep order, keep at
/// least `gap` apart, stay within [top, bottom].
pub fn spread(wanted: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|a, b| wanted[*a].total_cmp(&wanted[*b]));
    let mut ys: Vec<f64> = order
        .iter()
        .map(|i| wanted[*i].clamp(top, bottom))
        .collect();
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + gap);
    }
    if let Some(last) = ys.last().copied()
        && last > bottom
    {
        let n = ys.len();
        ys[n - 1] = bottom;
        for i in (0..n - 1).rev() {
            ys[i] = ys[i].min(ys[i + 1] - gap);
        }
    }
    let mut out = vec![0.0; wanted.len()];
    for (k, i) in order.iter().enumerate() {
        out[*i] = ys[k];
    }
    out
}

/// A tiny offset that orders labels ending at the same height by their
/// latest value (higher first).
fn tie(l: &Line, ys: &Scale) -> f64 {
    l.dots.last().map(|d| ys.px(d.value) * 1e-3).unwrap_or(0.0)
}

impl Trajectory {
    fn value_range(&self) -> (f64, f64) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for l in &self.lines {
            for d in &l.dots {
                lo = lo.min(d.value);
                hi = hi.max(d.value);
            }
            for (_, v) in &l.projection {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
        match &self.target {
            Some(TargetMark::Line { value, .. }) => {
                lo = lo.min(*value);
                hi = hi.max(*value);
            }
            Some(TargetMark::Band { low, high, .. }) => {
                lo = lo.min(*low);
                hi = hi.max(*high);
            }
            None => {}
        }
        if !lo.is_finite() {
            return (0.0, 1.0);
        }
        (lo, hi)
    }

    /// Where the target line's label goes (its left end and baseline):
    /// above the line at the left when there is room, else below it; and
    /// when a line or projection runs through that place (the Developed
    /// share at 90–100% under a 100% target), the first free one of the
    /// other side and the right end, so that the label never hides a line.
    fn target_label_at(&self, f: &Frame, xs: &Scale, ys: &Scale, py: f64, w: f64) -> (f64, f64) {
        let room_above = py - 6.0 > f.top + 14.0;
        let (near, far) = if room_above {
            (py - 6.0, py + 16.0)
        } else {
            (py + 16.0, py + 16.0)
        };
        let left = f.left + 7.0;
        let right = f.right - w - 7.0;
        let mut candidates = vec![(left, near), (right, near)];
        if room_above {
            candidates.extend([(left, far), (right, far)]);
        }
        // Every drawn segment, in pixels.
        let mut segments: Vec<((f64, f64), (f64, f64))> = Vec::new();
        for l in &self.lines {
            let dots: Vec<(f64, f64)> = l
                .dots
                .iter()
                .map(|d| (xs.px(f64::from(d.year)), ys.px(d.value)))
                .collect();
            let proj: Vec<(f64, f64)> = l
                .projection
                .iter()
                .map(|(x, v)| (xs.px(*x), ys.px(*v)))
                .collect();
            for run in [dots, proj] {
                segments.extend(run.windows(2).map(|p| (p[0], p[1])));
                if let [only] = run.as_slice() {
                    segments.push((*only, *only));
                }
            }
        }
        let hits = |(x, ty): (f64, f64)| {
            // The label's box, widened by a marker's radius.
            let (x0, x1, y0, y1) = (x - 7.0, x + w + 7.0, ty - 16.0, ty + 8.0);
            segments
                .iter()
                .filter(|(a, b)| {
                    let n = ((b.0 - a.0).hypot(b.1 - a.1) / 2.0).ceil().max(1.0) as usize;
                    (0..=n).any(|i| {
                        let t = i as f64 / n as f64;
                        let (px, py) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                        px >= x0 && px <= x1 && py >= y0 && py <= y1
                    })
                })
                .count()
        };
        candidates
            .iter()
            .copied()
            .min_by_key(|c| hits(*c))
            .unwrap_or((left, near))
    }

    /// Draw the chart on a canvas of `width` × `height` pixels.
    pub fn draw(&self, c: &mut dyn Canvas, width: f64, height: f64) {
        let small = Font::new(12.5, theme::MUTED, false);
        let inner = width - 2.0 * MARGIN;

        // Title and subtitle, wrapped to at most two lines each.
        let mut y = theme::heading(
            c,
            (&self.title, &self.subtitle),
            (MARGIN, MARGIN + 18.0),
            inner,
            (Font::new(15.0, theme::MUTED, false), 20.0),
            -4.0,
        );
        // Legend for the marks.
        y += 4.0;
        self.legend(c, MARGIN, y);
        y += 14.0;

        // The plot frame: labels in a gutter on the right.
        let gutter = self
            .lines
            .iter()
            .map(|l| text::width(&l.label, LABEL_SIZE, true))
            .fold(0.0, f64::max)
            .clamp(90.0, 260.0)
            + 22.0
            + LABEL_MARK;
        let (lo, hi) = self.value_range();
        let (lo, hi, ticks) = scale::value_axis(lo, hi, self.log_scale, self.unit);
        let td = scale::tick_decimals(&ticks);
        let tick_w = ticks
            .iter()
            .map(|t| text::width(&scale::tick_label(*t, self.unit, td), 12.5, false))
            .fold(0.0, f64::max);
        let f = Frame {
            left: MARGIN + tick_w + 10.0,
            right: width - MARGIN - gutter,
            top: y + 12.0,
            bottom: height - MARGIN - 54.0 - if self.note.is_some() { 17.0 } else { 0.0 },
        };
        let ys = Scale {
            lo,
            hi,
            p0: f.bottom,
            p1: f.top,
            log: self.log_scale,
        };
        let xs = Scale {
            lo: f64::from(self.years.0) - 0.5,
            hi: f64::from(self.years.1) + 0.5,
            p0: f.left,
            p1: f.right,
            log: false,
        };

        // Grid and axes.
        for t in &ticks {
            let py = ys.px(*t);
            c.polyline(
                &[(f.left, py), (f.right, py)],
                &Stroke::solid(theme::GRID, 1.0),
            );
            let label = scale::tick_label(*t, self.unit, td);
            c.text(&label, f.left - 8.0, py + 4.5, &small.at(Anchor::End));
        }
        c.polyline(
            &[(f.left, f.bottom), (f.right, f.bottom)],
            &Stroke::solid(theme::AXIS, 1.0),
        );
        let span = self.years.1 - self.years.0;
        let step = if span > 24 {
            5
        } else if span > 10 {
            2
        } else {
            1
        };
        let first = (self.years.0 + step - 1) / step * step;
        let mut year = first;
        while year <= self.years.1 {
            let px = xs.px(f64::from(year));
            c.polyline(
                &[(px, f.bottom), (px, f.bottom + 5.0)],
                &Stroke::solid(theme::AXIS, 1.0),
            );
            c.text(
                &year.to_string(),
                px,
                f.bottom + 20.0,
                &small.at(Anchor::Middle),
            );
            year += step;
        }

        // The base year.
        if let Some(b) = self.base_year
            && b >= self.years.0
        {
            let px = xs.px(f64::from(b));
            c.polyline(
                &[(px, f.top), (px, f.bottom)],
                &Stroke::dashed(theme::AXIS, 1.0, 2.0, 3.0),
            );
            c.text(&format!("base year {b}"), px + 5.0, f.bottom - 6.0, &small);
        }

        // The target.
        match &self.target {
            Some(TargetMark::Line { value, label }) => {
                let py = ys.px(*value);
                // Solid, so that it never reads as one more projection.
                c.polyline(
                    &[(f.left, py), (f.right, py)],
                    &Stroke::solid(theme::TARGET, 1.8),
                );
                let bold = Font::new(13.0, theme::TARGET, true);
                let w = text::width(label, 13.0, true);
                let (lx, ty) = self.target_label_at(&f, &xs, &ys, py, w);
                c.rect(lx - 3.0, ty - 12.0, w + 6.0, 16.0, Rgb(255, 255, 255), 0.85);
                c.text(label, lx, ty, &bold);
            }
            Some(TargetMark::Band { low, high, label }) => {
                let (p_lo, p_hi) = (ys.px(*low), ys.px(*high));
                c.rect(
                    f.left,
                    p_hi,
                    f.right - f.left,
                    (p_lo - p_hi).max(2.0),
                    theme::BAND,
                    0.7,
                );
                let bold = Font::new(13.0, theme::TARGET, true);
                let ty = if p_hi - 6.0 > f.top + 14.0 {
                    p_hi - 6.0
                } else {
                    p_lo + 16.0
                };
                c.text(label, f.left + 7.0, ty, &bold);
            }
            None => {}
        }

        // Lines: projections under observations, World last (on top).
        let mut order: Vec<&Line> = self.lines.iter().filter(|l| !l.emphasis).collect();
        order.extend(self.lines.iter().filter(|l| l.emphasis));
        for l in &order {
            if l.projection.len() >= 2 {
                let pts: Vec<(f64, f64)> = l
                    .projection
                    .iter()
                    .map(|(x, v)| (xs.px(*x), ys.px(*v)))
                    .collect();
                c.polyline(
                    &pts,
                    &Stroke::dashed(l.color, if l.emphasis { 2.4 } else { 1.8 }, 6.0, 4.0),
                );
            }
        }
        for l in &order {
            let pts: Vec<(f64, f64)> = l
                .dots
                .iter()
                .map(|d| (xs.px(f64::from(d.year)), ys.px(d.value)))
                .collect();
            let w = if l.emphasis { 3.2 } else { 2.4 };
            // Break the line where years are missing: no line across a gap.
            let mut run: Vec<(f64, f64)> = Vec::new();
            for (i, d) in l.dots.iter().enumerate() {
                if i > 0 && d.year - l.dots[i - 1].year > 1 {
                    c.polyline(&run, &Stroke::solid(l.color, w));
                    run.clear();
                }
                run.push(pts[i]);
            }
            c.polyline(&run, &Stroke::solid(l.color, w));
            let r = if l.emphasis { 4.2 } else { 3.6 };
            for (d, p) in l.dots.iter().zip(&pts) {
                theme::marker(c, l.marker, *p, r, l.color, d.hollow);
            }
        }

        // End labels in the gutter, spread so that none overlaps.
        let ends: Vec<(f64, f64)> = self
            .lines
            .iter()
            .map(|l| match (l.projection.last(), l.dots.last()) {
                (Some((x, v)), _) => (xs.px(*x), ys.px(*v)),
                (None, Some(d)) => (xs.px(f64::from(d.year)), ys.px(d.value)),
                (None, None) => (f.right, f.bottom),
            })
            .collect();
        // Lines that end at the same place (a cap of 100%) are labelled in
        // the order of their latest values, so that leaders do not cross.
        let wanted: Vec<f64> = ends
            .iter()
            .zip(&self.lines)
            .map(|(e, l)| e.1 + 4.5 + tie(l, &ys))
            .collect();
        let placed = spread(&wanted, LABEL_GAP, f.top + 4.0, f.bottom + 4.0);
        for ((l, end), ly) in self.lines.iter().zip(&ends).zip(&placed) {
            let lx = f.right + 10.0;
            if (end.0 - f.right).abs() > 1.0 || (ly - 4.5 - end.1).abs() > 1.5 {
                c.polyline(
                    &[(end.0 + 4.0, end.1), (lx - 3.0, ly - 4.5)],
                    &Stroke::solid(Rgb(0xb0, 0xb0, 0xb0), 0.8),
                );
            }
            // The label in ink (line colours are too light for text on
            // white), after the line's own marker in its colour.
            theme::marker(c, l.marker, (lx + 5.0, ly - 5.0), 4.2, l.color, false);
            c.text(
                &l.label,
                lx + LABEL_MARK,
                *ly,
                &Font::new(LABEL_SIZE, theme::INK, true),
            );
        }

        // Note and source, under the axis.
        let mut by = f.bottom + 44.0;
        if let Some(n) = &self.note {
            c.text(
                &text::ellipsize(n, 12.0, false, inner),
                MARGIN,
                by,
                &Font {
                    size: 12.0,
                    color: theme::INK,
                    ..small
                },
            );
            by += 17.0;
        }
        for line in text::wrap(&self.source, 12.0, false, inner).iter().take(2) {
            c.text(
                line,
                MARGIN,
                by,
                &Font {
                    size: 12.0,
                    ..small
                },
            );
            by += 16.0;
        }
    }

    fn legend(&self, c: &mut dyn Canvas, x: f64, y: f64) {
        let small = Font::new(12.5, theme::MUTED, false);
        let mut x = x;
        c.polyline(
            &[(x, y - 4.0), (x + 22.0, y - 4.0)],
            &Stroke::solid(theme::MUTED, 2.2),
        );
        c.circle(x + 11.0, y - 4.0, 3.0, Some(theme::MUTED), None);
        x += 28.0;
        c.text("observed", x, y, &small);
        x += text::width("observed", 12.5, false) + 18.0;
        c.circle(
            x + 4.0,
            y - 4.0,
            3.0,
            Some(Rgb(255, 255, 255)),
            Some(&Stroke::solid(theme::MUTED, 1.5)),
        );
        x += 12.0;
        let hollow = "estimate or partly imputed";
        c.text(hollow, x, y, &small);
        x += text::width(hollow, 12.5, false) + 18.0;
        c.polyline(
            &[(x, y - 4.0), (x + 24.0, y - 4.0)],
            &Stroke::dashed(theme::MUTED, 1.8, 6.0, 4.0),
        );
        x += 30.0;
        c.text(&self.projection_label, x, y, &small);
        x += text::width(&self.projection_label, 12.5, false) + 18.0;
        if self.target.is_some() {
            c.polyline(
                &[(x, y - 4.0), (x + 24.0, y - 4.0)],
                &Stroke::solid(theme::TARGET, 1.8),
            );
            c.text("target", x + 30.0, y, &small);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[(i32, f64)]) -> Trajectory {
        Trajectory {
            title: String::new(),
            subtitle: String::new(),
            source: String::new(),
            projection_label: String::new(),
            unit: Unit::Percent,
            log_scale: false,
            years: (2018, 2030),
            lines: vec![Line {
                geo: "DEVELOPED".into(),
                label: String::new(),
                color: Rgb(0, 0, 0),
                marker: Marker::Square,
                emphasis: false,
                dots: values
                    .iter()
                    .map(|&(year, value)| Dot {
                        year,
                        value,
                        hollow: false,
                    })
                    .collect(),
                projection: Vec::new(),
            }],
            target: None,
            base_year: None,
            note: None,
        }
    }

    #[test]
    fn the_target_label_moves_off_a_line_it_would_hide() {
        // A frame 100–700 px wide, 0% at 400 px and 100% at 50 px (3.5 px a
        // point), years 2017.5–2030.5 (600/13 = 46.15 px a year). The 100%
        // line is at the top (50 px): no room above, so the label (100 px
        // wide) goes 16 px below it, its box 54–74 px (widened by the
        // marker's radius: 50–74 px), i.e. about 92.6–99.9%.
        let f = Frame {
            left: 100.0,
            right: 700.0,
            top: 50.0,
            bottom: 400.0,
        };
        let ys = Scale {
            lo: 0.0,
            hi: 100.0,
            p0: 400.0,
            p1: 50.0,
            log: false,
        };
        let xs = Scale {
            lo: 2017.5,
            hi: 2030.5,
            p0: 100.0,
            p1: 700.0,
            log: false,
        };
        let py = ys.px(100.0);
        // A line at 95% from 2018 to 2025 runs through the left place
        // (x 100–214 px): the label goes to the right end (593 px).
        let crowded = chart(&[(2018, 95.0), (2025, 95.0)]);
        assert_eq!(
            crowded.target_label_at(&f, &xs, &ys, py, 100.0),
            (593.0, 66.0)
        );
        // At 80% (120 px) nothing is in the way: the left place stays.
        let clear = chart(&[(2018, 80.0), (2025, 80.0)]);
        assert_eq!(
            clear.target_label_at(&f, &xs, &ys, py, 100.0),
            (107.0, 66.0)
        );
    }

    #[test]
    fn spread_keeps_order_and_distance_within_bounds() {
        let ys = spread(&[100.0, 101.0, 102.0, 300.0], 17.0, 50.0, 400.0);
        assert_eq!(ys, vec![100.0, 117.0, 134.0, 300.0]);
        // Crowded at the bottom: pushed up from the bound.
        let ys = spread(&[398.0, 399.0, 400.0], 17.0, 50.0, 400.0);
        assert_eq!(ys, vec![366.0, 383.0, 400.0]);
    }
}
