//! Measures how well document fluency separates human versions from machine round trips.
//!
//! ```text
//! cargo run --release --example fluency_eval -- ../shared/dev [../shared/seeds] [MODEL.bin]
//! ```
//! Reads `labels.tsv` (family, file, label, source) at run time; nothing from the set is built in.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use wiredrift::fluency::{FluencyModel, document_fluency};

struct Doc {
    family: String,
    file: String,
    garbled: bool,
    source: String,
    text: String,
    score: f64,
}

/// Probability that a random human document scores higher (more fluent) than a random garbled one.
fn auc(human: &[f64], garbled: &[f64]) -> f64 {
    if human.is_empty() || garbled.is_empty() {
        return f64::NAN;
    }
    let mut wins = 0.0;
    for h in human {
        for g in garbled {
            wins += if h > g {
                1.0
            } else if h == g {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (human.len() * garbled.len()) as f64
}

/// The threshold (flag when score < t) that flags no human and as many garbled as possible: just
/// under the least fluent human. Returns (t, recall).
fn safe_threshold(human: &[f64], garbled: &[f64]) -> (f64, f64) {
    let t = human.iter().copied().fold(f64::INFINITY, f64::min);
    let recall = garbled.iter().filter(|&&g| g < t).count() as f64 / garbled.len().max(1) as f64;
    (t, recall)
}

fn report(name: &str, docs: &[&Doc]) {
    let human: Vec<f64> = docs
        .iter()
        .filter(|d| !d.garbled)
        .map(|d| d.score)
        .collect();
    let garbled: Vec<f64> = docs.iter().filter(|d| d.garbled).map(|d| d.score).collect();
    if human.is_empty() || garbled.is_empty() {
        return;
    }
    let (t, recall) = safe_threshold(&human, &garbled);
    let max_g = garbled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    println!(
        "{name:<6} human {:>2} garbled {:>2}  AUC {:.3}  min human {:.3} max garbled {:.3} (margin {:+.3})  recall at 0 false flags {:.2}",
        human.len(),
        garbled.len(),
        auc(&human, &garbled),
        t,
        max_g,
        t - max_g,
        recall
    );
}

fn read_docs(dev: &Path, model: &FluencyModel) -> Result<Vec<Doc>, Box<dyn std::error::Error>> {
    let labels = std::fs::read_to_string(dev.join("labels.tsv"))?;
    let mut docs = Vec::new();
    for line in labels.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let text = std::fs::read_to_string(dev.join(f[0]).join(f[1]))?;
        let score = model.score_document(&text).score;
        docs.push(Doc {
            family: f[0].into(),
            file: f[1].into(),
            garbled: f[2] == "garbled",
            source: f[3].into(),
            text,
            score,
        });
    }
    Ok(docs)
}

/// Candidate document statistics, higher = more fluent, for comparing signals.
fn doc_stats(model: &FluencyModel, text: &str) -> Vec<(&'static str, f64)> {
    let seg = wiredrift::segment::Segmented::new(text);
    let mut toks: Vec<(f64, f64)> = Vec::new();
    for i in 0..seg.sentences.len() {
        if seg.paragraphs[seg.sentences[i].paragraph].kind
            != wiredrift::segment::ParagraphKind::Body
        {
            continue;
        }
        let e = model.explain(seg.sentence_text(text, i));
        if e.len() < 6 {
            continue;
        }
        toks.extend(e.iter().map(|t| (t.2, t.3)));
    }
    let n = toks.len().max(1) as f64;
    // Aggregates over body sentences.
    let body: Vec<wiredrift::fluency::SentenceFluency> = (0..seg.sentences.len())
        .filter(|&i| {
            seg.paragraphs[seg.sentences[i].paragraph].kind
                == wiredrift::segment::ParagraphKind::Body
        })
        .map(|i| model.score_sentence(seg.sentence_text(text, i)))
        .filter(|s| s.tokens >= 6)
        .collect();
    let mut ss: Vec<f64> = body.iter().map(|s| s.score).collect();
    ss.sort_by(f64::total_cmp);
    let q = |f: f64| {
        ss.get(((ss.len() as f64 - 1.0) * f).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let mean_all = body.iter().map(|s| s.score * s.tokens as f64).sum::<f64>()
        / body.iter().map(|s| s.tokens).sum::<usize>().max(1) as f64;
    let mean_unw = ss.iter().sum::<f64>() / ss.len().max(1) as f64;
    let rate = |f: &dyn Fn(&(f64, f64)) -> bool| -(toks.iter().filter(|t| f(t)).count() as f64) / n;
    vec![
        (
            "mean log10 P (raw)",
            toks.iter().map(|t| t.0).sum::<f64>() / n,
        ),
        (
            "mean SLOR gain, no trimming",
            toks.iter().map(|t| t.0 - t.1).sum::<f64>() / n,
        ),
        (
            "share of tokens with gain < -1",
            rate(&|t| t.0 - t.1 < -1.0),
        ),
        (
            "share of tokens with gain < -0.5",
            rate(&|t| t.0 - t.1 < -0.5),
        ),
        ("share of tokens with log10 P < -3", rate(&|t| t.0 < -3.0)),
        (
            "mean gain clipped at +1",
            toks.iter().map(|t| (t.0 - t.1).min(1.0)).sum::<f64>() / n,
        ),
        ("token-weighted mean of sentences", mean_all),
        ("unweighted mean of sentences", mean_unw),
        ("median sentence", q(0.5)),
        ("lower-quartile sentence", q(0.25)),
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dev = Path::new(args.get(1).map_or("../shared/dev", String::as_str));
    let seeds = args.get(2).map(Path::new);
    let owned;
    let load = Instant::now();
    let model: &FluencyModel = match args.get(3) {
        Some(p) => {
            owned = FluencyModel::from_bytes(&std::fs::read(p)?)?;
            &owned
        }
        None => FluencyModel::english(),
    };
    println!("model decoded in {:?}", load.elapsed());
    let docs = read_docs(dev, model)?;

    println!("== documents (score = trimmed mean SLOR gain per token; higher = more fluent)");
    for d in &docs {
        println!(
            "{:<9} {:<11} {:<8} {:.3}",
            d.family,
            d.file,
            if d.garbled { "garbled" } else { "human" },
            d.score
        );
    }
    println!("\n== alternative document statistics (higher = more fluent), for comparison");
    let stats: Vec<(bool, Vec<(&str, f64)>)> = docs
        .iter()
        .map(|d| (d.garbled, doc_stats(model, &d.text)))
        .collect();
    for k in 0..stats.first().map_or(0, |s| s.1.len()) {
        let h: Vec<f64> = stats.iter().filter(|s| !s.0).map(|s| s.1[k].1).collect();
        let g: Vec<f64> = stats.iter().filter(|s| s.0).map(|s| s.1[k].1).collect();
        let (_, r) = safe_threshold(&h, &g);
        println!(
            "{:<36} AUC {:.3}  recall at 0 false flags {:.2}",
            stats[0].1[k].0,
            auc(&h, &g),
            r
        );
    }
    if let Some(seeds) = seeds {
        let mut entries: Vec<_> = std::fs::read_dir(seeds)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let st = doc_stats(model, &std::fs::read_to_string(&p)?);
            println!(
                "seed {:?}: {}",
                p.file_name().unwrap_or_default(),
                st.iter()
                    .map(|x| format!("{:.3}", x.1))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    println!("\n== separation");
    let all: Vec<&Doc> = docs.iter().collect();
    report("all", &all);
    for prefix in ["wire-", "trans-"] {
        let sub: Vec<&Doc> = docs
            .iter()
            .filter(|d| d.family.starts_with(prefix))
            .collect();
        report(prefix.trim_end_matches('-'), &sub);
    }

    // Leave one family out: the threshold comes from the other families (just under their least
    // fluent human), and is applied to the held-out family.
    let families: BTreeMap<&str, ()> = docs.iter().map(|d| (d.family.as_str(), ())).collect();
    let (mut caught, mut garbled_n, mut false_flags, mut human_n) = (0, 0, 0, 0);
    for fam in families.keys() {
        let human: Vec<f64> = docs
            .iter()
            .filter(|d| d.family != *fam && !d.garbled)
            .map(|d| d.score)
            .collect();
        let (t, _) = safe_threshold(&human, &[]);
        for d in docs.iter().filter(|d| d.family == *fam) {
            if d.garbled {
                garbled_n += 1;
                caught += usize::from(d.score < t);
            } else {
                human_n += 1;
                false_flags += usize::from(d.score < t);
            }
        }
    }
    println!(
        "leave-one-family-out (threshold = least fluent human of the other families): recall {caught}/{garbled_n}, humans falsely flagged {false_flags}/{human_n}"
    );

    // Relative: each version against the most fluent version of its family. This needs no
    // labels at run time, only the family, which the compare stage has.
    let rel: Vec<(bool, f64, &str)> = docs
        .iter()
        .map(|d| {
            let best = docs
                .iter()
                .filter(|o| o.family == d.family)
                .map(|o| o.score)
                .fold(f64::NEG_INFINITY, f64::max);
            (d.garbled, d.score - best, d.family.as_str())
        })
        .collect();
    let rh: Vec<f64> = rel.iter().filter(|r| !r.0).map(|r| r.1).collect();
    let rg: Vec<f64> = rel.iter().filter(|r| r.0).map(|r| r.1).collect();
    let (t, recall) = safe_threshold(&rh, &rg);
    println!(
        "relative to the family's most fluent version: AUC {:.3}, least human gap {t:.3}, largest garbled gap {:.3}, recall at 0 false flags {recall:.2}",
        auc(&rh, &rg),
        rg.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    );

    // Paired: each round trip against the version it came from.
    let (mut lower, mut pairs) = (0, 0);
    let mut gaps = Vec::new();
    for g in docs.iter().filter(|d| d.garbled) {
        let src = g.source.rsplit(':').next().unwrap_or(&g.source);
        let g_lines = g.text.lines().count();
        let source = docs
            .iter()
            .filter(|d| d.family == g.family && !d.garbled && d.source == src)
            .min_by_key(|d| d.text.lines().count().abs_diff(g_lines));
        if let Some(s) = source {
            pairs += 1;
            lower += usize::from(g.score < s.score);
            gaps.push(s.score - g.score);
        }
    }
    gaps.sort_by(f64::total_cmp);
    println!(
        "paired: round trip less fluent than its source in {lower}/{pairs}; smallest gap {:.3}, median gap {:.3}",
        gaps.first().copied().unwrap_or(f64::NAN),
        gaps.get(gaps.len() / 2).copied().unwrap_or(f64::NAN)
    );

    // Sentences: line i of a round trip against line i of its source.
    let (mut human_s, mut garbled_s) = (Vec::new(), Vec::new());
    let (mut pair_lower, mut pair_n) = (0, 0);
    let mut n_sent = 0;
    let started = Instant::now();
    for g in docs.iter().filter(|d| d.garbled) {
        let src = g.source.rsplit(':').next().unwrap_or(&g.source);
        let g_lines: Vec<&str> = g.text.lines().collect();
        let Some(s) = docs
            .iter()
            .filter(|d| d.family == g.family && !d.garbled && d.source == src)
            .find(|d| d.text.lines().count() == g_lines.len())
        else {
            continue;
        };
        for (gl, sl) in g_lines.iter().zip(s.text.lines()) {
            if sl.split_whitespace().count() < 5 || gl == &sl {
                continue;
            }
            let gs = model.score_sentence(gl);
            let ss = model.score_sentence(sl);
            n_sent += 2;
            garbled_s.push(gs.score);
            human_s.push(ss.score);
            pair_n += 1;
            pair_lower += usize::from(gs.score < ss.score);
        }
    }
    let elapsed = started.elapsed();
    println!(
        "sentences (lines of >= 5 words that differ): AUC {:.3}; round-trip line less fluent than its source line in {pair_lower}/{pair_n}",
        auc(&human_s, &garbled_s)
    );

    if let Some(seeds) = seeds {
        println!("\n== seeds (002 is a neural MT round trip, the others are human)");
        let mut entries: Vec<_> = std::fs::read_dir(seeds)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let text = std::fs::read_to_string(&p)?;
            let d = model.score_document(&text);
            println!(
                "{:<28} {:.3}  ({} sentences)",
                p.file_name().unwrap_or_default().to_string_lossy(),
                d.score,
                d.sentences
            );
        }
    }

    // Timing on everything in the set, sentence by sentence.
    let texts: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.text.lines())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let started = Instant::now();
    let mut rounds = 0;
    let mut sentences = 0usize;
    while started.elapsed().as_millis() < 500 || rounds == 0 {
        let scores: Vec<_> = texts.iter().map(|t| model.score_sentence(t)).collect();
        sentences += scores.len();
        std::hint::black_box(document_fluency(&scores));
        rounds += 1;
    }
    let per_k = started.elapsed().as_secs_f64() * 1000.0 / sentences as f64;
    println!(
        "\ntiming: {:.2} ms per 1,000 lines (mean {:.0} words a line); aligned-line pass {} sentences in {:?}",
        per_k * 1000.0,
        texts
            .iter()
            .map(|t| t.split_whitespace().count())
            .sum::<usize>() as f64
            / texts.len() as f64,
        n_sent,
        elapsed
    );
    Ok(())
}
