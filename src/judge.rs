//! Judging drift: a class for every aligned passage, fidelity checks on quotes, names and numbers,
//! and a verdict for every version with the evidence that decided it.
//!
//! The line between a fluent rewrite and a garbled one is fluency, not word overlap: two human
//! translations of one story share few words and are both fluent, while a machine round trip
//! keeps many words and breaks the grammar. So the judge combines
//! - lexical closeness of each aligned pair (word-level longest common subsequence), which tells
//!   verbatim and lightly edited copies from rewordings;
//! - sentence fluency under an English model ([`crate::fluency`]), absolute and against the
//!   aligned sibling, which tells a paraphrase from a garbled passage;
//! - consensus across versions on names, acronyms and numbers: honest versions keep "Musk",
//!   "DOGE" and "Kamens"; a round trip lowercases, respells or translates them;
//! - quotes: a direct quote should survive every honest version word for word.

use crate::align::{self, Link, Profile};
use crate::meaning::{self, FactKind, Facts};
use crate::segment::{Segmented, Shape, Span};
use crate::witness::Witnesses;
use ahash::{AHashMap, AHashSet};
use serde::Serialize;

/// What happened to one passage between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageClass {
    /// The same words.
    Verbatim,
    /// A few words changed.
    Edited,
    /// Fluently reworded.
    Paraphrase,
    /// Disfluent or corrupted on at least one side.
    Garbled,
    /// Fluent, but one side states other facts (names, numbers, dates, roles, a negation) than
    /// the other versions: see [`crate::meaning`].
    Mistranslated,
    /// Present in one version only.
    Unique,
}

impl PassageClass {
    pub fn as_str(self) -> &'static str {
        match self {
            PassageClass::Verbatim => "verbatim",
            PassageClass::Edited => "edited",
            PassageClass::Paraphrase => "paraphrase",
            PassageClass::Garbled => "garbled",
            PassageClass::Mistranslated => "mistranslated",
            PassageClass::Unique => "unique",
        }
    }
}

/// The judgement on one version as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A verbatim or lightly edited copy of what the other versions share.
    Faithful,
    /// Substantially edited, still recognisably the same text.
    Edited,
    /// A fluent rewrite.
    Paraphrased,
    /// Likely machine-translated or corrupted.
    Garbled,
    /// Fluent, but says something else: the other versions contradict its names, numbers,
    /// dates, roles or negations.
    Mistranslated,
    /// Not this story.
    Unrelated,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Faithful => "faithful",
            Verdict::Edited => "edited",
            Verdict::Paraphrased => "paraphrased",
            Verdict::Garbled => "garbled",
            Verdict::Mistranslated => "mistranslated",
            Verdict::Unrelated => "unrelated",
        }
    }
}

/// The kind of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A passage that reads as machine-translated or corrupted.
    GarbledPassage,
    /// A passage fluently reworded.
    ParaphrasedPassage,
    /// A passage copied word for word or nearly so.
    SharedPassage,
    /// A direct quote whose words differ from its counterpart.
    AlteredQuote,
    /// A name or acronym written in a case no other version uses ("musk", "Doge").
    NameCase,
    /// A name spelled differently from its aligned counterpart ("Camens" for "Kamens"), or
    /// turned into an ordinary word ("triumph" for "Trump").
    NameSpelling,
    /// A number that differs from the counterpart passage.
    NumberChanged,
    /// Words run together at a missing space.
    RunTogether,
    /// Next to nothing is shared with the other versions.
    NothingShared,
    /// Byte for byte the same text as another input; it shares that input's verdict.
    IdenticalCopy,
    /// The same text as another input give or take boilerplate lines and a paragraph (see
    /// [`crate::edition`]); it shares that input's verdict.
    NearCopy,
    /// A near-copy of another input that states one of its facts otherwise (see
    /// [`crate::edition`]); it is judged on its own.
    RestatedCopy,
    /// A name, number, date, role or negation the other versions contradict by a weighted
    /// majority ("says Liu Shaoqi where the other versions say Xia Liyan").
    ContradictedFact,
    /// A fluent passage whose meaning drifts from the other versions.
    MistranslatedPassage,
}

/// Where a finding's counterpart is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterpart {
    pub path: String,
    #[serde(skip)]
    pub document: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One reason behind a verdict, quoting the original text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// How strongly this speaks for the verdict, in [0, 1].
    pub strength: f64,
    /// One sentence for people.
    pub detail: String,
    pub start: usize,
    pub end: usize,
    /// The version's own text at `start..end`.
    pub text: String,
    pub counterpart: Option<Counterpart>,
}

/// The status of one direct quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteStatus {
    /// Word for word (or a verbatim excerpt) in some other version.
    Intact,
    /// Its counterpart says it in other words. Where three or more versions carry the quote,
    /// the counterpart is the wording most likely to be the original (see [`check_quotes`]).
    Altered,
    /// Other versions word it differently, but this wording is the likely original: of the
    /// three or more versions that carry the quote, it is the one closest to all the others.
    Original,
    /// No other version has it.
    Unmatched,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteFinding {
    pub path: String,
    #[serde(skip)]
    pub document: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub status: QuoteStatus,
    /// Word-level similarity to the counterpart (for an intact or unmatched quote, to the
    /// closest quote elsewhere).
    pub similarity: f64,
    /// For an altered quote, the wording it altered (the likely original); for an original,
    /// the closest rewording of it.
    pub counterpart: Option<Counterpart>,
}

/// How a name or number drifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityDrift {
    Case,
    Spelling,
    Number,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityFinding {
    pub path: String,
    #[serde(skip)]
    pub document: usize,
    pub start: usize,
    pub end: usize,
    /// What this version printed (empty for a missing name).
    pub text: String,
    /// What the other versions print.
    pub expected: String,
    pub drift: EntityDrift,
    /// How many other versions print `expected`.
    pub support: usize,
}

/// Passage counts by class, weighted by words, against the closest sibling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ClassShares {
    pub verbatim: f64,
    pub edited: f64,
    pub paraphrase: f64,
    pub garbled: f64,
    pub mistranslated: f64,
    pub unique: f64,
}

/// Thresholds of the judge, in one place so that they can be documented and measured.
pub mod thresholds {
    /// Word-level similarity at or above which an aligned pair is `edited` rather than reworded.
    pub const EDITED_RATIO: f64 = 0.8;
    /// Share of the shorter side's words found in order in the longer side at which a pair is
    /// an excerpt with words added or cut around it, so `edited`, not reworded.
    pub const EXCERPT_CONTAINMENT: f64 = 0.85;
    /// Shortest side, in words, for which containment alone makes a pair `edited`.
    pub const EXCERPT_MIN_WORDS: usize = 6;
    /// Word-level similarity for a quote to count as intact despite small differences.
    pub const INTACT_QUOTE: f64 = 0.9;
    /// Word-level similarity below which two quotes are not counterparts.
    pub const QUOTE_COUNTERPART: f64 = 0.3;
    /// Share of a version's words that must align with a sibling for it to be this story.
    pub const RELATED_COVERAGE: f64 = 0.08;
    /// Garbled score at or above which a version is `garbled`.
    pub const GARBLED_VERDICT: f64 = 0.5;
    /// Share of a version's words that must align with other versions for it to be called
    /// `garbled`: below it, the version is mostly its own article (see `GarbleEvidence`).
    pub const GARBLED_MIN_ALIGNED: f64 = 0.5;
    /// Passage similarity below which two aligned passages are too loosely paired for a figure
    /// of one to be the other's changed figure (`number_changed`). Lower than the meaning
    /// stage's bar for a contradicted fact (0.35), as this evidence only shows a difference and
    /// takes no vote.
    pub const FIGURE_COUNTERPART: f64 = 0.3;
}

/// Longest-common-subsequence similarity of two word sequences: 2·LCS / (|a| + |b|). Long inputs
/// fall back to bag-of-words overlap so that cost stays bounded.
pub fn word_similarity<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let lcs = if a.len().saturating_mul(b.len()) <= 160_000 {
        lcs_len(a, b)
    } else {
        bag_overlap(a, b)
    };
    2.0 * lcs as f64 / (a.len() + b.len()) as f64
}

/// Share of the shorter sequence's words found, in order, in the longer one. Zero when the
/// shorter one is too short for containment to mean anything.
pub fn word_containment<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> f64 {
    let shorter = a.len().min(b.len());
    if shorter < thresholds::EXCERPT_MIN_WORDS {
        return 0.0;
    }
    let common = if a.len().saturating_mul(b.len()) <= 160_000 {
        lcs_len(a, b)
    } else {
        bag_overlap(a, b)
    };
    common as f64 / shorter as f64
}

fn lcs_len<T: Eq>(a: &[T], b: &[T]) -> usize {
    lcs_by(a, b, |x, y| x == y)
}

/// British and American spellings ("legitimise", "legitimize") and one-letter typos are the
/// same word for a quote: one substituted letter in a word of six or more.
fn same_word_spelled_apart(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.len() != b.len() || a.len() < 6 {
        return false;
    }
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

fn lcs_by<T>(a: &[T], b: &[T], same: impl Fn(&T, &T) -> bool) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if same(x, y) {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn bag_overlap<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> usize {
    let mut counts: AHashMap<&T, i64> = AHashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    b.iter()
        .filter(|w| {
            counts.get_mut(*w).is_some_and(|c| {
                *c -= 1;
                *c >= 0
            })
        })
        .count()
}

/// Whether `needle` occurs as a contiguous run inside `hay`.
fn contains_run(hay: &[&str], needle: &[&str]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A document's words with the positions of each, to find a run of words in it quickly.
struct WordIndex<'a> {
    words: Vec<&'a str>,
    positions: AHashMap<&'a str, Vec<u32>>,
}

impl<'a> WordIndex<'a> {
    fn new(words: Vec<&'a str>) -> WordIndex<'a> {
        let mut positions: AHashMap<&str, Vec<u32>> = AHashMap::new();
        for (i, w) in words.iter().enumerate() {
            positions.entry(w).or_default().push(i as u32);
        }
        WordIndex { words, positions }
    }

    /// Whether `needle` occurs as a contiguous run, starting the search at the needle's rarest
    /// word.
    fn contains_run(&self, needle: &[&str]) -> bool {
        let Some((offset, starts)) = needle
            .iter()
            .enumerate()
            .map(|(k, w)| (k, self.positions.get(w)))
            .min_by_key(|(_, p)| p.map_or(0, |p| p.len()))
        else {
            return false;
        };
        let Some(starts) = starts else { return false };
        starts.iter().any(|&p| {
            let p = p as usize;
            p >= offset
                && self
                    .words
                    .get(p - offset..p - offset + needle.len())
                    .is_some_and(|w| w == needle)
        })
    }
}

/// A document as the judge sees it.
pub struct Version<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub seg: &'a Segmented,
    pub profile: &'a Profile,
    /// Fluency of each alignment unit (higher is more fluent).
    pub fluency: &'a [f64],
    /// Fluency of the document's body text.
    pub document_fluency: f64,
    /// [`crate::fluency::DocumentFluency::tail`] of the body text: how deep its worst breaks go.
    pub fluency_tail: f64,
    /// How common its words are ([`crate::fluency::FluencyModel::vocabulary`]).
    pub vocabulary: crate::fluency::Vocabulary,
    /// From [`positional_capitals`].
    pub positional: &'a [bool],
}

impl Version<'_> {
    /// Hashes of the word keys of some units: comparing `u64`s keeps the many LCS runs cheap.
    fn key_hashes(&self, units: std::ops::Range<usize>) -> Vec<u64> {
        units
            .flat_map(|u| self.profile.unit_keys(self.seg, u))
            .map(|k| xxhash_rust::xxh3::xxh3_64(k.as_bytes()))
            .collect()
    }

    fn span(&self, units: std::ops::Range<usize>) -> Span {
        if units.is_empty() {
            let at = self
                .profile
                .units
                .get(units.start)
                .map(|u| u.span.start)
                .unwrap_or(self.text.len());
            return Span::new(at, at);
        }
        self.profile.units[units.start]
            .span
            .cover(self.profile.units[units.end - 1].span)
    }

    fn quote(&self, span: Span) -> String {
        self.text.get(span.range()).unwrap_or("").to_string()
    }

    /// Token-weighted mean fluency of some units.
    pub fn fluency_of(&self, units: std::ops::Range<usize>) -> f64 {
        let (mut sum, mut weight) = (0.0, 0.0);
        for u in units {
            let w = self.profile.units[u].words.len() as f64;
            sum += self.fluency[u] * w;
            weight += w;
        }
        if weight > 0.0 { sum / weight } else { 0.0 }
    }
}

/// One aligned passage pair, classified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassagePair {
    pub a_start: Option<usize>,
    pub a_end: Option<usize>,
    pub b_start: Option<usize>,
    pub b_end: Option<usize>,
    pub class: PassageClass,
    pub similarity: f64,
    /// Word-level similarity of the two sides.
    pub word_similarity: f64,
    pub moved: bool,
    /// Which units of each version the pair covers.
    #[serde(skip)]
    pub a_units: std::ops::Range<usize>,
    #[serde(skip)]
    pub b_units: std::ops::Range<usize>,
    /// Which side is the disfluent one, for garbled pairs: 0 = a, 1 = b.
    #[serde(skip)]
    pub garbled_side: Option<u8>,
    /// How likely the pair's meaning changed, in [0, 1] ([`crate::meaning::drift`]).
    pub drift: f64,
    /// Which side drifted from the other versions, for mistranslated pairs: 0 = a, 1 = b.
    #[serde(skip)]
    pub drifted_side: Option<u8>,
}

/// Which side of an aligned pair of versions one version is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl PassagePair {
    /// The units this pair covers on `side`, then on the other side.
    pub fn sides(&self, side: Side) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        match side {
            Side::A => (self.a_units.clone(), self.b_units.clone()),
            Side::B => (self.b_units.clone(), self.a_units.clone()),
        }
    }

    /// Whether `side` is the garbled side of a garbled pair.
    pub fn garbled_on(&self, side: Side) -> bool {
        self.class == PassageClass::Garbled
            && self.garbled_side == Some(if side == Side::A { 0 } else { 1 })
    }

    /// Whether `side` is the drifted side of a mistranslated pair.
    pub fn mistranslated_on(&self, side: Side) -> bool {
        self.class == PassageClass::Mistranslated
            && self.drifted_side == Some(if side == Side::A { 0 } else { 1 })
    }
}

/// The aligned pairs of versions that version `d` takes part in: the other version, the side `d`
/// is on, and the pair's passages.
pub fn pairs_with(
    d: usize,
    pairs: &[(usize, usize, Vec<PassagePair>)],
) -> impl Iterator<Item = (usize, Side, &[PassagePair])> {
    pairs.iter().filter_map(move |(a, b, links)| {
        if *a == d {
            Some((*b, Side::A, links.as_slice()))
        } else if *b == d {
            Some((*a, Side::B, links.as_slice()))
        } else {
            None
        }
    })
}

/// Classifies every link of an aligned pair of versions.
pub fn classify_links(a: &Version, b: &Version, links: &[Link]) -> Vec<PassagePair> {
    links
        .iter()
        .map(|link| {
            let sa = (!link.a.is_empty()).then(|| a.span(link.a.clone()));
            let sb = (!link.b.is_empty()).then(|| b.span(link.b.clone()));
            let mut pair = PassagePair {
                a_start: sa.map(|s| s.start),
                a_end: sa.map(|s| s.end),
                b_start: sb.map(|s| s.start),
                b_end: sb.map(|s| s.end),
                class: PassageClass::Unique,
                similarity: link.similarity as f64,
                word_similarity: 0.0,
                moved: link.moved,
                a_units: link.a.clone(),
                b_units: link.b.clone(),
                garbled_side: None,
                drift: 0.0,
                drifted_side: None,
            };
            if !link.is_match() {
                return pair;
            }
            let (ka, kb) = (a.key_hashes(link.a.clone()), b.key_hashes(link.b.clone()));
            let ratio = word_similarity(&ka, &kb);
            pair.word_similarity = ratio;
            pair.class = if ka == kb {
                PassageClass::Verbatim
            } else if ratio >= thresholds::EDITED_RATIO
                || word_containment(&ka, &kb) >= thresholds::EXCERPT_CONTAINMENT
            {
                PassageClass::Edited
            } else {
                // Reworded: whether it is a paraphrase or garbled is decided per version, by
                // the compare stage, from fluency and names.
                PassageClass::Paraphrase
            };
            pair
        })
        .collect()
}

/// Quote spans of a document: text between double quotes within one paragraph, at least three
/// words long. Returned as spans of the normalized text and of the original.
pub fn quotes(seg: &Segmented) -> Vec<(Span, std::ops::Range<usize>)> {
    let text = seg.normalized.as_str();
    let mut out = Vec::new();
    for paragraph in &seg.paragraphs {
        let Some(first) = seg.sentences.get(paragraph.sentences.start) else {
            continue;
        };
        let Some(last) = seg.sentences.get(paragraph.sentences.end.saturating_sub(1)) else {
            continue;
        };
        let range = first.normalized.start..last.normalized.end;
        let Some(par) = text.get(range.clone()) else {
            continue;
        };
        let marks: Vec<usize> = par
            .match_indices('"')
            .map(|(i, _)| range.start + i)
            .collect();
        for pair in marks.chunks_exact(2) {
            let (open, close) = (pair[0] + 1, pair[1]);
            // Words are in text order, so the quote's words are found by binary search.
            let first_word = seg.sentences[paragraph.sentences.start].words.start;
            let last_word = seg.sentences[paragraph.sentences.end - 1].words.end;
            let words_here = &seg.words[first_word..last_word];
            let from = words_here.partition_point(|w| w.normalized.start < open);
            let to = words_here.partition_point(|w| w.normalized.end <= close);
            if to < from + 3 {
                continue;
            }
            let words: Vec<usize> = (first_word + from..first_word + to).collect();
            let span = Span::new(
                seg.words[words[0]].span.start,
                seg.words[*words.last().expect("non-empty")].span.end,
            );
            out.push((span, words[0]..words[words.len() - 1] + 1));
        }
    }
    out
}

/// A quote's span, word keys, and sorted content-word hashes.
type QuoteWords<'a> = (Span, Vec<&'a str>, Vec<u64>);

/// Checks every quote of every version against the quotes of the other versions of its story.
///
/// A quote found word for word in another version is intact. Otherwise each other version's
/// closest wording is a witness; with two or more witnesses the wording closest to all the
/// others is taken as the likely original (see `likely_original`), so that an outlet that kept
/// the quote is not called its alterer because a paraphrase differs from it: the likely original
/// is [`QuoteStatus::Original`], and every other wording is altered against it.
///
/// Only the quotes of `judged` (some of `members`, ascending) are reported; the others are
/// read as witnesses.
pub fn check_quotes(
    versions: &[Version],
    members: &[usize],
    judged: &[usize],
) -> Vec<QuoteFinding> {
    let per_doc: Vec<Vec<QuoteWords>> = members
        .iter()
        .map(|&d| {
            let v = &versions[d];
            quotes(v.seg)
                .into_iter()
                .map(|(span, words)| {
                    let keys: Vec<&str> =
                        v.seg.words[words].iter().map(|w| w.key.as_str()).collect();
                    let mut content: Vec<u64> = keys
                        .iter()
                        .filter(|k| !align::is_function_word(k))
                        .map(|k| xxhash_rust::xxh3::xxh3_64(k.as_bytes()))
                        .collect();
                    content.sort_unstable();
                    content.dedup();
                    (span, keys, content)
                })
                .collect()
        })
        .collect();
    // Every version's full word sequence, to find a quote that another outlet printed without
    // quotation marks.
    let all_keys: Vec<WordIndex> = members
        .iter()
        .map(|&d| {
            WordIndex::new(
                versions[d]
                    .seg
                    .words
                    .iter()
                    .map(|w| w.key.as_str())
                    .collect(),
            )
        })
        .collect();
    let mut findings = Vec::new();
    for (mi, &d) in members.iter().enumerate() {
        if judged.binary_search(&d).is_err() {
            continue;
        }
        for (span, keys, content) in &per_doc[mi] {
            // The closest quote in each other version, or `None` when the quote is intact
            // somewhere.
            let mut closest: Vec<Witness> = Vec::new();
            let mut intact = false;
            for (mj, &e) in members.iter().enumerate() {
                if mj == mi {
                    continue;
                }
                if all_keys[mj].contains_run(keys) {
                    intact = true;
                    break;
                }
                let mut best: Option<Witness> = None;
                for (qi, (other_span, other, other_content)) in per_doc[mj].iter().enumerate() {
                    // Most pairs of quotes share no content word at all; skip them cheaply.
                    if !shares_content_words(content, other_content) {
                        continue;
                    }
                    if contains_run(other, keys) || contains_run(keys, other) {
                        intact = true;
                        break;
                    }
                    let score = quote_similarity(keys, other);
                    // Ties go to the earlier quote.
                    if best.as_ref().is_none_or(|b| score > b.score) {
                        best = Some(Witness {
                            score,
                            doc: e,
                            member: mj,
                            quote: qi,
                            span: *other_span,
                        });
                    }
                }
                if intact {
                    break;
                }
                closest.extend(best.filter(|b| b.score >= thresholds::QUOTE_COUNTERPART));
            }
            let v = &versions[d];
            let nearest = closest.iter().copied().reduce(|best, w| {
                // Ties go to the version whose path sorts first, so that the counterpart does
                // not depend on the order of the documents.
                if w.score > best.score
                    || (w.score == best.score && versions[w.doc].path < versions[best.doc].path)
                {
                    w
                } else {
                    best
                }
            });
            let similarity = if intact {
                1.0
            } else {
                nearest.map_or(0.0, |b| b.score)
            };
            let mut status = if intact || similarity >= thresholds::INTACT_QUOTE {
                QuoteStatus::Intact
            } else if similarity >= thresholds::QUOTE_COUNTERPART {
                QuoteStatus::Altered
            } else {
                QuoteStatus::Unmatched
            };
            let mut counterpart = nearest;
            let mut similarity = similarity;
            if status == QuoteStatus::Altered {
                let path = |doc: usize| versions[doc].path;
                match likely_original(&closest, &per_doc, path) {
                    None => status = QuoteStatus::Original,
                    Some(original) => {
                        // Reports say how far the quote is from the wording it altered.
                        similarity = original.score;
                        counterpart = Some(original);
                    }
                }
            }
            findings.push(QuoteFinding {
                path: v.path.to_string(),
                document: d,
                start: span.start,
                end: span.end,
                text: v.quote(*span),
                status,
                similarity,
                counterpart: match (status, counterpart) {
                    (QuoteStatus::Altered | QuoteStatus::Original, Some(w)) => Some(Counterpart {
                        path: versions[w.doc].path.to_string(),
                        document: w.doc,
                        start: w.span.start,
                        end: w.span.end,
                        text: versions[w.doc].quote(w.span),
                    }),
                    _ => None,
                },
            });
        }
    }
    findings
}

/// Another version's closest wording of a quote.
#[derive(Debug, Clone, Copy)]
struct Witness {
    /// Its similarity to the quote.
    score: f64,
    doc: usize,
    /// Its version's index among the story's members, and its index among that version's quotes.
    member: usize,
    quote: usize,
    span: Span,
}

/// Most witnesses weighed when telling which wording of a quote is the original; the nearest
/// are kept. Weighing is quadratic in their number.
const MAX_WITNESSES: usize = 12;

/// Which wording of a quote is most likely the original, when the quote (`keys`) and at least
/// two other versions' wordings of it (`witnesses`) disagree: the wording closest to all the
/// others, summed. Wordings that several versions share agree with each other fully, so a
/// majority wins; where all differ, the wording the others each stay closest to wins, since
/// versions reworded independently drift away from the source in different directions.
/// `None` when the quote itself is that wording; otherwise the witness that is. With a single
/// witness nothing tells the two apart, and that witness is returned.
fn likely_original<'p>(
    witnesses: &[Witness],
    per_doc: &[Vec<QuoteWords>],
    path: impl Fn(usize) -> &'p str,
) -> Option<Witness> {
    // Ties go to the version whose path sorts first, then its earlier quote, so that the answer
    // does not depend on the order of the documents.
    let order = |a: &Witness, b: &Witness| {
        path(a.doc)
            .cmp(path(b.doc))
            .then(a.span.start.cmp(&b.span.start))
    };
    let mut near: Vec<Witness> = witnesses.to_vec();
    near.sort_by(|a, b| b.score.total_cmp(&a.score).then(order(a, b)));
    near.truncate(MAX_WITNESSES);
    if near.len() < 2 {
        return near.first().copied();
    }
    let words = |w: &Witness| per_doc[w.member][w.quote].1.as_slice();
    // Closeness of the quote to everyone: its scores against each witness.
    let own: f64 = near.iter().map(|w| w.score).sum();
    let mut best: Option<(f64, Witness)> = None;
    for (i, w) in near.iter().enumerate() {
        let mut total = w.score;
        for (j, x) in near.iter().enumerate() {
            if i != j {
                total += quote_similarity(words(w), words(x));
            }
        }
        // `near` is in score-then-path order, so a tie keeps the earlier witness.
        if best.is_none_or(|(b, _)| total > b) {
            best = Some((total, *w));
        }
    }
    // The quote itself wins ties: it is not called altered on a coin toss.
    match best {
        Some((total, w)) if total > own + 1e-9 => Some(w),
        _ => None,
    }
}

/// Whether two quotes share enough content words (sorted hash sets) to be worth comparing.
fn shares_content_words(a: &[u64], b: &[u64]) -> bool {
    let need = a.len().min(b.len()).clamp(1, 3);
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                if common >= need {
                    return true;
                }
                i += 1;
                j += 1;
            }
        }
    }
    false
}

/// Similarity of two quotes on their content words, so that shared function words do not make
/// unrelated quotes look like counterparts. An excerpt of a longer quote is judged on the shorter
/// quote's words. Fewer than three shared content words is no match.
fn quote_similarity(a: &[&str], b: &[&str]) -> f64 {
    fn content<'a>(k: &[&'a str]) -> Vec<&'a str> {
        k.iter()
            .copied()
            .filter(|w| !align::is_function_word(w))
            .collect()
    }
    let (ca, cb) = (content(a), content(b));
    if ca.is_empty() || cb.is_empty() {
        return 0.0;
    }
    let common = lcs_by(&ca, &cb, |x, y| same_word_spelled_apart(x, y));
    if common < 3 {
        return 0.0;
    }
    let dice = 2.0 * common as f64 / (ca.len() + cb.len()) as f64;
    let excerpt = common as f64 / ca.len().min(cb.len()) as f64;
    dice.max(0.8 * excerpt)
}

/// The entity a word names: possessives and plural apostrophes folded away, so that "Musk's"
/// and "Musk" are one name.
pub fn entity_key(key: &str) -> &str {
    key.strip_suffix("'s")
        .or_else(|| key.strip_suffix('\''))
        .unwrap_or(key)
}

/// For every word of a document, whether a capital on it says nothing about it being a name: the
/// word opens a sentence or a quote, follows a colon or dash, or stands in a headline written in
/// title case. Computed once per document, in one pass.
pub fn positional_capitals(seg: &Segmented) -> Vec<bool> {
    let text = seg.normalized.as_str();
    let mut out = vec![false; seg.words.len()];
    for sentence in &seg.sentences {
        let heading =
            seg.paragraphs[sentence.paragraph].kind != crate::segment::ParagraphKind::Body;
        for i in sentence.words.clone() {
            let w = &seg.words[i];
            let raw = text.get(..w.normalized.start).unwrap_or("");
            let before = raw.trim_end_matches(' ');
            // "Li-Yen" and "Anglo-American" join two words; a dash parts two phrases.
            let compound = raw
                .strip_suffix('-')
                .is_some_and(|head| head.ends_with(char::is_alphanumeric));
            out[i] = heading
                || w.sentence_initial
                || before.ends_with([':', '(', '\n'])
                || before.ends_with('-') && !compound
                || ends_with_opening_quote(before);
        }
    }
    out
}

/// How a word is written, ignoring a possessive ending: "DOGE's" is written in capitals.
fn name_shape(v: &Version, w: &crate::segment::Word) -> Shape {
    let printed = v.text.get(w.span.range()).unwrap_or("");
    let stem = ["'s", "\u{2019}s", "'", "\u{2019}"]
        .iter()
        .find_map(|suffix| printed.strip_suffix(suffix))
        .unwrap_or(printed);
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    let upper = stem.chars().filter(|c| c.is_uppercase()).count();
    match (letters, upper) {
        (0, _) => w.shape,
        (_, 0) => Shape::Lower,
        (l, u) if l == u && l > 1 => Shape::Upper,
        (_, 1) if stem.chars().next().is_some_and(char::is_uppercase) => Shape::Capitalized,
        _ => Shape::Mixed,
    }
}

/// Whether the text ends with a quotation mark that opens a quote: one at the start or after a
/// space or another opening mark. After a closing quote (`," Kamens said`) a capital means a name.
fn ends_with_opening_quote(before: &str) -> bool {
    let mut chars = before.chars().rev();
    match chars.next() {
        Some('"' | '\'') => match chars.next() {
            None => true,
            Some(c) => c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '[' | '-'),
        },
        _ => false,
    }
}

fn capital_is_positional(v: &Version, word_index: usize) -> bool {
    v.positional.get(word_index).copied().unwrap_or(true)
}

/// Share of a word's uses across the story that must be capitalized for it to count as a name.
const NAME_CAPITAL_SHARE: f64 = 0.8;

/// How the versions of a story write one word, summed over versions.
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    /// Versions that capitalize it.
    cap_versions: usize,
    /// Versions that write it only in capitals.
    upper_versions: usize,
    /// Lowercase uses.
    lower_uses: u32,
    /// Capitalized or all-capital uses.
    named_uses: u32,
    /// Witness weight of the versions that capitalize it.
    cap_weight: f64,
    /// Witness weight of the versions that write it only in capitals.
    upper_weight: f64,
}

/// One version's contribution to [`Usage`], from its casing counts.
fn usage_of(c: [u32; 3]) -> Usage {
    Usage {
        cap_versions: usize::from(c[0] > 0),
        upper_versions: usize::from(c[2] > 0 && c[0] == 0),
        lower_uses: c[1],
        named_uses: c[0] + c[2],
        ..Usage::default()
    }
}

/// Keys the story writes as names: capitalized in at least `NAME_CAPITAL_SHARE` (80%) of their uses
/// away from sentence starts and headlines, and used at least twice.
pub fn story_names<'a>(versions: &[Version<'a>], members: &[usize]) -> AHashSet<&'a str> {
    let mut counts: AHashMap<&str, [u32; 3]> = AHashMap::new();
    for &d in members {
        for (k, c) in casing_table(&versions[d]) {
            let e = counts.entry(k).or_default();
            for i in 0..3 {
                e[i] += c[i];
            }
        }
    }
    counts
        .into_iter()
        .filter(|(k, c)| {
            let named = c[0] + c[2];
            k.chars().count() >= 3
                && named >= 2
                && !align::is_function_word(k)
                && named as f64 >= NAME_CAPITAL_SHARE * (named + c[1]) as f64
        })
        .map(|(k, _)| k)
        .collect()
}

/// How each version writes each name-like word: key → (capitalized count, lowercase count,
/// upper count) counted away from sentence starts.
fn casing_table<'a>(v: &Version<'a>) -> AHashMap<&'a str, [u32; 3]> {
    let mut t: AHashMap<&str, [u32; 3]> = AHashMap::new();
    for (i, w) in v.seg.words.iter().enumerate() {
        if w.key.chars().count() < 2 || capital_is_positional(v, i) {
            continue;
        }
        let slot = match name_shape(v, w) {
            Shape::Capitalized | Shape::Mixed => 0,
            Shape::Lower => 1,
            Shape::Upper => 2,
            Shape::Number => continue,
        };
        t.entry(entity_key(&w.key)).or_default()[slot] += 1;
    }
    t
}

/// Finds names and acronyms whose case or spelling drifted against the other versions.
///
/// `witnesses` weighs the members (in `members` order): a form counts against a version only
/// when an independent majority of the others holds it (see [`crate::witness`]). `facts` holds
/// each version's [`Facts`], whose figures are compared by value. Only the names of `judged`
/// (some of `members`, ascending) are reported; case drift is found for all, as the others'
/// counts break a respelling's tie.
pub fn check_entities(
    versions: &[Version],
    (members, judged): (&[usize], &[usize]),
    pairs: &[(usize, usize, Vec<PassagePair>)],
    facts: &[Facts],
    witnesses: &Witnesses,
) -> Vec<EntityFinding> {
    let tables: Vec<AHashMap<&str, [u32; 3]>> = members
        .iter()
        .map(|&d| casing_table(&versions[d]))
        .collect();
    let mut totals: AHashMap<&str, Usage> = AHashMap::new();
    for (mi, t) in tables.iter().enumerate() {
        let weight = witnesses.weights[mi];
        for (k, c) in t {
            let u = usage_of(*c);
            let e = totals.entry(k).or_default();
            e.cap_versions += u.cap_versions;
            e.upper_versions += u.upper_versions;
            e.lower_uses += u.lower_uses;
            e.named_uses += u.named_uses;
            e.cap_weight += weight * u.cap_versions as f64;
            e.upper_weight += weight * u.upper_versions as f64;
        }
    }
    let mut findings = Vec::new();
    for (mi, &d) in members.iter().enumerate() {
        let v = &versions[d];
        let mut reported: AHashSet<(&str, u8)> = AHashSet::new();
        for (i, w) in v.seg.words.iter().enumerate() {
            if w.key.chars().count() < 2 || w.shape == Shape::Number || capital_is_positional(v, i)
            {
                continue;
            }
            let key = entity_key(&w.key);
            // What the others do with this key: the story's totals less this version's own. A
            // capital the others use only once could be a title-case leftover; two uses make a
            // name.
            let own = tables[mi].get(key).copied().unwrap_or_default();
            let all = totals.get(key).copied().unwrap_or_default();
            let mine = usage_of(own);
            let cap_versions = all.cap_versions - mine.cap_versions;
            let upper_versions = all.upper_versions - mine.upper_versions;
            // Seen from this version: its own block-mates count fully (witness::weights_for).
            let my_weight = 1.0;
            let (mut cap_weight, mut upper_weight) = (
                all.cap_weight - witnesses.weights[mi] * mine.cap_versions as f64,
                all.upper_weight - witnesses.weights[mi] * mine.upper_versions as f64,
            );
            for &mate in block_mates(witnesses, mi) {
                let u = usage_of(tables[mate].get(key).copied().unwrap_or_default());
                let extra = 1.0 - witnesses.weights[mate];
                cap_weight += extra * u.cap_versions as f64;
                upper_weight += extra * u.upper_versions as f64;
            }
            let lower_uses = all.lower_uses - mine.lower_uses;
            let named_uses = all.named_uses - mine.named_uses;
            if named_uses < 2 {
                continue;
            }
            let expected_form = |upper: bool| -> String {
                if upper {
                    key.to_uppercase()
                } else {
                    let mut c = key.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
            };
            // One writer may legitimately prefer "corona" to "Corona"; it is drift when this
            // version is inconsistent with itself, or when at least two others agree.
            // A lowercase ordinary word ("palace", "right away") says nothing about a name that
            // happens to contain it ("Presidential Palace", "Build-Right").
            if w.shape == Shape::Lower
                && crate::fluency::FluencyModel::english().is_ordinary_word(key)
            {
                continue;
            }
            // A name is written with a capital nearly everywhere in the story; "president" and
            // "palace" are common words that titles and headlines capitalize now and then.
            let all_named = named_uses + own[0] + own[2];
            let all_lower = lower_uses + own[1];
            if (all_named as f64) < NAME_CAPITAL_SHARE * (all_named + all_lower) as f64 {
                continue;
            }
            let drift = match name_shape(v, w) {
                // "musk" where every other version writes "Musk".
                Shape::Lower
                    if lower_uses == 0
                        && cap_versions + upper_versions >= 1
                        && (own[0] + own[2] > 0
                            || Witnesses::is_majority(cap_weight + upper_weight, my_weight)) =>
                {
                    Some((
                        expected_form(upper_versions > cap_versions),
                        cap_versions + upper_versions,
                    ))
                }
                // "Doge" where the others write "DOGE".
                Shape::Capitalized
                    if upper_versions >= 1
                        && cap_versions == 0
                        && lower_uses == 0
                        && (own[2] > 0 || Witnesses::is_majority(upper_weight, my_weight)) =>
                {
                    Some((expected_form(true), upper_versions))
                }
                _ => None,
            };
            if let Some((expected, support)) = drift {
                if reported.insert((key, 0)) {
                    findings.push(EntityFinding {
                        path: v.path.to_string(),
                        document: d,
                        start: w.span.start,
                        end: w.span.end,
                        text: v.quote(w.span),
                        expected,
                        drift: EntityDrift::Case,
                        support,
                    });
                }
            }
        }
    }
    // Respellings are judged after case drift, which breaks ties between two spellings of a name.
    let names = story_names(versions, members);
    let mut case_drifts: AHashMap<usize, usize> = AHashMap::new();
    for f in &findings {
        *case_drifts.entry(f.document).or_default() += 1;
    }
    let keys: Vec<AHashSet<&str>> = members
        .iter()
        .map(|&d| {
            versions[d]
                .seg
                .words
                .iter()
                .map(|w| entity_key(&w.key))
                .collect()
        })
        .collect();
    let spellings = Spellings {
        members,
        keys: &keys,
        casing: &tables,
        witnesses,
    };
    // Case drift is found for every member, as a respelling's tie is broken by the others'
    // counts; respellings and figures only for the members judged.
    findings.retain(|f| judged.binary_search(&f.document).is_ok());
    for &d in judged {
        findings.extend(spelling_drift(
            versions,
            d,
            pairs,
            &names,
            &case_drifts,
            &spellings,
        ));
        findings.extend(figure_drift(versions, facts, d, pairs));
    }
    findings
}

/// Figures of this version that its aligned counterparts state otherwise, one pair at a time:
/// the number substitutions that [`meaning::contrast`] weighs ([`meaning::substitutions_of`]).
/// Figures are compared by value ("5,000" and "5000", "$2.5bn" and "$2.5 billion" agree), so
/// house style is no change, and a counterpart's figure is looked for in the sentences either
/// side too, so a figure moved is no change either. Unlike the consensus the meaning stage
/// weighs, this needs no majority: with two versions it still shows where they differ.
fn figure_drift(
    versions: &[Version],
    facts: &[Facts],
    d: usize,
    pairs: &[(usize, usize, Vec<PassagePair>)],
) -> Vec<EntityFinding> {
    let v = &versions[d];
    let mut findings = Vec::new();
    // One finding per figure of ours and value of theirs, however the versions write it.
    let mut seen: AHashSet<(Span, Vec<String>)> = AHashSet::new();
    for (other, side, links) in pairs_with(d, pairs) {
        let o = &versions[other];
        for p in links.iter().filter(|p| {
            p.class != PassageClass::Unique && p.similarity >= thresholds::FIGURE_COUNTERPART
        }) {
            let (my_units, their_units) = p.sides(side);
            let mine = meaning::sided(&facts[d], v.profile, my_units);
            let theirs = meaning::sided(&facts[other], o.profile, their_units);
            let changed = meaning::substitutions_of(FactKind::Number, mine, theirs)
                .0
                .into_iter()
                .map(|s| (&mine.own[s.a], &theirs.own[s.b]));
            for (m, t) in changed {
                if seen.insert((m.span, t.keys.clone())) {
                    findings.push(EntityFinding {
                        path: v.path.to_string(),
                        document: d,
                        start: m.span.start,
                        end: m.span.end,
                        text: v.quote(m.span),
                        expected: o.quote(t.span),
                        drift: EntityDrift::Number,
                        support: 1,
                    });
                }
            }
        }
    }
    findings
}

/// Whether a version whose casing table is `casing` writes `key` as a name of its own: with a
/// capital away from sentence starts and never in lowercase, and not an ordinary English word.
fn writes_as_name(casing: &AHashMap<&str, [u32; 3]>, key: &str) -> bool {
    casing
        .get(key)
        .is_some_and(|c| c[0] + c[2] > 0 && c[1] == 0)
        && !crate::fluency::FluencyModel::english().is_ordinary_word(key)
}

/// The other members of `m`'s block, if it is in one.
fn block_mates(witnesses: &Witnesses, m: usize) -> impl Iterator<Item = &usize> {
    witnesses
        .blocks
        .iter()
        .filter(move |b| b.members.contains(&m))
        .flat_map(|b| b.members.iter())
        .filter(move |&&x| x != m)
}

/// Which members write which keys, and how much each member counts: the consensus a respelling
/// is judged against.
struct Spellings<'a> {
    members: &'a [usize],
    keys: &'a [AHashSet<&'a str>],
    /// Each member's [`casing_table`], in member order.
    casing: &'a [AHashMap<&'a str, [u32; 3]>],
    witnesses: &'a Witnesses,
}

impl Spellings<'_> {
    /// Total weight of the members that write `key`, under `weights` (those seen from the
    /// version judged).
    fn support(&self, weights: &[f64], key: &str) -> f64 {
        (0..self.members.len())
            .filter(|&m| self.keys[m].contains(key))
            .map(|m| weights[m])
            .sum()
    }
}

/// Names this version spells differently from its aligned counterparts.
fn spelling_drift(
    versions: &[Version],
    d: usize,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    names: &AHashSet<&str>,
    case_drifts: &AHashMap<usize, usize>,
    spellings: &Spellings,
) -> Vec<EntityFinding> {
    let v = &versions[d];
    let mine: AHashSet<&str> = v.seg.words.iter().map(|w| entity_key(&w.key)).collect();
    let mut findings = Vec::new();
    let mut seen: AHashSet<(String, String)> = AHashSet::new();
    let judged = spellings.members.iter().position(|&m| m == d).unwrap_or(0);
    let casing = &spellings.casing[judged];
    let seen_from = spellings.witnesses.weights_for(judged);
    for (other, side, links) in pairs_with(d, pairs) {
        let o = &versions[other];
        let their_keys: AHashSet<&str> = o.seg.words.iter().map(|w| entity_key(&w.key)).collect();
        for p in links.iter().filter(|p| p.class != PassageClass::Unique) {
            let (my_units, their_units) = p.sides(side);
            let my_indices: Vec<usize> = my_units
                .flat_map(|u| v.profile.units[u].words.clone())
                .collect();
            let my_words: Vec<&crate::segment::Word> =
                my_indices.iter().map(|&i| &v.seg.words[i]).collect();
            let their_words: Vec<&crate::segment::Word> = their_units
                .flat_map(|u| &o.seg.words[o.profile.units[u].words.clone()])
                .collect();
            for w in &my_words {
                let key = entity_key(&w.key);
                // A day or month another version gives differently is a changed date, which
                // the meaning stage weighs; it is no respelled name.
                if w.shape == Shape::Number
                    || key.chars().count() < 4
                    || align::is_function_word(key)
                    || their_keys.contains(key)
                    || crate::meaning::is_calendar_word(key)
                {
                    continue;
                }
                // A word no other version has, standing where the counterpart has a name of
                // similar spelling that this version never uses: the name was respelled
                // ("Camens" for "Kamens") or turned into a word ("triumph" for "Trump"). When
                // both are names of the story, the version with more case drift is the one that
                // drifted.
                let my_name = names.contains(key);
                let drifts = |doc: usize| case_drifts.get(&doc).copied().unwrap_or(0);
                if my_name && drifts(d) <= drifts(other) {
                    continue;
                }
                // Where this version writes a name too, two spellings disagree, and the other
                // must be the independent majority's: a round trip repeating its source's
                // spelling is not a second vote, nor are three MT systems writing "Atlanta"
                // where one translator writes "Atalanta". A common word standing for a name
                // ("triumph" for "Trump") needs no vote.
                let writes_a_name = my_name || writes_as_name(casing, key);
                let respelled = their_words.iter().find(|t| {
                    let theirs = entity_key(&t.key);
                    names.contains(theirs)
                        && !crate::meaning::is_calendar_word(theirs)
                        && !mine.contains(theirs)
                        && !same_stem(key, theirs)
                        && name_distance(key, theirs) <= RESPELLING_MAX_DISTANCE
                        && (!writes_a_name
                            || Witnesses::is_majority(
                                spellings.support(&seen_from, theirs),
                                spellings.support(&seen_from, key),
                            ))
                });
                if let Some(t) = respelled {
                    if seen.insert((key.to_string(), entity_key(&t.key).to_string())) {
                        findings.push(EntityFinding {
                            path: v.path.to_string(),
                            document: d,
                            start: w.span.start,
                            end: w.span.end,
                            text: v.quote(w.span),
                            expected: o.quote(t.span),
                            drift: EntityDrift::Spelling,
                            support: 1,
                        });
                    }
                }
            }
        }
    }
    findings
}

/// "Argentine" and "Argentinian", "America" and "American": one stem, two honest word forms.
pub(crate) fn same_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 4 || a.starts_with(b) || b.starts_with(a)
}

/// Largest [`name_distance`] at which two words of names are one word respelled ("Camens" and
/// "Kamens", "Ebrahim" and "Ibrahim").
pub(crate) const RESPELLING_MAX_DISTANCE: f64 = 0.34;

/// Normalized edit distance between two keys, in [0, 1].
pub(crate) fn name_distance(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() || b.is_empty() {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let cost = usize::from(x != y);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as f64 / a.len().max(b.len()) as f64
}

pub use align::MATCH_FLOOR;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_similarity_counts_common_subsequence() {
        assert_eq!(word_similarity(&["a", "b", "c"], &["a", "b", "c"]), 1.0);
        assert_eq!(word_similarity(&["a", "b"], &["c", "d"]), 0.0);
        assert!(
            (word_similarity(&["a", "x", "b", "c"], &["a", "b", "c", "y"]) - 0.75).abs() < 1e-9
        );
    }

    #[test]
    fn word_index_finds_runs() {
        let index = WordIndex::new(vec!["a", "b", "c", "a", "b", "d"]);
        assert!(index.contains_run(&["a", "b", "d"]));
        assert!(index.contains_run(&["c"]));
        assert!(!index.contains_run(&["b", "a"]));
        assert!(!index.contains_run(&["x"]));
        assert!(contains_run(&["a", "b"], &["a", "b"]));
    }

    #[test]
    fn name_distance_sees_respellings() {
        assert!(name_distance("camens", "kamens") < 0.2);
        assert!(name_distance("trump", "triumph") <= RESPELLING_MAX_DISTANCE);
        assert!(name_distance("musk", "putin") > 0.5);
    }

    #[test]
    fn finds_quotes_across_sentences() {
        let text = "“We swore to serve,” they wrote. “However, it has become clear that we can no longer honor those commitments.” He left.";
        let seg = Segmented::new(text);
        let q: Vec<&str> = quotes(&seg).iter().map(|(s, _)| &text[s.range()]).collect();
        assert_eq!(
            q,
            vec![
                "We swore to serve",
                "However, it has become clear that we can no longer honor those commitments"
            ]
        );
    }
}
