//! Styled, wrapped lines for the terminal: words with styles, wrapped to a width measured in
//! display columns, with ANSI escapes only when color is on.

use crate::diff::{self, Tag, View, WordDiff};
use anstyle::Style;
use unicode_width::UnicodeWidthStr;

/// One word (no whitespace inside) with its style.
#[derive(Debug, Clone)]
struct Atom {
    text: String,
    style: Style,
    /// Whitespace stood before it; without, it is glued to the previous atom and never wrapped
    /// away from it.
    space_before: bool,
}

/// A paragraph of styled words, to be wrapped.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    atoms: Vec<Atom>,
    pending_space: bool,
}

impl Line {
    pub(crate) fn new() -> Line {
        Line::default()
    }

    /// Appends text in `style` as new words, separated from what came before.
    pub(crate) fn push(&mut self, text: &str, style: Style) -> &mut Line {
        self.pending_space = true;
        self.append(text, style)
    }

    /// Appends text in `style` glued to what came before, unless it starts with whitespace or
    /// [`Line::space`] was called; whitespace inside it separates words.
    pub(crate) fn append(&mut self, text: &str, style: Style) -> &mut Line {
        if text.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        for (i, word) in text.split_whitespace().enumerate() {
            let space_before = (i > 0 || self.pending_space) && !self.atoms.is_empty();
            self.atoms.push(Atom {
                text: word.to_string(),
                style,
                space_before,
            });
            self.pending_space = false;
        }
        if text.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
        self
    }

    /// Appends unstyled text.
    pub(crate) fn plain(&mut self, text: &str) -> &mut Line {
        self.push(text, Style::new())
    }

    /// Separates the next word from the last one.
    pub(crate) fn space(&mut self) -> &mut Line {
        self.pending_space = true;
        self
    }

    /// Wraps to `width` columns. The first line starts with `first`, the others with `rest`
    /// (both unstyled, and counted in the width). Words longer than a line are cut.
    pub(crate) fn wrap(&self, width: usize, first: &str, rest: &str, color: bool) -> Vec<String> {
        // Words glued together (no space between) wrap as one group.
        let mut groups: Vec<Vec<&Atom>> = Vec::new();
        for atom in &self.atoms {
            match groups.last_mut() {
                Some(g) if !atom.space_before => g.push(atom),
                _ => groups.push(vec![atom]),
            }
        }
        let mut lines: Vec<Vec<(String, Style, bool)>> = vec![Vec::new()];
        let mut used = 0usize;
        let avail = |n: usize| {
            let prefix = if n == 0 { first } else { rest };
            width.saturating_sub(prefix.width()).max(8)
        };
        for group in groups {
            let group_width: usize = group.iter().map(|a| a.text.width()).sum();
            let room = avail(lines.len() - 1);
            let sep = usize::from(used > 0);
            if used > 0 && used + sep + group_width > room {
                lines.push(Vec::new());
                used = 0;
            }
            for (k, atom) in group.iter().enumerate() {
                let mut space = k == 0 && used > 0;
                let mut text = atom.text.as_str();
                loop {
                    let room = avail(lines.len() - 1);
                    let need = text.width() + usize::from(space);
                    if used + need <= room {
                        if let Some(l) = lines.last_mut() {
                            l.push((text.to_string(), atom.style, space));
                        }
                        used += need;
                        break;
                    }
                    // Cut the word at the room left (a whole line if it starts one).
                    let left = room.saturating_sub(used + usize::from(space));
                    if used > 0 && (text.width() <= room || left == 0) {
                        lines.push(Vec::new());
                        used = 0;
                        space = false;
                        continue;
                    }
                    let (head, tail) = split_at_width(text, left, used == 0);
                    if head.is_empty() {
                        // Not even one character fits after what the line holds.
                        lines.push(Vec::new());
                        used = 0;
                        space = false;
                        continue;
                    }
                    if let Some(l) = lines.last_mut() {
                        l.push((head.to_string(), atom.style, space));
                    }
                    lines.push(Vec::new());
                    used = 0;
                    space = false;
                    text = tail;
                    if text.is_empty() {
                        break;
                    }
                }
            }
        }
        lines
            .into_iter()
            .enumerate()
            .map(|(n, atoms)| {
                let mut out = String::from(if n == 0 { first } else { rest });
                // One escape sequence per run of equally styled words; spaces inside a styled
                // phrase carry its style, so a struck-through phrase reads as one.
                let plain = Style::new();
                let mut open = plain;
                for (text, style, space) in atoms {
                    let style = if color { style } else { plain };
                    if style != open {
                        if open != plain {
                            out.push_str(&open.render_reset().to_string());
                        }
                        if space {
                            out.push(' ');
                        }
                        if style != plain {
                            out.push_str(&style.render().to_string());
                        }
                        open = style;
                    } else if space {
                        out.push(' ');
                    }
                    out.push_str(&text);
                }
                if open != plain {
                    out.push_str(&open.render_reset().to_string());
                }
                out.trim_end().to_string()
            })
            .collect()
    }
}

/// Splits `s` after at most `cols` display columns; at least one character when `force`.
fn split_at_width(s: &str, cols: usize, force: bool) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > cols && (i > 0 || !force) {
            return s.split_at(i);
        }
        used += w;
    }
    (s, "")
}

/// Display width of text that may hold ANSI escapes.
pub(crate) fn visible_width(s: &str) -> usize {
    anstream::adapter::strip_str(s).to_string().width()
}

/// Pads a possibly styled string with spaces to `cols` display columns.
pub(crate) fn pad(s: &str, cols: usize) -> String {
    let w = visible_width(s);
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

/// A word diff as a line: marks when `color` is off, colors when on.
pub(crate) fn diff_line(diff: &WordDiff, view: View, color: bool) -> Line {
    let mut line = Line::new();
    let runs = diff.view(view);
    for (i, run) in runs.iter().enumerate() {
        let text = diff::collapse(run.text);
        if run.tag == Tag::Equal {
            line.append(&text, Style::new());
        } else if color {
            line.append(&text, diff::ansi_style(run.tag));
        } else {
            let (open, close) = diff::plain_marks(run.tag);
            line.append(&format!("{open}{text}{close}"), Style::new());
        }
        let next = runs.get(i + 1);
        let replaced = run.tag == Tag::Delete && next.is_some_and(|n| n.tag == Tag::Insert);
        if run.space_after && !replaced {
            line.space();
        }
    }
    line
}

/// The style of unique text on one side, and of plain emphasis.
pub(crate) fn side_style(tag: Tag) -> Style {
    match tag {
        Tag::Delete => Style::new().fg_color(Some(anstyle::AnsiColor::Red.into())),
        Tag::Insert => Style::new().fg_color(Some(anstyle::AnsiColor::Green.into())),
        Tag::Equal => Style::new(),
    }
}

pub(crate) fn bold() -> Style {
    Style::new().bold()
}

pub(crate) fn dim() -> Style {
    Style::new().dimmed()
}

/// Wraps an already styled one-line string to the width by cutting, for headers that must not
/// overflow; prefer [`Line::wrap`] for prose.
pub(crate) fn styled(text: &str, style: Style, color: bool) -> String {
    if color && style != Style::new() {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_width() {
        let mut l = Line::new();
        l.plain("one two three four five six seven eight nine ten eleven twelve");
        let lines = l.wrap(20, "  ", "  ", false);
        assert!(lines.iter().all(|x| x.width() <= 20), "{lines:?}");
        assert_eq!(lines.join(" ").split_whitespace().count(), 12);
    }

    #[test]
    fn cuts_long_words_and_keeps_glued_words_together() {
        let mut l = Line::new();
        l.plain(&"x".repeat(50));
        let lines = l.wrap(20, "", "", false);
        assert!(lines.iter().all(|x| x.width() <= 20), "{lines:?}");
        let mut l = Line::new();
        l.plain("aaaa bbbb [-cc-]").append("{+dd+}", Style::new());
        let lines = l.wrap(14, "", "", false);
        assert_eq!(lines, vec!["aaaa bbbb", "[-cc-]{+dd+}"]);
    }

    #[test]
    fn never_overflows_whatever_the_words() {
        let words = [
            "a",
            "bb",
            "ccccccccccccccccccccccccc",
            "日本語のテキスト",
            "[-x-]",
            "{+yy+}",
        ];
        for width in 8..40 {
            let mut l = Line::new();
            for (i, w) in words.iter().cycle().take(40).enumerate() {
                if i % 3 == 0 {
                    l.append(w, Style::new());
                } else {
                    l.push(w, side_style(Tag::Insert));
                }
            }
            for line in l.wrap(width, "", "", true) {
                assert!(visible_width(&line) <= width, "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn colors_only_when_asked() {
        let mut l = Line::new();
        l.push("red words", side_style(Tag::Delete));
        assert!(!l.wrap(40, "", "", false)[0].contains('\x1b'));
        let colored = &l.wrap(40, "", "", true)[0];
        assert!(colored.contains('\x1b'));
        assert_eq!(visible_width(colored), "red words".len());
    }
}
