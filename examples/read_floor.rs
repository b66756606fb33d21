//! The input floor of `cluster`: walks a pile and reads every file in parallel through the same
//! loader (`load::discover`, `load::read_source`: open, size, read, UTF-8 check), and does nothing
//! else. `benches/peers/peers.py` runs it beside the tools, so a figure for the whole pipeline can
//! be read against the cost of merely getting the bytes in.
//!
//! ```sh
//! cargo run --release --example read_floor -- fixtures/large/peers-11500
//! ```

use rayon::prelude::*;
use std::process::ExitCode;
use std::time::Instant;
use wiredrift::load::{self, LoadOptions};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: read_floor PATH...");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let (sources, issues) = load::discover(&paths);
    let listed = start.elapsed();
    let options = LoadOptions::default();
    let (documents, bytes) = sources
        .par_iter()
        .map(|source| match load::read_source(source, &options) {
            Ok(doc) => (1usize, doc.text.len()),
            Err(_) => (0, 0),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let total = start.elapsed();
    println!(
        "read_floor: {documents} documents, {bytes} bytes, {} issues; listed in {:.3} s, read in {:.3} s",
        issues.len(),
        listed.as_secs_f64(),
        total.as_secs_f64()
    );
    ExitCode::SUCCESS
}
