//! The command-line conventions people bring from diff, git, ripgrep and delta: a closed pipe is
//! no error, `-o` picks the format by extension, the width rule, identical files, exit codes,
//! clap's messages, globs and size suffixes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wiredrift"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null());
    c
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = bin();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("the binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "panicked: {err}");
    assert!(!err.contains("panicked"), "{err}");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("a seed starting with {prefix}"))
}

/// Runs the binary with its stdout closed before it writes anything, as `| head -0` would,
/// and returns its exit code and stderr.
fn closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code(), err)
}

#[test]
fn a_closed_pipe_ends_every_subcommand_quietly_with_exit_0() {
    let a = seed("000_");
    let b = seed("002_");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let runs: Vec<Vec<&str>> = vec![
        vec!["compare", "seeds/"],
        vec!["compare", "seeds/", "--format", "json"],
        vec!["compare", "seeds/", "--format", "markdown"],
        vec!["compare", "seeds/", "--format", "html"],
        vec!["diff", a, b],
        vec!["diff", a, b, "--side-by-side"],
        vec![
            "cluster",
            "seeds/",
            "--char-ngrams",
            "5",
            "--threshold",
            "0.2",
        ],
        vec![
            "cluster",
            "seeds/",
            "--char-ngrams",
            "5",
            "--threshold",
            "0.2",
            "--pairs",
        ],
        vec!["cluster", "seeds/", "--format", "json"],
        vec!["cluster", "seeds/", "--format", "text", "--singletons"],
        vec!["evaluate", "fixtures/drift", "--verbose"],
        vec!["evaluate", "fixtures/drift", "--json"],
        vec!["compare", "--help"],
        vec!["--version"],
    ];
    for args in runs {
        let (code, err) = closed_pipe(&args);
        assert_eq!(code, Some(0), "{args:?} exits 0 on a closed pipe: {err}");
        assert!(
            !err.contains("error") && !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?} is quiet on a closed pipe: {err}"
        );
    }
}

#[test]
fn output_format_follows_the_file_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name);
    for (name, check) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
        ("r.md", "# wiredrift report"),
        ("r.json", "{"),
        ("r.txt", "wiredrift: 5 versions"),
        ("r.report", "wiredrift: 5 versions"),
    ] {
        let path = out(name);
        let o = run(&["compare", "seeds/", "-o", path.to_str().unwrap()], &[]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.starts_with(check), "{name} holds {check}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out("r.json")).unwrap()).unwrap();
    assert!(json["documents"].is_array());

    // --format wins where the extension says nothing, and must agree where it does.
    let path = out("r.report");
    let o = run(
        &[
            "compare",
            "seeds/",
            "--format",
            "json",
            "-o",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));
    let path = out("clash.html");
    let o = run(
        &[
            "compare",
            "seeds/",
            "--format",
            "json",
            "-o",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with("wiredrift: error:") && err.contains("clash.html"));
    assert!(err.contains("--format json"), "{err}");
    assert!(!path.exists(), "nothing is written on a contradiction");
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn reports_wrap_to_width_then_columns_then_the_default() {
    // Not a terminal and no COLUMNS: the documented default, 100.
    let plain = stdout(&run(&["compare", "seeds/"], &[]));
    assert!(
        widest(&plain) <= 100 && widest(&plain) > 80,
        "{}",
        widest(&plain)
    );
    let columns = stdout(&run(&["compare", "seeds/"], &[("COLUMNS", "60")]));
    assert!(widest(&columns) <= 60, "COLUMNS=60: {}", widest(&columns));
    let flag = stdout(&run(
        &["compare", "seeds/", "--width", "72"],
        &[("COLUMNS", "60")],
    ));
    assert!(
        widest(&flag) <= 72 && widest(&flag) > 60,
        "--width beats COLUMNS"
    );
    let diff = stdout(&run(
        &[
            "diff",
            seed("000_").to_str().unwrap(),
            seed("002_").to_str().unwrap(),
        ],
        &[("COLUMNS", "50")],
    ));
    assert!(widest(&diff) <= 50, "diff honours COLUMNS too");

    // A file gets the same width as stdout would.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    let o = run(
        &["compare", "seeds/", "-o", path.to_str().unwrap()],
        &[("COLUMNS", "60")],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(widest(&std::fs::read_to_string(&path).unwrap()) <= 60);

    let o = run(&["compare", "seeds/", "--width", "5"], &[]);
    assert_eq!(o.status.code(), Some(2), "too narrow a --width is refused");
}

#[test]
fn identical_files_diff_as_identical_and_bad_arguments_name_the_problem() {
    let a = seed("001_");
    let a = a.to_str().unwrap();
    let o = run(&["diff", a, a], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("identical"), "{}", stdout(&o));
    assert_eq!(stderr(&o), "");

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.txt");
    std::fs::copy(a, &copy).unwrap();
    let o = run(&["diff", a, copy.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("identical"));

    let o = run(&["diff", "seeds/", a], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("wiredrift: error: seeds/: is a folder"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);

    let binary = dir.path().join("image.bin");
    std::fs::write(&binary, b"GIF89a\0\0\x01\x02").unwrap();
    let o = run(&["diff", a, binary.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("image.bin: is a binary file") && err.starts_with("wiredrift: error:"),
        "{err}"
    );
}

#[test]
fn exit_codes_and_messages_follow_the_help() {
    // Clap's own errors say who speaks, as every other message does.
    let o = run(&["compare", "--frobnicate", "seeds/"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("wiredrift: error:"),
        "{}",
        stderr(&o)
    );
    let o = run(&["no-such-command"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("wiredrift: error:"));
    // No subcommand at all is answered with the help, unprefixed.
    let o = run(&[], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage: wiredrift"), "{}", stderr(&o));
    assert!(!stderr(&o).starts_with("wiredrift: "), "{}", stderr(&o));

    // One document is not a comparison.
    let one = seed("003_");
    let o = run(&["compare", one.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("at least two versions") && err.contains("003_"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());

    // --fail-on names what tripped it, even when the report goes to a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    let o = run(
        &[
            "compare",
            "seeds/",
            "--fail-on",
            "garbled",
            "-o",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("002_") && err.contains("garbled"), "{err}");
    assert!(
        !err.contains("000_"),
        "only the versions that tripped it: {err}"
    );

    // Help pages carry examples, and each subcommand lists only exit codes it can give.
    let help = stdout(&run(&["cluster", "--help"], &[]));
    assert!(help.contains("Examples:") && help.contains("wiredrift cluster"));
    assert!(!help.contains("--fail-on"), "cluster has no --fail-on");
    for sub in ["compare", "diff", "evaluate"] {
        let help = stdout(&run(&[sub, "--help"], &[]));
        assert!(help.contains("Examples:"), "{sub} --help has examples");
        assert!(
            help.contains("Exit codes:"),
            "{sub} --help lists exit codes"
        );
    }
}

/// A labeled set of one family: two seed versions, the second labeled `label`.
fn labeled_set(label: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let family = dir.path().join("fam");
    std::fs::create_dir(&family).unwrap();
    std::fs::copy(seed("001_"), family.join("one.txt")).unwrap();
    std::fs::copy(seed("003_"), family.join("two.txt")).unwrap();
    std::fs::write(
        dir.path().join("labels.tsv"),
        format!("family\tfile\tlabel\tsource\nfam\tone.txt\thuman\t-\nfam\ttwo.txt\t{label}\t-\n"),
    )
    .unwrap();
    dir
}

#[test]
fn evaluate_exits_1_on_a_missed_target_and_explains_a_missing_labels_file() {
    let met = labeled_set("human");
    let o = run(
        &["evaluate", met.path().to_str().unwrap(), "--verbose"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let missed = labeled_set("garbled");
    let o = run(
        &["evaluate", missed.path().to_str().unwrap(), "--verbose"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("MISSED"));
    assert!(stderr(&o).starts_with("wiredrift: "));
    // Columns line up whatever the names' lengths.
    let rows: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| l.contains(" garbled 0.") || l.contains(" garbled 1."))
        .map(str::to_string)
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].find(" fluency "), rows[1].find(" fluency "));

    let empty = tempfile::tempdir().unwrap();
    let o = run(&["evaluate", empty.path().to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("labels.tsv") && err.contains("one folder per family"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn an_empty_cluster_result_says_so_on_stderr() {
    let o = run(&["cluster", "seeds/"], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("no near-duplicates") && err.contains("threshold 0.8"),
        "{err}"
    );
    let o = run(&["cluster", "seeds/", "-q"], &[]);
    assert_eq!(stderr(&o), "", "--quiet hides the note");
}

/// A folder holding two seed stories, a README, a labels file, and a draft under `drafts/`.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(seed("001_"), root.join("a.txt")).unwrap();
    std::fs::copy(seed("003_"), root.join("b.txt")).unwrap();
    std::fs::create_dir(root.join("drafts")).unwrap();
    std::fs::copy(seed("004_"), root.join("drafts/c.txt")).unwrap();
    std::fs::write(root.join("README.md"), "# About this folder\n\nNotes.\n").unwrap();
    std::fs::write(root.join("labels.tsv"), "family\tfile\tlabel\n").unwrap();
    dir
}

fn compared(dir: &Path, globs: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let mut args = vec!["compare", "--format", "json", dir.to_str().unwrap()];
    for g in globs {
        args.extend(["-g", g]);
    }
    let o = run(&args, &[]);
    let names = serde_json::from_str::<serde_json::Value>(&stdout(&o))
        .map(|v| {
            v["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let p = d["path"].as_str().unwrap();
                    Path::new(p)
                        .strip_prefix(dir)
                        .unwrap()
                        .display()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    (o.status.code(), names, stderr(&o))
}

#[test]
fn globs_include_and_exclude_files_inside_folders() {
    let dir = mixed_folder();
    let (code, names, _) = compared(dir.path(), &["*.txt"]);
    assert_eq!(code, Some(0));
    assert_eq!(names, ["a.txt", "b.txt", "drafts/c.txt"]);
    let (_, names, _) = compared(dir.path(), &["*.txt", "!drafts/**"]);
    assert_eq!(names, ["a.txt", "b.txt"]);
    let (_, names, _) = compared(dir.path(), &["!*.md", "!labels.tsv"]);
    assert_eq!(names, ["a.txt", "b.txt", "drafts/c.txt"]);
    // `*` stays within a folder when the pattern has a slash.
    let (_, names, _) = compared(dir.path(), &["*/*.txt", "a.txt"]);
    assert_eq!(names, ["a.txt", "drafts/c.txt"]);

    let (code, _, err) = compared(dir.path(), &["*.pdf"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("match the --glob patterns"), "{err}");
    let (code, _, err) = compared(dir.path(), &["[abc"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("wiredrift: error: --glob [abc"), "{err}");

    // A file named on the command line is read whatever the patterns say.
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let o = run(
        &[
            "compare",
            "--format",
            "json",
            "-g",
            "*.md",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // cluster takes the same patterns.
    let o = run(
        &[
            "cluster",
            dir.path().to_str().unwrap(),
            "--singletons",
            "-g",
            "!drafts/**",
            "-g",
            "*.txt",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
}

#[test]
fn sizes_take_k_m_g_suffixes() {
    let o = run(&["compare", "seeds/", "--max-bytes", "64M"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["compare", "seeds/", "--max-bytes", "1K"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("limit 1024"), "{}", stderr(&o));
    let o = run(&["cluster", "seeds/", "--max-bytes", "2kib", "-q"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["compare", "seeds/", "--max-bytes", "12Q"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("wiredrift: error:") && err.contains("12Q"),
        "{err}"
    );

    assert_eq!(wiredrift::load::parse_size("64M"), Ok(64 * 1024 * 1024));
    assert_eq!(wiredrift::load::parse_size("3g"), Ok(3 << 30));
    assert_eq!(wiredrift::load::parse_size("10KiB"), Ok(10 * 1024));
    assert_eq!(wiredrift::load::parse_size("512"), Ok(512));
    assert!(wiredrift::load::parse_size("M").is_err());
    assert!(wiredrift::load::parse_size("-1K").is_err());
    assert!(wiredrift::load::parse_size("99999999999G").is_err());
}
