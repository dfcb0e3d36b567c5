//! `readout schema` is exact: every fixture's output (and a few awkward inline texts) validates
//! against the printed JSON Schema, every span is `input[start..end] == text`, the output
//! reads back into the typed model, and the schema rejects what the model cannot produce.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn readout() -> Command {
    Command::cargo_bin("readout").unwrap()
}

/// The schema as `readout schema` prints it, checked against the draft 2020-12 meta-schema.
fn schema() -> Value {
    let out = readout()
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let schema: Value = serde_json::from_slice(&out).expect("readout schema prints JSON");
    if let Err(err) = jsonschema::meta::validate(&schema) {
        panic!("the schema is not a valid draft 2020-12 schema: {err}");
    }
    schema
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("schema compiles")
}

/// Every problem with `doc` (parsed from `input`): schema errors, inexact spans, model drift.
fn problems(validator: &jsonschema::Validator, doc: &Value, input: &[u8]) -> Vec<String> {
    let mut found: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("schema: {e} at {}", e.instance_path()))
        .collect();
    let mut spans = Vec::new();
    collect_spans(doc, "", &mut spans);
    for (path, text, start, end) in spans {
        let slice = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| input.get(s..e));
        if slice != Some(text.as_bytes()) {
            found.push(format!(
                "span {path}: input[{start}..{end}] is not {text:?}"
            ));
        }
    }
    if let Err(err) = serde_json::from_value::<readout::Document>(doc.clone()) {
        found.push(format!("does not read back into readout::Document: {err}"));
    }
    found
}

/// Every object with a string `text` and integer `start`/`end`: spans, quotes, dates, cues.
fn collect_spans<'a>(v: &'a Value, path: &str, out: &mut Vec<(String, &'a str, u64, u64)>) {
    match v {
        Value::Object(map) => {
            if let (Some(Value::String(text)), Some(start), Some(end)) = (
                map.get("text"),
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
            ) {
                out.push((path.to_string(), text, start, end));
            }
            for (k, child) in map {
                collect_spans(child, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_spans(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no fixtures found");
    files
}

/// Runs `readout ARGS` on stdin `input` and returns the one document it prints.
fn parse_stdin(args: &[&str], input: &[u8]) -> Value {
    let out = readout()
        .args(args)
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("one JSON document")
}

#[test]
fn every_fixture_validates_with_exact_spans() {
    let validator = validator();
    let files = fixtures();
    let mut failures = Vec::new();
    // One batch run per option set: plain with a date, and --explain (which adds evidence).
    for args in [&["--date", "2023-06-25"][..], &["--explain"][..]] {
        let out = readout()
            .args(args)
            .arg("--format=jsonl")
            .args(&files)
            .output()
            .unwrap();
        // Fixtures of rejected input (bad UTF-8, binary) are reported and have no line.
        let mut checked = 0;
        for line in out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let doc: Value = serde_json::from_slice(line).expect("one JSON document per line");
            let source = doc["source"].as_str().expect("source").to_string();
            let input = std::fs::read(&source).expect("source names the fixture as given");
            checked += 1;
            for p in problems(&validator, &doc, &input) {
                failures.push(format!("{source} {args:?}: {p}"));
            }
        }
        let rejected = String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.starts_with("readout: "))
            .count();
        assert_eq!(
            checked + rejected,
            files.len(),
            "{args:?}: every fixture gives a line or an error"
        );
        assert!(checked > 0, "no fixture produced a document");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn awkward_inline_texts_validate_with_exact_spans() {
    let validator = validator();
    let texts: &[&str] = &[
        "",
        "   \n\n\t",
        "\u{feff}President Ana Kovač spoke by phone with Prime Minister Jon Berg yesterday.",
        "“An orphan quote with no speaker.”",
        "“Unclosed quote, said nobody",
        "Minister Léa Dupré-Ørsted met Chancellor Ümit Çelik on Sunday.\r\n\r\n\
         “We discussed energy, trade and security,” Dupré-Ørsted said on 3 March.",
        "Президент Иван Петров said: \"Ни шагу назад.\" 25 June 2023 - 14:32",
        "The Kremlin said on Monday that Putin and Xi discussed Ukraine. “No comment,” Peskov added.",
    ];
    let mut failures = Vec::new();
    for text in texts {
        // Through the library (fast), with a reference date and with evidence.
        for (date, explain) in [(Some(jiff::civil::date(2024, 2, 29)), false), (None, true)] {
            let options = readout::Options {
                reference_date: date,
                explain,
                ..readout::Options::default()
            };
            let doc = serde_json::to_value(readout::parse(text, &options)).unwrap();
            for p in problems(&validator, &doc, text.as_bytes()) {
                failures.push(format!("{text:?} date {date:?} explain {explain}: {p}"));
            }
        }
    }
    // And once through the binary's stdin.
    let text = texts[2];
    let doc = parse_stdin(&["--explain"], text.as_bytes());
    for p in problems(&validator, &doc, text.as_bytes()) {
        failures.push(format!("stdin {text:?}: {p}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_object_in_the_schema_is_closed() {
    // `additionalProperties: false` everywhere is what makes a new model field fail validation
    // until the schema documents it.
    fn walk(v: &Value, path: &str, open: &mut Vec<String>) {
        if let Value::Object(map) = v {
            if map.get("type") == Some(&json!("object"))
                && map.get("additionalProperties") != Some(&json!(false))
            {
                open.push(path.to_string());
            }
            for (k, child) in map {
                walk(child, &format!("{path}/{k}"), open);
            }
        }
    }
    let mut open = Vec::new();
    walk(&schema(), "#", &mut open);
    assert!(
        open.is_empty(),
        "objects that allow unknown fields: {open:?}"
    );
}

#[test]
fn schema_rejects_what_the_model_cannot_produce() {
    let validator = validator();
    let good = parse_stdin(
        &["--date", "2023-06-25"],
        b"President Ana Kovac met Prime Minister Jon Berg.",
    );
    assert!(validator.is_valid(&good), "baseline must validate");
    let span = json!({"text": "Kovac", "start": 0, "end": 5});
    let person = json!({"id": "ana-kovac", "kind": "person", "name": "Ana Kovac", "roles": ["speaker"], "mentions": [span]});
    type Mutation = Box<dyn Fn(&mut Value)>;
    let bad: Vec<(&str, Mutation)> = vec![
        ("unknown field", Box::new(|d| d["extra"] = json!(1))),
        (
            "missing field",
            Box::new(|d| drop(d.as_object_mut().unwrap().remove("warnings"))),
        ),
        (
            "other schema_version",
            Box::new(|d| d["schema_version"] = json!(2)),
        ),
        (
            "non-ISO reference_date",
            Box::new(|d| d["reference_date"] = json!("25 June 2023")),
        ),
        (
            "negative offset",
            Box::new(|d| d["reported_by"] = json!([{"text": "x", "start": -1, "end": 0}])),
        ),
        ("unknown person kind", {
            let mut p = person.clone();
            p["kind"] = json!("robot");
            Box::new(move |d| d["people"] = json!([p.clone()]))
        }),
        ("id that is not a slug", {
            let mut p = person.clone();
            p["id"] = json!("Ana Kovac");
            Box::new(move |d| d["people"] = json!([p.clone()]))
        }),
        ("a role twice", {
            let mut p = person.clone();
            p["roles"] = json!(["speaker", "speaker"]);
            Box::new(move |d| d["people"] = json!([p.clone()]))
        }),
        (
            "a quote speaker that is not an id",
            Box::new(
                |d| d["quotes"] = json!([{"text": "x", "speaker": "Ana Kovac", "cue": "said", "start": 0, "end": 1}]),
            ),
        ),
        ("unknown role", {
            let mut p = person.clone();
            p["roles"] = json!(["host"]);
            Box::new(move |d| d["people"] = json!([p.clone()]))
        }),
        ("null title (absent, never null)", {
            let mut p = person.clone();
            p["title"] = Value::Null;
            Box::new(move |d| d["people"] = json!([p.clone()]))
        }),
        (
            "unknown conversation kind",
            Box::new(|d| {
                d["conversations"] =
                    json!([{"kind": "letter", "participants": [], "date": null, "topics": []}])
            }),
        ),
        (
            "quote without cue",
            Box::new(|d| {
                d["quotes"] = json!([{"text": "x", "speaker": null, "start": 0, "end": 1}])
            }),
        ),
        (
            "bad date value",
            Box::new(
                |d| d["dates"] = json!([{"text": "x", "start": 0, "end": 1, "value": "June 25", "kind": "absolute"}]),
            ),
        ),
        (
            "explain without rule",
            Box::new(
                |d| d["dates"] = json!([{"text": "x", "start": 0, "end": 1, "value": null, "kind": "weekday", "explain": {}}]),
            ),
        ),
    ];
    for (what, mutate) in bad {
        let mut doc = good.clone();
        mutate(&mut doc);
        assert!(
            !validator.is_valid(&doc),
            "schema accepted a document with {what}"
        );
    }
    // An unknown-year date is valid.
    let mut doc = good.clone();
    doc["dates"] = json!([{"text": "25 June", "start": 0, "end": 7, "value": "XXXX-06-25", "kind": "absolute"}]);
    assert!(validator.is_valid(&doc));
}
