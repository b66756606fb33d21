//! Criterion benches for `compare`: the five seeds, a story of 50 versions of about 2,000
//! words each generated from the seeds (sentences dropped, moved and reworded at random, with a
//! fixed seed so every run measures the same input), and 20 such versions with a reprint of
//! each that restates a figure (copies split off their editions, judged in their kin's place).

use criterion::{Criterion, criterion_group, criterion_main};
use wiredrift::compare::{CompareOptions, compare};

mod story;
use story::{restating_reprints, seeds, synthetic_story};

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
    let mut pile = synthetic_story(20, 1000);
    pile.extend(restating_reprints(&pile));
    group.bench_function("20 versions x 1000 words + 20 restating reprints", |b| {
        b.iter(|| compare(pile.clone(), Vec::new(), &CompareOptions::default()))
    });
    group.finish();
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
