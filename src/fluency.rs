//! English fluency (interim). The statistical model arrives from the fluency branch; until then a
//! conservative stand-in scores every sentence as fluent, so only consensus signals decide.

use std::ops::Range;

pub struct FluencyModel;

#[derive(Debug, Clone, Default)]
pub struct SentenceFluency {
    /// Higher is more fluent.
    pub score: f64,
    pub tokens: usize,
    /// Least likely stretches within the sentence, worst first.
    pub worst: Vec<(Range<usize>, f64)>,
}

impl FluencyModel {
    pub fn english() -> &'static FluencyModel {
        static MODEL: FluencyModel = FluencyModel;
        &MODEL
    }

    pub fn score_sentence(&self, sentence: &str) -> SentenceFluency {
        SentenceFluency {
            score: 0.0,
            tokens: sentence.split_whitespace().count(),
            worst: Vec::new(),
        }
    }
}
