//! Searching a regex only where it can start. A regex whose matches all begin with one of a
//! finite set of literals ("minister", "spoke") is run anchored at the places an Aho-Corasick
//! automaton of those literals reports, and nowhere else. The regex crate does this itself
//! for most patterns, but not when the literals are case-insensitive or too many; there its
//! DFA walks every byte of every document, which costs most in a batch, where the DFA
//! tables of many regexes compete for the processor's caches.
//!
//! The matches are exactly those of the regex's own leftmost-first `find_iter`: every match
//! starts at a reported place, and the places are tried in order from where the last match
//! ended.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_automata::{Anchored, Input, Match, meta};
use regex_syntax::hir::Hir;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// How the prefix literals compare with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Byte for byte.
    Sensitive,
    /// As a case-insensitive regex compares ASCII literals: any ASCII case, and the Kelvin
    /// sign for "k" and the long s for "s" (the only non-ASCII letters that fold into ASCII).
    Insensitive,
}

/// A regex with, when its prefixes allow, an automaton of the places its matches can start.
#[derive(Debug, Clone)]
pub struct Prefiltered {
    /// The regex.
    pub regex: meta::Regex,
    starts: Option<AhoCorasick>,
    /// Whether every match starts with an ASCII word boundary (`(?-u:\b)`): places without
    /// one are passed over without running the regex.
    boundary_first: bool,
}

impl Prefiltered {
    /// `regex`, searched at the places `starts` reports (`None`: searched everywhere).
    pub fn new(regex: meta::Regex, starts: Option<AhoCorasick>) -> Prefiltered {
        Prefiltered {
            regex,
            starts,
            boundary_first: false,
        }
    }

    /// The same for a regex that begins with `(?-u:\b)`: a place is tried only where the
    /// text has an ASCII word boundary (most automaton hits are inside longer words).
    pub fn with_leading_boundary(regex: meta::Regex, starts: Option<AhoCorasick>) -> Prefiltered {
        Prefiltered {
            boundary_first: true,
            ..Prefiltered::new(regex, starts)
        }
    }

    /// Whether searches use the automaton.
    pub fn is_prefiltered(&self) -> bool {
        self.starts.is_some()
    }

    /// Every match in `text`, as `regex.find_iter(text)` gives them.
    pub fn find_all(&self, text: &str) -> Vec<Match> {
        let Some(starts) = &self.starts else {
            return self.regex.find_iter(text).collect();
        };
        // Overlapping hits come in the order of their ends: sort their starts.
        let mut candidates: Vec<usize> = starts
            .find_overlapping_iter(text)
            .map(|m| m.start())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let bytes = text.as_bytes();
        let is_word = |i: usize| {
            bytes
                .get(i)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        };
        let mut found = Vec::new();
        let mut next = 0;
        for start in candidates {
            if start < next {
                continue;
            }
            if self.boundary_first && start > 0 && is_word(start - 1) == is_word(start) {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            if let Some(m) = self.regex.search(&input) {
                next = m.end().max(start + 1);
                found.push(m);
            }
        }
        found
    }
}

/// The literals every match of each pattern starts with, as an automaton; `None` when a
/// pattern has no finite set of them, has an empty one, or (under [`Case::Insensitive`]) one
/// with a non-ASCII character.
pub fn prefix_automaton<'h>(
    patterns: impl IntoIterator<Item = &'h Hir>,
    case: Case,
) -> Option<AhoCorasick> {
    let mut needles: Vec<Vec<u8>> = Vec::new();
    for hir in patterns {
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
        for lit in seq.literals()? {
            let lit = lit.as_bytes();
            // The first word is enough to find a start, and keeps the automaton small.
            let word = lit.split(|&b| b == b' ').next().unwrap_or(lit);
            if word.is_empty() {
                return None;
            }
            match case {
                Case::Sensitive => needles.push(word.to_vec()),
                Case::Insensitive => {
                    if !word.is_ascii() {
                        return None;
                    }
                    needles.extend(folded_variants(&word.to_ascii_lowercase())?);
                }
            }
        }
    }
    needles.sort();
    needles.dedup();
    AhoCorasick::builder()
        .ascii_case_insensitive(case == Case::Insensitive)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&needles)
        .ok()
}

/// `word` (lower-case ASCII) with each subset of its k and s letters spelled as the Kelvin
/// sign and the long s; `None` past 6 such letters.
fn folded_variants(word: &[u8]) -> Option<Vec<Vec<u8>>> {
    let folds = word.iter().filter(|&&b| matches!(b, b'k' | b's')).count();
    if folds > 6 {
        return None;
    }
    let mut variants = Vec::with_capacity(1 << folds);
    for mask in 0..1u32 << folds {
        let mut variant = String::with_capacity(word.len() + 2 * folds);
        let mut k = 0;
        for &b in word {
            let c = b as char;
            if matches!(c, 'k' | 's') {
                let fold = mask & (1 << k) != 0;
                k += 1;
                variant.push(match (c, fold) {
                    ('k', true) => '\u{212A}',
                    ('s', true) => '\u{17F}',
                    _ => c,
                });
            } else {
                variant.push(c);
            }
        }
        variants.push(variant.into_bytes());
    }
    Some(variants)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefiltered(pattern: &str, case: Case) -> Prefiltered {
        let hir = regex_syntax::Parser::new().parse(pattern).expect("parses");
        let starts = prefix_automaton([&hir], case);
        let source = match case {
            Case::Sensitive => pattern.to_string(),
            Case::Insensitive => format!("(?i:{pattern})"),
        };
        Prefiltered::new(meta::Regex::new(&source).expect("compiles"), starts)
    }

    #[test]
    fn finds_what_the_regex_finds() {
        let re = prefiltered(
            r"(?-u:\b)(?:prime minister|minister|mr)(?:,\s*|\s+)\p{Lu}",
            Case::Sensitive,
        );
        assert!(re.is_prefiltered());
        for text in [
            "the prime minister Ana and minister, Jon; mr Smith",
            "summer Rain",
            "",
        ] {
            let plain: Vec<_> = re.regex.find_iter(text).collect();
            assert_eq!(re.find_all(text), plain, "in {text:?}");
        }
    }

    #[test]
    fn a_leading_boundary_skips_places_inside_words_only() {
        let pattern = r"(?-u:\b)(?:had|met) (?:a call )?with";
        let hir = regex_syntax::Parser::new().parse(pattern).expect("parses");
        let re = Prefiltered::with_leading_boundary(
            meta::Regex::new(pattern).expect("compiles"),
            prefix_automaton([&hir], Case::Sensitive),
        );
        for text in [
            "shadmet with; had a call with, unmet with, met with",
            "had with",
            "xhad with",
        ] {
            let plain: Vec<_> = re.regex.find_iter(text).collect();
            assert_eq!(re.find_all(text), plain, "in {text:?}");
        }
    }

    #[test]
    fn case_insensitive_prefixes_include_the_folding_letters() {
        let re = prefiltered(r"(?-u:\b)spoke with(?-u:\b)", Case::Insensitive);
        assert!(re.is_prefiltered());
        assert_eq!(
            re.find_all("They SPOKE with her and spo\u{212A}e with him.")
                .len(),
            2
        );
    }

    #[test]
    fn no_finite_prefixes_means_no_automaton() {
        let re = prefiltered(r"\w+ed with", Case::Insensitive);
        assert!(!re.is_prefiltered());
        assert_eq!(re.find_all("she chatted with him").len(), 1);
    }
}
