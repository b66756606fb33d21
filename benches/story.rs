//! A synthetic story for benches and examples: versions made from the seeds' sentences, some
//! dropped, a few moved, a few words replaced, with a fixed seed so every run measures the same.

use std::path::Path;
use wiredrift::load::{Document, LoadOptions, load};

pub fn seeds() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    load(&[dir], &LoadOptions::default()).documents
}

/// A small deterministic generator, so the bench needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Versions of one story: each takes the seeds' sentences in order, drops some, moves a few,
/// and replaces a few words, until it holds about `words` words.
pub fn synthetic_story(versions: usize, words: usize) -> Vec<Document> {
    let sentences: Vec<String> = seeds()
        .iter()
        .flat_map(|d| {
            d.text
                .split_inclusive(['.', '\n'])
                .map(str::trim)
                .filter(|s| s.split_whitespace().count() > 4)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    let vocabulary: Vec<&str> = sentences
        .iter()
        .flat_map(|s| s.split_whitespace())
        .collect();
    let mut rng = Lcg(42);
    (0..versions)
        .map(|v| {
            let mut picked: Vec<String> = Vec::new();
            let mut count = 0;
            let mut i = rng.below(sentences.len() / 4);
            while count < words {
                let s = &sentences[i % sentences.len()];
                i += 1;
                if rng.below(10) == 0 {
                    continue;
                }
                let mut out: Vec<&str> = s.split_whitespace().collect();
                for w in out.iter_mut() {
                    if rng.below(30) == 0 {
                        *w = vocabulary[rng.below(vocabulary.len())];
                    }
                }
                count += out.len();
                picked.push(out.join(" "));
            }
            for _ in 0..3 {
                let (a, b) = (rng.below(picked.len()), rng.below(picked.len()));
                picked.swap(a, b);
            }
            Document {
                path: format!("version-{v:02}.txt"),
                text: picked.join("\n\n"),
                replaced: 0,
                page: None,
            }
        })
        .collect()
}

/// A reprint of each version that restates its first figure ("21" becomes "28"): copies that the
/// restatement check splits off their editions, each judged in its original's place.
pub fn restating_reprints(story: &[Document]) -> Vec<Document> {
    story
        .iter()
        .filter_map(|d| {
            let start = d.text.find(|c: char| c.is_ascii_digit())?;
            let len = d.text[start..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(d.text.len() - start);
            let figure: u64 = d.text[start..start + len].parse().ok()?;
            Some(Document {
                path: d.path.replace("version", "reprint"),
                text: format!(
                    "{}{}{}",
                    &d.text[..start],
                    figure + 7,
                    &d.text[start + len..]
                ),
                replaced: 0,
                page: None,
            })
        })
        .collect()
}
