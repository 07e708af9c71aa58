//! The closed lists of the framework files (`indicators/framework/*.toml`),
//! one type each, declared once with their words and help lines (see
//! [`crate::base::vocab`]): the kinds of item, the basis of a link, how a
//! 2023 target is mapped, the drafting status of an Action Plan item and
//! the lists a target indicator's wording is summarised in.

use crate::base::vocab::vocabulary;

vocabulary! {
    /// What a framework item is. The file it is written in decides it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum ItemKind: "kind of item" {
        Goal = "goal": "A strategic goal (the current plan's, or a former plan's).",
        Target2030 = "target_2030": "A target of the current plan for 2030.",
        Target2023 = "target_2023": "A Connect 2030 target for 2023, evaluated in retrospect.",
        ThematicPriority = "thematic_priority": "A thematic priority: an area of work that outcomes sit under.",
        Enabler = "enabler": "An enabler: a way of working that supports the whole chain.",
        Offering = "offering": "A product and service offering.",
        Objective = "objective": "A WTDC Action Plan objective (D.1 …).",
        Outcome = "outcome": "An outcome (D.2-b, or a Strategic Plan outcome).",
        Output = "output": "An output (D.2-2).",
    }
}

impl ItemKind {
    /// The kind in words, for messages and tables: `2030 target`.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Goal => "goal",
            ItemKind::Target2030 => "2030 target",
            ItemKind::Target2023 => "2023 target",
            ItemKind::ThematicPriority => "thematic priority",
            ItemKind::Enabler => "enabler",
            ItemKind::Offering => "offering",
            ItemKind::Objective => "objective",
            ItemKind::Outcome => "outcome",
            ItemKind::Output => "output",
        }
    }

    /// True for the kinds an indicator's `[[target]] id` may name: the
    /// targets, outcomes and outputs.
    pub fn is_measurable(self) -> bool {
        matches!(
            self,
            ItemKind::Target2030 | ItemKind::Target2023 | ItemKind::Outcome | ItemKind::Output
        )
    }
}

vocabulary! {
    /// Why a link is there.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum LinkBasis: "link basis" {
        Stated = "stated": "The source says so, in words or by its layout.",
        Inferred = "inferred": "rbm's reading of what the source says.",
        Proposed = "proposed": "rbm's suggestion, with no support in the source, for an officer to confirm or drop.",
    }
}

vocabulary! {
    /// Where the plan puts a 2023 target.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Mapping: "mapping" {
        Target2030 = "target_2030": "Mapped to one 2030 target (`maps_to`).",
        Outcomes = "outcomes": "Reflected under the outcomes of the thematic priorities.",
        Proxies = "proxies": "A means rather than an end, measured by proxies.",
    }
}

vocabulary! {
    /// An Action Plan item's drafting status (the working document's
    /// colours: green, yellow, red).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum DraftingStatus: "drafting status" {
        Agreed = "agreed": "No change or comment (green).",
        Changed = "changed": "Changes that nobody disputed (yellow).",
        Disputed = "disputed": "Changes that were disputed (red).",
        Unknown = "unknown": "The markers that survive fit none of the three.",
    }
}

vocabulary! {
    /// How sure the drafting status is, once the colours are lost.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum DraftingConfidence: "status confidence" {
        High = "high": "Comments or brackets record the positions.",
        Medium = "medium": "A marker survives, but not every kind of change would show.",
        Low = "low": "Only the item's place or a flattened edit says it.",
    }
}

vocabulary! {
    /// Which part of an objective's table of the working document lists an
    /// item.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum SeedTable: "table" {
        AgreedByParticipants = "agreed_by_participants": "Agreed upon by TDAG-WG-SOP participants.",
        ForFurtherDiscussion = "for_further_discussion": "Indicated for further discussion.",
    }
}

vocabulary! {
    /// Whether a source calls a thematic priority one.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum PriorityStatus: "thematic priority status" {
        Named = "named": "A source calls it a thematic priority.",
        UnderDiscussion = "under_discussion": "A source calls it a potential one.",
    }
}

vocabulary! {
    /// Whether an outcome or offering is in a list, or only in an example.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Listing: "listing" {
        Listed = "listed": "In a list of the plan.",
        Example = "example": "Named only in a worked example.",
    }
}

vocabulary! {
    /// Who numbered or named an item.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum IdBasis: "id basis" {
        Plan = "plan": "The id is the plan's.",
        Rbm = "rbm": "The plan numbers nothing here: the id is rbm's.",
    }
}

vocabulary! {
    /// Where a framework stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Stage: "stage" {
        Draft = "draft": "A draft, under discussion.",
        Adopted = "adopted": "Adopted.",
    }
}

vocabulary! {
    /// The groups a target indicator's wording names.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum AppliesTo: "group" {
        World = "WLD": "The world.",
        Developed = "DEVELOPED": "Developed countries.",
        Developing = "DEVELOPING": "Developing countries.",
        Ldc = "LDC": "Least developed countries.",
        Lldc = "LLDC": "Landlocked developing countries.",
        Sids = "SIDS": "Small island developing states.",
        EveryCountry = "every_country": "A condition each country must meet.",
    }
}

vocabulary! {
    /// How a target indicator's wording asks for it to be aggregated.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum AggregatedBy: "aggregation" {
        Region = "region": "By region.",
        DevelopmentLevel = "development_level": "By level of development.",
    }
}

vocabulary! {
    /// The breakdowns a target indicator's wording names.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Breakdown: "breakdown" {
        Area = "area": "Urban and rural.",
        Sex = "sex": "Women and men.",
        Age = "age": "Age groups.",
        Accessibility = "accessibility": "Persons with disabilities.",
        BusinessSize = "business_size": "Size of business.",
        SkillType = "skill_type": "Type of skill.",
        ServiceOrProvider = "service_or_provider": "Type of service or provider.",
    }
}

vocabulary! {
    /// Whether a goal's number is the source's or rbm's reading.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum NumberBasis: "number basis" {
        Stated = "stated": "The source numbers the goal.",
        Inferred = "inferred": "rbm's reading (from the numbering of the goal's targets).",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Vocabulary;

    #[test]
    fn every_list_reads_its_own_words() {
        assert_eq!(LinkBasis::expected(), "stated, inferred or proposed");
        assert_eq!(Mapping::parse("outcomes"), Some(Mapping::Outcomes));
        assert_eq!(
            DraftingStatus::unknown("agred"),
            "unknown drafting status `agred`: expected agreed, changed, disputed or unknown (did you mean `agreed`?)"
        );
        assert!(ItemKind::Output.is_measurable() && !ItemKind::Goal.is_measurable());
    }
}
