//! The document as an Excel workbook (`report.xlsx`), through
//! rust_xlsxwriter: a sheet per table of the document that names one
//! ([`Table::sheet`]), in the order the document first shows them, each
//! table a named Excel table (filters, banded rows, the name the document
//! gives it) under its caption; numbers as numbers with their decimals,
//! years as whole numbers, status cells in the charts' fills with their
//! symbol and word; the header row frozen on a sheet of one table; column
//! widths from the longest cell. Every figure that carries a native line
//! chart gets one beside its values, a series per group in the chart's
//! colour and marker, the target as a solid series of its own across the
//! years to the target year, so that an officer can restyle it or paste it
//! into a slide.
//!
//! The workbook carries no prose: the Word file and the web page do. The
//! creation time in its properties is the document's, never the clock.

use std::collections::BTreeSet;

use rust_xlsxwriter::{
    Chart, ChartEmptyCells, ChartFont, ChartFormat, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, ChartSolidFill, ChartType, DocProperties, ExcelDateTime, Format,
    Table as XTable, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use super::document::{Cell, Document, Figure, LineChart, Marker, Table};
use crate::error::{Error, Result};
use crate::plot::theme;
use crate::progress::Status;

/// A chart's size in pixels: large enough for seven series and a legend
/// beside them (Excel's default, 480 × 288, leaves the plot a stamp).
const CHART_SIZE: (u32, u32) = (720, 420);
/// Rows a chart covers below its top edge (at 20 px a row).
const CHART_ROWS: u32 = CHART_SIZE.1 / 20 + 1;

fn fail(e: XlsxError) -> Error {
    Error::render("Excel workbook", e)
}

/// `YYYY-MM-DDTHH:MM:SSZ` as Excel's date and time.
fn created(s: &str) -> Result<ExcelDateTime> {
    let bad = || Error::render("Excel workbook", format!("creation time '{s}'"));
    let part = |a: usize, b: usize| -> Result<u16> {
        s.get(a..b)
            .and_then(|p| p.parse::<u16>().ok())
            .ok_or_else(bad)
    };
    let small = |a: usize, b: usize| -> Result<u8> {
        part(a, b).and_then(|v| u8::try_from(v).map_err(|_| bad()))
    };
    let (year, month, day) = (part(0, 4)?, small(5, 7)?, small(8, 10)?);
    let (hour, minute, second) = (part(11, 13)?, small(14, 16)?, small(17, 19)?);
    ExcelDateTime::from_ymd(year, month, day)
        .and_then(|d| d.and_hms(hour, minute, second))
        .map_err(fail)
}

fn marker(m: Marker) -> ChartMarkerType {
    match m {
        Marker::Circle => ChartMarkerType::Circle,
        Marker::Square => ChartMarkerType::Square,
        Marker::Diamond => ChartMarkerType::Diamond,
        Marker::TriangleUp | Marker::TriangleDown => ChartMarkerType::Triangle,
        Marker::Star => ChartMarkerType::Star,
        Marker::Cross => ChartMarkerType::X,
    }
}

fn status_format(s: Status) -> Format {
    Format::new()
        .set_background_color(theme::status_fill(s).hex().as_str())
        .set_font_color(theme::status_ink(s).hex().as_str())
}

fn number_format(decimals: u8) -> Format {
    let f = if decimals == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(usize::from(decimals)))
    };
    Format::new().set_num_format(f)
}

/// A table as the workbook holds it: for a figure's native chart, the
/// years run on to the chart's last year and the target's lines are
/// columns of their own.
struct Block<'d> {
    table: &'d Table,
    chart: Option<(&'d Figure, &'d LineChart)>,
}

impl Block<'_> {
    fn headers(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut names: Vec<String> = self.table.columns.iter().map(|c| c.name.clone()).collect();
        if let Some((_, c)) = self.chart {
            names.extend(c.target.iter().map(|t| t.name.clone()));
        }
        // Excel wants the headers of a table unique.
        names
            .into_iter()
            .map(|n| {
                let mut name = n.clone();
                let mut k = 2;
                while !seen.insert(name.to_lowercase()) {
                    name = format!("{n} ({k})");
                    k += 1;
                }
                name
            })
            .collect()
    }

    /// The rows, and for a chart the years after the last row up to the
    /// chart's last year, empty but for the year.
    fn rows(&self) -> Vec<Vec<Cell>> {
        let mut rows = self.table.rows.clone();
        if let Some((_, c)) = self.chart {
            let last = rows
                .iter()
                .filter_map(|r| match r.first() {
                    Some(Cell::Integer(y)) => Some(*y),
                    _ => None,
                })
                .max()
                .unwrap_or(i64::from(c.years.0) - 1);
            let width = self.table.columns.len();
            for y in (last + 1)..=i64::from(c.years.1) {
                let mut row = vec![Cell::Integer(y)];
                row.resize(width, Cell::Empty);
                rows.push(row);
            }
            for r in &mut rows {
                r.extend(c.target.iter().map(|t| Cell::Number {
                    value: t.value,
                    decimals: 2,
                }));
            }
        }
        rows
    }
}

struct Sheet<'d> {
    name: String,
    blocks: Vec<Block<'d>>,
}

/// The sheets, in the order the document first shows a table of theirs.
fn sheets(doc: &Document) -> Vec<Sheet<'_>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    for b in &doc.blocks {
        match b {
            super::document::Block::Table(t) => blocks.push(Block {
                table: t,
                chart: None,
            }),
            super::document::Block::Figure(f) => {
                if let Some(t) = &f.data {
                    blocks.push(Block {
                        table: t,
                        chart: f.chart.as_ref().map(|c| (f, c)),
                    });
                }
            }
            _ => {}
        }
    }
    blocks.extend(doc.annex.iter().map(|t| Block {
        table: t,
        chart: None,
    }));
    let mut sheets: Vec<Sheet<'_>> = Vec::new();
    for block in blocks {
        let Some(name) = &block.table.sheet else {
            continue;
        };
        match sheets.iter_mut().find(|s| &s.name == name) {
            Some(s) => s.blocks.push(block),
            None => sheets.push(Sheet {
                name: name.clone(),
                blocks: vec![block],
            }),
        }
    }
    sheets
}

/// Table names unique in the workbook.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl Names {
    fn unique(&mut self, name: &str) -> String {
        // Excel's table names start with a letter or `_`.
        let base = if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            name.to_string()
        } else {
            format!("t_{name}")
        };
        let mut out = base.clone();
        let mut k = 2;
        while !self.0.insert(out.to_lowercase()) {
            out = format!("{base}_{k}");
            k += 1;
        }
        out
    }
}

/// Write a cell; returns the characters it shows, for the column width.
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<usize> {
    match cell {
        Cell::Empty => Ok(0),
        Cell::Text(t) => {
            ws.write_string(row, col, t).map_err(fail)?;
            Ok(t.chars().count())
        }
        Cell::Rich(_) | Cell::Confidence(_) => {
            let t = cell.plain();
            ws.write_string(row, col, &t).map_err(fail)?;
            Ok(t.chars().count())
        }
        Cell::Integer(i) => {
            // Whole numbers of this report (years, counts) are far below
            // 2^53, so f64 holds them exactly.
            #[allow(clippy::cast_precision_loss)]
            let v = *i as f64;
            ws.write_number_with_format(row, col, v, &number_format(0))
                .map_err(fail)?;
            Ok(i.to_string().len())
        }
        Cell::Number { value, decimals } => {
            ws.write_number_with_format(row, col, *value, &number_format(*decimals))
                .map_err(fail)?;
            Ok(cell.plain().chars().count())
        }
        Cell::Status { status, .. } => {
            let t = cell.plain();
            ws.write_string_with_format(row, col, &t, &status_format(*status))
                .map_err(fail)?;
            Ok(t.chars().count())
        }
    }
}

/// Excel keeps at most 255 characters of alt text: a longer description
/// is cut at a word, with an ellipsis (the full one is in the Word file
/// and the web page).
fn alt_text(description: &str) -> String {
    const MAX: usize = 255;
    if description.chars().count() <= MAX {
        return description.to_string();
    }
    let cut: String = description.chars().take(MAX - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

fn chart(
    sheet: &str,
    header_row: u32,
    last_row: u32,
    figure: &Figure,
    c: &LineChart,
    data_columns: usize,
) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    chart.set_width(CHART_SIZE.0).set_height(CHART_SIZE.1);
    chart
        .title()
        .set_name(&c.title)
        .set_font(ChartFont::new().set_size(12).set_bold());
    chart.x_axis().set_name("Year");
    chart.y_axis().set_name(&c.value_title);
    if c.log_scale {
        chart.y_axis().set_log_base(10);
    }
    chart.show_empty_cells_as(ChartEmptyCells::Connected);
    chart.set_alt_text(alt_text(&figure.description));
    let column = |k: usize| u16::try_from(k).unwrap_or(u16::MAX);
    for s in &c.series {
        let col = column(s.column);
        let colour = s.colour.as_str();
        chart
            .add_series()
            .set_name((sheet, header_row, col))
            .set_categories((sheet, header_row + 1, 0, last_row, 0))
            .set_values((sheet, header_row + 1, col, last_row, col))
            .set_format(ChartLine::new().set_color(colour).set_width(if s.emphasis {
                2.5
            } else {
                1.5
            }))
            .set_marker(
                ChartMarker::new()
                    .set_type(marker(s.marker))
                    .set_size(6)
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(colour))
                            .set_line(ChartLine::new().set_color(colour)),
                    ),
            );
    }
    for k in 0..c.target.len() {
        let col = column(data_columns + k);
        chart
            .add_series()
            .set_name((sheet, header_row, col))
            .set_categories((sheet, header_row + 1, 0, last_row, 0))
            .set_values((sheet, header_row + 1, col, last_row, col))
            .set_format(
                ChartLine::new()
                    .set_color(theme::INK.hex().as_str())
                    .set_width(1.25)
                    .set_dash_type(ChartLineDashType::Solid),
            )
            .set_marker(ChartMarker::new().set_none());
    }
    chart
}

/// The widest cell of each column so far.
fn widen(col: usize, n: usize, widths: &mut Vec<usize>) {
    if widths.len() <= col {
        widths.resize(col + 1, 0);
    }
    widths[col] = widths[col].max(n);
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet<'_>, names: &mut Names) -> Result<()> {
    ws.set_name(&sheet.name).map_err(fail)?;
    // Printed (or converted to PDF) a sheet is as wide as an A4 page in
    // landscape, however many pages long.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    let caption = Format::new().set_bold();
    let mut widths: Vec<usize> = Vec::new();
    let mut row: u32 = 0;
    for block in &sheet.blocks {
        let t = block.table;
        ws.write_string_with_format(row, 0, &t.caption, &caption)
            .map_err(fail)?;
        let header_row = row + 1;
        if sheet.blocks.len() == 1 {
            ws.set_freeze_panes(header_row + 1, 0).map_err(fail)?;
        }
        let headers = block.headers();
        let rows = block.rows();
        for (r, cells) in rows.iter().enumerate() {
            let at = header_row + 1 + u32::try_from(r).unwrap_or(u32::MAX - header_row - 1);
            for (k, cell) in cells.iter().enumerate() {
                let n = write_cell(ws, at, u16::try_from(k).unwrap_or(u16::MAX), cell)?;
                widen(k, n, &mut widths);
            }
        }
        let last_col = u16::try_from(headers.len().saturating_sub(1)).unwrap_or(u16::MAX);
        let columns: Vec<TableColumn> = headers
            .iter()
            .enumerate()
            .map(|(k, h)| {
                widen(k, h.chars().count() + 3, &mut widths);
                let column = TableColumn::new().set_header(h);
                match t.columns.get(k).and_then(|c| c.status) {
                    Some(s) => column.set_header_format(status_format(s).set_bold()),
                    None => column,
                }
            })
            .collect();
        let last_row = header_row + u32::try_from(rows.len()).unwrap_or(u32::MAX - header_row);
        if rows.is_empty() {
            // Excel has no table without a row: the header alone.
            for (k, h) in headers.iter().enumerate() {
                ws.write_string_with_format(
                    header_row,
                    u16::try_from(k).unwrap_or(u16::MAX),
                    h,
                    &caption,
                )
                .map_err(fail)?;
            }
        } else {
            let table = XTable::new()
                .set_name(names.unique(&t.name))
                .set_style(TableStyle::Light1)
                .set_columns(&columns);
            ws.add_table(header_row, 0, last_row, last_col, &table)
                .map_err(fail)?;
        }
        let mut next = last_row + 2;
        if let Some((figure, c)) = block.chart {
            let chart = chart(
                &sheet.name,
                header_row,
                last_row,
                figure,
                c,
                t.columns.len(),
            );
            ws.insert_chart(header_row, last_col + 2, &chart)
                .map_err(fail)?;
            next = next.max(header_row + CHART_ROWS + 2);
        }
        row = next;
    }
    for (k, w) in widths.iter().enumerate() {
        // Excel's width is in characters of the default font.
        let width = (*w as f64 + 1.0).clamp(6.0, 60.0);
        ws.set_column_width(u16::try_from(k).unwrap_or(u16::MAX), width)
            .map_err(fail)?;
    }
    Ok(())
}

/// Render the document as an Excel workbook.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&doc.title)
            .set_subject(&doc.subject)
            .set_author(&doc.generator)
            .set_creation_datetime(&created(&doc.created)?),
    );
    let mut names = Names::default();
    for sheet in sheets(doc) {
        let ws = book.add_worksheet();
        write_sheet(ws, &sheet, &mut names)?;
    }
    // The fastest deflate: 67 ms of CPU for the embedded report's
    // workbook against 110 at the default level 6, for a file of 660 KB
    // rather than 444 KB; the workbook was the longest of the four
    // documents written side by side.
    book.set_zip_compression_level(1);
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_a_workbook_with_named_tables_and_a_chart() {
        let mut doc = super::super::document::sample();
        for b in &mut doc.blocks {
            if let super::super::document::Block::Figure(f) = b
                && let Some(t) = &mut f.data
            {
                t.sheet = Some("Charts".into());
            }
        }
        let bytes = render(&doc).expect("render");
        assert_eq!(bytes, render(&doc).expect("again"), "same bytes every time");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
        let names: Vec<String> = (0..zip.len())
            .map(|i| {
                zip.by_index(i)
                    .expect("entry")
                    .name()
                    .expect("name")
                    .to_string()
            })
            .collect();
        // The counts table (sheet Summary) and the chart's values; the
        // other table names no sheet.
        let count = |prefix: &str| names.iter().filter(|n| n.starts_with(prefix)).count();
        assert_eq!(count("xl/tables/table"), 2, "{names:?}");
        assert_eq!(count("xl/charts/chart"), 1, "{names:?}");
        assert_eq!(count("xl/worksheets/sheet"), 2, "{names:?}");
        let mut core = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("docProps/core.xml").expect("core"),
            &mut core,
        )
        .expect("read");
        assert!(core.contains("2025-12-31T00:00:00Z"), "{core}");
    }

    #[test]
    fn alt_text_fits_excel() {
        let long = "word ".repeat(100);
        let alt = alt_text(&long);
        assert!(alt.chars().count() <= 255, "{}", alt.chars().count());
        assert!(alt.ends_with("word…"), "{alt}");
        assert_eq!(alt_text("short"), "short");
    }

    #[test]
    fn table_names_are_unique_and_start_with_a_letter() {
        let mut n = Names::default();
        assert_eq!(n.unique("counts"), "counts");
        assert_eq!(n.unique("Counts"), "Counts_2");
        assert_eq!(n.unique("2030"), "t_2030");
    }

    #[test]
    fn creation_time_is_read_from_the_document() {
        assert!(created("2025-12-31T00:00:00Z").is_ok());
        assert!(created("late 2025").is_err());
    }
}
