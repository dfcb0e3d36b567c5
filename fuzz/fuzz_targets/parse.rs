//! Fuzz target for `readout::parse`: any UTF-8 text (invalid bytes replaced, as `--lossy`
//! does) must parse without a panic, and every span the document holds must be exact and
//! on character boundaries; quotes must not overlap.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// Built once: compiling the rule set per input would dominate the run.
static OPTIONS: LazyLock<readout::Options> = LazyLock::new(readout::Options::default);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = readout::parse(&text, &OPTIONS);
    for (start, end, span) in doc.spans() {
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} off a char boundary"
        );
        assert_eq!(text.get(start..end), Some(span), "span {start}..{end} inexact");
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
    // The document must serialize and read back unchanged.
    let json = serde_json::to_string(&doc).expect("a document always serializes");
    let back: readout::Document = serde_json::from_str(&json).expect("output reads back");
    assert!(back == doc, "document does not round-trip through JSON");
});
