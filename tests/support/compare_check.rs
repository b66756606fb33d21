//! Checks shared by the compare fuzz targets (`fuzz/fuzz_targets/compare.rs`, `render.rs`), the
//! regression tests that replay their crash inputs, and the compare properties: run `compare` and
//! every renderer on a pile, and check that every offset a report hands out slices the right
//! document on character boundaries.
//!
//! Included with `#[path]`, so not every user calls every function.
#![allow(dead_code)]

use wiredrift::compare::{CompareOptions, Comparison, compare};
use wiredrift::diff::{Style, Tag, View, WordDiff};
use wiredrift::judge::EvidenceKind;
use wiredrift::load::Document;
use wiredrift::report::{self, Format, Options, PairOptions};

/// Splits fuzz bytes into 2 to 4 documents on the record separator byte (0x1E); invalid UTF-8
/// becomes U+FFFD, as with `--lossy`.
pub fn split_documents(data: &[u8]) -> Vec<Document> {
    let mut parts: Vec<&[u8]> = data.splitn(4, |&b| b == 0x1E).collect();
    while parts.len() < 2 {
        parts.push(b"");
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| Document {
            path: format!("doc{i}.txt"),
            text: String::from_utf8_lossy(p).into_owned(),
            replaced: 0,
            page: None,
        })
        .collect()
}

fn slices(text: &str, start: usize, end: usize, what: &str) -> String {
    assert!(start <= end, "{what}: reversed span {start}..{end}");
    assert!(
        end <= text.len(),
        "{what}: span {start}..{end} runs past the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
    text[start..end].to_string()
}

fn opt_slices(text: &str, start: Option<usize>, end: Option<usize>, what: &str) {
    match (start, end) {
        (Some(s), Some(e)) => {
            slices(text, s, e, what);
        }
        (None, None) => {}
        _ => panic!("{what}: one side of a span is missing: {start:?}..{end:?}"),
    }
}

/// Every offset in the JSON-facing structures slices its own document's text, and every quoted
/// `text` field is that slice.
pub fn check_offsets(c: &Comparison) {
    let n = c.documents.len();
    assert_eq!(c.sources.len(), n, "one source per document");
    for (i, d) in c.documents.iter().enumerate() {
        assert_eq!(
            d.path, c.sources[i].path,
            "documents and sources in one order"
        );
        let text = c.text(i);
        for e in &d.evidence {
            let s = slices(text, e.start, e.end, "evidence");
            // A copy's evidence spans the whole document and, as the README says, does not
            // repeat it.
            if !matches!(e.kind, EvidenceKind::IdenticalCopy | EvidenceKind::NearCopy) {
                assert_eq!(s, e.text, "evidence text is its span");
            } else {
                assert!(e.text.is_empty() && e.start == 0 && e.end == text.len());
            }
            if let Some(cp) = &e.counterpart {
                assert!(cp.document < n, "counterpart names a document");
                assert_eq!(cp.path, c.documents[cp.document].path);
                let s = slices(
                    c.text(cp.document),
                    cp.start,
                    cp.end,
                    "evidence counterpart",
                );
                assert_eq!(s, cp.text, "counterpart text is its span");
            }
        }
        assert!(d.score.is_finite(), "score of {i} is {}", d.score);
    }
    for al in &c.alignments {
        assert!(al.a_index < n && al.b_index < n && al.a_index != al.b_index);
        assert_eq!(al.a, c.documents[al.a_index].path);
        assert_eq!(al.b, c.documents[al.b_index].path);
        for p in &al.pairs {
            opt_slices(c.text(al.a_index), p.a_start, p.a_end, "pair side a");
            opt_slices(c.text(al.b_index), p.b_start, p.b_end, "pair side b");
            assert!(
                p.a_start.is_some() || p.b_start.is_some(),
                "pair with no side"
            );
        }
    }
    for q in &c.quotes {
        assert!(q.document < n);
        assert_eq!(q.path, c.documents[q.document].path);
        assert_eq!(slices(c.text(q.document), q.start, q.end, "quote"), q.text);
        if let Some(cp) = &q.counterpart {
            assert!(cp.document < n);
            assert_eq!(
                slices(c.text(cp.document), cp.start, cp.end, "quote counterpart"),
                cp.text
            );
        }
    }
    for e in &c.entities {
        assert!(e.document < n);
        assert_eq!(e.path, c.documents[e.document].path);
        assert_eq!(slices(c.text(e.document), e.start, e.end, "entity"), e.text);
    }
    let mut members: Vec<usize> = c.stories.iter().flat_map(|s| s.members.clone()).collect();
    members.sort_unstable();
    assert_eq!(
        members,
        (0..n).collect::<Vec<_>>(),
        "every document in one story"
    );
}

/// Every renderer, on one comparison; the JSON parses and names every document.
pub fn render_all(c: &Comparison) {
    for format in [Format::Text, Format::Markdown, Format::Html, Format::Json] {
        for color in [false, true] {
            let options = Options {
                color,
                width: if color { 40 } else { 100 },
                ..Options::default()
            };
            let out = report::render(c, format, &options);
            if format == Format::Json {
                let v: serde_json::Value = serde_json::from_str(&out).expect("JSON parses");
                assert_eq!(
                    v["documents"].as_array().map(Vec::len),
                    Some(c.documents.len())
                );
                break;
            }
        }
    }
    let n = c.documents.len();
    for a in 0..n.min(3) {
        for b in 0..n.min(3) {
            if a == b {
                continue;
            }
            for (all, side_by_side) in [(false, false), (true, true)] {
                let options = PairOptions {
                    all,
                    side_by_side,
                    color: side_by_side,
                    ..PairOptions::default()
                };
                report::pair(c, a, b, &options);
            }
        }
    }
}

/// `compare` with default options and as one story, checked and rendered.
pub fn compare_checked(docs: Vec<Document>, render: bool) -> [Comparison; 2] {
    [false, true].map(|single_story| {
        let options = CompareOptions {
            single_story,
            ..CompareOptions::default()
        };
        let c = compare(docs.clone(), Vec::new(), &options);
        assert_eq!(c.documents.len(), docs.len(), "every document reported");
        check_offsets(&c);
        if render {
            render_all(&c);
        }
        c
    })
}

/// A word diff of two strings: each run quotes its side at its offsets, and every view renders.
pub fn word_diff(old: &str, new: &str) {
    let d = WordDiff::new(old, new);
    for run in d.runs() {
        let side = match run.tag {
            Tag::Insert => new,
            Tag::Equal | Tag::Delete => old,
        };
        assert_eq!(slices(side, run.start, run.end, "diff run"), run.text);
    }
    for view in [View::Old, View::New, View::Both] {
        for style in [Style::Plain, Style::Ansi, Style::Html, Style::Markdown] {
            d.render(view, style);
        }
    }
    assert!(d.ratio().is_finite());
}
