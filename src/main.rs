//! The `readout` binary: parse arguments, run, map the outcome to an exit code.

mod app;
mod batch;
mod check;
mod cli;
mod docs;
mod input;
mod output;
mod records;
mod report;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(err) if app::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("readout: {err:#}");
            ExitCode::from(2)
        }
    }
}
