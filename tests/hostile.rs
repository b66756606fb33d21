//! Inputs built to hurt: huge lines, long runs of hostile Unicode, thousands of files, deep and
//! looping folders. Sizes are kept small enough for CI; none asserts on time, but each must end,
//! and the README's "Limits" section records the full-size figures measured by hand.

use std::path::{Path, PathBuf};
use wiredrift::load::{self, LoadOptions, Problem, Severity};
use wiredrift::normalize::{Fold, Normalized};
use wiredrift::segment::Segmented;

fn seed_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Spot checks that hold for any segmentation: spans in order, inside the text, on boundaries.
fn check_spans(original: &str, seg: &Segmented) {
    let mut last = 0;
    for s in &seg.sentences {
        assert!(s.span.start >= last && s.span.end <= original.len());
        assert!(original.get(s.span.range()).is_some());
        last = s.span.end;
    }
    let mut last = 0;
    for w in &seg.words {
        assert!(w.span.start >= last && !w.span.is_empty());
        assert!(original.get(w.span.range()).is_some());
        last = w.span.end;
    }
}

/// A deterministic generator, so that a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn a_multi_megabyte_single_line_file() {
    let seeds = seed_text().replace('\n', " ");
    let mut line = String::with_capacity(4 << 20);
    while line.len() < 4 << 20 {
        line.push_str(&seeds);
        line.push(' ');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    std::fs::write(&path, &line).unwrap();
    let loaded = load::load(&[&path], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    let doc = &loaded.documents[0];
    let seg = Segmented::new(&doc.text);
    assert_eq!(seg.paragraphs.len(), 1);
    assert!(seg.sentences.len() > 10_000, "{}", seg.sentences.len());
    check_spans(&doc.text, &seg);
    // The last sentence ends where the text does, less the trailing space.
    assert_eq!(
        seg.sentences.last().unwrap().span.end,
        doc.text.trim_end().len()
    );
}

#[test]
fn a_single_huge_token() {
    // No spaces at all: one word of a megabyte, written in camel case throughout.
    let token = "inaugurationEmployees".repeat(50_000);
    let seg = Segmented::new(&token);
    assert_eq!(seg.words.len(), 1);
    assert_eq!(seg.words[0].span.range(), 0..token.len());
}

#[test]
fn many_short_wrapped_lines() {
    // Every line continues into the next, so all of them join into one paragraph; joining must
    // stay linear.
    let text = "the staff said that\n".repeat(100_000);
    let seg = Segmented::new(&text);
    assert_eq!(seg.paragraphs.len(), 1);
    check_spans(&text, &seg);
}

#[test]
fn two_hundred_thousand_characters_of_hostile_unicode() {
    let pool: Vec<char> = [
        '\u{0301}', '\u{0308}', '\u{0327}', '\u{05B8}', '\u{064E}', '\u{20DD}', // marks
        'א', 'ש', 'ع', 'ل', // RTL letters
        '\u{202E}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200F}', // bidi controls
        '\u{200D}', '\u{200C}', '\u{FE0F}', '\u{200B}', '\u{FEFF}', // joiners, invisibles
        '👩', '💻', '🏽', '🇺', '🇸', '❤', // emoji, modifiers, flags
        'ﬃ', '½', '㍻', 'ﷺ', 'İ', 'ß', 'Σ', // expansions and case traps
        'e', 'A', 'Z', 'q', '.', '?', '!', '"', '“', '”', '…', '—', // text and punctuation
        ' ', ' ', ' ', '\n', '\r', '\u{2029}', '\u{A0}', '\t',
    ]
    .to_vec();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let text: String = (0..200_000).map(|_| *rng.pick(&pool)).collect();
    for case in [false, true] {
        let n = Normalized::new(&text, Fold { case });
        let end = n.original_range(0..n.as_str().len()).end;
        assert!(end <= text.len() && text.is_char_boundary(end));
    }
    let seg = Segmented::new(&text);
    assert!(!seg.words.is_empty());
    check_spans(&text, &seg);
}

#[test]
fn three_thousand_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Over 20 federal tech workers resigned on Tuesday, according to a letter.\n";
    for i in 0..3_000 {
        std::fs::write(dir.path().join(format!("{i:05}.txt")), text).unwrap();
    }
    let loaded = load::load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", &loaded.issues[..1]);
    assert_eq!(loaded.documents.len(), 3_000);
    // Same text, different files: all kept, in sorted order.
    let names: Vec<&str> = loaded.documents.iter().map(|d| d.path.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn a_folder_nested_ten_deep() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for level in 0..10 {
        deep.push(format!("level{level}"));
        std::fs::create_dir(&deep).unwrap();
        std::fs::write(deep.join("story.txt"), format!("Story at level {level}.")).unwrap();
    }
    let loaded = load::load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    assert_eq!(loaded.documents.len(), 10);
    assert!(loaded.documents.iter().any(|d| d.text.contains("level 9")));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_once_and_survived() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pile");
    let sub = root.join("a/b/c");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("story.txt"), "The story.").unwrap();
    std::fs::write(root.join("top.txt"), "The top story.").unwrap();
    // A link to the root from deep inside, one to its own folder, and one to a folder already
    // walked that is not an ancestor (nothing new there, so not even a warning).
    std::os::unix::fs::symlink("../../..", sub.join("to-root")).unwrap();
    std::os::unix::fs::symlink(".", sub.join("self")).unwrap();
    std::os::unix::fs::symlink("a/b", root.join("z")).unwrap();
    let loaded = load::load(&[&root], &LoadOptions::default());
    assert_eq!(loaded.documents.len(), 2, "{:?}", loaded.issues);
    let loops: Vec<_> = loaded
        .issues
        .iter()
        .filter(|i| matches!(i.problem, Problem::SymlinkLoop { .. }))
        .collect();
    assert_eq!(loops.len(), 2, "{:?}", loaded.issues);
    assert!(loops.iter().all(|i| i.severity == Severity::Skipped));
    assert_eq!(loaded.issues.len(), 2, "{:?}", loaded.issues);
    assert!(!loaded.has_failures());
}

#[cfg(unix)]
#[test]
fn a_link_into_a_folder_outside_is_followed_once() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("o.txt"), "Outside.").unwrap();
    let root = dir.path().join("pile");
    std::fs::create_dir(&root).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("l1")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("l2")).unwrap();
    let loaded = load::load(&[&root], &LoadOptions::default());
    assert_eq!(loaded.documents.len(), 1, "{:?}", loaded.issues);
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
}
