//! Output KPIs with yearly targets, scored IPTT-style ("% of the year's
//! target met", per year or cumulative, direction-aware, 15% margin), on
//! the worked example in `tests/fixtures/kpi/`: the officer's `kpis.csv`
//! is appended to the tiny fixture's datasets with `rbm ingest --append`,
//! then `rbm progress --format json` gives every year's score. Each status
//! below is worked out by hand from `kpis.csv` and the definitions.

use serde_json::Value;

use crate::common::{code, copy_dir, fixture, rbm_in, stderr, stdout};

/// (indicator, group) → the years' (year, target, actual, % met, verdict),
/// and the row's status.
type Scores = Vec<(i64, f64, Option<f64>, Option<f64>, String)>;

fn kpi_rows() -> Vec<Value> {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture("tiny/datasets"), &dir.path().join("datasets"));
    copy_dir(&fixture("kpi"), dir.path());
    let ingest = rbm_in(dir.path(), &["ingest", "--append", "kpis.csv"]);
    assert_eq!(code(&ingest), 0, "{}", stderr(&ingest));
    let out = rbm_in(dir.path(), &["progress", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("json");
    json["rows"].as_array().expect("rows").clone()
}

fn row<'a>(rows: &'a [Value], indicator: &str, geo: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["indicator_id"] == indicator && r["geo"] == geo)
        .unwrap_or_else(|| panic!("no row for {indicator} {geo}"))
}

fn scores(r: &Value) -> Scores {
    r["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().expect("year"),
                y["target"].as_f64().expect("target"),
                y["actual"].as_f64(),
                y["percent_met"]
                    .as_f64()
                    .map(|p| (p * 100.0).round() / 100.0),
                y["verdict"].as_str().expect("verdict").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_kpi_year_is_scored_as_worked_out_by_hand() {
    let rows = kpi_rows();
    let s = |v: &str| v.to_string();

    // Per year, increase, regional offices (D.2-4), targets 10, 12, 12
    // (Asia-Pacific: 8 in 2025), as of 2025 (the latest data year):
    // Africa 2024: 10 of 10 = 100% → met; 2025: 11 of 12 = 91.67%, 1 short
    // ≤ 0.15 × 12 = 1.8 → within 15%; 2026 → not due. Judged on 2025:
    // on track.
    let afr = row(&rows, "statistics_trainings", "ITU_AFR");
    assert_eq!(
        scores(afr),
        [
            (2024, 10.0, Some(10.0), Some(100.0), s("met")),
            (2025, 12.0, Some(11.0), Some(91.67), s("within_margin")),
            (2026, 12.0, None, None, s("not_due")),
        ]
    );
    assert_eq!(afr["status"], "on_track");
    // Asia-Pacific 2024: 7 of 10 = 70%, 3 short > 1.5 → not met; 2025: 8
    // of its own target 8 → met (the office's target wins over the
    // general one). Judged on 2025: achieved.
    let asp = row(&rows, "statistics_trainings", "ITU_ASP");
    assert_eq!(
        scores(asp),
        [
            (2024, 10.0, Some(7.0), Some(70.0), s("not_met")),
            (2025, 8.0, Some(8.0), Some(100.0), s("met")),
            (2026, 12.0, None, None, s("not_due")),
        ]
    );
    assert_eq!(asp["status"], "target_achieved");
    // Europe reported nothing for 2024 (a missing year: no data, not a
    // zero); 2025: 12 of 12 → met.
    let eur = row(&rows, "statistics_trainings", "ITU_EUR");
    assert_eq!(
        scores(eur),
        [
            (2024, 10.0, None, None, s("no_data")),
            (2025, 12.0, Some(12.0), Some(100.0), s("met")),
            (2026, 12.0, None, None, s("not_due")),
        ]
    );

    // Cumulative (D.2-5), running-total targets 100, 250, 400: 2024: 120
    // of 100 = 120% → met (and more than 15% beyond: a note); 2025: 120 +
    // 100 = 220 of 250 = 88%, 30 short ≤ 0.15 × 250 = 37.5 → within 15%.
    let officials = row(&rows, "officials_trained", "WLD");
    assert_eq!(
        scores(officials),
        [
            (2024, 100.0, Some(120.0), Some(120.0), s("met")),
            (2025, 250.0, Some(220.0), Some(88.0), s("within_margin")),
            (2026, 400.0, None, None, s("not_due")),
        ]
    );
    assert_eq!(officials["status"], "on_track");
    assert!(
        officials["years"][0]["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("more than 15% beyond")),
        "{officials}"
    );

    // Zero target, decrease (D.4-4, open audit findings): 2024: 0 → met
    // (% met undefined); 2025: 2 > 0, and a zero target has no margin →
    // not met. Judged on 2025: off track.
    let audit = row(&rows, "open_audit_findings", "WLD");
    assert_eq!(
        scores(audit),
        [
            (2024, 0.0, Some(0.0), None, s("met")),
            (2025, 0.0, Some(2.0), None, s("not_met")),
        ]
    );
    assert_eq!(audit["status"], "acceleration_needed");
    assert_eq!(audit["met"], false);

    // Baseline = target (D.1-7: 5 agreements in 2023, keep 5): 2024: 5 of
    // 5 → met; 2025: 4 of 5 = 80%, 1 short > 0.15 × 5 = 0.75 → not met.
    let partners = row(&rows, "partnership_agreements", "WLD");
    assert_eq!(
        scores(partners),
        [
            (2024, 5.0, Some(5.0), Some(100.0), s("met")),
            (2025, 5.0, Some(4.0), Some(80.0), s("not_met")),
        ]
    );
    assert_eq!(partners["status"], "acceleration_needed");
}
