//! Quotes: quotation marks paired in one pass, scare quotes filtered out, and each quote
//! attributed to a speaker by its frame ("…,” Zelenskyy said / He added that “…” /
//! A Downing Street spokesman said: ⏎⏎ unmarked paragraphs).
//!
//! Pairing is a small state machine over the marks, so every mark is looked at once:
//! apostrophes (Ukraine’s, don’t, the ’90s) are told apart by their neighbours, a
//! straight `"` opens or closes by context, a curly mark written the wrong way round as
//! published still pairs, and a quote whose paragraph ends without a closing mark continues
//! into the next paragraph (the "each paragraph opens, only the last closes" convention, or
//! mark-less middle paragraphs ended by a closing mark). An unclosed mark is a warning.

mod verbs;

use std::ops::Range;

use regex::Regex;
use verbs::{VerbFinder, VerbWords};

use super::Context;
use super::people::{self, People};
use crate::model::{Evidence, PersonKind, Span};
use crate::rules::RuleSet;
use crate::text::is_space;

/// A quote before assembly: span, speaker entity and cue.
#[derive(Debug, Clone)]
pub struct FoundQuote {
    /// First byte of the quoted words.
    pub start: usize,
    /// One past the last byte of the quoted words.
    pub end: usize,
    /// Speaker entity index.
    pub speaker: Option<usize>,
    /// The attribution verb.
    pub cue: Option<String>,
    /// Why.
    pub evidence: Option<Evidence>,
    /// Where the quote's marks (or block) begin and end, for frame searches.
    pub outer: Range<usize>,
    /// Index of the block this quote belongs to (a multi-paragraph quote).
    block: usize,
    /// Whether its frame named the speaker directly (not a fallback).
    attributed: bool,
}

/// Quotes found plus who speaks.
#[derive(Debug, Default)]
pub struct QuoteScan {
    /// Quotes in text order.
    pub quotes: Vec<FoundQuote>,
    /// Entity indexes of speakers, in order of first quote.
    pub speakers: Vec<usize>,
    /// Unclosed marks and unattributed quotes.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Double,
    Single,
    Guillemet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A straight mark between two non-spaces: it toggles.
    Either,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    len: usize,
    class: Class,
    role: Role,
}

fn is_opening_context(prev: Option<char>) -> bool {
    prev.is_none_or(|p| is_space(p) || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
}

fn is_closing_context(next: Option<char>) -> bool {
    next.is_none_or(|n| {
        is_space(n)
            || matches!(
                n,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–' | '-'
            )
    })
}

/// Every quotation mark with its class and role, in text order; apostrophes are left out.
fn marks(text: &str) -> impl Iterator<Item = Mark> + '_ {
    let bytes = text.as_bytes();
    // Every mark starts with one of these bytes: '"', '\'', or the lead byte of “ ” „ ‘ ’
    // (0xE2) or « » (0xC2). Only those places are decoded; memchr finds them without
    // looking at every byte in turn, in two searches merged into text order.
    let mut quote_leads = memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes).peekable();
    let mut guillemet_leads = memchr::memchr_iter(0xC2, bytes).peekable();
    let candidates =
        std::iter::from_fn(move || match (quote_leads.peek(), guillemet_leads.peek()) {
            (Some(q), Some(g)) if g < q => guillemet_leads.next(),
            (Some(_), _) => quote_leads.next(),
            (None, _) => guillemet_leads.next(),
        });
    candidates.filter_map(|pos| mark_at(text, pos))
}

/// The quotation mark at byte `pos`, unless the character there is none (an apostrophe,
/// or another character with the same lead byte: a dash, a no-break space).
fn mark_at(text: &str, pos: usize) -> Option<Mark> {
    let c = text[pos..].chars().next()?;
    if !matches!(c, '“' | '„' | '”' | '"' | '«' | '»' | '‘' | '’' | '\'') {
        return None;
    }
    let prev = text[..pos].chars().next_back();
    let next = text[pos + c.len_utf8()..].chars().next();
    let opening = is_opening_context(prev);
    let closing = is_closing_context(next);
    let mark = match c {
        '“' | '„' => Some((
            Class::Double,
            if closing && !opening {
                Role::Close
            } else {
                Role::Open
            },
        )),
        '”' => Some((
            Class::Double,
            if opening && !closing {
                Role::Open
            } else {
                Role::Close
            },
        )),
        '"' => Some((
            Class::Double,
            match (opening, closing) {
                (true, false) => Role::Open,
                (false, true) => Role::Close,
                _ => Role::Either,
            },
        )),
        '«' => Some((Class::Guillemet, Role::Open)),
        '»' => Some((Class::Guillemet, Role::Close)),
        '‘' if opening && next.is_some_and(|n| !n.is_ascii_digit()) => {
            Some((Class::Single, Role::Open))
        }
        '’' | '\'' => {
            let letter_before = prev.is_some_and(char::is_alphanumeric);
            let letter_after = next.is_some_and(char::is_alphanumeric);
            if opening && letter_after && c == '\'' && !next.is_some_and(|n| n.is_ascii_digit()) {
                Some((Class::Single, Role::Open))
            } else if !letter_after
                && (letter_before || prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | ',')))
                && closing
            {
                Some((Class::Single, Role::Close))
            } else {
                None // apostrophe
            }
        }
        _ => None,
    };
    let (class, role) = mark?;
    Some(Mark {
        pos,
        len: c.len_utf8(),
        class,
        role,
    })
}

/// How many unclosed-mark warnings are listed one by one.
const MAX_MARK_WARNINGS: usize = 20;

/// How far back (bytes) a frame's subject or verb may be from the verb or the mark.
const FRAME_BYTES: usize = 300;

/// How many earlier mentions an anaphor ("he", "the President") looks back over.
const LOOKBACK_MENTIONS: usize = 64;

/// A raw quote: content range plus its block.
#[derive(Debug, Clone)]
struct Raw {
    content: Range<usize>,
    outer: Range<usize>,
    block: usize,
    /// Whether this segment is one paragraph of a multi-paragraph quote.
    in_block: bool,
}

/// Pairs marks into quotes, paragraph-aware. Linear in the number of marks and paragraphs.
fn pair(ctx: &Context, warnings: &mut Vec<String>) -> Vec<Raw> {
    const MAX_PARAGRAPHS: usize = 12;
    let text = ctx.text;
    let marks = marks(text);
    let mut out: Vec<Raw> = Vec::new();
    let mut blocks = 0usize;
    // The open double/guillemet quote: (opening mark, content start, paragraph, class).
    let mut open: Option<(Mark, usize, usize)> = None;
    // Segments of a quote that ran past its paragraph: (content, paragraph).
    let mut pending: Vec<Range<usize>> = Vec::new();
    let mut pending_markless = false;
    let mut single: Option<(Mark, usize)> = None;

    let para_of = |pos: usize| ctx.paragraph_index(pos).unwrap_or(0);
    let emit = |out: &mut Vec<Raw>,
                pending: &mut Vec<Range<usize>>,
                last: Range<usize>,
                outer_start: usize,
                outer_end: usize,
                blocks: &mut usize| {
        let in_block = !pending.is_empty();
        for seg in pending.drain(..).chain(std::iter::once(last)) {
            out.push(Raw {
                content: seg,
                outer: outer_start..outer_end,
                block: *blocks,
                in_block,
            });
        }
        *blocks += 1;
    };

    for m in marks {
        let p = para_of(m.pos);
        if m.class == Class::Single {
            if open.is_some() {
                continue; // nested quotes belong to the outer one
            }
            match (single, m.role) {
                (None, Role::Open) => single = Some((m, p)),
                (Some((o, op)), Role::Close | Role::Either) if op == p => {
                    out.push(Raw {
                        content: o.pos + o.len..m.pos,
                        outer: o.pos..m.pos + m.len,
                        block: blocks,
                        in_block: false,
                    });
                    blocks += 1;
                    single = None;
                }
                (Some((_, op)), Role::Open) if op != p => single = Some((m, p)),
                (Some((_, op)), _) if op != p => single = None,
                _ => {}
            }
            continue;
        }
        single = None;
        let Some((om, ostart, opara)) = open else {
            if matches!(m.role, Role::Open | Role::Either) {
                open = Some((m, m.pos + m.len, p));
                pending.clear();
                pending_markless = false;
            }
            continue;
        };
        if p == opara {
            match m.role {
                Role::Close | Role::Either => {
                    emit(
                        &mut out,
                        &mut pending,
                        ostart..m.pos,
                        om.pos,
                        m.pos + m.len,
                        &mut blocks,
                    );
                    open = None;
                }
                Role::Open => {
                    warnings.push(format!(
                        "unclosed quotation mark at byte {}: a new quote opens before it closes",
                        om.pos
                    ));
                    pending.clear();
                    open = Some((m, m.pos + m.len, p));
                }
            }
            continue;
        }
        // The mark is in a later paragraph: the open quote ran past its paragraph's end.
        let first_para_end = ctx.paragraphs.get(opara).map_or(ostart, |r| r.end);
        pending.push(ostart..first_para_end.max(ostart));
        for mid in opara + 1..p {
            pending.push(ctx.paragraphs[mid].clone());
            pending_markless = true;
        }
        let para_start = ctx.paragraphs.get(p).map_or(m.pos, |r| r.start);
        let at_para_start = m.pos == para_start;
        let too_long = pending.len() > MAX_PARAGRAPHS;
        match m.role {
            Role::Open | Role::Either if at_para_start && !pending_markless && !too_long => {
                // "Each paragraph opens, only the last closes."
                open = Some((om, m.pos + m.len, p));
            }
            Role::Close | Role::Either if !at_para_start && !too_long => {
                let last = para_start..m.pos;
                pending_markless = true;
                emit(
                    &mut out,
                    &mut pending,
                    last,
                    om.pos,
                    m.pos + m.len,
                    &mut blocks,
                );
                open = None;
            }
            _ => {
                warnings.push(format!("unclosed quotation mark at byte {}", om.pos));
                pending.clear();
                pending_markless = false;
                open = matches!(m.role, Role::Open | Role::Either).then_some((m, m.pos + m.len, p));
            }
        }
    }
    if let Some((om, ostart, opara)) = open {
        warnings.push(format!("unclosed quotation mark at byte {}", om.pos));
        // The text ends inside the quote's own paragraph: the quote runs to its end.
        if opara + 1 == ctx.paragraphs.len() && pending.is_empty() {
            let end = ctx.paragraphs[opara].end.max(ostart);
            emit(
                &mut out,
                &mut pending,
                ostart..end,
                om.pos,
                end,
                &mut blocks,
            );
        }
    }
    out
}

/// Trims spaces and the frame's punctuation (a trailing comma or full stop) from a quote.
fn trim_content(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let mut body = s.trim_matches(is_space);
    loop {
        let t = body.trim_end_matches(is_space);
        let t = t
            .strip_suffix(',')
            .or_else(|| t.strip_suffix('.').filter(|x| !x.ends_with('.')))
            .or_else(|| t.strip_suffix(';'))
            .or_else(|| t.strip_suffix(':'));
        match t {
            Some(t) if t.len() < body.len() => body = t,
            _ => break,
        }
    }
    let body = body.trim_end_matches(is_space);
    r.start + lead..r.start + lead + body.len()
}

/// Whether a marked span reads as speech rather than a scare quote or a title.
fn looks_like_speech(text: &str, content: &Range<usize>, outer: &Range<usize>, cued: bool) -> bool {
    let s = &text[content.clone()];
    // Punctuation right before the closing mark is speech punctuation.
    let raw_end = text[..outer.end].trim_end_matches(['”', '"', '’', '\'', '»']);
    let punct = raw_end.ends_with([',', '.', '!', '?', ';', '…']);
    let (mut words, mut capitalised) = (0usize, 0usize);
    for word in s.split_whitespace() {
        words += 1;
        capitalised += usize::from(word.chars().next().is_some_and(char::is_uppercase));
        if words == 6 && (cued || punct) {
            // Six words or more, cued or punctuated: speech, whatever the capitals.
            return true;
        }
    }
    if words == 0 {
        return false;
    }
    let title_case = words >= 2 && capitalised * 10 >= words * 7 && !punct;
    if title_case && !cued {
        return false;
    }
    match words {
        1 => punct && cued && s.chars().next().is_some_and(char::is_uppercase),
        // "the call had been “constructive and sincere”": a framed partial quote.
        2..=3 => {
            (punct && (cued || s.chars().next().is_some_and(char::is_uppercase)))
                || (cued && !title_case && capitalised < words)
        }
        4..=5 => punct || cued,
        _ => true,
    }
}

/// The longest a marked term or document title after an article may be, in words.
const MAX_TERM_WORDS: usize = 3;

/// Whether marked words name something rather than quote someone: a short term after an
/// article (the “price cap” on oil, a “reset”), or a title after a document noun (a Joint
/// Statement, “Strengthening the Alliance for a New Era,”; a letter entitled “…”), whose
/// words are mostly capitalised.
fn names_a_term(ctx: &Context, content: &Range<usize>, outer: &Range<usize>) -> bool {
    let text = ctx.text;
    let before = crate::text::tail(&text[..outer.start], 80).1;
    let before = before.trim_end_matches(is_space);
    let words = || text[content.clone()].split_whitespace();
    let raw_end = text[..outer.end].trim_end_matches(['”', '"', '’', '\'', '»']);
    let punct = raw_end.ends_with(['.', '!', '?', ';', '…']);
    let last_word = |s: &str| -> String { s[crate::text::after_last_space(s)..].to_lowercase() };
    // The “price cap”: an article right before the mark, and no sentence punctuation inside.
    let article = matches!(last_word(before).as_str(), "the" | "a" | "an");
    if article && !punct && words().count() <= MAX_TERM_WORDS {
        return true;
    }
    // A document's title: "a Joint Statement, “…”", "the declaration “…”", "entitled “…”".
    let head = before.trim_end_matches(',').trim_end_matches(is_space);
    let head_word = last_word(head);
    let names_document = matches!(head_word.as_str(), "entitled" | "titled")
        || ctx
            .rules
            .set
            .document_nouns
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&head_word));
    // "said in a statement, “We …”" is a frame: the verb phrase before the noun is speech.
    let after_verb = ctx
        .rules
        .re
        .speech_verb_word
        .is_match(crate::text::tail(head, 40).1);
    if names_document && !after_verb {
        let (n, capitalised) = words().fold((0, 0), |(n, c), w| {
            (n + 1, c + usize::from(w.starts_with(char::is_uppercase)))
        });
        return n >= 2 && capitalised * 2 >= n;
    }
    false
}

impl QuotePatterns {
    /// Compiles the patterns; `set` gives the institution nouns.
    pub fn new(set: &RuleSet) -> QuotePatterns {
        let starts_with_space =
            |words: &[String]| words.iter().any(|w| w.starts_with(char::is_whitespace));
        QuotePatterns {
            verbs: VerbWords::new(&set.speech_verbs),
            titles_start_with_space: starts_with_space(&set.titles),
            institution_nouns_start_with_space: starts_with_space(&set.institution_nouns),
            institution_noun_end: Regex::new(&format!(
                r"(?i:{})$",
                crate::rules::alternation(&set.institution_nouns)
            ))
            .expect("escaped words compile"),
            adverbs: Regex::new(&format!(r"(?i)(?:\s+|,)(?:{})$", ADVERBS.join("|")))
                .expect("compiles"),
            adverb_last_words: {
                let mut words: Vec<&str> = ADVERBS
                    .iter()
                    .filter_map(|adverb| adverb.rsplit(' ').next())
                    .collect();
                words.sort_unstable();
                words.dedup();
                words
            },
            pronoun_end: Regex::new(r"(?:^|[^\p{L}])(?P<p>[Hh]e|[Ss]he)$").expect("compiles"),
            pronoun_start: Regex::new(r"^(?P<p>he|she)(?-u:\b)").expect("compiles"),
            according_subject: Regex::new(r"(?i)(?-u:\b)according to\s+(?P<s>[^,;“”\x22]{2,80}?)\s*,\s*$").expect("compiles"),
            and_end: Regex::new(r"(?-u:\b)(?:and|but)\s+(?:also\s+|then\s+)?$").expect("compiles"),
            first_person: Regex::new(r"(?-u:\b)(?:I|I’m|I'm|I’ve|I've|we|We|my|My|our|Our|me|us)(?-u:\b)").expect("compiles"),
            told_object: Regex::new(&format!(r"^(?:told|tells)\s+(?:reporters|journalists|the press|the media|lawmakers|the audience|an audience|a news conference|a press conference|him|her|them|the [{l} ]{{1,40}}?)(?:\s+that)?$", l = crate::text::LETTER_CLASS)).expect("compiles"),
        }
    }

    /// The match of `Patterns::title_anaphor_end` (`re`) in `text`, and its title (group
    /// `t`). A capture search on that pattern (hundreds of titles, in any case) runs a
    /// backtracker over its whole NFA; the match alone is a reverse scan, and the title is
    /// what follows "the" (three ASCII letters in any case) and its spaces.
    fn title_anaphor_at_end<'h>(
        &self,
        re: &Regex,
        text: &'h str,
    ) -> Option<(Range<usize>, &'h str)> {
        if self.titles_start_with_space {
            // Which spaces belong to the title is then for the pattern to say.
            let c = re.captures(text)?;
            let whole = c.get(0).expect("group 0").range();
            return Some((whole, c.name("t").expect("group t").as_str()));
        }
        let m = re.find(text)?;
        Some((
            m.range(),
            m.as_str()[3..].trim_start_matches(char::is_whitespace),
        ))
    }

    /// The institution (group `i`) of `Patterns::institution_phrase` (`re`) at the end of
    /// `text`: the match without the space it opens with, read from a match alone (not a
    /// capture search, for the same reason as in `title_anaphor_at_end`).
    fn institution_at_end(&self, re: &Regex, text: &str) -> Option<Range<usize>> {
        if !self.institution_may_end(text) {
            return None;
        }
        if self.institution_nouns_start_with_space {
            return re
                .captures(text)
                .map(|c| c.name("i").expect("group i").range());
        }
        // The match opens at the start of the text or with one space; the institution
        // itself opens with "the", a capital or a noun, never a space.
        let m = re.find(text)?;
        let space = m.as_str().chars().next().filter(|c| c.is_whitespace());
        Some(m.start() + space.map_or(0, char::len_utf8)..m.end())
    }

    /// Where the adverb that ends `text` starts, with the spaces or comma before it
    /// ("Zelenskyy once again| said"). The pattern can only match where the text's last
    /// word (after its last space or comma) is the last word of an adverb: checked first,
    /// by ASCII case (a non-ASCII word could be one by Unicode case folding: "alſo").
    fn adverb_at_end(&self, text: &str) -> Option<usize> {
        let last_word = text
            .rsplit(|c: char| c.is_whitespace() || c == ',')
            .next()
            .unwrap_or(text);
        let may_end = !last_word.is_ascii()
            || self
                .adverb_last_words
                .iter()
                .any(|adverb_last| adverb_last.eq_ignore_ascii_case(last_word));
        may_end
            .then(|| self.adverbs.find(text).map(|m| m.start()))
            .flatten()
    }

    /// Whether `text` ends with "he" or "she" as a word: only a text ending in "he" or
    /// "He" can, which is checked before the pattern runs.
    fn ends_with_pronoun(&self, text: &str) -> bool {
        (text.ends_with("he") || text.ends_with("He")) && self.pronoun_end.is_match(text)
    }

    /// Whether `Patterns::institution_phrase` can match at the end of `text`: only where
    /// the text ends in an institution noun, or in a noun, "of" and one to five more words
    /// ("… Ministry of the Republic of North Examplestan"). Much cheaper than that
    /// pattern, whose many lazy-DFA states are built anew for almost every look-back.
    fn institution_may_end(&self, text: &str) -> bool {
        if self.institution_noun_end.is_match(text) {
            return true;
        }
        // Words are split at `\s`, as the pattern splits them (U+FEFF is not a space there).
        let word_start = |s: &str| {
            s.char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8())
        };
        let mut rest = text;
        for k in 0..6 {
            let start = word_start(rest);
            let before = rest[..start].trim_end();
            if k > 0 && &rest[start..] == "of" && self.institution_noun_end.is_match(before) {
                return true;
            }
            if before.is_empty() {
                break;
            }
            rest = before;
        }
        false
    }
}

/// Adverbs between a subject and its verb ("Zelenskyy once again said").
const ADVERBS: &[&str] = &[
    "also",
    "again",
    "once again",
    "further",
    "then",
    "later",
    "today",
    "yesterday",
    "earlier",
    "separately",
    "later on",
    "in part",
    "firmly",
    "strongly",
    "warmly",
    "has",
    "have",
    "had",
    "has also",
    "had also",
];

/// The regexes of quote attribution; compiled with the rules, so that every copy of the
/// rules has its own match caches.
#[derive(Debug, Clone)]
pub struct QuotePatterns {
    /// The speech verbs by word, unless the rule set's verbs need the regex.
    verbs: Option<VerbWords>,
    /// Whether a title or an institution noun of the rule set starts with a space (none
    /// does, but a user file could): the pattern's groups are then read by capture search.
    titles_start_with_space: bool,
    institution_nouns_start_with_space: bool,
    /// An institution noun at the end of a text (case-insensitive, as in
    /// `Patterns::institution_phrase`).
    institution_noun_end: Regex,
    adverbs: Regex,
    /// The last word of each of the `ADVERBS`.
    adverb_last_words: Vec<&'static str>,
    pronoun_end: Regex,
    pronoun_start: Regex,
    according_subject: Regex,
    first_person: Regex,
    and_end: Regex,
    told_object: Regex,
}

/// Who the frame names, before it is resolved to an entity.
enum Subject {
    Entity(usize),
    Pronoun,
    /// "the French leader": the latest person named with that country.
    CountryRole(String),
    Title(String, Option<String>, usize, usize),
    Label(PersonKind, String, usize, usize),
    Document,
}

/// Resolution state while walking quotes in order.
struct Resolver<'p> {
    people: &'p mut People,
    principal: Option<usize>,
    last_speaker: Option<usize>,
    /// The latest quoted person (not institution): what "he" and "she" refer to.
    last_person: Option<usize>,
    /// Where that person's latest quote opens.
    last_person_at: usize,
    /// Where the quote being attributed opens: pronouns look for antecedents before it.
    quote_start: usize,
}

impl Resolver<'_> {
    /// The acting person of the sentence (up to two sentences back) before the quote: the
    /// first person named there and followed by a lower-case word, the verb ("Speaking to
    /// reporters, Macron defended …" / "Kirby said Hagel and Shoygu discussed …").
    fn sentence_subject_before(&mut self, ctx: &Context) -> Option<usize> {
        let mut end = self.quote_start;
        for _ in 0..2 {
            let sentence = ctx.sentence_at(end.saturating_sub(1));
            if sentence.is_empty() {
                return None;
            }
            let from = sentence.start;
            let to = end.min(sentence.end);
            let found = self.people.mentions_in(from, to).iter().find(|m| {
                // A mention may run past the sentence end the splitter chose ("rD. V").
                m.end <= to
                    && self.people.entities[m.entity].kind == PersonKind::Person
                    && ctx.text[m.end..to]
                        .trim_start_matches([' ', ','])
                        .starts_with(|c: char| c.is_lowercase())
                    && !ctx.text[m.end..to].trim_start().starts_with("and ")
            });
            // "For his part, the Prime Minister briefed …": a title that acts first.
            let acts = |at: usize| {
                at <= to
                    && ctx.text[at..to]
                        .trim_start_matches([' ', ','])
                        .starts_with(|c: char| c.is_lowercase())
            };
            let first_title = self.people.titles.partition_point(|t| t.start < from);
            let title = self.people.titles[first_title..]
                .iter()
                .take_while(|t| t.end <= to)
                .find(|t| acts(t.end))
                .cloned();
            match (found.copied(), title) {
                (Some(m), Some(t)) if t.start < m.start => {
                    if let Some(h) =
                        self.latest_holder(ctx, &t.title, t.country.as_deref(), t.start)
                    {
                        return Some(h);
                    }
                    return Some(m.entity);
                }
                (Some(m), _) => return Some(m.entity),
                (None, Some(t)) => {
                    if let Some(h) =
                        self.latest_holder(ctx, &t.title, t.country.as_deref(), t.start)
                    {
                        return Some(h);
                    }
                }
                (None, None) => {}
            }
            if from == 0 || from >= end {
                return None;
            }
            end = from;
        }
        None
    }

    /// The holder of `title` named most recently before `at`.
    fn latest_holder(
        &mut self,
        ctx: &Context,
        title: &str,
        country: Option<&str>,
        at: usize,
    ) -> Option<usize> {
        let _ = ctx;
        let holders = self.people.holders_of(title, country);
        self.people
            .mentions_before(at)
            .iter()
            .rev()
            .take(LOOKBACK_MENTIONS)
            .find(|m| holders.contains(&m.entity))
            .map(|m| m.entity)
    }

    /// The latest person who spoke before the quote ("Kirby said …"), else the latest named.
    fn latest_person_before(&self, ctx: &Context, at: usize) -> Option<usize> {
        let before = self.people.mentions_before(at.min(self.quote_start));
        let is_person = |e: usize| self.people.entities[e].kind == PersonKind::Person;
        let recent = || before.iter().rev().take(LOOKBACK_MENTIONS);
        recent()
            .find(|m| {
                is_person(m.entity) && ctx.rules.re.speech_verb_after.is_match(&ctx.text[m.end..])
            })
            .or_else(|| recent().find(|m| is_person(m.entity)))
            .map(|m| m.entity)
    }

    fn resolve(&mut self, ctx: &Context, subject: Subject, at: usize) -> Option<usize> {
        match subject {
            Subject::Entity(e) => Some(e),
            Subject::Pronoun => {
                // Wire style: “…,” Kovač said. … “…,” she added — the same paragraph's speaker.
                let here = ctx.paragraph_index(self.quote_start);
                if let Some(p) = self.last_person
                    && ctx.paragraph_index(self.last_person_at) == here
                {
                    return Some(p);
                }
                self.sentence_subject_before(ctx)
                    .or(self.last_person)
                    .or_else(|| self.latest_person_before(ctx, at))
            }
            Subject::Document => self.principal.or(self.last_speaker),
            Subject::CountryRole(country) => self
                .people
                .mentions_before(at)
                .iter()
                .rev()
                .take(LOOKBACK_MENTIONS)
                .find(|m| {
                    let e = &self.people.entities[m.entity];
                    e.kind == PersonKind::Person && e.country.as_deref() == Some(country.as_str())
                })
                .map(|m| m.entity),
            Subject::Label(kind, name, start, end) => {
                let e = self.people.label(kind, &name);
                self.people.add_mention(start, end, e);
                Some(e)
            }
            Subject::Title(title, country, start, end) => {
                let generic = ctx
                    .rules
                    .set
                    .generic_titles
                    .iter()
                    .any(|g| g.eq_ignore_ascii_case(&title));
                if generic {
                    return self.principal.or(self.last_speaker);
                }
                let mut holders = self.people.holders_of(&title, country.as_deref());
                // "the minister" may be any kind of minister: then the latest one named.
                let key = people::title_key(&title);
                let exact: Vec<usize> = holders
                    .iter()
                    .copied()
                    .filter(|&h| {
                        self.people.entities[h]
                            .title
                            .as_deref()
                            .is_none_or(|t| people::title_key(t) == key)
                    })
                    .collect();
                if exact.is_empty() && !holders.is_empty() {
                    let latest = self
                        .people
                        .mentions_before(at)
                        .iter()
                        .rev()
                        .take(LOOKBACK_MENTIONS)
                        .find(|m| holders.contains(&m.entity));
                    if let Some(m) = latest {
                        return Some(m.entity);
                    }
                } else if !exact.is_empty() {
                    holders = exact;
                }
                if let Some(s) = self.last_speaker.filter(|s| holders.contains(s)) {
                    return Some(s);
                }
                if let Some(p) = self.principal.filter(|p| holders.contains(p)) {
                    return Some(p);
                }
                if let Some(m) = self
                    .people
                    .mentions_before(at)
                    .iter()
                    .rev()
                    .take(LOOKBACK_MENTIONS)
                    .find(|m| holders.contains(&m.entity))
                {
                    return Some(m.entity);
                }
                if let Some(&h) = holders.first() {
                    return Some(h);
                }
                let name = ctx.text[start..end].to_string();
                let e = self.people.label(PersonKind::Person, &name);
                self.people.add_mention(start, end, e);
                Some(e)
            }
        }
    }
}

/// Extracts quotes and attributes them. `principal` is the release's principal, if known.
pub fn extract(ctx: &Context, people: &mut People, principal: Option<usize>) -> QuoteScan {
    let text = ctx.text;
    let mut scan = QuoteScan::default();
    let raws = pair(ctx, &mut scan.warnings);
    // A text of thousands of stray marks gets the first few named and a count of the rest.
    if scan.warnings.len() > MAX_MARK_WARNINGS {
        let more = scan.warnings.len() - MAX_MARK_WARNINGS;
        scan.warnings.truncate(MAX_MARK_WARNINGS);
        scan.warnings
            .push(format!("… and {more} more unclosed quotation marks"));
    }
    let mut raws: Vec<Raw> = raws;
    raws.extend(block_quotes(ctx, &raws));
    raws.sort_by_key(|r| r.content.start);

    let mut resolver = Resolver {
        people,
        principal,
        last_speaker: None,
        last_person: None,
        last_person_at: 0,
        quote_start: 0,
    };
    let mut quotes: Vec<FoundQuote> = Vec::new();
    for raw in raws {
        let content = trim_content(text, raw.content.clone());
        if content.is_empty() {
            continue;
        }
        resolver.quote_start = raw.outer.start;
        let frame = attribute(ctx, &mut resolver, &raw, quotes.last());
        // A second partial quote in an attributed sentence is framed by the same verb:
        // … wrote that the call had been “constructive” and that they would meet “soon”.
        let continues = quotes.last().is_some_and(|prev| {
            prev.speaker.is_some()
                && ctx.sentence_at(prev.start) == ctx.sentence_at(raw.outer.start)
        });
        let cued = frame.is_some() || continues;
        if !raw.in_block
            && (!looks_like_speech(text, &content, &raw.outer, cued)
                || names_a_term(ctx, &content, &raw.outer))
        {
            continue;
        }
        let (speaker, cue, evidence) = match frame {
            Some((s, cue, ev)) => (s, Some(cue), Some(ev)),
            // A quote with no frame right after an attributed one in the same paragraph
            // continues it: “A,” Zelenskyy said in his address. “B.”
            None => match quotes.last() {
                Some(prev)
                    if prev.speaker.is_some()
                        && ctx.paragraph_index(prev.start)
                            == ctx.paragraph_index(raw.outer.start) =>
                {
                    let rule = Evidence {
                        rule: "quote.continued".to_string(),
                        cue: prev.evidence.as_ref().and_then(|e| e.cue.clone()),
                    };
                    (prev.speaker, prev.cue.clone(), Some(rule))
                }
                _ => (None, None, None),
            },
        };
        if let Some(s) = speaker {
            resolver.last_speaker = Some(s);
            if resolver.people.entities[s].kind == PersonKind::Person {
                resolver.last_person = Some(s);
                resolver.last_person_at = raw.outer.start;
            }
        }
        quotes.push(FoundQuote {
            start: content.start,
            end: content.end,
            speaker,
            attributed: speaker.is_some(),
            cue,
            evidence,
            outer: raw.outer.clone(),
            block: raw.block,
        });
    }

    // Paragraphs of one block share a speaker and cue: the block's first attributed one.
    let mut by_block: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for (j, q) in quotes.iter().enumerate() {
        if q.speaker.is_some() {
            by_block.entry(q.block).or_insert(j);
        }
    }
    for i in 0..quotes.len() {
        if quotes[i].speaker.is_some() {
            continue;
        }
        if let Some(&j) = by_block.get(&quotes[i].block) {
            let (speaker, cue) = (quotes[j].speaker, quotes[j].cue.clone());
            let evidence = quotes[j].evidence.as_ref().map(|e| Evidence {
                rule: format!("{}+block", e.rule),
                cue: e.cue.clone(),
            });
            let q = &mut quotes[i];
            q.speaker = speaker;
            q.cue = cue;
            q.attributed = true;
            q.evidence = evidence;
        }
    }

    // Quotes with no frame: the principal's own words when first-person in the
    // principal's release, or when everyone quoted is one person.
    let attributed: Vec<usize> = quotes.iter().filter_map(|q| q.speaker).collect();
    let sole = attributed
        .first()
        .copied()
        .filter(|&s| attributed.iter().all(|&x| x == s));
    let fx = &ctx.rules.re.quote;
    for q in &mut quotes {
        if q.speaker.is_some() {
            continue;
        }
        let first_person = fx.first_person.is_match(&text[q.start..q.end]);
        let fallback = match (sole, principal) {
            (Some(s), _) => Some((s, "quote.sole-speaker")),
            (None, Some(p)) if first_person => Some((p, "quote.principal-first-person")),
            _ => None,
        };
        match fallback {
            Some((s, rule)) => {
                q.speaker = Some(s);
                q.evidence = Some(Evidence {
                    rule: rule.to_string(),
                    cue: None,
                });
            }
            None => scan.warnings.push(format!(
                "quote at byte {} has no speaker: no attribution found",
                q.start
            )),
        }
    }
    for q in &quotes {
        if let Some(s) = q.speaker
            && !scan.speakers.contains(&s)
        {
            scan.speakers.push(s);
        }
    }
    if !ctx.explain {
        for q in &mut quotes {
            q.evidence = None;
        }
    }
    scan.quotes = quotes;
    scan
}

/// Unmarked block quotes: paragraphs after one that ends "X said:" (and has no marks).
fn block_quotes(ctx: &Context, marked: &[Raw]) -> Vec<Raw> {
    let text = ctx.text;
    let mut out = Vec::new();
    // Marked quotes sorted by start: one binary search per paragraph.
    let mut spans: Vec<Range<usize>> = marked.iter().map(|m| m.content.clone()).collect();
    spans.sort_by_key(|r| r.start);
    let has_mark = |r: &Range<usize>| {
        let i = spans.partition_point(|m| m.start < r.end);
        has_double_mark(&text[r.clone()])
            || spans[..i].iter().rev().take(4).any(|m| m.end > r.start)
    };
    let mut i = 0;
    let mut block = usize::MAX / 2;
    while i + 1 < ctx.paragraphs.len() {
        let intro = &ctx.paragraphs[i];
        let intro_text = &text[intro.clone()];
        let next = &ctx.paragraphs[i + 1];
        if !intro_text.ends_with(':')
            || !ctx.rules.re.block_intro.is_match(intro_text)
            || has_mark(next)
        {
            i += 1;
            continue;
        }
        let speaker = intro_speaker_word(ctx, intro.clone());
        let mut j = i + 1;
        while j < ctx.paragraphs.len() {
            let p = &ctx.paragraphs[j];
            let pt = &text[p.clone()];
            if has_mark(p) || pt.ends_with(':') || is_footer(pt) || narrated(ctx, pt, speaker) {
                break;
            }
            out.push(Raw {
                content: p.clone(),
                outer: intro.start..p.end,
                block,
                in_block: true,
            });
            j += 1;
        }
        block += 1;
        i = j;
    }
    out
}

/// Whether `s` contains `“`, `”`, `"`, `«` or `»`: memchr finds the bytes that can start
/// one, and only those places are decoded.
fn has_double_mark(s: &str) -> bool {
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, s.as_bytes())
        .any(|i| s[i..].starts_with(['“', '”', '"', '«', '»']))
}

/// The word right before the first speech verb of the intro's last sentence: the block's
/// speaker as the intro names it ("Ryder" in "… Pat Ryder said in a statement, which reads
/// as follows:", "spokesperson" in "A No10 spokesperson said:").
fn intro_speaker_word<'t>(ctx: &Context<'t>, intro: Range<usize>) -> Option<&'t str> {
    let sentence = ctx.sentence_at(intro.end.saturating_sub(1));
    let from = sentence.start.max(intro.start);
    let frame = &ctx.text[from..intro.end];
    let verb = ctx.rules.re.speech_verb_word.find(frame)?;
    let before = frame[..verb.start()].trim_end_matches(|c: char| is_space(c) || c == ',');
    let word = &before[crate::text::after_last_space(before)..];
    (!word.is_empty()).then_some(word)
}

/// A paragraph that opens with "Ryder added that …": the narrator speaks again, about the
/// block's own speaker (or "he"/"she"). Reported speech of someone else ("The Prime Minister
/// said that …" inside a spokesperson's block) stays in the block. With no speaker word
/// from the intro, any such opening ends the block.
fn narrated(ctx: &Context, paragraph: &str, speaker: Option<&str>) -> bool {
    let mut words = 0;
    let mut at = 0;
    let mut last = "";
    for (i, w) in paragraph.split(' ').enumerate().take(4) {
        if !w.starts_with(char::is_uppercase) {
            break;
        }
        words = i + 1;
        at += w.len() + usize::from(i > 0);
        last = w;
    }
    if words == 0 || !ctx.rules.re.speech_verb_after.is_match(&paragraph[at..]) {
        return false;
    }
    let pronoun = words == 1 && matches!(last, "He" | "She" | "They");
    pronoun || speaker.is_none_or(|s| s.eq_ignore_ascii_case(last))
}

fn is_footer(p: &str) -> bool {
    [
        "ends",
        "###",
        "-ends-",
        "notes to editors",
        "published",
        "related",
        "photo",
        "source:",
    ]
    .iter()
    .any(|f| lowercase_starts_with(p, f))
}

/// Whether `s.to_lowercase()` starts with `prefix`, a lower-case text without Greek
/// sigmas, lowering only the characters compared.
fn lowercase_starts_with(s: &str, prefix: &str) -> bool {
    // Char by char, lowering differs from `str::to_lowercase` only for a final capital
    // sigma, which can never equal a character of `prefix`.
    let mut lower = s.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lower.next() == Some(p))
}

/// Whether `s.to_lowercase()` ends with `suffix.to_lowercase()`, lowering only the
/// characters compared.
fn lowercase_ends_with(s: &str, suffix: &str) -> bool {
    if suffix.contains(['Σ', 'σ', 'ς']) {
        // A capital sigma lowers by context (word-final or not): compare the whole texts.
        return s.to_lowercase().ends_with(&suffix.to_lowercase());
    }
    // Lowering character by character differs from `str::to_lowercase` only for a capital
    // sigma, which either way lowers to a sigma that a sigma-free suffix does not have.
    let mut lower_s = s.chars().rev().flat_map(|c| c.to_lowercase().rev());
    suffix
        .chars()
        .rev()
        .flat_map(|c| c.to_lowercase().rev())
        .all(|c| lower_s.next() == Some(c))
}

/// Finds the quote's frame and resolves its speaker: (speaker, cue word, evidence).
fn attribute(
    ctx: &Context,
    resolver: &mut Resolver,
    raw: &Raw,
    previous: Option<&FoundQuote>,
) -> Option<(Option<usize>, String, Evidence)> {
    let text = ctx.text;
    let verbs = VerbFinder {
        words: ctx.rules.re.quote.verbs.as_ref(),
        regex: &ctx.rules.re.speech_verb_word,
    };

    // A block quote: its frame is the intro paragraph's last sentence.
    if raw.in_block
        && raw.outer.start < raw.content.start
        && !text[raw.outer.start..].starts_with(['“', '"', '«', '‘', '\'', '„'])
    {
        let intro_end = raw.outer.start
            + text[raw.outer.start..raw.content.start]
                .trim_end_matches(is_space)
                .len();
        return before_frame(ctx, resolver, verbs, intro_end, "quote.block");
    }

    // A dash and the speaker after the closing mark: “…” — Ana Kovač, Prime Minister.
    if let Some(found) = dash_frame(ctx, resolver, raw) {
        return Some(found);
    }

    // After the closing mark, in the same sentence.
    if let Some(found) = after_frame(ctx, resolver, verbs, raw.outer.end) {
        return Some(found);
    }

    // Split quote: “X,” Zelenskyy said, “Y.”
    if let Some(prev) = previous
        && prev.outer.end <= raw.outer.start
        && let Some(ev) = &prev.evidence
        && let Some(cue) = &ev.cue
    {
        let between = &text[cue.end.min(raw.outer.start)..raw.outer.start];
        let between = strip_after_verb(between);
        if cue.end <= raw.outer.start
            && cue.start >= prev.outer.end
            && between
                .trim_matches(|c: char| is_space(c) || matches!(c, ',' | ';' | ':' | '—' | '–'))
                .is_empty()
        {
            return Some((
                prev.speaker,
                prev.cue.clone().unwrap_or_default(),
                Evidence {
                    rule: "quote.split".to_string(),
                    cue: Some(cue.clone()),
                },
            ));
        }
    }

    // Before the opening mark: in the same sentence, or an intro paragraph ending in ':'.
    let sentence = ctx.sentence_at(raw.outer.start);
    let mut limit = sentence.start.min(raw.outer.start);
    if let Some(prev) = previous
        && prev.outer.end > limit
        && prev.outer.end <= raw.outer.start
    {
        limit = prev.outer.end;
    }
    let para = ctx.paragraph_index(raw.outer.start);
    let opens_paragraph = para.is_some_and(|p| ctx.paragraphs[p].start == raw.outer.start);
    if opens_paragraph {
        if let Some(p) = para.filter(|&p| p > 0) {
            let prev_para = &ctx.paragraphs[p - 1];
            if text[prev_para.clone()].ends_with(':') {
                return before_frame(ctx, resolver, verbs, prev_para.end, "quote.intro");
            }
        }
        return None;
    }
    let _ = limit;
    before_frame_in(
        ctx,
        resolver,
        verbs,
        sentence.start.max(limit),
        raw.outer.start,
    )
}

/// How many whole-quote paragraphs a signature line ("—Prime Minister Justin Trudeau") may
/// close after the quote's own paragraph.
const MAX_SIGNED_PARAGRAPHS: usize = 6;

/// A signature after the closing mark: a dash and the speaker, on the same line
/// (“…” — Ana Kovač, Prime Minister of Examplestan) or as a paragraph of its own after the
/// quote's paragraph and any whole-quote paragraphs that follow it (a statement's quote
/// section signed "—Prime Minister Justin Trudeau").
fn dash_frame(
    ctx: &Context,
    resolver: &mut Resolver,
    raw: &Raw,
) -> Option<(Option<usize>, String, Evidence)> {
    let text = ctx.text;
    let rest = &text[raw.outer.end..];
    let same_line = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    let dash_at = if starts_with_dash(same_line) {
        text.len() - same_line.len()
    } else if same_line.is_empty() || same_line.starts_with(['\n', '\r']) {
        // The quote ends its paragraph: skip whole-quote paragraphs to a signature line.
        let para = ctx.paragraph_index(raw.outer.end.saturating_sub(1))?;
        let opens = |p: &Range<usize>| text[p.clone()].starts_with(['“', '"', '«', '„']);
        let mut found = None;
        for p in ctx
            .paragraphs
            .iter()
            .skip(para + 1)
            .take(MAX_SIGNED_PARAGRAPHS)
        {
            let line = &text[p.clone()];
            if starts_with_dash(line) {
                // A signature is a name and a title, not a sentence.
                found = (line.split_whitespace().count() <= 16).then_some(p.start);
                break;
            }
            if !opens(p) {
                break;
            }
        }
        found?
    } else {
        return None;
    };
    let dash_len = text[dash_at..].chars().next().map_or(1, char::len_utf8);
    let subject = subject_starting_at(ctx, resolver, dash_at + dash_len)?;
    if !matches!(subject, Subject::Entity(_) | Subject::Title(..)) {
        return None;
    }
    let who = resolver.resolve(ctx, subject, dash_at);
    let dash = &text[dash_at..dash_at + dash_len];
    let cue = Span::of(text, dash_at, dash_at + dash_len);
    Some((who, dash.to_string(), ev("quote.dash", cue)))
}

/// Whether `s` opens with a dash that introduces a name: an em or en dash, or a hyphen
/// set off by a space.
fn starts_with_dash(s: &str) -> bool {
    s.starts_with(['—', '–']) || s.starts_with("- ")
}

fn strip_after_verb(s: &str) -> &str {
    // "Zelenskyy said in a statement, " → the part after the verb phrase is allowed.
    let t = s.trim_start();
    for lead in [
        "in a statement",
        "in the release",
        "in a release",
        "on Twitter",
        "on X",
        "in a video address",
        "later",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            return rest;
        }
    }
    s
}

/// "…,” Zelenskyy said / said Zelenskyy / the President added / he stressed.
fn after_frame(
    ctx: &Context,
    resolver: &mut Resolver,
    verbs: VerbFinder,
    from: usize,
) -> Option<(Option<usize>, String, Evidence)> {
    let text = ctx.text;
    let window_end = crate::text::floor_boundary(text, (from + 160).min(text.len()));
    let window = &text[from..window_end];
    // Stop at the end of the sentence or at the next quotation mark.
    let stop = mark_or_line_stop(window).min(sentence_stop(window));
    let window = &window[..stop];
    let lead = window.len()
        - window
            .trim_start_matches(|c: char| is_space(c) || matches!(c, ',' | '—' | '–' | '-'))
            .len();
    let m = verbs.first(window)?;
    let verb = window[m.clone()].to_string();
    let cue_span = Span::of(text, from + m.start, from + m.end);
    let subject_text = &window[lead..m.start];
    if subject_text.trim().is_empty() {
        // "said Zelenskyy" / "said President Barroso".
        let after = from + m.end;
        let subj = subject_starting_at(ctx, resolver, after)?;
        let at = from + m.start;
        let who = resolver.resolve(ctx, subj, at);
        return Some((who, verb, ev("quote.after.verb-subject", cue_span)));
    }
    if subject_text.split_whitespace().count() > 9 {
        return None;
    }
    let subj = subject_ending_at(ctx, resolver, from + m.start, from + lead)?;
    let who = resolver.resolve(ctx, subj, from + m.start);
    Some((who, verb, ev("quote.after.subject-verb", cue_span)))
}

/// Byte offset of the first `“`, `"`, `«`, `\n` or `\r` in `s`, or its length: a byte loop
/// that decodes only the lead bytes of `“` and `«`.
fn mark_or_line_stop(s: &str) -> usize {
    let bytes = s.as_bytes();
    (0..bytes.len())
        .find(|&i| match bytes[i] {
            b'"' | b'\n' | b'\r' => true,
            0xE2 => s[i..].starts_with('“'),
            0xC2 => s[i..].starts_with('«'),
            _ => false,
        })
        .unwrap_or(s.len())
}

fn sentence_stop(window: &str) -> usize {
    // ". " followed by a capital ends the sentence; abbreviations are rare in frames.
    let bytes = window.as_bytes();
    let full_stops = memchr::memchr_iter(b'.', bytes).filter(|&i| bytes.get(i + 1) == Some(&b' '));
    for i in full_stops {
        let next = bytes.get(i + 2).copied().unwrap_or(b' ');
        if next.is_ascii_uppercase() {
            let word_start = window[..i].rfind(' ').map_or(0, |o| o + 1);
            let word = &window[word_start..i];
            if word.len() > 3 || word.chars().all(|c| c.is_lowercase()) {
                return i;
            }
        }
    }
    window.len()
}

fn ev(rule: &str, cue: Span) -> Evidence {
    Evidence {
        rule: rule.to_string(),
        cue: Some(cue),
    }
}

/// A frame ending at `end` (the intro paragraph or sentence prefix): "X said:", "According to X,".
fn before_frame(
    ctx: &Context,
    resolver: &mut Resolver,
    verbs: VerbFinder,
    end: usize,
    rule: &str,
) -> Option<(Option<usize>, String, Evidence)> {
    let sentence = ctx.sentence_at(end.saturating_sub(1));
    let found = before_frame_in(ctx, resolver, verbs, sentence.start, end)?;
    let (who, cue, mut e) = found;
    e.rule = format!("{rule}{}", e.rule.trim_start_matches("quote.before"));
    Some((who, cue, e))
}

/// Looks for the last speech verb in `start..end` and the subject right before it.
fn before_frame_in(
    ctx: &Context,
    resolver: &mut Resolver,
    verbs: VerbFinder,
    start: usize,
    end: usize,
) -> Option<(Option<usize>, String, Evidence)> {
    let text = ctx.text;
    let start = start.max(crate::text::ceil_boundary(
        text,
        end.saturating_sub(2 * FRAME_BYTES),
    ));
    if start >= end {
        return None;
    }
    let prefix = &text[start..end];
    let fx = &ctx.rules.re.quote;
    // "According to X, “…”" (the pattern ends in a comma and spaces: checked first).
    if let Some(c) = prefix
        .trim_end()
        .ends_with(',')
        .then(|| fx.according_subject.captures(prefix))
        .flatten()
    {
        let s = c.name("s").expect("group");
        let (ss, se) = (start + s.start(), start + s.end());
        let subj = subject_starting_at(ctx, resolver, ss)
            .or_else(|| subject_ending_at(ctx, resolver, se, ss))?;
        let who = resolver.resolve(ctx, subj, ss);
        let whole = c.get(0).expect("group 0");
        let cue = Span::of(
            text,
            start + whole.start(),
            start + whole.start() + "according to".len(),
        );
        return Some((
            who,
            "according to".to_string(),
            ev("quote.before.according-to", cue),
        ));
    }
    // The last three speech verbs, latest first (no more are ever looked at).
    let mut last_verbs = verbs.last_three(prefix);
    let m = last_verbs.next()?;
    // What lies between the verb and the mark must be a short frame: "that", ":", "told reporters that".
    let tail = prefix[m.end..].trim_matches(|c: char| is_space(c) || matches!(c, ',' | ':'));
    let tail_words = || tail.split_whitespace().count();
    let tail_ok = tail.is_empty()
        || matches!(tail, "that" | "in part" | "in a statement" | "in part that")
        || tail_words() <= 3 && !tail.contains(['.', ';'])
        || tail_words() <= 8
            && !tail.contains(['.', ';'])
            && prefix[..m.start].trim_end().len() < 60
        || fx.told_object.is_match(
            prefix[m.start..].trim_end_matches(|c: char| is_space(c) || matches!(c, ',' | ':')),
        );
    if !tail_ok {
        return None;
    }
    // The last verb's subject; else an earlier verb's in the same frame ("X said in a
    // statement, which reads as follows:").
    for v in std::iter::once(m).chain(last_verbs) {
        let verb = &prefix[v.clone()];
        let verb_at = start + v.start;
        let coordinated = fx.and_end.is_match(&prefix[..v.start]);
        let subj = if verb.ends_with("ing") || coordinated {
            // "…, saying: ‘…’" / "X thanked Y and said that …": the sentence's subject,
            // not the noun right before the verb.
            sentence_subject(ctx, resolver, start, verb_at)
        } else {
            subject_ending_at(ctx, resolver, verb_at, start)
        };
        if let Some(subj) = subj {
            let cue = Span::of(text, verb_at, start + v.end);
            let who = resolver.resolve(ctx, subj, verb_at);
            return Some((who, verb.to_string(), ev("quote.before.subject-verb", cue)));
        }
    }
    None
}

/// The rule set's spelling of a title matched in any case ("minister" → "Minister").
fn canonical_title(ctx: &Context, found: &str) -> Option<String> {
    ctx.rules
        .set
        .titles
        .iter()
        .find(|t| t.eq_ignore_ascii_case(found))
        .cloned()
}

/// The first person or title named in `start..end` (the subject of a participle frame).
fn sentence_subject(
    ctx: &Context,
    resolver: &Resolver,
    start: usize,
    end: usize,
) -> Option<Subject> {
    let sentence = ctx.sentence_at(start);
    let from = sentence.start.min(start);
    let people = &*resolver.people;
    let mention = people
        .mentions_in(from, end)
        .first()
        .map(|m| (m.start, Subject::Entity(m.entity)));
    let first_title = people.titles.partition_point(|t| t.start < from);
    let title = people.titles[first_title..]
        .iter()
        .find(|t| t.start >= from && t.end <= end)
        .map(|t| {
            (
                t.start,
                Subject::Title(t.title.clone(), t.country.clone(), t.start, t.end),
            )
        });
    match (mention, title) {
        (Some(m), Some(t)) => Some(if m.0 <= t.0 { m.1 } else { t.1 }),
        (m, t) => m.or(t).map(|x| x.1),
    }
}

/// The subject of a verb that starts at `verb_start`, looking back no further than `floor`.
fn subject_ending_at(
    ctx: &Context,
    resolver: &mut Resolver,
    verb_start: usize,
    floor: usize,
) -> Option<Subject> {
    let text = ctx.text;
    // A subject sits right before its verb: look back a bounded distance only.
    let floor = floor.max(crate::text::ceil_boundary(
        text,
        verb_start.saturating_sub(FRAME_BYTES),
    ));
    let fx = &ctx.rules.re.quote;
    let mut end = verb_start;
    // Skip spaces and adverbs: "Zelenskyy once again said", "Kirby, also, said".
    loop {
        let before = text[floor..end].trim_end_matches(is_space);
        let trimmed_end = floor + before.len();
        let (off, last) = crate::text::tail(before, 60);
        if let Some(adverb_start) = fx.adverb_at_end(last) {
            end = floor + off + adverb_start;
            continue;
        }
        end = trimmed_end;
        break;
    }
    if end <= floor {
        return None;
    }
    let before = &text[floor..end];
    let people = &*resolver.people;
    if let Some(m) = people.mention_ending_at(end) {
        return Some(Subject::Entity(m.entity));
    }
    // An appositive: "The Prime Minister, Justin Trudeau," / "Ana Kovač, Prime Minister of X,".
    if let Some(inner) = before.strip_suffix(',') {
        let inner_end = floor + inner.trim_end().len();
        if let Some(m) = people.mention_ending_at(inner_end) {
            return Some(Subject::Entity(m.entity));
        }
        // Name, Title of Country,
        if let Some(comma) = inner.rfind(", ")
            && let Some(m) = people.mention_ending_at(floor + comma)
        {
            return Some(Subject::Entity(m.entity));
        }
    }
    if fx.ends_with_pronoun(crate::text::tail(before, 20).1) {
        return Some(Subject::Pronoun);
    }
    if let Some(t) = people.title_ending_at(end) {
        return Some(Subject::Title(
            t.title.clone(),
            t.country.clone(),
            t.start,
            t.end,
        ));
    }
    label_ending_at(ctx, floor, end)
}

/// `re.captures(haystack)`, run only when `re.is_match(haystack)`: for the patterns
/// anchored at the end, the match test is a short reverse scan, while a capture search
/// costs twice as much even when nothing matches, which is nearly always.
fn captures_if_match<'h>(re: &Regex, haystack: &'h str) -> Option<regex::Captures<'h>> {
    re.is_match(haystack)
        .then(|| re.captures(haystack))
        .flatten()
}

/// Institutions, unnamed spokespeople and documents ending at `end`.
fn label_ending_at(ctx: &Context, floor: usize, end: usize) -> Option<Subject> {
    let text = ctx.text;
    let before = &text[floor..end];
    let set = &ctx.rules.set;
    // "the message reads", "the statement said".
    let last_word_start = crate::text::after_last_space(before);
    let last_word = &before[last_word_start..];
    if set.document_nouns.iter().any(|d| d == last_word) {
        return Some(Subject::Document);
    }
    // "the French leader", "the Turkish president": the latest person of that country.
    if let Some(c) = captures_if_match(
        &ctx.rules.re.country_role_end,
        crate::text::tail(before, 80).1,
    ) {
        let adjective = c.name("adj").expect("group adj").as_str();
        if let Some(country) = ctx.rules.country_of(adjective) {
            return Some(Subject::CountryRole(country.to_string()));
        }
    }
    // "the minister", "the president" written in lower case.
    let (off, last) = crate::text::tail(before, 120);
    let fx = &ctx.rules.re.quote;
    if let Some((whole, t)) = fx.title_anaphor_at_end(&ctx.rules.re.title_anaphor_end, last)
        && let Some(title) = canonical_title(ctx, t)
    {
        return Some(Subject::Title(
            title,
            None,
            floor + off + whole.start,
            floor + off + whole.end,
        ));
    }
    // "the Government of Examplestan", "the Foreign Ministry".
    if let Some(i) = fx.institution_at_end(&ctx.rules.re.institution_phrase, last) {
        let name = last[i.clone()]
            .trim_start_matches("the ")
            .trim_start_matches("The ");
        if name.split_whitespace().count() >= 2 {
            return Some(Subject::Label(
                PersonKind::Institution,
                name.to_string(),
                floor + off + i.end - name.len(),
                floor + off + i.end,
            ));
        }
    }
    // "A Downing Street spokesman", "a Kremlin spokesperson", "the official".
    if set.spokesperson_nouns.iter().any(|n| n == last_word) {
        let phrase_start = before[..last_word_start]
            .rfind([',', ';', '.', ':'])
            .map_or(0, |o| o + 1);
        let phrase = before[phrase_start..].trim_start_matches(is_space);
        let phrase_at = floor + before.len() - phrase.len();
        let words: Vec<&str> = phrase.split_whitespace().collect();
        // Take the article and the capitalised words before the noun.
        let mut k = words.len() - 1;
        while k > 0
            && words[k - 1].chars().next().is_some_and(char::is_uppercase)
            && !matches!(words[k - 1], "A" | "The" | "An")
        {
            k -= 1;
        }
        let name_words = &words[k..];
        let name = name_words.join(" ");
        let name_start = phrase_at + phrase.find(name_words[0]).unwrap_or(0);
        return Some(Subject::Label(PersonKind::Person, name, name_start, end));
    }
    // Only a form whose last character lowers to the text's can end it (a sigma lowers by
    // context: then the forms are compared in full).
    let lowered_last = |s: &str| {
        s.chars()
            .next_back()
            .filter(|c| !matches!(c, 'Σ' | 'σ' | 'ς'))
            .and_then(|c| c.to_lowercase().next_back())
    };
    let before_last = lowered_last(before);
    for inst in &set.institutions {
        for form in std::iter::once(&inst.name).chain(&inst.aliases) {
            if let (Some(b), Some(f)) = (before_last, lowered_last(form))
                && b != f
            {
                continue;
            }
            if before.ends_with(form.as_str()) || lowercase_ends_with(before, form) {
                let start = end - form.len();
                if text.is_char_boundary(start) {
                    return Some(Subject::Label(
                        PersonKind::Institution,
                        inst.name.clone(),
                        start,
                        end,
                    ));
                }
            }
        }
    }
    None
}

/// The subject right after a verb: "said Zelenskyy", "said President Barroso", "said he".
fn subject_starting_at(ctx: &Context, resolver: &mut Resolver, pos: usize) -> Option<Subject> {
    let text = ctx.text;
    let rest = &text[pos..];
    let mut lead = rest.len() - rest.trim_start_matches(is_space).len();
    // "said H.E. Faki": an honorific before the name is not part of the mention.
    if let Some(h) = ctx.rules.re.honorific_start.find(&rest[lead..])
        && resolver
            .people
            .mention_starting_at(pos + lead + h.end())
            .is_some()
    {
        lead += h.end();
    }
    let at = pos + lead;
    let people = &*resolver.people;
    if let Some(m) = people.mention_starting_at(at) {
        return Some(Subject::Entity(m.entity));
    }
    if let Some(t) = people.title_starting_at(at) {
        return Some(Subject::Title(
            t.title.clone(),
            t.country.clone(),
            t.start,
            t.end,
        ));
    }
    if ctx.rules.re.quote.pronoun_start.is_match(&text[at..]) {
        return Some(Subject::Pronoun);
    }
    if let Some(c) = ctx.rules.re.title_anaphor_start.captures(&text[at..]) {
        let t = c.name("t").expect("group t");
        if let Some(title) = canonical_title(ctx, t.as_str()) {
            return Some(Subject::Title(
                title,
                None,
                at,
                at + c.get(0).expect("group 0").end(),
            ));
        }
    }
    // "the Kremlin said" written as "said the Kremlin".
    let window = crate::text::floor_boundary(text, at + FRAME_BYTES);
    let end = text[at..window]
        .find([',', '.', ';', '\n'])
        .map_or(window, |o| at + o);
    label_ending_at(ctx, at, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    fn quotes(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let doc = crate::parse(text, &crate::Options::default());
        doc.quotes
            .into_iter()
            .map(|q| (q.text, q.speaker, q.cue))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        quotes(text).into_iter().map(|q| q.0).collect()
    }

    #[test]
    fn apostrophes_are_not_marks() {
        let m: Vec<Mark> = marks("Ukraine’s don't the ’90s rock ’n’ roll leaders’ call").collect();
        assert!(m.iter().all(|m| m.class == Class::Single), "{m:?}");
        assert!(texts("Ukraine’s allies don't agree, and Putin’s regime fell.").is_empty());
    }

    #[test]
    fn single_quotes_with_apostrophes_inside() {
        let t =
            "The Prime Minister ended the call by saying: ‘You’re a hero, everybody loves you’.";
        assert_eq!(texts(t), ["You’re a hero, everybody loves you"]);
    }

    #[test]
    fn split_quotes_share_a_speaker() {
        let t = "President Ana Kovač spoke. “We agreed on the next steps,” Kovač said, “and we will meet again in Brussels.”";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].1, q[1].1);
        assert_eq!(q[1].0, "and we will meet again in Brussels");
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        assert!(
            texts(
                "They discussed the “Peace Formula” and the so-called “referendums” in the east."
            )
            .is_empty()
        );
        assert!(texts("He praised the ''special and privileged'' partnership.").is_empty());
    }

    #[test]
    fn terms_after_articles_and_document_titles_are_not_quotes() {
        let t = "Vladimir Putin said the G7 had imposed the “price cap” on Russian oil.";
        assert!(texts(t).is_empty());
        let t = "The leaders adopted a Joint Statement, “Strengthening the Alliance for a New Era,” setting out their plans.";
        assert!(texts(t).is_empty());
        // A longer phrase after an article, framed by a verb, is a partial quote.
        let t = "President Ana Kovač said they had discussed the “withdrawal of foreign military personnel”.";
        assert_eq!(texts(t), ["withdrawal of foreign military personnel"]);
        // "in a statement" after a speech verb frames speech.
        let t = "The Kremlin said in a statement, “The Talks Were Useful And Frank.”";
        assert_eq!(texts(t), ["The Talks Were Useful And Frank"]);
    }

    #[test]
    fn a_dash_signature_names_the_speaker() {
        let t = "Prime Minister Ana Kovač spoke with Foreign Minister Jon Berg of Norland.\n\n“We agreed on energy,” Kovač said.\n\n“Norland stands ready to help.” — Jon Berg, Minister of Foreign Affairs of Norland\n";
        let q = quotes(t);
        assert_eq!(q[1].1.as_deref(), Some("jon-berg"));
        assert_eq!(q[1].2.as_deref(), Some("—"));
        // A quote section: whole-quote paragraphs signed on a line of their own.
        let t = "Prime Minister Ana Kovač met President Marko Horvat today.\n\nQuote\n\n“Our friendship is strong.”\n\n“We will stand together.”\n\n—President Marko Horvat\n\nQuick Facts\n";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert!(
            q.iter().all(|x| x.1.as_deref() == Some("marko-horvat")),
            "{q:?}"
        );
    }

    #[test]
    fn a_block_goes_on_through_reported_speech_of_others() {
        // The spokesperson reports what the Prime Minister said: still the block.
        let t = "A Downing Street spokesperson said:\n\nThe Prime Minister spoke to President Kovač.\n\nThe Prime Minister said that support would continue.\n";
        assert_eq!(quotes(t).len(), 2);
        // The block's own speaker narrated again: the block ends.
        let t = "Press Secretary Pat Ryder said in a statement, which reads as follows:\n\nThe Secretary spoke with Minister Kovač.\n\nRyder added that the call was the fourth this year.\n";
        assert_eq!(texts(t), ["The Secretary spoke with Minister Kovač"]);
    }

    #[test]
    fn mismatched_and_unclosed_marks() {
        let t = r#"“We will not give up," the President said."#;
        assert_eq!(texts(t), ["We will not give up"]);
        let doc = crate::parse(
            "Intro. “This never closes and goes on for a while.\n\nNext paragraph here.",
            &crate::Options::default(),
        );
        assert!(doc.quotes.is_empty());
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.contains("unclosed quotation mark at byte 7")),
            "{:?}",
            doc.warnings
        );
    }

    #[test]
    fn stray_marks_are_warned_about_in_a_bounded_list() {
        let text = "“".repeat(100);
        let doc = crate::parse(&text, &crate::Options::default());
        assert_eq!(doc.warnings.len(), MAX_MARK_WARNINGS + 1);
        assert!(doc.warnings[0].starts_with("unclosed quotation mark at byte 0"));
        assert!(
            doc.warnings
                .last()
                .unwrap()
                .contains("more unclosed quotation marks")
        );
    }

    #[test]
    fn case_insensitive_ends_and_starts_agree_with_lowering_whole_texts() {
        let texts = [
            "the Élysée",
            "THE ÉLYSÉE",
            "said the kremlin",
            "Οδυσσεύς ΟΔΥΣΣΕΥΣ",
            "İstanbul KELVIN \u{212a}",
            "ΣΑΣ the Kremlin",
            "",
        ];
        let suffixes = [
            "Élysée",
            "Kremlin",
            "ΟΔΥΣΣΕΥΣ",
            "σας",
            "k",
            "elvin k",
            "the kremlin",
        ];
        for s in texts {
            for suffix in suffixes {
                assert_eq!(
                    lowercase_ends_with(s, suffix),
                    s.to_lowercase().ends_with(&suffix.to_lowercase()),
                    "{s:?} ends with {suffix:?}"
                );
            }
            for prefix in ["the", "ends", "i", "notes to editors"] {
                assert_eq!(
                    lowercase_starts_with(s, prefix),
                    s.to_lowercase().starts_with(prefix),
                    "{s:?} starts with {prefix:?}"
                );
            }
        }
    }

    #[test]
    fn end_patterns_read_without_captures_agree_with_their_captures() {
        let rules = Rules::builtin();
        let (re, fx) = (&rules.re, &rules.re.quote);
        let (mut institutions, mut titles) = (0, 0);
        for text in [
            "after the call, the Foreign Ministry",
            "the Government of the Republic of North Examplestan",
            "Ministry of Foreign Affairs of Examplestan",
            "\u{a0}Foreign Ministry",
            " the Presidency",
            "the Embassy of",
            "spoke to the  prime minister",
            "THE PRESIDENT",
            "the Deputy Prime Minister",
            "with the Minister of Foreign Affairs",
            "the weather",
            "said the Kremlin Press Service",
        ] {
            let captured = re
                .institution_phrase
                .captures(text)
                .map(|c| c.name("i").unwrap().range());
            assert_eq!(
                fx.institution_at_end(&re.institution_phrase, text),
                captured
            );
            if captured.is_some() {
                assert!(fx.institution_may_end(text), "{text:?}");
                institutions += 1;
            }
            let captured = re.title_anaphor_end.captures(text).map(|c| {
                let whole = c.get(0).unwrap().range();
                (whole, c.name("t").unwrap().as_str())
            });
            titles += usize::from(captured.is_some());
            assert_eq!(
                fx.title_anaphor_at_end(&re.title_anaphor_end, text),
                captured
            );
        }
        assert!(institutions >= 4 && titles >= 4, "{institutions} {titles}");
    }

    #[test]
    fn gated_end_patterns_agree_with_the_patterns() {
        let fx = &Rules::builtin().re.quote;
        for text in [
            "Zelenskyy once again",
            "Kirby, also",
            "Kirby,ALSO",
            "he alſo",
            "the minister has",
            "hash",
            "later on ",
            "in part",
            "firmly,",
            "",
            "She",
            "the",
            "and he",
            "Ashe",
            "(she",
        ] {
            let expected = fx.adverbs.find(text).map(|m| m.start());
            assert_eq!(fx.adverb_at_end(text), expected, "{text:?}");
            let expected = fx.pronoun_end.is_match(text);
            assert_eq!(fx.ends_with_pronoun(text), expected, "{text:?}");
        }
    }

    #[test]
    fn paragraph_convention() {
        let t = "The Chancellor said:\n\n“First paragraph of the statement is here.\n\n“Second paragraph of it is here.”\n";
        assert_eq!(
            texts(t),
            [
                "First paragraph of the statement is here",
                "Second paragraph of it is here"
            ]
        );
        let _ = Rules::builtin();
    }
}
