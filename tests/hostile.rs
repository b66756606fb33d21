//! Inputs built to hurt: huge lines, long runs of hostile Unicode, thousands of files, deep and
//! looping folders. Sizes are kept small enough for CI; none asserts on time, but each must end,
//! and the README's "Limits" section records the full-size figures measured by hand.

use std::path::{Path, PathBuf};
use wiredrift::load::{self, LoadOptions, Problem, Severity};
use wiredrift::normalize::{Fold, Normalized};
use wiredrift::segment::Segmented;

fn seed_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Spot checks that hold for any segmentation: spans in order, inside the text, on boundaries.
fn check_spans(original: &str, seg: &Segmented) {
    let mut last = 0;
    for s in &seg.sentences {
        assert!(s.span.start >= last && s.span.end <= original.len());
        assert!(original.get(s.span.range()).is_some());
        last = s.span.end;
    }
    let mut last = 0;
    for w in &seg.words {
        assert!(w.span.start >= last && !w.span.is_empty());
        assert!(original.get(w.span.range()).is_some());
        last = w.span.end;
    }
}

/// A deterministic generator, so that a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn a_multi_megabyte_single_line_file() {
    let seeds = seed_text().replace('\n', " ");
    let mut line = String::with_capacity(4 << 20);
    while line.len() < 4 << 20 {
        line.push_str(&seeds);
        line.push(' ');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    std::fs::write(&path, &line).unwrap();
    let loaded = load::load(&[&path], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    let doc = &loaded.documents[0];
    let seg = Segmented::new(&doc.text);
    assert_eq!(seg.paragraphs.len(), 1);
    assert!(seg.sentences.len() > 10_000, "{}", seg.sentences.len());
    check_spans(&doc.text, &seg);
    // The last sentence ends where the text does, less the trailing space.
    assert_eq!(
        seg.sentences.last().unwrap().span.end,
        doc.text.trim_end().len()
    );
}

#[test]
fn a_single_huge_token() {
    // No spaces at all: one word of a megabyte, written in camel case throughout.
    let token = "inaugurationEmployees".repeat(50_000);
    let seg = Segmented::new(&token);
    assert_eq!(seg.words.len(), 1);
    assert_eq!(seg.words[0].span.range(), 0..token.len());
}

#[test]
fn many_short_wrapped_lines() {
    // Every line continues into the next, so all of them join into one paragraph; joining must
    // stay linear.
    let text = "the staff said that\n".repeat(100_000);
    let seg = Segmented::new(&text);
    assert_eq!(seg.paragraphs.len(), 1);
    check_spans(&text, &seg);
}

#[test]
fn two_hundred_thousand_characters_of_hostile_unicode() {
    let pool: Vec<char> = [
        '\u{0301}', '\u{0308}', '\u{0327}', '\u{05B8}', '\u{064E}', '\u{20DD}', // marks
        'א', 'ש', 'ع', 'ل', // RTL letters
        '\u{202E}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200F}', // bidi controls
        '\u{200D}', '\u{200C}', '\u{FE0F}', '\u{200B}', '\u{FEFF}', // joiners, invisibles
        '👩', '💻', '🏽', '🇺', '🇸', '❤', // emoji, modifiers, flags
        'ﬃ', '½', '㍻', 'ﷺ', 'İ', 'ß', 'Σ', // expansions and case traps
        'e', 'A', 'Z', 'q', '.', '?', '!', '"', '“', '”', '…', '—', // text and punctuation
        ' ', ' ', ' ', '\n', '\r', '\u{2029}', '\u{A0}', '\t',
    ]
    .to_vec();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let text: String = (0..200_000).map(|_| *rng.pick(&pool)).collect();
    for case in [false, true] {
        let n = Normalized::new(&text, Fold { case });
        let end = n.original_range(0..n.as_str().len()).end;
        assert!(end <= text.len() && text.is_char_boundary(end));
    }
    let seg = Segmented::new(&text);
    assert!(!seg.words.is_empty());
    check_spans(&text, &seg);
}

#[test]
fn three_thousand_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Over 20 federal tech workers resigned on Tuesday, according to a letter.\n";
    for i in 0..3_000 {
        std::fs::write(dir.path().join(format!("{i:05}.txt")), text).unwrap();
    }
    let loaded = load::load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", &loaded.issues[..1]);
    assert_eq!(loaded.documents.len(), 3_000);
    // Same text, different files: all kept, in sorted order.
    let names: Vec<&str> = loaded.documents.iter().map(|d| d.path.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn a_folder_nested_ten_deep() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for level in 0..10 {
        deep.push(format!("level{level}"));
        std::fs::create_dir(&deep).unwrap();
        std::fs::write(deep.join("story.txt"), format!("Story at level {level}.")).unwrap();
    }
    let loaded = load::load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    assert_eq!(loaded.documents.len(), 10);
    assert!(loaded.documents.iter().any(|d| d.text.contains("level 9")));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_once_and_survived() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pile");
    let sub = root.join("a/b/c");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("story.txt"), "The story.").unwrap();
    std::fs::write(root.join("top.txt"), "The top story.").unwrap();
    // A link to the root from deep inside, one to its own folder, and one to a folder already
    // walked that is not an ancestor (nothing new there, so not even a warning).
    std::os::unix::fs::symlink("../../..", sub.join("to-root")).unwrap();
    std::os::unix::fs::symlink(".", sub.join("self")).unwrap();
    std::os::unix::fs::symlink("a/b", root.join("z")).unwrap();
    let loaded = load::load(&[&root], &LoadOptions::default());
    assert_eq!(loaded.documents.len(), 2, "{:?}", loaded.issues);
    let loops: Vec<_> = loaded
        .issues
        .iter()
        .filter(|i| matches!(i.problem, Problem::SymlinkLoop { .. }))
        .collect();
    assert_eq!(loops.len(), 2, "{:?}", loaded.issues);
    assert!(loops.iter().all(|i| i.severity == Severity::Skipped));
    assert_eq!(loaded.issues.len(), 2, "{:?}", loaded.issues);
    assert!(!loaded.has_failures());
}

#[cfg(unix)]
#[test]
fn a_link_into_a_folder_outside_is_followed_once() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("o.txt"), "Outside.").unwrap();
    let root = dir.path().join("pile");
    std::fs::create_dir(&root).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("l1")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("l2")).unwrap();
    let loaded = load::load(&[&root], &LoadOptions::default());
    assert_eq!(loaded.documents.len(), 1, "{:?}", loaded.issues);
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
}

// The same inputs through the real binary: each run must end with the documented exit code, and
// every input must appear in the output, compared or skipped with a reason.

mod binary {
    use super::{XorShift, seed_text};
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};

    pub struct Run {
        pub code: i32,
        pub stdout: String,
        pub stderr: String,
    }

    pub fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wiredrift"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let input = stdin.unwrap_or_default().to_vec();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert_ne!(run.code, 101, "panicked:\n{}", run.stderr);
        run
    }

    /// The seed files, copied into `dir`; their names, relative to it.
    pub fn copy_seeds(dir: &Path) -> Vec<String> {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut names: Vec<String> = std::fs::read_dir(&seeds)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in &names {
            std::fs::copy(seeds.join(n), dir.join(n)).unwrap();
        }
        names
    }

    /// Runs `compare --format json` and returns the JSON with its exit code.
    pub fn compare_json(
        dir: &Path,
        args: &[&str],
        stdin: Option<&[u8]>,
    ) -> (i32, serde_json::Value) {
        let mut all = vec!["compare", "--format", "json"];
        all.extend_from_slice(args);
        let r = run(dir, &all, stdin);
        let json = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{e}: stdout {:?}, stderr {}", r.stdout, r.stderr));
        (r.code, json)
    }

    fn paths(json: &serde_json::Value, key: &str) -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn compared(json: &serde_json::Value) -> Vec<String> {
        paths(json, "documents")
    }

    /// Each skipped input with its problem.
    pub fn skipped(json: &serde_json::Value) -> Vec<(String, String)> {
        json["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                assert!(!s["message"].as_str().unwrap().is_empty(), "a reason: {s}");
                (
                    s["path"].as_str().unwrap().to_string(),
                    s["problem"].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn compare_a_multi_megabyte_single_line_beside_the_seeds() {
        let dir = tempfile::tempdir().unwrap();
        let mut names = copy_seeds(dir.path());
        let seeds = seed_text().replace(['\n', '\r'], " ");
        let mut line = String::with_capacity(3 << 20);
        while line.len() < 3 << 20 {
            line.push_str(&seeds);
            line.push(' ');
        }
        std::fs::write(dir.path().join("one-line.txt"), &line).unwrap();
        names.push("one-line.txt".into());
        let (code, json) = compare_json(dir.path(), &["."], None);
        assert_eq!(code, 0, "{json}");
        let got = compared(&json);
        let want: Vec<String> = names.iter().map(|n| format!("./{n}")).collect();
        let mut sorted = got.clone();
        sorted.sort();
        assert_eq!(sorted, want);
        assert!(skipped(&json).is_empty());
        // The long line holds every seed's text, so it shares a story with them.
        let docs = json["documents"].as_array().unwrap();
        let long = docs.iter().find(|d| d["path"] == "./one-line.txt").unwrap();
        assert!(long["passages"]["unique"].as_f64().unwrap() < 1.0, "{long}");
    }

    #[test]
    fn compare_two_hundred_thousand_random_characters_beside_a_seed() {
        let dir = tempfile::tempdir().unwrap();
        let names = copy_seeds(dir.path());
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        let text: String = (0..200_000)
            .map(|_| {
                loop {
                    // Any scalar value but NUL (which marks a binary file), weighted toward the
                    // planes text comes from.
                    let cp = match rng.next() % 4 {
                        0 => rng.next() % 0x80,
                        1 => rng.next() % 0x3000,
                        2 => rng.next() % 0x2_0000,
                        _ => rng.next() % 0x11_0000,
                    } as u32;
                    if let Some(c) = char::from_u32(cp).filter(|&c| c != '\0') {
                        break c;
                    }
                }
            })
            .collect();
        std::fs::write(dir.path().join("noise.txt"), &text).unwrap();
        let (code, json) = compare_json(dir.path(), &[&names[0], "noise.txt"], None);
        assert_eq!(code, 0, "{json}");
        assert_eq!(compared(&json), vec![names[0].clone(), "noise.txt".into()]);
        let docs = json["documents"].as_array().unwrap();
        assert_eq!(docs[1]["verdict"], "unrelated", "{}", docs[1]);
    }

    #[test]
    fn compare_three_thousand_identical_files() {
        let dir = tempfile::tempdir().unwrap();
        let pile = dir.path().join("pile");
        std::fs::create_dir(&pile).unwrap();
        let text = "Over 20 federal tech workers resigned on Tuesday, according to a letter.\n";
        for i in 0..3_000 {
            std::fs::write(pile.join(format!("{i:05}.txt")), text).unwrap();
        }
        let (code, json) = compare_json(dir.path(), &["pile"], None);
        assert_eq!(code, 0);
        let got = compared(&json);
        assert_eq!(got.len(), 3_000);
        let want: Vec<String> = (0..3_000).map(|i| format!("pile/{i:05}.txt")).collect();
        assert_eq!(got, want);
        // Every copy but the first says whose copy it is.
        let docs = json["documents"].as_array().unwrap();
        for d in &docs[1..] {
            let ev = d["evidence"].as_array().unwrap();
            assert!(
                ev.iter().any(|e| e["kind"] == "identical_copy"
                    && e["detail"].as_str().unwrap().contains("pile/00000.txt")),
                "{d}"
            );
            assert_eq!(d["verdict"], docs[0]["verdict"]);
        }
        assert!(skipped(&json).is_empty());
    }

    #[test]
    fn compare_a_folder_nested_ten_deep() {
        let dir = tempfile::tempdir().unwrap();
        let names = copy_seeds(dir.path());
        let mut deep = PathBuf::from("nest");
        let mut want = Vec::new();
        for (level, name) in (0..10).zip(names.iter().cycle()) {
            deep.push(format!("level{level}"));
            std::fs::create_dir_all(dir.path().join(&deep)).unwrap();
            let file = deep.join(format!("{level}-{name}"));
            std::fs::copy(dir.path().join(name), dir.path().join(&file)).unwrap();
            want.push(file.to_string_lossy().into_owned());
        }
        let (code, json) = compare_json(dir.path(), &["nest"], None);
        assert_eq!(code, 0, "{json}");
        let mut got = compared(&json);
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }

    #[cfg(unix)]
    #[test]
    fn compare_a_folder_with_a_symlink_loop() {
        let dir = tempfile::tempdir().unwrap();
        let names = copy_seeds(dir.path());
        let sub = dir.path().join("pile/a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(dir.path().join(&names[0]), sub.join("story.txt")).unwrap();
        std::fs::copy(dir.path().join(&names[1]), dir.path().join("pile/top.txt")).unwrap();
        std::os::unix::fs::symlink("../..", sub.join("up")).unwrap();
        let (code, json) = compare_json(dir.path(), &["pile"], None);
        assert_eq!(code, 0, "{json}");
        let mut got = compared(&json);
        got.sort();
        assert_eq!(got, vec!["pile/a/b/story.txt", "pile/top.txt"]);
        let skipped = skipped(&json);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].0.ends_with("up"), "{skipped:?}");
        assert!(
            skipped[0].1.contains("symlink_loop") || skipped[0].1.contains("loop"),
            "{skipped:?}"
        );
    }

    #[test]
    fn compare_reads_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let names = copy_seeds(dir.path());
        let stdin = std::fs::read(dir.path().join(&names[1])).unwrap();
        let (code, json) = compare_json(dir.path(), &["--one-story", &names[0], "-"], Some(&stdin));
        assert_eq!(code, 0, "{json}");
        assert_eq!(compared(&json), vec![names[0].clone(), "-".into()]);
        // Read as a version of one story, stdin is aligned with the file.
        assert_eq!(json["alignments"].as_array().unwrap().len(), 1, "{json}");
    }

    #[test]
    fn diff_reads_stdin_for_one_side() {
        let dir = tempfile::tempdir().unwrap();
        let names = copy_seeds(dir.path());
        let stdin = std::fs::read(dir.path().join(&names[2])).unwrap();
        let r = run(dir.path(), &["diff", &names[0], "-"], Some(&stdin));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains(&names[0]), "{}", r.stdout);
        assert!(
            r.stdout.lines().any(|l| l.trim_end().ends_with(" -")),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("@@"),
            "aligned passages shown: {}",
            r.stdout
        );
    }

    #[test]
    fn cluster_reads_stdin_for_one_input() {
        let dir = tempfile::tempdir().unwrap();
        let names = copy_seeds(dir.path());
        let text = std::fs::read_to_string(dir.path().join(&names[0])).unwrap();
        std::fs::write(dir.path().join("copy.txt"), &text).unwrap();
        let r = run(
            dir.path(),
            &[
                "cluster",
                "--format",
                "json",
                "--singletons",
                &names[1],
                "copy.txt",
                "-",
            ],
            Some(text.as_bytes()),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let members: Vec<Vec<String>> = json["clusters"]
            .as_array()
            .unwrap_or_else(|| panic!("{json}"))
            .iter()
            .map(|c| {
                c["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        // Stdin holds a copy of copy.txt, so they are one cluster; the other seed stands alone.
        assert!(
            members.contains(&vec!["copy.txt".to_string(), "-".to_string()]),
            "{members:?}"
        );
        assert!(members.contains(&vec![names[1].clone()]), "{members:?}");
    }
}
