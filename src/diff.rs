//! Word-level diff of two passages, for people to read.
//!
//! The diff runs on word tokens (Unicode word boundaries; punctuation is its own token, whitespace
//! only separates), compared exactly, so a name whose case changed ("Musk" → "musk") shows as
//! changed. Every aligned pair gets word emphasis however heavily it was reworded: there is no
//! minimum-ratio gate like the one in `similar`'s inline changes, because the pairs that matter
//! most to an editor are the ones that changed most.
//!
//! A replaced run of the same number of words on both sides, up to [`MAX_PAIRED_RUN`] words, is
//! shown word by word (`[-Musk-]{+muscles+}`) rather than as one block: machine translation
//! substitutes word for word, and the pairs point at each mistranslated name. Other replacements
//! read as one deleted phrase followed by one inserted phrase, like `git diff --word-diff`.
//!
//! Cost is bounded twice: each side is cut to [`MAX_TOKENS`] tokens (the rest is shown as deleted
//! and inserted text, unaligned), and `similar`'s patience diff gets a [`DEADLINE`] per pair, past
//! which it returns a coarser but still correct diff.

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};
use unicode_segmentation::UnicodeSegmentation;

/// Time budget of one word diff. Past it `similar` falls back to a coarser diff, so a huge or
/// pathological pair costs at most about this long.
pub const DEADLINE: Duration = Duration::from_millis(50);

/// Word tokens diffed per side; the rest of a longer passage is shown unaligned.
pub const MAX_TOKENS: usize = 4000;

/// Longest replaced run shown word by word when both sides have the same number of words.
pub const MAX_PAIRED_RUN: usize = 8;

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// On both sides.
    Equal,
    /// Only in the old passage (side A).
    Delete,
    /// Only in the new passage (side B).
    Insert,
}

/// A run of consecutive words with one tag, quoting the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    pub tag: Tag,
    /// The words as printed, from the first word's start to the last word's end (inner
    /// whitespace, even line breaks, kept as in the source).
    pub text: &'a str,
    /// Byte range of `text` in its side's passage: the old one for equal runs, except in a
    /// [`View::New`].
    pub start: usize,
    pub end: usize,
    /// Whether whitespace follows the run in its source. For an equal run, in the view's
    /// terms: [`WordDiff::view`] sets it from the side the next run comes from.
    pub space_after: bool,
    /// For equal runs: whether whitespace follows on the new side, and where the run is there.
    space_after_new: bool,
    new_start: usize,
    new_end: usize,
}

/// Which side of a diff to show: the old side holds equal and deleted runs, the new side equal
/// and inserted ones, and both shows them merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Old,
    New,
    Both,
}

/// How marks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `[-deleted-]{+inserted+}`, like `git diff --word-diff=plain`; reads without color.
    Plain,
    /// ANSI colors: deleted red and struck through, inserted green and underlined.
    Ansi,
    /// `~~deleted~~` and `**inserted**`, with Markdown special characters escaped.
    Markdown,
    /// `<del>` and `<ins>`, with the text HTML-escaped.
    Html,
}

/// The word diff of two passages.
#[derive(Debug, Clone)]
pub struct WordDiff<'a> {
    old: &'a str,
    new: &'a str,
    runs: Vec<Run<'a>>,
    old_words: usize,
    new_words: usize,
    equal_words: usize,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    space_after: bool,
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token> = Vec::new();
    for (at, w) in s.split_word_bound_indices() {
        if w.chars().all(char::is_whitespace) {
            if let Some(last) = out.last_mut() {
                last.space_after = true;
            }
            continue;
        }
        out.push(Token {
            text: w,
            start: at,
            end: at + w.len(),
            space_after: false,
        });
    }
    out
}

impl<'a> WordDiff<'a> {
    /// Diffs two passages with the default [`DEADLINE`].
    pub fn new(old: &'a str, new: &'a str) -> WordDiff<'a> {
        WordDiff::with_deadline(old, new, DEADLINE)
    }

    /// Diffs two passages, giving the diff algorithm at most `deadline`.
    pub fn with_deadline(old: &'a str, new: &'a str, deadline: Duration) -> WordDiff<'a> {
        let ot = tokenize(old);
        let nt = tokenize(new);
        let (oh, ol) = ot.split_at(ot.len().min(MAX_TOKENS));
        let (nh, nl) = nt.split_at(nt.len().min(MAX_TOKENS));
        let ok: Vec<String> = oh.iter().map(|t| fold(t.text)).collect();
        let nk: Vec<String> = nh.iter().map(|t| fold(t.text)).collect();
        let ops = capture_diff_slices_deadline(
            Algorithm::Patience,
            &ok,
            &nk,
            Some(Instant::now() + deadline),
        );
        let mut b = Builder {
            old,
            new,
            runs: Vec::new(),
        };
        let mut equal_words = 0;
        for op in ops {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    equal_words += len;
                    b.push(Tag::Equal, &oh[old_index..old_index + len]);
                    if let (Some(run), Some(first), Some(last)) = (
                        b.runs.last_mut(),
                        nh.get(new_index),
                        nh.get(new_index + len.saturating_sub(1)),
                    ) {
                        run.space_after_new = last.space_after;
                        run.new_start = first.start;
                        run.new_end = last.end;
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => b.push(Tag::Delete, &oh[old_index..old_index + old_len]),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => b.push(Tag::Insert, &nh[new_index..new_index + new_len]),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let olds = &oh[old_index..old_index + old_len];
                    let news = &nh[new_index..new_index + new_len];
                    if old_len == new_len && old_len <= MAX_PAIRED_RUN {
                        for (o, n) in olds.iter().zip(news) {
                            b.push(Tag::Delete, std::slice::from_ref(o));
                            b.push(Tag::Insert, std::slice::from_ref(n));
                        }
                    } else {
                        b.push(Tag::Delete, olds);
                        b.push(Tag::Insert, news);
                    }
                }
            }
        }
        b.push(Tag::Delete, ol);
        b.push(Tag::Insert, nl);
        WordDiff {
            old,
            new,
            runs: b.runs,
            old_words: ot.len(),
            new_words: nt.len(),
            equal_words,
        }
    }

    /// The runs in reading order: within a change, deleted words come before inserted ones.
    pub fn runs(&self) -> &[Run<'a>] {
        &self.runs
    }

    /// The runs one view shows. A one-sided view joins the word-for-word substitutions into
    /// whole changed phrases.
    pub fn view(&self, view: View) -> Vec<Run<'a>> {
        let mut out: Vec<Run<'a>> = Vec::new();
        for r in self.runs.iter().filter(|r| match view {
            View::Both => true,
            View::Old => r.tag != Tag::Insert,
            View::New => r.tag != Tag::Delete,
        }) {
            // Equal runs are never joined: the words between them, hidden in this view, are
            // part of the source between their offsets.
            if view != View::Both
                && r.tag != Tag::Equal
                && let Some(prev) = out.last_mut()
                && prev.tag == r.tag
            {
                let source = if r.tag == Tag::Insert {
                    self.new
                } else {
                    self.old
                };
                if let Some(text) = source.get(prev.start..r.end) {
                    prev.text = text;
                    prev.end = r.end;
                    prev.space_after = r.space_after;
                    continue;
                }
            }
            let mut r = *r;
            if view == View::New
                && r.tag == Tag::Equal
                && let Some(text) = self.new.get(r.new_start..r.new_end)
            {
                // The new side's own typography.
                r.text = text;
                r.start = r.new_start;
                r.end = r.new_end;
            }
            out.push(r);
        }
        // Whitespace after an equal run: the new side's when the new side comes next.
        for i in 0..out.len() {
            if out[i].tag == Tag::Equal {
                let next = out.get(i + 1).map(|r| r.tag);
                if view == View::New || next == Some(Tag::Insert) {
                    out[i].space_after = out[i].space_after_new;
                }
            }
        }
        out
    }

    /// Share of the words the two sides have in common: 2·equal / (old + new), 1 for two empty
    /// passages.
    pub fn ratio(&self) -> f64 {
        let total = self.old_words + self.new_words;
        if total == 0 {
            1.0
        } else {
            (2 * self.equal_words) as f64 / total as f64
        }
    }

    /// Whether both sides have the same words.
    pub fn is_unchanged(&self) -> bool {
        self.runs.iter().all(|r| r.tag == Tag::Equal)
    }

    /// The diff as one line of text in `style`, whitespace collapsed to single spaces.
    pub fn render(&self, view: View, style: Style) -> String {
        let mut out = String::new();
        let runs = self.view(view);
        for (i, run) in runs.iter().enumerate() {
            let text = collapse(run.text);
            match (run.tag, style) {
                (Tag::Equal, Style::Plain | Style::Ansi) => out.push_str(&text),
                (Tag::Equal, Style::Markdown) => out.push_str(&escape_markdown(&text)),
                (Tag::Equal, Style::Html) => out.push_str(&escape_html(&text)),
                (tag, Style::Plain) => {
                    let (open, close) = plain_marks(tag);
                    out.push_str(open);
                    out.push_str(&text);
                    out.push_str(close);
                }
                (tag, Style::Ansi) => {
                    let s = ansi_style(tag);
                    out.push_str(&format!("{}{text}{}", s.render(), s.render_reset()));
                }
                (Tag::Delete, Style::Markdown) => {
                    out.push_str(&format!("~~{}~~", escape_markdown(&text)))
                }
                (Tag::Insert, Style::Markdown) => {
                    out.push_str(&format!("**{}**", escape_markdown(&text)))
                }
                (Tag::Delete, Style::Html) => {
                    out.push_str(&format!("<del>{}</del>", escape_html(&text)))
                }
                (Tag::Insert, Style::Html) => {
                    out.push_str(&format!("<ins>{}</ins>", escape_html(&text)))
                }
            }
            let next = runs.get(i + 1);
            // A deletion directly followed by its replacement takes no space between them, so
            // that the pair reads as one substitution.
            let replaced = run.tag == Tag::Delete && next.is_some_and(|n| n.tag == Tag::Insert);
            if next.is_some() && run.space_after && !replaced {
                out.push(' ');
            }
        }
        out
    }
}

struct Builder<'a> {
    old: &'a str,
    new: &'a str,
    runs: Vec<Run<'a>>,
}

impl<'a> Builder<'a> {
    fn push(&mut self, tag: Tag, tokens: &[Token]) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return;
        };
        let source = if tag == Tag::Insert {
            self.new
        } else {
            self.old
        };
        let text = source.get(first.start..last.end).unwrap_or("");
        self.runs.push(Run {
            tag,
            text,
            start: first.start,
            end: last.end,
            space_after: last.space_after,
            space_after_new: last.space_after,
            new_start: first.start,
            new_end: last.end,
        });
    }
}

/// The comparison key of a token: typographic quotes, apostrophes and dashes fold to their
/// plain forms, so `American’s` and `American's` are the same word. Case is kept: a name that
/// lost its capital is a change worth seeing.
fn fold(token: &str) -> String {
    token
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' => '-',
            c => c,
        })
        .collect()
}

/// Collapses every whitespace run (line breaks included) to one space and trims the ends.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain-text marks around a changed run.
pub fn plain_marks(tag: Tag) -> (&'static str, &'static str) {
    match tag {
        Tag::Delete => ("[-", "-]"),
        Tag::Insert => ("{+", "+}"),
        Tag::Equal => ("", ""),
    }
}

/// The terminal style of a run: deleted red struck through, inserted green underlined, so the
/// difference survives for color-blind readers too.
pub fn ansi_style(tag: Tag) -> anstyle::Style {
    use anstyle::{AnsiColor, Effects, Style};
    match tag {
        Tag::Delete => Style::new()
            .fg_color(Some(AnsiColor::Red.into()))
            .effects(Effects::STRIKETHROUGH),
        Tag::Insert => Style::new()
            .fg_color(Some(AnsiColor::Green.into()))
            .effects(Effects::UNDERLINE),
        Tag::Equal => Style::new(),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what Markdown (CommonMark, and GitHub's tables) would read as markup, so quoted text
/// shows as printed: emphasis, code, links, HTML and table pipes everywhere; `_` only at a word's
/// edge (inside a word, as in file names, it is no markup); `#`, `+`, `-` and `>` markers only at
/// the start. Line breaks become spaces, since a quote sits on one line.
pub fn escape_markdown(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |k: Option<&char>| k.is_some_and(|c| c.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => true,
            '_' => !(word(i.checked_sub(1).and_then(|k| chars.get(k))) && word(chars.get(i + 1))),
            '#' | '+' | '-' | '=' => i == 0,
            _ => false,
        };
        match c {
            '\n' | '\r' => out.push(' '),
            c => {
                if escape {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_word_for_word_substitutions() {
        let d = WordDiff::new(
            "blog and criticizing Musk in conversations with colleagues.",
            "blog and criticizes muscles on chats with colleagues.",
        );
        let plain = d.render(View::Both, Style::Plain);
        assert!(plain.contains("[-Musk-]{+muscles+}"), "{plain}");
        assert!(plain.starts_with("blog and [-criticizing-]{+criticizes+} "));
        assert!(plain.ends_with(" with colleagues."));
    }

    #[test]
    fn unequal_replacements_read_as_phrases() {
        let d = WordDiff::new("the cat sat on the mat", "the dog was lying on the mat");
        assert_eq!(
            d.render(View::Both, Style::Plain),
            "the [-cat sat-]{+dog was lying+} on the mat"
        );
        assert_eq!(
            d.render(View::Old, Style::Plain),
            "the [-cat sat-] on the mat"
        );
        assert_eq!(
            d.render(View::New, Style::Plain),
            "the {+dog was lying+} on the mat"
        );
    }

    #[test]
    fn heavy_rewording_still_gets_marks() {
        let d = WordDiff::new("alpha beta gamma delta", "one two three");
        assert!(d.ratio() < 0.1);
        assert_eq!(
            d.render(View::Both, Style::Plain),
            "[-alpha beta gamma delta-]{+one two three+}"
        );
    }

    #[test]
    fn one_sided_views_join_substitutions_and_spacing_follows_each_side() {
        let d = WordDiff::new(
            "a criticizing Musk here.",
            "a criticizes muscles here, and more.",
        );
        assert_eq!(
            d.render(View::Old, Style::Plain),
            "a [-criticizing Musk-] here."
        );
        let d = WordDiff::new("the mass resignation.", "the mass resignation letter.");
        assert_eq!(
            d.render(View::Both, Style::Plain),
            "the mass resignation {+letter+}."
        );
        let d = WordDiff::new("American’s data “safe”", "American's data \"safe\"");
        assert!(d.is_unchanged());
        assert_eq!(
            d.render(View::New, Style::Plain),
            "American's data \"safe\""
        );
        let d = WordDiff::new("a b c d e f", "a c e f");
        assert_eq!(d.render(View::New, Style::Plain), "a c e f");
        assert_eq!(d.render(View::Old, Style::Plain), "a [-b-] c [-d-] e f");
    }

    #[test]
    fn case_changes_count() {
        let d = WordDiff::new("Elon Musk said", "Elon musk said");
        assert_eq!(
            d.render(View::Both, Style::Plain),
            "Elon [-Musk-]{+musk+} said"
        );
    }

    #[test]
    fn escapes_markup() {
        let d = WordDiff::new("a <b> & c", "a <i> & c");
        let html = d.render(View::Both, Style::Html);
        assert!(html.contains("<del>b</del><ins>i</ins>"), "{html}");
        assert!(html.contains("&lt;") && html.contains("&amp;"));
        let md = WordDiff::new("x *y* z", "x _y_ z").render(View::Both, Style::Markdown);
        assert!(md.contains("~~\\*y\\*~~**\\_y\\_**"), "{md}");
        assert_eq!(escape_markdown("seeds/000_9a-b.txt"), "seeds/000_9a-b.txt");
        assert_eq!(escape_markdown("# _x_ | y"), "\\# \\_x\\_ \\| y");
    }

    #[test]
    fn ansi_marks_changes_only() {
        let d = WordDiff::new("same old", "same new");
        let s = d.render(View::Both, Style::Ansi);
        assert!(s.starts_with("same "));
        assert!(s.contains("\x1b["));
        assert!(
            !WordDiff::new("a b", "a b")
                .render(View::Both, Style::Ansi)
                .contains('\x1b')
        );
    }

    #[test]
    fn empty_and_huge_inputs_stay_bounded() {
        assert_eq!(WordDiff::new("", "").ratio(), 1.0);
        assert_eq!(
            WordDiff::new("", "x").render(View::Both, Style::Plain),
            "{+x+}"
        );
        let big: String = (0..3 * MAX_TOKENS).map(|i| format!("w{i} ")).collect();
        let other: String = (0..3 * MAX_TOKENS).map(|i| format!("v{i} ")).collect();
        let start = Instant::now();
        let d = WordDiff::new(&big, &other);
        assert!(start.elapsed() < Duration::from_secs(5));
        assert!(
            d.render(View::Old, Style::Plain)
                .contains(&format!("w{}", 3 * MAX_TOKENS - 1))
        );
    }
}
