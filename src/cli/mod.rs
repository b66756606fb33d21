//! Argument parsing and dispatch. Each subcommand lives in its own module and returns an
//! [`Outcome`]; this module turns it into an exit code.

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

mod cluster;
mod compare;
mod corpus;
mod diff;
mod evaluate;
mod progress;
#[cfg(feature = "parquet")]
mod sketch;
mod stories;

/// Exit codes, documented in `--help` and the README.
pub mod exit {
    /// Success: everything was read and compared.
    pub const OK: u8 = 0;
    /// Findings: a version matched `--fail-on`.
    pub const FINDINGS: u8 = 1;
    /// Usage or input errors: a bad flag, or an input that could not be used.
    pub const ERROR: u8 = 2;
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  findings: a version matched --fail-on
  2  usage or input error (bad flag, unreadable or invalid input); other inputs are still processed
  101 a panic, which is always a bug: please report it";

const DIFF_EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success, whether or not the versions differ
  2  usage or input error (bad flag, unreadable or invalid input)
  101 a panic, which is always a bug: please report it";

#[derive(Debug, Parser)]
#[command(
    name = "wiredrift",
    version,
    about = "Find the versions of a news story and tell which ones drifted",
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    /// When to use colors: auto colors only a terminal, and honours NO_COLOR and CLICOLOR_FORCE.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Print no warnings, only results and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align the versions of a story, judge each passage, and give each version a verdict.
    #[command(after_help = EXIT_CODES_HELP)]
    Compare(compare::CompareArgs),
    /// Show two versions passage by passage: class and similarity of each aligned passage, with
    /// deleted words [-like this-] and inserted ones {+like this+} (or in color).
    ///
    /// The versions are aligned by the same engine as `compare`, even when they share little.
    /// Each passage pair's word diff gets at most 50 ms and 4,000 words a side; past that the
    /// diff is coarser (longer changed runs) but still correct.
    #[command(after_help = DIFF_EXIT_CODES_HELP)]
    Diff(diff::DiffArgs),
    /// Group a pile of documents into stories: which documents are versions of each other.
    #[command(after_help = EXIT_CODES_HELP)]
    Cluster(cluster::ClusterArgs),
    /// Write the pile's LSH band keys and shingle sets as Parquet, for the candidate join on
    /// Spark (jobs/spark/); `--shard I/N` sketches one machine's share.
    #[cfg(feature = "parquet")]
    #[command(after_help = EXIT_CODES_HELP)]
    Sketch(sketch::SketchArgs),
    /// Score verdicts and alignments on labeled story families (a folder with labels.tsv).
    Evaluate(evaluate::EvaluateArgs),
}

/// What a subcommand reports back for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
    Failed,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let global = Global {
        color: cli.color,
        quiet: cli.quiet,
    };
    global.apply_color_choice();
    let outcome = match cli.command {
        Command::Compare(args) => compare::run(args, &global),
        Command::Diff(args) => diff::run(args, &global),
        Command::Cluster(args) => cluster::run(args, &global),
        #[cfg(feature = "parquet")]
        Command::Sketch(args) => sketch::run(args, &global),
        Command::Evaluate(args) => evaluate::run(args),
    };
    ExitCode::from(match outcome {
        Outcome::Clean => exit::OK,
        Outcome::Findings => exit::FINDINGS,
        Outcome::Failed => exit::ERROR,
    })
}

/// Options every subcommand sees.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    pub color: ColorWhen,
    pub quiet: bool,
}

impl Global {
    /// Sets the process-wide color choice that anstream's stdout and stderr honour. `auto` leaves
    /// the decision to anstream: color only on a terminal, never with NO_COLOR set, always with
    /// CLICOLOR_FORCE set.
    pub fn apply_color_choice(&self) {
        let choice = match self.color {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }

    /// Prints an input problem or warning to stderr unless `--quiet` hides warnings.
    pub fn report_issue(&self, issue: &wiredrift::load::InputIssue) {
        use wiredrift::load::Severity;
        let prefix = match issue.severity {
            Severity::Failed => "error",
            Severity::Skipped | Severity::Warning => {
                if self.quiet {
                    return;
                }
                "warning"
            }
        };
        eprintln!("wiredrift: {prefix}: {}", issue.message);
    }
}

/// Whether to color and how wide to wrap output. To a file (`-o`), color only with
/// `--color always` and wrap at the default width; to stdout, anstream decides (terminal,
/// `NO_COLOR`, `CLICOLOR_FORCE`, `--color`) and a terminal's own width wins.
pub fn output_style(to_file: bool, global: &Global) -> (bool, usize) {
    if to_file {
        return (
            global.color == ColorWhen::Always,
            wiredrift::report::DEFAULT_WIDTH,
        );
    }
    let choice = anstream::AutoStream::choice(&std::io::stdout());
    let color = !matches!(choice, anstream::ColorChoice::Never);
    let width = terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .filter(|&w| w >= 20)
        .unwrap_or(wiredrift::report::DEFAULT_WIDTH);
    (color, width)
}

/// Writes rendered output to a file, or to stdout through anstream (which honours the color
/// choice). A closed pipe (`| head`) is not an error. The error names the file.
pub fn emit(rendered: &str, path: Option<&std::path::Path>) -> Result<(), String> {
    use std::io::Write;
    match path {
        Some(path) => std::fs::write(path, rendered)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let mut out = anstream::stdout().lock();
            match out
                .write_all(rendered.as_bytes())
                .and_then(|()| out.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write to stdout: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}
