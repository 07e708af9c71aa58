//! The report as a document: a small tree of blocks (headings with
//! anchors, paragraphs of inline text, lists, definition lists, tables
//! with header rows and per-cell status, figures with captions, a text
//! description and the data behind them, page breaks, the contents),
//! built once by [`super::compose`] and written by one thin renderer per
//! format (`html`, `markdown`, `docx`, `xlsx`), each a
//! `fn render(&Document) -> Result<Vec<u8>>`.
//!
//! The tree says what the report holds and in what order, never how a
//! format writes it: no HTML, Markdown or XML here. A renderer may leave
//! out what its format cannot carry (the workbook has no prose, Markdown no
//! page breaks), but it never decides what comes next.

use std::collections::BTreeMap;

pub use crate::plot::theme::Marker;
use crate::progress::{Confidence, Status};

/// The whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title (the Title style in Word, `<h1>` in HTML).
    pub title: String,
    /// Language tag of the text.
    pub language: &'static str,
    /// One line on what it is, for the files' properties.
    pub subject: String,
    /// The instant the containers (Word, Excel) record as created and
    /// modified, `YYYY-MM-DDTHH:MM:SSZ`: derived from the data's as-of
    /// year, never the clock, so that the same inputs give the same bytes.
    pub created: String,
    /// The program that wrote it, e.g. `rbm 0.1.0`.
    pub generator: String,
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
    /// The images figures refer to, by key.
    pub images: BTreeMap<String, Image>,
    /// Tables too large to read in the text (every progress row, every
    /// value behind the charts): only the workbook shows them; the other
    /// formats point to `tables/`.
    pub annex: Vec<Table>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading.
    Heading(Heading),
    /// A paragraph.
    Paragraph(Paragraph),
    /// A list of items.
    List(Vec<Vec<Inline>>),
    /// Terms and their definitions.
    Definitions(Vec<(String, Vec<Inline>)>),
    /// A table.
    Table(Table),
    /// A figure.
    Figure(Figure),
    /// Preformatted text.
    Code(String),
    /// The next block starts a new page (print and Word only).
    PageBreak,
    /// The contents: every heading that has an anchor and is listed,
    /// linked.
    Contents,
}

/// A heading. Levels start at 1 under the document's title; a renderer
/// never skips a level because the tree never does (a test checks).
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 (a part of the report: a target, the summary) to 4.
    pub level: u8,
    /// Its text.
    pub text: Vec<Inline>,
    /// An anchor other parts link to (`t1.3`), when it has one.
    pub anchor: Option<String>,
    /// Listed in the contents and the PDF outline.
    pub listed: bool,
}

/// How a paragraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Running text.
    Body,
    /// Dates, releases and provenance under the title.
    Meta,
    /// A smaller aside: table notes, a goal under a target.
    Note,
    /// Something the reader must not miss (not measurable here).
    Notice,
    /// The last line of the document.
    Footer,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// How it reads.
    pub style: ParagraphStyle,
    /// Its text.
    pub text: Vec<Inline>,
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Strong emphasis.
    Strong(String),
    /// Emphasis.
    Emphasis(String),
    /// A name from code or data: an indicator id, a method, a file.
    Code(String),
    /// Secondary words (an indicator id after its name).
    Aside(String),
    /// A link: `#anchor` inside the document, or a relative file.
    Link {
        /// The words.
        text: String,
        /// Where to.
        href: String,
    },
    /// A status, written with its symbol and label.
    Status(Status),
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header's words.
    pub name: String,
    /// The header names a status (a count per status).
    pub status: Option<Status>,
    /// What its cells hold.
    pub kind: ColumnKind,
}

/// What the cells of a column hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Words.
    Text,
    /// Numbers or numbers with units: right-aligned.
    Number,
    /// Statuses.
    Status,
}

impl Column {
    /// A column of words.
    pub fn text(name: &str) -> Column {
        Column {
            name: name.to_string(),
            status: None,
            kind: ColumnKind::Text,
        }
    }

    /// A column of numbers.
    pub fn number(name: &str) -> Column {
        Column {
            name: name.to_string(),
            status: None,
            kind: ColumnKind::Number,
        }
    }

    /// A column of statuses.
    pub fn statuses(name: &str) -> Column {
        Column {
            name: name.to_string(),
            status: None,
            kind: ColumnKind::Status,
        }
    }

    /// A column counting one status.
    pub fn count_of(status: Status) -> Column {
        Column {
            name: format!("{} {}", status.symbol(), status.label()),
            status: Some(status),
            kind: ColumnKind::Number,
        }
    }
}

/// A mark beside a status: a symbol and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// The symbol, e.g. `≠`.
    pub symbol: String,
    /// What it means, e.g. `the three methods disagree`.
    pub meaning: String,
}

/// A cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Words.
    Text(String),
    /// Words with emphasis or links.
    Rich(Vec<Inline>),
    /// A whole number (a year, a count).
    Integer(i64),
    /// A number, written with these decimals.
    Number {
        /// The value.
        value: f64,
        /// Decimals to write.
        decimals: u8,
    },
    /// A status, with its marks and, when it could not be assessed, why.
    Status {
        /// The status.
        status: Status,
        /// Marks beside it.
        flags: Vec<Flag>,
        /// A note under it, or nothing.
        note: Vec<Inline>,
    },
    /// A confidence grade: its mark (`●●○`) and its word, so that it reads
    /// in greyscale and aloud.
    Confidence(Confidence),
}

impl Cell {
    /// The cell as plain text, as a reader would say it.
    pub fn plain(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Rich(inlines) => plain(inlines),
            Cell::Integer(i) => i.to_string(),
            Cell::Number { value, decimals } => format!("{value:.*}", usize::from(*decimals)),
            Cell::Status {
                status,
                flags,
                note,
            } => {
                let mut s = format!("{} {}", status.symbol(), status.label());
                for f in flags {
                    s.push_str(&format!(" {} ({})", f.symbol, f.meaning));
                }
                if !note.is_empty() {
                    s.push_str(&format!(": {}", plain(note)));
                }
                s
            }
            Cell::Confidence(c) => format!("{} {}", c.mark(), c.as_str()),
        }
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A name unique in the document, letters, digits and `_` only
    /// (`groups_1_3_households_internet`): the workbook's table name.
    pub name: String,
    /// What the table shows, in words.
    pub caption: String,
    /// Its columns.
    pub columns: Vec<Column>,
    /// Its rows, each as long as the columns.
    pub rows: Vec<Vec<Cell>>,
    /// The first cell of each row names the row (a group, a goal).
    pub row_headers: bool,
    /// Words under the table, or nothing.
    pub note: Vec<Inline>,
    /// The workbook sheet that also shows it, when one does.
    pub sheet: Option<String>,
}

/// A series of a native chart: a column of the figure's data table.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Index of its column in the data table.
    pub column: usize,
    /// Colour, `#rrggbb`.
    pub colour: String,
    /// Its marker.
    pub marker: Marker,
    /// Drawn heavier (World).
    pub emphasis: bool,
}

/// A line the target draws across a native chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    /// Its legend name, e.g. `2030 target: 100%`.
    pub name: String,
    /// Its value.
    pub value: f64,
}

/// A line chart a spreadsheet can draw itself (and an officer restyle):
/// the years in the data table's first column, a series per group, the
/// target as series of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Title.
    pub title: String,
    /// The value axis' title (the unit).
    pub value_title: String,
    /// A logarithmic value axis.
    pub log_scale: bool,
    /// First and last year on the axis.
    pub years: (i32, i32),
    /// The groups' series.
    pub series: Vec<Series>,
    /// The target's lines (one, or two for a band).
    pub target: Vec<TargetLine>,
}

/// A figure: an image with its caption, a text description that says what
/// the image shows for someone who cannot see it, and the data behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Key of its image in [`Document::images`].
    pub image: String,
    /// The caption, in words.
    pub caption: String,
    /// What the image shows, in sentences (alt text).
    pub description: String,
    /// The data behind it.
    pub data: Option<Table>,
    /// The same data as a native chart, where a spreadsheet can draw one.
    pub chart: Option<LineChart>,
}

/// An image in the formats that each renderer needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// SVG for the web page (without its own font: the page has it).
    pub svg: String,
    /// PNG for the word processor.
    pub png: Vec<u8>,
    /// Size of the PNG in pixels.
    pub size: (u32, u32),
    /// Its file in the report folder, for formats that link to it.
    pub file: String,
}

/// Inline text as plain words.
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t)
            | Inline::Strong(t)
            | Inline::Emphasis(t)
            | Inline::Code(t)
            | Inline::Aside(t) => t.clone(),
            Inline::Link { text, .. } => text.clone(),
            Inline::Status(s) => format!("{} {}", s.symbol(), s.label()),
        })
        .collect()
}

/// One run of plain text.
pub fn text(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(s.into())]
}

impl Document {
    /// The headings listed in the contents, with their anchors.
    pub fn contents(&self) -> Vec<(&Heading, &str)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) if h.listed => h.anchor.as_deref().map(|a| (h, a)),
                _ => None,
            })
            .collect()
    }

    /// Every table: in the text, behind figures, and in the annex, in that
    /// order.
    pub fn tables(&self) -> Vec<&Table> {
        let mut out: Vec<&Table> = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Table(t) => out.push(t),
                Block::Figure(Figure { data: Some(t), .. }) => out.push(t),
                _ => {}
            }
        }
        out.extend(self.annex.iter());
        out
    }

    /// Every figure, in order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
    }
}

/// A name for a table from free words: lower case letters, digits and `_`.
pub fn table_name(words: &str) -> String {
    let mut out = String::new();
    for c in words.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// A small document with a block of every kind, for the renderers' tests.
#[cfg(test)]
pub(crate) fn sample() -> Document {
    let status = |s: Status, flags: Vec<Flag>, note: Vec<Inline>| Cell::Status {
        status: s,
        flags,
        note,
    };
    let table = Table {
        name: "groups_1_3_households".into(),
        caption: "Target 1.3, Households online: progress by group".into(),
        columns: vec![
            Column::text("Group"),
            Column::number("Latest"),
            Column::statuses("Status"),
            Column::text("Confidence"),
        ],
        rows: vec![
            vec![
                Cell::Text("World".into()),
                Cell::Number {
                    value: 68.44,
                    decimals: 1,
                },
                status(Status::OnTrack, Vec::new(), Vec::new()),
                Cell::Confidence(Confidence::Medium),
            ],
            vec![
                Cell::Text("Africa <b>&</b>".into()),
                Cell::Empty,
                status(
                    Status::InsufficientData,
                    vec![Flag {
                        symbol: "≠".into(),
                        meaning: "the three methods disagree".into(),
                    }],
                    vec![
                        Inline::Text("no values of ".into()),
                        Inline::Code("i99H".into()),
                    ],
                ),
                Cell::Confidence(Confidence::Low),
            ],
        ],
        row_headers: true,
        note: text("* computed | by rbm."),
        sheet: None,
    };
    let figure = Figure {
        image: "households--regions".into(),
        caption: "Households online — by ITU region: observed 2015–2024.".into(),
        description: "Line chart of households online. World 68.4% → 80%.".into(),
        data: Some(Table {
            name: "chart_households_regions".into(),
            caption: "Values behind the chart".into(),
            columns: vec![Column::number("Year"), Column::number("World")],
            rows: vec![vec![
                Cell::Integer(2024),
                Cell::Number {
                    value: 68.4,
                    decimals: 1,
                },
            ]],
            row_headers: true,
            note: Vec::new(),
            sheet: None,
        }),
        chart: Some(LineChart {
            title: "Households online — by ITU region".into(),
            value_title: "percent".into(),
            log_scale: false,
            years: (2015, 2030),
            series: vec![Series {
                column: 1,
                colour: "#000000".into(),
                marker: Marker::Circle,
                emphasis: true,
            }],
            target: vec![TargetLine {
                name: "2030 target: 100%".into(),
                value: 100.0,
            }],
        }),
    };
    let mut images = BTreeMap::new();
    images.insert(
        "households--regions".to_string(),
        Image {
            svg: "<svg role=\"img\"><title>Households online</title></svg>".into(),
            png: Vec::new(),
            size: (1200, 675),
            file: "charts/households--regions.png".into(),
        },
    );
    Document {
        title: "Annual report <2025>".into(),
        language: "en",
        subject: "Status of the targets".into(),
        created: "2025-12-31T00:00:00Z".into(),
        generator: "rbm 0.0.0".into(),
        blocks: vec![
            Block::Paragraph(Paragraph {
                style: ParagraphStyle::Meta,
                text: vec![
                    Inline::Text("Statuses by the ".into()),
                    Inline::Code("cagr_ratio".into()),
                    Inline::Text(" method.".into()),
                ],
            }),
            Block::Contents,
            Block::Heading(Heading {
                level: 1,
                text: text("Summary"),
                anchor: Some("summary".into()),
                listed: true,
            }),
            Block::List(vec![
                text("One & two."),
                vec![
                    Inline::Emphasis("Three".into()),
                    Inline::Text(" is ".into()),
                    Inline::Status(Status::Deterioration),
                    Inline::Text("; see ".into()),
                    Inline::Link {
                        text: "target 1.3".into(),
                        href: "#t1.3".into(),
                    },
                    Inline::Text(".".into()),
                ],
            ]),
            Block::PageBreak,
            Block::Heading(Heading {
                level: 1,
                text: text("Target 1.3: Households"),
                anchor: Some("t1.3".into()),
                listed: true,
            }),
            Block::Paragraph(Paragraph {
                style: ParagraphStyle::Note,
                text: text("Goal 1: Universal connectivity"),
            }),
            Block::Heading(Heading {
                level: 2,
                text: vec![
                    Inline::Text("Households online ".into()),
                    Inline::Aside("(households)".into()),
                ],
                anchor: None,
                listed: false,
            }),
            Block::Definitions(vec![("Unit".into(), text("% (percent)"))]),
            Block::Paragraph(Paragraph {
                style: ParagraphStyle::Notice,
                text: vec![
                    Inline::Strong("Not measurable here.".into()),
                    Inline::Text(" No series.".into()),
                ],
            }),
            Block::Figure(figure),
            Block::Table(table),
            Block::Heading(Heading {
                level: 3,
                text: text("Counts"),
                anchor: None,
                listed: false,
            }),
            Block::Table(Table {
                name: "counts".into(),
                caption: "Counts by status".into(),
                columns: vec![
                    Column::text("Goal"),
                    Column::count_of(Status::TargetAchieved),
                ],
                rows: vec![vec![
                    Cell::Rich(vec![
                        Inline::Strong("Goal 1".into()),
                        Inline::Text(" connectivity".into()),
                    ]),
                    Cell::Integer(3),
                ]],
                row_headers: true,
                note: Vec::new(),
                sheet: Some("Summary".into()),
            }),
            Block::Code("y = a + b·t\n".into()),
            Block::Paragraph(Paragraph {
                style: ParagraphStyle::Footer,
                text: text("rbm 0.0.0 · data as of 2025"),
            }),
        ],
        images,
        annex: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_letters_digits_and_underscores() {
        assert_eq!(
            table_name("Groups: 1.3 households_internet"),
            "groups_1_3_households_internet"
        );
        assert_eq!(table_name("  Data gaps!"), "data_gaps");
    }

    #[test]
    fn a_confidence_cell_says_its_mark_and_its_word() {
        assert_eq!(Cell::Confidence(Confidence::High).plain(), "●●● high");
        assert_eq!(Cell::Confidence(Confidence::Medium).plain(), "●●○ medium");
        assert_eq!(Cell::Confidence(Confidence::Low).plain(), "●○○ low");
    }

    #[test]
    fn a_status_cell_says_its_marks_and_note_in_words() {
        let c = Cell::Status {
            status: Status::InsufficientData,
            flags: vec![Flag {
                symbol: "≠".into(),
                meaning: "the three methods disagree".into(),
            }],
            note: text("one year of data"),
        };
        assert_eq!(
            c.plain(),
            format!(
                "{} Insufficient data ≠ (the three methods disagree): one year of data",
                Status::InsufficientData.symbol()
            )
        );
        assert_eq!(
            Cell::Number {
                value: 2.345,
                decimals: 1
            }
            .plain(),
            "2.3"
        );
    }
}
