//! Speech verbs found word by word: the matches of `Patterns::speech_verb_word`
//! (`\b(?:said|pointed out|…)\b`, with ASCII word boundaries) without running that regex
//! on every window around a quote, and from the end of a window as readily as from its
//! start: a frame's verb is nearly always the last word or two before the quote.

use std::ops::{Range, RangeInclusive};

use regex::Regex;

/// The word bytes of the ASCII `\b` of the rule patterns: `[0-9A-Za-z_]`.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether `b` is a word byte (one table load: the scans test every byte of a window).
fn is_word(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// Where a word's first and last bytes (their low five bits: letters in either case
/// share them) fall in `VerbWords::first_last`.
fn first_last_bit(first: u8, last: u8) -> usize {
    usize::from(first & 31) << 5 | usize::from(last & 31)
}

/// The end of the run of word bytes that starts at `at`.
fn word_end(s: &[u8], mut at: usize) -> usize {
    while at < s.len() && is_word(s[at]) {
        at += 1;
    }
    at
}

/// The rule set's speech verbs indexed by their first word.
#[derive(Debug, Clone)]
pub struct VerbWords {
    /// The verbs by first word (the bytes before their first non-word byte), longest first.
    by_first_word: foldhash::HashMap<String, Vec<String>>,
    /// The pairs of first and last bytes of the first words (see `first_last_bit`), and
    /// the first words' lengths: nearly every other word of a text is turned away on these
    /// before any hashing.
    first_last: [u64; 16],
    lengths: RangeInclusive<usize>,
}

impl VerbWords {
    /// Indexes `verbs`, or `None` when a word-by-word lookup could find other matches than
    /// the regex: a verb that starts with a non-word byte, or a verb with an inner word that
    /// is the first word of a verb (the regex's matches could then overlap, and which one
    /// it takes depends on where its search started).
    pub fn new(verbs: &[String]) -> Option<VerbWords> {
        let mut by_first_word: foldhash::HashMap<String, Vec<String>> = Default::default();
        for verb in verbs.iter().filter(|v| !v.is_empty()) {
            let first = &verb[..word_end(verb.as_bytes(), 0)];
            if first.is_empty() {
                return None;
            }
            let same = by_first_word.entry(first.to_string()).or_default();
            if !same.contains(verb) {
                same.push(verb.clone());
            }
        }
        let inner_word_is_a_verb = by_first_word.values().flatten().any(|verb| {
            let bytes = verb.as_bytes();
            (1..bytes.len())
                .filter(|&i| is_word(bytes[i]) && !is_word(bytes[i - 1]))
                .any(|i| by_first_word.contains_key(&verb[i..word_end(bytes, i)]))
        });
        if inner_word_is_a_verb {
            return None;
        }
        let mut first_last = [0u64; 16];
        let (mut shortest, mut longest) = (usize::MAX, 0);
        for (first, same) in &mut by_first_word {
            // At one place, the regex's alternation takes the longest verb that matches.
            same.sort_by_key(|v| std::cmp::Reverse(v.len()));
            let bytes = first.as_bytes();
            let bit = first_last_bit(bytes[0], bytes[bytes.len() - 1]);
            first_last[bit / 64] |= 1 << (bit % 64);
            shortest = shortest.min(bytes.len());
            longest = longest.max(bytes.len());
        }
        Some(VerbWords {
            by_first_word,
            first_last,
            lengths: shortest..=longest,
        })
    }

    /// The end of the verb that starts at `start` in `s`, whose first word ends at `end`
    /// (`start` begins a word of `s`, as the regex's leading `\b` requires).
    fn verb_at(&self, s: &str, start: usize, end: usize) -> Option<usize> {
        let bytes = s.as_bytes();
        let bit = first_last_bit(bytes[start], bytes[end - 1]);
        if !self.lengths.contains(&(end - start))
            || self.first_last[bit / 64] & 1 << (bit % 64) == 0
        {
            return None;
        }
        // Word bytes are ASCII: `start..end` lies on character boundaries.
        let same = self.by_first_word.get(&s[start..end])?;
        same.iter()
            .filter(|verb| s[start..].starts_with(verb.as_str()))
            .map(|verb| start + verb.len())
            // The trailing `\b`: a word byte on one side only (none past the end of `s`).
            .find(|&end| is_word(bytes[end - 1]) != bytes.get(end).copied().is_some_and(is_word))
    }

    /// The first verb in `s`.
    pub fn first(&self, s: &str) -> Option<Range<usize>> {
        let bytes = s.as_bytes();
        let mut at = 0;
        loop {
            while at < bytes.len() && !is_word(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            let end = word_end(bytes, at);
            if let Some(verb_end) = self.verb_at(s, at, end) {
                return Some(at..verb_end);
            }
            at = end;
        }
    }

    /// The verbs in `s`, latest first. No verb can start inside another (see `new`), so
    /// these are exactly the matches of a search from the start of `s`, in reverse.
    pub fn rev_matches<'s>(&'s self, s: &'s str) -> impl Iterator<Item = Range<usize>> + 's {
        let bytes = s.as_bytes();
        let mut at = bytes.len();
        std::iter::from_fn(move || {
            loop {
                while at > 0 && !is_word(bytes[at - 1]) {
                    at -= 1;
                }
                if at == 0 {
                    return None;
                }
                let end = at;
                while at > 0 && is_word(bytes[at - 1]) {
                    at -= 1;
                }
                if let Some(verb_end) = self.verb_at(s, at, end) {
                    return Some(at..verb_end);
                }
            }
        })
    }
}

/// Finds the speech verbs in a window: word by word when the rule set's verbs allow it,
/// else with the regex.
#[derive(Debug, Clone, Copy)]
pub struct VerbFinder<'r> {
    /// The word index, when the rule set's verbs allow one.
    pub words: Option<&'r VerbWords>,
    /// `Patterns::speech_verb_word`.
    pub regex: &'r Regex,
}

impl<'r> VerbFinder<'r> {
    /// The first verb in `s`.
    pub fn first(self, s: &str) -> Option<Range<usize>> {
        match self.words {
            Some(words) => words.first(s),
            None => self.regex.find(s).map(|m| m.range()),
        }
    }

    /// The last three verbs in `s`, latest first.
    pub fn last_three<'s>(self, s: &'s str) -> impl Iterator<Item = Range<usize>> + 's
    where
        'r: 's,
    {
        let by_words = self.words.map(|words| words.rev_matches(s).take(3));
        let by_regex = self.words.is_none().then(|| {
            let mut last: [Option<Range<usize>>; 3] = [None, None, None];
            for found in self.regex.find_iter(s) {
                last.rotate_left(1);
                last[2] = Some(found.range());
            }
            last.into_iter().rev().flatten()
        });
        by_words
            .into_iter()
            .flatten()
            .chain(by_regex.into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, alternation};

    fn regex_of(verbs: &[String]) -> Regex {
        Regex::new(&format!(r"(?-u:\b){}(?-u:\b)", alternation(verbs))).unwrap()
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    /// Word lookup and regex agree on every window of `text`, whatever its edges.
    fn assert_same_as_regex(verbs: &[String], text: &str) {
        let words = VerbWords::new(verbs).expect("indexable verbs");
        let regex = regex_of(verbs);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                let s = &text[start..end];
                let expected: Vec<Range<usize>> = regex.find_iter(s).map(|m| m.range()).collect();
                assert_eq!(words.first(s), expected.first().cloned(), "first in {s:?}");
                let mut backwards: Vec<Range<usize>> = words.rev_matches(s).collect();
                backwards.reverse();
                assert_eq!(backwards, expected, "all in {s:?}");
            }
        }
    }

    #[test]
    fn finds_what_the_regex_finds() {
        let verbs = RuleSet::builtin().speech_verbs;
        for text in [
            "“We will,” Kovač said. She pointed out that, saying: ‘no’",
            "resaid saidx said_ _said say says saying, went on; summed up it",
            "Zelenskyy  stressed:“x” he pointed outward and went onward, noted.",
        ] {
            assert_same_as_regex(&verbs, text);
        }
    }

    #[test]
    fn the_longest_verb_at_a_place_wins() {
        let verbs = strings(&["pointed", "pointed out", "out-"]);
        assert!(VerbWords::new(&verbs).is_none(), "\"out\" starts a verb");
        let verbs = strings(&["went", "went on", "says", "said:"]);
        assert_same_as_regex(&verbs, "he went on, went onto, said: said:x said says");
    }

    #[test]
    fn verbs_the_index_cannot_follow_are_left_to_the_regex() {
        assert!(VerbWords::new(&strings(&["-said"])).is_none());
        assert!(VerbWords::new(&strings(&["went on", "on"])).is_none());
        let regex = regex_of(&strings(&["went on", "on"]));
        let finder = VerbFinder {
            words: None,
            regex: &regex,
        };
        let found: Vec<_> = finder.last_three("on it went on and on").collect();
        assert_eq!(found, [18..20, 6..13, 0..2]);
        assert_eq!(finder.first("it went on"), Some(3..10));
    }
}
