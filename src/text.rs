//! Text geometry shared by the extractors: paragraphs, sentences and word tests.
//!
//! Everything here works on byte offsets into the input as read, so spans stay exact
//! whatever the line ends (LF, CRLF, lone CR) and whether a BOM is present.

use std::ops::Range;

/// The inside of a regex character class for letters, cheap to compile: ASCII letters and
/// every non-ASCII character outside the Latin-1 symbols, general punctuation (U+2000–U+206F)
/// and CJK punctuation. A superset of `\p{L}` and `\p{M}` that, repeated `{0,60}`,
/// compiles in well under a millisecond where `[\p{L}]{0,60}` takes ten (the UTF-8 automaton of
/// `\p{L}` has hundreds of ranges, copied once per repetition).
pub const LETTER_CLASS: &str =
    r"A-Za-z\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{1FFF}\u{2070}-\u{2FFF}\u{3040}-\u{10FFFF}";

/// Byte ranges of paragraphs: runs of text separated by blank lines (any line-end style).
/// A release whose paragraphs are single lines (no blank lines at all) is split by line.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    // Each line without the spaces around it (empty for a blank one), found once.
    let mut lines: Vec<Range<usize>> = Vec::new();
    // A line that `str::trim` empties (the BOM is no space to it, unlike to `is_space`).
    let mut has_blank = false;
    for line in line_ranges(text) {
        let trimmed = trim_range(text, line.clone());
        has_blank = has_blank || (trimmed.is_empty() && text[line].trim().is_empty());
        lines.push(trimmed);
    }
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        if line.is_empty() {
            if let Some(p) = current.take() {
                out.push(p);
            }
            continue;
        }
        match current.as_mut() {
            Some(p) if has_blank => p.end = line.end,
            Some(_) => {
                out.push(current.take().unwrap_or(line.clone()));
                current = Some(line);
            }
            None => current = Some(line),
        }
    }
    if let Some(p) = current {
        out.push(p);
    }
    out
}

/// `range` of `text` without the spaces ([`is_space`]) at either end.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let rest = s.trim_start_matches(is_space);
    let start = range.start + (s.len() - rest.len());
    start..start + rest.trim_end_matches(is_space).len()
}

/// Byte ranges of lines, without their line ends (LF, CRLF or CR).
pub fn lines(text: &str) -> Vec<Range<usize>> {
    line_ranges(text).collect()
}

/// The ranges of [`lines`], one at a time (a reader of the first lines stops early); line
/// ends are found with memchr.
pub fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let Some(offset) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) else {
            let line = start..bytes.len();
            start = bytes.len();
            return Some(line);
        };
        let end = start + offset;
        let line = start..end;
        start = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        Some(line)
    })
}

/// Whitespace including the BOM, which the parser treats as invisible.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Byte ranges of sentences inside `range`: ends at `.`, `!` or `?` followed by a space and
/// an upper-case letter or a quote mark, but not after an abbreviation or an initial.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    sentences_into(text, range, &mut out);
    out
}

/// [`sentences`], appended to `out`.
pub fn sentences_into(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[range.clone()];
    let mut start = 0;
    let mut from = 0;
    // Terminators are ASCII bytes: memchr finds them without decoding the text between.
    while let Some(offset) = memchr::memchr3(b'.', b'!', b'?', &s.as_bytes()[from..]) {
        let i = from + offset;
        // Include closing marks right after the terminator.
        let mut end = i + 1;
        while let Some(n) = s[end..].chars().next() {
            if !matches!(n, '”' | '"' | '’' | '\'' | '»' | ')') {
                break;
            }
            end += n.len_utf8();
        }
        from = end;
        let rest = &s[end..];
        let next = rest.trim_start_matches(is_space);
        let spaced = next.len() < rest.len();
        let next_char = next.chars().next();
        let starts_new = next_char.is_some_and(|n| {
            n.is_uppercase()
                || matches!(n, '“' | '"' | '‘' | '«' | '(' | '—' | '–')
                || n.is_ascii_digit()
        });
        // A quote of several sentences still ends at each of them: the quote extractor finds
        // its frame by looking across sentence ends.
        if next.is_empty() || (spaced && starts_new && !is_abbreviation(&s[start..i])) {
            out.push(range.start + start..range.start + end);
            start = end + (rest.len() - next.len());
        }
    }
    if start < s.len() {
        let tail = &s[start..];
        if !tail.trim_matches(is_space).is_empty() {
            let lead = tail.len() - tail.trim_start_matches(is_space).len();
            let trail = tail.trim_end_matches(is_space).len();
            out.push(range.start + start + lead..range.start + start + trail);
        }
    }
}

/// Whether the text before a period ends with an abbreviation or an initial ("R.", "Adm.", "U.S.").
fn is_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[word_start..];
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    if word.contains('.') {
        return true; // U.S, U.K
    }
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Adm"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "St"
            | "Jr"
            | "Sr"
            | "No"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "vs"
            | "etc"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Prof"
    )
}

/// The last `n` bytes or so of `s` (from a char boundary) and where they start: for tests
/// anchored at the end of a text (`…$`), which would otherwise scan all of it.
pub fn tail(s: &str, n: usize) -> (usize, &str) {
    let at = ceil_boundary(s, s.len().saturating_sub(n));
    (at, &s[at..])
}

/// The byte offset just past the last space in `s` (any width, e.g. U+00A0), or 0.
pub fn after_last_space(s: &str) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| is_space(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The largest char boundary at or below `i`.
pub fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or above `i`.
pub fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A slug for ids: lower-case ASCII letters and digits joined by hyphens, diacritics folded.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        let mut one = [0u8; 4];
        let folded = fold_char(c).unwrap_or_else(|| c.encode_utf8(&mut one));
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(f.to_ascii_lowercase());
            } else if f != '.' && f != '’' && f != '\'' {
                dash = true;
            }
        }
    }
    out
}

/// Folds common Latin diacritics to ASCII (ğ → g, ç → c, ó → o); `None` for other chars.
pub fn fold_char(c: char) -> Option<&'static str> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'ė' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' | 'Ė' => "E",
        'ğ' | 'ģ' => "g",
        'Ğ' | 'Ģ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'ķ' => "k",
        'ł' | 'ľ' | 'ļ' => "l",
        'Ł' | 'Ľ' | 'Ļ' => "L",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    };
    Some(s)
}

/// Folds a whole string to ASCII-ish lower case for comparisons, in one allocation.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(folded(s));
    out
}

/// The characters of [`fold`]`(s)`, one at a time.
pub fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(|c| {
        if c.is_ascii() {
            Folded::One(Some(c.to_ascii_lowercase()))
        } else if let Some(f) = fold_char(c) {
            Folded::Ascii(f.chars())
        } else {
            Folded::Lower(c.to_lowercase())
        }
    })
}

/// Whether `fold(a) == fold(b)`, without building either.
pub fn fold_eq(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

/// What one character folds to.
enum Folded {
    One(Option<char>),
    /// A `fold_char` replacement (ASCII, lower-cased on the way out).
    Ascii(std::str::Chars<'static>),
    Lower(std::char::ToLowercase),
}

impl Iterator for Folded {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Folded::One(c) => c.take(),
            Folded::Ascii(chars) => chars.next().map(|x| x.to_ascii_lowercase()),
            Folded::Lower(lower) => lower.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_handle_every_line_end() {
        for text in ["A b.\n\nC d.\n", "A b.\r\n\r\nC d.\r\n", "A b.\r\rC d.\r"] {
            let ps = paragraphs(text);
            let got: Vec<&str> = ps.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(got, ["A b.", "C d."], "{text:?}");
        }
    }

    #[test]
    fn paragraphs_as_the_line_by_line_trims_gave_them() {
        let reference = |text: &str| -> Vec<Range<usize>> {
            let lines = lines(text);
            let has_blank = lines.iter().any(|r| text[r.clone()].trim().is_empty());
            let mut out = Vec::new();
            let mut current: Option<Range<usize>> = None;
            for line in lines {
                let l = &text[line.clone()];
                if l.trim_matches(is_space).is_empty() {
                    out.extend(current.take());
                    continue;
                }
                let start = line.start + (l.len() - l.trim_start_matches(is_space).len());
                let end = line.start + l.trim_end_matches(is_space).len();
                match current.as_mut() {
                    Some(p) if has_blank => p.end = end,
                    Some(_) => {
                        out.extend(current.take());
                        current = Some(start..end);
                    }
                    None => current = Some(start..end),
                }
            }
            out.extend(current);
            out
        };
        for text in [
            "A\nB\n",
            "\u{feff}A b.\n\u{feff}\nC\u{a0}\n",
            " A \n \t\n B\r\n\r\n\r\nC",
            "\u{feff}\n x \n y",
            "",
            "\n\n",
        ] {
            assert_eq!(paragraphs(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn fold_eq_is_fold_then_compare() {
        let words = [
            "Zelenskyy",
            "ZELENSKYY",
            "Çavuşoğlu",
            "cavusoglu",
            "Straße",
            "STRASSE",
            "İstanbul",
            "ǅemal",
            "",
        ];
        for a in words {
            for b in words {
                assert_eq!(fold_eq(a, b), fold(a) == fold(b), "{a} / {b}");
            }
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_cr_without_a_trailing_empty_line() {
        let text = "a\nb\r\nc\rd\n\ne\r\n";
        let of = |text: &'static str| -> Vec<&'static str> {
            lines(text).into_iter().map(|r| &text[r]).collect()
        };
        assert_eq!(of(text), ["a", "b", "c", "d", "", "e"]);
        assert_eq!(of("no end"), ["no end"]);
        assert!(of("").is_empty());
        assert_eq!(of("\r\n"), [""]);
    }

    #[test]
    fn sentences_skip_abbreviations_and_initials() {
        let t = "President Joseph R. Biden, Jr. spoke today. The U.S. Secretary said so. Adm. John Kirby agreed.";
        let got: Vec<&str> = sentences(t, 0..t.len())
            .iter()
            .map(|r| &t[r.clone()])
            .collect();
        assert_eq!(
            got,
            [
                "President Joseph R. Biden, Jr. spoke today.",
                "The U.S. Secretary said so.",
                "Adm. John Kirby agreed."
            ]
        );
    }

    #[test]
    fn slugs_fold_diacritics() {
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slug("Joseph R. Biden, Jr."), "joseph-r-biden-jr");
        assert_eq!(slug("the Kremlin"), "the-kremlin");
    }
}
