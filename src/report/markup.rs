//! rbm's own pages (the methodology) are written in a small subset of
//! Markdown: headings, paragraphs, lists with continued lines, tables,
//! fenced code, and inline `**strong**`, `*emphasis*`, `` `code` `` and
//! `[links](href)`. This module reads that subset into document blocks, so
//! that every format writes the page in its own terms (no stray backticks
//! in HTML or Word). It does not read Markdown in general.

use super::document::{Block, Column, ColumnKind, Heading, Inline, Paragraph, ParagraphStyle};
use super::document::{Cell, Table, table_name};

/// Inline Markdown as runs of text.
pub fn inline(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = s;
    let flush = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("**")
            && let Some(end) = r.find("**")
        {
            flush(&mut plain, &mut out);
            // Runs do not nest: a bold name in code (**`cagr_ratio`**) is
            // bold.
            out.push(Inline::Strong(r[..end].replace('`', "")));
            rest = &r[end + 2..];
            continue;
        }
        if let Some(r) = rest.strip_prefix('`')
            && let Some(end) = r.find('`')
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Code(r[..end].to_string()));
            rest = &r[end + 1..];
            continue;
        }
        if let Some(r) = rest.strip_prefix('*')
            && let Some(end) = r.find('*')
            && end > 0
            && !r.starts_with(' ')
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Emphasis(r[..end].to_string()));
            rest = &r[end + 1..];
            continue;
        }
        if let Some(r) = rest.strip_prefix('[')
            && let Some(mid) = r.find("](")
            && let Some(end) = r[mid + 2..].find(')')
        {
            flush(&mut plain, &mut out);
            out.push(Inline::Link {
                text: r[..mid].to_string(),
                href: r[mid + 2..mid + 2 + end].to_string(),
            });
            rest = &r[mid + 2 + end + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut plain, &mut out);
    out
}

/// Text from data or definitions, where only `` `code` `` spans are
/// Markdown (progress notes name series codes that way); stars and
/// brackets stay text.
pub fn code_spans(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (k, part) in s.split('`').enumerate() {
        // An odd number of backticks leaves the last part as text.
        let closed = k % 2 == 1 && s.split('`').count() > k + 1;
        if part.is_empty() {
            continue;
        }
        out.push(if closed {
            Inline::Code(part.to_string())
        } else if k % 2 == 1 {
            Inline::Text(format!("`{part}"))
        } else {
            Inline::Text(part.to_string())
        });
    }
    out
}

fn paragraph(lines: &mut Vec<&str>, out: &mut Vec<Block>) {
    if !lines.is_empty() {
        out.push(Block::Paragraph(Paragraph {
            style: ParagraphStyle::Body,
            text: inline(&lines.join(" ")),
        }));
        lines.clear();
    }
}

/// Read a page into blocks. `#` headings become level 1, `##` level 2 and
/// so on; `name` prefixes the names of its tables (unique in a document).
pub fn blocks(md: &str, name: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    let mut para: Vec<&str> = Vec::new();
    let mut heading = String::new();
    let mut tables = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if t.is_empty() {
            paragraph(&mut para, &mut out);
            i += 1;
        } else if t.starts_with('#') {
            paragraph(&mut para, &mut out);
            let level = t.chars().take_while(|c| *c == '#').count();
            heading = t[level..].trim().to_string();
            out.push(Block::Heading(Heading {
                level: u8::try_from(level.min(4)).unwrap_or(4),
                text: inline(&heading),
                anchor: None,
                listed: false,
            }));
            i += 1;
        } else if t.starts_with("- ") {
            paragraph(&mut para, &mut out);
            let mut items = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with("- ") {
                let mut item = lines[i].trim_start()[2..].to_string();
                i += 1;
                // Continuation lines of the item.
                while i < lines.len()
                    && lines[i].starts_with("  ")
                    && !lines[i].trim_start().starts_with("- ")
                {
                    item.push(' ');
                    item.push_str(lines[i].trim());
                    i += 1;
                }
                items.push(inline(&item));
            }
            out.push(Block::List(items));
        } else if t.starts_with('|') {
            paragraph(&mut para, &mut out);
            let mut rows: Vec<Vec<&str>> = Vec::new();
            let mut numeric: Vec<bool> = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                let row = lines[i].trim();
                i += 1;
                let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
                if row.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                    numeric = cells.iter().map(|c| c.ends_with(':')).collect();
                    continue;
                }
                rows.push(cells);
            }
            tables += 1;
            let head = rows.first().cloned().unwrap_or_default();
            let columns = head
                .iter()
                .enumerate()
                .map(|(k, h)| Column {
                    name: super::document::plain(&inline(h)),
                    status: None,
                    kind: if numeric.get(k).copied().unwrap_or(false) {
                        ColumnKind::Number
                    } else {
                        ColumnKind::Text
                    },
                })
                .collect::<Vec<_>>();
            let body = rows
                .iter()
                .skip(1)
                .map(|r| {
                    (0..columns.len())
                        .map(|k| Cell::Rich(inline(r.get(k).copied().unwrap_or(""))))
                        .collect()
                })
                .collect();
            out.push(Block::Table(Table {
                name: table_name(&format!("{name} {tables}")),
                caption: super::document::plain(&inline(&heading)),
                columns,
                rows: body,
                row_headers: true,
                note: Vec::new(),
                sheet: None,
            }));
        } else if t.starts_with("```") {
            paragraph(&mut para, &mut out);
            i += 1;
            let mut code = String::new();
            while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                code.push_str(lines[i]);
                code.push('\n');
                i += 1;
            }
            out.push(Block::Code(code));
            i += 1;
        } else {
            para.push(t);
            i += 1;
        }
    }
    paragraph(&mut para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_becomes_runs() {
        assert_eq!(
            inline("Some **bold**, *em*, `code` and [a link](#t1.3) <b>."),
            vec![
                Inline::Text("Some ".into()),
                Inline::Strong("bold".into()),
                Inline::Text(", ".into()),
                Inline::Emphasis("em".into()),
                Inline::Text(", ".into()),
                Inline::Code("code".into()),
                Inline::Text(" and ".into()),
                Inline::Link {
                    text: "a link".into(),
                    href: "#t1.3".into()
                },
                Inline::Text(" <b>.".into()),
            ]
        );
        assert_eq!(
            inline("**`cagr_ratio`** (default)"),
            vec![
                Inline::Strong("cagr_ratio".into()),
                Inline::Text(" (default)".into())
            ]
        );
        // A lone star is text, not emphasis.
        assert_eq!(inline("2 * 3"), vec![Inline::Text("2 * 3".into())]);
    }

    #[test]
    fn only_backticks_are_markup_in_data_text() {
        assert_eq!(
            code_spans("no values of `i99H` for 31.8%* (2023)*"),
            vec![
                Inline::Text("no values of ".into()),
                Inline::Code("i99H".into()),
                Inline::Text(" for 31.8%* (2023)*".into()),
            ]
        );
        assert_eq!(
            code_spans("a ` b"),
            vec![Inline::Text("a ".into()), Inline::Text("` b".into())]
        );
    }

    #[test]
    fn the_subset_becomes_blocks() {
        let b = blocks(
            "## Title\n\nSome\ntext.\n\n- one\n  more\n- two\n\n| a | b |\n|---|---:|\n| x | 2 |\n\n```\ncode <\n```\n",
            "page",
        );
        assert_eq!(b.len(), 5, "{b:#?}");
        assert!(
            matches!(&b[0], Block::Heading(h) if h.level == 2 && h.text == vec![Inline::Text("Title".into())])
        );
        assert_eq!(
            b[1],
            Block::Paragraph(Paragraph {
                style: ParagraphStyle::Body,
                text: vec![Inline::Text("Some text.".into())]
            })
        );
        assert_eq!(
            b[2],
            Block::List(vec![
                vec![Inline::Text("one more".into())],
                vec![Inline::Text("two".into())]
            ])
        );
        let Block::Table(t) = &b[3] else {
            panic!("{:?}", b[3])
        };
        assert_eq!(t.name, "page_1");
        assert_eq!(t.caption, "Title");
        assert_eq!(t.columns[1].kind, ColumnKind::Number);
        assert_eq!(
            t.rows,
            vec![vec![Cell::Rich(inline("x")), Cell::Rich(inline("2"))]]
        );
        assert_eq!(b[4], Block::Code("code <\n".into()));
    }
}
