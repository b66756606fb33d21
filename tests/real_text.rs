//! Segmentation on real text: the five seed versions in `seeds/`, and the development set in
//! `../shared/dev/` when it is there (it is not part of the project; the test is skipped without
//! it). Every assertion is a rule checked over all files, not a list of expected outputs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use wiredrift::segment::{ParagraphKind, Segmented};

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(dir);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    out
}

fn seeds() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    files_in(&dir)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn dev_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dev");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is not there", dir.display());
        None
    }
}

/// Whether a line, as printed, ends a sentence: terminal punctuation, then closing quotes.
fn line_ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', '»'])
        .ends_with(['.', '!', '?'])
}

/// For every line break inside a sentence, the line before it (as printed). A sentence only
/// crosses a line that was wrapped.
fn joined_lines<'a>(text: &'a str, seg: &Segmented) -> Vec<&'a str> {
    let mut out = Vec::new();
    for s in &seg.sentences {
        let sentence = &text[s.span.range()];
        for (i, _) in sentence.match_indices('\n') {
            let at = s.span.start + i;
            let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
            out.push(&text[line_start..at]);
        }
    }
    out
}

#[test]
fn seed_sentences_cross_only_wrapped_lines() {
    let mut joined = 0;
    for (path, text) in seeds() {
        let seg = Segmented::new(&text);
        for line in joined_lines(&text, &seg) {
            assert!(
                !line_ends_sentence(line),
                "{}: a sentence crosses the end of {line:?}",
                path.display()
            );
            joined += 1;
        }
    }
    // Seed 001 is hard-wrapped at links in a dozen places.
    assert!(joined >= 10, "only {joined} wrapped lines joined");
}

#[test]
fn seed_001_wrapped_lines_join() {
    let all = seeds();
    for wrapped in [
        "As the\nAP detailed",
        "the\nAPrevealed",
        "Musk\nsaid on his",
    ] {
        let (_, text) = all
            .iter()
            .find(|(_, t)| t.contains(wrapped))
            .expect("the seed holds it");
        let at = text.find(wrapped).unwrap();
        let seg = Segmented::new(text);
        let sentence = seg
            .sentences
            .iter()
            .find(|s| s.span.start <= at && at < s.span.end)
            .expect("inside a sentence");
        assert!(
            sentence.span.end >= at + wrapped.len(),
            "{wrapped:?} is cut at the line break"
        );
    }
}

#[test]
fn headlines_and_read_more_lines_stand_alone() {
    let mut checked = 0;
    for (path, text) in seeds() {
        let seg = Segmented::new(&text);
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            let bare = trimmed.trim_start_matches('»');
            if !bare.to_lowercase().starts_with("read more:") {
                continue;
            }
            let start = line.as_ptr() as usize - text.as_ptr() as usize;
            let start = start + (line.len() - line.trim_start().len());
            let paragraph = seg
                .paragraphs
                .iter()
                .find(|p| p.span.start == start)
                .unwrap_or_else(|| {
                    panic!("{}:{}: not a paragraph of its own", path.display(), i + 1)
                });
            assert_eq!(
                &text[paragraph.span.range()],
                trimmed,
                "{}:{}",
                path.display(),
                i + 1
            );
            assert_eq!(paragraph.sentences.len(), 1);
            checked += 1;
        }
        // The first line of a seed that has no final punctuation is a heading of its own.
        let first = text.trim_start().lines().next().unwrap_or("").trim();
        if !first.is_empty() && !line_ends_sentence(first) && first.split_whitespace().count() <= 20
        {
            assert_eq!(
                seg.paragraphs[0].kind,
                ParagraphKind::Heading,
                "{}",
                path.display()
            );
            assert_eq!(&text[seg.paragraphs[0].span.range()], first);
        }
    }
    assert!(checked >= 5, "only {checked} 'Read more' lines");
}

#[test]
fn only_the_known_run_together_tokens_split_in_the_seeds() {
    let mut flagged = BTreeSet::new();
    for (_, text) in seeds() {
        let seg = Segmented::new(&text);
        for w in seg.words.iter().filter(|w| w.run_together) {
            flagged.insert(text[w.span.range()].to_string());
        }
    }
    let expected: BTreeSet<String> = [
        "AP",
        "revealed",
        "Harris",
        "Democrat",
        "Government",
        "Speaking",
        "Service",
        "But",
        "Healthcare.gov",
        "The",
        "inauguration",
        "Employees",
        "DOGE",
        "backlash",
        "With",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(flagged, expected);
}

#[test]
fn dev_sentences_stay_within_their_lines() {
    let Some(dir) = dev_dir() else { return };
    let (mut breaks, mut joined) = (0, 0);
    for path in files_in(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        let seg = Segmented::new(&text);
        breaks += text.trim_end().matches('\n').count();
        let joined_here = joined_lines(&text, &seg);
        for line in &joined_here {
            assert!(
                !line_ends_sentence(line),
                "{}: a sentence crosses the end of {line:?}",
                path.display()
            );
        }
        joined += joined_here.len();
        // Every line with words starts a sentence, except the lines joined onto the one before.
        let starts: BTreeSet<usize> = seg.sentences.iter().map(|s| s.span.start).collect();
        let mut offset = 0;
        let mut unstarted = 0;
        for line in text.split_inclusive('\n') {
            let content = line.trim_start();
            if content.chars().any(char::is_alphanumeric)
                && !starts.contains(&(offset + line.len() - content.len()))
            {
                unstarted += 1;
            }
            offset += line.len();
        }
        assert_eq!(unstarted, joined_here.len(), "{}", path.display());
    }
    // The dev files are not wrapped: lines are paragraphs. A round trip may leave a line ending
    // in "of the" that reads as wrapped, but hardly any.
    assert!(breaks > 500);
    assert!(
        joined * 100 <= breaks,
        "{joined} of {breaks} line breaks joined"
    );
}

#[test]
fn dev_human_versions_have_no_run_together_words() {
    let Some(dir) = dev_dir() else { return };
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).unwrap();
    let mut checked = 0;
    for row in labels.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 3 || cols[2] != "human" {
            continue;
        }
        let path = dir.join(cols[0]).join(cols[1]);
        let text = std::fs::read_to_string(&path).unwrap();
        let seg = Segmented::new(&text);
        let flagged: Vec<&str> = seg
            .words
            .iter()
            .filter(|w| w.run_together)
            .map(|w| &text[w.span.range()])
            .collect();
        assert!(flagged.is_empty(), "{}: {flagged:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} human files");
}
