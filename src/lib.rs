//! wiredrift finds the versions of one news story in a pile of documents and tells which versions
//! drifted: reworded, garbled, or machine-translated into something the reporter never wrote.
//!
//! Data flows one way, one module per stage:
//!
//! | stage | module | what it hands on |
//! |---|---|---|
//! | load | [`load`], [`page`] | [`load::Document`]s (a web page becomes its article) and an [`load::InputIssue`] for every input not used |
//! | normalize | [`normalize`] | [`normalize::Normalized`] text with a map back to original bytes |
//! | segment | [`segment`] | paragraphs, sentences and words with original [`segment::Span`]s |
//! | compare | [`compare`] | a [`compare::Comparison`]: stories, aligned passages, verdicts |
//! | report | [`report`], [`diff`] | text, Markdown, HTML and JSON reports; word diffs of passages |
//! | cluster | [`shingle`], [`sketch`], [`index`] | shingle sets, MinHash signatures, and [`index::Clustering`]: which documents are versions of each other |
//! | candidates | [`candidates`] | per-document [`candidates::Fingerprint`]s and [`candidates::CandidatePair`]s: which documents could be versions of one story, however reworded |
//! | beyond one machine | [`corpus`], [`sketchfile`] | documents from JSONL and Parquet rows; signatures as Parquet for a Spark join |
//!
//! Every span that leaves the library is a byte range into the original text, so reports quote
//! what the outlet printed, not the normalized form.

pub mod align;
pub mod candidates;
pub mod compare;
pub mod corpus;
pub mod diff;
pub mod edition;
pub mod evaluate;
pub mod fluency;
pub mod index;
pub mod judge;
pub mod load;
pub mod meaning;
pub mod normalize;
pub mod page;
pub mod report;
pub mod segment;
pub mod shingle;
pub mod sketch;
#[cfg(feature = "parquet")]
pub mod sketchfile;
pub mod story;
pub mod verdict;
pub mod witness;
