//! `rbm framework` in its three formats: the chain as a tree for the
//! terminal (within [`WIDTH`] columns, texts cut with `…`), as CSV (one
//! row per node, with its depth and parent) and as JSON (the nested tree,
//! every field). The statuses are [`super::chain`]'s.

use std::fmt::Write as _;

use serde::Serialize;

use super::chain::{Counts, ItemStatus, Node, Rollup};
use super::table::{Style, width};
use super::terminal::{WIDTH, tone};
use crate::base::text::csv_text;
use crate::error::Result;
use crate::indicator::framework::{Framework, LinkBasis};

/// Columns of `rbm framework --format csv`.
pub const COLUMNS: [&str; 16] = [
    "depth",
    "kind",
    "id",
    "parent",
    "link_basis",
    "text",
    "drafting_status",
    "assessed_by",
    "status",
    "met",
    "confidence",
    "headline_geo",
    "on_track_groups",
    "assessed_groups",
    "indicators",
    "manual_source",
];

/// Width of the status column.
const STATUS: usize = 22;
/// Width of the link and drafting columns.
const TAG: usize = 9;
/// Width of the "on track of assessed" column.
const GROUPS: usize = 6;

/// Cut `s` to `max` columns, ending in `…` when cut.
fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(&c.to_string()) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

fn link_word(l: Option<LinkBasis>) -> &'static str {
    match l {
        Some(LinkBasis::Proposed) => "proposed",
        Some(LinkBasis::Inferred) => "inferred",
        _ => "",
    }
}

fn groups_cell(s: &ItemStatus) -> String {
    if s.assessed > 1 {
        format!("{}/{}", s.on_track, s.assessed)
    } else {
        String::new()
    }
}

fn status_text(s: &ItemStatus, style: Style) -> String {
    let text = s.short();
    let painted = match s.status {
        Some(st) if s.met.is_none() => style.paint(&text, Some(tone(st))),
        _ if s.met == Some(true) => {
            style.paint(&text, Some(tone(crate::progress::Status::TargetAchieved)))
        }
        _ if s.met == Some(false) => {
            style.paint(&text, Some(tone(crate::progress::Status::Deterioration)))
        }
        _ => text.clone(),
    };
    // Pad on the visible width, not on the escape codes.
    // At least one space before the groups column.
    format!(
        "{painted}{}",
        " ".repeat(STATUS.saturating_sub(width(&text)).max(1))
    )
}

fn line(out: &mut String, node: &Node, prefix: &str, branch: &str, style: Style) {
    let left_w = WIDTH - STATUS - 2 * (TAG + 1) - GROUPS - 1;
    let head = format!("{prefix}{branch}{} {}", node.id, node.text);
    let row = format!(
        "{} {} {} {}{}",
        pad(&cut(&head, left_w), left_w),
        pad(link_word(node.link), TAG),
        pad(node.drafting.map(|d| d.as_str()).unwrap_or(""), TAG),
        status_text(&node.status, style),
        groups_cell(&node.status)
    );
    let _ = writeln!(out, "{}", row.trim_end());
    let child_prefix = format!(
        "{prefix}{}",
        match branch {
            "├─ " => "│  ",
            "└─ " => "   ",
            _ => "",
        }
    );
    let n = node.children.len();
    for (i, c) in node.children.iter().enumerate() {
        let b = if i + 1 == n { "└─ " } else { "├─ " };
        line(out, c, &child_prefix, b, style);
    }
}

fn counts_line(label: &str, c: &Counts) -> String {
    let mut parts = vec![
        format!("{} on track or met", c.on_track),
        format!("{} off track", c.off_track),
    ];
    if c.unclear > 0 {
        parts.push(format!(
            "{} with too little data in the headline group",
            c.unclear
        ));
    }
    if c.no_data > 0 {
        parts.push(format!(
            "{} measured by an indicator with no data here",
            c.no_data
        ));
    }
    if c.no_indicator > 0 {
        parts.push(format!("{} with no indicator", c.no_indicator));
    }
    let manual: usize = c.manual.values().sum();
    if manual > 0 {
        let detail: Vec<String> = c.manual.iter().map(|(s, n)| format!("{n} {s}")).collect();
        parts.push(format!(
            "and, by manual assessment, not counted above: {}",
            detail.join(", ")
        ));
    }
    format!("{label} ({}): {}.", c.total, parts.join(", "))
}

/// The roll-up, in sentences (for the terminal and the report).
pub fn rollup_sentences(r: &Rollup) -> Vec<String> {
    let mut out = Vec::new();
    for (label, c) in [
        ("2030 targets", &r.targets_2030),
        ("2023 targets", &r.targets_2023),
        ("Outcomes", &r.outcomes),
        ("Outputs", &r.outputs),
    ] {
        if c.total > 0 {
            out.push(counts_line(label, c));
        }
    }
    out
}

/// The tree for the terminal, with its roll-up and legend.
pub fn text(
    fw: &Framework,
    nodes: &[Node],
    rollup: &Rollup,
    as_of: i32,
    method: &str,
    style: Style,
) -> String {
    let mut out = String::new();
    let stage = fw.meta.stage.map(|s| s.as_str()).unwrap_or("");
    let _ = writeln!(
        out,
        "{}",
        cut(
            &format!(
                "Results framework {} ({stage}) · as of {as_of} · method: {method}",
                fw.meta.id
            ),
            WIDTH
        )
    );
    let left_w = WIDTH - STATUS - 2 * (TAG + 1) - GROUPS - 1;
    let _ = writeln!(
        out,
        "\n{} {} {} {}groups",
        pad("item", left_w),
        pad("link", TAG),
        pad("drafting", TAG),
        pad("status", STATUS),
    );
    let _ = writeln!(
        out,
        "{} {} {} {} {}",
        "─".repeat(left_w),
        "─".repeat(TAG),
        "─".repeat(TAG),
        "─".repeat(STATUS - 1),
        "─".repeat(GROUPS)
    );
    for n in nodes {
        line(&mut out, n, "", "", style);
    }
    out.push_str("\nRoll-up over the whole framework:\n");
    for s in rollup_sentences(rollup) {
        out.push_str(&super::table::paragraph(&s, WIDTH, 2));
    }
    out.push('\n');
    for s in [
        "Status: the headline group's (the World where assessed), the worst over the item's indicators; groups: results on track or met of those assessed. ✔ met / ✗ missed: a target whose year has come; (manual): an officer's assessment, with its source, never counted with computed ones. An outcome with no indicator of its own has the status of the 2023 targets the plan moved under it (listed under it).",
        "Link: how the item hangs under the one above it; proposed = rbm's suggestion for an officer to confirm, not the plan's; inferred = rbm's reading of the plan; blank = stated by the plan. Drafting: an Action Plan item's status in the TDAG-WG-SOP working document. --format csv or json gives every field and the full texts.",
    ] {
        out.push_str(&super::table::paragraph(s, WIDTH, 2));
    }
    out
}

fn flatten(nodes: &[Node], depth: usize, parent: &str, out: &mut Vec<Vec<String>>) {
    for n in nodes {
        let s = &n.status;
        out.push(vec![
            depth.to_string(),
            if n.id.starts_with('(') {
                String::new()
            } else {
                n.kind.as_str().to_string()
            },
            n.id.clone(),
            parent.to_string(),
            n.link.map(|l| l.as_str().to_string()).unwrap_or_default(),
            if n.wording.is_empty() {
                n.text.clone()
            } else {
                n.wording.clone()
            },
            n.drafting
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
            s.by.as_str().to_string(),
            s.status.map(|x| x.as_str().to_string()).unwrap_or_default(),
            s.met.map(|m| m.to_string()).unwrap_or_default(),
            s.confidence.clone().unwrap_or_default(),
            s.geo.clone().unwrap_or_default(),
            if s.assessed > 0 {
                s.on_track.to_string()
            } else {
                String::new()
            },
            if s.assessed > 0 {
                s.assessed.to_string()
            } else {
                String::new()
            },
            s.indicators.join(" "),
            s.manual
                .as_ref()
                .map(|m| format!("{} ({})", m.source, m.date))
                .unwrap_or_default(),
        ]);
        flatten(&n.children, depth + 1, &n.id, out);
    }
}

/// `rbm framework --format csv`: one row per node, depth first.
pub fn csv(nodes: &[Node]) -> Result<String> {
    let mut rows = Vec::new();
    flatten(nodes, 0, "", &mut rows);
    csv_text("framework table", &COLUMNS, rows)
}

#[derive(Serialize)]
struct Doc<'a> {
    framework: &'a str,
    title: &'a str,
    stage: &'a str,
    as_of: i32,
    method: &'a str,
    rollup: &'a Rollup,
    tree: &'a [Node],
}

/// `rbm framework --format json`: the nested tree and the roll-up.
pub fn json(
    fw: &Framework,
    nodes: &[Node],
    rollup: &Rollup,
    as_of: i32,
    method: &str,
) -> Result<String> {
    super::json::to_json(
        "framework tree",
        &Doc {
            framework: &fw.meta.id,
            title: &fw.meta.title,
            stage: fw.meta.stage.map(|s| s.as_str()).unwrap_or(""),
            as_of,
            method,
            rollup,
            tree: nodes,
        },
    )
}
