//! The status hit rate: the statuses of targets whose year has come (the
//! 2023 targets), assessed with the data up to a cut-off, against whether
//! they were met. Part of `rbm backtest`'s evidence; pure.

use serde::Serialize;

use super::rows::ProgressRow;
use super::status::{Method, Status};

/// One status of a target whose year has come, as assessed with the data
/// up to a cut-off, against what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Method.
    pub method: Method,
    /// Indicator id.
    pub indicator_id: String,
    /// Target id.
    pub target_id: String,
    /// Group code.
    pub geo: String,
    /// The status with the data up to the cut-off.
    pub predicted: Status,
    /// Whether the target was met.
    pub met: bool,
    /// The status said what happened: on track or achieved and met, or
    /// anything else and missed.
    pub hit: bool,
}

/// The statuses of targets whose year has come, assessed as of a cut-off
/// (`predicted`, rows with the data up to it), against whether they were
/// met (`outcome`, rows with every year's data). Rows that could not be
/// assessed as of the cut-off, or whose outcome is unknown, are left out.
pub fn hits(predicted: &[ProgressRow], outcome: &[ProgressRow]) -> Vec<Hit> {
    let mut out = Vec::new();
    for p in predicted {
        let a = &p.assessment;
        if a.status == Status::InsufficientData {
            continue;
        }
        let Some(o) = outcome.iter().find(|o| {
            o.indicator_id == p.indicator_id
                && o.target_id == p.target_id
                && o.geo == p.geo
                && o.assessment.method == a.method
        }) else {
            continue;
        };
        let Some(met) = o.assessment.met else {
            continue;
        };
        let said_met = matches!(a.status, Status::OnTrack | Status::TargetAchieved);
        out.push(Hit {
            method: a.method,
            indicator_id: p.indicator_id.clone(),
            target_id: p.target_id.clone(),
            geo: p.geo.clone(),
            predicted: a.status,
            met,
            hit: said_met == met,
        });
    }
    out
}
