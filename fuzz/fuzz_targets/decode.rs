//! Arbitrary bytes through the loader's decoding, then segmentation when they are text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wiredrift::load::{self, LoadOptions, Problem};

fuzz_target!(|data: &[u8]| {
    for lossy in [false, true] {
        let options = LoadOptions {
            lossy,
            ..LoadOptions::default()
        };
        match load::decode("fuzz.txt".to_string(), data.to_vec(), &options) {
            Ok(doc) => {
                let seg = wiredrift::segment::Segmented::new(&doc.text);
                for w in &seg.words {
                    assert!(doc.text.get(w.span.range()).is_some());
                }
            }
            Err(issue) => {
                assert!(!issue.message.contains('\n'));
                if let Problem::InvalidUtf8 { offset } = issue.problem {
                    assert!(!lossy && (offset as usize) < data.len());
                }
            }
        }
    }
});
