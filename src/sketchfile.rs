//! Sketch files: the signatures of a pile as Parquet, for a candidate join beyond one machine.
//!
//! `wiredrift sketch` writes one row per document, and a Spark job (`jobs/spark/`) joins them:
//!
//! | column | Parquet type | what |
//! |---|---|---|
//! | `id` | `binary (STRING)` | the document's path, or the id field of its corpus row |
//! | `input` | `int64` | position of its file in the listing of the named paths |
//! | `row` | `int64` | its row in a corpus file, from 1; 0 for a plain file |
//! | `band_keys` | `list<int64>` | its LSH band keys, the key of band `i` at position `i` |
//! | `shingles` | `list<int64>` | its exact shingle set, sorted as unsigned numbers |
//!
//! `(input, row)` orders the documents exactly as `wiredrift cluster` numbers them, so pairs and
//! cluster representatives come out the same however the pile was cut into shards. Hashes are
//! unsigned 64-bit numbers stored as their `int64` bit pattern: Spark has no unsigned type, and
//! only equality matters to the join. A document without shingles has no band keys, since it
//! pairs with nothing.
//!
//! Every parameter is in the file's key-value metadata under `wiredrift.*` (see [`META_KEYS`]),
//! so a reader can refuse a file sketched under other parameters instead of silently joining
//! signatures that do not compare.

use crate::index::Banding;
use crate::sketch::Params;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The Parquet schema of a sketch file.
pub const SCHEMA: &str = "message wiredrift_sketch {
    required binary id (STRING);
    required int64 input;
    required int64 row;
    required group band_keys (LIST) { repeated group list { required int64 element; } }
    required group shingles (LIST) { repeated group list { required int64 element; } }
}";

/// Version of the layout above, in `wiredrift.format`.
pub const FORMAT_VERSION: &str = "1";

/// The metadata keys that must agree between a file and a run (or between shards).
pub const META_KEYS: [&str; 9] = [
    "wiredrift.format",
    "wiredrift.shingle",
    "wiredrift.char_ngrams",
    "wiredrift.perm",
    "wiredrift.seed",
    "wiredrift.threshold",
    "wiredrift.containment",
    "wiredrift.bands",
    "wiredrift.rows",
];

/// One document of a sketch file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SketchRow {
    pub id: String,
    pub input: u64,
    pub row: u64,
    pub band_keys: Vec<u64>,
    pub shingles: Vec<u64>,
}

/// What went wrong with a sketch file; the message names the file and says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SketchFileError(pub String);

impl fmt::Display for SketchFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SketchFileError {}

/// Which share of a listing one run sketches: documents whose unit number is `index` modulo
/// `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

impl Shard {
    /// Parses `I/N` with `0 <= I < N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard; give I/N with 0 <= I < N, such as 0/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse::<u64>().map_err(|_| bad())?,
            n.trim().parse::<u64>().map_err(|_| bad())?,
        );
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether the document at listing position `input`, row `row` belongs to this shard. Plain
    /// files go by their position; the rows of a corpus file are dealt out one by one, so a
    /// single large JSONL file is shared too.
    pub fn owns(&self, input: u64, row: u64) -> bool {
        input.wrapping_add(row) % self.count == self.index
    }

    /// The file name of this shard's part in the output folder.
    pub fn file_name(&self) -> String {
        format!("part-{:05}-of-{:05}.parquet", self.index, self.count)
    }
}

/// The metadata written for `params`, in [`META_KEYS`] order, then the shard.
pub fn metadata(params: &Params, banding: Banding) -> Vec<(String, String)> {
    let values = [
        FORMAT_VERSION.to_string(),
        params.shingle.to_string(),
        params
            .char_ngrams
            .map_or_else(|| "none".to_string(), |n| n.to_string()),
        params.perm.to_string(),
        params.seed.to_string(),
        // Rust prints the shortest text that reads back as the same f64, as Python does.
        params.threshold.to_string(),
        params.containment.to_string(),
        banding.bands.to_string(),
        banding.rows.to_string(),
    ];
    META_KEYS
        .iter()
        .zip(values)
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// Documents per row group: a few megabytes of hashes, so a reader streams the file.
const ROW_GROUP_DOCS: usize = 8192;
/// Shingle hashes per row group at most (64 MB), for piles of long documents.
const ROW_GROUP_HASHES: usize = 8 << 20;

/// Writes one sketch file, a row group at a time.
pub struct SketchWriter {
    path: PathBuf,
    writer: SerializedFileWriter<std::fs::File>,
    pending: Columns,
    rows: u64,
}

/// Column buffers of the row group being filled.
#[derive(Default)]
struct Columns {
    ids: Vec<ByteArray>,
    inputs: Vec<i64>,
    rows: Vec<i64>,
    band_keys: ListColumn,
    shingles: ListColumn,
}

/// A `list<int64>` column: values with their definition and repetition levels.
#[derive(Default)]
struct ListColumn {
    values: Vec<i64>,
    def: Vec<i16>,
    rep: Vec<i16>,
}

impl ListColumn {
    fn push(&mut self, list: &[u64]) {
        if list.is_empty() {
            // An empty list: defined up to the list itself, no element.
            self.def.push(0);
            self.rep.push(0);
            return;
        }
        self.values.extend(list.iter().map(|&v| v as i64));
        self.def.extend(std::iter::repeat_n(1, list.len()));
        self.rep.push(0);
        self.rep.extend(std::iter::repeat_n(1, list.len() - 1));
    }

    fn clear(&mut self) {
        self.values.clear();
        self.def.clear();
        self.rep.clear();
    }
}

fn parquet_error(path: &Path, what: &str, e: impl fmt::Display) -> SketchFileError {
    SketchFileError(format!("{}: cannot {what}: {e}", path.display()))
}

impl SketchWriter {
    /// Creates (or replaces) the file at `path`, with the parameters in its metadata.
    pub fn create(
        path: &Path,
        params: &Params,
        banding: Banding,
        shard: Shard,
    ) -> Result<SketchWriter, SketchFileError> {
        let schema = parquet::schema::parser::parse_message_type(SCHEMA)
            .map_err(|e| parquet_error(path, "build the schema", e))?;
        let mut meta: Vec<KeyValue> = metadata(params, banding)
            .into_iter()
            .map(|(k, v)| KeyValue::new(k, v))
            .collect();
        meta.push(KeyValue::new(
            "wiredrift.shard".to_string(),
            format!("{}/{}", shard.index, shard.count),
        ));
        meta.push(KeyValue::new(
            "wiredrift.version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ));
        // Hashes are random: dictionaries and compression cost time and save nothing. Ids
        // (paths) compress well.
        let props = WriterProperties::builder()
            .set_key_value_metadata(Some(meta))
            .set_dictionary_enabled(false)
            .set_compression(Compression::UNCOMPRESSED)
            .set_column_compression(ColumnPath::from("id"), Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_DOCS))
            .build();
        let file = std::fs::File::create(path).map_err(|e| parquet_error(path, "create it", e))?;
        let writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props))
            .map_err(|e| parquet_error(path, "start writing", e))?;
        Ok(SketchWriter {
            path: path.to_path_buf(),
            writer,
            pending: Columns::default(),
            rows: 0,
        })
    }

    /// Adds one document; rows are flushed a row group at a time.
    pub fn push(&mut self, row: &SketchRow) -> Result<(), SketchFileError> {
        let p = &mut self.pending;
        p.ids.push(ByteArray::from(row.id.as_str()));
        p.inputs.push(row.input as i64);
        p.rows.push(row.row as i64);
        p.band_keys.push(&row.band_keys);
        p.shingles.push(&row.shingles);
        self.rows += 1;
        if p.ids.len() >= ROW_GROUP_DOCS || p.shingles.values.len() >= ROW_GROUP_HASHES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SketchFileError> {
        if self.pending.ids.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e: parquet::errors::ParquetError| parquet_error(&path, "write it", e);
        let p = &self.pending;
        let mut group = self.writer.next_row_group().map_err(err)?;
        let mut column = 0;
        while let Some(mut writer) = group.next_column().map_err(err)? {
            match column {
                0 => {
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(&p.ids, None, None)
                        .map_err(err)?;
                }
                1 | 2 => {
                    let values = if column == 1 { &p.inputs } else { &p.rows };
                    writer
                        .typed::<Int64Type>()
                        .write_batch(values, None, None)
                        .map_err(err)?;
                }
                _ => {
                    let list = if column == 3 {
                        &p.band_keys
                    } else {
                        &p.shingles
                    };
                    writer
                        .typed::<Int64Type>()
                        .write_batch(&list.values, Some(&list.def), Some(&list.rep))
                        .map_err(err)?;
                }
            }
            writer.close().map_err(err)?;
            column += 1;
        }
        group.close().map_err(err)?;
        let p = &mut self.pending;
        p.ids.clear();
        p.inputs.clear();
        p.rows.clear();
        p.band_keys.clear();
        p.shingles.clear();
        Ok(())
    }

    /// Writes what is left and the footer; returns the number of documents written.
    pub fn finish(mut self) -> Result<u64, SketchFileError> {
        self.flush()?;
        let path = self.path.clone();
        self.writer
            .close()
            .map_err(|e| parquet_error(&path, "finish it", e))?;
        Ok(self.rows)
    }
}

/// A sketch file read back.
#[derive(Debug, Clone, PartialEq)]
pub struct SketchFile {
    /// The `wiredrift.*` metadata, in [`META_KEYS`] order then the rest.
    pub metadata: Vec<(String, String)>,
    pub rows: Vec<SketchRow>,
}

/// Reads a sketch file whole, refusing it when its metadata disagrees with `expected` (the
/// parameters and banding of the run that wants to use it).
pub fn read(
    path: &Path,
    expected: Option<(&Params, Banding)>,
) -> Result<SketchFile, SketchFileError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let file = std::fs::File::open(path).map_err(|e| parquet_error(path, "open it", e))?;
    let reader = SerializedFileReader::new(file)
        .map_err(|e| parquet_error(path, "read it as Parquet", e))?;
    let metadata: Vec<(String, String)> = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| {
            kv.iter()
                .filter(|kv| kv.key.starts_with("wiredrift."))
                .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    if let Some((params, banding)) = expected {
        check_metadata(path, &metadata, &self::metadata(params, banding))?;
    } else if !metadata.iter().any(|(k, _)| k == "wiredrift.format") {
        return Err(SketchFileError(format!(
            "{}: not a wiredrift sketch file (no wiredrift.format in its metadata); write it with `wiredrift sketch`",
            path.display()
        )));
    }
    let bad = |row: usize, what: &str| {
        SketchFileError(format!("{}: row {}: {what}", path.display(), row + 1))
    };
    let longs = |field: &Field, row: usize| -> Result<Vec<u64>, SketchFileError> {
        let Field::ListInternal(list) = field else {
            return Err(bad(row, "a hash column is not a list"));
        };
        list.elements()
            .iter()
            .map(|v| match v {
                Field::Long(v) => Ok(*v as u64),
                _ => Err(bad(row, "a hash is not an int64")),
            })
            .collect()
    };
    let mut rows = Vec::new();
    let iter = reader
        .get_row_iter(None)
        .map_err(|e| parquet_error(path, "read its rows", e))?;
    for (k, record) in iter.enumerate() {
        let record = record.map_err(|e| parquet_error(path, "read its rows", e))?;
        let mut out = SketchRow {
            id: String::new(),
            input: 0,
            row: 0,
            band_keys: Vec::new(),
            shingles: Vec::new(),
        };
        for (name, field) in record.get_column_iter() {
            match (name.as_str(), field) {
                ("id", Field::Str(s)) => out.id = s.clone(),
                ("input", Field::Long(v)) => out.input = *v as u64,
                ("row", Field::Long(v)) => out.row = *v as u64,
                ("band_keys", f) => out.band_keys = longs(f, k)?,
                ("shingles", f) => out.shingles = longs(f, k)?,
                (other, _) => return Err(bad(k, &format!("unexpected column {other}"))),
            }
        }
        rows.push(out);
    }
    Ok(SketchFile { metadata, rows })
}

/// Refuses a file whose parameters differ from the run's, naming the first that differs.
fn check_metadata(
    path: &Path,
    found: &[(String, String)],
    wanted: &[(String, String)],
) -> Result<(), SketchFileError> {
    for (key, value) in wanted {
        let has = found
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str());
        if has != Some(value.as_str()) {
            let name = key.trim_start_matches("wiredrift.");
            return Err(SketchFileError(format!(
                "{}: sketched with {name} {}, but this run uses {name} {value}; sketch it again with the same parameters",
                path.display(),
                has.unwrap_or("(missing)")
            )));
        }
    }
    Ok(())
}
