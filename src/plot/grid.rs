//! The status grid: 2030 targets down, groups across, each cell coloured by
//! status with its symbol and word, so that it reads in greyscale and for
//! colour-blind readers, and beside the symbol the status's confidence as
//! a mark of filled and hollow dots, with a legend of both.

use serde::Serialize;

use super::canvas::{Anchor, Canvas, Font, Rgb, Stroke};
use super::{text, theme};
use crate::progress::{Confidence, Status};

/// One cell: a status and how far it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GridCell {
    /// The status.
    pub status: Status,
    /// Its confidence grade.
    pub confidence: Confidence,
}

/// One row: an indicator's 2030 target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRow {
    /// Label, e.g. `1.3 Households with Internet access`.
    pub label: String,
    /// The cell per column (None: the target does not apply to the group).
    pub cells: Vec<Option<GridCell>>,
}

/// The status grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusGrid {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Column headers (group short names).
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<GridRow>,
    /// Source line.
    pub source: String,
}

fn word(s: Status) -> &'static str {
    match s {
        Status::TargetAchieved => "achieved",
        Status::OnTrack => "on track",
        Status::AccelerationNeeded => "speed up",
        Status::LimitedProgress => "limited",
        Status::Deterioration => "worse",
        Status::InsufficientData => "no data",
    }
}

/// A header over up to two lines (at spaces and hyphens), in the largest
/// size from 12 down to 9.5 pixels at which every line fits.
fn header_lines(h: &str, max: f64) -> (Vec<String>, f64) {
    let mut last = (vec![h.to_string()], 9.5);
    for size in [12.0, 11.0, 10.0, 9.5] {
        let lines: Vec<String> = text::wrap(&h.replace('-', "- "), size, true, max)
            .iter()
            .map(|l| l.replace("- ", "-"))
            .collect();
        if lines.len() <= 2 && lines.iter().all(|l| text::width(l, size, true) <= max) {
            return (lines, size);
        }
        last = (lines, size);
    }
    last
}

impl StatusGrid {
    /// The height the grid needs at a width.
    pub fn height_for(&self, width: f64) -> f64 {
        let _ = width;
        150.0 + 22.0 + 44.0 + self.rows.len() as f64 * 34.0 + 40.0
    }

    /// Draw the grid.
    pub fn draw(&self, c: &mut dyn Canvas, width: f64, height: f64) {
        let m = 24.0;
        let title = Font::new(22.0, theme::INK, true);
        let sub = Font::new(14.0, theme::MUTED, false);
        c.text(
            &text::ellipsize(&self.title, 22.0, true, width - 2.0 * m),
            m,
            m + 18.0,
            &title,
        );
        let mut y = m + 44.0;
        for line in text::wrap(&self.subtitle, 14.0, false, width - 2.0 * m)
            .iter()
            .take(3)
        {
            c.text(line, m, y, &sub);
            y += 19.0;
        }
        // Legend of statuses.
        let mut x = m;
        y += 6.0;
        for s in Status::ALL {
            let label = format!("{} {}", s.symbol(), s.label());
            let w = text::width(&label, 12.0, false) + 16.0;
            c.rect(x, y - 13.0, w, 19.0, theme::status_fill(s), 1.0);
            c.text(
                &label,
                x + 8.0,
                y + 1.0,
                &Font::new(12.0, theme::status_ink(s), false),
            );
            x += w + 6.0;
        }
        y += 22.0;
        // Legend of the confidence marks, drawn as the cells draw them.
        let legend = Font::new(12.0, theme::INK, false);
        c.text("Confidence in the status:", m, y + 1.0, &legend);
        let mut x = m + text::width("Confidence in the status:", 12.0, false) + 10.0;
        for g in [Confidence::High, Confidence::Medium, Confidence::Low] {
            let label = format!("{} {}", g.mark(), g.as_str());
            c.text(&label, x, y + 1.0, &legend);
            x += text::width(&label, 12.0, false) + 14.0;
        }
        y += 22.0;

        let label_w = self
            .rows
            .iter()
            .map(|r| text::width(&r.label, 12.0, false))
            .fold(0.0, f64::max)
            .min(width * 0.27)
            + 12.0;
        let n = self.columns.len().max(1) as f64;
        let col_w = ((width - 2.0 * m - label_w) / n).max(40.0);
        // Headers, wrapped onto two lines where needed.
        let head = Font::new(12.0, theme::INK, true).at(Anchor::Middle);
        for (i, h) in self.columns.iter().enumerate() {
            let cx = m + label_w + (i as f64 + 0.5) * col_w;
            let (lines, size) = header_lines(h, col_w - 6.0);
            let top = y + 14.0 + if lines.len() == 1 { 8.0 } else { 0.0 };
            for (k, l) in lines.iter().take(2).enumerate() {
                c.text(
                    &text::ellipsize(l, size, true, col_w - 4.0),
                    cx,
                    top + 15.0 * k as f64,
                    &Font { size, ..head },
                );
            }
        }
        y += 44.0;
        let row_h = 34.0;
        let cell_font = 12.0;
        for (r, row) in self.rows.iter().enumerate() {
            let ry = y + r as f64 * row_h;
            if r % 2 == 0 {
                c.rect(m, ry, width - 2.0 * m, row_h, Rgb(0xf7, 0xf7, 0xf7), 1.0);
            }
            // The label over up to two lines, shortened only beyond that.
            let lines = text::wrap(&row.label, 12.0, false, label_w - 10.0);
            let font = Font::new(12.0, theme::INK, false);
            if lines.len() <= 1 {
                c.text(&row.label, m + 4.0, ry + row_h / 2.0 + 4.5, &font);
            } else {
                c.text(&lines[0], m + 4.0, ry + row_h / 2.0 - 2.5, &font);
                let rest = lines[1..].join(" ");
                c.text(
                    &text::ellipsize(&rest, 12.0, false, label_w - 10.0),
                    m + 4.0,
                    ry + row_h / 2.0 + 11.5,
                    &font,
                );
            }
            for (i, cell) in row.cells.iter().enumerate() {
                let cx = m + label_w + i as f64 * col_w;
                match cell {
                    Some(GridCell {
                        status: s,
                        confidence,
                    }) => {
                        c.rect(
                            cx + 2.0,
                            ry + 3.0,
                            col_w - 4.0,
                            row_h - 6.0,
                            theme::status_fill(*s),
                            1.0,
                        );
                        let ink = theme::status_ink(*s);
                        // The symbol, and the word under it, so that the cell
                        // reads without its colour; beside the symbol, a
                        // space apart, the confidence mark (none where
                        // nothing could be assessed: the word says so).
                        let symbol = Font::new(13.0, ink, true);
                        let dots = Font::new(9.0, ink, false);
                        let mark = (*s != Status::InsufficientData).then(|| confidence.mark());
                        let symbol_w = text::width(s.symbol(), 13.0, true);
                        let mark_w = mark.map_or(0.0, |m| 5.0 + text::width(m, 9.0, false));
                        let start = cx + col_w / 2.0 - (symbol_w + mark_w) / 2.0;
                        c.text(s.symbol(), start, ry + 16.0, &symbol);
                        if let Some(m) = mark {
                            c.text(m, start + symbol_w + 5.0, ry + 15.5, &dots);
                        }
                        c.text(
                            word(*s),
                            cx + col_w / 2.0,
                            ry + 28.0,
                            &Font::new(9.5, ink, false).at(Anchor::Middle),
                        );
                    }
                    None => {
                        c.text(
                            "–",
                            cx + col_w / 2.0,
                            ry + row_h / 2.0 + 4.0,
                            &Font::new(cell_font, theme::MUTED, false).at(Anchor::Middle),
                        );
                    }
                }
            }
        }
        let bottom = y + self.rows.len() as f64 * row_h + 4.0;
        c.polyline(
            &[(m, bottom), (width - m, bottom)],
            &Stroke::solid(theme::GRID, 1.0),
        );
        c.text(
            &text::ellipsize(&self.source, 12.0, false, width - 2.0 * m),
            m,
            height - m - 4.0,
            &Font::new(12.0, theme::MUTED, false),
        );
    }
}
