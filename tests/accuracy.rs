//! Accuracy of the sketch against exact Jaccard similarity, on the seed articles and on generated
//! news text, and agreement of the fast tokenizer with the segmenter.
//!
//! MinHash theory: over random hash functions, the estimate from `P` slots is unbiased with
//! standard deviation `sqrt(J(1-J)/P)`. Each pair is sketched under many seeds and the errors are
//! standardized by that formula; the standardized errors must average ~0 with standard deviation
//! ~1. A biased or correlated scheme (say, slots sharing hash functions, or densification that
//! copies bins unevenly) fails these bounds.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use wiredrift::segment::Segmented;
use wiredrift::shingle::{self, Scratch, Shingling};
use wiredrift::sketch::{Params, Sketcher, classic_minhash, estimate_jaccard, exact_similarity};

fn seeds() -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .expect("seeds/ is part of the repository")
        .map(|e| e.expect("readable seeds/").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
        .collect()
}

/// Pairs of shingle sets with exact Jaccard in [0.05, 0.97], from real and generated text.
fn pairs() -> Vec<(Vec<u64>, Vec<u64>, f64)> {
    let mut scratch = Scratch::default();
    let mut sets: Vec<(Vec<u64>, Vec<u64>)> = Vec::new();
    let seeds = seeds();
    for shingling in [Shingling::Chars(5), Shingling::Words(2)] {
        let s: Vec<Vec<u64>> = seeds
            .iter()
            .map(|t| shingle::shingle_set(t, shingling, &mut scratch))
            .collect();
        for i in 0..s.len() {
            for j in i + 1..s.len() {
                sets.push((s[i].clone(), s[j].clone()));
            }
        }
    }
    // Long generated articles and edits of edits, for similarities from ~0.3 to ~0.95.
    let vocab = corpus::Vocab::new(5, 30_000);
    let mut rng = corpus::Rng::new(11);
    for _ in 0..6 {
        let article = corpus::Article::generate(&vocab, &mut rng, 40);
        let base = article.render();
        let mut version = corpus::Article {
            headline: article.headline.clone(),
            paragraphs: article.paragraphs.clone(),
            accented: article.accented,
        };
        let a = shingle::shingle_set(&base, Shingling::Words(5), &mut scratch);
        for _ in 0..3 {
            let edited = version.edit(&vocab, &mut rng, &[]);
            let b = shingle::shingle_set(&edited, Shingling::Words(5), &mut scratch);
            sets.push((a.clone(), b));
            version.paragraphs = edited
                .split("\n\n")
                .skip(1)
                .map(|p| p.trim().to_string())
                .collect();
        }
    }
    sets.into_iter()
        .filter_map(|(a, b)| {
            let (j, _) = exact_similarity(&a, &b);
            (0.05..=0.97).contains(&j).then_some((a, b, j))
        })
        .collect()
}

struct Stats {
    n: usize,
    mean_error: f64,
    mean_z: f64,
    sd_z: f64,
}

fn standardized(samples: &[(f64, f64)], perm: usize) -> Stats {
    let zs: Vec<f64> = samples
        .iter()
        .map(|&(estimate, j)| (estimate - j) / (j * (1.0 - j) / perm as f64).sqrt())
        .collect();
    let n = zs.len() as f64;
    let mean_z = zs.iter().sum::<f64>() / n;
    let sd_z = (zs.iter().map(|z| (z - mean_z).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let mean_error = samples.iter().map(|(e, j)| e - j).sum::<f64>() / n;
    Stats {
        n: zs.len(),
        mean_error,
        mean_z,
        sd_z,
    }
}

#[test]
fn one_permutation_minhash_matches_theory() {
    let pairs = pairs();
    assert!(pairs.len() >= 30, "only {} pairs", pairs.len());
    let perm = 128;
    let mut samples = Vec::new();
    for seed in 0..150 {
        let s = Sketcher::new(&Params {
            perm,
            seed,
            ..Params::default()
        });
        for (a, b, j) in &pairs {
            samples.push((estimate_jaccard(&s.signature(a), &s.signature(b)), *j));
        }
    }
    let st = standardized(&samples, perm);
    eprintln!(
        "OPH: {} samples, mean error {:.5}, mean z {:.4}, sd z {:.4}",
        st.n, st.mean_error, st.mean_z, st.sd_z
    );
    assert!(st.mean_error.abs() < 0.003, "biased: {}", st.mean_error);
    assert!(st.mean_z.abs() < 0.1, "biased: mean z {}", st.mean_z);
    assert!(
        (0.9..=1.1).contains(&st.sd_z),
        "spread {} is not within 10% of sqrt(J(1-J)/P)",
        st.sd_z
    );
}

#[test]
fn classic_minhash_matches_theory_too() {
    // The reference scheme, to show the fast one is as good: same statistic, fewer seeds.
    let pairs = pairs();
    let perm = 128;
    let mut samples = Vec::new();
    for seed in 0..25 {
        for (a, b, j) in &pairs {
            let (x, y) = (
                classic_minhash(a, perm, seed),
                classic_minhash(b, perm, seed),
            );
            let equal = x.iter().zip(&y).filter(|(p, q)| p == q).count();
            samples.push((equal as f64 / perm as f64, *j));
        }
    }
    let st = standardized(&samples, perm);
    eprintln!(
        "classic: {} samples, mean error {:.5}, mean z {:.4}, sd z {:.4}",
        st.n, st.mean_error, st.mean_z, st.sd_z
    );
    assert!(st.mean_z.abs() < 0.15, "biased: mean z {}", st.mean_z);
    assert!((0.9..=1.1).contains(&st.sd_z), "sd z {}", st.sd_z);
}

#[test]
fn densified_sketches_of_short_texts_are_unbiased() {
    // 20-80 shingles: most of the 128 bins are empty and filled by densification.
    let vocab = corpus::Vocab::new(9, 30_000);
    let mut rng = corpus::Rng::new(3);
    let mut scratch = Scratch::default();
    let mut pairs = Vec::new();
    for _ in 0..40 {
        let n = rng.range(25, 85);
        let words: Vec<String> = (0..n).map(|_| vocab.word(&mut rng).to_string()).collect();
        let mut other = words.clone();
        let cut = rng.range(2, n / 2);
        other.truncate(n - cut);
        other.extend((0..rng.range(0, 10)).map(|_| vocab.word(&mut rng).to_string()));
        let a = shingle::shingle_set(&words.join(" "), Shingling::Words(5), &mut scratch);
        let b = shingle::shingle_set(&other.join(" "), Shingling::Words(5), &mut scratch);
        let (j, _) = exact_similarity(&a, &b);
        if (0.05..=0.97).contains(&j) {
            pairs.push((a, b, j));
        }
    }
    let perm = 128;
    let mut samples = Vec::new();
    for seed in 0..150 {
        let s = Sketcher::new(&Params {
            perm,
            seed,
            ..Params::default()
        });
        for (a, b, j) in &pairs {
            samples.push((estimate_jaccard(&s.signature(a), &s.signature(b)), *j));
        }
    }
    let st = standardized(&samples, perm);
    eprintln!(
        "densified: {} samples, mean error {:.5}, mean z {:.4}, sd z {:.4}",
        st.n, st.mean_error, st.mean_z, st.sd_z
    );
    assert!(st.mean_error.abs() < 0.005, "biased: {}", st.mean_error);
    assert!(st.mean_z.abs() < 0.1, "biased: mean z {}", st.mean_z);
    assert!(st.sd_z < 1.25, "sd z {}", st.sd_z);
}

/// The segmenter's keys, with the parts of run-together tokens ("ServiceBut") joined back,
/// since shingling does not split them.
fn segment_keys(text: &str) -> Vec<String> {
    let seg = Segmented::new(text);
    let mut keys: Vec<String> = Vec::new();
    let mut last_end = usize::MAX;
    for w in &seg.words {
        if w.run_together && w.normalized.start == last_end {
            if let Some(k) = keys.last_mut() {
                k.push_str(&w.key);
            }
        } else {
            keys.push(w.key.clone());
        }
        last_end = w.normalized.end;
    }
    keys
}

#[test]
fn tokenizer_agrees_with_the_segmenter_on_the_seeds() {
    for text in seeds() {
        assert_eq!(shingle::tokens(&text), segment_keys(&text));
    }
}

#[test]
fn tokenizer_agrees_with_the_segmenter_on_generated_news() {
    for doc in corpus::generate(300, 1) {
        assert_eq!(
            shingle::tokens(&doc.text),
            segment_keys(&doc.text),
            "{}",
            doc.text
        );
    }
}
