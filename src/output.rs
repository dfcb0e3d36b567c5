//! Writing documents: pretty JSON or JSON Lines into a buffered writer.

use std::io::Write;

use readout::Document;

use crate::cli::Format;

/// Writes one document in `format`, followed by a newline.
pub fn write_document(out: &mut impl Write, doc: &Document, format: Format) -> std::io::Result<()> {
    match format {
        Format::Json => serde_json::to_writer_pretty(&mut *out, doc)?,
        Format::Jsonl => serde_json::to_writer(&mut *out, doc)?,
    }
    out.write_all(b"\n")
}
