//! Tables for the terminal: progress per indicator and target, the
//! analyst's gaps, series values and computed-against-published values,
//! each within [`WIDTH`] columns with names whole (see [`super::table`]
//! for the rule).
//!
//! One number style per unit: the unit's decimals ([`Unit::decimals`]),
//! the typographic minus, the unit under each value column's name. A
//! parity target shows its ratio wherever a value is shown, and its
//! distance to the band under that name. Colour marks statuses when
//! [`Style::color`] is on.

use std::collections::BTreeMap;

use super::rows::SeriesRow;
pub use super::table::Style;
use super::table::{Align, Cell, Table, Tone, paragraph};
use crate::aggregate::{Comparison, Origin, WithheldWhy};
use crate::base::Vocabulary;
use crate::base::number::{Minus, fixed_with};
use crate::classify::group;
use crate::indicator::{Indicator, Symbol, Target, TargetKind, Unit};
use crate::progress::backtest::{Backtest, SeriesKind, Summary};
use crate::progress::hits::Hit;
use crate::progress::rows::row_key;
use crate::progress::{Confidence, IndicatorData, Method, ProgressRow, Status, agreement};

/// Width every table and paragraph fits.
pub const WIDTH: usize = 100;

/// The colour of a status.
pub fn tone(s: Status) -> Tone {
    match s {
        Status::TargetAchieved | Status::OnTrack => Tone::Good,
        Status::AccelerationNeeded => Tone::Fair,
        Status::LimitedProgress => Tone::Poor,
        Status::Deterioration => Tone::Bad,
        Status::InsufficientData => Tone::Muted,
    }
}

/// `✔ achieved`, `↗ accelerate`: reads without colour, coloured with it.
pub fn status_cell(s: Status) -> Cell {
    Cell::toned(format!("{} {}", s.symbol(), s.short()), tone(s))
}

/// The short-term status: nothing for a target whose year has come (it is
/// met or missed).
fn short_term_cell(r: &ProgressRow) -> Cell {
    if r.assessment.met.is_some() {
        Cell::default()
    } else {
        status_cell(r.assessment.short_term_status)
    }
}

/// The confidence grade, as a word; low ones muted.
fn confidence_cell(c: Confidence) -> Cell {
    match c {
        Confidence::Low => Cell::toned(c.as_str(), Tone::Muted),
        _ => Cell::from(c.as_str()),
    }
}

/// A grade in at most four letters (`high`, `med`, `low`), for the
/// tables of every method.
fn compact_confidence_cell(c: Confidence) -> Cell {
    let word = match c {
        Confidence::High => "high",
        Confidence::Medium => "med",
        Confidence::Low => "low",
    };
    match c {
        Confidence::Low => Cell::toned(word, Tone::Muted),
        _ => Cell::from(word),
    }
}

/// The year a row's projection reaches its target: `>2050` when not by
/// then, nothing when nothing is projected.
fn reached_cell(r: &ProgressRow) -> String {
    let a = &r.assessment;
    match (a.year_reached, a.status) {
        (Some(y), _) => y.to_string(),
        (None, Status::InsufficientData) => String::new(),
        (None, _) if a.met.is_some() || a.target_value.is_none() => String::new(),
        (None, _) => format!(">{}", crate::progress::frame::HORIZON),
    }
}

/// How a target's values are written in tables: its unit's decimals and
/// the label under the column names. A share-of-economies target is in
/// percent of economies whatever the indicator's unit.
#[derive(Debug, Clone, Copy)]
struct Values {
    unit: Unit,
    share_of_economies: bool,
}

impl Values {
    fn of(ind: &Indicator, target: Option<&Target>) -> Self {
        Values {
            unit: ind.unit,
            share_of_economies: target
                .is_some_and(|t| matches!(t.kind, TargetKind::ShareOfEconomies { .. })),
        }
    }

    fn tag(self) -> &'static str {
        if self.share_of_economies {
            "% econ."
        } else {
            self.unit.short()
        }
    }

    fn num(self, v: Option<f64>) -> String {
        match v {
            Some(x) if self.share_of_economies => fixed_with(x, 1, Minus::Typographic),
            Some(x) => self.unit.value(x).typographic().to_string(),
            None => String::new(),
        }
    }

    /// `2024: 66.0`, with `*` when rbm computed it.
    fn at(self, year: Option<i32>, value: Option<f64>, computed: bool) -> String {
        match (year, value) {
            (Some(y), Some(_)) => {
                format!(
                    "{y}: {}{}",
                    self.num(value),
                    if computed { "*" } else { "" }
                )
            }
            _ => "–".to_string(),
        }
    }
}

/// A column header with the unit on its second line.
fn head(name: &str, tag: &str) -> String {
    format!("{name}\n{tag}")
}

/// The section line of an indicator, wrapped.
fn indicator_line(ind: &Indicator) -> String {
    paragraph(
        &format!(
            "{} · {} ({}, {})",
            ind.id,
            ind.name,
            ind.unit.label(),
            ind.direction.as_str()
        ),
        WIDTH,
        4,
    )
}

/// The line above a target's table: what it asks for, and by when.
fn target_line(ind: &Indicator, t: &Target) -> String {
    let what = match t.kind {
        TargetKind::Parity { .. } => format!(
            "{} by {} (parity: the ratio is shown; progress is judged on its distance to the band)",
            t.describe(ind.unit, ind.direction),
            t.year
        ),
        // The years are in the description: "yearly to 2026".
        TargetKind::Yearly { .. } => format!(
            "{} (% of each year's target met; within 15% is on track)",
            t.describe(ind.unit, ind.direction)
        ),
        _ => format!("{} by {}", t.describe(ind.unit, ind.direction), t.year),
    };
    paragraph(&format!("{} · {what}", t.id), WIDTH, 4)
}

/// A group as tables name it: its short name, or for a gap target's pair
/// `Developing − Developed`.
fn group_label(r: &ProgressRow) -> String {
    match group::group(&r.geo) {
        Some(g) => g.short.to_string(),
        None if r.geo.contains('-') => r.geo_name.replace(" economies", ""),
        None => r.geo_name.clone(),
    }
}

/// The status of a row; for a target whose year has come, met or missed.
fn verdict_cell(r: &ProgressRow, values: Values) -> Cell {
    let a = &r.assessment;
    // A yearly target: the latest year's % met and its verdict.
    if let Some(at) = crate::progress::iptt::latest(&r.years) {
        let pct = at
            .percent_met
            .map(|p| format!("{p:.0}% of {}", at.year))
            .unwrap_or_else(|| format!("{}", at.year));
        let text = format!("{} {pct} ({})", a.status.symbol(), at.verdict.label());
        return Cell::toned(text, tone(a.status));
    }
    match a.met {
        Some(true) => Cell::toned("✔ met", Tone::Good),
        Some(false) if r.ratios.is_some() => Cell::toned("✗ missed", Tone::Bad),
        Some(false) => Cell::toned(format!("✗ missed by {}", values.num(a.gap)), Tone::Bad),
        None => status_cell(a.status),
    }
}

/// Rows of one indicator × target, one per group (the first method's row
/// stands for the group), in the order given.
fn per_group<'r>(rows: &[&'r ProgressRow]) -> Vec<&'r ProgressRow> {
    let mut seen = Vec::new();
    rows.iter()
        .copied()
        .filter(|r| {
            let new = !seen.contains(&r.geo);
            if new {
                seen.push(r.geo.clone());
            }
            new
        })
        .collect()
}

/// One cell per method for a group's row: `cell` of that method's row.
fn by_method(
    own: &[&ProgressRow],
    r: &ProgressRow,
    methods: &[Method],
    cell: impl Fn(&ProgressRow) -> Cell,
) -> Vec<Cell> {
    methods
        .iter()
        .map(|m| {
            own.iter()
                .find(|x| x.geo == r.geo && x.assessment.method == *m)
                .map(|x| cell(x))
                .unwrap_or_default()
        })
        .collect()
}

/// The targets of an indicator that have rows, in the indicator's order.
fn targets_with_rows<'i>(ind: &'i Indicator, rows: &[ProgressRow]) -> Vec<&'i Target> {
    ind.targets
        .iter()
        .filter(|t| {
            rows.iter()
                .any(|r| r.indicator_id == ind.id && r.target_id == t.id)
        })
        .collect()
}

/// The method line above the tables.
fn methods_line(methods: &[Method]) -> String {
    match methods {
        [one] => one.as_str().to_string(),
        many => format!(
            "all ({})",
            many.iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Why groups could not be assessed, one wrapped line per reason.
fn no_data_lines(own: &[&ProgressRow], out: &mut String) {
    let mut reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in own
        .iter()
        .filter(|r| r.assessment.status == Status::InsufficientData && r.assessment.met.is_none())
    {
        let groups = reasons.entry(r.assessment.notes.join("; ")).or_default();
        let g = group_label(r);
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    for (why, groups) in reasons {
        out.push_str(&paragraph(
            &format!("  no data for {}: {why}", groups.join(", ")),
            WIDTH,
            4,
        ));
    }
}

/// What the progress and gaps tables are made from.
#[derive(Debug, Clone, Copy)]
pub struct ProgressView<'a> {
    /// The indicators, in order.
    pub indicators: &'a [&'a Indicator],
    /// Their rows.
    pub rows: &'a [ProgressRow],
    /// The methods, side by side when more than one.
    pub methods: &'a [Method],
    /// The as-of year.
    pub as_of: i32,
    /// The values behind the rows: the shares of economies of a
    /// share-of-economies target, for the context lines.
    pub data: &'a BTreeMap<String, IndicatorData>,
}

/// Under a share-of-economies target's table (1.2: every economy at or below 2%
/// of GNI per capita): for each group it scores or shows for context, the
/// economies meeting the condition in the latest year, the share of their
/// people, and the median; the context groups are marked and get no
/// status. Empty for other targets.
fn share_context(
    ind: &Indicator,
    t: &Target,
    data: &BTreeMap<String, IndicatorData>,
    as_of: i32,
    style: Style,
) -> String {
    let TargetKind::ShareOfEconomies { op, threshold, .. } = t.kind else {
        return String::new();
    };
    let Some(d) = data.get(&ind.id).filter(|d| !d.shares.is_empty()) else {
        return String::new();
    };
    let last = as_of.min(t.year);
    let mut codes: Vec<&String> = d.shares.keys().collect();
    codes.sort_by_key(|c| (!t.groups.contains(*c), group::order(c)));
    let cond = format!(
        "{} {}",
        op.sign(),
        ind.unit.value(threshold).as_written().symbol(Symbol::Words)
    );
    let median_head = head("median", ind.unit.short());
    let mut table = Table::new(&[
        ("group", Align::Left),
        ("year", Align::Right),
        ("economies\nmeeting", Align::Right),
        ("% of\neconomies", Align::Right),
        ("% of\npeople", Align::Right),
        (median_head.as_str(), Align::Right),
    ]);
    for code in codes {
        let Some(y) = d.shares.get(code).and_then(|s| s.latest_up_to(last)) else {
            continue;
        };
        let short = group::group(code).map_or(code.as_str(), |g| g.short);
        let median = d
            .groups
            .get(code)
            .and_then(|m| m.points.iter().rev().find(|p| p.year <= last))
            .map(|p| ind.unit.value(p.value).typographic().to_string())
            .unwrap_or_default();
        table.row(vec![
            Cell::from(if t.groups.contains(code) {
                short.to_string()
            } else {
                format!("{short} (context)")
            }),
            Cell::from(y.year.to_string()),
            Cell::from(format!("{}/{}", y.meeting, y.with_value)),
            Cell::from(fixed_with(y.share, 1, Minus::Typographic)),
            Cell::from(
                y.people_share
                    .map(|p| fixed_with(p, 1, Minus::Typographic))
                    .unwrap_or_default(),
            ),
            Cell::from(median),
        ]);
    }
    if table.is_empty() {
        return String::new();
    }
    let mut out = paragraph(
        &format!(
            "  economies {cond}: scored on the share of economies; people and the median are context, and so are the groups marked (context), which get no status:"
        ),
        WIDTH,
        4,
    );
    out.push_str(&table.render(WIDTH, style));
    out
}

/// `rbm progress` as tables: per indicator, per target, one line per
/// group; several methods side by side, with whether they agree.
pub fn progress(a: ProgressView<'_>, style: Style) -> String {
    let (indicators, rows, methods, as_of) = (a.indicators, a.rows, a.methods, a.as_of);
    let mut out = format!("as of {as_of} · method: {}\n\n", methods_line(methods));
    let agree = agreement(rows);
    let several = methods.len() > 1;
    // Each indicator's tables on every core, joined in the indicators'
    // order.
    let indicator_text = |ind: &&Indicator| -> String {
        let mut out = String::new();
        let targets = targets_with_rows(ind, rows);
        if targets.is_empty() {
            return out;
        }
        out.push_str(&indicator_line(ind));
        for t in targets {
            let own: Vec<&ProgressRow> = rows
                .iter()
                .filter(|r| r.indicator_id == ind.id && r.target_id == t.id)
                .collect();
            let values = Values::of(ind, Some(t));
            out.push('\n');
            out.push_str(&target_line(ind, t));
            let tag = values.tag();
            let mut cols = vec![
                ("group".to_string(), Align::Left),
                (head("base", tag), Align::Left),
                (head("latest", tag), Align::Left),
            ];
            if several {
                cols.extend(
                    methods
                        .iter()
                        .map(|m| (m.as_str().to_string(), Align::Left)),
                );
                cols.push(("agree".to_string(), Align::Left));
            } else {
                cols.push((head("projected", tag), Align::Right));
                cols.push(("status".to_string(), Align::Left));
                cols.push(("5 years".to_string(), Align::Left));
            }
            cols.push(("conf.".to_string(), Align::Left));
            let cols: Vec<(&str, Align)> = cols.iter().map(|(h, a)| (h.as_str(), *a)).collect();
            // Side by side, the base column gives way first.
            let mut table = Table::new(&cols).wrap(0);
            if several {
                table = table.optional(1);
            }
            for r in per_group(&own) {
                let a = &r.assessment;
                let computed = r.latest_origin == Some(Origin::Computed);
                let (base, latest) = match r.ratios {
                    Some((b, l)) => (Some(b), Some(l)),
                    None => (a.base_value, a.latest_value),
                };
                let mut cells = vec![
                    Cell::from(group_label(r)),
                    Cell::from(values.at(a.base_year, base, false)),
                    Cell::from(values.at(a.latest_year, latest, computed)),
                ];
                if several {
                    cells.extend(by_method(&own, r, methods, |x| match x.assessment.met {
                        // Met or missed is the same for every method; by how
                        // much is in the one-method table.
                        Some(false) => Cell::toned("✗ missed", Tone::Bad),
                        _ => verdict_cell(x, values),
                    }));
                    cells.push(if agree.get(&row_key(r)).copied().unwrap_or(true) {
                        Cell::from("yes")
                    } else {
                        Cell::toned("NO", Tone::Bad)
                    });
                } else {
                    // Nothing is projected for what cannot be judged or
                    // for a target whose year has come.
                    cells.push(Cell::from(
                        if a.status == Status::InsufficientData || a.met.is_some() {
                            String::new()
                        } else {
                            values.num(projected(r, t))
                        },
                    ));
                    cells.push(verdict_cell(r, values));
                    cells.push(short_term_cell(r));
                }
                cells.push(confidence_cell(r.confidence));
                table.row(cells);
            }
            out.push_str(&table.render(WIDTH, style));
            no_data_lines(&own, &mut out);
            out.push_str(&share_context(ind, t, a.data, as_of, style));
        }
        out.push('\n');
        out
    };
    {
        use rayon::prelude::*;
        let texts: Vec<String> = indicators.par_iter().map(indicator_text).collect();
        out.extend(texts);
    }
    let lead = methods.first().copied().unwrap_or(Method::DEFAULT);
    let since = if several {
        format!(
            "conf.: confidence of the {} status (high, medium, low; `--format csv` gives the reasons).",
            lead.as_str()
        )
    } else {
        "Status: since the base year; 5 years: the same method on the last five years only; conf.: confidence of the status (high, medium, low; `--format csv` gives the reasons).".to_string()
    };
    for note in [
        "* computed by rbm from economies' values (others are published by ITU or the UN).",
        "Status: ✔ achieved  ↑ on track  ↗ acceleration needed  → limited progress  ↓ deterioration  ? no data.",
        since.as_str(),
        "Targets whose year has come: ✔ met or ✗ missed (by how much). Parity: the ratio; progress is judged on its distance to the band.",
    ] {
        out.push_str(&paragraph(note, WIDTH, 0));
    }
    out
}

/// A parity row's projected distance to the band, back as a ratio: below
/// the band the ratio is its lower edge minus the distance, above it the
/// upper edge plus it; inside the band there is no side to go back to.
fn parity_ratio(distance: f64, latest_ratio: f64, t: &Target) -> Option<f64> {
    match t.kind {
        TargetKind::Parity { low, .. } if latest_ratio < low => Some(low - distance),
        TargetKind::Parity { high, .. } if latest_ratio > high => Some(high + distance),
        _ => None,
    }
}

/// The projected value in the indicator's terms: for a parity target the
/// projected distance turned back into a ratio.
fn projected(r: &ProgressRow, t: &Target) -> Option<f64> {
    match r.ratios {
        Some((_, latest)) => r
            .assessment
            .projected_value
            .and_then(|d| parity_ratio(d, latest, t)),
        None => r.assessment.projected_value,
    }
}

/// The analyst's view: for each target still ahead, the groups from the
/// furthest off track, with the pace required against the pace seen.
/// With several methods, each group's statuses side by side.
pub fn gaps(a: ProgressView<'_>, style: Style) -> String {
    let (indicators, rows, methods, as_of) = (a.indicators, a.rows, a.methods, a.as_of);
    let mut out = paragraph(
        &format!(
            "as of {as_of} · method: {} · targets still ahead, furthest off track first",
            methods_line(methods)
        ),
        WIDTH,
        4,
    );
    out.push('\n');
    let several = methods.len() > 1;
    for ind in indicators {
        for t in targets_with_rows(ind, rows) {
            let own: Vec<&ProgressRow> = rows
                .iter()
                .filter(|r| r.indicator_id == ind.id && r.target_id == t.id)
                .collect();
            let values = Values::of(ind, Some(t));
            let tag = values.tag();
            let parity = matches!(t.kind, TargetKind::Parity { .. });
            out.push_str(&paragraph(
                &format!(
                    "{} · {}: {} by {}{}",
                    ind.id,
                    t.id,
                    t.describe(ind.unit, ind.direction),
                    t.year,
                    if parity {
                        " (the ratio; progress is its distance to the band)"
                    } else {
                        ""
                    }
                ),
                WIDTH,
                4,
            ));
            let mut cols = vec![
                ("group".to_string(), Align::Left),
                (head("latest", tag), Align::Left),
                (
                    head(if parity { "to band" } else { "gap" }, tag),
                    Align::Right,
                ),
                (head("need/yr", tag), Align::Right),
                ("×faster".to_string(), Align::Right),
            ];
            if several {
                cols.extend(
                    methods
                        .iter()
                        .map(|m| (m.as_str().to_string(), Align::Left)),
                );
                // The first method's grade, beside its status, in a word
                // short enough for four methods within the width.
                cols.insert(6, ("conf.".to_string(), Align::Left));
            } else {
                cols.push((head("projected", tag), Align::Right));
                cols.push(("reached".to_string(), Align::Right));
                cols.push(("status".to_string(), Align::Left));
                cols.push(("5y".to_string(), Align::Left));
                cols.push(("conf.".to_string(), Align::Left));
            }
            let cols: Vec<(&str, Align)> = cols.iter().map(|(h, a)| (h.as_str(), *a)).collect();
            // Too wide: ×faster goes first, then need/yr (with --method
            // all, the grade column needs their room).
            let mut table = Table::new(&cols).wrap(0).optional(4).optional(3);
            for r in per_group(&own) {
                let a = &r.assessment;
                let latest = r.ratios.map(|(_, l)| l).or(a.latest_value);
                let mut cells = vec![
                    Cell::from(group_label(r)),
                    Cell::from(values.at(
                        a.latest_year,
                        latest,
                        r.latest_origin == Some(Origin::Computed),
                    )),
                    Cell::from(values.num(a.gap)),
                    Cell::from(values.num(a.required_annual_change)),
                    Cell::from(match (a.acceleration, a.status) {
                        (Some(x), _) => format!("{}×", fixed_with(x, 1, Minus::Typographic)),
                        (None, Status::Deterioration) => "∞".to_string(),
                        _ => String::new(),
                    }),
                ];
                if several {
                    cells.extend(by_method(&own, r, methods, |x| {
                        status_cell(x.assessment.status)
                    }));
                    let first = by_method(&own, r, &methods[..1], |x| {
                        compact_confidence_cell(x.confidence)
                    });
                    cells.insert(6, first.into_iter().next().unwrap_or_default());
                } else {
                    cells.push(Cell::from(values.num(projected(r, t))));
                    cells.push(Cell::from(reached_cell(r)));
                    cells.push(status_cell(a.status));
                    let short = a.short_term_status;
                    cells.push(if a.met.is_some() {
                        Cell::default()
                    } else {
                        Cell::toned(short.symbol(), tone(short))
                    });
                    cells.push(confidence_cell(r.confidence));
                }
                table.row(cells);
            }
            out.push_str(&table.render(WIDTH, style));
            out.push_str(&share_context(ind, t, a.data, as_of, style));
            out.push('\n');
        }
    }
    out.push_str(&paragraph(
        "gap: what is left, in the desired direction (to band: a parity ratio's distance to its band); need/yr: change a year to reach the target by its year (within a point of 100% counts); ×faster: the remaining gap ÷ the change the method projects by the target year (1/P); projected and reached: where the method's projection is in the target year, and the year it reaches the target (>2050: not by 2050); status since the base year, 5y: on the last five years only (its symbol); conf.: confidence (with every method: of the first method's status; med: medium; `--format csv` gives each method's grade and the reasons). * computed by rbm from economies' values.",
        WIDTH,
        0,
    ));
    out
}

/// A withheld group-year's cell: `w/cov`, `w/imp`, `w/none`.
fn withheld_cell(why: WithheldWhy) -> Cell {
    Cell::toned(format!("w/{}", why.word()), Tone::Muted)
}

/// Series values as a wide table: groups (and economies) down, the latest
/// nine years across; a group-year withheld shows as withheld, with why.
pub fn series(
    indicators: &[&Indicator],
    rows: &[SeriesRow],
    data: &BTreeMap<String, IndicatorData>,
    groups: &[&str],
    style: Style,
) -> String {
    let mut out = String::new();
    let mut any_withheld = false;
    let mut any_flag = false;
    for ind in indicators {
        let own: Vec<&SeriesRow> = rows.iter().filter(|r| r.indicator_id == ind.id).collect();
        let withheld: Vec<(&str, i32, WithheldWhy)> = data
            .get(&ind.id)
            .map(|d| {
                d.groups
                    .values()
                    .filter(|s| groups.contains(&s.geo.as_str()))
                    .flat_map(|s| s.withheld.iter().map(|w| (s.geo.as_str(), w.year, w.why)))
                    .collect()
            })
            .unwrap_or_default();
        if own.is_empty() && withheld.is_empty() {
            continue;
        }
        out.push_str(&indicator_line(ind));
        let mut years: Vec<i32> = own
            .iter()
            .map(|r| r.point.year)
            .chain(withheld.iter().map(|w| w.1))
            .collect();
        years.sort_unstable();
        years.dedup();
        let years: Vec<i32> = years.iter().rev().take(9).rev().copied().collect();
        let mut cols: Vec<(String, Align)> = vec![(
            head("group", &format!("({})", ind.unit.short())),
            Align::Left,
        )];
        cols.extend(years.iter().map(|y| (y.to_string(), Align::Right)));
        let cols_ref: Vec<(&str, Align)> = cols.iter().map(|(s, a)| (s.as_str(), *a)).collect();
        let mut table = Table::new(&cols_ref).wrap(0);
        // Groups in report order, then economies, each once.
        let mut geos: Vec<(&str, String)> = Vec::new();
        for g in group::GROUPS.iter().filter(|g| groups.contains(&g.code)) {
            if own.iter().any(|r| r.geo == g.code) || withheld.iter().any(|w| w.0 == g.code) {
                geos.push((g.code, g.short.to_string()));
            }
        }
        // Economies say which of the selected groups they belong to.
        for r in &own {
            if group::group(&r.geo).is_none() && !geos.iter().any(|(g, _)| *g == r.geo) {
                let mut of: Vec<&str> = r
                    .member_of
                    .split(' ')
                    .filter(|g| *g != "WLD")
                    .map(|g| group::group(g).map_or(g, |x| x.short))
                    .collect();
                if of.is_empty() {
                    of.push("World");
                }
                geos.push((&r.geo, format!("{} · {}", r.geo_name, of.join(", "))));
            }
        }
        let values = Values::of(ind, None);
        for (geo, name) in &geos {
            let geo = *geo;
            let mut cells = vec![Cell::from(name.clone())];
            for y in &years {
                let value = own.iter().find(|r| r.geo == geo && r.point.year == *y);
                let held = withheld.iter().find(|w| w.0 == geo && w.1 == *y);
                cells.push(match (value, held) {
                    (Some(r), _) => {
                        any_flag |= r.flag.is_some();
                        Cell::from(format!(
                            "{}{}{}",
                            values.num(Some(r.point.value)),
                            if r.point.origin == Origin::Computed {
                                "*"
                            } else {
                                ""
                            },
                            if r.flag.is_some() { "!" } else { "" }
                        ))
                    }
                    (None, Some(w)) => {
                        any_withheld = true;
                        withheld_cell(w.2)
                    }
                    (None, None) => Cell::default(),
                });
            }
            table.row(cells);
        }
        out.push_str(&table.render(WIDTH, style));
        let empty: Vec<&str> = group::GROUPS
            .iter()
            .filter(|g| groups.contains(&g.code))
            .filter(|g| !geos.iter().any(|(geo, _)| *geo == g.code))
            .map(|g| g.short)
            .collect();
        if !empty.is_empty() {
            out.push_str(&paragraph(
                &format!(
                    "  no value for {}: no member economy has a weighted series of two or more years",
                    empty.join(", ")
                ),
                WIDTH,
                4,
            ));
        }
        out.push('\n');
    }
    let mut note = String::from("* computed by rbm from economies' values.");
    if any_withheld {
        note.push_str(&format!(
            " Withheld group-years (not published, too little data): {}.",
            WithheldWhy::ALL
                .iter()
                .map(|w| format!(
                    "w/{}: {}",
                    w.word(),
                    w.help().to_lowercase().trim_end_matches('.')
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if any_flag {
        note.push_str(" ! moves mainly because members entered or left the computation, or because one member's own series steps (--format csv says which).");
    }
    note.push_str(" --format csv gives every year, with coverage and imputed shares.");
    out.push_str(&paragraph(&note, WIDTH, 0));
    out
}

/// `rbm series --compare` as tables: per indicator, rbm's computed group
/// values beside the published ones (in the indicator's unit), then a
/// summary line; and for each indicator without a comparison, why.
pub fn comparison(
    compared: &[(&Indicator, Vec<Comparison>)],
    without: &[(&Indicator, &str)],
    style: Style,
) -> String {
    let mut out = String::new();
    for (ind, rows) in compared.iter().filter(|(_, rows)| !rows.is_empty()) {
        out.push_str(&paragraph(
            &format!(
                "{} · computed by rbm against published by ITU or the UN",
                ind.id
            ),
            WIDTH,
            4,
        ));
        let tag = ind.unit.short();
        let (published, computed, difference) = (
            head("published", tag),
            head("computed", tag),
            head("difference", tag),
        );
        let mut table = Table::new(&[
            ("group", Align::Left),
            ("year", Align::Right),
            (&published, Align::Right),
            (&computed, Align::Right),
            (&difference, Align::Right),
            ("coverage\n%", Align::Right),
            ("imputed\n%", Align::Right),
        ]);
        let values = Values::of(ind, None);
        for c in rows {
            table.row(vec![
                group::group(&c.geo)
                    .map(|g| g.short.to_string())
                    .unwrap_or_else(|| c.geo.clone()),
                c.year.to_string(),
                values.num(Some(c.published)),
                values.num(Some(c.computed)),
                values.num(Some(c.computed - c.published)),
                fixed_with(100.0 * c.coverage, 0, Minus::Typographic),
                fixed_with(100.0 * c.imputed, 0, Minus::Typographic),
            ]);
        }
        out.push_str(&table.render(WIDTH, style));
        out.push('\n');
    }
    let diffs: Vec<f64> = compared
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|c| (c.computed - c.published).abs()))
        .collect();
    if !diffs.is_empty() {
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        let max = diffs.iter().copied().fold(0.0, f64::max);
        let within = diffs.iter().filter(|d| **d <= 2.0).count();
        out.push_str(&paragraph(
            &format!(
                "{} group-years: mean absolute difference {}, largest {}; {within} ({:.0}%) within 2 units.",
                diffs.len(),
                fixed_with(mean, 2, Minus::Typographic),
                fixed_with(max, 2, Minus::Typographic),
                100.0 * within as f64 / diffs.len() as f64
            ),
            WIDTH,
            0,
        ));
    }
    for (ind, why) in without {
        out.push_str(&paragraph(
            &format!("{}: nothing to compare: {why}.", ind.id),
            WIDTH,
            4,
        ));
    }
    out
}

/// What the backtest tables are made from.
#[derive(Debug, Clone, Copy)]
pub struct BacktestView<'a> {
    /// The hindcast.
    pub backtest: &'a Backtest,
    /// The status hit rate's rows.
    pub hits: &'a [Hit],
    /// Its cut-off.
    pub hit_cut: i32,
    /// The as-of year.
    pub as_of: i32,
    /// The methods, in order.
    pub methods: &'a [Method],
}

/// Decimals of an error of a kind of series.
fn error_decimals(kind: SeriesKind) -> usize {
    match kind {
        SeriesKind::Parity => 4,
        SeriesKind::Count => 0,
        _ => 2,
    }
}

/// The unit errors of a kind are in.
fn error_unit(kind: SeriesKind) -> &'static str {
    match kind {
        SeriesKind::BoundedShare => "percentage points",
        SeriesKind::Price => "% of GNI per capita",
        SeriesKind::Parity => "ratio units (distance to the band)",
        SeriesKind::EconomyShare => "percentage points of the economies",
        SeriesKind::Count => "units",
        SeriesKind::Other => "the indicator's units",
    }
}

/// A signed number with a typographic minus and a plus.
fn signed(v: f64, decimals: usize) -> String {
    let s = fixed_with(v, decimals, Minus::Typographic);
    if v >= 0.0 { format!("+{s}") } else { s }
}

/// `rbm backtest` as tables: per kind of series, every method's errors
/// overall, against the default on the same points, per cut-off and per
/// indicator; then the status hit rate and what each status turned out to
/// mean.
pub fn backtest(v: &BacktestView<'_>, style: Style) -> String {
    let b = v.backtest;
    let cuts = match (b.cut, b.cut_years) {
        (Some(c), _) => format!("cut-off {c}"),
        (None, Some((a, z))) => format!(
            "cut-offs {a}–{z} pooled (each indicator's {} to {} years before its latest year)",
            b.horizon + 5,
            b.horizon
        ),
        (None, None) => "no cut-off with an outcome".to_string(),
    };
    let mut out = paragraph(
        &format!(
            "as of {} · projected {} years ahead from each cut-off · {cuts}",
            v.as_of, b.horizon
        ),
        WIDTH,
        4,
    );
    let kinds: std::collections::BTreeSet<SeriesKind> =
        b.summaries.iter().map(|s| s.kind).collect();
    for kind in kinds {
        let dp = error_decimals(kind);
        let of_kind: Vec<&Summary> = b.summaries.iter().filter(|s| s.kind == kind).collect();
        out.push('\n');
        out.push_str(&paragraph(
            &format!(
                "{} · errors in {}",
                kind.help().split(" (").next().unwrap_or(""),
                error_unit(kind)
            ),
            WIDTH,
            4,
        ));
        let mut t = Table::new(&[
            ("method", Align::Left),
            ("n", Align::Right),
            ("MAE", Align::Right),
            ("bias", Align::Right),
            ("worst", Align::Right),
            ("vs trend: n", Align::Right),
            ("its MAE", Align::Right),
            ("trend's", Align::Right),
            ("lower by", Align::Right),
        ]);
        for m in v.methods {
            let Some(s) = of_kind
                .iter()
                .find(|s| s.method == *m && s.indicator_id.is_none() && s.cut_year.is_none())
            else {
                continue;
            };
            let vs = b.versus.iter().find(|x| x.kind == kind && x.against == *m);
            let mut cells = vec![
                Cell::from(m.as_str()),
                Cell::from(s.n.to_string()),
                Cell::from(fixed_with(s.mae, dp, Minus::Typographic)),
                Cell::from(signed(s.bias, dp)),
                Cell::from(fixed_with(s.worst, dp, Minus::Typographic)),
            ];
            match vs {
                Some(x) => cells.extend([
                    Cell::from(x.n.to_string()),
                    Cell::from(fixed_with(x.against_mae, dp, Minus::Typographic)),
                    Cell::from(fixed_with(x.mae, dp, Minus::Typographic)),
                    Cell::from(format!(
                        "{}%",
                        fixed_with(100.0 * x.reduction(), 0, Minus::Typographic)
                    )),
                ]),
                None => cells.extend((0..4).map(|_| Cell::default())),
            }
            t.row(cells);
        }
        out.push_str(&t.render(WIDTH, style));
        // Per cut-off: MAE / bias.
        let mut years: Vec<i32> = of_kind.iter().filter_map(|s| s.cut_year).collect();
        years.sort_unstable();
        years.dedup();
        if years.len() > 1 {
            let heads: Vec<String> = v
                .methods
                .iter()
                .map(|m| format!("{}\nMAE / bias", m.as_str()))
                .collect();
            let mut cols = vec![("cut-off", Align::Left)];
            cols.extend(heads.iter().map(|h| (h.as_str(), Align::Right)));
            let mut t = Table::new(&cols);
            for y in years {
                let mut cells = vec![Cell::from(y.to_string())];
                for m in v.methods {
                    cells.push(Cell::from(
                        of_kind
                            .iter()
                            .find(|s| {
                                s.method == *m && s.indicator_id.is_none() && s.cut_year == Some(y)
                            })
                            .map(|s| {
                                format!(
                                    "{} / {} ({})",
                                    fixed_with(s.mae, dp, Minus::Typographic),
                                    signed(s.bias, dp),
                                    s.n
                                )
                            })
                            .unwrap_or_default(),
                    ));
                }
                t.row(cells);
            }
            out.push_str(&t.render(WIDTH, style));
        }
        // Per indicator: MAE (n).
        let ids: std::collections::BTreeSet<&str> = of_kind
            .iter()
            .filter(|s| s.geo.is_none())
            .filter_map(|s| s.indicator_id.as_deref())
            .collect();
        if !ids.is_empty() {
            let heads: Vec<String> = v
                .methods
                .iter()
                .map(|m| format!("{}\nMAE (n)", m.as_str()))
                .collect();
            let mut cols = vec![("indicator", Align::Left)];
            cols.extend(heads.iter().map(|h| (h.as_str(), Align::Right)));
            let mut t = Table::new(&cols).wrap(0);
            for id in ids {
                let mut cells = vec![Cell::from(id)];
                for m in v.methods {
                    cells.push(Cell::from(
                        of_kind
                            .iter()
                            .find(|s| {
                                s.method == *m
                                    && s.indicator_id.as_deref() == Some(id)
                                    && s.geo.is_none()
                            })
                            .map(|s| {
                                format!("{} ({})", fixed_with(s.mae, dp, Minus::Typographic), s.n)
                            })
                            .unwrap_or_default(),
                    ));
                }
                t.row(cells);
            }
            out.push_str(&t.render(WIDTH, style));
        }
    }
    // The status hit rate.
    out.push('\n');
    out.push_str(&paragraph(
        &format!(
            "Status hit rate · targets whose year has come, assessed with the data up to {}, against whether they were met (on track or achieved is a hit when met, any other status when missed)",
            v.hit_cut
        ),
        WIDTH,
        4,
    ));
    if v.hits.is_empty() {
        out.push_str(&paragraph(
            "  no target could be assessed then and judged since",
            WIDTH,
            4,
        ));
    } else {
        let mut t = Table::new(&[
            ("method", Align::Left),
            ("targets × groups", Align::Right),
            ("hits", Align::Right),
            ("rate", Align::Right),
        ]);
        for m in v.methods {
            let own: Vec<&Hit> = v.hits.iter().filter(|h| h.method == *m).collect();
            if own.is_empty() {
                continue;
            }
            let hits = own.iter().filter(|h| h.hit).count();
            t.row(vec![
                m.as_str().to_string(),
                own.len().to_string(),
                hits.to_string(),
                format!(
                    "{}%",
                    fixed_with(
                        100.0 * hits as f64 / own.len() as f64,
                        0,
                        Minus::Typographic
                    )
                ),
            ]);
        }
        out.push_str(&t.render(WIDTH, style));
    }
    // What each status meant.
    if !b.bands.is_empty() {
        out.push('\n');
        out.push_str(&paragraph(
            &format!(
                "What each status turned out to mean · each series' 2030 target set {} years after each cut-off: the median share of the remaining gap later closed, and how often the target was met",
                b.horizon
            ),
            WIDTH,
            4,
        ));
        let mut t = Table::new(&[
            ("method", Align::Left),
            ("status at the cut-off", Align::Left),
            ("n", Align::Right),
            ("gap closed", Align::Right),
            ("met", Align::Right),
        ]);
        for m in v.methods {
            for band in b.bands.iter().filter(|x| x.method == *m) {
                t.row(vec![
                    Cell::from(m.as_str()),
                    status_cell(band.status),
                    Cell::from(band.n.to_string()),
                    Cell::from(fixed_with(band.median_closed, 2, Minus::Typographic)),
                    Cell::from(format!(
                        "{}%",
                        fixed_with(100.0 * band.met, 0, Minus::Typographic)
                    )),
                ]);
            }
        }
        out.push_str(&t.render(WIDTH, style));
    }
    out.push('\n');
    out.push_str(&paragraph(
        "MAE: mean absolute error; bias: mean error (above zero, the method projected too much); worst: largest miss; vs trend: both scored on the same projections. --format csv gives every indicator and group.",
        WIDTH,
        0,
    ));
    out
}
