//! The candidate stage on a small labeled pile: the families of `fixtures/drift` (originals,
//! human edits and paraphrases, Apertium round trips, scripted literal translations) beside the
//! five seeds. Families must be found; different stories must mostly not be proposed; the
//! result must not depend on thread count or input order.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use wiredrift::candidates::{
    CandidateOptions, CandidatePair, Fingerprint, Fingerprinter, candidate_pairs, find_candidates,
    fingerprints, group,
};
use wiredrift::load::{LoadOptions, load};
use wiredrift::shingle::Scratch;

struct Pile {
    paths: Vec<String>,
    texts: Vec<String>,
    /// The family of each document: the folder under `fixtures/drift`, or "seeds".
    families: Vec<String>,
}

fn pile() -> Pile {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = load(
        &[root.join("fixtures/drift"), root.join("seeds")],
        &LoadOptions::default(),
    );
    let mut pile = Pile {
        paths: Vec::new(),
        texts: Vec::new(),
        families: Vec::new(),
    };
    // A fixture family's `unrelated` version is another story filed beside it.
    let labels = std::fs::read_to_string(root.join("fixtures/drift/labels.tsv")).unwrap();
    let unrelated: HashSet<(String, String)> = labels
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.len() > 2 && c[2] == "unrelated")
        .map(|c| (c[0].to_string(), c[1].to_string()))
        .collect();
    for doc in loaded.documents {
        let path = Path::new(&doc.path);
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let folder = path.parent().and_then(|p| p.file_name()).unwrap();
        let mut family = folder.to_string_lossy().into_owned();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if unrelated.contains(&(family.clone(), name.clone())) {
            family = format!("{family}/{name}");
        }
        pile.families.push(family);
        pile.paths.push(doc.path.clone());
        pile.texts.push(doc.text);
    }
    pile
}

fn fingerprinted(texts: &[String]) -> Vec<Fingerprint> {
    let fingerprinter = Fingerprinter::new(&CandidateOptions::default()).unwrap();
    fingerprints(texts, &fingerprinter)
}

#[test]
fn every_family_is_connected_and_other_stories_mostly_are_not() {
    let pile = pile();
    let pairs = candidate_pairs(&fingerprinted(&pile.texts), &CandidateOptions::default());
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in pile.families.iter().enumerate() {
        members.entry(f).or_default().push(i);
    }
    assert!(members.len() >= 11, "fixtures and seeds: {members:?}");
    let same: Vec<(usize, usize)> = pairs
        .iter()
        .map(|p| (p.a as usize, p.b as usize))
        .filter(|&(a, b)| pile.families[a] == pile.families[b])
        .collect();
    let groups = wiredrift::index::union_find_clusters(pile.texts.len(), same.iter().copied());
    for (family, docs) in &members {
        if *family == "seeds" || docs.len() < 2 {
            continue;
        }
        assert!(
            groups.iter().any(|g| g.members == *docs),
            "{family} is not connected by its own candidate pairs: {:?}",
            docs.iter().map(|&i| &pile.paths[i]).collect::<Vec<_>>()
        );
    }
    let foreign: Vec<&CandidatePair> = pairs
        .iter()
        .filter(|p| pile.families[p.a as usize] != pile.families[p.b as usize])
        .collect();
    let family_pairs: usize = members.values().map(|m| m.len() * (m.len() - 1) / 2).sum();
    assert!(
        foreign.len() * 20 <= family_pairs,
        "{} pairs of different stories against {family_pairs} family pairs: {foreign:?}",
        foreign.len()
    );
    for p in &pairs {
        assert!(p.a < p.b && (0.0..=1.0).contains(&p.score), "{p:?}");
        assert!(p.score >= CandidateOptions::default().threshold);
    }
    assert!(
        pairs
            .windows(2)
            .all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b))
    );
}

#[test]
fn all_ten_pairs_of_the_seeds_are_candidates_and_nothing_else_joins_them() {
    // The five seeds share only 10-20% of their rare words, too few for LSH, but 12-37 rare
    // terms each: the shared-rare-term proposals find them.
    let pile = pile();
    let pairs = candidate_pairs(&fingerprinted(&pile.texts), &CandidateOptions::default());
    let seeds: Vec<usize> = (0..pile.texts.len())
        .filter(|&i| pile.families[i] == "seeds")
        .collect();
    assert_eq!(seeds.len(), 5);
    let found: HashSet<(usize, usize)> =
        pairs.iter().map(|p| (p.a as usize, p.b as usize)).collect();
    for (x, &a) in seeds.iter().enumerate() {
        for &b in &seeds[x + 1..] {
            assert!(
                found.contains(&(a, b)),
                "{} and {} are not candidates",
                pile.paths[a],
                pile.paths[b]
            );
        }
    }
    for p in pairs.iter().filter(|p| {
        pile.families[p.a as usize] == "seeds" || pile.families[p.b as usize] == "seeds"
    }) {
        assert_eq!(
            pile.families[p.a as usize], pile.families[p.b as usize],
            "a seed proposed with another story: {p:?}"
        );
    }
    // Without the shared-rare-term proposals, LSH alone misses them: the test above is not
    // vacuous.
    let lsh_only = CandidateOptions {
        shared_rare: 0,
        ..CandidateOptions::default()
    };
    let without = candidate_pairs(&fingerprinted(&pile.texts), &lsh_only);
    let seed_pairs = without
        .iter()
        .filter(|p| {
            pile.families[p.a as usize] == "seeds" && pile.families[p.b as usize] == "seeds"
        })
        .count();
    assert!(seed_pairs < 10, "{seed_pairs}");
}

#[test]
fn output_does_not_depend_on_threads_or_input_order() {
    let pile = pile();
    let run = |threads: usize, texts: &[String]| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| find_candidates(&fingerprinted(texts), &CandidateOptions::default()))
    };
    let one = run(1, &pile.texts);
    let two = run(2, &pile.texts);
    let four = run(4, &pile.texts);
    assert!(!one.pairs.is_empty());
    assert_eq!(one, two);
    assert_eq!(one, four);

    // Reversed input: the same pairs of documents, with the same scores.
    let reversed: Vec<String> = pile.texts.iter().rev().cloned().collect();
    let n = pile.texts.len() as u32;
    let back = run(2, &reversed);
    let mut mapped: Vec<(u32, u32, u64)> = back
        .pairs
        .iter()
        .map(|p| {
            let (a, b) = (n - 1 - p.b, n - 1 - p.a);
            (a, b, p.score.to_bits())
        })
        .collect();
    mapped.sort_unstable();
    let forward: Vec<(u32, u32, u64)> = one
        .pairs
        .iter()
        .map(|p| (p.a, p.b, p.score.to_bits()))
        .collect();
    assert_eq!(forward, mapped);
    assert_eq!(one.proposed, back.proposed);
}

#[test]
fn a_fingerprint_depends_on_words_not_on_case_or_punctuation() {
    let fingerprinter = Fingerprinter::new(&CandidateOptions::default()).unwrap();
    let mut scratch = Scratch::default();
    let a = "Police in Machtolsheim said the motorcyclist from Nellingen braked at 21:30.";
    let b =
        "police in MACHTOLSHEIM said: the motorcyclist -- from Nellingen's road -- braked at 21:30";
    let fa = fingerprinter.fingerprint(a, &mut scratch);
    let fb = fingerprinter.fingerprint(b, &mut scratch);
    assert_eq!(
        fa.bands, fb.bands,
        "the same rare words give the same band keys"
    );
    assert_eq!(fa.bands.len(), CandidateOptions::default().banding.bands);
    let extra: HashSet<u64> = fb.terms.iter().copied().collect();
    assert!(fa.terms.iter().all(|t| extra.contains(t)));
    // Only common words: no rare term, so never proposed; still has content words.
    let common = fingerprinter.fingerprint("The man said that the house was big.", &mut scratch);
    assert!(common.bands.is_empty());
    assert!(!common.terms.is_empty());
    assert_eq!(
        fingerprinter.fingerprint("", &mut scratch),
        Fingerprint::default()
    );
}

#[test]
fn thousands_of_copies_are_linked_in_linear_number() {
    let pile = pile();
    let seed = pile.families.iter().position(|f| f == "seeds").unwrap();
    let text = &pile.texts[seed];
    let copies: Vec<String> = (0..1000).map(|i| format!("{text}\nCopy {i}.")).collect();
    let found = find_candidates(&fingerprinted(&copies), &CandidateOptions::default());
    // One big bucket per band, each linked as a star around the first copy.
    assert!(found.proposed < 1000, "{} proposals", found.proposed);
    let groups = group(copies.len(), &found.pairs, 0.5);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members.len(), 1000);
}

#[test]
fn bad_options_are_refused_with_the_field_named() {
    let bad = [
        CandidateOptions {
            perm: 0,
            ..CandidateOptions::default()
        },
        CandidateOptions {
            threshold: 1.5,
            ..CandidateOptions::default()
        },
        CandidateOptions {
            banding: wiredrift::index::Banding {
                bands: 100,
                rows: 3,
            },
            ..CandidateOptions::default()
        },
        CandidateOptions {
            max_bucket: 1,
            ..CandidateOptions::default()
        },
    ];
    for (options, word) in bad
        .iter()
        .zip(["perm", "threshold", "banding", "max-bucket"])
    {
        let err = Fingerprinter::new(options).unwrap_err().to_string();
        assert!(err.contains(word), "{err}");
    }
}

/// `wiredrift cluster --rewrites PATH`: each cluster's members, as printed.
fn rewrite_clusters(path: impl AsRef<Path>) -> Vec<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(["cluster", "--rewrites"])
        .arg(root.join(path))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn cluster_rewrites_groups_each_fixture_family_alone() {
    let clusters = rewrite_clusters("fixtures/drift");
    for members in &clusters {
        let folders: HashSet<String> = members
            .iter()
            .map(|m| {
                let p = Path::new(m);
                p.parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(folders.len(), 1, "a cluster mixes stories: {members:?}");
    }
    assert!(clusters.len() >= 6, "{clusters:?}");
}

#[test]
fn cluster_rewrites_groups_the_seeds_as_one_story() {
    let clusters = rewrite_clusters("seeds");
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0].len(), 5, "{clusters:?}");
}

#[test]
fn cluster_rewrites_reads_the_rows_of_a_jsonl_corpus_as_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("seeds.jsonl");
    let rows: Vec<String> = seeds
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({"id": format!("seed-{i}"), "text": std::fs::read_to_string(p).unwrap()})
                .to_string()
        })
        .collect();
    std::fs::write(&corpus, rows.join("\n")).unwrap();
    let clusters = rewrite_clusters(&corpus);
    let expected: Vec<String> = (0..5).map(|i| format!("seed-{i}")).collect();
    assert_eq!(clusters, vec![expected]);
}
