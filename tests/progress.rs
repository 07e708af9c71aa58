//! `rbm progress`, `rbm gaps` and `rbm series` on the embedded datasets:
//! the contract's columns, numbers checked against hand calculations, and
//! rbm's computed aggregates checked against ITU's published ones.

use crate::common::{CsvTable, code, rbm, stderr, stdout};

/// One CSV row, read by column name.
struct Row<'t> {
    table: &'t CsvTable,
    cells: &'t [String],
}

impl Row<'_> {
    /// A cell as text.
    fn s(&self, column: &str) -> &str {
        self.table.get(self.cells, column)
    }

    /// A cell as a number.
    fn f(&self, column: &str) -> f64 {
        let s = self.s(column);
        s.parse()
            .unwrap_or_else(|_| panic!("`{column}` is not a number: {s:?}"))
    }
}

/// Every row, read by column name.
fn rows_of(t: &CsvTable) -> Vec<Row<'_>> {
    t.rows.iter().map(|cells| Row { table: t, cells }).collect()
}

/// The row of an indicator × target × geo has these values (each within
/// its tolerance) and, when given, this status.
fn expect(
    t: &CsvTable,
    [indicator, target, geo]: [&str; 3],
    status: Option<&str>,
    values: &[(&str, f64, f64)],
) {
    let r = row(t, indicator, target, geo);
    for &(column, want, tol) in values {
        let got = r.f(column);
        assert!(
            (got - want).abs() <= tol,
            "{indicator} {target} {geo} {column}: {got} vs {want}"
        );
    }
    if let Some(s) = status {
        assert_eq!(r.s("status"), s, "{indicator} {target} {geo}");
    }
}

fn row<'t>(t: &'t CsvTable, indicator: &str, target: &str, geo: &str) -> Row<'t> {
    let found = t.filter(&[
        ("indicator_id", indicator),
        ("target_id", target),
        ("geo", geo),
    ]);
    let cells = found
        .first()
        .unwrap_or_else(|| panic!("no row {indicator} {target} {geo}"));
    Row { table: t, cells }
}

#[test]
fn progress_csv_leads_with_the_contract_columns() {
    let out = rbm(&["progress", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().unwrap_or("");
    assert!(
        header.starts_with(
            "indicator_id,target_id,geo,geo_name,group_kind,method,base_year,base_value,latest_year,latest_value,target_year,target_value,direction,observed_cagr,required_cagr,ratio,projected_value,gap,status"
        ),
        "{header}"
    );
    let table = CsvTable::parse(&text);
    let rows = rows_of(&table);
    // One row per indicator × target × group: households online has its
    // 2030 target for the 12 groups and three 2023 targets for one each.
    let hh = rows
        .iter()
        .filter(|r| r.s("indicator_id") == "households_internet")
        .count();
    assert_eq!(hh, 12 + 3);
    let statuses = [
        "target_achieved",
        "on_track",
        "acceleration_needed",
        "limited_progress",
        "deterioration",
        "insufficient_data",
    ];
    assert!(rows.iter().all(|r| statuses.contains(&r.s("status"))));
    // Never a NaN or an infinity in the output.
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
}

#[test]
#[rustfmt::skip] // one line per group's hand-checked values
fn numbers_match_hand_calculations() {
    let out = rbm(&[
        "progress",
        "--format",
        "csv",
        "--indicator",
        "households_internet",
        "--indicator",
        "individuals_internet",
        "--method",
        "cagr_ratio",
    ]);
    let rows = CsvTable::parse(&stdout(&out));

    // Internet use, LDCs, published by ITU: 10.7 (2015) and 35.0 (2024).
    // CAGRᵢ = (35.0/10.7)^(1/9) − 1 = 0.14074; CAGR_T = (100/10.7)^(1/15) − 1
    // = 0.16067; R = 0.8760 → acceleration needed; projected 35.0 × 1.14074^6
    // = 77.124; gap 65.0.
    expect(&rows, ["individuals_internet", "SP2030-2.1", "LDC"], Some("acceleration_needed"), &[
        ("base_value", 10.7, 1e-9), ("latest_value", 35.0, 1e-9),
        ("observed_cagr", 0.14074, 1e-5), ("required_cagr", 0.16067, 1e-5),
        ("ratio", 0.8760, 1e-4), ("projected_value", 77.124, 1e-3)
    ]);

    // Internet use, World: 39.8 → 67.6; CAGRᵢ = 0.06063, CAGR_T = 0.06335,
    // R = 0.9571: on track by Open SDG's threshold (R ≥ 0.95), but its own
    // projection 67.6 × 1.06063^6 = 96.23 < 99 in 2030 (99 is first passed
    // in 2031: 102.07), so rbm's one-story rule says acceleration needed
    // and keeps Open SDG's status in `method_status`.
    expect(&rows, ["individuals_internet", "SP2030-2.1", "WLD"], Some("acceleration_needed"), &[
        ("ratio", 0.9571, 1e-4), ("projected_value", 96.233, 1e-3), ("year_reached", 2031.0, 0.0)
    ]);
    assert_eq!(row(&rows, "individuals_internet", "SP2030-2.1", "WLD").s("method_status"), "on_track");

    // Internet use, Africa, published: 15.9 (2015) → 37.5 (2024).
    // CAGRᵢ = exp(ln(37.5/15.9)/9) − 1 = exp(0.85802/9) − 1 = 0.10003;
    // CAGR_T = exp(ln(100/15.9)/15) − 1 = exp(1.83886/15) − 1 = 0.13042;
    // R = 0.7670 → acceleration needed; projected 37.5 × exp(6 × 0.095336)
    // = 66.444; gap 62.5.
    expect(&rows, ["individuals_internet", "SP2030-2.1", "ITU_AFR"], Some("acceleration_needed"), &[
        ("observed_cagr", 0.10003, 1e-5), ("required_cagr", 0.13042, 1e-5),
        ("ratio", 0.7670, 1e-4), ("projected_value", 66.444, 1e-3), ("gap", 62.5, 1e-9)
    ]);

    // Households online, CIS, computed by rbm. Worked from the datasets:
    // households = population ÷ household size, 2023:
    //   ARM 837,373 × 91.7435   AZE 2,231,639 × 88.5686   BLR 4,079,244 × 92.5273
    //   KAZ 5,909,914 × 96.809  KGZ 1,753,025 × 80.6371   RUS 55,746,562 × 87.9216
    //   TJK 1,734,524 × 44.3369 TKM 1,410,812 × 50.7675 (2021 value held)
    //   UZB 6,829,944 × 96.15
    // Σ w·v / Σ w = 87.8144 (2023); the same for 2015 gives 69.1626, and
    // 2024 (17% of the weight held from 2023) 90.3293.
    // CAGRᵢ = (90.3293/69.1626)^(1/9) − 1 = 0.03011; CAGR_T = 0.02489;
    // R = 1.2100 → on track; gap 9.671.
    expect(&rows, ["households_internet", "SP2030-1.3", "ITU_CIS"], Some("on_track"), &[
        ("base_value", 69.163, 1e-3), ("latest_value", 90.329, 1e-3), ("ratio", 1.2100, 1e-4),
        ("gap", 9.671, 1e-3)
    ]);

    // Households online, LDCs, computed the same way (members with a single
    // observation left out): 8.4984 (2015, 17% of the households imputed)
    // → 37.0881 (2023, 25% imputed); CAGRᵢ = (37.0881/8.4984)^(1/8) − 1 =
    // 0.20223, CAGR_T = 0.17863, R = 1.1321.
    expect(&rows, ["households_internet", "SP2030-1.3", "LDC"], None, &[
        ("observed_cagr", 0.20223, 1e-5), ("ratio", 1.1321, 1e-4)
    ]);

    // Households online, LLDCs, computed: 20.896 (2015) → 45.903 (2023).
    // CAGRᵢ = exp(ln(2.19674)/8) − 1 = exp(0.098373) − 1 = 0.10337;
    // CAGR_T = exp(ln(4.78561)/15) − 1 = 0.11002; R = 0.9396, below 0.95 →
    // acceleration needed; projected 45.903 × exp(7 × 0.098373) = 91.39.
    expect(&rows, ["households_internet", "SP2030-1.3", "LLDC"], Some("acceleration_needed"), &[
        ("observed_cagr", 0.10337, 1e-5), ("required_cagr", 0.11002, 1e-5),
        ("ratio", 0.9396, 1e-4), ("projected_value", 91.39, 0.01)
    ]);
}

#[test]
#[rustfmt::skip] // one line per group's hand-checked values
fn trend_numbers_match_hand_calculations() {
    // The default method: logit-linear on a share, the OLS slope of
    // z = ln(y/(100 − y)) on the year over every point since the base year
    // 2015, the line through the latest value; ŷ(t) = 100/(1 + e^−z(t)),
    // z(t) = zᵢ + b(t − tᵢ); P = (ŷ₂₀₃₀ − yᵢ)/(99 − yᵢ); year reached =
    // ⌈tᵢ + (logit 0.99 − zᵢ)/b⌉, logit 0.99 = 4.59511985. Checked with
    // numpy.polyfit on the values of `rbm series --format csv`.
    let out = rbm(&[
        "progress", "--format", "csv",
        "--indicator", "households_internet", "--indicator", "individuals_internet",
    ]);
    let rows = CsvTable::parse(&stdout(&out));

    // Households online, Africa (computed): 2015–2023 = 14.4981, 16.3898,
    // 15.6959, 18.5204, 20.5948, 32.5508, 36.5995, 38.8012, 41.1857 (9
    // points); b = 0.20350821 logits a year, zᵢ = −0.35629391; z₂₀₃₀ =
    // −0.35629391 + 7b = 1.06826356 → ŷ = 74.4267; P = (74.4267 − 41.1857)
    // / (99 − 41.1857) = 0.5750 → acceleration needed (×1.739); t* =
    // 2023 + 4.95141376/0.20350821 = 2047.33 → 2048.
    expect(&rows, ["households_internet", "SP2030-1.3", "ITU_AFR"], Some("acceleration_needed"), &[
        ("projected_value", 74.4267, 1e-3), ("gap_closed", 0.5750, 1e-4),
        ("acceleration", 1.739, 1e-3), ("year_reached", 2048.0, 0.0)
    ]);
    assert_eq!(row(&rows, "households_internet", "SP2030-1.3", "ITU_AFR").s("model"), "logit_linear");

    // Households online, LDCs (computed; no 2017): 8.4984, 10.7523,
    // 18.1546, 20.7529, 29.0570, 32.7227, 35.1239, 37.0881 (8 points);
    // b = 0.24496450, zᵢ = −0.52843917; z₂₀₃₀ = 1.18631233 → ŷ = 76.6081
    // (not 100% by 2029, as compound growth drew it); P = 39.5200/61.9119
    // = 0.6383 → acceleration needed (×1.567); t* = 2043.92 → 2044.
    expect(&rows, ["households_internet", "SP2030-1.3", "LDC"], Some("acceleration_needed"), &[
        ("projected_value", 76.6081, 1e-3), ("gap_closed", 0.6383, 1e-4),
        ("acceleration", 1.567, 1e-3), ("year_reached", 2044.0, 0.0)
    ]);

    // Internet use, World (published): 39.8, 42.8, 45.2, 48.5, 52.9, 58.6,
    // 61.7, 63.7, 65.4, 67.6 (2015–2024); b = 0.13604100, zᵢ = 0.73544956;
    // z₂₀₃₀ = 0.73544956 + 6b = 1.55169556 → ŷ = 82.5158; P = 14.9158/31.4
    // = 0.4750 → limited progress (×2.105); t* = 2052.37: not by 2050.
    expect(&rows, ["individuals_internet", "SP2030-2.1", "WLD"], Some("limited_progress"), &[
        ("projected_value", 82.5158, 1e-3), ("gap_closed", 0.4750, 1e-4),
        ("acceleration", 2.105, 1e-3)
    ]);
    assert_eq!(row(&rows, "individuals_internet", "SP2030-2.1", "WLD").s("year_reached"), "");

    // Internet use, LDCs (published): 10.7 … 35.0 (2015–2024, 10 points);
    // b = 0.16467057, zᵢ = −0.61903921 → ŷ₂₀₃₀ = 59.1214, P = 0.3769 →
    // limited progress; t* = 2055.66: not by 2050.
    expect(&rows, ["individuals_internet", "SP2030-2.1", "LDC"], Some("limited_progress"), &[
        ("projected_value", 59.1214, 1e-3), ("gap_closed", 0.3769, 1e-4)
    ]);
}

#[test]
fn households_aggregate_is_weighted_by_households() {
    let out = rbm(&[
        "series",
        "--format",
        "csv",
        "--indicator",
        "households_internet",
        "--groups",
        "ITU_CIS",
    ]);
    let table = CsvTable::parse(&stdout(&out));
    let rows = rows_of(&table);
    let y2023 = rows.iter().find(|r| r.s("year") == "2023").expect("2023");
    // See numbers_match_hand_calculations for the weights.
    assert!(
        (y2023.f("value") - 87.8144).abs() < 1e-3,
        "{:?}",
        y2023.cells
    );
    assert_eq!(y2023.s("origin"), "computed");
    assert_eq!(y2023.s("coverage"), "1.000");
}

#[test]
fn computed_internet_use_stays_close_to_itu_published_aggregates() {
    // ITU's Key ICT indicators (Nov 2024) publish Internet use for World,
    // the six regions, LDCs, LLDCs and SIDS, 2005–2024. rbm computes the
    // same groups from economies' values; they must stay close.
    let out = rbm(&[
        "series",
        "--compare",
        "--format",
        "csv",
        "--indicator",
        "individuals_internet",
        "--groups",
        "world,regions,LDC,LLDC,SIDS",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = CsvTable::parse(&stdout(&out));
    let diffs: Vec<f64> = rows_of(&table)
        .iter()
        .filter(|r| (2005..=2024).contains(&r.s("year").parse::<i32>().unwrap_or(0)))
        .map(|r| r.f("difference").abs())
        .collect();
    assert!(
        diffs.len() >= 150,
        "only {} group-years compared",
        diffs.len()
    );
    let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
    let max = diffs.iter().cloned().fold(0.0, f64::max);
    let within = diffs.iter().filter(|d| **d <= 2.0).count() as f64 / diffs.len() as f64;
    // Measured when written: 191 group-years, mean 0.47, largest 3.92,
    // 95% within 2 points (see docs/methodology.md).
    assert!(mean < 0.8, "mean absolute difference {mean:.2}");
    assert!(max < 5.0, "largest difference {max:.2}");
    assert!(within >= 0.9, "only {:.0}% within 2 points", 100.0 * within);
}

#[test]
fn past_targets_say_whether_they_were_met() {
    let out = rbm(&[
        "progress",
        "--format",
        "csv",
        "--indicator",
        "mobile_broadband_coverage",
    ]);
    let rows = CsvTable::parse(&stdout(&out));
    // 96% of the world covered by 2023: ITU publishes 95.4 for 2023.
    let r = row(&rows, "mobile_broadband_coverage", "C2023-2.7", "WLD");
    assert_eq!(r.s("latest_year"), "2023");
    assert!((r.f("latest_value") - 95.4).abs() < 1e-9);
    assert_eq!(r.s("met"), "false"); // met
    assert!((r.f("gap") - 0.6).abs() < 1e-9); // short by 0.6 points
}

#[test]
fn method_all_flags_disagreement() {
    let out = rbm(&[
        "progress",
        "--format",
        "csv",
        "--method",
        "all",
        "--indicator",
        "fixed_broadband_affordability",
    ]);
    let table = CsvTable::parse(&stdout(&out));
    let rows = rows_of(&table);
    let world: Vec<&Row> = rows
        .iter()
        // Target 1.2 scores the developing groups (the World is context).
        .filter(|r| r.s("target_id") == "SP2030-1.2" && r.s("geo") == "DEVELOPING")
        .collect();
    assert_eq!(world.len(), 4);
    let statuses: std::collections::BTreeSet<&str> = world.iter().map(|r| r.s("status")).collect();
    let agree = world[0].s("methods_agree");
    assert_eq!(agree, if statuses.len() == 1 { "true" } else { "false" });
}

#[test]
fn an_as_of_outside_the_data_years_is_a_usage_error_not_a_status() {
    // Issue 12: `--as-of 99999` printed "missed by 22.4". The embedded
    // observations run from 2000 to 2025 (the first and last year of
    // datasets/observations.csv).
    for year in ["1990", "2026", "99999"] {
        let out = rbm(&[
            "progress",
            "--as-of",
            year,
            "--indicator",
            "households_internet",
        ]);
        assert_eq!(code(&out), 2, "{}", stdout(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "error: --as-of {year} is outside the years of the data, 2000–2025: give a year between them\n"
            )
        );
        assert!(stdout(&out).is_empty());
    }
    let out = rbm(&["progress", "--as-of", "2000", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn gaps_answers_which_regions_are_furthest_from_universal_household_access() {
    let out = rbm(&[
        "gaps",
        "--indicator",
        "households_internet",
        "--groups",
        "regions",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    // Six regions, sorted: the one needing the largest acceleration among
    // those with the same status comes first.
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with('─'))
        .skip(1)
        .take(6)
        .collect();
    assert_eq!(body.len(), 6, "{text}");
    assert!(body[0].starts_with("Africa"), "{text}");
}

#[test]
fn gaps_with_method_all_assesses_by_all_three_methods() {
    // Issue 11: `rbm gaps --method all` computed cagr_ratio only while its
    // header named all three.
    let out = rbm(&[
        "gaps",
        "--method",
        "all",
        "--format",
        "csv",
        "--indicator",
        "households_internet",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let t = crate::common::CsvTable::parse(&stdout(&out));
    let world = t.filter(&[("target_id", "SP2030-1.3"), ("geo", "WLD")]);
    let methods: Vec<&str> = world.iter().map(|r| t.get(r, "method")).collect();
    assert_eq!(methods, ["trend", "cagr_ratio", "projection", "regression"]);
    // Every group has all four, side by side in the table too.
    assert_eq!(t.rows.len(), 4 * 12, "{:?}", t.column("geo"));
    let table = stdout(&rbm(&[
        "gaps",
        "--method",
        "all",
        "--indicator",
        "households_internet",
    ]));
    let head = table
        .lines()
        .find(|l| l.starts_with("group"))
        .unwrap_or_default();
    assert!(
        head.contains("cagr_ratio") && head.contains("projection") && head.contains("regression"),
        "{table}"
    );
}

#[test]
fn unknown_indicator_and_group_are_usage_errors() {
    let out = rbm(&["progress", "--indicator", "no_such_thing"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: unknown indicator `no_such_thing`; known: "),
        "{}",
        stderr(&out)
    );
    let out = rbm(&["progress", "--groups", "Atlantis"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown group `Atlantis`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_row_tells_one_story() {
    // Issue 13: over every row of `--method all` on the embedded data, a
    // status, its projected value (through P, the share of the remaining
    // gap the projection closes), its year reached and its pace ratio come
    // from one projection. Exhaustive over the rows, not examples.
    let out = rbm(&["progress", "--format", "csv", "--method", "all"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = CsvTable::parse(&stdout(&out));
    let rows = rows_of(&table);
    let mut checked = 0;
    for r in &rows {
        let status = r.s("status");
        let what = format!(
            "{} {} {} {}",
            r.s("indicator_id"),
            r.s("target_id"),
            r.s("geo"),
            r.s("method")
        );
        if matches!(status, "target_achieved" | "insufficient_data") {
            continue;
        }
        let target_year: i32 = r.s("target_year").parse().expect("target year");
        let latest_year: i32 = r.s("latest_year").parse().expect("latest year");
        if target_year <= latest_year {
            // A target whose year has come is met or missed, never on track.
            assert_ne!(status, "on_track", "{what}");
            assert!(!r.s("met").is_empty(), "{what}");
            continue;
        }
        let reached = r.s("year_reached").parse::<i32>().ok();
        let in_time = reached.is_some_and(|y| y <= target_year);
        assert_eq!(status == "on_track", in_time, "{what}: reached {reached:?}");
        let p = r.f("gap_closed");
        assert_eq!(status == "on_track", p >= 1.0, "{what}: P = {p}");
        if p > 0.0 {
            // × faster = 1/P (the pace is printed to 3 decimals, P to 4:
            // half a unit of each, the second scaled by d(1/P)/dP = 1/P²).
            let pace = r.f("acceleration");
            let tolerance = 5e-4 + 5e-5 / (p * p) + 1e-9;
            assert!(
                (pace - 1.0 / p).abs() <= tolerance,
                "{what}: {pace} vs 1/{p}"
            );
        }
        if r.s("method") == "trend" {
            let band = match p {
                p if p >= 1.0 => "on_track",
                p if p >= 0.5 => "acceleration_needed",
                p if p >= 0.0 => "limited_progress",
                _ => "deterioration",
            };
            assert_eq!(status, band, "{what}: P = {p}");
        }
        checked += 1;
    }
    // 708 rows when written, 340 of them with a target year ahead and a
    // status to check.
    assert!(checked >= 300, "only {checked} rows checked");
}

#[test]
fn broadband_subscriptions_2023_target_is_judged_on_fixed_plus_mobile() {
    // C2023-1.5, "+50% broadband subscriptions by 2023", on ITU's published
    // World totals (Key ICT indicators aggregates, Nov 2024), fixed and
    // active mobile broadband added together, from 2017:
    //   2017: 1027.0 + 4744.9 = 5771.9 million
    //   2023: 1506.5 + 7270.0 = 8776.5 million
    //   target 1.5 × 5771.9 = 8657.85; 8776.5 / 5771.9 = 1.52056, +52.1%
    //   ≥ +50% → met (fixed alone: 1506.5 / 1027.0 = +46.7%, not met;
    //   mobile alone: 7270.0 / 4744.9 = +53.2%).
    let out = rbm(&[
        "progress",
        "--indicator",
        "broadband_subscriptions",
        "--groups",
        "world",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let row = &json["rows"][0];
    assert_eq!(row["target_id"], "C2023-1.5");
    assert_eq!(row["base_year"], 2017);
    assert_eq!(row["latest_year"], 2023);
    let close = |key: &str, want: f64| {
        let got = row[key].as_f64().expect(key);
        assert!((got - want).abs() < 1e-6, "{key}: {got} against {want}");
    };
    close("base_value", 5771.9);
    close("latest_value", 8776.5);
    close("target_value", 8657.85);
    assert_eq!(row["met"], true);
    assert_eq!(row["status"], "target_achieved");
}

/// Every status `rbm gaps` gives, as CSV and JSON, carries its confidence
/// grade (with its reasons when not high) and its short-term status, the
/// same as `rbm progress` gives for the same row.
#[test]
fn every_gaps_row_carries_its_grade_and_short_term_status() {
    let progress = CsvTable::parse(&stdout(&rbm(&["progress", "--format", "csv"])));
    let gaps = CsvTable::parse(&stdout(&rbm(&["gaps", "--format", "csv"])));
    assert!(gaps.rows.len() > 50, "{} gaps rows", gaps.rows.len());
    let key = |t: &CsvTable, r: &[String]| {
        ["indicator_id", "target_id", "geo", "method"].map(|c| t.get(r, c).to_string())
    };
    for r in &gaps.rows {
        let k = key(&gaps, r);
        let grade = gaps.get(r, "confidence");
        assert!(["high", "medium", "low"].contains(&grade), "{k:?}: {grade}");
        assert_eq!(
            grade == "high",
            gaps.get(r, "confidence_reasons").is_empty(),
            "{k:?}: a grade below high says why"
        );
        let short = gaps.get(r, "short_term_status");
        assert!(!short.is_empty(), "{k:?}: no short-term status");
        let same = progress
            .rows
            .iter()
            .find(|p| key(&progress, p) == k)
            .unwrap_or_else(|| panic!("{k:?} not in rbm progress"));
        for c in [
            "status",
            "short_term_status",
            "confidence",
            "confidence_reasons",
        ] {
            assert_eq!(gaps.get(r, c), progress.get(same, c), "{k:?} {c}");
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&rbm(&["gaps", "--format", "json"]))).expect("json");
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), gaps.rows.len());
    for r in rows {
        assert!(r["confidence"].is_string(), "{r}");
        assert!(r["confidence_reasons"].is_array(), "{r}");
        assert!(r["short_term_status"].is_string(), "{r}");
    }
}
