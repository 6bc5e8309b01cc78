//! Neutralising stored text before it reaches the terminal.
//!
//! A name in the database could carry an escape sequence (set the window
//! title, clear the screen, fake a prompt) if it came in through an import or
//! a damaged record, whatever the validators say. Every widget that shows
//! stored text passes it through [`sanitize`], which replaces control
//! characters by visible caret notation (`ESC` becomes `^[`) and drops the
//! bidirectional overrides that could reorder what is drawn.

use std::borrow::Cow;

/// True for characters that must not be written to a terminal as they are.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Stored text made safe to draw on one line: C0 controls and DEL in caret
/// notation (`^[`, `^?`), tabs and newlines as spaces, C1 controls and
/// bidirectional controls as `�`. Borrowed when nothing needed changing.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{7f}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("Siti Aminah — Kab. Malang"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(sanitize("\x1b]0;pwned\x07Budi"), "^[]0;pwned^GBudi");
        assert_eq!(sanitize("\x1b[2JJoko"), "^[[2JJoko");
        assert_eq!(sanitize("a\u{9b}31mb"), "a\u{FFFD}31mb");
        assert_eq!(sanitize("x\u{202E}y\x7f"), "x\u{FFFD}y^?");
        assert_eq!(sanitize("line\nnext\ttab"), "line next tab");
        for s in ["\x1b]0;pwned\x07", "\x1b[2J", "\u{9b}2J", "\0"] {
            assert!(!sanitize(s).chars().any(|c| c.is_control()), "{s:?}");
        }
    }
}
