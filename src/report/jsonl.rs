//! The streamed report of `compare --format jsonl`: one JSON object per line.
//!
//! Every line has a `type`:
//! - `"story"`: a story of two or more documents, as soon as it is judged: its `id` (stories are
//!   numbered in the order they are written), `members` (paths, ascending input order),
//!   `similarity` (share of words every pair of members align, in `members` order), and
//!   `documents`, each with the fields of the JSON report's `documents` (verdict, score,
//!   evidence with byte offsets into that document, passage shares, signals).
//! - `"summary"`, always last: `documents` compared, `stories` written, `candidates` proposed by
//!   the candidate stage, `singletons` (paths of documents with no other version, left out with
//!   `--omit-singletons`, when `singleton_count` still counts them), and `skipped` inputs with
//!   their reasons.

use crate::compare::{JudgedStory, PileSummary, VersionReport};
use crate::load::InputIssue;
use serde::Serialize;

#[derive(Serialize)]
struct StoryLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: usize,
    members: Vec<&'a str>,
    similarity: &'a [Vec<f64>],
    documents: &'a [VersionReport],
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    documents: usize,
    stories: usize,
    candidates: usize,
    singleton_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    singletons: Option<&'a [String]>,
    skipped: &'a [InputIssue],
}

/// The line of one judged story, without its newline. Its id is the one its reports carry.
pub fn story_line(story: &JudgedStory) -> String {
    let line = StoryLine {
        kind: "story",
        id: story.reports.first().map_or(0, |r| r.story),
        members: story.reports.iter().map(|r| r.path.as_str()).collect(),
        similarity: &story.similarity,
        documents: &story.reports,
    };
    to_line(&line)
}

/// The closing line, without its newline.
pub fn summary_line(
    summary: &PileSummary,
    skipped: &[InputIssue],
    omit_singletons: bool,
) -> String {
    let line = SummaryLine {
        kind: "summary",
        documents: summary.documents,
        stories: summary.stories,
        candidates: summary.candidates,
        singleton_count: summary.singletons.len(),
        singletons: (!omit_singletons).then_some(summary.singletons.as_slice()),
        skipped,
    };
    to_line(&line)
}

fn to_line(value: &impl Serialize) -> String {
    // Plain structs of strings and numbers always serialize; the fallback keeps it honest.
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
}
