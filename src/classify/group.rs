//! The groups rbm reports on: World, the six ITU regions, development levels
//! and income groups, with their fixed codes, names, kinds and chart order.
//!
//! This file holds only the vocabulary; which economies belong to which
//! group, and in which year, is data (see [`super::Classification`]).

use serde::Serialize;

use crate::base::Vocabulary;
use crate::base::vocab::{near, vocabulary};
use crate::error::Error;

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

vocabulary! {
    /// The words that stand for several groups on the command line and in
    /// a target's `groups` field (beside single group codes and names).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SelectionWord: "group selection" {
        World = "world": "The World.",
        Regions = "regions": "The six ITU regions.",
        Development = "development": "The development levels: developed, developing, LDCs, LLDCs, SIDS.",
        All = "all": "Every group rbm computes: the World, regions and development levels.",
    }
}

impl SelectionWord {
    /// The group codes the word stands for, in report order.
    pub fn codes(self) -> Vec<&'static str> {
        let of_kind = |kind: GroupKind| -> Vec<&'static str> {
            GROUPS
                .iter()
                .filter(|g| g.kind == kind)
                .map(|g| g.code)
                .collect()
        };
        match self {
            SelectionWord::World => vec!["WLD"],
            SelectionWord::Regions => of_kind(GroupKind::Region),
            SelectionWord::Development => of_kind(GroupKind::Development),
            SelectionWord::All => computed(),
        }
    }
}

/// The groups rbm computes from economies' values, in report order: the
/// World, the regions and the development levels. Income groups have no
/// membership data here, so they are not among them.
pub fn computed() -> Vec<&'static str> {
    GROUPS
        .iter()
        .filter(|g| g.kind != GroupKind::Income)
        .map(|g| g.code)
        .collect()
}

/// The groups one word of a selection stands for: a [`SelectionWord`]
/// (`region` for `regions` too), or one group by code or name, in any case.
/// The error says what is expected, names the nearest group, and for an
/// income group says why it is not there.
pub fn resolve_word(word: &str) -> Result<Vec<&'static str>, String> {
    let w = word.trim();
    let lower = w.to_lowercase();
    if let Some(sel) = SelectionWord::parse(&lower) {
        return Ok(sel.codes());
    }
    if lower == "region" {
        return Ok(SelectionWord::Regions.codes());
    }
    let found = GROUPS.iter().find(|g| {
        g.code.eq_ignore_ascii_case(w)
            || g.name.eq_ignore_ascii_case(w)
            || g.short.eq_ignore_ascii_case(w)
    });
    match found {
        Some(g) if g.kind == GroupKind::Income => Err(format!(
            "`{w}`: income groups are not computed here: rbm has no membership data for them (which economies are low, middle or high income); use world, regions, development, all, or a region or development level"
        )),
        Some(g) => Ok(vec![g.code]),
        None if lower == "income" => Err(
            "`income`: income groups are not computed here: rbm has no membership data for them (which economies are low, middle or high income); use world, regions, development, all, or a region or development level".to_string(),
        ),
        None => {
            let candidates = SelectionWord::ALL
                .iter()
                .map(|s| s.word())
                .chain(computed())
                .chain(
                    GROUPS
                        .iter()
                        .filter(|g| g.kind != GroupKind::Income)
                        .flat_map(|g| [g.name, g.short]),
                );
            let hint = near(w, candidates)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            Err(format!(
                "unknown group `{w}`{hint}: use {}, or a group code or name such as WLD, ITU_AFR (Africa), DEVELOPING or LDC",
                SelectionWord::expected()
            ))
        }
    }
}

/// The groups a selection stands for, in report order and each once; all
/// computed groups when the selection is empty.
pub fn resolve<S: AsRef<str>>(words: &[S]) -> Result<Vec<&'static str>, Error> {
    let mut out: Vec<&'static str> = Vec::new();
    for w in words {
        let w = w.as_ref();
        if !w.trim().is_empty() {
            out.extend(resolve_word(w).map_err(|message| Error::UnknownGroup {
                word: w.to_string(),
                message,
            })?);
        }
    }
    out.sort_by_key(|c| order(c));
    out.dedup();
    if out.is_empty() {
        out = computed();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_expand_to_codes_in_report_order() {
        assert_eq!(resolve_word("world"), Ok(vec!["WLD"]));
        assert_eq!(resolve_word("regions").map(|v| v.len()), Ok(6));
        assert_eq!(
            resolve_word("development"),
            Ok(vec!["DEVELOPED", "DEVELOPING", "LDC", "LLDC", "SIDS"])
        );
        assert_eq!(resolve_word("all").map(|v| v.len()), Ok(12));
        assert_eq!(resolve_word("LDC"), Ok(vec!["LDC"]));
        assert_eq!(
            resolve(&["LDC", "world", "ldc"]).ok(),
            Some(vec!["WLD", "LDC"])
        );
    }

    #[test]
    fn codes_and_names_are_accepted_in_any_case() {
        assert_eq!(resolve_word("Africa"), Ok(vec!["ITU_AFR"]));
        assert_eq!(resolve_word("itu_afr"), Ok(vec!["ITU_AFR"]));
        assert_eq!(resolve_word("arab states"), Ok(vec!["ITU_ARB"]));
        assert_eq!(
            resolve_word("Regions"),
            Ok(vec![
                "ITU_AFR", "ITU_AMS", "ITU_ARB", "ITU_ASP", "ITU_CIS", "ITU_EUR"
            ])
        );
    }

    #[test]
    fn income_groups_are_refused_with_the_reason_and_never_advertised() {
        for w in ["income", "LIC", "High income"] {
            let e = resolve_word(w).unwrap_err();
            assert!(e.contains("income groups are not computed here"), "{e}");
        }
        let e = resolve_word("Afrika").unwrap_err();
        assert!(
            e.starts_with("unknown group `Afrika` (did you mean `Africa`?)"),
            "{e}"
        );
        assert!(!e.contains("income"), "{e}");
    }

    #[test]
    fn order_puts_world_first_and_unknown_last() {
        assert_eq!(order("WLD"), 0);
        assert!(order("ITU_EUR") < order("DEVELOPED"));
        assert_eq!(order("FRA"), GROUPS.len());
    }
}
