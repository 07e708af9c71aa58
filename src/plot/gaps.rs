//! The gap chart: for one indicator's 2030 target, each group's latest value
//! and the target, sorted by the gap between them.

use serde::Serialize;

use super::canvas::{Anchor, Canvas, Font, Rgb, Stroke};
use super::scale::{self, Scale};
use super::{text, theme};
use crate::indicator::Unit;

/// One group's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapRow {
    /// Group name.
    pub label: String,
    /// Colour.
    pub color: Rgb,
    /// Latest year.
    pub year: i32,
    /// Latest value.
    pub value: f64,
    /// What is left to do (in the desired direction).
    pub gap: f64,
    /// The status in words.
    pub status: String,
}

/// The gap chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapChart {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Source line.
    pub source: String,
    /// Unit.
    pub unit: Unit,
    /// Log axis.
    pub log_scale: bool,
    /// The target line (or the band's two edges).
    pub target: (f64, Option<f64>),
    /// Target label.
    pub target_label: String,
    /// Rows, largest gap first.
    pub rows: Vec<GapRow>,
    /// Decimals for values.
    pub decimals: usize,
}

impl GapChart {
    /// Draw.
    pub fn draw(&self, c: &mut dyn Canvas, width: f64, height: f64) {
        let m = 24.0;
        let small = Font::new(12.5, theme::MUTED, false);
        let y = theme::heading(
            c,
            (&self.title, &self.subtitle),
            (m, m + 18.0),
            width - 2.0 * m,
            (Font::new(14.5, theme::MUTED, false), 19.0),
            0.0,
        );
        let label_w = self
            .rows
            .iter()
            .map(|r| text::width(&r.label, 13.5, true))
            .fold(0.0, f64::max)
            .max(60.0)
            + 14.0;
        let note_w = self
            .rows
            .iter()
            .map(|r| text::width(&self.note(r), 12.5, false))
            .fold(0.0, f64::max)
            + 16.0;
        let left = m + label_w;
        let right = width - m - note_w;
        let top = y + 30.0;
        let bottom = height - m - 56.0;
        let n = self.rows.len().max(1) as f64;
        let row_h = ((bottom - top) / n).min(44.0);
        let mut lo = self.target.0.min(self.target.1.unwrap_or(self.target.0));
        let mut hi = self.target.0.max(self.target.1.unwrap_or(self.target.0));
        for r in &self.rows {
            lo = lo.min(r.value);
            hi = hi.max(r.value);
        }
        let (lo, hi, ticks) = scale::value_axis(lo, hi, self.log_scale, self.unit);
        let xs = Scale {
            lo,
            hi,
            p0: left,
            p1: right,
            log: self.log_scale,
        };
        let td = scale::tick_decimals(&ticks);
        let plot_bottom = top + n * row_h;
        for t in &ticks {
            let px = xs.px(*t);
            c.polyline(
                &[(px, top - 8.0), (px, plot_bottom)],
                &Stroke::solid(theme::GRID, 1.0),
            );
            c.text(
                &scale::tick_label(*t, self.unit, td),
                px,
                plot_bottom + 18.0,
                &small.at(Anchor::Middle),
            );
        }
        // The target.
        let tx = xs.px(self.target.0);
        match self.target.1 {
            Some(high) => {
                let hx = xs.px(high);
                c.rect(
                    tx.min(hx),
                    top - 8.0,
                    (hx - tx).abs().max(2.0),
                    plot_bottom - top + 8.0,
                    theme::BAND,
                    0.7,
                );
            }
            None => c.polyline(
                &[(tx, top - 8.0), (tx, plot_bottom)],
                &Stroke::solid(theme::TARGET, 1.8),
            ),
        }
        c.text(
            &self.target_label,
            tx,
            top - 14.0,
            &Font::new(13.0, theme::TARGET, true).at(Anchor::Middle),
        );
        for (i, r) in self.rows.iter().enumerate() {
            let cy = top + (i as f64 + 0.5) * row_h;
            c.text(
                &r.label,
                left - 10.0,
                cy + 5.0,
                &Font::new(13.5, theme::INK, true).at(Anchor::End),
            );
            let vx = xs.px(r.value);
            let target_x = match self.target.1 {
                Some(high) if r.value > high => xs.px(high),
                _ => tx,
            };
            c.polyline(
                &[(vx, cy), (target_x, cy)],
                &Stroke {
                    color: r.color,
                    width: 6.0,
                    dash: None,
                    opacity: 0.3,
                },
            );
            c.circle(
                vx,
                cy,
                6.0,
                Some(r.color),
                Some(&Stroke::solid(Rgb(255, 255, 255), 1.5)),
            );
            c.text(&self.note(r), right + 14.0, cy + 5.0, &small);
        }
        let mut sy = plot_bottom + 42.0;
        for line in text::wrap(&self.source, 12.0, false, width - 2.0 * m)
            .iter()
            .take(2)
        {
            c.text(
                line,
                m,
                sy,
                &Font {
                    size: 12.0,
                    ..small
                },
            );
            sy += 16.0;
        }
    }

    fn note(&self, r: &GapRow) -> String {
        let d = self.decimals;
        let unit = if matches!(self.unit, Unit::Percent | Unit::PercentGniPc) {
            "%"
        } else {
            ""
        };
        format!(
            "{:.d$}{unit} in {} · gap {:.d$} · {}",
            r.value,
            r.year,
            r.gap.max(0.0),
            r.status
        )
    }
}
