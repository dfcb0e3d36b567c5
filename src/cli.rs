//! Command-line arguments (clap derive). The doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turn diplomatic press releases into structured JSON: speakers, counterparts,
/// conversations, quotes and dates, with byte-offset spans.
#[derive(Debug, Parser)]
#[command(name = "readout", version = crate::cli::VERSION, about, long_about = None)]
#[command(after_help = crate::docs::after_help())]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub parse: ParseArgs,
}

/// `--version` text: the crate version and the document schema version.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (schema_version 1)");

/// Options of the default (parse) command.
#[derive(Debug, clap::Args, Default)]
pub struct ParseArgs {
    /// Files or folders to parse, or `-` for stdin (the default), e.g. release.txt.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Reference date for "yesterday", "on Sunday" and years of "25 June", e.g. 2023-06-25.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Extra rules merged into the built-ins, e.g. --rules office.json (repeatable).
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Output format: one pretty JSON object (default for one input) or JSON Lines
    /// (default for several), e.g. --format jsonl.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Replace invalid UTF-8 with U+FFFD instead of rejecting the file.
    #[arg(long)]
    pub lossy: bool,
    /// Attach the matching rule and its cue span to every item.
    #[arg(long)]
    pub explain: bool,
    /// Write one JSON file per input under DIR instead of stdout, mirroring the input tree:
    /// `readout -o json/ statements/` turns statements/a/b.txt into json/a/b.json.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Parallel workers (default: all cores); the output order never depends on it, e.g. -j 4.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub jobs: Option<u32>,
    /// Extensions of the files picked up in folders (default: txt; jsonl with
    /// --input jsonl), e.g. --ext txt,md.
    #[arg(long, value_name = "EXT", value_delimiter = ',')]
    pub ext: Vec<String>,
    /// What the inputs hold: text releases, or JSON Lines records
    /// {"id": ..., "text": ..., "date": "YYYY-MM-DD"?} giving one document each (written as
    /// JSON Lines), e.g. --input jsonl.
    #[arg(long, value_enum, value_name = "KIND", default_value_t)]
    pub input: InputKind,
    /// With --input jsonl: exit 0 although a record was malformed.
    ///
    /// A malformed record is still written as an error document {"source", "error"} and
    /// reported on stderr; an input that cannot be read still gives exit 2. For map steps
    /// where a non-zero exit fails the task (Spark's rdd.pipe with checkCode, Hadoop Streaming).
    #[arg(long)]
    pub bad_records_ok: bool,
}

/// What the inputs hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum InputKind {
    /// One release per file (or stdin).
    #[default]
    Text,
    /// JSON Lines records, one release per line.
    Jsonl,
}

/// Options of `readout rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Rules files to merge into the built-ins before printing, in order (repeatable).
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
}

/// Options of `readout check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Rewrite each expected X.json that differs with the current output (and say which);
    /// an X.txt named explicitly gets a new X.json.
    #[arg(long)]
    pub bless: bool,
    /// Fixture files or folders, e.g. fixtures/.
    #[arg(value_name = "PATH", default_value = "fixtures/")]
    pub paths: Vec<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One pretty-printed JSON object per document.
    Json,
    /// One compact JSON object per line.
    Jsonl,
}

/// Subcommands besides parsing.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the JSON Schema (draft 2020-12) of the output document.
    Schema,
    /// Print the built-in rule set as JSON, the format --rules takes; with --rules FILE,
    /// the set merged with those files, e.g. `readout rules --rules office.json`.
    Rules(RulesArgs),
    /// Golden check for CI: parse every X.txt that has an X.json beside it (with the
    /// reference_date stored there) and print each difference, e.g. `readout check fixtures/`.
    /// Exit 0 all pass, 1 a difference, 2 an error.
    Check(CheckArgs),
    /// Print a shell completion script, e.g. `readout completions zsh > ~/.zfunc/_readout`.
    Completions {
        /// The shell to complete for, e.g. bash.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `readout man > ~/.cargo/share/man/man1/readout.1`.
    Man,
}

/// Parses the process arguments; on a usage error prints the message, the usage line of the
/// (sub)command and a hint, then exits with status 2.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    Cli::try_parse_from(&args).unwrap_or_else(|mut err| {
        use clap::error::{ContextKind, ContextValue};
        // clap leaves the usage line out of value errors (`--date 2023-13-45`); put it back.
        if err.use_stderr() && err.get(ContextKind::Usage).is_none() {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            cmd.build();
            let first = args.get(1).and_then(|a| a.to_str()).unwrap_or_default();
            let usage = match cmd.find_subcommand_mut(first) {
                Some(sub) => sub.render_usage(),
                None => cmd.render_usage(),
            };
            err.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
        }
        err.exit()
    })
}

/// Parses a calendar day written `YYYY-MM-DD` (for `--date`, records and fixtures).
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let ok = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    let parsed = if ok {
        s.parse::<jiff::civil::Date>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        format!("expected a calendar date as YYYY-MM-DD, e.g. 2023-06-25, got {s:?}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_must_be_iso_days() {
        assert!(parse_date("2023-06-25").is_ok());
        assert!(parse_date("2023-13-45").is_err());
        assert!(parse_date("25.06.2023").is_err());
    }
}
