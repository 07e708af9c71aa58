//! Which format a file is in, from its name and its first bytes: the header
//! of a CSV, the sheets of a workbook. `rbm ingest --format` overrides it.

use std::path::Path;

use calamine::Reader;

use super::text::CsvText;
use super::xlsx;
use crate::error::{Error, Location, Result};

/// The input formats rbm reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// ITU DataHub CSV export.
    Datahub,
    /// ITU Key ICT indicators aggregates workbook.
    ItuAggregates,
    /// ITU Digital Development Dashboard workbook.
    ItuDashboard,
    /// UN SDG Global Database extract, DDF datapoints.
    UnSdg,
    /// UN SDG DDF entity or concept table: names, no observations.
    UnSdgMetadata,
    /// World Bank indicator CSV (`Country Name, Country Code, Year, Value`).
    WorldBank,
    /// Our World in Data grapher CSV.
    Owid,
    /// rbm's own tidy CSV.
    Tidy,
}

impl Format {
    /// The name used by `--format` and in logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Datahub => "datahub",
            Format::ItuAggregates => "itu-aggregates",
            Format::ItuDashboard => "itu-dashboard",
            Format::UnSdg => "un-sdg",
            Format::UnSdgMetadata => "un-sdg-metadata",
            Format::WorldBank => "world-bank",
            Format::Owid => "owid",
            Format::Tidy => "tidy",
        }
    }

    /// True for the formats read as a stream of rows (the CSV ones, which
    /// can be large); workbooks are read whole.
    pub fn streams(self) -> bool {
        matches!(
            self,
            Format::Datahub | Format::UnSdg | Format::WorldBank | Format::Tidy
        )
    }

    /// Who publishes files in this format, for attribution.
    pub fn publisher(self) -> &'static str {
        match self {
            Format::Datahub | Format::ItuAggregates | Format::ItuDashboard => "ITU",
            Format::UnSdg | Format::UnSdgMetadata => "UN SDG Global Database",
            Format::WorldBank => "World Bank",
            Format::Owid => "Our World in Data",
            Format::Tidy => "as cited per row",
        }
    }
}

/// Detect the format of a file.
pub fn detect(label: &Path, bytes: &[u8]) -> Result<Format> {
    let name = label
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".xlsx") || name.ends_with(".xlsm") || bytes.starts_with(b"PK\x03\x04") {
        return detect_workbook(label, bytes);
    }
    if name.starts_with("ddf--entities--") || name.starts_with("ddf--concepts--") {
        return Ok(Format::UnSdgMetadata);
    }
    let csv = CsvText::open(label, bytes)?;
    let has = |c: &str| csv.headers.iter().any(|h| h.eq_ignore_ascii_case(c));
    // Only DataHub exports have these two: one that lacks another of its
    // columns (dataValue) is still a DataHub file, and its parser names the
    // missing column, where "cannot tell the format" would not.
    if has("seriesCode") && has("entityIso") {
        return Ok(Format::Datahub);
    }
    if has("geo_area") || name.starts_with("ddf--datapoints--") {
        return Ok(Format::UnSdg);
    }
    if has("Country Code") && has("Year") && has("Value") {
        return Ok(Format::WorldBank);
    }
    if has("series") && has("geo") && has("year") && has("value") {
        return Ok(Format::Tidy);
    }
    if csv.headers.len() >= 4
        && csv.headers[0].eq_ignore_ascii_case("entity")
        && csv.headers[1].eq_ignore_ascii_case("code")
        && csv.headers[2].eq_ignore_ascii_case("year")
    {
        return Ok(Format::Owid);
    }
    Err(Error::input(
        Location::file(label).at_line(1),
        format!(
            "cannot tell the format from the header ({}); give --format datahub, un-sdg, world-bank, owid or tidy",
            csv.headers.join(", ")
        ),
    ))
}

fn detect_workbook(label: &Path, bytes: &[u8]) -> Result<Format> {
    let mut wb = xlsx::open(label, bytes)?;
    let sheets = wb.sheet_names();
    if sheets
        .iter()
        .any(|s| s.starts_with("By BDT region") || s.starts_with("By gender"))
    {
        return Ok(Format::ItuAggregates);
    }
    if let Some(first) = sheets.first() {
        let grid = xlsx::Grid::read(&mut wb, label, first)?;
        let row = grid.first_row();
        let header: Vec<String> = (0..8).map(|c| xlsx::text(grid.get(row, c))).collect();
        if header.iter().any(|h| h == "Indicator name")
            && header.iter().any(|h| h.starts_with("ITU estimate"))
        {
            return Ok(Format::ItuDashboard);
        }
        let title = xlsx::text(grid.get(0, 0));
        if title.starts_with("Key ICT indicators") {
            return Ok(Format::ItuAggregates);
        }
    }
    Err(Error::input(
        Location::file(label),
        format!(
            "a workbook rbm does not know (sheets: {}); it reads the ITU Key ICT indicators aggregates and the ITU Digital Development Dashboard workbooks",
            sheets.join(", ")
        ),
    ))
}
