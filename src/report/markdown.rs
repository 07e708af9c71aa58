//! The document as Markdown, for pasting into a word processor or turning
//! into other formats with pandoc: charts linked from `charts/` with their
//! captions, tables as pipe tables with a `Table:` caption line. Markdown
//! has no page breaks, so they are left out.

use std::fmt::Write as _;

use super::document::{Block, Cell, ColumnKind, Document, Inline, ParagraphStyle, Table};
use crate::error::Result;

/// Text in a table cell: no pipe or line break may end the cell early.
fn cell_text(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Text that a Markdown reader must not take for an HTML tag: `<` before a
/// letter, `/` or `!` is escaped (a name such as `<script>` stays text).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn inline(runs: &[Inline]) -> String {
    let mut out = String::new();
    for r in runs {
        match r {
            Inline::Text(t) | Inline::Aside(t) => out.push_str(&text(t)),
            Inline::Strong(t) => {
                let _ = write!(out, "**{t}**");
            }
            Inline::Emphasis(t) => {
                let _ = write!(out, "*{t}*");
            }
            Inline::Code(t) => {
                let _ = write!(out, "`{t}`");
            }
            Inline::Link { text, href } => {
                let _ = write!(out, "[{text}]({href})");
            }
            Inline::Status(s) => {
                let _ = write!(out, "{} {}", s.symbol(), s.label());
            }
        }
    }
    out
}

fn cell(c: &Cell) -> String {
    match c {
        Cell::Rich(r) => cell_text(&inline(r)),
        // The note keeps its code spans.
        Cell::Status {
            status,
            flags,
            note,
        } if !note.is_empty() => {
            let bare = Cell::Status {
                status: *status,
                flags: flags.clone(),
                note: Vec::new(),
            };
            cell_text(&format!("{}: {}", bare.plain(), inline(note)))
        }
        other => cell_text(&text(&other.plain())),
    }
}

fn table(out: &mut String, t: &Table) {
    let names: Vec<String> = t.columns.iter().map(|c| cell_text(&c.name)).collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let rule: String = t
        .columns
        .iter()
        .map(|c| {
            if c.kind == ColumnKind::Number {
                "---:|"
            } else {
                "---|"
            }
        })
        .collect();
    let _ = writeln!(out, "|{rule}");
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(cell).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out, "\nTable: {}\n", t.caption);
    if !t.note.is_empty() {
        let _ = writeln!(out, "{}\n", inline(&t.note).replace('*', "\\*"));
    }
}

fn block(out: &mut String, doc: &Document, b: &Block) {
    match b {
        Block::Heading(h) => {
            let _ = writeln!(
                out,
                "{} {}\n",
                "#".repeat(usize::from(h.level) + 1),
                inline(&h.text)
            );
        }
        Block::Paragraph(p) => {
            let text = inline(&p.text);
            let _ = match p.style {
                ParagraphStyle::Note => writeln!(out, "*{text}*\n"),
                _ => writeln!(out, "{text}\n"),
            };
        }
        Block::List(items) => {
            for i in items {
                let _ = writeln!(out, "- {}", inline(i));
            }
            out.push('\n');
        }
        Block::Definitions(d) => {
            for (k, v) in d {
                let _ = writeln!(out, "- **{k}:** {}", cell_text(&inline(v)));
            }
            out.push('\n');
        }
        Block::Table(t) => table(out, t),
        Block::Figure(f) => {
            if let Some(image) = doc.images.get(&f.image) {
                let _ = writeln!(out, "![{}]({})\n", f.caption, image.file);
            }
        }
        Block::Code(c) => {
            let _ = writeln!(out, "```\n{c}```\n");
        }
        Block::PageBreak | Block::Contents => {}
    }
}

/// Render the document as Markdown.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut out = format!("# {}\n\n", text(&doc.title));
    for b in &doc.blocks {
        block(&mut out, doc, b);
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_text_stay_text() {
        assert_eq!(
            text("<script> and < 0 and a<b"),
            "\\<script> and < 0 and a\\<b"
        );
    }

    #[test]
    fn every_block_of_the_sample_document() {
        let md = render(&super::super::document::sample()).expect("render");
        insta::assert_snapshot!(String::from_utf8(md).expect("utf-8"));
    }
}
