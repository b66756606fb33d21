//! Normalization: the text every later stage matches on, with a way back to what the outlet printed.
//!
//! Outlets print the same sentence with curly or straight quotes, em dashes or hyphens, non-breaking
//! spaces, ligatures and compatibility characters. None of that is drift, so matching happens on a
//! normalized form: NFKC, typographic punctuation folded to ASCII, invisible characters dropped and
//! runs of spaces collapsed. Optionally case is folded too.
//!
//! Every byte of the normalized text remembers the byte offset in the original text it came from,
//! so a span found in the normalized text maps back to an exact, char-aligned span of the original.
//! Line structure survives: a run of whitespace holding one newline becomes `\n`, a run holding a
//! blank line becomes `\n\n`, because paragraphs and headlines are told apart by their lines.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

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
    /// `origin[i]` is the original byte offset of the source character that produced normalized
    /// byte `i`. Monotone non-decreasing; one extra entry holds the original length.
    origin: Vec<u32>,
    original_len: usize,
}

/// Largest input the offset map can address.
pub const MAX_NORMALIZED_INPUT: usize = u32::MAX as usize - 1;

impl Normalized {
    /// Normalizes `original`. Inputs longer than [`MAX_NORMALIZED_INPUT`] are the loader's job to
    /// refuse; here they would wrap the offset map, so they are truncated at a char boundary.
    pub fn new(original: &str, fold: Fold) -> Normalized {
        let original = truncate_to_boundary(original, MAX_NORMALIZED_INPUT);
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len() + 1),
            original_len: original.len(),
        };
        let mut pending_space: Option<(usize, u8)> = None; // (origin, newlines seen)
        let mut chars = original.char_indices().peekable();
        let mut buf = String::new();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                let entry = pending_space.get_or_insert((start, 0));
                if c == '\n' || c == '\u{2028}' || c == '\u{2029}' {
                    entry.1 = entry.1.saturating_add(1);
                }
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            // A base character and the combining marks after it normalize together, so that
            // "e" + U+0301 composes to "é" as NFKC would.
            buf.clear();
            buf.push(c);
            while let Some(&(_, next)) = chars.peek() {
                if canonical_combining_class(next) != 0 {
                    buf.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            if let Some((at, newlines)) = pending_space.take() {
                if !out.text.is_empty() {
                    let sep = match newlines {
                        0 => " ",
                        1 => "\n",
                        _ => "\n\n",
                    };
                    out.push_str(sep, at);
                }
            }
            if c.is_ascii() && buf.len() == 1 {
                out.push_char(fold_ascii(c, fold), start);
            } else {
                let normalized: String = buf.nfkc().collect();
                for n in normalized.chars() {
                    out.push_folded(n, fold, start);
                }
            }
        }
        out.origin.push(original.len() as u32);
        out
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
    /// produced it. The result always lies on char boundaries of the original.
    pub fn original_range(&self, normalized: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let start = normalized.start.min(len);
        let end = normalized.end.clamp(start, len);
        if start == end {
            let at = self.origin[start] as usize;
            return at..at;
        }
        let original_start = self.origin[start] as usize;
        // The last normalized byte came from a source character that may have expanded to several
        // bytes ("…" to "..."): the end is where the next source character begins.
        let last_origin = self.origin[end - 1];
        let mut j = end;
        while j < len && self.origin[j] == last_origin {
            j += 1;
        }
        let original_end = if j >= len {
            self.end_of_source_char(last_origin as usize)
        } else {
            self.origin[j] as usize
        };
        original_start..original_end.max(original_start)
    }

    /// Original offset of normalized byte `i` (or the original length at the end).
    pub fn original_offset(&self, i: usize) -> usize {
        self.origin[i.min(self.text.len())] as usize
    }

    fn end_of_source_char(&self, _origin: usize) -> usize {
        // Only called for the final source character(s): trailing whitespace and invisible
        // characters are not part of it, but slicing to the end of the original is still a valid
        // char boundary, so trim what was never in the normalized text.
        self.original_len
    }

    fn push_str(&mut self, s: &str, origin: usize) {
        self.text.push_str(s);
        self.origin
            .extend(std::iter::repeat_n(origin as u32, s.len()));
    }

    fn push_char(&mut self, c: char, origin: usize) {
        let mut tmp = [0u8; 4];
        self.push_str(c.encode_utf8(&mut tmp), origin);
    }

    fn push_folded(&mut self, c: char, fold: Fold, origin: usize) {
        if c.is_whitespace() {
            // NFKC turns a few compatibility characters into spaces (U+2000..U+200A).
            if !self.text.ends_with([' ', '\n']) && !self.text.is_empty() {
                self.push_str(" ", origin);
            }
            return;
        }
        if let Some(ascii) = fold_punctuation(c) {
            self.push_str(ascii, origin);
        } else if fold.case && !c.is_ascii() {
            for lower in c.to_lowercase() {
                self.push_char(lower, origin);
            }
        } else {
            self.push_char(fold_ascii(c, fold), origin);
        }
    }
}

impl Normalized {
    /// Trims the original range so that it excludes whitespace the normalized text collapsed at
    /// its end. Reports quote what the outlet printed, without the trailing newline.
    pub fn original_str<'a>(&self, original: &'a str, normalized: Range<usize>) -> &'a str {
        let r = self.original_range(normalized);
        original.get(r).unwrap_or("").trim_end()
    }
}

fn fold_ascii(c: char, fold: Fold) -> char {
    if fold.case { c.to_ascii_lowercase() } else { c }
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
/// byte order marks and bidi controls. Dropping them lets "in\u{200B}auguration" match.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    ) || (c.is_control() && c != '\t')
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
    }

    #[test]
    fn collapses_whitespace_but_keeps_lines_and_paragraphs() {
        assert_eq!(norm("  a \t b\n c\n\n\n d  "), "a b\nc\n\nd");
        assert_eq!(norm("a\r\nb"), "a\nb");
    }

    #[test]
    fn composes_combining_marks() {
        assert_eq!(norm("Cafe\u{0301}"), "Café");
    }

    #[test]
    fn drops_invisible_characters() {
        assert_eq!(norm("in\u{200B}aug\u{00AD}uration"), "inauguration");
    }

    #[test]
    fn folds_case_on_request() {
        let n = Normalized::new("ÉLON Musk", Fold { case: true });
        assert_eq!(n.as_str(), "élon musk");
    }

    #[test]
    fn maps_spans_back_to_the_original() {
        let original = "“Move fast…” — said  Cordell";
        let n = Normalized::new(original, Fold::default());
        assert_eq!(n.as_str(), "\"Move fast...\" - said Cordell");
        let find = |needle: &str| {
            let start = n.as_str().find(needle).unwrap();
            &original[n.original_range(start..start + needle.len())]
        };
        assert_eq!(find("fast..."), "fast…");
        assert_eq!(find("\"Move"), "“Move");
        assert_eq!(find("said Cordell"), "said  Cordell");
        assert_eq!(find("..."), "…");
    }
}
