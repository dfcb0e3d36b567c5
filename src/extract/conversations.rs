//! Conversations: who talked with whom.
use super::Context;
use super::people::People;
use super::quotes::QuoteScan;
use crate::model::{Conversation, DateMention, Span};

/// Conversations found.
#[derive(Debug, Default)]
pub struct Talks {
    /// The principal entity.
    pub principal: Option<usize>,
    /// Counterpart entities.
    pub counterparts: Vec<usize>,
    /// Conversations.
    pub conversations: Vec<Conversation>,
    /// Issuing source spans.
    pub reported_by: Vec<Span>,
}

/// Extracts conversations.
pub fn extract(_ctx: &Context, _people: &mut People, _quotes: &QuoteScan, _dates: &[DateMention]) -> Talks {
    Talks::default()
}
