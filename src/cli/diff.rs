//! `wiredrift diff A B`: two versions, passage by passage.

use super::{Global, Outcome, Ran};
use clap::Args;
use std::path::PathBuf;
use wiredrift::compare::{self, CompareOptions};
use wiredrift::load::{self, Document, LoadOptions, Problem, Severity};
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
    /// Refuse files larger than this many bytes; K, M and G suffixes are powers of 1024 (64M).
    #[arg(long, default_value = "64M", value_parser = super::parse_max_bytes, value_name = "SIZE")]
    pub max_bytes: u64,
}

pub fn run(args: DiffArgs, global: &Global) -> Ran {
    let stdin = PathBuf::from("-");
    if args.a == stdin && args.b == stdin {
        eprintln!("wiredrift: error: only one side of a diff can be `-` (stdin)");
        return Ok(Outcome::Failed);
    }
    for side in [&args.a, &args.b] {
        if side.is_dir() {
            eprintln!(
                "wiredrift: error: {}: is a folder; diff compares two files (`wiredrift compare {}` judges the files in a folder)",
                side.display(),
                side.display()
            );
            return Ok(Outcome::Failed);
        }
    }
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    global.note_stdin(&[args.a.clone(), args.b.clone()]);
    let same_file = args.a != stdin && same_file(&args.a, &args.b);
    // One file named twice is read once, and its copy stands for the other side.
    let names = if same_file {
        vec![args.a.clone()]
    } else {
        vec![args.a.clone(), args.b.clone()]
    };
    let mut loaded = load::load(&names, &options);
    let mut unusable = false;
    for issue in &loaded.issues {
        match why_not_diffable(issue) {
            Some(message) => {
                eprintln!("wiredrift: error: {message}");
                unusable = true;
            }
            None => global.report_issue(issue),
        }
    }
    if loaded.has_failures() || unusable {
        return Ok(Outcome::Failed);
    }
    if same_file {
        if let Some(first) = loaded.documents.first() {
            let copy = Document {
                path: args.b.display().to_string(),
                ..first.clone()
            };
            loaded.documents.push(copy);
        }
    }
    if loaded.documents.len() != 2 {
        eprintln!(
            "wiredrift: error: diff compares two text files, and {} and {} hold {} usable document(s)",
            args.a.display(),
            args.b.display(),
            loaded.documents.len()
        );
        return Ok(Outcome::Failed);
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
    super::emit(&rendered, None)?;
    Ok(Outcome::Clean)
}

/// Whether two paths name one file (the same file twice, or a link and its target).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// An input `compare` would skip with a warning is an error for `diff`, which has nothing to show
/// without both sides; the message says what the file is.
fn why_not_diffable(issue: &load::InputIssue) -> Option<String> {
    if issue.severity != Severity::Skipped {
        return None;
    }
    let path = &issue.path;
    Some(match &issue.problem {
        Problem::Binary => {
            format!("{path}: is a binary file (contains NUL bytes); diff compares two text files")
        }
        Problem::Empty => format!("{path}: is empty or whitespace only; there is nothing to diff"),
        _ => format!("{}; diff needs two different inputs", issue.message),
    })
}
