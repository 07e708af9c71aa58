//! Plain-text tables for the terminal: aligned columns, a header rule, and
//! cells shortened with `…` so that a table fits the width it is given.
//!
//! Renders to a `String`; printing is the command layer's job.

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A table being built.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
    /// Columns that may be shortened to fit, widest first.
    shrinkable: Vec<usize>,
}

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            headers: columns.iter().map(|(h, _)| h.to_string()).collect(),
            align: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
            shrinkable: Vec::new(),
        }
    }

    /// Let a column be shortened with `…` when the table is too wide.
    pub fn shrink(mut self, column: usize) -> Self {
        self.shrinkable.push(column);
        self
    }

    /// Add a row; missing cells are empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Render to at most `max_width` columns (when shrinkable columns allow).
    pub fn render(&self, max_width: usize) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        while total(&widths) > max_width {
            let Some(&col) = self
                .shrinkable
                .iter()
                .filter(|c| widths[**c] > 8)
                .max_by_key(|c| widths[**c])
            else {
                break;
            };
            widths[col] -= 1;
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut parts = Vec::with_capacity(n);
            for (i, &w) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let cell = truncate(cell, w);
                let pad = w.saturating_sub(width(&cell));
                let last = i + 1 == n;
                parts.push(match self.align[i] {
                    Align::Left if last => cell,
                    Align::Left => format!("{cell}{}", " ".repeat(pad)),
                    Align::Right => format!("{}{cell}", " ".repeat(pad)),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }
}

/// Display width in characters (the tables hold no wide glyphs).
fn width(s: &str) -> usize {
    s.chars().count()
}

fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_and_shrinks_to_width() {
        let mut t = Table::new(&[("name", Align::Left), ("value", Align::Right)]).shrink(0);
        t.row(vec!["a very long name indeed".into(), "1.5".into()]);
        t.row(vec!["b".into(), "10.25".into()]);
        let out = t.render(20);
        assert_eq!(
            out,
            "name           value\n─────────────  ─────\na very long …    1.5\nb              10.25\n"
        );
        assert!(out.lines().all(|l| l.chars().count() <= 20));
    }
}
