//! The extraction pipeline, in the order the data flows: geometry, dates, people, quotes,
//! conversations, then assembly into a [`Document`].
//!
//! Each stage is a function from the text (plus what earlier stages found) to spans.

pub mod conversations;
pub mod dates;
pub mod people;
pub mod quotes;

use std::ops::Range;

use crate::model::{Document, Quote, Role};
use crate::rules::Rules;
use crate::{Options, text};

/// What every stage may look at: the text, the rules and its geometry.
pub struct Context<'a> {
    /// The input as read.
    pub text: &'a str,
    /// The compiled rule set.
    pub rules: &'a Rules,
    /// Paragraph ranges.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentence ranges, in order, never crossing a paragraph.
    pub sentences: Vec<Range<usize>>,
    /// Whether to attach evidence to items.
    pub explain: bool,
    /// Every conversation cue in the text, in order (found once, used by three stages).
    pub cue_hits: Vec<CueHit>,
}

/// A conversation cue found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    /// Byte offset of the cue's first byte.
    pub start: usize,
    /// Byte offset just past the cue.
    pub end: usize,
    /// Index of the cue in the rule set's `conversation_cues`.
    pub cue: usize,
}

impl<'a> Context<'a> {
    /// Computes the geometry of `text`.
    pub fn new(text: &'a str, rules: &'a Rules, explain: bool) -> Context<'a> {
        let paragraphs = text::paragraphs(text);
        let mut sentences = Vec::new();
        for p in &paragraphs {
            text::sentences_into(text, p.clone(), &mut sentences);
        }
        let mut cue_hits = Vec::new();
        rules.re.any_cue.for_each_match(text, |m| {
            cue_hits.push(CueHit {
                start: m.start(),
                end: m.end(),
                cue: m.pattern().as_usize(),
            });
        });
        Context {
            text,
            rules,
            paragraphs,
            sentences,
            explain,
            cue_hits,
        }
    }

    /// The sentence containing byte `pos` (or the nearest one before it).
    pub fn sentence_at(&self, pos: usize) -> Range<usize> {
        let i = self.sentences.partition_point(|s| s.start <= pos);
        if i == 0 {
            return 0..0;
        }
        self.sentences[i - 1].clone()
    }

    /// The index of the paragraph containing byte `pos`, if any.
    pub fn paragraph_index(&self, pos: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.start <= pos);
        (i > 0 && pos <= self.paragraphs[i - 1].end).then(|| i - 1)
    }
}

/// Runs every stage on `text`.
pub fn run(text: &str, options: &Options) -> Document {
    let rules = &*options.rules;
    let ctx = Context::new(text, rules, options.explain);
    let mut doc = Document::empty(&options.source);

    let date_tokens = dates::DateTokens::scan(&ctx);
    let reference = options
        .reference_date
        .or_else(|| dates::dateline_of(&ctx, &date_tokens));
    doc.reference_date = reference.map(|d| d.to_string());
    let dates = dates::extract_from(&ctx, date_tokens, reference);

    let mut people = people::find(&ctx, reference);
    let principal = conversations::principal(&ctx, &mut people);
    let quotes = quotes::extract(&ctx, &mut people, principal);
    // A release with no acting principal is the first quoted speaker's.
    let principal = principal.or_else(|| quotes.speakers.first().copied());
    let speech: Vec<_> = quotes.quotes.iter().map(|q| q.outer.clone()).collect();
    let talks = conversations::extract(&ctx, &mut people, principal, &dates.mentions, &speech);

    // Speakers: the principal and everyone quoted; counterparts from the conversations.
    let mut speakers: Vec<usize> = principal.into_iter().collect();
    speakers.extend(quotes.speakers.iter().copied());
    for &s in &speakers {
        people.add_role(s, Role::Speaker);
    }
    for &c in &talks.counterparts {
        people.add_role(c, Role::Counterpart);
    }
    let (persons, ids) = people.into_output(text);
    let id = |i: usize| ids[i].clone();
    doc.speakers = unique(speakers.iter().map(|&i| id(i)));
    doc.counterparts = unique(talks.counterparts.iter().map(|&i| id(i)));
    doc.conversations = talks
        .conversations
        .iter()
        .map(|c| c.to_output(&id))
        .collect();
    doc.reported_by = talks.reported_by;
    doc.quotes = quotes
        .quotes
        .iter()
        .map(|q| Quote {
            text: text[q.start..q.end].to_string(),
            speaker: q.speaker.map(id),
            cue: q.cue.clone(),
            start: q.start,
            end: q.end,
            explain: q.evidence.clone(),
        })
        .collect();
    doc.warnings.extend(dates.warnings);
    doc.warnings.extend(quotes.warnings);
    doc.dates = dates.mentions;
    doc.people = persons;
    doc
}

/// Keeps the first of each id, in order.
fn unique(ids: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = foldhash::HashSet::default();
    ids.filter(|id| seen.insert(id.clone())).collect()
}
