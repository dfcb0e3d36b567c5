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
//!
//! A regex that begins with an ASCII word boundary is tried only at word boundaries, and
//! there only where a table of the literals' first three bytes allows one to start and the
//! automaton, anchored there, confirms it: a pass over the text that costs a few instructions
//! a byte, where the automaton's own overlapping search walks its states at every byte.

use aho_corasick::{AhoCorasick, AhoCorasickKind, StartKind};
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

/// The literals a regex's matches start with: an automaton of them, and tables of their
/// first byte and first three bytes that rule out most places without running it.
#[derive(Debug, Clone)]
pub struct Starts {
    /// The literals, searchable anchored at a place or unanchored.
    automaton: AhoCorasick,
    /// One bit per [`triple_key`] of a literal's first three bytes (every key that begins
    /// with a shorter literal).
    triples: Box<[u64; 1 << (TRIPLE_BITS - 6)]>,
    /// The bytes a literal starts with (both ASCII cases where case does not matter).
    first_bytes: [bool; 256],
}

/// Bits of a [`triple_key`]: five per byte.
const TRIPLE_BITS: u32 = 15;

/// The key of up to three bytes in [`Starts`]' table: their low five bits, alike for both
/// ASCII cases of a letter. Different bytes may share a key: the table only rules out.
fn triple_key(bytes: &[u8]) -> usize {
    match *bytes {
        [] => 0,
        [a] => usize::from(a & 31),
        [a, b] => usize::from(a & 31) | usize::from(b & 31) << 5,
        [a, b, c, ..] => usize::from(a & 31) | usize::from(b & 31) << 5 | usize::from(c & 31) << 10,
    }
}

impl Starts {
    /// `needles`; `case_insensitive`: ASCII letters match in either case.
    fn new(needles: &[Vec<u8>], case_insensitive: bool) -> Option<Starts> {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(case_insensitive)
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(StartKind::Both)
            .build(needles)
            .ok()?;
        let mut triples = Box::new([0u64; 1 << (TRIPLE_BITS - 6)]);
        let mut first_bytes = [false; 256];
        for needle in needles {
            let &first = needle.first()?;
            first_bytes[usize::from(first)] = true;
            if case_insensitive {
                first_bytes[usize::from(first.to_ascii_lowercase())] = true;
                first_bytes[usize::from(first.to_ascii_uppercase())] = true;
            }
            // A literal of fewer than three bytes: every key it begins.
            let known = triple_key(needle);
            let free = 5 * needle.len().min(3);
            for rest in 0..1usize << (15 - free) {
                let key = known | rest << free;
                triples[key >> 6] |= 1 << (key & 63);
            }
        }
        Some(Starts {
            automaton,
            triples,
            first_bytes,
        })
    }

    /// Whether a literal may start at `at` by the table (never `false` where one does).
    fn may_start_at(&self, bytes: &[u8], at: usize) -> bool {
        if !self.first_bytes[usize::from(bytes[at])] {
            return false;
        }
        let Some(head) = bytes.get(at..at + 3) else {
            return true;
        };
        let key = triple_key(head);
        self.triples[key >> 6] & 1 << (key & 63) != 0
    }

    /// Whether a literal starts at `at`.
    fn starts_at(&self, text: &str, at: usize) -> bool {
        let input = aho_corasick::Input::new(text)
            .range(at..)
            .anchored(aho_corasick::Anchored::Yes);
        self.automaton.is_match(input)
    }
}

/// A regex with, when its prefixes allow, the literals its matches can start with.
#[derive(Debug, Clone)]
pub struct Prefiltered {
    /// The regex.
    pub regex: meta::Regex,
    starts: Option<Starts>,
    /// Whether every match starts with an ASCII word boundary (`(?-u:\b)`): places without
    /// one are passed over without running the regex.
    boundary_first: bool,
}

impl Prefiltered {
    /// `regex`, searched at the places `starts` reports (`None`: searched everywhere).
    pub fn new(regex: meta::Regex, starts: Option<Starts>) -> Prefiltered {
        Prefiltered {
            regex,
            starts,
            boundary_first: false,
        }
    }

    /// The same for a regex that begins with `(?-u:\b)`: a place is tried only where the
    /// text has an ASCII word boundary (most automaton hits are inside longer words).
    pub fn with_leading_boundary(regex: meta::Regex, starts: Option<Starts>) -> Prefiltered {
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
        let mut found = Vec::new();
        self.for_each_match(text, |m| found.push(m));
        found
    }

    /// Calls `f` with every match in `text`, in order, as `regex.find_iter(text)` gives them.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(Match)) {
        let Some(starts) = &self.starts else {
            self.regex.find_iter(text).for_each(f);
            return;
        };
        let mut next = 0;
        let mut try_at = |start: usize| {
            if start < next {
                return;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            if let Some(m) = self.regex.search(&input) {
                next = m.end().max(start + 1);
                f(m);
            }
        };
        if self.boundary_first {
            // Only at ASCII word boundaries: where a word starts or ends.
            let bytes = text.as_bytes();
            for_each_boundary(bytes, |at| {
                if starts.may_start_at(bytes, at) && starts.starts_at(text, at) {
                    try_at(at);
                }
            });
        } else {
            // Overlapping hits come in the order of their ends: sort their starts.
            let mut candidates: Vec<usize> = starts
                .automaton
                .find_overlapping_iter(text)
                .map(|m| m.start())
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates.into_iter().for_each(try_at);
        }
    }
}

/// Calls `f` with every position of `bytes` where `(?-u:\b)` holds before a byte: where a
/// word of ASCII letters, digits and `_` starts or ends. Each block of 64 bytes becomes a
/// mask of its word bytes, whose changes are the boundaries: a few instructions a byte,
/// without a branch per byte.
fn for_each_boundary(bytes: &[u8], mut f: impl FnMut(usize)) {
    // Whether the byte before the block is a word byte.
    let mut word_before = 0u64;
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let mut words = 0u64;
        for (k, eight) in chunk.chunks(8).enumerate() {
            let packed = match <[u8; 8]>::try_from(eight) {
                Ok(full) => u64::from_le_bytes(full),
                // The last few bytes of the text; zero is no word byte.
                Err(_) => eight
                    .iter()
                    .rev()
                    .fold(0, |packed, &b| packed << 8 | u64::from(b)),
            };
            words |= word_bits(packed) << (8 * k);
        }
        let mut boundaries = words ^ (words << 1 | word_before);
        if chunk.len() < 64 {
            boundaries &= (1 << chunk.len()) - 1;
        }
        word_before = words >> 63;
        while boundaries != 0 {
            let i = boundaries.trailing_zeros() as usize;
            f(block * 64 + i);
            boundaries &= boundaries - 1;
        }
    }
}

/// Bit `i` set where byte `i` of `x` (little-endian) is an ASCII word byte. The eight bytes
/// are classified at once (each compared by adding to its low seven bits, which cannot
/// carry into the next byte), then their flags gathered by one multiplication.
fn word_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    // The high bit of each byte of `v` (below 0x80) that is at least `min`.
    let at_least = |v: u64, min: u8| (v + ONES * u64::from(0x80 - min)) & HIGH;
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let diff = low ^ (ONES * u64::from(b'_'));
    let underscore = !((diff + ONES * 0x7F) | diff) & HIGH;
    let word = (digit | letter | underscore) & ascii;
    // Byte i's flag (bit 8i after the shift) lands on bit 56 + i of the product.
    (word >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The literals every match of each pattern starts with, as an automaton; `None` when a
/// pattern has no finite set of them, has an empty one, or (under [`Case::Insensitive`]) one
/// with a non-ASCII character.
pub fn prefix_automaton<'h>(
    patterns: impl IntoIterator<Item = &'h Hir>,
    case: Case,
) -> Option<Starts> {
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
    Starts::new(&needles, case == Case::Insensitive)
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
    fn word_bits_classify_every_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b'-'; 8];
                eight[at] = b;
                let expected = u64::from(b.is_ascii_alphanumeric() || b == b'_') << at;
                let got = word_bits(u64::from_le_bytes(eight));
                assert_eq!(got, expected, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(word_bits(u64::from_le_bytes(*b"a_9 \xff.Zz")), 0b1100_0111);
    }

    #[test]
    fn boundaries_are_where_words_start_and_end() {
        let text = "a".repeat(63) + " bc_9 é d" + &"x".repeat(70) + ".";
        let bytes = text.as_bytes();
        let mut got = Vec::new();
        for_each_boundary(bytes, |at| got.push(at));
        let word = |i: usize| {
            bytes
                .get(i)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        };
        let expected: Vec<usize> = (0..bytes.len())
            .filter(|&i| (i > 0 && word(i - 1)) != word(i))
            .collect();
        assert_eq!(got, expected);
        for_each_boundary(b"", |_| panic!("no boundary in an empty text"));
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
