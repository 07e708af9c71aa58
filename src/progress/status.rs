//! The words progress is reported in: the [`Status`] of a series against
//! its target, and the [`Method`] that judged it.

use crate::base::vocab::vocabulary;

vocabulary! {
    /// The status of a series against its target.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Status: "status" {
        TargetAchieved = "target_achieved": "Already at or beyond the target.",
        OnTrack = "on_track": "On course to reach the target by its year.",
        AccelerationNeeded = "acceleration_needed": "Moving the right way, too slowly.",
        LimitedProgress = "limited_progress": "Barely moving the right way.",
        Deterioration = "deterioration": "Moving the wrong way.",
        InsufficientData = "insufficient_data": "Not enough data to tell.",
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

    /// How each status reads, in [`Status::ALL`] order: words for a
    /// reader, a few letters for narrow cells, a symbol that reads without
    /// colour.
    #[rustfmt::skip]
    const FACES: [(&'static str, &'static str, &'static str); 6] = [
        ("Target achieved", "achieved", "✔"),
        ("On track", "on track", "↑"),
        ("Acceleration needed", "accelerate", "↗"),
        ("Limited progress", "limited", "→"),
        ("Deterioration", "worsening", "↓"),
        ("Insufficient data", "no data", "?"),
    ];

    /// Where the status stands in [`Status::ALL`], for tables of counts.
    pub fn index(self) -> usize {
        Status::ALL.iter().position(|s| *s == self).unwrap_or(5)
    }

    /// Words for a reader.
    pub fn label(self) -> &'static str {
        Status::FACES[self.index()].0
    }

    /// A few letters for narrow table cells, beside the symbol.
    pub fn short(self) -> &'static str {
        Status::FACES[self.index()].1
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        Status::FACES[self.index()].2
    }

    /// How good it is: 0 best … 4 worst; insufficient data sorts last.
    pub fn rank(self) -> u8 {
        u8::try_from(self.index()).unwrap_or(u8::MAX)
    }
}

vocabulary! {
    /// The progress methods.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Method: "method" {
        Trend = "trend": "The default: the model of the series' kind (logit-linear shares, log-linear prices and counts, linear parity distances) since the base year, judged on where it is in the target year.",
        CagrRatio = "cagr_ratio": "For comparison with Open SDG and Eurostat: observed against required compound growth.",
        Projection = "projection": "For comparison with UNSD: the observed compound growth projected to the target year.",
        Regression = "regression": "For comparison with ESCAP: time-weighted linear regression (anticipated progress).",
    }
}

impl Method {
    /// All methods, default first.
    pub const ALL: [Method; 4] = [
        Method::Trend,
        Method::CagrRatio,
        Method::Projection,
        Method::Regression,
    ];

    /// The method statuses, charts and the report use by default.
    pub const DEFAULT: Method = Method::Trend;

    /// The methods kept by name for comparison with other agencies.
    pub const NAMED: [Method; 3] = [Method::CagrRatio, Method::Projection, Method::Regression];

    /// Whose method it is, for notes: `Open SDG's`, `UNSD's`, `ESCAP's`,
    /// or `rbm's` for the default.
    pub fn owner(self) -> &'static str {
        match self {
            Method::Trend => "rbm's",
            Method::CagrRatio => "Open SDG's",
            Method::Projection => "UNSD's",
            Method::Regression => "ESCAP's",
        }
    }
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
