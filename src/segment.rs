//! Segmentation: paragraphs, sentences and words, each with its span in the original text.
//!
//! Scraped news text is messy in three recurring ways, and each has a rule here:
//! - Lines are hard-wrapped mid-sentence ("As the\nAP detailed"). A line joins the next one when it
//!   cannot end a paragraph: it ends in a comma or a function word, or the next line starts in
//!   lowercase.
//! - Headlines, bylines and "Read more" links stand on their own lines without final punctuation.
//!   They stay separate passages so they never glue onto the story's first sentence.
//! - Sentences run together at a missing space ("ServiceBut", "Healthcare.govThe"). Such a token is
//!   split for matching, and each part is marked [`Word::run_together`] for the judge.

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
    /// A line standing alone without final punctuation: headline, subhead, "Read more" link,
    /// dateline or credit.
    Heading,
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
        for (range, kind) in paragraph_ranges(&text) {
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

    fn push_sentence(&mut self, text: &str, range: Range<usize>, paragraph: usize) {
        let first_word = self.words.len();
        let mut initial = true;
        for (offset, token) in text[range.clone()].split_word_bound_indices() {
            if !token.chars().any(char::is_alphanumeric) {
                continue;
            }
            let start = range.start + offset;
            for (part, run_together) in split_run_together(token) {
                let part_start = start + part.start;
                let part_end = start + part.end;
                let surface = &text[part_start..part_end];
                let span = self.span_of(part_start..part_end);
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
    line.unicode_words().next_back().map(|w| w.to_lowercase())
}

/// Lines are paragraphs unless a line was wrapped mid-sentence; blank lines always separate.
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
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    for (idx, line) in lines.iter().enumerate() {
        let joins = idx > 0 && !blank_before[idx] && {
            let prev = paragraphs.last().expect("a previous line exists");
            continues_into(&text[prev.clone()], &text[line.clone()])
        };
        if joins {
            paragraphs.last_mut().expect("checked").end = line.end;
        } else {
            paragraphs.push(line.clone());
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
    let words = paragraph.unicode_words().count();
    !ends_sentence(paragraph) && words <= 20 && !paragraph.contains('\n')
}

/// Title-like abbreviations that are followed by a name, never by a new sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "jr", "sr", "rev", "hon", "pres", "supt", "det", "insp", "messrs",
    "mt", "ft", "no", "nos", "vs", "v", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "fig",
    "vol", "e.g", "i.e", "a.m", "p.m",
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
    if kind == ParagraphKind::Heading {
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
            let has_space = next > end;
            if has_space && next < paragraph.end && starts_sentence(&text[next..paragraph.end]) {
                let before = &text[start..i];
                if b != b'.' || !is_abbreviation(before, &text[next..paragraph.end]) {
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
    let next_word = after
        .trim_start_matches(['"', '\'', '('])
        .unicode_words()
        .next()
        .unwrap_or("")
        .to_lowercase();
    // A single initial: "John F. Kennedy".
    if token.chars().count() == 1 && token.chars().all(char::is_uppercase) {
        return true;
    }
    if TITLE_ABBREVIATIONS.contains(&lower.as_str()) {
        // "Jan. 5" and "Sen. Ben Sasse" continue; "at 5 p.m. The" ends.
        if matches!(
            lower.as_str(),
            "a.m" | "p.m" | "etc" | "inc" | "corp" | "co" | "ltd"
        ) {
            return !SENTENCE_STARTERS.contains(&next_word.as_str());
        }
        return true;
    }
    // Dotted acronyms such as "U.S." end a sentence only before a typical sentence opener.
    if token.contains('.') && token.split('.').all(|p| p.chars().count() <= 2) {
        return !SENTENCE_STARTERS.contains(&next_word.as_str());
    }
    false
}

/// Splits a word token at places where two words ran together over a missing space. Returns the
/// parts as byte ranges within `token` and whether each was split off.
fn split_run_together(token: &str) -> Vec<(Range<usize>, bool)> {
    let mut cuts: Vec<usize> = Vec::new();
    // "Healthcare.govThe": a dotted token whose last part glues a capitalized word on.
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    for w in 1..chars.len() {
        let (at, c) = chars[w];
        let (_, prev) = chars[w - 1];
        if !c.is_uppercase() {
            continue;
        }
        let next_lower = chars.get(w + 1).is_some_and(|&(_, n)| n.is_lowercase());
        if prev.is_lowercase() && next_lower {
            // "ServiceBut", "inaugurationEmployees": a lowercase run of 3+ letters, then a
            // capitalized word of 2+ letters. "McDonald" and "DeSantis" stay whole.
            let left = lower_run_before(&chars, w);
            let right = capitalized_len(&chars, w);
            if left >= 3 && right >= 2 && w >= 4 {
                cuts.push(at);
            }
        } else if prev.is_uppercase() && next_lower {
            // "DOGEThe": an acronym of 2+ capitals, then a capitalized word.
            let upper_run = upper_run_before(&chars, w);
            let right = capitalized_len(&chars, w);
            if upper_run >= 2 && right >= 2 && is_common_capitalized(&token[at..]) {
                cuts.push(at);
            }
        }
    }
    if cuts.is_empty() {
        return vec![(0..token.len(), false)];
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        parts.push((start..cut, true));
        start = cut;
    }
    parts.push((start..token.len(), true));
    // A trailing dot-separated piece such as ".gov" belongs to the left part; it stays there.
    parts
}

fn lower_run_before(chars: &[(usize, char)], w: usize) -> usize {
    chars[..w]
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_lowercase())
        .count()
}

fn upper_run_before(chars: &[(usize, char)], w: usize) -> usize {
    chars[..w]
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_uppercase())
        .count()
}

fn capitalized_len(chars: &[(usize, char)], w: usize) -> usize {
    1 + chars[w + 1..]
        .iter()
        .take_while(|(_, c)| c.is_lowercase())
        .count()
}

/// After an acronym, only a word that commonly opens a sentence marks a missing space: "DOGEThe"
/// splits, "PDFs" and "GHz" do not.
fn is_common_capitalized(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    SENTENCE_STARTERS.contains(&word.as_str()) || word.len() >= 4
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
}
