//! Officers' commentary: a short narrative per target, outcome or output
//! and reporting year (what happened, why, lessons learned, next actions),
//! written as Markdown in `commentary/<year>/<id>.md`, and, where no series
//! measures the item, a status given by hand with its evidence.
//!
//! A file may open with a TOML block between `+++` lines, the manual
//! assessment:
//!
//! ```text
//! +++
//! status = "limited_progress"
//! source = "UNESCO Institute for Statistics, SDG 4.a.1 database"
//! date = "2025-03-14"
//! +++
//! **What happened.** …
//! ```
//!
//! The narrative is read in a small, safe subset of Markdown ([`Block`],
//! [`Inline`]): paragraphs, bullet lists, `**strong**`, `*emphasis*`,
//! `` `code` `` and links to `http`, `https` and `mailto` addresses;
//! heading lines become strong paragraphs. Everything else is text, and
//! every renderer escapes it ([`to_html`], [`to_markdown`]), so that
//! nothing an officer writes becomes markup the report did not mean.
//! Parsing is pure: the command layer reads the folder, and rbm never
//! writes into it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::Vocabulary;
use crate::error::Location;
use crate::indicator::finding::{Criterion, Finding};
use crate::indicator::framework::Framework;
use crate::progress::Status;
use crate::report::html::escape;

/// A status given by hand, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manual {
    /// The status.
    pub status: Status,
    /// Where the evidence is (publication, database, register).
    pub source: String,
    /// When the evidence was read, `YYYY-MM-DD`.
    pub date: String,
}

/// A run of text in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "text")]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `**strong**`.
    Strong(String),
    /// `*emphasis*`.
    Em(String),
    /// `` `code` ``.
    Code(String),
    /// `[text](url)`: text and an address the renderers may link.
    Link(String, String),
}

/// A block of the narrative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bullet list, one item per entry.
    List(Vec<Vec<Inline>>),
}

/// One file of commentary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commentary {
    /// The framework item (the file's name without `.md`).
    pub id: String,
    /// The reporting year (the file's folder).
    pub year: i32,
    /// The status given by hand, if any.
    pub manual: Option<Manual>,
    /// The narrative.
    pub blocks: Vec<Block>,
    /// The file.
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    status: Option<String>,
    source: Option<String>,
    date: Option<String>,
}

/// Parse one file; its findings name the file, line and field.
pub fn parse(path: &Path, year: i32, text: &str) -> (Option<Commentary>, Vec<Finding>) {
    let mut findings = Vec::new();
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut body_from = 0;
    let mut manual = None;
    if lines.first().map(|l| l.trim()) == Some("+++") {
        match lines.iter().skip(1).position(|l| l.trim() == "+++") {
            None => {
                findings.push(Finding::error(
                    Criterion::Commentary,
                    Location::file(path).at_line(1),
                    "the `+++` block of the manual assessment is not closed by a second `+++` line",
                ));
                return (None, findings);
            }
            Some(end) => {
                let toml_text = lines[1..=end].join("\n");
                body_from = end + 2;
                manual = front_matter(path, &toml_text, &mut findings);
            }
        }
    }
    let blocks = blocks(&lines[body_from.min(lines.len())..]);
    if blocks.is_empty() && manual.is_none() && findings.is_empty() {
        findings.push(Finding::warning(
            Criterion::Commentary,
            Location::file(path),
            "the commentary is empty",
        ));
    }
    let has_error = findings
        .iter()
        .any(|f| f.severity == crate::indicator::Severity::Error);
    let c = Commentary {
        id,
        year,
        manual,
        blocks,
        path: path.to_path_buf(),
    };
    (if has_error { None } else { Some(c) }, findings)
}

/// The manual assessment block: a status of the six, with a source and a
/// date; all three or none.
fn front_matter(path: &Path, text: &str, findings: &mut Vec<Finding>) -> Option<Manual> {
    // Lines of the block start at line 2 of the file.
    let at = |offset: Option<usize>, field: &str| {
        let line = offset.map_or(2, |o| {
            2 + text.as_bytes()[..o.min(text.len())]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
        });
        Location::file(path).at_line(line).field(field)
    };
    let fm: FrontMatter = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            findings.push(Finding::error(
                Criterion::Commentary,
                at(e.span().map(|s| s.start), "+++"),
                format!("the manual assessment is not valid: {}", e.message().trim()),
            ));
            return None;
        }
    };
    let find = |key: &str| text.find(&format!("{key} ")).or_else(|| text.find(key));
    let mut ok = true;
    let status = match fm.status.as_deref() {
        Some(w) => match Status::parse(w) {
            Some(s) => Some(s),
            None => {
                findings.push(Finding::error(
                    Criterion::Commentary,
                    at(find("status"), "status"),
                    Status::unknown(w),
                ));
                ok = false;
                None
            }
        },
        None => None,
    };
    let source = fm
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let date = fm.date.as_deref().map(str::trim);
    if status.is_none() && ok {
        findings.push(Finding::error(
            Criterion::Commentary,
            at(None, "status"),
            format!(
                "missing: a manual assessment gives a `status` ({})",
                Status::expected()
            ),
        ));
        ok = false;
    }
    if source.is_none() {
        findings.push(Finding::error(
            Criterion::Commentary,
            at(find("source"), "source"),
            "missing: a manual assessment names its evidence (`source`: publication, database or register)",
        ));
        ok = false;
    }
    match date {
        Some(d) if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() => {}
        Some(d) => {
            findings.push(Finding::error(
                Criterion::Commentary,
                at(find("date"), "date"),
                format!("date `{d}` is not a date written YYYY-MM-DD"),
            ));
            ok = false;
        }
        None => {
            findings.push(Finding::error(
                Criterion::Commentary,
                at(None, "date"),
                "missing: a manual assessment says when its evidence was read (`date = \"YYYY-MM-DD\"`)",
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Manual {
        status: status?,
        source: one_line(source?),
        date: date?.to_string(),
    })
}

/// Paragraphs and bullet lists from the narrative's lines.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();
    let flush = |para: &mut Vec<&str>, items: &mut Vec<Vec<&str>>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(inline(&para.join(" "))));
            para.clear();
        }
        if !items.is_empty() {
            out.push(Block::List(
                items.iter().map(|i| inline(&i.join(" "))).collect(),
            ));
            items.clear();
        }
    };
    for raw in lines {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut para, &mut items, &mut out);
            continue;
        }
        if let Some(rest) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .or_else(|| trimmed.strip_prefix("+ "))
        {
            if !para.is_empty() {
                out.push(Block::Paragraph(inline(&para.join(" "))));
                para.clear();
            }
            items.push(vec![rest.trim()]);
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix('#') {
            flush(&mut para, &mut items, &mut out);
            let text = heading.trim_start_matches('#').trim();
            if !text.is_empty() {
                out.push(Block::Paragraph(vec![Inline::Strong(text.to_string())]));
            }
            continue;
        }
        // An indented line continues the list item above it.
        if line.starts_with(' ') && !items.is_empty() && para.is_empty() {
            if let Some(last) = items.last_mut() {
                last.push(trimmed);
            }
            continue;
        }
        if !items.is_empty() {
            flush(&mut para, &mut items, &mut out);
        }
        para.push(trimmed);
    }
    flush(&mut para, &mut items, &mut out);
    out
}

/// Runs of text: `**strong**`, `*em*` or `_em_`, `` `code` ``,
/// `[text](url)`; anything else is text.
fn inline(s: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    let push_text = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    while !rest.is_empty() {
        let closed = |prefix: &str, end: &str| -> Option<(String, usize)> {
            let r = rest.strip_prefix(prefix)?;
            let i = r.find(end).filter(|i| *i > 0)?;
            Some((r[..i].to_string(), prefix.len() + i + end.len()))
        };
        if let Some((inner, len)) = closed("**", "**") {
            push_text(&mut text, &mut out);
            out.push(Inline::Strong(inner));
            rest = &rest[len..];
            continue;
        }
        if let Some((inner, len)) = closed("`", "`") {
            push_text(&mut text, &mut out);
            out.push(Inline::Code(inner));
            rest = &rest[len..];
            continue;
        }
        if let Some((inner, len)) = closed("*", "*").or_else(|| closed("_", "_"))
            && !inner.starts_with(' ')
        {
            push_text(&mut text, &mut out);
            out.push(Inline::Em(inner));
            rest = &rest[len..];
            continue;
        }
        if let Some((label, len)) = closed("[", "]")
            && let Some(after) = rest[len..].strip_prefix('(')
            && let Some(end) = after.find(')')
        {
            let url = after[..end].trim().to_string();
            push_text(&mut text, &mut out);
            if safe_url(&url) {
                out.push(Inline::Link(label, url));
            } else {
                // Not an address the report links to: keep both as text.
                out.push(Inline::Text(format!("{label} ({url})")));
            }
            rest = &after[end + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    push_text(&mut text, &mut out);
    out
}

/// Addresses a report may link to: the web and e-mail, nothing that runs
/// (`javascript:`) or reads the reader's files (`file:`).
fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn inline_html(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Inline::Em(t) => format!("<em>{}</em>", escape(t)),
            Inline::Code(t) => format!("<code>{}</code>", escape(t)),
            Inline::Link(t, u) => format!(
                "<a href=\"{}\" rel=\"nofollow noopener\">{}</a>",
                escape(u),
                escape(t)
            ),
        })
        .collect()
}

/// The narrative as HTML: `<p>` and `<ul>`, every string escaped.
pub fn to_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(runs) => {
                out.push_str(&format!("<p>{}</p>\n", inline_html(runs)));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", inline_html(i)));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out
}

/// Escape text for Markdown: the characters that would start markup.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn inline_md(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => md_escape(t),
            Inline::Strong(t) => format!("**{}**", md_escape(t)),
            Inline::Em(t) => format!("*{}*", md_escape(t)),
            Inline::Code(t) => format!("`{}`", t.replace('`', "'")),
            Inline::Link(t, u) => format!("[{}]({})", md_escape(t), u.replace(')', "%29")),
        })
        .collect()
}

/// The narrative as Markdown again, escaped so that it cannot open a
/// heading, a table or raw HTML in the report.
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(runs) => {
                out.push_str(&inline_md(runs));
                out.push_str("\n\n");
            }
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", inline_md(i)));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The narrative as plain text, one line per block (for terminals).
pub fn to_text(blocks: &[Block]) -> String {
    let plain = |runs: &[Inline]| -> String {
        runs.iter()
            .map(|r| match r {
                Inline::Text(t) | Inline::Strong(t) | Inline::Em(t) | Inline::Code(t) => t.clone(),
                Inline::Link(t, u) => format!("{t} <{u}>"),
            })
            .collect()
    };
    let mut lines = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph(runs) => lines.push(plain(runs)),
            Block::List(items) => lines.extend(items.iter().map(|i| format!("- {}", plain(i)))),
        }
    }
    lines.join("\n")
}

/// Every commentary file of a year, checked against the framework: the
/// file names an item, and a manual status is for an item no series
/// measures (`measured` lists the ids that have computed statuses).
pub fn parse_year(
    year: i32,
    sources: &[(PathBuf, String)],
    framework: &Framework,
    measured: &dyn Fn(&str) -> bool,
) -> (Vec<Commentary>, Vec<Finding>) {
    let mut out = Vec::new();
    let mut findings = Vec::new();
    for (path, text) in sources {
        let (c, f) = parse(path, year, text);
        findings.extend(f);
        let Some(c) = c else { continue };
        match framework.get(&c.id) {
            None => {
                let hint = crate::base::vocab::near(&c.id, framework.ids())
                    .map(|n| format!(" (did you mean `{n}.md`?)"))
                    .unwrap_or_default();
                findings.push(Finding::error(
                    Criterion::Commentary,
                    Location::file(path),
                    format!(
                        "`{}` is not an item of the framework: a commentary file is named after a target, outcome or output id{hint}",
                        c.id
                    ),
                ));
                continue;
            }
            Some(item) if !item.kind.is_measurable() => {
                findings.push(Finding::error(
                    Criterion::Commentary,
                    Location::file(path),
                    format!(
                        "`{}` is a {}: commentary is for targets, outcomes and outputs",
                        c.id,
                        item.kind.label()
                    ),
                ));
                continue;
            }
            Some(_) => {}
        }
        if c.manual.is_some() && measured(&c.id) {
            findings.push(Finding::warning(
                Criterion::Commentary,
                Location::file(path).at_line(2).field("status"),
                format!(
                    "`{}` is measured by an indicator with data: its computed status is used, not the manual one",
                    c.id
                ),
            ));
        }
        out.push(c);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(text: &str) -> Vec<Block> {
        parse(Path::new("commentary/2025/SP2030-2.4.md"), 2025, text)
            .0
            .expect("parses")
            .blocks
    }

    #[test]
    fn markup_from_an_officer_is_escaped_and_only_safe_links_are_kept() {
        let b = blocks_of(
            "**What happened.** <script>alert(1)</script> see [the plan](javascript:alert(1)) \
             and [the data](https://datahub.itu.int/).\n\n# Next\n- one & two\n- three",
        );
        let html = to_html(&b);
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("the plan (javascript:alert(1))"), "{html}");
        assert!(
            html.contains(
                "<a href=\"https://datahub.itu.int/\" rel=\"nofollow noopener\">the data</a>"
            ),
            "{html}"
        );
        assert!(html.contains("<p><strong>Next</strong></p>"), "{html}");
        assert!(html.contains("<li>one &amp; two</li>"), "{html}");
        let md = to_markdown(&b);
        assert!(md.contains("\\<script\\>"), "{md}");
        assert!(!md.lines().any(|l| l.starts_with('#')), "{md}");
    }

    #[test]
    fn a_manual_assessment_needs_a_status_a_source_and_a_date() {
        let p = Path::new("commentary/2025/SP2030-2.4.md");
        let (c, f) = parse(
            p,
            2025,
            "+++\nstatus = \"on_track\"\nsource = \"UIS\"\ndate = \"2025-03-14\"\n+++\nText.",
        );
        assert!(f.is_empty(), "{f:?}");
        let m = c.expect("parses").manual.expect("manual");
        assert_eq!((m.status, m.date.as_str()), (Status::OnTrack, "2025-03-14"));
        let (_, f) = parse(
            p,
            2025,
            "+++\nstatus = \"fine\"\ndate = \"14/03/2025\"\n+++\n",
        );
        let msgs: Vec<String> = f.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            msgs,
            [
                "commentary/2025/SP2030-2.4.md:2: field `status`: error [commentary]: unknown status `fine`: expected target_achieved, on_track, acceleration_needed, limited_progress, deterioration or insufficient_data",
                "commentary/2025/SP2030-2.4.md:2: field `source`: error [commentary]: missing: a manual assessment names its evidence (`source`: publication, database or register)",
                "commentary/2025/SP2030-2.4.md:3: field `date`: error [commentary]: date `14/03/2025` is not a date written YYYY-MM-DD",
            ]
        );
    }
}
