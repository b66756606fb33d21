//! Page debris: the lines a web page or a scraper leaves around an article.
//!
//! Photo credits and captions, image counters ("Image 2 of 4"), timestamps ("Updated: 8:45 AM,
//! July 16, 2018"), share and subscribe lines, "Advertisement", "Read more", copyright notices
//! and a headline repeated further down are no part of the story. Aligned against each other
//! they read as reworded passages ("Image 2 of 4" against "Image 2 of 2", "Updated" against a
//! timestamp), and the fluency model scores them as broken English, so a human version picked
//! up a garbling signal from its page furniture. Marked as [`ParagraphKind::Boilerplate`], they
//! are never paired and never scored for fluency.
//!
//! Every rule reads the *shape* of a line: how short it is, whether it is made only of dates,
//! times, numbers and a few label words, whether every word belongs to the vocabulary of calls
//! to action, whether it repeats an earlier line. None looks at what a particular story says,
//! and a line that carries more than a few words of its own is never debris.

use super::ParagraphKind;
use unicode_segmentation::UnicodeSegmentation;

/// Debris lines are short: a line with more words is text, whatever it contains.
const MAX_DEBRIS_WORDS: usize = 12;

/// A copyright notice may run to a few sentences ("All rights reserved. This material may
/// not be published…").
const MAX_NOTICE_WORDS: usize = 60;

/// A repeated line is debris only when it is short enough to be a headline or a link.
const MAX_REPEATED_WORDS: usize = 20;

/// Marks the debris among a document's paragraphs. A short heading-shaped line that repeats an
/// earlier one (a headline shown again, a "related" link listed twice) is debris the second
/// time.
/// `paragraphs` are the paragraphs' text as printed.
pub(super) fn mark(paragraphs: &[&str], kinds: &mut [ParagraphKind]) {
    let mut seen: ahash::AHashSet<String> = ahash::AHashSet::new();
    for (&line, kind) in paragraphs.iter().zip(kinds.iter_mut()) {
        let words: Vec<&str> = line.unicode_words().collect();
        if is_debris(line, &words) {
            *kind = ParagraphKind::Boilerplate;
            continue;
        }
        // Only a line standing alone (a headline, a link, a credit): a sentence said twice is
        // still text, and a translation may repeat one of its source's.
        if *kind == ParagraphKind::Heading && words.len() <= MAX_REPEATED_WORDS {
            let key = words.join(" ").to_lowercase();
            if !seen.insert(key) {
                *kind = ParagraphKind::Boilerplate;
            }
        }
    }
}

/// True when one line (a paragraph), cut into `words`, is page debris by its shape alone.
pub(super) fn is_debris(line: &str, words: &[&str]) -> bool {
    if words.is_empty() {
        return false;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if words.len() <= MAX_NOTICE_WORDS && is_notice(line, &lower) {
        return true;
    }
    if is_caption(line, words.len()) || is_code(line) {
        return true;
    }
    words.len() <= MAX_DEBRIS_WORDS
        && (is_counter(line, &lower)
            || is_timestamp(line, words, &lower)
            || is_call_to_action(&lower)
            || is_credit(line, words)
            || is_menu(line, words))
}

/// Script text a scraper let through: `window._taboola = window._taboola || [];`. Prose
/// seldom holds braces, semicolons and equals signs together.
fn is_code(line: &str) -> bool {
    let marks = line
        .chars()
        .filter(|c| matches!(c, '{' | '}' | '(' | ')' | ';' | '=' | '[' | ']'))
        .count();
    let statement = line.contains(';') || line.contains('{');
    let assignment = line.contains('=') || line.contains("=>");
    statement && assignment && marks >= 4 && marks * 20 >= line.chars().count()
}

/// Separator glyphs of menus, breadcrumbs and outlet lines.
const SEPARATORS: &[char] = &['•', '|', '›', '»', '·', '►', '▶', '◆', '■', '▪', '>'];

/// A menu, a breadcrumb or an outlet line: "Home › World › Europe", "CBS 2 Los Angeles•".
/// Names and separators, no prose.
fn is_menu(line: &str, words: &[&str]) -> bool {
    const MAX_MENU_WORDS: usize = 8;
    words.len() <= MAX_MENU_WORDS
        && line.contains(SEPARATORS)
        && words.iter().all(|w| {
            starts_upper(w)
                || w.chars().any(|c| c.is_ascii_digit())
                || crate::align::is_function_word(&w.to_lowercase())
        })
}

/// "© 2018 Outlet", "Copyright 2018 by …", "… All rights reserved."
fn is_notice(line: &str, lower: &[String]) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('©')
        || trimmed.starts_with("(c) ")
        || lower.first().is_some_and(|w| w == "copyright")
        || lower
            .windows(3)
            .any(|w| w[0] == "all" && w[1] == "rights" && w[2] == "reserved")
}

/// "Image 2 of 4", "Photo 3/12", "1 / 4", "Image 1of/4": a counter with at most two words
/// beside it.
fn is_counter(line: &str, lower: &[String]) -> bool {
    let others = lower
        .iter()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()) && w.as_str() != "of")
        .count();
    others <= 2 && has_counter(line)
}

/// A number, then "of", "/" or "of/" (spaces ignored), then a number that is not followed by
/// another slash (7/16/2018 is a date).
fn has_counter(line: &str) -> bool {
    let compact: Vec<u8> = line
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_lowercase())
        .collect();
    (1..compact.len()).any(|i| {
        if !compact[i - 1].is_ascii_digit() {
            return false;
        }
        let rest = &compact[i..];
        let after = ["of/", "of", "/"]
            .iter()
            .find(|sep| rest.starts_with(sep.as_bytes()))
            .map(|sep| &rest[sep.len()..]);
        after.is_some_and(|after| {
            let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0 && after.get(digits) != Some(&b'/')
        })
    })
}

/// A line made of a date or a clock time and little else: "Updated: 8:45 AM, July 16, 2018",
/// "Posted 2 hours ago", "By Jane Doe | July 16, 2018", "HELSINKI, July 16 (Reuters)".
fn is_timestamp(line: &str, words: &[&str], lower: &[String]) -> bool {
    let has_time = has_clock_time(line)
        || lower
            .windows(2)
            .any(|w| is_number(&w[0]) && is_meridiem_or_zone(&w[1]))
        || lower
            .windows(2)
            .any(|w| is_number(&w[0]) && RELATIVE.contains(&w[1].as_str()));
    let has_date = lower
        .windows(2)
        .any(|w| (is_month(&w[0]) && is_number(&w[1])) || (is_number(&w[0]) && is_month(&w[1])))
        || has_numeric_date(line);
    if !has_time && !has_date {
        return false;
    }
    let rest: Vec<usize> = (0..words.len())
        .filter(|&i| !is_date_word(&lower[i]) && !TIMESTAMP_LABELS.contains(&lower[i].as_str()))
        .collect();
    // A byline with its date: "By" and the writer's name.
    if lower.first().is_some_and(|w| w == "by") {
        return rest.len() <= 6;
    }
    // What is left may be a place or an agency ("HELSINKI", "Reuters"), never prose.
    rest.len() <= 2 && rest.iter().all(|&i| starts_upper(words[i]))
}

/// Every word is a call to action, its object, a social network, a number or a function word,
/// and at least one is a call to action: "Share this story", "Advertisement", "Read more",
/// "Sign up for our newsletter", "Follow us on Twitter", "Related content".
fn is_call_to_action(lower: &[String]) -> bool {
    const MAX_CTA_WORDS: usize = 8;
    lower.len() <= MAX_CTA_WORDS
        && lower.iter().any(|w| CALLS_TO_ACTION.contains(&w.as_str()))
        && lower.iter().all(|w| {
            let w = w.as_str();
            CALLS_TO_ACTION.contains(&w)
                || CTA_OBJECTS.contains(&w)
                || SOCIAL.contains(&w)
                || is_number(w)
                || crate::align::is_function_word(w)
        })
}

/// A photo credit: "AP Photo/Pablo Martinez Monsivais", "Mark Wilson/Getty Images",
/// "Photo: Reuters". Names joined by a slash, or a credit label, and no lowercase prose.
fn is_credit(line: &str, words: &[&str]) -> bool {
    const MAX_CREDIT_WORDS: usize = 8;
    if words.len() > MAX_CREDIT_WORDS {
        return false;
    }
    let trimmed = line.trim_start().to_lowercase();
    let labelled = [
        "photo:",
        "photos:",
        "image:",
        "picture:",
        "credit:",
        "photograph:",
    ]
    .iter()
    .any(|l| trimmed.starts_with(l));
    let names_only = words
        .iter()
        .all(|w| starts_upper(w) || crate::align::is_function_word(&w.to_lowercase()));
    let slashed = line
        .as_bytes()
        .windows(3)
        .any(|w| w[1] == b'/' && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic());
    labelled || (names_only && slashed)
}

/// A wire photo caption: one sentence that ends on its picture's date set off by a comma
/// ("…shake hands in Helsinki, Finland, Monday, July 16, 2018."), or on a credit in brackets
/// ("… (AP Photo/Evan Vucci)").
fn is_caption(line: &str, words: usize) -> bool {
    const MAX_CAPTION_WORDS: usize = 60;
    let line = line.trim_end();
    if words > MAX_CAPTION_WORDS || line.contains('\n') {
        return false;
    }
    if let Some(inner) = line
        .strip_suffix(')')
        .and_then(|l| l.rfind('(').map(|i| &l[i + 1..]))
    {
        let lower = inner.to_lowercase();
        let credit = (inner.contains('/') && inner.split_whitespace().count() <= 6)
            || lower.starts_with("photo")
            || lower.starts_with("file photo");
        if credit {
            return true;
        }
    }
    ends_on_comma_date(line)
}

/// "…, July 16, 2018." or "…, Monday, July 16, 2018."
fn ends_on_comma_date(line: &str) -> bool {
    let Some(body) = line.strip_suffix('.') else {
        return false;
    };
    let tail: Vec<&str> = body.rsplitn(4, ' ').collect();
    // tail: [year, "16,", "July", "…, "] read from the end.
    if tail.len() < 4 {
        return false;
    }
    let (year, day, month, before) = (tail[0], tail[1], tail[2], tail[3]);
    let is_year = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let is_day = day
        .strip_suffix(',')
        .is_some_and(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    is_year && is_day && is_month(&month.to_lowercase()) && before.ends_with(',')
}

fn has_clock_time(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(4).enumerate().any(|(i, w)| {
        w[0].is_ascii_digit()
            && w[1] == b':'
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && !b.get(i + 4).is_some_and(|c| c.is_ascii_digit())
    })
}

/// 7/16/2018, 16.07.2018, 2018-07-16.
fn has_numeric_date(line: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || c == ',')
        .any(|token| {
            let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
                && parts.iter().any(|p| p.len() == 4)
        })
}

fn is_number(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
        && digits.as_bytes()[0].is_ascii_digit()
        // "16th" but not "4G"
        && (digits.len() == w.len() || ["st", "nd", "rd", "th", "am", "pm", "h"].contains(&&w[digits.len()..]))
}

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w.trim_end_matches('.'))
}

fn is_meridiem_or_zone(w: &str) -> bool {
    ZONES.contains(&w.trim_end_matches('.'))
}

/// Words a timestamp is made of: numbers, months, weekdays, a.m./p.m., time zones.
fn is_date_word(w: &str) -> bool {
    is_number(w) || is_month(w) || WEEKDAYS.contains(&w) || is_meridiem_or_zone(w)
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "today",
    "yesterday",
];

/// Meridiems and the time zones news sites print.
const ZONES: &[&str] = &[
    "am", "pm", "a.m", "p.m", "utc", "gmt", "bst", "cet", "cest", "eet", "et", "est", "edt", "ct",
    "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "ist", "jst", "aest", "msk",
];

/// "2 hours ago", "5 min read".
const RELATIVE: &[&str] = &[
    "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week",
    "weeks",
];

/// Label words a timestamp line carries besides its date.
const TIMESTAMP_LABELS: &[&str] = &[
    "updated",
    "update",
    "posted",
    "published",
    "publication",
    "modified",
    "last",
    "first",
    "created",
    "edited",
    "date",
    "time",
    "on",
    "at",
    "and",
    "ago",
    "read",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
    "hr",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "of",
    "the",
];

/// Words that ask the reader to do something, or label page furniture.
const CALLS_TO_ACTION: &[&str] = &[
    "advertisement",
    "advertisements",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "promoted",
    "share",
    "shares",
    "shared",
    "sharing",
    "subscribe",
    "subscribed",
    "subscription",
    "subscriptions",
    "subscriber",
    "subscribers",
    "follow",
    "newsletter",
    "newsletters",
    "sign",
    "signup",
    "login",
    "log",
    "register",
    "click",
    "tap",
    "read",
    "watch",
    "listen",
    "continue",
    "continued",
    "comment",
    "comments",
    "print",
    "email",
    "e-mail",
    "download",
    "related",
    "recommended",
    "trending",
    "popular",
    "previous",
    "next",
    "skip",
    "menu",
    "gallery",
    "slideshow",
    "cookie",
    "cookies",
    "accept",
    "bookmark",
    "save",
    "tweet",
    "like",
    "donate",
    "more",
    "close",
    "back",
    "expand",
    "collapse",
    "enlarge",
    "toggle",
];

/// What calls to action point at.
const CTA_OBJECTS: &[&str] = &[
    "story",
    "stories",
    "article",
    "articles",
    "content",
    "here",
    "now",
    "page",
    "link",
    "links",
    "app",
    "today",
    "free",
    "full",
    "post",
    "posts",
    "updates",
    "update",
    "news",
    "alerts",
    "reading",
    "see",
    "view",
    "topics",
    "coverage",
    "latest",
    "top",
    "more",
    "less",
    "us",
    "our",
    "this",
    "up",
    "in",
    "out",
    "later",
    "video",
    "videos",
    "photos",
    "images",
    "headlines",
    "newsroom",
    "feed",
    "notifications",
    "daily",
    "weekly",
    "inbox",
    "account",
];

const SOCIAL: &[&str] = &[
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "instagram",
    "telegram",
    "reddit",
    "pinterest",
    "youtube",
    "tiktok",
    "messenger",
    "flipboard",
    "threads",
    "bluesky",
    "rss",
];
