//! wiredrift finds the versions of one news story in a pile of documents and tells which versions
//! drifted: reworded, garbled, or machine-translated into something the reporter never wrote.
//!
//! Data flows one way, one module per stage:
//!
//! | stage | module | what it hands on |
//! |---|---|---|
//! | load | [`load`] | [`load::Document`]s and an [`load::InputIssue`] for every input not used |
//! | normalize | [`normalize`] | [`normalize::Normalized`] text with a map back to original bytes |
//! | segment | [`segment`] | paragraphs, sentences and words with original [`segment::Span`]s |
//! | compare | [`compare`] | a [`compare::Comparison`]: stories, aligned passages, verdicts |
//! | report | [`report`], [`diff`] | text, Markdown, HTML and JSON reports; word diffs of passages |
//! | cluster | [`shingle`], [`sketch`], [`index`] | shingle sets, MinHash signatures, and [`index::Clustering`]: which documents are versions of each other |
//!
//! Every span that leaves the library is a byte range into the original text, so reports quote
//! what the outlet printed, not the normalized form.

pub mod align;
pub mod compare;
pub mod diff;
pub mod evaluate;
pub mod fluency;
pub mod index;
pub mod judge;
pub mod load;
pub mod meaning;
pub mod normalize;
pub mod report;
pub mod segment;
pub mod shingle;
pub mod sketch;
