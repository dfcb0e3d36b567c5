//! Reading inputs: stdin, files and folders (walked in sorted order), decoding, and the
//! bad-UTF-8 policy.
//!
//! The text handed to the parser is the input as read, BOM included (the parser treats
//! U+FEFF as a space), so span offsets always count from the first byte of the input.

use std::borrow::Cow;
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

    /// Reads the raw bytes into `buf`, replacing its contents and reusing its capacity.
    pub fn read_into(&self, buf: &mut Vec<u8>) -> std::io::Result<()> {
        buf.clear();
        // Room for a typical release from the first read on; a larger input grows it.
        buf.reserve(READ_CHUNK);
        match self {
            Source::Stdin => std::io::stdin().lock().read_to_end(buf)?,
            // Read as a plain stream: `File::read_to_end` first asks for the file's size
            // and position (two more system calls per file) to size a buffer we already have.
            Source::File(p) => std::fs::File::open(p)?.take(u64::MAX).read_to_end(buf)?,
        };
        Ok(())
    }
}

/// The capacity a read buffer starts with.
const READ_CHUNK: usize = 1 << 14;

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
pub struct Decoded<'a> {
    /// The text, BOM kept: the bytes themselves when they were valid UTF-8.
    pub text: Cow<'a, str>,
    /// Set when `--lossy` replaced bad bytes: how many sequences were replaced.
    pub replaced: usize,
}

/// Decodes bytes as UTF-8: NUL means binary; invalid sequences are an error unless `lossy`.
pub fn decode(bytes: &[u8], lossy: bool) -> Result<Decoded<'_>, DecodeError> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            replaced: 0,
        }),
        Err(err) if !lossy => Err(DecodeError::InvalidUtf8 {
            offset: err.valid_up_to(),
        }),
        Err(_) => {
            let replaced = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            Ok(Decoded {
                text: String::from_utf8_lossy(bytes),
                replaced,
            })
        }
    }
}

/// One input to parse, and where its output goes under `--out-dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where to read it.
    pub source: Source,
    /// Its path relative to the argument it was found under: the path inside a folder
    /// argument, the file name of a file argument, `stdin` for stdin.
    pub relative: PathBuf,
}

/// A path that could not be listed while walking a folder (unreadable, symlink loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// The path concerned, as it will be shown.
    pub path: String,
    /// Why, for humans.
    pub reason: String,
}

/// Expands the command-line paths into inputs, lazily and in order: each argument in the
/// order given, folders walked recursively in sorted path order keeping files whose
/// extension is one of `exts` (ASCII case-insensitive). Symlinks are followed; loops and
/// unreadable entries come out as errors and the walk goes on.
pub fn expand(
    paths: Vec<PathBuf>,
    exts: Vec<String>,
) -> impl Iterator<Item = Result<Entry, WalkError>> + Send {
    paths.into_iter().flat_map(move |path| {
        let items: Box<dyn Iterator<Item = Result<Entry, WalkError>> + Send> = if is_stdin(&path) {
            Box::new(std::iter::once(Ok(Entry {
                source: Source::Stdin,
                relative: PathBuf::from("stdin"),
            })))
        } else if path.is_dir() {
            let root = path.clone();
            Box::new(walk(&path, exts.clone()).map(move |found| {
                found.map(|file| Entry {
                    relative: file.strip_prefix(&root).unwrap_or(&file).to_path_buf(),
                    source: Source::File(file),
                })
            }))
        } else {
            // A missing or unreadable file is reported when it is read, in its turn.
            let relative = path.file_name().map_or_else(|| path.clone(), PathBuf::from);
            Box::new(std::iter::once(Ok(Entry {
                source: Source::File(path),
                relative,
            })))
        };
        items
    })
}

/// The files under `root` whose extension is one of `exts`, in sorted path order.
pub fn walk(
    root: &Path,
    exts: Vec<String>,
) -> impl Iterator<Item = Result<PathBuf, WalkError>> + Send + use<> {
    let exts: Vec<String> = exts
        .into_iter()
        .map(|e| e.trim_start_matches('.').to_string())
        .collect();
    let fallback = root.display().to_string();
    walkdir::WalkDir::new(root)
        .follow_links(true)
        // By file name: the entries sorted together share their folder, so their paths
        // differ only in the name, and comparing whole paths as bytes gives the file-name
        // order without splitting every path into components (`sort_by_file_name` does,
        // twice per comparison: a third of the cost of a run over 20,000 tiny files).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_map(move |entry| match entry {
            Ok(entry) => {
                let ext = entry.path().extension().and_then(|e| e.to_str());
                let wanted =
                    ext.is_some_and(|ext| exts.iter().any(|w| w.eq_ignore_ascii_case(ext)));
                (entry.file_type().is_file() && wanted).then(|| Ok(entry.into_path()))
            }
            Err(err) => Some(Err(walk_error(&err, &fallback))),
        })
}

fn walk_error(err: &walkdir::Error, fallback: &str) -> WalkError {
    let path = err
        .path()
        .map_or_else(|| fallback.to_string(), |p| p.display().to_string());
    let reason = if let Some(ancestor) = err.loop_ancestor() {
        format!(
            "symlink loop: points to its own ancestor {}, skipped",
            ancestor.display()
        )
    } else if let Some(io) = err.io_error() {
        io.to_string()
    } else {
        err.to_string()
    };
    WalkError { path, reason }
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
            decode(b"ab\0c", false).unwrap_err(),
            DecodeError::Binary { offset: 2 }
        );
        assert_eq!(
            decode(b"abc\xffd", false).unwrap_err(),
            DecodeError::InvalidUtf8 { offset: 3 }
        );
        let lossy = decode(b"abc\xffd", true).unwrap();
        assert_eq!(lossy.text, "abc\u{fffd}d");
        assert_eq!(lossy.replaced, 1);
        let bom = decode("\u{feff}Hi".as_bytes(), false).unwrap();
        assert_eq!(bom.text.len(), 5);
    }

    #[test]
    fn folders_are_walked_in_sorted_order_with_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b/z.txt",
            "b/a.TXT",
            "a.txt",
            "c/d/e.txt",
            "c/skip.md",
            "b.txt",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let found: Vec<PathBuf> = expand(vec![dir.path().to_path_buf()], vec!["txt".into()])
            .map(|e| e.unwrap().relative)
            .collect();
        let want: Vec<PathBuf> = ["a.txt", "b/a.TXT", "b/z.txt", "b.txt", "c/d/e.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(found, want);
        let md: Vec<_> = expand(vec![dir.path().to_path_buf()], vec![".md".into()]).collect();
        assert_eq!(md.len(), 1);
        let file = expand(vec![dir.path().join("c/d/e.txt")], vec![])
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(file.relative, PathBuf::from("e.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/x.txt"), "x").unwrap();
        std::fs::write(dir.path().join("z.txt"), "z").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        let items: Vec<_> = walk(dir.path(), vec!["txt".into()]).collect();
        assert_eq!(items.len(), 3, "{items:?}");
        // Sorted: a/loop, a/x.txt, z.txt.
        assert!(items[1].is_ok() && items[2].is_ok());
        let err = items[0].as_ref().unwrap_err();
        assert!(
            err.path.ends_with("loop") && err.reason.contains("loop"),
            "{err:?}"
        );
    }
}
