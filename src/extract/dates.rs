//! Dates: every calendar-day expression, resolved against the reference date.

use jiff::civil::Date;

use super::Context;
use crate::model::DateMention;

/// Dates found in a text plus warnings about them.
#[derive(Debug, Default)]
pub struct DateScan {
    /// Every date expression, in text order.
    pub mentions: Vec<DateMention>,
    /// Notes such as a weekday that disagrees with its date.
    pub warnings: Vec<String>,
}

/// The reference date a dateline near the top of the text gives, if any.
pub fn dateline(_ctx: &Context) -> Option<Date> {
    None
}

/// Finds and resolves every date expression.
pub fn extract(_ctx: &Context, _reference: Option<Date>) -> DateScan {
    DateScan::default()
}
