//! The report summary's "furthest off track" sentences on the embedded
//! data: a pace ratio only where the last five years moved towards the
//! target, and then the ratio the sentence's own numbers give.

use rbm::commands::{Selection, Shared, pipeline};
use rbm::progress::{Method, Status};
use rbm::report::model;

use crate::common::root;

/// The number just before `marker` in `text` (typographic minus allowed).
fn number_before(text: &str, marker: &str) -> Option<f64> {
    let end = text.find(marker)?;
    let head = &text[..end];
    let start = head
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == '\u{2212}' || c == '-'))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    head[start..].replace('\u{2212}', "-").parse().ok()
}

#[test]
fn off_track_sentences_give_a_pace_ratio_only_for_progress() {
    let shared = Shared::of(root().join("indicators"), root().join("datasets"));
    let loaded = pipeline::load(&shared).expect("loads");
    let analysis =
        pipeline::analyse(&loaded, &Selection::default(), &[Method::DEFAULT]).expect("analyses");
    let lines = model::highlights(
        &loaded.registry.framework,
        &analysis.indicators,
        &analysis.rows,
        Method::DEFAULT,
    );
    let off: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("Furthest off track"))
        .collect();
    assert!(!off.is_empty(), "{lines:#?}");
    // The embedded data hold at least one off-track 2030 row whose last
    // five years moved away from its target: the case the wording is for.
    assert!(
        analysis.rows.iter().any(|r| {
            matches!(
                r.assessment.status,
                Status::AccelerationNeeded | Status::LimitedProgress | Status::Deterioration
            ) && r
                .assessment
                .observed_annual_change
                .is_some_and(|o| o <= 0.0)
        }),
        "no row moving the wrong way"
    );
    for l in off {
        if l.contains("times the pace") {
            let seen = number_before(l, " a year)").expect("pace");
            let ratio = number_before(l, " times the pace").expect("ratio");
            let need = number_before(l, " points a year to").expect("need");
            assert!(seen > 0.0, "a ratio to a pace away from the target: {l}");
            // Rounded numbers: the ratio of the printed need and pace,
            // within what one decimal of each allows.
            let tol = 0.05 * (1.0 / seen + need / (seen * seen)) + 0.051;
            assert!((ratio - need / seen).abs() <= tol, "{l}");
        } else if l.contains("a year") && l.contains("last five years") {
            assert!(
                l.contains("moved the wrong way") || l.contains("did not move"),
                "{l}"
            );
        }
    }
}
