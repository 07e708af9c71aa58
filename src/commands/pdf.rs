//! `rbm report --pdf`: the report's web page printed to `report.pdf` by a
//! headless Chromium-family browser found on the machine (or the one
//! `--browser` names). The page's print stylesheet does the layout (a new
//! page per target, charts and tables never cut, page numbers in the
//! margin); the browser adds the outline (bookmarks) from the headings.
//!
//! The browser runs with a fresh profile of its own, no network services
//! and no sandbox (it runs as whatever user runs rbm, often root in CI).
//! The PDF carries the browser's own creation date, so unlike the other
//! files of the report it is not byte-for-byte the same on every run.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

/// Browsers tried in this order when `--browser` is not given.
pub const BROWSERS: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "brave-browser",
];

/// A program on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The browser to print with: the one given, or the first of [`BROWSERS`]
/// on `PATH`; an error naming what to install when there is none.
pub fn browser(chosen: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(b) = chosen {
        if b.is_file() {
            return Ok(b.to_path_buf());
        }
        if let Some(found) = b.to_str().and_then(on_path) {
            return Ok(found);
        }
        anyhow::bail!("--browser '{}': no such program", b.display());
    }
    BROWSERS.iter().find_map(|b| on_path(b)).ok_or_else(|| {
        anyhow::anyhow!(
            "--pdf needs a Chromium-family browser and found none on PATH (looked for {}): install Chromium (Debian/Ubuntu: apt-get install chromium) or name one with --browser PATH",
            BROWSERS.join(", ")
        )
    })
}

/// Print `html` (a self-contained page) to PDF with `browser`, working in
/// `scratch` (created, and removed afterwards).
pub fn print(browser: &Path, html: &[u8], scratch: &Path) -> anyhow::Result<Vec<u8>> {
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch)
        .with_context(|| format!("could not create '{}'", scratch.display()))?;
    let result = (|| -> anyhow::Result<Vec<u8>> {
        let page = scratch.join("index.html");
        std::fs::write(&page, html)
            .with_context(|| format!("could not write '{}'", page.display()))?;
        let page = std::fs::canonicalize(&page)
            .with_context(|| format!("could not find '{}'", page.display()))?;
        let pdf = page.with_file_name("report.pdf");
        let out = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--generate-pdf-document-outline",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                scratch.join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .with_context(|| format!("could not run the browser '{}'", browser.display()))?;
        let bytes = std::fs::read(&pdf).ok().filter(|b| b.starts_with(b"%PDF"));
        match bytes {
            Some(b) if out.status.success() => Ok(b),
            _ => anyhow::bail!(
                "the browser '{}' did not print the report ({}): {}",
                browser.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        }
    })();
    let _ = std::fs::remove_dir_all(scratch);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_browser_is_named() {
        let e = browser(Some(Path::new("no-such-browser-here"))).expect_err("missing");
        assert!(e.to_string().contains("no-such-browser-here"), "{e}");
    }
}
