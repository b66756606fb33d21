//! Shingling: a document becomes the set of its overlapping word k-grams (or character n-grams),
//! each represented by a 64-bit hash.
//!
//! Two versions of a story are compared as sets of shingles, so the tokens must be the ones every
//! other stage matches on: the same as [`crate::segment::Word::key`] — Unicode word boundaries
//! (UAX #29), tokens that contain an alphanumeric character, NFKC with typographic punctuation
//! folded to ASCII, lowercased. The one difference is that runs such as "ServiceBut" are not split
//! here; a missing space changes a couple of shingles, which is noise the threshold absorbs.
//!
//! Sketching a million documents must not cost a million [`crate::segment::Segmented`]s, so
//! this module has its own tokenizer with three paths, chosen per document:
//!
//! 1. **ASCII** (most English news): one pass copies the text lowercased into a scratch buffer, a
//!    byte-class state machine implements the word-boundary rules that can occur in ASCII, and
//!    each token is hashed in place. No allocation per token.
//! 2. **ASCII after folding**: text whose only non-ASCII characters are typographic quotes, dashes,
//!    ellipses, Unicode spaces and invisible characters is folded into ASCII on the same pass (the
//!    same mapping as [`crate::normalize`]) and then takes path 1.
//! 3. **Unicode**: anything else goes through [`Normalized`] with case folding and
//!    `unicode-segmentation`, exactly as the segmenter does.
//!
//! Each token is hashed once with xxh3. Word shingle hashes are rolled from token hashes (a
//! polynomial hash over the window, updated in O(1) per token, then avalanched), so no window's
//! text is ever rehashed. Character n-grams are taken over the tokens joined by single spaces, so
//! punctuation and spacing noise does not count as a difference; each character is hashed once
//! and the window hash rolls the same way.

use crate::normalize::{Fold, Normalized};
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

/// What a shingle is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shingling {
    /// Overlapping runs of this many words.
    Words(usize),
    /// Overlapping runs of this many characters of the token stream joined by single spaces.
    Chars(usize),
}

impl Default for Shingling {
    fn default() -> Self {
        Shingling::Words(5)
    }
}

impl Shingling {
    /// The window length, words or characters.
    pub fn width(self) -> usize {
        match self {
            Shingling::Words(k) | Shingling::Chars(k) => k,
        }
    }
}

/// Reusable buffers, one per thread, so that shingling allocates nothing per token.
#[derive(Debug, Default)]
pub struct Scratch {
    folded: Vec<u8>,
    window: Vec<u64>,
}

/// The sorted, deduplicated shingle hashes of `text`. A document with fewer tokens (characters)
/// than the window still gets one shingle covering all of it, so short texts can match; a text
/// with no word characters at all has no shingles.
pub fn shingle_set(text: &str, shingling: Shingling, scratch: &mut Scratch) -> Vec<u64> {
    let mut out = Vec::new();
    shingles_into(text, shingling, scratch, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// Appends the shingle hashes of `text` to `out` in text order, duplicates included.
pub fn shingles_into(text: &str, shingling: Shingling, scratch: &mut Scratch, out: &mut Vec<u64>) {
    let width = shingling.width().max(1);
    let Scratch { folded, window } = scratch;
    let mut roller = Roller::new(width, window, out);
    match shingling {
        Shingling::Words(_) => {
            for_each_token(text, folded, |token| roller.push(xxh3_64(token)));
        }
        Shingling::Chars(_) => {
            let mut first = true;
            for_each_token(text, folded, |token| {
                if !first {
                    roller.push(char_hash(' '));
                }
                first = false;
                if token.is_ascii() {
                    for &b in token {
                        roller.push(char_hash(b as char));
                    }
                } else {
                    // Tokens are slices of valid UTF-8 on token boundaries.
                    for c in String::from_utf8_lossy(token).chars() {
                        roller.push(char_hash(c));
                    }
                }
            });
        }
    }
    roller.finish();
}

/// Calls `f` with the matching key of every word token of `text`, in order: lowercased,
/// NFKC-normalized bytes with typographic punctuation folded, as [`crate::segment::Word::key`]
/// has them (without splitting run-together words).
pub fn for_each_token(text: &str, folded: &mut Vec<u8>, mut f: impl FnMut(&[u8])) {
    if fold_to_ascii(text, folded) {
        ascii_tokens(folded, &mut f);
    } else {
        unicode_tokens(text, &mut f);
    }
}

/// The word keys of `text` as strings; a convenience for tests and small inputs.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut folded = Vec::new();
    for_each_token(text, &mut folded, |t| {
        out.push(String::from_utf8_lossy(t).into_owned())
    });
    out
}

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15 | 1;

/// Rolls a polynomial hash `sum h_i * M^(k-1-i)` (mod 2^64) over the last `k` item hashes and
/// emits an avalanched window hash per position. The items are random 64-bit values, so the sum
/// is a good universal hash of the window; the final mix spreads it over all 64 bits.
struct Roller<'a> {
    width: usize,
    /// M^(k-1), to remove the item leaving the window.
    top: u64,
    hash: u64,
    window: &'a mut Vec<u64>,
    seen: usize,
    out: &'a mut Vec<u64>,
}

impl<'a> Roller<'a> {
    fn new(width: usize, window: &'a mut Vec<u64>, out: &'a mut Vec<u64>) -> Roller<'a> {
        window.clear();
        window.resize(width, 0);
        let mut top = 1u64;
        for _ in 1..width {
            top = top.wrapping_mul(MULTIPLIER);
        }
        Roller {
            width,
            top,
            hash: 0,
            window,
            seen: 0,
            out,
        }
    }

    #[inline]
    fn push(&mut self, item: u64) {
        let slot = self.seen % self.width;
        if self.seen >= self.width {
            let old = self.window[slot];
            self.hash = self.hash.wrapping_sub(old.wrapping_mul(self.top));
        }
        self.window[slot] = item;
        self.hash = self.hash.wrapping_mul(MULTIPLIER).wrapping_add(item);
        self.seen += 1;
        if self.seen >= self.width {
            self.out.push(finalize(self.hash, self.width));
        }
    }

    /// A document shorter than the window becomes a single shingle of everything it has.
    fn finish(self) {
        if self.seen > 0 && self.seen < self.width {
            self.out.push(finalize(self.hash, self.seen));
        }
    }
}

/// Avalanches a rolled hash; the length goes in so that a short document's single shingle
/// cannot equal a full window's.
#[inline]
fn finalize(hash: u64, len: usize) -> u64 {
    mix64(hash ^ (len as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// The 64-bit finalizer of MurmurHash3: a bijection whose output bits each depend on all input bits.
#[inline]
pub(crate) fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^= x >> 33;
    x
}

#[inline]
fn char_hash(c: char) -> u64 {
    mix64((c as u64).wrapping_add(0x2545_F491_4F6C_DD1D))
}

/// Maps an ASCII byte to what the normalizer makes of it with case folded: lowercase, and 0 for
/// control characters it drops (whitespace stays). Like the normalizer, it leaves ASCII
/// punctuation alone, the backtick included.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else if c.is_ascii_control() && !matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            0
        } else {
            c
        };
        b += 1;
    }
    t
};

/// Folds `text` into lowercase ASCII in `out` when that loses nothing the normalizer keeps.
/// Returns false (and leaves `out` unspecified) when the text holds characters only the Unicode
/// path handles.
fn fold_to_ascii(text: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // The common case: a run of ASCII bytes.
        let b = bytes[i];
        if b < 0x80 {
            let m = ASCII_FOLD[b as usize];
            if m != 0 {
                out.push(m);
            }
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        i += c.len_utf8();
        match fold_char(c) {
            Some(folded) => out.extend_from_slice(folded.as_bytes()),
            None => return false,
        }
    }
    true
}

/// The ASCII that [`crate::normalize`] makes of a non-ASCII character, for the few characters
/// common in English news whose normal form is ASCII: typographic quotes, dashes, the ellipsis,
/// Unicode spaces and invisible characters. `None` for everything else.
fn fold_char(c: char) -> Option<&'static str> {
    if c.is_whitespace() {
        return Some(" ");
    }
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2039}' | '\u{203A}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => "",
        c if c.is_control() => "",
        _ => return None,
    })
}

/// Word-break classes of the ASCII characters (UAX #29). Uppercase never reaches the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Other,
    /// ALetter: a-z.
    Letter,
    /// Numeric: 0-9.
    Digit,
    /// ExtendNumLet: `_`.
    Connector,
    /// MidLetter: `:` joins letters only.
    MidLetter,
    /// MidNum: `,` and `;` join digits only.
    MidNum,
    /// MidNumLet and Single_Quote: `.` and `'` join letters to letters and digits to digits.
    MidNumLet,
}

const CLASSES: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() {
            Class::Digit
        } else {
            match c {
                b'_' => Class::Connector,
                b':' => Class::MidLetter,
                b',' | b';' => Class::MidNum,
                b'.' | b'\'' => Class::MidNumLet,
                _ => Class::Other,
            }
        };
        b += 1;
    }
    t
};

#[inline]
fn class(b: u8) -> Class {
    CLASSES[(b & 0x7F) as usize]
}

#[inline]
fn is_word(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Digit | Class::Connector)
}

/// Splits lowercase ASCII at word boundaries and calls `f` with each token holding a letter or
/// digit. Letters, digits and `_` always join (WB5, WB8-WB10, WB13a/b); `.` and `'` join two
/// letters or two digits, `:` two letters, `,` and `;` two digits (WB6/7, WB11/12).
fn ascii_tokens(text: &[u8], f: &mut impl FnMut(&[u8])) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        if !is_word(class(text[i])) {
            i += 1;
            continue;
        }
        let start = i;
        let mut alnum = class(text[i]) != Class::Connector;
        i += 1;
        loop {
            if i >= n {
                break;
            }
            let c = class(text[i]);
            if is_word(c) {
                alnum |= c != Class::Connector;
                i += 1;
                continue;
            }
            let joins = i + 1 < n && {
                let prev = class(text[i - 1]);
                let next = class(text[i + 1]);
                match c {
                    Class::MidLetter => prev == Class::Letter && next == Class::Letter,
                    Class::MidNum => prev == Class::Digit && next == Class::Digit,
                    Class::MidNumLet => {
                        (prev == Class::Letter && next == Class::Letter)
                            || (prev == Class::Digit && next == Class::Digit)
                    }
                    _ => false,
                }
            };
            if joins {
                i += 2;
            } else {
                break;
            }
        }
        if alnum {
            f(&text[start..i]);
        }
    }
}

/// The general path: normalize with case folded, split at Unicode word boundaries.
fn unicode_tokens(text: &str, f: &mut impl FnMut(&[u8])) {
    let normalized = Normalized::new(text, Fold { case: true });
    for token in normalized.as_str().split_word_bounds() {
        if token.chars().any(char::is_alphanumeric) {
            f(token.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unicode_only(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        unicode_tokens(text, &mut |t: &[u8]| {
            out.push(String::from_utf8(t.to_vec()).unwrap())
        });
        out
    }

    #[test]
    fn ascii_path_follows_word_boundary_rules() {
        assert_eq!(
            tokens("Don't stop: U.S. 3.5 1,000 a:b a_b _ __x e-mail x,y 2;3 a.1 end."),
            vec![
                "don't", "stop", "u.s", "3.5", "1,000", "a:b", "a_b", "__x", "e", "mail", "x", "y",
                "2;3", "a", "1", "end"
            ]
        );
    }

    #[test]
    fn ascii_path_agrees_with_unicode_segmentation() {
        let samples = [
            "Don't stop: U.S. 3.5 1,000 a:b a_b _ __x e-mail x,y 2;3 a.1 end.",
            "It's 5 p.m. on Jan. 5th, 2025; the 'quoted' (bracketed) [x] {y} a..b a''b 1..2 ''",
            "trailing apostrophe' 'leading a' b .5 5. x:y: :z 1:2 a1.b2 1a.2b foo_bar_1",
            "tab\tsep\nnew line\r\nwindows back`tick don`t",
            "Healthcare.govThe DOGEThe ServiceBut",
        ];
        for s in samples {
            assert_eq!(tokens(s), unicode_only(s), "on {s:?}");
        }
    }

    #[test]
    fn folds_typography_like_the_normalizer() {
        let s = "Musk’s “Department”—of\u{00A0}Government… in\u{200B}auguration ‘x’";
        assert!(fold_to_ascii(s, &mut Vec::new()));
        assert_eq!(tokens(s), unicode_only(s));
        assert_eq!(
            tokens(s),
            vec![
                "musk's",
                "department",
                "of",
                "government",
                "inauguration",
                "x"
            ]
        );
    }

    #[test]
    fn unicode_text_takes_the_general_path() {
        let s = "Café ÉLAN ﬁnance Straße naïve 東京 e\u{0301}";
        assert!(!fold_to_ascii(s, &mut Vec::new()));
        assert_eq!(
            tokens(s),
            vec![
                "café", "élan", "finance", "straße", "naïve", "東", "京", "é"
            ]
        );
    }

    #[test]
    fn word_shingles_roll_like_direct_hashing() {
        // The rolled hash of a window equals the hash computed from scratch for that window.
        let text = "one two three four five six seven";
        let mut scratch = Scratch::default();
        let mut rolled = Vec::new();
        shingles_into(text, Shingling::Words(3), &mut scratch, &mut rolled);
        let hashes: Vec<u64> = tokens(text).iter().map(|t| xxh3_64(t.as_bytes())).collect();
        let direct: Vec<u64> = hashes
            .windows(3)
            .map(|w| {
                let h = w
                    .iter()
                    .fold(0u64, |h, &x| h.wrapping_mul(MULTIPLIER).wrapping_add(x));
                finalize(h, 3)
            })
            .collect();
        assert_eq!(rolled, direct);
    }

    #[test]
    fn shingle_sets_reflect_shared_runs() {
        let mut s = Scratch::default();
        let a = shingle_set("a b c d e f g", Shingling::Words(3), &mut s);
        let b = shingle_set("A, b; c -- d E f x", Shingling::Words(3), &mut s);
        assert_eq!(a.len(), 5);
        let shared = a.iter().filter(|h| b.binary_search(h).is_ok()).count();
        assert_eq!(shared, 4, "abc bcd cde def are shared, efg is not");
    }

    #[test]
    fn short_and_empty_documents() {
        let mut s = Scratch::default();
        assert_eq!(
            shingle_set("two words", Shingling::Words(5), &mut s).len(),
            1
        );
        assert!(shingle_set("-- ... !!", Shingling::Words(5), &mut s).is_empty());
        assert_eq!(shingle_set("ab", Shingling::Chars(5), &mut s).len(), 1);
        assert_ne!(
            shingle_set("a b", Shingling::Words(5), &mut s),
            shingle_set("a b c d e", Shingling::Words(5), &mut s)
        );
    }

    #[test]
    fn char_ngrams_ignore_punctuation_and_spacing() {
        let mut s = Scratch::default();
        let a = shingle_set("Hello,  world!", Shingling::Chars(4), &mut s);
        let b = shingle_set("hello world", Shingling::Chars(4), &mut s);
        assert_eq!(a, b);
        assert_eq!(a.len(), "hello world".len() - 3);
    }
}
