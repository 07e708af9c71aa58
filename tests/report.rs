//! `rbm report`: the whole annual report on the embedded data, its
//! determinism, escaping, what changed since an earlier report, safe
//! writes, and a real browser loading and printing it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{code, copy_dir, rbm, rbm_in, root, stderr, stdout};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).expect("prefix").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn report(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["report", "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    rbm(&args)
}

#[test]
fn the_report_has_every_part_and_the_same_bytes_every_time() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let out = report(a.path(), &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("wrote the 2025 report"),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&report(b.path(), &[])), 0);
    let (ra, rb) = (a.path().join("2025"), b.path().join("2025"));
    let list = files(&ra);
    assert_eq!(list, files(&rb));
    for f in &list {
        assert_eq!(
            std::fs::read(ra.join(f)).expect("a"),
            std::fs::read(rb.join(f)).expect("b"),
            "{} differs",
            f.display()
        );
    }
    for f in [
        "index.html",
        "report.md",
        "report.docx",
        "progress.json",
        "tables/progress.csv",
        "tables/series.csv",
        "tables/data_gaps.csv",
        "tables/sources.csv",
        "charts/status-grid.svg",
        "charts/status-grid.png",
        "charts/households_internet--regions.png",
    ] {
        assert!(list.contains(&PathBuf::from(f)), "{f} missing");
    }
    let html = std::fs::read_to_string(ra.join("index.html")).expect("html");
    for id in [
        "SP2030-1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "2.7",
    ] {
        let n = id.trim_start_matches("SP2030-");
        assert!(
            html.contains(&format!("id=\"t{n}\"")),
            "no section for target {n}"
        );
    }
    for part in [
        "id=\"summary\"",
        "id=\"gaps\"",
        "id=\"methodology\"",
        "id=\"sources\"",
        "CC BY 4.0",
        "Source: ITU",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
    // Self-contained: nothing fetched from the network, no script.
    for bad in ["src=\"http", "href=\"http", "url(http", "<script", "<link"] {
        assert!(!html.contains(bad), "index.html contains {bad}");
    }
    // Every chart of the folder is inline in the page.
    let svgs = list
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "svg"))
        .count();
    assert_eq!(html.matches("<figure><svg").count(), svgs);
    let md = std::fs::read_to_string(ra.join("report.md")).expect("md");
    // Maps beside the trajectory charts: for each indicator with economy
    // data, the value map and the status map after its trajectories, each
    // inline with its description and the table of its economies, which
    // links the file of every economy's value.
    for ind in ["households_internet", "gender_parity_internet"] {
        // Each figure's table has an id from its chart's stem.
        let at = |table: String| {
            html.find(&format!(" id=\"{table}\""))
                .unwrap_or_else(|| panic!("no table {table} in the page"))
        };
        let regions = at(format!("chart_{ind}_regions"));
        let value_map = at(format!("map_{ind}_map"));
        let status_map = at(format!("map_{ind}_status_map"));
        assert!(
            regions < value_map && value_map < status_map,
            "{ind}: order"
        );
        for stem in [format!("{ind}--map"), format!("{ind}--status-map")] {
            for ext in ["svg", "png", "csv"] {
                let f = PathBuf::from(format!("charts/{stem}.{ext}"));
                assert!(list.contains(&f), "{} missing", f.display());
            }
            assert!(
                md.contains(&format!("](charts/{stem}.png)")),
                "{stem} not in report.md"
            );
        }
    }
    assert!(html.contains("<desc>World map (Equal Earth projection) of Households with Internet access at home: status of each economy"));
    assert!(html.contains("<caption>Economies behind the map: Households with Internet access at home: latest value by economy</caption>"));
    // Many inline maps with patterns: every id in the page is its own.
    let mut ids = std::collections::BTreeSet::new();
    for (i, _) in html.match_indices(" id=\"") {
        let rest = &html[i + 5..];
        let id = &rest[..rest.find('"').expect("id end")];
        assert!(ids.insert(id), "id {id} twice in the page");
    }
    assert!(md.contains("![Status of the 2030 targets, by group: every 2030 target's indicator (rows) for every group (columns), with the status's symbol in each cell.](charts/status-grid.png)"));
}

#[test]
fn the_results_chain_is_drawn_per_goal_with_its_table_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&report(dir.path(), &[])), 0);
    let r = dir.path().join("2025");
    for stem in ["chain-g1", "chain-g2", "chain-enablers", "chain-other"] {
        for ext in ["svg", "png"] {
            let f = r.join(format!("charts/{stem}.{ext}"));
            assert!(f.is_file(), "{} missing", f.display());
        }
    }
    // Every item `rbm framework --goal 1` lists is in goal 1's diagram,
    // with its status word, and in the table behind it.
    let csv = crate::common::CsvTable::parse(&stdout(&rbm(&[
        "framework",
        "--goal",
        "1",
        "--format",
        "csv",
    ])));
    let svg = std::fs::read_to_string(r.join("charts/chain-g1.svg")).expect("svg");
    assert!(
        svg.contains("<desc>Tree diagram read left to right"),
        "no desc"
    );
    let html = std::fs::read_to_string(r.join("index.html")).expect("html");
    let (_, table) = html
        .split_once("<caption>The items behind the diagram: The results chain under G1")
        .expect("goal 1's table in the page");
    let table = table.split("</table>").next().unwrap_or("");
    for row in &csv.rows {
        let id = csv.get(row, "id");
        assert!(svg.contains(&format!(">{id}<")), "{id} not drawn");
        assert!(
            table.contains(&format!("<th scope=\"row\">{id}</th>")),
            "{id} not in the table"
        );
    }
    let md = std::fs::read_to_string(r.join("report.md")).expect("md");
    // D.7-b has no indicator of its own: it is judged on the 2023 target
    // it carries, C2023-1.5 (+52.1% from 2017 to 2023, met).
    assert!(md.contains("Broadband subscriptions, fixed and active mobile (broadband_subscriptions), through C2023-1.5"));
    assert!(
        md.contains("![The results chain under G1 Universal connectivity: each item's box carries")
    );
    assert!(html.contains("The items behind the diagram: The results chain under G2"));
    let mut docx = zip::ZipArchive::new(std::fs::File::open(r.join("report.docx")).expect("docx"))
        .expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut docx.by_name("word/document.xml").expect("part"),
        &mut xml,
    )
    .expect("read");
    assert!(
        xml.contains("descr=\"Tree diagram read left to right"),
        "no alt text in Word"
    );
    // The Connect 2030 list says why a target is not judged: C2023-1.3 has
    // data, but no comparable value in its baseline year 2017.
    let line = md
        .lines()
        .find(|l| l.starts_with("| C2023-1.3 |"))
        .expect("C2023-1.3 accounted for");
    assert!(
        line.contains("not judged: not comparable: the series breaks in 2018"),
        "{line}"
    );
    let line = md
        .lines()
        .find(|l| l.starts_with("| C2023-3.3 |"))
        .expect("C2023-3.3 accounted for");
    assert!(
        line.contains("not judged, a data gap (ewaste_policy_countries)")
            && line.contains("Global E-waste Monitor"),
        "{line}"
    );
}

#[test]
fn strings_from_definitions_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ind = dir.path().join("indicators");
    std::fs::create_dir_all(&ind).expect("mkdir");
    let text =
        std::fs::read_to_string(root().join("indicators/households_internet.toml")).expect("toml");
    let text = text.replace(
        "name = \"Households with Internet access at home\"",
        "name = \"<script>alert(1)</script>\"",
    );
    std::fs::write(ind.join("households_internet.toml"), text).expect("write");
    let framework = root().join("indicators/framework");
    let out = rbm(&[
        "--indicators",
        ind.to_str().expect("utf-8"),
        "--framework",
        framework.to_str().expect("utf-8"),
        "report",
        "--out",
        dir.path().join("r").to_str().expect("utf-8"),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("r/2025/index.html")).expect("html");
    assert!(
        !html.contains("<script>alert(1)"),
        "unescaped script tag in the report"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let svg = std::fs::read_to_string(
        dir.path()
            .join("r/2025/charts/households_internet--regions.svg"),
    )
    .expect("svg");
    assert!(!svg.contains("<script>"));
}

#[test]
fn changes_since_an_earlier_report_are_shown_and_attributed() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&report(dir.path(), &["--year", "2021"])), 0);
    let prev = dir.path().join("2021");
    let out = report(dir.path(), &["--previous", prev.to_str().expect("utf-8")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = std::fs::read_to_string(dir.path().join("2025/tables/changes.csv")).expect("changes");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("indicator_id,target_id,group,before,after,cause,detail")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty(), "no status changed between 2021 and 2025?");
    // Four more years of data: every change has new data behind it.
    assert!(
        rows.iter()
            .all(|r| r.contains(",new data,") || r.contains(",new and revised data,")),
        "{csv}"
    );
    let html = std::fs::read_to_string(dir.path().join("2025/index.html")).expect("html");
    assert!(html.contains("What changed since 2021 (as of 2021)"));
    // A folder that is not a report is a clear error.
    let out = report(
        dir.path(),
        &[
            "--previous",
            dir.path().join("nope").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no earlier report at '")
            && stderr(&out).contains(
                "--previous takes an earlier report's year folder, the one holding progress.json"
            ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_failed_run_leaves_the_previous_report_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&report(dir.path(), &[])), 0);
    let target = dir.path().join("2025");
    let before: Vec<(PathBuf, Vec<u8>)> = files(&target)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(target.join(&f)).expect("read");
            (f, b)
        })
        .collect();
    // A write failure halfway (the JSON comes after the charts).
    let out = Command::new(crate::common::rbm_bin())
        .args(["report", "--out", dir.path().to_str().expect("utf-8")])
        .current_dir(root())
        .env("RBM_FAIL_WRITING", "progress.json")
        .output()
        .expect("run");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("injected write failure"),
        "{}",
        stderr(&out)
    );
    for (f, b) in &before {
        assert_eq!(
            &std::fs::read(target.join(f)).expect("still there"),
            b,
            "{} changed",
            f.display()
        );
    }
    // No temporary folder is left behind.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["2025".to_string()]);
}

/// The browser, or `None` after printing why the calling test skips (the
/// README promises that a test whose program is missing says so).
#[allow(clippy::print_stderr)]
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        eprintln!(
            "skipped: no Chromium-family browser installed (Debian: apt-get install chromium); .ci/run installs it"
        );
    }
    found
}

pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|c| {
            Command::new("which")
                .arg(c)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim().to_string()))
        })
}

#[test]
fn the_report_loads_and_prints_in_a_real_browser() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&root().join("indicators"), &work.join("indicators"));
    copy_dir(&root().join("datasets"), &work.join("datasets"));
    let out = rbm_in(&work, &["report", "--out", "r"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = work.join("r/2025/index.html");
    let url = format!("file://{}", page.display());
    let profile = dir.path().join("profile");
    let base = |extra: &[&str]| {
        let mut c = Command::new(&browser);
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url);
        c.output().expect("run chromium")
    };
    let dom = base(&["--dump-dom"]);
    let text = String::from_utf8_lossy(&dom.stdout);
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(
        text.contains("<h1>Progress towards the ITU Strategic Plan"),
        "the page did not load:\n{log}"
    );
    assert!(!log.contains(":CONSOLE"), "console messages:\n{log}");
    let charts = files(&work.join("r/2025/charts"))
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "svg"))
        .count();
    assert_eq!(
        text.matches("<svg").count(),
        charts,
        "charts missing in the rendered page"
    );
    let pdf = dir.path().join("report.pdf");
    let printed = base(&[
        &format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer",
    ]);
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    // A page per target at least: ten targets, a summary and the annexes.
    // Pages are the objects `/Type /Page` (not `/Pages`).
    let pages = bytes
        .windows(11)
        .enumerate()
        .filter(|(i, w)| {
            w.starts_with(b"/Type") && {
                let rest = &bytes[i + 5..];
                let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
                rest.starts_with(b"/Page") && !rest[5..].starts_with(b"s")
            }
        })
        .count();
    assert!(pages >= 12, "only {pages} pages");
    assert!(
        bytes.len() > 200_000,
        "the PDF is suspiciously small ({} bytes)",
        bytes.len()
    );
}

#[test]
fn a_damaged_list_of_ingested_files_is_an_error_not_an_empty_sources_section() {
    // Issue 11: a corrupt inputs.csv was read as empty, and the report's
    // sources and data releases silently vanished.
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("datasets");
    copy_dir(&root().join("datasets"), &data);
    let inputs = data.join("inputs.csv");
    let text = std::fs::read_to_string(&inputs).expect("inputs");
    std::fs::write(&inputs, text.replacen(",3964,3964,", ",39x64,3964,", 1)).expect("write");
    let out = rbm(&[
        "--data",
        data.to_str().expect("utf-8"),
        "report",
        "--out",
        dir.path().join("reports").to_str().expect("utf-8"),
    ]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("inputs.csv:2: field `read`: `39x64` is not a count of rows"),
        "{err}"
    );
    assert!(!dir.path().join("reports").exists(), "no report written");
}

/// The tiny fixture's report in a fresh folder.
fn tiny_report() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&crate::common::fixture("tiny"), &work);
    let out = rbm_in(&work, &["report", "--out", "r"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let year = work.join("r/2023");
    (dir, year)
}

/// An HTML page without its style sheet and with each chart's SVG cut to
/// its accessible name, for review.
fn readable(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</svg>").expect("svg end") + i + "</svg>".len();
        let svg = &rest[i..end];
        let title = svg
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map(|(t, _)| t)
            .unwrap_or("");
        out.push_str(&format!("<svg>{title}</svg>"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    let (head, tail) = out.split_once("<style>").expect("style");
    let (_, tail) = tail.split_once("</style>").expect("style end");
    format!("{head}<style>…</style>{tail}")
}

#[test]
fn the_tiny_report_reads_as_reviewed() {
    let (_dir, year) = tiny_report();
    let md = std::fs::read_to_string(year.join("report.md")).expect("md");
    insta::assert_snapshot!("tiny-report-md", md);
    let html = std::fs::read_to_string(year.join("index.html")).expect("html");
    insta::assert_snapshot!("tiny-report-html", readable(&html));
}

#[test]
fn headings_never_skip_a_level_and_tables_have_captions_and_headers() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&report(dir.path(), &[])), 0);
    let html = std::fs::read_to_string(dir.path().join("2025/index.html")).expect("html");
    let mut level = 1;
    for (i, _) in html.match_indices("<h") {
        let Some(l) = html[i + 2..i + 3].parse::<usize>().ok() else {
            continue;
        };
        assert!(
            l <= level + 1,
            "h{l} after h{level}: {}",
            &html[i..i + 80.min(html.len() - i)]
        );
        level = l;
    }
    let tables = html.matches("<table").count();
    assert!(tables > 30, "{tables} tables");
    assert_eq!(html.matches("<caption>").count(), tables);
    assert_eq!(html.matches("<thead>").count(), tables);
    // Every table but the changes names its rows.
    assert!(html.matches("<th scope=\"row\">").count() > 300);
    // No Markdown shows through outside code blocks.
    let mut prose = html.clone();
    while let Some(i) = prose.find("<pre>") {
        let end = prose[i..].find("</pre>").expect("pre end") + i;
        prose.replace_range(i..end, "");
    }
    assert!(!prose.contains('`'), "a backtick in the page");
    assert!(!prose.contains("**"), "Markdown bold in the page");
}

#[test]
fn report_pdf_has_an_outline_entry_per_target_page_numbers_and_whole_pages() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&root().join("indicators"), &work.join("indicators"));
    copy_dir(&root().join("datasets"), &work.join("datasets"));
    let out = rbm_in(
        &work,
        &[
            "report",
            "--out",
            "r",
            "--pdf",
            "--browser",
            browser.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The browser's scratch folder is gone.
    let left: Vec<_> = std::fs::read_dir(work.join("r"))
        .expect("out")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("2025")]);
    let pdf = lopdf::Document::load(work.join("r/2025/report.pdf")).expect("a PDF");
    let pages = pdf.get_pages().len();
    assert!(pages >= 12, "only {pages} pages");
    let toc = pdf.get_toc().expect("an outline");
    for n in [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7",
    ] {
        let entry = toc
            .toc
            .iter()
            .find(|e| e.title.starts_with(&format!("Target {n}:")));
        assert!(entry.is_some(), "no outline entry for target {n}");
    }
    for part in ["Summary", "Contents", "Data gaps", "Methodology"] {
        assert!(
            toc.toc.iter().any(|e| e.title.starts_with(part)),
            "no outline entry {part}"
        );
    }
    // Page numbers from the print stylesheet's margin box.
    let last = pdf
        .extract_text(&[u32::try_from(pages).expect("pages")])
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        last.contains(&format!("Page {pages} of {pages}")),
        "no page number on the last page: {last}"
    );
    // No browser: an error that says what to install, exit 2.
    let none = rbm_in(
        &work,
        &[
            "report",
            "--out",
            "r2",
            "--pdf",
            "--browser",
            "no-such-browser",
        ],
    );
    assert_eq!(code(&none), 2, "{}", stderr(&none));
    assert!(
        stderr(&none).contains("no-such-browser"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn a_group_report_starts_with_a_scorecard_of_every_target_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Any case, as everywhere else a group is named.
    let out = report(dir.path(), &["--group", "itu_afr"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let folder = dir.path().join("2025-ITU_AFR");
    assert!(stdout(&out).contains("2025-ITU_AFR"), "{}", stdout(&out));
    let list = files(&folder);
    for f in [
        "index.html",
        "report.md",
        "report.docx",
        "report.xlsx",
        "progress.json",
        "tables/progress.csv",
    ] {
        assert!(list.contains(&PathBuf::from(f)), "{f} missing");
    }
    let targets = [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7",
    ];
    // The scorecard comes first, before the contents and the summary, and
    // links every 2030 target.
    let html = std::fs::read_to_string(folder.join("index.html")).expect("html");
    let start = html.find("id=\"scorecard\"").expect("a scorecard");
    assert!(start < html.find("id=\"summary\"").expect("summary"));
    let card = &html[start..html[start..].find("</table>").expect("table end") + start];
    assert!(card.contains("Scorecard: Africa"));
    for n in targets {
        assert!(
            card.contains(&format!("href=\"#t{n}\"")),
            "{n} not on the scorecard"
        );
    }
    assert!(html.contains("<title>") && html.contains(": Africa</title>"));
    let md = std::fs::read_to_string(folder.join("report.md")).expect("md");
    assert!(md.contains("Scorecard: Africa"));
    let mut docx =
        zip::ZipArchive::new(std::fs::File::open(folder.join("report.docx")).expect("docx"))
            .expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut docx.by_name("word/document.xml").expect("part"),
        &mut xml,
    )
    .expect("read");
    assert!(xml.contains("Scorecard: Africa"));
    {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut book: Xlsx<_> = open_workbook(folder.join("report.xlsx")).expect("xlsx");
        assert_eq!(
            book.sheet_names().first().map(String::as_str),
            Some("Scorecard")
        );
        let card = book.worksheet_range("Scorecard").expect("scorecard");
        for n in targets {
            assert!(
                card.rows().any(|r| r
                    .first()
                    .is_some_and(|c| c.to_string().starts_with(&format!("{n} ")))),
                "{n} not on the workbook's scorecard"
            );
        }
    }
    // Its tables hold the group and the World only.
    let mut csv = ::csv::Reader::from_path(folder.join("tables/progress.csv")).expect("csv");
    let geos: std::collections::BTreeSet<String> = csv
        .records()
        .map(|r| r.expect("record")[2].to_string())
        .collect();
    assert_eq!(
        geos,
        ["ITU_AFR", "WLD"].iter().map(|s| s.to_string()).collect()
    );
    // One group, known.
    let unknown = report(dir.path(), &["--group", "Atlantis"]);
    assert_eq!(code(&unknown), 2);
    assert!(
        stderr(&unknown).contains("unknown group"),
        "{}",
        stderr(&unknown)
    );
    let several = report(dir.path(), &["--group", "regions"]);
    assert_eq!(code(&several), 2);
    assert!(
        stderr(&several).contains("name one"),
        "{}",
        stderr(&several)
    );
}

#[test]
fn csv_tables_start_with_a_byte_order_mark_only_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&report(dir.path(), &["--csv-bom"])), 0);
    let with = std::fs::read(dir.path().join("2025/tables/progress.csv")).expect("csv");
    assert!(with.starts_with("\u{feff}indicator_id,".as_bytes()));
    assert_eq!(code(&report(dir.path(), &[])), 0);
    let without = std::fs::read(dir.path().join("2025/tables/progress.csv")).expect("csv");
    assert_eq!(&with[3..], &without[..]);
}
#[test]
fn commentary_is_printed_under_its_target_escaped_and_check_stops_warning() {
    // The tiny fixture's 2030 target SP2030-1.3 is off track in 2023
    // (limited progress for the World): `rbm check` asks for its
    // commentary. Once an officer writes commentary/2023/SP2030-1.3.md,
    // the warning is gone and the report prints the narrative under the
    // target in HTML and Markdown, its markup escaped.
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&crate::common::fixture("tiny"), &work);
    let before = stdout(&rbm_in(&work, &["check"]));
    assert!(
        before.contains("`SP2030-1.3` is off track"),
        "no commentary warning:\n{before}"
    );
    let notes = work.join("commentary/2023");
    std::fs::create_dir_all(&notes).expect("mkdir");
    let narrative = "**What happened.** Rural roll-out <script>alert(1)</script> slowed.\n\n- Next: a *new* fund\n";
    std::fs::write(notes.join("SP2030-1.3.md"), narrative).expect("write");
    let after = stdout(&rbm_in(&work, &["check"]));
    assert!(
        !after.contains("`SP2030-1.3` is off track"),
        "still warns:\n{after}"
    );
    let out = rbm_in(&work, &["report", "--out", "r"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(work.join("r/2023/index.html")).expect("html");
    assert!(html.contains("Commentary on SP2030-1.3"), "no commentary");
    assert!(
        html.contains("<strong>What happened.</strong>"),
        "no strong"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "not escaped"
    );
    assert!(!html.contains("<script>alert(1)"), "markup let through");
    assert!(html.contains("<em>new</em>"), "no emphasis");
    let md = std::fs::read_to_string(work.join("r/2023/report.md")).expect("md");
    assert!(
        md.contains("Commentary on SP2030-1.3"),
        "no commentary in md"
    );
    assert!(md.contains("**What happened.**"), "{md}");
    // rbm reads the folder and never writes into it.
    let files: Vec<_> = std::fs::read_dir(&notes).expect("dir").collect();
    assert_eq!(files.len(), 1);
    assert_eq!(
        std::fs::read_to_string(notes.join("SP2030-1.3.md")).expect("read"),
        narrative
    );
}
