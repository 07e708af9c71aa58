//! The chain diagrams of the report: [`Chain::tree`] cut into parts a
//! page can hold (one per strategic goal, one for the outcomes under the
//! enablers, one for what sits outside both) and turned into
//! [`ChainDiagram`] specs for [`crate::plot`], and each diagram as a
//! figure of the document: a caption, a description in words for someone
//! who cannot see it, and the table of every item behind it.
//!
//! The statuses are the chain's (never computed again here); nothing is
//! read or written.

use std::collections::{BTreeMap, BTreeSet};

use super::chain::{AssessedBy, Chain, Filter, Node};
use super::document::{Cell, Column, Figure, Table, table_name};
use crate::indicator::framework::{ItemKind, LinkBasis};
use crate::plot::chain::{ChainDiagram, ChainNode, Look};
use crate::plot::{Chart, ChartFile};
use crate::progress::Method;

/// The workbook sheet of the tables behind the diagrams.
pub const SHEET: &str = "Chain diagram";

/// A node of the tree as the diagram draws it. Headings of the tree (its
/// ids in brackets, such as `(unlinked)`) are drawn as their words alone.
fn diagram_node(n: &Node) -> ChainNode {
    let heading = n.id.starts_with('(');
    let look = match n.status.by {
        AssessedBy::NotApplicable => Look::Structural,
        AssessedBy::NoIndicator => Look::NoIndicator,
        AssessedBy::NoData | AssessedBy::Computed | AssessedBy::Manual => Look::Assessed,
    };
    ChainNode {
        id: if heading { String::new() } else { n.id.clone() },
        text: n.text.clone(),
        status: n.status.status,
        word: n.status.short(),
        look,
        proposed: n.link == Some(LinkBasis::Proposed),
        children: n.children.iter().map(diagram_node).collect(),
    }
}

fn plural(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Goal => "Strategic goal",
        ItemKind::Target2030 => "2030 targets",
        ItemKind::Target2023 => "2023 targets",
        ItemKind::ThematicPriority => "Thematic priorities",
        ItemKind::Enabler => "Enablers",
        ItemKind::Offering => "Offerings",
        ItemKind::Objective => "Objectives",
        ItemKind::Outcome => "Outcomes",
        ItemKind::Output => "Outputs",
    }
}

/// A header per column: the kinds of item in it, in the plan's order.
fn columns(roots: &[&Node]) -> Vec<String> {
    fn walk(n: &Node, depth: usize, out: &mut BTreeMap<usize, BTreeSet<ItemKind>>) {
        if !n.id.starts_with('(') {
            out.entry(depth).or_default().insert(n.kind);
        }
        for c in &n.children {
            walk(c, depth + 1, out);
        }
    }
    let mut kinds = BTreeMap::new();
    for r in roots {
        walk(r, 0, &mut kinds);
    }
    let deepest = kinds.keys().max().copied().unwrap_or(0);
    (0..=deepest)
        .map(|d| match kinds.get(&d) {
            Some(k) => k.iter().map(|k| plural(*k)).collect::<Vec<_>>().join(" · "),
            None => String::new(),
        })
        .collect()
}

/// The chain's diagrams: one per strategic goal, then the outcomes under
/// the enablers, then those outside the goals and enablers (serving only
/// 2023 targets, linked to nothing, and outputs linked to their objective
/// only). Stems `chain-g1`, `chain-g2`, `chain-enablers`, `chain-other`.
pub fn diagrams(chain: &Chain<'_>, year: i32, method: Method) -> Vec<ChartFile> {
    let Ok(tree) = chain.tree(&Filter::default()) else {
        return Vec::new();
    };
    let mut parts: Vec<(String, String, Vec<&Node>)> = Vec::new();
    // A goal with nothing under it would be a diagram of one box.
    for g in tree
        .iter()
        .filter(|n| n.kind == ItemKind::Goal && !n.children.is_empty())
    {
        parts.push((
            format!("chain-{}", g.id.to_lowercase()),
            format!("The results chain under {} {}", g.id, g.text),
            vec![g],
        ));
    }
    let enablers: Vec<&Node> = tree
        .iter()
        .filter(|n| n.kind == ItemKind::Enabler)
        .collect();
    if !enablers.is_empty() {
        parts.push((
            "chain-enablers".to_string(),
            "The results chain under the enablers".to_string(),
            enablers,
        ));
    }
    let other: Vec<&Node> = tree
        .iter()
        .filter(|n| !matches!(n.kind, ItemKind::Goal | ItemKind::Enabler))
        .collect();
    if !other.is_empty() {
        parts.push((
            "chain-other".to_string(),
            "Outcomes and outputs outside the goals and enablers".to_string(),
            other,
        ));
    }
    parts
        .into_iter()
        .map(|(stem, title, roots)| {
            let diagram = ChainDiagram {
                title: title.clone(),
                subtitle: format!(
                    "Each item with its status as of {year} (by {}: the headline group's, the World where assessed), read left to right from the item it serves. The same item can appear under two targets.",
                    method.as_str()
                ),
                columns: columns(&roots),
                roots: roots.iter().map(|n| diagram_node(n)).collect(),
                source: format!(
                    "Source: rbm, the results framework {} with ITU and UN SDG data; links as the framework files give them.",
                    chain.framework().meta.id
                ),
            };
            ChartFile {
                stem,
                title,
                chart: Chart::Chain(diagram),
            }
        })
        .collect()
}

/// A diagram as a figure: its caption, what it shows in words, and every
/// item with the item it hangs under and its status.
pub fn figure(stem: &str, d: &ChainDiagram) -> Figure {
    let items = d.items();
    let mut parent: Vec<Option<&str>> = Vec::with_capacity(items.len());
    {
        // The nearest item above at one depth less is the parent.
        let mut last_at: Vec<&str> = Vec::new();
        for (depth, n) in &items {
            last_at.truncate(*depth);
            parent.push(last_at.last().copied());
            last_at.push(if n.id.is_empty() { &n.text } else { &n.id });
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, n) in &items {
        if n.look != Look::Structural {
            *counts.entry(n.word.clone()).or_default() += 1;
        }
    }
    let measured: usize = counts.values().sum();
    let said: Vec<String> = counts.iter().map(|(w, n)| format!("{n} {w}")).collect();
    let said = if said.is_empty() {
        "none".to_string()
    } else {
        said.join(", ")
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let proposed = items.iter().filter(|(_, n)| n.proposed).count();
    let rows = items
        .iter()
        .zip(&parent)
        .map(|((depth, n), p)| {
            vec![
                Cell::Text(if n.id.is_empty() {
                    n.text.clone()
                } else {
                    n.id.clone()
                }),
                Cell::Text(p.unwrap_or("").to_string()),
                Cell::Text(d.columns.get(*depth).cloned().unwrap_or_default()),
                Cell::Text(if n.id.is_empty() {
                    String::new()
                } else {
                    n.text.clone()
                }),
                Cell::Text(if n.proposed { "proposed by rbm" } else { "" }.to_string()),
                Cell::Text(n.word.clone()),
            ]
        })
        .collect();
    Figure {
        image: stem.to_string(),
        caption: format!(
            "{}: each item's box carries its id, its status symbol and word, and its text; links proposed by rbm are dashed.",
            d.title
        ),
        description: format!(
            "Tree diagram read left to right in {} ({}): {}, each a box filled with its status colour and labelled with its status symbol and word. Of the {measured} targets, outcomes and outputs: {said}. {} rbm's proposals (dashed), the rest stated by the plan or inferred from it. The table below lists every item with the item it hangs under and its status.",
            plural(d.columns.len(), "column", "columns"),
            d.columns.join("; "),
            plural(items.len(), "item", "items"),
            plural(proposed, "link is", "links are")
        ),
        data: Some(Table {
            name: table_name(&format!("chart {stem}")),
            caption: format!("The items behind the diagram: {}", d.title),
            columns: vec![
                Column::text("Item"),
                Column::text("Under"),
                Column::text("Column"),
                Column::text("Text"),
                Column::text("Link"),
                Column::text("Status"),
            ],
            rows,
            row_headers: true,
            note: Vec::new(),
            sheet: Some(SHEET.to_string()),
        }),
        chart: None,
    }
}
