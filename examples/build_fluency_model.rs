//! Builds `data/fluency-en.bin` from the plain-text corpus that `tools/fluency_corpus.py` writes.
//!
//! ```text
//! python3 tools/fluency_corpus.py target/fluency-corpus.txt
//! cargo run --release --example build_fluency_model -- target/fluency-corpus.txt data/fluency-en.bin
//! ```
//! Optional third and fourth arguments: vocabulary size and minimum stored trigram count.

use wiredrift::fluency::{TrainOptions, train};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err(
            "usage: build_fluency_model CORPUS.txt OUT.bin [VOCAB_SIZE] [MIN_TRIGRAM_COUNT]".into(),
        );
    }
    let mut options = TrainOptions::default();
    if let Some(v) = args.get(3) {
        options.vocab_size = v.parse()?;
    }
    if let Some(v) = args.get(4) {
        options.min_trigram_count = v.parse()?;
    }
    let corpus = std::fs::read_to_string(&args[1])?;
    let paragraphs = corpus.lines().filter(|l| !l.trim().is_empty());
    let bytes = train(paragraphs, &options);
    std::fs::write(&args[2], &bytes)?;
    eprintln!("wrote {} ({} bytes)", args[2], bytes.len());
    Ok(())
}
