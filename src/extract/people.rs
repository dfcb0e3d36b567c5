//! People: names found from titles, speech and conversation cues, and the actor dictionary.
use jiff::civil::Date;

use super::Context;
use crate::model::{Person, Role};

/// Everyone the text names, with their mentions.
#[derive(Debug, Default)]
pub struct People {}

impl People {
    /// Adds `role` to entity `i`.
    pub fn add_role(&mut self, _i: usize, _role: Role) {}
    /// Output persons and the id of each entity index.
    pub fn into_output(self, _text: &str) -> (Vec<Person>, Vec<String>) {
        (Vec::new(), Vec::new())
    }
}

/// Finds people in the text.
pub fn find(_ctx: &Context, _reference: Option<Date>) -> People {
    People::default()
}
