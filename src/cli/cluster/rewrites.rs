//! `wiredrift cluster --rewrites`: the story stage of `compare`, without the judging.
//!
//! Rewrites of one story share too few word shingles for the exact-shingle engine, and
//! different stories of one event share most of their vocabulary. So documents are proposed on
//! the rare words they share ([`wiredrift::candidates`]) and a pair is kept only when its
//! alignment covers at least the threshold of the two texts' words ([`wiredrift::story`]):
//! versions share passages, articles on one event only share words. These are exactly the
//! stories `compare` would judge. Texts are read once to sketch them, dropped, and read again
//! a component at a time to align.

use super::{ClusterArgs, finish};
use crate::cli::{Global, Outcome};
use wiredrift::compare::{self, CompareOptions, FoundStory, StoryPair};
use wiredrift::index::{Cluster, Clustering, MAX_DOCUMENTS, VerifiedPair};
use wiredrift::load::{self, LoadOptions};
use wiredrift::sketch::Params;

pub fn run(args: ClusterArgs, global: &Global) -> super::Ran {
    let defaults = CompareOptions::default();
    let options = CompareOptions {
        candidates: wiredrift::candidates::CandidateOptions {
            seed: args.seed,
            ..defaults.candidates
        },
        story_threshold: args.threshold.unwrap_or(defaults.story_threshold),
        judge_singletons: false,
        ..defaults
    };
    let Some(globs) = crate::cli::globs(&args.globs) else {
        return Ok(Outcome::Failed);
    };
    global.note_stdin(&args.paths);
    let load_options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    let (sources, mut issues) = load::discover_matching(&args.paths, &globs);
    if sources.len() > MAX_DOCUMENTS {
        eprintln!(
            "wiredrift: error: the pile holds more inputs than one run can cluster ({MAX_DOCUMENTS}); split it"
        );
        return Ok(Outcome::Failed);
    }
    for issue in &issues {
        global.report_issue(issue);
    }
    let texts = args
        .corpus
        .pile_texts(sources, load_options, global, &mut issues);
    let bar = crate::cli::progress::PileBar::new(texts.len(), global);
    let mut stories: Vec<FoundStory> = Vec::new();
    let found = compare::find_stories(texts.as_ref(), &options, &|p| bar.update(p), &mut |s| {
        stories.push(s)
    });
    bar.finish();
    for issue in &found.summary.issues {
        global.report_issue(issue);
    }
    issues.extend(found.summary.issues.iter().cloned());
    let clustering = clustering_of(stories, &found, &options);
    let params = Params {
        perm: options.candidates.perm,
        seed: args.seed,
        threshold: options.story_threshold,
        ..Params::default()
    };
    finish(
        &args,
        &params,
        &found.paths,
        &clustering,
        &issues,
        global.quiet,
    )
}

/// The stories as `cluster` prints them: clusters ordered by first member, and every pair that
/// binds a story, with the share of words its aligned passages pair in place of a Jaccard
/// similarity.
fn clustering_of(
    mut stories: Vec<FoundStory>,
    found: &compare::FoundPile,
    options: &CompareOptions,
) -> Clustering {
    stories.sort_by_key(|s| s.members[0]);
    let mut bound: Vec<StoryPair> = stories.iter().flat_map(|s| s.pairs.clone()).collect();
    bound.sort_by_key(|p| (p.a, p.b));
    let copies = bound.iter().filter(|p| p.copy).count();
    let pairs: Vec<VerifiedPair> = bound
        .iter()
        .map(|p| VerifiedPair {
            a: p.a,
            b: p.b,
            jaccard: p.paired,
            containment: p.paired,
        })
        .collect();
    Clustering {
        clusters: stories
            .into_iter()
            .enumerate()
            .map(|(id, s)| Cluster {
                id,
                members: s.members,
            })
            .collect(),
        pairs,
        // Near-copies are proposed by the shingle engine, the rest by the candidate stage.
        candidates: found.summary.candidates + copies,
        documents: found.paths.len(),
        banding: options.candidates.banding,
    }
}
