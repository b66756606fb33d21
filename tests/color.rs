//! Color and exit-code behaviour of the binary: `--color`, `NO_COLOR`, `CLICOLOR_FORCE`, `-o`,
//! and `wiredrift diff`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn seed(prefix: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("seeds")
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    found.sort();
    found.into_iter().next().expect("a seed with that prefix")
}

/// Runs the binary with a clean color environment plus `env`.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wiredrift"));
    cmd.args(args);
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn diff_args<'a>(a: &'a str, b: &'a str, color: &'a str) -> Vec<&'a str> {
    vec!["diff", a, b, "--color", color]
}

#[test]
fn color_always_colors_even_into_a_pipe() {
    let o = run(&["compare", "seeds/", "--color", "always"], &[]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("\x1b["));
}

#[test]
fn color_never_uses_plain_marks() {
    let o = run(&["compare", "seeds/", "--color", "never"], &[]);
    let out = stdout(&o);
    assert!(!out.contains('\x1b'));
    assert!(out.contains("[-") && out.contains("{+"));
}

#[test]
fn auto_is_plain_into_a_pipe_and_with_no_color() {
    let o = run(&["compare", "seeds/"], &[]);
    assert!(!stdout(&o).contains('\x1b'));
    let o = run(&["compare", "seeds/"], &[("NO_COLOR", "1")]);
    let out = stdout(&o);
    assert!(!out.contains('\x1b'));
    assert!(out.contains("[-"));
}

#[test]
fn clicolor_force_colors_auto_but_not_over_no_color() {
    let o = run(&["compare", "seeds/"], &[("CLICOLOR_FORCE", "1")]);
    assert!(stdout(&o).contains("\x1b["));
    let o = run(
        &["compare", "seeds/"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!stdout(&o).contains('\x1b'));
    let o = run(
        &["compare", "seeds/", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn diff_marks_the_mistranslated_name() {
    let a = seed("000_");
    let b = seed("002_");
    let o = run(
        &diff_args(a.to_str().unwrap(), b.to_str().unwrap(), "never"),
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("[-Musk-]"), "{out}");
    assert!(out.contains("{+muscles+}"));
    assert!(out.contains("@@ unique to A @@") || out.contains("@@ unique to B @@"));
    assert!(out.lines().all(|l| l.chars().count() <= 100));
    let o = run(
        &diff_args(a.to_str().unwrap(), b.to_str().unwrap(), "always"),
        &[],
    );
    assert!(stdout(&o).contains("\x1b["));
}

#[test]
fn diff_reads_one_side_from_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let a = seed("001_");
    let b = seed("003_");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(["diff", "-", b.to_str().unwrap(), "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(&a).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with("--- A -\n"), "{out}");
    assert!(out.contains("@@ "));
}

#[test]
fn diff_side_by_side_fits_and_context_folds() {
    let a = seed("001_");
    let b = seed("003_");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let o = run(&["diff", a, b, "--side-by-side", "--color", "never"], &[]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains(" | "));
    assert!(out.lines().all(|l| l.chars().count() <= 100));
    let folded = stdout(&run(
        &["diff", a, b, "--context", "0", "--color", "never"],
        &[],
    ));
    let all = stdout(&run(&["diff", a, b, "--all", "--color", "never"], &[]));
    assert!(
        all.lines().filter(|l| l.starts_with("@@ ")).count()
            >= folded.lines().filter(|l| l.starts_with("@@ ")).count()
    );
    assert!(!all.contains("unchanged passage"));
}

#[test]
fn diff_of_a_missing_file_names_it_and_exits_2() {
    let a = seed("000_");
    let o = run(&["diff", a.to_str().unwrap(), "no/such/file.txt"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no/such/file.txt"), "{err}");
    assert!(err.starts_with("wiredrift: error:"));
}

#[test]
fn output_file_gets_the_report_and_an_unwritable_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let o = run(
        &[
            "compare",
            "seeds/",
            "--format",
            "html",
            "-o",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<del>"));
    assert!(!html.contains('\x1b'));

    let o = run(
        &[
            "compare",
            "seeds/",
            "--format",
            "html",
            "-o",
            "/nonexistent/dir/x.html",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/dir/x.html"));
}

#[test]
fn markdown_and_json_formats_from_the_binary() {
    let md = stdout(&run(&["compare", "seeds/", "--format", "markdown"], &[]));
    assert!(md.starts_with("# wiredrift report"));
    let json = stdout(&run(&["compare", "seeds/", "--format", "json"], &[]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["documents"].is_array());
}
