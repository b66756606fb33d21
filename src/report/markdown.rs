//! The Markdown report, ready to paste into an issue or a wiki: the same sections as the text
//! report, as tables and lists. Quoted text is escaped so that it shows as printed; word diffs
//! mark deleted words `~~like this~~` and inserted ones `**like this**`.

use super::text::count;
use super::{
    InContext, Options, Positions, Quoted, clip, drifted_passages, evidence_heading,
    evidence_in_order, evidence_label, label, percent, quoted, verdict_rank,
};
use crate::compare::Comparison;
use crate::diff::{Style, View, WordDiff, escape_markdown as esc};
use std::fmt::Write;

/// The Markdown report.
pub fn markdown(c: &Comparison, options: &Options) -> String {
    let mut s = String::new();
    let n = c.documents.len();
    let positions = Positions::new(c);
    let _ = writeln!(s, "# wiredrift report\n");
    let _ = writeln!(
        s,
        "{n} version{} in {} stor{}{}.\n",
        if n == 1 { "" } else { "s" },
        c.stories.len(),
        if c.stories.len() == 1 { "y" } else { "ies" },
        if c.skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} skipped or failed",
                count(c.skipped.len(), "input", "inputs")
            )
        }
    );

    // Verdicts: one row per version, worst first as in the other reports.
    let _ = writeln!(s, "## Verdicts\n");
    let _ = writeln!(
        s,
        "| # | Version | Verdict | Score | Story | Aligned | Top evidence |"
    );
    let _ = writeln!(s, "|---|---|---|---:|---:|---:|---|");
    let mut worst_first: Vec<usize> = (0..n).collect();
    worst_first.sort_by_key(|&i| (verdict_rank(c.documents[i].verdict), i));
    for &i in &worst_first {
        let d = &c.documents[i];
        let top = evidence_in_order(c, i)
            .first()
            .map(|e| format!("{}: {}", evidence_label(e.kind), esc(&clip(&e.detail, 120))))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "| {} | {} | **{}** | {} | {} | {} | {} |",
            esc(&label(i)),
            esc(&d.path),
            d.verdict.as_str(),
            percent(d.score),
            d.story,
            percent(d.signals.coverage),
            top
        );
    }
    let _ = writeln!(s);

    // Similarity per story.
    for story in c.stories.iter().filter(|s| s.members.len() > 1) {
        let _ = writeln!(
            s,
            "## Story {}: content similarity of its {} versions\n",
            story.id,
            story.members.len()
        );
        let mut header = String::from("| |");
        let mut rule = String::from("|---|");
        for &m in &story.members {
            let _ = write!(header, " {} |", esc(&label(m)));
            rule.push_str("---:|");
        }
        let _ = writeln!(s, "{header}\n{rule}");
        for (i, &m) in story.members.iter().enumerate() {
            let _ = write!(s, "| **{}** |", esc(&label(m)));
            for j in 0..story.members.len() {
                let v = story.similarity.get(i).and_then(|r| r.get(j)).copied();
                let cell = match v {
                    _ if i == j => "·".to_string(),
                    Some(v) => percent(v),
                    None => "-".to_string(),
                };
                let _ = write!(s, " {cell} |");
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s);
    }

    // Evidence per version, worst verdicts first.
    let _ = writeln!(s, "## Evidence\n");
    let _ = writeln!(
        s,
        "Worst verdicts first. Quotes run from the counterpart to this version: \
         ~~struck~~ words are only in the counterpart, **bold** ones only in this version.\n"
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (verdict_rank(c.documents[i].verdict), i));
    for i in order {
        let d = &c.documents[i];
        let _ = writeln!(
            s,
            "### {} {}: {} ({})\n",
            esc(&label(i)),
            esc(&d.path),
            d.verdict.as_str(),
            percent(d.score)
        );
        let p = &d.passages;
        let _ = writeln!(
            s,
            "{} aligned: {} verbatim, {} edited, {} paraphrase, {} garbled, {} mistranslated; {} unique.\n",
            percent(d.signals.coverage),
            percent(p.verbatim),
            percent(p.edited),
            percent(p.paraphrase),
            percent(p.garbled),
            percent(p.mistranslated),
            percent(p.unique)
        );
        for e in evidence_in_order(c, i).iter().take(options.max_evidence) {
            let _ = writeln!(
                s,
                "- **{}**: {}",
                evidence_heading(e, i, &positions),
                esc(&e.detail)
            );
            let in_context = |(left, span, right): &InContext| {
                format!("{}**{}**{}", esc(left), esc(span), esc(right))
            };
            match quoted(c, i, e, 50) {
                Some(Quoted::Diff { old, new }) => {
                    let diff = WordDiff::new(old, new);
                    let _ = writeln!(s, "  > {}", diff.render(View::Both, Style::Markdown));
                }
                Some(Quoted::Facts { mine, theirs }) => {
                    let mine = mine.as_ref().map_or_else(|| esc(&e.text), in_context);
                    let _ = writeln!(s, "  > {mine}");
                    if let Some((other, start, words)) = &theirs {
                        let _ = writeln!(
                            s,
                            "  >\n  > {} at {}: {}",
                            esc(&label(*other)),
                            positions.at(*other, *start),
                            in_context(words)
                        );
                    }
                }
                Some(Quoted::InLine(words)) => {
                    let _ = writeln!(s, "  > {}", in_context(&words));
                }
                Some(Quoted::Plain(text)) => {
                    let _ = writeln!(s, "  > {}", esc(&clip(text, 300)));
                }
                None => {}
            }
        }
        if d.evidence.len() > options.max_evidence {
            let _ = writeln!(
                s,
                "- … {} more (the JSON report lists all)",
                d.evidence.len() - options.max_evidence
            );
        }
        let _ = writeln!(s);
    }

    // Drifted passages.
    let drifted = drifted_passages(c);
    if !drifted.is_empty() && options.max_passages > 0 {
        let shown = drifted.len().min(options.max_passages);
        let _ = writeln!(s, "## Drifted passages\n");
        let _ = writeln!(
            s,
            "The {shown} strongest of {}, each drifted version against its most faithful close \
             counterpart. ~~Struck~~ words are only in the counterpart, **bold** ones only in the \
             drifted version (named first).\n",
            drifted.len()
        );
        for d in drifted.iter().take(shown) {
            let (vs, ve) = d.version_span();
            let (cs, ce) = d.counterpart_span();
            let _ = writeln!(
                s,
                "### {} {}: {} {} against {} {}{}\n",
                d.pair.class.as_str(),
                percent(d.pair.similarity),
                esc(&label(d.version)),
                positions.span(d.version, vs, ve),
                esc(&label(d.counterpart)),
                positions.span(d.counterpart, cs, ce),
                if d.pair.moved { " (moved)" } else { "" }
            );
            let (ta, tb) = d.texts(c);
            let diff = WordDiff::new(ta, tb);
            let _ = writeln!(s, "> {}\n", diff.render(View::Both, Style::Markdown));
        }
    }

    if !c.skipped.is_empty() {
        let _ = writeln!(s, "## Skipped or failed\n");
        for issue in &c.skipped {
            let _ = writeln!(s, "- {}", esc(&issue.message));
        }
        let _ = writeln!(s);
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}
