//! `wiredrift compare`: load, align, judge, report.

use super::{Global, Outcome};
use clap::Args;
use std::path::PathBuf;
use wiredrift::load::{self, LoadOptions};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Files or folders holding the versions; `-` reads one document from stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Replace invalid UTF-8 instead of refusing the file.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = load::DEFAULT_MAX_BYTES, value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64 - 1))]
    pub max_bytes: u64,
}

pub fn run(args: CompareArgs, global: &Global) -> Outcome {
    let options = LoadOptions {
        lossy: args.lossy,
        max_bytes: args.max_bytes,
    };
    let loaded = load::load(&args.paths, &options);
    for issue in &loaded.issues {
        global.report_issue(issue);
    }
    for doc in &loaded.documents {
        let seg = wiredrift::segment::Segmented::new(&doc.text);
        println!(
            "{}\t{} paragraphs\t{} sentences\t{} words",
            doc.path,
            seg.paragraphs.len(),
            seg.sentences.len(),
            seg.words.len()
        );
    }
    if loaded.has_failures() || loaded.documents.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}
