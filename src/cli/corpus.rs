//! The flags that say how inputs are read, shared by `sketch`, `cluster` and `compare`.

use clap::{Args, ValueEnum};
use wiredrift::corpus::{CorpusOptions, InputFormat};

#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// How inputs are read: `auto` by extension (.jsonl and .ndjson are JSONL, .parquet is
    /// Parquet, anything else one document per file); `jsonl` also reads stdin as JSONL.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto, value_name = "FORMAT")]
    pub input_format: FormatArg,
    /// The JSONL field or Parquet column holding each document's id (shown as its path).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// The JSONL field or Parquet column holding each document's text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Text,
    Jsonl,
    Parquet,
}

impl CorpusArgs {
    pub fn options(&self) -> CorpusOptions {
        CorpusOptions {
            format: match self.input_format {
                FormatArg::Auto => InputFormat::Auto,
                FormatArg::Text => InputFormat::Text,
                FormatArg::Jsonl => InputFormat::Jsonl,
                FormatArg::Parquet => InputFormat::Parquet,
            },
            id_field: self.id_field.clone(),
            text_field: self.text_field.clone(),
        }
    }
}

impl CorpusArgs {
    /// The texts of listed `sources`, to be read when needed. A pile of plain files is kept
    /// as listed; the rows of corpus files are found by one pass over them, which names each
    /// bad row once (reported here and added to `issues`) and keeps where each good row is (a
    /// JSONL line's offset, a Parquet row's row group), not its text.
    pub fn pile_texts(
        &self,
        sources: Vec<wiredrift::load::Source>,
        options: wiredrift::load::LoadOptions,
        global: &super::Global,
        issues: &mut Vec<wiredrift::load::InputIssue>,
    ) -> Box<dyn wiredrift::compare::Texts> {
        let corpus = self.options();
        if sources
            .iter()
            .all(|s| corpus.format_of(s) == wiredrift::corpus::FileFormat::Text)
        {
            return Box::new(wiredrift::compare::SourceTexts::new(sources, options));
        }
        let (texts, found) = wiredrift::corpus::CorpusTexts::index(sources, &options, &corpus);
        for issue in &found {
            global.report_issue(issue);
        }
        issues.extend(found);
        Box::new(texts)
    }
}
