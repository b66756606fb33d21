//! Candidate versions: which pairs of documents could tell the same story, however reworded.
//!
//! `cluster`'s word shingles find reprints, but rewrites, paraphrases and machine round trips of
//! one story share only 4-7% of their word 5-grams, while articles about the same event share
//! much of their vocabulary. What versions keep, and other stories do not, is the story's *rare*
//! words: its names, places and specific terms ("Machtolsheim", "staffers", "Kamens"). This stage
//! works in two steps, each near-linear in the pile:
//!
//! 1. **Fingerprint** each text on its own ([`Fingerprinter::fingerprint`]): its *content words*
//!    (word keys as every stage matches them, function words and one-character tokens dropped,
//!    a possessive `'s` cut off) and, among them, its *rare terms*: the content words outside
//!    the 8,000 most frequent word forms of the built-in English model
//!    ([`crate::fluency::FluencyModel::is_frequent_form`]), and numbers of three or more
//!    characters. The rare terms get a one-permutation MinHash signature
//!    ([`crate::sketch::Sketcher`]) cut into LSH band keys ([`crate::index`]); the fingerprint keeps
//!    the band keys and the sorted content-word hashes, nothing else, so the text can be dropped.
//! 2. **Pair** the fingerprints ([`candidate_pairs`]). Two kinds of pairs are proposed:
//!    documents that agree on a whole band, exactly as `cluster` proposes them; and documents
//!    that share at least [`CandidateOptions::shared_rare`] rare terms used by no more than
//!    [`CandidateOptions::max_df`] documents of the pile. Long rewrites share a dozen names or
//!    more but only 10-20% of their rare terms, too little for LSH; a term many documents use
//!    names an event, not a story, and its posting is skipped, which keeps the work linear.
//!    Each proposal is scored by the IDF-weighted Jaccard similarity of the two content-word
//!    sets, weights `ln(1 + N / df)` over the fingerprints of the pile: words the whole pile
//!    uses (an event's "Trump", "Putin", "Helsinki") weigh little, the story's own words a lot.
//!    Proposals under [`CandidateOptions::threshold`] are dropped.
//!
//! Why this signal, measured on `../shared/pile-dev` (24 families, 162 same-event distractors)
//! with the seeds: every same-family pair is proposed; among the dev families every pair scores
//! at least 0.196 and the seeds 0.14-0.23, while the closest pair of a family member and
//! another story scores 0.21 (web pages sharing their markup). Character 5-grams, the old
//! advice, put unrelated pairs up to 0.27 and same-family pairs down to 0.24. The README's
//! "Candidate versions" has the figures with generated bulk, and what is not met.
//!
//! A bucket holding more than [`CandidateOptions::max_bucket`] documents (one rare word shared
//! by a whole crawl, or thousands of copies of one text) is linked as a star around its first
//! member rather than pair by pair, so the count of proposals stays linear in the bucket.
//!
//! Everything is a function of the texts, their order and the options: the same pile gives the
//! same pairs on any number of threads.

use crate::fluency::FluencyModel;
use crate::index::{Banding, band_key, banded_pairs, merge_sorted};
use crate::shingle::{Scratch, for_each_token};
use crate::sketch::{MAX_PERM, ParamError, Params, Sketcher};
use ahash::AHashMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// Every knob of the candidate stage, with defaults measured on the development pile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CandidateOptions {
    /// Slots of the rare-term signature. Default 128.
    pub perm: usize,
    /// How the signature is cut into LSH bands. Default 42 bands of 3 rows over 128 slots: a
    /// pair sharing 30% of its rare terms is proposed with probability 0.68, 40% with 0.94,
    /// 50% with 0.996; random news pairs (1-5% shared) with 4e-5 to 5e-3.
    pub banding: Banding,
    /// Seed of the signature's hash functions; same seed, same pairs.
    pub seed: u64,
    /// Least IDF-weighted Jaccard similarity of the content words for a proposal to be kept, in
    /// [0, 1]. Default 0.12: low, so that versions are not lost (on `../shared/pile-dev` with
    /// the dev families, the seeds and `fixtures/drift` in one pile, every family stays whole up
    /// to 0.16), and high enough that on one event's worth of text the pairs that alignment
    /// must reject stay near-linear in number (at 0.1, 4x the generated bulk made 9.8x the
    /// candidates; at 0.12, 4.8x). See the README's "compare on a crawl".
    pub threshold: f64,
    /// Buckets with more documents than this are linked as a star (see the module docs).
    /// Default 64.
    pub max_bucket: usize,
    /// Also propose two documents that share at least this many rare terms, each used by at
    /// most [`CandidateOptions::max_df`] documents of the pile; 0 turns this off. Default 8.
    /// Long rewrites share a dozen names and terms or more while sharing only 10-20% of their
    /// rare terms, too little for LSH (the five seeds share 12-37).
    pub shared_rare: usize,
    /// A rare term used by more documents than this names an event or a beat, not a story,
    /// and proposes nothing by itself being shared. Default 64.
    pub max_df: usize,
}

impl Default for CandidateOptions {
    fn default() -> Self {
        CandidateOptions {
            perm: 128,
            banding: Banding { bands: 42, rows: 3 },
            seed: 0,
            threshold: 0.12,
            max_bucket: 64,
            shared_rare: 8,
            max_df: 64,
        }
    }
}

impl CandidateOptions {
    /// Checks every field, naming the first bad one and its valid range.
    pub fn validate(&self) -> Result<(), ParamError> {
        Params {
            perm: self.perm,
            ..Params::default()
        }
        .validate()?;
        let Banding { bands, rows } = self.banding;
        if bands == 0 || rows == 0 || bands * rows > self.perm {
            return Err(ParamError::new(format!(
                "banding must have at least one band of at least one row, and bands x rows at \
                 most perm ({}); got {bands} x {rows}",
                self.perm
            )));
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(ParamError::new(format!(
                "threshold must be in [0, 1], got {}",
                self.threshold
            )));
        }
        if self.max_bucket < 2 {
            return Err(ParamError::new("max-bucket must be at least 2".into()));
        }
        if self.max_df < 2 {
            return Err(ParamError::new("max-df must be at least 2".into()));
        }
        Ok(())
    }
}

/// What the candidate stage keeps of one document: plain data, computed from its text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// One LSH key per band of the rare-term signature; empty when the text has fewer than
    /// [`MIN_RARE_TERMS`] rare terms, and such a document is never proposed.
    pub bands: Vec<u64>,
    /// Sorted, deduplicated xxh3 hashes of the content words, for scoring proposals.
    pub terms: Vec<u64>,
    /// The rare terms among them, sorted and deduplicated, for proposals by shared rare terms.
    pub rare: Vec<u64>,
}

impl Fingerprint {
    /// Bytes held, for memory figures.
    pub fn heap_bytes(&self) -> usize {
        (self.bands.capacity() + self.terms.capacity() + self.rare.capacity()) * 8
    }
}

/// A text needs this many distinct rare terms to be proposed: with one, every text naming the
/// same single place would share every band.
pub const MIN_RARE_TERMS: usize = 2;

/// Two documents that could be versions of one story, by index (`a < b`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CandidatePair {
    pub a: u32,
    pub b: u32,
    /// IDF-weighted Jaccard similarity of the content words, in [0, 1]: what the threshold
    /// applies to.
    pub score: f64,
    /// The shared weight over the lighter document's: 1.0 when one text's content words are
    /// all in the other (an excerpt).
    pub containment: f64,
}

/// The candidate pairs of a pile, with what it took to find them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Candidates {
    /// Pairs scoring at least the threshold, ordered by `(a, b)`.
    pub pairs: Vec<CandidatePair>,
    /// Pairs LSH proposed before scoring.
    pub proposed: usize,
}

/// Turns texts into [`Fingerprint`]s under fixed options. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    sketcher: Sketcher,
    banding: Banding,
    model: &'static FluencyModel,
}

impl Fingerprinter {
    /// A fingerprinter for `options`, which must validate. Decodes the built-in English model
    /// on first use (about 50 ms), for its list of frequent word forms.
    pub fn new(options: &CandidateOptions) -> Result<Fingerprinter, ParamError> {
        options.validate()?;
        let params = Params {
            perm: options.perm.min(MAX_PERM),
            seed: options.seed,
            ..Params::default()
        };
        Ok(Fingerprinter {
            sketcher: Sketcher::new(&params),
            banding: options.banding,
            model: FluencyModel::english(),
        })
    }

    /// The fingerprint of one text. `scratch` is reused between calls.
    pub fn fingerprint(&self, text: &str, scratch: &mut Scratch) -> Fingerprint {
        let mut terms = Vec::new();
        let mut rare = Vec::new();
        for_each_token(text, scratch, |token| {
            let token = token.strip_suffix(b"'s").unwrap_or(token);
            // Tokens are slices of valid UTF-8 cut at character boundaries.
            let Ok(word) = std::str::from_utf8(token) else {
                return;
            };
            if word.chars().nth(1).is_none() || crate::align::is_function_word(word) {
                return;
            }
            let hash = xxh3_64(token);
            terms.push(hash);
            if is_rare(word, self.model) {
                rare.push(hash);
            }
        });
        terms.sort_unstable();
        terms.dedup();
        rare.sort_unstable();
        rare.dedup();
        let bands = if rare.len() < MIN_RARE_TERMS {
            Vec::new()
        } else {
            let signature = self.sketcher.signature(&rare);
            let Banding { bands, rows } = self.banding;
            (0..bands)
                .map(|b| band_key(&signature[b * rows..(b + 1) * rows]))
                .collect()
        };
        Fingerprint { bands, terms, rare }
    }
}

/// Whether a content word names something specific to a story: a form outside the frequent
/// vocabulary, or a number long enough to be a figure rather than a count ("1230", "2018").
fn is_rare(word: &str, model: &FluencyModel) -> bool {
    if word
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return word.len() >= 3;
    }
    !model.is_frequent_form(word)
}

/// Fingerprints a handful of texts in parallel, in order.
pub fn fingerprints<S: AsRef<str> + Sync>(
    texts: &[S],
    fingerprinter: &Fingerprinter,
) -> Vec<Fingerprint> {
    texts
        .par_iter()
        .map_init(Scratch::default, |scratch, text| {
            fingerprinter.fingerprint(text.as_ref(), scratch)
        })
        .collect()
}

/// The candidate pairs among `fingerprints` (made by one [`Fingerprinter`] with these
/// options), sorted by `(a, b)`. See [`find_candidates`] for the count of proposals too.
pub fn candidate_pairs(
    fingerprints: &[Fingerprint],
    options: &CandidateOptions,
) -> Vec<CandidatePair> {
    find_candidates(fingerprints, options).pairs
}

/// [`candidate_pairs`], with the number of LSH proposals they were chosen from.
///
/// At most [`crate::index::MAX_DOCUMENTS`] fingerprints; documents past that are ignored.
pub fn find_candidates(fingerprints: &[Fingerprint], options: &CandidateOptions) -> Candidates {
    let fingerprints = &fingerprints[..fingerprints.len().min(crate::index::MAX_DOCUMENTS)];
    let bands = options.banding.bands;
    let live: Vec<u32> = (0..fingerprints.len() as u32)
        .filter(|&i| fingerprints[i as usize].bands.len() == bands && bands > 0)
        .collect();
    let mut keys = Vec::with_capacity(live.len() * bands);
    for &i in &live {
        keys.extend_from_slice(&fingerprints[i as usize].bands);
    }
    let banded = banded_pairs(&keys, bands, &live, options.max_bucket.max(2));
    drop(keys);
    let shared = sharing_rare_terms(fingerprints, options.shared_rare, options.max_df);
    let proposed = merge_sorted(banded, shared);
    let weights = Weights::new(fingerprints, &proposed);
    let pairs: Vec<CandidatePair> = proposed
        .par_iter()
        .filter_map(|&p| {
            let (a, b) = ((p >> 32) as u32, p as u32);
            let (score, containment) = weights.similarity(fingerprints, a as usize, b as usize);
            (score >= options.threshold).then_some(CandidatePair {
                a,
                b,
                score,
                containment,
            })
        })
        .collect();
    Candidates {
        pairs,
        proposed: proposed.len(),
    }
}

/// Pairs of documents sharing at least `least` rare terms that no more than `max_df` documents
/// use, packed and sorted as [`banded_pairs`] makes them. The postings of such terms are short
/// by construction, so the work is at most `max_df` pairs per posting, linear in the pile.
fn sharing_rare_terms(fingerprints: &[Fingerprint], least: usize, max_df: usize) -> Vec<u64> {
    if least == 0 {
        return Vec::new();
    }
    let mut postings: Vec<(u64, u32)> = fingerprints
        .iter()
        .enumerate()
        .flat_map(|(i, fp)| fp.rare.iter().map(move |&t| (t, i as u32)))
        .collect();
    postings.par_sort_unstable();
    let lists: Vec<&[(u64, u32)]> = postings
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|l| l.len() >= 2 && l.len() <= max_df)
        .collect();
    let mut pairs: Vec<u64> = lists
        .par_iter()
        .flat_map_iter(|list| {
            // Documents are ascending within a posting, so each pair comes out as (a < b).
            list.iter().enumerate().flat_map(move |(x, &(_, a))| {
                list[x + 1..]
                    .iter()
                    .map(move |&(_, b)| ((a as u64) << 32) | b as u64)
            })
        })
        .collect();
    drop(lists);
    drop(postings);
    pairs.par_sort_unstable();
    pairs
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() >= least)
        .map(|run| run[0])
        .collect()
}

/// A pile smaller than this is weighed as if it were this large, so that in a handful of
/// versions the words they all share still count: with five documents, a word in all five
/// would otherwise weigh next to nothing.
const MIN_PILE: usize = 64;

/// Inverse document frequencies `ln(1 + N / df)` of the content words of the documents in some
/// proposal. The `1 +` keeps a word every document uses at weight ln 2 rather than zero, so
/// that a pile of nothing but copies of one story still pairs its copies.
struct Weights {
    /// Per document in a proposal, one weight per term, aligned with `Fingerprint::terms`;
    /// empty for the others.
    per_term: Vec<Vec<f32>>,
    /// The sum of each document's weights.
    totals: Vec<f64>,
}

impl Weights {
    fn new(fingerprints: &[Fingerprint], proposed: &[u64]) -> Weights {
        let df = document_frequencies(fingerprints);
        let pile = fingerprints.len().max(MIN_PILE) as f64;
        let mut wanted = vec![false; fingerprints.len()];
        for &p in proposed {
            wanted[(p >> 32) as usize] = true;
            wanted[p as u32 as usize] = true;
        }
        let per_term: Vec<Vec<f32>> = fingerprints
            .par_iter()
            .zip(&wanted)
            .map(|(fp, &wanted)| {
                if !wanted {
                    return Vec::new();
                }
                fp.terms
                    .iter()
                    .map(|t| (1.0 + pile / df[t] as f64).ln() as f32)
                    .collect()
            })
            .collect();
        let totals = per_term
            .iter()
            .map(|w| w.iter().map(|&x| x as f64).sum())
            .collect();
        Weights { per_term, totals }
    }

    /// Weighted Jaccard `Σ w(A∩B) / Σ w(A∪B)` of two documents in some proposal, and the
    /// weighted containment `Σ w(A∩B) / min(Σ w(A), Σ w(B))`.
    fn similarity(&self, fingerprints: &[Fingerprint], a: usize, b: usize) -> (f64, f64) {
        let (ta, tb) = (&fingerprints[a].terms, &fingerprints[b].terms);
        let wa = &self.per_term[a];
        // Branch-free merge: the hashes are random, so a branch on their order is mispredicted
        // half the time, and scoring proposals is most of this stage's work on a big pile.
        let (mut i, mut j, mut shared) = (0, 0, 0.0f64);
        while i < ta.len() && j < tb.len() {
            let (x, y) = (ta[i], tb[j]);
            shared += if x == y { wa[i] as f64 } else { 0.0 };
            i += (x <= y) as usize;
            j += (y <= x) as usize;
        }
        let (wa, wb) = (self.totals[a], self.totals[b]);
        let union = wa + wb - shared;
        if union <= 0.0 {
            return (0.0, 0.0);
        }
        (shared / union, (shared / wa.min(wb)).min(1.0))
    }
}

/// In how many fingerprints each content word occurs. Counted per chunk and merged, so the
/// counts (and so the weights) do not depend on how the work was split.
fn document_frequencies(fingerprints: &[Fingerprint]) -> AHashMap<u64, u32> {
    fingerprints
        .par_chunks(1024)
        .map(|chunk| {
            let mut df: AHashMap<u64, u32> = AHashMap::new();
            for fp in chunk {
                for &t in &fp.terms {
                    *df.entry(t).or_default() += 1;
                }
            }
            df
        })
        .reduce(AHashMap::new, |mut a, b| {
            let (mut big, small) = if a.len() >= b.len() {
                (std::mem::take(&mut a), b)
            } else {
                (b, a)
            };
            for (t, n) in small {
                *big.entry(t).or_default() += n;
            }
            big
        })
}

/// Groups the documents whose candidate pair scores at least `threshold`, by union-find;
/// clusters of two or more, ordered by first member, as [`crate::index::Clustering`] has them.
pub fn group(
    documents: usize,
    pairs: &[CandidatePair],
    threshold: f64,
) -> Vec<crate::index::Cluster> {
    crate::index::union_find_clusters(
        documents,
        pairs
            .iter()
            .filter(|p| p.score >= threshold)
            .map(|p| (p.a as usize, p.b as usize)),
    )
}
