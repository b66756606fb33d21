//! Normalization: the text every later stage matches on, with a way back to what the outlet printed.
//!
//! Outlets print the same sentence with curly or straight quotes, em dashes or hyphens, non-breaking
//! spaces, ligatures and compatibility characters. None of that is drift, so matching happens on a
//! normalized form: NFKC, typographic punctuation folded to ASCII, invisible characters dropped and
//! runs of spaces collapsed. Optionally case is folded too.
//!
//! Every byte of the normalized text remembers the byte offset in the original text it came from,
//! so a span found in the normalized text maps back to an exact, char-aligned span of the original.
//! Line structure survives: a run of whitespace holding one line break becomes `\n`, a run holding
//! a blank line (or a paragraph separator) becomes `\n\n`, because paragraphs and headlines are
//! told apart by their lines. `\r\n`, a lone `\r`, U+0085 and U+2028 each count as one line break.
//!
//! ## How the map works
//!
//! The original is cut into *units*: a base character with the combining marks that follow it
//! (they normalize together, so "e" + U+0301 becomes "é"), or a run of whitespace. Each unit
//! produces zero or more normalized bytes, and every one of them records where its unit starts.
//! A unit ends where the next one starts, except when something dropped follows it (an invisible
//! character, trailing whitespace); those few ends are kept in a small side table. So a normalized
//! range maps to the original from the start of its first unit to the end of its last unit, and
//! never takes in whitespace or invisible characters beyond its last unit.
//!
//! A compatibility character whose NFKC form holds a space ("ﷺ", the spacing accent "¨") is
//! only composed (NFC), not expanded, so that one original character never becomes several words.
//!
//! The map costs four bytes per normalized byte, which is why [`MAX_NORMALIZED_INPUT`] exists.
//! Plain ASCII text takes a fast path that copies runs of printable bytes in bulk.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};

/// How much to fold. The default keeps case, because segmentation needs capitals to find sentence
/// starts and proper nouns; matching keys are lowercased per word later.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fold {
    /// Lowercase everything (Unicode-aware).
    pub case: bool,
}

/// Normalized text plus the map back to original byte offsets.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// `origin[i]` is the original byte offset where the unit that produced normalized byte `i`
    /// starts. Strictly increasing from one unit to the next; one extra entry holds the original
    /// length.
    origin: Vec<u32>,
    /// `(start, end)` of the units whose original end is not the start of the next unit's
    /// normalized bytes, because something dropped followed them. Sorted by `start`.
    ends: Vec<(u32, u32)>,
    original_len: usize,
}

/// Largest input the offset map can address.
pub const MAX_NORMALIZED_INPUT: usize = u32::MAX as usize - 1;

/// The unit being emitted while building: its original start and end.
#[derive(Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
}

struct Builder {
    out: Normalized,
    current: Option<Unit>,
}

impl Normalized {
    /// Normalizes `original`. Inputs longer than [`MAX_NORMALIZED_INPUT`] are the loader's job to
    /// refuse; here they would wrap the offset map, so they are truncated at a char boundary.
    pub fn new(original: &str, fold: Fold) -> Normalized {
        let original = truncate_to_boundary(original, MAX_NORMALIZED_INPUT);
        let mut b = Builder {
            out: Normalized {
                text: String::with_capacity(original.len()),
                origin: Vec::with_capacity(original.len() + 1),
                ends: Vec::new(),
                original_len: original.len(),
            },
            current: None,
        };
        let bytes = original.as_bytes();
        // Whitespace not yet emitted: where the run starts and how many line breaks it holds.
        let mut pending: Option<(usize, u8)> = None;
        let mut i = 0;
        while i < bytes.len() {
            if is_plain_ascii(bytes[i]) {
                let mut j = i + 1;
                while j < bytes.len() && is_plain_ascii(bytes[j]) {
                    j += 1;
                }
                // A non-ASCII character right after the run may be a combining mark that belongs
                // to the run's last character; leave that character to the general path.
                if j < bytes.len() && bytes[j] >= 0x80 {
                    j -= 1;
                }
                if j > i {
                    b.flush_space(&mut pending, i);
                    b.push_ascii_run(&original[i..j], i, fold);
                    i = j;
                    continue;
                }
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let next = i + c.len_utf8();
            if c.is_whitespace() {
                let run = pending.get_or_insert((i, 0));
                run.1 = run
                    .1
                    .saturating_add(line_breaks(c, bytes.get(next).copied()));
                i = next;
                continue;
            }
            if is_invisible(c) {
                i = next;
                continue;
            }
            // A base character and the marks after it normalize together, as NFKC would.
            let mut end = next;
            while let Some(m) = original[end..].chars().next() {
                if !joins_previous(m) {
                    break;
                }
                end += m.len_utf8();
            }
            b.flush_space(&mut pending, i);
            if end == next && c.is_ascii() {
                b.push_folded(c, fold, i, end);
            } else {
                let unit = &original[i..end];
                // A compatibility character whose NFKC form holds a space ("ﷺ" is four Arabic
                // words, "¨" a space and a mark) stays as it is: one original character never
                // becomes several words.
                let spaced = unit.nfkc().any(char::is_whitespace);
                if spaced {
                    for n in unit.nfc() {
                        b.push_folded(n, fold, i, end);
                    }
                } else {
                    for n in unit.nfkc() {
                        b.push_folded(n, fold, i, end);
                    }
                }
            }
            i = end;
        }
        b.finish()
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the original text this was made from.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Maps a byte range of the normalized text to the byte range of the original text that
    /// produced it: from the start of the unit that produced its first byte to the end of the unit
    /// that produced its last byte. The result always lies on char boundaries of the original and
    /// never takes in whitespace or invisible characters after the last unit.
    pub fn original_range(&self, normalized: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let start = normalized.start.min(len);
        let end = normalized.end.clamp(start, len);
        let original_start = self.origin[start] as usize;
        if start == end {
            return original_start..original_start;
        }
        let original_end = self.unit_end(end - 1);
        original_start..original_end.max(original_start)
    }

    /// Original offset of normalized byte `i` (or the original length at the end).
    pub fn original_offset(&self, i: usize) -> usize {
        self.origin[i.min(self.text.len())] as usize
    }

    /// Original end of the unit that produced normalized byte `i` (`i < len`).
    fn unit_end(&self, i: usize) -> usize {
        let start = self.origin[i];
        if let Ok(k) = self.ends.binary_search_by_key(&start, |&(s, _)| s) {
            return self.ends[k].1 as usize;
        }
        // `origin` is sorted and ends with the original length, which is greater than any unit's
        // start, so this finds the next unit's start or that length.
        let next = self.origin.partition_point(|&o| o <= start);
        self.origin[next.min(self.text.len())] as usize
    }

    /// The original text of a normalized range, without trailing whitespace.
    pub fn original_str<'a>(&self, original: &'a str, normalized: Range<usize>) -> &'a str {
        let r = self.original_range(normalized);
        original.get(r).unwrap_or("").trim_end()
    }
}

impl Builder {
    /// Appends `s`, produced by the unit `start..end` of the original.
    fn emit(&mut self, s: &str, start: usize, end: usize) {
        if self.current.is_none_or(|u| u.start != start) {
            self.begin_unit(start, end);
        }
        self.out.text.push_str(s);
        self.out
            .origin
            .extend(std::iter::repeat_n(start as u32, s.len()));
    }

    fn begin_unit(&mut self, start: usize, end: usize) {
        if let Some(u) = self.current {
            if u.end != start {
                self.out.ends.push((u.start as u32, u.end as u32));
            }
        }
        self.current = Some(Unit { start, end });
    }

    /// Each byte of a printable ASCII run is its own unit, so the run is copied in bulk.
    fn push_ascii_run(&mut self, run: &str, start: usize, fold: Fold) {
        self.begin_unit(start, start + 1);
        let at = self.out.text.len();
        self.out.text.push_str(run);
        if fold.case {
            self.out.text[at..].make_ascii_lowercase();
        }
        self.out
            .origin
            .extend((start..start + run.len()).map(|o| o as u32));
        let last = start + run.len() - 1;
        self.current = Some(Unit {
            start: last,
            end: last + 1,
        });
    }

    /// Emits the pending whitespace run, if any, as one separator ending where `next` begins.
    fn flush_space(&mut self, pending: &mut Option<(usize, u8)>, next: usize) {
        if let Some((start, breaks)) = pending.take() {
            if !self.out.text.is_empty() {
                let sep = match breaks {
                    0 => " ",
                    1 => "\n",
                    _ => "\n\n",
                };
                self.emit(sep, start, next);
            }
        }
    }

    fn push_folded(&mut self, c: char, fold: Fold, start: usize, end: usize) {
        if c.is_whitespace() {
            // NFKC turns a few compatibility characters into a space plus a mark ("¨").
            if !self.out.text.is_empty() && !self.out.text.ends_with([' ', '\n']) {
                self.emit(" ", start, end);
            }
            return;
        }
        if is_invisible(c) {
            return;
        }
        let mut tmp = [0u8; 4];
        if let Some(ascii) = fold_punctuation(c) {
            self.emit(ascii, start, end);
        } else if fold.case {
            for lower in c.to_lowercase() {
                self.emit(lower.encode_utf8(&mut tmp), start, end);
            }
        } else {
            self.emit(c.encode_utf8(&mut tmp), start, end);
        }
    }

    fn finish(mut self) -> Normalized {
        let len = self.out.original_len;
        if let Some(u) = self.current {
            if u.end != len {
                self.out.ends.push((u.start as u32, u.end as u32));
            }
        }
        self.out.origin.push(len as u32);
        self.out
    }
}

/// Printable ASCII that normalizes to itself (the backtick is folded to an apostrophe).
fn is_plain_ascii(b: u8) -> bool {
    (0x21..=0x7E).contains(&b) && b != b'`'
}

/// How many line breaks a whitespace character stands for. `\r\n` counts once, at the `\n`.
fn line_breaks(c: char, next: Option<u8>) -> u8 {
    match c {
        '\r' if next == Some(b'\n') => 0,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' => 1,
        '\u{2029}' => 2,
        _ => 0,
    }
}

/// Characters that normalize together with the character before them: combining marks, and
/// Hangul vowel and final jamo, which compose with the leading consonant.
fn joins_previous(c: char) -> bool {
    canonical_combining_class(c) != 0
        || is_combining_mark(c)
        || matches!(c, '\u{1160}'..='\u{11FF}' | '\u{D7B0}'..='\u{D7FF}')
}

/// Typographic punctuation that outlets use interchangeably with ASCII.
fn fold_punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' | '`' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
        '\u{2026}' => "...",
        _ => return None,
    })
}

/// Characters that change nothing a reader sees: zero-width spaces and joiners, soft hyphens,
/// byte order marks, variation selectors and bidi controls. Dropping them lets
/// "in\u{200B}auguration" match "inauguration".
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    ) || (c.is_control() && !c.is_whitespace())
}

fn truncate_to_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// True when `text` holds nothing a reader would see: only whitespace, control and invisible
/// characters. Such a document normalizes to nothing.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Normalizes one word for matching: the same folding as [`Normalized`] with case folded.
pub fn fold_word(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return word.to_ascii_lowercase();
    }
    Normalized::new(word, Fold { case: true }).text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s, Fold::default()).as_str().to_string()
    }

    /// The original text behind the first occurrence of `needle` in the normalized text.
    fn back<'a>(original: &'a str, needle: &str) -> &'a str {
        let n = Normalized::new(original, Fold::default());
        let start = n.as_str().find(needle).unwrap();
        &original[n.original_range(start..start + needle.len())]
    }

    #[test]
    fn folds_typography_from_the_seeds() {
        assert_eq!(
            norm("Elon Musk’s “dismantle essential public services.”"),
            "Elon Musk's \"dismantle essential public services.\""
        );
        assert_eq!(norm("engineer—Jonathan"), "engineer-Jonathan");
        assert_eq!(norm("wait…"), "wait...");
        assert_eq!(norm("a\u{00A0}b"), "a b");
        assert_eq!(norm("ﬁnance"), "finance");
        assert_eq!(norm("don`t"), "don't");
    }

    #[test]
    fn collapses_whitespace_but_keeps_lines_and_paragraphs() {
        assert_eq!(norm("  a \t b\n c\n\n\n d  "), "a b\nc\n\nd");
        assert_eq!(norm("a\r\nb"), "a\nb");
        assert_eq!(norm("a\rb\r\rc"), "a\nb\n\nc");
        assert_eq!(norm("a\u{2028}b\u{2029}c"), "a\nb\n\nc");
    }

    #[test]
    fn composes_combining_marks() {
        assert_eq!(norm("Cafe\u{0301}"), "Café");
        assert_eq!(norm("e\u{0301}"), "é");
        // Hangul jamo compose across starters.
        assert_eq!(norm("\u{1100}\u{1161}\u{11A8}"), "\u{AC01}");
    }

    #[test]
    fn drops_invisible_characters() {
        assert_eq!(norm("in\u{200B}aug\u{00AD}uration"), "inauguration");
        assert_eq!(norm("\u{2764}\u{FE0F}"), "\u{2764}");
    }

    #[test]
    fn folds_case_on_request() {
        let n = Normalized::new("ÉLON Musk", Fold { case: true });
        assert_eq!(n.as_str(), "élon musk");
        // One character that lowercases to two maps back to itself.
        let original = "İstanbul";
        let n = Normalized::new(original, Fold { case: true });
        assert_eq!(n.as_str(), "i\u{307}stanbul");
        assert_eq!(&original[n.original_range(0..3)], "İ");
        assert_eq!(&original[n.original_range(0..1)], "İ");
    }

    #[test]
    fn maps_spans_back_to_the_original() {
        let original = "“Move fast…” — said  Cordell";
        assert_eq!(norm(original), "\"Move fast...\" - said Cordell");
        assert_eq!(back(original, "fast..."), "fast…");
        assert_eq!(back(original, "\"Move"), "“Move");
        assert_eq!(back(original, "said Cordell"), "said  Cordell");
        assert_eq!(back(original, "..."), "…");
        assert_eq!(back(original, "."), "…");
    }

    #[test]
    fn maps_the_end_of_text_without_trailing_whitespace_or_invisibles() {
        let original = "The end.  \n\u{200B}\n";
        let n = Normalized::new(original, Fold::default());
        assert_eq!(n.as_str(), "The end.");
        assert_eq!(&original[n.original_range(0..n.as_str().len())], "The end.");
        let original = "a\u{200B}b\u{FEFF}";
        let n = Normalized::new(original, Fold::default());
        assert_eq!(&original[n.original_range(0..1)], "a");
        assert_eq!(&original[n.original_range(1..2)], "b");
        assert_eq!(&original[n.original_range(0..2)], "a\u{200B}b");
    }

    #[test]
    fn maps_expansions_of_one_character_into_several() {
        // NFKC: one ligature or fraction becomes several characters.
        let original = "a ﬃ ½ ㎢ z";
        let n = Normalized::new(original, Fold::default());
        assert_eq!(n.as_str(), "a ffi 1⁄2 km2 z");
        assert_eq!(back(original, "ffi"), "ﬃ");
        assert_eq!(back(original, "f"), "ﬃ");
        assert_eq!(back(original, "1⁄2"), "½");
        assert_eq!(back(original, "km2 z"), "㎢ z");
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_path() {
        // The same ASCII text, with and without a non-ASCII character forcing the slow path.
        let plain = "Mr. Smith (R-Ky.) said: \"No!\" -- 3.5% of $10";
        let n = Normalized::new(plain, Fold { case: true });
        assert_eq!(n.as_str(), plain.to_ascii_lowercase());
        for i in 0..plain.len() {
            assert_eq!(n.original_range(i..i + 1), i..i + 1);
        }
        assert_eq!(norm("ae\u{0301}b"), "aéb");
    }
}
