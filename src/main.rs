//! The `wiredrift` command: a thin shell over the library.

mod cli;

use std::process::ExitCode;

/// jemalloc, not the system allocator: see the note on the dependency in Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cli::run()
}
