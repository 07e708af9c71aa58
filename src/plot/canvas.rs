//! A small drawing surface with two implementations, SVG text
//! ([`SvgCanvas`]) and a PNG raster ([`PngCanvas`]), so
//! that one layout gives the same picture in both formats.
//!
//! Coordinates are pixels from the top-left; text is placed by its
//! baseline. Numbers in SVG are written with one decimal, so output is
//! byte-stable.

use std::fmt::Write as _;

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
    id_prefix: String,
}

impl SvgCanvas {
    /// An empty canvas with a white background.
    pub fn new(width: u32, height: u32) -> Self {
        let mut c = SvgCanvas {
            body: String::new(),
            width,
            height,
            patterns: Vec::new(),
            id_prefix: String::new(),
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

    /// Start the ids of the canvas's patterns with `prefix`, so that
    /// several SVGs inline in one page (the report's maps) never share an
    /// id and never fill with each other's patterns.
    pub fn with_id_prefix(mut self, prefix: &str) -> Self {
        self.id_prefix = prefix.to_string();
        self
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
            out.push_str(font_face_css());
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

/// An SVG written without its font (for a page that provides it) with the
/// font put in, the same bytes as writing it with the font: so that a
/// chart drawn once serves both the page and its own file.
pub fn embed_font(svg: &str) -> String {
    let at = ["</desc>\n", "</title>\n"]
        .iter()
        .find_map(|end| svg.find(end).map(|i| i + end.len()))
        .unwrap_or(0);
    let font = font_face_css();
    let (open, close) = ("<defs><style>", "</style></defs>\n");
    let mut out = String::with_capacity(svg.len() + open.len() + font.len() + close.len());
    out.push_str(&svg[..at]);
    out.push_str(open);
    out.push_str(font);
    out.push_str(close);
    out.push_str(&svg[at..]);
    out
}

/// `@font-face` rules carrying the bundled font, for SVG files and the
/// HTML report: encoded once per process (every chart's file carries it).
pub fn font_face_css() -> &'static str {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(font_face_rules)
}

fn font_face_rules() -> String {
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
                let id = format!("{}p{}", self.id_prefix, self.patterns.len());
                self.patterns.push((id.clone(), markup));
                id
            }
        };
        format!("url(#{id})")
    }
}

/// SVG path data for closed rings: `M x,y x,y … Z` per ring, repeated
/// points (after rounding) left out.
/// A coordinate in tenths of a pixel, as path data writes it: `12.3`,
/// `.8`, `-.3`, `40`.
#[cfg(test)]
fn tenths(t: i64) -> String {
    let mut s = String::new();
    push_tenths(&mut s, t);
    s
}

/// A coordinate in tenths of a pixel written onto the end of path data:
/// `12.3`, `.8`, `-.3`, `40`.
fn push_tenths(d: &mut String, t: i64) {
    let a = t.unsigned_abs();
    if t < 0 {
        d.push('-');
    }
    let (whole, frac) = (a / 10, a % 10);
    if whole > 0 || frac == 0 {
        let _ = write!(d, "{whole}");
    }
    if frac > 0 {
        d.push('.');
        d.push(char::from(b'0' + frac as u8));
    }
}

/// Path data of closed rings: each ring's first point absolute, the rest
/// as steps from the point before (`l`), in tenths of a pixel rounded
/// once, so that nothing drifts, without repeated points and without a
/// last point that repeats the first. Steps are
/// a third the length of absolute points, which matters for maps: the
/// report's page holds some twenty of them inline.
fn path_data(rings: &[Vec<(f64, f64)>]) -> String {
    let mut d = String::new();
    // A separator before a number, unless its minus sign separates it.
    let push = |d: &mut String, sep: char, num: i64| {
        if num >= 0 {
            d.push(sep);
        }
        push_tenths(d, num);
    };
    for ring in rings {
        let mut last: Option<(i64, i64)> = None;
        let mut count = 0;
        let at = |(x, y): &(f64, f64)| ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        // A ring that ends where it starts: `Z` draws the last side.
        let closed = ring.len() > 1 && ring.first().map(at) == ring.last().map(at);
        let points = if closed {
            &ring[..ring.len() - 1]
        } else {
            &ring[..]
        };
        for p in points {
            let pt = at(p);
            match last {
                Some(l) if l == pt => continue,
                Some((lx, ly)) => {
                    if count == 1 {
                        d.push('l');
                        push_tenths(&mut d, pt.0 - lx);
                    } else {
                        push(&mut d, ' ', pt.0 - lx);
                    }
                    push(&mut d, ',', pt.1 - ly);
                }
                None => {
                    d.push('M');
                    push_tenths(&mut d, pt.0);
                    push(&mut d, ',', pt.1);
                }
            }
            last = Some(pt);
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

/// A raster: every mark becomes closed outlines (a stroke as a rectangle
/// per segment with round joins and caps, a circle as a fine polygon, text
/// as the bundled font's glyph outlines), filled with exact anti-aliased
/// coverage by ab_glyph's rasteriser over the mark's own box and blended
/// onto an RGB buffer. Nothing is drawn larger and averaged down, and no
/// system font is consulted.
pub struct PngCanvas {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
    /// Reused from mark to mark.
    raster: ab_glyph_rasterizer::Rasterizer,
    /// While a shape is drawn for [`SHAPES`]: each pixel the fills cover,
    /// with its coverage, in the order they were blended.
    record: Option<Vec<(u32, f32)>>,
    /// The recording's buffer, kept from shape to shape.
    scratch: Vec<(u32, f32)>,
}

/// One piece of an outline, in canvas pixels.
#[derive(Debug, Clone, Copy)]
enum Edge {
    Line(Pt, Pt),
    Quad(Pt, Pt, Pt),
    Cubic(Pt, Pt, Pt, Pt),
}

type Pt = (f32, f32);

/// Closed outlines to fill, with their box. Coverage adds up where pieces
/// wound the same way overlap and is capped at one, so a stroke's
/// rectangles and round joins can simply be listed, all wound alike.
struct Outline {
    edges: Vec<Edge>,
    min: Pt,
    max: Pt,
}

impl Outline {
    fn new() -> Self {
        Outline {
            edges: Vec::new(),
            min: (f32::INFINITY, f32::INFINITY),
            max: (f32::NEG_INFINITY, f32::NEG_INFINITY),
        }
    }

    fn see(&mut self, p: Pt) {
        self.min = (self.min.0.min(p.0), self.min.1.min(p.1));
        self.max = (self.max.0.max(p.0), self.max.1.max(p.1));
    }

    fn edge(&mut self, e: Edge) {
        match e {
            Edge::Line(a, b) => [a, b].into_iter().for_each(|p| self.see(p)),
            Edge::Quad(a, b, c) => [a, b, c].into_iter().for_each(|p| self.see(p)),
            Edge::Cubic(a, b, c, d) => [a, b, c, d].into_iter().for_each(|p| self.see(p)),
        }
        self.edges.push(e);
    }

    /// A closed polygon as given (its rings keep their winding, so holes
    /// wound the other way stay empty).
    fn ring(&mut self, points: &[(f64, f64)]) {
        let pts: Vec<Pt> = points.iter().map(|(x, y)| (*x as f32, *y as f32)).collect();
        for (i, a) in pts.iter().enumerate() {
            let b = pts[(i + 1) % pts.len()];
            if *a != b {
                self.edge(Edge::Line(*a, b));
            }
        }
    }

    /// A closed polygon wound one fixed way whatever its order: `forward`
    /// for marks, the other way for the hole of a ring.
    fn ring_wound(&mut self, mut pts: Vec<Pt>, forward: bool) {
        let area: f32 = (0..pts.len())
            .map(|i| {
                let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum();
        if (area >= 0.0) != forward {
            pts.reverse();
        }
        for i in 0..pts.len() {
            self.edge(Edge::Line(pts[i], pts[(i + 1) % pts.len()]));
        }
    }

    /// A disc; `hole` winds it the other way (the inside of a ring).
    fn disc(&mut self, cx: f64, cy: f64, r: f64, hole: bool) {
        if r <= 0.0 {
            return;
        }
        // Enough sides that the chords stay within a twentieth of a pixel
        // of the circle: r · (1 − cos(π / n)) ≤ 0.05.
        let n = ((std::f64::consts::PI / (1.0 - 0.05 / r.max(0.05)).acos()).ceil() as usize)
            .clamp(8, 128);
        let pts: Vec<Pt> = UNIT_CIRCLES.with(|circles| {
            let mut circles = circles.borrow_mut();
            let unit = circles.entry(n).or_insert_with(|| {
                (0..n)
                    .map(|i| {
                        let t = std::f64::consts::TAU * i as f64 / n as f64;
                        (t.cos(), t.sin())
                    })
                    .collect()
            });
            unit.iter()
                .map(|(cos, sin)| ((cx + r * cos) as f32, (cy + r * sin) as f32))
                .collect()
        });
        self.ring_wound(pts, !hole);
    }

    /// A line of `width` through points: a rectangle per segment, and with
    /// `round` a disc at every point (round joins and caps).
    fn stroke(&mut self, points: &[(f64, f64)], width: f64, round: bool) {
        let h = width / 2.0;
        if h <= 0.0 {
            return;
        }
        for w in points.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
            if len < 1e-9 {
                continue;
            }
            let (nx, ny) = (-(y1 - y0) / len * h, (x1 - x0) / len * h);
            let corner = |x: f64, y: f64| (x as f32, y as f32);
            self.ring_wound(
                vec![
                    corner(x0 + nx, y0 + ny),
                    corner(x1 + nx, y1 + ny),
                    corner(x1 - nx, y1 - ny),
                    corner(x0 - nx, y0 - ny),
                ],
                true,
            );
        }
        if round {
            for (x, y) in points {
                self.disc(*x, *y, h, false);
            }
        }
    }
}

impl PngCanvas {
    /// A white canvas.
    pub fn new(width: u32, height: u32) -> Self {
        PngCanvas {
            width,
            height,
            rgb: vec![255; width as usize * height as usize * 3],
            raster: ab_glyph_rasterizer::Rasterizer::new(0, 0),
            record: None,
            scratch: Vec::new(),
        }
    }

    /// Encode as PNG.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            // The fast deflate, for less encoding time; files are about
            // twice the default level's (11 MB against 5 MB for every chart
            // and map of the embedded data).
            encoder.set_compression(png::Compression::Fast);
            // Writing to memory cannot fail.
            if let Ok(mut writer) = encoder.write_header() {
                let _ = writer.write_image_data(&self.rgb);
            }
        }
        out
    }

    /// Fill outlines with a colour at an opacity.
    fn fill(&mut self, o: &Outline, c: Rgb, opacity: f64) {
        if o.edges.is_empty() || opacity <= 0.0 {
            return;
        }
        let (w, h) = (self.width as f32, self.height as f32);
        // The rasteriser's grid: the outline's full width (its rows must
        // hold every edge: it sums coverage along each row), its rows cut
        // to the canvas (it skips rows outside its grid by itself). One
        // pixel of margin left and right.
        let (min_x, max_x) = (o.min.0.max(-w), o.max.0.min(2.0 * w));
        let ox = min_x.floor() - 1.0;
        let oy = o.min.1.floor().max(0.0);
        let gw = (max_x.ceil() - ox) as usize + 2;
        let top = oy as usize;
        let bottom = (o.max.1.ceil().min(h)).max(oy) as usize;
        let gh = bottom.saturating_sub(top) + 1;
        if max_x < 0.0 || min_x > w || o.max.1 < 0.0 || o.min.1 > h {
            return;
        }
        self.raster.reset(gw, gh);
        let at =
            |p: Pt| ab_glyph_rasterizer::point((p.0.clamp(min_x, max_x) - ox).max(0.0), p.1 - oy);
        for e in &o.edges {
            match *e {
                Edge::Line(a, b) => self.raster.draw_line(at(a), at(b)),
                Edge::Quad(a, b, c) => self.raster.draw_quad(at(a), at(b), at(c)),
                Edge::Cubic(a, b, c, d) => self.raster.draw_cubic(at(a), at(b), at(c), at(d)),
            }
        }
        let src = [f32::from(c.0), f32::from(c.1), f32::from(c.2)];
        let opacity = opacity.min(1.0) as f32;
        let (cw, ch) = (self.width as i64, self.height as i64);
        let rgb = &mut self.rgb;
        let mut record = self.record.as_mut();
        // The grid's pixels come in order, row by row: the position is
        // counted along rather than divided out of the index (a division
        // per pixel was a large part of filling a country's box).
        let (mut gx, mut gy) = (0usize, 0usize);
        let (ox, oy) = (ox as i64, oy as i64);
        self.raster.for_each_pixel(|_, a| {
            let (x, y) = (gx as i64 + ox, gy as i64 + oy);
            gx += 1;
            if gx == gw {
                gx = 0;
                gy += 1;
            }
            // Coverage below INVISIBLE stays below it at any opacity up
            // to one, so a recording can leave it out.
            let a = a.min(1.0);
            if a < INVISIBLE || x < 0 || y < 0 || x >= cw || y >= ch {
                return;
            }
            let i = y as usize * cw as usize + x as usize;
            if let Some(r) = record.as_mut() {
                r.push((i as u32, a));
            }
            let a = a * opacity;
            if a >= INVISIBLE {
                blend(rgb, i * 3, src, a);
            }
        });
    }

    /// An axis-aligned rectangle needs no rasteriser: each pixel's
    /// coverage is the overlap of its row and its column with the box.
    fn fill_box(&mut self, x: f64, y: f64, w: f64, h: f64, c: Rgb, opacity: f64) {
        let (x0, x1) = (
            x.min(x + w).max(0.0),
            x.max(x + w).min(f64::from(self.width)),
        );
        let (y0, y1) = (
            y.min(y + h).max(0.0),
            y.max(y + h).min(f64::from(self.height)),
        );
        if x1 <= x0 || y1 <= y0 || opacity <= 0.0 {
            return;
        }
        let src = [f32::from(c.0), f32::from(c.1), f32::from(c.2)];
        let overlap =
            |p: usize, lo: f64, hi: f64| (hi.min(p as f64 + 1.0) - lo.max(p as f64)).max(0.0);
        let cw = self.width as usize;
        let (first, last) = (x0.floor() as usize, x1.ceil() as usize);
        // Columns wholly inside the box overlap it by exactly one, so they
        // share their row's coverage: computed once, and a run of full ink
        // is a copy. The edge columns are blended one by one.
        let lo = (x0.ceil() as usize).clamp(first, last);
        let hi = (x1.floor() as usize).clamp(lo, last);
        let ink = [c.0, c.1, c.2];
        for py in y0.floor() as usize..y1.ceil() as usize {
            let cy = overlap(py, y0, y1);
            let row = py * cw;
            for px in (first..lo).chain(hi..last) {
                let a = (cy * overlap(px, x0, x1) * opacity.min(1.0)) as f32;
                if a > 0.0 {
                    blend(&mut self.rgb, (row + px) * 3, src, a);
                }
            }
            // An edge column's product with an overlap of one (times one
            // is exact, so the bytes are the same as pixel by pixel).
            let a = (cy * opacity.min(1.0)) as f32;
            let inner = &mut self.rgb[(row + lo) * 3..(row + hi) * 3];
            if a >= 1.0 {
                for pixel in inner.chunks_exact_mut(3) {
                    pixel.copy_from_slice(&ink);
                }
            } else if a > 0.0 {
                for i in (0..inner.len()).step_by(3) {
                    blend(inner, i, src, a);
                }
            }
        }
    }

    fn stroke(&mut self, points: &[(f64, f64)], s: &Stroke, round: bool) {
        let parts = match s.dash {
            Some((d, g)) => dashes(points, d, g),
            None => vec![points.to_vec()],
        };
        if s.opacity < 1.0 {
            // Translucent: one fill, so that overlaps are not darker.
            let mut o = Outline::new();
            for part in &parts {
                o.stroke(part, s.width, round);
            }
            self.fill(&o, s.color, s.opacity);
            return;
        }
        // Opaque: each dash, and a long line a few segments at a time, is
        // filled over its own small box rather than one box spanning the
        // whole chart (the rasteriser visits every pixel of its box); the
        // pieces share a point, where coverage only meets full ink again.
        for part in &parts {
            for piece in pieces(part) {
                let mut o = Outline::new();
                o.stroke(piece, s.width, round);
                self.fill(&o, s.color, 1.0);
            }
        }
    }
}

/// A polyline cut into runs of consecutive points whose box stays small
/// (about 64 × 64 pixels), each sharing its last point with the next.
fn pieces(points: &[(f64, f64)]) -> Vec<&[(f64, f64)]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start + 1 < points.len() {
        let (mut x0, mut y0, mut x1, mut y1) = (
            points[start].0,
            points[start].1,
            points[start].0,
            points[start].1,
        );
        let mut end = start + 1;
        while end < points.len() {
            let (x, y) = points[end];
            let (nx0, ny0, nx1, ny1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            if end > start + 1 && (nx1 - nx0) * (ny1 - ny0) > 4096.0 {
                break;
            }
            (x0, y0, x1, y1) = (nx0, ny0, nx1, ny1);
            end += 1;
        }
        out.push(&points[start..end]);
        start = end - 1;
    }
    out
}

/// Coverage below which [`blend`] leaves every channel as it is: a change
/// of at most 255 · a < ½ is rounded away. The rasteriser's running sum
/// leaves such crumbs along the rows after a shape's edges, over the whole
/// of its box, and blending them was a large part of a map's time.
const INVISIBLE: f32 = 1.0 / 512.0;

/// Blend a colour over the pixel at byte `i` with coverage `a` (0–1).
#[inline]
fn blend(rgb: &mut [u8], i: usize, src: [f32; 3], a: f32) {
    if a >= 1.0 {
        rgb[i] = src[0] as u8;
        rgb[i + 1] = src[1] as u8;
        rgb[i + 2] = src[2] as u8;
        return;
    }
    for k in 0..3 {
        let d = f32::from(rgb[i + k]);
        // Values stay within 0–255, so adding a half and truncating rounds.
        rgb[i + k] = (d + (src[k] - d) * a + 0.5) as u8;
    }
}

impl Canvas for PngCanvas {
    fn polyline(&mut self, points: &[(f64, f64)], stroke: &Stroke) {
        if points.len() >= 2 {
            self.stroke(points, stroke, true);
        }
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, opacity: f64) {
        self.fill_box(x, y, w, h, fill, opacity);
    }

    fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<Rgb>, stroke: Option<&Stroke>) {
        if let Some(f) = fill {
            let mut o = Outline::new();
            o.disc(cx, cy, r, false);
            self.fill(&o, f, 1.0);
        }
        if let Some(s) = stroke {
            // The SVG stroke is centred on the circle: a ring from
            // r − width/2 to r + width/2.
            let mut o = Outline::new();
            o.disc(cx, cy, r + s.width / 2.0, false);
            o.disc(cx, cy, r - s.width / 2.0, true);
            self.fill(&o, s.color, s.opacity);
        }
    }

    fn polygon(&mut self, points: &[(f64, f64)], fill: Rgb, opacity: f64) {
        if points.len() >= 3 {
            let mut o = Outline::new();
            o.ring(points);
            self.fill(&o, fill, opacity);
        }
    }

    fn text(&mut self, s: &str, x: f64, y: f64, font: &Font) {
        let shift = match font.anchor {
            Anchor::Start => 0.0,
            Anchor::Middle => text::width(s, font.size, font.bold) / 2.0,
            Anchor::End => text::width(s, font.size, font.bold),
        };
        let (x0, y0) = ((x - shift) as f32, y as f32);
        let src = [
            f32::from(font.color.0),
            f32::from(font.color.1),
            f32::from(font.color.2),
        ];
        // Each glyph at its place to a quarter of a pixel, drawn from its
        // coverage at that quarter, rasterised once per thread: the same
        // digits and words recur in every chart.
        let place = |v: f32| {
            let q = (v * GLYPH_STEPS).round() as i64;
            (
                q.div_euclid(GLYPH_STEPS as i64),
                q.rem_euclid(GLYPH_STEPS as i64) as u8,
            )
        };
        let (iy, fy) = place(y0);
        for (glyph, pen) in text::layout(s, font.size, font.bold) {
            let (ix, fx) = place(x0 + pen);
            let key = GlyphKey {
                glyph,
                bold: font.bold,
                size: font.size.to_bits(),
                fx,
                fy,
            };
            GLYPHS.with(|cache| {
                let mut cache = cache.borrow_mut();
                let coverage = cache
                    .entry(key)
                    .or_insert_with(|| Coverage::of(&key, font.size));
                self.blit(coverage, ix, iy, src);
            });
        }
    }

    fn shape(&mut self, rings: &[Vec<(f64, f64)>], fill: &Fill, outline: Option<&Stroke>) {
        let rings: Vec<Vec<(f64, f64)>> = rings.iter().filter(|r| r.len() >= 3).cloned().collect();
        // Each cluster of rings apart from the others (France and French
        // Guiana, Alaska and Hawaii) over its own box: the rasteriser
        // visits every pixel of the box it fills.
        let margin = outline.map_or(0.0, |s| s.width) + 2.0;
        let key = shape_key(self.width, self.height, &rings, outline);
        let pattern_key = fill.pattern.map(|p| {
            let mut k = key.clone();
            k.extend(pattern_geometry(&p));
            k
        });
        let drawn = SHAPES.get(&key);
        let patterned = pattern_key.as_deref().and_then(|k| SHAPES.get(k));
        // The rings by cluster, unless every part is drawn from a record.
        let parts = if drawn.is_some() && (fill.pattern.is_none() || patterned.is_some()) {
            Vec::new()
        } else {
            clusters(rings, margin)
        };
        let n = drawn.as_ref().map_or(parts.len(), |d| d.len());
        let (mut new_shape, mut new_pattern) = (Vec::new(), Vec::new());
        for i in 0..n {
            let ground = match &drawn {
                Some(d) => {
                    self.blend_cover(&d[i].ground, fill.color, 1.0);
                    Vec::new()
                }
                None => self.recorded(|c| c.ground(&parts[i], fill.color)),
            };
            if let Some(p) = fill.pattern {
                match &patterned {
                    Some(d) => self.blend_cover(&d[i].ground, pattern_color(&p), 1.0),
                    None => new_pattern.push(ClusterCover {
                        ground: self.recorded(|c| c.pattern(&parts[i], &p)),
                        outline: Vec::new(),
                    }),
                }
            }
            match (&drawn, outline) {
                // As `stroke` fills: an opaque outline at full opacity,
                // a translucent one at its own.
                (Some(d), Some(s)) => self.blend_cover(&d[i].outline, s.color, s.opacity.min(1.0)),
                (Some(_), None) => {}
                (None, _) => {
                    let outline = self.recorded(|c| c.outline(&parts[i], outline));
                    new_shape.push(ClusterCover { ground, outline });
                }
            }
        }
        if drawn.is_none() {
            SHAPES.put(key, new_shape);
        }
        if let (None, Some(k)) = (patterned, pattern_key) {
            SHAPES.put(k, new_pattern);
        }
    }
}

/// A shape's coverage as first drawn, cluster by cluster: its ground's
/// pixels and its outline's, each with its coverage (0–1), in the order
/// they were blended. Drawn again at the same place and size, on a canvas
/// of the same size, a shape covers the same pixels by the same amounts
/// whatever its colours, so blending these gives the same bytes as
/// rasterising it again.
#[derive(Debug, Default)]
struct ClusterCover {
    ground: Vec<(u32, f32)>,
    outline: Vec<(u32, f32)>,
}

/// What decides a shape's coverage: the canvas size, the outline's width,
/// dashes and whether it is opaque (an opaque outline is filled piece by
/// piece, a translucent one at once), and every point's bits.
fn shape_key(
    width: u32,
    height: u32,
    rings: &[Vec<(f64, f64)>],
    outline: Option<&Stroke>,
) -> Vec<u64> {
    let mut key = Vec::with_capacity(8 + rings.iter().map(|r| 1 + 2 * r.len()).sum::<usize>());
    key.push(u64::from(width) << 32 | u64::from(height));
    match outline {
        Some(s) => {
            let (dash, gap) = s.dash.unwrap_or((-1.0, -1.0));
            key.extend([
                1,
                s.width.to_bits(),
                dash.to_bits(),
                gap.to_bits(),
                u64::from(s.opacity < 1.0),
            ]);
        }
        None => key.push(0),
    }
    for ring in rings {
        key.push(ring.len() as u64);
        for (x, y) in ring {
            key.extend([x.to_bits(), y.to_bits()]);
        }
    }
    key
}

/// Shapes drawn so far in this process, by [`shape_key`]. The 28 maps of
/// a report draw the same 250 economies' outlines at five places and
/// sizes (the map's box moves with its title's and legend's lines):
/// filling and stroking them again for each map was a quarter of
/// `rbm report`'s time. Shared by the threads that draw, so a shape is
/// rasterised about once per place; what a thread finds was computed from
/// the same key, so which thread drew it first never shows. Bounded: past
/// [`ShapeCache::LIMIT`] recorded pixels nothing more is kept.
static SHAPES: ShapeCache = ShapeCache {
    map: std::sync::Mutex::new(None),
};

type ShapeMap = crate::ingest::table::FxMap<Vec<u64>, std::sync::Arc<Vec<ClusterCover>>>;

struct ShapeCache {
    /// The shapes, and the pixels they hold in all.
    map: std::sync::Mutex<Option<(ShapeMap, usize)>>,
}

impl ShapeCache {
    /// Eight bytes a pixel: 256 MB at most.
    const LIMIT: usize = 32 << 20;

    fn get(&self, key: &[u64]) -> Option<std::sync::Arc<Vec<ClusterCover>>> {
        let guard = self.map.lock().ok()?;
        guard.as_ref()?.0.get(key).cloned()
    }

    fn put(&self, key: Vec<u64>, drawn: Vec<ClusterCover>) {
        let pixels: usize = drawn.iter().map(|c| c.ground.len() + c.outline.len()).sum();
        let Ok(mut guard) = self.map.lock() else {
            return;
        };
        let (map, held) = guard.get_or_insert_with(Default::default);
        if *held + pixels <= Self::LIMIT {
            *held += pixels;
            map.insert(key, std::sync::Arc::new(drawn));
        }
    }
}

impl PngCanvas {
    /// What `draw` covers: each pixel with its coverage, in the order
    /// blended (drawing as it records).
    fn recorded(&mut self, draw: impl FnOnce(&mut Self)) -> Vec<(u32, f32)> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        self.record = Some(scratch);
        draw(self);
        let scratch = self.record.take().unwrap_or_default();
        let cover = scratch.clone();
        self.scratch = scratch;
        cover
    }

    /// A cluster's ground.
    fn ground(&mut self, rings: &[Vec<(f64, f64)>], color: Rgb) {
        let mut ground = Outline::new();
        for ring in rings {
            ground.ring(ring);
        }
        self.fill(&ground, color, 1.0);
    }

    /// A cluster's outline: closed rings with round joins (the first
    /// point again at the end, a disc at every corner) drawn as a polyline
    /// is, an opaque one a few segments at a time over small boxes, not
    /// over the whole country's.
    fn outline(&mut self, rings: &[Vec<(f64, f64)>], outline: Option<&Stroke>) {
        if let Some(s) = outline {
            for ring in rings {
                let mut closed = ring.clone();
                closed.push(ring[0]);
                self.stroke(&closed, s, true);
            }
        }
    }

    /// Blend a colour over recorded pixels, as [`Self::fill`] does.
    fn blend_cover(&mut self, cover: &[(u32, f32)], c: Rgb, opacity: f64) {
        if opacity <= 0.0 {
            return;
        }
        let src = [f32::from(c.0), f32::from(c.1), f32::from(c.2)];
        let opacity = opacity as f32;
        for &(i, a) in cover {
            let a = a * opacity;
            if a >= INVISIBLE {
                blend(&mut self.rgb, i as usize * 3, src, a);
            }
        }
    }

    /// A pattern over a cluster's rings.
    fn pattern(&mut self, rings: &[Vec<(f64, f64)>], pattern: &Pattern) {
        match *pattern {
            Pattern::Hatch {
                color,
                spacing,
                width,
            } => {
                let mut o = Outline::new();
                for (a, z) in hatch_segments(rings, spacing) {
                    o.stroke(&[a, z], width, false);
                }
                self.fill(&o, color, 1.0);
            }
            Pattern::Dots {
                color,
                spacing,
                radius,
            } => {
                let mut o = Outline::new();
                for (x, y) in dot_centres(rings, spacing) {
                    o.disc(x, y, radius, false);
                }
                self.fill(&o, color, 1.0);
            }
        }
    }
}

/// A pattern's ink.
fn pattern_color(p: &Pattern) -> Rgb {
    match *p {
        Pattern::Hatch { color, .. } | Pattern::Dots { color, .. } => color,
    }
}

/// What decides a pattern's coverage, beside its shape's: its kind and
/// sizes, not its ink.
fn pattern_geometry(p: &Pattern) -> [u64; 3] {
    match *p {
        Pattern::Hatch { spacing, width, .. } => [2, spacing.to_bits(), width.to_bits()],
        Pattern::Dots {
            spacing, radius, ..
        } => [3, spacing.to_bits(), radius.to_bits()],
    }
}

/// A closed ring of points.
type Ring = Vec<(f64, f64)>;

/// Rings in groups whose boxes (grown by `margin`) do not touch another
/// group's, in the order of each group's first ring. A hole lies inside its
/// ring's box, so it stays with its ring.
fn clusters(rings: Vec<Ring>, margin: f64) -> Vec<Vec<Ring>> {
    let boxes: Vec<(f64, f64, f64, f64)> = rings
        .iter()
        .filter_map(|r| bbox(std::slice::from_ref(r)))
        .map(|(x0, y0, x1, y1)| (x0 - margin, y0 - margin, x1 + margin, y1 + margin))
        .collect();
    // Union-find over rings whose boxes overlap.
    let mut parent: Vec<usize> = (0..rings.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for a in 0..boxes.len() {
        for b in a + 1..boxes.len() {
            let (p, q) = (boxes[a], boxes[b]);
            if p.0 <= q.2 && q.0 <= p.2 && p.1 <= q.3 && q.1 <= p.3 {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Ring>)> = Vec::new();
    for (i, ring) in rings.into_iter().enumerate() {
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|(g, _)| *g == r) {
            Some((_, list)) => list.push(ring),
            None => groups.push((r, vec![ring])),
        }
    }
    groups.into_iter().map(|(_, list)| list).collect()
}

/// Steps per pixel at which a glyph is placed (and its coverage kept).
const GLYPH_STEPS: f32 = 4.0;

/// A glyph at a size and a place within its pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct GlyphKey {
    glyph: u16,
    bold: bool,
    /// The CSS size's bits.
    size: u64,
    /// Quarter pixels right of the pixel's left edge.
    fx: u8,
    /// Quarter pixels below the pixel's top edge.
    fy: u8,
}

/// A glyph's coverage (0–1) over its box, whose top-left pixel is at
/// `(left, top)` from the pixel its origin is in.
struct Coverage {
    left: i64,
    top: i64,
    width: usize,
    cover: Vec<f32>,
}

thread_local! {
    /// The corners of a circle of radius one with n sides, by n: a map
    /// draws thousands of small discs (the round joins of its borders),
    /// and a sine and a cosine for each corner of each was a visible part
    /// of its time. The same numbers as computed in place.
    static UNIT_CIRCLES: std::cell::RefCell<std::collections::HashMap<usize, Vec<(f64, f64)>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());

    /// Glyph coverages drawn on this thread. The same key always gives the
    /// same coverage, so which thread drew a chart never shows.
    static GLYPHS: std::cell::RefCell<crate::ingest::table::FxMap<GlyphKey, Coverage>> =
        std::cell::RefCell::new(crate::ingest::table::FxMap::default());
}

impl Coverage {
    /// Rasterise a glyph from its outline, as marks are filled.
    fn of(key: &GlyphKey, size: f64) -> Coverage {
        let (fx, fy) = (
            f32::from(key.fx) / GLYPH_STEPS,
            f32::from(key.fy) / GLYPH_STEPS,
        );
        let mut o = Outline::new();
        let mut pen = (0.0, 0.0);
        for step in text::glyph_outline(key.glyph, size, key.bold, fx, fy) {
            match step {
                text::Step::Move(px, py) => pen = (px, py),
                text::Step::Line(px, py) => {
                    o.edge(Edge::Line(pen, (px, py)));
                    pen = (px, py);
                }
                text::Step::Quad(cx, cy, px, py) => {
                    o.edge(Edge::Quad(pen, (cx, cy), (px, py)));
                    pen = (px, py);
                }
                text::Step::Cubic(ax, ay, cx, cy, px, py) => {
                    o.edge(Edge::Cubic(pen, (ax, ay), (cx, cy), (px, py)));
                    pen = (px, py);
                }
            }
        }
        if o.edges.is_empty() {
            return Coverage {
                left: 0,
                top: 0,
                width: 0,
                cover: Vec::new(),
            };
        }
        let (left, top) = (o.min.0.floor(), o.min.1.floor());
        let width = (o.max.0.ceil() - left) as usize + 1;
        let height = (o.max.1.ceil() - top) as usize + 1;
        let mut raster = ab_glyph_rasterizer::Rasterizer::new(width, height);
        let at = |p: Pt| ab_glyph_rasterizer::point(p.0 - left, p.1 - top);
        for e in &o.edges {
            match *e {
                Edge::Line(a, b) => raster.draw_line(at(a), at(b)),
                Edge::Quad(a, b, c) => raster.draw_quad(at(a), at(b), at(c)),
                Edge::Cubic(a, b, c, d) => raster.draw_cubic(at(a), at(b), at(c), at(d)),
            }
        }
        let mut cover = Vec::with_capacity(width * height);
        raster.for_each_pixel(|_, a| cover.push(a.min(1.0)));
        Coverage {
            left: left as i64,
            top: top as i64,
            width,
            cover,
        }
    }
}

impl PngCanvas {
    /// Blend a colour by a glyph's coverage, its origin in pixel `(x, y)`.
    fn blit(&mut self, g: &Coverage, x: i64, y: i64, src: [f32; 3]) {
        if g.width == 0 {
            return;
        }
        let (cw, ch) = (i64::from(self.width), i64::from(self.height));
        for (j, row) in g.cover.chunks_exact(g.width).enumerate() {
            let py = y + g.top + j as i64;
            if py < 0 || py >= ch {
                continue;
            }
            for (i, a) in row.iter().enumerate() {
                let px = x + g.left + i as i64;
                if *a < INVISIBLE || px < 0 || px >= cw {
                    continue;
                }
                blend(&mut self.rgb, (py * cw + px) as usize * 3, src, *a);
            }
        }
    }
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

/// True when a point is inside the rings by the even-odd rule (the
/// reference [`dot_centres`] is tested against).
#[cfg(test)]
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

/// The grid points ((i + ½) · spacing, (j + ½) · spacing) inside the rings,
/// by the even-odd rule of [`inside`] with its very arithmetic, a row at a
/// time: each row's crossings are found once and sorted, and a point is
/// inside when an odd number of them lie to its right. (Testing every
/// point against every edge cost a map of patterned continents tens of
/// milliseconds.)
fn dot_centres(rings: &[Vec<(f64, f64)>], spacing: f64) -> Vec<(f64, f64)> {
    let Some((x0, y0, x1, y1)) = bbox(rings) else {
        return Vec::new();
    };
    if spacing <= 0.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut xs: Vec<f64> = Vec::new();
    let mut j = (y0 / spacing - 0.5).floor();
    while (j + 0.5) * spacing <= y1 {
        let y = (j + 0.5) * spacing;
        xs.clear();
        for ring in rings {
            let n = ring.len();
            for i in 0..n {
                let (ax, ay) = ring[i];
                let (bx, by) = ring[(i + 1) % n];
                if (ay > y) != (by > y) {
                    xs.push(ax + (y - ay) / (by - ay) * (bx - ax));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        let mut i = (x0 / spacing - 0.5).floor();
        while (i + 0.5) * spacing <= x1 {
            let x = (i + 0.5) * spacing;
            // Crossings strictly to the right: `x < crossing` in `inside`.
            let right = xs.len() - xs.partition_point(|c| *c <= x);
            if right % 2 == 1 {
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

    /// The RGB pixels of a PNG, with its size.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).expect("one frame");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        (info.width, info.height, pixels)
    }

    #[test]
    fn png_rects_cover_their_pixels_and_blend_by_opacity() {
        // 4 × 2, white. An opaque red square on the left two columns; a
        // blue square at opacity 0.5 on the right two. Over white, a
        // channel at 0 with alpha 128/255 gives 255 · (1 − 128/255) = 127
        // (± 1 for the rasteriser's rounding); blue stays 255.
        let mut c = PngCanvas::new(4, 2);
        c.rect(0.0, 0.0, 2.0, 2.0, Rgb(255, 0, 0), 1.0);
        c.rect(2.0, 0.0, 2.0, 2.0, Rgb(0, 0, 255), 0.5);
        let (w, h, px) = decode(&c.finish());
        assert_eq!((w, h), (4, 2));
        let at = |x: usize, y: usize| &px[(y * 4 + x) * 3..(y * 4 + x) * 3 + 3];
        assert_eq!(at(0, 0), &[255, 0, 0]);
        assert_eq!(at(1, 1), &[255, 0, 0]);
        let half = at(3, 1);
        assert!(
            half[0].abs_diff(127) <= 1 && half[1].abs_diff(127) <= 1,
            "{half:?}"
        );
        assert_eq!(half[2], 255);
    }

    #[test]
    fn png_text_is_drawn_inside_its_measured_box() {
        // The glyphs of a text fall between its anchor and its measured
        // width (a pixel of anti-aliasing either side), above its baseline
        // except for descenders ("y"), and span most of that width.
        let font = Font::new(20.0, Rgb(0, 0, 0), false);
        let words = "Hey you";
        let w = text::width(words, 20.0, false);
        for (anchor, x, left) in [
            (Anchor::Start, 10.0, 10.0),
            (Anchor::End, 190.0, 190.0 - w),
            (Anchor::Middle, 100.0, 100.0 - w / 2.0),
        ] {
            let mut c = PngCanvas::new(200, 40);
            c.text(words, x, 25.0, &font.at(anchor));
            let (_, _, px) = decode(&c.finish());
            let dark: Vec<(f64, f64)> = px
                .chunks_exact(3)
                .enumerate()
                .filter(|(_, p)| p[0] < 128)
                .map(|(i, _)| ((i % 200) as f64, (i / 200) as f64))
                .collect();
            assert!(dark.len() > 100, "{anchor:?}: {} dark pixels", dark.len());
            for (px, py) in &dark {
                assert!(
                    *px >= left - 1.0 && *px <= left + w + 1.0,
                    "{anchor:?}: x {px} outside {left}..{}",
                    left + w
                );
                assert!(*py >= 5.0 && *py <= 31.0, "{anchor:?}: y {py}");
            }
            let xs = dark.iter().map(|p| p.0);
            let span = xs.clone().fold(f64::MIN, f64::max) - xs.fold(f64::MAX, f64::min);
            assert!(span > w * 0.9, "{anchor:?}: {span} of {w}");
        }
    }

    #[test]
    fn png_dashes_leave_gaps() {
        // A 2-pixel line across 20 pixels dashed 4 on, 4 off (round caps
        // reach 1 pixel past each dash end): pixels at x = 6 (inside the
        // first gap, 4..8, more than a cap away) stay white; x = 2 is ink.
        let mut c = PngCanvas::new(20, 4);
        c.polyline(
            &[(0.0, 2.0), (20.0, 2.0)],
            &Stroke::dashed(Rgb(0, 0, 0), 2.0, 4.0, 4.0),
        );
        let (_, _, px) = decode(&c.finish());
        let at = |x: usize, y: usize| px[(y * 20 + x) * 3];
        assert!(at(2, 1) < 64 && at(2, 2) < 64, "{} {}", at(2, 1), at(2, 2));
        assert_eq!(at(6, 1), 255);
        assert_eq!(at(6, 2), 255);
    }

    #[test]
    fn a_shape_drawn_again_from_its_recorded_cover_gives_the_same_bytes() {
        // Two clusters (a ring with a hole, and an island far off) over a
        // coloured ground, so that blending is not onto white only.
        let rings = vec![
            vec![(3.3, 2.1), (30.7, 4.9), (26.2, 31.4), (8.9, 27.6)],
            vec![(12.0, 12.0), (18.5, 12.5), (17.0, 19.0)],
            vec![(50.2, 30.1), (58.9, 33.3), (52.4, 38.8)],
        ];
        let border = Stroke::solid(Rgb(90, 90, 90), 0.7);
        let faint = Stroke {
            opacity: 0.4,
            ..Stroke::dashed(Rgb(200, 0, 0), 1.3, 3.0, 2.0)
        };
        let hatched = Fill {
            color: Rgb(230, 230, 230),
            pattern: Some(Pattern::Hatch {
                color: Rgb(40, 40, 40),
                spacing: 4.0,
                width: 0.8,
            }),
        };
        let dotted = Fill {
            color: Rgb(10, 120, 200),
            pattern: Some(Pattern::Dots {
                color: Rgb(255, 255, 255),
                spacing: 5.0,
                radius: 1.1,
            }),
        };
        for outline in [Some(&border), Some(&faint), None] {
            let margin = outline.map_or(0.0, |s| s.width) + 2.0;
            for fill in [Fill::solid(Rgb(0, 158, 115)), hatched, dotted] {
                let ground =
                    |c: &mut PngCanvas| c.rect(0.0, 0.0, 61.0, 41.0, Rgb(250, 240, 200), 0.8);
                let mut cached = PngCanvas::new(61, 41);
                ground(&mut cached);
                // The first draw of these rings (in any test) records
                // them; this one is then drawn from the record, its
                // pattern recorded as it is drawn (the first time) ...
                PngCanvas::new(61, 41).shape(&rings, &Fill::solid(Rgb(1, 2, 3)), outline);
                let key = shape_key(61, 41, &rings, outline);
                assert!(SHAPES.get(&key).is_some());
                cached.shape(&rings, &fill, outline);
                // ... and this one wholly from records.
                let mut again = PngCanvas::new(61, 41);
                ground(&mut again);
                again.shape(&rings, &fill, outline);
                let mut direct = PngCanvas::new(61, 41);
                ground(&mut direct);
                for cluster in clusters(rings.clone(), margin) {
                    direct.ground(&cluster, fill.color);
                    if let Some(p) = &fill.pattern {
                        direct.pattern(&cluster, p);
                    }
                    direct.outline(&cluster, outline);
                }
                assert!(direct.rgb.iter().any(|b| *b < 200));
                assert!(cached.rgb == direct.rgb, "{outline:?} {fill:?}");
                assert!(again.rgb == direct.rgb, "{outline:?} {fill:?}");
            }
        }
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
    fn dots_by_rows_are_the_points_inside_by_the_even_odd_rule() {
        // A square with a square hole and a spike: every grid point the
        // row scan keeps is one `inside` keeps, and no other.
        let rings = vec![
            vec![
                (0.0, 0.0),
                (40.0, 0.0),
                (40.0, 30.0),
                (20.0, 45.0),
                (0.0, 30.0),
            ],
            vec![(10.0, 10.0), (25.0, 10.0), (25.0, 20.0), (10.0, 20.0)],
        ];
        let dots = dot_centres(&rings, 3.0);
        let mut expected = Vec::new();
        for j in 0..20 {
            for i in 0..20 {
                let (x, y) = ((f64::from(i) + 0.5) * 3.0, (f64::from(j) + 0.5) * 3.0);
                if inside(&rings, x, y) {
                    expected.push((x, y));
                }
            }
        }
        assert!(dots.len() > 50, "{}", dots.len());
        assert_eq!(dots, expected);
    }

    #[test]
    fn the_font_put_in_afterwards_gives_the_same_bytes() {
        for description in ["", "what it shows"] {
            let draw = || {
                let mut c = SvgCanvas::new(20, 20);
                c.shape(&[SQUARE.to_vec()], &Fill::solid(Rgb(1, 2, 3)), None);
                c
            };
            assert_eq!(
                embed_font(&draw().finish("t", description, false)),
                draw().finish("t", description, true)
            );
        }
    }

    #[test]
    fn path_steps_are_exact_tenths_without_drift() {
        assert_eq!(
            [0, 8, -3, 10, -13, 123].map(tenths),
            ["0", ".8", "-.3", "1", "-1.3", "12.3"]
        );
        // Two steps of 0.04 each round to 0, but the second point, 0.08
        // from the first, rounds to 0.1: steps between rounded points keep
        // it there. A repeated point is left out; 1.25 rounds up.
        let d = path_data(&[vec![(0.0, 0.0), (0.04, 0.0), (0.08, 1.25), (0.08, 1.25)]]);
        assert_eq!(d, "M0,0l.1,1.3Z");
        // The closing point is the `Z`.
        let d = path_data(&[vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 0.0)]]);
        assert_eq!(d, "M0,0l2,0 0,2Z");
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
            svg.contains("<path d=\"M0,0l10,0 0,10-10,0Z\" fill=\"#010203\"/>"),
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
