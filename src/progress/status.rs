//! The words progress is reported in: the [`Status`] of a series against
//! its target, and the [`Method`] that judged it.

use crate::base::vocab::vocabulary;

vocabulary! {
    /// The status of a series against its target.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Status: "status" {
        /// Already at or beyond the target.
        TargetAchieved = "target_achieved",
        /// On course to reach the target by its year.
        OnTrack = "on_track",
        /// Moving the right way, too slowly.
        AccelerationNeeded = "acceleration_needed",
        /// Barely moving the right way.
        LimitedProgress = "limited_progress",
        /// Moving the wrong way.
        Deterioration = "deterioration",
        /// Not enough data to tell.
        InsufficientData = "insufficient_data",
    }
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 6] = [
        Status::TargetAchieved,
        Status::OnTrack,
        Status::AccelerationNeeded,
        Status::LimitedProgress,
        Status::Deterioration,
        Status::InsufficientData,
    ];

    /// Words for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Status::TargetAchieved => "Target achieved",
            Status::OnTrack => "On track",
            Status::AccelerationNeeded => "Acceleration needed",
            Status::LimitedProgress => "Limited progress",
            Status::Deterioration => "Deterioration",
            Status::InsufficientData => "Insufficient data",
        }
    }

    /// A few letters for narrow table cells, beside the symbol.
    pub fn short(self) -> &'static str {
        match self {
            Status::TargetAchieved => "achieved",
            Status::OnTrack => "on track",
            Status::AccelerationNeeded => "accelerate",
            Status::LimitedProgress => "limited",
            Status::Deterioration => "worsening",
            Status::InsufficientData => "no data",
        }
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::TargetAchieved => "✔",
            Status::OnTrack => "↑",
            Status::AccelerationNeeded => "↗",
            Status::LimitedProgress => "→",
            Status::Deterioration => "↓",
            Status::InsufficientData => "?",
        }
    }

    /// How good it is: 0 best … 4 worst; insufficient data sorts last.
    pub fn rank(self) -> u8 {
        match self {
            Status::TargetAchieved => 0,
            Status::OnTrack => 1,
            Status::AccelerationNeeded => 2,
            Status::LimitedProgress => 3,
            Status::Deterioration => 4,
            Status::InsufficientData => 5,
        }
    }

    /// Where the status stands in [`Status::ALL`], for tables of counts.
    pub fn index(self) -> usize {
        usize::from(self.rank())
    }
}

vocabulary! {
    /// The progress methods.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Method: "method" {
        /// Observed against required compound annual growth (Eurostat,
        /// Statistics Canada, Open SDG); the default.
        CagrRatio = "cagr_ratio",
        /// The observed growth projected to the target year (UNSD progress
        /// chart).
        Projection = "projection",
        /// Time-weighted linear regression (ESCAP anticipated progress).
        Regression = "regression",
    }
}

impl Method {
    /// All methods, default first.
    pub const ALL: [Method; 3] = [Method::CagrRatio, Method::Projection, Method::Regression];

    /// The method statuses, charts and the report use by default.
    pub const DEFAULT: Method = Method::CagrRatio;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Vocabulary;

    #[test]
    fn status_ranks_best_first() {
        let ranks: Vec<u8> = Status::ALL.iter().map(|s| s.rank()).collect();
        assert_eq!(ranks, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(<Status as Vocabulary>::ALL, &Status::ALL[..]);
    }
}
