//! `report.docx` and `report.xlsx` as Word, Excel and LibreOffice read
//! them: the parts inside the containers (styles, header rows, alt text,
//! typed cells, named tables, chart parts), fixed timestamps, and
//! LibreOffice converting them to PDF.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{code, copy_dir, rbm_in, root, stderr};

/// The ten 2030 targets of the embedded framework.
const TARGETS: usize = 10;

/// The report on the embedded data, in a fresh folder: (folder kept
/// alive, the year folder).
fn embedded_report(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&root().join("indicators"), &work.join("indicators"));
    copy_dir(&root().join("datasets"), &work.join("datasets"));
    let mut args = vec!["report", "--out", "r"];
    args.extend_from_slice(extra);
    let out = rbm_in(&work, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (dir, work.join("r/2025"))
}

fn zip_of(path: &Path) -> zip::ZipArchive<std::fs::File> {
    zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("a zip file")
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip_of(path);
    let mut f = zip.by_name(name).expect("part");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("read");
    s
}

/// Every entry of the container has the same fixed time (no clock).
fn assert_fixed_times(path: &Path) {
    let mut zip = zip_of(path);
    let mut times = std::collections::BTreeSet::new();
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        times.insert(format!("{:?}", f.last_modified()));
    }
    assert_eq!(times.len(), 1, "{}: entry times {times:?}", path.display());
}

#[test]
fn the_word_report_has_word_styles_header_rows_alt_text_and_a_page_per_target() {
    let (_dir, year) = embedded_report(&[]);
    let docx = year.join("report.docx");
    assert_fixed_times(&docx);
    let xml = part(&docx, "word/document.xml");
    for style in ["Title", "Heading1", "Heading2", "Heading3", "Caption"] {
        assert!(
            xml.contains(&format!("<w:pStyle w:val=\"{style}\" />")),
            "no paragraph in the {style} style"
        );
    }
    // Every target starts a page, with its heading in Heading 1.
    for n in ["1.1", "1.2", "1.3", "2.1", "2.7"] {
        assert!(
            xml.contains(&format!("w:name=\"t{}\"", n.replace('.', "_"))),
            "no bookmark for target {n}"
        );
    }
    let breaks = xml.matches("<w:pageBreakBefore />").count();
    assert!(breaks >= TARGETS, "{breaks} page breaks");
    // Every table repeats its header row.
    let tables = xml.matches("<w:tbl>").count();
    assert!(tables > TARGETS, "{tables} tables");
    assert_eq!(xml.matches("<w:tblHeader />").count(), tables);
    // Every chart the HTML shows is a picture with its description as alt
    // text, and ids unique in the file.
    let html = std::fs::read_to_string(year.join("index.html")).expect("html");
    let figures = html.matches("<figure>").count();
    let pictures: Vec<&str> = xml.split("<wp:docPr ").skip(1).collect();
    assert_eq!(pictures.len(), figures);
    let mut ids = std::collections::BTreeSet::new();
    for p in &pictures {
        let id = p.split('"').nth(1).expect("id");
        assert!(ids.insert(id.to_string()), "picture id {id} twice");
        let descr = p
            .split_once("descr=\"")
            .map(|(_, d)| d.split('"').next().unwrap_or(""))
            .unwrap_or("");
        assert!(descr.len() > 40, "short alt text: {descr:?}");
    }
    // The maps are among them, a value map and a status map per indicator
    // with economy data.
    let maps = pictures
        .iter()
        .filter(|p| p.contains("descr=\"World map (Equal Earth projection) of "))
        .count();
    assert!(maps >= 20, "{maps} maps in the Word file");
    // The status cells say their symbol and word on the chart's fill.
    assert!(xml.contains("On track"));
    assert!(xml.contains("w:val=\"clear\""));
    // Sources and licences.
    assert!(xml.contains("CC BY 4.0"));
    assert!(xml.contains("Source: ITU"));
    let core = part(&docx, "docProps/core.xml");
    assert!(core.contains("2025-12-31T00:00:00Z"), "{core}");
}

/// LibreOffice's `soffice`, when it is installed.
fn soffice() -> Option<PathBuf> {
    ["soffice", "libreoffice"].iter().find_map(|c| {
        Command::new("which")
            .arg(c)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim().to_string()))
    })
}

/// `file` converted to PDF by LibreOffice in a profile of its own (so that
/// tests running at the same time do not share one), or `None` with the
/// reason printed when LibreOffice is not installed.
// The one message a skipped test prints, so that a reader of the log knows
// why it passed without looking.
#[allow(clippy::print_stderr)]
pub fn libreoffice_pdf(file: &Path) -> Option<PathBuf> {
    let Some(soffice) = soffice() else {
        eprintln!(
            "skipped: LibreOffice is not installed (Debian: apt-get install libreoffice-writer libreoffice-calc); .ci/run installs it"
        );
        return None;
    };
    let dir = file.parent().expect("parent").join("libreoffice");
    let profile = dir.join("profile");
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.join(file.with_extension("pdf").file_name().expect("name"));
    assert!(
        pdf.is_file(),
        "soffice wrote no PDF: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(pdf)
}

pub fn pdf_pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).expect("a PDF").get_pages().len()
}

#[test]
fn libreoffice_converts_the_word_report_with_a_page_per_target() {
    let (_dir, year) = embedded_report(&[]);
    let Some(pdf) = libreoffice_pdf(&year.join("report.docx")) else {
        return;
    };
    // The title page with the summary, a page or more per target, the
    // gaps, methodology and sources.
    let pages = pdf_pages(&pdf);
    assert!(pages > TARGETS + 2, "only {pages} pages");
}

#[test]
fn the_workbook_has_the_numbers_of_progress_csv_named_tables_and_a_chart_per_indicator_and_grouping()
 {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (_dir, year) = embedded_report(&[]);
    let xlsx = year.join("report.xlsx");
    assert_fixed_times(&xlsx);
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("a workbook");
    let sheets = book.sheet_names();
    for s in [
        "Summary",
        "Status by group",
        "By target",
        "Charts",
        "Gaps",
        "Maps",
        "Data gaps",
        "Sources",
        "Progress",
        "Series",
    ] {
        assert!(sheets.contains(&s.to_string()), "no sheet {s}: {sheets:?}");
    }
    // Row 1 is the caption, row 2 the header, then a row per CSV record.
    let progress = book.worksheet_range("Progress").expect("Progress");
    let mut csv = ::csv::Reader::from_path(year.join("tables/progress.csv")).expect("csv");
    let header: Vec<String> = csv
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let sheet_header: Vec<String> = (0..header.len())
        .map(|c| {
            progress
                .get((1, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(sheet_header, header);
    let mut numbers = 0;
    let mut records = 0;
    for (r, record) in csv.records().enumerate() {
        let record = record.expect("record");
        records += 1;
        for (c, field) in record.iter().enumerate() {
            let cell = progress.get((r + 2, c)).cloned().unwrap_or(Data::Empty);
            match (field.parse::<f64>(), &cell) {
                _ if field.is_empty() => assert_eq!(cell, Data::Empty, "{} row {r}", header[c]),
                (Ok(v), Data::Float(x)) => {
                    assert_eq!(*x, v, "{} row {r}", header[c]);
                    numbers += 1;
                }
                // Ids such as 1.3 stay words; so do statuses, which the
                // workbook writes with their symbol and word.
                (_, Data::String(s)) => {
                    if header[c] == "status" {
                        assert!(
                            s.to_lowercase().replace(' ', "_").ends_with(field),
                            "{s} for {field}"
                        );
                    } else {
                        assert_eq!(s, field, "{} row {r}", header[c]);
                    }
                }
                (_, other) => panic!("{} row {r}: {other:?} for {field:?}", header[c]),
            }
        }
    }
    assert_eq!(progress.height(), records + 2);
    assert!(numbers > 1000, "{numbers} numbers compared");
    // A native chart per indicator and grouping: the trajectory charts of
    // the report folder.
    let trajectories = std::fs::read_dir(year.join("charts"))
        .expect("charts")
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with("--regions.svg") || n.ends_with("--development.svg")
        })
        .count();
    let mut zip = zip_of(&xlsx);
    let names: Vec<String> = (0..zip.len())
        .map(|i| {
            zip.by_index(i)
                .expect("entry")
                .name()
                .expect("name")
                .to_string()
        })
        .collect();
    let charts = names
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart"))
        .count();
    assert!(trajectories >= 10, "{trajectories} trajectory charts");
    assert_eq!(charts, trajectories);
    // Every table is a named Excel table.
    let tables = names
        .iter()
        .filter(|n| n.starts_with("xl/tables/table"))
        .count();
    assert!(tables > trajectories + 7, "{tables} tables");
    let Some(pdf) = libreoffice_pdf(&xlsx) else {
        return;
    };
    assert!(pdf_pages(&pdf) >= sheets.len());
}
