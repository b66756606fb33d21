//! `wiredrift compare`: load, align, judge, report.

use super::{Global, Outcome, Ran};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
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
    /// Garbled or mistranslated.
    Mistranslated,
    Paraphrased,
}

impl Format {
    /// The format a file name asks for by its extension, if it names one.
    fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
        }
    }
}

/// The format to write: `--format` when given, else the one `-o`'s extension names, else text.
/// A `--format` that contradicts the extension is refused rather than guessed at, since either
/// choice would surprise someone.
pub fn resolve_format(flag: Option<Format>, output: Option<&Path>) -> Result<Format, String> {
    let by_name = output.and_then(Format::of_path);
    match (flag, by_name, output) {
        (Some(f), Some(g), Some(path)) if f != g => Err(format!(
            "-o {} asks for {} by its extension, but --format {} was given; drop one of them or make them agree",
            path.display(),
            g.name(),
            f.name()
        )),
        (Some(f), _, _) => Ok(f),
        (None, Some(g), _) => Ok(g),
        (None, None, _) => Ok(Format::Text),
    }
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
    /// Output format [default: from the extension of -o (.txt, .json, .md, .html, .jsonl), else
    /// text]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to this file instead of stdout (colors only with --color always).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read only the files inside folders that match (or, with a leading `!`, leave out those
    /// that match) this glob; repeatable. `*.txt` matches names at any depth, `drafts/**` paths
    /// inside the folder. Files named on the command line are always read.
    #[arg(short, long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Exit 1 when a version is judged garbled (with `mistranslated`, garbled or mistranslated;
    /// with `paraphrased`, any of the three).
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
    /// Refuse files larger than this many bytes; K, M and G suffixes are powers of 1024 (64M).
    #[arg(long, default_value = "64M", value_parser = super::parse_max_bytes, value_name = "SIZE")]
    pub max_bytes: u64,
}

pub fn run(args: CompareArgs, global: &Global) -> Ran {
    let format = match resolve_format(args.format, args.output.as_deref()) {
        Ok(f) => f,
        Err(message) => {
            eprintln!("wiredrift: error: {message}");
            return Ok(Outcome::Failed);
        }
    };
    let Some(globs) = super::globs(&args.globs) else {
        return Ok(Outcome::Failed);
    };
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    if args.stories {
        return Ok(super::stories::run(
            &args.corpus.options(),
            &options,
            global.quiet,
        ));
    }
    global.note_stdin(&args.paths);
    if format == Format::Jsonl {
        return run_streaming(&args, options, &globs, global);
    }
    let loaded =
        wiredrift::corpus::load_matching(&args.paths, &options, &args.corpus.options(), &globs);
    for issue in &loaded.issues {
        global.report_issue(issue);
    }
    let failed = loaded.has_failures();
    match loaded.documents.as_slice() {
        [] => {
            eprintln!("wiredrift: error: no documents to compare");
            return Ok(Outcome::Failed);
        }
        [only] => {
            eprintln!(
                "wiredrift: error: compare needs at least two versions of a story, and the input holds one usable document ({}); add the other versions, or use `wiredrift diff A B` for a pair",
                only.path
            );
            return Ok(Outcome::Failed);
        }
        _ => {}
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
    let rendered = report::render(&comparison, format.into(), &options);
    super::emit(&rendered, args.output.as_deref())?;
    let tripped: Vec<usize> = (0..comparison.documents.len())
        .filter(|&i| trips(args.fail_on, comparison.documents[i].verdict))
        .collect();
    // The report may have gone to a file: say on stderr which versions set the exit code.
    for &i in &tripped {
        let d = &comparison.documents[i];
        eprintln!(
            "wiredrift: --fail-on: {} {} is {} ({})",
            report::label(i),
            d.path,
            d.verdict.as_str(),
            report::percent(d.score)
        );
    }
    Ok(if failed {
        Outcome::Failed
    } else if !tripped.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// `--format jsonl`: the pile is read once to sketch it and again story by story, and each
/// story's line is written as soon as its turn comes.
fn run_streaming(
    args: &CompareArgs,
    options: LoadOptions,
    globs: &load::Globs,
    global: &Global,
) -> Ran {
    use std::io::Write;
    let (sources, mut issues) = load::discover_matching(&args.paths, globs);
    for issue in &issues {
        global.report_issue(issue);
    }
    if sources.is_empty() {
        eprintln!("wiredrift: error: no documents to compare");
        return Ok(Outcome::Failed);
    }
    // Every text is read again story by story, not held.
    let texts = args
        .corpus
        .pile_texts(sources, options, global, &mut issues);
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
                return Ok(Outcome::Failed);
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
    for issue in &load::add_new_issues(&mut issues, summary.issues.clone()) {
        global.report_issue(issue);
    }
    let line = report::jsonl::summary_line(&summary, &issues, args.omit_singletons);
    let written = match write_error {
        Some(e) => Err(e),
        None => writeln!(out, "{line}").and_then(|()| out.flush()),
    };
    // A closed pipe and other write errors are decided once for every subcommand (cli::Ran).
    written?;
    Ok(
        if issues.iter().any(|i| i.severity == load::Severity::Failed) {
            Outcome::Failed
        } else if finding {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

/// Whether a verdict trips `--fail-on`.
fn trips(fail_on: Option<FailOn>, verdict: Verdict) -> bool {
    fail_on.is_some_and(|f| match f {
        FailOn::Garbled => verdict == Verdict::Garbled,
        FailOn::Mistranslated => matches!(verdict, Verdict::Garbled | Verdict::Mistranslated),
        FailOn::Paraphrased => matches!(
            verdict,
            Verdict::Garbled | Verdict::Mistranslated | Verdict::Paraphrased
        ),
    })
}
