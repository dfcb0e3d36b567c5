//! Quotes: quotation marks paired, filtered and attributed.
use super::Context;
use super::people::People;
use crate::model::Quote;

/// Quotes found plus who speaks.
#[derive(Debug, Default)]
pub struct QuoteScan {
    /// Quotes.
    pub quotes: Vec<Quote>,
    /// Entity indexes of speakers.
    pub speakers: Vec<usize>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Extracts quotes.
pub fn extract(_ctx: &Context, _people: &mut People) -> QuoteScan {
    QuoteScan::default()
}
