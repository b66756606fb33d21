//! Web pages: recognize a saved HTML page by its content and extract the article it carries.
//!
//! A crawl holds pages as well as texts. Judged as text, a page's markup, scripts, navigation bar
//! and footer read as a garbled version, and the markup every page of a site shares aligns
//! across pages and glues unrelated stories together. So a page is turned into its article at
//! load time, and the rest of the pipeline judges that text: a page gets the verdict its
//! article would get as a plain file.
//!
//! **Recognition** looks at the content, never at the file name: a page is a file whose first
//! thing (after blank space, an XML declaration and comments) is a document tag
//! (`<!DOCTYPE html`, `<html`, `<head`, `<body`), or a fragment that opens with a block tag
//! (`<article`, `<div`, `<p`, …) and whose first 4 KiB are mostly markup. A text *about*
//! HTML starts with prose, so it stays text however many tags it quotes.
//!
//! **Extraction** uses `dom_smoothie`, a port of Mozilla's readability.js (the reader view of
//! Firefox): it scores the page's blocks, keeps the main content and drops scripts, styles,
//! navigation, sidebars and footers. The article becomes plain text with one paragraph per
//! block, paragraphs separated by blank lines, and the page's headline kept as the first line
//! (a heading) unless the article already opens with it.
//!
//! **Offsets.** [`crate::load::Document::text`] of a page is that article text, and every byte
//! offset a report gives for a page points into it, not into the HTML: decoding entities and
//! dropping markup make a map back to the source lossy, while offsets into the article let
//! `article[start..end]` be exactly what a report quotes. The JSON report carries the article
//! beside the offsets (`page.article`).

use serde::Serialize;

/// An article with fewer words than this is not an article: an index page, a login wall, a
/// page of links. Below it the page is reported instead of judged.
pub const MIN_ARTICLE_WORDS: usize = 25;

/// What a document that came as a web page was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The page's headline as the extractor found it (from `<title>`, metadata or `<h1>`).
    pub title: String,
    /// Size of the HTML the article was extracted from.
    pub html_bytes: usize,
}

/// Pages nested deeper than this are refused before parsing. Tree building and readability
/// both walk the chain of open elements for each element, so a page of 100,000 nested `<div>`s
/// took minutes and then overflowed the stack; real pages nest a few dozen levels.
pub const MAX_PAGE_DEPTH: usize = 512;

/// Pages with more elements than this are refused before parsing, which bounds the time
/// extraction takes (large real pages hold a few tens of thousands).
pub const MAX_PAGE_ELEMENTS: usize = 200_000;

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoArticle {
    /// The extractor found no main content at all.
    NotFound,
    /// It found too little text to be an article.
    TooShort { words: usize },
    /// Elements nest deeper than [`MAX_PAGE_DEPTH`].
    TooDeep { depth: usize },
    /// More elements than [`MAX_PAGE_ELEMENTS`].
    TooManyElements { elements: usize },
}

/// The article of a page: its text, and what the page was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pub page: Page,
}

/// How much of a fragment's head must be inside tags for it to count as a page.
const FRAGMENT_MARKUP_SHARE: f64 = 0.3;

/// True when `text` is a web page rather than a text, judged from its first bytes.
pub fn is_page(text: &str) -> bool {
    let rest = skip_prologue(text);
    let lower = head_lowercase(rest, 64);
    if ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| opens_with_tag(&lower, tag))
    {
        return true;
    }
    const BLOCKS: &[&str] = &[
        "<article", "<main", "<section", "<div", "<p", "<header", "<nav", "<title", "<meta", "<h1",
        "<h2", "<table", "<ul",
    ];
    BLOCKS.iter().any(|tag| opens_with_tag(&lower, tag))
        && markup_share(rest) >= FRAGMENT_MARKUP_SHARE
}

/// Extracts the article of a page. Never panics on any input: an extractor failure is a
/// [`NoArticle`].
pub fn extract(html: &str) -> Result<Extracted, NoArticle> {
    let shape = Shape::of(html);
    if shape.depth > MAX_PAGE_DEPTH {
        return Err(NoArticle::TooDeep { depth: shape.depth });
    }
    if shape.elements > MAX_PAGE_ELEMENTS {
        return Err(NoArticle::TooManyElements {
            elements: shape.elements,
        });
    }
    let article = std::panic::catch_unwind(|| readability(html))
        .map_err(|_| NoArticle::NotFound)?
        .ok_or(NoArticle::NotFound)?;
    let (title, body) = article;
    let title = without_site_name(&collapse_spaces(&title));
    let mut paragraphs: Vec<String> = body
        .split("\n\n")
        .map(collapse_lines)
        .filter(|p| !p.is_empty())
        .collect();
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    if words < MIN_ARTICLE_WORDS {
        return Err(NoArticle::TooShort { words });
    }
    // The headline is kept as a heading. Readability drops an `<h1>` that repeats the title, so
    // it comes back here, unless the article already opens with it.
    let opens_with_title = paragraphs
        .iter()
        .take(2)
        .any(|p| p.eq_ignore_ascii_case(&title));
    if !title.is_empty() && !opens_with_title {
        paragraphs.insert(0, title.clone());
    }
    Ok(Extracted {
        text: paragraphs.join("\n\n") + "\n",
        page: Page {
            title,
            html_bytes: html.len(),
        },
    })
}

/// "Council backs tram | The Herald" → "Council backs tram": a `<title>` often ends with the
/// site's name after a separator. Cut only when a headline of at least three words remains and
/// the tail is short enough to be a name, as readability.js does.
fn without_site_name(title: &str) -> String {
    const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " » ", " · "];
    let cut = SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|i| (i, sep.len())))
        .max_by_key(|&(i, _)| i);
    if let Some((i, len)) = cut {
        let (head, tail) = (&title[..i], &title[i + len..]);
        if head.split_whitespace().count() >= 3 && tail.split_whitespace().count() <= 4 {
            return head.to_string();
        }
    }
    title.to_string()
}

/// The title and plain text (paragraphs separated by blank lines) that readability finds.
fn readability(html: &str) -> Option<(String, String)> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
    let article = reader.parse().ok()?;
    Some((article.title, article.text_content.to_string()))
}

/// How many elements a page holds and how deep they nest, from a scan of its tags (no parse).
struct Shape {
    elements: usize,
    depth: usize,
}

/// Elements that hold no content, and elements whose end tag may be left out because the next
/// sibling closes them: neither deepens the tree however many there are.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "rt", "rp", "colgroup", "caption", "html", "head", "body",
];

impl Shape {
    fn of(html: &str) -> Shape {
        let lower = html.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let (mut elements, mut depth, mut deepest) = (0usize, 0usize, 0usize);
        let mut i = 0;
        while let Some(at) = lower[i..].find('<') {
            i += at + 1;
            if lower[i..].starts_with("!--") {
                i = lower[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                continue;
            }
            let closing = bytes.get(i) == Some(&b'/');
            let start = i + usize::from(closing);
            let name_len = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 {
                continue;
            }
            let name = &lower[start..start + name_len];
            let end = lower[start..].find('>').map_or(bytes.len(), |e| start + e);
            let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
            if closing {
                if !FLAT_ELEMENTS.contains(&name) {
                    depth = depth.saturating_sub(1);
                }
            } else {
                elements += 1;
                if !self_closing && !FLAT_ELEMENTS.contains(&name) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                // Script and style text is not markup.
                if name == "script" || name == "style" {
                    let close = format!("</{name}");
                    i = lower[end.min(bytes.len())..]
                        .find(&close)
                        .map_or(bytes.len(), |e| end + e);
                    continue;
                }
            }
            i = end.min(bytes.len());
        }
        Shape {
            elements,
            depth: deepest,
        }
    }
}

/// One paragraph: each line's spaces collapsed, blank lines dropped, line breaks kept (a `<br>`
/// inside a paragraph is a line break the segmenter knows how to read).
fn collapse_lines(paragraph: &str) -> String {
    paragraph
        .lines()
        .map(collapse_spaces)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn collapse_spaces(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Skips blank space, a byte order mark, an XML declaration and comments before the first tag.
fn skip_prologue(text: &str) -> &str {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    loop {
        let (open, close) = if rest.starts_with("<?") {
            ("<?", "?>")
        } else if rest.starts_with("<!--") {
            ("<!--", "-->")
        } else {
            return rest;
        };
        match rest[open.len()..].find(close) {
            Some(end) => rest = rest[open.len() + end + close.len()..].trim_start(),
            None => return rest,
        }
    }
}

/// The first `max` bytes (cut at a character boundary), lowercased.
fn head_lowercase(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_ascii_lowercase()
}

/// `lower` starts with `tag` and the tag name ends there (`<p>` or `<p class`, not `<pre`).
fn opens_with_tag(lower: &str, tag: &str) -> bool {
    lower.strip_prefix(tag).is_some_and(|after| {
        after
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace())
    })
}

/// Share of the first 4 KiB that is inside `<…>`.
fn markup_share(text: &str) -> f64 {
    let head = head_lowercase(text, 4096);
    let (mut inside, mut in_tag) = (0usize, false);
    for b in head.bytes() {
        if b == b'<' {
            in_tag = true;
        }
        if in_tag {
            inside += 1;
        }
        if b == b'>' {
            in_tag = false;
        }
    }
    inside as f64 / head.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_pages_and_fragments_but_not_texts_about_html() {
        assert!(is_page(
            "\n<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>"
        ));
        assert!(is_page(
            "<?xml version=\"1.0\"?>\n<!-- saved -->\n<HTML lang=en>"
        ));
        assert!(is_page("<div class=\"story\"><p>One.</p><p>Two.</p></div>"));
        assert!(!is_page(
            "HTML pages start with <!DOCTYPE html> and a <head>. Then comes the body."
        ));
        // A fragment tag followed by mostly prose is text that happens to open with a tag.
        let prose = format!(
            "<p>{}",
            "A long run of words about the council. ".repeat(40)
        );
        assert!(!is_page(&prose));
        assert!(!is_page("<pre>is not a block we treat as a page</pre>"));
        assert!(!is_page(
            "<http://example.com> is a link in angle brackets."
        ));
    }

    #[test]
    fn keeps_the_headline_once() {
        let body = "<p>The council voted on Tuesday to extend the tram line to the airport, \
                    a project that has been debated for a decade and will cost millions.</p>\
                    <p>Opponents said the money would be better spent on buses across town.</p>";
        let html = format!(
            "<html><head><title>Council backs tram</title></head><body>\
             <nav><a href=/>Home</a></nav><article><h1>Council backs tram</h1>{body}\
             </article><footer>Contact us</footer></body></html>"
        );
        let page = extract(&html).unwrap();
        assert!(
            page.text
                .starts_with("Council backs tram\n\nThe council voted")
        );
        assert_eq!(page.text.matches("Council backs tram").count(), 1);
        assert!(!page.text.contains("Home"));
        assert!(!page.text.contains("Contact us"));
        assert_eq!(page.page.html_bytes, html.len());
    }

    #[test]
    fn a_site_name_after_the_headline_is_cut() {
        assert_eq!(
            without_site_name("Council backs tram | The Herald"),
            "Council backs tram"
        );
        assert_eq!(
            without_site_name("Tram vote - Daily Post"),
            "Tram vote - Daily Post"
        );
        assert_eq!(
            without_site_name("Council backs tram - and the mayor is not pleased at all"),
            "Council backs tram - and the mayor is not pleased at all"
        );
    }

    #[test]
    fn deep_and_huge_pages_are_refused_before_parsing() {
        let words = "Some words of the story here, and more of them. ".repeat(20);
        let deep = format!(
            "<html><body>{}<p>{words}</p></body></html>",
            "<div>".repeat(600)
        );
        assert_eq!(extract(&deep), Err(NoArticle::TooDeep { depth: 600 }));
        // Paragraphs without end tags, void elements, comments and script text do not nest.
        let flat = format!(
            "<html><body><article><!-- <div><div> -->{}<script>if (a<b) {{ x = '<div>'; }}</script>             </article></body></html>",
            format!("<p>{words}<br><img src=x>").repeat(600)
        );
        let shape = Shape::of(&flat);
        assert_eq!(shape.depth, 2, "article and script");
        assert!(extract(&flat).is_ok());
        let many = format!(
            "<html><body>{}</body></html>",
            "<br>".repeat(MAX_PAGE_ELEMENTS)
        );
        assert!(matches!(
            extract(&many),
            Err(NoArticle::TooManyElements { .. })
        ));
    }

    #[test]
    fn a_page_of_links_has_no_article() {
        let html = "<html><head><title>Index</title></head><body><nav><a href=/a>World</a>\
                    <a href=/b>Politics</a></nav></body></html>";
        assert!(extract(html).is_err());
    }
}
