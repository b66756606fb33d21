//! `wiredrift compare`: load, align, judge, report.

use super::{Global, Outcome};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use wiredrift::compare::{self, CompareOptions, Texts};
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
    /// One JSON line per story, printed as soon as it is judged, then one summary line: for a
    /// crawl, whose texts are read twice instead of held in memory.
    Jsonl,
}

impl From<Format> for report::Format {
    fn from(f: Format) -> report::Format {
        match f {
            Format::Text => report::Format::Text,
            Format::Json => report::Format::Json,
            Format::Markdown => report::Format::Markdown,
            Format::Html => report::Format::Html,
            // Streamed by `run_streaming`, never rendered whole.
            Format::Jsonl => report::Format::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Garbled,
    Paraphrased,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Files or folders holding the versions; `-` reads one document from stdin.
    #[arg(required_unless_present = "stories")]
    pub paths: Vec<PathBuf>,
    /// Read stories from stdin, one JSONL line each (`{"story": …, "members": [{"id": …,
    /// "text": …}]}`), and write one JSONL line of verdicts per story: for `RDD.pipe`.
    #[arg(long, conflicts_with_all = ["paths", "format", "output", "one_story"])]
    pub stories: bool,
    #[command(flatten)]
    pub corpus: super::corpus::CorpusArgs,
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
    /// With `--format jsonl`, leave documents that have no other version out of the summary line.
    #[arg(long)]
    pub omit_singletons: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = load::DEFAULT_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64 - 1))]
    pub max_bytes: u64,
}

pub fn run(args: CompareArgs, global: &Global) -> Outcome {
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    if args.stories {
        return super::stories::run(&args.corpus.options(), &options, global.quiet);
    }
    if args.format == Format::Jsonl {
        return run_streaming(&args, options, global);
    }
    let loaded = wiredrift::corpus::load(&args.paths, &options, &args.corpus.options());
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
    let finding = comparison
        .documents
        .iter()
        .any(|d| trips(args.fail_on, d.verdict));
    if failed {
        Outcome::Failed
    } else if finding {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// `--format jsonl`: the pile is read once to sketch it and again story by story, and each
/// story's line is written as soon as its turn comes.
fn run_streaming(args: &CompareArgs, options: LoadOptions, global: &Global) -> Outcome {
    use std::io::Write;
    let (sources, mut issues) = load::discover(&args.paths);
    for issue in &issues {
        global.report_issue(issue);
    }
    if sources.is_empty() {
        eprintln!("wiredrift: error: no documents to compare");
        return Outcome::Failed;
    }
    // Plain files are read again story by story; the rows of corpus files are held in memory.
    let corpus = args.corpus.options();
    let texts: Box<dyn Texts> = if sources
        .iter()
        .all(|s| corpus.format_of(s) == wiredrift::corpus::FileFormat::Text)
    {
        Box::new(compare::SourceTexts::new(sources, options))
    } else {
        let loaded = wiredrift::corpus::load(&args.paths, &options, &corpus);
        issues = loaded.issues;
        for issue in &issues {
            global.report_issue(issue);
        }
        Box::new(loaded.documents)
    };
    let compare_options = CompareOptions {
        single_story: args.one_story,
        judge_singletons: false,
        ..CompareOptions::default()
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("wiredrift: error: cannot write {}: {e}", path.display());
                return Outcome::Failed;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let bar = super::progress::PileBar::new(texts.len(), global);
    let mut write_error: Option<std::io::Error> = None;
    let mut finding = false;
    let summary = compare::compare_pile(
        texts.as_ref(),
        &compare_options,
        &|p| bar.update(p),
        &mut |story| {
            finding |= story.reports.iter().any(|d| trips(args.fail_on, d.verdict));
            if write_error.is_some() {
                return;
            }
            let line = report::jsonl::story_line(&story);
            if let Err(e) = writeln!(out, "{line}") {
                write_error = Some(e);
            }
        },
    );
    bar.finish();
    for issue in &summary.issues {
        global.report_issue(issue);
    }
    issues.extend(summary.issues.iter().cloned());
    let line = report::jsonl::summary_line(&summary, &issues, args.omit_singletons);
    let written = match write_error {
        Some(e) => Err(e),
        None => writeln!(out, "{line}").and_then(|()| out.flush()),
    };
    match written {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Outcome::Clean,
        Err(e) => {
            eprintln!("wiredrift: error: cannot write the report: {e}");
            return Outcome::Failed;
        }
        Ok(()) => {}
    }
    if issues.iter().any(|i| i.severity == load::Severity::Failed) {
        Outcome::Failed
    } else if finding {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Whether a verdict trips `--fail-on`.
fn trips(fail_on: Option<FailOn>, verdict: Verdict) -> bool {
    fail_on.is_some_and(|f| match f {
        FailOn::Garbled => verdict == Verdict::Garbled,
        FailOn::Paraphrased => matches!(verdict, Verdict::Garbled | Verdict::Paraphrased),
    })
}
