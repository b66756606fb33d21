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
  0  success (also when a reader such as `head` closes the pipe early)
  1  findings: a version matched --fail-on
  2  usage or input error (bad flag, unreadable or invalid input); other inputs are still processed
  101 a panic, which is always a bug: please report it";

const COMPARE_HELP: &str = "\
Examples:
  wiredrift compare seeds/                        judge the versions in a folder
  wiredrift compare a.txt b.txt c.txt | less -R   page through the report
  wiredrift compare seeds/ -o report.html         the HTML report (format from the extension)
  wiredrift compare crawl/ -g '*.txt' -g '!drafts/**'   only .txt files, none under drafts/
  wiredrift compare seeds/ --fail-on garbled -q   exit 1 when a version is garbled (for CI)

Exit codes:
  0  success (also when a reader such as `head` closes the pipe early)
  1  findings: a version matched --fail-on (each one is named on stderr)
  2  usage or input error (bad flag, unreadable or invalid input, fewer than two versions);
     other inputs are still processed
  101 a panic, which is always a bug: please report it";

const DIFF_HELP: &str = "\
Examples:
  wiredrift diff ap.txt reuters.txt               passage by passage, changed words marked
  wiredrift diff ap.txt reuters.txt --side-by-side --width 160
  wiredrift diff ap.txt reuters.txt --all         every passage, none folded
  curl -s URL | wiredrift diff ap.txt -           one side from stdin

Exit codes:
  0  success, whether or not the versions differ (identical files read as identical)
  2  usage or input error (bad flag; a missing, binary, empty or folder argument)
  101 a panic, which is always a bug: please report it";

const CLUSTER_HELP: &str = "\
Examples:
  wiredrift cluster crawl/                        one JSON line per story with 2+ versions
  wiredrift cluster crawl/ --pairs                one JSON line per verified pair
  wiredrift cluster crawl/ --format text          a summary for people
  wiredrift cluster seeds/ --rewrites             group rewrites of one story, not just reprints

Exit codes:
  0  success, with or without near-duplicates (none found is said on stderr)
  2  usage or input error (bad flag, unreadable or invalid input); other inputs are still processed
  101 a panic, which is always a bug: please report it";

const EVALUATE_HELP: &str = "\
Examples:
  wiredrift evaluate fixtures/drift               scores on the project's labeled families
  wiredrift evaluate ../shared/dev --verbose      one row per version, misses marked

Exit codes:
  0  every target met: each garbled version caught, no human version called garbled, each
     unrelated version caught
  1  a target missed: some row reads MISSED or FALSE FLAG (see --verbose)
  2  usage or input error (no labels.tsv, a bad row, an unreadable family)
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
    /// Columns to wrap reports to. Without it: $COLUMNS if set, else the width of the terminal
    /// (even when the report goes to a file or a pipe), else 100.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
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
    #[command(after_help = COMPARE_HELP)]
    Compare(compare::CompareArgs),
    /// Show two versions passage by passage: class and similarity of each aligned passage, with
    /// deleted words [-like this-] and inserted ones {+like this+} (or in color).
    ///
    /// The versions are aligned by the same engine as `compare`, even when they share little.
    /// Each passage pair's word diff gets at most 50 ms and 4,000 words a side; past that the
    /// diff is coarser (longer changed runs) but still correct.
    #[command(after_help = DIFF_HELP)]
    Diff(diff::DiffArgs),
    /// Group a pile of documents into stories: which documents are versions of each other.
    #[command(after_help = CLUSTER_HELP)]
    Cluster(cluster::ClusterArgs),
    /// Write the pile's LSH band keys and shingle sets as Parquet, for the candidate join on
    /// Spark (jobs/spark/); `--shard I/N` sketches one machine's share.
    #[cfg(feature = "parquet")]
    #[command(after_help = EXIT_CODES_HELP)]
    Sketch(sketch::SketchArgs),
    /// Score verdicts and alignments on labeled story families (a folder with labels.tsv).
    #[command(after_help = EVALUATE_HELP)]
    Evaluate(evaluate::EvaluateArgs),
}

/// What a subcommand reports back for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
    Failed,
}

/// What a subcommand returns: its outcome, or the error that stopped it writing its output.
///
/// Subcommands do not handle write errors themselves; they hand them up with `?`, and [`run`]
/// decides once for all of them: a closed pipe (`wiredrift … | head -1`) ends the program quietly
/// with exit 0, as in rg, grep and git, and any other write error is one line on stderr and exit
/// 2. A new subcommand gets this by returning `Ran` and writing through `?`.
pub type Ran = std::io::Result<Outcome>;

/// The `-g/--glob` patterns of a subcommand, or `None` after naming the bad one on stderr.
pub fn globs(patterns: &[String]) -> Option<wiredrift::load::Globs> {
    match wiredrift::load::Globs::new(patterns) {
        Ok(g) => Some(g),
        Err(message) => {
            eprintln!("wiredrift: error: {message}");
            None
        }
    }
}

pub fn run() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    let global = Global {
        color: cli.color,
        quiet: cli.quiet,
        width: cli.width.map(usize::from),
    };
    global.apply_color_choice();
    let ran = match cli.command {
        Command::Compare(args) => compare::run(args, &global),
        Command::Diff(args) => diff::run(args, &global),
        Command::Cluster(args) => cluster::run(args, &global),
        #[cfg(feature = "parquet")]
        Command::Sketch(args) => Ok(sketch::run(args, &global)),
        Command::Evaluate(args) => evaluate::run(args),
    };
    ExitCode::from(exit_code(ran))
}

/// The exit code of a run; see [`Ran`] for why a closed pipe is success.
fn exit_code(ran: Ran) -> u8 {
    match ran {
        Ok(Outcome::Clean) => exit::OK,
        Ok(Outcome::Findings) => exit::FINDINGS,
        Ok(Outcome::Failed) => exit::ERROR,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            eprintln!("wiredrift: error: {e}");
            exit::ERROR
        }
    }
}

/// The safety net under [`Ran`]: `print!` and `eprint!` panic when their pipe is closed
/// ("failed printing to stdout: Broken pipe"). That one panic is a closed pipe, not a bug, so it
/// ends the program quietly with exit 0 like a returned `BrokenPipe`; every other panic goes to
/// the default hook (exit 101).
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(i32::from(exit::OK));
        }
        default(info);
    }));
}

/// Clap's own messages: help and version go to stdout with exit 0; usage errors are prefixed
/// `wiredrift: ` like every other message, and exit 2.
fn clap_error(e: clap::Error) -> ExitCode {
    use std::io::Write;
    if !e.use_stderr() {
        // Help or version; a closed pipe while printing it is no error either.
        let _ = e.print();
        return ExitCode::from(exit::OK);
    }
    let rendered = e.render().ansi().to_string();
    let mut err = anstream::stderr().lock();
    // `wiredrift` alone prints the help, which is no message to prefix.
    let prefix = match e.kind() {
        clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "",
        _ => "wiredrift: ",
    };
    let _ = write!(err, "{prefix}{rendered}");
    ExitCode::from(exit::ERROR)
}

/// Options every subcommand sees.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    pub color: ColorWhen,
    pub quiet: bool,
    /// `--width N`, if given.
    pub width: Option<usize>,
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

    /// Says on stderr that stdin will be read when it is a terminal and `-` is among the inputs,
    /// so that a waiting program does not look hung.
    pub fn note_stdin(&self, paths: &[std::path::PathBuf]) {
        use std::io::IsTerminal;
        if !self.quiet
            && paths.iter().any(|p| p.as_os_str() == "-")
            && std::io::stdin().is_terminal()
        {
            eprintln!(
                "wiredrift: reading a document from stdin (the terminal); end it with Ctrl-D, or name a file instead of `-`"
            );
        }
    }
}

/// Whether to color, and how wide to wrap. Color: to a file (`-o`) only with `--color always`;
/// to stdout anstream decides (terminal, `NO_COLOR`, `CLICOLOR_FORCE`, `--color`). Width: see
/// [`width`].
pub fn output_style(to_file: bool, global: &Global) -> (bool, usize) {
    let color = if to_file {
        global.color == ColorWhen::Always
    } else {
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        !matches!(choice, anstream::ColorChoice::Never)
    };
    let columns = std::env::var("COLUMNS").ok();
    let terminal = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
    (color, width(global.width, columns.as_deref(), terminal))
}

/// The width rule, the same wherever the report goes: `--width N`; else `COLUMNS` when it holds
/// a number of at least 20; else the width of the terminal the user sits at (stdout, stderr or
/// stdin, whichever is one, so `-o file` and `| less` wrap as the screen does); else
/// [`wiredrift::report::DEFAULT_WIDTH`]. Narrower than 20 columns is never used: reports cannot
/// lay out in less.
pub fn width(flag: Option<usize>, columns: Option<&str>, terminal: Option<usize>) -> usize {
    const NARROWEST: usize = 20;
    flag.or_else(|| columns.and_then(|c| c.trim().parse::<usize>().ok()))
        .filter(|&w| w >= NARROWEST)
        .or(terminal.filter(|&w| w >= NARROWEST))
        .unwrap_or(wiredrift::report::DEFAULT_WIDTH)
}

/// Parses `--max-bytes`: a number of bytes with an optional K, M or G suffix (powers of 1024).
pub fn parse_max_bytes(s: &str) -> Result<u64, String> {
    let bytes = wiredrift::load::parse_size(s)?;
    let most = u64::from(u32::MAX) - 1;
    if (1..=most).contains(&bytes) {
        Ok(bytes)
    } else {
        Err(format!(
            "{s} is out of range; give 1 to {most} bytes (4G - 2), for example 64M"
        ))
    }
}

/// Writes rendered output to a file, or to stdout through anstream (which honours the color
/// choice). Errors name the file; a closed stdout comes back as `BrokenPipe` for [`run`].
pub fn emit(rendered: &str, path: Option<&std::path::Path>) -> std::io::Result<()> {
    use std::io::Write;
    match path {
        Some(path) => std::fs::write(path, rendered).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        }),
        None => {
            let mut out = anstream::stdout().lock();
            out.write_all(rendered.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        e
                    } else {
                        std::io::Error::new(e.kind(), format!("cannot write to stdout: {e}"))
                    }
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_follows_the_documented_order() {
        assert_eq!(width(Some(60), Some("90"), Some(80)), 60);
        assert_eq!(width(None, Some("90"), Some(80)), 90);
        assert_eq!(width(None, Some(" 90 "), None), 90);
        assert_eq!(width(None, Some("wide"), Some(80)), 80);
        assert_eq!(width(None, Some("5"), Some(80)), 80);
        assert_eq!(width(None, None, Some(80)), 80);
        assert_eq!(
            width(None, None, Some(10)),
            wiredrift::report::DEFAULT_WIDTH
        );
        assert_eq!(width(None, None, None), wiredrift::report::DEFAULT_WIDTH);
    }

    #[test]
    fn max_bytes_takes_suffixes_and_refuses_what_cannot_be_read() {
        assert_eq!(parse_max_bytes("64M"), Ok(64 << 20));
        assert_eq!(parse_max_bytes("1000"), Ok(1000));
        assert!(parse_max_bytes("0").is_err());
        assert!(parse_max_bytes("4G").is_err());
        assert!(parse_max_bytes("big").is_err());
    }

    #[test]
    fn a_closed_pipe_is_success_and_other_write_errors_are_not() {
        use std::io::{Error, ErrorKind};
        assert_eq!(exit_code(Err(Error::from(ErrorKind::BrokenPipe))), exit::OK);
        assert_eq!(exit_code(Err(Error::other("disk full"))), exit::ERROR);
        assert_eq!(exit_code(Ok(Outcome::Findings)), exit::FINDINGS);
    }
}
