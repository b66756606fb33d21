//! Loading: paths in, documents out, and an account of every input that was not used.
//!
//! Nothing is lost silently. Every path the user named ends up either as a [`Document`] or as an
//! [`InputIssue`] that says what was wrong and what to do about it. A folder with one bad file still
//! yields its good files; the bad one is reported beside them.
//!
//! Loading is split in two so that a corpus of millions of files can be streamed: [`discover`]
//! walks the paths and lists [`Source`]s without reading them, and [`read_source`] reads one.
//! [`load`] does both for the common case of a few hundred files.

use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Default for `--max-bytes`: larger files are refused rather than exhausting memory.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How bytes whose encoding is not UTF-8 are treated.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    pub lossy: bool,
    /// Files larger than this are refused.
    pub max_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            lossy: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// One input text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user gave it (or as found under a folder they gave); `-` for stdin.
    pub path: String,
    /// The text, exactly as in the file except that a leading UTF-8 byte order mark is removed
    /// (and, with `--lossy`, invalid bytes are replaced). All byte offsets point into this.
    pub text: String,
    /// How many invalid UTF-8 sequences `--lossy` replaced; 0 for clean input.
    pub replaced: usize,
}

/// Where a document comes from, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// The name reports use for it.
    pub fn display(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// Whether an input problem stops that input from being used at all, or is a skip worth a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input carries no text to compare (empty, binary); it is skipped with a warning.
    Skipped,
    /// The input could not be used; the run exits 2 after doing what it can with the rest.
    Failed,
    /// The input was used, but altered on the way in (`--lossy`).
    Warning,
}

/// What was wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    NotFound,
    Unreadable { error: String },
    InvalidUtf8 { offset: u64 },
    Utf16,
    Binary,
    Empty,
    TooLarge { bytes: u64, limit: u64 },
    EmptyFolder,
    Replaced { replacements: usize },
}

/// One input that could not be used as it was, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputIssue {
    pub path: String,
    pub severity: Severity,
    #[serde(flatten)]
    pub problem: Problem,
    /// The one-line message shown to the user.
    pub message: String,
}

impl InputIssue {
    pub fn new(path: impl Into<String>, problem: Problem) -> InputIssue {
        let path = path.into();
        let severity = match problem {
            Problem::Binary | Problem::Empty => Severity::Skipped,
            Problem::Replaced { .. } => Severity::Warning,
            _ => Severity::Failed,
        };
        let message = describe(&path, &problem);
        InputIssue {
            path,
            severity,
            problem,
            message,
        }
    }
}

impl fmt::Display for InputIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn describe(path: &str, problem: &Problem) -> String {
    match problem {
        Problem::NotFound => format!("{path}: no such file or folder"),
        Problem::Unreadable { error } => format!("{path}: cannot read: {error}"),
        Problem::InvalidUtf8 { offset } => format!(
            "{path}: not valid UTF-8 (first bad byte at offset {offset}); convert it (for example `iconv -f latin1 -t utf-8`) or pass --lossy"
        ),
        Problem::Utf16 => format!(
            "{path}: UTF-16 text is not supported; convert it with `iconv -f utf-16 -t utf-8`"
        ),
        Problem::Binary => format!("{path}: skipped: binary file (contains NUL bytes)"),
        Problem::Empty => format!("{path}: skipped: empty or whitespace only"),
        Problem::TooLarge { bytes, limit } => format!(
            "{path}: too large ({bytes} bytes, limit {limit}); raise --max-bytes to read it"
        ),
        Problem::EmptyFolder => format!("{path}: folder holds no text files"),
        Problem::Replaced { replacements } => format!(
            "{path}: replaced {replacements} invalid UTF-8 sequence(s) with U+FFFD (--lossy)"
        ),
    }
}

/// Documents plus every problem met on the way, in input order.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub issues: Vec<InputIssue>,
}

impl Loaded {
    /// True when some input could not be used: the run must not exit 0.
    pub fn has_failures(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Failed)
    }
}

/// Lists the inputs named by `paths`: files as given, folders walked recursively in sorted order
/// with hidden entries skipped, `-` as stdin (once). Problems met while walking are returned, not
/// raised, so one unreadable folder does not hide the rest.
pub fn discover<P: AsRef<Path>>(paths: &[P]) -> (Vec<Source>, Vec<InputIssue>) {
    let mut sources = Vec::new();
    let mut issues = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        let path = path.as_ref();
        if path.as_os_str() == "-" {
            if !stdin_seen {
                sources.push(Source::Stdin);
                stdin_seen = true;
            }
            continue;
        }
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                issues.push(InputIssue::new(shown, Problem::NotFound));
            }
            Err(e) => issues.push(InputIssue::new(
                shown,
                Problem::Unreadable {
                    error: e.to_string(),
                },
            )),
            Ok(meta) if meta.is_dir() => {
                let before = sources.len();
                walk_folder(path, &mut sources, &mut issues);
                if sources.len() == before {
                    issues.push(InputIssue::new(shown, Problem::EmptyFolder));
                }
            }
            Ok(_) => sources.push(Source::File(path.to_path_buf())),
        }
    }
    (sources, issues)
}

fn walk_folder(root: &Path, sources: &mut Vec<Source>, issues: &mut Vec<InputIssue>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => sources.push(Source::File(e.into_path())),
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let error = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    e.io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string())
                };
                issues.push(InputIssue::new(path, Problem::Unreadable { error }));
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Reads one input and decides whether it is text we can use.
pub fn read_source(source: &Source, options: &LoadOptions) -> Result<Document, InputIssue> {
    let path = source.display();
    let limit = options.max_bytes;
    let bytes = match source {
        Source::Stdin => read_limited(std::io::stdin().lock(), limit),
        Source::File(p) => {
            let meta = std::fs::metadata(p).map_err(|e| unreadable(&path, e))?;
            if meta.len() > limit {
                return Err(InputIssue::new(
                    path,
                    Problem::TooLarge {
                        bytes: meta.len(),
                        limit,
                    },
                ));
            }
            std::fs::File::open(p).and_then(|f| read_limited(f, limit))
        }
    }
    .map_err(|e| unreadable(&path, e))?;
    if bytes.len() as u64 > limit {
        return Err(InputIssue::new(
            path,
            Problem::TooLarge {
                bytes: bytes.len() as u64,
                limit,
            },
        ));
    }
    decode(path, bytes, options)
}

fn unreadable(path: &str, e: std::io::Error) -> InputIssue {
    InputIssue::new(
        path,
        Problem::Unreadable {
            error: e.to_string(),
        },
    )
}

/// Reads at most `limit + 1` bytes, so that a too-large stream is detected without reading it all.
fn read_limited(reader: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Turns bytes into a document, or says why they are not text.
fn decode(path: String, mut bytes: Vec<u8>, options: &LoadOptions) -> Result<Document, InputIssue> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputIssue::new(path, Problem::Utf16));
    }
    if bytes.contains(&0) {
        return Err(InputIssue::new(path, Problem::Binary));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let (text, replaced) = match String::from_utf8(bytes) {
        Ok(text) => (text, 0),
        Err(e) if options.lossy => {
            let replaced = count_invalid_sequences(e.as_bytes());
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), replaced)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to() as u64;
            return Err(InputIssue::new(path, Problem::InvalidUtf8 { offset }));
        }
    };
    if text.trim().is_empty() {
        return Err(InputIssue::new(path, Problem::Empty));
    }
    Ok(Document {
        path,
        text,
        replaced,
    })
}

fn count_invalid_sequences(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return count,
            Err(e) => {
                count += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[skip.min(bytes.len())..];
            }
        }
    }
}

/// Discovers and reads everything, in parallel, keeping input order.
pub fn load<P: AsRef<Path> + Sync>(paths: &[P], options: &LoadOptions) -> Loaded {
    let (sources, mut issues) = discover(paths);
    let results: Vec<Result<Document, InputIssue>> = sources
        .par_iter()
        .map(|s| read_source(s, options))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for read in results {
        match read {
            Ok(doc) => {
                if doc.replaced > 0 {
                    let problem = Problem::Replaced {
                        replacements: doc.replaced,
                    };
                    issues.push(InputIssue::new(doc.path.clone(), problem));
                }
                documents.push(doc);
            }
            Err(issue) => issues.push(issue),
        }
    }
    Loaded { documents, issues }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_bytes(bytes: &[u8], lossy: bool) -> Result<Document, InputIssue> {
        let options = LoadOptions {
            lossy,
            ..LoadOptions::default()
        };
        decode("f.txt".into(), bytes.to_vec(), &options)
    }

    #[test]
    fn strips_a_byte_order_mark() {
        let doc = decode_bytes(b"\xEF\xBB\xBFHello", false).unwrap();
        assert_eq!(doc.text, "Hello");
    }

    #[test]
    fn names_the_offset_of_invalid_utf8() {
        let err = decode_bytes(b"caf\xE9 au lait", false).unwrap_err();
        assert_eq!(err.problem, Problem::InvalidUtf8 { offset: 3 });
        assert!(err.message.starts_with("f.txt: not valid UTF-8"));
        assert!(err.message.contains("--lossy"));
        let doc = decode_bytes(b"caf\xE9 au lait", true).unwrap();
        assert_eq!(doc.text, "caf\u{FFFD} au lait");
    }

    #[test]
    fn skips_binary_and_empty_files() {
        assert_eq!(
            decode_bytes(b"PK\x03\x04\x00\x00", false)
                .unwrap_err()
                .severity,
            Severity::Skipped
        );
        assert_eq!(
            decode_bytes(b" \n\t ", false).unwrap_err().problem,
            Problem::Empty
        );
        assert_eq!(
            decode_bytes(b"\xFF\xFEh\x00i\x00", false)
                .unwrap_err()
                .problem,
            Problem::Utf16
        );
    }

    #[test]
    fn counts_invalid_sequences() {
        assert_eq!(count_invalid_sequences(b"ok"), 0);
        assert_eq!(count_invalid_sequences(b"a\xE9b\xFF\xFEc"), 3);
    }
}
