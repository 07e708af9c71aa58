//! Plain-text tables and paragraphs for the terminal, within a width.
//!
//! The rule that keeps a table within its width, in order: columns marked
//! [`Table::wrap`] wrap at spaces onto more lines; then columns marked
//! [`Table::optional`] are left out, last marked first, and the table says
//! which. A cell is never cut: a name reads whole or not at all. Headers
//! may hold a second line (the unit) after a `\n`. Widths count display
//! columns (`unicode-width`).
//!
//! Colour is an ANSI tone on a cell's text, applied after the layout so
//! that it never changes a width; [`Style`] says whether to use it.
//! Renders to a `String`; printing is the command layer's job.

use unicode_width::UnicodeWidthStr;

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A colour for a cell: what it says about progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Achieved or on track, met.
    Good,
    /// Moving the right way, too slowly.
    Fair,
    /// Barely moving.
    Poor,
    /// Moving the wrong way, missed, disagreeing.
    Bad,
    /// No data, withheld.
    Muted,
}

impl Tone {
    fn ansi(self) -> &'static str {
        match self {
            Tone::Good => "\x1b[32m",
            Tone::Fair => "\x1b[33m",
            Tone::Poor => "\x1b[35m",
            Tone::Bad => "\x1b[1;31m",
            Tone::Muted => "\x1b[2m",
        }
    }
}

/// How to write text for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
}

impl Style {
    /// With or without colour.
    pub fn from_color(color: bool) -> Self {
        Style { color }
    }

    /// `text` in `tone`, when colour is on.
    pub fn paint(self, text: &str, tone: Option<Tone>) -> String {
        match tone {
            Some(t) if self.color && !text.is_empty() => format!("{}{text}\x1b[0m", t.ansi()),
            _ => text.to_string(),
        }
    }
}

/// One cell: its text and, optionally, its colour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    text: String,
    tone: Option<Tone>,
}

impl Cell {
    /// A coloured cell.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            text: text.into(),
            tone: Some(tone),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, tone: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::from(text.to_string())
    }
}

/// A table being built.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<Cell>>,
    /// Columns that may wrap at spaces.
    wrapping: Vec<usize>,
    /// Columns that may be left out, in the order they are given up.
    optional: Vec<usize>,
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            align: columns.iter().map(|(_, a)| *a).collect(),
            ..Table::default()
        }
    }

    /// Let a column wrap at spaces when the table is too wide.
    pub fn wrap(mut self, column: usize) -> Self {
        self.wrapping.push(column);
        self
    }

    /// Let a column be left out when the table is too wide even wrapped;
    /// the first marked goes first.
    pub fn optional(mut self, column: usize) -> Self {
        self.optional.push(column);
        self
    }

    /// Add a row; missing cells are empty.
    pub fn row<C: Into<Cell>>(&mut self, cells: Vec<C>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Render within `max_width` columns when wrapping and leaving out
    /// optional columns allow it (see the module's rule).
    pub fn render(&self, max_width: usize, style: Style) -> String {
        let n = self.headers.len();
        fn cell(row: &[Cell], i: usize) -> &str {
            row.get(i).map(|c| c.text.as_str()).unwrap_or("")
        }
        let natural = |i: usize| {
            let head = self.headers[i].lines().map(width).max().unwrap_or(0);
            self.rows
                .iter()
                .map(|r| width(cell(r, i)))
                .max()
                .unwrap_or(0)
                .max(head)
        };
        let mut shown: Vec<usize> = (0..n).collect();
        let mut widths: Vec<usize> = (0..n).map(natural).collect();
        let total = |shown: &[usize], widths: &[usize]| {
            shown.iter().map(|&i| widths[i]).sum::<usize>() + 2 * shown.len().saturating_sub(1)
        };
        // Wrap: narrow the wrapping columns down to their longest word.
        for &col in &self.wrapping {
            let longest_word = std::iter::once(self.headers[col].as_str())
                .chain(self.rows.iter().map(|r| cell(r, col)))
                .flat_map(|t| t.split([' ', '\n']))
                .flat_map(|w| w.split_inclusive(BREAKS))
                .map(width)
                .max()
                .unwrap_or(0);
            let excess = total(&shown, &widths).saturating_sub(max_width);
            widths[col] = widths[col].saturating_sub(excess).max(longest_word);
        }
        let mut left_out = Vec::new();
        for &col in &self.optional {
            if total(&shown, &widths) <= max_width {
                break;
            }
            shown.retain(|&c| c != col);
            left_out.push(self.headers[col].replace('\n', " "));
        }

        let mut out = String::new();
        let head_lines = self
            .headers
            .iter()
            .map(|h| h.lines().count())
            .max()
            .unwrap_or(1);
        for l in 0..head_lines {
            let cells: Vec<Cell> = self
                .headers
                .iter()
                .map(|h| Cell::from(h.lines().nth(l).unwrap_or("")))
                .collect();
            self.line(&cells, &shown, &widths, style, &mut out);
        }
        let rule: Vec<String> = shown.iter().map(|&i| "─".repeat(widths[i])).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            self.line(row, &shown, &widths, style, &mut out);
        }
        if !left_out.is_empty() {
            out.push_str(&format!(
                "(left out to fit {max_width} columns: {}; --format csv has every column)\n",
                left_out.join(", ")
            ));
        }
        out
    }

    /// One row, over as many lines as its wrapped cells take.
    fn line(
        &self,
        row: &[Cell],
        shown: &[usize],
        widths: &[usize],
        style: Style,
        out: &mut String,
    ) {
        let wrapped: Vec<Vec<String>> = shown
            .iter()
            .map(|&i| {
                let text = row.get(i).map(|c| c.text.as_str()).unwrap_or("");
                if self.wrapping.contains(&i) {
                    wrap_words(text, widths[i])
                } else {
                    vec![text.to_string()]
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for l in 0..height {
            let mut parts = Vec::with_capacity(shown.len());
            for (k, &i) in shown.iter().enumerate() {
                let text = wrapped[k].get(l).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(widths[i].saturating_sub(width(text)));
                let tone = row.get(i).and_then(|c| c.tone);
                let painted = style.paint(text, tone);
                let last = k + 1 == shown.len();
                parts.push(match self.align[i] {
                    Align::Left if last => painted,
                    Align::Left => format!("{painted}{pad}"),
                    Align::Right => format!("{pad}{painted}"),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        }
    }
}

/// Split text into lines of at most `max` columns at spaces; a path or file
/// name longer than `max` breaks after a `/` or `_`, and any other word
/// longer than `max` stands alone on its line, whole.
pub fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let words = para
            .split(' ')
            .filter(|w| !w.is_empty())
            .flat_map(|w| path_parts(w, max));
        for word in words {
            if !line.is_empty() && width(&line) + 1 + width(word) > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Where a path or file name may break: after these.
const BREAKS: [char; 2] = ['/', '_'];

/// A word as pieces of at most `max` columns broken after a `/` or `_`,
/// when it is longer than that and has one to break at.
fn path_parts(word: &str, max: usize) -> Vec<&str> {
    if width(word) <= max || !word.contains(BREAKS) {
        return vec![word];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let mut last_break = None;
    for (i, c) in word.char_indices() {
        if width(&word[start..i + c.len_utf8()]) > max
            && let Some(b) = last_break.filter(|b| *b > start)
        {
            parts.push(&word[start..b]);
            start = b;
        }
        if BREAKS.contains(&c) {
            last_break = Some(i + 1);
        }
    }
    parts.push(&word[start..]);
    parts
}

/// A paragraph within `max` columns: the first line as it starts (its
/// leading spaces kept), the following ones indented by `indent` spaces.
pub fn paragraph(text: &str, max: usize, indent: usize) -> String {
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let pad = " ".repeat(indent.max(lead));
    let mut out = String::new();
    for (i, line) in wrap_words(body, max.saturating_sub(pad.len()))
        .iter()
        .enumerate()
    {
        out.push_str(if i == 0 { &pad[..lead] } else { &pad });
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_and_wraps_to_width_without_cutting_a_word() {
        let mut t = Table::new(&[("name", Align::Left), ("value", Align::Right)]).wrap(0);
        t.row(vec!["a very long name indeed", "1.5"]);
        t.row(vec!["b", "10.25"]);
        let out = t.render(20, Style::default());
        assert_eq!(
            out,
            "name           value\n─────────────  ─────\na very long      1.5\nname indeed\nb              10.25\n"
        );
        assert!(out.lines().all(|l| width(l) <= 20));
    }

    #[test]
    fn optional_columns_go_when_nothing_else_fits_and_the_table_says_so() {
        let mut t = Table::new(&[
            ("group", Align::Left),
            ("extra\n%", Align::Right),
            ("status", Align::Left),
        ])
        .optional(1);
        t.row(vec!["Arab States", "12345678", "on track"]);
        let out = t.render(24, Style::default());
        assert!(out.starts_with("group        status\n"), "{out}");
        assert!(out.contains("Arab States  on track"), "{out}");
        assert!(out.contains("left out to fit 24 columns: extra %"), "{out}");
    }

    #[test]
    fn colour_never_changes_the_layout() {
        let mut t = Table::new(&[("a", Align::Left), ("b", Align::Left)]);
        t.row(vec![Cell::toned("ok", Tone::Good), Cell::from("x")]);
        let plain = t.render(80, Style::default());
        let painted = t.render(80, Style::from_color(true));
        assert_eq!(plain, "a   b\n──  ─\nok  x\n");
        assert_eq!(painted, "a   b\n──  ─\n\x1b[32mok\x1b[0m  x\n");
    }

    #[test]
    fn long_paths_break_after_a_slash() {
        assert_eq!(
            wrap_words("../shared/data/itu-datahub/households.csv", 20),
            vec!["../shared/data/", "itu-datahub/", "households.csv"]
        );
    }

    #[test]
    fn paragraphs_wrap_with_a_hanging_indent() {
        assert_eq!(
            paragraph("one two three four", 10, 2),
            "one two\n  three\n  four\n"
        );
        assert_eq!(paragraph("  a b", 10, 4), "  a b\n");
    }
}
