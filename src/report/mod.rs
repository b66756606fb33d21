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
//! `str::get`, so a bad offset shows as an empty quote, never a panic. People are shown
//! `line:column` positions ([`Positions`]); only JSON carries byte offsets. Every format names every
//! version by its path, and labels versions `[0]`, `[1]`, … by their index in
//! [`Comparison::documents`].

mod html;
mod json;
pub mod jsonl;
mod markdown;
mod pair;
mod position;
mod term;
mod text;

pub use html::html;
pub use json::json;
pub use markdown::markdown;
pub use pair::{PairOptions, pair};
pub use position::{LineIndex, Position};
pub use text::text;

use crate::compare::{Comparison, PairReport};
use crate::judge::{Evidence, EvidenceKind, PassageClass, PassagePair, Verdict};
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

/// A drifted passage: an aligned pair classed garbled or paraphrase, oriented so that the
/// version that drifted is always the changed side, shown against its most faithful close
/// counterpart.
#[derive(Debug, Clone, Copy)]
pub struct Drifted<'c> {
    pub alignment: &'c PairReport,
    pub pair: &'c PassagePair,
    /// How strongly it drifted: alignment confidence × share of words changed.
    pub strength: f64,
    /// The document that drifted here.
    pub version: usize,
    /// The document it is shown against.
    pub counterpart: usize,
}

impl Drifted<'_> {
    /// Whether the drifted version is side A of the alignment.
    fn drifted_is_a(&self) -> bool {
        self.version == self.alignment.a_index
    }

    /// The byte span of the drifted version's side.
    pub fn version_span(&self) -> (Option<usize>, Option<usize>) {
        if self.drifted_is_a() {
            (self.pair.a_start, self.pair.a_end)
        } else {
            (self.pair.b_start, self.pair.b_end)
        }
    }

    /// The byte span of the counterpart's side.
    pub fn counterpart_span(&self) -> (Option<usize>, Option<usize>) {
        if self.drifted_is_a() {
            (self.pair.b_start, self.pair.b_end)
        } else {
            (self.pair.a_start, self.pair.a_end)
        }
    }

    /// The quoted text of the counterpart (the old side of a diff) and of the drifted version
    /// (the new side).
    pub fn texts<'t>(&self, c: &'t Comparison) -> (&'t str, &'t str) {
        let (cs, ce) = self.counterpart_span();
        let (vs, ve) = self.version_span();
        (
            quote(c, self.counterpart, cs, ce),
            quote(c, self.version, vs, ve),
        )
    }
}

/// Passages longer than this (both sides, in bytes) are listed after shorter ones: a wall of
/// changed text tells a reader less than a sentence does.
pub const LONG_PASSAGE: usize = 3000;

/// How far a verdict is from drift, the reverse of [`verdict_rank`] among related versions:
/// faithful 4, edited 3, paraphrased 2, garbled 1; unrelated 0.
fn faithfulness(v: Verdict) -> u8 {
    match v {
        Verdict::Faithful => 4,
        Verdict::Edited => 3,
        Verdict::Paraphrased => 2,
        Verdict::Mistranslated | Verdict::Garbled => 1,
        Verdict::Unrelated => 0,
    }
}

/// Which side of a drifted pair drifted: the disfluent side of a garbled pair, else the side of
/// the worse-judged version, else the less fluent version; `true` for side A.
fn drifted_side(c: &Comparison, al: &PairReport, p: &PassagePair) -> bool {
    if p.class == PassageClass::Garbled {
        if let Some(side) = p.garbled_side {
            return side == 0;
        }
    }
    let doc = |i: usize| c.documents.get(i);
    let key = |i: usize| doc(i).map(|d| (faithfulness(d.verdict), d.fluency));
    match (key(al.a_index), key(al.b_index)) {
        (Some((fa, la)), Some((fb, lb))) => fa < fb || (fa == fb && la < lb),
        _ => false,
    }
}

/// The drifted passages of a comparison, strongest first: garbled before paraphrase, then those
/// of the worst-judged versions (garbled, then paraphrased, …), readable lengths before walls of
/// text, then by strength.
///
/// Each passage of a drifted version is listed once, against one counterpart: among the
/// versions judged more faithful than it, the closest (the highest similarity for its units);
/// only when no more faithful version has the passage, the closest of any. The drifted version
/// is always the changed (new) side, so `{+…+}` words are always what it wrote.
pub fn drifted_passages(c: &Comparison) -> Vec<Drifted<'_>> {
    let faith = |i: usize| c.documents.get(i).map_or(0, |d| faithfulness(d.verdict));
    // How good a counterpart `other` is for a passage of `doc`: more faithful first, then closer.
    let merit = |doc: usize, other: usize, sim: f64| (faith(other) > faith(doc), sim);
    // best[doc][unit]: the best merit any aligned pair gives that unit.
    let mut best: Vec<Vec<(bool, f64)>> = vec![Vec::new(); c.documents.len()];
    let mut note = |doc: usize, units: &std::ops::Range<usize>, m: (bool, f64)| {
        if let Some(row) = best.get_mut(doc) {
            if row.len() < units.end {
                row.resize(units.end, (false, f64::NEG_INFINITY));
            }
            for u in units.clone() {
                if m.partial_cmp(&row[u]).is_some_and(|o| o.is_gt()) {
                    row[u] = m;
                }
            }
        }
    };
    for al in &c.alignments {
        for p in al.pairs.iter().filter(|p| p.class != PassageClass::Unique) {
            note(
                al.a_index,
                &p.a_units,
                merit(al.a_index, al.b_index, p.similarity),
            );
            note(
                al.b_index,
                &p.b_units,
                merit(al.b_index, al.a_index, p.similarity),
            );
        }
    }
    let is_best = |doc: usize, units: &std::ops::Range<usize>, m: (bool, f64)| -> bool {
        !units.is_empty()
            && units.clone().all(|u| {
                best.get(doc)
                    .and_then(|r| r.get(u))
                    .is_none_or(|b| m.partial_cmp(b).is_some_and(|o| o.is_ge()))
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
            let (version, counterpart, units) = if drifted_side(c, al, p) {
                (al.a_index, al.b_index, &p.a_units)
            } else {
                (al.b_index, al.a_index, &p.b_units)
            };
            if !is_best(version, units, merit(version, counterpart, p.similarity)) {
                continue;
            }
            out.push(Drifted {
                alignment: al,
                pair: p,
                strength: p.similarity.clamp(0.0, 1.0) * (1.0 - p.word_similarity.clamp(0.0, 1.0)),
                version,
                counterpart,
            });
        }
    }
    let rank = |i: usize| {
        c.documents
            .get(i)
            .map_or(u8::MAX, |d| verdict_rank(d.verdict))
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
            .then(rank(x.version).cmp(&rank(y.version)))
            .then(long(x).cmp(&long(y)))
            .then(y.strength.total_cmp(&x.strength))
            .then(x.version.cmp(&y.version))
            .then(x.counterpart.cmp(&y.counterpart))
            .then(x.version_span().0.cmp(&y.version_span().0))
    });
    out
}

/// A version's evidence in the order reports show it: the order the judge gave (what speaks for
/// the verdict, strongest first), except that a shared passage whose words did not change at all
/// goes after every piece that shows a change. An `edited` version's story is its edits, not the
/// sentences it kept.
pub fn evidence_in_order(c: &Comparison, doc: usize) -> Vec<&Evidence> {
    let Some(d) = c.documents.get(doc) else {
        return Vec::new();
    };
    let unchanged = |e: &Evidence| {
        e.kind == EvidenceKind::SharedPassage
            && e.counterpart.as_ref().is_some_and(|cp| {
                !cp.text.is_empty() && crate::diff::WordDiff::new(&cp.text, &e.text).is_unchanged()
            })
    };
    let mut out: Vec<&Evidence> = d.evidence.iter().collect();
    // A stable sort: within each group the judge's order stands.
    out.sort_by_key(|e| unchanged(e));
    out
}

/// A short finding in its line: the words before it, the finding, the words after.
pub type InContext<'c> = (String, &'c str, String);

/// How a report quotes one piece of evidence.
pub enum Quoted<'c> {
    /// Two passages or two quotes, as a word diff from the counterpart's side to this version's.
    Diff { old: &'c str, new: &'c str },
    /// A contradicted name, number or date: each side's words in their own line. A word diff of
    /// "Shanshan" against "Sugo Corporation" says nothing the detail does not, while the two lines
    /// show that both sentences say the same thing but for these words.
    Facts {
        mine: Option<InContext<'c>>,
        /// The counterpart's document, where its words start, and them in their line.
        theirs: Option<(usize, usize, InContext<'c>)>,
    },
    /// A short finding with no counterpart words (a name respelled, a number), in its line.
    InLine(InContext<'c>),
    /// Anything else, as it stands.
    Plain(&'c str),
}

/// Decides how evidence `e` of document `doc` is quoted, with up to `chars` characters of its
/// line either side of a short finding; `None` when it has no words to quote. Every report
/// format quotes the same way.
pub fn quoted<'c>(
    c: &'c Comparison,
    doc: usize,
    e: &'c Evidence,
    chars: usize,
) -> Option<Quoted<'c>> {
    let short = e.text.len() <= SHORT_FINDING;
    let quoted = match &e.counterpart {
        Some(cp) if e.kind == EvidenceKind::ContradictedFact && short => Quoted::Facts {
            mine: context(c, doc, e.start, e.end, chars),
            theirs: context(c, cp.document, cp.start, cp.end, chars)
                .map(|words| (cp.document, cp.start, words)),
        },
        Some(cp) if !cp.text.is_empty() && !e.text.is_empty() => Quoted::Diff {
            old: &cp.text,
            new: &e.text,
        },
        _ => match context(c, doc, e.start, e.end, chars) {
            Some(words) if short => Quoted::InLine(words),
            _ if e.text.trim().is_empty() => return None,
            _ => Quoted::Plain(&e.text),
        },
    };
    Some(quoted)
}

/// What an evidence line is headed with: its kind, and where it stands in the version
/// (`name spelling at 12:45`) when it points at a passage.
pub fn evidence_heading(e: &Evidence, doc: usize, positions: &Positions) -> String {
    let label = evidence_label(e.kind);
    if e.end > e.start && e.kind != EvidenceKind::IdenticalCopy {
        format!("{label} at {}", positions.at(doc, e.start))
    } else {
        label.to_string()
    }
}

/// Line indexes of every document of a comparison, built once per report, to show people
/// `line:column` where the library has byte offsets.
pub struct Positions<'c> {
    lines: Vec<LineIndex<'c>>,
}

impl<'c> Positions<'c> {
    pub fn new(c: &'c Comparison) -> Positions<'c> {
        Positions {
            lines: c.sources.iter().map(|d| LineIndex::new(&d.text)).collect(),
        }
    }

    /// `12:5-14:20` for a span of document `doc`; `-` when a side is missing.
    pub fn span(&self, doc: usize, start: Option<usize>, end: Option<usize>) -> String {
        match (start, end, self.lines.get(doc)) {
            (Some(s), Some(e), Some(ix)) => ix.span(s, e),
            _ => "-".to_string(),
        }
    }

    /// `12:5` for a byte offset of document `doc`.
    pub fn at(&self, doc: usize, offset: usize) -> String {
        self.lines
            .get(doc)
            .map_or_else(|| "-".to_string(), |ix| ix.position(offset).to_string())
    }
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
        EvidenceKind::NearCopy => "near-copy",
        EvidenceKind::RestatedCopy => "restated copy",
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
                page: None,
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
