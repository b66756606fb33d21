//! Independent witnesses on `fixtures/outvoted/`: three MT-like versions of one source agree with
//! each other nearly word for word and all write "Atlanta" where one translator writes
//! "Atalanta". They are one block, and a block must not out-vote the translator. The files are
//! copied under neutral names in shuffled order, so nothing can depend on a name or an order.

use wiredrift::compare::{Comparison, VersionReport};
use wiredrift::judge::{EvidenceKind, Verdict};

#[path = "support/fixture.rs"]
mod fixture;

const FILES: [(&str, &str); 4] = [
    ("system-b.txt", "k.txt"),
    ("human.txt", "m.txt"),
    ("system-c.txt", "j.txt"),
    ("system-a.txt", "n.txt"),
];

fn compare_fixture() -> (Comparison, tempfile::TempDir) {
    fixture::compare_copies("outvoted", &FILES)
}

fn version<'c>(c: &'c Comparison, name: &str) -> &'c VersionReport {
    fixture::version(c, &FILES, name)
}

#[test]
fn the_systems_form_one_block_and_the_translator_stands_alone() {
    let (c, _dir) = compare_fixture();
    assert_eq!(c.stories.len(), 1, "{:#?}", c.stories);
    let human = version(&c, "human.txt");
    assert_eq!(human.signals.witness_weight, 1.0);
    let systems: f64 = ["system-a.txt", "system-b.txt", "system-c.txt"]
        .iter()
        .map(|s| version(&c, s).signals.witness_weight)
        .sum();
    // Three independent versions would weigh 3; the block must weigh clearly less, so that its
    // members do not make a majority against one translator.
    assert!(systems < 1.75, "the three systems weigh {systems}");
}

#[test]
fn a_translator_outvoted_only_by_the_block_is_not_in_error() {
    let (c, _dir) = compare_fixture();
    let human = version(&c, "human.txt");
    assert!(
        !matches!(human.verdict, Verdict::Garbled | Verdict::Mistranslated),
        "{human:#?}"
    );
    assert_eq!(human.signals.name_drifts, 0, "{:#?}", human.evidence);
    for e in &human.evidence {
        assert!(
            !matches!(
                e.kind,
                EvidenceKind::NameSpelling
                    | EvidenceKind::NameCase
                    | EvidenceKind::ContradictedFact
            ),
            "{e:#?}"
        );
    }
    // Nor is any system blamed: one witness against one decides nothing.
    for s in ["system-a.txt", "system-b.txt", "system-c.txt"] {
        let v = version(&c, s);
        assert!(
            !matches!(v.verdict, Verdict::Garbled | Verdict::Mistranslated),
            "{v:#?}"
        );
    }
}

/// Compares the fixture with one system's text edited by `edit`, and returns the comparison and
/// the facts its evidence says the other versions contradict in that system.
fn with_one_system_edited(
    system: &str,
    edit: impl Fn(String) -> String,
) -> (Comparison, Vec<String>, tempfile::TempDir) {
    let (c, dir) = fixture::compare_edited("outvoted", &FILES, |name, text| {
        if name == system { edit(text) } else { text }
    });
    let contradicted = version(&c, system)
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::ContradictedFact)
        .map(|e| e.text.clone())
        .collect();
    (c, contradicted, dir)
}

/// Every one of `facts` is among the `contradicted` ones.
fn assert_contradicted<S: AsRef<str> + std::fmt::Debug>(contradicted: &[S], facts: &[&str]) {
    for fact in facts {
        assert!(
            contradicted.iter().any(|t| t.as_ref() == *fact),
            "{fact} not in {contradicted:?}"
        );
    }
}

#[test]
fn a_system_that_departs_from_its_block_is_outvoted_by_it() {
    // One system names another man as Napoli's coach and gives another gap to the Champions
    // League places, fluently. Its block-mates and the translator agree against it.
    let (c, contradicted, _dir) = with_one_system_edited("system-c.txt", |t| {
        t.replace("Francesco Calzona", "Francesco Totti")
            .replace("eleven points", "seven points")
    });
    let v = version(&c, "system-c.txt");
    assert_eq!(v.verdict, Verdict::Mistranslated, "{v:#?}");
    // A shared first name does not make the two coaches one man.
    assert_contradicted(&contradicted, &["Francesco Totti", "seven"]);
    for other in ["human.txt", "system-a.txt", "system-b.txt"] {
        let o = version(&c, other);
        assert!(
            !matches!(o.verdict, Verdict::Garbled | Verdict::Mistranslated),
            "{o:#?}"
        );
    }
}

#[test]
fn a_system_with_another_minute_and_another_day_is_mistranslated() {
    // Ordinals and a possessive weekday are facts like any figure and date.
    let (c, contradicted, _dir) = with_one_system_edited("system-b.txt", |t| {
        t.replace("82nd minute", "72nd minute")
            .replace("Thursday's trip", "Tuesday's trip")
    });
    let v = version(&c, "system-b.txt");
    assert_eq!(v.verdict, Verdict::Mistranslated, "{v:#?}");
    // The other day is a changed date, not also a respelled name for the garbled score.
    assert_eq!(v.signals.name_drifts, 0, "{:#?}", v.evidence);
    assert_contradicted(&contradicted, &["72nd", "Tuesday's"]);
}

/// The fixture with a fifth file: a reprint of system A that adds a line of prose and a line
/// of boilerplate, so that it is the fuller text of the two, and has `edit` applied.
fn with_a_reprint_of_system_a(
    edit: impl Fn(String) -> String,
) -> (
    Comparison,
    Vec<(&'static str, &'static str)>,
    tempfile::TempDir,
) {
    let mut files = FILES.to_vec();
    files.push(("reprint", "l.txt"));
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|(name, neutral)| {
            let text = match *name {
                "reprint" => {
                    let copied = fixture::fixture_text("outvoted", "system-a.txt");
                    let edited = edit(copied.clone());
                    assert_ne!(edited, copied, "the edit must change the reprint");
                    edited
                        + "\nThis report was carried from the wire and edited for length by our \
                     sports desk.\nShare this story\n"
                }
                _ => fixture::fixture_text("outvoted", name),
            };
            (neutral.to_string(), text)
        })
        .collect();
    let (c, dir) = fixture::compare_texts(&texts);
    (c, files, dir)
}

#[test]
fn a_reprint_that_changes_facts_is_judged_on_its_own() {
    // A site reprints system A but names another coach and gives another gap. Were it judged as
    // a near-copy, the faithful system A would take its verdict, or hide its error.
    let (c, files, _dir) = with_a_reprint_of_system_a(|t| {
        t.replace("Francesco Calzona", "Francesco Totti")
            .replace("eleven points", "seven points")
    });
    let reprint = fixture::version(&c, &files, "reprint");
    assert_eq!(reprint.verdict, Verdict::Mistranslated, "{reprint:#?}");
    let contradicted: Vec<&str> = reprint
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::ContradictedFact)
        .map(|e| e.text.as_str())
        .collect();
    assert_contradicted(&contradicted, &["Francesco Totti"]);
    let original = fixture::version(&c, &files, "system-a.txt");
    assert!(
        !matches!(original.verdict, Verdict::Garbled | Verdict::Mistranslated),
        "{original:#?}"
    );
    // Neither is a near-copy of the other any more; the split is told, quoting both figures.
    let kinds = |v: &VersionReport| v.evidence.iter().map(|e| e.kind).collect::<Vec<_>>();
    for v in [reprint, original] {
        assert!(!kinds(v).contains(&EvidenceKind::NearCopy), "{v:#?}");
    }
    let restated = original
        .evidence
        .iter()
        .chain(&reprint.evidence)
        .find(|e| e.kind == EvidenceKind::RestatedCopy)
        .expect("the split is told");
    let quoted = [
        restated.text.as_str(),
        &restated.counterpart.as_ref().expect("the other text").text,
    ];
    assert!(
        quoted.contains(&"seven") && quoted.contains(&"eleven")
            || quoted.contains(&"Totti") && quoted.contains(&"Calzona"),
        "{restated:#?}"
    );
    // The reprint is no independent witness: it joins system A's block.
    assert!(reprint.signals.witness_weight < 0.5, "{reprint:#?}");
}

#[test]
fn a_reprint_that_changes_no_fact_is_judged_through_its_original() {
    // A corrected misspelling and an added line are what reprints do; the copy stays a copy.
    let (c, files, _dir) =
        with_a_reprint_of_system_a(|t| t.replace("Francesco Calzona", "Francesco Calzonna"));
    let reprint = fixture::version(&c, &files, "reprint");
    let original = fixture::version(&c, &files, "system-a.txt");
    let copies = |v: &VersionReport| v.evidence.iter().any(|e| e.kind == EvidenceKind::NearCopy);
    assert!(
        copies(reprint) ^ copies(original),
        "{reprint:#?} {original:#?}"
    );
    assert_eq!(reprint.verdict, original.verdict);
    assert!(
        !reprint
            .evidence
            .iter()
            .chain(&original.evidence)
            .any(|e| e.kind == EvidenceKind::RestatedCopy)
    );
}
