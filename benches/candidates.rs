//! The candidate stage on a ~20,000-document generated corpus held in memory: fingerprint every
//! document (rare-term signature and band keys, content-word set), then find and score the
//! candidate pairs. `benches/stories/run.sh` measures the same stage on files, with recall.

#[path = "support/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wiredrift::candidates::{CandidateOptions, Fingerprinter, find_candidates, fingerprints};

fn bench_candidates(c: &mut Criterion) {
    let docs = corpus::generate(11_500, 42);
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let options = CandidateOptions::default();
    let fingerprinter = Fingerprinter::new(&options).expect("default options are valid");
    let prints = fingerprints(&texts, &fingerprinter);
    let mut group = c.benchmark_group("candidates");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("fingerprint_{}_docs", texts.len()), |b| {
        b.iter(|| black_box(fingerprints(&texts, &fingerprinter)))
    });
    group.bench_function(format!("pairs_{}_docs", texts.len()), |b| {
        b.iter(|| black_box(find_candidates(&prints, &options)))
    });
    group.finish();
}

criterion_group!(benches, bench_candidates);
criterion_main!(benches);
