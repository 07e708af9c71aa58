//! The library's shape, checked from its source text: no library module
//! names clap (the command line stops at the binary, `src/main.rs` and
//! `src/cli.rs`); every module uses only its own stage and the stages
//! below it; and no two files of a stage import each other in a circle.
//!
//! Stages, bottom first: error, base, classify, indicator, ingest,
//! aggregate, progress, plot, report, commands, config, lib. A file's
//! imports are its `use` lines and `crate::`/`super::` paths; re-exports
//! in a `mod.rs` (`pub use`) are the folder's public face, not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::root;

const STAGES: [&str; 12] = [
    "error",
    "base",
    "classify",
    "indicator",
    "ingest",
    "aggregate",
    "progress",
    "plot",
    "report",
    "commands",
    "config",
    "lib",
];

/// The binary's own files: the only ones that may use clap.
const BINARY: [&str; 2] = ["main.rs", "cli.rs"];

/// Every library source file, as (path below `src/`, text).
fn library_files() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read src")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(base).expect("below src").to_path_buf();
                if rel.parent() == Some(Path::new("")) && BINARY.iter().any(|b| rel == Path::new(b))
                {
                    continue;
                }
                out.push((rel, std::fs::read_to_string(&p).expect("read source")));
            }
        }
    }
    let src = root().join("src");
    let mut out = Vec::new();
    walk(&src, &src, &mut out);
    out
}

/// The code of a file without comments, string literals' contents and its
/// unit tests (whose `super::` is the file itself), so that prose
/// mentioning a module is not an import.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .get(n + 1)
                .is_some_and(|l| l.trim_start().starts_with("mod tests"))
        {
            break;
        }
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
                out.push('"');
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// The stage of a file: its folder, or its own name at the top.
fn stage_of(rel: &Path) -> &str {
    let first = rel
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    first.strip_suffix(".rs").unwrap_or(first)
}

fn rank(stage: &str) -> usize {
    STAGES
        .iter()
        .position(|s| *s == stage)
        .unwrap_or_else(|| panic!("stage `{stage}` is not in the list of stages"))
}

/// Identifiers following `prefix` in the code: `crate::` → `base`, …
fn after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            // `crate::` itself, not `$crate::` or `foo_crate::`.
            code[..*i]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'))
        })
        .map(|(i, _)| {
            let rest = &code[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn no_library_module_names_clap() {
    let mut offenders = Vec::new();
    for (rel, text) in library_files() {
        let code = code_of(&text);
        let names_clap = code.contains("clap::")
            || code.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("use clap") || l.starts_with("extern crate clap")
            });
        if names_clap {
            offenders.push(rel.display().to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "library modules that name clap (only src/main.rs and src/cli.rs may): {offenders:?}"
    );
}

#[test]
fn every_module_uses_only_its_stage_and_those_below() {
    let mut offenders = Vec::new();
    for (rel, text) in library_files() {
        let own = stage_of(&rel);
        let own_rank = rank(own);
        for used in after(&code_of(&text), "crate::") {
            if STAGES.contains(&used) && rank(used) > own_rank {
                offenders.push(format!("{} ({own}) uses {used}", rel.display()));
            }
        }
    }
    offenders.sort();
    offenders.dedup();
    assert!(
        offenders.is_empty(),
        "imports that run up the stages ({}): {offenders:#?}",
        STAGES.join(" < ")
    );
}

/// The `use` statements of a file, each as one string.
fn use_statements(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        let t = line.trim();
        if current.is_none() && (t.starts_with("use ") || t.starts_with("pub use ")) {
            current = Some(String::new());
        }
        if let Some(c) = &mut current {
            c.push_str(t);
            c.push(' ');
            if t.ends_with(';') {
                out.push(std::mem::take(c));
                current = None;
            }
        }
    }
    out
}

/// The names a `use super::{…}` or `use crate::stage::{…}` statement
/// brings in from the stage: the first segment of each path in it.
fn first_segments(list: &str) -> Vec<String> {
    let list = list.trim().trim_end_matches(';').trim();
    let inner = list
        .strip_prefix('{')
        .and_then(|l| l.strip_suffix('}'))
        .unwrap_or(list);
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item = String::new();
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    out.push(item);
    out.iter()
        .map(|i| {
            let i = i.trim();
            let end = i
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(i.len());
            i[..end].to_string()
        })
        .filter(|s| !s.is_empty() && s != "self")
        .collect()
}

#[test]
fn no_two_files_of_a_stage_import_each_other_in_a_circle() {
    let files = library_files();
    // For each stage folder: its files by module name, and what its
    // mod.rs re-exports from which file.
    let mut modules: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut reexports: BTreeMap<(&str, String), String> = BTreeMap::new();
    for (rel, text) in &files {
        let stage = stage_of(rel);
        if rel.components().count() < 2 {
            continue;
        }
        let name = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        modules.entry(stage).or_default().insert(name.clone());
        if name == "mod" {
            for u in use_statements(&code_of(text)) {
                let Some(rest) = u.strip_prefix("pub use ") else {
                    continue;
                };
                let Some((file, items)) = rest.split_once("::") else {
                    continue;
                };
                for item in first_segments(items) {
                    reexports.insert((stage, item), file.trim().to_string());
                }
            }
        }
    }
    // Edges: file → sibling file.
    let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in &files {
        if rel.components().count() < 2 {
            continue;
        }
        let stage = stage_of(rel);
        let me = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let siblings = &modules[stage];
        let code = code_of(text);
        let mut targets: BTreeSet<String> = BTreeSet::new();
        let mut resolve = |name: &str| {
            if siblings.contains(name) {
                targets.insert(name.to_string());
            } else if let Some(file) = reexports.get(&(stage, name.to_string())) {
                targets.insert(file.clone());
            } else if name.chars().next().is_some_and(char::is_uppercase) || name.contains('_') {
                // An item defined in mod.rs itself.
                targets.insert("mod".to_string());
            }
        };
        for u in use_statements(&code) {
            if me == "mod" && u.starts_with("pub use ") {
                continue;
            }
            let path = u
                .trim_start_matches("pub ")
                .trim_start_matches("use ")
                .trim();
            let from_stage = format!("crate::{stage}::");
            let list = if let Some(rest) = path.strip_prefix("super::") {
                Some(rest)
            } else {
                path.strip_prefix(from_stage.as_str())
            };
            if let Some(list) = list.filter(|_| !(me == "mod" && path.starts_with("super::"))) {
                for name in first_segments(list) {
                    resolve(&name);
                }
            }
        }
        // Paths in code: `super::x::y`, `crate::stage::x::y`.
        if me != "mod" {
            for name in after(&code, "super::") {
                resolve(name);
            }
        }
        for name in after(&code, &format!("crate::{stage}::")) {
            resolve(name);
        }
        targets.remove(&me);
        edges.insert((stage.to_string(), me), targets);
    }
    // A circle is a path back to where it started.
    let mut circles = Vec::new();
    for (stage, start) in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            let Some(next) = edges.get(&(stage.clone(), at.clone())) else {
                continue;
            };
            for n in next {
                if n == start {
                    let mut c = path.clone();
                    c.push(n.clone());
                    circles.push(format!("{stage}: {}", c.join(" → ")));
                } else if seen.insert(n.clone()) {
                    let mut p = path.clone();
                    p.push(n.clone());
                    stack.push((n.clone(), p));
                }
            }
        }
    }
    assert!(circles.is_empty(), "import circles: {circles:#?}");
}
