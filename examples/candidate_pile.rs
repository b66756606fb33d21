//! Measures the candidate stage on a labeled pile: recall of same-family pairs, how many pairs are
//! proposed and kept, time and peak memory. `benches/stories/run.sh` runs it; see
//! `benches/stories/README.md`.
//!
//! ```sh
//! cargo run --release --example candidate_pile -- [--labels ROOT]... [--truth DIR]... \
//!     [--group T] [--bands B --rows R --perm P --threshold T] PATH...
//! ```
//!
//! - `--labels ROOT`: `ROOT/labels.tsv` (file, family, ...; `-` for no family) names the family
//!   of every file under `ROOT/docs`, as in `../shared/pile-dev`.
//! - `--truth DIR`: `DIR/truth.tsv` (a, b, ...) lists planted versions among the files of `DIR`,
//!   as `news-corpus.py` writes it; versions of versions form one family.
//! - Files under a folder named `seeds` are one family.
//! - `--group T`: also group by union-find over pairs scoring at least `T`, as
//!   `cluster --rewrites` does, and report families split or merged.
//!
//! Texts are read and fingerprinted a chunk at a time and dropped, as the CLI does.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use wiredrift::candidates::{CandidateOptions, Fingerprinter, find_candidates, group};
use wiredrift::index::Banding;
use wiredrift::load::{self, LoadOptions};
use wiredrift::shingle::Scratch;

use rayon::prelude::*;

struct Args {
    paths: Vec<PathBuf>,
    labels: Vec<PathBuf>,
    truths: Vec<PathBuf>,
    group: Option<f64>,
    options: CandidateOptions,
}

fn parse() -> Args {
    let mut args = Args {
        paths: Vec::new(),
        labels: Vec::new(),
        truths: Vec::new(),
        group: None,
        options: CandidateOptions::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().expect("flag needs a value");
        match a.as_str() {
            "--labels" => args.labels.push(value().into()),
            "--truth" => args.truths.push(value().into()),
            "--group" => args.group = Some(value().parse().expect("--group T")),
            "--bands" => args.options.banding.bands = value().parse().expect("--bands B"),
            "--rows" => args.options.banding.rows = value().parse().expect("--rows R"),
            "--perm" => args.options.perm = value().parse().expect("--perm P"),
            "--threshold" => args.options.threshold = value().parse().expect("--threshold T"),
            "--max-bucket" => args.options.max_bucket = value().parse().expect("--max-bucket N"),
            "--shared-rare" => args.options.shared_rare = value().parse().expect("--shared-rare M"),
            "--max-df" => args.options.max_df = value().parse().expect("--max-df N"),
            _ => args.paths.push(a.into()),
        }
    }
    args
}

/// The family of every labeled path: `Some(name)` for a version, `None` for a distractor.
fn families(args: &Args) -> HashMap<String, Option<String>> {
    let mut out = HashMap::new();
    for root in &args.labels {
        let text = std::fs::read_to_string(root.join("labels.tsv")).expect("labels.tsv");
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let path = root.join("docs").join(cols[0]);
            let family = (cols[1] != "-").then(|| cols[1].to_string());
            out.insert(path.display().to_string(), family);
        }
    }
    for dir in &args.truths {
        let text = std::fs::read_to_string(dir.join("truth.tsv")).expect("truth.tsv");
        let mut parent: HashMap<String, String> = HashMap::new();
        fn find(parent: &mut HashMap<String, String>, x: &str) -> String {
            let mut x = x.to_string();
            while let Some(p) = parent.get(&x).cloned() {
                if p == x {
                    break;
                }
                x = p;
            }
            x
        }
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (a, b) = (find(&mut parent, cols[0]), find(&mut parent, cols[1]));
            if a != b {
                parent.insert(b.clone(), a.clone());
            }
            parent.entry(a).or_insert_with_key(|k| k.clone());
        }
        let names: Vec<String> = parent.keys().cloned().collect();
        for name in names {
            let root = find(&mut parent, &name);
            let family = format!("bulk:{}", root);
            out.insert(dir.join(&name).display().to_string(), Some(family));
        }
    }
    out
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args = parse();
    let labels = families(&args);
    let fingerprinter = Fingerprinter::new(&args.options).expect("valid options");
    let start = Instant::now();
    let (sources, issues) = load::discover(&args.paths);
    for issue in &issues {
        eprintln!("{}", issue.message);
    }
    // Bulk folders hold their truth.tsv beside the documents; it is no document.
    let sources: Vec<load::Source> = sources
        .into_iter()
        .filter(|s| !matches!(s, load::Source::File(p) if p.ends_with("truth.tsv")))
        .collect();
    let options = LoadOptions::default();
    let mut paths = Vec::new();
    let mut fingerprints = Vec::new();
    for chunk in sources.chunks(2048) {
        let done: Vec<_> = chunk
            .par_iter()
            .map_init(Scratch::default, |scratch, source| {
                let doc = load::read_source(source, &options).ok()?;
                Some((doc.path, fingerprinter.fingerprint(&doc.text, scratch)))
            })
            .collect();
        for (path, fp) in done.into_iter().flatten() {
            paths.push(path);
            fingerprints.push(fp);
        }
    }
    let read = start.elapsed();
    let t = Instant::now();
    let found = find_candidates(&fingerprints, &args.options);
    let pairing = t.elapsed();
    let bytes: usize = fingerprints.iter().map(|f| f.heap_bytes()).sum();

    let family_of = |i: usize| -> Option<String> {
        let p = &paths[i];
        if Path::new(p).components().any(|c| c.as_os_str() == "seeds") {
            return Some("seeds".into());
        }
        labels.get(p).cloned().flatten()
    };
    let kind_of = |i: usize| -> &'static str {
        match family_of(i) {
            Some(f) if f.starts_with("bulk:") => "bulk",
            Some(_) => "family",
            None if labels.contains_key(&paths[i]) => "distractor",
            None => "bulk",
        }
    };
    let fams: Vec<Option<String>> = (0..paths.len()).map(family_of).collect();
    let Banding { bands, rows } = args.options.banding;
    println!(
        "documents {}  perm {} bands {bands} x rows {rows}  threshold {}",
        paths.len(),
        args.options.perm,
        args.options.threshold
    );
    println!(
        "time: read+fingerprint {:.2} s, candidates {:.2} s; fingerprints {:.1} MB; peak RSS {:.0} MB",
        read.as_secs_f64(),
        pairing.as_secs_f64(),
        bytes as f64 / 1e6,
        peak_rss_mb()
    );
    println!(
        "proposed by LSH {}  kept {}",
        found.proposed,
        found.pairs.len()
    );
    report_recall(&fams, &found.pairs, &kind_of);
    if let Some(t) = args.group {
        report_groups(&fams, &kind_of, &group(paths.len(), &found.pairs, t), t);
    }
}

fn report_recall(
    fams: &[Option<String>],
    pairs: &[wiredrift::candidates::CandidatePair],
    kind_of: &dyn Fn(usize) -> &'static str,
) {
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in fams.iter().enumerate() {
        if let Some(f) = f {
            members.entry(f).or_default().push(i);
        }
    }
    let kept: HashSet<(usize, usize)> =
        pairs.iter().map(|p| (p.a as usize, p.b as usize)).collect();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for p in pairs {
        let (a, b) = (p.a as usize, p.b as usize);
        let same = fams[a].is_some() && fams[a] == fams[b];
        let mut kinds = [kind_of(a), kind_of(b)];
        kinds.sort();
        let key = if same {
            format!("same family ({})", kinds[0])
        } else {
            format!("{} - {}", kinds[0], kinds[1])
        };
        *by_kind.entry(key).or_default() += 1;
    }
    for (k, n) in &by_kind {
        println!("  kept {k}: {n}");
    }
    for kind in ["family", "bulk"] {
        let (mut total, mut found, mut families, mut connected) = (0, 0, 0, 0);
        let mut missing = Vec::new();
        for (name, m) in &members {
            if kind_of(m[0]) != kind || m.len() < 2 {
                continue;
            }
            families += 1;
            let mut links = Vec::new();
            for (x, &a) in m.iter().enumerate() {
                for &b in &m[x + 1..] {
                    total += 1;
                    if kept.contains(&(a, b)) {
                        found += 1;
                        links.push((a, b));
                    }
                }
            }
            let groups = wiredrift::index::union_find_clusters(fams.len(), links);
            if groups.iter().any(|g| g.members.len() == m.len()) {
                connected += 1;
            } else {
                missing.push(*name);
            }
        }
        if families > 0 {
            println!(
                "{kind}: pairs found {found}/{total} ({:.3}); families connected {connected}/{families}{}",
                found as f64 / total.max(1) as f64,
                if missing.is_empty() {
                    String::new()
                } else if missing.len() <= 10 {
                    format!(" (not: {})", missing.join(", "))
                } else {
                    format!(" ({} not)", missing.len())
                }
            );
        }
    }
}

fn report_groups(
    fams: &[Option<String>],
    kind_of: &dyn Fn(usize) -> &'static str,
    groups: &[wiredrift::index::Cluster],
    t: f64,
) {
    let mut group_of = vec![usize::MAX; fams.len()];
    for (g, c) in groups.iter().enumerate() {
        for &m in &c.members {
            group_of[m] = g;
        }
    }
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in fams.iter().enumerate() {
        if let Some(f) = f {
            members.entry(f).or_default().push(i);
        }
    }
    for kind in ["family", "bulk"] {
        let (mut families, mut whole, mut pure) = (0, 0, 0);
        let mut bad = Vec::new();
        for (name, m) in &members {
            if kind_of(m[0]) != kind || m.len() < 2 {
                continue;
            }
            families += 1;
            let g = group_of[m[0]];
            let one = g != usize::MAX && m.iter().all(|&i| group_of[i] == g);
            // A family in no group at all is split, not merged.
            let clean = g == usize::MAX
                || groups[g]
                    .members
                    .iter()
                    .all(|&i| fams[i].as_deref() == Some(*name));
            whole += one as usize;
            pure += (one && clean) as usize;
            if !(one && clean) {
                bad.push(format!(
                    "{name}{}{}",
                    if one { "" } else { " split" },
                    if clean { "" } else { " merged" }
                ));
            }
        }
        if families > 0 {
            println!(
                "groups at {t}: {kind} families whole {whole}/{families}, whole and pure {pure}/{families}{}",
                if bad.is_empty() || bad.len() > 12 {
                    String::new()
                } else {
                    format!(" ({})", bad.join(", "))
                }
            );
        }
    }
    let unlabeled_groups = groups
        .iter()
        .filter(|g| g.members.iter().all(|&i| fams[i].is_none()))
        .count();
    println!(
        "groups at {t}: {} groups of 2+, largest {}, {unlabeled_groups} of distractors only",
        groups.len(),
        groups.iter().map(|g| g.members.len()).max().unwrap_or(0)
    );
}
