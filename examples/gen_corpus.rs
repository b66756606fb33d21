//! Writes the synthetic news corpus with planted versions to a folder.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- fixtures/large/corpus 20000 [SEED] [--truth FILE]
//! ```
//!
//! The second argument is the number of stories (about 1.3 documents and 2.9 KB each). With
//! `--truth FILE`, a TSV of `path<TAB>story` is written too, for measuring recall.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut truth: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--truth" {
            truth = it.next().map(PathBuf::from);
        } else {
            positional.push(a.clone());
        }
    }
    let (Some(out), Some(stories)) = (positional.first(), positional.get(1)) else {
        eprintln!("usage: gen_corpus OUT_DIR STORIES [SEED] [--truth FILE]");
        return ExitCode::from(2);
    };
    let Ok(stories) = stories.parse::<usize>() else {
        eprintln!("gen_corpus: STORIES must be a number, got {stories}");
        return ExitCode::from(2);
    };
    let seed = match positional.get(2).map(|s| s.parse::<u64>()) {
        None => 42,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("gen_corpus: SEED must be a number");
            return ExitCode::from(2);
        }
    };
    let root = PathBuf::from(out);
    let docs = corpus::generate(stories, seed);
    let mut bytes = 0usize;
    let mut truth_out = String::new();
    for doc in &docs {
        let path = root.join(&doc.name);
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("gen_corpus: cannot create {}: {e}", parent.display());
                return ExitCode::from(2);
            }
        }
        if let Err(e) = std::fs::write(&path, &doc.text) {
            eprintln!("gen_corpus: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        bytes += doc.text.len();
        truth_out.push_str(&format!("{}\t{}\n", path.display(), doc.story));
    }
    if let Some(t) = truth {
        if let Err(e) = std::fs::write(&t, truth_out) {
            eprintln!("gen_corpus: cannot write {}: {e}", t.display());
            return ExitCode::from(2);
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "gen_corpus: {} documents, {} bytes in {}",
        docs.len(),
        bytes,
        root.display()
    );
    ExitCode::SUCCESS
}
