//! `wiredrift evaluate`: scores the judge and the aligner on a labeled set of story families.

use super::{Outcome, Ran};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use wiredrift::compare::CompareOptions;
use wiredrift::evaluate;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Folder holding `labels.tsv` and one folder per family.
    pub root: PathBuf,
    /// Print every version's outcome and every pair's alignment score.
    #[arg(long)]
    pub verbose: bool,
    /// Print the evaluation as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Whether a version's verdict met its label's target: `None` when it did, else the mark its
/// row carries.
fn miss(label: &str, verdict: &str) -> Option<&'static str> {
    match (label, verdict) {
        ("garbled", "garbled") | ("unrelated", "unrelated") => None,
        ("garbled", _) | ("unrelated", _) => Some("MISSED"),
        (_, "garbled") => Some("FALSE FLAG"),
        _ => None,
    }
}

pub fn run(args: EvaluateArgs) -> Ran {
    let eval = match evaluate::evaluate(&args.root, &CompareOptions::default()) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("wiredrift: error: {e}");
            return Ok(Outcome::Failed);
        }
    };
    let missed = eval
        .versions
        .iter()
        .filter(|v| miss(&v.label, v.verdict.as_str()).is_some())
        .count();
    let outcome = if missed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &eval).map_err(std::io::Error::from)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(outcome);
    }
    if args.verbose {
        verbose(&mut out, &eval)?;
    }
    writeln!(
        out,
        "garbled recall {:.3} ({}/{}), human versions called garbled or mistranslated {}/{}, unrelated caught {}/{}, lines aligned {:.3} ({}/{})",
        eval.garbled_recall(),
        eval.garbled_caught,
        eval.garbled_total,
        eval.false_flags,
        eval.human_total,
        eval.unrelated_caught,
        eval.unrelated_total,
        eval.alignment_accuracy(),
        eval.lines_correct,
        eval.lines_total
    )?;
    out.flush()?;
    if missed > 0 {
        eprintln!(
            "wiredrift: {missed} version(s) missed their target (rows marked MISSED or FALSE FLAG in --verbose)"
        );
    }
    Ok(outcome)
}

/// One row per version and per aligned pair, in columns as wide as their longest entry.
fn verbose(out: &mut impl Write, eval: &evaluate::Evaluation) -> std::io::Result<()> {
    let wide = |f: &dyn Fn(&evaluate::VersionOutcome) -> usize| {
        eval.versions.iter().map(f).max().unwrap_or(0)
    };
    let fam = wide(&|v| v.family.chars().count()).max(
        eval.alignments
            .iter()
            .map(|a| a.family.chars().count())
            .max()
            .unwrap_or(0),
    );
    let file = wide(&|v| v.file.chars().count());
    let label = wide(&|v| v.label.chars().count());
    let verdict = wide(&|v| v.verdict.as_str().len());
    for v in &eval.versions {
        let mark = miss(&v.label, v.verdict.as_str()).unwrap_or("ok");
        writeln!(
            out,
            "{:<fam$}  {:<file$}  {:<label$}  {:<verdict$}  garbled {:.2}  fluency {:>6.3}  {}",
            v.family,
            v.file,
            v.label,
            v.verdict.as_str(),
            v.garbled_score,
            v.fluency,
            mark
        )?;
    }
    for a in &eval.alignments {
        let debris = match a.debris {
            0 => String::new(),
            n => format!(" ({n} page-debris lines not scored)"),
        };
        writeln!(
            out,
            "{:<fam$}  {} ~ {}: {}/{} lines{debris}",
            a.family, a.a, a.b, a.correct, a.lines
        )?;
    }
    Ok(())
}
