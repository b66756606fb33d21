//! A small crawl-like pile: the committed families (the seeds and every `fixtures/drift`
//! family) hidden among generated news with planted reprints, and near-copies of real versions.
//!
//! What a user of `compare` on a crawl relies on:
//! - every family comes out as one story with nothing foreign in it;
//! - every version gets the verdict its family gets when compared alone;
//! - the input order, unrelated documents and extra near-copies change no verdict, and a
//!   near-copy takes the verdict of the text it copies.

use std::collections::BTreeMap;
use std::path::Path;
use wiredrift::compare::{CompareOptions, Comparison, compare};
use wiredrift::judge::{EvidenceKind, Verdict};
use wiredrift::load::Document;

#[path = "../benches/support/corpus.rs"]
mod corpus;

/// The families: (family name, documents), paths prefixed with the family.
fn families() -> Vec<(String, Vec<Document>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut add = |name: &str, dir: &Path| {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        let docs = files
            .iter()
            .map(|p| Document {
                path: format!("{name}/{}", p.file_name().unwrap().to_str().unwrap()),
                text: std::fs::read_to_string(p).unwrap(),
                replaced: 0,
                page: None,
            })
            .collect();
        out.push((name.to_string(), docs));
    };
    add("seeds", &root.join("seeds"));
    let drift = root.join("fixtures/drift");
    let mut names: Vec<_> = std::fs::read_dir(&drift)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    for dir in names {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        add(&name, &dir);
    }
    out
}

/// Generated news, some of it with planted edited versions of its own.
fn distractors(stories: usize, seed: u64) -> Vec<Document> {
    corpus::generate(stories, seed)
        .into_iter()
        .map(|g| Document {
            path: format!("bulk/{}", g.name),
            text: g.text,
            replaced: 0,
            page: None,
        })
        .collect()
}

fn verdicts(c: &Comparison) -> BTreeMap<String, Verdict> {
    c.documents
        .iter()
        .map(|d| (d.path.clone(), d.verdict))
        .collect()
}

/// Verdicts of every family compared alone.
fn alone(families: &[(String, Vec<Document>)]) -> BTreeMap<String, Verdict> {
    let mut out = BTreeMap::new();
    for (_, docs) in families {
        out.extend(verdicts(&compare(
            docs.clone(),
            Vec::new(),
            &CompareOptions::default(),
        )));
    }
    out
}

/// A reprint: a site's boilerplate lines added around the text, and one paragraph cut.
fn reprint(doc: &Document, site: &str) -> Document {
    // Paragraphs are blank-line separated, or one per line.
    let separator = if doc.text.contains("\n\n") {
        "\n\n"
    } else {
        "\n"
    };
    let mut paragraphs: Vec<&str> = doc.text.trim_end().split(separator).collect();
    if paragraphs.len() > 4 {
        paragraphs.remove(paragraphs.len() / 2);
    }
    Document {
        path: format!("{site}/{}", doc.path.replace('/', "_")),
        text: format!(
            "Advertisement{separator}{}{separator}Share this story{separator}Subscribe to our newsletter\n",
            paragraphs.join(separator)
        ),
        replaced: 0,
        page: None,
    }
}

/// The stories of a comparison as sets of paths.
fn stories(c: &Comparison) -> Vec<std::collections::BTreeSet<String>> {
    c.stories
        .iter()
        .map(|s| {
            s.members
                .iter()
                .map(|&m| c.documents[m].path.clone())
                .collect()
        })
        .collect()
}

#[test]
fn families_are_stories_with_their_verdicts_alone() {
    let families = families();
    let expected = alone(&families);
    let mut pile: Vec<Document> = families.iter().flat_map(|(_, d)| d.clone()).collect();
    pile.extend(distractors(120, 7));
    let c = compare(pile, Vec::new(), &CompareOptions::default());
    let in_pile = stories(&c);
    for (name, docs) in &families {
        // A family compared alone may hold a document of another story (fixtures/drift has an
        // unrelated one); the pile must group the family exactly as it is grouped alone.
        let alone = compare(docs.clone(), Vec::new(), &CompareOptions::default());
        for story in stories(&alone) {
            assert!(
                in_pile.contains(&story),
                "{name}: the story {story:?} is split or holds foreign documents in the pile"
            );
        }
    }
    let got = verdicts(&c);
    for (path, verdict) in &expected {
        assert_eq!(got[path], *verdict, "{path} in the pile");
    }
}

#[test]
fn order_and_unrelated_documents_change_no_verdict() {
    let families = families();
    let expected = alone(&families);
    let mut pile: Vec<Document> = families.iter().flat_map(|(_, d)| d.clone()).collect();
    pile.extend(distractors(60, 11));
    // A fixed shuffle: reversed, then every third document moved to the front.
    pile.reverse();
    let (front, back): (Vec<_>, Vec<_>) =
        pile.into_iter().enumerate().partition(|(i, _)| i % 3 == 0);
    let pile: Vec<Document> = front.into_iter().chain(back).map(|(_, d)| d).collect();
    let got = verdicts(&compare(pile, Vec::new(), &CompareOptions::default()));
    for (path, verdict) in &expected {
        assert_eq!(
            got[path], *verdict,
            "{path} shuffled among unrelated documents"
        );
    }
}

#[test]
fn a_near_copy_changes_no_verdict_and_takes_its_originals() {
    for (name, docs) in families() {
        let before = verdicts(&compare(
            docs.clone(),
            Vec::new(),
            &CompareOptions::default(),
        ));
        for copied in &docs {
            let mut with_copy = docs.clone();
            let copy = reprint(copied, "mirror-site");
            with_copy.push(copy.clone());
            let c = compare(with_copy, Vec::new(), &CompareOptions::default());
            let after = verdicts(&c);
            // A text alone in its story (`unrelated`) is alone no more: it and its reprint are
            // one edition, judged beside each other, and agree.
            let alone = before[&copied.path] == Verdict::Unrelated;
            for (path, verdict) in &before {
                let expected = if alone && *path == copied.path {
                    Verdict::Faithful
                } else {
                    *verdict
                };
                assert_eq!(
                    after[path], expected,
                    "{name}: {path} changed when {} was reprinted",
                    copied.path
                );
            }
            assert_eq!(
                after[&copy.path], after[&copied.path],
                "{name}: the reprint of {} takes its verdict",
                copied.path
            );
            let first = |path: &str| {
                let report = c.documents.iter().find(|d| d.path == path).unwrap();
                report.evidence[0].clone()
            };
            let notes = |e: &wiredrift::judge::Evidence, of: &str, how: &str| {
                e.kind == EvidenceKind::NearCopy && e.detail.contains(of) && e.detail.contains(how)
            };
            let (on_copy, on_original) = (first(&copy.path), first(&copied.path));
            assert!(
                if alone {
                    // Either may be the edition's text; the other notes that it copies it.
                    notes(&on_copy, &copied.path, "judged beside it")
                        || notes(&on_original, &copy.path, "judged beside it")
                } else {
                    notes(&on_copy, &copied.path, "judged through it")
                },
                "{name}: the reprint's first evidence names {}: {on_copy:?} / {on_original:?}",
                copied.path,
            );
        }
    }
}

fn garbled_count(c: &Comparison) -> usize {
    c.documents
        .iter()
        .filter(|d| d.verdict == Verdict::Garbled)
        .count()
}

/// A [`reprint`] of `doc` that writes `to` for the first `from`: a figure stated otherwise.
fn restating_reprint(doc: &Document, site: &str, from: &str, to: &str) -> Document {
    let mut copy = reprint(doc, site);
    let restated = copy.text.replacen(from, to, 1);
    assert!(
        restated != copy.text,
        "{site}: the reprint must change {from:?}"
    );
    copy.text = restated;
    copy
}

/// How many documents were split off an edition for a fact stated otherwise.
fn restated_copies(c: &Comparison) -> usize {
    c.documents
        .iter()
        .filter(|d| {
            d.evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::RestatedCopy)
        })
        .count()
}

/// The seeds, and the position of seed 002 (the round trip) among them.
fn seeds_and_002() -> (Vec<Document>, usize) {
    let (_, seeds) = families().into_iter().next().unwrap();
    let garbled = seeds
        .iter()
        .position(|d| d.path.contains("002_"))
        .expect("seed 002");
    (seeds, garbled)
}

#[test]
fn a_garbled_version_stays_garbled_however_often_it_is_reprinted() {
    let (seeds, garbled) = seeds_and_002();
    for copies in 1..=3 {
        let mut pile = seeds.clone();
        for k in 0..copies {
            pile.push(reprint(&seeds[garbled], &format!("site{k}")));
        }
        let c = compare(pile, Vec::new(), &CompareOptions::default());
        assert_eq!(
            garbled_count(&c),
            1 + copies,
            "{copies} reprint(s) of seed 002"
        );
        assert_eq!(c.documents[0].verdict, Verdict::Paraphrased, "seed 000");
    }
}

#[test]
fn a_garbled_version_stays_garbled_when_a_reprint_restates_one_of_its_figures() {
    // A reprint that gives another figure is split off its edition and judged on its own; the
    // two must not vouch for each other's text.
    let (seeds, garbled) = seeds_and_002();
    let mut pile = seeds.clone();
    pile.push(restating_reprint(
        &seeds[garbled],
        "site0",
        " three ",
        " four ",
    ));
    let c = compare(pile, Vec::new(), &CompareOptions::default());
    let restated = restated_copies(&c);
    assert_eq!(restated, 1, "{:#?}", c.documents);
    assert_eq!(garbled_count(&c), 2, "{:#?}", c.documents);
    assert_eq!(c.documents[0].verdict, Verdict::Paraphrased, "seed 000");
}

#[test]
fn forty_reprints_that_each_restate_a_figure_leave_the_story_whole() {
    // Each reprint gives the same figure otherwise, so each is split off the edition and stays
    // in the pile as a text of its own. Forty copies of one text must not make that text's
    // words look common: the seeds were cut into four stories, 002 and 000 judged beside each
    // other alone (002 `paraphrased`), 001, 003 and 004 left `unrelated`.
    let (seeds, garbled) = seeds_and_002();
    let original = seeds
        .iter()
        .find(|d| d.path.contains("001_"))
        .expect("seed 001");
    let mut pile = seeds.clone();
    for k in 1..=40 {
        let to = format!("The {} data", 21 + k);
        pile.push(restating_reprint(
            original,
            &format!("site{k}"),
            "The 21 data",
            &to,
        ));
    }
    let c = compare(pile, Vec::new(), &CompareOptions::default());
    let restated = restated_copies(&c);
    assert!(restated >= 30, "{restated} reprints split off");
    assert_eq!(c.stories.len(), 1, "{:#?}", stories(&c));
    assert_eq!(c.documents[garbled].verdict, Verdict::Garbled, "seed 002");
    assert_eq!(c.documents[0].verdict, Verdict::Paraphrased, "seed 000");
}

#[test]
fn a_garbled_version_stays_garbled_when_thirty_reprints_each_restate_a_figure() {
    // The seeds' requirement, on a crawl where thirty sites reprint 002 and each gives the
    // number of staff who signed otherwise: every reprint is judged apart and stays garbled, and
    // no reprint carries the story away from 000, 001, 003 and 004.
    let (seeds, garbled) = seeds_and_002();
    let mut pile = seeds.clone();
    for k in 1..=30 {
        let (site, to) = (format!("site{k}"), format!("{} employees wrot", 21 + k));
        pile.push(restating_reprint(
            &seeds[garbled],
            &site,
            "21 employees wrot",
            &to,
        ));
    }
    let c = compare(pile, Vec::new(), &CompareOptions::default());
    assert_eq!(c.stories.len(), 1, "{:#?}", stories(&c));
    assert_eq!(garbled_count(&c), 31, "{:#?}", verdicts(&c));
    assert_eq!(c.documents[0].verdict, Verdict::Paraphrased, "seed 000");
}

#[test]
fn the_story_stage_alone_finds_the_stories_compare_judges() {
    let mut pile: Vec<Document> = families().into_iter().flat_map(|(_, d)| d).collect();
    pile.extend(distractors(60, 11));
    // A reprint makes an edition, whose copy must come out in its original's story.
    let copy = reprint(&pile[1], "mirror");
    pile.push(copy.clone());
    let judged = compare(pile.clone(), Vec::new(), &CompareOptions::default());
    let options = CompareOptions {
        judge_singletons: false,
        ..CompareOptions::default()
    };
    let mut found = Vec::new();
    let summary =
        wiredrift::compare::find_stories(&pile, &options, &|_| {}, &mut |s| found.push(s));
    let found_sets: Vec<std::collections::BTreeSet<String>> = found
        .iter()
        .map(|s| {
            s.members
                .iter()
                .map(|&m| summary.paths[m].clone())
                .collect()
        })
        .collect();
    let expected: Vec<_> = stories(&judged)
        .into_iter()
        .filter(|s| s.len() > 1)
        .collect();
    assert_eq!(found_sets, expected);
    assert!(
        found_sets
            .iter()
            .any(|s| s.contains(&copy.path) && s.contains(&pile[1].path)),
        "the reprint is not in its original's story"
    );
    for story in &found {
        assert!(!story.pairs.is_empty());
        for p in &story.pairs {
            assert!(p.a < p.b && story.members.contains(&p.a) && story.members.contains(&p.b));
            assert!(p.paired >= options.story_threshold, "{p:?}");
        }
    }
    let lone = summary.summary.singletons.len();
    let in_stories: usize = found.iter().map(|s| s.members.len()).sum();
    assert_eq!(lone + in_stories, pile.len());
}

#[test]
fn copies_with_no_other_version_agree_with_each_other() {
    let seed = families()
        .into_iter()
        .flat_map(|(_, docs)| docs)
        .next()
        .expect("a family");
    let identical = Document {
        path: "copy-site/identical.txt".to_string(),
        ..seed.clone()
    };
    let near = reprint(&seed, "mirror-site");
    let c = compare(
        vec![near.clone(), seed.clone(), identical.clone()],
        Vec::new(),
        &CompareOptions::default(),
    );
    assert_eq!(c.stories.len(), 1, "{:#?}", c.stories);
    for d in &c.documents {
        assert_eq!(
            d.verdict,
            Verdict::Faithful,
            "{}: {:#?}",
            d.path,
            d.evidence
        );
    }
    // Two copies alone, the text and one byte-identical copy, agree too.
    let c = compare(
        vec![identical, seed],
        Vec::new(),
        &CompareOptions::default(),
    );
    assert!(
        c.documents.iter().all(|d| d.verdict == Verdict::Faithful),
        "{:#?}",
        c.documents
            .iter()
            .map(|d| (&d.path, d.verdict))
            .collect::<Vec<_>>()
    );
}
