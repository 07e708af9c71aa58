//! The `rbm` binary: parse the command line, run, map the result to an exit
//! code (0 success, 1 problems found, 2 usage, input or I/O error).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rbm::cli::Cli::parse();
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    match rbm::run(cli, &mut out, &mut err) {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) if rbm::commands::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::from(2)
        }
    }
}
