//! The malformed-input corpus in `tests/fixtures/bad/`: for every input
//! format, small hand-written files with one thing wrong each, and the
//! exact message rbm gives for it.
//!
//! A file that cannot be read at all is an error (exit 2) whose one stderr
//! line names the file and the line, cell or field. A file that can be read
//! accounts for every row (accepted + rejected + merged = read), and each
//! rejected row is in the `--rejects` CSV with its line or cell, field, kind
//! and reason.
//!
//! Every run is `--dry-run --force` against the committed `datasets/` (for
//! its classification), so nothing there is written and the files' small
//! size is no reason to refuse them; the rejects go to a temporary folder. Paths are relative to the project root, where
//! [`rbm`] runs, so that messages are stable.

use std::path::Path;

use crate::common::{code, fixture, rbm, rbm_in, root, stderr, stdout};

/// The corpus, relative to the project root.
const BAD: &str = "tests/fixtures/bad";

/// What `rbm ingest --dry-run` made of some files.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Rows of the rejects CSV, without its header; empty when it was not
    /// written (an error stops the run before it is).
    rejects: Vec<Vec<String>>,
}

/// `rbm ingest --dry-run --rejects <tmp> [extra…] tests/fixtures/bad/<file>…`.
fn ingest(extra: &[&str], files: &[&str]) -> Run {
    let tmp = tempfile::tempdir().expect("temp dir");
    let rejects = tmp.path().join("rejects.csv");
    let paths: Vec<String> = files.iter().map(|f| format!("{BAD}/{f}")).collect();
    // `--force`: the corpus's files are a few rows each, far fewer than
    // a published file of their kind, which an ingest otherwise refuses.
    let mut args = vec![
        "ingest",
        "--dry-run",
        "--force",
        "--rejects",
        rejects.to_str().expect("utf-8 temp path"),
    ];
    args.extend_from_slice(extra);
    args.extend(paths.iter().map(String::as_str));
    let out = rbm(&args);
    Run {
        code: code(&out),
        stdout: stdout(&out),
        stderr: stderr(&out),
        rejects: read_rejects(&rejects),
    }
}

fn read_rejects(path: &Path) -> Vec<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("rejects header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "file", "line", "cell", "field", "kind", "series", "geo", "year", "value", "reason"
        ]
    );
    reader
        .records()
        .map(|r| r.expect("rejects row").iter().map(String::from).collect())
        .collect()
}

impl Run {
    /// The one stderr line of a file that cannot be read, with exit 2.
    fn assert_error(&self, expected: &str) {
        assert_eq!(
            self.code, 2,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stderr, format!("{expected}\n"));
        assert!(self.rejects.is_empty(), "no rejects file on an error");
    }

    /// The counts printed for a file, [read, accepted, rejected, merged],
    /// checked to reconcile.
    fn counts(&self, file: &str) -> [u64; 4] {
        assert_eq!(self.code, 0, "stderr:\n{}", self.stderr);
        let prefix = format!("read {BAD}/{file} (");
        let line = self
            .stderr
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no counts for {file} in:\n{}", self.stderr));
        let numbers: Vec<u64> = line
            .split_once("): ")
            .expect("counts")
            .1
            .split(", ")
            .map(|part| {
                part.split(' ')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("not a count: {part:?} in {line}"))
            })
            .collect();
        let [read, accepted, rejected, merged] = numbers[..] else {
            panic!("four counts expected: {line}");
        };
        assert_eq!(
            accepted + rejected + merged,
            read,
            "accepted + rejected + merged must equal read: {line}"
        );
        assert!(
            self.stdout
                .contains("accepted + rejected + merged = read: yes"),
            "{}",
            self.stdout
        );
        [read, accepted, rejected, merged]
    }

    /// The rejects of one file, each as `line | cell | field | kind | series
    /// | geo | year | value | reason`, in the order written.
    fn rejects_of(&self, file: &str) -> Vec<String> {
        let path = format!("{BAD}/{file}");
        let rows: Vec<String> = self
            .rejects
            .iter()
            .filter(|r| r[0] == path)
            .map(|r| r[1..].join(" | "))
            .collect();
        assert_eq!(
            self.counts(file)[2],
            rows.len() as u64,
            "every rejected row is in the rejects file"
        );
        rows
    }
}

/// A file read whole: its counts and its rejects.
fn read_ok(file: &str, counts: [u64; 4], rejects: &[&str]) {
    read_ok_with(&[], file, counts, rejects);
}

fn read_ok_with(extra: &[&str], file: &str, counts: [u64; 4], rejects: &[&str]) {
    let run = ingest(extra, &[file]);
    assert_eq!(run.counts(file), counts, "read, accepted, rejected, merged");
    assert_eq!(run.rejects_of(file), rejects);
}

// ───────────────────────── ITU DataHub CSV ─────────────────────────

#[test]
fn datahub_empty_file() {
    ingest(&[], &["datahub_empty.csv"])
        .assert_error("error: tests/fixtures/bad/datahub_empty.csv: the file is empty");
}

#[test]
fn datahub_header_only() {
    ingest(&[], &["datahub_header_only.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/datahub_header_only.csv' as datahub: tests/fixtures/bad/datahub_header_only.csv:1: the file has a header but no data rows",
    );
}

#[test]
fn datahub_with_and_without_byte_order_mark_read_the_same() {
    read_ok("datahub_bom.csv", [3, 3, 0, 0], &[]);
    read_ok("datahub_no_bom.csv", [3, 3, 0, 0], &[]);
    // Together, the second file's rows are the first's: all merge, so the
    // BOM changed neither the header nor any value.
    let run = ingest(&[], &["datahub_bom.csv", "datahub_no_bom.csv"]);
    assert_eq!(run.counts("datahub_bom.csv"), [3, 3, 0, 0]);
    assert_eq!(run.counts("datahub_no_bom.csv"), [3, 0, 0, 3]);
}

#[test]
fn datahub_crlf_line_ends_keep_line_numbers() {
    // The `..` is on line 3; the csv crate alone says line 2 in CRLF files.
    read_ok(
        "datahub_crlf.csv",
        [3, 2, 1, 0],
        &[
            "3 |  | dataValue | missing_value | xHH6_IDI | AFG | 2019 | .. | value is `..`: marked as not available",
        ],
    );
}

#[test]
fn datahub_blank_line_keeps_line_numbers() {
    // A blank line 3 is skipped, not counted; the `..` is on line 4.
    read_ok(
        "datahub_blank_line.csv",
        [3, 2, 1, 0],
        &[
            "4 |  | dataValue | missing_value | xHH6_IDI | AFG | 2019 | .. | value is `..`: marked as not available",
        ],
    );
}

#[test]
fn datahub_quoted_field_with_newline() {
    // Rows 2–3 and 4–5 each have a line break in a quoted field; the third
    // row starts on line 6.
    read_ok(
        "datahub_quoted_newline.csv",
        [3, 2, 1, 0],
        &[
            "6 |  | dataValue | missing_value | xHH6_IDI | ALB | 2020 | n/a | value is `n/a`: marked as not available",
        ],
    );
}

#[test]
fn datahub_semicolons() {
    ingest(&[], &["datahub_semicolons.csv"]).assert_error(
        "error: tests/fixtures/bad/datahub_semicolons.csv:1: the header has one column and contains semicolons: this looks like a file separated by semicolons; rbm reads comma-separated files",
    );
}

#[test]
fn datahub_truncated_final_line() {
    ingest(&[], &["datahub_truncated.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/datahub_truncated.csv' as datahub: tests/fixtures/bad/datahub_truncated.csv:3: the last record has 5 of 13 fields and the file does not end with a line break: it looks truncated",
    );
}

#[test]
fn datahub_cut_inside_a_quoted_field() {
    // Issue 12: an export cut inside a quoted field was read as complete
    // ("448 read, 448 accepted" of 3,964) and replaced the store. Here the
    // cut is in the description of the row on line 5, after a line break
    // in it, so that the record has every field and the text ends with a
    // line break.
    ingest(&[], &["datahub_cut_in_quoted_field.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/datahub_cut_in_quoted_field.csv' as datahub: tests/fixtures/bad/datahub_cut_in_quoted_field.csv:5: the last record opens a quoted field that is never closed: the file looks cut short",
    );
}

/// `rbm ingest --dry-run` of corpus files without `--force`: its exit code,
/// stdout and stderr.
fn unforced(extra: &[&str], files: &[&str]) -> std::process::Output {
    let paths: Vec<String> = files.iter().map(|f| format!("{BAD}/{f}")).collect();
    let mut args = vec!["ingest", "--dry-run"];
    args.extend_from_slice(extra);
    args.extend(paths.iter().map(String::as_str));
    rbm(&args)
}

#[test]
fn a_file_far_smaller_than_its_kind_is_refused_without_force() {
    // Issue 12: a cut file was read as complete. A DataHub export of three
    // rows is far from the 100 economies every published one covers.
    let out = unforced(&[], &["datahub_no_bom.csv"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    let refusal: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.starts_with("error:"))
        .collect();
    assert_eq!(
        refusal,
        [
            "error: refused, nothing written to datasets:",
            "  'tests/fixtures/bad/datahub_no_bom.csv' (datahub) has values for 3 economies where a file of its kind has at least 100 (none for 247 of the 250 classified, such as AGO, AIA, ALA, AND, ARE, ARG, ARM, ASM, ATA, ATF): it looks cut short or is not the whole file",
            "give --force to ingest it anyway",
        ],
        "{err}"
    );
    // With --force it goes on, and says so.
    let run = ingest(&[], &["datahub_no_bom.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: ingested with --force: 'tests/fixtures/bad/datahub_no_bom.csv' (datahub) has values for 3 economies"),
        "{}",
        run.stderr
    );
}

#[test]
fn datahub_latin1_bytes() {
    // The first é of "Données": 169 bytes of header and 151 of line 2 with
    // their line breaks, then 105 bytes into line 3: offset 425.
    ingest(&[], &["datahub_latin1.csv"]).assert_error(
        "error: tests/fixtures/bad/datahub_latin1.csv:3: the text is not UTF-8 (byte 0xE9 at offset 425); it may be Latin-1 or Windows-1252: save it as UTF-8",
    );
}

#[test]
fn datahub_thousands_separator() {
    read_ok(
        "datahub_thousands_separator.csv",
        [2, 1, 1, 0],
        &[
            "3 |  | dataValue | non_numeric | i4213tfbb | AFG | 2019 | 1,234 | value `1,234` has a thousands separator; rbm reads plain numbers such as 1234.5",
        ],
    );
}

#[test]
fn datahub_decimal_comma() {
    read_ok(
        "datahub_decimal_comma.csv",
        [2, 1, 1, 0],
        &[
            "3 |  | dataValue | non_numeric | xHH6_IDI | AFG | 2019 | 12,5 | value `12,5` has a decimal comma; rbm reads plain numbers such as 1234.5",
        ],
    );
}

#[test]
fn datahub_values_marked_missing() {
    read_ok(
        "datahub_missing_markers.csv",
        [4, 1, 3, 0],
        &[
            "2 |  | dataValue | missing_value | xHH6_IDI | ABW | 2006 | .. | value is `..`: marked as not available",
            "3 |  | dataValue | missing_value | xHH6_IDI | AFG | 2019 | n/a | value is `n/a`: marked as not available",
            "4 |  | dataValue | missing_value | xHH6_IDI | ALB | 2020 | - | value is `-`: marked as not available",
        ],
    );
}

#[test]
fn datahub_percentage_below_0_and_over_100() {
    // 100 and 0 are the bounds, and accepted.
    read_ok(
        "datahub_out_of_range.csv",
        [4, 2, 2, 0],
        &[
            "2 |  | dataValue | out_of_range | xHH6_IDI | ABW | 2006 | -3 | a share in percent must be within 0–100, not -3",
            "3 |  | dataValue | out_of_range | xHH6_IDI | AFG | 2019 | 103.5 | a share in percent must be within 0–100, not 103.5",
        ],
    );
}

#[test]
fn datahub_duplicate_key_with_a_conflicting_value() {
    // Line 4 repeats line 2 exactly (merged); line 5 gives another value.
    read_ok(
        "datahub_duplicate_conflict.csv",
        [4, 2, 1, 1],
        &[
            "5 |  | dataValue | conflict | xHH6_IDI | ABW | 2006 | 37.1 | duplicate key with a different value: 36.5 is already given at line 2",
        ],
    );
}

#[test]
fn datahub_unknown_economy() {
    read_ok(
        "datahub_unknown_economy.csv",
        [2, 1, 1, 0],
        &[
            "3 |  | entityIso | unknown_economy | xHH6_IDI | ZZZ | 2019 | 50 | code `ZZZ` is not an economy rbm classifies (no ISO 3166 code, no classification)",
        ],
    );
}

#[test]
fn datahub_year_20019() {
    read_ok(
        "datahub_year_20019.csv",
        [2, 1, 1, 0],
        &[
            "3 |  | dataYear | year_out_of_range | xHH6_IDI | AFG | 20019 | 18.4 | year 20019 is outside 1960–2030",
        ],
    );
}

#[test]
fn datahub_empty_economy_and_series_codes() {
    read_ok(
        "datahub_empty_fields.csv",
        [3, 1, 2, 0],
        &[
            "3 |  | entityIso | empty_field | xHH6_IDI |  | 2019 | 89.4 | economy code is empty (entityName `Kosovo`)",
            "4 |  | seriesCode | empty_field |  | AFG | 2019 | 18.4 | series code is empty",
        ],
    );
}

#[test]
fn datahub_missing_value_column() {
    // Still recognised as a DataHub export, so that the message names the
    // missing column rather than "cannot tell the format".
    ingest(&[], &["datahub_missing_column.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/datahub_missing_column.csv' as datahub: tests/fixtures/bad/datahub_missing_column.csv:1: field `dataValue`: missing column `dataValue`; the header has: seriesID, seriesCode, seriesName, seriesParent, seriesUnits, entityID, entityIso, entityName, dataYear, dataNote, dataSource, seriesDescription",
    );
}

#[test]
fn datahub_extra_columns_are_accepted() {
    read_ok("datahub_extra_columns.csv", [2, 2, 0, 0], &[]);
}

#[test]
fn datahub_unquoted_comma_in_a_name() {
    read_ok(
        "datahub_unquoted_comma.csv",
        [2, 1, 1, 0],
        &["3 |  |  | malformed | xHH6_IDI | KOR |  |  | the row has 14 fields, the header 13"],
    );
}

#[test]
fn datahub_unclosed_quote_swallows_the_next_line() {
    // Four data lines, three rows: the quote opened on line 3 closes on
    // line 4, and the reject says so.
    read_ok(
        "datahub_unclosed_quote.csv",
        [3, 2, 1, 0],
        &[
            "3 |  |  | malformed | xHH6_IDI | CIV |  |  | the row has 19 fields, the header 13, and runs over lines 3–4: a quote is probably not closed, and those lines are read as this one row",
        ],
    );
}

#[test]
fn datahub_format_forced_on_a_workbook() {
    ingest(&["--format", "datahub"], &["itu_dashboard_missing_value.xlsx"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/itu_dashboard_missing_value.xlsx' as datahub: tests/fixtures/bad/itu_dashboard_missing_value.xlsx: this is a ZIP archive such as an Excel .xlsx workbook, not a CSV text file: give the workbook's format (--format itu-aggregates or itu-dashboard) or leave --format out",
    );
}

#[test]
fn datahub_very_long_field_is_read_and_stored() {
    // A 100 kB dataNote with a line break in it, generated rather than
    // committed. Ingested for real into a temporary datasets folder that
    // holds only the committed classification.
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("datasets");
    std::fs::create_dir_all(&data).expect("datasets folder");
    for f in [
        "classification.csv",
        "weights.csv",
        "aliases.csv",
        "classification_notes.txt",
        "manifest.csv",
    ] {
        std::fs::copy(root().join("datasets").join(f), data.join(f)).expect("copy");
    }
    let words = "Survey of households, national coverage, ".repeat(1300);
    let note = format!("{}\n{}", &words[..50_000], &words[..50_000]);
    let header = r#""seriesID","seriesCode","seriesName","seriesParent","seriesUnits","entityID","entityIso","entityName","dataValue","dataYear","dataNote","dataSource","seriesDescription""#;
    let text = format!(
        "{header}\n12047,\"xHH6_IDI\",\"Households\",,\"%\",4,\"ABW\",\"Aruba\",\"36.5\",2006,\"{note}\",\"NSO\",\"d\"\n12047,\"xHH6_IDI\",\"Households\",,\"%\",4,\"AFG\",\"Afghanistan\",\"..\",2019,\"\",\"NSO\",\"d\"\n"
    );
    assert!(text.len() > 100_000);
    let file = tmp.path().join("long_note.csv");
    std::fs::write(&file, &text).expect("write");
    let rejects = tmp.path().join("rejects.csv");
    let out = rbm(&[
        "--data",
        data.to_str().expect("utf-8"),
        "ingest",
        "--force",
        "--rejects",
        rejects.to_str().expect("utf-8"),
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().next(),
        Some(format!(
            "read {} (datahub): 2 read, 1 accepted, 1 rejected, 0 merged",
            file.display()
        ))
        .as_deref()
    );
    let rows = read_rejects(&rejects);
    assert_eq!(rows.len(), 1);
    // The long field spans lines 2–3, so the second row is on line 4.
    assert_eq!(
        rows[0][1..].join(" | "),
        "4 |  | dataValue | missing_value | xHH6_IDI | AFG | 2019 | .. | value is `..`: marked as not available"
    );
    // The note is stored whole, on one line.
    let stored = std::fs::read_to_string(data.join("observations.csv")).expect("observations");
    let mut reader = csv::Reader::from_reader(stored.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][1], "ABW");
    assert_eq!(
        &records[0][10],
        note.split_whitespace().collect::<Vec<_>>().join(" ")
    );
}

/// A DataHub export of more than 4 MiB (which is split on a second thread
/// as it is read), with a description over two lines on every 97th row,
/// so that records and lines part ways, and bad rows far into the file:
/// the rejects name the lines the generator wrote them on, counted here
/// as it writes. With `cut`, the file ends inside the quoted description
/// of its last row. Returns the text, and the rejects expected as `line |
/// field | kind` (or the line of the cut record).
fn large_export(cut: bool) -> (String, Vec<String>, u64) {
    use std::fmt::Write as _;
    let economies = ["AFG", "ALB", "DZA", "AGO", "ARG", "ARM", "AUS", "AUT"];
    let mut text = String::from(
        "\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\",\"entityIso\",\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\",\"dataSource\",\"seriesDescription\"\n",
    );
    let mut line = 2u64;
    let mut expected = Vec::new();
    let mut last_line = line;
    for i in 0..90_000usize {
        let series = i / (economies.len() * 25);
        let economy = economies[(i / 25) % economies.len()];
        let year = 2000 + i % 25;
        let two_lines = i % 97 == 5;
        let description = if two_lines { "first\nsecond" } else { "one" };
        let value = match i {
            // Missing values and a row with an extra field, in the middle
            // and near the end (batches are 2,048 records).
            30_481 | 60_000 | 89_998 => "..".to_string(),
            _ => format!("{}.{}", i % 100, i % 7),
        };
        let extra = if i == 50_001 { ",\"x\"" } else { "" };
        last_line = line;
        if i == 89_999 && cut {
            let _ = write!(
                text,
                "9{series},\"syn_{series}\",\"S\",,\"%\",1,\"{economy}\",\"{economy}\",\"{value}\",{year},\"\",\"test\",\"cut\nhere"
            );
            break;
        }
        let _ = writeln!(
            text,
            "9{series},\"syn_{series}\",\"S\",,\"%\",1,\"{economy}\",\"{economy}\",\"{value}\",{year},\"\",\"test\",\"{description}\"{extra}"
        );
        if value == ".." {
            expected.push(format!("{line} | dataValue | missing_value"));
        }
        if !extra.is_empty() {
            expected.push(format!("{line} |  | malformed"));
        }
        line += if two_lines { 2 } else { 1 };
    }
    assert!(text.len() > 4 << 20, "{}", text.len());
    (text, expected, last_line)
}

#[test]
fn a_large_export_split_beside_names_the_lines_of_its_rejects_and_its_cut() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let rejects = tmp.path().join("rejects.csv");
    let file = tmp.path().join("large.csv");
    let (text, expected, _) = large_export(false);
    std::fs::write(&file, &text).expect("write");
    let out = rbm(&[
        "ingest",
        "--dry-run",
        "--force",
        "--rejects",
        rejects.to_str().expect("utf-8"),
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("90000 read, 89996 accepted, 4 rejected, 0 merged"),
        "{}",
        stderr(&out)
    );
    let found: Vec<String> = read_rejects(&rejects)
        .iter()
        .map(|r| format!("{} | {} | {}", r[1], r[3], r[4]))
        .collect();
    // All four are the parser's, in the order of the file.
    assert_eq!(found, expected);

    let (text, _, last_line) = large_export(true);
    std::fs::write(&file, &text).expect("write");
    let out = rbm(&[
        "ingest",
        "--dry-run",
        "--force",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "error: could not ingest '{0}' as datahub: {0}:{last_line}: the last record opens a quoted field that is never closed: the file looks cut short\n",
            file.display()
        )
    );
}

// ───────────────────────── UN SDG DDF CSV ─────────────────────────

#[test]
fn un_sdg_regional_aggregate_is_an_unknown_group() {
    read_ok(
        "un_sdg_regional_aggregate.csv",
        [3, 2, 1, 0],
        &[
            "4 |  | geo_area | unknown_group | i99H | 202 | 2019 | 25.4 | M49 area 202 is neither an economy nor one of rbm's groups (an SDG regional aggregate)",
        ],
    );
}

#[test]
fn un_sdg_two_value_columns() {
    ingest(&[], &["un_sdg_two_value_columns.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/un_sdg_two_value_columns.csv' as un-sdg: tests/fixtures/bad/un_sdg_two_value_columns.csv:1: field `it_use_ii99_f`: more than one value column (it_use_ii99, it_use_ii99_f): a DDF datapoints file has one",
    );
}

#[test]
fn un_sdg_bad_rows() {
    read_ok(
        "un_sdg_bad_rows.csv",
        [5, 1, 4, 0],
        &[
            "3 |  | geo_area | empty_field | i99H |  | 2019 | 18.0 | geo_area is empty",
            "4 |  | sex | unknown_series | i99H | 8 | 2019 | 72.2 | sex `other` is not one rbm knows",
            "5 |  |  | malformed |  |  |  |  | the row has 6 fields, the header 7",
            "6 |  | year | year_out_of_range | i99H | 250 | 19xx | 83.3 | year `19xx` is not a year",
        ],
    );
}

// ───────────────────── World Bank and Our World in Data ─────────────────────

#[test]
fn world_bank_population_bad_rows() {
    // Rejects found while parsing come first, then those found validating.
    read_ok(
        "worldbank_population_bad.csv",
        [6, 1, 5, 0],
        &[
            "3 |  | Country Code | empty_field | SP.POP.TOTL |  | 2019 |  | country code is empty (`Not classified`)",
            "6 |  | Value | non_numeric | SP.POP.TOTL | AFG | 2019 | 37,769,499 | value `37,769,499` has a thousands separator; rbm reads plain numbers such as 1234.5",
            "7 |  |  | malformed |  |  |  |  | the row has 3 fields, the header 4",
            "4 |  | Country Code | unknown_group | SP.POP.TOTL | EAS | 2019 | 2340000000 | World Bank code `EAS` is neither an economy rbm classifies nor one of its groups (a regional or income aggregate)",
            "5 |  | Value | out_of_range | SP.POP.TOTL | ABW | 2020 | -5 | value -5 is negative",
        ],
    );
}

#[test]
fn a_population_file_of_three_economies_is_refused_without_force() {
    // Made-up populations of three economies in two years: the World Bank
    // file has 217 economies over 65 years.
    let out = unforced(&[], &["worldbank_population_cut.csv"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains(
            "  'tests/fixtures/bad/worldbank_population_cut.csv' (world-bank) has values for 3 economies where a file of its kind has at least 200 (none for 247 of the 250 classified, such as AIA, ALA, ALB, AND, ARE, ARG, ARM, ASM, ATA, ATF), and for 2 years where a file of its kind has at least 30: it looks cut short or is not the whole file\n"
        ),
        "{}",
        stderr(&out)
    );
    read_ok("worldbank_population_cut.csv", [6, 6, 0, 0], &[]);
}

/// The classification inputs of `datasets/sources/`, copied to a
/// temporary folder laid out the same way.
fn classification_inputs() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (_, rel) in rbm::classify::build::Inputs::LAYOUT {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("folders");
        std::fs::copy(crate::common::sources().join(rel), &to).expect("copy an input");
    }
    tmp
}

#[test]
fn a_classification_population_cut_at_a_line_boundary_is_refused_without_force() {
    // Issue 12: a population file cut at a line boundary gave a World
    // households value of 43.2 for 2023 instead of 77.6, exit 0. The file
    // is sorted by country name: its first half stops in the L's.
    let inputs = classification_inputs();
    let population = inputs
        .path()
        .join("population/population_wb_SP.POP.TOTL.csv");
    let text = std::fs::read_to_string(&population).expect("population");
    let half = text.lines().count() / 2;
    let kept: String = text.split_inclusive('\n').take(half).collect();
    std::fs::write(&population, kept).expect("cut");
    let export = crate::common::sources().join("itu-datahub/households_internet_access.csv");
    let dir = inputs.path().to_str().expect("utf-8");
    let args = [
        "ingest",
        "--dry-run",
        "--classifications",
        dir,
        export.to_str().expect("utf-8"),
    ];
    let out = rbm(&args);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.contains("population_wb_SP.POP.TOTL.csv"))
        .unwrap_or_default();
    assert!(
        line.starts_with(&format!(
            "  '{}' has a population for ",
            population.display()
        )) && line
            .contains(" economies where the published file has it for more than 200 (none for "),
        "{err}"
    );
    let mut forced = args.to_vec();
    forced.insert(2, "--force");
    let out = rbm(&forced);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("note: ingested with --force: '"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn owid_bad_rows() {
    // Empty cells of a wide file are not values, so not read: 5 values.
    read_ok(
        "owid_bad.csv",
        [5, 1, 4, 0],
        &[
            "5 |  | Mobile broadband (per 100 people) | unknown_series | Mobile broadband (per 100 people) | Aruba | 2019 | 62.5 | column `Mobile broadband (per 100 people)` is not a series rbm knows",
            "3 |  | Code | unknown_group | IT.NET.USER.ZS | Africa | 2019 | 28.2 | `Africa` has no code and is not one of rbm's groups by name",
            "4 |  | Individuals using the Internet (% of population) | out_of_range | IT.NET.USER.ZS | ALB | 2019 | 100.5 | a share in percent must be within 0–100, not 100.5",
            "6 |  | Code | unknown_economy | IT.NET.USER.ZS | OWID_EUR | 2019 | 82.4 | Our World in Data code `OWID_EUR` is not an economy rbm classifies (no ISO 3166 code, no classification)",
        ],
    );
}

#[test]
fn owid_too_few_columns() {
    ingest(&[], &["owid_too_few_columns.csv"]).assert_error(
        "error: tests/fixtures/bad/owid_too_few_columns.csv:1: cannot tell the format from the header (Entity, Code); give --format datahub, un-sdg, world-bank, owid or tidy",
    );
    // Forced, it used to panic (index out of bounds on the year column).
    ingest(&["--format", "owid"], &["owid_too_few_columns.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/owid_too_few_columns.csv' as owid: tests/fixtures/bad/owid_too_few_columns.csv:1: field `Year`: the header has no column `Year`: an Our World in Data file starts with the columns Entity, Code, Year (the header has: Entity, Code)",
    );
}

#[test]
fn owid_no_value_column() {
    // Forced, it used to read nothing and succeed: 0 read.
    ingest(&["--format", "owid"], &["owid_no_value_column.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/owid_no_value_column.csv' as owid: tests/fixtures/bad/owid_no_value_column.csv:1: no value column: an Our World in Data file has one or more after Entity, Code, Year",
    );
}

#[test]
fn owid_format_forced_on_another_layout() {
    // It used to read a DataHub file's columns 1–3 as entity, code and year
    // and reject every value.
    ingest(&["--format", "owid"], &["datahub_bom.csv"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/datahub_bom.csv' as owid: tests/fixtures/bad/datahub_bom.csv:1: field `Entity`: column 1 of the header is `seriesID`, not `Entity`: an Our World in Data file starts with the columns Entity, Code, Year (the header has: seriesID, seriesCode, seriesName, seriesParent, seriesUnits, entityID, entityIso, entityName, dataValue, dataYear, dataNote, dataSource, seriesDescription)",
    );
}

// ───────────────────────── rbm tidy CSV ─────────────────────────

#[test]
fn tidy_empty_source() {
    read_ok(
        "tidy_empty_source.csv",
        [3, 1, 2, 0],
        &[
            "3 |  | source | empty_field | en_ewt_rcyr | WLD | 2019 | 17.4 | source is empty: every row must say where its value comes from",
            "4 |  | estimate | non_numeric | en_ewt_rcyr | WLD | 2021 | 19.0 | estimate `maybe` is not true or false",
        ],
    );
}

#[test]
fn tidy_a_row_in_another_unit_than_its_series() {
    // Issue 12: a tidy row with `unit=count` skipped the 0–100 check for a
    // percent series (a World households value of 90,755). Appended to the
    // embedded store, whose xHH6_IDI is in percent.
    read_ok_with(
        &["--append"],
        "tidy_unit_mismatch.csv",
        [3, 1, 2, 0],
        &[
            "2 |  | unit | unit_mismatch | xHH6_IDI | WLD | 2023 | 90755 | series xHH6_IDI is in `percent` in datasets/observations.csv, and this row says `count`: one series has one unit",
            "4 |  | unit | unit_mismatch | test.made_up | FRA | 2021 | 6 | series test.made_up is in `percent` on earlier rows of this file, and this row says `count`: one series has one unit",
        ],
    );
}

#[test]
fn tidy_disaggregations_and_vintages_come_from_closed_lists() {
    // Issue 12: `sex=alien` was stored.
    read_ok(
        "tidy_closed_lists.csv",
        [5, 1, 4, 0],
        &[
            "2 |  | sex | unknown_disaggregation | test.made_up | FRA | 2019 | 80 | sex `alien` is not F, M or empty (both sexes)",
            "3 |  | area | unknown_disaggregation | test.made_up | FRA | 2019 | 80 | area `suburb` is not urban, rural or empty (total)",
            "4 |  | age | unknown_disaggregation | test.made_up | FRA | 2019 | 80 | age `young` is not an age band such as 15-24, <15, 75+ or not-15-24 (or empty: all ages)",
            "5 |  | vintage | invalid_vintage | test.made_up | FRA | 2019 | 80 | vintage `2025-13` is not a release month YYYY-MM (such as 2025-12)",
        ],
    );
}

#[test]
fn a_vintage_that_is_not_a_release_month_is_a_usage_error() {
    // Issue 12: `--vintage 2025-13` was stored.
    ingest(&["--vintage", "2025-13"], &["datahub_no_bom.csv"]).assert_error(
        "error: --vintage: vintage `2025-13` is not a release month YYYY-MM (such as 2025-12)",
    );
}

// ───────────────────────── Workbooks ─────────────────────────

#[test]
fn xlsx_that_is_a_renamed_csv() {
    ingest(&[], &["renamed_csv.xlsx"]).assert_error(
        "error: tests/fixtures/bad/renamed_csv.xlsx: not an Excel .xlsx workbook: it does not start with the ZIP signature (it looks like text: is it a CSV file renamed to .xlsx?)",
    );
}

#[test]
fn itu_aggregates_header_cells_are_checked() {
    // Issue 12: one edited header cell (`By BDT region!B103` set to
    // `2020-21`) filed Africa's Internet users under international
    // bandwidth, exit 0.
    ingest(&[], &["itu_aggregates_header_edited.xlsx"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/itu_aggregates_header_edited.xlsx' as itu-aggregates: tests/fixtures/bad/itu_aggregates_header_edited.xlsx: cell C4: sheet 'By BDT region': `2020-21` is not a year, in a row of 6 years: the header was edited or the layout changed",
    );
    ingest(&[], &["itu_aggregates_unknown_label.xlsx"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/itu_aggregates_unknown_label.xlsx' as itu-aggregates: tests/fixtures/bad/itu_aggregates_unknown_label.xlsx: cell G3: sheet 'By BDT region': the panel label `Per 100 households` is not one rbm knows (a unit such as Millions or Percentage, or Total, Female, Male, Urban, Rural, Youth): the layout changed",
    );
    ingest(&[], &["itu_aggregates_unknown_block.xlsx"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/itu_aggregates_unknown_block.xlsx' as itu-aggregates: tests/fixtures/bad/itu_aggregates_unknown_block.xlsx: cell A3: sheet 'By BDT region': the block title `Individuals using a smartwatch` over row 5 is not one of the Key ICT indicators rbm knows: the layout changed",
    );
}

#[test]
fn itu_aggregates_layout_moved() {
    ingest(&[], &["itu_aggregates_layout_moved.xlsx"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/itu_aggregates_layout_moved.xlsx' as itu-aggregates: tests/fixtures/bad/itu_aggregates_layout_moved.xlsx: cell A3: sheet 'Internet use': values in row 3 come before any row of years: the layout changed",
    );
}

#[test]
fn itu_aggregates_bad_rows() {
    // Groups and years label rows and panels, not columns: rejects name
    // the cell and no field.
    read_ok(
        "itu_aggregates_bad_rows.xlsx",
        [21, 16, 5, 0],
        &[
            " | Internet use!F6 |  | unknown_group | i99H | Oceania | 2019 | 68 | `Oceania` is not a group rbm knows",
            " | Internet use!F7 |  | unknown_group | i99H |  | 2019 | 40 | column A is empty: no group names the values of row 7",
            " | Internet use!C8 |  | missing_value | itu_key.individuals_using_the_internet.millions | ITU_AFR | 2020 | n/a | value is `n/a`: marked as not available",
            " | Internet use!I9 |  | malformed |  | Europe |  | 88.1 | a value in a column with no year above it",
            " | Internet use!H8 |  | out_of_range | i99H | ITU_AFR | 2021 | 135.1 | a share in percent must be within 0–100, not 135.1",
        ],
    );
}

#[test]
fn itu_dashboard_missing_value_column() {
    ingest(&[], &["itu_dashboard_missing_value.xlsx"]).assert_error(
        "error: could not ingest 'tests/fixtures/bad/itu_dashboard_missing_value.xlsx' as itu-dashboard: tests/fixtures/bad/itu_dashboard_missing_value.xlsx: cell F1: field `Value`: sheet 'DDD data set January 2022': missing column `Value` in the header row; the layout changed (expected Country, Region, ISO, Indicator name, Year, Value, ITU estimate?)",
    );
}

#[test]
fn itu_dashboard_bad_rows() {
    read_ok(
        "itu_dashboard_bad_rows.xlsx",
        [6, 1, 5, 0],
        &[
            " | DDD data set January 2022!F3 | Value | missing_value | i99H | ALB | 2019 | NULL | value is `NULL`: marked as not available",
            " | DDD data set January 2022!F4 | Indicator name | unknown_series | Individuals using a smartwatch (%) | ALB | 2019 | 5 | indicator `Individuals using a smartwatch (%)` has no mapping to a series",
            " | DDD data set January 2022!F5 | ISO | empty_field | i99H |  | 2019 | 89.4 | ISO code is empty",
            " | DDD data set January 2022!F6 | Year | year_out_of_range | i99H | ABW | 2019/20 | 97.2 | year `2019/20` is not a year",
            " | DDD data set January 2022!F7 | ISO | unknown_economy | i99H | ZZZ | 2019 | 50 | code `ZZZ` is not an economy rbm classifies (no ISO 3166 code, no classification)",
        ],
    );
}

// ───────────────────────── The whole corpus ─────────────────────────

/// Every file of the corpus in every format: an error (exit 2) or a run
/// that accounts for every row, never a panic.
#[test]
fn no_file_in_any_format_panics_or_loses_a_row() {
    let dir = fixture("bad");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| {
            let name = e.expect("entry").file_name().into_string().ok()?;
            (name.ends_with(".csv") || name.ends_with(".xlsx")).then_some(name)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    let formats = [
        None,
        Some("datahub"),
        Some("itu-aggregates"),
        Some("itu-dashboard"),
        Some("un-sdg"),
        Some("world-bank"),
        Some("owid"),
        Some("tidy"),
    ];
    for file in &files {
        for format in formats {
            let extra: Vec<&str> = format.map(|f| vec!["--format", f]).unwrap_or_default();
            let run = ingest(&extra, &[file]);
            match run.code {
                0 => {
                    run.counts(file);
                }
                2 => assert!(
                    run.stderr.starts_with("error: ") && run.stderr.lines().count() == 1,
                    "{file} {format:?}: {}",
                    run.stderr
                ),
                other => panic!("{file} {format:?}: exit {other}\n{}", run.stderr),
            }
        }
    }
}

// ───────────────────────── Indicator definitions ─────────────────────────

#[test]
fn indicator_with_many_mistakes_reports_each() {
    let out = rbm_in(
        &fixture("bad"),
        &[
            "--indicators",
            "indicators_many_mistakes",
            "--framework",
            "../indicators/framework",
            "--data",
            "no-datasets-here",
            "check",
        ],
    );
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    let findings: Vec<String> = crate::common::unwrapped(&text)
        .into_iter()
        .filter(|l| l.starts_with("indicators_many_mistakes/"))
        .collect();
    let file = "indicators_many_mistakes/households_internet.toml";
    assert_eq!(
        findings,
        [
            format!(
                "{file}:5: field `unit`: error [Specific]: unknown unit `percentage`: expected percent, percent_gni_pc, ratio, per_100, count or millions (did you mean `percent`?)"
            ),
            format!(
                "{file}:6: field `direction`: error [Specific]: unknown direction `upwards`: expected increase, decrease or band"
            ),
            format!(
                "{file}:7: field `goal`: error [Relevant]: goal 3 does not exist: the framework `TEST-FRAMEWORK` has goals 1 and 2"
            ),
            format!(
                "{file}:24: field `target[0].groups`: error [Specific]: unknown group `OCEANIA`: use world, regions, development or all, or a group code or name such as WLD, ITU_AFR (Africa), DEVELOPING or LDC"
            ),
            format!(
                "{file}:29: field `target[1].id`: error [Relevant]: unknown target `SP2030-9.9`: not an item of the framework in ../indicators/framework (did you mean `SP2030-1.3`?); an indicator measures a 2030 or 2023 target, an outcome or an output"
            ),
            format!(
                "{file}:37: field `target[2].condition`: error [Specific]: missing: a share_of_economies target needs `condition`: which economies count, e.g. {{ op = \"<=\", value = 2.0 }}"
            ),
        ]
    );
    // The 2 warnings are the fixture framework's two targets that no
    // indicator measures (the broken one is not loaded).
    // (The summary wraps with a two-space indent.)
    assert!(
        text.replace("\n  ", " ").contains(
            "0 indicator(s) in 1 file(s) (1 not loaded): 6 error(s), 2 warning(s); 0 measurable with the datasets"
        ),
        "{text}"
    );
}
