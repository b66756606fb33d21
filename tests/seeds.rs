//! Verdicts on the five seed versions of one AP story. The files are copied under neutral names
//! and in a shuffled order first, so nothing here can depend on a file name or position.

use std::path::{Path, PathBuf};
use wiredrift::compare::{CompareOptions, Comparison, compare};
use wiredrift::judge::{EvidenceKind, QuoteStatus, Verdict};
use wiredrift::load::{LoadOptions, load};

/// Seed file prefix → neutral name, in a scrambled order.
const NEUTRAL: [(&str, &str); 5] = [
    ("003_", "a.txt"),
    ("000_", "b.txt"),
    ("004_", "c.txt"),
    ("002_", "d.txt"),
    ("001_", "e.txt"),
];

fn seed_path(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&dir)
        .expect("seeds/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed starting with {prefix}"))
}

fn compare_seeds() -> (Comparison, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (prefix, neutral) in NEUTRAL {
        std::fs::copy(seed_path(prefix), dir.path().join(neutral)).expect("copy seed");
    }
    let loaded = load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    let c = compare(loaded.documents, loaded.issues, &CompareOptions::default());
    (c, dir)
}

fn verdict_of(c: &Comparison, prefix: &str) -> Verdict {
    let neutral = NEUTRAL.iter().find(|(p, _)| *p == prefix).unwrap().1;
    c.documents
        .iter()
        .find(|d| d.path.ends_with(neutral))
        .map(|d| d.verdict)
        .expect("version present")
}

#[test]
fn all_five_seeds_are_one_story() {
    let (c, _dir) = compare_seeds();
    assert_eq!(c.stories.len(), 1);
    assert_eq!(c.stories[0].members.len(), 5);
    assert_eq!(c.alignments.len(), 10);
}

#[test]
fn the_machine_round_trip_is_garbled() {
    let (c, _dir) = compare_seeds();
    assert_eq!(verdict_of(&c, "002_"), Verdict::Garbled);
}

#[test]
fn the_fluent_rewrite_is_a_paraphrase_with_altered_quotes() {
    let (c, _dir) = compare_seeds();
    assert_eq!(verdict_of(&c, "000_"), Verdict::Paraphrased);
    let doc = c
        .documents
        .iter()
        .position(|d| d.path.ends_with("b.txt"))
        .unwrap();
    let altered = c
        .quotes
        .iter()
        .filter(|q| q.document == doc && q.status == QuoteStatus::Altered)
        .count();
    assert!(altered >= 5, "only {altered} altered quotes found");
    assert!(
        c.documents[doc]
            .evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::AlteredQuote && e.counterpart.is_some())
    );
}

#[test]
fn the_republications_are_faithful_or_edited() {
    let (c, _dir) = compare_seeds();
    for prefix in ["001_", "003_", "004_"] {
        let v = verdict_of(&c, prefix);
        assert!(
            matches!(v, Verdict::Faithful | Verdict::Edited),
            "{prefix}: {v:?}"
        );
    }
}

#[test]
fn the_round_trip_lowercases_names_that_an_independent_majority_capitalizes() {
    let (c, _dir) = compare_seeds();
    let doc = c
        .documents
        .iter()
        .position(|d| d.path.ends_with("d.txt"))
        .unwrap();
    let drifted: Vec<&str> = c
        .entities
        .iter()
        .filter(|e| e.document == doc)
        .map(|e| e.text.as_str())
        .collect();
    assert!(drifted.contains(&"musk"), "{drifted:?}");
    assert!(drifted.contains(&"Doge"), "{drifted:?}");
    // Only two versions name Kamens, one of them as "Camens": with no independent majority the
    // disagreement counts against neither side.
    assert!(!drifted.contains(&"Camens"), "{drifted:?}");
    assert!(
        !c.entities.iter().any(|e| e.text == "Kamens"),
        "{:?}",
        c.entities
    );
}

#[test]
fn evidence_quotes_the_original_text() {
    let (c, _dir) = compare_seeds();
    for (i, d) in c.documents.iter().enumerate() {
        for e in &d.evidence {
            if e.end > e.start {
                assert_eq!(&c.text(i)[e.start..e.end], e.text, "{}", d.path);
            }
        }
    }
    for pair in &c.alignments {
        for p in &pair.pairs {
            if let (Some(s), Some(e)) = (p.a_start, p.a_end) {
                assert!(c.text(pair.a_index).get(s..e).is_some());
            }
            if let (Some(s), Some(e)) = (p.b_start, p.b_end) {
                assert!(c.text(pair.b_index).get(s..e).is_some());
            }
        }
    }
}
