//! The whole comparison: group documents into stories, align every pair of versions, judge.
//!
//! [`compare`] is the library's main entry point; the `compare`, `diff` and report code all work
//! from the [`Comparison`] it returns. Everything in it is deterministic: documents keep input
//! order, stories are numbered by their first member, pairs run `a < b` in input order.

use crate::align::{Link, Profile, StoryVectors};
use crate::fluency::{self, FluencyModel, SentenceFluency};
use crate::judge::{
    self, ClassShares, Counterpart, EntityDrift, EntityFinding, Evidence, EvidenceKind,
    PassageClass, PassagePair, QuoteFinding, QuoteStatus, Verdict, Version,
};
use crate::load::{Document, InputIssue};
use crate::meaning;
use crate::segment::Segmented;
use ahash::AHashMap;
use rayon::prelude::*;
use serde::Serialize;

/// Knobs of a comparison. The defaults are what the README documents.
#[derive(Debug, Clone, Copy)]
pub struct CompareOptions {
    /// Documents whose content-word cosine reaches this are aligned to see whether they are
    /// versions of one story.
    pub topic_threshold: f64,
    /// Aligned documents sharing at least this share of their words are versions of one story.
    pub story_threshold: f64,
    /// Treat all documents as versions of one story, however little they share.
    pub single_story: bool,
    /// How many pieces of evidence each version keeps, strongest first.
    pub max_evidence: usize,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            topic_threshold: 0.15,
            story_threshold: 0.25,
            single_story: false,
            max_evidence: 12,
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
    /// Index into [`Comparison::stories`].
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
    /// Garbled score in [0, 1]; `garbled` at or above 0.5.
    pub garbled: f64,
    /// Fluency minus that of the most fluent other version.
    pub fluency_below_best: f64,
    /// Mean sentence fluency of the version's reworded passages minus that of their most fluent
    /// counterparts, weighted by words; negative when this version reads worse where it differs.
    pub passage_fluency_gap: f64,
    /// Distinct names written in a case or spelling the other versions contradict.
    pub name_drifts: usize,
    /// Share of matched quotes that are altered.
    pub altered_quotes: f64,
    /// How far the version's meaning drifts from the other versions, in [0, 1]
    /// ([`meaning::assess`]); `mistranslated` at or above 0.5 with two contradicted facts.
    pub mistranslation: f64,
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

/// Two documents by index, the smaller first.
type DocPair = (usize, usize);
/// Their alignment and the share of words it covers.
type AlignedPair = (Vec<Link>, f64);

/// Compares documents: stories, alignments, findings and verdicts.
pub fn compare(
    documents: Vec<Document>,
    skipped: Vec<InputIssue>,
    options: &CompareOptions,
) -> Comparison {
    // Crawls hold many byte-identical copies; each distinct text is compared once, and its copies
    // share its result.
    let mut first_with_text: AHashMap<&str, usize> = AHashMap::new();
    let representative: Vec<usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| *first_with_text.entry(d.text.as_str()).or_insert(i))
        .collect();
    drop(first_with_text);
    let distinct: Vec<usize> = (0..documents.len())
        .filter(|&i| representative[i] == i)
        .collect();
    if distinct.len() == documents.len() {
        return compare_distinct(documents, skipped, options);
    }
    let distinct_docs = distinct.iter().map(|&i| documents[i].clone()).collect();
    let compact = compare_distinct(distinct_docs, skipped, options);
    expand_copies(compact, documents, &distinct, &representative)
}

/// Turns a comparison of the distinct texts back into one of every input: indices go back to
/// input positions, and each copy takes its original's verdict with a note saying so.
fn expand_copies(
    mut c: Comparison,
    documents: Vec<Document>,
    distinct: &[usize],
    representative: &[usize],
) -> Comparison {
    let original = |k: usize| distinct[k];
    for story in &mut c.stories {
        for m in &mut story.members {
            *m = original(*m);
        }
    }
    for a in &mut c.alignments {
        a.a_index = original(a.a_index);
        a.b_index = original(a.b_index);
    }
    for q in &mut c.quotes {
        q.document = original(q.document);
        if let Some(cp) = &mut q.counterpart {
            cp.document = original(cp.document);
        }
    }
    for e in &mut c.entities {
        e.document = original(e.document);
    }
    for r in &mut c.documents {
        for e in &mut r.evidence {
            if let Some(cp) = &mut e.counterpart {
                cp.document = original(cp.document);
            }
        }
    }
    let compact_of: AHashMap<usize, usize> =
        distinct.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let reports: Vec<VersionReport> = (0..documents.len())
        .map(|i| {
            let rep = representative[i];
            let mut report = c.documents[compact_of[&rep]].clone();
            if rep != i {
                report.path = documents[i].path.clone();
                report.evidence.insert(
                    0,
                    Evidence {
                        kind: EvidenceKind::IdenticalCopy,
                        strength: 1.0,
                        detail: format!("byte for byte identical to {}", documents[rep].path),
                        start: 0,
                        end: documents[i].text.len(),
                        text: String::new(),
                        counterpart: None,
                    },
                );
            }
            report
        })
        .collect();
    for story in &mut c.stories {
        // Copies join their original's story, with its similarities.
        let copies: Vec<usize> = (0..documents.len())
            .filter(|&i| representative[i] != i && story.members.contains(&representative[i]))
            .collect();
        if copies.is_empty() {
            continue;
        }
        let old = story.members.clone();
        let old_similarity = story.similarity.clone();
        let old_row = |d: usize| old.iter().position(|&m| m == representative[d]);
        story.members.extend(copies);
        story.members.sort_unstable();
        story.similarity =
            similarity_matrix(&story.members, |a, b| match (old_row(a), old_row(b)) {
                _ if representative[a] == representative[b] => 1.0,
                (Some(x), Some(y)) => old_similarity[x][y],
                _ => 0.0,
            });
    }
    c.documents = reports;
    c.sources = documents;
    c.original = representative.to_vec();
    c
}

fn compare_distinct(
    documents: Vec<Document>,
    skipped: Vec<InputIssue>,
    options: &CompareOptions,
) -> Comparison {
    // The English model takes tens of milliseconds to decode; alignment does not need it, so it
    // decodes beside segmentation and alignment.
    let warm_up = std::thread::spawn(|| {
        FluencyModel::english();
    });
    let segmented: Vec<Segmented> = documents
        .par_iter()
        .map(|d| Segmented::new(&d.text))
        .collect();
    let profiles: Vec<Profile> = segmented.par_iter().map(Profile::new).collect();
    // Stage one: cheap topic groups by content-word cosine. Stage two: within a group, align every
    // pair; versions of one story share passages, articles on the same event share words.
    let (topic_of, topic_edges) = if options.single_story {
        (vec![0; documents.len()], Vec::new())
    } else {
        topic_groups(&segmented, options.topic_threshold)
    };
    let mut group_members: Vec<Vec<usize>> = Vec::new();
    for (doc, &g) in topic_of.iter().enumerate() {
        if g == group_members.len() {
            group_members.push(Vec::new());
        }
        group_members[g].push(doc);
    }
    let mut links_of: AHashMap<DocPair, AlignedPair> = AHashMap::new();
    for members in &group_members {
        let member_profiles: Vec<&Profile> = members.iter().map(|&d| &profiles[d]).collect();
        let vectors = StoryVectors::new(&member_profiles);
        let pair_list = pairs_to_align(members, &topic_edges);
        let aligned: Vec<(DocPair, AlignedPair)> = pair_list
            .par_iter()
            .map(|&(x, y)| {
                let (a, b) = (members[x], members[y]);
                // Alignment is not symmetric in its tie-breaks, so each pair is aligned from the
                // document whose path sorts first and mirrored back: the result depends on the
                // paths, never on the order the documents came in.
                let links = if documents[b].path < documents[a].path {
                    let mut links = vectors.align(y, x).links;
                    for l in &mut links {
                        std::mem::swap(&mut l.a, &mut l.b);
                    }
                    links
                } else {
                    vectors.align(x, y).links
                };
                let coverage = coverage(&links, &profiles[a], &profiles[b]);
                ((a, b), (links, coverage))
            })
            .collect();
        links_of.extend(aligned);
    }
    // A failed warm-up thread only means the model decodes here instead.
    let _ = warm_up.join();
    let model = FluencyModel::english();
    let sentence_fluency: Vec<Vec<SentenceFluency>> = documents
        .par_iter()
        .zip(&profiles)
        .map(|(d, p)| {
            p.units
                .iter()
                .map(|u| model.score_sentence(d.text.get(u.span.range()).unwrap_or("")))
                .collect()
        })
        .collect();
    let fluency: Vec<Vec<f64>> = sentence_fluency
        .iter()
        .map(|units| units.iter().map(|f| f.score).collect())
        .collect();
    // Headlines and credits are not prose; the document score reads only body sentences.
    let document_fluency: Vec<f64> = sentence_fluency
        .iter()
        .zip(&profiles)
        .map(|(units, p)| {
            let body: Vec<SentenceFluency> = units
                .iter()
                .zip(&p.units)
                .filter(|(_, u)| !u.heading)
                .map(|(f, _)| f.clone())
                .collect();
            fluency::document_fluency(&body).score
        })
        .collect();
    let positional: Vec<Vec<bool>> = segmented
        .par_iter()
        .map(judge::positional_capitals)
        .collect();
    let versions: Vec<Version> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| Version {
            path: &d.path,
            text: &d.text,
            seg: &segmented[i],
            profile: &profiles[i],
            fluency: &fluency[i],
            document_fluency: document_fluency[i],
            positional: &positional[i],
        })
        .collect();
    // Meaning drift (issue 12): each document's checkable facts, found once.
    let facts: Vec<meaning::Facts> = versions
        .par_iter()
        .map(|v| meaning::Facts::new(v.text, v.seg, v.positional))
        .collect();

    let story_of = union_find(documents.len(), |union| {
        for (&(a, b), (_, coverage)) in &links_of {
            if options.single_story || *coverage >= options.story_threshold {
                union(a, b);
            }
        }
    });
    let mut stories: Vec<Story> = Vec::new();
    for (doc, &s) in story_of.iter().enumerate() {
        if s == stories.len() {
            stories.push(Story {
                id: s,
                members: Vec::new(),
                similarity: Vec::new(),
            });
        }
        stories[s].members.push(doc);
    }
    for story in &mut stories {
        story.similarity = similarity_matrix(&story.members, |a, b| {
            if a == b {
                1.0
            } else {
                links_of.get(&(a.min(b), a.max(b))).map_or(0.0, |(_, c)| *c)
            }
        });
    }

    let mut alignments = Vec::new();
    let mut quotes = Vec::new();
    let mut entities = Vec::new();
    let mut story_pairs: Vec<Vec<(usize, usize, Vec<PassagePair>)>> = Vec::new();
    for story in &stories {
        let members = &story.members;
        let pair_list: Vec<(usize, usize)> = (0..members.len())
            .flat_map(|x| (x + 1..members.len()).map(move |y| (members[x], members[y])))
            .collect();
        let pairs: Vec<(usize, usize, Vec<PassagePair>)> = pair_list
            .par_iter()
            .filter_map(|&(a, b)| {
                let (links, _) = links_of.get(&(a, b))?;
                let mut classified = judge::classify_links(&versions[a], &versions[b], links);
                meaning::set_drift(
                    (&facts[a], &profiles[a]),
                    (&facts[b], &profiles[b]),
                    &mut classified,
                );
                Some((a, b, classified))
            })
            .collect();
        quotes.extend(judge::check_quotes(&versions, members));
        entities.extend(judge::check_entities(&versions, members, &pairs));
        story_pairs.push(pairs);
    }

    // Garbling is judged per version first; reworded passages then take the class their
    // versions' verdicts and fluency call for.
    let evidence: Vec<GarbleEvidence> = (0..documents.len())
        .into_par_iter()
        .map(|d| {
            let story = story_of[d];
            garble_evidence(
                d,
                &versions,
                &stories[story],
                &story_pairs[story],
                &entities,
            )
        })
        .collect();
    let garbled: Vec<bool> = evidence
        .iter()
        .map(|e| e.score >= judge::thresholds::GARBLED_VERDICT)
        .collect();
    for pairs in &mut story_pairs {
        mark_garbled_passages(pairs, &versions, &garbled);
    }
    // Meaning drift per version, every witness weighing 1.0 until independence weights exist.
    let witness_weights = vec![1.0; documents.len()];
    let assessed: Vec<meaning::Mistranslation> = (0..documents.len())
        .into_par_iter()
        .map(|d| {
            let pairs = &story_pairs[story_of[d]];
            meaning::assess(d, (&versions, &facts), pairs, &witness_weights, &garbled)
        })
        .collect();
    for pairs in &mut story_pairs {
        meaning::mark_mistranslated_passages(pairs, &versions, &assessed);
    }
    for (story, pairs) in stories.iter().zip(&story_pairs) {
        for (a, b, classified) in pairs {
            alignments.push(PairReport {
                a: documents[*a].path.clone(),
                b: documents[*b].path.clone(),
                a_index: *a,
                b_index: *b,
                story: story.id,
                similarity: links_of.get(&(*a, *b)).map_or(0.0, |(_, c)| *c),
                pairs: classified.clone(),
            });
        }
    }

    let reports: Vec<VersionReport> = (0..documents.len())
        .into_par_iter()
        .map(|d| {
            let story = story_of[d];
            judge_version(
                d,
                &versions,
                &stories[story],
                &story_pairs[story],
                evidence[d],
                Findings {
                    quotes: &quotes,
                    entities: &entities,
                    meaning: &assessed[d],
                },
                options,
            )
        })
        .collect();

    Comparison {
        documents: reports,
        stories,
        alignments,
        quotes,
        entities,
        skipped,
        original: (0..documents.len()).collect(),
        sources: documents,
    }
}

/// The story's similarity matrix: `similarity(a, b)` for every pair of members, in member order.
fn similarity_matrix(members: &[usize], similarity: impl Fn(usize, usize) -> f64) -> Vec<Vec<f64>> {
    members
        .iter()
        .map(|&a| members.iter().map(|&b| similarity(a, b)).collect())
        .collect()
}

/// Share of both versions' words that the alignment pairs with a counterpart.
fn coverage(links: &[Link], a: &Profile, b: &Profile) -> f64 {
    let words = |p: &Profile, units: std::ops::Range<usize>| -> usize {
        units.map(|u| p.units[u].words.len()).sum()
    };
    let matched: usize = links
        .iter()
        .filter(|l| l.is_match())
        .map(|l| words(a, l.a.clone()) + words(b, l.b.clone()))
        .sum();
    let total = words(a, 0..a.len()) + words(b, 0..b.len());
    if total > 0 {
        matched as f64 / total as f64
    } else {
        0.0
    }
}

/// Numbers connected components by their first member: `connect` calls `union(a, b)` for every
/// edge.
fn union_find(n: usize, connect: impl FnOnce(&mut dyn FnMut(usize, usize))) -> Vec<usize> {
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut root = x;
        while parent[root] != root {
            root = parent[root];
        }
        let mut c = x;
        while parent[c] != root {
            let next = parent[c];
            parent[c] = root;
            c = next;
        }
        root
    }
    let mut parent: Vec<usize> = (0..n).collect();
    connect(&mut |a, b| {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    });
    let mut id_of_root: AHashMap<usize, usize> = AHashMap::new();
    (0..n)
        .map(|d| {
            let root = find(&mut parent, d);
            let next = id_of_root.len();
            *id_of_root.entry(root).or_insert(next)
        })
        .collect()
}

/// Groups documents that could be versions of one story: bags of content words and numbers,
/// weighted by inverse document frequency over the pile, joined by cosine at `threshold`.
fn topic_groups(segmented: &[Segmented], threshold: f64) -> (Vec<usize>, Vec<(usize, usize, f64)>) {
    let n = segmented.len();
    let bags: Vec<AHashMap<&str, f64>> = segmented
        .iter()
        .map(|s| {
            let mut bag: AHashMap<&str, f64> = AHashMap::new();
            for w in &s.words {
                if !crate::align::is_function_word(&w.key) {
                    *bag.entry(w.key.as_str()).or_default() += 1.0;
                }
            }
            bag
        })
        .collect();
    let mut df: AHashMap<&str, f64> = AHashMap::new();
    for bag in &bags {
        for k in bag.keys() {
            *df.entry(k).or_default() += 1.0;
        }
    }
    // With one or two documents every word has a high document frequency; a floor keeps their
    // weights meaningful.
    let docs = (n as f64).max(8.0);
    // Sorted sparse vectors: the dot products then add up in one fixed order, so the similarities
    // (and so the grouping) are the same in every run.
    let vectors: Vec<Vec<(&str, f64)>> = bags
        .into_iter()
        .map(|bag| {
            let mut v: Vec<(&str, f64)> = bag
                .into_iter()
                .map(|(k, tf)| (k, (1.0 + tf.ln()) * (1.0 + docs / df[k]).ln()))
                .collect();
            v.sort_unstable_by(|x, y| x.0.cmp(y.0));
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect();
    let cos = |a: usize, b: usize| -> f64 {
        let (x, y) = (&vectors[a], &vectors[b]);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    };
    let edges: Vec<(usize, usize, f64)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|a| {
            (a + 1..n)
                .map(move |b| (a, b, cos(a, b)))
                .filter(|&(_, _, c)| c >= threshold)
        })
        .collect();
    let groups = union_find(n, |union| {
        for &(a, b, _) in &edges {
            union(a, b);
        }
    });
    (groups, edges)
}

/// Groups larger than this are not aligned pair by pair: each version is aligned with its
/// [`NEAREST_IN_LARGE_GROUP`] most similar versions only, which keeps the cost linear.
pub const MAX_FULLY_ALIGNED_GROUP: usize = 150;
pub const NEAREST_IN_LARGE_GROUP: usize = 10;

/// The pairs of a topic group to align: all of them, or in a large group each member's nearest.
fn pairs_to_align(members: &[usize], edges: &[(usize, usize, f64)]) -> Vec<(usize, usize)> {
    if members.len() <= MAX_FULLY_ALIGNED_GROUP {
        return (0..members.len())
            .flat_map(|x| (x + 1..members.len()).map(move |y| (x, y)))
            .collect();
    }
    let position: AHashMap<usize, usize> =
        members.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    let mut nearest: Vec<Vec<(f64, usize)>> = vec![Vec::new(); members.len()];
    for &(a, b, c) in edges {
        if let (Some(&x), Some(&y)) = (position.get(&a), position.get(&b)) {
            nearest[x].push((c, y));
            nearest[y].push((c, x));
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (x, list) in nearest.iter_mut().enumerate() {
        if list.is_empty() {
            // Nothing similar enough (or one story was forced): its neighbours in input order.
            list.extend(
                (x + 1..members.len())
                    .take(NEAREST_IN_LARGE_GROUP)
                    .map(|y| (0.0, y)),
            );
        }
        list.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
        for &(_, y) in list.iter().take(NEAREST_IN_LARGE_GROUP) {
            pairs.push((x.min(y), x.max(y)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The fidelity findings of a comparison, for the verdicts to draw evidence from.
#[derive(Clone, Copy)]
struct Findings<'a> {
    quotes: &'a [QuoteFinding],
    entities: &'a [EntityFinding],
    meaning: &'a meaning::Mistranslation,
}

/// A unit's closest counterpart: (similarity, class from this version's side, the pair, the
/// other document, the side this version is on).
type BestMatch<'p> = (f64, PassageClass, &'p PassagePair, usize, judge::Side);

/// The verdict on one version from its passages, its fluency and the fidelity findings.
fn judge_version(
    d: usize,
    versions: &[Version],
    story: &Story,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    garble: GarbleEvidence,
    findings: Findings,
    options: &CompareOptions,
) -> VersionReport {
    let Findings {
        quotes,
        entities,
        meaning: drifted,
    } = findings;
    let v = &versions[d];
    let units = v.profile.units.len();
    // For every unit, the best-matching passage in any sibling, from this version's side.
    let mut best: Vec<Option<BestMatch>> = vec![None; units];
    for (other, side, links) in judge::pairs_with(d, pairs) {
        for p in links.iter().filter(|p| p.class != PassageClass::Unique) {
            let (my_units, _) = p.sides(side);
            // A garbled pair speaks against this version only when this is the garbled side.
            let class = if p.class == PassageClass::Garbled && !p.garbled_on(side) {
                PassageClass::Paraphrase
            } else {
                meaning::class_from(p, side)
            };
            for u in my_units {
                // Ties go to the closer class, then to the sibling whose path sorts first, so
                // that the result does not depend on the order the documents came in.
                let better = |&(s, c, q, o, _): &BestMatch| {
                    p.similarity
                        .total_cmp(&s)
                        .then(p.word_similarity.total_cmp(&q.word_similarity))
                        .then(c.cmp(&class))
                        .then(versions[o].path.cmp(versions[other].path))
                        .is_gt()
                };
                if best[u].as_ref().is_none_or(better) {
                    best[u] = Some((p.similarity, class, p, other, side));
                }
            }
        }
    }
    let total_words: usize = v.profile.units.iter().map(|u| u.words.len()).sum();
    let mut shares = ClassShares::default();
    for (u, b) in best.iter().enumerate() {
        let w = v.profile.units[u].words.len() as f64 / total_words.max(1) as f64;
        match b.map(|b| b.1).unwrap_or(PassageClass::Unique) {
            PassageClass::Verbatim => shares.verbatim += w,
            PassageClass::Edited => shares.edited += w,
            PassageClass::Paraphrase => shares.paraphrase += w,
            PassageClass::Garbled => shares.garbled += w,
            PassageClass::Mistranslated => shares.mistranslated += w,
            PassageClass::Unique => shares.unique += w,
        }
    }
    let coverage = 1.0 - shares.unique;
    let aligned = coverage.max(1e-9);

    let fluency = v.document_fluency;

    let my_entities: Vec<&EntityFinding> = entities.iter().filter(|e| e.document == d).collect();
    let my_quotes: Vec<&QuoteFinding> = quotes.iter().filter(|q| q.document == d).collect();
    let matched_quotes = my_quotes
        .iter()
        .filter(|q| q.status != QuoteStatus::Unmatched)
        .count();
    let altered_quotes = if matched_quotes > 0 {
        my_quotes
            .iter()
            .filter(|q| q.status == QuoteStatus::Altered)
            .count() as f64
            / matched_quotes as f64
    } else {
        0.0
    };

    let garbled = garble.score;
    let signals = Signals {
        coverage,
        garbled,
        fluency_below_best: garble.below_best,
        passage_fluency_gap: garble.gap,
        name_drifts: garble.name_drifts,
        altered_quotes,
        mistranslation: drifted.score,
    };
    let copied = (shares.verbatim + shares.edited) / aligned;
    let (verdict, score) =
        if story.members.len() < 2 || coverage < judge::thresholds::RELATED_COVERAGE {
            (Verdict::Unrelated, 1.0 - coverage)
        } else if garbled >= judge::thresholds::GARBLED_VERDICT {
            (Verdict::Garbled, garbled)
        } else if meaning::is_mistranslated(drifted) {
            (Verdict::Mistranslated, drifted.score)
        } else if copied >= 0.75 && shares.verbatim / aligned >= 0.5 {
            (Verdict::Faithful, copied)
        } else if copied >= 0.35 || (matched_quotes >= 2 && altered_quotes < 0.35) {
            // Reworded framing around quotes kept word for word is an outlet's own edit of the
            // story; a paraphrase rewords the quotes too.
            (Verdict::Edited, copied.max(1.0 - altered_quotes))
        } else {
            (Verdict::Paraphrased, 1.0 - copied)
        };

    let mut evidence = Vec::new();
    for e in &my_entities {
        let (kind, detail, strength) = match e.drift {
            EntityDrift::Case => (
                EvidenceKind::NameCase,
                format!(
                    "\"{}\" where {} other version(s) write \"{}\"",
                    e.text, e.support, e.expected
                ),
                0.8,
            ),
            EntityDrift::Spelling => (
                EvidenceKind::NameSpelling,
                format!(
                    "\"{}\" where the aligned passage names \"{}\"",
                    e.text, e.expected
                ),
                0.9,
            ),
            EntityDrift::Number => (
                EvidenceKind::NumberChanged,
                format!(
                    "\"{}\" where the aligned passage has \"{}\"",
                    e.text, e.expected
                ),
                0.6,
            ),
        };
        evidence.push(Evidence {
            kind,
            strength,
            detail,
            start: e.start,
            end: e.end,
            text: e.text.clone(),
            counterpart: None,
        });
    }
    evidence.extend(meaning_evidence(v, drifted));
    for q in my_quotes
        .iter()
        .filter(|q| q.status == QuoteStatus::Altered)
    {
        evidence.push(Evidence {
            kind: EvidenceKind::AlteredQuote,
            strength: 0.5 + 0.5 * (1.0 - q.similarity).clamp(0.0, 1.0) * 0.8,
            detail: format!(
                "quote differs from {} ({:.0}% of words shared)",
                q.counterpart
                    .as_ref()
                    .map_or("its counterpart", |c| c.path.as_str()),
                q.similarity * 100.0
            ),
            start: q.start,
            end: q.end,
            text: q.text.clone(),
            counterpart: q.counterpart.clone(),
        });
    }
    for (u, b) in best.iter().enumerate() {
        let Some((sim, class, p, other, side)) = b else {
            continue;
        };
        let kind = match class {
            PassageClass::Garbled => EvidenceKind::GarbledPassage,
            PassageClass::Mistranslated => EvidenceKind::MistranslatedPassage,
            PassageClass::Paraphrase if verdict == Verdict::Paraphrased => {
                EvidenceKind::ParaphrasedPassage
            }
            PassageClass::Verbatim | PassageClass::Edited
                if matches!(verdict, Verdict::Faithful | Verdict::Edited) =>
            {
                EvidenceKind::SharedPassage
            }
            _ => continue,
        };
        // One piece of evidence per passage, at its first unit.
        let (my_units, their_units) = p.sides(*side);
        if my_units.start != u {
            continue;
        }
        let o = &versions[*other];
        let span = unit_span(v, my_units.clone());
        let their_span = unit_span(o, their_units);
        let strength = match class {
            PassageClass::Garbled => 0.5 + 0.3 * (1.0 - v.unit_fluency(u).clamp(0.0, 1.0)),
            _ => 0.3 + 0.4 * sim,
        };
        evidence.push(Evidence {
            kind,
            strength,
            detail: format!(
                "{} passage ({:.0}% similar, {:.0}% same words) against {}",
                class.as_str(),
                sim * 100.0,
                p.word_similarity * 100.0,
                o.path
            ),
            start: span.start,
            end: span.end,
            text: v.text.get(span.range()).unwrap_or("").to_string(),
            counterpart: Some(Counterpart {
                path: o.path.to_string(),
                document: *other,
                start: their_span.start,
                end: their_span.end,
                text: o.text.get(their_span.range()).unwrap_or("").to_string(),
            }),
        });
    }
    for w in v.seg.words.iter().filter(|w| w.run_together) {
        evidence.push(Evidence {
            kind: EvidenceKind::RunTogether,
            strength: 0.2,
            detail: "words run together at a missing space".to_string(),
            start: w.span.start,
            end: w.span.end,
            text: v.text.get(w.span.range()).unwrap_or("").to_string(),
            counterpart: None,
        });
    }
    if verdict == Verdict::Unrelated {
        evidence.insert(
            0,
            Evidence {
                kind: EvidenceKind::NothingShared,
                strength: 1.0,
                detail: format!(
                    "only {:.0}% of its words align with another version",
                    coverage * 100.0
                ),
                start: 0,
                end: 0,
                text: String::new(),
                counterpart: None,
            },
        );
    }
    // Evidence that speaks for the verdict comes first.
    let relevant = |k: EvidenceKind| -> bool {
        match verdict {
            Verdict::Garbled => matches!(
                k,
                EvidenceKind::GarbledPassage
                    | EvidenceKind::NameCase
                    | EvidenceKind::NameSpelling
                    | EvidenceKind::AlteredQuote
            ),
            Verdict::Paraphrased => matches!(
                k,
                EvidenceKind::AlteredQuote | EvidenceKind::ParaphrasedPassage
            ),
            Verdict::Mistranslated => matches!(
                k,
                EvidenceKind::ContradictedFact
                    | EvidenceKind::MistranslatedPassage
                    | EvidenceKind::NumberChanged
            ),
            _ => true,
        }
    };
    evidence.sort_by(|x, y| {
        relevant(y.kind)
            .cmp(&relevant(x.kind))
            .then(y.strength.total_cmp(&x.strength))
            .then(x.start.cmp(&y.start))
    });
    evidence.truncate(options.max_evidence);

    VersionReport {
        path: v.path.to_string(),
        verdict,
        score: score.clamp(0.0, 1.0),
        story: story.id,
        evidence,
        passages: shares,
        fluency,
        signals,
    }
}

/// The facts of a version the other versions contradict, quoting both sides.
fn meaning_evidence<'a>(
    v: &'a Version,
    drifted: &'a meaning::Mistranslation,
) -> impl Iterator<Item = Evidence> + 'a {
    drifted.misstatements.iter().map(move |m| {
        let others = if m.support > 1.0 {
            "the other versions say"
        } else {
            "the other version says"
        };
        Evidence {
            kind: EvidenceKind::ContradictedFact,
            strength: 0.6 + 0.3 * (m.support / (m.support + m.against)).clamp(0.0, 1.0),
            detail: if m.kind == meaning::FactKind::Negation {
                format!(
                    "negation differs: {others} the opposite ({:.1} against {:.1} witnesses)",
                    m.support, m.against
                )
            } else {
                format!(
                    "says {} where {others} {} ({}; {:.1} against {:.1} witnesses)",
                    m.text,
                    m.expected,
                    m.kind.as_str(),
                    m.support,
                    m.against
                )
            },
            start: m.span.start,
            end: m.span.end,
            text: v.text.get(m.span.range()).unwrap_or("").to_string(),
            counterpart: Some(m.counterpart.clone()),
        }
    })
}

fn unit_span(v: &Version, units: std::ops::Range<usize>) -> crate::segment::Span {
    if units.is_empty() {
        return crate::segment::Span::default();
    }
    v.profile.units[units.start]
        .span
        .cover(v.profile.units[units.end - 1].span)
}

/// Passages shorter than this many words are too noisy to compare for fluency.
const MIN_COMPARED_WORDS: usize = 5;

/// For each reworded passage of version `d`, its fluency minus that of the most fluent aligned
/// counterpart in any other version; the word-weighted mean over the version. Negative when the
/// version reads worse exactly where it differs from the others.
fn passage_fluency_gap(
    d: usize,
    versions: &[Version],
    pairs: &[(usize, usize, Vec<PassagePair>)],
) -> f64 {
    let v = &versions[d];
    let mut gap: Vec<Option<f64>> = vec![None; v.profile.units.len()];
    for (other, side, links) in judge::pairs_with(d, pairs) {
        let o = &versions[other];
        for p in links
            .iter()
            .filter(|p| !matches!(p.class, PassageClass::Unique | PassageClass::Verbatim))
        {
            let (mine, theirs) = p.sides(side);
            let words: usize = mine.clone().map(|u| v.profile.units[u].words.len()).sum();
            if words < MIN_COMPARED_WORDS {
                continue;
            }
            let g = v.fluency_of(mine.clone()) - o.fluency_of(theirs);
            for u in mine {
                if gap[u].is_none_or(|old| g < old) {
                    gap[u] = Some(g);
                }
            }
        }
    }
    let (mut sum, mut weight) = (0.0, 0.0);
    for (u, g) in gap.iter().enumerate() {
        if let Some(g) = g {
            let w = v.profile.units[u].words.len() as f64;
            sum += g * w;
            weight += w;
        }
    }
    if weight > 0.0 { sum / weight } else { 0.0 }
}

/// The garbling evidence on one version, gathered before passages get their final classes.
#[derive(Debug, Clone, Copy, Default)]
struct GarbleEvidence {
    gap: f64,
    below_best: f64,
    name_drifts: usize,
    score: f64,
}

/// Weights of the garbled score, a logistic model over three signals: the fluency gap of the
/// reworded passages against their counterparts, the version's own fluency, and the number of
/// distinct names it mangles. Fitted on the shared development set and on `fixtures/drift`
/// (see the README's Evaluation section), then set so that no human version there crosses 0.5.
mod garble_weights {
    pub const BIAS: f64 = 5.6;
    pub const PASSAGE_GAP: f64 = -18.4;
    pub const FLUENCY: f64 = -21.2;
    pub const PER_NAME: f64 = 2.6;
    /// Mangled names beyond this many add nothing: one long story may hold many.
    pub const NAMES_COUNTED: usize = 3;
}

fn garble_evidence(
    d: usize,
    versions: &[Version],
    story: &Story,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    entities: &[EntityFinding],
) -> GarbleEvidence {
    let v = &versions[d];
    let gap = passage_fluency_gap(d, versions, pairs);
    let best = story
        .members
        .iter()
        .filter(|&&m| m != d)
        .map(|&m| versions[m].document_fluency)
        .fold(f64::NAN, f64::max);
    let below_best = if best.is_nan() {
        0.0
    } else {
        v.document_fluency - best
    };
    let name_drifts = entities
        .iter()
        .filter(|e| e.document == d && matches!(e.drift, EntityDrift::Case | EntityDrift::Spelling))
        .map(|e| e.text.to_lowercase())
        .collect::<ahash::AHashSet<_>>()
        .len();
    // A lone version has nothing to be compared with; its verdict is `unrelated` anyway.
    let score = if story.members.len() < 2 {
        0.0
    } else {
        use garble_weights::*;
        let z = BIAS
            + PASSAGE_GAP * gap
            + FLUENCY * v.document_fluency
            + PER_NAME * name_drifts.min(NAMES_COUNTED) as f64;
        1.0 / (1.0 + (-z).exp())
    };
    GarbleEvidence {
        gap,
        below_best,
        name_drifts,
        score,
    }
}

/// Reworded passages of a garbled version are garbled, unless they read clearly better than
/// their counterpart (then the counterpart is the garbled side, or neither is).
fn mark_garbled_passages(
    pairs: &mut [(usize, usize, Vec<PassagePair>)],
    versions: &[Version],
    garbled: &[bool],
) {
    const CLEARLY_BETTER: f64 = 0.05;
    for (a, b, links) in pairs.iter_mut() {
        if !garbled[*a] && !garbled[*b] {
            continue;
        }
        for p in links
            .iter_mut()
            .filter(|p| p.class == PassageClass::Paraphrase)
        {
            let fa = versions[*a].fluency_of(p.a_units.clone());
            let fb = versions[*b].fluency_of(p.b_units.clone());
            let side = match (garbled[*a], garbled[*b]) {
                // Equal fluency: the side whose path sorts later, so that the side does not
                // depend on which document came first.
                (true, true) => Some(match fa.total_cmp(&fb) {
                    std::cmp::Ordering::Less => 0,
                    std::cmp::Ordering::Greater => 1,
                    std::cmp::Ordering::Equal => u8::from(versions[*b].path > versions[*a].path),
                }),
                (true, false) if fa <= fb + CLEARLY_BETTER => Some(0),
                (false, true) if fb <= fa + CLEARLY_BETTER => Some(1),
                _ => None,
            };
            if let Some(side) = side {
                p.class = PassageClass::Garbled;
                p.garbled_side = Some(side);
            }
        }
    }
}

impl Version<'_> {
    fn unit_fluency(&self, u: usize) -> f64 {
        self.fluency.get(u).copied().unwrap_or(0.0)
    }
}
