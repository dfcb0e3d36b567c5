//! The rule set: vocabularies and patterns as data, compiled once.
//!
//! The built-in set is `rules/default.json`, embedded at compile time. Users print it with
//! `readout rules` and extend it with `--rules FILE`: lists are extended, scalar settings
//! replaced, and a section written as `{"replace": true, "values": [...]}` replaces the
//! built-in section. Every regex is built once here, in [`Rules::compile`], never per document.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result, anyhow, bail};
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::ConversationKind;

/// The built-in rule set as shipped.
pub const DEFAULT_RULES_JSON: &str = include_str!("../rules/default.json");

/// Whether ambiguous numeric dates ("05/03/2022") put the day or the month first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// 05/03/2022 is 5 March.
    #[default]
    DayFirst,
    /// 05/03/2022 is May 3.
    MonthFirst,
}

/// A body that can be quoted as a speaker ("the Kremlin said").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// The name as written in output, e.g. `the Kremlin`.
    pub name: String,
    /// Other forms, e.g. `Kremlin`.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A country (or an international body that plays one in titles).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// Canonical name, e.g. `United States`.
    pub name: String,
    /// Adjective and demonym forms used before titles: `American`, `US`.
    #[serde(default)]
    pub adjectives: Vec<String>,
    /// Other names: `the United States of America`, `U.S.`.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A conversation cue: a regex fragment that introduces the counterparts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationCue {
    /// Regex fragment matched at word boundaries, e.g. `had a phone conversation with`.
    pub pattern: String,
    /// The kind of conversation it signals.
    pub kind: ConversationKind,
    /// For cues whose counterpart is followed by more words ("returned X’s call").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_suffix: Option<String>,
}

/// A month or weekday name with its number and abbreviations.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedNumber {
    /// Full name, e.g. `September`.
    pub name: String,
    /// Month 1–12, or ISO weekday 1 (Monday) – 7 (Sunday).
    pub number: u8,
    /// Short forms, e.g. `Sept`, `Sep` (a trailing dot is allowed in text).
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

/// A day-relative phrase and its offset in days from the reference date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeDay {
    /// The phrase, e.g. `the day before yesterday`.
    pub phrase: String,
    /// Days from the reference date, e.g. -2.
    pub offset: i32,
}

/// A role an actor held, valid from `from` to `to` (ISO dates; `to` null while in office).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRole {
    /// e.g. `President`.
    pub title: String,
    /// Canonical country name, e.g. `United States`.
    pub country: String,
    /// First day in the role.
    pub from: Option<String>,
    /// Day the role ended (exclusive), or null.
    pub to: Option<String>,
}

/// A known person in the actor dictionary.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Stable id, e.g. `joseph-biden`.
    pub id: String,
    /// Canonical name, e.g. `Joseph Biden`.
    pub name: String,
    /// Other forms and transliterations, e.g. `Biden`, `Joe Biden`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Dated roles.
    #[serde(default)]
    pub roles: Vec<ActorRole>,
}

/// The rule set as written in JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Day-first or month-first numeric dates.
    pub date_order: DateOrder,
    /// Attribution verbs ("said", "stressed", "pointed out").
    pub speech_verbs: Vec<String>,
    /// Titles that precede or follow names ("President", "Foreign Minister").
    pub titles: Vec<String>,
    /// Titles that only ever mean the release's principal ("the Head of State").
    pub generic_titles: Vec<String>,
    /// Bodies quoted as speakers.
    pub institutions: Vec<Institution>,
    /// Issuing-office nouns ("presidential office", "press service").
    pub reporting_offices: Vec<String>,
    /// Nouns for an unnamed spokesperson ("spokesman", "official").
    pub spokesperson_nouns: Vec<String>,
    /// Nouns for a written text that "reads" ("message", "statement").
    pub document_nouns: Vec<String>,
    /// Countries, their adjectives and aliases.
    pub countries: Vec<Country>,
    /// Conversation cues.
    pub conversation_cues: Vec<ConversationCue>,
    /// Topic cues ("discussed", "focused on").
    pub topic_cues: Vec<String>,
    /// Regex fragments that end a paragraph introducing an unmarked block quote.
    pub block_intros: Vec<String>,
    /// Lower-case particles inside names ("bin", "von", "der").
    pub name_particles: Vec<String>,
    /// Capitalised words that are never part of a person's name.
    pub not_names: Vec<String>,
    /// Month names.
    pub months: Vec<NamedNumber>,
    /// Weekday names.
    pub weekdays: Vec<NamedNumber>,
    /// Day-relative phrases.
    pub relative_days: Vec<RelativeDay>,
    /// Time-zone abbreviations that make a numeric date written before a time month-first
    /// ("03/05/2022 09:00 AM EST" is March 5): US releases write dates that way.
    #[serde(default)]
    pub month_first_time_zones: Vec<String>,
    /// Words that put a bare weekday in the sentence after the reference date ("will meet
    /// on Friday", "plans for the meeting on Friday"); regex fragments matched at word boundaries.
    #[serde(default)]
    pub future_cues: Vec<String>,
    /// Nouns after a possessive relative word that make it mean "nowadays", not a day
    /// ("today’s world", "tomorrow’s generation").
    #[serde(default)]
    pub generic_after_possessive: Vec<String>,
    /// The actor dictionary.
    pub people: Vec<Actor>,
}

/// Every section of the rule set with the JSON shape it must have, for error messages.
const SECTIONS: &[(&str, Shape)] = &[
    ("date_order", Shape::String),
    ("speech_verbs", Shape::Strings),
    ("titles", Shape::Strings),
    ("generic_titles", Shape::Strings),
    ("institutions", Shape::Objects),
    ("reporting_offices", Shape::Strings),
    ("spokesperson_nouns", Shape::Strings),
    ("document_nouns", Shape::Strings),
    ("countries", Shape::Objects),
    ("conversation_cues", Shape::Objects),
    ("topic_cues", Shape::Strings),
    ("block_intros", Shape::Strings),
    ("name_particles", Shape::Strings),
    ("not_names", Shape::Strings),
    ("months", Shape::Objects),
    ("weekdays", Shape::Objects),
    ("relative_days", Shape::Objects),
    ("month_first_time_zones", Shape::Strings),
    ("future_cues", Shape::Strings),
    ("generic_after_possessive", Shape::Strings),
    ("people", Shape::Objects),
];

#[derive(Clone, Copy)]
enum Shape {
    String,
    Strings,
    Objects,
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Shape::String => "a string",
            Shape::Strings => "a list of strings",
            Shape::Objects => "a list of objects",
        }
    }

    fn accepts(self, v: &Value) -> bool {
        match self {
            Shape::String => v.is_string(),
            Shape::Strings => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            Shape::Objects => v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(a) if a.iter().any(|x| !x.is_string() && !x.is_object()) => {
            "a list holding other values"
        }
        Value::Array(a) if a.iter().any(Value::is_object) => "a list of objects",
        Value::Array(_) => "a list of strings",
        Value::Object(_) => "an object",
    }
}

impl RuleSet {
    /// The built-in rule set.
    pub fn builtin() -> RuleSet {
        serde_json::from_str(DEFAULT_RULES_JSON).expect("rules/default.json is valid")
    }

    /// Merges the JSON rules in `text` (from `origin`, for messages) into `self`.
    pub fn merge_json(&mut self, origin: &str, text: &str) -> Result<()> {
        let user: Value =
            serde_json::from_str(text).with_context(|| format!("{origin}: not valid JSON"))?;
        let Value::Object(user) = user else {
            bail!("{origin}: expected a JSON object of rule sections");
        };
        let mut merged = serde_json::to_value(&*self).expect("rule set serializes");
        let base = merged.as_object_mut().expect("rule set is an object");
        for (key, value) in user {
            let Some(&(_, shape)) = SECTIONS.iter().find(|(name, _)| *name == key) else {
                let known: Vec<&str> = SECTIONS.iter().map(|(n, _)| *n).collect();
                bail!(
                    "{origin}: {key}: unknown section (known: {})",
                    known.join(", ")
                );
            };
            let (replace, value) = match value {
                Value::Object(mut section) if section.contains_key("replace") => {
                    let replace = section.get("replace").and_then(Value::as_bool);
                    let Some(replace) = replace else {
                        bail!("{origin}: {key}.replace: expected true or false");
                    };
                    let values = section.remove("values").ok_or_else(|| {
                        anyhow!("{origin}: {key}: a section with \"replace\" needs \"values\"")
                    })?;
                    (replace, values)
                }
                other => (false, other),
            };
            if !shape.accepts(&value) {
                bail!(
                    "{origin}: {key}: expected {}, found {}",
                    shape.describe(),
                    json_kind(&value)
                );
            }
            let slot = base.get_mut(&key).expect("every section is present");
            match (slot, value) {
                (Value::Array(existing), Value::Array(extra)) if !replace => existing.extend(extra),
                (slot, value) => *slot = value,
            }
            // Deserialize the section alone so a bad field names its section.
            check_section(origin, &key, &base[&key])?;
        }
        *self =
            serde_json::from_value(merged).with_context(|| format!("{origin}: invalid rules"))?;
        Ok(())
    }

    /// Merges a rules file.
    pub fn merge_file(&mut self, path: &Path) -> Result<()> {
        let origin = path.display().to_string();
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{origin}: cannot read"))?;
        self.merge_json(&origin, &text)
    }
}

fn check_section(origin: &str, key: &str, value: &Value) -> Result<()> {
    fn try_as<T: serde::de::DeserializeOwned>(v: &Value) -> std::result::Result<(), String> {
        serde_json::from_value::<T>(v.clone())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    let outcome = match key {
        "date_order" => try_as::<DateOrder>(value),
        "institutions" => try_as::<Vec<Institution>>(value),
        "countries" => try_as::<Vec<Country>>(value),
        "conversation_cues" => try_as::<Vec<ConversationCue>>(value),
        "months" | "weekdays" => try_as::<Vec<NamedNumber>>(value),
        "relative_days" => try_as::<Vec<RelativeDay>>(value),
        "people" => try_as::<Vec<Actor>>(value),
        _ => Ok(()),
    };
    outcome.map_err(|e| anyhow!("{origin}: {key}: {e}"))
}

/// The compiled rule set: the data plus every regex built from it, made once per run.
#[derive(Debug)]
pub struct Rules {
    /// The rule data.
    pub set: RuleSet,
    /// Compiled patterns.
    pub re: Patterns,
}

/// Regexes compiled from the rule set.
#[derive(Debug)]
pub struct Patterns {
    /// Date expressions, built from the month, weekday and relative-day sections.
    pub dates: crate::extract::dates::DatePatterns,
    /// A speech verb as a whole word: `(?:said|pointed out|…)`.
    pub speech_verb: String,
    /// A title, longest alternatives first.
    pub title: String,
    /// Any form of a country name (alias or name), longest first.
    pub country_name: String,
    /// Any country adjective or demonym.
    pub country_adjective: String,
    /// Each conversation cue, compiled, in rule order.
    pub cues: Vec<Regex>,
    /// All cues in one regex; group `c{i}` is cue `i`.
    pub any_cue: Regex,
    /// A paragraph ending that introduces an unmarked block quote.
    pub block_intro: Regex,
    /// `(adjective | country’s)? TITLE (of (the)? COUNTRY)?` with groups
    /// `adj`, `poss`, `title`, `of`.
    pub title_phrase: Regex,
    /// Any name or alias in the actor dictionary, as a whole word.
    pub actor_names: Option<Regex>,
    /// A capitalised run right before a speech or conversation verb (group `name`).
    pub name_before_verb: Regex,
    /// A speech verb as a whole word.
    pub speech_verb_word: Regex,
    /// At the start of a text: an optional adverb and a speech verb (" also said").
    pub speech_verb_after: Regex,
    /// The `object_suffix` of each conversation cue, compiled, anchored at the start.
    pub cue_suffixes: Vec<Option<Regex>>,
    /// Any topic cue followed by a space.
    pub topic_cue: Regex,
    /// An issuing source before "reported"/"said" (group `src`) or after "according to"
    /// (group `src2`).
    pub reported_by: Regex,
    /// A speech verb followed by a space ("said Ana Kovač").
    pub verb_then_name: Regex,
}

impl Rules {
    /// Compiles `set`; a bad regex fragment is an error naming its rule.
    pub fn compile(set: RuleSet) -> Result<Rules> {
        let speech_verb = alternation(&set.speech_verbs);
        let title = alternation(&set.titles);
        let country_name = alternation(
            set.countries
                .iter()
                .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases)),
        );
        let country_adjective = alternation(set.countries.iter().flat_map(|c| &c.adjectives));
        let mut cues = Vec::new();
        let mut any = Vec::new();
        for (i, cue) in set.conversation_cues.iter().enumerate() {
            let src = format!(r"(?i:\b(?:{})\b)", cue.pattern);
            let re = Regex::new(&src).map_err(|e| {
                anyhow!(
                    "conversation_cues[{i}] ({:?}): invalid regex: {e}",
                    cue.pattern
                )
            })?;
            cues.push(re);
            any.push(format!("(?P<c{i}>{src})"));
        }
        let any_cue = Regex::new(&any.join("|")).context("conversation_cues")?;
        let mut intros = Vec::new();
        for (i, intro) in set.block_intros.iter().enumerate() {
            Regex::new(intro)
                .map_err(|e| anyhow!("block_intros[{i}] ({intro:?}): invalid regex: {e}"))?;
            intros.push(format!("(?:{intro})"));
        }
        let block_intro =
            Regex::new(&format!(r"(?i)(?:{})\s*$", intros.join("|"))).context("block_intros")?;
        let title_phrase = Regex::new(&format!(
            r"\b(?:(?P<adj>{country_adjective})\s+|(?P<poss>{country_name})(?:’s|'s)\s+)?(?P<title>{title})(?:\s+of\s+(?:the\s+)?(?P<of>{country_name})\b)?"
        ))
        .context("titles")?;
        let actor_forms = set
            .people
            .iter()
            .flat_map(|a| std::iter::once(&a.name).chain(&a.aliases));
        let actor_names = if set.people.is_empty() {
            None
        } else {
            Some(Regex::new(&format!(r"\b{}\b", alternation(actor_forms))).context("people")?)
        };
        let name_before_verb = Regex::new(&format!(
            r"(?P<name>\p{{Lu}}[\p{{L}}’'.\-]*(?:\s+(?:\p{{Lu}}[\p{{L}}’'.\-]*|{particles}))*)\s+(?:also\s+|then\s+|once again\s+|today\s+)?(?:{speech_verb}|spoke|talked|met|had|held|called|phoned|received|hosted|welcomed|informed|congratulated|discussed)\b",
            particles = alternation(&set.name_particles),
        ))
        .context("speech_verbs")?;
        let speech_verb_word =
            Regex::new(&format!(r"\b{speech_verb}\b")).context("speech_verbs")?;
        let speech_verb_after = Regex::new(&format!(
            r"^,?\s+(?:\p{{Ll}}+ly\s+|also\s+|again\s+|once again\s+|today\s+)?{speech_verb}\b"
        ))
        .context("speech_verbs")?;
        let mut cue_suffixes = Vec::new();
        for (i, cue) in set.conversation_cues.iter().enumerate() {
            let suffix = match &cue.object_suffix {
                Some(sfx) => Some(Regex::new(&format!("^(?:{sfx})")).map_err(|e| {
                    anyhow!("conversation_cues[{i}].object_suffix ({sfx:?}): invalid regex: {e}")
                })?),
                None => None,
            };
            cue_suffixes.push(suffix);
        }
        let topic_cue =
            Regex::new(&format!(r"\b{}\s+", alternation(&set.topic_cues))).context("topic_cues")?;
        let institution_forms: Vec<String> = set
            .institutions
            .iter()
            .flat_map(|i| std::iter::once(&i.name).chain(&i.aliases))
            .map(|f| f.trim_start_matches("the ").to_string())
            .collect();
        let source = format!(
            r"(?:(?:{country_name})(?:’s|'s)\s+|(?:{country_adjective})\s+|[Tt]he\s+)?(?:{offices})|(?:[Tt]he\s+)?(?:{institutions})(?:\s+(?:{offices}))?",
            offices = alternation(&set.reporting_offices),
            institutions = alternation(&institution_forms),
        );
        let reported_by = Regex::new(&format!(
            r"\b(?P<src>{source})\s+(?:reported|reports|said|says|announced|stated|informed)\b|\baccording to\s+(?P<src2>{source})"
        ))
        .context("reporting_offices")?;
        let verb_then_name = Regex::new(&format!(r"\b{speech_verb}\s+")).context("speech_verbs")?;
        Ok(Rules {
            re: Patterns {
                dates: crate::extract::dates::DatePatterns::compile(&set)?,
                speech_verb,
                title,
                country_name,
                country_adjective,
                cues,
                any_cue,
                block_intro,
                title_phrase,
                actor_names,
                name_before_verb,
                speech_verb_word,
                speech_verb_after,
                cue_suffixes,
                topic_cue,
                reported_by,
                verb_then_name,
            },
            set,
        })
    }

    /// The built-in rules, compiled once per process.
    pub fn builtin() -> Arc<Rules> {
        static BUILTIN: OnceLock<Arc<Rules>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Arc::new(Rules::compile(RuleSet::builtin()).expect("built-in rules compile"))
            })
            .clone()
    }

    /// The canonical country for a name, alias or adjective (case-sensitive, as written).
    pub fn country_of(&self, form: &str) -> Option<&str> {
        let form = form.trim_start_matches("the ").trim_start_matches("The ");
        self.set
            .countries
            .iter()
            .find(|c| {
                c.name == form
                    || c.aliases
                        .iter()
                        .any(|a| a.trim_start_matches("the ") == form)
                    || c.adjectives.iter().any(|a| a == form)
            })
            .map(|c| c.name.as_str())
    }
}

/// `(?:a|b|c)` of literal words, longest first so that "Prime Minister" beats "Prime".
pub fn alternation<'a>(words: impl IntoIterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    if words.is_empty() {
        // Matches nothing.
        return r"(?:[^\s\S])".to_string();
    }
    let parts: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?:{})", parts.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile() {
        let rules = Rules::builtin();
        assert!(rules.set.speech_verbs.iter().any(|v| v == "said"));
        assert_eq!(rules.country_of("Ukrainian"), Some("Ukraine"));
        assert_eq!(
            rules.country_of("the United States of America"),
            Some("United States")
        );
    }

    #[test]
    fn merge_extends_lists_and_replaces_on_request() {
        let mut set = RuleSet::builtin();
        let n = set.speech_verbs.len();
        set.merge_json("x.json", r#"{"speech_verbs": ["zorbled"]}"#)
            .unwrap();
        assert_eq!(set.speech_verbs.len(), n + 1);
        set.merge_json(
            "x.json",
            r#"{"speech_verbs": {"replace": true, "values": ["said"]}}"#,
        )
        .unwrap();
        assert_eq!(set.speech_verbs, vec!["said".to_string()]);
        set.merge_json("x.json", r#"{"date_order": "month_first"}"#)
            .unwrap();
        assert_eq!(set.date_order, DateOrder::MonthFirst);
    }

    #[test]
    fn malformed_sections_name_file_and_key() {
        let mut set = RuleSet::builtin();
        let err = set
            .merge_json("rules.json", r#"{"speech_verbs": 5}"#)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "rules.json: speech_verbs: expected a list of strings, found a number"
        );
        let err = set.merge_json("r.json", r#"{"verbs": []}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("r.json: verbs: unknown section")
        );
    }

    #[test]
    fn bad_cue_regex_names_the_rule() {
        let mut set = RuleSet::builtin();
        set.merge_json(
            "r.json",
            r#"{"conversation_cues": [{"pattern": "held (a", "kind": "meeting"}]}"#,
        )
        .unwrap();
        let err = Rules::compile(set).unwrap_err().to_string();
        assert!(err.contains("conversation_cues["), "{err}");
        assert!(err.contains("held (a"), "{err}");
    }
}
