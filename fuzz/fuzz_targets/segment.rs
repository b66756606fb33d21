//! Arbitrary text through segmentation: spans valid, ordered, nested.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wiredrift::segment::Segmented;

fuzz_target!(|text: &str| {
    let seg = Segmented::new(text);
    let mut last_sentence = 0;
    for s in &seg.sentences {
        assert!(text.get(s.span.range()).is_some());
        assert!(s.span.start >= last_sentence);
        last_sentence = s.span.end;
        let mut last_word = s.span.start;
        for w in &seg.words[s.words.clone()] {
            assert!(text.get(w.span.range()).is_some());
            assert!(w.span.start >= last_word && w.span.end <= s.span.end);
            last_word = w.span.end;
        }
    }
});
