//! People: names found from titles ("US President Joseph Biden", "Justin Trudeau, Prime
//! Minister of Canada"), from speech and conversation cues, and from the actor dictionary;
//! forms merged by surname into one entity each, with every mention's span.
//!
//! Names are parsed by a small hand-written scanner ([`NameScanner::name_after`]) rather than one giant
//! regex: a name is a run of capitalised tokens (initials, particles such as "bin" or "von
//! der" and suffixes such as "Jr." allowed) that are not in the rule set's `not_names`,
//! titles or countries.

use foldhash::HashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

use jiff::civil::Date;

use super::Context;
use crate::model::{Person, PersonKind, Role, Span};
use crate::rules::Rules;

use crate::text::slug;

mod honorifics;
mod lexicon;
mod roles;
mod titles;
mod verbs;

use honorifics::Honorifics;
use lexicon::{BoundedWords, ByteSet, CharClass};
use roles::RoleWords;
use titles::{TitlePhrase, TitlePhrases};
use verbs::{NamesBeforeVerbs, VerbsBeforeNames};

/// What finding people needs compiled from the rule set, built once in `Rules::compile`.
#[derive(Debug, Clone)]
pub struct PeoplePatterns {
    /// Title phrases: "US President", "Prime Minister of Canada".
    titles: TitlePhrases,
    /// Every name and alias in the actor dictionary, as a whole word, with its actor.
    actor_names: BoundedWords<usize>,
    /// Lower-case role words before names: "counterpart Moosa Zameer".
    roles: RoleWords,
    /// Names before speech and conversation verbs: "Theresa May spoke".
    names_before_verbs: NamesBeforeVerbs,
    /// Speech verbs before names: "said Ana Kovač".
    verbs_before_names: VerbsBeforeNames,
    /// Honorifics before names: "the Rt Hon".
    honorifics: Honorifics,
    /// `\s`, as the regexes of the rule set have it.
    space: CharClass,
    /// The bytes the searches above start from: capitals and the first bytes of titles and
    /// actor names. Their positions are found in one pass over the text.
    marks: ByteSet,
}

impl PeoplePatterns {
    /// The patterns of a rule set.
    pub fn new(set: &crate::rules::RuleSet) -> PeoplePatterns {
        let actor_forms = set.people.iter().enumerate().flat_map(|(i, a)| {
            std::iter::once(&a.name)
                .chain(&a.aliases)
                .map(move |form| (form.as_str(), i))
        });
        let titles = TitlePhrases::new(set);
        let actor_names = BoundedWords::new(actor_forms);
        let marks = ByteSet::new(
            lexicon::capital_bytes()
                .chain(titles.first_bytes())
                .chain(actor_names.first_bytes()),
        );
        PeoplePatterns {
            titles,
            actor_names,
            roles: RoleWords::new(set),
            names_before_verbs: NamesBeforeVerbs::new(set),
            verbs_before_names: VerbsBeforeNames::new(set),
            honorifics: Honorifics::new(set),
            space: CharClass::new(r"\s"),
            marks,
        }
    }
}

/// One person or institution.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Person or institution.
    pub kind: PersonKind,
    /// Every name form seen in the text, in order of first appearance.
    pub forms: Vec<String>,
    /// The actor dictionary entry, when known.
    pub actor: Option<usize>,
    /// Title from the text.
    pub title: Option<String>,
    /// Canonical country from the text.
    pub country: Option<String>,
    /// Roles gathered by later stages.
    pub roles: BTreeSet<Role>,
    /// A fixed name that is not a personal name ("the Kremlin", "Downing Street spokesman").
    pub label: bool,
}

impl Entity {
    fn new(kind: PersonKind, form: &str) -> Entity {
        Entity {
            kind,
            forms: vec![form.to_string()],
            actor: None,
            title: None,
            country: None,
            roles: BTreeSet::new(),
            label: false,
        }
    }

    /// The fullest form: the one with the most words (first such on ties).
    pub fn fullest(&self) -> &str {
        let mut best = self.forms[0].as_str();
        for f in &self.forms {
            if f.split_whitespace().count() > best.split_whitespace().count() {
                best = f;
            }
        }
        best
    }

    /// The folded surname key of this entity.
    pub fn surname_key(&self) -> String {
        surname_key(self.fullest())
    }
}

/// A span of text naming an entity.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    /// First byte (title included).
    pub start: usize,
    /// One past the last byte of the name.
    pub end: usize,
    /// The entity named.
    pub entity: usize,
}

/// A title phrase without a name ("the President of Ukraine", "Ukraine’s President").
#[derive(Debug, Clone)]
pub struct TitleRef {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The title as matched ("President").
    pub title: String,
    /// Canonical country, when given.
    pub country: Option<String>,
}

/// Everyone the text names, with their mentions in text order.
#[derive(Debug)]
pub struct People {
    rules: Arc<ActorTable>,
    /// Entities, in order of creation.
    pub entities: Vec<Entity>,
    /// Mentions sorted by start, never overlapping.
    pub mentions: Vec<Mention>,
    /// Bare title phrases, sorted by start.
    pub titles: Vec<TitleRef>,
    /// The reference date, for dated roles in the actor dictionary.
    pub reference: Option<Date>,
    /// Mentions added after `find` (labels), merged into `mentions` at output.
    late_mentions: Vec<Mention>,
    /// Label entities by folded name.
    labels: HashMap<String, usize>,
    /// Title holders by (folded title, country), brought up to date when an entity is added.
    holders: HashMap<(String, Option<String>), Vec<usize>>,
}

/// The actor dictionary as `People` needs it after `find`: (id, forms, roles) per actor.
/// Built once with the rules and shared by every document.
#[derive(Debug)]
pub struct ActorTable {
    actors: Vec<(String, Vec<String>, Vec<crate::rules::ActorRole>)>,
}

impl ActorTable {
    /// The table for a rule set.
    pub fn new(set: &crate::rules::RuleSet) -> ActorTable {
        ActorTable {
            actors: set
                .people
                .iter()
                .map(|a| {
                    let mut forms = vec![a.name.clone()];
                    forms.extend(a.aliases.iter().cloned());
                    (a.id.clone(), forms, a.roles.clone())
                })
                .collect(),
        }
    }
}

/// Capitalised words that never belong to a name: `not_names`, every word of a title,
/// one-word countries and demonyms, weekdays and honorifics. Built once with the rules.
pub fn name_stopwords(set: &crate::rules::RuleSet) -> foldhash::HashSet<String> {
    let mut words: foldhash::HashSet<String> = set.not_names.iter().cloned().collect();
    for t in &set.titles {
        words.extend(t.split_whitespace().map(str::to_string));
    }
    for c in &set.countries {
        let forms = std::iter::once(&c.name)
            .chain(&c.aliases)
            .chain(&c.adjectives);
        words.extend(forms.filter(|f| !f.contains(' ')).cloned());
    }
    words.extend(set.weekdays.iter().map(|w| w.name.clone()));
    for h in set.honorifics.iter().filter(|h| !h.contains(' ')) {
        words.insert(h.trim_end_matches('.').to_string());
    }
    words
}

/// [`crate::text::fold`], without decoding an ASCII string (most names are).
fn fold(s: &str) -> String {
    let mut key = String::new();
    fold_into(&mut key, s);
    key
}

/// Folds `s` as [`crate::text::fold`] does into `key`, replacing what it held.
fn fold_into(key: &mut String, s: &str) {
    key.clear();
    if s.is_ascii() {
        key.push_str(s);
        key.make_ascii_lowercase();
    } else {
        key.extend(crate::text::folded(s));
    }
}

/// Splits a name form into its tokens, dropping suffixes such as "Jr.".
fn name_tokens(form: &str) -> Vec<&str> {
    name_token_iter(form).collect()
}

/// The words of a name as [`name_tokens`] gives them, without collecting them.
fn name_token_iter(form: &str) -> impl DoubleEndedIterator<Item = &str> {
    form.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .filter(|t| !matches!(*t, "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV"))
}

/// Whether a name has at least two words (counted as [`name_tokens`] does).
fn has_two_words(form: &str) -> bool {
    name_token_iter(form).nth(1).is_some()
}

/// The folded last token of a name ("Joseph R. Biden, Jr." → "biden").
pub fn surname_key(form: &str) -> String {
    name_token_iter(form)
        .next_back()
        .map(|t| fold(t.trim_end_matches('.')))
        .unwrap_or_default()
}

fn first_key(form: &str) -> Option<String> {
    let mut toks = name_token_iter(form);
    let first = toks.next()?;
    toks.next().map(|_| fold(first))
}

impl People {
    /// Adds `role` to entity `i`.
    pub fn add_role(&mut self, i: usize, role: Role) {
        if let Some(e) = self.entities.get_mut(i) {
            e.roles.insert(role);
        }
    }

    /// The mention that ends exactly at `pos` (a possessive "’s" after it is allowed).
    pub fn mention_ending_at(&self, pos: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.end <= pos);
        (i > 0 && self.mentions[i - 1].end == pos).then(|| &self.mentions[i - 1])
    }

    /// The mention that starts exactly at `pos`.
    pub fn mention_starting_at(&self, pos: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.start < pos);
        self.mentions.get(i).filter(|m| m.start == pos)
    }

    /// Mentions inside `start..end`.
    pub fn mentions_in(&self, start: usize, end: usize) -> &[Mention] {
        let a = self.mentions.partition_point(|m| m.start < start);
        let b = self.mentions.partition_point(|m| m.start < end);
        &self.mentions[a..b.max(a)]
    }

    /// Mentions that start before `pos`, latest last.
    pub fn mentions_before(&self, pos: usize) -> &[Mention] {
        let b = self.mentions.partition_point(|m| m.start < pos);
        &self.mentions[..b]
    }

    /// The bare title phrase that ends exactly at `pos`.
    pub fn title_ending_at(&self, pos: usize) -> Option<&TitleRef> {
        let i = self.titles.partition_point(|t| t.end < pos);
        self.titles.get(i).filter(|t| t.end == pos)
    }

    /// The bare title phrase that starts exactly at `pos`.
    pub fn title_starting_at(&self, pos: usize) -> Option<&TitleRef> {
        let i = self.titles.partition_point(|t| t.start < pos);
        self.titles.get(i).filter(|t| t.start == pos)
    }

    fn push_entity(&mut self, e: Entity) -> usize {
        self.entities.push(e);
        let i = self.entities.len() - 1;
        // The new entity joins the remembered holder lists it belongs to (recomputing them
        // from scratch after every new entity made a long text quadratic).
        for ((wanted, country), list) in self.holders.iter_mut() {
            if holds(
                &self.entities,
                &self.rules,
                self.reference,
                i,
                wanted,
                country.as_deref(),
            ) {
                list.push(i);
            }
        }
        i
    }

    /// The entity for a fixed label (an institution or an unnamed spokesperson), created once.
    pub fn label(&mut self, kind: PersonKind, name: &str) -> usize {
        let key = fold(name);
        if let Some(&i) = self.labels.get(&key) {
            return i;
        }
        let mut e = Entity::new(kind, name);
        e.label = true;
        let i = self.push_entity(e);
        self.labels.insert(key, i);
        i
    }

    /// Adds a mention of a labelled entity; it joins the others at output, where one that
    /// overlaps an earlier mention is dropped.
    pub fn add_mention(&mut self, start: usize, end: usize, entity: usize) {
        self.late_mentions.push(Mention { start, end, entity });
    }

    /// Entities that hold `title` (and `country`, when given), by the text or by the actor
    /// dictionary on the reference date. A title with a country that nobody in the text
    /// holds ("the US President") brings in the dictionary's holder on that date.
    pub fn holders_of(&mut self, title: &str, country: Option<&str>) -> Vec<usize> {
        let wanted = title_key(title);
        let memo_key = (wanted.clone(), country.map(str::to_string));
        if let Some(h) = self.holders.get(&memo_key) {
            return h.clone();
        }
        let mut found: Vec<usize> = (0..self.entities.len())
            .filter(|&i| {
                holds(
                    &self.entities,
                    &self.rules,
                    self.reference,
                    i,
                    &wanted,
                    country,
                )
            })
            .collect();
        if found.is_empty() && country.is_some() {
            let actor = (0..self.rules.actors.len()).find(|&a| {
                self.rules.actors[a].2.iter().any(|r| {
                    title_key(&r.title) == wanted
                        && country == Some(r.country.as_str())
                        && role_valid(r, self.reference)
                })
            });
            if let Some(a) = actor {
                let mut e = Entity::new(PersonKind::Person, &self.rules.actors[a].1[0]);
                e.actor = Some(a);
                e.title = Some(title.to_string());
                e.country = country.map(str::to_string);
                found.push(self.push_entity(e));
            }
        }
        self.holders.insert(memo_key, found.clone());
        found
    }

    /// Builds the output persons (speakers first, then counterparts, then the rest, each
    /// in order of first mention) and the id of every entity index.
    pub fn into_output(mut self, text: &str) -> (Vec<Person>, Vec<String>) {
        if !self.late_mentions.is_empty() {
            let mut all = std::mem::take(&mut self.mentions);
            all.append(&mut self.late_mentions);
            all.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
            let mut kept: Vec<Mention> = Vec::with_capacity(all.len());
            for m in all {
                if kept.last().is_none_or(|l| m.start >= l.end) {
                    kept.push(m);
                }
            }
            self.mentions = kept;
        }
        let mut ids: Vec<String> = Vec::with_capacity(self.entities.len());
        let mut by_entity: Vec<Vec<Span>> = vec![Vec::new(); self.entities.len()];
        for m in &self.mentions {
            by_entity[m.entity].push(Span::of(text, m.start, m.end));
        }
        let mut persons: Vec<(u8, usize, Person)> = Vec::new();
        let mut taken: HashMap<String, usize> = HashMap::default();
        for (i, e) in self.entities.iter().enumerate() {
            let (mut id, name) = match e.actor {
                Some(a) => (
                    self.rules.actors[a].0.clone(),
                    self.rules.actors[a].1[0].clone(),
                ),
                None => (slug(e.fullest()), e.fullest().to_string()),
            };
            if e.label {
                id = slug(name.trim_start_matches("the ").trim_start_matches("The "));
            }
            if id.is_empty() {
                id = format!("person-{}", i + 1);
            }
            // Two different entities never share an id.
            let base = id.clone();
            let mut n = 2;
            while taken.contains_key(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(id.clone(), i);
            ids.push(id.clone());
            let mentions: Vec<Span> = std::mem::take(&mut by_entity[i]);
            let mut roles: Vec<Role> = e.roles.iter().copied().collect();
            if roles.is_empty() {
                roles.push(Role::Mentioned);
            }
            if mentions.is_empty() && roles == [Role::Mentioned] {
                continue; // created but never used
            }
            let aliases: Vec<String> = e
                .forms
                .iter()
                .filter(|f| **f != name)
                .cloned()
                .collect::<Vec<_>>();
            let mut dedup = Vec::new();
            for a in aliases {
                if !dedup.contains(&a) {
                    dedup.push(a);
                }
            }
            let rank = match roles[0] {
                Role::Speaker => 0,
                Role::Counterpart => 1,
                Role::Mentioned => 2,
            };
            let first = mentions.first().map_or(usize::MAX, |m| m.start);
            persons.push((
                rank,
                first,
                Person {
                    id,
                    kind: e.kind,
                    name,
                    aliases: dedup,
                    title: e.title.clone(),
                    country: e.country.clone(),
                    roles,
                    mentions,
                },
            ));
        }
        persons.sort_by_key(|(rank, first, _)| (*rank, *first));
        (persons.into_iter().map(|(_, _, p)| p).collect(), ids)
    }
}

/// A title folded for comparison: case, diacritics and hyphens ("Secretary-General").
pub fn title_key(title: &str) -> String {
    fold(title).replace('-', " ")
}

/// Offices that share a last word with another but are not it: a prime minister is not
/// "the minister", a vice president not "the president".
fn distinct_office(folded_title: &str) -> bool {
    ["prime ", "vice ", "vice-", "deputy "]
        .iter()
        .any(|p| folded_title.starts_with(p))
}

fn role_valid(role: &crate::rules::ActorRole, on: Option<Date>) -> bool {
    let Some(on) = on else {
        // Without a date, only a role still held counts.
        return role.to.is_none();
    };
    let from_ok = role
        .from
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok())
        .is_none_or(|from| from <= on);
    let to_ok = role
        .to
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok())
        .is_none_or(|to| on < to);
    from_ok && to_ok
}

/// A name candidate before it becomes an entity: text borrowed from the document and the
/// rules (most candidates are dropped or merged, and allocate nothing).
#[derive(Debug, Clone)]
struct Candidate<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    title: Option<&'a str>,
    country: Option<&'a str>,
    actor: Option<usize>,
    /// Candidates from titles or the dictionary win overlaps over cue-only ones.
    strength: u8,
}

impl<'a> Candidate<'a> {
    /// A name found at `start..end` of `text`, with what the text says of it.
    fn named(
        text: &'a str,
        (start, end): (usize, usize),
        title: Option<&'a str>,
        country: Option<&'a str>,
        strength: u8,
    ) -> Candidate<'a> {
        Candidate {
            start,
            end,
            name: &text[start..end],
            title,
            country,
            actor: None,
            strength,
        }
    }
}

/// Finds people in the text.
pub fn find<'a>(ctx: &Context<'a>, reference: Option<Date>) -> People {
    let rules = ctx.rules;
    let pats = &rules.re;
    let text = ctx.text;
    let scanner = NameScanner::new(rules);
    let mut cands: Vec<Candidate<'a>> = Vec::new();
    let mut titles: Vec<TitleRef> = Vec::new();

    // 1. Titles before names: "US President Joseph Biden", "Prime Minister of Canada Trudeau".
    // Where capitals, titles and actor names can start.
    let marks = pats.people.marks.positions(text);
    for phrase in pats.people.titles.find_all(text, &marks) {
        let title = &text[phrase.title_start..phrase.title_end];
        if !title.ends_with('.')
            && text[phrase.title_end..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
        {
            continue; // "Presidents", "President-elect"
        }
        let country = title_country(rules, &phrase);
        // "Ana Kovač, Prime Minister of Croatia", or a byline: "The Hon Anthony Albanese MP⏎
        // Prime Minister of Australia": a name of two or more words before the comma or
        // line break (post-nominal letters dropped).
        let before_title = &text[..phrase.start];
        let sep = [", ", "\r\n", "\n", "\r"]
            .iter()
            .find(|s| before_title.ends_with(**s));
        if let Some(sep) = sep {
            let mut name_end = phrase.start - sep.len();
            let window = crate::text::ceil_boundary(text, name_end.saturating_sub(MAX_NAME_BYTES));
            if let Some(h) = rules.re.honorific_end.find(&text[window..name_end])
                && h.start() > 0
            {
                name_end = window + h.start();
            }
            if let Some(s) = scanner.name_ending_at(text, name_end)
                && has_two_words(&text[s..name_end])
            {
                cands.push(Candidate::named(
                    text,
                    (s, name_end),
                    Some(title),
                    country,
                    2,
                ));
            }
        }
        // The title must start a word that is capitalised as written (not "president").
        let mut name_from = phrase.end;
        let after = &text[name_from..];
        let comma = after.starts_with(", ");
        if comma {
            name_from += 1;
        }
        match scanner.name_after(text, name_from) {
            Some((s, e)) => {
                // "The Prime Minister, Justin Trudeau," — the comma form needs a name that
                // is followed by a comma too or is at least two words.
                let name = &text[s..e];
                if comma && !has_two_words(name) {
                    titles.push(TitleRef {
                        start: title_start(text, phrase.start),
                        end: phrase.end,
                        title: title.to_string(),
                        country: country.map(str::to_string),
                    });
                    continue;
                }
                // "President Trump of the United States of America".
                let mut country = country;
                let mut end = e;
                if country.is_none()
                    && let Some(c) = country_after(rules, text, e)
                {
                    country = Some(c.0);
                    end = c.1;
                }
                let _ = end;
                cands.push(Candidate {
                    start: phrase.start,
                    end: e,
                    name,
                    title: Some(title),
                    country,
                    actor: None,
                    strength: 3,
                });
            }
            None => titles.push(TitleRef {
                start: title_start(text, phrase.start),
                end: phrase.end,
                title: title.to_string(),
                country: country.map(str::to_string),
            }),
        }
    }

    // 1b. Lower-case roles before names: "his Maldivian counterpart Moosa Zameer",
    // "Hungary’s foreign minister, Péter Szijjártó".
    for role in pats.people.roles.find_all(text, &marks) {
        if !text[role.start..role.role_end].starts_with(char::is_lowercase) {
            continue;
        }
        if let Some((s, e)) = scanner.name_after(text, role.name_start)
            && has_two_words(&text[s..e])
        {
            let title = role.title.map(|t| rules.set.titles[t].as_str());
            cands.push(Candidate {
                start: s,
                end: e,
                name: &text[s..e],
                title,
                country: None,
                actor: None,
                strength: 2,
            });
        }
    }

    // 2. The actor dictionary.
    for (form_start, end, &actor) in pats.people.actor_names.find_iter(text, &marks) {
        // Extend to a longer name run that ends here ("Joe Biden" when only "Biden" is listed).
        let (start, actor) = match scanner.name_ending_at(text, end) {
            Some(s) if s < form_start => (s, actor_for(rules, &text[s..end])),
            _ => (form_start, Some(actor)),
        };
        cands.push(Candidate {
            start,
            end,
            name: &text[start..end],
            title: None,
            country: None,
            actor,
            strength: 2,
        });
    }

    // 3. Names as subjects of speech and conversation verbs: "Theresa May spoke with".
    // The match is "Name (adverb)? verb": its last run of name words is the name.
    for (start, end) in pats.people.names_before_verbs.find_all(text, &marks) {
        let name_end = text[..end]
            .trim_end_matches(|c: char| c.is_alphabetic())
            .trim_end()
            .len();
        if let Some((s, e)) = scanner.trim_run(text, start, name_end.max(start))
            && has_two_words(&text[s..e])
        {
            cands.push(Candidate::named(text, (s, e), None, None, 1));
        }
    }
    // "said Prime Minister Ana Kovač" is a title candidate already; "said Ana Kovač" and
    // "spoke with Angela Merkel" are not.
    let after_verbs = pats
        .people
        .verbs_before_names
        .name_starts(text, &marks)
        .into_iter()
        .chain(ctx.cue_hits.iter().map(|hit| hit.end));
    for after in after_verbs {
        if let Some((s, e)) = scanner.name_after(text, after)
            && has_two_words(&text[s..e])
        {
            cands.push(Candidate::named(text, (s, e), None, None, 1));
        }
    }

    // Title after the name: "Justin Trudeau, Prime Minister of Canada".
    let mut after_titles: Vec<(usize, &str, Option<&str>)> = Vec::new();
    for c in &cands {
        let rest = &text[c.end..];
        if let Some(stripped) = rest.strip_prefix(", ") {
            let at = c.end + 2;
            // The phrase right after the comma, or after "the " (no phrase can start
            // inside "the ").
            let phrase = pats.people.titles.match_at(text, at).or_else(|| {
                stripped
                    .starts_with("the ")
                    .then(|| pats.people.titles.match_at(text, at + 4))
                    .flatten()
            });
            if let Some(phrase) = phrase {
                let country = title_country(rules, &phrase);
                let title = &text[phrase.title_start..phrase.title_end];
                after_titles.push((c.start, title, country));
            }
        }
    }

    // Keep the strongest, longest candidate where candidates overlap.
    cands.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.strength.cmp(&a.strength))
            .then(b.end.cmp(&a.end))
    });
    let mut kept: Vec<Candidate<'a>> = Vec::new();
    for c in cands {
        if let Some(last) = kept.last_mut()
            && c.start < last.end
        {
            // Overlap: a dictionary or title hit inside a longer title mention merges in.
            if c.end > last.end && c.strength >= last.strength {
                *last = c;
            } else if last.actor.is_none() && c.actor.is_some() {
                last.actor = c.actor;
            }
            continue;
        }
        kept.push(c);
    }
    for (start, title, country) in after_titles {
        let i = kept.partition_point(|c| c.start < start);
        if let Some(c) = kept.get_mut(i).filter(|c| c.start == start) {
            c.title.get_or_insert(title);
            if c.country.is_none() {
                c.country = country;
            }
        }
    }

    // Merge candidates into entities by surname (and first name when both have one).
    let mut people = People {
        rules: rules.re.actor_table.clone(),
        entities: Vec::new(),
        mentions: Vec::new(),
        titles,
        reference,
        late_mentions: Vec::new(),
        labels: HashMap::default(),
        holders: HashMap::default(),
    };
    let mut by_surname: HashMap<String, Vec<usize>> = HashMap::default();
    // Every name word → the entities whose names hold it.
    let mut by_token: HashMap<String, Vec<usize>> = HashMap::default();
    // Dictionary person → its entity.
    let mut entity_of_actor: HashMap<usize, usize> = HashMap::default();
    let mut token_key = String::new();
    for c in &kept {
        let key = surname_key(c.name);
        let first = first_key(c.name);
        let actor = c
            .actor
            .or_else(|| actor_for_keys(rules, c.name, &key, first.as_deref()));
        if key.is_empty() {
            continue;
        }
        // Two spellings of one dictionary person ("Zelensky", "Zelenskiy") are one entity.
        let by_actor = actor.and_then(|a| entity_of_actor.get(&a).copied());
        let existing = by_actor.or_else(|| {
            by_surname.get(&key).and_then(|list| {
                list.iter().copied().find(|&i| {
                    let e = &people.entities[i];
                    let efirst = first_key(e.fullest());
                    (actor.is_some() && e.actor == actor)
                        || first.is_none()
                        || efirst.is_none()
                        || first == efirst
                        || compatible_first(first.as_deref(), efirst.as_deref())
                        || e.forms.iter().any(|f| tokens_suffix(c.name, f))
                })
            })
        });
        // "Politburo Member Yang" after "Yang Jiechi" (surname first): a one-word form
        // joins the only entity that has that word in its name.
        let existing = existing.or_else(|| {
            if name_token_iter(c.name).count() != 1 {
                return None;
            }
            match by_token.get(&fold(c.name)).map(Vec::as_slice) {
                Some([only]) => Some(*only),
                _ => None,
            }
        });
        let idx = match existing {
            Some(i) => i,
            None => {
                people
                    .entities
                    .push(Entity::new(PersonKind::Person, c.name));
                let i = people.entities.len() - 1;
                by_surname.entry(key).or_default().push(i);
                i
            }
        };
        let e = &mut people.entities[idx];
        if !e.forms.iter().any(|f| f == c.name) {
            e.forms.push(c.name.to_string());
        }
        if !e.label {
            for t in name_token_iter(c.name) {
                fold_into(&mut token_key, t);
                let owners = match by_token.get_mut(&token_key) {
                    Some(owners) => owners,
                    None => by_token.entry(token_key.clone()).or_default(),
                };
                if !owners.contains(&idx) {
                    owners.push(idx);
                }
            }
        }
        if e.actor.is_none() {
            e.actor = actor;
        }
        if let Some(a) = e.actor {
            entity_of_actor.entry(a).or_insert(idx);
        }
        if e.title.is_none() {
            e.title = c.title.map(str::to_string);
        }
        if e.country.is_none() {
            e.country = c.country.map(str::to_string);
        }
        people.mentions.push(Mention {
            start: c.start,
            end: c.end,
            entity: idx,
        });
    }

    // Bare surnames of known people anywhere else ("Zelenskyy", "Putin’s").
    // One pass over the capitalised words, looked up in the surname index (no regex is
    // built per document).
    let mut surnames: foldhash::HashSet<String> = foldhash::HashSet::default();
    // Inner words of long names ("Faki" of "Moussa Faki Mahamat"): the other surname-like
    // forms a text uses, taken when they belong to one person only.
    let mut inner: foldhash::HashSet<String> = foldhash::HashSet::default();
    // Words are folded into one buffer and copied only when new (forms repeat surnames).
    let mut key = String::new();
    let mut add = |set: &mut foldhash::HashSet<String>, word: &str| {
        fold_into(&mut key, word);
        if key.chars().count() > 2 && !key.ends_with('.') && !set.contains(&key) {
            set.insert(key.clone());
        }
    };
    for e in &people.entities {
        for f in &e.forms {
            if let Some(last) = name_token_iter(f).next_back() {
                add(&mut surnames, last);
            }
            let n = name_token_iter(f).count();
            if !e.label && n >= 3 {
                for t in name_token_iter(f).skip(1).take(n - 2) {
                    add(&mut inner, t);
                }
            }
        }
    }
    if !surnames.is_empty() || !inner.is_empty() {
        // The first letters of the keys: most words are ruled out before folding.
        let key_starts = ByteSet::new(surnames.iter().chain(&inner).map(|k| k.as_bytes()[0]));
        let mut extra = Vec::new();
        for (start, word) in capitalised_words(text, &marks) {
            let first = word.as_bytes()[0];
            if first.is_ascii() && !key_starts.contains(first.to_ascii_lowercase()) {
                continue;
            }
            fold_into(&mut key, word);
            let owners = if surnames.contains(&key) {
                by_surname.get(&key)
            } else if inner.contains(&key) && !scanner.not_names.contains(word) {
                by_token.get(&key)
            } else {
                continue;
            };
            if let Some([only]) = owners.map(Vec::as_slice) {
                extra.push(Mention {
                    start,
                    end: start + word.len(),
                    entity: *only,
                });
            }
        }
        // Merge, keeping existing (longer) mentions where they overlap.
        people.mentions.sort_by_key(|m| m.start);
        let mut merged = Vec::with_capacity(people.mentions.len() + extra.len());
        let (mut a, mut b) = (
            people.mentions.into_iter().peekable(),
            extra.into_iter().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.start <= y.start => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => break,
            };
            let Some(m) = next else { break };
            match merged.last() {
                Some(last) if m.start < Mention::end_of(last) => {}
                _ => merged.push(m),
            }
        }
        people.mentions = merged;
    }
    people.mentions.sort_by_key(|m| m.start);
    // Title refs that lie inside a mention are not bare.
    let mentions = &people.mentions;
    people.titles.retain(|t| {
        let i = mentions.partition_point(|m| m.end <= t.start);
        mentions.get(i).is_none_or(|m| m.start >= t.end)
    });
    people
}

impl Mention {
    fn end_of(m: &Mention) -> usize {
        m.end
    }
}

/// Every word that starts with an upper-case letter, with its byte offset (letters,
/// hyphens and in-word apostrophes; a possessive "’s" is not part of the word).
///
/// A word is a run of letters and hyphens that starts with a letter; a capitalised one
/// starts with an upper-case letter and has no letter or digit right before it.
/// `capitals` are the positions in `text` of (at least) every upper-case character.
fn capitalised_words<'t>(
    text: &'t str,
    capitals: &'t [usize],
) -> impl Iterator<Item = (usize, &'t str)> + 't {
    let bytes = text.as_bytes();
    capitals.iter().filter_map(move |&start| {
        let b = *bytes.get(start)?;
        // ASCII letters and hyphens are tested without decoding.
        if b.is_ascii() {
            if !b.is_ascii_uppercase() {
                return None;
            }
        } else {
            let c = text.get(start..)?.chars().next()?;
            if !(c.is_uppercase() && c.is_alphabetic()) {
                return None;
            }
        }
        let before = &text[..start];
        let prev_is_alphanumeric = match before.as_bytes().last() {
            None => false,
            Some(p) if p.is_ascii() => p.is_ascii_alphanumeric(),
            Some(_) => before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
        };
        if prev_is_alphanumeric {
            return None;
        }
        // Inside a word that hyphens join to a letter before them ("al-Sudani").
        if before.ends_with('-') {
            let hyphens = before.trim_end_matches('-');
            if hyphens.chars().next_back().is_some_and(char::is_alphabetic) {
                return None;
            }
        }
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii() {
                if !(b.is_ascii_alphabetic() || b == b'-') {
                    break;
                }
                end += 1;
            } else {
                match text[end..].chars().next() {
                    Some(c) if c.is_alphabetic() => end += c.len_utf8(),
                    _ => break,
                }
            }
        }
        Some((start, &text[start..end]))
    })
}

/// Whether the shorter name's words end the longer one ("Peña Nieto" / "Enrique Peña Nieto").
fn tokens_suffix(a: &str, b: &str) -> bool {
    let (ta, tb) = (name_tokens(a), name_tokens(b));
    let (short, long) = if ta.len() <= tb.len() {
        (ta, tb)
    } else {
        (tb, ta)
    };
    short.len() >= 2
        && short
            .iter()
            .rev()
            .zip(long.iter().rev())
            .all(|(x, y)| crate::text::fold_eq(x, y))
}

/// Whether two first-name keys can be the same person ("joe"/"joseph", an initial).
fn compatible_first(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let a = a.trim_end_matches('.');
            let b = b.trim_end_matches('.');
            a.starts_with(b) || b.starts_with(a) || a.get(..2) == b.get(..2)
        }
        _ => true,
    }
}

/// The dictionary actor one of whose forms is `name` or ends with `name`'s surname and
/// agrees on the first name.
fn actor_for(rules: &Rules, name: &str) -> Option<usize> {
    actor_for_keys(rules, name, &surname_key(name), first_key(name).as_deref())
}

/// [`actor_for`] with the name's surname and first-name keys already made.
fn actor_for_keys(rules: &Rules, name: &str, surname: &str, first: Option<&str>) -> Option<usize> {
    let exact = rules.re.actor_by_form.get(name).copied();
    let by_surname = rules.re.actor_by_surname.get(surname).and_then(|owners| {
        owners
            .iter()
            .copied()
            .find(|&a| compatible_first(first, first_key(&rules.set.people[a].name).as_deref()))
    });
    match (exact, by_surname) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether entity `i` holds the folded title `wanted` (in `country`, when given): by the
/// title the text gives it, or by its dictionary roles on the reference date.
fn holds(
    entities: &[Entity],
    actors: &ActorTable,
    reference: Option<Date>,
    i: usize,
    wanted: &str,
    country: Option<&str>,
) -> bool {
    let e = &entities[i];
    let text_match = e.title.as_deref().is_some_and(|t| {
        let t = title_key(t);
        t == wanted
            || (t.ends_with(&format!(" {wanted}")) && !distinct_office(&t))
            || wanted.ends_with(&format!(" {t}"))
    }) && (country.is_none() || e.country.as_deref() == country);
    if text_match {
        return true;
    }
    let Some(a) = e.actor else {
        return false;
    };
    actors.actors[a].2.iter().any(|r| {
        title_key(&r.title) == wanted
            && country.is_none_or(|c| c == r.country)
            && role_valid(r, reference)
    })
}

/// The canonical country a title phrase names ("US President", "Poland’s President",
/// "President of Ukraine").
fn title_country<'r>(rules: &'r Rules, phrase: &TitlePhrase) -> Option<&'r str> {
    phrase.country.map(|c| rules.set.countries[c].name.as_str())
}

/// Where a bare title phrase starts, taking in a leading "the".
fn title_start(text: &str, start: usize) -> usize {
    for article in ["the ", "The "] {
        if start >= article.len() && text[..start].ends_with(article) {
            return start - article.len();
        }
    }
    start
}

/// " of the United States" right after a name → (country, end).
fn country_after<'r>(rules: &'r Rules, text: &str, pos: usize) -> Option<(&'r str, usize)> {
    // `\s+of\s+(?:the\s+)?`
    let space = &rules.re.people.space;
    let spaces = |at: usize| Some(space.run_end(text, at)).filter(|&end| end > at);
    let of = spaces(pos)?;
    if !text[of..].starts_with("of") {
        return None;
    }
    let mut country_start = spaces(of + 2)?;
    if text[country_start..].starts_with("the")
        && let Some(after_the) = spaces(country_start + 3)
    {
        country_start = after_the;
    }
    let rest = &text[country_start..];
    // The longest country name or alias (without "the") that ends a word there: every word
    // end within the longest form's length is looked up.
    let (index, longest) = &rules.re.country_by_name;
    let window = &rest[..crate::text::floor_boundary(rest, *longest)];
    let mut best: Option<(&str, usize)> = None;
    let ends = window.char_indices().map(|(p, _)| p).chain([window.len()]);
    for end in ends {
        if rest[end..].starts_with(|ch: char| ch.is_alphanumeric()) {
            continue;
        }
        if let Some(&c) = index.get(&rest[..end]) {
            best = Some((rules.set.countries[c].name.as_str(), end));
        }
    }
    best.map(|(c, l)| (c, country_start + l))
}

/// Where the word that starts at `start` ends, at most at `limit`: at a space or a
/// punctuation mark that cannot be inside a name. ASCII is tested without decoding.
fn word_end(text: &str, start: usize, limit: usize) -> usize {
    let bytes = &text.as_bytes()[..limit];
    let mut i = start;
    while i < limit {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_whitespace()
                || matches!(b, b',' | b';' | b':' | b'(' | b')' | b'"' | b'\x0b')
            {
                break;
            }
            i += 1;
        } else {
            let c = text[i..limit].chars().next().unwrap_or_default();
            if c.is_whitespace() || matches!(c, '“' | '”' | '—' | '–') {
                break;
            }
            i += c.len_utf8();
        }
    }
    i
}

/// Name suffixes taken into a name after a comma or a space ("Joseph R. Biden, Jr.",
/// "Lloyd J. Austin III").
const SUFFIXES: &[&str] = &["Jr.", "Sr.", "Jr", "Sr", "III", "II", "IV"];

/// The most words a name may have ("Mohammed bin Salman bin Abdulaziz Al Saud" fits).
const MAX_NAME_WORDS: usize = 8;

/// The most bytes a name scan looks at, so a giant "word" is never rescanned.
const MAX_NAME_BYTES: usize = 160;

/// Scans name runs: capitalised tokens, initials, particles and suffixes.
pub struct NameScanner<'r> {
    rules: &'r Rules,
    not_names: &'r foldhash::HashSet<String>,
    particles: &'r foldhash::HashSet<String>,
    months: &'r foldhash::HashSet<String>,
}

impl<'r> NameScanner<'r> {
    /// A scanner for `rules` (its word sets are built once, with the rules).
    pub fn new(rules: &'r Rules) -> NameScanner<'r> {
        NameScanner {
            rules,
            not_names: &rules.re.name_stopwords,
            particles: &rules.re.name_particles,
            months: &rules.re.month_names,
        }
    }

    /// Whether `tok` (as written, possibly with a trailing dot) can be part of a name.
    fn is_name_token(&self, tok: &str, first: bool) -> bool {
        let bare = tok.trim_end_matches('.');
        let Some(c0) = bare.chars().next() else {
            return false;
        };
        if !c0.is_uppercase() {
            return false;
        }
        // The tests of the characters come before the word-list lookups (they are
        // cheaper); ASCII words are tested byte by byte.
        let (acronym, letters) = if bare.is_ascii() {
            let bytes = bare.as_bytes();
            (
                bytes.len() > 1 && !bytes.iter().any(u8::is_ascii_lowercase),
                bytes
                    .iter()
                    .all(|&b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-'),
            )
        } else {
            (
                bare.chars().count() > 1 && bare.chars().all(|c| !c.is_lowercase()),
                bare.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '’' | '\'' | '-')),
            )
        };
        // Acronyms (CPC, NATO, UN) and words with digits or other signs are not names.
        if !letters || acronym || self.not_names.contains(bare) {
            return false;
        }
        !first || !self.months.contains(bare)
    }

    /// The name run starting at `pos` (after spaces), trimmed to real name tokens.
    pub fn name_after(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        let rest = &text[pos..];
        let mut lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        // "the Rt Hon Justin Trudeau", "Senator the Hon. Penny Wong": honorifics are not names.
        if let Some(len) = self.rules.re.people.honorifics.len_at_start(&rest[lead..]) {
            lead += len;
        }
        let start = pos + lead;
        let mut end = start;
        let mut ntok = 0;
        let mut last_good = start;
        let mut i = start;
        // Names are short: bounding the scan keeps runs of capitalised words linear.
        for _ in 0..MAX_NAME_WORDS {
            let window_end = crate::text::floor_boundary(text, i + MAX_NAME_BYTES);
            let word_end = word_end(text, i, window_end);
            if word_end == i {
                break;
            }
            let mut tok = &text[i..word_end];
            // A possessive ends the name: "Putin’s regime".
            let mut possessive = false;
            for suffix in ["’s", "'s"] {
                if let Some(t) = tok.strip_suffix(suffix) {
                    tok = t;
                    possessive = true;
                }
            }
            let is_initial =
                tok.len() == 2 && tok.ends_with('.') && tok.starts_with(char::is_uppercase);
            // A surname in capitals before a given name, as Japanese releases write
            // them: "KAMIKAWA Yoko" (a lone capitalised word stays an acronym).
            let caps_surname = ntok == 0
                && tok.chars().count() >= 3
                && tok.chars().all(char::is_uppercase)
                && !self.not_names.contains(tok)
                && text[word_end..]
                    .strip_prefix(' ')
                    .and_then(|r| r.split([' ', ',', '.']).next())
                    .is_some_and(|next| {
                        next.chars().count() > 1 && self.is_name_token(next, false)
                    });
            if is_initial || caps_surname || self.is_name_token(tok, ntok == 0) {
                ntok += 1;
                let tok_end = i + tok.len();
                // A trailing dot is kept only on initials.
                end = if tok.ends_with('.') && !is_initial {
                    tok_end - 1
                } else {
                    tok_end
                };
                if !is_initial {
                    last_good = end;
                }
            } else if !(ntok > 0 && self.particles.contains(tok)) {
                break;
            }
            if possessive || tok.ends_with('.') && !is_initial {
                break;
            }
            // Continue over one space; a ", Jr." or " III" suffix is taken in (the
            // separator comes first: only one of them can start the rest).
            let after = &text[word_end..];
            let suffix = [", ", " "].iter().find_map(|sep| {
                let rest = after.strip_prefix(sep)?;
                let first = rest.bytes().next()?;
                if !SUFFIXES.iter().any(|s| s.as_bytes()[0] == first) {
                    return None;
                }
                SUFFIXES.iter().find_map(|s| {
                    let form = rest.strip_prefix(s)?;
                    let ends = !form.starts_with(|c: char| c.is_alphanumeric());
                    ends.then_some(sep.len() + s.len())
                })
            });
            if let Some(len) = suffix.filter(|_| ntok > 0) {
                last_good = word_end + len;
                end = last_good;
                break;
            }
            if after.starts_with(' ') && !after.starts_with("  ") {
                i = word_end + 1;
            } else {
                break;
            }
        }
        let _ = end;
        (ntok > 0 && last_good > start).then_some((start, last_good))
    }

    /// The start of a name run that ends at `end` (scanning back over name tokens).
    pub fn name_ending_at(&self, text: &str, end: usize) -> Option<usize> {
        // Look back no further than a long name can reach.
        let floor = crate::text::floor_boundary(text, end.saturating_sub(MAX_NAME_BYTES));
        let before = &text[..end];
        let mut start = end;
        let mut cursor = end;
        for _ in 0..MAX_NAME_WORDS {
            if cursor <= floor {
                break;
            }
            let word_start = floor + crate::text::after_last_space(&before[floor..cursor]);
            if word_start >= cursor {
                break;
            }
            let tok = &before[word_start..cursor];
            let initial = tok.len() == 2 && tok.ends_with('.');
            if cursor < end && tok.ends_with(['.', ',', ';', ':']) && !initial {
                break; // a sentence or clause ends before the name
            }
            if self.is_name_token(tok, false)
                || (tok.len() == 2 && tok.ends_with('.') && tok.starts_with(char::is_uppercase))
            {
                start = word_start;
                if word_start == 0 || !before[..word_start].ends_with(' ') {
                    break;
                }
                cursor = word_start - 1;
            } else {
                break;
            }
        }
        (start < end).then_some(start)
    }

    /// Trims a raw capitalised run to the last maximal run of name tokens.
    pub fn trim_run(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let s = &text[start..end];
        // The last run that ended, and the run under way.
        let mut last: Option<(usize, usize)> = None;
        let mut cur: Option<(usize, usize)> = None;
        let mut offset = 0;
        for tok in s.split(' ') {
            let ts = start + offset;
            let te = ts + tok.len();
            offset += tok.len() + 1;
            let initial =
                tok.len() == 2 && tok.ends_with('.') && tok.starts_with(char::is_uppercase);
            let ok = initial
                || self.is_name_token(tok, cur.is_none())
                || (cur.is_some() && self.particles.contains(tok));
            if ok && !tok.is_empty() {
                cur = Some(cur.map_or((ts, te), |(a, _)| (a, te)));
            } else if let Some(r) = cur.take() {
                last = Some(r);
            }
        }
        cur.or(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    fn people_of(text: &str) -> (People, Vec<Person>, Vec<String>) {
        let rules = Rules::builtin();
        let ctx = Context::new(text, &rules, false);
        let p = find(&ctx, "2023-06-25".parse().ok());
        let p2 = find(&ctx, "2023-06-25".parse().ok());
        let (persons, ids) = p2.into_output(text);
        (p, persons, ids)
    }

    fn names(text: &str) -> Vec<String> {
        people_of(text).1.into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn titles_before_names() {
        assert_eq!(
            names(
                "President of Ukraine Volodymyr Zelenskyy had a call with German Chancellor Olaf Scholz."
            ),
            ["Volodymyr Zelenskyy", "Olaf Scholz"]
        );
        assert_eq!(
            names(
                "Crown Prince Mohammed bin Salman met European Commission President Ursula von der Leyen."
            ),
            ["Mohammed bin Salman", "Ursula von der Leyen"]
        );
        assert_eq!(
            names("Secretary of State Mark R. Tenby spoke with President Recep Tayyip Erdoğan."),
            ["Mark R. Tenby", "Recep Tayyip Erdoğan"]
        );
    }

    #[test]
    fn title_and_country_from_text() {
        let (_, persons, _) =
            people_of("Poland’s President Andrzej Duda met Prime Minister of Canada Mark Tenby.");
        assert_eq!(persons[0].title.as_deref(), Some("President"));
        assert_eq!(persons[0].country.as_deref(), Some("Poland"));
        assert_eq!(persons[1].country.as_deref(), Some("Canada"));
        let (_, persons, _) =
            people_of("Ana Kovač, Prime Minister of Croatia, spoke. Kovač said so.");
        assert_eq!(persons[0].title.as_deref(), Some("Prime Minister"));
        assert_eq!(persons[0].mentions.len(), 2);
    }

    #[test]
    fn aliases_merge_by_surname_and_keep_the_fullest_name() {
        let (_, persons, ids) = people_of(
            "US President Joseph R. Biden, Jr. spoke. Joe Biden agreed. Biden left. Hunter Biden said no.",
        );
        let biden = &persons[0];
        assert_eq!(biden.id, "joseph-biden");
        assert!(ids.contains(&"hunter-biden".to_string()));
        assert!(biden.aliases.contains(&"Joe Biden".to_string()));
        assert_eq!(biden.mentions[0].text, "US President Joseph R. Biden, Jr.");
    }

    /// Capitalised words as a walk over every word of the text finds them.
    fn capitalised_words_by_walking(text: &str) -> Vec<(usize, &str)> {
        let mut found = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphabetic() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, ch)) = chars.peek() {
                if !(ch.is_alphabetic() || ch == '-') {
                    break;
                }
                end = i + ch.len_utf8();
                chars.next();
            }
            let boundary = text[..start]
                .chars()
                .next_back()
                .is_none_or(|p| !p.is_alphanumeric());
            if c.is_uppercase() && boundary {
                found.push((start, &text[start..end]));
            }
        }
        found
    }

    #[test]
    fn words_end_at_spaces_and_punctuation() {
        for text in [
            "Ana Kovač, Jon;Berg:(x)\"y\" “Élise” — a–b\u{a0}c\u{b}d\u{c}e\u{1c}f\u{2003}g",
            "Kovač’s",
            "",
        ] {
            let mut at = 0;
            while at < text.len() {
                let expected = text[at..]
                    .find(|c: char| {
                        c.is_whitespace()
                            || matches!(
                                c,
                                ',' | ';' | ':' | '(' | ')' | '“' | '”' | '"' | '—' | '–'
                            )
                    })
                    .map_or(text.len(), |o| at + o);
                assert_eq!(word_end(text, at, text.len()), expected, "{text:?} at {at}");
                at += text[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }

    #[test]
    fn capitalised_words_are_whole_words() {
        for text in [
            "Putin’s al-Sudani x-Ray --Ray 1Ray a--Ray É-Éa Ⓐb ⅠV McDonald-Smith's ß-Ab",
            "Ana  Kovač,Jon;Berg-  -Lee é Éé 9 ",
            "",
        ] {
            let capitals: Vec<usize> = (0..text.len()).collect();
            let found: Vec<(usize, &str)> = capitalised_words(text, &capitals).collect();
            assert_eq!(found, capitalised_words_by_walking(text), "in {text:?}");
        }
    }

    #[test]
    fn possessives_and_months_are_not_names() {
        assert_eq!(names("Putin’s regime fell in May."), ["Vladimir Putin"]);
        assert_eq!(
            names("Theresa May spoke with Angela Merkel."),
            ["Theresa May", "Angela Merkel"]
        );
    }
}
