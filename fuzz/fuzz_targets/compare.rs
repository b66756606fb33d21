//! Alignment and judging: 2 to 4 documents (the input split on byte 0x1E) through `compare`, with
//! the default options and as one story. Every offset must slice its document on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/compare_check.rs"]
mod check;

fuzz_target!(|data: &[u8]| {
    check::compare_checked(check::split_documents(data), false);
});
