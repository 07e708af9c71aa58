//! The group computation: members' filled values joined with group
//! membership and weights, then summed per group and year.
//!
//! Pure: slices in, numbers out. The rules (what is filled, what counts as
//! imputed, when a group-year is withheld) are decided by the caller; this
//! file only does the arithmetic, for every group and year at once. It is
//! one pass over dense tables indexed by economy and year (a few hundred
//! economies, a few dozen years): this runs for every series of every
//! command, and a query engine's planning and threads cost more than the
//! sums themselves (they were a third of `rbm progress`).

/// One member's filled value in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberValue {
    /// Economy index.
    pub economy: u32,
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// Interpolated or held rather than observed.
    pub imputed: bool,
    /// Marked as an estimate by its publisher.
    pub estimate: bool,
}

/// The sums for one group and year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupSums {
    /// Group index.
    pub group: u32,
    /// Year.
    pub year: i32,
    /// Σ w·v over members with a value.
    pub weighted_sum: f64,
    /// Σ w over members with a value.
    pub weight: f64,
    /// Σ w over members whose value is imputed.
    pub imputed_weight: f64,
    /// Σ w over members whose value is an estimate.
    pub estimate_weight: f64,
    /// Σ w over all members with a weight that year.
    pub total_weight: f64,
    /// Median of members' values (0 when not asked for).
    pub median: f64,
    /// Σ v.
    pub sum: f64,
    /// Members with a value.
    pub reporting: u32,
    /// Members with a weight.
    pub members: u32,
}

/// A table over (economy, year) for economies `0..economies` and the
/// years `first..first + span`; a later entry for the same cell replaces
/// an earlier one.
struct Dense<T> {
    first: i32,
    span: usize,
    cells: Vec<Option<T>>,
}

impl<T: Copy> Dense<T> {
    fn new(economies: usize, first: i32, span: usize) -> Self {
        Dense {
            first,
            span,
            cells: vec![None; economies * span],
        }
    }

    fn cell(&self, economy: u32, year: i32) -> usize {
        economy as usize * self.span + (year - self.first) as usize
    }

    fn set(&mut self, economy: u32, year: i32, v: T) {
        let i = self.cell(economy, year);
        self.cells[i] = Some(v);
    }

    fn get(&self, economy: u32, year: i32) -> Option<T> {
        self.cells[self.cell(economy, year)]
    }
}

/// Add one member's weight and value in a year to its group's sums: the
/// value, when it counts (it has a weight).
fn add(s: &mut GroupSums, weight: Option<f64>, value: Option<&MemberValue>) -> Option<f64> {
    let w = weight?;
    s.total_weight += w;
    s.members += 1;
    let v = value?;
    s.weighted_sum += v.value * w;
    s.weight += w;
    if v.imputed {
        s.imputed_weight += w;
    }
    if v.estimate {
        s.estimate_weight += w;
    }
    s.sum += v.value;
    s.reporting += 1;
    Some(v.value)
}

/// The median of values (sorted here): the middle one, or for an even
/// count the point halfway between the two middle ones.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let (lower, upper) = (values[(n - 1) / 2], values[n / 2]);
    if lower == upper {
        lower
    } else {
        0.5 * (upper - lower) + lower
    }
}

/// Sum members' values per group and year. `members` lists (economy,
/// group); `weights` (economy, year, weight). Members without a weight in a
/// year take no part in that year. Group-years where no member has both a
/// value and a weight are left out; the rest come sorted by group and
/// year. The medians are computed only `with_median`: sorting every
/// group-year's values is most of the work, and only a median
/// aggregation reads them.
pub fn group_sums(
    values: &[MemberValue],
    members: &[(u32, u32)],
    weights: &[(u32, i32, f64)],
    with_median: bool,
) -> Vec<GroupSums> {
    if values.is_empty() || members.is_empty() || weights.is_empty() {
        return Vec::new();
    }
    let years = values
        .iter()
        .map(|v| v.year)
        .chain(weights.iter().map(|w| w.1));
    let (first, last) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let span = (last - first + 1) as usize;
    let economies = 1 + values
        .iter()
        .map(|v| v.economy)
        .chain(members.iter().map(|m| m.0))
        .chain(weights.iter().map(|w| w.0))
        .max()
        .unwrap_or(0) as usize;
    let mut weight = Dense::new(economies, first, span);
    for &(e, y, w) in weights {
        weight.set(e, y, w);
    }
    let mut value = Dense::new(economies, first, span);
    for v in values {
        value.set(v.economy, v.year, *v);
    }
    let mut of_group: Vec<(u32, Vec<u32>)> = Vec::new();
    let mut sorted = members.to_vec();
    sorted.sort_by_key(|&(e, g)| (g, e));
    sorted.dedup();
    for (e, g) in sorted {
        match of_group.last_mut() {
            Some((last, list)) if *last == g => list.push(e),
            _ => of_group.push((g, vec![e])),
        }
    }
    let empty = |group: u32, year: i32| GroupSums {
        group,
        year,
        weighted_sum: 0.0,
        weight: 0.0,
        imputed_weight: 0.0,
        estimate_weight: 0.0,
        total_weight: 0.0,
        median: 0.0,
        sum: 0.0,
        reporting: 0,
        members: 0,
    };
    let mut out = Vec::new();
    let mut reported = Vec::new();
    let mut sums: Vec<GroupSums> = Vec::with_capacity(span);
    for (group, economies) in &of_group {
        if !with_median {
            // Member by member over all the years at once, each member's
            // years side by side in the tables: every group-year still adds
            // its members in the same order, so the sums are the same to
            // the bit, without a look-up per member and year.
            sums.clear();
            sums.extend((first..=last).map(|year| empty(*group, year)));
            for &e in economies {
                let at = e as usize * span;
                let cells = weight.cells[at..at + span]
                    .iter()
                    .zip(&value.cells[at..at + span]);
                for (s, (w, v)) in sums.iter_mut().zip(cells) {
                    add(s, *w, v.as_ref());
                }
            }
            out.extend(sums.iter().filter(|s| s.reporting > 0));
            continue;
        }
        for year in first..=last {
            let mut s = empty(*group, year);
            reported.clear();
            for &e in economies {
                if let Some(v) = add(&mut s, weight.get(e, year), value.get(e, year).as_ref()) {
                    reported.push(v);
                }
            }
            if s.reporting > 0 {
                s.median = median(&mut reported);
                out.push(s);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_by_hand() {
        // Group 0 has economies 0, 1, 2 (weights 1, 3, 6 in 2020); economy 2
        // has no value. Values 10 (observed) and 30 (imputed).
        // Σw·v = 10 + 90 = 100; Σw = 4; mean 25; coverage 4/10; imputed 3/10.
        let values = [
            MemberValue {
                economy: 0,
                year: 2020,
                value: 10.0,
                imputed: false,
                estimate: false,
            },
            MemberValue {
                economy: 1,
                year: 2020,
                value: 30.0,
                imputed: true,
                estimate: true,
            },
        ];
        let members = [(0, 0), (1, 0), (2, 0)];
        let weights = [(0, 2020, 1.0), (1, 2020, 3.0), (2, 2020, 6.0)];
        let s = group_sums(&values, &members, &weights, true);
        assert_eq!(s.len(), 1);
        let g = s[0];
        assert_eq!(
            (g.weighted_sum, g.weight, g.total_weight),
            (100.0, 4.0, 10.0)
        );
        assert_eq!((g.imputed_weight, g.estimate_weight), (3.0, 3.0));
        assert_eq!(
            (g.median, g.sum, g.reporting, g.members),
            (20.0, 40.0, 2, 3)
        );
        // Without medians: the same sums, the median left at 0.
        let without = group_sums(&values, &members, &weights, false);
        assert_eq!(without, vec![GroupSums { median: 0.0, ..g }]);
    }

    /// The sums without medians (member by member over the years) are
    /// those with medians (year by year over the members), to the bit:
    /// 30 economies in three overlapping groups, values and weights with
    /// gaps, some imputed or estimated.
    #[test]
    fn sums_are_the_same_whichever_way_they_are_added() {
        let mut values = Vec::new();
        let mut weights = Vec::new();
        for e in 0..30u32 {
            for year in 2000..2012 {
                let k = e * 31 + year as u32 * 7;
                if !k.is_multiple_of(5) {
                    weights.push((e, year, 1.0 / f64::from(k % 13 + 1)));
                }
                if !k.is_multiple_of(4) {
                    values.push(MemberValue {
                        economy: e,
                        year,
                        value: f64::from(k % 97) / 3.0,
                        imputed: k.is_multiple_of(3),
                        estimate: k.is_multiple_of(7),
                    });
                }
            }
        }
        let members: Vec<(u32, u32)> = (0..30)
            .flat_map(|e| [(e, 0), (e, 1 + e % 2)])
            .chain([(31, 2)])
            .collect();
        let with = group_sums(&values, &members, &weights, true);
        let without = group_sums(&values, &members, &weights, false);
        assert!(with.len() > 30, "{}", with.len());
        let bits = |s: &GroupSums| {
            (
                (s.group, s.year, s.reporting, s.members),
                [s.weighted_sum, s.weight, s.imputed_weight].map(f64::to_bits),
                [s.estimate_weight, s.total_weight, s.sum].map(f64::to_bits),
            )
        };
        assert_eq!(
            with.iter().map(bits).collect::<Vec<_>>(),
            without.iter().map(bits).collect::<Vec<_>>()
        );
    }

    #[test]
    fn groups_and_years_in_order_and_only_where_a_member_reports() {
        // Group 1 = economies 0, 1, 2 and group 0 = economy 2, weights 1
        // in 2020 and 2021. 2020: economies 0, 1, 2 report 5, 1, 3, so
        // group 1's median is 3 (odd count) and group 0's is 3; 2021:
        // only economy 0 reports (7), so group 0 has no 2021 row.
        let v = |economy, year, value| MemberValue {
            economy,
            year,
            value,
            imputed: false,
            estimate: false,
        };
        let values = [
            v(0, 2020, 5.0),
            v(1, 2020, 1.0),
            v(2, 2020, 3.0),
            v(0, 2021, 7.0),
        ];
        let members = [(0, 1), (1, 1), (2, 1), (2, 0)];
        let weights: Vec<(u32, i32, f64)> = (0..3)
            .flat_map(|e| [(e, 2020, 1.0), (e, 2021, 1.0)])
            .collect();
        let s = group_sums(&values, &members, &weights, true);
        let keys: Vec<(u32, i32)> = s.iter().map(|g| (g.group, g.year)).collect();
        assert_eq!(keys, [(0, 2020), (1, 2020), (1, 2021)]);
        assert_eq!((s[0].median, s[0].members, s[0].reporting), (3.0, 1, 1));
        assert_eq!((s[1].median, s[1].sum, s[1].reporting), (3.0, 9.0, 3));
        // 2021: one of three members reports: Σw 1 of a total of 3.
        assert_eq!(
            (s[2].weight, s[2].total_weight, s[2].median),
            (1.0, 3.0, 7.0)
        );
    }
}
