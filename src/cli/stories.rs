//! `wiredrift compare --stories`: judge stories that arrive one per JSONL line on stdin, and
//! answer each with one JSONL line on stdout.
//!
//! This is the seam for verdicts beyond one machine: a Spark job groups each cluster's member
//! texts into a line and pipes its partitions through this mode (`RDD.pipe`), so every executor
//! judges its share of the stories with the same engine as `compare`. Each story is compared on
//! its own (`single_story`), since clustering already decided who belongs together.
//!
//! In: `{"story": ANY, "members": [{"id": "…", "text": "…"}, …]}` (the field names of members
//! follow `--id-field` and `--text-field`). Out, in the same order, one line per input line:
//! `{"story": ANY, "documents": [...], "skipped": [...]}` with `documents` as in
//! `compare --format json`, or `{"story": ANY, "error": "…"}` for a line that is no story.

use super::Outcome;
use serde::Serialize;
use std::io::{BufRead, Write};
use wiredrift::compare::{self, CompareOptions, VersionReport};
use wiredrift::corpus::CorpusOptions;
use wiredrift::load::{Document, InputIssue, LoadOptions, Problem, Severity};

#[derive(Serialize)]
struct Judged<'a> {
    story: &'a serde_json::Value,
    documents: &'a [VersionReport],
    skipped: &'a [InputIssue],
}

#[derive(Serialize)]
struct Refused<'a> {
    story: &'a serde_json::Value,
    error: &'a str,
}

/// Reads stories from stdin until it ends; exits 2 when some line or member could not be used.
pub fn run(corpus: &CorpusOptions, load: &LoadOptions, quiet: bool) -> Outcome {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (n, line) in stdin.split(b'\n').enumerate() {
        let row = n as u64 + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("wiredrift: error: -: cannot read: {e}");
                return Outcome::Failed;
            }
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let written = match parse_story(row, &line, corpus, load) {
            Ok((story, documents, skipped)) => {
                for issue in &skipped {
                    failed |= issue.severity == Severity::Failed;
                    if issue.severity == Severity::Failed || !quiet {
                        let kind = if issue.severity == Severity::Failed {
                            "error"
                        } else {
                            "warning"
                        };
                        eprintln!("wiredrift: {kind}: {}", issue.message);
                    }
                }
                let options = CompareOptions {
                    single_story: true,
                    ..CompareOptions::default()
                };
                let judged = if documents.is_empty() {
                    Vec::new()
                } else {
                    compare::compare(documents, Vec::new(), &options).documents
                };
                let line = Judged {
                    story: &story,
                    documents: &judged,
                    skipped: &skipped,
                };
                serde_json::to_writer(&mut out, &line)
            }
            Err((story, error)) => {
                failed = true;
                eprintln!("wiredrift: error: {error}");
                serde_json::to_writer(
                    &mut out,
                    &Refused {
                        story: &story,
                        error: &error,
                    },
                )
            }
        };
        // Flushed per story: the reader on the other end of a pipe waits for each answer.
        let written = written
            .map_err(std::io::Error::other)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Outcome::Clean;
            }
            eprintln!("wiredrift: error: cannot write output: {e}");
            return Outcome::Failed;
        }
    }
    if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

type Story = (serde_json::Value, Vec<Document>, Vec<InputIssue>);

/// One line as a story: its key, its usable members, and an issue for each member that is not.
fn parse_story(
    row: u64,
    line: &[u8],
    corpus: &CorpusOptions,
    load: &LoadOptions,
) -> Result<Story, (serde_json::Value, String)> {
    let at = |what: String| (serde_json::Value::Null, format!("-: row {row}: {what}"));
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| {
        at(format!(
            "not valid JSON ({e}); send one story object per line"
        ))
    })?;
    let serde_json::Value::Object(mut object) = value else {
        return Err(at(
            "not a JSON object; send {\"story\": …, \"members\": […]}".into(),
        ));
    };
    let story = object.remove("story").unwrap_or(serde_json::Value::Null);
    let Some(serde_json::Value::Array(members)) = object.remove("members") else {
        let error = format!(
            "-: row {row}: no \"members\" array of {{\"{}\": …, \"{}\": …}} objects",
            corpus.id_field, corpus.text_field
        );
        return Err((story, error));
    };
    let mut documents = Vec::new();
    let mut skipped = Vec::new();
    let place = format!("- story {}", story);
    for (k, member) in members.into_iter().enumerate() {
        let bad = |error: String| {
            InputIssue::new(
                place.as_str(),
                Problem::BadRow {
                    row: k as u64 + 1,
                    error,
                },
            )
        };
        let serde_json::Value::Object(mut member) = member else {
            skipped.push(bad("member is not a JSON object".into()));
            continue;
        };
        let id = match member.remove(&corpus.id_field) {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                skipped.push(bad(format!("member has no string \"{}\"", corpus.id_field)));
                continue;
            }
        };
        let Some(serde_json::Value::String(text)) = member.remove(&corpus.text_field) else {
            skipped.push(bad(format!(
                "member {id} has no string \"{}\"",
                corpus.text_field
            )));
            continue;
        };
        if text.len() as u64 > load.max_bytes {
            skipped.push(bad(format!(
                "member {id} is too large ({} bytes, limit {}); raise --max-bytes",
                text.len(),
                load.max_bytes
            )));
            continue;
        }
        if wiredrift::normalize::is_blank(&text) {
            let problem = Problem::EmptyRow {
                row: k as u64 + 1,
                id,
            };
            skipped.push(InputIssue::new(place.as_str(), problem));
            continue;
        }
        documents.push(Document {
            path: id,
            text,
            replaced: 0,
            page: None,
        });
    }
    Ok((story, documents, skipped))
}
