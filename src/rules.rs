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

pub mod prefilter;
mod validate;

pub use validate::CONVERSATION_KINDS;

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
    /// Nouns that head an institution quoted as a speaker ("the Government of X said").
    pub institution_nouns: Vec<String>,
    /// Honorifics around names that are not part of them: "the Rt Hon", "H.E.", "MP", "T.D.".
    pub honorifics: Vec<String>,
    /// Lower-case role words that introduce a name besides the titles: "his Maldivian
    /// counterpart Moosa Zameer", "Hungary’s foreign minister, Péter Szijjártó".
    pub role_nouns: Vec<String>,
    /// Words that make a weekday a name, not a date: "Good Friday", "Black Monday".
    pub holiday_prefixes: Vec<String>,
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
    /// Words that put a day-month without a year on or before the reference date ("in force
    /// since 1 January", "took place on 13 October"); regex fragments matched at word boundaries.
    #[serde(default)]
    pub past_cues: Vec<String>,
    /// Nouns after a possessive relative word that make it mean "nowadays", not a day
    /// ("today’s world", "tomorrow’s generation").
    #[serde(default)]
    pub generic_after_possessive: Vec<String>,
    /// The actor dictionary.
    pub people: Vec<Actor>,
}

impl RuleSet {
    /// The built-in rule set.
    pub fn builtin() -> RuleSet {
        serde_json::from_str(DEFAULT_RULES_JSON).expect("rules/default.json is valid")
    }

    /// Merges the JSON rules in `text` (from `origin`, for messages) into `self`.
    ///
    /// Lists are extended, scalar settings replaced, and a section written as
    /// `{"replace": true, "values": …}` replaces the current one. A person whose `id` is
    /// already known is amended (name replaced, aliases and roles added) rather than
    /// duplicated. Everything is checked before `self` changes: an error names `origin`, the
    /// key path and what is wrong, and leaves `self` as it was.
    pub fn merge_json(&mut self, origin: &str, text: &str) -> Result<()> {
        let user: Value =
            serde_json::from_str(text).with_context(|| format!("{origin}: not valid JSON"))?;
        let Value::Object(user) = user else {
            bail!(
                "{origin}: expected a JSON object of rule sections, found {}",
                validate::kind_of(&user)
            );
        };
        let mut merged = serde_json::to_value(&*self).context("rule set serializes")?;
        let base = merged
            .as_object_mut()
            .ok_or_else(|| anyhow!("rule set is not an object"))?;
        // The user's people, with the key path they were written at, for cross-checks.
        let mut people: Option<(String, Vec<Value>)> = None;
        for (key, value) in user {
            let Some(section) = validate::section(&key) else {
                bail!(
                    "{origin}: {key}: unknown section (known: {})",
                    validate::known_sections()
                );
            };
            let (replace, path, value) = split_replace(origin, &key, value)?;
            validate::check(&path, section, &value).map_err(|e| anyhow!("{origin}: {e}"))?;
            if key == "people" {
                let items = value.as_array().cloned().unwrap_or_default();
                unique_ids(&path, &items).map_err(|e| anyhow!("{origin}: {e}"))?;
                people = Some((path, items));
            }
            let Some(slot) = base.get_mut(&key) else {
                bail!("{origin}: {key}: section missing from the rule set");
            };
            match (slot, value) {
                (Value::Array(existing), Value::Array(extra)) if !replace && key == "people" => {
                    merge_people(existing, extra);
                }
                (Value::Array(existing), Value::Array(extra)) if !replace => existing.extend(extra),
                (slot, value) => *slot = value,
            }
        }
        let set: RuleSet =
            serde_json::from_value(merged).with_context(|| format!("{origin}: invalid rules"))?;
        if let Some((path, items)) = people {
            set.check_roles(&path, &items)
                .map_err(|e| anyhow!("{origin}: {e}"))?;
        }
        *self = set;
        Ok(())
    }

    /// Every role of the user's `people` names a country and a title this rule set knows,
    /// so that "the US President" can find its holder.
    fn check_roles(&self, path: &str, people: &[Value]) -> std::result::Result<(), String> {
        for (i, person) in people.iter().enumerate() {
            let roles = person.get("roles").and_then(Value::as_array);
            for (j, role) in roles.into_iter().flatten().enumerate() {
                let at = format!("{path}[{i}].roles[{j}]");
                let country = role.get("country").and_then(Value::as_str).unwrap_or("");
                if !self.countries.iter().any(|c| c.name == country) {
                    return Err(match self.country_of(country) {
                        Some(canonical) => format!(
                            "{at}.country: {country:?} is an alias; write the country's name {canonical:?}"
                        ),
                        None => format!(
                            "{at}.country: unknown country {country:?} (add it to countries)"
                        ),
                    });
                }
                let title = role.get("title").and_then(Value::as_str).unwrap_or("");
                if !self.titles.iter().any(|t| t.eq_ignore_ascii_case(title)) {
                    return Err(format!(
                        "{at}.title: unknown title {title:?} (add it to titles)"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The canonical country for a name, alias or adjective (case-sensitive, as written).
    fn country_of(&self, form: &str) -> Option<&str> {
        let form = form.trim_start_matches("the ").trim_start_matches("The ");
        self.countries
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

    /// Merges a rules file.
    pub fn merge_file(&mut self, path: &Path) -> Result<()> {
        let origin = path.display().to_string();
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{origin}: cannot read"))?;
        self.merge_json(&origin, &text)
    }
}

/// Splits `{"replace": true, "values": …}` into (replace, key path of the values, values);
/// any other value is extended into the section as it is.
fn split_replace(origin: &str, key: &str, value: Value) -> Result<(bool, String, Value)> {
    let Value::Object(mut section) = value else {
        return Ok((false, key.to_string(), value));
    };
    if !section.contains_key("replace") && !section.contains_key("values") {
        // Reported by the shape check ("expected a list of strings, found an object").
        return Ok((false, key.to_string(), Value::Object(section)));
    }
    if let Some(other) = section.keys().find(|k| *k != "replace" && *k != "values") {
        bail!("{origin}: {key}.{other}: unknown field (expected replace, values)");
    }
    let replace = match section.get("replace") {
        Some(Value::Bool(b)) => *b,
        None => false,
        Some(other) => bail!(
            "{origin}: {key}.replace: expected true or false, found {}",
            validate::kind_of(other)
        ),
    };
    let values = section
        .remove("values")
        .ok_or_else(|| anyhow!("{origin}: {key}: a section with \"replace\" needs \"values\""))?;
    Ok((replace, format!("{key}.values"), values))
}

/// No two people of one file share an id.
fn unique_ids(path: &str, people: &[Value]) -> std::result::Result<(), String> {
    let mut seen = std::collections::HashMap::new();
    for (i, person) in people.iter().enumerate() {
        let id = person.get("id").and_then(Value::as_str).unwrap_or("");
        if let Some(first) = seen.insert(id, i) {
            return Err(format!(
                "{path}[{i}].id: duplicate id {id:?} (also {path}[{first}])"
            ));
        }
    }
    Ok(())
}

/// Adds `extra` people to `existing`; one whose id is known amends that entry: the name is
/// replaced, new aliases and roles are added.
fn merge_people(existing: &mut Vec<Value>, extra: Vec<Value>) {
    for person in extra {
        let id = person.get("id").cloned();
        let Some(known) = existing.iter_mut().find(|p| p.get("id") == id.as_ref()) else {
            existing.push(person);
            continue;
        };
        let (Value::Object(known), Value::Object(person)) = (known, person) else {
            continue;
        };
        for (field, value) in person {
            match (known.get_mut(&field), value) {
                (Some(Value::Array(old)), Value::Array(new)) => {
                    for v in new {
                        if !old.contains(&v) {
                            old.push(v);
                        }
                    }
                }
                (_, value) => {
                    known.insert(field, value);
                }
            }
        }
    }
}

/// The compiled rule set: the data plus every regex built from it, made once per run.
///
/// A clone shares the compiled regexes but has its own match caches: a thread parsing with
/// its own clone takes the regex crate's fast path to them on every search (a shared copy
/// costs the other threads a lock per search; `readout -j N` gives each worker a clone).
#[derive(Debug, Clone)]
pub struct Rules {
    /// The rule data.
    pub set: RuleSet,
    /// Compiled patterns.
    pub re: Patterns,
}

/// Regexes compiled from the rule set.
#[derive(Debug, Clone)]
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
    /// Every conversation cue in one multi-pattern regex: a match's pattern id is the index
    /// of its cue (one pass and no capture groups, where an alternation of named groups
    /// needed both).
    pub any_cue: prefilter::Prefiltered,
    /// A paragraph ending that introduces an unmarked block quote.
    pub block_intro: Regex,
    /// An institution phrase at the end of a text: "the Government of Examplestan".
    pub institution_phrase: Regex,
    /// Honorifics and post-nominal letters at the end of a text ("… Albanese MP").
    pub honorific_end: Regex,
    /// Honorifics at the start of a text ("the Rt Hon Justin Trudeau").
    pub honorific_start: Regex,
    /// "the French leader" at the end of a text: a country adjective and a role (group `adj`).
    pub country_role_end: Regex,
    /// "the minister" / "the president" (any case) at the end of a text, group `t`.
    pub title_anaphor_end: Regex,
    /// The same at the start of a text.
    pub title_anaphor_start: Regex,
    /// Capitalised words that are never part of a name (see `people::name_stopwords`).
    pub name_stopwords: foldhash::HashSet<String>,
    /// Name particles ("bin", "von"), for the name scanner.
    pub name_particles: foldhash::HashSet<String>,
    /// Month names as written in the rule set, which never start a name.
    pub month_names: foldhash::HashSet<String>,
    /// The actor dictionary in the form every document's people share.
    pub actor_table: std::sync::Arc<crate::extract::people::ActorTable>,
    /// Dictionary lookup: each exact name or alias → the first actor that has it.
    pub actor_by_form: foldhash::HashMap<String, usize>,
    /// Dictionary lookup: folded surname of any form → the actors that have it, in order.
    pub actor_by_surname: foldhash::HashMap<String, Vec<usize>>,
    /// A speech verb as a whole word.
    pub speech_verb_word: Regex,
    /// At the start of a text: an optional adverb and a speech verb (" also said").
    pub speech_verb_after: Regex,
    /// The `object_suffix` of each conversation cue, compiled, anchored at the start.
    pub cue_suffixes: Vec<Option<Regex>>,
    /// Any topic cue followed by a space.
    pub topic_cue: Regex,
    /// An issuing source before "reported"/"said" or after "according to".
    pub reported_by: crate::extract::conversations::ReportedBy,
    /// Country index by name, alias (without a leading "the") or adjective; the first
    /// country in rule order that has the form, as `RuleSet::country_of` finds it.
    pub country_by_form: foldhash::HashMap<String, usize>,
    /// Country index by name or alias without a leading "the" (first country first), and
    /// the longest such form in bytes.
    pub country_by_name: (foldhash::HashMap<String, usize>, usize),
    /// The fixed patterns of conversation finding.
    pub conversation: crate::extract::conversations::ConversationPatterns,
    /// The fixed patterns of quote attribution.
    pub quote: crate::extract::quotes::QuotePatterns,
    /// What finding people needs besides the regexes above.
    pub people: crate::extract::people::PeoplePatterns,
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
        let cue_sources: Vec<String> = set
            .conversation_cues
            .iter()
            .map(|cue| format!(r"(?i:(?-u:\b)(?:{})(?-u:\b))", cue.pattern))
            .collect();
        let any_cue = regex_automata::meta::Regex::new_many(&cue_sources).map_err(|e| {
            let Some(i) = e.pattern().map(|p| p.as_usize()) else {
                return anyhow!("conversation_cues: {e}");
            };
            // The regex crate's message for the one pattern is the clearer one.
            let detail = Regex::new(&cue_sources[i]).err().map(|e| e.to_string());
            anyhow!(
                "conversation_cues[{i}] ({:?}): invalid regex: {}",
                set.conversation_cues[i].pattern,
                detail.unwrap_or_else(|| e.to_string())
            )
        })?;
        // Where cues can start: the cues' own prefixes (without the case-insensitive wrapper,
        // which the automaton applies itself).
        let cue_hirs: Vec<regex_syntax::hir::Hir> = set
            .conversation_cues
            .iter()
            .filter_map(|cue| {
                regex_syntax::Parser::new()
                    .parse(&format!("(?:{})", cue.pattern))
                    .ok()
            })
            .collect();
        let cue_starts = (cue_hirs.len() == set.conversation_cues.len())
            .then(|| prefilter::prefix_automaton(&cue_hirs, prefilter::Case::Insensitive))
            .flatten();
        // Every cue is wrapped in an ASCII word boundary (above).
        let any_cue = prefilter::Prefiltered::with_leading_boundary(any_cue, cue_starts);
        let mut intros = Vec::new();
        for (i, intro) in set.block_intros.iter().enumerate() {
            Regex::new(intro)
                .map_err(|e| anyhow!("block_intros[{i}] ({intro:?}): invalid regex: {e}"))?;
            intros.push(format!("(?:{intro})"));
        }
        let block_intro =
            Regex::new(&format!(r"(?i)(?:{})\s*$", intros.join("|"))).context("block_intros")?;
        let institution_phrase = Regex::new(&format!(
            r"(?:^|\s)(?P<i>(?:[Tt]he\s+)?(?:\p{{Lu}}[\p{{L}}\-]+\s+)?(?i:{nouns})(?:\s+of\s+(?:the\s+)?\p{{Lu}}[\p{{L}}\-]+(?:\s+\p{{Lu}}[\p{{L}}\-]+){{0,3}})?)$",
            nouns = alternation(&set.institution_nouns),
        ))
        .context("institution_nouns")?;
        let honorific_end = Regex::new(&format!(r"(?:^|\s){}\s*$", alternation(&set.honorifics)))
            .context("honorifics")?;
        let honorific_start = Regex::new(&format!(
            r"^(?:(?:the|The)\s+)?(?:{}\s+)+",
            alternation(&set.honorifics)
        ))
        .context("honorifics")?;
        let country_role_end = Regex::new(&format!(
            r"(?i:(?-u:\b)the\s+(?P<adj>{country_adjective})\s+(?:leader|president|prime minister|premier|chancellor|foreign minister|minister|counterpart|head of state|head of government))\s*$"
        ))
        .context("countries")?;
        let title_anaphor_end =
            Regex::new(&format!(r"(?i:(?-u:\b)the\s+(?P<t>{title}))$")).context("titles")?;
        let title_anaphor_start =
            Regex::new(&format!(r"^(?i:the\s+(?P<t>{title}))(?-u:\b)")).context("titles")?;
        let mut actor_by_form = foldhash::HashMap::default();
        let mut actor_by_surname: foldhash::HashMap<String, Vec<usize>> =
            foldhash::HashMap::default();
        for (i, a) in set.people.iter().enumerate() {
            for form in std::iter::once(&a.name).chain(&a.aliases) {
                actor_by_form.entry(form.clone()).or_insert(i);
                let owners = actor_by_surname
                    .entry(crate::extract::people::surname_key(form))
                    .or_default();
                if owners.last() != Some(&i) {
                    owners.push(i);
                }
            }
        }
        let speech_verb_word =
            Regex::new(&format!(r"(?-u:\b){speech_verb}(?-u:\b)")).context("speech_verbs")?;
        let speech_verb_after = Regex::new(&format!(
            r"^,?\s+(?:\p{{Ll}}+ly\s+|also\s+|again\s+|once again\s+|today\s+)?{speech_verb}(?-u:\b)"
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
        let topic_cue = Regex::new(&format!(r"(?-u:\b){}\s+", alternation(&set.topic_cues)))
            .context("topic_cues")?;
        let reported_by = crate::extract::conversations::ReportedBy::compile(&set)?;
        Ok(Rules {
            re: Patterns {
                dates: crate::extract::dates::DatePatterns::compile(&set)?,
                speech_verb,
                title,
                country_name,
                country_adjective,
                any_cue,
                block_intro,
                institution_phrase,
                honorific_end,
                honorific_start,
                country_role_end,
                title_anaphor_end,
                title_anaphor_start,
                actor_by_form,
                name_stopwords: crate::extract::people::name_stopwords(&set),
                name_particles: set.name_particles.iter().cloned().collect(),
                month_names: set.months.iter().map(|m| m.name.clone()).collect(),
                actor_table: std::sync::Arc::new(crate::extract::people::ActorTable::new(&set)),
                actor_by_surname,
                speech_verb_word,
                speech_verb_after,
                cue_suffixes,
                topic_cue,
                reported_by,
                country_by_form: country_index(&set),
                country_by_name: country_name_index(&set),
                conversation: crate::extract::conversations::ConversationPatterns::new(),
                quote: crate::extract::quotes::QuotePatterns::new(&set),
                people: crate::extract::people::PeoplePatterns::new(&set),
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
        let &i = self.re.country_by_form.get(form)?;
        Some(self.set.countries[i].name.as_str())
    }
}

/// Country index by every form `RuleSet::country_of` accepts, first country first.
fn country_index(set: &RuleSet) -> foldhash::HashMap<String, usize> {
    let mut index = foldhash::HashMap::default();
    for (i, c) in set.countries.iter().enumerate() {
        let forms = std::iter::once(c.name.as_str())
            .chain(c.aliases.iter().map(|a| a.trim_start_matches("the ")))
            .chain(c.adjectives.iter().map(String::as_str));
        for form in forms {
            index.entry(form.to_string()).or_insert(i);
        }
    }
    index
}

/// Country index by name or alias without a leading "the", first country first, and the
/// longest of those forms in bytes.
fn country_name_index(set: &RuleSet) -> (foldhash::HashMap<String, usize>, usize) {
    let mut index = foldhash::HashMap::default();
    let mut longest = 0;
    for (i, c) in set.countries.iter().enumerate() {
        for form in std::iter::once(&c.name).chain(&c.aliases) {
            let form = form.trim_start_matches("the ");
            longest = longest.max(form.len());
            index.entry(form.to_string()).or_insert(i);
        }
    }
    (index, longest)
}

/// Like [`alternation`], each word bounded by ASCII word boundaries where it starts or ends
/// with an ASCII letter or digit ("Çavuşoğlu" has none at its start). ASCII boundaries keep
/// the regex on its fast engines whatever the text's script.
pub fn bounded_alternation<'a>(words: impl IntoIterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    if words.is_empty() {
        return r"(?:[^\s\S])".to_string();
    }
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            let open = if ascii_word(w.chars().next()) {
                r"(?-u:\b)"
            } else {
                ""
            };
            let close = if ascii_word(w.chars().last()) {
                r"(?-u:\b)"
            } else {
                ""
            };
            format!("{open}{}{close}", regex::escape(w))
        })
        .collect();
    format!("(?:{})", parts.join("|"))
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

    /// The cue search with its prefix automaton finds exactly what the plain regex finds.
    fn assert_cues_as_regex(rules: &Rules, text: &str) {
        let plain: Vec<_> = rules.re.any_cue.regex.find_iter(text).collect();
        assert_eq!(rules.re.any_cue.find_all(text), plain, "in {text:?}");
    }

    #[test]
    fn cue_prefilter_finds_what_the_regex_finds() {
        let rules = Rules::builtin();
        assert!(
            rules.re.any_cue.is_prefiltered(),
            "the built-in cues have literal prefixes"
        );
        for text in [
            "President Kovač HELD A PHONE CALL WITH Prime Minister Berg.",
            "He sPoKe by phone with her; they Met with aides, then met with him.",
            "The leaders were received by the King. A call with Rutte; a telephoned greeting.",
            // The Kelvin sign folds to k and the long s to s in a case-insensitive regex.
            "They \u{17F}po\u{212A}e with each other and ta\u{212A}ed to the press.",
            "spoke spoke spoke with with",
            "",
            "no cue at all",
        ] {
            assert_cues_as_regex(&rules, text);
        }
        let folded = "They spo\u{212A}e with each other.";
        assert_eq!(
            rules.re.any_cue.find_all(folded).len(),
            1,
            "the folded spelling is a cue"
        );
    }

    #[test]
    fn cues_without_literal_prefixes_fall_back_to_the_plain_search() {
        let mut set = RuleSet::builtin();
        set.conversation_cues.push(ConversationCue {
            pattern: r"\w+ed with".to_string(),
            ..set.conversation_cues[0].clone()
        });
        let rules = Rules::compile(set).expect("compiles");
        assert!(!rules.re.any_cue.is_prefiltered());
        assert_cues_as_regex(&rules, "She chatted with him and spoke with them.");
    }

    proptest::proptest! {
        #[test]
        fn cue_prefilter_agrees_with_the_regex_on_any_text(
            words in proptest::collection::vec(
                "(spoke|SPOKE|Spoke|with|met|meeting|held|a|call|phone|telephoned|talks|\u{17F}poke|ta\u{212A}ed|by|x|-|\\.|“|é| )",
                0..40,
            )
        ) {
            let rules = Rules::builtin();
            let text = words.join(" ");
            let plain: Vec<_> = rules.re.any_cue.regex.find_iter(&text).collect();
            proptest::prop_assert_eq!(rules.re.any_cue.find_all(&text), plain);
        }
    }

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

    /// Each malformed file and the exact message it gets.
    const MALFORMED: &[(&str, &str)] = &[
        (
            r#"{"speech_verbs": 5}"#,
            "speech_verbs: expected a list of strings, found a number",
        ),
        (
            r#"{"speech_verbs": ["quipped", 7]}"#,
            "speech_verbs[1]: expected a string, found a number",
        ),
        (
            r#"{"titles": ["Taoiseach", " "]}"#,
            r#"titles[1]: expected a non-empty string, found " ""#,
        ),
        (
            r#"{"verbs": []}"#,
            "verbs: unknown section (known: date_order, speech_verbs, titles, generic_titles, institutions, reporting_offices, spokesperson_nouns, institution_nouns, honorifics, role_nouns, holiday_prefixes, document_nouns, countries, conversation_cues, topic_cues, block_intros, name_particles, not_names, months, weekdays, relative_days, month_first_time_zones, future_cues, past_cues, generic_after_possessive, people)",
        ),
        (
            "[1, 2]",
            "expected a JSON object of rule sections, found a list",
        ),
        (
            r#"{"date_order": "year_first"}"#,
            r#"date_order: unknown value "year_first" (expected day_first, month_first)"#,
        ),
        (
            r#"{"date_order": ["day_first"]}"#,
            "date_order: expected a string, found a list of strings",
        ),
        (
            r#"{"countries": [{"name": "Ireland", "adjective": ["Irish"]}]}"#,
            "countries[0].adjective: unknown field (expected name, adjectives, aliases)",
        ),
        (
            r#"{"countries": [{"adjectives": ["Irish"]}]}"#,
            r#"countries[0]: missing field "name""#,
        ),
        (
            r#"{"institutions": ["the Dáil"]}"#,
            "institutions[0]: expected an object, found a string",
        ),
        (
            r#"{"conversation_cues": [{"pattern": "chatted with", "kind": "chat"}]}"#,
            r#"conversation_cues[0].kind: unknown kind "chat" (expected phone_call, video_call, meeting, conversation)"#,
        ),
        (
            r#"{"conversation_cues": [{"pattern": "met", "kind": "meeting", "object_suffix": 3}]}"#,
            "conversation_cues[0].object_suffix: expected a string, found a number",
        ),
        (
            r#"{"months": [{"name": "Thermidor", "number": 13}]}"#,
            "months[0].number: expected a whole number from 1 to 12, found 13",
        ),
        (
            r#"{"weekdays": [{"name": "Caturday", "number": "6"}]}"#,
            "weekdays[0].number: expected a whole number from 1 to 7, found a string",
        ),
        (
            r#"{"relative_days": [{"phrase": "the other day", "offset": 1.5}]}"#,
            "relative_days[0].offset: expected a whole number of days, found a number",
        ),
        (
            r#"{"people": [{"id": "Joe Biden", "name": "Joe Biden"}]}"#,
            r#"people[0].id: expected a slug of lower-case letters, digits and dashes such as "joseph-biden", found "Joe Biden""#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B"}, {"id": "a-b", "name": "A. B."}]}"#,
            r#"people[1].id: duplicate id "a-b" (also people[0])"#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "aliases": "B"}]}"#,
            "people[0].aliases: expected a list of strings, found a string",
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "President", "country": "Ireland", "from": "2021-13-01"}]}]}"#,
            r#"people[0].roles[0].from: expected an ISO date YYYY-MM-DD, found "2021-13-01""#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "President", "country": "Ireland", "to": 2024}]}]}"#,
            "people[0].roles[0].to: expected an ISO date YYYY-MM-DD or null, found a number",
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "President", "country": "Ireland", "from": "2024-01-01", "to": "2023-01-01"}]}]}"#,
            r#"people[0].roles[0].to: expected a date after from (2024-01-01), found "2023-01-01""#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "President"}]}]}"#,
            r#"people[0].roles[0]: missing field "country""#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "President", "country": "Narnia"}]}]}"#,
            r#"people[0].roles[0].country: unknown country "Narnia" (add it to countries)"#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "President", "country": "US"}]}]}"#,
            r#"people[0].roles[0].country: "US" is an alias; write the country's name "United States""#,
        ),
        (
            r#"{"people": [{"id": "a-b", "name": "A B", "roles": [{"title": "Grand Vizier", "country": "Ireland"}]}]}"#,
            r#"people[0].roles[0].title: unknown title "Grand Vizier" (add it to titles)"#,
        ),
        (
            r#"{"people": {"replace": true, "values": [{"id": "a-b"}]}}"#,
            r#"people.values[0]: missing field "name""#,
        ),
        (
            r#"{"titles": {"replace": "yes", "values": []}}"#,
            "titles.replace: expected true or false, found a string",
        ),
        (
            r#"{"titles": {"replace": true}}"#,
            r#"titles: a section with "replace" needs "values""#,
        ),
        (
            r#"{"titles": {"replace": true, "value": []}}"#,
            "titles.value: unknown field (expected replace, values)",
        ),
        (
            r#"{"titles": {"Taoiseach": true}}"#,
            "titles: expected a list of strings, found an object",
        ),
    ];

    #[test]
    fn malformed_files_name_file_key_path_and_fault() {
        for (json, message) in MALFORMED {
            let mut set = RuleSet::builtin();
            let err = set.merge_json("extra.json", json).unwrap_err();
            assert_eq!(
                format!("{err:#}"),
                format!("extra.json: {message}"),
                "{json}"
            );
            // Nothing was merged.
            assert_eq!(set.titles, RuleSet::builtin().titles, "{json}");
            assert_eq!(set.people.len(), RuleSet::builtin().people.len(), "{json}");
        }
    }

    #[test]
    fn a_bad_regex_names_the_file_the_rule_and_the_regex_error() {
        let cases = [
            (
                r#"{"conversation_cues": [{"pattern": "held (a", "kind": "meeting"}]}"#,
                r#"extra.json: conversation_cues[0].pattern: invalid regex "held (a": regex parse error:"#,
            ),
            (
                r#"{"conversation_cues": [{"pattern": "returned", "kind": "phone_call", "object_suffix": "[’'s call"}]}"#,
                r#"extra.json: conversation_cues[0].object_suffix: invalid regex "[’'s call": regex parse error:"#,
            ),
            (
                r#"{"future_cues": ["intends? to", "*soon"]}"#,
                r#"extra.json: future_cues[1]: invalid regex "*soon": regex parse error:"#,
            ),
            (
                r#"{"block_intros": {"replace": true, "values": ["said:("]}}"#,
                r#"extra.json: block_intros.values[0]: invalid regex "said:(": regex parse error:"#,
            ),
        ];
        for (json, start) in cases {
            let err = format!(
                "{:#}",
                RuleSet::builtin()
                    .merge_json("extra.json", json)
                    .unwrap_err()
            );
            assert!(err.starts_with(start), "{err}");
            // The regex crate's own explanation follows.
            assert!(err.contains("error:"), "{err}");
        }
    }

    #[test]
    fn the_builtin_rules_pass_the_file_checks() {
        let value: Value = serde_json::from_str(DEFAULT_RULES_JSON).unwrap();
        let map = value.as_object().unwrap();
        for (key, section) in validate::SECTIONS {
            let v = map.get(*key).unwrap_or_else(|| panic!("{key} missing"));
            validate::check(key, *section, v).unwrap();
        }
        assert_eq!(map.len(), validate::SECTIONS.len());
        let set = RuleSet::builtin();
        let people = map["people"].as_array().unwrap();
        unique_ids("people", people).unwrap();
        set.check_roles("people", people).unwrap();
    }

    #[test]
    fn the_actor_dictionary_is_large_slugged_and_free_of_common_words() {
        let set = RuleSet::builtin();
        assert!(set.people.len() >= 45, "{}", set.people.len());
        let calendar: Vec<&String> = set
            .months
            .iter()
            .chain(&set.weekdays)
            .flat_map(|n| std::iter::once(&n.name).chain(&n.abbreviations))
            .collect();
        for actor in &set.people {
            assert_eq!(actor.id, crate::text::slug(&actor.name), "{}", actor.name);
            assert!(!actor.roles.is_empty(), "{} has no dated role", actor.id);
            for role in &actor.roles {
                assert!(role.from.is_some(), "{}: a role without a start", actor.id);
            }
            for alias in &actor.aliases {
                // "May" is a month, "Hunt" a verb: such aliases would tag ordinary words.
                assert!(!calendar.contains(&alias), "{}: alias {alias}", actor.id);
                assert!(
                    !set.not_names.contains(alias),
                    "{}: alias {alias}",
                    actor.id
                );
            }
        }
        // Every alias belongs to one person only.
        let mut owner = std::collections::HashMap::new();
        for actor in &set.people {
            for form in std::iter::once(&actor.name).chain(&actor.aliases) {
                if let Some(other) = owner.insert(form, &actor.id) {
                    panic!("{form} names both {other} and {}", actor.id);
                }
            }
        }
    }

    #[test]
    fn a_known_id_is_amended_not_duplicated() {
        let mut set = RuleSet::builtin();
        let n = set.people.len();
        set.merge_json(
            "extra.json",
            r#"{"people": [
                {"id": "volodymyr-zelenskyy", "name": "Volodymyr Zelenskyy", "aliases": ["Zelenskyj", "Zelensky"]},
                {"id": "micheal-martin", "name": "Mícheál Martin", "aliases": ["Micheal Martin"],
                 "roles": [{"title": "Taoiseach", "country": "Ireland", "from": "2025-01-23", "to": null}]}
            ]}"#,
        )
        .unwrap();
        assert_eq!(set.people.len(), n + 1);
        let z = set
            .people
            .iter()
            .find(|a| a.id == "volodymyr-zelenskyy")
            .unwrap();
        assert!(z.aliases.iter().any(|a| a == "Zelenskyj"));
        assert_eq!(z.aliases.iter().filter(|a| *a == "Zelensky").count(), 1);
        assert_eq!(z.roles.len(), 1, "roles kept");
        Rules::compile(set).unwrap();
    }

    #[test]
    fn conversation_kinds_match_the_model() {
        for kind in [
            ConversationKind::Conversation,
            ConversationKind::Meeting,
            ConversationKind::PhoneCall,
            ConversationKind::VideoCall,
        ] {
            // Exhaustive: a new kind breaks this match until it is listed.
            match kind {
                ConversationKind::Conversation
                | ConversationKind::Meeting
                | ConversationKind::PhoneCall
                | ConversationKind::VideoCall => {}
            }
            let name = serde_json::to_value(kind).unwrap();
            assert!(CONVERSATION_KINDS.contains(&name.as_str().unwrap()));
        }
        assert_eq!(CONVERSATION_KINDS.len(), 4);
    }

    #[test]
    fn iso_dates_are_real_calendar_days() {
        for ok in ["2021-01-20", "2024-02-29", "1994-07-20"] {
            assert!(validate::is_iso_date(ok), "{ok}");
        }
        for bad in [
            "2021-13-01",
            "2023-02-29",
            "2021-1-20",
            "20 January 2021",
            "2021/01/20",
            "",
            "2021-01-20T00:00",
        ] {
            assert!(!validate::is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn compile_names_the_rule_of_a_bad_regex_built_in_code() {
        // A rule set assembled in Rust skips the file checks; compile still names the rule.
        let mut set = RuleSet::builtin();
        set.conversation_cues.push(ConversationCue {
            pattern: "held (a".to_string(),
            kind: ConversationKind::Meeting,
            object_suffix: None,
        });
        let last = set.conversation_cues.len() - 1;
        let err = Rules::compile(set).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "conversation_cues[{last}] (\"held (a\"): invalid regex: regex parse error:"
            )),
            "{err}"
        );
    }
}
