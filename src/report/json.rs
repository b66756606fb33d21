//! The JSON report: the serde serialization of [`Comparison`], pretty-printed.
//!
//! This is the contract for programs: `documents` (verdict, score, evidence, passage shares,
//! signals), `stories` (members and similarity matrix), `alignments` with `pairs`
//! (`a_start`, `a_end`, `b_start`, `b_end`, `class`, `similarity`, …), `quotes`, `entities` and
//! `skipped`. Fields may be added; none are renamed or removed without a major version.

use crate::compare::Comparison;

/// The comparison as pretty-printed JSON, ending in a newline.
pub fn json(c: &Comparison) -> String {
    // Serializing plain structs of strings and numbers to a String cannot fail (serde_json
    // writes non-finite floats as null); the fallback keeps the signature honest anyway.
    let mut s = serde_json::to_string_pretty(c)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    s.push('\n');
    s
}
