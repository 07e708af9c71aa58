//! The breakdowns the target indicators name (issue 13, item 6), each an
//! indicator of its own: urban/rural households and Internet use (targets
//! 1.3 and 2.1), the age gap in Internet use (2.2), skills by type (2.5).
//! Their values are checked against ITU's workbook, their statuses against
//! hand calculations, and every one is shown to get a status (or an honest
//! "insufficient data"), a chart and a table.

use crate::common::{CsvTable, code, rbm, stderr, stdout};

/// Every breakdown indicator, with the target it serves.
const BREAKDOWNS: [(&str, &str); 7] = [
    ("households_internet_urban", "SP2030-1.3"),
    ("households_internet_rural", "SP2030-1.3"),
    ("individuals_internet_urban", "SP2030-2.1"),
    ("individuals_internet_rural", "SP2030-2.1"),
    ("age_parity_internet", "SP2030-2.2"),
    ("ict_skills_standard", "SP2030-2.5"),
    ("ict_skills_advanced", "SP2030-2.5"),
];

fn csv(args: &[&str]) -> CsvTable {
    let out = rbm(args);
    assert_eq!(code(&out), 0, "rbm {args:?}: {}", stderr(&out));
    CsvTable::parse(&stdout(&out))
}

fn number(t: &CsvTable, row: &[String], column: &str) -> f64 {
    let s = t.get(row, column);
    s.parse()
        .unwrap_or_else(|_| panic!("`{column}` is not a number: {s:?}"))
}

/// The one trend row of an indicator × group.
fn trend_row<'t>(t: &'t CsvTable, indicator: &str, geo: &str) -> &'t Vec<String> {
    let rows = t.filter(&[
        ("indicator_id", indicator),
        ("geo", geo),
        ("method", "trend"),
    ]);
    assert_eq!(rows.len(), 1, "{indicator} {geo}: {rows:?}");
    rows[0]
}

#[test]
fn rural_internet_use_is_itus_published_estimate_as_published() {
    // ITU Key ICT indicators aggregates (November 2024), sheet "By
    // urban-rural area", block "Percentage of individuals using the
    // Internet, by urban/rural area", row World, panel Rural: 44.4, 45.4,
    // 46.2, 47.5 for 2021–2024 (read from the workbook with openpyxl).
    let t = csv(&[
        "series",
        "--format",
        "csv",
        "--indicator",
        "individuals_internet_rural",
        "--groups",
        "WLD",
    ]);
    let got: Vec<(String, f64, String)> = t
        .rows
        .iter()
        .map(|r| {
            (
                t.get(r, "year").to_string(),
                number(&t, r, "value"),
                t.get(r, "origin").to_string(),
            )
        })
        .collect();
    let want = [
        ("2021", 44.4),
        ("2022", 45.4),
        ("2023", 46.2),
        ("2024", 47.5),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((year, value, origin), (wy, wv)) in got.iter().zip(want) {
        assert_eq!((year.as_str(), origin.as_str()), (wy, "published"));
        assert!((value - wv).abs() < 1e-9, "{year}: {value} vs {wv}");
    }
}

#[test]
#[rustfmt::skip] // one block per hand-checked series
fn breakdown_statuses_match_hand_calculations() {
    let t = csv(&[
        "progress", "--format", "csv", "--groups", "WLD",
        "--indicator", "individuals_internet_rural",
        "--indicator", "urban_rural_parity_internet",
        "--indicator", "age_parity_internet",
    ]);
    let close = |row: &[String], column: &str, want: f64, tol: f64| {
        let got = number(&t, row, column);
        assert!((got - want).abs() <= tol, "{column}: {got} vs {want}");
    };

    // Rural Internet use, World (published 2021–2024: 44.4, 45.4, 46.2,
    // 47.5), logit-linear: z = ln(y/(100 − y)) = −0.22494, −0.18462,
    // −0.15230, −0.10008; OLS slope b = 0.04068089 a year; z₂₀₃₀ =
    // −0.10008 + 6b = 0.14401 → ŷ = 100/(1 + e^−z) = 53.5938; P =
    // (53.5938 − 47.5)/(99 − 47.5) = 0.1183 → limited progress. Reaching
    // 99 takes (4.59512 + 0.10008)/b = 115 years: not by 2050.
    // (numpy.polyfit on the workbook's values.)
    let r = trend_row(&t, "individuals_internet_rural", "WLD");
    assert_eq!(t.get(r, "status"), "limited_progress");
    close(r, "projected_value", 53.5938, 1e-3);
    close(r, "gap_closed", 0.1183, 1e-4);
    assert_eq!(t.get(r, "year_reached"), "");
    assert_eq!(t.get(r, "window_points"), "4");

    // The urban–rural gap, World: urban 76.7, 78.3, 80.0, 82.9 against
    // rural 44.4, 45.4, 46.2, 47.5 (a gap of 32.3, 32.9, 33.8, 35.4
    // points, widening). Parity rural/urban = 0.57888, 0.57982, 0.57750,
    // 0.57298; distance to the band's lower edge 0.98 − ratio = 0.40112,
    // 0.40018, 0.40250, 0.40702; linear slope +0.00200190 a year; distance
    // in 2030 = 0.40702 + 6 × 0.00200190 = 0.41903 (ratio 0.5610); P =
    // (0.40702 − 0.41903)/(0.40702 − 0) = −0.0295 → deterioration.
    let r = trend_row(&t, "urban_rural_parity_internet", "WLD");
    assert_eq!(t.get(r, "status"), "deterioration");
    close(r, "projected_value", 0.419, 5e-4);
    close(r, "gap_closed", -0.0295, 1e-4);

    // The age gap, World: rest of the population 59.4, 61.5, 63.2, 65.6
    // over youth 15–24 74.2, 75.6, 77.1, 78.5 (sheet "Internet use by
    // age") = 0.80054, 0.81349, 0.81971, 0.83567; distance to 0.98 =
    // 0.17946, 0.16651, 0.16029, 0.14433; linear slope −0.01116117 a year;
    // distance in 2030 = 0.14433 − 6 × 0.01116117 = 0.07736 (ratio
    // 0.9026); P = (0.14433 − 0.07736)/0.14433 = 0.4640 → limited
    // progress; the distance reaches zero after 0.14433/0.01116117 =
    // 12.93 years: 2037.
    let r = trend_row(&t, "age_parity_internet", "WLD");
    assert_eq!(t.get(r, "status"), "limited_progress");
    close(r, "projected_value", 0.0774, 5e-4);
    close(r, "gap_closed", 0.4640, 1e-4);
    assert_eq!(t.get(r, "year_reached"), "2037");
}

#[test]
fn a_breakdown_with_too_few_points_says_so() {
    let t = csv(&["progress", "--format", "csv", "--method", "all"]);
    let mut assessed = 0;
    for (indicator, target) in BREAKDOWNS {
        let rows = t.filter(&[("indicator_id", indicator), ("target_id", target)]);
        assert!(!rows.is_empty(), "no rows for {indicator} {target}");
        for r in rows {
            let status = t.get(r, "status");
            let points = t.get(r, "window_points");
            if t.get(r, "method") == "trend"
                && matches!(
                    status,
                    "on_track" | "acceleration_needed" | "limited_progress" | "deterioration"
                )
            {
                // The trend fits no line on fewer than three points.
                let n: usize = points.parse().expect("window_points");
                assert!(
                    n >= 3,
                    "{indicator} {}: {status} on {n} points",
                    t.get(r, "geo")
                );
                assessed += 1;
            }
        }
    }
    assert!(assessed > 20, "only {assessed} breakdown rows assessed");
    // Urban households in Europe: one year passes the coverage rule (2019).
    let r = trend_row(&t, "households_internet_urban", "ITU_EUR");
    assert_eq!(t.get(r, "status"), "insufficient_data");
    assert!(
        t.get(r, "notes")
            .contains("1 point in the window: the trend needs 3"),
        "{}",
        t.get(r, "notes")
    );
}

#[test]
fn every_breakdown_has_its_chart_and_table_in_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = rbm(&["report", "--out", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let year = std::fs::read_dir(dir.path())
        .expect("report folder")
        .next()
        .expect("a year folder")
        .expect("entry")
        .path();
    let markdown = std::fs::read_to_string(year.join("report.md")).expect("report.md");
    let table = CsvTable::parse(
        &std::fs::read_to_string(year.join("tables/progress.csv")).expect("progress.csv"),
    );
    for (indicator, target) in BREAKDOWNS {
        assert!(
            year.join(format!("charts/{indicator}--regions.svg"))
                .exists(),
            "no regions chart for {indicator}"
        );
        assert!(
            markdown.contains(&format!("({indicator})")),
            "no section for {indicator} in report.md"
        );
        let rows = table.filter(&[("indicator_id", indicator), ("target_id", target)]);
        assert!(
            !rows.is_empty(),
            "no {indicator} rows in tables/progress.csv"
        );
    }
    // The summary's "furthest off track" lines are read from the targets'
    // indicators, as their statuses are: no breakdown heads one.
    let names = [
        "rural areas",
        "urban areas",
        "standard ICT skills",
        "advanced ICT skills",
    ];
    for line in markdown
        .lines()
        .filter(|l| l.starts_with("- Furthest off track"))
    {
        assert!(!names.iter().any(|n| line.contains(n)), "{line}");
    }
    assert!(
        markdown.contains("- Furthest off track for target 2.1: Individuals using the Internet in")
    );
}

#[test]
fn a_targets_headline_status_is_its_indicators_not_its_breakdowns() {
    let t = csv(&["framework", "--format", "csv"]);
    let item = |id: &str| {
        let rows = t.filter(&[("id", id)]);
        assert_eq!(rows.len(), 1, "{id}: {rows:?}");
        rows[0].clone()
    };
    // Target 2.5 stands where basic skills do (CIS on track; Europe and
    // the developed economies above 50%), whatever standard and advanced
    // skills, held to the same majority, show in their own rows.
    let skills = item("SP2030-2.5");
    assert_eq!(t.get(&skills, "indicators"), "ict_skills");
    assert_eq!(t.get(&skills, "status"), "on_track");
    assert_eq!(t.get(&skills, "assessed_groups"), "3");
    let p = csv(&[
        "progress",
        "--format",
        "csv",
        "--indicator",
        "ict_skills_advanced",
        "--groups",
        "ITU_CIS",
    ]);
    assert_eq!(t.get(&skills, "headline_geo"), "ITU_CIS");
    assert_eq!(
        p.get(trend_row(&p, "ict_skills_advanced", "ITU_CIS"), "status"),
        "limited_progress"
    );
    // Target 2.2 names the age gap itself: age parity is one of its
    // indicators, not a breakdown, and counts.
    let gaps = item("SP2030-2.2");
    assert!(
        t.get(&gaps, "indicators")
            .split(' ')
            .any(|i| i == "age_parity_internet"),
        "{}",
        t.get(&gaps, "indicators")
    );
}
