//! The input floor of `cluster`: walks a pile and reads every file through the same loader
//! (`load::discover_in_chunks`, `load::read_source`: open, size, read, UTF-8 check), the walk on
//! its own thread and the reads on every core as they are listed, and does nothing else with the
//! bytes.
//! `benches/peers/peers.py` runs it beside the tools, so a figure for the whole pipeline can be
//! read against the cost of merely getting the bytes in.
//!
//! ```sh
//! cargo run --release --example read_floor -- fixtures/large/peers-11500
//! ```

use rayon::prelude::*;
use std::process::ExitCode;
use std::time::Instant;
use wiredrift::load::{self, LoadOptions};

const CHUNK: usize = 2048;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: read_floor PATH...");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let options = LoadOptions::default();
    let (tx, rx) = std::sync::mpsc::sync_channel::<load::Listed>(2);
    let (mut documents, mut bytes, mut issues) = (0usize, 0usize, 0usize);
    std::thread::scope(|scope| {
        // The sender moves into the walker, so the channel closes when the walk ends.
        let paths = &paths;
        scope.spawn(move || {
            load::discover_in_chunks(paths, CHUNK, |listed| tx.send(listed).is_ok())
        });
        for listed in rx {
            issues += listed.issues.len();
            let (n, b) = listed
                .sources
                .par_iter()
                .map(|source| match load::read_source(source, &options) {
                    Ok(doc) => (1usize, doc.text.len()),
                    Err(_) => (0, 0),
                })
                .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            documents += n;
            bytes += b;
        }
    });
    println!(
        "read_floor: {documents} documents, {bytes} bytes, {issues} issues in {:.3} s",
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
