//! The whole comparison, one stage after another:
//!
//! 1. **load** each text ([`Texts`]), and at once **sketch** it: a word 5-gram sketch for
//!    [`edition`]s and a [`candidates::Fingerprint`] for the story stage. The text is then
//!    dropped; only the sketches stay, so a crawl is never held in memory.
//! 2. **editions**: near-copies grouped, one representative each ([`edition::from_pairs`]).
//! 3. **candidates** among the representatives ([`candidates::find_candidates`]), and their
//!    connected components: the work units of the judge.
//! 4. per component, in parallel: the texts are read again, **normalized and segmented**
//!    ([`verdict::Prepared`]), the candidate pairs **confirmed by alignment** into stories
//!    ([`story::confirm`]), each story **judged** ([`verdict::judge_story`]) and its editions'
//!    copies given their representative's verdict. Each [`JudgedStory`] goes to the sink as soon
//!    as its turn comes, and is released.
//!
//! [`compare`] collects the judged stories into one [`Comparison`] for the reports;
//! [`compare_pile`] streams them; [`find_stories`] stops before the judge and streams the
//! stories alone, as `cluster --rewrites` prints them. Everything is deterministic: documents keep input order,
//! stories come in the order of their components' first members and then of their own first
//! members, pairs run `a < b`, whatever the number of threads.

use crate::candidates::{self, CandidateOptions, Fingerprint, Fingerprinter};
use crate::edition::{self, Copy, Editions, TextTraits};
use crate::fluency::FluencyModel;
use crate::index::Index;
use crate::judge::{
    ClassShares, EntityFinding, Evidence, EvidenceKind, PassagePair, QuoteFinding, Verdict,
};
use crate::load::{Document, InputIssue};
use crate::shingle::Scratch;
use crate::sketch::Sketcher;
use crate::story::{self, CandidatePair};
use crate::verdict::{self, Prepared};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

pub use crate::verdict::JudgedStory;

/// Knobs of a comparison. The defaults are what the README documents.
#[derive(Debug, Clone, Copy)]
pub struct CompareOptions {
    /// The candidate stage: which documents are aligned to see whether they are versions of one
    /// story.
    pub candidates: CandidateOptions,
    /// Aligned documents whose matched passages pair at least this share of their words one for
    /// one ([`crate::story::paired_share`]) are versions of one story. Default 0.22, between the
    /// weakest pair of versions measured (0.253) and the strongest pair of different stories
    /// of one event (0.190).
    pub story_threshold: f64,
    /// Treat all documents as versions of one story, however little they share.
    pub single_story: bool,
    /// How many pieces of evidence each version keeps, strongest first.
    pub max_evidence: usize,
    /// Group near-copies into editions that are judged once (see [`crate::edition`]). Off when
    /// two given texts are to be compared with each other whatever they are, as `diff` does.
    pub editions: bool,
    /// Judge a document that has no other version (its verdict is `unrelated`). Off for a
    /// crawl, where such documents are only counted.
    pub judge_singletons: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            candidates: CandidateOptions::default(),
            story_threshold: 0.22,
            single_story: false,
            max_evidence: 12,
            editions: true,
            judge_singletons: true,
        }
    }
}

/// One version's verdict and why.
#[derive(Debug, Clone, Serialize)]
pub struct VersionReport {
    pub path: String,
    pub verdict: Verdict,
    /// Confidence in the verdict, in [0, 1].
    pub score: f64,
    /// Index into [`Comparison::stories`]; the story's number in a stream.
    pub story: usize,
    pub evidence: Vec<Evidence>,
    /// Shares of the version's words by passage class, against the closest sibling.
    pub passages: ClassShares,
    /// Mean sentence fluency under the English model.
    pub fluency: f64,
    /// The signals the verdict was computed from.
    pub signals: Signals,
}

/// The numbers behind a verdict, so that users can see why and tune their own cut-offs.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Signals {
    /// Share of words aligned with some other version.
    pub coverage: f64,
    /// Garbled score in [0, 1]; `garbled` at or above 0.5 when at least half of the version's
    /// words align with another version (`coverage`), since a version mostly of its own words
    /// is another article, not a corrupted copy.
    pub garbled: f64,
    /// Fluency minus that of the most fluent other version.
    pub fluency_below_best: f64,
    /// Mean sentence fluency of the version's reworded passages minus that of their closest
    /// counterparts, weighted by words; negative when this version reads worse where it differs.
    pub passage_fluency_gap: f64,
    /// Mean fluency gain of the version's least fluent tenth of tokens: lower where grammar
    /// breaks ([`crate::fluency::DocumentFluency::tail`]).
    pub fluency_tail: f64,
    /// How much more common the version's lowercase words are than the other versions' (mean
    /// log10 corpus probability, minus the others' mean; [`crate::fluency::Vocabulary`]). A
    /// rule-based round trip writes more common words than its source.
    pub common_words: f64,
    /// Distinct names written in a case or spelling the other versions contradict.
    pub name_drifts: usize,
    /// Share of matched quotes that are altered.
    pub altered_quotes: f64,
    /// How far the version's meaning drifts from the other versions, in [0, 1]
    /// ([`crate::meaning::assess`]); `mistranslated` at or above 0.5 with two contradicted facts.
    pub mistranslation: f64,
    /// How much this version counts in its story's consensus checks, in (0, 1]: 1 for an
    /// independent witness, less inside a block of versions that agree far more than honest
    /// versions do (see [`crate::witness`]).
    pub witness_weight: f64,
}

/// Versions of one story.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub id: usize,
    /// Indices into [`Comparison::documents`].
    pub members: Vec<usize>,
    /// Share of words every pair of members align, row and column in `members` order.
    pub similarity: Vec<Vec<f64>>,
}

/// The alignment of two versions of one story.
#[derive(Debug, Clone, Serialize)]
pub struct PairReport {
    pub a: String,
    pub b: String,
    #[serde(skip)]
    pub a_index: usize,
    #[serde(skip)]
    pub b_index: usize,
    pub story: usize,
    /// Share of both versions' words that align.
    pub similarity: f64,
    pub pairs: Vec<PassagePair>,
}

/// Everything a report needs.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub documents: Vec<VersionReport>,
    pub stories: Vec<Story>,
    pub alignments: Vec<PairReport>,
    pub quotes: Vec<QuoteFinding>,
    pub entities: Vec<EntityFinding>,
    /// Inputs that were skipped or failed, with the reason.
    pub skipped: Vec<InputIssue>,
    /// The compared texts, in `documents` order, for reports that quote them.
    #[serde(skip)]
    pub sources: Vec<Document>,
    /// For each document, the first document with the same text (itself when it is no copy).
    /// Copies are compared through their original.
    #[serde(skip)]
    pub original: Vec<usize>,
}

impl Comparison {
    /// The document whose text document `i` copies byte for byte, or `i` itself.
    pub fn original_of(&self, i: usize) -> usize {
        self.original.get(i).copied().unwrap_or(i)
    }

    /// The text of document `i`.
    pub fn text(&self, i: usize) -> &str {
        &self.sources[i].text
    }

    /// The alignment of documents `a` and `b`, whichever order it was computed in. Copies are
    /// aligned through their originals, so the report's indices may name those.
    pub fn alignment(&self, a: usize, b: usize) -> Option<&PairReport> {
        let (a, b) = (self.original_of(a), self.original_of(b));
        self.alignments
            .iter()
            .find(|p| (p.a_index == a && p.b_index == b) || (p.a_index == b && p.b_index == a))
    }
}

/// Where the pipeline gets each document's text: once to sketch it, and again when its story is
/// judged. A pile of files is read twice rather than held in memory.
pub trait Texts: Sync {
    /// How many documents there are.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Document `i`, or why it cannot be used.
    fn read(&self, i: usize) -> Result<Cow<'_, Document>, InputIssue>;
}

impl Texts for Vec<Document> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn read(&self, i: usize) -> Result<Cow<'_, Document>, InputIssue> {
        Ok(Cow::Borrowed(&self[i]))
    }
}

/// Files (and stdin) read from disk when needed. Standard input can be read only once, so its
/// text is kept.
pub struct SourceTexts {
    sources: Vec<crate::load::Source>,
    options: crate::load::LoadOptions,
    stdin: std::sync::OnceLock<Result<Document, InputIssue>>,
}

impl SourceTexts {
    pub fn new(sources: Vec<crate::load::Source>, options: crate::load::LoadOptions) -> Self {
        SourceTexts {
            sources,
            options,
            stdin: std::sync::OnceLock::new(),
        }
    }
}

impl Texts for SourceTexts {
    fn len(&self) -> usize {
        self.sources.len()
    }

    fn read(&self, i: usize) -> Result<Cow<'_, Document>, InputIssue> {
        let source = &self.sources[i];
        if *source == crate::load::Source::Stdin {
            let kept = self
                .stdin
                .get_or_init(|| crate::load::read_source(source, &self.options));
            return kept.as_ref().map(Cow::Borrowed).map_err(Clone::clone);
        }
        crate::load::read_source(source, &self.options).map(Cow::Owned)
    }
}

/// What the pipeline reports as it goes, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many more documents were read and sketched.
    Read(usize),
    /// The candidate stage kept this many pairs among this many editions; this many documents
    /// are in stories to judge.
    Candidates {
        pairs: usize,
        editions: usize,
        to_judge: usize,
    },
    /// This many more stories were judged, holding this many documents; a document alignment
    /// left alone comes as no story and one document.
    Judged { stories: usize, documents: usize },
}

/// What a streamed comparison found besides its stories.
#[derive(Debug, Clone, Default)]
pub struct PileSummary {
    /// Documents read and compared.
    pub documents: usize,
    /// Stories of two or more documents sent to the sink.
    pub stories: usize,
    /// Documents with no other version, by path, in input order (not sent to the sink unless
    /// [`CompareOptions::judge_singletons`] is set).
    pub singletons: Vec<String>,
    /// Candidate pairs the candidate stage proposed.
    pub candidates: usize,
    /// Inputs that could not be used, with the reason, in input order.
    pub issues: Vec<InputIssue>,
}

/// Compares documents: stories, alignments, findings and verdicts.
pub fn compare(
    documents: Vec<Document>,
    skipped: Vec<InputIssue>,
    options: &CompareOptions,
) -> Comparison {
    let mut judged = Vec::new();
    let summary = compare_pile(&documents, options, &|_| {}, &mut |s| judged.push(s));
    let mut skipped = skipped;
    crate::load::add_new_issues(&mut skipped, summary.issues);
    assemble(judged, documents, skipped)
}

/// Compares a pile of any size, sending each judged story to `sink` as soon as it is judged, in
/// a fixed order. Memory holds the sketches of the pile and the texts of the stories in flight.
pub fn compare_pile(
    texts: &dyn Texts,
    options: &CompareOptions,
    progress: &(dyn Fn(Progress) + Sync),
    sink: &mut dyn FnMut(JudgedStory),
) -> PileSummary {
    let plan = Plan::new(texts, options, progress);
    let mut sent = 0;
    plan.run(
        texts,
        options,
        progress,
        |work, component| work.judge_component(component),
        |summary, story| {
            if story.members.len() < 2 {
                summary.singletons.push(story.reports[0].path.clone());
                if !options.judge_singletons {
                    return;
                }
            } else {
                summary.stories += 1;
            }
            let mut story = story;
            for r in &mut story.reports {
                r.story = sent;
            }
            sent += 1;
            sink(story);
        },
    )
    .0
}

/// A story as the story stage finds it, before it is judged.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundStory {
    /// Document indices (as in [`FoundPile::paths`]), ascending; the other members of each
    /// edition included.
    pub members: Vec<usize>,
    /// The pairs that make it one story, ordered by `(a, b)`: representatives whose alignment
    /// was confirmed, with the share of words it covers, and each copy with its representative
    /// at 1.0.
    pub pairs: Vec<StoryPair>,
}

/// Two documents of a [`FoundStory`] (`a < b`) and the share of their words their aligned
/// passages pair one for one ([`crate::story::paired_share`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryPair {
    pub a: usize,
    pub b: usize,
    pub paired: f64,
    /// A near-copy and its edition's representative, bound without alignment (paired 1.0).
    pub copy: bool,
}

/// What [`find_stories`] found besides its stories.
#[derive(Debug, Clone, Default)]
pub struct FoundPile {
    /// Counts, singletons and issues, as a comparison reports them.
    pub summary: PileSummary,
    /// The path of every document read, by document index.
    pub paths: Vec<String>,
}

/// The story stage alone: the stories of a pile, each sent to `sink` as soon as it is
/// confirmed, in the order [`compare_pile`] judges them, and nothing judged. The documents that
/// join no story are listed in the summary's singletons.
pub fn find_stories(
    texts: &dyn Texts,
    options: &CompareOptions,
    progress: &(dyn Fn(Progress) + Sync),
    sink: &mut dyn FnMut(FoundStory),
) -> FoundPile {
    let plan = Plan::new(texts, options, progress);
    let (summary, paths) = plan.run(
        texts,
        options,
        progress,
        |work, component| work.find_in_component(component),
        |summary, story| {
            summary.stories += 1;
            sink(story);
        },
    );
    FoundPile { summary, paths }
}

/// The pile after reading, editions and candidates: the components left to work on, and what
/// later stages need to find each document again.
struct Plan {
    usable: Vec<usize>,
    paths: Vec<String>,
    editions: Editions,
    representatives: Vec<usize>,
    components: Vec<Component>,
    summary: PileSummary,
}

impl Plan {
    /// Reads and sketches the pile, groups its editions and finds the candidate components. A
    /// lone text, with no candidate and no copy, has no other version: unless singletons are
    /// judged it is only counted.
    fn new(
        texts: &dyn Texts,
        options: &CompareOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Plan {
        // The English model takes tens of milliseconds to decode and every stage after the
        // first needs it; it decodes beside the reading.
        let warm_up = std::thread::spawn(|| {
            FluencyModel::english();
        });
        let sketched = sketch_pass(texts, options, progress);
        let _ = warm_up.join();
        let mut summary = PileSummary {
            documents: sketched.usable.len(),
            issues: sketched.issues,
            ..PileSummary::default()
        };
        let paths: Vec<&str> = sketched.paths.iter().map(String::as_str).collect();
        let editions = if options.editions {
            let mut index = sketched.editions;
            let restated = |rep: usize, others: &[usize]| {
                restatements_read(texts, &sketched.usable, rep, others)
            };
            edition::from_pairs(&index.cluster().pairs, &sketched.traits, &paths, &restated)
        } else {
            let distinct = distinct_traits(sketched.traits.len());
            edition::from_pairs(&[], &distinct, &paths, &edition::never_restated)
        };
        let representatives = editions.representatives();
        let (mut components, candidates) =
            components_of(&representatives, sketched.fingerprints, &editions, options);
        summary.candidates = candidates;
        let edition_size = |r: usize| editions.members_of(representatives[r]).len();
        if !options.judge_singletons {
            components.retain(|c| {
                let lone = c.members.len() == 1 && edition_size(c.members[0]) == 1;
                if lone {
                    summary
                        .singletons
                        .push(paths[representatives[c.members[0]]].to_string());
                }
                !lone
            });
        }
        let to_judge = components
            .iter()
            .flat_map(|c| &c.members)
            .map(|&r| edition_size(r))
            .sum();
        progress(Progress::Candidates {
            pairs: candidates,
            editions: representatives.len(),
            to_judge,
        });
        Plan {
            usable: sketched.usable,
            paths: sketched.paths,
            editions,
            representatives,
            components,
            summary,
        }
    }

    /// Works through the components a batch at a time, in parallel, and hands each result on
    /// in order: the output is the same on any number of threads, and memory holds one batch
    /// of texts. Returns the summary and every document's path.
    fn run<T: Send + Members>(
        self,
        texts: &dyn Texts,
        options: &CompareOptions,
        progress: &(dyn Fn(Progress) + Sync),
        work_on: impl Fn(&Work, &Component) -> (Vec<Piece<T>>, Vec<InputIssue>) + Sync,
        mut each: impl FnMut(&mut PileSummary, T),
    ) -> (PileSummary, Vec<String>) {
        let work = Work {
            texts,
            usable: &self.usable,
            representatives: &self.representatives,
            editions: &self.editions,
            options,
        };
        let mut summary = self.summary;
        let batch = rayon::current_num_threads().max(1) * 4;
        for chunk in self.components.chunks(batch) {
            let done: Vec<(Vec<Piece<T>>, Vec<InputIssue>)> =
                chunk.par_iter().map(|c| work_on(&work, c)).collect();
            for (results, issues) in done {
                summary.issues.extend(issues);
                for piece in results {
                    match piece {
                        Piece::Story(result) => {
                            progress(Progress::Judged {
                                stories: 1,
                                documents: result.member_count(),
                            });
                            each(&mut summary, result);
                        }
                        Piece::Lone(d) => {
                            progress(Progress::Judged {
                                stories: 0,
                                documents: 1,
                            });
                            summary.singletons.push(self.paths[d].clone());
                        }
                    }
                }
            }
        }
        (summary, self.paths)
    }
}

/// What a component's work hands on: a story, or a document that alignment left alone (by
/// document index), which is only counted.
enum Piece<T> {
    Story(T),
    Lone(usize),
}

/// What a stage made of one story, as far as progress counts it.
trait Members {
    fn member_count(&self) -> usize;
}

impl Members for JudgedStory {
    fn member_count(&self) -> usize {
        self.members.len()
    }
}

impl Members for FoundStory {
    fn member_count(&self) -> usize {
        self.members.len()
    }
}

/// What the first pass keeps of the pile.
struct Sketched {
    /// Positions in the [`Texts`] of the documents that could be read, ascending; document `k`
    /// of every later stage is `usable[k]`.
    usable: Vec<usize>,
    paths: Vec<String>,
    traits: Vec<TextTraits>,
    editions: Index,
    fingerprints: Vec<Fingerprint>,
    issues: Vec<InputIssue>,
}

/// Reads every text once, in parallel, and keeps its sketches; the text itself is dropped.
fn sketch_pass(
    texts: &dyn Texts,
    options: &CompareOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Sketched {
    let params = edition::params();
    let sketcher = Sketcher::new(&params);
    // The options are validated where the user sets them; the defaults always are valid.
    let fingerprinter = Fingerprinter::new(&options.candidates)
        .unwrap_or_else(|_| Fingerprinter::new(&CandidateOptions::default()).expect("defaults"));
    let mut out = Sketched {
        usable: Vec::new(),
        paths: Vec::new(),
        traits: Vec::new(),
        editions: Index::new(&params),
        fingerprints: Vec::new(),
        issues: Vec::new(),
    };
    const CHUNK: usize = 4096;
    for start in (0..texts.len()).step_by(CHUNK) {
        let end = (start + CHUNK).min(texts.len());
        let done: Vec<_> = (start..end)
            .into_par_iter()
            .map_init(Scratch::default, |scratch, i| {
                let doc = texts.read(i)?;
                let sketch = options
                    .editions
                    .then(|| sketcher.sketch(&doc.text, scratch));
                let fingerprint = fingerprinter.fingerprint(&doc.text, scratch);
                Ok((
                    i,
                    doc.path.clone(),
                    doc.replaced,
                    TextTraits::of(&doc.text),
                    sketch,
                    fingerprint,
                ))
            })
            .collect();
        progress(Progress::Read(end - start));
        for outcome in done {
            match outcome {
                Ok((i, path, replacements, traits, sketch, fingerprint)) => {
                    // Texts read lazily never passed through `load`, so this is where `--lossy`
                    // repairs are told; `compare` drops the ones its caller already holds.
                    if replacements > 0 {
                        let problem = crate::load::Problem::Replaced { replacements };
                        out.issues.push(InputIssue::new(path.clone(), problem));
                    }
                    out.usable.push(i);
                    out.paths.push(path);
                    out.traits.push(traits);
                    if let Some(sketch) = sketch {
                        out.editions.push(&sketch);
                    }
                    out.fingerprints.push(fingerprint);
                }
                Err(issue) => out.issues.push(issue),
            }
        }
    }
    out
}

/// [`edition::restatements_against`] for texts read again from `texts` (document `k` is text
/// `usable[k]`). A text that cannot be read again restates nothing here; the stage that needs
/// it next reports it.
fn restatements_read(
    texts: &dyn Texts,
    usable: &[usize],
    rep: usize,
    others: &[usize],
) -> Vec<Option<crate::meaning::Restatement>> {
    let Ok(original) = texts.read(usable[rep]) else {
        return vec![None; others.len()];
    };
    let text_of = |m: usize| -> Option<Cow<'_, str>> {
        Some(match texts.read(usable[m]).ok()? {
            Cow::Borrowed(d) => Cow::Borrowed(d.text.as_str()),
            Cow::Owned(d) => Cow::Owned(d.text),
        })
    };
    edition::restatements_against(&original.text, others, &text_of)
}

/// Traits that make every text its own edition.
fn distinct_traits(n: usize) -> Vec<TextTraits> {
    (0..n)
        .map(|i| TextTraits {
            hash: i as u64,
            words: 0,
            short_lines: 0,
        })
        .collect()
}

/// Up to this many editions every pair is a candidate: aligning a few hundred pairs costs less
/// than a second, and no sketch can then miss a rewrite.
pub const EXHAUSTIVE_UP_TO: usize = 24;

/// A connected component of the candidate pairs: representatives (by position in the list of
/// representatives, ascending) and the candidate pairs among them.
struct Component {
    members: Vec<usize>,
    candidates: Vec<CandidatePair>,
}

/// The candidate pairs among the representatives and their connected components, ordered by
/// first member, with the number of candidate pairs. With one story forced, every
/// representative is in one component.
fn components_of(
    representatives: &[usize],
    mut fingerprints: Vec<Fingerprint>,
    editions: &Editions,
    options: &CompareOptions,
) -> (Vec<Component>, usize) {
    let n = representatives.len();
    if options.single_story {
        let all = Component {
            members: (0..n).collect(),
            candidates: Vec::new(),
        };
        return (if n == 0 { Vec::new() } else { vec![all] }, 0);
    }
    // A copy split off an edition joins its story through the text it nearly copies (below),
    // not by candidates of its own: fifty reprints that each restate a fact would otherwise
    // fill the pile with one text, whose rare words would no longer be rare, and the story's
    // rewrites would lose their candidates with it.
    let heads: Vec<usize> = (0..n)
        .filter(|&r| !editions.copies_one_of(representatives[r], representatives))
        .collect();
    let mut candidates: Vec<CandidatePair> = if heads.len() <= EXHAUSTIVE_UP_TO {
        heads
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| {
                heads[i + 1..]
                    .iter()
                    .map(move |&b| CandidatePair { a, b, score: 1.0 })
            })
            .collect()
    } else {
        let fingerprints: Vec<Fingerprint> = heads
            .iter()
            .map(|&r| std::mem::take(&mut fingerprints[representatives[r]]))
            .collect();
        candidates::find_candidates(&fingerprints, &options.candidates)
            .pairs
            .into_iter()
            .map(|p| CandidatePair {
                a: heads[p.a as usize],
                b: heads[p.b as usize],
                score: p.score,
            })
            .collect()
    };
    add_split_copies(&mut candidates, representatives, editions);
    let groups = story::components(n, candidates.iter().map(|c| (c.a, c.b)));
    let mut component_of = vec![0; n];
    for (g, members) in groups.iter().enumerate() {
        for &m in members {
            component_of[m] = g;
        }
    }
    let count = candidates.len();
    let mut components: Vec<Component> = groups
        .into_iter()
        .map(|members| Component {
            members,
            candidates: Vec::new(),
        })
        .collect();
    for c in candidates {
        components[component_of[c.a]].candidates.push(c);
    }
    (components, count)
}

/// Makes each copy split off an edition a candidate with the text it nearly copies: the one way
/// such a copy enters a story (see [`components_of`]).
fn add_split_copies(
    candidates: &mut Vec<CandidatePair>,
    representatives: &[usize],
    editions: &Editions,
) {
    let position = |d: usize| representatives.binary_search(&d).ok();
    let before = candidates.len();
    for (copy, split) in editions.split.iter().enumerate() {
        let Some(split) = split else { continue };
        if let (Some(x), Some(y)) = (position(copy), position(split.original)) {
            let (a, b) = (x.min(y), x.max(y));
            candidates.push(CandidatePair { a, b, score: 1.0 });
        }
    }
    if candidates.len() > before {
        // Stable: a pair the sketches found keeps its own score.
        candidates.sort_by_key(|c| (c.a, c.b));
        candidates.dedup_by_key(|c| (c.a, c.b));
    }
}

/// Everything a component's judging reads.
struct Work<'a> {
    texts: &'a dyn Texts,
    /// Document `k` is text `usable[k]`.
    usable: &'a [usize],
    /// Representative `r` is document `representatives[r]`.
    representatives: &'a [usize],
    editions: &'a Editions,
    options: &'a CompareOptions,
}

/// The texts of one component, read again for the stages after the candidates.
struct ComponentTexts<'t> {
    /// Every document of the component, ascending, and its text if it could be read again.
    documents: Vec<usize>,
    texts: Vec<Option<Cow<'t, Document>>>,
    /// The representatives that could be read, ascending, with their texts, segmented.
    reps: Vec<usize>,
    docs: Vec<Document>,
    prepared: Vec<Prepared>,
    issues: Vec<InputIssue>,
}

impl ComponentTexts<'_> {
    fn text_of(&self, d: usize) -> Option<&Document> {
        let k = self.documents.binary_search(&d).ok()?;
        self.texts[k].as_deref()
    }
}

impl Work<'_> {
    /// Reads a component's texts, confirms its candidate pairs by alignment into stories, and
    /// judges each story. `component` holds positions in `representatives`.
    fn judge_component(&self, component: &Component) -> (Vec<Piece<JudgedStory>>, Vec<InputIssue>) {
        let read = self.read_component(component);
        let stories = self.stories_of(component, &read.reps, &read.docs, &read.prepared);
        let text_of = |d: usize| read.text_of(d);
        let judged = stories
            .par_iter()
            .map(|(members, confirmed)| {
                if !self.options.judge_singletons && self.is_lone(members, &read.reps) {
                    return Piece::Lone(read.reps[members[0]]);
                }
                if let Some(story) = self.judge_lone_edition(members, &read) {
                    return Piece::Story(expand_editions(story, self.editions, &text_of));
                }
                // Texts split off one edition are kin, keyed by the text they all copy: by its
                // position when it is read here, else by a key no position takes.
                let kin_of = |p: usize| {
                    let original = self.editions.kin_of(read.reps[p]);
                    read.reps
                        .binary_search(&original)
                        .unwrap_or(read.reps.len() + original)
                };
                let story = verdict::judge_story_apart(
                    members,
                    &kin_of,
                    &read.docs,
                    &read.prepared,
                    confirmed,
                    self.options,
                );
                let story = relabel(story, &read.reps);
                Piece::Story(expand_editions(story, self.editions, &text_of))
            })
            .collect();
        (judged, read.issues)
    }

    /// Reads a component's texts and confirms its candidate pairs by alignment into stories,
    /// judging nothing.
    fn find_in_component(
        &self,
        component: &Component,
    ) -> (Vec<Piece<FoundStory>>, Vec<InputIssue>) {
        let read = self.read_component(component);
        let stories = self.stories_of(component, &read.reps, &read.docs, &read.prepared);
        let found = stories
            .into_iter()
            .map(|(members, confirmed)| {
                if self.is_lone(&members, &read.reps) {
                    return Piece::Lone(read.reps[members[0]]);
                }
                let mut pairs: Vec<StoryPair> = confirmed
                    .iter()
                    .map(|c| {
                        let (a, b) = (read.reps[c.a], read.reps[c.b]);
                        StoryPair {
                            a: a.min(b),
                            b: a.max(b),
                            paired: c.score,
                            copy: false,
                        }
                    })
                    .collect();
                let mut documents = Vec::new();
                for &m in &members {
                    let rep = read.reps[m];
                    for d in readable_edition(self.editions, rep, &|d| read.text_of(d)) {
                        documents.push(d);
                        if d != rep {
                            pairs.push(StoryPair {
                                a: d.min(rep),
                                b: d.max(rep),
                                paired: 1.0,
                                copy: true,
                            });
                        }
                    }
                }
                documents.sort_unstable();
                pairs.sort_by_key(|p| (p.a, p.b));
                Piece::Story(FoundStory {
                    members: documents,
                    pairs,
                })
            })
            .collect();
        (found, read.issues)
    }

    /// A story that is one edition, a text and its copies only, judged as the text beside one
    /// copy ([`verdict::judge_copies`]): a near-copy over a byte-identical one (it has words of
    /// its own), the one whose path sorts first, so that the choice does not depend on the
    /// input order. The other copies are judged through their text as in any story. `None` for
    /// a story of several editions, or an edition with no readable copy.
    fn judge_lone_edition(&self, members: &[usize], read: &ComponentTexts) -> Option<JudgedStory> {
        let [member] = members else {
            return None;
        };
        let rep = read.reps[*member];
        let partner = readable_edition(self.editions, rep, &|d| read.text_of(d))
            .filter(|&d| d != rep)
            .min_by_key(|&d| {
                let identical = !matches!(self.editions.copy[d], Copy::Near { .. });
                (identical, read.text_of(d).map(|t| t.path.as_str()), d)
            })?;
        let mut pair = [rep, partner];
        pair.sort_unstable();
        let docs: Vec<Document> = pair
            .iter()
            .map(|&d| read.text_of(d).expect("readable").clone())
            .collect();
        // The text was prepared with the component's representatives; only the copy is new.
        let prepared: Vec<Prepared> = pair
            .iter()
            .zip(&docs)
            .map(|(&d, doc)| {
                if d == rep {
                    read.prepared[*member].clone()
                } else {
                    Prepared::new(doc)
                }
            })
            .collect();
        let story = verdict::judge_copies(&[0, 1], &docs, &prepared, self.options);
        Some(relabel(story, &pair))
    }

    /// Whether a story (positions in `reps`) is one text with no copy: alignment confirmed none
    /// of its candidates, so it has no other version.
    fn is_lone(&self, members: &[usize], reps: &[usize]) -> bool {
        members.len() == 1 && self.editions.members_of(reps[members[0]]).len() == 1
    }

    /// Reads the texts of a component's documents (its representatives and their editions'
    /// other members) and prepares the representatives for alignment.
    fn read_component(&self, component: &Component) -> ComponentTexts<'_> {
        let mut issues = Vec::new();
        let mut documents: Vec<usize> = component
            .members
            .iter()
            .flat_map(|&r| self.editions.members_of(self.representatives[r]))
            .copied()
            .collect();
        documents.sort_unstable();
        let mut texts: Vec<Option<Cow<'_, Document>>> = Vec::with_capacity(documents.len());
        for &d in &documents {
            match self.texts.read(self.usable[d]) {
                Ok(t) => texts.push(Some(t)),
                Err(issue) => {
                    issues.push(issue);
                    texts.push(None);
                }
            }
        }
        let mut read = ComponentTexts {
            documents,
            texts,
            reps: Vec::new(),
            docs: Vec::new(),
            prepared: Vec::new(),
            issues,
        };
        // Representatives whose text can no longer be read drop out, with their issue.
        read.reps = component
            .members
            .iter()
            .map(|&r| self.representatives[r])
            .filter(|&d| read.text_of(d).is_some())
            .collect();
        read.docs = read
            .reps
            .iter()
            .map(|&d| read.text_of(d).expect("read").clone())
            .collect();
        read.prepared = read.docs.par_iter().map(Prepared::new).collect();
        read
    }

    /// The stories of a component (positions in `reps`) with their confirmed pairs.
    fn stories_of(
        &self,
        component: &Component,
        reps: &[usize],
        docs: &[Document],
        prepared: &[Prepared],
    ) -> Vec<(Vec<usize>, Vec<CandidatePair>)> {
        if self.options.single_story || reps.len() < 2 {
            let all: Vec<usize> = (0..reps.len()).collect();
            return if all.is_empty() {
                Vec::new()
            } else {
                vec![(all, Vec::new())]
            };
        }
        let position = |d: usize| reps.binary_search(&d).ok();
        let in_component: Vec<CandidatePair> = component
            .candidates
            .iter()
            .filter_map(|c| {
                let (a, b) = (self.representatives[c.a], self.representatives[c.b]);
                Some(CandidatePair {
                    a: position(a)?,
                    b: position(b)?,
                    score: c.score,
                })
            })
            .collect();
        let profiles: Vec<&crate::align::Profile> = prepared.iter().map(|p| &p.profile).collect();
        let paths: Vec<&str> = docs.iter().map(|d| d.path.as_str()).collect();
        let weighing: Vec<bool> = reps
            .iter()
            .map(|&d| !self.editions.copies_one_of(d, reps))
            .collect();
        let confirmed = story::confirm(
            &in_component,
            &profiles,
            &weighing,
            &paths,
            self.options.story_threshold,
        );
        story::components(reps.len(), confirmed.iter().map(|c| (c.a, c.b)))
            .into_iter()
            .map(|members| {
                let local: Vec<CandidatePair> = confirmed
                    .iter()
                    .filter(|c| {
                        members.binary_search(&c.a).is_ok() && members.binary_search(&c.b).is_ok()
                    })
                    .copied()
                    .collect();
                (members, local)
            })
            .collect()
    }
}

/// Renames a story judged over a component's representatives (positions `0..reps.len()`) into
/// document indices.
fn relabel(mut story: JudgedStory, reps: &[usize]) -> JudgedStory {
    let doc = |i: usize| reps[i];
    story.members.iter_mut().for_each(|m| *m = doc(*m));
    for a in &mut story.alignments {
        a.a_index = doc(a.a_index);
        a.b_index = doc(a.b_index);
    }
    for q in &mut story.quotes {
        q.document = doc(q.document);
        if let Some(cp) = &mut q.counterpart {
            cp.document = doc(cp.document);
        }
    }
    for e in &mut story.entities {
        e.document = doc(e.document);
    }
    for r in &mut story.reports {
        for e in &mut r.evidence {
            if let Some(cp) = &mut e.counterpart {
                cp.document = doc(cp.document);
            }
        }
    }
    story
}

/// The members of representative `rep`'s edition that go into its story: `rep` itself, and each
/// copy whose text could be read again.
fn readable_edition<'e, 't>(
    editions: &'e Editions,
    rep: usize,
    text_of: &'e impl Fn(usize) -> Option<&'t Document>,
) -> impl Iterator<Item = usize> + 'e {
    editions
        .members_of(rep)
        .iter()
        .copied()
        .filter(move |&m| m == rep || text_of(m).is_some())
}

/// Gives every other member of the story's editions its representative's verdict, with a note
/// saying which text it copies, and puts them into the story in document order.
fn expand_editions<'t>(
    mut story: JudgedStory,
    editions: &Editions,
    text_of: &impl Fn(usize) -> Option<&'t Document>,
) -> JudgedStory {
    note_restatements(&mut story, editions, text_of);
    let old_members = story.members.clone();
    let mut members: Vec<usize> = Vec::new();
    for &rep in &old_members {
        members.extend(readable_edition(editions, rep, text_of));
    }
    members.sort_unstable();
    // A copy judged beside its text (a lone edition's) is in the story already.
    members.dedup();
    let copy_judged = old_members
        .iter()
        .any(|&m| editions.representative_of(m) != m);
    if members.len() == old_members.len() && !copy_judged {
        return story;
    }
    let judged = |d: usize| old_members.binary_search(&d).ok();
    let row = |d: usize| judged(d).or_else(|| judged(editions.representative_of(d)));
    let old_reports = std::mem::take(&mut story.reports);
    story.reports = members
        .iter()
        .map(|&m| {
            let rep = editions.representative_of(m);
            let mut report =
                old_reports[row(m).expect("a member's representative is in the story")].clone();
            if rep == m {
                return report;
            }
            let (Some(copy), Some(original)) = (text_of(m), text_of(rep)) else {
                return report;
            };
            // A copy has its text's report, unless it was judged itself, beside its text (a
            // lone edition's).
            let through = judged(m).is_none();
            if through {
                report.path = copy.path.clone();
                if editions.copy[m] != Copy::Identical {
                    relocate_evidence(&mut report.evidence, &copy.text);
                }
            }
            let note = copy_evidence(editions.copy[m], copy, original, through);
            report.evidence.insert(0, note);
            report
        })
        .collect();
    let old_similarity = std::mem::take(&mut story.similarity);
    story.similarity = verdict::similarity_matrix(&members, |a, b| match (row(a), row(b)) {
        _ if a == b => 1.0,
        (Some(x), Some(y)) if x == y => 1.0,
        (Some(x), Some(y)) => old_similarity[x][y],
        _ => 0.0,
    });
    story.members = members;
    story
}

/// Points a representative's evidence into a near-copy's own text: each quoted passage is found
/// again there, and evidence whose passage the copy cut is dropped.
fn relocate_evidence(evidence: &mut Vec<Evidence>, text: &str) {
    evidence.retain_mut(|e| {
        if e.text.is_empty() {
            return true;
        }
        match text.find(e.text.as_str()) {
            Some(start) => {
                e.start = start;
                e.end = start + e.text.len();
                true
            }
            None => false,
        }
    });
}

/// The first piece of evidence of an edition's member: which text it copies, and how closely.
/// Tells each member split off an edition which text it nearly copies and the fact it states
/// otherwise, quoting both: the reader sees why a reprint got a verdict of its own.
fn note_restatements<'t>(
    story: &mut JudgedStory,
    editions: &Editions,
    text_of: &impl Fn(usize) -> Option<&'t Document>,
) {
    for (&m, report) in story.members.iter().zip(&mut story.reports) {
        let Some(split) = &editions.split[m] else {
            continue;
        };
        let (Some(copy), Some(original)) = (text_of(m), text_of(split.original)) else {
            continue;
        };
        let r = &split.restatement;
        let quote =
            |d: &Document, s: crate::segment::Span| d.text.get(s.range()).unwrap_or("").to_string();
        let (here, there) = (quote(copy, r.copy), quote(original, r.original));
        // Which of the two is right is for the other versions to say, so the words take no side.
        let apart = !crate::verdict::one_kin(&story.members, &|o| editions.kin_of(o));
        let detail = format!(
            "near-copy of {} but for a {} (\"{here}\" here, \"{there}\" there); {}",
            original.path,
            r.kind.as_str(),
            if apart {
                "judged apart from it"
            } else {
                "no other version to tell which is right"
            }
        );
        report.evidence.insert(
            0,
            Evidence {
                kind: EvidenceKind::RestatedCopy,
                strength: 1.0,
                detail,
                start: r.copy.start,
                end: r.copy.end,
                text: here,
                counterpart: Some(crate::judge::Counterpart {
                    path: original.path.clone(),
                    document: split.original,
                    start: r.original.start,
                    end: r.original.end,
                    text: there,
                }),
            },
        );
    }
}

/// The note on a copy: which text it copies, and whether it is judged through that text or,
/// as the only other text of its story, beside it.
fn copy_evidence(copy: Copy, member: &Document, original: &Document, through: bool) -> Evidence {
    let how = if through {
        "judged through it"
    } else {
        "judged beside it, the only other text of its story"
    };
    let (kind, detail) = match copy {
        Copy::Near { containment } => (
            EvidenceKind::NearCopy,
            format!(
                "near-copy of {} ({:.0}% of its word 5-grams are there); {how}",
                original.path,
                containment * 100.0
            ),
        ),
        _ => (
            EvidenceKind::IdenticalCopy,
            format!("byte for byte identical to {}", original.path),
        ),
    };
    Evidence {
        kind,
        strength: 1.0,
        detail,
        start: 0,
        end: member.text.len(),
        text: String::new(),
        counterpart: None,
    }
}

/// Puts judged stories together into one comparison of `documents`, stories numbered in order.
/// A byte-identical copy is diffed through its original; a near-copy has bytes of its own.
fn assemble(
    judged: Vec<JudgedStory>,
    documents: Vec<Document>,
    skipped: Vec<InputIssue>,
) -> Comparison {
    let n = documents.len();
    let mut reports: Vec<Option<VersionReport>> = vec![None; n];
    let mut original: Vec<usize> = (0..n).collect();
    let mut c = Comparison {
        documents: Vec::new(),
        stories: Vec::new(),
        alignments: Vec::new(),
        quotes: Vec::new(),
        entities: Vec::new(),
        skipped,
        original: Vec::new(),
        sources: Vec::new(),
    };
    for (id, story) in judged.into_iter().enumerate() {
        let mut first_with_text: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
        for (&m, mut report) in story.members.iter().zip(story.reports) {
            report.story = id;
            original[m] = *first_with_text
                .entry(documents[m].text.as_str())
                .or_insert(m);
            reports[m] = Some(report);
        }
        c.alignments
            .extend(story.alignments.into_iter().map(|mut a| {
                a.story = id;
                a
            }));
        c.quotes.extend(story.quotes);
        c.entities.extend(story.entities);
        c.stories.push(Story {
            id,
            members: story.members,
            similarity: story.similarity,
        });
    }
    c.documents = reports
        .into_iter()
        .map(|r| r.expect("every document is in one story"))
        .collect();
    c.original = original;
    c.sources = documents;
    c
}
