//! The group computation on polars: members' filled values joined with
//! group membership and weights, then summed per group and year.
//!
//! Pure: frames in, numbers out. The rules (what is filled, what counts as
//! imputed, when a group-year is withheld) are decided by the caller; this
//! file only does the arithmetic, for every group and year at once.

use polars::prelude::*;

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
    /// Median of members' values.
    pub median: f64,
    /// Σ v.
    pub sum: f64,
    /// Members with a value.
    pub reporting: u32,
    /// Members with a weight.
    pub members: u32,
}

fn to_f64(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
}

/// Sum members' values per group and year. `members` lists (economy,
/// group); `weights` (economy, year, weight). Members without a weight in a
/// year take no part in that year.
pub fn group_sums(
    values: &[MemberValue],
    members: &[(u32, u32)],
    weights: &[(u32, i32, f64)],
) -> PolarsResult<Vec<GroupSums>> {
    if values.is_empty() || members.is_empty() || weights.is_empty() {
        return Ok(Vec::new());
    }
    let panel = df!(
        "eco" => values.iter().map(|v| v.economy).collect::<Vec<_>>(),
        "year" => values.iter().map(|v| v.year).collect::<Vec<_>>(),
        "value" => values.iter().map(|v| v.value).collect::<Vec<_>>(),
        "imputed" => values.iter().map(|v| f64::from(u8::from(v.imputed))).collect::<Vec<_>>(),
        "est" => values.iter().map(|v| f64::from(u8::from(v.estimate))).collect::<Vec<_>>(),
    )?;
    let membership = df!(
        "eco" => members.iter().map(|m| m.0).collect::<Vec<_>>(),
        "grp" => members.iter().map(|m| m.1).collect::<Vec<_>>(),
    )?;
    let weight = df!(
        "eco" => weights.iter().map(|w| w.0).collect::<Vec<_>>(),
        "year" => weights.iter().map(|w| w.1).collect::<Vec<_>>(),
        "w" => weights.iter().map(|w| w.2).collect::<Vec<_>>(),
    )?;
    let keys = || [col("grp"), col("year")];
    let totals = membership
        .clone()
        .lazy()
        .inner_join(weight.clone().lazy(), col("eco"), col("eco"))
        .group_by(keys())
        .agg([col("w").sum().alias("total_w"), len().alias("n_members")]);
    let sums = panel
        .lazy()
        .inner_join(membership.lazy(), col("eco"), col("eco"))
        .join(
            weight.lazy(),
            [col("eco"), col("year")],
            [col("eco"), col("year")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by(keys())
        .agg([
            (col("value") * col("w")).sum().alias("wv"),
            col("w").sum().alias("w"),
            (col("w") * col("imputed")).sum().alias("w_imp"),
            (col("w") * col("est")).sum().alias("w_est"),
            col("value").median().alias("median"),
            col("value").sum().alias("vsum"),
            len().alias("n"),
        ])
        .join(totals, keys(), keys(), JoinArgs::new(JoinType::Left))
        .sort(["grp", "year"], SortMultipleOptions::default())
        .collect()?;
    let grp = to_f64(&sums, "grp")?;
    let year = to_f64(&sums, "year")?;
    let wv = to_f64(&sums, "wv")?;
    let w = to_f64(&sums, "w")?;
    let w_imp = to_f64(&sums, "w_imp")?;
    let w_est = to_f64(&sums, "w_est")?;
    let median = to_f64(&sums, "median")?;
    let vsum = to_f64(&sums, "vsum")?;
    let n = to_f64(&sums, "n")?;
    let total_w = to_f64(&sums, "total_w")?;
    let n_members = to_f64(&sums, "n_members")?;
    Ok((0..sums.height())
        .map(|i| GroupSums {
            group: grp[i] as u32,
            year: year[i] as i32,
            weighted_sum: wv[i],
            weight: w[i],
            imputed_weight: w_imp[i],
            estimate_weight: w_est[i],
            total_weight: total_w[i],
            median: median[i],
            sum: vsum[i],
            reporting: n[i] as u32,
            members: n_members[i] as u32,
        })
        .collect())
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
        let s = group_sums(&values, &members, &weights).expect("sums");
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
    }
}
