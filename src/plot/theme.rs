//! Colours and sizes: the Okabe–Ito palette, one colour per group in every
//! chart, and status colours that also carry a symbol.

use serde::Serialize;

use super::canvas::{Canvas, Font, Rgb};
use super::text;
use crate::progress::Status;

/// Okabe–Ito: black.
pub const BLACK: Rgb = Rgb(0, 0, 0);
/// Okabe–Ito: orange.
pub const ORANGE: Rgb = Rgb(0xE6, 0x9F, 0x00);
/// Okabe–Ito: sky blue.
pub const SKY_BLUE: Rgb = Rgb(0x56, 0xB4, 0xE9);
/// Okabe–Ito: bluish green.
pub const BLUISH_GREEN: Rgb = Rgb(0x00, 0x9E, 0x73);
/// Okabe–Ito: blue.
pub const BLUE: Rgb = Rgb(0x00, 0x72, 0xB2);
/// Okabe–Ito: vermillion.
pub const VERMILLION: Rgb = Rgb(0xD5, 0x5E, 0x00);
/// Okabe–Ito: reddish purple.
pub const REDDISH_PURPLE: Rgb = Rgb(0xCC, 0x79, 0xA7);

/// Text.
pub const INK: Rgb = Rgb(0x22, 0x22, 0x22);
/// Secondary text.
pub const MUTED: Rgb = Rgb(0x5f, 0x5f, 0x5f);
/// Grid lines.
pub const GRID: Rgb = Rgb(0xe3, 0xe3, 0xe3);
/// Axis lines.
pub const AXIS: Rgb = Rgb(0x9a, 0x9a, 0x9a);
/// The target line.
pub const TARGET: Rgb = Rgb(0x33, 0x33, 0x33);
/// A band's fill.
pub const BAND: Rgb = Rgb(0xd9, 0xd9, 0xd9);

/// The colour of a group, the same in every chart. Regions and
/// development levels never share a chart, so they share the palette;
/// World is black in both.
pub fn group_color(code: &str) -> Rgb {
    match code {
        "WLD" => BLACK,
        "ITU_AFR" => ORANGE,
        "ITU_AMS" => SKY_BLUE,
        "ITU_ARB" => BLUISH_GREEN,
        "ITU_ASP" => BLUE,
        "ITU_CIS" => VERMILLION,
        "ITU_EUR" => REDDISH_PURPLE,
        "DEVELOPED" => BLUE,
        "DEVELOPING" => ORANGE,
        "LDC" => VERMILLION,
        "LLDC" => REDDISH_PURPLE,
        "SIDS" => BLUISH_GREEN,
        _ => MUTED,
    }
}

/// The fill of a status cell, light to dark from achieved to
/// deterioration so that it also reads in greyscale next to the symbol.
pub fn status_fill(s: Status) -> Rgb {
    match s {
        Status::TargetAchieved => Rgb(0x1b, 0x7f, 0x5b),
        Status::OnTrack => Rgb(0x8f, 0xd1, 0xb0),
        Status::AccelerationNeeded => Rgb(0xf6, 0xd3, 0x6b),
        Status::LimitedProgress => Rgb(0xee, 0x9a, 0x3a),
        Status::Deterioration => Rgb(0xb8, 0x3b, 0x0e),
        Status::InsufficientData => Rgb(0xee, 0xee, 0xee),
    }
}

/// Text on a status cell: white on the dark fills, ink on the light ones.
pub fn status_ink(s: Status) -> Rgb {
    match s {
        Status::TargetAchieved | Status::Deterioration => Rgb(255, 255, 255),
        _ => INK,
    }
}

/// A chart's title (bold, ink) and subtitle, each wrapped to two lines at
/// most within `width` from (`x`, `y`), a line's height apart; the
/// subtitle starts `gap` below the title's last line. The y below them.
pub fn heading(
    c: &mut dyn Canvas,
    (title, subtitle): (&str, &str),
    (x, y): (f64, f64),
    width: f64,
    (sub, sub_line): (Font, f64),
    gap: f64,
) -> f64 {
    let head = Font::new(22.0, INK, true);
    let mut y = y;
    for line in text::wrap(title, head.size, true, width).iter().take(2) {
        c.text(&text::ellipsize(line, head.size, true, width), x, y, &head);
        y += 27.0;
    }
    y += gap;
    for line in text::wrap(subtitle, sub.size, false, width).iter().take(2) {
        c.text(line, x, y, &sub);
        y += sub_line;
    }
    y
}

/// The shape of a group's points. Each chart's groups get different
/// shapes, so that lines stay apart in greyscale print, where the
/// palette's colours turn into similar greys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Marker {
    /// A circle (World).
    Circle,
    /// A square.
    Square,
    /// A diamond.
    Diamond,
    /// A triangle pointing up.
    TriangleUp,
    /// A triangle pointing down.
    TriangleDown,
    /// A five-pointed star.
    Star,
    /// A cross (×).
    Cross,
}

/// The marker of a group, the same in every chart; regions and
/// development levels never share a chart, so they share the shapes.
pub fn group_marker(code: &str) -> Marker {
    match code {
        "WLD" => Marker::Circle,
        "ITU_AFR" | "DEVELOPED" => Marker::Square,
        "ITU_AMS" | "DEVELOPING" => Marker::Diamond,
        "ITU_ARB" | "LDC" => Marker::TriangleUp,
        "ITU_ASP" | "LLDC" => Marker::TriangleDown,
        "ITU_CIS" | "SIDS" => Marker::Star,
        "ITU_EUR" => Marker::Cross,
        _ => Marker::Circle,
    }
}
