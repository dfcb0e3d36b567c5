//! A document as one line of JSON, written by hand: the output of every batch run.
//!
//! The bytes are exactly serde_json's compact serialization of the same [`Document`] —
//! the model's field order, its `skip_serializing_if` rules, serde_json's string escapes —
//! which the tests check on every fixture. The difference is speed: a string with nothing
//! to escape (nearly all of them) is copied whole after a test the compiler vectorises,
//! where serde_json looks up every byte in turn, which was half the cost of the output.

use readout::Document;
use readout::model::{
    Conversation, ConversationKind, DateKind, DateMention, Evidence, Person, PersonKind, Quote,
    Role, Span,
};

/// Appends `doc` to `out` as compact JSON (no newline).
pub fn write_document(out: &mut Vec<u8>, doc: &Document) {
    out.extend_from_slice(b"{\"schema_version\":");
    number(out, doc.schema_version as usize);
    out.extend_from_slice(b",\"source\":");
    string(out, &doc.source);
    out.extend_from_slice(b",\"reference_date\":");
    optional_string(out, doc.reference_date.as_deref());
    out.extend_from_slice(b",\"reported_by\":");
    list(out, &doc.reported_by, span);
    out.extend_from_slice(b",\"people\":");
    list(out, &doc.people, person);
    out.extend_from_slice(b",\"speakers\":");
    list(out, &doc.speakers, |out, id| string(out, id));
    out.extend_from_slice(b",\"counterparts\":");
    list(out, &doc.counterparts, |out, id| string(out, id));
    out.extend_from_slice(b",\"conversations\":");
    list(out, &doc.conversations, conversation);
    out.extend_from_slice(b",\"quotes\":");
    list(out, &doc.quotes, quote);
    out.extend_from_slice(b",\"dates\":");
    list(out, &doc.dates, date);
    out.extend_from_slice(b",\"warnings\":");
    list(out, &doc.warnings, |out, w| string(out, w));
    out.push(b'}');
}

fn span(out: &mut Vec<u8>, s: &Span) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &s.text);
    out.extend_from_slice(b",\"start\":");
    number(out, s.start);
    out.extend_from_slice(b",\"end\":");
    number(out, s.end);
    out.push(b'}');
}

fn evidence(out: &mut Vec<u8>, e: &Evidence) {
    out.extend_from_slice(b"{\"rule\":");
    string(out, &e.rule);
    if let Some(cue) = &e.cue {
        out.extend_from_slice(b",\"cue\":");
        span(out, cue);
    }
    out.push(b'}');
}

/// `,"explain":{…}` when there is evidence (the field is skipped otherwise).
fn explain(out: &mut Vec<u8>, e: Option<&Evidence>) {
    if let Some(e) = e {
        out.extend_from_slice(b",\"explain\":");
        evidence(out, e);
    }
}

fn person(out: &mut Vec<u8>, p: &Person) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &p.id);
    out.extend_from_slice(match p.kind {
        PersonKind::Person => b",\"kind\":\"person\"",
        PersonKind::Institution => b",\"kind\":\"institution\"",
    });
    out.extend_from_slice(b",\"name\":");
    string(out, &p.name);
    if !p.aliases.is_empty() {
        out.extend_from_slice(b",\"aliases\":");
        list(out, &p.aliases, |out, a| string(out, a));
    }
    if let Some(title) = &p.title {
        out.extend_from_slice(b",\"title\":");
        string(out, title);
    }
    if let Some(country) = &p.country {
        out.extend_from_slice(b",\"country\":");
        string(out, country);
    }
    out.extend_from_slice(b",\"roles\":");
    list(out, &p.roles, |out, role| {
        out.extend_from_slice(match role {
            Role::Speaker => b"\"speaker\"",
            Role::Counterpart => b"\"counterpart\"",
            Role::Mentioned => b"\"mentioned\"",
        });
    });
    out.extend_from_slice(b",\"mentions\":");
    list(out, &p.mentions, span);
    out.push(b'}');
}

fn conversation(out: &mut Vec<u8>, c: &Conversation) {
    out.extend_from_slice(match c.kind {
        ConversationKind::Conversation => b"{\"kind\":\"conversation\"",
        ConversationKind::Meeting => b"{\"kind\":\"meeting\"",
        ConversationKind::PhoneCall => b"{\"kind\":\"phone_call\"",
        ConversationKind::VideoCall => b"{\"kind\":\"video_call\"",
    });
    out.extend_from_slice(b",\"participants\":");
    list(out, &c.participants, |out, id| string(out, id));
    out.extend_from_slice(b",\"date\":");
    optional_string(out, c.date.as_deref());
    out.extend_from_slice(b",\"topics\":");
    list(out, &c.topics, |out, t| string(out, t));
    explain(out, c.explain.as_ref());
    out.push(b'}');
}

fn quote(out: &mut Vec<u8>, q: &Quote) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &q.text);
    out.extend_from_slice(b",\"speaker\":");
    optional_string(out, q.speaker.as_deref());
    out.extend_from_slice(b",\"cue\":");
    optional_string(out, q.cue.as_deref());
    out.extend_from_slice(b",\"start\":");
    number(out, q.start);
    out.extend_from_slice(b",\"end\":");
    number(out, q.end);
    explain(out, q.explain.as_ref());
    out.push(b'}');
}

fn date(out: &mut Vec<u8>, d: &DateMention) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &d.text);
    out.extend_from_slice(b",\"start\":");
    number(out, d.start);
    out.extend_from_slice(b",\"end\":");
    number(out, d.end);
    out.extend_from_slice(b",\"value\":");
    optional_string(out, d.value.as_deref());
    out.extend_from_slice(match d.kind {
        DateKind::Absolute => b",\"kind\":\"absolute\"",
        DateKind::Relative => b",\"kind\":\"relative\"",
        DateKind::Weekday => b",\"kind\":\"weekday\"",
    });
    explain(out, d.explain.as_ref());
    out.push(b'}');
}

/// `[item,item,…]`.
fn list<T>(out: &mut Vec<u8>, items: &[T], item: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

fn number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `s` as a JSON string, escaped as serde_json escapes: `"` and `\`, and the control
/// characters (as `\b \t \n \f \r` or `\u00XX`); everything else as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.push(b'"');
    // No early exit: the compiler turns this into a few vector instructions per 16 bytes.
    let plain = bytes.iter().fold(true, |plain, &b| {
        plain & (b >= 0x20 && b != b'"' && b != b'\\')
    });
    if plain {
        out.extend_from_slice(bytes);
    } else {
        escaped(out, bytes);
    }
    out.push(b'"');
}

fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            0x00..=0x1F => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        if short == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_as_serde(doc: &Document) {
        let mut ours = Vec::new();
        write_document(&mut ours, doc);
        let theirs = serde_json::to_vec(doc).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn every_fixture_comes_out_as_serde_json_writes_it() {
        let mut seen = 0;
        for entry in std::fs::read_dir("fixtures").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for explain in [false, true] {
                let options = readout::Options {
                    explain,
                    source: path.display().to_string(),
                    ..readout::Options::default()
                };
                assert_as_serde(&readout::parse(&text, &options));
            }
            seen += 1;
        }
        assert!(seen > 10, "fixtures not found");
    }

    #[test]
    fn every_field_and_escape_comes_out_as_serde_json_writes_it() {
        let span = |text: &str| Span {
            text: text.to_string(),
            start: 0,
            end: usize::MAX,
        };
        let evidence = Evidence {
            rule: "r\u{7f}".to_string(),
            cue: Some(span("cue")),
        };
        let mut doc = Document::empty("a \"b\" \\ c\u{1}\u{8}\t\n\u{c}\r\u{1f} é ”");
        doc.reference_date = Some("2024-01-02".to_string());
        doc.reported_by = vec![span("the \"Kremlin\""), span("")];
        doc.people = vec![
            Person {
                id: "a".to_string(),
                kind: PersonKind::Institution,
                name: "A".to_string(),
                aliases: vec!["B".to_string(), "C\n".to_string()],
                title: Some("President".to_string()),
                country: Some("Examplestan".to_string()),
                roles: vec![Role::Speaker, Role::Counterpart, Role::Mentioned],
                mentions: vec![span("A")],
            },
            Person {
                id: "b".to_string(),
                kind: PersonKind::Person,
                name: "B".to_string(),
                aliases: Vec::new(),
                title: None,
                country: None,
                roles: Vec::new(),
                mentions: Vec::new(),
            },
        ];
        doc.speakers = vec!["a".to_string()];
        doc.counterparts = vec!["b".to_string(), "c".to_string()];
        doc.conversations = [
            ConversationKind::Conversation,
            ConversationKind::Meeting,
            ConversationKind::PhoneCall,
            ConversationKind::VideoCall,
        ]
        .into_iter()
        .map(|kind| Conversation {
            kind,
            participants: vec!["a".to_string()],
            date: (kind == ConversationKind::Meeting).then(|| "2024-01-01".to_string()),
            topics: vec!["t".to_string()],
            explain: (kind == ConversationKind::PhoneCall).then(|| evidence.clone()),
        })
        .collect();
        doc.quotes = vec![
            Quote {
                text: "“q”".to_string(),
                speaker: Some("a".to_string()),
                cue: None,
                start: 1,
                end: 2,
                explain: Some(Evidence {
                    rule: "no cue".to_string(),
                    cue: None,
                }),
            },
            Quote {
                text: String::new(),
                speaker: None,
                cue: Some("said".to_string()),
                start: 10,
                end: 12_345,
                explain: None,
            },
        ];
        doc.dates = [DateKind::Absolute, DateKind::Relative, DateKind::Weekday]
            .into_iter()
            .map(|kind| DateMention {
                text: "d".to_string(),
                start: 0,
                end: 9,
                value: (kind != DateKind::Weekday).then(|| "XXXX-01-02".to_string()),
                kind,
                explain: (kind == DateKind::Relative).then(|| evidence.clone()),
            })
            .collect();
        doc.warnings = vec!["w".to_string(), "\u{0}".to_string()];
        assert_as_serde(&doc);
        assert_as_serde(&Document::empty(""));
    }
}
