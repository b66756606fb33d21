//! `wiredrift cluster` end to end: flags, output shapes, input problems, determinism, and recall
//! on a generated corpus with planted versions.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn wiredrift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn seed(name_prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name_prefix))
        })
        .collect();
    entries.sort();
    entries.remove(0)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

/// The paths `--format json` lists as skipped, in its order.
fn skipped_paths(doc: &Value) -> Vec<&str> {
    doc["skipped"]
        .as_array()
        .expect("skipped list")
        .iter()
        .map(|s| s["path"].as_str().expect("path"))
        .collect()
}

#[test]
fn out_of_range_values_are_usage_errors() {
    let s = seed("000");
    let s = s.to_str().expect("utf-8 path");
    for (args, flag) in [
        (vec!["--perm", "0"], "--perm"),
        (vec!["--shingle", "0"], "--shingle"),
        (vec!["--threshold", "-1"], "--threshold"),
        (vec!["--threshold", "1.5"], "--threshold"),
        (vec!["--threshold", "0"], "--threshold"),
        (vec!["--threshold", "abc"], "--threshold"),
        (vec!["--char-ngrams", "0"], "--char-ngrams"),
    ] {
        let mut all = vec!["cluster", s];
        all.extend(args.iter());
        let out = wiredrift(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines[0].starts_with("wiredrift: error:"), "{err}");
        assert!(lines[0].contains(flag), "{err}");
        // One line of message; clap adds only its "try --help" hint.
        assert!(lines.len() <= 2, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn copies_cluster_and_output_is_jsonl() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(seed("000")).expect("seed");
    let other = std::fs::read_to_string(seed("004")).expect("seed");
    std::fs::write(dir.path().join("a.txt"), &text).expect("write");
    std::fs::write(dir.path().join("b.txt"), &other).expect("write");
    std::fs::write(
        dir.path().join("c.txt"),
        format!("{text}\nRead more at example.com\n"),
    )
    .expect("write");
    let root = dir.path().to_str().expect("utf-8");
    let out = wiredrift(&["cluster", root]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 1);
    let obj = lines[0].as_object().expect("object");
    assert_eq!(obj.len(), 2);
    assert_eq!(obj["cluster"], 0);
    let members: Vec<&str> = obj["members"]
        .as_array()
        .expect("array")
        .iter()
        .map(|m| m.as_str().expect("path"))
        .collect();
    assert_eq!(
        members,
        vec![format!("{root}/a.txt"), format!("{root}/c.txt")]
    );

    let out = wiredrift(&["cluster", root, "--singletons"]);
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["cluster"], 1);
    assert_eq!(lines[1]["members"][0], format!("{root}/b.txt"));

    let out = wiredrift(&["cluster", root, "--pairs"]);
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 1);
    let p = lines[0].as_object().expect("object");
    let keys: Vec<&str> = p.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys.len(), 4);
    for k in ["a", "b", "jaccard", "containment"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
    let j = p["jaccard"].as_f64().expect("number");
    assert!((0.8..1.0).contains(&j), "{j}");
    assert_eq!(p["containment"].as_f64(), Some(1.0));
}

#[test]
fn problems_are_named_and_good_inputs_still_clustered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(seed("001")).expect("seed");
    std::fs::write(dir.path().join("a.txt"), &text).expect("write");
    std::fs::write(dir.path().join("b.txt"), &text).expect("write");
    std::fs::write(dir.path().join("empty.txt"), "  \n").expect("write");
    std::fs::write(dir.path().join("bin.dat"), b"PK\x03\x04\x00\x01").expect("write");
    let root = dir.path().to_str().expect("utf-8");
    let missing = dir.path().join("nowhere").join("missing.txt");
    let missing = missing.to_str().expect("utf-8");

    let out = wiredrift(&["cluster", root, missing]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{missing}: no such file")), "{err}");
    assert!(err.contains("empty.txt: skipped"), "{err}");
    assert!(err.contains("bin.dat: skipped"), "{err}");
    assert_eq!(jsonl(&out).len(), 1, "the good files are still clustered");

    let out = wiredrift(&["cluster", root, missing, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["documents"], 2);
    let skipped = skipped_paths(&doc);
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped.contains(&missing));
    assert_eq!(
        doc["clusters"][0]["members"].as_array().map(Vec::len),
        Some(2)
    );

    // Skips alone are warnings, not failures.
    let out = wiredrift(&["cluster", root]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = wiredrift(&["cluster", root, "--quiet"]);
    assert!(stderr(&out).is_empty());
}

#[test]
fn reads_stdin() {
    let path = seed("002");
    let text = std::fs::read(&path).expect("seed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(["cluster", "-", path.to_str().expect("utf-8"), "--pairs"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&text)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["a"], "-");
    assert_eq!(lines[0]["jaccard"].as_f64(), Some(1.0));
}

/// Word 5-gram sets from the segmenter's keys: an independent route to the exact Jaccard.
fn independent_set(text: &str) -> HashSet<String> {
    let keys: Vec<String> = wiredrift::segment::Segmented::new(text)
        .words
        .iter()
        .map(|w| w.key.clone())
        .collect();
    if keys.len() < 5 {
        return std::iter::once(keys.join(" ")).collect();
    }
    keys.windows(5).map(|w| w.join(" ")).collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

struct Planted {
    _dir: tempfile::TempDir,
    root: String,
    /// Path as printed -> (story, text).
    docs: HashMap<String, (usize, String)>,
}

fn planted_corpus(stories: usize, seed: u64) -> Planted {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut docs = HashMap::new();
    for d in corpus::generate(stories, seed) {
        let path = dir.path().join(&d.name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &d.text).expect("write");
        docs.insert(path.to_str().expect("utf-8").to_string(), (d.story, d.text));
    }
    let root = dir.path().to_str().expect("utf-8").to_string();
    Planted {
        _dir: dir,
        root,
        docs,
    }
}

#[test]
fn finds_planted_versions_and_reports_only_true_pairs() {
    let corpus = planted_corpus(1500, 2024);
    let out = wiredrift(&["cluster", &corpus.root, "--pairs", "--threshold", "0.8"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sets: HashMap<&str, HashSet<String>> = corpus
        .docs
        .iter()
        .map(|(p, (_, t))| (p.as_str(), independent_set(t)))
        .collect();

    // Every reported pair is a real version pair, scored exactly.
    let mut reported = HashSet::new();
    for line in jsonl(&out) {
        let (a, b) = (
            line["a"].as_str().expect("a"),
            line["b"].as_str().expect("b"),
        );
        let j = line["jaccard"].as_f64().expect("jaccard");
        assert!(j >= 0.8, "{line}");
        let exact = jaccard(&sets[a], &sets[b]);
        assert!((j - exact).abs() < 1e-9, "{line}: exact {exact}");
        reported.insert((a.to_string(), b.to_string()));
        reported.insert((b.to_string(), a.to_string()));
    }

    // Ground truth: version pairs within each planted story (across stories the generated texts
    // share almost nothing; a sample below checks that).
    let mut by_story: HashMap<usize, Vec<&str>> = HashMap::new();
    for (p, (story, _)) in &corpus.docs {
        by_story.entry(*story).or_default().push(p);
    }
    let (mut expected, mut found) = (0, 0);
    for members in by_story.values() {
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                if jaccard(&sets[members[i]], &sets[members[j]]) >= 0.85 {
                    expected += 1;
                    if reported.contains(&(members[i].to_string(), members[j].to_string())) {
                        found += 1;
                    }
                }
            }
        }
    }
    eprintln!("recall: {found}/{expected} pairs with Jaccard >= 0.85");
    assert!(
        expected >= 150,
        "too few planted pairs ({expected}) to measure recall"
    );
    assert!(found as f64 >= 0.99 * expected as f64, "{found}/{expected}");

    let paths: Vec<&str> = corpus.docs.keys().map(|k| k.as_str()).collect();
    for w in paths.windows(2).take(300) {
        if corpus.docs[w[0]].0 != corpus.docs[w[1]].0 {
            assert!(jaccard(&sets[w[0]], &sets[w[1]]) < 0.2);
        }
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let corpus = planted_corpus(1200, 77);
    let run = |threads: &str, extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_wiredrift"))
            .args(["cluster", &corpus.root])
            .args(extra)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    for extra in [
        &["--singletons"][..],
        &["--pairs"][..],
        &["--char-ngrams", "5", "--threshold", "0.7"][..],
    ] {
        let one = run("1", extra);
        assert!(!one.is_empty());
        assert_eq!(one, run("2", extra), "{extra:?}");
        assert_eq!(one, run("3", extra), "{extra:?}");
    }
}

#[test]
fn containment_pairs_an_excerpt_with_its_story() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(seed("000")).expect("seed");
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let excerpt = paragraphs[..paragraphs.len() * 6 / 10].join("\n\n");
    std::fs::write(dir.path().join("full.txt"), &text).expect("write");
    std::fs::write(dir.path().join("excerpt.txt"), &excerpt).expect("write");
    let root = dir.path().to_str().expect("utf-8");

    let strict = wiredrift(&["cluster", root, "--pairs"]);
    assert_eq!(strict.status.code(), Some(0));
    assert!(
        jsonl(&strict).is_empty(),
        "Jaccard of a 60% excerpt is below 0.8"
    );

    let out = wiredrift(&["cluster", root, "--pairs", "--containment"]);
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["containment"].as_f64(), Some(1.0));
    assert!(lines[0]["jaccard"].as_f64().expect("jaccard") < 0.8);

    let out = wiredrift(&["cluster", root, "--containment", "--format", "text"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.starts_with("2 documents: 1 cluster of versions"),
        "{summary}"
    );
    assert!(summary.contains("(representative)"), "{summary}");
}

/// A pile several walk chunks long, with bad files deep inside: every good file is clustered,
/// every bad one is named once, in walk order, and nothing depends on the thread count.
#[test]
fn a_pile_of_many_chunks_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let files = 5_000;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for i in 0..files {
        let folder = root.join(format!("f{:02}", i / 250));
        std::fs::create_dir_all(&folder).expect("mkdir");
        let path = folder.join(format!("{i:05}.txt"));
        // Pairs of copies, so there are clusters to find in every chunk.
        let text = format!(
            "Story {} reports that the council met on day {} to discuss roads, schools and the \
             library budget for the coming year.",
            i / 2,
            i / 2
        );
        match i {
            2_500 => std::fs::write(&path, b"caf\xE9 au lait").expect("write"),
            4_100 => std::fs::write(&path, b"\x00\x01binary\x00").expect("write"),
            4_999 => std::fs::write(&path, b"   \n").expect("write"),
            _ => {
                std::fs::write(&path, &text).expect("write");
                good.push(path.display().to_string());
                continue;
            }
        }
        bad.push(path.display().to_string());
    }
    let root = root.to_str().expect("utf-8");
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_wiredrift"))
            .args(["cluster", root, "--singletons", "--format", "json"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("runs")
    };
    let one = run("1");
    // The invalid UTF-8 file is a failure, so the run exits 2 after clustering the rest.
    assert_eq!(one.status.code(), Some(2), "{}", stderr(&one));
    let doc: Value = serde_json::from_slice(&one.stdout).expect("json");
    assert_eq!(doc["documents"].as_u64(), Some(good.len() as u64));
    let mut members: Vec<String> = doc["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .flat_map(|c| c["members"].as_array().expect("members").clone())
        .map(|m| m.as_str().expect("path").to_string())
        .collect();
    members.sort();
    assert_eq!(members, good, "every good file exactly once");
    assert_eq!(
        skipped_paths(&doc),
        bad,
        "every bad file once, in walk order"
    );
    for path in &bad {
        assert_eq!(stderr(&one).matches(path.as_str()).count(), 1, "{path}");
    }
    let pairs = doc["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .filter(|c| c["members"].as_array().expect("members").len() == 2)
        .count();
    assert!(pairs >= files / 2 - 3, "{pairs} pairs of copies");
    let two = run("2");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stderr, two.stderr);
}
