//! `wiredrift diff A B`: two versions, passage by passage.

use super::{Global, Outcome};
use clap::Args;
use std::path::PathBuf;
use wiredrift::compare::{self, CompareOptions};
use wiredrift::load::{self, LoadOptions};
use wiredrift::report::{self, PairOptions};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first version (A); `-` reads it from stdin.
    pub a: PathBuf,
    /// The second version (B); `-` reads it from stdin.
    pub b: PathBuf,
    /// Show A and B in two columns fitted to the terminal width.
    #[arg(long)]
    pub side_by_side: bool,
    /// Unchanged (verbatim) passages shown around each changed one; the rest are folded.
    #[arg(short = 'U', long, value_name = "N", default_value_t = 1)]
    pub context: usize,
    /// Show every passage, folding none.
    #[arg(long)]
    pub all: bool,
    /// Replace invalid UTF-8 instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = load::DEFAULT_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64 - 1))]
    pub max_bytes: u64,
}

pub fn run(args: DiffArgs, global: &Global) -> Outcome {
    let stdin = PathBuf::from("-");
    if args.a == stdin && args.b == stdin {
        eprintln!("wiredrift: error: only one side of a diff can be `-` (stdin)");
        return Outcome::Failed;
    }
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    let loaded = load::load(&[args.a.clone(), args.b.clone()], &options);
    for issue in &loaded.issues {
        global.report_issue(issue);
    }
    if loaded.has_failures() {
        return Outcome::Failed;
    }
    if loaded.documents.len() != 2 {
        eprintln!(
            "wiredrift: error: diff compares two text files, and {} and {} hold {} usable document(s)",
            args.a.display(),
            args.b.display(),
            loaded.documents.len()
        );
        return Outcome::Failed;
    }
    // Two files given on purpose are compared even when they share little, so that the diff
    // shows how little.
    let compare_options = CompareOptions {
        single_story: true,
        editions: false,
        ..CompareOptions::default()
    };
    let comparison = compare::compare(loaded.documents, loaded.issues, &compare_options);
    let (color, width) = super::output_style(false, global);
    let options = PairOptions {
        width,
        color,
        context: args.context,
        all: args.all,
        side_by_side: args.side_by_side,
    };
    let rendered = report::pair(&comparison, 0, 1, &options);
    if let Err(message) = super::emit(&rendered, None) {
        eprintln!("wiredrift: error: {message}");
        return Outcome::Failed;
    }
    Outcome::Clean
}
