//! The progress bar of a long `compare`: documents read, candidate pairs, stories judged.
//!
//! Drawn on stderr only when it is a terminal, `-q` is not given and the pile is large enough for
//! a wait to be worth showing; otherwise every call is a no-op.

use super::Global;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use wiredrift::compare::Progress;

/// Piles smaller than this finish before a bar would be read.
const MIN_DOCUMENTS: usize = 2_000;

pub struct PileBar {
    bar: ProgressBar,
}

impl PileBar {
    /// A bar for a pile of `documents` inputs (the walk has listed them all).
    pub fn new(documents: usize, global: &Global) -> PileBar {
        let bar =
            ProgressBar::with_draw_target(Some(documents as u64), ProgressDrawTarget::hidden());
        if documents >= MIN_DOCUMENTS && !global.quiet && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(style("reading"));
        PileBar { bar }
    }

    pub fn update(&self, progress: Progress) {
        match progress {
            Progress::Read(n) => self.bar.inc(n as u64),
            Progress::Candidates {
                pairs,
                editions,
                to_judge,
            } => {
                self.bar.set_style(style("judging"));
                self.bar
                    .set_message(format!("{pairs} candidate pairs among {editions} editions"));
                self.bar.set_position(0);
                self.bar.set_length(to_judge as u64);
            }
            Progress::Judged { documents, .. } => self.bar.inc(documents as u64),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `reading 1200/5000 docs [=====>    ] 00:03 eta 00:09 msg`, short enough for 80 columns.
fn style(stage: &str) -> ProgressStyle {
    ProgressStyle::with_template(&format!(
        "{stage} {{human_pos}}/{{human_len}} docs [{{bar:20}}] {{elapsed}} eta {{eta}} {{wide_msg}}"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}
