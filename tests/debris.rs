//! Page debris: generated debris lines are recognized by their shape, the sentences of real
//! stories are not, and debris is never paired nor lets a version be called garbled.

use proptest::prelude::*;
use std::path::Path;
use wiredrift::compare::{CompareOptions, compare};
use wiredrift::judge::{PassageClass, Verdict};
use wiredrift::load::{self, LoadOptions};
use wiredrift::segment::{ParagraphKind, Segmented, is_debris};

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Sept",
    "Oct",
    "Dec",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const LABELS: &[&str] = &[
    "Updated",
    "Updated:",
    "Posted",
    "Posted:",
    "Published",
    "Last updated",
];
const NAMES: &[&str] = &[
    "Jane Doe",
    "ALEX MORGAN",
    "Priya Raman",
    "Tom O'Neill",
    "Ana Souza",
];
const AGENCIES: &[&str] = &[
    "AP",
    "Reuters",
    "AFP",
    "Getty Images",
    "EPA",
    "Shutterstock",
];
const ZONES: &[&str] = &["AM", "PM", "a.m.", "p.m.", "ET", "GMT", "PDT"];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

/// A date written one of the ways news sites write it.
fn date() -> impl Strategy<Value = String> {
    (
        pick(MONTHS),
        1..29u32,
        2015..2027u32,
        pick(WEEKDAYS),
        0..4usize,
    )
        .prop_map(|(month, day, year, weekday, style)| match style {
            0 => format!("{month} {day}, {year}"),
            1 => format!("{day} {month} {year}"),
            2 => format!("{weekday}, {month} {day}, {year}"),
            _ => format!("{year}-{:02}-{:02}", day % 12 + 1, day),
        })
}

fn time() -> impl Strategy<Value = String> {
    (1..13u32, 0..60u32, pick(ZONES)).prop_map(|(h, m, z)| format!("{h}:{m:02} {z}"))
}

/// Debris lines of every family the segmenter knows, with generated parts.
fn debris_line() -> impl Strategy<Value = String> {
    prop_oneof![
        // Image counters.
        (
            pick(&["Image", "Photo", "Slide", "Picture", ""]),
            1..9u32,
            1..9u32
        )
            .prop_map(|(w, a, b)| format!("{w} {} of {}", a.min(b), a.max(b))
                .trim()
                .to_string()),
        (1..9u32, 1..9u32).prop_map(|(a, b)| format!("{} / {}", a.min(b), a.max(b))),
        // Timestamps, with and without a label.
        (pick(LABELS), time(), date()).prop_map(|(l, t, d)| format!("{l} {t}, {d}")),
        (pick(LABELS), date(), time()).prop_map(|(l, d, t)| format!("{l} {d} at {t}")),
        date(),
        (
            1..23u32,
            pick(&["hours ago", "min ago", "minutes ago", "days ago"])
        )
            .prop_map(|(n, w)| format!("{n} {w}")),
        // Bylines with their date.
        (pick(NAMES), date()).prop_map(|(n, d)| format!("By {n} | {d}")),
        (pick(NAMES), pick(AGENCIES), date()).prop_map(|(n, a, d)| format!("By {n} - {a} - {d}")),
        // Calls to action and page furniture.
        prop::sample::select(vec![
            "Advertisement",
            "ADVERTISEMENT",
            "Share this story",
            "Share on Facebook",
            "Share on Twitter",
            "Read more",
            "Read More",
            "Subscribe",
            "Sign up for our newsletter",
            "Follow us on Twitter",
            "Related content",
            "Related Stories:",
            "Continue reading",
            "Listen to this article",
            "Click here to comment on this article",
            "Print",
            "Email",
            "Most Popular",
            "Back to Gallery",
            "Sponsored",
            "Download the app",
            "Skip to content",
        ])
        .prop_map(String::from),
        (pick(&["Advertisement", "Ad", "Sponsored"]), 1..20u32)
            .prop_map(|(w, n)| format!("{w} {n}")),
        // Photo credits.
        (pick(NAMES), pick(AGENCIES)).prop_map(|(n, a)| format!("{n}/{a}")),
        (pick(AGENCIES), pick(NAMES)).prop_map(|(a, n)| format!("{a} Photo/{n}")),
        (
            pick(&["Photo:", "Credit:", "Image:"]),
            pick(NAMES),
            pick(AGENCIES)
        )
            .prop_map(|(l, n, a)| format!("{l} {n}, {a}")),
        // Copyright notices.
        (2000..2027u32, pick(AGENCIES))
            .prop_map(|(y, a)| format!("© {y} {a}. All rights reserved.")),
        (2000..2027u32, pick(AGENCIES)).prop_map(|(y, a)| format!("Copyright {y} {a}")),
        // Menus and outlet lines.
        prop::collection::vec(
            pick(&["Home", "World", "Europe", "Politics", "Sport"]),
            2..5
        )
        .prop_map(|items| items.join(" › ")),
        // Script text.
        (1..9u32)
            .prop_map(|n| format!("window._ads = window._ads || []; _ads.push({{slot: {n}}});")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_debris_lines_are_debris(line in debris_line()) {
        prop_assert!(is_debris(&line), "not recognized: {:?}", line);
    }

    /// Inside a story, a debris line between paragraphs is marked and the prose is not.
    #[test]
    fn debris_among_prose_is_marked_and_prose_is_not(line in debris_line(), at in 0..3usize) {
        let mut paragraphs = vec![
            "The council voted on Tuesday to extend the tram line to the airport.".to_string(),
            "Opponents said the money would be better spent on buses.".to_string(),
            "Work is due to start next spring, the mayor said.".to_string(),
        ];
        paragraphs.insert(at, line.clone());
        let text = paragraphs.join("\n\n");
        let seg = Segmented::new(&text);
        for p in &seg.paragraphs {
            let shown = &text[p.span.range()];
            let expected = if shown == line { ParagraphKind::Boilerplate } else { ParagraphKind::Body };
            prop_assert_eq!(p.kind, expected, "{:?}", shown);
        }
    }
}

#[test]
fn headlines_bylines_and_short_sentences_are_not_debris() {
    for line in [
        "Council backs tram line to the airport",
        "By Jane Doe",
        "By ALEX MORGAN, Associated Press",
        "HELSINKI, Finland (AP) — President Donald Trump met Vladimir Putin on Monday.",
        "Trump, Putin meet in Helsinki amid meddling charges",
        "The summit began at 1:00 p.m. in the palace.",
        "He scored 2 of the 3 goals on Saturday.",
        "Twitter users share memes about the summit",
        "Read the letter in full below.",
        "Share prices fell 3% on Monday.",
        "The vote was held on July 16, 2018, after a long debate.",
    ] {
        assert!(!is_debris(line), "{line:?} called debris");
    }
}

/// No sentence of our own labeled stories is debris, except a line repeated within one text.
#[test]
fn the_fixture_stories_hold_no_debris() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift");
    let loaded = load::load(&[root], &LoadOptions::default());
    let mut paragraphs = 0;
    for d in loaded.documents.iter().filter(|d| d.path.ends_with(".txt")) {
        let seg = Segmented::new(&d.text);
        paragraphs += seg.paragraphs.len();
        for p in &seg.paragraphs {
            assert_ne!(
                p.kind,
                ParagraphKind::Boilerplate,
                "{}: {:?}",
                d.path,
                &d.text[p.span.range()]
            );
        }
    }
    assert!(
        paragraphs > 300,
        "the fixtures were read ({paragraphs} paragraphs)"
    );
}

/// Two honest versions of one story, each wrapped in different debris (timestamps, counters,
/// captions, calls to action): the debris is never paired and neither version is garbled.
#[test]
fn debris_is_never_paired_and_calls_no_version_garbled() {
    let story = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift/council-transit/original.txt"),
    )
    .unwrap();
    let edited = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift/council-transit/edited.txt"),
    )
    .unwrap();
    let a = format!(
        "Updated: 9:35 AM, July 16, 2018\n\nImage 2 of 4\n\nAdvertisement\n\n{story}\n\nShare this story\n\nRead more"
    );
    let b = format!(
        "Posted 3 hours ago\n\nImage 2 of 2\n\nJane Doe/Getty Images\n\n{edited}\n\nSign up for our newsletter\n\n© 2018 Reuters. All rights reserved."
    );
    let documents = [("a.txt", a), ("b.txt", b)]
        .into_iter()
        .map(|(p, t)| load::decode(p.into(), t.into_bytes(), &LoadOptions::default()).unwrap())
        .collect();
    let c = compare(documents, Vec::new(), &CompareOptions::default());
    assert!(c.documents.iter().all(|d| d.verdict != Verdict::Garbled));
    let pair = c.alignment(0, 1).expect("the two versions are one story");
    for p in pair
        .pairs
        .iter()
        .filter(|p| p.class != PassageClass::Unique)
    {
        let a = &c.text(pair.a_index)[p.a_start.unwrap()..p.a_end.unwrap()];
        let b = &c.text(pair.b_index)[p.b_start.unwrap()..p.b_end.unwrap()];
        assert!(
            !is_debris(a) && !is_debris(b),
            "debris paired: {a:?} ~ {b:?}"
        );
    }
}
