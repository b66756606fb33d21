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
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
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
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format [default: from the extension of -o (.txt, .json, .md, .html), else text]
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
    /// Exit 1 when a version is judged garbled (or, with `paraphrased`, garbled or paraphrased).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Treat all inputs as versions of one story instead of grouping them into stories.
    #[arg(long)]
    pub one_story: bool,
    /// Replace invalid UTF-8 instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
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
    let globs = match load::Globs::new(&args.globs) {
        Ok(g) => g,
        Err(message) => {
            eprintln!("wiredrift: error: {message}");
            return Ok(Outcome::Failed);
        }
    };
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    global.note_stdin(&args.paths);
    let loaded = load::load_matching(&args.paths, &options, &globs);
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
    let tripped: Vec<usize> = match args.fail_on {
        None => Vec::new(),
        Some(f) => (0..comparison.documents.len())
            .filter(|&i| match f {
                FailOn::Garbled => comparison.documents[i].verdict == Verdict::Garbled,
                FailOn::Paraphrased => matches!(
                    comparison.documents[i].verdict,
                    Verdict::Garbled | Verdict::Paraphrased
                ),
            })
            .collect(),
    };
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
