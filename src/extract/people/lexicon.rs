//! Word lists and character classes of the rule set, looked up at a position of the text.
//!
//! These stand in for regex alternations of literal words and for Unicode classes such as
//! `\p{Lu}`: a lookup at a known position costs a few hash probes, where a regex search
//! for a large alternation walks a big automaton (and captures on one run a backtracker).

use foldhash::HashMap;
use regex_syntax::hir::{Class, HirKind};

/// Literal forms with a value each, found where they start or end at a position of a text,
/// longest first: the order in which an alternation of them sorted longest first (as
/// `rules::alternation` builds them) tries them.
#[derive(Debug, Clone)]
pub struct Forms<V> {
    values: HashMap<Box<str>, V>,
    /// Byte lengths of the forms by their first byte, longest first.
    lengths_by_first: Box<[Vec<usize>]>,
    /// Byte lengths of the forms by their last byte, longest first.
    lengths_by_last: Box<[Vec<usize>]>,
}

impl<V> Forms<V> {
    /// The forms and their values; a form given twice keeps its first value, empty forms
    /// are left out.
    pub fn new<'a>(forms: impl IntoIterator<Item = (&'a str, V)>) -> Forms<V> {
        let mut values: HashMap<Box<str>, V> = HashMap::default();
        let mut lengths_by_first = vec![Vec::new(); 256];
        let mut lengths_by_last = vec![Vec::new(); 256];
        for (form, value) in forms {
            let (Some(&first), Some(&last)) = (form.as_bytes().first(), form.as_bytes().last())
            else {
                continue;
            };
            if values.contains_key(form) {
                continue;
            }
            values.insert(form.into(), value);
            lengths_by_first[usize::from(first)].push(form.len());
            lengths_by_last[usize::from(last)].push(form.len());
        }
        for lengths in lengths_by_first.iter_mut().chain(&mut lengths_by_last) {
            lengths.sort_unstable_by(|a, b| b.cmp(a));
            lengths.dedup();
        }
        Forms {
            values,
            lengths_by_first: lengths_by_first.into(),
            lengths_by_last: lengths_by_last.into(),
        }
    }

    /// The forms that start at byte `at` of `text`, longest first: (length, value).
    pub fn starting_at<'a>(
        &'a self,
        text: &'a str,
        at: usize,
    ) -> impl Iterator<Item = (usize, &'a V)> + 'a {
        let lengths = text
            .as_bytes()
            .get(at)
            .map_or(&[][..], |&b| &self.lengths_by_first[usize::from(b)][..]);
        lengths.iter().filter_map(move |&len| {
            let form = text.get(at..at + len)?;
            self.values.get(form).map(|v| (len, v))
        })
    }

    /// The forms that end at byte `end` of `text`, longest first: (length, value).
    pub fn ending_at<'a>(
        &'a self,
        text: &'a str,
        end: usize,
    ) -> impl Iterator<Item = (usize, &'a V)> + 'a {
        let lengths = end
            .checked_sub(1)
            .and_then(|last| text.as_bytes().get(last))
            .map_or(&[][..], |&b| &self.lengths_by_last[usize::from(b)][..]);
        lengths.iter().filter_map(move |&len| {
            let form = text.get(end.checked_sub(len)?..end)?;
            self.values.get(form).map(|v| (len, v))
        })
    }

    /// The longest form that starts at byte `at` of `text`: its length.
    pub fn longest_at(&self, text: &str, at: usize) -> Option<usize> {
        self.starting_at(text, at).next().map(|(len, _)| len)
    }
}

/// A set of characters given as a regex class (`\p{Lu}`, `\s`), tested without a regex.
#[derive(Debug, Clone)]
pub struct CharClass {
    /// Membership of the ASCII characters, bit `c` for `c`.
    ascii: u128,
    /// The class as sorted, disjoint ranges.
    ranges: Box<[(char, char)]>,
}

impl CharClass {
    /// The class of a regex character class such as `\p{Lu}` or `[\p{L}\-]` (panics on
    /// anything else: the classes are fixed in the code).
    pub fn new(class: &str) -> CharClass {
        let hir = regex_syntax::Parser::new()
            .parse(class)
            .expect("a valid character class");
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("{class} is not a Unicode character class");
        };
        let ranges: Box<[(char, char)]> = class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect();
        let ascii = (0u8..128)
            .filter(|&b| {
                let c = char::from(b);
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
            })
            .fold(0u128, |bits, b| bits | 1 << b);
        CharClass { ascii, ranges }
    }

    /// Whether `c` is in the class.
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii & (1 << c as u32) != 0;
        }
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
    }

    /// The end of the run of class characters that starts at byte `at` of `text`.
    pub fn run_end(&self, text: &str, at: usize) -> usize {
        text[at..]
            .char_indices()
            .find(|&(_, c)| !self.contains(c))
            .map_or(text.len(), |(i, _)| at + i)
    }

    /// The start of the run of class characters that ends at byte `end` of `text`.
    pub fn run_start(&self, text: &str, end: usize) -> usize {
        text[..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| !self.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

/// Whether byte `at` of `text` is at an ASCII word boundary, as `(?-u:\b)` tests it.
pub fn ascii_boundary(text: &str, at: usize) -> bool {
    let is_word = |i: usize| {
        text.as_bytes()
            .get(i)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let before = at.checked_sub(1).is_some_and(is_word);
    before != is_word(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_found_longest_first_at_starts_and_ends() {
        let forms = Forms::new([("US", 1), ("U.S.", 2), ("USA", 3), ("US", 4), ("", 5)]);
        let text = "the USA and U.S.";
        let found: Vec<_> = forms.starting_at(text, 4).map(|(l, &v)| (l, v)).collect();
        assert_eq!(found, [(3, 3), (2, 1)]);
        assert_eq!(forms.longest_at(text, 12), Some(4));
        assert_eq!(forms.longest_at(text, 0), None);
        let found: Vec<_> = forms.ending_at(text, 6).map(|(l, &v)| (l, v)).collect();
        assert_eq!(found, [(2, 1)]);
        assert_eq!(forms.ending_at(text, 0).count(), 0);
        // Positions inside a character are never matched.
        let forms = Forms::new([("é", ())]);
        assert_eq!(forms.starting_at("é", 1).count(), 0);
    }

    #[test]
    fn classes_agree_with_the_regex_classes() {
        let upper = CharClass::new(r"\p{Lu}");
        let re = regex::Regex::new(r"^\p{Lu}$").unwrap();
        for c in [
            'A',
            'z',
            'É',
            'é',
            'Ⅰ',
            'Ⓐ',
            'Ω',
            '1',
            ' ',
            'Ǆ',
            'ǅ',
            '\u{10400}',
        ] {
            assert_eq!(upper.contains(c), re.is_match(&c.to_string()), "{c}");
        }
        let word = CharClass::new(r"[\p{L}\-]");
        assert_eq!(word.run_end("Kovač-Ban’s", 0), "Kovač-Ban".len());
        assert_eq!(word.run_start("x1 Kovač-Ban", "x1 Kovač-Ban".len()), 3);
    }

    #[test]
    fn ascii_boundaries_as_the_regex_sees_them() {
        let text = "a bé_c";
        let re = regex::Regex::new(r"(?-u:\b)").unwrap();
        let expected: Vec<usize> = re.find_iter(text).map(|m| m.start()).collect();
        let found: Vec<usize> = (0..=text.len())
            .filter(|&i| ascii_boundary(text, i))
            .collect();
        assert_eq!(found, expected);
    }
}
