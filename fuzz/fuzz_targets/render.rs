//! The renderers: every report format and the pair diff on the comparison of 2 to 4 documents
//! (the input split on byte 0x1E), and the word diff of the first two documents' texts.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/compare_check.rs"]
mod check;

fuzz_target!(|data: &[u8]| {
    let docs = check::split_documents(data);
    check::word_diff(&docs[0].text, &docs[1].text);
    check::compare_checked(docs, true);
});
