//! Record streams (`--input jsonl`): one JSON object per line,
//! `{"id": ..., "text": ..., "date": "YYYY-MM-DD"?}`, as a map step under Spark's `RDD.pipe`,
//! Hadoop Streaming or GNU parallel would send them.
//!
//! A malformed record becomes a [`RecordError`] that still carries the record's id when it
//! could be read, so the caller can write an error document instead of losing the record.

use std::io::{BufRead, BufReader};

use serde_json::Value;

use crate::input::{Entry, Source, WalkError};

/// One well-formed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record's id: a string, or a number written in decimal. Becomes `source`.
    pub id: String,
    /// The release text.
    pub text: String,
    /// The record's reference date, overriding `--date`.
    pub date: Option<jiff::civil::Date>,
}

/// Why a record line could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The record's id when the line was an object with a usable `id`.
    pub id: Option<String>,
    /// What is wrong, for humans.
    pub reason: String,
}

/// One line of a record stream, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The file it comes from, as shown (`-` for stdin).
    pub file: String,
    /// Its 1-based line number in that file.
    pub number: usize,
    /// The line without its line ending.
    pub bytes: Vec<u8>,
}

impl Line {
    /// `FILE:LINE`, the name of a record that has no usable id.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.number)
    }
}

/// The non-blank lines of every input in order, lazily (one line in memory at a time);
/// a file that cannot be opened or read comes out as an error and the stream goes on.
pub fn lines(
    entries: impl Iterator<Item = Result<Entry, WalkError>> + Send,
) -> impl Iterator<Item = Result<Line, WalkError>> + Send {
    entries.flat_map(
        |entry| -> Box<dyn Iterator<Item = Result<Line, WalkError>> + Send> {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => return Box::new(std::iter::once(Err(err))),
            };
            let file = entry.source.display();
            let reader: Box<dyn BufRead + Send> = match &entry.source {
                Source::Stdin => Box::new(BufReader::new(std::io::stdin())),
                Source::File(path) => match std::fs::File::open(path) {
                    Ok(f) => Box::new(BufReader::new(f)),
                    Err(err) => {
                        let reason = err.to_string();
                        return Box::new(std::iter::once(Err(WalkError { path: file, reason })));
                    }
                },
            };
            Box::new(FileLines {
                file,
                reader: Some(reader),
                number: 0,
            })
        },
    )
}

/// The lines of one reader; stops after the first read error, which it reports.
struct FileLines {
    file: String,
    reader: Option<Box<dyn BufRead + Send>>,
    number: usize,
}

impl Iterator for FileLines {
    type Item = Result<Line, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let reader = self.reader.as_mut()?;
            let mut bytes = Vec::new();
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    self.reader = None;
                    return None;
                }
                Ok(_) => {
                    self.number += 1;
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                        if bytes.last() == Some(&b'\r') {
                            bytes.pop();
                        }
                    }
                    if is_blank(&bytes) {
                        continue;
                    }
                    let (file, number) = (self.file.clone(), self.number);
                    return Some(Ok(Line {
                        file,
                        number,
                        bytes,
                    }));
                }
                Err(err) => {
                    self.reader = None;
                    let path = format!("{}:{}", self.file, self.number + 1);
                    return Some(Err(WalkError {
                        path,
                        reason: err.to_string(),
                    }));
                }
            }
        }
    }
}

/// Whether a line holds no record at all (blank lines between records are allowed).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Parses one line (without its newline). With `lossy`, invalid UTF-8 is replaced first.
pub fn parse_record(line: &[u8], lossy: bool) -> Result<Record, RecordError> {
    let fail = |id: Option<String>, reason: String| Err(RecordError { id, reason });
    let text = match std::str::from_utf8(line) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) if lossy => String::from_utf8_lossy(line),
        Err(err) => {
            return fail(
                None,
                format!(
                    "invalid UTF-8 at byte {} of the line (use --lossy to replace bad bytes)",
                    err.valid_up_to()
                ),
            );
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => return fail(None, format!("not a JSON record: {err}")),
    };
    let Value::Object(mut fields) = value else {
        return fail(
            None,
            r#"expected a JSON object {"id": ..., "text": ..., "date": ...}"#.to_string(),
        );
    };
    let id = match fields.remove("id") {
        Some(Value::String(id)) => id,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return fail(None, r#""id" must be a string or a number"#.to_string()),
        None => return fail(None, r#"missing "id""#.to_string()),
    };
    let text = match fields.remove("text") {
        Some(Value::String(text)) => text,
        Some(_) => return fail(Some(id), r#""text" must be a string"#.to_string()),
        None => return fail(Some(id), r#"missing "text""#.to_string()),
    };
    let date = match fields.remove("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(date)) => match crate::cli::parse_date(&date) {
            Ok(date) => Some(date),
            Err(reason) => return fail(Some(id), format!(r#""date": {reason}"#)),
        },
        Some(_) => {
            return fail(
                Some(id),
                r#""date" must be a string YYYY-MM-DD or null"#.to_string(),
            );
        }
    };
    Ok(Record { id, text, date })
}

/// The error document written on stdout for a malformed record, so that a distributed run
/// can count and find failures in its output: `{"source": ..., "error": ...}` and a newline.
pub fn error_line(source: &str, reason: &str) -> Vec<u8> {
    /// Field order is the output order: `source` first, as in a document.
    #[derive(serde::Serialize)]
    struct ErrorDocument<'a> {
        source: &'a str,
        error: &'a str,
    }
    let mut line = serde_json::to_vec(&ErrorDocument {
        source,
        error: reason,
    })
    .unwrap_or_default();
    line.push(b'\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well_formed_records() {
        let r = parse_record(
            br#"{"id": "a/1", "text": "Line one\nline two \u2019", "date": "2023-06-25"}"#,
            false,
        )
        .unwrap();
        assert_eq!(r.id, "a/1");
        assert_eq!(r.text, "Line one\nline two \u{2019}");
        assert_eq!(r.date, Some(jiff::civil::date(2023, 6, 25)));
        let r = parse_record(br#"{"id": 7, "text": "", "date": null, "extra": 1}"#, false).unwrap();
        assert_eq!((r.id.as_str(), r.date), ("7", None));
    }

    #[test]
    fn malformed_records_keep_their_id_when_they_have_one() {
        let e = parse_record(br#"{"id": "x", "date": "2023-06-25"}"#, false).unwrap_err();
        assert_eq!(e.id.as_deref(), Some("x"));
        assert!(e.reason.contains("text"));
        let e =
            parse_record(br#"{"id": "y", "text": "t", "date": "25.06.2023"}"#, false).unwrap_err();
        assert_eq!(e.id.as_deref(), Some("y"));
        assert!(e.reason.contains("date"));
        let e = parse_record(br#"{"id": "x", "text": "#, false).unwrap_err();
        assert_eq!(e.id, None);
        assert!(parse_record(b"[1, 2]", false).is_err());
        assert!(parse_record(br#"{"text": "t"}"#, false).is_err());
    }

    #[test]
    fn invalid_utf8_is_an_error_unless_lossy() {
        let line = b"{\"id\": \"u\", \"text\": \"a\xffb\"}";
        assert!(
            parse_record(line, false)
                .unwrap_err()
                .reason
                .contains("UTF-8")
        );
        assert_eq!(parse_record(line, true).unwrap().text, "a\u{fffd}b");
    }

    #[test]
    fn lines_are_numbered_per_file_and_blank_ones_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.jsonl");
        std::fs::write(&file, "one\r\n\n  \ntwo\nthree").unwrap();
        let entries = crate::input::expand(vec![file.clone(), dir.path().join("nope")], vec![]);
        let got: Vec<_> = lines(entries).collect();
        let numbers: Vec<_> = got[..3]
            .iter()
            .map(|l| l.as_ref().unwrap().number)
            .collect();
        assert_eq!(numbers, [1, 4, 5]);
        assert_eq!(got[0].as_ref().unwrap().bytes, b"one");
        assert_eq!(got[2].as_ref().unwrap().bytes, b"three");
        assert!(got[3].as_ref().unwrap_err().path.ends_with("nope"));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn error_lines_are_one_json_object() {
        let line = error_line("in.jsonl:3", "not a JSON record: \"quoted\"\nnext");
        let text = std::str::from_utf8(&line).unwrap();
        assert!(
            text.starts_with(r#"{"source":"in.jsonl:3","error":"#),
            "{text}"
        );
        assert_eq!(text.matches('\n').count(), 1);
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["source"], "in.jsonl:3");
        assert!(v["error"].as_str().unwrap().contains("quoted"));
    }
}
