//! `readout` turns diplomatic press releases — readouts of leaders' calls and meetings,
//! ministry statements, wire reports — into structured JSON: who spoke, with whom, when,
//! about what, and every direct quote with its speaker.
//!
//! ```
//! let text = "President Ana Kovač spoke with Prime Minister Jon Berg. \
//!             “We agreed on the next steps,” Kovač said.";
//! let doc = readout::parse(text, &readout::Options::default());
//! assert_eq!(doc.quotes[0].text, "We agreed on the next steps");
//! assert_eq!(doc.quotes[0].speaker.as_deref(), Some("ana-kovac"));
//! assert_eq!(doc.counterparts, ["jon-berg"]);
//! ```

#![warn(missing_docs)]

use std::sync::Arc;

pub mod extract;
pub mod model;
pub mod rules;
pub mod schema;
pub mod text;

pub use model::Document;
pub use rules::Rules;

/// How to parse: the reference date, the rule set, and output extras.
#[derive(Debug, Clone)]
pub struct Options {
    /// Resolves "yesterday", "on Sunday" and years of "25 June"; when `None`, the
    /// dateline of the text is used if it has one.
    pub reference_date: Option<jiff::civil::Date>,
    /// The compiled rule set (built-ins plus user files).
    pub rules: Arc<Rules>,
    /// The `source` written into the document.
    pub source: String,
    /// Attach the rule name and cue span to every extracted item.
    pub explain: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            reference_date: None,
            rules: Rules::builtin(),
            source: "-".to_string(),
            explain: false,
        }
    }
}

/// Parses one release. Never panics; every span satisfies `text[start..end] == span.text`.
pub fn parse(text: &str, options: &Options) -> Document {
    extract::run(text, options)
}
