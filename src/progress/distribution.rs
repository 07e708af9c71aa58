//! How a group's member economies are spread ([`distributions`]): per
//! indicator × target × group, how many members are in each status, how
//! many meet the target (or a threshold asked for) at their latest value,
//! and year by year how many have a value, how many meet it and what share
//! of the economies and of their people that is.
//!
//! The statuses are the members' own ([`super::members`], judged by the
//! groups' progress function); the yearly counts are the aggregate
//! stage's ([`Aggregator::share_years`]), the very numbers a
//! share-of-economies target is scored on. What a member is counted
//! against ([`condition_of`]): `--threshold` when given; else the target's
//! own value on its side (at least 100%, at most 3%), or a
//! share-of-economies target's condition (at or below 2% of GNI per capita).
//! Band and relative targets have no one value: their members are counted
//! as meeting them when achieved, and no yearly share is given.
//!
//! It does not judge groups, and it reads no files.

use std::collections::BTreeMap;

use serde::Serialize;

use super::members::{MemberRow, Threshold};
use super::status::Status;
use crate::aggregate::{Aggregator, ShareYear};
use crate::base::number::plain;
use crate::classify::group;
use crate::indicator::{Indicator, Target, TargetKind};

/// The members of one group against one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// Indicator id.
    pub indicator_id: String,
    /// Target id.
    pub target_id: String,
    /// Group code.
    pub group: String,
    /// Group name.
    pub group_name: String,
    /// The target scores this group (`false`: shown for context only).
    pub scored: bool,
    /// Members of the group.
    pub members: usize,
    /// Members with a value up to the as-of year.
    pub with_value: usize,
    /// Members per status.
    pub statuses: BTreeMap<&'static str, usize>,
    /// What a member is counted against, e.g. `< 2` or `>= 96`; `None`
    /// when members are counted as meeting the target when achieved.
    pub condition: Option<String>,
    /// `threshold` (asked for), `target` (the target's own value or
    /// condition) or `achieved` (no one value: the achieved status).
    pub condition_from: &'static str,
    /// Members whose latest value meets the condition (or, without one,
    /// whose status is achieved).
    pub meeting: usize,
    /// Earliest and latest of the members' latest years.
    pub latest_years: Option<(i32, i32)>,
    /// Each year up to the as-of year with a member value: members with a
    /// value, meeting the condition, and the shares of economies and people;
    /// empty without a condition.
    pub years: Vec<ShareYear>,
}

impl Distribution {
    /// Members in a status.
    pub fn count(&self, s: Status) -> usize {
        self.statuses.get(s.as_str()).copied().unwrap_or(0)
    }

    /// `100 · meeting / with_value`, when any member has a value.
    pub fn meeting_share(&self) -> Option<f64> {
        (self.with_value > 0).then(|| 100.0 * self.meeting as f64 / self.with_value as f64)
    }

    /// The latest published year of the yearly shares.
    pub fn latest_year(&self) -> Option<&ShareYear> {
        self.years.iter().rev().find(|y| y.withheld.is_none())
    }
}

/// What members are counted against for a target: the threshold asked
/// for, else the target's own value on its side or its condition; `None`
/// for band and relative targets.
pub fn condition_of(
    ind: &Indicator,
    target: &Target,
    threshold: Option<Threshold>,
) -> Option<Threshold> {
    if threshold.is_some() {
        return threshold;
    }
    match &target.kind {
        TargetKind::Level { value } | TargetKind::Threshold { value } => {
            Threshold::for_direction(*value, ind.direction)
        }
        TargetKind::ShareOfEconomies { op, threshold, .. } => Some(Threshold {
            value: *threshold,
            op: *op,
        }),
        _ => None,
    }
}

/// The distribution of each (target, group) block of an indicator's member
/// rows, in the rows' order, with the yearly shares up to `as_of`.
pub fn distributions(
    ind: &Indicator,
    agg: &Aggregator<'_>,
    rows: &[MemberRow],
    threshold: Option<Threshold>,
    as_of: i32,
) -> Vec<Distribution> {
    let mut blocks: Vec<(&str, &str)> = Vec::new();
    for r in rows.iter().filter(|r| r.indicator_id == ind.id) {
        let key = (r.target_id.as_str(), r.group.as_str());
        if !blocks.contains(&key) {
            blocks.push(key);
        }
    }
    let mut out = Vec::new();
    for (target_id, g) in blocks {
        let Some(target) = ind.targets.iter().find(|t| t.id == target_id) else {
            continue;
        };
        let block: Vec<&MemberRow> = rows
            .iter()
            .filter(|r| r.indicator_id == ind.id && r.target_id == target_id && r.group == g)
            .collect();
        let cond = condition_of(ind, target, threshold);
        let statuses: BTreeMap<&'static str, usize> = Status::ALL
            .iter()
            .map(|s| (s.as_str(), block.iter().filter(|r| r.status == *s).count()))
            .collect();
        let meeting = block
            .iter()
            .filter(|r| match (cond, r.latest_value) {
                (Some(c), Some(v)) => c.op.holds(v, c.value),
                (Some(_), None) => false,
                (None, _) => r.status == Status::TargetAchieved,
            })
            .count();
        let latest: Vec<i32> = block
            .iter()
            .filter(|r| r.latest_value.is_some())
            .filter_map(|r| r.latest_year)
            .collect();
        let years = match (cond, ind.series_for(target)) {
            (Some(c), Some(spec)) => agg
                .share_years(spec, c.op, c.value, &ind.aggregation, &[g])
                .into_iter()
                .flat_map(|s| s.years)
                .filter(|y| y.year <= as_of)
                .collect(),
            _ => Vec::new(),
        };
        out.push(Distribution {
            indicator_id: ind.id.clone(),
            target_id: target.id.clone(),
            group: g.to_string(),
            group_name: group::group(g).map_or_else(|| g.to_string(), |x| x.name.to_string()),
            scored: target.groups.iter().any(|x| x == g),
            members: block.len(),
            with_value: latest.len(),
            statuses,
            condition: cond.map(|c| format!("{} {}", c.op.as_str(), plain(c.value))),
            condition_from: match (threshold, cond) {
                (Some(_), _) => "threshold",
                (None, Some(_)) => "target",
                (None, None) => "achieved",
            },
            meeting,
            latest_years: latest
                .iter()
                .min()
                .copied()
                .zip(latest.iter().max().copied()),
            years,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(with_value: usize, meeting: usize) -> Distribution {
        Distribution {
            indicator_id: "x".into(),
            target_id: "T".into(),
            group: "LDC".into(),
            group_name: "LDCs".into(),
            scored: true,
            members: 4,
            with_value,
            statuses: BTreeMap::new(),
            condition: None,
            condition_from: "achieved",
            meeting,
            latest_years: None,
            years: Vec::new(),
        }
    }

    #[test]
    fn the_meeting_share_is_of_the_members_with_a_value() {
        // 3 of the 4 members have a value, 1 of them meets: 33.3%.
        assert!((dist(3, 1).meeting_share().expect("share") - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(dist(0, 0).meeting_share(), None);
    }
}
