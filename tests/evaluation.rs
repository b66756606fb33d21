//! The judge and the aligner measured on labeled families: the committed fixtures always, and the
//! shared development set when it sits beside the checkout (as it does in CI).

use std::path::Path;
use wiredrift::compare::CompareOptions;
use wiredrift::evaluate::evaluate;

/// Garbled recall these sets must keep, the target of issue 12. The garbled score is held to call
/// no human garbled, on these sets and beside real neural MT (`../shared/nmt-dev`); a round trip
/// of a stilted text loses little fluency, and its word choice is what catches it (the README's
/// Evaluation section has the figures).
const MIN_RECALL: f64 = 0.95;

fn check(root: &Path, min_recall: f64, min_alignment: f64) {
    let eval = evaluate(root, &CompareOptions::default()).expect("labeled set evaluates");
    let missed: Vec<String> = eval
        .versions
        .iter()
        .filter(|v| (v.label == "garbled") != (v.verdict.as_str() == "garbled"))
        .map(|v| {
            format!(
                "{}/{} {} judged {}",
                v.family,
                v.file,
                v.label,
                v.verdict.as_str()
            )
        })
        .collect();
    assert_eq!(
        eval.false_flags, 0,
        "human versions called garbled: {missed:#?}"
    );
    assert!(
        eval.garbled_recall() >= min_recall,
        "garbled recall {:.3}: {missed:#?}",
        eval.garbled_recall()
    );
    assert!(
        eval.alignment_accuracy() >= min_alignment,
        "alignment accuracy {:.3}",
        eval.alignment_accuracy()
    );
    assert_eq!(eval.unrelated_caught, eval.unrelated_total);
}

#[test]
fn fixtures_meet_the_targets() {
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift"),
        MIN_RECALL,
        0.9,
    );
}

#[test]
fn development_set_meets_the_targets() {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dev");
    if !dev.join("labels.tsv").exists() {
        eprintln!("skipped: {} is not here", dev.display());
        return;
    }
    check(&dev, MIN_RECALL, 0.9);
}

/// Round trips through Catalan, Galician, Serbo-Croatian and Esperanto (`fixtures/pivots`): the
/// garbled score was fitted on English-Spanish round trips only, so these measure it on
/// translators it never saw. 13 of the 14 are caught (an Esperanto round trip of heater-recall
/// scores 0.50 and is not); the README's Evaluation section has the figures on the shared
/// development set's stories.
#[test]
fn round_trips_through_other_languages_are_caught() {
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pivots"),
        0.9,
        0.9,
    );
}

#[path = "support/fixture.rs"]
mod fixture;

/// A brief of four paragraphs has too few words for its word choice to call it garbled
/// (`fixtures/briefs/README.md`).
#[test]
fn short_human_briefs_are_not_flagged() {
    let files = [
        ("title-case.txt", "a.txt"),
        ("wire.txt", "b.txt"),
        ("passive.txt", "c.txt"),
    ];
    let (c, _dir) = fixture::compare_copies("briefs", &files);
    assert_eq!(c.stories.len(), 1);
    for (name, _) in files {
        let v = fixture::version(&c, &files, name);
        assert!(
            !matches!(
                v.verdict,
                wiredrift::judge::Verdict::Garbled | wiredrift::judge::Verdict::Mistranslated
            ),
            "{name}: {:?} {:#?}",
            v.verdict,
            v.signals
        );
    }
}
