//! Reading inputs: stdin or files, decoding, and the bad-UTF-8 policy.
//!
//! The text handed to the parser is the input as read, BOM included (the parser treats
//! U+FEFF as a space), so span offsets always count from the first byte of the input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input, shown as `-`.
    Stdin,
    /// A file path as given (or found in a folder).
    File(PathBuf),
}

impl Source {
    /// The name written into `source` and error messages.
    pub fn display(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// Reads the raw bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Source::File(p) => std::fs::read(p),
        }
    }
}

/// Why an input was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte: this is not a text file.
    Binary { offset: usize },
    /// Not UTF-8 and `--lossy` was not given.
    InvalidUtf8 { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { offset } => write!(f, "binary file (NUL byte at byte {offset})"),
            DecodeError::InvalidUtf8 { offset } => write!(
                f,
                "invalid UTF-8 at byte {offset} (use --lossy to replace bad bytes)"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decoded text plus what decoding had to change.
#[derive(Debug)]
pub struct Decoded {
    /// The text, BOM kept.
    pub text: String,
    /// Set when `--lossy` replaced bad bytes: how many sequences were replaced.
    pub replaced: usize,
}

/// Decodes bytes as UTF-8: NUL means binary; invalid sequences are an error unless `lossy`.
pub fn decode(bytes: Vec<u8>, lossy: bool) -> Result<Decoded, DecodeError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary { offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text, replaced: 0 }),
        Err(err) if !lossy => Err(DecodeError::InvalidUtf8 {
            offset: err.utf8_error().valid_up_to(),
        }),
        Err(err) => {
            let bytes = err.into_bytes();
            let replaced = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            Ok(Decoded {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                replaced,
            })
        }
    }
}

/// Whether `path` names stdin.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_nul_and_bad_utf8_and_keeps_bom() {
        assert_eq!(
            decode(b"ab\0c".to_vec(), false).unwrap_err(),
            DecodeError::Binary { offset: 2 }
        );
        assert_eq!(
            decode(b"abc\xffd".to_vec(), false).unwrap_err(),
            DecodeError::InvalidUtf8 { offset: 3 }
        );
        let lossy = decode(b"abc\xffd".to_vec(), true).unwrap();
        assert_eq!(lossy.text, "abc\u{fffd}d");
        assert_eq!(lossy.replaced, 1);
        let bom = decode("\u{feff}Hi".as_bytes().to_vec(), false).unwrap();
        assert_eq!(bom.text.len(), 5);
    }
}
