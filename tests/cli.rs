//! The command line as a newcomer meets it: help, version, completions, man page, schema,
//! and error messages checked word for word.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn readout() -> Command {
    Command::cargo_bin("readout").unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let out = readout()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// A file under cargo's scratch folder for integration tests.
fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn long_help_shows_usage_every_option_and_examples() {
    let help = stdout_of(&["--help"]);
    assert!(
        help.contains("Usage: readout [OPTIONS] [PATH]..."),
        "{help}"
    );
    for needle in [
        "--date <YYYY-MM-DD>",
        "--rules <FILE>",
        "--format <FORMAT>",
        "--lossy",
        "schema",
        "completions",
        "man",
        "Examples:",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
}

#[test]
fn every_option_that_takes_a_value_gives_an_example() {
    // In --help each option starts a paragraph: "  -x, --name <VALUE>" then its indented help.
    let help = stdout_of(&["--help"]);
    let options = help
        .split("Options:")
        .nth(1)
        .unwrap()
        .split("Examples:")
        .next()
        .unwrap();
    let mut current: Option<(String, String)> = None;
    let mut without_example = Vec::new();
    let mut check = |entry: Option<(String, String)>| {
        // An example is "e.g. VALUE" or a command line using the flag (`readout -o json/ ...`).
        if let Some((head, body)) = entry
            && head.contains('<')
            && !body.contains("e.g.")
            && !head
                .split([',', ' '])
                .any(|flag| flag.starts_with('-') && body.contains(&format!("{flag} ")))
        {
            without_example.push(head);
        }
    };
    for line in options.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('-') && line.len() - trimmed.len() <= 6 {
            check(current.take());
            current = Some((trimmed.to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    check(current.take());
    assert!(
        without_example.is_empty(),
        "options without an example value: {without_example:?}"
    );
}

#[test]
fn short_help_is_a_summary() {
    let short = stdout_of(&["-h"]);
    let long = stdout_of(&["--help"]);
    assert!(
        short.contains("Usage: readout [OPTIONS] [PATH]..."),
        "{short}"
    );
    assert!(short.contains("--date <YYYY-MM-DD>"));
    assert!(short.len() < long.len(), "-h should be shorter than --help");
}

#[test]
fn version_names_the_schema_version() {
    readout()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!(
            "readout {} (schema_version 1)\n",
            env!("CARGO_PKG_VERSION")
        ));
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _readout"),
        ("zsh", "#compdef readout"),
        ("fish", "complete -c readout"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[readout]"),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        assert!(script.contains("date"), "{shell}: --date is not completed");
        assert!(
            script.contains("schema"),
            "{shell}: subcommands are not completed"
        );
    }
}

#[test]
fn completions_reject_an_unknown_shell_with_the_choices() {
    readout()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "[possible values: bash, elvish, fish, powershell, zsh]",
        ))
        .stderr(predicate::str::contains(
            "Usage: readout completions <SHELL>",
        ));
}

#[test]
fn man_page_is_roff_for_section_1() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH readout 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "man page lacks {section}");
    }
    assert!(page.contains("YYYY\\-MM\\-DD"), "options are documented");
}

#[test]
fn schema_is_json_schema_2020_12() {
    let schema: serde_json::Value = serde_json::from_str(&stdout_of(&["schema"])).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["properties"]["schema_version"]["const"], 1);
}

#[test]
fn invalid_utf8_is_rejected_word_for_word() {
    let mut bytes = b"President Ana Kovac said".to_vec();
    bytes.push(0xff);
    let path = scratch_file("bad-utf8.txt", &bytes);
    readout()
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "readout: {}: invalid UTF-8 at byte 24 (use --lossy to replace bad bytes)\n",
            path.display()
        ));
    // --lossy accepts it and says so in the document.
    readout()
        .arg("--lossy")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "invalid sequence(s) replaced with U+FFFD",
        ));
}

#[test]
fn an_impossible_date_is_a_usage_error_with_usage_and_hint() {
    readout()
        .args(["--date", "2023-13-45", "fixtures/zelenskyy-biden-call.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: invalid value '2023-13-45' for '--date <YYYY-MM-DD>': \
             expected a calendar date as YYYY-MM-DD, e.g. 2023-06-25, got \"2023-13-45\"\n\
             \n\
             Usage: readout [OPTIONS] [PATH]...\n       readout <COMMAND>\n\
             \n\
             For more information, try '--help'.\n",
        );
}

#[test]
fn a_binary_file_is_rejected() {
    let path = scratch_file("binary.txt", b"ab\0cd");
    readout().arg(&path).assert().code(2).stderr(format!(
        "readout: {}: binary file (NUL byte at byte 2)\n",
        path.display()
    ));
}

/// Whether `shown` is an abridged `real`: objects have the same keys with abridged values,
/// arrays keep a subsequence of the real elements in order, everything else is equal.
fn abridges(shown: &serde_json::Value, real: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (shown, real) {
        (Value::Object(s), Value::Object(r)) => {
            s.len() == r.len()
                && s.iter()
                    .all(|(k, v)| r.get(k).is_some_and(|rv| abridges(v, rv)))
        }
        (Value::Array(s), Value::Array(r)) => {
            let mut rest = r.iter();
            s.iter().all(|v| rest.any(|rv| abridges(v, rv)))
        }
        _ => shown == real,
    }
}

#[test]
fn readme_first_screen_is_true() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = |fence: &str| {
        let start = readme
            .find(fence)
            .unwrap_or_else(|| panic!("no {fence} block"))
            + fence.len();
        readme[start..start + readme[start..].find("\n```").unwrap()].to_string()
    };
    let commands = block("```sh\n");
    assert!(
        commands.starts_with(
            "cargo run --release -- --date 2023-06-25 fixtures/zelenskyy-biden-call.txt"
        )
    );
    assert!(commands.lines().nth(1).unwrap().starts_with("cargo test "));
    let shown: serde_json::Value =
        serde_json::from_str(&block("```json\n")).expect("README JSON parses");
    let real: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "--date",
        "2023-06-25",
        "fixtures/zelenskyy-biden-call.txt",
    ]))
    .unwrap();
    assert!(
        abridges(&shown, &real),
        "README's seed output is not an abridged copy of the real one:\n{}",
        serde_json::to_string_pretty(&real).unwrap()
    );
}
