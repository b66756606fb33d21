//! Sketch throughput: bytes of text turned into shingle sets and signatures per second, on one
//! thread, for the default parameters and for character 5-grams. `words5_perm128` makes each
//! document's sorted set, as `Sketcher::sketch` does; `words5_perm128_batch` is what `cluster`
//! does per document (shingles kept in text order in a batch, sorted later only for candidates).

#[path = "support/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wiredrift::shingle::{self, Scratch};
use wiredrift::sketch::{Params, Sketcher};

fn bench_sketch(c: &mut Criterion) {
    let docs = corpus::generate_bytes(8 << 20, 7);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("sketch");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut scratch = Scratch::default();

    group.bench_function("tokenize", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                shingle::for_each_token(&d.text, &mut scratch, |t| n += t.len());
            }
            black_box(n)
        })
    });

    let words = Sketcher::new(&Params::default());
    group.bench_function("words5_perm128", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(words.sketch(&d.text, &mut scratch));
            }
        })
    });

    group.bench_function("words5_perm128_batch", |b| {
        b.iter(|| {
            for chunk in docs.chunks(wiredrift::index::BATCH_DOCUMENTS) {
                let texts = chunk.iter().map(|d| d.text.as_str());
                black_box(words.sketch_batch(texts, &mut scratch));
            }
        })
    });

    let chars = Sketcher::new(&Params {
        char_ngrams: Some(5),
        ..Params::default()
    });
    group.bench_function("chars5_perm128", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(chars.sketch(&d.text, &mut scratch));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_sketch);
criterion_main!(benches);
