//! The results framework as data: the chain of a strategic plan, read from
//! `indicators/framework/*.toml` ([`load`]), not written in code.
//!
//! A [`Framework`] holds every item of the chain — goals, 2030 and 2023
//! targets, thematic priorities, enablers, offerings, Action Plan
//! objectives, outcomes and outputs — each with its id as the plan writes
//! it, its wording, its source and its links, and answers the questions
//! the rest of rbm asks of it: what a target id names, which goal a target
//! belongs to, which 2023 targets map to a 2030 target, which outcomes
//! serve an item and which outputs contribute to an outcome. The effective
//! links a reader sees (an outcome under its objective's thematic
//! priorities, a 2023 target under the outcomes that serve it) are
//! computed here once.
//!
//! What an indicator measures, and with what numbers, is in the indicator
//! files; whether a target is on track is the progress stage's. Nothing
//! here reads observations or computes a status.

pub mod file;
pub mod load;
pub mod vocab;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::Location;
pub use load::{load_dir, load_sources};
pub use vocab::{
    AggregatedBy, AppliesTo, Breakdown, DraftingConfidence, DraftingStatus, IdBasis, ItemKind,
    LinkBasis, Listing, Mapping, NumberBasis, PriorityStatus, SeedTable, Stage,
};

/// The item files of a framework folder, in the order they are read, with
/// the array each holds and the kind of item in it. Each is optional (a
/// drafted plan may have no offerings yet); the manifest, [`MANIFEST`], is
/// not.
pub const FILES: [(&str, &str, ItemKind); 9] = [
    ("goals.toml", "goal", ItemKind::Goal),
    ("targets_2030.toml", "target", ItemKind::Target2030),
    ("targets_2023.toml", "target", ItemKind::Target2023),
    (
        "thematic_priorities.toml",
        "thematic_priority",
        ItemKind::ThematicPriority,
    ),
    ("enablers.toml", "enabler", ItemKind::Enabler),
    ("offerings.toml", "offering", ItemKind::Offering),
    ("action_plan.toml", "objective", ItemKind::Objective),
    ("outcomes.toml", "outcome", ItemKind::Outcome),
    ("outputs.toml", "output", ItemKind::Output),
];

/// The manifest file's name.
pub const MANIFEST: &str = "framework.toml";

/// A place in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The document's id.
    pub document: String,
    /// Where in it.
    pub section: String,
}

/// A document items cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// One of the documents rbm was specified from.
    pub in_seeds: bool,
    /// Its symbol, when it has one.
    pub symbol: Option<String>,
    /// Its date.
    pub date: Option<String>,
}

/// Which field of an item a link is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkField {
    /// An outcome's thematic priorities.
    ThematicPriorities,
    /// What an outcome serves: goals, 2030 and 2023 targets.
    Serves,
    /// The outcomes an output contributes to, or the priorities of an
    /// offering.
    ContributesTo,
    /// What an objective aligns with.
    AlignsWith,
    /// The current goals or enablers a former goal was carried into.
    CarriedInto,
}

impl LinkField {
    /// The field's name in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkField::ThematicPriorities => "thematic_priorities",
            LinkField::Serves => "serves",
            LinkField::ContributesTo => "contributes_to",
            LinkField::AlignsWith => "aligns_with",
            LinkField::CarriedInto => "carried_into",
        }
    }
}

/// A link from one item to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The field it is written in.
    pub field: LinkField,
    /// The item linked to.
    pub to: String,
    /// Why it is there.
    pub basis: LinkBasis,
    /// In words.
    pub note: Option<String>,
}

/// An Action Plan item's drafting status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drafting {
    /// The status.
    pub status: DraftingStatus,
    /// How sure it is (none for `unknown`).
    pub confidence: Option<DraftingConfidence>,
    /// For `unknown`: the statuses left open.
    pub candidates: Vec<DraftingStatus>,
    /// What it rests on.
    pub evidence: String,
}

/// One item of the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Its id as the plan writes it (corrected where the plan wrote it
    /// wrongly or twice: see `id_as_written`).
    pub id: String,
    /// What it is.
    pub kind: ItemKind,
    /// The source's wording.
    pub text: String,
    /// rbm's short text, kept for tables and charts.
    pub rbm_text: Option<String>,
    /// Where it comes from.
    pub source: SourceRef,
    /// Where the wording comes from, when not from `source`.
    pub text_source: Option<SourceRef>,
    /// The structural parent: a target's goal, an Action Plan item's
    /// objective.
    pub parent: Option<String>,
    /// A goal's number (current goals: what indicator files' `goal = N`
    /// names).
    pub number: Option<u8>,
    /// A goal of the former plan.
    pub former: bool,
    /// A target's year.
    pub year: Option<i32>,
    /// A 2023 target's stated baseline year.
    pub baseline_year: Option<i32>,
    /// A 2023 target's mapping, and the 2030 target it maps to.
    pub mapping: Option<Mapping>,
    /// The 2030 target a 2023 target maps to.
    pub maps_to: Option<String>,
    /// The groups the wording names.
    pub applies_to: Vec<AppliesTo>,
    /// A 2030 target's target indicators, as worded.
    pub target_indicators: Vec<String>,
    /// An objective's short name.
    pub title: Option<String>,
    /// The plan's id when it was written wrongly or twice.
    pub id_as_written: Option<String>,
    /// Whose id it is.
    pub id_basis: IdBasis,
    /// In a list of the plan, or only in an example.
    pub listing: Option<Listing>,
    /// A thematic priority named as one, or under discussion.
    pub priority_status: Option<PriorityStatus>,
    /// Action Plan items: drafting status.
    pub drafting: Option<Drafting>,
    /// Action Plan items: the part of the objective's table.
    pub seed_table: Option<SeedTable>,
    /// Links to other items, in file order.
    pub links: Vec<Link>,
    /// Reviewers' comments.
    pub comments: Vec<String>,
    /// Other variants offered.
    pub alternatives: Vec<String>,
    /// Free text.
    pub note: Option<String>,
    /// Where it is written (file and line of its `id`).
    #[serde(skip)]
    pub location: Location,
}

impl Item {
    /// The text tables and charts show: rbm's short text where there is
    /// one, else the source's wording.
    pub fn short_text(&self) -> &str {
        self.rbm_text.as_deref().unwrap_or(&self.text)
    }

    /// The links written in one field.
    pub fn links_in(&self, field: LinkField) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(move |l| l.field == field)
    }
}

/// The framework's manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// Its id, e.g. `SP2024-2027`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// First and last year of the plan.
    pub period: (i32, i32),
    /// Draft or adopted.
    pub stage: Option<Stage>,
    /// Free text.
    pub note: String,
    /// Where the plan stands on its outcome indicators, in words (the
    /// reason `rbm check` gives for outcomes that no indicator measures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome_indicators: Option<String>,
}

/// A loaded framework.
#[derive(Debug, Clone, Default)]
pub struct Framework {
    /// The folder it was read from.
    pub dir: PathBuf,
    /// The manifest.
    pub meta: Meta,
    /// The documents items cite, in file order.
    pub documents: Vec<Document>,
    /// Every item, in file order within [`FILES`] order.
    pub items: Vec<Item>,
    /// Position of each id in `items`.
    index: BTreeMap<String, usize>,
}

/// `C2023-2.10` after `C2023-2.8`: the numbers of an id after its prefix.
pub fn sort_key(id: &str) -> (String, Vec<u32>) {
    let (prefix, rest) = id.split_once('-').unwrap_or((id, ""));
    let numbers = rest
        .split(['.', '-'])
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect();
    (prefix.to_string(), numbers)
}

impl Framework {
    /// A framework of these items (ids must be unique; later duplicates are
    /// not indexed).
    pub fn new(dir: PathBuf, meta: Meta, documents: Vec<Document>, items: Vec<Item>) -> Self {
        let mut index = BTreeMap::new();
        for (i, item) in items.iter().enumerate() {
            index.entry(item.id.clone()).or_insert(i);
        }
        Framework {
            dir,
            meta,
            documents,
            items,
            index,
        }
    }

    /// The item with this id.
    pub fn get(&self, id: &str) -> Option<&Item> {
        self.index.get(id).map(|&i| &self.items[i])
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The items of a kind, in file order.
    pub fn of_kind(&self, kind: ItemKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.kind == kind)
    }

    /// The current plan's goals, by number.
    pub fn goals(&self) -> Vec<&Item> {
        let mut g: Vec<&Item> = self.of_kind(ItemKind::Goal).filter(|g| !g.former).collect();
        g.sort_by_key(|g| g.number);
        g
    }

    /// The current goal with this number (what indicator files' `goal = N`
    /// names).
    pub fn goal(&self, number: u8) -> Option<&Item> {
        self.goals().into_iter().find(|g| g.number == Some(number))
    }

    /// The name of a current goal.
    pub fn goal_name(&self, number: u8) -> Option<&str> {
        self.goal(number).map(Item::short_text)
    }

    /// The 2030 targets, in id order.
    pub fn targets_2030(&self) -> Vec<&Item> {
        self.sorted(ItemKind::Target2030)
    }

    /// The 2023 targets, in id order.
    pub fn targets_2023(&self) -> Vec<&Item> {
        self.sorted(ItemKind::Target2023)
    }

    fn sorted(&self, kind: ItemKind) -> Vec<&Item> {
        let mut v: Vec<&Item> = self.of_kind(kind).collect();
        v.sort_by_key(|t| sort_key(&t.id));
        v
    }

    /// The number of the current goal an item belongs to: a 2030 target's
    /// goal; a 2023 target's through the 2030 target it maps to. `None`
    /// where the chain does not say (a 2023 target under the outcomes).
    pub fn goal_of(&self, id: &str) -> Option<u8> {
        let item = self.get(id)?;
        match item.kind {
            ItemKind::Goal if !item.former => item.number,
            ItemKind::Target2030 => self.get(item.parent.as_deref()?)?.number,
            ItemKind::Target2023 => self.goal_of(item.maps_to.as_deref()?),
            _ => None,
        }
    }

    /// The 2023 targets that map to a 2030 target, in id order.
    pub fn mapped_2023(&self, id: &str) -> Vec<&Item> {
        self.targets_2023()
            .into_iter()
            .filter(|t| t.maps_to.as_deref() == Some(id))
            .collect()
    }

    /// The items that link to `id` through `field`, in file order, with
    /// the link.
    pub fn linking_to(&self, id: &str, field: LinkField) -> Vec<(&Item, &Link)> {
        self.items
            .iter()
            .flat_map(|i| {
                i.links
                    .iter()
                    .filter(move |l| l.field == field && l.to == id)
                    .map(move |l| (i, l))
            })
            .collect()
    }

    /// The outcomes that serve an item (a goal, 2030 or 2023 target).
    pub fn serving(&self, id: &str) -> Vec<(&Item, &Link)> {
        self.linking_to(id, LinkField::Serves)
    }

    /// The outputs that contribute to an outcome.
    pub fn contributing(&self, outcome: &str) -> Vec<(&Item, &Link)> {
        self.linking_to(outcome, LinkField::ContributesTo)
            .into_iter()
            .filter(|(i, _)| i.kind == ItemKind::Output)
            .collect()
    }

    /// The outcomes and outputs of an objective, in file order.
    pub fn of_objective(&self, objective: &str) -> Vec<&Item> {
        self.items
            .iter()
            .filter(|i| {
                matches!(i.kind, ItemKind::Outcome | ItemKind::Output)
                    && i.parent.as_deref() == Some(objective)
            })
            .collect()
    }

    /// An outcome's thematic priorities: its own, else its objective's
    /// (what the objective aligns with that is a thematic priority), with
    /// the basis of the link that places it.
    pub fn priorities_of(&self, outcome: &Item) -> Vec<(&Item, LinkBasis)> {
        let own: Vec<(&Item, LinkBasis)> = outcome
            .links_in(LinkField::ThematicPriorities)
            .filter_map(|l| Some((self.get(&l.to)?, l.basis)))
            .collect();
        if !own.is_empty() {
            return own;
        }
        self.objective_links(outcome, ItemKind::ThematicPriority)
    }

    /// What an item's objective aligns with, of one kind.
    fn objective_links(&self, item: &Item, kind: ItemKind) -> Vec<(&Item, LinkBasis)> {
        let Some(obj) = item.parent.as_deref().and_then(|p| self.get(p)) else {
            return Vec::new();
        };
        if obj.kind != ItemKind::Objective {
            return Vec::new();
        }
        obj.links_in(LinkField::AlignsWith)
            .filter_map(|l| {
                let to = self.get(&l.to)?;
                (to.kind == kind).then_some((to, l.basis))
            })
            .collect()
    }

    /// The enablers an outcome's objective aligns with (D.1, D.4 and D.5
    /// are about ways of working the plan placed among the enablers).
    pub fn enablers_of(&self, outcome: &Item) -> Vec<(&Item, LinkBasis)> {
        self.objective_links(outcome, ItemKind::Enabler)
    }

    /// The current goals an outcome reaches: those it serves, the goals of
    /// the targets it serves, and its objective's goals; each once, by
    /// number, with the weakest basis on its way (a goal reached only
    /// through a proposed link is proposed).
    pub fn goals_of(&self, outcome: &Item) -> Vec<(&Item, LinkBasis)> {
        let mut reached: Vec<(&Item, LinkBasis)> = Vec::new();
        for l in outcome.links_in(LinkField::Serves) {
            let Some(to) = self.get(&l.to) else { continue };
            match to.kind {
                ItemKind::Goal if !to.former => reached.push((to, l.basis)),
                ItemKind::Target2030 | ItemKind::Target2023 => {
                    if let Some(g) = self.goal_of(&to.id).and_then(|n| self.goal(n)) {
                        reached.push((g, l.basis));
                    }
                }
                _ => {}
            }
        }
        reached.extend(self.objective_links(outcome, ItemKind::Goal));
        let mut out: BTreeMap<u8, (&Item, LinkBasis)> = BTreeMap::new();
        for (g, basis) in reached {
            let Some(n) = g.number else { continue };
            let e = out.entry(n).or_insert((g, basis));
            // Stated < inferred < proposed: keep the strongest way.
            if basis < e.1 {
                e.1 = basis;
            }
        }
        out.into_values().collect()
    }

    /// The 2023 targets an outcome carries: those it serves that the plan
    /// moved "under the Outcomes of the Thematic priorities" (`mapping =
    /// "outcomes"`). Where no indicator of its own measures the outcome,
    /// these targets' indicators do: the plan names no other outcome
    /// indicator, and says these targets "will be reflected under the
    /// Outcomes".
    pub fn carried(&self, outcome: &Item) -> Vec<&Item> {
        if outcome.kind != ItemKind::Outcome {
            return Vec::new();
        }
        outcome
            .links_in(LinkField::Serves)
            .filter_map(|l| self.get(&l.to))
            .filter(|t| t.kind == ItemKind::Target2023 && t.mapping == Some(Mapping::Outcomes))
            .collect()
    }

    /// Every id, for "did you mean" hints.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| i.id.as_str())
    }

    /// True when the framework defines outcomes at all: a framework that
    /// stops at the targets (as a test fixture may) is not asked which
    /// outcome serves each target.
    pub fn has_outcomes(&self) -> bool {
        self.of_kind(ItemKind::Outcome).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_their_numbers() {
        assert!(sort_key("C2023-2.8") < sort_key("C2023-2.10"));
        assert!(sort_key("SP2030-1.3") < sort_key("SP2030-2.1"));
    }
}
