//! The passage-by-passage diff of two versions, as `wiredrift diff` prints it.
//!
//! Each aligned passage is a hunk whose header names its class and similarity, with where it
//! stands on both sides as `line:column` ranges (`@@ paraphrase 62% @@ A:3:1-4:80 B:2:1-2:95`). A passage the aligner found
//! out of order carries a `moved` tag instead of showing as a deletion plus an insertion;
//! passages only one side has read `unique to A` or `unique to B`. Unchanged (verbatim) passages
//! far from any change are folded into one line, as `diff -U` folds unchanged lines.

use super::term::{Line, bold, diff_line, dim, pad, side_style};
use super::text::class_style;
use super::text::count;
use super::{Positions, percent};
use crate::compare::Comparison;
use crate::diff::{Tag, View, WordDiff};
use crate::judge::{PassageClass, PassagePair};

/// How `wiredrift diff` lays out a pair.
#[derive(Debug, Clone, Copy)]
pub struct PairOptions {
    /// Columns to wrap to (at least 40).
    pub width: usize,
    /// ANSI colors; without, changes read `[-old-]{+new+}`.
    pub color: bool,
    /// Unchanged passages shown before and after each changed one.
    pub context: usize,
    /// Show every passage, folding none.
    pub all: bool,
    /// Two columns, A on the left and B on the right, instead of one merged text.
    pub side_by_side: bool,
}

impl Default for PairOptions {
    fn default() -> Self {
        PairOptions {
            width: super::DEFAULT_WIDTH,
            color: false,
            context: 1,
            all: false,
            side_by_side: false,
        }
    }
}

/// One passage of the pair, oriented so that side A is document `a`.
struct Hunk<'c> {
    pair: &'c PassagePair,
    a: (Option<usize>, Option<usize>),
    b: (Option<usize>, Option<usize>),
}

/// The diff of documents `a` and `b` of a comparison. Prints a note instead of hunks when the
/// two were not aligned (different stories).
pub fn pair(c: &Comparison, a: usize, b: usize, options: &PairOptions) -> String {
    let width = options.width.max(40);
    let color = options.color;
    let mut out: Vec<String> = Vec::new();
    let path = |i: usize| c.documents.get(i).map_or("?", |d| d.path.as_str());
    let mut l = Line::new();
    l.push("--- A", side_style(Tag::Delete)).plain(path(a));
    out.extend(l.wrap(width, "", "      ", color));
    let mut l = Line::new();
    l.push("+++ B", side_style(Tag::Insert)).plain(path(b));
    out.extend(l.wrap(width, "", "      ", color));

    if c.original_of(a) == c.original_of(b) {
        let mut l = Line::new();
        l.plain("The two versions are byte for byte identical.");
        out.extend(l.wrap(width, "", "", color));
        return finish(out);
    }
    let Some(al) = c.alignment(a, b) else {
        let mut l = Line::new();
        l.plain("The two versions were not aligned: they belong to different stories.");
        out.extend(l.wrap(width, "", "", color));
        return finish(out);
    };
    // Copies are aligned through their originals, which have the same bytes.
    let flipped = al.a_index != c.original_of(a);
    let hunks: Vec<Hunk> = al
        .pairs
        .iter()
        .map(|p| {
            let sa = (p.a_start, p.a_end);
            let sb = (p.b_start, p.b_end);
            let (a, b) = if flipped { (sb, sa) } else { (sa, sb) };
            Hunk { pair: p, a, b }
        })
        .collect();

    let mut summary = Line::new();
    summary.plain(&format!(
        "{} of the words aligned; {}:",
        percent(al.similarity),
        count(hunks.len(), "passage", "passages")
    ));
    let counts = super::class_counts(al);
    for (k, (class, n)) in counts.iter().enumerate() {
        summary.push(
            &format!(
                "{n} {}{}",
                class.as_str(),
                if k + 1 < counts.len() { "," } else { "" }
            ),
            class_style(*class),
        );
    }
    if let (Some(da), Some(db)) = (c.documents.get(a), c.documents.get(b)) {
        summary.plain(&format!(
            "· verdicts: A {}, B {}",
            da.verdict.as_str(),
            db.verdict.as_str()
        ));
    }
    out.extend(summary.wrap(width, "", "", color));

    // Which hunks to show: every change, and `context` unchanged ones on each side of it.
    let changed: Vec<bool> = hunks
        .iter()
        .map(|h| h.pair.class != PassageClass::Verbatim || h.pair.moved)
        .collect();
    let mut show = vec![options.all; hunks.len()];
    for (i, &ch) in changed.iter().enumerate() {
        if ch {
            let lo = i.saturating_sub(options.context);
            let hi = i
                .saturating_add(options.context)
                .min(hunks.len().saturating_sub(1));
            for s in &mut show[lo..=hi] {
                *s = true;
            }
        }
    }

    let positions = Positions::new(c);
    let mut i = 0;
    while i < hunks.len() {
        if !show[i] {
            let start = i;
            while i < hunks.len() && !show[i] {
                i += 1;
            }
            let hidden = i - start;
            let mut l = Line::new();
            l.push(
                &format!(
                    "⋯ {hidden} unchanged passage{} (--context N or --all to show)",
                    if hidden == 1 { "" } else { "s" }
                ),
                dim(),
            );
            out.push(String::new());
            out.extend(l.wrap(width, "", "", color));
            continue;
        }
        out.push(String::new());
        render_hunk(&mut out, c, (a, b), &positions, &hunks[i], width, options);
        i += 1;
    }
    finish(out)
}

fn finish(out: Vec<String>) -> String {
    let mut s = out.join("\n");
    s.push('\n');
    s
}

fn render_hunk(
    out: &mut Vec<String>,
    c: &Comparison,
    (a, b): (usize, usize),
    positions: &Positions,
    h: &Hunk,
    width: usize,
    options: &PairOptions,
) {
    let range = |doc: usize, (s, e): (Option<usize>, Option<usize>)| positions.span(doc, s, e);
    let color = options.color;
    let ta = super::quote(c, a, h.a.0, h.a.1);
    let tb = super::quote(c, b, h.b.0, h.b.1);
    let class = h.pair.class;
    let mut head = Line::new();
    let unique_side = match (h.a.0.is_some(), h.b.0.is_some()) {
        (true, false) => Some(Tag::Delete),
        (false, true) => Some(Tag::Insert),
        _ => None,
    };
    match unique_side {
        Some(tag) => {
            let side = if tag == Tag::Delete { "A" } else { "B" };
            head.push(&format!("@@ unique to {side} @@"), class_style(class));
            head.plain(&format!(
                "{side}:{}",
                if tag == Tag::Delete {
                    range(a, h.a)
                } else {
                    range(b, h.b)
                }
            ));
        }
        None => {
            head.push(
                &format!("@@ {} {} @@", class.as_str(), percent(h.pair.similarity)),
                class_style(class),
            );
            head.plain(&format!("A:{} B:{}", range(a, h.a), range(b, h.b)));
        }
    }
    if h.pair.moved {
        head.push("moved", bold());
    }
    out.extend(head.wrap(width, "", "   ", color));

    if let Some(tag) = unique_side {
        let text = if tag == Tag::Delete { ta } else { tb };
        let mut l = Line::new();
        if color {
            l.push(text, side_style(tag));
        } else {
            l.plain(text);
        }
        let mark = if tag == Tag::Delete { "- " } else { "+ " };
        if options.side_by_side {
            let col = (width - 3) / 2;
            let lines = l.wrap(col, "", "", color);
            let empty: Vec<String> = Vec::new();
            let (left, right) = if tag == Tag::Delete {
                (&lines, &empty)
            } else {
                (&empty, &lines)
            };
            columns(out, left, right, col, color);
        } else {
            out.extend(l.wrap(width, mark, mark, color));
        }
        return;
    }

    let diff = WordDiff::new(ta, tb);
    if options.side_by_side {
        let col = (width - 3) / 2;
        let left = diff_line(&diff, View::Old, color).wrap(col, "", "", color);
        let right = diff_line(&diff, View::New, color).wrap(col, "", "", color);
        columns(out, &left, &right, col, color);
    } else {
        out.extend(diff_line(&diff, View::Both, color).wrap(width, "  ", "  ", color));
    }
}

/// Two columns side by side, each `col` wide, with a rule between them.
fn columns(out: &mut Vec<String>, left: &[String], right: &[String], col: usize, color: bool) {
    let rule = if color {
        format!(" {} ", super::term::styled("│", dim(), true))
    } else {
        " | ".to_string()
    };
    for k in 0..left.len().max(right.len()) {
        let l = left.get(k).map_or("", String::as_str);
        let r = right.get(k).map_or("", String::as_str);
        out.push(format!("{}{rule}{r}", pad(l, col)).trim_end().to_string());
    }
}
