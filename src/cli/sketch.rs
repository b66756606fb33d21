//! `wiredrift sketch`: write the signatures of a pile as Parquet, for a join on Spark.
//!
//! Each machine of a cluster runs `wiredrift sketch PATHS --shard I/N --out DIR` on the same
//! listing; together the N parts hold every document once, and each row carries its place in
//! the listing, so the join's result does not depend on how the pile was cut (see
//! [`wiredrift::sketchfile`]).

use super::corpus::CorpusArgs;
use super::{Global, Outcome};
use clap::Args;
use rayon::prelude::*;
use std::path::PathBuf;
use wiredrift::corpus;
use wiredrift::index::{self, BATCH_DOCUMENTS};
use wiredrift::load::{self, InputIssue, LoadOptions, Problem, Severity, Source};
use wiredrift::shingle::Scratch;
use wiredrift::sketch::{MAX_PERM, Params, Sketcher};
use wiredrift::sketchfile::{Shard, SketchRow, SketchWriter};

#[derive(Debug, Args)]
pub struct SketchArgs {
    /// Files or folders holding the documents (text files, JSONL, Parquet).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Folder to write the Parquet part into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Sketch only share I of N of the listing (0 <= I < N), to spread a pile over N machines.
    #[arg(long, value_parser = Shard::parse, default_value = "0/1", value_name = "I/N")]
    pub shard: Shard,
    /// Minimum exact Jaccard similarity the join will verify; it chooses the LSH bands.
    #[arg(long, short, default_value_t = 0.8, value_parser = super::cluster::parse_threshold, allow_negative_numbers = true, value_name = "T")]
    pub threshold: f64,
    /// Words per shingle.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=64), value_name = "K")]
    pub shingle: u64,
    /// Use character n-grams of this length instead of word shingles.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64), value_name = "N", conflicts_with = "shingle")]
    pub char_ngrams: Option<u64>,
    /// MinHash signature length.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=MAX_PERM as u64), value_name = "P")]
    pub perm: u64,
    /// Seed of the hash functions.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,
    /// Tune the bands for excerpts too, as `cluster --containment` does.
    #[arg(long)]
    pub containment: bool,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Replace invalid UTF-8 instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse documents larger than this many bytes.
    #[arg(long, default_value_t = load::DEFAULT_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64 - 1))]
    pub max_bytes: u64,
}

/// Files read and sketched per parallel step, as in `cluster`.
const CHUNK: usize = 2048;

pub fn run(args: SketchArgs, global: &Global) -> Outcome {
    let params = Params {
        shingle: args.shingle as usize,
        char_ngrams: args.char_ngrams.map(|n| n as usize),
        perm: args.perm as usize,
        seed: args.seed,
        threshold: args.threshold,
        containment: args.containment,
    };
    if let Err(e) = params.validate() {
        eprintln!("wiredrift: error: {e}");
        return Outcome::Failed;
    }
    let banding = index::banding(&params);
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!(
            "wiredrift: error: {}: cannot create the output folder: {e}",
            args.out.display()
        );
        return Outcome::Failed;
    }
    let target = args.out.join(args.shard.file_name());
    // Written under a hidden name and renamed when complete, so that a reader (Spark skips
    // names starting with a dot) never takes a half-written part for a whole one.
    let partial = args
        .out
        .join(format!(".{}.partial", args.shard.file_name()));
    let mut writer = match SketchWriter::create(&partial, &params, banding, args.shard) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("wiredrift: error: {e}");
            return Outcome::Failed;
        }
    };
    let (sources, walk_issues) = load::discover(&args.paths);
    let mut failed = false;
    for issue in &walk_issues {
        failed |= issue.severity == Severity::Failed;
        global.report_issue(issue);
    }
    let job = Job {
        sketcher: Sketcher::new(&params),
        banding,
        shard: args.shard,
        load: LoadOptions {
            lossy: args.lossy,
            max_bytes: args.max_bytes,
        },
        corpus: args.corpus.options(),
    };
    let listing: Vec<(u64, &Source)> = (0u64..).zip(&sources).collect();
    for chunk in listing.chunks(CHUNK) {
        let results: Vec<Vec<Result<SketchRow, InputIssue>>> = chunk
            .par_chunks(BATCH_DOCUMENTS)
            .map_init(Scratch::default, |scratch, part| job.sketch(part, scratch))
            .collect();
        for result in results.into_iter().flatten() {
            let written = match result {
                Ok(row) => writer.push(&row),
                Err(issue) => {
                    failed |= issue.severity == Severity::Failed;
                    global.report_issue(&issue);
                    Ok(())
                }
            };
            if let Err(e) = written {
                eprintln!("wiredrift: error: {e}");
                let _ = std::fs::remove_file(&partial);
                return Outcome::Failed;
            }
        }
    }
    let documents = match writer.finish() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("wiredrift: error: {e}");
            let _ = std::fs::remove_file(&partial);
            return Outcome::Failed;
        }
    };
    if let Err(e) = std::fs::rename(&partial, &target) {
        eprintln!("wiredrift: error: {}: cannot write: {e}", target.display());
        return Outcome::Failed;
    }
    if !global.quiet {
        eprintln!(
            "wiredrift: sketched {documents} document(s) of shard {}/{} into {} ({} bands of {} rows)",
            args.shard.index,
            args.shard.count,
            target.display(),
            banding.bands,
            banding.rows
        );
    }
    if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

/// What every task needs to sketch its share.
struct Job {
    sketcher: Sketcher,
    banding: index::Banding,
    shard: Shard,
    load: LoadOptions,
    corpus: corpus::CorpusOptions,
}

impl Job {
    /// Reads and sketches the inputs of `part` this shard owns, in order.
    fn sketch(
        &self,
        part: &[(u64, &Source)],
        scratch: &mut Scratch,
    ) -> Vec<Result<SketchRow, InputIssue>> {
        let mut out = Vec::new();
        for &(input, source) in part {
            let wanted = |row: u64| self.shard.owns(input, row);
            corpus::read_each(source, &self.load, &self.corpus, &wanted, &mut |read| {
                let row = match read {
                    Ok(row) => row,
                    Err(issue) => return out.push(Err(issue)),
                };
                if row.document.replaced > 0 {
                    // A warning: the document is still sketched.
                    let problem = Problem::Replaced {
                        replacements: row.document.replaced,
                    };
                    out.push(Err(InputIssue::new(row.document.path.clone(), problem)));
                }
                out.push(Ok(self.sketch_row(input, row, scratch)));
            });
        }
        out
    }

    fn sketch_row(&self, input: u64, row: corpus::Row, scratch: &mut Scratch) -> SketchRow {
        let sketch = self.sketcher.sketch(&row.document.text, scratch);
        // A document without shingles pairs with nothing, so it gets no band keys.
        let band_keys = if sketch.shingles.is_empty() {
            Vec::new()
        } else {
            index::band_keys(&sketch.signature, self.banding).collect()
        };
        SketchRow {
            id: row.document.path,
            input,
            row: row.row,
            band_keys,
            shingles: sketch.shingles,
        }
    }
}
