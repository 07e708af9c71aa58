//! The results chain with its statuses: what `rbm framework` prints and the
//! report's results-framework part shows. Statuses are read from the
//! progress rows the analysis made (never computed again here), or from an
//! officer's manual assessment where no indicator with data measures an
//! item, marked as such.
//!
//! [`Chain::status`] says where one item stands; [`Chain::tree`] lays the
//! chain out as a tree (goals → 2030 targets → the 2023 targets mapped to
//! them and the outcomes serving them → the outputs contributing to those),
//! or rooted at a thematic priority or an Action Plan objective;
//! [`Chain::rollup`] counts outcomes and outputs on and off track, manual
//! assessments apart; [`Chain::accounting`] says of every Connect 2030
//! target whether it is judged, and why not where it is not. An item's
//! status is read from its indicators, not from their breakdowns
//! (`breakdown_of`), which the report shows in their own sections.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::commentary::{Commentary, Manual};
use crate::classify::group;
use crate::indicator::Indicator;
use crate::indicator::framework::{
    DraftingStatus, Framework, Item, ItemKind, LinkBasis, LinkField, Mapping,
};
use crate::progress::confidence::Confidence;
use crate::progress::iptt::YearScore;
use crate::progress::{Method, ProgressRow, Status};

/// How an item's status was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessedBy {
    /// From the progress rows of the indicators that measure it.
    Computed,
    /// Given by hand by an officer, with its evidence.
    Manual,
    /// Its indicators have no data here.
    NoData,
    /// No indicator measures it.
    NoIndicator,
    /// Not a measurable kind (goals, priorities, objectives, enablers).
    NotApplicable,
}

impl AssessedBy {
    /// The word in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessedBy::Computed => "computed",
            AssessedBy::Manual => "manual",
            AssessedBy::NoData => "no_data",
            AssessedBy::NoIndicator => "no_indicator",
            AssessedBy::NotApplicable => "",
        }
    }
}

/// Where one item stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStatus {
    /// How it was reached.
    pub by: AssessedBy,
    /// The headline status: the worst status among the headline group's
    /// rows of the item's indicators (or the manual one).
    pub status: Option<Status>,
    /// For a target whose year has come: met by every headline row.
    pub met: Option<bool>,
    /// The headline group: the World where the rows have it, else the
    /// item's first group.
    pub geo: Option<String>,
    /// Group results at or beyond on track, of those assessed.
    pub on_track: usize,
    /// Group results assessed (with a status other than insufficient data).
    pub assessed: usize,
    /// The confidence of the headline row, when the rows grade it.
    pub confidence: Option<String>,
    /// The indicators that measure it, in id order.
    pub indicators: Vec<String>,
    /// The manual assessment, when the status is one.
    pub manual: Option<Manual>,
    /// For an output's yearly target: the headline group's tracking table.
    pub years: Vec<YearScore>,
    /// For an outcome no indicator of its own measures: the 2023 targets
    /// it carries ([`Framework::carried`]), whose indicators and rows its
    /// status is read from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
}

impl ItemStatus {
    fn of(by: AssessedBy) -> Self {
        ItemStatus {
            by,
            status: None,
            met: None,
            geo: None,
            on_track: 0,
            assessed: 0,
            confidence: None,
            indicators: Vec::new(),
            manual: None,
            years: Vec::new(),
            via: Vec::new(),
        }
    }

    /// Off track: a headline status of acceleration needed, limited
    /// progress or deterioration, or a target whose year has come missed.
    pub fn off_track(&self) -> bool {
        self.met == Some(false)
            || matches!(
                self.status,
                Some(Status::AccelerationNeeded | Status::LimitedProgress | Status::Deterioration)
            )
    }

    /// On track: achieved or on track (or met).
    pub fn on_track_now(&self) -> bool {
        !self.off_track()
            && (self.met == Some(true)
                || matches!(self.status, Some(Status::TargetAchieved | Status::OnTrack)))
    }

    /// A few words: `✔ met`, `↗ accelerate`, `– no indicator`, with
    /// `(manual)` after a manual one.
    pub fn short(&self) -> String {
        let base = match (self.by, self.met, self.status) {
            (AssessedBy::NotApplicable, _, _) => String::new(),
            (AssessedBy::NoIndicator, _, _) => "– no indicator".to_string(),
            (AssessedBy::NoData, _, _) => "? no data".to_string(),
            _ if !self.years.is_empty() => {
                let at = crate::progress::iptt::latest(&self.years);
                let sym = self.status.map(|s| s.symbol()).unwrap_or("?");
                match at {
                    Some(y) => match y.percent_met {
                        Some(p) => format!("{sym} {p:.0}% in {}", y.year),
                        None => format!("{sym} {}: {}", y.year, y.verdict.label()),
                    },
                    None => "? no data".to_string(),
                }
            }
            (_, Some(true), _) => "✔ met".to_string(),
            (_, Some(false), _) => "✗ missed".to_string(),
            (_, None, Some(s)) => format!("{} {}", s.symbol(), s.short()),
            (_, None, None) => "? no data".to_string(),
        };
        if self.by == AssessedBy::Manual {
            format!("{base} (manual)")
        } else {
            base
        }
    }
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The item's id.
    pub id: String,
    /// Its kind.
    pub kind: ItemKind,
    /// Its short text (rbm's, where it has one; an objective's title).
    pub text: String,
    /// The plan's wording in full.
    pub wording: String,
    /// How it hangs under its parent: the basis of the link (`None` for a
    /// root or a structural child, which is stated).
    pub link: Option<LinkBasis>,
    /// An Action Plan item's drafting status.
    pub drafting: Option<DraftingStatus>,
    /// Where it stands.
    pub status: ItemStatus,
    /// Its children.
    pub children: Vec<Node>,
}

/// What a tree is rooted at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// One goal (its id or number).
    pub goal: Option<String>,
    /// One 2030 or 2023 target.
    pub target: Option<String>,
    /// One thematic priority: rooted at it.
    pub priority: Option<String>,
    /// One Action Plan objective: rooted at it.
    pub objective: Option<String>,
}

/// Counts of one kind of item by where it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Items of the kind.
    pub total: usize,
    /// On track or achieved (computed).
    pub on_track: usize,
    /// Off track (computed).
    pub off_track: usize,
    /// Computed, but neither (insufficient data in the headline group).
    pub unclear: usize,
    /// Assessed by hand (not in the three counts above), by status word.
    pub manual: BTreeMap<String, usize>,
    /// With indicators but no data.
    pub no_data: usize,
    /// With no indicator.
    pub no_indicator: usize,
}

/// The roll-up: outcomes and outputs (and the targets) by where they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rollup {
    /// 2030 targets.
    pub targets_2030: Counts,
    /// 2023 targets.
    pub targets_2023: Counts,
    /// Outcomes.
    pub outcomes: Counts,
    /// Outputs.
    pub outputs: Counts,
}

/// How a Connect 2030 target is accounted for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    /// The target's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Where the plan puts it: `→ SP2030-1.3`, `under the outcomes`,
    /// `measured by proxies`.
    pub placed: String,
    /// Where it stands.
    pub status: ItemStatus,
    /// Judged on the data, in a few words (`met`, `missed by 4.2`), or why
    /// it is not judged.
    pub verdict: String,
}

/// The chain over an analysis.
pub struct Chain<'a> {
    framework: &'a Framework,
    indicators: &'a [&'a Indicator],
    /// Rows of the headline method, by target id.
    rows: BTreeMap<&'a str, Vec<&'a ProgressRow>>,
    /// Manual assessments, by id.
    manual: BTreeMap<&'a str, &'a Manual>,
}

impl<'a> Chain<'a> {
    /// The chain of a framework with the rows of one method.
    pub fn new(
        framework: &'a Framework,
        indicators: &'a [&'a Indicator],
        rows: &'a [ProgressRow],
        method: Method,
        commentary: &'a [Commentary],
    ) -> Self {
        // A breakdown (the rural part, a type of skill) has rows of its
        // own in the tables, but an item stands where its indicators do.
        let breakdowns: BTreeSet<&str> = indicators
            .iter()
            .filter(|i| i.breakdown_of.is_some())
            .map(|i| i.id.as_str())
            .collect();
        let mut by_target: BTreeMap<&str, Vec<&ProgressRow>> = BTreeMap::new();
        for r in rows.iter().filter(|r| {
            r.assessment.method == method && !breakdowns.contains(r.indicator_id.as_str())
        }) {
            by_target.entry(r.target_id.as_str()).or_default().push(r);
        }
        let manual = commentary
            .iter()
            .filter_map(|c| Some((c.id.as_str(), c.manual.as_ref()?)))
            .collect();
        Chain {
            framework,
            indicators,
            rows: by_target,
            manual,
        }
    }

    /// The framework.
    pub fn framework(&self) -> &Framework {
        self.framework
    }

    /// Where an item stands.
    pub fn status(&self, id: &str) -> ItemStatus {
        let Some(item) = self.framework.get(id) else {
            return ItemStatus::of(AssessedBy::NotApplicable);
        };
        if !item.kind.is_measurable() {
            return ItemStatus::of(AssessedBy::NotApplicable);
        }
        let measuring = |ids: &[&str]| -> Vec<String> {
            self.indicators
                .iter()
                .filter(|i| {
                    i.breakdown_of.is_none()
                        && i.targets.iter().any(|t| ids.contains(&t.id.as_str()))
                })
                .map(|i| i.id.clone())
                .collect()
        };
        let mut indicators = measuring(&[id]);
        // An outcome without an indicator of its own is measured by the
        // 2023 targets the plan moved under it.
        let mut via: Vec<String> = Vec::new();
        if indicators.is_empty() {
            let carried: Vec<&str> = self
                .framework
                .carried(item)
                .iter()
                .map(|t| t.id.as_str())
                .collect();
            indicators = measuring(&carried);
            if !indicators.is_empty() {
                via = carried.iter().map(|s| s.to_string()).collect();
            }
        }
        let ids: Vec<&str> = if via.is_empty() {
            vec![id]
        } else {
            via.iter().map(String::as_str).collect()
        };
        let rows: Vec<&ProgressRow> = ids
            .iter()
            .flat_map(|i| self.rows.get(i).cloned().unwrap_or_default())
            .collect();
        let assessed: Vec<&&ProgressRow> = rows
            .iter()
            .filter(|r| {
                r.assessment.status != Status::InsufficientData || r.assessment.met.is_some()
            })
            .collect();
        let manual = self.manual.get(id).copied();
        if assessed.is_empty() {
            if let Some(m) = manual {
                return ItemStatus {
                    status: Some(m.status),
                    indicators,
                    manual: Some(m.clone()),
                    via,
                    ..ItemStatus::of(AssessedBy::Manual)
                };
            }
            let by = if indicators.is_empty() {
                AssessedBy::NoIndicator
            } else {
                AssessedBy::NoData
            };
            return ItemStatus {
                indicators,
                via,
                ..ItemStatus::of(by)
            };
        }
        // The headline group: the World where assessed, else the first
        // group in report order.
        let geo = if assessed.iter().any(|r| r.geo == "WLD") {
            "WLD".to_string()
        } else {
            assessed
                .iter()
                .min_by_key(|r| group::order(r.geo.split('-').next().unwrap_or(&r.geo)))
                .map(|r| r.geo.clone())
                .unwrap_or_default()
        };
        let head: Vec<&&&ProgressRow> = assessed.iter().filter(|r| r.geo == geo).collect();
        let worst = head
            .iter()
            .map(|r| r.assessment.status)
            .filter(|s| *s != Status::InsufficientData)
            .max_by_key(|s| s.rank());
        // A yearly target is judged by its year's verdict (within the
        // margin is on track), not met-or-missed.
        let yearly = |r: &ProgressRow| !r.years.is_empty();
        let met = if head
            .iter()
            .all(|r| r.assessment.met.is_some() && !yearly(r))
        {
            Some(head.iter().all(|r| r.assessment.met == Some(true)))
        } else {
            None
        };
        let on_track = assessed
            .iter()
            .filter(|r| {
                let by_status = matches!(
                    r.assessment.status,
                    Status::TargetAchieved | Status::OnTrack
                );
                match r.assessment.met {
                    Some(m) if !yearly(r) => m,
                    _ => by_status,
                }
            })
            .count();
        let years = head
            .iter()
            .find(|r| !r.years.is_empty())
            .map(|r| r.years.clone())
            .unwrap_or_default();
        // A status is no surer than its least confident headline row. A
        // yearly target is scored, not projected: no grade.
        let confidence = head
            .iter()
            .filter(|r| !yearly(r))
            .map(|r| r.confidence)
            .max_by_key(|c| match c {
                Confidence::High => 0,
                Confidence::Medium => 1,
                Confidence::Low => 2,
            })
            .map(|c| c.as_str().to_string());
        ItemStatus {
            by: AssessedBy::Computed,
            status: worst,
            met,
            geo: Some(geo),
            on_track,
            assessed: assessed.len(),
            confidence,
            indicators,
            manual: None,
            years,
            via,
        }
    }

    fn node(&self, item: &Item, link: Option<LinkBasis>, children: Vec<Node>) -> Node {
        let text = match (&item.title, item.kind) {
            (Some(t), ItemKind::Objective) => t.clone(),
            _ => item.short_text().to_string(),
        };
        Node {
            id: item.id.clone(),
            kind: item.kind,
            text,
            wording: item.text.clone(),
            link,
            drafting: item.drafting.as_ref().map(|d| d.status),
            status: self.status(&item.id),
            children,
        }
    }

    /// An outcome with its outputs and the 2023 targets it serves that the
    /// plan placed under the outcomes.
    fn outcome_node(&self, outcome: &Item, link: Option<LinkBasis>) -> Node {
        let mut children = Vec::new();
        for l in outcome.links_in(LinkField::Serves) {
            if let Some(t) = self.framework.get(&l.to)
                && t.kind == ItemKind::Target2023
                && t.mapping != Some(Mapping::Target2030)
            {
                children.push(self.node(t, Some(l.basis), Vec::new()));
            }
        }
        for (o, l) in self.framework.contributing(&outcome.id) {
            children.push(self.node(o, Some(l.basis), Vec::new()));
        }
        self.node(outcome, link, children)
    }

    fn target_node(&self, target: &Item) -> Node {
        let mut children: Vec<Node> = self
            .framework
            .mapped_2023(&target.id)
            .into_iter()
            .map(|t| self.node(t, None, Vec::new()))
            .collect();
        for (o, l) in self.framework.serving(&target.id) {
            if o.kind == ItemKind::Outcome {
                children.push(self.outcome_node(o, Some(l.basis)));
            }
        }
        self.node(target, None, children)
    }

    fn goal_node(&self, goal: &Item, only_target: Option<&str>) -> Node {
        let mut children = Vec::new();
        for t in self.framework.targets_2030() {
            if t.parent.as_deref() != Some(goal.id.as_str()) {
                continue;
            }
            if only_target.is_some_and(|o| o != t.id) {
                continue;
            }
            children.push(self.target_node(t));
        }
        if only_target.is_none() {
            // Outcomes that reach the goal but serve none of its targets.
            let n = goal.number;
            for o in self.framework.of_kind(ItemKind::Outcome) {
                let serves_target = o.links_in(LinkField::Serves).any(|l| {
                    self.framework
                        .get(&l.to)
                        .is_some_and(|t| t.kind == ItemKind::Target2030)
                });
                if serves_target {
                    continue;
                }
                if let Some((_, basis)) = self
                    .framework
                    .goals_of(o)
                    .into_iter()
                    .find(|(g, _)| g.number == n)
                {
                    children.push(self.outcome_node(o, Some(basis)));
                }
            }
        }
        self.node(goal, None, children)
    }

    /// The chain as a tree, whole or filtered; an error names an unknown
    /// id.
    pub fn tree(&self, filter: &Filter) -> std::result::Result<Vec<Node>, String> {
        let fw = self.framework;
        let find =
            |id: &str, kinds: &[ItemKind], what: &str| -> std::result::Result<&Item, String> {
                match fw.get(id) {
                    Some(i) if kinds.contains(&i.kind) => Ok(i),
                    _ => {
                        let known: Vec<&str> = fw
                            .items
                            .iter()
                            .filter(|i| kinds.contains(&i.kind))
                            .map(|i| i.id.as_str())
                            .collect();
                        let hint = crate::base::vocab::near(id, known.iter().copied())
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        Err(format!(
                            "unknown {what} `{id}`{hint}; known: {}",
                            known.join(", ")
                        ))
                    }
                }
            };
        if let Some(p) = &filter.priority {
            let tp = find(p, &[ItemKind::ThematicPriority], "thematic priority")?;
            let children = fw
                .of_kind(ItemKind::Outcome)
                .filter_map(|o| {
                    let (_, basis) = fw
                        .priorities_of(o)
                        .into_iter()
                        .find(|(t, _)| t.id == tp.id)?;
                    Some(self.outcome_node(o, Some(basis)))
                })
                .collect();
            return Ok(vec![self.node(tp, None, children)]);
        }
        if let Some(o) = &filter.objective {
            let obj = find(o, &[ItemKind::Objective], "objective")?;
            let mut children: Vec<Node> = fw
                .of_objective(&obj.id)
                .into_iter()
                .filter(|i| i.kind == ItemKind::Outcome)
                .map(|i| self.outcome_node(i, None))
                .collect();
            for out in fw.of_objective(&obj.id) {
                if out.kind == ItemKind::Output
                    && out.links_in(LinkField::ContributesTo).next().is_none()
                {
                    children.push(self.node(out, None, Vec::new()));
                }
            }
            return Ok(vec![self.node(obj, None, children)]);
        }
        if let Some(t) = &filter.target {
            let target = find(t, &[ItemKind::Target2030, ItemKind::Target2023], "target")?;
            if target.kind == ItemKind::Target2030 {
                let goal = target.parent.as_deref().and_then(|g| fw.get(g));
                return Ok(match goal {
                    Some(g) => vec![self.goal_node(g, Some(&target.id))],
                    None => vec![self.target_node(target)],
                });
            }
            // A 2023 target: under the 2030 target it maps to, or with the
            // outcomes that serve it.
            if let Some(m) = target.maps_to.as_deref().and_then(|m| fw.get(m)) {
                let mut n = self.target_node(m);
                n.children.retain(|c| c.id == target.id);
                return Ok(vec![n]);
            }
            let children = fw
                .serving(&target.id)
                .into_iter()
                .map(|(o, l)| {
                    let mut n = self.outcome_node(o, Some(l.basis));
                    n.children.retain(|c| c.kind == ItemKind::Output);
                    n
                })
                .collect();
            return Ok(vec![self.node(target, None, children)]);
        }
        let goals: Vec<&Item> = match &filter.goal {
            Some(g) => {
                let by_number = g
                    .parse::<u8>()
                    .ok()
                    .and_then(|n| fw.goal(n))
                    .map(|g| g.id.clone());
                let id = by_number.unwrap_or_else(|| g.clone());
                match fw.get(&id) {
                    Some(goal) if goal.kind == ItemKind::Goal && !goal.former => vec![goal],
                    _ => {
                        let known: Vec<String> = fw
                            .goals()
                            .iter()
                            .map(|g| format!("{} ({})", g.id, g.number.unwrap_or(0)))
                            .collect();
                        return Err(format!(
                            "unknown goal `{g}`: give a goal of the plan by its id or number; known: {}",
                            known.join(", ")
                        ));
                    }
                }
            }
            None => fw.goals(),
        };
        let mut out: Vec<Node> = goals.iter().map(|g| self.goal_node(g, None)).collect();
        if filter.goal.is_none() {
            out.extend(self.elsewhere());
        }
        Ok(out)
    }

    /// The outcomes the goal tree does not hold: under the enablers their
    /// objectives align with, or reaching no goal at all.
    fn elsewhere(&self) -> Vec<Node> {
        let fw = self.framework;
        let placed = |o: &Item| {
            !fw.goals_of(o).is_empty()
                || o.links_in(LinkField::Serves).any(|l| {
                    fw.get(&l.to)
                        .is_some_and(|t| t.kind == ItemKind::Target2030)
                })
        };
        let mut out = Vec::new();
        let mut shown = BTreeSet::new();
        for e in fw.of_kind(ItemKind::Enabler) {
            let children: Vec<Node> = fw
                .of_kind(ItemKind::Outcome)
                .filter(|o| !placed(o))
                .filter_map(|o| {
                    let (_, basis) = fw.enablers_of(o).into_iter().find(|(x, _)| x.id == e.id)?;
                    shown.insert(o.id.clone());
                    Some(self.outcome_node(o, Some(basis)))
                })
                .collect();
            if !children.is_empty() {
                out.push(self.node(e, None, children));
            }
        }
        let serves_2023 = |o: &Item| {
            o.links_in(LinkField::Serves).any(|l| {
                fw.get(&l.to)
                    .is_some_and(|t| t.kind == ItemKind::Target2023)
            })
        };
        let rest: Vec<&Item> = fw
            .of_kind(ItemKind::Outcome)
            .filter(|o| !placed(o) && !shown.contains(&o.id))
            .collect();
        // Outputs linked to their objective only, under it.
        let objectives: Vec<Node> = fw
            .of_kind(ItemKind::Objective)
            .filter_map(|obj| {
                let outs: Vec<Node> = fw
                    .of_objective(&obj.id)
                    .into_iter()
                    .filter(|o| {
                        o.kind == ItemKind::Output
                            && o.links_in(LinkField::ContributesTo).next().is_none()
                    })
                    .map(|o| self.node(o, None, Vec::new()))
                    .collect();
                (!outs.is_empty()).then(|| self.node(obj, None, outs))
            })
            .collect();
        let mut tail = Vec::new();
        if !objectives.is_empty() {
            tail.push(Node {
                id: "(objectives)".to_string(),
                kind: ItemKind::Objective,
                text: "Outputs linked to their objective only, to no outcome".to_string(),
                wording: String::new(),
                link: None,
                drafting: None,
                status: ItemStatus::of(AssessedBy::NotApplicable),
                children: objectives,
            });
        }
        for (id, text, keep) in [
            (
                "(2023 targets)",
                "Outcomes serving only Connect 2030 targets that the plan moved under the outcomes",
                true,
            ),
            (
                "(unlinked)",
                "Outcomes that reach no goal, target or enabler",
                false,
            ),
        ] {
            let children: Vec<Node> = rest
                .iter()
                .filter(|o| serves_2023(o) == keep)
                .map(|o| self.outcome_node(o, None))
                .collect();
            if !children.is_empty() {
                out.push(Node {
                    id: id.to_string(),
                    kind: ItemKind::Outcome,
                    text: text.to_string(),
                    wording: String::new(),
                    link: None,
                    drafting: None,
                    status: ItemStatus::of(AssessedBy::NotApplicable),
                    children,
                });
            }
        }
        out.extend(tail);
        out
    }

    /// Outcomes and outputs (and the targets) by where they stand.
    pub fn rollup(&self) -> Rollup {
        let count = |kind: ItemKind| {
            let mut c = Counts::default();
            for i in self.framework.of_kind(kind) {
                let s = self.status(&i.id);
                c.total += 1;
                match s.by {
                    AssessedBy::Manual => {
                        let w = s.status.map(|s| s.as_str()).unwrap_or("");
                        *c.manual.entry(w.to_string()).or_default() += 1;
                    }
                    AssessedBy::NoData => c.no_data += 1,
                    AssessedBy::NoIndicator => c.no_indicator += 1,
                    AssessedBy::NotApplicable => {}
                    AssessedBy::Computed if s.off_track() => c.off_track += 1,
                    AssessedBy::Computed if s.on_track_now() => c.on_track += 1,
                    AssessedBy::Computed => c.unclear += 1,
                }
            }
            c
        };
        Rollup {
            targets_2030: count(ItemKind::Target2030),
            targets_2023: count(ItemKind::Target2023),
            outcomes: count(ItemKind::Outcome),
            outputs: count(ItemKind::Output),
        }
    }

    /// Why a target its indicators measure is not judged: the reason its
    /// headline row gives (a withheld aggregate, a series break, too few
    /// years), else that no series or cited figure is among the inputs,
    /// with where the figure is published (the indicator's data source).
    fn why_not(&self, id: &str, status: &ItemStatus) -> String {
        let measuring: Vec<&&Indicator> = self
            .indicators
            .iter()
            .filter(|i| status.indicators.contains(&i.id))
            .collect();
        let rows = self.rows.get(id).cloned().unwrap_or_default();
        let row = rows
            .iter()
            .find(|r| r.geo == "WLD")
            .or_else(|| rows.first());
        let has_series = measuring.iter().any(|i| i.series.is_some());
        if let Some(note) = row
            .and_then(|r| r.assessment.notes.first())
            .filter(|_| has_series)
        {
            return format!("not judged: {} ({})", note, status.indicators.join(", "));
        }
        let source = measuring
            .first()
            .map(|i| format!(": {}", i.data_source.trim_end_matches('.')))
            .unwrap_or_default();
        format!(
            "not judged, a data gap ({}){source}",
            status.indicators.join(", ")
        )
    }

    /// Every 2023 target: judged where the data allow, else why not.
    pub fn accounting(&self) -> Vec<Account> {
        let fw = self.framework;
        fw.targets_2023()
            .into_iter()
            .map(|t| {
                let status = self.status(&t.id);
                let placed = match (t.mapping, t.maps_to.as_deref()) {
                    (Some(Mapping::Target2030), Some(m)) => format!("→ {m}"),
                    (Some(Mapping::Outcomes), _) => {
                        let by: Vec<&str> = fw
                            .serving(&t.id)
                            .iter()
                            .map(|(o, _)| o.id.as_str())
                            .collect();
                        if by.is_empty() {
                            "under the outcomes".to_string()
                        } else {
                            format!("under the outcomes ({})", by.join(", "))
                        }
                    }
                    (Some(Mapping::Proxies), _) => "measured by proxies".to_string(),
                    _ => String::new(),
                };
                let verdict = match status.by {
                    AssessedBy::Computed => {
                        let geo = status
                            .geo
                            .as_deref()
                            .and_then(group::group)
                            .map(|g| g.short.to_string())
                            .unwrap_or_default();
                        match status.met {
                            Some(true) => format!("met ({geo})"),
                            Some(false) => format!("missed ({geo})"),
                            None => format!("{} ({geo})", status.short()),
                        }
                    }
                    AssessedBy::Manual => status.short(),
                    AssessedBy::NoData => self.why_not(&t.id, &status),
                    AssessedBy::NoIndicator | AssessedBy::NotApplicable => format!(
                        "not judged: no indicator{}",
                        t.note
                            .as_deref()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default()
                    ),
                };
                Account {
                    id: t.id.clone(),
                    text: t.short_text().to_string(),
                    placed,
                    status,
                    verdict,
                }
            })
            .collect()
    }
}
