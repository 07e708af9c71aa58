//! The groups rbm reports on: World, the six ITU regions, development levels
//! and income groups, with their fixed codes, names, kinds and chart order.
//!
//! This file holds only the vocabulary; which economies belong to which
//! group, and in which year, is data (see [`super::Classification`]).

use serde::Serialize;

/// How a group is defined, which is also how charts and tables group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// The world.
    World,
    /// An ITU (BDT) region.
    Region,
    /// A development level: developed, developing, LDC, LLDC, SIDS.
    Development,
    /// A World Bank income group (published aggregates only).
    Income,
    /// A single economy.
    Economy,
}

impl GroupKind {
    /// The name used in CSV output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::World => "world",
            GroupKind::Region => "region",
            GroupKind::Development => "development",
            GroupKind::Income => "income",
            GroupKind::Economy => "economy",
        }
    }
}

/// A standard group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// The fixed code, e.g. `ITU_AFR`.
    pub code: &'static str,
    /// The display name, e.g. `Africa`.
    pub name: &'static str,
    /// A short name for tight table columns and chart labels.
    pub short: &'static str,
    /// What kind of group it is.
    pub kind: GroupKind,
}

/// Every standard group, in report order: World, regions, development
/// levels, income groups.
#[rustfmt::skip]
pub const GROUPS: &[Group] = &[
    Group { code: "WLD", name: "World", short: "World", kind: GroupKind::World },
    Group { code: "ITU_AFR", name: "Africa", short: "Africa", kind: GroupKind::Region },
    Group { code: "ITU_AMS", name: "Americas", short: "Americas", kind: GroupKind::Region },
    Group { code: "ITU_ARB", name: "Arab States", short: "Arab States", kind: GroupKind::Region },
    Group { code: "ITU_ASP", name: "Asia-Pacific", short: "Asia-Pacific", kind: GroupKind::Region },
    Group { code: "ITU_CIS", name: "CIS", short: "CIS", kind: GroupKind::Region },
    Group { code: "ITU_EUR", name: "Europe", short: "Europe", kind: GroupKind::Region },
    Group { code: "DEVELOPED", name: "Developed economies", short: "Developed", kind: GroupKind::Development },
    Group { code: "DEVELOPING", name: "Developing economies", short: "Developing", kind: GroupKind::Development },
    Group { code: "LDC", name: "Least developed countries", short: "LDCs", kind: GroupKind::Development },
    Group { code: "LLDC", name: "Landlocked developing countries", short: "LLDCs", kind: GroupKind::Development },
    Group { code: "SIDS", name: "Small island developing States", short: "SIDS", kind: GroupKind::Development },
    Group { code: "LIC", name: "Low-income economies", short: "Low income", kind: GroupKind::Income },
    Group { code: "LMC", name: "Lower-middle-income economies", short: "Lower-middle", kind: GroupKind::Income },
    Group { code: "UMC", name: "Upper-middle-income economies", short: "Upper-middle", kind: GroupKind::Income },
    Group { code: "HIC", name: "High-income economies", short: "High income", kind: GroupKind::Income },
];

/// The group with this code, if it is a standard group.
pub fn group(code: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.code == code)
}

/// Position of a group in report order; unknown codes sort last.
pub fn order(code: &str) -> usize {
    GROUPS
        .iter()
        .position(|g| g.code == code)
        .unwrap_or(GROUPS.len())
}

/// A named selection of groups on the command line or in a target's
/// `groups` field: `world`, `regions`, `development`, `income`, `all`, or a
/// group code.
pub fn expand_selection(word: &str) -> Option<Vec<&'static str>> {
    let of_kind = |kind: GroupKind| -> Vec<&'static str> {
        GROUPS
            .iter()
            .filter(|g| g.kind == kind)
            .map(|g| g.code)
            .collect()
    };
    match word {
        "world" => Some(vec!["WLD"]),
        "regions" | "region" => Some(of_kind(GroupKind::Region)),
        "development" => Some(of_kind(GroupKind::Development)),
        "income" => Some(of_kind(GroupKind::Income)),
        // "all" is what rbm computes from economies: income groups have no
        // membership data here, so they are not part of it.
        "all" => Some(
            GROUPS
                .iter()
                .filter(|g| g.kind != GroupKind::Income)
                .map(|g| g.code)
                .collect(),
        ),
        code => group(code).map(|g| vec![g.code]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_expand_to_codes_in_report_order() {
        assert_eq!(expand_selection("world"), Some(vec!["WLD"]));
        assert_eq!(expand_selection("regions").map(|v| v.len()), Some(6));
        assert_eq!(
            expand_selection("development"),
            Some(vec!["DEVELOPED", "DEVELOPING", "LDC", "LLDC", "SIDS"])
        );
        assert_eq!(expand_selection("all").map(|v| v.len()), Some(12));
        assert_eq!(expand_selection("LDC"), Some(vec!["LDC"]));
        assert_eq!(expand_selection("Africa"), None);
    }

    #[test]
    fn order_puts_world_first_and_unknown_last() {
        assert_eq!(order("WLD"), 0);
        assert!(order("ITU_EUR") < order("DEVELOPED"));
        assert_eq!(order("FRA"), GROUPS.len());
    }
}
