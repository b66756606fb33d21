//! Loading: paths in, documents out, and an account of every input that was not used.
//!
//! Nothing is lost silently. Every path the user named ends up either as a [`Document`] or as an
//! [`InputIssue`] that says what was wrong and what to do about it. A folder with one bad file still
//! yields its good files; the bad one is reported beside them.
//!
//! Each file is read once however often it is named (directly, inside a folder, through a link),
//! a symbolic link loop is one warning, and nothing can block forever: reads stop one byte past
//! `--max-bytes`, and a named pipe nobody writes to is given up after [`PIPE_WAIT`]. The README's
//! "Input handling" table lists every case with its message and exit code.
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
    /// Set when the input was a web page: then `text` is the article extracted from it, and
    /// offsets point into that article, not into the HTML (see [`crate::page`]).
    pub page: Option<crate::page::Page>,
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
            Source::File(p) => match p.to_str() {
                Some(s) => s.to_owned(),
                None => p.display().to_string(),
            },
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
    Unreadable {
        error: String,
    },
    InvalidUtf8 {
        offset: u64,
    },
    Utf16,
    Binary,
    Empty,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    EmptyFolder,
    Replaced {
        replacements: usize,
    },
    /// A symbolic link under a folder points back to a folder that contains it.
    SymlinkLoop {
        target: String,
    },
    /// The same file (or stdin) was named twice, directly or through a link; it is read once.
    Duplicate {
        first: String,
    },
    /// A folder held files, but every one of them was skipped or failed.
    NothingUsable {
        files: usize,
    },
    /// A row of a corpus file (JSONL, Parquet) that holds no usable document: bad JSON, a
    /// missing field, a text too large. Rows count from 1.
    BadRow {
        row: u64,
        error: String,
    },
    /// A row of a corpus file whose text is empty or whitespace only.
    EmptyRow {
        row: u64,
        id: String,
    },
    /// A folder held files, but `--glob` left out every one of them.
    NoneMatch {
        files: usize,
    },
    /// A web page in which no article text was found (an index, a login wall, a page of links).
    NoArticle {
        /// Words of text the extractor found; 0 when it found no main content at all.
        words: usize,
    },
    /// A web page too deeply nested or too large to extract an article from in bounded time.
    PageTooComplex {
        /// What exceeded its limit, for example "elements nest 100000 levels deep (limit 512)".
        detail: String,
    },
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

/// Appends the issues of `more` that `issues` does not hold yet, in order: a document read twice
/// (once by `load`, once by a later stage) is reported once.
pub fn add_new_issues(issues: &mut Vec<InputIssue>, more: Vec<InputIssue>) -> Vec<InputIssue> {
    let known: std::collections::HashSet<String> =
        issues.iter().map(|i| i.message.clone()).collect();
    let new: Vec<InputIssue> = more
        .into_iter()
        .filter(|i| !known.contains(&i.message))
        .collect();
    issues.extend(new.iter().cloned());
    new
}

impl InputIssue {
    pub fn new(path: impl Into<String>, problem: Problem) -> InputIssue {
        let path = path.into();
        let severity = match problem {
            Problem::Binary
            | Problem::Empty
            | Problem::EmptyRow { .. }
            | Problem::SymlinkLoop { .. }
            | Problem::Duplicate { .. }
            | Problem::NoArticle { .. } => Severity::Skipped,
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
        // A stream is read only to one byte past the limit, so its true size is unknown.
        Problem::TooLarge { bytes, limit } if *bytes == limit.saturating_add(1) => format!(
            "{path}: too large (more than {limit} bytes, the --max-bytes limit); raise --max-bytes to read it"
        ),
        Problem::TooLarge { bytes, limit } => format!(
            "{path}: too large ({bytes} bytes, limit {limit}); raise --max-bytes to read it"
        ),
        Problem::EmptyFolder => format!(
            "{path}: folder holds no files (hidden files are skipped); name the files themselves"
        ),
        Problem::Replaced { replacements } => format!(
            "{path}: replaced {replacements} invalid UTF-8 sequence(s) with U+FFFD (--lossy)"
        ),
        Problem::SymlinkLoop { target } => {
            format!("{path}: skipped: symbolic link loop back to {target}")
        }
        Problem::Duplicate { first } if path == "-" && first == "-" => {
            "-: skipped: stdin named more than once; it is read once".to_string()
        }
        Problem::Duplicate { first } => format!("{path}: skipped: already read as {first}"),
        Problem::NoneMatch { files } => format!(
            "{path}: none of the {files} file(s) in this folder match the --glob patterns; a pattern without / matches file names at any depth, one with / paths inside the folder"
        ),
        Problem::PageTooComplex { detail } => format!(
            "{path}: a web page too complex to extract an article from: {detail}; save the article itself as text to compare it"
        ),
        Problem::NoArticle { words } => format!(
            "{path}: skipped: a web page with no article text ({words} words outside markup and navigation, fewer than {}); save the article itself as text to compare it",
            crate::page::MIN_ARTICLE_WORDS
        ),
        Problem::NothingUsable { files } => format!(
            "{path}: none of the {files} file(s) in this folder could be used (see the messages above)"
        ),
        Problem::BadRow { row, error } => format!("{path}: row {row}: {error}"),
        Problem::EmptyRow { row, id } => {
            format!("{path}: row {row} (id {id}): skipped: empty or whitespace only")
        }
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
///
/// Each file is listed once however it is reached: a path given twice, a file given and also found
/// in a folder, or a symbolic link to a file already listed is skipped with a warning. Links are
/// followed, but a folder is never walked twice, so a link back to an enclosing folder is reported
/// once as a loop and costs nothing more.
pub fn discover<P: AsRef<Path>>(paths: &[P]) -> (Vec<Source>, Vec<InputIssue>) {
    discover_matching(paths, &Globs::default())
}

/// [`discover`], listing only the files inside folders that `globs` admits.
pub fn discover_matching<P: AsRef<Path>>(
    paths: &[P],
    globs: &Globs,
) -> (Vec<Source>, Vec<InputIssue>) {
    let found = Discovered::collect(paths, globs);
    let sources = found.sources.into_iter().map(|(_, s)| s).collect();
    (sources, found.issues)
}

/// One thing [`discover_each`] met.
#[derive(Debug)]
pub enum Found {
    /// An input to read.
    Source(Source),
    /// An input that cannot be used, or a warning about one.
    Issue(InputIssue),
}

/// [`discover`], handing each source and issue to `found` the moment the walk meets it, in the
/// same order, so that a caller can read and process the first files while the rest of a large
/// pile is still being listed.
pub fn discover_each<P: AsRef<Path>>(paths: &[P], found: impl FnMut(Found)) {
    discover_each_matching(paths, &Globs::default(), found);
}

/// [`discover_each`], listing only the files inside folders that `globs` admits.
fn discover_each_matching<P: AsRef<Path>>(
    paths: &[P],
    globs: &Globs,
    mut found: impl FnMut(Found),
) {
    discover_roots(paths, globs, &mut |event| match event {
        Event::Source(_, source) => found(Found::Source(source)),
        Event::Issue(issue) => found(Found::Issue(issue)),
        Event::Folder(_) => {}
    });
}

/// A run of the walk: the next inputs to read, and the issues met while listing them.
#[derive(Debug, Default)]
pub struct Listed {
    pub sources: Vec<Source>,
    pub issues: Vec<InputIssue>,
}

/// [`discover_each`] in runs of `chunk` sources (the last run may be shorter, and carries the
/// issues met after the last source), so that a reader can work a run at a time while the walk
/// goes on. `take` gets each run and says whether it wants more; once it says no, it is handed
/// nothing further.
pub fn discover_in_chunks<P: AsRef<Path>>(
    paths: &[P],
    chunk: usize,
    take: impl FnMut(Listed) -> bool,
) {
    discover_in_chunks_matching(paths, chunk, &Globs::default(), take);
}

/// [`discover_in_chunks`], listing only the files inside folders that `globs` admits.
pub fn discover_in_chunks_matching<P: AsRef<Path>>(
    paths: &[P],
    chunk: usize,
    globs: &Globs,
    mut take: impl FnMut(Listed) -> bool,
) {
    let chunk = chunk.max(1);
    let fresh = || Listed {
        sources: Vec::with_capacity(chunk),
        issues: Vec::new(),
    };
    let mut run = fresh();
    let mut wanted = true;
    discover_each_matching(paths, globs, |found| {
        if !wanted {
            return;
        }
        match found {
            Found::Source(source) => run.sources.push(source),
            Found::Issue(issue) => run.issues.push(issue),
        }
        if run.sources.len() == chunk {
            wanted = take(std::mem::replace(&mut run, fresh()));
        }
    });
    if wanted && !(run.sources.is_empty() && run.issues.is_empty()) {
        take(run);
    }
}

/// What the walk meets, with the index of the named path a source came from.
enum Event {
    Source(usize, Source),
    Issue(InputIssue),
    /// The named path with this index is a folder.
    Folder(usize),
}

/// Everything [`discover_roots`] found, collected.
#[derive(Default)]
struct Discovered {
    sources: Vec<(usize, Source)>,
    issues: Vec<InputIssue>,
    /// Indices of the named paths that are folders.
    folders: Vec<usize>,
}

impl Discovered {
    fn collect<P: AsRef<Path>>(paths: &[P], globs: &Globs) -> Discovered {
        let mut found = Discovered::default();
        discover_roots(paths, globs, &mut |event| match event {
            Event::Source(root, source) => found.sources.push((root, source)),
            Event::Issue(issue) => found.issues.push(issue),
            Event::Folder(root) => found.folders.push(root),
        });
        found
    }
}

/// Identifies a file or folder however it is named, to read it once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path, meta: &std::fs::Metadata) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        FileId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// Remembers what was already listed, and under which name.
#[derive(Default)]
struct Seen {
    files: std::collections::HashMap<FileId, String>,
    folders: std::collections::HashMap<FileId, String>,
}

fn discover_roots<P: AsRef<Path>>(paths: &[P], globs: &Globs, found: &mut dyn FnMut(Event)) {
    let mut seen = Seen::default();
    let mut stdin_seen = false;
    for (index, path) in paths.iter().enumerate() {
        let path = path.as_ref();
        if path.as_os_str() == "-" {
            if stdin_seen {
                let problem = Problem::Duplicate { first: "-".into() };
                found(Event::Issue(InputIssue::new("-", problem)));
            } else {
                found(Event::Source(index, Source::Stdin));
                stdin_seen = true;
            }
            continue;
        }
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                found(Event::Issue(InputIssue::new(shown, Problem::NotFound)));
            }
            Err(e) => found(Event::Issue(unreadable(&shown, e))),
            Ok(meta) if meta.is_dir() => {
                found(Event::Folder(index));
                let (files, excluded) = walk_folder(path, index, &mut seen, globs, found);
                if files == 0 && excluded > 0 {
                    let problem = Problem::NoneMatch { files: excluded };
                    found(Event::Issue(InputIssue::new(shown, problem)));
                } else if files == 0 {
                    found(Event::Issue(InputIssue::new(shown, Problem::EmptyFolder)));
                }
            }
            Ok(meta) => {
                if let Some(first) = seen.files.get(&file_id(path, &meta)) {
                    let problem = Problem::Duplicate {
                        first: first.clone(),
                    };
                    found(Event::Issue(InputIssue::new(shown, problem)));
                } else {
                    seen.files.insert(file_id(path, &meta), shown);
                    found(Event::Source(index, Source::File(path.to_path_buf())));
                }
            }
        }
    }
}

/// Lists the files under `root`; returns how many it met, repeats included (a root folder met
/// before counts as one, so that it is not also called empty), and how many `globs` left out.
fn walk_folder(
    root: &Path,
    index: usize,
    seen: &mut Seen,
    globs: &Globs,
    found: &mut dyn FnMut(Event),
) -> (usize, usize) {
    let mut files = 0;
    let mut excluded = 0;
    // The device of the folder being walked at each depth.
    let mut devices: Vec<u64> = Vec::new();
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let issue = match e.loop_ancestor() {
                    Some(ancestor) => InputIssue::new(
                        path,
                        Problem::SymlinkLoop {
                            target: ancestor.display().to_string(),
                        },
                    ),
                    None => {
                        let broken_link = e
                            .io_error()
                            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                            && e.path()
                                .and_then(|p| std::fs::symlink_metadata(p).ok())
                                .is_some_and(|m| m.file_type().is_symlink());
                        let error = if broken_link {
                            "broken symbolic link (its target does not exist)".to_string()
                        } else {
                            e.io_error()
                                .map(|io| io.to_string())
                                .unwrap_or_else(|| e.to_string())
                        };
                        InputIssue::new(path, Problem::Unreadable { error })
                    }
                };
                found(Event::Issue(issue));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && is_hidden(entry.file_name()) {
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        // Special files (FIFOs, sockets, devices) met while walking are never read: reading
        // them could block or never end. Name them on the command line to read them.
        if !is_dir && !entry.file_type().is_file() {
            continue;
        }
        if !is_dir && !globs.admits(root, entry.path()) {
            excluded += 1;
            continue;
        }
        // A plain file's identity comes from what the folder listing already holds: its inode
        // number, on the device of the folder it sits in. Only folders and followed links are
        // statted; a `stat` per file is most of the cost of walking a pile of small files.
        let quick = if is_dir || entry.path_is_symlink() {
            None
        } else {
            quick_file_id(&entry, &devices)
        };
        let id = match quick {
            Some(id) => id,
            None => {
                let meta = match entry.metadata() {
                    Ok(meta) => meta,
                    Err(e) => {
                        let error = e
                            .io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string());
                        let path = entry.path().display().to_string();
                        found(Event::Issue(InputIssue::new(
                            path,
                            Problem::Unreadable { error },
                        )));
                        if is_dir {
                            // Its device is unknown: files in it are statted one by one.
                            devices.truncate(entry.depth());
                        }
                        continue;
                    }
                };
                if is_dir {
                    remember_device(&mut devices, entry.depth(), &meta);
                }
                file_id(entry.path(), &meta)
            }
        };
        if is_dir {
            // A folder reached again through a link (not an ancestor, which walkdir reports as
            // a loop) holds nothing new.
            let shown = entry.path().display().to_string();
            if let Some(first) = seen.folders.get(&id) {
                walker.skip_current_dir();
                if entry.depth() == 0 {
                    // A folder named twice, or named inside another one already walked.
                    let problem = Problem::Duplicate {
                        first: first.clone(),
                    };
                    found(Event::Issue(InputIssue::new(shown, problem)));
                    files += 1;
                }
            } else {
                seen.folders.insert(id, shown);
            }
            continue;
        }
        files += 1;
        let shown = entry.path().display().to_string();
        if let Some(first) = seen.files.get(&id) {
            let problem = Problem::Duplicate {
                first: first.clone(),
            };
            found(Event::Issue(InputIssue::new(shown, problem)));
        } else {
            seen.files.insert(id, shown);
            found(Event::Source(index, Source::File(entry.into_path())));
        }
    }
    (files, excluded)
}

/// Records the device of a folder at `depth`, for the files listed in it.
fn remember_device(devices: &mut Vec<u64>, depth: usize, meta: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        devices.truncate(depth);
        devices.resize(depth + 1, 0);
        devices[depth] = meta.dev();
    }
    #[cfg(not(unix))]
    let _ = (devices, depth, meta);
}

/// The identity of a plain file (not a link) found in a folder, without a system call: its
/// directory entry's inode number on its folder's device. A plain file lives on its folder's
/// device unless a file is bind-mounted over it, where the listing shows the inode underneath;
/// such a file may then be read twice under two names, never dropped. `None` where the listing
/// does not say (other systems), and the caller stats the file.
#[allow(unused_variables)]
fn quick_file_id(entry: &walkdir::DirEntry, devices: &[u64]) -> Option<FileId> {
    #[cfg(unix)]
    {
        use walkdir::DirEntryExt;
        let dev = *devices.get(entry.depth().checked_sub(1)?)?;
        Some(FileId::Inode(dev, entry.ino()))
    }
    #[cfg(not(unix))]
    None
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Reads one input and decides whether it is text we can use.
///
/// Only `max_bytes + 1` bytes are ever read, so an endless stream (`/dev/zero`, a pipe that never
/// closes its end once it has written that much) ends in a "too large" error rather than a hang.
/// A named pipe that no process writes to is given up after [`PIPE_WAIT`].
pub fn read_source(source: &Source, options: &LoadOptions) -> Result<Document, InputIssue> {
    let path = source.display();
    let limit = options.max_bytes;
    let bytes = match source {
        Source::Stdin => read_limited(std::io::stdin().lock(), limit),
        Source::File(p) => {
            let (file, meta) = open_for_reading(p).map_err(|e| unreadable(&path, e))?;
            if meta.is_dir() {
                return Err(InputIssue::new(
                    path,
                    Problem::Unreadable {
                        error: "is a folder".into(),
                    },
                ));
            }
            if meta.is_file() && meta.len() > limit {
                return Err(InputIssue::new(
                    path,
                    Problem::TooLarge {
                        bytes: meta.len(),
                        limit,
                    },
                ));
            }
            if meta.is_file() && meta.len() > 0 {
                read_sized(file, meta.len())
            } else {
                read_limited(file, limit)
            }
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

/// How long to wait for a process to start writing to a named pipe before giving up on it.
pub const PIPE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens a file for reading without blocking forever on a named pipe that has no writer.
///
/// A plain `open` of a FIFO blocks until some process opens it for writing, which may be never.
/// So it is opened non-blocking, and a FIFO is then given [`PIPE_WAIT`] for a writer to show up
/// (poll reports nothing until one has); after that, reads block as usual, so a slow writer is
/// waited for and its output bounded by `--max-bytes`.
#[cfg(target_os = "linux")]
fn open_for_reading(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    // O_NONBLOCK does nothing for regular files and folders, so they skip the two `fcntl`s that
    // clear it: on a pile of small files every system call shows.
    if meta.is_file() || meta.is_dir() {
        return Ok((file, meta));
    }
    let fd = file.as_raw_fd();
    if meta.file_type().is_fifo() {
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let timeout = PIPE_WAIT.as_millis() as libc::c_int;
        // SAFETY: one valid pollfd for a descriptor we own.
        let ready = unsafe { libc::poll(&mut poll, 1, timeout) };
        if ready < 0 {
            return Err(std::io::Error::last_os_error());
        }
        if ready == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!(
                    "named pipe: no process wrote to it within {} s",
                    PIPE_WAIT.as_secs()
                ),
            ));
        }
    }
    // SAFETY: fcntl on a descriptor we own, with the flags it returned.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((file, meta))
}

#[cfg(not(target_os = "linux"))]
fn open_for_reading(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

/// Reads a regular file of `len` bytes (`0 < len <= --max-bytes`) into a buffer of exactly that
/// size: one `read` for a small file, and no second one to find the end, because a regular file
/// is read as it was when opened. (A file still being appended to is read up to the size it had
/// then; one that shrank meanwhile is read to its new end.)
fn read_sized(file: std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).map_err(std::io::Error::other)?);
    // `take` ends the read at `len` bytes without asking the kernel again.
    file.take(len).read_to_end(&mut bytes)?;
    Ok(bytes)
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

/// Turns the bytes of the input named `path` into a document, or says why they are not text.
/// [`read_source`] uses it after reading; it is public for callers that already hold the bytes.
pub fn decode(
    path: String,
    mut bytes: Vec<u8>,
    options: &LoadOptions,
) -> Result<Document, InputIssue> {
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || looks_like_utf16(&bytes)
    {
        return Err(InputIssue::new(path, Problem::Utf16));
    }
    if bytes.contains(&0) {
        return Err(InputIssue::new(path, Problem::Binary));
    }
    let mut bom = 0;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        bom = 3;
    }
    let (text, replaced) = match String::from_utf8(bytes) {
        Ok(text) => (text, 0),
        Err(e) if options.lossy => {
            let replaced = count_invalid_sequences(e.as_bytes());
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), replaced)
        }
        Err(e) => {
            // The offset counts bytes of the file, byte order mark included.
            let offset = (e.utf8_error().valid_up_to() + bom) as u64;
            return Err(InputIssue::new(path, Problem::InvalidUtf8 { offset }));
        }
    };
    if crate::normalize::is_blank(&text) {
        return Err(InputIssue::new(path, Problem::Empty));
    }
    if crate::page::is_page(&text) {
        return page_document(path, &text, replaced);
    }
    Ok(Document {
        path,
        text,
        replaced,
        page: None,
    })
}

/// A web page becomes the article extracted from it; a page without one is skipped with a
/// warning, never judged.
pub(crate) fn page_document(
    path: String,
    html: &str,
    replaced: usize,
) -> Result<Document, InputIssue> {
    match crate::page::extract(html) {
        Ok(article) => Ok(Document {
            path,
            text: article.text,
            replaced,
            page: Some(article.page),
        }),
        Err(no_article) => {
            use crate::page::{MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS, NoArticle};
            let problem = match no_article {
                NoArticle::NotFound => Problem::NoArticle { words: 0 },
                NoArticle::TooShort { words } => Problem::NoArticle { words },
                NoArticle::TooDeep { depth } => Problem::PageTooComplex {
                    detail: format!("elements nest {depth} levels deep (limit {MAX_PAGE_DEPTH})"),
                },
                NoArticle::TooManyElements { elements } => Problem::PageTooComplex {
                    detail: format!("{elements} elements (limit {MAX_PAGE_ELEMENTS})"),
                },
            };
            Err(InputIssue::new(path, problem))
        }
    }
}

/// UTF-16 without a byte order mark: in the first KiB, every other byte is NUL and the others are
/// not, as in ASCII text stored as UTF-16. Binary files have NULs in no such pattern.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.chunks_exact(2);
    let le = pairs.clone().all(|p| p[0] != 0 && p[1] == 0);
    let be = pairs.clone().all(|p| p[0] == 0 && p[1] != 0);
    le || be
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
///
/// A folder whose files were all skipped or failed gets an error of its own
/// ([`Problem::NothingUsable`]), so that "nothing in there was text" is never only a list of
/// warnings.
pub fn load<P: AsRef<Path> + Sync>(paths: &[P], options: &LoadOptions) -> Loaded {
    load_matching(paths, options, &Globs::default())
}

/// [`load`], reading only the files inside folders that `globs` admits (files named on the
/// command line are always read, as in ripgrep).
pub fn load_matching<P: AsRef<Path> + Sync>(
    paths: &[P],
    options: &LoadOptions,
    globs: &Globs,
) -> Loaded {
    let found = Discovered::collect(paths, globs);
    let mut issues = found.issues;
    let results: Vec<(usize, Result<Document, InputIssue>)> = found
        .sources
        .par_iter()
        .map(|(root, s)| (*root, read_source(s, options)))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut per_root: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for (root, read) in results {
        let counts = per_root.entry(root).or_default();
        counts.0 += 1;
        match read {
            Ok(doc) => {
                counts.1 += 1;
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
    for root in found.folders {
        if let Some(&(files, 0)) = per_root.get(&root) {
            let shown = paths[root].as_ref().display().to_string();
            issues.push(InputIssue::new(shown, Problem::NothingUsable { files }));
        }
    }
    Loaded { documents, issues }
}

/// Include and exclude patterns for the files found inside folders (`-g/--glob`), as in
/// ripgrep: `-g '*.txt'` reads only text files, `-g '!labels.tsv'` leaves one name out. A pattern
/// without `/` matches a file name at any depth; one with `/` matches the path inside the named
/// folder, where `*` stays within one folder and `**` crosses folders. A file must match some
/// include (when any is given) and no exclude. Files named on the command line are always read:
/// naming a file is a stronger wish than a pattern.
#[derive(Debug, Clone, Default)]
pub struct Globs {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl Globs {
    /// Compiles the patterns; `!` in front makes one an exclude. The error names the pattern.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Globs, String> {
        let mut include = globset::GlobSetBuilder::new();
        let mut exclude = globset::GlobSetBuilder::new();
        let (mut includes, mut excludes) = (0, 0);
        for pattern in patterns {
            let pattern = pattern.as_ref();
            let (set, body) = match pattern.strip_prefix('!') {
                Some(body) => {
                    excludes += 1;
                    (&mut exclude, body)
                }
                None => {
                    includes += 1;
                    (&mut include, pattern)
                }
            };
            let body = body.strip_prefix('/').unwrap_or(body);
            let anchored = if body.contains('/') {
                body.to_string()
            } else {
                format!("**/{body}")
            };
            let glob = globset::GlobBuilder::new(&anchored)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("--glob {pattern}: {}", glob_problem(&e)))?;
            set.add(glob);
        }
        let build = |set: globset::GlobSetBuilder, count: usize| -> Result<_, String> {
            if count == 0 {
                return Ok(None);
            }
            set.build().map(Some).map_err(|e| format!("--glob: {e}"))
        };
        Ok(Globs {
            include: build(include, includes)?,
            exclude: build(exclude, excludes)?,
        })
    }

    /// Whether the file at `path`, found under the named folder `root`, is to be read.
    pub fn admits(&self, root: &Path, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let inside = path.strip_prefix(root).unwrap_or(path);
        let candidate = globset::Candidate::new(inside);
        self.include
            .as_ref()
            .is_none_or(|set| set.is_match_candidate(&candidate))
            && !self
                .exclude
                .as_ref()
                .is_some_and(|set| set.is_match_candidate(&candidate))
    }
}

/// The part of a glob error worth showing: globset's message without the pattern it repeats.
fn glob_problem(e: &globset::Error) -> String {
    match e.kind() {
        globset::ErrorKind::UnclosedClass => "a [ has no closing ]".to_string(),
        globset::ErrorKind::UnopenedAlternates => "a } has no opening {".to_string(),
        globset::ErrorKind::UnclosedAlternates => "a { has no closing }".to_string(),
        kind => kind.to_string(),
    }
}

/// Parses a size such as `64M`: a whole number of bytes with an optional `K`, `M` or `G`
/// (powers of 1024, as in ripgrep's `--max-filesize`; `KB`, `KiB` and lowercase read the same).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, suffix) = t.split_at(digits);
    let shift = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{s}` is not a size; give bytes, or a number with K, M or G, such as 64M"
            ));
        }
    };
    let n: u64 = number.parse().map_err(|_| {
        format!("`{s}` is not a size; give bytes, or a number with K, M or G, such as 64M")
    })?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large a size"))
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

    #[test]
    fn offsets_count_the_byte_order_mark() {
        let err = decode_bytes(b"\xEF\xBB\xBFcaf\xE9", false).unwrap_err();
        assert_eq!(err.problem, Problem::InvalidUtf8 { offset: 6 });
    }

    #[test]
    fn tells_utf16_without_a_byte_order_mark_from_binary() {
        let utf16le: Vec<u8> = "hello world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let utf16be: Vec<u8> = "hello world"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            decode_bytes(&utf16le, false).unwrap_err().problem,
            Problem::Utf16
        );
        assert_eq!(
            decode_bytes(&utf16be, false).unwrap_err().problem,
            Problem::Utf16
        );
        assert_eq!(
            decode_bytes(b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00", false)
                .unwrap_err()
                .problem,
            Problem::Binary
        );
    }

    #[test]
    fn invisible_only_text_is_empty() {
        assert_eq!(
            decode_bytes("\u{200B}\u{FEFF}\r\n".as_bytes(), false)
                .unwrap_err()
                .problem,
            Problem::Empty
        );
    }

    #[test]
    fn names_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "Some text.").unwrap();
        let (sources, issues) = discover(&[a.clone(), a.clone(), "-".into(), "-".into()]);
        assert_eq!(sources, vec![Source::File(a), Source::Stdin]);
        assert_eq!(issues.len(), 2);
        assert!(issues.iter().all(|i| i.severity == Severity::Skipped));
        assert!(matches!(issues[0].problem, Problem::Duplicate { .. }));
    }

    #[test]
    fn streaming_discovery_meets_things_in_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        for name in ["a.txt", "b/c.txt", "b/d.txt", "e.txt"] {
            std::fs::write(root.join(name), "Some text.").unwrap();
        }
        let missing = dir.path().join("missing.txt");
        let named = [
            root.join("b/c.txt"),
            missing.clone(),
            root.clone(),
            root.join("empty"),
        ];
        let mut met = Vec::new();
        discover_each(&named, |found| {
            met.push(match found {
                Found::Source(Source::File(p)) => {
                    p.strip_prefix(&root).unwrap().display().to_string()
                }
                Found::Source(Source::Stdin) => "-".to_string(),
                Found::Issue(issue) => format!("{:?}", issue.problem),
            })
        });
        let duplicate = |of: &str| {
            format!(
                "Duplicate {{ first: {:?} }}",
                root.join(of).display().to_string()
            )
        };
        let expected = [
            "b/c.txt".to_string(),
            "NotFound".to_string(),
            "a.txt".to_string(),
            duplicate("b/c.txt"),
            "b/d.txt".to_string(),
            "e.txt".to_string(),
            duplicate("empty"),
        ];
        assert_eq!(met, expected);
        // The same things, collected.
        let (sources, issues) = discover(&named);
        assert_eq!(sources.len(), 4);
        assert_eq!(issues.len(), 3);
    }

    #[test]
    fn chunked_discovery_hands_over_everything_once_and_stops_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..7 {
            std::fs::write(dir.path().join(format!("{i}.txt")), "Some text.").unwrap();
        }
        let named = [dir.path().to_path_buf(), dir.path().join("missing.txt")];
        let mut runs = Vec::new();
        discover_in_chunks(&named, 3, |listed| {
            runs.push((listed.sources.len(), listed.issues.len()));
            true
        });
        // The missing path comes after the last file, with the short last run.
        assert_eq!(runs, [(3, 0), (3, 0), (1, 1)]);
        let mut taken = 0;
        discover_in_chunks(&named, 3, |_| {
            taken += 1;
            false
        });
        assert_eq!(taken, 1);
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_and_files_named_twice_are_read_once() {
        // Files in a folder are identified from the listing, without a stat each; a file named
        // directly is statted. Both must agree.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "Some text.").unwrap();
        std::fs::hard_link(root.join("a.txt"), root.join("sub/b.txt")).unwrap();
        std::os::unix::fs::symlink("../a.txt", root.join("sub/c.txt")).unwrap();
        let (sources, issues) = discover(&[root.join("a.txt"), root.clone()]);
        assert_eq!(sources, vec![Source::File(root.join("a.txt"))]);
        assert_eq!(issues.len(), 3, "{issues:?}");
        assert!(
            issues
                .iter()
                .all(|i| matches!(i.problem, Problem::Duplicate { .. }))
        );
    }

    #[cfg(unix)]
    #[test]
    fn reports_a_symlink_loop_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "Some text.").unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("../sub", root.join("sub/again")).unwrap();
        let (sources, issues) = discover(&[&root]);
        assert_eq!(sources, vec![Source::File(root.join("sub/a.txt"))]);
        let loops: Vec<_> = issues
            .iter()
            .filter(|i| matches!(i.problem, Problem::SymlinkLoop { .. }))
            .collect();
        assert_eq!(loops.len(), 2, "{issues:?}");
        assert_eq!(issues.len(), 2, "{issues:?}");
    }
}
