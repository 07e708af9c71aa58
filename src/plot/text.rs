//! The bundled font (DejaVu Sans, subset; see `assets/fonts/README.md`) and
//! text measurement, so that labels are placed by their real width and the
//! same glyphs are drawn in SVG and PNG on every machine.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve, PxScale, ScaleFont};

/// The regular face.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bold face.
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name written in SVG.
pub const FAMILY: &str = "DejaVu Sans";

fn face(bold: bool) -> Option<&'static FontRef<'static>> {
    static R: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static B: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let cell = if bold { &B } else { &R };
    cell.get_or_init(|| FontRef::try_from_slice(if bold { BOLD } else { REGULAR }).ok())
        .as_ref()
}

/// A face's height and em in font units, and its glyph ids and advances by
/// character, each looked up in the font once: measuring labels is much of
/// laying out a chart, and the font's character map is searched each time.
struct Metrics {
    font: &'static FontRef<'static>,
    /// Ascent − descent, in font units.
    height: f32,
    /// Per character below [`CACHED`]: 0 when not yet looked up, else a
    /// set top bit, the glyph id in bits 32–47 and the advance's bits in
    /// the low 32.
    cells: Vec<AtomicU64>,
}

/// Characters below this are kept in [`Metrics::cells`] (Latin, Greek,
/// punctuation, arrows and the symbols the charts use).
const CACHED: usize = 0x2800;

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static R: OnceLock<Option<Metrics>> = OnceLock::new();
    static B: OnceLock<Option<Metrics>> = OnceLock::new();
    let cell = if bold { &B } else { &R };
    cell.get_or_init(|| {
        face(bold).map(|font| Metrics {
            font,
            height: font.height_unscaled(),
            cells: (0..CACHED).map(|_| AtomicU64::new(0)).collect(),
        })
    })
    .as_ref()
}

impl Metrics {
    /// A character's glyph and its advance in font units.
    fn glyph(&self, c: char) -> (GlyphId, f32) {
        let look = || {
            let id = self.font.glyph_id(c);
            (id, self.font.h_advance_unscaled(id))
        };
        let Some(cell) = self.cells.get(c as usize) else {
            return look();
        };
        let v = cell.load(Ordering::Relaxed);
        if v != 0 {
            return (GlyphId((v >> 32) as u16), f32::from_bits(v as u32));
        }
        let (id, advance) = look();
        cell.store(
            (1 << 63) | (u64::from(id.0) << 32) | u64::from(advance.to_bits()),
            Ordering::Relaxed,
        );
        (id, advance)
    }

    /// Pixels per font unit at a CSS size: ab_glyph's horizontal scale
    /// factor, computed as it computes it.
    fn scale(&self, size: f64) -> f32 {
        px_scale(size) / self.height
    }

    /// The kerning between two glyphs, in pixels at `scale`.
    fn kern(&self, scale: f32, first: GlyphId, second: GlyphId) -> f32 {
        scale * self.font.kern_unscaled(first, second)
    }
}

/// The glyph scale for a CSS font size. ab_glyph scales fonts by their
/// height (ascent − descent), CSS and SVG by their em; for DejaVu Sans the
/// height is about 1.16 em, so the same number would draw text about 14%
/// smaller in PNG than in a browser.
pub fn px_scale(size: f64) -> f32 {
    static EM: OnceLock<Option<(f64, f64)>> = OnceLock::new();
    let em = EM.get_or_init(|| {
        face(false).map(|font| {
            let upem = font.units_per_em().unwrap_or(2048.0);
            (f64::from(font.height_unscaled()), f64::from(upem))
        })
    });
    match em {
        Some((height, upem)) => (size * height / upem) as f32,
        None => size as f32,
    }
}

/// Width in pixels of a text at a CSS font size (in pixels).
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let Some(m) = metrics(bold) else {
        // The bundled font always parses; this is only a safe estimate.
        return text.chars().count() as f64 * size * 0.6;
    };
    let scale = m.scale(size);
    let mut w = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let (id, advance) = m.glyph(c);
        if let Some(p) = prev {
            w += m.kern(scale, p, id);
        }
        w += scale * advance;
        prev = Some(id);
    }
    f64::from(w)
}

/// One step of a glyph's outline, in pixels, x to the right and y down (as
/// on a canvas).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// Start a contour at a point.
    Move(f32, f32),
    /// A straight line to a point.
    Line(f32, f32),
    /// A quadratic curve: control point, end point.
    Quad(f32, f32, f32, f32),
    /// A cubic curve: two control points, end point.
    Cubic(f32, f32, f32, f32, f32, f32),
}

/// The glyphs of a text set in the bundled font at a CSS font size, each
/// with its pen position (pixels from the start of the text), with the
/// advances and kerning that [`width`] measures.
pub fn layout(text: &str, size: f64, bold: bool) -> Vec<(u16, f32)> {
    let Some(m) = metrics(bold) else {
        return Vec::new();
    };
    let scale = m.scale(size);
    let mut out = Vec::with_capacity(text.len());
    let mut pen = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let (id, advance) = m.glyph(c);
        if let Some(p) = prev {
            pen += m.kern(scale, p, id);
        }
        out.push((id.0, pen));
        pen += scale * advance;
        prev = Some(id);
    }
    out
}

/// The outline of one glyph (by its id in the face) at a CSS font size,
/// with its origin at `(x, y)`: x to the right, y down from the baseline
/// (as on a canvas). Contours are closed; fill them by the non-zero rule.
pub fn glyph_outline(glyph: u16, size: f64, bold: bool, x: f32, y: f32) -> Vec<Step> {
    let Some(font) = face(bold) else {
        return Vec::new();
    };
    let scaled = font.as_scaled(PxScale::from(px_scale(size)));
    let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
    let mut steps = Vec::new();
    let Some(outline) = font.outline(ab_glyph::GlyphId(glyph)) else {
        return steps;
    };
    // Font units have y up from the baseline.
    let at = |p: ab_glyph::Point| (x + p.x * sx, y - p.y * sy);
    let mut last: Option<(f32, f32)> = None;
    for curve in &outline.curves {
        let (start, end) = match *curve {
            OutlineCurve::Line(a, b) => (a, b),
            OutlineCurve::Quad(a, _, b) => (a, b),
            OutlineCurve::Cubic(a, _, _, b) => (a, b),
        };
        let start = at(start);
        if last != Some(start) {
            steps.push(Step::Move(start.0, start.1));
        }
        steps.push(match *curve {
            OutlineCurve::Line(_, b) => {
                let b = at(b);
                Step::Line(b.0, b.1)
            }
            OutlineCurve::Quad(_, c, b) => {
                let (c, b) = (at(c), at(b));
                Step::Quad(c.0, c.1, b.0, b.1)
            }
            OutlineCurve::Cubic(_, c1, c2, b) => {
                let (c1, c2, b) = (at(c1), at(c2), at(b));
                Step::Cubic(c1.0, c1.1, c2.0, c2.1, b.0, b.1)
            }
        });
        last = Some(at(end));
    }
    steps
}

/// Distance from the baseline to the top of capitals, in pixels.
pub fn ascent(size: f64) -> f64 {
    match face(false) {
        Some(font) => f64::from(font.as_scaled(PxScale::from(px_scale(size))).ascent()),
        None => size * 0.93,
    }
}

/// Break a text into lines no wider than `max` pixels, at spaces.
pub fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size, bold) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shorten a text with `…` to fit `max` pixels: the longest start of it
/// that fits with `…` after it, measured as [`width`] measures, each start
/// from the one before (measuring every candidate afresh cost the chain
/// diagrams, whose boxes shorten long names, a tenth of the report).
pub fn ellipsize(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let Some(m) = metrics(bold) else {
        let fits = (0..chars.len())
            .rev()
            .find(|k| width(&(chars[..*k].iter().collect::<String>() + "…"), size, bold) <= max);
        return fits.map_or_else(String::new, |k| chars[..k].iter().collect()) + "…";
    };
    let scale = m.scale(size);
    // The width of each start (k characters) and its last glyph, summed
    // in the order `width` sums them.
    let mut starts = Vec::with_capacity(chars.len());
    let (mut w, mut prev) = (0.0f32, None);
    for c in &chars {
        starts.push((w, prev));
        let (id, advance) = m.glyph(*c);
        if let Some(p) = prev {
            w += m.kern(scale, p, id);
        }
        w += scale * advance;
        prev = Some(id);
    }
    let (dots, advance) = m.glyph('…');
    for (k, (w, prev)) in starts.iter().enumerate().rev() {
        let mut t = *w;
        if let Some(p) = prev {
            t += m.kern(scale, *p, dots);
        }
        t += scale * advance;
        if f64::from(t) <= max {
            return chars[..k].iter().collect::<String>() + "…";
        }
    }
    "…".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_measures_text() {
        let w = width("World 67.6%", 14.0, false);
        assert!(w > 60.0 && w < 110.0, "{w}");
        assert!(width("World", 14.0, true) > width("World", 14.0, false));
        assert!(ascent(14.0) > 9.0);
    }

    #[test]
    fn wrapping_and_ellipsis_fit_the_width() {
        let lines = wrap(
            "Proportion of households with access to the Internet at home",
            15.0,
            false,
            200.0,
        );
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| width(l, 15.0, false) <= 200.0));
        let short = ellipsize(
            "A very long indicator name that does not fit",
            14.0,
            false,
            120.0,
        );
        assert!(short.ends_with('…') && width(&short, 14.0, false) <= 120.0);
    }
}
