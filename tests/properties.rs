//! Properties that hold for any input: nothing panics, every span maps back to a valid slice of
//! the original, spans are ordered, words lie in their sentence, sentences in their paragraph.
//!
//! The text strategies mix what breaks text tools: combining marks with and without a base,
//! right-to-left letters and bidi overrides, emoji with skin tones and zero-width joiners, flags,
//! Hangul jamo, compatibility characters that NFKC expands, case folds that grow ("İ"), every kind
//! of line break, abbreviations and camel case. The loader gets arbitrary bytes.

use proptest::prelude::*;
use wiredrift::load::{self, LoadOptions, Problem, Severity};
use wiredrift::normalize::{Fold, Normalized};
use wiredrift::segment::{Segmented, Span};

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,12}",
        3 => Just(" ".to_string()),
        1 => any::<char>().prop_map(String::from),
        1 => "[\u{0300}-\u{036F}\u{0591}-\u{05C7}\u{064B}-\u{065F}\u{20D0}-\u{20FF}]{1,4}",
        1 => "[\u{05D0}-\u{05EA}\u{0620}-\u{064A}]{1,8}",
        1 => "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{00AD}\u{034F}]",
        1 => "[\u{1F300}-\u{1F6FF}][\u{1F3FB}-\u{1F3FF}\u{FE0F}]?(\u{200D}[\u{1F300}-\u{1F6FF}]){0,3}",
        1 => "[\u{1F1E6}-\u{1F1FF}]{2}",
        1 => "[\u{1100}-\u{1112}][\u{1161}-\u{1175}][\u{11A8}-\u{11C2}]?",
        1 => "[ﬁﬃ½㎢\u{FDFA}\u{2460}-\u{2473}İẞΣς\u{00A8}\u{02D8}\u{3000}]",
        2 => "(\n|\r\n|\r|\n\n|\u{2028}|\u{2029}|\u{85}|\t|\u{A0}|\u{2003})",
        2 => "[.!?,;:…\"'“”‘’()\\[\\]«»—–-]{1,3}",
        1 => "(U\\.S\\.|Mr\\. |Jan\\. 5|p\\.m\\. |No\\. 10|3\\.5|F\\. )",
        1 => "(ServiceBut|APrevealed|DOGEThe|said\\.The|Healthcare\\.govThe|@realDonaldTrump|McDonald)",
        1 => "[\u{0}-\u{1F}\u{7F}-\u{9F}]",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|pieces| pieces.concat())
}

fn assert_slices(original: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?} is reversed");
    assert!(
        span.end <= original.len(),
        "{what} {span:?} runs past the text"
    );
    assert!(
        original.is_char_boundary(span.start) && original.is_char_boundary(span.end),
        "{what} {span:?} splits a character"
    );
}

fn check_segmented(original: &str) {
    let seg = Segmented::new(original);
    let normalized_len = seg.normalized.as_str().len();
    let mut last_sentence_end = 0;
    for (i, sentence) in seg.sentences.iter().enumerate() {
        assert_slices(original, sentence.span, "sentence");
        assert!(!sentence.span.is_empty(), "empty sentence {i}");
        assert!(
            sentence.span.start >= last_sentence_end,
            "sentence {i} overlaps the one before"
        );
        last_sentence_end = sentence.span.end;
        assert!(sentence.normalized.end <= normalized_len);
        assert!(!sentence.words.is_empty(), "sentence {i} has no words");
        let mut last_word_end = sentence.span.start;
        for word in &seg.words[sentence.words.clone()] {
            assert_slices(original, word.span, "word");
            assert!(!word.span.is_empty(), "empty word {word:?}");
            assert!(
                word.span.start >= last_word_end,
                "word {word:?} overlaps the one before"
            );
            last_word_end = word.span.end;
            assert!(
                word.span.start >= sentence.span.start && word.span.end <= sentence.span.end,
                "word {word:?} lies outside sentence {:?}",
                sentence.span
            );
            assert!(
                word.normalized.start >= sentence.normalized.start
                    && word.normalized.end <= sentence.normalized.end
            );
            assert!(!word.key.is_empty(), "word {word:?} has an empty key");
        }
        let paragraph = &seg.paragraphs[sentence.paragraph];
        assert!(paragraph.sentences.contains(&i));
        assert!(
            sentence.span.start >= paragraph.span.start && sentence.span.end <= paragraph.span.end,
            "sentence {i} lies outside its paragraph"
        );
    }
    // Every word belongs to exactly one sentence, in order.
    let covered: usize = seg.sentences.iter().map(|s| s.words.len()).sum();
    assert_eq!(covered, seg.words.len());
    let mut last_paragraph_end = 0;
    for paragraph in &seg.paragraphs {
        assert_slices(original, paragraph.span, "paragraph");
        assert!(paragraph.span.start >= last_paragraph_end);
        last_paragraph_end = paragraph.span.end;
    }
}

fn check_normalized(original: &str, fold: Fold) {
    let n = Normalized::new(original, fold);
    let text = n.as_str();
    assert_eq!(n.original_len(), original.len());
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut last = 0;
    for &i in &boundaries {
        let at = n.original_offset(i);
        assert!(at >= last, "the offset map goes backwards at {i}");
        assert!(original.is_char_boundary(at));
        last = at;
    }
    for pair in boundaries.windows(2) {
        let r = n.original_range(pair[0]..pair[1]);
        assert!(
            r.start < r.end,
            "char {:?} maps to nothing",
            &text[pair[0]..pair[1]]
        );
        assert!(original.get(r.clone()).is_some(), "{r:?}");
    }
    // Any range of whole characters maps to a valid slice that covers its parts.
    for (k, &a) in boundaries.iter().enumerate().step_by(3) {
        for &b in boundaries[k..].iter().step_by(5) {
            let r = n.original_range(a..b);
            assert!(original.get(r.clone()).is_some(), "{a}..{b} -> {r:?}");
            if a < b {
                let first = n.original_range(a..boundaries[k + 1]);
                assert_eq!(r.start, first.start);
            }
        }
    }
    // No whitespace survives doubled, and none at the ends.
    assert!(!text.starts_with([' ', '\n']) && !text.ends_with([' ', '\n']));
    assert!(!text.contains("  ") && !text.contains("\n\n\n") && !text.contains(" \n"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn segmentation_spans_are_valid_ordered_and_nested(s in text()) {
        check_segmented(&s);
    }

    #[test]
    fn segmentation_survives_any_string(s in any::<String>()) {
        check_segmented(&s);
    }

    #[test]
    fn normalization_maps_back_to_char_boundaries(s in text(), case in any::<bool>()) {
        check_normalized(&s, Fold { case });
    }

    #[test]
    fn normalization_is_stable(s in text()) {
        // Normalizing normalized text changes nothing (up to NFKC of pieces split by dropped
        // characters, which cannot recombine here because none are dropped the second time).
        let once = Normalized::new(&s, Fold::default()).as_str().to_string();
        let twice = Normalized::new(&once, Fold::default()).as_str().to_string();
        let thrice = Normalized::new(&twice, Fold::default()).as_str().to_string();
        prop_assert_eq!(&twice, &thrice);
    }

    #[test]
    fn the_loader_accepts_or_explains_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        prefix in prop_oneof![Just(vec![]), Just(b"\xEF\xBB\xBF".to_vec()), "[a-z .\n]{0,40}".prop_map(String::into_bytes)],
        lossy in any::<bool>(),
    ) {
        let mut input = prefix;
        input.extend_from_slice(&bytes);
        let options = LoadOptions { lossy, ..LoadOptions::default() };
        match load::decode("in.txt".to_string(), input.clone(), &options) {
            Ok(doc) => {
                let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&input);
                if doc.replaced == 0 {
                    prop_assert_eq!(doc.text.as_bytes(), body);
                } else {
                    prop_assert!(lossy);
                    prop_assert!(doc.text.contains(char::REPLACEMENT_CHARACTER));
                }
                check_segmented(&doc.text);
            }
            Err(issue) => {
                prop_assert!(issue.message.starts_with("in.txt: "));
                prop_assert!(!issue.message.contains('\n'));
                match issue.problem {
                    Problem::InvalidUtf8 { offset } => {
                        prop_assert!(!lossy);
                        let offset = offset as usize;
                        prop_assert!(offset < input.len());
                        prop_assert!(std::str::from_utf8(&input[offset..]).is_err());
                        let bom = if input.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
                        prop_assert!(std::str::from_utf8(&input[bom..offset]).is_ok());
                        prop_assert_eq!(issue.severity, Severity::Failed);
                    }
                    Problem::Binary => prop_assert!(input.contains(&0)),
                    Problem::Empty | Problem::Utf16 => {}
                    other => prop_assert!(false, "unexpected {:?}", other),
                }
            }
        }
    }
}

/// Regression cases found while writing the properties, kept as plain tests.
#[test]
fn known_hard_cases() {
    for s in [
        "",
        "\u{0301}",
        "\u{0301}\u{0301}.",
        "a\u{200D}",
        "\u{FEFF}\u{FEFF}",
        "İ.",
        "ﬃ. ﬃ",
        "\u{FDFA}",
        "\u{1B155}\u{1160}",
        "\u{FDFA}. \u{FDFA}",
        "½ of it. ㍻ ⒈ The ‼ Next ⒉",
        "a.\u{2488}B",
        "\u{00A8}\u{00A8}",
        " \u{00A8}",
        "x\r",
        "\r\r\r\n",
        "U.S.",
        ". . .",
        "\"\"\"",
        "A.B.C. The",
        "\u{202E}abc\u{202C}.",
        "a\u{2029}\u{2029}b",
        "ServiceBut.The",
        "\u{1F469}\u{1F3FD}\u{200D}\u{1F4BB} wrote.",
    ] {
        check_segmented(s);
        check_normalized(s, Fold::default());
        check_normalized(s, Fold { case: true });
    }
}
