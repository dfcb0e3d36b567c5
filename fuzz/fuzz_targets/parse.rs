//! Fuzz target for `readout::parse`: any bytes, made UTF-8 as `--lossy` does, must parse
//! without a panic; every span (and every `--explain` cue span) must be exact and on
//! character boundaries; quotes must not overlap; the document must read back from JSON.
//!
//! Inputs of even length are parsed with a reference date and odd ones without, so both the
//! dateline search and relative-date resolution are explored.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use readout::Options;

/// Built once: compiling the rule set per input would dominate the run.
static UNDATED: LazyLock<Options> = LazyLock::new(|| Options {
    explain: true,
    ..Options::default()
});

static DATED: LazyLock<Options> = LazyLock::new(|| Options {
    reference_date: Some(jiff::civil::date(2023, 6, 25)),
    ..UNDATED.clone()
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = if data.len().is_multiple_of(2) {
        &*DATED
    } else {
        &*UNDATED
    };
    let doc = readout::parse(&text, options);
    let cues = doc
        .quotes
        .iter()
        .filter_map(|q| q.explain.as_ref())
        .chain(doc.conversations.iter().filter_map(|c| c.explain.as_ref()))
        .chain(doc.dates.iter().filter_map(|d| d.explain.as_ref()))
        .filter_map(|e| e.cue.as_ref())
        .map(|c| (c.start, c.end, c.text.as_str()));
    for (start, end, span) in doc.spans().into_iter().chain(cues) {
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} off a char boundary"
        );
        assert_eq!(
            text.get(start..end),
            Some(span),
            "span {start}..{end} inexact"
        );
    }
    for pair in doc.quotes.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "quotes overlap: {}..{} and {}..{}",
            pair[0].start,
            pair[0].end,
            pair[1].start,
            pair[1].end
        );
    }
    let json = serde_json::to_string(&doc).expect("a document always serializes");
    let back: readout::Document = serde_json::from_str(&json).expect("output reads back");
    assert!(back == doc, "document does not round-trip through JSON");
});
