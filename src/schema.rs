//! The JSON Schema (draft 2020-12) of the output document, printed by `readout schema`.
//! A test validates every fixture's output against it, so it cannot drift from `model.rs`.

/// The schema text.
pub const SCHEMA_JSON: &str = include_str!("schema.json");
