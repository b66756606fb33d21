//! `wiredrift compare`: load, align, judge, report.

use super::{Global, Outcome};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use wiredrift::compare::{self, CompareOptions};
use wiredrift::judge::Verdict;
use wiredrift::load::{self, LoadOptions};
use wiredrift::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for the terminal, wrapped to its width.
    Text,
    /// The full comparison for programs.
    Json,
    /// A report to paste into an issue or a wiki.
    Markdown,
    /// One self-contained page with side-by-side aligned versions.
    Html,
}

impl From<Format> for report::Format {
    fn from(f: Format) -> report::Format {
        match f {
            Format::Text => report::Format::Text,
            Format::Json => report::Format::Json,
            Format::Markdown => report::Format::Markdown,
            Format::Html => report::Format::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Garbled,
    /// Garbled or mistranslated.
    Mistranslated,
    Paraphrased,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Files or folders holding the versions; `-` reads one document from stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to this file instead of stdout (colors only with --color always).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a version is judged garbled (or, with `paraphrased`, garbled or paraphrased).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Treat all inputs as versions of one story instead of grouping them into stories.
    #[arg(long)]
    pub one_story: bool,
    /// Replace invalid UTF-8 instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = load::DEFAULT_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64 - 1))]
    pub max_bytes: u64,
}

pub fn run(args: CompareArgs, global: &Global) -> Outcome {
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    let loaded = load::load(&args.paths, &options);
    for issue in &loaded.issues {
        global.report_issue(issue);
    }
    let failed = loaded.has_failures();
    if loaded.documents.is_empty() {
        eprintln!("wiredrift: error: no documents to compare");
        return Outcome::Failed;
    }
    let compare_options = CompareOptions {
        single_story: args.one_story,
        ..CompareOptions::default()
    };
    let comparison = compare::compare(loaded.documents, loaded.issues, &compare_options);
    let (color, width) = super::output_style(args.output.is_some(), global);
    let options = report::Options {
        width,
        color,
        ..report::Options::default()
    };
    let rendered = report::render(&comparison, args.format.into(), &options);
    if let Err(message) = super::emit(&rendered, args.output.as_deref()) {
        eprintln!("wiredrift: error: {message}");
        return Outcome::Failed;
    }
    let finding = args.fail_on.is_some_and(|f| {
        comparison.documents.iter().any(|d| match f {
            FailOn::Garbled => d.verdict == Verdict::Garbled,
            FailOn::Mistranslated => {
                matches!(d.verdict, Verdict::Garbled | Verdict::Mistranslated)
            }
            FailOn::Paraphrased => matches!(
                d.verdict,
                Verdict::Garbled | Verdict::Mistranslated | Verdict::Paraphrased
            ),
        })
    });
    if failed {
        Outcome::Failed
    } else if finding {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
