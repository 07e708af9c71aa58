//! The results-chain diagram: goals → 2030 targets → the 2023 targets and
//! outcomes under them → outputs, as a layered tree read left to right.
//! Each item is a box filled with its status colour and carrying its
//! status symbol and word, so that it reads in greyscale and without
//! colour; a link that is rbm's proposal (not the plan's) is dashed.
//!
//! The layout is a tidy tree and fully deterministic: one column per
//! depth, leaves stacked in the tree's order one row apart, each parent
//! centred on the span of its children, so that no two boxes overlap and
//! no link crosses another. It draws the tree it is given (the report
//! hands it one goal's part of [`crate::report::chain::Chain::tree`]); it
//! decides nothing about which items belong together.

use serde::Serialize;

use super::canvas::{Anchor, Canvas, Font, Rgb, Stroke};
use super::{text, theme};
use crate::progress::Status;

/// How a box is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Look {
    /// A goal, an enabler, an objective or a heading: not assessed; white
    /// with a dark outline and bold text.
    Structural,
    /// A measurable item that no indicator measures: white, dashed outline.
    NoIndicator,
    /// Assessed (computed or by hand) or measured without data: filled
    /// with its status colour ("insufficient data" when it has none).
    Assessed,
}

/// One item of the diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainNode {
    /// The item's id as the plan writes it (empty for a heading).
    pub id: String,
    /// Its short text.
    pub text: String,
    /// The status its fill shows (for [`Look::Assessed`]).
    pub status: Option<Status>,
    /// Its status in a few words with the symbol (`✗ missed`,
    /// `– no indicator`); empty for a structural box.
    pub word: String,
    /// How it is drawn.
    pub look: Look,
    /// The link to its parent is rbm's proposal for an officer to confirm.
    pub proposed: bool,
    /// The items under it.
    pub children: Vec<ChainNode>,
}

/// The diagram of one part of the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainDiagram {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// A header over each column (depth), left to right.
    pub columns: Vec<String>,
    /// The trees drawn, top to bottom.
    pub roots: Vec<ChainNode>,
    /// Source line.
    pub source: String,
}

/// Margin.
const M: f64 = 24.0;
/// Height of a box.
const BOX_H: f64 = 48.0;
/// Distance between two leaves' tops.
const ROW_H: f64 = 56.0;
/// Horizontal room between two columns, where the links turn.
const GAP: f64 = 26.0;
/// Inner padding of a box.
const PAD: f64 = 7.0;
/// Room for the title, subtitle, legend and column headers above the
/// first box.
const TOP: f64 = 190.0;
/// Room for the source line below the last box.
const BOTTOM: f64 = 44.0;

/// Where one box goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed<'a> {
    /// The item.
    pub node: &'a ChainNode,
    /// Its column.
    pub depth: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Index of its parent in the layout's boxes.
    pub parent: Option<usize>,
}

/// The diagram laid out at a width.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout<'a> {
    /// Every box, parents before their children, in the tree's order.
    pub boxes: Vec<Placed<'a>>,
    /// Width of a box.
    pub box_w: f64,
    /// Height of the whole diagram.
    pub height: f64,
}

impl ChainNode {
    fn depth(&self) -> usize {
        1 + self
            .children
            .iter()
            .map(ChainNode::depth)
            .max()
            .unwrap_or(0)
    }

    fn leaves(&self) -> usize {
        if self.children.is_empty() {
            1
        } else {
            self.children.iter().map(ChainNode::leaves).sum()
        }
    }

    /// This item and every item under it, depth first, with their depth.
    pub fn walk<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a ChainNode)>) {
        out.push((depth, self));
        for c in &self.children {
            c.walk(depth + 1, out);
        }
    }
}

impl ChainDiagram {
    /// Columns: the deepest tree's depth (at least one).
    fn depth(&self) -> usize {
        self.roots
            .iter()
            .map(ChainNode::depth)
            .max()
            .unwrap_or(1)
            .max(self.columns.len())
            .max(1)
    }

    /// Rows: one per leaf.
    pub fn rows(&self) -> usize {
        self.roots.iter().map(ChainNode::leaves).sum()
    }

    /// The height the diagram needs (it does not depend on the width).
    pub fn height_for(&self, _width: f64) -> f64 {
        TOP + self.rows() as f64 * ROW_H + BOTTOM
    }

    /// Every item with its depth, in the order drawn.
    pub fn items(&self) -> Vec<(usize, &ChainNode)> {
        let mut out = Vec::new();
        for r in &self.roots {
            r.walk(0, &mut out);
        }
        out
    }

    /// The boxes' places at a width: a tidy tree, leaves one row apart in
    /// the tree's order, each parent centred on its children.
    pub fn layout(&self, width: f64) -> Layout<'_> {
        let d = self.depth() as f64;
        let box_w = ((width - 2.0 * M - (d - 1.0) * GAP) / d).max(60.0);
        let mut boxes = Vec::new();
        let mut next_row = 0usize;
        for r in &self.roots {
            place(r, 0, None, box_w, &mut next_row, &mut boxes);
        }
        Layout {
            boxes,
            box_w,
            height: self.height_for(width),
        }
    }

    /// Draw the diagram.
    pub fn draw(&self, c: &mut dyn Canvas, width: f64, height: f64) {
        let inner = width - 2.0 * M;
        let mut y = theme::heading(
            c,
            (&self.title, &self.subtitle),
            (M, M + 18.0),
            inner,
            (Font::new(14.0, theme::MUTED, false), 19.0),
            2.0,
        );
        y = legend(c, y + 8.0, inner);
        let layout = self.layout(width);
        let head = Font::new(12.0, theme::MUTED, true);
        for (k, h) in self.columns.iter().enumerate() {
            let x = M + k as f64 * (layout.box_w + GAP);
            c.text(
                &text::ellipsize(h, 12.0, true, layout.box_w),
                x,
                TOP - 10.0,
                &head,
            );
        }
        let _ = y;
        // Links first, so that boxes sit on top of them.
        for b in &layout.boxes {
            let Some(p) = b.parent.map(|i| &layout.boxes[i]) else {
                continue;
            };
            let (x0, y0) = (p.x + layout.box_w, p.y + BOX_H / 2.0);
            let (x1, y1) = (b.x, b.y + BOX_H / 2.0);
            let turn = x0 + GAP / 2.0;
            let stroke = if b.node.proposed {
                Stroke::dashed(theme::MUTED, 1.3, 5.0, 3.0)
            } else {
                Stroke::solid(theme::MUTED, 1.3)
            };
            c.polyline(&[(x0, y0), (turn, y0), (turn, y1), (x1, y1)], &stroke);
        }
        for b in &layout.boxes {
            draw_box(c, b.node, b.x, b.y, layout.box_w);
        }
        c.text(
            &text::ellipsize(&self.source, 12.0, false, inner),
            M,
            height - M + 4.0,
            &Font::new(12.0, theme::MUTED, false),
        );
    }
}

/// Place a node and its subtree; returns the node's top.
fn place<'a>(
    n: &'a ChainNode,
    depth: usize,
    parent: Option<usize>,
    box_w: f64,
    next_row: &mut usize,
    out: &mut Vec<Placed<'a>>,
) -> f64 {
    let x = M + depth as f64 * (box_w + GAP);
    let me = out.len();
    out.push(Placed {
        node: n,
        depth,
        x,
        y: 0.0,
        parent,
    });
    let y = if n.children.is_empty() {
        let y = TOP + *next_row as f64 * ROW_H;
        *next_row += 1;
        y
    } else {
        let tops: Vec<f64> = n
            .children
            .iter()
            .map(|c| place(c, depth + 1, Some(me), box_w, next_row, out))
            .collect();
        let (first, last) = (tops[0], tops[tops.len() - 1]);
        (first + last) / 2.0
    };
    out[me].y = y;
    y
}

/// The outline of a box as a closed polyline.
fn outline(x: f64, y: f64, w: f64, h: f64) -> [(f64, f64); 5] {
    [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
}

fn draw_box(c: &mut dyn Canvas, n: &ChainNode, x: f64, y: f64, w: f64) {
    let (fill, ink, border) = match n.look {
        Look::Structural => (theme::WHITE, theme::INK, Stroke::solid(theme::INK, 1.6)),
        Look::NoIndicator => (
            theme::WHITE,
            theme::INK,
            Stroke::dashed(theme::MUTED, 1.2, 4.0, 3.0),
        ),
        Look::Assessed => {
            let s = n.status.unwrap_or(Status::InsufficientData);
            (
                theme::status_fill(s),
                theme::status_ink(s),
                Stroke::solid(theme::AXIS, 1.0),
            )
        }
    };
    c.rect(x, y, w, BOX_H, fill, 1.0);
    c.polyline(&outline(x, y, w, BOX_H), &border);
    let room = w - 2.0 * PAD;
    let bold = Font::new(12.5, ink, true);
    let body = Font::new(11.0, ink, false);
    if n.id.is_empty() {
        // A heading: its words in bold over up to three lines.
        let lines = text::wrap(&n.text, 12.0, true, room);
        for (k, l) in lines.iter().take(3).enumerate() {
            let l = if k == 2 && lines.len() > 3 {
                text::ellipsize(&format!("{l} …"), 12.0, true, room)
            } else {
                l.clone()
            };
            c.text(
                &l,
                x + PAD,
                y + 16.0 + 14.0 * k as f64,
                &bold.at(Anchor::Start),
            );
        }
        return;
    }
    // First line: the id, with the status word at the right where both
    // fit; else the status word opens the second line. Then the text, over
    // what is left of two lines, shortened with … beyond them.
    let word_w = text::width(&n.word, 12.0, false);
    let id_w = text::width(&n.id, 12.5, true);
    let side_by_side = n.word.is_empty() || id_w + 10.0 + word_w <= room;
    c.text(
        &text::ellipsize(&n.id, 12.5, true, room),
        x + PAD,
        y + 16.0,
        &bold,
    );
    let words = if side_by_side {
        if !n.word.is_empty() {
            c.text(
                &n.word,
                x + w - PAD,
                y + 16.0,
                &Font::new(12.0, ink, false).at(Anchor::End),
            );
        }
        n.text.clone()
    } else {
        format!("{} · {}", n.word, n.text)
    };
    let lines = text::wrap(&words, 11.0, false, room);
    if let Some(first) = lines.first() {
        c.text(first, x + PAD, y + 30.0, &body);
    }
    if lines.len() > 1 {
        let rest = lines[1..].join(" ");
        c.text(
            &text::ellipsize(&rest, 11.0, false, room),
            x + PAD,
            y + 43.0,
            &body,
        );
    }
}

/// The legend: the six status fills with their symbols and words, then a
/// box without an indicator, a structural box and the two kinds of link.
/// The y below it.
fn legend(c: &mut dyn Canvas, y: f64, width: f64) -> f64 {
    let mut x = M;
    let mut y = y;
    let chip = |c: &mut dyn Canvas, x: f64, y: f64, label: &str, fill: Rgb, ink: Rgb| {
        let w = text::width(label, 12.0, false) + 16.0;
        c.rect(x, y - 13.0, w, 19.0, fill, 1.0);
        c.polyline(
            &outline(x, y - 13.0, w, 19.0),
            &Stroke::solid(theme::AXIS, 1.0),
        );
        c.text(label, x + 8.0, y + 1.0, &Font::new(12.0, ink, false));
        w
    };
    for s in Status::ALL {
        let label = format!("{} {}", s.symbol(), s.label());
        x += chip(c, x, y, &label, theme::status_fill(s), theme::status_ink(s)) + 6.0;
    }
    y += 26.0;
    x = M;
    let label = "– no indicator";
    let w = text::width(label, 12.0, false) + 16.0;
    c.rect(x, y - 13.0, w, 19.0, theme::WHITE, 1.0);
    c.polyline(
        &outline(x, y - 13.0, w, 19.0),
        &Stroke::dashed(theme::MUTED, 1.2, 4.0, 3.0),
    );
    c.text(label, x + 8.0, y + 1.0, &Font::new(12.0, theme::INK, false));
    x += w + 14.0;
    let label = "goal, enabler, objective: not assessed";
    let w = text::width(label, 12.0, true) + 16.0;
    c.rect(x, y - 13.0, w, 19.0, theme::WHITE, 1.0);
    c.polyline(
        &outline(x, y - 13.0, w, 19.0),
        &Stroke::solid(theme::INK, 1.6),
    );
    c.text(label, x + 8.0, y + 1.0, &Font::new(12.0, theme::INK, true));
    x += w + 14.0;
    for (label, stroke) in [
        (
            "link stated or inferred from the plan",
            Stroke::solid(theme::MUTED, 1.3),
        ),
        (
            "link proposed by rbm",
            Stroke::dashed(theme::MUTED, 1.3, 5.0, 3.0),
        ),
    ] {
        let lw = text::width(label, 12.0, false);
        if x + 34.0 + lw > M + width {
            x = M;
            y += 24.0;
        }
        c.polyline(&[(x, y - 4.0), (x + 28.0, y - 4.0)], &stroke);
        c.text(
            label,
            x + 34.0,
            y + 1.0,
            &Font::new(12.0, theme::INK, false),
        );
        x += 34.0 + lw + 14.0;
    }
    y + 12.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, children: Vec<ChainNode>) -> ChainNode {
        ChainNode {
            id: id.to_string(),
            text: format!("text of {id}"),
            status: Some(Status::OnTrack),
            word: "↑ on track".to_string(),
            look: Look::Assessed,
            proposed: false,
            children,
        }
    }

    fn sample() -> ChainDiagram {
        // G1 ─ T1 ─ O1 ─ (X1, X2)
        //    │     └ C1
        //    └ T2
        // G2 (alone)
        ChainDiagram {
            title: "t".into(),
            subtitle: "s".into(),
            columns: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            roots: vec![
                node(
                    "G1",
                    vec![
                        node(
                            "T1",
                            vec![
                                node("O1", vec![node("X1", vec![]), node("X2", vec![])]),
                                node("C1", vec![]),
                            ],
                        ),
                        node("T2", vec![]),
                    ],
                ),
                node("G2", vec![]),
            ],
            source: "src".into(),
        }
    }

    #[test]
    fn leaves_are_one_row_apart_and_parents_centred_on_their_children() {
        let d = sample();
        // Leaves X1, X2, C1, T2, G2: five rows.
        assert_eq!(d.rows(), 5);
        let l = d.layout(1200.0);
        let y = |id: &str| l.boxes.iter().find(|b| b.node.id == id).unwrap().y;
        assert_eq!(y("X1"), TOP);
        assert_eq!(y("X2"), TOP + ROW_H);
        assert_eq!(y("C1"), TOP + 2.0 * ROW_H);
        assert_eq!(y("T2"), TOP + 3.0 * ROW_H);
        assert_eq!(y("G2"), TOP + 4.0 * ROW_H);
        // O1 between X1 and X2; T1 between O1 and C1; G1 between T1 and T2.
        assert_eq!(y("O1"), TOP + 0.5 * ROW_H);
        assert_eq!(y("T1"), TOP + 1.25 * ROW_H);
        assert_eq!(y("G1"), TOP + 2.125 * ROW_H);
        // Four columns in 1200 px: (1200 − 48 − 3·26)/4 = 268.5 wide.
        assert!((l.box_w - 268.5).abs() < 1e-9);
        assert_eq!(l.height, TOP + 5.0 * ROW_H + BOTTOM);
    }

    #[test]
    fn no_two_boxes_overlap() {
        let d = sample();
        let l = d.layout(1200.0);
        for (i, a) in l.boxes.iter().enumerate() {
            for b in &l.boxes[i + 1..] {
                let apart_x = a.x + l.box_w <= b.x || b.x + l.box_w <= a.x;
                let apart_y = a.y + BOX_H <= b.y || b.y + BOX_H <= a.y;
                assert!(
                    apart_x || apart_y,
                    "{} and {} overlap",
                    a.node.id,
                    b.node.id
                );
            }
        }
    }
}
