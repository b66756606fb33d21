//! The terminal report: who is who, how alike they are, each verdict with its evidence, and the
//! passages that drifted most, with word diffs.

use super::term::{Line, bold, diff_line, dim, styled};
use super::{
    InContext, Options, Positions, Quoted, clip, drifted_passages, evidence_heading,
    evidence_in_order, label, percent, quoted, verdict_rank,
};
use crate::compare::Comparison;
use crate::diff::{View, WordDiff};
use crate::judge::{PassageClass, Verdict};
use anstyle::{AnsiColor, Style};

/// The text report, wrapped to `options.width` columns (at least 40).
/// More documents with no other version than this are counted instead of listed.
pub const MAX_LISTED_ALONE: usize = 10;

pub fn text(c: &Comparison, options: &Options) -> String {
    let width = options.width.max(40);
    let color = options.color;
    let positions = Positions::new(c);
    let mut out: Vec<String> = Vec::new();
    let emit = |out: &mut Vec<String>, line: &Line, first: &str, rest: &str| {
        out.extend(line.wrap(width, first, rest, color));
    };

    let n = c.documents.len();
    let mut head = Line::new();
    head.push("wiredrift:", bold()).plain(&format!(
        "{n} version{} in {} stor{}",
        plural(n),
        c.stories.len(),
        if c.stories.len() == 1 { "y" } else { "ies" }
    ));
    if !c.skipped.is_empty() {
        head.append(
            &format!(
                ", {} skipped or failed",
                count(c.skipped.len(), "input", "inputs")
            ),
            Style::new(),
        );
    }
    emit(&mut out, &head, "", "");

    // A crawl holds many documents with no other version: past a handful they are counted, not
    // listed (`--format json` and `jsonl` list them all).
    let alone: Vec<bool> = c
        .documents
        .iter()
        .map(|d| c.stories.get(d.story).is_none_or(|s| s.members.len() < 2))
        .collect();
    let alone_count = alone.iter().filter(|&&a| a).count();
    let summarize_alone = alone_count > MAX_LISTED_ALONE && alone_count < n;
    let shown = |i: usize| !(summarize_alone && alone[i]);

    // Legend.
    emit(&mut out, &Line::new(), "", "");
    emit(&mut out, Line::new().push("Versions", bold()), "", "");
    let lw = label(n.saturating_sub(1)).len();
    for (i, d) in c.documents.iter().enumerate().filter(|(i, _)| shown(*i)) {
        let mut l = Line::new();
        l.plain(&label(i)).push(&d.path, Style::new());
        // Labels right-aligned, so that the paths line up.
        let pad = format!("  {}", " ".repeat(lw.saturating_sub(label(i).len())));
        emit(&mut out, &l, &pad, &" ".repeat(lw + 3));
    }

    // Similarity matrices.
    for story in &c.stories {
        if story.members.len() < 2 {
            continue;
        }
        emit(&mut out, &Line::new(), "", "");
        emit(
            &mut out,
            Line::new()
                .push(&format!("Story {}", story.id), bold())
                .plain(&format!(
                    "· content similarity of its {} versions",
                    story.members.len()
                )),
            "",
            "",
        );
        for row in matrix_lines(&story.members, &story.similarity, width, color) {
            out.push(row);
        }
    }

    // Verdicts, worst first within input order ties.
    emit(&mut out, &Line::new(), "", "");
    emit(&mut out, Line::new().push("Verdicts", bold()), "", "");
    emit(
        &mut out,
        &legend(
            "worst first; in evidence diffs",
            "the counterpart",
            "this version",
            color,
        ),
        "  ",
        "  ",
    );
    // Grouped by story, worst first within each.
    let mut order: Vec<usize> = (0..n).filter(|&i| shown(i)).collect();
    order.sort_by_key(|&i| {
        (
            c.documents[i].story,
            verdict_rank(c.documents[i].verdict),
            i,
        )
    });
    if summarize_alone {
        let mut l = Line::new();
        l.plain(&format!(
            "{} with no other version, not listed (--format json or jsonl lists them)",
            count(alone_count, "document", "documents")
        ));
        emit(&mut out, &l, "  ", "  ");
    }
    for i in order {
        let d = &c.documents[i];
        let mut l = Line::new();
        l.plain(&label(i))
            .push(d.verdict.as_str(), verdict_style(d.verdict))
            .plain(&percent(d.score))
            .plain(&d.path);
        if c.stories.len() > 1 {
            l.push(&format!("(story {})", d.story), dim());
        }
        emit(&mut out, &l, "  ", "      ");
        let p = &d.passages;
        let mut l = Line::new();
        l.push(
            &format!(
                "{} aligned: {} verbatim, {} edited, {} paraphrase, {} garbled, {} mistranslated; {} unique",
                percent(d.signals.coverage),
                percent(p.verbatim),
                percent(p.edited),
                percent(p.paraphrase),
                percent(p.garbled),
                percent(p.mistranslated),
                percent(p.unique),
            ),
            dim(),
        );
        emit(&mut out, &l, "      ", "      ");
        let evidence = evidence_in_order(c, i);
        for e in evidence.iter().take(options.max_evidence) {
            let mut l = Line::new();
            l.push(&format!("{}:", evidence_heading(e, i, &positions)), bold())
                .plain(&e.detail);
            emit(&mut out, &l, "      - ", "        ");
            match quoted(c, i, e, 50) {
                Some(Quoted::Diff { old, new }) => {
                    let diff = WordDiff::new(old, new);
                    emit(
                        &mut out,
                        &diff_line(&diff, View::Both, color),
                        "        ",
                        "        ",
                    );
                }
                Some(Quoted::Facts { mine, theirs }) => {
                    let mut l = Line::new();
                    match &mine {
                        Some(words) => in_context(&mut l, words, color),
                        None => {
                            l.plain(&format!("\u{201c}{}\u{201d}", e.text));
                        }
                    }
                    emit(&mut out, &l, "        ", "        ");
                    if let Some((other, start, words)) = &theirs {
                        let mut l = Line::new();
                        l.push(
                            &format!("{} at {}:", label(*other), positions.at(*other, *start)),
                            dim(),
                        )
                        .plain(" ");
                        in_context(&mut l, words, color);
                        emit(&mut out, &l, "        ", "          ");
                    }
                }
                Some(Quoted::InLine(words)) => {
                    let mut l = Line::new();
                    in_context(&mut l, &words, color);
                    emit(&mut out, &l, "        ", "        ");
                }
                Some(Quoted::Plain(text)) => {
                    let mut l = Line::new();
                    l.plain(&format!("\u{201c}{}\u{201d}", clip(text, 300)));
                    emit(&mut out, &l, "        ", "        ");
                }
                None => {}
            }
        }
        let shown = d.evidence.len().min(options.max_evidence);
        if d.evidence.len() > shown {
            let mut l = Line::new();
            l.push(
                &format!(
                    "… {} more {} (--format json lists all)",
                    d.evidence.len() - shown,
                    if d.evidence.len() - shown == 1 {
                        "piece of evidence"
                    } else {
                        "pieces of evidence"
                    }
                ),
                dim(),
            );
            emit(&mut out, &l, "      ", "      ");
        }
    }

    // Drifted passages.
    let drifted = drifted_passages(c);
    if !drifted.is_empty() && options.max_passages > 0 {
        emit(&mut out, &Line::new(), "", "");
        let shown = drifted.len().min(options.max_passages);
        emit(
            &mut out,
            Line::new().push("Drifted passages", bold()).plain(&format!(
                "· the {shown} strongest of {}, each against its most faithful close counterpart",
                drifted.len()
            )),
            "",
            "",
        );
        emit(
            &mut out,
            &legend(
                "each drifted version first; in the diffs",
                "the counterpart",
                "the drifted version",
                color,
            ),
            "  ",
            "  ",
        );
        for d in drifted.iter().take(shown) {
            let (vs, ve) = d.version_span();
            let (cs, ce) = d.counterpart_span();
            let mut h = Line::new();
            h.push(
                &format!(
                    "@@ {} {} @@",
                    d.pair.class.as_str(),
                    percent(d.pair.similarity)
                ),
                class_style(d.pair.class),
            )
            .plain(&format!(
                "{} {} against {} {}",
                label(d.version),
                positions.span(d.version, vs, ve),
                label(d.counterpart),
                positions.span(d.counterpart, cs, ce)
            ));
            if d.pair.moved {
                h.push("moved", bold());
            }
            emit(&mut out, &Line::new(), "", "");
            emit(&mut out, &h, "  ", "  ");
            let (ta, tb) = d.texts(c);
            let diff = WordDiff::new(ta, tb);
            emit(
                &mut out,
                &diff_line(&diff, View::Both, color),
                "    ",
                "    ",
            );
        }
    }

    // Inputs not used.
    if !c.skipped.is_empty() {
        emit(&mut out, &Line::new(), "", "");
        emit(
            &mut out,
            Line::new().push("Skipped or failed", bold()),
            "",
            "",
        );
        for s in &c.skipped {
            let mut l = Line::new();
            l.plain(&s.message);
            emit(&mut out, &l, "  - ", "    ");
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// A dim line explaining the marks: `(… [-words-] are only in X, {+words+} only in Y)`, the
/// marks in color when color is on.
fn legend(what: &str, old: &str, new: &str, color: bool) -> Line {
    let mut l = Line::new();
    l.push(&format!("({what}"), dim());
    let mark = |l: &mut Line, tag: crate::diff::Tag| {
        if color {
            l.push("words", crate::diff::ansi_style(tag));
        } else {
            let (open, close) = crate::diff::plain_marks(tag);
            l.plain(&format!("{open}words{close}"));
        }
    };
    mark(&mut l, crate::diff::Tag::Delete);
    l.push(&format!("are only in {old},"), dim());
    mark(&mut l, crate::diff::Tag::Insert);
    l.push(&format!("only in {new})"), dim());
    l
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `1 input`, `3 inputs`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The similarity matrix of a story, split into column blocks that fit the width.
fn matrix_lines(members: &[usize], sim: &[Vec<f64>], width: usize, color: bool) -> Vec<String> {
    let lw = members
        .iter()
        .map(|&m| label(m).len())
        .max()
        .unwrap_or(3)
        .max(4);
    let cell = lw + 1;
    let per_block = ((width.saturating_sub(2 + lw)) / cell).max(1);
    let mut out = Vec::new();
    for cols in (0..members.len()).collect::<Vec<_>>().chunks(per_block) {
        let mut header = format!("  {:lw$}", "");
        for &j in cols {
            header.push_str(&format!(" {:>lw$}", label(members[j])));
        }
        out.push(styled(&header, dim(), color));
        for (i, &m) in members.iter().enumerate() {
            let mut row = format!("  {:>lw$}", label(m));
            row = styled(&row, dim(), color);
            for &j in cols {
                let v = sim.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0);
                let cell = if i == j {
                    format!(" {:>lw$}", "·")
                } else {
                    format!(" {:>lw$}", percent(v))
                };
                let style = if i == j {
                    dim()
                } else if v >= 0.5 {
                    bold()
                } else {
                    Style::new()
                };
                row.push_str(&styled(&cell, style, color));
            }
            out.push(row);
        }
    }
    out
}

pub(crate) fn verdict_style(v: Verdict) -> Style {
    let color = match v {
        Verdict::Garbled => AnsiColor::Red,
        Verdict::Mistranslated => AnsiColor::Magenta,
        Verdict::Paraphrased => AnsiColor::Yellow,
        Verdict::Edited => AnsiColor::Cyan,
        Verdict::Faithful => AnsiColor::Green,
        Verdict::Unrelated => AnsiColor::BrightBlack,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

pub(crate) fn class_style(k: PassageClass) -> Style {
    let color = match k {
        PassageClass::Verbatim => AnsiColor::BrightBlack,
        PassageClass::Edited => AnsiColor::Cyan,
        PassageClass::Paraphrase => AnsiColor::Yellow,
        PassageClass::Garbled => AnsiColor::Red,
        PassageClass::Mistranslated => AnsiColor::BrightRed,
        PassageClass::Unique => AnsiColor::Magenta,
    };
    Style::new().fg_color(Some(color.into()))
}

/// A short finding quoted in its line, underlined (or `>>marked<<` without color).
fn in_context(l: &mut Line, (left, span, right): &InContext, color: bool) {
    l.plain(&format!("\u{201c}{left}"));
    if color {
        l.append(span, Style::new().bold().underline());
    } else {
        l.append(&format!(">>{span}<<"), Style::new());
    }
    l.append(&format!("{right}\u{201d}"), Style::new());
}
