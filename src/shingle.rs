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
//! 1. **ASCII** (most English news): one vectorized pass copies the text lowercased into a scratch
//!    buffer; bit masks built sixteen bytes at a time mark word characters and the joiners the
//!    word-boundary rules allow between them (`don't`, `3.5`, `1,000`); tokens are the runs of
//!    ones, found with `trailing_zeros`, and hashed in place. No allocation per token, and no
//!    branch per byte to mispredict at every word end.
//! 2. **Folded to ASCII**: text whose only non-ASCII characters are typographic quotes, dashes,
//!    ellipses, Unicode spaces, invisible characters and precomposed Latin letters ("José",
//!    "Łódź") is folded on a per-character pass (the same mapping as [`crate::normalize`]) and
//!    then takes path 1.
//! 3. **Unicode**: anything else goes through [`Normalized`] with case folding and
//!    `unicode-segmentation`, exactly as the segmenter does.
//!
//! Tests hold the paths to the segmenter: on the seeds, on generated news, and in a property test
//! against `unicode-segmentation` on random strings of the characters the rules care about.
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
    masks: Vec<u64>,
    items: Vec<u64>,
    sorted: Vec<u64>,
    counts: Vec<u32>,
    /// One-permutation bins, for [`crate::sketch`].
    pub(crate) bins: Vec<u64>,
}

/// The sorted, deduplicated shingle hashes of `text`. A document with fewer tokens (characters)
/// than the window still gets one shingle covering all of it, so short texts can match; a text
/// with no word characters at all has no shingles.
pub fn shingle_set(text: &str, shingling: Shingling, scratch: &mut Scratch) -> Vec<u64> {
    let mut set = Vec::new();
    shingles_into(text, shingling, scratch, &mut set);
    let len = sort_dedup(&mut set, scratch);
    set.truncate(len);
    set
}

/// Sorts `hashes` in place and moves the distinct values to the front; returns how many there
/// are. What lies past them is unspecified.
pub fn sort_dedup(hashes: &mut [u64], scratch: &mut Scratch) -> usize {
    let n = hashes.len();
    if n < 64 {
        hashes.sort_unstable();
        return dedup_sorted(hashes);
    }
    let sorted = &mut scratch.sorted;
    sort_hashes_into(hashes, sorted, &mut scratch.counts);
    // Copy back, dropping repeats: every value is written, and the length only moves past
    // the new ones, so there is no branch for the predictor to miss.
    hashes[0] = sorted[0];
    let mut len = 1;
    for i in 1..n {
        let x = sorted[i];
        hashes[len] = x;
        len += (x != sorted[i - 1]) as usize;
    }
    len
}

fn dedup_sorted(v: &mut [u64]) -> usize {
    let mut len = 0;
    for i in 0..v.len() {
        if len == 0 || v[i] != v[len - 1] {
            v[len] = v[i];
            len += 1;
        }
    }
    len
}

/// Sorts uniformly distributed hashes into `sorted` in expected linear time: one counting pass
/// distributes them into about `2n` buckets by their top bits, which leaves them nearly sorted,
/// and an insertion sort finishes. Inputs that defeat this (only crafted hash collisions can)
/// fall back to the standard sort after a bounded amount of work.
fn sort_hashes_into(v: &[u64], sorted: &mut Vec<u64>, counts: &mut Vec<u32>) {
    let n = v.len();
    sorted.clear();
    if n < 2 {
        sorted.extend_from_slice(v);
        return;
    }
    let bits = n.ilog2() + 1;
    let shift = 64 - bits;
    counts.clear();
    counts.resize((1 << bits) + 1, 0);
    for &x in v {
        counts[(x >> shift) as usize + 1] += 1;
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    sorted.resize(n, 0);
    for &x in v {
        let b = (x >> shift) as usize;
        sorted[counts[b] as usize] = x;
        counts[b] += 1;
    }
    let mut budget = 8 * n;
    for i in 1..n {
        let x = sorted[i];
        let mut j = i;
        while j > 0 && sorted[j - 1] > x {
            sorted[j] = sorted[j - 1];
            j -= 1;
        }
        sorted[j] = x;
        budget = budget.saturating_sub(i - j);
        if budget == 0 {
            sorted.sort_unstable();
            break;
        }
    }
}

/// Appends the shingle hashes of `text` to `out` in text order, duplicates included.
pub fn shingles_into(text: &str, shingling: Shingling, scratch: &mut Scratch, out: &mut Vec<u64>) {
    let width = shingling.width().max(1);
    let Scratch {
        folded,
        masks,
        items,
        ..
    } = scratch;
    // First the item hashes (one per word, or per character), then the windows over them in a
    // loop whose state stays in registers.
    items.clear();
    match shingling {
        Shingling::Words(_) => {
            tokens_with(text, folded, masks, |token| items.push(xxh3_64(token)));
        }
        Shingling::Chars(_) => {
            tokens_with(text, folded, masks, |token| {
                if !items.is_empty() {
                    items.push(CHAR_HASHES[b' ' as usize]);
                }
                if token.is_ascii() {
                    items.extend(token.iter().map(|&b| CHAR_HASHES[b as usize]));
                } else {
                    // Tokens are slices of valid UTF-8 cut at character boundaries.
                    let token = std::str::from_utf8(token).unwrap_or_default();
                    items.extend(token.chars().map(char_hash));
                }
            });
        }
    }
    roll(items, width, out);
}

/// Calls `f` with the matching key of every word token of `text`, in order: lowercased,
/// NFKC-normalized bytes with typographic punctuation folded, as [`crate::segment::Word::key`]
/// has them (without splitting run-together words).
pub fn for_each_token(text: &str, scratch: &mut Scratch, f: impl FnMut(&[u8])) {
    tokens_with(text, &mut scratch.folded, &mut scratch.masks, f)
}

fn tokens_with(text: &str, folded: &mut Vec<u8>, masks: &mut Vec<u64>, mut f: impl FnMut(&[u8])) {
    if fold_to_ascii(text, folded) {
        ascii_tokens(folded, masks, &mut f);
    } else {
        unicode_tokens(text, &mut f);
    }
}

/// The word keys of `text` as strings; a convenience for tests and small inputs.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    for_each_token(text, &mut scratch, |t| {
        out.push(String::from_utf8_lossy(t).into_owned())
    });
    out
}

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15 | 1;

/// Rolls a polynomial hash `sum h_i * M^(k-1-i)` (mod 2^64) over each window of `width` item
/// hashes and appends an avalanched hash per window. The items are random 64-bit values, so the
/// sum is a good universal hash of the window; each step removes the item leaving the window
/// and adds the one entering, O(1) however wide the window. Fewer items than the window make
/// one shingle of all of them.
fn roll(items: &[u64], width: usize, out: &mut Vec<u64>) {
    let n = items.len();
    let polynomial = |h: u64, &x: &u64| h.wrapping_mul(MULTIPLIER).wrapping_add(x);
    if n < width {
        if n > 0 {
            out.push(finalize(items.iter().fold(0, polynomial), n));
        }
        return;
    }
    let mut top = 1u64; // M^(width-1)
    for _ in 1..width {
        top = top.wrapping_mul(MULTIPLIER);
    }
    let mut hash = items[..width].iter().fold(0, polynomial);
    out.reserve(n - width + 1);
    out.push(finalize(hash, width));
    out.extend((width..n).map(|i| {
        hash = hash
            .wrapping_sub(items[i - width].wrapping_mul(top))
            .wrapping_mul(MULTIPLIER)
            .wrapping_add(items[i]);
        finalize(hash, width)
    }));
}

/// Avalanches a rolled hash; the length goes in so that a short document's single shingle
/// cannot equal a full window's.
#[inline]
fn finalize(hash: u64, len: usize) -> u64 {
    mix64(hash ^ (len as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// The 64-bit finalizer of MurmurHash3: a bijection whose output bits each depend on all input bits.
#[inline]
pub(crate) const fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^= x >> 33;
    x
}

#[inline]
const fn char_hash(c: char) -> u64 {
    mix64((c as u64).wrapping_add(0x2545_F491_4F6C_DD1D))
}

/// [`char_hash`] of every ASCII character.
const CHAR_HASHES: [u64; 128] = {
    let mut t = [0u64; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = char_hash(b as u8 as char);
        b += 1;
    }
    t
};

/// Maps an ASCII byte to what the normalizer makes of it with case folded: lowercase, and 0 for
/// control characters it drops (whitespace stays). Like the normalizer, it leaves ASCII
/// punctuation alone, except the backtick, which becomes an apostrophe.
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else if c == b'`' {
            b'\''
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
    let bytes = text.as_bytes();
    // Most documents are plain ASCII without control characters: lowercase them in one
    // branch-free pass the compiler vectorizes.
    if text.is_ascii() {
        out.clear();
        out.resize(bytes.len(), 0);
        let mut control = false;
        for (o, &b) in out.iter_mut().zip(bytes) {
            let upper = b.wrapping_sub(b'A') < 26;
            // The normalizer folds the backtick to an apostrophe.
            let tick = ((b == b'`') as u8) * (b'`' ^ b'\'');
            *o = (b | ((upper as u8) << 5)) ^ tick;
            control |= (b < 0x20 && !(0x09..=0x0D).contains(&b)) | (b == 0x7F);
        }
        if !control {
            return true;
        }
    }
    fold_slowly(text, out)
}

/// [`fold_to_ascii`] one character at a time, dropping control characters and folding
/// typographic punctuation.
fn fold_slowly(text: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
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
        if is_plain_latin_letter(c) {
            let mut buf = [0u8; 4];
            for lower in c.to_lowercase() {
                out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
            }
            continue;
        }
        match fold_char(c) {
            Some(folded) => out.extend_from_slice(folded.as_bytes()),
            None => return false,
        }
    }
    true
}

/// Precomposed Latin letters (Latin-1 Supplement and Latin Extended-A) that NFKC leaves alone and
/// that segment as ordinary letters: the accented names of European news ("José", "Łódź")
/// stay on the fast path. A combining mark after one sends the document to the Unicode path,
/// because the two would compose.
fn is_plain_latin_letter(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{017F}')
        && !matches!(
            c,
            '\u{00D7}'
                | '\u{00F7}'
                | '\u{0130}'
                | '\u{0132}'
                | '\u{0133}'
                | '\u{013F}'
                | '\u{0140}'
                | '\u{0149}'
                | '\u{017F}'
        )
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

/// Word-break classes of the ASCII characters (UAX #29), as bit flags so that one table lookup
/// answers "does this continue a word?". Uppercase never reaches the tokenizer; non-ASCII bytes
/// are parts of plain Latin letters (see [`is_plain_latin_letter`]).
const LETTER: u8 = 1; // ALetter: a-z
const DIGIT: u8 = 2; // Numeric: 0-9
const CONNECTOR: u8 = 4; // ExtendNumLet: `_`
const MID_LETTER: u8 = 8; // `:` joins letter to letter; `.` and `'` too (MidNumLet, Single_Quote)
const MID_NUM: u8 = 16; // `,` and `;` join digit to digit; `.` and `'` too
const WORD: u8 = LETTER | DIGIT | CONNECTOR;

const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        // Bytes of non-ASCII characters only get here inside plain Latin letters.
        t[b] = if c.is_ascii_alphabetic() || c >= 0x80 {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            match c {
                b'_' => CONNECTOR,
                b':' => MID_LETTER,
                b',' | b';' => MID_NUM,
                b'.' | b'\'' => MID_LETTER | MID_NUM,
                _ => 0,
            }
        };
        b += 1;
    }
    t
};

/// Splits lowercase ASCII at word boundaries and calls `f` with each token holding a letter or
/// digit. Letters, digits and `_` always join (WB5, WB8-WB10, WB13a/b); `.` and `'` join two
/// letters or two digits, `:` two letters, `,` and `;` two digits (WB6/7, WB11/12).
///
/// Branching byte by byte mispredicts at every word end, so this works on bit masks instead:
/// one bit per byte says "belongs to a word", middle characters whose neighbours agree are
/// added with shifts, and tokens are the runs of ones, found with `trailing_zeros`.
fn ascii_tokens(text: &[u8], masks: &mut Vec<u64>, f: &mut impl FnMut(&[u8])) {
    let blocks = text.len().div_ceil(64);
    build_masks(text, masks);
    let at = |b: usize, k: usize| masks[b * 5 + k];
    // The start of the run of word bytes still open at the end of the previous block.
    let mut open: Option<usize> = None;
    let mut carry = 0u64;
    let mut emit = |start: usize, end: usize| {
        let token = &text[start..end];
        if token.iter().any(|&c| c != b'_') {
            f(token);
        }
    };
    for b in 0..blocks {
        // Add the joiners: bit i of `prev` is the class of byte i - 1, of `next` that of
        // byte i + 1.
        let before = |k: usize| if b > 0 { at(b - 1, k) >> 63 } else { 0 };
        let after = |k: usize| {
            if b + 1 < blocks {
                at(b + 1, k) << 63
            } else {
                0
            }
        };
        let (letter, digit) = (at(b, 1), at(b, 2));
        let (prev_l, next_l) = ((letter << 1) | before(1), (letter >> 1) | after(1));
        let (prev_d, next_d) = ((digit << 1) | before(2), (digit >> 1) | after(2));
        let joins = (at(b, 3) & prev_l & next_l) | (at(b, 4) & prev_d & next_d);
        // Bits past the end of the text are zero.
        let word = at(b, 0) | joins;
        // Runs of ones: a start is a one after a zero, an end (exclusive) a zero after a one.
        let shifted = (word << 1) | carry;
        let mut starts = word & !shifted;
        let mut ends = !word & shifted;
        carry = word >> 63;
        let base = b * 64;
        if let Some(start) = open {
            if ends == 0 {
                continue;
            }
            emit(start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
            open = None;
        }
        // Starts and ends alternate, so each start pairs with the next end.
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some(start);
                break;
            }
            emit(start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
    }
    if let Some(start) = open {
        emit(start, text.len());
    }
}

/// Fills `masks` with five bit masks per 64-byte block of `text`: word characters, letters,
/// digits, letter joiners, digit joiners.
fn build_masks(text: &[u8], masks: &mut Vec<u64>) {
    masks.clear();
    masks.resize(text.len().div_ceil(64) * 5, 0);
    #[cfg(target_arch = "x86_64")]
    {
        let whole = text.len() / 64;
        sse2::build_masks(&text[..whole * 64], &mut masks[..whole * 5]);
        if whole * 64 < text.len() {
            build_masks_scalar(&text[whole * 64..], &mut masks[whole * 5..]);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    build_masks_scalar(text, masks);
}

fn build_masks_scalar(text: &[u8], masks: &mut [u64]) {
    for (b, chunk) in text.chunks(64).enumerate() {
        let (mut word, mut letter, mut digit, mut mid_l, mut mid_n) =
            (0u64, 0u64, 0u64, 0u64, 0u64);
        for (j, &byte) in chunk.iter().enumerate() {
            let k = CLASSES[byte as usize] as u64;
            word |= ((k & WORD as u64 != 0) as u64) << j;
            letter |= (k & 1) << j;
            digit |= ((k >> 1) & 1) << j;
            mid_l |= ((k >> 3) & 1) << j;
            mid_n |= ((k >> 4) & 1) << j;
        }
        masks[b * 5..b * 5 + 5].copy_from_slice(&[word, letter, digit, mid_l, mid_n]);
    }
}

/// The same masks sixteen bytes at a time with SSE2, which every x86-64 CPU has.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// `text.len()` must be a multiple of 64 and `masks.len()` five per 64 bytes.
    pub(super) fn build_masks(text: &[u8], masks: &mut [u64]) {
        for (chunk, out) in text.chunks_exact(64).zip(masks.chunks_exact_mut(5)) {
            let mut m = [0u64; 5];
            for q in 0..4 {
                // SAFETY: SSE2 is part of the x86-64 baseline; the load reads 16 bytes inside
                // `chunk`, which holds 64.
                let bits = unsafe { classify(chunk.as_ptr().add(q * 16)) };
                for (k, v) in bits.iter().enumerate() {
                    m[k] |= (*v as u64) << (q * 16);
                }
            }
            out.copy_from_slice(&m);
        }
    }

    #[inline(always)]
    unsafe fn classify(p: *const u8) -> [u32; 5] {
        unsafe {
            let v = _mm_loadu_si128(p as *const __m128i);
            let between = |lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            // Bytes >= 0x80 are negative as i8: they are parts of Latin letters.
            let ascii_letter = _mm_or_si128(between(b'a', b'z'), between(b'A', b'Z'));
            let letter = _mm_or_si128(ascii_letter, _mm_cmplt_epi8(v, _mm_setzero_si128()));
            let digit = between(b'0', b'9');
            let word = _mm_or_si128(_mm_or_si128(letter, digit), eq(b'_'));
            let both = _mm_or_si128(eq(b'.'), eq(b'\''));
            let mid_l = _mm_or_si128(both, eq(b':'));
            let mid_n = _mm_or_si128(both, _mm_or_si128(eq(b','), eq(b';')));
            [
                _mm_movemask_epi8(word) as u32,
                _mm_movemask_epi8(letter) as u32,
                _mm_movemask_epi8(digit) as u32,
                _mm_movemask_epi8(mid_l) as u32,
                _mm_movemask_epi8(mid_n) as u32,
            ]
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
    fn vector_masks_match_scalar_masks() {
        let mut text: Vec<u8> = (0u32..640).map(|i| (i * 37 % 256) as u8).collect();
        text.extend_from_slice(b"abc_12.3:x;y,z'q END");
        let mut fast = Vec::new();
        build_masks(&text, &mut fast);
        let mut slow = vec![0; text.len().div_ceil(64) * 5];
        build_masks_scalar(&text, &mut slow);
        assert_eq!(fast, slow);
    }

    #[test]
    fn hash_sort_sorts_anything() {
        let (mut counts, mut spare) = (Vec::new(), Vec::new());
        let mut x = 1u64;
        let mut random: Vec<u64> = (0..5000)
            .map(|_| {
                x = mix64(x);
                x
            })
            .collect();
        random.extend_from_slice(&random.clone()[..100]);
        // Skewed: all in one bucket, which must hit the fallback, and already sorted runs.
        let skewed: Vec<u64> = (0..3000u64).rev().collect();
        for mut v in [random, skewed, vec![3, 1, 2], Vec::new()] {
            let mut expected = v.clone();
            expected.sort_unstable();
            sort_hashes_into(&v, &mut spare, &mut counts);
            assert_eq!(spare, expected);
            let mut scratch = Scratch::default();
            expected.dedup();
            let len = sort_dedup(&mut v, &mut scratch);
            assert_eq!(v[..len], expected[..]);
        }
    }

    proptest::proptest! {
        /// The mask tokenizer agrees with unicode-segmentation on any mix of the characters the
        /// word-break rules care about, across 64-byte block boundaries.
        #[test]
        fn ascii_path_agrees_on_random_text(s in "[aZ09_.,;:' \\-\n\"é]{0,300}") {
            proptest::prop_assert_eq!(tokens(&s), unicode_only(&s));
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
    fn latin_letters_stay_on_the_fast_path_and_agree() {
        let mut s = String::from("José Łódź ÆRØ l'été DVOŘÁK Straße 3,5km x.é é.x ");
        for c in '\u{00A0}'..='\u{0180}' {
            s.push(c);
            s.push(if c as u32 % 3 == 0 { ' ' } else { 'a' });
        }
        assert!(fold_to_ascii("José Łódź ÆRØ", &mut Vec::new()));
        assert_eq!(tokens(&s), unicode_only(&s));
        assert_eq!(tokens("José ŁÓDŹ")[..], ["josé", "łódź"]);
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
