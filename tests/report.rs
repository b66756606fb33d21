//! Reports on the seed pile: snapshots of the text, Markdown and JSON formats (re-accepted when
//! the judge is tuned), and assertions that hold whatever the verdicts are.

use std::sync::OnceLock;
use wiredrift::compare::{self, CompareOptions, Comparison};
use wiredrift::load::{self, LoadOptions};
use wiredrift::report::{self, Format, Options, PairOptions};

fn seeds() -> &'static Comparison {
    static C: OnceLock<Comparison> = OnceLock::new();
    C.get_or_init(|| {
        let loaded = load::load(&["seeds/"], &LoadOptions::default());
        assert!(loaded.documents.len() >= 2, "seeds/ holds the seed pile");
        compare::compare(loaded.documents, loaded.issues, &CompareOptions::default())
    })
}

fn options() -> Options {
    Options {
        width: 100,
        color: false,
        ..Options::default()
    }
}

#[test]
fn text_snapshot() {
    insta::assert_snapshot!("text", report::text(seeds(), &options()));
}

/// The passage-by-passage diff, with `line:column` ranges in its hunk headers.
#[test]
fn pair_snapshot() {
    insta::assert_snapshot!("pair", report::pair(seeds(), 0, 2, &PairOptions::default()));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("markdown", report::markdown(seeds(), &options()));
}

/// Rounds every float to 6 decimals: sums over hash maps in the engine may differ in the last
/// bits from run to run, which is no change of the contract.
fn round_floats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            *v = serde_json::json!((x * 1e6).round() / 1e6);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(round_floats),
        serde_json::Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

#[test]
fn json_snapshot() {
    let mut v: serde_json::Value = serde_json::from_str(&report::json(seeds())).unwrap();
    round_floats(&mut v);
    insta::assert_json_snapshot!("json", v);
}

#[test]
fn every_format_names_every_version() {
    let c = seeds();
    for format in [Format::Text, Format::Json, Format::Markdown, Format::Html] {
        let out = report::render(c, format, &options());
        for d in &c.documents {
            assert!(out.contains(&d.path), "{format:?} does not name {}", d.path);
        }
    }
}

#[test]
fn text_fits_the_width_and_has_no_escapes_without_color() {
    let c = seeds();
    for width in [60, 80, 120] {
        let out = report::text(c, &Options { width, ..options() });
        assert!(!out.contains('\x1b'));
        for line in out.lines() {
            assert!(
                line.chars().count() <= width,
                "line wider than {width}: {line:?}"
            );
        }
        assert!(out.contains("Verdicts"));
    }
    let colored = report::text(
        c,
        &Options {
            color: true,
            ..options()
        },
    );
    assert!(colored.contains("\x1b["));
}

#[test]
fn text_shows_word_diffs_of_drifted_passages() {
    let out = report::text(seeds(), &options());
    assert!(out.contains("Drifted passages"));
    assert!(out.contains("[-") && out.contains("{+"));
    assert!(out.contains("@@ "));
}

#[test]
fn markdown_has_a_table_row_per_version() {
    let c = seeds();
    let md = report::markdown(c, &options());
    for (i, d) in c.documents.iter().enumerate() {
        let rows: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with(&format!("| \\[{i}\\] | {} |", d.path)))
            .collect();
        assert_eq!(rows.len(), 1, "one verdict row for {}", d.path);
        assert!(rows[0].contains(d.verdict.as_str()));
        assert!(rows[0].ends_with(" |"));
    }
    assert!(md.contains("~~") && md.contains("**"));
}

#[test]
fn json_parses_with_the_documented_fields() {
    let c = seeds();
    let v: serde_json::Value = serde_json::from_str(&report::json(c)).expect("valid JSON");
    for key in [
        "documents",
        "stories",
        "alignments",
        "quotes",
        "entities",
        "skipped",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), c.documents.len());
    for d in docs {
        for key in [
            "path", "verdict", "score", "evidence", "passages", "signals",
        ] {
            assert!(d.get(key).is_some(), "document misses {key}");
        }
    }
    let alignments = v["alignments"].as_array().unwrap();
    assert!(!alignments.is_empty());
    let pair = &alignments[0]["pairs"][0];
    for key in [
        "a_start",
        "a_end",
        "b_start",
        "b_end",
        "class",
        "similarity",
    ] {
        assert!(pair.get(key).is_some(), "pair misses {key}");
    }
}

/// Checks that every non-void element is closed in order. Style contents are skipped (CSS
/// selectors hold `>`).
fn check_balanced(html: &str) {
    const VOID: [&str; 8] = ["meta", "br", "input", "col", "hr", "img", "link", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('!') {
            rest = &rest[rest.find('>').expect("unclosed doctype") + 1..];
            continue;
        }
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(!name.is_empty(), "stray '<' before {:?}", &tag);
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            let open = stack.pop().unwrap_or_default();
            assert_eq!(open, name, "</{name}> closes <{open}>");
        } else {
            if name == "style" {
                rest = &rest[rest.find("</style>").expect("unclosed style")..];
            }
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn html_is_balanced_self_contained_and_marks_words() {
    let c = seeds();
    let html = report::html(c, &options());
    check_balanced(&html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for d in &c.documents {
        assert!(html.contains(&d.path));
    }
    assert!(html.contains("<del>") && html.contains("<ins>"));
    for external in ["src=", "href=", "url(", "@import", "http://", "https://"] {
        assert!(!html.contains(external), "external reference {external}");
    }
    for class in ["verbatim", "edited", "paraphrase", "garbled", "unique"] {
        assert!(
            html.contains(&format!("id=\"f-{class}\"")),
            "filter for {class}"
        );
    }
}

#[test]
fn html_escapes_input_text() {
    let docs = vec![
        load::Document {
            path: "a<b>.txt".into(),
            text: "The <script>alert(1)</script> mayor & council met on Tuesday to vote on the budget."
                .into(),
            replaced: 0,
            page: None,
        },
        load::Document {
            path: "b.txt".into(),
            text: "The mayor & the council met on Tuesday to vote on the city budget <b>now</b>."
                .into(),
            replaced: 0,
            page: None,
        },
    ];
    let c = compare::compare(
        docs,
        Vec::new(),
        &CompareOptions {
            single_story: true,
            ..CompareOptions::default()
        },
    );
    let html = report::html(&c, &options());
    check_balanced(&html);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("a<b>"));
    assert!(html.contains("a&lt;b&gt;.txt"));
    let md = report::markdown(&c, &options());
    assert!(!md.contains("<script>"));
}

#[test]
fn pair_diff_shows_hunks_in_order_and_fits() {
    let c = seeds();
    let out = report::pair(c, 0, 2, &PairOptions::default());
    assert!(out.starts_with("--- A "));
    assert!(out.contains("@@ "));
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "{line:?}");
    }
    let sbs = report::pair(
        c,
        0,
        2,
        &PairOptions {
            side_by_side: true,
            width: 80,
            ..PairOptions::default()
        },
    );
    assert!(sbs.contains(" | "));
    for line in sbs.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    let all = report::pair(
        c,
        0,
        2,
        &PairOptions {
            all: true,
            ..PairOptions::default()
        },
    );
    assert!(!all.contains("unchanged passage"));
    let hunks = all.lines().filter(|l| l.starts_with("@@ ")).count();
    assert_eq!(hunks, c.alignment(0, 2).unwrap().pairs.len());
}

#[test]
fn drifted_passages_show_the_drifted_version_as_the_changed_side_at_line_and_column() {
    let c = seeds();
    let drifted = report::drifted_passages(c);
    assert!(!drifted.is_empty());
    let rank = |i: usize| report::verdict_rank(c.documents[i].verdict);
    for d in &drifted {
        assert!(
            rank(d.version) <= rank(d.counterpart),
            "[{}] is shown against a worse-judged [{}]",
            d.version,
            d.counterpart
        );
        let (vs, ve) = d.version_span();
        let (cs, ce) = d.counterpart_span();
        let (old, new) = d.texts(c);
        assert_eq!(new, &c.text(d.version)[vs.unwrap()..ve.unwrap()]);
        assert_eq!(old, &c.text(d.counterpart)[cs.unwrap()..ce.unwrap()]);
    }
    let out = report::text(c, &options());
    let d = drifted[0];
    let (vs, ve) = d.version_span();
    let at = report::LineIndex::new(c.text(d.version)).span(vs.unwrap(), ve.unwrap());
    assert!(
        out.contains(&format!("{} {at} against", report::label(d.version))),
        "{at}"
    );
    // Evidence is placed by line and column too, never by byte offset.
    let e = &c.documents[d.version].evidence[0];
    let ix = report::LineIndex::new(c.text(d.version));
    assert!(out.contains(&format!(" at {}:", ix.position(e.start))));
}

#[test]
fn an_edited_version_shows_its_edits_before_what_it_kept() {
    let c = seeds();
    for (i, d) in c.documents.iter().enumerate() {
        let shown = report::evidence_in_order(c, i);
        assert_eq!(shown.len(), d.evidence.len());
        let unchanged = |e: &wiredrift::judge::Evidence| {
            e.counterpart.as_ref().is_some_and(|cp| {
                e.kind == wiredrift::judge::EvidenceKind::SharedPassage
                    && wiredrift::diff::WordDiff::new(&cp.text, &e.text).is_unchanged()
            })
        };
        // Once an unchanged passage is shown, only unchanged ones follow.
        let first = shown
            .iter()
            .position(|e| unchanged(e))
            .unwrap_or(shown.len());
        assert!(shown[first..].iter().all(|e| unchanged(e)), "{}", d.path);
    }
    // The seeds hold edited versions with both kinds, so the order is put to the test.
    let edited = c
        .documents
        .iter()
        .position(|d| d.verdict == wiredrift::judge::Verdict::Edited)
        .unwrap();
    let shown = report::evidence_in_order(c, edited);
    assert!(!shown[0].counterpart.as_ref().is_some_and(|cp| {
        wiredrift::diff::WordDiff::new(&cp.text, &shown[0].text).is_unchanged()
    }));
}

#[test]
fn a_big_pile_counts_its_lone_documents_instead_of_listing_them() {
    // The seeds beside a dozen short texts that are versions of nothing.
    let mut docs: Vec<load::Document> = load::load(&["seeds"], &LoadOptions::default()).documents;
    // Each a run of words drawn from its own part of a made-up vocabulary: no two share a phrase.
    let mut state: u64 = 0x9E37_79B9;
    for k in 0..12u64 {
        let words: Vec<String> = (0..60)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let n = (state >> 33) % 400 + k * 400;
                let letters: String = format!("{n:x}")
                    .chars()
                    .map(|c| (b'a' + (c.to_digit(16).unwrap() as u8)) as char)
                    .collect();
                format!("q{letters}")
            })
            .collect();
        docs.push(load::Document {
            path: format!("lone/{k:02}.txt"),
            text: format!("{}.\n", words.join(" ")),
            replaced: 0,
            page: None,
        });
    }
    let c = compare::compare(docs, Vec::new(), &CompareOptions::default());
    let text = report::render(&c, Format::Text, &options());
    assert!(
        text.contains("12 documents with no other version, not listed"),
        "{text}"
    );
    assert!(
        !text.contains("lone/03.txt"),
        "lone documents are not listed"
    );
    assert!(text.contains("seeds/002_205431a203b74dc2.txt"));
    // JSON still lists every one.
    let json = report::render(&c, Format::Json, &options());
    assert!(json.contains("lone/03.txt"));
}
