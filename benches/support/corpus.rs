//! A reproducible synthetic news corpus with planted edited versions, shared by the benches, the
//! accuracy tests and `examples/gen_corpus.rs` (which the peer comparison script runs).
//!
//! Stories are built from a Zipf-distributed vocabulary of common English words and invented
//! words, in headline + paragraphs of sentences, about 2.5 KB each. A share of stories gets
//! edited versions the way outlets edit wire copy: a paragraph dropped or added, 1-3% of words
//! replaced, boilerplate lines ("Read more", copyright, newsletter) added, straight quotes made
//! curly. A few stories carry accented names so the Unicode path is exercised too.
//!
//! Everything follows from the seed; no file names or texts are special.

#![allow(dead_code)]

/// SplitMix64: tiny, fast, and good enough to generate text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const COMMON: &[&str] = &[
    "the",
    "of",
    "to",
    "and",
    "a",
    "in",
    "is",
    "it",
    "that",
    "for",
    "on",
    "was",
    "with",
    "he",
    "as",
    "at",
    "by",
    "this",
    "had",
    "from",
    "but",
    "not",
    "are",
    "or",
    "have",
    "they",
    "which",
    "one",
    "you",
    "were",
    "her",
    "all",
    "she",
    "there",
    "would",
    "their",
    "we",
    "him",
    "been",
    "has",
    "when",
    "who",
    "will",
    "more",
    "no",
    "if",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "into",
    "than",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "government",
    "officials",
    "president",
    "state",
    "city",
    "police",
    "court",
    "report",
    "week",
    "company",
    "million",
    "percent",
    "spokesperson",
    "statement",
    "minister",
    "agency",
    "federal",
    "council",
    "election",
    "market",
    "workers",
];

const SYLLABLES: &[&str] = &[
    "ba", "ker", "lo", "min", "tra", "vel", "son", "der", "ra", "po", "li", "cy", "mar", "ket",
    "en", "gi", "neer", "sta", "tion", "pro", "gram", "con", "tract", "vi", "sion", "re", "port",
    "fi", "nan", "ce", "de", "ve", "lop", "ment", "ar", "gu", "al", "ter", "na", "tive", "hos",
    "pi", "tal", "in", "ves", "ti", "ga", "dis", "trict", "com", "mu", "ni", "ty",
];

const ACCENTED: &[&str] = &[
    "José",
    "Zürich",
    "Müller",
    "São",
    "Paulo",
    "Ibáñez",
    "Dvořák",
    "Łódź",
    "Gonçalves",
    "Ærø",
];

const BOILERPLATE: &[&str] = &[
    "Copyright 2026 The Example Press. All rights reserved.",
    "Sign up for our morning newsletter to get the day's top stories.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Follow us on social media for the latest updates.",
    "Reporting contributed by staff writers; editing by the news desk.",
];

/// The vocabulary: common words first, then invented ones, sampled with Zipf-like frequencies.
pub struct Vocab {
    words: Vec<String>,
}

impl Vocab {
    pub fn new(seed: u64, size: usize) -> Vocab {
        let mut rng = Rng::new(seed ^ 0xC0FF_EE00);
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        while words.len() < size {
            let n = rng.range(1, 4);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            words.push(w);
        }
        Vocab { words }
    }

    /// Rank `r` has probability about proportional to `1 / (r + 1)`.
    pub fn word(&self, rng: &mut Rng) -> &str {
        let n = self.words.len() as f64;
        let r = ((n + 1.0).powf(rng.unit()) - 1.0) as usize;
        &self.words[r.min(self.words.len() - 1)]
    }
}

fn sentence(vocab: &Vocab, rng: &mut Rng, accented: bool) -> String {
    let n = rng.range(8, 28);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(if rng.chance(0.06) { ',' } else { ' ' });
            if s.ends_with(',') {
                s.push(' ');
            }
        }
        let w = if accented && rng.chance(0.05) {
            ACCENTED[rng.below(ACCENTED.len())]
        } else {
            vocab.word(rng)
        };
        if i == 0 {
            let mut c = w.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else if rng.chance(0.04) {
            s.push('"');
            s.push_str(w);
            s.push('"');
        } else {
            s.push_str(w);
        }
    }
    if rng.chance(0.05) {
        s.push_str(&format!(" {}", rng.range(2, 2030)));
    }
    s.push('.');
    s
}

fn paragraph(vocab: &Vocab, rng: &mut Rng, accented: bool) -> String {
    let n = rng.range(2, 4);
    (0..n)
        .map(|_| sentence(vocab, rng, accented))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One article: a headline and `paragraphs` paragraphs.
#[derive(Debug, Clone)]
pub struct Article {
    pub headline: String,
    pub paragraphs: Vec<String>,
    pub accented: bool,
}

impl Article {
    pub fn generate(vocab: &Vocab, rng: &mut Rng, paragraphs: usize) -> Article {
        let accented = rng.chance(0.05);
        let headline = sentence(vocab, rng, accented)
            .trim_end_matches('.')
            .to_string();
        let paragraphs = (0..paragraphs)
            .map(|_| paragraph(vocab, rng, accented))
            .collect();
        Article {
            headline,
            paragraphs,
            accented,
        }
    }

    pub fn render(&self) -> String {
        let mut s = self.headline.clone();
        s.push_str("\n\n");
        s.push_str(&self.paragraphs.join("\n\n"));
        s.push('\n');
        s
    }

    /// An edited version, as an outlet re-running the story would make it.
    pub fn edit(&self, vocab: &Vocab, rng: &mut Rng, others: &[String]) -> String {
        let mut paragraphs = self.paragraphs.clone();
        if paragraphs.len() > 3 && rng.chance(0.35) {
            let at = rng.range(1, paragraphs.len() - 1);
            paragraphs.remove(at);
        }
        if rng.chance(0.35) {
            let at = rng.range(1, paragraphs.len());
            paragraphs.insert(at, paragraph(vocab, rng, self.accented));
        }
        // Replace 1-3% of the words.
        let rate = 0.01 + 0.02 * rng.unit();
        let paragraphs: Vec<String> = paragraphs
            .iter()
            .map(|p| {
                p.split(' ')
                    .map(|w| {
                        if rng.chance(rate) {
                            let end = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                            format!("{}{}", vocab.word(rng), &w[end.len()..])
                        } else {
                            w.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut text = self.headline.clone();
        text.push_str("\n\n");
        text.push_str(&paragraphs.join("\n\n"));
        if rng.chance(0.5) {
            text.push_str("\n\n");
            text.push_str(BOILERPLATE[rng.below(BOILERPLATE.len())]);
        }
        if !others.is_empty() && rng.chance(0.4) {
            text.push_str("\n\nRead more: ");
            text.push_str(&others[rng.below(others.len())]);
        }
        if rng.chance(0.3) {
            text = curly_quotes(&text);
        }
        text.push('\n');
        text
    }
}

fn curly_quotes(text: &str) -> String {
    let mut open = true;
    text.chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open { '\u{201D}' } else { '\u{201C}' }
            }
            '\'' => '\u{2019}',
            c => c,
        })
        .collect()
}

/// One generated document and the story it is a version of.
#[derive(Debug, Clone)]
pub struct GenDoc {
    /// A relative path such as `3f/3f9a…txt`: hashed, so versions are not neighbours on disk.
    pub name: String,
    pub story: usize,
    pub text: String,
}

/// Generates `stories` stories; about 30% get 1-4 edited versions. Returns documents in a
/// shuffled-but-reproducible order (sorted by name).
pub fn generate(stories: usize, seed: u64) -> Vec<GenDoc> {
    let vocab = Vocab::new(seed, 30_000);
    let mut rng = Rng::new(seed);
    let mut docs = Vec::new();
    let mut headlines: Vec<String> = Vec::new();
    for story in 0..stories {
        let paragraphs = rng.range(4, 9);
        let article = Article::generate(&vocab, &mut rng, paragraphs);
        let mut texts = vec![article.render()];
        if rng.chance(0.3) {
            for _ in 0..rng.range(1, 4) {
                texts.push(article.edit(&vocab, &mut rng, &headlines));
            }
        }
        headlines.push(article.headline.clone());
        if headlines.len() > 64 {
            headlines.remove(0);
        }
        for (version, text) in texts.into_iter().enumerate() {
            let h = Rng::new(seed ^ ((story as u64) << 8 | version as u64)).next_u64();
            let name = format!("{:02x}/{:016x}.txt", h >> 56, h);
            docs.push(GenDoc { name, story, text });
        }
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    docs
}

/// Generates stories until the corpus reaches about `bytes` bytes.
pub fn generate_bytes(bytes: usize, seed: u64) -> Vec<GenDoc> {
    // About 2.9 KB per story on average, versions included.
    let stories = (bytes / 2900).max(1);
    generate(stories, seed)
}
