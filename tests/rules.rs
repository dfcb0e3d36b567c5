//! Rules as data, end to end: `readout rules`, `--rules FILE` changing what is found, the
//! exact messages (and exit 2) for malformed files, the actor dictionary with its aliases and
//! dated roles, and `--explain`.

use std::path::PathBuf;
use std::sync::Arc;

use assert_cmd::Command;
use readout::rules::{DEFAULT_RULES_JSON, RuleSet, Rules};
use readout::{Document, Options};
use serde_json::Value;

const SEED: &str = "fixtures/zelenskyy-biden-call.txt";

fn readout() -> Command {
    Command::cargo_bin("readout").unwrap()
}

/// A file under cargo's scratch folder for integration tests.
fn scratch_file(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `readout ARGS` on `stdin`, expects success, and parses the one document written.
fn parse_cli(args: &[&str], stdin: &str) -> Document {
    let out = readout()
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// Parses `text` with the library, the built-in rules plus `extra` (JSON), on `date`.
fn parse_lib(text: &str, extra: Option<&str>, date: Option<&str>) -> Document {
    let mut set = RuleSet::builtin();
    if let Some(extra) = extra {
        set.merge_json("extra.json", extra).unwrap();
    }
    let options = Options {
        reference_date: date.map(|d| d.parse().unwrap()),
        rules: Arc::new(Rules::compile(set).unwrap()),
        source: "-".to_string(),
        explain: false,
    };
    readout::parse(text, &options)
}

fn person<'d>(doc: &'d Document, id: &str) -> &'d readout::model::Person {
    doc.people
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", doc.people))
}

#[test]
fn rules_prints_the_builtin_set_as_json() {
    let out = readout()
        .arg("rules")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let printed: Value = serde_json::from_slice(&out).unwrap();
    let builtin: Value = serde_json::from_str(DEFAULT_RULES_JSON).unwrap();
    assert!(
        printed == builtin,
        "readout rules differs from rules/default.json"
    );
    let verbs = printed["speech_verbs"].as_array().unwrap();
    assert!(verbs.iter().any(|v| v == "said"));
    assert!(printed["people"].as_array().unwrap().len() >= 45);
    // What it prints is what --rules takes: feeding it back changes nothing but list lengths.
    let mut set = RuleSet::builtin();
    set.merge_json("printed.json", std::str::from_utf8(&out).unwrap())
        .unwrap();
    assert_eq!(set.speech_verbs.len(), 2 * verbs.len());
    assert_eq!(
        set.people.len(),
        printed["people"].as_array().unwrap().len()
    );
}

#[test]
fn rules_with_files_prints_the_merged_set() {
    let extra = scratch_file(
        "merged-extra.json",
        r#"{"speech_verbs": ["zorbled"], "date_order": "month_first"}"#,
    );
    let out = readout()
        .args(["rules", "--rules"])
        .arg(&extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let merged: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(merged["date_order"], "month_first");
    let verbs = merged["speech_verbs"].as_array().unwrap();
    assert_eq!(verbs.last().unwrap(), "zorbled");
    assert!(verbs.iter().any(|v| v == "said"));
    // A bad file is the same error as when parsing.
    let bad = scratch_file("merged-bad.json", r#"{"speech_verbs": 5}"#);
    readout()
        .args(["rules", "--rules"])
        .arg(&bad)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "readout: {}: speech_verbs: expected a list of strings, found a number\n",
            bad.display()
        ));
}

#[test]
fn a_custom_speech_verb_makes_an_attributed_quote() {
    let text = "Zelenskyy zorbled: “We will not give up an inch of our land.”\n";
    let extra = scratch_file("verb.json", r#"{"speech_verbs": ["zorbled"]}"#);
    let with = parse_cli(&["--rules", extra.to_str().unwrap()], text);
    assert_eq!(with.quotes.len(), 1);
    assert_eq!(
        with.quotes[0].text,
        "We will not give up an inch of our land"
    );
    assert_eq!(with.quotes[0].cue.as_deref(), Some("zorbled"));
    assert_eq!(
        with.quotes[0].speaker.as_deref(),
        Some("volodymyr-zelenskyy")
    );
    let without = parse_cli(&[], text);
    assert!(
        without
            .quotes
            .iter()
            .all(|q| q.cue.is_none() && q.speaker.is_none()),
        "{:?}",
        without.quotes
    );
}

#[test]
fn a_custom_title_gives_the_person_that_title() {
    let text = "Tánaiste Simon Harris had a phone call with Taoiseach Mícheál Martin.\n";
    let extra = scratch_file("title.json", r#"{"titles": ["Tánaiste"]}"#);
    let with = parse_cli(&["--rules", extra.to_str().unwrap()], text);
    let harris = person(&with, "simon-harris");
    assert_eq!(harris.title.as_deref(), Some("Tánaiste"));
    assert_eq!(harris.name, "Simon Harris");
    assert_eq!(harris.mentions[0].text, "Tánaiste Simon Harris");
    // Without the rule the word is taken for part of the name.
    let without = parse_cli(&[], text);
    assert!(without.people.iter().all(|p| p.id != "simon-harris"));
    assert!(
        without
            .people
            .iter()
            .all(|p| p.title.as_deref() != Some("Tánaiste"))
    );
    // "Taoiseach" ships in the built-in titles.
    let martin = person(&without, "micheal-martin");
    assert_eq!(martin.title.as_deref(), Some("Taoiseach"));
    assert_eq!(martin.name, "Mícheál Martin");
}

#[test]
fn a_custom_conversation_cue_finds_the_counterpart() {
    let text = "President Ana Kovač held a bilateral with Prime Minister Jon Berg.\n";
    let cue = r#"{"conversation_cues": [{"pattern": "held a bilateral with", "kind": "meeting"}]}"#;
    let with = parse_lib(text, Some(cue), None);
    assert_eq!(with.counterparts, ["jon-berg"]);
    assert_eq!(
        serde_json::to_value(with.conversations[0].kind).unwrap(),
        "meeting"
    );
    let without = parse_lib(text, None, None);
    assert!(
        without.conversations.is_empty(),
        "{:?}",
        without.conversations
    );
}

/// Malformed files of every kind: the whole stderr line and exit 2.
#[test]
fn malformed_rules_files_exit_2_with_their_exact_message() {
    let cases = [
        (
            r#"{"speech_verbs": 5}"#,
            "speech_verbs: expected a list of strings, found a number",
        ),
        (
            "{\"speech_verbs\": [\"said\"",
            "not valid JSON: EOF while parsing a list at line 1 column 24",
        ),
        (
            r#"{"verb": ["quipped"]}"#,
            "verb: unknown section (known: date_order, speech_verbs, titles, generic_titles, institutions, reporting_offices, spokesperson_nouns, institution_nouns, honorifics, role_nouns, holiday_prefixes, document_nouns, countries, conversation_cues, topic_cues, block_intros, name_particles, not_names, months, weekdays, relative_days, month_first_time_zones, future_cues, past_cues, generic_after_possessive, people)",
        ),
        (
            r#"{"conversation_cues": [{"pattern": "chatted with", "kind": "chat"}]}"#,
            r#"conversation_cues[0].kind: unknown kind "chat" (expected phone_call, video_call, meeting, conversation)"#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B"}, {"id": "c-d", "name": "C D", "roles": [{"title": "President", "country": "Ireland", "from": "2021-13-01", "to": null}]}]}"#,
            r#"people[1].roles[0].from: expected an ISO date YYYY-MM-DD, found "2021-13-01""#,
        ),
        (
            r#"{"months": [{"name": "Thermidor", "number": 13}]}"#,
            "months[0].number: expected a whole number from 1 to 12, found 13",
        ),
        (
            r#"{"titles": {"replace": "yes", "values": ["Taoiseach"]}}"#,
            "titles.replace: expected true or false, found a string",
        ),
        (
            r#"{"date_order": "year_first"}"#,
            r#"date_order: unknown value "year_first" (expected day_first, month_first)"#,
        ),
    ];
    for (i, (json, message)) in cases.iter().enumerate() {
        let file = scratch_file(&format!("bad-{i}.json"), json);
        readout()
            .arg("--rules")
            .arg(&file)
            .arg(SEED)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("readout: {}: {message}\n", file.display()));
    }
}

#[test]
fn a_bad_regex_names_the_file_the_rule_and_shows_the_regex_error() {
    let file = scratch_file(
        "bad-regex.json",
        r#"{"conversation_cues": [{"pattern": "held (a bilateral", "kind": "meeting"}]}"#,
    );
    let out = readout()
        .arg("--rules")
        .arg(&file)
        .arg(SEED)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    let head = format!(
        "readout: {}: conversation_cues[0].pattern: invalid regex \"held (a bilateral\": regex parse error:",
        file.display()
    );
    assert!(err.starts_with(&head), "{err}");
    assert!(err.contains("unclosed group"), "{err}");
}

#[test]
fn rules_files_merge_in_order_and_a_missing_one_is_an_error() {
    let add = scratch_file("order-add.json", r#"{"speech_verbs": ["zorbled"]}"#);
    let replace = scratch_file(
        "order-replace.json",
        r#"{"speech_verbs": {"replace": true, "values": ["quipped"]}}"#,
    );
    let text =
        "Zelenskyy zorbled: “We will stand firm.”\n\nZelenskyy quipped: “Peace needs strength.”\n";
    let a = add.to_str().unwrap();
    let r = replace.to_str().unwrap();
    let cues = |doc: &Document| -> Vec<Option<String>> {
        doc.quotes.iter().map(|q| q.cue.clone()).collect()
    };
    let both = parse_cli(&["--rules", a, "--rules", r], text);
    assert_eq!(cues(&both), [None, Some("quipped".to_string())]);
    let reversed = parse_cli(&["--rules", r, "--rules", a], text);
    assert_eq!(
        cues(&reversed),
        [Some("zorbled".to_string()), Some("quipped".to_string())]
    );
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-rules.json");
    readout()
        .arg("--rules")
        .arg(&missing)
        .arg(SEED)
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(format!(
            "readout: {}: cannot read: ",
            missing.display()
        )));
}

#[test]
fn every_alias_of_a_dictionary_person_maps_to_one_id() {
    let cases = [
        ("Zelenskiy", "volodymyr-zelenskyy"),
        ("Zelensky", "volodymyr-zelenskyy"),
        ("Zelenskyi", "volodymyr-zelenskyy"),
        ("Erdogan", "recep-tayyip-erdogan"),
        ("Erdoğan", "recep-tayyip-erdogan"),
        ("Shoigu", "sergei-shoigu"),
        ("Shoygu", "sergei-shoigu"),
        ("Lavrov", "sergey-lavrov"),
        ("Xi", "xi-jinping"),
        ("Wang Yi", "wang-yi"),
        ("Boris Johnson", "boris-johnson"),
    ];
    for (form, id) in cases {
        let text = format!("{form} met Prime Minister Giorgia Meloni in Rome.\n");
        let doc = parse_lib(&text, None, Some("2023-06-25"));
        let p = person(&doc, id);
        assert_eq!(p.mentions[0].text, form, "{form}");
        assert_ne!(p.name, "", "{form}");
    }
    // The canonical name wins; the form in the text stays an alias.
    let doc = parse_lib("Zelenskiy met Prime Minister Giorgia Meloni.", None, None);
    let z = person(&doc, "volodymyr-zelenskyy");
    assert_eq!(z.name, "Volodymyr Zelenskyy");
    assert!(
        z.aliases.iter().any(|a| a == "Zelenskiy"),
        "{:?}",
        z.aliases
    );
}

#[test]
fn a_month_named_like_a_leader_is_not_that_leader() {
    // "May" is not an alias of Theresa May: the month stays a date.
    let doc = parse_lib(
        "On 5 May President Ana Kovač met Prime Minister Jon Berg.",
        None,
        Some("2017-06-25"),
    );
    assert!(doc.people.iter().all(|p| p.id != "theresa-may"));
    assert_eq!(doc.dates[0].value.as_deref(), Some("2017-05-05"));
}

#[test]
fn two_transliterations_in_one_text_are_one_person() {
    let doc = parse_lib(
        "Zelenskiy met Prime Minister Giorgia Meloni. Zelensky said: “Thank you.”",
        None,
        Some("2023-06-25"),
    );
    let ids: Vec<&str> = doc
        .people
        .iter()
        .filter(|p| p.id.starts_with("volodymyr-zelenskyy"))
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["volodymyr-zelenskyy"]);
    assert_eq!(
        doc.quotes[0].speaker.as_deref(),
        Some("volodymyr-zelenskyy")
    );
}

/// The speaker of `quote` followed by `attribution` ("the US President said.") on `date`.
fn quoted_speaker(attribution: &str, extra: Option<&str>, date: Option<&str>) -> Option<String> {
    let text = format!("“We will stand together,” {attribution}\n");
    let doc = parse_lib(&text, extra, date);
    assert_eq!(doc.quotes.len(), 1, "{text}");
    doc.quotes[0].speaker.clone()
}

/// A title with a country and no name resolves to the dictionary's holder of that role on
/// the reference date.
#[test]
fn a_title_only_speaker_resolves_by_the_reference_date() {
    let us = |date| quoted_speaker("the US President said.", None, Some(date));
    assert_eq!(us("2023-06-25").as_deref(), Some("joseph-biden"));
    assert_eq!(us("2017-06-25").as_deref(), Some("donald-trump"));
    assert_eq!(us("2025-06-25").as_deref(), Some("donald-trump"));
    assert_eq!(us("2012-06-25").as_deref(), Some("barack-obama"));
    // A role ends on the successor's first day: 20 January 2021 is Biden's.
    assert_eq!(us("2021-01-20").as_deref(), Some("joseph-biden"));
    assert_eq!(us("2021-01-19").as_deref(), Some("donald-trump"));
    for form in [
        "Ukraine’s President said.",
        "the President of Ukraine said.",
    ] {
        let who = quoted_speaker(form, None, Some("2023-06-25"));
        assert_eq!(who.as_deref(), Some("volodymyr-zelenskyy"), "{form}");
    }
    let chancellor = |date| quoted_speaker("the German Chancellor said.", None, Some(date));
    assert_eq!(chancellor("2019-06-25").as_deref(), Some("angela-merkel"));
    assert_eq!(chancellor("2023-06-25").as_deref(), Some("olaf-scholz"));
    assert_eq!(chancellor("2025-06-25").as_deref(), Some("friedrich-merz"));
    let minister = |date| quoted_speaker("the Turkish Foreign Minister said.", None, Some(date));
    assert_eq!(minister("2022-06-25").as_deref(), Some("mevlut-cavusoglu"));
    assert_eq!(minister("2023-06-25").as_deref(), Some("hakan-fidan"));
}

/// A user's dictionary entry takes part like a built-in one, within its dates.
#[test]
fn a_user_dictionary_entry_resolves_its_title() {
    let extra = r#"{"people": [{"id": "ana-kovac", "name": "Ana Kovač", "aliases": ["Kovač"],
        "roles": [{"title": "Foreign Minister", "country": "Ireland", "from": "2030-01-01", "to": null}]}]}"#;
    let form = "Ireland’s Foreign Minister said.";
    let during = quoted_speaker(form, Some(extra), Some("2030-06-01"));
    assert_eq!(during.as_deref(), Some("ana-kovac"));
    let before = quoted_speaker(form, Some(extra), Some("2029-06-01"));
    assert_ne!(before.as_deref(), Some("ana-kovac"));
}

/// The same resolution for a counterpart named by title only.
#[test]
fn a_title_only_counterpart_resolves_by_the_reference_date() {
    let text = "President Ana Kovač had a phone call with the US President.\n";
    let holder = |date: &str| parse_lib(text, None, Some(date)).counterparts;
    assert_eq!(holder("2023-06-25"), ["joseph-biden"]);
    assert_eq!(holder("2017-06-25"), ["donald-trump"]);
    let doc = parse_lib(
        "President Ana Kovač spoke with Ukraine’s President.",
        None,
        Some("2023-06-25"),
    );
    assert_eq!(doc.counterparts, ["volodymyr-zelenskyy"]);
}

/// Every span object inside `v` (with text/start/end) is exact in `input`.
fn assert_spans_exact(input: &str, v: &Value) {
    match v {
        Value::Object(map) => {
            if let (Some(Value::String(t)), Some(s), Some(e)) =
                (map.get("text"), map.get("start"), map.get("end"))
            {
                let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
                assert_eq!(&input[s..e], t);
            }
            map.values().for_each(|x| assert_spans_exact(input, x));
        }
        Value::Array(items) => items.iter().for_each(|x| assert_spans_exact(input, x)),
        _ => {}
    }
}

fn has_key(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(map) => map.contains_key(key) || map.values().any(|x| has_key(x, key)),
        Value::Array(items) => items.iter().any(|x| has_key(x, key)),
        _ => false,
    }
}

#[test]
fn explain_names_the_rule_and_cue_of_each_quote_of_the_seed() {
    let input = std::fs::read_to_string(SEED).unwrap();
    let out = readout()
        .args(["--explain", "--date", "2023-06-25", SEED])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: Value = serde_json::from_slice(&out).unwrap();
    assert_spans_exact(&input, &value);
    let doc: Document = serde_json::from_value(value).unwrap();
    assert_eq!(doc.quotes.len(), 3);
    for q in &doc.quotes {
        let why = q.explain.as_ref().unwrap_or_else(|| panic!("{q:?}"));
        assert!(why.rule.starts_with("quote."), "{why:?}");
        let cue = why.cue.as_ref().unwrap_or_else(|| panic!("{why:?}"));
        // The cue span is the attribution verb the quote reports.
        assert_eq!(Some(cue.text.as_str()), q.cue.as_deref());
        assert!(cue.start >= q.end, "the cue follows the quote: {why:?}");
    }
    for c in &doc.conversations {
        let why = c.explain.as_ref().unwrap_or_else(|| panic!("{c:?}"));
        assert!(why.rule.starts_with("conversation."), "{why:?}");
        assert!(why.cue.is_some(), "{why:?}");
    }
    assert_eq!(
        doc.conversations[0]
            .explain
            .as_ref()
            .unwrap()
            .cue
            .as_ref()
            .unwrap()
            .text,
        "had a phone conversation with"
    );
    for d in &doc.dates {
        let why = d.explain.as_ref().unwrap_or_else(|| panic!("{d:?}"));
        assert!(why.rule.starts_with("date."), "{why:?}");
        // A date's evidence is the expression as matched, a leading "on" included.
        let cue = why.cue.as_ref().unwrap_or_else(|| panic!("{why:?}"));
        assert!(cue.start <= d.start && cue.end == d.end, "{why:?}");
    }
    let on = doc.dates[1].explain.as_ref().unwrap().cue.as_ref().unwrap();
    assert_eq!(on.text, "on 25 June");
}

#[test]
fn without_explain_no_item_carries_evidence() {
    let out = readout()
        .args(["--date", "2023-06-25", SEED])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: Value = serde_json::from_slice(&out).unwrap();
    assert!(!has_key(&value, "explain"));
    // The library agrees.
    let doc = parse_lib(&std::fs::read_to_string(SEED).unwrap(), None, None);
    assert!(doc.quotes.iter().all(|q| q.explain.is_none()));
    assert!(doc.conversations.iter().all(|c| c.explain.is_none()));
    assert!(doc.dates.iter().all(|d| d.explain.is_none()));
}

/// The example rules file in the README merges, compiles and does what the README says.
#[test]
fn the_readme_example_rules_file_works() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let at = readme
        .find("A complete small rules file")
        .expect("README has the example");
    let body = &readme[at..];
    let start = body.find("```json\n").unwrap() + "```json\n".len();
    let end = start + body[start..].find("```").unwrap();
    let example = &body[start..end];
    let text = "Taoiseach Mícheál Martin held a bilateral with President Zelenskyj in Dublin. \
                “We will keep going,” the Taoiseach reflected.\n";
    let doc = parse_lib(text, Some(example), Some("2025-03-17"));
    assert_eq!(doc.counterparts, ["volodymyr-zelenskyy"]);
    assert_eq!(doc.quotes[0].cue.as_deref(), Some("reflected"));
    assert_eq!(doc.quotes[0].speaker.as_deref(), Some("micheal-martin"));
    let z = person(&doc, "volodymyr-zelenskyy");
    assert!(
        z.aliases.iter().any(|a| a == "Zelenskyj"),
        "{:?}",
        z.aliases
    );
}
