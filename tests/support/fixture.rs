//! Comparing a committed fixture under neutral file names, so that no verdict can depend on a
//! file's name. Included with `#[path]` by the tests on `fixtures/`, so not every user calls
//! every function.
#![allow(dead_code)]

use std::path::Path;
use wiredrift::compare::{CompareOptions, Comparison, VersionReport, compare};
use wiredrift::load::{LoadOptions, load};

/// Copies `files` (fixture name, neutral name) of `fixtures/<fixture>` to a temporary folder and
/// compares them. The folder lives as long as the returned guard.
pub fn compare_copies(fixture: &str, files: &[(&str, &str)]) -> (Comparison, tempfile::TempDir) {
    let texts = files
        .iter()
        .map(|(name, neutral)| (neutral.to_string(), fixture_text(fixture, name)))
        .collect::<Vec<_>>();
    compare_texts(&texts)
}

/// The text of `fixtures/<fixture>/<name>`.
pub fn fixture_text(fixture: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes `texts` (file name, text) to a temporary folder and compares them as loaded from it.
pub fn compare_texts(texts: &[(String, String)]) -> (Comparison, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in texts {
        std::fs::write(dir.path().join(name), text).expect("write version");
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

/// [`compare_copies`], with each file's text first passed through `edit(name, text)`.
pub fn compare_edited(
    fixture: &str,
    files: &[(&str, &str)],
    edit: impl Fn(&str, String) -> String,
) -> (Comparison, tempfile::TempDir) {
    let texts = files
        .iter()
        .map(|(name, neutral)| (neutral.to_string(), edit(name, fixture_text(fixture, name))))
        .collect::<Vec<_>>();
    compare_texts(&texts)
}
