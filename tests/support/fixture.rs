//! Comparing a committed fixture under neutral file names, so that no verdict can depend on a
//! file's name. Included with `#[path]` by the tests on `fixtures/`.

use std::path::Path;
use wiredrift::compare::{CompareOptions, Comparison, VersionReport, compare};
use wiredrift::load::{LoadOptions, load};

/// Copies `files` (fixture name, neutral name) of `fixtures/<fixture>` to a temporary folder and
/// compares them. The folder lives as long as the returned guard.
pub fn compare_copies(fixture: &str, files: &[(&str, &str)]) -> (Comparison, tempfile::TempDir) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture);
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, neutral) in files {
        std::fs::copy(src.join(name), dir.path().join(neutral)).expect("copy fixture");
    }
    let loaded = load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    let c = compare(loaded.documents, loaded.issues, &CompareOptions::default());
    (c, dir)
}

/// The report on the fixture file `name`, found by its neutral name.
pub fn version<'c>(c: &'c Comparison, files: &[(&str, &str)], name: &str) -> &'c VersionReport {
    let neutral = files.iter().find(|(n, _)| *n == name).unwrap().1;
    c.documents
        .iter()
        .find(|d| d.path.ends_with(neutral))
        .expect("version present")
}
