//! The closed lists of the definition files, one type each: the unit, the
//! direction, the target's kind and basis, the aggregation rule and its
//! weight, the comparison of a share-of-economies condition. Each lists
//! its words once (see [`crate::base::vocab`]); the checker parses with
//! them and its "expected …" messages are generated from them.
//!
//! [`Unit`] also owns how a value in it is written ([`Unit::value`]): the
//! one formatter behind terminal tables, the report and the charts.

use std::fmt;

use crate::base::number::{self, Minus};
use crate::base::vocab::vocabulary;

vocabulary! {
    /// The unit an indicator is measured in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Unit: "unit" {
        Percent = "percent": "A share in percent, 0–100 (households, individuals, population).",
        PercentGniPc = "percent_gni_pc": "A price as % of monthly GNI per capita; can exceed 100.",
        Ratio = "ratio": "A ratio of two values (parity scores).",
        Per100 = "per_100": "Per 100 inhabitants.",
        Count = "count": "A count.",
        Millions = "millions": "A count in millions (subscriptions).",
    }
}

/// Which sign follows a value in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// None: the unit is in the column header or the title.
    None,
    /// `%` for shares and prices, nothing for the others: charts, the
    /// report's tables.
    Short,
    /// The unit in words: `1.9% of GNI p.c.`, `5 per 100`.
    Words,
}

/// A value in a unit, ready to be written: see [`Unit::value`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueText {
    unit: Unit,
    value: f64,
    decimals: Option<usize>,
    symbol: Symbol,
    minus: Minus,
}

impl ValueText {
    /// With this many decimals instead of the unit's.
    pub fn decimals(mut self, decimals: usize) -> Self {
        self.decimals = Some(decimals);
        self
    }

    /// With as many decimals as the number needs (`100`, `0.5`), for
    /// values people wrote, such as targets.
    pub fn as_written(mut self) -> Self {
        self.decimals = None;
        self
    }

    /// With the unit's sign after it.
    pub fn symbol(mut self, symbol: Symbol) -> Self {
        self.symbol = symbol;
        self
    }

    /// With the typographic minus sign, for text a person reads in a
    /// terminal.
    pub fn typographic(mut self) -> Self {
        self.minus = Minus::Typographic;
        self
    }
}

impl fmt::Display for ValueText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = match self.decimals {
            Some(d) => number::fixed_with(self.value, d, self.minus),
            None => number::plain(self.value),
        };
        let symbol = match (self.symbol, self.unit) {
            (Symbol::None, _) => "",
            (Symbol::Short, Unit::Percent | Unit::PercentGniPc) => "%",
            (Symbol::Short, _) => "",
            (Symbol::Words, Unit::Percent) => "%",
            (Symbol::Words, Unit::PercentGniPc) => "% of GNI p.c.",
            (Symbol::Words, Unit::Per100) => " per 100",
            (Symbol::Words, Unit::Millions) => " million",
            (Symbol::Words, Unit::Ratio | Unit::Count) => "",
        };
        write!(f, "{number}{symbol}")
    }
}

impl Unit {
    /// Decimals of a value in this unit wherever people read it: shares
    /// and rates to a tenth, prices as % of GNI to a hundredth, ratios to a
    /// thousandth, counts whole.
    pub fn decimals(self) -> usize {
        match self {
            Unit::Percent | Unit::Per100 | Unit::Millions => 1,
            Unit::PercentGniPc => 2,
            Unit::Ratio => 3,
            Unit::Count => 0,
        }
    }

    /// A value in this unit: the unit's decimals, no sign after it and an
    /// ASCII minus, until told otherwise.
    pub fn value(self, value: f64) -> ValueText {
        ValueText {
            unit: self,
            value,
            decimals: Some(self.decimals()),
            symbol: Symbol::None,
            minus: Minus::Ascii,
        }
    }

    /// A very short label for narrow table columns and headers.
    pub fn short(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PercentGniPc => "%GNIpc",
            Unit::Ratio => "ratio",
            Unit::Per100 => "/100",
            Unit::Count => "count",
            Unit::Millions => "mn",
        }
    }

    /// A short label for chart axes and table headers.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PercentGniPc => "% of monthly GNI per capita",
            Unit::Ratio => "ratio",
            Unit::Per100 => "per 100 inhabitants",
            Unit::Count => "count",
            Unit::Millions => "millions",
        }
    }

    /// Natural limits when a definition gives none.
    pub fn default_limits(self) -> (f64, f64) {
        match self {
            Unit::Percent => (0.0, 100.0),
            _ => (0.0, f64::INFINITY),
        }
    }
}

vocabulary! {
    /// Which way is progress.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Direction: "direction" {
        Increase = "increase": "Higher is better.",
        Decrease = "decrease": "Lower is better.",
        Band = "band": "Inside a band is best (parity scores).",
    }
}

impl Direction {
    /// An arrow for narrow table columns.
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::Increase => "↑",
            Direction::Decrease => "↓",
            Direction::Band => "band",
        }
    }

    /// +1 when higher is better, −1 when lower is (a band counts as higher).
    pub fn sign(self) -> f64 {
        match self {
            Direction::Decrease => -1.0,
            _ => 1.0,
        }
    }

    /// `≤` for a decrease, `≥` otherwise: the side of a threshold to be on.
    pub fn threshold_sign(self) -> &'static str {
        if self == Direction::Decrease {
            "≤"
        } else {
            "≥"
        }
    }
}

vocabulary! {
    /// `official`: the plan's own number; `derived`: rbm's quantification
    /// of a qualitative target ("universal", "majority").
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Basis: "basis" {
        Official = "official": "The number is the plan's.",
        Derived = "derived": "The number is rbm's reading of words such as \"universal\".",
    }
}

vocabulary! {
    /// A comparison for share-of-economies conditions.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum CmpOp: "comparison" {
        Lt = "<": "Below.",
        Le = "<=": "At or below.",
        Gt = ">": "Above.",
        Ge = ">=": "At or above.",
    }
}

impl CmpOp {
    /// Whether `a op b` holds.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    /// The comparison as tables and charts write it: `<`, `≤`, `>`, `≥`.
    pub fn sign(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "≤",
            CmpOp::Gt => ">",
            CmpOp::Ge => "≥",
        }
    }
}

vocabulary! {
    /// The kinds of target (what [`super::TargetKind`] holds, by name).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Kind: "target kind" {
        Level = "level": "Reach the value by the target year.",
        Threshold = "threshold": "Be at or beyond the value (already beyond: achieved).",
        Relative = "relative": "Change by a percentage from a baseline year.",
        Gap = "gap": "Shrink the difference between two groups by a percentage.",
        Parity = "parity": "Keep a ratio within a band.",
        ShareOfEconomies = "share_of_economies": "A share of the group's economies meets a condition.",
        Yearly = "yearly": "A target for each year (an output KPI), scored as % of the year's target met.",
    }
}

vocabulary! {
    /// The models a definition may choose for the `trend` method
    /// (`[progress] model`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum TrendModel: "trend model" {
        LogitLinear = "logit_linear": "A straight line on the logit scale: shares bounded by the natural limits.",
        LogLinear = "log_linear": "A straight line on the log scale: a constant percentage change a year.",
        Linear = "linear": "A straight line.",
    }
}

vocabulary! {
    /// How economies' values become a group's value, by name (what
    /// [`super::AggregationMethod`] holds).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Rule: "aggregation method" {
        WeightedMean = "weighted_mean": "Σ wᵢ·yᵢ / Σ wᵢ, with a `weight`.",
        Median = "median": "The median over economies.",
        Sum = "sum": "The sum over economies.",
    }
}

vocabulary! {
    /// What a weighted mean weights economies by, by name (what
    /// [`super::Weight`] holds).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum WeightKind: "weight" {
        Population = "population": "People.",
        Households = "households": "Households (population ÷ average household size).",
        Economies = "economies": "Each economy once.",
        Series = "series:<code>": "Another series' values.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Vocabulary;

    #[test]
    fn every_list_names_its_words_once() {
        assert_eq!(
            Unit::expected(),
            "percent, percent_gni_pc, ratio, per_100, count or millions"
        );
        assert_eq!(
            Kind::expected(),
            "level, threshold, relative, gap, parity, share_of_economies or yearly"
        );
        assert_eq!(CmpOp::parse("<="), Some(CmpOp::Le));
        assert_eq!(
            WeightKind::unknown("people"),
            "unknown weight `people`: expected population, households, economies or series:<code>"
        );
    }

    #[test]
    fn one_formatter_writes_a_value_for_every_reader() {
        let v = Unit::PercentGniPc.value(-0.664);
        assert_eq!(v.to_string(), "-0.66");
        assert_eq!(v.typographic().to_string(), "\u{2212}0.66");
        assert_eq!(v.symbol(Symbol::Short).to_string(), "-0.66%");
        assert_eq!(
            Unit::PercentGniPc
                .value(2.0)
                .as_written()
                .symbol(Symbol::Words)
                .to_string(),
            "2% of GNI p.c."
        );
        assert_eq!(Unit::Percent.value(41.25).to_string(), "41.2");
        assert_eq!(Unit::Ratio.value(0.5734).to_string(), "0.573");
    }
}
