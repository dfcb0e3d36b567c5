//! Honorifics before a name: "the Rt Hon Justin Trudeau", "H.E. Sheikh Mohammed".
//!
//! What this regex matches at the start of a text (HONORIFIC being an alternation of the
//! rule set's honorifics, longest first), looked up without a regex:
//!
//! ```text
//! ^(?:(?:the|The)\s+)?(?:HONORIFIC\s+)+
//! ```
//!
//! The name scanner tries it before every name; a regex search costs more to set up than
//! this lookup takes.

use super::lexicon::{CharClass, Forms};
use crate::rules::RuleSet;

/// The honorifics of a rule set, built once with the rules.
#[derive(Debug, Clone)]
pub struct Honorifics {
    words: Forms<()>,
    space: CharClass,
}

impl Honorifics {
    /// The honorifics of a rule set.
    pub fn new(set: &RuleSet) -> Honorifics {
        Honorifics {
            words: Forms::new(set.honorifics.iter().map(|h| (h.trim(), ()))),
            space: CharClass::new(r"\s"),
        }
    }

    /// The length of the honorifics (and the spaces after them) that start `text`.
    pub fn len_at_start(&self, text: &str) -> Option<usize> {
        let article = ["the", "The"]
            .iter()
            .find(|a| text.starts_with(**a))
            .and_then(|a| self.spaces(text, a.len()));
        article
            .and_then(|after| self.honorifics(text, after))
            .or_else(|| self.honorifics(text, 0))
    }

    /// One or more honorifics, each followed by spaces, from `at`: their end.
    fn honorifics(&self, text: &str, at: usize) -> Option<usize> {
        let mut end = self.honorific(text, at)?;
        while let Some(next) = self.honorific(text, end) {
            end = next;
        }
        Some(end)
    }

    /// An honorific and the spaces after it at `at`: their end. The first honorific in the
    /// alternation's order that spaces follow.
    fn honorific(&self, text: &str, at: usize) -> Option<usize> {
        self.words
            .starting_at(text, at)
            .find_map(|(len, _)| self.spaces(text, at + len))
    }

    /// The end of the run of one or more spaces at `at`.
    fn spaces(&self, text: &str, at: usize) -> Option<usize> {
        let end = self.space.run_end(text, at);
        (end > at).then_some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::alternation;

    #[test]
    fn honorifics_are_those_of_the_regex() {
        let set = RuleSet::builtin();
        let honorifics = Honorifics::new(&set);
        let re = regex::Regex::new(&format!(
            r"^(?:(?:the|The)\s+)?(?:{}\s+)+",
            alternation(&set.honorifics)
        ))
        .unwrap();
        for text in [
            "the Rt Hon Justin Trudeau",
            "The Rt. Hon. Anthony Albanese",
            "H.E. Sheikh Mohammed",
            "HE  Sir\tJohn",
            "the Hon",
            "the Honx",
            "thexRt Hon Ana",
            "the  Ana",
            "Right Honourable Ana",
            "Her Excellency\u{a0}Ana",
            "Sheikh",
            "Sheikh ",
            "",
            "Ana",
        ] {
            assert_eq!(
                honorifics.len_at_start(text),
                re.find(text).map(|m| m.end()),
                "in {text:?}"
            );
        }
    }
}
