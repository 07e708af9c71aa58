//! Structure-aware input for the workbook targets.
//!
//! An `.xlsx` file is a ZIP archive of compressed XML with CRC-32 checksums,
//! so byte-level mutations of a real workbook almost never get past the
//! archive layer to rbm's own parsing of the grid. The workbook targets
//! therefore take two kinds of input:
//!
//! - input starting with the ZIP signature is passed on unchanged (whole
//!   workbooks: the archive and calamine layers);
//! - any other input is the XML of one worksheet, optionally followed by a
//!   NUL byte and the XML of the shared strings table; it is wrapped into a
//!   minimal workbook (stored, not compressed) whose one sheet has the given
//!   name, so that mutations reach rbm's reading of rows and cells.
//!
//! Worksheet XML with a cell reference of more than six letters or nine
//! digits is skipped: calamine 0.38 computes such references with
//! unchecked arithmetic, which panics on overflow in this build (debug
//! assertions on for every crate) but wraps in rbm's release build, where
//! dependencies have no overflow checks (to a far cell, which rbm's cell
//! limit refuses, or to a near one, misplaced). It is a calamine bug, kept in
//! `fuzz/known/`; skipping it lets fuzzing go on past it. Whole workbooks
//! reach the same code through corrupted compressed XML (the archive's
//! checksum is only checked at the end of a file), and a reversed sheet
//! dimension (`I1:G5`) overflows in the same place, so [`run`] also lets
//! panics from those calamine functions unwind quietly; any other panic
//! still aborts and is a crash.

use std::io::{Cursor, Write};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// True when an `r` or `ref` attribute (the references calamine parses)
/// has a part of more than six letters or nine digits, which overflows
/// calamine's `u32` arithmetic.
fn overflowing_reference(xml: &[u8]) -> bool {
    let mut i = 0;
    while let Some(eq) = xml[i..].iter().position(|b| *b == b'=') {
        let eq = i + eq;
        i = eq + 1;
        // The attribute name before `=`, spaces allowed around it.
        let name_end = xml[..eq]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        let name_start = xml[..name_end]
            .iter()
            .rposition(|b| b.is_ascii_whitespace())
            .map_or(0, |p| p + 1);
        let name = &xml[name_start..name_end];
        if name != b"r" && name != b"ref" {
            continue;
        }
        let rest = &xml[eq + 1..];
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let Some(&quote) = rest.get(skip) else {
            continue;
        };
        let value = &rest[skip + 1..];
        let value = &value[..value
            .iter()
            .position(|b| *b == quote)
            .unwrap_or(value.len())];
        for part in value.split(|b| *b == b':') {
            let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let digits = part[letters..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if letters > 6 || digits > 9 {
                return true;
            }
        }
    }
    false
}

/// The workbook bytes for a fuzz input (see the module documentation), or
/// None for an input to skip.
pub fn bytes(data: &[u8], sheet_name: &str) -> Option<Vec<u8>> {
    if data.starts_with(b"PK\x03\x04") {
        return Some(data.to_vec());
    }
    let (sheet, strings) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    if overflowing_reference(sheet) {
        return None;
    }
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = strings {
        files.push(("xl/sharedStrings.xml", strings));
    }
    for (name, content) in files {
        // Writing to memory cannot fail.
        if zip.start_file(name, options).is_err() || zip.write_all(content).is_err() {
            return None;
        }
    }
    zip.finish().map(Cursor::into_inner).ok()
}

/// The overflows in calamine 0.38's reading of cell references and sheet
/// dimensions (`get_dimension`, `get_row_and_optional_column`).
fn known_calamine_overflow(info: &PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|l| {
        l.file().ends_with("calamine-0.38.0/src/xlsx/mod.rs") && (3035..=3120).contains(&l.line())
    })
}

/// Run a parser, letting only the known calamine overflow unwind; every
/// other panic goes to libFuzzer's hook, which aborts.
pub fn run(f: impl FnOnce()) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let libfuzzer_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !known_calamine_overflow(info) {
                libfuzzer_hook(info);
            }
        }));
    });
    let _ = panic::catch_unwind(AssertUnwindSafe(f));
}
