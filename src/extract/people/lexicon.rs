//! Word lists and character classes of the rule set, looked up at a position of the text.
//!
//! These stand in for regex alternations of literal words and for Unicode classes such as
//! `\p{Lu}`: a lookup at a known position costs a few comparisons of numbers, where a
//! regex search for a large alternation walks a big automaton (and captures on one run a
//! backtracker). The searches start from the positions of a few bytes (capitals, first
//! bytes of titles), found in one pass over the text ([`ByteSet::positions`]).

use regex_syntax::hir::{Class, HirKind};

/// Literal forms with a value each, found where they start or end at a position of a text,
/// longest first: the order in which an alternation of them sorted longest first (as
/// `rules::alternation` builds them) tries them.
///
/// Forms are kept in short lists by their first and last byte, each with its first (or
/// last) eight bytes as a number: a rule set has at most a few dozen forms per letter, and
/// one comparison of numbers rules out most of them, which is cheaper than hashing the
/// text at every length a form could have.
#[derive(Debug, Clone)]
pub struct Forms<V> {
    /// The forms, longest first.
    forms: Vec<Form<V>>,
    /// Indices into `forms` by first byte.
    by_first: Box<[Vec<usize>]>,
    /// Indices into `forms` by last byte.
    by_last: Box<[Vec<usize>]>,
    /// The pairs of bytes that forms start with.
    first_pairs: BytePairs,
    /// The pairs of bytes that forms end with.
    last_pairs: BytePairs,
}

/// A filter of byte pairs: no false negatives, few false positives (4,096 bits).
#[derive(Debug, Clone)]
struct BytePairs(Box<[u64; 64]>);

impl BytePairs {
    fn bit(a: u8, b: u8) -> usize {
        (usize::from(a) * 131 + usize::from(b)) % 4096
    }

    fn insert(&mut self, a: u8, b: u8) {
        let bit = BytePairs::bit(a, b);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn may_contain(&self, a: u8, b: u8) -> bool {
        let bit = BytePairs::bit(a, b);
        self.0[bit / 64] & 1 << (bit % 64) != 0
    }
}

/// One form of a [`Forms`] list.
#[derive(Debug, Clone)]
struct Form<V> {
    text: Box<str>,
    value: V,
    /// The first eight bytes (fewer in a shorter form), as [`head`] reads them, and the
    /// bits they fill.
    head: (u64, u64),
    /// The last eight bytes, as [`tail`] reads them, and the bits they fill.
    tail: (u64, u64),
}

/// Up to the first eight bytes of `bytes` as a little-endian number, zero-padded.
fn head(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*first);
    }
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(buf)
}

/// Up to the last eight bytes of `bytes` as a little-endian number, in its top bytes.
fn tail(bytes: &[u8]) -> u64 {
    if let Some(last) = bytes.last_chunk::<8>() {
        return u64::from_le_bytes(*last);
    }
    let mut buf = [0u8; 8];
    buf[8 - bytes.len()..].copy_from_slice(bytes);
    u64::from_le_bytes(buf)
}

impl<V> Forms<V> {
    /// The forms and their values; a form given twice keeps its first value, empty forms
    /// are left out.
    pub fn new<'a>(forms: impl IntoIterator<Item = (&'a str, V)>) -> Forms<V> {
        let mut list: Vec<Form<V>> = Vec::new();
        for (text, value) in forms {
            if text.is_empty() || list.iter().any(|f| &*f.text == text) {
                continue;
            }
            let bytes = text.as_bytes();
            let unused = 8 * (8 - bytes.len().min(8)) as u32;
            list.push(Form {
                text: text.into(),
                value,
                head: (head(bytes), u64::MAX >> unused),
                tail: (tail(bytes), u64::MAX << unused),
            });
        }
        // Stable: forms of one length stay in the order given (they never both match at
        // one place).
        list.sort_by_key(|f| std::cmp::Reverse(f.text.len()));
        let mut by_first = vec![Vec::new(); 256];
        let mut by_last = vec![Vec::new(); 256];
        let mut first_pairs = BytePairs(Box::new([0; 64]));
        let mut last_pairs = BytePairs(Box::new([0; 64]));
        for (i, form) in list.iter().enumerate() {
            let bytes = form.text.as_bytes();
            let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
            by_first[usize::from(first)].push(i);
            by_last[usize::from(last)].push(i);
            match bytes {
                [_, second, .., _] | [_, second] => {
                    first_pairs.insert(first, *second);
                    last_pairs.insert(bytes[bytes.len() - 2], last);
                }
                // A one-byte form goes with any byte.
                _ => {
                    for other in 0..=u8::MAX {
                        first_pairs.insert(first, other);
                        last_pairs.insert(other, last);
                    }
                }
            }
        }
        Forms {
            forms: list,
            by_first: by_first.into(),
            by_last: by_last.into(),
            first_pairs,
            last_pairs,
        }
    }

    /// Whether some form starts with byte `b`.
    pub fn may_start_with(&self, b: u8) -> bool {
        !self.by_first[usize::from(b)].is_empty()
    }

    /// The bytes that forms start with.
    pub fn first_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        (0..=u8::MAX).filter(|&b| self.may_start_with(b))
    }

    /// The forms that start at byte `at` of `text`, longest first: (length, value).
    pub fn starting_at<'a>(
        &'a self,
        text: &'a str,
        at: usize,
    ) -> impl Iterator<Item = (usize, &'a V)> + 'a {
        let rest = text.as_bytes().get(at..).unwrap_or_default();
        let candidates = match rest {
            [a, b, ..] if !self.first_pairs.may_contain(*a, *b) => &[][..],
            [a, ..] => &self.by_first[usize::from(*a)][..],
            [] => &[][..],
        };
        let text_head = if candidates.is_empty() { 0 } else { head(rest) };
        candidates.iter().filter_map(move |&i| {
            let form = &self.forms[i];
            let (bytes, mask) = form.head;
            (text_head & mask == bytes && rest.starts_with(form.text.as_bytes()))
                .then_some((form.text.len(), &form.value))
        })
    }

    /// The forms that end at byte `end` of `text`, longest first: (length, value).
    pub fn ending_at<'a>(
        &'a self,
        text: &'a str,
        end: usize,
    ) -> impl Iterator<Item = (usize, &'a V)> + 'a {
        let before = text.as_bytes().get(..end).unwrap_or_default();
        let candidates = match before {
            [.., a, b] if !self.last_pairs.may_contain(*a, *b) => &[][..],
            [.., b] => &self.by_last[usize::from(*b)][..],
            [] => &[][..],
        };
        let text_tail = if candidates.is_empty() {
            0
        } else {
            tail(before)
        };
        candidates.iter().filter_map(move |&i| {
            let form = &self.forms[i];
            let (bytes, mask) = form.tail;
            (text_tail & mask == bytes && before.ends_with(form.text.as_bytes()))
                .then_some((form.text.len(), &form.value))
        })
    }

    /// The longest form that starts at byte `at` of `text`: its length.
    pub fn longest_at(&self, text: &str, at: usize) -> Option<usize> {
        self.starting_at(text, at).next().map(|(len, _)| len)
    }
}

/// Words found as the regex of `rules::bounded_alternation` finds them, leftmost first: each
/// word must start (end) at an ASCII word boundary when it starts (ends) with an ASCII
/// letter or digit.
#[derive(Debug, Clone)]
pub struct BoundedWords<V> {
    /// The words with their values and whether they need a boundary before and after.
    words: Forms<(V, bool, bool)>,
}

/// A found word: (start, end, value).
pub type Found<'a, V> = (usize, usize, &'a V);

impl<V> BoundedWords<V> {
    /// The words and their values (a word given twice keeps its first value).
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, V)>) -> BoundedWords<V> {
        let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        BoundedWords {
            words: Forms::new(words.into_iter().map(|(w, v)| {
                let bounded = (ascii_word(w.chars().next()), ascii_word(w.chars().last()));
                (w, (v, bounded.0, bounded.1))
            })),
        }
    }

    /// The bytes that words start with.
    pub fn first_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.words.first_bytes()
    }

    /// The matches in `text`, in order and without overlaps; `marks` are the positions in
    /// `text` of (at least) every byte that a word starts with, in order.
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
        marks: &'a [usize],
    ) -> impl Iterator<Item = Found<'a, V>> + 'a {
        let mut from = 0;
        marks
            .iter()
            .filter(|&&at| self.words.may_start_with(text.as_bytes()[at]))
            .filter_map(move |&at| {
                if at < from {
                    return None;
                }
                let (len, (value, _, _)) =
                    self.words
                        .starting_at(text, at)
                        .find(|&(len, &(_, before, after))| {
                            (!before || ascii_boundary(text, at))
                                && (!after || ascii_boundary(text, at + len))
                        })?;
                from = at + len;
                Some((at, at + len, value))
            })
    }
}

/// A set of characters given as a regex class (`\p{Lu}`, `\s`), tested without a regex.
#[derive(Debug, Clone)]
pub struct CharClass {
    /// Membership of the ASCII characters.
    ascii: [bool; 128],
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
        let ascii = std::array::from_fn(|b| {
            let c = char::from(b as u8);
            ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
        });
        CharClass { ascii, ranges }
    }

    /// Whether `c` is in the class.
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
    }

    /// The end of the run of class characters that starts at byte `at` of `text`.
    pub fn run_end(&self, text: &str, at: usize) -> usize {
        let bytes = text.as_bytes();
        let mut i = at;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !self.ascii[usize::from(b)] {
                    break;
                }
                i += 1;
            } else {
                match text[i..].chars().next() {
                    Some(c) if self.contains(c) => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }

    /// The start of the run of class characters that ends at byte `end` of `text`.
    pub fn run_start(&self, text: &str, end: usize) -> usize {
        let bytes = text.as_bytes();
        let mut i = end;
        while i > 0 {
            let b = bytes[i - 1];
            if b.is_ascii() {
                if !self.ascii[usize::from(b)] {
                    break;
                }
                i -= 1;
            } else {
                match text[..i].chars().next_back() {
                    Some(c) if self.contains(c) => i -= c.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }
}

/// The first bytes of every upper-case character: ASCII capitals and the lead bytes of
/// characters of two or more bytes.
pub fn capital_bytes() -> impl Iterator<Item = u8> {
    (b'A'..=b'Z').chain(0xC0..=0xFF)
}

/// A set of bytes, and where they occur in a text.
#[derive(Debug, Clone)]
pub struct ByteSet {
    members: [bool; 256],
}

impl ByteSet {
    /// The set of `bytes`.
    pub fn new(bytes: impl IntoIterator<Item = u8>) -> ByteSet {
        let mut members = [false; 256];
        for b in bytes {
            members[usize::from(b)] = true;
        }
        ByteSet { members }
    }

    /// Whether `b` is in the set.
    pub fn contains(&self, b: u8) -> bool {
        self.members[usize::from(b)]
    }

    /// The positions in `text` of the bytes in the set, in order. The bytes are tested
    /// eight at a time into a bit mask, without a branch per byte: most bytes of a text are
    /// in none of the sets searched.
    pub fn positions(&self, text: &str) -> Vec<usize> {
        let mut found = Vec::with_capacity(text.len() / 16);
        let mut chunks = text.as_bytes().chunks_exact(8);
        let mut chunk_start = 0;
        for chunk in &mut chunks {
            let mut mask = 0u32;
            for (i, &b) in chunk.iter().enumerate() {
                mask |= u32::from(self.contains(b)) << i;
            }
            while mask != 0 {
                found.push(chunk_start + mask.trailing_zeros() as usize);
                mask &= mask - 1;
            }
            chunk_start += 8;
        }
        for (i, &b) in chunks.remainder().iter().enumerate() {
            if self.contains(b) {
                found.push(chunk_start + i);
            }
        }
        found
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
    fn forms_are_found_wherever_they_start_or_end() {
        let words = [
            "Minister",
            "Prime Minister",
            "Prime",
            "Ministerial Council",
            "M",
            "Mé",
            "é",
            "Kovač’s",
        ];
        let forms = Forms::new(words.iter().map(|w| (*w, *w)));
        let text = "Prime Minister Mé Kovač’s Ministerial Council é M";
        let naive = |test: &dyn Fn(&str) -> bool| {
            let mut found: Vec<&str> = words.iter().copied().filter(|w| test(w)).collect();
            found.sort_by_key(|w| std::cmp::Reverse(w.len()));
            found
        };
        for at in 0..=text.len() {
            let starting: Vec<&str> = forms.starting_at(text, at).map(|(_, v)| *v).collect();
            let ending: Vec<&str> = forms.ending_at(text, at).map(|(_, v)| *v).collect();
            let bytes = text.as_bytes();
            assert_eq!(
                starting,
                naive(&|w| bytes[at..].starts_with(w.as_bytes())),
                "{at}"
            );
            assert_eq!(
                ending,
                naive(&|w| bytes[..at].ends_with(w.as_bytes())),
                "{at}"
            );
        }
    }

    #[test]
    fn bounded_words_are_found_as_the_regex_finds_them() {
        let words = ["Biden", "Joe Biden", "Çavuşoğlu", "Jr.", "Biden Jr.", "Xi"];
        let re = regex::Regex::new(&crate::rules::bounded_alternation(&words.map(String::from)))
            .unwrap();
        let found = BoundedWords::new(words.iter().map(|w| (*w, ())));
        for text in [
            "Joe Biden, Bidens, Joe Biden Jr. and Jr.x; xÇavuşoğlu; éÇavuşoğlu; Xi_; Xi; aXi",
            "Joe Bidenx Biden",
            "",
        ] {
            let expected: Vec<(usize, usize)> =
                re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let marks: Vec<usize> = (0..text.len()).collect();
            let got: Vec<(usize, usize)> = found
                .find_iter(text, &marks)
                .map(|(s, e, _)| (s, e))
                .collect();
            assert_eq!(got, expected, "in {text:?}");
        }
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
