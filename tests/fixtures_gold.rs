//! Hand-annotated expectations for every fixture: each `fixtures/X.gold.json` (written by a
//! person before the parser ran on `X.txt`, format in `fixtures/README.md`) is checked against
//! `readout::parse` — quotes with their speakers, speakers, counterparts, dates with their
//! values, and optional conversation and warning expectations.
//!
//! People and quotes are compared the way the corpus scorer (`../shared/tools/score.py`)
//! compares them: people by a folded surname key, quotes by token F1 ≥ 0.8. Every mismatch
//! in every fixture is collected and the test fails once with the full list. Known gaps are
//! listed per gold file in `known_misses` (exact mismatch keys); a known miss that no longer
//! happens fails the test too, so the list only shrinks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use readout::{Document, Options};
use serde::Deserialize;

/// One `X.gold.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    reference_date: Option<String>,
    speakers: Vec<String>,
    counterparts: Vec<String>,
    quotes: Vec<GoldQuote>,
    dates: Vec<GoldDate>,
    #[serde(default)]
    conversations: Vec<GoldConversation>,
    #[serde(default)]
    expect_warnings: Vec<String>,
    #[serde(default)]
    known_misses: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)] // for people reading the gold, not for the test
    notes: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldQuote {
    text: String,
    speaker: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldDate {
    text: String,
    value: Option<String>,
}

/// A conversation the text reports: the counterpart, and optionally how, when and topics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldConversation {
    with: String,
    kind: Option<String>,
    date: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every gold file in `fixtures/` and its `blind/`, `blind2/` and `blind3/` sets (written
/// without reading the parser), sorted by path.
fn gold_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [
        fixtures_dir(),
        fixtures_dir().join("blind"),
        fixtures_dir().join("blind2"),
        fixtures_dir().join("blind3"),
    ]
    .iter()
    .flat_map(|dir| std::fs::read_dir(dir).expect("fixture folder is readable"))
    .map(|e| e.expect("fixture entry").path())
    .filter(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".gold.json"))
    })
    .collect();
    files.sort();
    files
}

/// Folds the Latin diacritics the fixtures use and lower-cases, as the scorer's NFKD fold does.
fn fold(s: &str) -> String {
    const FROM: &str = "áàâäãåāăąćčçďđéèêëēėęěğíìîïīįıĺľłńňñóòôöõőøřśšşșťţțúùûüůűūųýÿźžżÁÀÂÄÃÅĀĂĄĆČÇĎĐÉÈÊËĒĖĘĚĞÍÌÎÏĪĮİĹĽŁŃŇÑÓÒÔÖÕŐØŘŚŠŞȘŤŢȚÚÙÛÜŮŰŪŲÝŸŹŽŻ";
    const TO: &str = "aaaaaaaaacccddeeeeeeeegiiiiiiilllnnnooooooorssssttttuuuuuuuuyyzzzaaaaaaaaacccddeeeeeeeegiiiiiiilllnnnooooooorssssttttuuuuuuuuyyzzz";
    let map: HashMap<char, char> = FROM.chars().zip(TO.chars()).collect();
    s.chars()
        .map(|c| map.get(&c).copied().unwrap_or(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Ascii-letter runs of the folded name, with -iy/-yy/-yi/-ii/-y/-i endings made one.
fn name_tokens(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .map(|t| {
            for end in ["iy", "yy", "yi", "ii", "y", "i"] {
                if let Some(stem) = t.strip_suffix(end) {
                    return format!("{stem}y");
                }
            }
            t.to_string()
        })
        .collect()
}

/// The scorer's person match: surname keys equal, or one's key among the other's tokens.
fn same_person(pred: &str, gold: &str) -> bool {
    let (p, g) = (name_tokens(pred), name_tokens(gold));
    match (p.last(), g.last()) {
        (Some(pk), Some(gk)) => pk == gk || p.contains(gk) || g.contains(pk),
        _ => false,
    }
}

/// Quote tokens: folded, quote marks and punctuation removed.
fn quote_tokens(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// Token F1 of two token lists (multiset overlap), 0 when either is empty.
fn token_f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in a {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0;
    for t in b {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (
        common as f64 / a.len() as f64,
        common as f64 / b.len() as f64,
    );
    2.0 * p * r / (p + r)
}

/// A date text as the scorer compares it: folded, without a leading on/last/this/next.
fn date_key(s: &str) -> String {
    let folded = fold(s.trim());
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let skip = usize::from(matches!(
        words.first(),
        Some(&"on" | &"last" | &"this" | &"next")
    ));
    words[skip..].join(" ")
}

/// Matches gold names to predicted names one to one, in gold order; returns the mismatches.
fn compare_people(what: &str, gold: &[String], pred: &[String], out: &mut Vec<String>) {
    let mut used = HashSet::new();
    for g in gold {
        match (0..pred.len()).find(|&i| !used.contains(&i) && same_person(&pred[i], g)) {
            Some(i) => {
                used.insert(i);
            }
            None => out.push(format!("{what}: {g}")),
        }
    }
    for (i, p) in pred.iter().enumerate() {
        if !used.contains(&i) {
            out.push(format!("extra {what}: {p}"));
        }
    }
}

/// Every mismatch between `gold` and `doc`, as stable keys (the strings `known_misses` lists).
fn mismatches(gold: &Gold, doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let names: HashMap<&str, &str> = doc
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let name = |id: &str| names.get(id).copied().unwrap_or(id).to_string();
    let ids = |v: &[String]| -> Vec<String> {
        let mut seen = HashSet::new();
        v.iter()
            .filter(|id| seen.insert(id.as_str()))
            .map(|id| name(id))
            .collect()
    };

    compare_people("speaker", &gold.speakers, &ids(&doc.speakers), &mut out);
    compare_people(
        "counterpart",
        &gold.counterparts,
        &ids(&doc.counterparts),
        &mut out,
    );

    // Quotes: one to one, best token F1 first, as the scorer pairs them.
    let gold_tokens: Vec<Vec<String>> = gold.quotes.iter().map(|q| quote_tokens(&q.text)).collect();
    let pred_tokens: Vec<Vec<String>> = doc.quotes.iter().map(|q| quote_tokens(&q.text)).collect();
    let mut pairs = Vec::new();
    for (gi, g) in gold_tokens.iter().enumerate() {
        for (pi, p) in pred_tokens.iter().enumerate() {
            let f = token_f1(p, g);
            if f >= 0.8 {
                pairs.push((f, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matched: BTreeMap<usize, usize> = BTreeMap::new();
    let mut used_pred = HashSet::new();
    for (_, gi, pi) in pairs {
        if !matched.contains_key(&gi) && !used_pred.contains(&pi) {
            matched.insert(gi, pi);
            used_pred.insert(pi);
        }
    }
    for (gi, g) in gold.quotes.iter().enumerate() {
        match matched.get(&gi) {
            None => out.push(format!("quote: {}", g.text)),
            Some(&pi) => {
                let got = doc.quotes[pi].speaker.as_deref().map(name);
                let ok = match (&g.speaker, &got) {
                    (Some(g), Some(p)) => same_person(p, g),
                    (None, None) => true,
                    _ => false,
                };
                if !ok {
                    out.push(format!("quote speaker: {}", g.text));
                }
            }
        }
    }
    for (pi, p) in doc.quotes.iter().enumerate() {
        if !used_pred.contains(&pi) {
            out.push(format!("extra quote: {}", p.text));
        }
    }

    // Dates: in gold order, the first unused prediction whose text equals or contains the other.
    let mut used_dates = HashSet::new();
    for g in &gold.dates {
        let gk = date_key(&g.text);
        let found = doc.dates.iter().enumerate().find(|(i, p)| {
            let pk = date_key(&p.text);
            !used_dates.contains(i)
                && (pk == gk
                    || (!pk.is_empty() && !gk.is_empty() && (pk.contains(&gk) || gk.contains(&pk))))
        });
        match found {
            Some((i, p)) => {
                used_dates.insert(i);
                if p.value != g.value {
                    out.push(format!("date value: {}", g.text));
                }
            }
            None => out.push(format!("date: {}", g.text)),
        }
    }
    for (i, p) in doc.dates.iter().enumerate() {
        if !used_dates.contains(&i) {
            out.push(format!("extra date: {}", p.text));
        }
    }

    // Conversations: one whose counterpart (a participant after the principal) is `with`.
    for g in &gold.conversations {
        let found = doc.conversations.iter().find(|c| {
            c.participants
                .iter()
                .skip(1)
                .any(|id| same_person(&name(id), &g.with))
        });
        let Some(c) = found else {
            out.push(format!("conversation: {}", g.with));
            continue;
        };
        let kind = serde_json::to_value(c.kind).expect("kind serializes");
        if let Some(k) = &g.kind
            && kind.as_str() != Some(k.as_str())
        {
            out.push(format!("conversation kind: {}", g.with));
        }
        if g.date.is_some() && c.date != g.date {
            out.push(format!("conversation date: {}", g.with));
        }
        let got: Vec<Vec<String>> = c.topics.iter().map(|t| quote_tokens(t)).collect();
        for t in &g.topics {
            if !got.contains(&quote_tokens(t)) {
                out.push(format!("conversation topic: {}: {t}", g.with));
            }
        }
    }

    for w in &gold.expect_warnings {
        let w = w.to_lowercase();
        if !doc.warnings.iter().any(|x| x.to_lowercase().contains(&w)) {
            out.push(format!("warning: {w}"));
        }
    }
    out
}

/// Parses `X.txt` with the gold's reference date.
fn parse_fixture(gold_path: &Path, gold: &Gold) -> Result<Document, String> {
    let stem = gold_path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".gold.json"))
        .ok_or("not a .gold.json name")?;
    let txt = gold_path.with_file_name(format!("{stem}.txt"));
    let text = std::fs::read_to_string(&txt).map_err(|e| format!("{}: {e}", txt.display()))?;
    let reference_date = match &gold.reference_date {
        Some(d) => Some(
            d.parse::<jiff::civil::Date>()
                .map_err(|e| format!("reference_date {d:?}: {e}"))?,
        ),
        None => None,
    };
    let options = Options {
        reference_date,
        source: txt.display().to_string(),
        ..Options::default()
    };
    Ok(readout::parse(&text, &options))
}

#[test]
fn every_fixture_meets_its_hand_made_gold() {
    let files = gold_files();
    assert!(
        files.len() >= 15,
        "expected the hand-annotated fixtures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    let mut skipped = 0;
    for path in &files {
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        let gold: Gold = match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("{label}: unreadable gold: {e}"));
                continue;
            }
        };
        let doc = match parse_fixture(path, &gold) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{label}: {e}"));
                continue;
            }
        };
        let found = mismatches(&gold, &doc);
        let known: HashSet<&str> = gold.known_misses.iter().map(String::as_str).collect();
        for m in &found {
            if known.contains(m.as_str()) {
                skipped += 1;
            } else {
                failures.push(format!("{label}: {m}"));
            }
        }
        let found: HashSet<&str> = found.iter().map(String::as_str).collect();
        for k in &gold.known_misses {
            if !found.contains(k.as_str()) {
                failures.push(format!(
                    "{label}: known miss no longer happens, remove it from known_misses: {k}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatch(es) against hand-made gold ({skipped} known misses skipped):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn the_comparison_helpers_follow_the_scorer() {
    assert!(same_person("Joseph Biden", "Joseph R. Biden, Jr."));
    assert!(same_person("Zelensky", "Volodymyr Zelenskyy"));
    assert!(same_person("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"));
    assert!(!same_person("Andrzej Duda", "Joseph Biden"));
    assert!(!same_person("", "Joseph Biden"));
    let a = quote_tokens("“We agreed on the next steps,”");
    assert_eq!(
        token_f1(&a, &quote_tokens("we agreed on the next steps")),
        1.0
    );
    assert!(token_f1(&a, &quote_tokens("We agreed")) < 0.8);
    assert_eq!(date_key("on Sunday"), "sunday");
    assert_eq!(date_key("last night’s"), "night s");
}
