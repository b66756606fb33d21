//! Fluency: how much a version reads like ordinary edited English.
//!
//! A machine round trip (English → Spanish → English, or any other MT system) keeps the facts but
//! breaks word order and function words: "Triumph of Donald of President of USA touched golf the
//! Saturday", "the news fake", "an agreement of bilateral trade". A human rewrite or an independent
//! human translation may share few words with its source but stays fluent. Fluency is what tells
//! them apart, so this module scores it with a trigram language model that needs no network.
//!
//! The model works on a *class-mapped* vocabulary: the 8,000 most frequent word forms stay
//! themselves and every other word becomes a coarse class from its shape (name, lowercased name,
//! acronym, number, suffix class such as `-ly` or `-tion`), so it generalises to stories and names
//! it never saw. A sentence's score is SLOR: the mean, per token, of how much the two tokens
//! before raised its probability over its plain frequency. Raw probability mostly measures how
//! rare the words are; the gain measures word order and collocation, which is what MT breaks.
//!
//! Scores are best used *relatively*, between versions of one story or between aligned passages:
//! a round trip always read worse than its own source on the development set, while the absolute
//! scale shifts with genre and length (see `data/README.md` for figures). The model is trained by
//! [`train`] from fluent text shipped by registry packages (`tools/fluency_corpus.py`,
//! `examples/build_fluency_model.rs`) and embedded in the binary.
//!
//! ```
//! use wiredrift::fluency::FluencyModel;
//! let model = FluencyModel::english();
//! let human = model.score_sentence(
//!     "U.S. President Donald Trump played golf on Saturday at his course on Scotland's west coast.",
//! );
//! let round_trip = model.score_sentence(
//!     "Triumph of Donald of President of USA touched golf the Saturday in his course on the west coast of Scotland.",
//! );
//! assert!(round_trip.score < human.score);
//! ```

use crate::segment::{ParagraphKind, Segmented};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"WDFLU\x00\x01\x00";

/// Log10-probabilities are stored as u8 steps over this range; below it is the floor.
const LOGPROB_FLOOR: f64 = -7.0;
const LOGPROB_STEP: f64 = -LOGPROB_FLOOR / 255.0;

/// Word classes. Order matters: a class's id is its index, and model files depend on it.
const CLASSES: &[&str] = &[
    "<s>", "</s>", "<NUM>", "<YEAR>", "<ORD>", "<ACR>", "<NAME>", "<CAPW>", "<CAPUNK>", "<LCNAME>",
    "<UNKLC>", "<HYPH>", "<LY>", "<ING>", "<ED>", "<TION>", "<MENT>", "<NESS>", "<ITY>", "<ADJ>",
    "<ER>", "<EST>", "<S>", "<W>", "<POSS>", "<QUOTE>", "<DASH>", "<SYM>", ",", ".", ";", ":", "?",
    "!", "(", ")",
];

fn class_id(name: &str) -> u32 {
    CLASSES
        .iter()
        .position(|c| *c == name)
        .expect("known class") as u32
}

const BOS: u32 = 0;
const EOS: u32 = 1;

/// One raw token of a sentence: a word (with internal apostrophes, hyphens and number
/// punctuation) or a single punctuation character.
#[derive(Debug, Clone)]
struct RawToken {
    range: Range<usize>,
    word: bool,
}

fn raw_tokens(s: &str) -> Vec<RawToken> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(RawToken {
                range: start..start + c.len_utf8(),
                word: false,
            });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let ch = chars[j].1;
            if ch.is_alphanumeric() {
                j += 1;
                continue;
            }
            let next = chars.get(j + 1).map(|x| x.1);
            let prev = chars[j - 1].1;
            let joins = match ch {
                '\'' | '’' => next.is_some_and(char::is_alphabetic) && prev.is_alphabetic(),
                '-' => next.is_some_and(char::is_alphanumeric),
                '.' | ',' => {
                    (prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()))
                        || (ch == '.'
                            && prev.is_uppercase()
                            && next.is_some_and(char::is_uppercase))
                        // The closing period of "U.S." belongs to the abbreviation.
                        || (ch == '.'
                            && prev.is_uppercase()
                            && j >= 2
                            && chars[j - 2].1 == '.'
                            && !next.is_some_and(char::is_alphanumeric))
                }
                _ => false,
            };
            if !joins {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |x| x.0);
        // A possessive 's is its own token: "Scotland's coast" and "the coast of Scotland" differ
        // in exactly this.
        let word = &s[start..end];
        let poss = ["'s", "’s", "'S", "’S"]
            .iter()
            .find(|p| word.len() > p.len() && word.ends_with(*p));
        match poss {
            Some(p) => {
                let cut = end - p.len();
                out.push(RawToken {
                    range: start..cut,
                    word: true,
                });
                out.push(RawToken {
                    range: cut..end,
                    word: true,
                });
            }
            None => out.push(RawToken {
                range: start..end,
                word: true,
            }),
        }
        i = j;
    }
    out
}

fn fold(word: &str) -> String {
    word.chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn lex_hash(lower: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(lower.as_bytes())
}

/// The word lists a class mapping needs, learned from the training corpus.
#[derive(Debug, Clone, Default)]
struct Lexicon {
    vocab: ahash::AHashMap<String, u32>,
    /// Hashes of lowercase forms written with a capital nearly every time they occur mid-sentence:
    /// names. Sorted.
    names: Vec<u64>,
    /// Hashes of lowercase forms seen in lowercase often enough to be ordinary words. Sorted.
    known: Vec<u64>,
}

impl Lexicon {
    fn is_name(&self, lower: &str) -> bool {
        self.names.binary_search(&lex_hash(lower)).is_ok()
    }
    fn is_known(&self, lower: &str) -> bool {
        self.known.binary_search(&lex_hash(lower)).is_ok()
    }

    /// Maps one token to its vocabulary id or class.
    fn map(&self, text: &str, word: bool, initial: bool) -> u32 {
        if !word {
            return match text {
                "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»" | "„" => {
                    class_id("<QUOTE>")
                }
                "-" | "–" | "—" | "‒" | "―" => class_id("<DASH>"),
                "," | "." | ";" | ":" | "?" | "!" | "(" | ")" => class_id(text),
                "…" => class_id("."),
                "[" => class_id("("),
                "]" => class_id(")"),
                _ => class_id("<SYM>"),
            };
        }
        let lower = fold(text);
        if lower == "'s" {
            return class_id("<POSS>");
        }
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let digits = text.chars().filter(|c| c.is_numeric()).count();
        if digits > 0 {
            if letters == 0
                && digits == 4
                && text.len() == 4
                && (text.starts_with('1') || text.starts_with('2'))
            {
                return class_id("<YEAR>");
            }
            let suffix = lower.trim_start_matches(|c: char| c.is_ascii_digit());
            if letters > 0 && ["st", "nd", "rd", "th"].contains(&suffix) {
                return class_id("<ORD>");
            }
            return class_id("<NUM>");
        }
        let upper = text.chars().filter(|c| c.is_uppercase()).count();
        if letters >= 2 && upper == letters {
            return class_id("<ACR>");
        }
        let first_upper = text.chars().next().is_some_and(char::is_uppercase);
        if first_upper {
            if initial {
                if let Some(&id) = self.vocab.get(&lower) {
                    return id;
                }
                if self.is_name(&lower) {
                    return class_id("<NAME>");
                }
                if self.is_known(&lower) {
                    return suffix_class(&lower);
                }
                return class_id("<CAPUNK>");
            }
            if let Some(&id) = self.vocab.get(&lower) {
                return id;
            }
            if self.is_name(&lower) {
                return class_id("<NAME>");
            }
            if self.is_known(&lower) || self.vocab.contains_key(&lower) {
                return class_id("<CAPW>");
            }
            return class_id("<CAPUNK>");
        }
        // A name written in lowercase ("musk", "milei") is a machine's slip, even when the name
        // is frequent enough to be in the vocabulary.
        if self.is_name(&lower) {
            return class_id("<LCNAME>");
        }
        if let Some(&id) = self.vocab.get(&lower) {
            return id;
        }
        if !self.is_known(&lower) {
            return class_id("<UNKLC>");
        }
        suffix_class(&lower)
    }

    /// Token ids of one sentence, without the boundary markers, with each token's byte range.
    fn sentence_ids(&self, s: &str) -> Vec<(u32, Range<usize>)> {
        let mut initial = true;
        raw_tokens(s)
            .into_iter()
            .map(|t| {
                let id = self.map(&s[t.range.clone()], t.word, initial);
                if t.word {
                    initial = false;
                }
                (id, t.range)
            })
            .collect()
    }
}

fn suffix_class(lower: &str) -> u32 {
    let name = if lower.contains('-') {
        "<HYPH>"
    } else if lower.len() <= 3 {
        "<W>"
    } else if lower.ends_with("ly") {
        "<LY>"
    } else if lower.ends_with("ing") {
        "<ING>"
    } else if lower.ends_with("ed") {
        "<ED>"
    } else if lower.ends_with("tion")
        || lower.ends_with("sion")
        || lower.ends_with("tions")
        || lower.ends_with("sions")
    {
        "<TION>"
    } else if lower.ends_with("ment") || lower.ends_with("ments") {
        "<MENT>"
    } else if lower.ends_with("ness") {
        "<NESS>"
    } else if lower.ends_with("ity") || lower.ends_with("ities") {
        "<ITY>"
    } else if [
        "ous", "ful", "ive", "al", "able", "ible", "ic", "ical", "ary", "ant", "ent",
    ]
    .iter()
    .any(|s| lower.ends_with(s))
    {
        "<ADJ>"
    } else if lower.ends_with("er")
        || lower.ends_with("or")
        || lower.ends_with("ers")
        || lower.ends_with("ors")
    {
        "<ER>"
    } else if lower.ends_with("est") {
        "<EST>"
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
    {
        "<S>"
    } else {
        "<W>"
    };
    class_id(name)
}

/// Exact n-gram key: order in the top bits, then up to three 20-bit token ids.
fn key(ids: &[u32]) -> u64 {
    let mut k = (ids.len() as u64) << 62;
    for (i, &id) in ids.iter().enumerate() {
        k |= (u64::from(id) & 0xF_FFFF) << (40 - 20 * i);
    }
    k
}

fn quantize(logprob: f64) -> u8 {
    let steps = (logprob.max(LOGPROB_FLOOR) / -LOGPROB_STEP).round();
    steps.clamp(0.0, 255.0) as u8
}

fn dequantize(q: u8) -> f64 {
    -f64::from(q) * LOGPROB_STEP
}

/// A sorted key table with quantized values, indexed by each key's order and first token so that
/// a lookup binary-searches a few hundred keys instead of millions.
#[derive(Debug, Clone)]
struct Table {
    keys: Vec<u64>,
    vals: Vec<u8>,
    /// `starts[b]..starts[b + 1]` holds the keys of bucket `b` (see [`Table::bucket_of`]).
    starts: Vec<u32>,
    n_ids: usize,
}

impl Table {
    fn new(keys: Vec<u64>, vals: Vec<u8>, n_ids: usize) -> Result<Table, ModelError> {
        let n_buckets = 3 * n_ids + 1;
        let mut starts = vec![0u32; n_buckets + 1];
        let mut next = 0;
        for (i, &k) in keys.iter().enumerate() {
            let b = Table::bucket_of(k, n_ids).ok_or(ModelError("token id out of range"))?;
            while next <= b {
                starts[next] = i as u32;
                next += 1;
            }
        }
        for s in &mut starts[next..] {
            *s = keys.len() as u32;
        }
        Ok(Table {
            keys,
            vals,
            starts,
            n_ids,
        })
    }

    fn bucket_of(k: u64, n_ids: usize) -> Option<usize> {
        let order = (k >> 62) as usize;
        let first = ((k >> 40) & 0xF_FFFF) as usize;
        (order >= 1 && first < n_ids).then(|| (order - 1) * n_ids + first)
    }

    fn get(&self, k: u64) -> Option<u8> {
        let b = Table::bucket_of(k, self.n_ids)?;
        let range = self.starts[b] as usize..self.starts[b + 1] as usize;
        let i = self.keys[range.clone()].binary_search(&k).ok()?;
        Some(self.vals[range.start + i])
    }
}

/// A trigram model over class-mapped tokens.
#[derive(Debug, Clone)]
pub struct FluencyModel {
    lexicon: Lexicon,
    /// N-gram keys and their quantized log10-probabilities.
    probs: Table,
    /// Context keys and their quantized log10 back-off weights.
    bows: Table,
    /// Log10-probability of a token id the model never saw.
    unseen: f64,
    /// Frequency log10-probability of every token id (quantized), the context-free baseline.
    unigram: Vec<u8>,
}

/// How fluent one sentence reads.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceFluency {
    /// Mean per token, end of sentence included, of log10 P(token | two before) − log10 P(token):
    /// how much more likely the context made each token (SLOR, syntactic log-odds ratio). Higher
    /// is more fluent. Single sentences vary widely; compare them with their counterparts in other
    /// versions rather than with a fixed line. 0.0 when the sentence has no tokens.
    pub score: f64,
    /// Tokens scored, end of sentence included.
    pub tokens: usize,
    /// Byte ranges (within the sentence) of up to three tokens their context fitted worst, with
    /// their (negative) per-token gain, worst first: the evidence to show a reader.
    pub worst: Vec<(Range<usize>, f64)>,
    /// Every token's gain, in sentence order, end of sentence included: what
    /// [`DocumentFluency::tail`] is taken from.
    pub gains: Vec<f32>,
}

/// How fluent a whole document reads.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentFluency {
    /// Token-weighted mean of sentence scores after dropping the least fluent tail (see
    /// [`document_fluency`]). Same scale as [`SentenceFluency::score`]. On the built-in model,
    /// human news and translations scored 0.38–0.65 on the development set and Apertium round
    /// trips 0.28–0.40; genre and length shift the scale, so prefer comparing versions.
    pub score: f64,
    /// Sentences that counted.
    pub sentences: usize,
    /// Tokens that counted: below about 100 the score rests on a sentence or two and is noisy;
    /// 0 means there was nothing to score (and `score` is 0.0).
    pub tokens: usize,
    /// Mean gain of the least fluent tenth of the tokens of the sentences that counted (all of
    /// them, nothing trimmed): how badly the worst breaks fit their context. A round trip breaks
    /// grammar in many places, so its tail is deeper than that of an awkward but human text whose
    /// mean reads as low (a spun or stilted translation). 0.0 when nothing was scored.
    pub tail: f64,
}

/// Sentences of fewer tokens than this are headlines, bylines and fragments: they say little about
/// fluency and are left out of the document score.
const MIN_SENTENCE_TOKENS: usize = 6;
/// Share of tokens dropped from the least fluent end before averaging. Human text has a few odd
/// sentences (lists, quotes, tables) and one should not sink it; garbling is everywhere.
const TRIM_SHARE: f64 = 0.1;

/// Aggregates sentence scores into a document score robust to a few odd sentences: fragments are
/// left out, then the least fluent tenth of the tokens, then the rest is averaged by tokens.
pub fn document_fluency(sentences: &[SentenceFluency]) -> DocumentFluency {
    let mut kept: Vec<&SentenceFluency> = sentences
        .iter()
        .filter(|s| s.tokens >= MIN_SENTENCE_TOKENS)
        .collect();
    if kept.is_empty() {
        kept = sentences.iter().filter(|s| s.tokens > 0).collect();
    }
    if kept.is_empty() {
        return DocumentFluency {
            score: 0.0,
            sentences: 0,
            tokens: 0,
            tail: 0.0,
        };
    }
    let tail = lowest_tenth_mean(kept.iter().flat_map(|s| s.gains.iter().copied()));
    kept.sort_by(|a, b| a.score.total_cmp(&b.score));
    let total: usize = kept.iter().map(|s| s.tokens).sum();
    let drop = (total as f64 * TRIM_SHARE) as usize;
    let mut dropped = 0;
    let mut start = 0;
    while start + 1 < kept.len() && dropped + kept[start].tokens <= drop {
        dropped += kept[start].tokens;
        start += 1;
    }
    let used = &kept[start..];
    let tokens: usize = used.iter().map(|s| s.tokens).sum();
    let score = used.iter().map(|s| s.score * s.tokens as f64).sum::<f64>() / tokens as f64;
    DocumentFluency {
        score,
        sentences: used.len(),
        tokens,
        tail,
    }
}

/// Mean of the lowest tenth (at least one) of some token gains; 0.0 for none.
fn lowest_tenth_mean(gains: impl Iterator<Item = f32>) -> f64 {
    let mut gains: Vec<f32> = gains.collect();
    if gains.is_empty() {
        return 0.0;
    }
    let k = (gains.len() / 10).max(1);
    gains.select_nth_unstable_by(k - 1, |a, b| a.total_cmp(b));
    gains[..k].iter().map(|&g| f64::from(g)).sum::<f64>() / k as f64
}

static ENGLISH: OnceLock<FluencyModel> = OnceLock::new();
static ENGLISH_BYTES: &[u8] = include_bytes!("../data/fluency-en.bin");

impl FluencyModel {
    /// The built-in English model, decoded once.
    pub fn english() -> &'static FluencyModel {
        ENGLISH.get_or_init(|| {
            FluencyModel::from_bytes(ENGLISH_BYTES).expect("embedded fluency model is valid")
        })
    }

    /// Decodes a model written by [`train`].
    pub fn from_bytes(bytes: &[u8]) -> Result<FluencyModel, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError("not a wiredrift fluency model"));
        }
        let n_vocab = r.u32()? as usize;
        let mut vocab = ahash::AHashMap::with_capacity(n_vocab);
        for i in 0..n_vocab {
            let len = r.take(1)?[0] as usize;
            let word = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ModelError("vocabulary is not UTF-8"))?;
            vocab.insert(word.to_owned(), (CLASSES.len() + i) as u32);
        }
        let names = r.u64s()?;
        let known = r.u64s()?;
        let prob_keys = r.u64s()?;
        let prob_vals = r.take(prob_keys.len())?.to_vec();
        let bow_keys = r.u64s()?;
        let bow_vals = r.take(bow_keys.len())?.to_vec();
        let unseen = dequantize(r.take(1)?[0]);
        let n_ids = r.u32()? as usize;
        let unigram = r.take(n_ids)?.to_vec();
        let sorted = |v: &[u64]| v.windows(2).all(|w| w[0] < w[1]);
        if !(sorted(&names) && sorted(&known) && sorted(&prob_keys) && sorted(&bow_keys)) {
            return Err(ModelError("model tables are not sorted"));
        }
        if vocab.values().any(|&id| id as usize >= n_ids) {
            return Err(ModelError("vocabulary larger than the unigram table"));
        }
        Ok(FluencyModel {
            lexicon: Lexicon {
                vocab,
                names,
                known,
            },
            probs: Table::new(prob_keys, prob_vals, n_ids)?,
            bows: Table::new(bow_keys, bow_vals, n_ids)?,
            unseen,
            unigram,
        })
    }

    fn prob(&self, ids: &[u32]) -> Option<f64> {
        self.probs.get(key(ids)).map(dequantize)
    }

    /// Context-free log10-probability of a token by its corpus frequency.
    fn base(&self, id: u32) -> f64 {
        self.unigram
            .get(id as usize)
            .map_or(LOGPROB_FLOOR, |&q| dequantize(q))
    }

    fn bow(&self, ids: &[u32]) -> f64 {
        self.bows.get(key(ids)).map_or(0.0, dequantize)
    }

    /// Back-off log10 P(w | context), context being the last one or two ids.
    fn logprob(&self, context: &[u32], w: u32) -> f64 {
        let mut ids = [0u32; 3];
        let n = context.len();
        ids[..n].copy_from_slice(context);
        ids[n] = w;
        if let Some(p) = self.prob(&ids[..=n]) {
            return p;
        }
        if n == 0 {
            return self.unseen;
        }
        self.bow(context) + self.logprob(&context[1..], w)
    }

    /// Whether a lowercase word form is an ordinary English word in the training corpus (seen in
    /// lowercase often, and not nearly always capitalized). A lowercase "palace" or "right" is no
    /// sign of a mangled name; a lowercase "musk" in a story about Elon Musk may be.
    pub fn is_ordinary_word(&self, lower: &str) -> bool {
        self.lexicon.is_known(lower) && !self.lexicon.is_name(lower)
    }

    /// Whether a lowercase word form is one of the model's 8,000 most frequent forms: a word
    /// every story may use. Words outside it ("helsinki", "machtolsheim", "staffers") are rare
    /// enough to say which story a text tells; [`crate::candidates`] sketches those.
    pub fn is_frequent_form(&self, lower: &str) -> bool {
        self.lexicon.vocab.contains_key(lower)
    }

    /// Scores one sentence, given as printed (original case and punctuation).
    pub fn score_sentence(&self, sentence: &str) -> SentenceFluency {
        let tokens = self.lexicon.sentence_ids(sentence);
        if !tokens.iter().any(|(id, _)| *id != class_id("<QUOTE>")) {
            return SentenceFluency {
                score: 0.0,
                tokens: 0,
                worst: Vec::new(),
                gains: Vec::new(),
            };
        }
        let mut history = vec![BOS];
        let mut sum = 0.0;
        let mut scored: Vec<(Range<usize>, f64)> = Vec::with_capacity(tokens.len());
        for (id, range) in tokens
            .iter()
            .cloned()
            .chain(std::iter::once((EOS, sentence.len()..sentence.len())))
        {
            let ctx = &history[history.len().saturating_sub(2)..];
            // How much the context raised or lowered the token's probability. Rare words are
            // unlikely anywhere, so the raw probability mostly measures vocabulary; the ratio
            // measures word order and collocation, which is what round trips break.
            let gain = self.logprob(ctx, id) - self.base(id);
            sum += gain;
            scored.push((range, gain));
            history.push(id);
        }
        let n = scored.len();
        let gains = scored.iter().map(|&(_, g)| g as f32).collect();
        scored.sort_by(|a, b| a.1.total_cmp(&b.1));
        // Only tokens the context made less likely than usual are evidence of a break.
        scored.retain(|(r, gain)| !r.is_empty() && *gain < 0.0);
        scored.truncate(3);
        SentenceFluency {
            score: sum / n as f64,
            tokens: n,
            worst: scored,
            gains,
        }
    }

    /// How common the lowercase words of a text are in the training corpus: a text's choice of
    /// words, apart from their order. Capitalized words are left out, being names or sentence
    /// starts, and so are numbers.
    ///
    /// Why: a rule-based round trip takes the first dictionary sense of every word back, so it
    /// writes more common words than its source ("park" for "farm", "followers" for
    /// "supporters"), while a human rewrite or a synonym-spun text reaches for rarer ones. The
    /// difference shows even where a stilted source leaves little fluency to lose.
    pub fn vocabulary(&self, text: &str) -> Vocabulary {
        let (mut logprob, mut words) = (0.0, 0usize);
        for t in raw_tokens(text).into_iter().filter(|t| t.word) {
            let word = &text[t.range];
            if !word.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
            logprob += self.base(self.lexicon.map(word, true, false));
            words += 1;
        }
        if words == 0 {
            return Vocabulary::default();
        }
        Vocabulary {
            commonness: logprob / words as f64,
            words,
        }
    }

    /// Scores every sentence of a document (split by [`Segmented`]) and aggregates them with
    /// [`FluencyModel::document_of`].
    pub fn score_document(&self, text: &str) -> DocumentFluency {
        let seg = Segmented::new(text);
        let scores = self.score_sentences(&seg, text);
        FluencyModel::document_of(&seg, &scores)
    }

    /// Scores every sentence of an already segmented document: element `i` belongs to
    /// `seg.sentences[i]`, and its `worst` ranges are relative to that sentence's span.
    pub fn score_sentences(&self, seg: &Segmented, original: &str) -> Vec<SentenceFluency> {
        (0..seg.sentences.len())
            .map(|i| self.score_sentence(seg.sentence_text(original, i)))
            .collect()
    }

    /// The document score from the scores [`FluencyModel::score_sentences`] gave.
    ///
    /// Headlines, bylines and credits follow their own grammar ("Trump plays golf before Putin
    /// summit"), so only running text counts unless a document has nothing else.
    pub fn document_of(seg: &Segmented, scores: &[SentenceFluency]) -> DocumentFluency {
        let body: Vec<SentenceFluency> = seg
            .sentences
            .iter()
            .zip(scores)
            .filter(|(s, _)| seg.paragraphs[s.paragraph].kind == ParagraphKind::Body)
            .map(|(_, f)| f.clone())
            .collect();
        if body.is_empty() {
            document_fluency(scores)
        } else {
            document_fluency(&body)
        }
    }
}

/// The word choice of a text, from [`FluencyModel::vocabulary`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Vocabulary {
    /// Mean context-free log10-probability of the lowercase words (higher is more common).
    pub commonness: f64,
    /// Lowercase words counted.
    pub words: usize,
}

/// A model file that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(&'static str);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid fluency model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(ModelError("truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    /// A sorted table stored as varint gaps (see [`write_sorted`]).
    fn u64s(&mut self) -> Result<Vec<u64>, ModelError> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            return Err(ModelError("table too large"));
        }
        let mut out = Vec::with_capacity(n);
        let mut last = 0u64;
        for _ in 0..n {
            let mut gap = 0u64;
            let mut shift = 0;
            loop {
                let b = self.take(1)?[0];
                if shift >= 64 {
                    return Err(ModelError("bad varint"));
                }
                gap |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            last = last.wrapping_add(gap);
            out.push(last);
        }
        Ok(out)
    }
}

/// How [`train`] builds a model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Words kept as themselves; every other word becomes a class.
    pub vocab_size: usize,
    /// Trigrams seen fewer times than this are not stored (their probability comes from backing
    /// off), which keeps the model small.
    pub min_trigram_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            vocab_size: 8_000,
            min_trigram_count: 1,
        }
    }
}

/// Trains a model on fluent text, one paragraph per item, and returns the model file's bytes.
///
/// Interpolated Kneser–Ney with one discount per order, stored in back-off form: every seen
/// n-gram's interpolated probability, and every context's back-off weight.
pub fn train<I, S>(paragraphs: I, options: &TrainOptions) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut sentences: Vec<String> = Vec::new();
    for p in paragraphs {
        let p = p.as_ref();
        let seg = Segmented::new(p);
        for i in 0..seg.sentences.len() {
            sentences.push(seg.sentence_text(p, i).to_owned());
        }
    }
    // Pass 1: which forms are names, which are ordinary words, which are frequent.
    let mut lower_count: HashMap<String, u32> = HashMap::new();
    let mut cap_mid_count: HashMap<String, u32> = HashMap::new();
    let mut form_count: HashMap<String, u32> = HashMap::new();
    for s in &sentences {
        let mut initial = true;
        for t in raw_tokens(s) {
            if !t.word {
                continue;
            }
            let text = &s[t.range.clone()];
            let was_initial = std::mem::replace(&mut initial, false);
            if !text
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-')
            {
                continue;
            }
            let lower = fold(text);
            *form_count.entry(lower.clone()).or_default() += 1;
            if text.chars().next().is_some_and(char::is_lowercase) {
                *lower_count.entry(lower).or_default() += 1;
            } else if !was_initial && text.chars().skip(1).any(char::is_lowercase) {
                *cap_mid_count.entry(lower).or_default() += 1;
            }
        }
    }
    let mut by_freq: Vec<(&String, &u32)> =
        form_count.iter().filter(|(w, _)| w.len() < 256).collect();
    by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let vocab_words: Vec<String> = by_freq
        .iter()
        .take(options.vocab_size)
        .map(|(w, _)| (*w).clone())
        .collect();
    let mut names: Vec<u64> = cap_mid_count
        .iter()
        .filter(|(w, c)| **c >= 2 && **c >= 9 * lower_count.get(*w).copied().unwrap_or(0))
        .map(|(w, _)| lex_hash(w))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut known: Vec<u64> = lower_count
        .iter()
        .filter(|(_, c)| **c >= 2)
        .map(|(w, _)| lex_hash(w))
        .collect();
    known.sort_unstable();
    known.dedup();
    let lexicon = Lexicon {
        vocab: vocab_words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), (CLASSES.len() + i) as u32))
            .collect(),
        names: names.clone(),
        known: known.clone(),
    };

    // Pass 2: n-gram counts over mapped ids.
    let mut c3: HashMap<[u32; 3], u32> = HashMap::new();
    for s in &sentences {
        let mut ids = vec![BOS, BOS];
        ids.extend(lexicon.sentence_ids(s).into_iter().map(|(id, _)| id));
        ids.push(EOS);
        for w in ids.windows(3) {
            *c3.entry([w[0], w[1], w[2]]).or_default() += 1;
        }
    }
    // The leading double <s> only gives the first word a bigram context; strip it for KN counts.
    let (probs, bows, unseen) = kneser_ney(&c3, options);
    // Frequency unigram over all tokens, </s> included, <s> excluded.
    let n_ids = CLASSES.len() + vocab_words.len();
    let mut freq = vec![0u64; n_ids];
    for (k, &c) in &c3 {
        freq[k[2] as usize] += u64::from(c);
    }
    let total: u64 = freq.iter().sum();

    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(vocab_words.len() as u32).to_le_bytes());
    for w in &vocab_words {
        out.push(w.len() as u8);
        out.extend_from_slice(w.as_bytes());
    }
    let write_u64s = write_sorted;
    write_u64s(&mut out, &names);
    write_u64s(&mut out, &known);
    write_u64s(&mut out, &probs.iter().map(|p| p.0).collect::<Vec<_>>());
    out.extend(probs.iter().map(|p| quantize(p.1)));
    write_u64s(&mut out, &bows.iter().map(|p| p.0).collect::<Vec<_>>());
    out.extend(bows.iter().map(|p| quantize(p.1)));
    out.push(quantize(unseen));
    out.extend_from_slice(&(n_ids as u32).to_le_bytes());
    out.extend(
        freq.iter()
            .map(|&c| quantize(((c as f64 + 0.5) / total as f64).log10())),
    );
    out
}

/// Writes a sorted table as its length and varint gaps: n-gram keys of neighbouring entries share
/// their high bits, so this stores a key in two or three bytes instead of eight.
fn write_sorted(out: &mut Vec<u8>, v: &[u64]) {
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    let mut last = 0u64;
    for &k in v {
        let mut gap = k.wrapping_sub(last);
        last = k;
        loop {
            let b = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
}

type Entries = Vec<(u64, f64)>;

fn discount(counts: impl Iterator<Item = u32>) -> f64 {
    let (mut n1, mut n2) = (0.0f64, 0.0f64);
    for c in counts {
        match c {
            1 => n1 += 1.0,
            2 => n2 += 1.0,
            _ => {}
        }
    }
    if n1 + n2 == 0.0 {
        0.5
    } else {
        (n1 / (n1 + 2.0 * n2)).clamp(0.1, 0.9)
    }
}

fn kneser_ney(c3: &HashMap<[u32; 3], u32>, options: &TrainOptions) -> (Entries, Entries, f64) {
    // Trigrams proper: the (<s>, <s>, w) padding is a bigram event (<s>, w), not a trigram.
    let tri: Vec<([u32; 3], u32)> = c3
        .iter()
        .filter(|(k, _)| k[1] != BOS)
        .map(|(k, &c)| (*k, c))
        .collect();
    // Bigram counts used as continuation counts: number of distinct left words.
    let mut n_left2: HashMap<[u32; 2], u32> = HashMap::new();
    // Raw bigram counts for bigrams starting a sentence (no left word exists there).
    for (k, &c) in c3 {
        if k[1] == BOS {
            *n_left2.entry([k[1], k[2]]).or_default() += c;
        } else {
            *n_left2.entry([k[1], k[2]]).or_default() += 1;
        }
    }
    let mut n_left1: HashMap<u32, u32> = HashMap::new();
    for k in n_left2.keys() {
        *n_left1.entry(k[1]).or_default() += 1;
    }

    // Unigrams: continuation probability, interpolated with uniform over the vocabulary.
    let d1 = discount(n_left1.values().copied());
    let total1: f64 = n_left1.values().map(|&c| f64::from(c)).sum();
    let types1 = n_left1.len() as f64;
    let uniform = 1.0 / (types1 + 1.0);
    let p1: HashMap<u32, f64> = n_left1
        .iter()
        .map(|(&w, &c)| {
            (
                w,
                (f64::from(c) - d1).max(0.0) / total1 + d1 * types1 / total1 * uniform,
            )
        })
        .collect();
    let unseen = (d1 * types1 / total1 * uniform).log10();

    // Bigrams.
    let d2 = discount(n_left2.values().copied());
    let mut ctx2_total: HashMap<u32, (f64, f64)> = HashMap::new();
    for (k, &c) in &n_left2 {
        let e = ctx2_total.entry(k[0]).or_default();
        e.0 += f64::from(c);
        e.1 += 1.0;
    }
    let p2 = |v: u32, w: u32| -> f64 {
        let (tot, types) = ctx2_total.get(&v).copied().unwrap_or((0.0, 0.0));
        let lower = p1
            .get(&w)
            .copied()
            .unwrap_or(uniform * d1 * types1 / total1);
        if tot == 0.0 {
            return lower;
        }
        let c = n_left2.get(&[v, w]).copied().unwrap_or(0);
        (f64::from(c) - d2).max(0.0) / tot + d2 * types / tot * lower
    };

    // Trigrams.
    let d3 = discount(tri.iter().map(|t| t.1));
    let mut ctx3_total: HashMap<[u32; 2], (f64, f64)> = HashMap::new();
    for (k, c) in &tri {
        let e = ctx3_total.entry([k[0], k[1]]).or_default();
        e.0 += f64::from(*c);
        e.1 += 1.0;
    }

    let mut probs: Entries = Vec::new();
    let mut bows: Entries = Vec::new();
    for (&w, &p) in &p1 {
        probs.push((key(&[w]), p.log10()));
    }
    for &[v, w] in n_left2.keys() {
        probs.push((key(&[v, w]), p2(v, w).log10()));
    }
    for (&v, &(tot, types)) in &ctx2_total {
        bows.push((key(&[v]), (d2 * types / tot).log10()));
    }
    for (k, c) in &tri {
        if *c < options.min_trigram_count {
            continue;
        }
        let (tot, types) = ctx3_total[&[k[0], k[1]]];
        let p = (f64::from(*c) - d3).max(0.0) / tot + d3 * types / tot * p2(k[1], k[2]);
        probs.push((key(k), p.log10()));
    }
    for (k, &(tot, types)) in &ctx3_total {
        bows.push((key(k), (d3 * types / tot).log10()));
    }
    probs.sort_by_key(|p| p.0);
    bows.sort_by_key(|p| p.0);
    (probs, bows, unseen)
}

impl FluencyModel {
    /// Each token of a sentence with its class or word and log10-probability (for diagnosis).
    #[doc(hidden)]
    pub fn explain(&self, sentence: &str) -> Vec<(String, String, f64, f64)> {
        let names: HashMap<u32, &str> = self
            .lexicon
            .vocab
            .iter()
            .map(|(w, &i)| (i, w.as_str()))
            .collect();
        let mut history = vec![BOS];
        let mut out = Vec::new();
        for (id, range) in self
            .lexicon
            .sentence_ids(sentence)
            .into_iter()
            .chain(std::iter::once((EOS, sentence.len()..sentence.len())))
        {
            let ctx = &history[history.len().saturating_sub(2)..];
            let lp = self.logprob(ctx, id);
            let label = CLASSES
                .get(id as usize)
                .copied()
                .or_else(|| names.get(&id).copied())
                .unwrap_or("?");
            let uni = self.base(id);
            out.push((sentence[range].to_owned(), label.to_owned(), lp, uni));
            history.push(id);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_trip_writes_more_common_words_than_its_source() {
        let model = FluencyModel::english();
        // Stories whose paraphrase read stilted already, so that their round trips lost little
        // fluency; their word choice still gives them away.
        for (source, round_trip) in [
            (
                include_str!("../fixtures/drift/soccer-transfer/paraphrase.txt"),
                include_str!("../fixtures/drift/soccer-transfer/paraphrase.rt-spa.txt"),
            ),
            (
                include_str!("../fixtures/drift/council-transit/paraphrase.txt"),
                include_str!("../fixtures/drift/council-transit/paraphrase.rt-spa.txt"),
            ),
        ] {
            let (source, round_trip) = (model.vocabulary(source), model.vocabulary(round_trip));
            assert!(
                round_trip.commonness > source.commonness + 0.05,
                "{round_trip:?} against {source:?}"
            );
        }
    }

    #[test]
    fn vocabulary_counts_only_lowercase_words() {
        let model = FluencyModel::english();
        let v = model.vocabulary("Okonkwo scored 27 goals for Riverside in 2024.");
        assert_eq!(v.words, 4, "{v:?}");
        assert_eq!(model.vocabulary("Okonkwo, 27."), Vocabulary::default());
    }

    #[test]
    fn tokens_keep_words_and_split_possessives() {
        let s = "Scotland's U.S. coast, 3,300 well-known don't.";
        let t: Vec<&str> = raw_tokens(s).iter().map(|t| &s[t.range.clone()]).collect();
        assert_eq!(
            t,
            [
                "Scotland",
                "'s",
                "U.S.",
                "coast",
                ",",
                "3,300",
                "well-known",
                "don't",
                "."
            ]
        );
    }

    fn tiny_model() -> FluencyModel {
        let corpus = [
            "The minister said on Monday that the plan would go ahead.",
            "The mayor said on Tuesday that the school would stay open.",
            "Officials said on Friday that the road would close for repairs.",
            "The council said that the vote would take place next week.",
        ];
        let options = TrainOptions {
            vocab_size: 50,
            min_trigram_count: 1,
        };
        FluencyModel::from_bytes(&train(corpus.iter().cycle().take(40), &options)).unwrap()
    }

    #[test]
    fn trained_model_round_trips_and_prefers_seen_word_order() {
        let m = tiny_model();
        let seen = m.score_sentence("The minister said on Tuesday that the school would go ahead.");
        let scrambled =
            m.score_sentence("Said the on minister that Tuesday would the go school ahead.");
        assert!(
            seen.score > scrambled.score + 0.3,
            "{seen:?} vs {scrambled:?}"
        );
    }

    #[test]
    fn corrupt_model_files_are_rejected() {
        let bytes = train(
            ["One sentence of text is enough here."],
            &TrainOptions::default(),
        );
        assert!(FluencyModel::from_bytes(&bytes).is_ok());
        for cut in [0, 4, MAGIC.len() + 2, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                FluencyModel::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let mut wrong = bytes.clone();
        wrong[0] ^= 0xff;
        assert!(FluencyModel::from_bytes(&wrong).is_err());
    }

    #[test]
    fn names_written_in_lowercase_get_their_own_class() {
        let corpus = ["Yesterday the envoy met Zelinski in Geneva, and Zelinski spoke first."; 5];
        let m = FluencyModel::from_bytes(&train(
            corpus,
            &TrainOptions {
                vocab_size: 3,
                min_trigram_count: 1,
            },
        ))
        .unwrap();
        let ids = m.lexicon.sentence_ids("the envoy met zelinski");
        assert_eq!(ids.last().unwrap().0, class_id("<LCNAME>"));
    }
}
