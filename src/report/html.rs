//! The document as one self-contained HTML page: inline CSS, the bundled
//! font, inline SVG charts, no script and nothing fetched from the
//! network. A print stylesheet starts each target on a new page, keeps
//! charts and tables whole and numbers the pages, so that the browser's
//! "print to PDF" (and `rbm report --pdf`) gives clean pages with an
//! outline from the headings.
//!
//! Every string from data or definitions goes through [`escape`].

use std::fmt::Write as _;

use super::document::{
    Block, Cell, ColumnKind, Document, Figure, Inline, ParagraphStyle, Table, plain,
};
use crate::error::Result;
use crate::plot::canvas::font_face_css;
use crate::plot::theme;
use crate::progress::Status;

const CSS: &str = r#"
:root { --ink:#222; --muted:#555; --rule:#d9d9d9; --band:#f5f5f5; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; line-height: 1.45; font-size: 15px; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; line-height: 1.25; margin: 8px 0 8px; }
h2 { font-size: 23px; margin: 40px 0 6px; border-top: 3px solid var(--ink); padding-top: 12px; }
h3 { font-size: 19px; margin: 28px 0 6px; }
h4, h5 { font-size: 16px; margin: 20px 0 6px; }
.aside { color: var(--muted); font-weight: normal; font-size: 0.85em; }
p.meta, p.note { color: var(--muted); margin: 2px 0; }
p.note { font-size: 13.5px; }
nav.contents { background: var(--band); padding: 10px 16px; margin: 18px 0; }
nav.contents h2 { font-size: 16px; margin: 0; border: none; padding: 0; }
nav.contents ol { margin: 4px 0; padding-left: 22px; columns: 2; }
nav.contents li { padding: 3px 0; }
nav.contents a { color: var(--ink); }
table { border-collapse: collapse; margin: 10px 0 4px; width: 100%; font-size: 13.5px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--band); font-weight: bold; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.def { display: grid; grid-template-columns: 150px 1fr; gap: 3px 14px; margin: 8px 0 14px; font-size: 13.5px; }
dl.def dt { font-weight: bold; color: var(--muted); }
dl.def dd { margin: 0; }
figure { margin: 14px 0 18px; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 13.5px; margin-top: 4px; }
details { margin: 4px 0 0; font-size: 13.5px; }
details summary { cursor: pointer; color: var(--ink); }
.status { padding: 1px 6px; border-radius: 3px; display: inline-block; }
td .status { white-space: nowrap; }
thead .status { overflow-wrap: normal; }
table[id^="map_"] th, table[id^="map_"] td.num { overflow-wrap: normal; white-space: nowrap; }
table[id^="map_"] th .status { white-space: nowrap; }
.flag { color:#b83b0e; font-weight: bold; }
.conf { white-space: nowrap; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.cell-note { display: block; color: var(--muted); font-size: 13px; }
p.notice { background: #fff6dc; border-left: 4px solid #f6d36b; padding: 8px 12px; margin: 10px 0; }
p.footer { color: var(--muted); font-size: 12.5px; margin-top: 40px; border-top: 1px solid var(--rule); padding-top: 8px; }
pre { background: var(--band); padding: 8px 12px; overflow-x: auto; }
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8.5pt "DejaVu Sans", sans-serif; color: #555; } }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .page-break { break-before: page; }
  h2 { border-top: none; }
  h2, h3, h4, h5, caption { break-after: avoid; }
  figure, table, dl.def, p.notice { break-inside: avoid; }
  tr { break-inside: avoid; }
  figure svg { border: none; }
  details { display: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The status badges' colours: the charts' own fills and inks, so that a
/// status looks the same in a table as in the grid.
fn status_css() -> String {
    let mut out = String::new();
    for s in Status::ALL {
        let _ = writeln!(
            out,
            ".s-{} {{ background:{}; color:{}; }}",
            s.as_str(),
            theme::status_fill(s).hex(),
            theme::status_ink(s).hex()
        );
    }
    out
}

/// HTML-escape text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn status_span(s: Status) -> String {
    format!(
        "<span class=\"status s-{}\">{} {}</span>",
        s.as_str(),
        s.symbol(),
        escape(s.label())
    )
}

fn inline(out: &mut String, runs: &[Inline]) {
    for r in runs {
        match r {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", escape(t));
            }
            Inline::Emphasis(t) => {
                let _ = write!(out, "<em>{}</em>", escape(t));
            }
            Inline::Code(t) => {
                let _ = write!(out, "<code>{}</code>", escape(t));
            }
            Inline::Aside(t) => {
                let _ = write!(out, "<span class=\"aside\">{}</span>", escape(t));
            }
            Inline::Link { text, href } => {
                let _ = write!(out, "<a href=\"{}\">{}</a>", escape(href), escape(text));
            }
            Inline::Status(s) => out.push_str(&status_span(*s)),
        }
    }
}

fn runs(r: &[Inline]) -> String {
    let mut s = String::new();
    inline(&mut s, r);
    s
}

fn cell(out: &mut String, c: &Cell) {
    match c {
        Cell::Empty => {}
        Cell::Text(t) => out.push_str(&escape(t)),
        Cell::Rich(r) => inline(out, r),
        Cell::Integer(_) | Cell::Number { .. } => out.push_str(&escape(&c.plain())),
        Cell::Status {
            status,
            flags,
            note,
        } => {
            out.push_str(&status_span(*status));
            for f in flags {
                let _ = write!(
                    out,
                    " <span class=\"flag\" aria-hidden=\"true\">{}</span><span class=\"vh\">({})</span>",
                    escape(&f.symbol),
                    escape(&f.meaning)
                );
            }
            if !note.is_empty() {
                let _ = write!(out, "<span class=\"cell-note\">{}</span>", runs(note));
            }
        }
        // The mark is for the eye; the word is read aloud.
        Cell::Confidence(c) => {
            let _ = write!(
                out,
                "<span class=\"conf\"><span aria-hidden=\"true\">{}</span> {}</span>",
                c.mark(),
                c.as_str()
            );
        }
    }
}

fn table(out: &mut String, t: &Table) {
    let _ = write!(
        out,
        "<table id=\"{}\">\n<caption>{}</caption>\n<thead><tr>",
        escape(&t.name),
        escape(&t.caption)
    );
    for c in &t.columns {
        let class = if c.kind == ColumnKind::Number {
            " class=\"num\""
        } else {
            ""
        };
        let name = match c.status {
            Some(s) => status_span(s),
            None => escape(&c.name),
        };
        let _ = write!(out, "<th scope=\"col\"{class}>{name}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (k, (c, v)) in t.columns.iter().zip(row).enumerate() {
            let class = if c.kind == ColumnKind::Number {
                " class=\"num\""
            } else {
                ""
            };
            let tag = if k == 0 && t.row_headers {
                "th scope=\"row\""
            } else {
                "td"
            };
            let _ = write!(out, "<{tag}{class}>");
            cell(out, v);
            out.push_str(if k == 0 && t.row_headers {
                "</th>"
            } else {
                "</td>"
            });
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !t.note.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", runs(&t.note));
    }
}

fn figure(out: &mut String, doc: &Document, f: &Figure) {
    let Some(image) = doc.images.get(&f.image) else {
        return;
    };
    let _ = write!(
        out,
        "<figure>{}<figcaption>{}</figcaption>\n<details><summary>The chart in words and numbers</summary>\n<p>{}</p>\n",
        image.svg,
        escape(&f.caption),
        escape(&f.description)
    );
    if let Some(t) = &f.data {
        table(out, t);
    }
    out.push_str("</details></figure>\n");
}

fn block(out: &mut String, doc: &Document, b: &Block) {
    match b {
        Block::Heading(h) => {
            let level = h.level + 1;
            let id = h
                .anchor
                .as_ref()
                .map(|a| format!(" id=\"{}\"", escape(a)))
                .unwrap_or_default();
            let _ = writeln!(out, "<h{level}{id}>{}</h{level}>", runs(&h.text));
        }
        Block::Paragraph(p) => {
            let class = match p.style {
                ParagraphStyle::Body => "",
                ParagraphStyle::Meta => " class=\"meta\"",
                ParagraphStyle::Note => " class=\"note\"",
                ParagraphStyle::Notice => " class=\"notice\"",
                ParagraphStyle::Footer => " class=\"footer\"",
            };
            let _ = writeln!(out, "<p{class}>{}</p>", runs(&p.text));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(out, "<li>{}</li>", runs(i));
            }
            out.push_str("</ul>\n");
        }
        Block::Definitions(d) => {
            out.push_str("<dl class=\"def\">");
            for (k, v) in d {
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(k), runs(v));
            }
            out.push_str("</dl>\n");
        }
        Block::Table(t) => table(out, t),
        Block::Figure(f) => figure(out, doc, f),
        Block::Code(c) => {
            let _ = writeln!(out, "<pre>{}</pre>", escape(c));
        }
        Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
        Block::Contents => {
            out.push_str("<nav class=\"contents\" aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2><ol>");
            for (h, anchor) in doc.contents() {
                let _ = write!(
                    out,
                    "<li><a href=\"#{}\">{}</a></li>",
                    escape(anchor),
                    escape(&plain(&h.text))
                );
            }
            out.push_str("</ol></nav>\n");
        }
    }
}

/// Render the document as an HTML page.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}{}{}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        doc.language,
        escape(&doc.title),
        font_face_css(),
        CSS,
        status_css(),
        escape(&doc.title)
    );
    for b in &doc.blocks {
        block(&mut out, doc, b);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_are_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
    }

    /// The page without its style sheet (the bundled font is most of it).
    fn page(doc: &Document) -> String {
        let html = String::from_utf8(render(doc).expect("render")).expect("utf-8");
        let (head, rest) = html.split_once("<style>").expect("style");
        let (_, tail) = rest.split_once("</style>").expect("style end");
        format!("{head}<style>…</style>{tail}")
    }

    #[test]
    fn every_block_of_the_sample_document() {
        insta::assert_snapshot!(page(&super::super::document::sample()));
    }
}
