//! Witness weights: how much each version of a story counts in a consensus.
//!
//! The judge checks names, quotes and numbers against what the other versions say. Counting
//! versions one vote each assumes they are independent, and in a crawl they are not. A machine
//! round trip of translator B keeps B's spellings; three MT systems translating one source agree
//! with each other far more than with a human translator. Such a block would out-vote the one
//! independent version it disagrees with, even where that version is right.
//!
//! The weights come from how much the versions agree word for word where they align (the
//! word-weighted share of identical words over their aligned passages, [`Agreement`]). A *block*
//! is a group of versions that agree among themselves clearly more than any of them agrees with a
//! version outside the group: its weakest inner agreement exceeds its strongest outer one by a
//! margin. Honest rewrites of one story agree to a similar degree with one another, so they form
//! no block. Blocks are found by complete-linkage agglomeration (each merge is a candidate group;
//! the best-separated groups win, disjoint), and the margin sets how dependent a block is, from
//! none at [`MARGIN_NONE`] to full at [`MARGIN_FULL`]. A member of a block of `m` with dependence
//! `d` weighs `1 / (1 + d·(m − 1))`, so a fully dependent block weighs one witness in all.
//!
//! A form is in the consensus against a version only when an *independent majority* holds it:
//! its supporters outweigh the version's own side by [`MAJORITY_MARGIN`] witnesses.
//! Disagreements with no independent majority count against neither side. Weights are seen from
//! the version judged ([`Witnesses::weights_for`]): its own block-mates count fully against it.

/// Below this margin a group is not a block.
pub const MARGIN_NONE: f64 = 0.04;
/// From this margin on a block counts as one witness.
pub const MARGIN_FULL: f64 = 0.12;
/// How many witnesses a form's supporters must outweigh the other side by.
pub const MAJORITY_MARGIN: f64 = 0.75;

/// Pairwise word-for-word agreement of a story's versions, symmetric, in [0, 1]; `None` where
/// two versions were not aligned or share too little to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    values: Vec<Vec<Option<f64>>>,
}

impl Agreement {
    /// An agreement matrix for `n` versions with nothing known.
    pub fn new(n: usize) -> Agreement {
        Agreement {
            values: vec![vec![None; n]; n],
        }
    }

    /// Records the agreement of versions `a` and `b`.
    pub fn set(&mut self, a: usize, b: usize, value: f64) {
        self.values[a][b] = Some(value);
        self.values[b][a] = Some(value);
    }

    pub fn get(&self, a: usize, b: usize) -> Option<f64> {
        self.values[a][b]
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Versions that agree among themselves far more than with the rest, counted as about one.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Positions in the story, ascending.
    pub members: Vec<usize>,
    /// Weakest agreement inside minus strongest agreement with a version outside.
    pub margin: f64,
    /// In [0, 1]: 1 when the block counts as one witness.
    pub dependence: f64,
}

/// How much each version of a story counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Witnesses {
    /// Per version, in (0, 1].
    pub weights: Vec<f64>,
    pub blocks: Vec<Block>,
}

impl Witnesses {
    /// Every version one witness.
    pub fn independent(n: usize) -> Witnesses {
        Witnesses {
            weights: vec![1.0; n],
            blocks: Vec::new(),
        }
    }

    /// Weighs the versions by the blocks found in `agreement`.
    pub fn from_agreement(agreement: &Agreement) -> Witnesses {
        let n = agreement.len();
        // With fewer than three versions there is no majority to protect anybody from.
        if n < 3 {
            return Witnesses::independent(n);
        }
        let blocks = find_blocks(agreement);
        let mut weights = vec![1.0; n];
        for b in &blocks {
            let w = 1.0 / (1.0 + b.dependence * (b.members.len() - 1) as f64);
            for &m in &b.members {
                weights[m] = w;
            }
        }
        Witnesses { weights, blocks }
    }

    /// Total weight of the versions at `positions`.
    pub fn weight_of(&self, positions: impl IntoIterator<Item = usize>) -> f64 {
        positions.into_iter().map(|p| self.weights[p]).sum()
    }

    /// The weights as seen when version `d` is judged: `d` itself and the members of its own
    /// block count fully, everyone else by their weight. A block's agreement must not out-vote an
    /// outsider, but when a member departs from what its block-mates share (a copy that changed a
    /// date), their agreement is exactly the evidence that it departed.
    pub fn weights_for(&self, d: usize) -> Vec<f64> {
        let mut w = self.weights.clone();
        w[d] = 1.0;
        if let Some(b) = self.blocks.iter().find(|b| b.members.contains(&d)) {
            for &m in &b.members {
                w[m] = 1.0;
            }
        }
        w
    }

    /// Whether supporters of a form weighing `support` out-vote a side weighing `against`.
    pub fn is_majority(support: f64, against: f64) -> bool {
        support >= against + MAJORITY_MARGIN
    }
}

/// Candidate groups by complete-linkage agglomeration, then the best-separated disjoint ones.
fn find_blocks(agreement: &Agreement) -> Vec<Block> {
    let n = agreement.len();
    let value = |a: usize, b: usize| agreement.get(a, b).unwrap_or(0.0);
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut candidates: Vec<Block> = Vec::new();
    // Complete linkage: two clusters are as close as their least agreeing members.
    let linkage = |x: &[usize], y: &[usize]| -> f64 {
        x.iter()
            .flat_map(|&a| y.iter().map(move |&b| value(a, b)))
            .fold(f64::INFINITY, f64::min)
    };
    while clusters.len() > 2 {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..clusters.len() {
            for j in i + 1..clusters.len() {
                let l = linkage(&clusters[i], &clusters[j]);
                if best.is_none_or(|(bl, _, _)| l > bl) {
                    best = Some((l, i, j));
                }
            }
        }
        let Some((inner, i, j)) = best else { break };
        let mut merged = clusters[i].clone();
        merged.extend(&clusters[j]);
        merged.sort_unstable();
        clusters.remove(j);
        clusters.remove(i);
        let outer = (0..n)
            .filter(|k| !merged.contains(k))
            .flat_map(|k| merged.iter().map(move |&m| value(m, k)))
            .fold(f64::NEG_INFINITY, f64::max);
        let margin = inner - outer;
        // A group needs one version outside it to be a block at all.
        if merged.len() < n && margin > MARGIN_NONE {
            let dependence = ((margin - MARGIN_NONE) / (MARGIN_FULL - MARGIN_NONE)).min(1.0);
            candidates.push(Block {
                members: merged.clone(),
                margin,
                dependence,
            });
        }
        clusters.push(merged);
    }
    candidates.sort_by(|x, y| {
        y.margin
            .total_cmp(&x.margin)
            .then(x.members.cmp(&y.members))
    });
    let mut taken = vec![false; n];
    let mut blocks = Vec::new();
    for c in candidates {
        if c.members.iter().all(|&m| !taken[m]) {
            for &m in &c.members {
                taken[m] = true;
            }
            blocks.push(c);
        }
    }
    blocks.sort_by(|x, y| x.members.cmp(&y.members));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(values: &[(usize, usize, f64)], n: usize) -> Agreement {
        let mut a = Agreement::new(n);
        for &(x, y, v) in values {
            a.set(x, y, v);
        }
        a
    }

    #[test]
    fn a_round_trip_and_its_source_count_as_about_one() {
        // Translators A (0) and B (1), and a round trip of B (2): measured shapes from the
        // development set's translation families.
        let a = matrix(&[(0, 1, 0.54), (0, 2, 0.44), (1, 2, 0.75)], 3);
        let w = Witnesses::from_agreement(&a);
        assert_eq!(w.blocks.len(), 1);
        assert_eq!(w.blocks[0].members, vec![1, 2]);
        assert_eq!(w.weights[0], 1.0);
        assert!((w.weights[1] + w.weights[2] - 1.0).abs() < 1e-9);
        // B's side does not out-vote A, nor A B's.
        let b_side = w.weight_of([1, 2]);
        assert!(!Witnesses::is_majority(b_side, w.weights[0]));
        assert!(!Witnesses::is_majority(w.weights[0], b_side));
    }

    #[test]
    fn three_systems_of_one_source_do_not_outvote_the_human() {
        let a = matrix(
            &[
                (0, 1, 0.39),
                (0, 2, 0.46),
                (0, 3, 0.40),
                (1, 2, 0.69),
                (1, 3, 0.65),
                (2, 3, 0.60),
            ],
            4,
        );
        let w = Witnesses::from_agreement(&a);
        assert_eq!(w.blocks[0].members, vec![1, 2, 3]);
        assert!(!Witnesses::is_majority(
            w.weight_of([1, 2, 3]),
            w.weights[0]
        ));
    }

    #[test]
    fn honest_rewrites_are_independent() {
        // The five seeds: agreements between 0.41 and 0.59 with no clear group.
        let v = [
            (0, 1, 0.50),
            (0, 2, 0.43),
            (0, 3, 0.44),
            (0, 4, 0.42),
            (1, 2, 0.46),
            (1, 3, 0.58),
            (1, 4, 0.59),
            (2, 3, 0.41),
            (2, 4, 0.45),
            (3, 4, 0.50),
        ];
        let w = Witnesses::from_agreement(&matrix(&v, 5));
        assert!(w.weights.iter().all(|&x| x > 0.9), "{w:?}");
        assert!(Witnesses::is_majority(
            w.weight_of([0, 1, 3, 4]),
            w.weights[2]
        ));
    }

    #[test]
    fn a_block_member_that_departs_from_its_block_is_outvoted_by_it() {
        // An original (0), two near-verbatim edits of it (1, 2) and an independent rewrite (3).
        let a = matrix(
            &[
                (0, 1, 0.95),
                (0, 2, 0.93),
                (1, 2, 0.94),
                (0, 3, 0.55),
                (1, 3, 0.54),
                (2, 3, 0.52),
            ],
            4,
        );
        let w = Witnesses::from_agreement(&a);
        assert_eq!(w.blocks[0].members, vec![0, 1, 2]);
        // Edit 2 changed a date the others keep: seen from 2, its block-mates count fully.
        let seen = w.weights_for(2);
        assert!(Witnesses::is_majority(seen[0] + seen[1], seen[2]));
        // Seen from the rewrite, the block is one voice.
        let seen = w.weights_for(3);
        assert!(!Witnesses::is_majority(
            seen[0] + seen[1] + seen[2],
            seen[3] + 0.5
        ));
    }

    #[test]
    fn two_versions_are_always_independent() {
        let w = Witnesses::from_agreement(&matrix(&[(0, 1, 0.99)], 2));
        assert_eq!(w.weights, vec![1.0, 1.0]);
    }
}
