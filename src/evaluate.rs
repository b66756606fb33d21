//! Evaluation against labeled story families: how often garbled versions are caught, how often a
//! human version is wrongly called garbled, and how many lines align to their true counterpart.
//!
//! A labeled set is a folder of family folders plus a `labels.tsv` with the columns
//! `family, file, label, source`. A label of `garbled` means the version must be judged garbled;
//! `unrelated` means it must be judged unrelated; anything else (`human`, `original`, `edited`,
//! `paraphrase`) means it must not be judged garbled. `source` names the version a derived file was
//! made from, either as a file name or as `eng-spa:<source label>` as in the development set.
//!
//! Ground-truth alignments are line pairs: from an `alignments.tsv` (`family, file_a, line_a,
//! file_b, line_b`, 1-based) when the folder has one, otherwise line i of a round trip against line
//! i of its source, and line i of one translator against line i of the other.

use crate::compare::{CompareOptions, Comparison, compare};
use crate::judge::Verdict;
use crate::load::{self, LoadOptions};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
struct Label {
    family: String,
    file: String,
    label: String,
    source: String,
}

/// One version's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct VersionOutcome {
    pub family: String,
    pub file: String,
    pub label: String,
    pub verdict: Verdict,
    pub garbled_score: f64,
    pub fluency: f64,
    pub signals: crate::compare::Signals,
}

/// Alignment accuracy of one pair of files against its ground truth.
#[derive(Debug, Clone, Serialize)]
pub struct AlignmentOutcome {
    pub family: String,
    pub a: String,
    pub b: String,
    /// True line pairs scored.
    pub lines: usize,
    pub correct: usize,
    /// True line pairs not scored because a side is page debris, which is never paired.
    pub debris: usize,
}

/// Scores for a whole labeled set.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub versions: Vec<VersionOutcome>,
    pub alignments: Vec<AlignmentOutcome>,
    pub garbled_total: usize,
    pub garbled_caught: usize,
    pub human_total: usize,
    /// Human versions judged garbled or mistranslated.
    pub false_flags: usize,
    pub unrelated_total: usize,
    pub unrelated_caught: usize,
    pub lines_total: usize,
    pub lines_correct: usize,
}

impl Evaluation {
    pub fn garbled_recall(&self) -> f64 {
        ratio(self.garbled_caught, self.garbled_total)
    }

    pub fn alignment_accuracy(&self) -> f64 {
        ratio(self.lines_correct, self.lines_total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Why a labeled set could not be evaluated.
#[derive(Debug)]
pub struct EvaluateError(pub String);

impl std::fmt::Display for EvaluateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EvaluateError {}

/// Evaluates every family under `root` (which holds `labels.tsv`).
pub fn evaluate(root: &Path, options: &CompareOptions) -> Result<Evaluation, EvaluateError> {
    let labels_path = root.join("labels.tsv");
    let labels = read_labels(&labels_path)?;
    let truth_pairs = read_alignments(&root.join("alignments.tsv"))?;
    let mut families: BTreeMap<String, Vec<Label>> = BTreeMap::new();
    for l in labels {
        families.entry(l.family.clone()).or_default().push(l);
    }
    let results: Vec<(Vec<VersionOutcome>, Vec<AlignmentOutcome>)> = families
        .par_iter()
        .map(|(family, members)| {
            evaluate_family(root, family, members, truth_pairs.get(family), options)
        })
        .collect::<Result<_, _>>()?;
    let mut eval = Evaluation {
        versions: Vec::new(),
        alignments: Vec::new(),
        garbled_total: 0,
        garbled_caught: 0,
        human_total: 0,
        false_flags: 0,
        unrelated_total: 0,
        unrelated_caught: 0,
        lines_total: 0,
        lines_correct: 0,
    };
    for (versions, alignments) in results {
        for v in &versions {
            match v.label.as_str() {
                "garbled" => {
                    eval.garbled_total += 1;
                    eval.garbled_caught += usize::from(v.verdict == Verdict::Garbled);
                }
                "unrelated" => {
                    eval.unrelated_total += 1;
                    eval.unrelated_caught += usize::from(v.verdict == Verdict::Unrelated);
                }
                _ => {
                    eval.human_total += 1;
                    eval.false_flags += usize::from(matches!(
                        v.verdict,
                        Verdict::Garbled | Verdict::Mistranslated
                    ));
                }
            }
        }
        for a in &alignments {
            eval.lines_total += a.lines;
            eval.lines_correct += a.correct;
        }
        eval.versions.extend(versions);
        eval.alignments.extend(alignments);
    }
    Ok(eval)
}

fn read_labels(path: &Path) -> Result<Vec<Label>, EvaluateError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        EvaluateError(if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "{}: no such file; evaluate reads a folder holding labels.tsv (a header, then one `family<TAB>file<TAB>label<TAB>source` row per version) and one folder per family, as fixtures/drift/ does (see its README)",
                path.display()
            )
        } else {
            format!("{}: cannot read labels: {e}", path.display())
        })
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            return Err(EvaluateError(format!(
                "{}:{}: expected 4 tab-separated columns (family, file, label, source)",
                path.display(),
                n + 1
            )));
        }
        out.push(Label {
            family: cols[0].to_string(),
            file: cols[1].to_string(),
            label: cols[2].to_string(),
            source: cols[3].to_string(),
        });
    }
    Ok(out)
}

type LinePairs = Vec<(String, usize, String, usize)>;

fn read_alignments(path: &Path) -> Result<BTreeMap<String, LinePairs>, EvaluateError> {
    let mut out: BTreeMap<String, LinePairs> = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(out);
    };
    for (n, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        let parse = |s: &str| {
            s.parse::<usize>().map_err(|_| {
                EvaluateError(format!(
                    "{}:{}: bad line number {s:?}",
                    path.display(),
                    n + 1
                ))
            })
        };
        out.entry(cols[0].to_string()).or_default().push((
            cols[1].to_string(),
            parse(cols[2])?,
            cols[3].to_string(),
            parse(cols[4])?,
        ));
    }
    Ok(out)
}

fn evaluate_family(
    root: &Path,
    family: &str,
    members: &[Label],
    truth: Option<&LinePairs>,
    options: &CompareOptions,
) -> Result<(Vec<VersionOutcome>, Vec<AlignmentOutcome>), EvaluateError> {
    let paths: Vec<PathBuf> = members
        .iter()
        .map(|m| root.join(family).join(&m.file))
        .collect();
    let loaded = load::load(&paths, &LoadOptions::default());
    if let Some(issue) = loaded.issues.first() {
        return Err(EvaluateError(issue.message.clone()));
    }
    let comparison = compare(loaded.documents, Vec::new(), options);
    let versions = members
        .iter()
        .zip(&comparison.documents)
        .map(|(m, d)| VersionOutcome {
            family: family.to_string(),
            file: m.file.clone(),
            label: m.label.clone(),
            verdict: d.verdict,
            garbled_score: d.signals.garbled,
            fluency: d.fluency,
            signals: d.signals,
        })
        .collect();
    let truth = match truth {
        Some(t) => t.clone(),
        None => implied_line_pairs(members, &comparison),
    };
    let mut by_pair: BTreeMap<(String, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (a, la, b, lb) in truth {
        by_pair.entry((a, b)).or_default().push((la, lb));
    }
    let index_of = |file: &str| members.iter().position(|m| m.file == file);
    let mut alignments = Vec::new();
    for ((a, b), lines) in by_pair {
        let (Some(ia), Some(ib)) = (index_of(&a), index_of(&b)) else {
            continue;
        };
        let scored = without_debris(&comparison, ia, ib, &lines);
        // Editions judge a near-copy through another text, so its own pair may not have been
        // aligned; the alignment figure then aligns the two on their own.
        let correct = if comparison.alignment(ia, ib).is_some() {
            count_correct_lines(&comparison, ia, ib, &scored)
        } else {
            let pair = vec![
                comparison.sources[ia].clone(),
                comparison.sources[ib].clone(),
            ];
            let alone = CompareOptions {
                single_story: true,
                editions: false,
                ..*options
            };
            count_correct_lines(&compare(pair, Vec::new(), &alone), 0, 1, &scored)
        };
        alignments.push(AlignmentOutcome {
            family: family.to_string(),
            a,
            b,
            lines: scored.len(),
            correct,
            debris: lines.len() - scored.len(),
        });
    }
    Ok((versions, alignments))
}

/// Line i ↔ line i for a round trip and its source, and for two translators of one text.
fn implied_line_pairs(members: &[Label], c: &Comparison) -> LinePairs {
    let line_count = |i: usize| c.text(i).lines().count();
    let mut pairs = Vec::new();
    let mut push_lines = |a: usize, b: usize| {
        let (ta, tb) = (c.text(a), c.text(b));
        for (n, (la, lb)) in ta.lines().zip(tb.lines()).enumerate() {
            if !la.trim().is_empty() && !lb.trim().is_empty() {
                pairs.push((
                    members[a].file.clone(),
                    n + 1,
                    members[b].file.clone(),
                    n + 1,
                ));
            }
        }
    };
    for (g, m) in members.iter().enumerate() {
        let Some(source) = round_trip_source(&m.source) else {
            // A source given as a file name.
            if m.source != "-" {
                if let Some(s) = members.iter().position(|x| x.file == m.source) {
                    if line_count(s) == line_count(g) && m.label == "garbled" {
                        push_lines(s, g);
                    }
                }
            }
            continue;
        };
        // The source is the human version from that outlet with the same number of lines.
        if let Some(s) = members.iter().enumerate().position(|(i, x)| {
            x.label == "human" && x.source == source && line_count(i) == line_count(g)
        }) {
            push_lines(s, g);
        }
    }
    let translators: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.label == "human" && m.source.starts_with("translator-"))
        .map(|(i, _)| i)
        .collect();
    if let [a, b] = translators[..] {
        if line_count(a) == line_count(b) {
            push_lines(a, b);
        }
    }
    pairs
}

/// The source of a round trip labelled `PAIR:label` (`eng-spa:cnbc.com`, `en-gl:translator-B`):
/// the label, when what stands before the colon reads as a language pair.
fn round_trip_source(source: &str) -> Option<&str> {
    let (pair, label) = source.split_once(':')?;
    let (from, to) = pair.split_once('-')?;
    let language =
        |l: &str| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase());
    (language(from) && language(to) && !label.is_empty()).then_some(label)
}

/// A line of `a` is aligned correctly when the passage covering most of it is paired with a
/// passage of `b` that overlaps the true counterpart line.
fn count_correct_lines(c: &Comparison, a: usize, b: usize, lines: &[(usize, usize)]) -> usize {
    let Some(pair) = c.alignment(a, b) else {
        return 0;
    };
    let flipped = pair.a_index != c.original_of(a);
    let ranges_a = line_ranges(c.text(a));
    let ranges_b = line_ranges(c.text(b));
    let mut correct = 0;
    for &(la, lb) in lines {
        let (Some(ra), Some(rb)) = (ranges_a.get(la - 1), ranges_b.get(lb - 1)) else {
            continue;
        };
        let mut best: Option<(usize, (usize, usize))> = None;
        for p in &pair.pairs {
            let (mine, theirs) = if flipped {
                ((p.b_start, p.b_end), (p.a_start, p.a_end))
            } else {
                ((p.a_start, p.a_end), (p.b_start, p.b_end))
            };
            let (Some(ms), Some(me), Some(ts), Some(te)) = (mine.0, mine.1, theirs.0, theirs.1)
            else {
                continue;
            };
            let overlap = me.min(ra.1).saturating_sub(ms.max(ra.0));
            if overlap > 0 && best.is_none_or(|(o, _)| overlap > o) {
                best = Some((overlap, (ts, te)));
            }
        }
        if let Some((_, (ts, te))) = best {
            if te.min(rb.1) > ts.max(rb.0) {
                correct += 1;
            }
        }
    }
    correct
}

/// The true line pairs whose lines are both text: a line the segmenter marks as page debris
/// (a timestamp, a credit, a repeated headline) is by design never paired, so it is not scored.
fn without_debris(
    c: &Comparison,
    a: usize,
    b: usize,
    lines: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let debris_lines = |doc: usize| -> Vec<bool> {
        let text = c.text(doc);
        let seg = crate::segment::Segmented::new(text);
        let debris: Vec<crate::segment::Span> = seg
            .paragraphs
            .iter()
            .filter(|p| p.kind == crate::segment::ParagraphKind::Boilerplate)
            .map(|p| p.span)
            .collect();
        line_ranges(text)
            .iter()
            .map(|&(s, e)| e > s && debris.iter().any(|d| d.start <= s && e <= d.end))
            .collect()
    };
    let (da, db) = (debris_lines(a), debris_lines(b));
    let is_debris = |flags: &[bool], line: usize| {
        line.checked_sub(1)
            .and_then(|i| flags.get(i))
            .copied()
            .unwrap_or(false)
    };
    lines
        .iter()
        .copied()
        .filter(|&(la, lb)| !is_debris(&da, la) && !is_debris(&db, lb))
        .collect()
}

fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, start + line.trim_end().len()));
        start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::round_trip_source;

    #[test]
    fn a_round_trip_source_takes_any_language_pair() {
        assert_eq!(round_trip_source("eng-spa:cnbc.com"), Some("cnbc.com"));
        assert_eq!(
            round_trip_source("en-gl:translator-B"),
            Some("translator-B")
        );
        assert_eq!(round_trip_source("translator-A"), None);
        assert_eq!(round_trip_source("doc12.txt"), None);
        assert_eq!(round_trip_source("http://x"), None);
    }
}
