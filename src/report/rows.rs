//! The values behind the charts as rows ([`SeriesRow`]), which CSV, JSON,
//! terminal tables and the report's tables share.

use serde::Serialize;

use crate::aggregate::{GroupPoint, GroupSeries, JumpKind, Origin, Value};
use crate::classify::Classification;
use crate::classify::group::{self, GroupKind};
use crate::indicator::Unit;
use crate::progress::IndicatorData;
use crate::progress::confidence::jump_reason;

/// One value behind a chart: indicator × geo × year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesRow {
    /// Indicator id.
    pub indicator_id: String,
    /// Group or economy code.
    pub geo: String,
    /// Its name.
    pub geo_name: String,
    /// Its kind.
    pub group_kind: GroupKind,
    /// The year's value: year, value, origin (observed, published or
    /// computed), coverage and imputed share (computed values), estimate.
    #[serde(flatten)]
    pub point: GroupPoint,
    /// For an economy: the selected groups it belongs to, space-separated
    /// (empty for a group's own row).
    pub member_of: String,
    /// For a computed value that moves for the wrong reason: why.
    pub flag: Option<JumpKind>,
    /// The flag in words, with the numbers.
    pub flag_note: String,
}

/// Series rows of an indicator's groups (in report order), then, when
/// given, the own values of the economies that belong to one of the
/// groups, with those groups.
pub fn series_rows(
    indicator_id: &str,
    unit: Unit,
    data: &IndicatorData,
    groups: &[&str],
    economies: Option<(
        &Classification,
        &std::collections::BTreeMap<String, Vec<Value>>,
    )>,
) -> Vec<SeriesRow> {
    let mut rows = Vec::new();
    let mut ordered: Vec<&GroupSeries> = data
        .groups
        .values()
        .filter(|s| groups.contains(&s.geo.as_str()))
        .collect();
    ordered.sort_by_key(|s| group::order(&s.geo));
    for s in ordered {
        let g = group::group(&s.geo);
        for p in &s.points {
            let jump = s.jumps.iter().find(|j| j.year == p.year);
            rows.push(SeriesRow {
                indicator_id: indicator_id.to_string(),
                geo: s.geo.clone(),
                geo_name: g
                    .map(|g| g.name.to_string())
                    .unwrap_or_else(|| s.geo.clone()),
                group_kind: g.map(|g| g.kind).unwrap_or(GroupKind::Economy),
                point: *p,
                member_of: String::new(),
                flag: jump.map(|j| j.kind),
                flag_note: jump.map(|j| jump_reason(j, unit)).unwrap_or_default(),
            });
        }
    }
    if let Some((class, by_economy)) = economies {
        for (geo, values) in by_economy {
            let Some(economy) = class.economies.get(geo) else {
                continue;
            };
            let member_of: Vec<&str> = groups
                .iter()
                .copied()
                .filter(|g| economy.is_member(g))
                .collect();
            if member_of.is_empty() {
                continue;
            }
            let member_of = member_of.join(" ");
            for v in values {
                rows.push(SeriesRow {
                    indicator_id: indicator_id.to_string(),
                    geo: geo.clone(),
                    geo_name: class.name(geo),
                    group_kind: GroupKind::Economy,
                    point: GroupPoint {
                        year: v.year,
                        value: v.value,
                        origin: Origin::Observed,
                        coverage: None,
                        imputed: None,
                        estimate: v.estimate,
                    },
                    member_of: member_of.clone(),
                    flag: None,
                    flag_note: String::new(),
                });
            }
        }
    }
    rows
}
