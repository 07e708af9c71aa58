//! The report's web page audited by axe-core (npm, `tests/axe/`) in
//! headless Chromium: WCAG 2.0–2.2 A and AA and the best-practice rules,
//! at a 1024 px wide window, with no violation and no sideways scroll.
//!
//! The page has no script of its own; the test audits a copy with axe and
//! a few lines that write its findings into the page, which Chromium then
//! prints (`--dump-dom`, after the scripts ran in virtual time).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{code, copy_dir, rbm_in, root, stderr};

/// `tests/axe/node_modules/axe-core/axe.min.js`, installed from the lock
/// file with `npm ci` when it is not there yet; `None` with the reason
/// printed when npm is not installed.
#[allow(clippy::print_stderr)]
fn axe() -> Option<PathBuf> {
    let dir = root().join("tests/axe");
    let script = dir.join("node_modules/axe-core/axe.min.js");
    if !script.is_file() {
        let Ok(out) = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output()
        else {
            eprintln!(
                "skipped: npm is not installed (Debian: apt-get install npm); .ci/run installs it and runs npm ci in tests/axe"
            );
            return None;
        };
        assert!(
            out.status.success(),
            "npm ci in tests/axe failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(script.is_file(), "npm ci did not install axe-core");
    Some(script)
}

/// What the audit found: axe's violations and the page's width.
#[derive(serde::Deserialize, Debug)]
struct Audit {
    violations: Vec<serde_json::Value>,
    #[serde(rename = "scrollWidth")]
    scroll_width: u32,
    #[serde(rename = "clientWidth")]
    client_width: u32,
}

const RUNNER: &str = r#"<script>
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations']
}).then(function (r) {
  var found = {
    violations: r.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
        examples: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' ') + ' :: ' + n.failureSummary; }) };
    }),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth
  };
  var pre = document.createElement('pre');
  pre.id = 'axe-result';
  pre.textContent = JSON.stringify(found);
  document.body.appendChild(pre);
}, function (e) {
  var pre = document.createElement('pre');
  pre.id = 'axe-result';
  pre.textContent = 'ERROR ' + e;
  document.body.appendChild(pre);
});
</script>"#;

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn audit(browser: &Path, axe: &Path, page: &Path, scratch: &Path) -> Audit {
    let html = std::fs::read_to_string(page).expect("page");
    let script = std::fs::read_to_string(axe).expect("axe");
    let audited = html.replacen(
        "</body>",
        &format!("<script>{script}</script>{RUNNER}</body>"),
        1,
    );
    let copy = scratch.join("audited.html");
    std::fs::write(&copy, audited).expect("write");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1024,768",
            "--virtual-time-budget=120000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.join("profile").display()
        ))
        .arg(format!("file://{}", copy.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let found = dom
        .split_once("<pre id=\"axe-result\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| unescape(json))
        .unwrap_or_else(|| {
            panic!(
                "axe wrote no result: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    serde_json::from_str(&found).unwrap_or_else(|e| panic!("axe's result ({e}): {found}"))
}

#[test]
fn axe_finds_no_violation_in_the_report_and_nothing_scrolls_sideways_at_1024_px() {
    let Some(browser) = crate::report::chromium_or_skip() else {
        return;
    };
    let Some(axe) = axe() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&root().join("indicators"), &work.join("indicators"));
    copy_dir(&root().join("datasets"), &work.join("datasets"));
    // The whole report and a group's, whose first page is its scorecard.
    for (args, folder) in [
        (vec!["report", "--out", "r"], "r/2025"),
        (vec!["report", "--out", "r", "--group", "LDC"], "r/2025-LDC"),
    ] {
        let out = rbm_in(&work, &args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let scratch = dir.path().join(folder.replace('/', "-"));
        std::fs::create_dir_all(&scratch).expect("scratch");
        let found = audit(
            &browser,
            &axe,
            &work.join(folder).join("index.html"),
            &scratch,
        );
        assert!(
            found.violations.is_empty(),
            "{folder}: axe found {} violation(s):\n{}",
            found.violations.len(),
            serde_json::to_string_pretty(&found.violations).unwrap_or_default()
        );
        assert!(
            found.scroll_width <= found.client_width,
            "{folder}: the page scrolls sideways at 1024 px ({} px wide in {} px)",
            found.scroll_width,
            found.client_width
        );
    }
}
