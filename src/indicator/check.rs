//! Checking one definition file: parse the TOML, then turn the raw
//! [`IndicatorFile`] into an [`Indicator`], keeping every problem as a
//! [`Finding`] with file, line and field. What can be checked without data
//! is checked here: Specific, Relevant, Time-bound and the file's
//! structure.
//!
//! The rules are tables, not hand-written matches: every closed list is a
//! [`Vocabulary`] (its words and its "expected …" message come from one
//! place), and which fields each kind of target takes is
//! [`KIND_FIELDS`](super::target::KIND_FIELDS). Numbers are range-checked
//! before they are narrowed (`goal`, years, `hold_years`).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;

use toml::Spanned;

use super::Indicator;
use super::definition::{AggregationDef, DisaggregationDef, IndicatorFile, SeriesDef, TargetDef};
use super::finding::{Criterion, Finding, Severity};
use super::framework::{Framework, ItemKind, Mapping};
use super::series::{Aggregation, AggregationMethod, Disaggregation, SeriesSpec, Weight};
use super::target::{KindField, Takes, Target, TargetKind, YearTarget, takes};
use super::vocab::{Basis, CmpOp, Direction, Kind, Rule, TrendModel, Unit};
use crate::base::Vocabulary;
use crate::base::text::LineTable;
use crate::base::vocab::near;
use crate::classify::group;
use crate::error::Location;

/// The years a definition may name.
const YEARS: RangeInclusive<i64> = 1990..=2100;

/// Parse and check one file against a framework (whose items its targets
/// name): the indicator when it has no error, and every finding in line
/// order.
pub fn check_file(
    path: &Path,
    text: &str,
    framework: &Framework,
) -> (Option<Indicator>, Vec<Finding>) {
    let raw: IndicatorFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            return (
                None,
                vec![syntax_finding(path, text, &err, "indicator definition")],
            );
        }
    };
    let mut checker = Checker {
        path,
        text,
        lines: LineTable::new(text),
        framework,
        findings: Vec::new(),
        id: None,
    };
    let indicator = checker.build(raw);
    checker.control_characters();
    let id = checker.id.clone();
    let mut findings = checker.findings;
    if let Some(id) = id {
        for f in &mut findings {
            f.indicator.get_or_insert_with(|| id.clone());
        }
    }
    findings.sort_by_key(|f| f.location.line);
    let has_error = findings.iter().any(|f| f.severity == Severity::Error);
    (if has_error { None } else { indicator }, findings)
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

/// A TOML file that does not parse into `what` ("indicator definition",
/// "framework file"): located at the line and, where serde names one, the
/// field.
pub fn syntax_finding(path: &Path, text: &str, err: &toml::de::Error, what: &str) -> Finding {
    let mut location = Location::file(path);
    if let Some(span) = err.span() {
        location = location.at_line(line_of(text, span.start));
    }
    let message = err.message().trim().to_string();
    // Name the field for the errors serde phrases with one.
    let quoted = |prefix: &str| -> Option<String> {
        let rest = message.strip_prefix(prefix)?;
        let rest = rest.strip_prefix('`')?;
        Some(rest.split('`').next()?.to_string())
    };
    if let Some(field) = quoted("unknown field ")
        .or_else(|| quoted("missing field "))
        .or_else(|| quoted("duplicate key "))
    {
        location = location.field(field);
    }
    let message = if message.starts_with("unknown field") {
        // serde lists the expected fields: keep it, it is the fix.
        message
    } else {
        format!("not a valid {what}: {message}")
    };
    Finding::error(Criterion::Syntax, location, message)
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    lines: LineTable,
    framework: &'a Framework,
    findings: Vec<Finding>,
    id: Option<String>,
}

impl Checker<'_> {
    /// The location of a value in the file, naming its field.
    fn at<T>(&self, spanned: &Spanned<T>, field: &str) -> Location {
        Location::file(self.path)
            .at_line(self.lines.line_of(spanned.span().start))
            .field(field)
    }

    /// A location naming only a field (for one that is missing).
    fn field(&self, field: &str) -> Location {
        Location::file(self.path).field(field)
    }

    fn error(&mut self, criterion: Criterion, location: Location, message: impl Into<String>) {
        self.findings
            .push(Finding::error(criterion, location, message));
    }

    fn warning(&mut self, criterion: Criterion, location: Location, message: impl Into<String>) {
        self.findings
            .push(Finding::warning(criterion, location, message));
    }

    /// A word of a closed list: an error when it is missing (with
    /// `missing`, which says what to write) or not in the list.
    fn word<V: Vocabulary>(
        &mut self,
        raw: Option<&Spanned<String>>,
        field: &str,
        criterion: Criterion,
        missing_at: Location,
        missing_message: &str,
    ) -> Option<V> {
        let Some(w) = raw else {
            self.error(criterion, missing_at, format!("missing: {missing_message}"));
            return None;
        };
        let parsed = V::parse(w.get_ref());
        if parsed.is_none() {
            let loc = self.at(w, field);
            self.error(criterion, loc, V::unknown(w.get_ref()));
        }
        parsed
    }

    /// A whole number in `range`, narrowed to `T` only once it is known to
    /// fit; an error naming the range otherwise.
    fn whole<T: TryFrom<i64>>(
        &mut self,
        v: &Spanned<i64>,
        field: &str,
        range: RangeInclusive<i64>,
        criterion: Criterion,
        what: &str,
    ) -> Option<T> {
        let n = *v.get_ref();
        match T::try_from(n) {
            Ok(t) if range.contains(&n) => Some(t),
            _ => {
                let loc = self.at(v, field);
                self.error(
                    criterion,
                    loc,
                    format!("{what} {n} is outside {}–{}", range.start(), range.end()),
                );
                None
            }
        }
    }

    /// Every string of the file, keys' paths included, without control
    /// characters: a NUL in a name makes the charts' SVG malformed XML,
    /// and none has a meaning in a definition. Tabs and line breaks are
    /// allowed (a long `notes`).
    fn control_characters(&mut self) {
        let Ok(doc) = toml::de::DeTable::parse(self.text) else {
            return;
        };
        let mut found: Vec<(usize, String, char)> = Vec::new();
        for (key, value) in doc.get_ref().iter() {
            walk_strings(value, key.get_ref(), &mut found);
        }
        for (offset, field, c) in found {
            let loc = Location::file(self.path)
                .at_line(self.lines.line_of(offset))
                .field(field);
            self.error(
                Criterion::Syntax,
                loc,
                format!(
                    "the text holds the control character U+{:04X}: remove it (no control character but tab and line break may appear in a definition)",
                    u32::from(c)
                ),
            );
        }
    }

    fn build(&mut self, raw: IndicatorFile) -> Option<Indicator> {
        let id = self.id(raw.id.as_ref());
        self.id = id.clone();

        let name = self.required_text(&raw.name, "name", Criterion::Specific);
        let definition = self.required_text(&raw.definition, "definition", Criterion::Specific);
        let unit: Option<Unit> = self.word(
            raw.unit.as_ref(),
            "unit",
            Criterion::Specific,
            self.field("unit"),
            &format!("every indicator needs a unit, one of {}", Unit::expected()),
        );
        let direction: Option<Direction> = self.word(
            raw.direction.as_ref(),
            "direction",
            Criterion::Specific,
            self.field("direction"),
            "say whether progress is an `increase`, a `decrease` or staying within a `band`",
        );
        let natural_limits = match (&raw.natural_limits, unit) {
            (Some(l), _) => self.pair(l, "natural_limits", "natural limits"),
            (None, Some(unit)) => Some(unit.default_limits()),
            (None, None) => None,
        };
        let goal = self.goal(raw.goal.as_ref());
        let (baseline_year, baseline_value) = self.baseline(raw.baseline.as_ref());

        let series = raw
            .series
            .as_ref()
            .and_then(|s| self.series(s.get_ref(), s, "series", direction));
        if raw.series.is_none() {
            let loc = self.field("series");
            self.warning(
                Criterion::Measurable,
                loc,
                "no `[series]`: no published series measures this indicator, so it is not measurable here",
            );
        }
        let aggregation = self.aggregation(raw.aggregation.as_ref(), unit);
        let model = self.progress(raw.progress.as_ref(), natural_limits);
        let targets = self.targets(
            &raw.target,
            baseline_year,
            direction,
            goal,
            unit,
            natural_limits,
        );
        let goal = self.derived_goal(goal, raw.goal.is_some(), &targets);

        Some(Indicator {
            id: id?,
            name: name?,
            definition: definition?,
            unit: unit?,
            direction: direction?,
            natural_limits: natural_limits?,
            goal,
            baseline_year: baseline_year?,
            baseline_value,
            series,
            aggregation: aggregation?,
            model,
            disaggregations: raw.disaggregations,
            frequency: raw.frequency.unwrap_or_else(|| "annual".to_string()),
            data_source: raw.data_source.unwrap_or_default(),
            custodian: raw.custodian.unwrap_or_default(),
            means_of_verification: raw.means_of_verification.unwrap_or_default(),
            responsible_unit: raw.responsible_unit.unwrap_or_default(),
            notes: raw.notes.unwrap_or_default(),
            breakdown_of: raw.breakdown_of.map(Spanned::into_inner),
            targets,
            path: self.path.to_path_buf(),
        })
    }

    fn id(&mut self, raw: Option<&Spanned<String>>) -> Option<String> {
        let Some(id) = raw else {
            let loc = self.field("id");
            self.error(
                Criterion::Specific,
                loc,
                "missing: every indicator needs an `id`",
            );
            return None;
        };
        let loc = self.at(id, "id");
        if !is_identifier(id.get_ref()) {
            self.error(
                Criterion::Specific,
                loc,
                format!(
                    "`{}` is not a valid id: use lower-case letters, digits and `_`, starting with a letter",
                    id.get_ref()
                ),
            );
            return None;
        }
        let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != id.get_ref() {
            self.warning(
                Criterion::Specific,
                loc,
                format!(
                    "id `{}` differs from the file name `{stem}.toml`",
                    id.get_ref()
                ),
            );
        }
        Some(id.get_ref().clone())
    }

    /// A `[low, high]` pair of finite numbers with low < high.
    fn pair(&mut self, raw: &Spanned<[f64; 2]>, field: &str, what: &str) -> Option<(f64, f64)> {
        let [lo, hi] = *raw.get_ref();
        if lo.is_finite() && hi.is_finite() && lo < hi {
            return Some((lo, hi));
        }
        let loc = self.at(raw, field);
        self.error(
            Criterion::Specific,
            loc,
            format!("{what} [{lo}, {hi}] must be two finite numbers, low < high"),
        );
        None
    }

    /// The goals of the framework, in words: `goals 1 and 2`.
    fn goal_numbers(&self) -> String {
        let n: Vec<String> = self
            .framework
            .goals()
            .iter()
            .filter_map(|g| g.number.map(|n| n.to_string()))
            .collect();
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        match n.len() {
            0 => "no goals".to_string(),
            1 => format!("goal {}", n[0]),
            _ => format!(
                "goals {}",
                crate::base::vocab::either(&n).replace(" or ", " and ")
            ),
        }
    }

    /// `goal`, when given: the number of a current goal of the framework.
    fn goal(&mut self, raw: Option<&Spanned<i64>>) -> Option<u8> {
        let g = raw?;
        // Range first: a goal of 257 must not wrap around to goal 1.
        let goal = u8::try_from(*g.get_ref())
            .ok()
            .filter(|n| self.framework.goal(*n).is_some());
        if goal.is_none() {
            let loc = self.at(g, "goal");
            let message = format!(
                "goal {} does not exist: the framework {} has {}",
                g.get_ref(),
                if self.framework.meta.id.is_empty() {
                    "loaded".to_string()
                } else {
                    format!("`{}`", self.framework.meta.id)
                },
                self.goal_numbers()
            );
            self.error(Criterion::Relevant, loc, message);
        }
        goal
    }

    /// The goal: the one given, else the one every target's chain names
    /// (an indicator of outcomes, outputs or 2023 targets only may leave
    /// it out). An indicator of a 2030 target must give it.
    fn derived_goal(&mut self, given: Option<u8>, written: bool, targets: &[Target]) -> Option<u8> {
        if written {
            return given;
        }
        if targets.iter().any(Target::is_2030) {
            let loc = self.field("goal");
            let message = format!(
                "missing: an indicator of a 2030 target names its strategic goal ({} of the framework)",
                self.goal_numbers()
            );
            self.error(Criterion::Relevant, loc, message);
            return None;
        }
        let goals: std::collections::BTreeSet<u8> = targets
            .iter()
            .filter_map(|t| self.framework.goal_of(&t.id))
            .collect();
        (goals.len() == 1)
            .then(|| goals.into_iter().next())
            .flatten()
    }

    fn baseline(
        &mut self,
        raw: Option<&Spanned<super::definition::BaselineDef>>,
    ) -> (Option<i32>, Option<f64>) {
        let Some(b) = raw else {
            let loc = self.field("baseline");
            self.error(
                Criterion::TimeBound,
                loc,
                "missing: give `[baseline] year = …`, the year progress is measured from",
            );
            return (None, None);
        };
        let value = match &b.get_ref().value {
            Some(v) if !v.get_ref().is_finite() => {
                let loc = self.at(v, "baseline.value");
                self.error(
                    Criterion::Specific,
                    loc,
                    "the baseline `value` must be a finite number",
                );
                None
            }
            v => v.as_ref().map(|v| *v.get_ref()),
        };
        let Some(y) = &b.get_ref().year else {
            let loc = self.at(b, "baseline.year");
            self.error(
                Criterion::TimeBound,
                loc,
                "missing: the baseline needs a `year`",
            );
            return (None, value);
        };
        let year = self.whole(
            y,
            "baseline.year",
            YEARS,
            Criterion::TimeBound,
            "baseline year",
        );
        (year, value)
    }

    fn required_text(
        &mut self,
        value: &Option<Spanned<String>>,
        field: &str,
        criterion: Criterion,
    ) -> Option<String> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().trim().to_string()),
            Some(v) => {
                let loc = self.at(v, field);
                self.error(criterion, loc, format!("`{field}` is empty"));
                None
            }
            None => {
                let loc = self.field(field);
                self.error(
                    criterion,
                    loc,
                    format!("missing: every indicator needs a `{field}`"),
                );
                None
            }
        }
    }

    fn series<T>(
        &mut self,
        def: &SeriesDef,
        span: &Spanned<T>,
        field: &str,
        direction: Option<Direction>,
    ) -> Option<SeriesSpec> {
        let loc = self.at(span, field);
        let sum_of: Vec<String> = def.sum_of.iter().map(|c| c.trim().to_string()).collect();
        let code = match (
            def.code.clone().filter(|c| !c.trim().is_empty()),
            sum_of.first(),
        ) {
            (Some(_), Some(_)) => {
                self.error(
                    Criterion::Measurable,
                    loc.field(format!("{field}.sum_of")),
                    "give either `code` or `sum_of`, not both",
                );
                return None;
            }
            (Some(code), None) => code,
            (None, Some(_)) if sum_of.len() < 2 || sum_of.iter().any(String::is_empty) => {
                self.error(
                    Criterion::Measurable,
                    loc.field(format!("{field}.sum_of")),
                    "`sum_of` names two or more series codes to add together",
                );
                return None;
            }
            (None, Some(first)) => first.clone(),
            (None, None) => {
                self.error(
                    Criterion::Measurable,
                    loc.field(format!("{field}.code")),
                    "missing: the series needs the `code` of an ingested series (or `sum_of`, codes to add together)",
                );
                return None;
            }
        };
        if !sum_of.is_empty()
            && (def.numerator.is_some() || def.denominator.is_some() || def.ratio_to.is_some())
        {
            self.error(
                Criterion::Specific,
                loc.field(format!("{field}.sum_of")),
                "a sum of series cannot also be a ratio (`numerator`, `ratio_to`)",
            );
            return None;
        }
        let parity = match (&def.numerator, &def.denominator) {
            (Some(n), Some(d)) => Some((disaggregation(n), disaggregation(d))),
            (None, None) => None,
            _ => {
                self.error(
                    Criterion::Specific,
                    loc.field(format!("{field}.numerator")),
                    "a ratio of disaggregations needs both `numerator` and `denominator`",
                );
                return None;
            }
        };
        if direction == Some(Direction::Band) && parity.is_none() && def.ratio_to.is_none() {
            self.warning(
                Criterion::Specific,
                loc.clone().field(format!("{field}.numerator")),
                "a `band` indicator is usually a ratio: give `numerator` and `denominator`",
            );
        }
        let scale = def.scale.unwrap_or(1.0);
        if !(scale.is_finite() && scale != 0.0) {
            self.error(
                Criterion::Specific,
                loc.field(format!("{field}.scale")),
                "`scale` must be a finite, non-zero number",
            );
            return None;
        }
        let mut breaks = Vec::new();
        for b in &def.breaks {
            match i32::try_from(*b)
                .ok()
                .filter(|y| YEARS.contains(&i64::from(*y)))
            {
                Some(y) => breaks.push(y),
                None => {
                    self.error(
                        Criterion::Specific,
                        loc.clone().field(format!("{field}.breaks")),
                        format!(
                            "break year {b} is outside {}–{}",
                            YEARS.start(),
                            YEARS.end()
                        ),
                    );
                    return None;
                }
            }
        }
        breaks.sort_unstable();
        Some(SeriesSpec {
            code,
            select: Disaggregation {
                sex: def.sex.clone(),
                area: def.area.clone(),
                age: def.age.clone(),
            },
            parity,
            ratio_to: def.ratio_to.clone(),
            sum_of,
            scale,
            breaks,
        })
    }

    /// `[progress] model`: one of the trend models; a logit needs finite
    /// limits to scale between.
    fn progress(
        &mut self,
        def: Option<&Spanned<super::definition::ProgressDef>>,
        limits: Option<(f64, f64)>,
    ) -> Option<TrendModel> {
        let raw = def?.get_ref().model.as_ref()?;
        let loc = self.at(raw, "progress.model");
        let Some(model) = TrendModel::parse(raw.get_ref()) else {
            self.error(Criterion::Specific, loc, TrendModel::unknown(raw.get_ref()));
            return None;
        };
        if model == TrendModel::LogitLinear
            && !limits.is_some_and(|(lo, hi)| lo.is_finite() && hi.is_finite())
        {
            self.error(
                Criterion::Specific,
                loc,
                "a `logit_linear` trend needs finite `natural_limits` to scale between",
            );
            return None;
        }
        Some(model)
    }

    fn aggregation(
        &mut self,
        def: Option<&Spanned<AggregationDef>>,
        unit: Option<Unit>,
    ) -> Option<Aggregation> {
        let Some(spanned) = def else {
            let loc = self.field("aggregation");
            let default = match unit {
                Some(Unit::PercentGniPc) => AggregationMethod::Median,
                _ => AggregationMethod::WeightedMean {
                    weight: Weight::Population,
                },
            };
            let agg = Aggregation::new(default);
            self.warning(
                Criterion::Specific,
                loc,
                format!(
                    "no `[aggregation]`: groups are computed as the {}; say so explicitly",
                    agg.describe()
                ),
            );
            return Some(agg);
        };
        let def = spanned.get_ref();
        let loc = self.at(spanned, "aggregation.method");
        let rule = match def.method.as_deref() {
            None => {
                self.error(
                    Criterion::Specific,
                    loc,
                    format!(
                        "missing: the aggregation needs a `method`: {}",
                        Rule::expected()
                    ),
                );
                return None;
            }
            Some(m) => match Rule::parse(m) {
                Some(rule) => rule,
                None => {
                    self.error(Criterion::Specific, loc, Rule::unknown(m));
                    return None;
                }
            },
        };
        let method = match (rule, def.weight.as_deref()) {
            (Rule::WeightedMean, Some(w)) => match Weight::parse(w) {
                Ok(weight) => AggregationMethod::WeightedMean { weight },
                Err(message) => {
                    self.error(
                        Criterion::Specific,
                        loc.field("aggregation.weight"),
                        message,
                    );
                    return None;
                }
            },
            (Rule::WeightedMean, None) => {
                self.error(
                    Criterion::Specific,
                    loc.field("aggregation.weight"),
                    "a weighted mean needs a `weight`: population, households or economies",
                );
                return None;
            }
            (Rule::Median, _) => AggregationMethod::Median,
            (Rule::Sum, _) => AggregationMethod::Sum,
        };
        let mut agg = Aggregation::new(method);
        for (name, value, slot) in [
            ("coverage", def.coverage, &mut agg.coverage),
            ("max_imputed", def.max_imputed, &mut agg.max_imputed),
            ("min_observed", def.min_observed, &mut agg.min_observed),
        ] {
            if let Some(v) = value {
                if !(0.0..=1.0).contains(&v) {
                    let loc = self.at(spanned, &format!("aggregation.{name}"));
                    self.error(
                        Criterion::Specific,
                        loc,
                        format!("`{name}` is a share between 0 and 1, not {v}"),
                    );
                    return None;
                }
                *slot = v;
            }
        }
        if let Some(h) = def.hold_years {
            match i32::try_from(h).ok().filter(|h| (0..=10).contains(h)) {
                Some(h) => agg.hold_years = h,
                None => {
                    let loc = self.at(spanned, "aggregation.hold_years");
                    self.error(
                        Criterion::Specific,
                        loc,
                        format!("`hold_years` must be 0–10, not {h}"),
                    );
                    return None;
                }
            }
        }
        Some(agg)
    }

    fn targets(
        &mut self,
        raw: &[Spanned<TargetDef>],
        baseline_year: Option<i32>,
        direction: Option<Direction>,
        goal: Option<u8>,
        unit: Option<Unit>,
        limits: Option<(f64, f64)>,
    ) -> Vec<Target> {
        let mut targets = Vec::new();
        let mut seen: BTreeMap<String, u64> = BTreeMap::new();
        if raw.is_empty() {
            let loc = self.field("target");
            self.error(
                Criterion::Relevant,
                loc,
                "no `[[target]]`: an indicator must measure at least one item of the framework (a target, an outcome or an output)",
            );
        }
        for (i, t) in raw.iter().enumerate() {
            let line = self.lines.line_of(t.span().start);
            let Some(target) = self.target(i, t, baseline_year, direction, unit, limits) else {
                continue;
            };
            if let Some(prev) = seen.insert(target.id.clone(), line) {
                let loc = Location::file(self.path)
                    .at_line(line)
                    .field(format!("target[{i}].id"));
                self.error(
                    Criterion::Syntax,
                    loc,
                    format!(
                        "target `{}` is defined twice (first at line {prev})",
                        target.id
                    ),
                );
                continue;
            }
            targets.push(target);
        }
        self.relevance(&targets, goal);
        targets.sort_by(|a, b| {
            (a.level, target_sort_key(&a.id)).cmp(&(b.level, target_sort_key(&b.id)))
        });
        targets
    }

    fn target(
        &mut self,
        index: usize,
        spanned: &Spanned<TargetDef>,
        baseline_year: Option<i32>,
        direction: Option<Direction>,
        unit: Option<Unit>,
        limits: Option<(f64, f64)>,
    ) -> Option<Target> {
        let t = spanned.get_ref();
        let line = self.lines.line_of(spanned.span().start);
        let field = |name: &str| format!("target[{index}].{name}");
        let path = self.path;
        let here = |name: &str| {
            Location::file(path)
                .at_line(line)
                .field(format!("target[{index}].{name}"))
        };
        let mut ok = true;

        let id = match &t.id {
            None => {
                self.error(
                    Criterion::Relevant,
                    here("id"),
                    "missing: the target needs an `id` such as `SP2030-1.3`",
                );
                None
            }
            Some(id) => self.measured_item(id, &field("id")),
        };
        let level = id
            .as_deref()
            .and_then(|i| self.framework.get(i))
            .map(|i| i.kind);

        let yearly_kind = t.kind.as_ref().is_some_and(|k| k.get_ref() == "yearly");
        let year = match &t.year {
            // A yearly target's year is its last year's.
            None if yearly_kind => t.yearly.as_ref().and_then(|y| {
                y.get_ref()
                    .iter()
                    .filter_map(|y| i32::try_from(y.year).ok())
                    .max()
            }),
            None => {
                self.error(
                    Criterion::TimeBound,
                    here("year"),
                    "missing: the target needs a `year`",
                );
                None
            }
            Some(y) => {
                let year: Option<i32> = self.whole(
                    y,
                    &field("year"),
                    YEARS,
                    Criterion::TimeBound,
                    "target year",
                );
                if let (Some(year), Some(base)) = (year, baseline_year)
                    && year <= base
                {
                    let loc = self.at(y, &field("year"));
                    self.error(
                        Criterion::TimeBound,
                        loc,
                        format!("target year {year} is not after the baseline year {base}"),
                    );
                    ok = false;
                }
                year
            }
        };

        let kind: Option<Kind> = self.word(
            t.kind.as_ref(),
            &field("kind"),
            Criterion::Specific,
            here("kind"),
            &format!("the target needs a `kind`: {}", Kind::expected()),
        );
        let fields_ok = kind.is_some_and(|k| self.kind_fields(k, t, &here));
        let groups = match kind {
            // A gap target applies to the pair of groups it compares.
            Some(Kind::Gap) => t.between.as_ref().map(|b| b.get_ref().to_vec()),
            _ => t
                .groups
                .as_ref()
                .and_then(|g| self.groups(g, &field("groups"))),
        };
        // Context groups: checked as groups, and never also scored.
        let context = match &t.context {
            Some(c) => {
                let codes = self.groups(c, &field("context"));
                ok &= codes.is_some();
                let codes = codes.unwrap_or_default();
                if let Some(both) = groups
                    .as_ref()
                    .and_then(|g| codes.iter().find(|c| g.contains(c)))
                {
                    let loc = self.at(c, &field("context"));
                    self.error(
                        Criterion::Specific,
                        loc,
                        format!(
                            "`{both}` is in both `groups` and `context`: a group is either scored or shown for context"
                        ),
                    );
                    ok = false;
                }
                codes
            }
            None => Vec::new(),
        };
        let basis: Option<Basis> = self.word(
            t.basis.as_ref(),
            &field("basis"),
            Criterion::Relevant,
            here("basis"),
            "`official` (the plan's number) or `derived` (our quantification)",
        );
        let source = match t.source.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => Some(s.to_string()),
            _ => {
                self.error(
                    Criterion::Relevant,
                    here("source"),
                    "missing: say where the target comes from (`source`)",
                );
                None
            }
        };
        let target_kind = match (kind, fields_ok) {
            (Some(Kind::Yearly), true) => {
                self.yearly(t, baseline_year, unit, groups.as_deref(), &here)
            }
            (Some(k), true) => self.target_kind(k, t, year, direction, limits, &here),
            _ => None,
        };
        let series = match &t.series {
            Some(s) => {
                let spec = self.series(s.get_ref(), s, &field("series"), direction);
                ok &= spec.is_some();
                spec
            }
            None => None,
        };
        let text = t
            .text
            .clone()
            .or_else(|| {
                id.as_deref()
                    .and_then(|i| self.framework.get(i))
                    .map(|p| p.short_text().to_string())
            })
            .unwrap_or_default();
        if !ok {
            return None;
        }
        Some(Target {
            id: id?,
            level: level?,
            text,
            kind: target_kind?,
            year: year?,
            groups: groups?,
            context,
            basis: basis?,
            source: source?,
            series,
            line: Some(line),
        })
    }

    /// Apply [`KIND_FIELDS`](super::target::KIND_FIELDS): every field the
    /// kind needs is there, and no field it does not take. True when so.
    fn kind_fields(&mut self, kind: Kind, t: &TargetDef, here: &dyn Fn(&str) -> Location) -> bool {
        let present = |f: KindField| match f {
            KindField::Value => t.value.is_some(),
            KindField::BaselineYear => t.baseline_year.is_some(),
            KindField::Band => t.band.is_some(),
            KindField::Between => t.between.is_some(),
            KindField::Condition => t.condition.is_some(),
            KindField::Groups => t.groups.is_some(),
            KindField::Yearly => t.yearly.is_some(),
            KindField::Cumulative => t.cumulative.is_some(),
        };
        let mut ok = true;
        for &f in KindField::ALL {
            let name = f.as_str();
            let problem = match (takes(kind, f), present(f)) {
                (Takes::Needs(what), false) => Some(format!(
                    "missing: a {} target needs `{name}`: {what}",
                    kind.as_str()
                )),
                (Takes::No(why), true) => Some(format!(
                    "`{name}` is not used by a {} target{}",
                    kind.as_str(),
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(": {why}")
                    }
                )),
                _ => None,
            };
            if let Some(message) = problem {
                self.error(f.criterion(), here(name), message);
                ok = false;
            }
        }
        ok
    }

    /// The kind's own values, once [`Self::kind_fields`] has found the
    /// fields it needs.
    fn target_kind(
        &mut self,
        kind: Kind,
        t: &TargetDef,
        year: Option<i32>,
        direction: Option<Direction>,
        limits: Option<(f64, f64)>,
        here: &dyn Fn(&str) -> Location,
    ) -> Option<TargetKind> {
        let value = match t.value.as_ref().map(|v| *v.get_ref()) {
            Some(v) if !v.is_finite() => {
                self.error(
                    Criterion::Specific,
                    here("value"),
                    "`value` must be a finite number",
                );
                return None;
            }
            v => v,
        };
        let baseline_year = match &t.baseline_year {
            Some(b) => {
                let b: i32 = self.whole(
                    b,
                    &here("baseline_year").field.unwrap_or_default(),
                    YEARS,
                    Criterion::TimeBound,
                    "baseline year",
                )?;
                if let Some(y) = year
                    && b >= y
                {
                    self.error(
                        Criterion::TimeBound,
                        here("baseline_year"),
                        format!("baseline year {b} is not before the target year {y}"),
                    );
                    return None;
                }
                Some(b)
            }
            None => None,
        };
        // A value the indicator cannot take is a target no group can reach
        // or one every group has met: −50% of households, or 200%.
        let within = |v: f64| limits.is_none_or(|(lo, hi)| (lo..=hi).contains(&v));
        let limits_text = || {
            limits
                .map(|(lo, hi)| format!("[{lo}, {hi}]"))
                .unwrap_or_default()
        };
        match kind {
            Kind::Level | Kind::Threshold => {
                let v = value?;
                if !within(v) {
                    self.error(
                        Criterion::Specific,
                        here("value"),
                        format!(
                            "target value {v} is outside the indicator's natural limits {}: no value of the indicator can be it",
                            limits_text()
                        ),
                    );
                    return None;
                }
                Some(if kind == Kind::Level {
                    TargetKind::Level { value: v }
                } else {
                    TargetKind::Threshold { value: v }
                })
            }
            Kind::Relative => {
                let v = value?;
                // Below −100% a non-negative quantity would have to turn
                // negative.
                if limits.is_some_and(|(lo, _)| lo >= 0.0) && v < -100.0 {
                    self.error(
                        Criterion::Specific,
                        here("value"),
                        format!(
                            "a change of {v}% cannot be reached: a value within the natural limits {} falls by 100% at most",
                            limits_text()
                        ),
                    );
                    return None;
                }
                Some(TargetKind::Relative {
                    change_pct: v,
                    baseline_year: baseline_year?,
                })
            }
            Kind::Gap => {
                let [a, b] = t.between.as_ref()?.get_ref().clone();
                let mut known = true;
                for g in [&a, &b] {
                    if group::group(g).is_none() {
                        self.error(
                            Criterion::Specific,
                            here("between"),
                            format!("unknown group `{g}` in `between`: give two group codes such as DEVELOPED and DEVELOPING"),
                        );
                        known = false;
                    }
                }
                let reduction = value?;
                if !(0.0..=100.0).contains(&reduction) {
                    self.error(
                        Criterion::Specific,
                        here("value"),
                        format!("a gap is reduced by 0–100 percent, not {reduction}"),
                    );
                    return None;
                }
                known.then_some(TargetKind::Gap {
                    reduction_pct: reduction,
                    baseline_year: baseline_year?,
                    between: (a, b),
                })
            }
            Kind::Parity => {
                if direction.is_some() && direction != Some(Direction::Band) {
                    self.error(
                        Criterion::Specific,
                        here("kind"),
                        "a parity target needs an indicator with `direction = \"band\"`",
                    );
                }
                let band = t.band.as_ref()?;
                let (low, high) =
                    self.pair(band, &here("band").field.unwrap_or_default(), "band")?;
                if low < 0.0 {
                    self.error(
                        Criterion::Specific,
                        here("band"),
                        format!("a ratio is never below 0: the band [{low}, {high}] cannot be"),
                    );
                    return None;
                }
                Some(TargetKind::Parity { low, high })
            }
            Kind::ShareOfEconomies => {
                let share = value?;
                if !(0.0..=100.0).contains(&share) {
                    self.error(
                        Criterion::Specific,
                        here("value"),
                        format!("a share of economies is 0–100 percent, not {share}"),
                    );
                    return None;
                }
                let c = t.condition.as_ref()?.get_ref();
                let op = CmpOp::parse(&c.op);
                if op.is_none() || !c.value.is_finite() || !within(c.value) {
                    let why = match op {
                        None => CmpOp::unknown(&c.op),
                        Some(_) if !c.value.is_finite() => {
                            "its value must be a finite number".to_string()
                        }
                        Some(_) => format!(
                            "its value is outside the indicator's natural limits {}",
                            limits_text()
                        ),
                    };
                    self.error(
                        Criterion::Specific,
                        here("condition"),
                        format!("condition `{} {}` is not valid: {why}", c.op, c.value),
                    );
                    return None;
                }
                Some(TargetKind::ShareOfEconomies {
                    share_pct: share,
                    op: op?,
                    threshold: c.value,
                })
            }
            // Read by `yearly`, which needs the unit and groups.
            Kind::Yearly => None,
        }
    }

    /// A target's `groups`: selection words and codes, resolved in report
    /// order.
    fn groups(&mut self, g: &Spanned<Vec<String>>, field: &str) -> Option<Vec<String>> {
        let mut codes: Vec<&'static str> = Vec::new();
        let mut ok = true;
        for word in g.get_ref() {
            match group::resolve_word(word) {
                Ok(list) => codes.extend(list),
                Err(message) => {
                    let loc = self.at(g, field);
                    self.error(Criterion::Specific, loc, message);
                    ok = false;
                }
            }
        }
        codes.sort_by_key(|c| group::order(c));
        codes.dedup();
        if codes.is_empty() && ok {
            let loc = self.at(g, field);
            self.error(Criterion::Specific, loc, "`groups` is empty");
            ok = false;
        }
        ok.then(|| codes.into_iter().map(String::from).collect())
    }

    /// The framework item a target id names: a 2030 or 2023 target, an
    /// outcome or an output; an error naming the nearest id otherwise.
    fn measured_item(&mut self, id: &Spanned<String>, field: &str) -> Option<String> {
        let s = id.get_ref();
        let loc = self.at(id, field);
        match self.framework.get(s) {
            Some(item) if item.kind.is_measurable() => Some(s.clone()),
            Some(item) => {
                let message = format!(
                    "`{s}` is a {} of the framework: an indicator measures a 2030 or 2023 target, an outcome or an output",
                    item.kind.label()
                );
                self.error(Criterion::Relevant, loc, message);
                None
            }
            None => {
                let measurable: Vec<&str> = self
                    .framework
                    .items
                    .iter()
                    .filter(|i| i.kind.is_measurable())
                    .map(|i| i.id.as_str())
                    .collect();
                let hint = near(s, measurable.iter().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                let message = format!(
                    "unknown target `{s}`: not an item of the framework in {}{hint}; an indicator measures a 2030 or 2023 target, an outcome or an output",
                    self.framework.dir.display()
                );
                self.error(Criterion::Relevant, loc, message);
                None
            }
        }
    }

    /// A yearly target's years: each once per group, in the target's
    /// groups, after the baseline year; no cumulative percentages.
    fn yearly(
        &mut self,
        t: &TargetDef,
        baseline_year: Option<i32>,
        unit: Option<Unit>,
        groups: Option<&[String]>,
        here: &dyn Fn(&str) -> Location,
    ) -> Option<TargetKind> {
        let raw = t.yearly.as_ref()?;
        let cumulative = *t.cumulative.as_ref()?.get_ref();
        let loc = Location::file(self.path)
            .at_line(self.lines.line_of(raw.span().start))
            .field(here("yearly").field.unwrap_or_default());
        let mut years: Vec<YearTarget> = Vec::new();
        let mut ok = true;
        if raw.get_ref().is_empty() {
            self.error(Criterion::TimeBound, loc.clone(), "`yearly` lists no year");
            return None;
        }
        for y in raw.get_ref() {
            let year = match i32::try_from(y.year)
                .ok()
                .filter(|v| YEARS.contains(&i64::from(*v)))
            {
                Some(v) => v,
                None => {
                    self.error(
                        Criterion::TimeBound,
                        loc.clone(),
                        format!(
                            "year {} is outside {}–{}",
                            y.year,
                            YEARS.start(),
                            YEARS.end()
                        ),
                    );
                    ok = false;
                    continue;
                }
            };
            if !y.value.is_finite() {
                self.error(
                    Criterion::Specific,
                    loc.clone(),
                    format!("the {year} target must be a finite number"),
                );
                ok = false;
            }
            if let Some(b) = baseline_year
                && year <= b
            {
                self.error(
                    Criterion::TimeBound,
                    loc.clone(),
                    format!("target year {year} is not after the baseline year {b}"),
                );
                ok = false;
            }
            if let (Some(g), Some(groups)) = (&y.group, groups)
                && !groups.contains(g)
            {
                self.error(
                    Criterion::Specific,
                    loc.clone(),
                    format!(
                        "the {year} target is for `{g}`, which is not among the target's groups ({})",
                        groups.join(", ")
                    ),
                );
                ok = false;
            }
            if years.iter().any(|x| x.year == year && x.group == y.group) {
                self.error(
                    Criterion::TimeBound,
                    loc.clone(),
                    format!(
                        "the {year} target{} is given twice",
                        y.group
                            .as_ref()
                            .map(|g| format!(" for {g}"))
                            .unwrap_or_default()
                    ),
                );
                ok = false;
            }
            years.push(YearTarget {
                year,
                value: y.value,
                group: y.group.clone(),
            });
        }
        if cumulative && unit == Some(Unit::Percent) {
            self.error(
                Criterion::Specific,
                here("cumulative"),
                "a share in percent is not a running total: write `cumulative = false` (each year's value is the year's share)",
            );
            ok = false;
        }
        years.sort_by(|a, b| (a.year, &a.group).cmp(&(b.year, &b.group)));
        ok.then_some(TargetKind::Yearly { years, cumulative })
    }

    /// Relevant: the indicator's goal is the goal its targets' chain
    /// names, and a 2023 target that maps to a 2030 target is measured
    /// beside it.
    fn relevance(&mut self, targets: &[Target], goal: Option<u8>) {
        let sp: Vec<&Target> = targets.iter().filter(|t| t.is_2030()).collect();
        for t in targets {
            let loc = Location::file(self.path)
                .at_line(t.line.unwrap_or(1))
                .field("target.id");
            if let (Some(goal), Some(of)) = (goal, self.framework.goal_of(&t.id))
                && of != goal
            {
                self.error(
                    Criterion::Relevant,
                    loc.clone(),
                    format!(
                        "target `{}` belongs to goal {of}, but the indicator says goal {goal}",
                        t.id
                    ),
                );
            }
            let Some(item) = self.framework.get(&t.id) else {
                continue;
            };
            if item.kind != ItemKind::Target2023 {
                continue;
            }
            match (item.mapping, item.maps_to.as_deref()) {
                (Some(Mapping::Target2030), Some(maps_to))
                    if !sp.iter().any(|s| s.id == maps_to) =>
                {
                    self.warning(
                        Criterion::Relevant,
                        loc,
                        format!(
                            "2023 target `{}` maps to `{maps_to}`, which this indicator does not measure",
                            t.id
                        ),
                    );
                }
                (Some(m @ (Mapping::Outcomes | Mapping::Proxies)), _) if !sp.is_empty() => {
                    self.findings.push(Finding::note(
                        Criterion::Relevant,
                        loc,
                        format!(
                            "2023 target `{}` is one the plan moves under the outcomes ({}), not under a 2030 target",
                            t.id,
                            m.as_str()
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
}

/// Collect the strings of a TOML value that hold a control character
/// (other than tab and line break): the offset of the value, its field
/// path (`target[1].source`) and the first such character.
fn walk_strings(
    value: &Spanned<toml::de::DeValue<'_>>,
    path: &str,
    found: &mut Vec<(usize, String, char)>,
) {
    use toml::de::DeValue;
    match value.get_ref() {
        DeValue::String(text) => {
            if let Some(c) = text
                .chars()
                .find(|c| c.is_control() && *c != '\n' && *c != '\t')
            {
                found.push((value.span().start, path.to_string(), c));
            }
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let inner = match item.get_ref() {
                    // `[[target]]` tables are numbered; a list of words is
                    // one field.
                    DeValue::Table(_) => format!("{path}[{i}]"),
                    _ => path.to_string(),
                };
                walk_strings(item, &inner, found);
            }
        }
        DeValue::Table(table) => {
            for (key, v) in table.iter() {
                walk_strings(v, &format!("{path}.{}", key.get_ref()), found);
            }
        }
        _ => {}
    }
}

fn disaggregation(d: &DisaggregationDef) -> Disaggregation {
    Disaggregation {
        sex: d.sex.clone(),
        area: d.area.clone(),
        age: d.age.clone(),
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Sort `C2023-2.10` after `C2023-2.8`.
fn target_sort_key(id: &str) -> (String, Vec<u32>) {
    super::framework::sort_key(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_ids_sort_numerically() {
        assert!(target_sort_key("C2023-2.8") < target_sort_key("C2023-2.10"));
    }
}
