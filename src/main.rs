//! The `readout` binary: parse arguments, run, map the outcome to an exit code.

mod app;
mod cli;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(err) if app::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("readout: {err:#}");
            ExitCode::from(2)
        }
    }
}
