//! Passage alignment: which sentence of one version matches which sentence of another.
//!
//! Outlets move paragraphs, cut them, add their own, split and merge sentences, and rephrase. A
//! machine translation keeps the order and the names but changes most of the words. So matching
//! cannot rest on shared words alone. Each sentence becomes a TF-IDF vector of its word keys and of
//! the character 4-grams inside its words: names, numbers and long words survive rewording and
//! translation, and character grams give partial credit to "criticising" against "critiquing".
//! Inverse document frequencies come from all versions of the story, so boilerplate words that
//! every sentence shares weigh nothing.
//!
//! Alignment then runs in four steps:
//! 1. Anchors: sentence pairs that are each other's best match with a clear similarity, chained
//!    in order by a longest increasing subsequence. Anchors cut the problem into small gaps, so the
//!    cost stays bounded however long the documents are.
//! 2. Between anchors, dynamic programming over 1-1, 1-2, 2-1, 1-0 and 0-1 moves maximizes the
//!    total similarity above a floor. That finds split and merged sentences and skips what one
//!    outlet cut or added.
//! 3. Moved blocks: sentences left over on both sides are paired when they match well anyway, and
//!    marked moved.
//! 4. Sentences in each other's place: where each side has left as many sentences alone between
//!    the same two matches (or a document's start or end), the first is paired with the first,
//!    the second with the second, and so on, on a lower floor. A mistranslated sentence may share
//!    few words with its counterpart, but it stands where the counterpart stands: a headline and
//!    its standfirst before the first matched sentence are the commonest case.

use crate::segment::{ParagraphKind, Segmented, Span};
use ahash::AHashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use xxhash_rust::xxh3::xxh3_64;

/// Sentences longer than this many words are cut into chunks of this size for alignment, so that a
/// 40 MB file with no full stop costs no more per unit than ordinary prose.
pub const MAX_UNIT_WORDS: usize = 80;

/// Gap rectangles larger than this many cells are not solved by dynamic programming but greedily,
/// which keeps alignment near-linear on pathological input.
pub const MAX_DP_CELLS: usize = 250_000;

/// Similarity below which two sentences are not worth pairing.
pub const MATCH_FLOOR: f32 = 0.2;

/// Share of a lone sentence's weight that must be found in its neighbour's counterpart for the
/// two to count as one sentence split in two.
pub const SPLIT_COVERAGE: f32 = 0.5;

/// Similarity needed to pair sentences that appear in a different order.
pub const MOVE_FLOOR: f32 = 0.4;

/// Similarity needed to pair units each side left alone in the same place (step 4 of the
/// module docs): half the match floor, as for the parts of a merge, since the place itself says
/// they are counterparts.
pub const SANDWICH_FLOOR: f32 = MATCH_FLOOR * 0.5;

/// One alignment unit: a sentence, or a chunk of an overlong sentence.
#[derive(Debug, Clone)]
pub struct Unit {
    pub span: Span,
    /// Indices into [`Segmented::words`].
    pub words: Range<usize>,
    pub sentence: usize,
    pub paragraph: usize,
    pub heading: bool,
    /// Page debris (see [`ParagraphKind::Boilerplate`]): never paired with another unit.
    pub boilerplate: bool,
}

/// A document prepared for alignment: its units and their raw feature counts.
#[derive(Debug, Clone)]
pub struct Profile {
    pub units: Vec<Unit>,
    features: Vec<Vec<(u64, f32)>>,
}

impl Profile {
    pub fn new(seg: &Segmented) -> Profile {
        let mut units = Vec::with_capacity(seg.sentences.len());
        for (si, sentence) in seg.sentences.iter().enumerate() {
            let kind = seg.paragraphs[sentence.paragraph].kind;
            let heading = kind == ParagraphKind::Heading;
            let boilerplate = kind == ParagraphKind::Boilerplate;
            let mut start = sentence.words.start;
            while start < sentence.words.end {
                let end = (start + MAX_UNIT_WORDS).min(sentence.words.end);
                let whole = start == sentence.words.start && end == sentence.words.end;
                let span = if whole {
                    sentence.span
                } else {
                    Span::new(seg.words[start].span.start, seg.words[end - 1].span.end)
                };
                units.push(Unit {
                    span,
                    words: start..end,
                    sentence: si,
                    paragraph: sentence.paragraph,
                    heading,
                    boilerplate,
                });
                start = end;
            }
        }
        // Debris has no features, so it matches nothing and stays one-sided.
        let features = units
            .iter()
            .map(|u| {
                if u.boilerplate {
                    Vec::new()
                } else {
                    unit_features(seg, u)
                }
            })
            .collect();
        Profile { units, features }
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The words of unit `i`.
    pub fn unit_keys<'a>(&self, seg: &'a Segmented, i: usize) -> impl Iterator<Item = &'a str> {
        seg.words[self.units[i].words.clone()]
            .iter()
            .map(|w| w.key.as_str())
    }
}

fn unit_features(seg: &Segmented, unit: &Unit) -> Vec<(u64, f32)> {
    let mut counts: AHashMap<u64, f32> = AHashMap::new();
    for word in &seg.words[unit.words.clone()] {
        let key = word.key.as_bytes();
        // Function words say little about which sentence matches which, in any story.
        if is_function_word(&word.key) {
            *counts.entry(xxh3_64(key) | 1).or_default() += 0.25;
            continue;
        }
        *counts.entry(xxh3_64(key) | 1).or_default() += 1.0;
        // Character 4-grams of the word padded with boundaries; the low bit tags them apart from
        // whole words.
        let chars: Vec<char> = std::iter::once('^')
            .chain(word.key.chars())
            .chain(std::iter::once('$'))
            .collect();
        if chars.len() >= 5 {
            let mut buf = String::new();
            for window in chars.windows(4) {
                buf.clear();
                buf.extend(window);
                *counts.entry(xxh3_64(buf.as_bytes()) & !1).or_default() += 0.5;
            }
        }
    }
    let mut v: Vec<(u64, f32)> = counts.into_iter().collect();
    v.sort_unstable_by_key(|&(h, _)| h);
    v
}

/// The most frequent English function words.
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
    "it's", "its", "may", "me", "might", "more", "most", "must", "my", "no", "not", "now", "of",
    "on", "one", "only", "or", "other", "our", "out", "over", "said", "says", "shall", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "too", "under", "up", "us", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "would", "you", "your",
];

pub fn is_function_word(key: &str) -> bool {
    static SET: std::sync::OnceLock<ahash::AHashSet<&'static str>> = std::sync::OnceLock::new();
    key.len() <= 8
        && SET
            .get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
            .contains(key)
}

/// Inverse document frequencies over every unit of every version of one story.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    df: AHashMap<u64, u32>,
    units: u32,
}

impl Idf {
    pub fn new<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Idf {
        let mut idf = Idf::default();
        for p in profiles {
            for f in &p.features {
                idf.units += 1;
                for &(h, _) in f {
                    *idf.df.entry(h).or_default() += 1;
                }
            }
        }
        idf
    }

    fn weight(&self, h: u64) -> f32 {
        let df = self.df.get(&h).copied().unwrap_or(1).max(1) as f32;
        ((1.0 + self.units as f32) / df).ln().max(0.0)
    }
}

/// A unit's TF-IDF vector, L2-normalized, sorted by feature hash.
#[derive(Debug, Clone, Default)]
struct Vector(Vec<(u64, f32)>);

impl Vector {
    fn new(raw: &[(u64, f32)], idf: &Idf) -> Vector {
        let mut v: Vec<(u64, f32)> = raw
            .iter()
            .map(|&(h, tf)| (h, (1.0 + tf.ln()) * idf.weight(h)))
            .filter(|&(_, w)| w > 0.0)
            .collect();
        normalize(&mut v);
        Vector(v)
    }

    fn merged(a: &Vector, b: &Vector) -> Vector {
        let mut out = Vec::with_capacity(a.0.len() + b.0.len());
        let (mut i, mut j) = (0, 0);
        while i < a.0.len() || j < b.0.len() {
            let take_a = j >= b.0.len() || (i < a.0.len() && a.0[i].0 < b.0[j].0);
            let take_b = i >= a.0.len() || (j < b.0.len() && b.0[j].0 < a.0[i].0);
            if take_a {
                out.push(a.0[i]);
                i += 1;
            } else if take_b {
                out.push(b.0[j]);
                j += 1;
            } else {
                out.push((a.0[i].0, a.0[i].1 + b.0[j].1));
                i += 1;
                j += 1;
            }
        }
        normalize(&mut out);
        Vector(out)
    }

    /// Share of this vector's weight whose features the other vector also has.
    fn coverage_by(&self, other: &Vector) -> f32 {
        let total: f32 = self.0.iter().map(|&(_, w)| w).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += a[i].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared / total
    }

    fn cosine(&self, other: &Vector) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot.clamp(0.0, 1.0)
    }
}

fn normalize(v: &mut [(u64, f32)]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in v.iter_mut() {
            e.1 /= norm;
        }
    }
}

/// Which units of each side a pair covers. Either side may be empty: a unit only one version has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub a: Range<usize>,
    pub b: Range<usize>,
    /// Cosine similarity of the two sides' TF-IDF vectors, 0 for a one-sided link.
    pub similarity: f32,
    /// True when the pair is out of the order the rest of the alignment follows.
    pub moved: bool,
}

impl Link {
    pub fn is_match(&self) -> bool {
        !self.a.is_empty() && !self.b.is_empty()
    }
}

/// The alignment of two versions, in the order of version `a` (one-sided `b` units are placed
/// where they fall between their neighbours).
#[derive(Debug, Clone)]
pub struct PairAlignment {
    pub links: Vec<Link>,
}

/// Vectors for every profile of a story, ready for pairwise alignment.
pub struct StoryVectors {
    vectors: Vec<Vec<Vector>>,
}

impl StoryVectors {
    pub fn new(profiles: &[&Profile]) -> StoryVectors {
        StoryVectors::weighted_by(profiles, profiles.iter().copied())
    }

    /// Vectors of `profiles` with word weights learned from `weighing` alone: a story's
    /// near-copies would otherwise make its own words look common and its rewrites unlike it.
    pub fn weighted_by<'a>(
        profiles: &[&Profile],
        weighing: impl Iterator<Item = &'a Profile>,
    ) -> StoryVectors {
        let idf = Idf::new(weighing);
        let vectors = profiles
            .par_iter()
            .map(|p| p.features.iter().map(|f| Vector::new(f, &idf)).collect())
            .collect();
        StoryVectors { vectors }
    }

    /// Similarity of unit `i` of version `a` and unit `j` of version `b`.
    pub fn similarity(&self, a: usize, i: usize, b: usize, j: usize) -> f32 {
        self.vectors[a][i].cosine(&self.vectors[b][j])
    }

    /// Aligns version `a` with version `b`.
    pub fn align(&self, a: usize, b: usize) -> PairAlignment {
        let va = &self.vectors[a];
        let vb = &self.vectors[b];
        let candidates = candidates(va, vb);
        let anchors = anchor_chain(&candidates, va.len(), vb.len());
        let mut links: Vec<Link> = Vec::new();
        let mut prev = (0usize, 0usize);
        for &(i, j) in anchors.iter().chain(std::iter::once(&(va.len(), vb.len()))) {
            align_gap(va, vb, prev.0..i, prev.1..j, &candidates, &mut links);
            if i < va.len() && j < vb.len() {
                links.push(Link {
                    a: i..i + 1,
                    b: j..j + 1,
                    similarity: candidates.similarity(i, j),
                    moved: false,
                });
            }
            prev = (i + 1, j + 1);
        }
        absorb_split_units(va, vb, &mut links);
        pair_moved_units(va, vb, &candidates, &mut links);
        pair_sandwiched_units(va, vb, &mut links);
        PairAlignment { links }
    }
}

/// For each unit of `a`, every unit of `b` it shares weighted features with, and the best few,
/// found through an inverted index so that unrelated units are never compared.
struct Candidates {
    /// Sparse similarity rows, sorted by `b` index.
    rows: Vec<Vec<(u32, f32)>>,
    by_a: Vec<Vec<(usize, f32)>>,
    best_b: Vec<Option<(usize, f32)>>,
}

impl Candidates {
    /// Similarity from the sparse rows; 0 when the units share nothing of weight.
    fn similarity(&self, i: usize, j: usize) -> f32 {
        let row = &self.rows[i];
        match row.binary_search_by_key(&(j as u32), |&(k, _)| k) {
            Ok(k) => row[k].1,
            Err(_) => 0.0,
        }
    }
}

const CANDIDATES_PER_UNIT: usize = 6;

/// Similarities below this are not kept in the sparse rows.
const ROW_FLOOR: f32 = 0.05;

fn candidates(va: &[Vector], vb: &[Vector]) -> Candidates {
    let mut index: AHashMap<u64, Vec<(u32, f32)>> = AHashMap::new();
    for (j, v) in vb.iter().enumerate() {
        for &(h, w) in &v.0 {
            index.entry(h).or_default().push((j as u32, w));
        }
    }
    // Very common features carry little weight but cost a lot on long documents; past this many
    // postings a feature is dropped from the similarity rows.
    let posting_cap = 64.max(vb.len() / 16);
    let rows: Vec<Vec<(u32, f32)>> = va
        .par_iter()
        .map_init(
            || (vec![0.0f32; vb.len()], Vec::new()),
            |(acc, touched), v| {
                touched.clear();
                for &(h, w) in &v.0 {
                    if let Some(postings) = index.get(&h) {
                        if postings.len() > posting_cap {
                            continue;
                        }
                        for &(j, wb) in postings {
                            let j = j as usize;
                            if acc[j] == 0.0 {
                                touched.push(j);
                            }
                            acc[j] += w * wb;
                        }
                    }
                }
                let mut row: Vec<(u32, f32)> = touched
                    .iter()
                    .map(|&j| (j as u32, acc[j].min(1.0)))
                    .filter(|&(_, s)| s >= ROW_FLOOR)
                    .collect();
                for &j in touched.iter() {
                    acc[j] = 0.0;
                }
                row.sort_unstable_by_key(|&(j, _)| j);
                row
            },
        )
        .collect();
    let by_a: Vec<Vec<(usize, f32)>> = rows
        .iter()
        .map(|row| {
            let mut best: Vec<(usize, f32)> = row
                .iter()
                .filter(|&&(_, s)| s >= MATCH_FLOOR * 0.5)
                .map(|&(j, s)| (j as usize, s))
                .collect();
            best.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            best.truncate(CANDIDATES_PER_UNIT);
            best
        })
        .collect();
    let mut best_b: Vec<Option<(usize, f32)>> = vec![None; vb.len()];
    for (i, cands) in by_a.iter().enumerate() {
        for &(j, s) in cands {
            if best_b[j].is_none_or(|(_, bs)| s > bs) {
                best_b[j] = Some((i, s));
            }
        }
    }
    Candidates { rows, by_a, best_b }
}

/// Mutual best matches above the move floor, chained into the longest increasing subsequence.
fn anchor_chain(c: &Candidates, _n: usize, _m: usize) -> Vec<(usize, usize)> {
    let mutual: Vec<(usize, usize)> = c
        .by_a
        .iter()
        .enumerate()
        .filter_map(|(i, cands)| {
            let &(j, s) = cands.first()?;
            (s >= MOVE_FLOOR && c.best_b[j].is_some_and(|(bi, _)| bi == i)).then_some((i, j))
        })
        .collect();
    longest_increasing(&mutual)
}

/// Longest chain of pairs increasing in both coordinates (pairs come sorted by the first).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new(); // index into pairs of the chain end of each length
    let mut parent: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < j);
        if pos > 0 {
            parent[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        chain.push(pairs[k]);
        at = parent[k];
    }
    chain.reverse();
    chain
}

/// Aligns the units strictly between two anchors, appending links in `a` order.
fn align_gap(
    va: &[Vector],
    vb: &[Vector],
    ra: Range<usize>,
    rb: Range<usize>,
    c: &Candidates,
    links: &mut Vec<Link>,
) {
    if ra.is_empty() && rb.is_empty() {
        return;
    }
    if ra.len().saturating_mul(rb.len()) > MAX_DP_CELLS {
        align_gap_greedy(va, vb, ra, rb, c, links);
        return;
    }
    let (n, m) = (ra.len(), rb.len());
    let mut s11 = vec![0.0f32; n * m];
    for i in 0..n {
        for &(j, s) in &c.rows[ra.start + i] {
            let j = j as usize;
            if rb.contains(&j) {
                s11[i * m + (j - rb.start)] = s;
            }
        }
    }
    // score[i][j]: best total for the first i units of a and j of b.
    let w = m + 1;
    let mut score = vec![0.0f32; (n + 1) * w];
    let mut step = vec![(0u8, 0u8, 0.0f32); (n + 1) * w];
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f32::NEG_INFINITY, (0u8, 0u8, 0.0f32));
            let mut consider = |di: usize, dj: usize, s: f32, gain: f32| {
                let total = score[(i - di) * w + (j - dj)] + gain;
                if total > best.0 {
                    best = (total, (di as u8, dj as u8, s));
                }
            };
            if i > 0 {
                consider(1, 0, 0.0, 0.0);
            }
            if j > 0 {
                consider(0, 1, 0.0, 0.0);
            }
            if i > 0 && j > 0 {
                let s = s11[(i - 1) * m + (j - 1)];
                if s >= MATCH_FLOOR {
                    consider(1, 1, s, s - MATCH_FLOOR);
                }
                // Merges are considered only where both parts already resemble the other side.
                if j > 1
                    && s >= MATCH_FLOOR * 0.5
                    && s11[(i - 1) * m + (j - 2)] >= MATCH_FLOOR * 0.5
                {
                    let merged = Vector::merged(&vb[rb.start + j - 2], &vb[rb.start + j - 1]);
                    let s = va[ra.start + i - 1].cosine(&merged);
                    // A merge must beat its best single part to be worth it.
                    if s >= MATCH_FLOOR {
                        consider(1, 2, s, (s - MATCH_FLOOR) * 1.5 - 0.02);
                    }
                }
                if i > 1
                    && s >= MATCH_FLOOR * 0.5
                    && s11[(i - 2) * m + (j - 1)] >= MATCH_FLOOR * 0.5
                {
                    let merged = Vector::merged(&va[ra.start + i - 2], &va[ra.start + i - 1]);
                    let s = vb[rb.start + j - 1].cosine(&merged);
                    if s >= MATCH_FLOOR {
                        consider(2, 1, s, (s - MATCH_FLOOR) * 1.5 - 0.02);
                    }
                }
            }
            score[i * w + j] = best.0;
            step[i * w + j] = best.1;
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (di, dj, s) = step[i * w + j];
        let (di, dj) = (di as usize, dj as usize);
        path.push(Link {
            a: ra.start + i - di..ra.start + i,
            b: rb.start + j - dj..rb.start + j,
            similarity: if di > 0 && dj > 0 { s } else { 0.0 },
            moved: false,
        });
        i -= di;
        j -= dj;
    }
    path.reverse();
    links.extend(path);
}

/// For huge gaps: each `a` unit takes its best candidate inside the gap if that keeps the order.
fn align_gap_greedy(
    _va: &[Vector],
    _vb: &[Vector],
    ra: Range<usize>,
    rb: Range<usize>,
    c: &Candidates,
    links: &mut Vec<Link>,
) {
    let mut next_b = rb.start;
    for i in ra.clone() {
        let pick = c.by_a[i]
            .iter()
            .find(|&&(j, s)| j >= next_b && j < rb.end && s >= MATCH_FLOOR);
        match pick {
            Some(&(j, s)) => {
                for skipped in next_b..j {
                    links.push(Link {
                        a: i..i,
                        b: skipped..skipped + 1,
                        similarity: 0.0,
                        moved: false,
                    });
                }
                links.push(Link {
                    a: i..i + 1,
                    b: j..j + 1,
                    similarity: s,
                    moved: false,
                });
                next_b = j + 1;
            }
            None => links.push(Link {
                a: i..i + 1,
                b: next_b..next_b,
                similarity: 0.0,
                moved: false,
            }),
        }
    }
    for j in next_b..rb.end {
        links.push(Link {
            a: ra.end..ra.end,
            b: j..j + 1,
            similarity: 0.0,
            moved: false,
        });
    }
}

/// Anchors are 1-1, so a sentence that one outlet split in two leaves its second half alone next
/// to the anchor. Such a neighbour joins the link when the joined text matches better.
fn absorb_split_units(va: &[Vector], vb: &[Vector], links: &mut Vec<Link>) {
    const GAIN: f32 = 0.03;
    let merged_side = |v: &[Vector], r: Range<usize>| -> Vector {
        r.clone()
            .skip(1)
            .fold(v[r.start].clone(), |acc, k| Vector::merged(&acc, &v[k]))
    };
    let mut k = 0;
    while k < links.len() {
        if !links[k].is_match() || links[k].a.len() + links[k].b.len() >= 4 {
            k += 1;
            continue;
        }
        let mut changed = false;
        for neighbour in [k + 1, k.wrapping_sub(1)] {
            let Some(n) = links.get(neighbour).cloned() else {
                continue;
            };
            let link = links[k].clone();
            let (a, b) = if n.a.is_empty()
                && n.b.len() == 1
                && (n.b.start == link.b.end || n.b.end == link.b.start)
            {
                (
                    link.a.clone(),
                    link.b.start.min(n.b.start)..link.b.end.max(n.b.end),
                )
            } else if n.b.is_empty()
                && n.a.len() == 1
                && (n.a.start == link.a.end || n.a.end == link.a.start)
            {
                (
                    link.a.start.min(n.a.start)..link.a.end.max(n.a.end),
                    link.b.clone(),
                )
            } else {
                continue;
            };
            let s = merged_side(va, a.clone()).cosine(&merged_side(vb, b.clone()));
            // Cosine punishes the words a split half adds ("It will ..."), so a half that is
            // mostly found in the other side's sentence joins even without a cosine gain.
            let (lone, whole) = if n.a.is_empty() {
                (&vb[n.b.start], merged_side(va, link.a.clone()))
            } else {
                (&va[n.a.start], merged_side(vb, link.b.clone()))
            };
            let contained = lone.coverage_by(&whole) >= SPLIT_COVERAGE;
            if s >= link.similarity + GAIN || (contained && s >= MOVE_FLOOR) {
                links[k] = Link {
                    a,
                    b,
                    similarity: s,
                    moved: link.moved,
                };
                links.remove(neighbour);
                if neighbour < k {
                    k -= 1;
                }
                changed = true;
                break;
            }
        }
        if !changed {
            k += 1;
        }
    }
}

/// Pairs units that the in-order alignment left unmatched on both sides, when they match well.
fn pair_moved_units(va: &[Vector], vb: &[Vector], c: &Candidates, links: &mut Vec<Link>) {
    let lone_a: Vec<usize> = links
        .iter()
        .filter(|l| l.b.is_empty())
        .flat_map(|l| l.a.clone())
        .collect();
    let mut lone_b: std::collections::BTreeSet<usize> = links
        .iter()
        .filter(|l| l.a.is_empty())
        .flat_map(|l| l.b.clone())
        .collect();
    if lone_a.is_empty() || lone_b.is_empty() {
        return;
    }
    let mut proposals: Vec<(f32, usize, usize)> = Vec::new();
    for &i in &lone_a {
        for &(j, s) in &c.by_a[i] {
            if lone_b.contains(&j) {
                let s = va[i].cosine(&vb[j]).max(s.min(1.0));
                if s >= MOVE_FLOOR {
                    proposals.push((s, i, j));
                }
            }
        }
    }
    proposals.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut moved: AHashMap<usize, (usize, f32)> = AHashMap::new();
    for (s, i, j) in proposals {
        if moved.contains_key(&i) || !lone_b.contains(&j) {
            continue;
        }
        lone_b.remove(&j);
        moved.insert(i, (j, s));
    }
    if moved.is_empty() {
        return;
    }
    let taken_b: ahash::AHashSet<usize> = moved.values().map(|&(j, _)| j).collect();
    let mut out = Vec::with_capacity(links.len());
    for link in links.drain(..) {
        if link.b.is_empty() && link.a.len() == 1 {
            if let Some(&(j, s)) = moved.get(&link.a.start) {
                out.push(Link {
                    a: link.a.clone(),
                    b: j..j + 1,
                    similarity: s,
                    moved: true,
                });
                continue;
            }
        }
        if link.a.is_empty() && link.b.len() == 1 && taken_b.contains(&link.b.start) {
            continue;
        }
        out.push(link);
    }
    *links = out;
}

/// The `i`-th unit one side left alone and the `i`-th of the other, matched when they were
/// similar enough, else each one-sided where it stands.
fn place_pair(i: usize, j: usize, similarity: Option<f32>) -> Vec<Link> {
    let link = |a: Range<usize>, b: Range<usize>, similarity: f32| Link {
        a,
        b,
        similarity,
        moved: false,
    };
    match similarity {
        Some(s) => vec![link(i..i + 1, j..j + 1, s)],
        None => vec![link(i..i + 1, j..j, 0.0), link(i + 1..i + 1, j..j + 1, 0.0)],
    }
}

/// Pairs the units each side left alone between the same two in-order matches (or a document's
/// start or end), in order, when both sides left as many: one sentence standing in the place of
/// one sentence. A mistranslation can share too few words with its counterpart to be matched on
/// them, and yet it stands exactly where the counterpart stands; left one-sided, it would read as
/// a sentence one version added and the other cut, and how far its meaning drifted would go
/// unseen. A pair below [`SANDWICH_FLOOR`] stays one-sided, and a run none of whose pairs reach it
/// is left as it was.
fn pair_sandwiched_units(va: &[Vector], vb: &[Vector], links: &mut Vec<Link>) {
    let anchor = |k: Option<&Link>| k.is_none_or(|l| l.is_match() && !l.moved);
    let mut out = Vec::with_capacity(links.len());
    let mut k = 0;
    while k < links.len() {
        if links[k].is_match() {
            out.push(links[k].clone());
            k += 1;
            continue;
        }
        let start = k;
        while k < links.len() && !links[k].is_match() {
            k += 1;
        }
        let run = &links[start..k];
        let lone_a: Vec<usize> = run.iter().flat_map(|l| l.a.clone()).collect();
        let lone_b: Vec<usize> = run.iter().flat_map(|l| l.b.clone()).collect();
        let bounded = anchor(start.checked_sub(1).map(|p| &links[p])) && anchor(links.get(k));
        let in_place: Vec<Option<f32>> = if bounded && lone_a.len() == lone_b.len() {
            lone_a
                .iter()
                .zip(&lone_b)
                .map(|(&i, &j)| Some(va[i].cosine(&vb[j])).filter(|s| *s >= SANDWICH_FLOOR))
                .collect()
        } else {
            Vec::new()
        };
        if in_place.iter().any(Option::is_some) {
            for ((&i, &j), similarity) in lone_a.iter().zip(&lone_b).zip(in_place) {
                out.extend(place_pair(i, j, similarity));
            }
            continue;
        }
        out.extend(run.iter().cloned());
    }
    *links = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn align_texts(a: &str, b: &str) -> (Vec<Link>, Profile, Profile) {
        let (sa, sb) = (Segmented::new(a), Segmented::new(b));
        let (pa, pb) = (Profile::new(&sa), Profile::new(&sb));
        let vectors = StoryVectors::new(&[&pa, &pb]);
        let links = vectors.align(0, 1).links;
        (links, pa, pb)
    }

    fn matched(links: &[Link]) -> Vec<(Range<usize>, Range<usize>, bool)> {
        links
            .iter()
            .filter(|l| l.is_match())
            .map(|l| (l.a.clone(), l.b.clone(), l.moved))
            .collect()
    }

    #[test]
    fn pairs_a_reworded_sentence_by_its_place() {
        let first = "The mayor of Springfield resigned on Monday after a budget dispute.";
        let last = "Council member Ana Ruiz will lead the city until an election in March.";
        let in_place = |x: &str, y: &str| {
            let a = format!("{first}\n{x}\n{last}");
            let b = format!("{first}\n{y}\n{last}");
            let (sa, sb) = (Segmented::new(&a), Segmented::new(&b));
            let vectors = StoryVectors::new(&[&Profile::new(&sa), &Profile::new(&sb)]);
            (align_texts(&a, &b).0, vectors.similarity(0, 1, 1, 1))
        };
        let (links, similarity) = in_place(
            "Her deputy, Tom Briggs, called the dispute a disgrace.",
            "Briggs blamed the council.",
        );
        assert!(
            (SANDWICH_FLOOR..MATCH_FLOOR).contains(&similarity),
            "the premise: too unlike to match on words alone ({similarity})"
        );
        assert_eq!(
            matched(&links),
            vec![
                (0..1, 0..1, false),
                (1..2, 1..2, false),
                (2..3, 2..3, false)
            ]
        );
        let (links, similarity) = in_place(
            "The city owes its lenders 4.2 million dollars.",
            "Its creditors are owed millions.",
        );
        assert!(similarity < SANDWICH_FLOOR, "{similarity}");
        assert_eq!(
            matched(&links),
            vec![(0..1, 0..1, false), (2..3, 2..3, false)],
            "a sentence that shares next to nothing with the one in its place stays one-sided"
        );
    }

    #[test]
    fn pairs_a_reworded_headline_and_standfirst_by_their_places() {
        // Each side leaves two sentences alone before the first match: they pair first with
        // first and second with second, or stay one-sided where they share next to nothing.
        let body = "The U.S. military used its F-22 fighter to shoot down an unidentified object flying over Alaska on Friday afternoon.\nOfficials said the object was the size of a small car.";
        let a = format!(
            "What exactly was the object shot down over Alaska?\nConfusion and speculation abound\n{body}"
        );
        let b = format!(
            "What was the object that was dropped over Alaska?\nwho are deluded, doubters.\n{body}"
        );
        let (links, pa, pb) = align_texts(&a, &b);
        assert_eq!(
            (pa.units.len(), pb.units.len()),
            (4, 4),
            "the premise: four units a side"
        );
        let vectors = StoryVectors::new(&[&pa, &pb]);
        let headlines = vectors.similarity(0, 0, 1, 0);
        assert!(
            (SANDWICH_FLOOR..MATCH_FLOOR).contains(&headlines),
            "the premise: the headlines are too unlike to match on words alone ({headlines})"
        );
        assert_eq!(
            matched(&links),
            vec![
                (0..1, 0..1, false),
                (2..3, 2..3, false),
                (3..4, 3..4, false)
            ]
        );
        let one_sided: Vec<_> = links.iter().filter(|l| !l.is_match()).collect();
        assert_eq!(one_sided.len(), 2, "{links:?}");
        assert_eq!(
            (one_sided[0].a.clone(), one_sided[1].b.clone()),
            (1..2, 1..2),
            "the standfirsts share nothing and stay one-sided"
        );
    }

    #[test]
    fn aligns_reordered_cut_and_added_sentences() {
        let a = "The mayor of Springfield resigned on Monday after a budget dispute.\n\
                 She had served for eleven years.\n\
                 Council member Ana Ruiz will lead the city until an election in March.\n\
                 The budget shortfall reached 4.2 million dollars.";
        let b = "Council member Ana Ruiz will lead the city until a March election.\n\
                 The mayor of Springfield quit on Monday after a dispute over the budget.\n\
                 Read more: our coverage of city hall.\n\
                 The budget shortfall reached 4.2 million dollars.";
        let (links, _, _) = align_texts(a, b);
        let m = matched(&links);
        let pairs: Vec<_> = m.iter().map(|(x, y, _)| (x.clone(), y.clone())).collect();
        assert_eq!(
            pairs,
            vec![(0..1, 1..2), (2..3, 0..1), (3..4, 3..4)],
            "{m:?}"
        );
        // One of the two swapped sentences is out of order, and only one.
        assert_eq!(m.iter().filter(|(_, _, moved)| *moved).count(), 1, "{m:?}");
        assert!(!m[2].2);
        // "She had served" and "Read more" have no counterpart.
        assert!(links.iter().any(|l| l.a == (1..2) && l.b.is_empty()));
        assert!(links.iter().any(|l| l.b == (2..3) && l.a.is_empty()));
    }

    #[test]
    fn finds_a_split_sentence() {
        let a = "Officials said the bridge over the Elbe river would close for repairs in May and reopen in October.";
        let b = "Officials said the bridge over the Elbe river would close for repairs in May. It will reopen in October.";
        let (links, _, _) = align_texts(a, b);
        assert_eq!(matched(&links), vec![(0..1, 0..2, false)]);
    }

    #[test]
    fn chunks_overlong_sentences() {
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let seg = Segmented::new(&text);
        let p = Profile::new(&seg);
        assert_eq!(p.len(), 1000usize.div_ceil(MAX_UNIT_WORDS));
        assert!(p.units.iter().all(|u| u.words.len() <= MAX_UNIT_WORDS));
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn longest_increasing_chain() {
        let pairs = [(0, 0), (1, 5), (2, 1), (3, 2), (4, 6), (5, 3)];
        assert_eq!(
            longest_increasing(&pairs),
            vec![(0, 0), (2, 1), (3, 2), (5, 3)]
        );
    }
}
