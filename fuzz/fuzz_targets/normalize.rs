//! Arbitrary text through normalization: the offset map must stay monotone and char-aligned.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wiredrift::normalize::{Fold, Normalized};

fuzz_target!(|text: &str| {
    for case in [false, true] {
        let n = Normalized::new(text, Fold { case });
        let norm = n.as_str();
        let mut last = 0;
        for (i, c) in norm.char_indices() {
            let r = n.original_range(i..i + c.len_utf8());
            assert!(r.start >= last && r.start < r.end);
            assert!(text.get(r.clone()).is_some());
            last = r.start;
        }
        assert!(text.get(n.original_range(0..norm.len())).is_some());
    }
});
