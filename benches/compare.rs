//! Criterion benches for `compare`: the five seeds, and a story of 50 versions of about 2,000
//! words each generated from the seeds (sentences dropped, moved and reworded at random, with a
//! fixed seed so every run measures the same input).

use criterion::{Criterion, criterion_group, criterion_main};
use wiredrift::compare::{CompareOptions, compare};

mod story;
use story::{seeds, synthetic_story};

fn bench_compare(c: &mut Criterion) {
    let seeds = seeds();
    c.bench_function("compare seeds (5 versions)", |b| {
        b.iter(|| compare(seeds.clone(), Vec::new(), &CompareOptions::default()))
    });
    let story = synthetic_story(50, 2000);
    let mut group = c.benchmark_group("compare story");
    group.sample_size(10);
    group.bench_function("50 versions x 2000 words", |b| {
        b.iter(|| compare(story.clone(), Vec::new(), &CompareOptions::default()))
    });
    group.finish();
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
