//! Which format a file is in, from its name and its first bytes: the header
//! of a CSV, the sheets of a workbook. `rbm ingest --format` overrides it.

use std::path::Path;

use calamine::Reader;

use super::xlsx;
use crate::base::text::CsvText;
use crate::base::vocab::vocabulary;
use crate::error::{Error, Location, Result};

vocabulary! {
    /// The input formats rbm reads, by the names `rbm ingest --format`
    /// takes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum InputFormat: "input format" {
        Datahub = "datahub": "ITU DataHub CSV export.",
        ItuAggregates = "itu-aggregates": "ITU Key ICT indicators aggregates workbook (xlsx).",
        ItuDashboard = "itu-dashboard": "ITU Digital Development Dashboard workbook (xlsx).",
        UnSdg = "un-sdg": "UN SDG Global Database extract (DDF datapoints CSV).",
        UnSdgMetadata = "un-sdg-metadata": "UN SDG DDF entity or concept table: names, no observations.",
        WorldBank = "world-bank": "World Bank population CSV (Country Name, Country Code, …).",
        Owid = "owid": "Our World in Data grapher CSV.",
        Tidy = "tidy": "rbm's own tidy observation CSV.",
    }
}

impl InputFormat {
    /// True for the formats a file can be read as with `--format`: all but
    /// the UN SDG metadata tables, which hold no observations.
    pub fn can_be_forced(self) -> bool {
        self != InputFormat::UnSdgMetadata
    }

    /// True for the formats read as a stream of rows (the CSV ones, which
    /// can be large); workbooks are read whole.
    pub fn streams(self) -> bool {
        matches!(
            self,
            InputFormat::Datahub | InputFormat::UnSdg | InputFormat::WorldBank | InputFormat::Tidy
        )
    }

    /// Who publishes files in this format, for attribution.
    pub fn publisher(self) -> &'static str {
        match self {
            InputFormat::Datahub | InputFormat::ItuAggregates | InputFormat::ItuDashboard => "ITU",
            InputFormat::UnSdg | InputFormat::UnSdgMetadata => "UN SDG Global Database",
            InputFormat::WorldBank => "World Bank",
            InputFormat::Owid => "Our World in Data",
            InputFormat::Tidy => "as cited per row",
        }
    }
}

/// Detect the format of a file.
pub fn detect(label: &Path, bytes: &[u8]) -> Result<InputFormat> {
    let name = label
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".xlsx") || name.ends_with(".xlsm") || bytes.starts_with(b"PK\x03\x04") {
        return detect_workbook(label, bytes);
    }
    if name.starts_with("ddf--entities--") || name.starts_with("ddf--concepts--") {
        return Ok(InputFormat::UnSdgMetadata);
    }
    let csv = CsvText::open(label, bytes)?;
    let has = |c: &str| csv.headers.iter().any(|h| h.eq_ignore_ascii_case(c));
    // Only DataHub exports have these two: one that lacks another of its
    // columns (dataValue) is still a DataHub file, and its parser names the
    // missing column, where "cannot tell the format" would not.
    if has("seriesCode") && has("entityIso") {
        return Ok(InputFormat::Datahub);
    }
    if has("geo_area") || name.starts_with("ddf--datapoints--") {
        return Ok(InputFormat::UnSdg);
    }
    if has("Country Code") && has("Year") && has("Value") {
        return Ok(InputFormat::WorldBank);
    }
    if has("series") && has("geo") && has("year") && has("value") {
        return Ok(InputFormat::Tidy);
    }
    if csv.headers.len() >= 4
        && csv.headers[0].eq_ignore_ascii_case("entity")
        && csv.headers[1].eq_ignore_ascii_case("code")
        && csv.headers[2].eq_ignore_ascii_case("year")
    {
        return Ok(InputFormat::Owid);
    }
    Err(Error::input(
        Location::file(label).at_line(1),
        format!(
            "cannot tell the format from the header ({}); give --format datahub, un-sdg, world-bank, owid or tidy",
            csv.headers.join(", ")
        ),
    ))
}

fn detect_workbook(label: &Path, bytes: &[u8]) -> Result<InputFormat> {
    let mut wb = xlsx::open(label, bytes)?;
    let sheets = wb.sheet_names();
    if sheets
        .iter()
        .any(|s| s.starts_with("By BDT region") || s.starts_with("By gender"))
    {
        return Ok(InputFormat::ItuAggregates);
    }
    if let Some(first) = sheets.first() {
        let grid = xlsx::Grid::read(&mut wb, label, first)?;
        let row = grid.first_row();
        let header: Vec<String> = (0..8).map(|c| xlsx::text(grid.get(row, c))).collect();
        if header.iter().any(|h| h == "Indicator name")
            && header.iter().any(|h| h.starts_with("ITU estimate"))
        {
            return Ok(InputFormat::ItuDashboard);
        }
        let title = xlsx::text(grid.get(0, 0));
        if title.starts_with("Key ICT indicators") {
            return Ok(InputFormat::ItuAggregates);
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
