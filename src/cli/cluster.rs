//! `wiredrift cluster`: group a pile of documents into the versions of each story.
//!
//! The input is streamed so that a million files fit in memory: one thread walks the folders and
//! hands over the files a chunk at a time, and each chunk is read and sketched in parallel while
//! the walk goes on; only each document's signature and shingle hashes are kept, and its text is
//! freed as soon as it is sketched. Output order depends only on input order, never on the
//! number of threads.

use super::{Global, Outcome, Ran};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use wiredrift::index::{BATCH_DOCUMENTS, Clustering, Index, MAX_DOCUMENTS};
use wiredrift::load::{self, InputIssue, LoadOptions, Problem, Severity};
use wiredrift::shingle::Scratch;
use wiredrift::sketch::{MAX_PERM, Params, SketchBatch, Sketcher};

#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Files or folders holding the documents; `-` reads one document from stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Minimum exact Jaccard similarity of two versions' shingle sets, in (0, 1]; default 0.8.
    /// Reprints of wire copy score 0.8 and up. With `--rewrites`, the least share of two
    /// texts' words their aligned passages must pair one for one instead; default 0.22, as
    /// `compare` uses.
    #[arg(long, short, value_parser = parse_threshold, allow_negative_numbers = true, value_name = "T")]
    pub threshold: Option<f64>,
    /// Group rewrites of one story (paraphrases, other translations, machine round trips), not
    /// only near-copies: documents are proposed on the rare words they share and confirmed by
    /// aligning their passages, so that different stories about one event stay apart. These are
    /// the stories `compare` judges.
    #[arg(long, conflicts_with_all = ["shingle", "char_ngrams", "containment", "perm"])]
    pub rewrites: bool,
    /// Words per shingle.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=64), value_name = "K")]
    pub shingle: u64,
    /// Use character n-grams of this length instead of word shingles: better for garbled, OCR'd or
    /// lightly reworded text (try 5).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64), value_name = "N", conflicts_with = "shingle")]
    pub char_ngrams: Option<u64>,
    /// MinHash signature length; more is more accurate and slower.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u64).range(1..=MAX_PERM as u64), value_name = "P")]
    pub perm: u64,
    /// Seed of the hash functions; results are reproducible for a given seed.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,
    /// Also pair an excerpt with the full story when its containment (shared shingles over the
    /// smaller document) reaches the threshold.
    #[arg(long)]
    pub containment: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Print every verified pair with its scores instead of clusters.
    #[arg(long)]
    pub pairs: bool,
    /// Also print documents that have no other version, as clusters of one.
    #[arg(long)]
    pub singletons: bool,
    /// Replace invalid UTF-8 instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse files larger than this many bytes; K, M and G suffixes are powers of 1024 (64M).
    #[arg(long, default_value = "64M", value_parser = super::parse_max_bytes, value_name = "SIZE")]
    pub max_bytes: u64,
    #[command(flatten)]
    pub corpus: super::corpus::CorpusArgs,
    /// Read only the files inside folders that match (or, with a leading `!`, leave out those
    /// that match) this glob; repeatable, as for `compare`.
    #[arg(short, long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per line: a cluster, or with --pairs a pair.
    Jsonl,
    /// One JSON document with clusters or pairs, parameters and skipped inputs.
    Json,
    /// A summary for people.
    Text,
}

pub(super) fn parse_threshold(s: &str) -> Result<f64, String> {
    let t: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number; give a similarity such as 0.8"))?;
    if t > 0.0 && t <= 1.0 {
        Ok(t)
    } else {
        Err(format!(
            "{s} is out of range; give a similarity greater than 0 and at most 1, such as 0.8"
        ))
    }
}

/// Documents read and sketched per parallel step: big enough to keep both cores busy, small
/// enough that the texts in flight stay a few megabytes.
const CHUNK: usize = 2048;

/// Runs with at least this many inputs get a progress bar (on a terminal).
const PROGRESS_MIN_INPUTS: usize = 5000;

mod rewrites;

pub fn run(args: ClusterArgs, global: &Global) -> Ran {
    if args.rewrites {
        return rewrites::run(args, global);
    }
    let params = Params {
        shingle: args.shingle as usize,
        char_ngrams: args.char_ngrams.map(|n| n as usize),
        perm: args.perm as usize,
        seed: args.seed,
        threshold: args.threshold.unwrap_or(0.8),
        containment: args.containment,
    };
    if let Err(e) = params.validate() {
        eprintln!("wiredrift: error: {e}");
        return Ok(Outcome::Failed);
    }
    let Some(globs) = super::globs(&args.globs) else {
        return Ok(Outcome::Failed);
    };
    global.note_stdin(&args.paths);
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };

    let corpus = args.corpus.options();
    let sketcher = Sketcher::new(&params);
    let mut index = Index::new(&params);
    let mut paths: Vec<String> = Vec::new();
    let mut issues: Vec<InputIssue> = Vec::new();
    let progress = progress_bar();
    // Each chunk is read and sketched in parallel, a batch of documents per task, while the
    // previous chunk's results are reported and handed to the index. Each text is sketched as
    // soon as it is read and freed before the next is read, so a pile of huge files holds one
    // text per thread, not a batch of them.
    let read_and_sketch = |chunk: &[load::Source]| -> Vec<Sketched> {
        chunk
            .par_chunks(BATCH_DOCUMENTS)
            .map_init(Scratch::default, |scratch, sources| {
                let mut batch = SketchBatch::new(params.perm);
                let mut outcomes = Vec::with_capacity(sources.len());
                for source in sources {
                    // A corpus file (JSONL, Parquet) yields a document per row.
                    wiredrift::corpus::read_each(source, &options, &corpus, &|_| true, &mut |r| {
                        outcomes.push(r.map(|row| {
                            let doc = row.document;
                            sketcher.reserve(&mut batch, 1, doc.text.len());
                            sketcher.sketch_into(&doc.text, scratch, &mut batch);
                            (doc.path, doc.replaced)
                        }))
                    });
                }
                Sketched { batch, outcomes }
            })
            .collect()
    };
    let report = |issue: InputIssue, issues: &mut Vec<InputIssue>| {
        progress.suspend(|| global.report_issue(&issue));
        issues.push(issue);
    };
    let mut add = |results: Vec<Sketched>, issues: &mut Vec<InputIssue>| {
        let mut count = 0;
        for Sketched { batch, outcomes } in results {
            count += outcomes.len();
            for outcome in outcomes {
                match outcome {
                    Ok((path, replaced)) => {
                        if replaced > 0 {
                            let problem = Problem::Replaced {
                                replacements: replaced,
                            };
                            report(InputIssue::new(path.clone(), problem), issues);
                        }
                        paths.push(path);
                    }
                    Err(issue) => report(issue, issues),
                }
            }
            index.push_batch(batch);
        }
        progress.inc(count as u64);
    };

    // The folders are walked on a thread of their own, which hands over the files a chunk at a
    // time, so reading and sketching start with the first chunk rather than after the walk.
    let (walked_tx, walked_rx) = std::sync::mpsc::sync_channel::<load::Listed>(2);
    let listed_everything = std::thread::scope(|scope| {
        // The sender moves into the walker, so the channel closes when the walk ends.
        let paths = &args.paths;
        let globs = &globs;
        scope.spawn(move || {
            load::discover_in_chunks_matching(paths, CHUNK, globs, |listed| {
                walked_tx.send(listed).is_ok()
            })
        });
        // A few milliseconds of arithmetic, done while the walk gets going.
        let banding = wiredrift::index::banding(&params);
        let mut listed = 0usize;
        let mut pending = Vec::new();
        loop {
            let next = walked_rx.recv().ok();
            if let Some(walked) = &next {
                listed += walked.sources.len();
                if listed > MAX_DOCUMENTS {
                    return None;
                }
                show_when_long(&progress, listed, global);
            }
            let ((), sketched) = rayon::join(
                || add(std::mem::take(&mut pending), &mut issues),
                || next.map(|walked| (read_and_sketch(&walked.sources), walked.issues)),
            );
            match sketched {
                Some((results, walk_issues)) => {
                    // The walk met these before the files of this chunk were read.
                    for issue in walk_issues {
                        report(issue, &mut issues);
                    }
                    pending = results;
                }
                None => break,
            }
        }
        walk_done(&progress);
        Some(banding)
    });
    let Some(banding) = listed_everything else {
        progress.finish_and_clear();
        eprintln!(
            "wiredrift: error: the pile holds more inputs than one run can cluster ({MAX_DOCUMENTS}); split it"
        );
        return Ok(Outcome::Failed);
    };
    progress.set_message("verifying");
    let clustering = index.cluster_with(banding);
    progress.finish_and_clear();

    finish(&args, &params, &paths, &clustering, &issues, global.quiet)
}

/// Prints the clusters or pairs in the chosen format; the exit status says whether every input
/// was used.
fn finish(
    args: &ClusterArgs,
    params: &Params,
    paths: &[String],
    clustering: &Clustering,
    issues: &[InputIssue],
    quiet: bool,
) -> Ran {
    let report = Report {
        args,
        params,
        paths,
        clustering,
        issues,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match args.format {
        Format::Jsonl => report.jsonl(&mut out),
        Format::Json => report.json(&mut out),
        Format::Text => report.text(&mut out),
    }
    .and_then(|()| out.flush())?;

    let failed = issues.iter().any(|i| i.severity == Severity::Failed);
    if paths.is_empty() {
        if !failed {
            eprintln!("wiredrift: error: no documents to cluster");
        }
        return Ok(Outcome::Failed);
    }
    if clustering.pairs.is_empty() && !quiet {
        // An empty result on stdout is a valid answer, but at a terminal it looks like nothing
        // ran; say what was looked for, and how to look wider.
        eprintln!(
            "wiredrift: no near-duplicates among {} at threshold {}{}; lower --threshold to find looser versions{}",
            plural(paths.len(), "document"),
            params.threshold,
            if args.containment {
                " (Jaccard or containment)"
            } else {
                ""
            },
            if args.char_ngrams.is_none() {
                ", or group rewrites of one story with --rewrites"
            } else {
                ""
            }
        );
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// One task's share of a chunk: the sketches of the documents it could read, and what became of
/// each of its inputs, in input order.
struct Sketched {
    batch: SketchBatch,
    outcomes: Vec<Result<(String, usize), InputIssue>>,
}

/// A bar that stays hidden until [`show_when_long`] finds the run long enough to be worth one.
/// It fits in 80 columns, shows whole files per second, and while the walk is still listing
/// files its total reads "≥ N": the total grows until the walk ends, so no ETA is shown.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::hidden();
    let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = write!(w, "{}/s", indicatif::HumanCount(state.per_sec() as u64));
    };
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} sketched {human_pos} of {prefix}{human_len} files [{bar:20}] {rate} {msg}",
    ) {
        bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
    }
    bar.set_prefix("≥ ");
    bar
}

/// The walk has listed everything: the bar's total is now exact.
fn walk_done(bar: &ProgressBar) {
    bar.set_prefix("");
}

/// Shows the bar on a terminal once the walk has listed enough inputs, and keeps its length up
/// with the walk.
fn show_when_long(bar: &ProgressBar, listed: usize, global: &Global) {
    bar.set_length(listed as u64);
    if bar.is_hidden()
        && listed >= PROGRESS_MIN_INPUTS
        && !global.quiet
        && std::io::stderr().is_terminal()
    {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
}

struct Report<'a> {
    args: &'a ClusterArgs,
    params: &'a Params,
    paths: &'a [String],
    clustering: &'a Clustering,
    issues: &'a [InputIssue],
}

#[derive(Serialize)]
struct ClusterOut<'a> {
    cluster: usize,
    members: Vec<&'a str>,
}

#[derive(Serialize)]
struct PairOut<'a> {
    a: &'a str,
    b: &'a str,
    jaccard: f64,
    containment: f64,
}

#[derive(Serialize)]
struct ParamsOut {
    threshold: f64,
    shingle: Option<usize>,
    char_ngrams: Option<usize>,
    perm: usize,
    seed: u64,
    containment: bool,
    bands: usize,
    rows: usize,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    documents: usize,
    params: ParamsOut,
    candidates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    clusters: Option<Vec<ClusterOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<Vec<PairOut<'a>>>,
    /// Inputs not clustered, with the reason.
    skipped: Vec<&'a InputIssue>,
}

/// Keeps the kind of an I/O error inside a serde error (a closed pipe stays `BrokenPipe`).
fn to_io(e: serde_json::Error) -> std::io::Error {
    std::io::Error::from(e)
}

impl<'a> Report<'a> {
    fn clusters(&self) -> Vec<ClusterOut<'a>> {
        let groups = if self.args.singletons {
            self.clustering.all_groups()
        } else {
            self.clustering.clusters.clone()
        };
        groups
            .into_iter()
            .map(|c| ClusterOut {
                cluster: c.id,
                members: c.members.iter().map(|&m| self.paths[m].as_str()).collect(),
            })
            .collect()
    }

    fn pairs(&self) -> Vec<PairOut<'a>> {
        self.clustering
            .pairs
            .iter()
            .map(|p| PairOut {
                a: &self.paths[p.a],
                b: &self.paths[p.b],
                jaccard: p.jaccard,
                containment: p.containment,
            })
            .collect()
    }

    fn jsonl(&self, out: &mut impl Write) -> std::io::Result<()> {
        if self.args.pairs {
            for pair in self.pairs() {
                serde_json::to_writer(&mut *out, &pair).map_err(to_io)?;
                out.write_all(b"\n")?;
            }
        } else {
            for cluster in self.clusters() {
                serde_json::to_writer(&mut *out, &cluster).map_err(to_io)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn json(&self, out: &mut impl Write) -> std::io::Result<()> {
        let banding = self.clustering.banding;
        let doc = JsonOut {
            documents: self.paths.len(),
            params: ParamsOut {
                threshold: self.params.threshold,
                shingle: self
                    .params
                    .char_ngrams
                    .is_none()
                    .then_some(self.params.shingle),
                char_ngrams: self.params.char_ngrams,
                perm: self.params.perm,
                seed: self.params.seed,
                containment: self.params.containment,
                bands: banding.bands,
                rows: banding.rows,
            },
            candidates: self.clustering.candidates,
            clusters: (!self.args.pairs).then(|| self.clusters()),
            pairs: self.args.pairs.then(|| self.pairs()),
            skipped: self
                .issues
                .iter()
                .filter(|i| i.severity != Severity::Warning)
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(to_io)?;
        out.write_all(b"\n")
    }

    fn text(&self, out: &mut impl Write) -> std::io::Result<()> {
        let c = self.clustering;
        let in_clusters: usize = c.clusters.iter().map(|k| k.members.len()).sum();
        let skipped = self
            .issues
            .iter()
            .filter(|i| i.severity != Severity::Warning)
            .count();
        writeln!(
            out,
            "{}: {} of versions holding {}, {} without another version; {} of {} candidates{}",
            plural(self.paths.len(), "document"),
            plural(c.clusters.len(), "cluster"),
            plural(in_clusters, "document"),
            self.paths.len() - in_clusters,
            plural(c.pairs.len(), "verified pair"),
            c.candidates,
            if skipped > 0 {
                format!("; {} skipped (see warnings)", plural(skipped, "input"))
            } else {
                String::new()
            }
        )?;
        if self.args.pairs {
            for p in &c.pairs {
                writeln!(
                    out,
                    "{:.3} jaccard  {:.3} containment  {}  {}",
                    p.jaccard, p.containment, self.paths[p.a], self.paths[p.b]
                )?;
            }
            return Ok(());
        }
        let groups = if self.args.singletons {
            c.all_groups()
        } else {
            c.clusters.clone()
        };
        for g in groups {
            writeln!(
                out,
                "\ncluster {} ({})",
                g.id,
                plural(g.members.len(), "document")
            )?;
            for (i, &m) in g.members.iter().enumerate() {
                let mark = if i == 0 { "  (representative)" } else { "" };
                writeln!(out, "  {}{mark}", self.paths[m])?;
            }
        }
        Ok(())
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
