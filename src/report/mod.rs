//! Reports people read, rendered from a [`Comparison`].
//!
//! | format | function | for |
//! |---|---|---|
//! | text | [`text`] | the terminal: wrapped to a width, ANSI color only when asked |
//! | Markdown | [`markdown`] | pasting into an issue or a wiki |
//! | HTML | [`html`] | one self-contained file: no external fonts, scripts or styles |
//! | JSON | [`json`] | programs: the serde form of [`Comparison`], the stable contract |
//!
//! [`pair`] renders the passage-by-passage diff of two versions that `wiredrift diff` prints.
//!
//! Every format quotes the original text by the byte offsets the library hands out, read with
//! `str::get`, so a bad offset shows as an empty quote, never a panic. Every format names every
//! version by its path, and labels versions `[0]`, `[1]`, … by their index in
//! [`Comparison::documents`].

mod html;
mod json;
mod markdown;
mod pair;
mod term;
mod text;

pub use html::html;
pub use json::json;
pub use markdown::markdown;
pub use pair::{PairOptions, pair};
pub use text::text;

use crate::compare::{Comparison, PairReport};
use crate::judge::{EvidenceKind, PassageClass, PassagePair, Verdict};
use std::io::{self, Write};

/// Findings up to this many bytes (names, numbers) are quoted in their surrounding words rather
/// than alone.
pub const SHORT_FINDING: usize = 60;

/// Width used when the output is not a terminal.
pub const DEFAULT_WIDTH: usize = 100;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Html,
}

/// Knobs shared by the formats; each format ignores what it has no use for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Columns the text report wraps to.
    pub width: usize,
    /// ANSI colors in the text report; without, changes read `[-old-]{+new+}`.
    pub color: bool,
    /// Drifted passages shown, strongest first.
    pub max_passages: usize,
    /// Pieces of evidence shown per version.
    pub max_evidence: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: DEFAULT_WIDTH,
            color: false,
            max_passages: 10,
            max_evidence: 3,
        }
    }
}

/// Renders a comparison in one format.
pub fn render(c: &Comparison, format: Format, options: &Options) -> String {
    match format {
        Format::Text => text(c, options),
        Format::Json => json(c),
        Format::Markdown => markdown(c, options),
        Format::Html => html(c, options),
    }
}

/// Renders a comparison in one format to a writer.
pub fn write(
    c: &Comparison,
    format: Format,
    options: &Options,
    mut out: impl Write,
) -> io::Result<()> {
    out.write_all(render(c, format, options).as_bytes())?;
    out.flush()
}

/// The short label of document `i`: `[i]`.
pub fn label(i: usize) -> String {
    format!("[{i}]")
}

/// A drifted passage: an aligned pair classed garbled or paraphrase, which is the closest
/// counterpart of at least one of its sides.
#[derive(Debug, Clone, Copy)]
pub struct Drifted<'c> {
    pub alignment: &'c PairReport,
    pub pair: &'c PassagePair,
    /// How strongly it drifted: alignment confidence × share of words changed.
    pub strength: f64,
}

impl Drifted<'_> {
    /// The quoted text of side A and side B.
    pub fn texts<'t>(&self, c: &'t Comparison) -> (&'t str, &'t str) {
        (
            quote(
                c,
                self.alignment.a_index,
                self.pair.a_start,
                self.pair.a_end,
            ),
            quote(
                c,
                self.alignment.b_index,
                self.pair.b_start,
                self.pair.b_end,
            ),
        )
    }
}

/// Passages longer than this (both sides, in bytes) are listed after shorter ones: a wall of
/// changed text tells a reader less than a sentence does.
pub const LONG_PASSAGE: usize = 3000;

/// The drifted passages of a comparison, strongest first: garbled before paraphrase, then those
/// of the worst-judged versions (garbled, then paraphrased, …), readable lengths before walls of
/// text, then by strength. A passage is listed only against its closest counterpart (the sibling pair with the
/// highest similarity for its units), so one sentence is not listed once per sibling.
pub fn drifted_passages(c: &Comparison) -> Vec<Drifted<'_>> {
    // best[doc][unit]: the highest similarity any pair gives that unit.
    let mut best: Vec<Vec<f64>> = vec![Vec::new(); c.documents.len()];
    let mut note = |doc: usize, units: &std::ops::Range<usize>, sim: f64| {
        if let Some(row) = best.get_mut(doc) {
            if row.len() < units.end {
                row.resize(units.end, f64::NEG_INFINITY);
            }
            for u in units.clone() {
                if sim > row[u] {
                    row[u] = sim;
                }
            }
        }
    };
    for al in &c.alignments {
        for p in al.pairs.iter().filter(|p| p.class != PassageClass::Unique) {
            note(al.a_index, &p.a_units, p.similarity);
            note(al.b_index, &p.b_units, p.similarity);
        }
    }
    let closest = |doc: usize, units: &std::ops::Range<usize>, sim: f64| -> bool {
        !units.is_empty()
            && units.clone().all(|u| {
                best.get(doc)
                    .and_then(|r| r.get(u))
                    .is_none_or(|&b| sim >= b)
            })
    };
    let mut out: Vec<Drifted> = Vec::new();
    for al in &c.alignments {
        for p in &al.pairs {
            if !matches!(
                p.class,
                PassageClass::Garbled | PassageClass::Mistranslated | PassageClass::Paraphrase
            ) {
                continue;
            }
            if !(closest(al.a_index, &p.a_units, p.similarity)
                || closest(al.b_index, &p.b_units, p.similarity))
            {
                continue;
            }
            out.push(Drifted {
                alignment: al,
                pair: p,
                strength: p.similarity.clamp(0.0, 1.0) * (1.0 - p.word_similarity.clamp(0.0, 1.0)),
            });
        }
    }
    let worst = |d: &Drifted| -> u8 {
        let rank = |i: usize| {
            c.documents
                .get(i)
                .map_or(u8::MAX, |d| verdict_rank(d.verdict))
        };
        rank(d.alignment.a_index).min(rank(d.alignment.b_index))
    };
    let long = |d: &Drifted| -> bool {
        let len = |s: Option<usize>, e: Option<usize>| match (s, e) {
            (Some(s), Some(e)) => e.saturating_sub(s),
            _ => 0,
        };
        len(d.pair.a_start, d.pair.a_end) + len(d.pair.b_start, d.pair.b_end) > LONG_PASSAGE
    };
    out.sort_by(|x, y| {
        (y.pair.class == PassageClass::Garbled)
            .cmp(&(x.pair.class == PassageClass::Garbled))
            .then(worst(x).cmp(&worst(y)))
            .then(long(x).cmp(&long(y)))
            .then(y.strength.total_cmp(&x.strength))
            .then(x.alignment.a_index.cmp(&y.alignment.a_index))
            .then(x.alignment.b_index.cmp(&y.alignment.b_index))
            .then(x.pair.a_start.cmp(&y.pair.a_start))
    });
    out
}

/// The text of document `doc` between two optional offsets; empty when either is missing or
/// does not fall on a character boundary.
pub fn quote(c: &Comparison, doc: usize, start: Option<usize>, end: Option<usize>) -> &str {
    match (start, end, c.sources.get(doc)) {
        (Some(s), Some(e), Some(d)) if s <= e => d.text.get(s..e).unwrap_or(""),
        _ => "",
    }
}

/// Where a short finding (a name, a number) stands: up to `chars` characters of its document on
/// each side of `start..end`, cut at line breaks and word boundaries, with an ellipsis where cut.
/// `None` when the span is empty or not on character boundaries.
pub fn context(
    c: &Comparison,
    doc: usize,
    start: usize,
    end: usize,
    chars: usize,
) -> Option<(String, &str, String)> {
    let text = c.sources.get(doc)?.text.as_str();
    let span = text.get(start..end).filter(|s| !s.trim().is_empty())?;
    let before = text.get(..start)?;
    let after = text.get(end..)?;
    let line_before = before.rsplit('\n').next().unwrap_or("");
    let line_after = after.split('\n').next().unwrap_or("");
    let left: String = {
        let tail: Vec<char> = line_before.chars().rev().take(chars).collect();
        let tail: String = tail.into_iter().rev().collect();
        if tail.len() < line_before.len() {
            match tail.find(' ') {
                Some(i) => format!("…{}", &tail[i..]),
                None => format!("…{tail}"),
            }
        } else {
            tail
        }
    };
    let right: String = {
        let head: String = line_after.chars().take(chars).collect();
        if head.len() < line_after.len() {
            match head.rfind(' ') {
                Some(i) => format!("{}…", &head[..i]),
                None => format!("{head}…"),
            }
        } else {
            head
        }
    };
    Some((left, span, right))
}

/// A byte range for people: `120-245`, or `-` when a side is missing.
pub fn range(start: Option<usize>, end: Option<usize>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s}-{e}"),
        _ => "-".to_string(),
    }
}

/// Percent, rounded: `62%`.
pub fn percent(x: f64) -> String {
    if x.is_finite() {
        // `+ 0.0` turns a negative zero into "0%", not "-0%".
        format!("{:.0}%", (x * 100.0).round().clamp(-999.0, 999.0) + 0.0)
    } else {
        "-".to_string()
    }
}

/// What a kind of evidence is called in reports.
pub fn evidence_label(kind: EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::GarbledPassage => "garbled passage",
        EvidenceKind::ParaphrasedPassage => "paraphrased passage",
        EvidenceKind::SharedPassage => "shared passage",
        EvidenceKind::AlteredQuote => "altered quote",
        EvidenceKind::NameCase => "name case",
        EvidenceKind::NameSpelling => "name spelling",
        EvidenceKind::NumberChanged => "number changed",
        EvidenceKind::RunTogether => "run-together words",
        EvidenceKind::NothingShared => "nothing shared",
        EvidenceKind::IdenticalCopy => "identical copy",
        EvidenceKind::ContradictedFact => "contradicted fact",
        EvidenceKind::MistranslatedPassage => "mistranslated passage",
    }
}

/// Verdicts people should look at first, worst first.
pub fn verdict_rank(v: Verdict) -> u8 {
    match v {
        Verdict::Garbled => 0,
        Verdict::Mistranslated => 1,
        Verdict::Paraphrased => 2,
        Verdict::Edited => 3,
        Verdict::Faithful => 4,
        Verdict::Unrelated => 5,
    }
}

/// Cuts text to at most `max` characters at a word boundary, with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    let s = crate::diff::collapse(s);
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

/// Passage counts of an alignment by class.
pub fn class_counts(al: &PairReport) -> Vec<(PassageClass, usize)> {
    CLASSES
        .iter()
        .map(|&k| (k, al.pairs.iter().filter(|p| p.class == k).count()))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// Every passage class, in the order reports list them.
pub const CLASSES: [PassageClass; 6] = [
    PassageClass::Verbatim,
    PassageClass::Edited,
    PassageClass::Paraphrase,
    PassageClass::Garbled,
    PassageClass::Mistranslated,
    PassageClass::Unique,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_reads_well() {
        assert_eq!(percent(0.625), "63%");
        assert_eq!(percent(-0.0001), "0%");
        assert_eq!(percent(f64::NAN), "-");
        assert_eq!(range(Some(3), Some(9)), "3-9");
        assert_eq!(range(None, Some(9)), "-");
    }

    #[test]
    fn context_quotes_around_a_span() {
        let c = crate::compare::compare(
            vec![crate::load::Document {
                path: "a.txt".into(),
                text: "Title\nShe moved to canada in the spring of that long year.".into(),
                replaced: 0,
            }],
            Vec::new(),
            &crate::compare::CompareOptions::default(),
        );
        let at = c.text(0).find("canada").unwrap();
        let (l, s, r) = context(&c, 0, at, at + 6, 12).unwrap();
        assert_eq!((l.as_str(), s), ("… moved to ", "canada"));
        assert_eq!(r, " in the…");
        assert!(context(&c, 0, at, at, 12).is_none());
        assert!(context(&c, 0, 0, 999, 12).is_none());
    }

    #[test]
    fn clip_cuts_at_a_word() {
        assert_eq!(clip("one two three four", 12), "one two…");
        assert_eq!(clip("short", 12), "short");
        assert_eq!(clip("ééééééééé", 4), "éééé…");
    }
}
