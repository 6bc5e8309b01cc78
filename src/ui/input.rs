//! The one line editor: an editable line (or lines) of text with a cursor,
//! used by every text field of a form, the query boxes, the palette's input
//! and the one-line questions, with the same keys everywhere.
//!
//! The cursor counts characters, not bytes, so that editing never splits a
//! UTF-8 sequence; word moves treat anything alphanumeric as a word.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::keymap::Key;

/// Text being edited and where the cursor is (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    /// The text.
    pub value: String,
    /// Cursor position in characters, 0..=len.
    pub cursor: usize,
}

impl TextInput {
    /// A text with the cursor at its end.
    pub fn new(value: impl Into<String>) -> TextInput {
        let value = value.into();
        let cursor = value.chars().count();
        TextInput { value, cursor }
    }

    fn len(&self) -> usize {
        self.value.chars().count()
    }

    fn byte(&self, at: usize) -> usize {
        self.value.char_indices().nth(at).map_or(self.value.len(), |(b, _)| b)
    }

    fn chars(&self) -> Vec<char> {
        self.value.chars().collect()
    }

    /// Inserts text at the cursor.
    pub fn insert(&mut self, s: &str) {
        let at = self.byte(self.cursor);
        self.value.insert_str(at, s);
        self.cursor += s.chars().count();
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        let (a, b) = (self.byte(self.cursor - 1), self.byte(self.cursor));
        self.value.replace_range(a..b, "");
        self.cursor -= 1;
        true
    }

    /// Deletes the character under the cursor.
    pub fn delete(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let (a, b) = (self.byte(self.cursor), self.byte(self.cursor + 1));
        self.value.replace_range(a..b, "");
        true
    }

    /// Moves one character left.
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves one character right.
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    /// Start of the current line.
    fn line_start(&self) -> usize {
        let c = self.chars();
        (0..self.cursor).rev().find(|&i| c[i] == '\n').map_or(0, |i| i + 1)
    }

    /// End of the current line.
    fn line_end(&self) -> usize {
        let c = self.chars();
        (self.cursor..c.len()).find(|&i| c[i] == '\n').unwrap_or(c.len())
    }

    /// To the start of the line.
    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }

    /// To the end of the line.
    pub fn end(&mut self) {
        self.cursor = self.line_end();
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    pub fn kill_to_start(&mut self) -> bool {
        self.cut_back_to(self.line_start())
    }

    /// Deletes from `start` to the cursor, which moves there; false when
    /// there is nothing between them.
    fn cut_back_to(&mut self, start: usize) -> bool {
        if start == self.cursor {
            return false;
        }
        let (a, b) = (self.byte(start), self.byte(self.cursor));
        self.value.replace_range(a..b, "");
        self.cursor = start;
        true
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    pub fn kill_to_end(&mut self) -> bool {
        let end = self.line_end();
        if end == self.cursor {
            return false;
        }
        let (a, b) = (self.byte(self.cursor), self.byte(end));
        self.value.replace_range(a..b, "");
        true
    }

    /// The start of the word before the cursor.
    fn word_back(&self) -> usize {
        let c = self.chars();
        let mut i = self.cursor;
        while i > 0 && !c[i - 1].is_alphanumeric() {
            i -= 1;
        }
        while i > 0 && c[i - 1].is_alphanumeric() {
            i -= 1;
        }
        i
    }

    /// One word left (Alt-B, Alt-Left).
    pub fn word_left(&mut self) {
        self.cursor = self.word_back();
    }

    /// One word right (Alt-F, Alt-Right).
    pub fn word_right(&mut self) {
        let c = self.chars();
        let mut i = self.cursor;
        while i < c.len() && !c[i].is_alphanumeric() {
            i += 1;
        }
        while i < c.len() && c[i].is_alphanumeric() {
            i += 1;
        }
        self.cursor = i;
    }

    /// Deletes the word before the cursor (Ctrl-W, Alt-Backspace).
    pub fn delete_word(&mut self) -> bool {
        self.cut_back_to(self.word_back())
    }

    /// Applies an editing key, the same in every text box: characters,
    /// Backspace, Delete, Left/Right (with Alt: a word), Home/End and
    /// readline's Ctrl-A/E/B/F/H/D/W/U/K, Alt-B/F. `Some(changed)` when it is
    /// an editing key, `None` when it is not (Up, Down, Enter…).
    pub fn key(&mut self, key: Key) -> Option<bool> {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let alt = key.mods.contains(KeyModifiers::ALT);
        Some(match (key.code, ctrl, alt) {
            (KeyCode::Char(c), false, false) if !c.is_control() => {
                let mut buf = [0u8; 4];
                self.insert(c.encode_utf8(&mut buf));
                true
            }
            (KeyCode::Left, _, false) | (KeyCode::Char('b'), true, false) => {
                self.left();
                false
            }
            (KeyCode::Right, _, false) | (KeyCode::Char('f'), true, false) => {
                self.right();
                false
            }
            (KeyCode::Left, _, true) | (KeyCode::Char('b'), false, true) => {
                self.word_left();
                false
            }
            (KeyCode::Right, _, true) | (KeyCode::Char('f'), false, true) => {
                self.word_right();
                false
            }
            (KeyCode::Home, ..) | (KeyCode::Char('a'), true, false) => {
                self.home();
                false
            }
            (KeyCode::End, ..) | (KeyCode::Char('e'), true, false) => {
                self.end();
                false
            }
            (KeyCode::Backspace, _, true) | (KeyCode::Char('w'), true, false) => self.delete_word(),
            (KeyCode::Backspace, ..) | (KeyCode::Char('h'), true, false) => self.backspace(),
            (KeyCode::Delete, ..) | (KeyCode::Char('d'), true, false) => self.delete(),
            (KeyCode::Char('u'), true, false) => self.kill_to_start(),
            (KeyCode::Char('k'), true, false) => self.kill_to_end(),
            _ => return None,
        })
    }

    /// The text before the cursor (where a drawn cursor goes).
    pub fn before_cursor(&self) -> &str {
        &self.value[..self.byte(self.cursor)]
    }

    /// The text from the cursor on.
    pub fn after_cursor(&self) -> &str {
        &self.value[self.byte(self.cursor)..]
    }

    /// Line and column (characters) of the cursor.
    pub fn line_col(&self) -> (usize, usize) {
        let c = self.chars();
        let before = &c[..self.cursor.min(c.len())];
        let line = before.iter().filter(|&&ch| ch == '\n').count();
        let col = self.cursor - self.line_start();
        (line, col)
    }

    /// Moves to the line above or below, keeping the column where it can;
    /// false at the first or last line.
    pub fn vertical(&mut self, down: bool) -> bool {
        let (line, col) = self.line_col();
        let lines: Vec<usize> = self.value.split('\n').map(|l| l.chars().count()).collect();
        let target = if down { line + 1 } else { line.wrapping_sub(1) };
        let Some(&len) = lines.get(target) else { return false };
        let start: usize = lines[..target].iter().map(|l| l + 1).sum();
        self.cursor = start + col.min(len);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_keeps_utf8_whole() {
        let mut t = TextInput::new("Ma'ruf Amin");
        t.home();
        t.word_right();
        assert_eq!(t.cursor, 2);
        t.end();
        t.word_left();
        assert_eq!(t.cursor, 7);
        t.kill_to_end();
        assert_eq!(t.value, "Ma'ruf ");
        t.insert("Çağrı");
        t.left();
        assert!(t.backspace());
        assert_eq!(t.value, "Ma'ruf Çağı");
        t.kill_to_start();
        assert_eq!((t.value.as_str(), t.cursor), ("ı", 0));
        assert!(t.delete());
        assert!(!t.delete() && !t.backspace());
    }

    #[test]
    fn words_and_lines() {
        let mut t = TextInput::new("kunjungan rumah, 2 jam");
        assert!(t.delete_word());
        assert_eq!(t.value, "kunjungan rumah, 2 ");
        let mut m = TextInput::new("baris satu\ndua");
        assert_eq!(m.line_col(), (1, 3));
        assert!(m.vertical(false));
        assert_eq!(m.line_col(), (0, 3));
        m.end();
        assert!(m.vertical(true));
        assert_eq!(m.line_col(), (1, 3), "column clamps to the shorter line");
        assert!(!m.vertical(true));
        m.home();
        m.kill_to_end();
        assert_eq!(m.value, "baris satu\n");
    }
}
