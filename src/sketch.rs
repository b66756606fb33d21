//! Sketching: a document's shingle set becomes a short MinHash signature whose slots agree between
//! two documents with probability equal to their Jaccard similarity.
//!
//! The scheme is one-permutation hashing with optimal densification (Shrivastava, "Optimal
//! Densification for Fast and Accurate Minwise Hashing", ICML 2017). Classic MinHash evaluates `P`
//! hash functions on every shingle, O(n·P) per document; one-permutation hashing hashes each
//! shingle once, uses the hash to pick one of `P` bins and keeps the minimum per bin, O(n + P).
//! Bins that stay empty (documents with fewer shingles than about `P`) borrow the value of a
//! non-empty bin chosen by a seeded hash of the empty bin's index and an attempt counter; both
//! documents make the same choice, which keeps the estimate unbiased. The estimate is at least as
//! accurate as classic MinHash (sampling bins is sampling without replacement); the accuracy tests
//! compare both against the theory on real texts.
//!
//! Everything is a function of the text, the [`Params`] and the seed, so signatures are
//! reproducible across runs, machines and thread counts.

use crate::shingle::{self, Scratch, Shingling, mix64};
use std::fmt;

/// Every knob of sketching and clustering. The defaults suit news wire copy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Words per shingle (used unless `char_ngrams` is set).
    pub shingle: usize,
    /// Characters per shingle instead of words: more tolerant of garbled or OCR'd text.
    pub char_ngrams: Option<usize>,
    /// Signature slots ("permutations"). The estimate's standard deviation is
    /// `sqrt(J(1-J)/perm)`.
    pub perm: usize,
    /// Seed of the hash functions. Signatures only compare under the same seed.
    pub seed: u64,
    /// Minimum exact Jaccard similarity for two documents to be versions of each other.
    pub threshold: f64,
    /// Also accept a pair whose containment (shared shingles over the smaller set) reaches the
    /// threshold, so an excerpt joins the full story. LSH is then tuned for excerpts at least half
    /// as long as the story (see [`Params::lsh_threshold`]), which proposes more candidates.
    pub containment: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shingle: 5,
            char_ngrams: None,
            perm: 128,
            seed: 0,
            threshold: 0.8,
            containment: false,
        }
    }
}

/// Largest signature allowed: the LSH parameter search grows as `perm · log(perm)` integrals.
pub const MAX_PERM: usize = 1024;

/// A parameter outside its meaningful range.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamError(String);

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParamError {}

impl ParamError {
    pub(crate) fn new(message: String) -> ParamError {
        ParamError(message)
    }
}

impl Params {
    /// What a shingle is under these parameters.
    pub fn shingling(&self) -> Shingling {
        match self.char_ngrams {
            Some(n) => Shingling::Chars(n),
            None => Shingling::Words(self.shingle),
        }
    }

    /// The Jaccard similarity LSH is tuned to find. Without containment it is the threshold.
    /// With containment it is the Jaccard of an excerpt half as long as the story whose
    /// containment just reaches the threshold `t`: `t / (3 - t)` (0.36 for 0.8), since a set A
    /// with `|A| = ρ|B|` and containment `c` has Jaccard `cρ / (1 + ρ - cρ)`.
    pub fn lsh_threshold(&self) -> f64 {
        if self.containment {
            self.threshold / (3.0 - self.threshold)
        } else {
            self.threshold
        }
    }

    /// Checks every field, naming the first bad one and its valid range.
    pub fn validate(&self) -> Result<(), ParamError> {
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(ParamError(format!(
                "threshold must be in (0, 1], got {}",
                self.threshold
            )));
        }
        if self.perm == 0 || self.perm > MAX_PERM {
            return Err(ParamError(format!(
                "perm must be between 1 and {MAX_PERM}, got {}",
                self.perm
            )));
        }
        if self.shingle == 0 {
            return Err(ParamError("shingle must be at least 1 word".into()));
        }
        if self.char_ngrams == Some(0) {
            return Err(ParamError("char-ngrams must be at least 1".into()));
        }
        Ok(())
    }
}

/// What clustering keeps of a document: its exact shingle set and its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// Sorted, deduplicated shingle hashes: the exact set, for verification.
    pub shingles: Vec<u64>,
    /// `perm` MinHash slots. All `u32::MAX` for a document without shingles.
    pub signature: Vec<u32>,
}

/// The sketches of consecutive documents in three flat buffers: what one thread hands the index
/// after sketching a run of documents, with no allocation per document.
///
/// A document's shingles are kept as the text produced them, duplicates included, until the
/// index needs the exact set: most documents of a large pile are never in a candidate pair, and
/// sorting is the dearest part of sketching. [`SketchBatch::set`] sorts on demand.
#[derive(Debug, Clone, Default)]
pub struct SketchBatch {
    perm: usize,
    signatures: Vec<u32>,
    shingles: Vec<u64>,
    /// `starts[j]..starts[j + 1]` holds document `j`'s shingles.
    starts: Vec<usize>,
    /// Length of document `j`'s deduplicated set once its range is sorted; [`UNSORTED`] before.
    set_lens: Vec<usize>,
}

const UNSORTED: usize = usize::MAX;

impl SketchBatch {
    /// An empty batch for signatures of `perm` slots (clamped to `1..=MAX_PERM`).
    pub fn new(perm: usize) -> SketchBatch {
        SketchBatch {
            perm: perm.clamp(1, MAX_PERM),
            starts: vec![0],
            ..SketchBatch::default()
        }
    }

    /// Documents held.
    pub fn len(&self) -> usize {
        self.set_lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set_lens.is_empty()
    }

    /// Adds a finished sketch (already a sorted set) and returns its position in the batch.
    /// A signature of another length is cut or padded with "empty" slots.
    pub fn push(&mut self, sketch: &Sketch) -> usize {
        let n = sketch.signature.len().min(self.perm);
        self.signatures.extend_from_slice(&sketch.signature[..n]);
        self.signatures
            .extend(std::iter::repeat_n(u32::MAX, self.perm - n));
        self.shingles.extend_from_slice(&sketch.shingles);
        self.starts.push(self.shingles.len());
        self.set_lens.push(sketch.shingles.len());
        self.len() - 1
    }

    /// The same batch with signatures of `perm` slots: cut, or padded with "empty" slots.
    pub fn with_perm(mut self, perm: usize) -> SketchBatch {
        let perm = perm.clamp(1, MAX_PERM);
        if perm != self.perm {
            let keep = perm.min(self.perm);
            let padding = std::iter::repeat_n(u32::MAX, perm - keep);
            self.signatures = self
                .signatures
                .chunks_exact(self.perm)
                .flat_map(|sig| sig[..keep].iter().copied().chain(padding.clone()))
                .collect();
            self.perm = perm;
        }
        self
    }

    /// Document `j`'s signature.
    pub fn signature(&self, j: usize) -> &[u32] {
        &self.signatures[j * self.perm..(j + 1) * self.perm]
    }

    /// Whether document `j` has no shingles at all (no word characters).
    pub fn has_no_shingles(&self, j: usize) -> bool {
        self.starts[j] == self.starts[j + 1]
    }

    /// Document `j`'s exact shingle set, sorted and deduplicated, if it has been made.
    pub fn sorted_set(&self, j: usize) -> Option<&[u64]> {
        let len = self.set_lens[j];
        (len != UNSORTED).then(|| &self.shingles[self.starts[j]..self.starts[j] + len])
    }

    /// Document `j`'s exact shingle set, sorting its range in place the first time.
    pub fn set(&mut self, j: usize, scratch: &mut Scratch) -> &[u64] {
        if self.set_lens[j] == UNSORTED {
            let range = &mut self.shingles[self.starts[j]..self.starts[j + 1]];
            self.set_lens[j] = shingle::sort_dedup(range, scratch);
        }
        let start = self.starts[j];
        &self.shingles[start..start + self.set_lens[j]]
    }

    /// Sorts the shingle ranges of the documents `wanted` says yes to, in parallel. Documents
    /// already sorted are left alone.
    pub fn sort_sets(batches: &mut [SketchBatch], wanted: impl Fn(usize, usize) -> bool + Sync) {
        use rayon::prelude::*;
        // Cut every batch into one mutable range per document, so documents sort in parallel
        // however the batches were sized.
        let mut ranges: Vec<(&mut [u64], &mut usize)> = Vec::new();
        for (b, batch) in batches.iter_mut().enumerate() {
            // Documents' ranges follow one another from 0, so each is the head of the rest.
            let mut rest: &mut [u64] = &mut batch.shingles;
            for (j, set_len) in batch.set_lens.iter_mut().enumerate() {
                let len = batch.starts[j + 1] - batch.starts[j];
                let (range, tail) = std::mem::take(&mut rest).split_at_mut(len);
                rest = tail;
                if *set_len == UNSORTED && wanted(b, j) {
                    ranges.push((range, set_len));
                }
            }
        }
        ranges
            .par_iter_mut()
            .for_each_init(Scratch::default, |scratch, (range, set_len)| {
                **set_len = shingle::sort_dedup(range, scratch);
            });
    }

    /// Bytes held, for memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.signatures.capacity() * 4
            + self.shingles.capacity() * 8
            + (self.starts.capacity() + self.set_lens.capacity()) * std::mem::size_of::<usize>()
    }
}

/// Turns texts into [`Sketch`]es under fixed parameters. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Sketcher {
    shingling: Shingling,
    perm: usize,
    seed_key: u64,
    densify_key: u64,
}

impl Sketcher {
    pub fn new(params: &Params) -> Sketcher {
        Sketcher {
            shingling: params.shingling(),
            perm: params.perm.clamp(1, MAX_PERM),
            seed_key: mix64(params.seed ^ 0x243F_6A88_85A3_08D3),
            densify_key: mix64(params.seed ^ 0x1319_8A2E_0370_7344),
        }
    }

    /// Shingles and signs one text. `scratch` is reused between calls to avoid allocation.
    pub fn sketch(&self, text: &str, scratch: &mut Scratch) -> Sketch {
        let shingles = shingle::shingle_set(text, self.shingling, scratch);
        let signature = self.signature(&shingles);
        Sketch {
            shingles,
            signature,
        }
    }

    /// Shingles and signs one text into `batch`, leaving its shingles unsorted until needed.
    /// Returns the document's position in the batch, which should have this sketcher's `perm`.
    pub fn sketch_into(&self, text: &str, scratch: &mut Scratch, batch: &mut SketchBatch) -> usize {
        let start = batch.shingles.len();
        shingle::shingles_into(text, self.shingling, scratch, &mut batch.shingles);
        // A batch of another length gets the signature cut or padded, as `SketchBatch::push`
        // does.
        let at = batch.signatures.len();
        batch.signatures.resize(at + batch.perm, u32::MAX);
        let slots = batch.perm.min(self.perm);
        self.sign(
            &batch.shingles[start..],
            &mut batch.signatures[at..at + slots],
            &mut scratch.bins,
        );
        batch.starts.push(batch.shingles.len());
        batch.set_lens.push(UNSORTED);
        batch.len() - 1
    }

    /// Sketches several texts, in order, into a new batch sized for them up front.
    pub fn sketch_batch<'t>(
        &self,
        texts: impl Iterator<Item = &'t str> + Clone,
        scratch: &mut Scratch,
    ) -> SketchBatch {
        let mut batch = SketchBatch::new(self.perm);
        let (count, bytes) = texts.clone().fold((0, 0), |(n, b), t| (n + 1, b + t.len()));
        self.reserve(&mut batch, count, bytes);
        for text in texts {
            self.sketch_into(text, scratch, &mut batch);
        }
        batch
    }

    /// Makes room in `batch` for `documents` more documents holding `bytes` of text in all, so
    /// that filling it rarely reallocates: a word shingle per five bytes (news averages six),
    /// a character shingle per byte.
    pub fn reserve(&self, batch: &mut SketchBatch, documents: usize, bytes: usize) {
        let shingles = match self.shingling {
            Shingling::Words(_) => bytes / 5,
            Shingling::Chars(_) => bytes,
        };
        batch.shingles.reserve(shingles);
        batch.signatures.reserve(documents * self.perm);
        batch.starts.reserve(documents);
        batch.set_lens.reserve(documents);
    }

    /// The one-permutation-hashing signature of a shingle set (duplicates are harmless).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let mut signature = vec![0; self.perm];
        self.sign(shingles, &mut signature, &mut Vec::new());
        signature
    }

    /// Writes the signature of `shingles` (in any order, duplicates allowed) to `signature`,
    /// which holds `perm` slots.
    fn sign(&self, shingles: &[u64], signature: &mut [u32], bins: &mut Vec<u64>) {
        let k = self.perm;
        // Work in u64 so that "empty" cannot collide with a real 32-bit value.
        bins.clear();
        bins.resize(k, u64::MAX);
        for &h in shingles {
            let x = mix64(h ^ self.seed_key);
            let bin = (((x >> 32) * k as u64) >> 32) as usize;
            // Branch-free: whether a new value is smaller is a coin toss the predictor loses.
            bins[bin] = bins[bin].min(x & 0xFFFF_FFFF);
        }
        for (slot, &v) in signature.iter_mut().zip(bins.iter()) {
            *slot = v as u32;
        }
        let filled = bins.iter().filter(|&&v| v != u64::MAX).count();
        if filled == 0 || filled == k {
            return;
        }
        // Optimal densification: an empty bin takes the value of the first originally non-empty
        // bin in its own seeded probe sequence.
        for (i, slot) in signature.iter_mut().enumerate() {
            if bins[i] != u64::MAX {
                continue;
            }
            let mut attempt: u64 = 1;
            loop {
                let probe = mix64(self.densify_key ^ ((i as u64) << 32 | attempt));
                let j = (((probe >> 32) * k as u64) >> 32) as usize;
                if bins[j] != u64::MAX {
                    *slot = bins[j] as u32;
                    break;
                }
                attempt += 1;
            }
        }
    }
}

/// The fraction of signature slots two documents share: an unbiased estimate of their Jaccard
/// similarity. Signatures of different lengths compare over the shorter one.
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / n as f64
}

/// Exact Jaccard similarity and maximum containment of two sorted, deduplicated sets:
/// `(|A∩B| / |A∪B|, |A∩B| / min(|A|, |B|))`. Both are 0 when either set is empty.
pub fn exact_similarity(a: &[u64], b: &[u64]) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let shared = intersection_len(a, b);
    let union = a.len() + b.len() - shared;
    (
        shared as f64 / union as f64,
        shared as f64 / a.len().min(b.len()) as f64,
    )
}

/// [`exact_similarity`] of a pair that can pass: `Some((jaccard, containment))` when the
/// Jaccard similarity reaches `threshold` (or, with `containment`, the containment does), `None`
/// otherwise. The merge gives up as soon as the shared elements still possible cannot get
/// there, and a pair whose sizes alone rule it out is not merged at all: most LSH candidates
/// fail, and this is where clustering spends its verification time.
pub fn similarity_reaching(
    a: &[u64],
    b: &[u64],
    threshold: f64,
    containment: bool,
) -> Option<(f64, f64)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (na, nb) = (a.len(), b.len());
    // Both scores grow with the shared count, and correctly rounded division keeps that order,
    // so testing the most that can still be shared never rejects a pair that would pass.
    let scores = |shared: usize| {
        (
            shared as f64 / (na + nb - shared) as f64,
            shared as f64 / na.min(nb) as f64,
        )
    };
    let passes = |(j, c): (f64, f64)| j >= threshold || (containment && c >= threshold);
    if !passes(scores(na.min(nb))) {
        return None;
    }
    let mut merge = Merge::default();
    while !merge.done(a, b) {
        merge.run(a, b, 256);
        if !passes(scores(merge.shared + (na - merge.i).min(nb - merge.j))) {
            return None;
        }
    }
    let result = scores(merge.shared);
    passes(result).then_some(result)
}

/// Size of the intersection of two sorted, deduplicated slices, by merging.
pub fn intersection_len(a: &[u64], b: &[u64]) -> usize {
    let mut merge = Merge::default();
    while !merge.done(a, b) {
        merge.run(a, b, usize::MAX);
    }
    merge.shared
}

/// A merge of two sorted, deduplicated slices, counting the elements they share; it can stop
/// and resume.
#[derive(Default)]
struct Merge {
    i: usize,
    j: usize,
    shared: usize,
}

impl Merge {
    fn done(&self, a: &[u64], b: &[u64]) -> bool {
        self.i >= a.len() || self.j >= b.len()
    }

    /// Up to `steps` more steps, and no more than the shorter remainder: each step moves `i`,
    /// `j` or both by one, so that many stay in bounds, and the merge may need more rounds.
    fn run(&mut self, a: &[u64], b: &[u64], steps: usize) {
        let Merge { i, j, shared } = self;
        for _ in 0..steps.min(a.len() - *i).min(b.len() - *j) {
            let (x, y) = (a[*i], b[*j]);
            *shared += (x == y) as usize;
            *i += (x <= y) as usize;
            *j += (y <= x) as usize;
        }
    }
}

/// Classic MinHash with `perm` independent hash functions `(a·x + b) mod p` over the Mersenne
/// prime p = 2^61 - 1, computed in u128 so nothing wraps. O(n·perm): the reference the fast
/// scheme is measured against, not used for clustering.
pub fn classic_minhash(shingles: &[u64], perm: usize, seed: u64) -> Vec<u64> {
    const P: u128 = (1 << 61) - 1;
    let mut state = mix64(seed ^ 0xA409_3822_299F_31D0);
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(state)
    };
    let coefficients: Vec<(u128, u128)> = (0..perm)
        .map(|_| {
            let a = (next() as u128 % (P - 1)) + 1;
            let b = next() as u128 % P;
            (a, b)
        })
        .collect();
    let xs: Vec<u128> = shingles.iter().map(|&x| x as u128 % P).collect();
    coefficients
        .iter()
        .map(|&(a, b)| {
            xs.iter()
                .map(|&x| mod_mersenne61(a * x + b))
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

/// `v mod (2^61 - 1)` for `v < 2^125`, using 2^61 ≡ 1: fold the high bits onto the low bits
/// twice, then subtract the modulus at most once.
fn mod_mersenne61(v: u128) -> u64 {
    const P: u128 = (1 << 61) - 1;
    let v = (v & P) + (v >> 61);
    let v = (v & P) + (v >> 61);
    (if v >= P { v - P } else { v }) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_sets_give_identical_signatures() {
        let s = Sketcher::new(&Params::default());
        let mut scratch = Scratch::default();
        let a = s.sketch(
            "The quick brown fox jumps over the lazy dog again.",
            &mut scratch,
        );
        let b = s.sketch(
            "the quick brown fox -- jumps over the lazy dog, again",
            &mut scratch,
        );
        assert_eq!(a, b);
        assert_eq!(a.signature.len(), 128);
        // Seven word 5-grams fill at most 7 bins; densification fills the rest from them.
        assert!(a.signature.iter().all(|v| *v != u32::MAX));
    }

    #[test]
    fn batches_hold_the_same_sketches_unsorted_until_asked() {
        let texts = [
            "The council voted on Tuesday to approve the budget, the budget the mayor wanted.",
            "--- !!!",
            "A storm brought heavy rain and strong winds to the coast overnight, cutting power.",
            "two words",
        ];
        let sketcher = Sketcher::new(&Params::default());
        let mut scratch = Scratch::default();
        let mut batch = sketcher.sketch_batch(texts.iter().copied(), &mut scratch);
        assert_eq!(batch.len(), texts.len());
        assert!(batch.has_no_shingles(1) && !batch.has_no_shingles(3));
        for (j, text) in texts.iter().enumerate() {
            let one = sketcher.sketch(text, &mut scratch);
            assert_eq!(batch.signature(j), &one.signature[..], "{text}");
            assert_eq!(
                batch.sorted_set(j),
                None,
                "nothing is sorted before it is needed"
            );
            assert_eq!(batch.set(j, &mut scratch), &one.shingles[..], "{text}");
            assert_eq!(batch.sorted_set(j), Some(&one.shingles[..]));
        }
        // A batch of another length gets the signature cut (or padded), never a panic.
        for perm in [32, 300] {
            let mut other = SketchBatch::new(perm);
            sketcher.sketch_into(texts[0], &mut scratch, &mut other);
            let full = sketcher.sketch(texts[0], &mut scratch).signature;
            let common = perm.min(full.len());
            assert_eq!(other.signature(0)[..common], full[..common]);
            assert!(other.signature(0)[common..].iter().all(|&v| v == u32::MAX));
        }
        // Sorting only what is wanted leaves the rest as it was.
        let mut batches = vec![sketcher.sketch_batch(texts.iter().copied(), &mut scratch)];
        SketchBatch::sort_sets(&mut batches, |_, j| j == 2);
        assert!(batches[0].sorted_set(0).is_none());
        assert_eq!(
            batches[0].sorted_set(2),
            Some(&sketcher.sketch(texts[2], &mut scratch).shingles[..])
        );
    }

    #[test]
    fn seeds_change_signatures_deterministically() {
        let text = "one two three four five six seven eight nine ten eleven";
        let mut scratch = Scratch::default();
        let p0 = Params::default();
        let p1 = Params { seed: 1, ..p0 };
        let a = Sketcher::new(&p0).sketch(text, &mut scratch);
        let b = Sketcher::new(&p0).sketch(text, &mut scratch);
        let c = Sketcher::new(&p1).sketch(text, &mut scratch);
        assert_eq!(a, b);
        assert_ne!(a.signature, c.signature);
        assert_eq!(a.shingles, c.shingles);
    }

    #[test]
    fn empty_documents_have_empty_sets() {
        let mut scratch = Scratch::default();
        let a = Sketcher::new(&Params::default()).sketch("--- !!! ...", &mut scratch);
        assert!(a.shingles.is_empty());
        assert!(a.signature.iter().all(|v| *v == u32::MAX));
    }

    #[test]
    fn exact_similarity_counts_shared_elements() {
        assert_eq!(intersection_len(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), 2);
        let (j, c) = exact_similarity(&[1, 2, 3, 4], &[3, 4]);
        assert_eq!(j, 0.5);
        assert_eq!(c, 1.0);
        assert_eq!(exact_similarity(&[], &[1]), (0.0, 0.0));
    }

    #[test]
    fn pruned_verification_agrees_with_the_full_merge() {
        let mut x = 7u64;
        let mut draw = |n: usize, range: u64| -> Vec<u64> {
            let mut v: Vec<u64> = (0..n)
                .map(|_| {
                    x = mix64(x);
                    x % range
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for round in 0..400 {
            let (na, nb) = (1 + round % 37 * 19, 1 + round % 23 * 31);
            // Small ranges make big overlaps; large ones almost none.
            let range = [600, 1500, 1 << 40][round % 3];
            let (a, b) = (draw(na, range), draw(nb, range));
            for threshold in [0.1, 0.3, 0.5, 0.8, 0.95, 1.0] {
                for containment in [false, true] {
                    let (j, c) = exact_similarity(&a, &b);
                    let expected =
                        (j >= threshold || (containment && c >= threshold)).then_some((j, c));
                    assert_eq!(
                        similarity_reaching(&a, &b, threshold, containment),
                        expected,
                        "{na} {nb} {range} {threshold} {containment}"
                    );
                }
            }
        }
        let same: Vec<u64> = (0..1000).collect();
        assert_eq!(
            similarity_reaching(&same, &same, 1.0, false),
            Some((1.0, 1.0))
        );
        assert_eq!(similarity_reaching(&[], &same, 0.1, true), None);
    }

    #[test]
    fn classic_minhash_does_not_overflow() {
        // Values near 2^64 used to wrap in 64-bit (a·x + b) mod p; every result must be < p.
        let xs = [u64::MAX, u64::MAX - 1, 1 << 63, (1 << 61) - 2];
        let sig = classic_minhash(&xs, 64, 7);
        assert!(sig.iter().all(|&v| v < (1 << 61) - 1));
        // The Mersenne reduction agrees with plain u128 arithmetic at the edges.
        let p: u128 = (1 << 61) - 1;
        let big = (p - 1) * (p - 1) + (p - 1);
        for v in [
            0,
            1,
            p - 1,
            p,
            p + 1,
            2 * p,
            1 << 64,
            big,
            big - 1,
            (1 << 125) - 1,
        ] {
            assert_eq!(mod_mersenne61(v) as u128, v % p, "{v}");
        }
    }

    #[test]
    fn validation_names_the_bad_field() {
        let ok = Params::default();
        assert!(ok.validate().is_ok());
        for (bad, word) in [
            (
                Params {
                    threshold: 0.0,
                    ..ok
                },
                "threshold",
            ),
            (
                Params {
                    threshold: 1.5,
                    ..ok
                },
                "threshold",
            ),
            (
                Params {
                    threshold: f64::NAN,
                    ..ok
                },
                "threshold",
            ),
            (Params { perm: 0, ..ok }, "perm"),
            (Params { shingle: 0, ..ok }, "shingle"),
            (
                Params {
                    char_ngrams: Some(0),
                    ..ok
                },
                "char-ngrams",
            ),
        ] {
            let err = bad.validate().unwrap_err().to_string();
            assert!(err.contains(word), "{err}");
        }
    }
}
