//! A small drawing surface with two implementations, SVG text
//! ([`SvgCanvas`]) and a PNG raster drawn with plotters ([`PngCanvas`]), so
//! that one layout gives the same picture in both formats.
//!
//! Coordinates are pixels from the top-left; text is placed by its
//! baseline. Numbers in SVG are written with one decimal, so output is
//! byte-stable.

use std::fmt::Write as _;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendColor, BackendStyle, DrawingBackend};

use super::text;

/// A colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A line style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Rgb,
    /// Width in pixels.
    pub width: f64,
    /// Dash and gap lengths.
    pub dash: Option<(f64, f64)>,
    /// Opacity 0–1.
    pub opacity: f64,
}

impl Stroke {
    /// A solid line.
    pub fn solid(color: Rgb, width: f64) -> Self {
        Stroke {
            color,
            width,
            dash: None,
            opacity: 1.0,
        }
    }

    /// A dashed line.
    pub fn dashed(color: Rgb, width: f64, dash: f64, gap: f64) -> Self {
        Stroke {
            color,
            width,
            dash: Some((dash, gap)),
            opacity: 1.0,
        }
    }
}

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

/// A text style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Size in pixels.
    pub size: f64,
    /// Colour.
    pub color: Rgb,
    /// Bold.
    pub bold: bool,
    /// Anchor.
    pub anchor: Anchor,
}

impl Font {
    /// A font of `size` pixels, anchored at the start of the text.
    pub const fn new(size: f64, color: Rgb, bold: bool) -> Self {
        Font {
            size,
            color,
            bold,
            anchor: Anchor::Start,
        }
    }

    /// The same font, anchored elsewhere.
    pub const fn at(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }
}

/// A repeating pattern over a fill, anchored at the canvas's origin, so
/// that neighbouring shapes line up and SVG and PNG show the same marks.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Diagonal lines rising to the right (x + y = k · spacing).
    Hatch {
        /// Line colour.
        color: Rgb,
        /// Distance between lines, measured along an axis.
        spacing: f64,
        /// Line width.
        width: f64,
    },
    /// Dots on a square grid, at ((i + ½) · spacing, (j + ½) · spacing).
    Dots {
        /// Dot colour.
        color: Rgb,
        /// Grid step.
        spacing: f64,
        /// Dot radius.
        radius: f64,
    },
}

/// How a shape is filled: a colour, and a pattern over it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// The ground colour.
    pub color: Rgb,
    /// Marks over it.
    pub pattern: Option<Pattern>,
}

impl Fill {
    /// A plain colour.
    pub fn solid(color: Rgb) -> Self {
        Fill {
            color,
            pattern: None,
        }
    }
}

/// What charts draw on.
pub trait Canvas {
    /// A polyline.
    fn polyline(&mut self, points: &[(f64, f64)], stroke: &Stroke);
    /// A filled rectangle.
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, opacity: f64);
    /// A circle, filled and/or outlined.
    fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<Rgb>, stroke: Option<&Stroke>);
    /// A filled polygon.
    fn polygon(&mut self, points: &[(f64, f64)], fill: Rgb, opacity: f64);
    /// Text, placed by its baseline.
    fn text(&mut self, s: &str, x: f64, y: f64, font: &Font);
    /// A shape of one or more closed rings (a country), each ring filled,
    /// with an optional pattern over the fill and an optional outline.
    fn shape(&mut self, rings: &[Vec<(f64, f64)>], fill: &Fill, outline: Option<&Stroke>);
}

fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    match s.strip_suffix(".0") {
        Some(i) if i != "-0" => i.to_string(),
        Some(_) => "0".to_string(),
        None => s,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// SVG as text.
pub struct SvgCanvas {
    body: String,
    width: u32,
    height: u32,
    /// Pattern definitions by their markup, with their ids (`p0`, `p1`, …
    /// in the order first used, so output is byte-stable).
    patterns: Vec<(String, String)>,
}

impl SvgCanvas {
    /// An empty canvas with a white background.
    pub fn new(width: u32, height: u32) -> Self {
        let mut c = SvgCanvas {
            body: String::new(),
            width,
            height,
            patterns: Vec::new(),
        };
        c.rect(
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
            Rgb(255, 255, 255),
            1.0,
        );
        c
    }

    /// The document. With `embed_font`, the bundled font travels inside the
    /// file so that it looks the same in any viewer; without, the page that
    /// holds the SVG provides it. `title` names the image for screen
    /// readers and `description` (when not empty) says what it shows.
    pub fn finish(self, title: &str, description: &str, embed_font: bool) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" font-family=\"{f}, sans-serif\">\n<title>{t}</title>\n",
            w = self.width,
            h = self.height,
            f = text::FAMILY,
            t = escape(title)
        );
        if !description.is_empty() {
            let _ = writeln!(out, "<desc>{}</desc>", escape(description));
        }
        if embed_font {
            out.push_str("<defs><style>");
            out.push_str(&font_face_css());
            out.push_str("</style></defs>\n");
        }
        if !self.patterns.is_empty() {
            out.push_str("<defs>\n");
            for (id, markup) in &self.patterns {
                out.push_str(&markup.replace("\u{0}", id));
                out.push('\n');
            }
            out.push_str("</defs>\n");
        }
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

/// A canvas that draws on another at `k` times the size: coordinates,
/// line widths, dashes, radii and text all grow together, so that a chart
/// laid out for 1200 × 675 reads the same at 1920 × 1080 (k = 1.6).
pub struct Scaled<'a> {
    inner: &'a mut dyn Canvas,
    k: f64,
}

impl<'a> Scaled<'a> {
    /// Draw on `inner` at `k` times the size.
    pub fn new(inner: &'a mut dyn Canvas, k: f64) -> Self {
        Scaled { inner, k }
    }

    fn pts(&self, points: &[(f64, f64)]) -> Vec<(f64, f64)> {
        points
            .iter()
            .map(|(x, y)| (x * self.k, y * self.k))
            .collect()
    }

    fn stroke(&self, s: &Stroke) -> Stroke {
        Stroke {
            width: s.width * self.k,
            dash: s.dash.map(|(d, g)| (d * self.k, g * self.k)),
            ..*s
        }
    }
}

impl Canvas for Scaled<'_> {
    fn polyline(&mut self, points: &[(f64, f64)], stroke: &Stroke) {
        let (p, s) = (self.pts(points), self.stroke(stroke));
        self.inner.polyline(&p, &s);
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, opacity: f64) {
        let k = self.k;
        self.inner.rect(x * k, y * k, w * k, h * k, fill, opacity);
    }

    fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<Rgb>, stroke: Option<&Stroke>) {
        let s = stroke.map(|s| self.stroke(s));
        let k = self.k;
        self.inner.circle(cx * k, cy * k, r * k, fill, s.as_ref());
    }

    fn polygon(&mut self, points: &[(f64, f64)], fill: Rgb, opacity: f64) {
        let p = self.pts(points);
        self.inner.polygon(&p, fill, opacity);
    }

    fn text(&mut self, s: &str, x: f64, y: f64, font: &Font) {
        let f = Font {
            size: font.size * self.k,
            ..*font
        };
        let k = self.k;
        self.inner.text(s, x * k, y * k, &f);
    }

    fn shape(&mut self, rings: &[Vec<(f64, f64)>], fill: &Fill, outline: Option<&Stroke>) {
        let rings: Vec<Vec<(f64, f64)>> = rings.iter().map(|r| self.pts(r)).collect();
        let o = outline.map(|s| self.stroke(s));
        self.inner.shape(&rings, fill, o.as_ref());
    }
}

/// `@font-face` rules carrying the bundled font, for SVG files and the
/// HTML report.
pub fn font_face_css() -> String {
    format!(
        "@font-face{{font-family:\"{f}\";font-weight:normal;src:url(data:font/ttf;base64,{r}) format(\"truetype\")}}@font-face{{font-family:\"{f}\";font-weight:bold;src:url(data:font/ttf;base64,{b}) format(\"truetype\")}}",
        f = text::FAMILY,
        r = base64(text::REGULAR),
        b = base64(text::BOLD)
    )
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(v >> 18) as usize & 63] as char);
        out.push(T[(v >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(v >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[v as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// The SVG attribute of a fill's opacity, when it is not opaque.
fn fill_opacity(opacity: f64) -> String {
    if opacity < 1.0 {
        format!(" fill-opacity=\"{opacity:.2}\"")
    } else {
        String::new()
    }
}

fn stroke_attrs(s: &Stroke) -> String {
    let mut a = format!(
        "stroke=\"{}\" stroke-width=\"{}\"",
        s.color.hex(),
        n(s.width)
    );
    if let Some((d, g)) = s.dash {
        let _ = write!(a, " stroke-dasharray=\"{} {}\"", n(d), n(g));
    }
    if s.opacity < 1.0 {
        let _ = write!(a, " stroke-opacity=\"{:.2}\"", s.opacity);
    }
    a
}

impl SvgCanvas {
    /// The `fill` attribute value for a fill: the colour, or a pattern
    /// (defined once, with the colour as its ground).
    fn fill_ref(&mut self, fill: &Fill) -> String {
        let Some(pattern) = fill.pattern else {
            return fill.color.hex();
        };
        // The id is written in place of NUL once it is known.
        let markup = match pattern {
            Pattern::Hatch {
                color,
                spacing,
                width,
            } => {
                let s = n(spacing);
                format!(
                    "<pattern id=\"\u{0}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" height=\"{s}\"><rect width=\"{s}\" height=\"{s}\" fill=\"{g}\"/><path d=\"M0,{s}L{s},0M-1,1L1,-1M{a},{b}L{b},{a}\" stroke=\"{c}\" stroke-width=\"{w}\"/></pattern>",
                    g = fill.color.hex(),
                    a = n(spacing - 1.0),
                    b = n(spacing + 1.0),
                    c = color.hex(),
                    w = n(width),
                )
            }
            Pattern::Dots {
                color,
                spacing,
                radius,
            } => {
                let s = n(spacing);
                format!(
                    "<pattern id=\"\u{0}\" patternUnits=\"userSpaceOnUse\" width=\"{s}\" height=\"{s}\"><rect width=\"{s}\" height=\"{s}\" fill=\"{g}\"/><circle cx=\"{h}\" cy=\"{h}\" r=\"{r}\" fill=\"{c}\"/></pattern>",
                    g = fill.color.hex(),
                    h = n(spacing / 2.0),
                    r = n(radius),
                    c = color.hex(),
                )
            }
        };
        let id = match self.patterns.iter().find(|(_, m)| *m == markup) {
            Some((id, _)) => id.clone(),
            None => {
                let id = format!("p{}", self.patterns.len());
                self.patterns.push((id.clone(), markup));
                id
            }
        };
        format!("url(#{id})")
    }
}

/// SVG path data for closed rings: `M x,y x,y … Z` per ring, repeated
/// points (after rounding) left out.
fn path_data(rings: &[Vec<(f64, f64)>]) -> String {
    let mut d = String::new();
    for ring in rings {
        let mut last = String::new();
        let mut count = 0;
        for (x, y) in ring {
            let pt = format!("{},{}", n(*x), n(*y));
            if pt == last {
                continue;
            }
            d.push(if count == 0 { 'M' } else { ' ' });
            d.push_str(&pt);
            last = pt;
            count += 1;
        }
        if count > 0 {
            d.push('Z');
        }
    }
    d
}

impl Canvas for SvgCanvas {
    fn polyline(&mut self, points: &[(f64, f64)], stroke: &Stroke) {
        if points.len() < 2 {
            return;
        }
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = writeln!(
            self.body,
            "<polyline points=\"{}\" fill=\"none\" {} stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
            pts.join(" "),
            stroke_attrs(stroke)
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, opacity: f64) {
        let op = fill_opacity(opacity);
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{op}/>",
            n(x),
            n(y),
            n(w),
            n(h),
            fill.hex()
        );
    }

    fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<Rgb>, stroke: Option<&Stroke>) {
        let fill = fill.map(|f| f.hex()).unwrap_or_else(|| "none".to_string());
        let stroke = stroke
            .map(|s| format!(" {}", stroke_attrs(s)))
            .unwrap_or_default();
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"{stroke}/>",
            n(cx),
            n(cy),
            n(r)
        );
    }

    fn polygon(&mut self, points: &[(f64, f64)], fill: Rgb, opacity: f64) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let op = fill_opacity(opacity);
        let _ = writeln!(
            self.body,
            "<polygon points=\"{}\" fill=\"{}\"{op}/>",
            pts.join(" "),
            fill.hex()
        );
    }

    fn text(&mut self, s: &str, x: f64, y: f64, font: &Font) {
        let anchor = match font.anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let weight = if font.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"{anchor}{weight}>{}</text>",
            n(x),
            n(y),
            n(font.size),
            font.color.hex(),
            escape(s)
        );
    }

    fn shape(&mut self, rings: &[Vec<(f64, f64)>], fill: &Fill, outline: Option<&Stroke>) {
        let d = path_data(rings);
        if d.is_empty() {
            return;
        }
        let fill = self.fill_ref(fill);
        let stroke = outline
            .map(|s| format!(" {} stroke-linejoin=\"round\"", stroke_attrs(s)))
            .unwrap_or_default();
        let _ = writeln!(self.body, "<path d=\"{d}\" fill=\"{fill}\"{stroke}/>");
    }
}

/// A raster, drawn at twice the size and averaged down for smooth edges.
pub struct PngCanvas {
    width: u32,
    height: u32,
    buffer: Vec<u8>,
}

/// Supersampling factor: drawn at twice the size, then each 2 × 2 block
/// averaged into one pixel by `finish`, which assumes this value.
const SCALE: f64 = 2.0;

fn register_fonts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The bundled faces are valid fonts; a failure would only mean
        // plotters draws no text, which the PNG tests would catch.
        let _ = plotters::style::register_font(text::FAMILY, FontStyle::Normal, text::REGULAR);
        let _ = plotters::style::register_font(text::FAMILY, FontStyle::Bold, text::BOLD);
    });
}

impl PngCanvas {
    /// A white canvas.
    pub fn new(width: u32, height: u32) -> Self {
        register_fonts();
        let (w, h) = (
            (f64::from(width) * SCALE) as u32,
            (f64::from(height) * SCALE) as u32,
        );
        PngCanvas {
            width,
            height,
            buffer: vec![255; (w * h * 3) as usize],
        }
    }

    fn with_backend(&mut self, f: impl FnOnce(&mut BitMapBackend<'_>)) {
        let size = (
            (f64::from(self.width) * SCALE) as u32,
            (f64::from(self.height) * SCALE) as u32,
        );
        let mut backend = BitMapBackend::with_buffer(&mut self.buffer, size);
        f(&mut backend);
        let _ = backend.present();
    }

    /// Encode as PNG at the requested size.
    pub fn finish(self) -> Vec<u8> {
        let (w, h) = (self.width as usize, self.height as usize);
        // Each output pixel is the mean of a 2 × 2 block of the supersampled
        // buffer; walking rows as slices keeps this a tight loop (it was a
        // quarter of `rbm plot` with an index computed per byte).
        let big_row = 2 * w * 3;
        let mut small = vec![0u8; w * h * 3];
        for (y, out_row) in small.chunks_exact_mut(w * 3).enumerate() {
            let top = &self.buffer[2 * y * big_row..(2 * y + 1) * big_row];
            let bottom = &self.buffer[(2 * y + 1) * big_row..(2 * y + 2) * big_row];
            for ((o, t), b) in out_row
                .chunks_exact_mut(3)
                .zip(top.chunks_exact(6))
                .zip(bottom.chunks_exact(6))
            {
                for c in 0..3 {
                    let sum = u16::from(t[c])
                        + u16::from(t[c + 3])
                        + u16::from(b[c])
                        + u16::from(b[c + 3]);
                    o[c] = (sum / 4) as u8;
                }
            }
        }
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_compression(png::Compression::Default);
            // Writing to memory cannot fail.
            if let Ok(mut writer) = encoder.write_header() {
                let _ = writer.write_image_data(&small);
            }
        }
        out
    }
}

fn color(c: Rgb, opacity: f64) -> RGBAColor {
    RGBColor(c.0, c.1, c.2).mix(opacity)
}

struct Px(BackendColor, u32);

impl BackendStyle for Px {
    fn color(&self) -> BackendColor {
        self.0
    }
    fn stroke_width(&self) -> u32 {
        self.1
    }
}

fn px(c: Rgb, opacity: f64, width: f64) -> Px {
    Px(
        BackendColor {
            alpha: opacity,
            rgb: (c.0, c.1, c.2),
        },
        (width * SCALE).round().max(1.0) as u32,
    )
}

fn p(x: f64, y: f64) -> (i32, i32) {
    ((x * SCALE).round() as i32, (y * SCALE).round() as i32)
}

/// Break a polyline into dashes.
fn dashes(points: &[(f64, f64)], dash: f64, gap: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut on = true;
    let mut left = dash;
    for w in points.windows(2) {
        let (mut x0, mut y0) = w[0];
        let (x1, y1) = w[1];
        let mut seg = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        while seg > 1e-9 {
            let step = left.min(seg);
            let t = step / seg;
            let (nx, ny) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            if on {
                if current.is_empty() {
                    current.push((x0, y0));
                }
                current.push((nx, ny));
            }
            seg -= step;
            left -= step;
            x0 = nx;
            y0 = ny;
            if left <= 1e-9 {
                if on {
                    out.push(std::mem::take(&mut current));
                }
                on = !on;
                left = if on { dash } else { gap };
            }
        }
    }
    if on && current.len() > 1 {
        out.push(current);
    }
    out
}

impl Canvas for PngCanvas {
    fn polyline(&mut self, points: &[(f64, f64)], stroke: &Stroke) {
        let parts = match stroke.dash {
            Some((d, g)) => dashes(points, d, g),
            None => vec![points.to_vec()],
        };
        let style = px(stroke.color, stroke.opacity, stroke.width);
        self.with_backend(|b| {
            for part in parts {
                let pts: Vec<(i32, i32)> = part.iter().map(|(x, y)| p(*x, *y)).collect();
                let _ = b.draw_path(pts, &style);
            }
        });
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, opacity: f64) {
        let style = px(fill, opacity, 1.0);
        self.with_backend(|b| {
            let _ = b.draw_rect(p(x, y), p(x + w, y + h), &style, true);
        });
    }

    fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<Rgb>, stroke: Option<&Stroke>) {
        let center = p(cx, cy);
        let radius = (r * SCALE).round() as u32;
        self.with_backend(|b| {
            if let Some(f) = fill {
                let _ = b.draw_circle(center, radius, &px(f, 1.0, 1.0), true);
            }
            if let Some(s) = stroke {
                // plotters draws a one-pixel outline: draw rings for width.
                let rings = (s.width * SCALE).round().max(1.0) as u32;
                for i in 0..rings {
                    let _ = b.draw_circle(
                        center,
                        radius.saturating_sub(i),
                        &px(s.color, s.opacity, 1.0),
                        false,
                    );
                }
            }
        });
    }

    fn polygon(&mut self, points: &[(f64, f64)], fill: Rgb, opacity: f64) {
        let style = px(fill, opacity, 1.0);
        self.with_backend(|b| {
            let _ = b.fill_polygon(points.iter().map(|(x, y)| p(*x, *y)), &style);
        });
    }

    fn text(&mut self, s: &str, x: f64, y: f64, font: &Font) {
        let h = match font.anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let style = FontDesc::new(
            FontFamily::Name(text::FAMILY),
            f64::from(text::px_scale(font.size)) * SCALE,
            if font.bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            },
        )
        .color(&color(font.color, 1.0))
        .pos(Pos::new(h, VPos::Top));
        // plotters places text by the top of its box: move up from the
        // baseline by the ascent.
        let top = p(x, y - text::ascent(font.size));
        self.with_backend(|b| {
            let _ = b.draw_text(s, &style, top);
        });
    }

    fn shape(&mut self, rings: &[Vec<(f64, f64)>], fill: &Fill, outline: Option<&Stroke>) {
        let ground = px(fill.color, 1.0, 1.0);
        self.with_backend(|b| {
            for ring in rings.iter().filter(|r| r.len() >= 3) {
                let _ = b.fill_polygon(ring.iter().map(|(x, y)| p(*x, *y)), &ground);
            }
            match fill.pattern {
                Some(Pattern::Hatch {
                    color,
                    spacing,
                    width,
                }) => {
                    let style = px(color, 1.0, width);
                    for (a, z) in hatch_segments(rings, spacing) {
                        let _ = b.draw_path([p(a.0, a.1), p(z.0, z.1)], &style);
                    }
                }
                Some(Pattern::Dots {
                    color,
                    spacing,
                    radius,
                }) => {
                    let style = px(color, 1.0, 1.0);
                    let r = (radius * SCALE).round().max(1.0) as u32;
                    for (x, y) in dot_centres(rings, spacing) {
                        let _ = b.draw_circle(p(x, y), r, &style, true);
                    }
                }
                None => {}
            }
            if let Some(s) = outline {
                let style = px(s.color, s.opacity, s.width);
                for ring in rings {
                    let _ = b.draw_path(ring.iter().map(|(x, y)| p(*x, *y)), &style);
                }
            }
        });
    }
}

/// The bounding box of rings.
fn bbox(rings: &[Vec<(f64, f64)>]) -> Option<(f64, f64, f64, f64)> {
    let mut it = rings.iter().flatten();
    let first = it.next()?;
    Some(it.fold((first.0, first.1, first.0, first.1), |b, (x, y)| {
        (b.0.min(*x), b.1.min(*y), b.2.max(*x), b.3.max(*y))
    }))
}

/// The pieces of the hatch lines x + y = k · spacing inside the rings (by
/// the even-odd rule), as the SVG pattern of the same spacing draws them.
fn hatch_segments(rings: &[Vec<(f64, f64)>], spacing: f64) -> Vec<((f64, f64), (f64, f64))> {
    let Some((x0, y0, x1, y1)) = bbox(rings) else {
        return Vec::new();
    };
    if spacing <= 0.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut k = ((x0 + y0) / spacing).floor();
    while k * spacing <= x1 + y1 {
        let c = k * spacing;
        let mut xs: Vec<f64> = Vec::new();
        for ring in rings {
            let n = ring.len();
            for i in 0..n {
                let (ax, ay) = ring[i];
                let (bx, by) = ring[(i + 1) % n];
                let fa = ax + ay - c;
                let fb = bx + by - c;
                if (fa > 0.0) != (fb > 0.0) {
                    let t = fa / (fa - fb);
                    xs.push(ax + t * (bx - ax));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        // A line through a corner alone gives a piece of no length.
        for pair in xs.chunks_exact(2).filter(|p| p[1] - p[0] > 1e-9) {
            out.push(((pair[0], c - pair[0]), (pair[1], c - pair[1])));
        }
        k += 1.0;
    }
    out
}

/// True when a point is inside the rings by the even-odd rule.
fn inside(rings: &[Vec<(f64, f64)>], x: f64, y: f64) -> bool {
    let mut odd = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (ax, ay) = ring[i];
            let (bx, by) = ring[(i + 1) % n];
            if (ay > y) != (by > y) && x < ax + (y - ay) / (by - ay) * (bx - ax) {
                odd = !odd;
            }
        }
    }
    odd
}

/// The grid points ((i + ½) · spacing, (j + ½) · spacing) inside the rings.
fn dot_centres(rings: &[Vec<(f64, f64)>], spacing: f64) -> Vec<(f64, f64)> {
    let Some((x0, y0, x1, y1)) = bbox(rings) else {
        return Vec::new();
    };
    if spacing <= 0.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut j = (y0 / spacing - 0.5).floor();
    while (j + 0.5) * spacing <= y1 {
        let y = (j + 0.5) * spacing;
        let mut i = (x0 / spacing - 0.5).floor();
        while (i + 0.5) * spacing <= x1 {
            let x = (i + 0.5) * spacing;
            if inside(rings, x, y) {
                out.push((x, y));
            }
            i += 1.0;
        }
        j += 1.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn png_pixels_are_the_mean_of_their_two_by_two_block() {
        // A 2 × 1 image drawn at 4 × 2. Left block: 0, 100, 200, 255 in red
        // → (0+100+200+255)/4 = 138 (555/4 rounded down); green and blue
        // stay white. Right block: all 40 → 40.
        let mut c = PngCanvas::new(2, 1);
        let big_w = 4;
        let set = |buf: &mut Vec<u8>, x: usize, y: usize, rgb: [u8; 3]| {
            buf[(y * big_w + x) * 3..(y * big_w + x) * 3 + 3].copy_from_slice(&rgb);
        };
        set(&mut c.buffer, 0, 0, [0, 255, 255]);
        set(&mut c.buffer, 1, 0, [100, 255, 255]);
        set(&mut c.buffer, 0, 1, [200, 255, 255]);
        set(&mut c.buffer, 1, 1, [255, 255, 255]);
        for (x, y) in [(2, 0), (3, 0), (2, 1), (3, 1)] {
            set(&mut c.buffer, x, y, [40, 40, 40]);
        }
        let png = c.finish();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).expect("one frame");
        assert_eq!((info.width, info.height), (2, 1));
        assert_eq!(&pixels[..6], &[138, 255, 255, 40, 40, 40]);
    }

    #[test]
    fn dashes_alternate_along_the_path() {
        let d = dashes(&[(0.0, 0.0), (10.0, 0.0)], 3.0, 2.0);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0], vec![(0.0, 0.0), (3.0, 0.0)]);
        assert_eq!(d[1], vec![(5.0, 0.0), (8.0, 0.0)]);
    }

    const SQUARE: [(f64, f64); 4] = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];

    #[test]
    fn hatch_lines_are_clipped_to_the_shape() {
        // In a 10 × 10 square, the lines x + y = 0, 4, 8, …, 20: x + y = 4
        // runs from (0, 4) to (4, 0), x + y = 12 from (2, 10) to (10, 2);
        // the corners (x + y = 0 and 20) touch at a point only.
        let segs = hatch_segments(&[SQUARE.to_vec()], 4.0);
        assert!(segs.contains(&((0.0, 4.0), (4.0, 0.0))), "{segs:?}");
        assert!(segs.contains(&((2.0, 10.0), (10.0, 2.0))), "{segs:?}");
        assert_eq!(segs.len(), 4, "x + y = 4, 8, 12, 16: {segs:?}");
        // A hole (a second ring inside) takes its part out.
        // The hole (3..7)² spans x + y from 6 to 14, so the lines 8 and 12
        // each break in two: 4 + 2 pieces.
        let hole = vec![(3.0, 3.0), (7.0, 3.0), (7.0, 7.0), (3.0, 7.0)];
        let with_hole = hatch_segments(&[SQUARE.to_vec(), hole], 4.0);
        assert_eq!(with_hole.len(), 6, "{with_hole:?}");
        assert!(
            with_hole.contains(&((0.0, 8.0), (3.0, 5.0))),
            "{with_hole:?}"
        );
    }

    #[test]
    fn dots_fall_on_the_grid_inside_the_shape() {
        // Grid step 4: centres at 2, 6, 10, … — inside (0, 10): 2 and 6.
        let dots = dot_centres(&[SQUARE.to_vec()], 4.0);
        assert_eq!(dots, vec![(2.0, 2.0), (6.0, 2.0), (2.0, 6.0), (6.0, 6.0)]);
    }

    #[test]
    fn svg_shapes_share_one_pattern_definition() {
        let mut c = SvgCanvas::new(20, 20);
        let fill = Fill {
            color: Rgb(200, 200, 200),
            pattern: Some(Pattern::Hatch {
                color: Rgb(0, 0, 0),
                spacing: 4.0,
                width: 1.0,
            }),
        };
        c.shape(&[SQUARE.to_vec()], &fill, None);
        c.shape(
            &[SQUARE.to_vec()],
            &fill,
            Some(&Stroke::solid(Rgb(255, 255, 255), 0.5)),
        );
        c.shape(&[SQUARE.to_vec()], &Fill::solid(Rgb(1, 2, 3)), None);
        let svg = c.finish("t", "", false);
        assert_eq!(svg.matches("<pattern id=").count(), 1, "{svg}");
        assert_eq!(svg.matches("fill=\"url(#p0)\"").count(), 2, "{svg}");
        assert!(
            svg.contains("<path d=\"M0,0 10,0 10,10 0,10Z\" fill=\"#010203\"/>"),
            "{svg}"
        );
    }

    #[test]
    fn a_scaled_canvas_grows_coordinates_widths_and_text_together() {
        let mut c = SvgCanvas::new(100, 100);
        {
            let mut s = Scaled::new(&mut c, 2.0);
            s.polyline(
                &[(1.0, 2.0), (3.0, 4.0)],
                &Stroke::dashed(Rgb(0, 0, 0), 1.5, 3.0, 1.0),
            );
            s.circle(5.0, 5.0, 2.0, Some(Rgb(0, 0, 0)), None);
            s.text("x", 10.0, 20.0, &Font::new(12.0, Rgb(0, 0, 0), false));
        }
        let svg = c.finish("t", "", false);
        assert!(svg.contains("points=\"2,4 6,8\""), "{svg}");
        assert!(svg.contains("stroke-width=\"3\""), "{svg}");
        assert!(svg.contains("stroke-dasharray=\"6 2\""), "{svg}");
        assert!(svg.contains("cx=\"10\" cy=\"10\" r=\"4\""), "{svg}");
        assert!(
            svg.contains("x=\"20\" y=\"40\"") && svg.contains("font-size=\"24\""),
            "{svg}"
        );
    }

    #[test]
    fn svg_text_is_escaped() {
        let mut c = SvgCanvas::new(10, 10);
        let f = Font {
            size: 12.0,
            color: Rgb(0, 0, 0),
            bold: false,
            anchor: Anchor::Start,
        };
        c.text("<script>alert(1)</script>", 0.0, 0.0, &f);
        let svg = c.finish("a & b", "<x> & y", false);
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("<title>a &amp; b</title>"));
        assert!(svg.contains("<desc>&lt;x&gt; &amp; y</desc>"));
    }
}
