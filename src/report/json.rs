//! The JSON report: the serde serialization of [`Comparison`], pretty-printed.
//!
//! This is the contract for programs: `documents` (verdict, score, evidence, passage shares,
//! signals), `stories` (members and similarity matrix), `alignments` with `pairs`
//! (`a_start`, `a_end`, `b_start`, `b_end`, `class`, `similarity`, …), `quotes`, `entities` and
//! `skipped`. Fields may be added; none are renamed or removed without a major version.
//!
//! When some inputs were web pages, `pages` lists them: the `document` index, `path`, `title`,
//! `html_bytes` and the `article` text extracted from the page. Every offset given for such a
//! document points into its `article`, not into the HTML (see [`crate::page`]).

use crate::compare::Comparison;
use serde::Serialize;

/// The comparison as pretty-printed JSON, ending in a newline.
pub fn json(c: &Comparison) -> String {
    let report = WithPages {
        comparison: c,
        pages: pages(c),
    };
    // Serializing plain structs of strings and numbers to a String cannot fail (serde_json
    // writes non-finite floats as null); the fallback keeps the signature honest anyway.
    let mut s = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    s.push('\n');
    s
}

/// The comparison with its pages after it; without pages, exactly the comparison.
#[derive(Serialize)]
struct WithPages<'a> {
    #[serde(flatten)]
    comparison: &'a Comparison,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pages: Vec<PageText<'a>>,
}

/// A document that was a web page, with the article its offsets point into.
#[derive(Serialize)]
struct PageText<'a> {
    /// Index into `documents`.
    document: usize,
    path: &'a str,
    title: &'a str,
    html_bytes: usize,
    article: &'a str,
}

fn pages(c: &Comparison) -> Vec<PageText<'_>> {
    c.sources
        .iter()
        .enumerate()
        .filter_map(|(document, source)| {
            let page = source.page.as_ref()?;
            Some(PageText {
                document,
                path: &source.path,
                title: &page.title,
                html_bytes: page.html_bytes,
                article: &source.text,
            })
        })
        .collect()
}
