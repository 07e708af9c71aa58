//! The framework files as written by people: serde structures that accept
//! exactly the documented fields of each file and reject every other one.
//!
//! This is the raw, unchecked shape: words of closed lists are strings here
//! (so that one wrong word does not hide the next one; serde cannot
//! combine `flatten` with `deny_unknown_fields`, so the drafting fields are
//! written out in each kind that has them), and values carry
//! their place in the file ([`Spanned`]) so that every finding names its
//! line. [`super::load`] checks them and builds the [`super::Framework`].

use serde::Deserialize;
use toml::Spanned;

/// A place in a document: `{ document = "CWG-SFP-NOTE", section = "3.1 …" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// The `[[document]]` id of `framework.toml`.
    pub document: Spanned<String>,
    /// Where in it: heading, table, part of the table.
    pub section: Option<String>,
}

/// A link to another item: `{ id = "D.7-b", basis = "proposed", note = "…" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkDef {
    /// The item linked to.
    pub id: Spanned<String>,
    /// `stated`, `inferred` or `proposed`.
    pub basis: Option<Spanned<String>>,
    /// Why, in words.
    pub note: Option<String>,
}

/// `framework.toml`: the manifest and the documents items cite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// `1`.
    pub schema_version: Option<Spanned<i64>>,
    /// The framework's id, e.g. `SP2024-2027`.
    pub id: Option<Spanned<String>>,
    /// Its title.
    pub title: Option<Spanned<String>>,
    /// First and last year of the plan.
    pub period: Option<Spanned<[i64; 2]>>,
    /// `draft` or `adopted`.
    pub stage: Option<Spanned<String>>,
    /// Free text.
    pub note: Option<String>,
    /// Where the plan stands on its outcome indicators, in words.
    pub outcome_indicators: Option<String>,
    /// The documents.
    #[serde(default)]
    pub document: Vec<Spanned<DocumentDef>>,
}

/// One `[[document]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDef {
    /// Upper case, digits and `-`.
    pub id: Spanned<String>,
    /// The document's title.
    pub title: Option<String>,
    /// One of the documents rbm was specified from (`../shared/seeds/`).
    #[serde(default)]
    pub in_seeds: bool,
    /// The document's symbol, e.g. `WTDC-22/INF/1-E`.
    pub symbol: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// What it is.
    pub description: Option<String>,
}

/// `goals.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsFile {
    /// The goals.
    #[serde(default)]
    pub goal: Vec<Spanned<GoalDef>>,
}

/// One `[[goal]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalDef {
    /// `G1`, or `C2023-G1` for a former plan's goal.
    pub id: Spanned<String>,
    /// A goal of the former plan (the goals of the 2023 targets).
    #[serde(default)]
    pub former: bool,
    /// Its number: indicator files' `goal = N` names a current goal by it.
    pub number: Option<Spanned<i64>>,
    /// `stated` (default) or `inferred`.
    pub number_basis: Option<Spanned<String>>,
    /// The goal as the source words it.
    pub text: Option<Spanned<String>>,
    /// rbm's short text.
    pub rbm_text: Option<String>,
    /// The source's description.
    pub description: Option<String>,
    /// Where it comes from.
    pub source: Option<SourceDef>,
    /// Former goals: the current goals or enablers that took them over.
    #[serde(default)]
    pub carried_into: Vec<Spanned<LinkDef>>,
}

/// `targets_2030.toml` and `targets_2023.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsFile {
    /// The targets.
    #[serde(default)]
    pub target: Vec<Spanned<TargetItemDef>>,
}

/// One target indicator of a 2030 target, as the plan words it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetIndicatorDef {
    /// The wording.
    pub text: Option<String>,
    /// The groups the wording names.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// `region`, `development_level`.
    #[serde(default)]
    pub aggregated_by: Vec<String>,
    /// `area`, `sex`, `age`, …
    #[serde(default)]
    pub breakdowns: Vec<String>,
}

/// One `[[target]]` of either targets file. Which fields a file allows is
/// checked by the loader (a 2030 target has a `goal`, a 2023 target a
/// `former_goal` and a `mapping`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetItemDef {
    /// `SP2030-1.1` or `C2023-1.1`.
    pub id: Spanned<String>,
    /// 2030 targets: the current goal.
    pub goal: Option<Spanned<String>>,
    /// 2023 targets: the former plan's goal.
    pub former_goal: Option<Spanned<String>>,
    /// The target year.
    pub year: Option<Spanned<i64>>,
    /// 2023 targets: the baseline year the source states.
    pub baseline_year: Option<Spanned<i64>>,
    /// The target as the source words it.
    pub text: Option<Spanned<String>>,
    /// Where the wording comes from, when not from `source`.
    pub text_source: Option<SourceDef>,
    /// rbm's short text.
    pub rbm_text: Option<String>,
    /// 2023 targets: the groups the wording names.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// 2023 targets: `target_2030`, `outcomes` or `proxies`.
    pub mapping: Option<Spanned<String>>,
    /// 2023 targets mapped to a 2030 target: which.
    pub maps_to: Option<Spanned<String>>,
    /// Where it comes from.
    pub source: Option<SourceDef>,
    /// 2030 targets: the target indicators as worded.
    #[serde(default)]
    pub indicators: Vec<TargetIndicatorDef>,
    /// 2030 targets: what the mapping cell says when it maps no 2023 target.
    pub mapping_note: Option<String>,
    /// Free text.
    pub note: Option<String>,
}

/// `thematic_priorities.toml`, `enablers.toml` and `offerings.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreasFile {
    /// Thematic priorities.
    #[serde(default)]
    pub thematic_priority: Vec<Spanned<AreaDef>>,
    /// Enablers.
    #[serde(default)]
    pub enabler: Vec<Spanned<AreaDef>>,
    /// Offerings.
    #[serde(default)]
    pub offering: Vec<Spanned<AreaDef>>,
}

/// A thematic priority, an enabler or an offering.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDef {
    /// `TP-…`, `EN-…`, `PSO-…`.
    pub id: Spanned<String>,
    /// `plan` (default) or `rbm`.
    pub id_basis: Option<Spanned<String>>,
    /// The wording.
    pub text: Option<Spanned<String>>,
    /// Thematic priorities: `named` or `under_discussion`.
    pub status: Option<Spanned<String>>,
    /// Offerings: `listed` or `example`.
    pub kind: Option<Spanned<String>>,
    /// Offerings: the thematic priorities they contribute to.
    #[serde(default)]
    pub contributes_to: Vec<Spanned<LinkDef>>,
    /// Where it comes from.
    pub source: Option<SourceDef>,
    /// Further sources.
    #[serde(default)]
    pub also_in: Vec<SourceDef>,
    /// Free text.
    pub note: Option<String>,
}

/// `action_plan.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectivesFile {
    /// The objectives.
    #[serde(default)]
    pub objective: Vec<Spanned<ObjectiveDef>>,
}

/// One `[[objective]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveDef {
    /// `D.1` …
    pub id: Spanned<String>,
    /// Its short name (`Coordination`).
    pub title: Option<String>,
    /// Its statement.
    pub text: Option<Spanned<String>>,
    /// Where it comes from.
    pub source: Option<SourceDef>,
    /// Reviewers' comments.
    #[serde(default)]
    pub comments: Vec<String>,
    /// The table's suggestions.
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// Thematic priorities, current goals or enablers it aligns with.
    #[serde(default)]
    pub aligns_with: Vec<Spanned<LinkDef>>,
    /// `agreed`, `changed`, `disputed` or `unknown`.
    pub drafting_status: Option<Spanned<String>>,
    /// `high`, `medium` or `low`; not with `unknown`.
    pub status_confidence: Option<Spanned<String>>,
    /// With `unknown`: the statuses the markers leave open.
    pub status_candidates: Option<Spanned<Vec<String>>>,
    /// The markers the status rests on, in words.
    pub status_evidence: Option<String>,
    /// Free text.
    pub note: Option<String>,
}

/// `outcomes.toml` and `outputs.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    /// Outcomes.
    #[serde(default)]
    pub outcome: Vec<Spanned<ResultDef>>,
    /// Outputs.
    #[serde(default)]
    pub output: Vec<Spanned<ResultDef>>,
}

/// One `[[outcome]]` or `[[output]]`. Which links each takes is checked by
/// the loader.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultDef {
    /// `D.2-b`, `D.2-2`, `SPO-…`.
    pub id: Spanned<String>,
    /// `plan` (default) or `rbm`.
    pub id_basis: Option<Spanned<String>>,
    /// The plan's id when it is wrong or used twice.
    pub id_as_written: Option<String>,
    /// Outcomes: `listed` or `example`.
    pub kind: Option<Spanned<String>>,
    /// The Action Plan objective it belongs to.
    pub objective: Option<Spanned<String>>,
    /// `agreed_by_participants` or `for_further_discussion`.
    pub seed_table: Option<Spanned<String>>,
    /// The wording (first variant).
    pub text: Option<Spanned<String>>,
    /// Other variants offered with "OR".
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// Where it comes from.
    pub source: Option<SourceDef>,
    /// Reviewers' comments.
    #[serde(default)]
    pub comments: Vec<String>,
    /// Outcomes: thematic priorities.
    #[serde(default)]
    pub thematic_priorities: Vec<Spanned<LinkDef>>,
    /// Outcomes: current goals, 2030 targets, 2023 targets.
    #[serde(default)]
    pub serves: Vec<Spanned<LinkDef>>,
    /// Outputs: outcomes.
    #[serde(default)]
    pub contributes_to: Vec<Spanned<LinkDef>>,
    /// `agreed`, `changed`, `disputed` or `unknown`.
    pub drafting_status: Option<Spanned<String>>,
    /// `high`, `medium` or `low`; not with `unknown`.
    pub status_confidence: Option<Spanned<String>>,
    /// With `unknown`: the statuses the markers leave open.
    pub status_candidates: Option<Spanned<Vec<String>>>,
    /// The markers the status rests on, in words.
    pub status_evidence: Option<String>,
    /// Free text.
    pub note: Option<String>,
}
