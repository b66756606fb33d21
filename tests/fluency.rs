//! Behaviour of the built-in English fluency model on text it was not trained on.

use proptest::prelude::*;
use wiredrift::fluency::{FluencyModel, SentenceFluency, document_fluency};

fn mean(scores: &[f64]) -> f64 {
    scores.iter().sum::<f64>() / scores.len() as f64
}

fn score_all(model: &FluencyModel, sentences: &[&str]) -> Vec<f64> {
    sentences
        .iter()
        .map(|s| model.score_sentence(s).score)
        .collect()
}

/// Sentences of the neural-MT round trip in `seeds/002_*` beside the human wording of the same
/// passage in the other seeds.
const SEED_PAIRS: &[(&str, &str)] = &[
    (
        "\u{201c}We swore to serve the American nation and maintain our oath of the Constitution as part of the presidential administration\u{201d}, 21 employees wrote in a joint resignation letter, whose copy was obtained by the Associated Press.",
        "\u{201c}We swore to serve the American people and uphold our oath to the Constitution across presidential administrations,\u{201d} the employees wrote.",
    ),
    (
        "In a statement, the press secretary of the White House Karoline Leavitt He disregarded mass resignation.",
        "In response, White House press secretary Karoline Leavitt downplayed the significance of the resignations.",
    ),
    (
        "Last week he was standing on stage at a conservative political conference, at a meeting outside Washington Chinese chain saw Above his head, which was given by the Argentine President Javier milei.",
        "Last week, he took the stage at the Conservative Political Action Conference outside Washington, where he boasted about his initiatives and brandished a flashy, Chinese-made chainsaw gifted to him by Argentinian President Javier Milei.",
    ),
    (
        "Mass resignation of engineers, data scientists, designers and product managers is a transient failure for musk and republican president Cleansing the federal workforce based on technology.",
        "The resignations are the latest fallout from Trump\u{2019}s scorched-earth approach to downsizing and reshaping the federal workforce.",
    ),
    (
        "The musk effort from cutting and inflammation leads from what Trump initially outlined during the presidential campaign in 2024 Doge, a nod to the favorite coin with a cryptocurrency meme, was initially presented as a Blue-Ribbon commission that would exist outside the government.",
        "Shortly after being elected to a second term in November, Trump tapped billionaire Elon Musk to oversee DOGE, a new panel whose purview was ambiguous.",
    ),
    (
        "Leavitt, the press secretary of the White House, is one of the three administrative officials who are facing the lawsuits from the Associated Press based on the first and fifth anme.",
        "Leavitt, the White House press secretary, is among three administration officials facing a lawsuit from The Associated Press regarding first- and fifth-amendment concerns.",
    ),
];

#[test]
fn neural_round_trip_sentences_read_less_fluently_than_human_ones() {
    let model = FluencyModel::english();
    let garbled: Vec<&str> = SEED_PAIRS.iter().map(|p| p.0).collect();
    let human: Vec<&str> = SEED_PAIRS.iter().map(|p| p.1).collect();
    let (g, h) = (score_all(model, &garbled), score_all(model, &human));
    assert!(mean(&g) < mean(&h), "garbled {g:?} vs human {h:?}");
}

/// Round-trip-style sentences (function-word chains, article before names, adjective after noun)
/// beside plain English saying the same.
const HAND_PAIRS: &[(&str, &str)] = &[
    (
        "Triumph of Donald of President of USA touched golf the Saturday in his course on the west coast of Scotland.",
        "U.S. President Donald Trump played golf on Saturday at his course on Scotland's west coast.",
    ),
    (
        "The triumph excused to May for the furore on his withering critical public, blaming the news fake.",
        "Trump apologised to May for the furore over his public critique, blaming fake news.",
    ),
    (
        "Seven employees were previously infected in the park - this was the reason for the testing of mass.",
        "Seven workers had already been infected on the farm, which triggered the mass testing.",
    ),
    (
        "He suffered a harm in his leg and was taken to the hospital of the city where the doctors him examined.",
        "He hurt his leg and was taken to the city hospital, where doctors examined him.",
    ),
    (
        "Of the members of the committee of the senate of the state many voted against of the law.",
        "Many members of the state senate committee voted against the law.",
    ),
];

#[test]
fn word_salad_scores_below_fluent_english() {
    let model = FluencyModel::english();
    let salad: Vec<&str> = HAND_PAIRS.iter().map(|p| p.0).collect();
    let fluent: Vec<&str> = HAND_PAIRS.iter().map(|p| p.1).collect();
    let (s, f) = (score_all(model, &salad), score_all(model, &fluent));
    let ordered = s.iter().zip(&f).filter(|(s, f)| s < f).count();
    // A majority of pairs and the mean, not every pair: a trigram model over a small corpus
    // misses some errors ("a harm in his leg"), and the test should not hang on one pair.
    assert!(
        ordered * 2 > HAND_PAIRS.len(),
        "only {ordered} ordered: {s:?} vs {f:?}"
    );
    assert!(mean(&s) + 0.05 < mean(&f), "{s:?} vs {f:?}");
}

#[test]
fn shuffled_words_score_below_the_original() {
    let model = FluencyModel::english();
    let s =
        "The committee said on Monday that it would publish the report before the end of the year.";
    let mut words: Vec<&str> = s.trim_end_matches('.').split(' ').collect();
    words.reverse();
    let reversed = words.join(" ") + ".";
    assert!(model.score_sentence(&reversed).score < model.score_sentence(s).score - 0.2);
}

#[test]
fn worst_spans_point_into_the_sentence() {
    let model = FluencyModel::english();
    let s = "Triumph of Donald of President of USA touched golf the Saturday.";
    let f = model.score_sentence(s);
    assert!(!f.worst.is_empty());
    assert!(f.worst.windows(2).all(|w| w[0].1 <= w[1].1), "worst first");
    for (r, _) in &f.worst {
        assert!(s.get(r.clone()).is_some_and(|t| !t.trim().is_empty()));
    }
}

#[test]
fn document_score_ignores_a_few_odd_sentences() {
    let model = FluencyModel::english();
    let body = "The council approved the budget on Tuesday after a long debate. \
        Members said the plan would cut costs without closing any schools. \
        The mayor welcomed the vote and promised to publish the details next week. \
        Opponents argued that the savings had been overstated and called for an audit. ";
    let clean = model.score_document(body);
    let with_list = format!("{body}Budget: 2024 2025 2026 totals $ 1 2 3 4 5 6 7 8.");
    let odd = model.score_document(&with_list);
    assert!(clean.tokens > 0);
    assert!(
        (clean.score - odd.score).abs() < 0.1,
        "{clean:?} vs {odd:?}"
    );
}

#[test]
fn empty_and_degenerate_inputs() {
    let model = FluencyModel::english();
    for s in [
        "",
        " ",
        "\u{201c}\u{201d}",
        "...",
        "\u{0}",
        "\u{feff}",
        "🙂🙂",
        "a",
    ] {
        let f = model.score_sentence(s);
        assert!(f.score.is_finite());
    }
    assert_eq!(document_fluency(&[]).tokens, 0);
    let empty = SentenceFluency {
        score: 0.0,
        tokens: 0,
        worst: Vec::new(),
        gains: Vec::new(),
    };
    assert!(document_fluency(&[empty]).score.is_finite());
    assert!(model.score_document("").score.is_finite());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn any_text_scores_finitely_with_valid_spans(s in "\\PC{0,80}") {
        let f = FluencyModel::english().score_sentence(&s);
        prop_assert!(f.score.is_finite());
        for (r, lp) in &f.worst {
            prop_assert!(s.get(r.clone()).is_some());
            prop_assert!(lp.is_finite());
        }
        prop_assert!(FluencyModel::english().score_document(&s).score.is_finite());
    }
}

#[test]
fn segmented_scoring_matches_the_one_call_version() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/003_12b4a35a0b861d84.txt"
    ))
    .unwrap();
    let model = FluencyModel::english();
    let seg = wiredrift::segment::Segmented::new(&text);
    let scores = model.score_sentences(&seg, &text);
    assert_eq!(scores.len(), seg.sentences.len());
    let doc = FluencyModel::document_of(&seg, &scores);
    assert_eq!(doc, model.score_document(&text));
    // The headline is left out of the document score.
    assert!(doc.sentences < seg.sentences.len());
}
