//! `wiredrift evaluate`: scores the judge and the aligner on a labeled set of story families.

use super::Outcome;
use clap::Args;
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

pub fn run(args: EvaluateArgs) -> Outcome {
    let eval = match evaluate::evaluate(&args.root, &CompareOptions::default()) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("wiredrift: error: {e}");
            return Outcome::Failed;
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&eval) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("wiredrift: error: {e}");
                return Outcome::Failed;
            }
        }
        return Outcome::Clean;
    }
    if args.verbose {
        for v in &eval.versions {
            let mark = match (v.label.as_str(), v.verdict.as_str()) {
                ("garbled", "garbled") | ("unrelated", "unrelated") => "ok",
                ("garbled", _) => "MISSED",
                (_, "garbled") => "FALSE FLAG",
                _ => "ok",
            };
            println!(
                "{:<10} {:<12} {:<10} {:<12} garbled {:.2} fluency {:.3}  {}",
                v.family,
                v.file,
                v.label,
                v.verdict.as_str(),
                v.garbled_score,
                v.fluency,
                mark
            );
        }
        for a in &eval.alignments {
            println!(
                "{:<10} {} ~ {}: {}/{} lines",
                a.family, a.a, a.b, a.correct, a.lines
            );
        }
    }
    println!(
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
    );
    Outcome::Clean
}
