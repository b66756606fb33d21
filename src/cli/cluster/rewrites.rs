//! `wiredrift cluster --rewrites`: the candidate stage ([`wiredrift::candidates`]) plus
//! union-find over the candidates that pass the confirmation threshold.
//!
//! Rewrites of one story share too few word shingles for the exact-shingle engine, so pairs are
//! proposed on the story's rare words and confirmed on the IDF-weighted similarity of the
//! content words. Texts are read and fingerprinted a chunk at a time and dropped; only the
//! fingerprints stay.

use super::{CHUNK, ClusterArgs, finish};
use crate::cli::{Global, Outcome};
use rayon::prelude::*;
use wiredrift::candidates::{CandidateOptions, Fingerprint, Fingerprinter, find_candidates, group};
use wiredrift::index::{Clustering, MAX_DOCUMENTS, VerifiedPair};
use wiredrift::load::{self, InputIssue, LoadOptions, Problem};
use wiredrift::shingle::Scratch;
use wiredrift::sketch::Params;

/// The default confirmation threshold. On the development pile with 20,000 generated documents
/// every family comes out whole and alone for thresholds from 0.25 to 0.30; below, web pages'
/// shared markup glues two families to others, above, two translations fall apart (README,
/// "cluster for rewrites").
pub const REWRITE_THRESHOLD: f64 = 0.27;

pub fn run(args: ClusterArgs, global: &Global) -> super::Ran {
    let threshold = args.threshold.unwrap_or(REWRITE_THRESHOLD);
    let options = CandidateOptions {
        seed: args.seed,
        threshold,
        ..CandidateOptions::default()
    };
    let fingerprinter = match Fingerprinter::new(&options) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("wiredrift: error: {e}");
            return Ok(Outcome::Failed);
        }
    };
    let load_options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    let mut paths: Vec<String> = Vec::new();
    let mut fingerprints: Vec<Fingerprint> = Vec::new();
    let mut issues: Vec<InputIssue> = Vec::new();
    let mut too_many = false;
    load::discover_in_chunks(&args.paths, CHUNK, |listed| {
        let read: Vec<Result<(String, usize, Fingerprint), InputIssue>> = listed
            .sources
            .par_iter()
            .map_init(Scratch::default, |scratch, source| {
                let doc = load::read_source(source, &load_options)?;
                let fp = fingerprinter.fingerprint(&doc.text, scratch);
                Ok((doc.path, doc.replaced, fp))
            })
            .collect();
        for outcome in read {
            match outcome {
                Ok((path, replaced, fp)) => {
                    if replaced > 0 {
                        let problem = Problem::Replaced {
                            replacements: replaced,
                        };
                        issues.push(InputIssue::new(path.clone(), problem));
                    }
                    paths.push(path);
                    fingerprints.push(fp);
                }
                Err(issue) => issues.push(issue),
            }
        }
        issues.extend(listed.issues);
        too_many = paths.len() > MAX_DOCUMENTS;
        !too_many
    });
    for issue in &issues {
        global.report_issue(issue);
    }
    if too_many {
        eprintln!(
            "wiredrift: error: the pile holds more inputs than one run can cluster ({MAX_DOCUMENTS}); split it"
        );
        return Ok(Outcome::Failed);
    }
    let found = find_candidates(&fingerprints, &options);
    drop(fingerprints);
    let clustering = Clustering {
        clusters: group(paths.len(), &found.pairs, threshold),
        pairs: found
            .pairs
            .iter()
            .map(|p| VerifiedPair {
                a: p.a as usize,
                b: p.b as usize,
                jaccard: p.score,
                containment: p.containment,
            })
            .collect(),
        candidates: found.proposed,
        documents: paths.len(),
        banding: options.banding,
    };
    let params = Params {
        perm: options.perm,
        seed: args.seed,
        threshold,
        ..Params::default()
    };
    finish(&args, &params, &paths, &clustering, &issues, global.quiet)
}
