//! `readout check`: the golden comparison for CI. Every `X.txt` with an `X.json` beside it
//! is parsed and the document compared with `X.json` as JSON values; each difference is
//! printed as a field path with the expected and actual values, then `N passed, M failed`.
//!
//! Conventions, so a check never depends on where it is run from:
//! - the reference date is the `reference_date` stored in `X.json` (null: none, so the
//!   parser falls back on the dateline, as the parse command does without `--date`);
//! - the `source` stored in `X.json` is passed to the parser as is, so it is a label, not a
//!   path resolved against the working directory. A new `X.json` (`--bless X.txt`) records
//!   the path as given on the command line.
//!
//! Only a `.txt` named explicitly may lack its `.json`: without `--bless` that is an error,
//! with `--bless` the expected file is created. Folders only yield the pairs that exist.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

use crate::cli::CheckArgs;
use crate::input;
use crate::output;

/// The most difference lines printed for one file; the rest are counted.
const MAX_DIFF_LINES: usize = 20;
/// Values longer than this are cut in difference lines.
const MAX_VALUE_CHARS: usize = 100;

/// What happened to one fixture.
enum Verdict {
    Passed,
    Blessed {
        json: PathBuf,
        created: bool,
        differences: usize,
    },
    Failed(Vec<String>),
}

/// Runs `readout check`: exit 0 when everything passes, 1 when a document differs, 2 when a
/// fixture could not be checked at all.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut passed, mut failed, mut errors) = (0usize, 0usize, 0usize);
    for case in cases(&args.paths) {
        let verdict = case.and_then(|(txt, explicit)| {
            check_one(&txt, explicit, args.bless).map_err(|e| anyhow!("{}: {e:#}", txt.display()))
        });
        match verdict {
            Ok(Verdict::Passed) => passed += 1,
            Ok(Verdict::Blessed {
                json,
                created,
                differences,
            }) => {
                passed += 1;
                let what = if created {
                    "new".to_string()
                } else {
                    plural(differences, "difference")
                };
                writeln!(out, "blessed {} ({what})", json.display())?;
            }
            Ok(Verdict::Failed(lines)) => {
                failed += 1;
                out.write_all(lines.join("\n").as_bytes())?;
                out.write_all(b"\n")?;
            }
            Err(err) => {
                out.flush()?;
                errors += 1;
                eprintln!("readout: {err:#}");
            }
        }
    }
    writeln!(out, "{passed} passed, {} failed", failed + errors)?;
    out.flush()?;
    Ok(match (errors, failed) {
        (0, 0) => ExitCode::SUCCESS,
        (0, _) => ExitCode::from(1),
        _ => ExitCode::from(2),
    })
}

/// The `.txt` files to check, in order, each with whether it was named explicitly.
fn cases(paths: &[PathBuf]) -> impl Iterator<Item = Result<(PathBuf, bool)>> + '_ {
    paths.iter().flat_map(|path| {
        let items: Box<dyn Iterator<Item = Result<(PathBuf, bool)>>> = if path.is_dir() {
            Box::new(
                input::walk(path, vec!["txt".to_string()])
                    .map(|found| found.map_err(|e| anyhow!("{}: {}", e.path, e.reason)))
                    .filter(|found| {
                        found
                            .as_ref()
                            .map_or(true, |txt| expected_path(txt).is_file())
                    })
                    .map(|found| found.map(|txt| (txt, false))),
            )
        } else if path.exists() {
            // `X.json` named on the command line stands for its `X.txt`.
            let txt = if path.extension().is_some_and(|e| e == "json") {
                path.with_extension("txt")
            } else {
                path.clone()
            };
            Box::new(std::iter::once(Ok((txt, true))))
        } else {
            let err = anyhow!("{}: no such file or folder", path.display());
            Box::new(std::iter::once(Err(err)))
        };
        items
    })
}

/// `X.json` beside `X.txt`.
fn expected_path(txt: &Path) -> PathBuf {
    txt.with_extension("json")
}

fn check_one(txt: &Path, explicit: bool, bless: bool) -> Result<Verdict> {
    let json_path = expected_path(txt);
    let expected = if json_path.is_file() || !explicit {
        let text = std::fs::read_to_string(&json_path)
            .with_context(|| format!("reading {}", json_path.display()))?;
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not valid JSON", json_path.display()))?;
        if !value.is_object() {
            bail!("{} is not a JSON object", json_path.display());
        }
        Some(value)
    } else if bless {
        None
    } else {
        bail!(
            "no expected file {} beside it (`readout check --bless {}` creates it)",
            json_path.display(),
            txt.display()
        );
    };

    let reference_date = match expected.as_ref().map(|e| &e["reference_date"]) {
        None | Some(Value::Null) => None,
        Some(Value::String(date)) => Some(
            crate::cli::parse_date(date)
                .map_err(|e| anyhow!("{}: reference_date: {e}", json_path.display()))?,
        ),
        Some(other) => bail!(
            "{}: reference_date must be a date string or null, got {other}",
            json_path.display()
        ),
    };
    let source = match expected.as_ref().map(|e| &e["source"]) {
        Some(Value::String(source)) => source.clone(),
        _ => txt.display().to_string(),
    };
    let bytes = std::fs::read(txt)?;
    let decoded = input::decode(&bytes, false)?;
    let options = readout::Options {
        reference_date,
        source,
        ..readout::Options::default()
    };
    let doc = readout::parse(&decoded.text, &options);
    let actual = serde_json::to_value(&doc)?;

    let differences = match &expected {
        Some(expected) => diff(expected, &actual),
        None => Vec::new(),
    };
    if expected.is_some() && differences.is_empty() {
        return Ok(Verdict::Passed);
    }
    if bless {
        let mut pretty = serde_json::to_string_pretty(&doc)?;
        pretty.push('\n');
        output::write_atomic(&json_path, pretty.as_bytes())
            .with_context(|| format!("writing {}", json_path.display()))?;
        return Ok(Verdict::Blessed {
            json: json_path,
            created: expected.is_none(),
            differences: differences.len(),
        });
    }
    let mut lines = vec![format!(
        "FAILED {} (expected {})",
        txt.display(),
        json_path.display()
    )];
    lines.extend(
        differences
            .iter()
            .take(MAX_DIFF_LINES)
            .map(|d| format!("  {d}")),
    );
    if differences.len() > MAX_DIFF_LINES {
        let more = differences.len() - MAX_DIFF_LINES;
        let noun = if more == 1 {
            "difference"
        } else {
            "differences"
        };
        lines.push(format!("  ... and {more} more {noun}"));
    }
    Ok(Verdict::Failed(lines))
}

/// Every difference between two JSON values, as `path: expected E, got A` lines: fields in
/// name order (serde_json's map order), those only in the actual value after the others.
pub fn diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    diff_at(&mut String::new(), expected, actual, &mut lines);
    lines
}

fn diff_at(path: &mut String, expected: &Value, actual: &Value, lines: &mut Vec<String>) {
    let len = path.len();
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                push_key(path, key);
                match a.get(key) {
                    Some(av) => diff_at(path, ev, av, lines),
                    None => lines.push(format!("{path}: expected {}, got nothing", show(ev))),
                }
                path.truncate(len);
            }
            for (key, av) in a.iter().filter(|(k, _)| !e.contains_key(*k)) {
                push_key(path, key);
                lines.push(format!("{path}: expected nothing, got {}", show(av)));
                path.truncate(len);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                lines.push(format!(
                    "{}: expected {}, got {}",
                    shown_path(path),
                    plural(e.len(), "item"),
                    a.len()
                ));
            }
            for i in 0..e.len().max(a.len()) {
                path.push_str(&format!("[{i}]"));
                match (e.get(i), a.get(i)) {
                    (Some(ev), Some(av)) => diff_at(path, ev, av, lines),
                    (Some(ev), None) => {
                        lines.push(format!("{path}: expected {}, got nothing", show(ev)))
                    }
                    (None, Some(av)) => {
                        lines.push(format!("{path}: expected nothing, got {}", show(av)))
                    }
                    (None, None) => {}
                }
                path.truncate(len);
            }
        }
        _ if expected != actual => lines.push(format!(
            "{}: expected {}, got {}",
            shown_path(path),
            show(expected),
            show(actual)
        )),
        _ => {}
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn shown_path(path: &str) -> &str {
    if path.is_empty() { "(document)" } else { path }
}

/// A value as compact JSON, cut to [`MAX_VALUE_CHARS`] characters.
fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differences_are_field_paths_with_both_values() {
        let expected = json!({"quotes": [{"speaker": "a"}, {"speaker": "joseph-biden", "cue": "said"}], "n": 1});
        let actual =
            json!({"quotes": [{"speaker": "a"}, {"speaker": null, "cue": "said"}], "n": 1});
        assert_eq!(
            diff(&expected, &actual),
            [r#"quotes[1].speaker: expected "joseph-biden", got null"#]
        );
        assert!(diff(&expected, &expected).is_empty());
    }

    #[test]
    fn missing_extra_and_resized_are_named() {
        let expected = json!({"a": [1, 2], "gone": true});
        let actual = json!({"a": [1], "new": "x"});
        assert_eq!(
            diff(&expected, &actual),
            [
                "a: expected 2 items, got 1",
                "a[1]: expected 2, got nothing",
                "gone: expected true, got nothing",
                r#"new: expected nothing, got "x""#,
            ]
        );
        assert_eq!(
            diff(&json!(1), &json!("1")),
            [r#"(document): expected 1, got "1""#]
        );
    }

    #[test]
    fn long_values_are_cut() {
        let long = "é".repeat(300);
        let lines = diff(&json!({"t": long}), &json!({"t": "short"}));
        assert!(lines[0].len() < 300, "{}", lines[0]);
        assert!(lines[0].contains("..."));
    }
}
