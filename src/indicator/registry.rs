//! Loading `indicators/*.toml` against a results framework
//! ([`super::framework`], by default `indicators/framework/`): every file
//! checked ([`super::check`]), every problem kept as a [`Finding`] with
//! file, line and field, the framework's own findings included.
//!
//! A file with errors does not become an [`Indicator`]; the other files
//! still load, so that one bad file does not hide the state of the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Indicator;
use super::check::check_file;
use super::finding::{Criterion, Finding, Severity};
use super::framework::{self, Framework};
use crate::base::vocab::near;
use crate::error::{Error, Location, Result};

/// Errors [`Registry::require_valid`] lists before "… and N more".
const SHOWN_ERRORS: usize = 5;

/// Every definition in a folder, with what was found wrong.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The folder.
    pub dir: PathBuf,
    /// The results framework the definitions' targets name.
    pub framework: Framework,
    /// Indicators without errors, in id order.
    pub indicators: Vec<Indicator>,
    /// Every finding, in file and line order.
    pub findings: Vec<Finding>,
    /// Indicator files read, in name order.
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

    /// Fail with the first errors ([`Error::Definitions`]) when any
    /// definition has one: commands other than `check` must not run on
    /// broken definitions.
    pub fn require_valid(&self) -> Result<()> {
        let errors: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        Err(Error::Definitions {
            dir: self.dir.clone(),
            count: errors.len(),
            errors: errors
                .iter()
                .take(SHOWN_ERRORS)
                .map(|f| f.to_error())
                .collect(),
        })
    }

    /// The indicator with this id.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The indicators selected by id (all when `ids` is empty), or an
    /// error naming the unknown id, the nearest known one and all of them.
    pub fn select(&self, ids: &[String]) -> Result<Vec<&Indicator>> {
        if ids.is_empty() {
            return Ok(self.indicators.iter().collect());
        }
        ids.iter()
            .map(|id| {
                self.get(id).ok_or_else(|| {
                    let known: Vec<String> = self.indicators.iter().map(|i| i.id.clone()).collect();
                    Error::UnknownIndicator {
                        id: id.clone(),
                        suggestion: near(id, known.iter().map(String::as_str)).map(String::from),
                        known,
                    }
                })
            })
            .collect()
    }
}

/// Load the framework in `framework_dir`, then every `*.toml` file in
/// `dir`, in file-name order.
pub fn load_dir(dir: &Path, framework_dir: &Path) -> Result<Registry> {
    let (framework, fw_findings) = framework::load_dir(framework_dir)?;
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
    let mut registry = load_sources(&sources, framework, fw_findings);
    registry.dir = dir.to_path_buf();
    Ok(registry)
}

/// Load definitions from (path, text) pairs against a framework and its
/// findings; pure, for tests and fuzzing.
pub fn load_sources(
    sources: &[(PathBuf, String)],
    framework: Framework,
    framework_findings: Vec<Finding>,
) -> Registry {
    let mut registry = Registry {
        findings: framework_findings,
        ..Registry::default()
    };
    let mut first_seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    // Each file is parsed and checked on its own, on every core (in the
    // order of the files, whatever finishes first); what they say
    // together is gathered in that order below.
    let parsed: Vec<(Option<Indicator>, Vec<Finding>)> = {
        use rayon::prelude::*;
        sources
            .par_iter()
            .map(|(path, text)| parse_indicator(path, text, &framework))
            .collect()
    };
    for ((path, _), (indicator, findings)) in sources.iter().zip(parsed) {
        registry.files.push(path.clone());
        registry.findings.extend(findings);
        let Some(indicator) = indicator else { continue };
        if let Some(other) = first_seen.get(&indicator.id) {
            registry.findings.push(
                Finding::error(
                    Criterion::Syntax,
                    Location::file(path).at_line(1).field("id"),
                    format!(
                        "duplicate indicator id `{}`: also defined in {}",
                        indicator.id,
                        other.display()
                    ),
                )
                .for_indicator(&indicator.id),
            );
            continue;
        }
        first_seen.insert(indicator.id.clone(), path.clone());
        registry.indicators.push(indicator);
    }
    registry.indicators.sort_by(|a, b| a.id.cmp(&b.id));
    let breakdowns = check_breakdowns(&registry.indicators, sources);
    registry.findings.extend(breakdowns);
    registry.framework = framework;
    registry
}

/// A breakdown (`breakdown_of`) names an indicator that is defined and is
/// not itself a breakdown, and measures only targets its parent measures:
/// it is a part of the parent's target indicator, not a target of its own.
fn check_breakdowns(indicators: &[Indicator], sources: &[(PathBuf, String)]) -> Vec<Finding> {
    let by_id: BTreeMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut findings = Vec::new();
    for ind in indicators {
        let Some(parent_id) = ind.breakdown_of.as_deref() else {
            continue;
        };
        let why = match by_id.get(parent_id) {
            None => Some(format!(
                "`{parent_id}` is not an indicator here: name the indicator this one breaks down{}",
                near(parent_id, by_id.keys().copied())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default()
            )),
            Some(p) if p.breakdown_of.is_some() => Some(format!(
                "`{parent_id}` is itself a breakdown: name the indicator it breaks down"
            )),
            Some(p) => ind
                .targets
                .iter()
                .find(|t| !p.targets.iter().any(|pt| pt.id == t.id))
                .map(|t| {
                    format!(
                        "target `{}` is not one of `{parent_id}`'s: a breakdown measures its parent's targets",
                        t.id
                    )
                }),
        };
        let Some(why) = why else { continue };
        // The line of the field, for the message; the file's first line
        // when the text is not at hand.
        let line = sources
            .iter()
            .find(|(path, _)| *path == ind.path)
            .and_then(|(_, text)| {
                text.lines()
                    .position(|l| l.trim_start().starts_with("breakdown_of"))
            })
            .map_or(1, |i| i as u64 + 1);
        findings.push(
            Finding::error(
                Criterion::Relevant,
                Location::file(&ind.path)
                    .at_line(line)
                    .field("breakdown_of"),
                why,
            )
            .for_indicator(&ind.id),
        );
    }
    findings
}

/// Parse and check one file against a framework (see [`super::check`]).
pub fn parse_indicator(
    path: &Path,
    text: &str,
    framework: &Framework,
) -> (Option<Indicator>, Vec<Finding>) {
    check_file(path, text, framework)
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

    /// The framework the tests' targets name: goals 1 and 2, 2030 target
    /// 1.3 and 2023 target 2.2 mapped to it.
    pub(crate) fn framework() -> Framework {
        let files = [
            (
                "framework.toml",
                "schema_version = 1\nid = \"T\"\ntitle = \"Test\"\nperiod = [2024, 2027]\nstage = \"draft\"\n[[document]]\nid = \"NOTE\"\ntitle = \"A note\"\nin_seeds = true\n",
            ),
            (
                "goals.toml",
                "[[goal]]\nid = \"G1\"\nnumber = 1\ntext = \"Universal Connectivity\"\nsource = { document = \"NOTE\" }\n[[goal]]\nid = \"G2\"\nnumber = 2\ntext = \"Sustainable Digital Transformation\"\nsource = { document = \"NOTE\" }\n[[goal]]\nid = \"C2023-G2\"\nformer = true\nnumber = 2\ntext = \"Inclusiveness\"\nsource = { document = \"NOTE\" }\n",
            ),
            (
                "targets_2030.toml",
                "[[target]]\nid = \"SP2030-1.3\"\ngoal = \"G1\"\nyear = 2030\ntext = \"Broadband access to every household\"\nsource = { document = \"NOTE\" }\nindicators = [{ text = \"% of households with access to the Internet\" }]\n",
            ),
            (
                "targets_2023.toml",
                "[[target]]\nid = \"C2023-2.2\"\nformer_goal = \"C2023-G2\"\nyear = 2023\ntext = \"in the least developed countries, 30% of households should have access to the Internet\"\nrbm_text = \"In the least developed countries, 30% of households with access to the Internet\"\nmapping = \"target_2030\"\nmaps_to = \"SP2030-1.3\"\nsource = { document = \"NOTE\" }\n",
            ),
        ];
        let sources: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(n, t)| (PathBuf::from(format!("fw/{n}")), t.to_string()))
            .collect();
        let (fw, findings) = framework::load_sources(Path::new("fw"), &sources);
        assert!(findings.is_empty(), "{findings:?}");
        fw
    }

    fn parse(text: &str) -> (Option<Indicator>, Vec<Finding>) {
        parse_indicator(
            Path::new("indicators/households_internet.toml"),
            text,
            &framework(),
        )
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
                "indicators/households_internet.toml: field `unit`: error [Specific]: missing: every indicator needs a unit, one of percent, percent_gni_pc, ratio, per_100, count or millions"
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
    fn a_goal_that_would_wrap_around_as_a_byte_is_refused() {
        // 257 as u8 is 1: the range is checked before the cast.
        let msgs = messages(&GOOD.replace("goal = 1", "goal = 257"));
        assert!(msgs[0].contains("goal 257 does not exist"), "{msgs:?}");
    }

    #[test]
    fn a_target_baseline_year_out_of_range_is_an_error_not_a_wrapped_number() {
        let text = GOOD.replace(
            "kind = \"level\"\nvalue = 30",
            "kind = \"relative\"\nvalue = -25\nbaseline_year = 4294969313",
        );
        let msgs = messages(&text);
        assert!(
            msgs.iter()
                .any(|m| m.contains("field `target[1].baseline_year`")
                    && m.contains("baseline year 4294969313 is outside 1990–2100")),
            "{msgs:?}"
        );
    }

    #[test]
    fn every_field_a_kind_does_not_take_is_an_error_from_the_table() {
        let text = GOOD.replace(
            "kind = \"level\"\nvalue = 100",
            "kind = \"level\"\nvalue = 100\nband = [0.9, 1.1]\nbaseline_year = 2017",
        );
        let msgs: Vec<String> = messages(&text)
            .into_iter()
            .filter(|m| m.contains("is not used by"))
            .collect();
        assert_eq!(
            msgs,
            [
                "indicators/households_internet.toml:19: field `target[0].baseline_year`: error [Time-bound]: `baseline_year` is not used by a level target",
                "indicators/households_internet.toml:19: field `target[0].band`: error [Specific]: `band` is not used by a level target",
            ]
        );
    }

    #[test]
    fn errors_become_typed_definition_errors_with_file_line_and_field() {
        let registry = load_sources(
            &[(
                PathBuf::from("indicators/households_internet.toml"),
                GOOD.replace("year = 2023", "year = 2010"),
            )],
            framework(),
            Vec::new(),
        );
        let err = registry.require_valid().unwrap_err();
        let Error::Definitions { count, errors, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*count, 1);
        match &errors[0] {
            Error::Definition(d) => {
                assert_eq!(d.location.line, Some(32));
                assert_eq!(d.location.field.as_deref(), Some("target[1].year"));
                assert_eq!(d.indicator.as_deref(), Some("households_internet"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// A rural breakdown of GOOD: its 2030 target only.
    fn rural(parent: &str) -> String {
        let cut = GOOD
            .find("[[target]]\nid = \"C2023-2.2\"")
            .expect("second target");
        GOOD[..cut]
            .replace(
                "id = \"households_internet\"",
                "id = \"households_internet_rural\"",
            )
            .replace(
                "goal = 1\n",
                &format!("goal = 1\nbreakdown_of = \"{parent}\"\n"),
            )
            .replace(
                "code = \"xHH6_IDI\"",
                "code = \"xHH6_IDI\"\narea = \"rural\"",
            )
    }

    fn load_pair(breakdown: String) -> Registry {
        load_sources(
            &[
                (
                    PathBuf::from("indicators/households_internet.toml"),
                    GOOD.to_string(),
                ),
                (
                    PathBuf::from("indicators/households_internet_rural.toml"),
                    breakdown,
                ),
            ],
            framework(),
            Vec::new(),
        )
    }

    fn finding_texts(r: &Registry) -> Vec<String> {
        r.findings.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_breakdown_of_a_defined_indicator_loads() {
        let r = load_pair(rural("households_internet"));
        assert!(r.findings.is_empty(), "{:?}", finding_texts(&r));
        let b = r
            .indicators
            .iter()
            .find(|i| i.id == "households_internet_rural")
            .expect("breakdown");
        assert_eq!(b.breakdown_of.as_deref(), Some("households_internet"));
        assert_eq!(
            b.series.as_ref().map(|s| s.select.area.as_str()),
            Some("rural")
        );
    }

    #[test]
    fn a_breakdown_of_an_unknown_indicator_is_an_error_at_its_line() {
        let r = load_pair(rural("households_internt"));
        assert_eq!(
            finding_texts(&r),
            [
                "indicators/households_internet_rural.toml:8: field `breakdown_of`: error [Relevant]: `households_internt` is not an indicator here: name the indicator this one breaks down (did you mean `households_internet`?)"
            ]
        );
    }

    #[test]
    fn a_breakdown_of_a_breakdown_or_with_a_target_of_its_own_is_an_error() {
        let r = load_pair(rural("households_internet_rural"));
        assert!(
            finding_texts(&r)[0].ends_with("`households_internet_rural` is itself a breakdown: name the indicator it breaks down"),
            "{:?}",
            finding_texts(&r)
        );
        // The parent without the 2023 target the breakdown carries.
        let cut = GOOD
            .find("[[target]]\nid = \"C2023-2.2\"")
            .expect("second target");
        let with_both = GOOD
            .replace(
                "id = \"households_internet\"",
                "id = \"households_internet_rural\"",
            )
            .replace(
                "goal = 1\n",
                "goal = 1\nbreakdown_of = \"households_internet\"\n",
            );
        let r = load_sources(
            &[
                (
                    PathBuf::from("indicators/households_internet.toml"),
                    GOOD[..cut].to_string(),
                ),
                (
                    PathBuf::from("indicators/households_internet_rural.toml"),
                    with_both,
                ),
            ],
            framework(),
            Vec::new(),
        );
        assert!(
            finding_texts(&r).iter().any(|m| m.ends_with(
                "target `C2023-2.2` is not one of `households_internet`'s: a breakdown measures its parent's targets"
            )),
            "{:?}",
            finding_texts(&r)
        );
    }
}
