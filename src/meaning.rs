//! Meaning drift: whether an aligned passage still says the same thing, not just whether it uses
//! the same words.
//!
//! A fluent mistranslation reads as well as the reference, so fluency cannot see it, and word
//! overlap cannot tell it from an honest rewording. What a reader can check without understanding
//! the sentence are its *facts*: who is named, how many, when, in what capacity, and whether it is
//! denied. Two honest translations of one sentence name the same people and give the same numbers
//! in other words; "Vice Chairman Liu Shaoqi will meet Liu Yunshan", where the reference has Xia
//! Liyan meeting Song Tao, does not.
//!
//! The stage works in three steps:
//! - [`Facts`]: every document's names, numbers, dates, roles and negations, found once;
//! - [`Contrast`] of one aligned passage pair: which facts one side states and the other replaces
//!   by another of the same kind, and the pair's `drift` in [0, 1] ([`drift`]), a logistic model
//!   over those contrasts and the pair's similarity;
//! - [`assess`] per version: how far each of its passages drifts from the other versions, weighed
//!   by each witness's independence, and the substitutions the other versions contradict by a
//!   weighted majority. A disagreement with no majority counts against neither side.

use crate::align::{self, Profile};
use crate::judge::{self, Counterpart, PassageClass, PassagePair, Side, Version};
use crate::segment::{Segmented, Shape, Span};
use crate::witness::Witnesses;
use ahash::AHashSet;
use std::ops::Range;

/// What kind of checkable fact a word or run of words states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// A person, place or organisation: a run of capitalized words.
    Name,
    /// A figure: "920,000", "5", "five".
    Number,
    /// A month or weekday.
    Date,
    /// A title or office: "chairman", "minister", "vice".
    Role,
    /// A word that denies: "not", "never", "no", "without".
    Negation,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Name => "name",
            FactKind::Number => "number",
            FactKind::Date => "date",
            FactKind::Role => "role",
            FactKind::Negation => "negation",
        }
    }
}

/// One fact of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub kind: FactKind,
    /// Index of its first word in [`Segmented::words`].
    pub word: usize,
    /// Original-text span (a name of several words spans them all).
    pub span: Span,
    /// Canonical keys: for a name one per word, lowercase; for a figure its number (commas out,
    /// number words as digits) and, when magnitude words follow it ("8.96 billion"), their
    /// multiplier; synonymous titles folded ("deputy" is "vice").
    pub keys: Vec<String>,
    /// A name of one word printed in capitals ("CPC", "U.S."), which may stand for a longer name
    /// another version spells out.
    acronym: bool,
    /// For a name that may be Chinese, its sounds read surname first and given name first
    /// ([`chinese_readings`]), found once: names are compared pair by pair, many times over.
    chinese: Option<[String; 2]>,
    /// For a name, which of [`COUNTRY_NAMES`] it is, if any.
    country: Option<usize>,
    /// For a name that is a capital, its entry in [`CAPITALS`].
    capital: Option<usize>,
}

impl Fact {
    fn new(kind: FactKind, word: usize, span: Span, keys: Vec<String>) -> Fact {
        Fact {
            kind,
            word,
            span,
            keys,
            acronym: false,
            chinese: None,
            country: None,
            capital: None,
        }
    }
}

/// The facts of one document, in text order.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    facts: Vec<Fact>,
    /// By word index, a hash of each word printed in lowercase ([`word_hash`]; 0 for a word
    /// printed with a capital): where a name of one version is an ordinary word of another ("the
    /// 2023-2027 Period", "the period 2023-2027").
    words: Vec<u64>,
}

impl Facts {
    /// Finds the facts of a document. `positional` is [`judge::positional_capitals`]: a capital
    /// that opens a sentence names something only when the word is no ordinary English word.
    pub fn new(text: &str, seg: &Segmented, positional: &[bool]) -> Facts {
        let model = crate::fluency::FluencyModel::english();
        let mut facts: Vec<Fact> = Vec::new();
        let mut last_name_word: Option<usize> = None;
        let datelines: Vec<Range<usize>> = seg
            .paragraphs
            .iter()
            .filter_map(|p| dateline(text, p.span))
            .collect();
        for (i, w) in seg.words.iter().enumerate() {
            let key = w.key.as_str();
            let printed = text.get(w.span.range()).unwrap_or("");
            if datelines.iter().any(|d| d.contains(&w.span.start)) {
                // "MILLBROOK, Calif. (Meridian Wire) —": where and through whom a story was
                // filed, which every outlet restyles; not what the story says.
                last_name_word = None;
                continue;
            }
            if let Some(kind) = closed_class(key, printed) {
                // "Thursday's trip" states the day "Thursday" does.
                let bare = judge::entity_key(key);
                let key = match kind {
                    FactKind::Role => fold_role(bare).to_string(),
                    FactKind::Number => number_key(bare),
                    FactKind::Date => bare.to_string(),
                    FactKind::Negation | FactKind::Name => key.to_string(),
                };
                facts.push(Fact::new(kind, i, w.span, vec![key]));
                last_name_word = None;
                continue;
            }
            if w.shape == Shape::Number && clock_time(text, w.span) {
                // "8:35 AM" is when a page was posted or updated, not a figure of the story.
                last_name_word = None;
                continue;
            }
            if let Some(digits) = ordinal_digits(key) {
                // "the 82nd minute" and "minute 82" state one figure; "72nd" another.
                facts.push(Fact::new(
                    FactKind::Number,
                    i,
                    w.span,
                    vec![digits.to_string()],
                ));
                last_name_word = None;
                continue;
            }
            if w.shape == Shape::Number {
                facts.push(Fact::new(
                    FactKind::Number,
                    i,
                    w.span,
                    vec![number_key(key)],
                ));
                last_name_word = None;
                continue;
            }
            if let Some((number, magnitude)) = abbreviated_figure(key) {
                // The multiplier as `with_magnitudes` keys a magnitude word.
                facts.push(Fact::new(
                    FactKind::Number,
                    i,
                    w.span,
                    vec![number_key(number), number_key(magnitude)],
                ));
                last_name_word = None;
                continue;
            }
            if let Some(f) = facts.last_mut().filter(|f| f.kind == FactKind::Name) {
                let after_name = last_name_word.filter(|&p| p + 1 == i);
                if after_name.is_some_and(|p| is_hyphenated_syllable(text, &seg.words[p], w, model))
                {
                    // "Kim Ju-ae" is "Kim Ju ae", so that "Kim Joo-ae" reads as its respelling,
                    // not as another member of the Kim family.
                    f.span = f.span.cover(w.span);
                    f.keys.push(key.to_string());
                    last_name_word = Some(i);
                    continue;
                }
            }
            if !is_name_word(w, key, positional.get(i).copied().unwrap_or(true), model) {
                last_name_word = None;
                continue;
            }
            let key = judge::entity_key(key).to_string();
            // "Xia Liyan" is one name: consecutive capitalized words join the name before them.
            match (last_name_word, facts.last_mut()) {
                (Some(prev), Some(f)) if prev + 1 == i && f.kind == FactKind::Name => {
                    f.span = f.span.cover(w.span);
                    f.keys.push(key);
                }
                _ => facts.push(Fact::new(FactKind::Name, i, w.span, vec![key])),
            }
            last_name_word = Some(i);
        }
        let mut facts = with_magnitudes(
            text,
            with_fractions(text, seg, with_space_groups(text, facts)),
        );
        for f in facts.iter_mut().filter(|f| f.kind == FactKind::Name) {
            f.acronym = f.keys.len() == 1 && is_acronym(text.get(f.span.range()).unwrap_or(""));
            f.chinese = chinese_readings(&f.keys, model);
            f.country = country(&f.keys);
            f.capital = capital(&f.keys);
        }
        Facts {
            facts,
            words: seg
                .words
                .iter()
                .map(|w| {
                    let printed = text.get(w.span.range()).unwrap_or("");
                    if printed.starts_with(char::is_lowercase) {
                        word_hash(&w.key)
                    } else {
                        0
                    }
                })
                .collect(),
        }
    }

    /// The facts whose first word lies in `words`.
    pub fn within(&self, words: Range<usize>) -> &[Fact] {
        let from = self.facts.partition_point(|f| f.word < words.start);
        let to = self.facts.partition_point(|f| f.word < words.end);
        &self.facts[from..to]
    }

    /// The facts of some alignment units of a document.
    pub fn of_units(&self, profile: &Profile, units: Range<usize>) -> &[Fact] {
        if units.is_empty() {
            return &[];
        }
        let first = profile.units[units.start].words.start;
        let last = profile.units[units.end - 1].words.end;
        self.within(first..last)
    }
}

/// Whether `word`, after `prev`, is the lowercase second half of a hyphenated name ("Ju-ae", "Jong-un",
/// "Sol-ju"), as romanized Korean and Chinese given names are written: a word of letters joined
/// to the name word before it by a hyphen, and a syllable ("un") or no ordinary English word
/// ("Trump-backed" is no name: with "backed" in its keys it would be "Biden-backed" too).
fn is_hyphenated_syllable(
    text: &str,
    prev: &crate::segment::Word,
    word: &crate::segment::Word,
    model: &crate::fluency::FluencyModel,
) -> bool {
    let printed = text.get(word.span.range()).unwrap_or("");
    text.get(prev.span.end..word.span.start) == Some("-")
        && printed.chars().all(|c| c.is_lowercase())
        && (printed.chars().count() <= 3 || !model.is_ordinary_word(&word.key))
}

/// The dateline that opens a paragraph of wire copy, up to its dash: "WASHINGTON (AP) —",
/// "MILLBROOK, Calif. —", "BEIJING (Reuters) -". It starts with a word of three or more capitals,
/// is short, and holds no word that starts in lowercase ("NATO said - ..." is a sentence).
fn dateline(text: &str, paragraph: Span) -> Option<Range<usize>> {
    const LONGEST: usize = 60;
    let body = text.get(paragraph.range())?;
    let head: String = body.chars().take_while(|c| c.is_alphabetic()).collect();
    if head.chars().count() < 3 || !head.chars().all(char::is_uppercase) {
        return None;
    }
    let dash = [" — ", " – ", " -- ", " - "]
        .iter()
        .filter_map(|d| body.find(d).map(|at| (at, at + d.len())))
        .min()?;
    let prefix = body.get(..dash.0)?;
    let sentence_like = prefix
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .any(|w| w.starts_with(|c: char| c.is_lowercase()));
    (dash.0 <= LONGEST && !sentence_like).then(|| paragraph.start..paragraph.start + dash.1)
}

/// Number words that multiply the figure before them ("8.96 billion").
const MAGNITUDE_WORDS: &[&str] = &["hundred", "thousand", "million", "billion", "trillion"];

/// The magnitude suffixes of a figure written short, as business pages do ("$2.5bn", "£40m"),
/// and the magnitude word each stands for. "m" and "k" may stand for metres or kilometres ("the
/// 100m final"), and then the figure is compared by its number alone where another version spells
/// the unit out (see [`same_figure`]).
const MAGNITUDE_SUFFIXES: &[(&str, &str)] = &[
    ("k", "thousand"),
    ("m", "million"),
    ("mn", "million"),
    ("mln", "million"),
    ("bn", "billion"),
    ("bln", "billion"),
    ("tn", "trillion"),
    ("trn", "trillion"),
];

/// "2.5bn" as the number "2.5" and the magnitude word it is short for.
fn abbreviated_figure(key: &str) -> Option<(&str, &'static str)> {
    let digits_end = key.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (number, suffix) = key.split_at(digits_end);
    if !number.starts_with(|c: char| c.is_ascii_digit())
        || !number.ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    MAGNITUDE_SUFFIXES
        .iter()
        .find(|(s, _)| *s == suffix)
        .map(|(_, magnitude)| (number, *magnitude))
}

/// The denominators a number word or digit may take ("two thirds", "3 quarters").
const FRACTION_WORDS: &[(&str, f64)] = &[
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
];

/// "2/3", "two-thirds" and "two thirds of" are one figure, two thirds: a number over a number, or
/// a number before a denominator word, becomes one fact whose key is the fraction's value. A third
/// number ("3/4/2023") makes a date, which stays as it is written, and so does an ordinal with no
/// number before it ("the third quarter").
fn with_fractions(text: &str, seg: &Segmented, facts: Vec<Fact>) -> Vec<Fact> {
    let plain_integer = |f: &Fact| {
        f.kind == FactKind::Number
            && f.keys.len() == 1
            && f.keys[0].chars().all(|c| c.is_ascii_digit())
    };
    let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
    let mut facts = facts.into_iter().peekable();
    while let Some(mut f) = facts.next() {
        if plain_integer(&f) {
            let numerator: f64 = f.keys[0].parse().unwrap_or(0.0);
            let after = text.get(f.span.end..).unwrap_or("");
            // The second or third number of a date ("3/4/2023") is no numerator.
            let follows_slash = text.get(..f.span.start).unwrap_or("").ends_with('/');
            let over = facts
                .peek()
                .filter(|g| {
                    !follows_slash
                        && plain_integer(g)
                        && g.word == f.word + 1
                        && g.span.start == f.span.end + 1
                        && after.starts_with('/')
                        && !text
                            .get(g.span.end..)
                            .unwrap_or("")
                            .starts_with(['/', '.', ','])
                })
                .map(|g| g.keys[0].parse::<f64>().unwrap_or(0.0))
                // A fraction written with a slash is a small proper one ("2/3", "1/10"); "9/11",
                // "24/7" and "50/50" name a date, a schedule and odds.
                .filter(|&d| numerator < d && d <= 10.0);
            if let Some(denominator) = over {
                let g = facts.next().expect("peeked");
                f.keys = vec![format!("{}", numerator / denominator)];
                f.span = f.span.cover(g.span);
            } else if let Some(next) = seg.words.get(f.word + 1) {
                let gap = text.get(f.span.end..next.span.start).unwrap_or("x");
                let denominator = FRACTION_WORDS
                    .iter()
                    .find(|(w, _)| *w == next.key)
                    .map(|(_, d)| *d);
                // "three-quarters" is a fraction, "three quarters" may be a year's; "of" after
                // it ("three quarters of the cuts") settles it.
                let of_follows = seg.words.get(f.word + 2).is_some_and(|w| w.key == "of");
                if let Some(denominator) =
                    denominator.filter(|_| gap == "-" || (gap == " " && of_follows))
                {
                    f.keys = vec![format!("{}", numerator / denominator)];
                    f.span = f.span.cover(next.span);
                }
            }
        }
        out.push(f);
    }
    out
}

/// "48 000" is one figure: digits grouped by threes with a space between, as French and SI
/// style write thousands (often with a no-break or thin space), are joined into the figure they
/// write. Only a group of exactly three digits joins, after one to three digits, so "in 2019 000"
/// or "7 48" stay apart.
fn with_space_groups(text: &str, facts: Vec<Fact>) -> Vec<Fact> {
    let digits = |f: &Fact| {
        text.get(f.span.range())
            .filter(|t| t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()))
            .map(|t| t.chars().filter(char::is_ascii_digit).collect::<String>())
    };
    let mut joined: Vec<Fact> = Vec::with_capacity(facts.len());
    for f in facts {
        if let Some(prev) = joined.last_mut() {
            let gap = text.get(prev.span.end..f.span.start).unwrap_or("");
            let single_space = gap.chars().count() == 1 && gap.chars().all(char::is_whitespace);
            let head = digits(prev).filter(|d| {
                let groups = text
                    .get(prev.span.range())
                    .unwrap_or("")
                    .split_whitespace()
                    .count();
                (groups > 1 || (1..=3).contains(&d.len())) && prev.keys.len() == 1
            });
            let group = digits(&f).filter(|d| d.len() == 3 && f.keys.len() == 1);
            if prev.kind == FactKind::Number && f.kind == FactKind::Number && single_space {
                if let (Some(head), Some(group)) = (head, group) {
                    prev.keys = vec![format!("{head}{group}")];
                    prev.span = prev.span.cover(f.span);
                    continue;
                }
            }
        }
        joined.push(f);
    }
    joined
}

/// "8.96 billion" is one figure, 8 960 000 000: a figure and the magnitude words right after it
/// become one fact, whose second key is the multiplier, so that "89.6 billion" and "8.96 billion"
/// differ while "896 hundred million" and "89.6 billion" agree (translators from languages that
/// count in ten-thousands convert magnitudes, and sometimes slip by a factor of ten).
fn with_magnitudes(text: &str, facts: Vec<Fact>) -> Vec<Fact> {
    let mut merged: Vec<Fact> = Vec::with_capacity(facts.len());
    // The last word of the last merged fact: a fact's `word` is its first.
    let mut last_word = usize::MAX;
    for f in facts {
        let multiplier = text
            .get(f.span.range())
            .filter(|w| MAGNITUDE_WORDS.iter().any(|m| w.eq_ignore_ascii_case(m)))
            .and_then(|_| f.keys[0].parse::<f64>().ok());
        if let (Some(prev), Some(m)) = (merged.last_mut(), multiplier) {
            if prev.kind == FactKind::Number && f.word == last_word.wrapping_add(1) {
                let scale = prev.keys.get(1).and_then(|k| k.parse::<f64>().ok());
                prev.keys.truncate(1);
                prev.keys.push(format!("{}", scale.unwrap_or(1.0) * m));
                prev.span = prev.span.cover(f.span);
                last_word = f.word;
                continue;
            }
        }
        last_word = f.word;
        merged.push(f);
    }
    merged
}

/// The digits of an ordinal written in figures ("82nd", "3rd", "20th"), which the segmenter
/// keeps as one lowercase word.
fn ordinal_digits(key: &str) -> Option<&str> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| key.strip_suffix(suffix))?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Whether the figure at `span` is part of a clock time ("8:35", "6:52").
fn clock_time(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).unwrap_or("");
    let after = text.get(span.end..).unwrap_or("");
    let mut b = before.chars().rev();
    let mut a = after.chars();
    (b.next() == Some(':') && b.next().is_some_and(|c| c.is_ascii_digit()))
        || (a.next() == Some(':') && a.next().is_some_and(|c| c.is_ascii_digit()))
}

/// Whether a word is part of a name: capitalized where a capital means something, or opening a
/// sentence while being no ordinary English word ("Xia", not "According").
fn is_name_word(
    w: &crate::segment::Word,
    key: &str,
    positional: bool,
    model: &crate::fluency::FluencyModel,
) -> bool {
    if !matches!(w.shape, Shape::Capitalized | Shape::Upper | Shape::Mixed)
        || key.chars().count() < 2
        || align::is_function_word(key)
    {
        return false;
    }
    !positional || !model.is_ordinary_word(judge::entity_key(key))
}

/// Facts of a closed word class: negations, months and weekdays, titles, number words.
fn closed_class(key: &str, printed: &str) -> Option<FactKind> {
    const NEGATIONS: &[&str] = &[
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
        "nowhere", // "unable to stop" is "cannot stop", "lacks a channel" is "has no channel",
        // as translators render one denial.
        "unable", "lack", "lacks", "lacking", "lacked",
    ];
    if NEGATIONS.contains(&key) || key.ends_with("n't") {
        return Some(FactKind::Negation);
    }
    let key = judge::entity_key(key);
    // "may" is a month only with its capital away from a sentence start; the verb is far more
    // common, so it is left out, and "March" is a date only when capitalized.
    if is_calendar_word(key) && printed.starts_with(char::is_uppercase) {
        return Some(FactKind::Date);
    }
    if ROLES.iter().any(|(k, _)| *k == key) {
        return Some(FactKind::Role);
    }
    if NUMBER_WORDS.iter().any(|(k, _)| *k == key) {
        return Some(FactKind::Number);
    }
    None
}

/// Whether a lowercase key is a month (but "may") or a weekday: a date, never a name, however
/// it is capitalized.
pub fn is_calendar_word(key: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    MONTHS.contains(&key)
}

/// Titles and offices, each with the form synonyms fold to.
const ROLES: &[(&str, &str)] = &[
    ("president", "president"),
    ("vice", "vice"),
    ("deputy", "vice"),
    ("chairman", "chair"),
    ("chairwoman", "chair"),
    ("chairperson", "chair"),
    ("premier", "premier"),
    ("minister", "minister"),
    ("secretary", "secretary"),
    ("governor", "governor"),
    ("mayor", "mayor"),
    ("ambassador", "ambassador"),
    ("spokesman", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("spokesperson", "spokesperson"),
    ("director", "director"),
    ("ceo", "ceo"),
    ("general", "general"),
    ("commander", "commander"),
    ("senator", "senator"),
    ("king", "king"),
    ("queen", "queen"),
    ("prince", "prince"),
    ("princess", "princess"),
    ("judge", "judge"),
    ("prosecutor", "prosecutor"),
    ("professor", "professor"),
    ("chancellor", "chancellor"),
    ("ministers", "minister"),
    ("presidents", "president"),
];

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("hundred", "100"),
    ("thousand", "1000"),
    ("million", "1000000"),
    ("billion", "1000000000"),
    ("trillion", "1000000000000"),
];

fn fold_role(key: &str) -> &'static str {
    ROLES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, folded)| folded)
}

/// "920,000" and "920000" are one figure, "five" and "5" too. A comma before one or two last
/// digits is a decimal comma, as a translator from Spanish or German may leave it: "11,5" is 11.5.
fn number_key(key: &str) -> String {
    if let Some((_, digits)) = NUMBER_WORDS.iter().find(|(k, _)| *k == key) {
        return (*digits).to_string();
    }
    let decimal_comma = key.split_once(',').is_some_and(|(whole, fraction)| {
        !whole.is_empty()
            && (1..=2).contains(&fraction.len())
            && key.chars().filter(|c| !c.is_ascii_digit()).count() == 1
    });
    let k: String = if decimal_comma {
        key.replace(',', ".")
    } else {
        key.chars().filter(|c| *c != ',').collect()
    };
    k.strip_suffix(".0").map(str::to_string).unwrap_or(k)
}

/// The values a figure's number may have: "2.700" is 2.7, or 2 700 written with a thousands
/// point as Spanish and German do.
fn readings(number: &str) -> impl Iterator<Item = f64> + '_ {
    let thousands_points = {
        let mut groups = number.split('.');
        let head = groups.next().unwrap_or("");
        number.contains('.')
            && (1..=3).contains(&head.len())
            && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
    };
    let plain = number.parse::<f64>().ok();
    let grouped = thousands_points
        .then(|| number.replace('.', "").parse::<f64>().ok())
        .flatten();
    plain.into_iter().chain(grouped)
}

/// Whether two facts of one kind state the same thing. Names match on a shared word, or on a
/// respelling or another form of one word ("Atalanta" and "Atlanta", "China" and "Chinese"):
/// those are spelling, which the garbled judge weighs, not meaning.
fn same_fact(a: &Fact, b: &Fact) -> bool {
    if a.kind != b.kind {
        return false;
    }
    match a.kind {
        FactKind::Name => {
            // A short word ("Liu", "Xi") is shared by too many names to identify one, unless one
            // name is all of the other ("Liu" for "Liu Yunshan").
            let subset = |x: &Fact, y: &Fact| x.keys.iter().all(|k| y.keys.contains(k));
            if other_compass_point(a, b) {
                return false;
            }
            subset(a, b)
                || subset(b, a)
                || one_country(a, b)
                || stands_for_its_country(a, b)
                || stands_for_its_country(b, a)
                || stands_for(a, b)
                || stands_for(b, a)
                || one_name_romanized_two_ways(a, b)
                || one_chinese_name_in_two_systems(a, b)
                || !two_people_of_one_first_name(a, b)
                    && a.keys
                        .iter()
                        .any(|x| b.keys.iter().any(|y| one_word_respelled(x, y)))
        }
        FactKind::Number => a.keys == b.keys || same_figure(&a.keys, &b.keys),
        _ => a.keys == b.keys,
    }
}

/// Whether two words of names, four letters or more, are one word or a respelling or another
/// form of it: "Atalanta" and "Atlanta", "Ebrahim" and "Ibrahim", "China" and "Chinese".
fn one_word_respelled(x: &str, y: &str) -> bool {
    let (lx, ly) = (x.chars().count(), y.chars().count());
    let most = judge::RESPELLING_MAX_DISTANCE;
    // A distance within `most` needs lengths that close; checking them first spares most
    // edit-distance runs.
    lx.min(ly) >= 4
        && (x == y
            || judge::same_stem(x, y)
            || (lx.abs_diff(ly) as f64 <= most * lx.max(ly) as f64
                && judge::name_distance(x, y) <= most))
}

/// "North Korea" and "South Korea", "East Java" and "West Java": two names that each hold a
/// compass point, and not the same one, name two places however many words they share.
fn other_compass_point(a: &Fact, b: &Fact) -> bool {
    const POINTS: &[&str] = &["north", "south", "east", "west"];
    fn point(f: &Fact) -> Vec<&str> {
        let mut p: Vec<&str> = f
            .keys
            .iter()
            .map(|k| k.strip_suffix("ern").unwrap_or(k))
            .filter(|k| POINTS.contains(k))
            .collect();
        p.sort_unstable();
        p
    }
    let (pa, pb) = (point(a), point(b));
    !pa.is_empty() && !pb.is_empty() && pa != pb
}

/// Whether a printed word is an acronym: two to six capital letters, dots between them allowed
/// ("CPC", "U.S.", "NATO").
fn is_acronym(printed: &str) -> bool {
    let letters = printed.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters) && printed.chars().all(|c| c.is_uppercase() || c == '.')
}

/// "CCP" and "Communist Party", "CPC" and "Communist Party of China": an acronym stands for a
/// name of several words when the initials of that name's words of four letters or more (no
/// "of", "the", "and") are, in order, among the acronym's letters, and there are at least two.
/// It also stands for a longer run that holds the name ("Vietnam News Agency, Hanoi" for "VNA",
/// as capitalized words run on across a comma), when those words' initials spell it exactly.
fn stands_for(acronym: &Fact, name: &Fact) -> bool {
    if !acronym.acronym || name.keys.len() < 2 {
        return false;
    }
    let initial = |k: &String| (k.chars().count() >= 4).then(|| k.chars().next()).flatten();
    let initials: Vec<char> = name.keys.iter().filter_map(initial).collect();
    let letters: Vec<char> = acronym.keys[0].chars().filter(|c| *c != '.').collect();
    let mut rest = letters.iter();
    if initials.len() >= 2 && initials.iter().all(|i| rest.any(|l| l == i)) {
        return true;
    }
    letters.len() >= 2
        && name
            .keys
            .windows(letters.len())
            .any(|w| w.iter().zip(&letters).all(|(k, l)| initial(k) == Some(*l)))
}

/// The names one country goes by where its name and its people's differ in more than an ending
/// ("Dutch" and "Netherlands"; "China" and "Chinese" are one by their stem already). A closed
/// list, as the titles are: translators choose freely among these, and none of them changes what
/// a sentence says. "Korea" is left out, as it may be either.
const COUNTRY_NAMES: &[&[&str]] = &[
    &[
        "united states",
        "us",
        "usa",
        "america",
        "american",
        "americans",
    ],
    &[
        "united kingdom",
        "uk",
        "britain",
        "great britain",
        "british",
        "briton",
        "britons",
    ],
    &["netherlands", "dutch", "holland"],
    &["switzerland", "swiss"],
    &["france", "french"],
    &["spain", "spanish", "spaniard", "spaniards"],
    &["greece", "greek", "greeks"],
    &["ireland", "irish"],
    &["philippines", "philippine", "filipino", "filipinos"],
    &["thailand", "thai", "thais"],
    &["denmark", "danish", "dane", "danes"],
    &["finland", "finnish", "finn", "finns"],
    &["poland", "polish", "pole", "poles"],
    &["sweden", "swedish", "swede", "swedes"],
    &["wales", "welsh"],
    &["scotland", "scottish", "scots"],
    &["china", "chinese", "prc"],
    &["turkey", "turkish", "turk", "turks", "türkiye"],
    &["united arab emirates", "uae", "emirati", "emiratis"],
    &["czech republic", "czechia", "czech"],
];

/// Which of [`COUNTRY_NAMES`] a name (its keys) is, if any.
fn country(keys: &[String]) -> Option<usize> {
    let phrase = keys.join(" ").replace('.', "");
    let compact = phrase.replace(' ', "");
    COUNTRY_NAMES
        .iter()
        .position(|forms| forms.iter().any(|n| *n == phrase || *n == compact))
}

/// Capitals and the countries they stand for. News names a government by its capital
/// ("Washington and Beijing agreed"), and a translator may write the capital where the source,
/// and the machines that follow it word for word, name the country: no other fact. A closed list
/// of the capitals news writes so; a capital the others replace by another city is still a
/// changed place.
const CAPITALS: &[(&str, &str)] = &[
    ("washington", "united states"),
    ("beijing", "china"),
    ("moscow", "russia"),
    ("london", "united kingdom"),
    ("paris", "france"),
    ("berlin", "germany"),
    ("tokyo", "japan"),
    ("seoul", "south korea"),
    ("pyongyang", "north korea"),
    ("kyiv", "ukraine"),
    ("kiev", "ukraine"),
    ("taipei", "taiwan"),
    ("new delhi", "india"),
    ("tehran", "iran"),
    ("ottawa", "canada"),
    ("canberra", "australia"),
    ("ankara", "turkey"),
    ("hanoi", "vietnam"),
    ("manila", "philippines"),
    ("jakarta", "indonesia"),
    ("islamabad", "pakistan"),
    ("riyadh", "saudi arabia"),
    ("cairo", "egypt"),
    ("rome", "italy"),
    ("madrid", "spain"),
    ("warsaw", "poland"),
    ("havana", "cuba"),
    ("caracas", "venezuela"),
    ("damascus", "syria"),
    ("baghdad", "iraq"),
    ("kabul", "afghanistan"),
    ("minsk", "belarus"),
];

/// Which of [`CAPITALS`] a name is, if any.
fn capital(keys: &[String]) -> Option<usize> {
    let phrase = keys.join(" ");
    CAPITALS.iter().position(|(city, _)| *city == phrase)
}

/// Whether `name` names the country whose capital `capital` is: "Beijing" and "China",
/// "Chinese" or "People's Republic of China"; "Moscow" and "Russian".
fn stands_for_its_country(capital: &Fact, name: &Fact) -> bool {
    static COUNTRIES: std::sync::OnceLock<Vec<Fact>> = std::sync::OnceLock::new();
    let Some(i) = capital.capital else {
        return false;
    };
    if name.capital.is_some() {
        // Two capitals are two cities.
        return false;
    }
    let countries = COUNTRIES.get_or_init(|| {
        CAPITALS
            .iter()
            .map(|(_, country_name)| {
                let keys: Vec<String> = country_name.split(' ').map(String::from).collect();
                let mut f = Fact::new(FactKind::Name, 0, Span::default(), keys);
                f.country = country(&f.keys);
                f
            })
            .collect()
    });
    same_fact(&countries[i], name)
}

/// Whether two names are two of the names of one country ("American" and "United States").
fn one_country(a: &Fact, b: &Fact) -> bool {
    a.country.is_some_and(|c| b.country == Some(c))
}

/// "Hsia Li-yen" and "Xia Liyan", "Tsai Ing-wen" and "Cai Yingwen": a Chinese name in Wade-Giles
/// (as Taiwan and older texts write it) and in pinyin. Translators of one source choose either,
/// so three MT systems writing the pinyin must not out-vote the one translator who writes the
/// Wade-Giles. Both names are folded to the sounds the two systems share ([`chinese_sounds`]),
/// each read surname first and given name first.
fn one_chinese_name_in_two_systems(a: &Fact, b: &Fact) -> bool {
    match (&a.chinese, &b.chinese) {
        (Some(x), Some(y)) => x.iter().any(|r| y.contains(r)),
        _ => false,
    }
}

/// A name's two readings as a Chinese name (surname first, given name first), folded by
/// [`chinese_sounds`]; `None` for a name that cannot be one: one word, or more than four, or a
/// word that is no short syllable and an ordinary English word.
fn chinese_readings(keys: &[String], model: &crate::fluency::FluencyModel) -> Option<[String; 2]> {
    let plausible = (2..=4).contains(&keys.len())
        && keys.iter().all(|k| {
            k.len() <= 12
                && k.chars().all(|c| c.is_ascii_lowercase())
                && (k.len() <= 3 || !model.is_ordinary_word(k))
        });
    plausible.then(|| {
        let (last, rest) = keys.split_last().expect("two keys or more");
        [
            chinese_sounds(&keys.concat()),
            chinese_sounds(&format!("{last}{}", rest.concat())),
        ]
    })
}

/// A Chinese name as the sounds Wade-Giles and pinyin both write: "hs" is pinyin "x", "ts" and
/// "tz" its "c" and "z", "ch" its "zh" and "j"; aspiration, which Wade-Giles marks with an
/// apostrophe that is mostly dropped, is folded ("k" is "g", "p" is "b", "t" is "d"); a syllable's
/// "y" or "w" glide is dropped ("yi" is "i"); and each run of vowels is one mark, "I" when it
/// opens with "i" ("Jiang" and "Chiang" are "jIng", "Zhang" and "Chang" "j*ng").
fn chinese_sounds(name: &str) -> String {
    let mut folded = name.to_string();
    for (from, to) in [
        ("hs", "x"),
        ("tz", "z"),
        ("ts", "z"),
        ("zh", "j"),
        ("ch", "j"),
        ("c", "z"),
        ("k", "g"),
        ("p", "b"),
        ("t", "d"),
        ("y", ""),
        ("w", ""),
    ] {
        folded = folded.replace(from, to);
    }
    let mut out = String::new();
    let mut in_vowels = false;
    for c in folded.chars() {
        if "aeiou".contains(c) {
            if !in_vowels {
                out.push(if c == 'i' { 'I' } else { '*' });
            }
            in_vowels = true;
        } else {
            // Wade-Giles writes a silent "h" after some vowels ("Chih", "Hsieh").
            if !(c == 'h' && in_vowels) {
                out.push(c);
            }
            in_vowels = false;
        }
    }
    out
}

/// "Kim Ju-ae" and "Kim Joo-ae", "Kim Jong-un" and "Kim Jung Un": romanizations of one Korean or
/// Chinese name differ in their vowels, and the syllables are too short for an edit distance to
/// tell a respelling from another name. Two names are one when they share their first word and
/// the rest differs only in its vowels.
fn one_name_romanized_two_ways(a: &Fact, b: &Fact) -> bool {
    if a.keys.len() < 2 || b.keys.len() < 2 || a.keys[0] != b.keys[0] {
        return false;
    }
    let rest = |f: &Fact| consonants(&f.keys[1..].concat());
    rest(a) == rest(b)
}

/// A word with each run of vowels as one mark: "Joo-ae" and "Ju-ae" are both "j*".
fn consonants(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars().filter(|c| c.is_alphanumeric()) {
        // '*' marks a vowel: no letter can be taken for it ("Eve" is "*v*", not "v").
        let c = if "aeiouy".contains(c) { '*' } else { c };
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    out
}

/// "Francesco Totti" and "Francesco Calzona", "Donald Tusk" and "Donald Trump", "Ebrahim Raisi"
/// and "Ibrahim Lacy": two names that share only their first word (or its respelling), each going
/// on with words of its own that are no ordinary English words, name two people. Names that go on
/// with ordinary words ("Chinese Enterprise Leaders" and "Chinese Business Leaders", "Spain First
/// League" and "Spain's Primera Liga") are one body translated two ways, and "Kim Jong-un" is
/// "Kim Jong Un".
fn two_people_of_one_first_name(a: &Fact, b: &Fact) -> bool {
    if a.keys.len() < 2
        || b.keys.len() < 2
        || a.keys[0] != b.keys[0] && !one_word_respelled(&a.keys[0], &b.keys[0])
    {
        return false;
    }
    let model = crate::fluency::FluencyModel::english();
    let own_words = |f: &Fact| f.keys[1..].iter().all(|k| !model.is_ordinary_word(k));
    let rest = |f: &Fact| -> String {
        f.keys[1..]
            .concat()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let (x, y) = (rest(a), rest(b));
    // "Kim Jong-un" and "Kim Jong-il": one syllable of a given name is another person, however
    // close the rest of the name.
    let syllable = |w: &str| w.len() <= 3 || w.len() <= 12 && w.chars().count() <= 3;
    let another_syllable = || {
        a.keys.len() == b.keys.len()
            && a.keys[1..].iter().zip(&b.keys[1..]).any(|(p, q)| {
                p != q && syllable(p) && syllable(q) && consonants(p) != consonants(q)
            })
    };
    // A surname may be an ordinary word ("Lacy", "Baker"): beside a first name alone, one
    // side's own word suffices.
    let first_and_surname = a.keys.len() == 2 && b.keys.len() == 2;
    let own = if first_and_surname {
        own_words(a) || own_words(b)
    } else {
        own_words(a) && own_words(b)
    };
    x != y
        && (another_syllable()
            || own
                && !judge::same_stem(&x, &y)
                && judge::name_distance(&x, &y) > judge::RESPELLING_MAX_DISTANCE)
}

/// Whether two figures, each a number and a multiplier (see [`with_magnitudes`]), are one:
/// "896 hundred million" and "89.6 billion", "0.92 million" and "920,000". A figure with no
/// magnitude word is the same as one with a magnitude word when the numbers agree: "13.8 to 14.3
/// billion" leaves the first figure's magnitude to the second.
fn same_figure(a: &[String], b: &[String]) -> bool {
    let (Some(na), Some(nb)) = (a.first(), b.first()) else {
        return false;
    };
    let scale = |k: &[String]| k.get(1).and_then(|m| m.parse::<f64>().ok());
    let (sa, sb) = (scale(a), scale(b));
    let value = |n: f64, s: Option<f64>| n * s.unwrap_or(1.0);
    let close = |p: f64, q: f64| (p - q).abs() <= 1e-9 * p.abs().max(q.abs());
    readings(na).any(|x| {
        readings(nb).any(|y| {
            close(value(x, sa), value(y, sb)) || ((sa.is_none() || sb.is_none()) && close(x, y))
        })
    })
}

/// One fact one side states where the other side states another of the same kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Substitution {
    pub kind: FactKind,
    /// Index into the first side's facts.
    pub a: usize,
    /// Index into the second side's facts.
    pub b: usize,
}

/// How two aligned passages differ in their facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contrast {
    /// Facts replaced by another of the same kind, paired in text order.
    pub substitutions: Vec<Substitution>,
    /// Facts of one side with no counterpart of their kind on the other (names, numbers, dates,
    /// roles; a negation is counted in `negation_gap`).
    pub unmatched: usize,
    /// Difference in the number of negations: one side denies what the other asserts.
    pub negation_gap: usize,
    /// Pairs of names both sides state, in opposite order: who did what to whom changed.
    pub inversions: usize,
    /// |ln(words of a / words of b)|: a side that adds or drops a clause.
    pub length_ratio: f64,
}

/// One side of an aligned passage pair, with the context its facts are looked up in.
#[derive(Debug, Clone, Copy)]
pub struct Sided<'f> {
    /// The passage's own facts.
    pub own: &'f [Fact],
    /// Its facts with a unit either side.
    pub near: &'f [Fact],
    /// The whole document's facts.
    pub all: &'f [Fact],
    /// Words in the passage.
    pub words: usize,
    /// A hash of each word of the passage printed in lowercase, 0 for the others (empty
    /// when not known).
    pub vocabulary: &'f [u64],
    /// The index of the passage's first word: where `vocabulary` starts.
    pub first_word: usize,
}

impl<'f> Sided<'f> {
    /// A passage seen on its own, without context.
    pub fn alone(facts: &'f [Fact], words: usize) -> Sided<'f> {
        Sided {
            own: facts,
            near: facts,
            all: facts,
            words,
            vocabulary: &[],
            first_word: 0,
        }
    }

    /// Where a fact of the other side is looked for: a figure or date moved to the next
    /// sentence is no change. A name is looked for in the passage itself: swapped names are
    /// often named in the next sentence too.
    fn context(&self, kind: FactKind) -> &'f [Fact] {
        match kind {
            FactKind::Name => self.own,
            _ => self.near,
        }
    }
}

/// One side of a pair: units `units` of a document, with their context.
pub fn sided<'f>(facts: &'f Facts, profile: &Profile, units: Range<usize>) -> Sided<'f> {
    let near = units.start.saturating_sub(1)..(units.end + 1).min(profile.units.len());
    let first_word = profile.units.get(units.start).map_or(0, |u| u.words.start);
    Sided {
        first_word,
        own: facts.of_units(profile, units.clone()),
        near: facts.of_units(profile, near),
        all: &facts.facts,
        vocabulary: if units.is_empty() {
            &[]
        } else {
            let first = profile.units[units.start].words.start;
            let last = profile.units[units.end - 1].words.end;
            facts.words.get(first..last).unwrap_or(&[])
        },
        words: units.map(|u| profile.units[u].words.len()).sum(),
    }
}

/// The contrast of one classified pair of passages between versions `a` and `b`.
pub fn contrast_pair(a: (&Facts, &Profile), b: (&Facts, &Profile), pair: &PassagePair) -> Contrast {
    contrast(
        sided(a.0, a.1, pair.a_units.clone()),
        sided(b.0, b.1, pair.b_units.clone()),
    )
}

/// Compares the facts of two aligned passages. A fact of one side is replaced when the other
/// side does not state it, nor does the unit before or after it, and the other side states a
/// fact of the same kind that this side's context lacks.
pub fn contrast(sa: Sided, sb: Sided) -> Contrast {
    let (a, b) = (sa.own, sb.own);
    let (a_words, b_words) = (sa.words, sb.words);
    let mut c = Contrast::default();
    let negations = |f: &[Fact]| f.iter().filter(|x| x.kind == FactKind::Negation).count();
    c.negation_gap = negations(a).abs_diff(negations(b));
    for kind in [
        FactKind::Name,
        FactKind::Number,
        FactKind::Date,
        FactKind::Role,
    ] {
        let (paired, unpaired) = substitutions_of(kind, sa, sb);
        c.unmatched += unpaired;
        c.substitutions.extend(paired);
    }
    c.inversions = inversions(a, b);
    if a_words > 0 && b_words > 0 {
        c.length_ratio = (a_words as f64 / b_words as f64).ln().abs();
    }
    c
}

/// The facts of one kind that either side states and the other, in its context, does not: those
/// paired with a stand-in on the other side, and how many are left with none.
pub fn substitutions_of(kind: FactKind, sa: Sided, sb: Sided) -> (Vec<Substitution>, usize) {
    let lonely = |mine: &[Fact], theirs: &[Fact]| -> Vec<usize> {
        mine.iter()
            .enumerate()
            .filter(|(_, f)| f.kind == kind && !theirs.iter().any(|t| same_fact(f, t)))
            .map(|(i, _)| i)
            .collect()
    };
    let (la, lb) = (
        lonely(sa.own, sb.context(kind)),
        lonely(sb.own, sa.context(kind)),
    );
    let paired = substitutes(sa, &la, sb, &lb);
    let unpaired = la.len() + lb.len() - 2 * paired.len();
    let substitutions = paired
        .into_iter()
        .map(|(a, b)| Substitution { kind, a, b })
        .collect();
    (substitutions, unpaired)
}

/// Whether a name runs across a bracket: "Communist Party of China (CPC)" gives the name "China
/// (CPC", two names that a run of capitalized words joined.
fn runs_across_a_bracket(name: &Fact, text: &str) -> bool {
    text.get(name.span.range())
        .is_some_and(|t| t.contains(['(', ')', '[', ']']))
}

/// Whether every word of a name is an ordinary English word that the other passage writes in
/// lowercase: "the 2023-2027 Period" of a title is "the period 2023-2027" of another version,
/// not a name it replaced.
fn written_lowercase(name: &Fact, their_words: &[u64]) -> bool {
    let model = crate::fluency::FluencyModel::english();
    !their_words.is_empty()
        && name
            .keys
            .iter()
            .all(|k| model.is_ordinary_word(k) && their_words.contains(&word_hash(k)))
}

/// The hash a word's key is looked up by.
fn word_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(judge::entity_key(key).as_bytes())
}

/// Pairs the lonely facts `la` of one side with those `lb` of the other. A fact pairs with a
/// stand-in in its own slot of the other passage (between the same two shared lowercase words,
/// [`shared_words`]): "Juncker said" for "Ursula von der Leyen said", not for the "Global Times"
/// that opens the other's sentence. When one fact is left on each side, the two pair wherever
/// they stand, as a clause moved to the sentence's end leaves them ("Vanderleien has said").
/// Passages whose words are not known pair in text order.
fn substitutes(sa: Sided, la: &[usize], sb: Sided, lb: &[usize]) -> Vec<(usize, usize)> {
    let (a, b) = (sa.own, sb.own);
    let mut taken = vec![false; lb.len()];
    let mut pairs = Vec::new();
    if la.is_empty() || lb.is_empty() {
        return pairs;
    }
    let anchors = shared_words(sa.vocabulary, sb.vocabulary);
    let at = |side: &Sided, f: &Fact| f.word.wrapping_sub(side.first_word);
    let mut left = Vec::new();
    for &i in la {
        let slot = slot_in_other(&anchors, at(&sa, &a[i]));
        let stand_in = (0..lb.len()).find(|&j| {
            !taken[j]
                && could_stand_for(&a[i], &b[lb[j]])
                && slot.is_none_or(|s| s.holds(at(&sb, &b[lb[j]])))
        });
        match stand_in {
            Some(j) => {
                taken[j] = true;
                pairs.push((i, lb[j]));
            }
            None => left.push(i),
        }
    }
    let mut unpaired = (0..lb.len()).filter(|&j| !taken[j]);
    if let ([i], Some(j), None) = (left.as_slice(), unpaired.next(), unpaired.next())
        && could_stand_for(&a[*i], &b[lb[j]])
    {
        pairs.push((*i, lb[j]));
    }
    pairs
}

/// Where a word of one passage falls in the other: after the other's offset of the last word
/// they share before it, and before that of the first shared word after it (`None` for the
/// passage's edge).
#[derive(Debug, Clone, Copy)]
struct Slot {
    after: Option<usize>,
    before: Option<usize>,
}

impl Slot {
    fn holds(self, offset: usize) -> bool {
        self.after.is_none_or(|f| offset > f) && self.before.is_none_or(|t| offset < t)
    }
}

/// Passages with more words than this a side are not diffed to find their facts' slots, and
/// their facts pair in text order: a word diff's cost grows with the product of the lengths
/// where two long passages differ much, and no time limit may decide an answer.
const SLOT_DIFF_MAX_WORDS: usize = 2_000;

/// The words the two passages share in order, as (offset in the first, offset in the second):
/// a word diff of their lowercase words, the frame that names, figures and dates sit in. None
/// for passages longer than [`SLOT_DIFF_MAX_WORDS`].
fn shared_words(a: &[u64], b: &[u64]) -> Vec<(usize, usize)> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    if a.len().max(b.len()) > SLOT_DIFF_MAX_WORDS {
        return Vec::new();
    }
    let lower = |v: &[u64]| -> (Vec<usize>, Vec<u64>) {
        v.iter()
            .enumerate()
            .filter(|(_, h)| **h != 0)
            .map(|(i, h)| (i, *h))
            .unzip()
    };
    let ((ai, ah), (bi, bh)) = (lower(a), lower(b));
    let mut anchors = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ah, &bh) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            anchors.extend((0..len).map(|k| (ai[old_index + k], bi[new_index + k])));
        }
    }
    anchors
}

/// The slot of the second passage that the word at offset `i` of the first falls in, by the
/// shared words `anchors` (in order in both). `None` when the passages share no word: any place
/// of the other is then its slot.
fn slot_in_other(anchors: &[(usize, usize)], i: usize) -> Option<Slot> {
    if anchors.is_empty() {
        return None;
    }
    let k = anchors.partition_point(|&(x, _)| x < i);
    Some(Slot {
        after: k.checked_sub(1).map(|k| anchors[k].1),
        before: anchors[k..].iter().find(|&&(x, _)| x > i).map(|&(_, y)| y),
    })
}

/// Whether one fact could have been written in another's place. A year stands only for a year,
/// or for its last two digits ("the 92 Consensus" for "the 1992 Consensus"): "2014" is no other
/// version of the "one" in "one-on-one", nor "2016" of the day in "July 13".
fn could_stand_for(x: &Fact, y: &Fact) -> bool {
    let short_for = |year: &Fact, other: &Fact| {
        other.keys.len() == 1 && other.keys[0].len() == 2 && year.keys[0].ends_with(&other.keys[0])
    };
    x.kind != FactKind::Number
        || match (is_year(x), is_year(y)) {
            (true, false) => short_for(x, y),
            (false, true) => short_for(y, x),
            _ => true,
        }
}

/// A figure that reads as a year: four digits from 1900 to 2100 written as they are, with no
/// separator ("2,100" is a count) and no magnitude.
fn is_year(f: &Fact) -> bool {
    f.keys.len() == 1
        && f.keys[0].len() == 4
        && f.span.len() == 4
        && f.keys[0]
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

/// A fact that a near-copy states otherwise than the text it copies, in the same place: the
/// reprint that gives another toll, names another coach, or denies what the original asserts.
/// Such a copy is no longer the same witness as its original (see [`crate::edition`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Restatement {
    pub kind: FactKind,
    /// The original's words, as a span of the original's text.
    pub original: Span,
    /// The copy's words in their place, as a span of the copy's text.
    pub copy: Span,
}

/// A text's words and facts, found once to compare it with each of its near-copies.
pub struct StatedText {
    seg: Segmented,
    facts: Facts,
}

impl StatedText {
    pub fn new(text: &str) -> StatedText {
        let seg = Segmented::new(text);
        let positional = judge::positional_capitals(&seg);
        let facts = Facts::new(text, &seg, &positional);
        StatedText { seg, facts }
    }

    /// One hash per sentence, of its word keys: what the sentence diff compares.
    fn sentence_keys(&self) -> Vec<u64> {
        self.seg
            .sentences
            .iter()
            .map(|s| {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for w in &self.seg.words[s.words.clone()] {
                    h.update(w.key.as_bytes());
                    h.update(b" ");
                }
                h.digest()
            })
            .collect()
    }

    /// The distinct word keys of words `words`.
    fn word_set(&self, words: Range<usize>) -> AHashSet<&str> {
        self.seg.words[words]
            .iter()
            .map(|w| w.key.as_str())
            .collect()
    }

    /// Whether sentence `i` is in a paragraph of running text.
    fn is_running_text(&self, i: usize) -> bool {
        let paragraph = self.seg.sentences[i].paragraph;
        self.seg.paragraphs[paragraph].kind == crate::segment::ParagraphKind::Body
    }

    /// The words of sentences `sentences`.
    fn words_of(&self, sentences: Range<usize>) -> Range<usize> {
        let s = &self.seg.sentences[sentences];
        match (s.first(), s.last()) {
            (Some(first), Some(last)) => first.words.start..last.words.end,
            _ => 0..0,
        }
    }

    /// The facts any of whose words lie in `words`: a replaced surname belongs to the name
    /// that begins a word earlier.
    fn overlapping(&self, words: Range<usize>) -> &[Fact] {
        let facts = &self.facts.facts;
        let from = facts.partition_point(|f| f.word + f.keys.len() <= words.start);
        let to = facts.partition_point(|f| f.word < words.end);
        &facts[from..to.max(from)]
    }

    /// The original-text span of words `words` (empty at the next word when there is none).
    fn span_of(&self, words: Range<usize>) -> Span {
        let w = &self.seg.words;
        match (
            w.get(words.start),
            words.end.checked_sub(1).and_then(|l| w.get(l)),
        ) {
            (Some(first), Some(last)) if !words.is_empty() => first.span.cover(last.span),
            (Some(next), _) => Span::new(next.span.start, next.span.start),
            _ => {
                let end = w.last().map_or(0, |l| l.span.end);
                Span::new(end, end)
            }
        }
    }
}

/// An edit of more words than this on either side rewrites a passage rather than a fact in it;
/// only edits this small are read for restated facts.
pub const RESTATEMENT_MAX_WORDS: usize = 12;

/// A negation a copy adds or drops alone, in an edit of at most this many words ("did not"); a
/// cut sentence that held a "not" is a cut, not a denial.
const NEGATION_EDIT_MAX_WORDS: usize = 2;

/// Whether `copy` can restate a fact of `original` at all, from their lines alone: only a line
/// of one that the other lacks can hold an edited sentence, and it must share words with such a
/// line of the other. A reprint that only adds boilerplate and cuts a paragraph fails this
/// cheaply, before either text is segmented. The bar, [`MAY_RESTATE_SHARE`], sits well below
/// the sentence bar of [`restatement`], as a line holds more than the edited sentence.
pub fn may_restate(original: &str, copy: &str) -> bool {
    let lines = |t: &str| -> AHashSet<String> {
        t.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (a, b) = (lines(original), lines(copy));
    let only = |x: &AHashSet<String>, y: &AHashSet<String>| -> Vec<String> {
        x.iter()
            .filter(|l| !y.contains(*l))
            .map(|l| l.to_lowercase())
            .collect()
    };
    let (only_a, only_b) = (only(&a, &b), only(&b, &a));
    fn words(l: &str) -> AHashSet<&str> {
        l.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect()
    }
    let counterparts: Vec<AHashSet<&str>> = only_b.iter().map(|l| words(l)).collect();
    only_a.iter().any(|l| {
        let own = words(l);
        counterparts
            .iter()
            .any(|other| shared_share(&own, other) >= MAY_RESTATE_SHARE)
    })
}

/// See [`may_restate`].
pub const MAY_RESTATE_SHARE: f64 = 0.3;

/// Runs of changed sentences of more words than this on either side are rewritten passages;
/// only runs this small are diffed word by word (which bounds the word diff's cost).
pub const RESTATEMENT_MAX_RUN_WORDS: usize = 1000;

/// The first fact a near-copy states otherwise than its original, in a small in-place edit: a
/// figure, name, date or role replaced by another of its kind, or a negation added or dropped.
/// Cut paragraphs, added boilerplate and respellings ("Calzonna" for "Calzona") are no
/// restatement.
///
/// The texts are diffed sentence by sentence first, then word by word inside each run of
/// changed sentences (an edited sentence and a paragraph added beside it): a near-copy changes
/// few sentences, so the cost stays near linear even for the largest texts, without a time
/// limit that could make the answer depend on the machine.
pub fn restatement(original: &StatedText, copy: &StatedText) -> Option<Restatement> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let (old, new) = (original.sentence_keys(), copy.sentence_keys());
    let changed = capture_diff_slices(Algorithm::Patience, &old, &new);
    changed.iter().find_map(|op| {
        let DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = *op
        else {
            // Sentences cut or added whole restate nothing.
            return None;
        };
        let old_words = original.words_of(old_index..old_index + old_len);
        let new_words = copy.words_of(new_index..new_index + new_len);
        if old_words.len().max(new_words.len()) > RESTATEMENT_MAX_RUN_WORDS {
            return None;
        }
        // Each changed sentence is read against the changed sentence of the copy that holds
        // most of its words: a word diff of unrelated sentences (a cut paragraph where another
        // was added) pairs their common words and leaves small "edits" of anything between.
        // Headlines, datelines and page debris differ between a site's copies ("5 hrs ago",
        // "| Miami Herald"); only running text states the story's facts.
        let counterparts: Vec<(usize, AHashSet<&str>)> = (new_index..new_index + new_len)
            .filter(|&j| copy.is_running_text(j))
            .map(|j| (j, copy.word_set(copy.words_of(j..j + 1))))
            .collect();
        (old_index..old_index + old_len).find_map(|i| {
            if !original.is_running_text(i) {
                return None;
            }
            let old_words = original.words_of(i..i + 1);
            let own = original.word_set(old_words.clone());
            let share_of = |k: usize| {
                counterparts
                    .iter()
                    .find(|(j, _)| *j == k)
                    .map_or(0.0, |(_, set)| shared_share(&own, set))
            };
            let (j, share) = counterparts
                .iter()
                .map(|(j, set)| (*j, shared_share(&own, set)))
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))?;
            if share < RESTATED_SENTENCE_SHARE {
                return None;
            }
            // A sentence the copy split in two: the neighbour that holds the rest of its words
            // is read with it.
            let half = |k: usize| share_of(k) >= RESTATED_SENTENCE_SHARE;
            let first = if j > 0 && half(j - 1) { j - 1 } else { j };
            let last = if half(j + 1) { j + 1 } else { j };
            restatement_in(original, copy, old_words, copy.words_of(first..last + 1))
        })
    })
}

/// A changed sentence and its counterpart share at least this share of the shorter one's
/// distinct words: an edited sentence, not another one.
const RESTATED_SENTENCE_SHARE: f64 = 0.6;

/// The share of the smaller set's words that the other set holds too.
fn shared_share(a: &AHashSet<&str>, b: &AHashSet<&str>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|k| large.contains(*k)).count() as f64 / small.len() as f64
}

/// The first restatement in the word diff of `old_words` of the original against `new_words`
/// of the copy.
fn restatement_in(
    original: &StatedText,
    copy: &StatedText,
    old_words: Range<usize>,
    new_words: Range<usize>,
) -> Option<Restatement> {
    use similar::{Algorithm, DiffTag, capture_diff_slices};
    fn keys(t: &StatedText, r: Range<usize>) -> Vec<&str> {
        t.seg.words[r].iter().map(|w| w.key.as_str()).collect()
    }
    let (old, new) = (
        keys(original, old_words.clone()),
        keys(copy, new_words.clone()),
    );
    let (o, n) = (old_words.start, new_words.start);
    let edits = capture_diff_slices(Algorithm::Myers, &old, &new);
    // The sentence as a whole must be a copy with an edit: one whose changed words, counted
    // over all its edits, exceed the bound is another sentence (a cut line that joined the
    // start of one sentence to the end of the next), whose small hunks restate nothing.
    let (old_changed, new_changed) = edits
        .iter()
        .map(|op| op.as_tag_tuple())
        .filter(|(tag, _, _)| *tag != DiffTag::Equal)
        .fold((0, 0), |(o, n), (_, a, b)| (o + a.len(), n + b.len()));
    if old_changed.max(new_changed) > RESTATEMENT_MAX_WORDS {
        return None;
    }
    edits.iter().find_map(|op| {
        let (tag, old_words, new_words) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            return None;
        }
        let (old_words, new_words) = (
            o + old_words.start..o + old_words.end,
            n + new_words.start..n + new_words.end,
        );
        let kind = restated_kind(
            original.overlapping(old_words.clone()),
            copy.overlapping(new_words.clone()),
            old_words.len(),
            new_words.len(),
        )?;
        Some(Restatement {
            kind,
            original: original.span_of(old_words),
            copy: copy.span_of(new_words),
        })
    })
}

/// What one edit of `old_len` words into `new_len` words restates, given the facts it touches.
fn restated_kind(old: &[Fact], new: &[Fact], old_len: usize, new_len: usize) -> Option<FactKind> {
    if old_len.max(new_len) > RESTATEMENT_MAX_WORDS {
        return None;
    }
    let c = contrast(Sided::alone(old, old_len), Sided::alone(new, new_len));
    if let Some(s) = c.substitutions.first() {
        return Some(s.kind);
    }
    let in_place = old_len > 0 && new_len > 0;
    (c.negation_gap > 0 && (in_place || old_len.max(new_len) <= NEGATION_EDIT_MAX_WORDS))
        .then_some(FactKind::Negation)
}

/// Pairs of names that both sides state but in opposite order.
fn inversions(a: &[Fact], b: &[Fact]) -> usize {
    let names_b: Vec<&Fact> = b.iter().filter(|f| f.kind == FactKind::Name).collect();
    // Position in b of each name of a that b states, in a's order, distinct names only.
    let mut order: Vec<usize> = Vec::new();
    for f in a.iter().filter(|f| f.kind == FactKind::Name) {
        if let Some(j) = names_b.iter().position(|t| same_fact(f, t)) {
            if !order.contains(&j) {
                order.push(j);
            }
        }
    }
    let mut n = 0;
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            n += usize::from(order[i] > order[j]);
        }
    }
    n
}

/// Weights of the drift model, a logistic model over the contrast of a pair and its similarity.
/// Set by hand before measuring, not fitted: on `../shared/nmt-dev` they beat a logistic
/// regression fitted with each family left out (`tools/fit_drift.py`; the README's
/// *Mistranslated* section has both figures).
pub mod drift_weights {
    pub const BIAS: f64 = -2.0;
    /// Per name, number, date or role replaced by another (at most [`COUNTED`]).
    pub const SUBSTITUTION: f64 = 1.2;
    /// Per fact with no counterpart of its kind (at most [`COUNTED`]).
    pub const UNMATCHED: f64 = 0.3;
    /// One side denies what the other asserts.
    pub const NEGATION: f64 = 0.8;
    /// Two names in opposite order.
    pub const INVERSION: f64 = 0.6;
    /// Per unit of |ln(length ratio)|.
    pub const LENGTH: f64 = 1.0;
    /// Per unit of 1 − similarity (TF-IDF cosine of the pair).
    pub const DISSIMILARITY: f64 = 2.0;
    /// Per unit of 1 − word similarity (2·LCS / (|a| + |b|)).
    pub const REWORDING: f64 = 0.5;
    /// Contrasts beyond this many per kind add nothing: a long passage may hold many.
    pub const COUNTED: usize = 3;
}

/// The inputs of the drift model, in the order [`drift_weights`] lists them.
pub fn features(c: &Contrast, pair: &PassagePair) -> [f64; 7] {
    use drift_weights::COUNTED;
    [
        c.substitutions.len().min(COUNTED) as f64,
        c.unmatched.min(COUNTED) as f64,
        c.negation_gap.min(1) as f64,
        c.inversions.min(1) as f64,
        c.length_ratio.min(2.0),
        (1.0 - pair.similarity).clamp(0.0, 1.0),
        (1.0 - pair.word_similarity).clamp(0.0, 1.0),
    ]
}

/// How likely an aligned pair's meaning changed, in [0, 1]. Verbatim passages keep their meaning
/// (0), and a passage present in one version only has nothing to drift from (0).
pub fn drift(c: &Contrast, pair: &PassagePair) -> f64 {
    if matches!(pair.class, PassageClass::Verbatim | PassageClass::Unique) {
        return 0.0;
    }
    use drift_weights::*;
    let w = [
        SUBSTITUTION,
        UNMATCHED,
        NEGATION,
        INVERSION,
        LENGTH,
        DISSIMILARITY,
        REWORDING,
    ];
    let z = BIAS
        + features(c, pair)
            .iter()
            .zip(w)
            .map(|(x, w)| x * w)
            .sum::<f64>();
    1.0 / (1.0 + (-z).exp())
}

/// Sets `drift` on every passage of an aligned pair of versions.
pub fn set_drift(a: (&Facts, &Profile), b: (&Facts, &Profile), passages: &mut [PassagePair]) {
    for p in passages.iter_mut() {
        p.drift = if p.class == PassageClass::Unique {
            0.0
        } else {
            drift(&contrast_pair(a, b, p), p)
        };
    }
}

/// A name, number, date, role or negation of one version that the other versions contradict.
#[derive(Debug, Clone, PartialEq)]
pub struct Misstatement {
    pub kind: FactKind,
    /// The version's own words.
    pub span: Span,
    pub text: String,
    /// What the other versions say instead, as the closest of them prints it.
    pub expected: String,
    /// Where the counterpart says it: its words for the fact, or for a negation its whole
    /// passage.
    pub counterpart: Counterpart,
    /// Weight of the other versions that say `expected`, and of those that side with this one
    /// (this version's own weight included).
    pub support: f64,
    pub against: f64,
}

/// The mistranslation evidence on one version.
#[derive(Debug, Clone, Default)]
pub struct Mistranslation {
    /// In [0, 1]: [`mistranslation_weights`] over `drift` and the number of misstatements.
    pub score: f64,
    /// The word-weighted mean, over the version's aligned units, of how far each drifts from the
    /// other versions (weighted mean over witnesses of the highest `drift` of the pairs covering
    /// it).
    pub drift: f64,
    /// Per alignment unit, the same drift; `None` for a unit no other version covers.
    pub units: Vec<Option<f64>>,
    /// Contradicted facts, in text order.
    pub misstatements: Vec<Misstatement>,
}

/// A version's facts and alignment profile, by document index.
pub type Sources<'a> = (&'a [Version<'a>], &'a [Facts]);

/// How far version `d` drifts in meaning from the other versions of its story, and which of its
/// facts they contradict. `weights[i]` is the weight of document `i` as a witness: 1.0 for an
/// independent version, less for one derived from another (issue "Independent voices").
/// `garbled[i]` marks versions already judged garbled: they count in the drift and vote on
/// figures and dates, but not on names, which they respell and translate ("USA" for "U.S.",
/// "Crown" for "Corona"), nor on negations, which their broken grammar drops and adds.
pub fn assess(
    d: usize,
    sources: Sources,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    weights: &[f64],
    garbled: &[bool],
) -> Mistranslation {
    let versions = sources.0;
    let v = &versions[d];
    let n_units = v.profile.units.len();
    let weight = |i: usize| weights.get(i).copied().unwrap_or(1.0);
    // Per unit, per other version: the highest drift of a pair covering the unit.
    let mut sum = vec![0.0; n_units];
    let mut total = vec![0.0; n_units];
    for (other, side, links) in judge::pairs_with(d, pairs) {
        let mut highest: Vec<Option<f64>> = vec![None; n_units];
        for p in links.iter().filter(|p| p.class != PassageClass::Unique) {
            let (mine, _) = p.sides(side);
            for u in mine {
                if highest[u].is_none_or(|h| p.drift > h) {
                    highest[u] = Some(p.drift);
                }
            }
        }
        for (u, h) in highest.iter().enumerate() {
            if let Some(h) = h {
                sum[u] += weight(other) * h;
                total[u] += weight(other);
            }
        }
    }
    let units: Vec<Option<f64>> = (0..n_units)
        .map(|u| (total[u] > 0.0).then(|| sum[u] / total[u]))
        .collect();
    let (mut s, mut w) = (0.0, 0.0);
    for (u, m) in units.iter().enumerate() {
        if let Some(m) = m {
            let words = v.profile.units[u].words.len() as f64;
            s += m * words;
            w += words;
        }
    }
    let drift = if w > 0.0 { s / w } else { 0.0 };
    let name_vote = |i: usize| {
        if garbled.get(i).copied().unwrap_or(false) {
            0.0
        } else {
            weight(i)
        }
    };
    let misstatements = misstatements(d, sources, pairs, (&weight, &name_vote));
    let score = if total.iter().all(|&t| t == 0.0) {
        0.0
    } else {
        use mistranslation_weights::*;
        let facts = distinct(&misstatements).min(FACTS_COUNTED) as f64;
        let z = BIAS + DRIFT * drift + PER_FACT * facts;
        1.0 / (1.0 + (-z).exp())
    };
    Mistranslation {
        score,
        drift,
        units,
        misstatements,
    }
}

/// Aligned passages less similar than this are too loosely paired to say that one replaces a
/// fact of the other.
const COUNTERPART_SIMILARITY: f64 = 0.35;
/// A swap of two facts that both documents state elsewhere, or a changed negation, is read only
/// in passages at least this similar.
const SWAP_SIMILARITY: f64 = 0.6;

/// The facts of version `d` that other versions replace, kept when a weighted majority of the
/// other versions covering that passage say the replacement and outweigh those that agree with
/// `d` (its own weight included).
fn misstatements(
    d: usize,
    (versions, facts): Sources,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    (weight, name_weight): (&dyn Fn(usize) -> f64, &dyn Fn(usize) -> f64),
) -> Vec<Misstatement> {
    let v = &versions[d];
    let mut found: Vec<Misstatement> = Vec::new();
    for (other, side, links) in judge::pairs_with(d, pairs) {
        let o = &versions[other];
        for p in links.iter().filter(|p| p.class != PassageClass::Unique) {
            let (mine, theirs) = p.sides(side);
            // Headlines and credit lines are rewritten freely by every outlet.
            if p.similarity < COUNTERPART_SIMILARITY
                || v.profile.units[mine.start].heading
                || o.profile.units[theirs.start].heading
            {
                continue;
            }
            let my_side = sided(&facts[d], v.profile, mine.clone());
            let their_side = sided(&facts[other], o.profile, theirs.clone());
            let (my_facts, their_facts) = (my_side.own, their_side.own);
            let c = contrast(my_side, their_side);
            let their_span = o.profile.units[theirs.start]
                .span
                .cover(o.profile.units[theirs.end - 1].span);
            let counterpart = Counterpart {
                path: o.path.to_string(),
                document: other,
                start: their_span.start,
                end: their_span.end,
                text: o.text.get(their_span.range()).unwrap_or("").to_string(),
            };
            if c.negation_gap > 0 && p.similarity >= SWAP_SIMILARITY {
                let my_span = v.profile.units[mine.start]
                    .span
                    .cover(v.profile.units[mine.end - 1].span);
                let (support, against) = negation_votes(
                    d,
                    (versions, facts),
                    pairs,
                    &mine,
                    negations(my_facts),
                    (weight(d), &name_weight),
                );
                if Witnesses::is_majority(support, against) {
                    found.push(Misstatement {
                        kind: FactKind::Negation,
                        span: my_span,
                        text: v.text.get(my_span.range()).unwrap_or("").to_string(),
                        expected: counterpart.text.clone(),
                        counterpart: counterpart.clone(),
                        support,
                        against,
                    });
                }
            }
            for s in &c.substitutions {
                let (x, y) = (&my_facts[s.a], &their_facts[s.b]);
                if x.kind == FactKind::Name && written_lowercase(x, their_side.vocabulary) {
                    // The drift still counts the change of case; no one contradicts a word.
                    continue;
                }
                if x.kind == FactKind::Name
                    && (runs_across_a_bracket(x, v.text) || runs_across_a_bracket(y, o.text))
                {
                    // "Communist Party of China (CPC" is two names run together, not one that
                    // another version replaced.
                    continue;
                }
                // Two facts that both documents state elsewhere are swapped only in a close
                // counterpart; in a loosely paired passage they are two sentences about two
                // people.
                let elsewhere = x.kind == FactKind::Name
                    && (their_side.all.iter().any(|f| same_fact(f, x))
                        || my_side.all.iter().any(|f| same_fact(f, y)));
                if elsewhere && p.similarity < SWAP_SIMILARITY {
                    continue;
                }
                let voter = if x.kind == FactKind::Name {
                    name_weight
                } else {
                    weight
                };
                let (support, against) = votes(
                    d,
                    (versions, facts),
                    pairs,
                    &mine,
                    (x, y),
                    (weight(d), &voter),
                );
                if !Witnesses::is_majority(support, against) {
                    continue;
                }
                let expected = o.text.get(y.span.range()).unwrap_or("").to_string();
                found.push(Misstatement {
                    kind: x.kind,
                    span: x.span,
                    text: v.text.get(x.span.range()).unwrap_or("").to_string(),
                    // The counterpart's own words for the fact, not its whole passage: the two
                    // sides of the evidence then quote the same thing.
                    counterpart: Counterpart {
                        start: y.span.start,
                        end: y.span.end,
                        text: expected.clone(),
                        ..counterpart.clone()
                    },
                    expected,
                    support,
                    against,
                });
            }
        }
    }
    // One misstatement per fact; several versions may contradict it, and the one quoted is the
    // one whose path sorts first, so that the evidence does not depend on the input order.
    found.sort_by(|a, b| {
        (a.span.start, a.span.end, a.kind)
            .cmp(&(b.span.start, b.span.end, b.kind))
            .then_with(|| a.counterpart.path.cmp(&b.counterpart.path))
            .then(a.counterpart.start.cmp(&b.counterpart.start))
            .then(a.expected.cmp(&b.expected))
    });
    found.dedup_by(|later, first| later.span == first.span && later.kind == first.kind);
    found
}

/// How many negations some facts hold.
fn negations(facts: &[Fact]) -> usize {
    facts
        .iter()
        .filter(|f| f.kind == FactKind::Negation)
        .count()
}

/// Weighted votes on a negation: the other versions whose close counterparts (similarity of at
/// least [`SWAP_SIMILARITY`]) hold another number of negations than `mine_count`, against those
/// holding as many (and `d` itself). A looser rewording may say "left out" for "did not include".
fn negation_votes(
    d: usize,
    (versions, facts): Sources,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    mine: &Range<usize>,
    mine_count: usize,
    (own, weight): (f64, &impl Fn(usize) -> f64),
) -> (f64, f64) {
    // The version itself keeps its witness weight, voter or not.
    let (mut support, mut against) = (0.0, own);
    for (other, side, links) in judge::pairs_with(d, pairs) {
        let o = &versions[other];
        let mut count = None;
        for p in links.iter().filter(|p| p.class != PassageClass::Unique) {
            let (m, theirs) = p.sides(side);
            if m.start >= mine.end || mine.start >= m.end || p.similarity < SWAP_SIMILARITY {
                continue;
            }
            *count.get_or_insert(0) += negations(facts[other].of_units(o.profile, theirs));
        }
        match count {
            Some(n) if n == mine_count => against += weight(other),
            Some(_) => support += weight(other),
            None => {}
        }
    }
    (support, against)
}

/// Weighted votes of the other versions on units `mine` of version `d`: those whose aligned
/// passage states `y` (and not `x`), and those that state `x`, plus `d`'s own weight.
fn votes(
    d: usize,
    (versions, facts): Sources,
    pairs: &[(usize, usize, Vec<PassagePair>)],
    mine: &Range<usize>,
    (x, y): (&Fact, &Fact),
    (own, weight): (f64, &impl Fn(usize) -> f64),
) -> (f64, f64) {
    // The version itself keeps its witness weight, voter or not.
    let (mut support, mut against) = (0.0, own);
    for (other, side, links) in judge::pairs_with(d, pairs) {
        let o = &versions[other];
        let mut says_x = false;
        let mut says_y = false;
        for p in links.iter().filter(|p| p.class != PassageClass::Unique) {
            let (m, theirs) = p.sides(side);
            if m.start >= mine.end || mine.start >= m.end {
                continue;
            }
            for f in facts[other].of_units(o.profile, theirs) {
                says_x |= same_fact(f, x);
                says_y |= same_fact(f, y);
            }
        }
        if says_x {
            against += weight(other);
        } else if says_y {
            support += weight(other);
        }
    }
    (support, against)
}

/// Marks `mistranslated` the pairs where one side, and not the other, states a fact that the
/// other versions contradict ([`Mistranslation::misstatements`]). Garbled, verbatim and unique
/// pairs keep their class.
pub fn mark_mistranslated_passages(
    pairs: &mut [(usize, usize, Vec<PassagePair>)],
    versions: &[Version],
    assessed: &[Mistranslation],
) {
    let holds = |d: usize, units: &Range<usize>| -> bool {
        if units.is_empty() {
            return false;
        }
        let units_of = &versions[d].profile.units;
        let span = units_of[units.start]
            .span
            .cover(units_of[units.end - 1].span);
        assessed.get(d).is_some_and(|m| {
            m.misstatements
                .iter()
                .any(|x| x.span.start >= span.start && x.span.start < span.end)
        })
    };
    for (a, b, links) in pairs.iter_mut() {
        for p in links
            .iter_mut()
            .filter(|p| matches!(p.class, PassageClass::Paraphrase | PassageClass::Edited))
        {
            let side = match (holds(*a, &p.a_units), holds(*b, &p.b_units)) {
                (true, false) => 0,
                (false, true) => 1,
                _ => continue,
            };
            p.class = PassageClass::Mistranslated;
            p.drifted_side = Some(side);
        }
    }
}

/// Weights of the version's mistranslation score, a logistic model over its mean passage drift
/// and the number of facts the other versions contradict. Set by hand, not fitted: the drift
/// term ranks machine outputs, the facts decide the verdict, and a version needs two
/// contradicted facts with an ordinary drift to reach 0.5 (see the README).
pub mod mistranslation_weights {
    pub const BIAS: f64 = -5.0;
    pub const DRIFT: f64 = 6.0;
    pub const PER_FACT: f64 = 2.0;
    /// Contradicted facts beyond this many add nothing.
    pub const FACTS_COUNTED: usize = 4;
}

/// Mistranslation score at or above which a fluent version is `mistranslated`, given at least
/// [`MIN_MISSTATEMENTS`] facts the other versions contradict.
pub const MISTRANSLATED_VERDICT: f64 = 0.5;
pub const MIN_MISSTATEMENTS: usize = 2;

/// Whether a version is `mistranslated`: it drifts from the others and they contradict its facts.
pub fn is_mistranslated(m: &Mistranslation) -> bool {
    m.score >= MISTRANSLATED_VERDICT && distinct(&m.misstatements) >= MIN_MISSTATEMENTS
}

/// How many different facts the misstatements contradict: a version that names one person
/// otherwise throughout ("Ri Sol-ju" where the others write "Li Xuezhu", one system's
/// romanization) states one disputed fact, however often it repeats it.
pub fn distinct(misstatements: &[Misstatement]) -> usize {
    // "Raisi" and "Raisi's" name one person.
    let key = |s: &str| -> String {
        s.to_lowercase()
            .replace('’', "'")
            .split_whitespace()
            .map(judge::entity_key)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut seen: Vec<(FactKind, String, String)> = misstatements
        .iter()
        .map(|m| (m.kind, key(&m.text), key(&m.expected)))
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

/// The class a pair has from `side`'s point of view: a mistranslated pair speaks against a
/// version only when it is the drifted side.
pub fn class_from(p: &PassagePair, side: Side) -> PassageClass {
    if p.class == PassageClass::Mistranslated && !p.mistranslated_on(side) {
        if p.word_similarity >= judge::thresholds::EDITED_RATIO {
            PassageClass::Edited
        } else {
            PassageClass::Paraphrase
        }
    } else {
        p.class
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_of(text: &str) -> Facts {
        let seg = Segmented::new(text);
        let positional = judge::positional_capitals(&seg);
        Facts::new(text, &seg, &positional)
    }

    /// Whether two sentences state the same facts: no fact of one is replaced by another.
    fn same(a: &str, b: &str) -> bool {
        let (fa, fb) = (facts_of(a), facts_of(b));
        contrast(Sided::alone(&fa.facts, 9), Sided::alone(&fb.facts, 9))
            .substitutions
            .is_empty()
    }

    fn kinds(f: &Facts) -> Vec<(FactKind, String)> {
        f.facts.iter().map(|x| (x.kind, x.keys.join(" "))).collect()
    }

    #[test]
    fn finds_names_numbers_roles_and_negations() {
        let f = facts_of(
            "Vice Chairman Xia Liyan will not meet Song Tao on Monday, with 1,200 guests.",
        );
        let k = kinds(&f);
        assert!(k.contains(&(FactKind::Role, "vice".into())), "{k:?}");
        let posted = facts_of("Posted: 8:35 AM, July 16, 2018");
        assert!(!kinds(&posted).contains(&(FactKind::Number, "8".into())));
        assert!(kinds(&posted).contains(&(FactKind::Number, "2018".into())));
        assert!(k.contains(&(FactKind::Role, "chair".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Name, "xia liyan".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Name, "song tao".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Negation, "not".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Date, "monday".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Number, "1200".into())), "{k:?}");
        // An ordinary word opening a sentence is no name.
        let f = facts_of("According to the report, prices rose.");
        assert!(kinds(&f).iter().all(|(k, _)| *k != FactKind::Name));
    }

    #[test]
    fn ordinals_are_figures_and_a_possessive_day_is_a_day() {
        let k = kinds(&facts_of(
            "He scored in the 82nd minute before Thursday's trip, their 3rd win.",
        ));
        assert!(k.contains(&(FactKind::Number, "82".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Number, "3".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Date, "thursday".into())), "{k:?}");
        assert!(k.iter().all(|(kind, _)| *kind != FactKind::Name), "{k:?}");
    }

    #[test]
    fn a_replaced_name_is_a_substitution_and_a_respelling_is_not() {
        let a = facts_of("The delegation of Xia Liyan met Song Tao in Beijing.");
        let b = facts_of("The delegation of Liu Shaoqi met Song Tao in Beijing.");
        let c = contrast(Sided::alone(&a.facts, 9), Sided::alone(&b.facts, 9));
        assert_eq!(c.substitutions.len(), 1);
        let s = c.substitutions[0];
        assert_eq!(a.facts[s.a].keys, vec!["xia", "liyan"]);
        assert_eq!(b.facts[s.b].keys, vec!["liu", "shaoqi"]);
        let r = facts_of("The fans of Atalanta cheered in Bergamo.");
        let t = facts_of("The fans of Atlanta cheered in Bergamo.");
        assert!(
            contrast(Sided::alone(&r.facts, 7), Sided::alone(&t.facts, 7))
                .substitutions
                .is_empty()
        );
    }

    #[test]
    fn a_hyphenated_given_name_is_one_name_however_romanized() {
        let k = kinds(&facts_of(
            "Kim Ju-ae stood beside Kim Jong-un and Trump-backed envoys.",
        ));
        assert!(k.contains(&(FactKind::Name, "kim ju ae".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Name, "kim jong un".into())), "{k:?}");
        assert!(k.contains(&(FactKind::Name, "trump".into())), "{k:?}");
        let launch = |who: &str| format!("{who} attended the launch with the leader.");
        assert!(
            same(&launch("Kim Ju-ae"), &launch("Kim Joo-ae")),
            "two romanizations of one given name are a respelling"
        );
        assert!(
            !same(&launch("Kim Jong-un"), &launch("Kim Jong-il")),
            "another syllable of a given name is another person"
        );
        assert!(
            !same(&launch("Kim Ju-ae"), &launch("Kim Yo-jong")),
            "another given name is another person"
        );
    }

    #[test]
    fn a_respelled_first_name_with_another_surname_is_another_person() {
        let speech = |who: &str| format!("Hackers interrupted President {who}'s televised speech.");
        assert!(
            !same(&speech("Ebrahim Raisi"), &speech("Ibrahim Lacy")),
            "one first name, spelled two ways, before two surnames"
        );
        assert!(
            same(&speech("Ebrahim Raisi"), &speech("Ibrahim Raisi")),
            "a respelled first name alone is a respelling"
        );
    }

    #[test]
    fn a_country_its_people_its_capital_and_an_acronym_are_one_name() {
        let says =
            |who: &str| format!("Officials in Beijing said {who} companies would lose sales.");
        assert!(same(&says("American"), &says("United States")));
        assert!(same(&says("American"), &says("U.S.")));
        assert!(same(&says("Dutch"), &says("Netherlands")));
        assert!(same(&says("British"), &says("UK")));
        assert!(same(&says("Swiss"), &says("Switzerland's")));
        let party =
            |who: &str| format!("A spokesman for the {who} said on Monday that taxes would fall.");
        assert!(same(&party("CCP"), &party("Communist Party")));
        assert!(same(&party("CPC"), &party("Communist Party of China")));
        let talks =
            |who: &str| format!("Officials in {who} said on Monday that the talks had failed.");
        assert!(same(&talks("Washington"), &talks("United States")));
        assert!(same(&talks("Washington"), &talks("American")));
        assert!(same(&talks("Beijing"), &talks("China")));
        assert!(same(&talks("Moscow"), &talks("Russian")));
        assert!(same(&talks("Pyongyang"), &talks("North Korean")));
        assert!(
            !same(&talks("Pyongyang"), &talks("South Korea")),
            "two countries"
        );
        assert!(
            !same(&talks("Beijing"), &talks("Russia")),
            "another country"
        );
        assert!(!same(&talks("Beijing"), &talks("Shanghai")), "two cities");
        assert!(!same(&talks("Beijing"), &talks("Moscow")), "two capitals");
        let filed = |by: &str| format!("Reported by {by} correspondents on the morning of May 2.");
        assert!(
            same(&filed("VNA"), &filed("Vietnam News Agency, Hanoi")),
            "the acronym is part of a longer run"
        );
        assert!(
            !same(
                &filed("VNA"),
                &filed("Vietnam Television News, Hanoi Agency")
            ),
            "a run whose consecutive initials do not spell it"
        );
        assert!(!same(&says("Dutch"), &says("Danish")), "two countries");
        assert!(!same(&says("American"), &says("Canadian")), "two countries");
        assert!(
            !same(&party("CCP"), &party("Democratic Party")),
            "two parties"
        );
        assert!(
            !same(&says("FBI"), &says("Federal Reserve")),
            "two agencies"
        );
        assert!(
            !same(&says("North Korean"), &says("South Korean")),
            "two countries"
        );
        assert!(same(&says("South Korean"), &says("Southern Korean")));
    }

    #[test]
    fn a_dateline_states_no_fact() {
        let k = kinds(&facts_of(
            "MILLBROOK, Calif. (Meridian Wire) — A wildfire forced 6,200 residents of Tolliver \
             County to leave on Sunday.",
        ));
        assert!(
            k.iter()
                .all(|(_, key)| !key.contains("millbrook") && !key.contains("wire")),
            "{k:?}"
        );
        assert!(
            k.contains(&(FactKind::Name, "tolliver county".into())),
            "{k:?}"
        );
        assert!(k.contains(&(FactKind::Number, "6200".into())), "{k:?}");
        let reuters = kinds(&facts_of("BEIJING (Reuters) - China cut rates on Monday."));
        assert!(
            !reuters.iter().any(|(_, key)| key.contains("reuters")),
            "{reuters:?}"
        );
        let sentence = kinds(&facts_of(
            "NATO said - in a statement - that Poland would join.",
        ));
        assert!(
            sentence.contains(&(FactKind::Name, "nato".into())),
            "{sentence:?}"
        );
    }

    #[test]
    fn a_title_capital_on_a_word_the_other_writes_lowercase_is_no_name_it_replaced() {
        let title = facts_of("Hanoi signed the Action Plan for the 2023-2027 Period with Brunei.");
        let plain = facts_of("Hanoi signed an action plan for the period 2023-2027 with Brunei.");
        let named = |f: &Facts, key: &str| {
            f.facts
                .iter()
                .find(|x| x.kind == FactKind::Name && x.keys.join(" ") == key)
                .cloned()
                .unwrap_or_else(|| panic!("{key}: {:?}", kinds(f)))
        };
        assert!(written_lowercase(&named(&title, "period"), &plain.words));
        assert!(written_lowercase(
            &named(&title, "action plan"),
            &plain.words
        ));
        assert!(!written_lowercase(&named(&title, "brunei"), &plain.words));
        assert!(
            !written_lowercase(&named(&title, "period"), &title.words),
            "a word written only with a capital"
        );
    }

    #[test]
    fn a_name_run_across_a_bracket_is_seen_as_one() {
        let text = "Officials said Song Tao of the Communist Party of China (CPC) met Xia Liyan.";
        let f = facts_of(text);
        let run: Vec<bool> = f
            .facts
            .iter()
            .filter(|x| x.kind == FactKind::Name)
            .map(|x| runs_across_a_bracket(x, text))
            .collect();
        let names: Vec<String> = kinds(&f)
            .into_iter()
            .filter(|(k, _)| *k == FactKind::Name)
            .map(|(_, key)| key)
            .collect();
        assert_eq!(
            names,
            ["song tao", "communist party", "china cpc", "xia liyan"]
        );
        assert_eq!(run, [false, false, true, false]);
    }

    #[test]
    fn a_chinese_name_in_wade_giles_is_the_pinyin_name() {
        let met = |who: &str| format!("On Friday {who} met the delegation in Beijing.");
        assert!(same(&met("Hsia Li-yen"), &met("Xia Liyan")));
        assert!(
            same(&met("Li-Yen Hsia"), &met("Xia Liyan")),
            "given name first"
        );
        assert!(same(&met("Tsai Ing-wen"), &met("Cai Yingwen")));
        assert!(same(&met("Chiang Ching-kuo"), &met("Jiang Jingguo")));
        assert!(!same(&met("Zhang Wei"), &met("Jiang Wei")), "two surnames");
        assert!(!same(&met("Xia Liyan"), &met("Song Tao")));
        assert!(!same(&met("Hsia Li-yen"), &met("Liu Shaoqi")));
    }

    #[test]
    fn numbers_words_and_digits_agree() {
        let a = facts_of("The council hired five workers for 920,000 dollars.");
        let b = facts_of("The council hired 5 workers for 920000 dollars.");
        let c = contrast(Sided::alone(&a.facts, 8), Sided::alone(&b.facts, 8));
        assert!(c.substitutions.is_empty() && c.unmatched == 0, "{c:?}");
        let moved = facts_of("The council hired five workers for 0.92 million dollars.");
        let c = contrast(Sided::alone(&a.facts, 8), Sided::alone(&moved.facts, 8));
        assert!(
            c.substitutions.is_empty() && c.unmatched == 0,
            "0.92 million is 920,000: {c:?}"
        );
        let d = facts_of("The council hired 50 workers for 920000 dollars.");
        assert_eq!(
            contrast(Sided::alone(&a.facts, 8), Sided::alone(&d.facts, 8))
                .substitutions
                .len(),
            1
        );
    }

    /// The names each side's replaced names stand in for, with the passages' words known.
    fn name_pairs(a: &str, b: &str) -> Vec<(String, String)> {
        let (fa, fb) = (facts_of(a), facts_of(b));
        fn side(f: &Facts) -> Sided<'_> {
            Sided {
                vocabulary: &f.words,
                ..Sided::alone(&f.facts, f.words.len())
            }
        }
        let (sa, sb) = (side(&fa), side(&fb));
        let (paired, _) = substitutions_of(FactKind::Name, sa, sb);
        paired
            .iter()
            .map(|s| (sa.own[s.a].keys.join(" "), sb.own[s.b].keys.join(" ")))
            .collect()
    }

    #[test]
    fn a_replaced_name_pairs_with_the_one_in_its_place() {
        // In text order "Times" would stand for "Juncker", and "Ursula" for nothing.
        assert_eq!(
            name_pairs(
                "The Times said the minister Ursula agreed to the plan.",
                "It was said the minister Juncker agreed to the plan."
            ),
            [("ursula".to_string(), "juncker".to_string())]
        );
        // A clause moved to the sentence's end leaves one name on each side: still a pair.
        assert_eq!(
            name_pairs(
                "Vanderleien has said that funds will not cover the costs.",
                "The funds will not cover the costs, Leyen has said."
            ),
            [("vanderleien".to_string(), "leyen".to_string())]
        );
        // Without the passages' words, names pair in text order.
        let (fa, fb) = (
            facts_of("The Times said the minister Ursula agreed to the plan."),
            facts_of("It was said the minister Juncker agreed to the plan."),
        );
        let (paired, _) = substitutions_of(
            FactKind::Name,
            Sided::alone(&fa.facts, 10),
            Sided::alone(&fb.facts, 10),
        );
        assert_eq!(fa.facts[paired[0].a].keys, ["times"]);
    }

    #[test]
    fn passages_too_long_to_diff_have_no_slots() {
        let words = |n: usize| (1..=n as u64).collect::<Vec<u64>>();
        let short = shared_words(&words(100), &words(100));
        assert_eq!(short.len(), 100);
        assert_eq!(short[7], (7, 7));
        let long = words(SLOT_DIFF_MAX_WORDS + 1);
        assert!(shared_words(&long, &long).is_empty());
        assert_eq!(slot_in_other(&[], 3).map(|s| s.holds(0)), None);
    }

    /// Substitutions and unmatched figures between two sentences.
    fn figure_changes(a: &str, b: &str) -> (usize, usize) {
        let (fa, fb) = (facts_of(a), facts_of(b));
        let c = contrast(Sided::alone(&fa.facts, 12), Sided::alone(&fb.facts, 12));
        (c.substitutions.len(), c.unmatched)
    }

    #[test]
    fn a_figure_is_its_value_with_its_magnitude_words() {
        let revenue = "Tourism revenue totaled 8.96 billion dollars.";
        assert_eq!(
            figure_changes(revenue, "Tourism revenue totaled 89.6 billion dollars."),
            (1, 0),
            "a slip by a factor of ten is another figure"
        );
        assert_eq!(
            figure_changes(
                revenue,
                "Tourism revenue totaled 89.6 hundred million dollars."
            ),
            (0, 0)
        );
        assert_eq!(
            figure_changes(revenue, "Tourism revenue totaled 8,960 million dollars."),
            (0, 0)
        );
        assert_eq!(
            figure_changes(
                "It will reach 13.8 billion to 14.3 billion dollars.",
                "It will reach 13.8 to 14.3 billion dollars."
            ),
            (0, 0),
            "a range may state its magnitude once"
        );
        assert_eq!(
            figure_changes(
                "Between 1.27 million and 2.5 million people marched.",
                "Between 1.27 and 25 million people marched."
            ),
            (1, 0)
        );
    }

    #[test]
    fn house_styles_of_one_figure_agree() {
        let wire =
            "It will cut 48,000 jobs, spend $2.5 billion and close two-thirds of its plants.";
        for restyled in [
            "It will cut 48 000 jobs, spend $2.5bn and close 2/3 of its plants.",
            "It will cut 48\u{a0}000 jobs, spend $2,500 million and close two thirds of its plants.",
            "It will cut 48000 jobs, spend US$2.5-billion and close two-thirds of its plants.",
        ] {
            assert_eq!(figure_changes(wire, restyled), (0, 0), "{restyled}");
        }
        assert_eq!(
            figure_changes(
                wire,
                "It will cut 45 000 jobs, spend $3.5bn and close 3/4 of its plants."
            ),
            (3, 0),
            "restyled figures are still compared by value"
        );
        assert_eq!(
            figure_changes(
                "Sales rose in 3 quarters and 100m people watched.",
                "Sales rose in three quarters and 100 million people watched."
            ),
            (0, 0),
            "a year's quarters are no fraction, and \"100m\" may be millions"
        );
        let dated = facts_of("It opened on 3/4/2023 to 1/2 of its fans.");
        let keys: Vec<&str> = dated.facts.iter().map(|f| f.keys[0].as_str()).collect();
        assert_eq!(keys, ["3", "4", "2023", "0.5"], "a date is no fraction");
        let named = facts_of("Since 9/11 it runs 24/7 at 50/50 odds.");
        let keys: Vec<&str> = named.facts.iter().map(|f| f.keys[0].as_str()).collect();
        assert_eq!(
            keys,
            ["9", "11", "24", "7", "50", "50"],
            "nor a day, a schedule or odds"
        );
    }

    #[test]
    fn a_year_stands_only_for_a_year_or_its_last_two_digits() {
        assert_eq!(
            figure_changes(
                "The talks followed the 2014 annexation.",
                "The talks followed one annexation."
            ),
            (0, 2),
            "\"2014\" and \"one\" are two facts each side lacks, not one changed"
        );
        assert_eq!(
            figure_changes("It was signed in 2014.", "It was signed in 2015."),
            (1, 0)
        );
        assert_eq!(
            figure_changes("The 1992 Consensus holds.", "The 92 Consensus holds."),
            (1, 0),
            "a year written short stands in its place"
        );
        assert_eq!(
            figure_changes("The 1992 Consensus holds.", "The 93 Consensus holds."),
            (0, 2)
        );
        assert_eq!(
            figure_changes("It sold 1,200 cars.", "It sold 2,100 cars."),
            (1, 0),
            "a count with a separator is no year"
        );
    }

    #[test]
    fn european_separators_are_read_both_ways() {
        assert_eq!(
            figure_changes(
                "The 2,700 nurses want 11.5 percent.",
                "The 2.700 nurses want 11,5 percent."
            ),
            (0, 0)
        );
        assert_eq!(
            figure_changes(
                "The 27 nurses want 11.5 percent.",
                "The 2.700 nurses want 115 percent."
            ),
            (2, 0)
        );
    }

    #[test]
    fn negation_and_order_are_contrasts() {
        let a = facts_of("The minister said Brown had beaten Green.");
        let b = facts_of("The minister said Green had not beaten Brown.");
        let c = contrast(Sided::alone(&a.facts, 7), Sided::alone(&b.facts, 8));
        assert_eq!(c.negation_gap, 1);
        assert_eq!(c.inversions, 1);
        let gap = |x: &str, y: &str| {
            let (a, b) = (facts_of(x), facts_of(y));
            contrast(Sided::alone(&a.facts, 8), Sided::alone(&b.facts, 8)).negation_gap
        };
        assert_eq!(
            gap(
                "Border officers cannot stop the applications.",
                "Border officers are unable to stop the applications."
            ),
            0,
            "one denial, worded two ways"
        );
        assert_eq!(
            gap(
                "Border officers cannot stop the applications.",
                "Border officers are able to stop the applications."
            ),
            1
        );
        assert_eq!(
            gap(
                "There is no unified channel for querying the registries.",
                "The registries lack a unified channel for queries."
            ),
            0,
            "\"lack\" denies as \"no\" does"
        );
    }

    const WIRE: &str = "The council voted 7 to 2 on Tuesday to close the harbor road.\n\n\
        Mayor Anna Berg said the city would not reopen it before spring.\n\n\
        Work on the new bridge will cost 4 million euros, officials said.\n\n\
        Residents have protested the plan for months.";

    fn restated(original: &str, copy: &str) -> Option<(FactKind, String, String)> {
        let r = restatement(&StatedText::new(original), &StatedText::new(copy))?;
        Some((
            r.kind,
            original[r.original.range()].to_string(),
            copy[r.copy.range()].to_string(),
        ))
    }

    #[test]
    fn a_copy_with_another_figure_name_or_denial_restates_it() {
        let figure = WIRE.replace("4 million", "6 million");
        assert_eq!(
            restated(WIRE, &figure),
            Some((FactKind::Number, "4".into(), "6".into()))
        );
        // The surname alone differs; the name is the fact.
        let name = WIRE.replace("Anna Berg", "Anna Holm");
        assert_eq!(restated(WIRE, &name).map(|r| r.0), Some(FactKind::Name));
        let denial = WIRE.replace("would not reopen", "would reopen");
        assert_eq!(
            restated(WIRE, &denial).map(|r| r.0),
            Some(FactKind::Negation)
        );
        let day = WIRE.replace("on Tuesday", "on Thursday");
        assert_eq!(restated(WIRE, &day).map(|r| r.0), Some(FactKind::Date));
    }

    #[test]
    fn a_restated_figure_is_found_beside_an_added_paragraph_and_in_rewrapped_lines() {
        let added = WIRE.replace(
            "4 million euros, officials said.",
            "6 million euros, officials said.\n\nThe regional government will pay half of the \
             cost, a spokesman for the transport office confirmed in a statement on its site.",
        );
        assert_eq!(
            restated(WIRE, &added),
            Some((FactKind::Number, "4".into(), "6".into()))
        );
        let rewrapped = WIRE
            .replace("the new bridge will", "the new\nbridge will")
            .replace("4 million", "6 million");
        assert_eq!(
            restated(WIRE, &rewrapped).map(|r| r.0),
            Some(FactKind::Number)
        );
    }

    #[test]
    fn a_figure_restated_in_a_sentence_the_copy_split_in_two_is_found() {
        let split = WIRE.replace(
            "Work on the new bridge will cost 4 million euros, officials said.",
            "Work on the new bridge will cost money. It will be 6 million euros, officials said.",
        );
        assert_eq!(restated(WIRE, &split).map(|r| r.0), Some(FactKind::Number));
        // Split without a change, it restates nothing.
        let split_only = WIRE.replace(
            "Work on the new bridge will cost 4 million euros, officials said.",
            "Work on the new bridge will cost money. It will be 4 million euros, officials said.",
        );
        assert_eq!(restated(WIRE, &split_only), None);
    }

    #[test]
    fn only_lines_that_share_words_with_a_changed_line_may_restate() {
        let figure = WIRE.replace("4 million", "6 million");
        assert!(may_restate(WIRE, &figure));
        let rewrapped = WIRE.replace("the new bridge will", "the new\nbridge will");
        assert!(may_restate(WIRE, &rewrapped));
        let cut_and_boilerplate = format!(
            "Advertisement\n\n{}\n\nShare this story",
            WIRE.replace("Residents have protested the plan for months.", "")
        );
        assert!(!may_restate(WIRE, &cut_and_boilerplate));
        assert_eq!(restated(WIRE, &cut_and_boilerplate), None);
        assert!(!may_restate(WIRE, WIRE));
    }

    #[test]
    fn a_cut_line_that_joins_two_sentences_restates_nothing() {
        // Web text breaks sentences at links. A copy that drops the line holding the rest of
        // one sentence runs its start into the next sentence: small hunks of a word diff ("said
        // in" against "It was nothing but"), in a sentence that is no copy of the other.
        let original = "The union fought the cuts for a year.\n\
            Everett Kelley, the national president of the American Federation of Government \
            Employees, a union that has pushed back on the plan for months,\n\
            said in a Monday statement that the new rules were yet another example of chaos.\n\
            \"It was nothing but a cynical attempt,\" Kelley continued.\n\
            The agency did not reply.";
        let copy = original.replace(
            "said in a Monday statement that the new rules were yet another example of chaos.\n",
            "",
        );
        assert_ne!(copy, original);
        assert_eq!(restated(original, &copy), None);
    }

    #[test]
    fn cuts_boilerplate_and_respellings_restate_nothing() {
        let cut = WIRE.replace(
            "Mayor Anna Berg said the city would not reopen it before spring.\n\n",
            "",
        );
        assert_eq!(restated(WIRE, &cut), None);
        let boilerplate = format!("Advertisement\n\n{WIRE}\n\nShare this story on 3 sites");
        assert_eq!(restated(WIRE, &boilerplate), None);
        let respelled = WIRE.replace("Anna Berg", "Ana Berg");
        assert_eq!(restated(WIRE, &respelled), None);
        // A sentence reworded around its figure states the same fact.
        let rewritten = WIRE.replace(
            "Work on the new bridge will cost 4 million euros, officials said.",
            "Officials put the price of building a new bridge across the estuary at some 4 \
             million euros, to be paid over the decade.",
        );
        assert_eq!(restated(WIRE, &rewritten), None);
    }
}
