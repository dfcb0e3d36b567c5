//! Names as the subjects of speech and conversation verbs: "Theresa May spoke with",
//! "Ana Kovač also said".
//!
//! A match is what this regex finds, leftmost first (SPEECH being the rule set's speech
//! verbs and PARTICLES its name particles, each an alternation longest first):
//!
//! ```text
//! \p{Lu}[\p{L}’'.\-]*(?:\s+(?:\p{Lu}[\p{L}’'.\-]*|PARTICLES))*
//! \s+(?:also\s+|then\s+|once again\s+|today\s+)?(?:SPEECH|spoke|talked|…|discussed)(?-u:\b)
//! ```
//!
//! A regex that starts with `\p{Lu}` has no literal to look for: every match is found with
//! a reverse search, over automaton states built lazily for each new text. Here the search
//! starts at capitals instead: the name's words are walked forward as the regex would take
//! them, and the verb looked up after them. Particles are whole words.

use super::lexicon::{ByteSet, CharClass, Forms, ascii_boundary};
use crate::rules::RuleSet;

/// The verbs besides the speech verbs that follow a name as its subject, in the order the
/// regex tries them.
const CONVERSATION_VERBS: &[&str] = &[
    "spoke",
    "talked",
    "met",
    "had",
    "held",
    "called",
    "phoned",
    "received",
    "hosted",
    "welcomed",
    "informed",
    "congratulated",
    "discussed",
];

/// Adverbs allowed between the name and the verb, in the order the regex tries them.
const ADVERBS: &[&str] = &["also", "then", "once again", "today"];

/// The matcher of names before verbs, built once with the rules.
#[derive(Debug, Clone)]
pub struct NamesBeforeVerbs {
    speech_verbs: Forms<()>,
    /// [`CONVERSATION_VERBS`] (none is the start of another, so their order is kept).
    conversation_verbs: Forms<()>,
    /// [`ADVERBS`] (none is the start of another).
    adverbs: Forms<()>,
    /// The bytes that verbs and adverbs start with.
    verb_starts: ByteSet,
    particles: Forms<()>,
    upper: CharClass,
    /// `[\p{L}’'.\-]`: the characters of a name word after its capital.
    name_char: CharClass,
    space: CharClass,
}

impl NamesBeforeVerbs {
    /// The matcher for a rule set.
    pub fn new(set: &RuleSet) -> NamesBeforeVerbs {
        NamesBeforeVerbs {
            speech_verbs: Forms::new(set.speech_verbs.iter().map(|v| (v.trim(), ()))),
            conversation_verbs: Forms::new(CONVERSATION_VERBS.iter().map(|v| (*v, ()))),
            adverbs: Forms::new(ADVERBS.iter().map(|a| (*a, ()))),
            verb_starts: ByteSet::new(
                set.speech_verbs
                    .iter()
                    .map(|v| v.trim())
                    .chain(CONVERSATION_VERBS.iter().copied())
                    .chain(ADVERBS.iter().copied())
                    .filter_map(|w| w.bytes().next()),
            ),
            particles: Forms::new(set.name_particles.iter().map(|p| (p.trim(), ()))),
            upper: CharClass::new(r"\p{Lu}"),
            name_char: CharClass::new(r"[\p{L}’'.\-]"),
            space: CharClass::new(r"\s"),
        }
    }

    /// Every match in `text` as (start, end), in order, as the regex's `find_iter` finds
    /// them; `capitals` are the positions in `text` of (at least) every upper-case
    /// character, in order.
    pub fn find_all(&self, text: &str, capitals: &[usize]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        // Where the spaces after each of the name's words end, as the regex takes them.
        let mut after_words: Vec<usize> = Vec::new();
        let mut from = 0;
        for &start in capitals {
            if start < from {
                continue;
            }
            let Some(first) = text.get(start..).and_then(|rest| rest.chars().next()) else {
                continue;
            };
            if !self.upper.contains(first) {
                continue;
            }
            // The words, each followed by a space: the first from this capital, the others
            // whole, capitalised or particles.
            after_words.clear();
            let mut end = self.name_char.run_end(text, start + first.len_utf8());
            let mut reach = end;
            while let Some(next) = self.spaces(text, end) {
                after_words.push(next);
                let Some(word_end) = self.word_at(text, next) else {
                    break;
                };
                end = word_end;
                reach = end;
            }
            // The longest name first, as the regex's greedy repetition tries them.
            let verb_end = after_words
                .iter()
                .rev()
                .find_map(|&word| self.verb_from(text, word));
            match verb_end {
                Some(verb_end) => {
                    found.push((start, verb_end));
                    from = verb_end;
                }
                // No start inside these words can match either: their names are shorter.
                None => from = reach,
            }
        }
        found
    }

    /// The end of the name word at `at`: a capital and name characters, or a particle.
    fn word_at(&self, text: &str, at: usize) -> Option<usize> {
        let c = text[at..].chars().next()?;
        if self.upper.contains(c) {
            return Some(self.name_char.run_end(text, at + c.len_utf8()));
        }
        // A particle counts only as a whole word (a space follows it).
        self.particles
            .starting_at(text, at)
            .map(|(len, _)| at + len)
            .find(|&end| self.spaces(text, end).is_some())
    }

    /// `(?:ADVERB\s+)?VERB(?-u:\b)` at `word`: the end of the verb.
    fn verb_from(&self, text: &str, word: usize) -> Option<usize> {
        if !self.verb_starts.contains(*text.as_bytes().get(word)?) {
            return None;
        }
        self.adverbs
            .starting_at(text, word)
            .find_map(|(len, _)| self.verb_at(text, self.spaces(text, word + len)?))
            .or_else(|| self.verb_at(text, word))
    }

    /// A verb at `at` that ends at a word boundary: its end.
    fn verb_at(&self, text: &str, at: usize) -> Option<usize> {
        let speech = self
            .speech_verbs
            .starting_at(text, at)
            .map(|(len, _)| at + len)
            .find(|&end| ascii_boundary(text, end));
        speech.or_else(|| {
            self.conversation_verbs
                .starting_at(text, at)
                .map(|(len, _)| at + len)
                .find(|&end| ascii_boundary(text, end))
        })
    }

    /// The end of the run of one or more spaces at `at`.
    fn spaces(&self, text: &str, at: usize) -> Option<usize> {
        let end = self.space.run_end(text, at);
        (end > at).then_some(end)
    }
}

/// Where a name can follow a speech verb: "said Ana Kovač", "said the Rt Hon Justin
/// Trudeau".
///
/// These are the ends of the matches of `(?-u:\b)SPEECH\s+` (the verb and the spaces after
/// it) where a name can start: at a capital, or at an honorific or "the" before one, which
/// the name scanner passes over. They are found from those places, looking back for the
/// verb; the regex would look at every word.
#[derive(Debug, Clone)]
pub struct VerbsBeforeNames {
    speech_verbs: Forms<()>,
    /// The honorifics that do not start with a capital (those that do are found with the
    /// capitals).
    lower_case_honorifics: Vec<memchr::memmem::Finder<'static>>,
    space: CharClass,
}

impl VerbsBeforeNames {
    /// The matcher for a rule set.
    pub fn new(set: &RuleSet) -> VerbsBeforeNames {
        let lower_case_honorifics = set
            .honorifics
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty() && !h.starts_with(char::is_uppercase))
            .map(|h| memchr::memmem::Finder::new(h).into_owned())
            .collect();
        VerbsBeforeNames {
            speech_verbs: Forms::new(set.speech_verbs.iter().map(|v| (v.trim(), ()))),
            lower_case_honorifics,
            space: CharClass::new(r"\s"),
        }
    }

    /// The places in `text`, in order, where a speech verb and spaces end and a name can
    /// start; `capitals` are the positions in `text` of (at least) every upper-case
    /// character, in order.
    pub fn name_starts(&self, text: &str, capitals: &[usize]) -> Vec<usize> {
        let is_capital = |at: usize| {
            text.get(at..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase)
        };
        let mut starts: Vec<usize> = capitals
            .iter()
            .copied()
            .filter(|&at| is_capital(at))
            .collect();
        if !self.lower_case_honorifics.is_empty() {
            let words = self.lower_case_honorifics.iter();
            starts.extend(words.flat_map(|word| word.find_iter(text.as_bytes())));
            starts.sort_unstable();
            starts.dedup();
        }
        let mut found = Vec::new();
        for at in starts {
            let gap = self.space.run_start(text, at);
            if gap == at {
                continue;
            }
            // "said the Rt Hon …": the name scanner passes over "the" before an honorific.
            if let Some(article) = text[..gap].strip_suffix("the")
                && self.after_verb(text, article.len())
            {
                found.push(article.len());
            }
            if self.after_verb_at_gap(text, gap) {
                found.push(at);
            }
        }
        found
    }

    /// Whether spaces after a speech verb that starts a word end at `at`.
    fn after_verb(&self, text: &str, at: usize) -> bool {
        let gap = self.space.run_start(text, at);
        gap < at && self.after_verb_at_gap(text, gap)
    }

    /// Whether a speech verb that starts a word ends at `gap`.
    fn after_verb_at_gap(&self, text: &str, gap: usize) -> bool {
        self.speech_verbs
            .ending_at(text, gap)
            .any(|(len, _)| ascii_boundary(text, gap - len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::alternation;
    use regex::Regex;

    fn assert_as_regex(set: &RuleSet, matcher: &NamesBeforeVerbs, re: &Regex, text: &str) {
        let expected: Vec<(usize, usize)> =
            re.find_iter(text).map(|m| (m.start(), m.end())).collect();
        let capitals: Vec<usize> = (0..text.len()).collect();
        assert_eq!(matcher.find_all(text, &capitals), expected, "in {text:?}");
        let _ = set;
    }

    /// The regex the matcher stands in for.
    fn regex(set: &RuleSet) -> Regex {
        Regex::new(&format!(
            r"(?P<name>\p{{Lu}}[\p{{L}}’'.\-]*(?:\s+(?:\p{{Lu}}[\p{{L}}’'.\-]*|{particles}))*)\s+(?:also\s+|then\s+|once again\s+|today\s+)?(?:{speech_verb}|spoke|talked|met|had|held|called|phoned|received|hosted|welcomed|informed|congratulated|discussed)(?-u:\b)",
            particles = alternation(&set.name_particles),
            speech_verb = alternation(&set.speech_verbs),
        ))
        .unwrap()
    }

    #[test]
    fn matches_are_those_of_the_regex() {
        let set = RuleSet::builtin();
        let matcher = NamesBeforeVerbs::new(&set);
        let re = regex(&set);
        for text in [
            "Theresa May spoke with Angela Merkel. Ana Kovač also said so; Jon once again said.",
            "Charles de Gaulle said; de Gaulle said; McDonald-Smith’s aide O'Neil said it.",
            "aBc Def said; Ana, Jon said; Ana Jon, said; Ana saidÉric Berg said; Ana sayings",
            "Ana Kovač had talks; Ana Kovač hadn't; Ana Kovač held_ it; Ana then then said",
            "A. B. Cee said; ÉLISE said; Ana\u{a0}Berg\tsaid; Ana said, Ana says said",
            "Ana Kovač al said; Ana bin Salman said; Ana bin said; bin Ana said; ABC DEF GHI",
            "Ana said ",
            "Ana ",
            "",
        ] {
            assert_as_regex(&set, &matcher, &re, text);
        }
    }

    #[test]
    fn name_starts_after_verbs_are_the_regex_match_ends() {
        let set = RuleSet::builtin();
        let matcher = VerbsBeforeNames::new(&set);
        let re = Regex::new(&format!(r"(?-u:\b){}\s+", alternation(&set.speech_verbs))).unwrap();
        for text in [
            "said Ana Kovač; said the Rt Hon Justin Trudeau; said theirs; says\u{a0}Élise",
            "said the Ana; said the  Sir Ana; said xthe Sir Ana; said the the Ana; said the",
            "Ana said. “It’s fine,” said Jon, adding Berg; xsaid Ana; said\nAna; said,Ana",
            "pointed out Ana; summed up The Hon; went on HE Sir Ana; saying saying Ana",
            "",
        ] {
            let capitals: Vec<usize> = (0..text.len()).collect();
            // The regex's match ends where the name scanner can start a name.
            let expected: Vec<usize> = re
                .find_iter(text)
                .map(|m| m.end())
                .filter(|&end| {
                    let rest = &text[end..];
                    let article = rest.strip_prefix("the").unwrap_or_default();
                    let after_article = article.trim_start();
                    rest.starts_with(char::is_uppercase)
                        || after_article.len() < article.len()
                            && after_article.starts_with(char::is_uppercase)
                })
                .collect();
            assert_eq!(
                matcher.name_starts(text, &capitals),
                expected,
                "in {text:?}"
            );
        }
    }

    #[test]
    fn no_fixed_word_starts_another() {
        for list in [CONVERSATION_VERBS, ADVERBS] {
            for a in list {
                for b in list {
                    assert!(a == b || !b.starts_with(a), "{a} starts {b}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_agree_with_the_regex_on_any_text(
            words in proptest::collection::vec(
                "(Ana|Kovač|É|bin|de|al|said|says|saying|met|had|also|once again|today|x|1|\\.|,|’s|-| |  |\n|\u{a0})",
                0..24,
            )
        ) {
            let set = RuleSet::builtin();
            let matcher = NamesBeforeVerbs::new(&set);
            assert_as_regex(&set, &matcher, &regex(&set), &words.concat());
        }
    }
}
