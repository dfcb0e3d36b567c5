//! Documentation generated from the clap definition in `cli.rs`: shell completion scripts
//! (`readout completions SHELL`), the man page (`readout man`) and the examples that close
//! `--help`. Generating them from one definition keeps them from drifting apart.

use std::io::Write;

use anyhow::{Context, Result};
use clap::{ArgAction, CommandFactory};
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::Cli;

/// Commands a newcomer runs first, with what each does; shown in `--help` and the man page.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "readout --date 2023-06-25 fixtures/zelenskyy-biden-call.txt",
        "Parse one release; relative dates resolve against 2023-06-25.",
    ),
    (
        "readout -o json/ statements/",
        "Parse every .txt under statements/ into one JSON file each under json/.",
    ),
    (
        "cat release.txt | readout --format jsonl",
        "Parse standard input and print one JSON object per line.",
    ),
    (
        "readout check fixtures/",
        "Compare each fixtures/X.txt's output with X.json; exit 1 on a difference.",
    ),
    (
        "readout schema > readout.schema.json",
        "Save the JSON Schema of the output document.",
    ),
    (
        "readout completions bash > ~/.local/share/bash-completion/completions/readout",
        "Install tab completion for bash.",
    ),
];

/// What the exit status means (as grep and ripgrep).
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    ("1", "readout check found a difference."),
    (
        "2",
        "An error: a usage error, or an input that could not be read or was rejected. \
         A batch goes on past a bad file and reports it on stderr as \"readout: PATH: reason\".",
    ),
];

/// The text after the options in `--help`: the examples.
pub fn after_help() -> String {
    let mut text = String::from("Examples:\n");
    for (command, what) in EXAMPLES {
        text.push_str(&format!("  {command}\n      {what}\n"));
    }
    text
}

/// Writes the completion script for `shell` to stdout.
pub fn completions(shell: Shell) -> Result<()> {
    // clap_complete panics on a failed write, so render into memory and write with `?`.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "readout", &mut script);
    write_stdout(&script)
}

/// Writes the man page (roff, section 1) to stdout.
pub fn man() -> Result<()> {
    let mut page = Vec::new();
    render_man(&mut page).context("rendering the man page")?;
    write_stdout(&page)
}

/// The man page: clap_mangen's sections, with EXIT STATUS and EXAMPLES in place of the
/// `--help` epilogue, which is written for a terminal.
fn render_man(out: &mut Vec<u8>) -> std::io::Result<()> {
    let cmd = Cli::command().after_help(None::<&str>);
    let man = Man::new(cmd);
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;

    let mut roff = Roff::default();
    commands_section(&Cli::command(), &mut roff);
    roff.control("SH", ["EXIT STATUS"]);
    for (code, what) in EXIT_STATUS {
        roff.control("TP", [])
            .text([bold(*code)])
            .text([roman(*what)]);
    }
    roff.control("SH", ["EXAMPLES"]);
    for (command, what) in EXAMPLES {
        roff.control("TP", [])
            .text([bold(*command)])
            .text([roman(*what)]);
    }
    roff.to_writer(out)?;

    man.render_version_section(out)
}

/// One entry per subcommand with its arguments, in this page: clap_mangen's own section
/// points at `readout-NAME(1)` pages that are not installed.
fn commands_section(cmd: &clap::Command, roff: &mut Roff) {
    // Built, so that derived defaults (value counts, actions) are filled in.
    let mut cmd = cmd.clone();
    cmd.build();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let mut head = vec![bold(format!("readout {}", sub.get_name()))];
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let mut values_of = Vec::new();
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            if arg.get_id() == "help" {
                continue;
            }
            let name = arg
                .get_value_names()
                .and_then(|names| names.first())
                .map_or_else(|| arg.get_id().as_str().to_uppercase(), |n| n.to_string());
            let takes_value = arg.get_action().takes_values();
            let many = matches!(arg.get_action(), ArgAction::Append);
            if let Some(long) = arg.get_long() {
                let value = if takes_value {
                    format!(" {name}")
                } else {
                    String::new()
                };
                head.push(roman(format!(" [--{long}{value}]")));
            } else if arg.is_positional() {
                let (open, close) = if arg.is_required_set() {
                    ("", "")
                } else {
                    ("[", "]")
                };
                let dots = if many { "..." } else { "" };
                head.extend([
                    roman(format!(" {open}")),
                    italic(name.clone()),
                    roman(format!("{close}{dots}")),
                ]);
            }
            let values: Vec<_> = arg
                .get_possible_values()
                .iter()
                .filter(|_| takes_value)
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                values_of.push(format!("{name}: {}.", values.join(", ")));
            }
        }
        roff.control("TP", []).text(head).text([roman(about)]);
        for line in values_of {
            roff.control("br", []).text([roman(line)]);
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_page_has_every_section() {
        let mut page = Vec::new();
        render_man(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        for section in [
            ".TH readout 1",
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH COMMANDS",
            "readout completions\\fR \\fISHELL\\fR",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES",
            ".SH VERSION",
        ] {
            assert!(page.contains(section), "no {section:?} in:\n{page}");
        }
        assert!(
            !page.contains("Examples:"),
            "--help epilogue leaked into the man page"
        );
    }

    #[test]
    fn help_ends_with_examples() {
        let help = Cli::command().render_help().to_string();
        assert!(
            help.contains("Examples:\n  readout --date 2023-06-25 "),
            "{help}"
        );
    }
}
