//! The serialized document (schema_version 1): one place, every field documented.
//!
//! These types are what `readout` writes and what `readout check` reads back. Field order
//! here is the order in the JSON output, so keep it stable.

use serde::{Deserialize, Serialize};

/// The version of the document format; bump it when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// A piece of the input: `input[start..end] == text`, with byte offsets into the input as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The exact text of the span.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end` of `input`. Callers pass char-boundary offsets.
    pub fn of(input: &str, start: usize, end: usize) -> Span {
        Span {
            text: input[start..end].to_string(),
            start,
            end,
        }
    }
}

/// Why an item was extracted: the rule's name and the span of its cue (with `--explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The name of the rule that matched, e.g. `quote.after.verb-subject`.
    pub rule: String,
    /// The cue in the text that triggered the rule, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
}

/// One parsed release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The path as given, `-` for stdin, or a record's id.
    pub source: String,
    /// The reference date used to resolve relative dates (ISO), if any.
    pub reference_date: Option<String>,
    /// Spans naming the issuing source ("Ukraine’s presidential office", "the White House").
    pub reported_by: Vec<Span>,
    /// Everyone the text names: people and quoted institutions.
    pub people: Vec<Person>,
    /// Ids of people who are quoted or whose office issued the readout.
    pub speakers: Vec<String>,
    /// Ids of the people the speakers talked with, met or called.
    pub counterparts: Vec<String>,
    /// One conversation per counterpart.
    pub conversations: Vec<Conversation>,
    /// Every direct quote, in text order.
    pub quotes: Vec<Quote>,
    /// Every calendar-day expression, in text order.
    pub dates: Vec<DateMention>,
    /// Notes about what could not be resolved.
    pub warnings: Vec<String>,
}

impl Document {
    /// An empty document for `source`.
    pub fn empty(source: &str) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            source: source.to_string(),
            reference_date: None,
            reported_by: Vec::new(),
            people: Vec::new(),
            speakers: Vec::new(),
            counterparts: Vec::new(),
            conversations: Vec::new(),
            quotes: Vec::new(),
            dates: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Every span in the document as `(start, end, text)`, for invariant checks.
    pub fn spans(&self) -> Vec<(usize, usize, &str)> {
        let spans = self
            .reported_by
            .iter()
            .chain(self.people.iter().flat_map(|p| &p.mentions))
            .map(|s| (s.start, s.end, s.text.as_str()));
        let quotes = self
            .quotes
            .iter()
            .map(|q| (q.start, q.end, q.text.as_str()));
        let dates = self.dates.iter().map(|d| (d.start, d.end, d.text.as_str()));
        spans.chain(quotes).chain(dates).collect()
    }
}

/// Whether a named speaker is a human being or a body that speaks as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    /// A person.
    Person,
    /// A quoted body such as the Kremlin or the White House.
    Institution,
}

/// What part a person plays in the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Quoted, or the principal whose office issued the readout.
    Speaker,
    /// Talked with, met or was called by a speaker.
    Counterpart,
    /// Only named.
    Mentioned,
}

/// A person (or institution) the text names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Stable slug of the canonical name, e.g. `joseph-biden`.
    pub id: String,
    /// Person or institution.
    pub kind: PersonKind,
    /// The fullest form of the name (or the actor dictionary's canonical name).
    pub name: String,
    /// The other forms of the name found in the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The title the text gives, e.g. `President`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The country the text gives, canonical name, e.g. `United States`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Speaker, counterpart and/or mentioned.
    pub roles: Vec<Role>,
    /// Spans that name the person, title included; pronouns are not mentions.
    pub mentions: Vec<Span>,
}

/// How a conversation took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// The text does not say how.
    Conversation,
    /// In person.
    Meeting,
    /// By telephone.
    PhoneCall,
    /// By video link.
    VideoCall,
}

/// Who talked with whom, how, when and about what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversation {
    /// How they talked.
    pub kind: ConversationKind,
    /// Person ids: the principal first, then the counterpart.
    pub participants: Vec<String>,
    /// ISO date, when the text dates it.
    pub date: Option<String>,
    /// Phrases after "discussed" and similar cues.
    pub topics: Vec<String>,
    /// Why (with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Evidence>,
}

/// A direct quote; the span excludes the quotation marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The quoted words.
    pub text: String,
    /// Person id of the speaker, or null when unresolved.
    pub speaker: Option<String>,
    /// The attribution verb ("said", "added", "according to", …), when there is one.
    pub cue: Option<String>,
    /// Byte offset of the first quoted byte.
    pub start: usize,
    /// Byte offset one past the last quoted byte.
    pub end: usize,
    /// Why (with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Evidence>,
}

/// What sort of date expression was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A calendar date ("25 June", "2023-06-25").
    Absolute,
    /// A day relative to the reference date ("yesterday").
    Relative,
    /// A weekday ("on Sunday").
    Weekday,
}

/// A calendar-day expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateMention {
    /// The expression, without a leading "on".
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// ISO date; `XXXX-MM-DD` when the year is unknown; null when unresolved.
    pub value: Option<String>,
    /// Absolute, relative or weekday.
    pub kind: DateKind,
    /// Why (with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Evidence>,
}
