//! Editions: near-copies of one text, found before any judgement so that each text speaks once.
//!
//! A crawl holds the same article many times: byte-identical mirrors, reprints that add a site's
//! "Advertisement" and "Share this story" lines, feeds that cut the last paragraph, the page a
//! text was saved from. None of them is an independent witness of the story. If every copy voted
//! in the consensus checks (names, quotes, fluency against counterparts), one reprint of a
//! garbled version would out-vote the honest versions and make the garbled one look faithful.
//!
//! So near-copies are grouped into an [`Edition`] first, with the sketch engine that `cluster`
//! uses: word 5-gram MinHash, LSH, then exact verification of every candidate. Two texts are one
//! edition when the smaller shares at least [`NEAR_COPY_CONTAINMENT`] of its shingles with the
//! larger and their Jaccard similarity is at least [`NEAR_COPY_JACCARD`] (an excerpt of half a
//! story is not a copy of it). Rewrites, translations and round trips share a few percent of
//! their 5-grams and never come near these figures. Texts too short to have a shingle are
//! editions of each other only when they are byte for byte the same.
//!
//! One member, the [`Edition::representative`], is compared and judged; every other member
//! takes its verdict, with evidence naming the text it copies.
//!
//! A copy that states a fact otherwise than its representative, in an edit of a few words (a
//! reprint that gives another toll or names another coach, [`meaning::restatement`]), is no such
//! copy: had it taken the representative's verdict, a faithful reprint would be called
//! mistranslated for its edition-mate's error, or the error hidden behind the faithful text. It
//! is split off into an edition of its own and judged. Texts split off one edition are *kin*
//! ([`Editions::kin_of`]) and are never judged beside each other
//! ([`crate::verdict::judge_story_apart`]): each would make the other look faithful, or a
//! garbled text well attested.

use crate::index::{self, Params};
use crate::meaning::{self, Restatement, StatedText};
use ahash::AHashMap;
use rayon::prelude::*;

/// Shared shingles over the smaller text's shingles, for a near-copy.
pub const NEAR_COPY_CONTAINMENT: f64 = 0.8;
/// Jaccard similarity of a near-copy's shingle sets: a copy may add boilerplate lines and cut or
/// add a paragraph, but an excerpt of half a story is a version of its own.
pub const NEAR_COPY_JACCARD: f64 = 0.5;

/// Near-copies of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// Member indices, ascending.
    pub members: Vec<usize>,
    /// The member that is compared and judged for all of them.
    pub representative: usize,
}

/// How a member relates to its edition's representative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Copy {
    /// The representative itself, or a member of an edition of one.
    Original,
    /// Byte for byte the representative's text.
    Identical,
    /// A near-copy sharing this share of its word 5-grams with the representative.
    Near { containment: f64 },
}

/// Every input in exactly one edition.
#[derive(Debug, Clone, Default)]
pub struct Editions {
    pub editions: Vec<Edition>,
    /// For each input, the index of its edition in `editions`.
    pub edition_of: Vec<usize>,
    /// For each input, how it copies its representative.
    pub copy: Vec<Copy>,
    /// For each input split off a would-be edition, the text it would have copied and the fact
    /// it states otherwise.
    pub split: Vec<Option<Split>>,
}

/// Why a near-copy was split off its edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// The input whose text it nearly copies.
    pub original: usize,
    pub restatement: Restatement,
}

/// Which members of a would-be edition state a fact otherwise than its representative, given
/// the representative and the other members: one answer per member, in order.
pub type RestatementCheck<'a> = &'a (dyn Fn(usize, &[usize]) -> Vec<Option<Restatement>> + Sync);

/// A check that finds no restatement: every near-copy stays in its edition.
pub fn never_restated(_: usize, others: &[usize]) -> Vec<Option<Restatement>> {
    vec![None; others.len()]
}

/// The check on texts at hand: each member's facts against the representative's.
pub fn restatements_in<S: AsRef<str> + Sync>(
    texts: &[S],
) -> impl Fn(usize, &[usize]) -> Vec<Option<Restatement>> + Sync + '_ {
    move |rep, others| {
        restatements_against(texts[rep].as_ref(), others, &|m| Some(texts[m].as_ref()))
    }
}

/// What each of `others` restates of `original`, reading each through `text_of` (`None`: it
/// cannot be read, and restates nothing here). Texts whose lines rule a restatement out
/// ([`meaning::may_restate`]) are never segmented, nor is the original unless one is.
pub fn restatements_against<T: AsRef<str>>(
    original: &str,
    others: &[usize],
    text_of: &(dyn Fn(usize) -> Option<T> + Sync),
) -> Vec<Option<Restatement>> {
    let stated = std::sync::OnceLock::new();
    others
        .par_iter()
        .map(|&m| {
            let copy = text_of(m)?;
            let copy = copy.as_ref();
            if !meaning::may_restate(original, copy) {
                return None;
            }
            let original = stated.get_or_init(|| StatedText::new(original));
            meaning::restatement(original, &StatedText::new(copy))
        })
        .collect()
}

impl Editions {
    /// The representative that input `i` is judged through (`i` itself for a representative).
    pub fn representative_of(&self, i: usize) -> usize {
        self.editions[self.edition_of[i]].representative
    }

    /// Every input of `i`'s edition, ascending, `i` and its representative included.
    pub fn members_of(&self, i: usize) -> &[usize] {
        &self.editions[self.edition_of[i]].members
    }

    /// The text that input `i` and every text split off with it copy: the representative of the
    /// edition they were before the split (`i` itself when it was never split off).
    pub fn kin_of(&self, i: usize) -> usize {
        let mut d = i;
        while let Some(split) = &self.split[d] {
            d = split.original;
        }
        d
    }

    /// Whether input `i` was split off an edition whose text, the one it nearly copies, is in
    /// `inputs` (ascending): then `i` belongs wherever that text does, and is no witness of its
    /// own when weighing words or proposing candidates.
    pub fn copies_one_of(&self, i: usize, inputs: &[usize]) -> bool {
        self.split[i]
            .as_ref()
            .is_some_and(|s| inputs.binary_search(&s.original).is_ok())
    }

    /// The representatives, ascending.
    pub fn representatives(&self) -> Vec<usize> {
        let mut r: Vec<usize> = self.editions.iter().map(|e| e.representative).collect();
        r.sort_unstable();
        r
    }

    /// Whether every input is its own edition.
    pub fn all_distinct(&self) -> bool {
        self.editions.len() == self.edition_of.len()
    }
}

/// The sketch parameters editions are found with: word 5-grams, containment verified.
pub fn params() -> Params {
    Params {
        threshold: NEAR_COPY_CONTAINMENT,
        containment: true,
        ..Params::default()
    }
}

/// Groups near-copies among `texts`, each copy that restates a fact split off; `paths` break
/// ties in the choice of representative, so that the choice does not depend on input order.
pub fn find_editions<S: AsRef<str> + Sync>(texts: &[S], paths: &[&str]) -> Editions {
    let clustering = index::cluster(texts, &params());
    let traits: Vec<TextTraits> = texts.iter().map(|t| TextTraits::of(t.as_ref())).collect();
    from_pairs(&clustering.pairs, &traits, paths, &restatements_in(texts))
}

/// What edition finding needs of a text besides its sketch, so that the text can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextTraits {
    /// xxh3 of the whole text: equal texts are editions even when too short to sketch.
    pub hash: u64,
    /// Words on prose lines (lines of at least [`PROSE_LINE_WORDS`] words), for the choice of
    /// representative: a site's short boilerplate lines do not count, a cut paragraph does.
    pub words: usize,
    /// Non-blank lines shorter than prose: between two texts with as much prose, the one with
    /// fewer such lines carries less boilerplate.
    pub short_lines: usize,
}

/// A line of fewer words is a headline, a caption or a site's boilerplate, not prose.
pub const PROSE_LINE_WORDS: usize = 6;

impl TextTraits {
    pub fn of(text: &str) -> TextTraits {
        let (mut words, mut short_lines) = (0, 0);
        for line in text.lines() {
            match line.split_whitespace().count() {
                0 => {}
                n if n >= PROSE_LINE_WORDS => words += n,
                _ => short_lines += 1,
            }
        }
        TextTraits {
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            words,
            short_lines,
        }
    }
}

/// Editions from the verified pairs of a sketch index made with [`params`] (indices into
/// `traits` and `paths`, one per text), each copy for which `restated` finds a restatement
/// split off.
pub fn from_pairs(
    pairs: &[index::VerifiedPair],
    traits: &[TextTraits],
    paths: &[&str],
    restated: RestatementCheck,
) -> Editions {
    let n = traits.len();
    let mut links: Vec<(usize, usize)> = pairs
        .iter()
        .filter(|p| p.containment >= NEAR_COPY_CONTAINMENT && p.jaccard >= NEAR_COPY_JACCARD)
        .map(|p| (p.a, p.b))
        .collect();
    // Texts too short for one shingle, and exact copies the sketch may not verify (empty sets).
    let mut first_with_hash: AHashMap<u64, usize> = AHashMap::new();
    for (i, t) in traits.iter().enumerate() {
        let first = *first_with_hash.entry(t.hash).or_insert(i);
        if first != i {
            links.push((first, i));
        }
    }
    let groups = crate::story::components(n, links.iter().copied());
    let mut split: Vec<Option<Split>> = vec![None; n];
    let mut editions: Vec<Edition> = Vec::new();
    let parts: Vec<Cut> = groups
        .into_par_iter()
        .map(|members| split_restated(members, traits, paths, restated))
        .collect();
    for (part, splits) in parts {
        editions.extend(part);
        for (m, s) in splits {
            split[m] = Some(s);
        }
    }
    // Editions are numbered by first member, singletons included.
    editions.sort_unstable_by_key(|e| e.members[0]);
    let mut edition_of = vec![usize::MAX; n];
    for (k, e) in editions.iter().enumerate() {
        for &m in &e.members {
            edition_of[m] = k;
        }
    }
    let containment_of: AHashMap<(usize, usize), f64> =
        pairs.iter().map(|p| ((p.a, p.b), p.containment)).collect();
    let copy = (0..n)
        .map(|i| {
            let r = editions[edition_of[i]].representative;
            if r == i {
                Copy::Original
            } else if traits[i] == traits[r] {
                Copy::Identical
            } else {
                let containment = containment_of
                    .get(&(i.min(r), i.max(r)))
                    .copied()
                    // Joined through another member: at least the threshold along the chain.
                    .unwrap_or(NEAR_COPY_CONTAINMENT);
                Copy::Near { containment }
            }
        })
        .collect();
    Editions {
        editions,
        edition_of,
        copy,
        split,
    }
}

/// The editions one group of linked near-copies is cut into, and each member split off, with
/// why.
type Cut = (Vec<Edition>, Vec<(usize, Split)>);

/// Cuts one group of linked near-copies into editions: the representative keeps every member
/// that restates none of its facts, and the members that do are grouped again among themselves
/// (two reprints of one altered text are still one edition). Returns the editions and, for
/// each member split off, why.
fn split_restated(
    members: Vec<usize>,
    traits: &[TextTraits],
    paths: &[&str],
    restated: RestatementCheck,
) -> Cut {
    let (mut editions, mut splits) = (Vec::new(), Vec::new());
    let mut remaining = members;
    loop {
        let representative = choose_representative(&remaining, traits, paths);
        // An identical text states what its original states.
        let others: Vec<usize> = remaining
            .iter()
            .copied()
            .filter(|&m| m != representative && traits[m] != traits[representative])
            .collect();
        let answers = if others.is_empty() {
            Vec::new()
        } else {
            restated(representative, &others)
        };
        let mut off: Vec<usize> = Vec::new();
        for (m, answer) in others.into_iter().zip(answers) {
            if let Some(restatement) = answer {
                off.push(m);
                splits.push((
                    m,
                    Split {
                        original: representative,
                        restatement,
                    },
                ));
            }
        }
        let (next, kept): (Vec<usize>, Vec<usize>) = remaining
            .into_iter()
            .partition(|m| off.binary_search(m).is_ok());
        editions.push(Edition {
            members: kept,
            representative,
        });
        if next.is_empty() {
            return (editions, splits);
        }
        remaining = next;
    }
}

/// The member with the most words of prose, then the fewest short lines: a reprint that cut a
/// paragraph or added boilerplate lines is judged through the fuller, cleaner text. Remaining
/// ties go to the path that sorts first, never to the input order.
fn choose_representative(members: &[usize], traits: &[TextTraits], paths: &[&str]) -> usize {
    let words = |i: usize| traits[i].words;
    *members
        .iter()
        .max_by(|&&x, &&y| {
            words(x)
                .cmp(&words(y))
                .then_with(|| traits[y].short_lines.cmp(&traits[x].short_lines))
                .then_with(|| paths[y].cmp(paths[x]))
                .then_with(|| y.cmp(&x))
        })
        .expect("an edition has members")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(paragraphs: usize, salt: &str) -> String {
        (0..paragraphs)
            .map(|p| {
                format!(
                    "Paragraph {p} of the {salt} story says that the council met on day {p} and \
                     voted {} to {} on the {salt} budget after a long debate about roads.",
                    p + 3,
                    p + 1
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn a_reprint_with_boilerplate_and_a_cut_paragraph_is_one_edition() {
        let original = story(12, "harbor");
        let mut paragraphs: Vec<&str> = original.split("\n\n").collect();
        paragraphs.remove(5);
        let reprint = format!(
            "Advertisement 1\n\n{}\n\nShare this story",
            paragraphs.join("\n\n")
        );
        let other = story(12, "airport");
        let texts = [reprint.as_str(), other.as_str(), original.as_str()];
        let e = find_editions(&texts, &["b.txt", "c.txt", "a.txt"]);
        assert_eq!(e.editions.len(), 2);
        assert_eq!(e.edition_of[0], e.edition_of[2]);
        assert_ne!(e.edition_of[0], e.edition_of[1]);
        // The fuller text represents the edition.
        assert_eq!(e.representative_of(0), 2);
        assert!(matches!(e.copy[0], Copy::Near { containment } if containment >= 0.8));
        assert_eq!(e.copy[2], Copy::Original);
    }

    #[test]
    fn an_excerpt_is_not_a_copy() {
        let original = story(12, "harbor");
        let excerpt: String = original
            .split("\n\n")
            .take(4)
            .collect::<Vec<_>>()
            .join("\n\n");
        let e = find_editions(&[original.as_str(), excerpt.as_str()], &["a", "b"]);
        assert_eq!(e.editions.len(), 2);
    }

    #[test]
    fn short_identical_texts_are_one_edition_and_the_choice_ignores_input_order() {
        let texts = ["Breaking.", "Breaking.", "Other."];
        let e = find_editions(&texts, &["z", "a", "m"]);
        assert_eq!(e.editions.len(), 2);
        assert_eq!(e.representative_of(0), 1);
        assert_eq!(e.copy[0], Copy::Identical);
        let swapped = ["Breaking.", "Breaking.", "Other."];
        let e2 = find_editions(&swapped, &["a", "z", "m"]);
        assert_eq!(e2.representative_of(1), 0);
    }

    #[test]
    fn a_reprint_that_restates_a_figure_is_split_off_with_its_own_copies() {
        let original = story(12, "harbor");
        let altered = original.replacen("voted 3 to 1", "voted 9 to 1", 1);
        let altered_again = format!("{altered}\n\nShare this story");
        let faithful = format!("Advertisement\n\n{original}");
        let texts = [
            original.as_str(),
            altered.as_str(),
            faithful.as_str(),
            altered_again.as_str(),
        ];
        let e = find_editions(&texts, &["a", "b", "c", "d"]);
        assert_eq!(e.editions.len(), 2, "{e:#?}");
        assert_eq!(e.edition_of[0], e.edition_of[2]);
        assert_eq!(e.edition_of[1], e.edition_of[3]);
        assert_ne!(e.edition_of[0], e.edition_of[1]);
        // Both altered texts state the figure otherwise than the faithful representative; the
        // fuller of them is judged for the two.
        let split: Vec<usize> = (0..4).filter(|&i| e.split[i].is_some()).collect();
        assert_eq!(split, vec![1, 3], "{e:#?}");
        assert_eq!(e.representative_of(3), 1);
        let s = e.split[1].as_ref().unwrap();
        assert_eq!(s.original, 0);
        assert_eq!(s.restatement.kind, meaning::FactKind::Number);
        assert_eq!(&texts[1][s.restatement.copy.range()], "9");
        assert!(e.split[0].is_none() && e.split[2].is_none());
    }
}
