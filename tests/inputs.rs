//! Bad inputs through the real binary: every one must end in the documented exit code and one
//! line on stderr that names the file, never a panic and never a silent success.
//!
//! Good files are the seed texts, copied into a temporary folder at test time; bad ones are made
//! on the spot. The binary runs inside that folder so the paths in its messages are the short
//! relative ones the test passed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The stderr lines that mention `name`.
    fn lines_naming(&self, name: &str) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(name)).collect()
    }

    /// Asserts that exactly one stderr line names `name`, that it says `what`, and returns it.
    fn one_line_naming(&self, name: &str, what: &str) -> &str {
        let lines = self.lines_naming(name);
        assert_eq!(
            lines.len(),
            1,
            "expected one line naming {name}, stderr was:\n{}",
            self.stderr
        );
        assert!(
            lines[0].contains(what),
            "expected {what:?} in {:?}",
            lines[0]
        );
        lines[0]
    }
}

/// Runs `wiredrift compare` and checks what holds for every input: no panic, and every message a
/// single line that starts with the program's name.
fn wiredrift(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let run = wiredrift_raw(dir, args, stdin);
    for line in run.stderr.lines() {
        assert!(
            line.starts_with("wiredrift: "),
            "every message is one line that says who speaks: {line:?}"
        );
    }
    run
}

fn wiredrift_raw(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .arg("compare")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // The binary may refuse the input before reading it all; a broken pipe is fine.
        let _ = pipe.write_all(bytes);
    }
    let out = child.wait_with_output().expect("the binary finishes");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_ne!(run.code, 101, "panicked:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .map(|e| e.expect("seeds/ is readable").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 3);
    seeds
}

/// A temporary folder holding `n` seed texts as `good0.txt`, `good1.txt`, ... under `sub`.
fn with_good_files(n: usize, sub: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    let names: Vec<String> = seeds()
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, seed)| {
            let name = Path::new(sub)
                .join(format!("good{i}.txt"))
                .display()
                .to_string();
            std::fs::copy(seed, dir.path().join(&name)).unwrap();
            name
        })
        .collect();
    (dir, names)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn good_files_compare_cleanly() {
    let (dir, good) = with_good_files(3, ".");
    let args: Vec<&str> = good.iter().map(String::as_str).collect();
    let run = wiredrift(dir.path(), &args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
}

#[test]
fn latin1_file_is_refused_with_the_offset_of_the_first_bad_byte() {
    let (dir, good) = with_good_files(2, ".");
    write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 au lait, s'il vous pla\xeet.",
    );
    let run = wiredrift(dir.path(), &[&good[0], &good[1], "latin1.txt"], None);
    assert_eq!(run.code, 2);
    let line = run.one_line_naming("latin1.txt", "offset 3");
    assert!(line.contains("error"));
    assert!(
        line.contains("--lossy"),
        "tells the user what to do: {line}"
    );
    // The good files were still compared.
    assert!(run.stdout.contains("good0.txt") && run.stdout.contains("good1.txt"));
    assert!(!compared(&run.stdout, "latin1.txt"));
}

#[test]
fn lossy_reads_latin1_with_a_warning() {
    let (dir, good) = with_good_files(2, ".");
    write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 au lait, s'il vous pla\xeet.",
    );
    // The whole report reads every file first; the streamed one reads them lazily, twice.
    for format in ["text", "jsonl"] {
        let run = wiredrift(
            dir.path(),
            &[
                "--lossy",
                "--format",
                format,
                &good[0],
                &good[1],
                "latin1.txt",
            ],
            None,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line = run.one_line_naming("latin1.txt", "--lossy");
        assert!(
            line.contains("warning") && line.contains('2'),
            "{format}: {line}"
        );
        assert!(run.stdout.contains("latin1.txt"), "{format}");
    }
    let run = wiredrift(
        dir.path(),
        &["--lossy", "--format", "jsonl", "latin1.txt", &good[0]],
        None,
    );
    let summary: serde_json::Value =
        serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert_eq!(skipped[0]["problem"], "replaced");
    assert_eq!(skipped[0]["replacements"], 2);
}

#[test]
fn binary_empty_and_blank_files_are_skipped_with_a_warning() {
    let (dir, good) = with_good_files(2, ".");
    write(
        dir.path(),
        "image.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    write(dir.path(), "empty.txt", b"");
    write(dir.path(), "blank.txt", b" \n\t\r\n  \n");
    let run = wiredrift(
        dir.path(),
        &[&good[0], "image.png", "empty.txt", "blank.txt", &good[1]],
        None,
    );
    assert_eq!(run.code, 0, "skips are warnings: {}", run.stderr);
    assert!(
        run.one_line_naming("image.png", "binary")
            .contains("warning")
    );
    assert!(
        run.one_line_naming("empty.txt", "empty")
            .contains("warning")
    );
    assert!(
        run.one_line_naming("blank.txt", "empty")
            .contains("warning")
    );
    for skipped in ["image.png", "empty.txt", "blank.txt"] {
        assert!(!compared(&run.stdout, skipped), "{skipped} was compared");
    }
}

#[test]
fn quiet_hides_warnings_but_not_errors() {
    let (dir, good) = with_good_files(2, ".");
    write(dir.path(), "empty.txt", b"");
    let run = wiredrift(
        dir.path(),
        &["--quiet", &good[0], &good[1], "empty.txt"],
        None,
    );
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    let run = wiredrift(dir.path(), &["--quiet", &good[0], "missing.txt"], None);
    assert_eq!(run.code, 2);
    run.one_line_naming("missing.txt", "no such file");
}

#[test]
fn a_file_over_max_bytes_is_an_error_that_names_the_flag() {
    let (dir, good) = with_good_files(3, ".");
    let big = &good[0];
    let size = std::fs::metadata(dir.path().join(big)).unwrap().len();
    let run = wiredrift(dir.path(), &["--max-bytes", "2000", big], None);
    assert_eq!(run.code, 2);
    let line = run.one_line_naming(big, "--max-bytes");
    assert!(
        line.contains(&size.to_string()) && line.contains("2000"),
        "{line}"
    );
    // Raising the limit reads it.
    let limit = size.to_string();
    let run = wiredrift(dir.path(), &["--max-bytes", &limit, big, &good[1]], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_missing_path_is_an_error_and_the_rest_is_still_compared() {
    let (dir, good) = with_good_files(2, ".");
    let run = wiredrift(dir.path(), &[&good[0], "nope.txt", &good[1]], None);
    assert_eq!(run.code, 2);
    run.one_line_naming("nope.txt", "no such file");
    assert!(run.stdout.contains("good0.txt") && run.stdout.contains("good1.txt"));
}

#[test]
fn an_empty_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("nothing")).unwrap();
    std::fs::write(dir.path().join("nothing/.hidden.txt"), "Hidden text.").unwrap();
    let run = wiredrift(dir.path(), &["nothing"], None);
    assert_eq!(run.code, 2);
    run.one_line_naming("nothing", "no files");
}

#[test]
fn a_folder_of_good_and_bad_files_compares_the_good_and_names_the_bad() {
    let (dir, _) = with_good_files(3, "pile");
    write(dir.path(), "pile/latin1.txt", b"Se\xf1or Trump.");
    write(dir.path(), "pile/data.bin", b"\x00\x01\x02\x03");
    write(dir.path(), "pile/empty.txt", b"");
    std::fs::create_dir(dir.path().join("pile/.git")).unwrap();
    write(dir.path(), "pile/.git/HEAD", b"\xff\xfe\x00");
    let run = wiredrift(dir.path(), &["pile"], None);
    assert_eq!(run.code, 2, "a partial failure never exits 0");
    run.one_line_naming("latin1.txt", "not valid UTF-8");
    run.one_line_naming("data.bin", "binary");
    run.one_line_naming("empty.txt", "empty");
    assert!(
        run.lines_naming(".git").is_empty(),
        "hidden entries are skipped"
    );
    for i in 0..3 {
        assert!(
            run.stdout.contains(&format!("good{i}.txt")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_folder_where_nothing_could_be_used_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("junk")).unwrap();
    write(dir.path(), "junk/a.bin", b"\x00\x00");
    write(dir.path(), "junk/b.txt", b"   ");
    let run = wiredrift(dir.path(), &["junk"], None);
    assert_eq!(run.code, 2);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("error") && l.contains("junk:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("none of the 2"), "{}", errors[0]);
}

#[test]
fn stdin_is_read_once_under_the_name_dash() {
    let (dir, good) = with_good_files(2, ".");
    let text = std::fs::read(dir.path().join(&good[1])).unwrap();
    let run = wiredrift(dir.path(), &[&good[0], "-"], Some(&text));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.split_whitespace().next() == Some("-"))
    );
    let run = wiredrift(dir.path(), &[&good[0], "-", "-"], Some(&text));
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.one_line_naming("-:", "stdin named more than once");
}

#[test]
fn bad_stdin_is_named_dash() {
    let (dir, good) = with_good_files(2, ".");
    let run = wiredrift(dir.path(), &[&good[0], &good[1], "-"], Some(b"caf\xe9"));
    assert_eq!(run.code, 2);
    run.one_line_naming("wiredrift: error: -:", "offset 3");
    let run = wiredrift(dir.path(), &[&good[0], &good[1], "-"], Some(b""));
    assert_eq!(run.code, 0);
    run.one_line_naming("wiredrift: warning: -:", "empty");
}

#[test]
fn a_path_given_twice_is_read_once() {
    let (dir, good) = with_good_files(2, "d");
    let run = wiredrift(dir.path(), &[&good[0], &good[1], "d", &good[0]], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // good0 given, found in d/, given again; good1 the same but once more: three warnings.
    assert_eq!(
        run.lines_naming("already read as").len(),
        3,
        "{}",
        run.stderr
    );
    // A folder given twice, or inside another one given.
    let run = wiredrift(dir.path(), &["d", "d", "./d/"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.lines_naming("already read as").len(),
        2,
        "{}",
        run.stderr
    );
    assert!(run.lines_naming("no files").is_empty(), "{}", run.stderr);
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let (dir, good) = with_good_files(1, ".");
    // Usage errors are clap's, with its usage hint; only the exit code is ours.
    let run = wiredrift_raw(dir.path(), &["--max-bytes", "lots", &good[0]], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--max-bytes"));
    let run = wiredrift_raw(dir.path(), &["--max-bytes", "0", &good[0]], None);
    assert_eq!(run.code, 2);
    let run = wiredrift_raw(dir.path(), &[], None);
    assert_eq!(run.code, 2);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, good) = with_good_files(3, ".");
    let locked = dir.path().join(&good[2]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        // Running as root: permissions do not deny reads, so there is nothing to test.
        eprintln!("skipped: chmod 000 does not deny reads here (root?)");
        return;
    }
    let run = wiredrift(dir.path(), &[&good[0], &good[1], &good[2]], None);
    assert_eq!(run.code, 2);
    run.one_line_naming(&good[2], "cannot read");
}

#[cfg(unix)]
#[test]
fn special_files_are_bounded_by_max_bytes() {
    let (dir, good) = with_good_files(2, ".");
    let run = wiredrift(
        dir.path(),
        &["--max-bytes", "4096", &good[0], "/dev/zero"],
        None,
    );
    assert_eq!(run.code, 2);
    run.one_line_naming("/dev/zero", "more than 4096 bytes");
    let run = wiredrift(dir.path(), &[&good[0], &good[1], "/dev/null"], None);
    assert_eq!(run.code, 0);
    run.one_line_naming("/dev/null", "empty");
}

#[cfg(target_os = "linux")]
#[test]
fn a_named_pipe_is_read_and_one_without_a_writer_does_not_hang() {
    let (dir, good) = with_good_files(2, ".");
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // With a writer.
    let text = std::fs::read(dir.path().join(&good[1])).unwrap();
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(writer_path, text));
    let run = wiredrift(dir.path(), &[&good[0], "pipe"], None);
    writer.join().unwrap().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("pipe"));
    // Without one: given up after a few seconds, named.
    let run = wiredrift(dir.path(), &[&good[0], &good[1], "pipe"], None);
    assert_eq!(run.code, 2);
    run.one_line_naming("pipe", "no process wrote to it");
}

/// Whether the report gives `name` a verdict. Skipped and failed inputs are listed in the report
/// too (nothing is lost silently), but never judged.
fn compared(stdout: &str, name: &str) -> bool {
    stdout.lines().any(|line| {
        line.contains(name)
            && ["faithful", "edited", "paraphrased", "garbled", "unrelated"]
                .iter()
                .any(|verdict| line.contains(verdict))
    })
}
