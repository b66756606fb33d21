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

    /// The one-permutation-hashing signature of a shingle set (duplicates are harmless).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let k = self.perm;
        // Work in u64 so that "empty" cannot collide with a real 32-bit value.
        let mut bins = vec![u64::MAX; k];
        for &h in shingles {
            let x = mix64(h ^ self.seed_key);
            let bin = (((x >> 32) * k as u64) >> 32) as usize;
            // Branch-free: whether a new value is smaller is a coin toss the predictor loses.
            bins[bin] = bins[bin].min(x & 0xFFFF_FFFF);
        }
        let filled = bins.iter().filter(|&&v| v != u64::MAX).count();
        let mut signature: Vec<u32> = bins.iter().map(|&v| v as u32).collect();
        if filled == 0 || filled == k {
            return signature;
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
        signature
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

/// Size of the intersection of two sorted, deduplicated slices, by merging.
pub fn intersection_len(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        shared += (x == y) as usize;
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    shared
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
