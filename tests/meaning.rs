//! Meaning drift on `fixtures/mistranslated/`: a fluent version that swaps names, a date, a
//! figure and a negation is `mistranslated`, with evidence quoting both sides; an honest
//! paraphrase and a light edit are not. The files are copied under neutral names first, so
//! nothing can depend on a file name.

use fixture::version;
use std::path::Path;
use wiredrift::compare::Comparison;
use wiredrift::judge::{EvidenceKind, PassageClass, Verdict};

#[path = "support/fixture.rs"]
mod fixture;

const FILES: [(&str, &str); 4] = [
    ("translated.txt", "b.txt"),
    ("original.txt", "d.txt"),
    ("paraphrase.txt", "a.txt"),
    ("edited.txt", "c.txt"),
];

fn compare_fixture(files: &[(&str, &str)]) -> (Comparison, tempfile::TempDir) {
    fixture::compare_copies("mistranslated", files)
}

#[test]
fn the_fluent_mistranslation_is_flagged_and_the_paraphrase_is_not() {
    let (c, _dir) = compare_fixture(&FILES);
    assert_eq!(c.stories.len(), 1);
    let translated = version(&c, &FILES, "translated.txt");
    assert_eq!(
        translated.verdict,
        Verdict::Mistranslated,
        "{translated:#?}"
    );
    assert!(translated.signals.mistranslation >= 0.5);
    for name in ["original.txt", "paraphrase.txt", "edited.txt"] {
        let v = version(&c, &FILES, name);
        assert!(
            !matches!(v.verdict, Verdict::Mistranslated | Verdict::Garbled),
            "{name}: {v:#?}"
        );
        assert!(
            v.signals.mistranslation < translated.signals.mistranslation,
            "{name} drifts less than the mistranslation"
        );
        assert!(
            v.evidence
                .iter()
                .all(|e| e.kind != EvidenceKind::ContradictedFact),
            "{name}: {:#?}",
            v.evidence
        );
    }
    assert_eq!(
        version(&c, &FILES, "paraphrase.txt").verdict,
        Verdict::Paraphrased
    );
}

#[test]
fn evidence_quotes_both_sides() {
    let (c, _dir) = compare_fixture(&FILES);
    let translated = version(&c, &FILES, "translated.txt");
    let facts: Vec<_> = translated
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::ContradictedFact)
        .collect();
    let says = |mine: &str, theirs: &str| {
        facts.iter().any(|e| {
            e.text == mine
                && e.detail.contains(&format!("says {mine} where"))
                && e.detail.contains(theirs)
                && e.counterpart.as_ref().is_some_and(|cp| cp.text == theirs)
        })
    };
    assert!(says("Reyes", "Solberg"), "{facts:#?}");
    assert!(says("June", "April"), "{facts:#?}");
    assert!(says("2,100", "1,200"), "{facts:#?}");
    // Every quoted span is what the version printed.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mistranslated/translated.txt"),
    )
    .unwrap();
    for e in &facts {
        assert_eq!(&text[e.start..e.end], e.text);
    }
    // And the counterpart's span is what the other version printed.
    for cp in facts.iter().filter_map(|e| e.counterpart.as_ref()) {
        let theirs = std::fs::read_to_string(&cp.path).unwrap();
        assert_eq!(&theirs[cp.start..cp.end], cp.text);
    }
}

#[test]
fn the_text_report_shows_both_facts_in_their_lines() {
    use wiredrift::report::{Format, Options, render};
    let (c, _dir) = compare_fixture(&FILES);
    // Every piece of evidence, so that the swap is shown whatever its rank among the facts.
    let options = Options {
        max_evidence: usize::MAX,
        ..Options::default()
    };
    let text = render(&c, Format::Text, &options);
    let claim = text
        .lines()
        .position(|l| l.contains("says Reyes where"))
        .expect("the name swap is reported");
    let below: Vec<&str> = text.lines().skip(claim + 1).take(4).collect();
    assert!(
        below.iter().any(|l| l.contains(">>Reyes<<")),
        "the version's line marks its own word: {below:#?}"
    );
    assert!(
        below
            .iter()
            .any(|l| l.contains("] at ") && l.contains(">>Solberg<<")),
        "the counterpart's line marks the word it says instead: {below:#?}"
    );
    assert!(
        below.iter().all(|l| !l.contains("[-")),
        "a swapped name is not diffed against a whole passage: {below:#?}"
    );
}

#[test]
fn drift_is_higher_where_the_facts_changed() {
    let (c, _dir) = compare_fixture(&FILES);
    let idx = |name: &str| {
        let neutral = FILES.iter().find(|(n, _)| *n == name).unwrap().1;
        c.documents
            .iter()
            .position(|d| d.path.ends_with(neutral))
            .unwrap()
    };
    let (orig, trans, para) = (
        idx("original.txt"),
        idx("translated.txt"),
        idx("paraphrase.txt"),
    );
    let highest = |a: usize, b: usize| {
        c.alignment(a, b)
            .unwrap()
            .pairs
            .iter()
            .map(|p| p.drift)
            .fold(0.0, f64::max)
    };
    assert!(highest(orig, trans) > highest(orig, para));
    for al in &c.alignments {
        for p in &al.pairs {
            assert!((0.0..=1.0).contains(&p.drift));
            if p.class == PassageClass::Verbatim || p.class == PassageClass::Unique {
                assert_eq!(p.drift, 0.0);
            }
        }
    }
    // The swapped sentences are the mistranslated passages, on the translation's side only.
    let al = c.alignment(orig, trans).unwrap();
    let mistranslated = al
        .pairs
        .iter()
        .filter(|p| p.class == PassageClass::Mistranslated)
        .count();
    assert!(mistranslated >= 2, "{:#?}", al.pairs);
}

#[test]
fn with_no_majority_nobody_is_blamed() {
    // The original and the mistranslation alone: one witness against one.
    let files = [("translated.txt", "x.txt"), ("original.txt", "y.txt")];
    let (c, _dir) = compare_fixture(&files);
    for d in &c.documents {
        assert_ne!(d.verdict, Verdict::Mistranslated, "{d:#?}");
        assert!(
            d.evidence
                .iter()
                .all(|e| e.kind != EvidenceKind::ContradictedFact)
        );
    }
}

#[test]
fn every_report_shows_the_verdict_and_its_evidence() {
    use wiredrift::report::{Format, Options, render};
    let (c, _dir) = compare_fixture(&FILES);
    let options = Options::default();
    let text = render(&c, Format::Text, &options);
    assert!(text.contains("mistranslated"), "{text}");
    assert!(text.contains("contradicted fact at "), "{text}");
    let markdown = render(&c, Format::Markdown, &options);
    assert!(markdown.contains("**contradicted fact at "), "{markdown}");
    let html = render(&c, Format::Html, &options);
    assert!(
        html.contains("<span class=\"verdict v-mistranslated\">mistranslated</span>"),
        "the verdict has its badge"
    );
    assert!(
        html.contains("<tr class=\"p-mistranslated\">"),
        "the passages show their class"
    );
    assert!(
        html.contains("id=\"f-mistranslated\""),
        "the class can be filtered"
    );
    let json = render(&c, Format::Json, &options);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let translated = value["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["verdict"] == "mistranslated")
        .expect("a mistranslated document");
    assert!(translated["signals"]["mistranslation"].as_f64().unwrap() >= 0.5);
    assert!(value["alignments"][0]["pairs"][0]["drift"].is_f64());
}

/// `fixtures/house-style`: one story as three outlets style its figures, and a copy of the wire
/// with two figures changed.
fn compare_house_style(files: &[(&str, &str)]) -> Comparison {
    fixture::compare_copies("house-style", files).0
}

/// The details of a version's evidence of one kind.
fn details(v: &wiredrift::compare::VersionReport, kind: EvidenceKind) -> Vec<String> {
    v.evidence
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.detail.clone())
        .collect()
}

fn number_changes(c: &Comparison, files: &[(&str, &str)], name: &str) -> Vec<String> {
    details(version(c, files, name), EvidenceKind::NumberChanged)
}

#[test]
fn house_style_is_no_changed_figure() {
    let files = [
        ("wire.txt", "m.txt"),
        ("british.txt", "k.txt"),
        ("american.txt", "n.txt"),
    ];
    let c = compare_house_style(&files);
    for d in &c.documents {
        assert_ne!(d.verdict, Verdict::Mistranslated, "{d:#?}");
        let figures: Vec<&str> = d
            .evidence
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EvidenceKind::NumberChanged | EvidenceKind::ContradictedFact
                )
            })
            .map(|e| e.detail.as_str())
            .collect();
        assert!(figures.is_empty(), "{}: {figures:?}", d.path);
    }
}

#[test]
fn changed_figures_are_found_against_every_house_style() {
    let files = [
        ("wire.txt", "m.txt"),
        ("british.txt", "k.txt"),
        ("american.txt", "n.txt"),
        ("figures-changed.txt", "p.txt"),
    ];
    let c = compare_house_style(&files);
    let changed = version(&c, &files, "figures-changed.txt");
    assert_eq!(changed.verdict, Verdict::Mistranslated, "{changed:#?}");
    let contradicted: Vec<&str> = changed
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::ContradictedFact)
        .map(|e| e.detail.as_str())
        .collect();
    // The copy is judged apart from the wire it copies; the British "$38.4bn" and the American
    // "US$38.4 billion" are the two witnesses against it.
    assert!(
        contradicted.iter().any(|d| d
            .starts_with("says 34.8 billion where the other versions say 38.4")
            && d.contains("2.0 against 1.0")),
        "{contradicted:?}"
    );
    assert!(
        contradicted
            .iter()
            .any(|d| d.starts_with("says 6,000 where the other versions say 5")),
        "{contradicted:?}"
    );
    for styled in ["wire.txt", "british.txt", "american.txt"] {
        assert_ne!(version(&c, &files, styled).verdict, Verdict::Mistranslated);
    }
}

#[test]
fn two_texts_that_differ_in_a_figure_are_compared_and_the_figures_shown() {
    // A copy that changes figures is split off its original's edition, and with no third
    // version the two are still judged beside each other.
    let files = [("wire.txt", "m.txt"), ("figures-changed.txt", "p.txt")];
    let c = compare_house_style(&files);
    for d in &c.documents {
        assert_ne!(d.verdict, Verdict::Unrelated, "{d:#?}");
        assert_ne!(d.verdict, Verdict::Mistranslated, "no majority: {d:#?}");
    }
    let changes = number_changes(&c, &files, "figures-changed.txt");
    assert!(
        changes.contains(&"\"6,000\" where the aligned passage has \"5,000\"".to_string())
            && changes.contains(
                &"\"34.8 billion\" where the aligned passage has \"38.4 billion\"".to_string()
            ),
        "{changes:?}"
    );
}

const ROMANIZED: [(&str, &str); 4] = [
    ("outlet-b.txt", "a.txt"),
    ("other-reading.txt", "c.txt"),
    ("wire.txt", "b.txt"),
    ("outlet-a.txt", "d.txt"),
];

fn contradicted(v: &wiredrift::compare::VersionReport) -> Vec<String> {
    details(v, EvidenceKind::ContradictedFact)
}

#[test]
fn a_name_romanized_otherwise_throughout_is_one_disputed_fact() {
    let (c, _dir) = fixture::compare_copies("romanized", &ROMANIZED);
    assert_eq!(c.stories.len(), 1);
    let other = version(&c, &ROMANIZED, "other-reading.txt");
    let facts = contradicted(other);
    assert!(
        facts.len() >= 2 && facts.iter().all(|f| f.contains("Choe Hyon")),
        "the envoy's other reading is contradicted wherever it stands, and only it: {facts:#?}"
    );
    assert!(
        !matches!(other.verdict, Verdict::Mistranslated | Verdict::Garbled),
        "{other:#?}"
    );
    for name in ["wire.txt", "outlet-a.txt", "outlet-b.txt"] {
        let v = version(&c, &ROMANIZED, name);
        assert!(
            contradicted(v).is_empty()
                && !matches!(v.verdict, Verdict::Mistranslated | Verdict::Garbled),
            "{name}: {v:#?}"
        );
    }
}

#[test]
fn a_second_disputed_fact_makes_the_romanized_version_mistranslated() {
    let (c, _dir) = fixture::compare_edited("romanized", &ROMANIZED, |name, text| {
        if name == "other-reading.txt" {
            text.replace("allows 40 more", "allows 60 more")
        } else {
            text
        }
    });
    let other = version(&c, &ROMANIZED, "other-reading.txt");
    assert_eq!(other.verdict, Verdict::Mistranslated, "{other:#?}");
    assert!(
        contradicted(other).iter().any(|f| f.contains("says 60")),
        "{:#?}",
        contradicted(other)
    );
}

/// The same story with two Chinese names, three versions in pinyin and one in Wade-Giles, as a
/// translator keeping Taiwan's spellings writes them: nobody is out-voted on a spelling.
#[test]
fn a_translator_writing_wade_giles_is_not_outvoted_by_pinyin() {
    let (c, _dir) = fixture::compare_edited("romanized", &ROMANIZED, |name, text| {
        if name == "other-reading.txt" {
            text.replace("Kim Su-yon", "Hsia Li-yen")
                .replace("Choe Hyon", "Tsai Ing-wen")
        } else {
            text.replace("Kim Seo-yeon", "Xia Liyan")
                .replace("Cui Xian", "Cai Yingwen")
        }
    });
    assert_nobody_flagged(&c, &ROMANIZED);
}

/// No version of `files` holds a contradicted fact or is called mistranslated or garbled.
fn assert_nobody_flagged(c: &Comparison, files: &[(&str, &str)]) {
    for (name, _) in files {
        let v = version(c, files, name);
        assert!(
            contradicted(v).is_empty()
                && !matches!(v.verdict, Verdict::Mistranslated | Verdict::Garbled),
            "{name}: {:?} {:#?}",
            v.verdict,
            contradicted(v)
        );
    }
}

const CAPITALS: [(&str, &str); 4] = [
    ("system-c.txt", "p.txt"),
    ("human.txt", "r.txt"),
    ("system-a.txt", "s.txt"),
    ("system-b.txt", "q.txt"),
];

/// A translator names the governments by their capitals where three close translations name the
/// countries: no version is flagged, and no capital is a contradicted fact.
#[test]
fn a_translator_naming_governments_by_their_capitals_is_not_outvoted() {
    let (c, _dir) = fixture::compare_copies("capitals", &CAPITALS);
    assert_eq!(c.stories.len(), 1);
    assert_nobody_flagged(&c, &CAPITALS);
}

/// Another country's capital in the same place is still another place.
#[test]
fn another_countrys_capital_is_a_contradicted_fact() {
    let (c, _dir) = fixture::compare_edited("capitals", &CAPITALS, |name, text| {
        if name == "human.txt" {
            text.replacen(
                "Washington and Beijing agreed",
                "Ottawa and Beijing agreed",
                1,
            )
        } else {
            text
        }
    });
    let human = version(&c, &CAPITALS, "human.txt");
    let facts = contradicted(human);
    assert!(
        facts.iter().any(|f| f.contains("says Ottawa")),
        "{facts:#?}"
    );
    assert!(
        facts
            .iter()
            .all(|f| !f.contains("Beijing") && !f.contains("says Washington")),
        "{facts:#?}"
    );
}
