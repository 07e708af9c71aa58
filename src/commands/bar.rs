//! Progress bars for work a person waits for (an ingest of a large export,
//! `rbm backtest`, the first read of a large store), drawn on stderr with
//! indicatif only when stderr is a terminal: piped or redirected output,
//! and so every test and script, gets no bar and no control characters.
//!
//! A bar is cleared when its work is done, so that what stays on the
//! terminal is the command's own output. `RBM_PROGRESS=never` turns bars
//! off on a terminal too.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What a bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Rows of a file.
    Rows,
    /// Bytes of a file.
    Bytes,
    /// Steps of a command.
    Steps,
}

/// A progress bar, or nothing when stderr is not a terminal.
#[derive(Debug)]
pub struct Bar(Option<ProgressBar>);

/// True when bars are drawn: stderr is a terminal and `RBM_PROGRESS` is
/// not `never`.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var("RBM_PROGRESS").map_or(true, |v| v != "never")
}

impl Bar {
    /// A bar of `len` units, titled `message`.
    pub fn new(len: u64, unit: Unit, message: &str) -> Bar {
        if !enabled() {
            return Bar(None);
        }
        let template = match unit {
            Unit::Rows => "{msg} {wide_bar} {human_pos}/{human_len} rows, {eta} left",
            Unit::Bytes => "{msg} {wide_bar} {bytes}/{total_bytes}, {eta} left",
            Unit::Steps => "{msg} {wide_bar} {pos}/{len}",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(style);
        bar.set_message(message.to_string());
        // Drawn only from the thread doing the work, as it moves the bar:
        // no ticker thread, which would wait for stderr while the command
        // holds it locked (and the command for the bar: a deadlock).
        Bar(Some(bar))
    }

    /// A bar that is never drawn.
    pub fn hidden() -> Bar {
        Bar(None)
    }

    /// Set how far the work is.
    pub fn set(&self, position: u64) {
        if let Some(b) = &self.0 {
            b.set_position(position);
        }
    }

    /// One more unit done.
    pub fn inc(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    /// A step done and the next one's name.
    pub fn step(&self, next: &str) {
        if let Some(b) = &self.0 {
            b.inc(1);
            b.set_message(next.to_string());
        }
    }

    /// Change the title.
    pub fn message(&self, message: &str) {
        if let Some(b) = &self.0 {
            b.set_message(message.to_string());
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
