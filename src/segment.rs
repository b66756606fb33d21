//! Segmentation: paragraphs, sentences and words, each with its span in the original text.
//!
//! Scraped news text is messy in three recurring ways, and each has a rule here:
//! - Lines are hard-wrapped mid-sentence ("As the\nAP detailed"). A line joins the next one when it
//!   cannot end a paragraph: it ends in a comma or a function word, or the next line starts in
//!   lowercase. Text wrapped at a fixed width (at most 100 columns) joins every full line.
//! - Headlines, bylines and "Read more" links stand on their own lines without final punctuation.
//!   They stay separate passages so they never glue onto the story's first sentence.
//! - Sentences run together at a missing space ("ServiceBut", "Healthcare.govThe", "said.The").
//!   Such a token is split for matching, and each part is marked [`Word::run_together`] for the
//!   judge. Camel-case names ("McDonald", "YouTube", "TurboTax", "@realDonaldTrump") stay whole.
//!
//! Every span is a byte range of the original text on char boundaries; spans of one kind are
//! ordered and never overlap, words lie inside their sentence and sentences inside their
//! paragraph (`tests/properties.rs` checks this on hostile Unicode). One original character that
//! normalizes into several words ("½" is "1⁄2") yields one word. Work is linear in the text:
//! word iterators only ever see bounded pieces of a long paragraph.

use crate::normalize::{Fold, Normalized};
use serde::Serialize;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A half-open byte range `[start, end)` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What a paragraph is, from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// Running text.
    Body,
    /// A line standing alone without final punctuation: headline, subhead or byline.
    Heading,
    /// Page debris: a caption, credit, image counter, timestamp, share or subscribe line,
    /// copyright notice or repeated headline (see [`is_debris`]). Never paired in alignment,
    /// never scored for fluency.
    Boilerplate,
}

mod debris;

/// True when `line` is page debris by its shape: a photo credit or caption, an image counter,
/// a timestamp, a call to action ("Share this story", "Advertisement"), a copyright notice.
/// Segmentation also marks a short line that repeats an earlier one in the same document.
pub fn is_debris(line: &str) -> bool {
    let words: Vec<&str> = line.unicode_words().collect();
    debris::is_debris(line, &words)
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub span: Span,
    pub kind: ParagraphKind,
    /// Indices into [`Segmented::sentences`].
    pub sentences: Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    /// Span in the original text, without surrounding whitespace.
    pub span: Span,
    /// Span in the normalized text.
    pub normalized: Span,
    /// Indices into [`Segmented::words`].
    pub words: Range<usize>,
    pub paragraph: usize,
}

/// How a word is written. Names and acronyms keep their capitals in every honest version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    Lower,
    Capitalized,
    Upper,
    Mixed,
    Number,
}

#[derive(Debug, Clone, Serialize)]
pub struct Word {
    /// Span in the original text.
    pub span: Span,
    /// Span in the normalized text.
    pub normalized: Span,
    /// Lowercased normalized form, the key every matcher uses.
    pub key: String,
    pub shape: Shape,
    /// True when this word was split off a token that ran into its neighbour at a missing space.
    pub run_together: bool,
    /// True when it starts its sentence (a capital there says nothing about being a name).
    pub sentence_initial: bool,
}

/// A document cut into passages and words.
#[derive(Debug, Clone)]
pub struct Segmented {
    pub normalized: Normalized,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub words: Vec<Word>,
}

impl Segmented {
    /// Segments `original`, the text as the outlet printed it.
    pub fn new(original: &str) -> Segmented {
        let normalized = Normalized::new(original, Fold::default());
        let mut seg = Segmented {
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            words: Vec::new(),
            normalized,
        };
        let text = seg.normalized.as_str().to_owned();
        let mut paragraphs = paragraph_ranges(&text);
        // Debris is read as printed: normalization folds the separators and quotes it shows.
        let printed: Vec<&str> = paragraphs
            .iter()
            .map(|(r, _)| {
                let r = seg.normalized.original_range(r.clone());
                original.get(r).unwrap_or("")
            })
            .collect();
        let mut kinds: Vec<ParagraphKind> = paragraphs.iter().map(|(_, k)| *k).collect();
        debris::mark(&printed, &mut kinds);
        for (p, kind) in paragraphs.iter_mut().zip(kinds) {
            p.1 = kind;
        }
        for (range, kind) in paragraphs {
            let first_sentence = seg.sentences.len();
            let paragraph = seg.paragraphs.len();
            for sentence in sentence_ranges(&text, range.clone(), kind) {
                seg.push_sentence(&text, sentence, paragraph);
            }
            if seg.sentences.len() > first_sentence {
                let span = seg.span_of(range);
                seg.paragraphs.push(Paragraph {
                    span,
                    kind,
                    sentences: first_sentence..seg.sentences.len(),
                });
            }
        }
        seg
    }

    /// The original text of a sentence, given the document text.
    pub fn sentence_text<'a>(&self, original: &'a str, i: usize) -> &'a str {
        original.get(self.sentences[i].span.range()).unwrap_or("")
    }

    /// The words of sentence `i`.
    pub fn sentence_words(&self, i: usize) -> &[Word] {
        &self.words[self.sentences[i].words.clone()]
    }

    fn span_of(&self, normalized: Range<usize>) -> Span {
        let r = self.normalized.original_range(normalized);
        Span::new(r.start, r.end)
    }

    fn push_sentence(&mut self, text: &str, mut range: Range<usize>, paragraph: usize) {
        // A sentence that would start inside the original character the last one ended in
        // (a boundary inside an NFKC expansion) is part of that sentence: redo both as one.
        let start = self.normalized.original_offset(range.start);
        if self
            .sentences
            .last()
            .is_some_and(|last| last.paragraph == paragraph && start < last.span.end)
        {
            if let Some(last) = self.sentences.pop() {
                self.words.truncate(last.words.start);
                range.start = last.normalized.start;
            }
        }
        let first_word = self.words.len();
        let mut initial = true;
        for (offset, token) in text[range.clone()].split_word_bound_indices() {
            if !token.chars().any(char::is_alphanumeric) {
                continue;
            }
            let start = range.start + offset;
            // "@realDonaldTrump", "#MeToo", "twitter/FoxNews": handles and paths are written
            // in camel case on purpose.
            let handle = text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '@' | '#' | '/' | '_'));
            for (part, run_together) in split_run_together(token, handle) {
                let part_start = start + part.start;
                let part_end = start + part.end;
                let surface = &text[part_start..part_end];
                let span = self.span_of(part_start..part_end);
                // Words from one original character ("½" is "1⁄2", "㍻" two ideographs) share
                // its span: they are one word, so that spans never overlap.
                if let Some(last) = self.words[first_word..].last_mut() {
                    if span.start < last.span.end {
                        last.normalized.end = part_end;
                        last.span = last.span.cover(span);
                        let merged = &text[last.normalized.range()];
                        last.key = crate::normalize::fold_word(merged);
                        last.shape = shape_of(merged);
                        last.run_together |= run_together;
                        continue;
                    }
                }
                self.words.push(Word {
                    span,
                    normalized: Span::new(part_start, part_end),
                    key: crate::normalize::fold_word(surface),
                    shape: shape_of(surface),
                    run_together,
                    sentence_initial: initial,
                });
                initial = false;
            }
        }
        if self.words.len() == first_word {
            return;
        }
        // "Tuesday.The letter": split into two sentences at a full stop with no space after it.
        // The words either side of the lost space are run-together words like any other.
        let glued = text[..range.start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        if glued {
            if let Some(previous) = self.sentences.last() {
                if previous.paragraph == paragraph && !previous.words.is_empty() {
                    self.words[previous.words.end - 1].run_together = true;
                    self.words[first_word].run_together = true;
                }
            }
        }
        let span = self.span_of(range.clone());
        self.sentences.push(Sentence {
            span,
            normalized: Span::new(range.start, range.end),
            words: first_word..self.words.len(),
            paragraph,
        });
    }
}

/// Words that never end a complete line of prose: a line ending in one was wrapped.
const CONTINUATION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "and", "or", "but", "in", "on", "at", "by", "for", "with", "as",
    "from", "that", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "his", "her", "its", "their", "our", "my", "your", "this", "these",
    "those", "into", "onto", "than", "if", "while", "when", "where", "because", "about", "after",
    "before", "over", "under", "between", "not", "also", "said", "says", "wrote", "told",
];

fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', ')', ']', ' ']);
    trimmed.ends_with(['.', '!', '?', ':'])
}

fn last_word_lower(line: &str) -> Option<String> {
    // Only the end of the line matters; a joined paragraph can be megabytes long.
    tail(line, 64)
        .unicode_words()
        .next_back()
        .map(|w| w.to_lowercase())
}

/// The first `max` bytes of `s` or a little less, on a char boundary. Word iterators scan their
/// whole input before the first word, so they only ever get a bounded piece of a long paragraph.
fn head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `max` bytes of `s` or a little less, on a char boundary.
fn tail(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// Lines are paragraphs unless a line was wrapped mid-sentence; blank lines always separate.
///
/// Two kinds of wrapping are recognized. A line that cannot end a paragraph (it ends in a comma or
/// a function word, or the next line starts in lowercase) joins the next one: that catches the
/// stray breaks scrapers leave around links ("As the\nAP detailed"). And a document hard-wrapped
/// at a fixed width (most lines nearly as long as the longest, which is at most 100 characters)
/// joins every line that reaches near that width into the next; a shorter line ends its paragraph.
fn paragraph_ranges(text: &str) -> Vec<(Range<usize>, ParagraphKind)> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut blank_before: Vec<bool> = Vec::new();
    let mut start = 0;
    let mut saw_blank = false;
    for (i, _) in text
        .match_indices('\n')
        .chain(std::iter::once((text.len(), "")))
    {
        if i > start {
            lines.push(start..i);
            blank_before.push(saw_blank);
            saw_blank = false;
        } else {
            saw_blank = true;
        }
        start = i + 1;
    }
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| text[l.clone()].chars().count())
        .collect();
    let full_width = wrap_width(&widths, &blank_before);
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    for (idx, line) in lines.iter().enumerate() {
        let joins = match paragraphs.last() {
            Some(prev) if idx > 0 && !blank_before[idx] => {
                full_width.is_some_and(|w| widths[idx - 1] >= w)
                    || continues_into(&text[prev.clone()], &text[line.clone()])
            }
            _ => false,
        };
        match paragraphs.last_mut() {
            Some(prev) if joins => prev.end = line.end,
            _ => paragraphs.push(line.clone()),
        }
    }
    paragraphs
        .into_iter()
        .map(|r| {
            let kind = if looks_like_heading(&text[r.clone()]) {
                ParagraphKind::Heading
            } else {
                ParagraphKind::Body
            };
            (r, kind)
        })
        .collect()
}

/// For a document hard-wrapped at a fixed width, the width from which a line counts as full (and
/// so wrapped); `None` for text whose lines are paragraphs.
fn wrap_width(widths: &[usize], blank_before: &[bool]) -> Option<usize> {
    let max = widths.iter().copied().max()?;
    if widths.len() < 6 || !(40..=100).contains(&max) {
        return None;
    }
    let full = max - max / 4;
    // The last line of each block is short by nature; judge the others.
    let inner: Vec<usize> = (0..widths.len())
        .filter(|&i| i + 1 < widths.len() && !blank_before[i + 1])
        .map(|i| widths[i])
        .collect();
    let full_lines = inner.iter().filter(|&&w| w >= full).count();
    (inner.len() >= 4 && full_lines * 10 >= inner.len() * 7).then_some(full)
}

fn continues_into(previous: &str, next: &str) -> bool {
    let prev = previous.trim_end();
    if prev.ends_with([',', ';']) || prev.ends_with(",\"") || prev.ends_with(",'") {
        return true;
    }
    if ends_sentence(prev) {
        return false;
    }
    if next.chars().next().is_some_and(|c| c.is_lowercase()) {
        return true;
    }
    last_word_lower(prev).is_some_and(|w| CONTINUATION_WORDS.contains(&w.as_str()))
}

fn looks_like_heading(paragraph: &str) -> bool {
    !paragraph.contains('\n')
        && !ends_sentence(paragraph)
        && (head(paragraph, 4096).unicode_words().nth(20).is_none() || title_case(paragraph))
}

/// A line whose every word of five letters or more opens with a capital (short ones, "with",
/// "for", "the", are left lowercase in title case), as long headlines of official events are
/// written ("Seminar for New Members, Alternate Members of the Central Committee and Major
/// Leading Cadres at the Provincial and Ministerial Levels ...").
fn title_case(line: &str) -> bool {
    let long: Vec<&str> = head(line, 4096)
        .unicode_words()
        .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .collect();
    long.len() >= 5 && long.iter().all(|w| w.starts_with(char::is_uppercase))
}

/// Title-like abbreviations that are followed by a name, never by a new sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "det", "insp", "messrs", "mt", "ft", "vs",
    "v", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "approx", "dept", "est", "fig", "vol", "e.g", "i.e",
];

/// Abbreviations that also end sentences: they end one before a typical sentence opener
/// ("at 5 p.m. The", "Smith Jr. He", "Apple Inc. It").
const CLOSING_ABBREVIATIONS: &[&str] = &[
    "a.m", "p.m", "etc", "inc", "corp", "co", "ltd", "jr", "sr", "st", "bros", "llc", "plc",
];

/// Words that start sentences, so that "in the U.S. The next day" still splits after "U.S.".
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "this",
    "that",
    "there",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "after",
    "when",
    "if",
    "as",
    "at",
    "for",
    "however",
    "meanwhile",
    "still",
    "yet",
    "so",
    "then",
];

fn sentence_ranges(text: &str, paragraph: Range<usize>, kind: ParagraphKind) -> Vec<Range<usize>> {
    if kind != ParagraphKind::Body {
        return vec![paragraph];
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = paragraph.start;
    let mut i = paragraph.start;
    while i < paragraph.end {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // Take the whole run of terminal punctuation and any closing quotes or brackets.
            let mut end = i + 1;
            while end < paragraph.end && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            while end < paragraph.end && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
            let next = skip_spaces(bytes, end, paragraph.end);
            if next < paragraph.end {
                let rest = &text[next..paragraph.end];
                let breaks = if next > end {
                    starts_sentence(rest) && (b != b'.' || !is_abbreviation(&text[start..i], rest))
                } else {
                    // "said.The next day": a full stop with the space after it lost.
                    end == i + 1 && lost_space_after(&text[start..i], rest)
                };
                if breaks {
                    out.push(start..end);
                    start = next;
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    if start < paragraph.end {
        let tail = text[start..paragraph.end].trim_end();
        if !tail.is_empty() {
            out.push(start..start + tail.len());
        }
    }
    out
}

fn skip_spaces(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && matches!(bytes[i], b' ' | b'\n') {
        i += 1;
    }
    i
}

fn starts_sentence(rest: &str) -> bool {
    let first = rest
        .trim_start_matches(['"', '\'', '(', '['])
        .chars()
        .next();
    first.is_some_and(|c| c.is_uppercase() || c.is_numeric()) || rest.starts_with(['"', '\'', '('])
}

/// Whether `before` (text up to a terminal mark, no space) and `after` (text right after it) are
/// two sentences glued together: a lowercase word of two letters or more, then a capitalized word.
/// "Healthcare.gov" and "U.S" are not: lowercase follows, or single letters precede.
fn lost_space_after(before: &str, after: &str) -> bool {
    let mut back = before.chars().rev();
    let two_lower =
        back.next().is_some_and(char::is_lowercase) && back.next().is_some_and(char::is_lowercase);
    let mut ahead = after.chars();
    two_lower
        && ahead.next().is_some_and(char::is_uppercase)
        && ahead.next().is_some_and(char::is_lowercase)
}

/// Whether the period that ends `before` belongs to an abbreviation rather than a sentence.
fn is_abbreviation(before: &str, after: &str) -> bool {
    let token = before
        .rsplit([' ', '\n', '(', '"', '\''])
        .next()
        .unwrap_or("")
        .trim_start_matches(['(', '"', '\'']);
    if token.is_empty() {
        return false;
    }
    let lower = token.to_lowercase();
    let next_word = head(after.trim_start_matches(['"', '\'', '(']), 64)
        .unicode_words()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let before_opener = SENTENCE_STARTERS.contains(&next_word.as_str());
    // A single initial: "John F. Kennedy", but "known as Plan B. The".
    if token.chars().count() == 1 && token.chars().all(char::is_uppercase) {
        return !before_opener;
    }
    // "No. 10", but "he said no. Then".
    if matches!(lower.as_str(), "no" | "nos") {
        return next_word.starts_with(|c: char| c.is_ascii_digit());
    }
    if TITLE_ABBREVIATIONS.contains(&lower.as_str()) {
        // "Jan. 5" and "Sen. Ben Sasse" continue.
        return true;
    }
    if CLOSING_ABBREVIATIONS.contains(&lower.as_str()) {
        return !before_opener;
    }
    // Dotted acronyms such as "U.S." end a sentence only before a typical sentence opener.
    if token.contains('.') && token.split('.').all(|p| p.chars().count() <= 2) {
        return !before_opener;
    }
    false
}

/// Words that open a sentence or a clause. Text runs together where a space, or the line break
/// between a heading and the story, was lost, so such a word glued to the end of another marks a
/// missing space: "ServiceBut", "DOGEThe", "backlashWith". Two-letter words are left out, since
/// "LinkedIn" and "FedEx" end in them.
const JOINERS: &[&str] = &[
    "the",
    "but",
    "and",
    "with",
    "this",
    "that",
    "these",
    "those",
    "they",
    "there",
    "then",
    "when",
    "while",
    "after",
    "before",
    "however",
    "meanwhile",
    "she",
    "his",
    "her",
    "its",
    "their",
    "our",
    "for",
    "from",
    "who",
    "what",
    "where",
    "why",
    "how",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "not",
    "also",
    "still",
    "yet",
    "since",
    "although",
    "though",
    "despite",
    "during",
    "according",
    "speaking",
    "read",
    "more",
    "some",
    "many",
    "most",
    "last",
    "earlier",
    "later",
    "now",
    "today",
    "yesterday",
    "under",
    "over",
    "among",
    "about",
    "one",
    "two",
];

/// Surname particles: "FitzGerald", "DellaVolpe" are names, not run-together words.
const NAME_PREFIXES: &[&str] = &["fitz", "della", "dela", "vander", "vande", "mac"];

/// Second halves of camel-case brand names: "PlayStation", "JavaScript", "SoundCloud".
const BRAND_SUFFIXES: &[&str] = &[
    "station", "script", "press", "point", "cloud", "works", "mobil", "force", "chain", "stream",
    "craft", "board", "field", "house", "media", "games", "sports", "world", "smith", "book",
    "books", "soft", "space", "view", "star", "bank", "card", "time", "line", "link", "shop",
    "mart", "tube", "coin", "flix", "feed", "mail", "cast", "gram", "ware", "tech", "data",
    "health", "energy", "power", "water", "labs", "berg", "burg", "stein", "ville",
];

/// Splits a word token at places where two words ran together over a missing space. Returns the
/// parts as byte ranges within `token` and whether each was split off.
///
/// Names written in camel case must stay whole: "McDonald", "DeSantis", "LeBron" (short first
/// hump), "iPhone", "eBay" (one lowercase letter), "YouTube", "OpenAI", "TurboTax" (short or
/// capital second part), "@realDonaldTrump" (a handle, and more than one hump). What splits:
/// - a word that opens a sentence glued to a word of 3+ lowercase letters: "ServiceBut",
///   "backlashWith", "Healthcare.govThe";
/// - a lowercase word of 3+ letters glued to a capitalized one: "inaugurationEmployees";
/// - two capitalized words of 4+ and 5+ letters: "HarrisDemocrat", "GovernmentSpeaking", unless
///   the first is a surname particle or the second a common brand half ("PlayStation");
/// - an acronym glued to a capitalized word ("DOGEThe", "USAToday") or to a lowercase word of
///   4+ letters ("APrevealed"), but not "SQLite", "PDFs", "CEOs", "JPMorgan";
/// - words glued at a full stop: "said.The".
fn split_run_together(token: &str, handle: bool) -> Vec<(Range<usize>, bool)> {
    let whole = vec![(0..token.len(), false)];
    if handle || !has_inner_capital(token) {
        return whole;
    }
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let humps = chars
        .windows(2)
        .filter(|p| p[0].1.is_lowercase() && p[1].1.is_uppercase())
        .count();
    // (end of the left part, start of the right part), both byte offsets.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut part = 0; // char index where the current part starts
    for w in 1..chars.len() {
        let (at, c) = chars[w];
        let prev = chars[w - 1].1;
        let next_lower = chars.get(w + 1).is_some_and(|&(_, n)| n.is_lowercase());
        let cut = if c.is_uppercase() && next_lower && prev == '.' {
            lost_space_after(&token[chars[part].0..chars[w - 1].0], &token[at..])
                .then_some(chars[w - 1].0)
        } else if c.is_uppercase() && next_lower && prev.is_lowercase() {
            let left = &chars[part..w];
            let lower_run = run_before(&chars, part, w, char::is_lowercase);
            let right = capitalized_len(&chars, w);
            let right_word = lowercase_word(&chars[w..w + right]);
            let joiner = lower_run >= 3 && JOINERS.contains(&right_word.as_str());
            let lower_left = left.iter().all(|&(_, l)| l.is_lowercase());
            let capitalized_left = left[0].1.is_uppercase() && lower_run + 1 == left.len();
            let two_words = humps == 1
                && capitalized_left
                && lower_run >= 3
                && right >= 5
                && !NAME_PREFIXES.contains(&lowercase_word(left).as_str())
                && !BRAND_SUFFIXES.contains(&right_word.as_str());
            let camel = humps == 1 && lower_left && lower_run >= 3 && right >= 2;
            (joiner || camel || two_words).then_some(at)
        } else if c.is_uppercase() && next_lower && prev.is_uppercase() {
            let upper_run = run_before(&chars, part, w, char::is_uppercase);
            let right = capitalized_len(&chars, w);
            let right_word = lowercase_word(&chars[w..w + right]);
            let joiner = JOINERS.contains(&right_word.as_str());
            (upper_run >= 2 && (joiner || (upper_run >= 3 && right >= 4))).then_some(at)
        } else if c.is_lowercase()
            && prev.is_uppercase()
            && cuts.last().is_none_or(|&(_, s)| s != chars[w - 1].0)
        {
            let upper_run = run_before(&chars, part, w, char::is_uppercase);
            let lower_after = chars[w..]
                .iter()
                .take_while(|(_, l)| l.is_lowercase())
                .count();
            // "APrevealed" splits; "JPMorgan" reads as "JP" + "Morgan", a name, so after three
            // capitals or more only a joiner splits ("USDSwas").
            let lower_word = lowercase_word(&chars[w..w + lower_after]);
            let after_acronym = match upper_run {
                2 => lower_after >= 4,
                3.. => JOINERS.contains(&lower_word.as_str()),
                _ => false,
            };
            (upper_run == w - part && after_acronym).then_some(at)
        } else {
            None
        };
        if let Some(left_end) = cut {
            cuts.push((left_end, at));
            part = w;
        }
    }
    if cuts.is_empty() {
        return whole;
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for (left_end, right_start) in cuts {
        parts.push((start..left_end, true));
        start = right_start;
    }
    parts.push((start..token.len(), true));
    parts
}

/// Whether an uppercase letter follows the first character: the only tokens worth a closer look.
fn has_inner_capital(token: &str) -> bool {
    if token.is_ascii() {
        token.bytes().skip(1).any(|b| b.is_ascii_uppercase())
    } else {
        token.chars().skip(1).any(char::is_uppercase)
    }
}

/// How many characters right before `w` (and not before `part`) satisfy `class`.
fn run_before(chars: &[(usize, char)], part: usize, w: usize, class: fn(char) -> bool) -> usize {
    chars[part..w]
        .iter()
        .rev()
        .take_while(|&&(_, c)| class(c))
        .count()
}

/// Length in chars of the capitalized word starting at `w`: its capital and the lowercase after.
fn capitalized_len(chars: &[(usize, char)], w: usize) -> usize {
    1 + chars[w + 1..]
        .iter()
        .take_while(|(_, c)| c.is_lowercase())
        .count()
}

fn lowercase_word(chars: &[(usize, char)]) -> String {
    chars.iter().flat_map(|&(_, c)| c.to_lowercase()).collect()
}

fn shape_of(word: &str) -> Shape {
    let mut letters = 0;
    let mut upper = 0;
    let mut digits = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        } else if c.is_numeric() {
            digits += 1;
        }
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    if letters == 0 && digits > 0 {
        Shape::Number
    } else if upper == 0 {
        Shape::Lower
    } else if upper == letters && letters > 1 {
        Shape::Upper
    } else if first_upper && upper == 1 {
        Shape::Capitalized
    } else {
        Shape::Mixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let seg = Segmented::new(text);
        (0..seg.sentences.len())
            .map(|i| seg.sentence_text(text, i).to_string())
            .collect()
    }

    fn keys(text: &str) -> Vec<String> {
        Segmented::new(text)
            .words
            .iter()
            .map(|w| w.key.clone())
            .collect()
    }

    #[test]
    fn respects_abbreviations_and_decimals() {
        let s = sentences(
            "Sen. Ben Sasse met Mr. Putin in the U.S. Digital Service on Jan. 5. It cost 3.5 million. The end.",
        );
        assert_eq!(
            s,
            vec![
                "Sen. Ben Sasse met Mr. Putin in the U.S. Digital Service on Jan. 5.",
                "It cost 3.5 million.",
                "The end."
            ]
        );
    }

    #[test]
    fn splits_after_quotes_that_end_a_sentence() {
        let s = sentences(
            "“We swore to serve,” wrote the 21 staffers. “However, it has become clear.” Then they left.",
        );
        assert_eq!(
            s,
            vec![
                "“We swore to serve,” wrote the 21 staffers.",
                "“However, it has become clear.”",
                "Then they left."
            ]
        );
    }

    #[test]
    fn joins_hard_wrapped_lines_from_seed_001() {
        let text = "As the\nAP detailed, \"earlier this month, about 40 staffers were laid off.\"\nNext paragraph here.";
        let seg = Segmented::new(text);
        assert_eq!(seg.paragraphs.len(), 2);
        assert!(
            seg.sentence_text(text, 0)
                .starts_with("As the\nAP detailed")
        );
    }

    #[test]
    fn a_long_title_case_line_is_a_headline() {
        let title = "Seminar for New Members, Alternate Members of the Central Committee and Major \
                     Leading Cadres at the Provincial and Ministerial Levels to Learn and Implement \
                     the Spirit of the National Congress";
        let text = format!("{title}\nThe seminar opened in Beijing on Tuesday.\n");
        let seg = Segmented::new(&text);
        assert_eq!(seg.paragraphs[0].kind, ParagraphKind::Heading);
        assert_eq!(seg.paragraphs[1].kind, ParagraphKind::Body);
        let long_line = "Officials from several provinces gathered in the capital to discuss how \
                         the new rules on rural land would be applied and who would pay for them";
        let seg = Segmented::new(long_line);
        assert_eq!(
            seg.paragraphs[0].kind,
            ParagraphKind::Body,
            "a sentence cut short"
        );
    }

    #[test]
    fn keeps_headlines_and_bylines_apart() {
        let text = "Federal Tech Staffers Resign Rather Than Help Musk\nBy Alistair Smout and Jeff Mason\nMore than 20 employees resigned on Tuesday.";
        let seg = Segmented::new(text);
        assert_eq!(seg.paragraphs.len(), 3);
        assert_eq!(seg.paragraphs[0].kind, ParagraphKind::Heading);
        assert_eq!(seg.paragraphs[1].kind, ParagraphKind::Heading);
        assert_eq!(seg.paragraphs[2].kind, ParagraphKind::Body);
    }

    #[test]
    fn splits_run_together_tokens_and_marks_them() {
        let text = "United States Digital ServiceBut he said. the inaugurationEmployees and Healthcare.govThe portal at DOGEThe office. McDonald and DeSantis.";
        let seg = Segmented::new(text);
        let marked: Vec<&str> = seg
            .words
            .iter()
            .filter(|w| w.run_together)
            .map(|w| &text[w.span.range()])
            .collect();
        assert_eq!(
            marked,
            vec![
                "Service",
                "But",
                "inauguration",
                "Employees",
                "Healthcare.gov",
                "The",
                "DOGE",
                "The"
            ]
        );
        let k = keys("McDonald and DeSantis");
        assert_eq!(k, vec!["mcdonald", "and", "desantis"]);
    }

    #[test]
    fn word_spans_point_at_the_original() {
        let text = "Elon Musk’s “Department”—of\u{00A0}Government";
        let seg = Segmented::new(text);
        let surfaces: Vec<&str> = seg.words.iter().map(|w| &text[w.span.range()]).collect();
        assert_eq!(
            surfaces,
            vec!["Elon", "Musk’s", "Department", "of", "Government"]
        );
        assert_eq!(seg.words[1].key, "musk's");
        assert_eq!(seg.words[0].shape, Shape::Capitalized);
    }

    fn run_together(text: &str) -> Vec<&str> {
        Segmented::new(text)
            .words
            .iter()
            .filter(|w| w.run_together)
            .map(|w| &text[w.span.range()])
            .collect()
    }

    #[test]
    fn splits_the_run_together_tokens_of_the_seeds() {
        assert_eq!(
            run_together("the APrevealed Tuesday"),
            vec!["AP", "revealed"]
        );
        assert_eq!(
            run_together("vice president Kamala HarrisDemocrat, on his blog"),
            vec!["Harris", "Democrat"]
        );
        assert_eq!(
            run_together("Department of GovernmentSpeaking, they refused"),
            vec!["Government", "Speaking"]
        );
        assert_eq!(
            run_together("A broader backlashWith"),
            vec!["backlash", "With"]
        );
        assert_eq!(run_together("as he said.The next day"), vec!["said", "The"]);
        assert_eq!(
            run_together("He resigned on Tuesday.The letter was signed. It was read."),
            vec!["Tuesday", "The"]
        );
    }

    #[test]
    fn leaves_camel_case_names_whole() {
        let names = "McDonald DeSantis YouTube iPhone LeBron OpenAI TurboTax LinkedIn eBay \
                     PlayStation JavaScript MacArthur FitzGerald SQLite PDFs CEOs GHz NGOs \
                     JPMorgan iOS WiFi PhD McConnell O'Brien @realDonaldTrump #MeToo";
        assert_eq!(run_together(names), Vec::<&str>::new());
    }

    #[test]
    fn knows_when_abbreviations_end_sentences() {
        assert_eq!(
            sentences("He said no. Then he left. It was No. 10 on the list."),
            vec!["He said no.", "Then he left.", "It was No. 10 on the list."]
        );
        assert_eq!(
            sentences("It was known as Plan B. The plan failed. John F. Kennedy agreed."),
            vec![
                "It was known as Plan B.",
                "The plan failed.",
                "John F. Kennedy agreed."
            ]
        );
        assert_eq!(
            sentences("They met at 5 p.m. The talks ran late. Apple Inc. said nothing."),
            vec![
                "They met at 5 p.m.",
                "The talks ran late.",
                "Apple Inc. said nothing."
            ]
        );
    }

    #[test]
    fn splits_sentences_glued_at_a_full_stop() {
        assert_eq!(
            sentences(
                "He resigned on Tuesday.The letter was signed by 21 staff. See Healthcare.gov now."
            ),
            vec![
                "He resigned on Tuesday.",
                "The letter was signed by 21 staff.",
                "See Healthcare.gov now."
            ]
        );
    }

    #[test]
    fn joins_text_hard_wrapped_at_a_fixed_width() {
        let text = "Federal Tech Staffers Resign\n\n\
            More than 20 employees from the civil service tendered their\n\
            resignations on Tuesday from Elon Musk's Department of Government\n\
            Efficiency. The staff cited their unwillingness to deploy their\n\
            technical skills in efforts to dismantle essential services.\n\
            \n\
            In a collective resignation letter obtained by The Associated\n\
            Press, the 21 employees stated that they had committed themselves\n\
            to serve the American people through various administrations.\n";
        let seg = Segmented::new(text);
        let kinds: Vec<ParagraphKind> = seg.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ParagraphKind::Heading,
                ParagraphKind::Body,
                ParagraphKind::Body
            ]
        );
        assert_eq!(seg.sentences.len(), 4);
        assert!(seg.sentence_text(text, 1).starts_with("More than 20"));
        assert!(
            seg.sentence_text(text, 1)
                .ends_with("Government\nEfficiency.")
        );
    }

    #[test]
    fn sentence_spans_end_at_the_text_not_the_trailing_newlines() {
        let text = "Headline here\n\nThe body ends here.\n\n\u{200B}\n";
        let s = sentences(text);
        assert_eq!(s, vec!["Headline here", "The body ends here."]);
    }
}
