//! Dates: every calendar-day expression, resolved against the reference date.
//!
//! One regex built from the rule set ([`DatePatterns`]) finds every candidate in a single
//! left-to-right pass: day-month and month-day forms ("25 June 2023", "Aug. 15, 2014",
//! "21–22 March"), numeric forms ("25.06.2023", "2023-06-25", "03/05/2022"), weekdays
//! ("last Friday") and day-relative phrases ("the day before yesterday"). A second linear
//! pass joins a weekday to the date right after it ("Friday, June 20"), decides the order of
//! ambiguous numeric dates, checks day numbers against the calendar (jiff) and resolves
//! each expression against the reference date.
//!
//! Ambiguous numeric dates ("03/05/2022") are decided, in this order, by a part above 12;
//! by a time with a US time zone right after the date ("03/05/2022 09:00 AM EST" is
//! month-first, rule `month_first_time_zones`); by how the same text writes its named dates
//! ("June 25" month-first against "25 June" day-first); and last by the rule `date_order`.

use anyhow::{Context as _, Result, anyhow};
use jiff::ToSpan;
use jiff::civil::Date;
use regex::Regex;

mod reader;

use reader::{NameForm, Parts, Phrase, Reader, WEEKDAY_MODIFIERS};

use super::Context;
use crate::model::{DateKind, DateMention, Evidence};
use crate::rules::{DateOrder, RuleSet};
use crate::text;

/// The date regexes and name tables, compiled once from the rule set.
#[derive(Debug, Clone)]
pub struct DatePatterns {
    /// Group indices of `token`.
    groups: TokenGroups,
    /// Reads a match's parts without the capture groups.
    reader: Reader,
    /// Every date candidate, one named-group family per form.
    token: Regex,
    /// A time and a month-first time zone right after a numeric date.
    month_first_time: Option<Regex>,
    /// A future cue as a whole word.
    future_cue: Option<Regex>,
    /// A past cue as a whole word.
    past_cue: Option<Regex>,
    /// A possessive and a noun that make a relative word generic ("’s world").
    generic_possessive: Option<Regex>,
    /// Words that make a weekday a name ("Good Friday").
    holiday_prefixes: Vec<String>,
    /// A place in a dateline before its date ("WASHINGTON, ", "Brussels, ", "Russia,").
    dateline_place: Regex,
    /// A dateline's date followed by a dash or a bracket ("June 25 (Reuters) -").
    dateline_tail: Regex,
    /// Lower-case month forms (names and abbreviations) and their numbers.
    months: Vec<(String, u8)>,
    /// Lower-case weekday forms and their ISO numbers; `true` for abbreviations.
    weekdays: Vec<(String, u8, bool)>,
    /// Relative phrases (lower case, single-spaced) and their offsets in days.
    relative: Vec<(String, i32)>,
}

/// Indices of the token regex's named groups, looked up once (a lookup by name hashes the
/// name on every call).
#[derive(Debug, Clone)]
struct TokenGroups {
    dm_d: usize,
    dm_d2: usize,
    dm_m: usize,
    dm_y: usize,
    md_d: usize,
    md_d2: usize,
    md_m: usize,
    md_y: usize,
    n_a: usize,
    n_b: usize,
    n_s1: usize,
    n_s2: usize,
    n_y: usize,
    rel: usize,
    w: usize,
    w_mod: usize,
    wa: usize,
    ymd_d: usize,
    ymd_m: usize,
    ymd_s1: usize,
    ymd_s2: usize,
    ymd_y: usize,
}

impl TokenGroups {
    fn of(token: &Regex) -> TokenGroups {
        let index = |name: &str| {
            token
                .capture_names()
                .position(|n| n == Some(name))
                .expect("the token regex has every group")
        };
        TokenGroups {
            dm_d: index("dm_d"),
            dm_d2: index("dm_d2"),
            dm_m: index("dm_m"),
            dm_y: index("dm_y"),
            md_d: index("md_d"),
            md_d2: index("md_d2"),
            md_m: index("md_m"),
            md_y: index("md_y"),
            n_a: index("n_a"),
            n_b: index("n_b"),
            n_s1: index("n_s1"),
            n_s2: index("n_s2"),
            n_y: index("n_y"),
            rel: index("rel"),
            w: index("w"),
            w_mod: index("w_mod"),
            wa: index("wa"),
            ymd_d: index("ymd_d"),
            ymd_m: index("ymd_m"),
            ymd_s1: index("ymd_s1"),
            ymd_s2: index("ymd_s2"),
            ymd_y: index("ymd_y"),
        }
    }
}

/// An ASCII word boundary. Unicode `\b` makes the regex crate's fast DFA give up on
/// non-ASCII text (curly quotes, dashes), so every pattern here uses ASCII boundaries next to
/// ASCII characters, and [`scan`] checks the Unicode neighbours of each match itself.
const B: &str = r"(?-u:\b)";

/// `form` between word boundaries where its ends are ASCII letters or digits.
fn bounded(form: &str, escaped: &str) -> String {
    let edge = |c: Option<char>| {
        if c.is_some_and(|c| c.is_ascii_alphanumeric()) {
            B
        } else {
            ""
        }
    };
    format!(
        "{}{escaped}{}",
        edge(form.chars().next()),
        edge(form.chars().last())
    )
}

/// The alternatives of a name alternation: the forms, each as written and in capitals,
/// longest first; an abbreviation may take a dot.
fn name_forms(forms: &[(String, bool)]) -> Vec<NameForm> {
    let mut all: Vec<(String, bool)> = Vec::new();
    for (form, abbr) in forms {
        for f in [form.clone(), form.to_uppercase()] {
            if !f.is_empty() && !all.iter().any(|(x, _)| *x == f) {
                all.push((f, *abbr));
            }
        }
    }
    all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    all.into_iter()
        .map(|(form, dot)| NameForm::new(form, dot))
        .collect()
}

/// `(?:A|B)` of the alternatives.
/// One case-insensitive regex of a section's fragments, each matched as whole words; `None`
/// for an empty section. A bad fragment is named by its section and index.
fn cue_regex(section: &str, cues: &[String]) -> Result<Option<Regex>> {
    let mut parts = Vec::new();
    for (i, cue) in cues.iter().enumerate() {
        Regex::new(cue).map_err(|e| anyhow!("{section}[{i}] ({cue:?}): invalid regex: {e}"))?;
        parts.push(format!("(?:{cue})"));
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let source = format!(r"(?i){B}(?:{}){B}", parts.join("|"));
    Ok(Some(Regex::new(&source).context(section.to_string())?))
}

fn name_alternation(forms: &[NameForm]) -> String {
    if forms.is_empty() {
        return r"(?:[^\s\S])".to_string();
    }
    let parts: Vec<String> = forms
        .iter()
        .map(|f| {
            let dot = if f.dot { r"\.?" } else { "" };
            format!("{}{dot}", bounded(&f.form, &regex::escape(&f.form)))
        })
        .collect();
    format!("(?:{})", parts.join("|"))
}

impl DatePatterns {
    /// Builds the date regexes from the `months`, `weekdays`, `relative_days`,
    /// `month_first_time_zones` and `future_cues` sections.
    pub fn compile(set: &RuleSet) -> Result<DatePatterns> {
        let named = |list: &[crate::rules::NamedNumber], abbr: bool| -> Vec<(String, bool)> {
            list.iter()
                .flat_map(|n| {
                    let short = n.abbreviations.iter().map(|a| (a.clone(), true));
                    std::iter::once((n.name.clone(), false)).chain(short.filter(move |_| abbr))
                })
                .collect()
        };
        let months = name_forms(&named(&set.months, true));
        let month = name_alternation(&months);
        let weekdays = name_forms(&named(&set.weekdays, false));
        let weekday_full = name_alternation(&weekdays);
        let short_weekdays: Vec<(String, bool)> = set
            .weekdays
            .iter()
            .flat_map(|w| w.abbreviations.iter().map(|a| (a.clone(), true)))
            .collect();
        let short_weekdays = name_forms(&short_weekdays);
        let weekday_short = name_alternation(&short_weekdays);
        let mut phrases: Vec<&String> = set.relative_days.iter().map(|r| &r.phrase).collect();
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        phrases.retain(|p| !p.trim().is_empty());
        let relative: Vec<String> = phrases
            .iter()
            .map(|p| {
                let words: Vec<String> = p.split_whitespace().map(regex::escape).collect();
                bounded(p.trim(), &words.join(r"\s+"))
            })
            .collect();
        let reader = Reader::new(
            months,
            weekdays,
            short_weekdays,
            phrases
                .iter()
                .map(|p| {
                    let form = NameForm::new(p.trim().to_string(), false);
                    Phrase {
                        words: p.split_whitespace().map(str::to_string).collect(),
                        boundary_before: form.boundary_before,
                        boundary_after: form.boundary_after,
                    }
                })
                .collect(),
        );
        let relative = if relative.is_empty() {
            r"(?:[^\s\S])".to_string()
        } else {
            format!("(?i:{})", relative.join("|"))
        };
        let day = r"[0-3]?[0-9]";
        let ord = r"(?:st|nd|rd|th)?";
        let dash = r"\s*[-–—]\s*";
        let year = r"[12][0-9]{3}";
        let source = [
            // 25 June 2023, 25th of June, 21–22 March
            format!(
                r"{B}(?P<dm_d>{day}){ord}(?:{dash}(?P<dm_d2>{day}){ord})?(?:\s+of)?\s+(?P<dm_m>{month})(?:,?\s+(?P<dm_y>{year}){B})?"
            ),
            // June 25, 2023, Aug. 15, November 3-4
            format!(
                r"(?P<md_m>{month})\s+(?P<md_d>{day}){ord}{B}(?:{dash}(?P<md_d2>{day}){ord}{B})?(?:,?\s+(?P<md_y>{year}){B})?"
            ),
            // 2023-06-25, 2023/06/25
            format!(
                r"{B}(?P<ymd_y>{year})(?P<ymd_s1>[-/.])(?P<ymd_m>[01]?[0-9])(?P<ymd_s2>[-/.])(?P<ymd_d>{day}){B}"
            ),
            // 25.06.2023, 03/05/2022, 6/25/23
            format!(
                r"{B}(?P<n_a>{day})(?P<n_s1>[-/.])(?P<n_b>{day})(?P<n_s2>[-/.])(?P<n_y>{year}|[0-9]{{2}}){B}"
            ),
            // last Friday, Sunday
            format!(
                r"(?:{B}(?P<w_mod>(?i:{modifiers}))\s+)?(?P<w>{weekday_full})",
                modifiers = WEEKDAY_MODIFIERS.join("|")
            ),
            // Fri. (kept only before a date)
            format!(r"(?P<wa>{weekday_short})"),
            // the day before yesterday, today, this afternoon
            format!(r"(?P<rel>{relative})"),
        ];
        let token = Regex::new(&source.join("|"))
            .context("months, weekdays or relative_days: invalid date pattern")?;
        let zones: Vec<&String> = set
            .month_first_time_zones
            .iter()
            .filter(|z| !z.is_empty())
            .collect();
        let month_first_time = if zones.is_empty() {
            None
        } else {
            let zones = crate::rules::alternation(zones);
            let src = format!(
                r"^,?\s+(?:at\s+)?[0-9]{{1,2}}[:.][0-9]{{2}}(?:[:.][0-9]{{2}})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*\(?{zones}\b"
            );
            Some(Regex::new(&src).context("month_first_time_zones")?)
        };
        let future_cue = cue_regex("future_cues", &set.future_cues)?;
        let past_cue = cue_regex("past_cues", &set.past_cues)?;
        let generic_possessive = if set.generic_after_possessive.is_empty() {
            None
        } else {
            let nouns = crate::rules::alternation(&set.generic_after_possessive);
            let src = format!(r"^(?:’s|'s)\s+(?i:{nouns})\b");
            Some(Regex::new(&src).context("generic_after_possessive")?)
        };
        let lower_forms = |list: &[crate::rules::NamedNumber]| -> Vec<(String, u8, bool)> {
            list.iter()
                .flat_map(|n| {
                    std::iter::once((n.name.to_lowercase(), n.number, false)).chain(
                        n.abbreviations
                            .iter()
                            .map(|a| (a.to_lowercase(), n.number, true)),
                    )
                })
                .collect()
        };
        Ok(DatePatterns {
            groups: TokenGroups::of(&token),
            reader,
            token,
            month_first_time,
            future_cue,
            past_cue,
            generic_possessive,
            holiday_prefixes: set.holiday_prefixes.clone(),
            dateline_place: Regex::new(&format!(
                r"^\p{{Lu}}[{l}’' .\-]{{0,40}}(?:,\s*\p{{Lu}}[{l}’' .\-]{{0,30}})?,\s*$",
                l = crate::text::LETTER_CLASS
            ))
            .expect("dateline place regex"),
            dateline_tail: Regex::new(r"^\s*(?:[-–—]|\()").expect("dateline tail regex"),
            months: lower_forms(&set.months)
                .into_iter()
                .map(|(f, n, _)| (f, n))
                .collect(),
            weekdays: lower_forms(&set.weekdays),
            relative: set
                .relative_days
                .iter()
                .map(|r| (normalize(&r.phrase), r.offset))
                .collect(),
        })
    }

    /// The parts of the token match that starts at `start` in `hay`, from its capture groups.
    fn captured_parts(&self, hay: &str, start: usize) -> Option<Parts> {
        let caps = self.token.captures_at(hay, start)?;
        let g = &self.groups;
        let at = |i: usize| caps.get(i).map(|m| m.range());
        let parts = if let Some(day) = at(g.dm_d) {
            Parts::DayMonth {
                day,
                until: at(g.dm_d2),
                month: at(g.dm_m)?,
                year: at(g.dm_y),
            }
        } else if let Some(month) = at(g.md_m) {
            Parts::MonthDay {
                month,
                day: at(g.md_d)?,
                until: at(g.md_d2),
                year: at(g.md_y),
            }
        } else if let Some(year) = at(g.ymd_y) {
            Parts::YearFirst {
                year,
                separators: [at(g.ymd_s1)?, at(g.ymd_s2)?],
                month: at(g.ymd_m)?,
                day: at(g.ymd_d)?,
            }
        } else if let Some(first) = at(g.n_a) {
            Parts::Numeric {
                first,
                separators: [at(g.n_s1)?, at(g.n_s2)?],
                second: at(g.n_b)?,
                year: at(g.n_y)?,
            }
        } else if let Some(day) = at(g.w) {
            Parts::Weekday {
                modifier: at(g.w_mod),
                day,
            }
        } else if let Some(day) = at(g.wa) {
            Parts::ShortWeekday { day }
        } else {
            Parts::Relative { phrase: at(g.rel)? }
        };
        Some(parts)
    }

    fn month(&self, form: &str) -> Option<u8> {
        let form = form.trim_end_matches('.').to_lowercase();
        self.months
            .iter()
            .find(|(f, _)| *f == form)
            .map(|&(_, n)| n)
    }

    fn weekday(&self, form: &str) -> Option<u8> {
        let form = form.trim_end_matches('.').to_lowercase();
        self.weekdays
            .iter()
            .find(|(f, _, _)| *f == form)
            .map(|&(_, n, _)| n)
    }
}

/// Lower case with single spaces, for looking up relative phrases.
fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Dates found in a text plus warnings about them.
#[derive(Debug, Default)]
pub struct DateScan {
    /// Every date expression, in text order.
    pub mentions: Vec<DateMention>,
    /// Notes such as a weekday that disagrees with its date.
    pub warnings: Vec<String>,
}

/// How a weekday is placed relative to the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// On or before the reference date (the default: readouts report the past).
    OnOrBefore,
    /// Strictly before ("last Friday").
    Before,
    /// On or after (a future cue earlier in the sentence: "will meet on Friday").
    OnOrAfter,
    /// Strictly after ("next Friday", "coming Friday").
    After,
    /// In the same Monday–Sunday week ("this Monday").
    SameWeek,
}

/// Which way a written date puts its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// Day then month name ("25 June").
    DayMonth,
    /// Month name then day ("June 25").
    MonthDay,
    /// Year, month, day ("2023-06-25").
    YearFirst,
    /// Two numbers whose order is still to be decided ("03/05/2022").
    Numeric,
}

/// One candidate date expression, before resolution.
#[derive(Debug, Clone)]
enum Item {
    /// A calendar day; `first`/`second` are (day, month) once decided, or the two
    /// numbers in text order for [`Written::Numeric`].
    Calendar {
        first: u8,
        second: u8,
        /// The last day of a range ("21–22 March").
        until: Option<u8>,
        year: Option<i16>,
        written: Written,
        /// A weekday written right before the date ("Friday, June 20").
        weekday: Option<u8>,
    },
    /// A weekday, with how to place it.
    Weekday {
        number: u8,
        direction: Direction,
        abbreviated: bool,
    },
    /// A day-relative phrase and its offset.
    Relative { offset: i32 },
}

/// A candidate with its byte range.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    item: Item,
}

/// Every date candidate of a text, found in one pass and shared by [`dateline`] and
/// [`extract`].
#[derive(Debug, Clone)]
pub struct DateTokens {
    /// The candidates, in text order.
    tokens: Vec<Token>,
    /// Matches of the token regex that run over a line end ("25\nJune"), kept or not:
    /// a search line by line would not have found them, and might find others there.
    across_lines: Vec<std::ops::Range<usize>>,
}

impl DateTokens {
    /// Scans the whole text of `ctx`.
    pub fn scan(ctx: &Context) -> DateTokens {
        let mut across_lines = Vec::new();
        let tokens = scan(ctx.text, 0..ctx.text.len(), &ctx.rules.re.dates, |m| {
            if m.as_str().contains(['\n', '\r']) {
                across_lines.push(m.range());
            }
        });
        DateTokens {
            tokens,
            across_lines,
        }
    }

    /// The candidates a scan of the line `line` alone finds: those of the whole text inside
    /// it, unless a match runs over one of its ends.
    fn in_line(&self, ctx: &Context, line: std::ops::Range<usize>) -> Vec<Token> {
        if self
            .across_lines
            .iter()
            .any(|r| r.start <= line.end && line.start <= r.end)
        {
            return scan(ctx.text, line, &ctx.rules.re.dates, |_| {});
        }
        let i = self.tokens.partition_point(|t| t.start < line.start);
        self.tokens[i..]
            .iter()
            .take_while(|t| t.end <= line.end)
            .cloned()
            .collect()
    }
}

/// Every candidate in `text[range]`, in text order (offsets into `text`); `each_match` sees
/// every match of the token regex, kept or not.
fn scan(
    text: &str,
    range: std::ops::Range<usize>,
    pats: &DatePatterns,
    mut each_match: impl FnMut(regex::Match),
) -> Vec<Token> {
    let slice = &text[range.clone()];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for m in pats.token.find_iter(slice) {
        each_match(m);
        let (start, end) = (range.start + m.start(), range.start + m.end());
        // Whole words only, whatever the script of the neighbours ("é25 June" is not a date).
        let glued_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let glued_after = m.as_str().ends_with(|c: char| c.is_alphanumeric())
            && text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if glued_before || glued_after {
            continue;
        }
        let Some(parts) = pats
            .reader
            .read(slice, m.start(), m.end())
            .or_else(|| pats.captured_parts(slice, m.start()))
        else {
            continue;
        };
        let at = |r: &std::ops::Range<usize>| &slice[r.clone()];
        let day_number =
            |r: &Option<std::ops::Range<usize>>| r.as_ref().and_then(|r| at(r).parse().ok());
        let year_number =
            |r: &Option<std::ops::Range<usize>>| r.as_ref().and_then(|r| at(r).parse().ok());
        let item = match &parts {
            Parts::DayMonth {
                day,
                until,
                month,
                year,
            } => {
                let Some(month) = pats.month(at(month)) else {
                    continue;
                };
                Item::Calendar {
                    first: at(day).parse().unwrap_or(0),
                    second: month,
                    until: day_number(until),
                    year: year_number(year),
                    written: Written::DayMonth,
                    weekday: None,
                }
            }
            Parts::MonthDay {
                month,
                day,
                until,
                year,
            } => {
                let Some(month) = pats.month(at(month)) else {
                    continue;
                };
                Item::Calendar {
                    first: at(day).parse().unwrap_or(0),
                    second: month,
                    until: day_number(until),
                    year: year_number(year),
                    written: Written::MonthDay,
                    weekday: None,
                }
            }
            Parts::YearFirst {
                separators: [s1, s2],
                ..
            }
            | Parts::Numeric {
                separators: [s1, s2],
                ..
            } if at(s1) != at(s2) || chained(bytes, start, end) => {
                // Both separators alike, and no digits chained on either side ("1.2.2023.4").
                continue;
            }
            Parts::YearFirst {
                year, month, day, ..
            } => Item::Calendar {
                first: at(day).parse().unwrap_or(0),
                second: at(month).parse().unwrap_or(0),
                until: None,
                year: at(year).parse().ok(),
                written: Written::YearFirst,
                weekday: None,
            },
            Parts::Numeric {
                first,
                separators: [s1, _],
                second,
                year,
            } => {
                let y = at(year);
                // Two-digit years only in slashed dates ("6/25/23"), never in "1.2.30".
                if y.len() == 2 && at(s1) != "/" {
                    continue;
                }
                let year: i16 = y.parse().unwrap_or(0);
                let year = if y.len() == 2 { 2000 + year } else { year };
                Item::Calendar {
                    first: at(first).parse().unwrap_or(0),
                    second: at(second).parse().unwrap_or(0),
                    until: None,
                    year: Some(year),
                    written: Written::Numeric,
                    weekday: None,
                }
            }
            Parts::Weekday { modifier, day } => {
                let Some(number) = pats.weekday(at(day)) else {
                    continue;
                };
                // "the Good Friday Agreement", "Black Monday": a name, not a day.
                let w_start = range.start + day.start;
                let before = text[..w_start].trim_end_matches(' ');
                if modifier.is_none()
                    && pats
                        .holiday_prefixes
                        .iter()
                        .any(|p| before.ends_with(p.as_str()) && before.len() < w_start)
                {
                    continue;
                }
                let modifier = modifier.as_ref().map(|x| at(x).to_lowercase());
                let direction = match modifier.as_deref() {
                    Some("last" | "past") => Direction::Before,
                    Some("next" | "coming") => Direction::After,
                    Some("this") => Direction::SameWeek,
                    _ => Direction::OnOrBefore,
                };
                Item::Weekday {
                    number,
                    direction,
                    abbreviated: false,
                }
            }
            Parts::ShortWeekday { day } => {
                let Some(number) = pats.weekday(at(day)) else {
                    continue;
                };
                Item::Weekday {
                    number,
                    direction: Direction::OnOrBefore,
                    abbreviated: true,
                }
            }
            Parts::Relative { phrase } => {
                let phrase = normalize(at(phrase));
                let Some(&(_, offset)) = pats.relative.iter().find(|(p, _)| *p == phrase) else {
                    continue;
                };
                // "today’s world" means nowadays, not a day.
                if pats
                    .generic_possessive
                    .as_ref()
                    .is_some_and(|re| re.is_match(&text[end..floor_boundary(text, end + LOOK)]))
                {
                    continue;
                }
                Item::Relative { offset }
            }
        };
        out.push(Token { start, end, item });
    }
    out
}

/// Whether a numeric date continues into more digits on either side ("1.2.2023.4").
fn chained(bytes: &[u8], start: usize, end: usize) -> bool {
    let sep = |b: u8| matches!(b, b'.' | b'/' | b'-');
    let before = start >= 2 && sep(bytes[start - 1]) && bytes[start - 2].is_ascii_digit();
    let after = end + 1 < bytes.len() && sep(bytes[end]) && bytes[end + 1].is_ascii_digit();
    before || after
}

/// Decides the (day, month) order of every numeric date; see the module doc.
fn order_numeric(text: &str, tokens: &mut [Token], pats: &DatePatterns, rules: DateOrder) {
    let (mut day_first, mut month_first) = (0, 0);
    for t in tokens.iter() {
        match t.item {
            Item::Calendar {
                written: Written::DayMonth,
                ..
            } => day_first += 1,
            Item::Calendar {
                written: Written::MonthDay,
                ..
            } => month_first += 1,
            _ => {}
        }
    }
    let text_order = match day_first.cmp(&month_first) {
        std::cmp::Ordering::Greater => Some(DateOrder::DayFirst),
        std::cmp::Ordering::Less => Some(DateOrder::MonthFirst),
        std::cmp::Ordering::Equal => None,
    };
    for t in tokens.iter_mut() {
        let Item::Calendar {
            first,
            second,
            written,
            ..
        } = &mut t.item
        else {
            continue;
        };
        if *written != Written::Numeric {
            continue;
        }
        let us_time = || {
            pats.month_first_time
                .as_ref()
                .is_some_and(|re| re.is_match(line_rest(text, t.end)))
        };
        let order = if *first > 12 {
            DateOrder::DayFirst
        } else if *second > 12 || us_time() {
            DateOrder::MonthFirst
        } else {
            text_order.unwrap_or(rules)
        };
        if order == DateOrder::MonthFirst {
            std::mem::swap(first, second);
        }
        *written = Written::DayMonth;
    }
}

/// The rest of the line from `pos`.
/// The rest of the line from `pos`, at most [`LOOK`] bytes: what follows a date is only
/// ever looked at that far, so many dates on one long line stay linear.
fn line_rest(text: &str, pos: usize) -> &str {
    let rest = &text[pos..floor_boundary(text, pos + LOOK)];
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    &rest[..end]
}

/// How far (bytes) the context of a date is looked at, either side.
const LOOK: usize = 240;

/// The largest char boundary of `text` at or before `pos`.
fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Joins a weekday to the date right after it ("Friday, June 20", "Sunday (December 28,
/// 2025)") and drops abbreviated weekdays left alone ("Sun" is too often a word).
fn join_weekdays(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(t) = iter.next() {
        let Item::Weekday {
            number,
            direction,
            abbreviated,
        } = t.item
        else {
            out.push(t);
            continue;
        };
        let plain = direction == Direction::OnOrBefore;
        if let Some(next) = iter.peek()
            && plain
            && matches!(next.item, Item::Calendar { .. })
        {
            let gap = &text[t.end..next.start];
            let gap = gap.trim_start_matches([',', '.']);
            let gap = gap.trim_start();
            let (gap, paren) = match gap.strip_prefix('(') {
                Some(g) => (g.trim_start(), true),
                None => (gap, false),
            };
            let gap = gap.strip_prefix("the").map_or(gap, str::trim_start);
            let spaced = t.end < next.start;
            if gap.is_empty() && spaced {
                let mut joined = iter.next().expect("peeked");
                if let Item::Calendar { weekday, .. } = &mut joined.item {
                    *weekday = Some(number);
                }
                joined.start = t.start;
                if paren && text[joined.end..].starts_with(')') {
                    joined.end += 1;
                }
                out.push(joined);
                continue;
            }
        }
        if !abbreviated {
            out.push(t);
        }
    }
    out
}

/// The calendar day `(year, month, day)` if it exists.
fn ymd(year: i16, month: u8, day: u8) -> Option<Date> {
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

/// The year that puts `day month` closest to `reference` (ties go to the past); with
/// `OnOrBefore` or `OnOrAfter`, the closest on that side of it.
fn closest_year(reference: Date, month: u8, day: u8, lean: Option<Direction>) -> Option<Date> {
    let y = reference.year();
    (y.saturating_sub(4)..=y.saturating_add(4))
        .filter_map(|year| ymd(year, month, day))
        .filter(|d| match lean {
            Some(Direction::OnOrBefore) => *d <= reference,
            Some(Direction::OnOrAfter) => *d >= reference,
            _ => true,
        })
        .min_by_key(|d| {
            let days = reference
                .until(*d)
                .map(|s| s.get_days())
                .unwrap_or(i32::MAX / 2);
            (days.unsigned_abs(), days > 0)
        })
}

/// Places weekday `number` (ISO, Monday 1) relative to `reference`.
fn place_weekday(reference: Date, number: u8, direction: Direction) -> Option<Date> {
    let r = i64::from(reference.weekday().to_monday_one_offset());
    let w = i64::from(number);
    let back = (r - w).rem_euclid(7);
    let forward = (w - r).rem_euclid(7);
    let offset = match direction {
        Direction::OnOrBefore => -back,
        Direction::Before => -(if back == 0 { 7 } else { back }),
        Direction::OnOrAfter => forward,
        Direction::After => {
            if forward == 0 {
                7
            } else {
                forward
            }
        }
        Direction::SameWeek => w - r,
    };
    reference.checked_add(offset.days()).ok()
}

/// The weekday name for warnings.
fn weekday_name(rules: &RuleSet, number: u8) -> String {
    rules
        .weekdays
        .iter()
        .find(|w| w.number == number)
        .map_or_else(|| number.to_string(), |w| w.name.clone())
}

/// The reference date a dateline near the top of the text gives, if any.
///
/// The first lines (up to eight non-blank ones, until a long line that ends a sentence shows
/// the body has started) are searched for a date in dateline form: a short line holding a
/// full date ("October 19, 2023", "24 February 2023 - 18:09", "PM call with X: 18 September
/// 2019", "Released on 2023-06-25"), or a place then the date at the head of the first
/// paragraph ("WASHINGTON, March 20, 2014 –").
/// A place-dateline without a year ("WASHINGTON, June 25 (Reuters) -") gives no reference date.
pub fn dateline(ctx: &Context) -> Option<Date> {
    dateline_of(ctx, &DateTokens::scan(ctx))
}

/// [`dateline`] with the text's candidates already found.
pub fn dateline_of(ctx: &Context, all: &DateTokens) -> Option<Date> {
    let pats = &ctx.rules.re.dates;
    let text = ctx.text;
    let mut seen = 0;
    for line in text::line_ranges(text) {
        let trimmed = text[line.clone()].trim_matches(text::is_space);
        if trimmed.is_empty() {
            continue;
        }
        seen += 1;
        if seen > 8 {
            break;
        }
        let mut tokens = all.in_line(ctx, line.clone());
        tokens.retain(|t| matches!(t.item, Item::Calendar { .. }));
        order_numeric(text, &mut tokens, pats, ctx.rules.set.date_order);
        let short = trimmed.chars().count() <= 100;
        let placed = |t: &Token| {
            let prefix = text[line.start..t.start].trim_start_matches(text::is_space);
            prefix.is_empty() || pats.dateline_place.is_match(prefix)
        };
        for t in &tokens {
            let Item::Calendar {
                first,
                second,
                until: None,
                year,
                ..
            } = t.item
            else {
                continue;
            };
            let at_head = placed(t) && pats.dateline_tail.is_match(line_rest(text, t.end));
            match year {
                Some(y) if short || at_head => {
                    if let Some(d) = ymd(y, second, first) {
                        return Some(d);
                    }
                }
                // A wire dateline without a year: the day is known, the year is not.
                None if at_head => return None,
                _ => {}
            }
        }
        // The body has started: a long line that ends a sentence (a long headline does not).
        let ends_sentence = trimmed.ends_with(['.', '!', '?', '"', '”', '’']);
        if !short && (ends_sentence || trimmed.len() > 300) {
            break;
        }
    }
    None
}

/// Finds and resolves every date expression.
pub fn extract(ctx: &Context, reference: Option<Date>) -> DateScan {
    extract_from(ctx, DateTokens::scan(ctx), reference)
}

/// [`extract`] with the text's candidates already found.
pub fn extract_from(ctx: &Context, all: DateTokens, reference: Option<Date>) -> DateScan {
    let pats = &ctx.rules.re.dates;
    let text = ctx.text;
    let mut tokens = all.tokens;
    order_numeric(text, &mut tokens, pats, ctx.rules.set.date_order);
    let tokens = join_weekdays(text, tokens);
    let mut scan_out = DateScan::default();
    let mut unresolved = 0;
    for t in tokens {
        let (value, kind, rule) = match t.item {
            Item::Calendar {
                first: day,
                second: month,
                until,
                year,
                weekday,
                ..
            } => {
                // A day-month without a year: the clause may say which side of the reference
                // date it lies ("will meet on 20 May", "in force since 1 January").
                let lean = if year.is_some() || reference.is_none() {
                    None
                } else if future_context(ctx, t.start) {
                    Some(Direction::OnOrAfter)
                } else if past_context(ctx, t.start) {
                    Some(Direction::OnOrBefore)
                } else {
                    None
                };
                let Some((value, date)) = calendar(day, month, until, year, reference, lean) else {
                    continue;
                };
                if let (Some(w), Some(date)) = (weekday, date) {
                    let actual = u8::try_from(date.weekday().to_monday_one_offset()).unwrap_or(0);
                    if actual != w {
                        scan_out.warnings.push(format!(
                            "date {:?} at byte {}: the text says {} but {} is a {}",
                            &text[t.start..t.end],
                            t.start,
                            weekday_name(&ctx.rules.set, w),
                            date,
                            weekday_name(&ctx.rules.set, actual)
                        ));
                    }
                }
                let rule = if until.is_some() {
                    "date.absolute.range"
                } else {
                    "date.absolute"
                };
                (value, DateKind::Absolute, rule)
            }
            Item::Weekday {
                number,
                mut direction,
                ..
            } => {
                if direction == Direction::OnOrBefore && future_context(ctx, t.start) {
                    direction = Direction::OnOrAfter;
                }
                let value = reference
                    .and_then(|r| place_weekday(r, number, direction))
                    .map(|d| d.to_string());
                (value, DateKind::Weekday, "date.weekday")
            }
            Item::Relative { offset } => {
                let value = reference
                    .and_then(|r| r.checked_add(offset.days()).ok())
                    .map(|d| d.to_string());
                (value, DateKind::Relative, "date.relative")
            }
        };
        if reference.is_none() && kind != DateKind::Absolute {
            unresolved += 1;
        }
        scan_out.mentions.push(DateMention {
            text: text[t.start..t.end].to_string(),
            start: t.start,
            end: t.end,
            value,
            kind,
            // The evidence is the expression as matched, with a leading "on" when there is one.
            explain: ctx.explain.then(|| {
                let on = text[..t.start].ends_with("on ") || text[..t.start].ends_with("On ");
                let from = if on { t.start - 3 } else { t.start };
                Evidence {
                    rule: rule.to_string(),
                    cue: Some(crate::model::Span::of(text, from, t.end)),
                }
            }),
        });
    }
    if unresolved > 0 {
        scan_out.warnings.push(format!(
            "no reference date (give --date YYYY-MM-DD or a dateline): {unresolved} relative or weekday date{} left unresolved",
            if unresolved == 1 { "" } else { "s" }
        ));
    }
    scan_out
}

/// The value of a calendar date and the day it denotes (when the year is known or
/// resolved); `None` when the day does not exist ("31 June", "29 February 2023").
fn calendar(
    day: u8,
    month: u8,
    until: Option<u8>,
    year: Option<i16>,
    reference: Option<Date>,
    lean: Option<Direction>,
) -> Option<(Option<String>, Option<Date>)> {
    // A leap year stands in for an unknown year when checking the day exists.
    let check_year = year.unwrap_or(2000);
    ymd(check_year, month, day)?;
    if let Some(last) = until {
        ymd(check_year, month, last)?;
        if last <= day {
            return None;
        }
        return Some((None, None));
    }
    let date = match (year, reference) {
        (Some(y), _) => ymd(y, month, day),
        (None, Some(r)) => closest_year(r, month, day, lean),
        (None, None) => None,
    };
    let value = match date {
        Some(d) => d.to_string(),
        None => format!("XXXX-{month:02}-{day:02}"),
    };
    Some((Some(value), date))
}

/// Whether a future cue comes earlier in the same clause than `pos` ("will meet on Friday",
/// but not "he would travel next week, and they agreed on the talks begun on Friday").
fn future_context(ctx: &Context, pos: usize) -> bool {
    ctx.rules
        .re
        .dates
        .future_cue
        .as_ref()
        .is_some_and(|re| re.is_match(clause_before(ctx, pos)))
}

/// Whether a past cue comes earlier in the same clause than `pos` ("in force since 1 January").
fn past_context(ctx: &Context, pos: usize) -> bool {
    ctx.rules
        .re
        .dates
        .past_cue
        .as_ref()
        .is_some_and(|re| re.is_match(clause_before(ctx, pos)))
}

/// The clause before `pos`: from the last comma, semicolon, colon, dash or bracket of its
/// sentence, at most `LOOK` bytes back (so a run-on sentence full of dates stays linear).
fn clause_before<'t>(ctx: &Context<'t>, pos: usize) -> &'t str {
    let sentence = ctx.sentence_at(pos);
    // Outside any sentence (a heading), there is nothing before it to look at.
    let start = if sentence.end >= pos {
        sentence.start.min(pos)
    } else {
        pos
    };
    let start = crate::text::ceil_boundary(ctx.text, start.max(pos.saturating_sub(LOOK)));
    let before = &ctx.text[start..pos];
    before
        .rfind([',', ';', ':', '—', '(', ')'])
        .map_or(before, |i| &before[i..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    /// `(text, value)` pairs found in `input` with `reference` (`""` for none); a value of
    /// `"null"` stands for an unresolved date.
    fn found(input: &str, reference: &str) -> Vec<(String, String)> {
        let rules = Rules::builtin();
        let ctx = Context::new(input, &rules, false);
        let reference = (!reference.is_empty()).then(|| reference.parse::<Date>().unwrap());
        let scan = extract(&ctx, reference);
        scan.mentions
            .iter()
            .map(|m| {
                assert_eq!(&input[m.start..m.end], m.text, "span of {input:?}");
                let value = m.value.clone().unwrap_or_else(|| "null".to_string());
                (m.text.clone(), value)
            })
            .collect()
    }

    /// One row: input, reference date (`""` for none), expected `(text, value)` pairs
    /// (empty for not-a-date).
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    const CASES: &[Case] = &[
        // A day-month without a year takes the closest year, unless the clause says which
        // side of the reference date it is on.
        (
            "The agreement has been applied since 1 January.",
            "2016-11-24",
            &[("1 January", "2016-01-01")],
        ),
        (
            "The agreement was applied on 1 January.",
            "2016-11-24",
            &[("1 January", "2017-01-01")],
        ),
        (
            "The talks took place on 2 December, and they will meet again on 20 November.",
            "2016-11-24",
            &[("2 December", "2015-12-02"), ("20 November", "2017-11-20")],
        ),
        // Day-month and month-day, with and without a year.
        (
            "They met on 25 June.",
            "2023-06-25",
            &[("25 June", "2023-06-25")],
        ),
        ("They met on 25 June.", "", &[("25 June", "XXXX-06-25")]),
        (
            "They met on June 25.",
            "2023-06-25",
            &[("June 25", "2023-06-25")],
        ),
        (
            "Signed 25 June 2023 in Kyiv",
            "",
            &[("25 June 2023", "2023-06-25")],
        ),
        (
            "Signed June 25, 2023 in Kyiv",
            "",
            &[("June 25, 2023", "2023-06-25")],
        ),
        (
            "Signed 25 June, 2023 in Kyiv",
            "",
            &[("25 June, 2023", "2023-06-25")],
        ),
        (
            "on the 25th of June",
            "2023-07-01",
            &[("25th of June", "2023-06-25")],
        ),
        ("on June 4th", "2023-07-01", &[("June 4th", "2023-06-04")]),
        ("on Jun. 25 the", "2023-06-30", &[("Jun. 25", "2023-06-25")]),
        ("by Sept. 3", "2023-06-25", &[("Sept. 3", "2023-09-03")]),
        (
            "WASHINGTON, Aug. 15, 2014 –",
            "",
            &[("Aug. 15, 2014", "2014-08-15")],
        ),
        ("JUNE 25, 2023", "", &[("JUNE 25, 2023", "2023-06-25")]),
        ("on 1 May", "2023-04-20", &[("1 May", "2023-05-01")]),
        ("the May 9 parade", "2023-05-10", &[("May 9", "2023-05-09")]),
        // Numeric forms.
        ("dated 25.06.2023.", "", &[("25.06.2023", "2023-06-25")]),
        ("dated 2023-06-25.", "", &[("2023-06-25", "2023-06-25")]),
        ("dated 2023/06/25.", "", &[("2023/06/25", "2023-06-25")]),
        ("dated 25/06/2023.", "", &[("25/06/2023", "2023-06-25")]),
        ("dated 6/25/2023.", "", &[("6/25/2023", "2023-06-25")]),
        ("dated 6/25/23.", "", &[("6/25/23", "2023-06-25")]),
        ("dated 03/05/2022.", "", &[("03/05/2022", "2022-05-03")]),
        (
            "03/05/2022 09:00 AM EST",
            "",
            &[("03/05/2022", "2022-03-05")],
        ),
        (
            "03/05/2022 at 9:00 a.m. EDT",
            "",
            &[("03/05/2022", "2022-03-05")],
        ),
        ("03/05/2022 09:00 CET", "", &[("03/05/2022", "2022-05-03")]),
        (
            "03/05/2022, after the June 25, 2021 talks",
            "",
            &[
                ("03/05/2022", "2022-03-05"),
                ("June 25, 2021", "2021-06-25"),
            ],
        ),
        (
            "03/05/2022, after the 25 June 2021 talks",
            "",
            &[("03/05/2022", "2022-05-03"), ("25 June 2021", "2021-06-25")],
        ),
        // Ranges: one date, no single day.
        (
            "talks on November 3-4",
            "2011-10-10",
            &[("November 3-4", "null")],
        ),
        (
            "summit on 21–22 March",
            "2023-03-01",
            &[("21–22 March", "null")],
        ),
        (
            "on 4-5 September 2014",
            "",
            &[("4-5 September 2014", "null")],
        ),
        ("on 30-31 February", "", &[]),
        ("on 22-21 March", "", &[]),
        // A weekday next to its date is one expression.
        (
            "on Friday, June 20",
            "2014-06-19",
            &[("Friday, June 20", "2014-06-20")],
        ),
        (
            "on Tuesday, May 20",
            "2025-05-25",
            &[("Tuesday, May 20", "2025-05-20")],
        ),
        (
            "on Sunday (December 28, 2025), they",
            "",
            &[("Sunday (December 28, 2025)", "2025-12-28")],
        ),
        (
            "Thursday 13 May 2022",
            "",
            &[("Thursday 13 May 2022", "2022-05-13")],
        ),
        (
            "Fri, 25 June 2021",
            "",
            &[("Fri, 25 June 2021", "2021-06-25")],
        ),
        (
            "Friday the 25th of June 2021",
            "",
            &[("Friday the 25th of June 2021", "2021-06-25")],
        ),
        // Leap years and days out of range.
        (
            "on 29 February 2024",
            "",
            &[("29 February 2024", "2024-02-29")],
        ),
        ("on 29 February 2023", "", &[]),
        (
            "on 29 February",
            "2023-06-25",
            &[("29 February", "2024-02-29")],
        ),
        ("on 29 February", "", &[("29 February", "XXXX-02-29")]),
        ("on 2000-02-29", "", &[("2000-02-29", "2000-02-29")]),
        ("on 1900-02-29", "", &[]),
        ("on 31 June", "2023-06-25", &[]),
        ("on 31.04.2023", "", &[]),
        ("on 13/13/2023", "", &[]),
        ("on 0 June", "", &[]),
        ("on June 32", "", &[]),
        // Year boundaries: the closest year wins.
        (
            "on 30 December",
            "2024-01-03",
            &[("30 December", "2023-12-30")],
        ),
        ("on 2 January", "2023-12-30", &[("2 January", "2024-01-02")]),
        ("on 30 June", "2023-01-01", &[("30 June", "2023-06-30")]),
        ("on 1 July", "2023-01-01", &[("1 July", "2023-07-01")]),
        (
            "on October 23",
            "2011-10-10",
            &[("October 23", "2011-10-23")],
        ),
        // Relative days.
        (
            "“Yesterday’s events showed it,” he said.",
            "2023-06-25",
            &[("Yesterday", "2023-06-24")],
        ),
        ("Yesterday he left.", "", &[("Yesterday", "null")]),
        ("He spoke today.", "2023-06-25", &[("today", "2023-06-25")]),
        ("TODAY he spoke.", "2023-06-25", &[("TODAY", "2023-06-25")]),
        (
            "They meet tomorrow.",
            "2023-06-25",
            &[("tomorrow", "2023-06-26")],
        ),
        (
            "It began the day before yesterday.",
            "2023-06-25",
            &[("the day before yesterday", "2023-06-23")],
        ),
        (
            "It ends the day after tomorrow.",
            "2023-06-25",
            &[("the day after tomorrow", "2023-06-27")],
        ),
        (
            "He speaks tonight.",
            "2023-06-25",
            &[("tonight", "2023-06-25")],
        ),
        (
            "They spoke this morning.",
            "2023-06-25",
            &[("this morning", "2023-06-25")],
        ),
        (
            "This afternoon the PM called.",
            "2014-06-19",
            &[("This afternoon", "2014-06-19")],
        ),
        (
            "They met this evening.",
            "2019-12-03",
            &[("this evening", "2019-12-03")],
        ),
        (
            "Strikes last night hit it.",
            "2023-06-25",
            &[("last night", "2023-06-24")],
        ),
        (
            "She called earlier today.",
            "2016-09-13",
            &[("today", "2016-09-13")],
        ),
        (
            "ahead of tomorrow’s meeting",
            "2019-12-03",
            &[("tomorrow", "2019-12-04")],
        ),
        (
            "after today's attack",
            "2024-04-22",
            &[("today", "2024-04-22")],
        ),
        (
            "on this afternoon’s call",
            "2019-12-03",
            &[("this afternoon", "2019-12-03")],
        ),
        ("Today’s world is not simple.", "2011-11-28", &[]),
        ("today's globalised economy", "2011-11-28", &[]),
        (
            "He left yesterday.",
            "2024-03-01",
            &[("yesterday", "2024-02-29")],
        ),
        (
            "They meet tomorrow.",
            "2023-12-31",
            &[("tomorrow", "2024-01-01")],
        ),
        // Weekdays; 2023-06-25 is a Sunday.
        (
            "They spoke on Sunday.",
            "2023-06-25",
            &[("Sunday", "2023-06-25")],
        ),
        (
            "They spoke on Saturday.",
            "2023-06-25",
            &[("Saturday", "2023-06-24")],
        ),
        (
            "They spoke on Monday.",
            "2023-06-25",
            &[("Monday", "2023-06-19")],
        ),
        (
            "They spoke last Sunday.",
            "2023-06-25",
            &[("last Sunday", "2023-06-18")],
        ),
        (
            "They spoke last Friday.",
            "2023-06-25",
            &[("last Friday", "2023-06-23")],
        ),
        (
            "They meet next Sunday.",
            "2023-06-25",
            &[("next Sunday", "2023-07-02")],
        ),
        (
            "They meet next Monday.",
            "2023-06-25",
            &[("next Monday", "2023-06-26")],
        ),
        (
            "They met this Monday.",
            "2023-06-25",
            &[("this Monday", "2023-06-19")],
        ),
        (
            "They meet this coming Friday.",
            "2023-06-23",
            &[("coming Friday", "2023-06-30")],
        ),
        (
            "Late Saturday morning, he called.",
            "2009-10-11",
            &[("Saturday", "2009-10-10")],
        ),
        (
            "after Saturday’s attacks",
            "2019-09-18",
            &[("Saturday", "2019-09-14")],
        ),
        (
            "The leaders will meet on Friday.",
            "2016-09-13",
            &[("Friday", "2016-09-16")],
        ),
        (
            "She called to discuss plans for the meeting in Bratislava on Friday.",
            "2016-09-13",
            &[("Friday", "2016-09-16")],
        ),
        (
            "On Friday, the talks ended. They will resume.",
            "2023-06-21",
            &[("Friday", "2023-06-16")],
        ),
        (
            "He would travel next week, and they agreed to go on with the talks they began on Friday.",
            "2022-03-05",
            &[("Friday", "2022-03-04")],
        ),
        ("They spoke on Friday.", "", &[("Friday", "null")]),
        (
            "They spoke on Wednesday.",
            "2024-01-02",
            &[("Wednesday", "2023-12-27")],
        ),
        // Not dates.
        ("for 18 months", "2023-06-25", &[]),
        ("for two days", "2023-06-25", &[]),
        ("in 2023", "2023-06-25", &[]),
        ("in June", "2023-06-25", &[]),
        ("in April 2019", "2023-06-25", &[]),
        ("June 2023 was warm", "2023-06-25", &[]),
        ("at 09:00", "2023-06-25", &[]),
        ("open 24/7", "2023-06-25", &[]),
        ("a 2-1 win", "2023-06-25", &[]),
        ("version 3.8.0", "2023-06-25", &[]),
        ("on his 45th birthday", "2023-06-25", &[]),
        ("next week", "2023-06-25", &[]),
        ("later this year", "2023-06-25", &[]),
        ("May I ask?", "2023-06-25", &[]),
        ("Theresa May spoke", "2023-06-25", &[]),
        ("They meet on Sundays.", "2023-06-25", &[]),
        ("The Sun reported it.", "2023-06-25", &[]),
        ("build 1.2.2023.4", "2023-06-25", &[]),
        ("ratio 10.10.10", "2023-06-25", &[]),
        ("dated 25.06.23", "2023-06-25", &[]),
        ("the day of the referendum", "2023-06-25", &[]),
    ];

    #[test]
    fn table_of_dates() {
        assert!(CASES.len() >= 80, "{} cases", CASES.len());
        let mut failures = Vec::new();
        for &(input, reference, expected) in CASES {
            let got = found(input, reference);
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|&(t, v)| (t.to_string(), v.to_string()))
                .collect();
            if got != want {
                failures.push(format!(
                    "{input:?} @ {reference:?}: expected {want:?}, got {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn kinds_follow_the_form() {
        let rules = Rules::builtin();
        let text = "On Sunday, 25 June, they spoke yesterday.";
        let ctx = Context::new(text, &rules, false);
        let kinds: Vec<DateKind> = extract(&ctx, None)
            .mentions
            .iter()
            .map(|m| m.kind)
            .collect();
        assert_eq!(kinds, [DateKind::Absolute, DateKind::Relative]);
        let ctx = Context::new("They met on Sunday.", &rules, false);
        assert_eq!(extract(&ctx, None).mentions[0].kind, DateKind::Weekday);
    }

    #[test]
    fn warnings_for_disagreeing_weekdays_and_missing_reference() {
        let rules = Rules::builtin();
        let ctx = Context::new("On Thursday 13 May 2022 they met.", &rules, false);
        let scan = extract(&ctx, None);
        assert_eq!(scan.mentions[0].value.as_deref(), Some("2022-05-13"));
        assert_eq!(scan.warnings.len(), 1, "{:?}", scan.warnings);
        assert!(scan.warnings[0].contains("Thursday"), "{:?}", scan.warnings);
        assert!(scan.warnings[0].contains("Friday"), "{:?}", scan.warnings);

        let ctx = Context::new("On Friday 13 May 2022 they met.", &rules, false);
        assert!(extract(&ctx, None).warnings.is_empty());

        let ctx = Context::new("They met yesterday.", &rules, false);
        let scan = extract(&ctx, None);
        assert!(
            scan.warnings[0].contains("no reference date"),
            "{:?}",
            scan.warnings
        );
        let reference = Date::new(2023, 6, 25).ok();
        assert!(extract(&ctx, reference).warnings.is_empty());
        let ctx = Context::new("They met on 25 June.", &rules, false);
        assert!(extract(&ctx, None).warnings.is_empty());
    }

    /// Each row: a text and the reference date its dateline gives (`""` for none).
    const DATELINES: &[(&str, &str)] = &[
        (
            "October 19, 2023\n\nThe President spoke today with the Chancellor.",
            "2023-10-19",
        ),
        (
            "Leaders talk\n\n24 February 2023 - 18:09\n\nThe President called.",
            "2023-02-24",
        ),
        (
            "Leaders talk\r\n\r\n24 February 2023 - 18:09\r\n\r\nThe President called.",
            "2023-02-24",
        ),
        (
            "WASHINGTON, June 25 (Reuters) - The President said on 20 June 2023 that talks went well and would go on for a long while yet.",
            "",
        ),
        (
            "KYIV, 25 June 2023 – The President of Examplestan spoke by phone with the Prime Minister of Otherland about the war.",
            "2023-06-25",
        ),
        (
            "European Commission\n\nBrussels, 14 August 2014\n\nStatement by the President",
            "2014-08-14",
        ),
        (
            "Minister Speaks With Counterpart\n\nWASHINGTON, March 20, 2014 – The Secretary received an update yesterday during a phone call.",
            "2014-03-20",
        ),
        (
            "Released on 2023-06-25\n\nThe minister met her counterpart.",
            "2023-06-25",
        ),
        (
            "Office of the Press Secretary\n\nFor Immediate Release            October 11, 2009\n\nReadout",
            "2009-10-11",
        ),
        (
            "PM call with President Kovač: 18 September 2019\n\nThe Prime Minister spoke this afternoon.",
            "2019-09-18",
        ),
        (
            "03/05/2022 09:00 AM EST\n\nOffice of the Spokesperson\n\nThe Secretary spoke today.",
            "2022-03-05",
        ),
        (
            "Telephone conversation\n\nMoscow, Russia,09 April 2021\n\nThe President spoke.",
            "2021-04-09",
        ),
        (
            "Statement on 7 October\n\nOctober 19, 2023\n\nThe minister spoke.",
            "2023-10-19",
        ),
        (
            "The President of Examplestan met the Prime Minister of Otherland on 25 June 2023 to discuss trade, energy and the war.",
            "",
        ),
        (
            "Readout\n\nThe President spoke today with the Chancellor about the war and energy prices in the region.",
            "",
        ),
        (
            "Readout of the President’s Call with Prime Minister Ana Kovač of the Republic of Examplestan today\n\nOctober 19, 2023\n\nThe President spoke.",
            "2023-10-19",
        ),
        (
            "The President of Examplestan spoke with the Prime Minister of Otherland about trade and energy today.\n\nOctober 19, 2023",
            "",
        ),
        ("", ""),
    ];

    #[test]
    fn datelines() {
        let rules = Rules::builtin();
        let mut failures = Vec::new();
        for &(text, expected) in DATELINES {
            let ctx = Context::new(text, &rules, false);
            let got = dateline(&ctx).map(|d| d.to_string()).unwrap_or_default();
            if got != expected {
                failures.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_line_has_the_candidates_a_scan_of_the_line_alone_finds() {
        let rules = Rules::builtin();
        for text in [
            "KYIV, 25\nJune 2023 – talks\n\n24 February 2023 - 18:09",
            "Friday\n25 June\r\n2023, and 03/05/2022",
            "June\n\n25, 2023\nMay 4 and\rMay\r5",
            "no date at all",
        ] {
            let ctx = Context::new(text, &rules, false);
            let all = DateTokens::scan(&ctx);
            for line in text::line_ranges(text) {
                let alone = scan(text, line.clone(), &rules.re.dates, |_| {});
                let shared = all.in_line(&ctx, line);
                assert_eq!(format!("{shared:?}"), format!("{alone:?}"), "{text:?}");
            }
        }
    }

    #[test]
    fn holiday_names_are_not_weekdays() {
        let rules = Rules::builtin();
        let text = "They praised the Good Friday Agreement and met on Friday, after Black Monday.";
        let ctx = Context::new(text, &rules, false);
        let found: Vec<String> = extract(&ctx, "2024-03-15".parse().ok())
            .mentions
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(found, ["Friday"]);
    }

    #[test]
    fn user_rules_add_month_names() {
        let mut set = RuleSet::builtin();
        set.merge_json(
            "r.json",
            r#"{"months": [{"name": "Juni", "number": 6, "abbreviations": []}],
                "relative_days": [{"phrase": "heute", "offset": 0}]}"#,
        )
        .unwrap();
        let rules = Rules::compile(set).unwrap();
        let ctx = Context::new("Am 25 Juni, heute.", &rules, false);
        let values: Vec<Option<String>> = extract(&ctx, Date::new(2023, 6, 30).ok())
            .mentions
            .into_iter()
            .map(|m| m.value)
            .collect();
        assert_eq!(
            values,
            [Some("2023-06-25".into()), Some("2023-06-30".into())]
        );
    }

    /// The parts the reader gives every match of the token regex in `text` (none where it
    /// leaves a match to the capture groups), each checked against the capture groups.
    fn read_parts(text: &str) -> Vec<Option<Parts>> {
        let rules = Rules::builtin();
        let pats = &rules.re.dates;
        pats.token
            .find_iter(text)
            .map(|m| {
                let read = pats.reader.read(text, m.start(), m.end());
                if let Some(parts) = &read {
                    assert_eq!(
                        Some(parts),
                        pats.captured_parts(text, m.start()).as_ref(),
                        "{:?} in {text:?}",
                        m.as_str()
                    );
                }
                read
            })
            .collect()
    }

    #[test]
    fn the_reader_reads_ascii_matches_as_the_capture_groups_do() {
        let text = "On 25 June 2023, 25th of June, 21-22 March, 4 -5 September 2014, 3 of May \
                    June 25, 2023, Aug. 15, 2014, November 3-4, Sept. 3rd, JUNE 25,2023, May 9 \
                    2023-06-25, 2023/6/5, 25.06.2023, 03/05/2022, 6/25/23, 1.2.2023.4 \
                    last Friday, this  Monday, Coming sunday, Sunday, Fri., Tue, the day before \
                    yesterday, TODAY, this\tafternoon, last night, Jun.25, 30 ofJune";
        let read = read_parts(text);
        assert!(read.len() >= 25, "{} matches", read.len());
        assert!(read.iter().all(Option::is_some), "{read:?}");
        // Other than ASCII: left to the capture groups.
        assert_eq!(read_parts("21–22 March, 25\u{a0}June"), [None, None]);
    }

    proptest::proptest! {
        #[test]
        fn the_reader_agrees_with_the_capture_groups(
            s in "([0-9]{1,4}|June|Jun|JUNE|Sept|of|st|th|Friday|FRI|Fri|last|Next|the day|before|yesterday|today|[-/.,]| |\t|\n){0,12}"
        ) {
            read_parts(&s);
        }

        #[test]
        fn never_panics_and_spans_are_exact(s in "[0-9 ./,()–-]{0,12}(June|Jun\\.|Friday|today|’s|\\s|[0-9/.-]){0,8}") {
            let rules = Rules::builtin();
            let ctx = Context::new(&s, &rules, false);
            let _ = dateline(&ctx);
            for m in extract(&ctx, Date::new(2023, 6, 25).ok()).mentions {
                proptest::prop_assert_eq!(&s[m.start..m.end], m.text.as_str());
            }
        }
    }
}
