//! Sketch files and corpus formats: what `wiredrift sketch` writes reads back the same, is
//! refused under other parameters, does not depend on the sharding, and JSONL and Parquet
//! corpora give the same documents as plain files, with bad rows named and never dropped, also
//! when `compare --format jsonl` reads their rows again one at a time.
#![cfg(feature = "parquet")]

use parquet::data_type::{ByteArray, ByteArrayType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use wiredrift::index::{self, Banding};
use wiredrift::shingle::Scratch;
use wiredrift::sketch::{Params, Sketcher};
use wiredrift::sketchfile::{self, Shard, SketchRow, SketchWriter};

fn wiredrift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(args)
        .output()
        .expect("run wiredrift")
}

fn story(i: usize, variant: usize) -> String {
    let mut words: Vec<String> = (0..120).map(|w| format!("word{}x{}", i, w % 97)).collect();
    // Variants change a few words, so versions of one story pair and others do not.
    for k in 0..variant {
        words[10 + k * 7] = format!("edit{k}");
    }
    words.join(" ") + "."
}

/// A pile of plain files: 12 stories, some with a version or two.
fn pile(dir: &Path) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    for i in 0..12 {
        for v in 0..(1 + i % 3) {
            let path = dir.join(format!("s{i:02}v{v}.txt"));
            let text = story(i, v);
            std::fs::write(&path, &text).unwrap();
            docs.push((path.display().to_string(), text));
        }
    }
    docs
}

#[test]
fn a_sketch_file_round_trips_and_holds_the_engine_sketches() {
    let dir = tempfile::tempdir().unwrap();
    let params = Params::default();
    let banding = index::banding(&params);
    let sketcher = Sketcher::new(&params);
    let mut scratch = Scratch::default();
    let texts = [story(1, 0), story(1, 2), "!!!".to_string(), story(2, 0)];
    let rows: Vec<SketchRow> = texts
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let s = sketcher.sketch(t, &mut scratch);
            SketchRow {
                id: format!("doc {k} ünïcode"),
                input: k as u64,
                row: 3 * k as u64,
                band_keys: if s.shingles.is_empty() {
                    Vec::new()
                } else {
                    index::band_keys(&s.signature, banding).collect()
                },
                shingles: s.shingles,
            }
        })
        .collect();
    assert!(rows[2].shingles.is_empty() && rows[2].band_keys.is_empty());
    assert_eq!(rows[0].band_keys.len(), banding.bands);
    // Hashes with the top bit set survive the trip through int64.
    assert!(rows[0].shingles.iter().any(|&h| h >= 1 << 63));
    let path = dir.path().join("s.parquet");
    let mut writer = SketchWriter::create(&path, &params, banding, Shard::default()).unwrap();
    for row in &rows {
        writer.push(row).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), 4);
    let read = sketchfile::read(&path, Some((&params, banding))).unwrap();
    assert_eq!(read.rows, rows);
    let meta: std::collections::HashMap<_, _> = read.metadata.into_iter().collect();
    assert_eq!(meta["wiredrift.threshold"], "0.8");
    assert_eq!(meta["wiredrift.bands"], "21");
    assert_eq!(meta["wiredrift.char_ngrams"], "none");
    assert_eq!(meta["wiredrift.shard"], "0/1");
}

#[test]
fn a_sketch_file_is_refused_under_other_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let params = Params::default();
    let banding = index::banding(&params);
    let path = dir.path().join("s.parquet");
    let writer = SketchWriter::create(&path, &params, banding, Shard::default()).unwrap();
    writer.finish().unwrap();
    assert!(sketchfile::read(&path, Some((&params, banding))).is_ok());
    for (other, word) in [
        (
            Params { perm: 64, ..params },
            "perm 128, but this run uses perm 64",
        ),
        (Params { seed: 3, ..params }, "seed"),
        (
            Params {
                shingle: 4,
                ..params
            },
            "shingle",
        ),
        (
            Params {
                char_ngrams: Some(5),
                ..params
            },
            "char_ngrams none",
        ),
        (
            Params {
                threshold: 0.7,
                ..params
            },
            "threshold 0.8",
        ),
        (
            Params {
                containment: true,
                ..params
            },
            "containment",
        ),
    ] {
        let err = sketchfile::read(&path, Some((&other, banding))).unwrap_err();
        assert!(err.0.contains(word), "{err}");
        assert!(err.0.starts_with(&path.display().to_string()), "{err}");
    }
    let other_banding = Banding { bands: 9, rows: 13 };
    let err = sketchfile::read(&path, Some((&params, other_banding))).unwrap_err();
    assert!(err.0.contains("bands 21"), "{err}");
    // A Parquet file that is no sketch file is refused too.
    let corpus = dir.path().join("c.parquet");
    write_corpus(&corpus, &[("a", Some("text"))]);
    let err = sketchfile::read(&corpus, None).unwrap_err();
    assert!(err.0.contains("not a wiredrift sketch file"), "{err}");
}

fn sketch_rows(dir: &Path) -> Vec<SketchRow> {
    let mut rows = Vec::new();
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    for part in parts {
        assert!(part.extension().is_some_and(|e| e == "parquet"), "{part:?}");
        rows.extend(sketchfile::read(&part, None).unwrap().rows);
    }
    rows.sort_by_key(|r| (r.input, r.row));
    rows
}

#[test]
fn shards_together_hold_what_one_run_holds() {
    let dir = tempfile::tempdir().unwrap();
    let docs = pile(&dir.path().join("pile").tap_mkdir());
    let pile = dir.path().join("pile");
    let pile = pile.to_str().unwrap();
    let whole = dir.path().join("whole");
    let out = wiredrift(&["sketch", pile, "--out", whole.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = sketch_rows(&whole);
    assert_eq!(expected.len(), docs.len());
    let ids: Vec<&str> = expected.iter().map(|r| r.id.as_str()).collect();
    let paths: Vec<&str> = docs.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(ids, paths, "rows follow the listing");
    for n in [2, 3, 7] {
        let sharded = dir.path().join(format!("by{n}"));
        for i in 0..n {
            let shard = format!("{i}/{n}");
            let out = wiredrift(&[
                "sketch",
                pile,
                "--out",
                sharded.to_str().unwrap(),
                "--shard",
                &shard,
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(sketch_rows(&sharded), expected, "{n} shards");
    }
    let bad = wiredrift(&["sketch", pile, "--out", "x", "--shard", "3/3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a shard"));
}

trait TapMkdir {
    fn tap_mkdir(self) -> Self;
}

impl TapMkdir for PathBuf {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

/// A Parquet corpus of (id, text) rows; `None` writes a null text.
fn write_corpus(path: &Path, rows: &[(&str, Option<&str>)]) {
    let props = WriterProperties::builder().build();
    write_corpus_in_groups(path, rows, rows.len().max(1), props);
}

/// [`write_corpus`] with `per_group` rows to a row group, written with `props`.
fn write_corpus_in_groups(
    path: &Path,
    rows: &[(&str, Option<&str>)],
    per_group: usize,
    props: WriterProperties,
) {
    let schema = parquet::schema::parser::parse_message_type(
        "message corpus { required binary id (STRING); optional binary text (STRING); }",
    )
    .unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).unwrap();
    for rows in rows.chunks(per_group) {
        let mut group = writer.next_row_group().unwrap();
        let ids: Vec<ByteArray> = rows.iter().map(|(id, _)| ByteArray::from(*id)).collect();
        let texts: Vec<ByteArray> = rows
            .iter()
            .filter_map(|(_, t)| t.map(ByteArray::from))
            .collect();
        let defined: Vec<i16> = rows.iter().map(|(_, t)| t.is_some() as i16).collect();
        let mut column = group.next_column().unwrap().unwrap();
        column
            .typed::<ByteArrayType>()
            .write_batch(&ids, None, None)
            .unwrap();
        column.close().unwrap();
        let mut column = group.next_column().unwrap().unwrap();
        column
            .typed::<ByteArrayType>()
            .write_batch(&texts, Some(&defined), None)
            .unwrap();
        column.close().unwrap();
        group.close().unwrap();
    }
    writer.close().unwrap();
}

#[test]
fn jsonl_and_parquet_corpora_cluster_like_files_and_name_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let docs = pile(&dir.path().join("pile").tap_mkdir());
    let pile = dir.path().join("pile").display().to_string();
    // The same documents as rows, with bad rows between them.
    let mut jsonl = String::new();
    let mut rows: Vec<(&str, Option<&str>)> = Vec::new();
    for (k, (path, text)) in docs.iter().enumerate() {
        jsonl += &serde_json::json!({"url": path, "body": text}).to_string();
        jsonl.push('\n');
        rows.push((path, Some(text)));
        if k == 3 {
            jsonl += "{\"url\": \"broken\"\n";
            rows.push(("null-text", None));
        }
    }
    let jsonl_path = dir.path().join("c.jsonl");
    std::fs::write(&jsonl_path, jsonl).unwrap();
    let parquet_path = dir.path().join("c.parquet");
    write_corpus(&parquet_path, &rows);

    let files = wiredrift(&["cluster", &pile, "--pairs"]);
    assert!(files.status.success());
    assert!(!files.stdout.is_empty());
    let fields = ["--id-field", "url", "--text-field", "body"];
    let from_jsonl = wiredrift(
        &[
            &["cluster", jsonl_path.to_str().unwrap(), "--pairs"][..],
            &fields,
        ]
        .concat(),
    );
    assert_eq!(from_jsonl.status.code(), Some(2), "a bad row fails the run");
    assert_eq!(
        from_jsonl.stdout, files.stdout,
        "the good rows still cluster"
    );
    let err = String::from_utf8_lossy(&from_jsonl.stderr);
    assert!(err.contains("c.jsonl: row 5: not valid JSON"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let from_parquet = wiredrift(&["cluster", parquet_path.to_str().unwrap(), "--pairs"]);
    assert_eq!(from_parquet.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&from_parquet.stdout),
        String::from_utf8_lossy(&files.stdout),
        "{}",
        String::from_utf8_lossy(&from_parquet.stderr)
    );
    let err = String::from_utf8_lossy(&from_parquet.stderr);
    assert!(
        err.contains("c.parquet: row 5: column \"text\" is null"),
        "{err}"
    );

    let no_column = wiredrift(&[
        "cluster",
        parquet_path.to_str().unwrap(),
        "--text-field",
        "body",
    ]);
    assert_eq!(no_column.status.code(), Some(2));
    let err = String::from_utf8_lossy(&no_column.stderr);
    assert!(
        err.contains("no column \"body\" (columns: id, text); name it with --text-field"),
        "{err}"
    );

    // compare reads rows as documents too: row ids are the paths in its report.
    let compared = wiredrift(&[
        "compare",
        parquet_path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&compared.stdout).unwrap();
    assert_eq!(report["documents"].as_array().unwrap().len(), docs.len());
    assert_eq!(report["documents"][0]["path"], docs[0].0.as_str());
}

#[test]
fn corpus_texts_read_every_row_again_as_loading_does() {
    use wiredrift::compare::Texts;
    use wiredrift::corpus::{self, CorpusOptions, CorpusTexts};
    use wiredrift::load::{self, LoadOptions};
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string("fixtures/pages/seed-001.html").unwrap();
    let texts: Vec<String> = (0..14).map(|i| story(i / 2, i % 2)).collect();
    // A plain file, a JSONL file and a Parquet file, each with rows that hold no document.
    let plain = dir.path().join("a.txt");
    std::fs::write(&plain, &texts[0]).unwrap();
    let mut jsonl = Vec::new();
    for (k, text) in texts.iter().enumerate() {
        jsonl.extend(
            serde_json::json!({"id": format!("j{k}"), "text": text})
                .to_string()
                .bytes(),
        );
        jsonl.extend(match k {
            2 => &b"\r\n\n   \n"[..],
            4 => b"\n{\"id\": \"broken\"\n",
            6 => b"\n{\"id\": \"blank\", \"text\": \" \\n \"}\n",
            // An invalid byte in a text, which --lossy replaces.
            8 => b"\n{\"id\": \"lossy\", \"text\": \"caf\xe9 story\"}\n",
            10 => b"\n{\"id\": 17, \"text\": 5}\n",
            _ => b"\n",
        });
    }
    jsonl.extend(
        serde_json::json!({"id": "page", "text": page})
            .to_string()
            .bytes(),
    );
    let jsonl_path = dir.path().join("c.jsonl");
    std::fs::write(&jsonl_path, &jsonl).unwrap();
    let ids: Vec<String> = (0..texts.len()).map(|k| format!("p{k}")).collect();
    let mut rows: Vec<(&str, Option<&str>)> = Vec::new();
    for (k, text) in texts.iter().enumerate() {
        rows.push((&ids[k], Some(text)));
        match k {
            3 => rows.push(("null", None)),
            7 => rows.push(("blank", Some("  \n"))),
            9 => rows.push(("page", Some(&page))),
            _ => {}
        }
    }
    // Small row groups and pages, and a dictionary that fills up, so that rows are found in
    // several row groups, past pages, in dictionary and in plain pages.
    let props = WriterProperties::builder()
        .set_write_batch_size(2)
        .set_data_page_size_limit(256)
        .set_dictionary_page_size_limit(2048)
        .build();
    let parquet_path = dir.path().join("c.parquet");
    write_corpus_in_groups(&parquet_path, &rows, 7, props);
    {
        use parquet::file::reader::FileReader;
        use parquet::file::serialized_reader::{ReadOptionsBuilder, SerializedFileReader};
        let options = ReadOptionsBuilder::new().with_page_index().build();
        let file = std::fs::File::open(&parquet_path).unwrap();
        let reader = SerializedFileReader::new_with_options(file, options).unwrap();
        assert_eq!(reader.num_row_groups(), 3);
        let pages = reader.metadata().offset_index().unwrap()[0][1]
            .page_locations()
            .len();
        assert!(
            pages >= 3,
            "the text column of the first row group has {pages} page(s)"
        );
    }

    let paths = [&plain, &jsonl_path, &parquet_path];
    let options = LoadOptions {
        lossy: true,
        ..LoadOptions::default()
    };
    let corpus = CorpusOptions::default();
    let loaded = corpus::load_matching(&paths, &options, &corpus, &load::Globs::default());
    let (sources, listed) = load::discover(&paths);
    assert!(listed.is_empty());
    let (index, issues) = CorpusTexts::index(sources, &options, &corpus);
    let messages = |issues: &[load::InputIssue]| -> Vec<String> {
        issues.iter().map(|i| i.message.clone()).collect()
    };
    assert_eq!(messages(&issues), messages(&loaded.issues));
    for expected in [
        "c.jsonl: row 8: not valid JSON",
        "c.jsonl: row 11 (id blank): skipped: empty",
        "lossy: replaced 1 invalid UTF-8 sequence(s)",
        "c.jsonl: row 17: field \"text\" is a number, not a string",
        "c.parquet: row 5: column \"text\" is null",
        "c.parquet: row 10 (id blank): skipped: empty",
    ] {
        let named = issues
            .iter()
            .filter(|i| i.message.contains(expected))
            .count();
        assert_eq!(named, 1, "{expected:?} in {:#?}", messages(&issues));
    }
    assert_eq!(issues.len(), 6, "{:#?}", messages(&issues));
    // 1 file, 14 + 2 JSONL rows (the lossy one and the page), 14 + 1 Parquet rows.
    let n = loaded.documents.len();
    assert_eq!(n, 32);
    assert_eq!(index.len(), n);
    assert!(loaded.documents.iter().any(|d| d.page.is_some()));
    assert!(loaded.documents.iter().any(|d| d.replaced == 1));
    // In order, backwards, and hopping about, as the judge reads them.
    let hops = (0..n).map(|k| k * 7 % n);
    for i in (0..n).chain((0..n).rev()).chain(hops) {
        let read = index.read(i).unwrap();
        assert_eq!(
            format!("{:?}", *read),
            format!("{:?}", loaded.documents[i]),
            "document {i}"
        );
    }
}

/// The lines of a `compare --format jsonl` run.
fn jsonl_lines(out: &Output) -> Vec<serde_json::Value> {
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn compare_streams_corpus_rows_as_it_streams_files_and_names_bad_rows_once() {
    let dir = tempfile::tempdir().unwrap();
    let pile = dir.path().join("pile").tap_mkdir();
    // Story families with versions of known kinds, under neutral names.
    let mut docs: Vec<(String, String)> = Vec::new();
    for family in ["council-transit", "election-recount", "heater-recall"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new("fixtures/drift").join(family))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let path = pile.join(format!("v{:02}.txt", docs.len()));
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&path, &text).unwrap();
            docs.push((path.display().to_string(), text));
        }
    }
    // The same texts as rows whose ids are the file names, with two bad rows among them.
    let mut jsonl = String::new();
    let mut rows: Vec<(&str, Option<&str>)> = Vec::new();
    for (k, (path, text)) in docs.iter().enumerate() {
        jsonl += &serde_json::json!({"id": path, "text": text}).to_string();
        jsonl.push('\n');
        rows.push((path, Some(text)));
        if k == 2 {
            jsonl += "{\"id\": \"broken\", \"text\": \"no end\n";
            rows.push(("null-text", None));
        }
        if k == 5 {
            jsonl += "{\"id\": \"blank\", \"text\": \"  \"}\n";
            rows.push(("blank", Some("  ")));
        }
    }
    let jsonl_path = dir.path().join("c.jsonl");
    std::fs::write(&jsonl_path, jsonl).unwrap();
    let parquet_path = dir.path().join("c.parquet");
    let props = WriterProperties::builder()
        .set_data_page_size_limit(4096)
        .build();
    write_corpus_in_groups(&parquet_path, &rows, 8, props);

    let run = |input: &Path| wiredrift(&["compare", input.to_str().unwrap(), "--format", "jsonl"]);
    let files = run(&pile);
    assert_eq!(
        files.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&files.stderr)
    );
    let expected = jsonl_lines(&files);
    let (summary, stories) = expected.split_last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["documents"], docs.len());
    assert!(stories.len() >= 3, "{stories:?}");
    let verdicts: Vec<&str> = stories
        .iter()
        .flat_map(|s| s["documents"].as_array().unwrap())
        .map(|d| d["verdict"].as_str().unwrap())
        .collect();
    assert!(verdicts.contains(&"garbled"), "{verdicts:?}");

    for (input, bad) in [
        (
            &jsonl_path,
            [
                "c.jsonl: row 4: not valid JSON",
                "c.jsonl: row 8 (id blank): skipped: empty",
            ],
        ),
        (
            &parquet_path,
            [
                "c.parquet: row 4: column \"text\" is null",
                "c.parquet: row 8 (id blank): skipped: empty",
            ],
        ),
    ] {
        let out = run(input);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "a bad row fails the run: {err}");
        let lines = jsonl_lines(&out);
        let (got_summary, got_stories) = lines.split_last().unwrap();
        assert_eq!(
            got_stories, stories,
            "{input:?}: the same stories and verdicts"
        );
        for field in ["documents", "stories", "candidates", "singletons"] {
            assert_eq!(got_summary[field], summary[field], "{input:?}: {field}");
        }
        for row in bad {
            assert_eq!(err.matches(row).count(), 1, "{row:?} once in {err}");
        }
        assert_eq!(err.lines().count(), 2, "{err}");
        let skipped = got_summary["skipped"].as_array().unwrap();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
    }
}

#[test]
fn stories_on_stdin_get_one_verdict_line_each() {
    use std::io::Write;
    let a = "The city council voted on Tuesday to approve a new budget for the coming year, after months of debate over funding for schools, roads and the library. The mayor said the plan would protect services.";
    let b = "The city council voted on Tuesday to approve a new budget for the coming year, after months of debate over funding for schools, roads and the public library. The mayor said it protects services.";
    let input = [
        serde_json::json!({"story": 0, "members": [{"id": "a", "text": a}, {"id": "b", "text": b}]}).to_string(),
        "not json".to_string(),
        serde_json::json!({"story": "x", "members": [{"id": "c", "text": a}, {"id": "d", "text": " "}]}).to_string(),
    ]
    .join("\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(["compare", "--stories"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "the bad line fails the run");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one line per story, bad ones included");
    assert_eq!(lines[0]["story"], 0);
    let docs = lines[0]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["path"], "a");
    assert!(docs.iter().all(|d| d["verdict"].is_string()));
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("row 2: not valid JSON")
    );
    assert_eq!(lines[2]["story"], "x");
    assert_eq!(lines[2]["documents"].as_array().unwrap().len(), 1);
    assert!(
        lines[2]["skipped"][0]["message"]
            .as_str()
            .unwrap()
            .contains("(id d): skipped: empty")
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-: row 2: not valid JSON"), "{err}");
}
