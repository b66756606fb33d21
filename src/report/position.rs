//! Line and column positions for people.
//!
//! The library hands out byte offsets, which programs want (`text[start..end]`) and people
//! cannot use: no editor jumps to byte 3197. Reports show `line:column` instead, computed on
//! the original text, so `vim +12 file` or an editor's go-to-line lands on the passage.

use std::fmt;

/// A position for people: 1-based line, and 1-based column counted in characters (not bytes,
/// so "é" is one column), as editors and `grep -n`/`rg --column` count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Maps byte offsets of one text to lines and columns. Built once per document (one pass to
/// find the line starts); each lookup is a binary search plus a count of the characters
/// between the line's start and the offset.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it stays on its line, so CRLF text
    /// counts lines as LF text does.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The position of the character at byte `offset`. An offset past the end is the end of
    /// the text; one inside a character counts as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The span `start..end` (end exclusive) as people read it: `12:5-14:20`, from its first
    /// character to its last, both included. An empty span reads as its start alone.
    pub fn span(&self, start: usize, end: usize) -> String {
        let first = self.position(start);
        if end <= start {
            return first.to_string();
        }
        let end = floor_boundary(self.text, end.min(self.text.len()));
        let last_char = self.text[..end]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        let last = self.position(last_char.max(start));
        format!("{first}-{last}")
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        let text = "Title\nÉlan and\r\nmore é text\n";
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(0).to_string(), "1:1");
        assert_eq!(ix.position(4).to_string(), "1:5");
        // The newline belongs to the line it ends.
        assert_eq!(ix.position(5).to_string(), "1:6");
        assert_eq!(ix.position(6).to_string(), "2:1");
        // "É" is two bytes and one column.
        let and = text.find("and").unwrap();
        assert_eq!(ix.position(and).to_string(), "2:6");
        let more = text.find("more").unwrap();
        assert_eq!(ix.position(more).to_string(), "3:1");
        let t = text.find("text").unwrap();
        assert_eq!(ix.position(t).to_string(), "3:8");
        // Inside a character, and past the end.
        assert_eq!(ix.position(7).to_string(), "2:1");
        assert_eq!(ix.position(999).to_string(), "4:1");
    }

    #[test]
    fn a_span_runs_from_its_first_character_to_its_last() {
        let text = "ab\ncdé\nf";
        let ix = LineIndex::new(text);
        assert_eq!(ix.span(0, 2), "1:1-1:2");
        assert_eq!(ix.span(3, text.len() - 2), "2:1-2:3");
        assert_eq!(ix.span(1, text.len()), "1:2-3:1");
        assert_eq!(ix.span(4, 4), "2:2");
        assert_eq!(LineIndex::new("").span(0, 0), "1:1");
    }
}
