//! Which wording of a quote is the original, when versions disagree on it.

use wiredrift::compare::{self, CompareOptions, Comparison};
use wiredrift::judge::QuoteStatus;
use wiredrift::load::{self, Document, LoadOptions};

fn one_story(texts: &[(&str, &str)]) -> Comparison {
    let docs = texts
        .iter()
        .map(|(path, text)| Document {
            path: path.to_string(),
            text: text.to_string(),
            replaced: 0,
            page: None,
        })
        .collect();
    let options = CompareOptions {
        single_story: true,
        ..CompareOptions::default()
    };
    compare::compare(docs, Vec::new(), &options)
}

fn status_of(c: &Comparison, path: &str, words: &str) -> (QuoteStatus, Option<String>) {
    let q = c
        .quotes
        .iter()
        .find(|q| q.path == path && q.text.contains(words))
        .unwrap_or_else(|| panic!("{path} quotes {words:?}: {:#?}", c.quotes));
    (q.status, q.counterpart.as_ref().map(|cp| cp.path.clone()))
}

const FRAME: &str = "The city council met on Tuesday evening to vote on the new transit budget for \
the coming year. Members argued for three hours about bus routes, fares and the repair of the \
old tram depot near the river.";

#[test]
fn the_wording_closest_to_the_others_is_the_original_and_the_rest_altered_it() {
    let original = format!(
        "{FRAME}\n\n\"We will not lend our expertise to carry out or legitimize these harmful \
         budget actions against riders,\" the drivers union wrote in a letter.\n"
    );
    // A light edit of the quote, and a paraphrase of it that shares little with the edit.
    let edited = format!(
        "{FRAME}\n\n\"We will not lend our skills to carry out or legitimize these harmful budget \
         moves against riders,\" the drivers union said in a letter.\n"
    );
    let paraphrase = format!(
        "{FRAME}\n\n\"We refuse to lend our expertise to implement or legitimize such damaging \
         decisions,\" the drivers union stated in a letter.\n"
    );
    // Input order must not matter: the original is found from the wordings alone.
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let all = [
            ("original.txt", original.as_str()),
            ("edited.txt", edited.as_str()),
            ("paraphrase.txt", paraphrase.as_str()),
        ];
        let texts: Vec<(&str, &str)> = order.iter().map(|&i| all[i]).collect();
        let c = one_story(&texts);
        let (status, _) = status_of(&c, "original.txt", "lend our expertise");
        assert_eq!(status, QuoteStatus::Original, "{order:?}");
        for path in ["edited.txt", "paraphrase.txt"] {
            let (status, counterpart) = status_of(&c, path, "lend our");
            assert_eq!(status, QuoteStatus::Altered, "{path} {order:?}");
            assert_eq!(
                counterpart.as_deref(),
                Some("original.txt"),
                "{path} altered the original's wording"
            );
        }
    }
}

#[test]
fn two_versions_that_disagree_both_read_altered() {
    let a = format!(
        "{FRAME}\n\n\"We will not lend our expertise to carry out or legitimize these harmful \
         budget actions against riders,\" the drivers union wrote.\n"
    );
    let b = format!(
        "{FRAME}\n\n\"We refuse to lend our expertise to implement or legitimize such damaging \
         decisions,\" the drivers union wrote.\n"
    );
    let c = one_story(&[("a.txt", &a), ("b.txt", &b)]);
    // Nothing tells which of two wordings came first.
    assert_eq!(status_of(&c, "a.txt", "lend").0, QuoteStatus::Altered);
    assert_eq!(status_of(&c, "b.txt", "lend").0, QuoteStatus::Altered);
}

#[test]
fn the_seed_outlet_that_kept_a_quote_is_not_its_alterer() {
    let loaded = load::load(&["seeds/"], &LoadOptions::default());
    let c = compare::compare(loaded.documents, loaded.issues, &CompareOptions::default());
    let path = |prefix: &str| {
        c.documents
            .iter()
            .map(|d| d.path.clone())
            .find(|p| p.contains(prefix))
            .unwrap()
    };
    let accurate = path("/003_");
    let (status, _) = status_of(&c, &accurate, "acceptable to someone who owns");
    assert_ne!(status, QuoteStatus::Altered);
    // The paraphrase's wording of the same quote is the altered one, against 003.
    let (status, counterpart) = status_of(&c, &path("/000_"), "The mantra");
    assert_eq!(status, QuoteStatus::Altered);
    assert_eq!(counterpart, Some(accurate));
}
