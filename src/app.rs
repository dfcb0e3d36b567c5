//! Arguments to a validated configuration, then the run: every input parsed and written in
//! order, failures reported as `readout: PATH: reason` and remembered for the exit code.

use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use readout::rules::{DEFAULT_RULES_JSON, RuleSet, Rules};
use readout::{Options, parse};

use crate::cli::{Cli, Command, Format, ParseArgs};
use crate::docs;
use crate::input::{self, Source};
use crate::output;

/// Runs the command line; `Err` is a fatal error (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Schema) => print_stdout(readout::schema::SCHEMA_JSON),
        Some(Command::Rules) => print_stdout(DEFAULT_RULES_JSON),
        Some(Command::Completions { shell }) => {
            docs::completions(shell).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Man) => docs::man().map(|()| ExitCode::SUCCESS),
        None => run_parse(cli.parse),
    }
}

fn print_stdout(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the rule set: built-ins plus every `--rules` file, compiled once.
pub fn load_rules(files: &[std::path::PathBuf]) -> Result<Arc<Rules>> {
    if files.is_empty() {
        return Ok(Rules::builtin());
    }
    let mut set = RuleSet::builtin();
    for file in files {
        set.merge_file(file)?;
    }
    Ok(Arc::new(Rules::compile(set)?))
}

fn run_parse(args: ParseArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let sources: Vec<Source> = if args.paths.is_empty() {
        vec![Source::Stdin]
    } else {
        args.paths
            .iter()
            .map(|p| {
                if input::is_stdin(p) {
                    Source::Stdin
                } else {
                    Source::File(p.clone())
                }
            })
            .collect()
    };
    let format = args.format.unwrap_or(if sources.len() == 1 {
        Format::Json
    } else {
        Format::Jsonl
    });
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for source in &sources {
        let name = source.display();
        let decoded = source
            .read()
            .map_err(|e| anyhow::anyhow!("{e}"))
            .and_then(|bytes| input::decode(bytes, args.lossy).map_err(Into::into));
        let decoded = match decoded {
            Ok(d) => d,
            Err(err) => {
                out.flush().context("writing output")?;
                eprintln!("readout: {name}: {err:#}");
                failed = true;
                continue;
            }
        };
        let options = Options {
            reference_date: args.date,
            rules: rules.clone(),
            source: name,
            explain: args.explain,
        };
        let mut doc = parse(&decoded.text, &options);
        if decoded.replaced > 0 {
            doc.warnings.push(format!(
                "input was not valid UTF-8: {} invalid sequence(s) replaced with U+FFFD (--lossy); offsets count into the replaced text",
                decoded.replaced
            ));
        }
        output::write_document(&mut out, &doc, format).context("writing output")?;
    }
    out.flush().context("writing output")?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether the error chain is a closed stdout, which ends the run quietly (as `| head` expects).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
