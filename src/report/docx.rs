//! The document as a Word file (`report.docx`), written as WordprocessingML
//! directly: Word's own styles (Title, Heading 1–4, Caption), so that the
//! navigation pane and a table of contents work; contents linked to the
//! headings' bookmarks; tables with a header row repeated on every page and
//! status cells shaded in the charts' colours with their symbol and word;
//! charts as PNG at print resolution with their description as alt text and
//! a caption; a page break before every target; page numbers in the footer.
//!
//! The package holds only the parts Word needs: content types, relations,
//! the core and application properties, the document, its styles, the
//! bullets' numbering, the settings (Word 2013+ layout, not compatibility
//! mode), the footer and the pictures. Elements follow the schema's order.
//! The dates in the properties are the document's own, never the clock,
//! and the zip entries keep their fixed order and time, so that the same
//! document gives the same bytes. The pictures are stored, not deflated:
//! they are PNG already.
//!
//! It does not lay anything out: column widths are a grid of twips worked
//! out from the cells' words ([`grid`]); Word and LibreOffice do the rest.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use super::document::{
    Block, Cell, ColumnKind, Document, Figure, Inline, ParagraphStyle, Table as DocTable, plain,
};
use crate::error::{Error, Result};
use crate::plot::theme;
use crate::progress::Status;

/// The body font: Arial is on every Windows and Mac, and LibreOffice
/// substitutes Liberation Sans, which has its metrics.
const FONT: &str = "Arial";
/// The font of names from code or data.
const CODE_FONT: &str = "Courier New";
/// The width of the text on an A4 page with 2 cm margins, in EMU
/// (914 400 to the inch): 17 cm.
const TEXT_WIDTH_EMU: u64 = 6_120_000;
/// The bullets' numbering id.
const BULLETS: usize = 1;
/// Secondary text: notes, captions, asides.
const GREY: &str = "4D4D4D";

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn hex(c: crate::plot::canvas::Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

/// A bookmark name Word accepts: a letter first, then letters, digits
/// and `_`.
fn bookmark(anchor: &str) -> String {
    let mut s: String = anchor
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert(0, 'b');
    }
    s
}

/// `s` escaped into `out` as XML text or an attribute's value. Control
/// characters other than tab and newline are not allowed in XML 1.0 and
/// are left out.
fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest
        .find(|c: char| matches!(c, '&' | '<' | '>' | '"') || (c < ' ' && c != '\t' && c != '\n'))
    {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => {}
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// How a run of text looks, beyond its paragraph's style.
#[derive(Debug, Clone, Default)]
struct Look {
    bold: bool,
    italic: bool,
    code: bool,
    underline: bool,
    /// Text colour, `RRGGBB`.
    color: Option<String>,
    /// Background, `RRGGBB`.
    fill: Option<String>,
    /// Size in half-points, where not the style's.
    size: Option<u32>,
}

impl Look {
    fn bold(mut self) -> Look {
        self.bold = true;
        self
    }

    fn color(mut self, c: &str) -> Look {
        self.color = Some(c.to_string());
        self
    }

    /// The run's properties, in the schema's order.
    fn write(&self, out: &mut String) {
        if !(self.bold
            || self.italic
            || self.code
            || self.underline
            || self.color.is_some()
            || self.fill.is_some()
            || self.size.is_some())
        {
            return;
        }
        out.push_str("<w:rPr>");
        if self.code {
            let _ = write!(
                out,
                "<w:rFonts w:ascii=\"{CODE_FONT}\" w:hAnsi=\"{CODE_FONT}\" />"
            );
        }
        if self.bold {
            out.push_str("<w:b /><w:bCs />");
        }
        if self.italic {
            out.push_str("<w:i /><w:iCs />");
        }
        if let Some(c) = &self.color {
            let _ = write!(out, "<w:color w:val=\"{c}\" />");
        }
        if let Some(s) = self.size {
            let _ = write!(out, "<w:sz w:val=\"{s}\" /><w:szCs w:val=\"{s}\" />");
        }
        if self.underline {
            out.push_str("<w:u w:val=\"single\" />");
        }
        if let Some(f) = &self.fill {
            let _ = write!(
                out,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\" />"
            );
        }
        out.push_str("</w:rPr>");
    }
}

/// A paragraph's properties.
#[derive(Debug, Clone, Copy, Default)]
struct Para<'s> {
    style: Option<&'s str>,
    keep_next: bool,
    page_break: bool,
    bullet: bool,
    /// `right` or `center`.
    align: Option<&'static str>,
}

impl<'s> Para<'s> {
    fn style(style: &'s str) -> Para<'s> {
        Para {
            style: Some(style),
            ..Para::default()
        }
    }

    fn keep_next(mut self) -> Para<'s> {
        self.keep_next = true;
        self
    }
}

fn status_words(s: Status) -> String {
    format!("{} {}", s.symbol(), s.label())
}

/// The text width in twips (1/1440 inch): 17 cm.
const TEXT_WIDTH_TWIPS: f64 = 9638.0;

/// A cell as the Word table shows it (a status with its marks' symbols
/// only), for the column widths.
fn shown(c: &Cell) -> String {
    match c {
        Cell::Status { status, flags, .. } => {
            let mut s = status_words(*status);
            for f in flags {
                s.push(' ');
                s.push_str(&f.symbol);
            }
            s
        }
        other => other.plain(),
    }
}

/// A table's column widths in twips and its text size in half-points.
#[derive(Debug, Clone, PartialEq)]
struct Grid {
    widths: Vec<usize>,
    /// 18 (9 points), or less for a table whose columns' longest words
    /// do not fit the page at 9 points.
    size: u32,
    /// The cells' left and right margins in twips, where narrower than
    /// Word's 108 (a table too wide for its words).
    margin: Option<u32>,
}

/// The table's column widths in twips, as a browser lays out a table:
/// each column needs at least its longest word (up to 14 characters, so
/// that "Acceleration" is not broken) and would like its longest cell (up
/// to 40); every column gets its need, and what is left of the text width
/// goes to the columns in proportion to what they would like beyond it.
/// Without a grid, Word and LibreOffice give every column the same width.
///
/// When the needs alone are wider than the page, the cells' margins are
/// made narrower and the table's text smaller, by as much as its words
/// are too wide (down to 6.5 points), rather than breaking words in the
/// middle: "Confidence" over two lines reads as two words. Header words
/// and row headers are bold, a tenth wider.
fn grid(t: &DocTable) -> Grid {
    // About one character of 9-point Arial, and a cell's two margins.
    const CHAR: f64 = 100.0;
    const MARGINS: f64 = 250.0;
    // Narrow margins of 60 twips a side, with the same slack.
    const NARROW: u32 = 60;
    const NARROW_MARGINS: f64 = 150.0;
    const BOLD: f64 = 1.1;
    let (floor, wish): (Vec<f64>, Vec<f64>) = t
        .columns
        .iter()
        .enumerate()
        .map(|(k, col)| {
            let bold_rows = k == 0 && t.row_headers;
            let mut texts = vec![(col.name.clone(), BOLD)];
            texts.extend(
                t.rows
                    .iter()
                    .filter_map(|r| r.get(k))
                    .map(|c| (shown(c), if bold_rows { BOLD } else { 1.0 })),
            );
            // Small counts, exact in f64.
            #[allow(clippy::cast_precision_loss)]
            let count = |s: &str| s.chars().count() as f64;
            let longest = texts
                .iter()
                .map(|(s, w)| count(s).min(40.0) * w)
                .fold(0.0, f64::max);
            let word = texts
                .iter()
                .flat_map(|(s, w)| s.split_whitespace().map(move |x| count(x).min(14.0) * w))
                .fold(0.0, f64::max);
            (CHAR * word, CHAR * longest.max(word))
        })
        .unzip();
    // Small counts, exact in f64.
    #[allow(clippy::cast_precision_loss)]
    let columns = t.columns.len() as f64;
    let words: f64 = floor.iter().sum();
    let extra: f64 = wish.iter().zip(&floor).map(|(w, f)| w - f).sum();
    let room = TEXT_WIDTH_TWIPS - MARGINS * columns;
    let squeezed = words > room;
    let (margin, margins) = if squeezed {
        (Some(NARROW), NARROW_MARGINS)
    } else {
        (None, MARGINS)
    };
    let (widths, scale): (Vec<f64>, f64) = if squeezed || extra <= 0.0 {
        // The words at the size that fits them (at most 9 points), the
        // whole made as wide as the page.
        let scale = if squeezed {
            ((TEXT_WIDTH_TWIPS - margins * columns) / words).clamp(13.0 / 18.0, 1.0)
        } else {
            1.0
        };
        let need: Vec<f64> = floor.iter().map(|f| margins + f * scale).collect();
        let sum: f64 = need.iter().sum();
        (
            need.iter().map(|w| w * TEXT_WIDTH_TWIPS / sum).collect(),
            scale,
        )
    } else {
        let share = ((room - words) / extra).min(1.0);
        let wanted: Vec<f64> = floor
            .iter()
            .zip(&wish)
            .map(|(f, w)| MARGINS + f + (w - f) * share)
            .collect();
        // A table narrower than the page fills it, as at 100% width.
        let sum: f64 = wanted.iter().sum();
        (
            wanted.iter().map(|w| w * TEXT_WIDTH_TWIPS / sum).collect(),
            1.0,
        )
    };
    // Positive and at most the text width: whole numbers of twips and
    // half-points.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Grid {
        widths: widths.iter().map(|w| w.round() as usize).collect(),
        // Up to a rounding error: 13/18 × 18 is 13.
        size: (18.0 * scale + 1e-9).floor() as u32,
        margin,
    }
}

/// The body being written, with what the package needs besides it.
struct Word<'d> {
    doc: &'d Document,
    /// `word/document.xml`'s body so far.
    body: String,
    /// The next paragraph starts a new page.
    page_break: bool,
    /// The pictures, in order: picture `n` is `media/image{n}.png`.
    pictures: Vec<&'d [u8]>,
    /// Bookmarks placed so far (their ids).
    bookmarks: usize,
}

impl<'d> Word<'d> {
    /// Open a paragraph; the caller writes its runs and closes it.
    fn open(&mut self, p: Para<'_>) {
        let page_break = std::mem::take(&mut self.page_break) || p.page_break;
        let out = &mut self.body;
        out.push_str("<w:p>");
        if p.style.is_none() && !p.keep_next && !page_break && !p.bullet && p.align.is_none() {
            return;
        }
        out.push_str("<w:pPr>");
        if let Some(s) = p.style {
            let _ = write!(out, "<w:pStyle w:val=\"{s}\" />");
        }
        if p.keep_next {
            out.push_str("<w:keepNext />");
        }
        if page_break {
            out.push_str("<w:pageBreakBefore />");
        }
        if p.bullet {
            let _ = write!(
                out,
                "<w:numPr><w:ilvl w:val=\"0\" /><w:numId w:val=\"{BULLETS}\" /></w:numPr>"
            );
        }
        if let Some(a) = p.align {
            let _ = write!(out, "<w:jc w:val=\"{a}\" />");
        }
        out.push_str("</w:pPr>");
    }

    fn close(&mut self) {
        self.body.push_str("</w:p>");
    }

    fn run(&mut self, text: &str, look: &Look) {
        let out = &mut self.body;
        out.push_str("<w:r>");
        look.write(out);
        out.push_str("<w:t xml:space=\"preserve\">");
        escape_into(out, text);
        out.push_str("</w:t></w:r>");
    }

    /// A paragraph of one run.
    fn line(&mut self, p: Para<'_>, text: &str, look: &Look) {
        self.open(p);
        self.run(text, look);
        self.close();
    }

    /// Inline text, each run in `base`'s look with its own on top.
    fn inlines(&mut self, inlines: &[Inline], base: &Look) {
        for i in inlines {
            match i {
                Inline::Text(t) => self.run(t, base),
                Inline::Strong(t) => self.run(t, &base.clone().bold()),
                Inline::Emphasis(t) => self.run(
                    t,
                    &Look {
                        italic: true,
                        ..base.clone()
                    },
                ),
                Inline::Code(t) => self.run(
                    t,
                    &Look {
                        code: true,
                        ..base.clone()
                    },
                ),
                Inline::Aside(t) => self.run(t, &base.clone().color(GREY)),
                Inline::Link { text, href } => match href.strip_prefix('#') {
                    Some(anchor) => {
                        let _ = write!(
                            self.body,
                            "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
                            bookmark(anchor)
                        );
                        self.run(
                            text,
                            &Look {
                                underline: true,
                                ..base.clone()
                            },
                        );
                        self.body.push_str("</w:hyperlink>");
                    }
                    None => self.run(&format!("{text} ({href})"), base),
                },
                Inline::Status(s) => self.run(
                    &status_words(*s),
                    &Look {
                        color: Some(hex(theme::status_ink(*s))),
                        fill: Some(hex(theme::status_fill(*s))),
                        ..base.clone()
                    },
                ),
            }
        }
    }

    /// A table cell: its paragraph in the Note style, numbers to the
    /// right, a header's words in bold; a status on its fill, in its ink.
    /// `base` is the table's text size, and bold for a header.
    fn cell(&mut self, c: &Cell, numeric: bool, base: &Look, width: usize, fill: Option<&str>) {
        let status_fill = match c {
            Cell::Status { status, .. } => Some(hex(theme::status_fill(*status))),
            _ => None,
        };
        let _ = write!(
            self.body,
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\" />"
        );
        if let Some(f) = status_fill.as_deref().or(fill) {
            let _ = write!(
                self.body,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\" />"
            );
        }
        self.body.push_str("</w:tcPr>");
        let p = Para {
            align: numeric.then_some("right"),
            ..Para::style("Note")
        };
        self.open(p);
        match c {
            Cell::Empty => {}
            Cell::Text(t) => self.run(t, base),
            Cell::Rich(r) => self.inlines(r, base),
            Cell::Integer(_) | Cell::Number { .. } | Cell::Confidence(_) => {
                self.run(&c.plain(), base);
            }
            Cell::Status {
                status,
                flags,
                note,
            } => {
                let ink = hex(theme::status_ink(*status));
                let look = base.clone().color(&ink);
                self.run(&status_words(*status), &look);
                // The marks alone, as footnote marks are: the table's note
                // says what each means, and a page has no hidden text to
                // say it in the cell.
                for f in flags {
                    self.run(&format!(" {}", f.symbol), &look.clone().bold());
                }
                if !note.is_empty() {
                    self.close();
                    self.open(Para::style("Note"));
                    let note_look = Look {
                        bold: false,
                        ..base.clone()
                    };
                    self.inlines(note, &note_look.color(&ink));
                }
            }
        }
        self.close();
        self.body.push_str("</w:tc>");
    }

    fn table(&mut self, t: &DocTable) {
        self.line(
            Para::style("Caption").keep_next(),
            &format!("Table: {}", t.caption),
            &Look::default(),
        );
        // A table cannot start a page itself: an empty paragraph does.
        if std::mem::take(&mut self.page_break) {
            self.open(Para {
                page_break: true,
                ..Para::default()
            });
            self.close();
        }
        let Grid {
            widths,
            size,
            margin,
        } = grid(t);
        let body = Look {
            size: (size < 18).then_some(size),
            ..Look::default()
        };
        let header = body.clone().bold();
        self.body
            .push_str("<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\" /><w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            let _ = write!(
                self.body,
                "<w:{side} w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />"
            );
        }
        self.body
            .push_str("</w:tblBorders><w:tblLayout w:type=\"autofit\" />");
        if let Some(m) = margin {
            let _ = write!(
                self.body,
                "<w:tblCellMar><w:left w:w=\"{m}\" w:type=\"dxa\" />\
                 <w:right w:w=\"{m}\" w:type=\"dxa\" /></w:tblCellMar>"
            );
        }
        self.body.push_str("</w:tblPr><w:tblGrid>");
        for w in &widths {
            let _ = write!(self.body, "<w:gridCol w:w=\"{w}\" />");
        }
        self.body.push_str("</w:tblGrid>");
        // The first row is the header: Word repeats it on each page and
        // reads it as the column headers.
        self.body
            .push_str("<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
        for (c, &w) in t.columns.iter().zip(&widths) {
            match c.status {
                Some(s) => self.cell(
                    &Cell::Status {
                        status: s,
                        flags: Vec::new(),
                        note: Vec::new(),
                    },
                    false,
                    &header,
                    w,
                    None,
                ),
                None => self.cell(
                    &Cell::Text(c.name.clone()),
                    c.kind == ColumnKind::Number,
                    &header,
                    w,
                    Some("EDEDED"),
                ),
            }
        }
        self.body.push_str("</w:tr>");
        for r in &t.rows {
            self.body.push_str("<w:tr><w:trPr><w:cantSplit /></w:trPr>");
            for (k, ((c, v), &w)) in t.columns.iter().zip(r).zip(&widths).enumerate() {
                self.cell(
                    v,
                    c.kind == ColumnKind::Number,
                    if k == 0 && t.row_headers {
                        &header
                    } else {
                        &body
                    },
                    w,
                    None,
                );
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        if !t.note.is_empty() {
            self.open(Para::style("Note"));
            self.inlines(&t.note, &Look::default());
            self.close();
        }
    }

    fn figure(&mut self, f: &Figure) {
        let doc = self.doc;
        let Some(image) = doc.images.get(&f.image) else {
            return;
        };
        if image.png.is_empty() {
            return;
        }
        self.pictures.push(&image.png);
        let n = self.pictures.len();
        let (w, h) = image.size;
        let cx = TEXT_WIDTH_EMU;
        let cy = cx * u64::from(h) / u64::from(w.max(1));
        self.open(Para::default().keep_next());
        let out = &mut self.body;
        let _ = write!(
            out,
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\" /><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\" />\
             <wp:docPr id=\"{n}\" name=\"Figure {n}\" descr=\""
        );
        escape_into(out, &f.description);
        let _ = write!(
            out,
            "\" /><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{NS_A}\" noChangeAspect=\"1\" />\
             </wp:cNvGraphicFramePr><a:graphic xmlns:a=\"{NS_A}\"><a:graphicData uri=\"{NS_PIC}\">\
             <pic:pic xmlns:pic=\"{NS_PIC}\"><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"image{n}.png\" />\
             <pic:cNvPicPr><a:picLocks noChangeAspect=\"1\" /></pic:cNvPicPr></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"rIdImage{n}\" /><a:stretch><a:fillRect /></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\" /><a:ext cx=\"{cx}\" cy=\"{cy}\" /></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst /></a:prstGeom></pic:spPr></pic:pic></a:graphicData>\
             </a:graphic></wp:inline></w:drawing></w:r>"
        );
        self.close();
        self.line(
            Para::style("Caption"),
            &format!("Figure: {}", f.caption),
            &Look::default(),
        );
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading(h) => {
                let style = format!("Heading{}", h.level.clamp(1, 4));
                self.open(Para::style(&style).keep_next());
                match &h.anchor {
                    Some(a) => {
                        self.bookmarks += 1;
                        let id = self.bookmarks;
                        let _ = write!(
                            self.body,
                            "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\" />",
                            bookmark(a)
                        );
                        self.inlines(&h.text, &Look::default());
                        let _ = write!(self.body, "<w:bookmarkEnd w:id=\"{id}\" />");
                    }
                    None => self.inlines(&h.text, &Look::default()),
                }
                self.close();
            }
            Block::Paragraph(p) => {
                let para = match p.style {
                    ParagraphStyle::Body | ParagraphStyle::Notice => Para::default(),
                    ParagraphStyle::Meta => Para::style("Meta"),
                    ParagraphStyle::Note | ParagraphStyle::Footer => Para::style("Note"),
                };
                // A notice leads with its words in bold (the document
                // says so), which is how Word readers spot it.
                self.open(para);
                self.inlines(&p.text, &Look::default());
                self.close();
            }
            Block::List(items) => {
                for i in items {
                    self.open(Para {
                        bullet: true,
                        ..Para::default()
                    });
                    self.inlines(i, &Look::default());
                    self.close();
                }
            }
            Block::Definitions(d) => {
                for (k, v) in d {
                    self.open(Para::default());
                    self.run(&format!("{k}: "), &Look::default().bold());
                    self.inlines(v, &Look::default());
                    self.close();
                }
            }
            Block::Table(t) => self.table(t),
            Block::Figure(f) => self.figure(f),
            Block::Code(c) => {
                for line in c.lines() {
                    self.line(Para::style("Code"), line, &Look::default());
                }
            }
            Block::PageBreak => self.page_break = true,
            Block::Contents => {
                // Links to the parts' bookmarks rather than a TOC field:
                // a field shows its code or stale page numbers until Word
                // or LibreOffice updates it; the navigation pane and an
                // inserted table of contents work from the heading styles.
                self.line(Para::style("Heading1"), "Contents", &Look::default());
                let doc = self.doc;
                for (h, a) in doc.contents() {
                    self.open(Para::default());
                    let _ = write!(
                        self.body,
                        "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">",
                        bookmark(a)
                    );
                    self.run(&plain(&h.text), &Look::default());
                    self.body.push_str("</w:hyperlink>");
                    self.close();
                }
            }
        }
    }
}

/// `word/document.xml`: the body and the page (A4, 2 cm margins, the
/// footer with the page number).
fn document_xml(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 1024);
    out.push_str(XML_HEAD);
    let _ = write!(
        out,
        "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" xmlns:wp=\"{NS_WP}\"><w:body>"
    );
    out.push_str(body);
    out.push_str(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\" />\
         <w:pgSz w:w=\"11906\" w:h=\"16838\" />\
         <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" \
         w:header=\"851\" w:footer=\"992\" w:gutter=\"0\" /></w:sectPr></w:body></w:document>",
    );
    out
}

/// A paragraph style of the document, based on Normal.
struct StyleDef {
    id: &'static str,
    name: &'static str,
    /// The paragraph after it is Normal (headings, the title).
    next_normal: bool,
    /// Space before and after, in twips.
    spacing: Option<(u32, u32)>,
    /// Outline level: a heading's, for the navigation pane.
    outline: Option<u8>,
    bold: bool,
    italic: bool,
    /// Text colour, `RRGGBB`.
    color: Option<&'static str>,
    /// Size in half-points.
    size: Option<u32>,
    font: Option<&'static str>,
}

impl StyleDef {
    /// Normal's look under another name.
    fn new(id: &'static str, name: &'static str) -> StyleDef {
        StyleDef {
            id,
            name,
            next_normal: false,
            spacing: None,
            outline: None,
            bold: false,
            italic: false,
            color: None,
            size: None,
            font: None,
        }
    }
}

/// `word/styles.xml`: the defaults (10-point Arial) and the paragraph
/// styles the body uses.
fn styles_xml() -> String {
    let mut out = String::from(XML_HEAD);
    let _ = write!(
        out,
        "<w:styles xmlns:w=\"{NS_W}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\" />\
         <w:sz w:val=\"20\" /><w:szCs w:val=\"20\" /></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr /></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:qFormat /></w:style>"
    );
    let heading = |id, name, size, level: u8| StyleDef {
        next_normal: true,
        spacing: Some((280 - 40 * u32::from(level), 80)),
        outline: Some(level),
        bold: true,
        color: Some("1F1F1F"),
        size: Some(size),
        ..StyleDef::new(id, name)
    };
    let defs = [
        StyleDef {
            next_normal: true,
            bold: true,
            size: Some(40),
            ..StyleDef::new("Title", "Title")
        },
        heading("Heading1", "heading 1", 32, 0),
        heading("Heading2", "heading 2", 26, 1),
        heading("Heading3", "heading 3", 22, 2),
        StyleDef {
            italic: true,
            ..heading("Heading4", "heading 4", 21, 3)
        },
        StyleDef {
            spacing: Some((60, 160)),
            italic: true,
            color: Some(GREY),
            size: Some(18),
            ..StyleDef::new("Caption", "caption")
        },
        StyleDef {
            color: Some(GREY),
            ..StyleDef::new("Meta", "Report meta")
        },
        StyleDef {
            color: Some(GREY),
            size: Some(18),
            ..StyleDef::new("Note", "Report note")
        },
        StyleDef {
            size: Some(18),
            font: Some(CODE_FONT),
            ..StyleDef::new("Code", "Report code")
        },
    ];
    for StyleDef {
        id,
        name,
        next_normal: next,
        spacing,
        outline: level,
        bold,
        italic,
        color,
        size,
        font,
    } in defs
    {
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\" />\
             <w:basedOn w:val=\"Normal\" />"
        );
        if next {
            out.push_str("<w:next w:val=\"Normal\" />");
        }
        out.push_str("<w:qFormat /><w:pPr>");
        if let Some((before, after)) = spacing {
            let _ = write!(
                out,
                "<w:spacing w:before=\"{before}\" w:after=\"{after}\" />"
            );
        }
        if let Some(l) = level {
            let _ = write!(out, "<w:outlineLvl w:val=\"{l}\" />");
        }
        out.push_str("</w:pPr><w:rPr>");
        if let Some(f) = font {
            let _ = write!(out, "<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" />");
        }
        if bold {
            out.push_str("<w:b /><w:bCs />");
        }
        if italic {
            out.push_str("<w:i /><w:iCs />");
        }
        if let Some(c) = color {
            let _ = write!(out, "<w:color w:val=\"{c}\" />");
        }
        if let Some(s) = size {
            let _ = write!(out, "<w:sz w:val=\"{s}\" /><w:szCs w:val=\"{s}\" />");
        }
        out.push_str("</w:rPr></w:style>");
    }
    out.push_str("</w:styles>");
    out
}

/// `word/numbering.xml`: the bullets.
fn numbering_xml() -> String {
    format!(
        "{XML_HEAD}<w:numbering xmlns:w=\"{NS_W}\"><w:abstractNum w:abstractNumId=\"{BULLETS}\">\
         <w:multiLevelType w:val=\"singleLevel\" /><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\" />\
         <w:numFmt w:val=\"bullet\" /><w:lvlText w:val=\"•\" /><w:lvlJc w:val=\"left\" />\
         <w:pPr><w:ind w:left=\"360\" w:hanging=\"240\" /></w:pPr></w:lvl></w:abstractNum>\
         <w:num w:numId=\"{BULLETS}\"><w:abstractNumId w:val=\"{BULLETS}\" /></w:num></w:numbering>"
    )
}

/// `word/settings.xml`: laid out as Word 2013 and later do, not in
/// compatibility mode.
fn settings_xml() -> String {
    format!(
        "{XML_HEAD}<w:settings xmlns:w=\"{NS_W}\"><w:defaultTabStop w:val=\"840\" />\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" \
         w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\" /></w:compat></w:settings>"
    )
}

/// `word/footer1.xml`: "Page n", centred.
fn footer_xml() -> String {
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"{NS_W}\"><w:p><w:pPr><w:pStyle w:val=\"Note\" />\
         <w:jc w:val=\"center\" /></w:pPr><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"begin\" /></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\" /></w:r><w:r><w:t>1</w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"end\" /></w:r></w:p></w:ftr>"
    )
}

/// `docProps/core.xml`: title, subject, author, language and the
/// document's own dates.
fn core_xml(doc: &Document) -> String {
    let created = escaped(&doc.created);
    let generator = escaped(&doc.generator);
    format!(
        "{XML_HEAD}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{generator}</dc:creator>\
         <dc:language>{}</dc:language><cp:lastModifiedBy>{generator}</cp:lastModifiedBy>\
         <cp:revision>1</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:modified>\
         </cp:coreProperties>",
        escaped(&doc.title),
        escaped(&doc.subject),
        escaped(doc.language),
    )
}

/// `docProps/app.xml`: the program that wrote it.
fn app_xml(doc: &Document) -> String {
    format!(
        "{XML_HEAD}<Properties \
         xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>{}</Application></Properties>",
        escaped(&doc.generator)
    )
}

fn content_types_xml() -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />\
         <Default Extension=\"xml\" ContentType=\"application/xml\" />\
         <Default Extension=\"png\" ContentType=\"image/png\" />\
         <Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\" />\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\" />\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"{main}.numbering+xml\" />\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\" />\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\" />\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\" />\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\" />\
         </Types>"
    )
}

fn package_rels_xml() -> String {
    format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\" />\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\" />\
         <Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\" />\
         </Relationships>"
    )
}

/// `word/_rels/document.xml.rels`: styles, numbering, settings, the
/// footer and each picture.
fn document_rels_xml(pictures: usize) -> String {
    let mut out = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"{REL}/styles\" Target=\"styles.xml\" />\
         <Relationship Id=\"rIdNumbering\" Type=\"{REL}/numbering\" Target=\"numbering.xml\" />\
         <Relationship Id=\"rIdSettings\" Type=\"{REL}/settings\" Target=\"settings.xml\" />\
         <Relationship Id=\"rIdFooter\" Type=\"{REL}/footer\" Target=\"footer1.xml\" />"
    );
    for n in 1..=pictures {
        let _ = write!(
            out,
            "<Relationship Id=\"rIdImage{n}\" Type=\"{REL}/image\" Target=\"media/image{n}.png\" />"
        );
    }
    out.push_str("</Relationships>");
    out
}

/// Render the document as a Word file.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut w = Word {
        doc,
        body: String::with_capacity(4 << 20),
        page_break: false,
        pictures: Vec::new(),
        bookmarks: 0,
    };
    w.line(Para::style("Title"), &doc.title, &Look::default());
    for b in &doc.blocks {
        w.block(b);
    }
    let document = document_xml(&w.body);
    let mut named: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types_xml().into_bytes(),
        ),
        ("_rels/.rels".into(), package_rels_xml().into_bytes()),
        ("docProps/core.xml".into(), core_xml(doc).into_bytes()),
        ("docProps/app.xml".into(), app_xml(doc).into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels_xml(w.pictures.len()).into_bytes(),
        ),
        ("word/styles.xml".into(), styles_xml().into_bytes()),
        ("word/numbering.xml".into(), numbering_xml().into_bytes()),
        ("word/settings.xml".into(), settings_xml().into_bytes()),
        ("word/footer1.xml".into(), footer_xml().into_bytes()),
    ];
    named.push(("word/document.xml".into(), document.into_bytes()));
    // The package is mostly its pictures, stored as they are: room for
    // them up front, rather than the megabytes copied as the buffer
    // doubles.
    let size: usize = w.pictures.iter().map(|p| p.len() + 128).sum::<usize>()
        + named
            .iter()
            .map(|(n, b)| b.len() + n.len() + 128)
            .sum::<usize>()
        + 4096;
    let fail = |e: zip::result::ZipError| Error::render("Word document", e);
    let io = |e: std::io::Error| Error::render("Word document", e);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in &named {
        zip.start_file(name.as_str(), options).map_err(fail)?;
        zip.write_all(bytes).map_err(io)?;
    }
    for (n, png) in w.pictures.iter().enumerate() {
        zip.start_file(format!("word/media/image{}.png", n + 1), options)
            .map_err(fail)?;
        zip.write_all(png).map_err(io)?;
    }
    let out = zip.finish().map_err(fail)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(docx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("zip");
        let mut f = zip.by_name(name).expect("part");
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).expect("read");
        s
    }

    #[test]
    fn columns_are_as_wide_as_their_words_need_and_fill_the_text_width() {
        let words = |s: &str| Cell::Text(s.to_string());
        let t = DocTable {
            name: "t".into(),
            caption: "t".into(),
            columns: vec![
                super::super::document::Column::text("Target"),
                super::super::document::Column::statuses("Status"),
            ],
            rows: vec![vec![
                words("100%"),
                Cell::Status {
                    status: Status::AccelerationNeeded,
                    flags: Vec::new(),
                    note: Vec::new(),
                },
            ]],
            row_headers: false,
            note: Vec::new(),
            sheet: None,
        };
        let g = grid(&t);
        // Needs (bold header words a tenth wider): 100 × 6.6 ("Target",
        // bold) = 660 and 100 × 12 ("Acceleration") = 1200; wishes 660
        // and 100 × 21 ("↗ Acceleration needed") = 2100. With 250 of
        // margins each, both wishes fit in 9638, so 910 + 2350 = 3260 are
        // stretched to it: 910 × 9638/3260 = 2690.38 and 2350 × 9638/3260
        // = 6947.62. The text keeps its 9 points.
        assert_eq!(g.widths, vec![2690, 6948]);
        assert_eq!(g.widths.iter().sum::<usize>(), 9638);
        assert_eq!((g.size, g.margin), (18, None));
    }

    #[test]
    fn a_table_too_wide_for_its_words_gets_smaller_text_not_broken_words() {
        let t = DocTable {
            name: "t".into(),
            caption: "t".into(),
            columns: (0..7)
                .map(|_| super::super::document::Column::text("Deterioration"))
                .collect(),
            rows: Vec::new(),
            row_headers: false,
            note: Vec::new(),
            sheet: None,
        };
        let g = grid(&t);
        // Seven bold "Deterioration" need 7 × 100 × 13 × 1.1 = 10010
        // twips of words; the page has 9638 − 7 × 250 = 7888 beside
        // Word's margins, too little, so the margins narrow to 150 and
        // the words shrink to (9638 − 7 × 150)/10010 = 8588/10010 =
        // 0.858, 15.44 half-points, written as 15 (7.5 points). Each
        // column is then 150 + 1430 × 0.858 = 1376.9 twips.
        assert_eq!(g.size, 15);
        assert_eq!(g.margin, Some(60));
        assert_eq!(g.widths, vec![1377; 7]);
        // Never below 6.5 points, however wide the table.
        let wider = DocTable {
            columns: (0..30)
                .map(|_| super::super::document::Column::text("Deterioration"))
                .collect(),
            ..t
        };
        assert_eq!(grid(&wider).size, 13);
    }

    #[test]
    fn headings_tables_and_pictures_are_word_structures() {
        let mut doc = super::super::document::sample();
        // A picture needs pixels.
        if let Some(i) = doc.images.get_mut("households--regions") {
            i.png = crate::plot::canvas::PngCanvas::new(12, 7).finish();
            i.size = (12, 7);
        }
        let bytes = render(&doc).expect("render");
        assert_eq!(bytes, render(&doc).expect("again"), "same bytes every time");
        let xml = part(&bytes, "word/document.xml");
        for style in ["Title", "Heading1", "Heading2", "Heading3", "Caption"] {
            assert!(
                xml.contains(&format!("<w:pStyle w:val=\"{style}\" />")),
                "no {style}"
            );
        }
        // Two tables, each with its header row repeated.
        assert_eq!(xml.matches("<w:tbl>").count(), 2);
        assert_eq!(xml.matches("<w:tblHeader />").count(), 2);
        // The picture has its description as alt text.
        assert!(
            xml.contains("<wp:docPr id=\"1\" name=\"Figure 1\" descr=\"Line chart of households online. World 68.4% → 80%.\" />"),
            "{xml}"
        );
        // A status cell is shaded with the chart's fill and says its word.
        assert!(xml.contains("w:fill=\"8FD19E\""), "on track's fill");
        assert!(xml.contains("↑ On track"));
        // Text is escaped.
        assert!(xml.contains("Africa &lt;b&gt;&amp;&lt;/b&gt;"));
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("2025-12-31T00:00:00Z"), "{core}");
        assert!(
            core.contains("<dc:title>Annual report &lt;2025&gt;</dc:title>"),
            "{core}"
        );
    }

    #[test]
    fn bookmarks_are_names_word_accepts() {
        assert_eq!(bookmark("t1.3"), "t1_3");
        assert_eq!(bookmark("1.3-x"), "b1_3_x");
    }
}
