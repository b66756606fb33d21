//! The story stage: which documents are versions of one story.
//!
//! Two steps, so that the cost follows the pile rather than its square:
//!
//! 1. **Candidates.** [`crate::candidates`] proposes pairs that could be versions of one story
//!    ([`CandidatePair`]s, plain data, so the stage can be swapped for another engine).
//! 2. **Confirmation.** Each candidate pair is aligned ([`confirm`]), and it is confirmed when the
//!    alignment covers at least the story threshold of the two texts' words:
//!    versions of one story share passages, articles on one event only share words. Confirmed
//!    pairs are joined into stories by connected components.
//!
//! Stories are numbered by their first member; members are ascending.

use crate::align::{Link, Profile, StoryVectors};
use crate::index;
use ahash::AHashMap;
use rayon::prelude::*;

/// Two documents that could be versions of one story (`a < b`), with the score that proposed
/// them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidatePair {
    pub a: usize,
    pub b: usize,
    pub score: f64,
}

/// An alignment of two documents and the share of their words it covers.
#[derive(Debug, Clone)]
pub struct AlignedPair {
    pub links: Vec<Link>,
    pub coverage: f64,
}

/// Aligns every candidate pair and keeps those whose alignment covers enough words. Word
/// weights (IDF) come from all of `profiles`, the candidate component: words that every
/// article on the event uses weigh little, as they would in a topic group.
pub fn confirm(
    candidates: &[CandidatePair],
    profiles: &[&Profile],
    paths: &[&str],
    threshold: f64,
) -> Vec<CandidatePair> {
    let vectors = StoryVectors::new(profiles);
    candidates
        .par_iter()
        .filter_map(|c| {
            let aligned = align_pair(&vectors, profiles, c.a, c.b, paths[c.a], paths[c.b]);
            (aligned.coverage >= threshold).then_some(CandidatePair {
                score: aligned.coverage,
                ..*c
            })
        })
        .collect()
}

/// Aligns members `x` and `y` of `vectors`. Alignment is not symmetric in its tie-breaks, so each
/// pair is aligned from the document whose path sorts first and mirrored back: the result
/// depends on the paths, never on the order the documents came in.
pub fn align_pair(
    vectors: &StoryVectors,
    profiles: &[&Profile],
    x: usize,
    y: usize,
    path_x: &str,
    path_y: &str,
) -> AlignedPair {
    let links = if path_y < path_x {
        let mut links = vectors.align(y, x).links;
        for l in &mut links {
            std::mem::swap(&mut l.a, &mut l.b);
        }
        links
    } else {
        vectors.align(x, y).links
    };
    let coverage = coverage(&links, profiles[x], profiles[y]);
    AlignedPair { links, coverage }
}

/// Share of both versions' words that the alignment pairs with a counterpart.
pub fn coverage(links: &[Link], a: &Profile, b: &Profile) -> f64 {
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

/// Every document in exactly one group, singletons included, ordered by first member.
pub fn components(n: usize, links: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let clusters = index::union_find_clusters(n, links);
    let mut owner = vec![usize::MAX; n];
    for (c, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            owner[m] = c;
        }
    }
    let mut groups = Vec::new();
    for (doc, &c) in owner.iter().enumerate() {
        match c {
            usize::MAX => groups.push(vec![doc]),
            c if clusters[c].members[0] == doc => groups.push(clusters[c].members.clone()),
            _ => {}
        }
    }
    groups
}

/// Stories larger than this are not aligned pair by pair when judged: each version is aligned
/// with its [`NEAREST_IN_LARGE_STORY`] most similar versions only, which keeps the cost linear.
pub const MAX_FULLY_ALIGNED_STORY: usize = 150;
pub const NEAREST_IN_LARGE_STORY: usize = 10;

/// The pairs of a story to align when judging it, by position in `members`: all of them, or in a
/// large story each member's nearest by confirmed coverage.
pub fn pairs_to_align(members: &[usize], confirmed: &[CandidatePair]) -> Vec<(usize, usize)> {
    if members.len() <= MAX_FULLY_ALIGNED_STORY {
        return (0..members.len())
            .flat_map(|x| (x + 1..members.len()).map(move |y| (x, y)))
            .collect();
    }
    let position: AHashMap<usize, usize> =
        members.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    let mut nearest: Vec<Vec<(f64, usize)>> = vec![Vec::new(); members.len()];
    for c in confirmed {
        if let (Some(&x), Some(&y)) = (position.get(&c.a), position.get(&c.b)) {
            nearest[x].push((c.score, y));
            nearest[y].push((c.score, x));
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (x, list) in nearest.iter_mut().enumerate() {
        if list.is_empty() {
            // Nothing confirmed (one story was forced): its neighbours in input order.
            list.extend(
                (x + 1..members.len())
                    .take(NEAREST_IN_LARGE_STORY)
                    .map(|y| (0.0, y)),
            );
        }
        list.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
        for &(_, y) in list.iter().take(NEAREST_IN_LARGE_STORY) {
            pairs.push((x.min(y), x.max(y)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_cover_every_document_in_first_member_order() {
        let groups = components(6, [(4, 1), (2, 5)]);
        assert_eq!(groups, vec![vec![0], vec![1, 4], vec![2, 5], vec![3]]);
    }
}
