//! The report as one self-contained HTML page: inline CSS, the bundled font,
//! inline SVG charts, no script and nothing fetched from the network. A
//! print stylesheet puts each target on a new page and keeps charts and
//! tables whole, so that the browser's "print to PDF" gives clean pages.
//!
//! Every string from data or definitions goes through [`escape`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::document::{Cell, Renderer, TableKind, walk};
use super::markdown::{escape, to_html};
use super::model::{Change, DataGap, IndicatorBlock, Report, StatusCounts, TargetSection};
use crate::plot::canvas::font_face_css;
use crate::progress::Status;

const CSS: &str = r#"
:root { --ink:#222; --muted:#5f5f5f; --rule:#d9d9d9; --band:#f5f5f5; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; line-height: 1.45; font-size: 15px; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; line-height: 1.25; margin: 8px 0 8px; }
h2 { font-size: 23px; margin: 40px 0 6px; border-top: 3px solid var(--ink); padding-top: 12px; }
h3 { font-size: 19px; margin: 28px 0 6px; }
h4 { font-size: 16px; margin: 20px 0 6px; }
p.meta, p.goal { color: var(--muted); margin: 2px 0; }
nav { background: var(--band); padding: 10px 16px; margin: 18px 0; }
nav ol { margin: 4px 0; padding-left: 22px; columns: 2; }
nav a { color: var(--ink); }
ul.highlights li { margin: 6px 0; }
table { border-collapse: collapse; margin: 10px 0 16px; width: 100%; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.def { display: grid; grid-template-columns: 150px 1fr; gap: 3px 14px; margin: 8px 0 14px; font-size: 13.5px; }
dl.def dt { font-weight: bold; color: var(--muted); }
dl.def dd { margin: 0; }
figure { margin: 14px 0 18px; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.status { white-space: nowrap; padding: 1px 6px; border-radius: 3px; }
.s-target_achieved { background:#1b7f5b; color:#fff; }
.s-on_track { background:#8fd1b0; }
.s-acceleration_needed { background:#f6d36b; }
.s-limited_progress { background:#ee9a3a; }
.s-deterioration { background:#b83b0e; color:#fff; }
.s-insufficient_data { background:#eeeeee; }
.flag { color:#b83b0e; font-weight: bold; }
.note { color: var(--muted); font-size: 13px; }
.notice { background: #fff6dc; border-left: 4px solid #f6d36b; padding: 8px 12px; margin: 10px 0; }
footer { color: var(--muted); font-size: 12.5px; margin-top: 40px; border-top: 1px solid var(--rule); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: page; border-top: none; }
  h2.first { break-before: auto; }
  h3, h4 { break-after: avoid; }
  figure, table, dl.def, .notice { break-inside: avoid; }
  tr { break-inside: avoid; }
  figure svg { border: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn status_span(s: Status) -> String {
    format!(
        "<span class=\"status s-{}\">{} {}</span>",
        s.as_str(),
        s.symbol(),
        escape(s.label())
    )
}

fn counts_table(out: &mut String, first: &str, rows: &[StatusCounts]) {
    let _ = write!(out, "<table><tr><th>{}</th>", escape(first));
    for s in Status::ALL {
        let _ = write!(out, "<th class=\"num\">{}</th>", status_span(s));
    }
    out.push_str("</tr>\n");
    for r in rows {
        let _ = write!(out, "<tr><td>{}</td>", escape(&r.label));
        for c in r.counts {
            let _ = write!(out, "<td class=\"num\">{c}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// The HTML page being written.
struct Html<'c> {
    out: String,
    charts: &'c BTreeMap<String, String>,
}

impl Html<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn cell(c: &Cell<'_>) -> String {
        match *c {
            Cell::Text(t) => escape(t),
            Cell::Status(s) => status_span(s),
            Cell::Verdict {
                status,
                disagree,
                note,
            } => format!(
                "{}{}{}",
                status_span(status),
                if disagree {
                    " <span class=\"flag\" title=\"the three methods disagree\">≠</span>"
                } else {
                    ""
                },
                if note.is_empty() {
                    String::new()
                } else {
                    format!("<br><span class=\"note\">{}</span>", escape(note))
                }
            ),
            Cell::Lead { strong, rest } => {
                format!("<strong>{}</strong> {}", escape(strong), escape(rest))
            }
        }
    }
}

fn num_class(numeric: bool) -> &'static str {
    if numeric { " class=\"num\"" } else { "" }
}

impl Renderer for Html<'_> {
    fn head(&mut self, r: &Report) {
        self.out.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}{}</style>\n</head>\n<body>\n<main>\n",
            escape(&r.title),
            font_face_css(),
            CSS
        ));
        self.line(&format!("<h1>{}</h1>", escape(&r.title)));
        self.line(&format!(
            "<p class=\"meta\">Data as of {}. Statuses by the <code>{}</code> method. Generated by {}.</p>",
            r.as_of,
            escape(r.method.as_str()),
            escape(&r.generator)
        ));
        self.line(&format!(
            "<p class=\"meta\">Data: {}.</p>",
            escape(&r.vintages.join("; "))
        ));
        self.out.push_str("<nav><strong>Contents</strong><ol>");
        self.out
            .push_str("<li><a href=\"#summary\">Summary</a></li>");
        for s in &r.sections {
            self.out.push_str(&format!(
                "<li><a href=\"#t{}\">Target {}: {}</a></li>",
                escape(&s.number),
                escape(&s.number),
                escape(&s.text)
            ));
        }
        self.out.push_str("<li><a href=\"#gaps\">Data gaps</a></li><li><a href=\"#methodology\">Methodology</a></li><li><a href=\"#sources\">Sources and licences</a></li></ol></nav>\n");
    }

    fn summary(
        &mut self,
        highlights: &[String],
        by_goal: &[StatusCounts],
        by_group: &[StatusCounts],
    ) {
        self.out.push_str(
            "<h2 id=\"summary\" class=\"first\">Summary</h2>\n<ul class=\"highlights\">\n",
        );
        for h in highlights {
            self.line(&format!("<li>{}</li>", escape(h)));
        }
        self.out
            .push_str("</ul>\n<h4>Status of the 2030 targets by goal</h4>\n");
        counts_table(&mut self.out, "Goal", by_goal);
        self.out
            .push_str("<h4>Status of the 2030 targets by group</h4>\n");
        counts_table(&mut self.out, "Group", by_group);
        if let Some(svg) = self.charts.get("status-grid") {
            let figure = format!(
                "<figure>{svg}<figcaption>Status of every 2030 target for every group; the symbol in each cell reads without colour.</figcaption></figure>"
            );
            self.line(&figure);
        }
    }

    fn changes_heading(&mut self, previous: &str) {
        self.line(&format!("<h4>What changed since {}</h4>", escape(previous)));
    }

    fn no_change(&mut self) {
        self.out.push_str("<p>No status changed.</p>\n");
    }

    fn section(&mut self, s: &TargetSection) {
        self.line(&format!(
            "<h2 id=\"t{}\">Target {}: {}</h2>",
            escape(&s.number),
            escape(&s.number),
            escape(&s.text)
        ));
        self.line(&format!("<p class=\"goal\">{}</p>", escape(&s.goal)));
    }

    fn no_indicator(&mut self) {
        self.out
            .push_str("<p>No indicator is defined for this target.</p>\n");
    }

    fn indicator(&mut self, b: &IndicatorBlock) {
        self.line(&format!(
            "<h3>{} <span class=\"note\">({})</span></h3>",
            escape(&b.name),
            escape(&b.id)
        ));
        self.out.push_str("<dl class=\"def\">");
        for (k, v) in &b.definition {
            self.out
                .push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(k), escape(v)));
        }
        self.out.push_str("</dl>\n");
    }

    fn not_measurable(&mut self) {
        self.out.push_str("<p class=\"notice\"><strong>Not measurable here.</strong> No published series with data in two or more years is among the inputs; the target is listed under data gaps.</p>\n");
    }

    fn chart(&mut self, stem: &str) {
        if let Some(svg) = self.charts.get(stem) {
            let figure = format!(
                "<figure>{svg}<figcaption>Chart file: charts/{}.svg (and .png)</figcaption></figure>",
                escape(stem)
            );
            self.line(&figure);
        }
    }

    fn table(&mut self, kind: TableKind, rows: &[Vec<Cell<'_>>]) {
        if kind == TableKind::Past {
            self.out
                .push_str("<h4>Targets for 2023 that map to this target</h4>\n");
        }
        let columns = kind.columns();
        self.out.push_str("<table><tr>");
        for c in columns {
            self.out.push_str(&format!(
                "<th{}>{}</th>",
                num_class(c.numeric),
                escape(c.name)
            ));
        }
        self.out.push_str("</tr>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (c, cell) in columns.iter().zip(row) {
                self.out.push_str(&format!(
                    "<td{}>{}</td>",
                    num_class(c.numeric),
                    Self::cell(cell)
                ));
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</table>\n");
        if kind == TableKind::Groups {
            self.out.push_str("<p class=\"note\">* computed by rbm from economies' values; others are published by ITU or the UN. ≠ the three methods disagree on the status.</p>\n");
        }
    }

    fn block_changes(&mut self, changes: &[Change]) {
        self.out
            .push_str("<h4>Changes since the previous report</h4>\n<ul>\n");
        for c in changes {
            self.line(&format!(
                "<li>{} {}: {} → {} ({}{}{})</li>",
                escape(&c.target_id),
                escape(&c.group),
                status_span(c.before),
                status_span(c.after),
                escape(&c.cause),
                if c.detail.is_empty() { "" } else { "; " },
                escape(&c.detail)
            ));
        }
        self.out.push_str("</ul>\n");
    }

    fn gaps(&mut self, gaps: &[DataGap]) {
        self.out.push_str("<h2 id=\"gaps\">Data gaps</h2>\n<ul>\n");
        for g in gaps {
            self.line(&format!(
                "<li><strong>{}.</strong> {}</li>",
                escape(&g.what),
                escape(&g.detail)
            ));
        }
        self.out.push_str("</ul>\n");
    }

    fn methodology(&mut self, body: &str) {
        self.out
            .push_str("<h2 id=\"methodology\">Methodology</h2>\n");
        self.out.push_str(&to_html(body, 1));
    }

    fn sources_heading(&mut self) {
        self.out
            .push_str("<h2 id=\"sources\">Sources and licences</h2>\n");
    }

    fn end(&mut self, r: &Report) {
        self.line(&format!(
            "<footer>{} · data as of {} · the tables behind every chart are in <code>tables/</code>, every status with its inputs in <code>progress.json</code>.</footer>",
            escape(&r.generator),
            r.as_of
        ));
        self.out.push_str("</main>\n</body>\n</html>\n");
    }
}

/// Render the report. `charts` maps chart stems to SVG documents (drawn
/// without their own font: the page carries it).
pub fn render(r: &Report, charts: &BTreeMap<String, String>) -> String {
    let mut html = Html {
        out: String::with_capacity(1 << 20),
        charts,
    };
    walk(r, &mut html);
    html.out
}
