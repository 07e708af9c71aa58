//! Reading a framework folder: every file parsed ([`super::file`]), every
//! item checked, every link resolved, and every problem kept as a
//! [`Finding`] with file, line and field ([`Criterion::Chain`]).
//!
//! Errors make the framework unusable for commands other than `rbm check`
//! (a file that does not parse, a missing or unknown field, a word outside
//! its list, a duplicate id, a dangling link or one to a kind its field
//! does not take, an output linked to nothing). Warnings are gaps in the
//! chain that a plan may still have (an outcome under no thematic
//! priority, a 2030 target that no outcome serves); notes are for
//! information (an output linked to its objective only). The rules are
//! [`LINK_RULES`], one line per link field.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::file::{
    AreaDef, AreasFile, GoalDef, GoalsFile, LinkDef, ManifestFile, ObjectiveDef, ObjectivesFile,
    ResultDef, ResultsFile, SourceDef, TargetItemDef, TargetsFile,
};
use super::vocab::{
    AppliesTo, DraftingConfidence, DraftingStatus, IdBasis, ItemKind, LinkBasis, Listing, Mapping,
    NumberBasis, PriorityStatus, SeedTable, Stage,
};
use super::{
    Document, Drafting, FILES, Framework, Item, Link, LinkField, MANIFEST, Meta, SourceRef,
};
use crate::base::Vocabulary;
use crate::base::text::LineTable;
use crate::base::vocab::{either, near};
use crate::error::{Error, Location, Result};
use crate::indicator::check::syntax_finding;
use crate::indicator::finding::{Criterion, Finding};

/// The years a framework may name.
const YEARS: RangeInclusive<i64> = 1990..=2100;

/// Which kinds each link field may point to, by the kind of item it is
/// written in.
pub const LINK_RULES: [(ItemKind, LinkField, &[ItemKind]); 6] = [
    (
        ItemKind::Offering,
        LinkField::ContributesTo,
        &[ItemKind::ThematicPriority],
    ),
    (
        ItemKind::Objective,
        LinkField::AlignsWith,
        &[
            ItemKind::ThematicPriority,
            ItemKind::Goal,
            ItemKind::Enabler,
        ],
    ),
    (
        ItemKind::Outcome,
        LinkField::ThematicPriorities,
        &[ItemKind::ThematicPriority],
    ),
    (
        ItemKind::Outcome,
        LinkField::Serves,
        &[ItemKind::Goal, ItemKind::Target2030, ItemKind::Target2023],
    ),
    (
        ItemKind::Output,
        LinkField::ContributesTo,
        &[ItemKind::Outcome],
    ),
    (
        ItemKind::Goal,
        LinkField::CarriedInto,
        &[ItemKind::Goal, ItemKind::Enabler],
    ),
];

/// The kinds a link field of an item of `kind` may point to.
fn allowed(kind: ItemKind, field: LinkField) -> &'static [ItemKind] {
    LINK_RULES
        .iter()
        .find(|(k, f, _)| *k == kind && *f == field)
        .map_or(&[], |(_, _, to)| to)
}

/// Read a framework folder. A missing folder is an I/O error; everything
/// wrong inside it is a finding.
pub fn load_dir(dir: &Path) -> Result<(Framework, Vec<Finding>)> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot read folder", e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "cannot read folder", e))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            names.push(path);
        }
    }
    names.sort();
    let mut sources = Vec::new();
    for path in names {
        let text =
            std::fs::read_to_string(&path).map_err(|e| Error::io(&path, "cannot read", e))?;
        sources.push((path, text));
    }
    Ok(load_sources(dir, &sources))
}

/// Check a framework from (path, text) pairs; pure, for tests and fuzzing.
pub fn load_sources(dir: &Path, sources: &[(PathBuf, String)]) -> (Framework, Vec<Finding>) {
    let mut loader = Loader::default();
    let named = |name: &str| {
        sources
            .iter()
            .find(|(p, _)| p.file_name().and_then(|n| n.to_str()) == Some(name))
    };
    for (path, _) in sources {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name != MANIFEST && !FILES.iter().any(|(f, _, _)| *f == name) {
            let known: Vec<&str> = std::iter::once(MANIFEST)
                .chain(FILES.iter().map(|(f, _, _)| *f))
                .collect();
            let hint = near(name, known.iter().copied())
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            loader.error(
                Location::file(path),
                format!(
                    "unknown framework file `{name}`{hint}: a framework folder holds {}",
                    either(&known)
                ),
            );
        }
    }
    let meta = match named(MANIFEST) {
        Some((path, text)) => loader.manifest(path, text),
        None => {
            loader.error(
                Location::file(dir.join(MANIFEST)),
                "missing: a framework folder needs `framework.toml` (schema_version, id, title, period, stage and the documents items cite)",
            );
            Meta::default()
        }
    };
    // The files are parsed side by side (the TOML parse is most of
    // loading a framework), then checked one after the other in their
    // fixed order, as if they had been parsed in it.
    let parsed: Vec<_> = {
        use rayon::prelude::*;
        FILES
            .par_iter()
            .filter_map(|&(name, _, kind)| {
                let (path, text) = named(name)?;
                Some((path, text, kind, parse_items(path, text, kind)))
            })
            .collect()
    };
    for (path, text, kind, items) in parsed {
        loader.items_file(path, text, kind, items);
    }
    loader.resolve();
    loader.chain();
    let Loader {
        findings,
        items,
        documents,
        ..
    } = loader;
    let mut findings = findings;
    findings.sort_by(|a, b| {
        (&a.location.path, a.location.line, a.severity).cmp(&(
            &b.location.path,
            b.location.line,
            b.severity,
        ))
    });
    let docs = documents.into_values().map(|(d, _)| d).collect();
    (
        Framework::new(dir.to_path_buf(), meta, docs, items),
        findings,
    )
}

/// A framework file as parsed, before its items are checked.
enum Parsed {
    Goals(GoalsFile),
    Targets(TargetsFile),
    Areas(AreasFile),
    Objectives(ObjectivesFile),
    Results(ResultsFile),
}

/// Parse the file of a kind of items: pure, so that the files can be
/// parsed side by side; the error is the syntax finding the file gets.
fn parse_items(
    path: &Path,
    text: &str,
    kind: ItemKind,
) -> std::result::Result<Parsed, Box<Finding>> {
    fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> std::result::Result<T, Box<Finding>> {
        toml::from_str(text)
            .map_err(|err| Box::new(syntax_finding(path, text, &err, "framework file")))
    }
    Ok(match kind {
        ItemKind::Goal => Parsed::Goals(parse(path, text)?),
        ItemKind::Target2030 | ItemKind::Target2023 => Parsed::Targets(parse(path, text)?),
        ItemKind::ThematicPriority | ItemKind::Enabler | ItemKind::Offering => {
            Parsed::Areas(parse(path, text)?)
        }
        ItemKind::Objective => Parsed::Objectives(parse(path, text)?),
        ItemKind::Outcome | ItemKind::Output => Parsed::Results(parse(path, text)?),
    })
}

/// A link as read, before its target is known to exist.
#[derive(Debug, Clone)]
struct PendingLink {
    from: usize,
    field: LinkField,
    index: usize,
    to: String,
    location: Location,
}

/// A reference by a plain field (`goal`, `former_goal`, `maps_to`,
/// `objective`) that must name an item of one kind.
#[derive(Debug, Clone)]
struct PendingRef {
    from: usize,
    to: String,
    kinds: &'static [ItemKind],
    field: &'static str,
    location: Location,
}

#[derive(Default)]
struct Loader {
    findings: Vec<Finding>,
    items: Vec<Item>,
    /// Documents by id, with where each is written.
    documents: BTreeMap<String, (Document, Location)>,
    /// Where each id was first written.
    seen: BTreeMap<String, Location>,
    links: Vec<PendingLink>,
    refs: Vec<PendingRef>,
    /// Document references to check once the manifest is read.
    cited: Vec<(String, Location)>,
}

/// The file being read.
struct Here<'a> {
    path: &'a Path,
    lines: LineTable,
}

impl Here<'_> {
    fn at<T>(&self, s: &Spanned<T>, field: impl Into<String>) -> Location {
        Location::file(self.path)
            .at_line(self.lines.line_of(s.span().start))
            .field(field)
    }

    fn line<T>(&self, s: &Spanned<T>) -> u64 {
        self.lines.line_of(s.span().start)
    }
}

impl Loader {
    fn error(&mut self, location: Location, message: impl Into<String>) {
        self.findings
            .push(Finding::error(Criterion::Chain, location, message));
    }

    /// Parse a file, or record why it cannot be.
    fn parse<T: DeserializeOwned>(&mut self, path: &Path, text: &str) -> Option<T> {
        match toml::from_str(text) {
            Ok(v) => Some(v),
            Err(err) => {
                self.findings
                    .push(syntax_finding(path, text, &err, "framework file"));
                None
            }
        }
    }

    /// A required, non-empty text.
    fn text(
        &mut self,
        here: &Here<'_>,
        value: &Option<Spanned<String>>,
        at: &Location,
        field: &str,
    ) -> String {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => one_line(v.get_ref()),
            Some(v) => {
                let loc = here.at(v, field);
                self.error(loc, format!("`{field}` is empty"));
                String::new()
            }
            None => {
                self.error(
                    at.clone().field(field),
                    format!("missing: every item needs a `{field}`"),
                );
                String::new()
            }
        }
    }

    /// A word of a closed list, if given.
    fn word<V: Vocabulary>(
        &mut self,
        here: &Here<'_>,
        raw: &Option<Spanned<String>>,
        field: &str,
    ) -> Option<V> {
        let w = raw.as_ref()?;
        let v = V::parse(w.get_ref());
        if v.is_none() {
            let loc = here.at(w, field);
            self.error(loc, V::unknown(w.get_ref()));
        }
        v
    }

    /// A year in range.
    fn year(&mut self, here: &Here<'_>, raw: &Option<Spanned<i64>>, field: &str) -> Option<i32> {
        let y = raw.as_ref()?;
        match i32::try_from(*y.get_ref()) {
            Ok(v) if YEARS.contains(y.get_ref()) => Some(v),
            _ => {
                let loc = here.at(y, field);
                self.error(
                    loc,
                    format!(
                        "year {} is outside {}–{}",
                        y.get_ref(),
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
                None
            }
        }
    }

    /// A source: the document must be one of the manifest's (checked at
    /// the end, once every document is known).
    fn source(
        &mut self,
        here: &Here<'_>,
        raw: &Option<SourceDef>,
        at: &Location,
        prefix: &str,
    ) -> SourceRef {
        let field = format!("{prefix}.source");
        match raw {
            Some(s) => self.source_ref(here, s, &field),
            None => {
                self.error(
                    at.clone().field(field),
                    "missing: say where the item comes from: `source = { document = \"…\", section = \"…\" }`",
                );
                SourceRef {
                    document: String::new(),
                    section: String::new(),
                }
            }
        }
    }

    fn source_ref(&mut self, here: &Here<'_>, s: &SourceDef, field: &str) -> SourceRef {
        let loc = here.at(&s.document, format!("{field}.document"));
        self.cited.push((s.document.get_ref().clone(), loc));
        SourceRef {
            document: s.document.get_ref().clone(),
            section: s.section.clone().map(|s| one_line(&s)).unwrap_or_default(),
        }
    }

    fn manifest(&mut self, path: &Path, text: &str) -> Meta {
        let here = Here {
            path,
            lines: LineTable::new(text),
        };
        let Some(raw) = self.parse::<ManifestFile>(path, text) else {
            return Meta::default();
        };
        let file = Location::file(path);
        match &raw.schema_version {
            Some(v) if *v.get_ref() == 1 => {}
            Some(v) => {
                let loc = here.at(v, "schema_version");
                self.error(
                    loc,
                    format!(
                        "schema_version {} is not known: this rbm reads version 1",
                        v.get_ref()
                    ),
                );
            }
            None => self.error(
                file.clone().field("schema_version"),
                "missing: write `schema_version = 1`",
            ),
        }
        let id = self.text(&here, &raw.id, &file, "id");
        let title = self.text(&here, &raw.title, &file, "title");
        let period = match &raw.period {
            Some(p) => {
                let [a, b] = *p.get_ref();
                if YEARS.contains(&a) && YEARS.contains(&b) && a <= b {
                    (a as i32, b as i32)
                } else {
                    let loc = here.at(p, "period");
                    self.error(
                        loc,
                        format!("period [{a}, {b}] must be two years, first ≤ last"),
                    );
                    (0, 0)
                }
            }
            None => {
                self.error(
                    file.clone().field("period"),
                    "missing: give the plan's first and last year, `period = [2024, 2027]`",
                );
                (0, 0)
            }
        };
        let stage = self.word::<Stage>(&here, &raw.stage, "stage");
        if raw.stage.is_none() {
            self.error(
                file.clone().field("stage"),
                format!("missing: `stage` is {}", Stage::expected()),
            );
        }
        for (i, d) in raw.document.iter().enumerate() {
            let d = d.get_ref();
            let loc = here.at(&d.id, format!("document[{i}].id"));
            let did = d.id.get_ref();
            if did.is_empty()
                || !did
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            {
                self.error(
                    loc.clone(),
                    format!("document id `{did}`: use upper-case letters, digits and `-`"),
                );
            }
            if let Some((_, first)) = self.documents.get(did) {
                let first = first.line.unwrap_or(0);
                self.error(
                    loc,
                    format!("document `{did}` is listed twice (first at line {first})"),
                );
                continue;
            }
            let title = d.title.clone().unwrap_or_default();
            if title.trim().is_empty() {
                self.error(
                    loc.clone().field(format!("document[{i}].title")),
                    "missing: every document needs a `title`",
                );
            }
            self.documents.insert(
                did.clone(),
                (
                    Document {
                        id: did.clone(),
                        title: one_line(&title),
                        in_seeds: d.in_seeds,
                        symbol: d.symbol.clone(),
                        date: d.date.clone(),
                    },
                    loc,
                ),
            );
        }
        Meta {
            id,
            title,
            period,
            stage,
            note: raw.note.map(|n| one_line(&n)).unwrap_or_default(),
            outcome_indicators: raw.outcome_indicators.map(|n| one_line(&n)),
        }
    }

    /// Register an item's id: unique across the folder.
    fn id(&mut self, here: &Here<'_>, id: &Spanned<String>, field: &str) -> Option<Location> {
        let loc = here.at(id, field);
        let s = id.get_ref();
        if s.trim().is_empty() || s.chars().any(char::is_whitespace) {
            self.error(loc, format!("id `{s}` is empty or holds spaces"));
            return None;
        }
        if let Some(first) = self.seen.get(s) {
            let first = first.clone();
            self.error(
                loc,
                format!(
                    "duplicate id `{s}`: also defined at {}:{}",
                    first.path.display(),
                    first.line.unwrap_or(0)
                ),
            );
            return None;
        }
        self.seen.insert(s.clone(), loc.clone());
        Some(loc)
    }

    /// Check a file's items, parsed by [`parse_items`] (or record why it
    /// could not be parsed).
    fn items_file(
        &mut self,
        path: &Path,
        text: &str,
        kind: ItemKind,
        parsed: std::result::Result<Parsed, Box<Finding>>,
    ) {
        let parsed = match parsed {
            Ok(p) => p,
            Err(syntax) => {
                self.findings.push(*syntax);
                return;
            }
        };
        let here = Here {
            path,
            lines: LineTable::new(text),
        };
        match parsed {
            Parsed::Goals(f) => {
                for (i, g) in f.goal.iter().enumerate() {
                    self.goal(&here, i, g);
                }
            }
            Parsed::Targets(f) => {
                for (i, t) in f.target.iter().enumerate() {
                    self.target(&here, i, t, kind);
                }
            }
            Parsed::Areas(f) => {
                let arrays = [
                    (
                        ItemKind::ThematicPriority,
                        "thematic_priority",
                        &f.thematic_priority,
                    ),
                    (ItemKind::Enabler, "enabler", &f.enabler),
                    (ItemKind::Offering, "offering", &f.offering),
                ];
                for (k, name, list) in arrays {
                    if k != kind {
                        misplaced(self, &here, name, list);
                        continue;
                    }
                    for (i, a) in list.iter().enumerate() {
                        self.area(&here, i, a, kind, name);
                    }
                }
            }
            Parsed::Objectives(f) => {
                for (i, o) in f.objective.iter().enumerate() {
                    self.objective(&here, i, o);
                }
            }
            Parsed::Results(f) => {
                let arrays = [
                    (ItemKind::Outcome, "outcome", &f.outcome),
                    (ItemKind::Output, "output", &f.output),
                ];
                for (k, name, list) in arrays {
                    if k != kind {
                        misplaced(self, &here, name, list);
                        continue;
                    }
                    for (i, r) in list.iter().enumerate() {
                        self.result(&here, i, r, kind, name);
                    }
                }
            }
        }
    }

    /// A new item with the fields every kind has.
    fn base(
        &mut self,
        here: &Here<'_>,
        kind: ItemKind,
        id: &Spanned<String>,
        field: &str,
        text: &Option<Spanned<String>>,
        source: &Option<SourceDef>,
    ) -> Option<Item> {
        let location = self.id(here, id, field)?;
        let prefix = field.trim_end_matches(".id");
        let text = self.text(here, text, &location, &format!("{prefix}.text"));
        let source = self.source(here, source, &location, prefix);
        Some(Item {
            id: id.get_ref().clone(),
            kind,
            text,
            rbm_text: None,
            source,
            text_source: None,
            parent: None,
            number: None,
            former: false,
            year: None,
            baseline_year: None,
            mapping: None,
            maps_to: None,
            applies_to: Vec::new(),
            target_indicators: Vec::new(),
            title: None,
            id_as_written: None,
            id_basis: IdBasis::Plan,
            listing: None,
            priority_status: None,
            drafting: None,
            seed_table: None,
            links: Vec::new(),
            comments: Vec::new(),
            alternatives: Vec::new(),
            note: None,
            location,
        })
    }

    /// Queue a field's links for resolution.
    fn links(
        &mut self,
        here: &Here<'_>,
        item: &mut Item,
        prefix: &str,
        field: LinkField,
        raw: &[Spanned<LinkDef>],
    ) {
        let mut seen = BTreeSet::new();
        for (i, l) in raw.iter().enumerate() {
            let name = format!("{prefix}.{}[{i}]", field.as_str());
            let def = l.get_ref();
            let loc = here.at(&def.id, format!("{name}.id"));
            let to = def.id.get_ref().clone();
            if !seen.insert(to.clone()) {
                self.error(
                    loc,
                    format!("`{to}` is linked twice in `{}`", field.as_str()),
                );
                continue;
            }
            let basis = match &def.basis {
                None => {
                    self.error(
                        Location::file(here.path)
                            .at_line(here.line(l))
                            .field(format!("{name}.basis")),
                        format!(
                            "missing: every link says why it is there: `basis` is {}",
                            LinkBasis::expected()
                        ),
                    );
                    continue;
                }
                Some(b) => {
                    match self.word::<LinkBasis>(here, &Some(b.clone()), &format!("{name}.basis")) {
                        Some(b) => b,
                        None => continue,
                    }
                }
            };
            self.links.push(PendingLink {
                from: self.items.len(),
                field,
                index: item.links.len(),
                to: to.clone(),
                location: loc,
            });
            item.links.push(Link {
                field,
                to,
                basis,
                note: def.note.as_ref().map(|n| one_line(n)),
            });
        }
    }

    /// Queue a plain reference.
    fn reference(
        &mut self,
        here: &Here<'_>,
        raw: &Spanned<String>,
        field: &'static str,
        prefix: &str,
        kinds: &'static [ItemKind],
    ) {
        self.refs.push(PendingRef {
            from: self.items.len(),
            to: raw.get_ref().clone(),
            kinds,
            field,
            location: here.at(raw, format!("{prefix}.{field}")),
        });
    }

    fn goal(&mut self, here: &Here<'_>, i: usize, g: &Spanned<GoalDef>) {
        let g = g.get_ref();
        let prefix = format!("goal[{i}]");
        let Some(mut item) = self.base(
            here,
            ItemKind::Goal,
            &g.id,
            &format!("{prefix}.id"),
            &g.text,
            &g.source,
        ) else {
            return;
        };
        item.former = g.former;
        item.rbm_text = g.rbm_text.as_deref().map(one_line);
        item.note = g.description.as_deref().map(one_line);
        match &g.number {
            Some(n) => match u8::try_from(*n.get_ref())
                .ok()
                .filter(|n| (1..=9).contains(n))
            {
                Some(n) => item.number = Some(n),
                None => {
                    let loc = here.at(n, format!("{prefix}.number"));
                    self.error(loc, format!("goal number {} is not 1–9", n.get_ref()));
                }
            },
            None => self.error(
                item.location.clone().field(format!("{prefix}.number")),
                "missing: every goal needs a `number` (indicator files name current goals by it)",
            ),
        }
        let _ = self.word::<NumberBasis>(here, &g.number_basis, &format!("{prefix}.number_basis"));
        if !g.former && !g.carried_into.is_empty() {
            self.error(
                item.location
                    .clone()
                    .field(format!("{prefix}.carried_into")),
                "`carried_into` is for a former plan's goals (`former = true`)",
            );
        }
        self.links(
            here,
            &mut item,
            &prefix,
            LinkField::CarriedInto,
            &g.carried_into,
        );
        self.items.push(item);
    }

    fn target(&mut self, here: &Here<'_>, i: usize, t: &Spanned<TargetItemDef>, kind: ItemKind) {
        let t = t.get_ref();
        let prefix = format!("target[{i}]");
        let Some(mut item) = self.base(
            here,
            kind,
            &t.id,
            &format!("{prefix}.id"),
            &t.text,
            &t.source,
        ) else {
            return;
        };
        let id = t.id.get_ref().clone();
        let loc = item.location.clone();
        let at = |f: &str| loc.clone().field(format!("{prefix}.{f}"));
        item.rbm_text = t.rbm_text.as_deref().map(one_line);
        item.note = t.note.as_deref().map(one_line);
        item.year = self.year(here, &t.year, &format!("{prefix}.year"));
        if t.year.is_none() {
            self.error(at("year"), "missing: every target needs a `year`");
        }
        if let Some(ts) = &t.text_source {
            item.text_source = Some(self.source_ref(here, ts, &format!("{prefix}.text_source")));
        }
        // The id carries the goal's number: `SP2030-1.3` is goal 1's. The
        // prefix is the plan's (a next plan numbers its own targets), so
        // only its shape is checked.
        let pattern = match kind {
            ItemKind::Target2030 => "<plan>-<goal>.<n>, such as SP2030-1.3",
            _ => "<plan>-<goal>.<n>, such as C2023-1.3",
        };
        let number = id
            .rsplit_once('-')
            .filter(|(plan, _)| !plan.is_empty())
            .and_then(|(_, rest)| rest.split_once('.'))
            .filter(|(g, n)| g.parse::<u8>().is_ok() && n.parse::<u8>().is_ok())
            .and_then(|(g, _)| g.parse::<u8>().ok());
        if number.is_none() {
            self.error(
                loc.clone().field(format!("{prefix}.id")),
                format!("target id `{id}` does not follow `{pattern}`"),
            );
        }
        for a in &t.applies_to {
            match AppliesTo::parse(a) {
                Some(v) => item.applies_to.push(v),
                None => self.error(at("applies_to"), AppliesTo::unknown(a)),
            }
        }
        match kind {
            ItemKind::Target2030 => {
                for (field, present) in [
                    ("former_goal", t.former_goal.is_some()),
                    ("mapping", t.mapping.is_some()),
                    ("maps_to", t.maps_to.is_some()),
                    ("baseline_year", t.baseline_year.is_some()),
                ] {
                    if present {
                        self.error(
                            at(field),
                            format!("`{field}` is for 2023 targets (targets_2023.toml)"),
                        );
                    }
                }
                if !t.applies_to.is_empty() {
                    self.error(
                        at("applies_to"),
                        "a 2030 target's groups are its indicators' (`indicators = [{ text = …, applies_to = […] }]`)",
                    );
                }
                match &t.goal {
                    Some(g) => {
                        self.reference(here, g, "goal", &prefix, &[ItemKind::Goal]);
                        item.parent = Some(g.get_ref().clone());
                    }
                    None => self.error(at("goal"), "missing: a 2030 target needs its `goal`"),
                }
                if t.indicators.is_empty() {
                    self.error(
                        at("indicators"),
                        "missing: give the target indicators as the plan words them: `indicators = [{ text = \"…\" }]`",
                    );
                }
                for (j, ind) in t.indicators.iter().enumerate() {
                    let f = format!("indicators[{j}]");
                    match ind.text.as_deref().map(str::trim) {
                        Some(s) if !s.is_empty() => item.target_indicators.push(one_line(s)),
                        _ => {
                            self.error(at(&format!("{f}.text")), "missing: the indicator's `text`")
                        }
                    }
                    for a in &ind.applies_to {
                        if AppliesTo::parse(a).is_none() {
                            self.error(at(&format!("{f}.applies_to")), AppliesTo::unknown(a));
                        }
                    }
                    for a in &ind.aggregated_by {
                        if super::AggregatedBy::parse(a).is_none() {
                            self.error(
                                at(&format!("{f}.aggregated_by")),
                                super::AggregatedBy::unknown(a),
                            );
                        }
                    }
                    for b in &ind.breakdowns {
                        if super::Breakdown::parse(b).is_none() {
                            self.error(
                                at(&format!("{f}.breakdowns")),
                                super::Breakdown::unknown(b),
                            );
                        }
                    }
                }
                if let Some(n) = &t.mapping_note {
                    item.note = Some(match item.note.take() {
                        Some(note) => format!("{} {note}", one_line(n)),
                        None => one_line(n),
                    });
                }
                item.number = number;
            }
            _ => {
                for (field, present) in [
                    ("goal", t.goal.is_some()),
                    ("indicators", !t.indicators.is_empty()),
                    ("mapping_note", t.mapping_note.is_some()),
                ] {
                    if present {
                        self.error(
                            at(field),
                            format!("`{field}` is for 2030 targets (targets_2030.toml)"),
                        );
                    }
                }
                match &t.former_goal {
                    Some(g) => {
                        self.reference(here, g, "former_goal", &prefix, &[ItemKind::Goal]);
                        item.parent = Some(g.get_ref().clone());
                    }
                    None => self.error(
                        at("former_goal"),
                        "missing: a 2023 target needs its `former_goal` (the former plan's goal)",
                    ),
                }
                item.baseline_year =
                    self.year(here, &t.baseline_year, &format!("{prefix}.baseline_year"));
                item.mapping = self.word::<Mapping>(here, &t.mapping, &format!("{prefix}.mapping"));
                if t.mapping.is_none() {
                    self.error(
                        at("mapping"),
                        format!(
                            "missing: say where the plan puts the target: `mapping` is {}",
                            Mapping::expected()
                        ),
                    );
                }
                match (item.mapping, &t.maps_to) {
                    (Some(Mapping::Target2030), Some(m)) => {
                        self.reference(here, m, "maps_to", &prefix, &[ItemKind::Target2030]);
                        item.maps_to = Some(m.get_ref().clone());
                    }
                    (Some(Mapping::Target2030), None) => self.error(
                        at("maps_to"),
                        "missing: `mapping = \"target_2030\"` needs `maps_to`, the 2030 target",
                    ),
                    (Some(m), Some(_)) => self.error(
                        at("maps_to"),
                        format!(
                            "`maps_to` is only for `mapping = \"target_2030\"`, not `{}`",
                            m.as_str()
                        ),
                    ),
                    _ => {}
                }
                item.number = number;
            }
        }
        self.items.push(item);
    }

    fn area(
        &mut self,
        here: &Here<'_>,
        i: usize,
        a: &Spanned<AreaDef>,
        kind: ItemKind,
        name: &str,
    ) {
        let a = a.get_ref();
        let prefix = format!("{name}[{i}]");
        let Some(mut item) = self.base(
            here,
            kind,
            &a.id,
            &format!("{prefix}.id"),
            &a.text,
            &a.source,
        ) else {
            return;
        };
        let loc = item.location.clone();
        let at = |f: &str| loc.clone().field(format!("{prefix}.{f}"));
        item.note = a.note.as_deref().map(one_line);
        if let Some(b) = self.word::<IdBasis>(here, &a.id_basis, &format!("{prefix}.id_basis")) {
            item.id_basis = b;
        }
        for s in &a.also_in {
            let _ = self.source_ref(here, s, &format!("{prefix}.also_in"));
        }
        match kind {
            ItemKind::ThematicPriority => {
                item.priority_status =
                    self.word::<PriorityStatus>(here, &a.status, &format!("{prefix}.status"));
                if a.status.is_none() {
                    self.error(
                        at("status"),
                        format!(
                            "missing: a thematic priority's `status` is {}",
                            PriorityStatus::expected()
                        ),
                    );
                }
            }
            ItemKind::Offering => {
                item.listing = self.word::<Listing>(here, &a.kind, &format!("{prefix}.kind"));
            }
            _ => {}
        }
        if kind != ItemKind::ThematicPriority && a.status.is_some() {
            self.error(at("status"), "`status` is for thematic priorities");
        }
        if kind != ItemKind::Offering {
            if a.kind.is_some() {
                self.error(at("kind"), "`kind` is for offerings");
            }
            if !a.contributes_to.is_empty() {
                self.error(
                    at("contributes_to"),
                    format!(
                        "a {} carries no links: {}",
                        kind.label(),
                        if kind == ItemKind::Enabler {
                            "enablers support every part of the chain"
                        } else {
                            "outcomes link to their thematic priorities"
                        }
                    ),
                );
            }
        }
        self.links(
            here,
            &mut item,
            &prefix,
            LinkField::ContributesTo,
            &a.contributes_to,
        );
        self.items.push(item);
    }

    /// The drafting fields of an Action Plan item.
    #[allow(clippy::too_many_arguments)]
    fn drafting(
        &mut self,
        here: &Here<'_>,
        prefix: &str,
        at: &Location,
        status: &Option<Spanned<String>>,
        confidence: &Option<Spanned<String>>,
        candidates: &Option<Spanned<Vec<String>>>,
        evidence: &Option<String>,
        required: bool,
    ) -> Option<Drafting> {
        let any =
            status.is_some() || confidence.is_some() || candidates.is_some() || evidence.is_some();
        if !required {
            if any {
                self.error(
                    at.clone().field(format!("{prefix}.drafting_status")),
                    "drafting fields are for Action Plan items (with an `objective`)",
                );
            }
            return None;
        }
        let field = |f: &str| at.clone().field(format!("{prefix}.{f}"));
        let Some(raw) = status else {
            self.error(
                field("drafting_status"),
                format!(
                    "missing: an Action Plan item's `drafting_status` is {}",
                    DraftingStatus::expected()
                ),
            );
            return None;
        };
        let s = self.word::<DraftingStatus>(here, status, &format!("{prefix}.drafting_status"))?;
        let evidence = match evidence.as_deref().map(str::trim) {
            Some(e) if !e.is_empty() => one_line(e),
            _ => {
                self.error(
                    field("status_evidence"),
                    "missing: say which markers the drafting status rests on (`status_evidence`)",
                );
                String::new()
            }
        };
        let conf = self.word::<DraftingConfidence>(
            here,
            confidence,
            &format!("{prefix}.status_confidence"),
        );
        let mut cands = Vec::new();
        if let Some(c) = candidates {
            for w in c.get_ref() {
                match DraftingStatus::parse(w) {
                    Some(DraftingStatus::Unknown) | None => {
                        let loc = here.at(c, format!("{prefix}.status_candidates"));
                        self.error(
                            loc,
                            format!(
                                "`{w}` is not a candidate status: use agreed, changed or disputed"
                            ),
                        );
                    }
                    Some(v) => cands.push(v),
                }
            }
        }
        let line = here.line(raw);
        let loc = |f: &str| {
            Location::file(here.path)
                .at_line(line)
                .field(format!("{prefix}.{f}"))
        };
        if s == DraftingStatus::Unknown {
            if confidence.is_some() {
                self.error(
                    loc("status_confidence"),
                    "an `unknown` status has no confidence: list the `status_candidates` instead",
                );
            }
            if cands.len() < 2 {
                self.error(
                    loc("status_candidates"),
                    "an `unknown` status needs two or more `status_candidates`",
                );
            }
        } else {
            if confidence.is_none() {
                self.error(
                    loc("status_confidence"),
                    format!(
                        "missing: a known status needs its `status_confidence`, {}",
                        DraftingConfidence::expected()
                    ),
                );
            }
            if candidates.is_some() {
                self.error(
                    loc("status_candidates"),
                    "`status_candidates` are only for an `unknown` status",
                );
            }
        }
        Some(Drafting {
            status: s,
            confidence: conf,
            candidates: cands,
            evidence,
        })
    }

    fn objective(&mut self, here: &Here<'_>, i: usize, o: &Spanned<ObjectiveDef>) {
        let o = o.get_ref();
        let prefix = format!("objective[{i}]");
        let Some(mut item) = self.base(
            here,
            ItemKind::Objective,
            &o.id,
            &format!("{prefix}.id"),
            &o.text,
            &o.source,
        ) else {
            return;
        };
        let loc = item.location.clone();
        item.title = o.title.as_deref().map(one_line);
        item.comments = o.comments.iter().map(|c| one_line(c)).collect();
        item.note = o.note.as_deref().map(one_line);
        item.drafting = self.drafting(
            here,
            &prefix,
            &loc,
            &o.drafting_status,
            &o.status_confidence,
            &o.status_candidates,
            &o.status_evidence,
            true,
        );
        self.links(
            here,
            &mut item,
            &prefix,
            LinkField::AlignsWith,
            &o.aligns_with,
        );
        self.items.push(item);
    }

    fn result(
        &mut self,
        here: &Here<'_>,
        i: usize,
        r: &Spanned<ResultDef>,
        kind: ItemKind,
        name: &str,
    ) {
        let r = r.get_ref();
        let prefix = format!("{name}[{i}]");
        let Some(mut item) = self.base(
            here,
            kind,
            &r.id,
            &format!("{prefix}.id"),
            &r.text,
            &r.source,
        ) else {
            return;
        };
        let id = r.id.get_ref().clone();
        let loc = item.location.clone();
        let at = |f: &str| loc.clone().field(format!("{prefix}.{f}"));
        item.id_as_written = r.id_as_written.clone();
        item.alternatives = r.alternatives.iter().map(|a| one_line(a)).collect();
        item.comments = r.comments.iter().map(|c| one_line(c)).collect();
        item.note = r.note.as_deref().map(one_line);
        if let Some(b) = self.word::<IdBasis>(here, &r.id_basis, &format!("{prefix}.id_basis")) {
            item.id_basis = b;
        }
        match kind {
            ItemKind::Outcome => {
                item.listing = self.word::<Listing>(here, &r.kind, &format!("{prefix}.kind"));
                if !r.contributes_to.is_empty() {
                    self.error(
                        at("contributes_to"),
                        "`contributes_to` is for outputs: an outcome `serves` goals and targets",
                    );
                }
            }
            _ => {
                for (field, present) in [
                    ("kind", r.kind.is_some()),
                    ("serves", !r.serves.is_empty()),
                    ("thematic_priorities", !r.thematic_priorities.is_empty()),
                ] {
                    if present {
                        self.error(
                            at(field),
                            format!(
                                "`{field}` is for outcomes: an output contributes to outcomes (`contributes_to`) or belongs to an objective"
                            ),
                        );
                    }
                }
            }
        }
        let on_plan = r.objective.is_some();
        if let Some(obj) = &r.objective {
            self.reference(here, obj, "objective", &prefix, &[ItemKind::Objective]);
            item.parent = Some(obj.get_ref().clone());
            // An Action Plan item's id names its objective: `D.2-b` is D.2's.
            let ours = id.starts_with(&format!("{}-", obj.get_ref()));
            if !ours && r.id_as_written.is_none() {
                let l = here.at(&r.id, format!("{prefix}.id"));
                self.error(
                    l,
                    format!(
                        "`{id}` does not name its objective `{}`: write `{}-…`, or keep the plan's id in `id_as_written`",
                        obj.get_ref(),
                        obj.get_ref()
                    ),
                );
            }
            item.seed_table =
                self.word::<SeedTable>(here, &r.seed_table, &format!("{prefix}.seed_table"));
        } else if r.seed_table.is_some() {
            self.error(
                at("seed_table"),
                "`seed_table` is for Action Plan items (with an `objective`)",
            );
        }
        item.drafting = self.drafting(
            here,
            &prefix,
            &loc,
            &r.drafting_status,
            &r.status_confidence,
            &r.status_candidates,
            &r.status_evidence,
            on_plan,
        );
        self.links(
            here,
            &mut item,
            &prefix,
            LinkField::ThematicPriorities,
            &r.thematic_priorities,
        );
        self.links(here, &mut item, &prefix, LinkField::Serves, &r.serves);
        self.links(
            here,
            &mut item,
            &prefix,
            LinkField::ContributesTo,
            &r.contributes_to,
        );
        if kind == ItemKind::Output && r.objective.is_none() && r.contributes_to.is_empty() {
            self.error(
                loc.clone().field(format!("{prefix}.contributes_to")),
                format!("output `{id}` is linked to nothing: give its `objective` or the outcomes it `contributes_to`"),
            );
        }
        self.items.push(item);
    }

    /// Resolve every reference and link now that every id is known.
    fn resolve(&mut self) {
        let kinds: BTreeMap<String, (ItemKind, bool)> = self
            .items
            .iter()
            .map(|i| (i.id.clone(), (i.kind, i.former)))
            .collect();
        let ids: Vec<String> = kinds.keys().cloned().collect();
        let hint = |id: &str| {
            near(id, ids.iter().map(String::as_str))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default()
        };
        let mut dangling: Vec<(usize, usize)> = Vec::new();
        for l in std::mem::take(&mut self.links) {
            let Some(from) = self.items.get(l.from) else {
                continue;
            };
            let from_kind = from.kind;
            let ok = allowed(from_kind, l.field);
            match kinds.get(&l.to) {
                None => {
                    self.error(
                        l.location,
                        format!(
                            "`{}` links to `{}`, which is not in the framework{}",
                            from.id,
                            l.to,
                            hint(&l.to)
                        ),
                    );
                    dangling.push((l.from, l.index));
                }
                Some((k, former)) if !ok.contains(k) || (*k == ItemKind::Goal && *former) => {
                    let what = if *former {
                        "a former plan's goal"
                    } else {
                        k.label()
                    };
                    self.error(
                        l.location,
                        format!(
                            "`{}` may not link to `{}`, {what}: a {}'s `{}` takes {}",
                            from.id,
                            l.to,
                            from_kind.label(),
                            l.field.as_str(),
                            either(&ok.iter().map(|k| k.label()).collect::<Vec<_>>())
                        ),
                    );
                    dangling.push((l.from, l.index));
                }
                _ => {}
            }
        }
        for r in std::mem::take(&mut self.refs) {
            let Some(from) = self.items.get(r.from) else {
                continue;
            };
            let fid = from.id.clone();
            let fkind = from.kind;
            match kinds.get(&r.to) {
                None => self.error(
                    r.location,
                    format!(
                        "`{fid}`: {} `{}` is not in the framework{}",
                        r.field,
                        r.to,
                        hint(&r.to)
                    ),
                ),
                Some((k, former)) if !r.kinds.contains(k) => self.error(
                    r.location,
                    format!(
                        "`{fid}`: {} `{}` is a {}, not a {}",
                        r.field,
                        r.to,
                        k.label(),
                        r.kinds[0].label()
                    ),
                ),
                Some((_, former)) => {
                    // A 2030 target's goal is a current one; a 2023 target's
                    // a former one.
                    let want_former = fkind == ItemKind::Target2023;
                    if r.field == "goal" || r.field == "former_goal" {
                        if *former != want_former {
                            self.error(
                                r.location.clone(),
                                format!(
                                    "`{fid}`: `{}` is {} goal; a {}'s `{}` is {} goal",
                                    r.to,
                                    if *former {
                                        "a former plan's"
                                    } else {
                                        "a current"
                                    },
                                    fkind.label(),
                                    r.field,
                                    if want_former {
                                        "a former plan's"
                                    } else {
                                        "a current"
                                    },
                                ),
                            );
                        } else if let (Some(n), Some(g)) = (
                            self.items[r.from].number,
                            self.items
                                .iter()
                                .find(|i| i.id == r.to)
                                .and_then(|g| g.number),
                        ) && n != g
                        {
                            self.error(
                                r.location.clone(),
                                format!(
                                    "`{fid}` is numbered for goal {n}, but its {} `{}` is goal {g}",
                                    r.field, r.to
                                ),
                            );
                        }
                    }
                    let _ = former;
                }
            }
        }
        // Drop the links that point nowhere, so that the chain holds only
        // real edges (the errors keep the framework from being used).
        dangling.sort_unstable_by(|a, b| b.cmp(a));
        for (item, link) in dangling {
            if let Some(i) = self.items.get_mut(item)
                && link < i.links.len()
            {
                i.links.remove(link);
            }
        }
        for (doc, loc) in std::mem::take(&mut self.cited) {
            if !self.documents.contains_key(&doc) {
                let known: Vec<String> = self.documents.keys().cloned().collect();
                let h = near(&doc, known.iter().map(String::as_str))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                self.error(
                    loc,
                    format!("document `{doc}` is not listed in framework.toml{h}"),
                );
            }
        }
    }

    /// The chain's gaps: warnings and notes on a framework whose links all
    /// resolve.
    fn chain(&mut self) {
        let fw = Framework::new(
            PathBuf::new(),
            Meta::default(),
            Vec::new(),
            self.items.clone(),
        );
        let mut found: Vec<Finding> = Vec::new();
        let push = |f: &mut Vec<Finding>, sev: u8, loc: &Location, field: &str, msg: String| {
            // The item's location names its `id` (`outcome[3].id`): name
            // the field beside it instead.
            let loc = match loc.field.as_deref().and_then(|f| f.rsplit_once('.')) {
                Some((item, _)) => loc.clone().field(format!("{item}.{field}")),
                None => loc.clone().field(field),
            };
            f.push(match sev {
                1 => Finding::warning(Criterion::Chain, loc, msg),
                _ => Finding::note(Criterion::Chain, loc, msg),
            });
        };
        for o in fw.of_kind(ItemKind::Outcome) {
            if fw.priorities_of(o).is_empty() {
                let enablers = fw.enablers_of(o);
                if enablers.is_empty() {
                    push(
                        &mut found,
                        1,
                        &o.location,
                        "thematic_priorities",
                        format!(
                            "outcome `{}` is under no thematic priority (its own or its objective's)",
                            o.id
                        ),
                    );
                } else {
                    push(
                        &mut found,
                        2,
                        &o.location,
                        "thematic_priorities",
                        format!(
                            "outcome `{}` is under no thematic priority: its objective aligns with the enabler {}",
                            o.id,
                            enablers
                                .iter()
                                .map(|(e, _)| format!("`{}`", e.id))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
            let reaches = !fw.goals_of(o).is_empty()
                || o.links_in(LinkField::Serves).next().is_some()
                || !fw.enablers_of(o).is_empty();
            if !reaches {
                push(
                    &mut found,
                    1,
                    &o.location,
                    "serves",
                    format!(
                        "outcome `{}` serves no goal, target or enabler (its own or its objective's)",
                        o.id
                    ),
                );
            }
        }
        for p in fw.of_kind(ItemKind::ThematicPriority) {
            let any = fw
                .of_kind(ItemKind::Outcome)
                .any(|o| fw.priorities_of(o).iter().any(|(t, _)| t.id == p.id));
            if !any && fw.has_outcomes() {
                push(
                    &mut found,
                    1,
                    &p.location,
                    "id",
                    format!("thematic priority `{}` has no outcome under it", p.id),
                );
            }
        }
        if fw.has_outcomes() {
            for t in fw.targets_2030() {
                let serving = fw.serving(&t.id);
                if serving.is_empty() {
                    push(
                        &mut found,
                        1,
                        &t.location,
                        "id",
                        format!("2030 target `{}`: no outcome serves it", t.id),
                    );
                } else if serving.iter().all(|(_, l)| l.basis == LinkBasis::Proposed) {
                    push(
                        &mut found,
                        2,
                        &t.location,
                        "id",
                        format!(
                            "2030 target `{}` is served through proposed links only ({})",
                            t.id,
                            serving
                                .iter()
                                .map(|(o, _)| o.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
            for t in fw.targets_2023() {
                if matches!(t.mapping, Some(Mapping::Outcomes | Mapping::Proxies)) {
                    let serving = fw.serving(&t.id);
                    if serving.is_empty() {
                        push(
                            &mut found,
                            1,
                            &t.location,
                            "mapping",
                            format!(
                                "2023 target `{}` is placed under the outcomes (`{}`), but no outcome serves it",
                                t.id,
                                t.mapping.map(|m| m.as_str()).unwrap_or("")
                            ),
                        );
                    }
                }
            }
        }
        for o in fw.of_kind(ItemKind::Output) {
            if o.links_in(LinkField::ContributesTo).next().is_none() && o.parent.is_some() {
                push(
                    &mut found,
                    2,
                    &o.location,
                    "contributes_to",
                    format!(
                        "output `{}` is linked to its objective `{}` only, to no outcome",
                        o.id,
                        o.parent.as_deref().unwrap_or("")
                    ),
                );
            }
        }
        self.findings.extend(found);
    }
}

/// Items of one kind written in another kind's file.
fn misplaced<T>(loader: &mut Loader, here: &Here<'_>, name: &str, list: &[Spanned<T>]) {
    if let Some(first) = list.first() {
        let file = FILES
            .iter()
            .find(|(_, array, _)| *array == name)
            .map_or("", |(f, _, _)| *f);
        loader.error(
            Location::file(here.path)
                .at_line(here.line(first))
                .field(name),
            format!("`[[{name}]]` belongs in {file}"),
        );
    }
}

/// Runs of whitespace (the line breaks of the converted PDFs) as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = r#"
schema_version = 1
id = "TEST"
title = "A test plan"
period = [2024, 2027]
stage = "draft"

[[document]]
id = "NOTE"
title = "A note"
in_seeds = true
"#;

    const GOALS: &str = r#"
[[goal]]
id = "G1"
number = 1
text = "Universal Connectivity"
source = { document = "NOTE", section = "3.1" }
"#;

    const TARGETS: &str = r#"
[[target]]
id = "SP2030-1.3"
goal = "G1"
year = 2030
text = "Broadband access to every household"
source = { document = "NOTE" }
indicators = [{ text = "% of households with access to the Internet" }]
"#;

    fn load(extra: &[(&str, &str)]) -> (Framework, Vec<String>) {
        let mut sources = vec![
            (
                PathBuf::from("fw/framework.toml"),
                MANIFEST_TEXT.to_string(),
            ),
            (PathBuf::from("fw/goals.toml"), GOALS.to_string()),
            (PathBuf::from("fw/targets_2030.toml"), TARGETS.to_string()),
        ];
        for (name, text) in extra {
            sources.retain(|(p, _)| !p.ends_with(name));
            sources.push((PathBuf::from(format!("fw/{name}")), text.to_string()));
        }
        let (fw, findings) = load_sources(Path::new("fw"), &sources);
        (fw, findings.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn a_small_framework_loads_and_answers_lookups() {
        let (fw, msgs) = load(&[]);
        assert!(msgs.is_empty(), "{msgs:?}");
        assert_eq!(fw.goal_name(1), Some("Universal Connectivity"));
        assert_eq!(fw.goal_of("SP2030-1.3"), Some(1));
        assert_eq!(fw.targets_2030().len(), 1);
    }

    #[test]
    fn a_dangling_link_and_a_wrong_kind_are_located() {
        let outcomes = r#"
[[outcome]]
id = "O-1"
text = "Better households' access"
source = { document = "NOTE" }
serves = [
  { id = "SP2030-1.4", basis = "proposed" },
  { id = "G1", basis = "stated" },
]
thematic_priorities = [{ id = "G1", basis = "stated" }]
"#;
        let (_, msgs) = load(&[("outcomes.toml", outcomes)]);
        assert!(
            msgs.contains(&"fw/outcomes.toml:7: field `outcome[0].serves[0].id`: error [chain]: `O-1` links to `SP2030-1.4`, which is not in the framework (did you mean `SP2030-1.3`?)".to_string()),
            "{msgs:#?}"
        );
        assert!(
            msgs.contains(&"fw/outcomes.toml:10: field `outcome[0].thematic_priorities[0].id`: error [chain]: `O-1` may not link to `G1`, goal: a outcome's `thematic_priorities` takes thematic priority".to_string()),
            "{msgs:#?}"
        );
    }

    #[test]
    fn a_duplicate_id_is_found_at_its_second_place() {
        let goals = format!(
            "{GOALS}\n[[goal]]\nid = \"G1\"\nnumber = 2\ntext = \"Again\"\nsource = {{ document = \"NOTE\" }}\n"
        );
        let (_, msgs) = load(&[("goals.toml", &goals)]);
        assert_eq!(
            msgs,
            [
                "fw/goals.toml:9: field `goal[1].id`: error [chain]: duplicate id `G1`: also defined at fw/goals.toml:3"
            ]
        );
    }

    #[test]
    fn an_output_linked_to_nothing_is_an_error() {
        let outputs =
            "[[output]]\nid = \"X-1\"\ntext = \"A report\"\nsource = { document = \"NOTE\" }\n";
        let (_, msgs) = load(&[("outputs.toml", outputs)]);
        assert_eq!(
            msgs,
            [
                "fw/outputs.toml:2: field `output[0].contributes_to`: error [chain]: output `X-1` is linked to nothing: give its `objective` or the outcomes it `contributes_to`"
            ]
        );
    }

    #[test]
    fn an_unknown_file_and_an_unknown_field_are_errors() {
        let (_, msgs) = load(&[("outcome.toml", "")]);
        assert!(msgs[0].starts_with("fw/outcome.toml: error [chain]: unknown framework file `outcome.toml` (did you mean `outcomes.toml`?)"), "{msgs:?}");
        let goals = GOALS.replace("number = 1", "number = 1\ncolour = \"blue\"");
        let (_, msgs) = load(&[("goals.toml", &goals)]);
        assert!(
            msgs[0].starts_with(
                "fw/goals.toml:5: field `colour`: error [syntax]: unknown field `colour`"
            ),
            "{msgs:?}"
        );
    }
}
