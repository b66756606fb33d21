//! End-to-end clustering of a ~20,000-document, ~50 MB generated corpus held in memory: sketch
//! every document in parallel, find candidates, verify and group. (`wiredrift cluster` adds file
//! reading on top; `benches/peers/run.sh` times that against other tools.)

#[path = "support/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wiredrift::index::{self, Params};

fn bench_cluster(c: &mut Criterion) {
    let docs = corpus::generate(11_500, 42);
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut group = c.benchmark_group("cluster");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{}_docs_words5_perm128_t0.8", texts.len()), |b| {
        b.iter(|| black_box(index::cluster(&texts, &Params::default())))
    });
    group.finish();
}

criterion_group!(benches, bench_cluster);
criterion_main!(benches);
