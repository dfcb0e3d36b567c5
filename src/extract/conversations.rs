//! Conversations: the principal, who they talked with (counterparts), how, when and about
//! what, and the issuing source (`reported_by`).
//!
//! Cues come from the rule set (`conversation_cues`, `topic_cues`); the principal is the
//! subject of the first cue that names a person, or the heading's "Statement by X", or the
//! first person who acts in the text.

use std::ops::Range;

use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_automata::meta;

use super::Context;
use super::people::People;
use crate::model::{Conversation, ConversationKind, DateMention, Evidence, PersonKind, Span};
use crate::text::is_space;

/// One cue naming a counterpart: (counterpart, kind, cue span, sentence, rule name).
type Hit = (
    usize,
    ConversationKind,
    Range<usize>,
    Range<usize>,
    &'static str,
);

/// How far (bytes) a cue's subject, a clause or a topic list may reach.
const LOOKBACK_BYTES: usize = 300;

/// A conversation before ids are assigned.
#[derive(Debug, Clone)]
pub struct FoundConversation {
    /// How they talked.
    pub kind: ConversationKind,
    /// The principal entity.
    pub principal: usize,
    /// The counterpart entity.
    pub counterpart: usize,
    /// ISO date, when the text dates it.
    pub date: Option<String>,
    /// Topic phrases.
    pub topics: Vec<String>,
    /// Why.
    pub evidence: Option<Evidence>,
    /// Sentences that are about this pair, with the position of the cue in each, for dates.
    sentences: Vec<(Range<usize>, usize)>,
    /// Position of its first cue, for assigning later sentences.
    first_cue: usize,
}

impl FoundConversation {
    /// The output form, with `id` mapping entity indexes to person ids.
    pub fn to_output(&self, id: &dyn Fn(usize) -> String) -> Conversation {
        Conversation {
            kind: self.kind,
            participants: vec![id(self.principal), id(self.counterpart)],
            date: self.date.clone(),
            topics: self.topics.clone(),
            explain: self.evidence.clone(),
        }
    }
}

/// Conversations found.
#[derive(Debug, Default)]
pub struct Talks {
    /// Counterpart entities, in order of first conversation.
    pub counterparts: Vec<usize>,
    /// One conversation per counterpart.
    pub conversations: Vec<FoundConversation>,
    /// Issuing source spans, one per distinct source.
    pub reported_by: Vec<Span>,
}

/// The fixed regexes of conversation finding (they do not depend on the rule set); compiled
/// with the rules, so that every copy of the rules has its own match caches.
#[derive(Debug, Clone)]
pub struct ConversationPatterns {
    adverbs: Regex,
    /// The end of the text before a cue that makes it no conversation of the release: a
    /// planned event ("ahead of the"), a habit ("whenever they") or a question ("whether
    /// he"), in one regex (one reverse scan instead of three).
    not_held_before: Regex,
    planned_ahead: Regex,
    between_end: Regex,
    series: Regex,
    relative_clause: Regex,
    courtesy: Regex,
    auxiliary: Regex,
    conversation_noun: Regex,
    pair_then_verb: Regex,
    and_i: Regex,
    topic_stop: Regex,
    statement_by: Regex,
    acts: Regex,
    phone: Regex,
    video: Regex,
    meeting: Regex,
}

impl ConversationPatterns {
    /// Compiles the patterns.
    pub fn new() -> ConversationPatterns {
        ConversationPatterns {
            adverbs: Regex::new(r"(?i)(?:\s+|,)(?:also|again|once again|today|yesterday|tonight|this (?:morning|afternoon|evening)|earlier today|then|separately|briefly|warmly|later|first|subsequently|has|have|had|will|would|shall|is to|are to|plans to|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))$").expect("compiles"),
            not_held_before: Regex::new(concat!(
                // planned
                r"(?i)(?-u:\b)(?:ahead of|before|in preparation for|prior to|preparations for|upcoming|forthcoming|planned)\s+(?:his|her|their|the|a)?\s*\S*\s*$",
                // habitual
                r"|(?i)(?-u:\b)(?:every time|each time|whenever)(?-u:\b)[^,.;]*$",
                // question
                r"|(?i)(?-u:\b)(?:whether|if)(?-u:\b)[^,.;]*$",
            ))
            .expect("compiles"),
            between_end: Regex::new(r"(?i)(?-u:\b)(?:call|conversation|meeting|talks|video ?call|videoconference)s?\s+between\s+$").expect("compiles"),
            series: Regex::new(r"(?i)(?-u:\b)(?:conversations?|calls?|talks|meetings?)(?-u:\b)[^.;]{0,60}?(?-u:\b)(?:took place|were held|was held|happened|occurred)(?-u:\b)").expect("compiles"),
            planned_ahead: Regex::new(r"(?i)(?-u:\b)(?:ahead of|before|in preparation for|prior to|preparations for|upcoming|forthcoming)(?-u:\b)").expect("compiles"),
            relative_clause: Regex::new(r",\s*(?:who|which)(?-u:\b)[^,]{0,120},$").expect("compiles"),
            courtesy: Regex::new(r"^\s+(?:\p{Ll}+ly\s+)?(?:also\s+)?(?:congratulated|thanked|informed|briefed|invited|assured|told|urged|welcomed|greeted)\s+(?:the\s+first\s+|the\s+former\s+|the\s+)?").expect("compiles"),
            auxiliary: Regex::new(r"(?i)(?-u:\b)(?:was|were|been|being|is|are|be)\s+$").expect("compiles"),
            conversation_noun: Regex::new(r"(?i)(?-u:\b)(?:conversation|call|talks|meeting|video ?conference)(?-u:\b)").expect("compiles"),
            pair_then_verb: Regex::new(r"^\s+(?:also\s+|then\s+|have\s+|had\s+)?(?:discussed|spoke|talked|met|agreed|held|had|exchanged|reviewed|focused)(?-u:\b)").expect("compiles"),
            and_i: Regex::new(r"^\s+and\s+I\s+(?:also\s+|have\s+|had\s+)?(?:discussed|spoke|talked|met|agreed|held|had)(?-u:\b)").expect("compiles"),
            // Case-insensitive words around a letter run that needs no case folding (folding the
            // class would cost milliseconds of start-up).
            topic_stop: Regex::new(&format!(r",\s*(?i:according to|as (?:reported|stated) by)(?-u:\b)|,\s*(?i:the\s+)?[{l}’' ]{{0,60}}(?-u:\b)(?i:reported|said|announced|stated|noted|informed)(?-u:\b)[^,;]{{0,40}}$|\s+(?i:in order to|so as to)\s|;", l = crate::text::LETTER_CLASS)).expect("compiles"),
            statement_by: Regex::new(r"(?i)(?-u:\b)(?:statement|remarks|message|address) (?:by|of|from)\s+").expect("compiles"),
            acts: Regex::new(r"^,?\s+(?:\p{Ll}+ly\s+)?(?:today\s+|also\s+|once again\s+)?(?:\p{Ll}+[\p{Ll}&&[^aiu]]s(?-u:\b)|said|says|noted|stressed|emphasi[sz]ed|thanked|congratulated|expressed|spoke|met|had|held|called|received|hosted|welcomed|informed|discussed|sent|issued|underlined|underscored|highlighted|told|wrote|announced|confirmed|visited|returned|issued)(?-u:\b)").expect("compiles"),
            phone: Regex::new(r"(?i)(?-u:\b)(?:phone|telephone|by phone|phoned|called|call)(?-u:\b)").expect("compiles"),
            video: Regex::new(r"(?i)(?-u:\b)(?:video ?call|videoconference|video conference|video link)(?-u:\b)").expect("compiles"),
            meeting: Regex::new(r"(?i)(?-u:\b)(?:met|meeting|talks|visit|received|hosted|summit)(?-u:\b)").expect("compiles"),
        }
    }
}

impl Default for ConversationPatterns {
    fn default() -> Self {
        Self::new()
    }
}

/// The verbs after an issuing source ("…, the Kremlin said").
const REPORTING_VERBS: [&str; 7] = [
    "reported",
    "reports",
    "said",
    "says",
    "announced",
    "stated",
    "informed",
];

/// The issuing-source pattern: a source before a reporting verb ("the Kremlin said", group
/// `src`) or after "according to" (group `src2`), where a source is an office ("press
/// service") or an institution ("the White House"), possibly a country's.
///
/// Every match holds an anchor: it ends with a reporting verb or starts with "according
/// to", and its source has at most `source_bytes` bytes other than spaces. So the regex runs
/// only in windows around the anchors (found by one automaton pass), each reaching as far
/// from its anchor as a match can; windows that meet are merged, so that every match of
/// the whole text lies in one window and the windows, searched in order with the text
/// around them visible to `\b`, give the same matches.
#[derive(Debug, Clone)]
pub struct ReportedBy {
    regex: meta::Regex,
    /// The reporting verbs (patterns `0..REPORTING_VERBS.len()`) and "according to".
    anchors: AhoCorasick,
    /// An upper bound on the bytes other than spaces in a source.
    source_bytes: usize,
    /// Whether no source form starts or ends with a space or starts with "according": then
    /// a match's source is its text without the verb (or "according to") and the spaces
    /// next to it, read without the capture engine (which costs more than the search).
    plain_sources: bool,
}

/// The anchor of a match that starts with it.
const ACCORDING_TO: &str = "according to";

impl ReportedBy {
    /// Builds the pattern from the `countries`, `reporting_offices` and `institutions`
    /// sections.
    pub fn compile(set: &crate::rules::RuleSet) -> anyhow::Result<ReportedBy> {
        use crate::rules::alternation;
        let names: Vec<&String> = set
            .countries
            .iter()
            .flat_map(|c| std::iter::once(&c.name).chain(&c.aliases))
            .collect();
        let adjectives: Vec<&String> = set.countries.iter().flat_map(|c| &c.adjectives).collect();
        let institutions: Vec<String> = set
            .institutions
            .iter()
            .flat_map(|i| std::iter::once(&i.name).chain(&i.aliases))
            .map(|f| f.trim_start_matches("the ").to_string())
            .collect();
        let source = format!(
            r"(?:(?:{names})(?:’s|'s)\s+|(?:{adjectives})\s+|[Tt]he\s+)?(?:{offices})|(?:[Tt]he\s+)?(?:{institutions})(?:\s+(?:{offices}))?",
            names = alternation(names.iter().copied()),
            adjectives = alternation(adjectives.iter().copied()),
            offices = alternation(&set.reporting_offices),
            institutions = alternation(&institutions),
        );
        let regex = meta::Regex::new(&format!(
            r"(?-u:\b)(?P<src>{source})\s+(?:{verbs})(?-u:\b)|(?-u:\b){ACCORDING_TO}\s+(?P<src2>{source})",
            verbs = REPORTING_VERBS.join("|"),
        ))
        .map_err(|e| anyhow::anyhow!("reporting_offices: {e}"))?;
        let anchors = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(REPORTING_VERBS.iter().chain([&ACCORDING_TO]))
            .map_err(|e| anyhow::anyhow!("reporting verbs: {e}"))?;
        let forms = || {
            names
                .iter()
                .copied()
                .chain(adjectives.iter().copied())
                .chain(&set.reporting_offices)
                .chain(&institutions)
        };
        // A prefix (a country's name and "’s", an adjective or "the") and an office, or
        // "the", an institution and an office.
        let longest = |forms: &mut dyn Iterator<Item = &String>| forms.map(String::len).max();
        let office = longest(&mut set.reporting_offices.iter()).unwrap_or(0);
        let prefix = [
            longest(&mut names.iter().copied()).map_or(0, |n| n + "’s".len()),
            longest(&mut adjectives.iter().copied()).unwrap_or(0),
            longest(&mut institutions.iter()).unwrap_or(0) + "the".len(),
            "the".len(),
        ];
        let source_bytes = prefix.into_iter().max().unwrap_or(0) + office;
        let plain_sources =
            forms().all(|form| form.trim() == form && !form.starts_with("according"));
        Ok(ReportedBy {
            regex,
            anchors,
            source_bytes,
            plain_sources,
        })
    }

    /// The source spans in `text`, in order.
    fn sources(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for window in self.windows(text) {
            let input = regex_automata::Input::new(text).range(window);
            if self.plain_sources {
                out.extend(
                    self.regex
                        .find_iter(input)
                        .map(|m| source_in(text, m.range())),
                );
            } else {
                out.extend(self.regex.captures_iter(input).filter_map(|caps| {
                    caps.get_group_by_name("src")
                        .or_else(|| caps.get_group_by_name("src2"))
                        .map(|m| m.range())
                }));
            }
        }
        out
    }

    /// The windows of `text` that hold every match, in order, apart.
    fn windows(&self, text: &str) -> Vec<Range<usize>> {
        let mut windows: Vec<Range<usize>> = Vec::new();
        for anchor in self.anchors.find_iter(text) {
            let floor = windows.last().map_or(0, |w| w.end.min(anchor.start()));
            let window = if anchor.pattern().as_usize() < REPORTING_VERBS.len() {
                // The source and the spaces before the verb.
                back_over(text, anchor.start(), floor, self.source_bytes)..anchor.end()
            } else {
                anchor.start()..forward_over(text, anchor.end(), self.source_bytes)
            };
            match windows.last_mut() {
                Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
                _ => windows.push(window),
            }
        }
        windows
    }
}

/// Where a walk back from `pos` stops: once more than `budget` ASCII bytes other than
/// spaces are behind it, or at `floor`. Spaces and bytes of other characters pass freely
/// (counting fewer bytes than a source has only makes the window larger).
fn back_over(text: &str, pos: usize, floor: usize, budget: usize) -> usize {
    let mut spent = 0;
    for (i, &b) in text.as_bytes()[floor..pos].iter().enumerate().rev() {
        spent += usize::from(b.is_ascii() && !b.is_ascii_whitespace());
        if spent > budget {
            return crate::text::floor_boundary(text, floor + i);
        }
    }
    floor
}

/// Where a walk forward from `pos` stops: once more than `budget` ASCII bytes other than
/// spaces are behind it, or at the end.
fn forward_over(text: &str, pos: usize, budget: usize) -> usize {
    let mut spent = 0;
    for (i, &b) in text.as_bytes()[pos..].iter().enumerate() {
        spent += usize::from(b.is_ascii() && !b.is_ascii_whitespace());
        if spent > budget {
            return pos + i + 1;
        }
    }
    text.len()
}

/// The source in the match at `m`, where the capture groups put it when sources are plain:
/// after "according to" and its spaces (`\s+` takes them all, as no source starts with
/// one), or before the spaces and the verb that end the match (no source ends with a
/// space, and no verb ends another).
fn source_in(text: &str, m: Range<usize>) -> Range<usize> {
    let matched = &text[m.clone()];
    if let Some(rest) = matched.strip_prefix(ACCORDING_TO) {
        return m.end - rest.trim_start().len()..m.end;
    }
    let verb = REPORTING_VERBS
        .iter()
        .find(|v| matched.ends_with(*v))
        .map_or(0, |v| v.len());
    let source = matched[..matched.len() - verb].trim_end();
    m.start..m.start + source.len()
}

/// The principal: whose office issued the readout or whose actions it reports.
pub fn principal(ctx: &Context, people: &mut People) -> Option<usize> {
    let text = ctx.text;
    let fx = &ctx.rules.re.conversation;
    // "Statement by President Barroso on Ukraine" near the top.
    for p in ctx.paragraphs.iter().take(4) {
        if let Some(m) = fx.statement_by.find(&text[p.clone()]) {
            let at = p.start + m.end();
            if let Some(mention) = people.mention_starting_at(at) {
                return Some(mention.entity);
            }
            if let Some(mention) = people.mentions_in(at, (at + 60).min(p.end)).first() {
                return Some(mention.entity);
            }
        }
    }
    // The subject of the first cue that names a person; else of the first cue with a title
    // (resolved only then, so that a headline's "Secretary General meets …" creates nothing
    // when the body names the Secretary General).
    let mut titled: Option<(usize, usize, Vec<usize>)> = None;
    for m in &ctx.cue_hits {
        match cue_subject(ctx, people, m.start) {
            Some(Subject::Entity(e)) if people.entities[e].kind == PersonKind::Person => {
                return Some(e);
            }
            Some(Subject::FirstPerson) => {
                // The author of a first-person release is the person its byline names:
                // named before the cue and not among the people the cue's sentence names.
                let sentence = ctx.sentence_at(m.start);
                let objects = people.mentions_in(m.end, sentence.end.max(m.end));
                // Bylines are at the top: a bounded look keeps a text of many "I met …" linear.
                let objects = &objects[..objects.len().min(16)];
                let byline = people.mentions_before(m.start).iter().take(16).find(|x| {
                    people.entities[x.entity].kind == PersonKind::Person
                        && !objects.iter().any(|o| o.entity == x.entity)
                });
                if let Some(b) = byline {
                    return Some(b.entity);
                }
            }
            Some(Subject::Title(start, end)) if titled.is_none() => {
                // The subject is none of the people the cue names after it.
                let sentence = ctx.sentence_at(m.start);
                let objects: Vec<usize> = people
                    .mentions_in(m.end, sentence.end.max(m.end))
                    .iter()
                    .map(|x| x.entity)
                    .collect();
                titled = Some((start, end, objects));
            }
            _ => {}
        }
    }
    let titled = titled
        .and_then(|(start, end, objects)| resolve_title(ctx, people, start, end, None, &objects));
    if titled.is_some() {
        return titled;
    }
    // Two leaders named together as the subject: "Chancellor Scholz and Prime Minister
    // Kovač agreed … during a video call" / "the call between Scholz and Kovač": the first.
    for (k, m) in people.mentions.iter().enumerate() {
        let Some(next) = people.mentions.get(k + 1) else {
            break;
        };
        let Some(and) = and_after(&text[m.end..]) else {
            continue;
        };
        let both_people = [m.entity, next.entity]
            .iter()
            .all(|&e| people.entities[e].kind == PersonKind::Person);
        if next.start == m.end + and
            && m.entity != next.entity
            && both_people
            && (fx.pair_then_verb.is_match(&text[next.end..])
                || fx
                    .between_end
                    .is_match(&text[ctx.sentence_at(m.start).start.min(m.start)..m.start]))
        {
            return Some(m.entity);
        }
    }
    // The first person who acts: "Vladimir Putin noted …".
    people
        .mentions
        .iter()
        .find(|m| {
            people.entities[m.entity].kind == PersonKind::Person && fx.acts.is_match(&text[m.end..])
        })
        .map(|m| m.entity)
}

enum Subject {
    Entity(usize),
    Title(usize, usize),
    Pronoun,
    /// "Today I held a call with …": the release's author, named in its byline.
    FirstPerson,
}

/// The subject right before a cue that starts at `at`: a mention, a title or a pronoun.
fn cue_subject(ctx: &Context, people: &People, at: usize) -> Option<Subject> {
    let text = ctx.text;
    let fx = &ctx.rules.re.conversation;
    let sentence = ctx.sentence_at(at);
    let floor = sentence.start.min(at).max(crate::text::ceil_boundary(
        text,
        at.saturating_sub(LOOKBACK_BYTES),
    ));
    let mut end = at;
    loop {
        let before = text[floor..end].trim_end_matches(is_space);
        let trimmed = floor + before.len();
        let (off, last) = crate::text::tail(before, 160);
        if let Some(m) = fx
            .adverbs
            .find(last)
            .or_else(|| fx.relative_clause.find(last))
        {
            end = floor + off + m.start();
            continue;
        }
        // "President Barroso: phone call with …" (a headline); "The Taoiseach, Leo
        // Varadkar T.D., met …" (an appositive and post-nominal letters).
        if let Some(b) = before
            .strip_suffix(':')
            .or_else(|| before.strip_suffix(','))
        {
            end = floor + b.len();
            continue;
        }
        if let Some(h) = ctx
            .rules
            .re
            .honorific_end
            .find(before)
            .filter(|h| h.start() > 0)
        {
            end = floor + h.start();
            continue;
        }
        end = trimmed;
        break;
    }
    // "President Biden’s Call with …"
    let before = &text[floor..end];
    for poss in ["’s", "'s"] {
        if before.ends_with(poss) {
            end -= poss.len();
        }
    }
    if end <= floor {
        return None;
    }
    let before = &text[floor..end];
    if let Some(m) = people.mention_ending_at(end) {
        return Some(Subject::Entity(m.entity));
    }
    if let Some(t) = people.title_ending_at(end) {
        return Some(Subject::Title(t.start, t.end));
    }
    // "Ana Kovač, Prime Minister of Examplestan, met …": the name before the title.
    if let Some(comma) = before.rfind(", ")
        && let Some(m) = people.mention_ending_at(floor + comma)
    {
        return Some(Subject::Entity(m.entity));
    }
    let last = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if matches!(last, "I" | "We") {
        return Some(Subject::FirstPerson);
    }
    // Pronouns and the principal's side as a group ("The EU leaders will meet …").
    if matches!(last, "he" | "He" | "she" | "She" | "leaders" | "delegation") {
        return Some(Subject::Pronoun);
    }
    None
}

/// Resolves a bare title phrase at `start..end` to an entity: a holder of the title, the
/// principal for generic titles, or a new entity named by the phrase ("the President").
fn resolve_title(
    ctx: &Context,
    people: &mut People,
    start: usize,
    end: usize,
    principal: Option<usize>,
    exclude: &[usize],
) -> Option<usize> {
    let t = people.title_starting_at(start)?.clone();
    if ctx
        .rules
        .set
        .generic_titles
        .iter()
        .any(|g| g.eq_ignore_ascii_case(&t.title))
    {
        return principal;
    }
    // The principal known only by this title ("the President" of a White House readout).
    if let Some(p) = principal.filter(|&p| {
        let e = &people.entities[p];
        e.label && crate::text::fold_eq(&e.forms[0], &ctx.text[start..end])
    }) {
        return Some(p);
    }
    let mut holders = people.holders_of(&t.title, t.country.as_deref());
    holders.retain(|h| !exclude.contains(h));
    if let Some(p) = principal.filter(|p| holders.contains(p)) {
        return Some(p);
    }
    if let Some(m) = people
        .mentions_before(start)
        .iter()
        .rev()
        .take(64)
        .find(|m| holders.contains(&m.entity))
    {
        return Some(m.entity);
    }
    // A title with its country ("the US President") names one office: its holder.
    if let Some(&h) = holders.first().filter(|_| t.country.is_some()) {
        return Some(h);
    }
    if principal.is_some() {
        return None;
    }
    let name = ctx.text[start..end].to_string();
    let e = people.label(PersonKind::Person, &name);
    people.add_mention(start, end, e);
    Some(e)
}

/// Extracts conversations, counterparts and the issuing source.
pub fn extract(
    ctx: &Context,
    people: &mut People,
    principal: Option<usize>,
    dates: &[DateMention],
    speech: &[Range<usize>],
) -> Talks {
    let mut talks = Talks {
        reported_by: reported_by(ctx),
        ..Talks::default()
    };
    let Some(principal) = principal else {
        return talks;
    };
    let text = ctx.text;
    let fx = &ctx.rules.re.conversation;
    let rules = ctx.rules;

    // (counterpart, kind, cue span, sentence)
    let mut hits: Vec<Hit> = Vec::new();

    for whole in &ctx.cue_hits {
        let i = whole.cue;
        let cue = &rules.set.conversation_cues[i];
        // "the so-called “referendums”": a cue word inside a hyphenated compound is not a cue.
        if text[..whole.start].ends_with('-') {
            continue;
        }
        let sentence = ctx.sentence_at(whole.start);
        let from = sentence
            .start
            .min(whole.start)
            .max(crate::text::ceil_boundary(
                text,
                whole.start.saturating_sub(LOOKBACK_BYTES),
            ));
        let before = crate::text::tail(&text[from..whole.start], 160).1;
        let passive_voice =
            fx.auxiliary.is_match(before) && !cue.pattern.starts_with("(?:was|were)");
        // "lunch hosted by Speaker Johnson": a participle, not the principal hosting.
        let participle =
            text[whole.end..].starts_with("by ") && !cue.pattern.starts_with("(?:was|were)");
        if fx.not_held_before.is_match(before) || passive_voice || participle {
            continue;
        }
        let subject = cue_subject(ctx, people, whole.start);
        let subject_entity = match subject {
            Some(Subject::Entity(e)) => Some(e),
            Some(Subject::Title(s, e)) => resolve_title(ctx, people, s, e, Some(principal), &[]),
            Some(Subject::Pronoun | Subject::FirstPerson) => Some(principal),
            None => None,
        };
        let passive = cue.pattern.starts_with("(?:was|were)");
        let mut objects = objects_after(ctx, people, whole.end, sentence.end, principal);
        if let Some(Some(suffix)) = rules.re.cue_suffixes.get(i) {
            // "returned X’s phone call": the object must be followed by the suffix.
            objects.retain(|&(_, end)| suffix.is_match(&text[end..]));
        }
        let objects: Vec<usize> = objects.into_iter().map(|(e, _)| e).collect();
        let mut counterparts: Vec<usize> = Vec::new();
        match subject_entity {
            Some(s) if s == principal => {
                counterparts.extend(objects.iter().copied().filter(|&o| o != principal));
            }
            Some(s) if people.entities[s].kind == PersonKind::Person => {
                // "Chancellor Merkel called the Prime Minister": the other side initiated.
                if objects.contains(&principal) && !passive {
                    counterparts.push(s);
                } else if !passive
                    && joined_by_principal(ctx, people, principal, sentence.start, whole.start)
                {
                    // "Juncker, and the President of the European Council, Tusk, met X":
                    // the principal is one of the subjects, the objects are the other side.
                    counterparts.extend(
                        objects
                            .iter()
                            .copied()
                            .filter(|&o| o != principal && o != s),
                    );
                }
            }
            Some(_) => {}
            None => {
                // "During the call with X", "Telephone conversation with X" (a headline).
                if subject.is_none() && !passive {
                    counterparts.extend(objects.iter().copied().filter(|&o| o != principal));
                }
            }
        }
        // Only a plain conversation cue is sharpened, and only for a counterpart.
        if counterparts.is_empty() {
            continue;
        }
        let kind = if cue.kind == ConversationKind::Conversation {
            // How they talked is said near the cue, not in a planned event after it.
            let mut near_end = crate::text::floor_boundary(
                text,
                sentence.end.max(whole.end).min(whole.end + LOOKBACK_BYTES),
            );
            if let Some(p) = fx.planned_ahead.find(&text[whole.end..near_end]) {
                near_end = whole.end + p.start();
            }
            let from = crate::text::ceil_boundary(
                text,
                whole
                    .start
                    .saturating_sub(LOOKBACK_BYTES)
                    .max(sentence.start.min(whole.start)),
            );
            refine_kind(fx, cue.kind, &text[from..near_end.max(from)])
        } else {
            cue.kind
        };
        for c in counterparts {
            hits.push((
                c,
                kind,
                whole.start..whole.end,
                sentence.clone(),
                "conversation.cue",
            ));
        }
    }

    // "Prime Minister Abe and I agreed …" in the principal's own words.
    let and_i = &fx.and_i;
    for m in &people.mentions {
        // The regex only after " and " (its start).
        let after = &text[m.end..];
        if let Some(v) = and_after(after).and_then(|_| and_i.find(after)) {
            let e = m.entity;
            if e != principal && people.entities[e].kind == PersonKind::Person {
                let sentence = ctx.sentence_at(m.start);
                let kind = refine_kind(
                    fx,
                    ConversationKind::Conversation,
                    around(text, &sentence, m.start, m.end),
                );
                hits.push((
                    e,
                    kind,
                    m.end + v.start()..m.end + v.end(),
                    sentence,
                    "conversation.and-i",
                ));
            }
        }
    }

    // "X and Y discussed / spoke / met": pairs named together.
    for (k, m) in people.mentions.iter().enumerate() {
        let Some(and) = and_after(&text[m.end..]) else {
            continue;
        };
        let Some(second) = people.mentions.get(k + 1) else {
            continue;
        };
        if second.start != m.end + and {
            continue;
        }
        let after = &text[second.end..];
        let pair = &fx.pair_then_verb;
        let Some(v) = pair.find(after) else {
            continue;
        };
        let (a, b) = (m.entity, second.entity);
        let other = if a == principal {
            b
        } else if b == principal {
            a
        } else {
            continue;
        };
        if other == principal || people.entities[other].kind != PersonKind::Person {
            continue;
        }
        let sentence = ctx.sentence_at(m.start);
        let kind = refine_kind(
            fx,
            ConversationKind::Conversation,
            around(text, &sentence, m.start, m.end),
        );
        let cue = second.end + v.start()..second.end + v.end();
        hits.push((other, kind, cue, sentence, "conversation.pair"));
    }
    // No cue named anyone: "During the telephone conversation, X congratulated Y".
    if hits.is_empty() {
        let own: Vec<_> = people
            .mentions
            .iter()
            .filter(|m| m.entity == principal)
            .copied()
            .collect();
        for m in own {
            let sentence = ctx.sentence_at(m.start);
            let near = crate::text::ceil_boundary(
                text,
                m.start.saturating_sub(LOOKBACK_BYTES).max(sentence.start),
            )
                ..crate::text::floor_boundary(
                    text,
                    (m.end + LOOKBACK_BYTES).min(sentence.end.max(m.end)),
                );
            if !fx.conversation_noun.is_match(&text[near]) {
                continue;
            }
            let Some(v) = fx.courtesy.find(&text[m.end..]) else {
                continue;
            };
            let at = m.end + v.end();
            let objects = objects_after(ctx, people, at, sentence.end, principal);
            if let Some(&(e, _)) = objects.first()
                && e != principal
            {
                let kind = refine_kind(
                    fx,
                    ConversationKind::Conversation,
                    around(text, &sentence, m.start, m.end),
                );
                hits.push((e, kind, m.end..at, sentence, "conversation.courtesy"));
                break;
            }
        }
    }
    hits.sort_by_key(|h| h.2.start);

    // One conversation per counterpart.
    let mut index: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for (c, kind, cue, sentence, rule) in hits {
        if let Some(conv) = index.get(&c).map(|&i| &mut talks.conversations[i]) {
            if kind > conv.kind && conv.kind != ConversationKind::PhoneCall {
                conv.kind = kind;
            }
            if conv.kind == ConversationKind::Conversation {
                conv.kind = kind;
            }
            if !conv.sentences.iter().any(|(s, _)| *s == sentence) {
                conv.sentences.push((sentence, cue.start));
            }
            continue;
        }
        talks.counterparts.push(c);
        index.insert(c, talks.conversations.len());
        talks.conversations.push(FoundConversation {
            kind,
            principal,
            counterpart: c,
            date: None,
            topics: Vec::new(),
            evidence: ctx.explain.then(|| Evidence {
                rule: rule.to_string(),
                cue: Some(Span::of(text, cue.start, cue.end)),
            }),
            sentences: vec![(sentence, cue.start)],
            first_cue: cue.start,
        });
    }

    // Dates: in a sentence about the pair, the first date after the cue, else before it
    // (a wire dateline opening the sentence comes last); else a sentence that dates the
    // series ("All three conversations took place on 3 July").
    let resolved = |d: &&DateMention| d.value.as_deref().is_some_and(|v| !v.starts_with("XXXX"));
    // Looked for only when a conversation has no date of its own.
    let mut series_date = None;
    for conv in &mut talks.conversations {
        let near = conv.sentences.iter().find_map(|(s, cue)| {
            // "The previous telephone conversation … took place on 13 September" dates
            // another occasion.
            if earlier_occasion(&text[s.start.min(*cue)..*cue]) {
                return None;
            }
            // Near the cue only: a bounded look whatever the sentence's length.
            let at_cue = dates.partition_point(|d| d.start < *cue);
            let floor = s.start.max(cue.saturating_sub(LOOKBACK_BYTES));
            let from = dates.partition_point(|d| d.start < floor).min(at_cue);
            let mut after = dates[at_cue..]
                .iter()
                .take_while(|d| d.end <= s.end)
                .take(8);
            // "Trudeau today spoke with Sunak to congratulate him … yesterday": a date right
            // before the cue (at most a word between) dates it before any later one.
            let adjacent = dates[from..at_cue]
                .last()
                .filter(|d| resolved(d) && text[d.end..*cue].split_whitespace().count() <= 1);
            let mut before = dates[from..at_cue].iter();
            adjacent
                .or_else(|| after.find(resolved))
                .or_else(|| before.find(resolved))
        });
        conv.date = near
            .or_else(|| *series_date.get_or_insert_with(|| dated_series(ctx, dates)))
            .and_then(|d| d.value.clone());
    }

    topics(ctx, people, speech, &mut talks);
    talks
}

/// Whether the words right before a cue say it is an earlier occasion: "the previous
/// (telephone) conversation", "their last meeting", "an earlier call".
fn earlier_occasion(before: &str) -> bool {
    before
        .split_whitespace()
        .rev()
        .take(3)
        .any(|w| matches!(w, "previous" | "prior" | "earlier" | "last"))
}

/// How far before a cue a co-subject may be named ("A, and the President of B, C, met").
const CO_SUBJECT_BYTES: usize = 200;

/// Whether the principal is named before the cue's subject in one coordinated subject: the
/// words between them are "and" plus titles, names and function words ("Jean-Claude Juncker,
/// and the President of the European Council, Donald Tusk, met …"), with no verb.
fn joined_by_principal(
    ctx: &Context,
    people: &People,
    principal: usize,
    sentence_start: usize,
    cue_start: usize,
) -> bool {
    let from = sentence_start.max(cue_start.saturating_sub(CO_SUBJECT_BYTES));
    let Some(m) = people
        .mentions_in(from, cue_start)
        .iter()
        .find(|m| m.entity == principal)
    else {
        return false;
    };
    let between = &ctx.text[m.end..cue_start];
    let mut joined = false;
    for word in between.split(|c: char| is_space(c) || c == ',') {
        match word {
            "and" => joined = true,
            "" | "the" | "of" => {}
            w if w.starts_with(char::is_uppercase) => {}
            _ => return false,
        }
    }
    joined
}

/// The first resolved date in the first sentence that dates a series of conversations ("All
/// three conversations took place on 3 July").
fn dated_series<'d>(ctx: &Context, dates: &'d [DateMention]) -> Option<&'d DateMention> {
    let fx = &ctx.rules.re.conversation;
    ctx.sentences.iter().find_map(|s| {
        let i = dates.partition_point(|d| d.start < s.start);
        let date = dates[i..]
            .iter()
            .take_while(|d| d.end <= s.end)
            .find(|d| d.value.as_deref().is_some_and(|v| !v.starts_with("XXXX")))?;
        // The regex only where the sentence has a date to give.
        let m = fx.series.find(&ctx.text[s.clone()])?;
        let before = &ctx.text[s.start..s.start + m.start()];
        (!earlier_occasion(before)).then_some(date)
    })
}

/// The length of `^\s+and\s+` at the start of `s`: the spaces on either side are taken
/// whole, as `\s+` takes them (White_Space, as `char::is_whitespace`).
fn and_after(s: &str) -> Option<usize> {
    let word = s.trim_start();
    if word.len() == s.len() {
        return None;
    }
    let rest = word.strip_prefix("and")?;
    let next = rest.trim_start();
    (next.len() < rest.len()).then_some(s.len() - next.len())
}

/// The part of `sentence` within a bounded distance of `start..end`: how a conversation
/// took place is said near its cue, and a bounded window keeps a sentence that never ends
/// (one 10 MB line of cues) linear.
fn around<'t>(text: &'t str, sentence: &Range<usize>, start: usize, end: usize) -> &'t str {
    let from = crate::text::ceil_boundary(
        text,
        start
            .saturating_sub(LOOKBACK_BYTES)
            .max(sentence.start.min(start)),
    );
    let to = crate::text::floor_boundary(text, (end + LOOKBACK_BYTES).min(sentence.end.max(end)));
    &text[from..to.max(from)]
}

/// Phone/video/meeting words in the cue's sentence sharpen a plain "conversation".
fn refine_kind(
    fx: &ConversationPatterns,
    kind: ConversationKind,
    sentence: &str,
) -> ConversationKind {
    if kind != ConversationKind::Conversation {
        return kind;
    }
    if fx.video.is_match(sentence) {
        ConversationKind::VideoCall
    } else if fx.phone.is_match(sentence) {
        ConversationKind::PhoneCall
    } else if fx.meeting.is_match(sentence) {
        ConversationKind::Meeting
    } else {
        kind
    }
}

/// The people named right after a cue: a list "A, B and C", or else the first person
/// named in the rest of the clause (long titles: "with Member of the … Yang Jiechi").
fn objects_after(
    ctx: &Context,
    people: &mut People,
    mut pos: usize,
    limit: usize,
    principal: usize,
) -> Vec<(usize, usize)> {
    let text = ctx.text;
    let limit = limit.min(crate::text::floor_boundary(text, pos + 2 * LOOKBACK_BYTES));
    let mut out = Vec::new();
    loop {
        let rest = &text[pos..limit.max(pos)];
        let lead = rest.len() - rest.trim_start_matches(is_space).len();
        pos += lead;
        for article in ["the ", "The ", "his ", "her "] {
            if text[pos..].starts_with(article) && people.title_starting_at(pos).is_none() {
                pos += article.len();
            }
        }
        // "received H.E. Hamza Abdi Barre": an honorific is not part of the name.
        if let Some(h) = ctx.rules.re.honorific_start.find(&text[pos..])
            && people.mention_starting_at(pos + h.end()).is_some()
        {
            pos += h.end();
        }
        let found = if let Some(m) = people.mention_starting_at(pos) {
            Some((m.entity, m.end))
        } else if let Some(t) = people.title_starting_at(pos).cloned() {
            // A title followed by a name in the same phrase is a mention already; a bare one
            // resolves to its holder.
            resolve_title(ctx, people, t.start, t.end, Some(principal), &[principal])
                .map(|e| (e, t.end))
        } else {
            None
        };
        let Some((e, end)) = found else {
            break;
        };
        out.push((e, end));
        // Skip an appositive title: "Justin Trudeau, Prime Minister of Canada".
        let mut next = end;
        if let Some(t) = text[end..].strip_prefix(", ")
            && let Some(tr) = people.title_starting_at(end + 2)
            && t.len() >= tr.end - end - 2
        {
            next = tr.end;
        }
        let after = &text[next..limit.max(next)];
        let sep = [", and ", " and ", ", "]
            .iter()
            .find(|s| after.starts_with(**s))
            .map(|s| s.len());
        match sep {
            Some(n) => pos = next + n,
            None => break,
        }
    }
    if out.is_empty() {
        // The first person named before the clause ends.
        let clause_end = text[pos..limit.max(pos)]
            .find([',', ';', '.'])
            .map_or(limit, |o| pos + o)
            .min(pos + 240);
        // Only through a long title: capitalised words joined by "of", "the", "and" ("with
        // Member of the Political Bureau … Yang Jiechi"), not through a clause ("welcomed
        // the restoration of … and briefed the President on the work of …").
        if let Some(m) = people.mentions_in(pos, clause_end).first() {
            let title_like = text[pos..m.start].split_whitespace().all(|w| {
                w.starts_with(|c: char| !c.is_lowercase())
                    || matches!(w, "of" | "the" | "and" | "for" | "his" | "her")
                    || ctx.rules.set.role_nouns.iter().any(|r| r == w)
                    || ctx
                        .rules
                        .set
                        .titles
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(w))
            });
            if title_like {
                out.push((m.entity, m.end));
            }
        }
    }
    out.retain(|(e, _)| people.entities[*e].kind == PersonKind::Person);
    out
}

/// Topic phrases after "discussed", "focused on", …, assigned to the conversation named in
/// the sentence or else the latest one before it.
fn topics(ctx: &Context, people: &People, speech: &[Range<usize>], talks: &mut Talks) {
    if talks.conversations.is_empty() {
        return;
    }
    let text = ctx.text;
    let re = &ctx.rules.re.topic_cue;
    let fx = &ctx.rules.re.conversation;
    // Conversation by counterpart (one each), and the topics each has, for lookups that stay
    // constant-time however long the text.
    let mut by_counterpart: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for (i, c) in talks.conversations.iter().enumerate() {
        by_counterpart.entry(c.counterpart).or_insert(i);
    }
    // The topics each conversation has (none before this pass), as slices of the text.
    let mut seen: Vec<foldhash::HashSet<&str>> =
        vec![foldhash::HashSet::default(); talks.conversations.len()];
    for m in re.find_iter(text) {
        let sentence = ctx.sentence_at(m.start());
        if sentence.end <= m.end() {
            continue;
        }
        // Which conversation: a counterpart named before the cue, else the latest one.
        let from = sentence.start.max(m.start().saturating_sub(LOOKBACK_BYTES));
        let named = people
            .mentions_in(from, m.start())
            .iter()
            .find_map(|x| by_counterpart.get(&x.entity).copied());
        let conv = named.or_else(|| {
            // Conversations are in order of their first cue.
            let n = talks
                .conversations
                .partition_point(|c| c.first_cue < m.start());
            n.checked_sub(1)
        });
        let Some(conv) = conv else {
            continue;
        };
        let phrase_end = sentence.end.min(crate::text::floor_boundary(
            text,
            m.end() + 3 * LOOKBACK_BYTES,
        ));
        let mut phrase = &text[m.end()..phrase_end];
        if let Some(stop) = fx.topic_stop.find(phrase) {
            phrase = &phrase[..stop.start()];
        }
        // Stop where a quote (speech, not a scare quote) begins.
        let from = m.end();
        let q = speech.partition_point(|r| r.start < from);
        if let Some(r) = speech.get(q).filter(|r| r.start < from + phrase.len()) {
            phrase = &phrase[..r.start - from];
        }
        let phrase = phrase.trim_end_matches(|c: char| is_space(c) || matches!(c, '.' | ',' | ':'));
        let list = &mut talks.conversations[conv].topics;
        for t in topic_items(phrase) {
            if seen[conv].insert(t) {
                list.push(t.to_string());
            }
        }
    }
}

/// "a, b, and c" / "a, b and c" → [a, b, c]; the last " and " splits the last item.
pub fn split_topics(phrase: &str) -> Vec<String> {
    topic_items(phrase).map(str::to_string).collect()
}

/// The items of [`split_topics`], as slices of `phrase`.
fn topic_items(phrase: &str) -> impl Iterator<Item = &str> {
    // Byte searches: the standard string searcher's set-up costs more than these phrases.
    let (head, last) = match rfind_comma_space(phrase) {
        Some(i) => (Some(&phrase[..i]), &phrase[i + 2..]),
        None => (None, phrase),
    };
    let last = last.strip_prefix("and ").unwrap_or(last);
    let last_two = match memchr::memmem::rfind(last.as_bytes(), b" and ") {
        Some(i) => [Some(&last[..i]), Some(&last[i + 5..])],
        None => [Some(last), None],
    };
    head.into_iter()
        .flat_map(split_comma_space)
        .chain(last_two.into_iter().flatten())
        .map(|s| {
            let s = strip_all(s.trim(), "and ");
            strip_all(s, "also ").trim()
        })
        .filter(|s| !s.is_empty())
}

/// Where the last ", " in `s` starts.
fn rfind_comma_space(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while let Some(i) = memchr::memrchr(b',', &bytes[..end]) {
        if bytes.get(i + 1) == Some(&b' ') {
            return Some(i);
        }
        end = i;
    }
    None
}

/// The pieces of `s` between ", " separators, as `s.split(", ")` gives them.
fn split_comma_space(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        let bytes = r.as_bytes();
        let mut from = 0;
        while let Some(i) = memchr::memchr(b',', &bytes[from..]).map(|i| from + i) {
            if bytes.get(i + 1) == Some(&b' ') {
                rest = Some(&r[i + 2..]);
                return Some(&r[..i]);
            }
            from = i + 1;
        }
        rest = None;
        Some(r)
    })
}

/// `s` without any number of `prefix`es in front, as `s.trim_start_matches(prefix)`.
fn strip_all<'s>(mut s: &'s str, prefix: &str) -> &'s str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// The issuing source: "…, Ukraine’s presidential office reported", "according to the
/// Kremlin press service", "the White House said in a statement". One span per source.
fn reported_by(ctx: &Context) -> Vec<Span> {
    let text = ctx.text;
    let mut out: Vec<Span> = Vec::new();
    for src in ctx.rules.re.reported_by.sources(text) {
        if !out.iter().any(|s| s.text == text[src.clone()]) {
            out.push(Span::of(text, src.start, src.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_capture_groups_of_the_whole_text() {
        let rules = crate::rules::Rules::builtin();
        let rb = &rules.re.reported_by;
        assert!(rb.plain_sources);
        let captured = |text: &str| -> Vec<Range<usize>> {
            rb.regex
                .captures_iter(text)
                .filter_map(|caps| {
                    caps.get_group_by_name("src")
                        .or_else(|| caps.get_group_by_name("src2"))
                })
                .map(|m| m.range())
                .collect()
        };
        let spaces = " ".repeat(400);
        let text = format!(
            "Ukraine’s presidential office reported it; according to  the Kremlin press \
             service, talks went on. The White House\u{a0}said so, according to\tthe \
             Foreign Ministry. The Kremlin  says, Kremlin informed, the press office stated. \
             The{spaces}Kremlin{spaces}said, according to{spaces}the White House. {}said",
            "x".repeat(500)
        );
        assert_eq!(captured(&text).len(), 9);
        assert_eq!(rb.sources(&text), captured(&text));
        for at in (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(7)
        {
            assert_eq!(rb.sources(&text[at..]), captured(&text[at..]), "from {at}");
        }
        let mut set = crate::rules::RuleSet::builtin();
        set.reporting_offices.push("according office".into());
        let odd = ReportedBy::compile(&set).unwrap();
        assert!(!odd.plain_sources);
        assert_eq!(odd.sources(&text), captured(&text));
    }

    #[test]
    fn and_after_is_the_and_pattern() {
        let re = Regex::new(r"^\s+and\s+").unwrap();
        for s in [
            " and Li",
            "\u{a0}and\u{2009} Li",
            "and Li",
            " andLi",
            " and",
            "  and  \n ",
            " anda ",
            "",
        ] {
            assert_eq!(and_after(s), re.find(s).map(|m| m.end()), "{s:?}");
        }
    }

    #[test]
    fn topics_split_on_commas_and_the_last_and() {
        assert_eq!(
            split_topics(
                "further defense cooperation, bolstering the army and the consequences of the mutiny"
            ),
            [
                "further defense cooperation",
                "bolstering the army",
                "the consequences of the mutiny"
            ]
        );
        assert_eq!(split_topics("a, b, and c"), ["a", "b", "c"]);
        // As the split by collecting every item first gave them.
        let collected = |phrase: &str| -> Vec<String> {
            let mut items: Vec<&str> = phrase.split(", ").collect();
            if let Some(last) = items.pop() {
                let last = last.strip_prefix("and ").unwrap_or(last);
                match last.rfind(" and ") {
                    Some(i) => items.extend([&last[..i], &last[i + 5..]]),
                    None => items.push(last),
                }
            }
            items
                .into_iter()
                .map(|s| {
                    let s = s.trim().trim_start_matches("and ");
                    s.trim_start_matches("also ").trim().to_string()
                })
                .filter(|s| !s.is_empty())
                .collect()
        };
        for phrase in [
            "",
            ", ",
            ",, a,,, b, ,c",
            "a and and b",
            " and and x, and and y",
            "and and x",
            "a and b and c",
            "also x, and also y",
            "x, , y and ",
            " and ",
            "trade, energy",
        ] {
            assert_eq!(split_topics(phrase), collected(phrase), "{phrase:?}");
        }
    }

    fn doc(text: &str) -> crate::Document {
        crate::parse(text, &crate::Options::default())
    }

    #[test]
    fn lists_give_one_conversation_each() {
        let d = doc(
            "President Ana Kovač talked with President Jon Berg, Prime Minister Li Wen, and Chancellor Otto Brandt.",
        );
        assert_eq!(d.counterparts, ["jon-berg", "li-wen", "otto-brandt"]);
        assert_eq!(d.conversations.len(), 3);
        assert_eq!(d.conversations[0].kind, ConversationKind::Conversation);
    }

    #[test]
    fn other_side_initiated() {
        let d = doc(
            "Prime Minister Ana Kovač spoke to the press. Chancellor Otto Brandt called Prime Minister Ana Kovač on Friday.",
        );
        assert_eq!(d.counterparts, ["otto-brandt"]);
        assert_eq!(d.conversations[0].kind, ConversationKind::PhoneCall);
    }

    #[test]
    fn a_coordinated_subject_keeps_the_principal_on_its_side() {
        let d = doc(
            "Statement by President Ana Kovač\n\nToday, the President of Examplestan, Ana Kovač, and the President of the Council, Jon Berg, met the President of Norland, Marko Horvat, in Brussels.",
        );
        assert_eq!(d.counterparts, ["marko-horvat"]);
    }

    #[test]
    fn conversation_dates_come_from_this_occasion() {
        // A date right before the cue wins over a later one in the sentence.
        let options = crate::Options {
            reference_date: Some(jiff::civil::date(2022, 10, 26)),
            ..crate::Options::default()
        };
        let d = crate::parse(
            "Prime Minister Ana Kovač today spoke with Prime Minister Jon Berg to congratulate him on his appointment yesterday.",
            &options,
        );
        assert_eq!(d.conversations[0].date.as_deref(), Some("2022-10-26"));
        // "The previous conversation … took place on 13 September" is another occasion.
        let d = crate::parse(
            "President Ana Kovač had a telephone conversation with President Jon Berg. The previous telephone conversation between Ana Kovač and Jon Berg took place on 13 September.",
            &options,
        );
        assert_eq!(d.conversations[0].date, None);
    }

    #[test]
    fn planned_meetings_are_not_conversations() {
        let d = doc(
            "President Ana Kovač spoke with President Jon Berg ahead of her meeting with Chancellor Otto Brandt.",
        );
        assert_eq!(d.counterparts, ["jon-berg"]);
    }

    #[test]
    fn reported_by_sources() {
        let d = doc(
            "President Ana Kovač met President Jon Berg, Ukraine’s presidential office reported. The Kremlin said in a statement that talks went well.",
        );
        let got: Vec<&str> = d.reported_by.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(got, ["Ukraine’s presidential office", "The Kremlin"]);
    }
}
