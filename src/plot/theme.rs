//! Colours, marks and sizes: the Okabe–Ito palette with one colour and one
//! marker shape per group in every chart, status colours that step in
//! lightness (so that they stay apart in greyscale print) and also carry a
//! symbol, and text colours that keep 4.5:1 contrast on their ground
//! (checked by a test, WCAG 2.1 AA).

use serde::Serialize;

use super::canvas::{Canvas, Fill, Font, Rgb, Stroke};
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

/// The fill of a status cell. The six fills step down in lightness from
/// "insufficient data" (near white) through "target achieved" (pale green)
/// to "deterioration" (dark red), at least 8 points of CIE L* apart, so
/// that any two stay apart in greyscale print as well as by their symbol.
pub fn status_fill(s: Status) -> Rgb {
    match s {
        Status::TargetAchieved => Rgb(0xc8, 0xe9, 0xc5),
        Status::OnTrack => Rgb(0x8f, 0xd1, 0x9e),
        Status::AccelerationNeeded => Rgb(0xd9, 0xa1, 0x2a),
        Status::LimitedProgress => Rgb(0xdc, 0x7a, 0x2d),
        Status::Deterioration => Rgb(0xa8, 0x23, 0x1b),
        Status::InsufficientData => Rgb(0xf7, 0xf7, 0xf7),
    }
}

/// Text on a status cell: white on the dark fill, ink on the light ones.
pub fn status_ink(s: Status) -> Rgb {
    match s {
        Status::Deterioration => Rgb(255, 255, 255),
        _ => INK,
    }
}

/// White, the ground of every chart.
pub const WHITE: Rgb = Rgb(255, 255, 255);

/// Every text colour the charts use with the ground it is drawn on:
/// titles, labels and ticks on white, and each status's text on its fill.
pub fn text_pairs() -> Vec<(&'static str, Rgb, Rgb)> {
    let mut out = vec![
        ("ink", INK, WHITE),
        ("muted text", MUTED, WHITE),
        ("target label", TARGET, WHITE),
    ];
    for s in Status::ALL {
        out.push((s.as_str(), status_ink(s), status_fill(s)));
    }
    out
}

fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Relative luminance (WCAG 2.1).
pub fn luminance(c: Rgb) -> f64 {
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

/// Contrast ratio of two colours (WCAG 2.1): 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// CIE L* lightness, 0 (black) to 100 (white): the grey a colour prints
/// as.
pub fn lightness(c: Rgb) -> f64 {
    let y = luminance(c);
    if y > 216.0 / 24389.0 {
        116.0 * y.cbrt() - 16.0
    } else {
        y * 24389.0 / 27.0
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

/// Draw a marker of `shape` centred on (`x`, `y`), `r` its radius:
/// filled in `color`, or hollow (white inside, `color` outline) for an
/// estimate.
pub fn marker(
    c: &mut dyn Canvas,
    shape: Marker,
    (x, y): (f64, f64),
    r: f64,
    color: Rgb,
    hollow: bool,
) {
    let outline = Stroke::solid(color, 1.6);
    let fill = if hollow { WHITE } else { color };
    if shape == Marker::Circle {
        c.circle(x, y, r, Some(fill), hollow.then_some(&outline));
        return;
    }
    // Shapes of about the circle's area, so that none looks heavier.
    let ring: Vec<(f64, f64)> = match shape {
        Marker::Square => {
            let h = r * 0.89;
            vec![
                (x - h, y - h),
                (x + h, y - h),
                (x + h, y + h),
                (x - h, y + h),
            ]
        }
        Marker::Diamond => {
            let h = r * 1.25;
            vec![(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
        }
        Marker::TriangleUp | Marker::TriangleDown => {
            let s = if shape == Marker::TriangleUp {
                1.0
            } else {
                -1.0
            };
            let h = r * 1.35;
            vec![
                (x, y - s * h),
                (x + h * 0.87, y + s * h * 0.5),
                (x - h * 0.87, y + s * h * 0.5),
            ]
        }
        Marker::Star => (0..10)
            .map(|i| {
                let a = std::f64::consts::PI * f64::from(i) / 5.0 - std::f64::consts::FRAC_PI_2;
                let rr = if i % 2 == 0 { r * 1.45 } else { r * 0.62 };
                (x + rr * a.cos(), y + rr * a.sin())
            })
            .collect(),
        Marker::Cross => {
            // An × of two bars, as one outline of twelve corners.
            let (a, b) = (r * 1.2, r * 0.42);
            let arm = |dx: f64, dy: f64| (x + dx, y + dy);
            vec![
                arm(-a, -a + b),
                arm(-a + b, -a),
                arm(0.0, -b * 1.41),
                arm(a - b, -a),
                arm(a, -a + b),
                arm(b * 1.41, 0.0),
                arm(a, a - b),
                arm(a - b, a),
                arm(0.0, b * 1.41),
                arm(-a + b, a),
                arm(-a, a - b),
                arm(-b * 1.41, 0.0),
            ]
        }
        Marker::Circle => Vec::new(),
    };
    // Closed, so that a PNG outline goes all the way round.
    let mut ring = ring;
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    c.shape(&[ring], &Fill::solid(fill), hollow.then_some(&outline));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_has_contrast_on_its_ground() {
        for (what, fg, bg) in text_pairs() {
            let r = contrast(fg, bg);
            assert!(r >= 4.5, "{what}: {} on {} is {r:.2}:1", fg.hex(), bg.hex());
        }
        // WCAG's own examples: black on white is 21:1, the old line labels
        // in orange on white 2.25:1 (the reason labels are now in ink).
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(ORANGE, WHITE) - 2.25).abs() < 0.01);
    }

    #[test]
    fn status_fills_step_apart_in_greyscale() {
        let mut l: Vec<(Status, f64)> = Status::ALL
            .iter()
            .map(|s| (*s, lightness(status_fill(*s))))
            .collect();
        l.sort_by(|a, b| a.1.total_cmp(&b.1));
        for w in l.windows(2) {
            assert!(
                w[1].1 - w[0].1 >= 8.0,
                "{:?} and {:?} print as nearly the same grey: {:?}",
                w[0].0,
                w[1].0,
                l
            );
        }
        // Darkest to lightest follows the statuses, worst first.
        let order: Vec<Status> = l.iter().map(|x| x.0).collect();
        let mut worst_first = Status::ALL.to_vec();
        worst_first.reverse();
        worst_first.rotate_left(1);
        assert_eq!(order, worst_first);
        // White is L* 100, black 0; the old "achieved" and "deterioration"
        // fills were 47.2 and 43.3, 1.15:1 apart.
        assert!((lightness(WHITE) - 100.0).abs() < 1e-6);
        assert!((lightness(Rgb(0x1b, 0x7f, 0x5b)) - 47.2).abs() < 0.1);
        assert!((contrast(Rgb(0x1b, 0x7f, 0x5b), Rgb(0xb8, 0x3b, 0x0e)) - 1.15).abs() < 0.01);
    }

    #[test]
    fn each_chart_gives_its_groups_different_markers() {
        let regions = [
            "WLD", "ITU_AFR", "ITU_AMS", "ITU_ARB", "ITU_ASP", "ITU_CIS", "ITU_EUR",
        ];
        let development = ["WLD", "DEVELOPED", "DEVELOPING", "LDC", "LLDC", "SIDS"];
        for set in [&regions[..], &development[..]] {
            let shapes: std::collections::BTreeSet<String> = set
                .iter()
                .map(|g| format!("{:?}", group_marker(g)))
                .collect();
            assert_eq!(shapes.len(), set.len(), "{set:?}");
        }
    }
}
