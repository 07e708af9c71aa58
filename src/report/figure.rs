//! A chart as a figure of the document: a caption in words, a description
//! that says what the chart shows to someone who cannot see it, the table
//! of the values drawn, and for trajectories the same values as a native
//! line chart for the workbook. Built from the chart's spec, the same
//! values the chart draws, so that the words and the picture agree.

use std::collections::{BTreeMap, BTreeSet};

use super::document::{
    Cell, Column, Figure, Flag, Inline, LineChart, Series, Table, TargetLine, table_name,
};
use crate::base::vocab::Vocabulary;
use crate::classify::group;
use crate::plot::gaps::GapChart;
use crate::plot::grid::StatusGrid;
use crate::plot::map::{DrawnAs, Legend, MapChart, MapEconomy};
use crate::plot::theme;
use crate::plot::trajectory::{TargetMark, Trajectory};
use crate::plot::{Chart, ChartFile};
use crate::progress::{Confidence, Status};

/// The sheet of the workbook that holds the status grid.
pub const STATUS_SHEET: &str = "Status by group";
/// The sheet with the values behind the trajectories, each beside its
/// native chart.
pub const CHARTS_SHEET: &str = "Charts";
/// The sheet with the values behind the gap charts.
pub const GAPS_SHEET: &str = "Gaps";
/// The sheet with the economies behind the maps.
pub const MAPS_SHEET: &str = "Maps";

fn group_name(code: &str) -> String {
    group::group(code)
        .map(|g| g.name.to_string())
        .unwrap_or_else(|| code.to_string())
}

fn trajectory(stem: &str, t: &Trajectory) -> Figure {
    let years: BTreeSet<i32> = t
        .lines
        .iter()
        .flat_map(|l| l.dots.iter().map(|d| d.year))
        .collect();
    let decimals = u8::try_from(t.unit.decimals()).unwrap_or(1);
    let mut columns = vec![Column::number("Year")];
    columns.extend(t.lines.iter().map(|l| Column::number(&group_name(&l.geo))));
    let rows = years
        .iter()
        .map(|y| {
            let mut row = vec![Cell::Integer(i64::from(*y))];
            row.extend(t.lines.iter().map(|l| {
                l.dots
                    .iter()
                    .find(|d| d.year == *y)
                    .map_or(Cell::Empty, |d| Cell::Number {
                        value: d.value,
                        decimals,
                    })
            }));
            row
        })
        .collect();
    let (first, last) = (
        years.first().copied().unwrap_or(t.years.0),
        years.last().copied().unwrap_or(t.years.0),
    );
    let target_words = match &t.target {
        Some(TargetMark::Line { label, .. } | TargetMark::Band { label, .. }) => {
            format!("; {label}")
        }
        None => String::new(),
    };
    let observed = if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    };
    let caption = format!(
        "{}: observed {observed}, projected to {}{target_words}.",
        t.title, t.years.1
    );
    let ends: Vec<&str> = t.lines.iter().map(|l| l.label.as_str()).collect();
    let target_sentence = match &t.target {
        Some(TargetMark::Line { label, .. }) => {
            format!(" A horizontal line marks the target ({label}).")
        }
        Some(TargetMark::Band { label, .. }) => {
            format!(" A shaded band marks the target ({label}).")
        }
        None => String::new(),
    };
    let mut description = format!(
        "Line chart of {}, one line per group, each with its own marker shape (hollow for estimates), from {first} to {}. A dashed projection ({}) continues each line to {}.{target_sentence} Latest value and projection, by group: {}.",
        t.title,
        t.years.1,
        t.projection_label
            .trim_start_matches("projection (")
            .trim_end_matches(')'),
        t.years.1,
        ends.join("; ")
    );
    if let Some(note) = &t.note {
        description.push(' ');
        description.push_str(note);
    }
    let chart = LineChart {
        title: t.title.clone(),
        value_title: t.unit.label().to_string(),
        log_scale: t.log_scale,
        years: t.years,
        series: t
            .lines
            .iter()
            .enumerate()
            .map(|(k, l)| Series {
                column: k + 1,
                colour: l.color.hex(),
                marker: theme::group_marker(&l.geo),
                emphasis: l.emphasis,
            })
            .collect(),
        target: match &t.target {
            Some(TargetMark::Line { value, label }) => vec![TargetLine {
                name: label.clone(),
                value: *value,
            }],
            Some(TargetMark::Band { low, high, label }) => vec![
                TargetLine {
                    name: format!("{label} (low)"),
                    value: *low,
                },
                TargetLine {
                    name: format!("{label} (high)"),
                    value: *high,
                },
            ],
            None => Vec::new(),
        },
    };
    Figure {
        image: stem.to_string(),
        caption,
        description,
        data: Some(Table {
            name: table_name(&format!("chart {stem}")),
            caption: format!("Values behind the chart: {}", t.title),
            columns,
            rows,
            row_headers: true,
            note: super::document::text(
                "Values as drawn; tables/series.csv gives each value's origin (published or computed) and whether it is an ITU estimate.",
            ),
            sheet: Some(CHARTS_SHEET.to_string()),
        }),
        chart: Some(chart),
    }
}

/// A status's confidence as a mark beside it, said in words.
fn confidence_flag(c: Confidence) -> Flag {
    Flag {
        symbol: c.mark().to_string(),
        meaning: format!("{} confidence", c.as_str()),
    }
}

fn grid(stem: &str, g: &StatusGrid) -> Figure {
    let mut columns = vec![Column::text("Target and indicator")];
    columns.extend(g.columns.iter().map(|c| Column::statuses(c)));
    let mut counts = [0usize; 6];
    let mut graded: std::collections::BTreeMap<Confidence, usize> = Default::default();
    let rows = g
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::Text(r.label.clone())];
            row.extend(r.cells.iter().map(|c| match c {
                Some(cell) => {
                    counts[cell.status.index()] += 1;
                    // As in the picture: no mark where nothing could be
                    // assessed.
                    let assessed = cell.status != Status::InsufficientData;
                    if assessed {
                        *graded.entry(cell.confidence).or_default() += 1;
                    }
                    Cell::Status {
                        status: cell.status,
                        flags: if assessed {
                            vec![confidence_flag(cell.confidence)]
                        } else {
                            Vec::new()
                        },
                        note: Vec::new(),
                    }
                }
                None => Cell::Text("–".to_string()),
            }));
            row
        })
        .collect();
    let said: Vec<String> = Status::ALL
        .iter()
        .filter(|s| counts[s.index()] > 0)
        .map(|s| format!("{} {}", counts[s.index()], s.label().to_lowercase()))
        .collect();
    let trusted: Vec<String> = graded
        .iter()
        .map(|(c, n)| format!("{n} {}", c.as_str()))
        .collect();
    Figure {
        image: stem.to_string(),
        caption: format!(
            "{}: every 2030 target's indicator (rows) for every group (columns), with the status's symbol in each cell.",
            g.title
        ),
        description: format!(
            "A grid of {} rows (a 2030 target's indicator each) and {} columns (groups: {}). Each cell is coloured by status and carries its symbol and word, and, where it could be assessed, a mark of the confidence in the status beside the symbol (filled dots out of three). Of the {} cells where the target applies: {}; confidence of the assessed ones: {}. The table below gives every cell.",
            g.rows.len(),
            g.columns.len(),
            g.columns.join(", "),
            counts.iter().sum::<usize>(),
            said.join(", "),
            trusted.join(", ")
        ),
        data: Some(Table {
            name: table_name("status by group"),
            caption: format!("{} (the grid as a table)", g.title),
            columns,
            rows,
            row_headers: true,
            note: super::document::text(format!(
                "Confidence in each status: {}. – the target does not apply to the group.",
                Confidence::legend()
            )),
            sheet: Some(STATUS_SHEET.to_string()),
        }),
        chart: None,
    }
}

fn gaps(stem: &str, g: &GapChart) -> Figure {
    let decimals = u8::try_from(g.decimals).unwrap_or(1);
    let rows = g
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.label.clone()),
                Cell::Integer(i64::from(r.year)),
                Cell::Number {
                    value: r.value,
                    decimals,
                },
                Cell::Number {
                    value: r.gap,
                    decimals,
                },
                Cell::Text(r.status.clone()),
            ]
        })
        .collect();
    let said: Vec<String> = g
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {:.*} in {} (gap {:.*})",
                r.label, g.decimals, r.value, r.year, g.decimals, r.gap
            )
        })
        .collect();
    Figure {
        image: stem.to_string(),
        caption: format!(
            "{}: each group's latest value against the target ({}), largest gap first.",
            g.title, g.target_label
        ),
        description: format!(
            "A dot per group at its latest value on a scale with the target ({}) marked; groups sorted by their gap to the target, largest first: {}.",
            g.target_label,
            said.join("; ")
        ),
        data: Some(Table {
            name: table_name(&format!("chart {stem}")),
            caption: format!("Values behind the chart: {}", g.title),
            columns: vec![
                Column::text("Group"),
                Column::number("Latest year"),
                Column::number("Latest value"),
                Column::number("Gap to target"),
                Column::text("Status"),
            ],
            rows,
            row_headers: true,
            note: Vec::new(),
            sheet: Some(GAPS_SHEET.to_string()),
        }),
        chart: None,
    }
}

/// The year most of a map's economies' values come from (the later on a
/// tie): the value map's own reference year, else counted here.
fn usual_year(m: &MapChart) -> Option<i32> {
    if m.spec.reference_year.is_some() {
        return m.spec.reference_year;
    }
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for y in m.spec.economies.iter().filter_map(|e| e.year) {
        *counts.entry(y).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
        .map(|(y, _)| *y)
}

/// A map as a figure: the description says what each colour stands for
/// and how many economies have it; the table lists the economies of each
/// class or status (with the year of a value older than most), and its
/// note links the file with every economy's value, year and how it is
/// drawn.
fn map(stem: &str, m: &MapChart) -> Figure {
    let spec = &m.spec;
    let usual = usual_year(m);
    let statuses = matches!(spec.legend, Legend::Categories { .. });
    // (words, status if it is one, economies) per class, then no data.
    let mut classes: Vec<(String, Option<Status>, Vec<&MapEconomy>)> = match &spec.legend {
        Legend::Classes { classes, .. } => classes
            .iter()
            .map(|c| (c.label.clone(), None, Vec::new()))
            .collect(),
        Legend::Categories { categories } => categories
            .iter()
            .map(|c| (c.label.clone(), Status::parse(&c.key), Vec::new()))
            .collect(),
    };
    let mut no_data = Vec::new();
    for e in &spec.economies {
        match e.class.and_then(|c| classes.get_mut(c)) {
            Some((_, _, list)) => list.push(e),
            None => no_data.push(e),
        }
    }
    let name = |e: &MapEconomy| {
        let mut s = e.name.clone();
        match (e.year, usual) {
            (Some(y), Some(u)) if y < u => s.push_str(&format!(" ({y})")),
            _ => {}
        }
        if e.drawn_as == DrawnAs::NotDrawn {
            s.push_str(" (not drawn)");
        }
        s
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut said = Vec::new();
    for (label, status, list) in &classes {
        let first = match status {
            Some(s) => Cell::Status {
                status: *s,
                flags: Vec::new(),
                note: Vec::new(),
            },
            None => Cell::Text(label.clone()),
        };
        said.push(format!("{label}: {}", list.len()));
        rows.push(vec![
            first,
            Cell::Integer(list.len() as i64),
            Cell::Text(list.iter().map(|e| name(e)).collect::<Vec<_>>().join(", ")),
        ]);
    }
    if !no_data.is_empty() {
        said.push(format!("no data: {} (hatched grey)", no_data.len()));
        rows.push(vec![
            Cell::Text("No data".to_string()),
            Cell::Integer(no_data.len() as i64),
            Cell::Text(
                no_data
                    .iter()
                    .map(|e| name(e))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    let target = match &spec.legend {
        Legend::Classes {
            target: Some(t), ..
        } => format!(" The legend marks the {}.", t.label),
        _ => String::new(),
    };
    let colours = if statuses {
        "each economy coloured by its own status, each status with its symbol in the legend and a pattern where two are alike in grey"
    } else {
        "each economy coloured by the class of its latest value, light (low) to dark (high)"
    };
    let mut extra = Vec::new();
    if spec.counts.earlier > 0
        && let Some(r) = spec.reference_year
    {
        extra.push(format!(
            "{} values from before {r} are dotted.",
            spec.counts.earlier
        ));
    }
    let circles = spec
        .economies
        .iter()
        .filter(|e| matches!(e.drawn_as, DrawnAs::Dot | DrawnAs::PolygonAndDot))
        .count();
    if circles > 0 {
        extra.push(format!(
            "{circles} small economies are also drawn as circles."
        ));
    }
    let not_drawn: Vec<&str> = spec
        .economies
        .iter()
        .filter(|e| e.drawn_as == DrawnAs::NotDrawn)
        .map(|e| e.name.as_str())
        .collect();
    if !not_drawn.is_empty() {
        extra.push(format!("Not drawn: {}.", not_drawn.join(", ")));
    }
    let csv = format!("charts/{stem}.csv");
    let description = format!(
        "World map (Equal Earth projection) of {}: {colours}.{target} Economies per {}: {}. {} The table lists the economies of each; {stem}.csv, beside the map's image, gives every economy's value and year.",
        spec.title,
        if statuses { "status" } else { "class" },
        said.join("; "),
        extra.join(" "),
    );
    let kind = if statuses { "Status" } else { "Class" };
    Figure {
        image: stem.to_string(),
        caption: format!("{}. {}", spec.title, spec.subtitle),
        description: description.replace("  ", " "),
        data: Some(Table {
            name: table_name(&format!("map {stem}")),
            caption: format!("Economies behind the map: {}", spec.title),
            columns: vec![
                Column::text(kind),
                Column::number("Economies"),
                Column::text(
                    match usual {
                        Some(y) => format!("Which (year of the value where before {y})"),
                        None => "Which".to_string(),
                    }
                    .as_str(),
                ),
            ],
            rows,
            row_headers: true,
            note: vec![
                Inline::Text(
                    "Every economy with its value, year, class and how it is drawn: ".to_string(),
                ),
                Inline::Link {
                    text: csv.clone(),
                    href: csv,
                },
                Inline::Text(".".to_string()),
            ],
            sheet: Some(MAPS_SHEET.to_string()),
        }),
        chart: None,
    }
}

/// The figure of a chart.
pub fn figure(file: &ChartFile) -> Figure {
    match &file.chart {
        Chart::Trajectory(t) => trajectory(&file.stem, t),
        Chart::Grid(g) => grid(&file.stem, g),
        Chart::Gaps(g) => gaps(&file.stem, g),
        Chart::Chain(d) => super::chain_figure::figure(&file.stem, d),
        Chart::Map(m) => map(&file.stem, m),
    }
}
