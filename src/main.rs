//! The `rbm` binary: parse the command line ([`cli`]), resolve it into the
//! library's configuration, run, and map the result to an exit code (0
//! success, 1 problems found, 2 usage, input or I/O error).

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let mut out = io::stdout().lock();
    // Not locked for the whole run: commands read on several threads, and
    // a message to stderr from one of them (a progress bar, a trace)
    // would wait forever for a lock held by the main thread.
    let mut err = io::stderr();
    let result = cli
        .into_config()
        .and_then(|config| rbm::run(&config, &mut out, &mut err));
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) if rbm::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Nothing is left to report a failure to write to stderr to.
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::from(2)
        }
    }
}
