//! Properties of `readout::parse` over generated text (issue 8): arbitrary strings, strings
//! built from the words the parser reacts to, and the fixtures with random insertions of
//! quote marks, names, titles and cue words. For every input: no panic, the document
//! serializes to JSON and reads back equal, every span is exact and on character
//! boundaries, quotes never overlap, and `--explain` only adds exact cue spans.
//!
//! `PROPTEST_CASES=5000 cargo test --release --test properties` runs a longer search.

use std::sync::LazyLock;

use proptest::prelude::*;
use readout::{Document, Options, parse};

/// Built once: the rule set is compiled on first use.
static OPTIONS: LazyLock<Options> = LazyLock::new(Options::default);

/// The same with `--explain`, which adds evidence spans and must change nothing else.
static EXPLAIN: LazyLock<Options> = LazyLock::new(|| Options {
    explain: true,
    ..Options::default()
});

/// The fixtures, read once: (name, text).
static FIXTURES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    found.sort();
    assert!(found.len() >= 5, "fixtures missing: {found:?}");
    found
});

/// What the parser reacts to: quote marks, names, titles, cue words, sentence and paragraph
/// breaks, dates, and a few characters that are easy to slice wrongly.
const PIECES: &[&str] = &[
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "'",
    "Ana Kovač",
    "Kovač",
    "Jon Berg",
    "Joe Biden",
    "Biden",
    "Volodymyr Zelenskyy",
    "J. D. Vance",
    "Mr",
    "Dr.",
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Secretary",
    "the White House",
    "the Kremlin",
    "Ukraine’s",
    "of Ukraine",
    "said",
    "added",
    "stressed",
    "noted",
    "according to",
    "told reporters",
    "spoke with",
    "held a phone call with",
    "met",
    "discussed",
    "and",
    "he",
    "she",
    ". ",
    ", ",
    ": ",
    "; ",
    "\n",
    "\n\n",
    "\r\n",
    "…",
    "—",
    " ",
    " ",
    "yesterday",
    "on Sunday",
    "25 June",
    "June 25, 2023",
    "\u{feff}",
    "\u{a0}",
    "\u{2009}",
    "\u{202f}",
    "\u{3000}",
    "e\u{301}",
    "🇺🇦",
    "ß",
    "İ",
];

/// Text made of `PIECES` and stray characters, with or without spaces between them.
fn wordy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    (proptest::collection::vec(piece, 0..80), any::<bool>())
        .prop_map(|(pieces, spaced)| pieces.join(if spaced { " " } else { "" }))
}

/// A fixture with `inserts` pieces put in at random places (moved back to a char boundary).
fn mutated_fixture() -> impl Strategy<Value = String> {
    let insert = (
        any::<proptest::sample::Index>(),
        proptest::sample::select(PIECES),
    );
    (
        any::<proptest::sample::Index>(),
        proptest::collection::vec(insert, 1..12),
    )
        .prop_map(|(which, inserts)| {
            let mut text = FIXTURES[which.index(FIXTURES.len())].1.clone();
            for (at, piece) in inserts {
                let mut pos = at.index(text.len() + 1);
                while !text.is_char_boundary(pos) {
                    pos -= 1;
                }
                text.insert_str(pos, piece);
            }
            text
        })
}

/// Every invariant the contract promises for `text`; `Err` says which one broke.
fn check(text: &str) -> Result<(), TestCaseError> {
    let doc = parse(text, &OPTIONS);
    for (start, end, span) in doc.spans() {
        prop_assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} {span:?} is not on char boundaries"
        );
        prop_assert_eq!(text.get(start..end), Some(span), "span {}..{}", start, end);
    }
    for q in &doc.quotes {
        prop_assert!(q.start <= q.end, "quote {}..{} backwards", q.start, q.end);
    }
    for pair in doc.quotes.windows(2) {
        prop_assert!(
            pair[0].end <= pair[1].start,
            "quotes overlap: {}..{} and {}..{}",
            pair[0].start,
            pair[0].end,
            pair[1].start,
            pair[1].end
        );
    }
    let json = serde_json::to_string(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Document =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, &doc);

    // --explain: every cue span is exact too, and without the evidence it is the same document.
    let mut explained = parse(text, &EXPLAIN);
    let cues = explained
        .quotes
        .iter()
        .filter_map(|q| q.explain.as_ref())
        .chain(
            explained
                .conversations
                .iter()
                .filter_map(|c| c.explain.as_ref()),
        )
        .chain(explained.dates.iter().filter_map(|d| d.explain.as_ref()))
        .filter_map(|e| e.cue.as_ref());
    for cue in cues {
        prop_assert_eq!(
            text.get(cue.start..cue.end),
            Some(cue.text.as_str()),
            "cue {:?}",
            cue
        );
    }
    explained.quotes.iter_mut().for_each(|q| q.explain = None);
    explained
        .conversations
        .iter_mut()
        .for_each(|c| c.explain = None);
    explained.dates.iter_mut().for_each(|d| d.explain = None);
    prop_assert_eq!(explained, doc);
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn strings_of_quote_marks_names_and_cue_words(text in wordy()) {
        check(&text)?;
    }

    #[test]
    fn fixtures_with_random_insertions(text in mutated_fixture()) {
        check(&text)?;
    }
}

#[test]
fn every_fixture_as_it_is() {
    for (name, text) in FIXTURES.iter() {
        if let Err(err) = check(text) {
            panic!("{name}: {err}");
        }
    }
}

/// Inputs the fuzzer or this test found; each once broke an invariant (fuzz-findings.md).
#[test]
fn known_hostile_inputs() {
    for text in [
        "rD. V read“o”he said",
        "The\u{a0}message said: “We agree.”",
        "“\u{feff}“said…“'",
        "“We agree,” Ana\u{a0}Kovač said.",
        "D\u{3000}tro&Kuleba mh",
        "Зеленський провів розмову\nOn Sunday, 25 June 2023",
    ] {
        if let Err(err) = check(text) {
            panic!("{text:?}: {err}");
        }
    }
}
