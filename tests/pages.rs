//! Web pages: recognized by content, judged on their article, never judged when they have none.
//!
//! The property at the heart of it: wrapping any version of a story in a web page (a navigation
//! bar, scripts, styles, a footer, the headline in `<title>` and `<h1>`) changes no verdict in
//! the story, the wrapped version's included. The versions are the seeds and every family of
//! `fixtures/drift`; the markup is generated.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use wiredrift::compare::{CompareOptions, compare};
use wiredrift::judge::Verdict;
use wiredrift::load::{self, Document, LoadOptions, Problem, Severity};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The story piles: the seeds, and each family of `fixtures/drift`, as (path, text) pairs.
fn piles() -> &'static Vec<Vec<(String, String)>> {
    static PILES: OnceLock<Vec<Vec<(String, String)>>> = OnceLock::new();
    PILES.get_or_init(|| {
        let mut folders: Vec<PathBuf> = vec![root().join("seeds")];
        let mut families: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/drift"))
            .expect("fixtures/drift")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        families.sort();
        folders.extend(families);
        folders
            .iter()
            .map(|folder| {
                let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
                    .expect("pile folder")
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                    .collect();
                files.sort();
                files
                    .iter()
                    .map(|f| {
                        let text = std::fs::read_to_string(f).expect("UTF-8 text");
                        (f.display().to_string(), text)
                    })
                    .collect()
            })
            .collect()
    })
}

fn verdicts(documents: Vec<Document>) -> Vec<(String, Verdict)> {
    let c = compare(documents, Vec::new(), &CompareOptions::default());
    c.documents
        .iter()
        .map(|d| (d.path.clone(), d.verdict))
        .collect()
}

fn as_documents(pile: &[(String, String)]) -> Vec<Document> {
    pile.iter()
        .map(|(path, text)| {
            load::decode(
                path.clone(),
                text.as_bytes().to_vec(),
                &LoadOptions::default(),
            )
            .expect("a fixture text loads")
        })
        .collect()
}

/// The verdicts of every pile as plain text, computed once.
fn text_verdicts() -> &'static Vec<Vec<(String, Verdict)>> {
    static V: OnceLock<Vec<Vec<(String, Verdict)>>> = OnceLock::new();
    V.get_or_init(|| piles().iter().map(|p| verdicts(as_documents(p))).collect())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Page furniture drawn at random.
#[derive(Debug, Clone)]
struct Markup {
    site: String,
    nav: Vec<String>,
    script: bool,
    style: bool,
    footer: bool,
    /// `<article>`, `<main>` or a plain `<div class="story">` around the text.
    container: usize,
    /// `<title>` carries " | Site" after the headline.
    suffixed_title: bool,
    aside: bool,
}

fn markup() -> impl Strategy<Value = Markup> {
    let words = prop::sample::select(vec![
        "Home", "World", "Politics", "Business", "Opinion", "Sport", "Culture", "Science", "Local",
        "Video", "Weather", "Travel",
    ]);
    (
        "[A-Z][a-z]{3,8} (Herald|Courier|Ledger|Post|Daily)",
        prop::collection::vec(words, 2..8),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0..3usize,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(site, nav, script, style, footer, container, suffixed_title, aside)| Markup {
                site,
                nav: nav.into_iter().map(String::from).collect(),
                script,
                style,
                footer,
                container,
                suffixed_title,
                aside,
            },
        )
}

/// A text's paragraphs as a web page, one `<p>` each: the first line is the headline when it
/// reads like one. Paragraphs are blank-line separated, or one per line in a text with no blank
/// line (as the fixtures are written, and as the segmenter reads them): one `<p>` holding the
/// whole story would be another layout of the text, not the same text in a page.
fn wrap(text: &str, m: &Markup) -> String {
    let separator = if text.contains("\n\n") { "\n\n" } else { "\n" };
    let paragraphs: Vec<&str> = text
        .split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let first = paragraphs.first().copied().unwrap_or("");
    let headline =
        (!first.contains('\n') && !first.ends_with(['.', '"', '?', '!'])).then_some(first);
    let body = if headline.is_some() {
        &paragraphs[1..]
    } else {
        &paragraphs[..]
    };
    let title = match (headline, m.suffixed_title) {
        (Some(h), true) => format!("{} | {}", escape(h), m.site),
        (Some(h), false) => escape(h),
        (None, _) => m.site.clone(),
    };
    let mut html =
        String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    html += &format!("<title>{title}</title>\n");
    if m.script {
        html += "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>\n";
    }
    if m.style {
        html += "<style>body{font-family:serif} .nav a{margin:0 4px} p{line-height:1.4}</style>\n";
    }
    html += "</head><body>\n<div class=\"nav\">";
    for item in &m.nav {
        html += &format!("<a href=\"/{}\">{item}</a>", item.to_lowercase());
    }
    html += "</div>\n";
    let (open, close) = ["<article>", "<main>", "<div class=\"story\">"]
        .iter()
        .zip(["</article>", "</main>", "</div>"])
        .nth(m.container)
        .map(|(o, c)| (*o, c))
        .unwrap_or(("<article>", "</article>"));
    html += open;
    html += "\n";
    if let Some(h) = headline {
        html += &format!("<h1>{}</h1>\n", escape(h));
    }
    for p in body {
        html += &format!("<p>{}</p>\n", escape(p));
    }
    html += close;
    html += "\n";
    if m.aside {
        html += "<aside><h3>Most read</h3><ul><li><a href=\"/x\">Another story</a></li>\
                 <li><a href=\"/y\">A third story</a></li></ul></aside>\n";
    }
    if m.footer {
        html += &format!(
            "<footer><p>&copy; 2026 {}. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>\n",
            m.site
        );
    }
    html += "</body></html>\n";
    html
}

proptest! {
    // Each case wraps every version of every pile, one at a time, in its markup.
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn wrapping_any_version_in_a_page_changes_no_verdict(m in markup()) {
        for (pile, texts) in piles().iter().enumerate() {
            for (i, (path, text)) in texts.iter().enumerate() {
                let mut documents = as_documents(texts);
                let html = wrap(text, &m);
                let page = load::decode(path.clone(), html.into_bytes(), &LoadOptions::default())
                    .expect("the wrapped version has an article");
                prop_assert!(page.page.is_some(), "{} not recognized as a page", path);
                prop_assert!(!page.text.contains('<'), "markup left in the article of {}", path);
                // A navigation word may occur in the story itself; the bar as a whole may not.
                for bar in [m.nav.concat(), m.nav.join(" ")] {
                    prop_assert!(m.nav.len() < 2 || !page.text.contains(&bar), "nav bar kept: {}", bar);
                }
                documents[i] = page;
                prop_assert_eq!(
                    verdicts(documents),
                    text_verdicts()[pile].clone(),
                    "{} wrapped in {:?}",
                    path,
                    m
                );
            }
        }
    }
}

#[test]
fn a_page_is_recognized_by_its_content_not_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let seed = &piles()[0][1].1;
    let m = Markup {
        site: "Test Herald".into(),
        nav: vec!["Home".into(), "World".into()],
        script: true,
        style: true,
        footer: true,
        container: 0,
        suffixed_title: true,
        aside: true,
    };
    // A page saved as .txt is a page; a text saved as .html is a text.
    std::fs::write(dir.path().join("saved.txt"), wrap(seed, &m)).unwrap();
    std::fs::write(dir.path().join("plain.html"), seed).unwrap();
    let loaded = load::load(&[dir.path()], &LoadOptions::default());
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    let page = loaded
        .documents
        .iter()
        .find(|d| d.path.ends_with("saved.txt"))
        .unwrap();
    let text = loaded
        .documents
        .iter()
        .find(|d| d.path.ends_with("plain.html"))
        .unwrap();
    assert!(page.page.is_some());
    assert!(!page.text.contains("dataLayer") && !page.text.contains("font-family"));
    assert!(!page.text.contains("All rights reserved"));
    assert!(text.page.is_none());
    assert_eq!(&text.text, seed);
}

#[test]
fn a_text_about_html_stays_text() {
    let text = "How to build a web page\n\nEvery page starts with <!DOCTYPE html> and an <html> \
                element. Inside it, the <head> holds the <title>, and the <body> holds what \
                readers see: <p> paragraphs, <h1> headlines and <a href=\"/\"> links.\n";
    let doc = load::decode(
        "about.html".into(),
        text.as_bytes().to_vec(),
        &LoadOptions::default(),
    )
    .unwrap();
    assert!(doc.page.is_none());
    assert_eq!(doc.text, text);
}

#[test]
fn a_page_without_an_article_is_a_warning_naming_it() {
    let html = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>\
                <nav><a href=\"/\">Home</a><a href=\"/world\">World</a></nav>\
                <form><input name=user><button>Sign in</button></form></body></html>";
    let issue = load::decode(
        "login.html".into(),
        html.as_bytes().to_vec(),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(issue.problem, Problem::NoArticle { .. }),
        "{issue:?}"
    );
    assert_eq!(issue.severity, Severity::Skipped);
    assert!(
        issue.message.starts_with("login.html: "),
        "{}",
        issue.message
    );
    assert!(issue.message.contains("no article"), "{}", issue.message);
}

#[test]
fn the_binary_warns_about_a_page_without_an_article_and_judges_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in &piles()[0] {
        let name = Path::new(path).file_name().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(
        dir.path().join("index.html"),
        "<html><body><nav><a href=/a>A</a><a href=/b>B</a></nav><p>Menu</p></body></html>",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(["compare", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warning: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("index.html"))
        .collect();
    assert_eq!(warning.len(), 1, "{stderr}");
    assert!(warning[0].starts_with("wiredrift: warning: "), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let judged = json["documents"].as_array().unwrap();
    assert_eq!(judged.len(), piles()[0].len());
    assert!(
        judged
            .iter()
            .all(|d| !d["path"].as_str().unwrap().ends_with("index.html"))
    );
    assert_eq!(json["skipped"][0]["problem"], "no_article");
}

#[test]
fn json_offsets_of_a_page_point_into_the_article_it_carries() {
    let dir = tempfile::tempdir().unwrap();
    let m = Markup {
        site: "Test Courier".into(),
        nav: vec!["Home".into(), "Sport".into()],
        script: true,
        style: false,
        footer: true,
        container: 1,
        suffixed_title: false,
        aside: false,
    };
    for (k, (path, text)) in piles()[0].iter().enumerate() {
        let name = Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let (name, text) = if k == 2 {
            (name.replace(".txt", ".html"), wrap(text, &m))
        } else {
            (name, text.clone())
        };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wiredrift"))
        .args(["compare", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pages = json["pages"].as_array().expect("a pages list");
    assert_eq!(pages.len(), 1);
    let index = pages[0]["document"].as_u64().unwrap() as usize;
    let article = pages[0]["article"].as_str().unwrap();
    assert!(pages[0]["html_bytes"].as_u64().unwrap() as usize > article.len());
    let doc = &json["documents"][index];
    assert!(doc["path"].as_str().unwrap().ends_with(".html"));
    let mut checked = 0;
    for e in doc["evidence"].as_array().unwrap() {
        let (Some(start), Some(end)) = (e["start"].as_u64(), e["end"].as_u64()) else {
            continue;
        };
        let quoted = e["text"].as_str().unwrap_or("");
        if !quoted.is_empty() {
            assert_eq!(&article[start as usize..end as usize], quoted);
            checked += 1;
        }
    }
    assert!(checked > 0, "some evidence quotes the page");
}

/// The committed fixture pages: seed 001 saved as a page with a header, a navigation bar, an
/// aside, a footer and scripts; a sign-in page; a text about HTML.
#[test]
fn the_fixture_pages_behave_as_documented() {
    let pages = root().join("fixtures/pages");
    let seed_page = load::load(&[pages.join("seed-001.html")], &LoadOptions::default());
    let page = &seed_page.documents[0];
    assert!(page.page.is_some());
    assert!(
        page.text
            .starts_with("Federal tech staffers resign\n\nOver 20 U.S."),
        "{}",
        &page.text[..80]
    );
    for furniture in [
        "Subscribe",
        "Most read",
        "Privacy",
        "All rights reserved",
        "dataLayer",
    ] {
        assert!(!page.text.contains(furniture), "{furniture} kept");
    }
    // In the seed pile, the page gets the verdict seed 001 gets as text.
    let mut documents = as_documents(&piles()[0]);
    let i = piles()[0]
        .iter()
        .position(|(p, _)| p.contains("/001_"))
        .unwrap();
    documents[i] = page.clone();
    let only = |v: &[(String, Verdict)]| v.iter().map(|(_, v)| *v).collect::<Vec<_>>();
    assert_eq!(only(&verdicts(documents)), only(&text_verdicts()[0]));

    let none = load::load(&[pages.join("no-article.html")], &LoadOptions::default());
    assert!(none.documents.is_empty());
    assert!(matches!(none.issues[0].problem, Problem::NoArticle { .. }));

    let about = load::load(&[pages.join("about-html.txt")], &LoadOptions::default());
    assert!(about.documents[0].page.is_none());
}

/// 100,000 nested `<div>`s once kept the parser busy for minutes and then overflowed the stack
/// (an abort). Now the page is refused at once, named, and the run goes on.
#[test]
fn a_pathologically_nested_page_is_an_error_naming_it_not_an_abort() {
    let words = "Some words of the story here, and more of them. ".repeat(20);
    let html = format!(
        "<!DOCTYPE html><html><body>{}<p>{words}</p></body></html>",
        "<div>".repeat(100_000)
    );
    let issue = load::decode(
        "deep.html".into(),
        html.into_bytes(),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(issue.problem, Problem::PageTooComplex { .. }),
        "{issue:?}"
    );
    assert_eq!(issue.severity, Severity::Failed);
    assert!(
        issue.message.starts_with("deep.html: "),
        "{}",
        issue.message
    );
    assert!(
        issue.message.contains("100000 levels deep"),
        "{}",
        issue.message
    );
}
