//! The HTML report: one self-contained file. Styles are inline; there are no external fonts,
//! scripts, images or links, so it opens the same offline, in a mail attachment or an archive.
//! The passage-class filters are plain checkboxes read by CSS (`:has()`), so they need no script;
//! in a browser without `:has()` every passage simply stays visible.
//!
//! Every piece of text from the inputs goes through [`crate::diff::escape_html`].

use super::{
    CLASSES, InContext, Options, Positions, Quoted, class_counts, clip, drifted_passages,
    evidence_heading, evidence_in_order, evidence_label, label, percent, quote, quoted,
    verdict_rank,
};
use crate::compare::Comparison;
use crate::diff::{Style, View, WordDiff, escape_html as esc};
use crate::judge::{PassageClass, Verdict};
use std::fmt::Write;

/// Aligned pairs shown passage by passage; the others are listed by name, to keep the file
/// small for large piles (`wiredrift diff` shows any pair).
pub const MAX_PAIRS: usize = 60;

/// Aligned pairs shown open when there are no more than this many; past it, only the first.
pub const OPEN_PAIRS: usize = 3;

const CSS: &str = r#"
:root { --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#ffffff; --soft:#f6f8fa;
  --verbatim:#59636e; --edited:#0969da; --paraphrase:#8a5d00; --garbled:#cf222e; --unique:#8250df;
  --mistranslated:#bc4c00; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 24px 32px 64px; max-width: 1400px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 16px; margin: 20px 0 6px; }
p.lead { color: var(--muted); margin: 0 0 8px; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: normal; word-break: keep-all; }
.label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: nowrap; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 13px; }
.v-faithful { background: #1a7f37; } .v-edited { background: #0969da; } .v-paraphrased { background: #8a5d00; }
.v-garbled { background: #cf222e; } .v-unrelated { background: #59636e; }
p.summary { margin: 4px 0 8px; font-size: 16px; } p.summary .verdict { margin-right: 2px; }
.scroll { overflow-x: auto; max-width: 100%; }
.v-mistranslated { background: #bc4c00; } .k-mistranslated { background: var(--mistranslated); }
.bar { display: flex; width: 160px; height: 12px; border-radius: 3px; overflow: hidden; background: var(--soft); margin-top: 5px; }
.bar span { display: block; height: 100%; }
.k-verbatim { background: var(--verbatim); } .k-edited { background: var(--edited); }
.k-paraphrase { background: var(--paraphrase); } .k-garbled { background: var(--garbled); } .k-unique { background: var(--unique); }
.class { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; }
.legend span.class { margin-right: 4px; }
table.matrix td.num { min-width: 56px; }
ul.evidence { margin: 4px 0 12px; padding-left: 20px; } ul.evidence li { margin: 4px 0; }
mark { background: #fff8c5; font-weight: 600; padding: 0 2px; }
blockquote { margin: 4px 0; padding: 4px 10px; border-left: 3px solid var(--line); background: var(--soft); }
del { background: #ffebe9; color: #82071e; text-decoration: line-through; text-decoration-color: #cf222e80; }
ins { background: #dafbe1; color: #116329; text-decoration: none; border-bottom: 1px solid #1a7f37; }
del, ins { padding: 0 2px; border-radius: 2px; } del + ins { margin-left: 3px; }
table.verdicts td.path { min-width: 16em; }
.filters { position: sticky; top: 0; background: var(--bg); padding: 8px 0; border-bottom: 1px solid var(--line); z-index: 1; }
.filters label { margin-right: 14px; white-space: nowrap; cursor: pointer; }
details.pair { margin: 12px 0; border: 1px solid var(--line); border-radius: 6px; }
details.pair > summary { padding: 6px 10px; background: var(--soft); cursor: pointer; }
table.aligned { width: 100%; table-layout: fixed; border: 0; }
table.aligned td { border-width: 1px 0 0 0; }
table.aligned col.side { width: 46%; } table.aligned col.mid { width: 8%; }
table.aligned td.mid { text-align: center; font-size: 12px; color: var(--muted); }
tr.p-unique td.a:empty, tr.p-unique td.b:empty { background: repeating-linear-gradient(135deg, var(--soft), var(--soft) 6px, #fff 6px, #fff 12px); }
tr.p-unique td.a:not(:empty) { background: #fff8f8; } tr.p-unique td.b:not(:empty) { background: #f6fff8; }
.muted { color: var(--muted); }
body:has(#f-verbatim:not(:checked)) tr.p-verbatim,
body:has(#f-edited:not(:checked)) tr.p-edited,
body:has(#f-paraphrase:not(:checked)) tr.p-paraphrase,
body:has(#f-garbled:not(:checked)) tr.p-garbled,
body:has(#f-mistranslated:not(:checked)) tr.p-mistranslated,
body:has(#f-unique:not(:checked)) tr.p-unique { display: none; }
/* A phone: the verdict table becomes one card per version, and aligned passages stack A, class,
   B, so nothing runs off the screen and no badge covers text. */
@media (max-width: 720px) {
  body { padding: 12px 12px 48px; font-size: 14px; }
  table.verdicts, table.verdicts tbody, table.verdicts tr, table.verdicts td { display: block; }
  table.verdicts thead { display: none; }
  table.verdicts tr { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 8px; }
  table.verdicts td { border: 0; padding: 2px 0; }
  table.verdicts td.path { min-width: 0; }
  table.verdicts td.num { text-align: left; }
  table.verdicts td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
  table.aligned, table.aligned tbody, table.aligned tr, table.aligned td { display: block; width: 100%; }
  table.aligned colgroup, table.aligned thead { display: none; }
  table.aligned tr { border-top: 1px solid var(--line); padding: 4px 0; }
  table.aligned td { border: 0; padding: 2px 4px; }
  table.aligned td.mid { text-align: left; }
  table.aligned td.mid br { display: none; }
  table.aligned td.a:not(:empty)::before, table.aligned td.b:not(:empty)::before {
    content: attr(data-side) " "; font-weight: 600; color: var(--muted); }
  tr.p-unique td.a:empty, tr.p-unique td.b:empty { display: none; }
  .bar { width: 100%; }
}
"#;

/// The HTML report.
pub fn html(c: &Comparison, options: &Options) -> String {
    let mut s = String::new();
    let n = c.documents.len();
    let positions = Positions::new(c);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<title>wiredrift report</title>\n<style>");
    s.push_str(CSS);
    s.push_str("</style>\n</head>\n<body>\n");
    let _ = writeln!(s, "<h1>wiredrift report</h1>");
    let _ = writeln!(s, "<p class=\"summary\">{}</p>", summary(c));
    let _ = writeln!(
        s,
        "<p class=\"lead\">{n} version{} in {} stor{}{}.</p>",
        if n == 1 { "" } else { "s" },
        c.stories.len(),
        if c.stories.len() == 1 { "y" } else { "ies" },
        if c.skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} skipped or failed",
                super::text::count(c.skipped.len(), "input", "inputs")
            )
        }
    );

    // Verdict summary.
    let _ = writeln!(s, "<h2 id=\"verdicts\">Verdicts</h2>");
    let _ = writeln!(
        s,
        "<p class=\"legend muted\">Passages by class: {}</p>",
        legend()
    );
    let _ = writeln!(
        s,
        "<table class=\"verdicts\">\n<thead><tr><th>#</th><th>Version</th><th>Verdict</th>\
         <th>Score</th><th>Story</th><th>Passages</th><th>Top evidence</th></tr></thead>\n<tbody>"
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (verdict_rank(c.documents[i].verdict), i));
    for &i in &order {
        let d = &c.documents[i];
        let p = &d.passages;
        let mut bar = String::from("<div class=\"bar\">");
        for (k, share) in [
            (PassageClass::Verbatim, p.verbatim),
            (PassageClass::Edited, p.edited),
            (PassageClass::Paraphrase, p.paraphrase),
            (PassageClass::Garbled, p.garbled),
            (PassageClass::Mistranslated, p.mistranslated),
            (PassageClass::Unique, p.unique),
        ] {
            if share > 0.0 {
                let _ = write!(
                    bar,
                    "<span class=\"k-{0}\" style=\"width:{1:.1}%\" title=\"{0} {2}\"></span>",
                    k.as_str(),
                    (share * 100.0).clamp(0.0, 100.0),
                    percent(share)
                );
            }
        }
        bar.push_str("</div>");
        let top = evidence_in_order(c, i)
            .first()
            .map(|e| {
                format!(
                    "<b>{}</b>: {}",
                    evidence_label(e.kind),
                    esc(&clip(&e.detail, 140))
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<tr><td class=\"label\">{}</td><td class=\"path\" title=\"{}\">{}</td><td><span class=\"verdict v-{}\">{}</span></td>\
             <td class=\"num\" data-label=\"Score\">{}</td><td class=\"num\" data-label=\"Story\">{}</td>\
             <td data-label=\"Passages\">{} aligned{bar}</td><td data-label=\"Top evidence\">{top}</td></tr>",
            esc(&label(i)),
            esc(&d.path),
            path_html(&d.path),
            d.verdict.as_str(),
            d.verdict.as_str(),
            percent(d.score),
            d.story,
            percent(d.signals.coverage),
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>");

    // Similarity matrices.
    for story in c.stories.iter().filter(|s| s.members.len() > 1) {
        let _ = writeln!(
            s,
            "<h2 id=\"story-{0}\">Story {0}: content similarity</h2>",
            story.id
        );
        let _ = write!(
            s,
            "<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th></th>"
        );
        for &m in &story.members {
            let _ = write!(
                s,
                "<th class=\"label\" title=\"{}\">{}</th>",
                esc(&c.documents[m].path),
                esc(&label(m))
            );
        }
        let _ = writeln!(s, "</tr></thead>\n<tbody>");
        for (i, &m) in story.members.iter().enumerate() {
            let _ = write!(
                s,
                "<tr><th class=\"label\" title=\"{}\">{}</th>",
                esc(&c.documents[m].path),
                esc(&label(m))
            );
            for j in 0..story.members.len() {
                let v = story
                    .similarity
                    .get(i)
                    .and_then(|r| r.get(j))
                    .copied()
                    .unwrap_or(0.0);
                if i == j {
                    let _ = write!(s, "<td class=\"num muted\">·</td>");
                } else {
                    let _ = write!(
                        s,
                        "<td class=\"num\" style=\"{}\">{}</td>",
                        heat_style(v),
                        percent(v)
                    );
                }
            }
            let _ = writeln!(s, "</tr>");
        }
        let _ = writeln!(s, "</tbody>\n</table></div>");
    }

    // Evidence.
    let _ = writeln!(s, "<h2 id=\"evidence\">Evidence</h2>");
    let _ = writeln!(
        s,
        "<p class=\"muted\">Worst verdicts first. Quotes run from the counterpart to this version: \
         <del>struck</del> words are only in the counterpart, <ins>marked</ins> ones only in this version.</p>"
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (verdict_rank(c.documents[i].verdict), i));
    for i in order {
        let d = &c.documents[i];
        let _ = writeln!(
            s,
            "<h3><span class=\"label\">{}</span> <span class=\"path\">{}</span> \
             <span class=\"verdict v-{}\">{}</span> <span class=\"muted\">{}</span></h3>",
            esc(&label(i)),
            path_html(&d.path),
            d.verdict.as_str(),
            d.verdict.as_str(),
            percent(d.score)
        );
        if d.evidence.is_empty() {
            let _ = writeln!(s, "<p class=\"muted\">No evidence recorded.</p>");
            continue;
        }
        let _ = writeln!(s, "<ul class=\"evidence\">");
        for e in evidence_in_order(c, i)
            .iter()
            .take(options.max_evidence.max(5))
        {
            let _ = write!(
                s,
                "<li><b>{}</b>: {}",
                evidence_heading(e, i, &positions),
                esc(&e.detail)
            );
            let in_context = |(left, span, right): &InContext| {
                format!("{}<mark>{}</mark>{}", esc(left), esc(span), esc(right))
            };
            match quoted(c, i, e, 60) {
                Some(Quoted::Diff { old, new }) => {
                    let diff = WordDiff::new(old, new);
                    let _ = write!(
                        s,
                        "<blockquote>{}</blockquote>",
                        diff.render(View::Both, Style::Html)
                    );
                }
                Some(Quoted::Facts { mine, theirs }) => {
                    let mine = mine.as_ref().map_or_else(|| esc(&e.text), in_context);
                    let _ = write!(s, "<blockquote>{mine}");
                    if let Some((other, start, words)) = &theirs {
                        let _ = write!(
                            s,
                            "<br><span class=\"label\">{}</span> at {}: {}",
                            esc(&label(*other)),
                            positions.at(*other, *start),
                            in_context(words)
                        );
                    }
                    let _ = write!(s, "</blockquote>");
                }
                Some(Quoted::InLine(words)) => {
                    let _ = write!(s, "<blockquote>{}</blockquote>", in_context(&words));
                }
                Some(Quoted::Plain(text)) => {
                    let _ = write!(s, "<blockquote>{}</blockquote>", esc(&clip(text, 400)));
                }
                None => {}
            }
            let _ = writeln!(s, "</li>");
        }
        let _ = writeln!(s, "</ul>");
    }

    // Drifted passages.
    let drifted = drifted_passages(c);
    if !drifted.is_empty() && options.max_passages > 0 {
        let shown = drifted.len().min(options.max_passages);
        let _ = writeln!(s, "<h2 id=\"drifted\">Drifted passages</h2>");
        let _ = writeln!(
            s,
            "<p class=\"muted\">The {shown} strongest of {}, each drifted version (named first) against its most \
             faithful close counterpart: <del>struck</del> words only in the counterpart, <ins>marked</ins> ones only \
             in the drifted version.</p>",
            drifted.len()
        );
        for d in drifted.iter().take(shown) {
            let (vs, ve) = d.version_span();
            let (cs, ce) = d.counterpart_span();
            let (ta, tb) = d.texts(c);
            let diff = WordDiff::new(ta, tb);
            let _ = writeln!(
                s,
                "<h3><span class=\"class k-{}\">{}</span> {} <span class=\"label\">{}</span> {} against \
                 <span class=\"label\">{}</span> {}{}</h3>\n<blockquote>{}</blockquote>",
                d.pair.class.as_str(),
                d.pair.class.as_str(),
                percent(d.pair.similarity),
                esc(&label(d.version)),
                positions.span(d.version, vs, ve),
                esc(&label(d.counterpart)),
                positions.span(d.counterpart, cs, ce),
                if d.pair.moved { " <b>moved</b>" } else { "" },
                diff.render(View::Both, Style::Html)
            );
        }
    }

    // Aligned versions, side by side.
    if !c.alignments.is_empty() {
        let _ = writeln!(s, "<h2 id=\"pairs\">Aligned versions</h2>");
        s.push_str("<div class=\"filters\">Show passages: ");
        for k in CLASSES {
            let _ = write!(
                s,
                "<label><input type=\"checkbox\" id=\"f-{0}\" checked> <span class=\"class k-{0}\">{0}</span></label>",
                k.as_str()
            );
        }
        s.push_str("</div>\n");
        // Every pair open makes a page of tens of thousands of pixels for five versions; a few
        // pairs are open, the rest one click away.
        let open_pairs = if c.alignments.len() <= OPEN_PAIRS {
            OPEN_PAIRS
        } else {
            1
        };
        for (k, al) in c.alignments.iter().take(MAX_PAIRS).enumerate() {
            let open = k < open_pairs;
            let counts: Vec<String> = class_counts(al)
                .iter()
                .map(|(k, n)| format!("{n} {}", k.as_str()))
                .collect();
            let _ = writeln!(
                s,
                "<details class=\"pair\"{}><summary><span class=\"label\">{}</span> <span class=\"path\">{}</span> ↔ \
                 <span class=\"label\">{}</span> <span class=\"path\">{}</span> · {} of words aligned · {}</summary>",
                if open { " open" } else { "" },
                esc(&label(al.a_index)),
                path_html(&al.a),
                esc(&label(al.b_index)),
                path_html(&al.b),
                percent(al.similarity),
                esc(&counts.join(", "))
            );
            let _ = writeln!(
                s,
                "<table class=\"aligned\"><colgroup><col class=\"side\"><col class=\"mid\"><col class=\"side\"></colgroup>\n\
                 <thead><tr><th class=\"label\">{}</th><th></th><th class=\"label\">{}</th></tr></thead>\n<tbody>",
                esc(&label(al.a_index)),
                esc(&label(al.b_index))
            );
            for p in &al.pairs {
                let ta = quote(c, al.a_index, p.a_start, p.a_end);
                let tb = quote(c, al.b_index, p.b_start, p.b_end);
                let (ha, hb) = if p.a_start.is_some() && p.b_start.is_some() {
                    let diff = WordDiff::new(ta, tb);
                    (
                        diff.render(View::Old, Style::Html),
                        diff.render(View::New, Style::Html),
                    )
                } else {
                    (esc(ta), esc(tb))
                };
                let mid = if p.class == PassageClass::Unique {
                    String::new()
                } else {
                    format!("<br>{}", percent(p.similarity))
                };
                let _ = writeln!(
                    s,
                    "<tr class=\"p-{0}\"><td class=\"a\" data-side=\"{7}\" title=\"{1}\">{2}</td><td class=\"mid\">\
                     <span class=\"class k-{0}\">{0}</span>{3}{4}</td><td class=\"b\" data-side=\"{8}\" title=\"{5}\">{6}</td></tr>",
                    p.class.as_str(),
                    positions.span(al.a_index, p.a_start, p.a_end),
                    ha,
                    mid,
                    if p.moved { "<br><b>moved</b>" } else { "" },
                    positions.span(al.b_index, p.b_start, p.b_end),
                    hb,
                    esc(&label(al.a_index)),
                    esc(&label(al.b_index)),
                );
            }
            let _ = writeln!(s, "</tbody>\n</table>\n</details>");
        }
        if c.alignments.len() > MAX_PAIRS {
            let _ = writeln!(
                s,
                "<p class=\"muted\">{} more pairs not shown; <code>wiredrift diff A B</code> shows any pair.</p>",
                c.alignments.len() - MAX_PAIRS
            );
        }
    }

    if !c.skipped.is_empty() {
        let _ = writeln!(s, "<h2 id=\"skipped\">Skipped or failed</h2>\n<ul>");
        for issue in &c.skipped {
            let _ = writeln!(s, "<li>{}</li>", esc(&issue.message));
        }
        let _ = writeln!(s, "</ul>");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// The verdicts at a glance, worst first: `1 garbled, 1 paraphrased, 3 edited`, as badges.
fn summary(c: &Comparison) -> String {
    let mut verdicts: Vec<Verdict> = c.documents.iter().map(|d| d.verdict).collect();
    verdicts.sort_by_key(|&v| verdict_rank(v));
    verdicts.dedup();
    if verdicts.is_empty() {
        return "No versions.".to_string();
    }
    verdicts
        .iter()
        .map(|&v| {
            let n = c.documents.iter().filter(|d| d.verdict == v).count();
            format!("<span class=\"verdict v-{0}\">{n} {0}</span>", v.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The heat-map colour of a similarity: a blue that deepens with it, and black or white text,
/// whichever reads better on it (at least 4.5:1 everywhere, WCAG AA).
fn heat_style(v: f64) -> String {
    let (bg, fg) = heat(v);
    let hex = |(r, g, b): (u8, u8, u8)| format!("#{r:02x}{g:02x}{b:02x}");
    format!("background:{};color:{}", hex(bg), hex(fg))
}

/// The heat-map background and text colours of a similarity.
fn heat(v: f64) -> ((u8, u8, u8), (u8, u8, u8)) {
    const DEEPEST: (f64, f64, f64) = (5.0, 80.0, 174.0);
    let a = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    } * 0.9;
    let mix = |c: f64| (255.0 - a * (255.0 - c)).round() as u8;
    let bg = (mix(DEEPEST.0), mix(DEEPEST.1), mix(DEEPEST.2));
    let black = (0, 0, 0);
    let white = (255, 255, 255);
    let fg = if contrast(bg, black) >= contrast(bg, white) {
        black
    } else {
        white
    };
    (bg, fg)
}

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
fn contrast(x: (u8, u8, u8), y: (u8, u8, u8)) -> f64 {
    let (a, b) = (luminance(x), luminance(y));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// A path that breaks only after a `/`, never inside a file name.
fn path_html(path: &str) -> String {
    esc(path).replace('/', "/<wbr>")
}

fn legend() -> String {
    CLASSES
        .iter()
        .map(|k| format!("<span class=\"class k-{0}\">{0}</span>", k.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_after(key: &str) -> (u8, u8, u8) {
        let at = CSS.find(key).unwrap_or_else(|| panic!("{key} in the CSS")) + key.len();
        let hash = at + CSS[at..].find('#').unwrap();
        let h = &CSS[hash + 1..hash + 7];
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
        (byte(0), byte(2), byte(4))
    }

    #[test]
    fn white_text_on_every_badge_reads_at_4_5_to_1() {
        let white = (255, 255, 255);
        for v in ["faithful", "edited", "paraphrased", "garbled", "unrelated"] {
            let bg = hex_after(&format!(".v-{v} {{ background:"));
            let ratio = contrast(bg, white);
            assert!(ratio >= 4.5, "verdict {v}: {ratio:.2}:1");
        }
        for k in CLASSES {
            let bg = hex_after(&format!("--{}:", k.as_str()));
            let ratio = contrast(bg, white);
            assert!(ratio >= 4.5, "class {}: {ratio:.2}:1", k.as_str());
        }
        assert!((contrast(white, (0, 0, 0)) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn every_heat_map_cell_reads_at_4_5_to_1() {
        for pct in 0..=100 {
            let (bg, fg) = heat(f64::from(pct) / 100.0);
            let ratio = contrast(bg, fg);
            assert!(ratio >= 4.5, "{pct}%: {ratio:.2}:1");
        }
        assert_eq!(heat(f64::NAN), heat(0.0));
    }

    #[test]
    fn paths_break_only_after_a_slash() {
        assert_eq!(path_html("a/b_c.txt"), "a/<wbr>b_c.txt");
        assert_eq!(path_html("<x>/y"), "&lt;x&gt;/<wbr>y");
    }
}
