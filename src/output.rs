//! Writing documents: pretty JSON or JSON Lines into a buffered writer, and the `--out-dir`
//! files, each written to a temporary name and renamed so no half-written JSON is ever seen.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use readout::Document;

use crate::cli::Format;

mod jsonl;

/// Buffers of written documents, kept for the next ones: allocating a fresh one per
/// document made the allocator sort through every small block the parse had just freed.
static SPARE_BUFFERS: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// How many spare buffers are kept, and the largest kept (a large document's is dropped).
const SPARE_COUNT: usize = 64;
const SPARE_CAPACITY: usize = 1 << 16;

/// One document in `format` as bytes, newline included (serialized on a worker thread).
/// Give the bytes back with [`recycle`] once written.
pub fn document_bytes(doc: &Document, format: Format) -> Vec<u8> {
    let spare = SPARE_BUFFERS.lock().ok().and_then(|mut spare| spare.pop());
    let mut bytes = spare.unwrap_or_else(|| Vec::with_capacity(4096));
    match format {
        // Writing into a Vec cannot fail, and a Document always serializes.
        Format::Json => {
            let _ = serde_json::to_writer_pretty(&mut bytes, doc);
        }
        Format::Jsonl => jsonl::write_document(&mut bytes, doc),
    }
    bytes.push(b'\n');
    bytes
}

/// Keeps the buffer of a written document for a later [`document_bytes`].
pub fn recycle(mut bytes: Vec<u8>) {
    if bytes.capacity() > SPARE_CAPACITY {
        return;
    }
    if let Ok(mut spare) = SPARE_BUFFERS.lock()
        && spare.len() < SPARE_COUNT
    {
        bytes.clear();
        spare.push(bytes);
    }
}

/// The output file for an input found at `relative` under its argument: `DIR/relative`
/// with the extension replaced by `.json` (`a/b.txt` becomes `DIR/a/b.json`).
pub fn out_path(dir: &Path, relative: &Path) -> PathBuf {
    dir.join(relative).with_extension("json")
}

/// Writes `bytes` to `path` atomically: parent folders are created, the bytes go to a
/// temporary file beside it, which is then renamed over `path`. On failure the temporary
/// file is removed, so `path` is either the old file or the complete new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        std::fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Hidden and named after the process, so concurrent runs never share a temporary file.
    let temp_name = format!(".{name}.{}.tmp", std::process::id());
    let temp = parent.map_or_else(|| PathBuf::from(&temp_name), |p| p.join(&temp_name));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Checks up front that `dir` can be created and written to, so that a read-only location
/// fails the run at once instead of once per input.
pub fn prepare_out_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".readout-probe.{}.tmp", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_paths_mirror_the_input_tree() {
        let dir = Path::new("json");
        assert_eq!(
            out_path(dir, Path::new("a/b.txt")),
            Path::new("json/a/b.json")
        );
        assert_eq!(
            out_path(dir, Path::new("x.y.txt")),
            Path::new("json/x.y.json")
        );
        assert_eq!(
            out_path(dir, Path::new("stdin")),
            Path::new("json/stdin.json")
        );
    }

    #[test]
    fn atomic_writes_leave_only_the_final_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/doc.json");
        write_atomic(&path, b"{}\n").unwrap();
        write_atomic(&path, b"[]\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"[]\n");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["doc.json"]);
    }

    #[test]
    fn a_folder_that_cannot_be_created_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(prepare_out_dir(&file.join("sub")).is_err());
        assert!(write_atomic(&file.join("sub/doc.json"), b"{}").is_err());
        assert!(prepare_out_dir(&dir.path().join("ok/sub")).is_ok());
    }
}
