//! The rules-file format, checked field by field before anything is merged.
//!
//! Serde alone would say "invalid type: integer, expected a string at line 1 column 7"; users
//! writing a rules file for their office need the key path and what was expected instead
//! (`people[2].roles[0].from: expected an ISO date YYYY-MM-DD, found "2021-13-01"`). Each
//! section is described once in [`SECTIONS`]; the checks walk the JSON against it.

use regex::Regex;
use serde_json::Value;

/// Conversation kinds as written in rules files (the snake_case of `ConversationKind`).
pub const CONVERSATION_KINDS: &[&str] = &["phone_call", "video_call", "meeting", "conversation"];

/// What one section of the rule set holds.
#[derive(Debug, Clone, Copy)]
pub enum Section {
    /// One string out of a fixed set (a scalar setting).
    Choice(&'static [&'static str]),
    /// Literal words or phrases, matched as whole words.
    Words,
    /// Regex fragments.
    Patterns,
    /// Objects with these fields.
    Items(&'static [FieldSpec]),
}

/// One field of an object in a section.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    name: &'static str,
    kind: Field,
    required: bool,
}

#[derive(Debug, Clone, Copy)]
enum Field {
    /// A non-empty string.
    Text,
    /// A list of non-empty strings.
    Texts,
    /// A regex fragment.
    Pattern,
    /// A regex fragment or null.
    OptPattern,
    /// A lower-case slug such as `joseph-biden`.
    Slug,
    /// An ISO date or null.
    OptDate,
    /// One of [`CONVERSATION_KINDS`].
    Kind,
    /// A whole number in a range.
    Number(i64, i64),
    /// A whole number of days (fits an i32).
    Days,
    /// A list of dated roles.
    Roles,
}

const fn req(name: &'static str, kind: Field) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: Field) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        required: false,
    }
}

const INSTITUTION: &[FieldSpec] = &[req("name", Field::Text), opt("aliases", Field::Texts)];
const COUNTRY: &[FieldSpec] = &[
    req("name", Field::Text),
    opt("adjectives", Field::Texts),
    opt("aliases", Field::Texts),
];
const CUE: &[FieldSpec] = &[
    req("pattern", Field::Pattern),
    req("kind", Field::Kind),
    opt("object_suffix", Field::OptPattern),
];
const MONTH: &[FieldSpec] = &[
    req("name", Field::Text),
    req("number", Field::Number(1, 12)),
    opt("abbreviations", Field::Texts),
];
const WEEKDAY: &[FieldSpec] = &[
    req("name", Field::Text),
    req("number", Field::Number(1, 7)),
    opt("abbreviations", Field::Texts),
];
const RELATIVE_DAY: &[FieldSpec] = &[req("phrase", Field::Text), req("offset", Field::Days)];
const ACTOR: &[FieldSpec] = &[
    req("id", Field::Slug),
    req("name", Field::Text),
    opt("aliases", Field::Texts),
    opt("roles", Field::Roles),
];
const ROLE: &[FieldSpec] = &[
    req("title", Field::Text),
    req("country", Field::Text),
    opt("from", Field::OptDate),
    opt("to", Field::OptDate),
];

/// Every section of the rule set, in the order of `rules/default.json`.
pub const SECTIONS: &[(&str, Section)] = &[
    ("date_order", Section::Choice(&["day_first", "month_first"])),
    ("speech_verbs", Section::Words),
    ("titles", Section::Words),
    ("generic_titles", Section::Words),
    ("institutions", Section::Items(INSTITUTION)),
    ("reporting_offices", Section::Words),
    ("spokesperson_nouns", Section::Words),
    ("institution_nouns", Section::Words),
    ("honorifics", Section::Words),
    ("role_nouns", Section::Words),
    ("holiday_prefixes", Section::Words),
    ("document_nouns", Section::Words),
    ("countries", Section::Items(COUNTRY)),
    ("conversation_cues", Section::Items(CUE)),
    ("topic_cues", Section::Words),
    ("block_intros", Section::Patterns),
    ("name_particles", Section::Words),
    ("not_names", Section::Words),
    ("months", Section::Items(MONTH)),
    ("weekdays", Section::Items(WEEKDAY)),
    ("relative_days", Section::Items(RELATIVE_DAY)),
    ("month_first_time_zones", Section::Words),
    ("future_cues", Section::Patterns),
    ("past_cues", Section::Patterns),
    ("generic_after_possessive", Section::Words),
    ("people", Section::Items(ACTOR)),
];

/// The section called `key`, if there is one.
pub fn section(key: &str) -> Option<Section> {
    SECTIONS.iter().find(|(k, _)| *k == key).map(|&(_, s)| s)
}

/// The names of all sections, comma-separated, for "unknown section" messages.
pub fn known_sections() -> String {
    let names: Vec<&str> = SECTIONS.iter().map(|(k, _)| *k).collect();
    names.join(", ")
}

/// Checks a section's value found at `path` ("speech_verbs", "people.values"); the error is
/// the message without the file name.
pub fn check(path: &str, section: Section, value: &Value) -> Result<(), String> {
    match section {
        Section::Choice(choices) => {
            let Some(s) = value.as_str() else {
                return Err(format!(
                    "{path}: expected a string, found {}",
                    kind_of(value)
                ));
            };
            if !choices.contains(&s) {
                return Err(format!(
                    "{path}: unknown value {s:?} (expected {})",
                    choices.join(", ")
                ));
            }
            Ok(())
        }
        Section::Words | Section::Patterns => {
            let items = list_of(path, value, "a list of strings")?;
            for (i, item) in items.iter().enumerate() {
                let at = format!("{path}[{i}]");
                if matches!(section, Section::Patterns) {
                    pattern(&at, item)?;
                } else {
                    text(&at, item)?;
                }
            }
            Ok(())
        }
        Section::Items(fields) => {
            let items = list_of(path, value, "a list of objects")?;
            for (i, item) in items.iter().enumerate() {
                object(&format!("{path}[{i}]"), item, fields)?;
            }
            Ok(())
        }
    }
}

/// The list in `value`, or an error saying what was expected.
fn list_of<'v>(path: &str, value: &'v Value, expected: &str) -> Result<&'v [Value], String> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(format!(
            "{path}: expected {expected}, found {}",
            kind_of(other)
        )),
    }
}

fn object(path: &str, value: &Value, fields: &[FieldSpec]) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "{path}: expected an object, found {}",
            kind_of(value)
        ));
    };
    for key in map.keys() {
        if !fields.iter().any(|f| f.name == key) {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            return Err(format!(
                "{path}.{key}: unknown field (expected {})",
                names.join(", ")
            ));
        }
    }
    for spec in fields {
        let at = format!("{path}.{}", spec.name);
        match map.get(spec.name) {
            None if spec.required => return Err(format!("{path}: missing field {:?}", spec.name)),
            None => {}
            Some(v) => field(&at, v, spec.kind)?,
        }
    }
    // A role ends after it starts (`to` is the first day out of office).
    if let (Some(Value::String(from)), Some(Value::String(to))) = (map.get("from"), map.get("to"))
        && to <= from
    {
        return Err(format!(
            "{path}.to: expected a date after from ({from}), found {to:?}"
        ));
    }
    Ok(())
}

fn field(path: &str, value: &Value, kind: Field) -> Result<(), String> {
    match kind {
        Field::Text => text(path, value),
        Field::Texts => {
            let items = list_of(path, value, "a list of strings")?;
            for (i, item) in items.iter().enumerate() {
                text(&format!("{path}[{i}]"), item)?;
            }
            Ok(())
        }
        Field::Pattern => pattern(path, value),
        Field::OptPattern if value.is_null() => Ok(()),
        Field::OptPattern => pattern(path, value),
        Field::Slug => {
            let s = text(path, value).map(|()| value.as_str().unwrap_or_default())?;
            let ok = s
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.starts_with('-')
                && !s.ends_with('-')
                && !s.contains("--");
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "{path}: expected a slug of lower-case letters, digits and dashes such as \"joseph-biden\", found {s:?}"
                ))
            }
        }
        Field::OptDate => match value {
            Value::Null => Ok(()),
            Value::String(s) if is_iso_date(s) => Ok(()),
            Value::String(s) => Err(format!(
                "{path}: expected an ISO date YYYY-MM-DD, found {s:?}"
            )),
            other => Err(format!(
                "{path}: expected an ISO date YYYY-MM-DD or null, found {}",
                kind_of(other)
            )),
        },
        Field::Kind => {
            let Some(s) = value.as_str() else {
                return Err(format!(
                    "{path}: expected a string, found {}",
                    kind_of(value)
                ));
            };
            if CONVERSATION_KINDS.contains(&s) {
                Ok(())
            } else {
                Err(format!(
                    "{path}: unknown kind {s:?} (expected {})",
                    CONVERSATION_KINDS.join(", ")
                ))
            }
        }
        Field::Number(min, max) => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(()),
            Some(n) => Err(format!(
                "{path}: expected a whole number from {min} to {max}, found {n}"
            )),
            None => Err(format!(
                "{path}: expected a whole number from {min} to {max}, found {}",
                kind_of(value)
            )),
        },
        Field::Days => match value.as_i64().map(i32::try_from) {
            Some(Ok(_)) => Ok(()),
            _ => Err(format!(
                "{path}: expected a whole number of days, found {}",
                kind_of(value)
            )),
        },
        Field::Roles => {
            let items = list_of(path, value, "a list of objects")?;
            for (i, item) in items.iter().enumerate() {
                object(&format!("{path}[{i}]"), item, ROLE)?;
            }
            Ok(())
        }
    }
}

/// A non-empty string.
fn text(path: &str, value: &Value) -> Result<(), String> {
    match value {
        Value::String(s) if s.trim().is_empty() => {
            Err(format!("{path}: expected a non-empty string, found {s:?}"))
        }
        Value::String(_) => Ok(()),
        other => Err(format!(
            "{path}: expected a string, found {}",
            kind_of(other)
        )),
    }
}

/// A string that compiles as a regex on its own.
fn pattern(path: &str, value: &Value) -> Result<(), String> {
    text(path, value)?;
    let src = value.as_str().unwrap_or_default();
    Regex::new(src)
        .map(|_| ())
        .map_err(|e| format!("{path}: invalid regex {src:?}: {e}"))
}

/// `YYYY-MM-DD` naming a real calendar day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (s[0..4].parse(), s[5..7].parse(), s[8..10].parse()) else {
        return false;
    };
    jiff::civil::Date::new(y, m, d).is_ok()
}

/// "a number", "a list of objects", … for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(a) if a.is_empty() => "an empty list",
        Value::Array(a) if a.iter().all(Value::is_string) => "a list of strings",
        Value::Array(a) if a.iter().all(Value::is_object) => "a list of objects",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
