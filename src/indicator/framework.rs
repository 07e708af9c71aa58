//! The results framework: the ten 2030 targets of the ITU Strategic Plan
//! 2024–2027 and the Connect 2030 Agenda targets for 2023 that map to them.
//!
//! These ids and texts are fixed; indicator files refer to them and
//! `rbm check` verifies that they do (the "Relevant" criterion). Which
//! indicator measures a target, and with what numbers, lives in
//! `indicators/`, not here.

/// A target of a strategic plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanTarget {
    /// `SP2030-1.3` or `C2023-2.2`.
    pub id: &'static str,
    /// The Strategic Plan 2024–2027 goal (1 universal connectivity, 2
    /// sustainable digital transformation) the target belongs or maps to.
    pub goal: u8,
    /// For a 2023 target: the 2030 target it maps to.
    pub maps_to: Option<&'static str>,
    /// The target in short.
    pub text: &'static str,
}

/// The strategic goals of the ITU Strategic Plan 2024–2027.
pub const GOALS: &[(u8, &str)] = &[
    (1, "Universal connectivity"),
    (2, "Sustainable digital transformation"),
];

/// The ten 2030 targets (ITU Strategic Plan 2024–2027, Resolution 71 (Rev.
/// Bucharest, 2022)).
#[rustfmt::skip]
pub const TARGETS_2030: &[PlanTarget] = &[
    PlanTarget { id: "SP2030-1.1", goal: 1, maps_to: None, text: "Universal broadband coverage" },
    PlanTarget { id: "SP2030-1.2", goal: 1, maps_to: None, text: "Broadband affordable for all" },
    PlanTarget { id: "SP2030-1.3", goal: 1, maps_to: None, text: "Broadband access to every household" },
    PlanTarget { id: "SP2030-2.1", goal: 2, maps_to: None, text: "Universal use of the Internet by individuals" },
    PlanTarget { id: "SP2030-2.2", goal: 2, maps_to: None, text: "All digital gaps bridged (gender, age, urban/rural)" },
    PlanTarget { id: "SP2030-2.3", goal: 2, maps_to: None, text: "Universal use of the Internet by businesses" },
    PlanTarget { id: "SP2030-2.4", goal: 2, maps_to: None, text: "Internet access for all schools" },
    PlanTarget { id: "SP2030-2.5", goal: 2, maps_to: None, text: "Majority of individuals with digital skills" },
    PlanTarget { id: "SP2030-2.6", goal: 2, maps_to: None, text: "Majority of individuals interacting with government services online" },
    PlanTarget { id: "SP2030-2.7", goal: 2, maps_to: None, text: "ICTs' contribution to climate action" },
];

/// The Connect 2030 Agenda targets for 2023 (Resolution 71 (Rev. Dubai,
/// 2018)) that map onto the 2030 targets.
#[rustfmt::skip]
pub const TARGETS_2023: &[PlanTarget] = &[
    PlanTarget { id: "C2023-1.1", goal: 1, maps_to: Some("SP2030-1.3"), text: "Worldwide, 65% of households with access to the Internet" },
    PlanTarget { id: "C2023-1.2", goal: 2, maps_to: Some("SP2030-2.1"), text: "Worldwide, 70% of individuals using the Internet" },
    PlanTarget { id: "C2023-1.3", goal: 1, maps_to: Some("SP2030-1.2"), text: "Telecommunication/ICT 25% more affordable than in 2017" },
    PlanTarget { id: "C2023-1.6", goal: 1, maps_to: Some("SP2030-1.1"), text: "40% of countries with over half of broadband subscriptions above 10 Mbit/s" },
    PlanTarget { id: "C2023-1.7", goal: 2, maps_to: Some("SP2030-2.6"), text: "40% of individuals interacting with government services online" },
    PlanTarget { id: "C2023-2.1", goal: 1, maps_to: Some("SP2030-1.3"), text: "In the developing world, 60% of households with access to the Internet" },
    PlanTarget { id: "C2023-2.2", goal: 1, maps_to: Some("SP2030-1.3"), text: "In the least developed countries, 30% of households with access to the Internet" },
    PlanTarget { id: "C2023-2.3", goal: 2, maps_to: Some("SP2030-2.1"), text: "In the developing world, 60% of individuals using the Internet" },
    PlanTarget { id: "C2023-2.4", goal: 2, maps_to: Some("SP2030-2.1"), text: "In the least developed countries, 30% of individuals using the Internet" },
    PlanTarget { id: "C2023-2.5", goal: 1, maps_to: Some("SP2030-1.2"), text: "Affordability gap between developed and developing countries reduced by 25% from 2017" },
    PlanTarget { id: "C2023-2.6", goal: 1, maps_to: Some("SP2030-1.2"), text: "Broadband services cost no more than 3% of average monthly income in developing countries" },
    PlanTarget { id: "C2023-2.7", goal: 1, maps_to: Some("SP2030-1.1"), text: "96% of the world population covered by broadband services" },
    PlanTarget { id: "C2023-2.8", goal: 2, maps_to: Some("SP2030-2.2"), text: "Gender equality in Internet use and mobile phone ownership" },
    PlanTarget { id: "C2023-2.10", goal: 2, maps_to: Some("SP2030-2.5"), text: "Proportion of youth and adults with ICT skills improved by 40%" },
    PlanTarget { id: "C2023-3.2", goal: 2, maps_to: Some("SP2030-2.7"), text: "Global e-waste recycling rate of 30%" },
    PlanTarget { id: "C2023-3.3", goal: 2, maps_to: Some("SP2030-2.7"), text: "50% of countries with e-waste legislation" },
    PlanTarget { id: "C2023-3.4", goal: 2, maps_to: Some("SP2030-2.7"), text: "Net ICT-enabled greenhouse gas abatement increased by 30% from 2010" },
];

/// The plan target with this id, 2030 or 2023.
pub fn plan_target(id: &str) -> Option<&'static PlanTarget> {
    TARGETS_2030
        .iter()
        .chain(TARGETS_2023.iter())
        .find(|t| t.id == id)
}

/// The name of a strategic goal.
pub fn goal_name(goal: u8) -> Option<&'static str> {
    GOALS.iter().find(|(g, _)| *g == goal).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_2023_target_maps_to_a_2030_target_of_the_same_goal() {
        for t in TARGETS_2023 {
            let to = t
                .maps_to
                .and_then(plan_target)
                .expect("maps to a 2030 target");
            assert_eq!(to.goal, t.goal, "{}", t.id);
            assert!(to.id.starts_with("SP2030-"));
        }
        assert_eq!(TARGETS_2030.len(), 10);
    }
}
