//! Writes a synthetic story of N versions of about W words each into a folder, for timing
//! `compare` by hand: `cargo run --release --example synthetic_story -- OUT_DIR 50 2000`.
//! With `--restating` after the counts, also a reprint of each version that restates a figure.

#[path = "../benches/story.rs"]
mod story;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), versions, words) = (
        args.get(1),
        args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50),
        args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2000),
    ) else {
        eprintln!("usage: synthetic_story OUT_DIR [VERSIONS] [WORDS] [--restating]");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("{out}: {e}");
        std::process::exit(2);
    }
    let mut docs = story::synthetic_story(versions, words);
    if args.get(4).is_some_and(|a| a == "--restating") {
        docs.extend(story::restating_reprints(&docs));
    }
    for doc in docs {
        let path = std::path::Path::new(out).join(&doc.path);
        if let Err(e) = std::fs::write(&path, doc.text) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    }
}
