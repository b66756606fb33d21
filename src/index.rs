//! Clustering: which documents are versions of each other.
//!
//! Three steps, each cheap enough for millions of documents:
//!
//! 1. **LSH banding.** The signature is cut into `bands` bands of `rows` slots. Two documents
//!    whose signatures agree on a whole band become a candidate pair; with Jaccard `s` that
//!    happens with probability `1 - (1 - s^rows)^bands`, an S-curve. [`lsh_params`] picks the
//!    bands and rows that minimize the area of false positives below a threshold plus false
//!    negatives above it, weighted 0.5/0.5, exactly as datasketch's `_optimal_param` does.
//!
//!    Fed the reporting threshold itself, that optimum misses many true pairs: for 0.8 and 128
//!    slots it is 9 bands of 13 rows, which proposes a pair of Jaccard 0.8 with probability 0.40
//!    and one of 0.85 with 0.69. datasketch accepts that because it does not verify; here every
//!    candidate is verified exactly, so a false positive costs a microsecond while a false
//!    negative loses a version. [`banding`] therefore feeds the optimizer the highest threshold
//!    at or below the target whose S-curve proposes a pair *at* the target with probability at
//!    least [`LSH_RECALL`] (99%), never going below 60% of the target. For 0.8 and 128 slots
//!    that is 21 bands of 6 rows: 99.8% at 0.8, while unrelated documents (Jaccard 0.02) pair
//!    with probability 1e-9.
//!    Buckets are found by sorting `(band key, document)` pairs rather than in a hash map: the
//!    result is the same, memory stays flat (16 bytes per document per band in flight, one band
//!    per thread) and nothing depends on hash-map iteration order.
//! 2. **Exact verification.** Every candidate pair is scored on its exact shingle sets, so a
//!    reported pair is never a sketching accident: Jaccard `|A∩B|/|A∪B|` and maximum containment
//!    `|A∩B|/min(|A|,|B|)`. A pair is kept when its Jaccard reaches the threshold, or, with
//!    [`Params::containment`], when its containment does. A document's shingles are sorted into
//!    a set only when it is in some candidate pair (most documents of a crawl never are), and
//!    the merge of a pair stops as soon as the threshold is out of reach: most candidates fail.
//! 3. **Union-find** over the verified pairs gives the clusters. Cluster ids follow the input
//!    order of each cluster's first member, and that member (the earliest input) represents it.
//!
//! Memory: the index keeps, per document, its signature (`4 · perm` bytes) and its shingle hashes
//! (8 bytes per shingle, about one per word in word mode), in the flat buffers of the
//! [`SketchBatch`]es they were sketched into; adding a batch copies nothing. Texts are not kept.

pub use crate::sketch::Params;
use crate::sketch::{Sketch, SketchBatch, exact_similarity, similarity_reaching};
use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

/// How the signature is cut for LSH.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Banding {
    pub bands: usize,
    pub rows: usize,
}

/// Bands and rows for a threshold and signature length, minimizing
/// `0.5 · ∫₀ᵗ P(candidate | s) ds + 0.5 · ∫ₜ¹ P(not candidate | s) ds` over all `bands · rows ≤
/// perm`, like datasketch's `_optimal_param`.
///
/// The integrals use Simpson's rule on fixed grids, so for a given number of rows the chance
/// that a band misses, `(1 - s^rows)^bands`, is grown one band at a time at every grid point:
/// a multiplication per point and band instead of two powers, which makes this fast enough to
/// run several times before the first file is read.
pub fn lsh_params(threshold: f64, perm: usize) -> Banding {
    let perm = perm.max(1);
    let threshold = threshold.clamp(0.0, 1.0);
    let below = SimpsonGrid::new(0.0, threshold);
    let above = SimpsonGrid::new(threshold, 1.0);
    let mut best = (f64::INFINITY, Banding { bands: 1, rows: 1 });
    // Per grid point: the chance that one band misses, and that all bands so far missed.
    let (mut miss_below, mut all_below) = (Vec::new(), Vec::new());
    let (mut miss_above, mut all_above) = (Vec::new(), Vec::new());
    for rows in 1..=perm {
        let miss = |s: f64| 1.0 - s.powi(rows as i32);
        miss_below.clear();
        miss_below.extend(below.points.iter().map(|&s| miss(s)));
        miss_above.clear();
        miss_above.extend(above.points.iter().map(|&s| miss(s)));
        all_below.clear();
        all_below.resize(below.points.len(), 1.0);
        all_above.clear();
        all_above.resize(above.points.len(), 1.0);
        for bands in 1..=perm / rows {
            for (all, miss) in all_below.iter_mut().zip(&miss_below) {
                *all *= miss;
            }
            for (all, miss) in all_above.iter_mut().zip(&miss_above) {
                *all *= miss;
            }
            let false_positive = below.integrate(all_below.iter().map(|&m| 1.0 - m));
            let false_negative = above.integrate(all_above.iter().copied());
            let error = 0.5 * false_positive + 0.5 * false_negative;
            if error < best.0 {
                best = (error, Banding { bands, rows });
            }
        }
    }
    best.1
}

/// Composite Simpson's rule over `[a, b]` with a fixed number of panels; the S-curves are
/// smooth, so 256 panels are plenty.
struct SimpsonGrid {
    points: Vec<f64>,
    step: f64,
}

impl SimpsonGrid {
    const PANELS: usize = 256;

    fn new(a: f64, b: f64) -> SimpsonGrid {
        if b <= a {
            return SimpsonGrid {
                points: Vec::new(),
                step: 0.0,
            };
        }
        let step = (b - a) / Self::PANELS as f64;
        let mut points: Vec<f64> = (0..Self::PANELS).map(|i| a + i as f64 * step).collect();
        points.push(b);
        SimpsonGrid { points, step }
    }

    /// The integral of a function given by its values at [`SimpsonGrid::points`].
    fn integrate(&self, values: impl Iterator<Item = f64>) -> f64 {
        if self.points.is_empty() {
            return 0.0;
        }
        let last = Self::PANELS;
        let sum: f64 = values
            .enumerate()
            .map(|(i, v)| {
                let weight = if i == 0 || i == last {
                    1.0
                } else if i % 2 == 1 {
                    4.0
                } else {
                    2.0
                };
                weight * v
            })
            .sum();
        sum * self.step / 3.0
    }
}

/// The least probability with which LSH must propose a pair whose similarity is exactly the
/// target; pairs above it are proposed more often still.
pub const LSH_RECALL: f64 = 0.99;

/// Probability that two documents of Jaccard similarity `s` share at least one band.
pub fn candidate_probability(s: f64, banding: Banding) -> f64 {
    1.0 - (1.0 - s.powi(banding.rows as i32)).powi(banding.bands as i32)
}

/// The banding used for `params`: datasketch's optimum for the highest threshold (in steps of
/// 0.01, down to 60% of the target) at which a pair at the target similarity
/// ([`Params::lsh_threshold`]) is proposed with probability at least [`LSH_RECALL`].
///
/// The recall at the target grows as the tuning threshold falls, so the step is found by
/// bisection: a handful of optimizer runs rather than one per step.
pub fn banding(params: &Params) -> Banding {
    let target = params.lsh_threshold().clamp(0.0, 1.0);
    let tuned = |step: usize| lsh_params(target - 0.01 * step as f64, params.perm);
    let good = |b: Banding| candidate_probability(target, b) >= LSH_RECALL;
    let first = tuned(0);
    if good(first) {
        return first;
    }
    // The lowest step allowed, and the answer if even it falls short.
    let last = ((target * 0.4) / 0.01).floor() as usize;
    let deepest = tuned(last);
    if !good(deepest) {
        return deepest;
    }
    // Invariant: step `lo` falls short, step `hi` is good.
    let (mut lo, mut hi, mut best) = (0, last, deepest);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        let b = tuned(mid);
        if good(b) {
            (hi, best) = (mid, b);
        } else {
            lo = mid;
        }
    }
    best
}

/// Two documents found to be versions of each other, by index in input order (`a < b`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VerifiedPair {
    pub a: usize,
    pub b: usize,
    /// Exact Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Shared shingles over the smaller set's size: 1.0 when one text is inside the other.
    pub containment: f64,
}

/// A group of versions of one story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// Position among the clusters, in input order of first members.
    pub id: usize,
    /// Document indices in input order; the first is the representative.
    pub members: Vec<usize>,
}

impl Cluster {
    /// The earliest input of the cluster.
    pub fn representative(&self) -> usize {
        self.members[0]
    }
}

/// The result of clustering.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Clustering {
    /// Clusters of two or more documents, ordered by their first member.
    pub clusters: Vec<Cluster>,
    /// Every verified pair, ordered by `(a, b)`.
    pub pairs: Vec<VerifiedPair>,
    /// How many candidate pairs LSH proposed (before verification).
    pub candidates: usize,
    /// Number of documents clustered.
    pub documents: usize,
    /// The LSH banding used.
    pub banding: Banding,
}

impl Clustering {
    /// Every document in exactly one group, singletons included, numbered in input order of first
    /// members.
    pub fn all_groups(&self) -> Vec<Cluster> {
        let mut owner = vec![usize::MAX; self.documents];
        for (c, cluster) in self.clusters.iter().enumerate() {
            for &m in &cluster.members {
                owner[m] = c;
            }
        }
        let mut groups = Vec::new();
        for (doc, &group) in owner.iter().enumerate() {
            match group {
                usize::MAX => groups.push(vec![doc]),
                c if self.clusters[c].members[0] == doc => {
                    groups.push(self.clusters[c].members.clone())
                }
                _ => {}
            }
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(id, members)| Cluster { id, members })
            .collect()
    }
}

/// Most documents one index holds: candidate pairs pack two document numbers into a `u64`.
pub const MAX_DOCUMENTS: usize = u32::MAX as usize;

/// Sketches of many documents, ready to cluster. Documents are numbered in the order they are
/// added; at most [`MAX_DOCUMENTS`] of them.
///
/// The sketches stay in the [`SketchBatch`]es they were made in, so adding a batch copies
/// nothing, and a document's shingles are sorted into a set only if LSH makes it a candidate.
#[derive(Debug, Clone)]
pub struct Index {
    params: Params,
    batches: Vec<SketchBatch>,
    /// Document `i` is `batches[locations[i].0]`'s document `locations[i].1`.
    locations: Vec<(u32, u32)>,
}

impl Index {
    /// An empty index. Parameters are meant to be [`Params::validate`]d first; out-of-range
    /// signature lengths are clamped to `1..=MAX_PERM` rather than trusted.
    pub fn new(params: &Params) -> Index {
        let params = Params {
            perm: params.perm.clamp(1, crate::sketch::MAX_PERM),
            ..*params
        };
        Index {
            params,
            batches: Vec::new(),
            locations: Vec::new(),
        }
    }

    /// Makes room for `documents` more documents up front, so a large run does not overshoot.
    pub fn reserve(&mut self, documents: usize) {
        self.locations.reserve_exact(documents);
    }

    /// Adds a document's sketch and returns its index. The signature must come from a
    /// [`crate::sketch::Sketcher`] with the same params.
    pub fn push(&mut self, sketch: &Sketch) -> usize {
        let perm = self.params.perm;
        if self
            .batches
            .last()
            .is_none_or(|b| b.len() >= u32::MAX as usize)
        {
            self.batches.push(SketchBatch::new(perm));
        }
        let b = self.batches.len() - 1;
        let j = self.batches[b].push(sketch);
        self.locations.push((b as u32, j as u32));
        self.locations.len() - 1
    }

    /// Adds every document of a batch, in its order, and returns the index of the first. The
    /// batch must come from a [`crate::sketch::Sketcher`] with the same params; signatures of
    /// another length are cut or padded, as [`Index::push`] does.
    pub fn push_batch(&mut self, batch: SketchBatch) -> usize {
        let first = self.locations.len();
        if batch.is_empty() {
            return first;
        }
        let batch = batch.with_perm(self.params.perm);
        let b = self.batches.len() as u32;
        self.locations
            .extend((0..batch.len() as u32).map(|j| (b, j)));
        self.batches.push(batch);
        first
    }

    pub fn len(&self) -> usize {
        self.locations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    fn batch_of(&self, i: usize) -> (&SketchBatch, usize) {
        let (b, j) = self.locations[i];
        (&self.batches[b as usize], j as usize)
    }

    /// Document `i`'s signature.
    pub fn signature(&self, i: usize) -> &[u32] {
        let (batch, j) = self.batch_of(i);
        batch.signature(j)
    }

    /// Document `i`'s exact shingle set, sorted and deduplicated.
    pub fn shingles(&mut self, i: usize) -> &[u64] {
        let (b, j) = self.locations[i];
        self.batches[b as usize].set(j as usize, &mut crate::shingle::Scratch::default())
    }

    /// Bytes held, for the curious and for the README's memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.batches
            .iter()
            .map(SketchBatch::heap_bytes)
            .sum::<usize>()
            + self.batches.capacity() * std::mem::size_of::<SketchBatch>()
            + self.locations.capacity() * 8
    }

    /// Candidate pairs from LSH banding (see [`banding`]), as sorted, deduplicated `(a, b)` with `a < b`.
    /// Documents without shingles never pair.
    pub fn candidates(&self, banding: Banding) -> Vec<(u32, u32)> {
        let rows = banding.rows.clamp(1, self.params.perm);
        let bands = banding.bands.min(self.params.perm / rows);
        if bands == 0 {
            return Vec::new();
        }
        let live: Vec<u32> = (0..self.len() as u32)
            .filter(|&i| {
                let (batch, j) = self.batch_of(i as usize);
                !batch.has_no_shingles(j)
            })
            .collect();
        // Every band key of a document in one pass over its signature, rather than one pass
        // over all signatures per band, each reading a few bytes of every signature.
        let mut keys = vec![0u64; live.len() * bands];
        const PER_TASK: usize = 1024;
        keys.par_chunks_mut(bands * PER_TASK)
            .zip(live.par_chunks(PER_TASK))
            .for_each(|(out, docs)| {
                for (doc_keys, &i) in out.chunks_exact_mut(bands).zip(docs) {
                    let sig = self.signature(i as usize);
                    for (key, band) in doc_keys.iter_mut().zip(band_keys(sig, banding)) {
                        *key = band;
                    }
                }
            });
        let pairs = banded_pairs(&keys, bands, &live, usize::MAX);
        pairs
            .into_iter()
            .map(|p| ((p >> 32) as u32, p as u32))
            .collect()
    }

    /// Scores one pair exactly, sorting either set first if it has not been yet.
    pub fn verify(&mut self, a: usize, b: usize) -> VerifiedPair {
        let mut scratch = crate::shingle::Scratch::default();
        for i in [a, b] {
            let (batch, j) = self.locations[i];
            self.batches[batch as usize].set(j as usize, &mut scratch);
        }
        let (jaccard, containment) = exact_similarity(self.sorted_set(a), self.sorted_set(b));
        VerifiedPair {
            a,
            b,
            jaccard,
            containment,
        }
    }

    fn sorted_set(&self, i: usize) -> &[u64] {
        let (batch, j) = self.batch_of(i);
        batch
            .sorted_set(j)
            .expect("candidate sets are sorted before verification")
    }

    /// Finds, verifies and groups the versions. Deterministic: the same documents in the same
    /// order give the same result on any number of threads.
    pub fn cluster(&mut self) -> Clustering {
        self.cluster_with(banding(&self.params))
    }

    /// [`Index::cluster`] with the banding given, which must be [`banding`]`(self.params())`:
    /// choosing it takes a few milliseconds of numerical integration, which a caller streaming
    /// documents in can do while it reads them.
    ///
    /// Only the documents in some candidate pair have their shingles sorted into sets (in
    /// place, once); the rest never need it.
    pub fn cluster_with(&mut self, banding: Banding) -> Clustering {
        let candidates = self.candidates(banding);
        let mut wanted: Vec<Vec<bool>> =
            self.batches.iter().map(|b| vec![false; b.len()]).collect();
        for &(a, b) in &candidates {
            for i in [a, b] {
                let (batch, j) = self.locations[i as usize];
                wanted[batch as usize][j as usize] = true;
            }
        }
        SketchBatch::sort_sets(&mut self.batches, |b, j| wanted[b][j]);
        drop(wanted);
        let threshold = self.params.threshold;
        let containment = self.params.containment;
        let pairs: Vec<VerifiedPair> = candidates
            .par_iter()
            .filter_map(|&(a, b)| {
                let (a, b) = (a as usize, b as usize);
                let (sa, sb) = (self.sorted_set(a), self.sorted_set(b));
                let (jaccard, containment) = similarity_reaching(sa, sb, threshold, containment)?;
                Some(VerifiedPair {
                    a,
                    b,
                    jaccard,
                    containment,
                })
            })
            .collect();
        let clusters = union_find_clusters(self.len(), pairs.iter().map(|p| (p.a, p.b)));
        Clustering {
            clusters,
            pairs,
            candidates: candidates.len(),
            documents: self.len(),
            banding,
        }
    }
}

/// The pairs of documents that agree on a whole band: sorted, deduplicated, packed as
/// `a << 32 | b` with `a < b`. `keys` holds `bands` band keys per document of `docs`, in that
/// order; `docs` must be ascending.
///
/// A bucket of more than `max_bucket` documents is linked as a star around its first member
/// instead of pair by pair: its documents stay connected for whoever groups them, at a cost
/// linear in the bucket rather than quadratic. `cluster` passes `usize::MAX` and so pairs every
/// bucket in full.
pub(crate) fn banded_pairs(
    keys: &[u64],
    bands: usize,
    docs: &[u32],
    max_bucket: usize,
) -> Vec<u64> {
    // Each band yields its sorted pairs; bands are merged as they finish, so memory holds
    // the distinct pairs plus a few bands in flight, not every band's copy of a pair.
    (0..bands)
        .into_par_iter()
        .map(|band| {
            let mut bucketed: Vec<(u64, u32)> = docs
                .iter()
                .enumerate()
                .map(|(k, &i)| (keys[k * bands + band], i))
                .collect();
            bucketed.sort_unstable();
            let mut out = Vec::new();
            for bucket in bucketed.chunk_by(|x, y| x.0 == y.0) {
                if bucket.len() > max_bucket {
                    let first = bucket[0].1 as u64;
                    out.extend(bucket[1..].iter().map(|&(_, b)| (first << 32) | b as u64));
                    continue;
                }
                for (x, &(_, a)) in bucket.iter().enumerate() {
                    for &(_, b) in &bucket[x + 1..] {
                        out.push(((a as u64) << 32) | b as u64);
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        })
        .reduce(Vec::new, merge_sorted)
}

/// The union of two sorted, deduplicated lists.
pub(crate) fn merge_sorted(a: Vec<u64>, b: Vec<u64>) -> Vec<u64> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        out.push(x.min(y));
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The LSH band keys of one signature, band by band: what [`Index::candidates`] buckets on,
/// and what sketch files hold for a join elsewhere (Spark). Two documents are candidates when
/// they share the key of some band.
pub fn band_keys(signature: &[u32], banding: Banding) -> impl Iterator<Item = u64> + '_ {
    let rows = banding.rows.clamp(1, signature.len().max(1));
    let bands = banding.bands.min(signature.len() / rows);
    (0..bands).map(move |band| band_key(&signature[band * rows..(band + 1) * rows]))
}

pub(crate) fn band_key(rows: &[u32]) -> u64 {
    let mut bytes = [0u8; 4 * 64];
    if rows.len() <= 64 {
        for (chunk, v) in bytes.chunks_exact_mut(4).zip(rows) {
            chunk.copy_from_slice(&v.to_le_bytes());
        }
        return xxh3_64(&bytes[..rows.len() * 4]);
    }
    let owned: Vec<u8> = rows.iter().flat_map(|v| v.to_le_bytes()).collect();
    xxh3_64(&owned)
}

/// Groups `0..n` by the given links; returns only groups of two or more, each sorted, ordered by
/// first member.
pub fn union_find_clusters(
    n: usize,
    links: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<Cluster> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b) in links {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        // The smaller index becomes the root, so each root is its group's first member.
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi] = lo;
        }
    }
    let mut slot = vec![usize::MAX; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for doc in 0..n {
        let root = find(&mut parent, doc);
        if slot[root] == usize::MAX {
            slot[root] = groups.len();
            groups.push(Vec::new());
        }
        groups[slot[root]].push(doc);
    }
    groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .enumerate()
        .map(|(id, members)| Cluster { id, members })
        .collect()
}

/// Clusters a handful of texts in one call: sketch, index, cluster. For large inputs, stream
/// through [`crate::sketch::Sketcher::sketch_into`] and [`Index::push_batch`] instead, so texts
/// can be freed.
pub fn cluster<S: AsRef<str> + Sync>(texts: &[S], params: &Params) -> Clustering {
    let sketcher = crate::sketch::Sketcher::new(params);
    let batches: Vec<SketchBatch> = texts
        .par_chunks(BATCH_DOCUMENTS)
        .map_init(crate::shingle::Scratch::default, |scratch, chunk| {
            let texts = chunk.iter().map(|t| t.as_ref());
            sketcher.sketch_batch(texts, scratch)
        })
        .collect();
    let mut index = Index::new(params);
    index.reserve(texts.len());
    for batch in batches {
        index.push_batch(batch);
    }
    index.cluster()
}

/// Documents sketched into one [`SketchBatch`] by one thread: enough to make the per-batch costs
/// vanish, few enough that a pile of a few hundred documents still spreads over every core.
pub const BATCH_DOCUMENTS: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lsh_params_match_datasketch() {
        // Values printed by datasketch 2.0's `_optimal_param(t, perm, 0.5, 0.5)`.
        for (t, perm, bands, rows) in [
            (0.8, 128, 9, 13),
            (0.5, 128, 25, 5),
            (0.9, 256, 9, 28),
            (0.8, 64, 5, 11),
            (0.3, 128, 37, 3),
        ] {
            assert_eq!(
                lsh_params(t, perm),
                Banding { bands, rows },
                "t={t} perm={perm}"
            );
        }
    }

    /// The optimizer written out directly, two powers per point: the reference for the
    /// incremental one.
    fn lsh_params_direct(threshold: f64, perm: usize) -> Banding {
        fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
            const PANELS: usize = 256;
            if b <= a {
                return 0.0;
            }
            let h = (b - a) / PANELS as f64;
            let mut sum = f(a) + f(b);
            for i in 1..PANELS {
                let weight = if i % 2 == 1 { 4.0 } else { 2.0 };
                sum += weight * f(a + i as f64 * h);
            }
            sum * h / 3.0
        }
        let mut best = (f64::INFINITY, Banding { bands: 1, rows: 1 });
        for bands in 1..=perm {
            for rows in 1..=perm / bands {
                let banding = Banding { bands, rows };
                let fp = integrate(|s| candidate_probability(s, banding), 0.0, threshold);
                let fn_ = integrate(|s| 1.0 - candidate_probability(s, banding), threshold, 1.0);
                let error = 0.5 * fp + 0.5 * fn_;
                if error < best.0 {
                    best = (error, banding);
                }
            }
        }
        best.1
    }

    #[test]
    fn incremental_optimizer_agrees_with_the_direct_one() {
        for perm in [1, 2, 7, 16, 64, 128, 200] {
            for step in 1..=20 {
                let t = step as f64 * 0.05;
                assert_eq!(
                    lsh_params(t, perm),
                    lsh_params_direct(t, perm),
                    "t={t} perm={perm}"
                );
            }
        }
    }

    #[test]
    fn banding_favours_recall_at_the_threshold() {
        let p = Params::default();
        let b = banding(&p);
        assert_eq!(b, Banding { bands: 21, rows: 6 });
        assert!(candidate_probability(0.8, b) >= LSH_RECALL);
        assert!(candidate_probability(0.02, b) < 1e-8);
        for threshold in [0.3, 0.5, 0.7, 0.9, 0.95, 1.0] {
            let b = banding(&Params { threshold, ..p });
            assert!(b.bands * b.rows <= p.perm);
            let recall = candidate_probability(threshold, b);
            let plain = candidate_probability(threshold, lsh_params(threshold, p.perm));
            assert!(recall >= plain, "{threshold} {b:?}");
            // Low thresholds hit the 60% floor, which bounds the candidates on large piles.
            assert!(threshold < 0.7 || recall >= LSH_RECALL, "{threshold} {b:?}");
        }
    }

    #[test]
    fn unvalidated_params_do_not_panic() {
        let texts = ["one two three four five six", "one two three four five six"];
        for params in [
            Params {
                perm: 0,
                ..Params::default()
            },
            Params {
                perm: 5000,
                shingle: 0,
                ..Params::default()
            },
            Params {
                threshold: f64::NAN,
                char_ngrams: Some(0),
                ..Params::default()
            },
            Params {
                threshold: -3.0,
                ..Params::default()
            },
        ] {
            let _ = cluster(&texts, &params);
        }
    }

    #[test]
    fn merging_keeps_each_pair_once() {
        assert_eq!(
            merge_sorted(vec![1, 3, 5], vec![2, 3, 6, 7]),
            vec![1, 2, 3, 5, 6, 7]
        );
        assert_eq!(merge_sorted(vec![], vec![4]), vec![4]);
    }

    #[test]
    fn union_find_orders_by_first_member() {
        let c = union_find_clusters(7, [(5, 6), (3, 1), (6, 2), (4, 1)]);
        assert_eq!(
            c,
            vec![
                Cluster {
                    id: 0,
                    members: vec![1, 3, 4]
                },
                Cluster {
                    id: 1,
                    members: vec![2, 5, 6]
                },
            ]
        );
    }

    #[test]
    fn clusters_versions_and_leaves_others_alone() {
        let base = "The city council voted on Tuesday to approve a new budget for the coming year, \
            after months of debate over funding for schools, roads and the public library system. \
            The mayor said the plan would protect essential services while keeping taxes flat.";
        let edited = format!("{base} Read more at our website.");
        let other = "A storm brought heavy rain and strong winds to the coast overnight, cutting \
            power to thousands of homes and closing several roads near the harbor until morning.";
        let texts = [other, base, "!!!", edited.as_str()];
        let result = cluster(
            &texts,
            &Params {
                threshold: 0.7,
                ..Params::default()
            },
        );
        assert_eq!(
            result.clusters,
            vec![Cluster {
                id: 0,
                members: vec![1, 3]
            }]
        );
        assert_eq!(result.pairs.len(), 1);
        let p = result.pairs[0];
        assert!(p.jaccard >= 0.7 && p.jaccard < 1.0);
        assert_eq!(p.containment, 1.0);
        let groups = result.all_groups();
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[1].members, vec![1, 3]);
    }

    #[test]
    fn batched_and_single_pushes_cluster_alike() {
        let base = "The city council voted on Tuesday to approve a new budget for the coming year, \
            after months of debate over funding for schools, roads and the public library.";
        let texts: Vec<String> = (0..40)
            .map(|i| match i % 4 {
                0 => base.to_string(),
                1 => format!("{base} Copyright {i}."),
                2 => format!("Story {i}: a storm closed {i} roads near the harbor overnight."),
                _ => "!!!".to_string(),
            })
            .collect();
        let params = Params {
            threshold: 0.7,
            ..Params::default()
        };
        let sketcher = crate::sketch::Sketcher::new(&params);
        let mut scratch = crate::shingle::Scratch::default();
        let mut single = Index::new(&params);
        for t in &texts {
            single.push(&sketcher.sketch(t, &mut scratch));
        }
        let mut batched = Index::new(&params);
        for chunk in texts.chunks(7) {
            let batch = sketcher.sketch_batch(chunk.iter().map(String::as_str), &mut scratch);
            batched.push_batch(batch);
        }
        assert_eq!(batched.len(), texts.len());
        // Verifying before clustering sorts the two sets on the spot.
        let direct = batched.verify(0, 1);
        assert_eq!(direct, single.verify(0, 1));
        assert!(direct.jaccard > 0.7 && direct.jaccard < 1.0);
        let expected = single.cluster();
        assert_eq!(batched.cluster(), expected);
        assert_eq!(expected.clusters.len(), 1);
        assert_eq!(expected.clusters[0].members.len(), 20);
        assert_eq!(cluster(&texts, &params), expected);
        assert_eq!(batched.shingles(3), &[] as &[u64]);
    }

    #[test]
    fn batches_of_another_signature_length_are_cut_or_padded() {
        let text = "The city council voted on Tuesday to approve a new budget for the coming year.";
        let params = Params::default();
        let mut scratch = crate::shingle::Scratch::default();
        for perm in [16, 128, 512] {
            let sketcher = crate::sketch::Sketcher::new(&Params { perm, ..params });
            let mut index = Index::new(&params);
            index.push_batch(sketcher.sketch_batch([text, text].into_iter(), &mut scratch));
            assert_eq!(index.signature(0).len(), params.perm, "perm {perm}");
            let own = sketcher.sketch(text, &mut scratch);
            let common = perm.min(params.perm);
            assert_eq!(index.signature(1)[..common], own.signature[..common]);
            assert!(index.signature(1)[common..].iter().all(|&v| v == u32::MAX));
            assert_eq!(index.cluster().pairs.len(), 1, "perm {perm}");
        }
    }

    #[test]
    fn containment_admits_an_excerpt() {
        let long: String = (0..60).map(|i| format!("word{i} ")).collect();
        let short: String = (0..45).map(|i| format!("word{i} ")).collect();
        let strict = cluster(
            &[&long, &short],
            &Params {
                threshold: 0.8,
                ..Params::default()
            },
        );
        assert!(strict.clusters.is_empty(), "jaccard 41/56 is below 0.8");
        let loose = Params {
            threshold: 0.8,
            containment: true,
            ..Params::default()
        };
        let contained = cluster(&[&long, &short], &loose);
        assert_eq!(contained.pairs.len(), 1);
        assert_eq!(contained.pairs[0].containment, 1.0);
    }
}
