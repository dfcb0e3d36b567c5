//! Reading the parts of a date match without the capture engine.
//!
//! The token regex finds each date expression with its lazy DFA; its capture groups would
//! then cost the bounded backtracker a visited table the size of the whole regex per match,
//! most of the date stage. For a match of ASCII text, [`Reader`] walks the same grammar by
//! hand instead: the forms in the regex's order, each optional part tried before its
//! absence, each choice before the next one, so that the first complete reading is the one
//! the regex's leftmost-first semantics pick. A reading that does not end where the match
//! ends, a match with other than ASCII text, and a rule set whose names are not plain
//! ASCII words all go back to the capture groups.

use std::ops::Range;

/// The words that place a weekday ("last Friday"), matched in any case.
pub(super) const WEEKDAY_MODIFIERS: [&str; 5] = ["last", "this", "next", "coming", "past"];

/// The parts of one date expression: byte ranges in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Parts {
    /// "25 June 2023", "21–22 March".
    DayMonth {
        day: Range<usize>,
        until: Option<Range<usize>>,
        month: Range<usize>,
        year: Option<Range<usize>>,
    },
    /// "June 25, 2023", "November 3-4".
    MonthDay {
        month: Range<usize>,
        day: Range<usize>,
        until: Option<Range<usize>>,
        year: Option<Range<usize>>,
    },
    /// "2023-06-25".
    YearFirst {
        year: Range<usize>,
        separators: [Range<usize>; 2],
        month: Range<usize>,
        day: Range<usize>,
    },
    /// "25.06.2023", "6/25/23".
    Numeric {
        first: Range<usize>,
        separators: [Range<usize>; 2],
        second: Range<usize>,
        year: Range<usize>,
    },
    /// "last Friday", "Sunday".
    Weekday {
        modifier: Option<Range<usize>>,
        day: Range<usize>,
    },
    /// "Fri.".
    ShortWeekday { day: Range<usize> },
    /// "the day before yesterday".
    Relative { phrase: Range<usize> },
}

/// One alternative of a name alternation in the token regex: the form, whether a dot may
/// follow (abbreviations), and whether word boundaries enclose it (where its first or last
/// character is an ASCII letter or digit).
#[derive(Debug, Clone)]
pub(super) struct NameForm {
    pub form: String,
    pub dot: bool,
    pub boundary_before: bool,
    pub boundary_after: bool,
}

impl NameForm {
    /// `form`, with the boundaries its ends call for.
    pub fn new(form: String, dot: bool) -> NameForm {
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        NameForm {
            boundary_before: edge(form.chars().next()),
            boundary_after: edge(form.chars().last()),
            form,
            dot,
        }
    }
}

/// A relative phrase as the token regex spells it: its words, separated by any spaces, in
/// any case.
#[derive(Debug, Clone)]
pub(super) struct Phrase {
    pub words: Vec<String>,
    pub boundary_before: bool,
    pub boundary_after: bool,
}

/// The alternatives of a name alternation by first byte, each bucket in the alternation's
/// order: the only ones that can match where that byte is.
#[derive(Debug, Clone)]
struct Names {
    by_first_byte: Vec<Vec<NameForm>>,
}

impl Names {
    fn new(forms: Vec<NameForm>) -> Names {
        let mut by_first_byte = vec![Vec::new(); 256];
        for form in forms {
            if let Some(&b) = form.form.as_bytes().first() {
                by_first_byte[usize::from(b)].push(form);
            }
        }
        Names { by_first_byte }
    }

    /// The alternatives that may match where `byte` is.
    fn starting_with(&self, byte: Option<u8>) -> &[NameForm] {
        byte.map_or(&[], |b| &self.by_first_byte[usize::from(b)])
    }
}

/// The token regex's grammar, for reading its matches.
#[derive(Debug, Clone)]
pub(super) struct Reader {
    months: Names,
    weekdays: Names,
    short_weekdays: Names,
    relative: Vec<Phrase>,
    /// Whether every name is ASCII and starts with no space, so that reading ASCII text by
    /// bytes is reading it as the regex does.
    enabled: bool,
}

/// A byte of a word, as the ASCII word boundary sees it.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// An ASCII byte that `\s` matches (Unicode White_Space: also the vertical tab).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The text being read: the searched haystack and the end of the match.
struct Text<'h> {
    hay: &'h [u8],
    end: usize,
}

impl Text<'_> {
    fn byte(&self, i: usize) -> Option<u8> {
        (i < self.end).then(|| self.hay[i])
    }

    /// `(?-u:\b)` at `i`, with the haystack on both sides.
    fn boundary(&self, i: usize) -> bool {
        let before = i > 0 && is_word(self.hay[i - 1]);
        let after = self.hay.get(i).is_some_and(|&b| is_word(b));
        before != after
    }

    /// The end of the spaces from `i`.
    fn spaces(&self, mut i: usize) -> usize {
        while self.byte(i).is_some_and(is_space) {
            i += 1;
        }
        i
    }

    /// The end of one or more spaces from `i`.
    fn some_spaces(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        (j > i).then_some(j)
    }

    fn digit(&self, i: usize) -> bool {
        self.byte(i).is_some_and(|b| b.is_ascii_digit())
    }

    fn literal(&self, i: usize, word: &str) -> bool {
        self.hay.get(i..i + word.len()) == Some(word.as_bytes()) && i + word.len() <= self.end
    }

    fn literal_any_case(&self, i: usize, word: &str) -> bool {
        i + word.len() <= self.end
            && self.hay[i..i + word.len()].eq_ignore_ascii_case(word.as_bytes())
    }

    /// The ends of `[0-3]?[0-9]` from `i`, in the order the regex tries them.
    fn day(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let two = self.byte(i).is_some_and(|b| (b'0'..=b'3').contains(&b)) && self.digit(i + 1);
        let one = self.digit(i);
        [two.then_some(i + 2), one.then_some(i + 1)]
            .into_iter()
            .flatten()
    }

    /// The ends of `[01]?[0-9]` from `i`, in order.
    fn month_number(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let two = matches!(self.byte(i), Some(b'0' | b'1')) && self.digit(i + 1);
        let one = self.digit(i);
        [two.then_some(i + 2), one.then_some(i + 1)]
            .into_iter()
            .flatten()
    }

    /// The ends of `(?:st|nd|rd|th)?` from `i`, in order.
    fn ordinal(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let suffix = ["st", "nd", "rd", "th"].iter().any(|s| self.literal(i, s));
        [suffix.then_some(i + 2), Some(i)].into_iter().flatten()
    }

    /// The end of `\s*[-–—]\s*` from `i` (in ASCII text, only `-`; the spaces are
    /// followed by a digit or the dash, so each run is taken whole).
    fn dash(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        (self.byte(j) == Some(b'-')).then(|| self.spaces(j + 1))
    }

    /// The end of `[12][0-9]{3}` at `i`.
    fn year(&self, i: usize) -> Option<usize> {
        let first = matches!(self.byte(i), Some(b'1' | b'2'));
        (first && (1..4).all(|k| self.digit(i + k))).then_some(i + 4)
    }

    /// The separator `[-/.]` at `i`.
    fn separator(&self, i: usize) -> Option<Range<usize>> {
        matches!(self.byte(i), Some(b'-' | b'/' | b'.')).then_some(i..i + 1)
    }

    /// The ends of the name alternation `forms` at `i`, in the order the regex tries them.
    fn names<'a>(&'a self, names: &'a Names, i: usize) -> impl Iterator<Item = usize> + 'a {
        names
            .starting_with(self.byte(i))
            .iter()
            .filter(move |f| {
                let end = i + f.form.len();
                self.literal(i, &f.form)
                    && (!f.boundary_before || self.boundary(i))
                    && (!f.boundary_after || self.boundary(end))
            })
            .flat_map(move |f| {
                let end = i + f.form.len();
                let dotted = f.dot && self.byte(end) == Some(b'.');
                [dotted.then_some(end + 1), Some(end)].into_iter().flatten()
            })
    }

    /// `(?:,?\s+(?P<y>[12][0-9]{3})\b)?` from `i`: the year and the end.
    fn optional_year(&self, i: usize) -> (Option<Range<usize>>, usize) {
        let after_comma = (self.byte(i) == Some(b',')).then_some(i + 1);
        for from in [after_comma, Some(i)].into_iter().flatten() {
            if let Some(j) = self.some_spaces(from)
                && let Some(end) = self.year(j)
                && self.boundary(end)
            {
                return (Some(j..end), end);
            }
        }
        (None, i)
    }
}

impl Reader {
    /// The reader of a token regex built from these alternations, in the regex's order.
    pub fn new(
        months: Vec<NameForm>,
        weekdays: Vec<NameForm>,
        short_weekdays: Vec<NameForm>,
        relative: Vec<Phrase>,
    ) -> Reader {
        let plain = |s: &str| s.is_ascii() && !s.starts_with(|c: char| c.is_whitespace());
        let enabled = months
            .iter()
            .chain(&weekdays)
            .chain(&short_weekdays)
            .all(|f| !f.form.is_empty() && plain(&f.form))
            && relative
                .iter()
                .all(|p| !p.words.is_empty() && p.words.iter().all(|w| plain(w)));
        Reader {
            months: Names::new(months),
            weekdays: Names::new(weekdays),
            short_weekdays: Names::new(short_weekdays),
            relative,
            enabled,
        }
    }

    /// The parts of the token regex's match `start..end` of `hay`, read by hand; `None`
    /// where the capture groups must say (see the module doc).
    pub fn read(&self, hay: &str, start: usize, end: usize) -> Option<Parts> {
        if !self.enabled || !hay[start..end].is_ascii() {
            return None;
        }
        let t = Text {
            hay: hay.as_bytes(),
            end,
        };
        let (parts, read_to) = self
            .day_month(&t, start)
            .or_else(|| self.month_day(&t, start))
            .or_else(|| year_first(&t, start))
            .or_else(|| numeric(&t, start))
            .or_else(|| self.weekday(&t, start))
            .or_else(|| self.short_weekday(&t, start))
            .or_else(|| self.relative(&t, start))?;
        (read_to == end).then_some(parts)
    }

    /// `\b(?P<d>DAY)ORD(?:DASH(?P<d2>DAY)ORD)?(?:\s+of)?\s+(?P<m>MONTH)(?:,?\s+(?P<y>YEAR)\b)?`
    fn day_month(&self, t: &Text, s: usize) -> Option<(Parts, usize)> {
        if !t.boundary(s) {
            return None;
        }
        // The rest, from `p` after the day (and the range's last day, `until`).
        let rest = |day_end: usize, until: Option<Range<usize>>, p: usize| {
            let of = t
                .some_spaces(p)
                .filter(|&j| t.literal(j, "of"))
                .map(|j| j + 2);
            [of, Some(p)].into_iter().flatten().find_map(|q| {
                let r = t.some_spaces(q)?;
                let month_end = t.names(&self.months, r).next()?;
                let (year, end) = t.optional_year(month_end);
                let parts = Parts::DayMonth {
                    day: s..day_end,
                    until: until.clone(),
                    month: r..month_end,
                    year,
                };
                Some((parts, end))
            })
        };
        for day_end in t.day(s) {
            for ord_end in t.ordinal(day_end) {
                if let Some(k) = t.dash(ord_end) {
                    for until_end in t.day(k) {
                        for p in t.ordinal(until_end) {
                            if let Some(found) = rest(day_end, Some(k..until_end), p) {
                                return Some(found);
                            }
                        }
                    }
                }
                if let Some(found) = rest(day_end, None, ord_end) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// `(?P<m>MONTH)\s+(?P<d>DAY)ORD\b(?:DASH(?P<d2>DAY)ORD\b)?(?:,?\s+(?P<y>YEAR)\b)?`
    fn month_day(&self, t: &Text, s: usize) -> Option<(Parts, usize)> {
        for month_end in t.names(&self.months, s) {
            let Some(j) = t.some_spaces(month_end) else {
                continue;
            };
            for day_end in t.day(j) {
                let Some(ord_end) = t.ordinal(day_end).find(|&e| t.boundary(e)) else {
                    continue;
                };
                let until = t.dash(ord_end).and_then(|k| {
                    t.day(k).find_map(|until_end| {
                        t.ordinal(until_end)
                            .find(|&e| t.boundary(e))
                            .map(|e| (k..until_end, e))
                    })
                });
                let p = until.as_ref().map_or(ord_end, |(_, e)| *e);
                let (year, end) = t.optional_year(p);
                let parts = Parts::MonthDay {
                    month: s..month_end,
                    day: j..day_end,
                    until: until.map(|(r, _)| r),
                    year,
                };
                return Some((parts, end));
            }
        }
        None
    }

    /// `(?:\b(?P<mod>(?i:last|this|next|coming|past))\s+)?(?P<w>WEEKDAY)`
    fn weekday(&self, t: &Text, s: usize) -> Option<(Parts, usize)> {
        if t.boundary(s)
            && let Some(word) = WEEKDAY_MODIFIERS.iter().find(|w| t.literal_any_case(s, w))
            && let Some(j) = t.some_spaces(s + word.len())
            && let Some(end) = t.names(&self.weekdays, j).next()
        {
            let parts = Parts::Weekday {
                modifier: Some(s..s + word.len()),
                day: j..end,
            };
            return Some((parts, end));
        }
        let end = t.names(&self.weekdays, s).next()?;
        Some((
            Parts::Weekday {
                modifier: None,
                day: s..end,
            },
            end,
        ))
    }

    /// `(?P<wa>SHORT_WEEKDAY)`
    fn short_weekday(&self, t: &Text, s: usize) -> Option<(Parts, usize)> {
        let end = t.names(&self.short_weekdays, s).next()?;
        Some((Parts::ShortWeekday { day: s..end }, end))
    }

    /// `(?P<rel>(?i:PHRASE|…))`, each phrase's words separated by `\s+`.
    fn relative(&self, t: &Text, s: usize) -> Option<(Parts, usize)> {
        self.relative.iter().find_map(|p| {
            if p.boundary_before && !t.boundary(s) {
                return None;
            }
            let mut i = s;
            for (k, word) in p.words.iter().enumerate() {
                if k > 0 {
                    i = t.some_spaces(i)?;
                }
                if !t.literal_any_case(i, word) {
                    return None;
                }
                i += word.len();
            }
            (!p.boundary_after || t.boundary(i)).then_some((Parts::Relative { phrase: s..i }, i))
        })
    }
}

/// `\b(?P<y>YEAR)(?P<s1>[-/.])(?P<m>[01]?[0-9])(?P<s2>[-/.])(?P<d>DAY)\b`
fn year_first(t: &Text, s: usize) -> Option<(Parts, usize)> {
    if !t.boundary(s) {
        return None;
    }
    let year_end = t.year(s)?;
    let first = t.separator(year_end)?;
    for month_end in t.month_number(first.end) {
        let Some(second) = t.separator(month_end) else {
            continue;
        };
        if let Some(end) = t.day(second.end).find(|&e| t.boundary(e)) {
            let parts = Parts::YearFirst {
                year: s..year_end,
                month: first.end..month_end,
                day: second.end..end,
                separators: [first, second],
            };
            return Some((parts, end));
        }
    }
    None
}

/// `\b(?P<a>DAY)(?P<s1>[-/.])(?P<b>DAY)(?P<s2>[-/.])(?P<y>YEAR|[0-9]{2})\b`
fn numeric(t: &Text, s: usize) -> Option<(Parts, usize)> {
    if !t.boundary(s) {
        return None;
    }
    for first_end in t.day(s) {
        let Some(first) = t.separator(first_end) else {
            continue;
        };
        for second_end in t.day(first.end) {
            let Some(second) = t.separator(second_end) else {
                continue;
            };
            let y = second.end;
            let two = (t.digit(y) && t.digit(y + 1)).then_some(y + 2);
            if let Some(end) = [t.year(y), two]
                .into_iter()
                .flatten()
                .find(|&e| t.boundary(e))
            {
                let parts = Parts::Numeric {
                    first: s..first_end,
                    second: first.end..second_end,
                    year: y..end,
                    separators: [first, second],
                };
                return Some((parts, end));
            }
        }
    }
    None
}
