//! Corpus files: many documents in one file, the way data engineers keep crawls.
//!
//! Besides plain text files, `sketch`, `cluster` and `compare` read
//!
//! - **JSONL**: one JSON object per line, `{"id": …, "text": …}`; the field names can be set.
//! - **Parquet**: one row per document, with an id column and a text column (UTF-8 strings).
//!
//! Each row becomes an ordinary [`Document`] whose `path` is the row's id, so everything
//! downstream (sketching, clustering, alignment, reports) works on rows exactly as on files.
//! A row that holds no usable document gets the same kind of one-line error as a bad file,
//! naming the file and the row ([`Problem::BadRow`], [`Problem::EmptyRow`]); the other rows are
//! still read. Rows count from 1, as line numbers do; row 0 stands for a whole plain file.
//!
//! Which format a file is in comes from [`InputFormat`]: by default from its extension
//! (`.jsonl`, `.ndjson`, `.parquet`), as Spark and DuckDB do, since sniffing the content of a
//! text file cannot tell a news story from a line of JSON.

use crate::compare::Texts;
use crate::load::{self, Document, InputIssue, LoadOptions, Loaded, Problem, Source};
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::{BufRead, Read};
use std::path::Path;

/// How the inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension: `.jsonl` and `.ndjson` are JSONL, `.parquet` is Parquet, the rest text.
    #[default]
    Auto,
    /// Every input is one document.
    Text,
    /// Every input is JSONL (stdin included).
    Jsonl,
    /// Every input is Parquet.
    Parquet,
}

/// The format one input turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Text,
    Jsonl,
    Parquet,
}

/// Where the documents are inside a corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    pub format: InputFormat,
    /// The JSONL field or Parquet column holding a document's id.
    pub id_field: String,
    /// The JSONL field or Parquet column holding a document's text.
    pub text_field: String,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            format: InputFormat::Auto,
            id_field: "id".into(),
            text_field: "text".into(),
        }
    }
}

impl CorpusOptions {
    /// The format `source` is read in.
    pub fn format_of(&self, source: &Source) -> FileFormat {
        match self.format {
            InputFormat::Text => FileFormat::Text,
            InputFormat::Jsonl => FileFormat::Jsonl,
            InputFormat::Parquet => FileFormat::Parquet,
            InputFormat::Auto => match source {
                Source::Stdin => FileFormat::Text,
                Source::File(path) => {
                    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                    match ext.to_ascii_lowercase().as_str() {
                        "jsonl" | "ndjson" => FileFormat::Jsonl,
                        "parquet" => FileFormat::Parquet,
                        _ => FileFormat::Text,
                    }
                }
            },
        }
    }
}

/// One document read from an input, with its row (0 for a plain file).
#[derive(Debug, Clone)]
pub struct Row {
    pub row: u64,
    pub document: Document,
}

/// Reads every document of one input, in order, handing each (or the reason a row or the whole
/// input could not be used) to `each`. A plain file yields one document; a corpus file one per
/// usable row. `wanted` says which rows to turn into documents (a shard's share); rows it
/// declines are parsed for their line breaks only and never reported.
pub fn read_each(
    source: &Source,
    load_options: &LoadOptions,
    corpus: &CorpusOptions,
    wanted: &dyn Fn(u64) -> bool,
    each: &mut dyn FnMut(Result<Row, InputIssue>),
) {
    read_located(source, load_options, corpus, wanted, &mut |read| {
        each(read.map(|(row, _)| row))
    });
}

/// Where a row is in its input, so that it can be read again on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    /// The whole input is the document.
    Whole,
    /// A JSONL line: the offset of its first byte and its length, newline included.
    Line { offset: u64, len: u64 },
    /// A Parquet row: its row group, and its index within that group.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    Parquet { group: usize, index: usize },
}

/// [`read_each`], telling where each row is.
fn read_located(
    source: &Source,
    load_options: &LoadOptions,
    corpus: &CorpusOptions,
    wanted: &dyn Fn(u64) -> bool,
    each: &mut dyn FnMut(Result<(Row, Spot), InputIssue>),
) {
    match corpus.format_of(source) {
        FileFormat::Text => {
            if wanted(0) {
                each(
                    load::read_source(source, load_options)
                        .map(|document| (Row { row: 0, document }, Spot::Whole)),
                );
            }
        }
        FileFormat::Jsonl => read_jsonl(source, load_options, corpus, wanted, each),
        FileFormat::Parquet => read_parquet(source, load_options, corpus, wanted, each),
    }
}

/// [`load::load`] with corpus files: discovers, reads in parallel and keeps input order.
pub fn load<P: AsRef<Path> + Sync>(
    paths: &[P],
    load_options: &LoadOptions,
    corpus: &CorpusOptions,
) -> Loaded {
    load_matching(paths, load_options, corpus, &load::Globs::default())
}

/// [`load()`], reading only the files inside folders that `globs` admits.
pub fn load_matching<P: AsRef<Path> + Sync>(
    paths: &[P],
    load_options: &LoadOptions,
    corpus: &CorpusOptions,
    globs: &load::Globs,
) -> Loaded {
    if corpus.format == InputFormat::Text {
        return load::load_matching(paths, load_options, globs);
    }
    let (sources, mut issues) = load::discover_matching(paths, globs);
    // Without a corpus file this is a pile of files, and `load::load` also tells a folder whose
    // files were all unusable. Listing twice costs little next to reading.
    if sources
        .iter()
        .all(|s| corpus.format_of(s) == FileFormat::Text)
    {
        return load::load_matching(paths, load_options, globs);
    }
    let documents = gather(&sources, load_options, corpus, &mut issues, |_, row, _| {
        row.document
    });
    Loaded { documents, issues }
}

/// Reads `sources` in parallel and sorts out what they hold, in input order: what `keep` makes
/// of each usable row (given the position of its source, the row and where it is), and, added
/// to `issues`, the reason each unusable row or input was left out and a warning for each row
/// whose bytes `--lossy` replaced.
fn gather<T: Send>(
    sources: &[Source],
    load_options: &LoadOptions,
    corpus: &CorpusOptions,
    issues: &mut Vec<InputIssue>,
    keep: impl Fn(usize, Row, Spot) -> T + Sync,
) -> Vec<T> {
    let results: Vec<Vec<Result<T, InputIssue>>> = sources
        .par_iter()
        .enumerate()
        .map(|(s, source)| {
            let mut out = Vec::new();
            read_located(
                source,
                load_options,
                corpus,
                &|_| true,
                &mut |read| match read {
                    Ok((row, spot)) => {
                        let document = &row.document;
                        let replaced = (document.replaced > 0).then(|| {
                            let problem = Problem::Replaced {
                                replacements: document.replaced,
                            };
                            InputIssue::new(document.path.clone(), problem)
                        });
                        out.extend(replaced.map(Err));
                        out.push(Ok(keep(s, row, spot)));
                    }
                    Err(issue) => out.push(Err(issue)),
                },
            );
            out
        })
        .collect();
    let mut kept = Vec::new();
    for result in results.into_iter().flatten() {
        match result {
            Ok(t) => kept.push(t),
            Err(issue) => issues.push(issue),
        }
    }
    kept
}

/// The documents of a pile, kept as where each one is and read again whenever it is asked for:
/// the [`Texts`] of `compare --format jsonl` over corpus files, holding a few dozen bytes per
/// row instead of its text.
///
/// A plain file is kept as its [`Source`], a JSONL row as the byte offset and length of its
/// line, a Parquet row as its row group and its index within the group. Reading one parses it
/// again as it was parsed the first time, so it gives the same [`Document`] as [`load_matching`]
/// (and, if the file changed since, the issue a bad row would get). Standard input can be read
/// only once, so what came from it is kept.
pub struct CorpusTexts {
    sources: Vec<Source>,
    places: Vec<Place>,
    load_options: LoadOptions,
    corpus: CorpusOptions,
    /// Readers left where the last reads of Parquet rows stopped, at most one per thread.
    #[cfg(feature = "parquet")]
    cursors: std::sync::Mutex<Vec<ParquetCursor>>,
}

/// Where one document of a [`CorpusTexts`] is.
enum Place {
    /// Row `row` of `sources[source]`, at `spot`.
    At { source: usize, row: u64, spot: Spot },
    /// A document read from stdin.
    Kept(Box<Document>),
}

impl CorpusTexts {
    /// Reads `sources` once, in parallel, and keeps where each usable document is, dropping its
    /// text. The documents are in the order [`load_matching`] gives them, and the issues are the
    /// ones it reports for these sources: each input or row that holds no usable document is
    /// named once there and is not among the documents.
    pub fn index(
        sources: Vec<Source>,
        load_options: &LoadOptions,
        corpus: &CorpusOptions,
    ) -> (CorpusTexts, Vec<InputIssue>) {
        let mut issues = Vec::new();
        let places = gather(
            &sources,
            load_options,
            corpus,
            &mut issues,
            |s, row, spot| {
                if sources[s] == Source::Stdin {
                    Place::Kept(Box::new(row.document))
                } else {
                    Place::At {
                        source: s,
                        row: row.row,
                        spot,
                    }
                }
            },
        );
        let texts = CorpusTexts {
            sources,
            places,
            load_options: *load_options,
            corpus: corpus.clone(),
            #[cfg(feature = "parquet")]
            cursors: Default::default(),
        };
        (texts, issues)
    }

    /// Row `row` of `sources[source]`, which was found at `spot`, read and parsed again.
    fn read_again(&self, source: usize, row: u64, spot: Spot) -> Result<Row, InputIssue> {
        let input = &self.sources[source];
        match spot {
            Spot::Whole => {
                load::read_source(input, &self.load_options).map(|document| Row { row, document })
            }
            Spot::Line { offset, len } => {
                let path = input.display();
                let line = read_span(input, offset, len).map_err(|e| {
                    let error = e.to_string();
                    InputIssue::new(path.as_str(), Problem::Unreadable { error })
                })?;
                parse_jsonl_row(&path, row, &line, &self.load_options, &self.corpus)
            }
            Spot::Parquet { group, index } => self.read_parquet_row(source, row, group, index),
        }
    }

    #[cfg(feature = "parquet")]
    fn read_parquet_row(
        &self,
        source: usize,
        row: u64,
        group: usize,
        index: usize,
    ) -> Result<Row, InputIssue> {
        let path = self.sources[source].display();
        let record = self
            .parquet_record(source, group, index)
            .map_err(|e| bad_row(&path, row, format!("cannot be read again ({e})")))?;
        parquet_row(&path, row, &record, &self.load_options, &self.corpus)
    }

    #[cfg(not(feature = "parquet"))]
    fn read_parquet_row(
        &self,
        source: usize,
        _: u64,
        _: usize,
        _: usize,
    ) -> Result<Row, InputIssue> {
        Err(no_parquet(&self.sources[source]))
    }

    /// Row `index` of row group `group` of Parquet file `sources[source]`, read on from the
    /// cursor that stands nearest before it, or from a new one.
    #[cfg(feature = "parquet")]
    fn parquet_record(
        &self,
        source: usize,
        group: usize,
        index: usize,
    ) -> Result<parquet::record::Row, String> {
        let taken = {
            let mut cursors = self.cursors.lock().unwrap_or_else(|e| e.into_inner());
            let nearest = (cursors.iter().enumerate())
                .filter(|(_, c)| c.source == source && c.group == group && c.next <= index)
                .max_by_key(|(_, c)| c.next)
                .map(|(k, _)| k);
            nearest.map(|k| cursors.remove(k))
        };
        let mut cursor = match taken {
            Some(cursor) => cursor,
            None => {
                let Source::File(file) = &self.sources[source] else {
                    return Err("standard input cannot be read twice".into());
                };
                ParquetCursor::open(file, source, group, &self.corpus)?
            }
        };
        // A cursor that failed is left behind: where it stands is not known.
        let record = cursor.record(index)?;
        let mut cursors = self.cursors.lock().unwrap_or_else(|e| e.into_inner());
        if cursors.len() >= rayon::current_num_threads().max(1) {
            cursors.remove(0);
        }
        cursors.push(cursor);
        Ok(record)
    }
}

impl Texts for CorpusTexts {
    fn len(&self) -> usize {
        self.places.len()
    }

    fn read(&self, i: usize) -> Result<Cow<'_, Document>, InputIssue> {
        match &self.places[i] {
            Place::Kept(document) => Ok(Cow::Borrowed(document)),
            Place::At { source, row, spot } => self
                .read_again(*source, *row, *spot)
                .map(|row| Cow::Owned(row.document)),
        }
    }
}

/// The `len` bytes of a file from `offset` on.
fn read_span(source: &Source, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let Source::File(path) = source else {
        return Err(std::io::Error::other("standard input cannot be read twice"));
    };
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        let error = "the file is shorter than when it was first read";
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            error,
        ));
    }
    Ok(bytes)
}

fn bad_row(path: &str, row: u64, error: impl Into<String>) -> InputIssue {
    InputIssue::new(
        path,
        Problem::BadRow {
            row,
            error: error.into(),
        },
    )
}

/// Checks a row's text as a file's text is checked, and makes the document.
fn row_document(
    path: &str,
    row: u64,
    id: String,
    text: String,
    replaced: usize,
    options: &LoadOptions,
) -> Result<Row, InputIssue> {
    if text.len() as u64 > options.max_bytes {
        let error = format!(
            "text too large ({} bytes, limit {}); raise --max-bytes to read it",
            text.len(),
            options.max_bytes
        );
        return Err(bad_row(path, row, error));
    }
    if crate::normalize::is_blank(&text) {
        return Err(InputIssue::new(path, Problem::EmptyRow { row, id }));
    }
    // A row may hold a saved web page, as a file may: the article is what gets judged.
    if crate::page::is_page(&text) {
        let document = load::page_document(id, &text, replaced)
            .map_err(|issue| bad_row(path, row, issue.message))?;
        return Ok(Row { row, document });
    }
    Ok(Row {
        row,
        document: Document {
            path: id,
            text,
            replaced,
            page: None,
        },
    })
}

/// The slack a JSONL line gets beyond `--max-bytes` for its id, field names and escapes.
const LINE_SLACK: u64 = 1 << 20;

fn read_jsonl(
    source: &Source,
    options: &LoadOptions,
    corpus: &CorpusOptions,
    wanted: &dyn Fn(u64) -> bool,
    each: &mut dyn FnMut(Result<(Row, Spot), InputIssue>),
) {
    let path = source.display();
    let reader: Box<dyn Read> = match source {
        Source::Stdin => Box::new(std::io::stdin().lock()),
        Source::File(p) => match std::fs::File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                let error = e.to_string();
                return each(Err(InputIssue::new(path, Problem::Unreadable { error })));
            }
        },
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let limit = options.max_bytes.saturating_add(LINE_SLACK);
    let mut line = Vec::new();
    let mut row = 0u64;
    let mut offset = 0u64;
    let mut any = false;
    loop {
        line.clear();
        row += 1;
        let read = (&mut reader).take(limit).read_until(b'\n', &mut line);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let error = e.to_string();
                return each(Err(InputIssue::new(path, Problem::Unreadable { error })));
            }
        }
        let spot = Spot::Line {
            offset,
            len: line.len() as u64,
        };
        offset += line.len() as u64;
        if line.len() as u64 >= limit && line.last() != Some(&b'\n') {
            let error = format!(
                "line longer than {limit} bytes; raise --max-bytes to read it (the rest of the file is not read)"
            );
            return each(Err(bad_row(&path, row, error)));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any = true;
        if wanted(row) {
            each(parse_jsonl_row(&path, row, &line, options, corpus).map(|r| (r, spot)));
        }
    }
    if !any {
        each(Err(InputIssue::new(path, Problem::Empty)));
    }
}

fn parse_jsonl_row(
    path: &str,
    row: u64,
    line: &[u8],
    options: &LoadOptions,
    corpus: &CorpusOptions,
) -> Result<Row, InputIssue> {
    let (text, replaced) = match std::str::from_utf8(line) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), 0),
        Err(e) if !options.lossy => {
            let error = format!(
                "not valid UTF-8 (first bad byte at column {}); convert the file or pass --lossy",
                e.valid_up_to() + 1
            );
            return Err(bad_row(path, row, error));
        }
        Err(_) => (String::from_utf8_lossy(line), count_replacements(line)),
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        bad_row(
            path,
            row,
            format!("not valid JSON ({e}); fix or remove the line"),
        )
    })?;
    let serde_json::Value::Object(mut object) = value else {
        return Err(bad_row(
            path,
            row,
            "not a JSON object; each line must be one {\"id\": …, \"text\": …} object",
        ));
    };
    let id = match object.remove(&corpus.id_field) {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => {
            let error = format!(
                "field \"{}\" is {}, not a string or number",
                corpus.id_field,
                json_kind(&other)
            );
            return Err(bad_row(path, row, error));
        }
        None => {
            let error = format!(
                "no \"{}\" field; name the id field with --id-field",
                corpus.id_field
            );
            return Err(bad_row(path, row, error));
        }
    };
    let text = match object.remove(&corpus.text_field) {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => {
            let error = format!(
                "field \"{}\" is {}, not a string",
                corpus.text_field,
                json_kind(&other)
            );
            return Err(bad_row(path, row, error));
        }
        None => {
            let error = format!(
                "no \"{}\" field; name the text field with --text-field",
                corpus.text_field
            );
            return Err(bad_row(path, row, error));
        }
    };
    row_document(path, row, id, text, replaced, options)
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn count_replacements(mut bytes: &[u8]) -> usize {
    let mut count = 0;
    while let Err(e) = std::str::from_utf8(bytes) {
        count += 1;
        let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
        bytes = &bytes[skip.min(bytes.len())..];
    }
    count
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(
    source: &Source,
    _options: &LoadOptions,
    _corpus: &CorpusOptions,
    _wanted: &dyn Fn(u64) -> bool,
    each: &mut dyn FnMut(Result<(Row, Spot), InputIssue>),
) {
    each(Err(no_parquet(source)));
}

#[cfg(not(feature = "parquet"))]
fn no_parquet(source: &Source) -> InputIssue {
    let error = "this wiredrift was built without Parquet support; rebuild it with the \
        `parquet` feature, or give the corpus as JSONL"
        .to_string();
    InputIssue::new(source.display(), Problem::Unreadable { error })
}

#[cfg(feature = "parquet")]
fn read_parquet(
    source: &Source,
    options: &LoadOptions,
    corpus: &CorpusOptions,
    wanted: &dyn Fn(u64) -> bool,
    each: &mut dyn FnMut(Result<(Row, Spot), InputIssue>),
) {
    use parquet::file::reader::FileReader;
    let path = source.display();
    let unreadable = |error: String| InputIssue::new(path.as_str(), Problem::Unreadable { error });
    let Source::File(file) = source else {
        let error = "Parquet cannot be read from stdin; name the file".to_string();
        return each(Err(unreadable(error)));
    };
    let (reader, projection) = match open_parquet(file, corpus) {
        Ok(opened) => opened,
        Err(error) => return each(Err(unreadable(error))),
    };
    // The rows of each row group, to tell where a row is.
    let group_rows: Vec<i64> = (reader.metadata().row_groups().iter())
        .map(|g| g.num_rows())
        .collect();
    let rows = match reader.get_row_iter(Some(projection)) {
        Ok(rows) => rows,
        Err(e) => return each(Err(unreadable(format!("cannot read its rows ({e})")))),
    };
    let (mut group, mut index) = (0, 0);
    let mut any = false;
    for (k, record) in rows.enumerate() {
        let row = k as u64 + 1;
        any = true;
        while group_rows.get(group).is_some_and(|&n| index as i64 >= n) {
            group += 1;
            index = 0;
        }
        let spot = Spot::Parquet { group, index };
        index += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                // A broken page ends the file: what follows cannot be located.
                let error = format!("cannot read the rest of the file ({e})");
                return each(Err(bad_row(&path, row, error)));
            }
        };
        if wanted(row) {
            each(parquet_row(&path, row, &record, options, corpus).map(|r| (r, spot)));
        }
    }
    if !any {
        each(Err(InputIssue::new(path, Problem::Empty)));
    }
}

/// Opens a Parquet corpus and finds its id and text columns, or says which is missing.
#[cfg(feature = "parquet")]
fn open_parquet(
    file: &Path,
    corpus: &CorpusOptions,
) -> Result<
    (
        parquet::file::reader::SerializedFileReader<std::fs::File>,
        parquet::schema::types::Type,
    ),
    String,
> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = std::fs::File::open(file)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            SerializedFileReader::new(f)
                .map_err(|e| format!("not a Parquet file we can read ({e})"))
        })?;
    let schema = reader.metadata().file_metadata().schema();
    let column = |name: &str| {
        schema
            .get_fields()
            .iter()
            .find(|f| f.name() == name)
            .cloned()
    };
    let mut fields = Vec::new();
    for (name, flag) in [
        (&corpus.id_field, "--id-field"),
        (&corpus.text_field, "--text-field"),
    ] {
        let Some(field) = column(name) else {
            let names: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
            return Err(format!(
                "no column \"{name}\" (columns: {}); name it with {flag}",
                names.join(", ")
            ));
        };
        fields.push(field);
    }
    // A projection must carry the root's own name to be accepted.
    let projection = parquet::schema::types::Type::group_type_builder(schema.name())
        .with_fields(fields)
        .build()
        .map_err(|e| format!("cannot read its columns ({e})"))?;
    Ok((reader, projection))
}

/// One Parquet record (the id and text columns) as a document.
#[cfg(feature = "parquet")]
fn parquet_row(
    path: &str,
    row: u64,
    record: &parquet::record::Row,
    options: &LoadOptions,
    corpus: &CorpusOptions,
) -> Result<Row, InputIssue> {
    use parquet::record::Field;
    let (mut id, mut text) = (None, None);
    for (name, field) in record.get_column_iter() {
        let value = match field {
            Field::Str(s) => s.clone(),
            Field::Bytes(b) => match std::str::from_utf8(b.data()) {
                Ok(s) => s.to_string(),
                Err(_) if options.lossy => String::from_utf8_lossy(b.data()).into_owned(),
                Err(_) => {
                    let error = format!("column \"{name}\" is not valid UTF-8; pass --lossy");
                    return Err(bad_row(path, row, error));
                }
            },
            Field::Int(n) => n.to_string(),
            Field::Long(n) => n.to_string(),
            Field::UInt(n) => n.to_string(),
            Field::ULong(n) => n.to_string(),
            Field::Null => return Err(bad_row(path, row, format!("column \"{name}\" is null"))),
            other => {
                let error = format!(
                    "column \"{name}\" holds {other}, not a string; name another with --id-field or --text-field"
                );
                return Err(bad_row(path, row, error));
            }
        };
        if name == &corpus.id_field && id.is_none() {
            id = Some(value);
        } else {
            text = Some(value);
        }
    }
    match (id, text) {
        (Some(id), Some(text)) => row_document(path, row, id, text, 0, options),
        _ => Err(bad_row(path, row, "id or text missing")),
    }
}

/// Readers of one Parquet row group's id and text columns, standing before row `next` of the
/// group: reading a later row of the group from here passes the pages in between by their
/// headers and decodes only the page that holds it, and the rows after it in that page cost
/// nothing more to reach. This is what a [`CorpusTexts`] keeps between reads of a Parquet file:
/// at most a page and a dictionary of each column.
#[cfg(feature = "parquet")]
struct ParquetCursor {
    source: usize,
    group: usize,
    next: usize,
    columns: Vec<(
        String,
        parquet::schema::types::ColumnDescPtr,
        parquet::column::reader::ColumnReader,
    )>,
}

#[cfg(feature = "parquet")]
impl ParquetCursor {
    /// Readers standing before the first row of row group `group` of `file`.
    fn open(
        file: &Path,
        source: usize,
        group: usize,
        corpus: &CorpusOptions,
    ) -> Result<ParquetCursor, String> {
        use parquet::file::reader::FileReader;
        let (reader, _) = open_parquet(file, corpus)?;
        if group >= reader.num_row_groups() {
            return Err(format!("it has no row group {group}"));
        }
        let group_reader = reader.get_row_group(group).map_err(|e| e.to_string())?;
        let schema = reader.metadata().file_metadata().schema_descr();
        let mut columns = Vec::with_capacity(2);
        for name in [&corpus.id_field, &corpus.text_field] {
            // Only a top-level column of single values can hold an id or a text, so a row that
            // was usable when it was first read has no other kind.
            let column = (0..schema.num_columns())
                .find(|&c| schema.column(c).path().parts() == [name.as_str()])
                .ok_or_else(|| format!("no column \"{name}\" of single values"))?;
            let descr = schema.column(column);
            if descr.max_rep_level() > 0 {
                return Err(format!("column \"{name}\" is repeated"));
            }
            let reader = group_reader
                .get_column_reader(column)
                .map_err(|e| e.to_string())?;
            columns.push((name.clone(), descr, reader));
        }
        Ok(ParquetCursor {
            source,
            group,
            next: 0,
            columns,
        })
    }

    /// Row `index` of the group (not before `next`), its id and text columns only, as the row
    /// iterator of [`read_parquet`] gives it.
    fn record(&mut self, index: usize) -> Result<parquet::record::Row, String> {
        use parquet::column::reader::ColumnReader;
        use parquet::record::Field;
        let skip = index
            .checked_sub(self.next)
            .ok_or("the readers are past the row")?;
        let mut fields = Vec::with_capacity(self.columns.len());
        for (name, descr, reader) in &mut self.columns {
            let field = match reader {
                ColumnReader::ByteArrayColumnReader(r) => {
                    next_value(r, descr, skip, |v| Field::convert_byte_array(descr, v))
                }
                ColumnReader::FixedLenByteArrayColumnReader(r) => next_value(r, descr, skip, |v| {
                    Field::convert_byte_array(descr, v.into())
                }),
                ColumnReader::Int32ColumnReader(r) => {
                    next_value(r, descr, skip, |v| Ok(Field::convert_int32(descr, v)))
                }
                ColumnReader::Int64ColumnReader(r) => {
                    next_value(r, descr, skip, |v| Ok(Field::convert_int64(descr, v)))
                }
                _ => {
                    let kind = descr.physical_type();
                    return Err(format!("column \"{name}\" holds {kind} values"));
                }
            }
            .map_err(|e| e.to_string())?;
            fields.push((name.clone(), field));
        }
        self.next = index + 1;
        Ok(parquet::record::Row::new(fields))
    }
}

/// The value `skip` values on in a column of single values, as the row iterator gives it.
#[cfg(feature = "parquet")]
fn next_value<T: parquet::data_type::DataType>(
    reader: &mut parquet::column::reader::ColumnReaderImpl<T>,
    descr: &parquet::schema::types::ColumnDescriptor,
    skip: usize,
    convert: impl FnOnce(T::T) -> parquet::errors::Result<parquet::record::Field>,
) -> parquet::errors::Result<parquet::record::Field> {
    let too_short =
        || parquet::errors::ParquetError::EOF("the row group has fewer rows than before".into());
    if reader.skip_records(skip)? < skip {
        return Err(too_short());
    }
    let (mut levels, mut values) = (Vec::with_capacity(1), Vec::with_capacity(1));
    let (records, _, _) = reader.read_records(1, Some(&mut levels), None, &mut values)?;
    if records < 1 {
        return Err(too_short());
    }
    if descr.max_def_level() > 0 && levels.first() != Some(&descr.max_def_level()) {
        return Ok(parquet::record::Field::Null);
    }
    convert(values.pop().ok_or_else(too_short)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, corpus: &CorpusOptions) -> Vec<Result<Row, InputIssue>> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.jsonl");
        std::fs::write(&file, text).unwrap();
        let mut out = Vec::new();
        read_each(
            &Source::File(file),
            &LoadOptions::default(),
            corpus,
            &|_| true,
            &mut |r| out.push(r),
        );
        out
    }

    #[test]
    fn jsonl_rows_become_documents_and_bad_rows_are_named() {
        let text = "{\"id\": \"a\", \"text\": \"one story\"}\n\n{\"id\": 7, \"text\": \"two\"}\n\
            {\"id\": \"c\"}\nnot json\n{\"id\": \"e\", \"text\": \"  \"}\n[1]\n";
        let out = rows(text, &CorpusOptions::default());
        assert_eq!(out.len(), 6);
        let ok: Vec<(u64, &str, &str)> = out
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|r| (r.row, r.document.path.as_str(), r.document.text.as_str()))
            .collect();
        assert_eq!(ok, vec![(1, "a", "one story"), (3, "7", "two")]);
        let errors: Vec<&str> = out
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.message.as_str())
            .collect();
        assert!(
            errors[0].ends_with(
                "c.jsonl: row 4: no \"text\" field; name the text field with --text-field"
            ),
            "{}",
            errors[0]
        );
        assert!(errors[1].contains("row 5: not valid JSON"), "{}", errors[1]);
        assert!(
            errors[2].contains("row 6 (id e): skipped: empty"),
            "{}",
            errors[2]
        );
        assert!(
            errors[3].contains("row 7: not a JSON object"),
            "{}",
            errors[3]
        );
    }

    #[test]
    fn field_names_can_be_set() {
        let corpus = CorpusOptions {
            id_field: "url".into(),
            text_field: "body".into(),
            ..CorpusOptions::default()
        };
        let out = rows("{\"url\": \"u\", \"body\": \"b\", \"id\": 1}\n", &corpus);
        let row = out[0].as_ref().unwrap();
        assert_eq!(
            (row.document.path.as_str(), row.document.text.as_str()),
            ("u", "b")
        );
    }

    #[test]
    fn formats_follow_the_extension_unless_told() {
        let auto = CorpusOptions::default();
        let f = |p: &str| Source::File(p.into());
        assert_eq!(auto.format_of(&f("a/b.jsonl")), FileFormat::Jsonl);
        assert_eq!(auto.format_of(&f("a/b.NDJSON")), FileFormat::Jsonl);
        assert_eq!(auto.format_of(&f("a/b.parquet")), FileFormat::Parquet);
        assert_eq!(auto.format_of(&f("a/b.txt")), FileFormat::Text);
        assert_eq!(auto.format_of(&Source::Stdin), FileFormat::Text);
        let jsonl = CorpusOptions {
            format: InputFormat::Jsonl,
            ..auto
        };
        assert_eq!(jsonl.format_of(&Source::Stdin), FileFormat::Jsonl);
        assert_eq!(jsonl.format_of(&f("a/b.txt")), FileFormat::Jsonl);
    }
}
