//! `wiredrift compare`: load, align, judge, report.

use super::{Global, Outcome};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use wiredrift::compare::{self, CompareOptions, Comparison};
use wiredrift::judge::Verdict;
use wiredrift::load::{self, LoadOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Garbled,
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
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&comparison) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("wiredrift: error: cannot serialize the report: {e}");
                return Outcome::Failed;
            }
        },
        Format::Text => print_text(&comparison),
    }
    let finding = args.fail_on.is_some_and(|f| {
        comparison.documents.iter().any(|d| match f {
            FailOn::Garbled => d.verdict == Verdict::Garbled,
            FailOn::Paraphrased => matches!(d.verdict, Verdict::Garbled | Verdict::Paraphrased),
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

fn print_text(c: &Comparison) {
    for d in &c.documents {
        let s = &d.signals;
        println!(
            "{:<40} {:<12} {:.2}  story {}  cov {:.2} garb {:.2} flu {:.3} rel {:+.3} names {:.1} quotes {:.2}  [v {:.2} e {:.2} p {:.2} g {:.2} u {:.2}]",
            d.path,
            d.verdict.as_str(),
            d.score,
            d.story,
            s.coverage,
            s.garbled,
            d.fluency,
            s.relative_fluency,
            s.name_drift_rate,
            s.altered_quotes,
            d.passages.verbatim,
            d.passages.edited,
            d.passages.paraphrase,
            d.passages.garbled,
            d.passages.unique
        );
        for e in d.evidence.iter().take(5) {
            println!(
                "    - {:?}: {} | {}",
                e.kind,
                e.detail,
                e.text.chars().take(100).collect::<String>()
            );
        }
    }
    for s in &c.skipped {
        println!("skipped: {}", s.message);
    }
}
