//! `rbm economies`: contributions to a group's gap against a hand
//! calculation on the tiny fixture, their sum, members judged by the same
//! progress function as groups, thresholds, targets of the other
//! directions on the embedded data, and the selection flags.

use crate::common::{CsvTable, code, fixture, rbm, rbm_in, stderr, stdout};

fn tiny(args: &[&str]) -> std::process::Output {
    rbm_in(&fixture("tiny"), args)
}

fn csv_of(out: &std::process::Output) -> CsvTable {
    assert_eq!(code(out), 0, "{}", stderr(out));
    CsvTable::parse(&stdout(out))
}

fn num(t: &CsvTable, row: &[String], column: &str) -> f64 {
    t.get(row, column)
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {:?}", t.get(row, column)))
}

#[test]
fn contributions_match_a_hand_calculation_and_sum_to_100() {
    let t = csv_of(&tiny(&[
        "economies",
        "--indicator",
        "households_internet",
        "--groups",
        "developing",
        "--target",
        "SP2030-1.3",
        "--format",
        "csv",
    ]));
    // Developing economies of the fixture, 2023, target 100% by 2030.
    // Households = population ÷ household size (weights.csv):
    //   Ethiopia 120 000 000 / 4.6 = 26 086 956.5, 100 − 25 = 75 short
    //     → 1 956 521 739
    //   Brazil   210 000 000 / 3.0 = 70 000 000,   100 − 83 = 17 short
    //     → 1 190 000 000
    //   Kenya     54 000 000 / 3.7 = 14 594 594.6, 100 − 44 = 56 short
    //     → 817 297 297
    // Total 3 963 819 036: Ethiopia 49.36%, Brazil 30.02%, Kenya 20.62%.
    let want = [("ETH", 49.3595), ("BRA", 30.0216), ("KEN", 20.6189)];
    assert_eq!(t.rows.len(), 3);
    let mut sum = 0.0;
    for (row, (economy, share)) in t.rows.iter().zip(want) {
        // Sorted by contribution, largest first.
        assert_eq!(t.get(row, "economy"), economy);
        let got = num(&t, row, "contribution");
        assert!((got - share).abs() < 0.006, "{economy}: {got} vs {share}");
        sum += got;
    }
    assert!((sum - 100.0).abs() < 0.02, "sum {sum}");
    // Ethiopia's 2023 value is an ITU estimate in the fixture.
    assert_eq!(t.get(&t.rows[0], "origin"), "estimate");
    assert_eq!(t.get(&t.rows[1], "origin"), "observed");
}

#[test]
fn the_csv_leads_with_the_contract_columns() {
    let t = csv_of(&tiny(&["economies", "--format", "csv"]));
    assert_eq!(
        &t.header[..11],
        [
            "indicator_id",
            "target_id",
            "group",
            "economy",
            "economy_name",
            "latest_year",
            "latest_value",
            "origin",
            "status",
            "year_reached",
            "contribution",
        ]
    );
}

#[test]
fn a_member_is_judged_as_a_group_of_that_member_alone_is() {
    // The fixture's LDC group is Ethiopia alone: the group's computed
    // series is Ethiopia's own, so the same progress function must give
    // both the same status and latest value.
    for target in ["SP2030-1.3", "C2023-2.2"] {
        let members = csv_of(&tiny(&[
            "economies",
            "--indicator",
            "households_internet",
            "--groups",
            "LDC",
            "--target",
            target,
            "--format",
            "csv",
        ]));
        // Both commands default to the `trend` model: the member and its
        // one-member group must be judged alike without being told.
        let groups = csv_of(&tiny(&[
            "progress",
            "--indicator",
            "households_internet",
            "--groups",
            "LDC",
            "--target",
            target,
            "--format",
            "csv",
        ]));
        assert_eq!(members.rows.len(), 1, "{target}");
        assert_eq!(groups.rows.len(), 1, "{target}");
        let (m, g) = (&members.rows[0], &groups.rows[0]);
        assert_eq!(members.get(m, "economy"), "ETH");
        assert_eq!(
            members.get(m, "status"),
            groups.get(g, "status"),
            "{target}"
        );
        assert_eq!(
            members.get(m, "latest_year"),
            groups.get(g, "latest_year"),
            "{target}"
        );
        assert!(
            (num(&members, m, "latest_value") - num(&groups, g, "latest_value")).abs() < 1e-9,
            "{target}"
        );
        // Alone in its group, it is the whole gap.
        assert_eq!(members.get(m, "contribution"), "100.00");
    }
}

#[test]
fn the_threshold_question_is_answered_in_one_line() {
    let out = tiny(&[
        "economies",
        "--indicator",
        "households_internet",
        "--groups",
        "africa",
        "--threshold",
        "40",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Africa in the fixture: Ethiopia 25 (no), Kenya 44 (yes).
    let text = crate::common::unwrapped(&stdout(&out)).join("\n");
    assert!(
        text.contains(
            "Africa (ITU_AFR): 1 of the 2 member economies with data (50%) has at least 40%"
        ),
        "{text}"
    );
}

#[test]
fn members_beyond_a_decreasing_target_contribute_nothing() {
    // Mobile broadband price, at most 2% of GNI per capita: a member at or
    // below 2% is beyond the target; the others share 100%.
    let t = csv_of(&rbm(&[
        "economies",
        "--indicator",
        "mobile_broadband_affordability",
        "--target",
        "SP2030-1.2",
        "--groups",
        "LDC",
        "--format",
        "csv",
    ]));
    let mut sum = 0.0;
    let (mut beyond, mut short) = (0, 0);
    for r in &t.rows {
        let Ok(latest) = t.get(r, "latest_value").parse::<f64>() else {
            assert_eq!(t.get(r, "contribution"), "", "no data, no share");
            continue;
        };
        let c = num(&t, r, "contribution");
        if latest <= 2.0 {
            beyond += 1;
            assert_eq!(c, 0.0, "{:?}", r);
        } else {
            short += 1;
            assert!(c > 0.0, "{:?}", r);
            // Median groups weigh every economy once: distance = latest − 2.
            assert!((num(&t, r, "distance") - (latest - 2.0)).abs() < 1e-3);
        }
        sum += c;
    }
    assert!(beyond > 0 && short > 0, "{beyond} {short}");
    assert!((sum - 100.0).abs() < 0.05, "sum {sum}");
}

#[test]
fn members_inside_a_parity_band_contribute_nothing() {
    let t = csv_of(&rbm(&[
        "economies",
        "--indicator",
        "gender_parity_internet",
        "--target",
        "SP2030-2.2",
        "--groups",
        "africa",
        "--format",
        "csv",
    ]));
    let mut sum = 0.0;
    for r in &t.rows {
        let Ok(ratio) = t.get(r, "latest_value").parse::<f64>() else {
            continue;
        };
        let distance = num(&t, r, "distance");
        let want = if ratio < 0.98 {
            0.98 - ratio
        } else if ratio > 1.02 {
            ratio - 1.02
        } else {
            0.0
        };
        if t.get(r, "status") != "target_achieved" {
            assert!((distance - want).abs() < 2e-3, "{r:?}");
        } else {
            assert_eq!(distance, 0.0, "{r:?}");
        }
        if let Ok(c) = t.get(r, "contribution").parse::<f64>() {
            sum += c;
        }
    }
    assert!((sum - 100.0).abs() < 0.05, "sum {sum}");
}

#[test]
fn every_member_is_listed_even_without_data() {
    // LDC on the embedded data: every member of the classification.
    let t = csv_of(&rbm(&[
        "economies",
        "--indicator",
        "households_internet",
        "--groups",
        "ldc",
        "--target",
        "SP2030-1.3",
        "--format",
        "csv",
    ]));
    let class = std::fs::read_to_string(crate::common::root().join("datasets/classification.csv"))
        .expect("classification");
    let c = CsvTable::parse(&class);
    let ldc = c.filter(&[("ldc", "1")]).len();
    assert_eq!(t.rows.len(), ldc);
    let no_data: Vec<_> = t.filter(&[("status", "insufficient_data")]);
    assert!(
        no_data.iter().all(|r| !t.get(r, "note").is_empty()),
        "each says why"
    );
}

#[test]
fn an_unknown_target_names_the_nearest_one() {
    let out = tiny(&["progress", "--target", "SP2030-13"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown target `SP2030-13` (did you mean `SP2030-1.3`?)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn target_filters_progress_gaps_and_series() {
    let t = csv_of(&tiny(&[
        "progress",
        "--target",
        "c2023-2.2",
        "--format",
        "csv",
    ]));
    assert!(!t.rows.is_empty());
    assert!(t.column("target_id").iter().all(|x| *x == "C2023-2.2"));
    let t = csv_of(&tiny(&[
        "gaps",
        "--target",
        "SP2030-1.3",
        "--format",
        "csv",
    ]));
    assert!(t.column("target_id").iter().all(|x| *x == "SP2030-1.3"));
    // series lists the indicators that have the target: on the embedded
    // definitions, SP2030-1.2 is the two affordability indicators'.
    let t = csv_of(&rbm(&[
        "series",
        "--target",
        "sp2030-1.2",
        "--format",
        "csv",
    ]));
    let ids: std::collections::BTreeSet<&str> = t.column("indicator_id").into_iter().collect();
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        [
            "fixed_broadband_affordability",
            "mobile_broadband_affordability"
        ]
    );
}

#[test]
fn series_economies_respects_groups_with_a_membership_column() {
    let t = csv_of(&tiny(&[
        "series",
        "--economies",
        "--groups",
        "ITU_AFR",
        "--indicator",
        "households_internet",
        "--format",
        "csv",
    ]));
    let economies: std::collections::BTreeSet<&str> = t
        .filter(&[("group_kind", "economy")])
        .iter()
        .map(|r| t.get(r, "geo"))
        .collect();
    // Africa in the fixture: Ethiopia and Kenya, not Brazil or France.
    assert_eq!(economies.into_iter().collect::<Vec<_>>(), ["ETH", "KEN"]);
    for r in t.filter(&[("group_kind", "economy")]) {
        assert_eq!(t.get(r, "member_of"), "ITU_AFR");
    }
}
