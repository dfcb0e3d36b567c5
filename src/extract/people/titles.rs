//! Title phrases: "US President", "Poland’s Prime Minister", "Minister of Foreign Affairs of
//! Ukraine", found without a regex.
//!
//! A title phrase is what this regex matches, leftmost first (TITLE, ADJ and COUNTRY
//! being alternations of the rule set's titles, country adjectives and country names and
//! aliases, longest first):
//!
//! ```text
//! (?-u:\b)(?:(?P<adj>ADJ)\s+|(?P<poss>COUNTRY)(?:’s|'s)\s+|(?P<possx>\p{Lu}[\p{L}\-]+)(?:’s|'s)\s+)?
//! (?P<title>TITLE)(?:\s+of\s+(?:the\s+)?(?:(?P<of>COUNTRY)(?-u:\b)|(?P<ofx>\p{Lu}[\p{L}\-]+)))?
//! ```
//!
//! Such a regex is costly twice over: its automaton is large (titles × countries), and its
//! capture groups are read by a backtracker that clears a table the size of the automaton
//! for every match. Here titles are looked up where a word starts; the places a phrase
//! around one could start are looked up from there, and each is matched by hand in the
//! regex's order of preference. Rule words are matched as trimmed.

use super::lexicon::{CharClass, Forms, ascii_boundary};
use crate::rules::RuleSet;

/// A title phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitlePhrase {
    /// First byte of the phrase.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// First byte of the title.
    pub title_start: usize,
    /// One past the title's last byte.
    pub title_end: usize,
    /// The country the phrase names (its index in the rule set): by the adjective or
    /// possessive before the title when there is one, else by "of COUNTRY" after it.
    pub country: Option<usize>,
}

/// The title phrase matcher, built once with the rules.
#[derive(Debug, Clone)]
pub struct TitlePhrases {
    titles: Forms<()>,
    /// Country adjectives, with the country each names.
    adjectives: Forms<Option<usize>>,
    /// Country names and aliases, with the country each names.
    countries: Forms<Option<usize>>,
    upper: CharClass,
    /// `[\p{L}\-]`.
    name_char: CharClass,
    space: CharClass,
}

impl TitlePhrases {
    /// The matcher for a rule set.
    pub fn new(set: &RuleSet) -> TitlePhrases {
        let titles: Vec<&str> = set
            .titles
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        // The country a form names, as `Rules::country_of` finds it: the first country that
        // has the form (without a leading "the") as name, alias or adjective.
        let country_of = |form: &str| {
            let form = form.trim_start_matches("the ").trim_start_matches("The ");
            set.countries.iter().position(|c| {
                c.name == form
                    || c.aliases
                        .iter()
                        .any(|a| a.trim_start_matches("the ") == form)
                    || c.adjectives.iter().any(|a| a == form)
            })
        };
        let adjectives = set
            .countries
            .iter()
            .flat_map(|c| &c.adjectives)
            .map(|a| a.trim())
            .map(|a| (a, country_of(a)));
        let countries = set
            .countries
            .iter()
            .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases))
            .map(|a| a.trim())
            .map(|a| (a, country_of(a)));
        TitlePhrases {
            titles: Forms::new(titles.iter().map(|t| (*t, ()))),
            adjectives: Forms::new(adjectives),
            countries: Forms::new(countries),
            upper: CharClass::new(r"\p{Lu}"),
            name_char: CharClass::new(r"[\p{L}\-]"),
            space: CharClass::new(r"\s"),
        }
    }

    /// The bytes that titles start with.
    pub fn first_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.titles.first_bytes()
    }

    /// Every title phrase of `text`, in order, as the regex's `find_iter` finds them;
    /// `marks` are the positions in `text` of (at least) every byte that a title starts
    /// with, in order.
    pub fn find_all(&self, text: &str, marks: &[usize]) -> Vec<TitlePhrase> {
        // Every place a phrase can start: at a title, or before one at the start of an
        // adjective or a possessive. A title in a phrase starts at an ASCII word boundary
        // (alone) or after a space (after a prefix).
        let mut starts: Vec<usize> = Vec::new();
        for &t in marks {
            if !self.titles.may_start_with(text.as_bytes()[t])
                || !(ascii_boundary(text, t) || self.after_space(text, t))
                || self.titles.longest_at(text, t).is_none()
            {
                continue;
            }
            starts.push(t);
            self.prefix_starts(text, t, &mut starts);
        }
        starts.sort_unstable();
        starts.dedup();
        let mut found = Vec::new();
        let mut from = 0;
        for start in starts {
            if start < from {
                continue;
            }
            if let Some(phrase) = self.match_at(text, start) {
                from = phrase.end;
                found.push(phrase);
            }
        }
        found
    }

    /// Pushes the places before a title at `t` where an adjective or a possessive that
    /// leads to it could start.
    fn prefix_starts(&self, text: &str, t: usize, starts: &mut Vec<usize>) {
        let q = self.space.run_start(text, t);
        if q == t {
            return;
        }
        starts.extend(self.adjectives.ending_at(text, q).map(|(len, _)| q - len));
        let Some(r) = ["’s", "'s"]
            .iter()
            .find_map(|s| text[..q].strip_suffix(s).map(str::len))
        else {
            return;
        };
        starts.extend(self.countries.ending_at(text, r).map(|(len, _)| r - len));
        // An unknown possessor: a capital letter and at least one more letter or hyphen.
        let run = self.name_char.run_start(text, r);
        for (i, c) in text[run..r].char_indices() {
            let at = run + i;
            if at + c.len_utf8() < r && self.upper.contains(c) {
                starts.push(at);
            }
        }
    }

    /// The title phrase that starts at byte `at` of `text`, if any.
    pub fn match_at(&self, text: &str, at: usize) -> Option<TitlePhrase> {
        if !ascii_boundary(text, at) {
            return None;
        }
        // ADJ \s+ TITLE
        for (len, &country) in self.adjectives.starting_at(text, at) {
            if let Some(phrase) = self.title_after_prefix(text, at, at + len, Some(country)) {
                return Some(phrase);
            }
        }
        // COUNTRY’s \s+ TITLE
        for (len, &country) in self.countries.starting_at(text, at) {
            if let Some(after) = possessive_end(text, at + len)
                && let Some(phrase) = self.title_after_prefix(text, at, after, Some(country))
            {
                return Some(phrase);
            }
        }
        // Word’s \s+ TITLE
        if let Some(c) = text[at..].chars().next()
            && self.upper.contains(c)
        {
            let run = self.name_char.run_end(text, at + c.len_utf8());
            if run > at + c.len_utf8()
                && let Some(after) = possessive_end(text, run)
                && let Some(phrase) = self.title_after_prefix(text, at, after, None)
            {
                return Some(phrase);
            }
        }
        // TITLE
        let len = self.titles.longest_at(text, at)?;
        Some(self.with_of_country(text, at, at, at + len, None))
    }

    /// A phrase starting at `start` whose prefix ends at `prefix_end`, to be followed by
    /// spaces and a title.
    fn title_after_prefix(
        &self,
        text: &str,
        start: usize,
        prefix_end: usize,
        country: Option<Option<usize>>,
    ) -> Option<TitlePhrase> {
        let t = self.spaces(text, prefix_end)?;
        let len = self.titles.longest_at(text, t)?;
        Some(self.with_of_country(text, start, t, t + len, country))
    }

    /// The phrase with its optional "of (the) COUNTRY" part; `prefix_country` is the
    /// country of an adjective or possessive before the title (`Some` when there is one).
    fn with_of_country(
        &self,
        text: &str,
        start: usize,
        title_start: usize,
        title_end: usize,
        prefix_country: Option<Option<usize>>,
    ) -> TitlePhrase {
        let (end, of_country) = self.of_part(text, title_end).unwrap_or((title_end, None));
        TitlePhrase {
            start,
            end,
            title_start,
            title_end,
            country: prefix_country.unwrap_or(of_country),
        }
    }

    /// `\s+of\s+(?:the\s+)?(?:COUNTRY(?-u:\b)|\p{Lu}[\p{L}\-]+)` at `at`: its end and the
    /// country it names.
    fn of_part(&self, text: &str, at: usize) -> Option<(usize, Option<usize>)> {
        let of = self.spaces(text, at)?;
        if !text[of..].starts_with("of") {
            return None;
        }
        let after = self.spaces(text, of + 2)?;
        if text[after..].starts_with("the")
            && let Some(name) = self.spaces(text, after + 3)
            && let Some(found) = self.country_or_name(text, name)
        {
            return Some(found);
        }
        self.country_or_name(text, after)
    }

    /// `COUNTRY(?-u:\b)|\p{Lu}[\p{L}\-]+` at `at`: its end and the country.
    fn country_or_name(&self, text: &str, at: usize) -> Option<(usize, Option<usize>)> {
        let country = self
            .countries
            .starting_at(text, at)
            .find(|&(len, _)| ascii_boundary(text, at + len));
        if let Some((len, &country)) = country {
            return Some((at + len, country));
        }
        let c = text[at..].chars().next()?;
        if !self.upper.contains(c) {
            return None;
        }
        let run = self.name_char.run_end(text, at + c.len_utf8());
        (run > at + c.len_utf8()).then_some((run, None))
    }

    /// Whether the character before byte `at` is a space.
    fn after_space(&self, text: &str, at: usize) -> bool {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| self.space.contains(c))
    }

    /// The end of the run of one or more spaces (`\s+`) at `at`.
    fn spaces(&self, text: &str, at: usize) -> Option<usize> {
        let end = self.space.run_end(text, at);
        (end > at).then_some(end)
    }
}

/// The end of a possessive "’s" or "'s" at `at`.
fn possessive_end(text: &str, at: usize) -> Option<usize> {
    ["’s", "'s"]
        .iter()
        .find(|s| text[at..].starts_with(**s))
        .map(|s| at + s.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, alternation};
    use regex::Regex;

    /// The regex the matcher stands in for, with its groups.
    fn regex(set: &RuleSet) -> Regex {
        let title = alternation(&set.titles);
        let country_name = alternation(
            set.countries
                .iter()
                .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases)),
        );
        let country_adjective = alternation(set.countries.iter().flat_map(|c| &c.adjectives));
        Regex::new(&format!(
            r"(?-u:\b)(?:(?P<adj>{country_adjective})\s+|(?P<poss>{country_name})(?:’s|'s)\s+|(?P<possx>\p{{Lu}}[\p{{L}}\-]+)(?:’s|'s)\s+)?(?P<title>{title})(?:\s+of\s+(?:the\s+)?(?:(?P<of>{country_name})(?-u:\b)|(?P<ofx>\p{{Lu}}[\p{{L}}\-]+)))?"
        ))
        .unwrap()
    }

    fn assert_as_regex(set: &RuleSet, phrases: &TitlePhrases, re: &Regex, text: &str) {
        let country_of = |form: &str| {
            let form = form.trim_start_matches("the ").trim_start_matches("The ");
            set.countries.iter().position(|c| {
                c.name == form
                    || c.aliases
                        .iter()
                        .any(|a| a.trim_start_matches("the ") == form)
                    || c.adjectives.iter().any(|a| a == form)
            })
        };
        let expected: Vec<TitlePhrase> = re
            .captures_iter(text)
            .map(|caps| {
                let whole = caps.get(0).unwrap();
                let title = caps.name("title").unwrap();
                let country = caps
                    .name("adj")
                    .or_else(|| caps.name("poss"))
                    .or_else(|| caps.name("of"))
                    .and_then(|m| country_of(m.as_str()));
                TitlePhrase {
                    start: whole.start(),
                    end: whole.end(),
                    title_start: title.start(),
                    title_end: title.end(),
                    country,
                }
            })
            .collect();
        let marks: Vec<usize> = (0..text.len()).collect();
        assert_eq!(phrases.find_all(text, &marks), expected, "in {text:?}");
    }

    #[test]
    fn phrases_are_those_of_the_regex() {
        let set = RuleSet::builtin();
        let phrases = TitlePhrases::new(&set);
        let re = regex(&set);
        for text in [
            "US President Joseph Biden met Poland’s President Andrzej Duda.",
            "President of Ukraine Volodymyr Zelenskyy; the Minister of Foreign Affairs of the Russian Federation.",
            "Prime Minister of Canada; Secretary of State; Secretary of Defense Lloyd Austin.",
            // "U.S." ends with a dot: no word boundary after it before a space.
            "the Secretary of the U.S. and the President of the United States of America.",
            "United Kingdom’s Prime Minister; Kingdom; Kingston’s Mayor; aBc’s President.",
            "McDonald-Smith’s Ambassador, X’s King, É’s Queen, Éa’s Queen, x-Ab’s Chair.",
            "Presidents, President-elect, Chairmanship, Adm. Kelly, Rear Adm. Ray, Mr. Smith.",
            "German  Chancellor of   the  Foo; Chancellor of Energy; Minister of the Interior.",
            "Spokesperson of the\u{a0}United States, Premier of\tChina, General Secretary of Xi.",
            "the President of the United States’s; Ukrainian Ukrainian President",
            "UN Secretary-General António Guterres; Secretary-General of NATO; 1President",
            "",
        ] {
            assert_as_regex(&set, &phrases, &re, text);
        }
    }

    proptest::proptest! {
        #[test]
        fn phrases_agree_with_the_regex_on_any_text(
            words in proptest::collection::vec(
                "(President|Prime|Minister|of|the|The|United States|US|U\\.S\\.|American|Poland|’s|'s|Ana|É|x|1|-|\\.|,| |  |\n|\u{a0}|Kingdom|Adm\\.|Secretary|General|UN|Russian Federation)",
                0..24,
            )
        ) {
            let set = RuleSet::builtin();
            let phrases = TitlePhrases::new(&set);
            let re = regex(&set);
            assert_as_regex(&set, &phrases, &re, &words.concat());
        }
    }
}
