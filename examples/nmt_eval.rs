//! Scores meaning drift and mistranslation on families of real neural MT with MQM labels (the
//! format of `../shared/nmt-dev`: `labels.tsv`, `segments.tsv`, one folder per family, one
//! segment per line).
//!
//! ```text
//! cargo run --release --example nmt_eval -- ../shared/nmt-dev [--dump pairs.tsv] [--verbose]
//! ```
//!
//! It reports
//! - human references called garbled or mistranslated (chinanews.com references counted apart:
//!   the set's README warns they read like spun text);
//! - in how many families the worst of the three systems has the highest
//!   `signals.mistranslation` (and the same for other per-version signals, to see what each adds);
//! - line-level ROC AUC, for MT lines with a major accuracy error against error-free lines, of
//!   `drift` (the highest over the passage pairs covering a line), and of the drift attributed to
//!   the line's own version (the mean over the other versions of the highest drift against each).
//!
//! `--dump` writes every aligned passage pair with its drift features and the labels of the lines
//! it covers, for `tools/fit_drift.py` to fit the drift model with families left out. Nothing of
//! the set is built into the project; it is read at run time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use wiredrift::align::Profile;
use wiredrift::compare::{CompareOptions, Comparison, compare};
use wiredrift::judge::{PassageClass, Verdict, positional_capitals};
use wiredrift::load::Document;
use wiredrift::meaning::{self, Facts};
use wiredrift::segment::Segmented;

/// What raters said about one MT line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LineLabel {
    /// At least one rater marked a major accuracy error.
    MajorAccuracy(u8),
    /// No rater marked any error.
    Clean,
    /// Minor errors only, or a major non-accuracy error: left out of the AUC.
    Other,
}

struct Member {
    file: String,
    kind: String,
    tier: String,
    wmt_doc: String,
}

fn read_tsv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Byte range of each line (1-based line n is `lines[n - 1]`).
fn line_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push(start..start + line.trim_end().len());
        start += line.len();
    }
    out
}

fn covered(
    lines: &[std::ops::Range<usize>],
    start: Option<usize>,
    end: Option<usize>,
) -> Vec<usize> {
    let (Some(s), Some(e)) = (start, end) else {
        return Vec::new();
    };
    lines
        .iter()
        .enumerate()
        .filter(|(_, r)| r.start < e && s < r.end && !r.is_empty())
        .map(|(i, _)| i + 1)
        .collect()
}

/// Probability that a random positive scores above a random negative (ties count half).
fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut wins = 0.0;
    for p in pos {
        for n in neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (pos.len() * neg.len()) as f64
}

/// Per-version signals compared across the three systems of a family.
const SIGNALS: &[&str] = &[
    "mistranslation",
    "garbled",
    "-fluency",
    "-passage_fluency_gap",
    "1-coverage",
    "type_token",
    "one_to_one",
    "misstatements",
];

fn version_signals(c: &Comparison, i: usize, seg: &Segmented) -> Vec<f64> {
    let d = &c.documents[i];
    // Lexical diversity over the first 300 words: literal MT repeats the source's words.
    let keys: Vec<&str> = seg.words.iter().take(300).map(|w| w.key.as_str()).collect();
    let distinct: std::collections::BTreeSet<&str> = keys.iter().copied().collect();
    let ttr = distinct.len() as f64 / keys.len().max(1) as f64;
    // One-to-one structure: share of this version's matched links that pair one unit with one.
    let (mut one, mut all) = (0usize, 0usize);
    for al in c
        .alignments
        .iter()
        .filter(|a| a.a_index == i || a.b_index == i)
    {
        for p in al.pairs.iter().filter(|p| p.class != PassageClass::Unique) {
            all += 1;
            one += usize::from(p.a_units.len() == 1 && p.b_units.len() == 1);
        }
    }
    let misstatements = d
        .evidence
        .iter()
        .filter(|e| e.kind == wiredrift::judge::EvidenceKind::ContradictedFact)
        .count();
    vec![
        d.signals.mistranslation,
        d.signals.garbled,
        -d.fluency,
        -d.signals.passage_fluency_gap,
        1.0 - d.signals.coverage,
        ttr,
        one as f64 / all.max(1) as f64,
        misstatements as f64,
    ]
}

struct Totals {
    human_flagged: usize,
    human_flagged_chinanews: usize,
    humans: usize,
    humans_chinanews: usize,
    mt_garbled: usize,
    mt_mistranslated: usize,
    mts: usize,
    worst_highest: Vec<f64>,
    families: usize,
    pos_max: Vec<f64>,
    neg_max: Vec<f64>,
    pos_own: Vec<f64>,
    neg_own: Vec<f64>,
    pos2_max: Vec<f64>,
    pos2_own: Vec<f64>,
    /// Disfluency (minus the English model's sentence score) of the same lines.
    pos_disfluency: Vec<f64>,
    neg_disfluency: Vec<f64>,
    /// Per-version signals of human references and of MT outputs (other outlets only).
    human_signals: Vec<Vec<f64>>,
    mt_signals: Vec<Vec<f64>>,
    report: String,
    dump: String,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let mut verbose = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dump" => dump = args.next().map(PathBuf::from),
            "--verbose" => verbose = true,
            _ => root = Some(PathBuf::from(a)),
        }
    }
    let Some(root) = root else {
        eprintln!("usage: nmt_eval DIR [--dump FILE] [--verbose]");
        std::process::exit(2);
    };
    let labels = read_tsv(&root.join("labels.tsv"));
    let segments = read_tsv(&root.join("segments.tsv"));
    let mut line_label: BTreeMap<(String, String, usize), LineLabel> = BTreeMap::new();
    for s in &segments {
        let major: u8 = s["raters_major_accuracy"].parse().unwrap_or(0);
        let any: u8 = s["raters_any_error"].parse().unwrap_or(1);
        let label = if major > 0 {
            LineLabel::MajorAccuracy(major)
        } else if any == 0 {
            LineLabel::Clean
        } else {
            LineLabel::Other
        };
        let line: usize = s["line"].parse().unwrap_or(0);
        line_label.insert((s["family"].clone(), s["file"].clone(), line), label);
    }
    let mut families: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for l in &labels {
        families
            .entry(l["family"].clone())
            .or_default()
            .push(Member {
                file: l["file"].clone(),
                kind: l["kind"].clone(),
                tier: l["tier"].clone(),
                wmt_doc: l["wmt_doc"].clone(),
            });
    }
    let mut t = Totals {
        human_flagged: 0,
        human_flagged_chinanews: 0,
        humans: 0,
        humans_chinanews: 0,
        mt_garbled: 0,
        mt_mistranslated: 0,
        mts: 0,
        worst_highest: vec![0.0; SIGNALS.len()],
        families: 0,
        pos_max: Vec::new(),
        neg_max: Vec::new(),
        pos_own: Vec::new(),
        neg_own: Vec::new(),
        pos2_max: Vec::new(),
        pos2_own: Vec::new(),
        pos_disfluency: Vec::new(),
        neg_disfluency: Vec::new(),
        human_signals: Vec::new(),
        mt_signals: Vec::new(),
        report: String::new(),
        dump: String::new(),
    };
    let _ = writeln!(
        t.dump,
        "family\tdoc_a\tlines_a\tdoc_b\tlines_b\tclass\tdrift\tsubstitutions\tunmatched\tnegation\tinversion\tlength\tdissimilarity\trewording"
    );
    for (family, members) in &families {
        score_family(&root, family, members, &line_label, &mut t, verbose);
    }
    let chinanews_note = format!(
        "human references called garbled or mistranslated: {} / {} other outlets, {} / {} chinanews.com",
        t.human_flagged, t.humans, t.human_flagged_chinanews, t.humans_chinanews
    );
    print!("{}", t.report);
    println!("{chinanews_note}");
    println!(
        "MT outputs called garbled: {} / {}, mistranslated: {} / {}",
        t.mt_garbled, t.mts, t.mt_mistranslated, t.mts
    );
    for (name, n) in SIGNALS.iter().zip(&t.worst_highest) {
        println!(
            "worst of three systems has the highest {name}: {n:.1} / {} (ties share)",
            t.families
        );
    }
    println!(
        "line AUC, major accuracy error (>=1 rater: {} lines) vs error-free ({} lines): drift max over pairs {:.3}, drift attributed to the line's version {:.3}",
        t.pos_max.len(),
        t.neg_max.len(),
        auc(&t.pos_max, &t.neg_max),
        auc(&t.pos_own, &t.neg_own)
    );
    println!(
        "line AUC, major accuracy error (>=2 raters: {} lines) vs error-free: drift max {:.3}, attributed {:.3}",
        t.pos2_max.len(),
        auc(&t.pos2_max, &t.neg_max),
        auc(&t.pos2_own, &t.neg_own)
    );
    println!(
        "line AUC of the fluency model alone (disfluency of the line's sentence), same lines: {:.3}",
        auc(&t.pos_disfluency, &t.neg_disfluency)
    );
    for (k, name) in SIGNALS.iter().enumerate() {
        let h: Vec<f64> = t.human_signals.iter().map(|s| s[k]).collect();
        let m: Vec<f64> = t.mt_signals.iter().map(|s| s[k]).collect();
        println!(
            "MT output above human reference (other outlets, AUC) on {name}: {:.3}",
            auc(&m, &h)
        );
    }
    if let Some(path) = dump {
        std::fs::write(&path, &t.dump)
            .unwrap_or_else(|e| panic!("{}: cannot write: {e}", path.display()));
    }
}

fn score_family(
    root: &Path,
    family: &str,
    members: &[Member],
    line_label: &BTreeMap<(String, String, usize), LineLabel>,
    t: &mut Totals,
    verbose: bool,
) {
    let docs: Vec<Document> = members
        .iter()
        .map(|m| {
            let path = root.join(family).join(&m.file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
            Document {
                path: format!("{family}/{}", m.file),
                text,
                replaced: 0,
                page: None,
            }
        })
        .collect();
    let options = CompareOptions {
        single_story: true,
        ..CompareOptions::default()
    };
    let c = compare(docs.clone(), Vec::new(), &options);
    let segs: Vec<Segmented> = docs.iter().map(|d| Segmented::new(&d.text)).collect();
    let profiles: Vec<Profile> = segs.iter().map(Profile::new).collect();
    let facts: Vec<Facts> = docs
        .iter()
        .zip(&segs)
        .map(|(d, s)| Facts::new(&d.text, s, &positional_capitals(s)))
        .collect();
    let lines: Vec<Vec<std::ops::Range<usize>>> =
        docs.iter().map(|d| line_ranges(&d.text)).collect();
    let chinanews = members.iter().any(|m| m.wmt_doc.contains("chinanews.com"));
    let _ = write!(
        t.report,
        "{family}{}:",
        if chinanews { " (chinanews)" } else { "" }
    );
    for (i, m) in members.iter().enumerate() {
        let d = &c.documents[i];
        let flagged = matches!(d.verdict, Verdict::Garbled | Verdict::Mistranslated);
        if m.kind == "human" {
            if chinanews {
                t.humans_chinanews += 1;
                t.human_flagged_chinanews += usize::from(flagged);
            } else {
                t.humans += 1;
                t.human_flagged += usize::from(flagged);
            }
        } else {
            t.mts += 1;
            t.mt_garbled += usize::from(d.verdict == Verdict::Garbled);
            t.mt_mistranslated += usize::from(d.verdict == Verdict::Mistranslated);
        }
        let facts = d
            .evidence
            .iter()
            .filter(|e| e.kind == wiredrift::judge::EvidenceKind::ContradictedFact)
            .count();
        let _ = write!(
            t.report,
            " {}={} {:.2}/{facts}/{:.2}",
            m.tier,
            d.verdict.as_str(),
            d.signals.mistranslation,
            d.signals.garbled
        );
    }
    t.report.push('\n');
    if verbose {
        for d in &c.documents {
            for e in d
                .evidence
                .iter()
                .filter(|e| e.kind == wiredrift::judge::EvidenceKind::ContradictedFact)
                .take(4)
            {
                let _ = writeln!(t.report, "    {}: {}", d.path, e.detail);
            }
        }
    }
    // Worst of three: which system has the highest of each signal.
    t.families += 1;
    let signals: Vec<Vec<f64>> = (0..members.len())
        .map(|i| version_signals(&c, i, &segs[i]))
        .collect();
    if !chinanews {
        for (i, m) in members.iter().enumerate() {
            let to = if m.kind == "human" {
                &mut t.human_signals
            } else {
                &mut t.mt_signals
            };
            to.push(signals[i].clone());
        }
    }
    for (k, highest) in t.worst_highest.iter_mut().enumerate() {
        let mt: Vec<(usize, f64)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind == "mt")
            .map(|(i, _)| (i, signals[i][k]))
            .collect();
        let top = mt.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
        let at_top: Vec<usize> = mt.iter().filter(|x| x.1 == top).map(|x| x.0).collect();
        if at_top.iter().any(|&i| members[i].tier == "worst") {
            *highest += 1.0 / at_top.len() as f64;
        }
    }
    // Line-level drift: max over every pair covering the line, and the mean over the other
    // versions of the highest drift against each.
    let n = members.len();
    let mut per_other: Vec<BTreeMap<(usize, usize), f64>> = vec![BTreeMap::new(); n];
    for al in &c.alignments {
        let (a, b) = (al.a_index, al.b_index);
        for p in &al.pairs {
            let la = covered(&lines[a], p.a_start, p.a_end);
            let lb = covered(&lines[b], p.b_start, p.b_end);
            if p.class != PassageClass::Unique {
                for &l in &la {
                    let e = per_other[a].entry((l, b)).or_insert(0.0);
                    *e = e.max(p.drift);
                }
                for &l in &lb {
                    let e = per_other[b].entry((l, a)).or_insert(0.0);
                    *e = e.max(p.drift);
                }
                let ct =
                    meaning::contrast_pair((&facts[a], &profiles[a]), (&facts[b], &profiles[b]), p);
                let f = meaning::features(&ct, p);
                let join = |v: &[usize]| {
                    v.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                };
                let _ = writeln!(
                    t.dump,
                    "{family}\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{}",
                    members[a].file,
                    join(&la),
                    members[b].file,
                    join(&lb),
                    p.class.as_str(),
                    p.drift,
                    f.iter()
                        .map(|x| format!("{x:.4}"))
                        .collect::<Vec<_>>()
                        .join("\t")
                );
            }
        }
    }
    for (i, m) in members.iter().enumerate().filter(|(_, m)| m.kind == "mt") {
        for l in 1..=lines[i].len() {
            let Some(label) = line_label.get(&(family.to_string(), m.file.clone(), l)) else {
                continue;
            };
            let against: Vec<f64> = (0..n)
                .filter(|&o| o != i)
                .filter_map(|o| per_other[i].get(&(l, o)).copied())
                .collect();
            let max = against.iter().copied().fold(0.0, f64::max);
            let own = if against.is_empty() {
                0.0
            } else {
                against.iter().sum::<f64>() / against.len() as f64
            };
            let sentence = docs[i].text.get(lines[i][l - 1].clone()).unwrap_or("");
            let disfluency = -wiredrift::fluency::FluencyModel::english()
                .score_sentence(sentence)
                .score;
            match label {
                LineLabel::MajorAccuracy(_) => t.pos_disfluency.push(disfluency),
                LineLabel::Clean => t.neg_disfluency.push(disfluency),
                LineLabel::Other => {}
            }
            match label {
                LineLabel::MajorAccuracy(k) => {
                    t.pos_max.push(max);
                    t.pos_own.push(own);
                    if *k >= 2 {
                        t.pos2_max.push(max);
                        t.pos2_own.push(own);
                    }
                }
                LineLabel::Clean => {
                    t.neg_max.push(max);
                    t.neg_own.push(own);
                }
                LineLabel::Other => {}
            }
        }
    }
}
