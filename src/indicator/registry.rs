//! Loading `indicators/*.toml`: parse each file, check what can be checked
//! without data (Specific, Relevant, Time-bound, and the file's structure),
//! and keep every problem as a [`Finding`] with file, line and field.
//!
//! A file with errors does not become an [`Indicator`]; the other files
//! still load, so that one bad file does not hide the state of the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::definition::{AggregationDef, DisaggregationDef, IndicatorFile, SeriesDef, TargetDef};
use super::finding::{Criterion, Finding, Severity};
use super::framework::{self, plan_target};
use super::{
    Aggregation, AggregationMethod, Basis, CmpOp, Direction, Disaggregation, Indicator, SeriesSpec,
    Target, TargetKind, Unit, Weight,
};
use crate::classify::group::{self, expand_selection};
use crate::error::{Error, Location, Result};

/// Every definition in a folder, with what was found wrong.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The folder.
    pub dir: PathBuf,
    /// Indicators without errors, in id order.
    pub indicators: Vec<Indicator>,
    /// Every finding, in file and line order.
    pub findings: Vec<Finding>,
    /// Files read, in name order.
    pub files: Vec<PathBuf>,
}

impl Registry {
    /// Number of error findings.
    pub fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// Fail with the first errors when any definition has one: commands
    /// other than `check` must not run on broken definitions.
    pub fn require_valid(&self) -> Result<()> {
        let errors: Vec<String> = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        let shown = errors
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ");
        let more = if errors.len() > 5 {
            format!("\n  … and {} more", errors.len() - 5)
        } else {
            String::new()
        };
        Err(Error::Usage(format!(
            "{} error(s) in the indicator definitions in {} (run `rbm check` for all findings):\n  {shown}{more}",
            errors.len(),
            self.dir.display()
        )))
    }

    /// The indicator with this id.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The indicators selected by id (all when `ids` is empty), or a usage
    /// error naming the unknown id and the known ones.
    pub fn select(&self, ids: &[String]) -> Result<Vec<&Indicator>> {
        if ids.is_empty() {
            return Ok(self.indicators.iter().collect());
        }
        ids.iter()
            .map(|id| {
                self.get(id).ok_or_else(|| {
                    let known: Vec<&str> = self.indicators.iter().map(|i| i.id.as_str()).collect();
                    Error::Usage(format!(
                        "unknown indicator `{id}`; known: {}",
                        known.join(", ")
                    ))
                })
            })
            .collect()
    }
}

/// Load every `*.toml` file in `dir`, in file-name order.
pub fn load_dir(dir: &Path) -> Result<Registry> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot read folder", e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "cannot read folder", e))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    let mut sources = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read", e))?;
        sources.push((path.clone(), text));
    }
    let mut registry = load_sources(&sources);
    registry.dir = dir.to_path_buf();
    Ok(registry)
}

/// Load definitions from (path, text) pairs; pure, for tests and fuzzing.
pub fn load_sources(sources: &[(PathBuf, String)]) -> Registry {
    let mut registry = Registry::default();
    let mut first_seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (path, text) in sources {
        registry.files.push(path.clone());
        let (indicator, findings) = parse_indicator(path, text);
        let id = indicator.as_ref().map(|i| i.id.clone());
        registry.findings.extend(findings);
        let Some(indicator) = indicator else { continue };
        let id = id.unwrap_or_default();
        if let Some(other) = first_seen.get(&id) {
            registry.findings.push(
                Finding::error(
                    Criterion::Syntax,
                    Location::file(path).at_line(1).field("id"),
                    format!(
                        "duplicate indicator id `{id}`: also defined in {}",
                        other.display()
                    ),
                )
                .for_indicator(&id),
            );
            continue;
        }
        first_seen.insert(id, path.clone());
        registry.indicators.push(indicator);
    }
    registry.indicators.sort_by(|a, b| a.id.cmp(&b.id));
    registry
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

/// Parse and check one file.
pub fn parse_indicator(path: &Path, text: &str) -> (Option<Indicator>, Vec<Finding>) {
    let raw: IndicatorFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => return (None, vec![syntax_finding(path, text, &err)]),
    };
    let mut checker = Checker {
        path,
        text,
        findings: Vec::new(),
        id: None,
    };
    let indicator = checker.build(raw);
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

fn syntax_finding(path: &Path, text: &str, err: &toml::de::Error) -> Finding {
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
        message.to_string()
    } else {
        format!("not a valid indicator definition: {message}")
    };
    Finding::error(Criterion::Syntax, location, message)
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    findings: Vec<Finding>,
    id: Option<String>,
}

impl Checker<'_> {
    fn at<T>(&self, spanned: &Spanned<T>, field: &str) -> Location {
        Location::file(self.path)
            .at_line(line_of(self.text, spanned.span().start))
            .field(field)
    }

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

    fn build(&mut self, raw: IndicatorFile) -> Option<Indicator> {
        let id = match &raw.id {
            Some(id) if is_identifier(id.get_ref()) => {
                let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                if stem != id.get_ref() {
                    let loc = self.at(id, "id");
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
            Some(id) => {
                let loc = self.at(id, "id");
                self.error(
                    Criterion::Specific,
                    loc,
                    format!(
                        "`{}` is not a valid id: use lower-case letters, digits and `_`, starting with a letter",
                        id.get_ref()
                    ),
                );
                None
            }
            None => {
                let loc = self.field("id");
                self.error(
                    Criterion::Specific,
                    loc,
                    "missing: every indicator needs an `id`",
                );
                None
            }
        };
        self.id = id.clone();

        let name = self.required_text(&raw.name, "name", Criterion::Specific);
        let definition = self.required_text(&raw.definition, "definition", Criterion::Specific);

        let unit = match &raw.unit {
            None => {
                let loc = self.field("unit");
                self.error(
                    Criterion::Specific,
                    loc,
                    format!(
                        "missing: every indicator needs a unit, one of {}",
                        unit_list()
                    ),
                );
                None
            }
            Some(u) => match Unit::parse(u.get_ref()) {
                Some(unit) => Some(unit),
                None => {
                    let loc = self.at(u, "unit");
                    self.error(
                        Criterion::Specific,
                        loc,
                        format!(
                            "unknown unit `{}`: expected one of {}",
                            u.get_ref(),
                            unit_list()
                        ),
                    );
                    None
                }
            },
        };

        let direction = match &raw.direction {
            None => {
                let loc = self.field("direction");
                self.error(
                    Criterion::Specific,
                    loc,
                    "missing: say whether progress is an `increase`, a `decrease` or staying within a `band`",
                );
                None
            }
            Some(d) => match Direction::parse(d.get_ref()) {
                Some(dir) => Some(dir),
                None => {
                    let loc = self.at(d, "direction");
                    self.error(
                        Criterion::Specific,
                        loc,
                        format!(
                            "unknown direction `{}`: expected increase, decrease or band",
                            d.get_ref()
                        ),
                    );
                    None
                }
            },
        };

        let natural_limits = match (&raw.natural_limits, unit) {
            (Some(l), _) => {
                let [lo, hi] = *l.get_ref();
                if lo.is_finite() && hi.is_finite() && lo < hi {
                    Some((lo, hi))
                } else {
                    let loc = self.at(l, "natural_limits");
                    self.error(
                        Criterion::Specific,
                        loc,
                        format!(
                            "natural limits [{lo}, {hi}] must be two finite numbers, low < high"
                        ),
                    );
                    None
                }
            }
            (None, Some(unit)) => Some(unit.default_limits()),
            (None, None) => None,
        };

        let goal = match &raw.goal {
            None => {
                let loc = self.field("goal");
                self.error(
                    Criterion::Relevant,
                    loc,
                    "missing: link the indicator to strategic goal 1 (universal connectivity) or 2 (sustainable digital transformation)",
                );
                None
            }
            Some(g) if framework::goal_name(*g.get_ref() as u8).is_some() && *g.get_ref() <= 2 => {
                Some(*g.get_ref() as u8)
            }
            Some(g) => {
                let loc = self.at(g, "goal");
                self.error(
                    Criterion::Relevant,
                    loc,
                    format!(
                        "goal {} does not exist: the Strategic Plan 2024–2027 has goals 1 and 2",
                        g.get_ref()
                    ),
                );
                None
            }
        };

        let baseline_year = match raw.baseline.as_ref().map(|b| (b, &b.get_ref().year)) {
            None => {
                let loc = self.field("baseline");
                self.error(
                    Criterion::TimeBound,
                    loc,
                    "missing: give `[baseline] year = …`, the year progress is measured from",
                );
                None
            }
            Some((b, None)) => {
                let loc = self.at(b, "baseline.year");
                self.error(
                    Criterion::TimeBound,
                    loc,
                    "missing: the baseline needs a `year`",
                );
                None
            }
            Some((_, Some(y))) => {
                if (1990..=2100).contains(y.get_ref()) {
                    Some(*y.get_ref() as i32)
                } else {
                    let loc = self.at(y, "baseline.year");
                    self.error(
                        Criterion::TimeBound,
                        loc,
                        format!("baseline year {} is outside 1990–2100", y.get_ref()),
                    );
                    None
                }
            }
        };

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

        let mut targets = Vec::new();
        let mut seen_targets: BTreeMap<String, u64> = BTreeMap::new();
        if raw.target.is_empty() {
            let loc = self.field("target");
            self.error(
                Criterion::Relevant,
                loc,
                "no `[[target]]`: an indicator must measure at least one 2030 target",
            );
        }
        for (i, t) in raw.target.iter().enumerate() {
            let line = line_of(self.text, t.span().start);
            if let Some(target) = self.target(i, t, line, baseline_year, direction) {
                if let Some(prev) = seen_targets.insert(target.id.clone(), line) {
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
        }
        self.relevance(&targets, goal);
        targets.sort_by(|a, b| {
            (!a.is_2030(), target_sort_key(&a.id)).cmp(&(!b.is_2030(), target_sort_key(&b.id)))
        });

        Some(Indicator {
            id: id?,
            name: name?,
            definition: definition?,
            unit: unit?,
            direction: direction?,
            natural_limits: natural_limits?,
            goal: goal?,
            baseline_year: baseline_year?,
            series,
            aggregation: aggregation?,
            disaggregations: raw.disaggregations,
            frequency: raw.frequency.unwrap_or_else(|| "annual".to_string()),
            data_source: raw.data_source.unwrap_or_default(),
            custodian: raw.custodian.unwrap_or_default(),
            notes: raw.notes.unwrap_or_default(),
            targets,
            path: self.path.to_path_buf(),
        })
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
        let Some(code) = def.code.clone().filter(|c| !c.trim().is_empty()) else {
            self.error(
                Criterion::Measurable,
                loc.field(format!("{field}.code")),
                "missing: the series needs the `code` of an ingested series",
            );
            return None;
        };
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
        let mut breaks: Vec<i32> = def.breaks.iter().map(|b| *b as i32).collect();
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
            scale,
            breaks,
        })
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
        let method = match def.method.as_deref() {
            Some("weighted_mean") => {
                let weight = match def.weight.as_deref() {
                    Some("population") => Weight::Population,
                    Some("households") => Weight::Households,
                    Some("economies") => Weight::Economies,
                    Some(w) if w.strip_prefix("series:").is_some_and(|c| !c.is_empty()) => {
                        Weight::Series(w["series:".len()..].to_string())
                    }
                    Some(other) => {
                        self.error(
                            Criterion::Specific,
                            loc.field("aggregation.weight"),
                            format!("unknown weight `{other}`: expected population, households, economies or series:<code>"),
                        );
                        return None;
                    }
                    None => {
                        self.error(
                            Criterion::Specific,
                            loc.field("aggregation.weight"),
                            "a weighted mean needs a `weight`: population, households or economies",
                        );
                        return None;
                    }
                };
                AggregationMethod::WeightedMean { weight }
            }
            Some("median") => AggregationMethod::Median,
            Some("sum") => AggregationMethod::Sum,
            Some(other) => {
                self.error(
                    Criterion::Specific,
                    loc,
                    format!("unknown aggregation method `{other}`: expected weighted_mean, median or sum"),
                );
                return None;
            }
            None => {
                self.error(
                    Criterion::Specific,
                    loc,
                    "missing: the aggregation needs a `method`: weighted_mean, median or sum",
                );
                return None;
            }
        };
        let mut agg = Aggregation::new(method);
        for (name, value, slot) in [
            ("coverage", def.coverage, &mut agg.coverage),
            ("max_imputed", def.max_imputed, &mut agg.max_imputed),
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
            if !(0..=10).contains(&h) {
                let loc = self.at(spanned, "aggregation.hold_years");
                self.error(
                    Criterion::Specific,
                    loc,
                    format!("`hold_years` must be 0–10, not {h}"),
                );
                return None;
            }
            agg.hold_years = h as i32;
        }
        Some(agg)
    }

    fn target(
        &mut self,
        index: usize,
        spanned: &Spanned<TargetDef>,
        line: u64,
        baseline_year: Option<i32>,
        direction: Option<Direction>,
    ) -> Option<Target> {
        let t = spanned.get_ref();
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
            Some(id) => {
                if plan_target(id.get_ref()).is_none() {
                    let loc = self.at(id, &field("id"));
                    self.error(
                        Criterion::Relevant,
                        loc,
                        format!(
                            "unknown target `{}`: expected one of SP2030-1.1 … SP2030-2.7 or the Connect 2030 ids C2023-1.1 … C2023-3.4",
                            id.get_ref()
                        ),
                    );
                    None
                } else {
                    Some(id.get_ref().clone())
                }
            }
        };

        let year = match &t.year {
            None => {
                self.error(
                    Criterion::TimeBound,
                    here("year"),
                    "missing: the target needs a `year`",
                );
                None
            }
            Some(y) => {
                let year = *y.get_ref();
                if !(1990..=2100).contains(&year) {
                    let loc = self.at(y, &field("year"));
                    self.error(
                        Criterion::TimeBound,
                        loc,
                        format!("target year {year} is outside 1990–2100"),
                    );
                    None
                } else {
                    if let Some(base) = baseline_year
                        && (year as i32) <= base
                    {
                        let loc = self.at(y, &field("year"));
                        self.error(
                            Criterion::TimeBound,
                            loc,
                            format!("target year {year} is not after the baseline year {base}"),
                        );
                        ok = false;
                    }
                    Some(year as i32)
                }
            }
        };

        let is_gap = t.kind.as_ref().is_some_and(|k| k.get_ref() == "gap");
        let groups = match &t.groups {
            // A gap target applies to the pair of groups it compares.
            None if is_gap => t.between.as_ref().map(|b| b.get_ref().to_vec()),
            Some(g) if is_gap => {
                let loc = self.at(g, &field("groups"));
                self.error(
                    Criterion::Specific,
                    loc,
                    "a gap target applies to the two groups in `between`; remove `groups`",
                );
                None
            }
            None => {
                self.error(
                    Criterion::Specific,
                    here("groups"),
                    "missing: say which groups the target applies to, e.g. [\"all\"] or [\"LDC\"]",
                );
                None
            }
            Some(g) => {
                let mut codes: Vec<&'static str> = Vec::new();
                for word in g.get_ref() {
                    match expand_selection(word) {
                        Some(list) => codes.extend(list),
                        None => {
                            let loc = self.at(g, &field("groups"));
                            self.error(
                                Criterion::Specific,
                                loc,
                                format!(
                                    "unknown group `{word}`: use world, regions, development, all, or a code such as WLD, ITU_AFR, DEVELOPING, LDC"
                                ),
                            );
                            ok = false;
                        }
                    }
                }
                codes.sort_by_key(|c| group::order(c));
                codes.dedup();
                if codes.is_empty() && ok {
                    let loc = self.at(g, &field("groups"));
                    self.error(Criterion::Specific, loc, "`groups` is empty");
                    ok = false;
                }
                Some(codes.into_iter().map(String::from).collect::<Vec<_>>())
            }
        };

        let basis = match &t.basis {
            None => {
                self.error(
                    Criterion::Relevant,
                    here("basis"),
                    "missing: `official` (the plan's number) or `derived` (our quantification)",
                );
                None
            }
            Some(b) => match b.get_ref().as_str() {
                "official" => Some(Basis::Official),
                "derived" => Some(Basis::Derived),
                other => {
                    let loc = self.at(b, &field("basis"));
                    self.error(
                        Criterion::Relevant,
                        loc,
                        format!("unknown basis `{other}`: expected official or derived"),
                    );
                    None
                }
            },
        };

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

        let kind = self.target_kind(index, t, line, year, direction);

        let series = match &t.series {
            Some(s) => match self.series(s.get_ref(), s, &field("series"), direction) {
                Some(spec) => Some(spec),
                None => {
                    ok = false;
                    None
                }
            },
            None => None,
        };

        let text = t
            .text
            .clone()
            .or_else(|| {
                id.as_deref()
                    .and_then(plan_target)
                    .map(|p| p.text.to_string())
            })
            .unwrap_or_default();

        if !ok {
            return None;
        }
        Some(Target {
            id: id?,
            text,
            kind: kind?,
            year: year?,
            groups: groups?,
            basis: basis?,
            source: source?,
            series,
            line: Some(line),
        })
    }

    fn target_kind(
        &mut self,
        index: usize,
        t: &TargetDef,
        line: u64,
        year: Option<i32>,
        direction: Option<Direction>,
    ) -> Option<TargetKind> {
        let path = self.path;
        let here = |name: &str| {
            Location::file(path)
                .at_line(line)
                .field(format!("target[{index}].{name}"))
        };
        let kind_name = match &t.kind {
            None => {
                self.error(
                    Criterion::Specific,
                    here("kind"),
                    "missing: level, threshold, relative, gap, parity or share_of_economies",
                );
                return None;
            }
            Some(k) => k.get_ref().as_str(),
        };
        let value = t.value.as_ref().map(|v| *v.get_ref());
        let need_value = |checker: &mut Self, what: &str| -> Option<f64> {
            match value {
                Some(v) if v.is_finite() => Some(v),
                Some(_) => {
                    checker.error(
                        Criterion::Specific,
                        here("value"),
                        "`value` must be a finite number",
                    );
                    None
                }
                None => {
                    checker.error(
                        Criterion::Specific,
                        here("value"),
                        format!("missing: a {kind_name} target needs `value` ({what})"),
                    );
                    None
                }
            }
        };
        let need_baseline = |checker: &mut Self| -> Option<i32> {
            match &t.baseline_year {
                None => {
                    checker.error(
                        Criterion::TimeBound,
                        here("baseline_year"),
                        format!("missing: a {kind_name} target needs the `baseline_year` it is measured from"),
                    );
                    None
                }
                Some(b) => {
                    let b = *b.get_ref() as i32;
                    if let Some(y) = year
                        && b >= y
                    {
                        checker.error(
                            Criterion::TimeBound,
                            here("baseline_year"),
                            format!("baseline year {b} is not before the target year {y}"),
                        );
                        return None;
                    }
                    Some(b)
                }
            }
        };
        // Fields that only some kinds use: reject them elsewhere, so that a
        // misplaced field is not silently ignored.
        let unused = |checker: &mut Self, name: &str, present: bool| {
            if present {
                checker.error(
                    Criterion::Specific,
                    here(name),
                    format!("`{name}` is not used by a {kind_name} target"),
                );
            }
        };
        match kind_name {
            "level" | "threshold" => {
                unused(self, "band", t.band.is_some());
                unused(self, "between", t.between.is_some());
                unused(self, "condition", t.condition.is_some());
                unused(self, "baseline_year", t.baseline_year.is_some());
                let value = need_value(self, "the value to reach, in the indicator's unit")?;
                Some(if kind_name == "level" {
                    TargetKind::Level { value }
                } else {
                    TargetKind::Threshold { value }
                })
            }
            "relative" => {
                unused(self, "band", t.band.is_some());
                unused(self, "between", t.between.is_some());
                unused(self, "condition", t.condition.is_some());
                let change = need_value(self, "the change in percent, e.g. -25 for 25% lower");
                let baseline_year = need_baseline(self);
                Some(TargetKind::Relative {
                    change_pct: change?,
                    baseline_year: baseline_year?,
                })
            }
            "gap" => {
                unused(self, "band", t.band.is_some());
                unused(self, "condition", t.condition.is_some());
                let reduction = need_value(self, "the reduction of the gap in percent, e.g. 25");
                let baseline_year = need_baseline(self);
                let between = match &t.between {
                    None => {
                        self.error(
                            Criterion::Specific,
                            here("between"),
                            "missing: a gap target needs `between = [\"DEVELOPED\", \"DEVELOPING\"]`",
                        );
                        None
                    }
                    Some(b) => {
                        let [a, c] = b.get_ref().clone();
                        let mut bad = false;
                        for g in [&a, &c] {
                            if group::group(g).is_none() {
                                self.error(
                                    Criterion::Specific,
                                    here("between"),
                                    format!("unknown group `{g}` in `between`"),
                                );
                                bad = true;
                            }
                        }
                        (!bad).then_some((a, c))
                    }
                };
                Some(TargetKind::Gap {
                    reduction_pct: reduction?,
                    baseline_year: baseline_year?,
                    between: between?,
                })
            }
            "parity" => {
                unused(self, "between", t.between.is_some());
                unused(self, "condition", t.condition.is_some());
                unused(self, "value", t.value.is_some());
                unused(self, "baseline_year", t.baseline_year.is_some());
                if direction.is_some() && direction != Some(Direction::Band) {
                    self.error(
                        Criterion::Specific,
                        here("kind"),
                        "a parity target needs an indicator with `direction = \"band\"`",
                    );
                }
                match &t.band {
                    None => {
                        self.error(
                            Criterion::Specific,
                            here("band"),
                            "missing: a parity target needs its `band`, e.g. [0.98, 1.02]",
                        );
                        None
                    }
                    Some(b) => {
                        let [low, high] = *b.get_ref();
                        if low.is_finite() && high.is_finite() && low < high {
                            Some(TargetKind::Parity { low, high })
                        } else {
                            self.error(
                                Criterion::Specific,
                                here("band"),
                                format!(
                                    "band [{low}, {high}] must be two finite numbers, low < high"
                                ),
                            );
                            None
                        }
                    }
                }
            }
            "share_of_economies" => {
                unused(self, "band", t.band.is_some());
                unused(self, "between", t.between.is_some());
                let share = need_value(self, "the share of economies in percent");
                if let Some(s) = share
                    && !(0.0..=100.0).contains(&s)
                {
                    self.error(
                        Criterion::Specific,
                        here("value"),
                        format!("a share of economies is 0–100 percent, not {s}"),
                    );
                    return None;
                }
                let condition = match &t.condition {
                    None => {
                        self.error(
                            Criterion::Specific,
                            here("condition"),
                            "missing: a share_of_economies target needs `condition = { op = \"<=\", value = 2.0 }`",
                        );
                        None
                    }
                    Some(c) => {
                        let c = c.get_ref();
                        match CmpOp::parse(&c.op) {
                            Some(op) if c.value.is_finite() => Some((op, c.value)),
                            _ => {
                                self.error(
                                    Criterion::Specific,
                                    here("condition"),
                                    format!(
                                        "condition `{} {}` is not valid: op is one of <, <=, >, >= and value a finite number",
                                        c.op, c.value
                                    ),
                                );
                                None
                            }
                        }
                    }
                };
                let (op, threshold) = condition?;
                Some(TargetKind::ShareOfEconomies {
                    share_pct: share?,
                    op,
                    threshold,
                })
            }
            other => {
                self.error(
                    Criterion::Specific,
                    here("kind"),
                    format!(
                        "unknown target kind `{other}`: expected level, threshold, relative, gap, parity or share_of_economies"
                    ),
                );
                None
            }
        }
    }

    /// Relevant: at least one 2030 target, of the indicator's goal, and
    /// every 2023 target mapping to one of the indicator's 2030 targets.
    fn relevance(&mut self, targets: &[Target], goal: Option<u8>) {
        let sp: Vec<&Target> = targets.iter().filter(|t| t.is_2030()).collect();
        if sp.is_empty() && !targets.is_empty() {
            let loc = self.field("target");
            self.error(
                Criterion::Relevant,
                loc,
                "no 2030 target: the indicator must measure one of SP2030-1.1 … SP2030-2.7",
            );
        }
        for t in targets {
            let Some(plan) = plan_target(&t.id) else {
                continue;
            };
            let loc = Location::file(self.path)
                .at_line(t.line.unwrap_or(1))
                .field("target.id");
            if let Some(goal) = goal
                && plan.goal != goal
            {
                self.error(
                    Criterion::Relevant,
                    loc.clone(),
                    format!(
                        "target `{}` belongs to goal {}, but the indicator says goal {goal}",
                        t.id, plan.goal
                    ),
                );
            }
            if let Some(maps_to) = plan.maps_to
                && !sp.iter().any(|s| s.id == maps_to)
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
        }
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

fn unit_list() -> String {
    Unit::ALL
        .iter()
        .map(|u| u.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sort `C2023-2.10` after `C2023-2.8`.
fn target_sort_key(id: &str) -> (String, Vec<u32>) {
    let (prefix, rest) = id.split_once('-').unwrap_or((id, ""));
    let numbers = rest
        .split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect();
    (prefix.to_string(), numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "households_internet"
name = "Households with Internet access at home"
definition = "Share of households with Internet access at home."
unit = "percent"
direction = "increase"
goal = 1

[baseline]
year = 2015

[series]
code = "xHH6_IDI"

[aggregation]
method = "weighted_mean"
weight = "households"

[[target]]
id = "SP2030-1.3"
kind = "level"
value = 100
year = 2030
groups = ["all"]
basis = "derived"
source = "Strategic Plan 2024-2027"

[[target]]
id = "C2023-2.2"
kind = "level"
value = 30
year = 2023
groups = ["LDC"]
basis = "official"
source = "Connect 2030"
"#;

    fn parse(text: &str) -> (Option<Indicator>, Vec<Finding>) {
        parse_indicator(Path::new("indicators/households_internet.toml"), text)
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text).1.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_good_definition_loads_with_targets_in_order() {
        let (ind, findings) = parse(GOOD);
        assert!(findings.is_empty(), "{findings:?}");
        let ind = ind.expect("indicator");
        assert_eq!(ind.targets.len(), 2);
        assert_eq!(ind.targets[0].id, "SP2030-1.3");
        assert_eq!(ind.targets[0].groups.len(), 12);
        assert_eq!(ind.targets[1].groups, vec!["LDC".to_string()]);
        assert_eq!(ind.natural_limits, (0.0, 100.0));
        assert_eq!(
            ind.targets[1].text,
            "In the least developed countries, 30% of households with access to the Internet"
        );
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let text = GOOD.replace("goal = 1", "goal = 1\ncolour = \"red\"");
        let msgs = messages(&text);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].starts_with("indicators/households_internet.toml:8: field `colour`: error [syntax]: unknown field `colour`"),
            "{}",
            msgs[0]
        );
    }

    #[test]
    fn missing_unit_is_an_error_naming_the_field() {
        let text = GOOD.replace("unit = \"percent\"\n", "");
        assert_eq!(
            messages(&text),
            vec![
                "indicators/households_internet.toml: field `unit`: error [Specific]: missing: every indicator needs a unit, one of percent, percent_gni_pc, ratio, per_100, count"
            ]
        );
    }

    #[test]
    fn target_year_before_baseline_is_time_bound_error() {
        let text = GOOD.replace("year = 2023", "year = 2010");
        assert_eq!(
            messages(&text),
            vec![
                "indicators/households_internet.toml:32: field `target[1].year`: error [Time-bound]: target year 2010 is not after the baseline year 2015"
            ]
        );
    }

    #[test]
    fn target_sort_key_orders_numerically() {
        assert!(target_sort_key("C2023-2.8") < target_sort_key("C2023-2.10"));
    }
}
