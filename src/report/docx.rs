//! The document as a Word file (`report.docx`), through the docx-rs crate:
//! Word's own styles (Title, Heading 1–4, Caption), so that the navigation
//! pane and a table of contents work; a contents field filled from the
//! headings; tables with a header row repeated on every page and status
//! cells shaded in the charts' colours with their symbol and word; charts
//! as PNG at print resolution with their description as alt text and a
//! caption; a page break before every target; page numbers in the footer.
//!
//! Two things docx-rs cannot say are added to the XML it writes, before it
//! is packed: the alt text of each picture (`wp:docPr descr`, with ids
//! unique in the file) and the repeated header row (`w:tblHeader`); and the
//! title, subject, author and language of the core properties. The dates
//! in the properties are the document's own, never the clock, and the zip
//! entries keep their fixed order and time, so that the same document gives
//! the same bytes.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Hyperlink, HyperlinkType, IndentLevel, Level,
    LevelJc, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType,
    Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::document::{
    Block, Cell, ColumnKind, Document, Figure, Inline, ParagraphStyle, Table as DocTable, plain,
};
use crate::error::{Error, Result};
use crate::plot::theme;
use crate::progress::Status;

/// The body font: Arial is on every Windows and Mac, and LibreOffice
/// substitutes Liberation Sans, which has its metrics.
const FONT: &str = "Arial";
/// The width of the text on an A4 page with 2 cm margins, in EMU
/// (914 400 to the inch): 17 cm.
const TEXT_WIDTH_EMU: u32 = 6_120_000;
/// Bullets' numbering id.
const BULLETS: usize = 2;

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

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .size(size)
            .bold()
            .color("1F1F1F")
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(280 - 40 * level as u32).after(80))
    };
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .size(40)
            .bold(),
    )
    .add_style(heading("Heading1", "heading 1", 32, 0))
    .add_style(heading("Heading2", "heading 2", 26, 1))
    .add_style(heading("Heading3", "heading 3", 22, 2))
    .add_style(heading("Heading4", "heading 4", 21, 3).italic())
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .size(18)
            .italic()
            .color("4D4D4D")
            .line_spacing(LineSpacing::new().before(60).after(160)),
    )
    .add_style(
        Style::new("Meta", StyleType::Paragraph)
            .name("Report meta")
            .based_on("Normal")
            .color("4D4D4D"),
    )
    .add_style(
        Style::new("Note", StyleType::Paragraph)
            .name("Report note")
            .based_on("Normal")
            .size(18)
            .color("4D4D4D"),
    )
    .add_style(
        Style::new("Code", StyleType::Paragraph)
            .name("Report code")
            .based_on("Normal")
            .size(18)
            .fonts(RunFonts::new().ascii("Courier New").hi_ansi("Courier New")),
    )
}

/// A run of text in a style.
fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

fn runs(p: Paragraph, inlines: &[Inline]) -> Paragraph {
    let mut p = p;
    for i in inlines {
        p = match i {
            Inline::Text(t) => p.add_run(run(t)),
            Inline::Strong(t) => p.add_run(run(t).bold()),
            Inline::Emphasis(t) => p.add_run(run(t).italic()),
            Inline::Code(t) => {
                p.add_run(run(t).fonts(RunFonts::new().ascii("Courier New").hi_ansi("Courier New")))
            }
            Inline::Aside(t) => p.add_run(run(t).color("4D4D4D")),
            Inline::Link { text, href } => match href.strip_prefix('#') {
                Some(anchor) => p.add_hyperlink(
                    Hyperlink::new(bookmark(anchor), HyperlinkType::Anchor)
                        .add_run(run(text).underline("single")),
                ),
                None => p.add_run(run(&format!("{text} ({href})"))),
            },
            Inline::Status(s) => p.add_run(status_run(*s)),
        };
    }
    p
}

fn status_words(s: Status) -> String {
    format!("{} {}", s.symbol(), s.label())
}

fn status_run(s: Status) -> Run {
    run(&status_words(s))
        .shading(
            Shading::new()
                .shd_type(ShdType::Clear)
                .fill(hex(theme::status_fill(s))),
        )
        .color(hex(theme::status_ink(s)))
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

/// The table's column widths in twips, as a browser lays out a table:
/// each column needs at least its longest word (up to 14 characters, so
/// that "Acceleration" is not broken) and would like its longest cell (up
/// to 40); every column gets its need, and what is left of the text width
/// goes to the columns in proportion to what they would like beyond it.
/// Without a grid, Word and LibreOffice give every column the same width.
fn grid(t: &DocTable) -> Vec<usize> {
    // About one character of 9-point Arial, and a cell's two margins.
    const CHAR: f64 = 100.0;
    const MARGINS: f64 = 250.0;
    let (floor, wish): (Vec<f64>, Vec<f64>) = t
        .columns
        .iter()
        .enumerate()
        .map(|(k, col)| {
            let mut texts = vec![col.name.clone()];
            texts.extend(t.rows.iter().filter_map(|r| r.get(k)).map(shown));
            let longest = texts.iter().map(|s| s.chars().count()).max().unwrap_or(0);
            let word = texts
                .iter()
                .flat_map(|s| s.split_whitespace().map(|w| w.chars().count()))
                .max()
                .unwrap_or(0);
            // Small counts, exact in f64.
            #[allow(clippy::cast_precision_loss)]
            let (word, longest) = (word.min(14) as f64, longest.min(40) as f64);
            (MARGINS + CHAR * word, MARGINS + CHAR * longest.max(word))
        })
        .unzip();
    let floors: f64 = floor.iter().sum();
    let extra: f64 = wish.iter().zip(&floor).map(|(w, f)| w - f).sum();
    let widths: Vec<f64> = if floors >= TEXT_WIDTH_TWIPS || extra <= 0.0 {
        floor
            .iter()
            .map(|f| f * TEXT_WIDTH_TWIPS / floors)
            .collect()
    } else {
        let share = ((TEXT_WIDTH_TWIPS - floors) / extra).min(1.0);
        let wanted: Vec<f64> = floor
            .iter()
            .zip(&wish)
            .map(|(f, w)| f + (w - f) * share)
            .collect();
        // A table narrower than the page fills it, as at 100% width.
        let sum: f64 = wanted.iter().sum();
        wanted.iter().map(|w| w * TEXT_WIDTH_TWIPS / sum).collect()
    };
    widths
        .iter()
        .map(|w| {
            // Positive and at most the text width: a whole number of twips.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let twips = w.round() as usize;
            twips
        })
        .collect()
}

/// The parts of the body, in order, before they go into the `Docx`.
enum Part {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

struct Word<'d> {
    doc: &'d Document,
    parts: Vec<Part>,
    /// The next paragraph starts a new page.
    page_break: bool,
    /// The alt text of each picture, in order.
    alt: Vec<String>,
    /// Bookmarks placed so far (their ids).
    bookmarks: usize,
}

impl Word<'_> {
    fn paragraph(&mut self, p: Paragraph) {
        let p = if std::mem::take(&mut self.page_break) {
            p.page_break_before(true)
        } else {
            p
        };
        self.parts.push(Part::Paragraph(Box::new(p)));
    }

    fn cell(&self, c: &Cell, numeric: bool, header: bool) -> TableCell {
        let base = Paragraph::new().style("Note");
        let base = if numeric {
            base.align(AlignmentType::Right)
        } else {
            base
        };
        let base = if header { base.bold() } else { base };
        let cell = TableCell::new();
        match c {
            Cell::Empty => cell.add_paragraph(base),
            Cell::Text(t) => cell.add_paragraph(base.add_run(run(t))),
            Cell::Rich(r) => cell.add_paragraph(runs(base, r)),
            Cell::Integer(_) | Cell::Number { .. } | Cell::Confidence(_) => {
                cell.add_paragraph(base.add_run(run(&c.plain())))
            }
            Cell::Status {
                status,
                flags,
                note,
            } => {
                let mut p = base
                    .add_run(run(&status_words(*status)).color(hex(theme::status_ink(*status))));
                // The marks alone, as footnote marks are: the table's note
                // says what each means, and a page has no hidden text to
                // say it in the cell.
                for f in flags {
                    p = p.add_run(run(&format!(" {}", f.symbol)).bold());
                }
                let mut cell = cell
                    .shading(
                        Shading::new()
                            .shd_type(ShdType::Clear)
                            .fill(hex(theme::status_fill(*status))),
                    )
                    .add_paragraph(p);
                if !note.is_empty() {
                    cell = cell.add_paragraph(runs(
                        Paragraph::new()
                            .style("Note")
                            .color(hex(theme::status_ink(*status))),
                        note,
                    ));
                }
                cell
            }
        }
    }

    fn table(&mut self, t: &DocTable) {
        self.paragraph(
            Paragraph::new()
                .style("Caption")
                .keep_next(true)
                .add_run(run(&format!("Table: {}", t.caption))),
        );
        let header = TableRow::new(
            t.columns
                .iter()
                .map(|c| match c.status {
                    Some(s) => self.cell(
                        &Cell::Status {
                            status: s,
                            flags: Vec::new(),
                            note: Vec::new(),
                        },
                        false,
                        true,
                    ),
                    None => self
                        .cell(
                            &Cell::Text(c.name.clone()),
                            c.kind == ColumnKind::Number,
                            true,
                        )
                        .shading(Shading::new().shd_type(ShdType::Clear).fill("EDEDED")),
                })
                .collect(),
        )
        .cant_split();
        let mut rows = vec![header];
        for r in &t.rows {
            rows.push(
                TableRow::new(
                    t.columns
                        .iter()
                        .zip(r)
                        .enumerate()
                        .map(|(k, (c, v))| {
                            self.cell(v, c.kind == ColumnKind::Number, k == 0 && t.row_headers)
                        })
                        .collect(),
                )
                .cant_split(),
            );
        }
        let table = Table::new(rows)
            .set_grid(grid(t))
            .width(5000, WidthType::Pct)
            .layout(TableLayoutType::Autofit);
        let table = if std::mem::take(&mut self.page_break) {
            self.parts.push(Part::Paragraph(Box::new(
                Paragraph::new().page_break_before(true),
            )));
            table
        } else {
            table
        };
        self.parts.push(Part::Table(Box::new(table)));
        if !t.note.is_empty() {
            self.paragraph(runs(Paragraph::new().style("Note"), &t.note));
        }
    }

    fn figure(&mut self, f: &Figure) {
        let Some(image) = self.doc.images.get(&f.image) else {
            return;
        };
        if image.png.is_empty() {
            return;
        }
        let (w, h) = image.size;
        let height = u64::from(TEXT_WIDTH_EMU) * u64::from(h) / u64::from(w.max(1));
        let n = self.alt.len() + 1;
        let pic = Pic::new_with_dimensions(image.png.clone(), w, h)
            .id(format!("rIdImage{n}"))
            .size(TEXT_WIDTH_EMU, u32::try_from(height).unwrap_or(u32::MAX));
        self.alt.push(f.description.clone());
        self.paragraph(
            Paragraph::new()
                .keep_next(true)
                .add_run(Run::new().add_image(pic)),
        );
        self.paragraph(
            Paragraph::new()
                .style("Caption")
                .add_run(run(&format!("Figure: {}", f.caption))),
        );
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading(h) => {
                let style = format!("Heading{}", h.level.clamp(1, 4));
                let mut p = Paragraph::new().style(&style).keep_next(true);
                if let Some(a) = &h.anchor {
                    self.bookmarks += 1;
                    p = p.add_bookmark_start(self.bookmarks, bookmark(a));
                    p = runs(p, &h.text).add_bookmark_end(self.bookmarks);
                } else {
                    p = runs(p, &h.text);
                }
                self.paragraph(p);
            }
            Block::Paragraph(p) => {
                let para = match p.style {
                    ParagraphStyle::Body => Paragraph::new(),
                    ParagraphStyle::Meta => Paragraph::new().style("Meta"),
                    ParagraphStyle::Note | ParagraphStyle::Footer => Paragraph::new().style("Note"),
                    ParagraphStyle::Notice => Paragraph::new(),
                };
                // A notice leads with its words in bold (the document
                // says so), which is how Word readers spot it.
                self.paragraph(runs(para, &p.text));
            }
            Block::List(items) => {
                for i in items {
                    self.paragraph(runs(
                        Paragraph::new().numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
                        i,
                    ));
                }
            }
            Block::Definitions(d) => {
                for (k, v) in d {
                    self.paragraph(runs(
                        Paragraph::new().add_run(run(&format!("{k}: ")).bold()),
                        v,
                    ));
                }
            }
            Block::Table(t) => self.table(t),
            Block::Figure(f) => self.figure(f),
            Block::Code(c) => {
                for line in c.lines() {
                    self.paragraph(Paragraph::new().style("Code").add_run(run(line)));
                }
            }
            Block::PageBreak => self.page_break = true,
            Block::Contents => {
                // Links to the parts' bookmarks rather than a TOC field:
                // a field shows its code or stale page numbers until Word
                // or LibreOffice updates it; the navigation pane and an
                // inserted table of contents work from the heading styles.
                self.paragraph(Paragraph::new().style("Heading1").add_run(run("Contents")));
                let entries: Vec<(String, String)> = self
                    .doc
                    .contents()
                    .into_iter()
                    .map(|(h, a)| (plain(&h.text), bookmark(a)))
                    .collect();
                for (words, anchor) in entries {
                    self.paragraph(Paragraph::new().add_hyperlink(
                        Hyperlink::new(anchor, HyperlinkType::Anchor).add_run(run(&words)),
                    ));
                }
            }
        }
    }
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What docx-rs cannot say, added to the XML it wrote: the pictures' alt
/// text with unique ids, and the tables' repeated header rows.
fn finish_document(xml: &str, alt: &[String]) -> String {
    // Each picture: docx-rs writes the same `wp:docPr` for all.
    let mut out = String::with_capacity(xml.len() + 64 * 1024);
    let mut rest = xml;
    let mut n = 0;
    while let Some(i) = rest.find("<wp:docPr id=\"1\" name=\"Figure\" />") {
        out.push_str(&rest[..i]);
        let descr = alt.get(n).map(String::as_str).unwrap_or("");
        n += 1;
        out.push_str(&format!(
            "<wp:docPr id=\"{n}\" name=\"Figure {n}\" descr=\"{}\" />",
            xml_text(descr)
        ));
        rest = &rest[i + "<wp:docPr id=\"1\" name=\"Figure\" />".len()..];
    }
    out.push_str(rest);
    // The first row of every table is its header: Word repeats it on each
    // page and reads it as the column headers.
    let mut done = String::with_capacity(out.len() + 16 * 1024);
    let mut rest = out.as_str();
    while let Some(i) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(i);
        done.push_str(head);
        match tail.find("<w:trPr>") {
            Some(j) => {
                done.push_str(&tail[..j + "<w:trPr>".len()]);
                done.push_str("<w:tblHeader />");
                rest = &tail[j + "<w:trPr>".len()..];
            }
            None => {
                done.push_str(tail);
                rest = "";
            }
        }
    }
    done.push_str(rest);
    done
}

/// The core properties docx-rs leaves as "unknown": title, subject,
/// author, language.
fn finish_core(xml: &str, doc: &Document) -> String {
    xml.replace(
        "<dc:creator>unknown</dc:creator>",
        &format!(
            "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><dc:language>{}</dc:language>",
            xml_text(&doc.title),
            xml_text(&doc.subject),
            xml_text(&doc.generator),
            doc.language
        ),
    )
    .replace(
        "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
        &format!("<cp:lastModifiedBy>{}</cp:lastModifiedBy>", xml_text(&doc.generator)),
    )
}

/// Render the document as a Word file.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut w = Word {
        doc,
        parts: Vec::new(),
        page_break: false,
        alt: Vec::new(),
        bookmarks: 0,
    };
    w.paragraph(Paragraph::new().style("Title").add_run(run(&doc.title)));
    for b in &doc.blocks {
        w.block(b);
    }
    let mut docx = styles(Docx::new())
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(20)
        .page_size(11_906, 16_838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1134)
                .right(1134),
        )
        .created_at(&doc.created)
        .updated_at(&doc.created)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .style("Note")
                    .add_run(run("Page "))
                    .add_page_num(PageNum::new()),
            ),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360),
                    Some(SpecialIndentType::Hanging(240)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    for p in w.parts {
        docx = match p {
            Part::Paragraph(p) => docx.add_paragraph(*p),
            Part::Table(t) => docx.add_table(*t),
        };
    }
    let mut xml = docx.build();
    xml.document = finish_document(&String::from_utf8_lossy(&xml.document), &w.alt).into_bytes();
    xml.doc_props.core =
        finish_core(&String::from_utf8_lossy(&xml.doc_props.core), doc).into_bytes();
    // The package is mostly its pictures, stored as they are: room for
    // them up front, rather than the 27 MB copied as the buffer doubles.
    let parts: usize = xml.media.iter().map(|(_, m)| m.len()).sum::<usize>()
        + xml.document.len()
        + xml.styles.len();
    let mut out = Cursor::new(Vec::with_capacity(parts + (1 << 20)));
    xml.pack(&mut out)
        .map_err(|e| Error::render("Word document", e))?;
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
        // Floors: 250 + 100 × 6 ("Target") = 850 and 250 + 100 × 12
        // ("Acceleration") = 1450; wishes 850 and 250 + 100 × 21 ("↗
        // Acceleration needed") = 2350. Both wishes fit in 9638, so the
        // 3200 are stretched to it: 850 × 9638/3200 = 2560.04 and
        // 2350 × 9638/3200 = 7077.96.
        assert_eq!(g, vec![2560, 7078]);
        assert_eq!(g.iter().sum::<usize>(), 9638);
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
